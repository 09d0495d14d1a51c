//! Importing records: every council in the upload is checked against what it already
//! holds, and only when nothing at all is wrong is anything written, in one
//! transaction.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use pathway_domain::academy::{Academy, AcademyChanges};
use pathway_domain::import::{self, ImportPlan, Tally};
use pathway_domain::recruitment::{Recruitment, RecruitmentChanges};
use pathway_domain::workforce::SourceRows;
use pathway_domain::{BulkFile, Council, CouncilCode, Problem, Problems, Workforce};

use crate::audit::AuditEntry;
use crate::store::{SaveBatch, Store, StoreError};

/// Records read from a bulk upload, one workforce per council, each with the
/// spreadsheet rows its records came from.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    /// Per council: the uploaded records and their rows.
    pub councils: Vec<(CouncilCode, Workforce, SourceRows)>,
    /// The files the upload held.
    pub files: Vec<BulkFile>,
}

impl Upload {
    /// An upload of records that did not come from a file, such as a generated demo
    /// council: each record is numbered as if it were on consecutive rows.
    pub fn generated(workforces: Vec<Workforce>) -> Self {
        let councils = workforces
            .into_iter()
            .map(|workforce| {
                let mut rows = SourceRows::default();
                for file in BulkFile::ALL {
                    for index in 0..workforce.count(file) {
                        rows.push(file, Some(u32::try_from(index + 2).unwrap_or(u32::MAX)));
                    }
                }
                (workforce.council, workforce, rows)
            })
            .collect();
        Self {
            councils,
            files: BulkFile::ALL.to_vec(),
        }
    }
}

/// Whether to write, or only check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Check, then write if nothing is wrong.
    Write,
    /// Check only; the database is not changed (`pathway check`).
    CheckOnly,
}

/// What an import did (or, when checking, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// Added, updated and unchanged rows per file present in the upload, summed over
    /// councils.
    pub files: Vec<(BulkFile, Tally)>,
    /// The councils the upload held.
    pub councils: Vec<CouncilCode>,
    /// Whether anything was written.
    pub written: bool,
}

/// Why an import was refused.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The upload breaks the format's rules; nothing was written.
    #[error("{} problem(s) found; nothing was imported", .0.total())]
    Invalid(Problems),
    /// The database failed; nothing was written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who is importing and from where, for the audit trail.
#[derive(Debug, Clone, Copy)]
pub struct ImportSource<'a> {
    /// Who: a user's sign-in name or `cli:<user>`.
    pub actor: &'a str,
    /// What: the file or folder's name, or `demo`.
    pub description: &'a str,
    /// The audit action: `import` or `demo`.
    pub action: &'a str,
    /// Names to give councils this import introduces.
    pub council_names: &'a [Council],
}

/// Checks an upload against each council's stored records and, in
/// [`ImportMode::Write`], writes it all in one transaction.
pub async fn import(
    store: &dyn Store,
    upload: Upload,
    mode: ImportMode,
    source: ImportSource<'_>,
) -> Result<ImportSummary, ImportError> {
    import_with_extras(store, upload, ImportExtras::default(), mode, source).await
}

/// What comes with an upload's records beyond the bulk format, as with a generated
/// demo council: its academy (sessions, registers, ASYE logs) and its recruitment
/// (posts, stage histories, candidates, ...), per council.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportExtras<'a> {
    /// Academy changes, per council.
    pub academy: &'a [AcademyChanges],
    /// Recruitment changes, per council.
    pub recruitment: &'a [RecruitmentChanges],
}

