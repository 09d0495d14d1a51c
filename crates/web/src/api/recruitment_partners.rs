//! `/api/v1/recruitment/...`: university partners and placements with their
//! conversion into hires, international recruits with their check-ins and alerts,
//! agency engagements with their breaches and sign-offs, and the recruitment
//! settings; with the same permissions and reach as the pages (universities and
//! placements for whoever sees recruitment, a team manager their teams' placements;
//! the rest for those who run recruitment).
//!
//! Every change goes through `pathway_app::change_recruitment`; a change it refuses
//! is answered 422 with its reason. Reading international recruits or agency
//! engagements is recorded in the audit trail, as on the pages.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use pathway_app::accounts::User;
use pathway_app::{AuditEntry, RecruitmentRequest, change_recruitment};
use pathway_domain::codes::{PlacementNumber, PlacementOutcome};
use pathway_domain::ids::{EngagementId, PlacementId, TeamId, UniversityId, VacancyId, WorkerId};
use pathway_domain::measures::employment_survival::KaplanMeierFigures;
use pathway_domain::records::Placement;
use pathway_domain::recruitment::agency::AgencyBreach;
use pathway_domain::recruitment::international::{
    check_ins_due, next_check_in, retention, still_employed, swe_status_counts, visa_alert,
    visa_alerts,
};
use pathway_domain::recruitment::placements::{Conversion, conversion, hired, is_running};
use pathway_domain::recruitment::{
    AgencyEngagement, AgencyJobType, CheckIn, InternationalRecruit, PlacementDetails, PriceCap,
    Recruitment, RecruitmentChange, RecruitmentSettings, Settling, SignOff, SweStatus, University,
    VisaType,
};
use pathway_domain::{CouncilCode, Workforce};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiUser;
use super::error::{ApiError, ErrorBody, body};
use crate::AppState;
use crate::html::recruitment::{CHANGE_ACTION, RecruitmentReach, refusal_messages, today};

// ---------------------------------------------------------------- codes, for the schema

/// First (`1`) or final (`2`) placement.
#[derive(ToSchema)]
#[allow(dead_code)]
pub enum PlacementNumberCode {
    /// The first placement.
    #[serde(rename = "1")]
    First,
    /// The final placement.
    #[serde(rename = "2")]
    Final,
}

/// What came of a placement, as the bulk format spells it.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum PlacementOutcomeCode {
    /// Offered a job.
    Offered,
    /// Accepted a job.
    Accepted,
    /// Declined a job.
    Declined,
    /// Not offered a job.
    NotOffered,
}

/// An international recruit's visa.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum VisaTypeCode {
    /// Health and Care Worker visa.
    HealthAndCareWorker,
    /// Skilled Worker visa.
    SkilledWorker,
    /// A family or partner visa.
    Family,
    /// Another visa.
    Other,
    /// No visa needed.
    NotNeeded,
}

/// Where a Social Work England registration stands.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SweStatusCode {
    /// Not applied yet.
    NotApplied,
    /// Applied, not yet decided.
    Applied,
    /// Registered.
    Registered,
    /// Refused.
    Refused,
}

/// How a recruit is settling.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SettlingCode {
    /// Settling well.
    Well,
    /// Some concerns to follow up.
    SomeConcerns,
    /// Struggling: needs support now.
    Struggling,
}

/// An agency job, as the price caps group them.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum AgencyJobTypeCode {
    /// Social worker.
    SocialWorker,
    /// Senior social worker.
    SeniorSocialWorker,
    /// Advanced practitioner.
    AdvancedPractitioner,
    /// Team manager.
    TeamManager,
    /// Independent reviewing officer or child protection chair.
    #[serde(rename = "iro_or_cp_chair")]
    IroOrChair,
}

/// A check-in's due state.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckInStateCode {
    /// Due within 14 days, or today.
    DueSoon,
    /// Past its due date.
    Overdue,
    /// Due later.
    NotYetDue,
}

impl CheckInStateCode {
    fn of(due_on: NaiveDate, today: NaiveDate) -> Self {
        use pathway_domain::academy::asye::DueState;
        match DueState::of(due_on, None, today) {
            DueState::Overdue => Self::Overdue,
            DueState::DueSoon => Self::DueSoon,
            DueState::NotYetDue | DueState::Done(_) => Self::NotYetDue,
        }
    }
}

// ---------------------------------------------------------------- bodies: placements

/// What came of a group of placements.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversionBody {
    /// Placements.
    pub placed: u64,
    /// Still running (no end, or ending after today) with no outcome or hire yet.
    pub running: u64,
    /// Students offered a job (offered, accepted or declined).
    pub offers: u64,
    /// Students who accepted.
    pub accepted: u64,
    /// Students who declined.
    pub declined: u64,
    /// Students hired: the placement names the worker, or a candidate from it started.
    pub hired: u64,
    /// Hired out of the placements not running; none when there are none.
    pub rate: Option<f64>,
}

impl ConversionBody {
    fn of(conversion: &Conversion) -> Self {
        Self {
            placed: conversion.counts.placed,
            running: conversion.running,
            offers: conversion.counts.offers,
            accepted: conversion.counts.accepted,
            declined: conversion.counts.declined,
            hired: conversion.counts.hired,
            rate: conversion.rate,
        }
    }
}

/// One university's conversion.
#[derive(Debug, Serialize, ToSchema)]
pub struct UniversityConversionBody {
    /// The partner's name, or the placements' when no partner matches.
    pub university: String,
    /// Whether it is a partner.
    pub partner: bool,
    /// What came of its placements.
    #[serde(flatten)]
    pub conversion: ConversionBody,
}

