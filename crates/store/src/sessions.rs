//! Server-side sessions, so that several server processes share them through the database, and
//! the browsers each account has logged in from.

use crate::entity::session;
use crate::{Result, Store, now};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// A session's stored state.
#[derive(Debug, Clone)]
pub struct StoredSession {
    /// The session's data as the web layer serialised it.
    pub data: String,
    pub expires_at: DateTime<Utc>,
}

impl Store {
    pub async fn load_session(&self, id: &str) -> Result<Option<StoredSession>> {
        let row = session::Entity::find_by_id(id.to_owned())
            .filter(session::Column::ExpiresAt.gt(now()))
            .one(&self.db)
            .await?;
        Ok(row.map(|s| StoredSession { data: s.data, expires_at: s.expires_at }))
    }

    /// Updates a session that still exists; one ended meanwhile (log-out elsewhere, a password
    /// change) stays ended rather than being written back.
    pub async fn save_session(
        &self,
        id: &str,
        data: &str,
        user_id: Option<i64>,
        expires_at: DateTime<Utc>,
    ) -> Result<()> {
        session::Entity::update_many()
            .col_expr(session::Column::Data, Expr::value(data))
            .col_expr(session::Column::UserId, Expr::value(user_id))
            .col_expr(session::Column::ExpiresAt, Expr::value(expires_at))
            .filter(session::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Inserts a session only if the id is new; false when it was taken.
    pub async fn create_session(
        &self,
        id: &str,
        data: &str,
        user_id: Option<i64>,
        expires_at: DateTime<Utc>,
    ) -> Result<bool> {
        let inserted = session::Entity::insert(session::ActiveModel {
            id: Set(id.to_owned()),
            data: Set(data.to_owned()),
            user_id: Set(user_id),
            expires_at: Set(expires_at),
        })
        .on_conflict_do_nothing()
        .exec(&self.db)
        .await?;
        Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(_)))
    }

    pub async fn delete_session(&self, id: &str) -> Result<()> {
        session::Entity::delete_by_id(id.to_owned()).exec(&self.db).await?;
        Ok(())
    }

    /// Ends every session signed in to the account; returns how many.
    pub async fn delete_sessions_of(&self, user_id: i64) -> Result<u64> {
        Ok(session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?
            .rows_affected)
    }

    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        Ok(session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lte(now()))
            .exec(&self.db)
            .await?
            .rows_affected)
    }

    /// Remembers a browser the account logged in from, by the hash of its device token.
    pub async fn add_known_device(&self, user_id: i64, token_hash: &str) -> Result<()> {
        let stmt = Query::insert()
            .into_table("known_devices")
            .columns(["token_hash", "user_id", "created_at"])
            .values_panic([token_hash.into(), user_id.into(), now().into()])
            .on_conflict(OnConflict::column("token_hash").do_nothing().to_owned())
            .to_owned();
        self.db.execute(&stmt).await?;
        Ok(())
    }

    /// Whether the device token (hashed) belongs to a browser the account logged in from.
    pub async fn is_known_device(&self, user_id: i64, token_hash: &str) -> Result<bool> {
        let stmt = Query::select()
            .expr(Expr::val(1))
            .from("known_devices")
            .and_where(Expr::col("token_hash").eq(token_hash))
            .and_where(Expr::col("user_id").eq(user_id))
            .to_owned();
        Ok(self.db.query_one(&stmt).await?.is_some())
    }
}
