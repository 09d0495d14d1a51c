//! The audit trail as a hash chain per council (see `pathway_app::audit`): appending
//! entries under the council's chain head, reading a council's whole chain, and
//! chaining the entries a database held before the chain existed.
//!
//! Appends to one council are serialised on its row of `audit_chain_heads`: the upsert
//! that reads the head also locks that row until the transaction ends (PostgreSQL), or
//! runs inside a write transaction that already excludes every other writer (SQLite).

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use pathway_app::audit::{
    AuditChain, ChainHead, ChainedAuditEntry, GENESIS_HASH, audit_time, entry_hash,
};
use pathway_app::{AuditEntry, StoreError};
use pathway_domain::CouncilCode;
use sqlx::Row;

use crate::db::{BEGIN_SNAPSHOT, BEGIN_WRITE, DbConnection, DbPool, sql};
use crate::query_failed;

/// Locks a council's chain head, starting it at the genesis hash if it has none, and
/// gives the newest entry's number and hash. The update that changes nothing is what
/// takes the row lock: a second writer waits here until the first commits, then reads
/// the head the first wrote.
async fn lock_head(connection: &mut DbConnection, council: &str) -> Result<ChainHead, StoreError> {
    let row = sqlx::query(sql(
        "insert into audit_chain_heads (council, last_id, hash) values (?, 0, ?) \
         on conflict (council) do update set hash = audit_chain_heads.hash \
         returning last_id, hash",
    ))
    .bind(council)
    .bind(GENESIS_HASH)
    .fetch_one(&mut *connection)
    .await
    .map_err(query_failed)?;
    Ok(ChainHead {
        last_id: row.try_get("last_id").map_err(query_failed)?,
        hash: row.try_get("hash").map_err(query_failed)?,
    })
}

async fn set_head(
    connection: &mut DbConnection,
    council: &str,
    head: &ChainHead,
) -> Result<(), StoreError> {
    sqlx::query(sql(
        "update audit_chain_heads set last_id = ?, hash = ? where council = ?",
    ))
    .bind(head.last_id)
    .bind(head.hash.as_str())
    .bind(council)
    .execute(&mut *connection)
    .await
    .map_err(query_failed)?;
    Ok(())
}

/// Appends entries to their councils' chains, in the caller's transaction. The time is
/// written here, as text, rather than by a column default, so that the hash covers
/// exactly what is stored and reads back the same on SQLite and PostgreSQL.
pub(crate) async fn insert_audit(
    connection: &mut DbConnection,
    entries: &[AuditEntry],
) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let at = audit_time(Utc::now());
    // Heads locked in council order, so that two writers to the same councils never
    // each hold one the other waits for.
    let councils: BTreeSet<CouncilCode> = entries.iter().map(|entry| entry.council).collect();
    let mut heads = BTreeMap::new();
    for council in councils {
        let code = council.to_string();
        let head = lock_head(connection, &code).await?;
        heads.insert(council, head);
    }
    for entry in entries {
        let head = heads
            .get_mut(&entry.council)
            .expect("every entry's council head is locked above");
        let hash = entry_hash(&head.hash, &at, entry);
        let id: i64 = sqlx::query_scalar(sql(
            "insert into audit_events (at, council, actor, action, detail, previous_hash, hash) \
             values (?, ?, ?, ?, ?, ?, ?) returning id",
        ))
        .bind(at.as_str())
        .bind(entry.council.to_string())
        .bind(entry.actor.as_str())
        .bind(entry.action.as_str())
        .bind(entry.detail.as_str())
        .bind(head.hash.as_str())
        .bind(hash.as_str())
        .fetch_one(&mut *connection)
        .await
        .map_err(query_failed)?;
        *head = ChainHead { last_id: id, hash };
    }
    for (council, head) in &heads {
        set_head(connection, &council.to_string(), head).await?;
    }
    Ok(())
}

fn parse_council(code: &str) -> Result<CouncilCode, StoreError> {
    CouncilCode::parse(code).map_err(|error| StoreError::Corrupt {
        table: "audit_events",
        column: "council",
        reason: error.to_string(),
    })
}

