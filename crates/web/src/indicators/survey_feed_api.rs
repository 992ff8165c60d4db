//! The JSON API of a survey question feeding an indicator (backbone staff): read, set and
//! remove an indicator's link, and write its values now (`survey_feed.rs` has the rules).

use super::api::ValueCountsOut;
use super::rules::visible_indicator;
use super::survey_feed::{FeedReport, check_link, refresh};
use crate::api::{Body, Path, TokenHolder, validation_response};
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::scope;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rygrad_domain::indicator::Unit;
use rygrad_domain::policy::Action;
use rygrad_domain::survey_feed::{FeedUnits, SurveyLinkInput};
use rygrad_store::indicators::Indicator;
use rygrad_store::survey_feeds::SurveyLink;

/// A link as the API shows it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SurveyLinkOut {
    pub indicator_id: i64,
    pub survey_id: i64,
    pub question: String,
    /// The option numbers counted.
    pub options: Vec<u32>,
    /// `groups` or `wave`.
    #[schema(schema_with = FeedUnits::schema)]
    pub units: FeedUnits,
    /// With `wave`: the unit's key.
    pub unit: Option<String>,
}

impl From<SurveyLink> for SurveyLinkOut {
    fn from(l: SurveyLink) -> Self {
        SurveyLinkOut {
            indicator_id: l.indicator_id,
            survey_id: l.plan.survey_id,
            units: l.plan.mapping.units(),
            unit: l.plan.mapping.unit().map(Unit::key),
            question: l.plan.question,
            options: l.plan.options,
        }
    }
}

/// What a refresh wrote.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SurveyFeedOut {
    #[serde(flatten)]
    pub counts: ValueCountsOut,
    /// Groups or waves that gave no value because their numbers are suppressed.
    pub hidden: u64,
    /// Groups with a value but no unit of the initiative by that name.
    pub unmatched: Vec<String>,
}

impl From<FeedReport> for SurveyFeedOut {
    fn from(r: FeedReport) -> Self {
        SurveyFeedOut { counts: r.counts.into(), hidden: r.hidden, unmatched: r.unmatched }
    }
}

/// An indicator whose link the caller may manage.
async fn managed(state: &AppState, who: &crate::http::auth::ApiActor, id: i64) -> Result<Indicator, WebError> {
    let (i, indicator) = visible_indicator(state, &who.actor, id).await?;
    who.require(&Action::ManageIndicators(scope(&i)))?;
    Ok(indicator)
}

/// The survey question an indicator is fed by (backbone staff).
#[utoipa::path(get, path = "/indicators/{id}/survey-link", tag = "indicators", operation_id = "getIndicatorSurveyLink", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = SurveyLinkOut), (status = 401), (status = 403), (status = 404)))]
pub async fn get_indicator_survey_link(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<SurveyLinkOut>, WebError> {
    let indicator = managed(&state, &who, id).await?;
    let link = state.store.indicator_survey_link(&indicator).await?.ok_or(WebError::NotFound)?;
    Ok(Json(link.into()))
}

/// Links an indicator to a survey question of its initiative, or changes the link: the
/// options counted and where the values go (backbone staff). Refresh to write the values.
#[utoipa::path(put, path = "/indicators/{id}/survey-link", tag = "indicators", operation_id = "setIndicatorSurveyLink", security(("token" = [])),
    params(("id" = i64, Path)), request_body = SurveyLinkInput,
    responses((status = 200, body = SurveyLinkOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn set_indicator_survey_link(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(input): Body<SurveyLinkInput>,
) -> Result<Response, WebError> {
    let indicator = managed(&state, &who, id).await?;
    let plan = match check_link(&state, &indicator, &input).await? {
        Ok(plan) => plan,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let link = state.store.save_indicator_survey_link(&indicator, &plan, &who.audit).await?;
    Ok(Json(SurveyLinkOut::from(link)).into_response())
}

/// Removes an indicator's survey link; the values it wrote stay (backbone staff).
#[utoipa::path(delete, path = "/indicators/{id}/survey-link", tag = "indicators", operation_id = "deleteIndicatorSurveyLink", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn delete_indicator_survey_link(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<StatusCode, WebError> {
    let indicator = managed(&state, &who, id).await?;
    state.store.delete_indicator_survey_link(&indicator, &who.audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Writes the values the linked question gives for every closed wave now; a wave's closing
/// does the same (backbone staff).
#[utoipa::path(post, path = "/indicators/{id}/survey-link/refresh", tag = "indicators", operation_id = "refreshIndicatorSurveyLink", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = SurveyFeedOut), (status = 401), (status = 403), (status = 404)))]
pub async fn refresh_indicator_survey_link(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<SurveyFeedOut>, WebError> {
    let indicator = managed(&state, &who, id).await?;
    let link = state.store.indicator_survey_link(&indicator).await?.ok_or(WebError::NotFound)?;
    Ok(Json(refresh(&state, &indicator, &link, &who.audit).await?.into()))
}
