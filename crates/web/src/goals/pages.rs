//! The common agenda in the workspace: the goal hierarchy as a collapsible tree and as an
//! outline, archived goals, and the strategic tracks; backbone staff add goals and tracks here,
//! and delete, archive or re-link goals (a goal that others point at is not deleted).

use super::rules::check_track;
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView, NoFields};
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, flash};
use crate::http::state::AppState;
use crate::indicators::dashboard::{GoalStatus, goal_statuses};
use crate::initiatives::pages::audit_actor;
use crate::initiatives::rules::scope;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rygrad_domain::goal::{GoalInput, GoalLevel, TrackInput};
use rygrad_domain::policy::Action;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::goals::{Goal, GoalRefusal, Track};
use rygrad_store::initiatives::Initiative;
use rygrad_store::organisations::Organisation;
use std::collections::HashMap;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/maal", get(show).post(add_goal))
        .route("/initiativer/{slug}/spor", post(add_track))
        .route("/initiativer/{slug}/maal/{id}/slet", post(delete_goal))
        .route("/initiativer/{slug}/maal/{id}/arkiv", post(archive_goal))
        .route("/initiativer/{slug}/maal/{id}/flyt", post(relink_goal))
}

/// A goal in the outline, with its depth below the top.
pub struct OutlineRow {
    /// For indentation, at most 5.
    pub depth: usize,
    pub goal: Goal,
    /// How many goals serve this one directly.
    pub children: usize,
    /// How many open tree levels end after this goal (the tree is drawn from the flat outline).
    pub closes: usize,
}

/// The goals in outline order: each goal followed by the goals that serve it.
pub(crate) fn outline(goals: Vec<Goal>) -> Vec<OutlineRow> {
    let ids: std::collections::HashSet<i64> = goals.iter().map(|g| g.id).collect();
    let mut children: std::collections::HashMap<Option<i64>, Vec<Goal>> = std::collections::HashMap::new();
    for g in goals {
        // a goal whose parent was archived shows at the top
        let parent = g.parent_id.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(g);
    }
    let mut rows = Vec::new();
    let mut stack: Vec<(usize, Goal)> =
        children.remove(&None).unwrap_or_default().into_iter().rev().map(|g| (0, g)).collect();
    let mut depths = Vec::new();
    while let Some((depth, g)) = stack.pop() {
        let kids = children.remove(&Some(g.id)).unwrap_or_default();
        let count = kids.len();
        stack.extend(kids.into_iter().rev().map(|k| (depth + 1, k)));
        depths.push(depth);
        rows.push(OutlineRow { depth: depth.min(5), goal: g, children: count, closes: 0 });
    }
    // a leaf closes the levels between it and the next goal; a goal with children closes none
    for (index, row) in rows.iter_mut().enumerate() {
        if row.children == 0 {
            row.closes = depths[index].saturating_sub(depths.get(index + 1).copied().unwrap_or(0));
        }
    }
    rows
}

#[derive(Template)]
#[template(path = "initiatives/agenda.html")]
struct AgendaPage {
    page: Page,
    initiative: Initiative,
    rows: Vec<OutlineRow>,
    tracks: Vec<(Track, Option<String>)>,
    can_edit: bool,
    goal_form: FormView,
    track_form: FormView,
    /// The alliance's current members, by name, to choose a track's lead from.
    organisations: Vec<Organisation>,
    levels: Vec<&'static str>,
    archived: Vec<Goal>,
    show_archived: bool,
    /// A refused deletion: the goal and what to tell.
    refusal: Option<(i64, String)>,
    /// Each measured goal's status and its indicators'.
    statuses: HashMap<i64, GoalStatus>,
}

impl AgendaPage {
    /// Goals the children of `goal` could move to: any other goal not below it.
    fn relink_targets(&self, goal: &i64) -> Vec<&Goal> {
        let parents: std::collections::HashMap<i64, Option<i64>> =
            self.rows.iter().map(|r| (r.goal.id, r.goal.parent_id)).collect();
        self.rows
            .iter()
            .map(|r| &r.goal)
            .filter(|g| g.id != *goal && !rygrad_domain::goal::creates_cycle(*goal, Some(g.id), &parents))
            .collect()
    }
}

async fn load(state: &AppState, page: &Page, slug: &str) -> Result<Initiative, WebError> {
    let i = state.store.initiative_by_slug(slug).await?.ok_or(WebError::NotFound)?;
    if !page.can(&Action::ViewInitiative(scope(&i))) {
        return Err(WebError::NotFound);
    }
    Ok(i)
}

async fn agenda_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    goal_form: FormView,
    track_form: FormView,
) -> Result<AgendaPage, WebError> {
    let archived = state.store.archived_goals_of(initiative.row.id).await?;
    let rows = outline(state.store.goals_of(initiative.row.id).await?);
    let mut tracks = Vec::new();
    for t in state.store.tracks_of(initiative.row.id).await? {
        let lead = match t.lead_organisation_id {
            Some(id) => state.store.organisation(id).await?.map(|o| o.name),
            None => None,
        };
        tracks.push((t, lead));
    }
    let can_edit = page.can(&Action::ManageAgenda(scope(&initiative)));
    let statuses = goal_statuses(state, &page.actor, &initiative).await?;
    let organisations =
        if can_edit { crate::initiatives::rules::alliance(state, initiative.row.id).await? } else { Vec::new() };
    Ok(AgendaPage {
        organisations,
        page,
        initiative,
        rows,
        tracks,
        can_edit,
        goal_form,
        track_form: track_form.with_id_prefix("track-"),
        levels: GoalLevel::ALL.iter().map(|l| l.code()).collect(),
        archived,
        show_archived: false,
        refusal: None,
        statuses,
    })
}

