//! Councils on one installation: their regions and naming in benchmarks, adding a
//! council with its first user, and regional viewers' groups of councils.

use pathway_app::accounts::{NewUser, User, UserId};
use pathway_app::{AuditEntry, StoreError};
use pathway_domain::benchmarking::{InstallationCouncil, Region};
use pathway_domain::ids::{TeamId, WorkerId};
use pathway_domain::{Council, CouncilCode};
use sqlx::Row;

use crate::audit::insert_audit;
use crate::db::{BEGIN_WRITE, DbConnection, DbPool, sql};
use crate::query_failed;

fn corrupt(column: &'static str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table: "council_profiles",
        column,
        reason: reason.to_string(),
    }
}

pub(crate) async fn councils(pool: &DbPool) -> Result<Vec<InstallationCouncil>, StoreError> {
    let rows = sqlx::query(sql(
        "select councils.code, councils.name, council_profiles.region, council_profiles.named_in_benchmarks \
         from councils left join council_profiles on council_profiles.council = councils.code \
         order by councils.code"),
    )
    .fetch_all(pool)
    .await
    .map_err(query_failed)?;
    rows.iter()
        .map(|row| {
            let code: &str = row.try_get("code").map_err(query_failed)?;
            let region: Option<&str> = row.try_get("region").map_err(query_failed)?;
            let named: Option<bool> = row.try_get("named_in_benchmarks").map_err(query_failed)?;
            Ok(InstallationCouncil {
                council: Council {
                    code: CouncilCode::parse(code).map_err(|error| StoreError::Corrupt {
                        table: "councils",
                        column: "code",
                        reason: error.to_string(),
                    })?,
                    name: row.try_get("name").map_err(query_failed)?,
                },
                region: region
                    .map(Region::parse)
                    .transpose()
                    .map_err(|error| corrupt("region", error))?
                    .unwrap_or(Region::Other),
                named_in_benchmarks: named == Some(true),
            })
        })
        .collect()
}

async fn put_profile(
    connection: &mut DbConnection,
    council: &InstallationCouncil,
) -> Result<(), StoreError> {
    sqlx::query(sql(
        "insert into council_profiles (council, region, named_in_benchmarks) values (?, ?, ?) \
         on conflict (council) do update set region = excluded.region, \
         named_in_benchmarks = excluded.named_in_benchmarks",
    ))
    .bind(council.council.code.to_string())
    .bind(council.region.as_str())
    .bind(council.named_in_benchmarks)
    .execute(&mut *connection)
    .await
    .map_err(query_failed)?;
    Ok(())
}

/// Inserts a user within a transaction, as `accounts::add_user` does on its own.
async fn insert_user(connection: &mut DbConnection, user: &NewUser) -> Result<User, StoreError> {
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
    .fetch_one(&mut *connection)
    .await;
    let row = match result {
        Ok(row) => row,
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            return Err(StoreError::Conflict(format!(
                "a user with the email address {} already exists",
                user.email
            )));
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

pub(crate) async fn add_council(
    pool: &DbPool,
    council: &InstallationCouncil,
    lead: &NewUser,
    audit: &[AuditEntry],
) -> Result<User, StoreError> {
    let mut transaction = pool.begin_with(BEGIN_WRITE).await.map_err(query_failed)?;
    let code = council.council.code.to_string();
    let existing = sqlx::query(sql("select name from councils where code = ?"))
        .bind(&code)
        .fetch_optional(&mut *transaction)
        .await
        .map_err(query_failed)?;
    if existing.is_some() {
        return Err(StoreError::Conflict(format!(
            "a council with the code {code} is already on this installation"
        )));
    }
    sqlx::query(sql("insert into councils (code, name) values (?, ?)"))
        .bind(&code)
        .bind(council.council.name.as_str())
        .execute(&mut *transaction)
        .await
        .map_err(query_failed)?;
    put_profile(&mut transaction, council).await?;
    let user = insert_user(&mut transaction, lead).await?;
    insert_audit(&mut transaction, audit).await?;
    transaction.commit().await.map_err(query_failed)?;
    Ok(user)
}

pub(crate) async fn change_council(
    pool: &DbPool,
    council: &InstallationCouncil,
    audit: &[AuditEntry],
) -> Result<(), StoreError> {
    let mut transaction = pool.begin_with(BEGIN_WRITE).await.map_err(query_failed)?;
    let changed = sqlx::query(sql("update councils set name = ? where code = ?"))
        .bind(council.council.name.as_str())
        .bind(council.council.code.to_string())
        .execute(&mut *transaction)
        .await
        .map_err(query_failed)?;
    if changed.rows_affected() == 0 {
        return Err(StoreError::Conflict(format!(
            "council {} is not on this installation",
            council.council.code
        )));
    }
    put_profile(&mut transaction, council).await?;
    insert_audit(&mut transaction, audit).await?;
    transaction.commit().await.map_err(query_failed)
}

pub(crate) async fn add_regional_viewer(
    pool: &DbPool,
    user: &NewUser,
    councils: &[CouncilCode],
    audit: &[AuditEntry],
) -> Result<User, StoreError> {
    let mut transaction = pool.begin_with(BEGIN_WRITE).await.map_err(query_failed)?;
    let added = insert_user(&mut transaction, user).await?;
    for council in councils {
        let result = sqlx::query(sql(
            "insert into regional_viewer_councils (user_id, council) values (?, ?) on conflict do nothing"),
        )
        .bind(added.id.0)
        .bind(council.to_string())
        .execute(&mut *transaction)
        .await;
        match result {
            Ok(_) => {}
            Err(sqlx::Error::Database(error)) if error.is_foreign_key_violation() => {
                return Err(StoreError::Conflict(format!(
                    "council {council} is not on this installation"
                )));
            }
            Err(error) => return Err(query_failed(error)),
        }
    }
    insert_audit(&mut transaction, audit).await?;
    transaction.commit().await.map_err(query_failed)?;
    Ok(added)
}

pub(crate) async fn regional_viewer_councils(
    pool: &DbPool,
    user: UserId,
) -> Result<Vec<CouncilCode>, StoreError> {
    let rows = sqlx::query(sql(
        "select council from regional_viewer_councils where user_id = ? order by council",
    ))
    .bind(user.0)
    .fetch_all(pool)
    .await
    .map_err(query_failed)?;
    rows.iter()
        .map(|row| {
            let code: &str = row.try_get("council").map_err(query_failed)?;
            CouncilCode::parse(code).map_err(|error| StoreError::Corrupt {
                table: "regional_viewer_councils",
                column: "council",
                reason: error.to_string(),
            })
        })
        .collect()
}
