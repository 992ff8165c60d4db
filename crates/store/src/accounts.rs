//! People's accounts, the single-use tokens mailed to them, and personal API tokens.

use crate::entity::{api_token, audit_entry, email_token, indicator_value, invitation, outbox_mail, user};
use crate::outbox::{About, NewMail, queue};
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Set,
};

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    pub email_confirmed: bool,
}

/// What a mailed token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    ConfirmEmail,
    ResetPassword,
    ChangeEmail,
    /// A one-time link that logs in (for an owner slowed down by others' failed attempts).
    LogIn,
}

impl TokenPurpose {
    fn code(self) -> &'static str {
        match self {
            TokenPurpose::ConfirmEmail => "confirm_email",
            TokenPurpose::ResetPassword => "reset_password",
            TokenPurpose::ChangeEmail => "change_email",
            TokenPurpose::LogIn => "log_in",
        }
    }
}

/// An account.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub is_admin: bool,
    /// When the owner proved the address, by a mailed link or an invitation.
    pub email_confirmed_at: Option<DateTime<Utc>>,
    /// The language code of the pages and mail (`da`, `en`).
    pub locale: String,
}

impl From<user::Model> for User {
    fn from(m: user::Model) -> Self {
        User {
            id: m.id,
            email: m.email,
            name: m.name,
            password_hash: m.password_hash,
            is_admin: m.is_admin,
            email_confirmed_at: m.email_confirmed_at,
            locale: m.locale,
        }
    }
}

/// An API token as its owner's account page lists it (never its hash).
#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: i64,
    pub label: String,
    pub created_at: DateTime<Utc>,
}

impl From<api_token::Model> for ApiToken {
    fn from(m: api_token::Model) -> Self {
        ApiToken { id: m.id, label: m.label, created_at: m.created_at }
    }
}

