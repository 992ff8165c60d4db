//! The audit log: who changed what, when, in an initiative. Written in the same transaction as
//! the change it records.

use crate::entity::{activity, audit_entry, goal, meeting, organisation, track};
use crate::{Result, Store, now};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What the ids in a logged change refer to, so that the log can name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Named {
    Organisation,
    Goal,
    Track,
    Activity,
    Meeting,
}

/// An entry of an initiative's log.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: i64,
    /// None once the account is deleted (its name goes too).
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    /// `create`, `update`, `grant`…, as stored: the API hands the codes on.
    pub action: String,
    /// What was changed (`organisation`, `membership`…), as stored.
    pub entity: String,
    pub entity_id: Option<i64>,
    /// `{"field": [old, new]}` for updates, `{"field": new}` for creations.
    pub changes: Map<String, Value>,
    pub created_at: DateTime<Utc>,
}

impl From<audit_entry::Model> for AuditEntry {
    fn from(m: audit_entry::Model) -> Self {
        let changes = match serde_json::from_str(&m.changes) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        AuditEntry {
            id: m.id,
            actor_user_id: m.actor_user_id,
            actor_name: m.actor_name,
            action: m.action,
            entity: m.entity,
            entity_id: m.entity_id,
            changes,
            created_at: m.created_at,
        }
    }
}

/// Who makes a change, as the log records it.
#[derive(Debug, Clone)]
pub struct AuditActor {
    pub user_id: Option<i64>,
    pub name: String,
}

impl AuditActor {
    pub fn system() -> Self {
        Self { user_id: None, name: "rygrad".into() }
    }
}

pub struct Change<'a> {
    pub initiative_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    /// `{"field": [old, new]}` for updates, `{"field": new}` for creations.
    pub changes: Value,
}

impl<'a> Change<'a> {
    /// A change to one row of an initiative.
    pub fn of(initiative_id: i64, action: &'a str, entity: &'a str, entity_id: i64, changes: Value) -> Self {
        Change { initiative_id: Some(initiative_id), action, entity, entity_id: Some(entity_id), changes }
    }
}

pub(crate) async fn record(db: &impl ConnectionTrait, by: &AuditActor, change: Change<'_>) -> Result<()> {
    audit_entry::ActiveModel {
        initiative_id: Set(change.initiative_id),
        actor_user_id: Set(by.user_id),
        actor_name: Set(by.name.clone()),
        action: Set(change.action.to_owned()),
        entity: Set(change.entity.to_owned()),
        entity_id: Set(change.entity_id),
        changes: Set(change.changes.to_string()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Inserts a row and the audit entry that `change` makes of it, in the caller's transaction
/// (for changes that do more in it, such as queueing mail).
pub(crate) async fn insert_recorded<A>(
    db: &impl ConnectionTrait,
    row: A,
    by: &AuditActor,
    change: impl FnOnce(&<A::Entity as EntityTrait>::Model) -> Change<'static>,
) -> Result<<A::Entity as EntityTrait>::Model>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    let row = row.insert(db).await?;
    record(db, by, change(&row)).await?;
    Ok(row)
}

impl Store {
    /// Inserts a row and, in the same transaction, the audit entry that `change` makes of it.
    pub(crate) async fn insert_audited<A>(
        &self,
        row: A,
        by: &AuditActor,
        change: impl FnOnce(&<A::Entity as EntityTrait>::Model) -> Change<'static>,
    ) -> Result<<A::Entity as EntityTrait>::Model>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    {
        let txn = self.write().await?;
        let row = insert_recorded(&txn, row, by, change).await?;
        txn.commit().await?;
        Ok(row)
    }
}

/// The fields that differ between two JSON objects, as `{"field": [old, new]}`.
pub fn diff(old: &Value, new: &Value) -> Value {
    let mut out = Map::new();
    if let (Some(old), Some(new)) = (old.as_object(), new.as_object()) {
        for (key, new_value) in new {
            let old_value = old.get(key).unwrap_or(&Value::Null);
            if old_value != new_value {
                out.insert(key.clone(), Value::Array(vec![old_value.clone(), new_value.clone()]));
            }
        }
    }
    Value::Object(out)
}

impl Store {
    /// The newest entries of an initiative's log, newest first, before an id when paging.
    pub async fn audit_log(&self, initiative_id: i64, before_id: Option<i64>, limit: u64) -> Result<Vec<AuditEntry>> {
        let mut query = audit_entry::Entity::find()
            .filter(audit_entry::Column::InitiativeId.eq(initiative_id))
            .order_by_desc(audit_entry::Column::Id)
            .limit(limit);
        if let Some(before) = before_id {
            query = query.filter(audit_entry::Column::Id.lt(before));
        }
        Ok(query.all(&self.db).await?.into_iter().map(AuditEntry::from).collect())
    }

    /// The names (titles) of the rows with these ids; rows deleted since are left out.
    pub async fn names_of(&self, named: Named, ids: &[i64]) -> Result<HashMap<i64, String>> {
        let ids = ids.iter().copied();
        let pairs: Vec<(i64, String)> = match named {
            Named::Organisation => organisation::Entity::find()
                .filter(organisation::Column::Id.is_in(ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect(),
            Named::Goal => goal::Entity::find()
                .filter(goal::Column::Id.is_in(ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|g| (g.id, g.title))
                .collect(),
            Named::Track => track::Entity::find()
                .filter(track::Column::Id.is_in(ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|t| (t.id, t.title))
                .collect(),
            Named::Activity => activity::Entity::find()
                .filter(activity::Column::Id.is_in(ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|a| (a.id, a.title))
                .collect(),
            Named::Meeting => meeting::Entity::find()
                .filter(meeting::Column::Id.is_in(ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|m| (m.id, m.title))
                .collect(),
        };
        Ok(pairs.into_iter().collect())
    }

    /// Organisations' names by their short addresses (some entries name an organisation so).
    pub async fn organisation_names_by_slug(&self, slugs: &[String]) -> Result<HashMap<String, String>> {
        Ok(organisation::Entity::find()
            .filter(organisation::Column::Slug.is_in(slugs.iter().cloned()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.slug, o.name))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_changed_fields_only() {
        let d = diff(&json!({"a": 1, "b": "x"}), &json!({"a": 2, "b": "x", "c": true}));
        assert_eq!(d, json!({"a": [1, 2], "c": [null, true]}));
    }
}
