//! Surveys: the questionnaire a backbone builds, the answers a respondent sends, the changes a
//! survey may take once answers are in, and the short codes a group is answered by.
//!
//! An option is answered by its 1-based number, as a string (`"2"`; a JSON integer is read
//! too), never by its label: labels may be reworded after answers came in, numbers stay.
//! Answers are an object from question key to: `"2"` (single, likert), `["1", "3"]` (multi),
//! `12.5` or `"12,5"` (number), a string (text); `null`, blank or `[]` is no answer.

use crate::indicator::{check_value, parse_value};
use crate::{FieldError, FieldErrors, text};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One option.
    Single,
    /// Any number of options.
    Multi,
    /// One point of a labelled scale of 3 to 7 points.
    Likert,
    /// A number, optionally within a range.
    Number,
    /// Free text, shown to the backbone only.
    Text,
}

codes!(QuestionKind, unknown: Text, [
    Single = "single",
    Multi = "multi",
    Likert = "likert",
    Number = "number",
    Text = "text",
]);

impl QuestionKind {
    /// Whether answers pick among the question's options (a likert scale's points included).
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Single | QuestionKind::Multi | QuestionKind::Likert)
    }

    #[cfg(feature = "openapi")]
    pub fn schema() -> utoipa::openapi::Object {
        crate::api_schema::choice(Self::ALL.map(Self::code))
    }
}

/// Questions a survey may hold: more than anyone answers, and a bound on the field names below.
pub const MAX_QUESTIONS: usize = 200;
/// Characters of a free-text answer.
pub const MAX_TEXT_ANSWER: usize = 2000;

/// A survey as the backbone defines it (form or API).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::optional_text_schema::<5000>))]
    pub description: String,
    /// Respondents type a code word each wave, so the same people can be followed over time.
    #[serde(default)]
    pub panel: bool,
    pub questions: Vec<QuestionInput>,
}

#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionInput {
    /// The question's key in answers and exports: `a-z`, `0-9` and `_`, at most 40.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_]{1,40}$"))]
    pub key: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_joined_line_schema::<1000>))]
    pub text: String,
    #[serde(default)]
    pub text_en: Option<String>,
    /// `single`, `multi`, `likert`, `number` or `text`.
    #[cfg_attr(feature = "openapi", schema(schema_with = QuestionKind::schema))]
    pub kind: String,
    /// The options' labels in order (a likert scale's 3–7 points); none for numbers and text.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default = "required_by_default")]
    pub required: bool,
    /// The smallest number accepted (`number` questions only).
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// The heading of the section the question opens or continues.
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub show_if: Option<ShowIf>,
}

fn required_by_default() -> bool {
    true
}

/// Shows a question only after one of `answers` (option numbers as strings) was given to the
/// earlier choice or likert question `question`.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShowIf {
    pub question: String,
    pub answers: Vec<String>,
}

/// A validated survey: what the store keeps and answers are checked against.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyPlan {
    pub title: String,
    pub description: String,
    pub panel: bool,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub key: String,
    pub text: String,
    pub text_en: Option<String>,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub required: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub section: Option<String>,
    pub show_if: Option<Condition>,
}

/// The question is shown when `question` was answered with one of the option numbers `answers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub question: String,
    pub answers: Vec<u32>,
}

/// A checked answer. Options are 1-based numbers into the question's options.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Choice(u32),
    /// Sorted, without repeats, never empty.
    Choices(Vec<u32>),
    Number(f64),
    /// Trimmed, never empty.
    Text(String),
}

/// Why an answer to `question` (its key) was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError {
    pub question: String,
    pub code: &'static str,
}

const QUESTION_FIELDS: [&str; 9] = ["key", "text", "text_en", "kind", "options", "min", "max", "section", "show_if"];

/// The name `questions[index].field` for [`FieldErrors`], whose names are `&'static str`: the
/// names of the first [`MAX_QUESTIONS`] questions are made once and kept (a form reading a
/// question's field names its errors alike).
pub fn question_field(index: usize, field: &'static str) -> &'static str {
    static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        (0..MAX_QUESTIONS).flat_map(|i| QUESTION_FIELDS.map(|f| &*format!("questions[{i}].{f}").leak())).collect()
    });
    let position = QUESTION_FIELDS.iter().position(|f| *f == field).unwrap_or(0);
    NAMES.get(index * QUESTION_FIELDS.len() + position).copied().unwrap_or("questions")
}

