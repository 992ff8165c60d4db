//! Surveys: the questionnaire (every version kept), its waves and the groups that answer a
//! wave by a short code, the anonymous responses, and the counts results are built from.
//!
//! A response is stored with no user, address, user agent or time finer than the day, and no
//! audit entry: the log must never say who answered, or when. Creating, changing, opening and
//! closing surveys, waves and groups is audited.

use crate::audit::{self, AuditActor, Change};
use crate::background_jobs::insert_job;
use crate::entity::{survey, survey_choice, survey_group, survey_response, survey_version, survey_wave};
use crate::indicator_values::statement;
use crate::{Result, Store, StoreError, now};
use chrono::{DateTime, NaiveDate, Utc};
use rygrad_domain::FieldErrors;
use rygrad_domain::background_job::JobKind;
use rygrad_domain::survey::{Answer, Crossings, SurveyInput, SurveyPlan, WaveStatus};
use rygrad_domain::survey_stats::NumberSums;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A survey as the backbone defined it, at its current version.
#[derive(Debug, Clone)]
pub struct Survey {
    pub id: i64,
    pub initiative_id: i64,
    pub plan: SurveyPlan,
    /// From 1; each accepted change adds one and keeps the version before.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyWave {
    pub id: i64,
    pub survey_id: i64,
    pub name: String,
    pub baseline: bool,
    pub status: WaveStatus,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyGroup {
    pub id: i64,
    pub wave_id: i64,
    pub name: String,
    pub code: String,
    /// Its answers, as counted with each (never to be shown for a suppressed group).
    pub answers: u64,
}

/// A group of an open wave, found by its code: what a respondent answers.
#[derive(Debug, Clone)]
pub struct OpenGroup {
    pub group_id: i64,
    pub wave_id: i64,
    pub survey: Survey,
    /// The key of the panel code words' HMAC (32 bytes).
    pub panel_secret: Vec<u8>,
}

/// A wave's answers counted by a grouping: respondents per group, and per group, question and
/// option how many chose it. Groups are keyed by group id, or by option number when grouped
/// by a question's answer (0: did not answer it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveyCounts {
    pub total: u64,
    pub respondents: BTreeMap<i64, u64>,
    /// (group, question, option) → count.
    pub cells: BTreeMap<(i64, String, u32), u64>,
}

/// One stored response, for the export and the figures counts cannot give (numbers' means,
/// panel pairs).
#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub wave_id: i64,
    pub group_id: i64,
    /// The panel code word's keyed hash, in a panel survey.
    pub panel_key: Option<String>,
    /// Question key → the answer as sent (see `Answer::to_json`).
    pub answers: BTreeMap<String, Value>,
}

impl TryFrom<survey_response::Model> for StoredResponse {
    type Error = StoreError;

    fn try_from(r: survey_response::Model) -> Result<Self> {
        let answers = serde_json::from_str(&r.answers).map_err(|_| corrupt("answers"))?;
        Ok(StoredResponse { wave_id: r.wave_id, group_id: r.group_id, panel_key: r.panel_key, answers })
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("stored survey {what} cannot be read")))
}

fn plan_json(plan: &SurveyPlan) -> String {
    serde_json::to_string(&plan.to_input()).unwrap_or_default()
}

fn read_plan(questions: &str) -> Result<SurveyPlan> {
    let input: SurveyInput = serde_json::from_str(questions).map_err(|_| corrupt("questions"))?;
    input.validate().map_err(|_| corrupt("questions"))
}

impl TryFrom<survey::Model> for Survey {
    type Error = StoreError;

