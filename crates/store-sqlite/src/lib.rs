//! Pathway's embedded database: the [`Store`] trait on a SQLite file.
//!
//! The file is created on first use and migrated automatically. It runs in WAL mode
//! (readers never wait for the writer) with foreign keys enforced, so the database
//! itself refuses a record whose references do not resolve, whatever the caller
//! checked first. The queries are those of `crates/store-sql`, shared with the
//! PostgreSQL store and compiled here with SQLite's types.

pub mod backup;
mod db;
#[path = "../../store-sql/mod.rs"]
mod queries;
mod transfer;
use queries::{
    academy, accounts, api_tokens, audit, career, caseloads, committee, feedback, installation,
    recruitment, retention, store, subject_access, survey, tables, training,
};

use std::str::FromStr;
use std::time::Duration;

use pathway_app::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

pub(crate) fn query_failed(error: sqlx::Error) -> StoreError {
    StoreError::Query(error.to_string())
}

/// A Pathway database in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if need be) the database at `location`, a file path or a
    /// `sqlite://` URL, and brings its schema up to date.
    pub async fn open(location: &str) -> Result<Self, StoreError> {
        let failed = |reason: String| StoreError::Open {
            location: location.to_owned(),
            reason,
        };
        let options = if location.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(location).map_err(|error| failed(error.to_string()))?
        } else {
            SqliteConnectOptions::new().filename(location)
        };
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|error| failed(error.to_string()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|error| failed(error.to_string()))?;
        audit::chain_entries_written_before_the_chain(&pool)
            .await
            .map_err(|error| failed(error.to_string()))?;
        Ok(Self { pool })
    }

    /// Closes the database, finishing its write-ahead log.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs SQLite's integrity and foreign key checks; an empty list means sound.
    pub async fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let rows = sqlx::query("pragma integrity_check")
            .fetch_all(&self.pool)
            .await
            .map_err(query_failed)?;
        for row in rows {
            let line: String = row.try_get(0).map_err(query_failed)?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let rows = sqlx::query("pragma foreign_key_check")
            .fetch_all(&self.pool)
            .await
            .map_err(query_failed)?;
        for row in rows {
            let table: String = row.try_get(0).map_err(query_failed)?;
            problems.push(format!("a row of {table} refers to a missing record"));
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use pathway_app::Store;

    use super::SqliteStore;

    #[tokio::test]
    async fn a_database_named_by_a_sqlite_url_or_a_path_is_the_same_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("pathway.db");
        let by_url = SqliteStore::open(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        by_url.close().await;
        assert!(path.exists());
        let by_path = SqliteStore::open(path.to_str().unwrap()).await.unwrap();
        assert!(by_path.councils().await.unwrap().is_empty());
        assert!(by_path.integrity_problems().await.unwrap().is_empty());
    }
}
