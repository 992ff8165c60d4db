//! The goal hierarchy and tracks of an initiative's common agenda.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{goal, track};
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, NaiveDate, Utc};
use rygrad_domain::goal::{GoalLevel, GoalPlan, TrackPlan, creates_cycle};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use std::collections::HashMap;

/// A goal of an initiative's common agenda.
#[derive(Debug, Clone)]
pub struct Goal {
    pub id: i64,
    pub initiative_id: i64,
    pub parent_id: Option<i64>,
    pub level: GoalLevel,
    pub title: String,
    pub description: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub archived_at: Option<DateTime<Utc>>,
}

impl From<goal::Model> for Goal {
    fn from(g: goal::Model) -> Self {
        Goal {
            id: g.id,
            initiative_id: g.initiative_id,
            parent_id: g.parent_id,
            level: GoalLevel::of_code(&g.level),
            title: g.title,
            description: g.description,
            starts_on: g.starts_on,
            ends_on: g.ends_on,
            archived_at: g.archived_at,
        }
    }
}

/// A strategic track of an initiative.
#[derive(Debug, Clone)]
pub struct Track {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub lead_organisation_id: Option<i64>,
}

impl From<track::Model> for Track {
    fn from(t: track::Model) -> Self {
        Track { id: t.id, title: t.title, description: t.description, lead_organisation_id: t.lead_organisation_id }
    }
}

/// Why a goal cannot go where it was asked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalRefusal {
    /// The parent belongs to another initiative, or does not exist.
    UnknownParent,
    /// The goal would end up under itself.
    Cycle,
}

/// What still points at a goal, so that it cannot simply be deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GoalDependants {
    /// Goals that serve this one (archived ones included: deleting would orphan them).
    pub child_goals: u64,
    /// Activities that serve the goal (their link would be lost).
    pub activities: u64,
    /// Commitments made to the goal.
    pub commitments: u64,
}

impl GoalDependants {
    pub fn is_empty(&self) -> bool {
        self.child_goals == 0 && self.activities == 0 && self.commitments == 0
    }
}

/// Everything that points at a goal. The one place to count new kinds of dependants (activities
/// serving the goal, commitments to it) when they arrive.
pub async fn goal_dependants(db: &impl ConnectionTrait, goal_id: i64) -> Result<GoalDependants> {
    use crate::entity::{activity_goal, commitment};
    let child_goals = goal::Entity::find().filter(goal::Column::ParentId.eq(goal_id)).count(db).await?;
    let activities = activity_goal::Entity::find().filter(activity_goal::Column::GoalId.eq(goal_id)).count(db).await?;
    let commitments = commitment::Entity::find().filter(commitment::Column::GoalId.eq(goal_id)).count(db).await?;
    Ok(GoalDependants { child_goals, activities, commitments })
}

impl Store {
    pub async fn goal_dependants(&self, goal_id: i64) -> Result<GoalDependants> {
        goal_dependants(&self.db, goal_id).await
    }

