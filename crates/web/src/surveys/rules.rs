//! What the surveys' API and pages share: creating and changing surveys, waves and groups,
//! closing a wave with the refresh of what it feeds, who may see a survey, the group a code
//! opens, the panel code word's keyed hash, a response checked and stored (and the rate limit
//! on it), and the results built from counts under suppression (`domain::survey_stats`), the
//! only way numbers leave (the exports, in `export.rs`, take the groups shown from here).

use crate::http::auth::tokens::new_token;
use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::jobs::JOB_STALE_AFTER;
use crate::http::rate_limit::Limit;
use crate::http::state::AppState;
use crate::initiatives::rules::visible_by_id;
use rygrad_domain::background_job::JobStatus;
use rygrad_domain::policy::Actor;
use rygrad_domain::survey::{
    Answer, AnswerError, GroupInput, Question, QuestionKind, SurveyInput, SurveyPlan, WaveInput, WaveStatus,
    group_code, parse_group_code,
};
use rygrad_domain::survey_stats::{
    Change, MIN_GROUP, MeanCi, NumberSums, Suppression, mean_change, paired_mean_change, paired_share_change, release,
    scale_mean, share_change, suppress_beside, wilson,
};
use rygrad_domain::{FieldError, FieldErrors, text};
use rygrad_store::AuditActor;
use rygrad_store::background_jobs::{BackgroundJob, JobClaim};
use rygrad_store::initiatives::Initiative;
use rygrad_store::surveys::{OpenGroup, StoredResponse, Survey, SurveyCounts, SurveyGroup, SurveyWave};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

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