/// One placement number's conversion.
#[derive(Debug, Serialize, ToSchema)]
pub struct NumberConversionBody {
    /// `1` (first) or `2` (final).
    #[schema(value_type = PlacementNumberCode)]
    pub number: PlacementNumber,
    /// What came of those placements.
    #[serde(flatten)]
    pub conversion: ConversionBody,
}

/// Conversion of students into hires.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementConversionBody {
    /// All placements within reach.
    pub total: ConversionBody,
    /// First, then final placements.
    pub by_placement_number: Vec<NumberConversionBody>,
    /// By university, partners with none too.
    pub by_university: Vec<UniversityConversionBody>,
}

/// A university partner.
#[derive(Debug, Serialize, ToSchema)]
pub struct UniversityBody {
    /// The council's ID for it.
    pub university_id: String,
    /// Its name, as placements write it.
    pub name: String,
    /// The council's contact there (to those who run recruitment; else none).
    pub contact: Option<String>,
    /// Since when the partnership runs.
    pub partner_since: Option<NaiveDate>,
}

impl UniversityBody {
    fn of(university: &University, runs: bool) -> Self {
        Self {
            university_id: university.id.to_string(),
            name: university.name.clone(),
            contact: runs.then(|| university.contact.clone()),
            partner_since: university.partner_since,
        }
    }
}

/// The partners and their students' conversion.
#[derive(Debug, Serialize, ToSchema)]
pub struct UniversityList {
    /// The partners, by name.
    pub universities: Vec<UniversityBody>,
    /// Conversion per university over the placements within reach.
    pub conversion: Vec<UniversityConversionBody>,
}

/// A university partner to add or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UniversityInput {
    /// Its name, as placements write it.
    pub name: String,
    /// The council's contact there.
    #[serde(default)]
    pub contact: String,
    /// Since when the partnership runs.
    #[serde(default)]
    pub partner_since: Option<NaiveDate>,
}

/// A student placement with what came of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementBody {
    /// The council's ID for the placement.
    pub placement_id: String,
    /// The student's name (to those who run recruitment; else none).
    pub student_name: Option<String>,
    /// The university, as written.
    pub university: String,
    /// `1` (first) or `2` (final).
    #[schema(value_type = PlacementNumberCode)]
    pub number: PlacementNumber,
    /// The hosting team.
    pub team_id: Option<String>,
    /// Its first day.
    pub starts_on: NaiveDate,
    /// Its last day, if it has one.
    pub ends_on: Option<NaiveDate>,
    /// Its outcome.
    #[schema(value_type = Option<PlacementOutcomeCode>)]
    pub outcome: Option<PlacementOutcome>,
    /// The practice educator.
    pub practice_educator: String,
    /// The worker the student became, as recorded on the placement or a started
    /// candidate.
    pub hired_worker_id: Option<String>,
    /// Whether the student was hired.
    pub hired: bool,
    /// Whether it is still running today.
    pub running: bool,
}

/// The placements within reach and their conversion.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlacementList {
    /// The placements, newest first.
    pub placements: Vec<PlacementBody>,
    /// Their conversion into hires.
    pub conversion: PlacementConversionBody,
}

/// A placement's practice educator.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlacementDetailsInput {
    /// The practice educator (empty: not known).
    pub practice_educator: String,
}

// ---------------------------------------------------------------- bodies: international

/// A check-in held.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInBody {
    /// Its number among the recruit's check-ins.
    pub number: u32,
    /// The day.
    pub on: NaiveDate,
    /// Who held it.
    pub by: String,
    /// How they are settling.
    #[schema(value_type = SettlingCode)]
    pub settling: Settling,
    /// What was discussed and agreed.
    pub notes: String,
}

impl CheckInBody {
    fn of(check_in: &CheckIn) -> Self {
        Self {
            number: check_in.number,
            on: check_in.on,
            by: check_in.by.clone(),
            settling: check_in.settling,
            notes: check_in.notes.clone(),
        }
    }
}

/// A check-in to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInInput {
    /// The day it was held (not after today).
    pub on: NaiveDate,
    /// Who held it.
    pub by: String,
    /// How they are settling.
    #[schema(value_type = SettlingCode)]
    pub settling: Settling,
    /// What was discussed and agreed.
    #[serde(default)]
    pub notes: String,
}

/// A right to work ending within the alert window, or ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisaAlertBody {
    /// The recruit.
    pub worker_id: String,
    /// The last day of their right to work.
    pub expires_on: NaiveDate,
    /// Days from today (negative once passed).
    pub days_left: i64,
    /// Whether it has ended.
    pub expired: bool,
}

/// A check-in due soon or overdue.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInDueBody {
    /// The recruit.
    pub worker_id: String,
    /// When it is due.
    pub due_on: NaiveDate,
    /// `due_soon` or `overdue`.
    pub state: CheckInStateCode,
}

/// An international recruit.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecruitBody {
    /// The worker.
    pub worker_id: String,
    /// The country they came from.
    pub country: String,
    /// Their visa.
    #[schema(value_type = VisaTypeCode)]
    pub visa_type: VisaType,
    /// When their right to work ends.
    pub right_to_work_expires: Option<NaiveDate>,
    /// Their Social Work England registration.
    #[schema(value_type = SweStatusCode)]
    pub swe_status: SweStatus,
    /// When they arrived in England.
    pub arrived_on: Option<NaiveDate>,
    /// Relocation support given.
    pub relocation_support: String,
    /// Their buddy.
    pub buddy_worker_id: Option<String>,
    /// Whether they still work for the council (an employment not ended before today).
    pub still_employed: bool,
    /// Their right-to-work alert, if any (for recruits still employed).
    pub visa_alert: Option<VisaAlertBody>,
    /// The next check-in due in their first year, if any.
    pub next_check_in: Option<NaiveDate>,
    /// Their check-ins, oldest first.
    pub check_ins: Vec<CheckInBody>,
}

