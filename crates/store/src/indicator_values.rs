//! An indicator's values: the current value per unit and period with its provenance, the
//! history of the values it replaced, and writing many at once (a form, the API, a file) all or
//! nothing. A big file is staged batch by batch with its job's progress and merged in one
//! final transaction.
//!
//! A write is set statements: the current rows a new value differs from are copied to the
//! history (`INSERT … SELECT`), then the new values go in, so an equal value writes nothing and
//! the count of rows written is the count of values imported. SQLite upserts (`INSERT … ON
//! CONFLICT … DO UPDATE … WHERE` the value differs); PostgreSQL reads the rows into a temporary
//! table once, updates the changed rows and inserts the new ones.

use crate::audit::{self, AuditActor, Change};
use crate::background_jobs::{JobClaim, JobProgress};
use crate::entity::{indicator_value, indicator_value_history};
use crate::indicators::{Indicator, stored_period, stored_unit};
use crate::{Result, Store, now};
use chrono::{DateTime, Utc};
use rygrad_domain::indicator::{Measurement, Period, Unit, ValueSource};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    Value,
};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// How values came in: the form, a file (its name), a connector (its table), the API; and who
/// entered them.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub source: ValueSource,
    pub source_name: String,
    pub entered_by: Option<i64>,
}

/// A value as stored, with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredValue {
    pub unit: Unit,
    pub period: Period,
    pub value: f64,
    /// The sample size, where the figure has one.
    pub n: Option<i64>,
    /// The 95 % interval, where the figure has one.
    pub ci: Option<(f64, f64)>,
    pub note: String,
    pub source: ValueSource,
    pub source_name: String,
    pub entered_by: Option<i64>,
    pub entered_at: DateTime<Utc>,
}

impl StoredValue {
    fn of(v: indicator_value::Model, indicator: &Indicator) -> Result<Self> {
        Ok(StoredValue {
            unit: stored_unit(&v.unit, indicator.geography)?,
            period: stored_period(&v.period)?,
            value: v.value,
            n: v.n,
            ci: v.ci_low.zip(v.ci_high),
            note: v.note,
            source: ValueSource::of_code(&v.source),
            source_name: v.source_name,
            entered_by: v.entered_by,
            entered_at: v.entered_at,
        })
    }
}

/// A value that was corrected or removed, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoricValue {
    pub value: StoredValue,
    pub replaced_at: DateTime<Utc>,
}

/// What a write did: values new or changed, and values equal to the stored ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValueCounts {
    pub imported: u64,
    pub unchanged: u64,
}

/// An indicator at a glance: its latest period with any value, and the values entered lately.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Glance {
    pub latest: Option<Period>,
    /// Counted up to the cap asked for, plus one for "more".
    pub new_values: u64,
}

/// A checked row of a file, with its line (the header is line 1).
#[derive(Debug, Clone, PartialEq)]
pub struct StagedRow {
    pub line: i64,
    pub measurement: Measurement,
}

/// Rows per multi-row statement: at 7 parameters a row (6 staged), well under SQLite's 32,766
/// and PostgreSQL's 65,535 parameters.
const ROWS_PER_STATEMENT: usize = 4000;

/// A statement written with `?` placeholders, numbered for PostgreSQL (none of these
/// statements has a `?` anywhere else).
pub(crate) fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut numbered = String::with_capacity(sql.len() + values.len() * 4);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                numbered.push_str(&format!("${n}"));
            } else {
                numbered.push(c);
            }
        }
        numbered
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Rows per JSON document PostgreSQL reads in one statement.
const ROWS_PER_JSON: usize = 200_000;

/// A batch of [`json_batch`] as rows of a merge's source, on PostgreSQL.
const JSON_ROWS: &str = "(SELECT * FROM json_to_recordset(CAST(? AS json)) AS t(unit text, period text, \
                         value double precision, note text, n bigint, ci_low double precision, ci_high double precision))";

/// One value as a row of the JSON document PostgreSQL reads.
#[derive(serde::Serialize)]
struct JsonRow<'a> {
    unit: String,
    period: String,
    value: f64,
    note: &'a str,
    n: Option<i64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
}

