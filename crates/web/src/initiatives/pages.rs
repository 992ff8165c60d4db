//! Initiatives: the public page, creating one (platform admins), editing its profile, the
//! alliance's memberships, inviting people, and the audit log (backbone staff).

use crate::http::auth::tokens;
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView, save_form};
use crate::http::i18n::Tr;
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, flash};
use crate::http::state::AppState;
use crate::indicators::dashboard::{CardView, public_cards};
use crate::initiatives::rules::{LOG_PAGE_SIZE, input_of, scope, visible};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use rygrad_domain::geo::{Municipality, geodata};
use rygrad_domain::initiative::InitiativeInput;
use rygrad_domain::invitation::{InitiativeRole, InvitationInput, InvitationStatus};
use rygrad_domain::membership::{JoinInput, LeaveInput, MembershipRole, has_left};
use rygrad_domain::policy::Action;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::AuditActor;
use rygrad_store::audit::AuditEntry;
use rygrad_store::audit::Named;
use rygrad_store::campaigns::Campaign;
use rygrad_store::initiatives::Initiative;
use rygrad_store::invitations::Invitation;
use rygrad_store::invitations::NewInvitation;
use rygrad_store::memberships::Membership;
use rygrad_store::organisations::{Organisation, OrganisationFilter};
use rygrad_store::outbox::{AboutKind, NewMail};
use rygrad_store::roles::Person;
use serde_json::Value;
use std::collections::HashMap;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/ny", get(new_form).post(create))
        .route("/initiativer/{slug}", get(show))
        .route("/initiativer/{slug}/rediger", get(edit_form).post(update))
        .route("/initiativer/{slug}/medlemmer", get(members).post(add_member))
        .route("/initiativer/{slug}/medlemmer/{id}/udtraed", post(end_member))
        .route("/initiativer/{slug}/invitationer", get(invitations).post(invite))
        .route("/initiativer/{slug}/log", get(audit_log))
}

pub fn audit_actor(page: &Page) -> AuditActor {
    match &page.user {
        Some(u) => AuditActor { user_id: Some(u.id), name: u.name.clone() },
        None => AuditActor::system(),
    }
}

// ---- the public page ----

#[derive(Template)]
#[template(path = "initiatives/show.html")]
struct ShowPage {
    page: Page,
    initiative: Initiative,
    municipalities: Vec<String>,
    current: Vec<(Membership, Organisation)>,
    former: Vec<(Membership, Organisation)>,
    people: Vec<Person>,
    can_edit: bool,
    campaigns: Vec<Campaign>,
    /// The indicators the public may see, with their status.
    indicators: Vec<CardView>,
}

async fn show(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let (current, former) = split_memberships(state.store.memberships_of_initiative(initiative.row.id).await?);
    let can_edit = page.can(&Action::EditInitiative(scope(&initiative)));
    let people = if can_edit { state.store.people_of_initiative(initiative.row.id).await? } else { Vec::new() };
    let municipalities = initiative.municipalities.iter().map(|c| page.tr.municipality(c)).collect();
    let campaigns = state.store.campaigns_of(initiative.row.id).await?;
    let indicators = public_cards(&state, &page.tr, &initiative).await?;
    render(ShowPage { campaigns, indicators, page, initiative, municipalities, current, former, people, can_edit })
}

type MembershipRows = Vec<(Membership, Organisation)>;

fn split_memberships(all: MembershipRows) -> (MembershipRows, MembershipRows) {
    let today = crate::http::today();
    all.into_iter().partition(|(m, _)| !has_left(m.ends_on, today))
}

// ---- creating and editing the profile ----

