//! An in-memory index of every meal, for the public reads that must be fast at a million meals:
//! meals near a place in a time window, map points, relay trees and campaign progress.
//!
//! The database stays the source of truth. The index holds a narrow copy of each meal row
//! ([`IndexedMeal`]), kept fresh two ways: every write through this process's [`crate::Store`]
//! re-reads the changed meal at once (so a host sees their own meal), and reads pull the rows
//! whose `updated_at` moved since the last look, at most once per [`REFRESH_EVERY`] (so writes by
//! other processes on the same database show up within about a second).
//!
//! Listed meals (published, not by invitation) also sit in a grid of cells of
//! [`CELL_DEG`] degrees, each cell sorted by start time, so a search reads a few cells' slices of
//! its time window and never touches a meal outside them.

use crate::entity::meal;
use crate::meals::MealSearch;
use crate::{Result, Store};
use chrono::{DateTime, TimeZone, Utc};
use rygrad_domain::meal::{JoinMode, THEMES};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};

/// Cell size of the search grid, in degrees of latitude and of longitude.
pub const CELL_DEG: f64 = 0.2;

/// How long a read may use the index before it looks for other processes' writes.
pub const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Each refresh reads the rows stamped since the previous refresh began, less this much: a
/// transaction may commit a little after the time it stamped on its rows (and clocks of other
/// hosts may lag). Measured from the refresh's own start, not the newest stamp, so that a bulk
/// write is read once, not at every refresh.
pub const REFRESH_SLACK: chrono::Duration = chrono::Duration::seconds(5);

/// A meal as the index keeps it: fixed size, nothing on the heap (codes as numbers and bits; the
/// title in the index's one title buffer), so a million meals take about 200 MB and leave the
/// allocator nothing to fragment.
#[derive(Debug, Clone, Copy)]
pub struct IndexedMeal {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub root_id: i64,
    pub campaign_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub lat: f64,
    pub lon: f64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub capacity: i32,
    pub seats_taken: i32,
    pub generation: i32,
    /// Where the title sits in [`MealIndex`]'s title buffer: start and length in bytes.
    title: (u32, u32),
    /// The next meal of the same relay tree (a list threaded through the rows), or [`NONE`].
    next_in_tree: u32,
    /// The municipality code as a number ("0101" is 101).
    municipality: u16,
    /// Bit i is set when the meal carries `THEMES[i]`.
    themes: u16,
    baton: [u8; BATON_LEN],
    pub join_mode: JoinMode,
    pub is_flagship: bool,
    published: bool,
}

const BATON_LEN: usize = 6;

/// No slot: the end of a list.
const NONE: u32 = u32::MAX;

impl IndexedMeal {
    pub fn is_published(&self) -> bool {
        self.published
    }

    /// Shown in searches, maps and feeds: published and open to the public.
    pub fn is_listed(&self) -> bool {
        self.published && self.join_mode != JoinMode::Invitation
    }

    pub fn seats_left(&self) -> i64 {
        rygrad_domain::meal::seats_left(self.capacity, self.seats_taken)
    }

    /// The four-digit municipality code, e.g. "0101".
    pub fn municipality_code(&self) -> String {
        format!("{:04}", self.municipality)
    }

    /// The municipality code as a number, for counting without strings.
    pub fn municipality_number(&self) -> u16 {
        self.municipality
    }

    pub fn baton_code(&self) -> &str {
        std::str::from_utf8(&self.baton).unwrap_or_default().trim_end_matches('\0')
    }

    /// The meal's theme codes.
    pub fn themes(&self) -> impl Iterator<Item = &'static str> + '_ {
        THEMES.iter().enumerate().filter(|(i, _)| self.themes & (1 << i) != 0).map(|(_, t)| *t)
    }
}

/// A meal with its title, as lists and maps show it.
#[derive(Debug, Clone)]
pub struct MealSummary {
    pub meal: IndexedMeal,
    pub title: String,
}

impl std::ops::Deref for MealSummary {
    type Target = IndexedMeal;

    fn deref(&self) -> &IndexedMeal {
        &self.meal
    }
}

/// A meal row as the database gives it, before it is made compact.
#[derive(sea_orm::FromQueryResult)]
pub(crate) struct MealRow {
    pub(crate) id: i64,
    pub(crate) parent_id: Option<i64>,
    pub(crate) root_id: i64,
    pub(crate) campaign_id: Option<i64>,
    pub(crate) organisation_id: Option<i64>,
    pub(crate) title: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) municipality_code: String,
    pub(crate) starts_at: DateTime<Utc>,
    pub(crate) ends_at: DateTime<Utc>,
    pub(crate) capacity: i32,
    pub(crate) seats_taken: i32,
    pub(crate) join_mode: String,
    pub(crate) themes: String,
    pub(crate) baton_code: String,
    pub(crate) generation: i32,
    pub(crate) is_flagship: bool,
    pub(crate) status: String,
    pub(crate) updated_at: DateTime<Utc>,
}

