//! The page of a survey question feeding an indicator, for backbone staff: the link's form
//! (the question, the options counted and where the values go), "refresh now" and "remove"
//! (`survey_feed.rs` has the rules).

use super::pages::managed_indicator;
use super::survey_feed::{FeedReport, check_link, refresh};
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView};
use crate::http::page::{Page, flash_redirect, form_error, render};
use crate::http::state::AppState;
use crate::initiatives::pages::audit_actor;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rygrad_domain::survey_feed::{FeedUnits, SurveyLinkInput};
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::indicators::Indicator;
use rygrad_store::initiatives::Initiative;
use rygrad_store::survey_feeds::SurveyLink;
use rygrad_store::surveys::Survey;
use tower_sessions::Session;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/indikatorer/{id}/spoergeskema", get(form).post(save))
        .route("/initiativer/{slug}/indikatorer/{id}/spoergeskema/opdater", post(refresh_now))
        .route("/initiativer/{slug}/indikatorer/{id}/spoergeskema/fjern", post(remove))
}

/// The form as typed: the question as `survey id:key`, the options as `3, 4`.
#[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
struct LinkForm {
    #[serde(default)]
    question: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    units: String,
    #[serde(default)]
    unit: String,
}

impl LinkForm {
    fn of(link: &SurveyLink) -> Self {
        let options: Vec<String> = link.plan.options.iter().map(u32::to_string).collect();
        LinkForm {
            question: format!("{}:{}", link.plan.survey_id, link.plan.question),
            options: options.join(", "),
            units: link.plan.mapping.units().code().into(),
            unit: link.plan.mapping.unit().map(|u| u.key()).unwrap_or_default(),
        }
    }

    /// The input, or the form's own errors (a question or options that do not parse).
    fn input(&self) -> Result<SurveyLinkInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let (survey_id, question) = match self.question.split_once(':') {
            Some((id, key)) => (id.trim().parse().unwrap_or(0), key.to_owned()),
            None => (0, String::new()),
        };
        let options: Result<Vec<u32>, _> = self
            .options
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|o| !o.is_empty())
            .map(str::parse)
            .collect();
        let options = errors.take("options", options.map_err(|_| FieldError::new("survey-feed-option-unknown")));
        match options {
            Some(options) => Ok(SurveyLinkInput {
                survey_id,
                question,
                options,
                units: self.units.clone(),
                unit: Some(self.unit.clone()),
            }),
            None => Err(errors),
        }
    }
}

/// A choice question to link: its value in the form, its survey's title, its text and its
/// options numbered.
struct QuestionChoice {
    value: String,
    survey: String,
    text: String,
    options: Vec<(u32, String)>,
}

fn question_choices(surveys: &[Survey]) -> Vec<QuestionChoice> {
    surveys
        .iter()
        .flat_map(|s| {
            s.plan.questions.iter().filter(|q| q.kind.has_options()).map(|q| QuestionChoice {
                value: format!("{}:{}", s.id, q.key),
                survey: s.plan.title.clone(),
                text: q.text.clone(),
                options: q.options.iter().enumerate().map(|(n, o)| (n as u32 + 1, o.clone())).collect(),
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "indicators/survey_link.html")]
struct LinkPage {
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    form: FormView,
    linked: bool,
    questions: Vec<QuestionChoice>,
    units: [FeedUnits; 2],
}

fn here(slug: &str, id: i64) -> String {
    format!("/initiativer/{slug}/indikatorer/{id}/spoergeskema")
}

async fn link_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    input: &LinkForm,
    errors: &FieldErrors,
) -> Result<LinkPage, WebError> {
    let surveys = state.store.surveys_of(initiative.row.id).await?;
    let linked = state.store.indicator_survey_link(&indicator).await?.is_some();
    // the link's survey is chosen with its question
    let mut shown = FieldErrors::default();
    for (field, code) in errors.iter() {
        shown.add(if field == "survey_id" { "question" } else { field }, FieldError::new(code));
    }
    let form = FormView::new(input, &shown, &page.tr);
    Ok(LinkPage {
        page,
        initiative,
        indicator,
        form,
        linked,
        questions: question_choices(&surveys),
        units: FeedUnits::ALL,
    })
}

async fn form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = managed_indicator(&state, &page, &slug, id).await?;
    let link = state.store.indicator_survey_link(&indicator).await?;
    let input = link.as_ref().map(LinkForm::of).unwrap_or_default();
    render(link_page(&state, page, initiative, indicator, &input, &FieldErrors::default()).await?)
}

async fn save(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(input): CsrfForm<LinkForm>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = managed_indicator(&state, &page, &slug, id).await?;
    let checked = match input.input() {
        Ok(link) => check_link(&state, &indicator, &link).await?,
        Err(errors) => Err(errors),
    };
    match checked {
        Ok(plan) => {
            state.store.save_indicator_survey_link(&indicator, &plan, &audit_actor(&page)).await?;
            flash_redirect(&session, page.t("survey-feed-saved"), &here(&slug, id)).await
        }
        Err(errors) => form_error(link_page(&state, page, initiative, indicator, &input, &errors).await?),
    }
}

/// "12 værdier skrevet, 3 uændrede; 2 grupper uden tal (for få svar)."
fn report_message(page: &Page, report: &FeedReport) -> String {
    let mut message = page.tr.counts(
        "survey-feed-refreshed",
        &[("imported", report.counts.imported), ("unchanged", report.counts.unchanged), ("hidden", report.hidden)],
        &[],
    );
    if !report.unmatched.is_empty() {
        message.push(' ');
        message.push_str(&page.tr.t1("survey-feed-unmatched", "names", report.unmatched.join(", ")));
    }
    message
}

async fn refresh_now(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<serde_json::Value>,
) -> Result<Response, WebError> {
    let (_, indicator) = managed_indicator(&state, &page, &slug, id).await?;
    let Some(link) = state.store.indicator_survey_link(&indicator).await? else {
        return Ok(Redirect::to(&here(&slug, id)).into_response());
    };
    let report = refresh(&state, &indicator, &link, &audit_actor(&page)).await?;
    flash_redirect(&session, report_message(&page, &report), &here(&slug, id)).await
}

async fn remove(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<serde_json::Value>,
) -> Result<Response, WebError> {
    let (_, indicator) = managed_indicator(&state, &page, &slug, id).await?;
    if state.store.indicator_survey_link(&indicator).await?.is_some() {
        state.store.delete_indicator_survey_link(&indicator, &audit_actor(&page)).await?;
    }
    flash_redirect(&session, page.t("survey-feed-removed"), &here(&slug, id)).await
}
