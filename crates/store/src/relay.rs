//! The relay (madstafet) as a tree of meals: every meal records the meal whose baton it got, and
//! all meals of one tree share the root's id; the in-memory meal index keeps each tree together.

use crate::entity::meal;
use crate::meal_index::MealSummary;
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use sea_orm::EntityTrait;
use std::collections::{HashMap, HashSet};

/// A meal as the relay needs it.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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

impl RelayMeal {
    fn of(m: &MealSummary) -> Self {
        RelayMeal {
            id: m.id,
            parent_id: m.parent_id,
            baton_code: m.baton_code.clone(),
            title: m.title.clone(),
            municipality_code: m.municipality_code.clone(),
            lat: m.lat,
            lon: m.lon,
            starts_at: m.starts_at,
            seats_taken: m.seats_taken,
            generation: m.generation,
        }
    }
}

impl Store {
    /// Every meal born of the relay (it carries a parent's baton): when and where, earliest
    /// first, for maps of the spread over the years.
    pub async fn relay_meal_points(&self, limit: u64) -> Result<Vec<(DateTime<Utc>, f64, f64)>> {
        let index = self.meal_index().await?;
        let mut points: Vec<_> = index
            .all()
            .filter(|m| m.parent_id.is_some() && m.is_published())
            .map(|m| (m.starts_at, m.lat, m.lon))
            .collect();
        let limit = limit as usize;
        if points.len() > limit {
            points.select_nth_unstable_by(limit, |a, b| a.0.cmp(&b.0));
            points.truncate(limit);
        }
        points.sort_by_key(|p| p.0);
        Ok(points)
    }

    /// The longest or widest relays (the national page); published meals only.
    pub async fn largest_relays(&self, by: RelayRanking, limit: u64) -> Result<Vec<(RelaySummary, meal::Model)>> {
        let mut ranking: Vec<RelaySummary> = {
            let index = self.meal_index().await?;
            index
                .trees()
                .filter_map(|(root_id, meals)| {
                    let (mut count, mut generations) = (0, 0);
                    let mut municipalities = HashSet::new();
                    for m in meals.filter(|m| m.is_published()) {
                        count += 1;
                        generations = generations.max(m.generation);
                        municipalities.insert(m.municipality_code.as_str());
                    }
                    (count > 1).then_some(RelaySummary {
                        root_id,
                        meals: count,
                        generations,
                        municipalities: municipalities.len() as i64,
                    })
                })
                .collect()
        };
        ranking.sort_by_key(|r| {
            let size = match by {
                RelayRanking::Longest => r.meals,
                RelayRanking::Widest => r.municipalities,
            };
            (std::cmp::Reverse(size), r.root_id)
        });
        let mut out = Vec::with_capacity(limit as usize);
        for r in ranking {
            if out.len() as u64 == limit {
                break;
            }
            if let Some(root) =
                meal::Entity::find_by_id(r.root_id).one(&self.db).await?.filter(|m| m.status == "published")
            {
                out.push((r, root));
            }
        }
        Ok(out)
    }

    /// The relay statistics of one meal; hidden meals (and what hangs below them) stay out.
    pub async fn relay(&self, meal_id: i64) -> Result<Option<RelayStats>> {
        let tree: Vec<RelayMeal> = {
            let index = self.meal_index().await?;
            let Some(this) = index.get(meal_id) else {
                return Ok(None);
            };
            index.tree(this.root_id).filter(|m| m.is_published()).map(RelayMeal::of).collect()
        };
        Ok(Some(stats_of(tree, meal_id)))
    }
}

/// Computes a meal's relay from all meals of its tree.
pub fn stats_of(mut tree: Vec<RelayMeal>, meal_id: i64) -> RelayStats {
    tree.sort_by_key(|m| (m.starts_at, m.id));
    let position: HashMap<i64, usize> = tree.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mut children: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, m) in tree.iter().enumerate() {
        if let Some(parent) = m.parent_id {
            children.entry(parent).or_default().push(i);
        }
    }
    let mut line = Vec::new();
    let mut cursor = position.get(&meal_id).copied();
    let mut seen = HashSet::new();
    while let Some(i) = cursor {
        if !seen.insert(i) {
            break;
        }
        line.push(tree[i].clone());
        cursor = tree[i].parent_id.and_then(|p| position.get(&p).copied());
    }
    line.reverse();
    let mut below = vec![false; tree.len()];
    let mut stack: Vec<usize> = position.get(&meal_id).copied().into_iter().collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut below[i], true) {
            continue;
        }
        stack.extend(children.get(&tree[i].id).into_iter().flatten());
    }
    let own_generation = position.get(&meal_id).map_or(1, |&i| tree[i].generation);
    let descendants: Vec<RelayMeal> = tree.into_iter().zip(below).filter_map(|(m, b)| b.then_some(m)).collect();
    RelayStats {
        meals: descendants.len(),
        guests: descendants.iter().map(|m| i64::from(m.seats_taken)).sum(),
        generations: descendants.iter().map(|m| m.generation - own_generation + 1).max().unwrap_or(0),
        municipalities: descendants.iter().map(|m| m.municipality_code.as_str()).collect::<HashSet<_>>().len(),
        line,
        descendants,
    }
}
