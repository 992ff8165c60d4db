//! The host's starter kit: the host guide, and a page a host or guest can share about a meal
//! without revealing the other guests.

use crate::error::WebError;
use crate::page::Page;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use rygrad_store::entity::meal;
use rygrad_store::meals::MealStatus;

pub fn router() -> Router<AppState> {
    Router::new().route("/vaertsguide", get(host_guide)).route("/maaltider/{id}/del", get(share))
}

/// The guide's sections as (heading, paragraphs), in the page's language.
pub fn guide_sections(page: &Page) -> Vec<(String, Vec<String>)> {
    (1..=4)
        .map(|i| {
            let body = page.t(format!("guide-{i}-body"));
            (page.t(format!("guide-{i}-title")), body.split("\n\n").map(str::to_owned).collect())
        })
        .collect()
}

#[derive(Template)]
#[template(path = "meals/host_guide.html")]
struct GuidePage {
    page: Page,
    sections: Vec<(String, Vec<String>)>,
}

async fn host_guide(page: Page) -> Result<Response, WebError> {
    let sections = guide_sections(&page);
    render(GuidePage { page, sections })
}

#[derive(serde::Deserialize, Default)]
struct ShareQuery {
    #[serde(default)]
    som: String,
}

#[derive(Template)]
#[template(path = "meals/share.html")]
struct SharePage {
    page: Page,
    meal: meal::Model,
    as_host: bool,
    heading: String,
    text: String,
    url: String,
    image: String,
}

/// "I hosted / I took part in this meal": the meal's title, time and place only.
async fn share(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(q): Query<ShareQuery>,
) -> Result<Response, WebError> {
    let meal =
        state.store.meal(id).await?.filter(|m| m.status == MealStatus::Published.code()).ok_or(WebError::NotFound)?;
    let as_host = q.som == "vaert";
    let heading = page.t(if as_host { "share-title-host" } else { "share-title-guest" });
    let text = page.tr.t2(
        "share-text",
        "title",
        &meal.title,
        "when",
        page.tr.date(&rygrad_domain::format::local_date(meal.starts_at)),
    );
    let base = state.config.base_url.trim_end_matches('/');
    let url = format!("{base}/maaltider/{id}/del?som={}", if as_host { "vaert" } else { "gaest" });
    let image = format!("{base}/static/danmark.svg");
    render(SharePage { page, meal, as_host, heading, text, url, image })
}
