//! Fixed-window rate-limit counters in the database, shared by every server process.

use crate::{Result, Store};
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

    /// Drops windows that ended before `before` (seconds).
    pub async fn prune_rate_limits(&self, before: i64) -> Result<()> {
        let stmt = Query::delete().from_table("rate_limits").and_where(Expr::col("window_start").lt(before)).to_owned();
        self.db.execute(&stmt).await?;
        Ok(())
    }
}
