//! The alliance's pages of its surveys: the list with each survey's waves and groups (their
//! codes for backbone staff), a wave's results by group or by an answer, every number
//! released under suppression by `rules::wave_results`, and the downloads (`export.rs`): the
//! answers as CSV and XLSX for backbone staff, the codebook for whoever reads the results.

use super::chart::{OptionShares, SharePoint, share_chart};
use super::export::{ExportFormat, answers_download, codebook_download};
use super::rules::{ChangeResult, GroupResult, SinceWave, shows_free_text, survey_results, visible_survey};
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
use rygrad_domain::survey::{Question, QuestionKind};
use rygrad_domain::survey_stats::{ChangeTest, MeanCi};
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
    side: Option<u64>,
}

/// A change since an earlier wave, as a table cell.
#[derive(Default)]
struct ChangeCell {
    /// "+3,2 (p = 0,41)": percentage points or a mean's units, as the table's caption says;
    /// empty when there is no change to show.
    text: String,
    not_significant: bool,
    /// For a paired test: how many were followed, and the test.
    followed: String,
}

/// A group's row of a question's table: its shares (and mean) and its changes.
struct GroupRow {
    name: String,
    /// The group's answers; none when the group is suppressed (then no cells).
    n: Option<String>,
    /// "42 % (35–50)" per option, then the mean where the question has one; none when hidden.
    cells: Vec<Option<String>>,
    /// Per column of `QuestionTable::change_columns`; empty when the group has no change.
    changes: Vec<ChangeCell>,
}

/// A question: one table with a row per group (everyone first), one column per option, and
/// one table of the changes with a row per group that has any.
struct QuestionTable {
    key: String,
    text: String,
    caption: String,
    /// The SVG of the shares with their intervals; none without a shown share.
    chart: Option<String>,
    /// The options' labels, then the mean's heading where the question has one.
    columns: Vec<String>,
    /// "Ja: Siden Runde 1" per column and earlier wave; empty when no group has a change.
    change_columns: Vec<String>,
    changes_caption: String,
    rows: Vec<GroupRow>,
}

struct FreeText {
    question: String,
    /// A shown group with at least 5 answers, its first texts and how many more there are.
    groups: Vec<(String, Vec<String>, usize)>,
}

/// Texts shown per group and question; the export has them all.
const FREE_TEXTS_SHOWN: usize = 10;

/// Groups a chart draws beside everyone: a school's classes fit; with more (500 classes made
/// each chart 50,000 pixels tall and the page 19 MB), the chart shows everyone and the tables
/// each group.
const CHART_GROUPS: usize = 24;

/// Groups per page of the tables: a municipality's 500 classes made a page of 1.5 MB that took
/// 150 ms; everyone's row heads every page, and suppression is decided over all groups.
const GROUPS_PER_PAGE: usize = 50;

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
    /// The tables' first column: the groups, or the answers grouped by.
    group_heading: String,
    /// The words of a hidden cell, a suppressed group and a change not significant, looked up
    /// once for the page's thousands of cells.
    hidden: String,
    suppressed: String,
    not_significant: String,
    questions: Vec<QuestionTable>,
    free_text: Vec<FreeText>,
    can_manage: bool,
    page_no: u64,
    pages: u64,
    /// "Grupperne 51–100 af 500" where the groups take more than one page.
    groups_shown: Option<String>,
}

impl ResultsPage {
    /// The query string for another page of the same wave and grouping.
    fn page_link(&self, page_no: u64) -> String {
        format!("?boelge={}&gruppering={}&side={page_no}", self.wave_id, urlencoding::encode(&self.group_by))
    }
}

fn percent(page: &Page, share: f64) -> String {
    format!("{} %", format::number(page.tr.lang, share * 100.0, 1))
}

fn interval(page: &Page, (low, high): (f64, f64), scale: f64, unit: &str) -> String {
    let lang = page.tr.lang;
    format!("{}–{}{unit}", format::number(lang, low * scale, 1), format::number(lang, high * scale, 1))
}

/// "+3,2" with its sign, to `decimals`.
fn signed(page: &Page, value: f64, decimals: usize) -> String {
    let number = format::number(page.tr.lang, value, decimals);
    if number.starts_with('-') || number.chars().all(|c| c == '0' || c == ',' || c == '.') {
        number
    } else {
        format!("+{number}")
    }
}

