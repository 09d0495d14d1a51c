//! API tokens: only each token's hash is stored.

use crate::db::DbPool;
use crate::db::{DbRow, sql};
use chrono::{DateTime, Utc};
use pathway_app::StoreError;
use pathway_app::accounts::{ApiToken, ApiTokenId, User, UserId};
use sqlx::Row;

use crate::accounts::{USER_COLUMNS, read_user, stamp};
use crate::query_failed;

const TOKEN_COLUMNS: &str = "id, user_id, name, token_hash, created_at, last_used_at, revoked_at";

fn time(column: &'static str, text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|error| StoreError::Corrupt {
            table: "api_tokens",
            column,
            reason: error.to_string(),
        })
}

fn optional_time(row: &DbRow, column: &'static str) -> Result<Option<DateTime<Utc>>, StoreError> {
    let text: Option<&str> = row.try_get(column).map_err(query_failed)?;
    text.map(|text| time(column, text)).transpose()
}

fn read_token(row: &DbRow) -> Result<ApiToken, StoreError> {
    let created: &str = row.try_get("created_at").map_err(query_failed)?;
    Ok(ApiToken {
        id: ApiTokenId(row.try_get("id").map_err(query_failed)?),
        user_id: UserId(row.try_get("user_id").map_err(query_failed)?),
        name: row.try_get("name").map_err(query_failed)?,
        token_hash: row.try_get("token_hash").map_err(query_failed)?,
        created_at: time("created_at", created)?,
        last_used_at: optional_time(row, "last_used_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}

pub(crate) async fn create(
    pool: &DbPool,
    user_id: UserId,
    name: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<ApiToken, StoreError> {
    let statement = format!(
        "insert into api_tokens (user_id, name, token_hash, created_at) values (?, ?, ?, ?) \
         returning {TOKEN_COLUMNS}"
    );
    let result = sqlx::query(sql(statement))
        .bind(user_id.0)
        .bind(name)
        .bind(token_hash)
        .bind(stamp(now))
        .fetch_one(pool)
        .await;
    match result {
        Ok(row) => read_token(&row),
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Err(
            StoreError::Conflict("that API token already exists".to_owned()),
        ),
        Err(sqlx::Error::Database(error)) if error.is_foreign_key_violation() => {
            Err(StoreError::Conflict("there is no such user".to_owned()))
        }
        Err(error) => Err(query_failed(error)),
    }
}

pub(crate) async fn list(pool: &DbPool, user_id: UserId) -> Result<Vec<ApiToken>, StoreError> {
    let statement =
        format!("select {TOKEN_COLUMNS} from api_tokens where user_id = ? order by id desc");
    sqlx::query(sql(statement))
        .bind(user_id.0)
        .fetch_all(pool)
        .await
        .map_err(query_failed)?
        .iter()
        .map(read_token)
        .collect()
}

pub(crate) async fn revoke(
    pool: &DbPool,
    user_id: UserId,
    token_id: ApiTokenId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = sqlx::query(sql(
        "update api_tokens set revoked_at = ? where id = ? and user_id = ? and revoked_at is null",
    ))
    .bind(stamp(now))
    .bind(token_id.0)
    .bind(user_id.0)
    .execute(pool)
    .await
    .map_err(query_failed)?;
    Ok(result.rows_affected() == 1)
}

pub(crate) async fn user_for(
    pool: &DbPool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<User>, StoreError> {
    let used = sqlx::query(sql(
        "update api_tokens set last_used_at = ? where token_hash = ? and revoked_at is null \
         returning user_id",
    ))
    .bind(stamp(now))
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .map_err(query_failed)?;
    let Some(used) = used else { return Ok(None) };
    let user_id: i64 = used.try_get("user_id").map_err(query_failed)?;
    let statement = format!("select {USER_COLUMNS} from users where users.id = ?");
    let row = sqlx::query(sql(statement))
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map_err(query_failed)?;
    row.as_ref().map(read_user).transpose()
}
