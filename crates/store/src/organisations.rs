//! Organisations (aktører), searchable by name and filterable by sector.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{membership, organisation};
use crate::{Result, Store, StoreError, now};
use rygrad_domain::organisation::{OrganisationProfile, Sector};
use rygrad_domain::text::search_key;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::{Value, json};

fn profile_json(p: &OrganisationProfile) -> Value {
    json!({
        "name": p.name,
        "slug": p.slug.as_str(),
        "sector": p.sector.code(),
        "municipality_code": p.municipality_code,
        "website": p.website,
        "description": p.description,
    })
}

fn row_json(r: &organisation::Model) -> Value {
    json!({
        "name": r.name,
        "slug": r.slug,
        "sector": r.sector,
        "municipality_code": r.municipality_code,
        "website": r.website,
        "description": r.description,
    })
}

/// An organisation (aktør) as pages and the API show it.
#[derive(Debug, Clone)]
pub struct Organisation {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// The name folded as searches fold it (Æ, Ø, Å), for sorting by name.
    pub name_search: String,
    pub sector: Sector,
    pub municipality_code: Option<String>,
    pub website: Option<String>,
    pub description: String,
}

impl From<organisation::Model> for Organisation {
    fn from(m: organisation::Model) -> Self {
        Organisation {
            id: m.id,
            slug: m.slug,
            name: m.name,
            name_search: m.name_search,
            sector: Sector::of_code(&m.sector),
            municipality_code: m.municipality_code,
            website: m.website,
            description: m.description,
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct OrganisationFilter {
    pub search: Option<String>,
    pub sector: Option<String>,
    pub municipality_code: Option<String>,
}

pub struct OrganisationPage {
    pub rows: Vec<Organisation>,
    pub total: u64,
}

impl Store {
    /// Creates an organisation; the log entry goes to the initiative it is created for, if any.
    pub async fn create_organisation(
        &self,
        profile: &OrganisationProfile,
        initiative_id: Option<i64>,
        by: &AuditActor,
    ) -> Result<Organisation> {
        let row = organisation::ActiveModel {
            slug: Set(profile.slug.as_str().to_owned()),
            name: Set(profile.name.clone()),
            name_search: Set(search_key(&profile.name)),
            sector: Set(profile.sector.code().to_owned()),
            municipality_code: Set(profile.municipality_code.clone()),
            website: Set(profile.website.clone()),
            description: Set(profile.description.clone()),
            created_at: Set(now()),
            updated_at: Set(now()),
            ..Default::default()
        };
        let changes = profile_json(profile);
        let row = self
            .insert_audited(row, by, |row| Change {
                initiative_id,
                action: "create",
                entity: "organisation",
                entity_id: Some(row.id),
                changes,
            })
            .await
            .map_err(|e| e.or_taken("slug"))?;
        Ok(row.into())
    }

    /// Updates an organisation; the change is logged in every initiative it is a member of.
    pub async fn update_organisation(&self, id: i64, profile: &OrganisationProfile, by: &AuditActor) -> Result<()> {
        let txn = self.write().await?;
        let old = organisation::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let changes = audit::diff(&row_json(&old), &profile_json(profile));
        let mut row = old.into_active_model();
        row.slug = Set(profile.slug.as_str().to_owned());
        row.name = Set(profile.name.clone());
        row.name_search = Set(search_key(&profile.name));
        row.sector = Set(profile.sector.code().to_owned());
        row.municipality_code = Set(profile.municipality_code.clone());
        row.website = Set(profile.website.clone());
        row.description = Set(profile.description.clone());
        row.updated_at = Set(now());
        row.update(&txn).await.map_err(|e| StoreError::taken_or(e, "slug"))?;
        let initiatives: Vec<i64> = membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(id))
            .all(&txn)
            .await?
            .into_iter()
            .map(|m| m.initiative_id)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for initiative_id in initiatives {
            audit::record(&txn, by, Change::of(initiative_id, "update", "organisation", id, changes.clone())).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    pub async fn organisation_by_slug(&self, slug: &str) -> Result<Option<Organisation>> {
        let row = organisation::Entity::find().filter(organisation::Column::Slug.eq(slug)).one(&self.db).await?;
        Ok(row.map(Organisation::from))
    }

    pub async fn organisation(&self, id: i64) -> Result<Option<Organisation>> {
        Ok(organisation::Entity::find_by_id(id).one(&self.db).await?.map(Organisation::from))
    }

    /// A page of organisations by name; `page` counts from 0.
    pub async fn organisations(
        &self,
        filter: &OrganisationFilter,
        page: u64,
        per_page: u64,
    ) -> Result<OrganisationPage> {
        let mut query = organisation::Entity::find().order_by_asc(organisation::Column::NameSearch);
        if let Some(search) = filter.search.as_deref().filter(|s| !s.trim().is_empty()) {
            query = query.filter(organisation::Column::NameSearch.contains(search_key(search.trim())));
        }
        if let Some(sector) = filter.sector.as_deref().filter(|s| !s.is_empty()) {
            query = query.filter(organisation::Column::Sector.eq(sector));
        }
        if let Some(code) = filter.municipality_code.as_deref().filter(|s| !s.is_empty()) {
            query = query.filter(organisation::Column::MunicipalityCode.eq(code));
        }
        let total = query.clone().count(&self.db).await?;
        let rows = query.offset(page * per_page).limit(per_page).all(&self.db).await?;
        let rows = rows.into_iter().map(Organisation::from).collect();
        Ok(OrganisationPage { rows, total })
    }
}
