//! What the shared queries of `crates/store-sql` need to know about SQLite: its sqlx
//! types, how a write transaction begins, and how a date column is read.

use std::borrow::Cow;

use pathway_app::StoreError;
use pathway_domain::values::{Date, parse_date};
use sqlx::AssertSqlSafe;

use crate::tables::{optional, required};

/// The database the shared queries run on.
pub(crate) type Db = sqlx::Sqlite;
/// One connection (or an open transaction, by deref).
pub(crate) type DbConnection = sqlx::SqliteConnection;
/// The connection pool.
pub(crate) type DbPool = sqlx::SqlitePool;
/// One row of a result.
pub(crate) type DbRow = sqlx::sqlite::SqliteRow;
/// The bound values of one statement.
pub(crate) type DbArguments = sqlx::sqlite::SqliteArguments;
/// The store the shared `Store` implementation is for.
pub(crate) type Backend = crate::SqliteStore;

/// IMMEDIATE takes the write lock at once, so two writers queue on the busy timeout
/// instead of one failing when it upgrades from reading.
pub(crate) const BEGIN_WRITE: &str = "begin immediate";

/// A read transaction sees one snapshot from its first read to its end (WAL mode).
pub(crate) const BEGIN_SNAPSHOT: &str = "begin";

/// SQLite accepts at most 32,766 bound values in one statement; stay below it.
pub(crate) const MAX_BOUND_VALUES: usize = 32_000;

/// A statement of the shared queries, whose `?` placeholders SQLite takes as written.
pub(crate) fn sql(statement: impl Into<Cow<'static, str>>) -> AssertSqlSafe<Cow<'static, str>> {
    AssertSqlSafe(statement.into())
}

/// Reads a date column, stored as text `YYYY-MM-DD`, through the domain's parser:
/// several times faster than the driver's format-string decoding, which matters when
/// loading millions of caseloads.
pub(crate) fn date(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<Date, StoreError> {
    required(row, table, column, parse_date)
}

/// Reads a date column that may be empty.
pub(crate) fn optional_date(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<Option<Date>, StoreError> {
    optional(row, table, column, parse_date)
}
