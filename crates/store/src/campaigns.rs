//! Campaigns of an initiative (e.g. "Danmark spiser sammen 2027" in week 17) and their progress
//! against targets.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{campaign, meal, membership};
use crate::{Result, Store, now};
use chrono::{Datelike, NaiveDate};
use rygrad_domain::campaign::CampaignPlan;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};

/// A meal as campaign progress needs it.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
struct ProgressMeal {
    organisation_id: Option<i64>,
    municipality_code: String,
    starts_at: chrono::DateTime<chrono::Utc>,
    seats_taken: i32,
    is_flagship: bool,
    parent_id: Option<i64>,
}

/// Where a campaign stands.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Progress {
    pub meals: i64,
    pub member_meals: i64,
    pub flagships: i64,
    /// Guests at each flagship meal.
    pub flagship_guests: Vec<i64>,
    pub guests: i64,
    pub rural_municipalities: i64,
    pub urban_municipalities: i64,
    pub campaign_week_meals: i64,
    pub other_meals: i64,
    pub relay_meals: i64,
    /// Meals per municipality code.
    pub per_municipality: BTreeMap<String, i64>,
}

impl Store {
    pub async fn create_campaign(
        &self,
        initiative_id: i64,
        plan: &CampaignPlan,
        by: &AuditActor,
    ) -> Result<campaign::Model> {
        let txn = self.db.begin().await?;
        let row = campaign::ActiveModel {
            initiative_id: Set(initiative_id),
            name: Set(plan.name.clone()),
            year: Set(plan.year),
            iso_week: Set(plan.iso_week as i32),
            starts_on: Set(plan.starts_on),
            ends_on: Set(plan.ends_on),
            themes: Set(plan.themes.join(",")),
            target_meals: Set(plan.targets.meals),
            target_member_meals: Set(plan.targets.member_meals),
            target_flagships: Set(plan.targets.flagships),
            target_flagship_guests: Set(plan.targets.flagship_guests),
            target_guests: Set(plan.targets.guests),
            target_rural_municipalities: Set(plan.targets.rural_municipalities),
            target_urban_municipalities: Set(plan.targets.urban_municipalities),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            by,
            Change {
                initiative_id: Some(initiative_id),
                action: "create",
                entity: "campaign",
                entity_id: Some(row.id),
                changes: json!({"name": plan.name, "starts_on": plan.starts_on, "ends_on": plan.ends_on}),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row)
    }

    pub async fn campaign(&self, id: i64) -> Result<Option<campaign::Model>> {
        Ok(campaign::Entity::find_by_id(id).one(&self.db).await?)
    }

    pub async fn campaigns_of(&self, initiative_id: i64) -> Result<Vec<campaign::Model>> {
        Ok(campaign::Entity::find()
            .filter(campaign::Column::InitiativeId.eq(initiative_id))
            .order_by_desc(campaign::Column::StartsOn)
            .all(&self.db)
            .await?)
    }

    /// Campaigns a new meal can join: not yet over.
    pub async fn open_campaigns(&self, today: NaiveDate) -> Result<Vec<campaign::Model>> {
        Ok(campaign::Entity::find()
            .filter(campaign::Column::EndsOn.gte(today))
            .order_by_asc(campaign::Column::StartsOn)
            .all(&self.db)
            .await?)
    }

    pub async fn campaign_progress(&self, c: &campaign::Model) -> Result<Progress> {
        let meals: Vec<ProgressMeal> = meal::Entity::find()
            .select_only()
            .columns([
                meal::Column::OrganisationId,
                meal::Column::MunicipalityCode,
                meal::Column::StartsAt,
                meal::Column::SeatsTaken,
                meal::Column::IsFlagship,
                meal::Column::ParentId,
            ])
            .filter(meal::Column::CampaignId.eq(c.id))
            .filter(meal::Column::Status.eq("published"))
            .into_model::<ProgressMeal>()
            .all(&self.db)
            .await?;
        let members: HashSet<i64> = membership::Entity::find()
            .filter(membership::Column::InitiativeId.eq(c.initiative_id))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|m| rygrad_domain::membership::is_active(m.starts_on, m.ends_on, c.starts_on.max(m.starts_on)))
            .map(|m| m.organisation_id)
            .collect();
        let geo = rygrad_domain::geo::geodata();
        let mut per_municipality = BTreeMap::new();
        for m in &meals {
            *per_municipality.entry(m.municipality_code.clone()).or_insert(0) += 1;
        }
        let (rural, urban): (Vec<&String>, Vec<&String>) =
            per_municipality.keys().partition(|code| geo.municipality(code).is_some_and(|m| m.is_rural()));
        let in_week = |m: &&ProgressMeal| {
            let local = rygrad_domain::format::local_date(m.starts_at);
            local.iso_week().year() == c.year && local.iso_week().week() == c.iso_week as u32
        };
        let campaign_week_meals = meals.iter().filter(in_week).count() as i64;
        Ok(Progress {
            meals: meals.len() as i64,
            member_meals: meals.iter().filter(|m| m.organisation_id.is_some_and(|o| members.contains(&o))).count()
                as i64,
            flagships: meals.iter().filter(|m| m.is_flagship).count() as i64,
            flagship_guests: meals.iter().filter(|m| m.is_flagship).map(|m| i64::from(m.seats_taken)).collect(),
            guests: meals.iter().map(|m| i64::from(m.seats_taken)).sum(),
            rural_municipalities: rural.len() as i64,
            urban_municipalities: urban.len() as i64,
            campaign_week_meals,
            other_meals: meals.len() as i64 - campaign_week_meals,
            relay_meals: meals.iter().filter(|m| m.parent_id.is_some()).count() as i64,
            per_municipality,
        })
    }
}