#[derive(Template)]
#[template(path = "initiatives/form.html")]
struct ProfileForm {
    page: Page,
    form: FormView,
    action: String,
    title: String,
    regions: Vec<(String, Vec<&'static Municipality>)>,
}

fn regions() -> Vec<(String, Vec<&'static Municipality>)> {
    let mut regions: Vec<(String, Vec<&'static Municipality>)> = Vec::new();
    for m in geodata().municipalities() {
        match regions.iter_mut().find(|(name, _)| *name == m.region_name) {
            Some((_, list)) => list.push(m),
            None => regions.push((m.region_name.clone(), vec![m])),
        }
    }
    regions.sort_by(|a, b| a.0.cmp(&b.0));
    regions
}

fn profile_form(page: Page, form: FormView, action: String, title: String) -> ProfileForm {
    ProfileForm { page, form, action, title, regions: regions() }
}

async fn new_form(page: Page) -> Result<Response, WebError> {
    page.require(&Action::CreateInitiative)?;
    let title = page.t("initiative-create");
    let defaults = InitiativeInput { is_public: true, ..Default::default() };
    let form = FormView::new(&defaults, &FieldErrors::default(), &page.tr);
    render(profile_form(page, form, "/initiativer/ny".into(), title))
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    CsrfForm(input): CsrfForm<InitiativeInput>,
) -> Result<Response, WebError> {
    page.require(&Action::CreateInitiative)?;
    let saved =
        save_form(input.validate(), async |profile| state.store.create_initiative(&profile, &audit_actor(&page)).await)
            .await?;
    match saved {
        Ok(row) => {
            flash(&session, page.t("initiative-created")).await?;
            Ok(Redirect::to(&format!("/initiativer/{}", row.slug)).into_response())
        }
        Err(errors) => {
            let title = page.t("initiative-create");
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(profile_form(page, form, "/initiativer/ny".into(), title))
        }
    }
}

async fn edit_form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::EditInitiative(scope(&initiative)))?;
    let form = FormView::new(&input_of(&initiative), &FieldErrors::default(), &page.tr);
    let title = page.tr.t1("initiative-edit-title", "name", &initiative.row.name);
    render(profile_form(page, form, format!("/initiativer/{slug}/rediger"), title))
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<InitiativeInput>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::EditInitiative(scope(&initiative)))?;
    let saved = save_form(input.validate(), async |profile| {
        state.store.update_initiative(initiative.row.id, &profile, &audit_actor(&page)).await?;
        Ok(profile.slug.to_string())
    })
    .await?;
    match saved {
        Ok(new_slug) => {
            flash(&session, page.t("saved")).await?;
            Ok(Redirect::to(&format!("/initiativer/{new_slug}")).into_response())
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            let title = page.tr.t1("initiative-edit-title", "name", &initiative.row.name);
            form_error(profile_form(page, form, format!("/initiativer/{slug}/rediger"), title))
        }
    }
}

// ---- memberships ----

#[derive(Template)]
#[template(path = "initiatives/members.html")]
struct MembersPage {
    page: Page,
    initiative: Initiative,
    current: MembershipRows,
    former: MembershipRows,
    candidates: Vec<Organisation>,
    roles: Vec<&'static str>,
    form: FormView,
    leave_forms: Vec<(i64, FormView)>,
    today: String,
}

impl MembersPage {
    fn leave_form(&self, id: &i64) -> Option<&FormView> {
        self.leave_forms.iter().find(|(m, _)| m == id).map(|(_, f)| f)
    }
}

async fn members_page(state: &AppState, page: Page, initiative: Initiative) -> Result<MembersPage, WebError> {
    let (current, former) = split_memberships(state.store.memberships_of_initiative(initiative.row.id).await?);
    let current_ids: Vec<i64> = current.iter().map(|(_, o)| o.id).collect();
    let candidates = state
        .store
        .organisations(&OrganisationFilter::default(), 0, 10_000)
        .await?
        .rows
        .into_iter()
        .filter(|o| !current_ids.contains(&o.id))
        .collect();
    let defaults =
        JoinInput { role: "member".into(), starts_on: crate::http::today().to_string(), ..Default::default() };
    Ok(MembersPage {
        form: FormView::new(&defaults, &FieldErrors::default(), &page.tr),
        page,
        initiative,
        current,
        former,
        candidates,
        roles: MembershipRole::ALL.iter().map(|r| r.code()).collect(),
        leave_forms: Vec::new(),
        today: crate::http::today().to_string(),
    })
}

async fn members(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ManageMemberships(scope(&initiative)))?;
    render(members_page(&state, page, initiative).await?)
}

