//! Initiatives and their profile: name, short URL, statements, geography, period, visibility.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{initiative, initiative_municipality};
use crate::{Result, Store, StoreError, now};
use chrono::NaiveDate;
use rygrad_domain::initiative::InitiativeProfile;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, Unchanged};
use serde_json::{Value, json};

/// An initiative's profile as its own row holds it (lists, memberships, invitations).
#[derive(Debug, Clone)]
pub struct InitiativeRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub is_public: bool,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// The current texts of the knowledge base's first sections.
    pub problem_statement: String,
    pub vision: String,
    pub guiding_principles: String,
}

impl From<initiative::Model> for InitiativeRecord {
    fn from(m: initiative::Model) -> Self {
        InitiativeRecord {
            id: m.id,
            slug: m.slug,
            name: m.name,
            problem_statement: m.problem_statement,
            vision: m.vision,
            guiding_principles: m.guiding_principles,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            is_public: m.is_public,
        }
    }
}

/// An initiative with its municipalities.
#[derive(Debug, Clone)]
pub struct Initiative {
    pub row: InitiativeRecord,
    pub municipalities: Vec<String>,
}

fn profile_json(p: &InitiativeProfile) -> Value {
    json!({
        "name": p.name,
        "slug": p.slug.as_str(),
        "problem_statement": p.problem_statement,
        "vision": p.vision,
        "guiding_principles": p.guiding_principles,
        "municipalities": p.municipalities,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "is_public": p.is_public,
    })
}

/// The statements whose text the knowledge base versions (see `knowledge_base`).
fn statements(p: &InitiativeProfile) -> [&str; 3] {
    [&p.problem_statement, &p.vision, &p.guiding_principles]
}

impl Initiative {
    pub fn profile_json(&self) -> Value {
        let r = &self.row;
        json!({
            "name": r.name,
            "slug": r.slug,
            "problem_statement": r.problem_statement,
            "vision": r.vision,
            "guiding_principles": r.guiding_principles,
            "municipalities": self.municipalities,
            "starts_on": r.starts_on,
            "ends_on": r.ends_on,
            "is_public": r.is_public,
        })
    }
}

async fn set_municipalities(db: &impl ConnectionTrait, initiative_id: i64, codes: &[String]) -> Result<()> {
    initiative_municipality::Entity::delete_many()
        .filter(initiative_municipality::Column::InitiativeId.eq(initiative_id))
        .exec(db)
        .await?;
    if !codes.is_empty() {
        initiative_municipality::Entity::insert_many(codes.iter().map(|code| initiative_municipality::ActiveModel {
            initiative_id: Set(initiative_id),
            municipality_code: Set(code.clone()),
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

impl Store {
    pub async fn create_initiative(&self, profile: &InitiativeProfile, by: &AuditActor) -> Result<InitiativeRecord> {
        let txn = self.write().await?;
        let row = initiative::ActiveModel {
            slug: Set(profile.slug.as_str().to_owned()),
            name: Set(profile.name.clone()),
            problem_statement: Set(profile.problem_statement.clone()),
            vision: Set(profile.vision.clone()),
            guiding_principles: Set(profile.guiding_principles.clone()),
            starts_on: Set(profile.starts_on),
            ends_on: Set(profile.ends_on),
            is_public: Set(profile.is_public),
            created_at: Set(now()),
            updated_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| StoreError::taken_or(e, "slug"))?;
        set_municipalities(&txn, row.id, &profile.municipalities).await?;
        crate::knowledge_base::record_profile_texts(&txn, row.id, ["", "", ""], statements(profile), by).await?;
        audit::record(&txn, by, Change::of(row.id, "create", "initiative", row.id, profile_json(profile))).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn update_initiative(&self, id: i64, profile: &InitiativeProfile, by: &AuditActor) -> Result<()> {
        let txn = self.write().await?;
        let old = self.initiative_in(&txn, id).await?.ok_or(StoreError::NotFound)?;
        let changes = audit::diff(&old.profile_json(), &profile_json(profile));
        let o = &old.row;
        let old_statements = [o.problem_statement.as_str(), o.vision.as_str(), o.guiding_principles.as_str()];
        crate::knowledge_base::record_profile_texts(&txn, id, old_statements, statements(profile), by).await?;
        let mut row = initiative::ActiveModel { id: Unchanged(id), ..Default::default() };
        row.slug = Set(profile.slug.as_str().to_owned());
        row.name = Set(profile.name.clone());
        row.problem_statement = Set(profile.problem_statement.clone());
        row.vision = Set(profile.vision.clone());
        row.guiding_principles = Set(profile.guiding_principles.clone());
        row.starts_on = Set(profile.starts_on);
        row.ends_on = Set(profile.ends_on);
        row.is_public = Set(profile.is_public);
        row.updated_at = Set(now());
        row.update(&txn).await.map_err(|e| StoreError::taken_or(e, "slug"))?;
        set_municipalities(&txn, id, &profile.municipalities).await?;
        audit::record(&txn, by, Change::of(id, "update", "initiative", id, changes)).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn initiative_in(&self, db: &impl ConnectionTrait, id: i64) -> Result<Option<Initiative>> {
        let Some(row) = initiative::Entity::find_by_id(id).one(db).await? else {
            return Ok(None);
        };
        let municipalities = initiative_municipality::Entity::find()
            .filter(initiative_municipality::Column::InitiativeId.eq(id))
            .order_by_asc(initiative_municipality::Column::MunicipalityCode)
            .all(db)
            .await?
            .into_iter()
            .map(|m| m.municipality_code)
            .collect();
        Ok(Some(Initiative { row: row.into(), municipalities }))
    }

    pub async fn initiative(&self, id: i64) -> Result<Option<Initiative>> {
        self.initiative_in(&self.db, id).await
    }

    pub async fn initiative_by_slug(&self, slug: &str) -> Result<Option<Initiative>> {
        let Some(row) = initiative::Entity::find().filter(initiative::Column::Slug.eq(slug)).one(&self.db).await?
        else {
            return Ok(None);
        };
        self.initiative_in(&self.db, row.id).await
    }

    /// All initiatives, by name; the caller filters by what the viewer may see.
    pub async fn initiatives(&self) -> Result<Vec<InitiativeRecord>> {
        let rows = initiative::Entity::find().order_by_asc(initiative::Column::Name).all(&self.db).await?;
        Ok(rows.into_iter().map(InitiativeRecord::from).collect())
    }
}
