use super::export::{ExportFormat, answers_download, codebook_download};
use super::rules::{
    self, ChangeResult, GroupResult, Refusal, close_wave, create_group, create_wave, open_group, reopen_wave,
    submit_response, survey_results, visible_survey, visible_wave,
};
use crate::api::{Body, MergePatch, Path, TokenHolder, ValidationErrors, validation_response};
use crate::http::client_ip::ClientIp;
use crate::http::error::WebError;
use crate::http::i18n::Tr;
use crate::http::state::AppState;
use crate::initiatives::rules::{scope, visible};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rygrad_domain::FieldErrors;
use rygrad_domain::format::Lang;
use rygrad_domain::policy::Action;
use rygrad_domain::survey::{GroupInput, QuestionInput, SurveyInput, WaveInput};
use rygrad_store::surveys::{Survey, SurveyGroup, SurveyWave};
use serde_json::Value;
use std::collections::BTreeMap;

/// A survey at its current version.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SurveyOut {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// Respondents type a code word each wave, so the same people can be followed.
    pub panel: bool,
    /// From 1; each change adds one and keeps the version before.
    pub version: i32,
    pub questions: Vec<QuestionInput>,
    pub waves: Vec<WaveOut>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct WaveOut {
    pub id: i64,
    pub survey_id: i64,
    pub name: String,
    pub baseline: bool,
    /// `open` (taking answers) or `closed`.
    pub status: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl From<SurveyWave> for WaveOut {
    fn from(w: SurveyWave) -> Self {
        WaveOut {
            id: w.id,
            survey_id: w.survey_id,
            name: w.name,
            baseline: w.baseline,
            status: w.status.code().into(),
            opened_at: w.opened_at,
            closed_at: w.closed_at,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GroupOut {
    pub id: i64,
    pub wave_id: i64,
    pub name: String,
    /// Six letters and digits the group answers by (no 0/O or 1/I/L).
    pub code: String,
}

impl From<SurveyGroup> for GroupOut {
    fn from(g: SurveyGroup) -> Self {
        GroupOut { id: g.id, wave_id: g.wave_id, name: g.name, code: g.code }
    }
}

async fn survey_out(state: &AppState, survey: Survey) -> Result<SurveyOut, WebError> {
    let waves = state.store.survey_waves_of(survey.id).await?.into_iter().map(WaveOut::from).collect();
    let input = survey.plan.to_input();
    Ok(SurveyOut {
        id: survey.id,
        title: input.title,
        description: input.description,
        panel: input.panel,
        version: survey.version,
        questions: input.questions,
        waves,
    })
}

/// An initiative's surveys, the oldest first (the alliance's people).
#[utoipa::path(get, path = "/initiatives/{slug}/surveys", tag = "surveys", operation_id = "listSurveys", security(("token" = [])),
    params(("slug" = String, Path)), responses((status = 200, body = Vec<SurveyOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn list_surveys(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
) -> Result<Json<Vec<SurveyOut>>, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ViewSurveyResults(scope(&i)))?;
    let mut out = Vec::new();
    for survey in state.store.surveys_of(i.row.id).await? {
        out.push(survey_out(&state, survey).await?);
    }
    Ok(Json(out))
}

/// Builds a survey (backbone staff): single and multiple choice, likert scales, numbers and
/// free text, conditional questions and sections.
#[utoipa::path(post, path = "/initiatives/{slug}/surveys", tag = "surveys", operation_id = "createSurvey", security(("token" = [])),
    params(("slug" = String, Path)), request_body = SurveyInput,
    responses((status = 201, body = SurveyOut), (status = 401), (status = 403), (status = 404), (status = 422, body = ValidationErrors)))]
pub async fn create_survey(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(slug): Path<String>,
    Body(input): Body<SurveyInput>,
) -> Result<Response, WebError> {
    let i = visible(&state, &who.actor, &slug).await?;
    who.require(&Action::ManageSurveys(scope(&i)))?;
    Ok(match rules::create_survey(&state, i.row.id, &input, &who.audit).await? {
        Ok(survey) => (StatusCode::CREATED, Json(survey_out(&state, survey).await?)).into_response(),
        Err(errors) => validation_response(&errors),
    })
}

/// One survey with its waves (the alliance's people).
#[utoipa::path(get, path = "/surveys/{id}", tag = "surveys", operation_id = "getSurvey", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = SurveyOut), (status = 401), (status = 403), (status = 404)))]
pub async fn get_survey(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<SurveyOut>, WebError> {
    let (i, survey) = visible_survey(&state, &who.actor, id).await?;
    who.require(&Action::ViewSurveyResults(scope(&i)))?;
    Ok(Json(survey_out(&state, survey).await?))
}

/// Changes a survey with a merge patch (`questions` replaced as a whole), as a new version.
/// Questions that have answers may be reworded and gain options, but not go, change kind or
/// lose options (422).
#[utoipa::path(patch, path = "/surveys/{id}", tag = "surveys", operation_id = "updateSurvey", security(("token" = [])),
    params(("id" = i64, Path)), request_body(content = SurveyInput, content_type = "application/merge-patch+json"),
    responses((status = 200, body = SurveyOut), (status = 401), (status = 403), (status = 404), (status = 422, body = ValidationErrors)))]
pub async fn update_survey(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    patch: MergePatch,
) -> Result<Response, WebError> {
    let (i, survey) = visible_survey(&state, &who.actor, id).await?;
    who.require(&Action::ManageSurveys(scope(&i)))?;
    let input = patch.apply(&survey.plan.to_input())?;
    Ok(match rules::update_survey(&state, id, &input, &who.audit).await? {
        Ok(survey) => Json(survey_out(&state, survey).await?).into_response(),
        Err(errors) => validation_response(&errors),
    })
}

/// Opens a new wave of a survey: the baseline or a later measurement (backbone staff).
#[utoipa::path(post, path = "/surveys/{id}/waves", tag = "surveys", operation_id = "createSurveyWave", security(("token" = [])),
    params(("id" = i64, Path)), request_body = WaveInput,
    responses((status = 201, body = WaveOut), (status = 401), (status = 403), (status = 404), (status = 422, body = ValidationErrors)))]