/// A measurement's sample size as stored.
fn sample_n(m: &Measurement) -> Option<i64> {
    m.sample.map(|s| i64::try_from(s.n).unwrap_or(i64::MAX))
}

/// A batch of rows for PostgreSQL as one JSON document: free of the 65,535-parameter limit,
/// and parsed once as `json` (building `jsonb` costs twice as much for what is read once).
fn json_batch(rows: &[&Measurement]) -> Value {
    let json: Vec<JsonRow> = rows
        .iter()
        .map(|m| JsonRow {
            unit: m.unit.key(),
            period: m.period.code(),
            value: m.value,
            note: &m.note,
            n: sample_n(m),
            ci_low: m.sample.map(|s| s.ci_low),
            ci_high: m.sample.map(|s| s.ci_high),
        })
        .collect();
    serde_json::to_string(&json).expect("strings and finite numbers serialize").into()
}

/// Rows to merge on SQLite as a subquery of (unit, period, value, note, n, ci_low, ci_high)
/// and its parameters.
fn values_rows(rows: &[&Measurement]) -> (String, Vec<Value>) {
    let source = format!(
        "(SELECT column1 AS unit, column2 AS period, column3 AS value, column4 AS note, column5 AS n, \
         column6 AS ci_low, column7 AS ci_high FROM (VALUES {}) AS t)",
        placeholders(rows.len(), 7)
    );
    let values = rows.iter().flat_map(|m| {
        [
            m.unit.key().into(),
            m.period.code().into(),
            m.value.into(),
            m.note.clone().into(),
            sample_n(m).into(),
            m.sample.map(|s| s.ci_low).into(),
            m.sample.map(|s| s.ci_high).into(),
        ]
    });
    (source, values.collect())
}

/// `n` rows of `width` placeholders: `(?, ?), (?, ?)`.
fn placeholders(n: usize, width: usize) -> String {
    let row = format!("({})", vec!["?"; width].join(", "));
    vec![row; n].join(", ")
}

/// The last value given for each unit and period (a batch may name one twice; an upsert may
/// touch a row once).
fn last_per_key(values: &[Measurement]) -> Vec<&Measurement> {
    let mut by_key: BTreeMap<(String, String), &Measurement> = BTreeMap::new();
    for m in values {
        by_key.insert((m.unit.key(), m.period.code()), m);
    }
    by_key.into_values().collect()
}

