//! Importing an indicator's values from a CSV or spreadsheet file: upload, a preview with the
//! guessed columns (which the user can change) and every bad or left-out row, then the import
//! as a background job with a status page. All or nothing: a file with any bad row imports
//! nothing.
//!
//! Between the upload and the import the file is held in the store (`Store::hold_upload`; the
//! session holds only its id); the go-ahead turns it into the queued job's input. The job stages the rows in batches (`Store::stage_import_rows`, committed with
//! its progress) and merges them in one transaction at the end.

use super::rules::values_work;
use crate::http::error::WebError;
use crate::http::form::{CsrfForm, CsrfToken};
use crate::http::page::{Page, form_error, render};
use crate::http::state::AppState;
use crate::initiatives::pages::audit_actor;
use crate::meals::import::ImportError;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rygrad_domain::FieldErrors;
use rygrad_domain::background_job::{JobKind, JobStatus};
use rygrad_domain::indicator::{Measurement, ValueSource};
use rygrad_domain::indicator_import::{ImportContext, ImportPlan, MappingInput, SourceRow, plan};
use rygrad_domain::policy::{Action, JobScope};
use rygrad_sheets::Table;
use rygrad_store::background_jobs::{BackgroundJob, JobClaim, JobProgress};
use rygrad_store::held_uploads::HeldUpload;
use rygrad_store::indicators::{Indicator, Provenance, StagedRow, ValueCounts};
use rygrad_store::initiatives::Initiative;
use rygrad_store::{AuditActor, Store};
use tower_sessions::Session;

/// The biggest file, from the page or the API: 64 MB (about 2,500,000 rows of municipalities ×
/// weeks).
pub const FILE_LIMIT: usize = 64 << 20;

/// A request with the biggest file and the form around it. A bigger request is refused by the
/// site-wide limit before it is read (the page's script says so before it is sent).
pub const UPLOAD_LIMIT: usize = FILE_LIMIT + 64 * 1024;

/// Rows staged per transaction.
const BATCH_SIZE: usize = 2000;

/// Rows shown as read in the preview.
const PREVIEW_ROWS: usize = 20;

/// The session's key for the held file's id, and the held file's purpose.
const HELD: &str = "indicator-import";

/// The columns chosen on the preview page (header or 1-based number; empty to guess) and the
/// period of every row for a file without a period column.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    #[serde(default)]
    pub unit_column: String,
    #[serde(default)]
    pub period_column: String,
    #[serde(default)]
    pub value_column: String,
    #[serde(default)]
    pub note_column: String,
    #[serde(default)]
    pub period: String,
}

impl Mapping {
    fn input(&self) -> MappingInput {
        let named = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        MappingInput {
            unit: named(&self.unit_column),
            period: named(&self.period_column),
            value: named(&self.value_column),
            note: named(&self.note_column),
            fixed_period: named(&self.period),
        }
    }
}

/// An import job's payload.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ImportJob {
    indicator_id: i64,
    file_name: String,
    mapping: Mapping,
    /// Who queued it, for the audit entry.
    by: Option<i64>,
    by_name: String,
}

