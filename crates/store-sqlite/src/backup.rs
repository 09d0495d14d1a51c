//! Backup files, for `pathway backup` and `pathway restore`: a whole installation in
//! one SQLite database file with Pathway's schema, whichever database it came from, so
//! one format serves both and a backup can be opened with any SQLite tool.

use std::path::Path;

use pathway_app::StoreError;
use pathway_app::transfer::{StoredTable, StoredValue, TransferError};
use sqlx::sqlite::{SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Arguments, Row, SqlitePool};

use crate::{SqliteStore, query_failed};

/// Tables whose rows a backup leaves out: who is signed in now and recent failed
/// sign-ins belong to the running installation, not to its records. A restored
/// installation starts with nobody signed in.
pub const NOT_BACKED_UP: [&str; 2] = ["sessions", "failed_sign_ins"];

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// SQLite's default limit of bound values in one statement is 32,766.
const MAX_BOUND_VALUES: usize = 30_000;

/// Why a backup could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The file is not a backup Pathway wrote (nor a Pathway SQLite database).
    #[error("{path} is not a Pathway backup: {reason}")]
    NotABackup {
        /// The file.
        path: String,
        /// What it is instead.
        reason: String,
    },
    /// The backup comes from a newer Pathway, whose schema this one does not know.
    #[error(
        "{path} was made by a newer version of Pathway (schema version {found}; this \
         version knows up to {known}): restore it with that version or a later one"
    )]
    Newer {
        /// The file.
        path: String,
        /// The backup's schema version.
        found: i64,
        /// The newest schema version this program knows.
        known: i64,
    },
    /// SQLite's integrity or foreign key check found problems.
    #[error("{path} failed SQLite's integrity check: {}", problems.join("; "))]
    Damaged {
        /// The file.
        path: String,
        /// What the checks reported.
        problems: Vec<String>,
    },
    /// The file could not be read or written.
    #[error("{path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The rows did not fit the schema.
    #[error(transparent)]
    Transfer(#[from] TransferError),
}

/// What a sealed backup holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupContents {
    /// Councils.
    pub councils: i64,
    /// Users who can sign in.
    pub users: i64,
    /// Rows of every table together.
    pub rows: i64,
    /// Tables.
    pub tables: usize,
}

/// The newest schema version (migration number) this program knows.
pub fn schema_version() -> i64 {
    sqlx::migrate!("./migrations")
        .iter()
        .map(|migration| migration.version)
        .max()
        .unwrap_or(0)
}

impl SqliteStore {
    /// Writes a consistent snapshot of this database into the new file `path`:
    /// SQLite's `VACUUM INTO` reads everything in one read transaction, so a server
    /// writing meanwhile neither waits nor shows through half-done.
    pub async fn back_up_into(&self, path: &Path) -> Result<(), StoreError> {
        sqlx::query("vacuum into ?")
            .bind(path.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await
            .map_err(query_failed)?;
        Ok(())
    }

    /// Writes every table into this database, all or nothing. Unless `replace` is
    /// set, the database must hold no councils and no users; with it, every row it
    /// held before is deleted first, in the same transaction. Returns how many rows
    /// were deleted.
    pub async fn load_tables(
        &self,
        tables: &[StoredTable],
        replace: bool,
    ) -> Result<u64, TransferError> {
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        // References are checked when the transaction commits, so the order in which
        // tables are emptied and filled does not matter.
        sqlx::query("pragma defer_foreign_keys = on")
            .execute(&mut *transaction)
            .await
            .map_err(query_failed)?;
        if !replace {
            for (table, what) in [("councils", "councils"), ("users", "users")] {
                let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "select count(*) from {table}"
                )))
                .fetch_one(&mut *transaction)
                .await
                .map_err(query_failed)?;
                if count > 0 {
                    return Err(TransferError::TargetNotEmpty(format!("{count} {what}")));
                }
            }
        }
        let names: Vec<String> = sqlx::query_scalar(
            "select name from sqlite_master where type = 'table' \
             and name not like 'sqlite_%' and name <> '_sqlx_migrations' order by rowid",
        )
        .fetch_all(&mut *transaction)
        .await
        .map_err(query_failed)?;
        let revisions: Vec<(String, i64)> =
            sqlx::query_as("select council, revision from council_revisions")
                .fetch_all(&mut *transaction)
                .await
                .map_err(query_failed)?;
        let mut deleted = 0;
        for name in &names {
            deleted += sqlx::query(sqlx::AssertSqlSafe(format!("delete from \"{name}\"")))
                .execute(&mut *transaction)
                .await
                .map_err(query_failed)?
                .rows_affected();
        }
        for table in tables {
            if !names.contains(&table.name) {
                return Err(TransferError::MissingTable(table.name.clone()));
            }
            let known: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "select name from pragma_table_info('{}')",
                table.name
            )))
            .fetch_all(&mut *transaction)
            .await
            .map_err(query_failed)?;
            if let Some(column) = table.columns.iter().find(|c| !known.contains(c)) {
                return Err(TransferError::Value {
                    table: table.name.clone(),
                    column: column.clone(),
                    reason: "the target has no such column".to_owned(),
                });
            }
            let per_statement = (MAX_BOUND_VALUES / table.columns.len().max(1)).max(1);
            for chunk in table.rows.chunks(per_statement) {
                let mut arguments = SqliteArguments::default();
                for row in chunk {
                    for (value, column) in row.iter().zip(&table.columns) {
                        bind(&mut arguments, value).map_err(|reason| TransferError::Value {
                            table: table.name.clone(),
                            column: column.clone(),
                            reason,
                        })?;
                    }
                }
                sqlx::query_with(
                    sqlx::AssertSqlSafe(insert_sql(&table.name, &table.columns, chunk.len())),
                    arguments,
                )
                .execute(&mut *transaction)
                .await
                .map_err(query_failed)?;
            }
        }
        // A running server keeps what it read under each council's revision: every
        // council's revision moves past both the backup's and the one it replaces, so
        // nothing read before the restore is used after it.
        sqlx::query(
            "insert into council_revisions (council, revision) select code, 1 from councils \
             where true on conflict (council) do update set revision = revision + 1",
        )
        .execute(&mut *transaction)
        .await
        .map_err(query_failed)?;
        for (council, revision) in revisions {
            sqlx::query(
                "update council_revisions set revision = ?1 + 1 \
                 where council = ?2 and revision <= ?1",
            )
            .bind(revision)
            .bind(council)
            .execute(&mut *transaction)
            .await
            .map_err(query_failed)?;
        }
        transaction.commit().await.map_err(query_failed)?;
        Ok(deleted)
    }
}

