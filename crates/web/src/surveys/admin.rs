//! Backbone staff's pages for building and running a survey, without JavaScript: a new survey
//! (blank or from a ready template), the question editor (one form holding every question,
//! whose buttons add, remove and move questions and show the form again, nothing saved until
//! Gem), the survey's page with its waves and groups (adding them, closing a wave), and each
//! group's code and QR code on a page, and its poster, alone or every group of a wave in one PDF.

use super::rules::{close_wave, create_group, create_survey, create_wave, reopen_wave, update_survey, visible_survey};
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, FormView, NoFields};
use crate::http::page::{Page, flash_redirect, form_error, render};
use crate::http::state::AppState;
use crate::initiatives::pages::audit_actor;
use crate::initiatives::rules::{scope, visible};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rygrad_domain::format::local_date;
use rygrad_domain::indicator::parse_value;
use rygrad_domain::policy::Action;
use rygrad_domain::survey::{
    GroupInput, MAX_QUESTIONS, QuestionInput, QuestionKind, ShowIf, SurveyInput, WaveInput, WaveStatus, question_field,
};
use rygrad_domain::{FieldError, FieldErrors, survey_templates, text};
use rygrad_print::SurveyPoster;
use rygrad_store::initiatives::Initiative;
use rygrad_store::surveys::{Survey, SurveyGroup, SurveyWave};
use serde_json::json;
use std::collections::BTreeMap;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    let at = "/initiativer/{slug}/undersoegelser";
    Router::new()
        .route(&format!("{at}/ny"), get(new_form).post(start))
        .route(&format!("{at}/ny/spoergsmaal"), post(edit_new))
        .route(&format!("{at}/{{id}}"), get(overview))
        .route(&format!("{at}/{{id}}/rediger"), get(edit_form).post(edit))
        .route(&format!("{at}/{{id}}/boelger"), post(add_wave))
        .route(&format!("{at}/{{id}}/boelger/{{wave}}/grupper"), post(add_group))
        .route(
            &format!("{at}/{{id}}/boelger/{{wave}}/luk"),
            get(close_form).post(|state, page, session, path, _: CsrfForm<NoFields>| {
                set_status(state, page, session, path, WaveStatus::Closed)
            }),
        )
        .route(
            &format!("{at}/{{id}}/boelger/{{wave}}/genaabn"),
            post(|state, page, session, path, _: CsrfForm<NoFields>| {
                set_status(state, page, session, path, WaveStatus::Open)
            }),
        )
        .route(&format!("{at}/{{id}}/boelger/{{wave}}/plakater.pdf"), get(wave_posters))
        .route(&format!("{at}/{{id}}/boelger/{{wave}}/grupper/{{group}}/plakat"), get(poster))
        .route(&format!("{at}/{{id}}/boelger/{{wave}}/grupper/{{group}}/plakat.pdf"), get(poster_pdf))
        .route(&format!("{at}/{{id}}/boelger/{{wave}}/grupper/{{group}}/qr.svg"), get(qr_code))
}

/// The initiative at `slug`, if the page's actor may manage its surveys.
async fn managing(state: &AppState, page: &Page, slug: &str) -> Result<Initiative, WebError> {
    let initiative = visible(state, &page.actor, slug).await?;
    page.require(&Action::ManageSurveys(scope(&initiative)))?;
    Ok(initiative)
}

