//! What a subject access response reads beyond a council's records: the accounts
//! linked to a worker, and the audit entries that may be about them.
// [issue 11: subject access]

use crate::db::DbPool;
use crate::db::{DbRow, sql};
use chrono::{DateTime, Utc};
use pathway_app::StoreError;
use pathway_app::accounts::WorkerAccount;
use pathway_app::{AuditEntry, AuditEvent};
use pathway_domain::CouncilCode;
use pathway_domain::ids::WorkerId;
use sqlx::Row;

use crate::accounts::{USER_COLUMNS, read_user};
use crate::query_failed;

fn time(
    table: &'static str,
    column: &'static str,
    text: &str,
) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|error| StoreError::Corrupt {
            table,
            column,
            reason: error.to_string(),
        })
}

/// The council's accounts whose own worker record is `worker`, oldest first.
pub(crate) async fn worker_accounts(
    pool: &DbPool,
    council: CouncilCode,
    worker: &WorkerId,
) -> Result<Vec<WorkerAccount>, StoreError> {
    let statement = format!(
        "select {USER_COLUMNS}, users.created_at from users \
         where users.council = ? and users.worker_id = ? order by users.id"
    );
    let rows = sqlx::query(sql(statement))
        .bind(council.to_string())
        .bind(worker.as_str())
        .fetch_all(pool)
        .await
        .map_err(query_failed)?;
    rows.iter()
        .map(|row| {
            let created: &str = row.try_get("created_at").map_err(query_failed)?;
            Ok(WorkerAccount {
                user: read_user(row)?,
                created_at: time("users", "created_at", created)?,
            })
        })
        .collect()
}

/// Escapes `%`, `_` and the escape character itself for a `like … escape '!'`.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for character in text.chars() {
        if matches!(character, '%' | '_' | '!') {
            pattern.push('!');
        }
        pattern.push(character);
    }
    pattern.push('%');
    pattern
}

fn read_event(row: &DbRow, council: CouncilCode) -> Result<AuditEvent, StoreError> {
    let at: &str = row.try_get("at").map_err(query_failed)?;
    Ok(AuditEvent {
        at: time("audit_events", "at", at)?,
        entry: AuditEntry {
            council,
            actor: row.try_get("actor").map_err(query_failed)?,
            action: row.try_get("action").map_err(query_failed)?,
            detail: row.try_get("detail").map_err(query_failed)?,
        },
    })
}

/// The council's audit entries whose detail contains `text` or whose actor is one of
/// `actors`, oldest first. The caller narrows the detail match (a `like` cannot say
/// "as a whole word").
pub(crate) async fn audit_mentioning(
    pool: &DbPool,
    council: CouncilCode,
    text: &str,
    actors: &[String],
) -> Result<Vec<AuditEvent>, StoreError> {
    let mut statement = String::from(
        "select at, actor, action, detail from audit_events \
         where council = ? and (detail like ? escape '!'",
    );
    for _ in actors {
        statement.push_str(" or actor = ?");
    }
    statement.push_str(") order by id");
    let mut query = sqlx::query(sql(statement))
        .bind(council.to_string())
        .bind(like_pattern(text));
    for actor in actors {
        query = query.bind(actor.as_str());
    }
    let rows = query.fetch_all(pool).await.map_err(query_failed)?;
    rows.iter().map(|row| read_event(row, council)).collect()
}
