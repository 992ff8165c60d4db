//! Background jobs (see `rygrad_domain::background_job`): queued by a request, claimed by one
//! worker across all processes with a conditional update (as the outbox is), taken over when a
//! claim goes stale (its process died), and finished with a result or an error. A job's work is
//! committed in batches together with its cursor (see `Store::import_meal_batch`), so a job
//! taken over goes on where the last batch ended.

use crate::entity::background_job;
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, Duration, Utc};
use rygrad_domain::background_job::{JobKind, JobStatus, MAX_ATTEMPTS};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// A job as its status page and its worker see it (the uploaded input is read separately:
/// it can be megabytes, and a status page is read every few seconds).
#[derive(Debug, Clone)]
pub struct BackgroundJob {
    pub id: i64,
    pub kind: JobKind,
    pub status: JobStatus,
    pub payload: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub cursor: i64,
    pub result: String,
    pub error: Option<String>,
    pub attempts: i32,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct JobRow {
    id: i64,
    kind: String,
    status: String,
    payload: String,
    progress_done: i64,
    progress_total: i64,
    cursor: i64,
    result: String,
    error: Option<String>,
    attempts: i32,
    created_by: Option<i64>,
    created_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
}

impl JobRow {
    fn into_job(self) -> Result<BackgroundJob> {
        let unknown =
            |what: &str, code: &str| StoreError::Db(sea_orm::DbErr::Custom(format!("unknown job {what} {code:?}")));
        Ok(BackgroundJob {
            id: self.id,
            kind: JobKind::parse(&self.kind).ok_or_else(|| unknown("kind", &self.kind))?,
            status: JobStatus::parse(&self.status).ok_or_else(|| unknown("status", &self.status))?,
            payload: self.payload,
            progress_done: self.progress_done,
            progress_total: self.progress_total,
            cursor: self.cursor,
            result: self.result,
            error: self.error,
            attempts: self.attempts,
            created_by: self.created_by,
            created_at: self.created_at,
            finished_at: self.finished_at,
        })
    }
}

/// A worker's hold on a job: every write of the job's work checks it, so a worker whose claim
/// was taken over (it was presumed dead) cannot write any more.
#[derive(Debug, Clone)]
pub struct JobClaim {
    pub job_id: i64,
    pub worker: String,
}

/// What a batch of work moves a job to; written in the batch's transaction.
#[derive(Debug, Clone)]
pub struct JobProgress {
    pub cursor: i64,
    pub done: i64,
    pub total: i64,
    /// The result so far (JSON).
    pub result: String,
}

fn job_columns() -> sea_orm::Select<background_job::Entity> {
    background_job::Entity::find().select_only().columns([
        background_job::Column::Id,
        background_job::Column::Kind,
        background_job::Column::Status,
        background_job::Column::Payload,
        background_job::Column::ProgressDone,
        background_job::Column::ProgressTotal,
        background_job::Column::Cursor,
        background_job::Column::Result,
        background_job::Column::Error,
        background_job::Column::Attempts,
        background_job::Column::CreatedBy,
        background_job::Column::CreatedAt,
        background_job::Column::FinishedAt,
    ])
}

/// Queues a job on `conn`, so a caller can queue it in its own transaction.
pub(crate) async fn insert_job<C: ConnectionTrait>(
    conn: &C,
    kind: JobKind,
    payload: &str,
    input: Option<Vec<u8>>,
    created_by: Option<i64>,
) -> Result<i64> {
    let row = background_job::ActiveModel {
        kind: Set(kind.code().to_owned()),
        payload: Set(payload.to_owned()),
        input: Set(input),
        status: Set(JobStatus::Queued.code().to_owned()),
        progress_done: Set(0),
        progress_total: Set(0),
        cursor: Set(0),
        result: Set("null".to_owned()),
        error: Set(None),
        claimed_by: Set(None),
        claimed_at: Set(None),
        attempts: Set(0),
        created_by: Set(created_by),
        created_at: Set(now()),
        updated_at: Set(now()),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(row.id)
}

impl Store {
    /// Queues a job; `payload` and the initial `result` are JSON.
    pub async fn enqueue_job(
        &self,
        kind: JobKind,
        payload: &str,
        input: Option<Vec<u8>>,
        created_by: Option<i64>,
    ) -> Result<i64> {
        insert_job(&self.db, kind, payload, input, created_by).await
    }

    pub async fn background_job(&self, id: i64) -> Result<Option<BackgroundJob>> {
        job_columns()
            .filter(background_job::Column::Id.eq(id))
            .into_model::<JobRow>()
            .one(&self.db)
            .await?
            .map(JobRow::into_job)
            .transpose()
    }

    /// The uploaded input of a job that is not finished (finished jobs drop it).
    pub async fn job_input(&self, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(background_job::Entity::find_by_id(id)
            .select_only()
            .column(background_job::Column::Input)
            .into_tuple::<Option<Vec<u8>>>()
            .one(&self.db)
            .await?
            .flatten())
    }

    /// Claims the oldest job that waits, or whose claim is older than `stale_after` (its worker
    /// died or hangs), for `worker`; `only` restricts the claim to one job (the CLI runs the job
    /// it queued). A job claimed `MAX_ATTEMPTS` times without finishing is failed instead.
    pub async fn claim_job(
        &self,
        worker: &str,
        stale_after: Duration,
        only: Option<i64>,
    ) -> Result<Option<BackgroundJob>> {
        let stale = now() - stale_after;
        let abandoned = || {
            Condition::any().add(background_job::Column::Status.eq(JobStatus::Queued.code())).add(
                Condition::all().add(background_job::Column::Status.eq(JobStatus::Running.code())).add(
                    Condition::any()
                        .add(background_job::Column::ClaimedAt.is_null())
                        .add(background_job::Column::ClaimedAt.lt(stale)),
                ),
            )
        };
        background_job::Entity::update_many()
            .col_expr(background_job::Column::Status, Expr::value(JobStatus::Failed.code()))
            .col_expr(background_job::Column::Error, Expr::value(format!("gave up after {MAX_ATTEMPTS} attempts")))
            .col_expr(background_job::Column::Input, Expr::value(Option::<Vec<u8>>::None))
            .col_expr(background_job::Column::FinishedAt, Expr::value(now()))
            .col_expr(background_job::Column::UpdatedAt, Expr::value(now()))
            .filter(abandoned())
            .filter(background_job::Column::Attempts.gte(MAX_ATTEMPTS))
            .exec(&self.db)
            .await?;
        let claimable = || {
            let mut condition =
                Condition::all().add(abandoned()).add(background_job::Column::Attempts.lt(MAX_ATTEMPTS));
            if let Some(id) = only {
                condition = condition.add(background_job::Column::Id.eq(id));
            }
            condition
        };
        for _ in 0..3 {
            let Some(candidate) = background_job::Entity::find()
                .select_only()
                .column(background_job::Column::Id)
                .filter(claimable())
                .order_by_asc(background_job::Column::Id)
                .into_tuple::<i64>()
                .one(&self.db)
                .await?
            else {
                return Ok(None);
            };
            let claimed = background_job::Entity::update_many()
                .col_expr(background_job::Column::Status, Expr::value(JobStatus::Running.code()))
                .col_expr(background_job::Column::ClaimedBy, Expr::value(worker))
                .col_expr(background_job::Column::ClaimedAt, Expr::value(now()))
                .col_expr(background_job::Column::Attempts, Expr::col(background_job::Column::Attempts).add(1))
                .col_expr(background_job::Column::UpdatedAt, Expr::value(now()))
                .filter(background_job::Column::Id.eq(candidate))
                .filter(claimable())
                .exec(&self.db)
                .await?;
            if claimed.rows_affected == 1 {
                return self.background_job(candidate).await;
            }
        }
        Ok(None)
    }

    /// Renews the claim inside a batch's transaction `conn`, before its work. `ClaimLost` when
    /// another worker has taken the job over: the caller must roll back.
    pub(crate) async fn renew_job_claim(conn: &impl ConnectionTrait, claim: &JobClaim) -> Result<()> {
        let updated = background_job::Entity::update_many()
            .col_expr(background_job::Column::ClaimedAt, Expr::value(now()))
            .filter(held_by(claim))
            .exec(conn)
            .await?;
        still_held(updated.rows_affected)
    }

    /// Records a batch's progress inside the batch's transaction `conn`, and renews the claim.
    /// `ClaimLost` when another worker has taken the job over: the caller must roll back.
    pub(crate) async fn record_job_progress(
        conn: &impl ConnectionTrait,
        claim: &JobClaim,
        progress: &JobProgress,
    ) -> Result<()> {
        let updated = background_job::Entity::update_many()
            .col_expr(background_job::Column::Cursor, Expr::value(progress.cursor))
            .col_expr(background_job::Column::ProgressDone, Expr::value(progress.done))
            .col_expr(background_job::Column::ProgressTotal, Expr::value(progress.total))
            .col_expr(background_job::Column::Result, Expr::value(progress.result.clone()))
            .col_expr(background_job::Column::ClaimedAt, Expr::value(now()))
            .col_expr(background_job::Column::UpdatedAt, Expr::value(now()))
            .filter(held_by(claim))
            .exec(conn)
            .await?;
        still_held(updated.rows_affected)
    }

    /// Progress without other work (reading the input, a batch of nothing to write).
    pub async fn report_job_progress(&self, claim: &JobClaim, progress: &JobProgress) -> Result<()> {
        Self::record_job_progress(&self.db, claim, progress).await
    }

    /// Ends a job as done with its result, or as failed with an error the page shows; the input
    /// is dropped. `ClaimLost` when another worker holds it.
    pub async fn finish_job(
        &self,
        claim: &JobClaim,
        status: JobStatus,
        result: &str,
        error: Option<&str>,
    ) -> Result<()> {
        let updated = background_job::Entity::update_many()
            .col_expr(background_job::Column::Status, Expr::value(status.code()))
            .col_expr(background_job::Column::Result, Expr::value(result))
            .col_expr(background_job::Column::Error, Expr::value(error.map(str::to_owned)))
            .col_expr(background_job::Column::Input, Expr::value(Option::<Vec<u8>>::None))
            .col_expr(background_job::Column::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(background_job::Column::ClaimedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(background_job::Column::FinishedAt, Expr::value(now()))
            .col_expr(background_job::Column::UpdatedAt, Expr::value(now()))
            .filter(held_by(claim))
            .exec(&self.db)
            .await?;
        still_held(updated.rows_affected)
    }

    /// Deletes jobs that ended before `before`; their summaries name the events of a file.
    pub async fn purge_finished_jobs(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(background_job::Entity::delete_many()
            .filter(background_job::Column::FinishedAt.lt(before))
            .exec(&self.db)
            .await?
            .rows_affected)
    }
}

/// The job's row while `claim` still holds it.
fn held_by(claim: &JobClaim) -> Condition {
    Condition::all()
        .add(background_job::Column::Id.eq(claim.job_id))
        .add(background_job::Column::ClaimedBy.eq(&claim.worker))
        .add(background_job::Column::Status.eq(JobStatus::Running.code()))
}

/// `ClaimLost` unless the update that filtered by `held_by` changed the job's row.
fn still_held(rows_affected: u64) -> Result<()> {
    if rows_affected == 1 { Ok(()) } else { Err(StoreError::ClaimLost) }
}