/// An international recruit to add or change: the worker must already exist.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecruitInput {
    /// The country they came from.
    pub country: String,
    /// Their visa.
    #[schema(value_type = VisaTypeCode)]
    pub visa_type: VisaType,
    /// When their right to work ends.
    #[serde(default)]
    pub right_to_work_expires: Option<NaiveDate>,
    /// Their Social Work England registration.
    #[schema(value_type = SweStatusCode)]
    pub swe_status: SweStatus,
    /// When they arrived in England.
    #[serde(default)]
    pub arrived_on: Option<NaiveDate>,
    /// Relocation support given.
    #[serde(default)]
    pub relocation_support: String,
    /// Their buddy, a worker of the council.
    #[serde(default)]
    pub buddy_worker_id: Option<String>,
}

/// One group's Kaplan–Meier figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionGroupBody {
    /// Employments observed.
    pub n: u64,
    /// Of those, how many ended.
    pub events: u64,
    /// Estimated share still going 12 months after starting.
    pub retained_12_months: Option<f64>,
    /// Estimated share still going 24 months after starting.
    pub retained_24_months: Option<f64>,
}

impl RetentionGroupBody {
    fn of(figures: Option<&KaplanMeierFigures>) -> Option<Self> {
        let figures = figures?;
        let at = |years: &str| figures.at.get(years).and_then(|point| point.s);
        Some(Self {
            n: figures.n,
            events: figures.events,
            retained_12_months: at("1"),
            retained_24_months: at("2"),
        })
    }
}

/// International recruits' retention against other starters since the first of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionBody {
    /// Estimated at.
    pub date: NaiveDate,
    /// Other starters are those who started on or after this day.
    pub since: Option<NaiveDate>,
    /// The recruits' employments.
    pub recruits: Option<RetentionGroupBody>,
    /// Other starters' employments.
    pub others: Option<RetentionGroupBody>,
}

/// A registration status and how many recruits have it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCountBody {
    /// The status.
    #[schema(value_type = SweStatusCode)]
    pub swe_status: SweStatus,
    /// How many recruits.
    pub count: u64,
}

/// International recruits with their alerts, registration and retention.
#[derive(Debug, Serialize, ToSchema)]
pub struct InternationalBody {
    /// Days before a right to work ends that it is flagged.
    pub visa_alert_days: u32,
    /// Rights to work ending soon or ended, soonest first.
    pub visa_alerts: Vec<VisaAlertBody>,
    /// Check-ins due soon or overdue, earliest first.
    pub check_ins_due: Vec<CheckInDueBody>,
    /// Recruits per registration status.
    pub swe_status_counts: Vec<StatusCountBody>,
    /// The recruits, by worker ID.
    pub recruits: Vec<RecruitBody>,
    /// Their retention against other starters.
    pub retention: RetentionBody,
}

// ---------------------------------------------------------------- bodies: agency

/// A breach of the DfE's agency rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreachBody {
    /// `experience`, `cooling_off`, `notice` or `above_cap`.
    pub code: String,
    /// The breach in words.
    pub description: String,
}

impl BreachBody {
    fn of(breach: AgencyBreach) -> Self {
        Self {
            code: breach.code().to_owned(),
            description: breach.describe(),
        }
    }
}

/// Who signed off an engagement's breaches.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignOffBody {
    /// Who (a senior manager).
    pub by: String,
    /// The day (not after today).
    pub on: NaiveDate,
    /// Why the breaches are accepted.
    pub reason: String,
}

/// An agency engagement with the rules it breaks.
#[derive(Debug, Serialize, ToSchema)]
pub struct EngagementBody {
    /// The council's reference.
    pub engagement_id: String,
    /// The agency worker's name.
    pub worker_name: String,
    /// The agency.
    pub agency: String,
    /// The job.
    #[schema(value_type = AgencyJobTypeCode)]
    pub job_type: AgencyJobType,
    /// The vacancy covered.
    pub vacancy_id: Option<String>,
    /// The team.
    pub team_id: Option<String>,
    /// The first day.
    pub starts_on: NaiveDate,
    /// The last day, once known.
    pub ends_on: Option<NaiveDate>,
    /// When they qualified.
    pub qualified_on: NaiveDate,
    /// The last day of their latest permanent social work post.
    pub left_permanent_on: Option<NaiveDate>,
    /// That post's council (none: this council).
    pub left_permanent_council: Option<String>,
    /// The notice period, in weeks.
    pub notice_weeks: u8,
    /// The hourly charge rate, in pence.
    pub hourly_rate_pence: u32,
    /// The rules it breaks under the council's settings.
    pub breaches: Vec<BreachBody>,
    /// Whether a breach waits for a sign-off.
    pub needs_sign_off: bool,
    /// The sign-off, if any.
    pub sign_off: Option<SignOffBody>,
}

