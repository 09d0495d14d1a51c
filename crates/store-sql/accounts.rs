//! Users and sessions.

use crate::db::DbPool;
use crate::db::{DbRow, sql};
use chrono::{DateTime, SecondsFormat, Utc};
use pathway_app::StoreError;
use pathway_app::accounts::{NewUser, Session, SessionOwner, User, UserId};
use pathway_domain::CouncilCode;
use pathway_domain::access::UserRole;
use pathway_domain::ids::{TeamId, WorkerId};
use sqlx::Row;

use crate::query_failed;

/// Times are stored as RFC 3339 text with milliseconds, which sorts as time does.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn corrupt(column: &'static str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table: "users",
        column,
        reason: reason.to_string(),
    }
}

pub(crate) const USER_COLUMNS: &str =
    "users.id, users.council, users.email, users.role, users.worker_id, users.teams";

pub(crate) fn read_user(row: &DbRow) -> Result<User, StoreError> {
    let council: Option<&str> = row.try_get("council").map_err(query_failed)?;
    let role: &str = row.try_get("role").map_err(query_failed)?;
    let worker: Option<&str> = row.try_get("worker_id").map_err(query_failed)?;
    let teams: &str = row.try_get("teams").map_err(query_failed)?;
    Ok(User {
        id: UserId(row.try_get("id").map_err(query_failed)?),
        council: council
            .map(CouncilCode::parse)
            .transpose()
            .map_err(|error| corrupt("council", error))?,
        email: row.try_get("email").map_err(query_failed)?,
        role: UserRole::parse(role).map_err(|error| corrupt("role", error))?,
        worker_id: worker
            .map(WorkerId::parse)
            .transpose()
            .map_err(|error| corrupt("worker_id", error))?,
        teams: teams
            .split(';')
            .filter(|team| !team.is_empty())
            .map(TeamId::parse)
            .collect::<Result<_, _>>()
            .map_err(|error| corrupt("teams", error))?,
    })
}

pub(crate) async fn add_user(pool: &DbPool, user: &NewUser) -> Result<User, StoreError> {
    let teams: Vec<&str> = user.teams.iter().map(TeamId::as_str).collect();
    let result = sqlx::query(sql(
        "insert into users (council, email, role, worker_id, teams, password_hash) values (?, ?, ?, ?, ?, ?) returning id"),
    )
    .bind(user.council.map(|code| code.to_string()))
    .bind(user.email.as_str())
    .bind(user.role.as_str())
    .bind(user.worker_id.as_ref().map(WorkerId::as_str))
    .bind(teams.join(";"))
    .bind(user.password_hash.as_str())
    .fetch_one(pool)
    .await;
    let row = match result {
        Ok(row) => row,
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            return Err(StoreError::Conflict(format!(
                "a user with the email address {} already exists",
                user.email
            )));
        }
        Err(sqlx::Error::Database(error)) if error.is_foreign_key_violation() => {
            return Err(StoreError::Conflict(
                "that council is not on this installation".to_owned(),
            ));
        }
        Err(error) => return Err(query_failed(error)),
    };
    Ok(User {
        id: UserId(row.try_get(0).map_err(query_failed)?),
        council: user.council,
        email: user.email.clone(),
        role: user.role,
        worker_id: user.worker_id.clone(),
        teams: user.teams.clone(),
    })
}

pub(crate) async fn user_with_password(
    pool: &DbPool,
    email: &str,
) -> Result<Option<(User, String)>, StoreError> {
    let statement =
        format!("select {USER_COLUMNS}, users.password_hash from users where email = ?");
    let row = sqlx::query(sql(statement))
        .bind(email)
        .fetch_optional(pool)
        .await
        .map_err(query_failed)?;
    row.map(|row| {
        Ok((
            read_user(&row)?,
            row.try_get("password_hash").map_err(query_failed)?,
        ))
    })
    .transpose()
}

pub(crate) async fn record_failed_sign_in(
    pool: &DbPool,
    email: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(sql("insert into failed_sign_ins (email, at) values (?, ?)"))
        .bind(email)
        .bind(stamp(at))
        .execute(pool)
        .await
        .map_err(query_failed)?;
    Ok(())
}

pub(crate) async fn failed_sign_ins_since(
    pool: &DbPool,
    email: &str,
    since: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let count: i64 = sqlx::query_scalar(sql(
        "select count(*) from failed_sign_ins where email = ? and at > ?",
    ))
    .bind(email)
    .bind(stamp(since))
    .fetch_one(pool)
    .await
    .map_err(query_failed)?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

pub(crate) async fn create_session(pool: &DbPool, session: &Session) -> Result<(), StoreError> {
    sqlx::query(sql(
        "insert into sessions (token_hash, user_id, csrf_token, expires_at) values (?, ?, ?, ?)",
    ))
    .bind(session.token_hash.as_str())
    .bind(session.user_id.0)
    .bind(session.csrf_token.as_str())
    .bind(stamp(session.expires_at))
    .execute(pool)
    .await
    .map_err(query_failed)?;
    Ok(())
}

pub(crate) async fn session(
    pool: &DbPool,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<SessionOwner>, StoreError> {
    let statement = format!(
        "select {USER_COLUMNS}, sessions.token_hash, sessions.csrf_token, sessions.expires_at, \
         councils.name as council_name, council_revisions.revision as council_revision \
         from sessions join users on users.id = sessions.user_id \
         left join councils on councils.code = users.council \
         left join council_revisions on council_revisions.council = users.council \
         where sessions.token_hash = ? and sessions.expires_at > ?"
    );
    let row = sqlx::query(sql(statement))
        .bind(token_hash)
        .bind(stamp(now))
        .fetch_optional(pool)
        .await
        .map_err(query_failed)?;
    let Some(row) = row else { return Ok(None) };
    let user = read_user(&row)?;
    let expires: &str = row.try_get("expires_at").map_err(query_failed)?;
    let expires_at = DateTime::parse_from_rfc3339(expires)
        .map_err(|error| StoreError::Corrupt {
            table: "sessions",
            column: "expires_at",
            reason: error.to_string(),
        })?
        .with_timezone(&Utc);
    let session = Session {
        token_hash: row.try_get("token_hash").map_err(query_failed)?,
        user_id: user.id,
        csrf_token: row.try_get("csrf_token").map_err(query_failed)?,
        expires_at,
    };
    Ok(Some(SessionOwner {
        session,
        user,
        council_name: row.try_get("council_name").map_err(query_failed)?,
        council_revision: row
            .try_get::<Option<i64>, _>("council_revision")
            .map_err(query_failed)?
            .map_or(0, i64::unsigned_abs),
    }))
}

pub(crate) async fn end_session(pool: &DbPool, token_hash: &str) -> Result<(), StoreError> {
    sqlx::query(sql("delete from sessions where token_hash = ?"))
        .bind(token_hash)
        .execute(pool)
        .await
        .map_err(query_failed)?;
    Ok(())
}
