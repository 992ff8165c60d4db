use super::initiatives::{scope, visible};
use super::validation_response;
use crate::auth::ApiActor;
use crate::error::WebError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rygrad_domain::goal::{GoalInput, TrackInput};
use rygrad_domain::policy::Action;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::entity::{goal, track};
use rygrad_store::goals::GoalRefusal;

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GoalOut {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// `vision`, `long_term`, `intermediate` or `target`.
    pub level: String,
    pub parent_id: Option<i64>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

fn goal_out(g: goal::Model) -> GoalOut {
    GoalOut {
        id: g.id,
        title: g.title,
        description: g.description,
        level: g.level,
        parent_id: g.parent_id,
        starts_on: g.starts_on,
        ends_on: g.ends_on,
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TrackOut {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// The lead organisation's slug.
    pub lead_organisation: Option<String>,
}

fn refusal(r: GoalRefusal) -> Response {
    let mut errors = FieldErrors::default();
    errors.add(
        "parent_id",
        FieldError::new(match r {
            GoalRefusal::UnknownParent => "goal-unknown-parent",
            GoalRefusal::Cycle => "goal-cycle",
        }),
    );
    validation_response(&errors)
}

/// The goal hierarchy of an initiative (archived goals left out).
#[utoipa::path(get, path = "/initiatives/{slug}/goals", tag = "agenda", operation_id = "listGoals",
    params(("slug" = String, Path)), responses((status = 200, body = Vec<GoalOut>), (status = 404)))]
pub async fn list_goals(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<Vec<GoalOut>>, WebError> {
    let i = visible(&state, &who, &slug).await?;
    Ok(Json(state.store.goals_of(i.row.id).await?.into_iter().map(goal_out).collect()))
}

/// Adds a goal, optionally under a parent goal of the same initiative (backbone staff).
#[utoipa::path(post, path = "/initiatives/{slug}/goals", tag = "agenda", operation_id = "createGoal", security(("token" = [])),
    params(("slug" = String, Path)), request_body = GoalInput,
    responses((status = 201, body = GoalOut), (status = 401), (status = 403), (status = 404), (status = 422, body = super::ValidationErrors)))]
pub async fn create_goal(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    Json(input): Json<GoalInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who, &slug).await?;
    who.require(&Action::ManageAgenda(scope(&i)))?;
    let plan = match input.validate() {
        Ok(p) => p,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    Ok(match state.store.create_goal(i.row.id, &plan, &who.audit).await? {
        Ok(g) => (StatusCode::CREATED, Json(goal_out(g))).into_response(),
        Err(r) => refusal(r),
    })
}

/// Edits a goal, including moving it under another parent; cycles are refused.
#[utoipa::path(put, path = "/goals/{id}", tag = "agenda", operation_id = "updateGoal", security(("token" = [])),
    params(("id" = i64, Path)), request_body = GoalInput,
    responses((status = 200, body = GoalOut), (status = 401), (status = 403), (status = 404), (status = 422, body = super::ValidationErrors)))]
pub async fn update_goal(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
    Json(input): Json<GoalInput>,
) -> Result<Response, WebError> {
    let g = state.store.goal(id).await?.ok_or(WebError::NotFound)?;
    let i = state.store.initiative(g.initiative_id).await?.ok_or(WebError::NotFound)?;
    if !rygrad_domain::policy::allows(&who.actor, &Action::ViewInitiative(scope(&i))) {
        return Err(WebError::NotFound);
    }
    who.require(&Action::ManageAgenda(scope(&i)))?;
    let plan = match input.validate() {
        Ok(p) => p,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    Ok(match state.store.update_goal(id, &plan, &who.audit).await? {
        Ok(g) => Json(goal_out(g)).into_response(),
        Err(r) => refusal(r),
    })
}

/// Adds a strategic track with its lead organisation (backbone staff).
#[utoipa::path(post, path = "/initiatives/{slug}/tracks", tag = "agenda", operation_id = "createTrack", security(("token" = [])),
    params(("slug" = String, Path)), request_body = TrackInput,
    responses((status = 201, body = TrackOut), (status = 401), (status = 403), (status = 404), (status = 422, body = super::ValidationErrors)))]
pub async fn create_track(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    Json(input): Json<TrackInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who, &slug).await?;
    who.require(&Action::ManageAgenda(scope(&i)))?;
    let plan = match input.validate() {
        Ok(p) => p,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let lead = match &plan.lead_organisation {
        Some(slug) => match state.store.organisation_by_slug(slug).await? {
            Some(o) => Some(o),
            None => {
                let mut errors = FieldErrors::default();
                errors.add("lead_organisation", FieldError::new("unknown-organisation"));
                return Ok(validation_response(&errors));
            }
        },
        None => None,
    };
    let t: track::Model = state.store.create_track(i.row.id, &plan, lead.as_ref().map(|o| o.id), &who.audit).await?;
    Ok((
        StatusCode::CREATED,
        Json(TrackOut {
            id: t.id,
            title: t.title,
            description: t.description,
            lead_organisation: lead.map(|o| o.slug),
        }),
    )
        .into_response())
}
