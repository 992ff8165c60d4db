//! Mail waiting to be sent. Mail that follows a change is queued in the same transaction as the
//! change ([`queue`]), so neither is committed without the other. A worker in each server
//! process claims one due row at a time with a conditional update, so a mail goes out once
//! however many processes run; a failed attempt is tried again later, and after the last one
//! the mail is kept as failed for people to see. Each mail names what it is about, so it goes
//! when that is erased, and sent mail is deleted after a few days.

use crate::entity::outbox_mail;
use crate::{Result, Store, now};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashSet;

/// A text attachment, such as a meal's calendar entry.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub content: String,
}

/// A mail to queue.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Attachment>,
}

/// A queued mail as the worker sends it and the outbox pages show it.
#[derive(Debug, Clone)]
pub struct OutboxMail {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub attachment: Option<Attachment>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: i32,
    /// The short reason of the last failed attempt.
    pub last_error: Option<String>,
    /// When a failed mail is tried again.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
}

impl From<outbox_mail::Model> for OutboxMail {
    fn from(m: outbox_mail::Model) -> Self {
        let attachment = match (m.attachment_name, m.attachment_type, m.attachment) {
            (Some(name), Some(content_type), Some(content)) => Some(Attachment { name, content_type, content }),
            _ => None,
        };
        OutboxMail {
            id: m.id,
            to_address: m.to_address,
            subject: m.subject,
            body_text: m.body_text,
            attachment,
            created_at: m.created_at,
            sent_at: m.sent_at,
            attempts: m.attempts,
            last_error: m.last_error,
            next_attempt_at: m.next_attempt_at,
            failed_at: m.failed_at,
        }
    }
}

/// What a mail is about: it is deleted when that is erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Signup(i64),
    User(i64),
    Invitation(i64),
}

/// Things whose undelivered mail someone is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AboutKind {
    Signup,
    Invitation,
}

/// Queues `mail` on `conn`, which is the transaction of the change the mail tells about.
pub(crate) async fn queue(conn: &impl ConnectionTrait, mail: &NewMail, about: About) -> Result<i64> {
    let (signup_id, user_id, invitation_id) = match about {
        About::Signup(id) => (Some(id), None, None),
        About::User(id) => (None, Some(id), None),
        About::Invitation(id) => (None, None, Some(id)),
    };
    let row = outbox_mail::ActiveModel {
        to_address: Set(mail.to.clone()),
        subject: Set(mail.subject.clone()),
        body_text: Set(mail.body.clone()),
        attachment_name: Set(mail.attachment.as_ref().map(|a| a.name.clone())),
        attachment_type: Set(mail.attachment.as_ref().map(|a| a.content_type.clone())),
        attachment: Set(mail.attachment.as_ref().map(|a| a.content.clone())),
        created_at: Set(now()),
        attempts: Set(0),
        signup_id: Set(signup_id),
        user_id: Set(user_id),
        invitation_id: Set(invitation_id),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(row.id)
}

/// Mail still to be tried: neither sent nor given up.
fn pending() -> Condition {
    Condition::all().add(outbox_mail::Column::SentAt.is_null()).add(outbox_mail::Column::FailedAt.is_null())
}

impl Store {
    /// Claims the oldest due mail for `worker`, or none. A claim older than `stale_after`
    /// (a process died mid-send) can be taken over.
    pub async fn claim_mail(&self, worker: &str, stale_after: Duration) -> Result<Option<OutboxMail>> {
        let claimable = || {
            pending()
                .add(
                    Condition::any()
                        .add(outbox_mail::Column::NextAttemptAt.is_null())
                        .add(outbox_mail::Column::NextAttemptAt.lte(now())),
                )
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
                return Ok(Some(candidate.into()));
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

    /// Records a failed attempt with a short `reason` (never the server's reply, which can
    /// name the recipient) and releases the claim: the mail is tried again at `retry_at`, or,
    /// without one, given up.
    pub async fn mark_mail_failed(&self, id: i64, reason: &str, retry_at: Option<DateTime<Utc>>) -> Result<()> {
        let update = outbox_mail::Entity::update_many()
            .col_expr(outbox_mail::Column::ClaimedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(outbox_mail::Column::ClaimedBy, Expr::value(Option::<String>::None))
            .col_expr(outbox_mail::Column::LastError, Expr::value(reason))
            .col_expr(outbox_mail::Column::Attempts, Expr::col(outbox_mail::Column::Attempts).add(1));
        let update = match retry_at {
            Some(at) => update.col_expr(outbox_mail::Column::NextAttemptAt, Expr::value(at)),
            None => update.col_expr(outbox_mail::Column::FailedAt, Expr::value(now())),
        };
        update.filter(outbox_mail::Column::Id.eq(id)).exec(&self.db).await?;
        Ok(())
    }

    /// Recent mail, newest first (the outbox page in demo and development mode).
    pub async fn recent_mail(&self, limit: u64) -> Result<Vec<OutboxMail>> {
        let rows =
            outbox_mail::Entity::find().order_by_desc(outbox_mail::Column::Id).limit(limit).all(&self.db).await?;
        Ok(rows.into_iter().map(OutboxMail::from).collect())
    }

    /// Mail that was given up, newest first (for the administrators).
    pub async fn failed_mail(&self, limit: u64) -> Result<Vec<OutboxMail>> {
        let rows = outbox_mail::Entity::find()
            .filter(outbox_mail::Column::FailedAt.is_not_null())
            .order_by_desc(outbox_mail::Column::FailedAt)
            .limit(limit)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(OutboxMail::from).collect())
    }

    /// Which of `ids` (sign-ups or invitations, as `kind` says) have mail that was given up,
    /// for the person who caused the mail to see.
    pub async fn with_failed_mail(&self, kind: AboutKind, ids: Vec<i64>) -> Result<HashSet<i64>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let column = match kind {
            AboutKind::Signup => outbox_mail::Column::SignupId,
            AboutKind::Invitation => outbox_mail::Column::InvitationId,
        };
        Ok(outbox_mail::Entity::find()
            .select_only()
            .column(column)
            .filter(outbox_mail::Column::FailedAt.is_not_null())
            .filter(column.is_in(ids))
            .into_tuple::<Option<i64>>()
            .all(&self.db)
            .await?
            .into_iter()
            .flatten()
            .collect())
    }

    /// Deletes mail sent before `sent_before` and mail given up before `failed_before`.
    pub async fn purge_mail(&self, sent_before: DateTime<Utc>, failed_before: DateTime<Utc>) -> Result<u64> {
        Ok(outbox_mail::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(outbox_mail::Column::SentAt.lt(sent_before))
                    .add(outbox_mail::Column::FailedAt.lt(failed_before)),
            )
            .exec(&self.db)
            .await?
            .rows_affected)
    }
}
