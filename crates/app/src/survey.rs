//! Changing a council's staff survey: opening and closing it, its settings, answers
//! and imported responses all go through [`change_survey`], checked and written in one
//! transaction with one audit entry. An answer's audit entry says that someone
//! answered, never what.

use pathway_domain::CouncilCode;
use pathway_domain::survey::{SurveyChange, SurveyChanges, SurveyError, SurveyRecords};

use crate::audit::AuditEntry;
use crate::feedback::ChangeRequest;
use crate::store::{SaveBatch, Store, StoreError};

/// Why a survey change was not made.
#[derive(Debug, thiserror::Error)]
pub enum SurveyChangeError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// One of the changes cannot be made; the number is its place in the request,
    /// from 1.
    #[error("change {0}: {1}")]
    Refused(usize, SurveyError),
    /// The respondent has already answered this year's survey.
    #[error("you have already answered the {0} survey")]
    AlreadyAnswered(u16),
}

/// Checks and writes survey changes for one council: all of them or none.
pub async fn change_survey(
    store: &dyn Store,
    council: CouncilCode,
    request: ChangeRequest<'_>,
    changes: Vec<SurveyChange>,
) -> Result<SurveyRecords, SurveyChangeError> {
    let workforce = store.workforce(council).await?;
    let mut records = store.survey(council).await?;
    for (index, change) in changes.iter().enumerate() {
        records
            .check(&workforce.teams, change)
            .map_err(|error| SurveyChangeError::Refused(index + 1, error))?;
        if let SurveyChange::RecordRespondent { year, respondent } = change
            && store
                .has_answered_survey(council, *year, respondent)
                .await?
        {
            return Err(SurveyChangeError::AlreadyAnswered(*year));
        }
        records.apply(change.clone());
    }
    let audit = [AuditEntry {
        council,
        actor: request.actor.to_owned(),
        action: request.action.to_owned(),
        detail: request.description.to_owned(),
    }];
    let answered_year = changes.iter().find_map(|change| match change {
        SurveyChange::RecordRespondent { year, .. } => Some(*year),
        _ => None,
    });
    match store
        .save(SaveBatch {
            survey: &[SurveyChanges { council, changes }],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await
    {
        // Two answers sent at once: the database kept the first.
        Err(StoreError::Conflict(_)) if answered_year.is_some() => Err(
            SurveyChangeError::AlreadyAnswered(answered_year.unwrap_or_default()),
        ),
        other => other.map_err(SurveyChangeError::from).map(|()| records),
    }
}

/// A new response ID from the operating system's random numbers, so that IDs carry
/// nothing of who answered or when.
pub fn new_response_id() -> pathway_domain::survey::ResponseId {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system provides random numbers");
    pathway_domain::survey::ResponseId::from_random(u128::from_le_bytes(bytes))
}
