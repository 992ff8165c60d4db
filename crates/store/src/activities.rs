//! The activity catalogue of an initiative: activities with their lead, partners, tracks and
//! goals, written with their audit entries and searched and filtered for the catalogue.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{activity, activity_goal, activity_partner, activity_track, goal, track};
use crate::{Result, Store, StoreError, now};
use chrono::NaiveDate;
use rygrad_domain::activity::{ActivityPlan, ActivityStatus};
use rygrad_domain::text::search_key;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::{BTreeSet, HashMap, HashSet};

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

/// An activity of the catalogue: what is planned and reported, and what it is linked to.
#[derive(Debug, Clone)]
pub struct Activity {
    pub id: i64,
    pub initiative_id: i64,
    /// Added by a member and not yet accepted by backbone staff.
    pub proposed: bool,
    pub plan: ActivityPlan,
    pub links: ActivityLinks,
}

impl Activity {
    fn of(row: activity::Model, track_ids: Vec<i64>, goal_ids: Vec<i64>, partner_ids: Vec<i64>) -> Self {
        Activity {
            id: row.id,
            initiative_id: row.initiative_id,
            proposed: row.proposed,
            links: ActivityLinks { lead_organisation_id: row.lead_organisation_id, partner_ids, track_ids, goal_ids },
            plan: ActivityPlan {
                title: row.title,
                description: row.description,
                target_group: row.target_group,
                municipality_code: row.municipality_code,
                address: row.address,
                starts_on: row.starts_on,
                ends_on: row.ends_on,
                status: ActivityStatus::of_code(&row.status),
                stop_reason: row.stop_reason,
                participants_reached: row.participants_reached,
                helped: row.helped,
                hindered: row.hindered,
                satisfaction: row.satisfaction,
            },
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub track_id: Option<i64>,
    pub goal_id: Option<i64>,
    pub status: Option<ActivityStatus>,
    /// Leading or partnering.
    pub organisation_id: Option<i64>,
    pub search: Option<String>,
}

fn search_text(plan: &ActivityPlan) -> String {
    search_key(&format!("{}\n{}\n{}", plan.title, plan.description, plan.target_group))
}

/// The activities in a track, as a filter on activities.
pub(crate) fn in_track(track_id: i64) -> Expr {
    activity::Column::Id.in_subquery(
        Query::select()
            .column(activity_track::Column::ActivityId)
            .from(activity_track::Entity)
            .and_where(activity_track::Column::TrackId.eq(track_id))
            .to_owned(),
    )
}

/// The ids of an initiative's activities, for link tables.
pub(crate) fn activities_of(initiative_id: i64) -> SelectStatement {
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
pub(crate) fn activity_day(starts_on: Option<NaiveDate>, created_at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
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
    ) -> Result<std::result::Result<Activity, ActivityRefusal>> {
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
        let activity = self.activity_in(&txn, row.id).await?.ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(Ok(activity))
    }

    pub async fn update_activity(
        &self,
        id: i64,
        plan: &ActivityPlan,
        links: &ActivityLinks,
        by: &AuditActor,
    ) -> Result<std::result::Result<Activity, ActivityRefusal>> {
        let txn = self.write().await?;
        let old = self.activity_in(&txn, id).await?.ok_or(StoreError::NotFound)?;
        let initiative_id = old.initiative_id;
        if let Err(refusal) = check_links(&txn, initiative_id, links).await? {
            return Ok(Err(refusal));
        }
        let changes = audit::diff(&audit_view(&old.plan, &old.links), &audit_view(plan, links));
        let mut row = activity::ActiveModel { id: sea_orm::Unchanged(id), ..Default::default() };
        fill(&mut row, plan, links);
        row.update(&txn).await?;
        set_links(&txn, id, links).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "activity", id, changes)).await?;
        let activity = self.activity_in(&txn, id).await?.ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(Ok(activity))
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
        Ok(Some(Activity::of(row, track_ids, goal_ids, partner_ids)))
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
            query = query.filter(in_track(t));
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
        if let Some(status) = filter.status {
            query = query.filter(activity::Column::Status.eq(status.code()));
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
            .map(|row| {
                let id = row.id;
                let (track_ids, goal_ids) =
                    (tracks.remove(&id).unwrap_or_default(), goals.remove(&id).unwrap_or_default());
                Activity::of(row, track_ids, goal_ids, partners.remove(&id).unwrap_or_default())
            })
            .collect();
        Ok((list, total))
    }
}
