//! The Statistics Denmark connector: an indicator's values fetched from a StatBank table
//! (`POST {statbank_url}/data`, CSV with codes), read with `rygrad_sheets`, mapped by
//! `domain::indicator_import` (area codes to units, time codes to periods) and written all or
//! nothing with the table as provenance. A fetch runs as a background job, asked for by "fetch
//! now" or by the hourly refresh of connectors that are due; an error answer, an HTML page, a
//! timeout or a bad row writes nothing and says why in the connector's last status.

use super::api::ValueCountsOut;
use super::rules::visible_indicator;
use crate::api::{Body, Path, TokenHolder, validation_response};
use crate::http::config::WebConfig;
use crate::http::error::WebError;
use crate::http::state::AppState;
use crate::initiatives::rules::scope;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rygrad_domain::background_job::{JobKind, JobStatus};
use rygrad_domain::indicator::{Measurement, ValueSource};
use rygrad_domain::indicator_import::{ImportContext, ImportReason, MappingInput, RowProblem, SourceRow, plan};
use rygrad_domain::policy::Action;
use rygrad_domain::statbank::{ConnectorInput, ConnectorStatus, effective_filter};
use rygrad_store::background_jobs::{BackgroundJob, JobClaim};
use rygrad_store::indicator_connectors::IndicatorConnector;
use rygrad_store::indicators::{Indicator, Provenance, ValueCounts};
use rygrad_store::{AuditActor, StoreError};
use std::collections::BTreeMap;

/// The largest answer read: FOLK1A for every municipality and quarter is well under 1 MB.
const ANSWER_LIMIT: usize = 50 * 1024 * 1024;

/// Bad lines named in a failed run's message.
const LINES_SHOWN: usize = 10;

/// Why a fetch wrote nothing: the status and what to show with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: ConnectorStatus,
    pub message: String,
}

impl Failure {
    fn new(status: ConnectorStatus, message: impl Into<String>) -> Self {
        Failure { status, message: message.into() }
    }
}

/// StatBank's error answer.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ServiceError {
    #[serde(default)]
    error_type_code: String,
    #[serde(default)]
    message: String,
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).trim_start_matches('\u{feff}').to_lowercase();
    let start = start.trim_start();
    start.starts_with('<') || start.contains("<html")
}

/// Asks StatBank for `table` with `filter` (variable → codes) as CSV with codes, `;` and a
/// BOM: the answer's bytes, or why there are none.
pub async fn fetch_table(
    config: &WebConfig,
    table: &str,
    filter: &BTreeMap<String, Vec<String>>,
) -> Result<Vec<u8>, Failure> {
    let variables: Vec<serde_json::Value> =
        filter.iter().map(|(code, values)| serde_json::json!({"code": code, "values": values})).collect();
    let request = serde_json::json!({
        "table": table,
        "format": "CSV",
        "valuePresentation": "Code",
        "delimiter": "Semicolon",
        "variables": variables,
    });
    let unreachable = |e: reqwest::Error| {
        if e.is_timeout() {
            Failure::new(ConnectorStatus::Timeout, "")
        } else {
            Failure::new(ConnectorStatus::Unreachable, "")
        }
    };
    let client = reqwest::Client::builder()
        .timeout(config.statbank_timeout)
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
        .map_err(unreachable)?;
    let url = format!("{}/data", config.statbank_url.trim_end_matches('/'));
    let mut response = client.post(url).json(&request).send().await.map_err(unreachable)?;
    let status = response.status();
    let html_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("html"));
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
        body.extend_from_slice(&chunk);
        if body.len() > ANSWER_LIMIT {
            return Err(Failure::new(ConnectorStatus::NotCsv, "too large"));
        }
    }
    if html_type || looks_like_html(&body) {
        return Err(Failure::new(ConnectorStatus::NotCsv, format!("HTTP {}", status.as_u16())));
    }
    if !status.is_success() {
        let message = match serde_json::from_slice::<ServiceError>(&body) {
            Ok(e) if !e.message.is_empty() => format!("{}: {}", e.error_type_code, e.message),
            _ => format!("HTTP {}", status.as_u16()),
        };
        return Err(Failure::new(ConnectorStatus::ServiceError, message.trim_start_matches(": ").to_owned()));
    }
    Ok(body)
}

