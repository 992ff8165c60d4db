use crate::api::Path;
use crate::api::{Body, MergePatch, TokenHolder};
use crate::api::{absolute, save_valid};
use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, visible};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use rygrad_domain::initiative::InitiativeInput;
use rygrad_domain::policy::{Action, InitiativeScope, allows};
use rygrad_store::StoreError;
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
    let i = visible(&state, &who.actor, &slug).await?;
    Ok(Json(out(&state, i)))
}

/// Creates an initiative (platform administrators).
#[utoipa::path(post, path = "/initiatives", tag = "initiatives", operation_id = "createInitiative", security(("token" = [])),
    request_body = InitiativeInput,
    responses((status = 201, body = InitiativeOut), (status = 401), (status = 403), (status = 409, body = crate::api::ValidationErrors, description = "The slug is taken by another record; nothing was changed."), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Body(input): Body<InitiativeInput>,
) -> Result<Response, WebError> {
    who.require(&Action::CreateInitiative)?;
    save_valid(input.validate(), async |profile| {
        let row = state.store.create_initiative(&profile, &who.audit).await?;
        let i = state.store.initiative(row.id).await?.ok_or(StoreError::NotFound)?;
        Ok((StatusCode::CREATED, Json(out(&state, i))).into_response())
    })
    .await
}

/// Changes an initiative's profile (its backbone staff) with a merge patch: fields left out
/// keep their value.
#[utoipa::path(patch, path = "/initiatives/{slug}", tag = "initiatives", operation_id = "updateInitiative", security(("token" = [])),
    params(("slug" = String, Path)),
    request_body(content = InitiativeInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = InitiativeOut), (status = 401), (status = 403), (status = 404), (status = 409, body = crate::api::ValidationErrors, description = "The slug is taken by another record; nothing was changed."), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let existing = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::EditInitiative(scope(&existing)))?;
    let input = patch.apply(&crate::initiatives::rules::input_of(&existing))?;
    save_valid(input.validate(), async |profile| {
        state.store.update_initiative(existing.row.id, &profile, &who.audit).await?;
        let i = state.store.initiative(existing.row.id).await?.ok_or(StoreError::NotFound)?;
        Ok(Json(out(&state, i)).into_response())
    })
    .await
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct InvitationOut {
    pub id: i64,
    /// Shown only to those who may invite: backbone staff and administrators.
    pub email: String,
    /// The role the invitation grants: `member`, `backbone` or `viewer`.
    pub role: String,
    /// The slug of the organisation the invited person will act for.
    pub organisation: Option<String>,
    /// `pending`, `accepted` or `expired`.
    pub status: &'static str,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

/// The invitations sent in an initiative, the newest first (backbone staff and administrators,
/// as on the invitations page). The invitations' tokens are never shown.
#[utoipa::path(get, path = "/initiatives/{slug}/invitations", tag = "initiatives", operation_id = "listInvitations",
    security(("token" = [])), params(("slug" = String, Path)),
    responses((status = 200, body = Vec<InvitationOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn list_invitations(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
) -> Result<Json<Vec<InvitationOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::InvitePeople(scope(&i)))?;
    let invitations = state.store.invitations_of_initiative(i.row.id).await?;
    let named = invitations.iter().filter_map(|v| v.organisation_id).collect();
    let slugs = crate::initiatives::rules::slugs(&state, i.row.id, named).await?;
    Ok(Json(
        invitations
            .into_iter()
            .map(|v| InvitationOut {
                status: v.status.code(),
                organisation: v.organisation_id.and_then(|id| slugs.get(&id).cloned()),
                id: v.id,
                email: v.email,
                role: v.role.code().to_owned(),
                created_at: v.created_at,
                expires_at: v.expires_at,
                accepted_at: v.accepted_at,
            })
            .collect(),
    ))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditLogQuery {
    /// Only entries older than this entry id: the `next_before` of the previous page.
    pub before: Option<i64>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AuditEntryOut {
    pub id: i64,
    /// What was done: `create`, `update`, `delete`, `accept`, `archive`, `restore`, `relink`,
    /// `end`, `grant`, `invite`, `revise`, `comment` or `support`.
    pub action: String,
    /// What it was done to: `initiative`, `organisation`, `membership`, `invitation`, `goal`,
    /// `track`, `activity`, `commitment`, `delivery`, `campaign`, `meeting`, `decision`,
    /// `action_item` or `kb_section`.
    pub entity: String,
    pub entity_id: Option<i64>,
    /// The fields as logged: a created row's values, or `[old, new]` for each changed field.
    /// Codes stay codes and related rows are ids (the log page shows them in words); e-mail
    /// addresses are never logged.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// Who did it: a person's name (`—` once their account is deleted), or `rygrad`.
    pub actor_name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AuditLogOut {
    /// At most 100 entries, the newest first.
    pub entries: Vec<AuditEntryOut>,
    /// Pass as `before` for the next, older page; null on the last page.
    pub next_before: Option<i64>,
}

/// The audit log of an initiative, a page at a time (backbone staff and administrators, as on
/// the log page).
#[utoipa::path(get, path = "/initiatives/{slug}/audit-log", tag = "initiatives", operation_id = "listAuditLog",
    security(("token" = [])), params(("slug" = String, Path), AuditLogQuery),
    responses((status = 200, body = AuditLogOut), (status = 401), (status = 403), (status = 404)))]
pub async fn audit_log(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Query(query): Query<AuditLogQuery>,
) -> Result<Json<AuditLogOut>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ViewAuditLog(scope(&i)))?;
    let entries = state.store.audit_log(i.row.id, query.before, crate::initiatives::rules::LOG_PAGE_SIZE).await?;
    let next_before = (entries.len() as u64 == crate::initiatives::rules::LOG_PAGE_SIZE)
        .then(|| entries.last().map(|e| e.id))
        .flatten();
    Ok(Json(AuditLogOut {
        entries: entries
            .into_iter()
            .map(|e| AuditEntryOut {
                changes: serde_json::Value::Object(e.changes),
                id: e.id,
                action: e.action,
                entity: e.entity,
                entity_id: e.entity_id,
                actor_name: e.actor_name,
                created_at: e.created_at,
            })
            .collect(),
        next_before,
    }))
}
