//! Meals: hosting, finding, moderation, and the relay line each meal belongs to.

use crate::background_jobs::{JobClaim, JobProgress};
use crate::entity::meal;
use crate::meal_index::{MealPoint, MealSummary};
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, Utc};
use rygrad_domain::meal::{JoinMode, MealPlan, MealStatus};
use rygrad_domain::relay::{BatonCode, CAPACITY};
use rygrad_domain::text::search_key;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

/// A meal as its pages, the API, calendars and print files read it.
#[derive(Debug, Clone)]
pub struct Meal {
    pub id: i64,
    pub campaign_id: Option<i64>,
    pub host_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub municipality_code: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub seats_taken: i32,
    pub join_mode: JoinMode,
    pub external_url: Option<String>,
    /// Theme codes.
    pub themes: Vec<String>,
    pub accessibility: String,
    /// In øre; `None` is free.
    pub price_ore: Option<i32>,
    pub language: String,
    pub baton_code: String,
    pub is_flagship: bool,
    pub status: MealStatus,
    pub reports: i32,
    /// The key of an imported meal (its calendar event's UID, or one derived from it).
    pub external_uid: Option<String>,
}

impl Meal {
    /// Seats still free (never below zero).
    pub fn seats_left(&self) -> i64 {
        rygrad_domain::meal::seats_left(self.capacity, self.seats_taken)
    }
}

impl From<meal::Model> for Meal {
    fn from(m: meal::Model) -> Self {
        Meal {
            id: m.id,
            campaign_id: m.campaign_id,
            host_user_id: m.host_user_id,
            organisation_id: m.organisation_id,
            title: m.title,
            description: m.description,
            address: m.address,
            lat: m.lat,
            lon: m.lon,
            municipality_code: m.municipality_code,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            capacity: m.capacity,
            seats_taken: m.seats_taken,
            join_mode: JoinMode::of_code(&m.join_mode),
            external_url: m.external_url,
            themes: m.themes.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            accessibility: m.accessibility,
            price_ore: m.price_ore,
            language: m.language,
            baton_code: m.baton_code,
            is_flagship: m.is_flagship,
            status: MealStatus::of_code(&m.status),
            reports: m.reports,
            external_uid: m.external_uid,
        }
    }
}

/// Who hosts a meal and where it belongs.
#[derive(Debug, Clone, Copy, Default)]
pub struct MealOwner {
    pub host_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub campaign_id: Option<i64>,
}

/// A search for listed meals (published, not by invitation): a circle around a point, a box,
/// a time window, a theme, a municipality, a campaign. The in-memory index runs it as it is.
#[derive(Debug, Clone, Default)]
pub struct MealSearch {
    /// Latitude, longitude and radius in kilometres.
    pub near: Option<(f64, f64, f64)>,
    /// South, west, north, east (a map's view).
    pub within: Option<[f64; 4]>,
    /// Meals still going on at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Meals starting at or before this instant.
    pub to: Option<DateTime<Utc>>,
    pub theme: Option<String>,
    pub municipality_code: Option<String>,
    pub campaign_id: Option<i64>,
}

/// Kilometres between two points (haversine).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0088 * 2.0 * a.sqrt().asin()
}

fn by_baton(code: &str) -> sea_orm::Select<meal::Entity> {
    meal::Entity::find().filter(meal::Column::BatonCode.eq(code))
}

fn random_number() -> u64 {
    // A code only needs to be unguessable enough not to be enumerated by accident and unique
    // (the column is unique; a clash is retried).
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(now().timestamp_nanos_opt().unwrap_or_default() as u128);
    h.finish() % CAPACITY
}

impl Store {
    /// Registers a meal with a fresh baton code. A parent baton code links it into that meal's
    /// relay line; an unknown one is refused (`NotFound`).
    pub async fn create_meal(&self, plan: &MealPlan, owner: MealOwner) -> Result<Meal> {
        let parent = match &plan.parent_baton {
            Some(code) => Some(by_baton(code.as_str()).one(&self.db).await?.ok_or(StoreError::NotFound)?),
            None => None,
        };
        let row = insert_meal(&self.db, plan, owner, parent.as_ref(), None).await?;
        self.reindex_meal(row.id).await?;
        Ok(row.into())
    }

    pub async fn meal(&self, id: i64) -> Result<Option<Meal>> {
        Ok(meal::Entity::find_by_id(id).one(&self.db).await?.map(Meal::from))
    }

    /// A meal anyone may see (published), or `None`.
    pub async fn published_meal(&self, id: i64) -> Result<Option<Meal>> {
        Ok(self.meal(id).await?.filter(|m| m.status == MealStatus::Published))
    }

    pub async fn meal_by_baton(&self, code: &str) -> Result<Option<Meal>> {
        Ok(by_baton(code).one(&self.db).await?.map(Meal::from))
    }

