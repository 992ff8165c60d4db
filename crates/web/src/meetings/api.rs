//! Meetings, decisions and action items in the JSON API.

use crate::api::Path;
use crate::api::{Body, MergePatch, TokenHolder};
use crate::api::{absolute, validation_response};
use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, visible};
use crate::meetings::rules::{check_action_item, item_scope, participant_ids, split};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use rygrad_domain::api_schema::or_null;
use rygrad_domain::meeting::{ActionItemInput, DecisionInput, MeetingInput, is_overdue};
use rygrad_domain::policy::{Action, allows};
use rygrad_store::initiatives::Initiative;
use rygrad_store::meetings::{ActionItem, Decision, Meeting};

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MeetingOut {
    pub id: i64,
    pub title: String,
    /// `alliance_group` or `working_group`.
    pub kind: String,
    pub working_group: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    /// The link to join online; only for the alliance's people.
    pub link: Option<String>,
    pub agenda: String,
    pub minutes: String,
    /// Slugs of the participating organisations.
    pub participants: Vec<String>,
    pub url: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct DecisionOut {
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    /// When the meeting that decided it began.
    pub decided_at: DateTime<Utc>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ActionItemOut {
    pub id: i64,
    pub meeting_id: i64,
    pub title: String,
    /// The responsible organisation's slug.
    pub organisation: String,
    pub due_on: NaiveDate,
    pub done: bool,
    /// Open and past its due date.
    pub overdue: bool,
}

fn meeting_out(state: &AppState, who: &ApiActor, i: &Initiative, m: Meeting) -> MeetingOut {
    let in_workspace = allows(&who.actor, &Action::ViewWorkspace(scope(i)));
    let plan = m.plan;
    MeetingOut {
        url: absolute(state, &format!("/initiativer/{}/moeder/{}", i.row.slug, m.id)),
        id: m.id,
        title: plan.title,
        kind: plan.kind.code().into(),
        working_group: plan.working_group,
        starts_at: plan.starts_at,
        ends_at: plan.ends_at,
        place: plan.place,
        link: plan.link.filter(|_| in_workspace),
        agenda: plan.agenda,
        minutes: plan.minutes,
        participants: plan.participants,
    }
}

fn decision_out(d: Decision, m: &Meeting) -> DecisionOut {
    DecisionOut { id: d.id, meeting_id: d.meeting_id, text: d.text, decided_at: m.plan.starts_at }
}

fn item_out(row: ActionItem, organisation: String) -> ActionItemOut {
    ActionItemOut {
        overdue: is_overdue(row.due_on, row.done, crate::http::today()),
        done: row.done,
        id: row.id,
        meeting_id: row.meeting_id,
        title: row.title,
        organisation,
        due_on: row.due_on,
    }
}

/// A meeting and its initiative, if the caller may see them.
async fn visible_meeting(state: &AppState, who: &ApiActor, id: i64) -> Result<(Initiative, Meeting), WebError> {
    let m = state.store.meeting(id).await?.ok_or(WebError::NotFound)?;
    let i = state.store.initiative(m.initiative_id).await?.ok_or(WebError::NotFound)?;
    if !allows(&who.actor, &Action::ViewInitiative(scope(&i))) {
        return Err(WebError::NotFound);
    }
    Ok((i, m))
}

/// An initiative's meetings, the latest first.
#[utoipa::path(get, path = "/initiatives/{slug}/meetings", tag = "meetings", operation_id = "listMeetings",
    params(("slug" = String, Path)), responses((status = 200, body = Vec<MeetingOut>), (status = 404)))]
pub async fn list_meetings(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
) -> Result<Json<Vec<MeetingOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let meetings = state.store.meetings_of(i.row.id).await?;
    Ok(Json(meetings.into_iter().map(|m| meeting_out(&state, &who, &i, m)).collect()))
}

