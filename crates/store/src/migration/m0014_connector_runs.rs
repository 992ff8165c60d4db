//! A connector's last run keeps its counts (values imported, unchanged) for its page, and an
//! indicator has one connector at most, now enforced by the database.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_connector_runs"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement
        for column in ["last_imported", "last_unchanged"] {
            m.alter_table(Table::alter().table("indicator_connectors").add_column(big_integer_null(column)).to_owned())
                .await?;
        }
        // a second connector of one indicator was never read (the first by id was): it goes
        m.get_connection()
            .execute_unprepared(
                "DELETE FROM indicator_connectors WHERE id NOT IN \
                 (SELECT MIN(id) FROM indicator_connectors GROUP BY indicator_id)",
            )
            .await?;
        m.drop_index(Index::drop().name("indicator_connectors_indicator").table("indicator_connectors").to_owned())
            .await?;
        m.create_index(
            Index::create()
                .name("indicator_connectors_indicator")
                .table("indicator_connectors")
                .col("indicator_id")
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("indicator_connectors_indicator").table("indicator_connectors").to_owned())
            .await?;
        m.create_index(
            Index::create()
                .name("indicator_connectors_indicator")
                .table("indicator_connectors")
                .col("indicator_id")
                .to_owned(),
        )
        .await?;
        for column in ["last_imported", "last_unchanged"] {
            m.alter_table(Table::alter().table("indicator_connectors").drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}
