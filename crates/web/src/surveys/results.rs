//! The alliance's pages of its surveys: the list with each survey's waves and groups (their
//! codes for backbone staff), a wave's results by group or by an answer, every number
//! released under suppression by `rules::wave_results`, and the downloads (`export.rs`): the
//! answers as CSV and XLSX for backbone staff, the codebook for whoever reads the results.

use super::export::{ExportFormat, answers_download, codebook_download};
use super::rules::{grouping, shown_groups, visible_survey, wave_results};
use crate::http::error::WebError;
use crate::http::page::{Page, render};
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, visible};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use rygrad_domain::format;
use rygrad_domain::policy::Action;
use rygrad_domain::survey::QuestionKind;
use rygrad_store::initiatives::Initiative;
use rygrad_store::surveys::{Survey, SurveyGroup, SurveyWave};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/undersoegelser", get(list))
        .route("/initiativer/{slug}/undersoegelser/{id}/resultater", get(results))
        .route(
            "/initiativer/{slug}/undersoegelser/{id}/svar.csv",
            get(|state, page, path| export_answers(state, page, path, ExportFormat::Csv)),
        )
        .route(
            "/initiativer/{slug}/undersoegelser/{id}/svar.xlsx",
            get(|state, page, path| export_answers(state, page, path, ExportFormat::Xlsx)),
        )
        .route("/initiativer/{slug}/undersoegelser/{id}/kodebog.csv", get(export_codebook))
}

struct WaveRow {
    wave: SurveyWave,
    groups: Vec<SurveyGroup>,
}

struct SurveyRow {
    survey: Survey,
    waves: Vec<WaveRow>,
}

#[derive(Template)]
#[template(path = "surveys/list.html")]
struct ListPage {
    page: Page,
    initiative: Initiative,
    surveys: Vec<SurveyRow>,
    can_manage: bool,
}

/// The initiative's surveys with their waves and groups; the codes for backbone staff only.
async fn list(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = visible(&state, &page.actor, &slug).await?;
    page.require(&Action::ViewSurveyResults(scope(&initiative)))?;
    let can_manage = page.can(&Action::ManageSurveys(scope(&initiative)));
    let mut surveys = Vec::new();
    for survey in state.store.surveys_of(initiative.row.id).await? {
        let mut waves = Vec::new();
        for wave in state.store.survey_waves_of(survey.id).await? {
            let groups = state.store.survey_groups_of(wave.id).await?;
            waves.push(WaveRow { wave, groups });
        }
        surveys.push(SurveyRow { survey, waves });
    }
    render(ListPage { page, initiative, surveys, can_manage })
}

/// A survey of the initiative at `slug` whose results the page's actor may see.
async fn survey_at(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<(Initiative, Survey), WebError> {
    let (initiative, survey) = visible_survey(state, &page.actor, id).await?;
    if initiative.row.slug != slug {
        return Err(WebError::NotFound);
    }
    page.require(&Action::ViewSurveyResults(scope(&initiative)))?;
    Ok((initiative, survey))
}

#[derive(serde::Deserialize)]
struct ResultsQuery {
    boelge: Option<i64>,
    gruppering: Option<String>,
}

struct OptionRow {
    label: String,
    /// Empty when the cell is hidden.
    count: String,
    share: String,
    interval: String,
}

struct GroupTable {
    name: String,
    /// "n = 12", or none when the group is suppressed (then no rows).
    n: Option<String>,
    rows: Vec<OptionRow>,
}

struct QuestionTable {
    key: String,
    text: String,
    groups: Vec<GroupTable>,
}

struct FreeText {
    question: String,
    /// A shown group with at least 5 answers, and its texts.
    groups: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "surveys/results.html")]
struct ResultsPage {
    page: Page,
    initiative: Initiative,
    survey: Survey,
    waves: Vec<SurveyWave>,
    wave_id: i64,
    group_by: String,
    /// `group`, and the single-choice and likert questions: (value, label).
    groupings: Vec<(String, String)>,
    total: Option<String>,
    questions: Vec<QuestionTable>,
    free_text: Vec<FreeText>,
    can_manage: bool,
}

fn percent(page: &Page, share: f64) -> String {
    format!("{} %", format::number(page.tr.lang, share * 100.0, 1))
}