/// A survey of the initiative at `slug` that the page's actor may manage.
async fn managed(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<(Initiative, Survey), WebError> {
    let (initiative, survey) = visible_survey(state, &page.actor, id).await?;
    if initiative.row.slug != slug {
        return Err(WebError::NotFound);
    }
    page.require(&Action::ManageSurveys(scope(&initiative)))?;
    Ok((initiative, survey))
}

/// A wave of a managed survey.
async fn managed_wave(
    state: &AppState,
    page: &Page,
    slug: &str,
    id: i64,
    wave_id: i64,
) -> Result<(Initiative, Survey, SurveyWave), WebError> {
    let (initiative, survey) = managed(state, page, slug, id).await?;
    let wave = state.store.survey_wave(wave_id).await?.filter(|w| w.survey_id == id).ok_or(WebError::NotFound)?;
    Ok((initiative, survey, wave))
}

fn survey_path(slug: &str, id: i64) -> String {
    format!("/initiativer/{slug}/undersoegelser/{id}")
}

/// The starts a new survey can take: `(value, message id)`.
const STARTS: [(&str, &str); 3] =
    [("tom", "survey-start-blank"), ("ensomhed", "survey-start-loneliness"), ("trivsel", "survey-start-pupils")];

/// The template a start names; none for a blank survey.
fn template(start: &str) -> Option<SurveyInput> {
    match start {
        "ensomhed" => Some(survey_templates::loneliness()),
        "trivsel" => Some(survey_templates::pupils_wellbeing()),
        _ => None,
    }
}

#[derive(serde::Deserialize, Default)]
struct NewSurveyForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    panel: Option<String>,
    #[serde(default)]
    start: String,
}

