use super::dashboard::dashboard;
use super::rules::{
    SeriesView, ValueError, check_indicator, check_values, headline_unit, may_view, refusal_errors, series_view,
    values_work, visible_indicator,
};
use crate::api::{Body, MergePatch, Path, TokenHolder, save_valid, validation_response};
use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, slugs, visible};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rygrad_domain::indicator::{IndicatorInput, IndicatorUnitInput, Period, PointInput, Unit, ValueInput, ValueSource};
use rygrad_domain::policy::Action;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::indicators::{Indicator, IndicatorUnit, Provenance, ValueCounts};
use rygrad_store::initiatives::Initiative;
use std::collections::{BTreeMap, HashMap};

/// A period and a value.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct PointOut {
    /// As Statistics Denmark writes it: `2024`, `2024K3`, `2024M07`, `2024W07`.
    pub period: String,
    pub value: f64,
}

fn point((period, value): (Period, f64)) -> PointOut {
    PointOut { period: period.code(), value }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct IndicatorOut {
    pub id: i64,
    pub name: String,
    pub definition: String,
    /// The unit of the values, e.g. `%`.
    pub unit: String,
    /// `up` when a higher value is better, `down` when a lower one is.
    pub direction: String,
    /// `year`, `quarter`, `month` or `week`.
    pub frequency: String,
    /// `country`, `region`, `municipality` or `custom`.
    pub geography: String,
    pub decimals: u8,
    pub source: String,
    /// The slug of the organisation that owns the indicator and enters its values.
    pub organisation: Option<String>,
    pub goal_ids: Vec<i64>,
    pub baseline: Option<PointOut>,
    pub targets: Vec<PointOut>,
    /// `target_path` or `trend`.
    pub status_rule: String,
    pub noise: f64,
    pub public: bool,
    /// The latest period with any value.
    pub latest_period: Option<String>,
}

/// Organisation slugs by id for the owners of `indicators`.
pub(crate) async fn owners(
    state: &AppState,
    i: &Initiative,
    indicators: &[Indicator],
) -> Result<HashMap<i64, String>, WebError> {
    slugs(state, i.row.id, indicators.iter().filter_map(|x| x.organisation_id).collect()).await
}

async fn indicator_out(
    state: &AppState,
    indicator: Indicator,
    owners: &HashMap<i64, String>,
) -> Result<IndicatorOut, WebError> {
    let latest_period = state.store.latest_indicator_period(&indicator).await?.map(Period::code);
    Ok(IndicatorOut {
        id: indicator.id,
        name: indicator.name,
        definition: indicator.definition,
        unit: indicator.unit,
        direction: indicator.direction.code().into(),
        frequency: indicator.frequency.code().into(),
        geography: indicator.geography.code().into(),
        decimals: indicator.decimals,
        source: indicator.source,
        organisation: indicator.organisation_id.and_then(|id| owners.get(&id).cloned()),
        goal_ids: indicator.goal_ids,
        baseline: indicator.baseline.map(point),
        targets: indicator.targets.into_iter().map(point).collect(),
        status_rule: indicator.status_rule.code().into(),
        noise: indicator.noise,
        public: indicator.public,
        latest_period,
    })
}

async fn one_out(state: &AppState, i: &Initiative, indicator: Indicator) -> Result<IndicatorOut, WebError> {
    let owners = owners(state, i, std::slice::from_ref(&indicator)).await?;
    indicator_out(state, indicator, &owners).await
}

/// An initiative's indicators the caller may see (the public sees those marked public), the
/// oldest first.
#[utoipa::path(get, path = "/initiatives/{slug}/indicators", tag = "indicators", operation_id = "listIndicators",
    params(("slug" = String, Path)), responses((status = 200, body = Vec<IndicatorOut>), (status = 404)))]
pub async fn list_indicators(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<Vec<IndicatorOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let indicators: Vec<Indicator> =
        state.store.indicators_of(i.row.id).await?.into_iter().filter(|x| may_view(&who.actor, &i, x)).collect();
    let owners = owners(&state, &i, &indicators).await?;
    let mut out = Vec::with_capacity(indicators.len());
    for indicator in indicators {
        out.push(indicator_out(&state, indicator, &owners).await?);
    }
    Ok(Json(out))
}

