//! The exports for researchers (`exportSurveyResponses`, `getSurveyCodebook` and the results
//! page's downloads): every response as one row, as CSV or as XLSX with the codebook as its
//! second sheet, and the codebook as a CSV of its own. Rows carry the suppression of the
//! results: a hidden group's name is blank, free text comes only from a shown group of at least
//! 5 answers, and a wave under 5 answers in all (its total hidden) is left out.
//!
//! Column names are identifiers, the same in every language, as the question keys are.

use super::rules::shown_groups;
use crate::http::error::WebError;
use crate::http::export::{self, Sheet};
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use axum::response::Response;
use rygrad_domain::survey::{Question, QuestionKind};
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
pub(crate) async fn answers_download(
    state: &AppState,
    survey: &Survey,
    format: ExportFormat,
    tr: &Tr,
) -> Result<Response, WebError> {
    let answers = answers_table(state, survey).await?;
    let name = format!("spoergeskema-{}-svar", survey.id);
    Ok(match format {
        ExportFormat::Csv => export::attachment(export::csv(&answers), export::CSV, &format!("{name}.csv")),
        ExportFormat::Xlsx => {
            let sheets = vec![
                Sheet { name: Some(tr.t("survey-export-sheet-answers")), rows: answers, first_column_width: 16.0 },
                Sheet {
                    name: Some(tr.t("survey-export-sheet-codebook")),
                    rows: codebook(survey),
                    first_column_width: 16.0,
                },
            ];
            export::attachment(export::workbook(sheets).await?, export::XLSX, &format!("{name}.xlsx"))
        }
    })
}

/// The codebook as a download: `spoergeskema-{id}-kodebog.csv`.
pub(crate) fn codebook_download(survey: &Survey) -> Response {
    export::attachment(export::csv(&codebook(survey)), export::CSV, &format!("spoergeskema-{}-kodebog.csv", survey.id))
}

/// One row per response: the wave, the group (blank where the group is suppressed) and each
/// question's answer (option numbers; free text only where the group is shown and has at
/// least 5 answers). Waves whose total is hidden are left out, so no row count gives it away.
pub(crate) async fn answers_table(state: &AppState, survey: &Survey) -> Result<Vec<Vec<String>>, WebError> {
    let plan = &survey.plan;
    let wave_names: HashMap<i64, String> =
        state.store.survey_waves_of(survey.id).await?.into_iter().map(|w| (w.id, w.name)).collect();
    let shown = shown_groups(state, wave_names.keys().copied()).await?;
    let responses = state.store.survey_responses_of(survey.id).await?;
    let mut per_wave: HashMap<i64, u64> = HashMap::new();
    for response in &responses {
        *per_wave.entry(response.wave_id).or_default() += 1;
    }
    let mut header = vec!["wave".to_owned(), "group".to_owned()];
    header.extend(plan.questions.iter().map(|q| q.key.clone()));
    let mut rows: Vec<(i64, Vec<String>)> = Vec::new();
    for response in responses {
        if suppress(&[per_wave[&response.wave_id]]).total_hidden {
            continue;
        }
        let (group, free_text) = shown.get(&response.group_id).cloned().unwrap_or((None, false));
        let mut row = vec![wave_names.get(&response.wave_id).cloned().unwrap_or_default(), group.unwrap_or_default()];
        for q in &plan.questions {
            let cell = response.answers.get(&q.key).map(answer_cell).unwrap_or_default();
            row.push(if q.kind == QuestionKind::Text && !free_text { String::new() } else { cell });
        }
        rows.push((response.wave_id, row));
    }
    // Sorted by wave, group and answers, not by arrival: the order of a blanked group's rows
    // would otherwise keep them together.
    rows.sort_by(|(wa, a), (wb, b)| {
        wa.cmp(wb).then_with(|| (a[1].is_empty(), &a[1..]).cmp(&(b[1].is_empty(), &b[1..])))
    });
    let mut table = vec![header];
    table.extend(rows.into_iter().map(|(_, row)| row));
    Ok(table)
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
    fn an_answer_is_a_cell_as_it_was_sent() {
        assert_eq!(answer_cell(&serde_json::json!(["1", "3"])), "1,3");
        assert_eq!(answer_cell(&serde_json::json!(12.5)), "12.5");
        assert_eq!(answer_cell(&serde_json::json!("2")), "2");
        assert_eq!(answer_cell(&Value::Null), "");
    }
}
