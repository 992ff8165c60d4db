//! What every page knows: language, the signed-in person and their grants, the CSRF token,
//! demo mode, a flash message.

use crate::http::error::WebError;
use crate::http::form::{CSRF_COOKIE, CsrfToken, cookie_value};
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Redirect, Response};
use rygrad_domain::format::Lang;
use rygrad_domain::policy::{Action, Actor, allows};
use tower_sessions::Session;

pub const LANG_COOKIE: &str = "rygrad_lang";
pub const SESSION_USER: &str = "user_id";
pub const SESSION_FLASH: &str = "flash";

/// Remembers a chosen language for a year.
pub fn lang_cookie(config: &crate::WebConfig, code: &str) -> axum::http::HeaderValue {
    config.cookie(LANG_COOKIE, code, Some(365), false)
}

/// The language: the user's choice (cookie), else the browser's preference, else Danish.
pub fn lang_of_request(headers: &HeaderMap) -> Lang {
    if let Some(lang) = cookie_value(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)) {
        return lang;
    }
    let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let first = accept.split(',').next().unwrap_or("").trim().to_lowercase();
    if first.starts_with("en") { Lang::En } else { Lang::Da }
}

#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub email_confirmed: bool,
}

#[derive(Clone)]
pub struct Page {
    pub tr: Tr,
    pub user: Option<CurrentUser>,
    pub actor: Actor,
    pub csrf: String,
    pub demo: bool,
    pub outbox: bool,
    pub path: String,
    pub flash: Option<String>,
}

impl Page {
    /// A page without a request context (error pages).
    pub fn bare(lang: Lang, path: &str) -> Self {
        Self {
            tr: Tr::new(lang),
            user: None,
            actor: Actor::anonymous(),
            csrf: String::new(),
            demo: false,
            outbox: false,
            path: path.to_owned(),
            flash: None,
        }
    }

    /// Accepts anything printable, so templates can build ids (`"log-action-" ~ action`).
    pub fn t(&self, id: impl std::fmt::Display) -> String {
        self.tr.t(&id.to_string())
    }

    pub fn lang(&self) -> &'static str {
        self.tr.lang.code()
    }

    pub fn can(&self, action: &Action<'_>) -> bool {
        allows(&self.actor, action)
    }

    pub fn require(&self, action: &Action<'_>) -> Result<(), WebError> {
        crate::http::auth::require(&self.actor, action)
    }

    pub fn signed_in(&self) -> Result<&CurrentUser, WebError> {
        self.user.as_ref().ok_or(WebError::Unauthenticated)
    }

    /// Whether a nav link points at the current section (for `aria-current`).
    pub fn is_current(&self, prefix: &str) -> bool {
        if prefix == "/" { self.path == "/" } else { self.path.starts_with(prefix) }
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let tr = Tr::new(lang_of_request(&parts.headers));
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .or_else(|| cookie_value(&parts.headers, CSRF_COOKIE))
            .unwrap_or_default();
        let mut page = Page {
            tr,
            user: None,
            actor: Actor::anonymous(),
            csrf,
            demo: state.config.demo,
            outbox: state.config.outbox_page_enabled(),
            path: parts.uri.path().to_owned(),
            flash: None,
        };
        // Only browsers that hold a session cookie cost a session lookup.
        if let Some(session) = parts.extensions.get::<Session>().cloned()
            && session.id().is_some()
        {
            let user_id: Option<i64> = session.get(SESSION_USER).await.map_err(anyhow::Error::from)?;
            page.flash = session.remove(SESSION_FLASH).await.map_err(anyhow::Error::from)?;
            if let Some(user_id) = user_id {
                if let Some(user) = state.store.user_by_id(user_id).await? {
                    page.actor = Actor {
                        user_id: Some(user.id),
                        is_admin: user.is_admin,
                        email_confirmed: user.email_confirmed_at.is_some(),
                        grants: state.store.grants_of(user.id).await?,
                    };
                    page.user = Some(CurrentUser {
                        id: user.id,
                        name: user.name,
                        email: user.email,
                        email_confirmed: user.email_confirmed_at.is_some(),
                    });
                } else {
                    // The account was deleted elsewhere.
                    session.flush().await.map_err(anyhow::Error::from)?;
                }
            }
        }
        Ok(page)
    }
}

/// Stores a message to show on the next page.
pub async fn flash(session: &Session, message: String) -> Result<(), WebError> {
    session.insert(SESSION_FLASH, message).await.map_err(|e| WebError::Internal(e.into()))
}

/// The end of a change made by a form: `message` for the next page, and a redirect (303) there.
pub async fn flash_redirect(session: &Session, message: String, to: &str) -> Result<Response, WebError> {
    flash(session, message).await?;
    Ok(Redirect::to(to).into_response())
}

/// A page as HTML.
pub fn render(template: impl Template) -> Result<Response, WebError> {
    Ok(Html(template.render()?).into_response())
}

/// A form shown again with its messages: 422 with the page, so nothing typed is lost.
pub fn form_error(template: impl Template) -> Result<Response, WebError> {
    let mut response = render(template)?;
    *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(response)
}
