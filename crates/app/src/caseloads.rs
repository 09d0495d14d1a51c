//! Caseloads: recording counts and changing the council's caseload settings.
//!
//! Counts are workforce records (`caseloads.csv`), so recording them, from a page, the
//! API or `pathway caseloads import`, is an [`crate::import`] of a workforce holding
//! only caseloads: checked against the council's records and written all or nothing,
//! with its audit entry. Settings are checked by the domain and written in one batch
//! with theirs.

use pathway_domain::caseload::{CaseloadSettings, SettingsError};
use pathway_domain::records::Caseload;
use pathway_domain::workforce::SourceRows;
use pathway_domain::{BulkFile, CouncilCode, Workforce};

use crate::audit::AuditEntry;
use crate::import::{ImportError, ImportMode, ImportSource, ImportSummary, Upload, import};
use crate::store::{SaveBatch, Store, StoreError};

/// The audit action of recorded counts.
pub const RECORD_ACTION: &str = "record caseloads";

/// Records counts for one council: all of them or none. `rows` gives the row (or
/// item) each count came from, in order, for the problems' locations; `None` numbers
/// them from 2 as a spreadsheet would.
pub async fn record_caseloads(
    store: &dyn Store,
    council: CouncilCode,
    counts: Vec<Caseload>,
    rows: Option<Vec<u32>>,
    mode: ImportMode,
    actor: &str,
    description: &str,
) -> Result<ImportSummary, ImportError> {
    let mut source_rows = SourceRows::default();
    let numbers = rows.unwrap_or_else(|| (2..).take(counts.len()).collect());
    for row in numbers {
        source_rows.push(BulkFile::Caseloads, Some(row));
    }
    let mut workforce = Workforce::new(council);
    workforce.caseloads = counts;
    let upload = Upload {
        councils: vec![(council, workforce, source_rows)],
        files: vec![BulkFile::Caseloads],
    };
    let source = ImportSource {
        actor,
        description,
        action: RECORD_ACTION,
        council_names: &[],
    };
    import(store, upload, mode, source).await
}

/// Why settings were not changed.
#[derive(Debug, thiserror::Error)]
pub enum CaseloadSettingsError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The settings are not good; every problem, in the order of the form.
    #[error("{} problem(s) with the caseload settings", .0.len())]
    Invalid(Vec<SettingsError>),
}

/// Checks and saves a council's caseload settings, with an audit entry.
pub async fn put_caseload_settings(
    store: &dyn Store,
    council: CouncilCode,
    settings: CaseloadSettings,
    actor: &str,
) -> Result<(), CaseloadSettingsError> {
    let problems = settings.problems();
    if !problems.is_empty() {
        return Err(CaseloadSettingsError::Invalid(problems));
    }
    let bounds: Vec<String> = settings.band_bounds.iter().map(u32::to_string).collect();
    let audit = [AuditEntry {
        council,
        actor: actor.to_owned(),
        action: "caseload settings".to_owned(),
        detail: format!(
            "bands from {}; rising fast {} cases in {} days",
            bounds.join(", "),
            settings.rising_cases,
            settings.rising_days
        ),
    }];
    store
        .save(SaveBatch {
            caseload_settings: &[(council, settings)],
            audit: &audit,
            ..SaveBatch::default()
        })
        .await?;
    Ok(())
}

/// What every caseload view needs: the council's records, its settings and the
/// academy's ASYE caseload limit (the ASYE threshold).
#[derive(Debug, Clone)]
pub struct CaseloadRecords {
    /// The council's records.
    pub workforce: Workforce,
    /// Its caseload settings.
    pub settings: CaseloadSettings,
    /// The academy's ASYE caseload limit.
    pub asye_limit: u32,
}

/// Loads what the caseload views need for one council.
pub async fn caseload_records(
    store: &dyn Store,
    council: CouncilCode,
) -> Result<CaseloadRecords, StoreError> {
    Ok(CaseloadRecords {
        workforce: store.workforce(council).await?,
        settings: store.caseload_settings(council).await?,
        asye_limit: store.academy(council).await?.settings.asye_caseload_limit,
    })
}