#[derive(Template)]
#[template(path = "surveys/new.html")]
struct NewPage {
    page: Page,
    initiative: Initiative,
    form: FormView,
    starts: Vec<(&'static str, String)>,
}

fn new_page(page: Page, initiative: Initiative, form: &NewSurveyForm, errors: &FieldErrors) -> NewPage {
    let values = json!({"title": form.title, "panel": form.panel.is_some(), "start": form.start});
    let form = FormView::new(&values, errors, &page.tr);
    let starts = STARTS.iter().map(|(value, id)| (*value, page.t(id))).collect();
    NewPage { page, initiative, form, starts }
}

async fn new_form(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> Result<Response, WebError> {
    let initiative = managing(&state, &page, &slug).await?;
    let form = NewSurveyForm { start: "tom".into(), ..Default::default() };
    render(new_page(page, initiative, &form, &FieldErrors::default()))
}

/// Starts a survey: from a template it is created at once and opens in the editor; a blank one
/// opens in the editor with one empty question and is created when saved.
async fn start(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<NewSurveyForm>,
) -> Result<Response, WebError> {
    let initiative = managing(&state, &page, &slug).await?;
    let mut errors = FieldErrors::default();
    let title = errors.take("title", text::required_line(&form.title, 200));
    if !STARTS.iter().any(|(value, _)| *value == form.start) {
        errors.add("start", FieldError::new("required"));
    }
    let Some(title) = title.filter(|_| errors.is_empty()) else {
        return form_error(new_page(page, initiative, &form, &errors));
    };
    let panel = form.panel.is_some();
    let Some(input) = template(&form.start) else {
        let editor = Editor { title, panel, questions: vec![QuestionForm::blank()], ..Default::default() };
        return render(editor_page(page, initiative, None, &editor, &FieldErrors::default()));
    };
    let input = SurveyInput { title, panel, ..input };
    match create_survey(&state, initiative.row.id, &input, &audit_actor(&page)).await? {
        Ok(survey) => {
            let to = format!("{}/rediger", survey_path(&slug, survey.id));
            flash_redirect(&session, page.t("survey-created-from-template"), &to).await
        }
        Err(errors) => form_error(new_page(page, initiative, &form, &errors)),
    }
}

/// One question of the editor as typed: every field text, options one per line.
#[derive(Debug, Clone, Default, PartialEq)]
struct QuestionForm {
    key: String,
    text: String,
    text_en: String,
    kind: String,
    options: String,
    required: bool,
    min: String,
    max: String,
    section: String,
    show_if: String,
    show_if_answers: String,
}

impl QuestionForm {
    fn blank() -> Self {
        QuestionForm { kind: QuestionKind::Single.code().into(), required: true, ..Default::default() }
    }

    fn of(q: &QuestionInput) -> Self {
        let number = |n: Option<f64>| n.map(|n| n.to_string().replace('.', ",")).unwrap_or_default();
        QuestionForm {
            key: q.key.clone(),
            text: q.text.clone(),
            text_en: q.text_en.clone().unwrap_or_default(),
            kind: q.kind.clone(),
            options: q.options.join("\n"),
            required: q.required,
            min: number(q.min),
            max: number(q.max),
            section: q.section.clone().unwrap_or_default(),
            show_if: q.show_if.as_ref().map(|s| s.question.clone()).unwrap_or_default(),
            show_if_answers: q.show_if.as_ref().map(|s| s.answers.join(", ")).unwrap_or_default(),
        }
    }

    fn set(&mut self, field: &str, value: String) {
        match field {
            "key" => self.key = value,
            "text" => self.text = value,
            "text_en" => self.text_en = value,
            "kind" => self.kind = value,
            "options" => self.options = value,
            "required" => self.required = true,
            "min" => self.min = value,
            "max" => self.max = value,
            "section" => self.section = value,
            "show_if" => self.show_if = value,
            "show_if_answers" => self.show_if_answers = value,
            _ => {}
        }
    }

    /// The question's input; a bound that is not a number is an error under its field.
    fn input(&self, index: usize, errors: &mut FieldErrors) -> QuestionInput {
        let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let mut bound = |name, typed: &str| errors.take(question_field(index, name), parse_value(typed)).flatten();
        let (min, max) = (bound("min", &self.min), bound("max", &self.max));
        let show_if = optional(&self.show_if).map(|question| ShowIf {
            question,
            answers: self
                .show_if_answers
                .split([',', ' ', ';'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
        });
        QuestionInput {
            key: self.key.trim().to_owned(),
            text: self.text.clone(),
            text_en: optional(&self.text_en),
            kind: self.kind.clone(),
            options: self.options.lines().map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned).collect(),
            required: self.required,
            min,
            max,
            section: optional(&self.section),
            show_if,
        }
    }
}

/// The whole editor form as typed.
#[derive(Debug, Clone, Default)]
struct Editor {
    title: String,
    description: String,
    panel: bool,
    questions: Vec<QuestionForm>,
}

/// What a button of the editor asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum EditAction {
    Save,
    Add,
    Remove(usize),
    Up(usize),
    Down(usize),
}

impl Editor {
    fn of(input: &SurveyInput) -> Self {
        Editor {
            title: input.title.clone(),
            description: input.description.clone(),
            panel: input.panel,
            questions: input.questions.iter().map(QuestionForm::of).collect(),
        }
    }

    /// The form from its fields (`questions[3].text` and so on, in the order of their
    /// numbers), and the button pressed.
    fn read(fields: Vec<(String, String)>) -> (Self, EditAction) {
        let mut editor = Editor::default();
        let mut questions: BTreeMap<usize, QuestionForm> = BTreeMap::new();
        let mut action = EditAction::Save;
        for (name, value) in fields {
            match name.as_str() {
                "title" => editor.title = value,
                "description" => editor.description = value,
                "panel" => editor.panel = true,
                "action" => action = EditAction::parse(&value),
                _ => {
                    let Some((index, field)) = question_name(&name) else { continue };
                    if index < MAX_QUESTIONS {
                        questions.entry(index).or_default().set(field, value);
                    }
                }
            }
        }
        editor.questions = questions.into_values().collect();
        (editor, action)
    }

    /// Applies a button that changes the form but saves nothing; false for Save.
    fn apply(&mut self, action: EditAction) -> bool {
        let count = self.questions.len();
        match action {
            EditAction::Save => return false,
            EditAction::Add if count < MAX_QUESTIONS => self.questions.push(QuestionForm::blank()),
            EditAction::Remove(i) if i < count => {
                self.questions.remove(i);
            }
            EditAction::Up(i) if i > 0 && i < count => self.questions.swap(i - 1, i),
            EditAction::Down(i) if i + 1 < count => self.questions.swap(i, i + 1),
            _ => {}
        }
        true
    }

    fn input(&self) -> (SurveyInput, FieldErrors) {
        let mut errors = FieldErrors::default();
        let questions = self.questions.iter().enumerate().map(|(i, q)| q.input(i, &mut errors)).collect();
        let input = SurveyInput {
            title: self.title.clone(),
            description: self.description.clone(),
            panel: self.panel,
            questions,
        };
        (input, errors)
    }

    /// The input to save, or every error: those of the form's own reading (a bound that is
    /// not a number) together with the input's.
    fn checked(&self) -> Result<SurveyInput, FieldErrors> {
        let (input, mut errors) = self.input();
        if errors.is_empty() {
            return Ok(input);
        }
        if let Err(more) = input.validate() {
            for (field, code) in more.iter() {
                errors.add(field, FieldError::new(code));
            }
        }
        Err(errors)
    }
}

impl EditAction {
    fn parse(value: &str) -> Self {
        let (verb, index) = value.split_once('-').unwrap_or((value, ""));
        let index = index.parse::<usize>().ok();
        match (verb, index) {
            ("tilfoej", _) => EditAction::Add,
            ("fjern", Some(i)) => EditAction::Remove(i),
            ("op", Some(i)) => EditAction::Up(i),
            ("ned", Some(i)) => EditAction::Down(i),
            _ => EditAction::Save,
        }
    }
}

/// `questions[3].text` → (3, "text").
fn question_name(name: &str) -> Option<(usize, &str)> {
    let rest = name.strip_prefix("questions[")?;
    let (index, field) = rest.split_once("].")?;
    Some((index.parse().ok()?, field))
}

/// One field of a question as the template shows it.
struct FieldView {
    name: String,
    id: String,
    value: String,
    error: Option<String>,
}

struct QuestionView {
    index: usize,
    number: usize,
    last: bool,
    key: FieldView,
    text: FieldView,
    text_en: FieldView,
    kind: FieldView,
    options: FieldView,
    required: bool,
    min: FieldView,
    max: FieldView,
    section: FieldView,
    show_if: FieldView,
    /// The questions above with options, as (key, "key: text"), that the condition may name;
    /// a key typed that is none of them is kept as a choice, so nothing typed is lost.
    show_if_choices: Vec<(String, String)>,
    /// The options of the question the condition names, numbered: "1 = Ja, 2 = Nej".
    show_if_options: String,
    show_if_answers: FieldView,
}

#[derive(Template)]
#[template(path = "surveys/edit.html")]
struct EditorPage {
    page: Page,
    initiative: Initiative,
    /// None while the survey is new (saving creates it).
    survey: Option<Survey>,
    action: String,
    form: FormView,
    questions: Vec<QuestionView>,
    kinds: Vec<(&'static str, String)>,
}

/// The questions a condition may name: those `above` whose answers pick options, and the
/// key `chosen` when it is none of them.
fn condition_choices(above: &[QuestionForm], chosen: &str) -> Vec<(String, String)> {
    let mut choices: Vec<(String, String)> = above
        .iter()
        .filter(|q| !q.key.trim().is_empty() && QuestionKind::of_code(&q.kind).has_options())
        .map(|q| (q.key.trim().to_owned(), format!("{}: {}", q.key.trim(), q.text.trim())))
        .collect();
    if !chosen.is_empty() && !choices.iter().any(|(key, _)| key == chosen) {
        choices.push((chosen.to_owned(), chosen.to_owned()));
    }
    choices
}

fn editor_page(
    page: Page,
    initiative: Initiative,
    survey: Option<Survey>,
    editor: &Editor,
    errors: &FieldErrors,
) -> EditorPage {
    let message = |field: &str| errors.get(field).map(|code| page.t(format!("err-{code}")));
    let questions = editor
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let field = |name: &str, value: &str| {
                let full = format!("questions[{i}].{name}");
                let error = message(&full);
                FieldView { id: format!("q{i}-{name}"), name: full, value: value.to_owned(), error }
            };
            QuestionView {
                index: i,
                number: i + 1,
                last: i + 1 == editor.questions.len(),
                key: field("key", &q.key),
                text: field("text", &q.text),
                text_en: field("text_en", &q.text_en),
                kind: field("kind", &q.kind),
                options: field("options", &q.options),
                required: q.required,
                min: field("min", &q.min),
                max: field("max", &q.max),
                section: field("section", &q.section),
                show_if: field("show_if", &q.show_if),
                show_if_choices: condition_choices(&editor.questions[..i], &q.show_if),
                show_if_options: editor.questions[..i]
                    .iter()
                    .find(|above| !q.show_if.is_empty() && above.key.trim() == q.show_if)
                    .map(|above| {
                        let options = above.options.lines().map(str::trim).filter(|o| !o.is_empty());
                        options.enumerate().map(|(n, o)| format!("{} = {o}", n + 1)).collect::<Vec<_>>().join(", ")
                    })
                    .unwrap_or_default(),
                show_if_answers: field("show_if_answers", &q.show_if_answers),
            }
        })
        .collect();
    let values = json!({"title": editor.title, "description": editor.description, "panel": editor.panel});
    let form = FormView::new(&values, errors, &page.tr);
    let kinds = QuestionKind::ALL.iter().map(|k| (k.code(), page.t(format!("survey-kind-{}", k.code())))).collect();
    let slug = &initiative.row.slug;
    let action = match &survey {
        Some(s) => format!("{}/rediger", survey_path(slug, s.id)),
        None => format!("/initiativer/{slug}/undersoegelser/ny/spoergsmaal"),
    };
    EditorPage { page, initiative, survey, action, form, questions, kinds }
}

async fn edit_form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, survey) = managed(&state, &page, &slug, id).await?;
    let editor = Editor::of(&survey.plan.to_input());
    render(editor_page(page, initiative, Some(survey), &editor, &FieldErrors::default()))
}

