//! The action plan of an initiative: the activity catalogue, commitments of resources and their
//! deliveries, and the two overviews built from them (the action plan and the network). The
//! overviews read narrow rows in a handful of queries and aggregate in one pass in Rust.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{
    activity, activity_goal, activity_partner, activity_track, commitment, delivery, goal, membership, organisation,
    track,
};
use crate::{Result, Store, StoreError, now};
use chrono::NaiveDate;
use rygrad_domain::activity::{ActivityPlan, CommitmentPlan, CommitmentTarget, DeliveryPlan, Quarter};
use rygrad_domain::text::search_key;
use sea_orm::sea_query::{Expr, Func, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What an activity is linked to, as ids resolved by the caller.
#[derive(Debug, Clone, Default)]
pub struct ActivityLinks {
    pub lead_organisation_id: Option<i64>,
    pub partner_ids: Vec<i64>,
    pub track_ids: Vec<i64>,
    pub goal_ids: Vec<i64>,
}

/// Why an activity cannot be saved as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityRefusal {
    /// A goal of another initiative, or none at all.
    ForeignGoal,
    ForeignTrack,
}

/// Why a commitment cannot be made as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentRefusal {
    ForeignActivity,
    ForeignGoal,
}

/// An activity with its links.
#[derive(Debug, Clone)]
pub struct Activity {
    pub row: activity::Model,
    pub track_ids: Vec<i64>,
    pub goal_ids: Vec<i64>,
    pub partner_ids: Vec<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub track_id: Option<i64>,
    pub goal_id: Option<i64>,
    pub status: Option<String>,
    /// Leading or partnering.
    pub organisation_id: Option<i64>,
    pub search: Option<String>,
}

/// A commitment with what was delivered on it.
#[derive(Debug, Clone)]
pub struct CommitmentWithDeliveries {
    pub commitment: commitment::Model,
    pub deliveries: Vec<delivery::Model>,
}

/// A commitment as its organisation sees it: what it is to, and how much was delivered.
#[derive(Debug, Clone)]
pub struct OrganisationCommitment {
    pub commitment: commitment::Model,
    /// The title of the activity or goal it is made to.
    pub target_title: String,
    /// The sum of the deliveries' amounts.
    pub delivered: f64,
    /// How many deliveries were recorded.
    pub deliveries: usize,
}

/// One cell of the organisations × tracks matrix.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PlanCell {
    /// Commitments made.
    pub promised: u32,
    /// Commitments with at least one delivery.
    pub delivered: u32,
}

/// Promised and delivered amounts of one kind of resource.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct KindTotal {
    pub kind: String,
    pub promised: f64,
    pub delivered: f64,
}

/// Activities per quarter (of their start, else their creation), by who leads them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuarterShare {
    pub quarter: Quarter,
    pub secretariat: u32,
    pub partners: u32,
}

