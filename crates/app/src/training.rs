//! Changing a council's training and skills: every page, API call and import of
//! training goes through [`change_training`], so each change is checked against the
//! council's records and written in one transaction with its audit entry.
//!
//! British Sign Language and languages are on the worker record: a change to them is
//! a partial workforce upload, laid over the stored records as an import would, in the
//! same transaction as the register's own changes.

use pathway_domain::import::{self, ImportPlan};
use pathway_domain::training::{Training, TrainingChange, TrainingChanges, TrainingError};
use pathway_domain::workforce::SourceRows;
use pathway_domain::{CouncilCode, Problems, Workforce};

use crate::audit::AuditEntry;
use crate::store::{SaveBatch, Store, StoreError};

/// Why a training change was not made.
#[derive(Debug, thiserror::Error)]
pub enum TrainingChangeError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The worker records it changes (BSL, languages) break the council's rules.
    #[error("the change breaks the council's records: {} problem(s)", .0.total())]
    Invalid(Problems),
    /// One of the training changes cannot be made; the number is its place in the
    /// request, from 1.
    #[error("change {0}: {1}")]
    Refused(usize, TrainingError),
}

/// Who asks for a change, and how the audit trail names it.
#[derive(Debug, Clone, Copy)]
pub struct TrainingRequest<'a> {
    /// The user's email or `cli:<user>`.
    pub actor: &'a str,
    /// The audit action, such as `training`.
    pub action: &'a str,
    /// What was changed, for the audit entry, e.g. `register of SAFE date 2`.
    pub description: &'a str,
}

/// What a change wrote.
#[derive(Debug, Clone)]
pub struct TrainingChanged {
    /// The council's workforce after the change.
    pub workforce: Workforce,
    /// The council's training after the change.
    pub training: Training,
}

/// Checks and writes training changes for one council, with any worker records they
/// change (BSL and languages) laid over the stored ones as an import would; all of it
/// or none of it.
pub async fn change_training(
    store: &dyn Store,
    council: CouncilCode,
    request: TrainingRequest<'_>,
    workforce_changes: Option<Workforce>,
    changes: Vec<TrainingChange>,
) -> Result<TrainingChanged, TrainingChangeError> {
    let stored = store.workforce(council).await?;
    let mut training = store.training(council).await?;
    let plan = workforce_changes
        .map(|upload| import::plan(stored.clone(), upload, &SourceRows::default()))
        .transpose()
        .map_err(TrainingChangeError::Invalid)?;
    let workforce = plan.as_ref().map_or(stored, |plan| plan.workforce.clone());
    for (index, change) in changes.iter().enumerate() {
        training
            .check(&workforce, change)
            .map_err(|error| TrainingChangeError::Refused(index + 1, error))?;
        training.apply(change.clone());
    }
    let audit = [AuditEntry {
        council,
        actor: request.actor.to_owned(),
        action: request.action.to_owned(),
        detail: request.description.to_owned(),
    }];
    let plans: Vec<ImportPlan> = plan.into_iter().collect();
    store
        .save(SaveBatch {
            plans: &plans,
            training: &[TrainingChanges { council, changes }],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    Ok(TrainingChanged {
        workforce,
        training,
    })
}
