//! Runs one story of store tests against every database Pathway supports.
//!
//! A test written once with [`on_both_backends!`] becomes two tests, `…::on_sqlite` and
//! `…::on_postgres`, each with fresh, empty databases from [`open_store`]. SQLite
//! databases are files in a temporary folder; PostgreSQL databases are created on the
//! server named by `PATHWAY_TEST_POSTGRES` (the README's test command starts one and
//! sets it). Without that server the PostgreSQL tests fail: none is skipped.

use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use pathway_app::{Store, StoreError};
use pathway_store_postgres::PostgresStore;
use pathway_store_sqlite::SqliteStore;

/// The environment variable naming the PostgreSQL server the tests use.
pub const POSTGRES_VARIABLE: &str = "PATHWAY_TEST_POSTGRES";

/// A database Pathway can keep its records in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default.
    Sqlite,
    /// Shared installations.
    Postgres,
}

tokio::task_local! {
    static BACKEND: Backend;
}

/// Runs a story with [`open_store`] opening databases of `backend`.
pub async fn run_on<F: Future<Output = ()>>(backend: Backend, story: F) {
    BACKEND.scope(backend, story).await;
}

/// The backend the running story is on.
pub fn backend() -> Backend {
    BACKEND
        .try_with(|backend| *backend)
        .expect("open_store is called from a story run by on_both_backends!")
}

/// A fresh, empty, migrated database of the running story's backend, open.
#[derive(Debug, Clone)]
pub struct TestStore {
    store: Arc<dyn Store>,
    concrete: Concrete,
    /// Where another handle (another pool of connections) can open the same database.
    pub location: String,
    _folder: Option<Arc<tempfile::TempDir>>,
}

#[derive(Debug, Clone)]
enum Concrete {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Deref for TestStore {
    type Target = dyn Store;
    fn deref(&self) -> &Self::Target {
        self.store.as_ref()
    }
}

impl TestStore {
    /// The store as the web and CLI hold it.
    pub fn shared(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// The database's own soundness checks; empty means sound.
    pub async fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        match &self.concrete {
            Concrete::Sqlite(store) => store.integrity_problems().await,
            Concrete::Postgres(store) => store.integrity_problems().await,
        }
    }

    /// Closes the database's connections.
    pub async fn close(&self) {
        match &self.concrete {
            Concrete::Sqlite(store) => store.close().await,
            Concrete::Postgres(store) => store.close().await,
        }
    }

    /// The columns of a table, in their order in the schema.
    pub async fn table_columns(&self, table: &str) -> Vec<String> {
        use sqlx::{ConnectOptions, Row};
        match &self.concrete {
            Concrete::Sqlite(_) => {
                let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(&self.location)
                    .connect()
                    .await
                    .unwrap();
                sqlx::query(sqlx::AssertSqlSafe(format!("pragma table_info({table})")))
                    .fetch_all(&mut connection)
                    .await
                    .unwrap()
                    .iter()
                    .map(|row| row.get::<String, _>("name"))
                    .collect()
            }
            Concrete::Postgres(_) => {
                let mut connection =
                    <sqlx::PgConnection as sqlx::Connection>::connect(&self.location)
                        .await
                        .unwrap();
                sqlx::query(
                    "select column_name::text from information_schema.columns \
                     where table_schema = 'public' and table_name = $1 order by ordinal_position",
                )
                .bind(table)
                .fetch_all(&mut connection)
                .await
                .unwrap()
                .iter()
                .map(|row| row.get::<String, _>(0))
                .collect()
            }
        }
    }

    /// The single text column of every row a query returns.
    pub async fn text_column(&self, statement: &'static str) -> Vec<String> {
        use sqlx::Row;
        match &self.concrete {
            Concrete::Sqlite(_) => {
                let pool = sqlx::SqlitePool::connect(&self.location).await.unwrap();
                let rows = sqlx::query(statement).fetch_all(&pool).await.unwrap();
                rows.iter().map(|row| row.get::<String, _>(0)).collect()
            }
            Concrete::Postgres(_) => {
                let pool = sqlx::PgPool::connect(&self.location).await.unwrap();
                let rows = sqlx::query(statement).fetch_all(&pool).await.unwrap();
                rows.iter().map(|row| row.get::<String, _>(0)).collect()
            }
        }
    }

