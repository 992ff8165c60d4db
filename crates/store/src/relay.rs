//! The relay (madstafet) as a tree of meals: every meal records the meal whose baton it got, and
//! all meals of one tree share the root's id; the in-memory meal index keeps each tree together.

use crate::entity::meal;
use crate::meal_index::{IndexedMeal, MealIndex};
use crate::meals::Meal;
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use rygrad_domain::meal::MealStatus;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::cmp::Reverse;
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

/// A meal's place in its relay: the line back to the first meal, and the size of what grew
/// from it (the meal itself included).
#[derive(Debug, Clone)]
pub struct RelayStats {
    /// From the first meal down to this one.
    pub line: Vec<RelayMeal>,
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

/// What a relay page shows.
#[derive(Debug, Clone)]
pub struct RelayOverview {
    pub stats: RelayStats,
    /// The earliest meals of what grew from this one, itself first.
    pub earliest: Vec<RelayMeal>,
    /// When and where every meal that grew from this one took place.
    pub spread: Vec<(DateTime<Utc>, f64, f64)>,
}

/// The relays the national page ranks, each with its first meal.
#[derive(Debug, Clone, Default)]
pub struct LargestRelays {
    /// Most meals first.
    pub longest: Vec<(RelaySummary, Meal)>,
    /// Most municipalities reached first.
    pub widest: Vec<(RelaySummary, Meal)>,
}

impl RelayMeal {
    fn of(index: &MealIndex, m: &IndexedMeal) -> Self {
        RelayMeal {
            id: m.id,
            parent_id: m.parent_id,
            baton_code: m.baton_code().to_owned(),
            title: index.title(m).to_owned(),
            municipality_code: m.municipality_code(),
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

    /// The `limit` longest and widest relays whose first meal is published (the national page);
    /// published meals only.
    pub async fn largest_relays(&self, limit: usize) -> Result<LargestRelays> {
        let (longest, widest) = {
            let index = self.meal_index().await?;
            rank_relays(&index, limit)
        };
        // The database has the last word on whether a first meal is still published: the index
        // may be a second behind another process.
        let ids: Vec<i64> = longest.iter().chain(&widest).map(|r| r.root_id).collect();
        let roots: HashMap<i64, Meal> = meal::Entity::find()
            .filter(meal::Column::Id.is_in(ids))
            .filter(meal::Column::Status.eq(MealStatus::Published.code()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|m| (m.id, m.into()))
            .collect();
        let with_root = |ranking: Vec<RelaySummary>| {
            ranking.into_iter().filter_map(|r| Some((r.clone(), roots.get(&r.root_id)?.clone()))).collect()
        };
        Ok(LargestRelays { longest: with_root(longest), widest: with_root(widest) })
    }

    /// The relay statistics of one meal; hidden meals (and what hangs below them) stay out.
    pub async fn relay(&self, meal_id: i64) -> Result<Option<RelayStats>> {
        let index = self.meal_index().await?;
        Ok(Tree::of(&index, meal_id).map(|tree| tree.stats()))
    }

    /// A relay page from one reading of the tree: the statistics, the earliest `limit` meals
    /// of what grew from this one (itself first), and when and where all of them took place.
    pub async fn relay_page(&self, meal_id: i64, limit: usize) -> Result<Option<RelayOverview>> {
        let index = self.meal_index().await?;
        Ok(Tree::of(&index, meal_id).map(|tree| RelayOverview {
            stats: tree.stats(),
            earliest: tree.earliest_below(limit),
            spread: tree.spread(),
        }))
    }

    /// When and where each meal that grew from this one (itself included) took place, for maps
    /// of the spread over time.
    pub async fn relay_spread(&self, meal_id: i64) -> Result<Vec<(DateTime<Utc>, f64, f64)>> {
        let index = self.meal_index().await?;
        Ok(Tree::of(&index, meal_id).map_or_else(Vec::new, |tree| tree.spread()))
    }
}

/// The longest and the widest relays of more than one meal, each at most `limit`. Sizes come
/// from one pass over the rows; widths (distinct municipalities) are counted tree by tree from
/// the longest down, and stop once a tree has fewer meals than the narrowest width kept, since
/// no tree reaches more municipalities than it has meals.
fn rank_relays(index: &MealIndex, limit: usize) -> (Vec<RelaySummary>, Vec<RelaySummary>) {
    let mut sizes: HashMap<i64, (i64, i32)> = HashMap::new();
    for m in index.all().filter(|m| m.is_published()) {
        let size = sizes.entry(m.root_id).or_insert((0, 0));
        size.0 += 1;
        size.1 = size.1.max(m.generation);
    }
    let mut by_size: Vec<RelaySummary> = sizes
        .into_iter()
        .filter(|(root, (meals, _))| *meals > 1 && index.get(*root).is_some_and(|r| r.is_published()))
        .map(|(root_id, (meals, generations))| RelaySummary { root_id, meals, generations, municipalities: 0 })
        .collect();
    by_size.sort_unstable_by_key(|r| (Reverse(r.meals), r.root_id));
    let width = |root: i64| {
        let mut reached = MunicipalitySet::default();
        index.tree(root).filter(|m| m.is_published()).for_each(|m| reached.insert(m.municipality_number()));
        reached.len() as i64
    };
    let longest: Vec<RelaySummary> =
        by_size.iter().take(limit).map(|r| RelaySummary { municipalities: width(r.root_id), ..r.clone() }).collect();
    let mut widest: Vec<RelaySummary> = Vec::with_capacity(limit + 1);
    for r in &by_size {
        if widest.len() == limit && widest.last().is_some_and(|w| r.meals < w.municipalities) {
            break;
        }
        widest.push(RelaySummary { municipalities: width(r.root_id), ..r.clone() });
        widest.sort_by_key(|w| (Reverse(w.municipalities), w.root_id));
        widest.truncate(limit);
    }
    (longest, widest)
}

/// The published meals of one relay tree, borrowed from the index, and what grew from one of
/// them: found once, through each meal's children in one flat array (offsets per meal), so a
/// tree of 100,000 meals is walked without allocating per meal.
struct Tree<'a> {
    index: &'a MealIndex,
    meals: Vec<&'a IndexedMeal>,
    parent: Vec<Option<u32>>,
    /// Position of the meal asked about.
    this: u32,
    /// It and every meal below it, each once (even if the data held a cycle).
    below: Vec<u32>,
}

impl<'a> Tree<'a> {
    fn of(index: &'a MealIndex, meal_id: i64) -> Option<Self> {
        let root_id = index.get(meal_id)?.root_id;
        let meals: Vec<&IndexedMeal> = index.tree(root_id).filter(|m| m.is_published()).collect();
        let position: HashMap<i64, u32> = meals.iter().enumerate().map(|(i, m)| (m.id, i as u32)).collect();
        let this = *position.get(&meal_id)?;
        let parent: Vec<Option<u32>> =
            meals.iter().map(|m| m.parent_id.and_then(|p| position.get(&p).copied())).collect();
        let mut first_child = vec![0u32; meals.len() + 1];
        for p in parent.iter().flatten() {
            first_child[*p as usize + 1] += 1;
        }
        for i in 1..first_child.len() {
            first_child[i] += first_child[i - 1];
        }
        let mut fill = first_child.clone();
        let mut children = vec![0u32; first_child[meals.len()] as usize];
        for (child, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[fill[*p as usize] as usize] = child as u32;
                fill[*p as usize] += 1;
            }
        }
        // Depth first through the children of meal i: `children[first_child[i]..first_child[i + 1]]`.
        let mut seen = vec![false; meals.len()];
        let mut below = Vec::new();
        let mut stack = vec![this];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i as usize], true) {
                continue;
            }
            below.push(i);
            stack.extend_from_slice(&children[first_child[i as usize] as usize..first_child[i as usize + 1] as usize]);
        }
        Some(Tree { index, meals, parent, this, below })
    }

    /// The first `limit` of [`Tree::below`] by start time (then id).
    fn earliest_below(&self, limit: usize) -> Vec<RelayMeal> {
        let mut below = self.below.clone();
        let key = |&i: &u32| (self.meals[i as usize].starts_at, self.meals[i as usize].id);
        if below.len() > limit {
            below.select_nth_unstable_by_key(limit, key);
            below.truncate(limit);
        }
        below.sort_unstable_by_key(key);
        below.into_iter().map(|i| RelayMeal::of(self.index, self.meals[i as usize])).collect()
    }

    /// When and where each meal of [`Tree::below`] took place.
    fn spread(&self) -> Vec<(DateTime<Utc>, f64, f64)> {
        self.below
            .iter()
            .map(|&i| {
                let m = self.meals[i as usize];
                (m.starts_at, m.lat, m.lon)
            })
            .collect()
    }

    /// From the first meal down to this one.
    fn line(&self) -> Vec<RelayMeal> {
        let mut line = Vec::new();
        let mut cursor = Some(self.this);
        let mut seen = HashSet::new();
        while let Some(i) = cursor {
            if !seen.insert(i) {
                break;
            }
            line.push(RelayMeal::of(self.index, self.meals[i as usize]));
            cursor = self.parent[i as usize];
        }
        line.reverse();
        line
    }

    fn stats(&self) -> RelayStats {
        let below = &self.below;
        let own_generation = self.meals[self.this as usize].generation;
        let mut municipalities = MunicipalitySet::default();
        let (mut guests, mut generations) = (0, 0);
        for &i in below {
            let m = self.meals[i as usize];
            guests += i64::from(m.seats_taken);
            generations = generations.max(m.generation - own_generation + 1);
            municipalities.insert(m.municipality_number());
        }
        RelayStats { line: self.line(), meals: below.len(), guests, generations, municipalities: municipalities.len() }
    }
}

