//! Surveys: the questionnaire with every version kept, its waves, the groups that answer a
//! wave by a short code, the responses, and the options each response chose (for counting).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_surveys"
    }
}

fn fk(table: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, column).to(to, "id").on_delete(ForeignKeyAction::Cascade).to_owned()
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
        m.create_table(
            Table::create()
                .table("surveys")
                .col(big_pk_auto("id"))
                .col(big_integer("initiative_id"))
                .col(string("title"))
                .col(text("description"))
                .col(boolean("panel"))
                // the current questionnaire: JSON of the validated plan, as `SurveyInput`
                .col(text("questions"))
                .col(integer("version"))
                // hex of 32 random bytes: the key of the panel code words' HMAC; never shown
                .col(string("panel_secret"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("surveys", "initiative_id", "initiatives"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("survey_versions")
                .col(big_integer("survey_id"))
                .col(integer("version"))
                .col(text("questions"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("survey_id").col("version"))
                .foreign_key(&mut fk("survey_versions", "survey_id", "surveys"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("survey_waves")
                .col(big_pk_auto("id"))
                .col(big_integer("survey_id"))
                .col(string("name"))
                .col(boolean("baseline"))
                // `open` or `closed` (`domain::survey::WaveStatus`)
                .col(string("status"))
                .col(timestamp_with_time_zone("opened_at"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .foreign_key(&mut fk("survey_waves", "survey_id", "surveys"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("survey_groups")
                .col(big_pk_auto("id"))
                .col(big_integer("wave_id"))
                .col(string("name"))
                // `domain::survey::group_code`, unique over all surveys
                .col(string("code"))
                .foreign_key(&mut fk("survey_groups", "wave_id", "survey_waves"))
                .to_owned(),
        )
        .await?;
        // A response holds NO user, NO IP address, NO user agent and NO time finer than the day:
        // children answer, and anonymity must hold against the backbone and a database dump
        // (issue 12). `panel_key` is the HMAC-SHA256 of the respondent's code word with the
        // survey's secret, never the code word.
        m.create_table(
            Table::create()
                .table("survey_responses")
                .col(big_pk_auto("id"))
                .col(big_integer("wave_id"))
                .col(big_integer("group_id"))
                .col(date("answered_on"))
                .col(integer("version"))
                .col(string_null("panel_key"))
                // question key → answer, as `stored_answers` writes them
                .col(text("answers"))
                .foreign_key(&mut fk("survey_responses", "wave_id", "survey_waves"))
                .foreign_key(&mut fk("survey_responses", "group_id", "survey_groups"))
                .to_owned(),
        )
        .await?;
        // One row per option a response chose (single, likert, multi), so results are counted
        // by grouped SQL on both backends instead of by reading every response's JSON.
        m.create_table(
            Table::create()
                .table("survey_choices")
                .col(big_integer("response_id"))
                .col(big_integer("wave_id"))
                .col(big_integer("group_id"))
                .col(string("question"))
                .col(integer("option"))
                .primary_key(Index::create().col("response_id").col("question").col("option"))
                .foreign_key(&mut fk("survey_choices", "response_id", "survey_responses"))
                .to_owned(),
        )
        .await?;
        for statement in [
            index("surveys_initiative", "surveys", &["initiative_id"], false),
            index("survey_waves_survey", "survey_waves", &["survey_id"], false),
            index("survey_groups_wave", "survey_groups", &["wave_id"], false),
            index("survey_groups_code", "survey_groups", &["code"], true),
            index("survey_responses_wave", "survey_responses", &["wave_id", "group_id"], false),
            index("survey_choices_wave", "survey_choices", &["wave_id", "question", "option", "group_id"], false),
        ] {
            m.create_index(statement).await?;
        }
        Ok(())
    }
}