    fn try_from(r: survey::Model) -> Result<Self> {
        Ok(Survey {
            id: r.id,
            initiative_id: r.initiative_id,
            plan: read_plan(&r.questions)?,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

impl From<survey_wave::Model> for SurveyWave {
    fn from(w: survey_wave::Model) -> Self {
        SurveyWave {
            id: w.id,
            survey_id: w.survey_id,
            name: w.name,
            baseline: w.baseline,
            status: WaveStatus::of_code(&w.status),
            opened_at: w.opened_at,
            closed_at: w.closed_at,
        }
    }
}

impl From<survey_group::Model> for SurveyGroup {
    fn from(g: survey_group::Model) -> Self {
        SurveyGroup { id: g.id, wave_id: g.wave_id, name: g.name, code: g.code, answers: count(g.responses) }
    }
}

/// What the log records of a survey: its title and questions' keys, never answers.
fn audit_view(plan: &SurveyPlan) -> Value {
    json!({
        "title": plan.title,
        "panel": plan.panel,
        "questions": plan.questions.iter().map(|q| q.key.as_str()).collect::<Vec<_>>(),
    })
}

async fn initiative_of_wave(db: &impl ConnectionTrait, wave_id: i64) -> Result<(survey_wave::Model, i64)> {
    let wave = survey_wave::Entity::find_by_id(wave_id).one(db).await?.ok_or(StoreError::NotFound)?;
    let survey = survey::Entity::find_by_id(wave.survey_id).one(db).await?.ok_or(StoreError::NotFound)?;
    Ok((wave, survey.initiative_id))
}

/// The keys of the questions that have answers in any wave of the survey.
async fn answered_questions(db: &impl ConnectionTrait, survey_id: i64) -> Result<BTreeSet<String>> {
    let sql = "SELECT DISTINCT c.question FROM survey_choices c JOIN survey_waves w ON w.id = c.wave_id \
               WHERE w.survey_id = ?";
    let rows = db.query_all_raw(statement(db.get_database_backend(), sql, vec![survey_id.into()])).await?;
    rows.iter().map(|r| r.try_get_by_index::<String>(0).map_err(StoreError::from)).collect()
}

/// Sets a wave's status with its audit entry on `txn`; whether it changed.
async fn change_wave_status(
    txn: &impl ConnectionTrait,
    id: i64,
    status: WaveStatus,
    by: &AuditActor,
) -> Result<(SurveyWave, bool)> {
    let (wave, initiative_id) = initiative_of_wave(txn, id).await?;
    if wave.status == status.code() {
        return Ok((wave.into(), false));
    }
    let mut row = wave.into_active_model();
    row.status = Set(status.code().into());
    match status {
        WaveStatus::Open => {
            row.opened_at = Set(now());
            row.closed_at = Set(None);
        }
        WaveStatus::Closed => row.closed_at = Set(Some(now())),
    }
    let row = row.update(txn).await?;
    let action = match status {
        WaveStatus::Open => "open",
        WaveStatus::Closed => "close",
    };
    audit::record(txn, by, Change::of(initiative_id, action, "survey_wave", id, json!({"name": row.name}))).await?;
    Ok((row.into(), true))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// Creates a survey at version 1; `panel_secret` (32 random bytes) keys its panel codes.
    pub async fn create_survey(
        &self,
        initiative_id: i64,
        plan: &SurveyPlan,
        panel_secret: &[u8],
        by: &AuditActor,
    ) -> Result<Survey> {
        let txn = self.write().await?;
        let questions = plan_json(plan);
        let at = now();
        let row = survey::ActiveModel {
            initiative_id: Set(initiative_id),
            title: Set(plan.title.clone()),
            description: Set(plan.description.clone()),
            panel: Set(plan.panel),
            questions: Set(questions.clone()),
            version: Set(1),
            panel_secret: Set(hex(panel_secret)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        survey_version::ActiveModel {
            survey_id: Set(row.id),
            version: Set(1),
            questions: Set(questions),
            created_at: Set(at),
        }
        .insert(&txn)
        .await?;
        audit::record(&txn, by, Change::of(initiative_id, "create", "survey", row.id, audit_view(plan))).await?;
        txn.commit().await?;
        Survey::try_from(row)
    }

    /// Changes a survey as a new version, the old one kept. Refused with the field errors of
    /// `SurveyPlan::check_change` when questions with answers would go or change kind.
    pub async fn update_survey(
        &self,
        id: i64,
        plan: &SurveyPlan,
        by: &AuditActor,
    ) -> Result<std::result::Result<Survey, FieldErrors>> {
        let txn = self.write().await?;
        let old = survey::Entity::find_by_id(id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let before = read_plan(&old.questions)?;
        if before == *plan {
            return Ok(Ok(Survey::try_from(old)?));
        }
        if let Err(errors) = before.check_change(plan, &answered_questions(&txn, id).await?) {
            return Ok(Err(errors));
        }
        let changes = audit::diff(&audit_view(&before), &audit_view(plan));
        let (initiative_id, version) = (old.initiative_id, old.version + 1);
        let questions = plan_json(plan);
        let mut row = old.into_active_model();
        row.title = Set(plan.title.clone());
        row.description = Set(plan.description.clone());
        row.panel = Set(plan.panel);
        row.questions = Set(questions.clone());
        row.version = Set(version);
        row.updated_at = Set(now());
        let row = row.update(&txn).await?;
        survey_version::ActiveModel {
            survey_id: Set(id),
            version: Set(version),
            questions: Set(questions),
            created_at: Set(now()),
        }
        .insert(&txn)
        .await?;
        audit::record(&txn, by, Change::of(initiative_id, "update", "survey", id, changes)).await?;
        txn.commit().await?;
        Ok(Ok(Survey::try_from(row)?))
    }

    pub async fn survey(&self, id: i64) -> Result<Option<Survey>> {
        survey::Entity::find_by_id(id).one(&self.db).await?.map(Survey::try_from).transpose()
    }

    /// An initiative's surveys, the oldest first.
    pub async fn surveys_of(&self, initiative_id: i64) -> Result<Vec<Survey>> {
        survey::Entity::find()
            .filter(survey::Column::InitiativeId.eq(initiative_id))
            .order_by_asc(survey::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(Survey::try_from)
            .collect()
    }

    /// Opens a new wave of a survey.
    pub async fn create_survey_wave(
        &self,
        survey_id: i64,
        name: &str,
        baseline: bool,
        by: &AuditActor,
    ) -> Result<SurveyWave> {
        let txn = self.write().await?;
        let survey = survey::Entity::find_by_id(survey_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let row = audit::insert_recorded(
            &txn,
            survey_wave::ActiveModel {
                survey_id: Set(survey_id),
                name: Set(name.to_owned()),
                baseline: Set(baseline),
                status: Set(WaveStatus::Open.code().into()),
                opened_at: Set(now()),
                closed_at: Set(None),
                ..Default::default()
            },
            by,
            |row| {
                let changes = json!({"survey_id": survey_id, "name": row.name, "baseline": baseline});
                Change::of(survey.initiative_id, "create", "survey_wave", row.id, changes)
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Opens or closes a wave; a closed wave takes no answers.
    pub async fn set_survey_wave_status(&self, id: i64, status: WaveStatus, by: &AuditActor) -> Result<SurveyWave> {
        let txn = self.write().await?;
        let (wave, _) = change_wave_status(&txn, id, status, by).await?;
        txn.commit().await?;
        Ok(wave)
    }

    /// Closes a wave and, in the same transaction, queues the job that refreshes the
    /// indicators its survey feeds (`payload` is the job's), so the one is never committed
    /// without the other. The job's id, or none when the wave was closed already.
    pub async fn close_survey_wave(
        &self,
        id: i64,
        payload: &str,
        by: &AuditActor,
    ) -> Result<(SurveyWave, Option<i64>)> {
        let txn = self.write().await?;
        let (wave, changed) = change_wave_status(&txn, id, WaveStatus::Closed, by).await?;
        let job = if changed {
            Some(insert_job(&txn, JobKind::SurveyFeedRefresh, payload, None, by.user_id).await?)
        } else {
            None
        };
        txn.commit().await?;
        Ok((wave, job))
    }

    pub async fn survey_wave(&self, id: i64) -> Result<Option<SurveyWave>> {
        Ok(survey_wave::Entity::find_by_id(id).one(&self.db).await?.map(SurveyWave::from))
    }

    /// A survey's waves, the first first.
    pub async fn survey_waves_of(&self, survey_id: i64) -> Result<Vec<SurveyWave>> {
        Ok(survey_wave::Entity::find()
            .filter(survey_wave::Column::SurveyId.eq(survey_id))
            .order_by_asc(survey_wave::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(SurveyWave::from)
            .collect())
    }

    /// Adds a group to a wave with a code from `new_code`, drawing again while the code is
    /// taken (a clash is one in hundreds of millions; ten tries fail only on a broken source).
    pub async fn create_survey_group(
        &self,
        wave_id: i64,
        name: &str,
        mut new_code: impl FnMut() -> String,
        by: &AuditActor,
    ) -> Result<SurveyGroup> {
        for _ in 0..10 {
            let txn = self.write().await?;
            let (_, initiative_id) = initiative_of_wave(&txn, wave_id).await?;
            let row = survey_group::ActiveModel {
                wave_id: Set(wave_id),
                name: Set(name.to_owned()),
                code: Set(new_code()),
                ..Default::default()
            };
            let inserted = audit::insert_recorded(&txn, row, by, |row| {
                let changes = json!({"wave_id": wave_id, "name": row.name});
                Change::of(initiative_id, "create", "survey_group", row.id, changes)
            })
            .await
            .map_err(|e| e.or_taken("code"));
            match inserted {
                Ok(row) => {
                    txn.commit().await?;
                    return Ok(row.into());
                }
                Err(StoreError::Taken(_)) => txn.rollback().await?,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Taken("code"))
    }

    /// A wave's groups, by name.
    pub async fn survey_groups_of(&self, wave_id: i64) -> Result<Vec<SurveyGroup>> {
        Ok(survey_group::Entity::find()
            .filter(survey_group::Column::WaveId.eq(wave_id))
            .order_by_asc(survey_group::Column::Name)
            .order_by_asc(survey_group::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(SurveyGroup::from)
            .collect())
    }

    /// The group with `code` if its wave is open.
    pub async fn open_survey_group(&self, code: &str) -> Result<Option<OpenGroup>> {
        let Some(group) =
            survey_group::Entity::find().filter(survey_group::Column::Code.eq(code)).one(&self.db).await?
        else {
            return Ok(None);
        };
        let wave = survey_wave::Entity::find_by_id(group.wave_id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        if wave.status != WaveStatus::Open.code() {
            return Ok(None);
        }
        let row = survey::Entity::find_by_id(wave.survey_id).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let panel_secret = unhex(&row.panel_secret).ok_or_else(|| corrupt("secret"))?;
        Ok(Some(OpenGroup { group_id: group.id, wave_id: wave.id, survey: Survey::try_from(row)?, panel_secret }))
    }

    /// Stores a checked response to `group` with the options it chose, in one transaction and
    /// without an audit entry. `NotFound` when the wave was closed meanwhile.
    pub async fn store_survey_response(
        &self,
        group: &OpenGroup,
        answered_on: NaiveDate,
        panel_key: Option<String>,
        answers: &BTreeMap<String, Answer>,
    ) -> Result<i64> {
        let ids = self.store_survey_responses(group, answered_on, [(panel_key, answers)]).await?;
        Ok(ids[0])
    }

    /// Stores checked responses to `group` (each its panel key and answers) with the options
    /// they chose, in one transaction and without an audit entry, and hands back their ids in
    /// order. As [`Store::store_survey_response`] for each, but the choices of all go in a few
    /// multi-row inserts (generated answers at scale). `NotFound` when the wave was closed.
    pub async fn store_survey_responses<'a>(
        &self,
        group: &OpenGroup,
        answered_on: NaiveDate,
        responses: impl IntoIterator<Item = (Option<String>, &'a BTreeMap<String, Answer>)>,
    ) -> Result<Vec<i64>> {
        let txn = self.write().await?;
        let open = survey_wave::Entity::find_by_id(group.wave_id)
            .one(&txn)
            .await?
            .is_some_and(|w| w.status == WaveStatus::Open.code());
        if !open {
            return Err(StoreError::NotFound);
        }
        let mut ids = Vec::new();
        // (response, question, option): a row per chosen option; option 0 marks a number or
        // text answer (for `check_change`)
        let mut choices: Vec<(i64, String, i32)> = Vec::new();
        let mut numbers: BTreeMap<String, NumberSums> = BTreeMap::new();
        let mut crossed = CrossedSums::default();
        for (panel_key, answers) in responses {
            crossed.add(answers);
            let stored: BTreeMap<&str, Value> = answers.iter().map(|(k, a)| (k.as_str(), a.to_json())).collect();
            let row = survey_response::ActiveModel {
                wave_id: Set(group.wave_id),
                group_id: Set(group.group_id),
                answered_on: Set(answered_on),
                version: Set(group.survey.version),
                panel_key: Set(panel_key),
                answers: Set(serde_json::to_string(&stored).unwrap_or_default()),
                ..Default::default()
            };
            // the id only: SQLite would read the whole row back after an `insert`
            let id = survey_response::Entity::insert(row).exec(&txn).await?.last_insert_id;
            ids.push(id);
            for (key, answer) in answers {
                if let Answer::Number(x) = answer {
                    let kept = numbers.entry(key.clone()).or_default();
                    *kept = *kept + NumberSums::of(&[*x]);
                }
                let options = answer.options();
                let options = if options.is_empty() { vec![0] } else { options };
                choices.extend(options.into_iter().map(|o| (id, key.clone(), i32::try_from(o).unwrap_or(0))));
            }
        }
        // The counts the results read, the group's row first: on PostgreSQL its lock orders the
        // responses to one group, so their upserts of the same counts never wait in a circle.
        let backend = txn.get_database_backend();
        let sql = "UPDATE survey_groups SET responses = responses + ? WHERE id = ?";
        txn.execute_raw(statement(backend, sql, vec![(ids.len() as i64).into(), group.group_id.into()])).await?;
        let mut chosen: BTreeMap<(&str, i32), i64> = BTreeMap::new();
        for (_, question, option) in choices.iter().filter(|c| c.2 > 0) {
            *chosen.entry((question.as_str(), *option)).or_default() += 1;
        }
        let rows = chosen
            .into_iter()
            .map(|((question, option), n)| {
                vec![group.wave_id.into(), group.group_id.into(), question.into(), option.into(), n.into()]
            })
            .collect();
        add_to_sums(&txn, "survey_counts", &["wave_id", "group_id", "question", "option"], &["n"], rows).await?;
        let rows = numbers
            .into_iter()
            .map(|(question, s)| {
                let mut row = vec![group.wave_id.into(), group.group_id.into(), question.into()];
                row.extend(sums_values(&s));
                row
            })
            .collect();
        add_to_sums(&txn, "survey_number_sums", &["wave_id", "group_id", "question"], &SUMS, rows).await?;
        crossed.write(&txn, group.wave_id).await?;
        // 1,000 rows of 5 values stay under both backends' limits on bound values
        for chunk in choices.chunks(1000) {
            let rows = chunk.iter().map(|(response_id, question, option)| survey_choice::ActiveModel {
                response_id: Set(*response_id),
                wave_id: Set(group.wave_id),
                group_id: Set(group.group_id),
                question: Set(question.clone()),
                option: Set(*option),
            });
            survey_choice::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        }
        txn.commit().await?;
        Ok(ids)
    }

    /// A wave's answers counted by group, as kept with each response (the groups' `responses`
    /// and `survey_counts`).
    pub async fn survey_counts_by_group(&self, wave_id: i64) -> Result<SurveyCounts> {
        let backend = self.backend();
        let mut counts = SurveyCounts::default();
        let sql = "SELECT id, responses FROM survey_groups WHERE wave_id = ? AND responses > 0";
        for r in self.db.query_all_raw(statement(backend, sql, vec![wave_id.into()])).await? {
            let n = count(r.try_get_by_index::<i64>(1)?);
            counts.respondents.insert(r.try_get_by_index::<i64>(0)?, n);
            counts.total += n;
        }
        // a row per group, its cells packed as `question option n,…` (question keys are
        // `[a-z0-9_]`): SQLite's driver hands each row to the runtime on its own, and 23,000
        // cells of 500 groups took a third of the results' time
        let concat = if backend == DbBackend::Postgres { "string_agg" } else { "group_concat" };
        let sql = format!(
            "SELECT group_id, {concat}(question || ' ' || option || ' ' || n, ',') FROM survey_counts \
             WHERE wave_id = ? GROUP BY group_id"
        );
        for r in self.db.query_all_raw(statement(backend, &sql, vec![wave_id.into()])).await? {
            let group = r.try_get_by_index::<i64>(0)?;
            for cell in r.try_get_by_index::<String>(1)?.split(',') {
                let unpacked = cell.split(' ').collect::<Vec<_>>();
                let [question, option, n] = unpacked[..] else {
                    return Err(DbErr::Type(format!("a packed survey count: {cell}")).into());
                };
                let (Ok(option), Ok(n)) = (option.parse::<u32>(), n.parse::<i64>()) else {
                    return Err(DbErr::Type(format!("a packed survey count: {cell}")).into());
                };
                counts.cells.insert((group, question.to_owned(), option), count(n));
            }
        }
        Ok(counts)
    }

    /// A wave's number answers summed by group and question, as kept with each response
    /// (`survey_number_sums`).
    pub async fn survey_number_sums_by_group(&self, wave_id: i64) -> Result<BTreeMap<(i64, String), NumberSums>> {
        let sql = "SELECT group_id, question, n, value_sum, square_sum FROM survey_number_sums WHERE wave_id = ?";
        let rows = self.db.query_all_raw(statement(self.backend(), sql, vec![wave_id.into()])).await?;
        rows.iter()
            .map(|r| {
                let sums = NumberSums {
                    n: count(r.try_get_by_index::<i64>(2)?),
                    sum: r.try_get_by_index::<f64>(3)?,
                    sum_squares: r.try_get_by_index::<f64>(4)?,
                };
                Ok(((r.try_get_by_index::<i64>(0)?, r.try_get_by_index::<String>(1)?), sums))
            })
            .collect()
    }

    /// A wave's answers counted by the option respondents chose for the single-choice or scale
    /// question `question`, as kept with each response (`survey_crossed_counts`); those who
    /// did not answer it are the group 0, the rest of the counts by group.
    pub async fn survey_counts_by_answer(&self, wave_id: i64, question: &str) -> Result<SurveyCounts> {
        let by_group = self.survey_counts_by_group(wave_id).await?;
        let mut counts = SurveyCounts { total: by_group.total, ..Default::default() };
        let mut unanswered: BTreeMap<(String, u32), u64> = BTreeMap::new();
        for ((_, q, option), n) in by_group.cells {
            *unanswered.entry((q, option)).or_default() += n;
        }
        let sql =
            "SELECT by_option, question, option, n FROM survey_crossed_counts WHERE wave_id = ? AND by_question = ?";
        for r in self.db.query_all_raw(statement(self.backend(), sql, vec![wave_id.into(), question.into()])).await? {
            let by = i64::from(r.try_get_by_index::<i32>(0)?);
            let (q, option) =
                (r.try_get_by_index::<String>(1)?, u32::try_from(r.try_get_by_index::<i32>(2)?).unwrap_or(0));
            let n = count(r.try_get_by_index::<i64>(3)?);
            if q == question && i64::from(option) == by {
                // the answer crossed with itself: how many chose it
                counts.respondents.insert(by, n);
            }
            if let Some(left) = unanswered.get_mut(&(q.clone(), option)) {
                *left = left.saturating_sub(n);
            }
            counts.cells.insert((by, q, option), n);
        }
        let answered: u64 = counts.respondents.values().sum();
        counts.respondents.insert(0, counts.total.saturating_sub(answered));
        for ((q, option), n) in unanswered {
            if n > 0 {
                counts.cells.insert((0, q, option), n);
            }
        }
        Ok(counts)
    }

    /// A wave's number answers summed by the option respondents chose for `question`, as kept
    /// with each response (`survey_crossed_sums`); those who did not answer it are the group 0.
    pub async fn survey_number_sums_by_answer(
        &self,
        wave_id: i64,
        question: &str,
    ) -> Result<BTreeMap<(i64, String), NumberSums>> {
        let mut unanswered: BTreeMap<String, NumberSums> = BTreeMap::new();
        for ((_, q), s) in self.survey_number_sums_by_group(wave_id).await? {
            let kept = unanswered.entry(q).or_default();
            *kept = *kept + s;
        }
        let sql = "SELECT by_option, question, n, value_sum, square_sum FROM survey_crossed_sums \
                   WHERE wave_id = ? AND by_question = ?";
        let mut sums = BTreeMap::new();
        for r in self.db.query_all_raw(statement(self.backend(), sql, vec![wave_id.into(), question.into()])).await? {
            let q = r.try_get_by_index::<String>(1)?;
            let s = NumberSums {
                n: count(r.try_get_by_index::<i64>(2)?),
                sum: r.try_get_by_index::<f64>(3)?,
                sum_squares: r.try_get_by_index::<f64>(4)?,
            };
            if let Some(left) = unanswered.get_mut(&q) {
                *left = *left - s;
            }
            sums.insert((i64::from(r.try_get_by_index::<i32>(0)?), q), s);
        }
        for (q, s) in unanswered {
            if s.n > 0 {
                sums.insert((0, q), s);
            }
        }
        Ok(sums)
    }

    /// Every response to a survey, wave by wave.
    pub async fn survey_responses_of(&self, survey_id: i64) -> Result<Vec<StoredResponse>> {
        let waves: Vec<i64> = self.survey_waves_of(survey_id).await?.into_iter().map(|w| w.id).collect();
        self.survey_responses_in(waves).await
    }

    /// Every response to the groups `group_ids` of the wave `wave_id`, in no particular order.
    pub async fn survey_responses_of_groups(&self, wave_id: i64, group_ids: &[i64]) -> Result<Vec<StoredResponse>> {
        let mut responses = Vec::new();
        for chunk in group_ids.chunks(1000) {
            let rows = survey_response::Entity::find()
                .filter(survey_response::Column::WaveId.eq(wave_id))
                .filter(survey_response::Column::GroupId.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?;
            for row in rows {
                responses.push(StoredResponse::try_from(row)?);
            }
        }
        Ok(responses)
    }

    async fn survey_responses_in(&self, waves: Vec<i64>) -> Result<Vec<StoredResponse>> {
        let rows = survey_response::Entity::find()
            .filter(survey_response::Column::WaveId.is_in(waves))
            .order_by_asc(survey_response::Column::WaveId)
            .order_by_asc(survey_response::Column::Id)
            .all(&self.db)
            .await?;
        rows.into_iter().map(StoredResponse::try_from).collect()
    }

    /// The responses to a panel survey's wave whose code word's key was also given in the wave
    /// `paired_with`: those a pairing of the two waves may follow, and no others.
    pub async fn survey_panel_responses(&self, wave_id: i64, paired_with: i64) -> Result<Vec<StoredResponse>> {
        let keys_given = Query::select()
            .column(survey_response::Column::PanelKey)
            .from(survey_response::Entity)
            .and_where(survey_response::Column::WaveId.eq(paired_with))
            .and_where(survey_response::Column::PanelKey.is_not_null())
            .to_owned();
        let rows = survey_response::Entity::find()
            .filter(survey_response::Column::WaveId.eq(wave_id))
            .filter(survey_response::Column::PanelKey.in_subquery(keys_given))
            .order_by_asc(survey_response::Column::Id)
            .all(&self.db)
            .await?;
        rows.into_iter().map(StoredResponse::try_from).collect()
    }

    /// The free text answered to `questions` in a wave by the groups `groups`, by group and
    /// question: how many answered, and the first `first` answers in the order they came. Only
    /// these are read.
    pub async fn survey_free_texts(
        &self,
        wave_id: i64,
        groups: &[i64],
        questions: &[&str],
        first: usize,
    ) -> Result<BTreeMap<(i64, String), (u64, Vec<String>)>> {
        let mut texts: BTreeMap<(i64, String), (u64, Vec<String>)> = BTreeMap::new();
        if questions.is_empty() || groups.is_empty() {
            return Ok(texts);
        }
        let backend = self.backend();
        let among = format!(
            "question IN ({}) AND group_id IN ({})",
            vec!["?"; questions.len()].join(", "),
            vec!["?"; groups.len()].join(", ")
        );
        let values = || {
            let mut values: Vec<sea_orm::Value> = vec![wave_id.into()];
            values.extend(questions.iter().map(|&q| q.into()));
            values.extend(groups.iter().map(|&g| g.into()));
            values
        };
        // a row of option 0 in `survey_choices` marks an answer without options, as free text
        let sql = format!(
            "SELECT group_id, question, COUNT(*) FROM survey_choices \
             WHERE wave_id = ? AND {among} AND option = 0 GROUP BY group_id, question"
        );
        for r in self.db.query_all_raw(statement(backend, &sql, values())).await? {
            let n = count(r.try_get_by_index::<i64>(2)?);
            texts.insert((r.try_get_by_index::<i64>(0)?, r.try_get_by_index::<String>(1)?), (n, Vec::new()));
        }
        let sql = format!(
            "SELECT response_id, group_id, question FROM (SELECT response_id, group_id, question, \
             ROW_NUMBER() OVER (PARTITION BY group_id, question ORDER BY response_id) AS nth FROM survey_choices \
             WHERE wave_id = ? AND {among} AND option = 0) firsts WHERE nth <= ? ORDER BY response_id"
        );
        let mut values = values();
        values.push(i64::try_from(first).unwrap_or(i64::MAX).into());
        let mut firsts: Vec<(i64, i64, String)> = Vec::new();
        for r in self.db.query_all_raw(statement(backend, &sql, values)).await? {
            firsts.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?));
        }
        let mut answers: HashMap<i64, BTreeMap<String, Value>> = HashMap::new();
        let mut ids: Vec<i64> = firsts.iter().map(|f| f.0).collect();
        ids.dedup();
        for chunk in ids.chunks(1000) {
            let rows = survey_response::Entity::find()
                .filter(survey_response::Column::Id.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?;
            for r in rows {
                answers.insert(r.id, serde_json::from_str(&r.answers).map_err(|_| corrupt("answers"))?);
            }
        }
        for (id, group, question) in firsts {
            let text = answers.get(&id).and_then(|a| a.get(&question)).and_then(Value::as_str);
            if let (Some(text), Some((_, shown))) = (text, texts.get_mut(&(group, question.clone()))) {
                shown.push(text.to_owned());
            }
        }
        Ok(texts)
    }
}

/// A wave's answers summed by the answer to each single-choice or scale question (see
/// [`Crossings`]), to be added to what the wave keeps (`survey_crossed_counts` and
/// `survey_crossed_sums`).
#[derive(Default)]
pub(crate) struct CrossedSums {
    /// (by question, by option, question, option) → how many chose both.
    counts: BTreeMap<(String, u32, String, u32), i64>,
    /// (by question, by option, number question) → the numbers of those who chose it.
    numbers: BTreeMap<(String, u32, String), NumberSums>,
}

impl CrossedSums {
    pub(crate) fn add(&mut self, answers: &BTreeMap<String, Answer>) {
        let crossings = Crossings::of(answers);
        for ((by, by_option), (question, option)) in crossings.counts {
            *self.counts.entry((by.to_owned(), by_option, question.to_owned(), option)).or_default() += 1;
        }
        for ((by, by_option), (question, x)) in crossings.numbers {
            let kept = self.numbers.entry((by.to_owned(), by_option, question.to_owned())).or_default();
            *kept = *kept + NumberSums::of(&[x]);
        }
    }

    /// Adds the sums to the wave's, row by row in key order: on PostgreSQL every writer then
    /// locks the wave's shared rows in one order, so answers sent at once never wait in a circle.
    pub(crate) async fn write(self, db: &impl ConnectionTrait, wave_id: i64) -> std::result::Result<(), DbErr> {
        let by = |question: &str, option: u32| -> Vec<sea_orm::Value> {
            vec![wave_id.into(), question.into(), (option as i32).into()]
        };
        let rows = self
            .counts
            .iter()
            .map(|((question, by_option, chosen, option), n)| {
                let mut row = by(question, *by_option);
                row.extend([chosen.as_str().into(), (*option as i32).into(), (*n).into()]);
                row
            })
            .collect();
        let key = ["wave_id", "by_question", "by_option", "question", "option"];
        add_to_sums(db, "survey_crossed_counts", &key, &["n"], rows).await?;
        let rows = self
            .numbers
            .iter()
            .map(|((question, by_option, number), s)| {
                let mut row = by(question, *by_option);
                row.push(number.as_str().into());
                row.extend(sums_values(s));
                row
            })
            .collect();
        add_to_sums(db, "survey_crossed_sums", &key[..4], &SUMS, rows).await
    }
}

/// The columns of kept [`NumberSums`].
const SUMS: [&str; 3] = ["n", "value_sum", "square_sum"];

fn sums_values(s: &NumberSums) -> [sea_orm::Value; 3] {
    [i64::try_from(s.n).unwrap_or(i64::MAX).into(), s.sum.into(), s.sum_squares.into()]
}

/// Adds `rows` (the values of `key`'s columns, then of `summed`'s) to the kept sums of `table`:
/// a row new to the key is inserted, one there adds each summed column to its own. The rows
/// are written in their order, 1,000 to a statement (within both backends' limits on bound
/// values).
async fn add_to_sums(
    db: &impl ConnectionTrait,
    table: &str,
    key: &[&str],
    summed: &[&str],
    rows: Vec<Vec<sea_orm::Value>>,
) -> std::result::Result<(), DbErr> {
    let width = key.len() + summed.len();
    let row = format!("({})", vec!["?"; width].join(", "));
    let columns = [key, summed].concat().join(", ");
    let add = summed.iter().map(|c| format!("{c} = {table}.{c} + excluded.{c}")).collect::<Vec<_>>().join(", ");
    for chunk in rows.chunks(1000) {
        let sql = format!(
            "INSERT INTO {table} ({columns}) VALUES {} ON CONFLICT ({}) DO UPDATE SET {add}",
            vec![row.as_str(); chunk.len()].join(", "),
            key.join(", ")
        );
        let values = chunk.iter().flatten().cloned().collect();
        db.execute_raw(statement(db.get_database_backend(), &sql, values)).await?;
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect()
}
