use crate::api::Body;
use crate::api::Path;
use crate::api::TokenHolder;
use crate::api::{absolute, validation_response};
use crate::http::auth::ApiActor;
use crate::http::client_ip::ClientIp;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::meals::rules::register_guest;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Europe::Copenhagen;
use rygrad_domain::campaign::TargetProgress;
use rygrad_domain::meal::{MealInput, THEMES};
use rygrad_domain::policy::Action;
use rygrad_domain::signup::{Guest, SignupInput};
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::StoreError;
use rygrad_store::meal_index::MealSummary;
use rygrad_store::meals::{MealOwner, MealSearch, distance_km};

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MealOut {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    pub lat: f64,
    pub lon: f64,
    pub municipality_code: String,
    /// From the searched point, when one was given.
    pub distance_km: Option<f64>,
    pub seats_left: i64,
    pub url: String,
}

fn local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&Copenhagen).fixed_offset()
}

fn out(state: &AppState, MealSummary { meal: m, title }: MealSummary, from: Option<(f64, f64)>) -> MealOut {
    MealOut {
        id: m.id,
        title,
        starts_at: local(m.starts_at),
        ends_at: local(m.ends_at),
        lat: m.lat,
        lon: m.lon,
        municipality_code: m.municipality_code(),
        distance_km: from.map(|(lat, lon)| (distance_km(lat, lon, m.lat, m.lon) * 10.0).round() / 10.0),
        seats_left: m.seats_left(),
        url: absolute(state, &format!("/maaltider/{}", m.id)),
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MealDetailOut {
    #[serde(flatten)]
    pub meal: MealOut,
    pub description: String,
    pub address: String,
    pub capacity: i32,
    /// `sign_up` (sign up here), `open` (just come) or `external` (see `external_url`).
    pub join_mode: String,
    pub external_url: Option<String>,
    /// Theme codes.
    pub themes: Vec<String>,
    /// The relay's baton code: `getRelay` tells what grew from this meal.
    pub baton_code: String,
}

/// One meal. A meal that is not published is not found, unless the token's owner manages it.
#[utoipa::path(get, path = "/meals/{id}", tag = "meals", operation_id = "getMeal", params(("id" = i64, Path)),
    responses((status = 200, body = MealDetailOut), (status = 404)))]
pub async fn get_one(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<MealDetailOut>, WebError> {
    let (m, _) = crate::meals::rules::visible(&state, &who.actor, id).await?;
    let meal = MealOut {
        seats_left: m.seats_left(),
        id: m.id,
        title: m.title,
        starts_at: local(m.starts_at),
        ends_at: local(m.ends_at),
        lat: m.lat,
        lon: m.lon,
        municipality_code: m.municipality_code,
        distance_km: None,
        url: absolute(&state, &format!("/maaltider/{}", m.id)),
    };
    Ok(Json(MealDetailOut {
        meal,
        description: m.description,
        address: m.address,
        capacity: m.capacity,
        join_mode: m.join_mode.code().to_owned(),
        external_url: m.external_url,
        themes: m.themes,
        baton_code: m.baton_code,
    }))
}

/// The most meals an open-data export lists, the soonest first.
const OPEN_DATA_LIMIT: u64 = 100_000;

/// An upcoming public meal as open data: where, when and how many seats; nothing about its
/// host or guests, and no street address.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct OpenMeal {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
    pub municipality_code: String,
    pub lat: f64,
    pub lon: f64,
    pub capacity: i32,
    pub seats_left: i64,
    /// `sign_up`, `open` or `external`.
    pub join_mode: String,
    pub themes: Vec<String>,
    pub url: String,
}

async fn open_meals(state: &AppState) -> Result<Vec<OpenMeal>, WebError> {
    let search = MealSearch { from: Some(Utc::now()), ..Default::default() };
    let (meals, _) = state.store.first_meals(&search, OPEN_DATA_LIMIT).await?;
    Ok(meals
        .iter()
        .map(|m| OpenMeal {
            id: m.id,
            title: m.title.clone(),
            starts_at: local(m.starts_at),
            ends_at: local(m.ends_at),
            municipality_code: m.municipality_code(),
            lat: m.lat,
            lon: m.lon,
            capacity: m.capacity,
            seats_left: m.seats_left(),
            join_mode: m.join_mode.code().to_owned(),
            themes: m.themes().map(str::to_owned).collect(),
            url: absolute(state, &format!("/maaltider/{}", m.id)),
        })
        .collect())
}