/// `3: value-invalid (abc); 7: unit-unknown (999)`, the first lines only.
fn lines_message(errors: &[RowProblem]) -> String {
    let mut shown: Vec<String> = errors
        .iter()
        .take(LINES_SHOWN)
        .map(|e| {
            if e.detail.is_empty() {
                format!("{}: {}", e.line, e.reason.code())
            } else {
                format!("{}: {} ({})", e.line, e.reason.code(), e.detail)
            }
        })
        .collect();
    if errors.len() > LINES_SHOWN {
        shown.push(format!("+{}", errors.len() - LINES_SHOWN));
    }
    shown.join("; ")
}

/// Reads an answer as values of `indicator`: every row a value (or left out, as totals are),
/// or the bad lines.
pub fn read_answer(indicator: &Indicator, bytes: &[u8], table: &str) -> Result<Vec<Measurement>, Failure> {
    let sheet = rygrad_sheets::read(bytes, table).map_err(|e| Failure::new(ConnectorStatus::NotCsv, e.to_string()))?;
    let rows: Vec<SourceRow<'_>> = sheet.rows.iter().map(|r| SourceRow { line: r.line, cells: &r.cells }).collect();
    let context = ImportContext {
        frequency: indicator.frequency,
        geography: indicator.geography,
        custom_units: &[],
        separator: sheet.separator,
    };
    let planned = plan(&sheet.header, &rows, &context, &MappingInput::default()).map_err(|errors| {
        let fields: Vec<String> = errors.iter().map(|(field, code)| format!("{field}: {code}")).collect();
        Failure::new(ConnectorStatus::BadRows, fields.join("; "))
    })?;
    // A table asked for every area holds the country, regions and municipalities alike: the
    // areas of another level than the indicator's are left out, not errors.
    let errors: Vec<RowProblem> =
        planned.errors.into_iter().filter(|e| e.reason != ImportReason::UnitWrongLevel).collect();
    if !errors.is_empty() {
        return Err(Failure::new(ConnectorStatus::BadRows, lines_message(&errors)));
    }
    Ok(planned
        .values
        .into_iter()
        .map(|v| Measurement { unit: v.unit, period: v.period, value: v.value, note: v.note, sample: None })
        .collect())
}

/// Fetches a connector's table and writes its values all or nothing; records the run (its
/// status, and its counts in the log) either way. The connector after the run.
pub async fn run_connector(
    state: &AppState,
    indicator: &Indicator,
    connector: &IndicatorConnector,
    by: &AuditActor,
) -> Result<IndicatorConnector, StoreError> {
    let municipalities =
        state.store.initiative(indicator.initiative_id).await?.map(|i| i.municipalities).unwrap_or_default();
    let filter = effective_filter(&connector.filter, &municipalities);
    let values = match fetch_table(&state.config, &connector.table, &filter).await {
        Ok(bytes) => {
            let (indicator, table) = (indicator.clone(), connector.table.clone());
            tokio::task::spawn_blocking(move || read_answer(&indicator, &bytes, &table))
                .await
                .unwrap_or_else(|_| Err(Failure::new(ConnectorStatus::NotCsv, "")))
        }
        Err(failure) => Err(failure),
    };
    let (status, message, counts) = match values {
        Ok(values) => {
            let provenance = Provenance {
                source: ValueSource::Connector,
                source_name: connector.table.clone(),
                entered_by: by.user_id,
            };
            let counts = state.store.apply_import(indicator, &values, &provenance, by).await?;
            state.page_cache.invalidate();
            (ConnectorStatus::Ok, String::new(), counts)
        }
        Err(failure) => (failure.status, failure.message, ValueCounts::default()),
    };
    if status != ConnectorStatus::Ok {
        tracing::info!(connector_id = connector.id, status = status.code(), "StatBank fetch wrote nothing");
    }
    state.store.record_connector_run(indicator, connector.id, status, &message, counts, by).await
}

/// What a connector job is asked to do: its payload.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ConnectorJob {
    pub indicator_id: i64,
    /// Who asked (none for the scheduled refresh), for the log.
    pub user_id: Option<i64>,
    pub user_name: String,
}

/// Queues a fetch of an indicator's connector; the job's id.
pub async fn queue_run(state: &AppState, indicator_id: i64, by: &AuditActor) -> Result<i64, StoreError> {
    let payload = ConnectorJob { indicator_id, user_id: by.user_id, user_name: by.name.clone() };
    let payload = serde_json::to_string(&payload).unwrap_or_default();
    let id = state.store.enqueue_job(JobKind::IndicatorConnector, &payload, None, by.user_id).await?;
    state.jobs_queued.notify_one();
    Ok(id)
}

