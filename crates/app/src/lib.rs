//! Pathway's use cases, independent of any database, file format or interface.
//!
//! The [`Store`] trait is what a database must provide; each database has its own
//! crate implementing it. The use cases here ([`import`], [`export`]) are what the CLI
//! and the web application call, so both behave alike.

pub mod academy;
pub mod accounts;
pub mod audit;
pub mod career;
pub mod caseloads;
pub mod committee;
pub mod export;
pub mod feedback;
pub mod import;
// [issue 9: benchmarking]
pub mod installation;
pub mod recruitment;
pub mod retention;
pub mod store;
// [issue 11: subject access]
pub mod subject_access;
pub mod survey;
pub mod training;
pub mod transfer;

pub use academy::{AcademyChangeError, AcademyChanged, AcademyRequest, change_academy};
pub use audit::{AuditChain, AuditEntry, AuditEvent, ChainBreak, ChainChecked};
pub use career::{CareerChangeError, CareerChanged, CareerRequest, change_career};
pub use caseloads::{
    CaseloadRecords, CaseloadSettingsError, caseload_records, put_caseload_settings,
    record_caseloads,
};
pub use committee::{
    CommitteeEditor, CommitteeSaveError, DetailsSource, SavedCommitteeDetails,
    committee_details_for, save_committee_details,
};
pub use export::{ExportError, export};
pub use feedback::{ChangeRequest, FeedbackChangeError, change_feedback};
pub use import::{
    ImportError, ImportExtras, ImportMode, ImportSource, ImportSummary, Upload, import,
    import_with_extras,
};
pub use recruitment::{
    RecruitmentChangeError, RecruitmentChanged, RecruitmentRequest, change_recruitment,
};
pub use retention::{
    RetentionError, RetentionReview, apply_retention, put_retention_settings, review_retention,
};
pub use store::{KeptMeasures, SaveBatch, Store, StoreError};
pub use subject_access::{SubjectAccessError, SubjectAccessRequest, subject_access};
pub use survey::{SurveyChangeError, change_survey, new_response_id};
pub use training::{TrainingChangeError, TrainingChanged, TrainingRequest, change_training};
