//! Danmark spiser sammen: the meal finder and map, hosting, sign-up and the guest list, the
//! relay (madstafet), calendar feeds and imports, and the host's starter kit.

pub(crate) mod api;
pub(crate) mod calendar;
pub mod import;
pub(crate) mod map;
pub(crate) mod map_api;
pub(crate) mod map_assets;
pub(crate) mod pages;
pub(crate) mod rules;
pub(crate) mod starter_kit;

use crate::http::state::AppState;
use axum::Router;

/// Every page route of the concept.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(pages::router())
        .merge(calendar::router())
        .merge(import::page::router())
        .merge(starter_kit::router())
        .merge(map_assets::router())
}