impl EngagementBody {
    fn of(
        engagement: &AgencyEngagement,
        council: CouncilCode,
        settings: &RecruitmentSettings,
    ) -> Self {
        let breaches = engagement.breaches(council, &settings.region, &settings.price_caps);
        Self {
            engagement_id: engagement.id.to_string(),
            worker_name: engagement.worker_name.clone(),
            agency: engagement.agency.clone(),
            job_type: engagement.job_type,
            vacancy_id: engagement.vacancy_id.as_ref().map(ToString::to_string),
            team_id: engagement.team_id.as_ref().map(ToString::to_string),
            starts_on: engagement.starts_on,
            ends_on: engagement.ends_on,
            qualified_on: engagement.qualified_on,
            left_permanent_on: engagement.left_permanent_on,
            left_permanent_council: engagement.left_permanent_council.map(|c| c.to_string()),
            notice_weeks: engagement.notice_weeks,
            hourly_rate_pence: engagement.hourly_rate_pence,
            needs_sign_off: engagement.sign_off.is_none() && !breaches.is_empty(),
            breaches: breaches.into_iter().map(BreachBody::of).collect(),
            sign_off: engagement.sign_off.as_ref().map(|s| SignOffBody {
                by: s.by.clone(),
                on: s.on,
                reason: s.reason.clone(),
            }),
        }
    }
}

/// The agency engagements.
#[derive(Debug, Serialize, ToSchema)]
pub struct EngagementList {
    /// The engagements, those needing sign-off first, then by start date, newest first.
    pub engagements: Vec<EngagementBody>,
}

/// An engagement to add or change. A stored sign-off is kept unless the change makes
/// the engagement break a rule it did not break before.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EngagementInput {
    /// The agency worker's name.
    pub worker_name: String,
    /// The agency.
    pub agency: String,
    /// The job.
    #[schema(value_type = AgencyJobTypeCode)]
    pub job_type: AgencyJobType,
    /// The vacancy covered, one of the council's.
    #[serde(default)]
    pub vacancy_id: Option<String>,
    /// The team, one of the council's.
    #[serde(default)]
    pub team_id: Option<String>,
    /// The first day.
    pub starts_on: NaiveDate,
    /// The last day, once known.
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    /// When they qualified as a social worker.
    pub qualified_on: NaiveDate,
    /// The last day of their latest permanent social work post.
    #[serde(default)]
    pub left_permanent_on: Option<NaiveDate>,
    /// That post's council as a DfE code (none: this council).
    #[serde(default)]
    pub left_permanent_council: Option<String>,
    /// The notice period, in weeks.
    pub notice_weeks: u8,
    /// The hourly charge rate, in pence.
    pub hourly_rate_pence: u32,
}

// ---------------------------------------------------------------- bodies: settings

/// One job's hourly price cap.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceCapBody {
    /// The job.
    #[schema(value_type = AgencyJobTypeCode)]
    pub job_type: AgencyJobType,
    /// The cap, in pence an hour.
    pub hourly_pence: u32,
}

/// The council's recruitment settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// Months after an unsuccessful application ends before the candidate is
    /// anonymised, 1 to 120.
    pub anonymise_after_months: u32,
    /// Days before a right to work ends that it is flagged.
    pub visa_alert_days: u32,
    /// The other councils of the region, as DfE codes.
    pub region: Vec<String>,
    /// The region's hourly price caps; a job without one has no cap.
    pub price_caps: Vec<PriceCapBody>,
}

impl SettingsBody {
    fn of(settings: &RecruitmentSettings) -> Self {
        Self {
            anonymise_after_months: settings.anonymise_after_months,
            visa_alert_days: settings.visa_alert_days,
            region: settings.region.iter().map(ToString::to_string).collect(),
            price_caps: settings
                .price_caps
                .iter()
                .map(|cap| PriceCapBody {
                    job_type: cap.job_type,
                    hourly_pence: cap.hourly_pence,
                })
                .collect(),
        }
    }
}

// ---------------------------------------------------------------- helpers

/// The caller's council's records and recruitment, and their reach.
struct View {
    council: CouncilCode,
    workforce: Workforce,
    recruitment: Recruitment,
    reach: RecruitmentReach,
}

impl View {
    async fn load(state: &AppState, user: &User) -> Result<Self, ApiError> {
        let council = user.council.ok_or(ApiError::Forbidden)?;
        Ok(Self {
            council,
            workforce: state.store.workforce(council).await?,
            recruitment: state.store.recruitment(council).await?,
            reach: RecruitmentReach::of(user),
        })
    }

    fn placements(&self) -> Vec<&Placement> {
        let mut placements: Vec<&Placement> = self
            .workforce
            .placements
            .iter()
            .filter(|p| self.reach.may_see_team(p.team_id.as_ref()))
            .collect();
        placements.sort_by(|a, b| (b.span.start(), &b.id).cmp(&(a.span.start(), &a.id)));
        placements
    }

    fn recruit(
        &self,
        path: Result<Path<String>, PathRejection>,
    ) -> Result<&InternationalRecruit, ApiError> {
        let not_found = || ApiError::NotFound("the international recruit was not found");
        let Path(id) = path.map_err(|_| not_found())?;
        let id = WorkerId::parse(&id).map_err(|_| not_found())?;
        self.recruitment
            .international_recruits
            .iter()
            .find(|r| r.worker_id == id)
            .ok_or_else(not_found)
    }

    fn engagement(
        &self,
        path: Result<Path<String>, PathRejection>,
    ) -> Result<&AgencyEngagement, ApiError> {
        let not_found = || ApiError::NotFound("the engagement was not found");
        let Path(id) = path.map_err(|_| not_found())?;
        let id = EngagementId::parse(&id).map_err(|_| not_found())?;
        self.recruitment
            .engagements
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(not_found)
    }