/// The editor's buttons for a survey not yet created: Gem creates it.
async fn edit_new(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let initiative = managing(&state, &page, &slug).await?;
    let (mut editor, action) = Editor::read(fields);
    if editor.apply(action) {
        return render(editor_page(page, initiative, None, &editor, &FieldErrors::default()));
    }
    let saved = match editor.checked() {
        Ok(input) => create_survey(&state, initiative.row.id, &input, &audit_actor(&page)).await?,
        Err(errors) => Err(errors),
    };
    match saved {
        Ok(survey) => flash_redirect(&session, page.t("survey-created"), &survey_path(&slug, survey.id)).await,
        Err(errors) => form_error(editor_page(page, initiative, None, &editor, &errors)),
    }
}

/// The editor's buttons for a survey: Gem saves it as a new version.
async fn edit(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (initiative, survey) = managed(&state, &page, &slug, id).await?;
    let (mut editor, action) = Editor::read(fields);
    if editor.apply(action) {
        return render(editor_page(page, initiative, Some(survey), &editor, &FieldErrors::default()));
    }
    let saved = match editor.checked() {
        Ok(input) => update_survey(&state, id, &input, &audit_actor(&page)).await?,
        Err(errors) => Err(errors),
    };
    match saved {
        Ok(_) => flash_redirect(&session, page.t("survey-saved"), &survey_path(&slug, id)).await,
        Err(errors) => form_error(editor_page(page, initiative, Some(survey), &editor, &errors)),
    }
}