/// Does a claimed connector job: the run, then the job done with the run's status (failed
/// when nothing was written, with the status's message id).
pub async fn run_connector_job(state: &AppState, job: &BackgroundJob, worker: &str) -> Result<(), StoreError> {
    let claim = JobClaim { job_id: job.id, worker: worker.to_owned() };
    let Ok(payload) = serde_json::from_str::<ConnectorJob>(&job.payload) else {
        return state.store.finish_job(&claim, JobStatus::Failed, "null", None).await;
    };
    let by = AuditActor { user_id: payload.user_id, name: payload.user_name };
    let indicator = state.store.indicator(payload.indicator_id).await?;
    let connector = state.store.indicator_connector(payload.indicator_id).await?;
    let (Some(indicator), Some(connector)) = (indicator, connector) else {
        // deleted since it was queued
        return state.store.finish_job(&claim, JobStatus::Done, "null", None).await;
    };
    let run = run_connector(state, &indicator, &connector, &by).await?;
    let status = run.last_run.map_or(ConnectorStatus::Ok, |r| r.status);
    let result = serde_json::json!({"status": status.code()}).to_string();
    if status == ConnectorStatus::Ok {
        state.store.finish_job(&claim, JobStatus::Done, &result, None).await
    } else {
        let error = format!("connector-status-{}", status.code());
        state.store.finish_job(&claim, JobStatus::Failed, &result, Some(&error)).await
    }
}

/// Queues a fetch of every connector whose refresh is due at `now`; how many.
pub async fn queue_due_connectors(state: &AppState, now: DateTime<Utc>) -> Result<usize, StoreError> {
    let due = state.store.due_indicator_connectors(now).await?;
    for connector in &due {
        queue_run(state, connector.indicator_id, &AuditActor::system()).await?;
    }
    Ok(due.len())
}

/// A connector as the API shows it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ConnectorOut {
    pub indicator_id: i64,
    /// The StatBank table's code, e.g. `FOLK1A`.
    pub table: String,
    /// Variable code → value codes; empty: the initiative's municipalities and every period.
    pub filter: BTreeMap<String, Vec<String>>,
    /// `none`, `daily`, `weekly` or `monthly`.
    pub refresh: String,
    pub last_run_at: Option<DateTime<Utc>>,
    /// `ok`, `service_error`, `not_csv`, `timeout`, `unreachable` or `bad_rows`.
    pub last_status: Option<String>,
    /// StatBank's own message, or the bad lines (`line: reason (cell)`) of the last run.
    pub last_message: Option<String>,
    /// What the last run wrote: values new or changed, and values equal to the stored ones
    /// (both 0 for a failed run).
    pub last_counts: Option<ValueCountsOut>,
}

impl From<IndicatorConnector> for ConnectorOut {
    fn from(c: IndicatorConnector) -> Self {
        ConnectorOut {
            indicator_id: c.indicator_id,
            table: c.table,
            filter: c.filter,
            refresh: c.refresh.code().into(),
            last_run_at: c.last_run.as_ref().map(|r| r.at),
            last_status: c.last_run.as_ref().map(|r| r.status.code().to_owned()),
            last_counts: c
                .last_run
                .as_ref()
                .map(|r| ValueCountsOut { imported: r.counts.imported, unchanged: r.counts.unchanged }),
            last_message: c.last_run.map(|r| r.message),
        }
    }
}

/// A run queued.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ConnectorRunOut {
    /// The background job that fetches the table.
    pub job_id: i64,
}

/// An indicator whose connector the caller may manage.
async fn managed(state: &AppState, who: &crate::http::auth::ApiActor, id: i64) -> Result<Indicator, WebError> {
    let (i, indicator) = visible_indicator(state, &who.actor, id).await?;
    who.require(&Action::ManageIndicators(scope(&i)))?;
    Ok(indicator)
}

