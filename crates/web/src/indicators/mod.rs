//! Shared measurement: indicators, their values and the turn-the-curve views.

pub(crate) mod api;
mod chart;
pub(crate) mod dashboard;
pub(crate) mod import;
mod pages;
mod results;
mod rules;
pub(crate) mod statbank;
pub(crate) mod survey_feed;
pub(crate) mod survey_feed_api;
mod survey_feed_pages;

use crate::http::state::AppState;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

/// Every page route of the concept.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/static/indicators.css", get(stylesheet))
        .merge(pages::router())
        .merge(import::router())
        .merge(results::router())
        .merge(dashboard::router())
        .merge(statbank::page::router())
        .merge(survey_feed_pages::router())
}

/// The charts' sizing (the CSP forbids inline styles).
async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../assets/indicators.css"),
    )
}
