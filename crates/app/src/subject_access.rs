//! Answering a subject access request: everything Pathway holds about one person,
//! gathered once (see [`pathway_domain::subject_access`]) for the page, the downloads
//! and `pathway subject-access` alike, and recorded in the audit trail.
// [issue 11: subject access]

use chrono::{DateTime, Utc};
use pathway_domain::CouncilCode;
use pathway_domain::ids::WorkerId;
use pathway_domain::subject_access::{
    AccountDetails, ApiTokenDetails, AuditDetails, CouncilRecords, SubjectAccess, gather,
    mentions_worker,
};

use crate::audit::AuditEntry;
use crate::store::{Store, StoreError};

/// The audit trail's action for producing a subject access response.
pub const AUDIT_ACTION: &str = "subject-access";

/// Why a subject access response could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum SubjectAccessError {
    /// The council is not on this installation.
    #[error("council {0} is not on this installation")]
    UnknownCouncil(CouncilCode),
    /// The council has no worker with this ID.
    #[error("council {council} has no worker with ID {worker}")]
    UnknownWorker {
        /// The council.
        council: CouncilCode,
        /// The ID asked for.
        worker: WorkerId,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who asks for a response, and how it is given, for the audit trail.
#[derive(Debug, Clone, Copy)]
pub struct SubjectAccessRequest<'a> {
    /// The council holding the records.
    pub council: CouncilCode,
    /// The person.
    pub worker: &'a WorkerId,
    /// Who produces it: a user's email address or `cli:<user>`.
    pub actor: &'a str,
    /// How it is given, e.g. `page`, `json`, `pdf`, `to answer.json`: the end of the
    /// audit entry's detail.
    pub how: &'a str,
}

/// Gathers everything held about the person and records an audit entry
/// (`subject-access`, `worker <ID>: <how>`) for it. The entry is written after the
/// gathering, so the response lists the entries before it.
pub async fn subject_access(
    store: &dyn Store,
    request: SubjectAccessRequest<'_>,
    now: DateTime<Utc>,
) -> Result<SubjectAccess, SubjectAccessError> {
    let council = request.council;
    let known = store.councils().await?;
    let details = known
        .iter()
        .find(|known| known.code == council)
        .ok_or(SubjectAccessError::UnknownCouncil(council))?;
    let workforce = store.workforce(council).await?;
    let worker = workforce
        .workers
        .iter()
        .find(|worker| &worker.id == request.worker)
        .ok_or_else(|| SubjectAccessError::UnknownWorker {
            council,
            worker: request.worker.clone(),
        })?;
    let academy = store.academy(council).await?;
    let recruitment = store.recruitment(council).await?;
    let career = store.career(council).await?;
    let training = store.training(council).await?;
    let feedback = store.feedback(council).await?;
    let survey = store.survey(council).await?;

    let mut accounts = Vec::new();
    let mut actors = Vec::new();
    for account in store.worker_accounts(council, &worker.id).await? {
        let tokens = store.api_tokens(account.user.id).await?;
        let respondent = account.user.id.0.to_string();
        let mut answered = Vec::new();
        for year in survey.surveys.iter().map(|survey| survey.year) {
            if store
                .has_answered_survey(council, year, &respondent)
                .await?
            {
                answered.push(year);
            }
        }
        actors.push(account.user.email.clone());
        accounts.push(AccountDetails {
            email: account.user.email.clone(),
            role: account.user.role.as_str().to_owned(),
            created_at: account.created_at,
            api_tokens: tokens
                .into_iter()
                .map(|token| ApiTokenDetails {
                    name: token.name,
                    created_at: token.created_at,
                    last_used_at: token.last_used_at,
                    revoked_at: token.revoked_at,
                })
                .collect(),
            staff_surveys_answered: answered,
        });
    }
    let audit_trail = store
        .audit_mentioning(council, worker.id.as_str(), &actors)
        .await?
        .into_iter()
        .filter(|event| {
            actors.contains(&event.entry.actor) || mentions_worker(&event.entry.detail, &worker.id)
        })
        .map(|event| AuditDetails {
            at: event.at,
            actor: event.entry.actor,
            action: event.entry.action,
            detail: event.entry.detail,
        })
        .collect();

    let records = CouncilRecords {
        council: details,
        workforce: &workforce,
        academy: &academy,
        recruitment: &recruitment,
        career: &career,
        training: &training,
        feedback: &feedback,
    };
    let response = gather(records, worker, accounts, audit_trail, now, request.actor);
    store
        .record_audit(&[AuditEntry {
            council,
            actor: request.actor.to_owned(),
            action: AUDIT_ACTION.to_owned(),
            detail: format!("worker {}: {}", worker.id, request.how),
        }])
        .await?;
    Ok(response)
}
