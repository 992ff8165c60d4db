//! Meetings, the decision log and action items with their reminders.

pub(crate) mod api;
pub(crate) mod pages;
pub(crate) mod rules;

use crate::http::state::AppState;
use axum::Router;

/// Every page route of the concept.
pub fn router() -> Router<AppState> {
    pages::router()
}
