//! The common agenda's goal hierarchy and strategic tracks.

pub(crate) mod api;
pub(crate) mod pages;
mod rules;

use crate::http::state::AppState;
use axum::Router;

/// Every page route of the concept.
pub fn router() -> Router<AppState> {
    pages::router()
}
