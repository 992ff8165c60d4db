//! What the surveys' API and pages share: who may see a survey, the group a code opens, the
//! panel code word's keyed hash, a response checked and stored, and the results and export
//! built from counts under suppression (`domain::survey_stats`), the only way numbers leave.

use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::initiatives::rules::visible_by_id;
use rygrad_domain::policy::Actor;
use rygrad_domain::survey::{Answer, AnswerError, QuestionKind, SurveyPlan, parse_group_code};
use rygrad_domain::survey_stats::{MIN_GROUP, Suppression, release, suppress, wilson};
use rygrad_domain::{FieldError, text};
use rygrad_store::initiatives::Initiative;
use rygrad_store::surveys::{OpenGroup, Survey, SurveyCounts, SurveyWave};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// A survey with its initiative, if the actor may see the initiative; otherwise not found.
/// What the actor may do with it is the caller's to ask.
pub(crate) async fn visible_survey(state: &AppState, actor: &Actor, id: i64) -> Result<(Initiative, Survey), WebError> {
    let survey = state.store.survey(id).await?.ok_or(WebError::NotFound)?;
    let i = visible_by_id(state, actor, survey.initiative_id).await?;
    Ok((i, survey))
}

/// A wave with its survey and initiative, as [`visible_survey`].
pub(crate) async fn visible_wave(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<(Initiative, Survey, SurveyWave), WebError> {
    let wave = state.store.survey_wave(id).await?.ok_or(WebError::NotFound)?;
    let (i, survey) = visible_survey(state, actor, wave.survey_id).await?;
    Ok((i, survey, wave))
}

/// HMAC-SHA256 (RFC 2104) of `message` keyed by `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// The panel key stored for a code word: the hex HMAC of the word as typed, trimmed and in
/// lower case, with the survey's secret. Neither the word nor the secret is stored with it.
pub(crate) fn panel_key(secret: &[u8], code_word: &str) -> Result<String, FieldError> {
    let word = text::required_line(code_word, 100)?.to_lowercase();
    if word.chars().count() < 4 {
        return Err(FieldError::new("panel-code-short"));
    }
    Ok(hex::encode(hmac_sha256(secret, word.as_bytes())))
}

/// The answers to store for `plan`, or every error by question key.
pub(crate) fn check_response(
    plan: &SurveyPlan,
    raw: &BTreeMap<String, Value>,
) -> Result<BTreeMap<String, Answer>, Vec<AnswerError>> {
    plan.check_answers(raw)
}

/// The group a code typed by a respondent opens: none when the code is malformed, unknown or
/// its wave closed.
pub(crate) async fn open_group(state: &AppState, code: &str) -> Result<Option<OpenGroup>, WebError> {
    let Ok(code) = parse_group_code(code) else { return Ok(None) };
    Ok(state.store.open_survey_group(&code).await?)
}

/// Why a response was not stored (nothing of it was).
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The code is unknown or its wave was closed meanwhile.
    Closed,
    /// The panel code word's error, and every bad answer.
    Invalid { panel_code: Option<&'static str>, answers: Vec<AnswerError> },
}

/// Checks and stores a response to `group` (`submitSurveyResponse` and the answering pages):
/// the day only, no account, address or user agent; in a panel survey only the code word's
/// keyed hash. Neither the answers nor the code word are logged.
pub(crate) async fn submit_response(
    state: &AppState,
    group: &OpenGroup,
    panel_code: Option<&str>,
    raw: &BTreeMap<String, Value>,
) -> Result<Result<i64, Refusal>, WebError> {
    let panel = match panel_code {
        Some(word) if group.survey.plan.panel => Some(panel_key(&group.panel_secret, word).map_err(|e| e.code)),
        _ => None,
    };
    let answers = check_response(&group.survey.plan, raw);
    let (panel, answers) = match (panel.transpose(), answers) {
        (Ok(panel), Ok(answers)) => (panel, answers),
        (panel, answers) => {
            let refusal = Refusal::Invalid { panel_code: panel.err(), answers: answers.err().unwrap_or_default() };
            return Ok(Err(refusal));
        }
    };
    match state.store.store_survey_response(group, crate::http::today(), panel, &answers).await {
        Ok(id) => Ok(Ok(id)),
        Err(rygrad_store::StoreError::NotFound) => Ok(Err(Refusal::Closed)),
        Err(e) => Err(e.into()),
    }
}

/// One option of a question in one group, as released.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OptionResult {
    pub option: u32,
    pub label: String,
    pub count: Option<u64>,
    pub share: Option<f64>,
    pub ci: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuestionResult {
    pub key: String,
    /// Whom the shares are of: the group's respondents, less those who skipped a single-choice
    /// or likert question; none where that is not released.
    pub base: Option<u64>,
    pub options: Vec<OptionResult>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupResult {
    pub name: String,
    pub n: Option<u64>,
    pub suppressed: bool,
    pub questions: Vec<QuestionResult>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WaveResults {
    pub total: Option<u64>,
    pub groups: Vec<GroupResult>,
}

/// The groups' suppression by their respondents. A group nobody answered gives nobody away:
/// it is hidden, but left out of the rule so that it does not hide a neighbour.
pub(crate) fn group_suppression(respondents: &[u64]) -> Suppression {
    let answered: Vec<u64> = respondents.iter().copied().filter(|&n| n > 0).collect();
    let inner = suppress(&answered);
    let mut flags = inner.hidden.into_iter();
    let hidden = respondents.iter().map(|&n| n == 0 || flags.next().unwrap_or(true)).collect();
    Suppression { hidden, total_hidden: inner.total_hidden }
}

/// A share with its Wilson interval, where the count and its base are both shown.
fn share(count: Option<u64>, base: Option<u64>) -> (Option<f64>, Option<(f64, f64)>) {
    match (count, base) {
        (Some(c), Some(n)) if n > 0 => (Some(c as f64 / n as f64), wilson(c, n)),
        _ => (None, None),
    }
}

/// The results of one grouping of a wave: `groups` are (key, name) in the order shown, the
/// keys those of `counts`. Every number comes out of `survey_stats::release`: a single-choice
/// or likert question's options (with "no answer" as one more option when anyone skipped the
/// question) are a partition of each group's respondents; each option of a multiple-choice
/// question is released as chosen / not chosen. Numbers and free text are not counted here.
pub(crate) fn wave_results(plan: &SurveyPlan, groups: &[(i64, String)], counts: &SurveyCounts) -> WaveResults {
    let respondents: Vec<u64> =
        groups.iter().map(|(key, _)| counts.respondents.get(key).copied().unwrap_or(0)).collect();
    let suppression = group_suppression(&respondents);
    let cell = |key: i64, question: &str, option: u32| {
        counts.cells.get(&(key, question.to_owned(), option)).copied().unwrap_or(0)
    };
    let mut per_group: Vec<Vec<QuestionResult>> = vec![Vec::new(); groups.len()];
    for question in plan.questions.iter().filter(|q| q.kind.has_options()) {
        let options = 1..=question.options.len() as u32;
        let label = |o: u32| question.options[o as usize - 1].clone();
        let results: Vec<(Option<u64>, Vec<OptionResult>)> = if question.kind == QuestionKind::Multi {
            let mut by_group: Vec<(Option<u64>, Vec<OptionResult>)> = vec![(None, Vec::new()); groups.len()];
            for option in options {
                let cells: Vec<Vec<u64>> = groups
                    .iter()
                    .zip(&respondents)
                    .map(|((key, _), &n)| {
                        let chose = cell(*key, &question.key, option);
                        vec![chose, n.saturating_sub(chose)]
                    })
                    .collect();
                let released = release(&cells, &suppression);
                for (g, shown) in released.groups.iter().enumerate() {
                    let count = shown.options[0];
                    let (share, ci) = share(count, shown.n);
                    by_group[g].0 = shown.n;
                    by_group[g].1.push(OptionResult { option, label: label(option), count, share, ci });
                }
            }
            by_group
        } else {
            let mut cells: Vec<Vec<u64>> =
                groups.iter().map(|(key, _)| options.clone().map(|o| cell(*key, &question.key, o)).collect()).collect();
            let skipped: Vec<u64> =
                cells.iter().zip(&respondents).map(|(c, &n)| n.saturating_sub(c.iter().sum())).collect();
            let anyone_skipped = skipped.iter().any(|&s| s > 0);
            if anyone_skipped {
                for (c, s) in cells.iter_mut().zip(&skipped) {
                    c.push(*s);
                }
            }
            let released = release(&cells, &suppression);
            released
                .groups
                .iter()
                .map(|shown| {
                    // the base is those who answered: the group less its "no answer"
                    let base = match (shown.n, anyone_skipped) {
                        (Some(n), false) => Some(n),
                        (Some(n), true) => shown.options.last().copied().flatten().map(|s| n - s),
                        (None, _) => None,
                    };
                    let options = options
                        .clone()
                        .map(|option| {
                            let count = shown.options[option as usize - 1];
                            let (share, ci) = share(count, base);
                            OptionResult { option, label: label(option), count, share, ci }
                        })
                        .collect();
                    (base, options)
                })
                .collect()
        };
        for (g, (base, options)) in results.into_iter().enumerate() {
            per_group[g].push(QuestionResult { key: question.key.clone(), base, options });
        }
    }
    WaveResults {
        total: (!suppression.total_hidden).then_some(counts.total),
        groups: groups
            .iter()
            .zip(&respondents)
            .zip(&suppression.hidden)
            .zip(per_group)
            .map(|((((_, name), &n), &hidden), questions)| GroupResult {
                name: name.clone(),
                n: (!hidden).then_some(n),
                suppressed: hidden,
                questions,
            })
            .collect(),
    }
}

/// The groups of a wave's results and their counts: by `group` (the wave's groups), or by
/// the answer to a single-choice or likert question (its options, and "no answer" when anyone
/// skipped it). None when `group_by` is neither.
pub(crate) async fn grouping(
    state: &AppState,
    survey: &Survey,
    wave_id: i64,
    group_by: &str,
    tr: &Tr,
) -> Result<Option<(Vec<(i64, String)>, SurveyCounts)>, WebError> {
    if group_by == "group" {
        let groups = state.store.survey_groups_of(wave_id).await?.into_iter().map(|g| (g.id, g.name)).collect();
        return Ok(Some((groups, state.store.survey_counts_by_group(wave_id).await?)));
    }
    let question = survey.plan.questions.iter().find(|q| q.key == group_by);
    let Some(question) = question.filter(|q| matches!(q.kind, QuestionKind::Single | QuestionKind::Likert)) else {
        return Ok(None);
    };
    let counts = state.store.survey_counts_by_answer(wave_id, &question.key).await?;
    let mut groups: Vec<(i64, String)> =
        question.options.iter().enumerate().map(|(n, label)| (n as i64 + 1, label.clone())).collect();
    if counts.respondents.get(&0).is_some_and(|&n| n > 0) {
        groups.push((0, tr.t("survey-no-answer")));
    }
    Ok(Some((groups, counts)))
}

/// Per group of every wave of a survey: its name if shown, and whether its free text is.
pub(crate) async fn shown_groups(
    state: &AppState,
    survey_id: i64,
) -> Result<HashMap<i64, (Option<String>, bool)>, WebError> {
    let mut shown = HashMap::new();
    for wave in state.store.survey_waves_of(survey_id).await? {
        let groups = state.store.survey_groups_of(wave.id).await?;
        let counts = state.store.survey_counts_by_group(wave.id).await?;
        let respondents: Vec<u64> =
            groups.iter().map(|g| counts.respondents.get(&g.id).copied().unwrap_or(0)).collect();
        let suppression = group_suppression(&respondents);
        for ((g, &n), &hidden) in groups.into_iter().zip(&respondents).zip(&suppression.hidden) {
            shown.insert(g.id, ((!hidden).then_some(g.name), shows_free_text(n, hidden)));
        }
    }
    Ok(shown)
}

/// The export's table (`exportSurveyResponses` and the results page's download): one row per
/// response with the wave, the group (blank where the group is suppressed) and each question's
/// answer (option numbers; free text only where the group is shown and has at least 5 answers);
/// then the codebook: each question's kind and options.
pub(crate) async fn export_table(state: &AppState, survey: &Survey) -> Result<Vec<Vec<String>>, WebError> {
    let plan = &survey.plan;
    let shown = shown_groups(state, survey.id).await?;
    let wave_names: HashMap<i64, String> =
        state.store.survey_waves_of(survey.id).await?.into_iter().map(|w| (w.id, w.name)).collect();
    let mut header = vec!["wave".to_owned(), "group".to_owned()];
    header.extend(plan.questions.iter().map(|q| q.key.clone()));
    let mut rows: Vec<(i64, Vec<String>)> = Vec::new();
    for response in state.store.survey_responses_of(survey.id).await? {
        let (group, free_text) = shown.get(&response.group_id).cloned().unwrap_or((None, false));
        let mut row = vec![wave_names.get(&response.wave_id).cloned().unwrap_or_default(), group.unwrap_or_default()];
        for q in &plan.questions {
            let cell = response.answers.get(&q.key).map(export_cell).unwrap_or_default();
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
    table.push(Vec::new());
    table.push(["question", "kind", "option", "label"].map(str::to_owned).to_vec());
    for q in &plan.questions {
        table.push(vec![q.key.clone(), q.kind.code().into(), String::new(), q.text.clone()]);
        for (n, label) in q.options.iter().enumerate() {
            table.push(vec![q.key.clone(), q.kind.code().into(), (n + 1).to_string(), label.clone()]);
        }
    }
    Ok(table)
}

/// Whether a group's free text may be shown: the group is shown and has at least
/// [`MIN_GROUP`] answers.
pub(crate) fn shows_free_text(n: u64, hidden: bool) -> bool {
    !hidden && n >= MIN_GROUP
}

/// An answer as a cell of the export: option numbers (joined by commas), the number, or text.
pub(crate) fn export_cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(export_cell).collect::<Vec<_>>().join(","),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // test case 2
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(hex::encode(mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        // test case 6: a key longer than a block
        let mac = hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(hex::encode(mac), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    #[test]
    fn a_code_word_is_read_alike_however_typed() {
        let secret = [7u8; 32];
        assert_eq!(panel_key(&secret, " Hest1234 "), panel_key(&secret, "hest1234"));
        assert_ne!(panel_key(&secret, "hest1234"), panel_key(&[8u8; 32], "hest1234"));
        assert_eq!(panel_key(&secret, "abc").unwrap_err().code, "panel-code-short");
    }

    #[test]
    fn an_empty_group_hides_no_neighbour() {
        let s = group_suppression(&[0, 12, 9]);
        assert_eq!(s.hidden, [true, false, false]);
        let s = group_suppression(&[3, 12, 9, 0]);
        assert_eq!(s.hidden, [true, false, true, true]);
    }

    fn counts(respondents: &[(i64, u64)], cells: &[(i64, &str, u32, u64)]) -> SurveyCounts {
        SurveyCounts {
            total: respondents.iter().map(|r| r.1).sum(),
            respondents: respondents.iter().copied().collect(),
            cells: cells.iter().map(|&(g, q, o, n)| ((g, q.to_owned(), o), n)).collect(),
        }
    }

    fn plan() -> SurveyPlan {
        let question = |key: &str, kind: &str, options: &[&str], required: bool| rygrad_domain::survey::QuestionInput {
            key: key.into(),
            text: format!("{key}?"),
            kind: kind.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            required,
            ..Default::default()
        };
        rygrad_domain::survey::SurveyInput {
            title: "Trivsel".into(),
            questions: vec![
                question("glad", "single", &["Ja", "Nej"], true),
                question("hvor", "multi", &["Skolegården", "Klassen", "Nettet"], false),
                question("ro", "single", &["Ja", "Nej"], false),
                question("alder", "number", &[], false),
            ],
            ..Default::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn results_release_each_question_as_a_partition_of_the_group() {
        let groups = [(1, "5.A".to_owned()), (2, "5.B".to_owned())];
        let counts = counts(
            &[(1, 10), (2, 8)],
            &[
                (1, "glad", 1, 6),
                (1, "glad", 2, 4),
                (2, "glad", 1, 5),
                (2, "glad", 2, 3),
                (1, "hvor", 1, 7),
                (2, "hvor", 1, 6),
                (1, "hvor", 2, 5),
                (2, "hvor", 2, 5),
                // one pupil of 5.A skipped "ro"
                (1, "ro", 1, 5),
                (1, "ro", 2, 4),
                (2, "ro", 1, 5),
                (2, "ro", 2, 3),
            ],
        );
        let results = wave_results(&plan(), &groups, &counts);
        assert_eq!(results.total, Some(18));
        let a = &results.groups[0];
        assert_eq!((a.n, a.suppressed), (Some(10), false));
        assert_eq!(a.questions.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(), ["glad", "hvor", "ro"]);
        let yes = &a.questions[0].options[0];
        assert_eq!((yes.count, yes.share), (Some(6), Some(0.6)));
        assert_eq!(yes.ci, wilson(6, 10));
        let playground = &a.questions[1].options[0];
        assert_eq!((playground.count, playground.share), (Some(7), Some(0.7)), "of the group's respondents");
        assert_eq!(a.questions[1].options[2].count, None, "an option nobody chose is hidden, as release says");
        // the lone skip is hidden, so "Nej" goes with it and no share has a known base
        let ro = &a.questions[2].options;
        assert_eq!((ro[0].count, ro[0].share, ro[1].count), (Some(5), None, None));
    }

    #[test]
    fn a_hidden_group_shows_no_number() {
        let groups = [(1, "5.A".to_owned()), (2, "5.B".to_owned()), (3, "5.C".to_owned())];
        let counts = counts(&[(1, 10), (2, 7), (3, 3)], &[(1, "glad", 1, 10), (2, "glad", 1, 7), (3, "glad", 1, 3)]);
        let results = wave_results(&plan(), &groups, &counts);
        assert_eq!(results.total, Some(20));
        for hidden in &results.groups[1..] {
            assert!(hidden.suppressed && hidden.n.is_none());
            for q in &hidden.questions {
                assert!(q.options.iter().all(|o| o.count.is_none() && o.share.is_none() && o.ci.is_none()));
            }
        }
    }

    #[test]
    fn i18n_ids_of_survey_codes_exist() {
        use crate::http::i18n::Tr;
        use rygrad_domain::format::Lang;
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang);
            for id in [
                "log-entity-survey",
                "log-entity-survey_wave",
                "log-entity-survey_group",
                "log-action-open",
                "log-action-close",
                "err-panel-code-short",
                "err-survey-wave-unknown",
                "err-survey-group-by-invalid",
                "surveys-wave-open",
                "surveys-wave-closed",
            ] {
                assert!(tr.has(id), "{id} ({lang:?})");
            }
        }
    }
}
