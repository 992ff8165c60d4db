use crate::api::Body;
use crate::api::Path;
use crate::api::TokenHolder;
use crate::api::validation_response;
use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, visible};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rygrad_domain::membership::{JoinInput, LeaveInput};
use rygrad_domain::policy::Action;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::memberships::Membership;
use rygrad_store::organisations::Organisation;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MembershipOut {
    pub id: i64,
    /// The organisation's slug.
    pub organisation: String,
    pub organisation_name: String,
    /// `chair`, `vice_chair`, `member` or `secretariat`.
    pub role: String,
    pub starts_on: NaiveDate,
    /// Set when the organisation left (udtrådt).
    pub ends_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
}

fn out(m: Membership, o: Organisation) -> MembershipOut {
    MembershipOut {
        id: m.id,
        organisation: o.slug,
        organisation_name: o.name,
        role: m.role.code().to_owned(),
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        end_reason: m.end_reason,
    }
}

/// Every membership of an initiative's alliance, current and past.
#[utoipa::path(get, path = "/initiatives/{slug}/memberships", tag = "memberships", operation_id = "listMemberships", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<MembershipOut>), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<Vec<MembershipOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let rows = state.store.memberships_of_initiative(i.row.id).await?;
    Ok(Json(rows.into_iter().map(|(m, o)| out(m, o)).collect()))
}

/// Adds an organisation to the alliance (backbone staff).
#[utoipa::path(post, path = "/initiatives/{slug}/memberships", tag = "memberships", operation_id = "createMembership", security(("token" = [])),
    params(("slug" = String, Path)), request_body = JoinInput,
    responses((status = 201, body = MembershipOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<JoinInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ManageMemberships(scope(&i)))?;
    let join = match input.validate() {
        Ok(j) => j,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let mut errors = FieldErrors::default();
    let Some(org) = state.store.organisation_by_slug(&join.organisation_slug).await? else {
        errors.add("organisation", FieldError::new("unknown-organisation"));
        return Ok(validation_response(&errors));
    };
    if state.store.current_initiatives_of_organisation(org.id, join.starts_on).await?.contains(&i.row.id) {
        errors.add("organisation", FieldError::new("already-member"));
        return Ok(validation_response(&errors));
    }
    let m = state.store.add_membership(i.row.id, org.id, join.role, join.starts_on, &who.audit).await?;
    Ok((StatusCode::CREATED, Json(out(m, org))).into_response())
}

/// Records that a member left: the membership keeps its history with an end date and reason.
#[utoipa::path(post, path = "/initiatives/{slug}/memberships/{id}/end", tag = "memberships", operation_id = "endMembership", security(("token" = [])),
    params(("slug" = String, Path), ("id" = i64, Path)), request_body = LeaveInput,
    responses((status = 200, body = MembershipOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn end(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path((slug, id)): Path<(String, i64)>,
    Body(input): Body<LeaveInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ManageMemberships(scope(&i)))?;
    let m = state.store.membership(id).await?.filter(|m| m.initiative_id == i.row.id).ok_or(WebError::NotFound)?;
    let leave = match input.validate(m.starts_on) {
        Ok(l) => l,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    state.store.end_membership(id, &leave, &who.audit).await?;
    let m = state.store.membership(id).await?.ok_or(WebError::NotFound)?;
    let o = state.store.organisation(m.organisation_id).await?.ok_or(WebError::NotFound)?;
    Ok(Json(out(m, o)).into_response())
}
