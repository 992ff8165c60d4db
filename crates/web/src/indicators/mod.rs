//! Shared measurement: indicators, their values and the turn-the-curve views.

pub(crate) mod api;
#[allow(dead_code)] // until the pages that draw the charts land (issue 11)
mod chart;
pub(crate) mod import;
mod pages;
mod rules;
pub(crate) mod statbank;

use crate::http::state::AppState;
use axum::Router;

/// Every page route of the concept.
pub fn router() -> Router<AppState> {
    Router::new().merge(pages::router()).merge(import::router()).merge(statbank::page::router())
}
