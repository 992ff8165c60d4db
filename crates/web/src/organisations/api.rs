use crate::api::Path;
use crate::api::{Body, MergePatch, TokenHolder};
use crate::api::{absolute, save_valid};
use crate::http::error::WebError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rygrad_domain::organisation::OrganisationInput;
use rygrad_domain::policy::{Action, OrganisationScope};
use rygrad_store::StoreError;
use rygrad_store::organisations::{Organisation, OrganisationFilter};

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct OrganisationOut {
    pub slug: String,
    pub name: String,
    /// `municipality`, `region`, `state`, `association`, `volunteer_group`, `business`,
    /// `foundation`, `education` or `citizens_group`.
    pub sector: String,
    pub municipality_code: Option<String>,
    pub website: Option<String>,
    pub description: String,
    pub url: String,
}

pub fn out(state: &AppState, o: Organisation) -> OrganisationOut {
    OrganisationOut {
        url: absolute(state, &format!("/organisationer/{}", o.slug)),
        slug: o.slug,
        name: o.name,
        sector: o.sector.code().to_owned(),
        municipality_code: o.municipality_code,
        website: o.website,
        description: o.description,
    }
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Part of the name.
    q: Option<String>,
    sector: Option<String>,
    municipality_code: Option<String>,
    /// Page number from 1; 100 per page.
    #[param(maximum = 65535)]
    page: Option<u16>,
}

#[utoipa::path(get, path = "/organisations", tag = "organisations", operation_id = "listOrganisations", params(ListParams),
    responses((status = 200, body = Vec<OrganisationOut>)))]
pub async fn list(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> Result<Json<Vec<OrganisationOut>>, WebError> {
    let filter = OrganisationFilter { search: p.q, sector: p.sector, municipality_code: p.municipality_code };
    let page = state.store.organisations(&filter, u64::from(p.page.unwrap_or(1).clamp(1, 10_000) - 1), 100).await?;
    Ok(Json(page.rows.into_iter().map(|o| out(&state, o)).collect()))
}

#[utoipa::path(get, path = "/organisations/{slug}", tag = "organisations", operation_id = "getOrganisation", params(("slug" = String, Path)),
    responses((status = 200, body = OrganisationOut), (status = 404)))]
pub async fn get_one(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<OrganisationOut>, WebError> {
    let o = state.store.organisation_by_slug(&slug).await?.ok_or(WebError::NotFound)?;
    Ok(Json(out(&state, o)))
}

/// Creates an organisation (backbone staff, platform administrators).
#[utoipa::path(post, path = "/organisations", tag = "organisations", operation_id = "createOrganisation", security(("token" = [])),
    request_body = OrganisationInput,
    responses((status = 201, body = OrganisationOut), (status = 401), (status = 403), (status = 409, body = crate::api::ValidationErrors, description = "The slug is taken by another record; nothing was changed."), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Body(input): Body<OrganisationInput>,
) -> Result<Response, WebError> {
    who.require(&Action::CreateOrganisation)?;
    save_valid(input.validate(), async |profile| {
        let o = state.store.create_organisation(&profile, None, &who.audit).await?;
        Ok((StatusCode::CREATED, Json(out(&state, o))).into_response())
    })
    .await
}

/// Changes an organisation's profile (its own members, backbone staff of its alliances) with a
/// merge patch: fields left out keep their value.
#[utoipa::path(patch, path = "/organisations/{slug}", tag = "organisations", operation_id = "updateOrganisation", security(("token" = [])),
    params(("slug" = String, Path)),
    request_body(content = OrganisationInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = OrganisationOut), (status = 401), (status = 403), (status = 404), (status = 409, body = crate::api::ValidationErrors, description = "The slug is taken by another record; nothing was changed."), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let existing = state.store.organisation_by_slug(&slug).await?.ok_or(WebError::NotFound)?;
    let member_of = crate::organisations::rules::edit_scope_of(&state, existing.id).await?;
    who.require(&Action::EditOrganisation(OrganisationScope { id: existing.id, member_of: &member_of }))?;
    let input = patch.apply(&crate::organisations::rules::input_of(&existing))?;
    save_valid(input.validate(), async |profile| {
        state.store.update_organisation(existing.id, &profile, &who.audit).await?;
        let o = state.store.organisation(existing.id).await?.ok_or(StoreError::NotFound)?;
        Ok(Json(out(&state, o)).into_response())
    })
    .await
}