/// The option `input` names, as a 1-based number among `count` options.
fn option_number(input: &str, count: usize) -> Option<u32> {
    input.trim().parse::<u32>().ok().filter(|n| (1..=count).contains(&(*n as usize)))
}

fn parse_key(input: &str) -> Result<String, FieldError> {
    let key = input.trim();
    if key.is_empty() {
        return Err(FieldError::new("required"));
    }
    let slug_like = key.len() <= 40 && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if slug_like { Ok(key.to_owned()) } else { Err(FieldError::new("key-invalid")) }
}

impl SurveyInput {
    pub fn validate(&self) -> Result<SurveyPlan, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.take("title", text::required_line(&self.title, 200));
        let description = errors.take("description", text::optional_text(&self.description, 5000));
        if self.questions.is_empty() {
            errors.add("questions", FieldError::new("required"));
        } else if self.questions.len() > MAX_QUESTIONS {
            errors.add("questions", FieldError::new("too-many"));
        }
        let mut questions: Vec<Question> = Vec::new();
        for (index, input) in self.questions.iter().take(MAX_QUESTIONS).enumerate() {
            if let Some(question) = input.validate(index, &questions, &mut errors) {
                questions.push(question);
            }
        }
        match (title, description) {
            (Some(title), Some(description)) if errors.is_empty() => {
                Ok(SurveyPlan { title, description, panel: self.panel, questions })
            }
            _ => Err(errors),
        }
    }
}

impl QuestionInput {
    /// The question at `index`, checked against the valid questions before it; its errors go
    /// into `errors` under `questions[index].field`.
    fn validate(&self, index: usize, earlier: &[Question], errors: &mut FieldErrors) -> Option<Question> {
        let field = |name| question_field(index, name);
        let key = errors.take(field("key"), parse_key(&self.key));
        let key = key.filter(|key| {
            let repeated = earlier.iter().any(|q| q.key == *key);
            if repeated {
                errors.add(field("key"), FieldError::new("key-repeated"));
            }
            !repeated
        });
        let text = errors.take(field("text"), text::required_joined_line(&self.text, 1000));
        let text_en =
            errors.take(field("text_en"), text::optional_line(self.text_en.as_deref().unwrap_or_default(), 1000));
        let kind = errors.take(field("kind"), QuestionKind::parse(&self.kind));
        let options = kind.and_then(|kind| errors.take(field("options"), self.options(kind)));
        let range = kind.and_then(|kind| self.range(kind, index, errors));
        let section =
            errors.take(field("section"), text::optional_line(self.section.as_deref().unwrap_or_default(), 200));
        let show_if = match &self.show_if {
            None => Some(None),
            Some(show_if) => errors.take(field("show_if"), show_if.condition(earlier)).map(Some),
        };
        let (min, max) = range?;
        Some(Question {
            key: key?,
            text: text?,
            text_en: text_en?,
            kind: kind?,
            options: options?,
            required: self.required,
            min,
            max,
            section: section?,
            show_if: show_if?,
        })
    }

    fn options(&self, kind: QuestionKind) -> Result<Vec<String>, FieldError> {
        let labels = self.options.iter().map(|o| text::required_line(o, 200)).collect::<Result<Vec<_>, _>>()?;
        let count = labels.len();
        let fits = match kind {
            QuestionKind::Single | QuestionKind::Multi => (2..=30).contains(&count),
            QuestionKind::Likert => (3..=7).contains(&count),
            QuestionKind::Number | QuestionKind::Text => count == 0,
        };
        if !fits {
            return Err(FieldError::new(match kind {
                QuestionKind::Single | QuestionKind::Multi => "options-count",
                QuestionKind::Likert => "scale-points",
                QuestionKind::Number | QuestionKind::Text => "options-not-allowed",
            }));
        }
        if labels.iter().enumerate().any(|(i, label)| labels[..i].contains(label)) {
            return Err(FieldError::new("option-repeated"));
        }
        Ok(labels)
    }

    /// The number range (`None` for either end left open); only number questions take one.
    fn range(&self, kind: QuestionKind, index: usize, errors: &mut FieldErrors) -> Option<(Option<f64>, Option<f64>)> {
        let mut end = |name, value: Option<f64>| match value {
            None => Some(None),
            Some(_) if kind != QuestionKind::Number => {
                errors.take(question_field(index, name), Err(FieldError::new("not-allowed")))
            }
            Some(v) => errors.take(question_field(index, name), check_value(v)).map(Some),
        };
        let (min, max) = (end("min", self.min)?, end("max", self.max)?);
        if min.zip(max).is_some_and(|(min, max)| min > max) {
            errors.add(question_field(index, "max"), FieldError::new("min-above-max"));
            return None;
        }
        Some((min, max))
    }
}