/// [`import`], with the academy and recruitment changes that come with the records:
/// each council's changes are checked against its planned records and its stored
/// academy or recruitment, and written in the same transaction, after the records they
/// refer to. A refused academy change is a problem of `academy_members.csv` (the
/// academy's file), a refused recruitment change one of `vacancies.csv`, with no row.
pub async fn import_with_extras(
    store: &dyn Store,
    upload: Upload,
    extras: ImportExtras<'_>,
    mode: ImportMode,
    source: ImportSource<'_>,
) -> Result<ImportSummary, ImportError> {
    let known: BTreeSet<CouncilCode> = store
        .councils()
        .await?
        .into_iter()
        .map(|council| council.code)
        .collect();
    let mut plans = Vec::with_capacity(upload.councils.len());
    let mut problems = Problems::new();
    let mut councils = Vec::new();
    for (council, workforce, rows) in upload.councils {
        councils.push(council);
        let stored = if known.contains(&council) {
            store.workforce(council).await?
        } else {
            Workforce::new(council)
        };
        match import::plan(stored, workforce, &rows) {
            Ok(plan) => plans.push(plan),
            Err(found) => problems.extend(found),
        }
    }
    for changes in extras.academy {
        let Some(plan) = plans
            .iter()
            .find(|plan| plan.workforce.council == changes.council)
        else {
            problems.push(extras_problem(
                BulkFile::AcademyMembers,
                format!(
                    "academy changes for council {}, which the upload does not hold",
                    changes.council
                ),
            ));
            continue;
        };
        let mut stored = if known.contains(&changes.council) {
            store.academy(changes.council).await?
        } else {
            Academy::default()
        };
        for (index, change) in changes.changes.iter().enumerate() {
            match stored.check(&plan.workforce, change) {
                Ok(()) => stored.apply(change.clone()),
                Err(error) => problems.push(extras_problem(
                    BulkFile::AcademyMembers,
                    format!(
                        "council {}: academy change {}: {error}",
                        changes.council,
                        index + 1
                    ),
                )),
            }
        }
    }
    for changes in extras.recruitment {
        let Some(plan) = plans
            .iter()
            .find(|plan| plan.workforce.council == changes.council)
        else {
            problems.push(extras_problem(
                BulkFile::Vacancies,
                format!(
                    "recruitment changes for council {}, which the upload does not hold",
                    changes.council
                ),
            ));
            continue;
        };
        let mut stored = if known.contains(&changes.council) {
            store.recruitment(changes.council).await?
        } else {
            Recruitment::default()
        };
        for (index, change) in changes.changes.iter().enumerate() {
            match stored.check(&plan.workforce, change) {
                Ok(()) => stored.apply(change.clone()),
                Err(error) => problems.push(extras_problem(
                    BulkFile::Vacancies,
                    format!(
                        "council {}: recruitment change {}: {error}",
                        changes.council,
                        index + 1
                    ),
                )),
            }
        }
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(ImportError::Invalid(problems));
    }

    let files = upload
        .files
        .iter()
        .map(|&file| {
            let mut tally = Tally::default();
            for plan in &plans {
                tally.add(plan.tallies[file.index()]);
            }
            (file, tally)
        })
        .collect();
    let mut summary = ImportSummary {
        files,
        councils,
        written: false,
    };
    if mode == ImportMode::CheckOnly {
        return Ok(summary);
    }

    let new_councils: Vec<Council> = summary
        .councils
        .iter()
        .filter(|code| !known.contains(code))
        .map(|&code| {
            source
                .council_names
                .iter()
                .find(|named| named.code == code)
                .cloned()
                .unwrap_or_else(|| Council::unnamed(code))
        })
        .collect();
    let audit: Vec<AuditEntry> = plans
        .iter()
        .map(|plan| AuditEntry {
            council: plan.workforce.council,
            actor: source.actor.to_owned(),
            action: source.action.to_owned(),
            detail: describe(source.description, plan, &upload.files),
        })
        .collect();
    store
        .save(SaveBatch {
            councils: &new_councils,
            plans: &plans,
            academy: extras.academy,
            recruitment: extras.recruitment,
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    summary.written = true;
    Ok(summary)
}

fn extras_problem(file: BulkFile, message: String) -> Problem {
    Problem {
        file,
        row: None,
        column: None,
        message,
    }
}

/// `from workforce.zip: workers.csv 3 added, 1 updated, 20 unchanged; ...`
fn describe(description: &str, plan: &ImportPlan, files: &[BulkFile]) -> String {
    let mut text = format!("from {description}:");
    for &file in files {
        let tally = plan.tallies[file.index()];
        let _ = write!(
            text,
            " {file} {} added, {} updated, {} unchanged;",
            tally.added, tally.updated, tally.unchanged
        );
    }
    text.pop();
    text
}
