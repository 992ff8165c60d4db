//! Answering a survey without an account: a group's code, then one question per screen. The
//! pages work without JavaScript: each step is a form post carrying the answers so far in
//! hidden fields, and nothing is stored before "Send". A device that answered a group gets a
//! signed cookie naming the group (never stored with the answer) and is told so kindly.

use super::rules::{Refusal, hmac_sha256, open_group, submit_response};
use crate::http::client_ip::ClientIp;
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, constant_time_eq, cookie_value};
use crate::http::page::{Page, form_error, render};
use crate::http::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use rygrad_domain::format::Lang;
use rygrad_domain::survey::{AnswerError, Question, QuestionKind, SurveyPlan};
use rygrad_store::surveys::OpenGroup;
use serde_json::Value;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/svar", get(code_form))
        .route("/svar/tak", get(thanks))
        .route("/svar/{code}", get(start).post(step))
        .route("/static/surveys.css", get(stylesheet))
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../../assets/surveys.css"))
}

/// Days a device remembers that it answered a group: longer than a school year.
const DEVICE_COOKIE_DAYS: i64 = 400;

fn device_cookie_name(group: &OpenGroup) -> String {
    format!("rygrad_svar_{}", group.group_id)
}

/// The device cookie's value: an HMAC naming the group, keyed by the survey's server-side
/// secret (with its own label, so it is not a panel key), so it cannot be made for a group
/// without the server. It says nothing about the answer.
fn device_token(group: &OpenGroup) -> String {
    let message = format!("rygrad-device-answered:{}", group.group_id);
    hex::encode(hmac_sha256(&group.panel_secret, message.as_bytes()))
}

fn answered_before(headers: &HeaderMap, group: &OpenGroup) -> bool {
    cookie_value(headers, &device_cookie_name(group))
        .is_some_and(|value| constant_time_eq(value.as_bytes(), device_token(group).as_bytes()))
}

#[derive(Template)]
#[template(path = "surveys/code.html")]
struct CodePage {
    page: Page,
    code: String,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
struct CodeQuery {
    #[serde(default)]
    kode: String,
}

/// Type the group's code; a known code of an open wave goes on to the questions.
async fn code_form(
    State(state): State<AppState>,
    page: Page,
    Query(q): Query<CodeQuery>,
) -> Result<Response, WebError> {
    if q.kode.trim().is_empty() {
        return render(CodePage { page, code: q.kode, error: None });
    }
    match open_group(&state, &q.kode).await? {
        Some(_) => Ok(Redirect::to(&format!("/svar/{}", group_code_of(&q.kode))).into_response()),
        None => unknown_code(page, q.kode),
    }
}

/// The code as the URL carries it (upper case, no spaces or dashes).
fn group_code_of(typed: &str) -> String {
    rygrad_domain::survey::parse_group_code(typed).unwrap_or_default()
}

fn unknown_code(page: Page, code: String) -> Result<Response, WebError> {
    let error = Some(page.t("survey-code-unknown"));
    let mut response = render(CodePage { page, code, error })?;
    *response.status_mut() = StatusCode::NOT_FOUND;
    Ok(response)
}

#[derive(Template)]
#[template(path = "surveys/message.html")]
struct MessagePage {
    page: Page,
    title: String,
    message: String,
}

fn already_answered(page: Page) -> Result<Response, WebError> {
    let (title, message) = (page.t("survey-already-title"), page.t("survey-already-text"));
    render(MessagePage { page, title, message })
}

async fn thanks(page: Page) -> Result<Response, WebError> {
    let (title, message) = (page.t("survey-thanks-title"), page.t("survey-thanks-text"));
    render(MessagePage { page, title, message })
}

/// One screen of the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    /// A panel survey's code word.
    CodeWord,
    /// The question at this index of the plan.
    Question(usize),
    /// What was answered, and "Send".
    Summary,
}

