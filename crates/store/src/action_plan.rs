//! The action plan of an initiative: organisations × tracks with the commitments promised and
//! delivered, what lacks activities or partners, and the secretariat's share of the activities
//! over time. Counted and summed by the database; a few hundred grouped rows come back.

use crate::activities::activity_day;
use crate::entity::{activity, activity_goal, activity_track, commitment, delivery, goal, membership, organisation};
use crate::goals::Track;
use crate::organisations::Organisation;
use crate::{Result, Store};
use chrono::NaiveDate;
use rygrad_domain::activity::{CommitmentKind, Quarter};
use sea_orm::sea_query::{Expr, Func, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One cell of the organisations × tracks matrix.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PlanCell {
    /// Commitments made.
    pub promised: u32,
    /// Commitments with at least one delivery.
    pub delivered: u32,
}

/// Promised and delivered amounts of one kind of resource.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KindTotal {
    pub kind: CommitmentKind,
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
    pub organisations: Vec<Organisation>,
    pub tracks: Vec<Track>,
    pub kinds: Vec<KindTotal>,
    pub goals_without_activities: Vec<(i64, String)>,
    /// Activities (not stopped) without a commitment from any organisation but their lead.
    pub activities_without_partners: Vec<(i64, String)>,
    pub secretariat_organisation_ids: Vec<i64>,
    pub per_quarter: Vec<QuarterShare>,
    /// Of the activities with a lead organisation, the share led by the secretariat.
    pub secretariat_driven_share: Option<f64>,
}

/// The quarter of a month written `2027-04`.
fn quarter_of_month(month: &str) -> Option<Quarter> {
    let (year, month) = month.split_once('-')?;
    let day = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?;
    Some(Quarter::of(day))
}

impl Store {
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
                .into_iter()
                .map(Organisation::from)
                .collect()
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
                kind: CommitmentKind::of_code(&kind),
                promised,
            })
            .collect();
        kinds.sort_by_key(|k| k.kind.code());
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
}