    fn recruit_body(&self, recruit: &InternationalRecruit) -> RecruitBody {
        let today = today();
        let employed = still_employed(&self.workforce, &recruit.worker_id, today);
        let mut check_ins: Vec<&CheckIn> = self
            .recruitment
            .check_ins
            .iter()
            .filter(|c| c.worker_id == recruit.worker_id)
            .collect();
        check_ins.sort_by_key(|c| (c.on, c.number));
        RecruitBody {
            worker_id: recruit.worker_id.to_string(),
            country: recruit.country.clone(),
            visa_type: recruit.visa_type,
            right_to_work_expires: recruit.right_to_work_expires,
            swe_status: recruit.swe_status,
            arrived_on: recruit.arrived_on,
            relocation_support: recruit.relocation_support.clone(),
            buddy_worker_id: recruit.buddy_worker_id.as_ref().map(ToString::to_string),
            still_employed: employed,
            visa_alert: visa_alert(recruit, self.recruitment.settings.visa_alert_days, today)
                .filter(|_| employed)
                .map(|alert| VisaAlertBody {
                    worker_id: alert.worker_id.to_string(),
                    expires_on: alert.expires_on,
                    days_left: alert.days_left,
                    expired: alert.expired(),
                }),
            next_check_in: next_check_in(recruit, &self.recruitment.check_ins, today),
            check_ins: check_ins.into_iter().map(CheckInBody::of).collect(),
        }
    }

    /// Writes changes, answering a refusal 422 with its reason.
    async fn change(
        &self,
        state: &AppState,
        user: &User,
        description: &str,
        changes: Vec<RecruitmentChange>,
    ) -> Result<Recruitment, ApiError> {
        change_recruitment(
            state.store.as_ref(),
            self.council,
            RecruitmentRequest {
                actor: &user.email,
                action: CHANGE_ACTION,
                description,
            },
            None,
            changes,
        )
        .await
        .map(|changed| changed.recruitment)
        .map_err(|error| match refusal_messages(error) {
            Ok(messages) => ApiError::Unprocessable(messages.join(" ")),
            Err(error) => ApiError::from(error),
        })
    }

    async fn record_view(
        &self,
        state: &AppState,
        user: &User,
        action: &str,
        detail: String,
    ) -> Result<(), ApiError> {
        state
            .store
            .record_audit(&[AuditEntry {
                council: self.council,
                actor: user.email.clone(),
                action: action.to_owned(),
                detail: format!("{detail} (api)"),
            }])
            .await?;
        Ok(())
    }
}

fn conversion_body(view: &View) -> PlacementConversionBody {
    let placements = view.placements();
    let result = conversion(
        &placements,
        &view.recruitment.candidates,
        &view.recruitment.universities,
        today(),
    );
    PlacementConversionBody {
        total: ConversionBody::of(&result.total),
        by_placement_number: result
            .by_placement_number
            .iter()
            .map(|(number, conversion)| NumberConversionBody {
                number: *number,
                conversion: ConversionBody::of(conversion),
            })
            .collect(),
        by_university: result
            .by_university
            .iter()
            .map(|line| UniversityConversionBody {
                university: line.university.clone(),
                partner: line.partner,
                conversion: ConversionBody::of(&line.conversion),
            })
            .collect(),
    }
}

fn worker_in(view: &View, id: &str, field: &str) -> Result<WorkerId, ApiError> {
    WorkerId::parse(id)
        .ok()
        .filter(|id| view.workforce.workers.iter().any(|w| &w.id == id))
        .ok_or_else(|| ApiError::Unprocessable(format!("{field}: there is no worker {id}")))
}

// ---------------------------------------------------------------- handlers: placements

