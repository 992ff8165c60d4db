//! The web layer: axum routes, HTML pages, the JSON API, sessions, mail and background jobs.
//! One module per concept; each exposes `router()`, merged in [`app`].

mod accounts;
mod activities;
pub mod api;
mod campaigns;
mod geography;
mod goals;
pub mod http;
mod indicators;
mod initiatives;
mod knowledge_base;
pub mod meals;
mod meetings;
mod organisations;
mod pages;
mod surveys;

pub use http::config::WebConfig;
pub use http::error::WebError;
pub use http::state::AppState;
pub use indicators::survey_feed::write_feed as write_survey_feed;

use axum::Router;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Form and API bodies are small (the extractors' limit); uploads get their own limit below
/// this hard cap, the biggest of them (an indicator's import file).
const BODY_LIMIT: usize = 1024 * 1024;
const HARD_BODY_LIMIT: usize = indicators::import::UPLOAD_LIMIT;

/// The whole application with its middleware. The JSON API authenticates by token alone, so it
/// skips the session, the CSRF cookie and check, and the page cache: the layers that cost most per
/// request.
pub fn app(state: AppState) -> Router {
    let pages = Router::new()
        .merge(pages::router())
        .merge(accounts::router())
        .merge(initiatives::router())
        .merge(organisations::router())
        .merge(meals::router())
        .merge(campaigns::router())
        .merge(goals::router())
        .merge(indicators::router())
        .merge(activities::router())
        .merge(knowledge_base::router())
        .merge(meetings::router())
        .merge(surveys::router())
        .fallback(pages::not_found)
        .layer(tower_http::csrf::CsrfLayer::new());
    let pages = guarded(pages)
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::page_cache::public_pages))
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::form::csrf_cookie))
        .layer(http::auth::session_layer(&state));
    let api = guarded(api::router())
        .layer(axum::middleware::from_fn_with_state(state.clone(), http::page_cache::forget_on_write));
    pages
        .merge(api)
        .layer(axum::middleware::from_fn_with_state(
            http::security::content_security_policy(state.config.tile_url.as_deref()),
            http::security::headers,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(http::security::request_span))
        .with_state(state)
}

/// The layers pages and the API share. Inner layers first: their refusals (413, 408, panics)
/// still get an error page or a JSON error.
fn guarded(router: Router<AppState>) -> Router<AppState> {
    router
        .layer(CatchPanicLayer::custom(http::error::panic_response))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(HARD_BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(axum::middleware::from_fn(http::error::render_error_pages))
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    let workers = http::jobs::spawn_workers(state.clone());
    let app = app(state);
    let result = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await;
    workers.abort();
    result
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
