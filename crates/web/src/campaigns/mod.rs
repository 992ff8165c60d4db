//! Campaigns and their targets: the dashboard and its exports.

pub(crate) mod api;
pub(crate) mod pages;

use crate::http::state::AppState;
use axum::Router;

/// Every page route of the concept.
pub fn router() -> Router<AppState> {
    pages::router()
}