pub async fn create_survey_wave(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(input): Body<WaveInput>,
) -> Result<Response, WebError> {
    let (i, _) = visible_survey(&state, &who.actor, id).await?;
    who.require(&Action::ManageSurveys(scope(&i)))?;
    Ok(match create_wave(&state, id, &input, &who.audit).await? {
        Ok(wave) => (StatusCode::CREATED, Json(WaveOut::from(wave))).into_response(),
        Err(errors) => validation_response(&errors),
    })
}

/// Closes a wave (backbone staff): its codes then take no more answers, and the indicators
/// its survey feeds are refreshed.
#[utoipa::path(post, path = "/survey-waves/{id}/close", tag = "surveys", operation_id = "closeSurveyWave", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = WaveOut), (status = 401), (status = 403), (status = 404)))]
pub async fn close_survey_wave(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<WaveOut>, WebError> {
    let (i, survey, _) = visible_wave(&state, &who.actor, id).await?;
    who.require(&Action::ManageSurveys(scope(&i)))?;
    Ok(Json(close_wave(&state, survey.id, id, &who.audit).await?.into()))
}

/// Opens a closed wave again (backbone staff): its codes take answers once more, and closing
/// it again refreshes the indicators its survey feeds with the answers added meanwhile.
#[utoipa::path(post, path = "/survey-waves/{id}/reopen", tag = "surveys", operation_id = "reopenSurveyWave", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = WaveOut), (status = 401), (status = 403), (status = 404)))]
pub async fn reopen_survey_wave(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<WaveOut>, WebError> {
    let (i, _, _) = visible_wave(&state, &who.actor, id).await?;
    who.require(&Action::ManageSurveys(scope(&i)))?;
    Ok(Json(reopen_wave(&state, id, &who.audit).await?.into()))
}

/// Adds a group to a wave (a school class, a meal, a neighbourhood) with the short code its
/// people answer by (backbone staff).
#[utoipa::path(post, path = "/survey-waves/{id}/groups", tag = "surveys", operation_id = "createSurveyGroup", security(("token" = [])),
    params(("id" = i64, Path)), request_body = GroupInput,
    responses((status = 201, body = GroupOut), (status = 401), (status = 403), (status = 404), (status = 422, body = ValidationErrors)))]
