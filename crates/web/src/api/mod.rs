//! The JSON API under `/api/v1`: public reads, writes with a personal API token
//! (`Authorization: Bearer …`). Routes are registered through utoipa so the OpenAPI document at
//! `/api/v1/openapi.json` cannot drift from the code.

mod activities;
mod campaigns;
mod geo;
mod goals;
mod initiatives;
mod knowledge_base;
mod map;
mod meals;
mod meetings;
mod openapi_doc;
mod patch;
pub(crate) use meals::targets;
pub use patch::{Body, MergePatch, Path, TokenHolder};
mod memberships;
mod organisations;

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
        (name = "initiatives"), (name = "organisations"), (name = "memberships"), (name = "geography"), (name = "meals"), (name = "agenda"), (name = "action plan"), (name = "meetings")
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
            .routes(routes!(initiatives::list, initiatives::create))
            .routes(routes!(initiatives::get_one, initiatives::update))
            .routes(routes!(initiatives::list_invitations))
            .routes(routes!(initiatives::audit_log))
            .routes(routes!(organisations::list, organisations::create))
            .routes(routes!(organisations::get_one, organisations::update))
            .routes(routes!(memberships::list, memberships::create))
            .routes(routes!(memberships::end))
            .routes(routes!(geo::geocode))
            .routes(routes!(geo::municipalities))
            .routes(routes!(meals::list, meals::create))
            .routes(routes!(meals::get_one))
            .routes(routes!(meals::open_data_json))
            .routes(routes!(meals::open_data_csv))
            .routes(routes!(meals::sign_up))
            .routes(routes!(meals::relay))
            .routes(routes!(meals::progress))
            .routes(routes!(campaigns::list))
            .routes(routes!(campaigns::get_one))
            .routes(routes!(map::clusters))
            .routes(routes!(map::national_spread))
            .routes(routes!(map::relay_spread))
            .routes(routes!(goals::list_goals, goals::create_goal))
            .routes(routes!(goals::update_goal, goals::delete_goal))
            .routes(routes!(goals::list_tracks, goals::create_track))
            .routes(routes!(goals::get_track))
            .routes(routes!(goals::archive_goal))
            .routes(routes!(goals::relink_goal))
            .routes(routes!(knowledge_base::list_sections))
            .routes(routes!(knowledge_base::update_section))
            .routes(routes!(knowledge_base::list_revisions))
            .routes(routes!(knowledge_base::list_comments))
            .routes(routes!(meetings::list_meetings, meetings::create_meeting))
            .routes(routes!(meetings::get_meeting, meetings::update_meeting))
            .routes(routes!(meetings::create_decision))
            .routes(routes!(meetings::update_decision))
            .routes(routes!(meetings::list_decisions))
            .routes(routes!(meetings::create_action_item))
            .routes(routes!(meetings::list_action_items))
            .routes(routes!(meetings::update_action_item))
            .routes(routes!(activities::list_activities, activities::create_activity))
            .routes(routes!(activities::update_activity))
            .routes(routes!(activities::create_commitment))
            .routes(routes!(activities::get_commitment, activities::update_commitment))
            .routes(routes!(activities::list_activity_commitments))
            .routes(routes!(activities::create_delivery))
            .routes(routes!(activities::action_plan))
            .routes(routes!(activities::export_activities))
            .routes(routes!(activities::network)),
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

pub fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.base_url.trim_end_matches('/'))
}
