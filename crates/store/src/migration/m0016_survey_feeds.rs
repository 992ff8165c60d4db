//! A survey question feeding an indicator (one link per indicator), and the sample behind a
//! value: its 95 % interval beside the `n` values already had, kept in the history too.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_survey_feeds"
    }
}

fn fk(table: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(to, "id").on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("indicator_survey_links")
                .col(big_pk_auto("id"))
                .col(big_integer("indicator_id"))
                .col(big_integer("survey_id"))
                .col(string("question"))
                // the counted option numbers, comma-separated: `3,4`
                .col(string("options"))
                // `groups` or `wave` (`domain::survey_feed::FeedUnits`)
                .col(string("units"))
                // with `wave`: the unit's key
                .col(string_null("unit"))
                .foreign_key(&mut fk("indicator_survey_links", "indicator_id", "indicators"))
                .foreign_key(&mut fk("indicator_survey_links", "survey_id", "surveys"))
                .to_owned(),
        )
        .await?;
        for (name, column) in
            [("indicator_survey_links_indicator", "indicator_id"), ("indicator_survey_links_survey", "survey_id")]
        {
            let mut index = Index::create();
            index.name(name).table("indicator_survey_links").col(column);
            if column == "indicator_id" {
                index.unique();
            }
            m.create_index(index.to_owned()).await?;
        }
        // SQLite adds one column per statement
        for table in ["indicator_values", "indicator_value_history"] {
            for column in ["ci_low", "ci_high"] {
                m.alter_table(Table::alter().table(table).add_column(double_null(column)).to_owned()).await?;
            }
        }
        Ok(())
    }
}