pub async fn create_survey_group(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(input): Body<GroupInput>,
) -> Result<Response, WebError> {
    let (i, _, _) = visible_wave(&state, &who.actor, id).await?;
    who.require(&Action::ManageSurveys(scope(&i)))?;
    Ok(match create_group(&state, id, &input, &who.audit).await? {
        Ok(group) => (StatusCode::CREATED, Json(GroupOut::from(group))).into_response(),
        Err(errors) => validation_response(&errors),
    })
}

/// A wave's groups with their codes, by name (backbone staff, who hand the codes out).
#[utoipa::path(get, path = "/survey-waves/{id}/groups", tag = "surveys", operation_id = "listSurveyGroups", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = Vec<GroupOut>), (status = 401), (status = 403), (status = 404)))]
pub async fn list_survey_groups(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<Vec<GroupOut>>, WebError> {
    let (i, _, _) = visible_wave(&state, &who.actor, id).await?;
    who.require(&Action::ManageSurveys(scope(&i)))?;
    Ok(Json(state.store.survey_groups_of(id).await?.into_iter().map(GroupOut::from).collect()))
}

/// A response as a respondent sends it: no account, no name.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ResponseIn {
    /// The group's code, in any case, with spaces or dashes anywhere.
    pub code: String,
    /// Question key → answer: an option's number as a string (`"2"`; single, likert), a list
    /// of them (multi), a number (`12.5` or `"12,5"`) or text; null, blank or `[]` is no answer.
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, Value>,
    /// In a panel survey, the respondent's own code word (the same every wave): only its keyed
    /// hash is stored. Ignored in other surveys.
    #[serde(default)]
    pub panel_code: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ResponseOut {
    pub id: i64,
}

/// Why nothing was stored: the code, the wave, or too many answers at once.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ResponseRefused {
    /// `not_found` or `too_many_requests`.
    pub error: &'static str,
    /// The reason in Danish.
    pub message: String,
}

fn refused(status: StatusCode, error: &'static str, message_id: &str) -> Response {
    let message = Tr::new(Lang::Da).t(message_id);
    (status, Json(ResponseRefused { error, message })).into_response()
}

fn unknown_code() -> Response {
    refused(StatusCode::NOT_FOUND, "not_found", "survey-code-unknown")
}

/// Answers a survey (public, no account). Stored with the day only: no account, address, user
/// agent or time. 404 when the code is unknown or its wave closed; 422 with every bad answer by
/// question key (`answers.<key>`); 429 (with `Retry-After`) after 100 answers to one group
/// from one address within ten minutes. Nothing is stored on a refusal.
#[utoipa::path(post, path = "/survey-responses", tag = "surveys", operation_id = "submitSurveyResponse",
    request_body = ResponseIn,
    responses((status = 201, body = ResponseOut), (status = 404, body = ResponseRefused), (status = 422, body = ValidationErrors),
        (status = 429, description = "Too many answers to the group from this address just now; send again after `Retry-After` seconds", body = ResponseRefused)))]