impl ShowIf {
    fn condition(&self, earlier: &[Question]) -> Result<Condition, FieldError> {
        let on = earlier
            .iter()
            .find(|q| q.key == self.question.trim())
            .ok_or(FieldError::new("show-if-unknown-question"))?;
        if !on.kind.has_options() {
            return Err(FieldError::new("show-if-not-choice"));
        }
        if self.answers.is_empty() {
            return Err(FieldError::new("required"));
        }
        let mut answers = self
            .answers
            .iter()
            .map(|a| option_number(a, on.options.len()))
            .collect::<Option<Vec<u32>>>()
            .ok_or(FieldError::new("show-if-unknown-option"))?;
        answers.sort_unstable();
        answers.dedup();
        Ok(Condition { question: on.key.clone(), answers })
    }
}

impl Question {
    /// The answer in `value`, `None` when left unanswered (null, blank, no options picked).
    fn read(&self, value: &Value) -> Result<Option<Answer>, &'static str> {
        match (self.kind, value) {
            (_, Value::Null) => Ok(None),
            (QuestionKind::Single | QuestionKind::Likert, value) => Ok(self.option(value)?.map(Answer::Choice)),
            (QuestionKind::Multi, Value::Array(items)) => {
                let mut picked = Vec::new();
                for item in items {
                    if let Some(n) = self.option(item)? {
                        if picked.contains(&n) {
                            return Err("option-repeated");
                        }
                        picked.push(n);
                    }
                }
                picked.sort_unstable();
                Ok((!picked.is_empty()).then_some(Answer::Choices(picked)))
            }
            (QuestionKind::Number, value) => {
                let number = match value {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => parse_value(s).map_err(|e| e.code)?,
                    _ => return Err("answer-invalid"),
                };
                let Some(number) = number else { return Ok(None) };
                let number = check_value(number).map_err(|e| e.code)?;
                let inside = self.min.is_none_or(|min| number >= min) && self.max.is_none_or(|max| number <= max);
                if inside { Ok(Some(Answer::Number(number))) } else { Err("number-out-of-range") }
            }
            (QuestionKind::Text, Value::String(s)) => {
                if s.chars().count() > MAX_TEXT_ANSWER {
                    return Err("answer-too-long");
                }
                let answer = text::optional_text(s, MAX_TEXT_ANSWER).map_err(|e| e.code)?;
                Ok((!answer.is_empty()).then_some(Answer::Text(answer)))
            }
            _ => Err("answer-invalid"),
        }
    }

    /// The option number in `value`, `None` for a blank string.
    fn option(&self, value: &Value) -> Result<Option<u32>, &'static str> {
        let number = match value {
            Value::String(s) if s.trim().is_empty() => return Ok(None),
            Value::String(s) => option_number(s, self.options.len()),
            Value::Number(n) => n.as_u64().and_then(|n| option_number(&n.to_string(), self.options.len())),
            _ => return Err("answer-invalid"),
        };
        number.map(Some).ok_or("option-unknown")
    }
}

impl SurveyPlan {
    /// The answers to store, or every error at once. Answers to questions that the other
    /// answers hide are dropped; a shown required question must be answered. A question whose
    /// condition was answered wrongly counts as hidden, so one mistake gives one error.
    pub fn check_answers(&self, raw: &BTreeMap<String, Value>) -> Result<BTreeMap<String, Answer>, Vec<AnswerError>> {
        let mut errors: Vec<AnswerError> = raw
            .keys()
            .filter(|key| !self.questions.iter().any(|q| q.key == **key))
            .map(|key| AnswerError { question: key.clone(), code: "question-unknown" })
            .collect();
        let mut answers = BTreeMap::new();
        for question in &self.questions {
            if !shown(question, &answers) {
                continue;
            }
            match raw.get(&question.key).map_or(Ok(None), |value| question.read(value)) {
                Ok(Some(answer)) => {
                    answers.insert(question.key.clone(), answer);
                }
                Ok(None) if question.required => {
                    errors.push(AnswerError { question: question.key.clone(), code: "required" })
                }
                Ok(None) => {}
                Err(code) => errors.push(AnswerError { question: question.key.clone(), code }),
            }
        }
        if errors.is_empty() { Ok(answers) } else { Err(errors) }
    }