/// Open data: every upcoming public meal (at most 100,000, the soonest first) as JSON.
#[utoipa::path(get, path = "/open-data/meals.json", tag = "meals", operation_id = "exportUpcomingMealsJson",
    responses((status = 200, body = Vec<OpenMeal>)))]
pub async fn open_data_json(State(state): State<AppState>) -> Result<Json<Vec<OpenMeal>>, WebError> {
    Ok(Json(open_meals(&state).await?))
}

/// Open data: every upcoming public meal as CSV (UTF-8 with a BOM, semicolons), the columns
/// of `exportUpcomingMealsJson` with themes joined by commas.
#[utoipa::path(get, path = "/open-data/meals.csv", tag = "meals", operation_id = "exportUpcomingMealsCsv",
    responses((status = 200, description = "The CSV file", content_type = "text/csv")))]
pub async fn open_data_csv(State(state): State<AppState>) -> Result<Response, WebError> {
    let header = [
        "id",
        "title",
        "starts_at",
        "ends_at",
        "municipality_code",
        "lat",
        "lon",
        "capacity",
        "seats_left",
        "join_mode",
        "themes",
        "url",
    ];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    rows.extend(open_meals(&state).await?.into_iter().map(|m| {
        vec![
            m.id.to_string(),
            m.title,
            m.starts_at.to_rfc3339(),
            m.ends_at.to_rfc3339(),
            m.municipality_code,
            m.lat.to_string(),
            m.lon.to_string(),
            m.capacity.to_string(),
            m.seats_left.to_string(),
            m.join_mode,
            m.themes.join(","),
            m.url,
        ]
    }));
    Ok(crate::http::export::attachment(crate::http::export::csv(&rows), "text/csv; charset=utf-8", "maaltider.csv"))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MealQuery {
    lat: Option<f64>,
    lon: Option<f64>,
    /// Default 25 km when a point is given.
    #[param(minimum = 0, maximum = 1000)]
    radius_km: Option<f64>,
    /// ISO 8601; default now.
    from: Option<DateTime<FixedOffset>>,
    to: Option<DateTime<FixedOffset>>,
    #[param(schema_with = theme_schema)]
    theme: Option<String>,
    /// At most 500 given; default 50.
    #[param(maximum = 65535)]
    limit: Option<u16>,
}

/// A theme code as a query parameter: one of the domain's `THEMES`.
pub(super) fn theme_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::Type::String).enum_values(Some(THEMES)).build()
}

/// Listed meals, sorted by start, optionally near a point.
#[utoipa::path(get, path = "/meals", tag = "meals", operation_id = "listMeals", params(MealQuery), responses((status = 200, body = Vec<MealOut>), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn list(State(state): State<AppState>, Query(q): Query<MealQuery>) -> Result<Response, WebError> {
    let mut errors = FieldErrors::default();
    let radius = q.radius_km.unwrap_or(25.0);
    if !(0.0..=1000.0).contains(&radius) {
        errors.add("radius_km", FieldError::new("number-range"));
    }
    let near = match (q.lat, q.lon) {
        (Some(lat), Some(lon)) if lat.is_finite() && lon.is_finite() => Some((lat, lon, radius)),
        (None, None) => None,
        _ => {
            errors.add("lat", FieldError::new("coordinates-format"));
            None
        }
    };
    if let Some(theme) = &q.theme
        && !THEMES.contains(&theme.as_str())
    {
        errors.add("theme", FieldError::new("unknown-choice"));
    }
    if !errors.is_empty() {
        return Ok(validation_response(&errors));
    }
    let search = MealSearch {
        near,
        from: Some(q.from.map_or_else(Utc::now, |t| t.with_timezone(&Utc))),
        to: q.to.map(|t| t.with_timezone(&Utc)),
        theme: q.theme,
        ..Default::default()
    };
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    // The answer follows from the meal index and the search alone, so the same search is
    // answered again from the bytes made last time until the index changes. Times count in
    // whole seconds, as the index compares them.
    let key = format!(
        "meals {:?} {:?} {:?} {:?} {limit}",
        search.near,
        search.from.map(|t| t.timestamp()),
        search.to.map(|t| t.timestamp()),
        search.theme
    );
    if let Some(body) = state.page_cache.answer(&key, state.store.meal_index_version().await?) {
        return Ok(json_answer(body));
    }
    let (meals, version) = state.store.first_meals(&search, u64::from(limit)).await?;
    let from = near.map(|(lat, lon, _)| (lat, lon));
    // About 300 bytes a meal: room for the whole answer at once.
    let mut body = Vec::with_capacity(320 * meals.len() + 2);
    serde_json::to_writer(&mut body, &meals.into_iter().map(|m| out(&state, m, from)).collect::<Vec<_>>())
        .map_err(anyhow::Error::from)?;
    let body = Bytes::from(body);
    state.page_cache.keep_answer(key, version, body.clone());
    Ok(json_answer(body))
}