fn insert_sql(table: &str, columns: &[String], rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "insert into \"{table}\" ({}) values {}",
        quoted.join(", "),
        vec![row; rows].join(", ")
    )
}

/// Binds one value as SQLite keeps it: yes/no as 0 or 1, dates as `YYYY-MM-DD`.
fn bind(arguments: &mut SqliteArguments, value: &StoredValue) -> Result<(), String> {
    let added = match value {
        StoredValue::Null => arguments.add(None::<i64>),
        StoredValue::Integer(number) => arguments.add(*number),
        StoredValue::Real(number) => arguments.add(*number),
        StoredValue::Text(text) => arguments.add(text.clone()),
        StoredValue::Boolean(yes) => arguments.add(i64::from(*yes)),
        StoredValue::Date(date) => arguments.add(date.format("%Y-%m-%d").to_string()),
    };
    added.map_err(|error| error.to_string())
}

/// Opens a backup file as it is, with one connection, without migrating it.
async fn open_file(path: &Path) -> Result<SqlitePool, BackupError> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Delete)
        .foreign_keys(true);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|error| BackupError::File {
            path: path.display().to_string(),
            reason: error.to_string(),
        })
}

/// SQLite's integrity and foreign key checks; an empty list means sound.
async fn problems(pool: &SqlitePool) -> Result<Vec<String>, StoreError> {
    let mut problems = Vec::new();
    for row in sqlx::query("pragma integrity_check")
        .fetch_all(pool)
        .await
        .map_err(query_failed)?
    {
        let line: String = row.try_get(0).map_err(query_failed)?;
        if line != "ok" {
            problems.push(line);
        }
    }
    for row in sqlx::query("pragma foreign_key_check")
        .fetch_all(pool)
        .await
        .map_err(query_failed)?
    {
        let table: String = row.try_get(0).map_err(query_failed)?;
        problems.push(format!("a row of {table} refers to a missing record"));
    }
    Ok(problems)
}

/// Writes tables read from another database (PostgreSQL) into a new backup file at
/// `path`, which must not exist.
pub async fn write_backup(path: &Path, tables: &[StoredTable]) -> Result<(), BackupError> {
    let store = SqliteStore::open(&path.to_string_lossy()).await?;
    let loaded = store.load_tables(tables, false).await;
    store.close().await;
    loaded?;
    Ok(())
}

/// Finishes a newly written backup file: empties the tables a backup leaves out
/// (overwriting their rows' bytes), makes it one self-contained file (no write-ahead
/// log), and runs SQLite's integrity and foreign key checks on it.
pub async fn seal_backup(path: &Path) -> Result<BackupContents, BackupError> {
    let pool = open_file(path).await?;
    let sealed = seal(&pool, path).await;
    pool.close().await;
    sealed
}