/// Defines an indicator with its goals, baseline and targets (backbone staff). The owning
/// organisation must be a member of the alliance.
#[utoipa::path(post, path = "/initiatives/{slug}/indicators", tag = "indicators", operation_id = "createIndicator", security(("token" = [])),
    params(("slug" = String, Path)), request_body = IndicatorInput,
    responses((status = 201, body = IndicatorOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_indicator(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<IndicatorInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ManageIndicators(scope(&i)))?;
    let (plan, owner) = match check_indicator(&state, &i, &input).await? {
        Ok(checked) => checked,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    Ok(match state.store.create_indicator(i.row.id, &plan, owner, &who.audit).await? {
        Ok(indicator) => (StatusCode::CREATED, Json(one_out(&state, &i, indicator).await?)).into_response(),
        Err(refusal) => validation_response(&refusal_errors(refusal)),
    })
}

/// One indicator.
#[utoipa::path(get, path = "/indicators/{id}", tag = "indicators", operation_id = "getIndicator",
    params(("id" = i64, Path)), responses((status = 200, body = IndicatorOut), (status = 404)))]
pub async fn get_indicator(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<IndicatorOut>, WebError> {
    let (i, indicator) = visible_indicator(&state, &who.actor, id).await?;
    Ok(Json(one_out(&state, &i, indicator).await?))
}

/// Changes an indicator with a merge patch (fields left out keep their value); `targets` and
/// `goal_ids` are replaced as a whole. Frequency and geography stay once it has values.
#[utoipa::path(patch, path = "/indicators/{id}", tag = "indicators", operation_id = "updateIndicator", security(("token" = [])),
    params(("id" = i64, Path)), request_body(content = IndicatorInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = IndicatorOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update_indicator(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let (i, indicator) = visible_indicator(&state, &who.actor, id).await?;
    who.require(&Action::ManageIndicators(scope(&i)))?;
    let owners = owners(&state, &i, std::slice::from_ref(&indicator)).await?;
    let input = patch.apply(&current_input(&indicator, &owners))?;
    let (plan, owner) = match check_indicator(&state, &i, &input).await? {
        Ok(checked) => checked,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    Ok(match state.store.update_indicator(id, &plan, owner, &who.audit).await? {
        Ok(indicator) => Json(one_out(&state, &i, indicator).await?).into_response(),
        Err(refusal) => validation_response(&refusal_errors(refusal)),
    })
}

/// The input that would define `indicator` as it is.
pub(crate) fn current_input(indicator: &Indicator, owners: &HashMap<i64, String>) -> IndicatorInput {
    let point = |(p, v): (Period, f64)| PointInput { period: p.code(), value: v };
    IndicatorInput {
        name: indicator.name.clone(),
        definition: indicator.definition.clone(),
        unit: indicator.unit.clone(),
        direction: indicator.direction.code().into(),
        frequency: indicator.frequency.code().into(),
        geography: indicator.geography.code().into(),
        decimals: Some(indicator.decimals),
        source: indicator.source.clone(),
        organisation: indicator.organisation_id.and_then(|id| owners.get(&id).cloned()).unwrap_or_default(),
        goal_ids: indicator.goal_ids.clone(),
        baseline: indicator.baseline.map(point),
        targets: indicator.targets.iter().copied().map(point).collect(),
        status_rule: indicator.status_rule.code().into(),
        noise: Some(indicator.noise),
        public: indicator.public,
    }
}

/// Deletes an indicator with its values and their history (backbone staff).
#[utoipa::path(delete, path = "/indicators/{id}", tag = "indicators", operation_id = "deleteIndicator", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn delete_indicator(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<StatusCode, WebError> {
    let (i, _) = visible_indicator(&state, &who.actor, id).await?;
    who.require(&Action::ManageIndicators(scope(&i)))?;
    state.store.delete_indicator(id, &who.audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ValuesIn {
    pub values: Vec<ValueInput>,
}

/// What a write of values did.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ValueCountsOut {
    /// Values new or changed.
    pub imported: u64,
    /// Values equal to the stored ones, which were left as they were.
    pub unchanged: u64,
}

impl From<ValueCounts> for ValueCountsOut {
    fn from(c: ValueCounts) -> Self {
        ValueCountsOut { imported: c.imported, unchanged: c.unchanged }
    }
}

/// A value that cannot be written.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ValueErrorOut {
    /// Its place in `values`, from 0.
    pub index: usize,
    /// `unit`, `period`, `value` or `note`.
    pub field: &'static str,
    /// E.g. `unit-unknown`, `period-wrong-frequency`.
    pub code: &'static str,
    /// The reason in Danish.
    pub message: String,
}

/// Values refused: none was written.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ValueErrorsOut {
    /// `validation`
    pub error: &'static str,
    pub values: Vec<ValueErrorOut>,
}

fn value_errors(errors: Vec<ValueError>) -> Response {
    let tr = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::Da);
    let values = errors
        .into_iter()
        .map(|e| ValueErrorOut {
            index: e.index,
            field: e.field,
            code: e.code,
            message: tr.t(&format!("err-{}", e.code)),
        })
        .collect();
    (StatusCode::UNPROCESSABLE_ENTITY, Json(ValueErrorsOut { error: "validation", values })).into_response()
}

