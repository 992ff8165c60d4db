//! Initiatives: the public page, creating one (platform admins), editing its profile, the
//! alliance's memberships, inviting people, and the audit log (backbone staff).

use crate::accounts::form_error;
use crate::auth::tokens;
use crate::error::WebError;
use crate::form::{CsrfForm, FormView};
use crate::i18n::Tr;
use crate::page::{Page, flash};
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use rygrad_domain::geo::{Municipality, geodata};
use rygrad_domain::initiative::InitiativeInput;
use rygrad_domain::invitation::{InitiativeRole, InvitationInput};
use rygrad_domain::membership::{JoinInput, LeaveInput, MembershipRole, is_active};
use rygrad_domain::policy::{Action, InitiativeScope};
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::entity::{audit_entry, invitation, membership, organisation};
use rygrad_store::initiatives::Initiative;
use rygrad_store::invitations::NewInvitation;
use rygrad_store::organisations::OrganisationFilter;
use rygrad_store::roles::Person;
use rygrad_store::{AuditActor, StoreError};
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

pub fn scope(i: &Initiative) -> InitiativeScope {
    InitiativeScope { id: i.row.id, is_public: i.row.is_public }
}

pub fn audit_actor(page: &Page) -> AuditActor {
    match &page.user {
        Some(u) => AuditActor { user_id: Some(u.id), name: u.name.clone() },
        None => AuditActor::system(),
    }
}

/// An initiative the viewer may see; a private one is "not found" to others.
pub(crate) async fn visible(state: &AppState, page: &Page, slug: &str) -> Result<Initiative, WebError> {
    let initiative = state.store.initiative_by_slug(slug).await?.ok_or(WebError::NotFound)?;
    if !page.can(&Action::ViewInitiative(scope(&initiative))) {
        return Err(WebError::NotFound);
    }
    Ok(initiative)
}

fn today() -> NaiveDate {
    rygrad_domain::format::local_date(chrono::Utc::now())
}

// ---- the public page ----

#[derive(Template)]
#[template(path = "initiatives/show.html")]
struct ShowPage {
    page: Page,
    initiative: Initiative,
    municipalities: Vec<String>,
    current: Vec<(membership::Model, organisation::Model)>,
    former: Vec<(membership::Model, organisation::Model)>,
    people: Vec<Person>,
    can_edit: bool,
    campaigns: Vec<rygrad_store::entity::campaign::Model>,
}

async fn show(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page, &slug).await?;
    let (current, former) = split_memberships(state.store.memberships_of_initiative(initiative.row.id).await?);
    let can_edit = page.can(&Action::EditInitiative(scope(&initiative)));
    let people = if can_edit { state.store.people_of_initiative(initiative.row.id).await? } else { Vec::new() };
    let municipalities = initiative.municipalities.iter().map(|c| page.tr.municipality(c)).collect();
    let campaigns = state.store.campaigns_of(initiative.row.id).await?;
    render(ShowPage { campaigns, page, initiative, municipalities, current, former, people, can_edit })
}

type MembershipRows = Vec<(membership::Model, organisation::Model)>;

fn split_memberships(all: MembershipRows) -> (MembershipRows, MembershipRows) {
    let today = today();
    all.into_iter().partition(|(m, _)| is_active(m.starts_on, m.ends_on, today) || m.starts_on > today)
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
    let result = match input.validate() {
        Ok(profile) => {
            state.store.create_initiative(&profile, &audit_actor(&page)).await.map_err(|e| taken_to_field(e, "slug"))
        }
        Err(errors) => Err(Ok(errors)),
    };
    match result {
        Ok(row) => {
            flash(&session, page.t("initiative-created")).await?;
            Ok(Redirect::to(&format!("/initiativer/{}", row.slug)).into_response())
        }
        Err(Ok(errors)) => {
            let title = page.t("initiative-create");
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(profile_form(page, form, "/initiativer/ny".into(), title))
        }
        Err(Err(e)) => Err(e),
    }
}

