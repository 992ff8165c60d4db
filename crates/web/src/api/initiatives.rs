use super::{MergePatch, Writer};
use super::{absolute, taken_or, validation_response};
use crate::auth::ApiActor;
use crate::error::WebError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rygrad_domain::initiative::InitiativeInput;
use rygrad_domain::policy::{Action, InitiativeScope, allows};
use rygrad_store::initiatives::Initiative;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct InitiativeOut {
    pub slug: String,
    pub name: String,
    pub problem_statement: String,
    pub vision: String,
    pub guiding_principles: String,
    /// Official 4-digit municipality codes.
    pub municipalities: Vec<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub is_public: bool,
    pub url: String,
}

fn out(state: &AppState, i: Initiative) -> InitiativeOut {
    InitiativeOut {
        url: absolute(state, &format!("/initiativer/{}", i.row.slug)),
        slug: i.row.slug,
        name: i.row.name,
        problem_statement: i.row.problem_statement,
        vision: i.row.vision,
        guiding_principles: i.row.guiding_principles,
        municipalities: i.municipalities,
        starts_on: i.row.starts_on,
        ends_on: i.row.ends_on,
        is_public: i.row.is_public,
    }
}

pub use crate::initiatives::scope;

/// An initiative the caller may see.
pub async fn visible(state: &AppState, who: &ApiActor, slug: &str) -> Result<Initiative, WebError> {
    let i = state.store.initiative_by_slug(slug).await?.ok_or(WebError::NotFound)?;
    if !allows(&who.actor, &Action::ViewInitiative(scope(&i))) {
        return Err(WebError::NotFound);
    }
    Ok(i)
}

/// Initiatives the caller may see: the public ones, and with a token also the caller's own.
#[utoipa::path(get, path = "/initiatives", tag = "initiatives", operation_id = "listInitiatives",
    responses((status = 200, body = Vec<InitiativeOut>)))]
pub async fn list(State(state): State<AppState>, who: ApiActor) -> Result<Json<Vec<InitiativeOut>>, WebError> {
    let mut result = Vec::new();
    for row in state.store.initiatives().await? {
        if allows(&who.actor, &Action::ViewInitiative(InitiativeScope { id: row.id, is_public: row.is_public }))
            && let Some(i) = state.store.initiative(row.id).await?
        {
            result.push(out(&state, i));
        }
    }
    Ok(Json(result))
}

#[utoipa::path(get, path = "/initiatives/{slug}", tag = "initiatives", operation_id = "getInitiative",
    params(("slug" = String, Path)),
    responses((status = 200, body = InitiativeOut), (status = 404)))]
pub async fn get_one(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<InitiativeOut>, WebError> {
    let i = visible(&state, &who, &slug).await?;
    Ok(Json(out(&state, i)))
}

/// Creates an initiative (platform administrators).
#[utoipa::path(post, path = "/initiatives", tag = "initiatives", operation_id = "createInitiative", security(("token" = [])),
    request_body = InitiativeInput,
    responses((status = 201, body = InitiativeOut), (status = 401), (status = 403), (status = 422, body = super::ValidationErrors)))]
pub async fn create(
    State(state): State<AppState>,
    Writer(who): Writer,
    Json(input): Json<InitiativeInput>,
) -> Result<Response, WebError> {
    who.require(&Action::CreateInitiative)?;
    let profile = match input.validate() {
        Ok(p) => p,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let row = match state.store.create_initiative(&profile, &who.audit).await {
        Ok(row) => row,
        Err(e) => return taken_or(e, "slug"),
    };
    let i = state.store.initiative(row.id).await?.ok_or(WebError::NotFound)?;
    Ok((StatusCode::CREATED, Json(out(&state, i))).into_response())
}

/// Changes an initiative's profile (its backbone staff) with a merge patch: fields left out
/// keep their value.
#[utoipa::path(patch, path = "/initiatives/{slug}", tag = "initiatives", operation_id = "updateInitiative", security(("token" = [])),
    params(("slug" = String, Path)),
    request_body(content = InitiativeInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = InitiativeOut), (status = 401), (status = 403), (status = 404), (status = 422, body = super::ValidationErrors)))]
pub async fn update(
    State(state): State<AppState>,
    Writer(who): Writer,
    Path(slug): Path<String>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let existing = visible(&state, &who, &slug).await?;
    who.require(&Action::EditInitiative(scope(&existing)))?;
    let input = patch.apply(&crate::initiatives::input_of(&existing))?;
    let profile = match input.validate() {
        Ok(p) => p,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    if let Err(e) = state.store.update_initiative(existing.row.id, &profile, &who.audit).await {
        return taken_or(e, "slug");
    }
    let i = state.store.initiative(existing.row.id).await?.ok_or(WebError::NotFound)?;
    Ok(Json(out(&state, i)).into_response())
}