impl MealRow {
    /// The row without its title, which the index puts at `title`.
    fn indexed(&self, title: (u32, u32)) -> IndexedMeal {
        let mut baton = [0; BATON_LEN];
        let code = self.baton_code.as_bytes();
        let n = code.len().min(BATON_LEN);
        baton[..n].copy_from_slice(&code[..n]);
        IndexedMeal {
            id: self.id,
            parent_id: self.parent_id,
            root_id: self.root_id,
            campaign_id: self.campaign_id,
            organisation_id: self.organisation_id,
            lat: self.lat,
            lon: self.lon,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            updated_at: self.updated_at,
            capacity: self.capacity,
            seats_taken: self.seats_taken,
            generation: self.generation,
            title,
            next_in_tree: NONE,
            municipality: municipality_number(&self.municipality_code),
            themes: theme_mask(&self.themes),
            baton,
            // A mode this build does not know is treated as the most private one.
            join_mode: JoinMode::of_code(&self.join_mode),
            is_flagship: self.is_flagship,
            published: self.status == "published",
        }
    }
}

/// One listed meal in a grid cell: what a search filters on, without touching the row.
#[derive(Debug, Clone, Copy)]
struct CellItem {
    /// Seconds since [`EPOCH`].
    start: u32,
    end: u32,
    lat: f32,
    lon: f32,
    slot: u32,
    themes: u16,
    municipality: u16,
}

/// 2000-01-01T00:00:00Z; cell times count from here in seconds, which lasts until 2136.
const EPOCH: i64 = 946_684_800;

fn secs(t: DateTime<Utc>) -> u32 {
    (t.timestamp() - EPOCH).clamp(0, i64::from(u32::MAX)) as u32
}

fn from_secs(s: u32) -> DateTime<Utc> {
    Utc.timestamp_opt(EPOCH + i64::from(s), 0).single().unwrap_or_default()
}

fn theme_mask(themes: &str) -> u16 {
    themes.split(',').filter_map(|t| THEMES.iter().position(|k| *k == t.trim())).fold(0, |m, i| m | 1 << i)
}

fn municipality_number(code: &str) -> u16 {
    code.parse().unwrap_or(0)
}

type CellKey = (i16, i16);

fn cell_of(lat: f64, lon: f64) -> CellKey {
    ((lat / CELL_DEG).floor() as i16, (lon / CELL_DEG).floor() as i16)
}

/// The index itself; see the module documentation.
#[derive(Default)]
pub struct MealIndex {
    rows: Vec<Option<IndexedMeal>>,
    slots: HashMap<i64, u32>,
    /// Every title, one after another; rows point into it.
    titles: String,
    /// Bytes of `titles` no row points to any more (titles replaced by an edit).
    dead_title_bytes: usize,
    grid: HashMap<CellKey, Vec<CellItem>>,
    /// The first meal of each relay tree's list (see [`IndexedMeal::next_in_tree`]).
    first_in_tree: HashMap<i64, u32>,
    by_campaign: HashMap<i64, Vec<u32>>,
    /// The longest meal seen, so a time window knows how far back a meal may have started.
    longest_secs: u32,
    /// Counts the batches applied, so that an answer made from the index can be kept until the
    /// index changes (see [`MealIndex::version`]).
    version: u64,
}

impl MealIndex {
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Changes whenever a meal is added or replaced: equal versions give equal answers.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Makes room for `additional` more meals at once, so that loading does not leave the
    /// smaller tables of every doubling behind in the allocator.
    pub fn reserve(&mut self, additional: usize) {
        self.rows.reserve_exact(additional);
        self.slots.reserve(additional);
    }

    pub fn get(&self, id: i64) -> Option<&IndexedMeal> {
        self.slots.get(&id).and_then(|s| self.row(*s))
    }

    fn row(&self, slot: u32) -> Option<&IndexedMeal> {
        self.rows.get(slot as usize).and_then(Option::as_ref)
    }

    pub fn title(&self, meal: &IndexedMeal) -> &str {
        let (start, len) = (meal.title.0 as usize, meal.title.1 as usize);
        self.titles.get(start..start + len).unwrap_or_default()
    }

    /// The meal with its title.
    pub fn summary(&self, meal: &IndexedMeal) -> MealSummary {
        MealSummary { meal: *meal, title: self.title(meal).to_owned() }
    }

    fn item(row: &IndexedMeal, slot: u32) -> CellItem {
        CellItem {
            start: secs(row.starts_at),
            end: secs(row.ends_at),
            lat: row.lat as f32,
            lon: row.lon as f32,
            slot,
            themes: row.themes,
            municipality: row.municipality,
        }
    }

    /// Where `title` sits in the buffer: the old place when it did not change, else appended.
    fn place_title(&mut self, title: &str, old: Option<(u32, u32)>) -> (u32, u32) {
        if let Some(old) = old {
            let (start, len) = (old.0 as usize, old.1 as usize);
            if self.titles.get(start..start + len) == Some(title) {
                return old;
            }
            self.dead_title_bytes += len;
        }
        let start = u32::try_from(self.titles.len()).expect("titles fit in 4 GB");
        self.titles.push_str(title);
        (start, title.len() as u32)
    }