impl Screen {
    fn code(self, plan: &SurveyPlan) -> String {
        match self {
            Screen::CodeWord => "kodeord".into(),
            Screen::Question(i) => format!("q.{}", plan.questions[i].key),
            Screen::Summary => "opsummering".into(),
        }
    }

    fn parse(code: &str, plan: &SurveyPlan) -> Option<Screen> {
        match code {
            "kodeord" => Some(Screen::CodeWord),
            "opsummering" => Some(Screen::Summary),
            _ => {
                let key = code.strip_prefix("q.")?;
                plan.questions.iter().position(|q| q.key == key).map(Screen::Question)
            }
        }
    }
}

/// The screens shown for the answers so far, in order.
fn screens(plan: &SurveyPlan, raw: &BTreeMap<String, Value>) -> Vec<Screen> {
    let mut screens = Vec::new();
    if plan.panel {
        screens.push(Screen::CodeWord);
    }
    for key in plan.shown_keys(raw) {
        if let Some(i) = plan.questions.iter().position(|q| q.key == key) {
            screens.push(Screen::Question(i));
        }
    }
    screens.push(Screen::Summary);
    screens
}

/// What the respondent has answered, read from the form: `a.<key>` fields (repeated for
/// multiple choice), the code word, where they are and where they go.
struct Progress {
    raw: BTreeMap<String, Value>,
    code_word: String,
    at: Option<Screen>,
    nav: String,
}