/// Creates a meeting of the alliance group or a working group (backbone staff). Times are
/// Copenhagen wall-clock times on `date`.
#[utoipa::path(post, path = "/initiatives/{slug}/meetings", tag = "meetings", operation_id = "createMeeting", security(("token" = [])),
    params(("slug" = String, Path)), request_body = MeetingInput,
    responses((status = 201, body = MeetingOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_meeting(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<MeetingInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ManageMeetings(scope(&i)))?;
    let (plan, mut errors) = split(input.validate());
    let ids = participant_ids(&state, &input.participants, &mut errors).await?;
    match plan {
        Some(plan) if errors.is_empty() => {
            let m = state.store.create_meeting(i.row.id, &plan, &ids, &who.audit).await?;
            Ok((StatusCode::CREATED, Json(meeting_out(&state, &who, &i, m))).into_response())
        }
        _ => Ok(validation_response(&errors)),
    }
}

/// Changes a meeting's details, minutes and participants (backbone staff) with a merge patch:
/// fields left out keep their value.
#[utoipa::path(patch, path = "/meetings/{id}", tag = "meetings", operation_id = "updateMeeting", security(("token" = [])),
    params(("id" = i64, Path)), request_body(content = MeetingInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = MeetingOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update_meeting(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let (i, m) = visible_meeting(&state, &who, id).await?;
    who.require(&Action::ManageMeetings(scope(&i)))?;
    let input = patch.apply(&crate::meetings::rules::input_of(&m))?;
    let (plan, mut errors) = split(input.validate());
    let ids = participant_ids(&state, &input.participants, &mut errors).await?;
    match plan {
        Some(plan) if errors.is_empty() => {
            let m = state.store.update_meeting(id, &plan, &ids, &who.audit).await?;
            Ok(Json(meeting_out(&state, &who, &i, m)).into_response())
        }
        _ => Ok(validation_response(&errors)),
    }
}

/// Records a decision made at a meeting (backbone staff).
#[utoipa::path(post, path = "/meetings/{id}/decisions", tag = "meetings", operation_id = "createDecision", security(("token" = [])),
    params(("id" = i64, Path)), request_body = DecisionInput,
    responses((status = 201, body = DecisionOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_decision(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(input): Body<DecisionInput>,
) -> Result<Response, WebError> {
    let (i, m) = visible_meeting(&state, &who, id).await?;
    who.require(&Action::ManageMeetings(scope(&i)))?;
    match input.validate() {
        Ok(text) => {
            let d = state.store.create_decision(&m, &text, &who.audit).await?;
            Ok((StatusCode::CREATED, Json(decision_out(d, &m))).into_response())
        }
        Err(errors) => Ok(validation_response(&errors)),
    }
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionQuery {
    /// Words that must all appear in the decision (case and æ/ø/å folded).
    #[serde(default)]
    pub q: String,
}

/// The decision log of an initiative, the latest meeting first.
#[utoipa::path(get, path = "/initiatives/{slug}/decisions", tag = "meetings", operation_id = "listDecisions",
    params(("slug" = String, Path), DecisionQuery), responses((status = 200, body = Vec<DecisionOut>), (status = 404)))]
pub async fn list_decisions(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    Query(query): Query<DecisionQuery>,
) -> Result<Json<Vec<DecisionOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let decisions = state.store.decisions_of(i.row.id, Some(&query.q)).await?;
    Ok(Json(decisions.into_iter().map(|d| decision_out(d.decision, &d.meeting)).collect()))
}

/// Gives an action item from a meeting to an organisation of the alliance, due on or after the
/// meeting's day (backbone staff).
#[utoipa::path(post, path = "/meetings/{id}/action-items", tag = "meetings", operation_id = "createActionItem", security(("token" = [])),
    params(("id" = i64, Path)), request_body = ActionItemInput,
    responses((status = 201, body = ActionItemOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn create_action_item(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(input): Body<ActionItemInput>,
) -> Result<Response, WebError> {
    let (i, m) = visible_meeting(&state, &who, id).await?;
    who.require(&Action::ManageMeetings(scope(&i)))?;
    match check_action_item(&state, &m, &input, None).await? {
        Ok((plan, org)) => {
            let row = state.store.create_action_item(&m, &plan, org, &who.audit).await?;
            Ok((StatusCode::CREATED, Json(item_out(row, plan.organisation))).into_response())
        }
        Err(errors) => Ok(validation_response(&errors)),
    }
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionItemQuery {
    /// Only this organisation's items (its slug).
    pub organisation: Option<String>,
    /// Only items not done.
    #[serde(default)]
    pub open: bool,
}

/// An initiative's action items by due date.
#[utoipa::path(get, path = "/initiatives/{slug}/action-items", tag = "meetings", operation_id = "listActionItems",
    params(("slug" = String, Path), ActionItemQuery), responses((status = 200, body = Vec<ActionItemOut>), (status = 404)))]
pub async fn list_action_items(
    State(state): State<AppState>,
    who: ApiActor,
    Path(slug): Path<String>,
    Query(query): Query<ActionItemQuery>,
) -> Result<Json<Vec<ActionItemOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    let organisation = match &query.organisation {
        Some(slug) => Some(state.store.organisation_by_slug(slug).await?.ok_or(WebError::NotFound)?.id),
        None => None,
    };
    let items = state.store.action_items(i.row.id, organisation, None, query.open).await?;
    Ok(Json(items.into_iter().map(|a| item_out(a.item, a.organisation_slug)).collect()))
}

/// A change to an action item: only the fields sent change. `done` may be set by the people
/// of the organisation the item is given to and by backbone staff; the title, organisation and
/// due date only by backbone staff.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ActionItemUpdate {
    pub done: Option<bool>,
    #[schema(schema_with = action_item_title)]
    pub title: Option<String>,
    /// The slug of an organisation of the alliance.
    #[schema(schema_with = action_item_organisation)]
    pub organisation: Option<String>,
    /// `2026-06-01`; not before the meeting's day.
    #[schema(schema_with = action_item_due_on)]
    pub due_on: Option<String>,
}

fn action_item_title() -> utoipa::openapi::Object {
    or_null(rygrad_domain::text::required_line_schema::<300>())
}

fn action_item_organisation() -> utoipa::openapi::Object {
    or_null(rygrad_domain::text::required_line_schema::<160>())
}

fn action_item_due_on() -> utoipa::openapi::Object {
    or_null(rygrad_domain::api_schema::date())
}

/// Edits an action item or marks it done or not done. Bad fields are refused with 422 and
/// nothing changes.
#[utoipa::path(patch, path = "/action-items/{id}", tag = "meetings", operation_id = "updateActionItem", security(("token" = [])),
    params(("id" = i64, Path)), request_body = ActionItemUpdate,
    responses((status = 200, body = ActionItemOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update_action_item(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(update): Body<ActionItemUpdate>,
) -> Result<Response, WebError> {
    let item = state.store.action_item(id).await?.ok_or(WebError::NotFound)?;
    let (i, m) = visible_meeting(&state, &who, item.meeting_id).await?;
    let edits_terms = update.title.is_some() || update.organisation.is_some() || update.due_on.is_some();
    // An empty patch changes nothing, yet only those who may change the item learn it exists.
    if update.done.is_some() || !edits_terms {
        who.require(&Action::CompleteActionItem(item_scope(&item)))?;
    }
    let current = state.store.organisation(item.organisation_id).await?.map(|o| o.slug).unwrap_or_default();
    let terms = if edits_terms {
        who.require(&Action::EditMeetingRecord(scope(&i)))?;
        let input = ActionItemInput {
            title: update.title.unwrap_or_else(|| item.title.clone()),
            organisation: update.organisation.unwrap_or(current),
            due_on: update.due_on.unwrap_or_else(|| item.due_on.to_string()),
        };
        match check_action_item(&state, &m, &input, Some(&item)).await? {
            Ok(terms) => Some(terms),
            Err(errors) => return Ok(validation_response(&errors)),
        }
    } else {
        None
    };
    let row = state
        .store
        .update_action_item(id, terms.as_ref().map(|(plan, org)| (plan, *org)), update.done, &who.audit)
        .await?;
    let organisation = state.store.organisation(row.organisation_id).await?.map(|o| o.slug).unwrap_or_default();
    Ok(Json(item_out(row, organisation)).into_response())
}

/// Corrects the text of a decision (backbone staff) with a merge patch.
#[utoipa::path(patch, path = "/decisions/{id}", tag = "meetings", operation_id = "updateDecision", security(("token" = [])),
    params(("id" = i64, Path)), request_body(content = DecisionInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = DecisionOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn update_decision(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let decision = state.store.decision(id).await?.ok_or(WebError::NotFound)?;
    let (i, m) = visible_meeting(&state, &who, decision.meeting_id).await?;
    who.require(&Action::EditMeetingRecord(scope(&i)))?;
    let input = patch.apply(&DecisionInput { text: decision.text.clone() })?;
    match input.validate() {
        Ok(text) => {
            let d = state.store.update_decision(id, &text, &who.audit).await?;
            Ok(Json(decision_out(d, &m)).into_response())
        }
        Err(errors) => Ok(validation_response(&errors)),
    }
}

/// A meeting as its page shows it: the details, the decisions made and the action items given.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MeetingDetailOut {
    #[serde(flatten)]
    pub meeting: MeetingOut,
    /// In the order they were recorded.
    pub decisions: Vec<DecisionOut>,
    /// By due date.
    pub action_items: Vec<ActionItemOut>,
}

/// One meeting with its decisions and action items.
#[utoipa::path(get, path = "/meetings/{id}", tag = "meetings", operation_id = "getMeeting",
    params(("id" = i64, Path)), responses((status = 200, body = MeetingDetailOut), (status = 404)))]
pub async fn get_meeting(
    State(state): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<MeetingDetailOut>, WebError> {
    let (i, m) = visible_meeting(&state, &who, id).await?;
    let decisions = state.store.decisions_of_meeting(id).await?.into_iter().map(|d| decision_out(d, &m)).collect();
    let action_items = state
        .store
        .action_items(i.row.id, None, Some(id), false)
        .await?
        .into_iter()
        .map(|a| item_out(a.item, a.organisation_slug))
        .collect();
    Ok(Json(MeetingDetailOut { meeting: meeting_out(&state, &who, &i, m), decisions, action_items }))
}
