//! Meetings of the alliance group and its working groups: the list, a meeting's page with its
//! minutes, decisions and action items, the decision log, calendar files, and the hourly
//! reminder of action items that fall due.

use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView};
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, flash};
use crate::http::state::AppState;
use crate::initiatives::pages::audit_actor;
use crate::initiatives::rules::{scope, visible};
use crate::meetings::rules::{alliance_with, check_action_item, input_of, item_scope, participant_ids, split};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Utc;
use rygrad_calendar::{CalendarEvent, write_calendar};
use rygrad_domain::FieldErrors;
use rygrad_domain::format::local_date;
use rygrad_domain::meeting::{ActionItemInput, DecisionInput, MeetingInput, MeetingKind, is_overdue};
use rygrad_domain::policy::Action;
use rygrad_store::initiatives::Initiative;
use rygrad_store::meetings::{ActionItem, Decision, ListedActionItem, LoggedDecision, Meeting, Reminder};
use rygrad_store::organisations::Organisation;
use rygrad_store::outbox::NewMail;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/moeder", get(list).post(create))
        .route("/initiativer/{slug}/moeder/kalender.ics", get(feed))
        .route("/initiativer/{slug}/moeder/{id}", get(show))
        .route("/initiativer/{slug}/moeder/{id}/kalender.ics", get(one_ics))
        .route("/initiativer/{slug}/moeder/{id}/rediger", get(edit_form).post(update))
        .route("/initiativer/{slug}/moeder/{id}/beslutninger", post(add_decision))
        .route("/initiativer/{slug}/moeder/{id}/opgaver", post(add_action_item))
        .route("/initiativer/{slug}/opgaver/{id}/status", post(set_done))
        .route("/initiativer/{slug}/opgaver/{id}/rediger", get(edit_item_form).post(edit_item))
        .route("/initiativer/{slug}/beslutninger/{id}/rediger", get(edit_decision_form).post(edit_decision))
        .route("/initiativer/{slug}/beslutninger", get(decision_log))
}

/// An action item as lists show it: its organisation's name and its meeting's title, overdue
/// or not, and whether the viewer may tick it off or edit it.
pub struct ItemView {
    pub item: ActionItem,
    pub organisation_name: String,
    pub meeting_title: String,
    pub overdue: bool,
    pub can_complete: bool,
    pub can_edit: bool,
}

/// `initiative` is the items' initiative, for whether the viewer may edit them.
pub fn item_views(page: &Page, initiative: &Initiative, items: Vec<ListedActionItem>) -> Vec<ItemView> {
    let today = crate::http::today();
    let can_edit = page.can(&Action::EditMeetingRecord(scope(initiative)));
    items
        .into_iter()
        .map(|listed| ItemView {
            overdue: is_overdue(listed.item.due_on, listed.item.done, today),
            can_complete: page.can(&Action::CompleteActionItem(item_scope(&listed.item))),
            can_edit,
            item: listed.item,
            organisation_name: listed.organisation_name,
            meeting_title: listed.meeting_title,
        })
        .collect()
}

/// The meeting's group as people say it: "Alliancegruppen" or the working group's name.
pub fn group_label(page: &Page, m: &Meeting) -> String {
    if m.plan.kind == MeetingKind::WorkingGroup {
        page.tr.t1("meeting-working-group-named", "name", &m.plan.working_group)
    } else {
        page.t("meeting-kind-alliance_group")
    }
}

// ---- the list and the new-meeting form ----

#[derive(Template)]
#[template(path = "meetings/list.html")]
struct ListPage {
    page: Page,
    initiative: Initiative,
    upcoming: Vec<Meeting>,
    past: Vec<Meeting>,
    can_manage: bool,
    form: FormView,
    organisations: Vec<Organisation>,
    kinds: Vec<&'static str>,
}

