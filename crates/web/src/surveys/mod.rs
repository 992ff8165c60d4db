//! Surveys: questionnaires, their waves and groups, anonymous answers and suppressed results.
//! The JSON API for now (`api.rs`); the pages come later.

pub(crate) mod api;
mod rules;
