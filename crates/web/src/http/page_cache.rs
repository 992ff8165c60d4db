//! A short-lived cache of public pages as anonymous visitors see them. The public initiative
//! page, the organisation list and the meal finder are read far more than they change, and
//! rendering them costs several database round trips.
//!
//! Only GET requests without a session, answered 200 with HTML, are kept, per language and URL.
//! Each visitor's CSRF token is swapped for a placeholder in the stored copy and back on the way
//! out. Any write handled by this process clears the cache at once; writes by other processes
//! (several servers on one database) show after at most [`TTL`].
//!
//! It also keeps encoded API answers made from the meal index alone (meals near a place), each
//! with the index version it was made from: such an answer is served again, byte for byte, only
//! while the index has not changed since, so it is never stale.

use crate::http::auth::SESSION_COOKIE;
use crate::http::form::CsrfToken;
use crate::http::page::lang_of_request;
use crate::http::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(2);
const MAX_ENTRIES: usize = 2_000;
const MAX_BODY: usize = 512 * 1024;
/// The most bytes of API answers kept; past it they are all dropped (as pages are past
/// [`MAX_ENTRIES`]).
const MAX_ANSWER_BYTES: usize = 16 << 20;
const PLACEHOLDER: &str = "\u{0}rygrad-csrf\u{0}";
/// Pages whose content changes without a write request in this process, or with the visitor's
/// own cookies (a survey's "you have answered" depends on the device's cookie, not a session).
const UNCACHED_PREFIXES: [&str; 4] = ["/udbakke", "/healthz", "/readyz", "/svar"];

#[derive(Default)]
pub struct PageCache {
    generation: AtomicU64,
    entries: RwLock<HashMap<String, Entry>>,
    answers: RwLock<Answers>,
}

#[derive(Default)]
struct Answers {
    /// By key: the version of what the answer was made from, and the answer.
    by_key: HashMap<String, (u64, Bytes)>,
    bytes: usize,
}

struct Entry {
    generation: u64,
    stored: Instant,
    body: String,
}

impl PageCache {
    fn get(&self, key: &str) -> Option<String> {
        let entries = self.entries.read().ok()?;
        let entry = entries.get(key)?;
        (entry.generation == self.generation.load(Ordering::Acquire) && entry.stored.elapsed() < TTL)
            .then(|| entry.body.clone())
    }

    fn put(&self, key: String, body: String, generation: u64) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, Entry { generation, stored: Instant::now(), body });
        }
    }

    /// The answer kept for `key` if it was made from this `version`.
    pub fn answer(&self, key: &str, version: u64) -> Option<Bytes> {
        let answers = self.answers.read().ok()?;
        answers.by_key.get(key).filter(|(made_from, _)| *made_from == version).map(|(_, body)| body.clone())
    }

    pub fn keep_answer(&self, key: String, version: u64, body: Bytes) {
        if let Ok(mut answers) = self.answers.write() {
            if answers.bytes + body.len() > MAX_ANSWER_BYTES {
                *answers = Answers::default();
            }
            answers.bytes += body.len();
            if let Some((_, old)) = answers.by_key.insert(key, (version, body)) {
                answers.bytes -= old.len();
            }
        }
    }

    /// Called after every write.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut entries) = self.entries.write() {
            entries.clear();
        }
    }
}

fn cacheable(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::GET
        && !path.starts_with("/api/")
        && !UNCACHED_PREFIXES.iter().any(|p| path.starts_with(p))
        && !request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .any(|v| v.to_str().is_ok_and(|s| s.contains(SESSION_COOKIE)))
}

fn html(body: String) -> Response {
    let mut response = Body::from(body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response
}

/// After any write, through a page or the API, no page kept from before it is served.
pub async fn forget_on_write(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if writes {
        state.page_cache.invalidate();
    }
    response
}

pub async fn public_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !cacheable(&request) {
        return forget_on_write(State(state), request, next).await;
    }
    let token = request.extensions().get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
    let key = format!("{}{}", lang_of_request(request.headers()).code(), request.uri());
    if let Some(body) = state.page_cache.get(&key) {
        return html(body.replace(PLACEHOLDER, &token));
    }
    let generation = state.page_cache.generation.load(Ordering::Acquire);
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK || !is_html || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    // A page too big to keep is served as it is, just not cached.
    if axum::body::HttpBody::size_hint(&body).upper().is_none_or(|n| n > MAX_BODY as u64) {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(text) = std::str::from_utf8(&bytes)
        && !token.is_empty()
    {
        state.page_cache.put(key, text.replace(&token, PLACEHOLDER), generation);
    }
    Response::from_parts(parts, Body::from(bytes))
}