async fn list_page(state: &AppState, page: Page, initiative: Initiative, form: FormView) -> Result<ListPage, WebError> {
    let now = Utc::now();
    let (mut upcoming, past): (Vec<_>, Vec<_>) =
        state.store.meetings_of(initiative.row.id).await?.into_iter().partition(|m| m.plan.ends_at >= now);
    upcoming.reverse();
    let can_manage = page.can(&Action::ManageMeetings(scope(&initiative)));
    let organisations =
        if can_manage { crate::initiatives::rules::alliance(state, initiative.row.id).await? } else { Vec::new() };
    Ok(ListPage {
        page,
        initiative,
        upcoming,
        past,
        can_manage,
        form,
        organisations,
        kinds: MeetingKind::ALL.iter().map(|k| k.code()).collect(),
    })
}

async fn list(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let defaults = MeetingInput { starts_at: "16:00".into(), ends_at: "18:00".into(), ..Default::default() };
    let form = FormView::new(&defaults, &FieldErrors::default(), &page.tr);
    render(list_page(&state, page, initiative, form).await?)
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<MeetingInput>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ManageMeetings(scope(&initiative)))?;
    let (plan, mut errors) = split(input.validate());
    let ids = participant_ids(&state, &input.participants, &mut errors).await?;
    if let Some(plan) = plan
        && errors.is_empty()
    {
        let m = state.store.create_meeting(initiative.row.id, &plan, &ids, &audit_actor(&page)).await?;
        flash(&session, page.t("meeting-created")).await?;
        return Ok(Redirect::to(&format!("/initiativer/{slug}/moeder/{}", m.id)).into_response());
    }
    let form = FormView::new(&input, &errors, &page.tr);
    form_error(list_page(&state, page, initiative, form).await?)
}

// ---- one meeting ----

#[derive(Template)]
#[template(path = "meetings/show.html")]
struct ShowPage {
    page: Page,
    initiative: Initiative,
    meeting: Meeting,
    group: String,
    participants: Vec<Organisation>,
    decisions: Vec<Decision>,
    items: Vec<ItemView>,
    can_manage: bool,
    /// Whether the viewer may correct decisions and action items.
    can_edit_records: bool,
    /// Whether the viewer sees the online link.
    in_workspace: bool,
    organisations: Vec<Organisation>,
    decision_form: FormView,
    item_form: FormView,
}

async fn meeting_of(state: &AppState, initiative: &Initiative, id: i64) -> Result<Meeting, WebError> {
    state.store.meeting(id).await?.filter(|m| m.initiative_id == initiative.row.id).ok_or(WebError::NotFound)
}

/// A meeting of the initiative, for backbone staff to change.
async fn managed_meeting(
    state: &AppState,
    page: &Page,
    slug: &str,
    id: i64,
) -> Result<(Initiative, Meeting), WebError> {
    let initiative = visible(state, &page.actor, slug).await?;
    page.require(&Action::ManageMeetings(scope(&initiative)))?;
    let meeting = meeting_of(state, &initiative, id).await?;
    Ok((initiative, meeting))
}

async fn show_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    meeting: Meeting,
    decision_form: FormView,
    item_form: FormView,
) -> Result<ShowPage, WebError> {
    let participants = state.store.meeting_participants(meeting.id).await?;
    let decisions = state.store.decisions_of_meeting(meeting.id).await?;
    let items = item_views(
        &page,
        &initiative,
        state.store.action_items(initiative.row.id, None, Some(meeting.id), false).await?,
    );
    let can_manage = page.can(&Action::ManageMeetings(scope(&initiative)));
    let can_edit_records = page.can(&Action::EditMeetingRecord(scope(&initiative)));
    let in_workspace = page.can(&Action::ViewWorkspace(scope(&initiative)));
    let organisations =
        if can_manage { crate::initiatives::rules::alliance(state, initiative.row.id).await? } else { Vec::new() };
    Ok(ShowPage {
        in_workspace,
        group: group_label(&page, &meeting),
        page,
        initiative,
        meeting,
        participants,
        decisions,
        items,
        can_manage,
        can_edit_records,
        organisations,
        decision_form,
        item_form,
    })
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let meeting = meeting_of(&state, &initiative, id).await?;
    let item_form = FormView::new(
        &ActionItemInput { due_on: local_date(meeting.plan.starts_at).to_string(), ..Default::default() },
        &FieldErrors::default(),
        &page.tr,
    );
    render(show_page(&state, page, initiative, meeting, FormView::empty(), item_form).await?)
}

