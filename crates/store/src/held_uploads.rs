//! Files held between an upload and the user's go-ahead (an import's preview), at most a day.
//! The go-ahead turns the file into a job's input in one transaction, so the file is either
//! still held or queued, never lost or doubled.

use crate::background_jobs::insert_job;
use crate::entity::held_upload;
use crate::{Result, Store, now};
use chrono::Duration;
use rygrad_domain::background_job::JobKind;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};

/// How long a file waits for its go-ahead.
const HELD_FOR: Duration = Duration::hours(24);

/// A held file: what it is for, the record it is for and who sent it.
#[derive(Debug, Clone)]
pub struct HeldUpload {
    pub id: i64,
    pub purpose: String,
    pub subject_id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub bytes: Vec<u8>,
}

impl From<held_upload::Model> for HeldUpload {
    fn from(m: held_upload::Model) -> Self {
        HeldUpload {
            id: m.id,
            purpose: m.purpose,
            subject_id: m.subject_id,
            user_id: m.user_id,
            name: m.name,
            bytes: m.bytes,
        }
    }
}

impl Store {
    /// Holds a file for its sender's next step; files held longer than a day go first. The
    /// held file is handed back as written, so the caller need not read megabytes back.
    pub async fn hold_upload(
        &self,
        purpose: &str,
        subject_id: i64,
        user_id: Option<i64>,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<HeldUpload> {
        held_upload::Entity::delete_many()
            .filter(held_upload::Column::CreatedAt.lt(now() - HELD_FOR))
            .exec(&self.db)
            .await?;
        let row = held_upload::ActiveModel {
            purpose: Set(purpose.to_owned()),
            subject_id: Set(subject_id),
            user_id: Set(user_id),
            name: Set(name.to_owned()),
            bytes: Set(bytes.clone()),
            created_at: Set(now()),
            ..Default::default()
        };
        // `insert` would return the row, the file included: only its id is read back
        let id = held_upload::Entity::insert(row).exec(&self.db).await?.last_insert_id;
        Ok(HeldUpload { id, purpose: purpose.to_owned(), subject_id, user_id, name: name.to_owned(), bytes })
    }

    /// A held file, unless it has expired or gone to a job.
    pub async fn held_upload(&self, id: i64) -> Result<Option<HeldUpload>> {
        Ok(held_upload::Entity::find_by_id(id)
            .filter(held_upload::Column::CreatedAt.gte(now() - HELD_FOR))
            .one(&self.db)
            .await?
            .map(HeldUpload::from))
    }

    /// Queues a job with the held file as its input and lets go of the file, in one
    /// transaction: the job's id, or `None` when the file had gone (queued from another tab).
    pub async fn queue_held_upload(
        &self,
        id: i64,
        kind: JobKind,
        payload: &str,
        created_by: Option<i64>,
    ) -> Result<Option<i64>> {
        let txn = self.db.begin().await?;
        let Some(held) = held_upload::Entity::find_by_id(id).one(&txn).await? else {
            return Ok(None);
        };
        let gone = held_upload::Entity::delete_by_id(id).exec(&txn).await?;
        if gone.rows_affected != 1 {
            return Ok(None);
        }
        let job = insert_job(&txn, kind, payload, Some(held.bytes), created_by).await?;
        txn.commit().await?;
        Ok(Some(job))
    }
}