/// An indicator's Statistics Denmark connector and how its last fetch went (backbone staff).
#[utoipa::path(get, path = "/indicators/{id}/connector", tag = "indicators", operation_id = "getIndicatorConnector", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 200, body = ConnectorOut), (status = 401), (status = 403), (status = 404)))]
pub async fn get_indicator_connector(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Json<ConnectorOut>, WebError> {
    managed(&state, &who, id).await?;
    let connector = state.store.indicator_connector(id).await?.ok_or(WebError::NotFound)?;
    Ok(Json(connector.into()))
}

/// Sets up or changes an indicator's Statistics Denmark connector: the table, the filter and
/// how often it refreshes (backbone staff).
#[utoipa::path(put, path = "/indicators/{id}/connector", tag = "indicators", operation_id = "putIndicatorConnector", security(("token" = [])),
    params(("id" = i64, Path)), request_body = ConnectorInput,
    responses((status = 200, body = ConnectorOut), (status = 401), (status = 403), (status = 404), (status = 422, body = crate::api::ValidationErrors)))]
pub async fn put_indicator_connector(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
    Body(input): Body<ConnectorInput>,
) -> Result<Response, WebError> {
    let indicator = managed(&state, &who, id).await?;
    let plan = match input.validate() {
        Ok(plan) => plan,
        Err(errors) => return Ok(validation_response(&errors)),
    };
    let connector = state.store.save_indicator_connector(&indicator, &plan, &who.audit).await?;
    Ok(Json(ConnectorOut::from(connector)).into_response())
}

/// Fetches the connector's table now, as a background job; the connector's `last_status` says
/// how it went (backbone staff).
#[utoipa::path(post, path = "/indicators/{id}/connector/runs", tag = "indicators", operation_id = "runIndicatorConnector", security(("token" = [])),
    params(("id" = i64, Path)), responses((status = 202, body = ConnectorRunOut), (status = 401), (status = 403), (status = 404)))]
pub async fn run_indicator_connector(
    State(state): State<AppState>,
    TokenHolder(who): TokenHolder,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    managed(&state, &who, id).await?;
    state.store.indicator_connector(id).await?.ok_or(WebError::NotFound)?;
    let job_id = queue_run(&state, id, &who.audit).await?;
    Ok((StatusCode::ACCEPTED, Json(ConnectorRunOut { job_id })).into_response())
}

pub mod page {
    //! The connector's form for backbone staff: table, filter and refresh, how the last fetch
    //! went, and "fetch now".

    use super::{IndicatorConnector, queue_run};
    use crate::http::error::WebError;
    use crate::http::form::{CsrfForm, FormView};
    use crate::http::page::{Page, flash_redirect, form_error, render};
    use crate::http::state::AppState;
    use crate::initiatives::pages::audit_actor;
    use askama::Template;
    use axum::Router;
    use axum::extract::{Path, State};
    use axum::response::{IntoResponse, Redirect, Response};
    use axum::routing::{get, post};
    use rygrad_domain::FieldErrors;
    use rygrad_domain::statbank::{ConnectorInput, Refresh, filter_lines, parse_filter_lines};
    use rygrad_store::indicators::Indicator;
    use rygrad_store::initiatives::Initiative;
    use tower_sessions::Session;

    pub fn router() -> Router<AppState> {
        Router::new()
            .route("/initiativer/{slug}/indikatorer/{id}/forbindelse", get(form).post(save))
            .route("/initiativer/{slug}/indikatorer/{id}/forbindelse/hent", post(fetch_now))
    }

    /// The form as typed: the filter as lines (`OMRÅDE = 101, 147`).
    #[derive(Debug, Default, serde::Deserialize, serde::Serialize)]
    struct ConnectorForm {
        #[serde(default)]
        table: String,
        #[serde(default)]
        filter: String,
        #[serde(default)]
        refresh: String,
    }

    impl ConnectorForm {
        fn of(connector: &IndicatorConnector) -> Self {
            ConnectorForm {
                table: connector.table.clone(),
                filter: filter_lines(&connector.filter),
                refresh: connector.refresh.code().into(),
            }
        }

        fn validate(&self) -> Result<rygrad_domain::statbank::ConnectorPlan, FieldErrors> {
            let filter = match parse_filter_lines(&self.filter) {
                Ok(filter) => filter,
                Err(e) => {
                    let mut errors = ConnectorInput { table: self.table.clone(), ..Default::default() }
                        .validate()
                        .err()
                        .unwrap_or_default();
                    errors.add("filter", e);
                    return Err(errors);
                }
            };
            ConnectorInput { table: self.table.clone(), filter, refresh: self.refresh.clone() }.validate()
        }
    }