/// Enters values by unit and period (backbone staff, and the people of the owning
/// organisation), all or nothing. A changed value keeps the old one in the history; a value
/// equal to the stored one is counted as unchanged.
#[utoipa::path(put, path = "/indicators/{id}/values", tag = "indicators", operation_id = "putIndicatorValues", security(("token" = [])),
    params(("id" = i64, Path)), request_body = ValuesIn,
    responses((status = 200, body = ValueCountsOut), (status = 401), (status = 403), (status = 404), (status = 422, body = ValueErrorsOut)))]
pub async fn put_indicator_values(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(body): Body<ValuesIn>,
) -> Result<Response, WebError> {
    let (i, indicator) = visible_indicator(&state, &who.actor, id).await?;
    who.require(&Action::EnterIndicatorValues(values_work(&i, &indicator)))?;
    let values = match check_values(&state, &indicator, &body.values).await? {
        Ok(values) => values,
        Err(errors) => return Ok(value_errors(errors)),
    };
    let provenance = Provenance { source: ValueSource::Api, source_name: "api".into(), entered_by: who.audit.user_id };
    let counts = state.store.apply_import(&indicator, &values, &provenance, &who.audit).await?;
    Ok(Json(ValueCountsOut::from(counts)).into_response())
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeriesQuery {
    /// `DK`, a region or municipality code, or a custom unit's id. Left out: the initiative's
    /// first municipality for a municipal indicator, else the country.
    #[param(schema_with = rygrad_domain::api_schema::unit_key)]
    pub unit: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SeriesPointOut {
    pub period: String,
    pub value: f64,
    /// The sample size, where the figure has one.
    pub n: Option<i64>,
    /// The 95 % interval's lower end, where the figure has one (a survey's share).
    pub ci_low: Option<f64>,
    /// The 95 % interval's upper end.
    pub ci_high: Option<f64>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ForecastPointOut {
    pub period: String,
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ForecastOut {
    pub points: Vec<ForecastPointOut>,
}

/// The turn-the-curve view of one unit.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SeriesOut {
    pub unit: String,
    /// In time order.
    pub points: Vec<SeriesPointOut>,
    pub baseline: Option<PointOut>,
    pub targets: Vec<PointOut>,
    /// If nothing changes: a linear trend on the last points, with its band.
    pub forecast: ForecastOut,
    /// `on_track`, `at_risk`, `off_track` or `no_data`.
    pub status: String,
}

impl SeriesOut {
    pub(crate) fn new(unit: &Unit, view: SeriesView) -> Self {
        SeriesOut {
            unit: unit.key(),
            points: view
                .points
                .into_iter()
                .map(|p| SeriesPointOut {
                    period: p.period.code(),
                    value: p.value,
                    n: p.n,
                    ci_low: p.ci.map(|c| c.0),
                    ci_high: p.ci.map(|c| c.1),
                })
                .collect(),
            baseline: view.baseline.map(point),
            targets: view.targets.into_iter().map(point).collect(),
            forecast: ForecastOut {
                points: view
                    .forecast
                    .into_iter()
                    .map(|f| ForecastPointOut { period: f.period.code(), value: f.value, low: f.low, high: f.high })
                    .collect(),
            },
            status: view.status.code().into(),
        }
    }
}

fn unit_error() -> Response {
    let mut errors = FieldErrors::default();
    errors.add("unit", FieldError::new("unit-unknown"));
    validation_response(&errors)
}

/// An indicator's history for one unit, with its baseline, targets, forecast and status.
#[utoipa::path(get, path = "/indicators/{id}/series", tag = "indicators", operation_id = "getIndicatorSeries",
    params(("id" = i64, Path), SeriesQuery),
    responses((status = 200, body = SeriesOut), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn get_indicator_series(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
    Query(query): Query<SeriesQuery>,
) -> Result<Response, WebError> {
    let (i, indicator) = visible_indicator(&state, &who.actor, id).await?;
    let unit = match query.unit.as_deref() {
        None => headline_unit(&i, &indicator),
        Some(key) => match Unit::parse_key(key, indicator.geography) {
            Ok(unit) => unit,
            Err(_) => return Ok(unit_error()),
        },
    };
    let stored = state.store.indicator_series(&indicator, &unit).await?;
    let view = series_view(&indicator, &stored, crate::http::today());
    Ok(Json(SeriesOut::new(&unit, view)).into_response())
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MapQuery {
    /// A period of the indicator's frequency; left out, the latest with values.
    #[param(schema_with = rygrad_domain::api_schema::period)]
    pub period: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MapOut {
    /// None when the indicator has no values yet.
    pub period: Option<String>,
    /// A value per region or municipality code (or custom unit id); the country is left out.
    pub values: BTreeMap<String, f64>,
}

/// Every area's value of an indicator for one period, for a map.
#[utoipa::path(get, path = "/indicators/{id}/map", tag = "indicators", operation_id = "getIndicatorMap",
    params(("id" = i64, Path), MapQuery),
    responses((status = 200, body = MapOut), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn get_indicator_map(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
    Query(query): Query<MapQuery>,
) -> Result<Response, WebError> {
    let (_, indicator) = visible_indicator(&state, &who.actor, id).await?;
    let period = match query.period.as_deref() {
        None => state.store.latest_indicator_period(&indicator).await?,
        Some(code) => match Period::parse_for(code, indicator.frequency) {
            Ok(p) => Some(p),
            Err(e) => {
                let mut errors = FieldErrors::default();
                errors.add("period", e);
                return Ok(validation_response(&errors));
            }
        },
    };
    let mut values = BTreeMap::new();
    if let Some(period) = period {
        for v in state.store.indicator_values_in(&indicator, period).await? {
            if v.unit != Unit::Country {
                values.insert(v.unit.key(), v.value);
            }
        }
    }
    Ok(Json(MapOut { period: period.map(Period::code), values }).into_response())
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DashboardGoal {
    pub id: i64,
    pub title: String,
    /// `vision`, `long_term`, `intermediate` or `target`.
    pub level: String,
    pub parent_id: Option<i64>,
    /// The indicators measuring the goal that the caller may see.
    pub indicator_ids: Vec<i64>,
    /// The worst status among those indicators that have data (`no_data` when none has).
    pub status: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DashboardIndicator {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub decimals: u8,
    /// `on_track`, `at_risk`, `off_track` or `no_data`.
    pub status: String,
    /// The unit the sparkline follows.
    pub headline_unit: String,
    /// The headline unit's values in time order.
    pub sparkline: Vec<PointOut>,
    /// Values entered since `since`, counted up to 1,001: 1,001 means more than 1,000.
    pub new_values: u64,
    /// The status at `since`, on the values entered by then: differing from `status`, it has
    /// changed since the last meeting.
    pub status_then: String,
}

/// An indicator whose values for an ended period are missing.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MissingData {
    pub indicator_id: i64,
    /// The owner's slug: who is to enter the values.
    pub organisation: Option<String>,
    /// The latest period whose values are due: it has ended, and its grace period for
    /// collecting the figures (14 days for a week, 30 for a month, 45 for a quarter, 90 for a
    /// year) has passed.
    pub due_period: String,
    pub latest_period: Option<String>,
}

/// What an alliance meeting opens with.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DashboardOut {
    /// New values are counted from here: the start of the latest meeting that has begun, else
    /// 30 days back.
    pub since: DateTime<Utc>,
    pub goals: Vec<DashboardGoal>,
    pub indicators: Vec<DashboardIndicator>,
    pub missing: Vec<MissingData>,
}

/// An initiative's goals in tree order with their indicators and the roll-up of their
/// statuses, each indicator's status and sparkline, what
/// came in since the last meeting, and the data due but missing by owner. The public sees the
/// indicators marked public.
#[utoipa::path(get, path = "/initiatives/{slug}/dashboard", tag = "indicators", operation_id = "getInitiativeDashboard",
    params(("slug" = String, Path)), responses((status = 200, body = DashboardOut), (status = 404)))]
pub async fn get_initiative_dashboard(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<DashboardOut>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let d = dashboard(&state, &who.actor, &i).await?;
    let indicators: Vec<Indicator> = d.cards.iter().map(|c| c.indicator.clone()).collect();
    let owners = owners(&state, &i, &indicators).await?;
    let missing = d
        .cards
        .iter()
        .filter(|c| c.missing())
        .map(|c| MissingData {
            indicator_id: c.indicator.id,
            organisation: c.indicator.organisation_id.and_then(|id| owners.get(&id).cloned()),
            due_period: c.view.due.code(),
            latest_period: c.latest.map(Period::code),
        })
        .collect();
    let goals = d
        .goals
        .iter()
        .map(|g| DashboardGoal {
            id: g.row.goal.id,
            title: g.row.goal.title.clone(),
            level: g.row.goal.level.code().into(),
            parent_id: g.row.goal.parent_id,
            indicator_ids: g.cards.iter().map(|&c| d.cards[c].indicator.id).collect(),
            status: g.status.code().into(),
        })
        .collect();
    let cards = d
        .cards
        .iter()
        .map(|c| DashboardIndicator {
            id: c.indicator.id,
            name: c.indicator.name.clone(),
            unit: c.indicator.unit.clone(),
            decimals: c.indicator.decimals,
            status: c.view.status.code().into(),
            headline_unit: c.unit.key(),
            sparkline: c.view.points.iter().map(|p| point((p.period, p.value))).collect(),
            new_values: c.new_values,
            status_then: c.status_then.code().into(),
        })
        .collect();
    Ok(Json(DashboardOut { since: d.since, goals, indicators: cards, missing }))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct IndicatorUnitOut {
    /// The key values are given by.
    pub id: i64,
    pub name: String,
}

fn unit_out(u: IndicatorUnit) -> IndicatorUnitOut {
    IndicatorUnitOut { id: u.id, name: u.name }
}

/// An initiative's own units (schools, neighbourhoods) for indicators of `custom` geography,
/// by name. The country (`DK`) is a unit at every level as well.
#[utoipa::path(get, path = "/initiatives/{slug}/indicator-units", tag = "indicators", operation_id = "listIndicatorUnits",
    params(("slug" = String, Path)), responses((status = 200, body = Vec<IndicatorUnitOut>), (status = 404)))]
pub async fn list_indicator_units(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<Vec<IndicatorUnitOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    Ok(Json(state.store.indicator_units_of(i.row.id).await?.into_iter().map(unit_out).collect()))
}

/// Adds a unit of the initiative's own (backbone staff); its name is unique in the initiative.
#[utoipa::path(post, path = "/initiatives/{slug}/indicator-units", tag = "indicators", operation_id = "createIndicatorUnit", security(("token" = [])),
    params(("slug" = String, Path)), request_body = IndicatorUnitInput,
    responses((status = 201, body = IndicatorUnitOut), (status = 401), (status = 403), (status = 404), (status = 409, body = crate::api::ValidationErrors), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_indicator_unit(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<IndicatorUnitInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ManageIndicators(scope(&i)))?;
    save_valid(input.validate(), async |name: String| {
        let unit = state.store.create_indicator_unit(i.row.id, &name, &who.audit).await?;
        Ok((StatusCode::CREATED, Json(unit_out(unit))).into_response())
    })
    .await
}

/// The file of an import. Other parts are refused: a part named with control characters cannot
/// even be read.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // the OpenAPI schema of the multipart body; the handler reads the parts
pub struct ImportUpload {
    /// CSV (UTF-8, UTF-16 or Windows-1252; `;`, `,` or tab) or XLSX/XLS/ODS, at most 64 MB (a bigger request is answered 413).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Only check the file and report; write nothing.
    #[serde(default)]
    pub dry_run: bool,
    /// The column of the unit, by header or 1-based number; guessed when left out.
    pub unit_column: Option<String>,
    /// The column of the period, by header or number; guessed when left out.
    pub period_column: Option<String>,
    /// The column of the value, by header or number; guessed when left out.
    pub value_column: Option<String>,
    /// The period of every row, for a file without a period column (e.g. `2024`).
    pub period: Option<String>,
}

/// A line of the file that is an error or was left out.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImportLineOut {
    /// The line in the file; the header is line 1.
    pub line: u64,
    /// E.g. `value-invalid`, `unit-unknown`, `summary-row`.
    pub reason: &'static str,
    /// The reason in Danish.
    pub message: String,
}

/// A column of the file.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImportColumnOut {
    /// From 1.
    pub number: usize,
    pub header: String,
}

/// The columns the values were read from.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImportMappingOut {
    /// Absent for a country indicator whose file names no unit.
    pub unit: Option<ImportColumnOut>,
    /// Absent when `period` was given for every row.
    pub period: Option<ImportColumnOut>,
    pub value: ImportColumnOut,
    pub note: Option<ImportColumnOut>,
}

/// What an import did, or would do: nothing is written when any line is an error.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImportOut {
    /// Values new or changed (0 for a dry run or a file with errors).
    pub imported: u64,
    /// Values equal to the stored ones.
    pub unchanged: u64,
    pub errors: Vec<ImportLineOut>,
    pub skipped: Vec<ImportLineOut>,
    pub mapping: ImportMappingOut,
}

