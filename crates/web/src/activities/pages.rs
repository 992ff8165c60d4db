//! The action plan in the workspace: the activity catalogue (filter, search, exports), an
//! activity's page with its commitments and deliveries, proposing and editing activities, the
//! action plan overview and the network of actors. The rules shared with the JSON API (who may
//! save what, how names resolve) live here too.

use crate::activities::rules::{
    ActivityLine, all_lines, change_commitment, current_input, export_response, lines, make_commitment, network_filter,
    organisation_name, organisation_names, record_delivery, save_activity, visible_activity, work,
};
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView, NoFields};
use crate::http::i18n::Tr;
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, flash};
use crate::http::state::AppState;
use crate::indicators::dashboard::indicators_of_goals;
use crate::initiatives::pages::audit_actor;
use crate::initiatives::rules::scope;
use crate::initiatives::rules::visible_by_id;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rygrad_domain::FieldErrors;
use rygrad_domain::activity::{ActivityInput, ActivityStatus, CommitmentInput, CommitmentKind, DeliveryInput, Quarter};
use rygrad_domain::geo::{Municipality, geodata};
use rygrad_domain::indicator::IndicatorStatus;
use rygrad_domain::organisation::Sector;
use rygrad_domain::policy::Action;
use rygrad_store::activities::{Activity, ActivityFilter};
use rygrad_store::commitments::{Commitment, CommitmentWithDeliveries, Delivery};
use rygrad_store::goals::{Goal, Track};
use rygrad_store::initiatives::Initiative;
use rygrad_store::network::Network;
use rygrad_store::organisations::Organisation;
use std::collections::HashMap;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/aktiviteter", get(catalogue))
        .route("/initiativer/{slug}/aktiviteter/ny", get(new_form).post(create))
        .route("/initiativer/{slug}/aktiviteter/eksport/{format}", get(export_catalogue))
        .route("/initiativer/{slug}/handleplan", get(action_plan))
        .route("/initiativer/{slug}/tilsagn", post(commit_to_goal))
        .route("/initiativer/{slug}/netvaerk", get(network))
        .route("/aktiviteter/{id}", get(show))
        .route("/aktiviteter/{id}/rediger", get(edit_form).post(update))
        .route("/aktiviteter/{id}/accepter", post(accept))
        .route("/aktiviteter/{id}/tilsagn", post(commit))
        .route("/tilsagn/{id}", get(commitment_page).post(update_commitment))
        .route("/tilsagn/{id}/levering", post(deliver))
}

// ---- rules shared with the API ----

/// The initiative's organisations (current and former members), by name.
fn choices(names: &HashMap<i64, Organisation>) -> Vec<Organisation> {
    let mut list: Vec<Organisation> = names.values().cloned().collect();
    list.sort_by(|a, b| a.name_search.cmp(&b.name_search));
    list
}

/// "2027, 2. kvartal" / "Q2 2027".
fn quarter(tr: &Tr, q: Quarter) -> String {
    tr.t2("quarter-of-year", "year", q.year, "quarter", q.quarter)
}

fn amount(tr: &Tr, value: f64) -> String {
    rygrad_domain::format::number(tr.lang, value, 2)
}

async fn load(state: &AppState, page: &Page, slug: &str) -> Result<Initiative, WebError> {
    let i = state.store.initiative_by_slug(slug).await?.ok_or(WebError::NotFound)?;
    if !page.can(&Action::ViewInitiative(scope(&i))) {
        return Err(WebError::NotFound);
    }
    Ok(i)
}

// ---- the catalogue ----

#[derive(serde::Deserialize, Default, Clone)]
struct CatalogueQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    spor: String,
    #[serde(default)]
    maal: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    organisation: String,
}

impl CatalogueQuery {
    async fn filter(&self, state: &AppState) -> Result<ActivityFilter, WebError> {
        let organisation_id = match self.organisation.trim() {
            "" => None,
            // an unknown organisation matches nothing rather than everything
            slug => Some(state.store.organisation_by_slug(slug).await?.map_or(-1, |o| o.id)),
        };
        Ok(ActivityFilter {
            track_id: self.spor.trim().parse().ok(),
            goal_id: self.maal.trim().parse().ok(),
            status: ActivityStatus::parse(&self.status).ok(),
            organisation_id,
            search: Some(self.q.clone()),
        })
    }

