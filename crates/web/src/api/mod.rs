//! The JSON API under `/api/v1`: public reads, writes with a personal API token
//! (`Authorization: Bearer …`). Routes are registered through utoipa so the OpenAPI document at
//! `/api/v1/openapi.json` cannot drift from the code.

mod extract;
mod openapi_doc;
pub use extract::{Body, MergePatch, Path, TokenHolder};

use crate::http::error::WebError;
use crate::http::state::AppState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use rygrad_domain::FieldErrors;
use std::collections::BTreeMap;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "rygrad API", description = "Initiatives, organisations and memberships of collective impact alliances."),
    modifiers(&BearerToken),
    tags(
        (name = "initiatives"), (name = "organisations"), (name = "memberships"), (name = "geography"), (name = "meals"), (name = "agenda"), (name = "action plan"), (name = "meetings"), (name = "indicators"), (name = "surveys")
    )
)]
struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "token",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(
        "/api/v1",
        OpenApiRouter::new()
            .routes(routes!(crate::initiatives::api::list, crate::initiatives::api::create))
            .routes(routes!(crate::initiatives::api::get_one, crate::initiatives::api::update))
            .routes(routes!(crate::initiatives::api::list_invitations))
            .routes(routes!(crate::initiatives::api::audit_log))
            .routes(routes!(crate::organisations::api::list, crate::organisations::api::create))
            .routes(routes!(crate::organisations::api::get_one, crate::organisations::api::update))
            .routes(routes!(crate::initiatives::memberships_api::list, crate::initiatives::memberships_api::create))
            .routes(routes!(crate::initiatives::memberships_api::end))
            .routes(routes!(crate::geography::api::geocode))
            .routes(routes!(crate::geography::api::municipalities))
            .routes(routes!(crate::meals::api::list, crate::meals::api::create))
            .routes(routes!(crate::meals::api::get_one))
            .routes(routes!(crate::meals::api::open_data_json))
            .routes(routes!(crate::meals::api::open_data_csv))
            .routes(routes!(crate::meals::api::sign_up))
            .routes(routes!(crate::meals::api::relay))
            .routes(routes!(crate::meals::api::progress))
            .routes(routes!(crate::campaigns::api::list))
            .routes(routes!(crate::campaigns::api::get_one))
            .routes(routes!(crate::meals::map_api::clusters))
            .routes(routes!(crate::meals::map_api::national_spread))
            .routes(routes!(crate::meals::map_api::relay_spread))
            .routes(routes!(crate::goals::api::list_goals, crate::goals::api::create_goal))
            .routes(routes!(crate::goals::api::update_goal, crate::goals::api::delete_goal))
            .routes(routes!(crate::goals::api::list_tracks, crate::goals::api::create_track))
            .routes(routes!(crate::goals::api::get_track))
            .routes(routes!(crate::goals::api::archive_goal))
            .routes(routes!(crate::goals::api::relink_goal))
            .routes(routes!(crate::knowledge_base::api::list_sections))
            .routes(routes!(crate::knowledge_base::api::update_section))
            .routes(routes!(crate::knowledge_base::api::list_revisions))
            .routes(routes!(crate::knowledge_base::api::list_comments))
            .routes(routes!(crate::meetings::api::list_meetings, crate::meetings::api::create_meeting))
            .routes(routes!(crate::meetings::api::get_meeting, crate::meetings::api::update_meeting))
            .routes(routes!(crate::meetings::api::create_decision))
            .routes(routes!(crate::meetings::api::update_decision))
            .routes(routes!(crate::meetings::api::list_decisions))
            .routes(routes!(crate::meetings::api::create_action_item))
            .routes(routes!(crate::meetings::api::list_action_items))
            .routes(routes!(crate::meetings::api::update_action_item))
            .routes(routes!(crate::activities::api::list_activities, crate::activities::api::create_activity))
            .routes(routes!(crate::activities::api::update_activity))
            .routes(routes!(crate::activities::api::create_commitment))
            .routes(routes!(crate::activities::api::get_commitment, crate::activities::api::update_commitment))
            .routes(routes!(crate::activities::api::list_activity_commitments))
            .routes(routes!(crate::activities::api::create_delivery))
            .routes(routes!(crate::activities::api::action_plan))
            .routes(routes!(crate::activities::api::export_activities))
            .routes(routes!(crate::activities::api::network))
            .routes(routes!(crate::indicators::api::list_indicators, crate::indicators::api::create_indicator))
            .routes(routes!(
                crate::indicators::api::get_indicator,
                crate::indicators::api::update_indicator,
                crate::indicators::api::delete_indicator
            ))
            .routes(routes!(crate::indicators::api::put_indicator_values))
            .merge(
                OpenApiRouter::new()
                    .routes(routes!(crate::indicators::api::import_indicator_values))
                    .layer(axum::extract::DefaultBodyLimit::max(crate::indicators::import::FILE_LIMIT)),
            )
            .routes(routes!(crate::indicators::api::get_indicator_series))
            .routes(routes!(crate::indicators::api::get_indicator_map))
            .routes(routes!(crate::indicators::api::get_initiative_dashboard))
            .routes(routes!(
                crate::indicators::api::list_indicator_units,
                crate::indicators::api::create_indicator_unit
            ))
            .routes(routes!(
                crate::indicators::statbank::get_indicator_connector,
                crate::indicators::statbank::put_indicator_connector
            ))
            .routes(routes!(crate::indicators::statbank::run_indicator_connector))
            .routes(routes!(
                crate::indicators::survey_feed_api::get_indicator_survey_link,
                crate::indicators::survey_feed_api::set_indicator_survey_link,
                crate::indicators::survey_feed_api::delete_indicator_survey_link
            ))
            .routes(routes!(crate::indicators::survey_feed_api::refresh_indicator_survey_link))
            .routes(routes!(crate::surveys::api::list_surveys, crate::surveys::api::create_survey))
            .routes(routes!(crate::surveys::api::get_survey, crate::surveys::api::update_survey))
            .routes(routes!(crate::surveys::api::create_survey_wave))
            .routes(routes!(crate::surveys::api::close_survey_wave))
            .routes(routes!(crate::surveys::api::reopen_survey_wave))
            .routes(routes!(crate::surveys::api::list_survey_groups, crate::surveys::api::create_survey_group))
            .routes(routes!(crate::surveys::api::submit_survey_response))
            .routes(routes!(crate::surveys::api::get_survey_results))
            .routes(routes!(crate::surveys::api::export_survey_responses))
            .routes(routes!(crate::surveys::api::get_survey_codebook)),
    )
}

