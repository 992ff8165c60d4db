//! Login limits that cannot be turned against the account's owner: failed attempts counted per
//! account and source (`login_throttle`), browsers the owner has logged in from (`known_devices`),
//! and the account on each session, so that a password change can end the others.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_login_throttle"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("sessions").add_column(big_integer_null("user_id")).to_owned()).await?;
        // Sessions from before this migration name no account, so a password change could not
        // end them: everyone logs in once more instead.
        m.get_connection().execute_unprepared("DELETE FROM sessions").await?;
        m.create_index(Index::create().name("sessions_user").table("sessions").col("user_id").to_owned()).await?;
        m.create_table(
            Table::create()
                .table("login_throttle")
                .col(string("key").primary_key())
                .col(integer("failures"))
                .col(timestamp_with_time_zone("blocked_until"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("known_devices")
                .col(string("token_hash").primary_key())
                .col(big_integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("known_devices", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }
}
