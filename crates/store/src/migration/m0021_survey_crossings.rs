//! A wave's answers kept summed by the answer to each single-choice or scale question (see
//! `rygrad_domain::survey::Crossings`): per such answer the count of every option chosen beside
//! it in `survey_crossed_counts`, and the count, sum and sum of squares of every number in
//! `survey_crossed_sums`, written with each response as `survey_counts` are. Results grouped by
//! an answer read these few thousand rows instead of joining 1.1 million chosen options and
//! parsing 100,000 answers (a second on SQLite: `bench/surveys.sh`). Existing answers are
//! summed here, once.

use crate::indicator_values::statement;
use crate::surveys::CrossedSums;
use rygrad_domain::survey::{Answer, QuestionKind};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use std::collections::BTreeMap;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0021_survey_crossings"
    }
}

/// A stored questionnaire's questions: key → kind.
fn kinds(questions: &str) -> BTreeMap<String, QuestionKind> {
    let questions: Vec<Value> = serde_json::from_str::<Value>(questions)
        .ok()
        .and_then(|v| v.get("questions").and_then(Value::as_array).cloned())
        .unwrap_or_default();
    questions
        .iter()
        .filter_map(|q| {
            let key = q.get("key").and_then(Value::as_str)?;
            Some((key.to_owned(), QuestionKind::of_code(q.get("kind").and_then(Value::as_str)?)))
        })
        .collect()
}

fn wave_table(name: &'static str, by: &[&'static str]) -> TableCreateStatement {
    let mut table = Table::create();
    table.table(name).col(big_integer("wave_id")).col(string("by_question")).col(integer("by_option"));
    table.col(string("question"));
    let mut key = Index::create();
    key.col("wave_id").col("by_question").col("by_option").col("question");
    for column in by {
        table.col(integer(*column));
        key.col(*column);
    }
    table.primary_key(&mut key).foreign_key(
        ForeignKey::create().from(name, "wave_id").to("survey_waves", "id").on_delete(ForeignKeyAction::Cascade),
    );
    table.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(wave_table("survey_crossed_counts", &["option"]).col(big_integer("n")).to_owned()).await?;
        m.create_table(
            wave_table("survey_crossed_sums", &[])
                .col(big_integer("n"))
                .col(double("value_sum"))
                .col(double("square_sum"))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let surveys = db.query_all_raw(Statement::from_string(backend, "SELECT id, questions FROM surveys")).await?;
        for survey in surveys {
            let kinds = kinds(&survey.try_get_by_index::<String>(1)?);
            let sql = "SELECT r.wave_id, r.answers FROM survey_responses r \
                       JOIN survey_waves w ON w.id = r.wave_id WHERE w.survey_id = ?";
            let id = survey.try_get_by_index::<i64>(0)?;
            let mut by_wave: BTreeMap<i64, CrossedSums> = BTreeMap::new();
            for response in db.query_all_raw(statement(backend, sql, vec![id.into()])).await? {
                let stored: BTreeMap<String, Value> = serde_json::from_str(&response.try_get_by_index::<String>(1)?)
                    .map_err(|_| DbErr::Custom("stored survey answers cannot be read".into()))?;
                let answers: BTreeMap<String, Answer> = stored
                    .iter()
                    .filter_map(|(key, value)| Some((key.clone(), Answer::from_stored(*kinds.get(key)?, value)?)))
                    .collect();
                by_wave.entry(response.try_get_by_index::<i64>(0)?).or_default().add(&answers);
            }
            for (wave, sums) in by_wave {
                sums.write(db, wave).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("survey_crossed_sums").to_owned()).await?;
        m.drop_table(Table::drop().table("survey_crossed_counts").to_owned()).await
    }
}
