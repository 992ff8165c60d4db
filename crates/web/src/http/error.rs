//! The web layer's error, and the middleware that turns every error response — ours, axum's
//! extractor rejections, panics — into a page in the site's layout (or JSON under `/api`),
//! without internals.

use crate::http::i18n::Tr;
use crate::http::page::lang_of_request;
use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use rygrad_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in required")]
    Unauthenticated,
    #[error("bad request")]
    BadRequest,
    /// Form text that is not valid UTF-8.
    #[error("invalid text")]
    InvalidText,
    #[error("form expired")]
    Csrf,
    #[error("too many requests")]
    TooManyRequests,
    #[error("request too large")]
    TooLarge,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => WebError::NotFound,
            other => WebError::Internal(other.into()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(e.into())
    }
}

/// Marks a response whose body the error middleware renders.
#[derive(Clone, Copy, Debug)]
pub struct ErrorKind(pub &'static str);

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::BadRequest | WebError::InvalidText => StatusCode::BAD_REQUEST,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            WebError::NotFound => "not-found",
            WebError::Forbidden => "forbidden",
            WebError::Unauthenticated => "unauthenticated",
            WebError::BadRequest => "bad-request",
            WebError::InvalidText => "invalid-text",
            WebError::Csrf => "csrf",
            WebError::TooManyRequests => "too-many-requests",
            WebError::TooLarge => "too-large",
            WebError::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Internal(cause) = &self {
            tracing::error!(error = %cause, "request failed");
        }
        let mut response = self.status().into_response();
        response.extensions_mut().insert(ErrorKind(self.code()));
        response
    }
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    WebError::Internal(anyhow::anyhow!("panic")).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: crate::http::page::Page,
    code: &'static str,
    status: u16,
}

fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        StatusCode::TOO_MANY_REQUESTS => "too-many-requests",
        StatusCode::PAYLOAD_TOO_LARGE => "too-large",
        StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
        // The request timeout: the request was understood, it took too long.
        StatusCode::REQUEST_TIMEOUT => "timeout",
        s if s.is_server_error() => "internal",
        _ => "bad-request",
    }
}

/// Renders error responses. Bodies that handlers wrote themselves (a form with its messages,
/// API validation errors) pass through; bare statuses and extractor rejections get a page.
pub async fn render_error_pages(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let lang = lang_of_request(request.headers());
    let redirect_to_login = !is_api && request.method() == axum::http::Method::GET;
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let marked = response.extensions().get::<ErrorKind>().copied();
    let is_html_body = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if marked.is_none() && is_html_body {
        return response;
    }
    // Malformed requests (unparseable forms, bad path parameters) are 400, whatever axum says.
    let status = if status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        StatusCode::BAD_REQUEST
    } else {
        status
    };
    let code = marked.map_or_else(|| code_for_status(status), |k| k.0);
    if code == "unauthenticated" && redirect_to_login {
        let target = format!("/log-ind?naeste={}", urlencoding::encode(&path));
        return axum::response::Redirect::to(&target).into_response();
    }
    let tr = Tr::new(lang);
    if is_api {
        let body = serde_json::json!({"error": code, "message": tr.t(&format!("error-{code}"))});
        return (status, Json(body)).into_response();
    }
    let page = ErrorPage { page: crate::http::page::Page::bare(lang, &path), code, status: status.as_u16() };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => status.into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_timed_out_request_is_said_to_have_taken_too_long_not_to_be_misunderstood() {
        let code = super::code_for_status(axum::http::StatusCode::REQUEST_TIMEOUT);
        let tr = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::Da);
        assert_eq!(tr.t(&format!("error-title-{code}")), "Det tog for lang tid");
        assert!(tr.t(&format!("error-{code}")).contains("tog for lang tid"));
    }
}