    /// Runs one statement straight on the database, as someone with access to its files
    /// or its server could, going round Pathway.
    pub async fn execute(&self, statement: &str) {
        execute_on(&self.location, statement).await;
    }

    /// Whether a SQLite table keeps a hidden row number (`rowid`), which would record
    /// the order rows were written in.
    pub async fn sqlite_table_has_rowid(&self, table: &str) -> bool {
        use sqlx::ConnectOptions;
        let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&self.location)
            .connect()
            .await
            .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("select rowid from {table}")))
            .fetch_all(&mut connection)
            .await
            .is_ok()
    }

    /// A second handle on the same database, with its own connections.
    pub async fn reopen(&self) -> TestStore {
        let concrete = match self.concrete {
            Concrete::Sqlite(_) => {
                Concrete::Sqlite(SqliteStore::open(&self.location).await.unwrap())
            }
            Concrete::Postgres(_) => {
                Concrete::Postgres(PostgresStore::open(&self.location).await.unwrap())
            }
        };
        TestStore::from_concrete(concrete, self.location.clone(), self._folder.clone())
    }

    fn from_concrete(
        concrete: Concrete,
        location: String,
        folder: Option<Arc<tempfile::TempDir>>,
    ) -> TestStore {
        let store: Arc<dyn Store> = match &concrete {
            Concrete::Sqlite(store) => Arc::new(store.clone()),
            Concrete::Postgres(store) => Arc::new(store.clone()),
        };
        TestStore {
            store,
            concrete,
            location,
            _folder: folder,
        }
    }
}

/// Opens a fresh, empty database of the running story's backend.
pub async fn open_store() -> TestStore {
    match backend() {
        Backend::Sqlite => {
            let folder = tempfile::tempdir().expect("a temporary folder");
            let location = folder
                .path()
                .join("pathway.db")
                .to_string_lossy()
                .into_owned();
            let store = SqliteStore::open(&location).await.expect("SQLite opens");
            TestStore::from_concrete(Concrete::Sqlite(store), location, Some(Arc::new(folder)))
        }
        Backend::Postgres => {
            let location = fresh_postgres_database().await;
            let store = PostgresStore::open(&location)
                .await
                .unwrap_or_else(|error| panic!("PostgreSQL opens {location}: {error}"));
            TestStore::from_concrete(Concrete::Postgres(store), location, None)
        }
    }
}

/// Runs one statement straight on the database at `location` (a SQLite file path or a
/// `postgres://` URL), going round Pathway, as someone tampering with it would.
pub async fn execute_on(location: &str, statement: &str) {
    let statement = sqlx::AssertSqlSafe(statement.to_owned());
    if location.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(location).await.unwrap();
        sqlx::query(statement).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        use sqlx::ConnectOptions;
        let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(location)
            .connect()
            .await
            .unwrap();
        sqlx::query(statement)
            .execute(&mut connection)
            .await
            .unwrap();
    }
}

/// Creates an empty database on the test server and gives its URL.
pub async fn fresh_postgres_database() -> String {
    static NUMBER: AtomicU32 = AtomicU32::new(0);
    let server = std::env::var(POSTGRES_VARIABLE).unwrap_or_else(|_| {
        panic!(
            "{POSTGRES_VARIABLE} is not set: run the README's test command (scripts/test), or \
             start a server with `scripts/postgres-cluster start DIR` and set \
             {POSTGRES_VARIABLE} to the URL it prints"
        )
    });
    let name = format!(
        "pathway_test_{}_{}",
        std::process::id(),
        NUMBER.fetch_add(1, Ordering::Relaxed)
    );
    let mut connection = <sqlx::PgConnection as sqlx::Connection>::connect(&server)
        .await
        .unwrap_or_else(|error| panic!("cannot reach the test PostgreSQL at {server}: {error}"));
    sqlx::Executor::execute(
        &mut connection,
        sqlx::AssertSqlSafe(format!("create database {name}")),
    )
    .await
    .expect("the test server creates a database");
    let base = server
        .rsplit_once('/')
        .map_or(server.as_str(), |(base, _)| base);
    format!("{base}/{name}")
}

/// Writes a story of store tests once and runs it on both backends: the test `name`
/// becomes `name::on_sqlite` and `name::on_postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident() $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn story() $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                $crate::run_on($crate::Backend::Sqlite, story()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                $crate::run_on($crate::Backend::Postgres, story()).await;
            }
        }
    };
}
