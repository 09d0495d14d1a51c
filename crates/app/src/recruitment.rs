//! Changing a council's recruitment records: every page, API call and import of
//! recruitment goes through [`change_recruitment`], so each change is checked against
//! the council's records and written in one transaction with its audit entry.

use pathway_domain::import::{self, ImportPlan};
use pathway_domain::recruitment::{
    Recruitment, RecruitmentChange, RecruitmentChanges, RecruitmentError,
};
use pathway_domain::workforce::SourceRows;
use pathway_domain::{CouncilCode, Problems, Workforce};

use crate::audit::AuditEntry;
use crate::store::{SaveBatch, Store, StoreError};

/// Why a recruitment change was not made.
#[derive(Debug, thiserror::Error)]
pub enum RecruitmentChangeError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The workforce records it adds or changes (a vacancy's stage, a new worker)
    /// break the council's rules.
    #[error("the change breaks the council's records: {} problem(s)", .0.total())]
    Invalid(Problems),
    /// One of the recruitment changes cannot be made; the number is its place in the
    /// request, from 1.
    #[error("change {0}: {1}")]
    Refused(usize, RecruitmentError),
}

/// Who asks for a change, and how the audit trail names it.
#[derive(Debug, Clone, Copy)]
pub struct RecruitmentRequest<'a> {
    /// The user's email or `cli:<user>`.
    pub actor: &'a str,
    /// The audit action, such as `recruitment`.
    pub action: &'a str,
    /// What was changed, for the audit entry, e.g. `vacancy V12 moved to interview`.
    pub description: &'a str,
}

/// What a change wrote.
#[derive(Debug, Clone)]
pub struct RecruitmentChanged {
    /// The council's workforce after the change.
    pub workforce: Workforce,
    /// The council's recruitment records after the change.
    pub recruitment: Recruitment,
}

/// Checks and writes recruitment changes for one council, with the workforce records
/// they need (a vacancy moved to a new stage, the worker a candidate becomes) laid
/// over the stored ones as an import would; all of it or none of it.
pub async fn change_recruitment(
    store: &dyn Store,
    council: CouncilCode,
    request: RecruitmentRequest<'_>,
    workforce_changes: Option<Workforce>,
    changes: Vec<RecruitmentChange>,
) -> Result<RecruitmentChanged, RecruitmentChangeError> {
    let stored = store.workforce(council).await?;
    let mut recruitment = store.recruitment(council).await?;
    let plan = workforce_changes
        .map(|upload| import::plan(stored.clone(), upload, &SourceRows::default()))
        .transpose()
        .map_err(RecruitmentChangeError::Invalid)?;
    let workforce = plan.as_ref().map_or(stored, |plan| plan.workforce.clone());
    for (index, change) in changes.iter().enumerate() {
        recruitment
            .check(&workforce, change)
            .map_err(|error| RecruitmentChangeError::Refused(index + 1, error))?;
        recruitment.apply(change.clone());
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
            councils: &[],
            plans: &plans,
            academy: &[],
            recruitment: &[RecruitmentChanges { council, changes }],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    Ok(RecruitmentChanged {
        workforce,
        recruitment,
    })
}