/// A council's whole trail and head, read in one snapshot so that an append made
/// meanwhile is either wholly in it or wholly not.
pub(crate) async fn audit_chain(
    pool: &DbPool,
    council: CouncilCode,
) -> Result<AuditChain, StoreError> {
    let code = council.to_string();
    let mut transaction = pool
        .begin_with(BEGIN_SNAPSHOT)
        .await
        .map_err(query_failed)?;
    let rows = sqlx::query(sql(
        "select id, at, actor, action, detail, previous_hash, hash from audit_events \
         where council = ? order by id",
    ))
    .bind(&code)
    .fetch_all(&mut *transaction)
    .await
    .map_err(query_failed)?;
    let head = sqlx::query(sql(
        "select last_id, hash from audit_chain_heads where council = ?",
    ))
    .bind(&code)
    .fetch_optional(&mut *transaction)
    .await
    .map_err(query_failed)?;
    transaction.commit().await.map_err(query_failed)?;
    let entries = rows
        .iter()
        .map(|row| {
            Ok(ChainedAuditEntry {
                id: row.try_get("id").map_err(query_failed)?,
                at: row.try_get("at").map_err(query_failed)?,
                entry: AuditEntry {
                    council,
                    actor: row.try_get("actor").map_err(query_failed)?,
                    action: row.try_get("action").map_err(query_failed)?,
                    detail: row.try_get("detail").map_err(query_failed)?,
                },
                previous_hash: row.try_get("previous_hash").map_err(query_failed)?,
                hash: row.try_get("hash").map_err(query_failed)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let head = head
        .map(|row| {
            Ok::<_, StoreError>(ChainHead {
                last_id: row.try_get("last_id").map_err(query_failed)?,
                hash: row.try_get("hash").map_err(query_failed)?,
            })
        })
        .transpose()?;
    Ok(AuditChain {
        council,
        entries,
        head,
    })
}

/// Chains the entries written before the chain existed (migration 0014), oldest first
/// from the genesis hash, for each council whose chain has not started. Run when the
/// database is opened; afterwards it finds nothing to do. A council whose chain has
/// started is never touched: an entry without a hash there was written outside
/// Pathway, and `pathway audit verify` reports it.
pub(crate) async fn chain_entries_written_before_the_chain(
    pool: &DbPool,
) -> Result<(), StoreError> {
    let councils: Vec<String> = sqlx::query_scalar(sql(
        "select distinct council from audit_events where hash is null and council not in \
         (select council from audit_chain_heads where last_id > 0) order by council",
    ))
    .fetch_all(pool)
    .await
    .map_err(query_failed)?;
    if councils.is_empty() {
        return Ok(());
    }
    let mut transaction = pool.begin_with(BEGIN_WRITE).await.map_err(query_failed)?;
    for code in councils {
        let council = parse_council(&code)?;
        let mut head = lock_head(&mut transaction, &code).await?;
        if head.last_id > 0 {
            // Another server opening the same database chained them first.
            continue;
        }
        let rows = sqlx::query(sql(
            "select id, at, actor, action, detail from audit_events \
             where council = ? and hash is null order by id",
        ))
        .bind(&code)
        .fetch_all(&mut *transaction)
        .await
        .map_err(query_failed)?;
        for row in rows {
            let id: i64 = row.try_get("id").map_err(query_failed)?;
            let at: String = row.try_get("at").map_err(query_failed)?;
            let entry = AuditEntry {
                council,
                actor: row.try_get("actor").map_err(query_failed)?,
                action: row.try_get("action").map_err(query_failed)?,
                detail: row.try_get("detail").map_err(query_failed)?,
            };
            let hash = entry_hash(&head.hash, &at, &entry);
            sqlx::query(sql(
                "update audit_events set previous_hash = ?, hash = ? where id = ?",
            ))
            .bind(head.hash.as_str())
            .bind(hash.as_str())
            .bind(id)
            .execute(&mut *transaction)
            .await
            .map_err(query_failed)?;
            head = ChainHead { last_id: id, hash };
        }
        set_head(&mut transaction, &code, &head).await?;
    }
    transaction.commit().await.map_err(query_failed)
}