/// A taken unique value becomes a message beside `field`; other errors stay errors.
pub fn taken_to_field(e: StoreError, field: &'static str) -> Result<FieldErrors, WebError> {
    match e {
        StoreError::Taken(_) => {
            let mut errors = FieldErrors::default();
            errors.add(field, FieldError::new("taken"));
            Ok(errors)
        }
        other => Err(other.into()),
    }
}

pub(crate) fn input_of(i: &Initiative) -> InitiativeInput {
    InitiativeInput {
        name: i.row.name.clone(),
        slug: i.row.slug.clone(),
        problem_statement: i.row.problem_statement.clone(),
        vision: i.row.vision.clone(),
        guiding_principles: i.row.guiding_principles.clone(),
        municipalities: i.municipalities.clone(),
        starts_on: i.row.starts_on.map(|d| d.to_string()).unwrap_or_default(),
        ends_on: i.row.ends_on.map(|d| d.to_string()).unwrap_or_default(),
        is_public: i.row.is_public,
    }
}

async fn edit_form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page, &slug).await?;
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
    let initiative = visible(&state, &page, &slug).await?;
    page.require(&Action::EditInitiative(scope(&initiative)))?;
    let result = match input.validate() {
        Ok(profile) => state
            .store
            .update_initiative(initiative.row.id, &profile, &audit_actor(&page))
            .await
            .map(|()| profile.slug.to_string())
            .map_err(|e| taken_to_field(e, "slug")),
        Err(errors) => Err(Ok(errors)),
    };
    match result {
        Ok(new_slug) => {
            flash(&session, page.t("saved")).await?;
            Ok(Redirect::to(&format!("/initiativer/{new_slug}")).into_response())
        }
        Err(Ok(errors)) => {
            let form = FormView::new(&input, &errors, &page.tr);
            let title = page.tr.t1("initiative-edit-title", "name", &initiative.row.name);
            form_error(profile_form(page, form, format!("/initiativer/{slug}/rediger"), title))
        }
        Err(Err(e)) => Err(e),
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
    candidates: Vec<organisation::Model>,
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
    let defaults = JoinInput { role: "member".into(), starts_on: today().to_string(), ..Default::default() };
    Ok(MembersPage {
        form: FormView::new(&defaults, &FieldErrors::default(), &page.tr),
        page,
        initiative,
        current,
        former,
        candidates,
        roles: MembershipRole::ALL.iter().map(|r| r.code()).collect(),
        leave_forms: Vec::new(),
        today: today().to_string(),
    })
}

async fn members(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page, &slug).await?;
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
    let initiative = visible(&state, &page, &slug).await?;
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
    let initiative = visible(&state, &page, &slug).await?;
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
    organisations: Vec<organisation::Model>,
    invitations: Vec<invitation::Model>,
    people: Vec<Person>,
    roles: Vec<&'static str>,
    now: chrono::DateTime<chrono::Utc>,
}