async fn seal(pool: &SqlitePool, path: &Path) -> Result<BackupContents, BackupError> {
    sqlx::query("pragma secure_delete = on")
        .execute(pool)
        .await
        .map_err(query_failed)?;
    for table in NOT_BACKED_UP {
        sqlx::query(sqlx::AssertSqlSafe(format!("delete from {table}")))
            .execute(pool)
            .await
            .map_err(query_failed)?;
    }
    let found = problems(pool).await?;
    if !found.is_empty() {
        return Err(BackupError::Damaged {
            path: path.display().to_string(),
            problems: found,
        });
    }
    contents(pool).await
}

async fn contents(pool: &SqlitePool) -> Result<BackupContents, BackupError> {
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(pool)
            .await
            .map_err(query_failed)
    };
    let councils = count("select count(*) from councils").await?;
    let users = count("select count(*) from users").await?;
    let names: Vec<String> = sqlx::query_scalar(
        "select name from sqlite_master where type = 'table' \
         and name not like 'sqlite_%' and name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .map_err(query_failed)?;
    let mut rows = 0;
    for name in &names {
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "select count(*) from \"{name}\""
        )))
        .fetch_one(pool)
        .await
        .map_err(query_failed)?;
        rows += count;
    }
    Ok(BackupContents {
        councils,
        users,
        rows,
        tables: names.len(),
    })
}

/// Reads every table of the backup file at `path`, checked: it must be a SQLite file
/// with Pathway's tables, of this version's schema or an older one, and pass SQLite's
/// integrity check. An older backup is brought up to date in a private copy under
/// `scratch` (a folder); the file itself is never changed. The tables a backup leaves
/// out come back empty.
pub async fn read_backup(
    path: &Path,
    scratch: &Path,
) -> Result<(Vec<StoredTable>, BackupContents), BackupError> {
    let shown = path.display().to_string();
    let not_a_backup = |reason: &str| BackupError::NotABackup {
        path: shown.clone(),
        reason: reason.to_owned(),
    };
    let file_error = |error: std::io::Error| BackupError::File {
        path: shown.clone(),
        reason: error.to_string(),
    };
    let mut header = [0_u8; 16];
    {
        use std::io::Read;
        let mut file = std::fs::File::open(path).map_err(file_error)?;
        if file.read_exact(&mut header).is_err() || &header != SQLITE_HEADER {
            return Err(not_a_backup("it is not a SQLite database file"));
        }
    }
    let copy = scratch.join("backup.db");
    std::fs::copy(path, &copy).map_err(file_error)?;

    let pool = open_file(&copy).await?;
    let checked = check_schema(&pool, &shown).await;
    pool.close().await;
    checked?;

    // Migrating the private copy brings an older backup to this version's schema.
    let store = SqliteStore::open(&copy.to_string_lossy()).await?;
    let read = async {
        let found = store.integrity_problems().await?;
        if !found.is_empty() {
            return Err(BackupError::Damaged {
                path: shown.clone(),
                problems: found,
            });
        }
        let mut tables = store.tables().await?;
        for table in &mut tables {
            if NOT_BACKED_UP.contains(&table.name.as_str()) {
                table.rows.clear();
            }
        }
        Ok(tables)
    }
    .await;
    store.close().await;
    let tables = read?;
    let users = tables
        .iter()
        .find(|table| table.name == "users")
        .map_or(0, |table| table.rows.len());
    let councils = tables
        .iter()
        .find(|table| table.name == "councils")
        .map_or(0, |table| table.rows.len());
    let contents = BackupContents {
        councils: councils as i64,
        users: users as i64,
        rows: tables.iter().map(|table| table.rows.len() as i64).sum(),
        tables: tables.len(),
    };
    Ok((tables, contents))
}

/// Refuses a file without Pathway's tables or with a newer schema than this program's.
async fn check_schema(pool: &SqlitePool, shown: &str) -> Result<(), BackupError> {
    let not_a_backup = |reason: String| BackupError::NotABackup {
        path: shown.to_owned(),
        reason,
    };
    let tables: Vec<String> =
        sqlx::query_scalar("select name from sqlite_master where type = 'table'")
            .fetch_all(pool)
            .await
            .map_err(|error| not_a_backup(format!("SQLite cannot read it: {error}")))?;
    for needed in ["_sqlx_migrations", "councils", "users"] {
        if !tables.iter().any(|name| name == needed) {
            return Err(not_a_backup(format!("it has no {needed} table")));
        }
    }
    let found: Option<i64> =
        sqlx::query_scalar("select max(version) from _sqlx_migrations where success")
            .fetch_one(pool)
            .await
            .map_err(query_failed)?;
    let known = schema_version();
    match found {
        None => Err(not_a_backup("its schema was never set up".to_owned())),
        Some(found) if found > known => Err(BackupError::Newer {
            path: shown.to_owned(),
            found,
            known,
        }),
        Some(_) => Ok(()),
    }
}
