//! Shared measurement: indicators with the goals they measure, their baseline and targets, and
//! an initiative's own units. The values themselves are in `indicator_values`.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{goal, indicator, indicator_goal, indicator_target, indicator_unit, indicator_value};
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, Utc};
use rygrad_domain::indicator::{Direction, Frequency, Geography, IndicatorPlan, Period, StatusRule, Unit};
use rygrad_domain::text::search_key;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use std::collections::HashMap;

pub use crate::indicator_values::{Glance, HistoricValue, Provenance, StagedRow, StoredValue, ValueCounts};

/// An indicator as defined by the backbone.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: i64,
    pub initiative_id: i64,
    pub name: String,
    pub definition: String,
    /// The unit of the values, e.g. `%`.
    pub unit: String,
    pub direction: Direction,
    pub frequency: Frequency,
    pub geography: Geography,
    pub decimals: u8,
    pub source: String,
    /// The organisation that owns the indicator; its people enter the values.
    pub organisation_id: Option<i64>,
    pub status_rule: StatusRule,
    pub noise: f64,
    pub public: bool,
    pub baseline: Option<(Period, f64)>,
    /// In time order.
    pub targets: Vec<(Period, f64)>,
    /// The goals the indicator measures, in id order.
    pub goal_ids: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Indicator {
    /// The definition as a plan, for changing it; the owner is by id in `organisation_id`, not
    /// by slug.
    pub fn plan(&self) -> IndicatorPlan {
        IndicatorPlan {
            name: self.name.clone(),
            definition: self.definition.clone(),
            unit: self.unit.clone(),
            direction: self.direction,
            frequency: self.frequency,
            geography: self.geography,
            decimals: self.decimals,
            source: self.source.clone(),
            organisation: None,
            goal_ids: self.goal_ids.clone(),
            baseline: self.baseline,
            targets: self.targets.clone(),
            status_rule: self.status_rule,
            noise: self.noise,
            public: self.public,
        }
    }
}

/// Why an indicator was not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorRefusal {
    /// A goal belongs to another initiative, or does not exist.
    ForeignGoal,
    /// The frequency or geography changed while values are stored: they would no longer fit.
    ValuesFixShape,
}

/// One of an initiative's own units (a school, a neighbourhood).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorUnit {
    pub id: i64,
    pub initiative_id: i64,
    pub name: String,
}

impl From<indicator_unit::Model> for IndicatorUnit {
    fn from(u: indicator_unit::Model) -> Self {
        IndicatorUnit { id: u.id, initiative_id: u.initiative_id, name: u.name }
    }
}

/// A stored period code read back; every code was written by [`Period::code`].
pub(crate) fn stored_period(code: &str) -> Result<Period> {
    Period::parse(code, Frequency::Year).map_err(|_| StoreError::Db(DbErr::Custom(format!("stored period {code:?}"))))
}

/// A stored unit key read back at the indicator's geography (written by [`Unit::key`]).
pub(crate) fn stored_unit(key: &str, geography: Geography) -> Result<Unit> {
    let corrupt = || StoreError::Db(DbErr::Custom(format!("stored unit {key:?}")));
    if key == rygrad_domain::indicator::COUNTRY {
        return Ok(Unit::Country);
    }
    match geography {
        Geography::Region => Ok(Unit::Region(key.to_owned())),
        Geography::Municipality => Ok(Unit::Municipality(key.to_owned())),
        Geography::Custom => key.parse().map(Unit::Custom).map_err(|_| corrupt()),
        Geography::Country => Err(corrupt()),
    }
}

