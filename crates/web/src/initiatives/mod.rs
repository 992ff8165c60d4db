//! Initiatives (alliances): their profile, members and memberships, people's roles and
//! invitations, and the audit log.

pub(crate) mod api;
pub(crate) mod invitations;
pub(crate) mod memberships_api;
pub(crate) mod pages;
pub(crate) mod rules;

use crate::http::state::AppState;
use axum::Router;

/// Every page route of the concept.
pub fn router() -> Router<AppState> {
    Router::new().merge(pages::router()).merge(invitations::router())
}