    /// The keys of the questions shown, in order, given the answers so far as sent: a question
    /// is shown as [`SurveyPlan::check_answers`] decides, an answer that does not read counting
    /// as none (one question per screen asks them in this order).
    pub fn shown_keys(&self, raw: &BTreeMap<String, Value>) -> Vec<&str> {
        let mut answers = BTreeMap::new();
        let mut keys = Vec::new();
        for question in &self.questions {
            if !shown(question, &answers) {
                continue;
            }
            keys.push(question.key.as_str());
            if let Some(Ok(Some(answer))) = raw.get(&question.key).map(|value| question.read(value)) {
                answers.insert(question.key.clone(), answer);
            }
        }
        keys
    }

    /// Whether the survey may become `new` when the questions keyed in `answered` have answers:
    /// such a question may be reworded and gain options, but not go, change kind or lose
    /// options. The caller keeps the old version.
    pub fn check_change(&self, new: &SurveyPlan, answered: &BTreeSet<String>) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        for old in self.questions.iter().filter(|q| answered.contains(&q.key)) {
            match new.questions.iter().position(|q| q.key == old.key) {
                None => errors.add("questions", FieldError::new("answered-question-removed")),
                Some(index) if new.questions[index].kind != old.kind => {
                    errors.add(question_field(index, "kind"), FieldError::new("answered-kind-changed"))
                }
                Some(index) if new.questions[index].options.len() < old.options.len() => {
                    errors.add(question_field(index, "options"), FieldError::new("answered-options-removed"))
                }
                Some(_) => {}
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Whether `question` is shown, given the answers to the questions before it.
fn shown(question: &Question, earlier: &BTreeMap<String, Answer>) -> bool {
    let Some(condition) = &question.show_if else { return true };
    match earlier.get(&condition.question) {
        Some(Answer::Choice(n)) => condition.answers.contains(n),
        Some(Answer::Choices(picked)) => picked.iter().any(|n| condition.answers.contains(n)),
        _ => false,
    }
}

/// Whether a wave takes answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaveStatus {
    Open,
    Closed,
}

codes!(WaveStatus, unknown: Closed, [
    Open = "open",
    Closed = "closed",
]);

/// A wave (the baseline or a later measurement) as the backbone names it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaveInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub name: String,
    /// The measurement later waves are compared with (the 0-punktsmåling).
    #[serde(default)]
    pub baseline: bool,
}

impl WaveInput {
    /// The name, trimmed.
    pub fn validate(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take("name", text::required_line(&self.name, 200));
        match name {
            Some(name) if errors.is_empty() => Ok(name),
            _ => Err(errors),
        }
    }
}

/// A group answering a wave: a school class, a meal, a neighbourhood.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupInput {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::text::required_line_schema::<200>))]
    pub name: String,
}

impl GroupInput {
    /// The name, trimmed.
    pub fn validate(&self) -> Result<String, FieldErrors> {
        WaveInput { name: self.name.clone(), baseline: false }.validate()
    }
}

impl SurveyPlan {
    /// The input that validates into this plan again: the form a version is kept in.
    pub fn to_input(&self) -> SurveyInput {
        SurveyInput {
            title: self.title.clone(),
            description: self.description.clone(),
            panel: self.panel,
            questions: self
                .questions
                .iter()
                .map(|q| QuestionInput {
                    key: q.key.clone(),
                    text: q.text.clone(),
                    text_en: q.text_en.clone(),
                    kind: q.kind.code().into(),
                    options: q.options.clone(),
                    required: q.required,
                    min: q.min,
                    max: q.max,
                    section: q.section.clone(),
                    show_if: q.show_if.as_ref().map(|c| ShowIf {
                        question: c.question.clone(),
                        answers: c.answers.iter().map(u32::to_string).collect(),
                    }),
                })
                .collect(),
        }
    }
}

impl Answer {
    /// The answer in the shape answers are sent in (`"2"`, `["1", "3"]`, `12.5`, text), which
    /// [`SurveyPlan::check_answers`] reads back as the same answer.
    pub fn to_json(&self) -> Value {
        match self {
            Answer::Choice(n) => Value::from(n.to_string()),
            Answer::Choices(picked) => Value::from(picked.iter().map(u32::to_string).collect::<Vec<_>>()),
            Answer::Number(x) => Value::from(*x),
            Answer::Text(t) => Value::from(t.as_str()),
        }
    }

    /// The options chosen (none for numbers and text).
    pub fn options(&self) -> Vec<u32> {
        match self {
            Answer::Choice(n) => vec![*n],
            Answer::Choices(picked) => picked.clone(),
            Answer::Number(_) | Answer::Text(_) => Vec::new(),
        }
    }