async fn add_decision(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(input): CsrfForm<DecisionInput>,
) -> Result<Response, WebError> {
    let (initiative, meeting) = managed_meeting(&state, &page, &slug, id).await?;
    match input.validate() {
        Ok(text) => {
            state.store.create_decision(&meeting, &text, &audit_actor(&page)).await?;
            flash(&session, page.t("decision-added")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/moeder/{id}#h-decisions")).into_response())
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(show_page(&state, page, initiative, meeting, form, FormView::empty()).await?)
        }
    }
}

async fn add_action_item(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(input): CsrfForm<ActionItemInput>,
) -> Result<Response, WebError> {
    let (initiative, meeting) = managed_meeting(&state, &page, &slug, id).await?;
    match check_action_item(&state, &meeting, &input, None).await? {
        Ok((plan, org)) => {
            state.store.create_action_item(&meeting, &plan, org, &audit_actor(&page)).await?;
            flash(&session, page.t("action-item-added")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/moeder/{id}#h-items")).into_response())
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(show_page(&state, page, initiative, meeting, FormView::empty(), form).await?)
        }
    }
}

#[derive(serde::Deserialize)]
struct DoneForm {
    done: String,
    /// Where to go back to: the meeting or my page.
    #[serde(default)]
    back: String,
}

async fn set_done(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<DoneForm>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let item = state
        .store
        .action_item(id)
        .await?
        .filter(|i| i.initiative_id == initiative.row.id)
        .ok_or(WebError::NotFound)?;
    page.require(&Action::CompleteActionItem(item_scope(&item)))?;
    let done = form.done == "1";
    state.store.set_action_item_done(id, done, &audit_actor(&page)).await?;
    flash(&session, page.t(if done { "action-item-done" } else { "action-item-reopened" })).await?;
    // only our own pages, so the form cannot send anyone elsewhere
    let back = if form.back == "/mig" {
        "/mig".to_owned()
    } else {
        format!("/initiativer/{slug}/moeder/{}#h-items", item.meeting_id)
    };
    Ok(Redirect::to(&back).into_response())
}

// ---- correcting decisions and action items ----

#[derive(Template)]
#[template(path = "meetings/edit_decision.html")]
struct EditDecisionPage {
    page: Page,
    initiative: Initiative,
    meeting: Meeting,
    decision: Decision,
    form: FormView,
}

/// What a meeting recorded: a decision or an action item.
trait MeetingRecord {
    /// Its initiative and its meeting.
    fn place(&self) -> (i64, i64);
}

impl MeetingRecord for Decision {
    fn place(&self) -> (i64, i64) {
        (self.initiative_id, self.meeting_id)
    }
}

impl MeetingRecord for ActionItem {
    fn place(&self) -> (i64, i64) {
        (self.initiative_id, self.meeting_id)
    }
}

/// A decision or action item of the initiative, with its meeting, for one who may correct it.
async fn editable<T: MeetingRecord>(
    state: &AppState,
    page: &Page,
    slug: &str,
    record: Option<T>,
) -> Result<(Initiative, Meeting, T), WebError> {
    let initiative = visible(state, &page.actor, slug).await?;
    let record = record.filter(|r| r.place().0 == initiative.row.id).ok_or(WebError::NotFound)?;
    page.require(&Action::EditMeetingRecord(scope(&initiative)))?;
    let meeting = meeting_of(state, &initiative, record.place().1).await?;
    Ok((initiative, meeting, record))
}

async fn edit_decision_form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, meeting, decision) = editable(&state, &page, &slug, state.store.decision(id).await?).await?;
    let form = FormView::new(&DecisionInput { text: decision.text.clone() }, &FieldErrors::default(), &page.tr);
    render(EditDecisionPage { page, initiative, meeting, decision, form })
}

