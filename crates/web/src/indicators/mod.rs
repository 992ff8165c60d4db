//! Shared measurement: indicators, their values and the turn-the-curve views.

pub(crate) mod api;
#[allow(dead_code)] // until the pages that draw the charts land (issue 11)
mod chart;
mod rules;
pub(crate) mod statbank;

use crate::http::state::AppState;

pub(crate) fn router() -> axum::Router<AppState> {
    axum::Router::new().merge(statbank::page::router())
}