    #[derive(Template)]
    #[template(path = "indicators/connector.html")]
    struct ConnectorPage {
        page: Page,
        initiative: Initiative,
        indicator: Indicator,
        form: FormView,
        connector: Option<IndicatorConnector>,
        refreshes: [Refresh; 4],
    }

    impl ConnectorPage {
        /// "Hentet 4. december 2026 kl. 14.05: OK.", and what the run wrote.
        fn last_run(&self) -> Option<(String, String, String)> {
            let run = self.connector.as_ref()?.last_run.as_ref()?;
            let tr = &self.page.tr;
            let when = tr.t1("connector-last-run", "at", tr.datetime(&run.at));
            let counts = tr.counts(
                "connector-last-counts",
                &[("imported", run.counts.imported), ("unchanged", run.counts.unchanged)],
                &[],
            );
            Some((when, tr.t(&format!("connector-status-{}", run.status.code())), counts))
        }

        fn last_message(&self) -> &str {
            self.connector.as_ref().and_then(|c| c.last_run.as_ref()).map_or("", |r| r.message.as_str())
        }
    }

    fn here(slug: &str, id: i64) -> String {
        format!("/initiativer/{slug}/indikatorer/{id}/forbindelse")
    }

    async fn form(
        State(state): State<AppState>,
        page: Page,
        Path((slug, id)): Path<(String, i64)>,
    ) -> Result<Response, WebError> {
        let (initiative, indicator) = crate::indicators::pages::managed_indicator(&state, &page, &slug, id).await?;
        let connector = state.store.indicator_connector(id).await?;
        let input = connector.as_ref().map(ConnectorForm::of).unwrap_or_default();
        let form = FormView::new(&input, &FieldErrors::default(), &page.tr);
        render(ConnectorPage { page, initiative, indicator, form, connector, refreshes: Refresh::ALL })
    }

    async fn save(
        State(state): State<AppState>,
        page: Page,
        session: Session,
        Path((slug, id)): Path<(String, i64)>,
        CsrfForm(input): CsrfForm<ConnectorForm>,
    ) -> Result<Response, WebError> {
        let (initiative, indicator) = crate::indicators::pages::managed_indicator(&state, &page, &slug, id).await?;
        match input.validate() {
            Ok(plan) => {
                state.store.save_indicator_connector(&indicator, &plan, &audit_actor(&page)).await?;
                flash_redirect(&session, page.t("connector-saved"), &here(&slug, id)).await
            }
            Err(errors) => {
                let connector = state.store.indicator_connector(id).await?;
                let form = FormView::new(&input, &errors, &page.tr);
                form_error(ConnectorPage { page, initiative, indicator, form, connector, refreshes: Refresh::ALL })
            }
        }
    }

    async fn fetch_now(
        State(state): State<AppState>,
        page: Page,
        session: Session,
        Path((slug, id)): Path<(String, i64)>,
        CsrfForm(_): CsrfForm<serde_json::Value>,
    ) -> Result<Response, WebError> {
        crate::indicators::pages::managed_indicator(&state, &page, &slug, id).await?;
        if state.store.indicator_connector(id).await?.is_none() {
            return Ok(Redirect::to(&here(&slug, id)).into_response());
        }
        queue_run(&state, id, &audit_actor(&page)).await?;
        flash_redirect(&session, page.t("connector-queued"), &here(&slug, id)).await
    }
}

#[cfg(test)]
mod tests {
    use crate::http::i18n::Tr;
    use rygrad_domain::format::Lang;
    use rygrad_domain::statbank::{ConnectorStatus, Refresh};

    #[test]
    fn i18n_ids_built_from_connector_codes_exist() {
        for lang in [Lang::Da, Lang::En] {
            let tr = Tr::new(lang);
            let mut ids: Vec<String> =
                ConnectorStatus::ALL.iter().map(|s| format!("connector-status-{}", s.code())).collect();
            ids.extend(Refresh::ALL.iter().map(|r| format!("connector-refresh-{}", r.code())));
            ids.extend(["log-entity-indicator_connector", "log-action-run"].map(str::to_owned));
            for id in ids {
                assert!(tr.has(&id), "{id} in {lang:?}");
            }
        }
    }

    #[test]
    fn html_is_told_from_csv() {
        assert!(super::looks_like_html(b"\xef\xbb\xbf <!DOCTYPE html><html>"));
        assert!(!super::looks_like_html("\u{feff}OMRÅDE;TID;INDHOLD\r\n101;2024K1;1\r\n".as_bytes()));
    }
}
