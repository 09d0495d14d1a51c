//! What Pathway needs from a database.

use async_trait::async_trait;
use pathway_domain::academy::{Academy, AcademyChanges, CalendarScope};
use pathway_domain::import::ImportPlan;
use pathway_domain::recruitment::{Recruitment, RecruitmentChanges};
use pathway_domain::{Council, CouncilCode, Workforce};

use crate::accounts::{ApiToken, ApiTokenId, NewUser, Session, SessionOwner, User, UserId};
use crate::audit::{AuditChain, AuditEntry, AuditEvent};
use chrono::{DateTime, Utc};

/// Why the database could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened, created or migrated.
    #[error("cannot open the database {location}: {reason}")]
    Open {
        /// The path or URL given.
        location: String,
        /// What went wrong, in the database's words.
        reason: String,
    },
    /// A query failed.
    #[error("the database failed: {0}")]
    Query(String),
    /// The record already exists (an email address already in use, say).
    #[error("{0}")]
    Conflict(String),
    /// A stored value is not valid: the database was changed outside Pathway.
    #[error("the database holds an invalid value in {table}.{column}: {reason}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// A measures document as `pathway measures --json` wrote it, and the revisions of the
/// councils it was computed from, written as `888:3,840:1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptMeasures {
    /// The councils' revisions when the document was computed.
    pub revisions: String,
    /// The JSON document.
    pub document: String,
}

/// Everything one import (or demo install, or academy change) writes, in one
/// transaction: the councils it introduces, each council's changed records, academy
/// changes, and the audit entries.
#[derive(Debug, Clone, Copy, Default)]
pub struct SaveBatch<'a> {
    /// Councils to add if not yet known; a known council keeps its name.
    pub councils: &'a [Council],
    /// The checked plans whose changes to write.
    pub plans: &'a [ImportPlan],
    /// Academy changes to write after the plans' records (sessions refer to cohorts).
    pub academy: &'a [AcademyChanges],
    /// Recruitment changes to write after the plans' records (stage changes refer to
    /// vacancies, attendees to events).
    pub recruitment: &'a [RecruitmentChanges],
    /// Councils' new caseload settings, each replacing the council's old ones.
    pub caseload_settings: &'a [(CouncilCode, pathway_domain::caseload::CaseloadSettings)],
    /// Councils' new retention settings, each replacing the council's old ones.
    pub retention_settings: &'a [(CouncilCode, pathway_domain::retention::RetentionSettings)],
    /// Career pathway changes, written after the plans (assessments name workers).
    pub career: &'a [pathway_domain::career::CareerChanges],
    /// Training changes to write after the plans' records (bookings and skills refer
    /// to workers).
    pub training: &'a [pathway_domain::training::TrainingChanges],
    /// Feedback session changes, after the plans' records.
    pub feedback: &'a [pathway_domain::feedback::FeedbackChanges],
    /// Staff survey changes, after the plans' records (responses name teams).
    pub survey: &'a [pathway_domain::survey::SurveyChanges],
    /// Committee reports' words, each replacing those saved for its council and date.
    pub committee: &'a [crate::committee::SavedCommitteeDetails],
    /// What to record in the audit trail.
    pub audit: &'a [AuditEntry],
}

