//! Calendars: a meal's own `.ics` (attached to sign-up mail), and iCalendar feeds of all meals,
//! per municipality, per theme and per campaign that calendar apps can subscribe to.

use crate::http::error::WebError;
use crate::http::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{Duration, Utc};
use rygrad_calendar::{CalendarEvent, write_calendar};
use rygrad_store::meals::{Meal, MealSearch};
use rygrad_store::outbox::Attachment;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/maaltider/{id}/kalender.ics", get(one_meal))
        .route("/kalender.ics", get(all_meals))
        .route("/kalender/kommune/{code}", get(by_municipality))
        .route("/kalender/tema/{theme}", get(by_theme))
        .route("/kalender/kampagne/{id}", get(by_campaign))
}

/// Each theme's name in feed URLs (`/kalender/tema/naboer.ics`), in Danish like the site's other
/// URLs; the theme codes, which the first feeds used, redirect here.
const THEME_SLUGS: [(&str, &str); 8] = [
    ("young_people", "unge"),
    ("elderly", "aeldre"),
    ("unemployed", "ledige"),
    ("refugees", "flygtninge"),
    ("families", "familier"),
    ("across_generations", "paa-tvaers-af-generationer"),
    ("students", "studerende"),
    ("neighbours", "naboer"),
];

/// The feed of a theme, or of a municipality, or of all meals: the one a list of meals filtered
/// that way offers to subscribe to.
pub fn feed_path(theme: Option<&str>, municipality_code: Option<&str>) -> String {
    let slug = theme.and_then(|code| THEME_SLUGS.iter().find(|(c, _)| *c == code)).map(|(_, slug)| *slug);
    match (slug, municipality_code) {
        (Some(slug), _) => format!("/kalender/tema/{slug}.ics"),
        (None, Some(code)) => format!("/kalender/kommune/{code}.ics"),
        (None, None) => "/kalender.ics".into(),
    }
}

/// Feeds hold at most this many meals, from a month back.
const FEED_LIMIT: u64 = 2000;

fn event(state: &AppState, m: &Meal) -> CalendarEvent {
    let url = format!("{}/maaltider/{}", state.config.base_url.trim_end_matches('/'), m.id);
    let municipality = rygrad_domain::geo::geodata().municipality(&m.municipality_code).map(|x| x.name.clone());
    let location = [Some(m.address.clone()).filter(|a| !a.is_empty()), municipality]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    CalendarEvent {
        uid: format!(
            "meal-{}@{}",
            m.id,
            state.config.base_url.trim_start_matches("https://").trim_start_matches("http://")
        ),
        title: m.title.clone(),
        description: format!("{}\n\n{url}", m.description).trim().to_owned(),
        location,
        url: Some(url),
        starts_at: m.starts_at,
        ends_at: m.ends_at,
    }
}

/// A meal's calendar entry as a mail attachment.
pub fn meal_ics(state: &AppState, m: &Meal) -> Attachment {
    Attachment {
        name: "maaltid.ics".into(),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
        content: write_calendar(&m.title, &[event(state, m)]),
    }
}

fn ics_response(body: String, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn one_meal(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, WebError> {
    let m = state.store.published_meal(id).await?.ok_or(WebError::NotFound)?;
    Ok(ics_response(write_calendar(&m.title, &[event(&state, &m)]), &format!("maaltid-{id}.ics")))
}

async fn feed(state: &AppState, name: &str, mut search: MealSearch, filename: &str) -> Result<Response, WebError> {
    search.from = Some(Utc::now() - Duration::days(30));
    let (found, _) = state.store.first_meals(&search, FEED_LIMIT).await?;
    let meals = state.store.meals_by_ids(&found.iter().map(|m| m.id).collect::<Vec<_>>()).await?;
    let events: Vec<CalendarEvent> = meals.iter().map(|m| event(state, m)).collect();
    Ok(ics_response(write_calendar(name, &events), filename))
}

async fn all_meals(State(state): State<AppState>) -> Result<Response, WebError> {
    feed(&state, "Danmark spiser sammen", MealSearch::default(), "maaltider.ics").await
}

/// `/kalender/kommune/0101.ics`: the extension is part of the path segment.
fn strip_ics(segment: &str) -> &str {
    segment.strip_suffix(".ics").unwrap_or(segment)
}

async fn by_municipality(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, WebError> {
    let code = strip_ics(&code);
    let municipality = rygrad_domain::geo::geodata().municipality(code).ok_or(WebError::NotFound)?;
    let search = MealSearch { municipality_code: Some(municipality.code.clone()), ..Default::default() };
    feed(&state, &format!("Danmark spiser sammen – {}", municipality.name), search, "kommune.ics").await
}

async fn by_theme(State(state): State<AppState>, Path(segment): Path<String>) -> Result<Response, WebError> {
    let name = strip_ics(&segment);
    let Some(&(code, slug)) = THEME_SLUGS.iter().find(|(code, slug)| *slug == name || *code == name) else {
        return Err(WebError::NotFound);
    };
    if name != slug {
        let extension = if segment.ends_with(".ics") { ".ics" } else { "" };
        return Ok(Redirect::permanent(&format!("/kalender/tema/{slug}{extension}")).into_response());
    }
    let search = MealSearch { theme: Some(code.to_owned()), ..Default::default() };
    feed(&state, "Danmark spiser sammen", search, "tema.ics").await
}

async fn by_campaign(
    State(state): State<AppState>,
    page: crate::http::page::Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id: i64 = strip_ics(&id).parse().map_err(|_| WebError::NotFound)?;
    let campaign = state.store.campaign(id).await?.ok_or(WebError::NotFound)?;
    let initiative = state.store.initiative(campaign.initiative_id).await?.ok_or(WebError::NotFound)?;
    if !page.can(&rygrad_domain::policy::Action::ViewInitiative(crate::initiatives::rules::scope(&initiative))) {
        return Err(WebError::NotFound);
    }
    let search = MealSearch { campaign_id: Some(campaign.id), ..Default::default() };
    feed(&state, &campaign.name, search, "kampagne.ics").await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_has_a_danish_feed_url() {
        let codes: Vec<&str> = THEME_SLUGS.iter().map(|(code, _)| *code).collect();
        assert_eq!(codes, rygrad_domain::meal::THEMES);
        assert_eq!(feed_path(Some("neighbours"), Some("0101")), "/kalender/tema/naboer.ics");
        assert_eq!(feed_path(None, Some("0101")), "/kalender/kommune/0101.ics");
        assert_eq!(feed_path(None, None), "/kalender.ics");
    }
}