    /// The meals an organisation hosts or imported, by id.
    pub async fn meals_of_organisation(&self, organisation_id: i64) -> Result<Vec<Meal>> {
        let rows = meal::Entity::find()
            .filter(meal::Column::OrganisationId.eq(organisation_id))
            .order_by_asc(meal::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(Meal::from).collect())
    }

    /// The first of `candidates` that belongs to a meal (for "did you mean …?").
    pub async fn existing_baton(&self, candidates: &[BatonCode]) -> Result<Option<String>> {
        if candidates.is_empty() {
            return Ok(None);
        }
        Ok(meal::Entity::find()
            .filter(meal::Column::BatonCode.is_in(candidates.iter().map(|c| c.as_str().to_owned())))
            .one(&self.db)
            .await?
            .map(|m| m.baton_code))
    }

    /// Listed meals (published, not by invitation) matching the search, by start time, and how
    /// many there are in all; from the in-memory index.
    pub async fn find_meals(&self, search: &MealSearch, offset: u64, limit: u64) -> Result<(Vec<MealSummary>, u64)> {
        let index = self.meal_index().await?;
        let (page, total) = index.search(search, offset as usize, limit as usize);
        Ok((page, total as u64))
    }

    /// The first `limit` listed meals matching the search, by start time, without counting the
    /// rest, and the version of the index they come from (see [`MealIndex::version`]).
    ///
    /// [`MealIndex::version`]: crate::meal_index::MealIndex::version
    pub async fn first_meals(&self, search: &MealSearch, limit: u64) -> Result<(Vec<MealSummary>, u64)> {
        let index = self.meal_index().await?;
        Ok((index.first(search, limit as usize), index.version()))
    }

    /// The meal index's version now: answers made from one version stay right until it changes.
    pub async fn meal_index_version(&self) -> Result<u64> {
        Ok(self.meal_index().await?.version())
    }

    /// Where the meals a search finds are (up to `limit`, earliest first), for maps.
    pub async fn meal_points(&self, search: &MealSearch, limit: u64) -> Result<Vec<MealPoint>> {
        Ok(self.meal_index().await?.points(search, limit as usize))
    }

    /// The meals of `ids` that exist, from the in-memory index (for maps that hold points).
    pub async fn meal_summaries(&self, ids: &[i64]) -> Result<Vec<MealSummary>> {
        let index = self.meal_index().await?;
        Ok(ids.iter().filter_map(|id| index.get(*id)).map(|m| index.summary(m)).collect())
    }