    /// Rewrites the title buffer without the titles edits replaced, once they are most of it.
    fn compact_titles(&mut self) {
        if self.dead_title_bytes < 1 << 20 || self.dead_title_bytes < self.titles.len() / 2 {
            return;
        }
        let mut titles = String::with_capacity(self.titles.len() - self.dead_title_bytes);
        for row in self.rows.iter_mut().flatten() {
            let (start, len) = (row.title.0 as usize, row.title.1 as usize);
            let begin = titles.len() as u32;
            titles.push_str(&self.titles[start..start + len]);
            row.title = (begin, row.title.1);
        }
        self.titles = titles;
        self.dead_title_bytes = 0;
    }

    fn link_into_tree(&mut self, slot: u32, root_id: i64) {
        let head = self.first_in_tree.insert(root_id, slot).unwrap_or(NONE);
        if let Some(row) = self.rows[slot as usize].as_mut() {
            row.next_in_tree = head;
        }
    }

    /// Takes a slot out of its tree's list (a walk along that tree: roots rarely change).
    fn unlink_from_tree(&mut self, slot: u32, root_id: i64, next: u32) {
        let Some(&head) = self.first_in_tree.get(&root_id) else { return };
        if head == slot {
            if next == NONE {
                self.first_in_tree.remove(&root_id);
            } else {
                self.first_in_tree.insert(root_id, next);
            }
            return;
        }
        let mut cursor = head;
        while cursor != NONE {
            let Some(row) = self.rows[cursor as usize].as_mut() else { return };
            if row.next_in_tree == slot {
                row.next_in_tree = next;
                return;
            }
            cursor = row.next_in_tree;
        }
    }

    /// Adds or replaces meals. Cells are re-sorted once per batch, so a bulk load of a million
    /// rows costs a sort, not a million insertions.
    pub(crate) fn apply(&mut self, rows: impl IntoIterator<Item = MealRow>) {
        let mut removed: HashMap<CellKey, HashSet<u32>> = HashMap::new();
        let mut dirty: HashSet<CellKey> = HashSet::new();
        self.version += 1;
        for new in rows {
            self.longest_secs = self.longest_secs.max(secs(new.ends_at).saturating_sub(secs(new.starts_at)));
            let (slot, old) = match self.slots.get(&new.id) {
                // A refresh may read a row that this process changed again since.
                Some(&slot) if self.rows[slot as usize].as_ref().is_some_and(|r| r.updated_at > new.updated_at) => {
                    continue;
                }
                Some(&slot) => (slot, self.rows[slot as usize]),
                None => {
                    let slot = u32::try_from(self.rows.len()).expect("fewer than 4 billion meals");
                    self.rows.push(None);
                    self.slots.insert(new.id, slot);
                    (slot, None)
                }
            };
            let title = self.place_title(&new.title, old.map(|o| o.title));
            let mut row = new.indexed(title);
            if let Some(old) = old {
                if old.is_listed() {
                    let key = cell_of(old.lat, old.lon);
                    removed.entry(key).or_default().insert(slot);
                    dirty.insert(key);
                }
                if old.campaign_id != row.campaign_id {
                    if let Some(c) = old.campaign_id {
                        remove_slot(&mut self.by_campaign, c, slot);
                    }
                    if let Some(c) = row.campaign_id {
                        self.by_campaign.entry(c).or_default().push(slot);
                    }
                }
                if old.root_id == row.root_id {
                    row.next_in_tree = old.next_in_tree;
                } else {
                    self.unlink_from_tree(slot, old.root_id, old.next_in_tree);
                }
            } else if let Some(c) = row.campaign_id {
                self.by_campaign.entry(c).or_default().push(slot);
            }
            if row.is_listed() {
                let key = cell_of(row.lat, row.lon);
                self.grid.entry(key).or_default().push(Self::item(&row, slot));
                dirty.insert(key);
            }
            let relinks = old.is_none_or(|o| o.root_id != row.root_id);
            let root_id = row.root_id;
            self.rows[slot as usize] = Some(row);
            if relinks {
                self.link_into_tree(slot, root_id);
            }
        }
        for key in dirty {
            let Some(cell) = self.grid.get_mut(&key) else { continue };
            if let Some(gone) = removed.get(&key) {
                // Replaced meals: drop every item they left here, then put back the current one
                // if it still belongs in this cell.
                cell.retain(|item| !gone.contains(&item.slot));
                for &slot in gone {
                    if let Some(row) = self.rows[slot as usize].as_ref()
                        && row.is_listed()
                        && cell_of(row.lat, row.lon) == key
                    {
                        cell.push(Self::item(row, slot));
                    }
                }
            }
            // Stable sort: a cell that was sorted and got a few items is nearly linear.
            cell.sort_by_key(|item| (item.start, item.slot));
            if cell.is_empty() {
                self.grid.remove(&key);
            }
        }
        self.compact_titles();
    }