async fn edit_decision(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(input): CsrfForm<DecisionInput>,
) -> Result<Response, WebError> {
    let (initiative, meeting, decision) = editable(&state, &page, &slug, state.store.decision(id).await?).await?;
    match input.validate() {
        Ok(text) => {
            state.store.update_decision(id, &text, &audit_actor(&page)).await?;
            flash(&session, page.t("decision-saved")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/moeder/{}#h-decisions", meeting.id)).into_response())
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(EditDecisionPage { page, initiative, meeting, decision, form })
        }
    }
}

/// The action item form: what the meeting gave, and whether it is done.
#[derive(serde::Deserialize, serde::Serialize, Default)]
struct ItemForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    done: bool,
}

impl ItemForm {
    fn input(&self) -> ActionItemInput {
        ActionItemInput {
            title: self.title.clone(),
            organisation: self.organisation.clone(),
            due_on: self.due_on.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "meetings/edit_item.html")]
struct EditItemPage {
    page: Page,
    initiative: Initiative,
    meeting: Meeting,
    item: ActionItem,
    form: FormView,
    organisations: Vec<Organisation>,
}

async fn edit_item_form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, meeting, item) = editable(&state, &page, &slug, state.store.action_item(id).await?).await?;
    let organisation = state.store.organisation(item.organisation_id).await?.map(|o| o.slug).unwrap_or_default();
    let input = ItemForm { title: item.title.clone(), organisation, due_on: item.due_on.to_string(), done: item.done };
    let form = FormView::new(&input, &FieldErrors::default(), &page.tr);
    let organisations = alliance_with(&state, initiative.row.id, Some(item.organisation_id)).await?;
    render(EditItemPage { page, initiative, meeting, item, form, organisations })
}

async fn edit_item(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(input): CsrfForm<ItemForm>,
) -> Result<Response, WebError> {
    let (initiative, meeting, item) = editable(&state, &page, &slug, state.store.action_item(id).await?).await?;
    match check_action_item(&state, &meeting, &input.input(), Some(&item)).await? {
        Ok((plan, org)) => {
            state.store.update_action_item(id, Some((&plan, org)), Some(input.done), &audit_actor(&page)).await?;
            flash(&session, page.t("action-item-saved")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/moeder/{}#h-items", meeting.id)).into_response())
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            let organisations = alliance_with(&state, initiative.row.id, Some(item.organisation_id)).await?;
            form_error(EditItemPage { page, initiative, meeting, item, form, organisations })
        }
    }
}

// ---- editing ----

#[derive(Template)]
#[template(path = "meetings/edit.html")]
struct EditPage {
    page: Page,
    initiative: Initiative,
    meeting: Meeting,
    form: FormView,
    organisations: Vec<Organisation>,
    kinds: Vec<&'static str>,
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, meeting) = managed_meeting(&state, &page, &slug, id).await?;
    let form = FormView::new(&input_of(&meeting), &FieldErrors::default(), &page.tr);
    let organisations = crate::initiatives::rules::alliance(&state, initiative.row.id).await?;
    render(EditPage {
        page,
        initiative,
        meeting,
        form,
        organisations,
        kinds: MeetingKind::ALL.iter().map(|k| k.code()).collect(),
    })
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(input): CsrfForm<MeetingInput>,
) -> Result<Response, WebError> {
    let (initiative, meeting) = managed_meeting(&state, &page, &slug, id).await?;
    let (plan, mut errors) = split(input.validate());
    let ids = participant_ids(&state, &input.participants, &mut errors).await?;
    if let Some(plan) = plan
        && errors.is_empty()
    {
        state.store.update_meeting(id, &plan, &ids, &audit_actor(&page)).await?;
        flash(&session, page.t("meeting-saved")).await?;
        return Ok(Redirect::to(&format!("/initiativer/{slug}/moeder/{id}")).into_response());
    }
    let form = FormView::new(&input, &errors, &page.tr);
    let organisations = crate::initiatives::rules::alliance(&state, initiative.row.id).await?;
    form_error(EditPage {
        page,
        initiative,
        meeting,
        form,
        organisations,
        kinds: MeetingKind::ALL.iter().map(|k| k.code()).collect(),
    })
}

