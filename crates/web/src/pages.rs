//! Site-wide pages: the front page, about the data, the outbox, language choice, health checks,
//! static assets and the 404 page.

use crate::http::error::WebError;
use crate::http::form::CsrfForm;
use crate::http::page::render;
use crate::http::page::{Page, lang_cookie};
use crate::http::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rygrad_domain::format::Lang;
use rygrad_domain::policy::{Action, InitiativeScope};
use rygrad_store::initiatives::InitiativeRecord;
use rygrad_store::outbox::OutboxMail;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer", get(home))
        .route("/om-data", get(about_data))
        .route("/udbakke", get(outbox))
        .route("/udbakke/fejlet", get(failed_mail))
        .route("/sprog", post(set_language))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/om-data/postnumre.csv", get(postal_codes_csv))
        .route("/static/style.css", get(stylesheet))
        .route("/static/danmark.svg", get(denmark_map))
        .route("/static/app.js", get(script))
        .route("/favicon.svg", get(favicon_svg))
        .route("/favicon.ico", get(favicon_ico))
        .route("/static/network.js", get(network_script))
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    page: Page,
    initiatives: Vec<InitiativeRecord>,
    can_create: bool,
}

async fn home(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    let initiatives = state
        .store
        .initiatives()
        .await?
        .into_iter()
        .filter(|i| page.can(&Action::ViewInitiative(InitiativeScope { id: i.id, is_public: i.is_public })))
        .collect();
    let can_create = page.can(&Action::CreateInitiative);
    render(Home { page, initiatives, can_create })
}

#[derive(Template)]
#[template(path = "about_data.html")]
struct AboutData {
    page: Page,
    municipalities: String,
    postal_codes: String,
    towns: String,
}

async fn about_data(page: Page) -> Result<Response, WebError> {
    let g = rygrad_domain::geo::geodata();
    let count = |n: usize| page.tr.int(n as i64);
    render(AboutData {
        municipalities: count(g.municipalities().len()),
        postal_codes: count(g.postal_codes().len()),
        towns: count(g.towns().len()),
        page,
    })
}

#[derive(Template)]
#[template(path = "outbox.html")]
struct Outbox {
    page: Page,
    mails: Vec<OutboxMail>,
}

/// Mail that was not sent because no SMTP server is configured (development and demos).
async fn outbox(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if !state.config.outbox_page_enabled() {
        return Err(WebError::NotFound);
    }
    // Mail holds reset and invitation links: outside demos only administrators see it.
    if !state.config.demo {
        page.require(&Action::AdministerPlatform)?;
    }
    let mails = state.store.recent_mail(50).await?;
    render(Outbox { page, mails })
}

#[derive(Template)]
#[template(path = "outbox_failed.html")]
struct FailedMail {
    page: Page,
    mails: Vec<OutboxMail>,
}

/// Mail that could not be delivered after every attempt, for administrators to follow up; the
/// text is not shown, as it holds people's links.
async fn failed_mail(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    page.require(&Action::AdministerPlatform)?;
    let mails = state.store.failed_mail(200).await?;
    render(FailedMail { page, mails })
}

#[derive(serde::Deserialize)]
struct LanguageChoice {
    lang: String,
    #[serde(default)]
    return_to: String,
}

async fn set_language(
    State(state): State<AppState>,
    page: Page,
    CsrfForm(choice): CsrfForm<LanguageChoice>,
) -> Result<Response, WebError> {
    let lang = Lang::parse(&choice.lang).ok_or(WebError::BadRequest)?;
    if let Some(user) = &page.user {
        state.store.set_locale(user.id, lang.code()).await?;
    }
    let mut response = Redirect::to(safe_return_path(&choice.return_to)).into_response();
    response.headers_mut().append(header::SET_COOKIE, lang_cookie(&state.config, lang.code()));
    Ok(response)
}

/// A local path to go back to; anything else (another site, `//evil`) goes home.
pub fn safe_return_path(path: &str) -> &str {
    let ok =
        path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') && !path.chars().any(char::is_control);
    if ok { path } else { "/" }
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => "ready".into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../assets/style.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../assets/app.js"),
    )
        .into_response()
}

/// The site's icon: SVG for browsers that take it, ICO for the `/favicon.ico` they ask for unasked.
async fn favicon_svg() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=604800")],
        include_str!("../assets/favicon.svg"),
    )
        .into_response()
}

async fn favicon_ico() -> Response {
    (
        [(header::CONTENT_TYPE, "image/x-icon"), (header::CACHE_CONTROL, "public, max-age=604800")],
        include_bytes!("../assets/favicon.ico").as_slice(),
    )
        .into_response()
}

/// Enhances the network page's graph (see the script's header); the page works without it.
async fn network_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../assets/network.js"),
    )
        .into_response()
}

async fn denmark_map() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")],
        crate::meals::map::denmark_svg(),
    )
        .into_response()
}

/// The postal-code table is ODbL: it is offered as the plain CSV it ships as.
async fn postal_codes_csv() -> Response {
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], include_str!("../../../data/dk/postnumre.csv"))
        .into_response()
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}

#[cfg(test)]
mod tests {
    #[test]
    fn return_paths_stay_on_the_site() {
        assert_eq!(super::safe_return_path("/organisationer"), "/organisationer");
        assert_eq!(super::safe_return_path("//evil.example"), "/");
        assert_eq!(super::safe_return_path("https://evil.example"), "/");
        assert_eq!(super::safe_return_path("/\\evil"), "/");
    }
}
