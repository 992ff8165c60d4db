//! A survey question feeding an indicator: each closed wave of the linked survey gives the
//! period its first answer's day falls in (by the indicator's frequency; of two waves in one
//! period the later counts), and each group (by name, to the custom unit of that name) or the whole
//! wave (to one unit) the share choosing the counted options, in percent, with n and the
//! Wilson 95 % interval. The numbers come only from `surveys::rules::wave_results`, so a
//! suppressed group, or a suppressed option, gives no value. Values are written by
//! `apply_import` with the survey's title as provenance, on closing a wave and on asking.

use super::api::ValueCountsOut;
use super::rules::visible_indicator;
use crate::api::{Body, Path, TokenHolder, validation_response};
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::scope;
use crate::surveys::rules::{Numbers, OptionResult, wave_results};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use rygrad_domain::indicator::{Measurement, Period, Unit, ValueSource};
use rygrad_domain::policy::Action;
use rygrad_domain::survey::WaveStatus;
use rygrad_domain::survey_feed::{FeedMapping, SurveyLinkInput, SurveyLinkPlan, feed_value};
use rygrad_domain::text::search_key;
use rygrad_domain::{FieldError, FieldErrors};
use rygrad_store::indicators::{Indicator, Provenance, ValueCounts};
use rygrad_store::survey_feeds::SurveyLink;
use rygrad_store::surveys::{Survey, SurveyCounts};
use rygrad_store::{AuditActor, Store, StoreError};
use std::collections::{BTreeMap, HashMap};

/// What a refresh wrote, and what it could not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedReport {
    pub counts: ValueCounts,
    /// Groups (or whole waves) that gave no value: suppressed, or the counted options are.
    pub hidden: u64,
    /// Names of groups with a value but no unit of that name.
    pub unmatched: Vec<String>,
}

/// The key of the one group a whole wave is counted as.
const WHOLE_WAVE: i64 = 0;

/// A wave's counts as one group.
fn as_one_group(counts: SurveyCounts) -> SurveyCounts {
    let mut cells = BTreeMap::new();
    for ((_, question, option), n) in counts.cells {
        *cells.entry((WHOLE_WAVE, question, option)).or_default() += n;
    }
    SurveyCounts { total: counts.total, respondents: BTreeMap::from([(WHOLE_WAVE, counts.total)]), cells }
}

/// The values the linked question gives for `indicator`, with what gave none.
async fn feed_values(
    store: &Store,
    indicator: &Indicator,
    survey: &Survey,
    plan: &SurveyLinkPlan,
) -> Result<(Vec<Measurement>, FeedReport), StoreError> {
    let own: HashMap<String, i64> = match plan.mapping {
        FeedMapping::Groups => store
            .indicator_units_of(indicator.initiative_id)
            .await?
            .into_iter()
            .map(|u| (search_key(&u.name), u.id))
            .collect(),
        FeedMapping::Wave(_) => HashMap::new(),
    };
    let mut values = Vec::new();
    let mut report = FeedReport::default();
    for wave in store.survey_waves_of(survey.id).await? {
        if wave.status != WaveStatus::Closed {
            continue;
        }
        // the day answers came in rather than the wave's opening, which is reset on reopening
        let Some(day) = store.survey_wave_answered_from(wave.id).await? else { continue };
        let period = Period::containing(day, indicator.frequency);
        let counts = store.survey_counts_by_group(wave.id).await?;
        let (groups, counts) = match plan.mapping {
            FeedMapping::Groups => {
                let groups = store.survey_groups_of(wave.id).await?.into_iter().map(|g| (g.id, g.name));
                (groups.collect::<Vec<_>>(), counts)
            }
            FeedMapping::Wave(_) => (vec![(WHOLE_WAVE, wave.name.clone())], as_one_group(counts)),
        };
        let results = wave_results(&survey.plan, &groups, &counts, &Numbers::new(), &wave.name);
        for ((_, name), group) in groups.iter().zip(results.groups) {
            let question = group.questions.iter().find(|q| q.key == plan.question);
            let value = question.and_then(|q| {
                let counted: Vec<&OptionResult> =
                    plan.options.iter().filter_map(|&o| q.options.iter().find(|r| r.option == o)).collect();
                // the options of one question share their base
                let base = counted.first().and_then(|r| r.base);
                feed_value(&counted.iter().map(|r| r.count).collect::<Vec<_>>(), base)
            });
            let Some((value, sample)) = value else {
                report.hidden += 1;
                continue;
            };
            let unit = match &plan.mapping {
                FeedMapping::Wave(unit) => unit.clone(),
                FeedMapping::Groups => match own.get(&search_key(name)) {
                    Some(&id) => Unit::Custom(id),
                    None => {
                        report.unmatched.push(name.clone());
                        continue;
                    }
                },
            };
            values.push(Measurement { unit, period, value, note: wave.name.clone(), sample: Some(sample) });
        }
    }
    Ok((values, report))
}