struct GroupRow {
    group: SurveyGroup,
    answers: String,
}

struct WaveRow {
    wave: SurveyWave,
    open: bool,
    /// "fra 4. december 2026", or both days once closed.
    period: String,
    answers: String,
    groups: Vec<GroupRow>,
    /// The group form as typed, with its message, after a refused name.
    group_name: String,
    group_error: Option<String>,
}

#[derive(Template)]
#[template(path = "surveys/survey.html")]
struct OverviewPage {
    page: Page,
    initiative: Initiative,
    survey: Survey,
    /// The survey page's path, which its links and forms go on from.
    base: String,
    waves: Vec<WaveRow>,
    wave_form: FormView,
}

/// A refused form of the survey's page: the wave form, or a wave's group form.
enum Refused<'a> {
    Nothing,
    Wave(&'a WaveInput, &'a FieldErrors),
    Group(i64, &'a GroupInput, &'a FieldErrors),
}

async fn overview_page(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    survey: Survey,
    refused: Refused<'_>,
) -> Result<OverviewPage, WebError> {
    let mut waves = Vec::new();
    for wave in state.store.survey_waves_of(survey.id).await? {
        let groups: Vec<GroupRow> = state
            .store
            .survey_groups_of(wave.id)
            .await?
            .into_iter()
            .map(|group| GroupRow { answers: page.tr.int(group.answers as i64), group })
            .collect();
        let total: u64 = groups.iter().map(|g| g.group.answers).sum();
        let (group_name, group_error) = match &refused {
            Refused::Group(wave_id, input, errors) if *wave_id == wave.id => {
                (input.name.clone(), errors.get("name").map(|code| page.t(format!("err-{code}"))))
            }
            _ => (String::new(), None),
        };
        waves.push(WaveRow {
            open: wave.status == WaveStatus::Open,
            period: page.tr.period(local_date(wave.opened_at), wave.closed_at.map(local_date)),
            answers: page.tr.int(total as i64),
            wave,
            groups,
            group_name,
            group_error,
        });
    }
    let wave_form = match refused {
        Refused::Wave(input, errors) => FormView::new(input, errors, &page.tr),
        _ => FormView::empty(),
    }
    .with_id_prefix("wave-");
    let base = survey_path(&initiative.row.slug, survey.id);
    Ok(OverviewPage { page, initiative, survey, base, waves, wave_form })
}