    /// An answer as [`Answer::to_json`] stored it, to a question of `kind`; none where the
    /// value is no such answer.
    pub fn from_stored(kind: QuestionKind, value: &Value) -> Option<Self> {
        let option = |v: &Value| v.as_str().and_then(|o| o.parse::<u32>().ok());
        match kind {
            QuestionKind::Single | QuestionKind::Likert => option(value).map(Answer::Choice),
            QuestionKind::Multi => Some(Answer::Choices(value.as_array()?.iter().filter_map(option).collect())),
            QuestionKind::Number => value.as_f64().map(Answer::Number),
            QuestionKind::Text => value.as_str().map(|t| Answer::Text(t.to_owned())),
        }
    }
}

/// What one response adds to a wave's figures grouped by an answer: for each single-choice
/// or scale answer (the "by" answer), each option the response chose, that answer's own among
/// them, and each number it answered. Kept summed with every response, so a wave grouped by
/// an answer is read from a few thousand sums instead of every answer.
#[derive(Debug, Default, PartialEq)]
pub struct Crossings<'a> {
    /// (the by answer, (question, option chosen)).
    pub counts: Vec<(ByAnswer<'a>, (&'a str, u32))>,
    /// (the by answer, (number question, the number)).
    pub numbers: Vec<(ByAnswer<'a>, (&'a str, f64))>,
}

/// A single-choice or scale question's key and the option chosen.
pub type ByAnswer<'a> = (&'a str, u32);

impl<'a> Crossings<'a> {
    pub fn of(answers: &'a BTreeMap<String, Answer>) -> Self {
        let mut crossings = Crossings::default();
        for (by, answer) in answers {
            let Answer::Choice(by_option) = answer else { continue };
            let by = (by.as_str(), *by_option);
            for (key, other) in answers {
                match other {
                    Answer::Number(x) => crossings.numbers.push((by, (key, *x))),
                    _ => crossings.counts.extend(other.options().into_iter().map(|o| (by, (key.as_str(), o)))),
                }
            }
        }
        crossings
    }
}

/// Letters and digits of group codes: no 0/O or 1/I/L, which a child would mix up.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const GROUP_CODE_LEN: usize = 6;

/// A group's short code (about 887 million of them) from a random number; whether it is taken
/// is the store's to say.
pub fn group_code(random: u64) -> String {
    let base = CODE_ALPHABET.len() as u64;
    (0..GROUP_CODE_LEN)
        .scan(random, |rest, _| {
            let letter = CODE_ALPHABET[(*rest % base) as usize] as char;
            *rest /= base;
            Some(letter)
        })
        .collect()
}

