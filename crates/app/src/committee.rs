//! The committee report's own words: which set a report uses, and saving them. Every
//! page, API call and command that changes them goes through [`save_committee_details`],
//! so each change is checked (who may, which council, the words themselves) and
//! written in one transaction with its one audit entry.

use chrono::{DateTime, Utc};
use pathway_domain::CouncilCode;
use pathway_domain::access::{Permission, UserRole};
use pathway_domain::committee::{CommitteeDetails, CommitteeError};
use pathway_domain::values::Date;

use crate::audit::AuditEntry;
use crate::store::{SaveBatch, Store, StoreError};

/// The audit action of a change to the words.
pub const EDIT_ACTION: &str = "committee report words";
/// The audit action of viewing, downloading or writing the internal report, which
/// shows small numbers.
pub const VIEW_ACTION: &str = "view committee report";

/// One council's words for one reference date, with who last changed them and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCommitteeDetails {
    /// The council.
    pub council: CouncilCode,
    /// The reference date of the report they belong to.
    pub date: Date,
    /// The words.
    pub details: CommitteeDetails,
    /// The user's email, or `cli:<user>`.
    pub changed_by: String,
    /// When they were saved.
    pub changed_at: DateTime<Utc>,
}

/// Where a report's words came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailsSource {
    /// Saved for this very date.
    Saved,
    /// Carried over from the last report before this date (the date given).
    Earlier(Date),
    /// Nothing saved yet: Pathway's starting point.
    StartingPoint,
}

/// The words a council's report for a date uses: those saved for the date, else the
/// last report's before it, else [`CommitteeDetails::starting_point`].
pub async fn committee_details_for(
    store: &dyn Store,
    council: CouncilCode,
    date: Date,
) -> Result<(CommitteeDetails, DetailsSource), StoreError> {
    if let Some(saved) = store.committee_details(council, date).await? {
        return Ok((saved.details, DetailsSource::Saved));
    }
    Ok(match store.committee_details_before(council, date).await? {
        Some(earlier) => (earlier.details, DetailsSource::Earlier(earlier.date)),
        None => (
            CommitteeDetails::starting_point(),
            DetailsSource::StartingPoint,
        ),
    })
}

/// Who is changing the words.
#[derive(Debug, Clone, Copy)]
pub enum CommitteeEditor<'a> {
    /// A signed-in user (page or API): their role and council are checked.
    User {
        /// Their email, for the audit trail.
        email: &'a str,
        /// Their role, which must allow [`Permission::EditCommitteeReport`].
        role: UserRole,
        /// Their council, which must be the report's.
        council: Option<CouncilCode>,
    },
    /// Whoever runs the `pathway` command on the server (`cli:<user>`), who may
    /// change any council's words as they may any of its records.
    CommandLine(&'a str),
}

impl CommitteeEditor<'_> {
    fn actor(&self) -> &str {
        match self {
            Self::User { email, .. } => email,
            Self::CommandLine(actor) => actor,
        }
    }
}

/// Why the words were not saved.
#[derive(Debug, thiserror::Error)]
pub enum CommitteeSaveError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The editor may not change this council's report (a page shows "not found").
    #[error("you may not change council {0}'s committee report")]
    NotAllowed(CouncilCode),
    /// There is no such council.
    #[error("there is no council {0}")]
    UnknownCouncil(CouncilCode),
    /// The words cannot be saved; every problem, in the order of the form.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<CommitteeError>),
}

/// Checks and saves one council's words for one reference date, replacing any saved
/// before, with one audit entry.
pub async fn save_committee_details(
    store: &dyn Store,
    editor: CommitteeEditor<'_>,
    council: CouncilCode,
    date: Date,
    details: CommitteeDetails,
    now: DateTime<Utc>,
) -> Result<SavedCommitteeDetails, CommitteeSaveError> {
    if let CommitteeEditor::User {
        role, council: own, ..
    } = editor
        && (!role.allows(Permission::EditCommitteeReport) || own != Some(council))
    {
        return Err(CommitteeSaveError::NotAllowed(council));
    }
    if !store
        .councils()
        .await?
        .iter()
        .any(|known| known.code == council)
    {
        return Err(CommitteeSaveError::UnknownCouncil(council));
    }
    let problems = details.check();
    if !problems.is_empty() {
        return Err(CommitteeSaveError::Invalid(problems));
    }
    let saved = SavedCommitteeDetails {
        council,
        date,
        details,
        changed_by: editor.actor().to_owned(),
        changed_at: now,
    };
    let audit = [AuditEntry {
        council,
        actor: saved.changed_by.clone(),
        action: EDIT_ACTION.to_owned(),
        detail: format!("committee report of {date}: words saved"),
    }];
    store
        .save(SaveBatch {
            committee: std::slice::from_ref(&saved),
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    Ok(saved)
}
