//! Organisations (aktører): the searchable list, a profile page with its membership history,
//! and creating and editing them.

use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView, save_form};
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, flash};
use crate::http::state::AppState;
use crate::initiatives::pages::audit_actor;
use crate::organisations::rules::{edit_scope_of, input_of};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use rygrad_domain::FieldErrors;
use rygrad_domain::geo::{Municipality, geodata};
use rygrad_domain::organisation::{OrganisationInput, Sector};
use rygrad_domain::policy::{Action, InitiativeScope, OrganisationScope};
use rygrad_store::initiatives::InitiativeRecord;
use rygrad_store::memberships::Membership;
use rygrad_store::organisations::{Organisation, OrganisationFilter};
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisationer", get(list))
        .route("/organisationer/ny", get(new_form).post(create))
        .route("/organisationer/{slug}", get(show))
        .route("/organisationer/{slug}/rediger", get(edit_form).post(update))
}

const PER_PAGE: u64 = 50;

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    sektor: String,
    #[serde(default)]
    kommune: String,
    #[serde(default)]
    side: Option<u64>,
}

#[derive(Template)]
#[template(path = "organisations/list.html")]
struct ListPage {
    page: Page,
    rows: Vec<Organisation>,
    total: u64,
    q: String,
    sector: String,
    municipality: String,
    sectors: Vec<&'static str>,
    municipalities: Vec<&'static Municipality>,
    page_no: u64,
    pages: u64,
    can_create: bool,
}

impl ListPage {
    /// The query string for another page of the same search.
    fn page_link(&self, page_no: u64) -> String {
        format!(
            "?q={}&sektor={}&kommune={}&side={page_no}",
            urlencoding::encode(&self.q),
            urlencoding::encode(&self.sector),
            urlencoding::encode(&self.municipality)
        )
    }
}

async fn list(State(state): State<AppState>, page: Page, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let page_no = q.side.unwrap_or(1).clamp(1, 10_000);
    let filter = OrganisationFilter {
        search: Some(q.q.clone()),
        sector: Some(q.sektor.clone()),
        municipality_code: Some(q.kommune.clone()),
    };
    let result = state.store.organisations(&filter, page_no - 1, PER_PAGE).await?;
    let can_create = page.can(&Action::CreateOrganisation);
    render(ListPage {
        page,
        pages: result.total.div_ceil(PER_PAGE).max(1),
        rows: result.rows,
        total: result.total,
        q: q.q,
        sector: q.sektor,
        municipality: q.kommune,
        sectors: Sector::ALL.iter().map(|s| s.code()).collect(),
        municipalities: geodata().municipalities(),
        page_no,
        can_create,
    })
}

#[derive(Template)]
#[template(path = "organisations/show.html")]
struct ShowPage {
    page: Page,
    organisation: Organisation,
    memberships: Vec<(Membership, InitiativeRecord)>,
    can_edit: bool,
}

async fn load(state: &AppState, slug: &str) -> Result<Organisation, WebError> {
    state.store.organisation_by_slug(slug).await?.ok_or(WebError::NotFound)
}

/// Whether the viewer may edit the organisation (for the public, without a look-up).
async fn can_edit(state: &AppState, page: &Page, org: &Organisation) -> Result<bool, WebError> {
    if page.user.is_none() {
        return Ok(false);
    }
    let member_of = edit_scope_of(state, org.id).await?;
    Ok(page.can(&Action::EditOrganisation(OrganisationScope { id: org.id, member_of: &member_of })))
}

async fn require_edit(state: &AppState, page: &Page, org: &Organisation) -> Result<(), WebError> {
    let member_of = edit_scope_of(state, org.id).await?;
    page.require(&Action::EditOrganisation(OrganisationScope { id: org.id, member_of: &member_of }))
}

async fn show(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let organisation = load(&state, &slug).await?;
    let memberships = state
        .store
        .memberships_of_organisation(organisation.id)
        .await?
        .into_iter()
        .filter(|(_, i)| page.can(&Action::ViewInitiative(InitiativeScope { id: i.id, is_public: i.is_public })))
        .collect();
    let can_edit = can_edit(&state, &page, &organisation).await?;
    render(ShowPage { page, organisation, memberships, can_edit })
}

#[derive(Template)]
#[template(path = "organisations/form.html")]
struct FormPage {
    page: Page,
    form: FormView,
    action: String,
    title: String,
    sectors: Vec<&'static str>,
    municipalities: Vec<&'static Municipality>,
}

fn form_page(page: Page, form: FormView, action: String, title: String) -> FormPage {
    FormPage {
        page,
        form,
        action,
        title,
        sectors: Sector::ALL.iter().map(|s| s.code()).collect(),
        municipalities: geodata().municipalities(),
    }
}

#[derive(serde::Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    initiativ: String,
}

async fn new_form(page: Page, Query(q): Query<NewQuery>) -> Result<Response, WebError> {
    page.require(&Action::CreateOrganisation)?;
    let title = page.t("organisation-create");
    let action = format!("/organisationer/ny?initiativ={}", urlencoding::encode(&q.initiativ));
    render(form_page(page, FormView::empty(), action, title))
}

async fn create(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Query(q): Query<NewQuery>,
    CsrfForm(input): CsrfForm<OrganisationInput>,
) -> Result<Response, WebError> {
    page.require(&Action::CreateOrganisation)?;
    // Created from an initiative's member page: log it there and go back there.
    let initiative = match q.initiativ.as_str() {
        "" => None,
        slug => state.store.initiative_by_slug(slug).await?,
    };
    let saved = save_form(input.validate(), async |profile| {
        state.store.create_organisation(&profile, initiative.as_ref().map(|i| i.row.id), &audit_actor(&page)).await
    })
    .await?;
    match saved {
        Ok(row) => {
            flash(&session, page.tr.t1("organisation-created", "name", &row.name)).await?;
            let target = match initiative {
                Some(i) => format!("/initiativer/{}/medlemmer", i.row.slug),
                None => format!("/organisationer/{}", row.slug),
            };
            Ok(Redirect::to(&target).into_response())
        }
        Err(errors) => {
            let title = page.t("organisation-create");
            let form = FormView::new(&input, &errors, &page.tr);
            let action = format!("/organisationer/ny?initiativ={}", urlencoding::encode(&q.initiativ));
            form_error(form_page(page, form, action, title))
        }
    }
}

async fn edit_form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let organisation = load(&state, &slug).await?;
    require_edit(&state, &page, &organisation).await?;
    let title = page.tr.t1("organisation-edit-title", "name", &organisation.name);
    let form = FormView::new(&input_of(&organisation), &FieldErrors::default(), &page.tr);
    render(form_page(page, form, format!("/organisationer/{slug}/rediger"), title))
}

async fn update(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(input): CsrfForm<OrganisationInput>,
) -> Result<Response, WebError> {
    let organisation = load(&state, &slug).await?;
    require_edit(&state, &page, &organisation).await?;
    let saved = save_form(input.validate(), async |profile| {
        state.store.update_organisation(organisation.id, &profile, &audit_actor(&page)).await?;
        Ok(profile.slug.to_string())
    })
    .await?;
    match saved {
        Ok(new_slug) => {
            flash(&session, page.t("saved")).await?;
            Ok(Redirect::to(&format!("/organisationer/{new_slug}")).into_response())
        }
        Err(errors) => {
            let title = page.tr.t1("organisation-edit-title", "name", &organisation.name);
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(form_page(page, form, format!("/organisationer/{slug}/rediger"), title))
        }
    }
}