    fn query_string(&self) -> String {
        let e = |s: &str| urlencoding::encode(s).into_owned();
        format!(
            "q={}&spor={}&maal={}&status={}&organisation={}",
            e(&self.q),
            e(&self.spor),
            e(&self.maal),
            e(&self.status),
            e(&self.organisation)
        )
    }
}

/// The catalogue shows this many at once; the exports have them all.
const SHOWN: u64 = 300;

#[derive(Template)]
#[template(path = "activities/catalogue.html")]
struct CataloguePage {
    page: Page,
    initiative: Initiative,
    rows: Vec<ActivityLine>,
    total: u64,
    query: CatalogueQuery,
    query_string: String,
    tracks: Vec<Track>,
    goals: Vec<Goal>,
    organisations: Vec<Organisation>,
    statuses: Vec<&'static str>,
    can_propose: bool,
}

async fn catalogue(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Query(query): Query<CatalogueQuery>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    let filter = query.filter(&state).await?;
    let (activities, total) = state.store.activities(initiative.row.id, &filter, Some(SHOWN)).await?;
    let names = organisation_names(&state, initiative.row.id).await?;
    let tracks = state.store.tracks_of(initiative.row.id).await?;
    let goals = state.store.goals_of(initiative.row.id).await?;
    let rows = lines(activities, &names, &tracks, &goals);
    let can_propose = page.can(&Action::ProposeActivity(scope(&initiative)));
    render(CataloguePage {
        page,
        initiative,
        rows,
        total,
        query_string: query.query_string(),
        query,
        tracks,
        goals,
        organisations: choices(&names),
        statuses: ActivityStatus::ALL.iter().map(|s| s.code()).collect(),
        can_propose,
    })
}

async fn export_catalogue(
    State(state): State<AppState>,
    page: Page,
    Path((slug, format)): Path<(String, String)>,
    Query(query): Query<CatalogueQuery>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    let filter = query.filter(&state).await?;
    let lines = all_lines(&state, &initiative, &filter).await?;
    export_response(&page.tr, &initiative, lines, &format).await
}

// ---- proposing and editing ----

#[derive(Template)]
#[template(path = "activities/form.html")]
struct FormPage {
    page: Page,
    initiative: Initiative,
    form: FormView,
    input: ActivityInput,
    action: String,
    heading: String,
    tracks: Vec<Track>,
    goals: Vec<Goal>,
    organisations: Vec<Organisation>,
    municipalities: Vec<&'static Municipality>,
    statuses: Vec<&'static str>,
    /// Members' proposals are ideas until accepted: they do not choose the status.
    choose_status: bool,
}

impl FormPage {
    fn has_track(&self, id: &i64) -> bool {
        self.input.track_ids.contains(id)
    }

    fn has_goal(&self, id: &i64) -> bool {
        self.input.goal_ids.contains(id)
    }

    fn has_partner(&self, slug: &str) -> bool {
        self.input.partners.iter().any(|p| p == slug)
    }
}

/// The form that proposes an activity for the initiative (`existing` none) or edits `existing`.
async fn form_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    existing: Option<&Activity>,
    input: ActivityInput,
    errors: &FieldErrors,
) -> Result<FormPage, WebError> {
    let backbone = page.can(&Action::AcceptActivity(scope(&initiative)));
    let (action, heading, choose_status) = match existing {
        None => (format!("/initiativer/{}/aktiviteter/ny", initiative.row.slug), page.t("activity-propose"), backbone),
        Some(a) => (
            format!("/aktiviteter/{}/rediger", a.id),
            page.tr.t1("activity-edit-title", "title", &a.plan.title),
            !a.proposed || backbone,
        ),
    };
    let names = organisation_names(state, initiative.row.id).await?;
    Ok(FormPage {
        form: FormView::new(&input, errors, &page.tr),
        tracks: state.store.tracks_of(initiative.row.id).await?,
        goals: state.store.goals_of(initiative.row.id).await?,
        organisations: choices(&names),
        municipalities: geodata().municipalities(),
        statuses: ActivityStatus::ALL.iter().map(|s| s.code()).collect(),
        page,
        initiative,
        input,
        action,
        heading,
        choose_status,
    })
}

