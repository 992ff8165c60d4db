//! People's roles in initiatives: backbone staff, and members acting for an organisation.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{initiative_role, organisation, user};
use crate::organisations::Organisation;
use crate::{Result, Store, now};
use rygrad_domain::invitation::InitiativeRole;
use rygrad_domain::policy::Grant;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

/// A person with a role in an initiative, for listing.
pub struct Person {
    pub user_id: i64,
    pub name: String,
    pub role: InitiativeRole,
    pub organisation: Option<Organisation>,
}

/// Grants a person a role (replacing the one they held), with its audit entry.
pub(crate) async fn grant(db: &impl ConnectionTrait, user_id: i64, grant: &Grant, by: &AuditActor) -> Result<()> {
    initiative_role::Entity::insert(initiative_role::ActiveModel {
        initiative_id: Set(grant.initiative_id),
        user_id: Set(user_id),
        role: Set(grant.role.code().to_owned()),
        organisation_id: Set(grant.organisation_id),
        created_at: Set(now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([initiative_role::Column::InitiativeId, initiative_role::Column::UserId])
            .update_columns([initiative_role::Column::Role, initiative_role::Column::OrganisationId])
            .to_owned(),
    )
    .exec(db)
    .await?;
    let changes = json!({
        "role": grant.role.code(),
        "organisation": crate::memberships::organisation_name_of(db, grant.organisation_id).await?,
    });
    audit::record(db, by, Change::of(grant.initiative_id, "grant", "role", user_id, changes)).await
}

impl Store {
    pub async fn grant_role(
        &self,
        initiative_id: i64,
        user_id: i64,
        role: InitiativeRole,
        organisation_id: Option<i64>,
        by: &AuditActor,
    ) -> Result<()> {
        grant(&self.db, user_id, &Grant { initiative_id, role, organisation_id }, by).await
    }

    /// The grants of a person, for the policy.
    pub async fn grants_of(&self, user_id: i64) -> Result<Vec<Grant>> {
        Ok(initiative_role::Entity::find()
            .filter(initiative_role::Column::UserId.eq(user_id))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|r| {
                Some(Grant {
                    initiative_id: r.initiative_id,
                    role: InitiativeRole::parse(&r.role).ok()?,
                    organisation_id: r.organisation_id,
                })
            })
            .collect())
    }

    pub async fn people_of_initiative(&self, initiative_id: i64) -> Result<Vec<Person>> {
        let roles = initiative_role::Entity::find()
            .filter(initiative_role::Column::InitiativeId.eq(initiative_id))
            .order_by_asc(initiative_role::Column::Id)
            .all(&self.db)
            .await?;
        let mut people = Vec::with_capacity(roles.len());
        for r in roles {
            let Some(u) = user::Entity::find_by_id(r.user_id).one(&self.db).await? else {
                continue;
            };
            let organisation = match r.organisation_id {
                Some(id) => organisation::Entity::find_by_id(id).one(&self.db).await?.map(Organisation::from),
                None => None,
            };
            let role = InitiativeRole::of_code(&r.role);
            people.push(Person { user_id: u.id, name: u.name, role, organisation });
        }
        Ok(people)
    }
}
