//! The action plan: activities with their tracks, goals and partners; commitments of
//! resources to an activity or a goal; and what was delivered.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_activities"
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

/// A link table between an activity and `other` (tracks, goals, organisations).
fn link(table: &'static str, column: &'static str, to: &'static str) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(big_integer("activity_id"))
        .col(big_integer(column))
        .primary_key(Index::create().col("activity_id").col(column))
        .foreign_key(&mut fk(table, "activity_id", "activities", ForeignKeyAction::Cascade))
        .foreign_key(&mut fk(table, column, to, ForeignKeyAction::Cascade))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table("activities")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(string("title"))
                .col(text("description"))
                // lower-cased title, description and target group: see `text::search_key`
                .col(text("search_text"))
                .col(big_integer_null("lead_organisation_id"))
                .col(string("target_group"))
                .col(string_null("municipality_code"))
                .col(string("address"))
                .col(date_null("starts_on"))
                .col(date_null("ends_on"))
                .col(string("status"))
                .col(text("stop_reason"))
                // proposed by a member and not yet accepted by backbone staff
                .col(boolean("proposed"))
                .col(big_integer_null("participants_reached"))
                .col(text("helped"))
                .col(text("hindered"))
                .col(integer_null("satisfaction"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("activities", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("activities", "lead_organisation_id", "organisations", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_table(link("activity_tracks", "track_id", "tracks")).await?;
        m.create_table(link("activity_goals", "goal_id", "goals")).await?;
        m.create_table(link("activity_partners", "organisation_id", "organisations")).await?;
        m.create_table(
            Table::create()
                .table("commitments")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(big_integer("organisation_id"))
                .col(big_integer_null("activity_id"))
                .col(big_integer_null("goal_id"))
                .col(string("kind"))
                .col(double("amount"))
                .col(string("unit"))
                .col(text("description"))
                .col(date_null("starts_on"))
                .col(date_null("ends_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("commitments", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("commitments", "organisation_id", "organisations", Cascade))
                .foreign_key(&mut fk("commitments", "activity_id", "activities", Cascade))
                .foreign_key(&mut fk("commitments", "goal_id", "goals", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("deliveries")
                .col(big_pk_auto("id"))
                .col(big_integer("commitment_id"))
                .col(string("description"))
                .col(double("amount"))
                .col(date("delivered_on"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("deliveries", "commitment_id", "commitments", Cascade))
                .to_owned(),
        )
        .await?;
        for (name, table, column) in [
            ("activities_initiative", "activities", "initiative_id"),
            ("commitments_initiative", "commitments", "initiative_id"),
            ("commitments_activity", "commitments", "activity_id"),
            ("deliveries_commitment", "deliveries", "commitment_id"),
            // the goal and partner filters look links up from the other side
            ("activity_goals_goal", "activity_goals", "goal_id"),
            ("activity_tracks_track", "activity_tracks", "track_id"),
            ("activity_partners_organisation", "activity_partners", "organisation_id"),
        ] {
            m.create_index(Index::create().name(name).table(table).col(column).to_owned()).await?;
        }
        Ok(())
    }
}
