//! The exports for researchers (`exportSurveyResponses`, `getSurveyCodebook` and the results
//! page's downloads): every response as one row, as CSV or as XLSX with the codebook as its
//! second sheet, and the codebook as a CSV of its own. Rows carry the suppression of the
//! results: a hidden group's name is blank, free text comes only from a shown group of at least
//! 5 answers, and a wave under 5 answers in all (its total hidden) is left out.
//!
//! Column names are identifiers, the same in every language, as the question keys are.

use super::rules::{ShownGroup, shown_groups};
use crate::http::error::WebError;
use crate::http::export::{self, Sheet, StreamedWorkbook};
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use axum::response::Response;
use futures_util::{StreamExt, stream};
use rygrad_domain::survey::{Question, QuestionKind, SurveyPlan};
use rygrad_domain::survey_stats::suppress;
use rygrad_store::surveys::Survey;
use serde_json::Value;
use std::collections::HashMap;

/// The file the answers come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Semicolons, UTF-8 with a BOM, as Danish Excel reads it; the answers only.
    Csv,
    /// The answers on the first sheet, the codebook on the second.
    Xlsx,
}

/// The answers as a download: `spoergeskema-{id}-svar.csv` or `.xlsx`; `tr` names the sheets.
/// The CSV is written part by part as it is read (see [`Part`]); the workbook is built whole.
pub(crate) async fn answers_download(
    state: &AppState,
    survey: &Survey,
    format: ExportFormat,
    tr: &Tr,
) -> Result<Response, WebError> {
    let name = format!("spoergeskema-{}-svar", survey.id);
    Ok(match format {
        ExportFormat::Csv => {
            let header = export::csv(&[answers_header(&survey.plan)]);
            let (state, plan) = (state.clone(), survey.plan.clone());
            let rows = stream::iter(parts(&state, survey).await?).then(move |part| {
                let (state, plan) = (state.clone(), plan.clone());
                async move {
                    let mut out = String::new();
                    export::csv_lines(&mut out, &part_rows(&state, &plan, &part).await?);
                    Ok(out.into_bytes())
                }
            });
            export::attachment_stream(
                stream::once(async { Ok(header) }).chain(rows),
                export::CSV,
                &format!("{name}.csv"),
            )
        }
        ExportFormat::Xlsx => {
            let header = answers_header(&survey.plan);
            let mut book = StreamedWorkbook::new(Some(tr.t("survey-export-sheet-answers")), 16.0, &header)?;
            for part in parts(state, survey).await? {
                book.append(&part_rows(state, &survey.plan, &part).await?)?;
            }
            let codebook = Sheet {
                name: Some(tr.t("survey-export-sheet-codebook")),
                rows: codebook(survey),
                first_column_width: 16.0,
            };
            export::attachment(book.finish(vec![codebook]).await?, export::XLSX, &format!("{name}.xlsx"))
        }
    })
}

/// The codebook as a download: `spoergeskema-{id}-kodebog.csv`.
pub(crate) fn codebook_download(survey: &Survey) -> Response {
    export::attachment(export::csv(&codebook(survey)), export::CSV, &format!("spoergeskema-{}-kodebog.csv", survey.id))
}

fn answers_header(plan: &SurveyPlan) -> Vec<String> {
    let mut header = vec!["wave".to_owned(), "group".to_owned()];
    header.extend(plan.questions.iter().map(|q| q.key.clone()));
    header
}

/// The rows of some groups of a wave, read and sorted together: shown groups in the order of
/// their names, about [`ANSWERS_PER_PART`] answers at a time, then the wave's suppressed
/// groups all in one part, so that their blank rows mix.
struct Part {
    wave_id: i64,
    wave: String,
    groups: Vec<ShownGroup>,
}

/// Answers read at once: an export of any size holds a part in memory, not every answer.
const ANSWERS_PER_PART: u64 = 5_000;

