//! Changing a council's academy: every page, API call and import of the academy
//! goes through [`change_academy`], so each change is checked against the council's
//! records, written in one transaction with its audit entry, and recorded members'
//! completion follows their attendance.

use pathway_domain::academy::session::completion;
use pathway_domain::academy::{Academy, AcademyChange, AcademyChanges, AcademyError};
use pathway_domain::import::{self, ImportPlan};
use pathway_domain::records::AcademyMember;
use pathway_domain::values::Date;
use pathway_domain::workforce::SourceRows;
use pathway_domain::{CouncilCode, Problems, Workforce};

use crate::audit::AuditEntry;
use crate::store::{SaveBatch, Store, StoreError};

/// Why an academy change was not made.
#[derive(Debug, thiserror::Error)]
pub enum AcademyChangeError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The workforce records it adds or changes (a cohort, its members) break the
    /// council's rules.
    #[error("the change breaks the council's records: {} problem(s)", .0.total())]
    Invalid(Problems),
    /// One of the academy changes cannot be made; the number is its place in the
    /// request, from 1.
    #[error("change {0}: {1}")]
    Refused(usize, AcademyError),
}

/// Who asks for a change, and how the audit trail names it.
#[derive(Debug, Clone, Copy)]
pub struct AcademyRequest<'a> {
    /// The user's email or `cli:<user>`.
    pub actor: &'a str,
    /// The audit action, such as `academy`.
    pub action: &'a str,
    /// What was changed, for the audit entry, e.g. `attendance for session 3 of C1`.
    pub description: &'a str,
    /// Today, for members' completion.
    pub today: Date,
}

/// What a change wrote.
#[derive(Debug, Clone)]
pub struct AcademyChanged {
    /// The council's workforce after the change.
    pub workforce: Workforce,
    /// The council's academy after the change.
    pub academy: Academy,
}

/// Checks and writes academy changes for one council, with workforce records they
/// need (a new cohort and its members, say) laid over the stored ones as an import
/// would. Members whose marks or cohort sessions the changes touch, who have now
/// attended (or caught up) every required session and have no completion date, get
/// one: the day of their last required session. Other members are left alone, so a
/// change never completes someone it was not about.
pub async fn change_academy(
    store: &dyn Store,
    council: CouncilCode,
    request: AcademyRequest<'_>,
    workforce_changes: Option<Workforce>,
    changes: Vec<AcademyChange>,
) -> Result<AcademyChanged, AcademyChangeError> {
    let stored = store.workforce(council).await?;
    let mut academy = store.academy(council).await?;
    let planned = |upload: Workforce| {
        import::plan(stored.clone(), upload, &SourceRows::default())
            .map_err(AcademyChangeError::Invalid)
    };
    let mut upload = workforce_changes;
    let merged = match &upload {
        Some(upload) => planned(upload.clone())?.workforce,
        None => stored.clone(),
    };
    for (index, change) in changes.iter().enumerate() {
        academy
            .check(&merged, change)
            .map_err(|error| AcademyChangeError::Refused(index + 1, error))?;
        academy.apply(change.clone());
    }
    let completed = newly_completed(&merged, &academy, &changes, request.today);
    let mut detail = request.description.to_owned();
    if !completed.is_empty() {
        let names: Vec<&str> = completed.iter().map(|m| m.worker_id().as_str()).collect();
        detail.push_str(&format!("; completed the programme: {}", names.join(", ")));
        let members = &mut upload
            .get_or_insert_with(|| Workforce::new(council))
            .academy_members;
        for member in completed {
            members.retain(|m| {
                !(m.cohort_id() == member.cohort_id() && m.worker_id() == member.worker_id())
            });
            members.push(member);
        }
    }
    let plan = upload.map(planned).transpose()?;
    let workforce = plan.as_ref().map_or(merged, |plan| plan.workforce.clone());

    let audit = [AuditEntry {
        council,
        actor: request.actor.to_owned(),
        action: request.action.to_owned(),
        detail,
    }];
    let plans: Vec<ImportPlan> = plan.into_iter().collect();
    store
        .save(SaveBatch {
            councils: &[],
            plans: &plans,
            academy: &[AcademyChanges { council, changes }],
            recruitment: &[],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    Ok(AcademyChanged { workforce, academy })
}

/// The memberships touched by `changes` that attendance now completes but that have
/// no completion date.
fn newly_completed(
    workforce: &Workforce,
    academy: &Academy,
    changes: &[AcademyChange],
    today: Date,
) -> Vec<AcademyMember> {
    let touched = |member: &AcademyMember| {
        changes.iter().any(|change| match change {
            AcademyChange::PutAttendance(mark) => {
                &mark.cohort_id == member.cohort_id() && &mark.worker_id == member.worker_id()
            }
            AcademyChange::PutSession(session) => &session.cohort_id == member.cohort_id(),
            AcademyChange::RemoveSession { cohort_id, .. } => cohort_id == member.cohort_id(),
            _ => false,
        })
    };
    workforce
        .academy_members
        .iter()
        .filter(|member| member.completed_on().is_none() && touched(member))
        .filter_map(|member| {
            let sessions: Vec<_> = academy
                .sessions_of(member.cohort_id())
                .into_iter()
                .cloned()
                .collect();
            let marks: Vec<_> = academy
                .attendance_of(member.cohort_id())
                .into_iter()
                .cloned()
                .collect();
            let done = completion(&sessions, &marks, member.worker_id(), today).completed_on?;
            AcademyMember::new(
                member.cohort_id().clone(),
                member.worker_id().clone(),
                member.joined_on(),
                Some(done.max(member.joined_on())),
                member.asye_outcome(),
            )
            .ok()
        })
        .collect()
}
