//! Exporting councils' records, for the bulk format's writer.

use pathway_domain::{CouncilCode, Workforce};

use crate::audit::AuditEntry;
use crate::store::{Store, StoreError};

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A council asked for is not on this installation.
    #[error("council {0} is not on this installation")]
    UnknownCouncil(CouncilCode),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Loads the whole record of the given councils (all councils if none are given),
/// and records in each council's audit trail who exported it and where to.
pub async fn export(
    store: &dyn Store,
    councils: &[CouncilCode],
    actor: &str,
    destination: &str,
) -> Result<Vec<Workforce>, ExportError> {
    let known: Vec<CouncilCode> = store
        .councils()
        .await?
        .into_iter()
        .map(|council| council.code)
        .collect();
    let chosen = if councils.is_empty() {
        known
    } else {
        if let Some(unknown) = councils.iter().find(|code| !known.contains(code)) {
            return Err(ExportError::UnknownCouncil(*unknown));
        }
        councils.to_vec()
    };
    let mut workforces = Vec::with_capacity(chosen.len());
    let mut audit = Vec::with_capacity(chosen.len());
    for council in chosen {
        let workforce = store.workforce(council).await?;
        audit.push(AuditEntry {
            council,
            actor: actor.to_owned(),
            action: "export".to_owned(),
            detail: format!(
                "to {destination}: {} workers, {} employments",
                workforce.workers.len(),
                workforce.employments.len()
            ),
        });
        workforces.push(workforce);
    }
    store.record_audit(&audit).await?;
    Ok(workforces)
}