impl Progress {
    fn read(plan: &SurveyPlan, fields: Vec<(String, String)>) -> Progress {
        let mut progress = Progress { raw: BTreeMap::new(), code_word: String::new(), at: None, nav: String::new() };
        for (name, value) in fields {
            match name.as_str() {
                "kodeord" => progress.code_word = value,
                "at" => progress.at = Screen::parse(&value, plan),
                "nav" => progress.nav = value,
                _ => {
                    let Some(key) = name.strip_prefix("a.") else { continue };
                    // fields of questions the survey does not have are dropped
                    let Some(question) = plan.questions.iter().find(|q| q.key == key) else { continue };
                    if question.kind == QuestionKind::Multi {
                        let picked = progress.raw.entry(key.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
                        if let Value::Array(items) = picked
                            && !value.is_empty()
                        {
                            items.push(Value::String(value));
                        }
                    } else {
                        progress.raw.insert(key.to_owned(), Value::String(value));
                    }
                }
            }
        }
        progress
    }
}

/// An option as shown: its value (its number), label and whether it is chosen.
struct OptionView {
    value: String,
    label: String,
    checked: bool,
}

struct QuestionView {
    key: String,
    text: String,
    section: Option<String>,
    /// `choice` (single, likert), `multi`, `number` or `text`.
    kind: &'static str,
    options: Vec<OptionView>,
    value: String,
    required: bool,
    hint: String,
}

#[derive(Template)]
#[template(path = "surveys/answer.html")]
struct AnswerPage {
    page: Page,
    code: String,
    title: String,
    /// The screen's code, posted back as `at`.
    at: String,
    /// `kodeord`, `question` or `opsummering`.
    kind: &'static str,
    /// Answers and the code word carried from the other screens.
    hidden: Vec<(String, String)>,
    question: Option<QuestionView>,
    code_word: String,
    /// The summary: question and answer.
    summary: Vec<(String, String)>,
    /// "Spørgsmål 3 af 8" (question screens), and the `<progress>` element's value and max.
    progress: String,
    step: usize,
    steps: usize,
    first: bool,
    error: Option<String>,
}

fn question_text(page: &Page, q: &Question) -> String {
    match (&q.text_en, page.tr.lang) {
        (Some(en), Lang::En) if !en.is_empty() => en.clone(),
        _ => q.text.clone(),
    }
}

/// The answer to `q` in words, for the summary.
fn answer_in_words(page: &Page, q: &Question, value: Option<&Value>) -> String {
    let label = |v: &Value| {
        v.as_str()
            .and_then(|s| s.trim().parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .and_then(|n| q.options.get(n).cloned())
    };
    let words = match value {
        Some(Value::Array(items)) => items.iter().filter_map(label).collect::<Vec<_>>().join(", "),
        Some(v) if q.kind.has_options() => label(v).unwrap_or_default(),
        Some(Value::String(s)) => s.trim().to_owned(),
        _ => String::new(),
    };
    if words.is_empty() { page.t("survey-answer-none") } else { words }
}

fn value_strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn answer_page(
    page: Page,
    group: &OpenGroup,
    code: &str,
    progress: &Progress,
    screen: Screen,
    error: Option<&'static str>,
) -> AnswerPage {
    let plan = &group.survey.plan;
    let all = screens(plan, &progress.raw);
    let shown: Vec<usize> =
        all.iter().filter_map(|s| if let Screen::Question(i) = s { Some(*i) } else { None }).collect();
    // carried: the answers of the questions shown, but not the one on this screen
    let mut hidden = Vec::new();
    for &i in &shown {
        let q = &plan.questions[i];
        if screen == Screen::Question(i) {
            continue;
        }
        for value in value_strings(progress.raw.get(&q.key)) {
            hidden.push((format!("a.{}", q.key), value));
        }
    }
    if plan.panel && screen != Screen::CodeWord {
        hidden.push(("kodeord".into(), progress.code_word.clone()));
    }
    let position = all.iter().position(|s| *s == screen).unwrap_or(0);
    let (step, steps) = (shown.iter().position(|&i| screen == Screen::Question(i)).map_or(0, |n| n + 1), shown.len());
    let question = match screen {
        Screen::Question(i) => {
            let q = &plan.questions[i];
            let chosen = value_strings(progress.raw.get(&q.key));
            let options = q
                .options
                .iter()
                .enumerate()
                .map(|(n, label)| {
                    let value = (n + 1).to_string();
                    OptionView { checked: chosen.contains(&value), value, label: label.clone() }
                })
                .collect();
            let hint = match (q.kind, q.min, q.max) {
                (QuestionKind::Multi, ..) => page.t("survey-hint-multi"),
                (QuestionKind::Number, Some(min), Some(max)) => page.tr.t2(
                    "survey-hint-range",
                    "min",
                    rygrad_domain::format::number(page.tr.lang, min, 0),
                    "max",
                    rygrad_domain::format::number(page.tr.lang, max, 0),
                ),
                _ => String::new(),
            };
            Some(QuestionView {
                key: q.key.clone(),
                text: question_text(&page, q),
                section: q.section.clone(),
                kind: match q.kind {
                    QuestionKind::Single | QuestionKind::Likert => "choice",
                    QuestionKind::Multi => "multi",
                    QuestionKind::Number => "number",
                    QuestionKind::Text => "text",
                },
                options,
                value: chosen.first().cloned().unwrap_or_default(),
                required: q.required,
                hint,
            })
        }
        _ => None,
    };
    let summary = if screen == Screen::Summary {
        shown
            .iter()
            .map(|&i| {
                let q = &plan.questions[i];
                (question_text(&page, q), answer_in_words(&page, q, progress.raw.get(&q.key)))
            })
            .collect()
    } else {
        Vec::new()
    };
    AnswerPage {
        progress: if step > 0 { page.tr.t2("survey-progress", "n", step, "total", steps) } else { String::new() },
        error: error.map(|code| page.t(format!("err-{code}"))),
        code: code.to_owned(),
        title: group.survey.plan.title.clone(),
        at: screen.code(plan),
        kind: match screen {
            Screen::CodeWord => "kodeord",
            Screen::Question(_) => "question",
            Screen::Summary => "opsummering",
        },
        hidden,
        question,
        code_word: progress.code_word.clone(),
        summary,
        step,
        steps,
        first: position == 0,
        page,
    }
}

/// The questionnaire's first screen, or a kind word if this device has answered the group.
async fn start(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let Some(group) = open_group(&state, &code).await? else { return unknown_code(page, code) };
    if answered_before(&headers, &group) {
        return already_answered(page);
    }
    let progress = Progress { raw: BTreeMap::new(), code_word: String::new(), at: None, nav: String::new() };
    let first = screens(&group.survey.plan, &progress.raw)[0];
    render(answer_page(page, &group, &group_code_of(&code), &progress, first, None))
}

/// The error of the answer on `screen`, if any (`next` checks only the screen left).
fn screen_error(group: &OpenGroup, progress: &Progress, screen: Screen) -> Option<&'static str> {
    match screen {
        Screen::CodeWord => super::rules::panel_key(&group.panel_secret, &progress.code_word).err().map(|e| e.code),
        Screen::Question(i) => {
            let key = &group.survey.plan.questions[i].key;
            let errors = group.survey.plan.check_answers(&progress.raw).err().unwrap_or_default();
            errors.into_iter().find(|e| e.question == *key).map(|e| e.code)
        }
        Screen::Summary => None,
    }
}

/// A step: "next" checks this screen's answer and goes on, "back" goes back keeping what was
/// typed, "send" stores the response by the API's rule and sets the device cookie (or, over
/// the rate limit, shows the summary again with a 429 and the answers kept).
async fn step(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    ClientIp(source): ClientIp,
    Path(code): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let Some(group) = open_group(&state, &code).await? else { return unknown_code(page, code) };
    if answered_before(&headers, &group) {
        return already_answered(page);
    }
    let code = group_code_of(&code);
    let plan = &group.survey.plan;
    let progress = Progress::read(plan, fields);
    let all = screens(plan, &progress.raw);
    let at = progress.at.filter(|s| all.contains(s)).unwrap_or(all[0]);
    let position = all.iter().position(|s| *s == at).unwrap_or(0);
    match progress.nav.as_str() {
        "back" => {
            let to = all[position.saturating_sub(1)];
            render(answer_page(page, &group, &code, &progress, to, None))
        }
        "send" if at == Screen::Summary => {
            let panel_code = plan.panel.then_some(progress.code_word.as_str());
            match submit_response(&state, &group, &source, panel_code, &progress.raw).await? {
                Ok(_) => {
                    let mut response = Redirect::to("/svar/tak").into_response();
                    let cookie = state.config.cookie(
                        &device_cookie_name(&group),
                        &device_token(&group),
                        Some(DEVICE_COOKIE_DAYS),
                        true,
                    );
                    response.headers_mut().append(header::SET_COOKIE, cookie);
                    Ok(response)
                }
                Err(Refusal::Closed) => unknown_code(page, code),
                Err(Refusal::Busy { retry_after }) => {
                    // the summary again, everything typed kept in its hidden fields
                    let mut response = render(answer_page(page, &group, &code, &progress, at, Some("survey-busy")))?;
                    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
                    response.headers_mut().insert(header::RETRY_AFTER, retry_after.into());
                    Ok(response)
                }
                Err(Refusal::Invalid { panel_code, answers }) => {
                    // back to the first screen with an error, everything else kept
                    let wrong = |s: &Screen| match s {
                        Screen::CodeWord => panel_code,
                        Screen::Question(i) => first_error(&answers, &plan.questions[*i].key),
                        Screen::Summary => None,
                    };
                    let (to, error) =
                        all.iter().find_map(|s| wrong(s).map(|e| (*s, e))).unwrap_or((at, "answer-invalid"));
                    form_error(answer_page(page, &group, &code, &progress, to, Some(error)))
                }
            }
        }
        _ => {
            if let Some(error) = screen_error(&group, &progress, at) {
                return form_error(answer_page(page, &group, &code, &progress, at, Some(error)));
            }
            let to = all[(position + 1).min(all.len() - 1)];
            render(answer_page(page, &group, &code, &progress, to, None))
        }
    }
}

fn first_error(errors: &[AnswerError], key: &str) -> Option<&'static str> {
    errors.iter().find(|e| e.question == key).map(|e| e.code)
}
