//! Changing a council's career pathway: every page, API call and import of the
//! career pathway goes through [`change_career`], so each change is checked against
//! the council's records and written in one transaction with its audit entry.

use pathway_domain::career::{Career, CareerChange, CareerChanges, CareerError};
use pathway_domain::{CouncilCode, Workforce};

use crate::audit::AuditEntry;
use crate::store::{SaveBatch, Store, StoreError};

/// The audit action of every career pathway change.
pub const CAREER_ACTION: &str = "career";

/// Why a career change was not made.
#[derive(Debug, thiserror::Error)]
pub enum CareerChangeError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// One of the changes cannot be made; the number is its place in the request,
    /// from 1.
    #[error("change {0}: {1}")]
    Refused(usize, CareerError),
}

/// Who asks for a change, and how the audit trail names it.
#[derive(Debug, Clone, Copy)]
pub struct CareerRequest<'a> {
    /// The user's email or `cli:<user>`.
    pub actor: &'a str,
    /// What was changed, for the audit entry, e.g. `submitted assessment 2 of W12`.
    pub description: &'a str,
}

/// What a change wrote.
#[derive(Debug, Clone)]
pub struct CareerChanged {
    /// The council's workforce.
    pub workforce: Workforce,
    /// The council's career pathway records after the change.
    pub career: Career,
}

/// Checks and writes career changes for one council: all of them or none.
pub async fn change_career(
    store: &dyn Store,
    council: CouncilCode,
    request: CareerRequest<'_>,
    changes: Vec<CareerChange>,
) -> Result<CareerChanged, CareerChangeError> {
    let workforce = store.workforce(council).await?;
    let mut career = store.career(council).await?;
    for (index, change) in changes.iter().enumerate() {
        career
            .check(&workforce, change)
            .map_err(|error| CareerChangeError::Refused(index + 1, error))?;
        career.apply(change.clone());
    }
    let audit = [AuditEntry {
        council,
        actor: request.actor.to_owned(),
        action: CAREER_ACTION.to_owned(),
        detail: request.description.to_owned(),
    }];
    store
        .save(SaveBatch {
            career: &[CareerChanges { council, changes }],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    Ok(CareerChanged { workforce, career })
}