/// A group code as typed: any case, with spaces or dashes anywhere.
pub fn parse_group_code(input: &str) -> Result<String, FieldError> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '–' | '‐'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() {
        return Err(FieldError::new("required"));
    }
    if code.len() == GROUP_CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        Ok(code)
    } else {
        Err(FieldError::new("group-code-invalid"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_response_crosses_each_single_answer_with_every_option_and_number() {
        let answers: BTreeMap<String, Answer> = [
            ("alder".to_owned(), Answer::Number(11.0)),
            ("glad".to_owned(), Answer::Choice(2)),
            ("hvor".to_owned(), Answer::Choices(vec![1, 3])),
            ("ro".to_owned(), Answer::Choice(1)),
            ("tekst".to_owned(), Answer::Text("hej".into())),
        ]
        .into();
        let crossings = Crossings::of(&answers);
        let glad = ("glad", 2);
        let ro = ("ro", 1);
        assert_eq!(
            crossings.counts,
            [
                (glad, ("glad", 2)),
                (glad, ("hvor", 1)),
                (glad, ("hvor", 3)),
                (glad, ("ro", 1)),
                (ro, ("glad", 2)),
                (ro, ("hvor", 1)),
                (ro, ("hvor", 3)),
                (ro, ("ro", 1)),
            ]
        );
        assert_eq!(crossings.numbers, [(glad, ("alder", 11.0)), (ro, ("alder", 11.0))]);
        for (key, answer) in &answers {
            let kind = match answer {
                Answer::Choice(_) => QuestionKind::Single,
                Answer::Choices(_) => QuestionKind::Multi,
                Answer::Number(_) => QuestionKind::Number,
                Answer::Text(_) => QuestionKind::Text,
            };
            assert_eq!(Answer::from_stored(kind, &answer.to_json()).as_ref(), Some(answer), "{key} read back");
        }
    }

    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn question(key: &str, kind: &str, options: &[&str]) -> QuestionInput {
        QuestionInput {
            key: key.into(),
            text: format!("Spørgsmål {key}?"),
            kind: kind.into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            required: true,
            ..Default::default()
        }
    }

    fn survey(questions: Vec<QuestionInput>) -> SurveyInput {
        SurveyInput { title: "Trivsel 2026".into(), questions, ..Default::default() }
    }

    /// Bullied (yes/no) → where (multi, shown after yes), a 3-point scale, an age 6–16, free text.
    fn plan() -> SurveyPlan {
        let mut bullied_where = question("hvor", "multi", &["Skolegården", "Klassen", "Nettet"]);
        bullied_where.show_if = Some(ShowIf { question: "mobbet".into(), answers: vec!["1".into()] });
        let mut age = question("alder", "number", &[]);
        (age.min, age.max) = (Some(6.0), Some(16.0));
        let mut comment = question("kommentar", "text", &[]);
        comment.required = false;
        survey(vec![
            question("mobbet", "single", &["Ja", "Nej"]),
            bullied_where,
            question("glad", "likert", &["Sjældent", "Nogle gange", "Tit"]),
            age,
            comment,
        ])
        .validate()
        .unwrap()
    }

    fn answers(value: serde_json::Value) -> BTreeMap<String, Value> {
        serde_json::from_value(value).unwrap()
    }

    fn codes(result: Result<BTreeMap<String, Answer>, Vec<AnswerError>>) -> Vec<(String, &'static str)> {
        result.unwrap_err().into_iter().map(|e| (e.question, e.code)).collect()
    }

    #[test]
    fn shown_keys_follow_the_answers_so_far() {
        let plan = plan();
        assert_eq!(plan.shown_keys(&answers(json!({}))), ["mobbet", "glad", "alder", "kommentar"]);
        assert_eq!(plan.shown_keys(&answers(json!({"mobbet": "1"}))), ["mobbet", "hvor", "glad", "alder", "kommentar"]);
        assert_eq!(plan.shown_keys(&answers(json!({"mobbet": "9"}))), ["mobbet", "glad", "alder", "kommentar"]);
    }

    #[test]
    fn kinds_have_codes() {
        assert_eq!(QuestionKind::ALL.map(QuestionKind::code), ["single", "multi", "likert", "number", "text"]);
        assert_eq!(QuestionKind::of_code("likert"), QuestionKind::Likert);
        assert_eq!(QuestionKind::parse("grid").unwrap_err().code, "unknown-choice");
    }

    #[test]
    fn a_survey_validates_into_a_plan() {
        let plan = plan();
        assert_eq!(plan.questions.len(), 5);
        assert_eq!(plan.questions[1].show_if, Some(Condition { question: "mobbet".into(), answers: vec![1] }));
        assert_eq!((plan.questions[3].min, plan.questions[3].max), (Some(6.0), Some(16.0)));
        assert!(!plan.questions[4].required);
    }

    #[test]
    fn required_defaults_to_true_in_json() {
        let input: QuestionInput = serde_json::from_value(json!({"key": "a", "text": "A?", "kind": "text"})).unwrap();
        assert!(input.required);
    }

    #[test]
    fn a_survey_needs_a_title_and_questions() {
        let errors = SurveyInput { title: " ".into(), ..Default::default() }.validate().unwrap_err();
        assert_eq!(errors.get("title"), Some("required"));
        assert_eq!(errors.get("questions"), Some("required"));
        let long = SurveyInput { title: "x".repeat(201), ..survey(vec![question("a", "text", &[])]) };
        assert_eq!(long.validate().unwrap_err().get("title"), Some("too-long"));
    }

    #[test]
    fn questions_are_checked_by_their_place() {
        let mut bad_range = question("antal", "number", &[]);
        (bad_range.min, bad_range.max) = (Some(5.0), Some(1.0));
        let errors = survey(vec![
            question("ok", "single", &["Ja", "Nej"]),
            question("Not A Key", "text", &[]),
            question("ok", "single", &["Ja"]),
            question("skala", "likert", &["1", "2", "3", "4", "5", "6", "7", "8"]),
            question("ens", "single", &["Ja", "Ja"]),
            QuestionInput { text: " ".into(), ..question("tom", "gitter", &[]) },
            bad_range,
            question("fritekst", "text", &["a", "b"]),
            QuestionInput { min: Some(1.0), ..question("valg", "single", &["a", "b"]) },
        ])
        .validate()
        .unwrap_err();
        assert_eq!(errors.get("questions[1].key"), Some("key-invalid"));
        assert_eq!(errors.get("questions[2].key"), Some("key-repeated"));
        assert_eq!(errors.get("questions[2].options"), Some("options-count"));
        assert_eq!(errors.get("questions[3].options"), Some("scale-points"));
        assert_eq!(errors.get("questions[4].options"), Some("option-repeated"));
        assert_eq!(errors.get("questions[5].text"), Some("required"));
        assert_eq!(errors.get("questions[5].kind"), Some("unknown-choice"));
        assert_eq!(errors.get("questions[6].max"), Some("min-above-max"));
        assert_eq!(errors.get("questions[7].options"), Some("options-not-allowed"));
        assert_eq!(errors.get("questions[8].min"), Some("not-allowed"));
        assert_eq!(errors.get("questions[0].key"), None);
    }

    #[test]
    fn a_condition_names_an_earlier_choice_question_and_its_options() {
        let conditional = |on: &str, answers: &[&str]| QuestionInput {
            show_if: Some(ShowIf { question: on.into(), answers: answers.iter().map(|a| a.to_string()).collect() }),
            ..question("hvor", "text", &[])
        };
        let code = |questions: Vec<QuestionInput>| {
            let index = questions.len() - 1;
            survey(questions).validate().unwrap_err().get(question_field(index, "show_if"))
        };
        let yes_no = || question("mobbet", "single", &["Ja", "Nej"]);
        assert_eq!(code(vec![conditional("mobbet", &["1"]), yes_no()]), None, "the condition comes later");
        assert_eq!(code(vec![conditional("mobbet", &["1"])]), Some("show-if-unknown-question"));
        assert_eq!(code(vec![yes_no(), conditional("mobbet", &["3"])]), Some("show-if-unknown-option"));
        assert_eq!(code(vec![yes_no(), conditional("mobbet", &["Ja"])]), Some("show-if-unknown-option"));
        assert_eq!(code(vec![yes_no(), conditional("mobbet", &[])]), Some("required"));
        assert_eq!(
            code(vec![question("alder", "number", &[]), conditional("alder", &["1"])]),
            Some("show-if-not-choice")
        );
        let later = survey(vec![conditional("mobbet", &["1"]), yes_no()]).validate().unwrap_err();
        assert_eq!(later.get("questions[0].show_if"), Some("show-if-unknown-question"));
    }

    #[test]
    fn answers_are_read_and_hidden_ones_dropped() {
        let plan = plan();
        let stored = plan
            .check_answers(&answers(json!({
                "mobbet": "2", "hvor": ["1"], "glad": 3, "alder": "10,5", "kommentar": "  Fint  "
            })))
            .unwrap();
        assert_eq!(stored.get("hvor"), None, "'where' is hidden after 'no'");
        assert_eq!(stored["mobbet"], Answer::Choice(2));
        assert_eq!(stored["glad"], Answer::Choice(3));
        assert_eq!(stored["alder"], Answer::Number(10.5));
        assert_eq!(stored["kommentar"], Answer::Text("Fint".into()));
        let shown = plan
            .check_answers(&answers(
                json!({"mobbet": "1", "hvor": ["3", "1"], "glad": "1", "alder": 9, "kommentar": " "}),
            ))
            .unwrap();
        assert_eq!(shown["hvor"], Answer::Choices(vec![1, 3]));
        assert_eq!(shown.get("kommentar"), None, "blank text is no answer");
    }

    #[test]
    fn every_bad_answer_is_reported_at_once() {
        let plan = plan();
        let errors = codes(plan.check_answers(&answers(json!({
            "mobbet": "1", "hvor": ["1", "1"], "glad": "4", "alder": 17, "kommentar": "x".repeat(100_000), "navn": "Ida"
        }))));
        assert_eq!(
            errors,
            [
                ("navn".into(), "question-unknown"),
                ("hvor".into(), "option-repeated"),
                ("glad".into(), "option-unknown"),
                ("alder".into(), "number-out-of-range"),
                ("kommentar".into(), "answer-too-long"),
            ]
        );
        let errors =
            codes(plan.check_answers(&answers(json!({"mobbet": "1", "glad": "0", "alder": "ti", "kommentar": 3}))));
        assert_eq!(
            errors,
            [
                ("hvor".into(), "required"),
                ("glad".into(), "option-unknown"),
                ("alder".into(), "number-invalid"),
                ("kommentar".into(), "answer-invalid"),
            ]
        );
    }

    #[test]
    fn a_missing_or_wrong_condition_hides_its_follow_up() {
        let errors = codes(plan().check_answers(&answers(json!({"mobbet": "ja", "glad": "2", "alder": 8}))));
        assert_eq!(errors, [("mobbet".into(), "option-unknown")]);
        let errors = codes(plan().check_answers(&answers(json!({}))));
        assert_eq!(errors.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(), ["mobbet", "glad", "alder"]);
    }

    #[test]
    fn answered_questions_may_be_reworded_and_extended_but_not_removed_or_changed() {
        let old = plan();
        let answered: BTreeSet<String> = ["mobbet", "glad", "alder"].map(String::from).into();
        let mut new = old.clone();
        new.questions[0].text = "Er du blevet drillet?".into();
        new.questions[2].options.push("Altid".into());
        new.questions.remove(4);
        assert_eq!(old.check_change(&new, &answered), Ok(()), "the removed question had no answers");
        new.questions[0].options.pop();
        new.questions[2].kind = QuestionKind::Single;
        new.questions.remove(3);
        let errors = old.check_change(&new, &answered).unwrap_err();
        assert_eq!(errors.get("questions[0].options"), Some("answered-options-removed"));
        assert_eq!(errors.get("questions[2].kind"), Some("answered-kind-changed"));
        assert_eq!(errors.get("questions"), Some("answered-question-removed"));
    }

    #[test]
    fn a_plan_and_its_answers_survive_their_stored_form() {
        let plan = plan();
        assert_eq!(plan.to_input().validate().unwrap(), plan);
        let stored = plan
            .check_answers(&answers(
                json!({"mobbet": "1", "hvor": ["3", "1"], "glad": 2, "alder": "9,5", "kommentar": "Hej"}),
            ))
            .unwrap();
        let again: BTreeMap<String, Value> = stored.iter().map(|(k, a)| (k.clone(), a.to_json())).collect();
        assert_eq!(plan.check_answers(&again).unwrap(), stored);
    }

    #[test]
    fn group_codes_avoid_look_alikes() {
        for random in [0, 1, 30, 31, u64::MAX, 887_503_680, 123_456_789_012] {
            let code = group_code(random);
            assert_eq!(code.len(), GROUP_CODE_LEN);
            assert!(!code.contains(['0', 'O', '1', 'I', 'L']), "{code}");
        }
        assert_ne!(group_code(1), group_code(2));
        assert_eq!(parse_group_code(" abc-def "), Ok("ABCDEF".into()));
        assert_eq!(parse_group_code("abc-del").unwrap_err().code, "group-code-invalid", "L is not used");
        assert_eq!(parse_group_code("").unwrap_err().code, "required");
        assert_eq!(parse_group_code("ABCDE").unwrap_err().code, "group-code-invalid");
    }

    fn any_answer() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            (-3i64..40).prop_map(Value::from),
            "[0-9 ]{0,3}".prop_map(Value::from),
            ".{0,5}".prop_map(Value::from),
            prop::collection::vec("[0-9]{1,2}".prop_map(Value::from), 0..4).prop_map(Value::from),
        ]
    }

    proptest! {
        #[test]
        fn stored_answers_always_fit_their_shown_questions(
            raw in prop::collection::btree_map(
                prop::sample::select(vec!["mobbet", "hvor", "glad", "alder", "kommentar"]).prop_map(String::from),
                any_answer(),
                0..6,
            )
        ) {
            let plan = plan();
            if let Ok(stored) = plan.check_answers(&raw) {
                for question in &plan.questions {
                    let shown = shown(question, &stored);
                    prop_assert!(!question.required || !shown || stored.contains_key(&question.key));
                    let Some(answer) = stored.get(&question.key) else { continue };
                    prop_assert!(shown, "{} is hidden", question.key);
                    let options = 1..=question.options.len() as u32;
                    match answer {
                        Answer::Choice(n) => prop_assert!(options.contains(n)),
                        Answer::Choices(picked) => prop_assert!(!picked.is_empty() && picked.iter().all(|n| options.contains(n))),
                        Answer::Number(x) => prop_assert!((6.0..=16.0).contains(x)),
                        Answer::Text(t) => prop_assert!(!t.is_empty() && t.trim() == t),
                    }
                }
            }
        }

        #[test]
        fn group_codes_are_read_back_however_typed(random: u64, spaced: bool, lower: bool) {
            let code = group_code(random);
            let mut typed = if spaced { format!("{} - {}", &code[..3], &code[3..]) } else { code.clone() };
            if lower {
                typed = typed.to_lowercase();
            }
            prop_assert_eq!(parse_group_code(&typed), Ok(code));
        }
    }
}