/// Merges the rows that `source` (a table or subquery with the columns unit, period, value,
/// note, n, ci_low, ci_high, taking `source_values`) gives into an indicator's values; returns
/// how many were new or changed. `replaces` is false when the indicator had no values before
/// the write, which then has nothing to keep in the history and nothing to compare with.
async fn merge(
    db: &impl ConnectionTrait,
    indicator_id: i64,
    source: &str,
    source_values: Vec<Value>,
    provenance: &Provenance,
    replaces: bool,
) -> Result<u64> {
    let backend = db.get_database_backend();
    let at = now();
    let provenance_values = || -> Vec<Value> {
        vec![
            provenance.source.code().into(),
            provenance.source_name.clone().into(),
            provenance.entered_by.into(),
            at.into(),
        ]
    };
    let with_source = |mut values: Vec<Value>, after: Vec<Value>| {
        values.extend(source_values.iter().cloned());
        values.extend(after);
        values
    };
    if replaces {
        let history = format!(
            "INSERT INTO indicator_value_history \
             (indicator_id, unit, period, value, n, ci_low, ci_high, note, source, source_name, entered_by, entered_at, \
             replaced_at) \
             SELECT v.indicator_id, v.unit, v.period, v.value, v.n, v.ci_low, v.ci_high, v.note, v.source, \
             v.source_name, v.entered_by, v.entered_at, ? \
             FROM indicator_values v JOIN {source} s ON v.unit = s.unit AND v.period = s.period \
             WHERE v.indicator_id = ? AND ({})",
            changed("v", "s")
        );
        db.execute_raw(statement(backend, &history, with_source(vec![at.into()], vec![indicator_id.into()]))).await?;
    }
    if backend == DbBackend::Sqlite {
        // `WHERE true` tells SQLite the upsert's ON CONFLICT from a join's ON
        let upsert = format!(
            "INSERT INTO indicator_values \
             (indicator_id, unit, period, value, n, ci_low, ci_high, note, source, source_name, entered_by, entered_at) \
             SELECT ?, s.unit, s.period, s.value, s.n, s.ci_low, s.ci_high, s.note, ?, ?, ?, ? FROM {source} s WHERE true \
             ON CONFLICT (indicator_id, unit, period) DO UPDATE SET value = excluded.value, n = excluded.n, \
             ci_low = excluded.ci_low, ci_high = excluded.ci_high, note = excluded.note, \
             source = excluded.source, source_name = excluded.source_name, entered_by = excluded.entered_by, \
             entered_at = excluded.entered_at \
             WHERE {}",
            changed("indicator_values", "excluded")
        );
        let mut values = vec![indicator_id.into()];
        values.extend(provenance_values());
        return Ok(db.execute_raw(statement(backend, &upsert, with_source(values, vec![]))).await?.rows_affected());
    }
    // PostgreSQL's upsert probes and locks every conflicting row even when its WHERE fails
    // (3.9 s for a million unchanged values, against 1.0 s for this UPDATE), so changed rows
    // are updated and new ones inserted; the caller holds the indicator's lock, so no other
    // write inserts the same keys in between.
    let mut imported = 0;
    if replaces {
        let update = format!(
            "UPDATE indicator_values v SET value = s.value, n = s.n, ci_low = s.ci_low, ci_high = s.ci_high, \
             note = s.note, source = ?, source_name = ?, entered_by = ?, entered_at = ? FROM {source} s \
             WHERE v.indicator_id = ? AND v.unit = s.unit AND v.period = s.period AND ({})",
            changed("v", "s")
        );
        let values = with_source(provenance_values(), vec![indicator_id.into()]);
        imported += db.execute_raw(statement(backend, &update, values)).await?.rows_affected();
    }
    let new_only = if replaces {
        " WHERE NOT EXISTS (SELECT 1 FROM indicator_values v \
         WHERE v.indicator_id = ? AND v.unit = s.unit AND v.period = s.period)"
    } else {
        ""
    };
    let insert = format!(
        "INSERT INTO indicator_values \
         (indicator_id, unit, period, value, n, ci_low, ci_high, note, source, source_name, entered_by, entered_at) \
         SELECT ?, s.unit, s.period, s.value, s.n, s.ci_low, s.ci_high, s.note, ?, ?, ?, ? FROM {source} s{new_only}"
    );
    let mut values = vec![indicator_id.into()];
    values.extend(provenance_values());
    let after = if replaces { vec![indicator_id.into()] } else { vec![] };
    imported += db.execute_raw(statement(backend, &insert, with_source(values, after))).await?.rows_affected();
    Ok(imported)
}

/// The stored value `v` differs from the one given, `s`: by its value, note or sample.
fn changed(v: &str, s: &str) -> String {
    format!(
        "{v}.value <> {s}.value OR {v}.note <> {s}.note OR {v}.n IS DISTINCT FROM {s}.n \
         OR {v}.ci_low IS DISTINCT FROM {s}.ci_low OR {v}.ci_high IS DISTINCT FROM {s}.ci_high"
    )
}

/// Records a write of values in the log, when it changed anything.
async fn record_values(
    db: &impl ConnectionTrait,
    indicator: &Indicator,
    counts: ValueCounts,
    provenance: &Provenance,
    by: &AuditActor,
) -> Result<()> {
    if counts.imported == 0 {
        return Ok(());
    }
    let changes = json!({
        "imported": counts.imported,
        "unchanged": counts.unchanged,
        "source": provenance.source.code(),
        "source_name": provenance.source_name,
    });
    audit::record(db, by, Change::of(indicator.initiative_id, "values", "indicator", indicator.id, changes)).await
}

