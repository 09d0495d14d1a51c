//! The audit trail: who changed or looked at whose records, and when.

use chrono::{DateTime, Utc};
use pathway_domain::CouncilCode;

/// Something to record in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// The council whose records were touched.
    pub council: CouncilCode,
    /// Who did it: a user's sign-in name, or `cli:<operating-system user>`.
    pub actor: String,
    /// What was done, e.g. `import`, `export`, `demo`.
    pub action: String,
    /// What exactly: the file and the counts.
    pub detail: String,
}

/// An entry as stored, with its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The entry.
    pub entry: AuditEntry,
}
