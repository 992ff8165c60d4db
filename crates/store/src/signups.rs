//! Sign-ups to meals. Seats are taken with one conditional update of the meal's counter, so
//! concurrent guests can never overbook, on SQLite or PostgreSQL; beyond capacity a guest is
//! wait-listed and moves up when someone cancels.

use crate::entity::{meal, outbox_mail, signup};
use crate::meals::Meal;
use crate::outbox::{About, NewMail, queue};
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, Utc};
use rygrad_domain::signup::SignupStatus;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    Set,
};

/// A guest's sign-up as the guest list, the guest's mail and the API read it; the name, address
/// and note are gone once the meal's guest data is erased.
#[derive(Debug, Clone)]
pub struct Signup {
    pub id: i64,
    pub meal_id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub party_size: i32,
    pub note: Option<String>,
    pub status: SignupStatus,
    pub created_at: DateTime<Utc>,
}

impl From<signup::Model> for Signup {
    fn from(s: signup::Model) -> Self {
        Signup {
            id: s.id,
            meal_id: s.meal_id,
            name: s.name,
            email: s.email,
            party_size: s.party_size,
            note: s.note,
            status: SignupStatus::of_code(&s.status),
            created_at: s.created_at,
        }
    }
}

pub struct NewSignup<'a> {
    pub meal_id: i64,
    pub name: &'a str,
    pub email: &'a str,
    pub party_size: u32,
    pub note: &'a str,
    pub cancel_token_hash: &'a str,
}

/// Takes `seats` on a meal if they are free; the first statement of its transaction, so that
/// SQLite takes the write lock at once instead of failing to upgrade a read.
async fn take_seats(txn: &DatabaseTransaction, meal_id: i64, seats: i32) -> Result<bool> {
    let taken = meal::Entity::update_many()
        .col_expr(meal::Column::SeatsTaken, Expr::col(meal::Column::SeatsTaken).add(seats))
        .col_expr(meal::Column::UpdatedAt, Expr::value(now()))
        .filter(meal::Column::Id.eq(meal_id))
        .filter(Expr::col(meal::Column::SeatsTaken).add(seats).lte(Expr::col(meal::Column::Capacity)))
        .exec(txn)
        .await?;
    Ok(taken.rows_affected == 1)
}

