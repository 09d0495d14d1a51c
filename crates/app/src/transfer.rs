//! Moving a whole installation from one database to another (`pathway copy`): every
//! table's rows in a form neither database's types are tied to.

use chrono::NaiveDate;

/// One value of a stored row.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredValue {
    /// No value.
    Null,
    /// A whole number (or, in SQLite, a yes/no value as 0 or 1).
    Integer(i64),
    /// A number with a fraction.
    Real(f64),
    /// Text (or, in SQLite, a date as `YYYY-MM-DD`).
    Text(String),
    /// A yes/no value.
    Boolean(bool),
    /// A date.
    Date(NaiveDate),
}

/// Every row of one table, its columns named.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTable {
    /// The table's name, the same in every database.
    pub name: String,
    /// Its columns, in the order of each row's values.
    pub columns: Vec<String>,
    /// Its rows.
    pub rows: Vec<Vec<StoredValue>>,
}

/// Why an installation could not be copied.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// The target already holds councils or users: a copy goes into an empty database.
    #[error("the target database is not empty: it holds {0}; copy into a new, empty database")]
    TargetNotEmpty(String),
    /// A table of the source has no twin in the target (their versions differ).
    #[error("the target database has no table {0}: upgrade both to the same Pathway version first")]
    MissingTable(String),
    /// A value does not fit its column in the target.
    #[error("table {table}, column {column}: {reason}")]
    Value {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// What does not fit.
        reason: String,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}