/// What the file holds for the indicator: its table and the plan, or why it cannot be read
/// (a Fluent id) or the columns that could not be settled.
pub(crate) enum Reading {
    Unreadable(&'static str),
    Columns(Table, FieldErrors),
    Planned(Table, ImportPlan),
}

/// Reads a file as values of `indicator`.
pub(crate) async fn read_file(
    store: &Store,
    indicator: &Indicator,
    bytes: Vec<u8>,
    file_name: String,
    mapping: &MappingInput,
) -> Result<Reading, WebError> {
    let own: Vec<(i64, String)> =
        store.indicator_units_of(indicator.initiative_id).await?.into_iter().map(|u| (u.id, u.name)).collect();
    // A big file takes a moment to read: keep it off the async workers.
    let read = tokio::task::spawn_blocking(move || rygrad_sheets::read(&bytes, &file_name))
        .await
        .map_err(|e| WebError::Internal(e.into()))?;
    let table = match read {
        Ok(table) => table,
        Err(rygrad_sheets::SheetError::Empty) => return Ok(Reading::Unreadable("err-indicator-import-empty")),
        Err(_) => return Ok(Reading::Unreadable("err-indicator-import-unreadable")),
    };
    let rows: Vec<SourceRow<'_>> = table.rows.iter().map(|r| SourceRow { line: r.line, cells: &r.cells }).collect();
    let context = ImportContext {
        frequency: indicator.frequency,
        geography: indicator.geography,
        custom_units: &own,
        separator: table.separator,
    };
    let planned = plan(&table.header, &rows, &context, mapping);
    Ok(match planned {
        Ok(plan) => Reading::Planned(table, plan),
        Err(errors) => Reading::Columns(table, errors),
    })
}

fn measurements(plan: &ImportPlan) -> Vec<StagedRow> {
    plan.values
        .iter()
        .map(|v| StagedRow {
            line: v.line as i64,
            measurement: Measurement {
                unit: v.unit.clone(),
                period: v.period,
                value: v.value,
                note: v.note.clone(),
                sample: None,
            },
        })
        .collect()
}

/// Does a claimed import job: reads the file again, stages its rows from the job's cursor on,
/// batch by batch, and merges them into the values in one transaction. The counts.
pub async fn run_import_job(store: &Store, job: &BackgroundJob, worker: &str) -> Result<ValueCounts, ImportError> {
    let claim = JobClaim { job_id: job.id, worker: worker.to_owned() };
    let payload: ImportJob = serde_json::from_str(&job.payload)?;
    if job.result != "null" {
        // merged before its worker stopped: only the finish is left
        store.finish_job(&claim, JobStatus::Done, &job.result, None).await?;
        return Ok(serde_json::from_str(&job.result)?);
    }
    let fail = async |id: &str| store.finish_job(&claim, JobStatus::Failed, "null", Some(id)).await;
    let Some(indicator) = store.indicator(payload.indicator_id).await? else {
        store.discard_staged_import(job.id).await?;
        fail("err-indicator-import-gone").await?;
        return Ok(ValueCounts::default());
    };
    let bytes = store.job_input(job.id).await?.unwrap_or_default();
    let plan = match read_file(store, &indicator, bytes, payload.file_name.clone(), &payload.mapping.input()).await {
        Ok(Reading::Planned(_, plan)) if plan.errors.is_empty() => plan,
        _ => {
            store.discard_staged_import(job.id).await?;
            fail("err-indicator-import-changed").await?;
            return Ok(ValueCounts::default());
        }
    };
    let rows = measurements(&plan);
    let total = rows.len() as i64;
    let mut cursor = usize::try_from(job.cursor).unwrap_or(0).min(rows.len());
    while cursor < rows.len() {
        let end = (cursor + BATCH_SIZE).min(rows.len());
        let progress = JobProgress { cursor: end as i64, done: end as i64, total, result: "null".into() };
        store.stage_import_rows(&claim, &rows[cursor..end], &progress).await?;
        cursor = end;
    }
    let provenance = Provenance { source: ValueSource::File, source_name: payload.file_name, entered_by: payload.by };
    let by = AuditActor { user_id: payload.by, name: payload.by_name };
    let counts = store
        .merge_staged_import(&claim, &indicator, &provenance, &by, |counts| JobProgress {
            cursor: total,
            done: total,
            total,
            result: counts_json(counts),
        })
        .await?;
    store.finish_job(&claim, JobStatus::Done, &counts_json(counts), None).await?;
    Ok(counts)
}

fn counts_json(counts: ValueCounts) -> String {
    serde_json::to_string(&counts).expect("numbers always serialise")
}

// ---------------------------------------------------------------- the pages

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiativer/{slug}/indikatorer/{id}/import", get(form).post(upload))
        .route("/initiativer/{slug}/indikatorer/{id}/import/vis", post(repreview))
        .route("/initiativer/{slug}/indikatorer/{id}/import/start", post(start))
        .route("/initiativer/{slug}/indikatorer/{id}/import/{job}", get(status))
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
}