/// Takes the indicator's lock for writing values (on PostgreSQL; SQLite writes one at a time)
/// and tells whether it has any: a write then knows whether it replaces values, and no other
/// write adds the same keys before it commits.
async fn lock_for_values(db: &impl ConnectionTrait, indicator_id: i64) -> Result<bool> {
    let backend = db.get_database_backend();
    if backend == DbBackend::Postgres {
        let lock = "SELECT id FROM indicators WHERE id = ? FOR NO KEY UPDATE";
        db.execute_raw(statement(backend, lock, vec![indicator_id.into()])).await?;
    }
    has_values(db, indicator_id).await
}

pub(crate) async fn has_values(db: &impl ConnectionTrait, indicator_id: i64) -> Result<bool> {
    let any: Option<String> = indicator_value::Entity::find()
        .select_only()
        .column(indicator_value::Column::Period)
        .filter(indicator_value::Column::IndicatorId.eq(indicator_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(any.is_some())
}

impl Store {
    /// Writes values (units and periods checked for the indicator, custom units known to be
    /// the initiative's) all or nothing, with their provenance and one log entry. A changed
    /// value keeps the old one in the history; an equal one is counted unchanged and writes
    /// nothing. The form, the API and small files go this way; big files are staged
    /// ([`Store::stage_import_rows`]).
    pub async fn apply_import(
        &self,
        indicator: &Indicator,
        values: &[Measurement],
        provenance: &Provenance,
        by: &AuditActor,
    ) -> Result<ValueCounts> {
        let rows = last_per_key(values);
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let replaces = lock_for_values(&txn, indicator.id).await?;
        let imported = if backend == DbBackend::Postgres && !replaces {
            // nothing to compare with: each batch goes straight in (a million rows through a
            // temporary table first took a second more)
            let mut imported = 0;
            for chunk in rows.chunks(ROWS_PER_JSON) {
                imported += merge(&txn, indicator.id, JSON_ROWS, vec![json_batch(chunk)], provenance, false).await?;
            }
            imported
        } else if backend == DbBackend::Postgres {
            // read into a table once, then merged by three set statements over all of it
            txn.execute_unprepared(
                "CREATE TEMPORARY TABLE import_source (unit text, period text, value double precision, note text, \
                 n bigint, ci_low double precision, ci_high double precision) ON COMMIT DROP",
            )
            .await?;
            for chunk in rows.chunks(ROWS_PER_JSON) {
                let fill = format!("INSERT INTO import_source SELECT * FROM {JSON_ROWS} t");
                txn.execute_raw(statement(backend, &fill, vec![json_batch(chunk)])).await?;
            }
            if replaces {
                // the joins with the stored values are planned from its real size
                txn.execute_unprepared("ANALYZE import_source").await?;
            }
            merge(&txn, indicator.id, "import_source", vec![], provenance, replaces).await?
        } else {
            let mut imported = 0;
            // rows are one per unit and period, so no batch replaces another's
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                let (source, values) = values_rows(chunk);
                imported += merge(&txn, indicator.id, &source, values, provenance, replaces).await?;
            }
            imported
        };
        let counts = ValueCounts { imported, unchanged: rows.len() as u64 - imported };
        record_values(&txn, indicator, counts, provenance, by).await?;
        txn.commit().await?;
        Ok(counts)
    }

    /// Stages a batch of a big import's checked rows, with the job's progress in the same
    /// transaction (so a resumed job goes on after the last committed batch). A unit and period
    /// staged again replaces the earlier row.
    pub async fn stage_import_rows(&self, claim: &JobClaim, rows: &[StagedRow], progress: &JobProgress) -> Result<()> {
        let mut last: BTreeMap<(String, String), &StagedRow> = BTreeMap::new();
        for row in rows {
            last.insert((row.measurement.unit.key(), row.measurement.period.code()), row);
        }
        let rows: Vec<&StagedRow> = last.into_values().collect();
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "INSERT INTO indicator_import_rows (job_id, line, unit, period, value, note) VALUES {} \
                 ON CONFLICT (job_id, unit, period) DO UPDATE SET line = excluded.line, value = excluded.value, \
                 note = excluded.note",
                placeholders(chunk.len(), 6)
            );
            let values = chunk
                .iter()
                .flat_map(|r| {
                    let m = &r.measurement;
                    [
                        claim.job_id.into(),
                        r.line.into(),
                        m.unit.key().into(),
                        m.period.code().into(),
                        m.value.into(),
                        m.note.clone().into(),
                    ]
                })
                .collect();
            txn.execute_raw(statement(backend, &sql, values)).await?;
        }
        Self::record_job_progress(&txn, claim, progress).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Merges a job's staged rows into the indicator's values in one transaction, as
    /// [`Store::apply_import`] writes them, and drops the stage; `done` makes the job's
    /// progress of the counts, recorded in the same transaction.
    pub async fn merge_staged_import(
        &self,
        claim: &JobClaim,
        indicator: &Indicator,
        provenance: &Provenance,
        by: &AuditActor,
        done: impl FnOnce(ValueCounts) -> JobProgress,
    ) -> Result<ValueCounts> {
        let txn = self.write().await?;
        let backend = txn.get_database_backend();
        let staged = statement(
            backend,
            "SELECT COUNT(*) FROM indicator_import_rows WHERE job_id = ?",
            vec![claim.job_id.into()],
        );
        let total: i64 = match txn.query_one_raw(staged).await? {
            Some(row) => row.try_get_by_index(0)?,
            None => 0,
        };
        // a file's figures have no sample (typed NULLs: PostgreSQL reads a bare one as text)
        let source = "(SELECT unit, period, value, note, CAST(NULL AS BIGINT) AS n, \
             CAST(NULL AS DOUBLE PRECISION) AS ci_low, CAST(NULL AS DOUBLE PRECISION) AS ci_high \
             FROM indicator_import_rows WHERE job_id = ?)";
        let replaces = lock_for_values(&txn, indicator.id).await?;
        let imported = merge(&txn, indicator.id, source, vec![claim.job_id.into()], provenance, replaces).await?;
        let counts = ValueCounts { imported, unchanged: (total as u64).saturating_sub(imported) };
        txn.execute_raw(statement(
            backend,
            "DELETE FROM indicator_import_rows WHERE job_id = ?",
            vec![claim.job_id.into()],
        ))
        .await?;
        record_values(&txn, indicator, counts, provenance, by).await?;
        Self::record_job_progress(&txn, claim, &done(counts)).await?;
        txn.commit().await?;
        Ok(counts)
    }

    /// Drops what a failed import staged.
    pub async fn discard_staged_import(&self, job_id: i64) -> Result<()> {
        let backend = self.backend();
        self.db
            .execute_raw(statement(backend, "DELETE FROM indicator_import_rows WHERE job_id = ?", vec![job_id.into()]))
            .await?;
        Ok(())
    }

    /// An indicator's values for one unit, in time order.
    pub async fn indicator_series(&self, indicator: &Indicator, unit: &Unit) -> Result<Vec<StoredValue>> {
        self.indicator_series_from(indicator, unit, None).await
    }

    /// An indicator's values for one unit from `from` on (all without it), in period order.
    pub async fn indicator_series_from(
        &self,
        indicator: &Indicator,
        unit: &Unit,
        from: Option<Period>,
    ) -> Result<Vec<StoredValue>> {
        let mut query = indicator_value::Entity::find()
            .filter(indicator_value::Column::IndicatorId.eq(indicator.id))
            .filter(indicator_value::Column::Unit.eq(unit.key()));
        if let Some(from) = from {
            // period codes sort in time order within a frequency
            query = query.filter(indicator_value::Column::Period.gte(from.code()));
        }
        query
            .order_by_asc(indicator_value::Column::Period)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| StoredValue::of(v, indicator))
            .collect()
    }

    /// The values of many series as they stood at `since` and were corrected after it, by
    /// indicator id: with the current values entered by then, each series as it stood then.
    pub async fn indicator_values_replaced_since(
        &self,
        wanted: &[(&Indicator, Unit)],
        since: DateTime<Utc>,
    ) -> Result<HashMap<i64, Vec<StoredValue>>> {
        let mut out: HashMap<i64, Vec<StoredValue>> = HashMap::new();
        if wanted.is_empty() {
            return Ok(out);
        }
        let rows = indicator_value_history::Entity::find()
            .filter(each_series(
                wanted,
                indicator_value_history::Column::IndicatorId,
                indicator_value_history::Column::Unit,
            ))
            .filter(indicator_value_history::Column::EnteredAt.lte(since))
            .filter(indicator_value_history::Column::ReplacedAt.gt(since))
            .all(&self.db)
            .await?;
        for row in rows {
            let Some((indicator, _)) = wanted.iter().find(|(i, _)| i.id == row.indicator_id) else { continue };
            let value = StoredValue::of(as_value(row), indicator)?;
            out.entry(indicator.id).or_default().push(value);
        }
        Ok(out)
    }

    /// Every unit's value of an indicator for one period (the map), by unit key.
    pub async fn indicator_values_in(&self, indicator: &Indicator, period: Period) -> Result<Vec<StoredValue>> {
        // sorted here: ordered by unit in SQL, SQLite walks all the indicator's values in the
        // primary key's order rather than the period's index
        let mut values = indicator_value::Entity::find()
            .filter(indicator_value::Column::IndicatorId.eq(indicator.id))
            .filter(indicator_value::Column::Period.eq(period.code()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| StoredValue::of(v, indicator))
            .collect::<Result<Vec<_>>>()?;
        values.sort_by_key(|v| v.unit.key());
        Ok(values)
    }

    /// Every unit's values of an indicator from `from` on, by unit: the small multiples in one
    /// read.
    pub async fn indicator_values_from(
        &self,
        indicator: &Indicator,
        from: Period,
    ) -> Result<HashMap<Unit, Vec<(Period, f64)>>> {
        let rows: Vec<(String, String, f64)> = indicator_value::Entity::find()
            .select_only()
            .column(indicator_value::Column::Unit)
            .column(indicator_value::Column::Period)
            .column(indicator_value::Column::Value)
            .filter(indicator_value::Column::IndicatorId.eq(indicator.id))
            // period codes sort in time order within a frequency
            .filter(indicator_value::Column::Period.gte(from.code()))
            .order_by_asc(indicator_value::Column::Period)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out: HashMap<Unit, Vec<(Period, f64)>> = HashMap::new();
        for (unit, period, value) in rows {
            out.entry(stored_unit(&unit, indicator.geography)?).or_default().push((stored_period(&period)?, value));
        }
        Ok(out)
    }

    /// The latest period an indicator has any value for.
    pub async fn latest_indicator_period(&self, indicator: &Indicator) -> Result<Option<Period>> {
        let latest: Option<Option<String>> = indicator_value::Entity::find()
            .select_only()
            .column_as(indicator_value::Column::Period.max(), "period")
            .filter(indicator_value::Column::IndicatorId.eq(indicator.id))
            .into_tuple()
            .one(&self.db)
            .await?;
        latest.flatten().map(|code| stored_period(&code)).transpose()
    }

    /// Every value of an indicator, by unit and then period (the export), in one read.
    pub async fn indicator_values_all(&self, indicator: &Indicator) -> Result<Vec<StoredValue>> {
        indicator_value::Entity::find()
            .filter(indicator_value::Column::IndicatorId.eq(indicator.id))
            .order_by_asc(indicator_value::Column::Unit)
            // period codes sort in time order within a frequency
            .order_by_asc(indicator_value::Column::Period)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|v| StoredValue::of(v, indicator))
            .collect()
    }

    /// The values one unit and period had before they were corrected, the latest first.
    pub async fn indicator_value_history(
        &self,
        indicator: &Indicator,
        unit: &Unit,
        period: Period,
    ) -> Result<Vec<HistoricValue>> {
        indicator_value_history::Entity::find()
            .filter(indicator_value_history::Column::IndicatorId.eq(indicator.id))
            .filter(indicator_value_history::Column::Unit.eq(unit.key()))
            .filter(indicator_value_history::Column::Period.eq(period.code()))
            .order_by_desc(indicator_value_history::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|h| {
                let replaced_at = h.replaced_at;
                Ok(HistoricValue { value: StoredValue::of(as_value(h), indicator)?, replaced_at })
            })
            .collect()
    }

    /// Each indicator of an initiative at a glance, in one statement: the latest period with any
    /// value, and how many values were entered since `since` (new or corrected), counted up to
    /// `cap` + 1 — after a big import a meeting needs "more than 1,000", not a scan of millions.
    /// Each part is a correlated lookup on an index of `(indicator_id, …)`.
    pub async fn indicator_glances(
        &self,
        initiative_id: i64,
        since: DateTime<Utc>,
        cap: u64,
    ) -> Result<HashMap<i64, Glance>> {
        let sql = "SELECT i.id, \
             (SELECT MAX(v.period) FROM indicator_values v WHERE v.indicator_id = i.id), \
             CASE WHEN EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.id \
                   AND v.entered_at >= ? ORDER BY v.entered_at LIMIT 1 OFFSET ?) \
               THEN ? \
               ELSE (SELECT COUNT(*) FROM indicator_values v WHERE v.indicator_id = i.id AND v.entered_at >= ?) END \
             FROM indicators i WHERE i.initiative_id = ?";
        let cap = i64::try_from(cap).unwrap_or(i64::MAX - 1);
        let values = vec![since.into(), cap.into(), (cap + 1).into(), since.into(), initiative_id.into()];
        let mut out = HashMap::new();
        for row in self.db.query_all_raw(statement(self.backend(), sql, values)).await? {
            let latest = row.try_get_by_index::<Option<String>>(1)?.map(|code| stored_period(&code)).transpose()?;
            let new_values = row.try_get_by_index::<i64>(2)?.max(0) as u64;
            out.insert(row.try_get_by_index::<i64>(0)?, Glance { latest, new_values });
        }
        Ok(out)
    }

    /// Many indicators' series at once, each for its own unit from its own first period (all
    /// without one): by indicator id, in period order. One statement; each part uses the
    /// primary key.
    pub async fn indicator_series_of(
        &self,
        wanted: &[(&Indicator, Unit, Option<Period>)],
    ) -> Result<HashMap<i64, Vec<StoredValue>>> {
        let mut out: HashMap<i64, Vec<StoredValue>> = HashMap::new();
        if wanted.is_empty() {
            return Ok(out);
        }
        let each = wanted.iter().fold(Condition::any(), |any, (indicator, unit, from)| {
            let mut one = Condition::all()
                .add(indicator_value::Column::IndicatorId.eq(indicator.id))
                .add(indicator_value::Column::Unit.eq(unit.key()));
            if let Some(from) = from {
                one = one.add(indicator_value::Column::Period.gte(from.code()));
            }
            any.add(one)
        });
        let rows = indicator_value::Entity::find()
            .filter(each)
            .order_by_asc(indicator_value::Column::IndicatorId)
            .order_by_asc(indicator_value::Column::Period)
            .all(&self.db)
            .await?;
        for row in rows {
            let Some((indicator, ..)) = wanted.iter().find(|(i, ..)| i.id == row.indicator_id) else { continue };
            out.entry(indicator.id).or_default().push(StoredValue::of(row, indicator)?);
        }
        Ok(out)
    }
}

/// A replaced value as the value it was.
fn as_value(h: indicator_value_history::Model) -> indicator_value::Model {
    indicator_value::Model {
        indicator_id: h.indicator_id,
        unit: h.unit,
        period: h.period,
        value: h.value,
        n: h.n,
        ci_low: h.ci_low,
        ci_high: h.ci_high,
        note: h.note,
        source: h.source,
        source_name: h.source_name,
        entered_by: h.entered_by,
        entered_at: h.entered_at,
    }
}

/// Rows of any of the wanted series: each indicator with its unit.
fn each_series(wanted: &[(&Indicator, Unit)], indicator_id: impl ColumnTrait, unit: impl ColumnTrait) -> Condition {
    wanted.iter().fold(Condition::any(), |any, (indicator, u)| {
        any.add(Condition::all().add(indicator_id.eq(indicator.id)).add(unit.eq(u.key())))
    })
}
