//! Reading every table of a SQLite database, for `pathway copy`.

use pathway_app::StoreError;
use pathway_app::transfer::{StoredTable, StoredValue};
use sqlx::{Column, Row, TypeInfo, ValueRef};

use crate::{SqliteStore, query_failed};

impl SqliteStore {
    /// Every table of Pathway's schema with all its rows, in the order the tables were
    /// created, so that a table comes after the tables it refers to. sqlx's own
    /// migration record and SQLite's internal tables are left out.
    pub async fn tables(&self) -> Result<Vec<StoredTable>, StoreError> {
        let mut connection = self.pool.begin().await.map_err(query_failed)?;
        let names: Vec<String> = sqlx::query_scalar(
            "select name from sqlite_master where type = 'table' \
             and name not like 'sqlite_%' and name <> '_sqlx_migrations' order by rowid",
        )
        .fetch_all(&mut *connection)
        .await
        .map_err(query_failed)?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!("select * from \"{name}\"")))
                .fetch_all(&mut *connection)
                .await
                .map_err(query_failed)?;
            let columns: Vec<String> = match rows.first() {
                Some(row) => row.columns().iter().map(|c| c.name().to_owned()).collect(),
                None => sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                    "select name from pragma_table_info('{name}') order by cid"
                )))
                .fetch_all(&mut *connection)
                .await
                .map_err(query_failed)?,
            };
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
        connection.commit().await.map_err(query_failed)?;
        Ok(tables)
    }
}

/// One value as SQLite holds it: SQLite's types are those of the value, not the column.
fn value(row: &sqlx::sqlite::SqliteRow, index: usize) -> Result<StoredValue, StoreError> {
    let raw = row.try_get_raw(index).map_err(query_failed)?;
    if raw.is_null() {
        return Ok(StoredValue::Null);
    }
    let kind = raw.type_info().name().to_owned();
    Ok(match kind.as_str() {
        "INTEGER" => StoredValue::Integer(row.try_get(index).map_err(query_failed)?),
        "REAL" => StoredValue::Real(row.try_get(index).map_err(query_failed)?),
        "TEXT" => StoredValue::Text(row.try_get(index).map_err(query_failed)?),
        other => {
            return Err(StoreError::Query(format!(
                "column {index} holds a {other} value, which Pathway never stores"
            )));
        }
    })
}
