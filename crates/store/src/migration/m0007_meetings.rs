//! The common agenda's knowledge base (sections with every revision kept, comments, support
//! marks) and the alliance's meetings with their decisions and action items.
//!
//! The knowledge base is the source of truth for the problem statement, vision and guiding
//! principles; the initiative keeps a copy of each section's current text in its own columns
//! (written in the same transaction as each revision). This migration makes each existing
//! non-empty statement the first revision of its section.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_meetings"
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

/// (section kind, the initiative column that holds its current text)
const MIRRORED: [(&str, &str); 3] =
    [("problem", "problem_statement"), ("vision", "vision"), ("principles", "guiding_principles")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        m.create_table(
            Table::create()
                .table("kb_sections")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(string("kind"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("kb_sections", "initiative_id", "initiatives", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("kb_sections_kind")
                .table("kb_sections")
                .col("initiative_id")
                .col("kind")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("kb_revisions")
                .col(big_pk_auto("id"))
                .col(big_integer("section_id"))
                .col(integer("number"))
                .col(text("body"))
                .col(text("sources"))
                .col(string("note"))
                // the author's name is read from the account, so deleting the account removes it
                .col(big_integer_null("author_user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("kb_revisions", "section_id", "kb_sections", Cascade))
                .foreign_key(&mut fk("kb_revisions", "author_user_id", "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("kb_revisions_number")
                .table("kb_revisions")
                .col("section_id")
                .col("number")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("kb_comments")
                .col(big_pk_auto("id"))
                .col(big_integer("section_id"))
                .col(big_integer("revision_id"))
                .col(big_integer_null("author_user_id"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("kb_comments", "section_id", "kb_sections", Cascade))
                .foreign_key(&mut fk("kb_comments", "revision_id", "kb_revisions", Cascade))
                .foreign_key(&mut fk("kb_comments", "author_user_id", "users", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("kb_comments_section").table("kb_comments").col("section_id").to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table("kb_supports")
                .col(big_integer("section_id"))
                .col(big_integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("section_id").col("user_id"))
                .foreign_key(&mut fk("kb_supports", "section_id", "kb_sections", Cascade))
                .foreign_key(&mut fk("kb_supports", "user_id", "users", Cascade))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("meetings")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(string("title"))
                .col(string("kind"))
                .col(string("working_group"))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(string("place"))
                .col(string_null("link"))
                .col(text("agenda"))
                .col(text("minutes"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("meetings", "initiative_id", "initiatives", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("meetings_initiative_start")
                .table("meetings")
                .col("initiative_id")
                .col("starts_at")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("meeting_participants")
                .col(big_integer("meeting_id"))
                .col(big_integer("organisation_id"))
                .primary_key(Index::create().col("meeting_id").col("organisation_id"))
                .foreign_key(&mut fk("meeting_participants", "meeting_id", "meetings", Cascade))
                .foreign_key(&mut fk("meeting_participants", "organisation_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("decisions")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(big_integer("meeting_id"))
                .col(text("text"))
                // lower-cased in Rust: SQLite's lower() does not fold Æ/Ø/Å
                .col(text("text_search"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("decisions", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("decisions", "meeting_id", "meetings", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("decisions_initiative").table("decisions").col("initiative_id").to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table("action_items")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(big_integer("meeting_id"))
                .col(string("title"))
                .col(big_integer("organisation_id"))
                .col(date("due_on"))
                .col(timestamp_with_time_zone_null("done_at"))
                .col(timestamp_with_time_zone_null("reminded_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("action_items", "initiative_id", "initiatives", Cascade))
                .foreign_key(&mut fk("action_items", "meeting_id", "meetings", Cascade))
                .foreign_key(&mut fk("action_items", "organisation_id", "organisations", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("action_items_initiative_due")
                .table("action_items")
                .col("initiative_id")
                .col("due_on")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("action_items_organisation").table("action_items").col("organisation_id").to_owned(),
        )
        .await?;

        let db = m.get_connection();
        for (kind, column) in MIRRORED {
            db.execute_unprepared(&format!(
                "INSERT INTO kb_sections (initiative_id, kind, created_at) \
                 SELECT id, '{kind}', updated_at FROM initiatives WHERE {column} <> ''"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "INSERT INTO kb_revisions (section_id, number, body, sources, note, author_user_id, created_at) \
                 SELECT s.id, 1, i.{column}, '', '', NULL, i.updated_at \
                 FROM kb_sections s JOIN initiatives i ON i.id = s.initiative_id WHERE s.kind = '{kind}'"
            ))
            .await?;
        }
        Ok(())
    }
}
