//! Security headers on every response, and request spans for the structured log without
//! personal data (no query strings, no addresses).

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; \
connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    response
}

pub fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!("request", method = %request.method(), path = %redact_path(request.uri().path()))
}

/// Paths that carry a secret token show the token as `…` in logs.
fn redact_path(path: &str) -> std::borrow::Cow<'_, str> {
    const SECRET_PREFIXES: [&str; 5] =
        ["/konto/bekraeft/", "/konto/nulstil/", "/konto/ny-email/", "/invitation/", "/afmeld/"];
    match SECRET_PREFIXES.iter().find(|p| path.starts_with(*p)) {
        Some(prefix) => format!("{prefix}…").into(),
        None => path.into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_never_reach_the_log() {
        assert_eq!(super::redact_path("/invitation/abc123/opret"), "/invitation/…");
        assert_eq!(super::redact_path("/organisationer"), "/organisationer");
    }
}