/// Why an import wrote nothing: bad lines (each with its line and reason), or a file or
/// column choice that could not be read at all (by field).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)] // the OpenAPI schema of the 422 answer; the handler builds either shape
pub enum ImportRefused {
    Lines(ImportOut),
    File(crate::api::ValidationErrors),
}

/// Imports values from a CSV or spreadsheet file, all or nothing (backbone staff, and the
/// people of the owning organisation). 200 with the counts; 422 with every bad line, or with
/// the file or column that could not be read, and nothing written; a dry run reports without
/// writing.
#[utoipa::path(post, path = "/indicators/{id}/imports", tag = "indicators", operation_id = "importIndicatorValues", security(("token" = [])),
    params(("id" = i64, Path), ImportQuery), request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = ImportOut), (status = 401), (status = 403), (status = 404), (status = 413),
        (status = 422, body = ImportRefused)))]
pub async fn import_indicator_values(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Query(query): Query<ImportQuery>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, WebError> {
    use super::import::{Reading, read_file};
    let (i, indicator) = visible_indicator(&state, &who.actor, id).await?;
    who.require(&Action::EnterIndicatorValues(values_work(&i, &indicator)))?;
    let (mut file, mut name) = (Vec::new(), String::new());
    while let Some(field) = multipart.next_field().await.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
        _ => WebError::BadRequest,
    })? {
        if field.name() != Some("file") {
            return Err(WebError::BadRequest);
        }
        name = field.file_name().unwrap_or("fil.csv").to_owned();
        file = field.bytes().await.map_err(|_| WebError::TooLarge)?.to_vec();
    }
    let mapping = rygrad_domain::indicator_import::MappingInput {
        unit: query.unit_column,
        period: query.period_column,
        value: query.value_column,
        note: None,
        fixed_period: query.period,
    };
    let plan = match read_file(&state.store, &indicator, file, name.clone(), &mapping).await? {
        Reading::Unreadable(message_id) => {
            let mut errors = FieldErrors::default();
            let code =
                if message_id.ends_with("empty") { "indicator-import-empty" } else { "indicator-import-unreadable" };
            errors.add("file", FieldError::new(code));
            return Ok(validation_response(&errors));
        }
        Reading::Columns(_, errors) => return Ok(validation_response(&errors)),
        Reading::Planned(_, plan) => plan,
    };
    let tr = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::Da);
    let lines = |list: &[rygrad_domain::indicator_import::RowProblem]| -> Vec<ImportLineOut> {
        list.iter()
            .map(|p| ImportLineOut {
                line: p.line,
                reason: p.reason.code(),
                message: tr.t1(&format!("import-reason-{}", p.reason.code()), "detail", &p.detail),
            })
            .collect()
    };
    let column =
        |c: &rygrad_domain::indicator_import::Column| ImportColumnOut { number: c.number, header: c.header.clone() };
    let mut out = ImportOut {
        imported: 0,
        unchanged: 0,
        errors: lines(&plan.errors),
        skipped: lines(&plan.skipped),
        mapping: ImportMappingOut {
            unit: plan.mapping.unit.as_ref().map(column),
            period: plan.mapping.period.as_ref().map(column),
            value: column(&plan.mapping.value),
            note: plan.mapping.note.as_ref().map(column),
        },
    };
    if !plan.errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(out)).into_response());
    }
    if !query.dry_run {
        let values: Vec<rygrad_domain::indicator::Measurement> = plan
            .values
            .into_iter()
            .map(|v| rygrad_domain::indicator::Measurement {
                unit: v.unit,
                period: v.period,
                value: v.value,
                note: v.note,
                sample: None,
            })
            .collect();
        let provenance = Provenance { source: ValueSource::File, source_name: name, entered_by: who.audit.user_id };
        let counts = state.store.apply_import(&indicator, &values, &provenance, &who.audit).await?;
        (out.imported, out.unchanged) = (counts.imported, counts.unchanged);
    }
    Ok(Json(out).into_response())
}