async fn enterable(state: &AppState, page: &Page, slug: &str, id: i64) -> Result<(Initiative, Indicator), WebError> {
    let (initiative, indicator) = super::rules::visible_indicator(state, &page.actor, id).await?;
    if initiative.row.slug != slug {
        return Err(WebError::NotFound);
    }
    page.require(&Action::EnterIndicatorValues(values_work(&initiative, &indicator)))?;
    Ok((initiative, indicator))
}

#[derive(Template)]
#[template(path = "indicators/import.html")]
struct UploadPage {
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    error: Option<String>,
}

impl UploadPage {
    /// For the page's script, which refuses a bigger file before it is sent.
    fn max_bytes(&self) -> usize {
        FILE_LIMIT
    }
}

async fn form(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = enterable(&state, &page, &slug, id).await?;
    render(UploadPage { page, initiative, indicator, error: None })
}

/// A row as it was read, for the preview.
struct ReadRow {
    line: u64,
    cells: Vec<String>,
}

/// A bad or left-out row, its reason translated.
struct ProblemLine {
    line: u64,
    reason: String,
}

#[derive(Template)]
#[template(path = "indicators/import_preview.html")]
struct PreviewPage {
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    file_name: String,
    encoding: String,
    separator: String,
    header: Vec<String>,
    rows: Vec<ReadRow>,
    mapping: Mapping,
    /// The columns that could not be settled, by field, translated.
    column_errors: Vec<(&'static str, String)>,
    errors: Vec<ProblemLine>,
    skipped: Vec<ProblemLine>,
    values: usize,
}

impl PreviewPage {
    fn column_error(&self, field: &str) -> Option<&str> {
        self.column_errors.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    /// Each column field with the column chosen (its number, or empty).
    fn columns(&self) -> Vec<(&'static str, String)> {
        let m = &self.mapping;
        vec![
            ("unit_column", m.unit_column.clone()),
            ("period_column", m.period_column.clone()),
            ("value_column", m.value_column.clone()),
            ("note_column", m.note_column.clone()),
        ]
    }

    fn can_import(&self) -> bool {
        self.column_errors.is_empty() && self.errors.is_empty() && self.values > 0
    }
}

fn problems(page: &Page, list: &[rygrad_domain::indicator_import::RowProblem]) -> Vec<ProblemLine> {
    list.iter()
        .map(|p| ProblemLine {
            line: p.line,
            reason: page.tr.t1(&format!("import-reason-{}", p.reason.code()), "detail", &p.detail),
        })
        .collect()
}

/// The preview of the held file with `mapping`, or the upload form with why it cannot be read.
async fn preview(
    state: &AppState,
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    held: HeldUpload,
    mapping: Mapping,
) -> Result<Response, WebError> {
    let (table, plan, column_errors) =
        match read_file(&state.store, &indicator, held.bytes, held.name.clone(), &mapping.input()).await? {
            Reading::Unreadable(id) => {
                let error = Some(page.t(id));
                return form_error(UploadPage { page, initiative, indicator, error });
            }
            Reading::Columns(table, errors) => {
                let list = errors.iter().map(|(f, code)| (f, page.t(format!("err-{code}")))).collect();
                (table, None, list)
            }
            Reading::Planned(table, plan) => (table, Some(plan), Vec::new()),
        };
    // the columns in use, as the selects show them
    let mut mapping = mapping;
    if let Some(plan) = &plan {
        let number = |c: &Option<rygrad_domain::indicator_import::Column>| c.as_ref().map(|c| c.number.to_string());
        mapping.unit_column = number(&plan.mapping.unit).unwrap_or_default();
        mapping.period_column = number(&plan.mapping.period).unwrap_or_default();
        mapping.value_column = plan.mapping.value.number.to_string();
        mapping.note_column = number(&plan.mapping.note).unwrap_or_default();
    }
    let separator = match table.separator {
        Some('\t') => page.t("indicator-import-tab"),
        Some(c) => c.to_string(),
        None => page.t("indicator-import-spreadsheet"),
    };
    render(PreviewPage {
        file_name: held.name,
        encoding: table.encoding.to_owned(),
        separator,
        rows: table.rows.iter().take(PREVIEW_ROWS).map(|r| ReadRow { line: r.line, cells: r.cells.clone() }).collect(),
        header: table.header.clone(),
        mapping,
        column_errors,
        errors: plan.as_ref().map(|p| problems(&page, &p.errors)).unwrap_or_default(),
        skipped: plan.as_ref().map(|p| problems(&page, &p.skipped)).unwrap_or_default(),
        values: plan.as_ref().map_or(0, |p| p.values.len()),
        page,
        initiative,
        indicator,
    })
}

async fn upload(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    csrf: axum::Extension<CsrfToken>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let (initiative, indicator) = enterable(&state, &page, &slug, id).await?;
    let (mut token, mut file, mut name, mut period) = (String::new(), Vec::new(), String::new(), String::new());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                let error = Some(page.t("err-indicator-import-too-large"));
                let mut response = render(UploadPage { page, initiative, indicator, error })?;
                *response.status_mut() = axum::http::StatusCode::PAYLOAD_TOO_LARGE;
                return Ok(response);
            }
            Err(_) => return Err(WebError::BadRequest),
        };
        match field.name() {
            Some("_csrf") => token = crate::http::form::field_text(field).await?,
            Some("period") => period = crate::http::form::field_text(field).await?,
            Some("file") => {
                name = field.file_name().unwrap_or("fil.csv").to_owned();
                file = match field.bytes().await {
                    Ok(bytes) => bytes.to_vec(),
                    Err(_) => {
                        let error = Some(page.t("err-indicator-import-too-large"));
                        let mut response = render(UploadPage { page, initiative, indicator, error })?;
                        *response.status_mut() = axum::http::StatusCode::PAYLOAD_TOO_LARGE;
                        return Ok(response);
                    }
                };
            }
            _ => {}
        }
    }
    if !crate::http::form::constant_time_eq(token.as_bytes(), csrf.0.0.as_bytes()) {
        return Err(WebError::Csrf);
    }
    if file.len() > FILE_LIMIT {
        let error = Some(page.t("err-indicator-import-too-large"));
        let mut response = render(UploadPage { page, initiative, indicator, error })?;
        *response.status_mut() = axum::http::StatusCode::PAYLOAD_TOO_LARGE;
        return Ok(response);
    }
    if file.is_empty() {
        let error = Some(page.t("err-indicator-import-empty"));
        return form_error(UploadPage { page, initiative, indicator, error });
    }
    let user_id = page.user.as_ref().map(|u| u.id);
    let held = state.store.hold_upload(HELD, indicator.id, user_id, &name, file).await?;
    session.insert(HELD, held.id).await.map_err(|e| WebError::Internal(e.into()))?;
    preview(&state, page, initiative, indicator, held, Mapping { period, ..Default::default() }).await
}

