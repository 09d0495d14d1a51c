//! Writing a whole installation's tables into a PostgreSQL database, for `pathway copy`
//! and `pathway restore`, and reading them all in one snapshot, for `pathway backup`.

use std::collections::HashMap;

use pathway_app::StoreError;
use pathway_app::transfer::{StoredTable, StoredValue, TransferError};
use pathway_domain::values::parse_date;
use sqlx::postgres::PgArguments;
use sqlx::{Arguments, Row, TypeInfo, ValueRef};

use crate::{PostgresStore, query_failed};

/// Rows per insert statement: PostgreSQL takes at most 65,535 bound values.
const MAX_BOUND_VALUES: usize = 30_000;

/// The PostgreSQL types Pathway's schema uses, which decide how a value is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnType {
    Integer,
    Real,
    Text,
    Boolean,
    Date,
}

impl PostgresStore {
    /// Writes every table into this database, all or nothing, then moves each
    /// generated id past the highest copied one. The database must hold no councils
    /// and no users.
    pub async fn load_tables(&self, tables: &[StoredTable]) -> Result<(), TransferError> {
        self.load(tables, false).await.map(|_| ())
    }

    /// Replaces everything this database holds with `tables`, all or nothing: every
    /// Pathway table is emptied and filled in one transaction. Returns how many rows
    /// were deleted.
    pub async fn replace_tables(&self, tables: &[StoredTable]) -> Result<u64, TransferError> {
        self.load(tables, true).await
    }