    /// The start times and slots of listed meals matching a query: of each cell the first `keep`
    /// by start time (then id), which hold the first `keep` of all, and how many match in all.
    /// Without `count`, a cell is left once it gave `keep`, so a dense place reads about `keep`
    /// items per cell whatever the window holds, and the number is only that of those kept.
    fn matches(&self, q: &MealSearch, keep: usize, count: bool) -> (Vec<(u32, u32)>, usize) {
        let from = q.from.map_or(0, secs);
        let to = q.to.map_or(u32::MAX, secs);
        let earliest_start = from.saturating_sub(self.longest_secs);
        let theme = match q.theme.as_deref().filter(|t| !t.is_empty()) {
            Some(t) => match THEMES.iter().position(|k| *k == t) {
                Some(i) => 1u16 << i,
                None => return (Vec::new(), 0),
            },
            None => 0,
        };
        let municipality = q.municipality_code.as_deref().filter(|c| !c.is_empty()).map(municipality_number);
        // The circle is tested as the database did: equirectangular, exact to well under 1 %.
        let circle = q.near.map(|(lat, lon, r)| (lat as f32, lon as f32, (111.320 * lat.to_radians().cos()) as f32, r));
        let within = q.within.map(|b| b.map(|v| v as f32));
        let fits = |item: &CellItem| {
            item.end >= from
                && item.start <= to
                && (theme == 0 || item.themes & theme != 0)
                && municipality.is_none_or(|m| item.municipality == m)
                && circle.is_none_or(|(lat, lon, kx, r)| {
                    let dy = (item.lat - lat) * 111.0;
                    let dx = (item.lon - lon) * kx;
                    f64::from(dy * dy + dx * dx) <= r * r
                })
                && within.is_none_or(|[s, w, n, e]| item.lat >= s && item.lat <= n && item.lon >= w && item.lon <= e)
        };
        let mut out = Vec::new();
        let mut total = 0;
        let mut scan = |cell: &[CellItem]| {
            let begin = cell.partition_point(|i| i.start < earliest_start);
            let mut kept = 0;
            for item in &cell[begin..] {
                if item.start > to {
                    break;
                }
                if fits(item) {
                    if kept < keep {
                        out.push((item.start, item.slot));
                        kept += 1;
                    } else if !count {
                        break;
                    }
                    total += 1;
                }
            }
        };
        if let Some(campaign) = q.campaign_id {
            for &slot in self.by_campaign.get(&campaign).map_or(&[][..], Vec::as_slice) {
                if let Some(row) = self.row(slot).filter(|r| r.is_listed()) {
                    scan(std::slice::from_ref(&Self::item(row, slot)));
                }
            }
        } else if let Some(bbox) = self.bounding_box(q) {
            let (lo, hi) = (cell_of(bbox[0], bbox[1]), cell_of(bbox[2], bbox[3]));
            let cells = (i64::from(hi.0 - lo.0) + 1) * (i64::from(hi.1 - lo.1) + 1);
            if cells as usize > self.grid.len() {
                self.grid.values().for_each(|cell| scan(cell));
            } else {
                for y in lo.0..=hi.0 {
                    for x in lo.1..=hi.1 {
                        if let Some(cell) = self.grid.get(&(y, x)) {
                            scan(cell);
                        }
                    }
                }
            }
        } else {
            self.grid.values().for_each(|cell| scan(cell));
        }
        (out, total)
    }

    /// The box a query cannot leave: the circle's, the given one, or both.
    fn bounding_box(&self, q: &MealSearch) -> Option<[f64; 4]> {
        let circle = q.near.map(|(lat, lon, r)| {
            let dlat = r / 111.0;
            let dlon = r / (111.320 * lat.to_radians().cos().max(0.1));
            [lat - dlat, lon - dlon, lat + dlat, lon + dlon]
        });
        match (circle, q.within) {
            (Some(c), Some(w)) => Some([c[0].max(w[0]), c[1].max(w[1]), c[2].min(w[2]), c[3].min(w[3])]),
            (c, w) => c.or(w),
        }
    }

    /// Listed meals matching the query, by start time: `limit` of them after `offset`, and how
    /// many there are in all.
    pub fn search(&self, q: &MealSearch, offset: usize, limit: usize) -> (Vec<MealSummary>, usize) {
        let end = offset.saturating_add(limit);
        let (found, total) = self.matches(q, end, true);
        (self.page_of(&earliest(found, end), offset), total)
    }

    /// The first `limit` listed meals matching the query, by start time, without counting the
    /// rest (so a dense place in a busy week costs no more than a quiet one).
    pub fn first(&self, q: &MealSearch, limit: usize) -> Vec<MealSummary> {
        self.page_of(&earliest(self.matches(q, limit, false).0, limit), 0)
    }

    fn page_of(&self, found: &[(u32, u32)], offset: usize) -> Vec<MealSummary> {
        let rows = found.get(offset..).unwrap_or_default();
        rows.iter().filter_map(|&(_, slot)| self.row(slot)).map(|m| self.summary(m)).collect()
    }