/// The OpenAPI document as utoipa builds it from the handlers' attributes.
fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().split_for_parts().1
}

pub fn router() -> Router<AppState> {
    let (router, _) = api_routes().split_for_parts();
    let document = std::sync::Arc::new(document());
    router.route(
        "/api/v1/openapi.json",
        axum::routing::get(move || {
            let document = document.clone();
            async move { Json(document.as_ref().clone()) }
        }),
    )
}

/// The OpenAPI document as served: utoipa's, with what its attributes cannot say filled in
/// (see `openapi_doc`).
pub fn document() -> serde_json::Value {
    let raw = serde_json::to_value(openapi()).expect("the OpenAPI document serialises");
    openapi_doc::finish(raw)
}

/// Validation errors: 422 with a code and a Danish message per field.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ValidationErrors {
    pub error: &'static str,
    /// Field name → error code (e.g. `required`, `slug-format`).
    pub fields: BTreeMap<String, String>,
    /// Field name → message in Danish.
    pub messages: BTreeMap<String, String>,
}

pub fn validation_response(errors: &FieldErrors) -> Response {
    let tr = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::Da);
    let body = ValidationErrors {
        error: "validation",
        fields: errors.iter().map(|(f, c)| (f.to_owned(), c.to_owned())).collect(),
        messages: errors.iter().map(|(f, c)| (f.to_owned(), tr.t(&format!("err-{c}")))).collect(),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// A store error where a unique value is taken becomes a 409 Conflict with the body of a
/// validation error on `field`: the request was valid, what it collides with is another record.
pub fn taken_or(e: rygrad_store::StoreError, field: &'static str) -> Result<Response, WebError> {
    match e {
        rygrad_store::StoreError::Taken(_) => {
            let mut errors = FieldErrors::default();
            errors.add(field, rygrad_domain::FieldError::new("taken"));
            let mut response = validation_response(&errors);
            *response.status_mut() = StatusCode::CONFLICT;
            Ok(response)
        }
        other => Err(other.into()),
    }
}

/// Answers a write of `validated` input: 422 with the input's errors, 409 when `save` finds a
/// unique value taken, else what `save` answers.
pub async fn save_valid<P>(
    validated: Result<P, FieldErrors>,
    save: impl AsyncFnOnce(P) -> Result<Response, rygrad_store::StoreError>,
) -> Result<Response, WebError> {
    let input = match validated {
        Ok(input) => input,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    match save(input).await {
        Ok(response) => Ok(response),
        Err(e @ rygrad_store::StoreError::Taken(field)) => taken_or(e, field),
        Err(e) => Err(e.into()),
    }
}

pub fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.base_url.trim_end_matches('/'))
}
