//! The zoomable maps' data: meals clustered on the server for a view, and the relay's spread
//! week by week. Public reads, like the meal search.

use crate::api::Path;
use crate::api::absolute;
use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, FixedOffset, Utc};
use rygrad_domain::cluster::{BBox, MAX_ZOOM, grid};
use rygrad_domain::format::{Lang, local_date};
use rygrad_domain::meal::THEMES;
use rygrad_store::meals::MealSearch;

/// Cluster cells in screen pixels: about the size of a cluster marker.
const CELL_PX: f64 = 60.0;
/// Points read for one view at most.
const POINT_LIMIT: u64 = 200_000;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct BadRequest {
    pub error: &'static str,
    /// What is wrong, in Danish.
    pub message: String,
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(BadRequest { error: "bad-request", message })).into_response()
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClusterQuery {
    south: f64,
    west: f64,
    north: f64,
    east: f64,
    /// The map's zoom level, 0–20 (Leaflet's).
    zoom: u8,
    /// ISO 8601; default now.
    from: Option<DateTime<FixedOffset>>,
    /// ISO 8601; default: no end, as the finder's list.
    to: Option<DateTime<FixedOffset>>,
    #[param(schema_with = crate::meals::api::theme_schema)]
    theme: Option<String>,
    /// Only meals within `radius_km` of this point (all three or none), as the finder's list.
    near_lat: Option<f64>,
    near_lon: Option<f64>,
    #[param(exclusive_minimum = 0, maximum = 1000)]
    radius_km: Option<f64>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ClusterOut {
    pub lat: f64,
    pub lon: f64,
    pub count: usize,
    /// For a lone meal (`count` 1): the meal, its title and page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meal_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ClustersOut {
    pub clusters: Vec<ClusterOut>,
    /// Meals in the view: the sum of the clusters' counts.
    pub total: usize,
}

/// Listed meals inside a map view, clustered on a grid for its zoom level.
#[utoipa::path(get, path = "/meal-clusters", tag = "meals", operation_id = "mealClusters", params(ClusterQuery),
    responses((status = 200, body = ClustersOut), (status = 400, body = BadRequest)))]
pub async fn clusters(
    State(state): State<AppState>,
    query: Result<Query<ClusterQuery>, QueryRejection>,
) -> Result<Response, WebError> {
    let tr = Tr::new(Lang::Da);
    let Query(q) = match query {
        Ok(q) => q,
        Err(rejection) => return Ok(bad_request(tr.t1("map-err-query", "detail", rejection.body_text()))),
    };
    let bbox = match BBox::new(q.south, q.west, q.north, q.east) {
        Ok(b) => b,
        Err(code) => return Ok(bad_request(tr.t(&format!("map-err-{code}")))),
    };
    if q.zoom > MAX_ZOOM {
        return Ok(bad_request(tr.t1("map-err-zoom", "max", MAX_ZOOM)));
    }
    if q.theme.as_deref().is_some_and(|t| !THEMES.contains(&t)) {
        return Ok(bad_request(tr.t("map-err-theme")));
    }
    let from = q.from.map_or_else(Utc::now, |t| t.with_timezone(&Utc));
    let to = q.to.map(|t| t.with_timezone(&Utc));
    if to.is_some_and(|to| to < from) {
        return Ok(bad_request(tr.t("map-err-period")));
    }
    let near = match (q.near_lat, q.near_lon, q.radius_km) {
        (None, None, None) => None,
        (Some(lat), Some(lon), Some(km)) if lat.is_finite() && lon.is_finite() && km > 0.0 && km <= 1000.0 => {
            Some((lat, lon, km))
        }
        _ => return Ok(bad_request(tr.t("map-err-near"))),
    };
    let search = MealSearch {
        near,
        within: Some([bbox.south, bbox.west, bbox.north, bbox.east]),
        from: Some(from),
        to,
        theme: q.theme,
        ..Default::default()
    };
    let points = state.store.meal_points(&search, POINT_LIMIT).await?;
    let coordinates: Vec<(f64, f64)> = points.iter().map(|p| (p.lat, p.lon)).collect();
    let cells = grid(&coordinates, q.zoom, CELL_PX);
    // Lone meals get their title and link, read from the meal index in one go.
    let lone: Vec<i64> = cells.iter().filter(|c| c.count == 1).map(|c| points[c.first].id).collect();
    let titles: std::collections::HashMap<i64, String> =
        state.store.meal_summaries(&lone).await?.into_iter().map(|m| (m.id, m.title)).collect();
    let out: Vec<ClusterOut> = cells
        .into_iter()
        .map(|c| {
            let single = (c.count == 1).then(|| {
                let id = points[c.first].id;
                (id, titles.get(&id).cloned())
            });
            cluster_out(&state, c.lat, c.lon, c.count, single)
        })
        .collect();
    let total = out.iter().map(|c: &ClusterOut| c.count).sum();
    Ok(Json(ClustersOut { clusters: out, total }).into_response())
}