async fn invitations_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    form: FormView,
) -> Result<InvitationsPage, WebError> {
    let (current, _) = split_memberships(state.store.memberships_of_initiative(initiative.row.id).await?);
    Ok(InvitationsPage {
        organisations: current.into_iter().map(|(_, o)| o).collect(),
        invitations: state.store.invitations_of_initiative(initiative.row.id).await?,
        people: state.store.people_of_initiative(initiative.row.id).await?,
        roles: InitiativeRole::ALL.iter().map(|r| r.code()).collect(),
        now: chrono::Utc::now(),
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
    let initiative = visible(&state, &page, &slug).await?;
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
    let initiative = visible(&state, &page, &slug).await?;
    page.require(&Action::InvitePeople(scope(&initiative)))?;
    let mut errors = FieldErrors::default();
    if let Ok(invitation) = input.validate().map_err(|e| errors = e) {
        let organisation = match &invitation.organisation_slug {
            Some(s) => state.store.organisation_by_slug(s).await?,
            None => None,
        };
        let is_member = match &organisation {
            Some(o) => {
                state.store.current_initiatives_of_organisation(o.id, today()).await?.contains(&initiative.row.id)
            }
            None => true,
        };
        // Members act for an organisation of this alliance only.
        if invitation.organisation_slug.is_some() && (organisation.is_none() || !is_member) {
            errors.add("organisation", FieldError::new("unknown-organisation"));
        } else {
            let token = tokens::new_token();
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
                )
                .await?;
            let inviter = page.user.as_ref().map(|u| u.name.clone()).unwrap_or_default();
            let role = page.tr.person_role(invitation.role.code());
            let for_org = organisation
                .as_ref()
                .map(|o| page.tr.t1("mail-invite-for-org", "organisation", &o.name))
                .unwrap_or_default();
            let link = format!("{}/invitation/{token}", state.config.base_url.trim_end_matches('/'));
            let body = page.tr.with(
                "mail-invite-body",
                &[
                    ("inviter", inviter),
                    ("initiative", initiative.row.name.clone()),
                    ("role", role),
                    ("for_org", for_org),
                    ("link", link),
                ],
            );
            let subject = page.tr.t1("mail-invite-subject", "initiative", &initiative.row.name);
            state.send_mail(invitation.email.as_str(), &subject, &body).await?;
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
    pub entry: audit_entry::Model,
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

const LOG_PAGE_SIZE: u64 = 100;

/// A logged value as a reader understands it: dates, roles, sectors and municipalities in words.
fn describe(tr: &Tr, entity: &str, field: &str, value: &serde_json::Value) -> String {
    use serde_json::Value;
    match (field, value) {
        (_, Value::Null) => "—".into(),
        (_, Value::Bool(b)) => tr.t(if *b { "log-value-yes" } else { "log-value-no" }),
        ("municipalities", Value::Array(codes)) => {
            codes.iter().filter_map(Value::as_str).map(|c| tr.municipality(c)).collect::<Vec<_>>().join(", ")
        }
        ("municipality_code", Value::String(code)) => tr.municipality(code),
        ("sector", Value::String(code)) => tr.sector(code),
        ("role", Value::String(code)) if entity == "membership" => tr.membership_role(code),
        ("role", Value::String(code)) => tr.person_role(code),
        (_, Value::String(s)) => match s.parse::<NaiveDate>() {
            Ok(d) => tr.date(&d),
            Err(_) => s.clone(),
        },
        (_, other) => other.to_string(),
    }
}

fn change_lines(tr: &Tr, entity: &str, changes: &str) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(changes) else {
        return Vec::new();
    };
    map.into_iter()
        .map(|(field, value)| {
            let text = if is_change_pair(&field, &value) {
                format!(
                    "{} → {}",
                    describe(tr, entity, &field, &pair_item(&value, 0)),
                    describe(tr, entity, &field, &pair_item(&value, 1))
                )
            } else {
                describe(tr, entity, &field, &value)
            };
            let label_id = format!("log-field-{}", field.replace('_', "-"));
            let label = if tr.has(&label_id) { tr.t(&label_id) } else { field };
            (label, text)
        })
        .collect()
}

/// Updates are logged as `[old, new]`. Only `municipalities` holds a list of its own, so for it
/// a change pair is two lists.
fn is_change_pair(field: &str, value: &serde_json::Value) -> bool {
    value
        .as_array()
        .is_some_and(|a| a.len() == 2 && (field != "municipalities" || a.iter().all(|v| v.is_array() || v.is_null())))
}

fn pair_item(value: &serde_json::Value, i: usize) -> serde_json::Value {
    value.as_array().and_then(|a| a.get(i)).cloned().unwrap_or(serde_json::Value::Null)
}

async fn audit_log(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    Query(q): Query<LogQuery>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page, &slug).await?;
    page.require(&Action::ViewAuditLog(scope(&initiative)))?;
    let entries = state.store.audit_log(initiative.row.id, q.foer, LOG_PAGE_SIZE).await?;
    let older = (entries.len() as u64 == LOG_PAGE_SIZE).then(|| entries.last().map(|e| e.id)).flatten();
    let lines = entries
        .into_iter()
        .map(|entry| LogLine { changes: change_lines(&page.tr, &entry.entity, &entry.changes), entry })
        .collect();
    render(LogPage { page, initiative, lines, older })
}
