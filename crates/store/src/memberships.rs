//! Organisations' memberships of alliances, with their history: a member that leaves keeps its
//! row with an end date and a reason.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{initiative, membership, organisation};
use crate::initiatives::InitiativeRecord;
use crate::organisations::Organisation;
use crate::{Result, Store, StoreError, now};
use chrono::NaiveDate;
use rygrad_domain::membership::{Leave, MembershipRole};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// An organisation's membership of an alliance, current or past.
#[derive(Debug, Clone)]
pub struct Membership {
    pub id: i64,
    pub initiative_id: i64,
    pub organisation_id: i64,
    pub role: MembershipRole,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
}

impl From<membership::Model> for Membership {
    fn from(m: membership::Model) -> Self {
        Membership {
            id: m.id,
            initiative_id: m.initiative_id,
            organisation_id: m.organisation_id,
            role: MembershipRole::of_code(&m.role),
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            end_reason: m.end_reason,
        }
    }
}

/// The log names organisations, which readers know, rather than ids.
pub(crate) async fn organisation_name(db: &impl ConnectionTrait, id: i64) -> Result<String> {
    Ok(organisation::Entity::find_by_id(id).one(db).await?.map(|o| o.name).unwrap_or_default())
}

/// [`organisation_name`] of an organisation a change may name.
pub(crate) async fn organisation_name_of(db: &impl ConnectionTrait, id: Option<i64>) -> Result<Option<String>> {
    Ok(match id {
        Some(id) => Some(organisation_name(db, id).await?),
        None => None,
    })
}

impl Store {
    pub async fn add_membership(
        &self,
        initiative_id: i64,
        organisation_id: i64,
        role: MembershipRole,
        starts_on: NaiveDate,
        by: &AuditActor,
    ) -> Result<Membership> {
        let changes = json!({
            "organisation": organisation_name(&self.db, organisation_id).await?,
            "role": role.code(),
            "starts_on": starts_on,
        });
        let row = membership::ActiveModel {
            initiative_id: Set(initiative_id),
            organisation_id: Set(organisation_id),
            role: Set(role.code().to_owned()),
            starts_on: Set(starts_on),
            ends_on: Set(None),
            end_reason: Set(None),
            created_at: Set(now()),
            ..Default::default()
        };
        let row = self
            .insert_audited(row, by, |row| Change::of(initiative_id, "create", "membership", row.id, changes))
            .await?;
        Ok(row.into())
    }

    /// Records that a member left; the membership stays in the history.
    pub async fn end_membership(&self, membership_id: i64, leave: &Leave, by: &AuditActor) -> Result<()> {
        let txn = self.write().await?;
        let row = membership::Entity::find_by_id(membership_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let initiative_id = row.initiative_id;
        let organisation = organisation_name(&txn, row.organisation_id).await?;
        let mut active = row.into_active_model();
        active.ends_on = Set(Some(leave.ends_on));
        active.end_reason = Set(Some(leave.reason.clone()));
        active.update(&txn).await?;
        audit::record(
            &txn,
            by,
            Change::of(
                initiative_id,
                "end",
                "membership",
                membership_id,
                json!({"organisation": organisation, "ends_on": leave.ends_on, "end_reason": leave.reason}),
            ),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn membership(&self, id: i64) -> Result<Option<Membership>> {
        Ok(membership::Entity::find_by_id(id).one(&self.db).await?.map(Membership::from))
    }

    /// Every membership of an initiative, current and past, with its organisation.
    pub async fn memberships_of_initiative(&self, initiative_id: i64) -> Result<Vec<(Membership, Organisation)>> {
        let rows = membership::Entity::find()
            .filter(membership::Column::InitiativeId.eq(initiative_id))
            .order_by_asc(membership::Column::StartsOn)
            .order_by_asc(membership::Column::Id)
            .find_also_related(organisation::Entity)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().filter_map(|(m, o)| o.map(|o| (m.into(), o.into()))).collect())
    }

    pub async fn memberships_of_organisation(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<(Membership, InitiativeRecord)>> {
        let rows = membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(organisation_id))
            .order_by_asc(membership::Column::StartsOn)
            .find_also_related(initiative::Entity)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().filter_map(|(m, i)| i.map(|i| (m.into(), i.into()))).collect())
    }

    /// The initiatives an organisation is a member of on `today` (for the policy).
    pub async fn current_initiatives_of_organisation(
        &self,
        organisation_id: i64,
        today: NaiveDate,
    ) -> Result<Vec<i64>> {
        Ok(membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(organisation_id))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|m| rygrad_domain::membership::is_active(m.starts_on, m.ends_on, today))
            .map(|m| m.initiative_id)
            .collect())
    }
}
