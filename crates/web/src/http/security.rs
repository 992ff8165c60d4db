//! Security headers on every response, and request spans for the structured log without
//! personal data (no query strings, no addresses).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The policy; images come from the site itself, plus the map tile server when one is configured.
pub fn content_security_policy(tile_url: Option<&str>) -> HeaderValue {
    let tiles = tile_url.and_then(tile_source).map(|s| format!(" {s}")).unwrap_or_default();
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; \
connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// The CSP source of a tile URL template: its scheme and host, with Leaflet's `{s}` subdomain
/// placeholder as a wildcard. None for anything that is not a plain http(s) host.
fn tile_source(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?']).next()?.replace("{s}.", "*.");
    let plain = host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:*".contains(c));
    (matches!(scheme, "https" | "http") && plain && !host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Marks a response that other sites may show in a frame (a public indicator's embed page):
/// its policy allows any frame ancestor and it goes without `X-Frame-Options`.
#[derive(Debug, Clone, Copy)]
pub struct Frameable;

pub async fn headers(State(csp): State<HeaderValue>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let frameable = response.extensions().get::<Frameable>().is_some();
    let h = response.headers_mut();
    if frameable {
        let open = csp.to_str().unwrap_or_default().replace("frame-ancestors 'none'", "frame-ancestors *");
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&open).unwrap_or(csp));
    } else {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
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
    const SECRET_PREFIXES: [&str; 6] =
        ["/konto/bekraeft/", "/konto/nulstil/", "/konto/ny-email/", "/log-ind/link/", "/invitation/", "/afmeld/"];
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

    #[test]
    fn only_the_configured_tile_host_may_serve_images() {
        let csp = |url| super::content_security_policy(url).to_str().unwrap().to_owned();
        assert!(csp(None).contains("img-src 'self' data:;"));
        assert!(
            csp(Some("https://{s}.tile.example.org/{z}/{x}/{y}.png"))
                .contains("img-src 'self' data: https://*.tile.example.org;")
        );
        assert!(
            csp(Some("https://tiles.example.dk:8443/{z}/{x}/{y}.png?key=1"))
                .contains("data: https://tiles.example.dk:8443;")
        );
        // a template that would smuggle another directive in adds nothing
        assert!(csp(Some("https://evil.example; script-src *")).contains("img-src 'self' data:;"));
        assert!(csp(Some("javascript:alert(1)")).contains("img-src 'self' data:;"));
    }
}