async fn new_form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    page.require(&Action::ProposeActivity(scope(&initiative)))?;
    // a member proposes for their own organisation by default
    let own = page.actor.grants.iter().find(|g| g.initiative_id == initiative.row.id).and_then(|g| g.organisation_id);
    let lead = match own {
        Some(id) => state.store.organisation(id).await?.map(|o| o.slug).unwrap_or_default(),
        None => String::new(),
    };
    let input = ActivityInput { lead_organisation: lead, ..Default::default() };
    render(form_page(&state, page, initiative, None, input, &FieldErrors::default()).await?)
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<ActivityInput>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    page.require(&Action::ProposeActivity(scope(&initiative)))?;
    match save_activity(&state, &page.actor, &audit_actor(&page), &initiative, None, &input).await? {
        Ok(row) => {
            flash(&session, page.t(if row.proposed { "activity-proposed" } else { "activity-added" })).await?;
            Ok(Redirect::to(&format!("/aktiviteter/{}", row.id)).into_response())
        }
        Err(errors) => form_error(form_page(&state, page, initiative, None, input, &errors).await?),
    }
}

async fn edit_form(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let (a, initiative) = visible_activity(&state, &page.actor, id).await?;
    page.require(&Action::EditActivity(work(&initiative, a.links.lead_organisation_id)))?;
    let names = organisation_names(&state, initiative.row.id).await?;
    let input = current_input(&state, &a, &names).await?;
    render(form_page(&state, page, initiative, Some(&a), input, &FieldErrors::default()).await?)
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<ActivityInput>,
) -> Result<Response, WebError> {
    let (a, initiative) = visible_activity(&state, &page.actor, id).await?;
    page.require(&Action::EditActivity(work(&initiative, a.links.lead_organisation_id)))?;
    match save_activity(&state, &page.actor, &audit_actor(&page), &initiative, Some(&a), &input).await? {
        Ok(_) => {
            flash(&session, page.t("saved")).await?;
            Ok(Redirect::to(&format!("/aktiviteter/{id}")).into_response())
        }
        Err(errors) => form_error(form_page(&state, page, initiative, Some(&a), input, &errors).await?),
    }
}