    /// Whole meals in the order of `ids` (for calendar feeds after a search).
    pub async fn meals_by_ids(&self, ids: &[i64]) -> Result<Vec<Meal>> {
        let mut rows = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            rows.extend(meal::Entity::find().filter(meal::Column::Id.is_in(chunk.to_vec())).all(&self.db).await?);
        }
        let position: std::collections::HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        rows.sort_by_key(|m| position.get(&m.id).copied().unwrap_or(usize::MAX));
        Ok(rows.into_iter().map(Meal::from).collect())
    }

    /// Edits a meal's details; capacity may not drop below the seats already taken.
    pub async fn update_meal(&self, id: i64, plan: &MealPlan) -> Result<Meal> {
        let txn = self.write().await?;
        let updated = meal::Entity::update_many()
            .col_expr(meal::Column::Title, Expr::value(plan.title.clone()))
            .col_expr(meal::Column::TitleSearch, Expr::value(search_key(&plan.title)))
            .col_expr(meal::Column::Description, Expr::value(plan.description.clone()))
            .col_expr(meal::Column::Address, Expr::value(plan.address.clone()))
            .col_expr(meal::Column::Lat, Expr::value(plan.lat))
            .col_expr(meal::Column::Lon, Expr::value(plan.lon))
            .col_expr(meal::Column::MunicipalityCode, Expr::value(plan.municipality_code.clone()))
            .col_expr(meal::Column::StartsAt, Expr::value(plan.starts_at))
            .col_expr(meal::Column::EndsAt, Expr::value(plan.ends_at))
            .col_expr(meal::Column::Capacity, Expr::value(plan.capacity as i32))
            .col_expr(meal::Column::JoinMode, Expr::value(plan.join_mode.code()))
            .col_expr(meal::Column::ExternalUrl, Expr::value(plan.external_url.clone()))
            .col_expr(meal::Column::Themes, Expr::value(plan.themes.join(",")))
            .col_expr(meal::Column::Accessibility, Expr::value(plan.accessibility.clone()))
            .col_expr(meal::Column::PriceOre, Expr::value(plan.price_ore.map(|p| p as i32)))
            .col_expr(meal::Column::Language, Expr::value(plan.language.clone()))
            .col_expr(meal::Column::UpdatedAt, Expr::value(now()))
            .filter(meal::Column::Id.eq(id))
            .filter(meal::Column::SeatsTaken.lte(plan.capacity as i32))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::Taken("capacity"));
        }
        let row = meal::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        self.reindex_meal(id).await?;
        Ok(row.into())
    }

    pub async fn set_meal_flagship(&self, id: i64, is_flagship: bool) -> Result<()> {
        self.set_meal_column(id, meal::Column::IsFlagship, is_flagship.into()).await
    }

    pub async fn set_meal_status(&self, id: i64, status: MealStatus) -> Result<()> {
        self.set_meal_column(id, meal::Column::Status, status.code().into()).await
    }

    /// A moderator's change to one column, which the index sees like any other write.
    async fn set_meal_column(&self, id: i64, column: meal::Column, value: sea_orm::Value) -> Result<()> {
        meal::Entity::update_many()
            .col_expr(column, Expr::value(value))
            .col_expr(meal::Column::UpdatedAt, Expr::value(now()))
            .filter(meal::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        self.reindex_meal(id).await
    }

    /// Anyone may report a meal; the backbone sees the count.
    pub async fn report_meal(&self, id: i64) -> Result<()> {
        meal::Entity::update_many()
            .col_expr(meal::Column::Reports, Expr::col(meal::Column::Reports).add(1))
            .filter(meal::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

/// A generated meal for demo data and benchmarks, inserted in bulk with its id chosen by the
/// generator (so that relay links can be made before the rows exist).
#[derive(Debug, Clone)]
pub struct GeneratedMeal {
    pub id: i64,
    pub owner: MealOwner,
    pub plan: MealPlan,
    pub seats_taken: i32,
    pub parent_id: Option<i64>,
    pub root_id: i64,
    pub generation: i32,
}

impl Store {
    /// The highest meal id so far (0 when there are none).
    pub async fn max_meal_id(&self) -> Result<i64> {
        Ok(meal::Entity::find().order_by_desc(meal::Column::Id).one(&self.db).await?.map_or(0, |m| m.id))
    }

    /// Inserts generated meals in one transaction.
    pub async fn insert_generated_meals(&self, meals: &[GeneratedMeal]) -> Result<()> {
        let txn = self.write().await?;
        for chunk in meals.chunks(500) {
            meal::Entity::insert_many(chunk.iter().map(|g| meal::ActiveModel {
                id: Set(g.id),
                seats_taken: Set(g.seats_taken),
                parent_id: Set(g.parent_id),
                root_id: Set(g.root_id),
                generation: Set(g.generation),
                ..new_row(&g.plan, g.owner, &BatonCode::from_number(g.id as u64))
            }))
            .exec(&txn)
            .await?;
        }
        // PostgreSQL's id sequence does not see explicit ids; move it past them.
        if self.backend() == sea_orm::DbBackend::Postgres {
            use sea_orm::ConnectionTrait;
            txn.execute_unprepared("SELECT setval(pg_get_serial_sequence('meals', 'id'), (SELECT MAX(id) FROM meals))")
                .await?;
        }
        txn.commit().await?;
        self.reindex_meals(&meals.iter().map(|g| g.id).collect::<Vec<_>>()).await
    }
}

/// Seats an imported meal offers: calendars do not say.
pub const IMPORTED_CAPACITY: u32 = 30;

/// A meal from another calendar, keyed by its UID per organisation.
#[derive(Debug, Clone)]
pub struct ImportedMeal {
    pub organisation_id: i64,
    pub campaign_id: Option<i64>,
    pub uid: String,
    pub plan: MealPlan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported,
    Updated,
}

impl Store {
    /// Writes one batch of an import job in one transaction: each meal is created, or updates
    /// the one this organisation imported earlier under the same key, and the job's progress
    /// (its cursor and result so far, made by `progress` from the batch's outcomes) is recorded
    /// with them. So a job taken over after a crash goes on from the last committed batch, and
    /// writing a batch again would only update. `ClaimLost` (and nothing written) when another
    /// worker has taken the job over.
    pub async fn import_meal_batch(
        &self,
        claim: &JobClaim,
        meals: &[ImportedMeal],
        progress: impl FnOnce(&[ImportOutcome]) -> JobProgress,
    ) -> Result<Vec<ImportOutcome>> {
        let txn = self.write().await?;
        // First, so that a worker that lost its claim writes nothing; on PostgreSQL this also
        // locks the job's row until the batch commits, so a takeover waits for it.
        Store::renew_job_claim(&txn, claim).await?;
        let mut outcomes = Vec::with_capacity(meals.len());
        let mut ids = Vec::with_capacity(meals.len());
        for m in meals {
            let (id, outcome) = upsert_imported_meal(&txn, m).await?;
            ids.push(id);
            outcomes.push(outcome);
        }
        Store::record_job_progress(&txn, claim, &progress(&outcomes)).await?;
        txn.commit().await?;
        self.reindex_meals(&ids).await?;
        Ok(outcomes)
    }
}

/// Creates the meal, or updates the one imported earlier under the same key. An empty key never
/// matches (each such meal is new): the calendar reader derives a key for events without UID.
async fn upsert_imported_meal(txn: &DatabaseTransaction, m: &ImportedMeal) -> Result<(i64, ImportOutcome)> {
    let existing = if m.uid.is_empty() {
        None
    } else {
        meal::Entity::find()
            .filter(meal::Column::OrganisationId.eq(m.organisation_id))
            .filter(meal::Column::ExternalUid.eq(&m.uid))
            .one(txn)
            .await?
    };
    let plan = &m.plan;
    if let Some(row) = existing {
        let mut active = row.into_active_model();
        active.title = Set(plan.title.clone());
        active.title_search = Set(search_key(&plan.title));
        active.description = Set(plan.description.clone());
        active.address = Set(plan.address.clone());
        active.lat = Set(plan.lat);
        active.lon = Set(plan.lon);
        active.municipality_code = Set(plan.municipality_code.clone());
        active.starts_at = Set(plan.starts_at);
        active.ends_at = Set(plan.ends_at);
        active.external_url = Set(plan.external_url.clone());
        active.join_mode = Set(plan.join_mode.code().into());
        active.updated_at = Set(now());
        let id = active.update(txn).await?.id;
        return Ok((id, ImportOutcome::Updated));
    }
    let owner = MealOwner { host_user_id: None, organisation_id: Some(m.organisation_id), campaign_id: m.campaign_id };
    let uid = Some(m.uid.as_str()).filter(|uid| !uid.is_empty());
    let row = insert_meal(txn, plan, owner, None, uid).await?;
    Ok((row.id, ImportOutcome::Imported))
}

/// Inserts a meal with a fresh baton code on `conn` (the pool, or a transaction of which each
/// attempt is a savepoint), retrying when the random code is taken.
async fn insert_meal<C: TransactionTrait>(
    conn: &C,
    plan: &MealPlan,
    owner: MealOwner,
    parent: Option<&meal::Model>,
    external_uid: Option<&str>,
) -> Result<meal::Model> {
    for _ in 0..5 {
        let txn = conn.begin().await?;
        let code = BatonCode::from_number(random_number());
        let row = meal::ActiveModel {
            parent_id: Set(parent.map(|p| p.id)),
            root_id: Set(parent.map_or(0, |p| p.root_id)),
            generation: Set(parent.map_or(1, |p| p.generation + 1)),
            external_uid: Set(external_uid.map(str::to_owned)),
            ..new_row(plan, owner, &code)
        }
        .insert(&txn)
        .await;
        let row = match row {
            Ok(row) => row,
            Err(e) => match StoreError::taken_or(e, "baton_code") {
                StoreError::Taken(_) => continue,
                other => return Err(other),
            },
        };
        // A first meal is the root of its own relay line.
        let row = if parent.is_none() {
            let mut active = row.into_active_model();
            active.root_id = Set(*active.id.as_ref());
            active.update(&txn).await?
        } else {
            row
        };
        txn.commit().await?;
        return Ok(row);
    }
    Err(StoreError::Taken("baton_code"))
}

/// A new published meal's row from its plan: no seats taken, no reports. The caller sets its
/// place in a relay (`parent_id`, `root_id`, `generation`); the id is the database's unless set.
fn new_row(plan: &MealPlan, owner: MealOwner, baton_code: &BatonCode) -> meal::ActiveModel {
    meal::ActiveModel {
        campaign_id: Set(owner.campaign_id),
        host_user_id: Set(owner.host_user_id),
        organisation_id: Set(owner.organisation_id),
        title: Set(plan.title.clone()),
        title_search: Set(search_key(&plan.title)),
        description: Set(plan.description.clone()),
        address: Set(plan.address.clone()),
        lat: Set(plan.lat),
        lon: Set(plan.lon),
        municipality_code: Set(plan.municipality_code.clone()),
        starts_at: Set(plan.starts_at),
        ends_at: Set(plan.ends_at),
        capacity: Set(plan.capacity as i32),
        seats_taken: Set(0),
        join_mode: Set(plan.join_mode.code().to_owned()),
        external_url: Set(plan.external_url.clone()),
        themes: Set(plan.themes.join(",")),
        accessibility: Set(plan.accessibility.clone()),
        price_ore: Set(plan.price_ore.map(|p| p as i32)),
        language: Set(plan.language.clone()),
        baton_code: Set(baton_code.as_str().to_owned()),
        is_flagship: Set(false),
        status: Set(MealStatus::Published.code().into()),
        reports: Set(0),
        external_uid: Set(None),
        created_at: Set(now()),
        updated_at: Set(now()),
        ..Default::default()
    }
}