// ---- the decision log ----

#[derive(Template)]
#[template(path = "meetings/decisions.html")]
struct DecisionLog {
    page: Page,
    initiative: Initiative,
    decisions: Vec<LoggedDecision>,
    q: String,
}

#[derive(serde::Deserialize, Default)]
struct LogQuery {
    #[serde(default)]
    q: String,
}

async fn decision_log(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Query(query): Query<LogQuery>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let decisions = state.store.decisions_of(initiative.row.id, Some(&query.q)).await?;
    render(DecisionLog { page, initiative, decisions, q: query.q })
}

// ---- calendars ----

/// A meeting as a calendar event; the online link only for the alliance's people.
fn event(state: &AppState, initiative: &Initiative, m: &Meeting, with_link: bool) -> CalendarEvent {
    let plan = &m.plan;
    let link = plan.link.as_deref().filter(|_| with_link);
    let base = state.config.base_url.trim_end_matches('/');
    let url = format!("{base}/initiativer/{}/moeder/{}", initiative.row.slug, m.id);
    let host = base.trim_start_matches("https://").trim_start_matches("http://");
    CalendarEvent {
        uid: format!("meeting-{}@{host}", m.id),
        title: format!("{} – {}", plan.title, initiative.row.name),
        description: [plan.agenda.as_str(), link.unwrap_or(""), url.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n\n"),
        location: if plan.place.is_empty() { link.unwrap_or_default().to_owned() } else { plan.place.clone() },
        url: Some(url),
        starts_at: plan.starts_at,
        ends_at: plan.ends_at,
    }
}

fn ics_response(body: String, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

async fn one_ics(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let m = meeting_of(&state, &initiative, id).await?;
    let with_link = page.can(&Action::ViewWorkspace(scope(&initiative)));
    Ok(ics_response(
        write_calendar(&m.plan.title, &[event(&state, &initiative, &m, with_link)]),
        &format!("moede-{id}.ics"),
    ))
}

async fn feed(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let meetings = state.store.meetings_of(initiative.row.id).await?;
    let with_link = page.can(&Action::ViewWorkspace(scope(&initiative)));
    let events: Vec<CalendarEvent> = meetings.iter().map(|m| event(&state, &initiative, m, with_link)).collect();
    Ok(ics_response(write_calendar(&initiative.row.name, &events), "moeder.ics"))
}

// ---- reminders ----

/// Mails each action item's organisation once, a few days before it falls due; run by the
/// hourly job.
pub async fn send_action_item_reminders(state: &AppState) -> anyhow::Result<usize> {
    let today = crate::http::today();
    let tr = crate::http::i18n::Tr::new(rygrad_domain::format::Lang::Da);
    let base = state.config.base_url.trim_end_matches('/');
    let mail = |r: &Reminder, to: &str| NewMail {
        to: to.to_owned(),
        subject: tr.t1("reminder-subject", "title", &r.item.title),
        body: tr.with(
            "reminder-body",
            &[
                ("title", r.item.title.clone()),
                ("organisation", r.organisation_name.clone()),
                ("initiative", r.initiative_name.clone()),
                ("due", tr.date(&r.item.due_on)),
                ("url", format!("{base}/initiativer/{}/moeder/{}", r.initiative_slug, r.item.meeting_id)),
            ],
        ),
        attachment: None,
    };
    let queued = state.store.claim_action_item_reminders(today, mail).await?;
    state.wake_mailer();
    Ok(queued)
}