    /// Where the listed meals matching the query are, by start time, at most `limit`.
    pub fn points(&self, q: &MealSearch, limit: usize) -> Vec<MealPoint> {
        earliest(self.matches(q, limit, false).0, limit)
            .into_iter()
            .filter_map(|(start, slot)| {
                let row = self.row(slot)?;
                Some(MealPoint { id: row.id, lat: row.lat, lon: row.lon, starts_at: from_secs(start) })
            })
            .collect()
    }

    /// Every meal of a relay tree, any status.
    pub fn tree(&self, root_id: i64) -> impl Iterator<Item = &IndexedMeal> {
        let mut cursor = self.first_in_tree.get(&root_id).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            let row = self.row(cursor)?;
            cursor = row.next_in_tree;
            Some(row)
        })
    }

    /// Every meal of a campaign, any status.
    pub fn campaign(&self, campaign_id: i64) -> impl Iterator<Item = &IndexedMeal> {
        self.by_campaign.get(&campaign_id).into_iter().flatten().filter_map(|&s| self.row(s))
    }

    /// Every meal, any status.
    pub fn all(&self) -> impl Iterator<Item = &IndexedMeal> {
        self.rows.iter().flatten()
    }
}

/// A meal on a map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MealPoint {
    pub id: i64,
    pub lat: f64,
    pub lon: f64,
    pub starts_at: DateTime<Utc>,
}

/// The first `n` of `found` by start time (then slot, which follows the id), in that order.
fn earliest(mut found: Vec<(u32, u32)>, n: usize) -> Vec<(u32, u32)> {
    if found.len() > n {
        found.select_nth_unstable(n);
        found.truncate(n);
    }
    found.sort_unstable();
    found
}

fn remove_slot(lists: &mut HashMap<i64, Vec<u32>>, key: i64, slot: u32) {
    if let Some(list) = lists.get_mut(&key) {
        list.retain(|s| *s != slot);
        if list.is_empty() {
            lists.remove(&key);
        }
    }
}

/// The index as a store shares it between clones: loaded on first use, refreshed by reads.
#[derive(Default)]
pub(crate) struct SharedIndex {
    index: std::sync::RwLock<MealIndex>,
    loaded: tokio::sync::OnceCell<()>,
    refreshing: tokio::sync::Mutex<RefreshState>,
}

#[derive(Default)]
struct RefreshState {
    last: Option<std::time::Instant>,
    /// Rows stamped at or after this are read by the next refresh.
    since: Option<DateTime<Utc>>,
}

/// Rows read per query while loading. Small: the driver decodes a whole batch at once in its
/// connection's thread, and the allocator keeps that peak per thread for good. With 50,000
/// rows a batch the server held 750 MB after loading 1,000,000 meals; with 5,000, 345 MB (and
/// it loads faster).
const LOAD_BATCH: u64 = 5_000;

fn summaries() -> sea_orm::Select<meal::Entity> {
    meal::Entity::find().select_only().columns([
        meal::Column::Id,
        meal::Column::ParentId,
        meal::Column::RootId,
        meal::Column::CampaignId,
        meal::Column::OrganisationId,
        meal::Column::Title,
        meal::Column::Lat,
        meal::Column::Lon,
        meal::Column::MunicipalityCode,
        meal::Column::StartsAt,
        meal::Column::EndsAt,
        meal::Column::Capacity,
        meal::Column::SeatsTaken,
        meal::Column::JoinMode,
        meal::Column::Themes,
        meal::Column::BatonCode,
        meal::Column::Generation,
        meal::Column::IsFlagship,
        meal::Column::Status,
        meal::Column::UpdatedAt,
    ])
}