async fn accept(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Response, WebError> {
    let (_, initiative) = visible_activity(&state, &page.actor, id).await?;
    page.require(&Action::AcceptActivity(scope(&initiative)))?;
    state.store.accept_activity(id, &audit_actor(&page)).await?;
    flash(&session, page.t("activity-accepted")).await?;
    Ok(Redirect::to(&format!("/aktiviteter/{id}")).into_response())
}

// ---- an activity's page: commitments and deliveries ----

pub struct DeliveryLine {
    pub delivery: Delivery,
    pub amount: String,
}

pub struct CommitmentLine {
    pub commitment: Commitment,
    pub organisation: String,
    /// The goal committed to; empty for an activity's commitments.
    pub target: String,
    pub amount: String,
    pub delivered: String,
    pub deliveries: Vec<DeliveryLine>,
    pub can_manage: bool,
}

#[derive(Template)]
#[template(path = "activities/show.html")]
struct ShowPage {
    page: Page,
    initiative: Initiative,
    line: ActivityLine,
    commitments: Vec<CommitmentLine>,
    can_edit: bool,
    can_accept: bool,
    /// The organisations the viewer may commit for.
    commit_for: Vec<Organisation>,
    commit_form: FormView,
    kinds: Vec<&'static str>,
    delivery: ReturnedDelivery,
    /// The indicators of the goals the activity serves, with their status.
    indicators: Vec<(i64, String, IndicatorStatus)>,
}

impl ShowPage {
    fn delivery_view(&self, commitment_id: &i64) -> &FormView {
        self.delivery.view(*commitment_id)
    }
}

/// The commitment whose delivery form came back with errors, and that form.
#[derive(Default)]
struct ReturnedDelivery(Option<(i64, FormView)>);

impl ReturnedDelivery {
    fn view(&self, commitment_id: i64) -> &FormView {
        static EMPTY: std::sync::LazyLock<FormView> = std::sync::LazyLock::new(FormView::empty);
        match &self.0 {
            Some((id, form)) if *id == commitment_id => form,
            _ => &EMPTY,
        }
    }
}

/// Commitments as shown, with names, formatted amounts and whether the viewer may report on them.
async fn commitment_lines(
    state: &AppState,
    page: &Page,
    initiative: &Initiative,
    names: &HashMap<i64, Organisation>,
    goals: &[Goal],
    list: Vec<CommitmentWithDeliveries>,
) -> Result<Vec<CommitmentLine>, WebError> {
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        let delivered: f64 = c.deliveries.iter().map(|d| d.amount).sum();
        let organisation = organisation_name(state, names, Some(c.commitment.organisation_id)).await?;
        out.push(CommitmentLine {
            can_manage: page.can(&Action::ManageCommitment(work(initiative, Some(c.commitment.organisation_id)))),
            organisation: organisation.map(|o| o.name).unwrap_or_default(),
            target: c
                .commitment
                .goal_id
                .and_then(|g| goals.iter().find(|x| x.id == g))
                .map(|g| g.title.clone())
                .unwrap_or_default(),
            amount: amount(&page.tr, c.commitment.terms.amount),
            delivered: amount(&page.tr, delivered),
            deliveries: c
                .deliveries
                .into_iter()
                .map(|d| DeliveryLine { amount: amount(&page.tr, d.amount), delivery: d })
                .collect(),
            commitment: c.commitment,
        });
    }
    Ok(out)
}

/// The organisations the viewer may commit for.
fn commit_for(page: &Page, initiative: &Initiative, names: &HashMap<i64, Organisation>) -> Vec<Organisation> {
    choices(names).into_iter().filter(|o| page.can(&Action::ManageCommitment(work(initiative, Some(o.id))))).collect()
}

async fn show_page(
    state: &AppState,
    page: Page,
    id: i64,
    commit_form: FormView,
    delivery: Option<(i64, FormView)>,
) -> Result<ShowPage, WebError> {
    let (a, initiative) = visible_activity(state, &page.actor, id).await?;
    let names = organisation_names(state, initiative.row.id).await?;
    let tracks = state.store.tracks_of(initiative.row.id).await?;
    let goals = state.store.goals_of(initiative.row.id).await?;
    let lead = organisation_name(state, &names, a.links.lead_organisation_id).await?;
    let can_edit = page.can(&Action::EditActivity(work(&initiative, a.links.lead_organisation_id)));
    let can_accept = a.proposed && page.can(&Action::AcceptActivity(scope(&initiative)));
    let indicators = indicators_of_goals(state, &page.actor, &initiative, &a.links.goal_ids).await?;
    let mut line = lines(vec![a], &names, &tracks, &goals).remove(0);
    line.lead = lead;
    let commitments =
        commitment_lines(state, &page, &initiative, &names, &goals, state.store.commitments_of_activity(id).await?)
            .await?;
    let commit_for = commit_for(&page, &initiative, &names);
    Ok(ShowPage {
        page,
        initiative,
        line,
        commitments,
        can_edit,
        can_accept,
        commit_for,
        commit_form,
        kinds: CommitmentKind::ALL.iter().map(|k| k.code()).collect(),
        delivery: ReturnedDelivery(delivery),
        indicators,
    })
}

async fn show(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    render(show_page(&state, page, id, FormView::empty(), None).await?)
}

/// The commitment form on an activity's page: the target is the activity itself.
#[derive(serde::Deserialize, serde::Serialize, Default)]
struct CommitForm {
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
}

