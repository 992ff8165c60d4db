//! Commitments: the resources an organisation promises to an activity or goal of an initiative,
//! and the deliveries recorded against them.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{activity, commitment, delivery, goal};
use crate::{Result, Store, StoreError, now};
use chrono::NaiveDate;
use rygrad_domain::activity::{CommitmentKind, CommitmentPlan, CommitmentTarget, CommitmentTerms, DeliveryPlan};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::HashMap;

/// Why a commitment cannot be made as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentRefusal {
    ForeignActivity,
    ForeignGoal,
}

/// The resources an organisation promises to an activity or (the other id) a goal.
#[derive(Debug, Clone)]
pub struct Commitment {
    pub id: i64,
    pub initiative_id: i64,
    pub organisation_id: i64,
    pub activity_id: Option<i64>,
    pub goal_id: Option<i64>,
    pub terms: CommitmentTerms,
}

impl From<commitment::Model> for Commitment {
    fn from(c: commitment::Model) -> Self {
        Commitment {
            id: c.id,
            initiative_id: c.initiative_id,
            organisation_id: c.organisation_id,
            activity_id: c.activity_id,
            goal_id: c.goal_id,
            terms: CommitmentTerms {
                kind: CommitmentKind::of_code(&c.kind),
                amount: c.amount,
                unit: c.unit,
                description: c.description,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
            },
        }
    }
}

/// Writes what a commitment promises into its row.
fn fill(row: &mut commitment::ActiveModel, terms: &CommitmentTerms) {
    row.kind = Set(terms.kind.code().into());
    row.amount = Set(terms.amount);
    row.unit = Set(terms.unit.clone());
    row.description = Set(terms.description.clone());
    row.starts_on = Set(terms.starts_on);
    row.ends_on = Set(terms.ends_on);
}

/// What was delivered on a commitment, and when.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: i64,
    pub commitment_id: i64,
    pub description: String,
    pub amount: f64,
    pub delivered_on: NaiveDate,
}

impl From<delivery::Model> for Delivery {
    fn from(d: delivery::Model) -> Self {
        Delivery {
            id: d.id,
            commitment_id: d.commitment_id,
            description: d.description,
            amount: d.amount,
            delivered_on: d.delivered_on,
        }
    }
}

/// A commitment with what was delivered on it.
#[derive(Debug, Clone)]
pub struct CommitmentWithDeliveries {
    pub commitment: Commitment,
    pub deliveries: Vec<Delivery>,
}

/// A commitment as its organisation sees it: what it is to, and how much was delivered.
#[derive(Debug, Clone)]
pub struct OrganisationCommitment {
    pub commitment: Commitment,
    /// The title of the activity or goal it is made to.
    pub target_title: String,
    /// The sum of the deliveries' amounts.
    pub delivered: f64,
    /// How many deliveries were recorded.
    pub deliveries: usize,
}

impl Store {
    /// Commits an organisation's resources to an activity or goal of the initiative.
    pub async fn create_commitment(
        &self,
        initiative_id: i64,
        organisation_id: i64,
        plan: &CommitmentPlan,
        by: &AuditActor,
    ) -> Result<std::result::Result<Commitment, CommitmentRefusal>> {
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
        let mut row = commitment::ActiveModel {
            initiative_id: Set(initiative_id),
            organisation_id: Set(organisation_id),
            activity_id: Set(activity_id),
            goal_id: Set(goal_id),
            created_at: Set(now()),
            ..Default::default()
        };
        let terms = &plan.terms;
        fill(&mut row, terms);
        let changes = json!({
            "organisation_id": organisation_id, "activity_id": activity_id, "goal_id": goal_id,
            "kind": terms.kind.code(), "amount": terms.amount, "unit": terms.unit,
            "starts_on": terms.starts_on, "ends_on": terms.ends_on,
        });
        let row = audit::insert_recorded(&txn, row, by, |row| {
            Change::of(initiative_id, "create", "commitment", row.id, changes)
        })
        .await?;
        txn.commit().await?;
        Ok(Ok(row.into()))
    }

    pub async fn commitment(&self, id: i64) -> Result<Option<Commitment>> {
        Ok(commitment::Entity::find_by_id(id).one(&self.db).await?.map(Commitment::from))
    }

    /// Changes what a commitment promises; who commits and to what stay as they are.
    pub async fn update_commitment(&self, id: i64, terms: &CommitmentTerms, by: &AuditActor) -> Result<Commitment> {
        let txn = self.write().await?;
        let old = commitment::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let view = |t: &CommitmentTerms| json!({"kind": t.kind.code(), "amount": t.amount, "unit": t.unit, "description": t.description, "starts_on": t.starts_on, "ends_on": t.ends_on});
        let changes = audit::diff(&view(&Commitment::from(old.clone()).terms), &view(terms));
        let initiative_id = old.initiative_id;
        let mut row = old.into_active_model();
        fill(&mut row, terms);
        let row = row.update(&txn).await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "commitment", id, changes)).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn record_delivery(
        &self,
        commitment: &Commitment,
        plan: &DeliveryPlan,
        by: &AuditActor,
    ) -> Result<Delivery> {
        self.insert_audited(
            delivery::ActiveModel {
                commitment_id: Set(commitment.id),
                description: Set(plan.description.clone()),
                amount: Set(plan.amount),
                delivered_on: Set(plan.delivered_on),
                created_at: Set(now()),
                ..Default::default()
            },
            by,
            |row| {
                Change::of(
                    commitment.initiative_id,
                    "create",
                    "delivery",
                    row.id,
                    json!({
                        "commitment_id": commitment.id, "description": plan.description,
                        "amount": plan.amount, "delivered_on": plan.delivered_on,
                    }),
                )
            },
        )
        .await
        .map(Delivery::from)
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
        let mut deliveries: HashMap<i64, Vec<Delivery>> = HashMap::new();
        for d in delivery::Entity::find()
            .filter(delivery::Column::CommitmentId.in_subquery(
                Query::select().column(commitment::Column::Id).from(commitment::Entity).cond_where(which).to_owned(),
            ))
            .order_by_asc(delivery::Column::DeliveredOn)
            .all(&self.db)
            .await?
        {
            deliveries.entry(d.commitment_id).or_default().push(d.into());
        }
        Ok(commitments
            .into_iter()
            .map(|c| CommitmentWithDeliveries {
                deliveries: deliveries.remove(&c.id).unwrap_or_default(),
                commitment: c.into(),
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
}