/// A database holding councils' workforce records.
///
/// Every method that touches a council's records takes the council as an argument:
/// no method can reach across councils by accident.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Answers when the database can be reached, for a load balancer's health check.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Every council on this installation, in code order.
    async fn councils(&self) -> Result<Vec<Council>, StoreError>;

    /// One council's whole record, each table in key order. A council with no records
    /// (or not yet known) gives an empty workforce.
    async fn workforce(&self, council: CouncilCode) -> Result<Workforce, StoreError>;

    /// One council's academy: programmes, sessions, attendance, checklist and ASYE
    /// records. A council with none gives an empty academy (with the default
    /// settings).
    async fn academy(&self, council: CouncilCode) -> Result<Academy, StoreError>;

    /// One council's recruitment records beyond the bulk format: posts, stage
    /// histories, candidates, event details and attendees, universities, placement
    /// details, international recruits and agency engagements. A council with none gives
    /// empty records (with the default settings).
    async fn recruitment(&self, council: CouncilCode) -> Result<Recruitment, StoreError>;

    /// Stores the hash of a new secret iCalendar feed token for a cohort or member,
    /// replacing the feed that scope had (so an old link stops working).
    async fn replace_calendar_feed(
        &self,
        council: CouncilCode,
        scope: &CalendarScope,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The council and scope of the calendar feed whose token has this hash.
    async fn calendar_feed(
        &self,
        token_hash: &str,
    ) -> Result<Option<(CouncilCode, CalendarScope)>, StoreError>;

    /// Writes a batch in one transaction: all of it or none of it.
    async fn save(&self, batch: SaveBatch<'_>) -> Result<(), StoreError>;

    /// How many times the council's records have been changed by [`Store::save`]
    /// (0 if never): anything read from them stays current while this is unchanged,
    /// whichever server or command made the change.
    async fn council_revision(&self, council: CouncilCode) -> Result<u64, StoreError>;

    /// Every changed council's records revision (councils never changed are left out:
    /// their revision is 0).
    async fn council_revisions(&self) -> Result<Vec<(CouncilCode, u64)>, StoreError>;

    /// The measures document kept under these options, if any.
    async fn kept_measures(&self, options: &str) -> Result<Option<KeptMeasures>, StoreError>;

    /// Keeps a measures document under its options, replacing the one kept before.
    async fn keep_measures(&self, options: &str, kept: &KeptMeasures) -> Result<(), StoreError>;

    /// Adds entries to the audit trail on their own, as when records are viewed.
    async fn record_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError>;

    /// The newest entries of a council's audit trail, newest first.
    async fn audit_trail(
        &self,
        council: CouncilCode,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError>;

    /// A council's whole audit trail exactly as stored, oldest first, with the chain's
    /// recorded head, read at one moment, for checking the chain.
    async fn audit_chain(&self, council: CouncilCode) -> Result<AuditChain, StoreError>;

    /// Adds a user; an email address already in use is [`StoreError::Conflict`].
    async fn add_user(&self, user: &NewUser) -> Result<User, StoreError>;

    /// The user with this (lower-case) email address, with their password hash.
    async fn user_with_password(&self, email: &str) -> Result<Option<(User, String)>, StoreError>;

    /// Records a failed sign-in for an email address, for throttling.
    async fn record_failed_sign_in(&self, email: &str, at: DateTime<Utc>)
    -> Result<(), StoreError>;

    /// How many sign-ins failed for an email address since a time.
    async fn failed_sign_ins_since(
        &self,
        email: &str,
        since: DateTime<Utc>,
    ) -> Result<u32, StoreError>;

    /// Stores a new session.
    async fn create_session(&self, session: &Session) -> Result<(), StoreError>;

    /// The unexpired session with this token hash, its user and their council's name.
    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionOwner>, StoreError>;

    /// Ends a session (signing out).
    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Stores a new API token (only its hash) for a user.
    async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<ApiToken, StoreError>;

    /// A user's API tokens, revoked ones included, newest first.
    async fn api_tokens(&self, user_id: UserId) -> Result<Vec<ApiToken>, StoreError>;

    /// Revokes one of a user's own API tokens; `false` if the user has no such token
    /// that is not already revoked.
    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: ApiTokenId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// The user of the unrevoked API token with this hash, noting that it was used.
    async fn user_for_api_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError>;
    /// One council's caseload settings: bands, thresholds per role and "rising fast";
    /// Pathway's defaults if it has never changed them.
    async fn caseload_settings(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::caseload::CaseloadSettings, StoreError>;
    /// One council's retention schedule: how many years it keeps employment and
    /// training records after the person left; 6 if it has never changed it.
    async fn retention_settings(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::retention::RetentionSettings, StoreError>;
    /// One council's career pathway records: its framework (none: Pathway's
    /// default), every self-assessment and every development plan's actions.
    async fn career(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::career::Career, StoreError>;
    /// One council's training: courses, dates, bookings, completions without a date
    /// and recorded skills. A council with none gives empty records (with the default
    /// settings).
    async fn training(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::training::Training, StoreError>;
    /// One council's feedback sessions with their themes and actions. A council with
    /// none gives none.
    async fn feedback(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::feedback::Feedback, StoreError>;

    /// One council's staff survey: settings (the default if never set), each year's
    /// survey and every anonymous response, in the order of their random IDs.
    async fn survey(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::survey::SurveyRecords, StoreError>;

    /// Whether a respondent (a user's ID as text) has answered a year's survey. Only
    /// this question is asked of who answered: it is never read with the answers.
    async fn has_answered_survey(
        &self,
        council: CouncilCode,
        year: u16,
        respondent: &str,
    ) -> Result<bool, StoreError>;

    // [issue 8: committee]
    /// A council's committee report words saved for a reference date, if any.
    async fn committee_details(
        &self,
        council: CouncilCode,
        date: pathway_domain::values::Date,
    ) -> Result<Option<crate::committee::SavedCommitteeDetails>, StoreError>;

    /// The words of the council's last report before a reference date, if any: what
    /// a new paper starts from.
    async fn committee_details_before(
        &self,
        council: CouncilCode,
        date: pathway_domain::values::Date,
    ) -> Result<Option<crate::committee::SavedCommitteeDetails>, StoreError>;

    // [issue 9: benchmarking]
    /// Every council on this installation with its region and whether it chose to be
    /// named in benchmarks, in code order; a council never placed is in "other" and
    /// anonymous.
    async fn installation_councils(
        &self,
    ) -> Result<Vec<pathway_domain::benchmarking::InstallationCouncil>, StoreError>;

    /// Adds a council with its region and naming, and its first user, in one
    /// transaction with the audit entries; a code or email address already in use is
    /// [`StoreError::Conflict`].
    async fn add_council(
        &self,
        council: &pathway_domain::benchmarking::InstallationCouncil,
        lead: &NewUser,
        audit: &[AuditEntry],
    ) -> Result<User, StoreError>;

    /// Changes a known council's name, region and naming, with the audit entries.
    async fn change_council(
        &self,
        council: &pathway_domain::benchmarking::InstallationCouncil,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError>;

    /// Adds a regional viewer and the councils they see, with the audit entries.
    async fn add_regional_viewer(
        &self,
        user: &NewUser,
        councils: &[CouncilCode],
        audit: &[AuditEntry],
    ) -> Result<User, StoreError>;

    /// The councils a regional viewer sees, in code order.
    async fn regional_viewer_councils(&self, user: UserId) -> Result<Vec<CouncilCode>, StoreError>;

    // [issue 11: subject access]
    /// The council's sign-in accounts whose own worker record is `worker`, oldest
    /// first, with when each was made.
    async fn worker_accounts(
        &self,
        council: CouncilCode,
        worker: &pathway_domain::ids::WorkerId,
    ) -> Result<Vec<crate::accounts::WorkerAccount>, StoreError>;

    /// The council's audit entries whose detail contains `text` (a superset: callers
    /// narrow it) or whose actor is one of `actors`, oldest first.
    async fn audit_mentioning(
        &self,
        council: CouncilCode,
        text: &str,
        actors: &[String],
    ) -> Result<Vec<AuditEvent>, StoreError>;
}