async fn commit(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<CommitForm>,
) -> Result<Response, WebError> {
    let (_, initiative) = visible_activity(&state, &page.actor, id).await?;
    let input = CommitmentInput {
        organisation: form.organisation.clone(),
        activity_id: Some(id),
        goal_id: None,
        kind: form.kind.clone(),
        amount: form.amount.clone(),
        unit: form.unit.clone(),
        description: form.description.clone(),
        starts_on: form.starts_on.clone(),
        ends_on: form.ends_on.clone(),
    };
    match make_commitment(&state, &page.actor, &audit_actor(&page), &initiative, &input).await? {
        Ok(_) => {
            flash(&session, page.t("commitment-added")).await?;
            Ok(Redirect::to(&format!("/aktiviteter/{id}#tilsagn")).into_response())
        }
        Err(errors) => {
            let view = FormView::new(&form, &errors, &page.tr);
            form_error(show_page(&state, page, id, view, None).await?)
        }
    }
}

async fn deliver(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<DeliveryInput>,
) -> Result<Response, WebError> {
    let (c, result) = record_delivery(&state, &page.actor, &audit_actor(&page), id, &input).await?;
    // an activity's commitments are on its page; commitments to goals on the action plan
    let initiative = state.store.initiative(c.initiative_id).await?.ok_or(WebError::NotFound)?;
    let back = match c.activity_id {
        Some(a) => format!("/aktiviteter/{a}"),
        None => format!("/initiativer/{}/handleplan", initiative.row.slug),
    };
    match result {
        Ok(_) => {
            flash(&session, page.t("delivery-added")).await?;
            Ok(Redirect::to(&format!("{back}#tilsagn-{id}")).into_response())
        }
        Err(errors) => {
            let returned = Some((id, FormView::new(&input, &errors, &page.tr)));
            match c.activity_id {
                Some(a) => form_error(show_page(&state, page, a, FormView::empty(), returned).await?),
                None => form_error(one_commitment(&state, page, initiative, id, returned, None).await?),
            }
        }
    }
}

/// The action plan page shows this many commitments to goals, the newest; each has its own page.
const GOAL_COMMITMENTS_SHOWN: u64 = 50;

#[derive(Template)]
#[template(path = "activities/commitment.html")]
struct CommitmentPage {
    page: Page,
    initiative: Initiative,
    commitment: CommitmentLine,
    back: String,
    /// The delivery form as it came back with errors, or empty.
    form: FormView,
    /// The form that changes the commitment, filled in.
    edit_form: FormView,
    kinds: Vec<&'static str>,
}

async fn one_commitment(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    id: i64,
    delivery: Option<(i64, FormView)>,
    edit: Option<FormView>,
) -> Result<CommitmentPage, WebError> {
    let c = state.store.commitment_with_deliveries(id).await?.ok_or(WebError::NotFound)?;
    let back = match c.commitment.activity_id {
        Some(a) => format!("/aktiviteter/{a}"),
        None => format!("/initiativer/{}/handleplan", initiative.row.slug),
    };
    let names = organisation_names(state, initiative.row.id).await?;
    let goals = state.store.goals_of(initiative.row.id).await?;
    let commitment = commitment_lines(state, &page, &initiative, &names, &goals, vec![c]).await?.remove(0);
    let form = delivery.map_or_else(FormView::empty, |(_, form)| form);
    let r = &commitment.commitment.terms;
    let current = CommitForm {
        organisation: String::new(),
        kind: r.kind.code().into(),
        amount: r.amount.to_string().replace('.', ","),
        unit: r.unit.clone(),
        description: r.description.clone(),
        starts_on: r.starts_on.map(|d| d.to_string()).unwrap_or_default(),
        ends_on: r.ends_on.map(|d| d.to_string()).unwrap_or_default(),
    };
    let edit_form = edit.unwrap_or_else(|| FormView::new(&current, &FieldErrors::default(), &page.tr));
    let kinds = CommitmentKind::ALL.iter().map(|k| k.code()).collect();
    Ok(CommitmentPage { page, initiative, commitment, back, form, edit_form, kinds })
}

async fn commitment_page(State(state): State<AppState>, page: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let c = state.store.commitment(id).await?.ok_or(WebError::NotFound)?;
    let initiative = visible_by_id(&state, &page.actor, c.initiative_id).await?;
    render(one_commitment(&state, page, initiative, id, None, None).await?)
}

