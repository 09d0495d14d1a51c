//! What Pathway needs from a database.

use async_trait::async_trait;
use pathway_domain::import::ImportPlan;
use pathway_domain::{Council, CouncilCode, Workforce};

use crate::audit::{AuditEntry, AuditEvent};

/// Why the database could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened, created or migrated.
    #[error("cannot open the database {location}: {reason}")]
    Open {
        /// The path or URL given.
        location: String,
        /// What went wrong, in the database's words.
        reason: String,
    },
    /// A query failed.
    #[error("the database failed: {0}")]
    Query(String),
    /// A stored value is not valid: the database was changed outside Pathway.
    #[error("the database holds an invalid value in {table}.{column}: {reason}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// Everything one import (or demo install) writes, in one transaction: the councils
/// it introduces, each council's changed records, and the audit entries.
#[derive(Debug, Clone, Copy)]
pub struct SaveBatch<'a> {
    /// Councils to add if not yet known; a known council keeps its name.
    pub councils: &'a [Council],
    /// The checked plans whose changes to write.
    pub plans: &'a [ImportPlan],
    /// What to record in the audit trail.
    pub audit: &'a [AuditEntry],
}

/// A database holding councils' workforce records.
///
/// Every method that touches a council's records takes the council as an argument:
/// no method can reach across councils by accident.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Every council on this installation, in code order.
    async fn councils(&self) -> Result<Vec<Council>, StoreError>;

    /// One council's whole record, each table in key order. A council with no records
    /// (or not yet known) gives an empty workforce.
    async fn workforce(&self, council: CouncilCode) -> Result<Workforce, StoreError>;

    /// Writes a batch in one transaction: all of it or none of it.
    async fn save(&self, batch: SaveBatch<'_>) -> Result<(), StoreError>;

    /// Adds entries to the audit trail on their own, as when records are viewed.
    async fn record_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError>;

    /// The newest entries of a council's audit trail, newest first.
    async fn audit_trail(
        &self,
        council: CouncilCode,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError>;
}