fn cluster_out(
    state: &AppState,
    lat: f64,
    lon: f64,
    count: usize,
    single: Option<(i64, Option<String>)>,
) -> ClusterOut {
    // five decimals: about a metre
    let round = |v: f64| (v * 100_000.0).round() / 100_000.0;
    ClusterOut {
        lat: round(lat),
        lon: round(lon),
        count,
        meal_id: single.as_ref().map(|(id, _)| *id),
        url: single.as_ref().map(|(id, _)| absolute(state, &format!("/maaltider/{id}"))),
        title: single.and_then(|(_, title)| title),
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SpreadOut {
    /// The ISO weeks with meals, in order (`2026-W17`).
    pub weeks: Vec<String>,
    /// `[week index, lat, lon, meals]`: meals of a week, gathered in cells of about 2 km.
    #[schema(value_type = Vec<Vec<f64>>)]
    pub points: Vec<(usize, f64, f64, usize)>,
}

/// Meals by ISO week (Danish time) and a grid of 0.02°, so a national relay of 100,000 meals
/// stays a small document.
fn spread(meals: impl Iterator<Item = (DateTime<Utc>, f64, f64)>) -> SpreadOut {
    use std::collections::BTreeMap;
    // (ISO year and week, grid row, grid column) → sums of latitude and longitude, and meals
    type Cell = ((i32, u32), i64, i64);
    let mut cells: BTreeMap<Cell, (f64, f64, usize)> = BTreeMap::new();
    for (at, lat, lon) in meals {
        let week = local_date(at).iso_week();
        let key = ((week.year(), week.week()), (lat * 50.0).floor() as i64, (lon * 50.0).floor() as i64);
        let cell = cells.entry(key).or_insert((0.0, 0.0, 0));
        cell.0 += lat;
        cell.1 += lon;
        cell.2 += 1;
    }
    let mut weeks: Vec<(i32, u32)> = cells.keys().map(|(w, _, _)| *w).collect();
    weeks.dedup();
    let round = |v: f64| (v * 10_000.0).round() / 10_000.0;
    let points = cells
        .into_iter()
        .map(|((w, _, _), (lat, lon, n))| {
            let index = weeks.binary_search(&w).unwrap_or_default();
            (index, round(lat / n as f64), round(lon / n as f64), n)
        })
        .collect();
    SpreadOut { weeks: weeks.into_iter().map(|(y, w)| format!("{y}-W{w:02}")).collect(), points }
}

/// How every relay together spread across the country, week by week.
#[utoipa::path(get, path = "/relay-spread", tag = "meals", operation_id = "relaySpread",
    responses((status = 200, body = SpreadOut)))]
pub async fn national_spread(State(state): State<AppState>) -> Result<Json<SpreadOut>, WebError> {
    Ok(Json(spread(state.store.relay_meal_points(POINT_LIMIT).await?.into_iter())))
}

/// How one meal's relay spread, week by week.
#[utoipa::path(get, path = "/relays/{baton_code}/spread", tag = "meals", operation_id = "relayMealSpread",
    params(("baton_code" = String, Path)), responses((status = 200, body = SpreadOut), (status = 404)))]
pub async fn relay_spread(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<SpreadOut>, WebError> {
    let (_, m) = crate::meals::rules::published_by_baton(&state, &code).await?;
    Ok(Json(spread(state.store.relay_spread(m.id).await?.into_iter())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn spread_counts_meals_by_week_and_place() {
        let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
        let s = super::spread(
            [
                (at("2026-04-22T16:00:00Z"), 55.6761, 12.5683),
                (at("2026-04-23T16:00:00Z"), 55.6762, 12.5684),
                (at("2026-04-23T16:00:00Z"), 56.1572, 10.2107),
                // Sunday 23:30 UTC is Monday in Denmark: week 18
                (at("2026-04-26T22:30:00Z"), 56.1572, 10.2107),
            ]
            .into_iter(),
        );
        assert_eq!(s.weeks, ["2026-W17", "2026-W18"]);
        assert_eq!(s.points.iter().map(|p| p.3).sum::<usize>(), 4);
        assert!(s.points.contains(&(0, 55.6762, 12.5684, 2)), "{:?}", s.points);
        assert!(s.points.contains(&(1, 56.1572, 10.2107, 1)));
    }
}
