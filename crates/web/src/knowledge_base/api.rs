//! The common agenda's knowledge base in the JSON API.

use crate::api::Path;
use crate::api::validation_response;
use crate::api::{MergePatch, TokenHolder};
use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, visible};
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rygrad_domain::knowledge_base::{SectionInput, SectionKind};
use rygrad_domain::policy::{Action, allows};

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AgendaSectionOut {
    /// `problem`, `vision`, `principles` or `strategies`.
    pub kind: String,
    /// The id of the current revision; none while the section has no text.
    pub id: Option<i64>,
    /// The current revision's number, counting from 1.
    pub revision: Option<i32>,
    pub body: String,
    pub sources: String,
    pub revised_at: Option<DateTime<Utc>>,
    /// How many people mark their support.
    pub supporters: u64,
}

/// The knowledge base: problem understanding, vision, guiding principles and strategies, each
/// with its current revision.
#[utoipa::path(get, path = "/initiatives/{slug}/agenda-sections", tag = "agenda", operation_id = "listAgendaSections",
    params(("slug" = String, Path)), responses((status = 200, body = Vec<AgendaSectionOut>), (status = 404)))]
pub async fn list_sections(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<Vec<AgendaSectionOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let sections = state.store.knowledge_base(i.row.id, None).await?;
    Ok(Json(
        sections
            .into_iter()
            .map(|s| AgendaSectionOut {
                kind: s.kind.code().to_owned(),
                id: s.current.as_ref().map(|c| c.id),
                revision: s.current.as_ref().map(|c| c.number),
                body: s.current.as_ref().map(|c| c.content.body.clone()).unwrap_or_default(),
                sources: s.current.as_ref().map(|c| c.content.sources.clone()).unwrap_or_default(),
                revised_at: s.current.as_ref().map(|c| c.created_at),
                supporters: s.supporters,
            })
            .collect(),
    ))
}

/// Saves a new revision of a section (backbone staff) with a merge patch over the current one:
/// a text left out is kept, the note is the new revision's own; the earlier revisions are kept.
#[utoipa::path(patch, path = "/initiatives/{slug}/agenda-sections/{kind}", tag = "agenda", operation_id = "updateAgendaSection", security(("token" = [])),
    params(("slug" = String, Path), ("kind" = String, Path, description = "problem, vision, principles or strategies")),
    request_body(content = SectionInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = AgendaSectionOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update_section(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path((slug, kind)): Path<(String, String)>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let kind = SectionKind::parse(&kind).ok_or(WebError::NotFound)?;
    who.require(&Action::ManageAgenda(scope(&i)))?;
    let sections = state.store.knowledge_base(i.row.id, None).await?;
    let current = sections.iter().find(|s| s.kind == kind).and_then(|s| s.current.as_ref());
    let input = patch.apply(&SectionInput {
        body: current.map(|r| r.content.body.clone()).unwrap_or_default(),
        sources: current.map(|r| r.content.sources.clone()).unwrap_or_default(),
        note: String::new(),
    })?;
    let revision = match input.validate() {
        Ok(r) => r,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let row = state.store.revise_section(i.row.id, kind, &revision, &who.audit).await?;
    let supporters = state
        .store
        .knowledge_base(i.row.id, None)
        .await?
        .into_iter()
        .find(|s| s.kind == kind)
        .map_or(0, |s| s.supporters);
    Ok(Json(AgendaSectionOut {
        kind: kind.code().to_owned(),
        id: Some(row.id),
        revision: Some(row.number),
        body: row.content.body,
        sources: row.content.sources,
        revised_at: Some(row.created_at),
        supporters,
    })
    .into_response())
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AgendaRevisionOut {
    pub id: i64,
    /// Counting from 1.
    pub number: i32,
    pub body: String,
    pub sources: String,
    /// What the author said the revision changed.
    pub note: String,
    pub created_at: DateTime<Utc>,
    /// The author's name: only for the alliance's people, as on the history page; none when the
    /// account was deleted.
    pub author: Option<String>,
}

/// Every revision of a knowledge-base section, the newest first.
#[utoipa::path(get, path = "/initiatives/{slug}/agenda-sections/{kind}/revisions", tag = "agenda", operation_id = "listAgendaSectionRevisions",
    params(("slug" = String, Path), ("kind" = String, Path, description = "problem, vision, principles or strategies")),
    responses((status = 200, body = Vec<AgendaRevisionOut>), (status = 404)))]
pub async fn list_revisions(
    State(state): State<AppState>,
    who: ApiActor,
    Path((slug, kind)): Path<(String, String)>,
) -> Result<Json<Vec<AgendaRevisionOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let kind = SectionKind::parse(&kind).ok_or(WebError::NotFound)?;
    let in_workspace = allows(&who.actor, &Action::ViewWorkspace(scope(&i)));
    let revisions = state.store.section_history(i.row.id, kind).await?;
    Ok(Json(
        revisions
            .into_iter()
            .map(|r| AgendaRevisionOut {
                author: r.author.filter(|_| in_workspace),
                id: r.id,
                number: r.number,
                body: r.content.body,
                sources: r.content.sources,
                note: r.content.note,
                created_at: r.created_at,
            })
            .collect(),
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AgendaCommentOut {
    pub id: i64,
    /// The number of the revision the comment was written on.
    pub revision: i32,
    pub body: String,
    /// None when the account was deleted.
    pub author: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The comments on a knowledge-base section, in the order the page shows them. Comments are the
/// alliance's own: for its people and administrators.
#[utoipa::path(get, path = "/initiatives/{slug}/agenda-sections/{kind}/comments", tag = "agenda", operation_id = "listAgendaSectionComments",
    security(("token" = [])),
    params(("slug" = String, Path), ("kind" = String, Path, description = "problem, vision, principles or strategies")),
    responses((status = 200, body = Vec<AgendaCommentOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn list_comments(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path((slug, kind)): Path<(String, String)>,
) -> Result<Json<Vec<AgendaCommentOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let kind = SectionKind::parse(&kind).ok_or(WebError::NotFound)?;
    who.require(&Action::ViewWorkspace(scope(&i)))?;
    let section = state.store.knowledge_base(i.row.id, None).await?.into_iter().find(|s| s.kind == kind);
    Ok(Json(
        section
            .map(|s| s.comments)
            .unwrap_or_default()
            .into_iter()
            .map(|c| AgendaCommentOut {
                id: c.id,
                revision: c.revision_number,
                body: c.body,
                author: c.author,
                created_at: c.created_at,
            })
            .collect(),
    ))
}
