//! What the shared queries of `crates/store-sql` need to know about PostgreSQL: its
//! sqlx types, its placeholders, how a write transaction begins, and how a date column
//! is read.

use std::borrow::Cow;

use pathway_app::StoreError;
use pathway_domain::values::Date;
use sqlx::AssertSqlSafe;

use crate::tables::get;

/// The database the shared queries run on.
pub(crate) type Db = sqlx::Postgres;
/// One connection (or an open transaction, by deref).
pub(crate) type DbConnection = sqlx::PgConnection;
/// The connection pool.
pub(crate) type DbPool = sqlx::PgPool;
/// One row of a result.
pub(crate) type DbRow = sqlx::postgres::PgRow;
/// The bound values of one statement.
pub(crate) type DbArguments = sqlx::postgres::PgArguments;
/// The store the shared `Store` implementation is for.
pub(crate) type Backend = crate::PostgresStore;

/// Read committed, PostgreSQL's default: each statement sees what was committed before
/// it, and rows being written are locked until the writer commits.
pub(crate) const BEGIN_WRITE: &str = "begin";

/// Repeatable read: every statement of the transaction sees the same snapshot, which
/// read committed does not promise.
pub(crate) const BEGIN_SNAPSHOT: &str = "begin isolation level repeatable read";

/// PostgreSQL accepts at most 65,535 bound values in one statement; stay well below it,
/// as SQLite does, so both write the same chunks.
pub(crate) const MAX_BOUND_VALUES: usize = 32_000;

/// A statement of the shared queries, written with `?` placeholders, in PostgreSQL's
/// numbered `$1, $2, …` form. A `?` inside a quoted literal is left alone.
pub(crate) fn sql(statement: impl Into<Cow<'static, str>>) -> AssertSqlSafe<Cow<'static, str>> {
    let statement = statement.into();
    if !statement.contains('?') {
        return AssertSqlSafe(statement);
    }
    AssertSqlSafe(Cow::Owned(numbered(&statement)))
}

fn numbered(statement: &str) -> String {
    let mut text = String::with_capacity(statement.len() + statement.len() / 4);
    let mut number = 0;
    let mut quoted = false;
    for character in statement.chars() {
        match character {
            '\'' => {
                quoted = !quoted;
                text.push(character);
            }
            '?' if !quoted => {
                number += 1;
                text.push('$');
                text.push_str(&number.to_string());
            }
            _ => text.push(character),
        }
    }
    text
}

/// Reads a `date` column.
pub(crate) fn date(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<Date, StoreError> {
    get(row, table, column)
}

/// Reads a `date` column that may be empty.
pub(crate) fn optional_date(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<Option<Date>, StoreError> {
    get(row, table, column)
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn placeholders_are_numbered_in_order_outside_quoted_text() {
        assert_eq!(
            numbered("select a from t where b = ? and c = '?' and d in (?, ?)"),
            "select a from t where b = $1 and c = '?' and d in ($2, $3)"
        );
    }
}