/// The cells of `changes` in the order of `compared_with`; a share's difference in
/// percentage points, a mean's in its units.
fn change_cells(page: &Page, compared_with: &[SinceWave], changes: &[ChangeResult], share: bool) -> Vec<ChangeCell> {
    compared_with
        .iter()
        .map(|since| {
            let Some(c) = changes.iter().find(|c| c.since == since.wave_id).map(|c| c.change) else {
                return ChangeCell::default();
            };
            let difference = if share { signed(page, c.difference * 100.0, 1) } else { signed(page, c.difference, 2) };
            let p = c.significance.p_value;
            let p = if p < 0.001 {
                format!("< {}", format::number(page.tr.lang, 0.001, 3))
            } else {
                format!("= {}", format::number(page.tr.lang, p, 3))
            };
            let test = match c.test {
                ChangeTest::TwoProportions | ChangeTest::WelchT => None,
                ChangeTest::Mcnemar => Some("survey-test-mcnemar"),
                ChangeTest::PairedT => Some("survey-test-paired-t"),
            };
            let followed = match (test, c.pairs) {
                (Some(test), Some(n)) => {
                    page.tr.t2("survey-change-followed", "n", page.tr.int(n as i64), "test", page.t(test))
                }
                _ => String::new(),
            };
            ChangeCell { text: format!("{difference} (p {p})"), not_significant: !c.significance.significant, followed }
        })
        .collect()
}

fn mean_cell(page: &Page, mean: &MeanCi) -> String {
    format!("{} ({})", format::number(page.tr.lang, mean.mean, 2), interval(page, (mean.low, mean.high), 1.0, ""))
}

