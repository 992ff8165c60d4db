//! The common agenda's knowledge base: problem understanding with sources, vision, guiding
//! principles and strategies. Backbone staff revise the sections (every revision is kept and
//! can be compared with the one before); the alliance's people comment and mark support.

use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView};
use crate::http::page::form_error;
use crate::http::page::render;
use crate::http::page::{Page, flash};
use crate::http::state::AppState;
use crate::initiatives::pages::audit_actor;
use crate::initiatives::rules::{scope, visible};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rygrad_domain::FieldErrors;
use rygrad_domain::knowledge_base::{CommentInput, DiffLine, SectionInput, SectionKind, line_diff};
use rygrad_domain::policy::Action;
use rygrad_store::initiatives::Initiative;
use rygrad_store::knowledge_base::{Revision, Section};
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/vidensgrundlag", get(show))
        .route("/initiativer/{slug}/vidensgrundlag/{kind}/rediger", get(edit_form).post(revise))
        .route("/initiativer/{slug}/vidensgrundlag/{kind}/historik", get(history))
        .route("/initiativer/{slug}/vidensgrundlag/{kind}/kommentarer", post(comment))
        .route("/initiativer/{slug}/vidensgrundlag/{kind}/stoette", post(support))
}

fn kind_of(code: &str) -> Result<SectionKind, WebError> {
    SectionKind::parse(code).ok_or(WebError::NotFound)
}

#[derive(Template)]
#[template(path = "knowledge_base/show.html")]
struct ShowPage {
    page: Page,
    initiative: Initiative,
    sections: Vec<Section>,
    can_edit: bool,
    can_discuss: bool,
    /// Authors and comments are the alliance's; visitors see the texts.
    in_workspace: bool,
    /// The section whose comment form failed, and that form.
    comment_form: Option<(SectionKind, FormView)>,
    empty_form: FormView,
}

impl ShowPage {
    /// The comment form of a section: the failed one with its message, else an empty one.
    fn comment_form_for(&self, kind: &SectionKind) -> &FormView {
        self.comment_form.as_ref().filter(|(k, _)| k == kind).map_or(&self.empty_form, |(_, f)| f)
    }
}

async fn show_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    comment_form: Option<(SectionKind, FormView)>,
) -> Result<ShowPage, WebError> {
    let viewer = page.user.as_ref().map(|u| u.id);
    let sections = state.store.knowledge_base(initiative.row.id, viewer).await?;
    let can_edit = page.can(&Action::ManageAgenda(scope(&initiative)));
    let can_discuss = page.can(&Action::DiscussAgenda(scope(&initiative)));
    let in_workspace = page.can(&Action::ViewWorkspace(scope(&initiative)));
    Ok(ShowPage {
        page,
        initiative,
        sections,
        can_edit,
        can_discuss,
        in_workspace,
        comment_form,
        empty_form: FormView::empty(),
    })
}

async fn show(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    render(show_page(&state, page, initiative, None).await?)
}

#[derive(Template)]
#[template(path = "knowledge_base/edit.html")]
struct EditPage {
    page: Page,
    initiative: Initiative,
    kind: SectionKind,
    form: FormView,
    /// The revision being replaced, shown beside the form.
    current: Option<Revision>,
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, kind)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ManageAgenda(scope(&initiative)))?;
    let kind = kind_of(&kind)?;
    let current = state.store.section_history(initiative.row.id, kind).await?.into_iter().next();
    let input = SectionInput {
        body: current.as_ref().map(|c| c.content.body.clone()).unwrap_or_default(),
        sources: current.as_ref().map(|c| c.content.sources.clone()).unwrap_or_default(),
        note: String::new(),
    };
    let form = FormView::new(&input, &FieldErrors::default(), &page.tr);
    render(EditPage { page, initiative, kind, form, current })
}

async fn revise(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, kind)): Path<(String, String)>,
    CsrfForm(input): CsrfForm<SectionInput>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ManageAgenda(scope(&initiative)))?;
    let kind = kind_of(&kind)?;
    match input.validate() {
        Ok(revision) => {
            state.store.revise_section(initiative.row.id, kind, &revision, &audit_actor(&page)).await?;
            flash(&session, page.t("kb-revision-saved")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/vidensgrundlag#section-{}", kind.code())).into_response())
        }
        Err(errors) => {
            let current = state.store.section_history(initiative.row.id, kind).await?.into_iter().next();
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(EditPage { page, initiative, kind, form, current })
        }
    }
}

/// A revision in the history, with what it changed against the one before.
pub struct HistoryEntry {
    pub revision: Revision,
    pub diff: Vec<DiffLine>,
    pub sources_changed: bool,
}

#[derive(Template)]
#[template(path = "knowledge_base/history.html")]
struct HistoryPage {
    page: Page,
    initiative: Initiative,
    kind: SectionKind,
    entries: Vec<HistoryEntry>,
    /// The revision asked for with `?version=N`, shown in full.
    shown: Option<Revision>,
    in_workspace: bool,
}

#[derive(serde::Deserialize, Default)]
struct HistoryQuery {
    version: Option<i32>,
}

async fn history(
    State(state): State<AppState>,
    page: Page,
    Path((slug, kind)): Path<(String, String)>,
    Query(query): Query<HistoryQuery>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    let kind = kind_of(&kind)?;
    let revisions = state.store.section_history(initiative.row.id, kind).await?;
    let shown = match query.version {
        Some(n) => Some(revisions.iter().find(|r| r.number == n).cloned().ok_or(WebError::NotFound)?),
        None => None,
    };
    // newest first: each revision's predecessor is the next one in the list
    let entries = revisions
        .iter()
        .enumerate()
        .map(|(index, r)| {
            let before = revisions.get(index + 1);
            HistoryEntry {
                diff: line_diff(before.map_or("", |b| b.content.body.as_str()), &r.content.body),
                sources_changed: before.is_some_and(|b| b.content.sources != r.content.sources),
                revision: r.clone(),
            }
        })
        .collect();
    let in_workspace = page.can(&Action::ViewWorkspace(scope(&initiative)));
    render(HistoryPage { page, initiative, kind, entries, shown, in_workspace })
}

async fn comment(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, kind)): Path<(String, String)>,
    CsrfForm(input): CsrfForm<CommentInput>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::DiscussAgenda(scope(&initiative)))?;
    let kind = kind_of(&kind)?;
    match input.validate() {
        Ok(body) => {
            state.store.comment_on_section(initiative.row.id, kind, &body, &audit_actor(&page)).await?;
            flash(&session, page.t("kb-comment-added")).await?;
            Ok(Redirect::to(&format!("/initiativer/{slug}/vidensgrundlag#section-{}", kind.code())).into_response())
        }
        Err(errors) => {
            let form = FormView::new(&input, &errors, &page.tr);
            form_error(show_page(&state, page, initiative, Some((kind, form))).await?)
        }
    }
}

#[derive(serde::Deserialize)]
struct SupportForm {
    support: String,
}

async fn support(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, kind)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<SupportForm>,
) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::DiscussAgenda(scope(&initiative)))?;
    let kind = kind_of(&kind)?;
    let user = page.signed_in()?;
    let support = form.support == "1";
    state.store.set_section_support(initiative.row.id, kind, user.id, support, &audit_actor(&page)).await?;
    flash(&session, page.t(if support { "kb-supported" } else { "kb-support-withdrawn" })).await?;
    Ok(Redirect::to(&format!("/initiativer/{slug}/vidensgrundlag#section-{}", kind.code())).into_response())
}
