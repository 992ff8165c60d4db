//! A wave's number answers kept summed: per group and number question the count, sum and sum
//! of squares in `survey_number_sums`, written with each response as `survey_counts` are. The
//! means and their intervals by group come from these few rows instead of every stored answer
//! (100,000 JSON documents read and parsed for each results page: `bench/surveys.sh`). Existing
//! answers are summed here, once.

use crate::indicator_values::statement;
use rygrad_domain::survey_stats::NumberSums;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use std::collections::BTreeMap;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0019_survey_number_sums"
    }
}

/// The keys of a stored questionnaire's number questions.
fn number_questions(questions: &str) -> Vec<String> {
    let questions: Vec<Value> = serde_json::from_str::<Value>(questions)
        .ok()
        .and_then(|v| v.get("questions").and_then(Value::as_array).cloned())
        .unwrap_or_default();
    questions
        .iter()
        .filter(|q| q.get("kind").and_then(Value::as_str) == Some("number"))
        .filter_map(|q| q.get("key").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("survey_number_sums")
                .col(big_integer("wave_id"))
                .col(big_integer("group_id"))
                .col(string("question"))
                .col(big_integer("n"))
                .col(double("value_sum"))
                .col(double("square_sum"))
                .primary_key(Index::create().col("wave_id").col("group_id").col("question"))
                .foreign_key(
                    ForeignKey::create()
                        .from("survey_number_sums", "wave_id")
                        .to("survey_waves", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("survey_number_sums", "group_id")
                        .to("survey_groups", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let surveys = db.query_all_raw(Statement::from_string(backend, "SELECT id, questions FROM surveys")).await?;
        for survey in surveys {
            let keys = number_questions(&survey.try_get_by_index::<String>(1)?);
            if keys.is_empty() {
                continue;
            }
            let sql = "SELECT r.wave_id, r.group_id, r.answers FROM survey_responses r \
                       JOIN survey_waves w ON w.id = r.wave_id WHERE w.survey_id = ?";
            let id = survey.try_get_by_index::<i64>(0)?;
            let mut sums: BTreeMap<(i64, i64, &str), NumberSums> = BTreeMap::new();
            for response in db.query_all_raw(statement(backend, sql, vec![id.into()])).await? {
                let answers: Value = serde_json::from_str(&response.try_get_by_index::<String>(2)?)
                    .map_err(|_| DbErr::Custom("stored survey answers cannot be read".into()))?;
                let (wave, group) = (response.try_get_by_index::<i64>(0)?, response.try_get_by_index::<i64>(1)?);
                for key in &keys {
                    if let Some(x) = answers.get(key).and_then(Value::as_f64) {
                        let kept = sums.entry((wave, group, key.as_str())).or_default();
                        *kept = *kept + NumberSums::of(&[x]);
                    }
                }
            }
            let sums: Vec<_> = sums.into_iter().collect();
            for chunk in sums.chunks(500) {
                let rows = vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
                let sql = format!(
                    "INSERT INTO survey_number_sums (wave_id, group_id, question, n, value_sum, square_sum) VALUES {rows}"
                );
                let values = chunk
                    .iter()
                    .flat_map(|&((wave, group, key), s)| {
                        [wave.into(), group.into(), key.into(), (s.n as i64).into(), s.sum.into(), s.sum_squares.into()]
                    })
                    .collect();
                db.execute_raw(statement(backend, &sql, values)).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("survey_number_sums").to_owned()).await
    }
}