pub async fn submit_survey_response(
    State(state): State<AppState>,
    ClientIp(source): ClientIp,
    Body(input): Body<ResponseIn>,
) -> Result<Response, WebError> {
    let Some(group) = open_group(&state, &input.code).await? else { return Ok(unknown_code()) };
    match submit_response(&state, &group, &source, input.panel_code.as_deref(), &input.answers).await? {
        Ok(id) => Ok((StatusCode::CREATED, Json(ResponseOut { id })).into_response()),
        Err(Refusal::Closed) => Ok(unknown_code()),
        Err(Refusal::Busy { retry_after }) => {
            let mut response = refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "err-survey-busy");
            response.headers_mut().insert(header::RETRY_AFTER, retry_after.into());
            Ok(response)
        }
        Err(Refusal::Invalid { panel_code, answers }) => {
            let tr = Tr::new(Lang::Da);
            let (mut fields, mut messages) = (BTreeMap::new(), BTreeMap::new());
            let refused = panel_code.map(|code| ("panel_code".to_owned(), code));
            let refused =
                refused.into_iter().chain(answers.into_iter().map(|e| (format!("answers.{}", e.question), e.code)));
            for (field, code) in refused {
                messages.insert(field.clone(), tr.t(&format!("err-{code}")));
                fields.insert(field, code.to_owned());
            }
            let body = ValidationErrors { error: "validation", fields, messages };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
        }
    }
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// A wave of the survey.
    pub wave_id: i64,
    /// `group` (the default), or the key of a single-choice or likert question to group by its
    /// answers.
    pub group_by: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct OptionResultOut {
    /// The option's number, as answers give it.
    pub option: String,
    pub label: String,
    /// Null when suppressed.
    pub count: Option<u64>,
    /// Of those in the group who answered the question (for multiple choice: of the group);
    /// null when suppressed.
    pub share: Option<f64>,
    /// The share's 95 % Wilson interval.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

/// A mean with its 95 % t interval.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct MeanOut {
    /// Those who answered.
    pub n: usize,
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// A change since an earlier wave.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ChangeOut {
    /// The earlier wave.
    pub since: i64,
    /// The option whose share changed; null for the mean.
    pub option: Option<String>,
    /// Later minus earlier: a share's as a proportion (0.05 is 5 percentage points), a mean's
    /// in its own units.
    pub difference: f64,
    pub p_value: f64,
    /// `p_value` below 0.05; otherwise the change is not significant.
    pub significant: bool,
    /// `two_proportions` (a share between independent waves), `welch_t` (a mean between
    /// independent waves), `mcnemar` (a panel's share) or `paired_t` (a panel's mean).
    pub test: String,
    /// The respondents followed across the waves (paired tests; at least 5).
    pub pairs: Option<u64>,
}

