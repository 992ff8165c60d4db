//! Fixed-window rate-limit counters and failed-login delays in the database, shared by every
//! server process.

use crate::{Result, Store, now};
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};

impl Store {
    /// Counts one hit for `key` in the window starting at `window_start` (seconds) and returns
    /// the hits in that window so far, this one included.
    pub async fn hit_rate_limit(&self, key: &str, window_start: i64) -> Result<i64> {
        let stmt = Query::insert()
            .into_table("rate_limits")
            .columns(["key", "window_start", "hits"])
            .values_panic([key.into(), window_start.into(), 1.into()])
            .on_conflict(
                OnConflict::columns(["key", "window_start"])
                    .value("hits", Expr::col(("rate_limits", "hits")).add(1))
                    .to_owned(),
            )
            .returning_col("hits")
            .to_owned();
        let row = self.db.query_one(&stmt).await?;
        Ok(row.map(|r| r.try_get::<i32>("", "hits")).transpose()?.unwrap_or(1) as i64)
    }

    /// Drops windows that ended before `before` (seconds), and failed logins not repeated since.
    pub async fn prune_rate_limits(&self, before: i64) -> Result<()> {
        let stmt = Query::delete().from_table("rate_limits").and_where(Expr::col("window_start").lt(before)).to_owned();
        self.db.execute(&stmt).await?;
        let before = DateTime::from_timestamp(before, 0).unwrap_or_default();
        let stmt =
            Query::delete().from_table("login_throttle").and_where(Expr::col("updated_at").lt(before)).to_owned();
        self.db.execute(&stmt).await?;
        Ok(())
    }
}

/// Failed logins per key (an account with one source), and until when that key must wait.
impl Store {
    /// Until when `key` may not try to log in, if it must wait.
    pub async fn login_blocked_until(&self, key: &str) -> Result<Option<DateTime<Utc>>> {
        let stmt = Query::select()
            .column("blocked_until")
            .from("login_throttle")
            .and_where(Expr::col("key").eq(key))
            .and_where(Expr::col("blocked_until").gt(now()))
            .to_owned();
        Ok(self.db.query_one(&stmt).await?.map(|r| r.try_get::<DateTime<Utc>>("", "blocked_until")).transpose()?)
    }

    /// Counts a failed login for `key` and returns the failures so far, this one included.
    pub async fn count_login_failure(&self, key: &str) -> Result<i64> {
        let stmt = Query::insert()
            .into_table("login_throttle")
            .columns(["key", "failures", "blocked_until", "updated_at"])
            .values_panic([key.into(), 1.into(), now().into(), now().into()])
            .on_conflict(
                OnConflict::column("key")
                    .value("failures", Expr::col(("login_throttle", "failures")).add(1))
                    .value("updated_at", now())
                    .to_owned(),
            )
            .returning_col("failures")
            .to_owned();
        let row = self.db.query_one(&stmt).await?;
        Ok(row.map(|r| r.try_get::<i32>("", "failures")).transpose()?.unwrap_or(1) as i64)
    }

    pub async fn block_login(&self, key: &str, until: DateTime<Utc>) -> Result<()> {
        let stmt = Query::update()
            .table("login_throttle")
            .value("blocked_until", until)
            .and_where(Expr::col("key").eq(key))
            .to_owned();
        self.db.execute(&stmt).await?;
        Ok(())
    }

    /// Forgets the failures of `key` (after a successful login).
    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        let stmt = Query::delete().from_table("login_throttle").and_where(Expr::col("key").eq(key)).to_owned();
        self.db.execute(&stmt).await?;
        Ok(())
    }
}