async fn update_commitment(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<CommitForm>,
) -> Result<Response, WebError> {
    let input = CommitmentInput {
        kind: form.kind.clone(),
        amount: form.amount.clone(),
        unit: form.unit.clone(),
        description: form.description.clone(),
        starts_on: form.starts_on.clone(),
        ends_on: form.ends_on.clone(),
        ..Default::default()
    };
    match change_commitment(&state, &page.actor, &audit_actor(&page), id, &input).await? {
        Ok(_) => {
            flash(&session, page.t("saved")).await?;
            Ok(Redirect::to(&format!("/tilsagn/{id}")).into_response())
        }
        Err(errors) => {
            let c = state.store.commitment(id).await?.ok_or(WebError::NotFound)?;
            let initiative = visible_by_id(&state, &page.actor, c.initiative_id).await?;
            let view = FormView::new(&form, &errors, &page.tr);
            form_error(one_commitment(&state, page, initiative, id, None, Some(view)).await?)
        }
    }
}

/// The form for a commitment to a goal, on the action plan page.
#[derive(serde::Deserialize, serde::Serialize, Default)]
struct GoalCommitForm {
    #[serde(default)]
    goal_id: String,
    #[serde(flatten)]
    fields: CommitForm,
}

async fn commit_to_goal(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<GoalCommitForm>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    let f = &form.fields;
    let input = CommitmentInput {
        organisation: f.organisation.clone(),
        activity_id: None,
        goal_id: Some(form.goal_id.trim().parse().unwrap_or(-1)),
        kind: f.kind.clone(),
        amount: f.amount.clone(),
        unit: f.unit.clone(),
        description: f.description.clone(),
        starts_on: f.starts_on.clone(),
        ends_on: f.ends_on.clone(),
    };
    match make_commitment(&state, &page.actor, &audit_actor(&page), &initiative, &input).await? {
        Ok(c) => {
            flash(&session, page.t("commitment-added")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/handleplan#tilsagn-{}", c.id)).into_response())
        }
        Err(errors) => {
            let view = FormView::new(&form, &errors, &page.tr);
            form_error(plan_page(&state, page, initiative, view, None).await?)
        }
    }
}

// ---- the action plan ----

pub struct MatrixRow {
    pub organisation: Organisation,
    pub secretariat: bool,
    /// One cell per track, then one for commitments outside any track: (promised, delivered).
    pub cells: Vec<(u32, u32)>,
}

pub struct QuarterLine {
    pub quarter: String,
    pub secretariat: u32,
    pub partners: u32,
    /// The secretariat's share in whole percent.
    pub percent: u32,
}

#[derive(Template)]
#[template(path = "activities/plan.html")]
struct PlanPage {
    page: Page,
    initiative: Initiative,
    tracks: Vec<Track>,
    matrix: Vec<MatrixRow>,
    /// Promised and delivered amounts per kind of resource.
    resources: Vec<(CommitmentKind, String, String)>,
    goals_without_activities: Vec<(i64, String)>,
    activities_without_partners: Vec<(i64, String)>,
    quarters: Vec<QuarterLine>,
    share: Option<u32>,
    secretariat: Vec<String>,
    goals: Vec<Goal>,
    /// Commitments to goals rather than activities.
    commitments: Vec<CommitmentLine>,
    commit_for: Vec<Organisation>,
    commit_form: FormView,
    kinds: Vec<&'static str>,
    delivery: ReturnedDelivery,
    goal_commitments_shown: u64,
}

impl PlanPage {
    fn delivery_view(&self, commitment_id: &i64) -> &FormView {
        self.delivery.view(*commitment_id)
    }
}

fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 { 0 } else { ((f64::from(part) * 100.0 / f64::from(whole)).round()) as u32 }
}

async fn action_plan(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    render(plan_page(&state, page, initiative, FormView::empty(), None).await?)
}

