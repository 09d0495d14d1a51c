//! Which database `--database` names: a SQLite file (the default) or a PostgreSQL
//! server for a shared installation.

use std::sync::Arc;

use anyhow::{Context, bail};
use clap::Args;

use pathway_app::{Store, StoreError};
use pathway_store_postgres::PostgresStore;
use pathway_store_sqlite::SqliteStore;

/// An open database of either kind.
#[derive(Debug, Clone)]
pub enum Database {
    /// A SQLite file, created on first use.
    Sqlite(SqliteStore),
    /// A PostgreSQL database, which must exist; its tables are created on first use.
    Postgres(PostgresStore),
}

/// Whether a `--database` value names a PostgreSQL server.
pub fn is_postgres(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

impl Database {
    /// Opens (and migrates) the database `location` names: a `postgres://` or
    /// `postgresql://` URL, else a SQLite file path or `sqlite://` URL.
    pub async fn open(location: &str) -> Result<Database, StoreError> {
        if is_postgres(location) {
            Ok(Database::Postgres(PostgresStore::open(location).await?))
        } else {
            Ok(Database::Sqlite(SqliteStore::open(location).await?))
        }
    }

    /// The database as the commands and the web server use it.
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Database::Sqlite(store) => Arc::new(store.clone()),
            Database::Postgres(store) => Arc::new(store.clone()),
        }
    }

    /// Closes its connections (SQLite finishes its write-ahead log).
    pub async fn close(&self) {
        match self {
            Database::Sqlite(store) => store.close().await,
            Database::Postgres(store) => store.close().await,
        }
    }
}

/// Arguments of `copy`.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The installation to copy: a SQLite file path or sqlite:// URL.
    #[arg(long, value_name = "PATH_OR_URL")]
    pub from: String,
    /// Where to copy it: the postgres:// URL of an existing, empty database.
    #[arg(long, value_name = "URL")]
    pub to: String,
}

/// `pathway copy`: reads every table of the SQLite installation in one read
/// transaction and writes them into PostgreSQL in one write transaction.
pub async fn copy(args: &CopyArgs) -> anyhow::Result<()> {
    if is_postgres(&args.from) {
        bail!(
            "--from must be a SQLite database (a file path or sqlite:// URL); to move a \
             PostgreSQL installation use pg_dump and pg_restore (docs/operations.md)"
        );
    }
    if !is_postgres(&args.to) {
        bail!("--to must be a postgres:// URL of an existing, empty database");
    }
    let source_path = args.from.trim_start_matches("sqlite://");
    if !std::path::Path::new(source_path).exists() {
        bail!("{}: no such SQLite database", args.from);
    }
    let source = SqliteStore::open(&args.from).await?;
    let tables = source.tables().await?;
    source.close().await;
    let target = PostgresStore::open(&args.to).await?;
    let loaded = target.load_tables(&tables).await;
    target.close().await;
    loaded.with_context(|| "nothing was copied".to_owned())?;
    let rows: usize = tables.iter().map(|table| table.rows.len()).sum();
    println!("Copied {rows} rows of {} tables.", tables.len());
    Ok(())
}