async fn add_member(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<JoinInput>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ManageMemberships(scope(&initiative)))?;
    let mut errors = FieldErrors::default();
    if let Ok(join) = input.validate().map_err(|e| errors = e) {
        match state.store.organisation_by_slug(&join.organisation_slug).await? {
            None => errors.add("organisation", FieldError::new("unknown-organisation")),
            Some(org) => {
                let current = state.store.current_initiatives_of_organisation(org.id, join.starts_on).await?;
                if current.contains(&initiative.row.id) {
                    errors.add("organisation", FieldError::new("already-member"));
                } else {
                    state
                        .store
                        .add_membership(initiative.row.id, org.id, join.role, join.starts_on, &audit_actor(&page))
                        .await?;
                    flash(&session, page.tr.t1("member-added", "name", &org.name)).await?;
                    return Ok(Redirect::to(&format!("/initiativer/{slug}/medlemmer")).into_response());
                }
            }
        }
    }
    let form = FormView::new(&input, &errors, &page.tr);
    let mut view = members_page(&state, page, initiative).await?;
    view.form = form;
    form_error(view)
}

async fn end_member(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(input): CsrfForm<LeaveInput>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ManageMemberships(scope(&initiative)))?;
    let membership =
        state.store.membership(id).await?.filter(|m| m.initiative_id == initiative.row.id).ok_or(WebError::NotFound)?;
    match input.validate(membership.starts_on) {
        Ok(leave) => {
            state.store.end_membership(id, &leave, &audit_actor(&page)).await?;
            flash(&session, page.t("member-ended")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/medlemmer")).into_response())
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            let mut view = members_page(&state, page, initiative).await?;
            view.leave_forms.push((id, form));
            form_error(view)
        }
    }
}

// ---- invitations ----

#[derive(Template)]
#[template(path = "initiatives/invitations.html")]
struct InvitationsPage {
    page: Page,
    initiative: Initiative,
    form: FormView,
    organisations: Vec<Organisation>,
    invitations: Vec<Invitation>,
    /// Invitations whose mail could not be delivered.
    mail_failed: std::collections::HashSet<i64>,
    people: Vec<Person>,
    roles: Vec<&'static str>,
}

async fn invitations_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    form: FormView,
) -> Result<InvitationsPage, WebError> {
    let (current, _) = split_memberships(state.store.memberships_of_initiative(initiative.row.id).await?);
    let invitations = state.store.invitations_of_initiative(initiative.row.id).await?;
    let mail_failed =
        state.store.with_failed_mail(AboutKind::Invitation, invitations.iter().map(|i| i.id).collect()).await?;
    Ok(InvitationsPage {
        organisations: current.into_iter().map(|(_, o)| o).collect(),
        invitations,
        mail_failed,
        people: state.store.people_of_initiative(initiative.row.id).await?,
        roles: InitiativeRole::ALL.iter().map(|r| r.code()).collect(),
        page,
        initiative,
        form,
    })
}

async fn invitations(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::InvitePeople(scope(&initiative)))?;
    let defaults = InvitationInput { role: "member".into(), ..Default::default() };
    let form = FormView::new(&defaults, &FieldErrors::default(), &page.tr);
    render(invitations_page(&state, page, initiative, form).await?)
}

async fn invite(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<InvitationInput>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::InvitePeople(scope(&initiative)))?;
    let mut errors = FieldErrors::default();
    if let Ok(invitation) = input.validate().map_err(|e| errors = e) {
        let organisation = match &invitation.organisation_slug {
            Some(s) => state.store.organisation_by_slug(s).await?,
            None => None,
        };
        let is_member = match &organisation {
            Some(o) => state
                .store
                .current_initiatives_of_organisation(o.id, crate::http::today())
                .await?
                .contains(&initiative.row.id),
            None => true,
        };
        // Members act for an organisation of this alliance only.
        if invitation.organisation_slug.is_some() && (organisation.is_none() || !is_member) {
            errors.add("organisation", FieldError::new("unknown-organisation"));
        } else {
            let token = tokens::new_token();
            let inviter = page.user.as_ref().map(|u| u.name.clone()).unwrap_or_default();
            let role = page.tr.person_role(invitation.role.code());
            let for_org = organisation
                .as_ref()
                .map(|o| page.tr.t1("mail-invite-for-org", "organisation", &o.name))
                .unwrap_or_default();
            let link = format!("{}/invitation/{token}", state.config.base_url.trim_end_matches('/'));
            let mail = NewMail {
                to: invitation.email.as_str().to_owned(),
                subject: page.tr.t1("mail-invite-subject", "initiative", &initiative.row.name),
                body: page.tr.with(
                    "mail-invite-body",
                    &[
                        ("inviter", inviter),
                        ("initiative", initiative.row.name.clone()),
                        ("role", role),
                        ("for_org", for_org),
                        ("link", link),
                    ],
                ),
                attachment: None,
            };
            state
                .store
                .create_invitation(
                    NewInvitation {
                        initiative_id: initiative.row.id,
                        organisation_id: organisation.as_ref().map(|o| o.id),
                        role: invitation.role,
                        email: invitation.email.as_str(),
                        token_hash: &tokens::hash_token(&token),
                    },
                    &audit_actor(&page),
                    &mail,
                )
                .await?;
            state.wake_mailer();
            flash(&session, page.t("invitation-sent")).await?;
            return Ok(Redirect::to(&format!("/initiativer/{slug}/invitationer")).into_response());
        }
    }
    let form = FormView::new(&input, &errors, &page.tr);
    form_error(invitations_page(&state, page, initiative, form).await?)
}