/// The university partners and their students' conversion into hires.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/universities",
    tag = "recruitment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The partners by name, with conversion per university", body = UniversityList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see recruitment", body = ErrorBody),
    )
)]
pub async fn list_universities(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<UniversityList>, ApiError> {
    let view = View::load(&state, &user).await?;
    let mut universities: Vec<&University> = view.recruitment.universities.iter().collect();
    universities.sort_by_key(|u| u.name.to_lowercase());
    Ok(Json(UniversityList {
        universities: universities
            .into_iter()
            .map(|u| UniversityBody::of(u, view.reach.runs_recruitment))
            .collect(),
        conversion: conversion_body(&view).by_university,
    }))
}

/// Adds or changes a university partner.
#[utoipa::path(
    put,
    path = "/api/v1/recruitment/universities/{university_id}",
    tag = "recruitment",
    params(("university_id" = String, Path, description = "The council's ID for the university")),
    request_body = UniversityInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The university as stored", body = UniversityBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 422, description = "The university is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_university(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    university_id: Result<Path<String>, PathRejection>,
    input: Result<Json<UniversityInput>, JsonRejection>,
) -> Result<Json<UniversityBody>, ApiError> {
    let Path(id) = university_id.map_err(|_| ApiError::NotFound("the university was not found"))?;
    let id = UniversityId::parse(&id)
        .map_err(|error| ApiError::Unprocessable(format!("university_id: {error}")))?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let university = University {
        id: id.clone(),
        name: input.name.trim().to_owned(),
        contact: input.contact.trim().to_owned(),
        partner_since: input.partner_since,
    };
    let recruitment = view
        .change(
            &state,
            &user,
            &format!("university {id} put through the API"),
            vec![RecruitmentChange::PutUniversity(university)],
        )
        .await?;
    recruitment
        .universities
        .iter()
        .find(|u| u.id == id)
        .map(|u| Json(UniversityBody::of(u, true)))
        .ok_or_else(|| ApiError::Internal("the university was not stored".to_owned()))
}

/// The placements within the caller's reach, with their conversion into hires.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/placements",
    tag = "recruitment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The placements, newest first, and their conversion", body = PlacementList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see recruitment", body = ErrorBody),
    )
)]
pub async fn list_placements(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<PlacementList>, ApiError> {
    let view = View::load(&state, &user).await?;
    let today = today();
    let candidates = &view.recruitment.candidates;
    let placements: Vec<PlacementBody> = view
        .placements()
        .into_iter()
        .map(|p| {
            let was_hired = hired(p, candidates);
            PlacementBody {
                placement_id: p.id.to_string(),
                student_name: view
                    .reach
                    .sees_personal_data
                    .then(|| p.student_name.clone()),
                university: p.university.clone(),
                number: p.number,
                team_id: p.team_id.as_ref().map(ToString::to_string),
                starts_on: p.span.start(),
                ends_on: p.span.end(),
                outcome: p.outcome,
                practice_educator: view
                    .recruitment
                    .placement_details
                    .iter()
                    .find(|d| d.placement_id == p.id)
                    .map(|d| d.practice_educator.clone())
                    .unwrap_or_default(),
                hired_worker_id: p
                    .hired_worker_id
                    .as_ref()
                    .or_else(|| {
                        candidates
                            .iter()
                            .filter(|c| c.placement_id.as_ref() == Some(&p.id))
                            .find_map(|c| c.worker_id.as_ref())
                    })
                    .map(ToString::to_string),
                hired: was_hired,
                running: is_running(p, today) && !was_hired && p.outcome.is_none(),
            }
        })
        .collect();
    if view.reach.sees_personal_data && !placements.is_empty() {
        view.record_view(
            &state,
            &user,
            "view placements",
            format!("viewed {} placements", placements.len()),
        )
        .await?;
    }
    Ok(Json(PlacementList {
        placements,
        conversion: conversion_body(&view),
    }))
}

/// Records a placement's practice educator.
#[utoipa::path(
    put,
    path = "/api/v1/recruitment/placements/{placement_id}/details",
    tag = "recruitment",
    params(("placement_id" = String, Path, description = "The council's ID for the placement")),
    request_body = PlacementDetailsInput,
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such placement in the council", body = ErrorBody),
        (status = 422, description = "Refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_placement_details(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    placement_id: Result<Path<String>, PathRejection>,
    input: Result<Json<PlacementDetailsInput>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let not_found = || ApiError::NotFound("the placement was not found");
    let Path(id) = placement_id.map_err(|_| not_found())?;
    let id = PlacementId::parse(&id).map_err(|_| not_found())?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    if !view
        .workforce
        .placements
        .iter()
        .any(|p| p.id == id && view.reach.may_see_team(p.team_id.as_ref()))
    {
        return Err(not_found());
    }
    view.change(
        &state,
        &user,
        &format!("practice educator of placement {id} put through the API"),
        vec![RecruitmentChange::PutPlacementDetails(PlacementDetails {
            placement_id: id,
            practice_educator: input.practice_educator.trim().to_owned(),
        })],
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------- handlers: international

/// International recruits with their check-ins, alerts, registration and retention;
/// recorded in the audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/international",
    tag = "recruitment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The recruits and their alerts", body = InternationalBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
    )
)]
pub async fn international(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<InternationalBody>, ApiError> {
    let view = View::load(&state, &user).await?;
    let today = today();
    let recruitment = &view.recruitment;
    let recruits = &recruitment.international_recruits;
    let alert_days = recruitment.settings.visa_alert_days;
    let mut sorted: Vec<&InternationalRecruit> = recruits.iter().collect();
    sorted.sort_by(|a, b| a.worker_id.cmp(&b.worker_id));
    let comparison = retention(&view.workforce, recruits, today);
    let body = InternationalBody {
        visa_alert_days: alert_days,
        visa_alerts: visa_alerts(recruits, &view.workforce, alert_days, today)
            .into_iter()
            .map(|alert| VisaAlertBody {
                worker_id: alert.worker_id.to_string(),
                expires_on: alert.expires_on,
                days_left: alert.days_left,
                expired: alert.expired(),
            })
            .collect(),
        check_ins_due: check_ins_due(recruits, &recruitment.check_ins, &view.workforce, today)
            .into_iter()
            .map(|due| CheckInDueBody {
                worker_id: due.worker_id.to_string(),
                due_on: due.due_on,
                state: CheckInStateCode::of(due.due_on, today),
            })
            .collect(),
        swe_status_counts: swe_status_counts(recruits)
            .into_iter()
            .map(|(swe_status, count)| StatusCountBody { swe_status, count })
            .collect(),
        recruits: sorted.into_iter().map(|r| view.recruit_body(r)).collect(),
        retention: RetentionBody {
            date: today,
            since: comparison.since,
            recruits: RetentionGroupBody::of(comparison.recruits.as_ref()),
            others: RetentionGroupBody::of(comparison.others.as_ref()),
        },
    };
    view.record_view(
        &state,
        &user,
        "view international recruits",
        format!("viewed {} international recruits", recruits.len()),
    )
    .await?;
    Ok(Json(body))
}

/// Adds or changes an international recruit for an existing worker.
#[utoipa::path(
    put,
    path = "/api/v1/recruitment/international/{worker_id}",
    tag = "recruitment",
    params(("worker_id" = String, Path, description = "The worker's ID")),
    request_body = RecruitInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The recruit as stored", body = RecruitBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 422, description = "Refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_recruit(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    worker_id: Result<Path<String>, PathRejection>,
    input: Result<Json<RecruitInput>, JsonRejection>,
) -> Result<Json<RecruitBody>, ApiError> {
    let Path(id) = worker_id.map_err(|_| ApiError::NotFound("the worker was not found"))?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let worker_id = worker_in(&view, &id, "worker_id")?;
    let buddy = input
        .buddy_worker_id
        .as_deref()
        .filter(|id| !id.trim().is_empty())
        .map(|id| worker_in(&view, id, "buddy_worker_id"))
        .transpose()?;
    if buddy.as_ref() == Some(&worker_id) {
        return Err(ApiError::Unprocessable(
            "buddy_worker_id: a recruit cannot be their own buddy".to_owned(),
        ));
    }
    let recruit = InternationalRecruit {
        worker_id: worker_id.clone(),
        country: input.country.trim().to_owned(),
        visa_type: input.visa_type,
        right_to_work_expires: input.right_to_work_expires,
        swe_status: input.swe_status,
        arrived_on: input.arrived_on,
        relocation_support: input.relocation_support.trim().to_owned(),
        buddy_worker_id: buddy,
    };
    let recruitment = view
        .change(
            &state,
            &user,
            &format!("international recruit {worker_id} put through the API"),
            vec![RecruitmentChange::PutInternationalRecruit(recruit)],
        )
        .await?;
    let view = View {
        recruitment,
        ..view
    };
    let stored = view
        .recruitment
        .international_recruits
        .iter()
        .find(|r| r.worker_id == worker_id)
        .ok_or_else(|| ApiError::Internal("the recruit was not stored".to_owned()))?;
    Ok(Json(view.recruit_body(stored)))
}

/// Records a check-in with an international recruit.
#[utoipa::path(
    post,
    path = "/api/v1/recruitment/international/{worker_id}/check-ins",
    tag = "recruitment",
    params(("worker_id" = String, Path, description = "The recruit's worker ID")),
    request_body = CheckInInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The check-in as stored", body = CheckInBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such recruit in the council", body = ErrorBody),
        (status = 422, description = "Refused, with the reason", body = ErrorBody),
    )
)]
pub async fn add_check_in(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    worker_id: Result<Path<String>, PathRejection>,
    input: Result<Json<CheckInInput>, JsonRejection>,
) -> Result<(StatusCode, Json<CheckInBody>), ApiError> {
    let view = View::load(&state, &user).await?;
    let recruit = view.recruit(worker_id)?;
    let input = body(input)?;
    if input.on > today() {
        return Err(ApiError::Unprocessable(
            "on: a check-in cannot be in the future".to_owned(),
        ));
    }
    if input.by.trim().is_empty() {
        return Err(ApiError::Unprocessable("by: say who held it".to_owned()));
    }
    let number = view
        .recruitment
        .check_ins
        .iter()
        .filter(|c| c.worker_id == recruit.worker_id)
        .map(|c| c.number)
        .max()
        .unwrap_or(0)
        + 1;
    let check_in = CheckIn {
        worker_id: recruit.worker_id.clone(),
        number,
        on: input.on,
        by: input.by.trim().to_owned(),
        settling: input.settling,
        notes: input.notes.trim().to_owned(),
    };
    let body = CheckInBody::of(&check_in);
    view.change(
        &state,
        &user,
        &format!(
            "check-in {number} with international recruit {} put through the API",
            recruit.worker_id
        ),
        vec![RecruitmentChange::PutCheckIn(check_in)],
    )
    .await?;
    Ok((StatusCode::CREATED, Json(body)))
}

