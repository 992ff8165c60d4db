//! The host's starter kit: print-ready files for each meal (invitation, posters, baton cards,
//! an e-postcard), the host guide as a page and a PDF, and a page a host or guest can share
//! about a meal without revealing the other guests.

use crate::http::error::WebError;
use crate::http::page::Page;
use crate::http::page::render;
use crate::http::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rygrad_domain::policy::Action;
use rygrad_domain::relay::BatonCode;
use rygrad_print::{MealPrint, Paper};
use rygrad_store::meals::Meal;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/vaertsguide", get(host_guide))
        .route("/vaertsguide.pdf", get(host_guide_pdf))
        .route("/maaltider/{id}/del", get(share))
        .route("/maaltider/{id}/startkit/{file}", get(kit_file))
}

/// A published meal, as the print files describe it.
async fn printable(state: &AppState, page: &Page, id: i64) -> Result<(Meal, MealPrint), WebError> {
    let m = state.store.published_meal(id).await?.ok_or(WebError::NotFound)?;
    let base = state.config.base_url.trim_end_matches('/');
    let host = match (m.organisation_id, m.host_user_id) {
        (Some(org), _) => state.store.organisation(org).await?.map(|o| o.name),
        (None, Some(user)) => state.store.user_by_id(user).await?.map(|u| u.name),
        _ => None,
    };
    let place = [Some(m.address.clone()).filter(|a| !a.is_empty()), Some(page.tr.municipality(&m.municipality_code))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let print = MealPrint {
        title: m.title.clone(),
        when: format!("{}–{}", page.tr.datetime(&m.starts_at), page.tr.time(&m.ends_at)),
        place,
        host: host.unwrap_or_default(),
        description: m.description.clone(),
        baton_code: BatonCode::parse(&m.baton_code).map(|c| c.display()).unwrap_or_default(),
        meal_url: format!("{base}/maaltider/{}", m.id),
        relay_url: format!("{base}/stafet/{}", m.baton_code),
    };
    Ok((m, print))
}

fn file(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

/// One file of a meal's starter kit. Baton cards carry the meal's code, so only its host (and
/// the backbone) gets them.
async fn kit_file(
    State(state): State<AppState>,
    page: Page,
    Path((id, name)): Path<(i64, String)>,
) -> Result<Response, WebError> {
    let (m, print) = printable(&state, &page, id).await?;
    if name == "stafetkort.pdf" {
        let initiative_id = match m.campaign_id {
            Some(c) => state.store.campaign(c).await?.map(|c| c.initiative_id),
            None => None,
        };
        page.require(&Action::ManageMeal(crate::meals::rules::scope(&m, initiative_id)))?;
    }
    let render = move || {
        match name.as_str() {
            "invitation.pdf" => Some((rygrad_print::invitation_pdf(&print), "application/pdf")),
            "plakat-a4.pdf" => Some((rygrad_print::poster_pdf(&print, Paper::A4), "application/pdf")),
            "plakat-a3.pdf" => Some((rygrad_print::poster_pdf(&print, Paper::A3), "application/pdf")),
            "stafetkort.pdf" => Some((rygrad_print::baton_cards_pdf(&print), "application/pdf")),
            "postkort.png" => Some((rygrad_print::postcard_png(&print), "image/png")),
            _ => None,
        }
        .map(|(bytes, kind)| (bytes, kind, name))
    };
    let (bytes, kind, name) = tokio::task::spawn_blocking(render)
        .await
        .map_err(|e| WebError::Internal(e.into()))?
        .ok_or(WebError::NotFound)?;
    Ok(file(bytes, kind, &name))
}

async fn host_guide_pdf(page: Page) -> Result<Response, WebError> {
    let sections: Vec<(String, String)> = std::iter::once((page.t("guide-title"), page.t("guide-lead")))
        .chain(guide_sections(&page).into_iter().map(|(h, paragraphs)| (h, paragraphs.join("\n\n"))))
        .collect();
    let bytes = tokio::task::spawn_blocking(move || rygrad_print::host_guide_pdf(&sections))
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    Ok(file(bytes, "application/pdf", "vaertsguide.pdf"))
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
    meal: Meal,
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
    let meal = state.store.published_meal(id).await?.ok_or(WebError::NotFound)?;
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