async fn plan_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    commit_form: FormView,
    delivery: Option<(i64, FormView)>,
) -> Result<PlanPage, WebError> {
    let plan = state.store.action_plan(initiative.row.id).await?;
    let names = organisation_names(state, initiative.row.id).await?;
    let goals = state.store.goals_of(initiative.row.id).await?;
    let to_goals = state.store.commitments_to_goals(initiative.row.id, GOAL_COMMITMENTS_SHOWN).await?;
    let commitments = commitment_lines(state, &page, &initiative, &names, &goals, to_goals).await?;
    let commit_for = commit_for(&page, &initiative, &names);
    let mut columns: Vec<Option<i64>> = plan.tracks.iter().map(|t| Some(t.id)).collect();
    columns.push(None);
    let matrix = plan
        .organisations
        .iter()
        .map(|o| MatrixRow {
            organisation: o.clone(),
            secretariat: plan.secretariat_organisation_ids.contains(&o.id),
            cells: columns
                .iter()
                .map(|t| plan.cells.get(&(o.id, *t)).map_or((0, 0), |c| (c.promised, c.delivered)))
                .collect(),
        })
        .collect();
    let resources =
        plan.kinds.iter().map(|k| (k.kind, amount(&page.tr, k.promised), amount(&page.tr, k.delivered))).collect();
    let quarters = plan
        .per_quarter
        .iter()
        .map(|q| QuarterLine {
            quarter: quarter(&page.tr, q.quarter),
            secretariat: q.secretariat,
            partners: q.partners,
            percent: percent(q.secretariat, q.secretariat + q.partners),
        })
        .collect();
    Ok(PlanPage {
        page,
        initiative,
        tracks: plan.tracks,
        matrix,
        resources,
        goals_without_activities: plan.goals_without_activities,
        activities_without_partners: plan.activities_without_partners,
        quarters,
        share: plan.secretariat_driven_share.map(|s| (s * 100.0).round() as u32),
        secretariat: plan
            .secretariat_organisation_ids
            .iter()
            .filter_map(|id| names.get(id).map(|o| o.name.clone()))
            .collect(),
        goals,
        commitments,
        commit_for,
        commit_form,
        kinds: CommitmentKind::ALL.iter().map(|k| k.code()).collect(),
        delivery: ReturnedDelivery(delivery),
        goal_commitments_shown: GOAL_COMMITMENTS_SHOWN,
    })
}

// ---- the network ----

#[derive(serde::Deserialize, Default)]
struct NetworkQuery {
    #[serde(default)]
    sektor: String,
    #[serde(default)]
    spor: String,
}

/// A node placed on the drawing.
pub struct PlacedNode {
    pub slug: String,
    pub name: String,
    pub sector: String,
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

pub struct PlacedEdge {
    /// The two organisations' slugs, for the script that highlights an organisation's ties.
    pub source: String,
    pub target: String,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub width: f64,
    /// "A – B: 3", the line's tooltip.
    pub label: String,
}

/// A tie in the table under the drawing.
pub struct TieLine {
    pub between: String,
    pub shared: u32,
    pub since: String,
}

const SIZE: f64 = 640.0;
/// The drawing shows the busiest organisations only; the tables have them all (the ties table
/// the strongest ties).
const DRAWN: usize = 60;
const TIES_LISTED: usize = 300;

/// A circle layout of the busiest organisations, busiest first, so the drawing is the same on
/// every load and needs no script; the tables below it carry the same facts.
fn layout(network: &Network) -> (Vec<PlacedNode>, Vec<PlacedEdge>) {
    let drawn = &network.nodes[..network.nodes.len().min(DRAWN)];
    let n = drawn.len().max(1) as f64;
    let centre = SIZE / 2.0;
    let radius = SIZE / 2.0 - 90.0;
    let mut at: HashMap<i64, (f64, f64, &str, &str)> = HashMap::new();
    let nodes = drawn
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let angle = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
            let (x, y) = (centre + radius * angle.cos(), centre + radius * angle.sin());
            at.insert(node.id, (x, y, node.name.as_str(), node.slug.as_str()));
            PlacedNode {
                slug: node.slug.clone(),
                name: node.name.clone(),
                sector: node.sector.clone(),
                x,
                y,
                r: 4.0 + f64::from(node.engagements.min(16)),
            }
        })
        .collect();
    let edges = network
        .edges
        .iter()
        .filter_map(|e| {
            let (x1, y1, source, source_slug) = at.get(&e.source)?;
            let (x2, y2, target, target_slug) = at.get(&e.target)?;
            Some(PlacedEdge {
                source: (*source_slug).to_owned(),
                target: (*target_slug).to_owned(),
                x1: *x1,
                y1: *y1,
                x2: *x2,
                y2: *y2,
                width: 1.0 + f64::from(e.shared.min(8)) / 2.0,
                label: format!("{source} – {target}: {}", e.shared),
            })
        })
        .collect();
    (nodes, edges)
}