/// The file this user holds for this indicator's import, if any.
async fn held_file(
    state: &AppState,
    session: &Session,
    page: &Page,
    indicator: &Indicator,
) -> Result<Option<HeldUpload>, WebError> {
    let Some(id) = session.get::<i64>(HELD).await.map_err(|e| WebError::Internal(e.into()))? else {
        return Ok(None);
    };
    let user_id = page.user.as_ref().map(|u| u.id);
    Ok(state
        .store
        .held_upload(id)
        .await?
        .filter(|h| h.purpose == HELD && h.subject_id == indicator.id && h.user_id == user_id))
}

async fn repreview(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(mapping): CsrfForm<Mapping>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = enterable(&state, &page, &slug, id).await?;
    let Some(held) = held_file(&state, &session, &page, &indicator).await? else {
        return Ok(Redirect::to(&format!("/initiativer/{slug}/indikatorer/{id}/import")).into_response());
    };
    preview(&state, page, initiative, indicator, held, mapping).await
}

/// Queues the import of the kept file with `mapping`, checked once more: a file with any error
/// is shown again and nothing is queued.
async fn start(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    CsrfForm(mapping): CsrfForm<Mapping>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = enterable(&state, &page, &slug, id).await?;
    let Some(held) = held_file(&state, &session, &page, &indicator).await? else {
        return Ok(Redirect::to(&format!("/initiativer/{slug}/indikatorer/{id}/import")).into_response());
    };
    let clean = matches!(
        read_file(&state.store, &indicator, held.bytes.clone(), held.name.clone(), &mapping.input()).await?,
        Reading::Planned(_, ref plan) if plan.errors.is_empty() && !plan.values.is_empty()
    );
    if !clean {
        let mut response = preview(&state, page, initiative, indicator, held, mapping).await?;
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let by = audit_actor(&page);
    let payload =
        ImportJob { indicator_id: indicator.id, file_name: held.name, mapping, by: by.user_id, by_name: by.name };
    let payload = serde_json::to_string(&payload).map_err(|e| WebError::Internal(e.into()))?;
    let queued = state.store.queue_held_upload(held.id, JobKind::IndicatorImport, &payload, by.user_id).await?;
    session.remove::<i64>(HELD).await.map_err(|e| WebError::Internal(e.into()))?;
    // queued from another tab already: start again from the upload
    let Some(job) = queued else {
        return Ok(Redirect::to(&format!("/initiativer/{slug}/indikatorer/{id}/import")).into_response());
    };
    state.jobs_queued.notify_one();
    Ok(Redirect::to(&format!("/initiativer/{slug}/indikatorer/{id}/import/{job}")).into_response())
}

#[derive(Template)]
#[template(path = "indicators/import_status.html")]
struct StatusPage {
    page: Page,
    initiative: Initiative,
    indicator: Indicator,
    status: JobStatus,
    job_id: i64,
    done: i64,
    total: i64,
    progress: String,
    error: Option<String>,
    /// Imported and unchanged, once done.
    counts: Option<String>,
}

async fn status(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id, job_id)): Path<(String, i64, i64)>,
) -> Result<Response, WebError> {
    let (initiative, indicator) = enterable(&state, &page, &slug, id).await?;
    let job = state.store.background_job(job_id).await?.ok_or(WebError::NotFound)?;
    page.require(&Action::ViewBackgroundJob(JobScope { created_by: job.created_by }))?;
    let payload: Option<ImportJob> = serde_json::from_str(&job.payload).ok();
    if job.kind != JobKind::IndicatorImport || payload.is_none_or(|p| p.indicator_id != indicator.id) {
        return Err(WebError::NotFound);
    }
    let counts = match job.status {
        JobStatus::Done => {
            let c: ValueCounts = serde_json::from_str(&job.result).map_err(anyhow::Error::from)?;
            Some(page.tr.counts(
                "indicator-import-counts",
                &[("imported", c.imported), ("unchanged", c.unchanged)],
                &[],
            ))
        }
        _ => None,
    };
    let error = (job.status == JobStatus::Failed).then(|| {
        let id =
            job.error.as_deref().filter(|id| id.starts_with("err-indicator-import-")).unwrap_or("err-import-failed");
        page.t(id)
    });
    let progress = page.tr.t2(
        "indicator-import-progress",
        "done",
        page.tr.int(job.progress_done),
        "total",
        page.tr.int(job.progress_total),
    );
    render(StatusPage {
        page,
        initiative,
        indicator,
        status: job.status,
        job_id: job.id,
        done: job.progress_done,
        total: job.progress_total,
        progress,
        error,
        counts,
    })
}