// ---- audit log ----

#[derive(serde::Deserialize)]
struct LogQuery {
    foer: Option<i64>,
}

pub struct LogLine {
    pub entry: AuditEntry,
    pub changes: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "initiatives/log.html")]
struct LogPage {
    page: Page,
    initiative: Initiative,
    lines: Vec<LogLine>,
    older: Option<i64>,
}

/// What a logged field holds, so that its values read in words.
#[derive(Clone, Copy)]
enum FieldKind {
    /// Ids of rows, shown by their names.
    Ids(Named),
    /// An organisation's short address, shown by its name.
    OrganisationSlug,
    /// A code with a label `{prefix}{code}`.
    Code(&'static str),
    Plain,
}

fn field_kind(entity: &str, field: &str) -> FieldKind {
    match (entity, field) {
        (_, "organisation_id" | "lead_organisation_id" | "partner_ids") | ("meeting", "participants") => {
            FieldKind::Ids(Named::Organisation)
        }
        (_, "goal_id" | "goal_ids" | "parent_id" | "children") | ("goal", "to") => FieldKind::Ids(Named::Goal),
        (_, "track_ids") => FieldKind::Ids(Named::Track),
        (_, "activity_id") => FieldKind::Ids(Named::Activity),
        (_, "meeting_id") => FieldKind::Ids(Named::Meeting),
        ("track", "lead_organisation") | ("action_item", "organisation") => FieldKind::OrganisationSlug,
        ("meeting", "kind") => FieldKind::Code("meeting-kind-"),
        ("commitment", "kind") => FieldKind::Code("commitment-kind-"),
        ("activity", "status") => FieldKind::Code("activity-status-"),
        ("goal", "level") => FieldKind::Code("goal-level-"),
        ("kb_section", "section") => FieldKind::Code("kb-section-"),
        _ => FieldKind::Plain,
    }
}

/// Fields whose value is itself a list, so that a change of them is a pair of lists.
fn holds_list(field: &str) -> bool {
    matches!(field, "municipalities" | "partner_ids" | "track_ids" | "goal_ids" | "participants" | "children")
}

/// The names the log's ids and short addresses stand for.
#[derive(Default)]
struct LogNames {
    ids: HashMap<Named, HashMap<i64, String>>,
    slugs: HashMap<String, String>,
}

impl LogNames {
    /// Looks up, in one query per kind, every id and short address a page of the log mentions.
    async fn of(state: &AppState, entries: &[AuditEntry]) -> Result<Self, WebError> {
        let mut ids: HashMap<Named, Vec<i64>> = HashMap::new();
        let mut slugs = Vec::new();
        for entry in entries {
            for (field, value) in &entry.changes {
                match field_kind(&entry.entity, field) {
                    FieldKind::Ids(named) => leaves(value, &mut |v| ids.entry(named).or_default().extend(v.as_i64())),
                    FieldKind::OrganisationSlug => leaves(value, &mut |v| slugs.extend(v.as_str().map(str::to_owned))),
                    FieldKind::Code(_) | FieldKind::Plain => {}
                }
            }
        }
        let mut names = LogNames { slugs: state.store.organisation_names_by_slug(&slugs).await?, ..Default::default() };
        for (named, list) in ids {
            names.ids.insert(named, state.store.names_of(named, &list).await?);
        }
        Ok(names)
    }
}

/// Calls `f` with every value that is not a list, however deep.
fn leaves(value: &Value, f: &mut impl FnMut(&Value)) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| leaves(v, f)),
        other => f(other),
    }
}