#[derive(serde::Deserialize, Default)]
struct AgendaQuery {
    /// `?arkiverede=1` lists the archived goals.
    #[serde(default)]
    arkiverede: String,
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Query(query): Query<AgendaQuery>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    let mut view = agenda_page(&state, page, initiative, FormView::empty(), FormView::empty()).await?;
    view.show_archived = query.arkiverede == "1";
    render(view)
}

/// A goal of this initiative, for the backbone's changes.
async fn managed_goal(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<(Initiative, Goal), WebError> {
    let initiative = load(state, page, slug).await?;
    page.require(&Action::ManageAgenda(scope(&initiative)))?;
    let g = state.store.goal(id).await?.filter(|g| g.initiative_id == initiative.row.id).ok_or(WebError::NotFound)?;
    Ok((initiative, g))
}

async fn delete_goal(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let (initiative, g) = managed_goal(&state, &page, &slug, id).await?;
    match state.store.delete_goal(id, &audit_actor(&page)).await? {
        Ok(()) => {
            flash(&session, page.t("goal-deleted")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/maal")).into_response())
        }
        Err(dependants) => {
            let message = page.tr.counts(
                "goal-delete-refused",
                &[("children", dependants.child_goals)],
                &[("title", g.title.clone())],
            ) + " "
                + &page.tr.t2(
                    "goal-delete-refused-work",
                    "activities",
                    page.tr.int(dependants.activities),
                    "commitments",
                    page.tr.int(dependants.commitments),
                );
            let mut view = agenda_page(&state, page, initiative, FormView::empty(), FormView::empty()).await?;
            view.refusal = Some((id, message));
            let mut response = render(view)?;
            *response.status_mut() = StatusCode::CONFLICT;
            Ok(response)
        }
    }
}

#[derive(serde::Deserialize)]
struct ArchiveForm {
    archived: String,
}

async fn archive_goal(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<ArchiveForm>,
) -> Result<Response, WebError> {
    managed_goal(&state, &page, &slug, id).await?;
    let archived = form.archived == "1";
    state.store.set_goal_archived(id, archived, &audit_actor(&page)).await?;
    flash(&session, page.t(if archived { "goal-archived-done" } else { "goal-restored" })).await?;
    let back = if archived {
        format!("/initiativer/{slug}/maal?arkiverede=1#h-archived")
    } else {
        format!("/initiativer/{slug}/maal")
    };
    Ok(Redirect::to(&back).into_response())
}

#[derive(serde::Deserialize)]
struct RelinkForm {
    to: String,
}

async fn relink_goal(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<RelinkForm>,
) -> Result<Response, WebError> {
    managed_goal(&state, &page, &slug, id).await?;
    let to: i64 = form.to.trim().parse().map_err(|_| WebError::BadRequest)?;
    match state.store.relink_goal_children(id, to, &audit_actor(&page)).await? {
        Ok(moved) => {
            flash(&session, page.tr.count("goal-relinked", moved as i64)).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/maal")).into_response())
        }
        Err(GoalRefusal::UnknownParent) => Err(WebError::NotFound),
        Err(GoalRefusal::Cycle) => Err(WebError::BadRequest),
    }
}

/// The form sends the parent as a string ("" for none).
#[derive(serde::Deserialize, serde::Serialize, Default)]
struct GoalForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    parent_id: String,
}

async fn add_goal(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<GoalForm>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    page.require(&Action::ManageAgenda(scope(&initiative)))?;
    let mut errors = FieldErrors::default();
    let parent_id = match form.parent_id.trim() {
        "" => None,
        id => id.parse::<i64>().ok().or_else(|| {
            errors.add("parent_id", FieldError::new("goal-unknown-parent"));
            None
        }),
    };
    let input = GoalInput {
        title: form.title.clone(),
        description: form.description.clone(),
        level: form.level.clone(),
        parent_id,
        ..Default::default()
    };
    if errors.is_empty() {
        match input.validate() {
            Ok(plan) => match state.store.create_goal(initiative.row.id, &plan, &audit_actor(&page)).await? {
                Ok(_) => {
                    flash(&session, page.t("goal-added")).await?;
                    return Ok(Redirect::to(&format!("/initiativer/{slug}/maal")).into_response());
                }
                Err(GoalRefusal::UnknownParent) => errors.add("parent_id", FieldError::new("goal-unknown-parent")),
                Err(GoalRefusal::Cycle) => errors.add("parent_id", FieldError::new("goal-cycle")),
            },
            Err(e) => errors = e,
        }
    }
    let goal_form = FormView::new(&form, &errors, &page.tr);
    form_error(agenda_page(&state, page, initiative, goal_form, FormView::empty()).await?)
}

async fn add_track(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<TrackInput>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    page.require(&Action::ManageAgenda(scope(&initiative)))?;
    let errors = match check_track(&state, &input).await? {
        Ok((plan, lead)) => {
            state.store.create_track(initiative.row.id, &plan, lead, &audit_actor(&page)).await?;
            flash(&session, page.t("track-added")).await?;
            return Ok(Redirect::to(&format!("/initiativer/{slug}/maal")).into_response());
        }
        Err(errors) => errors,
    };
    let track_form = FormView::new(&input, &errors, &page.tr);
    form_error(agenda_page(&state, page, initiative, FormView::empty(), track_form).await?)
}
