//! The relay (madstafet) as a tree of meals: every meal records the meal whose baton it got, and
//! all meals of one tree share the root's id, so a whole relay is one indexed read.

use crate::entity::meal;
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

/// A meal as the relay needs it.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct RelayMeal {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub baton_code: String,
    pub title: String,
    pub municipality_code: String,
    pub lat: f64,
    pub lon: f64,
    pub starts_at: DateTime<Utc>,
    pub seats_taken: i32,
    pub generation: i32,
}

/// A meal's place in its relay: the line back to the first meal, and what grew from it.
#[derive(Debug, Clone)]
pub struct RelayStats {
    /// From the first meal down to this one.
    pub line: Vec<RelayMeal>,
    /// This meal and every meal that descends from it, by start time.
    pub descendants: Vec<RelayMeal>,
    pub meals: usize,
    pub guests: i64,
    /// Generations below and including this meal.
    pub generations: i32,
    pub municipalities: usize,
}

/// One relay tree in a ranking.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct RelaySummary {
    pub root_id: i64,
    pub meals: i64,
    pub generations: i32,
    pub municipalities: i64,
}

/// How relays are ranked on the national page.
#[derive(Debug, Clone, Copy)]
pub enum RelayRanking {
    /// Most meals.
    Longest,
    /// Most municipalities reached.
    Widest,
}

impl Store {
    /// Every meal born of the relay (it carries a parent's baton): when and where, for maps of
    /// the spread over the years.
    pub async fn relay_meal_points(&self, limit: u64) -> Result<Vec<(DateTime<Utc>, f64, f64)>> {
        Ok(meal::Entity::find()
            .select_only()
            .columns([meal::Column::StartsAt, meal::Column::Lat, meal::Column::Lon])
            .filter(meal::Column::ParentId.is_not_null())
            .filter(meal::Column::Status.eq("published"))
            .order_by_asc(meal::Column::StartsAt)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// The longest or widest relays (the national page).
    pub async fn largest_relays(&self, by: RelayRanking, limit: u64) -> Result<Vec<(RelaySummary, meal::Model)>> {
        use sea_orm::sea_query::{Expr, ExprTrait, Func};
        let count = || Func::count(Expr::col(meal::Column::Id));
        let municipalities = || Func::count_distinct(Expr::col(meal::Column::MunicipalityCode));
        let ranking: Vec<RelaySummary> = meal::Entity::find()
            .select_only()
            .column(meal::Column::RootId)
            .column_as(Expr::expr(count()), "meals")
            .column_as(Expr::expr(Func::max(Expr::col(meal::Column::Generation))), "generations")
            .column_as(Expr::expr(municipalities()), "municipalities")
            .filter(meal::Column::Status.eq("published"))
            .group_by(meal::Column::RootId)
            .having(Expr::expr(count()).gt(1))
            .order_by_desc(match by {
                RelayRanking::Longest => count(),
                RelayRanking::Widest => municipalities(),
            })
            .limit(limit)
            .into_model::<RelaySummary>()
            .all(&self.db)
            .await?;
        let mut out = Vec::with_capacity(ranking.len());
        for r in ranking {
            if let Some(root) =
                meal::Entity::find_by_id(r.root_id).one(&self.db).await?.filter(|m| m.status == "published")
            {
                out.push((r, root));
            }
        }
        Ok(out)
    }

    /// The relay statistics of one meal.
    pub async fn relay(&self, meal_id: i64) -> Result<Option<RelayStats>> {
        let Some(this) = meal::Entity::find_by_id(meal_id).one(&self.db).await? else {
            return Ok(None);
        };
        let tree: Vec<RelayMeal> = meal::Entity::find()
            .select_only()
            .columns([
                meal::Column::Id,
                meal::Column::ParentId,
                meal::Column::BatonCode,
                meal::Column::Title,
                meal::Column::MunicipalityCode,
                meal::Column::Lat,
                meal::Column::Lon,
                meal::Column::StartsAt,
                meal::Column::SeatsTaken,
                meal::Column::Generation,
            ])
            .filter(meal::Column::RootId.eq(this.root_id))
            // hidden meals (and what hangs below them) stay out of public relays
            .filter(meal::Column::Status.eq("published"))
            .order_by_asc(meal::Column::StartsAt)
            .into_model::<RelayMeal>()
            .all(&self.db)
            .await?;
        Ok(Some(stats_of(&tree, meal_id)))
    }
}

/// Computes a meal's relay from all meals of its tree.
pub fn stats_of(tree: &[RelayMeal], meal_id: i64) -> RelayStats {
    let by_id: HashMap<i64, &RelayMeal> = tree.iter().map(|m| (m.id, m)).collect();
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for m in tree {
        if let Some(parent) = m.parent_id {
            children.entry(parent).or_default().push(m.id);
        }
    }
    let mut line = Vec::new();
    let mut cursor = by_id.get(&meal_id).copied();
    let mut seen = HashSet::new();
    while let Some(m) = cursor {
        if !seen.insert(m.id) {
            break;
        }
        line.push(m.clone());
        cursor = m.parent_id.and_then(|p| by_id.get(&p).copied());
    }
    line.reverse();
    let mut descendants = Vec::new();
    let mut stack = vec![meal_id];
    let mut visited = HashSet::new();
    while let Some(id) = stack.pop() {
        if !visited.insert(id) {
            continue;
        }
        if let Some(m) = by_id.get(&id) {
            descendants.push((*m).clone());
        }
        if let Some(kids) = children.get(&id) {
            stack.extend(kids);
        }
    }
    descendants.sort_by_key(|m| (m.starts_at, m.id));
    let own_generation = by_id.get(&meal_id).map_or(1, |m| m.generation);
    RelayStats {
        meals: descendants.len(),
        guests: descendants.iter().map(|m| i64::from(m.seats_taken)).sum(),
        generations: descendants.iter().map(|m| m.generation - own_generation + 1).max().unwrap_or(0),
        municipalities: descendants.iter().map(|m| m.municipality_code.as_str()).collect::<HashSet<_>>().len(),
        line,
        descendants,
    }
}
