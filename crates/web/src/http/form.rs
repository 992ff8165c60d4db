//! HTML forms: CSRF protection (a double-submit token: an HttpOnly cookie that a hidden field
//! must match, on top of the Origin check of `CsrfLayer`), parsing that keeps what the user
//! typed, and the view that puts values and translated messages back beside the fields.

use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use axum::extract::{FromRequest, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::StoreError;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use tower_sessions::cookie::Cookie;

pub const CSRF_COOKIE: &str = "rygrad_csrf";

/// The CSRF token of this browser, available to handlers through request extensions.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_owned()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Gives every browser a CSRF token cookie on its first visit.
pub async fn csrf_cookie(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let existing = cookie_value(request.headers(), CSRF_COOKIE).filter(|t| t.len() == 43);
    let token = existing.clone().unwrap_or_else(crate::http::auth::tokens::new_token);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if existing.is_none() {
        response.headers_mut().append(header::SET_COOKIE, state.config.cookie(CSRF_COOKIE, &token, None, true));
    }
    response
}

/// A form that carries nothing but its CSRF token (log out, accept, delete buttons).
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// A urlencoded form whose `_csrf` field matched the browser's token. Repeated keys (multiple
/// selects) are supported; a body that does not parse, or holds text that is not UTF-8, is a 400.
pub struct CsrfForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = request.extensions().get::<CsrfToken>().map(|t| t.0.clone()).ok_or(WebError::Csrf)?;
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                WebError::TooLarge
            } else {
                WebError::BadRequest
            }
        })?;
        #[derive(serde::Deserialize)]
        struct Token {
            #[serde(rename = "_csrf", default)]
            csrf: String,
        }
        refuse_invalid_text(&bytes)?;
        let token: Token = serde_html_form::from_bytes(&bytes).map_err(|_| WebError::BadRequest)?;
        if !constant_time_eq(token.csrf.as_bytes(), expected.as_bytes()) {
            return Err(WebError::Csrf);
        }
        let value = serde_html_form::from_bytes(&bytes).map_err(|_| WebError::BadRequest)?;
        Ok(CsrfForm(value))
    }
}

/// Form parsing replaces bytes that are not UTF-8 with U+FFFD; refuse them instead, so that no
/// garbled text is ever stored.
fn refuse_invalid_text(body: &[u8]) -> Result<(), WebError> {
    let valid = body
        .split(|b| matches!(b, b'&' | b'='))
        .all(|part| std::str::from_utf8(&urlencoding::decode_binary(part)).is_ok());
    if valid { Ok(()) } else { Err(WebError::InvalidText) }
}

/// A multipart text field, refused like a urlencoded one when it is not UTF-8 (multer's `text()`
/// would replace the bytes).
pub async fn field_text(field: axum::extract::multipart::Field<'_>) -> Result<String, WebError> {
    let bytes = field.bytes().await.map_err(|_| WebError::BadRequest)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| WebError::InvalidText)
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Saves a form's `validated` input with `save`: what it saved, or the errors to show beside
/// the fields (the input's own, or a unique value such as a short address already taken).
pub async fn save_form<P, T>(
    validated: Result<P, FieldErrors>,
    save: impl AsyncFnOnce(P) -> Result<T, StoreError>,
) -> Result<Result<T, FieldErrors>, WebError> {
    let input = match validated {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    match save(input).await {
        Ok(saved) => Ok(Ok(saved)),
        Err(StoreError::Taken(field)) => {
            let mut errors = FieldErrors::default();
            errors.add(field, FieldError::new("taken"));
            Ok(Err(errors))
        }
        Err(other) => Err(other.into()),
    }
}

/// What a form shows: the values as typed and a translated message per bad field.
#[derive(Default)]
pub struct FormView {
    values: HashMap<String, serde_json::Value>,
    errors: HashMap<String, String>,
    /// Sets this form's field ids apart when a page holds two forms with the same field names.
    id_prefix: &'static str,
}

impl FormView {
    pub fn new(input: &impl serde::Serialize, errors: &FieldErrors, tr: &Tr) -> Self {
        let values = match serde_json::to_value(input) {
            Ok(serde_json::Value::Object(map)) => map.into_iter().collect(),
            _ => HashMap::new(),
        };
        let errors = errors.iter().map(|(field, code)| (field.to_owned(), tr.t(&format!("err-{code}")))).collect();
        Self { values, errors, id_prefix: "" }
    }

    pub fn with_id_prefix(self, id_prefix: &'static str) -> Self {
        Self { id_prefix, ..self }
    }

    /// The element id of `field`'s input (labels, hints and errors derive theirs from it).
    pub fn id(&self, field: &str) -> String {
        format!("f-{}{field}", self.id_prefix)
    }

    pub fn empty() -> Self {
        Self::default()
    }

    pub fn value(&self, field: &str) -> String {
        match self.values.get(field) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }

    pub fn checked(&self, field: &str) -> bool {
        matches!(self.values.get(field), Some(serde_json::Value::Bool(true)))
    }

    /// Whether a multi-valued field holds `option`.
    pub fn has(&self, field: &str, option: &str) -> bool {
        match self.values.get(field) {
            Some(serde_json::Value::Array(items)) => items.iter().any(|v| v.as_str() == Some(option)),
            Some(serde_json::Value::String(s)) => s == option,
            _ => false,
        }
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}