impl ChangeOut {
    fn of(option: Option<u32>, c: &ChangeResult) -> Self {
        ChangeOut {
            since: c.since,
            option: option.map(|o| o.to_string()),
            difference: c.change.difference,
            p_value: c.change.significance.p_value,
            significant: c.change.significance.significant,
            test: c.change.test.code().into(),
            pairs: c.change.pairs,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct QuestionResultOut {
    pub key: String,
    /// None for a number question.
    pub options: Vec<OptionResultOut>,
    /// A scale's mean (options scored 1 to k) or a number question's; null when suppressed.
    pub mean: Option<MeanOut>,
    /// The changes of each option's share and of the mean since the baseline and the wave
    /// before, where both waves show them.
    pub changes: Vec<ChangeOut>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct GroupResultOut {
    pub name: String,
    /// Respondents; null when suppressed.
    pub n: Option<u64>,
    pub suppressed: bool,
    /// The choice, scale and number questions.
    pub questions: Vec<QuestionResultOut>,
}

impl From<GroupResult> for GroupResultOut {
    fn from(g: GroupResult) -> Self {
        let questions = g
            .questions
            .into_iter()
            .map(|q| {
                let mut changes: Vec<ChangeOut> =
                    q.options.iter().flat_map(|o| o.changes.iter().map(|c| ChangeOut::of(Some(o.option), c))).collect();
                changes.extend(q.mean_changes.iter().map(|c| ChangeOut::of(None, c)));
                QuestionResultOut {
                    key: q.key,
                    options: q
                        .options
                        .into_iter()
                        .map(|o| OptionResultOut {
                            option: o.option.to_string(),
                            label: o.label,
                            count: o.count,
                            share: o.share,
                            ci_low: o.ci.map(|c| c.0),
                            ci_high: o.ci.map(|c| c.1),
                        })
                        .collect(),
                    mean: q.mean.map(|m| MeanOut { n: m.n, mean: m.mean, ci_low: m.low, ci_high: m.high }),
                    changes,
                }
            })
            .collect();
        GroupResultOut { name: g.name, n: g.n, suppressed: g.suppressed, questions }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ResultsOut {
    pub wave_id: i64,
    pub group_by: String,
    /// Respondents in the wave; null when under 5.
    pub total: Option<u64>,
    /// How shares, intervals, means, changes and suppression are worked out, in Danish.
    pub method: String,
    /// Everyone in the wave, as a group.
    pub overall: GroupResultOut,
    pub groups: Vec<GroupResultOut>,
}

fn query_error(field: &'static str, code: &'static str) -> Response {
    let mut errors = FieldErrors::default();
    errors.add(field, rygrad_domain::FieldError::new(code));
    validation_response(&errors)
}

/// A wave's results by group, or by the answer to a single-choice question: counts, shares
/// and 95 % Wilson intervals, means of scales and numbers, and changes since the baseline and
/// the wave before (paired in a panel survey), with groups under 5 answers suppressed and
/// complementary suppression (the alliance's people).
#[utoipa::path(get, path = "/surveys/{id}/results", tag = "surveys", operation_id = "getSurveyResults", security(("token" = [])),
    params(("id" = i64, Path), ResultsQuery),
    responses((status = 200, body = ResultsOut), (status = 401), (status = 403), (status = 404), (status = 422, body = ValidationErrors)))]
pub async fn get_survey_results(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let (i, survey) = visible_survey(&state, &who.actor, id).await?;
    who.require(&Action::ViewSurveyResults(scope(&i)))?;
    let wave = state.store.survey_wave(query.wave_id).await?.filter(|w| w.survey_id == id);
    let Some(wave) = wave else { return Ok(query_error("wave_id", "survey-wave-unknown")) };
    let tr = Tr::new(Lang::Da);
    let group_by = query.group_by.unwrap_or_else(|| "group".into());
    let Some(results) = survey_results(&state, &survey, wave.id, &group_by, &tr).await? else {
        return Ok(query_error("group_by", "survey-group-by-invalid"));
    };
    let out = ResultsOut {
        wave_id: wave.id,
        group_by,
        total: results.total,
        method: tr.t("survey-results-method"),
        overall: results.overall.into(),
        groups: results.groups.into_iter().map(GroupResultOut::from).collect(),
    };
    Ok(Json(out).into_response())
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` (the answers) or `xlsx` (the answers, and the codebook on a second sheet).
    #[param(inline)]
    pub format: ExportFormat,
}

/// Every response for researchers (backbone staff): one row per response with the wave, the
/// group (blank where the group is suppressed) and each question's answer (option numbers;
/// free text only where the group is shown and has at least 5 answers); a wave under 5 answers
/// in all is left out. The codebook (`getSurveyCodebook`) explains the columns.
#[utoipa::path(get, path = "/surveys/{id}/responses/export", tag = "surveys", operation_id = "exportSurveyResponses", security(("token" = [])),
    params(("id" = i64, Path), ExportQuery),
    responses((status = 200, description = "The answers as CSV, or as XLSX with the codebook as its second sheet",
            content(("text/csv"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 401), (status = 403), (status = 404)))]
pub async fn export_survey_responses(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let (i, survey) = visible_survey(&state, &who.actor, id).await?;
    who.require(&Action::ManageSurveys(scope(&i)))?;
    answers_download(&state, &survey, query.format, &Tr::new(Lang::Da)).await
}

/// The codebook of a survey at its current version, as CSV (the alliance's people): per
/// question its key, kind, texts (Danish, English), section, range (a scale's points, a
/// number's bounds), condition and whether it is required; per option its number and label.
#[utoipa::path(get, path = "/surveys/{id}/codebook.csv", tag = "surveys", operation_id = "getSurveyCodebook", security(("token" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, description = "The codebook as CSV", content_type = "text/csv"), (status = 401), (status = 403), (status = 404)))]
pub async fn get_survey_codebook(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (i, survey) = visible_survey(&state, &who.actor, id).await?;
    who.require(&Action::ViewSurveyResults(scope(&i)))?;
    Ok(codebook_download(&survey))
}
