//! What the zoomable maps load: Leaflet from npm (embedded by rust-embed; see build.rs and
//! CONTRIBUTING.md), our map script and styles, the tile settings and the municipality borders
//! as GeoJSON. Clustering happens on the server (`api/map.rs`), so no clustering plug-in is needed.
//! Every map page keeps its server-drawn SVG; the script replaces it when it runs.

use crate::http::state::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::{Router, routing::get};

/// Release builds carry the files; debug builds read vendor/node_modules at run time.
#[derive(rust_embed::Embed)]
#[folder = "vendor/node_modules/"]
#[include = "leaflet/dist/leaflet.js"]
#[include = "leaflet/dist/leaflet.css"]
#[include = "leaflet/dist/images/*.png"]
struct Vendor;

const CACHE_DAY: &str = "public, max-age=86400";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assets/vendor/{*path}", get(vendor))
        .route("/assets/map.js", get(script))
        .route("/assets/map.css", get(stylesheet))
        .route("/assets/map.json", get(settings))
        .route("/assets/kommuner.geojson", get(borders))
}

async fn vendor(Path(path): Path<String>) -> Response {
    match Vendor::get(&path) {
        Some(file) => (
            [
                (header::CONTENT_TYPE, file.metadata.mimetype().to_owned()),
                (header::CACHE_CONTROL, CACHE_DAY.to_owned()),
            ],
            file.data,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../assets/map.js"),
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../assets/map.css"),
    )
        .into_response()
}

/// The tile layer, when the site has one (`RYGRAD_TILE_URL`).
#[derive(serde::Serialize)]
struct Tiles<'a> {
    url: &'a str,
    attribution: &'a str,
}

async fn settings(State(state): State<AppState>) -> Response {
    let tiles = state.config.tile_url.as_deref().map(|url| Tiles { url, attribution: &state.config.tile_attribution });
    ([(header::CACHE_CONTROL, "public, max-age=300")], Json(serde_json::json!({ "tiles": tiles }))).into_response()
}

async fn borders() -> Response {
    (
        [(header::CONTENT_TYPE, "application/geo+json"), (header::CACHE_CONTROL, CACHE_DAY)],
        crate::meals::map::municipalities_geojson(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn leaflet_is_embedded() {
        let js = super::Vendor::get("leaflet/dist/leaflet.js").expect("leaflet.js");
        assert_eq!(js.metadata.mimetype(), "text/javascript");
        assert!(super::Vendor::get("leaflet/dist/images/marker-icon.png").is_some());
        assert!(super::Vendor::get("leaflet/package.json").is_none(), "only the listed files");
    }
}