impl Store {
    pub async fn create_user(&self, new: NewUser<'_>) -> Result<User> {
        let row = user::ActiveModel {
            email: Set(new.email.to_owned()),
            name: Set(new.name.to_owned()),
            password_hash: Set(new.password_hash.to_owned()),
            is_admin: Set(new.is_admin),
            email_confirmed_at: Set(new.email_confirmed.then(now)),
            locale: Set("da".into()),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(|e| StoreError::taken_or(e, "email"))?;
        Ok(row.into())
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        Ok(user::Entity::find().filter(user::Column::Email.eq(email)).one(&self.db).await?.map(User::from))
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>> {
        Ok(user::Entity::find_by_id(id).one(&self.db).await?.map(User::from))
    }

    pub async fn set_password(&self, user_id: i64, password_hash: &str) -> Result<()> {
        self.update_user(user_id, |u| u.password_hash = Set(password_hash.to_owned())).await
    }

    pub async fn set_name(&self, user_id: i64, name: &str) -> Result<()> {
        self.update_user(user_id, |u| u.name = Set(name.to_owned())).await
    }

    pub async fn set_locale(&self, user_id: i64, locale: &str) -> Result<()> {
        self.update_user(user_id, |u| u.locale = Set(locale.to_owned())).await
    }

    pub async fn set_admin(&self, user_id: i64, is_admin: bool) -> Result<()> {
        self.update_user(user_id, |u| u.is_admin = Set(is_admin)).await
    }

    async fn update_user(&self, user_id: i64, change: impl FnOnce(&mut user::ActiveModel)) -> Result<()> {
        let mut model =
            user::Entity::find_by_id(user_id).one(&self.db).await?.ok_or(StoreError::NotFound)?.into_active_model();
        change(&mut model);
        model.update(&self.db).await.map_err(|e| StoreError::taken_or(e, "email"))?;
        Ok(())
    }

    /// Stores the hash of a token mailed to a user, and queues the `mail` that carries it in
    /// the same transaction; the token expires after `valid_for`.
    pub async fn create_email_token(
        &self,
        user_id: i64,
        purpose: TokenPurpose,
        token_hash: &str,
        new_email: Option<&str>,
        valid_for: Duration,
        mail: &NewMail,
    ) -> Result<()> {
        let txn = self.write().await?;
        email_token::ActiveModel {
            user_id: Set(user_id),
            purpose: Set(purpose.code().into()),
            token_hash: Set(token_hash.to_owned()),
            new_email: Set(new_email.map(str::to_owned)),
            expires_at: Set(now() + valid_for),
            used_at: Set(None),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        queue(&txn, mail, About::User(user_id)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Queues a mail to an account's owner that follows no change (such as a note that
    /// someone tried to use their address).
    pub async fn mail_user(&self, user_id: i64, mail: &NewMail) -> Result<()> {
        queue(&self.db, mail, About::User(user_id)).await?;
        Ok(())
    }

    /// Uses up a mailed token and applies its effect (confirming an address, or moving to a new
    /// one). Returns the user, or `None` when the token is unknown, used or expired.
    pub async fn redeem_email_token(&self, purpose: TokenPurpose, token_hash: &str) -> Result<Option<User>> {
        let txn = self.write().await?;
        let Some(token) = email_token::Entity::find()
            .filter(email_token::Column::TokenHash.eq(token_hash))
            .filter(email_token::Column::Purpose.eq(purpose.code()))
            .filter(email_token::Column::UsedAt.is_null())
            .filter(email_token::Column::ExpiresAt.gt(now()))
            .one(&txn)
            .await?
        else {
            return Ok(None);
        };
        let used = email_token::Entity::update_many()
            .col_expr(email_token::Column::UsedAt, Expr::value(now()))
            .filter(email_token::Column::Id.eq(token.id))
            .filter(email_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if used.rows_affected != 1 {
            return Ok(None);
        }
        let mut user =
            user::Entity::find_by_id(token.user_id).one(&txn).await?.ok_or(StoreError::NotFound)?.into_active_model();
        match purpose {
            TokenPurpose::ConfirmEmail => user.email_confirmed_at = Set(Some(now())),
            TokenPurpose::ChangeEmail => {
                user.email = Set(token.new_email.clone().unwrap_or_default());
                user.email_confirmed_at = Set(Some(now()));
            }
            TokenPurpose::ResetPassword | TokenPurpose::LogIn => {}
        }
        let user = user.update(&txn).await.map_err(|e| StoreError::taken_or(e, "email"))?;
        txn.commit().await?;
        Ok(Some(user.into()))
    }

    /// Whether a reset token is still good, without using it (to show the form).
    pub async fn email_token_is_valid(&self, purpose: TokenPurpose, token_hash: &str) -> Result<bool> {
        Ok(email_token::Entity::find()
            .filter(email_token::Column::TokenHash.eq(token_hash))
            .filter(email_token::Column::Purpose.eq(purpose.code()))
            .filter(email_token::Column::UsedAt.is_null())
            .filter(email_token::Column::ExpiresAt.gt(now()))
            .one(&self.db)
            .await?
            .is_some())
    }

    /// GDPR erasure: the account, its tokens and roles go; the audit log keeps the change but
    /// not the name; mail to the address or about the account and open invitations to the
    /// address (with their mail) are deleted.
    pub async fn delete_user(&self, user_id: i64) -> Result<()> {
        let txn = self.write().await?;
        let user = user::Entity::find_by_id(user_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        audit_entry::Entity::update_many()
            .col_expr(audit_entry::Column::ActorName, Expr::value("—"))
            .col_expr(audit_entry::Column::ActorUserId, Expr::value(Option::<i64>::None))
            .filter(audit_entry::Column::ActorUserId.eq(user_id))
            .exec(&txn)
            .await?;
        let open_invitations = invitation::Entity::find()
            .select_only()
            .column(invitation::Column::Id)
            .filter(invitation::Column::Email.eq(&user.email))
            .filter(invitation::Column::AcceptedAt.is_null())
            .into_query();
        outbox_mail::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(outbox_mail::Column::ToAddress.eq(&user.email))
                    .add(outbox_mail::Column::UserId.eq(user_id))
                    .add(outbox_mail::Column::InvitationId.in_subquery(open_invitations)),
            )
            .exec(&txn)
            .await?;
        invitation::Entity::delete_many()
            .filter(invitation::Column::Email.eq(&user.email))
            .filter(invitation::Column::AcceptedAt.is_null())
            .exec(&txn)
            .await?;
        // no foreign key sets it null on PostgreSQL (migration m0020)
        indicator_value::Entity::update_many()
            .col_expr(indicator_value::Column::EnteredBy, Expr::value(Option::<i64>::None))
            .filter(indicator_value::Column::EnteredBy.eq(user_id))
            .exec(&txn)
            .await?;
        user::Entity::delete_by_id(user_id).exec(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn create_api_token(&self, user_id: i64, token_hash: &str, label: &str) -> Result<ApiToken> {
        let row = api_token::ActiveModel {
            user_id: Set(user_id),
            token_hash: Set(token_hash.to_owned()),
            label: Set(label.to_owned()),
            created_at: Set(now()),
            last_used_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(row.into())
    }

    pub async fn user_by_api_token(&self, token_hash: &str) -> Result<Option<User>> {
        let Some(token) =
            api_token::Entity::find().filter(api_token::Column::TokenHash.eq(token_hash)).one(&self.db).await?
        else {
            return Ok(None);
        };
        self.user_by_id(token.user_id).await
    }

    pub async fn api_tokens_of(&self, user_id: i64) -> Result<Vec<ApiToken>> {
        let rows = api_token::Entity::find()
            .filter(api_token::Column::UserId.eq(user_id))
            .order_by_desc(api_token::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    pub async fn revoke_api_token(&self, user_id: i64, token_id: i64) -> Result<()> {
        api_token::Entity::delete_many()
            .filter(api_token::Column::UserId.eq(user_id))
            .filter(api_token::Column::Id.eq(token_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    pub async fn count_users(&self) -> Result<u64> {
        use sea_orm::PaginatorTrait;
        Ok(user::Entity::find().count(&self.db).await?)
    }
}

/// The time an account has to confirm its address or use a reset link.
pub fn token_lifetime(purpose: TokenPurpose) -> Duration {
    match purpose {
        TokenPurpose::LogIn => Duration::minutes(15),
        TokenPurpose::ResetPassword => Duration::hours(2),
        TokenPurpose::ConfirmEmail | TokenPurpose::ChangeEmail => Duration::days(3),
    }
}

pub fn is_expired(expires_at: DateTime<Utc>) -> bool {
    expires_at <= now()
}