impl Store {
    /// Signs a guest up: confirmed while seats last, else wait-listed. The same address twice
    /// on one meal is refused (`Taken("email")`). The guest's mail, made by `mail` from the
    /// sign-up (confirmed or waiting), is queued in the same transaction.
    pub async fn sign_up(&self, new: NewSignup<'_>, mail: impl FnOnce(&Signup) -> NewMail) -> Result<Signup> {
        let txn = self.write().await?;
        let confirmed = take_seats(&txn, new.meal_id, new.party_size as i32).await?;
        // Nobody jumps the queue: while guests wait, newcomers wait too.
        let someone_waits = signup::Entity::find()
            .filter(signup::Column::MealId.eq(new.meal_id))
            .filter(signup::Column::Status.eq(SignupStatus::Waitlisted.code()))
            .one(&txn)
            .await?
            .is_some();
        let confirmed = if confirmed && someone_waits {
            release_seats(&txn, new.meal_id, new.party_size as i32).await?;
            false
        } else {
            confirmed
        };
        let duplicate = signup::Entity::find()
            .filter(signup::Column::MealId.eq(new.meal_id))
            .filter(signup::Column::Email.eq(new.email))
            .filter(signup::Column::Status.ne(SignupStatus::Cancelled.code()))
            .one(&txn)
            .await?;
        if duplicate.is_some() {
            txn.rollback().await?;
            return Err(StoreError::Taken("email"));
        }
        let status = if confirmed { SignupStatus::Confirmed } else { SignupStatus::Waitlisted };
        let row: Signup = signup::ActiveModel {
            meal_id: Set(new.meal_id),
            name: Set(Some(new.name.to_owned())),
            email: Set(Some(new.email.to_owned())),
            party_size: Set(new.party_size as i32),
            note: Set(Some(new.note.to_owned()).filter(|n| !n.is_empty())),
            status: Set(status.code().to_owned()),
            cancel_token_hash: Set(new.cancel_token_hash.to_owned()),
            created_at: Set(now()),
            cancelled_at: Set(None),
            erased_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?
        .into();
        queue(&txn, &mail(&row), About::Signup(row.id)).await?;
        txn.commit().await?;
        self.reindex_meal(new.meal_id).await?;
        Ok(row)
    }

    /// Cancels by the mailed link, frees the seats and moves wait-listed guests up in order,
    /// queuing the mail `promoted_mail` makes for each of them in the same transaction.
    /// Returns the cancelled sign-up.
    pub async fn cancel_signup(
        &self,
        cancel_token_hash: &str,
        promoted_mail: impl Fn(&Meal, &Signup) -> Option<NewMail>,
    ) -> Result<Option<Signup>> {
        let txn = self.write().await?;
        // Read the status before the write, then cancel only if it is unchanged: a second
        // click on the same link, even at the same moment, changes nothing.
        let Some(row) = signup::Entity::find()
            .filter(signup::Column::CancelTokenHash.eq(cancel_token_hash))
            .filter(signup::Column::Status.ne(SignupStatus::Cancelled.code()))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let cancelled = signup::Entity::update_many()
            .col_expr(signup::Column::Status, Expr::value(SignupStatus::Cancelled.code()))
            .col_expr(signup::Column::CancelledAt, Expr::value(now()))
            .filter(signup::Column::Id.eq(row.id))
            .filter(signup::Column::Status.eq(row.status.clone()))
            .exec(&txn)
            .await?;
        if cancelled.rows_affected != 1 {
            return Ok(None);
        }
        if row.status == SignupStatus::Confirmed.code() {
            release_seats(&txn, row.meal_id, row.party_size).await?;
        }
        let promoted = promote_waitlist(&txn, row.meal_id).await?;
        let m: Meal = meal::Entity::find_by_id(row.meal_id).one(&txn).await?.ok_or(StoreError::NotFound)?.into();
        for guest in &promoted {
            if let Some(mail) = promoted_mail(&m, guest) {
                queue(&txn, &mail, About::Signup(guest.id)).await?;
            }
        }
        txn.commit().await?;
        self.reindex_meal(row.meal_id).await?;
        Ok(Some(row.into()))
    }

    pub async fn signups_of_meal(&self, meal_id: i64) -> Result<Vec<Signup>> {
        let rows = signup::Entity::find()
            .filter(signup::Column::MealId.eq(meal_id))
            .order_by_asc(signup::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(Signup::from).collect())
    }

    /// Deletes guests' names, addresses and notes of meals that ended before `before`, and
    /// the mail to them; the counts stay.
    pub async fn erase_guest_data(&self, before: DateTime<Utc>) -> Result<u64> {
        // Subqueries, not lists of ids: after a few years those lists are most of the meals.
        let ended = || {
            meal::Entity::find()
                .select_only()
                .column(meal::Column::Id)
                .filter(meal::Column::EndsAt.lt(before))
                .into_query()
        };
        let txn = self.write().await?;
        outbox_mail::Entity::delete_many()
            .filter(
                outbox_mail::Column::SignupId.in_subquery(
                    signup::Entity::find()
                        .select_only()
                        .column(signup::Column::Id)
                        .filter(signup::Column::MealId.in_subquery(ended()))
                        .into_query(),
                ),
            )
            .exec(&txn)
            .await?;
        let erased = signup::Entity::update_many()
            .col_expr(signup::Column::Name, Expr::value(Option::<String>::None))
            .col_expr(signup::Column::Email, Expr::value(Option::<String>::None))
            .col_expr(signup::Column::Note, Expr::value(Option::<String>::None))
            .col_expr(signup::Column::ErasedAt, Expr::value(now()))
            .filter(signup::Column::MealId.in_subquery(ended()))
            .filter(signup::Column::ErasedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        Ok(erased)
    }
}

async fn release_seats(txn: &DatabaseTransaction, meal_id: i64, seats: i32) -> Result<()> {
    meal::Entity::update_many()
        .col_expr(meal::Column::SeatsTaken, Expr::col(meal::Column::SeatsTaken).sub(seats))
        .col_expr(meal::Column::UpdatedAt, Expr::value(now()))
        .filter(meal::Column::Id.eq(meal_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Confirms wait-listed guests in sign-up order while their whole party fits.
async fn promote_waitlist(txn: &DatabaseTransaction, meal_id: i64) -> Result<Vec<Signup>> {
    let waiting = signup::Entity::find()
        .filter(signup::Column::MealId.eq(meal_id))
        .filter(signup::Column::Status.eq(SignupStatus::Waitlisted.code()))
        .order_by_asc(signup::Column::Id)
        .all(txn)
        .await?;
    let mut promoted = Vec::new();
    for mut guest in waiting {
        if !take_seats(txn, meal_id, guest.party_size).await? {
            break;
        }
        signup::Entity::update_many()
            .col_expr(signup::Column::Status, Expr::value(SignupStatus::Confirmed.code()))
            .filter(signup::Column::Id.eq(guest.id))
            .exec(txn)
            .await?;
        guest.status = SignupStatus::Confirmed.code().to_owned();
        promoted.push(guest.into());
    }
    Ok(promoted)
}
