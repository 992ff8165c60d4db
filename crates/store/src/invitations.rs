//! Invitations of people by e-mail into an initiative with a role.

use crate::audit::{self, AuditActor, Change};
use crate::entity::{initiative, invitation, organisation};
use crate::initiatives::InitiativeRecord;
use crate::organisations::Organisation;
use crate::outbox::{About, NewMail, queue};
use crate::{Result, Store, StoreError, now, roles};
use chrono::{DateTime, Duration, Utc};
use rygrad_domain::invitation::{InitiativeRole, InvitationStatus};
use rygrad_domain::policy::Grant;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

pub const INVITATION_LIFETIME_DAYS: i64 = 14;

pub struct NewInvitation<'a> {
    pub initiative_id: i64,
    pub organisation_id: Option<i64>,
    pub role: InitiativeRole,
    pub email: &'a str,
    pub token_hash: &'a str,
}

/// An invitation as the backbone's list and its recipient see it (never its token).
#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: i64,
    pub organisation_id: Option<i64>,
    pub role: InitiativeRole,
    pub email: String,
    /// As of reading.
    pub status: InvitationStatus,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
}

impl From<invitation::Model> for Invitation {
    fn from(m: invitation::Model) -> Self {
        Invitation {
            id: m.id,
            organisation_id: m.organisation_id,
            role: InitiativeRole::of_code(&m.role),
            email: m.email,
            status: InvitationStatus::of(m.accepted_at.is_some(), m.expires_at, now()),
            created_at: m.created_at,
            expires_at: m.expires_at,
            accepted_at: m.accepted_at,
        }
    }
}

/// An open invitation with what it invites to.
pub struct OpenInvitation {
    pub row: Invitation,
    pub initiative: InitiativeRecord,
    pub organisation: Option<Organisation>,
}

impl Store {
    /// Records an invitation and queues the `mail` that carries its link, in one transaction.
    pub async fn create_invitation(
        &self,
        new: NewInvitation<'_>,
        by: &AuditActor,
        mail: &NewMail,
    ) -> Result<Invitation> {
        let txn = self.write().await?;
        // The address is personal data: the log names the role and organisation only.
        let changes = json!({
            "role": new.role.code(),
            "organisation": crate::memberships::organisation_name_of(&txn, new.organisation_id).await?,
        });
        let row = invitation::ActiveModel {
            initiative_id: Set(new.initiative_id),
            organisation_id: Set(new.organisation_id),
            role: Set(new.role.code().to_owned()),
            email: Set(new.email.to_owned()),
            token_hash: Set(new.token_hash.to_owned()),
            invited_by: Set(by.user_id),
            created_at: Set(now()),
            expires_at: Set(now() + Duration::days(INVITATION_LIFETIME_DAYS)),
            accepted_at: Set(None),
            accepted_by: Set(None),
            ..Default::default()
        };
        let row = row.insert(&txn).await?;
        audit::record(&txn, by, Change::of(new.initiative_id, "invite", "invitation", row.id, changes)).await?;
        queue(&txn, mail, About::Invitation(row.id)).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// An invitation that can still be accepted.
    pub async fn open_invitation(&self, token_hash: &str) -> Result<Option<OpenInvitation>> {
        let Some(row) = invitation::Entity::find()
            .filter(invitation::Column::TokenHash.eq(token_hash))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::ExpiresAt.gt(now()))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let initiative =
            initiative::Entity::find_by_id(row.initiative_id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let organisation = match row.organisation_id {
            Some(id) => organisation::Entity::find_by_id(id).one(&self.db).await?.map(Organisation::from),
            None => None,
        };
        Ok(Some(OpenInvitation { row: row.into(), initiative: initiative.into(), organisation }))
    }

    /// Accepts an invitation for a user: grants the role, once.
    pub async fn accept_invitation(&self, invitation_id: i64, user_id: i64, by: &AuditActor) -> Result<bool> {
        let txn = self.write().await?;
        let taken = invitation::Entity::update_many()
            .col_expr(invitation::Column::AcceptedAt, Expr::value(now()))
            .col_expr(invitation::Column::AcceptedBy, Expr::value(user_id))
            .filter(invitation::Column::Id.eq(invitation_id))
            .filter(invitation::Column::AcceptedAt.is_null())
            .exec(&txn)
            .await?;
        if taken.rows_affected != 1 {
            return Ok(false);
        }
        let row = invitation::Entity::find_by_id(invitation_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let role = InitiativeRole::parse(&row.role).map_err(|_| StoreError::NotFound)?;
        let grant = Grant { initiative_id: row.initiative_id, role, organisation_id: row.organisation_id };
        roles::grant(&txn, user_id, &grant, by).await?;
        txn.commit().await?;
        Ok(true)
    }

    pub async fn invitations_of_initiative(&self, initiative_id: i64) -> Result<Vec<Invitation>> {
        let rows = invitation::Entity::find()
            .filter(invitation::Column::InitiativeId.eq(initiative_id))
            .order_by_desc(invitation::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(Invitation::from).collect())
    }
}