/// Encoded JSON as `Json` would send it.
fn json_answer(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct NewMeal {
    #[schema(schema_with = rygrad_domain::text::required_line_schema::<{ rygrad_domain::meal::TITLE_MAX_CHARS }>)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    address: String,
    /// ISO 8601 with offset.
    starts_at: DateTime<FixedOffset>,
    ends_at: DateTime<FixedOffset>,
    /// A place by postal code, or by `lat` and `lon`.
    postal_code: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    #[schema(minimum = 1, maximum = 5000)]
    capacity: u32,
    /// The baton code of the meal this one carries on from.
    baton_code: Option<String>,
    /// The slug of an organisation the caller acts for.
    organisation: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CreatedMeal {
    pub id: i64,
    pub baton_code: String,
    pub municipality_code: String,
    pub url: String,
}

/// Registers a meal (a signed-in person with a confirmed address).
#[utoipa::path(post, path = "/meals", tag = "meals", operation_id = "createMeal", security(("token" = [])), request_body = NewMeal,
    responses((status = 201, body = CreatedMeal), (status = 401), (status = 403), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Body(body): Body<NewMeal>,
) -> Result<Response, WebError> {
    who.require(&Action::HostMeal)?;
    let (start, end) = (body.starts_at.with_timezone(&Copenhagen), body.ends_at.with_timezone(&Copenhagen));
    let mut errors = FieldErrors::default();
    if end.date_naive() != start.date_naive() {
        errors.add("ends_at", FieldError::new("meal-spans-days"));
    }
    let input = MealInput {
        title: body.title,
        description: body.description,
        address: body.address,
        place: body.postal_code.unwrap_or_default(),
        lat: body.lat.map(|v| v.to_string()).unwrap_or_default(),
        lon: body.lon.map(|v| v.to_string()).unwrap_or_default(),
        date: start.date_naive().to_string(),
        starts_at: start.format("%H:%M").to_string(),
        ends_at: end.format("%H:%M").to_string(),
        capacity: body.capacity.to_string(),
        themes: body.themes,
        baton_code: body.baton_code.unwrap_or_default(),
        ..Default::default()
    };
    let organisation_id = match body.organisation.as_deref() {
        None | Some("") => None,
        Some(slug) => match state.store.organisation_by_slug(slug).await? {
            Some(o) if rygrad_domain::policy::allows(&who.actor, &Action::HostMealFor(o.id)) => Some(o.id),
            _ => {
                errors.add("organisation", FieldError::new("unknown-organisation"));
                None
            }
        },
    };
    let plan = match input.validate(Utc::now()) {
        Ok(plan) if errors.is_empty() => plan,
        Ok(_) => return Ok(validation_response(&errors)),
        Err(e) => {
            for (field, code) in e.iter() {
                let field = match field {
                    "place" => "postal_code",
                    "date" => "starts_at",
                    other => other,
                };
                errors.add(field, FieldError::new(code));
            }
            return Ok(validation_response(&errors));
        }
    };
    let owner = MealOwner { host_user_id: who.actor.user_id, organisation_id, campaign_id: None };
    match state.store.create_meal(&plan, owner).await {
        Ok(m) => Ok((
            StatusCode::CREATED,
            Json(CreatedMeal {
                id: m.id,
                url: absolute(&state, &format!("/maaltider/{}", m.id)),
                baton_code: m.baton_code,
                municipality_code: m.municipality_code,
            }),
        )
            .into_response()),
        Err(StoreError::NotFound) => {
            errors.add("baton_code", FieldError::new("baton-unknown"));
            Ok(validation_response(&errors))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct NewSignup {
    #[schema(schema_with = rygrad_domain::text::required_line_schema::<120>)]
    name: String,
    #[schema(format = Email)]
    email: String,
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 20)]
    party_size: u32,
    #[serde(default)]
    note: String,
}

fn one() -> u32 {
    1
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SignupOut {
    /// `confirmed` or `waitlisted`.
    pub status: String,
}

/// Signs a guest up (no token needed; rate-limited per address).
#[utoipa::path(post, path = "/meals/{id}/signups", tag = "meals", operation_id = "signUpForMeal", params(("id" = i64, Path)), request_body = NewSignup,
    responses((status = 201, body = SignupOut), (status = 404), (status = 422, body = crate::api::ValidationErrors), (status = 429)))]
pub async fn sign_up(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    who: ApiActor,
    Path(id): Path<i64>,
    Body(body): Body<NewSignup>,
) -> Result<Response, WebError> {
    state.check_rate(crate::meals::rules::SIGNUP_PER_MEAL_IP, &ip).await?;
    let (m, _) = crate::meals::rules::visible(&state, &who.actor, id).await?;
    let input =
        SignupInput { name: body.name, email: body.email, party_size: body.party_size.to_string(), note: body.note };
    let guest: Guest = match input.validate() {
        Ok(g) => g,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let tr = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::Da);
    match register_guest(&state, &tr, &m, &guest).await? {
        Ok(row) => Ok((StatusCode::CREATED, Json(SignupOut { status: row.status.code().to_owned() })).into_response()),
        Err(errors) => Ok(validation_response(&errors)),
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RelayMealOut {
    pub id: i64,
    pub title: String,
    pub baton_code: String,
    pub municipality_code: String,
    pub starts_at: DateTime<FixedOffset>,
    pub generation: i32,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct RelayOut {
    /// Meals from this one on (itself included).
    pub meals: usize,
    pub guests: i64,
    pub generations: i32,
    pub municipalities: usize,
    /// From the first meal of the relay down to this one.
    pub line: Vec<RelayMealOut>,
}

/// A meal's relay: what grew from it, and its line back to the first meal.
#[utoipa::path(get, path = "/relays/{baton_code}", tag = "meals", operation_id = "getRelay", params(("baton_code" = String, Path)),
    responses((status = 200, body = RelayOut), (status = 404)))]
pub async fn relay(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<RelayOut>, WebError> {
    let (_, m) = crate::meals::rules::published_by_baton(&state, &code).await?;
    let r = state.store.relay(m.id).await?.ok_or(WebError::NotFound)?;
    Ok(Json(RelayOut {
        meals: r.meals,
        guests: r.guests,
        generations: r.generations,
        municipalities: r.municipalities,
        line: r
            .line
            .into_iter()
            .map(|m| RelayMealOut {
                id: m.id,
                title: m.title,
                baton_code: m.baton_code,
                municipality_code: m.municipality_code,
                starts_at: local(m.starts_at),
                generation: m.generation,
            })
            .collect(),
    }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProgressOut {
    pub campaign: String,
    pub targets: Vec<TargetProgress>,
    pub campaign_week_meals: i64,
    pub other_meals: i64,
    pub relay_meals: i64,
}

/// Progress against every target of a campaign.
#[utoipa::path(get, path = "/campaigns/{id}/progress", tag = "meals", operation_id = "getCampaignProgress", params(("id" = i64, Path)),
    responses((status = 200, body = ProgressOut), (status = 404)))]
pub async fn progress(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<ProgressOut>, WebError> {
    let c = state.store.campaign(id).await?.ok_or(WebError::NotFound)?;
    let initiative = state.store.initiative(c.initiative_id).await?.ok_or(WebError::NotFound)?;
    if !rygrad_domain::policy::allows(
        &who.actor,
        &Action::ViewInitiative(crate::initiatives::rules::scope(&initiative)),
    ) {
        return Err(WebError::NotFound);
    }
    let p = state.store.campaign_progress(&c).await?;
    Ok(Json(ProgressOut {
        targets: p.targets.clone(),
        campaign: c.name,
        campaign_week_meals: p.campaign_week_meals,
        other_meals: p.other_meals,
        relay_meals: p.relay_meals,
    }))
}
