//! Shared measurement: indicators with their goals, baseline and targets, an initiative's own
//! units, the current values with their provenance and the history of corrected ones,
//! Statistics Denmark connectors, and the staging table of big imports.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_indicators"
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

fn index(name: &'static str, table: &'static str, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table("indicators")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(string("name"))
                // the name lower-cased: see `text::search_key`
                .col(string("name_search"))
                .col(text("definition"))
                .col(string("unit"))
                .col(string("direction"))
                .col(string("frequency"))
                .col(string("geography"))
                .col(small_integer("decimals"))
                .col(string("source"))
                // the owner, whose people enter the values
                .col(big_integer_null("organisation_id"))
                .col(string("status_rule"))
                .col(double("noise"))
                .col(boolean("public"))
                .col(string_null("baseline_period"))
                .col(double_null("baseline_value"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("indicators", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("indicators", "organisation_id", "organisations", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("indicator_goals")
                .col(big_integer("indicator_id"))
                .col(big_integer("goal_id"))
                .primary_key(Index::create().col("indicator_id").col("goal_id"))
                .foreign_key(&mut fk("indicator_goals", "indicator_id", "indicators", Cascade))
                .foreign_key(&mut fk("indicator_goals", "goal_id", "goals", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("indicator_targets")
                .col(big_integer("indicator_id"))
                .col(string("period"))
                .col(double("value"))
                .primary_key(Index::create().col("indicator_id").col("period"))
                .foreign_key(&mut fk("indicator_targets", "indicator_id", "indicators", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("indicator_units")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(string("name"))
                .col(string("name_search"))
                .foreign_key(&mut fk("indicator_units", "initiative_id", "initiatives", Cascade))
                .to_owned(),
        )
        .await?;
        // Current values. `unit` is `DK`, a region or municipality code or a custom unit's id;
        // `period` a Statistics Denmark code, which sorts in time order within a frequency.
        m.create_table(
            Table::create()
                .table("indicator_values")
                .col(big_integer("indicator_id"))
                .col(string("unit"))
                .col(string("period"))
                .col(double("value"))
                .col(big_integer_null("n"))
                .col(text("note"))
                .col(string("source"))
                .col(string("source_name"))
                .col(big_integer_null("entered_by"))
                .col(timestamp_with_time_zone("entered_at"))
                .primary_key(Index::create().col("indicator_id").col("unit").col("period"))
                .foreign_key(&mut fk("indicator_values", "indicator_id", "indicators", Cascade))
                .foreign_key(&mut fk("indicator_values", "entered_by", "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("indicator_value_history")
                .col(big_pk_auto("id"))
                .col(big_integer("indicator_id"))
                .col(string("unit"))
                .col(string("period"))
                .col(double("value"))
                .col(big_integer_null("n"))
                .col(text("note"))
                .col(string("source"))
                .col(string("source_name"))
                .col(big_integer_null("entered_by"))
                .col(timestamp_with_time_zone("entered_at"))
                .col(timestamp_with_time_zone("replaced_at"))
                .foreign_key(&mut fk("indicator_value_history", "indicator_id", "indicators", Cascade))
                .foreign_key(&mut fk("indicator_value_history", "entered_by", "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("indicator_connectors")
                .col(big_pk_auto("id"))
                .col(big_integer("indicator_id"))
                .col(string("table_code"))
                // JSON: variable → list of codes
                .col(text("filter"))
                .col(string("refresh"))
                .col(timestamp_with_time_zone_null("last_run_at"))
                .col(string_null("last_status"))
                .col(text_null("last_message"))
                .foreign_key(&mut fk("indicator_connectors", "indicator_id", "indicators", Cascade))
                .to_owned(),
        )
        .await?;
        // A big import's parsed rows, staged batch by batch with the job's progress and merged
        // into `indicator_values` in one final transaction.
        m.create_table(
            Table::create()
                .table("indicator_import_rows")
                .col(big_integer("job_id"))
                .col(big_integer("line"))
                .col(string("unit"))
                .col(string("period"))
                .col(double("value"))
                .col(text("note"))
                .primary_key(Index::create().col("job_id").col("unit").col("period"))
                .foreign_key(&mut fk("indicator_import_rows", "job_id", "background_jobs", Cascade))
                .to_owned(),
        )
        .await?;
        for statement in [
            index("indicators_initiative", "indicators", &["initiative_id"], false),
            index("indicator_goals_goal", "indicator_goals", &["goal_id"], false),
            index("indicator_units_name", "indicator_units", &["initiative_id", "name_search"], true),
            // the map: every unit's value for one period
            index("indicator_values_period", "indicator_values", &["indicator_id", "period"], false),
            // the dashboard: what came in since a date
            index("indicator_values_entered", "indicator_values", &["indicator_id", "entered_at"], false),
            index(
                "indicator_value_history_value",
                "indicator_value_history",
                &["indicator_id", "unit", "period"],
                false,
            ),
            index("indicator_connectors_indicator", "indicator_connectors", &["indicator_id"], false),
        ] {
            m.create_index(statement).await?;
        }
        Ok(())
    }
}