impl Store {
    /// The meal index, fresh to within [`REFRESH_EVERY`] of other processes' writes. Hold the
    /// guard only for synchronous work.
    pub(crate) async fn meal_index(&self) -> Result<std::sync::RwLockReadGuard<'_, MealIndex>> {
        let shared = &self.index;
        if shared.loaded.initialized() {
            // One reader refreshes while the others go on with what is there.
            if let Ok(mut state) = shared.refreshing.try_lock()
                && state.last.is_none_or(|t| t.elapsed() >= REFRESH_EVERY)
            {
                let started = Utc::now();
                if let Some(since) = state.since {
                    // The ids first (from the index on updated_at alone), then the rows by id: one
                    // query that filtered and paged in id order would walk the whole table.
                    let changed: Vec<i64> = meal::Entity::find()
                        .select_only()
                        .column(meal::Column::Id)
                        .filter(meal::Column::UpdatedAt.gte(since))
                        .into_tuple()
                        .all(&self.db)
                        .await?;
                    self.read_into_index(&changed).await?;
                }
                *state = RefreshState { last: Some(std::time::Instant::now()), since: Some(started - REFRESH_SLACK) };
            }
        } else {
            shared.loaded.get_or_try_init(|| self.load_meal_index()).await?;
        }
        Ok(shared.index.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// Loads the index before the first request needs it (`serve` calls this at start).
    pub async fn warm_meal_index(&self) -> Result<usize> {
        Ok(self.meal_index().await?.len())
    }

    async fn load_meal_index(&self) -> Result<()> {
        let started = std::time::Instant::now();
        let load_began = Utc::now();
        let expected = meal::Entity::find().count(&self.db).await?;
        self.write_index().reserve(usize::try_from(expected).unwrap_or(0));
        let mut after = 0;
        loop {
            let rows: Vec<MealRow> = summaries()
                .filter(meal::Column::Id.gt(after))
                .order_by_asc(meal::Column::Id)
                .limit(LOAD_BATCH)
                .into_model()
                .all(&self.db)
                .await?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            let full = rows.len() as u64 == LOAD_BATCH;
            self.write_index().apply(rows);
            if !full {
                break;
            }
        }
        tracing::info!(
            meals = self.write_index().len(),
            ms = started.elapsed().as_millis() as u64,
            "meal index loaded"
        );
        self.index.refreshing.lock().await.since = Some(load_began - REFRESH_SLACK);
        Ok(())
    }

    /// Puts this process's own write into the index at once (if the index is loaded yet;
    /// otherwise the load will read it).
    pub(crate) async fn reindex_meal(&self, id: i64) -> Result<()> {
        self.reindex_meals(&[id]).await
    }

    pub(crate) async fn reindex_meals(&self, ids: &[i64]) -> Result<()> {
        if !self.index.loaded.initialized() {
            return Ok(());
        }
        self.read_into_index(ids).await
    }

    /// Reads the meals of `ids` from the database into the index, a few hundred at a time.
    async fn read_into_index(&self, ids: &[i64]) -> Result<()> {
        for chunk in ids.chunks(500) {
            let rows: Vec<MealRow> =
                summaries().filter(meal::Column::Id.is_in(chunk.to_vec())).into_model().all(&self.db).await?;
            self.write_index().apply(rows);
        }
        Ok(())
    }

    fn write_index(&self) -> std::sync::RwLockWriteGuard<'_, MealIndex> {
        self.index.index.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Noon on 20 April 2027 plus `hours`, for tests.
#[cfg(test)]
pub(crate) fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 4, 20, 12, 0, 0).unwrap() + chrono::Duration::hours(hours)
}

