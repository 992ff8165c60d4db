use axum::Json;
use axum::extract::Query;
use rygrad_domain::geo::geodata;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PlaceOut {
    pub label: String,
    pub lat: f64,
    pub lon: f64,
    pub municipality_code: String,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GeocodeParams {
    /// A postal code ("8000"), code and name ("8000 Aarhus C"), postal name, town, municipality,
    /// district or island ("Nørrebro", "Bornholm"); "Århus" and "Aarhus" are one name.
    q: String,
    /// At most this many places (default 10; more than 50 gives 50).
    #[param(maximum = 65535)]
    limit: Option<u16>,
}

/// Offline geocoding of a postal code or town name from the embedded Danish data.
#[utoipa::path(get, path = "/geocode", tag = "geography", operation_id = "geocode", params(GeocodeParams),
    responses((status = 200, body = Vec<PlaceOut>)))]
pub async fn geocode(Query(p): Query<GeocodeParams>) -> Json<Vec<PlaceOut>> {
    let limit = usize::from(p.limit.unwrap_or(10).clamp(1, 50));
    Json(
        geodata()
            .geocode(&p.q, limit)
            .into_iter()
            .map(|place| PlaceOut {
                label: place.label,
                lat: place.lat,
                lon: place.lon,
                municipality_code: place.municipality_code,
            })
            .collect(),
    )
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MunicipalityOut {
    pub code: String,
    pub name: String,
    pub region_code: String,
    pub region_name: String,
    /// Danmarks Statistik's municipality group, 1 (capital) to 5 (rural).
    pub group_code: u8,
    pub group_name: String,
    pub rural: bool,
}

/// The 98 municipalities with region and Danmarks Statistik's municipality group.
#[utoipa::path(get, path = "/municipalities", tag = "geography", operation_id = "listMunicipalities",
    responses((status = 200, body = Vec<MunicipalityOut>)))]
pub async fn municipalities() -> Json<Vec<MunicipalityOut>> {
    Json(
        geodata()
            .municipalities()
            .into_iter()
            .map(|m| MunicipalityOut {
                code: m.code.clone(),
                name: m.name.clone(),
                region_code: m.region_code.clone(),
                region_name: m.region_name.clone(),
                group_code: m.group_code,
                group_name: m.group_name.clone(),
                rural: m.is_rural(),
            })
            .collect(),
    )
}
