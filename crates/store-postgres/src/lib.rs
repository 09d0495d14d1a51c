//! Pathway's database for shared installations: the [`Store`] trait on PostgreSQL.
//!
//! Several `pathway serve` processes may share one database: sessions and everything
//! else live in it, and the migrations run under PostgreSQL's advisory lock, so two
//! servers starting together migrate once. The queries are those of `crates/store-sql`,
//! shared with the SQLite store and compiled here with PostgreSQL's types.
//!
//! [`Store`]: pathway_app::Store

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
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Row};

pub(crate) fn query_failed(error: sqlx::Error) -> StoreError {
    StoreError::Query(error.to_string())
}

/// A Pathway database on a PostgreSQL server.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

/// How many connections one server process keeps to PostgreSQL at most.
const CONNECTIONS: u32 = 16;

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user@host:port/database`) and
    /// brings its schema up to date. The database must exist; its tables are created on
    /// first use. Servers starting together wait for one another's migration.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let failed = |reason: String| StoreError::Open {
            location: without_password(url),
            reason,
        };
        let options = PgConnectOptions::from_str(url).map_err(|error| failed(error.to_string()))?;
        let pool = PgPoolOptions::new()
            .max_connections(CONNECTIONS)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await
            .map_err(|error| failed(error.to_string()))?;
        // sqlx holds a session advisory lock on the database while it migrates, so a
        // second server starting at the same moment waits, then finds nothing to do.
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|error| failed(error.to_string()))?;
        audit::chain_entries_written_before_the_chain(&pool)
            .await
            .map_err(|error| failed(error.to_string()))?;
        Ok(Self { pool })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Checks what PostgreSQL can be asked about the database's soundness: every
    /// reference and check constraint is validated. An empty list means sound.
    pub async fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "select conrelid::regclass::text as table_name, conname from pg_constraint \
             where not convalidated and connamespace = 'public'::regnamespace",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(query_failed)?;
        rows.iter()
            .map(|row| {
                let table: String = row.try_get("table_name").map_err(query_failed)?;
                let name: String = row.try_get("conname").map_err(query_failed)?;
                Ok(format!("the constraint {name} of {table} is not validated"))
            })
            .collect()
    }

    /// How many migrations the database has applied, as recorded by sqlx.
    pub async fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("select version from _sqlx_migrations order by version")
            .fetch_all(&self.pool)
            .await
            .map_err(query_failed)?;
        rows.iter()
            .map(|row| row.try_get("version").map_err(query_failed))
            .collect()
    }
}

/// The URL as it may be shown in a message: without its password.
fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_url_shown_in_a_message_hides_its_password() {
        assert_eq!(
            without_password("postgres://pathway:secret@db:5432/pathway"),
            "postgres://pathway:***@db:5432/pathway"
        );
        assert_eq!(
            without_password("postgres://pathway@db/pathway"),
            "postgres://pathway@db/pathway"
        );
    }
}