    /// Deletes a goal that nothing points at; otherwise says what does, and nothing changes.
    pub async fn delete_goal(&self, id: i64, by: &AuditActor) -> Result<std::result::Result<(), GoalDependants>> {
        let txn = self.write().await?;
        let g = goal::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let dependants = goal_dependants(&txn, id).await?;
        if !dependants.is_empty() {
            return Ok(Err(dependants));
        }
        goal::Entity::delete_by_id(id).exec(&txn).await?;
        audit::record(
            &txn,
            by,
            Change::of(
                g.initiative_id,
                "delete",
                "goal",
                id,
                json!({"title": g.title, "level": g.level, "parent_id": g.parent_id}),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// Archives a goal (or brings it back): it leaves the hierarchy but stays findable, and
    /// whatever points at it keeps pointing at it.
    pub async fn set_goal_archived(&self, id: i64, archived: bool, by: &AuditActor) -> Result<Goal> {
        let txn = self.write().await?;
        let g = goal::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let initiative_id = g.initiative_id;
        let mut row = g.into_active_model();
        row.archived_at = Set(archived.then(now));
        row.updated_at = Set(now());
        let row = row.update(&txn).await?;
        audit::record(
            &txn,
            by,
            Change::of(
                initiative_id,
                if archived { "archive" } else { "restore" },
                "goal",
                id,
                json!({"title": row.title}),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Moves the goals that serve `id` under `to` (a goal of the same initiative that is not
    /// `id` itself nor below it), so that `id` can be deleted. Returns how many moved.
    pub async fn relink_goal_children(
        &self,
        id: i64,
        to: i64,
        by: &AuditActor,
    ) -> Result<std::result::Result<u64, GoalRefusal>> {
        let txn = self.write().await?;
        let g = goal::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let siblings = goal::Entity::find().filter(goal::Column::InitiativeId.eq(g.initiative_id)).all(&txn).await?;
        if !siblings.iter().any(|s| s.id == to) {
            return Ok(Err(GoalRefusal::UnknownParent));
        }
        let mut parents: HashMap<i64, Option<i64>> = siblings.iter().map(|g| (g.id, g.parent_id)).collect();
        let children: Vec<i64> = siblings.iter().filter(|s| s.parent_id == Some(id)).map(|s| s.id).collect();
        for child in &children {
            if to == id || creates_cycle(*child, Some(to), &parents) {
                return Ok(Err(GoalRefusal::Cycle));
            }
            parents.insert(*child, Some(to));
        }
        goal::Entity::update_many()
            .col_expr(goal::Column::ParentId, Expr::value(to))
            .col_expr(goal::Column::UpdatedAt, Expr::value(now()))
            .filter(goal::Column::ParentId.eq(id))
            .exec(&txn)
            .await?;
        audit::record(
            &txn,
            by,
            Change::of(g.initiative_id, "relink", "goal", id, json!({"children": children, "to": to})),
        )
        .await?;
        txn.commit().await?;
        Ok(Ok(children.len() as u64))
    }

    /// An initiative's archived goals, the most recently archived first.
    pub async fn archived_goals_of(&self, initiative_id: i64) -> Result<Vec<Goal>> {
        Ok(goal::Entity::find()
            .filter(goal::Column::InitiativeId.eq(initiative_id))
            .filter(goal::Column::ArchivedAt.is_not_null())
            .order_by_desc(goal::Column::ArchivedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Goal::from)
            .collect())
    }

    pub async fn goals_of(&self, initiative_id: i64) -> Result<Vec<Goal>> {
        Ok(goal::Entity::find()
            .filter(goal::Column::InitiativeId.eq(initiative_id))
            .filter(goal::Column::ArchivedAt.is_null())
            .order_by_asc(goal::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Goal::from)
            .collect())
    }

    pub async fn goal(&self, id: i64) -> Result<Option<Goal>> {
        Ok(goal::Entity::find_by_id(id).one(&self.db).await?.map(Goal::from))
    }

    /// The level a goal gets: the one asked for, else one below its parent's, else the vision.
    fn level_for(plan: &GoalPlan, parent: Option<&goal::Model>) -> GoalLevel {
        plan.level.unwrap_or_else(|| match parent {
            Some(p) => GoalLevel::of_code(&p.level).below(),
            None => GoalLevel::Vision,
        })
    }

    /// Creates a goal; its parent must be a goal of the same initiative.
    pub async fn create_goal(
        &self,
        initiative_id: i64,
        plan: &GoalPlan,
        by: &AuditActor,
    ) -> Result<std::result::Result<Goal, GoalRefusal>> {
        let txn = self.write().await?;
        let parent = match plan.parent_id {
            Some(id) => {
                match goal::Entity::find_by_id(id).one(&txn).await?.filter(|g| g.initiative_id == initiative_id) {
                    Some(p) => Some(p),
                    None => return Ok(Err(GoalRefusal::UnknownParent)),
                }
            }
            None => None,
        };
        let level = Self::level_for(plan, parent.as_ref());
        let row = goal::ActiveModel {
            initiative_id: Set(initiative_id),
            parent_id: Set(plan.parent_id),
            level: Set(level.code().into()),
            title: Set(plan.title.clone()),
            description: Set(plan.description.clone()),
            starts_on: Set(plan.starts_on),
            ends_on: Set(plan.ends_on),
            archived_at: Set(None),
            created_at: Set(now()),
            updated_at: Set(now()),
            ..Default::default()
        };
        let changes = json!({"title": plan.title, "level": level.code(), "parent_id": plan.parent_id});
        let row =
            audit::insert_recorded(&txn, row, by, |row| Change::of(initiative_id, "create", "goal", row.id, changes))
                .await?;
        txn.commit().await?;
        Ok(Ok(row.into()))
    }

    /// Edits a goal, possibly moving it under another parent of the same initiative; a move
    /// that would put it under itself is refused.
    pub async fn update_goal(
        &self,
        id: i64,
        plan: &GoalPlan,
        by: &AuditActor,
    ) -> Result<std::result::Result<Goal, GoalRefusal>> {
        let txn = self.write().await?;
        let old = goal::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let siblings = goal::Entity::find().filter(goal::Column::InitiativeId.eq(old.initiative_id)).all(&txn).await?;
        let parents: HashMap<i64, Option<i64>> = siblings.iter().map(|g| (g.id, g.parent_id)).collect();
        if plan.parent_id.is_some_and(|p| !parents.contains_key(&p)) {
            return Ok(Err(GoalRefusal::UnknownParent));
        }
        if creates_cycle(id, plan.parent_id, &parents) {
            return Ok(Err(GoalRefusal::Cycle));
        }
        let level = plan.level.unwrap_or_else(|| GoalLevel::of_code(&old.level));
        let changes = audit::diff(
            &json!({"title": old.title, "parent_id": old.parent_id, "level": old.level, "description": old.description}),
            &json!({"title": plan.title, "parent_id": plan.parent_id, "level": level.code(), "description": plan.description}),
        );
        let initiative_id = old.initiative_id;
        let mut row = old.into_active_model();
        row.title = Set(plan.title.clone());
        row.description = Set(plan.description.clone());
        row.parent_id = Set(plan.parent_id);
        row.level = Set(level.code().into());
        row.starts_on = Set(plan.starts_on);
        row.ends_on = Set(plan.ends_on);
        row.updated_at = Set(now());
        let row = row.update(&txn).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "goal", id, changes)).await?;
        txn.commit().await?;
        Ok(Ok(row.into()))
    }

    pub async fn tracks_of(&self, initiative_id: i64) -> Result<Vec<Track>> {
        Ok(track::Entity::find()
            .filter(track::Column::InitiativeId.eq(initiative_id))
            .order_by_asc(track::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Track::from)
            .collect())
    }

    pub async fn create_track(
        &self,
        initiative_id: i64,
        plan: &TrackPlan,
        lead_organisation_id: Option<i64>,
        by: &AuditActor,
    ) -> Result<Track> {
        let changes = json!({"title": plan.title, "lead_organisation": plan.lead_organisation});
        self.insert_audited(
            track::ActiveModel {
                initiative_id: Set(initiative_id),
                title: Set(plan.title.clone()),
                description: Set(plan.description.clone()),
                lead_organisation_id: Set(lead_organisation_id),
                created_at: Set(now()),
                ..Default::default()
            },
            by,
            |row| Change::of(initiative_id, "create", "track", row.id, changes),
        )
        .await
        .map(Track::from)
    }
}