    async fn load(&self, tables: &[StoredTable], replace: bool) -> Result<u64, TransferError> {
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        let revisions: Vec<(String, i64)> =
            sqlx::query_as("select council::text, revision::bigint from council_revisions")
                .fetch_all(&mut *transaction)
                .await
                .map_err(query_failed)?;
        let mut deleted = 0;
        if replace {
            let names = table_names(&mut transaction).await?;
            for name in &names {
                let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "select count(*) from \"{name}\""
                )))
                .fetch_one(&mut *transaction)
                .await
                .map_err(query_failed)?;
                deleted += count as u64;
            }
            // One statement for every table, so references between them do not matter.
            let quoted: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "truncate {} restart identity",
                quoted.join(", ")
            )))
            .execute(&mut *transaction)
            .await
            .map_err(query_failed)?;
        } else {
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
        for table in tables {
            let types = column_types(&mut transaction, &table.name).await?;
            if types.is_empty() {
                return Err(TransferError::MissingTable(table.name.clone()));
            }
            let kinds = table
                .columns
                .iter()
                .map(|column| {
                    types
                        .get(column)
                        .copied()
                        .ok_or_else(|| TransferError::Value {
                            table: table.name.clone(),
                            column: column.clone(),
                            reason: "the target has no such column".to_owned(),
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let per_statement = (MAX_BOUND_VALUES / table.columns.len().max(1)).max(1);
            for chunk in table.rows.chunks(per_statement) {
                let mut arguments = PgArguments::default();
                for row in chunk {
                    for ((value, kind), column) in row.iter().zip(&kinds).zip(&table.columns) {
                        bind(&mut arguments, value, *kind).map_err(|reason| {
                            TransferError::Value {
                                table: table.name.clone(),
                                column: column.clone(),
                                reason,
                            }
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
        // Identity columns: the next id follows the copied ones.
        let identities = sqlx::query(
            "select table_name::text, column_name::text from information_schema.columns \
             where table_schema = 'public' and is_identity = 'YES'",
        )
        .fetch_all(&mut *transaction)
        .await
        .map_err(query_failed)?;
        for row in identities {
            let table: String = row.try_get(0).map_err(query_failed)?;
            let column: String = row.try_get(1).map_err(query_failed)?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "select setval(pg_get_serial_sequence('{table}', '{column}'), \
                 coalesce(max({column}), 0) + 1, false) from {table}"
            )))
            .execute(&mut *transaction)
            .await
            .map_err(query_failed)?;
        }
        // A running server keeps what it read under each council's revision: every
        // council's revision moves past both the loaded one and the one it replaces,
        // so nothing read before is used after.
        sqlx::query(
            "insert into council_revisions (council, revision) select code, 1 from councils \
             on conflict (council) do update set revision = council_revisions.revision + 1",
        )
        .execute(&mut *transaction)
        .await
        .map_err(query_failed)?;
        for (council, revision) in revisions {
            sqlx::query(
                "update council_revisions set revision = $1 + 1 \
                 where council = $2 and revision <= $1",
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

    /// Every table of Pathway's schema with all its rows, read in one read-only
    /// repeatable-read transaction: a snapshot of one moment, however many servers
    /// write meanwhile. sqlx's own migration record is left out.
    pub async fn tables(&self) -> Result<Vec<StoredTable>, StoreError> {
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        sqlx::query("set transaction isolation level repeatable read, read only")
            .execute(&mut *transaction)
            .await
            .map_err(query_failed)?;
        let names = table_names(&mut transaction)
            .await
            .map_err(|error| match error {
                TransferError::Store(error) => error,
                other => StoreError::Query(other.to_string()),
            })?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let columns: Vec<String> = sqlx::query_scalar(
                "select column_name::text from information_schema.columns \
                 where table_schema = 'public' and table_name = $1 order by ordinal_position",
            )
            .bind(&name)
            .fetch_all(&mut *transaction)
            .await
            .map_err(query_failed)?;
            let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "select {} from \"{name}\"",
                quoted.join(", ")
            )))
            .fetch_all(&mut *transaction)
            .await
            .map_err(query_failed)?;
            let rows = rows
                .iter()
                .map(|row| (0..columns.len()).map(|index| value(row, index)).collect())
                .collect::<Result<_, _>>()?;
            tables.push(StoredTable {
                name,
                columns,
                rows,
            });
        }
        transaction.commit().await.map_err(query_failed)?;
        Ok(tables)
    }
}

/// Pathway's tables, oldest first; sqlx's migration record is not one of them.
async fn table_names(connection: &mut sqlx::PgConnection) -> Result<Vec<String>, TransferError> {
    Ok(sqlx::query_scalar(
        "select relname::text from pg_class where relnamespace = 'public'::regnamespace \
         and relkind in ('r', 'p') and relname <> '_sqlx_migrations' order by oid",
    )
    .fetch_all(&mut *connection)
    .await
    .map_err(query_failed)?)
}

/// One value as PostgreSQL holds it, by its column's type.
fn value(row: &sqlx::postgres::PgRow, index: usize) -> Result<StoredValue, StoreError> {
    let raw = row.try_get_raw(index).map_err(query_failed)?;
    if raw.is_null() {
        return Ok(StoredValue::Null);
    }
    let kind = raw.type_info().name().to_owned();
    let failed = query_failed;
    Ok(match kind.as_str() {
        "INT2" => StoredValue::Integer(i64::from(row.try_get::<i16, _>(index).map_err(failed)?)),
        "INT4" => StoredValue::Integer(i64::from(row.try_get::<i32, _>(index).map_err(failed)?)),
        "INT8" => StoredValue::Integer(row.try_get(index).map_err(failed)?),
        "FLOAT4" => StoredValue::Real(f64::from(row.try_get::<f32, _>(index).map_err(failed)?)),
        "FLOAT8" => StoredValue::Real(row.try_get(index).map_err(failed)?),
        "BOOL" => StoredValue::Boolean(row.try_get(index).map_err(failed)?),
        "DATE" => StoredValue::Date(row.try_get(index).map_err(failed)?),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => {
            StoredValue::Text(row.try_get(index).map_err(failed)?)
        }
        other => {
            return Err(StoreError::Query(format!(
                "column {index} holds a {other} value, which Pathway never stores"
            )));
        }
    })
}

async fn column_types(
    connection: &mut sqlx::PgConnection,
    table: &str,
) -> Result<HashMap<String, ColumnType>, TransferError> {
    let rows = sqlx::query(
        "select column_name::text, data_type::text from information_schema.columns \
         where table_schema = 'public' and table_name = $1",
    )
    .bind(table)
    .fetch_all(&mut *connection)
    .await
    .map_err(query_failed)?;
    rows.iter()
        .map(|row| {
            let column: String = row.try_get(0).map_err(query_failed)?;
            let data_type: String = row.try_get(1).map_err(query_failed)?;
            let kind = match data_type.as_str() {
                "bigint" | "integer" | "smallint" => ColumnType::Integer,
                "double precision" | "real" => ColumnType::Real,
                "boolean" => ColumnType::Boolean,
                "date" => ColumnType::Date,
                _ => ColumnType::Text,
            };
            Ok((column, kind))
        })
        .collect()
}

fn insert_sql(table: &str, columns: &[String], rows: usize) -> String {
    let width = columns.len();
    let values: Vec<String> = (0..rows)
        .map(|row| {
            let placeholders: Vec<String> = (1..=width)
                .map(|column| format!("${}", row * width + column))
                .collect();
            format!("({})", placeholders.join(", "))
        })
        .collect();
    // `overriding system value` keeps the copied ids of identity columns.
    format!(
        "insert into {table} ({}) overriding system value values {}",
        columns.join(", "),
        values.join(", ")
    )
}

/// Binds one value as its target column's type: SQLite keeps yes/no as 0 or 1 and
/// dates as text, PostgreSQL as `boolean` and `date`.
fn bind(arguments: &mut PgArguments, value: &StoredValue, kind: ColumnType) -> Result<(), String> {
    let added = match (value, kind) {
        (StoredValue::Null, ColumnType::Integer) => arguments.add(None::<i64>),
        (StoredValue::Null, ColumnType::Real) => arguments.add(None::<f64>),
        (StoredValue::Null, ColumnType::Text) => arguments.add(None::<String>),
        (StoredValue::Null, ColumnType::Boolean) => arguments.add(None::<bool>),
        (StoredValue::Null, ColumnType::Date) => arguments.add(None::<chrono::NaiveDate>),
        (StoredValue::Integer(number), ColumnType::Integer) => arguments.add(*number),
        (StoredValue::Integer(number), ColumnType::Real) => arguments.add(*number as f64),
        (StoredValue::Integer(0), ColumnType::Boolean) => arguments.add(false),
        (StoredValue::Integer(1), ColumnType::Boolean) => arguments.add(true),
        (StoredValue::Boolean(yes), ColumnType::Boolean) => arguments.add(*yes),
        (StoredValue::Real(number), ColumnType::Real) => arguments.add(*number),
        (StoredValue::Text(text), ColumnType::Text) => arguments.add(text.clone()),
        (StoredValue::Text(text), ColumnType::Date) => {
            let date = parse_date(text).map_err(|error| format!("{text:?}: {error}"))?;
            arguments.add(date)
        }
        (StoredValue::Date(date), ColumnType::Date) => arguments.add(*date),
        (value, kind) => return Err(format!("{value:?} cannot be stored as {kind:?}")),
    };
    added.map_err(|error| error.to_string())
}
