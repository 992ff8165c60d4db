//! The common agenda's goal hierarchy and strategic tracks.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_agenda"
    }
}

fn fk(
    table: &'static str,
    column: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(to, "id").on_delete(on_delete).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table("goals")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(big_integer_null("parent_id"))
                .col(string("level"))
                .col(string("title"))
                .col(text("description"))
                .col(date_null("starts_on"))
                .col(date_null("ends_on"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("goals", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("goals", "parent_id", "goals", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("tracks")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(string("title"))
                .col(text("description"))
                .col(big_integer_null("lead_organisation_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("tracks", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("tracks", "lead_organisation_id", "organisations", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("goals_initiative").table("goals").col("initiative_id").to_owned()).await?;
        m.create_index(Index::create().name("tracks_initiative").table("tracks").col("initiative_id").to_owned())
            .await?;
        Ok(())
    }
}
