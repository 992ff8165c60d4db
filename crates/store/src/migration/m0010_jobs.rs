//! Background jobs: long work (a calendar import) queued by a request and done by whichever
//! server process claims it, with progress, a resumable cursor and the result.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_jobs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("background_jobs")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                // JSON: what to do (for an import: organisation, campaign, window)
                .col(text("payload"))
                // the uploaded file, kept until the job is finished
                .col(blob_null("input"))
                .col(string("status"))
                .col(big_integer("progress_done"))
                .col(big_integer("progress_total"))
                // where a resumed job goes on from; committed with each batch of work
                .col(big_integer("cursor"))
                // JSON: the result so far, complete when the job is done
                .col(text("result"))
                .col(text_null("error"))
                .col(string_null("claimed_by"))
                .col(timestamp_with_time_zone_null("claimed_at"))
                .col(integer("attempts"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("background_jobs", "created_by")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("background_jobs_status").table("background_jobs").col("status").col("id").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("background_jobs").to_owned()).await
    }
}
