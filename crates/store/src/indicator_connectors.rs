//! Statistics Denmark connectors: one per indicator at most (a unique index), with its table, filter and refresh,
//! and how its last fetch went. The values a fetch brings go in through
//! [`Store::apply_import`]; each run is recorded in the log with its counts.

use crate::audit::{self, AuditActor, Change};
use crate::entity::indicator_connector;
use crate::indicators::{Indicator, ValueCounts};
use crate::{Result, Store, now};
use chrono::{DateTime, Utc};
use rygrad_domain::statbank::{ConnectorPlan, ConnectorStatus, Refresh};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::BTreeMap;

/// A connector as backbone staff set it up, with its last run.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorConnector {
    pub id: i64,
    pub indicator_id: i64,
    /// E.g. `FOLK1A`.
    pub table: String,
    /// Variable → value codes; empty for the default (the initiative's municipalities, every
    /// period).
    pub filter: BTreeMap<String, Vec<String>>,
    pub refresh: Refresh,
    pub last_run: Option<ConnectorRun>,
}

/// How a connector's last fetch went: when, its status and what it said (StatBank's message,
/// the bad lines, or the counts).
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectorRun {
    pub at: DateTime<Utc>,
    pub status: ConnectorStatus,
    pub message: String,
    /// What it wrote (none for a failed run, which writes nothing).
    pub counts: ValueCounts,
}

impl From<indicator_connector::Model> for IndicatorConnector {
    fn from(c: indicator_connector::Model) -> Self {
        IndicatorConnector {
            id: c.id,
            indicator_id: c.indicator_id,
            table: c.table_code,
            // every filter was written from a map below
            filter: serde_json::from_str(&c.filter).unwrap_or_default(),
            refresh: Refresh::of_code(&c.refresh),
            last_run: c.last_run_at.map(|at| ConnectorRun {
                at,
                status: ConnectorStatus::of_code(c.last_status.as_deref().unwrap_or_default()),
                message: c.last_message.unwrap_or_default(),
                counts: ValueCounts {
                    imported: c.last_imported.unwrap_or(0) as u64,
                    unchanged: c.last_unchanged.unwrap_or(0) as u64,
                },
            }),
        }
    }
}

fn audit_view(plan: &ConnectorPlan) -> serde_json::Value {
    json!({"table": plan.table, "filter": plan.filter, "refresh": plan.refresh.code()})
}

impl Store {
    /// An indicator's connector, if it has one.
    pub async fn indicator_connector(&self, indicator_id: i64) -> Result<Option<IndicatorConnector>> {
        Ok(indicator_connector::Entity::find()
            .filter(indicator_connector::Column::IndicatorId.eq(indicator_id))
            .order_by_asc(indicator_connector::Column::Id)
            .one(&self.db)
            .await?
            .map(IndicatorConnector::from))
    }

    /// Sets an indicator's connector up, or changes it; its last run stays.
    pub async fn save_indicator_connector(
        &self,
        indicator: &Indicator,
        plan: &ConnectorPlan,
        by: &AuditActor,
    ) -> Result<IndicatorConnector> {
        let txn = self.write().await?;
        let old = indicator_connector::Entity::find()
            .filter(indicator_connector::Column::IndicatorId.eq(indicator.id))
            .order_by_asc(indicator_connector::Column::Id)
            .one(&txn)
            .await?;
        let filter = serde_json::to_string(&plan.filter).unwrap_or_else(|_| "{}".into());
        let (row, action, changes) = match old {
            Some(old) => {
                let before = ConnectorPlan {
                    table: old.table_code.clone(),
                    filter: serde_json::from_str(&old.filter).unwrap_or_default(),
                    refresh: Refresh::of_code(&old.refresh),
                };
                let changes = audit::diff(&audit_view(&before), &audit_view(plan));
                let mut row = old.into_active_model();
                row.table_code = Set(plan.table.clone());
                row.filter = Set(filter);
                row.refresh = Set(plan.refresh.code().into());
                (row.update(&txn).await?, "update", changes)
            }
            None => {
                let row = indicator_connector::ActiveModel {
                    indicator_id: Set(indicator.id),
                    table_code: Set(plan.table.clone()),
                    filter: Set(filter),
                    refresh: Set(plan.refresh.code().into()),
                    last_run_at: Set(None),
                    last_status: Set(None),
                    last_message: Set(None),
                    last_imported: Set(None),
                    last_unchanged: Set(None),
                    ..Default::default()
                };
                (row.insert(&txn).await?, "create", audit_view(plan))
            }
        };
        let change = Change::of(indicator.initiative_id, action, "indicator_connector", row.id, changes);
        audit::record(&txn, by, change).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Records how a run went, with its counts, on the connector and in the log (a failed run
    /// imported nothing).
    pub async fn record_connector_run(
        &self,
        indicator: &Indicator,
        connector_id: i64,
        status: ConnectorStatus,
        message: &str,
        counts: ValueCounts,
        by: &AuditActor,
    ) -> Result<IndicatorConnector> {
        let txn = self.write().await?;
        let row = indicator_connector::Entity::find_by_id(connector_id)
            .one(&txn)
            .await?
            .ok_or(crate::StoreError::NotFound)?;
        let table = row.table_code.clone();
        let mut row = row.into_active_model();
        row.last_run_at = Set(Some(now()));
        row.last_status = Set(Some(status.code().into()));
        row.last_message = Set(Some(message.to_owned()));
        row.last_imported = Set(Some(counts.imported as i64));
        row.last_unchanged = Set(Some(counts.unchanged as i64));
        let row = row.update(&txn).await?;
        let changes = json!({
            "table": table,
            "status": status.code(),
            "message": message,
            "imported": counts.imported,
            "unchanged": counts.unchanged,
        });
        audit::record(
            &txn,
            by,
            Change::of(indicator.initiative_id, "run", "indicator_connector", connector_id, changes),
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// The connectors whose refresh is due at `now` (see [`Refresh::is_due`]).
    pub async fn due_indicator_connectors(&self, now: DateTime<Utc>) -> Result<Vec<IndicatorConnector>> {
        Ok(indicator_connector::Entity::find()
            .filter(indicator_connector::Column::Refresh.ne(Refresh::None.code()))
            .order_by_asc(indicator_connector::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(IndicatorConnector::from)
            .filter(|c| c.refresh.is_due(c.last_run.as_ref().map(|r| r.at), now))
            .collect())
    }
}
