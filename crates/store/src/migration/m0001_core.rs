//! Accounts, sessions, initiatives, organisations, memberships, invitations, audit log, the mail
//! outbox, rate limits and job runs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_core"
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

fn index(table: &'static str, name: &'static str, columns: &[&'static str], unique: bool) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for c in columns {
        index.col(*c);
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
        let tables = [
            Table::create()
                .table("users")
                .col(big_pk_auto("id"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string("password_hash"))
                .col(boolean("is_admin").default(false))
                .col(timestamp_with_time_zone_null("email_confirmed_at"))
                .col(string_len("locale", 8).default("da"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
            Table::create()
                .table("sessions")
                .col(string("id").primary_key())
                .col(text("data"))
                .col(timestamp_with_time_zone("expires_at"))
                .to_owned(),
            Table::create()
                .table("email_tokens")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("purpose"))
                .col(string_uniq("token_hash"))
                .col(string_null("new_email"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("email_tokens", "user_id", "users", Cascade))
                .to_owned(),
            Table::create()
                .table("api_tokens")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string_uniq("token_hash"))
                .col(string("label"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .foreign_key(&mut fk("api_tokens", "user_id", "users", Cascade))
                .to_owned(),
            Table::create()
                .table("initiatives")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(text("problem_statement"))
                .col(text("vision"))
                .col(text("guiding_principles"))
                .col(date_null("starts_on"))
                .col(date_null("ends_on"))
                .col(boolean("is_public"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
            Table::create()
                .table("initiative_municipalities")
                .col(big_integer("initiative_id"))
                .col(string_len("municipality_code", 4))
                .primary_key(Index::create().col("initiative_id").col("municipality_code"))
                .foreign_key(&mut fk("initiative_municipalities", "initiative_id", "initiatives", Cascade))
                .to_owned(),
            Table::create()
                .table("organisations")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(string("name_search"))
                .col(string("sector"))
                .col(string_len_null("municipality_code", 4))
                .col(string_null("website"))
                .col(text("description"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
            Table::create()
                .table("memberships")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(big_integer("organisation_id"))
                .col(string("role"))
                .col(date("starts_on"))
                .col(date_null("ends_on"))
                .col(text_null("end_reason"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("memberships", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("memberships", "organisation_id", "organisations", Cascade))
                .to_owned(),
            Table::create()
                .table("initiative_roles")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(big_integer("user_id"))
                .col(string("role"))
                .col(big_integer_null("organisation_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("initiative_roles", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("initiative_roles", "user_id", "users", Cascade))
                .foreign_key(&mut fk("initiative_roles", "organisation_id", "organisations", SetNull))
                .to_owned(),
            Table::create()
                .table("invitations")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(big_integer_null("organisation_id"))
                .col(string("role"))
                .col(string("email"))
                .col(string_uniq("token_hash"))
                .col(big_integer_null("invited_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .col(big_integer_null("accepted_by"))
                .foreign_key(&mut fk("invitations", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("invitations", "organisation_id", "organisations", Cascade))
                .foreign_key(&mut fk("invitations", "invited_by", "users", SetNull))
                .foreign_key(&mut fk("invitations", "accepted_by", "users", SetNull))
                .to_owned(),
            Table::create()
                .table("audit_log")
                .col(big_pk_auto("id"))
                .col(big_integer_null("initiative_id"))
                .col(big_integer_null("actor_user_id"))
                .col(string("actor_name"))
                .col(string("action"))
                .col(string("entity"))
                .col(big_integer_null("entity_id"))
                .col(text("changes"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("audit_log", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("audit_log", "actor_user_id", "users", SetNull))
                .to_owned(),
            Table::create()
                .table("outbox")
                .col(big_pk_auto("id"))
                .col(string("to_address"))
                .col(string("subject"))
                .col(text("body_text"))
                .col(timestamp_with_time_zone("created_at"))
                .col(string_null("claimed_by"))
                .col(timestamp_with_time_zone_null("claimed_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(integer("attempts").default(0))
                .col(text_null("last_error"))
                .to_owned(),
            Table::create()
                .table("rate_limits")
                .col(string("key"))
                .col(big_integer("window_start"))
                .col(integer("hits"))
                .primary_key(Index::create().col("key").col("window_start"))
                .to_owned(),
            Table::create()
                .table("job_runs")
                .col(string("name"))
                .col(string("period"))
                .col(timestamp_with_time_zone("started_at"))
                .primary_key(Index::create().col("name").col("period"))
                .to_owned(),
        ];
        for table in tables {
            m.create_table(table).await?;
        }
        let indexes = [
            index("initiative_roles", "initiative_roles_person", &["initiative_id", "user_id"], true),
            index("initiative_roles", "initiative_roles_user", &["user_id"], false),
            index("memberships", "memberships_initiative", &["initiative_id", "starts_on"], false),
            index("memberships", "memberships_organisation", &["organisation_id"], false),
            index("audit_log", "audit_log_initiative", &["initiative_id", "id"], false),
            index("organisations", "organisations_name_search", &["name_search"], false),
            index("outbox", "outbox_unsent", &["sent_at", "id"], false),
            index("sessions", "sessions_expiry", &["expires_at"], false),
            index("email_tokens", "email_tokens_user", &["user_id"], false),
            index("invitations", "invitations_initiative", &["initiative_id"], false),
        ];
        for index in indexes {
            m.create_index(index).await?;
        }
        Ok(())
    }
}