/// A wave's results (the latest wave unless `boelge` names one), grouped by group or by the
/// answer to a question, with means, the changes since the baseline and the wave before, and
/// a chart per question; free text of groups shown with at least 5 answers, for backbone staff.
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
    let released = survey_results(&state, &survey, wave.id, &group_by, &page.tr).await?.ok_or(WebError::NotFound)?;
    let plan = &survey.plan;
    let compared = &released.compared_with;
    let pages = released.groups.len().div_ceil(GROUPS_PER_PAGE).max(1);
    let page_no = q.side.unwrap_or(1).clamp(1, pages as u64);
    let on_page =
        (page_no as usize - 1) * GROUPS_PER_PAGE..(page_no as usize * GROUPS_PER_PAGE).min(released.groups.len());
    let everyone = std::iter::once(&released.overall).chain(&released.groups[on_page.clone()]);
    let charts_groups = released.groups.iter().filter(|g| !g.suppressed).count() <= CHART_GROUPS;
    let chart_description =
        page.t(if charts_groups { "survey-chart-description" } else { "survey-chart-description-overall" });
    let compared_with: Vec<String> = compared
        .iter()
        .map(|since| {
            let id = if since.baseline { "survey-change-since-baseline" } else { "survey-change-since" };
            page.tr.t1(id, "wave", &since.name)
        })
        .collect();
    let mut questions = Vec::new();
    for question in plan.questions.iter().filter(|q| q.kind.has_options() || q.kind == QuestionKind::Number) {
        let mean_heading = match question.kind {
            QuestionKind::Likert => Some(page.tr.t1("survey-results-scale-mean", "k", question.options.len())),
            QuestionKind::Number => Some(page.t("survey-results-mean")),
            _ => None,
        };
        let columns: Vec<String> = question.options.iter().cloned().chain(mean_heading).collect();
        let mut shares: Vec<OptionShares> =
            question.options.iter().map(|label| OptionShares { label: label.clone(), points: Vec::new() }).collect();
        let mut rows = Vec::new();
        for (nth, group) in everyone.clone().enumerate() {
            let Some(result) = group.questions.iter().find(|r| r.key == question.key) else { continue };
            let n = group.n.map(|n| page.tr.int(n as i64));
            if group.suppressed || n.is_none() {
                rows.push(GroupRow { name: group.name.clone(), n: None, cells: Vec::new(), changes: Vec::new() });
                continue;
            }
            let mut cells = Vec::with_capacity(columns.len());
            let mut changes = Vec::new();
            for o in &result.options {
                // everyone comes first
                let charted = nth == 0 || charts_groups;
                if let (Some(share), Some(ci), true) = (o.share, o.ci, charted) {
                    let label =
                        format!("{}: {} ({})", group.name, percent(&page, share), interval(&page, ci, 100.0, " %"));
                    shares[o.option as usize - 1].points.push(SharePoint {
                        group: group.name.clone(),
                        share,
                        ci,
                        label,
                    });
                }
                cells.push(
                    o.share
                        .zip(o.ci)
                        .map(|(share, ci)| format!("{} ({})", percent(&page, share), interval(&page, ci, 100.0, ""))),
                );
                changes.extend(change_cells(&page, compared, &o.changes, true));
            }
            if columns.len() > result.options.len() {
                cells.push(result.mean.as_ref().map(|mean| mean_cell(&page, mean)));
                changes.extend(change_cells(&page, compared, &result.mean_changes, false));
            }
            if changes.iter().all(|c| c.text.is_empty()) {
                changes.clear();
            }
            rows.push(GroupRow { name: group.name.clone(), n, cells, changes });
        }
        let chart = share_chart(
            &format!("chart-{}", question.key),
            &question.text,
            &chart_description,
            &shares,
            [0, 25, 50, 75, 100].map(|p| format!("{p} %")),
        );
        let change_columns = if rows.iter().any(|r| !r.changes.is_empty()) {
            columns
                .iter()
                .flat_map(|column| {
                    compared_with
                        .iter()
                        .map(move |since| page.tr.t2("survey-change-column", "column", column, "since", since))
                })
                .collect()
        } else {
            Vec::new()
        };
        let caption =
            if question.options.is_empty() { "survey-results-caption-mean" } else { "survey-results-caption" };
        questions.push(QuestionTable {
            key: question.key.clone(),
            text: question.text.clone(),
            caption: page.tr.t1(caption, "question", &question.text),
            chart,
            columns,
            change_columns,
            changes_caption: page.tr.t1("survey-changes-caption", "question", &question.text),
            rows,
        });
    }
    let free_text = if can_manage && group_by == "group" {
        let shown: Vec<&GroupResult> = released.groups[on_page.clone()]
            .iter()
            .filter(|g| g.n.is_some_and(|n| shows_free_text(n, g.suppressed)))
            .collect();
        let text_questions: Vec<&Question> = plan.questions.iter().filter(|q| q.kind == QuestionKind::Text).collect();
        let keys: Vec<&str> = text_questions.iter().map(|q| q.key.as_str()).collect();
        let group_ids: Vec<i64> = shown.iter().filter_map(|g| g.key).collect();
        let texts = state.store.survey_free_texts(wave.id, &group_ids, &keys, FREE_TEXTS_SHOWN).await?;
        text_questions
            .iter()
            .map(|q| FreeText {
                question: q.text.clone(),
                groups: shown
                    .iter()
                    .filter_map(|g| {
                        let (answered, first) = texts.get(&(g.key?, q.key.clone())).cloned().unwrap_or_default();
                        let more = answered.saturating_sub(first.len() as u64);
                        Some((g.name.clone(), first, more as usize))
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
    let group_heading =
        groupings.iter().find(|(value, _)| *value == group_by).map(|(_, label)| label.clone()).unwrap_or_default();
    let groups_shown = (pages > 1).then(|| {
        let [first, last, groups] =
            [on_page.start + 1, on_page.end, released.groups.len()].map(|n| page.tr.int(n as i64));
        page.tr.with("survey-results-groups-page", &[("first", first), ("last", last), ("groups", groups)])
    });
    let (hidden, suppressed, not_significant) =
        (page.t("survey-cell-hidden"), page.t("survey-suppressed"), page.t("survey-not-significant"));
    render(ResultsPage {
        total: released.total.map(|t| page.tr.int(t as i64)),
        wave_id: wave.id,
        waves: waves.clone(),
        page,
        initiative,
        survey,
        group_by,
        group_heading,
        groupings,
        hidden,
        suppressed,
        not_significant,
        questions,
        free_text,
        can_manage,
        page_no,
        pages: pages as u64,
        groups_shown,
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
