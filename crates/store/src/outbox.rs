//! Mail waiting to be sent. A worker in each server process claims one row at a time with a
//! conditional update, so a mail goes out once however many processes run.

use crate::entity::outbox_mail;
use crate::{Result, Store, now};
use chrono::Duration;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

pub const MAX_ATTEMPTS: i32 = 5;

/// A text attachment, such as a meal's calendar entry.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub content: String,
}

impl Store {
    pub async fn enqueue_mail(
        &self,
        to: &str,
        subject: &str,
        body_text: &str,
        attachment: Option<&Attachment>,
    ) -> Result<i64> {
        let row = outbox_mail::ActiveModel {
            to_address: Set(to.to_owned()),
            subject: Set(subject.to_owned()),
            body_text: Set(body_text.to_owned()),
            attachment_name: Set(attachment.map(|a| a.name.clone())),
            attachment_type: Set(attachment.map(|a| a.content_type.clone())),
            attachment: Set(attachment.map(|a| a.content.clone())),
            created_at: Set(now()),
            attempts: Set(0),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(row.id)
    }

    /// Claims the oldest unsent mail for `worker`, or none. A claim older than `stale_after`
    /// (a process died mid-send) can be taken over.
    pub async fn claim_mail(&self, worker: &str, stale_after: Duration) -> Result<Option<outbox_mail::Model>> {
        let claimable = || {
            Condition::all()
                .add(outbox_mail::Column::SentAt.is_null())
                .add(outbox_mail::Column::Attempts.lt(MAX_ATTEMPTS))
                .add(
                    Condition::any()
                        .add(outbox_mail::Column::ClaimedAt.is_null())
                        .add(outbox_mail::Column::ClaimedAt.lt(now() - stale_after)),
                )
        };
        for _ in 0..3 {
            let Some(candidate) = outbox_mail::Entity::find()
                .filter(claimable())
                .order_by_asc(outbox_mail::Column::Id)
                .limit(1)
                .one(&self.db)
                .await?
            else {
                return Ok(None);
            };
            let claimed = outbox_mail::Entity::update_many()
                .col_expr(outbox_mail::Column::ClaimedBy, Expr::value(worker))
                .col_expr(outbox_mail::Column::ClaimedAt, Expr::value(now()))
                .filter(outbox_mail::Column::Id.eq(candidate.id))
                .filter(claimable())
                .exec(&self.db)
                .await?;
            if claimed.rows_affected == 1 {
                return Ok(Some(candidate));
            }
        }
        Ok(None)
    }

    pub async fn mark_mail_sent(&self, id: i64) -> Result<()> {
        outbox_mail::Entity::update_many()
            .col_expr(outbox_mail::Column::SentAt, Expr::value(now()))
            .col_expr(outbox_mail::Column::Attempts, Expr::col(outbox_mail::Column::Attempts).add(1))
            .filter(outbox_mail::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Releases the claim so that another attempt is made later.
    pub async fn mark_mail_failed(&self, id: i64, error: &str) -> Result<()> {
        outbox_mail::Entity::update_many()
            .col_expr(outbox_mail::Column::ClaimedAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
            .col_expr(outbox_mail::Column::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(outbox_mail::Column::LastError, Expr::value(error))
            .col_expr(outbox_mail::Column::Attempts, Expr::col(outbox_mail::Column::Attempts).add(1))
            .filter(outbox_mail::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Recent mail, newest first (the outbox page in demo and development mode).
    pub async fn recent_mail(&self, limit: u64) -> Result<Vec<outbox_mail::Model>> {
        Ok(outbox_mail::Entity::find().order_by_desc(outbox_mail::Column::Id).limit(limit).all(&self.db).await?)
    }
}
