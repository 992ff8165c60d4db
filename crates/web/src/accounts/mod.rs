//! Accounts: sign-up, confirmation, log-in, reset, tokens, deletion, and "my page".

pub(crate) mod my_page;
pub(crate) mod pages;

use crate::http::state::AppState;
use axum::Router;

/// Every page route of the concept.
pub fn router() -> Router<AppState> {
    Router::new().merge(pages::router()).merge(my_page::router())
}
