use super::rules::check_track;
use crate::api::Path;
use crate::api::validation_response;
use crate::api::{Body, MergePatch, TokenHolder};
use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, visible};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use rygrad_domain::goal::{GoalInput, TrackInput};
use rygrad_domain::policy::Action;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::goals::{Goal, GoalRefusal, Track};
use rygrad_store::initiatives::Initiative;

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

fn goal_out(g: Goal) -> GoalOut {
    GoalOut {
        id: g.id,
        title: g.title,
        description: g.description,
        level: g.level.code().into(),
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

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GoalQuery {
    /// The archived goals instead of the hierarchy.
    #[serde(default)]
    pub archived: bool,
}

/// The goal hierarchy of an initiative (archived goals left out), or with `archived=true` the
/// archived goals.
#[utoipa::path(get, path = "/initiatives/{slug}/goals", tag = "agenda", operation_id = "listGoals",
    params(("slug" = String, Path), GoalQuery), responses((status = 200, body = Vec<GoalOut>), (status = 404)))]
pub async fn list_goals(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    Query(query): Query<GoalQuery>,
) -> Result<Json<Vec<GoalOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let goals = if query.archived {
        state.store.archived_goals_of(i.row.id).await?
    } else {
        state.store.goals_of(i.row.id).await?
    };
    Ok(Json(goals.into_iter().map(goal_out).collect()))
}