#[derive(Debug, Clone, Default)]
pub struct ActionPlan {
    /// (organisation id, track id or none for goals and activities without a track) → cell.
    pub cells: BTreeMap<(i64, Option<i64>), PlanCell>,
    pub organisations: Vec<organisation::Model>,
    pub tracks: Vec<track::Model>,
    pub kinds: Vec<KindTotal>,
    pub goals_without_activities: Vec<(i64, String)>,
    /// Activities (not stopped) without a commitment from any organisation but their lead.
    pub activities_without_partners: Vec<(i64, String)>,
    pub secretariat_organisation_ids: Vec<i64>,
    pub per_quarter: Vec<QuarterShare>,
    /// Of the activities with a lead organisation, the share led by the secretariat.
    pub secretariat_driven_share: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct NetworkFilter {
    pub track_id: Option<i64>,
    pub sector: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NetworkNode {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub sector: String,
    /// Activities it takes part in.
    pub engagements: u32,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NetworkEdge {
    pub source: i64,
    pub target: i64,
    /// Activities the two share.
    pub shared: u32,
    /// The quarter the tie first appeared.
    pub since: Quarter,
}

#[derive(Debug, Clone, Default)]
pub struct Network {
    pub nodes: Vec<NetworkNode>,
    pub edges: Vec<NetworkEdge>,
    /// New ties per quarter, oldest first.
    pub new_per_quarter: Vec<(Quarter, u32)>,
}

/// (activity, lead organisation, quarter number, partners `1,2`, commitments `3:8100,4:8101`)
type EngagementRow = (i64, Option<i64>, i32, Option<String>, Option<String>);
/// (activity, organisation, quarter number) for every lead, partner and commitment, and the
/// activities shown.
type Engagements = (Vec<(i64, i64, i32)>, Vec<i64>);
/// The same with the activity's creation time in place of its quarter.
type UndatedEngagementRow = (i64, Option<i64>, chrono::DateTime<chrono::Utc>, Option<String>, Option<String>);
/// (organisation, activity, created at)
type CommitmentCreatedRow = (i64, Option<i64>, chrono::DateTime<chrono::Utc>);

/// A quarter as one number, `year * 4 + quarter - 1`, so that quarters sort and compare as
/// numbers.
fn quarter_number(day: NaiveDate) -> i32 {
    let q = Quarter::of(day);
    q.year * 4 + i32::try_from(q.quarter).unwrap_or(1) - 1
}

fn quarter_of_number(n: i32) -> Quarter {
    Quarter { year: n.div_euclid(4), quarter: n.rem_euclid(4).unsigned_abs() + 1 }
}

/// SQL for the [`quarter_number`] of a date column, worked out by the database (both backends
/// print a date as `YYYY-MM-DD`; sqlx asks PostgreSQL for ISO dates), so that no date is parsed.
fn quarter_sql(column: &str) -> String {
    format!(
        "(CAST(SUBSTR(CAST({column} AS TEXT), 1, 4) AS INTEGER) * 4 \
         + (CAST(SUBSTR(CAST({column} AS TEXT), 6, 2) AS INTEGER) - 1) / 3)"
    )
}

/// An initiative's activities (in a track, when given), selecting their id and lead.
fn activities_shown(initiative_id: i64, track_id: Option<i64>) -> sea_orm::Select<activity::Entity> {
    let mut query = activity::Entity::find()
        .select_only()
        .columns([activity::Column::Id, activity::Column::LeadOrganisationId])
        .filter(activity::Column::InitiativeId.eq(initiative_id));
    if let Some(t) = track_id {
        query = query.filter(
            activity::Column::Id.in_subquery(
                Query::select()
                    .column(activity_track::Column::ActivityId)
                    .from(activity_track::Entity)
                    .and_where(activity_track::Column::TrackId.eq(t))
                    .to_owned(),
            ),
        );
    }
    query
}

/// The quarter of a month written `2027-04`.
fn quarter_of_month(month: &str) -> Option<Quarter> {
    let (year, month) = month.split_once('-')?;
    let day = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
    Some(Quarter::of(day))
}

fn search_text(plan: &ActivityPlan) -> String {
    search_key(&format!("{}\n{}\n{}", plan.title, plan.description, plan.target_group))
}

/// The ids of an initiative's activities, for link tables.
fn activities_of(initiative_id: i64) -> SelectStatement {
    Query::select()
        .column(activity::Column::Id)
        .from(activity::Entity)
        .and_where(activity::Column::InitiativeId.eq(initiative_id))
        .to_owned()
}

fn unique(ids: &[i64]) -> Vec<i64> {
    ids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect()
}

/// The day an activity counts from: its start, else the day it was written down.
fn activity_day(starts_on: Option<NaiveDate>, created_at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    starts_on.unwrap_or_else(|| rygrad_domain::format::local_date(created_at))
}

async fn check_links(
    db: &impl ConnectionTrait,
    initiative_id: i64,
    links: &ActivityLinks,
) -> Result<std::result::Result<(), ActivityRefusal>> {
    let goals = unique(&links.goal_ids);
    if !goals.is_empty() {
        let found = goal::Entity::find()
            .filter(goal::Column::Id.is_in(goals.clone()))
            .filter(goal::Column::InitiativeId.eq(initiative_id))
            .count(db)
            .await?;
        if found != goals.len() as u64 {
            return Ok(Err(ActivityRefusal::ForeignGoal));
        }
    }
    let tracks = unique(&links.track_ids);
    if !tracks.is_empty() {
        let found = track::Entity::find()
            .filter(track::Column::Id.is_in(tracks.clone()))
            .filter(track::Column::InitiativeId.eq(initiative_id))
            .count(db)
            .await?;
        if found != tracks.len() as u64 {
            return Ok(Err(ActivityRefusal::ForeignTrack));
        }
    }
    Ok(Ok(()))
}

/// Replaces the link rows of an activity.
async fn set_links(db: &impl ConnectionTrait, activity_id: i64, links: &ActivityLinks) -> Result<()> {
    activity_track::Entity::delete_many().filter(activity_track::Column::ActivityId.eq(activity_id)).exec(db).await?;
    activity_goal::Entity::delete_many().filter(activity_goal::Column::ActivityId.eq(activity_id)).exec(db).await?;
    activity_partner::Entity::delete_many()
        .filter(activity_partner::Column::ActivityId.eq(activity_id))
        .exec(db)
        .await?;
    let tracks = unique(&links.track_ids);
    if !tracks.is_empty() {
        activity_track::Entity::insert_many(
            tracks.iter().map(|&t| activity_track::ActiveModel { activity_id: Set(activity_id), track_id: Set(t) }),
        )
        .exec(db)
        .await?;
    }
    let goals = unique(&links.goal_ids);
    if !goals.is_empty() {
        activity_goal::Entity::insert_many(
            goals.iter().map(|&g| activity_goal::ActiveModel { activity_id: Set(activity_id), goal_id: Set(g) }),
        )
        .exec(db)
        .await?;
    }
    // the lead is not also its own partner
    let partners: Vec<i64> =
        unique(&links.partner_ids).into_iter().filter(|p| Some(*p) != links.lead_organisation_id).collect();
    if !partners.is_empty() {
        activity_partner::Entity::insert_many(
            partners
                .iter()
                .map(|&o| activity_partner::ActiveModel { activity_id: Set(activity_id), organisation_id: Set(o) }),
        )
        .exec(db)
        .await?;
    }
    Ok(())
}

fn audit_view(plan: &ActivityPlan, links: &ActivityLinks) -> serde_json::Value {
    json!({
        "title": plan.title,
        "description": plan.description,
        "status": plan.status.code(),
        "stop_reason": plan.stop_reason,
        "lead_organisation_id": links.lead_organisation_id,
        "partner_ids": unique(&links.partner_ids),
        "track_ids": unique(&links.track_ids),
        "goal_ids": unique(&links.goal_ids),
        "target_group": plan.target_group,
        "municipality_code": plan.municipality_code,
        "address": plan.address,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "participants_reached": plan.participants_reached,
        "satisfaction": plan.satisfaction,
    })
}

fn fill(row: &mut activity::ActiveModel, plan: &ActivityPlan, links: &ActivityLinks) {
    row.title = Set(plan.title.clone());
    row.description = Set(plan.description.clone());
    row.search_text = Set(search_text(plan));
    row.lead_organisation_id = Set(links.lead_organisation_id);
    row.target_group = Set(plan.target_group.clone());
    row.municipality_code = Set(plan.municipality_code.clone());
    row.address = Set(plan.address.clone());
    row.starts_on = Set(plan.starts_on);
    row.ends_on = Set(plan.ends_on);
    row.status = Set(plan.status.code().into());
    row.stop_reason = Set(plan.stop_reason.clone());
    row.participants_reached = Set(plan.participants_reached);
    row.helped = Set(plan.helped.clone());
    row.hindered = Set(plan.hindered.clone());
    row.satisfaction = Set(plan.satisfaction);
    row.updated_at = Set(now());
}

impl Store {
    /// Adds an activity to the catalogue; `proposed` when a member (not backbone staff) adds it.
    pub async fn create_activity(
        &self,
        initiative_id: i64,
        plan: &ActivityPlan,
        links: &ActivityLinks,
        proposed: bool,
        by: &AuditActor,
    ) -> Result<std::result::Result<activity::Model, ActivityRefusal>> {
        let txn = self.write().await?;
        if let Err(refusal) = check_links(&txn, initiative_id, links).await? {
            return Ok(Err(refusal));
        }
        let mut row = activity::ActiveModel {
            initiative_id: Set(initiative_id),
            proposed: Set(proposed),
            created_at: Set(now()),
            ..Default::default()
        };
        fill(&mut row, plan, links);
        let row = row.insert(&txn).await?;
        set_links(&txn, row.id, links).await?;
        let mut changes = audit_view(plan, links);
        changes["proposed"] = json!(proposed);
        audit::record(&txn, by, Change::of(initiative_id, "create", "activity", row.id, changes)).await?;
        txn.commit().await?;
        Ok(Ok(row))
    }

    pub async fn update_activity(
        &self,
        id: i64,
        plan: &ActivityPlan,
        links: &ActivityLinks,
        by: &AuditActor,
    ) -> Result<std::result::Result<activity::Model, ActivityRefusal>> {
        let txn = self.write().await?;
        let old = self.activity_in(&txn, id).await?.ok_or(StoreError::NotFound)?;
        let initiative_id = old.row.initiative_id;
        if let Err(refusal) = check_links(&txn, initiative_id, links).await? {
            return Ok(Err(refusal));
        }
        let old_plan = ActivityPlan {
            title: old.row.title.clone(),
            description: old.row.description.clone(),
            target_group: old.row.target_group.clone(),
            municipality_code: old.row.municipality_code.clone(),
            address: old.row.address.clone(),
            starts_on: old.row.starts_on,
            ends_on: old.row.ends_on,
            status: rygrad_domain::activity::ActivityStatus::parse(&old.row.status)
                .unwrap_or(rygrad_domain::activity::ActivityStatus::Idea),
            stop_reason: old.row.stop_reason.clone(),
            participants_reached: old.row.participants_reached,
            helped: old.row.helped.clone(),
            hindered: old.row.hindered.clone(),
            satisfaction: old.row.satisfaction,
        };
        let old_links = ActivityLinks {
            lead_organisation_id: old.row.lead_organisation_id,
            partner_ids: old.partner_ids.clone(),
            track_ids: old.track_ids.clone(),
            goal_ids: old.goal_ids.clone(),
        };
        let changes = audit::diff(&audit_view(&old_plan, &old_links), &audit_view(plan, links));
        let mut row = old.row.into_active_model();
        fill(&mut row, plan, links);
        let row = row.update(&txn).await?;
        set_links(&txn, id, links).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "activity", id, changes)).await?;
        txn.commit().await?;
        Ok(Ok(row))
    }

    /// Backbone staff accept a proposed activity into the catalogue.
    pub async fn accept_activity(&self, id: i64, by: &AuditActor) -> Result<()> {
        let txn = self.write().await?;
        let row = activity::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let initiative_id = row.initiative_id;
        let mut row = row.into_active_model();
        row.proposed = Set(false);
        row.updated_at = Set(now());
        row.update(&txn).await?;
        audit::record(
            &txn,
            by,
            Change::of(initiative_id, "accept", "activity", id, json!({"proposed": [true, false]})),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn activity_in(&self, db: &impl ConnectionTrait, id: i64) -> Result<Option<Activity>> {
        let Some(row) = activity::Entity::find_by_id(id).one(db).await? else {
            return Ok(None);
        };
        let track_ids = activity_track::Entity::find()
            .filter(activity_track::Column::ActivityId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.track_id)
            .collect();
        let goal_ids = activity_goal::Entity::find()
            .filter(activity_goal::Column::ActivityId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.goal_id)
            .collect();
        let partner_ids = activity_partner::Entity::find()
            .filter(activity_partner::Column::ActivityId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.organisation_id)
            .collect();
        Ok(Some(Activity { row, track_ids, goal_ids, partner_ids }))
    }

    pub async fn activity(&self, id: i64) -> Result<Option<Activity>> {
        self.activity_in(&self.db, id).await
    }

    /// The catalogue: an initiative's activities matching the filter, newest start first; the
    /// links are read in three queries for all of them, not per activity.
    pub async fn activities(
        &self,
        initiative_id: i64,
        filter: &ActivityFilter,
        limit: Option<u64>,
    ) -> Result<(Vec<Activity>, u64)> {
        let mut query = activity::Entity::find().filter(activity::Column::InitiativeId.eq(initiative_id));
        if let Some(t) = filter.track_id {
            query = query.filter(
                activity::Column::Id.in_subquery(
                    Query::select()
                        .column(activity_track::Column::ActivityId)
                        .from(activity_track::Entity)
                        .and_where(activity_track::Column::TrackId.eq(t))
                        .to_owned(),
                ),
            );
        }
        if let Some(g) = filter.goal_id {
            query = query.filter(
                activity::Column::Id.in_subquery(
                    Query::select()
                        .column(activity_goal::Column::ActivityId)
                        .from(activity_goal::Entity)
                        .and_where(activity_goal::Column::GoalId.eq(g))
                        .to_owned(),
                ),
            );
        }
        if let Some(status) = filter.status.as_deref().filter(|s| !s.is_empty()) {
            query = query.filter(activity::Column::Status.eq(status));
        }
        if let Some(o) = filter.organisation_id {
            query = query.filter(
                Condition::any().add(activity::Column::LeadOrganisationId.eq(o)).add(
                    activity::Column::Id.in_subquery(
                        Query::select()
                            .column(activity_partner::Column::ActivityId)
                            .from(activity_partner::Entity)
                            .and_where(activity_partner::Column::OrganisationId.eq(o))
                            .to_owned(),
                    ),
                ),
            );
        }
        if let Some(search) = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            query = query.filter(activity::Column::SearchText.contains(search_key(search)));
        }
        let total = query.clone().count(&self.db).await?;
        let mut query = query.order_by_desc(activity::Column::StartsOn).order_by_desc(activity::Column::Id);
        if let Some(limit) = limit {
            query = query.limit(limit);
        }
        let rows = query.all(&self.db).await?;
        let wanted: HashSet<i64> = rows.iter().map(|r| r.id).collect();
        // a page of the catalogue reads the links of its rows by id; an export of many reads
        // the initiative's links whole (fewer bound parameters than ids)
        let of_rows = |column: Expr| -> Condition {
            use sea_orm::sea_query::ExprTrait;
            Condition::all().add(if wanted.len() <= 1000 {
                column.is_in(wanted.iter().copied())
            } else {
                column.in_subquery(activities_of(initiative_id))
            })
        };
        let group = |pairs: Vec<(i64, i64)>| {
            let mut map: HashMap<i64, Vec<i64>> = HashMap::new();
            for (a, other) in pairs.into_iter().filter(|(a, _)| wanted.contains(a)) {
                map.entry(a).or_default().push(other);
            }
            map
        };
        let mut tracks = group(
            activity_track::Entity::find()
                .select_only()
                .columns([activity_track::Column::ActivityId, activity_track::Column::TrackId])
                .filter(of_rows(Expr::col((activity_track::Entity, activity_track::Column::ActivityId))))
                .into_tuple()
                .all(&self.db)
                .await?,
        );
        let mut goals = group(
            activity_goal::Entity::find()
                .select_only()
                .columns([activity_goal::Column::ActivityId, activity_goal::Column::GoalId])
                .filter(of_rows(Expr::col((activity_goal::Entity, activity_goal::Column::ActivityId))))
                .into_tuple()
                .all(&self.db)
                .await?,
        );
        let mut partners = group(
            activity_partner::Entity::find()
                .select_only()
                .columns([activity_partner::Column::ActivityId, activity_partner::Column::OrganisationId])
                .filter(of_rows(Expr::col((activity_partner::Entity, activity_partner::Column::ActivityId))))
                .into_tuple()
                .all(&self.db)
                .await?,
        );
        let list = rows
            .into_iter()
            .map(|row| Activity {
                track_ids: tracks.remove(&row.id).unwrap_or_default(),
                goal_ids: goals.remove(&row.id).unwrap_or_default(),
                partner_ids: partners.remove(&row.id).unwrap_or_default(),
                row,
            })
            .collect();
        Ok((list, total))
    }

    /// Commits an organisation's resources to an activity or goal of the initiative.
    pub async fn create_commitment(
        &self,
        initiative_id: i64,
        organisation_id: i64,
        plan: &CommitmentPlan,
        by: &AuditActor,
    ) -> Result<std::result::Result<commitment::Model, CommitmentRefusal>> {
        let txn = self.write().await?;
        let (activity_id, goal_id) = match plan.target {
            CommitmentTarget::Activity(a) => {
                let found = activity::Entity::find_by_id(a).one(&txn).await?;
                if found.is_none_or(|f| f.initiative_id != initiative_id) {
                    return Ok(Err(CommitmentRefusal::ForeignActivity));
                }
                (Some(a), None)
            }
            CommitmentTarget::Goal(g) => {
                let found = goal::Entity::find_by_id(g).one(&txn).await?;
                if found.is_none_or(|f| f.initiative_id != initiative_id) {
                    return Ok(Err(CommitmentRefusal::ForeignGoal));
                }
                (None, Some(g))
            }
        };
        let row = commitment::ActiveModel {
            initiative_id: Set(initiative_id),
            organisation_id: Set(organisation_id),
            activity_id: Set(activity_id),
            goal_id: Set(goal_id),
            kind: Set(plan.kind.code().into()),
            amount: Set(plan.amount),
            unit: Set(plan.unit.clone()),
            description: Set(plan.description.clone()),
            starts_on: Set(plan.starts_on),
            ends_on: Set(plan.ends_on),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            by,
            Change::of(
                initiative_id,
                "create",
                "commitment",
                row.id,
                json!({
                    "organisation_id": organisation_id, "activity_id": activity_id, "goal_id": goal_id,
                    "kind": plan.kind.code(), "amount": plan.amount, "unit": plan.unit,
                    "starts_on": plan.starts_on, "ends_on": plan.ends_on,
                }),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(Ok(row))
    }

    pub async fn commitment(&self, id: i64) -> Result<Option<commitment::Model>> {
        Ok(commitment::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Changes what a commitment promises; who commits and to what stay as they are.
    pub async fn update_commitment(
        &self,
        id: i64,
        plan: &CommitmentPlan,
        by: &AuditActor,
    ) -> Result<commitment::Model> {
        let txn = self.write().await?;
        let old = commitment::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let terms = |kind: &str,
                     amount: f64,
                     unit: &str,
                     description: &str,
                     starts: Option<NaiveDate>,
                     ends: Option<NaiveDate>| {
            json!({"kind": kind, "amount": amount, "unit": unit, "description": description, "starts_on": starts, "ends_on": ends})
        };
        let changes = audit::diff(
            &terms(&old.kind, old.amount, &old.unit, &old.description, old.starts_on, old.ends_on),
            &terms(plan.kind.code(), plan.amount, &plan.unit, &plan.description, plan.starts_on, plan.ends_on),
        );
        let initiative_id = old.initiative_id;
        let mut row = old.into_active_model();
        row.kind = Set(plan.kind.code().into());
        row.amount = Set(plan.amount);
        row.unit = Set(plan.unit.clone());
        row.description = Set(plan.description.clone());
        row.starts_on = Set(plan.starts_on);
        row.ends_on = Set(plan.ends_on);
        let row = row.update(&txn).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "commitment", id, changes)).await?;
        txn.commit().await?;
        Ok(row)
    }

    pub async fn record_delivery(
        &self,
        commitment: &commitment::Model,
        plan: &DeliveryPlan,
        by: &AuditActor,
    ) -> Result<delivery::Model> {
        let txn = self.write().await?;
        let row = delivery::ActiveModel {
            commitment_id: Set(commitment.id),
            description: Set(plan.description.clone()),
            amount: Set(plan.amount),
            delivered_on: Set(plan.delivered_on),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            by,
            Change::of(
                commitment.initiative_id,
                "create",
                "delivery",
                row.id,
                json!({
                    "commitment_id": commitment.id, "description": plan.description,
                    "amount": plan.amount, "delivered_on": plan.delivered_on,
                }),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(row)
    }

    /// The commitments to an activity, oldest first, each with its deliveries.
    pub async fn commitments_of_activity(&self, activity_id: i64) -> Result<Vec<CommitmentWithDeliveries>> {
        self.commitments_with_deliveries(Condition::all().add(commitment::Column::ActivityId.eq(activity_id))).await
    }

    /// The newest commitments to an initiative's goals (rather than to its activities).
    pub async fn commitments_to_goals(&self, initiative_id: i64, limit: u64) -> Result<Vec<CommitmentWithDeliveries>> {
        let newest: Vec<i64> = commitment::Entity::find()
            .select_only()
            .column(commitment::Column::Id)
            .filter(commitment::Column::InitiativeId.eq(initiative_id))
            .filter(commitment::Column::GoalId.is_not_null())
            .order_by_desc(commitment::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut list =
            self.commitments_with_deliveries(Condition::all().add(commitment::Column::Id.is_in(newest))).await?;
        list.reverse();
        Ok(list)
    }

    /// One commitment with its deliveries.
    pub async fn commitment_with_deliveries(&self, id: i64) -> Result<Option<CommitmentWithDeliveries>> {
        Ok(self.commitments_with_deliveries(Condition::all().add(commitment::Column::Id.eq(id))).await?.pop())
    }

    /// Commitments matching `which`, oldest first, with their deliveries read in one query.
    async fn commitments_with_deliveries(&self, which: Condition) -> Result<Vec<CommitmentWithDeliveries>> {
        let commitments =
            commitment::Entity::find().filter(which.clone()).order_by_asc(commitment::Column::Id).all(&self.db).await?;
        let mut deliveries: HashMap<i64, Vec<delivery::Model>> = HashMap::new();
        for d in delivery::Entity::find()
            .filter(delivery::Column::CommitmentId.in_subquery(
                Query::select().column(commitment::Column::Id).from(commitment::Entity).cond_where(which).to_owned(),
            ))
            .order_by_asc(delivery::Column::DeliveredOn)
            .all(&self.db)
            .await?
        {
            deliveries.entry(d.commitment_id).or_default().push(d);
        }
        Ok(commitments
            .into_iter()
            .map(|c| CommitmentWithDeliveries {
                deliveries: deliveries.remove(&c.id).unwrap_or_default(),
                commitment: c,
            })
            .collect())
    }

    /// What one organisation has committed in an initiative, oldest first, with the titles of
    /// what the commitments are to; four queries whatever the number.
    pub async fn commitments_of_organisation(
        &self,
        initiative_id: i64,
        organisation_id: i64,
    ) -> Result<Vec<OrganisationCommitment>> {
        let which = Condition::all()
            .add(commitment::Column::InitiativeId.eq(initiative_id))
            .add(commitment::Column::OrganisationId.eq(organisation_id));
        let list = self.commitments_with_deliveries(which.clone()).await?;
        let targets = |column: commitment::Column| {
            Query::select().column(column).from(commitment::Entity).cond_where(which.clone()).to_owned()
        };
        let activity_titles: HashMap<i64, String> = activity::Entity::find()
            .select_only()
            .columns([activity::Column::Id, activity::Column::Title])
            .filter(activity::Column::Id.in_subquery(targets(commitment::Column::ActivityId)))
            .into_tuple()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let goal_titles: HashMap<i64, String> = goal::Entity::find()
            .select_only()
            .columns([goal::Column::Id, goal::Column::Title])
            .filter(goal::Column::Id.in_subquery(targets(commitment::Column::GoalId)))
            .into_tuple()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        Ok(list
            .into_iter()
            .map(|c| {
                let title = match (c.commitment.activity_id, c.commitment.goal_id) {
                    (Some(a), _) => activity_titles.get(&a),
                    (None, Some(g)) => goal_titles.get(&g),
                    (None, None) => None,
                };
                OrganisationCommitment {
                    target_title: title.cloned().unwrap_or_default(),
                    delivered: c.deliveries.iter().map(|d| d.amount).sum(),
                    deliveries: c.deliveries.len(),
                    commitment: c.commitment,
                }
            })
            .collect())
    }

    /// The organisations leading the secretariat of an initiative (membership role
    /// `secretariat`, current or former): the activities they lead are "secretariat-driven".
    pub async fn secretariat_organisations(&self, initiative_id: i64) -> Result<Vec<i64>> {
        Ok(membership::Entity::find()
            .select_only()
            .column(membership::Column::OrganisationId)
            .filter(membership::Column::InitiativeId.eq(initiative_id))
            .filter(membership::Column::Role.eq("secretariat"))
            .distinct()
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// The activities of an initiative (those in a track, when given) and (activity,
    /// organisation, [`quarter_number`]) for their leads, partners and commitments with a start:
    /// read as one row per activity, the database listing the partners and the commitments of
    /// each with SQLite's `GROUP_CONCAT` and working out the quarters, so that no date is
    /// parsed. The creation time is read only for activities without a start (rare). Used on
    /// SQLite; [`Store::engagements_as_rows`] gives the same on PostgreSQL.
    async fn engagements_per_activity(&self, initiative_id: i64, track_id: Option<i64>) -> Result<Engagements> {
        let partners = "(SELECT GROUP_CONCAT(p.organisation_id, ',') FROM activity_partners p \
             WHERE p.activity_id = activities.id)"
            .to_owned();
        let committed = format!(
            "(SELECT GROUP_CONCAT(c.organisation_id || ':' || {}, ',') \
             FROM commitments c WHERE c.activity_id = activities.id AND c.starts_on IS NOT NULL)",
            quarter_sql("c.starts_on")
        );
        let query = activities_shown(initiative_id, track_id);
        let dated: Vec<EngagementRow> = query
            .clone()
            .column_as(Expr::cust(quarter_sql("activities.starts_on")), "quarter")
            .column_as(Expr::cust(partners.clone()), "partners")
            .column_as(Expr::cust(committed.clone()), "committed")
            .filter(activity::Column::StartsOn.is_not_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        let undated: Vec<UndatedEngagementRow> = query
            .column(activity::Column::CreatedAt)
            .column_as(Expr::cust(partners), "partners")
            .column_as(Expr::cust(committed), "committed")
            .filter(activity::Column::StartsOn.is_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        let rows = dated.into_iter().chain(undated.into_iter().map(|(id, lead, created, partners, committed)| {
            (id, lead, quarter_number(activity_day(None, created)), partners, committed)
        }));
        let mut engaged: Vec<(i64, i64, i32)> = Vec::new();
        let mut shown: Vec<i64> = Vec::new();
        for (activity, lead, quarter, partners, committed) in rows {
            shown.push(activity);
            engaged.extend(lead.map(|lead| (activity, lead, quarter)));
            for org in partners.as_deref().unwrap_or_default().split(',').filter_map(|o| o.parse().ok()) {
                engaged.push((activity, org, quarter));
            }
            for c in committed.as_deref().unwrap_or_default().split(',') {
                if let Some((org, q)) = c.split_once(':')
                    && let (Ok(org), Ok(q)) = (org.parse(), q.parse())
                {
                    engaged.push((activity, org, q));
                }
            }
        }
        Ok((engaged, shown))
    }

    /// What [`Store::engagements_per_activity`] gives, read as plain rows: the activities, their
    /// partners, and the commitments with a start (quarters worked out by the database). Used
    /// on PostgreSQL.
    async fn engagements_as_rows(&self, initiative_id: i64, track_id: Option<i64>) -> Result<Engagements> {
        let query = activities_shown(initiative_id, track_id);
        let dated: Vec<(i64, Option<i64>, i32)> = query
            .clone()
            .column_as(Expr::cust(quarter_sql("activities.starts_on")), "quarter")
            .filter(activity::Column::StartsOn.is_not_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        let undated: Vec<(i64, Option<i64>, chrono::DateTime<chrono::Utc>)> = query
            .column(activity::Column::CreatedAt)
            .filter(activity::Column::StartsOn.is_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut activities: Vec<(i64, Option<i64>, i32)> = dated
            .into_iter()
            .chain(
                undated.into_iter().map(|(id, lead, created)| (id, lead, quarter_number(activity_day(None, created)))),
            )
            .collect();
        activities.sort_unstable_by_key(|(id, _, _)| *id);
        let quarter_of = |a: i64| activities.binary_search_by_key(&a, |(id, _, _)| *id).ok().map(|i| activities[i].2);
        let mut engaged: Vec<(i64, i64, i32)> =
            activities.iter().filter_map(|(id, lead, q)| lead.map(|lead| (*id, lead, *q))).collect();
        let partners: Vec<(i64, i64)> = activity_partner::Entity::find()
            .select_only()
            .columns([activity_partner::Column::ActivityId, activity_partner::Column::OrganisationId])
            .filter(activity_partner::Column::ActivityId.in_subquery(activities_of(initiative_id)))
            .into_tuple()
            .all(&self.db)
            .await?;
        for (a, org) in partners {
            if let Some(q) = quarter_of(a) {
                engaged.push((a, org, q));
            }
        }
        let committed: Vec<(i64, Option<i64>, i32)> = commitment::Entity::find()
            .select_only()
            .columns([commitment::Column::OrganisationId, commitment::Column::ActivityId])
            .column_as(Expr::cust(quarter_sql("commitments.starts_on")), "quarter")
            .filter(commitment::Column::InitiativeId.eq(initiative_id))
            .filter(commitment::Column::ActivityId.is_not_null())
            .filter(commitment::Column::StartsOn.is_not_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        for (org, a, q) in committed {
            if let Some(a) = a.filter(|a| quarter_of(*a).is_some()) {
                engaged.push((a, org, q));
            }
        }
        Ok((engaged, activities.into_iter().map(|(id, _, _)| id).collect()))
    }

    /// The action plan: organisations × tracks with commitments promised and delivered, what
    /// lacks activities or partners, and the secretariat's share of the activities over time.
    /// Everything is counted and summed by the database: a few hundred grouped rows come back
    /// instead of every commitment, delivery and activity.
    pub async fn action_plan(&self, initiative_id: i64) -> Result<ActionPlan> {
        let mut plan = ActionPlan::default();
        for (org, track, promised, delivered) in self.plan_cells(initiative_id).await? {
            plan.cells.insert(
                (org, track),
                PlanCell {
                    promised: u32::try_from(promised).unwrap_or(u32::MAX),
                    delivered: u32::try_from(delivered).unwrap_or(u32::MAX),
                },
            );
        }
        plan.kinds = self.plan_kinds(initiative_id).await?;
        let org_ids: Vec<i64> = plan.cells.keys().map(|(o, _)| *o).collect::<BTreeSet<_>>().into_iter().collect();
        plan.organisations = if org_ids.is_empty() {
            Vec::new()
        } else {
            organisation::Entity::find()
                .filter(organisation::Column::Id.is_in(org_ids))
                .order_by_asc(organisation::Column::NameSearch)
                .all(&self.db)
                .await?
        };
        plan.tracks = self.tracks_of(initiative_id).await?;
        plan.goals_without_activities = goal::Entity::find()
            .select_only()
            .columns([goal::Column::Id, goal::Column::Title])
            .filter(goal::Column::InitiativeId.eq(initiative_id))
            .filter(goal::Column::ArchivedAt.is_null())
            .filter(goal::Column::Id.not_in_subquery(
                Query::select().column(activity_goal::Column::GoalId).from(activity_goal::Entity).to_owned(),
            ))
            .order_by_asc(goal::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        plan.activities_without_partners = self.activities_without_partners(initiative_id).await?;
        plan.secretariat_organisation_ids = self.secretariat_organisations(initiative_id).await?;
        let mut per_quarter: BTreeMap<Quarter, (u32, u32)> = BTreeMap::new();
        for by_secretariat in [true, false] {
            for (month, count) in self.activities_per_month(initiative_id, by_secretariat).await? {
                let Some(quarter) = quarter_of_month(&month) else { continue };
                let q = per_quarter.entry(quarter).or_default();
                let count = u32::try_from(count).unwrap_or(u32::MAX);
                if by_secretariat {
                    q.0 += count;
                } else {
                    q.1 += count;
                }
            }
        }
        // activities without a start count from the day they were written down (rare)
        let undated: Vec<(i64, chrono::DateTime<chrono::Utc>)> = activity::Entity::find()
            .select_only()
            .columns([activity::Column::LeadOrganisationId, activity::Column::CreatedAt])
            .filter(activity::Column::InitiativeId.eq(initiative_id))
            .filter(activity::Column::LeadOrganisationId.is_not_null())
            .filter(activity::Column::StartsOn.is_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        for (lead, created) in undated {
            let q = per_quarter.entry(Quarter::of(activity_day(None, created))).or_default();
            if plan.secretariat_organisation_ids.contains(&lead) {
                q.0 += 1;
            } else {
                q.1 += 1;
            }
        }
        let (secretariat, partners) = per_quarter.values().fold((0, 0), |(s, p), (a, b)| (s + a, p + b));
        plan.secretariat_driven_share =
            (secretariat + partners > 0).then(|| f64::from(secretariat) / f64::from(secretariat + partners));
        plan.per_quarter = per_quarter
            .into_iter()
            .map(|(quarter, (secretariat, partners))| QuarterShare { quarter, secretariat, partners })
            .collect();
        Ok(plan)
    }

    /// Per organisation and track of the activity committed to (none for goals and activities
    /// without a track): the commitments, and those with at least one delivery.
    async fn plan_cells(&self, initiative_id: i64) -> Result<Vec<(i64, Option<i64>, i64, i64)>> {
        use sea_orm::sea_query::ExprTrait;
        let has_delivery = Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(delivery::Entity)
                .and_where(
                    Expr::col((delivery::Entity, delivery::Column::CommitmentId))
                        .equals((commitment::Entity, commitment::Column::Id)),
                )
                .to_owned(),
        );
        let mut query = commitment::Entity::find()
            .select_only()
            .column(commitment::Column::OrganisationId)
            .column(activity_track::Column::TrackId)
            .column_as(Expr::col((commitment::Entity, commitment::Column::Id)).count(), "promised")
            .column_as(Expr::expr(Func::sum(Expr::case(has_delivery, 1).finally(0))), "delivered")
            .filter(commitment::Column::InitiativeId.eq(initiative_id))
            .group_by(commitment::Column::OrganisationId)
            .group_by(activity_track::Column::TrackId);
        QueryTrait::query(&mut query).left_join(
            activity_track::Entity,
            Expr::col((activity_track::Entity, activity_track::Column::ActivityId))
                .equals((commitment::Entity, commitment::Column::ActivityId)),
        );
        Ok(query.into_tuple().all(&self.db).await?)
    }

    /// Promised and delivered amounts per kind of resource.
    async fn plan_kinds(&self, initiative_id: i64) -> Result<Vec<KindTotal>> {
        use sea_orm::sea_query::ExprTrait;
        let promised: Vec<(String, f64)> = commitment::Entity::find()
            .select_only()
            .column(commitment::Column::Kind)
            .column_as(Expr::expr(Func::sum(Expr::col((commitment::Entity, commitment::Column::Amount)))), "promised")
            .filter(commitment::Column::InitiativeId.eq(initiative_id))
            .group_by(commitment::Column::Kind)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut delivered_query = delivery::Entity::find()
            .select_only()
            .column(commitment::Column::Kind)
            .column_as(Expr::expr(Func::sum(Expr::col((delivery::Entity, delivery::Column::Amount)))), "delivered")
            .filter(commitment::Column::InitiativeId.eq(initiative_id))
            .group_by(commitment::Column::Kind);
        QueryTrait::query(&mut delivered_query).inner_join(
            commitment::Entity,
            Expr::col((commitment::Entity, commitment::Column::Id))
                .equals((delivery::Entity, delivery::Column::CommitmentId)),
        );
        let delivered: HashMap<String, f64> = delivered_query.into_tuple().all(&self.db).await?.into_iter().collect();
        let mut kinds: Vec<KindTotal> = promised
            .into_iter()
            .map(|(kind, promised)| KindTotal {
                delivered: delivered.get(&kind).copied().unwrap_or(0.0),
                kind,
                promised,
            })
            .collect();
        kinds.sort_by(|a, b| a.kind.cmp(&b.kind));
        Ok(kinds)
    }

    /// Activities (not stopped) to which no organisation but their lead has committed anything.
    async fn activities_without_partners(&self, initiative_id: i64) -> Result<Vec<(i64, String)>> {
        use sea_orm::sea_query::ExprTrait;
        // a partner is any organisation but the lead: the lead's own hours are no partnership
        let partner_commitment = Query::select()
            .expr(Expr::val(1))
            .from(commitment::Entity)
            .and_where(
                Expr::col((commitment::Entity, commitment::Column::ActivityId))
                    .equals((activity::Entity, activity::Column::Id)),
            )
            .cond_where(
                Condition::any()
                    .add(Expr::col((activity::Entity, activity::Column::LeadOrganisationId)).is_null())
                    .add(
                        Expr::col((commitment::Entity, commitment::Column::OrganisationId))
                            .not_equals((activity::Entity, activity::Column::LeadOrganisationId)),
                    ),
            )
            .to_owned();
        Ok(activity::Entity::find()
            .select_only()
            .columns([activity::Column::Id, activity::Column::Title])
            .filter(activity::Column::InitiativeId.eq(initiative_id))
            .filter(activity::Column::Status.ne("stopped"))
            .filter(Expr::not_exists(partner_commitment))
            .order_by_asc(activity::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// Activities with a start date and a lead, by the month they start (`2027-04`), led by the
    /// secretariat or by a partner.
    async fn activities_per_month(&self, initiative_id: i64, by_secretariat: bool) -> Result<Vec<(String, i64)>> {
        use sea_orm::sea_query::ExprTrait;
        let secretariat = Query::select()
            .column(membership::Column::OrganisationId)
            .from(membership::Entity)
            .and_where(membership::Column::InitiativeId.eq(initiative_id))
            .and_where(membership::Column::Role.eq("secretariat"))
            .to_owned();
        let lead = activity::Column::LeadOrganisationId;
        // both backends print a date as YYYY-MM-DD (sqlx asks PostgreSQL for ISO dates)
        let month = Expr::cust("SUBSTR(CAST(starts_on AS TEXT), 1, 7)");
        Ok(activity::Entity::find()
            .select_only()
            .column_as(month.clone(), "month")
            .column_as(Expr::col((activity::Entity, activity::Column::Id)).count(), "activities")
            .filter(activity::Column::InitiativeId.eq(initiative_id))
            .filter(activity::Column::StartsOn.is_not_null())
            .filter(lead.is_not_null())
            .filter(if by_secretariat { lead.in_subquery(secretariat) } else { lead.not_in_subquery(secretariat) })
            .group_by(month)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// The network of actors: organisations are tied when they lead, partner or commit to the
    /// same activity. (Commitments to a goal make no tie: everyone working toward a goal shares
    /// it, which says nothing of working together.) A tie dates from the quarter both were
    /// first engaged in the same activity.
    pub async fn network(&self, initiative_id: i64, filter: &NetworkFilter) -> Result<Network> {
        // (activity, organisation, quarter it was engaged there); tens of thousands of them, so
        // they are sorted and walked in runs rather than hashed one by one
        let (mut engaged, mut shown_activities) = match self.backend() {
            // PostgreSQL sends plain rows cheaply but runs per-activity subqueries slowly
            sea_orm::DbBackend::Postgres => self.engagements_as_rows(initiative_id, filter.track_id).await?,
            // SQLite hands each row over one by one, so one row per activity is much cheaper
            _ => self.engagements_per_activity(initiative_id, filter.track_id).await?,
        };
        shown_activities.sort_unstable();
        // commitments without a start count from the day they were written down (rare)
        let undated: Vec<CommitmentCreatedRow> = commitment::Entity::find()
            .select_only()
            .columns([
                commitment::Column::OrganisationId,
                commitment::Column::ActivityId,
                commitment::Column::CreatedAt,
            ])
            .filter(commitment::Column::InitiativeId.eq(initiative_id))
            .filter(commitment::Column::ActivityId.is_not_null())
            .filter(commitment::Column::StartsOn.is_null())
            .into_tuple()
            .all(&self.db)
            .await?;
        for (org, activity_id, created) in undated {
            // only the activities shown (a track filter leaves some out)
            if let Some(a) = activity_id.filter(|a| shown_activities.binary_search(a).is_ok()) {
                engaged.push((a, org, quarter_number(activity_day(None, created))));
            }
        }
        // one engagement per organisation and activity, from the first quarter
        engaged.sort_unstable();
        engaged.dedup_by(|later, first| (later.0, later.1) == (first.0, first.1));
        // organisations by a small dense number, so that a pair and its quarter pack into one
        // u64 that sorts fast: number a (22 bits), number b (22 bits), quarter offset (20 bits)
        let mut org_ids: Vec<i64> = engaged.iter().map(|(_, org, _)| *org).collect();
        org_ids.sort_unstable();
        org_ids.dedup();
        let number = |org: i64| org_ids.binary_search(&org).unwrap_or_default() as u64;
        let first_quarter = engaged.iter().map(|(_, _, q)| *q).min().unwrap_or_default();
        let mut engagements = vec![0u32; org_ids.len()];
        let mut pairs: Vec<u64> = Vec::new();
        for members in engaged.chunk_by(|x, y| x.0 == y.0) {
            let members: Vec<(u64, u64)> = members
                .iter()
                .map(|(_, org, q)| (number(*org), u64::from((*q - first_quarter).unsigned_abs())))
                .collect();
            for (i, (a, qa)) in members.iter().enumerate() {
                engagements[*a as usize] += 1;
                for (b, qb) in &members[i + 1..] {
                    pairs.push((a << 42) | (b << 20) | (*qa).max(*qb));
                }
            }
        }
        pairs.sort_unstable();
        let organisations: BTreeMap<i64, organisation::Model> = if org_ids.is_empty() {
            BTreeMap::new()
        } else {
            organisation::Entity::find()
                .filter(organisation::Column::Id.is_in(org_ids.clone()))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|o| (o.id, o))
                .collect()
        };
        let sector = filter.sector.as_deref().filter(|s| !s.is_empty());
        let in_sector = |id: &i64| match sector {
            Some(sector) => organisations.get(id).is_some_and(|o| o.sector == sector),
            None => true,
        };
        // with a sector chosen: its organisations and everyone tied to them; in (source,
        // target) order, as the numbers follow the ids
        let edges: Vec<NetworkEdge> = pairs
            .chunk_by(|x, y| x >> 20 == y >> 20)
            .map(|run| {
                let key = run[0];
                NetworkEdge {
                    source: org_ids[(key >> 42) as usize],
                    target: org_ids[((key >> 20) & 0x3f_ffff) as usize],
                    shared: u32::try_from(run.len()).unwrap_or(u32::MAX),
                    // sorted, so the first is the earliest
                    since: quarter_of_number(first_quarter + i32::try_from(key & 0xf_ffff).unwrap_or_default()),
                }
            })
            .filter(|e| in_sector(&e.source) || in_sector(&e.target))
            .collect();
        let shown: BTreeSet<i64> = match sector {
            Some(_) => edges.iter().flat_map(|e| [e.source, e.target]).collect(),
            None => BTreeSet::new(),
        };
        let mut nodes: Vec<NetworkNode> = organisations
            .values()
            .filter(|o| in_sector(&o.id) || shown.contains(&o.id))
            .map(|o| NetworkNode {
                engagements: org_ids.binary_search(&o.id).map_or(0, |i| engagements[i]),
                id: o.id,
                slug: o.slug.clone(),
                name: o.name.clone(),
                sector: o.sector.clone(),
            })
            .collect();
        nodes.sort_by(|a, b| b.engagements.cmp(&a.engagements).then_with(|| a.name.cmp(&b.name)));
        let mut new_per_quarter: BTreeMap<Quarter, u32> = BTreeMap::new();
        for e in &edges {
            *new_per_quarter.entry(e.since).or_default() += 1;
        }
        Ok(Network { nodes, edges, new_per_quarter: new_per_quarter.into_iter().collect() })
    }
}