// ---------------------------------------------------------------- handlers: agency

/// The agency engagements with their breaches and sign-offs; recorded in the audit
/// trail.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/agency",
    tag = "recruitment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The engagements, needing sign-off first", body = EngagementList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
    )
)]
pub async fn list_engagements(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<EngagementList>, ApiError> {
    let view = View::load(&state, &user).await?;
    let settings = &view.recruitment.settings;
    let mut engagements: Vec<EngagementBody> = view
        .recruitment
        .engagements
        .iter()
        .map(|e| EngagementBody::of(e, view.council, settings))
        .collect();
    engagements.sort_by(|a, b| {
        (b.needs_sign_off, b.starts_on, &b.engagement_id).cmp(&(
            a.needs_sign_off,
            a.starts_on,
            &a.engagement_id,
        ))
    });
    view.record_view(
        &state,
        &user,
        "view agency engagements",
        format!("viewed {} agency engagements", engagements.len()),
    )
    .await?;
    Ok(Json(EngagementList { engagements }))
}

/// Adds or changes an agency engagement.
#[utoipa::path(
    put,
    path = "/api/v1/recruitment/agency/{engagement_id}",
    tag = "recruitment",
    params(("engagement_id" = String, Path, description = "The council's reference for the engagement")),
    request_body = EngagementInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The engagement as stored, with its breaches", body = EngagementBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 422, description = "Refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_engagement(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    engagement_id: Result<Path<String>, PathRejection>,
    input: Result<Json<EngagementInput>, JsonRejection>,
) -> Result<Json<EngagementBody>, ApiError> {
    let Path(id) = engagement_id.map_err(|_| ApiError::NotFound("the engagement was not found"))?;
    let id = EngagementId::parse(&id)
        .map_err(|error| ApiError::Unprocessable(format!("engagement_id: {error}")))?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let unprocessable = |field: &str, error: &dyn std::fmt::Display| {
        ApiError::Unprocessable(format!("{field}: {error}"))
    };
    let team_id = input
        .team_id
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| TeamId::parse(t).map_err(|e| unprocessable("team_id", &e)))
        .transpose()?;
    let vacancy_id = input
        .vacancy_id
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .map(|v| VacancyId::parse(v).map_err(|e| unprocessable("vacancy_id", &e)))
        .transpose()?;
    let left_permanent_council = input
        .left_permanent_council
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| CouncilCode::parse(c).map_err(|e| unprocessable("left_permanent_council", &e)))
        .transpose()?
        .filter(|code| *code != view.council);
    if input.qualified_on > input.starts_on {
        return Err(ApiError::Unprocessable(
            "qualified_on: must be before the engagement starts".to_owned(),
        ));
    }
    let mut engagement = AgencyEngagement {
        id: id.clone(),
        worker_name: input.worker_name.trim().to_owned(),
        agency: input.agency.trim().to_owned(),
        job_type: input.job_type,
        vacancy_id,
        team_id,
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        qualified_on: input.qualified_on,
        left_permanent_on: input.left_permanent_on,
        left_permanent_council,
        notice_weeks: input.notice_weeks,
        hourly_rate_pence: input.hourly_rate_pence,
        sign_off: None,
    };
    if engagement.agency.is_empty() {
        return Err(ApiError::Unprocessable(
            "agency: name the agency".to_owned(),
        ));
    }
    let settings = &view.recruitment.settings;
    if let Some(stored) = view.recruitment.engagements.iter().find(|e| e.id == id) {
        engagement.keep_sign_off(stored, view.council, &settings.region, &settings.price_caps);
    }
    let recruitment = view
        .change(
            &state,
            &user,
            &format!("agency engagement {id} put through the API"),
            vec![RecruitmentChange::PutEngagement(engagement)],
        )
        .await?;
    recruitment
        .engagements
        .iter()
        .find(|e| e.id == id)
        .map(|e| Json(EngagementBody::of(e, view.council, &recruitment.settings)))
        .ok_or_else(|| ApiError::Internal("the engagement was not stored".to_owned()))
}