/// The parts of every wave whose total may be shown: a wave under 5 answers is left out, so
/// no row count gives it away.
async fn parts(state: &AppState, survey: &Survey) -> Result<Vec<Part>, WebError> {
    let mut parts = Vec::new();
    for wave in state.store.survey_waves_of(survey.id).await? {
        let groups = shown_groups(state, wave.id).await?;
        if suppress(&[groups.iter().map(|g| g.answers).sum()]).total_hidden {
            continue;
        }
        let (named, hidden): (Vec<ShownGroup>, Vec<ShownGroup>) =
            groups.into_iter().filter(|g| g.answers > 0).partition(|g| g.name.is_some());
        for groups in split_by_name(named, ANSWERS_PER_PART).into_iter().chain([hidden]) {
            if !groups.is_empty() {
                parts.push(Part { wave_id: wave.id, wave: wave.name.clone(), groups });
            }
        }
    }
    Ok(parts)
}

/// Shown groups in the order of their names, cut into runs of about `answers` answers; a run
/// ends between names, never inside one, so that rows of a name sort together.
fn split_by_name(mut named: Vec<ShownGroup>, answers: u64) -> Vec<Vec<ShownGroup>> {
    named.sort_by(|a, b| a.name.cmp(&b.name));
    let mut runs = vec![Vec::new()];
    let mut in_run = 0;
    for group in named {
        let run = runs.last_mut().expect("a run");
        if in_run >= answers && run.last().is_some_and(|last: &ShownGroup| last.name != group.name) {
            runs.push(Vec::new());
            in_run = 0;
        }
        in_run += group.answers;
        runs.last_mut().expect("a run").push(group);
    }
    runs
}

/// A part's rows: the wave, the group (blank where the group is suppressed) and each
/// question's answer (option numbers; free text only where the group is shown and has at
/// least 5 answers).
async fn part_rows(state: &AppState, plan: &SurveyPlan, part: &Part) -> Result<Vec<Vec<String>>, WebError> {
    let groups: HashMap<i64, &ShownGroup> = part.groups.iter().map(|g| (g.id, g)).collect();
    let ids: Vec<i64> = part.groups.iter().map(|g| g.id).collect();
    let mut rows = Vec::new();
    for response in state.store.survey_responses_of_groups(part.wave_id, &ids).await? {
        let Some(group) = groups.get(&response.group_id) else { continue };
        let mut row = vec![part.wave.clone(), group.name.clone().unwrap_or_default()];
        for q in &plan.questions {
            let cell = response.answers.get(&q.key).map(answer_cell).unwrap_or_default();
            row.push(if q.kind == QuestionKind::Text && !group.free_text { String::new() } else { cell });
        }
        rows.push(row);
    }
    // Sorted by group and answers, not by arrival: the order of a blanked group's rows would
    // otherwise keep them together.
    rows.sort_by(|a, b| a[1..].cmp(&b[1..]));
    Ok(rows)
}

/// An answer as a cell: option numbers (joined by commas), the number, or text.
fn answer_cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(answer_cell).collect::<Vec<_>>().join(","),
        _ => String::new(),
    }
}

/// What the answers' columns mean, at the survey's current version: a row per question (its
/// kind, texts, section, range, condition and whether it is required), then a row per option
/// with the number answers give it. Numbers hold across versions (an answered question keeps
/// its options and kind), so the current codebook reads every wave.
pub(crate) fn codebook(survey: &Survey) -> Vec<Vec<String>> {
    let header = [
        "question",
        "kind",
        "option",
        "label",
        "text_da",
        "text_en",
        "section",
        "min",
        "max",
        "shown_if_question",
        "shown_if_answers",
        "required",
        "version",
    ];
    let version = survey.version.to_string();
    let mut table = vec![header.map(str::to_owned).to_vec()];
    for q in &survey.plan.questions {
        let (min, max) = range(q);
        let (if_question, if_answers) = match &q.show_if {
            Some(c) => (c.question.clone(), c.answers.iter().map(u32::to_string).collect::<Vec<_>>().join(",")),
            None => (String::new(), String::new()),
        };
        table.push(vec![
            q.key.clone(),
            q.kind.code().into(),
            String::new(),
            String::new(),
            q.text.clone(),
            q.text_en.clone().unwrap_or_default(),
            q.section.clone().unwrap_or_default(),
            min,
            max,
            if_question,
            if_answers,
            if q.required { "yes" } else { "no" }.into(),
            version.clone(),
        ]);
        for (n, label) in q.options.iter().enumerate() {
            let mut row = vec![q.key.clone(), q.kind.code().into(), (n + 1).to_string(), label.clone()];
            row.resize(header.len() - 1, String::new());
            row.push(version.clone());
            table.push(row);
        }
    }
    table
}