/// Distinct municipality codes (all below 10,000) as bits.
struct MunicipalitySet([u64; 157]);

impl Default for MunicipalitySet {
    fn default() -> Self {
        Self([0; 157])
    }
}

impl MunicipalitySet {
    fn insert(&mut self, code: u16) {
        let code = usize::from(code).min(157 * 64 - 1);
        self.0[code / 64] |= 1 << (code % 64);
    }

    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meal_index::{MealRow, test_row};

    /// A meal of relay `root` below `parent`, in `municipality`, with `guests` seated.
    fn meal(id: i64, parent: Option<i64>, root: i64, generation: i32, municipality: &str, guests: i32) -> MealRow {
        let mut m = test_row(id, 55.0, 10.0, id);
        (m.parent_id, m.root_id, m.generation, m.seats_taken) = (parent, root, generation, guests);
        m.municipality_code = municipality.into();
        m
    }

    fn index(rows: impl IntoIterator<Item = MealRow>) -> MealIndex {
        let mut index = MealIndex::default();
        index.apply(rows);
        index
    }

    //     1
    //    / \
    //   2   3 (hidden)
    //  / \   \
    // 4   5   6
    fn relay() -> MealIndex {
        let mut hidden = meal(3, Some(1), 1, 2, "0751", 9);
        hidden.status = "hidden".into();
        index([
            meal(1, None, 1, 1, "0101", 4),
            meal(2, Some(1), 1, 2, "0101", 5),
            hidden,
            meal(4, Some(2), 1, 3, "0851", 6),
            meal(5, Some(2), 1, 3, "0461", 7),
            meal(6, Some(3), 1, 3, "0751", 8),
            meal(7, None, 7, 1, "0101", 1),
        ])
    }

