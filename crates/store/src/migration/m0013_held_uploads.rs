//! Files held between an upload and the user's go-ahead (an import's preview): in the database
//! rather than the session, so a big file does not travel with every request of its owner.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_held_uploads"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("held_uploads")
                .col(big_pk_auto("id"))
                // what the file is for (e.g. `indicator-import`) and the record it is for
                .col(string("purpose"))
                .col(big_integer("subject_id"))
                .col(big_integer_null("user_id"))
                .col(string("name"))
                .col(blob("bytes"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("held_uploads", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("held_uploads_created").table("held_uploads").col("created_at").to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("held_uploads").to_owned()).await
    }
}