/// A wave's results (the latest wave unless `boelge` names one), grouped by group or by the
/// answer to a question; free text of groups shown with at least 5 answers, for backbone staff.
async fn results(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let (initiative, survey) = survey_at(&state, &page, &slug, id).await?;
    let can_manage = page.can(&Action::ManageSurveys(scope(&initiative)));
    let waves = state.store.survey_waves_of(survey.id).await?;
    let wave = match q.boelge {
        Some(wave_id) => waves.iter().find(|w| w.id == wave_id).ok_or(WebError::NotFound)?,
        None => waves.last().ok_or(WebError::NotFound)?,
    };
    let group_by = q.gruppering.filter(|g| !g.is_empty()).unwrap_or_else(|| "group".into());
    let (groups, counts) = grouping(&state, &survey, wave.id, &group_by, &page.tr).await?.ok_or(WebError::NotFound)?;
    let released = wave_results(&survey.plan, &groups, &counts);
    let plan = &survey.plan;
    let mut questions: Vec<QuestionTable> = plan
        .questions
        .iter()
        .filter(|q| q.kind.has_options())
        .map(|q| QuestionTable { key: q.key.clone(), text: q.text.clone(), groups: Vec::new() })
        .collect();
    for group in &released.groups {
        for (table, result) in questions.iter_mut().zip(&group.questions) {
            let rows = if group.suppressed {
                Vec::new()
            } else {
                result
                    .options
                    .iter()
                    .map(|o| OptionRow {
                        label: o.label.clone(),
                        count: o.count.map(|c| page.tr.int(c as i64)).unwrap_or_default(),
                        share: o.share.map(|s| percent(&page, s)).unwrap_or_default(),
                        interval: o
                            .ci
                            .map(|(low, high)| {
                                format!("{}–{}", format::number(page.tr.lang, low * 100.0, 1), percent(&page, high))
                            })
                            .unwrap_or_default(),
                    })
                    .collect()
            };
            table.groups.push(GroupTable {
                name: group.name.clone(),
                n: group.n.map(|n| page.tr.t1("survey-n", "n", page.tr.int(n as i64))),
                rows,
            });
        }
    }
    let free_text = if can_manage && group_by == "group" {
        let shown = shown_groups(&state, survey.id).await?;
        let responses: Vec<_> =
            state.store.survey_responses_of(survey.id).await?.into_iter().filter(|r| r.wave_id == wave.id).collect();
        let group_ids: Vec<i64> = groups.iter().map(|g| g.0).collect();
        plan.questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Text)
            .map(|q| FreeText {
                question: q.text.clone(),
                groups: group_ids
                    .iter()
                    .filter_map(|id| match shown.get(id) {
                        Some((Some(name), true)) => {
                            let texts: Vec<String> = responses
                                .iter()
                                .filter(|r| r.group_id == *id)
                                .filter_map(|r| r.answers.get(&q.key).and_then(|v| v.as_str()).map(str::to_owned))
                                .collect();
                            Some((name.clone(), texts))
                        }
                        _ => None,
                    })
                    .collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut groupings = vec![("group".to_owned(), page.t("survey-by-group"))];
    groupings.extend(
        plan.questions
            .iter()
            .filter(|q| matches!(q.kind, QuestionKind::Single | QuestionKind::Likert))
            .map(|q| (q.key.clone(), q.text.clone())),
    );
    questions.retain(|q| q.key != group_by);
    render(ResultsPage {
        total: released.total.map(|t| page.tr.int(t as i64)),
        wave_id: wave.id,
        waves: waves.clone(),
        page,
        initiative,
        survey,
        group_by,
        groupings,
        questions,
        free_text,
        can_manage,
    })
}

/// The answers for researchers (backbone staff), as `exportSurveyResponses` gives them.
async fn export_answers(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
    format: ExportFormat,
) -> Result<Response, WebError> {
    let (initiative, survey) = survey_at(&state, &page, &slug, id).await?;
    page.require(&Action::ManageSurveys(scope(&initiative)))?;
    answers_download(&state, &survey, format, &page.tr).await
}

/// The codebook, for whoever may read the results, as `getSurveyCodebook` gives it.
async fn export_codebook(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (_, survey) = survey_at(&state, &page, &slug, id).await?;
    Ok(codebook_download(&survey))
}