/// Creates a survey of an initiative from `input`, with a new random secret keying its panel
/// code words: the survey, or every error of the input.
pub(crate) async fn create_survey(
    state: &AppState,
    initiative_id: i64,
    input: &SurveyInput,
    by: &AuditActor,
) -> Result<Result<Survey, FieldErrors>, WebError> {
    let plan = match input.validate() {
        Ok(plan) => plan,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
    Ok(Ok(state.store.create_survey(initiative_id, &plan, &secret, by).await?))
}

/// Changes a survey to `input` as a new version: the survey, or the input's errors and those
/// of a change that answers forbid (a question with answers removed or of another kind).
pub(crate) async fn update_survey(
    state: &AppState,
    id: i64,
    input: &SurveyInput,
    by: &AuditActor,
) -> Result<Result<Survey, FieldErrors>, WebError> {
    match input.validate() {
        Ok(plan) => Ok(state.store.update_survey(id, &plan, by).await?),
        Err(errors) => Ok(Err(errors)),
    }
}

/// Opens a new wave of a survey.
pub(crate) async fn create_wave(
    state: &AppState,
    survey_id: i64,
    input: &WaveInput,
    by: &AuditActor,
) -> Result<Result<SurveyWave, FieldErrors>, WebError> {
    match input.validate() {
        Ok(name) => Ok(Ok(state.store.create_survey_wave(survey_id, &name, input.baseline, by).await?)),
        Err(errors) => Ok(Err(errors)),
    }
}

/// Adds a group to a wave with a new short code.
pub(crate) async fn create_group(
    state: &AppState,
    wave_id: i64,
    input: &GroupInput,
    by: &AuditActor,
) -> Result<Result<SurveyGroup, FieldErrors>, WebError> {
    match input.validate() {
        Ok(name) => Ok(Ok(state.store.create_survey_group(wave_id, &name, || group_code(rand::random()), by).await?)),
        Err(errors) => Ok(Err(errors)),
    }
}

/// What a survey feed refresh job is asked to do: its payload.
#[derive(serde::Serialize, serde::Deserialize)]
struct FeedRefreshJob {
    survey_id: i64,
    /// Who closed the wave, for the log.
    user_id: Option<i64>,
    user_name: String,
}

/// How long a request closing a wave waits for a worker that took the refresh job first.
const REFRESH_WAIT: Duration = Duration::from_secs(5);

/// Closes a wave of `survey_id`: its codes take no more answers, and the indicators the survey
/// feeds get its values. The refresh is a job queued in the closing's transaction, run here
/// at once (or by the worker that claimed it first), and taken over by a worker if this
/// process dies first.
pub(crate) async fn close_wave(
    state: &AppState,
    survey_id: i64,
    wave_id: i64,
    by: &AuditActor,
) -> Result<SurveyWave, WebError> {
    let payload = FeedRefreshJob { survey_id, user_id: by.user_id, user_name: by.name.clone() };
    let payload = serde_json::to_string(&payload).map_err(anyhow::Error::from)?;
    let (wave, job) = state.store.close_survey_wave(wave_id, &payload, by).await?;
    if let Some(job_id) = job {
        let worker = new_token();
        let waited = Instant::now();
        while waited.elapsed() < REFRESH_WAIT {
            if let Some(job) = state.store.claim_job(&worker, JOB_STALE_AFTER, Some(job_id)).await? {
                // the wave is closed either way: a refresh failing here is the worker's to run
                // again once this claim is stale, not the closing's failure
                if let Err(error) = run_feed_refresh_job(state, &job, &worker).await {
                    tracing::warn!(job_id, %error, "the survey feed refresh failed; the worker retries it");
                }
                break;
            }
            if state.store.background_job(job_id).await?.is_none_or(|j| j.status.is_finished()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(wave)
}

/// Opens a closed wave again: its codes take answers once more. The indicators it fed keep
/// their values until it is closed again.
pub(crate) async fn reopen_wave(state: &AppState, wave_id: i64, by: &AuditActor) -> Result<SurveyWave, WebError> {
    Ok(state.store.set_survey_wave_status(wave_id, WaveStatus::Open, by).await?)
}

/// Does a claimed survey feed refresh: every indicator the survey feeds gets the values of
/// its closed waves (writing equal values again changes nothing, so a job taken over after a
/// crash may simply run again).
pub(crate) async fn run_feed_refresh_job(state: &AppState, job: &BackgroundJob, worker: &str) -> Result<(), WebError> {
    let claim = JobClaim { job_id: job.id, worker: worker.to_owned() };
    let Ok(payload) = serde_json::from_str::<FeedRefreshJob>(&job.payload) else {
        return Ok(state.store.finish_job(&claim, JobStatus::Failed, "null", None).await?);
    };
    let by = AuditActor { user_id: payload.user_id, name: payload.user_name };
    crate::indicators::survey_feed::refresh_fed_by(state, payload.survey_id, &by).await?;
    Ok(state.store.finish_job(&claim, JobStatus::Done, "null", None).await?)
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

/// Responses to one group from one address (an IPv6 client's /64) in ten minutes. A school
/// class answering together behind its school's one address sends 30–60 in a few minutes,
/// well inside; a flood of one code from one address stops at 100. Never keyed by the group
/// alone: a flood from anywhere else cannot use up the class's answers. A flood from the
/// school's own address holds back that one group for the rest of the ten minutes, and the
/// refused respondent keeps the answers typed and sends them again.
pub(crate) const ANSWERS_PER_GROUP_AND_ADDRESS: Limit = Limit { name: "survey-answer", max: 100, window_secs: 600 };

/// Why a response was not stored (nothing of it was).
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The code is unknown or its wave was closed meanwhile.
    Closed,
    /// Too many responses to the group from the address: try again in this many seconds.
    Busy { retry_after: i64 },
    /// The panel code word's error, and every bad answer.
    Invalid { panel_code: Option<&'static str>, answers: Vec<AnswerError> },
}

/// Checks and stores a response to `group` (`submitSurveyResponse` and the answering pages):
/// the day only, no account, address or user agent; in a panel survey only the code word's
/// keyed hash. Neither the answers nor the code word are logged. Every attempt from `source`
/// (the client's address as a rate-limit key, kept only hashed in the counters) counts
/// towards [`ANSWERS_PER_GROUP_AND_ADDRESS`].
pub(crate) async fn submit_response(
    state: &AppState,
    group: &OpenGroup,
    source: &str,
    panel_code: Option<&str>,
    raw: &BTreeMap<String, Value>,
) -> Result<Result<i64, Refusal>, WebError> {
    // A 16-bit bucket of the address, not the address: enough to hold back a flood, too coarse
    // for a database dump to tie an address (IPv4 is easily hashed through) to a group's answers.
    let bucket = &hex::encode(Sha256::digest(source.as_bytes()))[..4];
    let key = format!("{}:{bucket}", group.group_id);
    if let Some(retry_after) = state.rate_wait(ANSWERS_PER_GROUP_AND_ADDRESS, &key).await? {
        return Ok(Err(Refusal::Busy { retry_after }));
    }
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
    /// What the share is of: those who answered (multiple choice: the group's respondents).
    pub base: Option<u64>,
    pub share: Option<f64>,
    pub ci: Option<(f64, f64)>,
    pub changes: Vec<ChangeResult>,
}

/// A change since an earlier wave (`since`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ChangeResult {
    pub since: i64,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuestionResult {
    pub key: String,
    /// None for a number question.
    pub options: Vec<OptionResult>,
    /// A scale's (options scored 1..k) or a number question's mean; none where hidden.
    pub mean: Option<MeanCi>,
    pub mean_changes: Vec<ChangeResult>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupResult {
    /// The group's id, or the option grouped by (0: no answer); none for everyone.
    pub key: Option<i64>,
    pub name: String,
    pub n: Option<u64>,
    pub suppressed: bool,
    /// The choice, scale and number questions, in the survey's order.
    pub questions: Vec<QuestionResult>,
}

/// An earlier wave the results are compared with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SinceWave {
    pub wave_id: i64,
    pub name: String,
    /// The baseline (otherwise the wave just before).
    pub baseline: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WaveResults {
    pub total: Option<u64>,
    /// Everyone of the wave, as one more group.
    pub overall: GroupResult,
    pub groups: Vec<GroupResult>,
    pub compared_with: Vec<SinceWave>,
}

/// A view's suppression (see `survey_stats::suppress_beside`), where a group with no count
/// gives nobody away: it is hidden, but left out of the rule so that it does not hide a
/// neighbour.
pub(crate) fn suppress_answered(counts: &[u64], hidden_already: &[bool]) -> Suppression {
    let answered: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    let inner = suppress_beside(
        &answered.iter().map(|&i| counts[i]).collect::<Vec<_>>(),
        &answered.iter().map(|&i| hidden_already.get(i).copied().unwrap_or(false)).collect::<Vec<_>>(),
    );
    let mut hidden = vec![true; counts.len()];
    for (&i, &h) in answered.iter().zip(&inner.hidden) {
        hidden[i] = h;
    }
    Suppression { hidden, total_hidden: inner.total_hidden }
}

/// A share with its Wilson interval, where the count and its base are both shown.
fn share(count: Option<u64>, base: Option<u64>) -> (Option<f64>, Option<(f64, f64)>) {
    match (count, base) {
        (Some(c), Some(n)) if n > 0 => (Some(c as f64 / n as f64), wilson(c, n)),
        _ => (None, None),
    }
}

fn option_result(question: &Question, option: u32, count: Option<u64>, base: Option<u64>) -> OptionResult {
    let (share, ci) = share(count, base);
    let label = question.options[option as usize - 1].clone();
    OptionResult { option, label, count, base, share, ci, changes: Vec::new() }
}

/// A scale's mean from its options' released counts: only when every option is shown.
fn released_scale_mean(question: &Question, counts: &[Option<u64>]) -> Option<MeanCi> {
    if question.kind != QuestionKind::Likert {
        return None;
    }
    let counts: Option<Vec<u64>> = counts.iter().take(question.options.len()).copied().collect();
    scale_mean(&counts?)
}

/// The numbers answered to number questions summed, by group key and question key.
pub(crate) type Numbers = BTreeMap<(i64, String), NumberSums>;

/// The results of one grouping of a wave: `groups` are (key, name) in the order shown, the
/// keys those of `counts` and `numbers`. Every count comes out of `survey_stats::release`: a
/// single-choice or likert question's options (with "no answer" as one more option when
/// anyone skipped the question) are a partition of each group's respondents; each option of a
/// multiple-choice question is released as chosen / not chosen. A scale's mean is worked out
/// from released counts only; a number question's means are suppressed by who answered it,
/// beside the hidden groups. Free text is not counted here.
pub(crate) fn wave_results(
    plan: &SurveyPlan,
    groups: &[(i64, String)],
    counts: &SurveyCounts,
    numbers: &Numbers,
    overall_name: &str,
) -> WaveResults {
    let respondents: Vec<u64> =
        groups.iter().map(|(key, _)| counts.respondents.get(key).copied().unwrap_or(0)).collect();
    let suppression = suppress_answered(&respondents, &[]);
    let cell = |key: i64, question: &str, option: u32| {
        counts.cells.get(&(key, question.to_owned(), option)).copied().unwrap_or(0)
    };
    let mut per_group: Vec<Vec<QuestionResult>> = vec![Vec::new(); groups.len()];
    let mut overall = Vec::new();
    let question_result = |question: &Question, options: Vec<OptionResult>, mean: Option<MeanCi>| QuestionResult {
        key: question.key.clone(),
        options,
        mean,
        mean_changes: Vec::new(),
    };
    for question in &plan.questions {
        let options = 1..=question.options.len() as u32;
        let (results, all): (Vec<QuestionResult>, QuestionResult) = match question.kind {
            QuestionKind::Multi => {
                let mut by_group = vec![Vec::new(); groups.len()];
                let mut all = Vec::new();
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
                        by_group[g].push(option_result(question, option, shown.options[0], shown.n));
                    }
                    // a wave without groups releases no option
                    let chose = released.options.first().copied().flatten();
                    all.push(option_result(question, option, chose, released.total));
                }
                (
                    by_group.into_iter().map(|o| question_result(question, o, None)).collect(),
                    question_result(question, all, None),
                )
            }
            QuestionKind::Single | QuestionKind::Likert => {
                let mut cells: Vec<Vec<u64>> = groups
                    .iter()
                    .map(|(key, _)| options.clone().map(|o| cell(*key, &question.key, o)).collect())
                    .collect();
                let skipped: Vec<u64> =
                    cells.iter().zip(&respondents).map(|(c, &n)| n.saturating_sub(c.iter().sum())).collect();
                let anyone_skipped = skipped.iter().any(|&s| s > 0);
                if anyone_skipped {
                    for (c, s) in cells.iter_mut().zip(&skipped) {
                        c.push(*s);
                    }
                }
                let released = release(&cells, &suppression);
                // the base is those who answered: the group less its "no answer"
                let base = |n: Option<u64>, counts: &[Option<u64>]| match (n, anyone_skipped) {
                    (Some(n), false) => Some(n),
                    (Some(n), true) => counts.last().copied().flatten().map(|s| n - s),
                    (None, _) => None,
                };
                let result = |n: Option<u64>, counts: &[Option<u64>]| {
                    let base = base(n, counts);
                    let shown = options
                        .clone()
                        .map(|o| option_result(question, o, counts.get(o as usize - 1).copied().flatten(), base))
                        .collect();
                    question_result(question, shown, released_scale_mean(question, counts))
                };
                let by_group = released.groups.iter().map(|g| result(g.n, &g.options)).collect();
                (by_group, result(released.total, &released.options))
            }
            QuestionKind::Number => {
                let sums = |key: i64| numbers.get(&(key, question.key.clone())).copied().unwrap_or_default();
                let answered: Vec<u64> = groups.iter().map(|(key, _)| sums(*key).n).collect();
                let means = suppress_answered(&answered, &suppression.hidden);
                let by_group = groups
                    .iter()
                    .zip(&means.hidden)
                    .map(|((key, _), &hidden)| {
                        question_result(question, Vec::new(), if hidden { None } else { sums(*key).mean_ci() })
                    })
                    .collect();
                let all = groups.iter().fold(NumberSums::default(), |all, (key, _)| all + sums(*key));
                let hidden = means.total_hidden || suppression.total_hidden;
                (by_group, question_result(question, Vec::new(), if hidden { None } else { all.mean_ci() }))
            }
            QuestionKind::Text => continue,
        };
        for (g, result) in results.into_iter().enumerate() {
            per_group[g].push(result);
        }
        overall.push(all);
    }
    let total = (!suppression.total_hidden).then_some(counts.total);
    WaveResults {
        total,
        overall: GroupResult {
            key: None,
            name: overall_name.to_owned(),
            n: total,
            suppressed: suppression.total_hidden,
            questions: overall,
        },
        groups: groups
            .iter()
            .zip(&respondents)
            .zip(&suppression.hidden)
            .zip(per_group)
            .map(|((((key, name), &n), &hidden), questions)| GroupResult {
                key: Some(*key),
                name: name.clone(),
                n: (!hidden).then_some(n),
                suppressed: hidden,
                questions,
            })
            .collect(),
        compared_with: Vec::new(),
    }
}

/// The groups of both waves with the same name, each (later, earlier), the everyone groups first.
fn matched_groups<'a>(
    later: &'a mut WaveResults,
    earlier: &'a WaveResults,
) -> impl Iterator<Item = (&'a mut GroupResult, Option<&'a GroupResult>)> {
    let overall = std::iter::once((&mut later.overall, Some(&earlier.overall)));
    overall.chain(later.groups.iter_mut().map(|g| {
        let before = earlier.groups.iter().find(|e| e.name == g.name);
        (g, before)
    }))
}

/// Adds the changes since `earlier` (the wave `since`) to `later`, between independent
/// samples: each share shown in both waves by the two-proportion test, each mean by Welch's
/// t-test from its shown interval. Only released numbers enter, so a change gives nothing away that the two waves do not.
pub(crate) fn compare_waves(later: &mut WaveResults, earlier: &WaveResults, since: i64) {
    for (group, before) in matched_groups(later, earlier) {
        let Some(before) = before.filter(|b| !b.suppressed && !group.suppressed) else { continue };
        for question in &mut group.questions {
            let Some(then) = before.questions.iter().find(|q| q.key == question.key) else { continue };
            if let (Some(before), Some(now)) = (&then.mean, &question.mean)
                && let Some(change) = mean_change(before, now)
            {
                question.mean_changes.push(ChangeResult { since, change });
            }
            for option in &mut question.options {
                let Some(old) = then.options.iter().find(|o| o.option == option.option) else { continue };
                let counts = (old.count, old.base, option.count, option.base);
                if let (Some(c1), Some(n1), Some(c2), Some(n2)) = counts
                    && let Some(change) = share_change(c1, n1, c2, n2)
                {
                    option.changes.push(ChangeResult { since, change });
                }
            }
        }
    }
}

/// A respondent of a panel survey answering two waves: the group's name if it is the same in
/// both (else the respondent counts in everyone only), and the answers then and now.
pub(crate) struct PanelPair<'a> {
    pub group: Option<String>,
    pub before: &'a BTreeMap<String, Value>,
    pub after: &'a BTreeMap<String, Value>,
}

/// The options chosen in a stored answer.
fn chosen(value: Option<&Value>) -> Vec<u32> {
    match value {
        Some(Value::String(s)) => s.parse().ok().into_iter().collect(),
        Some(Value::Array(items)) => items.iter().flat_map(|v| chosen(Some(v))).collect(),
        _ => Vec::new(),
    }
}

/// A scale's point or a number, as stored.
fn score(kind: QuestionKind, value: Option<&Value>) -> Option<f64> {
    match kind {
        QuestionKind::Likert => chosen(value).first().map(|&o| f64::from(o)),
        QuestionKind::Number => value.and_then(Value::as_f64),
        _ => None,
    }
}

/// Adds the paired changes since `earlier` (the wave `since`) to `later` in a panel survey:
/// McNemar's test for each share, the paired t-test for each mean, among the respondents of a
/// group who answered the question in both waves. The pairs of each question are suppressed
/// as a view of their own beside the groups hidden in either wave (and those who changed
/// group), and a change is worked out only where both waves show the share or mean.
pub(crate) fn compare_panel(
    plan: &SurveyPlan,
    later: &mut WaveResults,
    earlier: &WaveResults,
    since: i64,
    pairs: &[PanelPair],
) {
    for question in plan.questions.iter().filter(|q| q.kind != QuestionKind::Text) {
        let answered_in = |answers: &BTreeMap<String, Value>| match question.kind {
            QuestionKind::Multi => true,
            QuestionKind::Number => score(question.kind, answers.get(&question.key)).is_some(),
            _ => !chosen(answers.get(&question.key)).is_empty(),
        };
        let answered = |p: &&PanelPair| answered_in(p.before) && answered_in(p.after);
        let in_group = |name: &str| -> Vec<&PanelPair> {
            pairs.iter().filter(|p| p.group.as_deref() == Some(name)).filter(answered).collect()
        };
        let by_group: Vec<Vec<&PanelPair>> = later.groups.iter().map(|g| in_group(&g.name)).collect();
        let everyone: Vec<&PanelPair> = pairs.iter().filter(answered).collect();
        // those who changed groups count in everyone only: one more view, never shown alone
        let mut counts: Vec<u64> = by_group.iter().map(|p| p.len() as u64).collect();
        counts.push(everyone.len() as u64 - counts.iter().sum::<u64>());
        let mut hidden_already: Vec<bool> = later
            .groups
            .iter()
            .map(|g| g.suppressed || !earlier.groups.iter().any(|e| e.name == g.name && !e.suppressed))
            .collect();
        hidden_already.push(true);
        let suppression = suppress_answered(&counts, &hidden_already);
        let shown = std::iter::once((!suppression.total_hidden, everyone))
            .chain(suppression.hidden.iter().map(|h| !h).zip(by_group));
        for ((group, before), (shown, pairs)) in matched_groups(later, earlier).zip(shown) {
            let (Some(before), true) = (before, shown) else { continue };
            let Some(then) = before.questions.iter().find(|q| q.key == question.key) else { continue };
            let Some(now) = group.questions.iter_mut().find(|q| q.key == question.key) else { continue };
            for option in &mut now.options {
                let shown_then = then.options.iter().any(|o| o.option == option.option && o.count.is_some());
                if !shown_then || option.count.is_none() {
                    continue;
                }
                let has =
                    |answers: &BTreeMap<String, Value>| chosen(answers.get(&question.key)).contains(&option.option);
                let yes_no: Vec<(bool, bool)> = pairs.iter().map(|p| (has(p.before), has(p.after))).collect();
                if let Some(change) = paired_share_change(&yes_no) {
                    option.changes.push(ChangeResult { since, change });
                }
            }
            if then.mean.is_some() && now.mean.is_some() {
                let scores: Vec<(f64, f64)> = pairs
                    .iter()
                    .filter_map(|p| {
                        score(question.kind, p.before.get(&question.key))
                            .zip(score(question.kind, p.after.get(&question.key)))
                    })
                    .collect();
                if let Some(change) = paired_mean_change(&scores) {
                    now.mean_changes.push(ChangeResult { since, change });
                }
            }
        }
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

/// A wave's grouping and its results.
struct WaveFigures {
    groups: Vec<(i64, String)>,
    results: WaveResults,
}

/// The key of a response's group: its group, or its answer to the question `group_by`
/// (0: none), as [`grouping`] keys them.
fn group_key(response: &StoredResponse, group_by: &str) -> i64 {
    if group_by == "group" {
        return response.group_id;
    }
    chosen(response.answers.get(group_by)).first().map_or(0, |&o| i64::from(o))
}

/// The sums of a wave's number answers in `grouping`'s groups, as kept with the answers: by
/// group, or by the answer to a question.
async fn number_sums(state: &AppState, plan: &SurveyPlan, wave_id: i64, group_by: &str) -> Result<Numbers, WebError> {
    if !plan.questions.iter().any(|q| q.kind == QuestionKind::Number) {
        return Ok(Numbers::new());
    }
    Ok(if group_by == "group" {
        state.store.survey_number_sums_by_group(wave_id).await?
    } else {
        state.store.survey_number_sums_by_answer(wave_id, group_by).await?
    })
}

async fn wave_figures(
    state: &AppState,
    survey: &Survey,
    wave_id: i64,
    group_by: &str,
    tr: &Tr,
) -> Result<Option<WaveFigures>, WebError> {
    let Some((groups, counts)) = grouping(state, survey, wave_id, group_by, tr).await? else { return Ok(None) };
    let numbers = number_sums(state, &survey.plan, wave_id, group_by).await?;
    let results = wave_results(&survey.plan, &groups, &counts, &numbers, &tr.t("survey-overall"));
    Ok(Some(WaveFigures { groups, results }))
}

/// The earlier waves a wave is compared with: the latest baseline before it, and the wave
/// just before it (once, when they are the same).
fn earlier_waves(waves: &[SurveyWave], wave_id: i64) -> Vec<SinceWave> {
    let before: Vec<&SurveyWave> = waves.iter().filter(|w| w.id < wave_id).collect();
    let baseline = before.iter().rev().find(|w| w.baseline);
    let previous = before.last().filter(|p| baseline.is_none_or(|b| b.id != p.id));
    let since = |w: &&SurveyWave| SinceWave { wave_id: w.id, name: w.name.clone(), baseline: w.baseline };
    baseline.into_iter().chain(previous).map(since).collect()
}

/// A wave's groups (key, name) and its responses.
type Answered<'a> = (&'a [(i64, String)], &'a [StoredResponse]);

/// The pairs of a panel survey's respondents in two waves, by code word key; a key given
/// twice in a wave (two people chose the same word) pairs nobody.
fn panel_pairs<'a>(earlier: Answered<'a>, later: Answered<'a>, group_by: &str) -> Vec<PanelPair<'a>> {
    let by_key = |(_, responses): Answered<'a>| {
        let mut keyed: HashMap<&'a str, Option<&'a StoredResponse>> = HashMap::new();
        for r in responses {
            if let Some(key) = r.panel_key.as_deref() {
                keyed.entry(key).and_modify(|seen| *seen = None).or_insert(Some(r));
            }
        }
        keyed
    };
    let name = |(groups, _): Answered, r: &StoredResponse| {
        let key = group_key(r, group_by);
        groups.iter().find(|(k, _)| *k == key).map(|(_, name)| name.clone())
    };
    let before = by_key(earlier);
    by_key(later)
        .into_iter()
        .filter_map(|(key, after)| {
            let (before, after) = (before.get(key).copied().flatten()?, after?);
            let (then, now) = (name(earlier, before), name(later, after));
            let group = if then == now { now } else { None };
            Some(PanelPair { group, before: &before.answers, after: &after.answers })
        })
        .collect()
}

/// A wave's results (see [`wave_results`]) with the changes since the baseline and the wave
/// before: paired in a panel survey, otherwise between independent samples. None when
/// `group_by` is no grouping.
pub(crate) async fn survey_results(
    state: &AppState,
    survey: &Survey,
    wave_id: i64,
    group_by: &str,
    tr: &Tr,
) -> Result<Option<WaveResults>, WebError> {
    let Some(current) = wave_figures(state, survey, wave_id, group_by, tr).await? else { return Ok(None) };
    let WaveFigures { groups, mut results } = current;
    let compared_with = earlier_waves(&state.store.survey_waves_of(survey.id).await?, wave_id);
    for since in &compared_with {
        let Some(earlier) = wave_figures(state, survey, since.wave_id, group_by, tr).await? else { continue };
        if survey.plan.panel {
            // the answers of those whose code word both waves have, and no others
            let then = state.store.survey_panel_responses(since.wave_id, wave_id).await?;
            let now = state.store.survey_panel_responses(wave_id, since.wave_id).await?;
            let pairs = panel_pairs((&earlier.groups, &then), (&groups, &now), group_by);
            compare_panel(&survey.plan, &mut results, &earlier.results, since.wave_id, &pairs);
        } else {
            compare_waves(&mut results, &earlier.results, since.wave_id);
        }
    }
    results.compared_with = compared_with;
    Ok(Some(results))
}

/// A group of a wave as every view and export may show it.
#[derive(Debug, Clone)]
pub(crate) struct ShownGroup {
    pub id: i64,
    /// None when the group is suppressed.
    pub name: Option<String>,
    /// Whether its free text may be shown (see [`shows_free_text`]).
    pub free_text: bool,
    /// Its answers (for sizing reads; never shown for a suppressed group).
    pub answers: u64,
}

/// A wave's groups in the order of `survey_groups_of`, with what may be shown of each.
pub(crate) async fn shown_groups(state: &AppState, wave_id: i64) -> Result<Vec<ShownGroup>, WebError> {
    let groups = state.store.survey_groups_of(wave_id).await?;
    let respondents: Vec<u64> = groups.iter().map(|g| g.answers).collect();
    let suppression = suppress_answered(&respondents, &[]);
    Ok(groups
        .into_iter()
        .zip(&suppression.hidden)
        .map(|(g, &hidden)| ShownGroup {
            id: g.id,
            name: (!hidden).then_some(g.name),
            free_text: shows_free_text(g.answers, hidden),
            answers: g.answers,
        })
        .collect())
}

/// Whether a group's free text may be shown: the group is shown and has at least
/// [`MIN_GROUP`] answers.
pub(crate) fn shows_free_text(n: u64, hidden: bool) -> bool {
    !hidden && n >= MIN_GROUP
}

#[cfg(test)]
mod tests {
    use super::*;
    use rygrad_domain::survey_stats::{ChangeTest, mean_ci};

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
        let s = suppress_answered(&[0, 12, 9], &[]);
        assert_eq!(s.hidden, [true, false, false]);
        let s = suppress_answered(&[3, 12, 9, 0], &[]);
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
        let results = wave_results(&plan(), &groups, &counts, &Numbers::new(), "Alle");
        assert_eq!(results.total, Some(18));
        let a = &results.groups[0];
        assert_eq!((a.n, a.suppressed), (Some(10), false));
        assert_eq!(a.questions.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(), ["glad", "hvor", "ro", "alder"]);
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
        let results = wave_results(&plan(), &groups, &counts, &Numbers::new(), "Alle");
        assert_eq!(results.total, Some(20));
        for hidden in &results.groups[1..] {
            assert!(hidden.suppressed && hidden.n.is_none());
            for q in &hidden.questions {
                assert!(q.options.iter().all(|o| o.count.is_none() && o.share.is_none() && o.ci.is_none()));
            }
        }
    }

    fn scale_plan() -> SurveyPlan {
        let mut plan = plan();
        plan.questions[2].kind = QuestionKind::Likert;
        plan.questions[2].options = vec!["Sjældent".into(), "Nogle gange".into(), "Tit".into()];
        plan
    }

    #[test]
    fn means_come_from_shown_numbers_only() {
        let groups = [(1, "5.A".to_owned()), (2, "5.B".to_owned()), (3, "5.C".to_owned())];
        let mut cells = Vec::new();
        for (g, points) in [(1, [3, 3, 4]), (2, [2, 2, 4]), (3, [1, 1, 1])] {
            for (o, n) in points.into_iter().enumerate() {
                cells.push((g, "ro", o as u32 + 1, n));
            }
        }
        let counts = counts(&[(1, 10), (2, 8), (3, 3)], &cells);
        let ages = |n: i32| (0..n).map(|i| 10.0 + f64::from(i % 3)).collect::<Vec<f64>>();
        let mut numbers = Numbers::new();
        for (g, n) in [(1, 10), (2, 8), (3, 3)] {
            numbers.insert((g, "alder".to_owned()), NumberSums::of(&ages(n)));
        }
        let results = wave_results(&scale_plan(), &groups, &counts, &numbers, "Alle");
        let mean = |g: &GroupResult, key: &str| g.questions.iter().find(|q| q.key == key).unwrap().mean;
        assert_eq!(mean(&results.groups[0], "ro"), scale_mean(&[3, 3, 4]));
        assert_eq!(mean(&results.overall, "ro"), scale_mean(&[6, 6, 9]));
        let close = |a: Option<MeanCi>, b: Option<MeanCi>| {
            let (a, b) = (a.unwrap(), b.unwrap());
            assert_eq!((a.n, a.mean), (b.n, b.mean));
            assert!((a.low - b.low).abs() < 1e-12 && (a.high - b.high).abs() < 1e-12, "{a:?} {b:?}");
        };
        close(mean(&results.groups[0], "alder"), mean_ci(&ages(10)));
        let everyone: Vec<f64> = [10, 8, 3].into_iter().flat_map(ages).collect();
        close(mean(&results.overall, "alder"), mean_ci(&everyone));
        for hidden in &results.groups[1..] {
            assert!(hidden.suppressed);
            assert_eq!((mean(hidden, "ro"), mean(hidden, "alder")), (None, None));
        }
        // two of 5.A's pupils gave their age: too few for a mean, and then 5.B's and 5.C's
        // ages (hidden, 11) are the only others beside the total
        numbers.insert((1, "alder".to_owned()), NumberSums::of(&[10.0, 12.0]));
        let results = wave_results(&scale_plan(), &groups, &counts, &numbers, "Alle");
        assert_eq!(mean(&results.groups[0], "alder"), None);
        assert!(mean(&results.overall, "alder").is_some());
    }

    #[test]
    fn changes_compare_shares_shown_in_both_waves_of_groups_with_the_same_name() {
        let glad = |pairs: &[(i64, u64, u64)]| {
            let respondents: Vec<(i64, u64)> = pairs.iter().map(|&(g, y, n)| (g, y + n)).collect();
            let cells: Vec<(i64, &str, u32, u64)> =
                pairs.iter().flat_map(|&(g, y, n)| [(g, "glad", 1, y), (g, "glad", 2, n)]).collect();
            counts(&respondents, &cells)
        };
        let before = wave_results(
            &plan(),
            &[(1, "5.A".to_owned()), (2, "5.B".to_owned())],
            &glad(&[(1, 6, 4), (2, 5, 5)]),
            &Numbers::new(),
            "Alle",
        );
        let mut after = wave_results(
            &plan(),
            &[(3, "5.A".to_owned()), (4, "5.B".to_owned()), (5, "6.A".to_owned())],
            &glad(&[(3, 9, 1), (4, 6, 6), (5, 5, 5)]),
            &Numbers::new(),
            "Alle",
        );
        compare_waves(&mut after, &before, 7);
        let yes = |g: &GroupResult| g.questions[0].options[0].changes.clone();
        assert_eq!(yes(&after.groups[0]), [ChangeResult { since: 7, change: share_change(6, 10, 9, 10).unwrap() }]);
        assert_eq!(yes(&after.overall)[0].change, share_change(11, 20, 20, 32).unwrap());
        assert!(yes(&after.groups[2]).is_empty(), "6.A has no earlier wave");
        assert!(!yes(&after.groups[0])[0].change.significance.significant);
    }

    #[test]
    fn means_shown_in_both_waves_are_compared_by_welchs_test() {
        let glad = |group: i64| counts(&[(group, 10)], &[(group, "glad", 1, 6), (group, "glad", 2, 4)]);
        let mut before = wave_results(&plan(), &[(1, "5.A".to_owned())], &glad(1), &Numbers::new(), "Alle");
        let mut after = wave_results(&plan(), &[(3, "5.A".to_owned())], &glad(3), &Numbers::new(), "Alle");
        let (then, now) = (mean_ci(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap(), mean_ci(&[4.0, 5.0, 6.0, 7.0, 8.0]).unwrap());
        before.groups[0].questions[0].mean = Some(then);
        after.groups[0].questions[0].mean = Some(now);
        compare_waves(&mut after, &before, 7);
        let changes = &after.groups[0].questions[0].mean_changes;
        assert_eq!(changes, &[ChangeResult { since: 7, change: mean_change(&then, &now).unwrap() }]);
        assert_eq!(changes[0].change.test, ChangeTest::WelchT);
        assert!(after.overall.questions[0].mean_changes.is_empty(), "no mean in everyone's results");
    }

    #[test]
    fn panel_changes_pair_the_same_respondents_from_five_pairs() {
        let answers = |glad: &str| BTreeMap::from([("glad".to_owned(), Value::from(glad))]);
        // 10 followed: 4 stay Ja, 1 Ja → Nej, 2 Nej → Ja, 3 stay Nej; one new pupil says Nej
        let moves = [("1", "1"), ("1", "1"), ("1", "1"), ("1", "1"), ("1", "2"), ("2", "1"), ("2", "1")]
            .into_iter()
            .chain([("2", "2"); 3])
            .map(|(a, b)| (answers(a), answers(b)))
            .collect::<Vec<_>>();
        let one_group = |yes: u64, no: u64| {
            let c = counts(&[(1, yes + no)], &[(1, "glad", 1, yes), (1, "glad", 2, no)]);
            wave_results(&plan(), &[(1, "5.A".to_owned())], &c, &Numbers::new(), "Alle")
        };
        let before = one_group(5, 5);
        let pairs: Vec<PanelPair> =
            moves.iter().map(|(b, a)| PanelPair { group: Some("5.A".into()), before: b, after: a }).collect();
        let mut after = one_group(6, 5);
        compare_panel(&plan(), &mut after, &before, 7, &pairs);
        let glad = &after.groups[0].questions[0].options;
        let change = glad[0].changes[0].change;
        assert_eq!((change.test, change.pairs), (ChangeTest::Mcnemar, Some(10)));
        assert!((change.difference - 0.1).abs() < 1e-12);
        assert_eq!(change.significance, rygrad_domain::survey_stats::mcnemar(1, 2));
        assert!((glad[1].changes[0].change.difference + 0.1).abs() < 1e-12);
        assert_eq!(after.overall.questions[0].options[0].changes.len(), 1);
        let mut after = one_group(6, 5);
        compare_panel(&plan(), &mut after, &before, 7, &pairs[..4]);
        assert!(after.groups[0].questions[0].options[0].changes.is_empty(), "4 pairs are too few");
        assert!(after.overall.questions[0].options[0].changes.is_empty());
        // three more changed class: everyone less 5.A would be their change, so 5.A goes
        let mut moved: Vec<PanelPair> =
            moves.iter().map(|(b, a)| PanelPair { group: Some("5.A".into()), before: b, after: a }).collect();
        moved.extend(moves[..3].iter().map(|(b, a)| PanelPair { group: None, before: b, after: a }));
        let mut after = one_group(6, 5);
        compare_panel(&plan(), &mut after, &before, 7, &moved);
        assert!(after.groups[0].questions[0].options[0].changes.is_empty());
        assert_eq!(after.overall.questions[0].options[0].changes[0].change.pairs, Some(13));
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
                "err-survey-busy",
                "surveys-wave-open",
                "surveys-wave-closed",
            ] {
                assert!(tr.has(id), "{id} ({lang:?})");
            }
        }
    }
}
