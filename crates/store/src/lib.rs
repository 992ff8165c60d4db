//! The database: one [`Store`] over SQLite or PostgreSQL, chosen by URL at run time. One query per
//! concept runs on both backends; a module per concept owns its queries.

pub mod accounts;
pub mod action_plan;
pub mod activities;
pub mod audit;
pub mod background_jobs;
pub mod campaigns;
pub mod commitments;
pub(crate) mod entity;
pub mod goals;
pub mod held_uploads;
pub mod indicator_connectors;
pub mod indicator_values;
pub mod indicators;
pub mod initiatives;
pub mod invitations;
pub mod jobs;
pub mod knowledge_base;
pub mod meal_index;
pub mod meals;
pub mod meetings;
pub mod memberships;
pub mod migration;
pub mod network;
pub mod organisations;
pub mod outbox;
pub mod rate_limits;
pub mod relay;
pub mod roles;
pub mod sessions;
pub mod signups;
pub mod survey_feeds;
pub mod surveys;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqlErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

pub use audit::AuditActor;
pub use sea_orm::DbBackend as Backend;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique value is taken; names the field.
    #[error("{0} is already taken")]
    Taken(&'static str),
    /// Another worker has taken over a background job (this one was presumed dead).
    #[error("the job's claim was taken over by another worker")]
    ClaimLost,
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

impl StoreError {
    /// Maps a unique violation to [`StoreError::Taken`]; on SQLite only the error kind is reliable.
    fn taken_or(err: DbErr, field: &'static str) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => StoreError::Taken(field),
            _ => StoreError::Db(err),
        }
    }

    /// [`StoreError::taken_or`] for an error already wrapped (by `?` in a shared helper).
    fn or_taken(self, field: &'static str) -> Self {
        match self {
            StoreError::Db(err) => StoreError::taken_or(err, field),
            other => other,
        }
    }
}

/// The advisory lock key that serialises migrations on PostgreSQL ("rygrad" in ASCII).
const MIGRATION_LOCK: i64 = 0x7279_6772_6164;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    index: std::sync::Arc<meal_index::SharedIndex>,
}

impl Store {
    /// Connects to `sqlite://path` (created if missing; WAL, foreign keys on, memory-mapped
    /// reads) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Self> {
        let mut url = url.to_owned();
        if url.starts_with("sqlite:") && !url.contains("mode=") {
            url.push_str(if url.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
        }
        let mut options = ConnectOptions::new(url);
        options
            .sqlx_logging(false)
            .max_connections(16)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(10))
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Read the first 64 MB of the file through a memory map: the overviews read
                    // thousands of pages, each otherwise a system call into every connection's
                    // small page cache. Each connection maps on its own and the mapped pages
                    // count in the server's RSS, so a bigger map costs memory per connection
                    // with a million meals (bench/meals.sh) and speeds up nothing measured.
                    .pragma("mmap_size", "67108864")
            });
        let db = Database::connect(options).await?;
        Ok(Self { db, index: Default::default() })
    }

    /// Brings the schema up to date. Processes starting together take turns: the migrations run
    /// in one transaction that first takes PostgreSQL's advisory lock, or on SQLite the write
    /// lock (`BEGIN IMMEDIATE`, waiting up to the busy timeout); the next one then finds nothing
    /// left to do.
    pub async fn migrate(&self) -> Result<()> {
        // Nothing to do is the common case (every CLI command, every restart): answer it with a
        // read, so that a command next to a running server takes no write lock.
        if migration::Migrator::get_pending_migrations_read_only(&self.db).await.is_ok_and(|pending| pending.is_empty())
        {
            return Ok(());
        }
        let txn = self.write().await?;
        if self.backend() == DbBackend::Postgres {
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")).await?;
        }
        migration::Migrator::up(&txn, None).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`, waiting up to the busy timeout): a transaction that read first and
    /// wrote later would fail at once with "database is locked" when another process (a CLI
    /// import next to the server) had written in between, as no wait can mend a stale snapshot.
    async fn write(&self) -> Result<DatabaseTransaction> {
        Ok(self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?)
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    /// For readiness checks.
    pub async fn ping(&self) -> Result<()> {
        self.db.ping().await?;
        Ok(())
    }

    /// Writes a consistent copy of a live SQLite database to `path` (SQLite's `VACUUM INTO`,
    /// which reads one snapshot while writers go on).
    pub async fn backup_sqlite(&self, path: &str) -> Result<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(StoreError::Db(DbErr::Custom(
                "backup copies SQLite databases; use pg_dump for PostgreSQL".into(),
            )));
        }
        let escaped = path.replace('\'', "''");
        self.db.execute_unprepared(&format!("VACUUM INTO '{escaped}'")).await?;
        Ok(())
    }

    pub async fn close(self) -> Result<()> {
        self.db.close().await?;
        Ok(())
    }
}

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}