/// A survey's page for backbone staff: its waves with their groups, codes and answers, the
/// forms to add waves and groups, closing a wave, the posters and the links to results.
async fn overview(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, survey) = managed(&state, &page, &slug, id).await?;
    render(overview_page(&state, page, initiative, survey, Refused::Nothing).await?)
}

#[derive(serde::Deserialize)]
struct WaveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    baseline: Option<String>,
}

async fn add_wave(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<WaveForm>,
) -> Result<Response, WebError> {
    let (initiative, survey) = managed(&state, &page, &slug, id).await?;
    let input = WaveInput { name: form.name, baseline: form.baseline.is_some() };
    match create_wave(&state, id, &input, &audit_actor(&page)).await? {
        Ok(wave) => {
            let message = page.tr.t1("survey-wave-added", "wave", &wave.name);
            flash_redirect(&session, message, &survey_path(&slug, id)).await
        }
        Err(errors) => {
            form_error(overview_page(&state, page, initiative, survey, Refused::Wave(&input, &errors)).await?)
        }
    }
}

async fn add_group(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id, wave_id)): Path<(String, i64, i64)>,
    CsrfForm(input): CsrfForm<GroupInput>,
) -> Result<Response, WebError> {
    let (initiative, survey, wave) = managed_wave(&state, &page, &slug, id, wave_id).await?;
    match create_group(&state, wave.id, &input, &audit_actor(&page)).await? {
        Ok(group) => {
            let message = page.tr.t2("survey-group-added", "group", &group.name, "code", &group.code);
            flash_redirect(&session, message, &survey_path(&slug, id)).await
        }
        Err(errors) => {
            let refused = Refused::Group(wave.id, &input, &errors);
            form_error(overview_page(&state, page, initiative, survey, refused).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "surveys/close.html")]
struct ClosePage {
    page: Page,
    initiative: Initiative,
    survey: Survey,
    wave: SurveyWave,
}

/// Asks before a wave is closed: its codes take no more answers.
async fn close_form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id, wave_id)): Path<(String, i64, i64)>,
) -> Result<Response, WebError> {
    let (initiative, survey, wave) = managed_wave(&state, &page, &slug, id, wave_id).await?;
    render(ClosePage { page, initiative, survey, wave })
}