/// The range of a question's answers: a scale's first and last point, a number's bounds.
fn range(q: &Question) -> (String, String) {
    let bound = |b: Option<f64>| b.map(|b| b.to_string()).unwrap_or_default();
    match q.kind {
        QuestionKind::Likert => ("1".into(), q.options.len().to_string()),
        QuestionKind::Number => (bound(q.min), bound(q.max)),
        _ => (String::new(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rygrad_domain::survey::{QuestionInput, ShowIf, SurveyInput};

    #[test]
    fn the_codebook_explains_every_column_and_option() {
        let question = |key: &str, kind: &str, options: &[&str]| QuestionInput {
            key: key.into(),
            text: format!("{key}?"),
            kind: kind.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            required: true,
            ..Default::default()
        };
        let plan = SurveyInput {
            title: "Trivsel".into(),
            questions: vec![
                QuestionInput {
                    text_en: Some("Happy?".into()),
                    section: Some("Klassen".into()),
                    ..question("glad", "single", &["Ja", "Nej"])
                },
                QuestionInput {
                    show_if: Some(ShowIf { question: "glad".into(), answers: vec!["2".into()] }),
                    required: false,
                    ..question("ro", "likert", &["Sjældent", "Nogle gange", "Tit"])
                },
                QuestionInput { min: Some(6.0), max: Some(18.5), ..question("alder", "number", &[]) },
            ],
            ..Default::default()
        }
        .validate()
        .unwrap();
        let survey = Survey {
            id: 1,
            initiative_id: 1,
            plan,
            version: 3,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        let book = codebook(&survey);
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(book.len(), 1 + 3 + 2 + 3);
        assert_eq!(book[1], row(&["glad", "single", "", "", "glad?", "Happy?", "Klassen", "", "", "", "", "yes", "3"]));
        assert_eq!(book[2], row(&["glad", "single", "1", "Ja", "", "", "", "", "", "", "", "", "3"]));
        assert_eq!(book[4], row(&["ro", "likert", "", "", "ro?", "", "", "1", "3", "glad", "2", "no", "3"]));
        assert_eq!(book[8], row(&["alder", "number", "", "", "alder?", "", "", "6", "18.5", "", "", "yes", "3"]));
        assert!(book.iter().all(|r| r.len() == book[0].len()));
    }

    #[test]
    fn parts_end_between_names_after_enough_answers() {
        let group =
            |id: i64, name: &str, answers: u64| ShownGroup { id, name: Some(name.into()), free_text: true, answers };
        let named =
            vec![group(1, "5.C", 3), group(2, "5.A", 4), group(3, "5.B", 2), group(4, "5.B", 2), group(5, "5.D", 9)];
        let runs: Vec<Vec<i64>> =
            split_by_name(named, 4).iter().map(|run| run.iter().map(|g| g.id).collect()).collect();
        assert_eq!(runs, [vec![2], vec![3, 4], vec![1, 5]]);
        assert_eq!(split_by_name(Vec::new(), 4).len(), 1, "one empty run, left out by the caller");
    }

    #[test]
    fn an_answer_is_a_cell_as_it_was_sent() {
        assert_eq!(answer_cell(&serde_json::json!(["1", "3"])), "1,3");
        assert_eq!(answer_cell(&serde_json::json!(12.5)), "12.5");
        assert_eq!(answer_cell(&serde_json::json!("2")), "2");
        assert_eq!(answer_cell(&Value::Null), "");
    }
}
