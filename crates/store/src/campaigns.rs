//! Campaigns of an initiative (e.g. "Danmark spiser sammen 2027" in week 17) and their progress
//! against targets.

use crate::audit::{AuditActor, Change};
use crate::entity::{campaign, membership};
use crate::{Result, Store, now};
use chrono::NaiveDate;
use rygrad_domain::campaign::{CampaignPlan, TargetProgress, Targets};
use rygrad_domain::meal::local_instant;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::{BTreeMap, HashSet};

/// A campaign with its period, themes and targets.
#[derive(Debug, Clone)]
pub struct Campaign {
    pub id: i64,
    pub initiative_id: i64,
    pub name: String,
    /// Theme codes; empty for all themes.
    pub themes: Vec<String>,
    pub targets: Targets,
    /// The period meals count in.
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The campaign week: an ISO week of `year`.
    pub year: i32,
    pub iso_week: i32,
}

impl From<campaign::Model> for Campaign {
    fn from(m: campaign::Model) -> Self {
        Campaign {
            id: m.id,
            initiative_id: m.initiative_id,
            name: m.name,
            year: m.year,
            iso_week: m.iso_week,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            themes: m.themes.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            targets: Targets {
                meals: m.target_meals,
                member_meals: m.target_member_meals,
                flagships: m.target_flagships,
                flagship_guests: m.target_flagship_guests,
                guests: m.target_guests,
                rural_municipalities: m.target_rural_municipalities,
                urban_municipalities: m.target_urban_municipalities,
            },
        }
    }
}

/// Where a campaign stands.
#[derive(Debug, Clone, Default, serde::Serialize)]
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
    /// Every target of the campaign with its goal and where it stands (pages, exports and the
    /// API show the same).
    pub targets: Vec<TargetProgress>,
}

impl Store {
    pub async fn create_campaign(&self, initiative_id: i64, plan: &CampaignPlan, by: &AuditActor) -> Result<Campaign> {
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
        };
        let changes = json!({"name": plan.name, "starts_on": plan.starts_on, "ends_on": plan.ends_on});
        let row = self
            .insert_audited(row, by, |row| Change::of(initiative_id, "create", "campaign", row.id, changes))
            .await?;
        Ok(row.into())
    }

    pub async fn campaign(&self, id: i64) -> Result<Option<Campaign>> {
        Ok(campaign::Entity::find_by_id(id).one(&self.db).await?.map(Campaign::from))
    }

    pub async fn campaigns_of(&self, initiative_id: i64) -> Result<Vec<Campaign>> {
        let query = campaign::Entity::find()
            .filter(campaign::Column::InitiativeId.eq(initiative_id))
            .order_by_desc(campaign::Column::StartsOn);
        Ok(query.all(&self.db).await?.into_iter().map(Campaign::from).collect())
    }

    /// Campaigns a new meal can join: not yet over.
    pub async fn open_campaigns(&self, today: NaiveDate) -> Result<Vec<Campaign>> {
        let query = campaign::Entity::find()
            .filter(campaign::Column::EndsOn.gte(today))
            .order_by_asc(campaign::Column::StartsOn);
        Ok(query.all(&self.db).await?.into_iter().map(Campaign::from).collect())
    }

    /// Progress against every target, from the in-memory meal index (published meals).
    pub async fn campaign_progress(&self, c: &Campaign) -> Result<Progress> {
        let members: HashSet<i64> = membership::Entity::find()
            .filter(membership::Column::InitiativeId.eq(c.initiative_id))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|m| rygrad_domain::membership::is_active(m.starts_on, m.ends_on, c.starts_on.max(m.starts_on)))
            .map(|m| m.organisation_id)
            .collect();
        // The campaign week as instants, so that a meal is placed by comparing times.
        let week = rygrad_domain::campaign::week_dates(c.year, c.iso_week as u32).and_then(|(monday, sunday)| {
            let midnight = chrono::NaiveTime::MIN;
            let start = local_instant(monday, midnight).ok()?;
            let end = local_instant(sunday.succ_opt()?, midnight).ok()?;
            Some(start..end)
        });
        let mut p = Progress::default();
        // Counted by the municipality's number, so the hot loop touches no strings.
        let mut per_number = [0i64; 10_000];
        {
            let index = self.meal_index().await?;
            for m in index.campaign(c.id).filter(|m| m.is_published()) {
                p.meals += 1;
                if m.organisation_id.is_some_and(|o| members.contains(&o)) {
                    p.member_meals += 1;
                }
                if m.is_flagship {
                    p.flagships += 1;
                    p.flagship_guests.push(i64::from(m.seats_taken));
                }
                p.guests += i64::from(m.seats_taken);
                if week.as_ref().is_some_and(|w| w.contains(&m.starts_at)) {
                    p.campaign_week_meals += 1;
                }
                if m.parent_id.is_some() {
                    p.relay_meals += 1;
                }
                per_number[usize::from(m.municipality_number()).min(9_999)] += 1;
            }
        }
        p.per_municipality = per_number
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(code, n)| (format!("{code:04}"), *n))
            .collect();
        p.other_meals = p.meals - p.campaign_week_meals;
        let geo = rygrad_domain::geo::geodata();
        for code in p.per_municipality.keys() {
            if geo.municipality(code).is_some_and(|m| m.is_rural()) {
                p.rural_municipalities += 1;
            } else {
                p.urban_municipalities += 1;
            }
        }
        let flagship_guests = p.flagship_guests.iter().copied().min().unwrap_or(0);
        let t = &c.targets;
        p.targets = [
            ("meals", t.meals, p.meals),
            ("member_meals", t.member_meals, p.member_meals),
            ("flagships", t.flagships, p.flagships),
            ("flagship_guests", t.flagship_guests, flagship_guests),
            ("guests", t.guests, p.guests),
            ("rural_municipalities", t.rural_municipalities, p.rural_municipalities),
            ("urban_municipalities", t.urban_municipalities, p.urban_municipalities),
        ]
        .into_iter()
        .map(|(target, goal, current)| TargetProgress::new(target, goal, current))
        .collect();
        Ok(p)
    }
}