/// Closes (`Closed`) or opens again (`Open`) a wave from its survey's page, and says so.
async fn set_status(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id, wave_id)): Path<(String, i64, i64)>,
    status: WaveStatus,
) -> Result<Response, WebError> {
    managed_wave(&state, &page, &slug, id, wave_id).await?;
    let by = audit_actor(&page);
    let (wave, said) = match status {
        WaveStatus::Closed => (close_wave(&state, id, wave_id, &by).await?, "survey-wave-closed"),
        WaveStatus::Open => (reopen_wave(&state, wave_id, &by).await?, "survey-wave-reopened"),
    };
    flash_redirect(&session, page.tr.t1(said, "wave", &wave.name), &survey_path(&slug, id)).await
}

/// A group of a wave of a managed survey.
async fn managed_group(
    state: &AppState,
    page: &Page,
    (slug, id, wave_id, group_id): &(String, i64, i64, i64),
) -> Result<(Initiative, Survey, SurveyWave, SurveyGroup), WebError> {
    let (initiative, survey, wave) = managed_wave(state, page, slug, *id, *wave_id).await?;
    let groups = state.store.survey_groups_of(wave.id).await?;
    let group = groups.into_iter().find(|g| g.id == *group_id).ok_or(WebError::NotFound)?;
    Ok((initiative, survey, wave, group))
}

/// The address a group answers at.
fn answer_url(state: &AppState, code: &str) -> String {
    format!("{}/svar/{code}", state.config.base_url.trim_end_matches('/'))
}

fn poster_of(state: &AppState, page: &Page, survey: &Survey, group: &SurveyGroup) -> SurveyPoster {
    let url = answer_url(state, &group.code);
    let site = url.trim_end_matches(&group.code).trim_end_matches('/');
    let site = site.split_once("://").map_or(site, |(_, rest)| rest);
    SurveyPoster {
        heading: page.t("survey-poster-heading"),
        survey_title: survey.plan.title.clone(),
        group_name: group.name.clone(),
        code_label: page.t("survey-poster-code-label"),
        code: group.code.clone(),
        steps: vec![
            page.t("survey-poster-step-scan"),
            page.tr.t2("survey-poster-step-type", "site", site, "code", &group.code),
            page.t("survey-poster-step-answer"),
        ],
        url,
    }
}

#[derive(Template)]
#[template(path = "surveys/poster.html")]
struct PosterPage {
    page: Page,
    initiative: Initiative,
    survey: Survey,
    wave: SurveyWave,
    group: SurveyGroup,
    poster: SurveyPoster,
}

/// A group's code shown large, with its address, the poster's steps and the poster to print.
async fn poster(
    State(state): State<AppState>,
    page: Page,
    Path(path): Path<(String, i64, i64, i64)>,
) -> Result<Response, WebError> {
    let (initiative, survey, wave, group) = managed_group(&state, &page, &path).await?;
    let poster = poster_of(&state, &page, &survey, &group);
    render(PosterPage { page, initiative, survey, wave, group, poster })
}

