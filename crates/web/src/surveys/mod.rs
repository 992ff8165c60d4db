//! Surveys: questionnaires, their waves and groups, anonymous answers and suppressed results.
//! The JSON API (`api.rs`), the answering pages (`pages.rs`), the alliance's list and results
//! pages (`results.rs`, its charts drawn in `chart.rs`), backbone staff's pages building and
//! running a survey with its posters (`admin.rs`), what the API and pages share (`rules.rs`),
//! and the exports for researchers in `export.rs`.

mod admin;
pub(crate) mod api;
mod chart;
mod export;
mod pages;
mod results;
pub(crate) mod rules;

use crate::http::state::AppState;
use axum::Router;

/// Every page route of the concept.
pub fn router() -> Router<AppState> {
    Router::new().merge(pages::router()).merge(results::router()).merge(admin::router())
}
