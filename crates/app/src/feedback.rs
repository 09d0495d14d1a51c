//! Changing a council's feedback sessions: every page, API call and import goes
//! through [`change_feedback`], so each change is checked and written in one
//! transaction with its one audit entry.

use pathway_domain::CouncilCode;
use pathway_domain::feedback::{Feedback, FeedbackChange, FeedbackChanges, FeedbackError};

use crate::audit::AuditEntry;
use crate::store::{SaveBatch, Store, StoreError};

/// Why a feedback change was not made.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackChangeError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// One of the changes cannot be made; the number is its place in the request,
    /// from 1.
    #[error("change {0}: {1}")]
    Refused(usize, FeedbackError),
}

/// Who asks for a change, and how the audit trail names it.
#[derive(Debug, Clone, Copy)]
pub struct ChangeRequest<'a> {
    /// The user's email or `cli:<user>`.
    pub actor: &'a str,
    /// The audit action, such as `feedback`.
    pub action: &'a str,
    /// What was changed, for the audit entry.
    pub description: &'a str,
}

/// Checks and writes feedback changes for one council: all of them or none.
pub async fn change_feedback(
    store: &dyn Store,
    council: CouncilCode,
    request: ChangeRequest<'_>,
    changes: Vec<FeedbackChange>,
) -> Result<Feedback, FeedbackChangeError> {
    let mut feedback = store.feedback(council).await?;
    for (index, change) in changes.iter().enumerate() {
        feedback
            .check(change)
            .map_err(|error| FeedbackChangeError::Refused(index + 1, error))?;
        feedback.apply(change.clone());
    }
    let audit = [AuditEntry {
        council,
        actor: request.actor.to_owned(),
        action: request.action.to_owned(),
        detail: request.description.to_owned(),
    }];
    store
        .save(SaveBatch {
            feedback: &[FeedbackChanges { council, changes }],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    Ok(feedback)
}