/// A logged value as a reader understands it: names for ids, labels for codes, dates and
/// numbers in the reader's format.
fn describe(tr: &Tr, names: &LogNames, entity: &str, field: &str, value: &Value) -> String {
    match (field_kind(entity, field), value) {
        (_, Value::Null) => "—".into(),
        (_, Value::Array(items)) => {
            let items: Vec<String> = items.iter().map(|v| describe(tr, names, entity, field, v)).collect();
            if items.is_empty() { "—".into() } else { items.join(", ") }
        }
        (FieldKind::Ids(named), Value::Number(n)) => n
            .as_i64()
            .and_then(|id| names.ids.get(&named).and_then(|m| m.get(&id)).cloned())
            .unwrap_or_else(|| tr.t("log-value-deleted")),
        (FieldKind::OrganisationSlug, Value::String(slug)) => {
            names.slugs.get(slug).cloned().unwrap_or_else(|| tr.t("log-value-deleted"))
        }
        (FieldKind::Code(prefix), Value::String(code)) => {
            let id = format!("{prefix}{code}");
            if tr.has(&id) { tr.t(&id) } else { code.clone() }
        }
        (_, Value::Bool(b)) => tr.t(if *b { "log-value-yes" } else { "log-value-no" }),
        (_, Value::Number(n)) => match n.as_i64() {
            Some(i) => tr.int(i),
            None => rygrad_domain::format::number(tr.lang, n.as_f64().unwrap_or_default(), 2),
        },
        (_, Value::String(code)) => match field {
            "municipalities" | "municipality_code" => tr.municipality(code),
            "sector" => tr.sector(code),
            "role" if entity == "membership" => tr.membership_role(code),
            "role" => tr.person_role(code),
            _ => describe_text(tr, code),
        },
        (_, Value::Object(_)) => String::new(),
    }
}

/// Dates and times in the reader's format; other text as it is.
fn describe_text(tr: &Tr, s: &str) -> String {
    if let Ok(d) = s.parse::<NaiveDate>() {
        tr.date(&d)
    } else if let Ok(t) = s.parse::<chrono::DateTime<chrono::Utc>>() {
        tr.datetime(&t)
    } else {
        s.to_owned()
    }
}

fn change_lines(
    tr: &Tr,
    names: &LogNames,
    entity: &str,
    changes: serde_json::Map<String, Value>,
) -> Vec<(String, String)> {
    changes
        .into_iter()
        .map(|(field, value)| {
            let text = match value.as_array().filter(|_| is_change_pair(&field, &value)) {
                Some(pair) => format!(
                    "{} → {}",
                    describe(tr, names, entity, &field, &pair[0]),
                    describe(tr, names, entity, &field, &pair[1])
                ),
                None => describe(tr, names, entity, &field, &value),
            };
            let label_id = format!("log-field-{}", field.replace('_', "-"));
            let label = if tr.has(&label_id) { tr.t(&label_id) } else { field.replace('_', " ") };
            (label, text)
        })
        .collect()
}

/// Updates are logged as `[old, new]`; for a field that holds a list, a change pair is two lists.
fn is_change_pair(field: &str, value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|a| a.len() == 2 && (!holds_list(field) || a.iter().all(|v| v.is_array() || v.is_null())))
}

async fn audit_log(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Query(q): Query<LogQuery>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ViewAuditLog(scope(&initiative)))?;
    let entries = state.store.audit_log(initiative.row.id, q.foer, LOG_PAGE_SIZE).await?;
    let older = (entries.len() as u64 == LOG_PAGE_SIZE).then(|| entries.last().map(|e| e.id)).flatten();
    let names = LogNames::of(&state, &entries).await?;
    let lines = entries
        .into_iter()
        .map(|mut entry| {
            let changes = std::mem::take(&mut entry.changes);
            LogLine { changes: change_lines(&page.tr, &names, &entry.entity, changes), entry }
        })
        .collect();
    render(LogPage { page, initiative, lines, older })
}
