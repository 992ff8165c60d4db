//! Periodic jobs that must run once per period across all server processes: the first process
//! to insert the (job, period) row runs it.

use crate::entity::job_run;
use crate::{Result, Store, now};
use sea_orm::{EntityTrait, Set};

impl Store {
    /// True for exactly one caller per `(name, period)`.
    pub async fn claim_job_run(&self, name: &str, period: &str) -> Result<bool> {
        let inserted = job_run::Entity::insert(job_run::ActiveModel {
            name: Set(name.to_owned()),
            period: Set(period.to_owned()),
            started_at: Set(now()),
        })
        .on_conflict_do_nothing()
        .exec(&self.db)
        .await?;
        Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(_)))
    }
}