/// The QR code of a group's answering page, for its poster page (a screen shown to a class).
async fn qr_code(
    State(state): State<AppState>,
    page: Page,
    Path(path): Path<(String, i64, i64, i64)>,
) -> Result<Response, WebError> {
    let (_, _, _, group) = managed_group(&state, &page, &path).await?;
    let svg = rygrad_print::qr_svg(&answer_url(&state, &group.code)).ok_or(WebError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

/// Posters as a PDF to open or print, made off the request's thread.
async fn posters_pdf(posters: Vec<SurveyPoster>, title: String, filename: &str) -> Result<Response, WebError> {
    let bytes = tokio::task::spawn_blocking(move || rygrad_print::survey_posters_pdf(&posters, &title))
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    let disposition = format!("inline; filename=\"{filename}\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

async fn poster_pdf(
    State(state): State<AppState>,
    page: Page,
    Path(path): Path<(String, i64, i64, i64)>,
) -> Result<Response, WebError> {
    let (_, survey, _, group) = managed_group(&state, &page, &path).await?;
    let poster = poster_of(&state, &page, &survey, &group);
    let title = format!("{}: {} ({})", survey.plan.title, group.name, group.code);
    posters_pdf(vec![poster], title, &format!("plakat-{}.pdf", group.code)).await
}

/// Every group's poster of a wave, one page each, for whoever prints for many classes.
async fn wave_posters(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id, wave_id)): Path<(String, i64, i64)>,
) -> Result<Response, WebError> {
    let (_, survey, wave) = managed_wave(&state, &page, &slug, id, wave_id).await?;
    let groups = state.store.survey_groups_of(wave.id).await?;
    if groups.is_empty() {
        return Err(WebError::NotFound);
    }
    let posters = groups.iter().map(|g| poster_of(&state, &page, &survey, g)).collect();
    let title = format!("{}: {}", survey.plan.title, wave.name);
    posters_pdf(posters, title, &format!("plakater-{}.pdf", wave.id)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_editor_reads_indexed_fields_in_order_and_its_buttons() {
        let (editor, action) = Editor::read(fields(&[
            ("title", "Trivsel"),
            ("questions[1].key", "b"),
            ("questions[0].key", "a"),
            ("questions[0].required", "on"),
            ("questions[7].text", "sidste"),
            ("questions[999999].key", "for mange"),
            ("action", "op-2"),
        ]));
        let keys: Vec<&str> = editor.questions.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(keys, ["a", "b", ""]);
        assert!(editor.questions[0].required && !editor.questions[1].required);
        assert_eq!(action, EditAction::Up(2));
        assert_eq!(EditAction::parse("gem"), EditAction::Save);
        assert_eq!(EditAction::parse("fjern-x"), EditAction::Save);
    }

    #[test]
    fn buttons_add_remove_and_move_within_the_list() {
        let mut editor = Editor::of(&survey_templates::loneliness());
        let first = editor.questions[0].clone();
        assert!(editor.apply(EditAction::Up(0)), "a no-op still shows the form again");
        assert_eq!(editor.questions[0], first);
        editor.apply(EditAction::Down(0));
        assert_eq!(editor.questions[1], first);
        editor.apply(EditAction::Remove(1));
        assert!(!editor.questions.contains(&first));
        editor.apply(EditAction::Add);
        assert_eq!(editor.questions.last(), Some(&QuestionForm::blank()));
        assert!(!editor.apply(EditAction::Save));
    }

    #[test]
    fn a_template_survives_the_form_unchanged() {
        for input in [survey_templates::loneliness(), survey_templates::pupils_wellbeing()] {
            let (back, errors) = Editor::of(&input).input();
            assert!(errors.is_empty());
            assert_eq!(back.validate().unwrap(), input.validate().unwrap());
        }
    }

    #[test]
    fn a_bound_that_is_not_a_number_is_an_error_beside_it() {
        let mut q =
            QuestionForm { kind: "number".into(), min: "1,5".into(), max: "ti".into(), ..QuestionForm::blank() };
        let mut errors = FieldErrors::default();
        let input = q.input(3, &mut errors);
        assert_eq!((input.min, input.max), (Some(1.5), None));
        assert_eq!(errors.get("questions[3].max"), Some("number-invalid"));
        q.show_if = "glad".into();
        q.show_if_answers = "1, 3".into();
        assert_eq!(q.input(3, &mut errors).show_if.unwrap().answers, ["1", "3"]);
    }
}