    #[test]
    fn counts_what_grew_from_a_meal_without_hidden_branches() {
        let index = relay();
        let root = Tree::of(&index, 1).unwrap().stats();
        assert_eq!((root.meals, root.guests, root.generations, root.municipalities), (4, 22, 3, 3));
        assert_eq!(root.line.iter().map(|m| m.id).collect::<Vec<_>>(), [1]);
        let two = Tree::of(&index, 2).unwrap().stats();
        assert_eq!((two.meals, two.guests, two.generations, two.municipalities), (3, 18, 2, 3));
        let five = Tree::of(&index, 5).unwrap().stats();
        assert_eq!(five.line.iter().map(|m| m.id).collect::<Vec<_>>(), [1, 2, 5]);
        assert_eq!(five.line[2].municipality_code, "0461");
        assert_eq!((five.meals, five.generations), (1, 1));
        assert!(Tree::of(&index, 3).is_none(), "a hidden meal has no relay page");
    }

    #[test]
    fn a_cycle_in_the_data_ends_the_walk() {
        let index = index([meal(1, Some(2), 1, 1, "0101", 1), meal(2, Some(1), 1, 2, "0101", 1)]);
        let stats = Tree::of(&index, 1).unwrap().stats();
        assert_eq!(stats.meals, 2);
        assert_eq!(stats.line.len(), 2);
    }

    #[test]
    fn descendants_come_earliest_first_and_capped() {
        let index = relay();
        let tree = Tree::of(&index, 1).unwrap();
        let ids = |limit| tree.earliest_below(limit).into_iter().map(|m| m.id).collect::<Vec<_>>();
        assert_eq!(ids(10), [1, 2, 4, 5]);
        assert_eq!(ids(2), [1, 2]);
    }

    #[test]
    fn ranks_relays_by_meals_and_by_municipalities_reached() {
        let mut rows: Vec<MealRow> = (1..=5).map(|id| meal(id, (id > 1).then_some(1), 1, 2, "0101", 1)).collect();
        rows.extend([
            meal(10, None, 10, 1, "0101", 1),
            meal(11, Some(10), 10, 2, "0751", 1),
            meal(12, Some(10), 10, 2, "0851", 1),
            meal(20, None, 20, 1, "0101", 1),
            meal(21, Some(20), 20, 2, "0461", 1),
            meal(30, None, 30, 1, "0101", 1),
        ]);
        let index = index(rows);
        let roots = |r: &[RelaySummary]| r.iter().map(|r| (r.root_id, r.meals, r.municipalities)).collect::<Vec<_>>();
        let (longest, widest) = rank_relays(&index, 1);
        assert_eq!((roots(&longest), roots(&widest)), (vec![(1, 5, 1)], vec![(10, 3, 3)]));
        let (longest, widest) = rank_relays(&index, 5);
        assert_eq!(roots(&longest), [(1, 5, 1), (10, 3, 3), (20, 2, 2)], "a lone meal is no relay");
        assert_eq!(roots(&widest), [(10, 3, 3), (20, 2, 2), (1, 5, 1)]);
    }
}
