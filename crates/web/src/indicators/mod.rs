//! Shared measurement: indicators, their values and the turn-the-curve views.

pub(crate) mod api;
mod rules;
pub(crate) mod statbank;