/// A published meal by sign-up in municipality 0101, two hours long from `start_hours` after
/// noon on 20 April 2027, for tests.
#[cfg(test)]
pub(crate) fn test_row(id: i64, lat: f64, lon: f64, start_hours: i64) -> MealRow {
    MealRow {
        id,
        parent_id: None,
        root_id: id,
        campaign_id: None,
        organisation_id: None,
        title: format!("Meal {id}"),
        lat,
        lon,
        municipality_code: "0101".into(),
        starts_at: at(start_hours),
        ends_at: at(start_hours + 2),
        capacity: 10,
        seats_taken: 0,
        join_mode: "sign_up".into(),
        themes: String::new(),
        baton_code: format!("B{id:05}"),
        generation: 1,
        is_flagship: false,
        status: "published".into(),
        updated_at: at(-100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(rows: &[MealSummary]) -> Vec<i64> {
        rows.iter().map(|r| r.id).collect()
    }

    const CPH: (f64, f64) = (55.676, 12.568);
    const AARHUS: (f64, f64) = (56.157, 10.211);

    fn near(p: (f64, f64), km: f64) -> MealSearch {
        MealSearch { near: Some((p.0, p.1, km)), ..Default::default() }
    }

    #[test]
    fn finds_meals_in_the_circle_and_window_by_start() {
        let mut index = MealIndex::default();
        index.apply([
            test_row(1, CPH.0, CPH.1, 48),
            test_row(2, CPH.0 + 0.1, CPH.1, 24),
            test_row(3, AARHUS.0, AARHUS.1, 24),
            // 30 km north of the centre: outside 25 km
            test_row(4, CPH.0 + 0.27, CPH.1, 24),
            test_row(5, CPH.0, CPH.1, 24 * 30),
        ]);
        let q = MealSearch { from: Some(at(0)), to: Some(at(24 * 14)), ..near(CPH, 25.0) };
        let (found, total) = index.search(&q, 0, 50);
        assert_eq!(ids(&found), [2, 1]);
        assert_eq!(total, 2);
    }

    #[test]
    fn the_first_of_a_dense_place_in_its_busiest_weeks_are_those_a_full_search_finds() {
        // 1,200 meals in three cells under a 25 km circle and one cell of its box outside the
        // circle, starting on whole days over five weeks (so dozens start together and the order
        // among them is the id's), plus a long meal under way when the window opens.
        let spots = [CPH, (CPH.0, CPH.1 + 0.25), (CPH.0 - 0.1, CPH.1 - 0.2), (CPH.0 + 0.2, CPH.1 + 0.35)];
        let mut rows: Vec<MealRow> = (1..=1200)
            .map(|id| {
                let (lat, lon) = spots[id as usize % spots.len()];
                test_row(id, lat, lon, (id * 7919) % (24 * 35) / 24 * 24)
            })
            .collect();
        let mut under_way = test_row(1201, CPH.0, CPH.1, 24 * 14 - 10);
        under_way.ends_at = at(24 * 14 + 5);
        rows.push(under_way);
        let (from, to) = (at(24 * 14), at(24 * 28));
        let mut expected: Vec<(DateTime<Utc>, i64)> = rows
            .iter()
            .filter(|r| r.id % 4 != 3 && r.ends_at >= from && r.starts_at <= to)
            .map(|r| (r.starts_at, r.id))
            .collect();
        expected.sort_unstable();
        let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();
        let mut index = MealIndex::default();
        index.apply(rows);
        let q = MealSearch { from: Some(from), to: Some(to), ..near(CPH, 25.0) };

        assert_eq!(ids(&index.first(&q, 50)), expected[..50]);
        assert_eq!(index.first(&q, 50)[0].id, 1201);
        let (page, total) = index.search(&q, 0, 50);
        assert_eq!((ids(&page), total), (expected[..50].to_vec(), expected.len()));
        assert_eq!(ids(&index.search(&q, 50, 50).0), expected[50..100]);
        let points: Vec<i64> = index.points(&q, 50).iter().map(|p| p.id).collect();
        assert_eq!(points, expected[..50]);
        assert_eq!(ids(&index.first(&q, 10_000)), expected);
    }

    #[test]
    fn meals_starting_together_in_different_cells_come_in_id_order() {
        let mut index = MealIndex::default();
        let west = (CPH.0 - 0.1, CPH.1 - 0.2);
        index.apply((1..=6).map(|id| {
            let (lat, lon) = if id % 2 == 0 { CPH } else { west };
            test_row(id, lat, lon, 5)
        }));
        assert_eq!(ids(&index.first(&near(CPH, 25.0), 4)), [1, 2, 3, 4]);
    }

    #[test]
    fn the_version_moves_with_every_change_and_only_then() {
        let mut index = MealIndex::default();
        index.apply([test_row(1, CPH.0, CPH.1, 1)]);
        let version = index.version();
        index.first(&near(CPH, 5.0), 10);
        assert_eq!(index.version(), version);
        let mut taken = test_row(1, CPH.0, CPH.1, 1);
        taken.seats_taken = 3;
        index.apply([taken]);
        assert_ne!(index.version(), version);
    }

    #[test]
    fn a_meal_under_way_is_found_and_a_finished_one_is_not() {
        let mut index = MealIndex::default();
        let mut long = test_row(1, CPH.0, CPH.1, -30);
        long.ends_at = at(1);
        index.apply([long, test_row(2, CPH.0, CPH.1, -5)]);
        let q = MealSearch { from: Some(at(0)), ..near(CPH, 5.0) };
        assert_eq!(ids(&index.search(&q, 0, 10).0), [1]);
    }

    #[test]
    fn pages_count_and_ties_follow_the_id() {
        let mut index = MealIndex::default();
        index.apply((1..=30).map(|id| test_row(id, CPH.0, CPH.1, id / 2)));
        let q = near(CPH, 10.0);
        let (first, total) = index.search(&q, 0, 10);
        let (second, _) = index.search(&q, 10, 10);
        assert_eq!(total, 30);
        assert_eq!(ids(&first), (1..=10).collect::<Vec<_>>());
        assert_eq!(ids(&second), (11..=20).collect::<Vec<_>>());
        assert!(index.search(&q, 40, 10).0.is_empty());
    }

    #[test]
    fn unlisted_meals_stay_out_of_searches_but_in_trees() {
        let mut index = MealIndex::default();
        let mut hidden = test_row(1, CPH.0, CPH.1, 1);
        hidden.status = "hidden".into();
        let mut private = test_row(2, CPH.0, CPH.1, 1);
        private.join_mode = "invitation".into();
        private.root_id = 1;
        index.apply([hidden, private, test_row(3, CPH.0, CPH.1, 1)]);
        assert_eq!(ids(&index.search(&near(CPH, 5.0), 0, 10).0), [3]);
        assert_eq!(index.tree(1).count(), 2);
    }

    #[test]
    fn an_update_moves_the_meal_and_a_hidden_meal_leaves_the_grid() {
        let mut index = MealIndex::default();
        index.apply([test_row(1, CPH.0, CPH.1, 1), test_row(2, CPH.0, CPH.1, 2)]);
        let mut moved = test_row(1, AARHUS.0, AARHUS.1, 1);
        moved.seats_taken = 4;
        index.apply([moved]);
        assert_eq!(ids(&index.search(&near(CPH, 5.0), 0, 10).0), [2]);
        let (found, _) = index.search(&near(AARHUS, 5.0), 0, 10);
        assert_eq!((found[0].id, found[0].seats_left()), (1, 6));
        let mut hidden = test_row(2, CPH.0, CPH.1, 2);
        hidden.status = "hidden".into();
        index.apply([hidden]);
        assert!(index.search(&near(CPH, 5.0), 0, 10).0.is_empty());
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn the_same_meal_twice_in_one_batch_keeps_the_last() {
        let mut index = MealIndex::default();
        index.apply([test_row(1, CPH.0, CPH.1, 1)]);
        index.apply([test_row(1, CPH.0, CPH.1, 3), test_row(1, CPH.0, CPH.1, 5)]);
        let (found, total) = index.search(&near(CPH, 5.0), 0, 10);
        assert_eq!(total, 1);
        assert_eq!(found[0].starts_at, at(5));
    }

    #[test]
    fn themes_municipalities_boxes_and_campaigns_filter() {
        let mut index = MealIndex::default();
        let mut elderly = test_row(1, CPH.0, CPH.1, 1);
        elderly.themes = "families,elderly".into();
        elderly.campaign_id = Some(7);
        let mut aarhus = test_row(2, AARHUS.0, AARHUS.1, 1);
        aarhus.municipality_code = "0751".into();
        index.apply([elderly, aarhus]);
        let all = MealSearch::default();
        assert_eq!(index.search(&all, 0, 10).1, 2);
        let themed = MealSearch { theme: Some("elderly".into()), ..all.clone() };
        assert_eq!(ids(&index.search(&themed, 0, 10).0), [1]);
        let unknown = MealSearch { theme: Some("nope".into()), ..all.clone() };
        assert_eq!(index.search(&unknown, 0, 10).1, 0);
        let kommune = MealSearch { municipality_code: Some("0751".into()), ..all.clone() };
        assert_eq!(ids(&index.search(&kommune, 0, 10).0), [2]);
        let jutland = MealSearch { within: Some([54.5, 8.0, 57.8, 11.0]), ..all.clone() };
        assert_eq!(ids(&index.search(&jutland, 0, 10).0), [2]);
        let campaign = MealSearch { campaign_id: Some(7), ..all.clone() };
        assert_eq!(ids(&index.search(&campaign, 0, 10).0), [1]);
        assert_eq!(index.campaign(7).count(), 1);
        let stored = index.get(1).unwrap();
        assert_eq!(stored.themes().collect::<Vec<_>>(), ["elderly", "families"]);
        assert_eq!((stored.municipality_code(), stored.baton_code()), ("0101".to_owned(), "B00001"));
        assert_eq!(index.get(2).unwrap().municipality_number(), 751);
        assert_eq!(index.points(&jutland, 10)[0].id, 2);
    }

    #[test]
    fn a_meal_moved_away_and_back_in_one_batch_is_found_once() {
        let mut index = MealIndex::default();
        index.apply([test_row(1, CPH.0, CPH.1, 1)]);
        let mut later = test_row(1, CPH.0, CPH.1, 2);
        later.updated_at = at(-50);
        index.apply([test_row(1, AARHUS.0, AARHUS.1, 1), later]);
        assert_eq!(index.search(&near(CPH, 5.0), 0, 10).1, 1);
        assert_eq!(index.search(&near(AARHUS, 5.0), 0, 10).1, 0);
    }

    #[test]
    fn an_older_version_does_not_replace_a_newer_one() {
        let mut index = MealIndex::default();
        let mut newer = test_row(1, CPH.0, CPH.1, 1);
        newer.updated_at = at(-1);
        newer.seats_taken = 5;
        index.apply([newer]);
        index.apply([test_row(1, CPH.0, CPH.1, 1)]);
        assert_eq!(index.get(1).map(|m| m.seats_taken), Some(5));
    }

    #[test]
    fn edited_titles_are_found_and_the_buffer_is_compacted() {
        let mut index = MealIndex::default();
        index.apply((1..=3).map(|id| test_row(id, CPH.0, CPH.1, 1)));
        for round in 0..20_000 {
            let mut edited = test_row(2, CPH.0, CPH.1, 1);
            edited.title = format!("Fællesspisning nummer {round} i byen");
            edited.updated_at = at(round);
            index.apply([edited]);
        }
        let title = |id| index.get(id).map(|m| index.title(m).to_owned());
        assert_eq!(title(2).as_deref(), Some("Fællesspisning nummer 19999 i byen"));
        assert_eq!((title(1).as_deref(), title(3).as_deref()), (Some("Meal 1"), Some("Meal 3")));
        assert!(index.titles.len() < 2 << 20, "replaced titles are dropped: {} bytes", index.titles.len());
    }

    #[test]
    fn a_meal_moved_to_another_relay_leaves_the_old_tree() {
        let mut index = MealIndex::default();
        let child = |id, root| {
            let mut m = test_row(id, CPH.0, CPH.1, 1);
            (m.root_id, m.parent_id) = (root, Some(root));
            m
        };
        index.apply([test_row(1, CPH.0, CPH.1, 1), test_row(5, CPH.0, CPH.1, 1), child(2, 1), child(3, 1)]);
        let tree = |index: &MealIndex, root| {
            let mut ids: Vec<i64> = index.tree(root).map(|m| m.id).collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(tree(&index, 1), [1, 2, 3]);
        let mut moved = child(2, 5);
        moved.updated_at = at(0);
        index.apply([moved]);
        assert_eq!((tree(&index, 1), tree(&index, 5)), (vec![1, 3], vec![2, 5]));
        assert_eq!(index.first_in_tree.len(), 2);
    }
}