/// Adds a goal, optionally under a parent goal of the same initiative (backbone staff).
#[utoipa::path(post, path = "/initiatives/{slug}/goals", tag = "agenda", operation_id = "createGoal", security(("token" = [])),
    params(("slug" = String, Path)), request_body = GoalInput,
    responses((status = 201, body = GoalOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_goal(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<GoalInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
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

/// Edits a goal with a merge patch (fields left out keep their value), including moving it
/// under another parent (`"parent_id": null` makes it a top goal); cycles are refused.
#[utoipa::path(patch, path = "/goals/{id}", tag = "agenda", operation_id = "updateGoal", security(("token" = [])),
    params(("id" = i64, Path)), request_body(content = GoalInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = GoalOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update_goal(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let (i, g) = visible_goal(&state, &who, id).await?;
    who.require(&Action::ManageAgenda(scope(&i)))?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let current = GoalInput {
        title: g.title,
        description: g.description,
        level: g.level.code().into(),
        parent_id: g.parent_id,
        starts_on: date(g.starts_on),
        ends_on: date(g.ends_on),
    };
    let plan = match patch.apply(&current)?.validate() {
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
    responses((status = 201, body = TrackOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_track(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<TrackInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ManageAgenda(scope(&i)))?;
    let (plan, lead) = match check_track(&state, &input).await? {
        Ok(checked) => checked,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let t = state.store.create_track(i.row.id, &plan, lead, &who.audit).await?;
    let lead_slug = plan.lead_organisation;
    Ok((StatusCode::CREATED, Json(track_out(t, lead_slug))).into_response())
}

fn track_out(t: Track, lead_organisation: Option<String>) -> TrackOut {
    TrackOut { id: t.id, title: t.title, description: t.description, lead_organisation }
}

/// An initiative's tracks with their lead organisations' slugs, oldest first.
async fn tracks(state: &AppState, i: &Initiative) -> Result<Vec<TrackOut>, WebError> {
    let rows = state.store.tracks_of(i.row.id).await?;
    let leads: Vec<i64> = rows.iter().filter_map(|t| t.lead_organisation_id).collect();
    let slugs = crate::initiatives::rules::slugs(state, i.row.id, leads).await?;
    Ok(rows
        .into_iter()
        .map(|t| {
            let lead = t.lead_organisation_id.and_then(|id| slugs.get(&id).cloned());
            track_out(t, lead)
        })
        .collect())
}

/// The strategic tracks of an initiative, oldest first.
#[utoipa::path(get, path = "/initiatives/{slug}/tracks", tag = "agenda", operation_id = "listTracks",
    params(("slug" = String, Path)), responses((status = 200, body = Vec<TrackOut>), (status = 404)))]
pub async fn list_tracks(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<Vec<TrackOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    Ok(Json(tracks(&state, &i).await?))
}

/// One strategic track of an initiative.
#[utoipa::path(get, path = "/initiatives/{slug}/tracks/{id}", tag = "agenda", operation_id = "getTrack",
    params(("slug" = String, Path), ("id" = i64, Path)), responses((status = 200, body = TrackOut), (status = 404)))]
pub async fn get_track(
    State(state): State<AppState>,
    who: ApiActor,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Json<TrackOut>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let track = tracks(&state, &i).await?.into_iter().find(|t| t.id == id).ok_or(WebError::NotFound)?;
    Ok(Json(track))
}

/// A goal of an initiative the caller may see.
async fn visible_goal(state: &AppState, who: &ApiActor, id: i64) -> Result<(Initiative, Goal), WebError> {
    let g = state.store.goal(id).await?.ok_or(WebError::NotFound)?;
    let i = state.store.initiative(g.initiative_id).await?.ok_or(WebError::NotFound)?;
    if !rygrad_domain::policy::allows(&who.actor, &Action::ViewInitiative(scope(&i))) {
        return Err(WebError::NotFound);
    }
    Ok((i, g))
}

/// Why a goal was not deleted: what still points at it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GoalInUse {
    /// `goal-has-dependants`
    pub error: &'static str,
    pub child_goals: u64,
    pub activities: u64,
    pub commitments: u64,
    /// What to do instead, in Danish.
    pub message: String,
}

/// Deletes a goal that nothing points at. A goal with sub-goals is refused with 409: move them
/// (`relinkGoalChildren`) or archive the goal (`archiveGoal`) instead.
#[utoipa::path(delete, path = "/goals/{id}", tag = "agenda", operation_id = "deleteGoal", security(("token" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 409, body = GoalInUse)))]
pub async fn delete_goal(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (i, _) = visible_goal(&state, &who, id).await?;
    who.require(&Action::ManageAgenda(scope(&i)))?;
    Ok(match state.store.delete_goal(id, &who.audit).await? {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(dependants) => {
            let tr = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::Da);
            let body = GoalInUse {
                error: "goal-has-dependants",
                child_goals: dependants.child_goals,
                activities: dependants.activities,
                commitments: dependants.commitments,
                message: tr.t("err-goal-has-dependants"),
            };
            (StatusCode::CONFLICT, Json(body)).into_response()
        }
    })
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct GoalArchive {
    pub archived: bool,
}

/// Archives a goal (or restores it): it leaves the hierarchy and stays findable with
/// `listGoals?archived=true`.
#[utoipa::path(post, path = "/goals/{id}/archive", tag = "agenda", operation_id = "archiveGoal", security(("token" = [])),
    params(("id" = i64, Path)), request_body = GoalArchive,
    responses((status = 200, body = GoalOut), (status = 401), (status = 403), (status = 404)))]
pub async fn archive_goal(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(body): Body<GoalArchive>,
) -> Result<Json<GoalOut>, WebError> {
    let (i, _) = visible_goal(&state, &who, id).await?;
    who.require(&Action::ManageAgenda(scope(&i)))?;
    Ok(Json(goal_out(state.store.set_goal_archived(id, body.archived, &who.audit).await?)))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct GoalRelink {
    /// The goal the sub-goals move under.
    pub to: i64,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GoalRelinked {
    pub moved: u64,
}

/// Moves a goal's sub-goals under another goal of the same initiative, so the goal can be deleted.
#[utoipa::path(post, path = "/goals/{id}/relink", tag = "agenda", operation_id = "relinkGoalChildren", security(("token" = [])),
    params(("id" = i64, Path)), request_body = GoalRelink,
    responses((status = 200, body = GoalRelinked), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn relink_goal(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(body): Body<GoalRelink>,
) -> Result<Response, WebError> {
    let (i, _) = visible_goal(&state, &who, id).await?;
    who.require(&Action::ManageAgenda(scope(&i)))?;
    Ok(match state.store.relink_goal_children(id, body.to, &who.audit).await? {
        Ok(moved) => Json(GoalRelinked { moved }).into_response(),
        Err(r) => refusal(r),
    })
}