/// Writes the values an indicator's linked question gives, as any values are written (the
/// history, the log), with the survey's title as their source. The demo data uses it too.
pub async fn write_feed(
    store: &Store,
    indicator: &Indicator,
    link: &SurveyLink,
    by: &AuditActor,
) -> Result<FeedReport, StoreError> {
    let survey = store.survey(link.plan.survey_id).await?;
    let survey = survey.filter(|s| s.initiative_id == indicator.initiative_id).ok_or(StoreError::NotFound)?;
    let (values, mut report) = feed_values(store, indicator, &survey, &link.plan).await?;
    let provenance =
        Provenance { source: ValueSource::Survey, source_name: survey.plan.title.clone(), entered_by: by.user_id };
    report.counts = store.apply_import(indicator, &values, &provenance, by).await?;
    Ok(report)
}

/// [`write_feed`] from a request, clearing the page cache after.
pub async fn refresh(
    state: &AppState,
    indicator: &Indicator,
    link: &SurveyLink,
    by: &AuditActor,
) -> Result<FeedReport, WebError> {
    let report = write_feed(&state.store, indicator, link, by).await?;
    state.page_cache.invalidate();
    Ok(report)
}

/// Refreshes every indicator a survey feeds (after one of its waves closed).
pub async fn refresh_fed_by(state: &AppState, survey_id: i64, by: &AuditActor) -> Result<(), WebError> {
    for id in state.store.indicators_fed_by(survey_id).await? {
        let Some(indicator) = state.store.indicator(id).await? else { continue };
        if let Some(link) = state.store.indicator_survey_link(&indicator).await? {
            refresh(state, &indicator, &link, by).await?;
        }
    }
    Ok(())
}

/// Checks a link against its survey, which must be one of the indicator's initiative.
pub(crate) async fn check_link(
    state: &AppState,
    indicator: &Indicator,
    input: &SurveyLinkInput,
) -> Result<Result<SurveyLinkPlan, FieldErrors>, WebError> {
    let survey = state.store.survey(input.survey_id).await?.filter(|s| s.initiative_id == indicator.initiative_id);
    let Some(survey) = survey else {
        let mut errors = FieldErrors::default();
        errors.add("survey_id", FieldError::new("survey-feed-survey-unknown"));
        return Ok(Err(errors));
    };
    Ok(input.validate(&survey.plan, indicator.geography, &indicator.unit))
}

/// A link as the API shows it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SurveyLinkOut {
    pub indicator_id: i64,
    pub survey_id: i64,
    pub question: String,
    /// The option numbers counted.
    pub options: Vec<u32>,
    /// `groups` or `wave`.
    pub units: String,
    /// With `wave`: the unit's key.
    pub unit: Option<String>,
}

impl From<SurveyLink> for SurveyLinkOut {
    fn from(l: SurveyLink) -> Self {
        SurveyLinkOut {
            indicator_id: l.indicator_id,
            survey_id: l.plan.survey_id,
            units: l.plan.mapping.units().code().into(),
            unit: l.plan.mapping.unit().map(Unit::key),
            question: l.plan.question,
            options: l.plan.options,
        }
    }
}

/// What a refresh wrote.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SurveyFeedOut {
    #[serde(flatten)]
    pub counts: ValueCountsOut,
    /// Groups or waves that gave no value because their numbers are suppressed.
    pub hidden: u64,
    /// Groups with a value but no unit of the initiative by that name.
    pub unmatched: Vec<String>,
}