/// Records who signed off an engagement's breaches, replacing an earlier sign-off.
#[utoipa::path(
    post,
    path = "/api/v1/recruitment/agency/{engagement_id}/sign-off",
    tag = "recruitment",
    params(("engagement_id" = String, Path, description = "The council's reference for the engagement")),
    request_body = SignOffBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The engagement with its sign-off", body = EngagementBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such engagement in the council", body = ErrorBody),
        (status = 422, description = "Nothing to sign off, or the sign-off is incomplete", body = ErrorBody),
    )
)]
pub async fn sign_off(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    engagement_id: Result<Path<String>, PathRejection>,
    input: Result<Json<SignOffBody>, JsonRejection>,
) -> Result<Json<EngagementBody>, ApiError> {
    let view = View::load(&state, &user).await?;
    let engagement = view.engagement(engagement_id)?;
    let input = body(input)?;
    let settings = &view.recruitment.settings;
    if engagement
        .breaches(view.council, &settings.region, &settings.price_caps)
        .is_empty()
    {
        return Err(ApiError::Unprocessable(
            "the engagement breaks none of the rules: there is nothing to sign off".to_owned(),
        ));
    }
    if input.by.trim().is_empty() || input.reason.trim().is_empty() {
        return Err(ApiError::Unprocessable(
            "say who signed off (by) and why (reason)".to_owned(),
        ));
    }
    if input.on > today() {
        return Err(ApiError::Unprocessable(
            "on: a sign-off cannot be in the future".to_owned(),
        ));
    }
    let mut signed = engagement.clone();
    signed.sign_off = Some(SignOff {
        by: input.by.trim().to_owned(),
        on: input.on,
        reason: input.reason.trim().to_owned(),
    });
    let id = signed.id.clone();
    let recruitment = view
        .change(
            &state,
            &user,
            &format!("signed off agency engagement {id} through the API"),
            vec![RecruitmentChange::PutEngagement(signed)],
        )
        .await?;
    recruitment
        .engagements
        .iter()
        .find(|e| e.id == id)
        .map(|e| Json(EngagementBody::of(e, view.council, &recruitment.settings)))
        .ok_or_else(|| ApiError::Internal("the engagement was not stored".to_owned()))
}

// ---------------------------------------------------------------- handlers: settings

/// The council's recruitment settings.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/settings",
    tag = "recruitment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = SettingsBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
    )
)]
pub async fn show_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<SettingsBody>, ApiError> {
    let view = View::load(&state, &user).await?;
    Ok(Json(SettingsBody::of(&view.recruitment.settings)))
}

/// Replaces the council's recruitment settings.
#[utoipa::path(
    put,
    path = "/api/v1/recruitment/settings",
    tag = "recruitment",
    request_body = SettingsBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings as stored", body = SettingsBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 422, description = "Refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    input: Result<Json<SettingsBody>, JsonRejection>,
) -> Result<Json<SettingsBody>, ApiError> {
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let region = input
        .region
        .iter()
        .map(|code| {
            CouncilCode::parse(code)
                .map_err(|error| ApiError::Unprocessable(format!("region: {error}")))
        })
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|code| *code != view.council)
        .collect();
    let settings = RecruitmentSettings {
        anonymise_after_months: input.anonymise_after_months,
        visa_alert_days: input.visa_alert_days,
        region,
        price_caps: input
            .price_caps
            .iter()
            .map(|cap| PriceCap {
                job_type: cap.job_type,
                hourly_pence: cap.hourly_pence,
            })
            .collect(),
    };
    let recruitment = view
        .change(
            &state,
            &user,
            "recruitment settings put through the API",
            vec![RecruitmentChange::PutSettings(settings)],
        )
        .await?;
    Ok(Json(SettingsBody::of(&recruitment.settings)))
}