/// The strongest ties first, with names.
fn ties(tr: &Tr, network: &Network) -> Vec<TieLine> {
    let names: HashMap<i64, &str> = network.nodes.iter().map(|n| (n.id, n.name.as_str())).collect();
    let mut edges: Vec<_> = network.edges.iter().collect();
    edges.sort_by(|a, b| b.shared.cmp(&a.shared).then(a.since.cmp(&b.since)));
    edges
        .into_iter()
        .take(TIES_LISTED)
        .map(|e| TieLine {
            between: format!(
                "{} – {}",
                names.get(&e.source).copied().unwrap_or_default(),
                names.get(&e.target).copied().unwrap_or_default()
            ),
            shared: e.shared,
            since: quarter(tr, e.since),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "activities/network.html")]
struct NetworkPage {
    page: Page,
    initiative: Initiative,
    nodes: Vec<PlacedNode>,
    edges: Vec<PlacedEdge>,
    actors: Vec<rygrad_store::network::NetworkNode>,
    ties: Vec<TieLine>,
    total_ties: usize,
    new_per_quarter: Vec<(String, u32)>,
    sectors: Vec<&'static str>,
    tracks: Vec<Track>,
    sector: String,
    track: String,
    size: f64,
}

async fn network(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Query(q): Query<NetworkQuery>,
) -> Result<Response, WebError> {
    let initiative = load(&state, &page, &slug).await?;
    let network = state.store.network(initiative.row.id, &network_filter(&q.sektor, &q.spor)).await?;
    let (nodes, edges) = layout(&network);
    let new_per_quarter = network.new_per_quarter.iter().map(|(q, n)| (quarter(&page.tr, *q), *n)).collect();
    render(NetworkPage {
        ties: ties(&page.tr, &network),
        total_ties: network.edges.len(),
        page,
        tracks: state.store.tracks_of(initiative.row.id).await?,
        initiative,
        nodes,
        edges,
        actors: network.nodes,
        new_per_quarter,
        sectors: Sector::ALL.iter().map(|s| s.code()).collect(),
        sector: q.sektor,
        track: q.spor,
        size: SIZE,
    })
}

#[cfg(test)]
mod tests {
    use crate::http::i18n::Tr;
    use rygrad_domain::activity::{ActivityStatus, CommitmentKind};
    use rygrad_domain::format::Lang;

    /// Ids built at run time from codes, which the general i18n test cannot see.
    #[test]
    fn i18n_ids_built_from_activity_codes_exist() {
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang);
            let mut ids: Vec<String> =
                ActivityStatus::ALL.iter().map(|s| format!("activity-status-{}", s.code())).collect();
            ids.extend(CommitmentKind::ALL.iter().map(|k| format!("commitment-kind-{}", k.code())));
            ids.extend(["activity", "commitment", "delivery"].map(|e| format!("log-entity-{e}")));
            ids.push("log-action-accept".into());
            ids.extend(
                [
                    "activity-stop-reason",
                    "activity-foreign-goal",
                    "activity-foreign-track",
                    "commitment-target",
                    "commitment-foreign-activity",
                    "commitment-foreign-goal",
                    "amount-negative",
                    "amount-absurd",
                ]
                .map(|c| format!("err-{c}")),
            );
            for id in ids {
                assert!(tr.has(&id), "{id} in {lang:?}");
            }
        }
    }
}