impl From<FeedReport> for SurveyFeedOut {
    fn from(r: FeedReport) -> Self {
        SurveyFeedOut { counts: r.counts.into(), hidden: r.hidden, unmatched: r.unmatched }
    }
}

/// An indicator whose link the caller may manage.
async fn managed(state: &AppState, who: &crate::http::auth::ApiActor, id: i64) -> Result<Indicator, WebError> {
    let (i, indicator) = visible_indicator(state, &who.actor, id).await?;
    who.require(&Action::ManageIndicators(scope(&i)))?;
    Ok(indicator)
}

/// The survey question an indicator is fed by (backbone staff).
#[utoipa::path(get, path = "/indicators/{id}/survey-link", tag = "indicators", operation_id = "getIndicatorSurveyLink", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = SurveyLinkOut), (status = 401), (status = 403), (status = 404)))]
pub async fn get_indicator_survey_link(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<SurveyLinkOut>, WebError> {
    let indicator = managed(&state, &who, id).await?;
    let link = state.store.indicator_survey_link(&indicator).await?.ok_or(WebError::NotFound)?;
    Ok(Json(link.into()))
}

/// Links an indicator to a survey question of its initiative, or changes the link: the
/// options counted and where the values go (backbone staff). Refresh to write the values.
#[utoipa::path(put, path = "/indicators/{id}/survey-link", tag = "indicators", operation_id = "setIndicatorSurveyLink", security(("token" = [])),
    params(("id" = i64, Path)), request_body = SurveyLinkInput,
    responses((status = 200, body = SurveyLinkOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn set_indicator_survey_link(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(input): Body<SurveyLinkInput>,
) -> Result<Response, WebError> {
    let indicator = managed(&state, &who, id).await?;
    let plan = match check_link(&state, &indicator, &input).await? {
        Ok(plan) => plan,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let link = state.store.save_indicator_survey_link(&indicator, &plan, &who.audit).await?;
    Ok(Json(SurveyLinkOut::from(link)).into_response())
}

/// Removes an indicator's survey link; the values it wrote stay (backbone staff).
#[utoipa::path(delete, path = "/indicators/{id}/survey-link", tag = "indicators", operation_id = "deleteIndicatorSurveyLink", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn delete_indicator_survey_link(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<StatusCode, WebError> {
    let indicator = managed(&state, &who, id).await?;
    state.store.delete_indicator_survey_link(&indicator, &who.audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Writes the values the linked question gives for every closed wave now; a wave's closing
/// does the same (backbone staff).
#[utoipa::path(post, path = "/indicators/{id}/survey-link/refresh", tag = "indicators", operation_id = "refreshIndicatorSurveyLink", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = SurveyFeedOut), (status = 401), (status = 403), (status = 404)))]
pub async fn refresh_indicator_survey_link(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<SurveyFeedOut>, WebError> {
    let indicator = managed(&state, &who, id).await?;
    let link = state.store.indicator_survey_link(&indicator).await?.ok_or(WebError::NotFound)?;
    Ok(Json(refresh(&state, &indicator, &link, &who.audit).await?.into()))
}

pub mod page {
    //! The link's form for backbone staff: the question, the options counted and where the
    //! values go, "refresh now" and "remove".

    use super::{FeedReport, check_link, refresh};
    use crate::http::error::WebError;
    use crate::http::form::{CsrfForm, FormView};
    use crate::http::page::{Page, flash_redirect, form_error, render};
    use crate::http::state::AppState;
    use crate::indicators::rules::visible_indicator;
    use crate::initiatives::pages::audit_actor;
    use crate::initiatives::rules::scope;
    use askama::Template;
    use axum::Router;
    use axum::extract::{Path, State};
    use axum::response::{IntoResponse, Redirect, Response};
    use axum::routing::{get, post};
    use rygrad_domain::policy::Action;
    use rygrad_domain::survey_feed::{FeedUnits, SurveyLinkInput};
    use rygrad_domain::{FieldError, FieldErrors};
    use rygrad_store::indicators::Indicator;
    use rygrad_store::initiatives::Initiative;
    use rygrad_store::survey_feeds::SurveyLink;
    use rygrad_store::surveys::Survey;
    use tower_sessions::Session;

    pub fn router() -> Router<AppState> {
        Router::new()
            .route("/initiativer/{slug}/indikatorer/{id}/spoergeskema", get(form).post(save))
            .route("/initiativer/{slug}/indikatorer/{id}/spoergeskema/opdater", post(refresh_now))
            .route("/initiativer/{slug}/indikatorer/{id}/spoergeskema/fjern", post(remove))
    }

    /// The form as typed: the question as `survey id:key`, the options as `3, 4`.
    #[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
    struct LinkForm {
        #[serde(default)]
        question: String,
        #[serde(default)]
        options: String,
        #[serde(default)]
        units: String,
        #[serde(default)]
        unit: String,
    }

    impl LinkForm {
        fn of(link: &SurveyLink) -> Self {
            let options: Vec<String> = link.plan.options.iter().map(u32::to_string).collect();
            LinkForm {
                question: format!("{}:{}", link.plan.survey_id, link.plan.question),
                options: options.join(", "),
                units: link.plan.mapping.units().code().into(),
                unit: link.plan.mapping.unit().map(|u| u.key()).unwrap_or_default(),
            }
        }

        /// The input, or the form's own errors (a question or options that do not parse).
        fn input(&self) -> Result<SurveyLinkInput, FieldErrors> {
            let mut errors = FieldErrors::default();
            let (survey_id, question) = match self.question.split_once(':') {
                Some((id, key)) => (id.trim().parse().unwrap_or(0), key.to_owned()),
                None => (0, String::new()),
            };
            let options: Result<Vec<u32>, _> = self
                .options
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|o| !o.is_empty())
                .map(str::parse)
                .collect();
            let options = errors.take("options", options.map_err(|_| FieldError::new("survey-feed-option-unknown")));
            match options {
                Some(options) => Ok(SurveyLinkInput {
                    survey_id,
                    question,
                    options,
                    units: self.units.clone(),
                    unit: Some(self.unit.clone()),
                }),
                None => Err(errors),
            }
        }
    }

    /// A choice question to link: its value in the form, its survey's title, its text and its
    /// options numbered.
    struct QuestionChoice {
        value: String,
        survey: String,
        text: String,
        options: Vec<(u32, String)>,
    }

    fn question_choices(surveys: &[Survey]) -> Vec<QuestionChoice> {
        surveys
            .iter()
            .flat_map(|s| {
                s.plan.questions.iter().filter(|q| q.kind.has_options()).map(|q| QuestionChoice {
                    value: format!("{}:{}", s.id, q.key),
                    survey: s.plan.title.clone(),
                    text: q.text.clone(),
                    options: q.options.iter().enumerate().map(|(n, o)| (n as u32 + 1, o.clone())).collect(),
                })
            })
            .collect()
    }

    #[derive(Template)]
    #[template(path = "indicators/survey_link.html")]
    struct LinkPage {
        page: Page,
        initiative: Initiative,
        indicator: Indicator,
        form: FormView,
        linked: bool,
        questions: Vec<QuestionChoice>,
        units: [FeedUnits; 2],
    }

    /// The indicator of `slug` with id `id`, if the page's person may manage it.
    async fn managed(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<(Initiative, Indicator), WebError> {
        let (initiative, indicator) = visible_indicator(state, &page.actor, id).await?;
        if initiative.row.slug != slug {
            return Err(WebError::NotFound);
        }
        page.require(&Action::ManageIndicators(scope(&initiative)))?;
        Ok((initiative, indicator))
    }

    fn here(slug: &str, id: i64) -> String {
        format!("/initiativer/{slug}/indikatorer/{id}/spoergeskema")
    }

    async fn link_page(
        state: &AppState,
        page: Page,
        initiative: Initiative,
        indicator: Indicator,
        input: &LinkForm,
        errors: &FieldErrors,
    ) -> Result<LinkPage, WebError> {
        let surveys = state.store.surveys_of(initiative.row.id).await?;
        let linked = state.store.indicator_survey_link(&indicator).await?.is_some();
        // the link's survey is chosen with its question
        let mut shown = FieldErrors::default();
        for (field, code) in errors.iter() {
            shown.add(if field == "survey_id" { "question" } else { field }, FieldError::new(code));
        }
        let form = FormView::new(input, &shown, &page.tr);
        Ok(LinkPage {
            page,
            initiative,
            indicator,
            form,
            linked,
            questions: question_choices(&surveys),
            units: FeedUnits::ALL,
        })
    }

    async fn form(
        State(state): State<AppState>,
        page: Page,
        Path((slug, id)): Path<(String, i64)>,
    ) -> Result<Response, WebError> {
        let (initiative, indicator) = managed(&state, &page, &slug, id).await?;
        let link = state.store.indicator_survey_link(&indicator).await?;
        let input = link.as_ref().map(LinkForm::of).unwrap_or_default();
        render(link_page(&state, page, initiative, indicator, &input, &FieldErrors::default()).await?)
    }

    async fn save(
        State(state): State<AppState>,
        page: Page,
        session: Session,
        Path((slug, id)): Path<(String, i64)>,
        CsrfForm(input): CsrfForm<LinkForm>,
    ) -> Result<Response, WebError> {
        let (initiative, indicator) = managed(&state, &page, &slug, id).await?;
        let checked = match input.input() {
            Ok(link) => check_link(&state, &indicator, &link).await?,
            Err(errors) => Err(errors),
        };
        match checked {
            Ok(plan) => {
                state.store.save_indicator_survey_link(&indicator, &plan, &audit_actor(&page)).await?;
                flash_redirect(&session, page.t("survey-feed-saved"), &here(&slug, id)).await
            }
            Err(errors) => form_error(link_page(&state, page, initiative, indicator, &input, &errors).await?),
        }
    }

    /// "12 værdier skrevet, 3 uændrede; 2 grupper uden tal (for få svar)."
    fn report_message(page: &Page, report: &FeedReport) -> String {
        let mut message = page.tr.counts(
            "survey-feed-refreshed",
            &[("imported", report.counts.imported), ("unchanged", report.counts.unchanged), ("hidden", report.hidden)],
            &[],
        );
        if !report.unmatched.is_empty() {
            message.push(' ');
            message.push_str(&page.tr.t1("survey-feed-unmatched", "names", report.unmatched.join(", ")));
        }
        message
    }

    async fn refresh_now(
        State(state): State<AppState>,
        page: Page,
        session: Session,
        Path((slug, id)): Path<(String, i64)>,
        CsrfForm(_): CsrfForm<serde_json::Value>,
    ) -> Result<Response, WebError> {
        let (_, indicator) = managed(&state, &page, &slug, id).await?;
        let Some(link) = state.store.indicator_survey_link(&indicator).await? else {
            return Ok(Redirect::to(&here(&slug, id)).into_response());
        };
        let report = refresh(&state, &indicator, &link, &audit_actor(&page)).await?;
        flash_redirect(&session, report_message(&page, &report), &here(&slug, id)).await
    }

    async fn remove(
        State(state): State<AppState>,
        page: Page,
        session: Session,
        Path((slug, id)): Path<(String, i64)>,
        CsrfForm(_): CsrfForm<serde_json::Value>,
    ) -> Result<Response, WebError> {
        let (_, indicator) = managed(&state, &page, &slug, id).await?;
        if state.store.indicator_survey_link(&indicator).await?.is_some() {
            state.store.delete_indicator_survey_link(&indicator, &audit_actor(&page)).await?;
        }
        flash_redirect(&session, page.t("survey-feed-removed"), &here(&slug, id)).await
    }
}

#[cfg(test)]
mod tests {
    use crate::http::i18n::Tr;
    use rygrad_domain::format::Lang;
    use rygrad_domain::survey_feed::FeedUnits;

    #[test]
    fn i18n_ids_built_from_feed_codes_exist() {
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang);
            let mut ids: Vec<String> =
                FeedUnits::ALL.iter().map(|u| format!("survey-feed-units-{}", u.code())).collect();
            ids.extend(
                [
                    "log-entity-indicator_survey_link",
                    "indicator-source-survey",
                    "err-survey-feed-unit-not-percent",
                    "err-survey-feed-question-unknown",
                    "err-survey-feed-question-not-choice",
                    "err-survey-feed-option-unknown",
                    "err-survey-feed-multi-one-option",
                    "err-survey-feed-groups-need-custom",
                    "err-survey-feed-survey-unknown",
                ]
                .map(str::to_owned),
            );
            for id in ids {
                assert!(tr.has(&id), "{id} in {lang:?}");
            }
        }
    }
}
