//! Campaigns, meals with their relay line and sign-ups (Danmark spiser sammen), and mail
//! attachments.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_meals"
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

fn index(table: &'static str, name: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for c in columns {
        index.col(*c);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table("campaigns")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(string("name"))
                .col(integer("year"))
                .col(integer("iso_week"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(text("themes"))
                .col(integer("target_meals"))
                .col(integer("target_member_meals"))
                .col(integer("target_flagships"))
                .col(integer("target_flagship_guests"))
                .col(integer("target_guests"))
                .col(integer("target_rural_municipalities"))
                .col(integer("target_urban_municipalities"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("campaigns", "initiative_id", "initiatives", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("meals")
                .col(big_pk_auto("id"))
                .col(big_integer_null("campaign_id"))
                .col(big_integer_null("host_user_id"))
                .col(big_integer_null("organisation_id"))
                .col(string("title"))
                .col(string("title_search"))
                .col(text("description"))
                .col(string("address"))
                .col(double("lat"))
                .col(double("lon"))
                .col(string_len("municipality_code", 4))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(integer("capacity"))
                .col(integer("seats_taken").default(0))
                .col(string("join_mode"))
                .col(string_null("external_url"))
                .col(string("themes"))
                .col(text("accessibility"))
                .col(integer_null("price_ore"))
                .col(string("language"))
                .col(string_len_uniq("baton_code", 6))
                .col(big_integer_null("parent_id"))
                .col(big_integer("root_id"))
                .col(integer("generation"))
                .col(boolean("is_flagship").default(false))
                .col(string("status"))
                .col(integer("reports").default(0))
                .col(string_null("external_uid"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("meals", "campaign_id", "campaigns", SetNull))
                .foreign_key(&mut fk("meals", "host_user_id", "users", SetNull))
                .foreign_key(&mut fk("meals", "organisation_id", "organisations", SetNull))
                .foreign_key(&mut fk("meals", "parent_id", "meals", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("signups")
                .col(big_pk_auto("id"))
                .col(big_integer("meal_id"))
                .col(string_null("name"))
                .col(string_null("email"))
                .col(integer("party_size"))
                .col(text_null("note"))
                .col(string("status"))
                .col(string_uniq("cancel_token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(timestamp_with_time_zone_null("erased_at"))
                .foreign_key(&mut fk("signups", "meal_id", "meals", Cascade))
                .to_owned(),
        )
        .await?;
        // Mail can carry one attachment (a meal's .ics for its guests).
        m.alter_table(Table::alter().table("outbox").add_column(string_null("attachment_name")).to_owned()).await?;
        m.alter_table(Table::alter().table("outbox").add_column(string_null("attachment_type")).to_owned()).await?;
        m.alter_table(Table::alter().table("outbox").add_column(text_null("attachment")).to_owned()).await?;
        for index in [
            index("meals", "meals_starts_at", &["starts_at"]),
            index("meals", "meals_lat_lon", &["lat", "lon"]),
            index("meals", "meals_parent", &["parent_id"]),
            index("meals", "meals_root", &["root_id"]),
            index("meals", "meals_campaign", &["campaign_id", "starts_at"]),
            index("meals", "meals_external_uid", &["organisation_id", "external_uid"]),
            index("signups", "signups_meal", &["meal_id", "status", "id"]),
            index("campaigns", "campaigns_initiative", &["initiative_id"]),
        ] {
            m.create_index(index).await?;
        }
        Ok(())
    }
}
