//! The retention schedule: finding what has expired for a council on a day, and
//! anonymising it all in one transaction with its audit entry.

use pathway_domain::academy::AcademyChanges;
use pathway_domain::career::CareerChanges;
use pathway_domain::import::{self, ImportPlan};
use pathway_domain::recruitment::RecruitmentChanges;
use pathway_domain::retention::{RetentionRun, RetentionSettings, retention_run};
use pathway_domain::values::Date;
use pathway_domain::workforce::SourceRows;
use pathway_domain::{CouncilCode, Problems};

use crate::audit::AuditEntry;
use crate::store::{SaveBatch, Store, StoreError};

/// Why the retention schedule could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The anonymised records break the council's rules (they should not: only
    /// names, numbers, dates of birth and words change).
    #[error("the anonymised records break the council's rules: {} problem(s)", .0.total())]
    Invalid(Problems),
}

/// What has expired for a council on a day, under its settings.
#[derive(Debug, Clone)]
pub struct RetentionReview {
    /// The council's retention settings.
    pub settings: RetentionSettings,
    /// The months unsuccessful candidates are kept (the recruitment settings).
    pub candidate_months: u32,
    /// Everything to anonymise.
    pub run: RetentionRun,
}

/// What has expired for `council` on `date`, writing nothing.
pub async fn review_retention(
    store: &dyn Store,
    council: CouncilCode,
    date: Date,
) -> Result<RetentionReview, StoreError> {
    let settings = store.retention_settings(council).await?;
    let workforce = store.workforce(council).await?;
    let academy = store.academy(council).await?;
    let career = store.career(council).await?;
    let recruitment = store.recruitment(council).await?;
    let run = retention_run(&workforce, &academy, &career, &recruitment, &settings, date);
    Ok(RetentionReview {
        settings,
        candidate_months: recruitment.settings.anonymise_after_months,
        run,
    })
}

/// The audit entry's words: what was anonymised, by ID only.
fn description(review: &RetentionReview, date: Date) -> String {
    let run = &review.run;
    let workers: Vec<&str> = run.workers.iter().map(|w| w.worker_id.as_str()).collect();
    let students: Vec<&str> = run.students.iter().map(|p| p.as_str()).collect();
    let candidates: Vec<&str> = run.candidates.iter().map(|c| c.as_str()).collect();
    format!(
        "retention schedule on {date}: anonymised {} record(s) of {} leaver(s) kept {} years [{}], {} student placement(s) [{}], {} unsuccessful candidate(s) kept {} months [{}], {} event attendee(s)",
        run.records(),
        run.workers.len(),
        review.settings.employment_years(),
        workers.join(" "),
        run.students.len(),
        students.join(" "),
        run.candidates.len(),
        review.candidate_months,
        candidates.join(" "),
        run.attendees,
    )
}

/// Anonymises everything that has expired for `council` on `date`, all of it or none
/// of it, with one audit entry naming the records by ID. Returns what was done
/// (nothing when nothing had expired: no write, no audit entry).
pub async fn apply_retention(
    store: &dyn Store,
    council: CouncilCode,
    date: Date,
    actor: &str,
) -> Result<RetentionReview, RetentionError> {
    let review = review_retention(store, council, date).await?;
    if review.run.is_empty() {
        return Ok(review);
    }
    let run = &review.run;
    let changed = &run.workforce;
    let plans: Vec<ImportPlan> = if changed.workers.is_empty()
        && changed.placements.is_empty()
        && changed.exit_interviews.is_empty()
    {
        Vec::new()
    } else {
        let stored = store.workforce(council).await?;
        vec![
            import::plan(stored, changed.clone(), &SourceRows::default())
                .map_err(RetentionError::Invalid)?,
        ]
    };
    let audit = [AuditEntry {
        council,
        actor: actor.to_owned(),
        action: "retention".to_owned(),
        detail: description(&review, date),
    }];
    store
        .save(SaveBatch {
            plans: &plans,
            academy: &[AcademyChanges {
                council,
                changes: run.academy.clone(),
            }],
            recruitment: &[RecruitmentChanges {
                council,
                changes: run.recruitment.clone(),
            }],
            career: &[CareerChanges {
                council,
                changes: run.career.clone(),
            }],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    Ok(review)
}

/// Changes how many years a council keeps employment and training records, with its
/// audit entry.
pub async fn put_retention_settings(
    store: &dyn Store,
    council: CouncilCode,
    settings: RetentionSettings,
    actor: &str,
) -> Result<(), StoreError> {
    let audit = [AuditEntry {
        council,
        actor: actor.to_owned(),
        action: "retention".to_owned(),
        detail: format!(
            "retention schedule: employment and training records kept {} years after the person left",
            settings.employment_years()
        ),
    }];
    store
        .save(SaveBatch {
            retention_settings: &[(council, settings)],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await
}