/// Indicator rows with their goals and targets, in the rows' order.
async fn with_links(db: &impl ConnectionTrait, rows: Vec<indicator::Model>) -> Result<Vec<Indicator>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut goals: HashMap<i64, Vec<i64>> = HashMap::new();
    let mut targets: HashMap<i64, Vec<(Period, f64)>> = HashMap::new();
    if !ids.is_empty() {
        for link in indicator_goal::Entity::find()
            .filter(indicator_goal::Column::IndicatorId.is_in(ids.clone()))
            .order_by_asc(indicator_goal::Column::GoalId)
            .all(db)
            .await?
        {
            goals.entry(link.indicator_id).or_default().push(link.goal_id);
        }
        for t in indicator_target::Entity::find()
            .filter(indicator_target::Column::IndicatorId.is_in(ids))
            .order_by_asc(indicator_target::Column::Period)
            .all(db)
            .await?
        {
            targets.entry(t.indicator_id).or_default().push((stored_period(&t.period)?, t.value));
        }
    }
    rows.into_iter()
        .map(|r| {
            let baseline = match (&r.baseline_period, r.baseline_value) {
                (Some(p), Some(v)) => Some((stored_period(p)?, v)),
                _ => None,
            };
            Ok(Indicator {
                goal_ids: goals.remove(&r.id).unwrap_or_default(),
                targets: targets.remove(&r.id).unwrap_or_default(),
                baseline,
                id: r.id,
                initiative_id: r.initiative_id,
                name: r.name,
                definition: r.definition,
                unit: r.unit,
                direction: Direction::of_code(&r.direction),
                frequency: Frequency::of_code(&r.frequency),
                geography: Geography::of_code(&r.geography),
                decimals: u8::try_from(r.decimals).unwrap_or(1),
                source: r.source,
                organisation_id: r.organisation_id,
                status_rule: StatusRule::of_code(&r.status_rule),
                noise: r.noise,
                public: r.public,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

fn fill(row: &mut indicator::ActiveModel, plan: &IndicatorPlan, organisation_id: Option<i64>) {
    row.name = Set(plan.name.clone());
    row.name_search = Set(search_key(&plan.name));
    row.definition = Set(plan.definition.clone());
    row.unit = Set(plan.unit.clone());
    row.direction = Set(plan.direction.code().into());
    row.frequency = Set(plan.frequency.code().into());
    row.geography = Set(plan.geography.code().into());
    row.decimals = Set(i16::from(plan.decimals));
    row.source = Set(plan.source.clone());
    row.organisation_id = Set(organisation_id);
    row.status_rule = Set(plan.status_rule.code().into());
    row.noise = Set(plan.noise);
    row.public = Set(plan.public);
    row.baseline_period = Set(plan.baseline.map(|(p, _)| p.code()));
    row.baseline_value = Set(plan.baseline.map(|(_, v)| v));
    row.updated_at = Set(now());
}

/// What the log records of an indicator.
fn audit_view(plan: &IndicatorPlan, organisation_id: Option<i64>) -> serde_json::Value {
    let point = |(p, v): (Period, f64)| json!({"period": p.code(), "value": v});
    json!({
        "name": plan.name,
        "definition": plan.definition,
        "unit": plan.unit,
        "direction": plan.direction.code(),
        "frequency": plan.frequency.code(),
        "geography": plan.geography.code(),
        "decimals": plan.decimals,
        "source": plan.source,
        "organisation_id": organisation_id,
        "status_rule": plan.status_rule.code(),
        "noise": plan.noise,
        "public": plan.public,
        "goal_ids": plan.goal_ids,
        "baseline": plan.baseline.map(point),
        "targets": plan.targets.iter().copied().map(point).collect::<Vec<_>>(),
    })
}

async fn goals_are_the_initiatives(db: &impl ConnectionTrait, initiative_id: i64, goal_ids: &[i64]) -> Result<bool> {
    if goal_ids.is_empty() {
        return Ok(true);
    }
    let found = goal::Entity::find()
        .filter(goal::Column::Id.is_in(goal_ids.to_vec()))
        .filter(goal::Column::InitiativeId.eq(initiative_id))
        .count(db)
        .await?;
    Ok(found == goal_ids.len() as u64)
}

/// Replaces an indicator's goal links and targets.
async fn set_links(db: &impl ConnectionTrait, indicator_id: i64, plan: &IndicatorPlan) -> Result<()> {
    indicator_goal::Entity::delete_many().filter(indicator_goal::Column::IndicatorId.eq(indicator_id)).exec(db).await?;
    indicator_target::Entity::delete_many()
        .filter(indicator_target::Column::IndicatorId.eq(indicator_id))
        .exec(db)
        .await?;
    if !plan.goal_ids.is_empty() {
        indicator_goal::Entity::insert_many(
            plan.goal_ids
                .iter()
                .map(|&g| indicator_goal::ActiveModel { indicator_id: Set(indicator_id), goal_id: Set(g) }),
        )
        .exec_without_returning(db)
        .await?;
    }
    if !plan.targets.is_empty() {
        indicator_target::Entity::insert_many(plan.targets.iter().map(|(p, v)| indicator_target::ActiveModel {
            indicator_id: Set(indicator_id),
            period: Set(p.code()),
            value: Set(*v),
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Defines an indicator; its goals must be the initiative's. The owning organisation is the
    /// caller's to check (a member of the alliance).
    pub async fn create_indicator(
        &self,
        initiative_id: i64,
        plan: &IndicatorPlan,
        organisation_id: Option<i64>,
        by: &AuditActor,
    ) -> Result<std::result::Result<Indicator, IndicatorRefusal>> {
        let txn = self.write().await?;
        if !goals_are_the_initiatives(&txn, initiative_id, &plan.goal_ids).await? {
            return Ok(Err(IndicatorRefusal::ForeignGoal));
        }
        let mut row =
            indicator::ActiveModel { initiative_id: Set(initiative_id), created_at: Set(now()), ..Default::default() };
        fill(&mut row, plan, organisation_id);
        let row = row.insert(&txn).await?;
        set_links(&txn, row.id, plan).await?;
        let changes = audit_view(plan, organisation_id);
        audit::record(&txn, by, Change::of(initiative_id, "create", "indicator", row.id, changes)).await?;
        let indicator = with_links(&txn, vec![row]).await?.pop().ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(Ok(indicator))
    }

    /// Changes an indicator's definition. Its frequency and geography stay as they are while it
    /// has values.
    pub async fn update_indicator(
        &self,
        id: i64,
        plan: &IndicatorPlan,
        organisation_id: Option<i64>,
        by: &AuditActor,
    ) -> Result<std::result::Result<Indicator, IndicatorRefusal>> {
        let txn = self.write().await?;
        let old = indicator::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        if !goals_are_the_initiatives(&txn, old.initiative_id, &plan.goal_ids).await? {
            return Ok(Err(IndicatorRefusal::ForeignGoal));
        }
        let reshaped = old.frequency != plan.frequency.code() || old.geography != plan.geography.code();
        if reshaped && crate::indicator_values::has_values(&txn, id).await? {
            return Ok(Err(IndicatorRefusal::ValuesFixShape));
        }
        let before = with_links(&txn, vec![old.clone()]).await?.pop().ok_or(StoreError::NotFound)?;
        let changes = audit::diff(&audit_view(&before.plan(), old.organisation_id), &audit_view(plan, organisation_id));
        let initiative_id = old.initiative_id;
        let mut row = old.into_active_model();
        fill(&mut row, plan, organisation_id);
        let row = row.update(&txn).await?;
        set_links(&txn, id, plan).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "indicator", id, changes)).await?;
        let indicator = with_links(&txn, vec![row]).await?.pop().ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(Ok(indicator))
    }

    /// Deletes an indicator with its values and their history.
    pub async fn delete_indicator(&self, id: i64, by: &AuditActor) -> Result<()> {
        let txn = self.write().await?;
        let row = indicator::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        // no foreign key cascades to the values on PostgreSQL (migration m0020)
        indicator_value::Entity::delete_many().filter(indicator_value::Column::IndicatorId.eq(id)).exec(&txn).await?;
        indicator::Entity::delete_by_id(id).exec(&txn).await?;
        audit::record(&txn, by, Change::of(row.initiative_id, "delete", "indicator", id, json!({"name": row.name})))
            .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn indicator(&self, id: i64) -> Result<Option<Indicator>> {
        let rows = indicator::Entity::find_by_id(id).all(&self.db).await?;
        Ok(with_links(&self.db, rows).await?.pop())
    }

    /// An initiative's indicators, the oldest first.
    pub async fn indicators_of(&self, initiative_id: i64) -> Result<Vec<Indicator>> {
        let rows = indicator::Entity::find()
            .filter(indicator::Column::InitiativeId.eq(initiative_id))
            .order_by_asc(indicator::Column::Id)
            .all(&self.db)
            .await?;
        with_links(&self.db, rows).await
    }

    /// An initiative's own units, by name.
    pub async fn indicator_units_of(&self, initiative_id: i64) -> Result<Vec<IndicatorUnit>> {
        Ok(indicator_unit::Entity::find()
            .filter(indicator_unit::Column::InitiativeId.eq(initiative_id))
            .order_by_asc(indicator_unit::Column::NameSearch)
            .all(&self.db)
            .await?
            .into_iter()
            .map(IndicatorUnit::from)
            .collect())
    }

    pub async fn indicator_unit(&self, id: i64) -> Result<Option<IndicatorUnit>> {
        Ok(indicator_unit::Entity::find_by_id(id).one(&self.db).await?.map(IndicatorUnit::from))
    }

    /// Adds a unit of the initiative's own; `Taken("name")` when it has one of that name.
    pub async fn create_indicator_unit(
        &self,
        initiative_id: i64,
        name: &str,
        by: &AuditActor,
    ) -> Result<IndicatorUnit> {
        let row = indicator_unit::ActiveModel {
            initiative_id: Set(initiative_id),
            name: Set(name.to_owned()),
            name_search: Set(search_key(name)),
            ..Default::default()
        };
        let changes = json!({"name": name});
        self.insert_audited(row, by, |row| Change::of(initiative_id, "create", "indicator_unit", row.id, changes))
            .await
            .map(IndicatorUnit::from)
            .map_err(|e| e.or_taken("name"))
    }

    /// Renames a unit of the initiative's own; its values stay with it.
    pub async fn rename_indicator_unit(&self, id: i64, name: &str, by: &AuditActor) -> Result<IndicatorUnit> {
        let txn = self.write().await?;
        let old = indicator_unit::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let changes = json!({"name": [old.name, name]});
        let initiative_id = old.initiative_id;
        let mut row = old.into_active_model();
        row.name = Set(name.to_owned());
        row.name_search = Set(search_key(name));
        let row = row.update(&txn).await.map_err(|e| StoreError::taken_or(e, "name"))?;
        audit::record(&txn, by, Change::of(initiative_id, "rename", "indicator_unit", id, changes)).await?;
        txn.commit().await?;
        Ok(row.into())
    }
}
