//! Mail delivery that survives an SMTP outage and forgets what it no longer needs: when a mail
//! is next tried (`next_attempt_at`), when it was given up (`failed_at`), and what it is about
//! (a guest's sign-up, an account, an invitation), so that it is erased with that and the host
//! can see a guest's confirmation that never arrived.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_mail_delivery"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for column in [
            timestamp_with_time_zone_null("next_attempt_at"),
            timestamp_with_time_zone_null("failed_at"),
            big_integer_null("signup_id"),
            big_integer_null("user_id"),
            big_integer_null("invitation_id"),
        ] {
            m.alter_table(Table::alter().table("outbox").add_column(column).to_owned()).await?;
        }
        // Mail the old worker gave up on (5 attempts) is failed, not tried again months later.
        m.get_connection()
            .execute_unprepared("UPDATE outbox SET failed_at = created_at WHERE sent_at IS NULL AND attempts >= 5")
            .await?;
        for (name, columns) in [
            ("outbox_signup", &["signup_id"][..]),
            ("outbox_user", &["user_id"]),
            ("outbox_invitation", &["invitation_id"]),
            ("outbox_failed", &["failed_at"]),
        ] {
            let mut index = Index::create().name(name).table(Alias::new("outbox")).to_owned();
            for c in columns {
                index.col(Alias::new(*c));
            }
            m.create_index(index).await?;
        }
        Ok(())
    }
}
