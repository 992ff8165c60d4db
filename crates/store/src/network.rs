//! The network of actors of an initiative: organisations tied by the activities they lead,
//! partner or commit to, and when each tie appeared. Reads narrow rows and aggregates them in
//! one pass in Rust.

use crate::activities::{activities_of, activity_day, in_track};
use crate::entity::{activity, activity_partner, commitment, organisation};
use crate::{Result, Store};
use chrono::NaiveDate;
use rygrad_domain::activity::Quarter;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeMap, BTreeSet};

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
        query = query.filter(in_track(t));
    }
    query
}

impl Store {
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
}
