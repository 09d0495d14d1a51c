//! `/api/v1/academy/...`: the academy's programmes, cohorts, sessions, registers,
//! ASYE records and the due list, with the same permissions and reach as its pages.
//!
//! Every change goes through `pathway_app::change_academy`, which checks it against
//! the council's records and writes it with an audit entry; a change it refuses is
//! answered 422 with its reason.

use std::collections::HashSet;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{NaiveDate, NaiveTime, Utc};
use pathway_app::accounts::User;
use pathway_app::{AcademyChangeError, AcademyRequest, AuditEntry};
use pathway_domain::academy::asye::{
    DueState, GrantEligibility, LogKind, OBSERVATIONS_NEEDED, ReviewKind, caseload_check,
    development_time, supervision_check,
};
use pathway_domain::academy::due::{DueTask, due_list};
use pathway_domain::academy::session::{attendance_rate, completion};
use pathway_domain::academy::{
    Academy, AcademyChange, Attendance, Delivery, LogEntry, Mark, ProgrammeDay, Review, Session,
    SessionKind,
};
use pathway_domain::access::PeopleReach;
use pathway_domain::codes::Programme;
use pathway_domain::ids::{CohortId, WorkerId};
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::{CouncilCode, Workforce};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody, body};
use super::{ApiUser, reachable};
use crate::AppState;
use crate::calendar::has_asye;

/// The audit action of every academy change made through the API.
const CHANGE_ACTION: &str = "academy";

// ---------------------------------------------------------------- codes, for the schema

/// A programme.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ProgrammeCode {
    /// Newly qualified social workers, with the ASYE.
    Full,
    /// Experienced starters.
    Short,
}

/// What a session is for.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SessionKindCode {
    /// A day of the induction.
    Induction,
    /// A recall day in the first year.
    Recall,
    /// A catch-up for members who missed a session.
    CatchUp,
}

/// How a session is delivered.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum DeliveryCode {
    /// In a room together.
    FaceToFace,
    /// Online.
    Online,
}

/// A register mark.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum MarkCode {
    /// Attended.
    Present,
    /// Did not attend.
    Absent,
    /// Did not attend, with leave.
    Excused,
}

/// An ASYE review.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ReviewKindCode {
    /// At 3 months.
    ThreeMonth,
    /// At 6 months.
    SixMonth,
    /// At 9 months (optional).
    NineMonth,
    /// The final review, near 12 months or at the extended date.
    Final,
}

/// A kind of ASYE log entry.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum LogKindCode {
    /// A supervision.
    Supervision,
    /// A direct observation of practice.
    Observation,
    /// Feedback from a child, young person or family member.
    LivedExperienceFeedback,
    /// Feedback from another professional.
    ProfessionalFeedback,
    /// A critical reflection.
    Reflection,
    /// Protected development time (with hours).
    DevelopmentTime,
}

/// Where something due stands today.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DueStateCode {
    /// Done.
    Done,
    /// Due today or within 14 days.
    DueSoon,
    /// Past its due date and not done.
    Overdue,
    /// Due later.
    NotYetDue,
}

impl DueStateCode {
    fn of(state: DueState) -> (Self, Option<NaiveDate>) {
        match state {
            DueState::Done(day) => (Self::Done, Some(day)),
            DueState::DueSoon => (Self::DueSoon, None),
            DueState::Overdue => (Self::Overdue, None),
            DueState::NotYetDue => (Self::NotYetDue, None),
        }
    }
}

// ---------------------------------------------------------------- bodies

/// One day of a programme's template.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeDayBody {
    /// Its place in the programme, from 1; unique within the programme.
    pub number: u16,
    /// `induction` or `recall` (a template has no catch-ups).
    #[schema(value_type = SessionKindCode)]
    pub kind: SessionKind,
    /// Whole months after the cohort's start at which its block begins (0 for the
    /// induction).
    pub after_months: u8,
    /// Which working day (Monday to Friday) of its block it is, from 1.
    pub working_day: u8,
    /// Start, London time, `HH:MM` or `HH:MM:SS`.
    #[schema(value_type = String, example = "09:30:00")]
    pub starts_at: NaiveTime,
    /// End, London time, after the start.
    #[schema(value_type = String, example = "16:30:00")]
    pub ends_at: NaiveTime,
    /// What it covers.
    pub topic: String,
    /// `face_to_face` or `online`.
    #[schema(value_type = DeliveryCode)]
    pub delivery: Delivery,
    /// Where it is held.
    pub venue: String,
    /// Who runs it.
    pub facilitator: String,
    /// Whether members must attend it (or a catch-up) to complete.
    pub required: bool,
}

impl ProgrammeDayBody {
    fn from_day(day: &ProgrammeDay) -> Self {
        Self {
            number: day.number,
            kind: day.kind,
            after_months: day.after_months,
            working_day: day.working_day,
            starts_at: day.starts_at,
            ends_at: day.ends_at,
            topic: day.topic.clone(),
            delivery: day.delivery,
            venue: day.venue.clone(),
            facilitator: day.facilitator.clone(),
            required: day.required,
        }
    }

    fn into_day(self, programme: Programme) -> ProgrammeDay {
        ProgrammeDay {
            programme,
            number: self.number,
            kind: self.kind,
            after_months: self.after_months,
            working_day: self.working_day,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            topic: self.topic,
            delivery: self.delivery,
            venue: self.venue,
            facilitator: self.facilitator,
            required: self.required,
        }
    }
}

/// A programme's template.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgrammeBody {
    /// `full` or `short`.
    #[schema(value_type = ProgrammeCode)]
    pub programme: Programme,
    /// Whether the council has its own template (otherwise these are Pathway's
    /// default days).
    pub customised: bool,
    /// The days, in number order.
    pub days: Vec<ProgrammeDayBody>,
}

/// A programme's new days, replacing all its days. Cohorts already laid out keep
/// their sessions.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeInput {
    /// At least one day.
    pub days: Vec<ProgrammeDayBody>,
}

/// One cohort in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CohortSummary {
    /// The council's ID for the cohort.
    pub cohort_id: String,
    /// Its name.
    pub name: String,
    /// `full` or `short`.
    #[schema(value_type = ProgrammeCode)]
    pub programme: Programme,
    /// Its first day.
    pub start_date: NaiveDate,
    /// Members within the caller's reach.
    pub members: usize,
    /// Of those, how many have completed the programme.
    pub completed: usize,
    /// Sessions in its calendar, catch-ups included.
    pub sessions: usize,
    /// The next session on or after today.
    pub next_session: Option<NaiveDate>,
    /// Present marks as a share of present and absent marks of the members within
    /// reach (excused left out); null before any register.
    pub attendance_rate: Option<f64>,
}

/// The cohorts the caller sees: every cohort for the academy and the workforce
/// lead; for others those with a member within their reach. Newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CohortList {
    /// The cohorts.
    pub cohorts: Vec<CohortSummary>,
}

/// A session of a cohort.
#[derive(Debug, Serialize, ToSchema)]
// Named apart from the feedback session's SessionBody: one name, one schema.
#[schema(as = CohortSessionBody)]
pub struct SessionBody {
    /// Its number in the cohort.
    pub number: u16,
    /// `induction`, `recall` or `catch_up`.
    #[schema(value_type = SessionKindCode)]
    pub kind: SessionKind,
    /// The day.
    pub date: NaiveDate,
    /// Start, London time.
    #[schema(value_type = String, example = "09:30:00")]
    pub starts_at: NaiveTime,
    /// End, London time.
    #[schema(value_type = String, example = "16:30:00")]
    pub ends_at: NaiveTime,
    /// What it covers.
    pub topic: String,
    /// `face_to_face` or `online`.
    #[schema(value_type = DeliveryCode)]
    pub delivery: Delivery,
    /// Where.
    pub venue: String,
    /// Who runs it.
    pub facilitator: String,
    /// Whether members must attend it (or a catch-up) to complete.
    pub required: bool,
    /// For a catch-up: the session it makes up for.
    pub catches_up: Option<u16>,
}

impl SessionBody {
    fn from_session(session: &Session) -> Self {
        Self {
            number: session.number,
            kind: session.kind,
            date: session.date,
            starts_at: session.starts_at,
            ends_at: session.ends_at,
            topic: session.topic.clone(),
            delivery: session.delivery,
            venue: session.venue.clone(),
            facilitator: session.facilitator.clone(),
            required: session.required,
            catches_up: session.catches_up,
        }
    }
}

/// A session to add, or a session's new details (moving it moves it in every
/// member's calendar).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionInput {
    /// `induction`, `recall` or `catch_up`.
    #[schema(value_type = SessionKindCode)]
    pub kind: SessionKind,
    /// The day.
    pub date: NaiveDate,
    /// Start, London time, `HH:MM` or `HH:MM:SS`.
    #[schema(value_type = String, example = "09:30")]
    pub starts_at: NaiveTime,
    /// End, London time, after the start.
    #[schema(value_type = String, example = "16:30")]
    pub ends_at: NaiveTime,
    /// What it covers.
    pub topic: String,
    /// `face_to_face` or `online`.
    #[schema(value_type = DeliveryCode)]
    pub delivery: Delivery,
    /// Where.
    #[serde(default)]
    pub venue: String,
    /// Who runs it.
    #[serde(default)]
    pub facilitator: String,
    /// Whether members must attend it to complete: a catch-up is not required.
    pub required: bool,
    /// For a catch-up (and only a catch-up): the induction or recall session it
    /// makes up for.
    #[serde(default)]
    pub catches_up: Option<u16>,
}

/// A member's completion of the cohort's required sessions.
#[derive(Debug, Serialize, ToSchema)]
// Named apart from training's CompletionBody: one name, one schema.
#[schema(as = CohortCompletionBody)]
pub struct CompletionBody {
    /// Required sessions.
    pub required: usize,
    /// Required sessions attended in person or by catch-up.
    pub covered: usize,
    /// Required sessions held and not attended: these need a catch-up.
    pub missed: Vec<u16>,
    /// The day the last required session was covered, when all are.
    pub completed_on: Option<NaiveDate>,
}

/// A member's mark for one session.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberMark {
    /// The session's number.
    pub session: u16,
    /// `present`, `absent` or `excused`.
    #[schema(value_type = MarkCode)]
    pub mark: Mark,
}

/// A member of a cohort, with their completion.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberBody {
    /// The council's ID for the worker.
    pub worker_id: String,
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// When they joined the cohort.
    pub joined_on: NaiveDate,
    /// When they completed the programme (recorded).
    pub completed_on: Option<NaiveDate>,
    /// Their ASYE outcome, as the bulk format spells it.
    pub asye_outcome: Option<String>,
    /// Whether they have an ASYE (a full programme, not marked not applicable).
    pub has_asye: bool,
    /// Their completion as the registers stand today.
    pub completion: CompletionBody,
    /// Their register marks.
    pub marks: Vec<MemberMark>,
}

/// A cohort with its sessions and the members within the caller's reach.
#[derive(Debug, Serialize, ToSchema)]
pub struct CohortDetail {
    /// The council's ID for the cohort.
    pub cohort_id: String,
    /// Its name.
    pub name: String,
    /// `full` or `short`.
    #[schema(value_type = ProgrammeCode)]
    pub programme: Programme,
    /// Its first day.
    pub start_date: NaiveDate,
    /// Its sessions in date order.
    pub sessions: Vec<SessionBody>,
    /// Its members within reach, by family name.
    pub members: Vec<MemberBody>,
}

/// One member's mark to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkInput {
    /// The member.
    #[schema(value_type = String)]
    pub worker_id: WorkerId,
    /// `present`, `absent` or `excused`.
    #[schema(value_type = MarkCode)]
    pub mark: Mark,
}

/// Marks to record for a session; members not named keep their marks.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    /// The marks.
    pub marks: Vec<MarkInput>,
}

/// One mark of a session's register.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterMark {
    /// The member.
    pub worker_id: String,
    /// `present`, `absent` or `excused`.
    #[schema(value_type = MarkCode)]
    pub mark: Mark,
    /// Who took the register.
    pub recorded_by: String,
}

/// A session's register.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterBody {
    /// The cohort.
    pub cohort_id: String,
    /// The session's number.
    pub session: u16,
    /// Every mark of the session, by worker ID.
    pub marks: Vec<RegisterMark>,
}

/// Something due, with where it stands today.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueBody {
    /// When it is due.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub state: DueStateCode,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
}

impl DueBody {
    fn new(due_on: NaiveDate, done_on: Option<NaiveDate>, today: NaiveDate) -> Self {
        let (state, done_on) = DueStateCode::of(DueState::of(due_on, done_on, today));
        Self {
            due_on,
            state,
            done_on,
        }
    }
}

/// A review of the ASYE: when it is due and, once held, what came of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewStatus {
    /// Which review.
    #[schema(value_type = ReviewKindCode)]
    pub kind: ReviewKind,
    /// As a person reads it.
    pub label: String,
    /// Whether it may be left out (the 9-month review).
    pub optional: bool,
    /// When it is due and where it stands.
    #[serde(flatten)]
    pub due: DueBody,
    /// Who assessed, once held.
    pub assessor: Option<String>,
    /// What was agreed, once held.
    pub notes: Option<String>,
}

/// A review held.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewBody {
    /// Which review.
    #[schema(value_type = ReviewKindCode)]
    pub kind: ReviewKind,
    /// The day it was held.
    pub held_on: NaiveDate,
    /// Who assessed.
    pub assessor: String,
    /// What was agreed.
    pub notes: String,
}

/// A review to record, or to correct (one of each kind per member).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// Which review.
    #[schema(value_type = ReviewKindCode)]
    pub kind: ReviewKind,
    /// The day it was held.
    pub held_on: NaiveDate,
    /// Who assessed.
    pub assessor: String,
    /// What was agreed.
    #[serde(default)]
    pub notes: String,
}

/// An entry of a member's ASYE log.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogEntryBody {
    /// Its number in the member's log.
    pub number: u32,
    /// What it is.
    #[schema(value_type = LogKindCode)]
    pub kind: LogKind,
    /// The day.
    pub on: NaiveDate,
    /// Who supervised, observed or gave feedback; for a reflection, the member.
    pub by: String,
    /// Hours, for development time.
    pub hours: Option<f64>,
    /// What happened.
    pub notes: String,
}

impl LogEntryBody {
    fn from_entry(entry: &LogEntry) -> Self {
        Self {
            number: entry.number,
            kind: entry.kind,
            on: entry.on,
            by: entry.by.clone(),
            hours: entry.hours,
            notes: entry.notes.clone(),
        }
    }
}

/// An entry to add to a member's ASYE log. Which kinds the caller may add depends
/// on their role: team managers supervisions, observations and feedback;
/// practitioners their reflections and development time; the academy anything.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogInput {
    /// What it is.
    #[schema(value_type = LogKindCode)]
    pub kind: LogKind,
    /// The day.
    pub on: NaiveDate,
    /// Who supervised, observed or gave feedback; the caller's email if not given.
    #[serde(default)]
    pub by: Option<String>,
    /// Hours: required for development time (more than 0, at most 24), not allowed
    /// otherwise.
    #[serde(default)]
    pub hours: Option<f64>,
    /// What happened.
    #[serde(default)]
    pub notes: String,
}

/// A supervision held later than the cadence allowed.
#[derive(Debug, Serialize, ToSchema)]
pub struct LateSupervision {
    /// When it was due.
    pub due_on: NaiveDate,
    /// When it was held.
    pub held_on: NaiveDate,
}

/// The supervision log against the cadence: weekly for 6 weeks, fortnightly to 6
/// months, monthly after.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupervisionBody {
    /// Supervisions recorded up to today.
    pub held: usize,
    /// Supervisions the cadence expects by today.
    pub expected: usize,
    /// When the next one is due.
    pub next_due: NaiveDate,
    /// Whether the next one is due soon or overdue.
    pub state: DueStateCode,
    /// Gaps longer than the cadence allowed.
    pub late: Vec<LateSupervision>,
}

/// Protected development time against the 10% expected.
#[derive(Debug, Serialize, ToSchema)]
pub struct DevelopmentTimeBody {
    /// Hours recorded up to today.
    pub recorded_hours: f64,
    /// Hours expected by today.
    pub expected_hours: f64,
}

/// A caseload count.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseloadCount {
    /// The date counted.
    pub as_of: NaiveDate,
    /// Open cases.
    pub cases: u32,
}

/// The member's caseload in the ASYE year against the reduced-caseload limit.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseloadBody {
    /// The council's limit.
    pub limit: u32,
    /// The latest count in the year.
    pub latest: Option<CaseloadCount>,
    /// Counts above the limit.
    pub above: Vec<CaseloadCount>,
}

/// Whether the DfE ASYE grant may be claimed.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantBody {
    /// `eligible`, `not_registered`, `qualified_too_long_ago` or
    /// `qualification_date_unknown`.
    pub eligibility: String,
    /// As a person reads it.
    pub label: String,
    /// The day the first payment (at registration) was claimed.
    pub registration_claimed_on: Option<NaiveDate>,
    /// The day the second payment (at completion) was claimed.
    pub completion_claimed_on: Option<NaiveDate>,
}

/// A member's ASYE record: dates, due dates and their states today, the log and
/// the checks made on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AsyeBody {
    /// The cohort.
    pub cohort_id: String,
    /// The member.
    pub worker_id: String,
    /// The ASYE's first day, from which every due date counts.
    pub starts_on: NaiveDate,
    /// When they qualified.
    pub qualified_on: Option<NaiveDate>,
    /// When they registered with Social Work England.
    pub registered_on: Option<NaiveDate>,
    /// Their assessor.
    pub assessor: String,
    /// The extended final review date, when the year is extended.
    pub extended_to: Option<NaiveDate>,
    /// The moderation panel's decision: `pass`, `fail` or `extend`.
    pub moderation: Option<String>,
    /// The day of the moderation panel.
    pub moderated_on: Option<NaiveDate>,
    /// The ASYE's outcome, as the bulk format spells it.
    pub outcome: Option<String>,
    /// The support and assessment agreement: due within 4 weeks.
    pub agreement: DueBody,
    /// The reviews, in order.
    pub reviews: Vec<ReviewStatus>,
    /// The direct observations needed (at least 3), each with its due date.
    pub observations: Vec<DueBody>,
    /// The log, oldest first.
    pub log: Vec<LogEntryBody>,
    /// Supervisions against the cadence.
    pub supervision: SupervisionBody,
    /// Protected development time.
    pub development_time: DevelopmentTimeBody,
    /// The reduced-caseload check.
    pub caseload: CaseloadBody,
    /// The ASYE grant.
    pub grant: GrantBody,
}

/// One line of the due list.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueItemBody {
    /// The cohort.
    pub cohort_id: String,
    /// The member, or null for a task of the whole cohort (a session, a register).
    pub worker_id: Option<String>,
    /// The member's name.
    pub name: Option<String>,
    /// `agreement`, `review`, `observation`, `supervision`, `session` or `register`.
    pub task: String,
    /// For a review: which.
    #[schema(value_type = Option<ReviewKindCode>)]
    pub review: Option<ReviewKind>,
    /// For an observation: which (1 to 3).
    pub observation: Option<u32>,
    /// For a session or a register: the session's number.
    pub session: Option<u16>,
    /// The task as a person reads it.
    pub label: String,
    /// When it is due.
    pub due_on: NaiveDate,
    /// `due_soon` or `overdue`.
    pub state: DueStateCode,
}

/// Everything due in the next 14 days or overdue, within the caller's reach,
/// overdue first and then by date.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueList {
    /// The day the list is for.
    pub today: NaiveDate,
    /// The items.
    pub items: Vec<DueItemBody>,
}

// ---------------------------------------------------------------- helpers

fn council_of(user: &User) -> Result<CouncilCode, ApiError> {
    user.council.ok_or(ApiError::Forbidden)
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// What the council's records and academy look like to the caller.
struct View {
    council: CouncilCode,
    workforce: Workforce,
    academy: Academy,
}

impl View {
    async fn load(state: &AppState, user: &User) -> Result<Self, ApiError> {
        let council = council_of(user)?;
        Ok(Self {
            council,
            workforce: state.store.workforce(council).await?,
            academy: state.store.academy(council).await?,
        })
    }

    fn reach(&self, user: &User) -> Option<HashSet<&WorkerId>> {
        reachable(user, &self.workforce)
    }

    /// Whether the caller sees a cohort: the whole council's reach sees every one;
    /// others those with a member within reach.
    fn sees_cohort(&self, user: &User, cohort: &CohortId) -> bool {
        if user.role.reach() == PeopleReach::Council {
            return true;
        }
        let reach = self.reach(user);
        self.workforce.academy_members.iter().any(|member| {
            member.cohort_id() == cohort
                && reach
                    .as_ref()
                    .is_none_or(|set| set.contains(member.worker_id()))
        })
    }

    fn cohort(&self, user: &User, cohort_id: &str) -> Result<&Cohort, ApiError> {
        const NOT_FOUND: ApiError = ApiError::NotFound("the cohort was not found");
        let id = CohortId::parse(cohort_id).map_err(|_| NOT_FOUND)?;
        self.workforce
            .cohorts
            .iter()
            .find(|cohort| cohort.id == id)
            .filter(|cohort| self.sees_cohort(user, &cohort.id))
            .ok_or(NOT_FOUND)
    }

    /// A member with an ASYE within the caller's reach.
    fn asye_member(
        &self,
        user: &User,
        cohort_id: &str,
        worker_id: &str,
    ) -> Result<(&Cohort, &AcademyMember), ApiError> {
        const NOT_FOUND: ApiError = ApiError::NotFound("the member was not found");
        let cohort = self.cohort(user, cohort_id).map_err(|_| NOT_FOUND)?;
        let worker = WorkerId::parse(worker_id).map_err(|_| NOT_FOUND)?;
        if self.reach(user).is_some_and(|set| !set.contains(&worker)) {
            return Err(NOT_FOUND);
        }
        let member = self
            .workforce
            .academy_members
            .iter()
            .find(|m| m.cohort_id() == &cohort.id && m.worker_id() == &worker)
            .ok_or(NOT_FOUND)?;
        if !has_asye(cohort, member) {
            return Err(ApiError::NotFound(
                "the member has no ASYE: the cohort is not a full programme or their ASYE is not applicable",
            ));
        }
        Ok((cohort, member))
    }
}

/// Writes changes through `change_academy`; a refused change is 422 with its reason,
/// prefixed by `label(index)` when there are several.
async fn change(
    state: &AppState,
    council: CouncilCode,
    user: &User,
    description: &str,
    changes: Vec<AcademyChange>,
    label: impl Fn(usize) -> Option<String>,
) -> Result<Academy, ApiError> {
    let request = AcademyRequest {
        actor: &user.email,
        action: CHANGE_ACTION,
        description,
        today: today(),
    };
    match pathway_app::change_academy(state.store.as_ref(), council, request, None, changes).await {
        Ok(changed) => Ok(changed.academy),
        Err(AcademyChangeError::Refused(number, error)) => Err(ApiError::Unprocessable(
            match label(number.saturating_sub(1)) {
                Some(place) => format!("{place}: {error}"),
                None => error.to_string(),
            },
        )),
        Err(AcademyChangeError::Invalid(problems)) => {
            let listed: Vec<String> = problems
                .shown()
                .iter()
                .take(5)
                .map(ToString::to_string)
                .collect();
            Err(ApiError::Unprocessable(format!(
                "the change breaks the council's records: {}",
                listed.join("; ")
            )))
        }
        Err(AcademyChangeError::Store(error)) => Err(error.into()),
    }
}

fn parse_programme(programme: Result<Path<String>, PathRejection>) -> Result<Programme, ApiError> {
    const NOT_FOUND: ApiError =
        ApiError::NotFound("there is no such programme: use `full` or `short`");
    let Path(programme) = programme.map_err(|_| NOT_FOUND)?;
    Programme::parse(&programme).map_err(|_| NOT_FOUND)
}

fn programme_body(academy: &Academy, programme: Programme) -> ProgrammeBody {
    ProgrammeBody {
        programme,
        customised: academy
            .programme_days
            .iter()
            .any(|day| day.programme == programme),
        days: academy
            .days(programme)
            .iter()
            .map(ProgrammeDayBody::from_day)
            .collect(),
    }
}

// ---------------------------------------------------------------- programmes

/// A programme's template: the council's own days, or Pathway's default.
#[utoipa::path(
    get,
    path = "/api/v1/academy/programmes/{programme}",
    tag = "academy",
    params(("programme" = ProgrammeCode, Path, description = "`full` or `short`")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The programme's days", body = ProgrammeBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the academy", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
    )
)]
pub async fn show_programme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    programme: Result<Path<String>, PathRejection>,
) -> Result<Json<ProgrammeBody>, ApiError> {
    let programme = parse_programme(programme)?;
    let academy = state.store.academy(council_of(&user)?).await?;
    Ok(Json(programme_body(&academy, programme)))
}

/// Replaces a programme's days. Cohorts already laid out keep their sessions.
#[utoipa::path(
    put,
    path = "/api/v1/academy/programmes/{programme}",
    tag = "academy",
    params(("programme" = ProgrammeCode, Path, description = "`full` or `short`")),
    request_body = ProgrammeInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The programme's new days", body = ProgrammeBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run the academy", body = ErrorBody),
        (status = 404, description = "No such programme", body = ErrorBody),
        (status = 422, description = "The days are refused, with the reason", body = ErrorBody),
    )
)]
pub async fn replace_programme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    programme: Result<Path<String>, PathRejection>,
    input: Result<Json<ProgrammeInput>, JsonRejection>,
) -> Result<Json<ProgrammeBody>, ApiError> {
    let programme = parse_programme(programme)?;
    let input = body(input)?;
    let council = council_of(&user)?;
    let days = input
        .days
        .into_iter()
        .map(|day| day.into_day(programme))
        .collect();
    let description = format!("replaced the {} programme's days (api)", programme.as_str());
    let academy = change(
        &state,
        council,
        &user,
        &description,
        vec![AcademyChange::ReplaceProgramme { programme, days }],
        |_| None,
    )
    .await?;
    Ok(Json(programme_body(&academy, programme)))
}

// ---------------------------------------------------------------- cohorts

/// The cohorts the caller sees, with counts over the members within their reach.
#[utoipa::path(
    get,
    path = "/api/v1/academy/cohorts",
    tag = "academy",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The cohorts, newest first", body = CohortList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the academy", body = ErrorBody),
    )
)]
pub async fn list_cohorts(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<CohortList>, ApiError> {
    let view = View::load(&state, &user).await?;
    let reach = view.reach(&user);
    let today = today();
    let mut cohorts: Vec<&Cohort> = view
        .workforce
        .cohorts
        .iter()
        .filter(|cohort| view.sees_cohort(&user, &cohort.id))
        .collect();
    cohorts.sort_by(|a, b| (b.start_date, &b.id).cmp(&(a.start_date, &a.id)));
    let cohorts = cohorts
        .into_iter()
        .map(|cohort| {
            let members: Vec<&AcademyMember> = view
                .workforce
                .academy_members
                .iter()
                .filter(|m| m.cohort_id() == &cohort.id)
                .filter(|m| reach.as_ref().is_none_or(|set| set.contains(m.worker_id())))
                .collect();
            let sessions = view.academy.sessions_of(&cohort.id);
            let marks: Vec<&Attendance> = view
                .academy
                .attendance_of(&cohort.id)
                .into_iter()
                .filter(|mark| members.iter().any(|m| m.worker_id() == &mark.worker_id))
                .collect();
            CohortSummary {
                cohort_id: cohort.id.to_string(),
                name: cohort.name.clone(),
                programme: cohort.programme,
                start_date: cohort.start_date,
                members: members.len(),
                completed: members
                    .iter()
                    .filter(|m| m.completed_on().is_some())
                    .count(),
                sessions: sessions.len(),
                next_session: sessions
                    .iter()
                    .map(|s| s.date)
                    .filter(|date| *date >= today)
                    .min(),
                attendance_rate: attendance_rate(marks),
            }
        })
        .collect();
    Ok(Json(CohortList { cohorts }))
}

fn member_body(
    view: &View,
    cohort: &Cohort,
    member: &AcademyMember,
    today: NaiveDate,
) -> MemberBody {
    let worker = view
        .workforce
        .workers
        .iter()
        .find(|w| &w.id == member.worker_id());
    let sessions: Vec<Session> = view
        .academy
        .sessions_of(&cohort.id)
        .into_iter()
        .cloned()
        .collect();
    let marks: Vec<Attendance> = view
        .academy
        .attendance_of(&cohort.id)
        .into_iter()
        .cloned()
        .collect();
    let done = completion(&sessions, &marks, member.worker_id(), today);
    let mut own: Vec<MemberMark> = marks
        .iter()
        .filter(|mark| &mark.worker_id == member.worker_id())
        .map(|mark| MemberMark {
            session: mark.session,
            mark: mark.mark,
        })
        .collect();
    own.sort_by_key(|mark| mark.session);
    MemberBody {
        worker_id: member.worker_id().to_string(),
        given_name: worker.map(|w| w.given_name.clone()),
        family_name: worker.map(|w| w.family_name.clone()),
        joined_on: member.joined_on(),
        completed_on: member.completed_on(),
        asye_outcome: member.asye_outcome().map(|o| o.as_str().to_owned()),
        has_asye: has_asye(cohort, member),
        completion: CompletionBody {
            required: done.required,
            covered: done.covered,
            missed: done.missed,
            completed_on: done.completed_on,
        },
        marks: own,
    }
}

/// A cohort: its sessions and the members within the caller's reach, with their
/// completion and register marks.
#[utoipa::path(
    get,
    path = "/api/v1/academy/cohorts/{cohort_id}",
    tag = "academy",
    params(("cohort_id" = String, Path, description = "The council's ID for the cohort")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The cohort", body = CohortDetail),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the academy", body = ErrorBody),
        (status = 404, description = "No such cohort within the caller's reach", body = ErrorBody),
    )
)]
pub async fn show_cohort(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    cohort_id: Result<Path<String>, PathRejection>,
) -> Result<Json<CohortDetail>, ApiError> {
    let Path(cohort_id) = cohort_id.map_err(|_| ApiError::NotFound("the cohort was not found"))?;
    let view = View::load(&state, &user).await?;
    let cohort = view.cohort(&user, &cohort_id)?;
    let reach = view.reach(&user);
    let today = today();
    let mut members: Vec<MemberBody> = view
        .workforce
        .academy_members
        .iter()
        .filter(|m| m.cohort_id() == &cohort.id)
        .filter(|m| reach.as_ref().is_none_or(|set| set.contains(m.worker_id())))
        .map(|member| member_body(&view, cohort, member, today))
        .collect();
    members.sort_by(|a, b| {
        (&a.family_name, &a.given_name, &a.worker_id).cmp(&(
            &b.family_name,
            &b.given_name,
            &b.worker_id,
        ))
    });
    Ok(Json(CohortDetail {
        cohort_id: cohort.id.to_string(),
        name: cohort.name.clone(),
        programme: cohort.programme,
        start_date: cohort.start_date,
        sessions: view
            .academy
            .sessions_of(&cohort.id)
            .into_iter()
            .map(SessionBody::from_session)
            .collect(),
        members,
    }))
}

/// Adds a session to a cohort, or changes one (moving it moves it in every member's
/// calendar and feed).
#[utoipa::path(
    put,
    path = "/api/v1/academy/cohorts/{cohort_id}/sessions/{number}",
    tag = "academy",
    params(
        ("cohort_id" = String, Path, description = "The council's ID for the cohort"),
        ("number" = u16, Path, description = "The session's number in the cohort"),
    ),
    request_body = SessionInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The session as stored", body = SessionBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run the academy", body = ErrorBody),
        (status = 404, description = "No such cohort", body = ErrorBody),
        (status = 422, description = "The session is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_session(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, u16)>, PathRejection>,
    input: Result<Json<SessionInput>, JsonRejection>,
) -> Result<Json<SessionBody>, ApiError> {
    let Path((cohort_id, number)) =
        path.map_err(|_| ApiError::NotFound("the session was not found"))?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let cohort = view.cohort(&user, &cohort_id)?;
    let session = Session {
        cohort_id: cohort.id.clone(),
        number,
        kind: input.kind,
        date: input.date,
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        topic: input.topic,
        delivery: input.delivery,
        venue: input.venue,
        facilitator: input.facilitator,
        required: input.required,
        catches_up: input.catches_up,
    };
    let verb = if view.academy.session(&cohort.id, number).is_some() {
        "changed"
    } else {
        "added"
    };
    let description = format!("{verb} session {number} of cohort {} (api)", cohort.id);
    let academy = change(
        &state,
        view.council,
        &user,
        &description,
        vec![AcademyChange::PutSession(session)],
        |_| None,
    )
    .await?;
    let stored = academy
        .session(&cohort.id, number)
        .ok_or_else(|| ApiError::Internal("the session was not stored".to_owned()))?;
    Ok(Json(SessionBody::from_session(stored)))
}

/// Records register marks for a session. Members not named keep their marks;
/// members who now have every required session get their completion date.
#[utoipa::path(
    put,
    path = "/api/v1/academy/cohorts/{cohort_id}/sessions/{number}/attendance",
    tag = "academy",
    params(
        ("cohort_id" = String, Path, description = "The council's ID for the cohort"),
        ("number" = u16, Path, description = "The session's number in the cohort"),
    ),
    request_body = AttendanceInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The session's whole register", body = RegisterBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run the academy", body = ErrorBody),
        (status = 404, description = "No such cohort or session", body = ErrorBody),
        (status = 422, description = "A mark is refused (its place and the reason); none is recorded", body = ErrorBody),
    )
)]
pub async fn put_attendance(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, u16)>, PathRejection>,
    input: Result<Json<AttendanceInput>, JsonRejection>,
) -> Result<Json<RegisterBody>, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the session was not found");
    let Path((cohort_id, number)) = path.map_err(|_| NOT_FOUND)?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let cohort = view.cohort(&user, &cohort_id)?;
    if view.academy.session(&cohort.id, number).is_none() {
        return Err(NOT_FOUND);
    }
    let changes = input
        .marks
        .into_iter()
        .map(|mark| {
            AcademyChange::PutAttendance(Attendance {
                cohort_id: cohort.id.clone(),
                session: number,
                worker_id: mark.worker_id,
                mark: mark.mark,
                recorded_by: user.email.clone(),
            })
        })
        .collect();
    let description = format!(
        "attendance for session {number} of cohort {} (api)",
        cohort.id
    );
    let academy = change(
        &state,
        view.council,
        &user,
        &description,
        changes,
        |index| Some(format!("marks[{index}]")),
    )
    .await?;
    let mut marks: Vec<RegisterMark> = academy
        .attendance_of(&cohort.id)
        .into_iter()
        .filter(|mark| mark.session == number)
        .map(|mark| RegisterMark {
            worker_id: mark.worker_id.to_string(),
            mark: mark.mark,
            recorded_by: mark.recorded_by.clone(),
        })
        .collect();
    marks.sort_by(|a, b| a.worker_id.cmp(&b.worker_id));
    Ok(Json(RegisterBody {
        cohort_id: cohort.id.to_string(),
        session: number,
        marks,
    }))
}

// ---------------------------------------------------------------- the ASYE

fn asye_body(view: &View, member: &AcademyMember, today: NaiveDate) -> AsyeBody {
    let (cohort, worker) = (member.cohort_id(), member.worker_id());
    let record = view.academy.asye_record(member);
    let log = view.academy.log_of(cohort, worker);
    let reviews = ReviewKind::ALL
        .iter()
        .map(|kind| {
            let held = view
                .academy
                .reviews_of(cohort, worker)
                .into_iter()
                .find(|r| r.kind == *kind);
            ReviewStatus {
                kind: *kind,
                label: kind.label().to_owned(),
                optional: kind.optional(),
                due: DueBody::new(record.review_due(*kind), held.map(|r| r.held_on), today),
                assessor: held.map(|r| r.assessor.clone()),
                notes: held.map(|r| r.notes.clone()),
            }
        })
        .collect();
    let mut observed: Vec<NaiveDate> = log
        .iter()
        .filter(|entry| entry.kind == LogKind::Observation)
        .map(|entry| entry.on)
        .collect();
    observed.sort_unstable();
    let observations = (1..=OBSERVATIONS_NEEDED as u32)
        .map(|n| {
            DueBody::new(
                record.observation_due(n),
                observed.get(n as usize - 1).copied(),
                today,
            )
        })
        .collect();
    let supervision = supervision_check(&record, &log, today);
    let (supervision_state, _) = DueStateCode::of(supervision.state);
    let time = development_time(&record, &log, today, view.academy.settings.weekly_hours);
    let caseloads: Vec<_> = view
        .workforce
        .caseloads
        .iter()
        .filter(|c| &c.worker_id == worker)
        .collect();
    let caseload = caseload_check(
        &record,
        &caseloads,
        today,
        view.academy.settings.asye_caseload_limit,
    );
    let count = |(as_of, cases): (NaiveDate, u32)| CaseloadCount { as_of, cases };
    let eligibility = record.grant_eligibility();
    AsyeBody {
        cohort_id: cohort.to_string(),
        worker_id: worker.to_string(),
        starts_on: record.starts_on,
        qualified_on: record.qualified_on,
        registered_on: record.registered_on,
        assessor: record.assessor.clone(),
        extended_to: record.extended_to,
        moderation: record.moderation.map(|m| m.as_str().to_owned()),
        moderated_on: record.moderated_on,
        outcome: member.asye_outcome().map(|o| o.as_str().to_owned()),
        agreement: DueBody::new(record.agreement_due(), record.agreement_on, today),
        reviews,
        observations,
        log: log
            .iter()
            .map(|entry| LogEntryBody::from_entry(entry))
            .collect(),
        supervision: SupervisionBody {
            held: supervision.held,
            expected: supervision.expected,
            next_due: supervision.next_due,
            state: supervision_state,
            late: supervision
                .late
                .iter()
                .map(|&(due_on, held_on)| LateSupervision { due_on, held_on })
                .collect(),
        },
        development_time: DevelopmentTimeBody {
            recorded_hours: time.recorded_hours,
            expected_hours: time.expected_hours,
        },
        caseload: CaseloadBody {
            limit: caseload.limit,
            latest: caseload.latest.map(count),
            above: caseload.above.into_iter().map(count).collect(),
        },
        grant: GrantBody {
            eligibility: match eligibility {
                GrantEligibility::Eligible => "eligible",
                GrantEligibility::NotRegistered => "not_registered",
                GrantEligibility::QualifiedTooLongAgo => "qualified_too_long_ago",
                GrantEligibility::QualificationDateUnknown => "qualification_date_unknown",
            }
            .to_owned(),
            label: eligibility.label().to_owned(),
            registration_claimed_on: record.registration_claimed_on,
            completion_claimed_on: record.completion_claimed_on,
        },
    }
}

/// A member's ASYE record, with its due dates and checks as at today. Every view is
/// recorded in the council's audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/academy/cohorts/{cohort_id}/members/{worker_id}/asye",
    tag = "academy",
    params(
        ("cohort_id" = String, Path, description = "The council's ID for the cohort"),
        ("worker_id" = String, Path, description = "The council's ID for the member"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The ASYE record", body = AsyeBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the academy", body = ErrorBody),
        (status = 404, description = "No such member within the caller's reach, or the member has no ASYE", body = ErrorBody),
    )
)]
pub async fn show_asye(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<AsyeBody>, ApiError> {
    let Path((cohort_id, worker_id)) =
        path.map_err(|_| ApiError::NotFound("the member was not found"))?;
    let view = View::load(&state, &user).await?;
    let (_, member) = view.asye_member(&user, &cohort_id, &worker_id)?;
    let body = asye_body(&view, member, today());
    state
        .store
        .record_audit(&[AuditEntry {
            council: view.council,
            actor: user.email.clone(),
            action: "view asye record".to_owned(),
            detail: format!(
                "worker {} in cohort {} (api)",
                member.worker_id(),
                member.cohort_id()
            ),
        }])
        .await?;
    Ok(Json(body))
}

/// Records a review held, or corrects it (one of each kind per member). Academy
/// coordinators, the workforce lead and team managers (for their teams) may.
#[utoipa::path(
    post,
    path = "/api/v1/academy/cohorts/{cohort_id}/members/{worker_id}/asye/reviews",
    tag = "academy",
    params(
        ("cohort_id" = String, Path, description = "The council's ID for the cohort"),
        ("worker_id" = String, Path, description = "The council's ID for the member"),
    ),
    request_body = ReviewInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The review was corrected", body = ReviewBody),
        (status = 201, description = "The review was recorded", body = ReviewBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not record reviews", body = ErrorBody),
        (status = 404, description = "No such member within the caller's reach, or the member has no ASYE", body = ErrorBody),
        (status = 422, description = "The review is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn record_review(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, String)>, PathRejection>,
    input: Result<Json<ReviewInput>, JsonRejection>,
) -> Result<(StatusCode, Json<ReviewBody>), ApiError> {
    if !user.role.may_record_reviews() {
        return Err(ApiError::Forbidden);
    }
    let Path((cohort_id, worker_id)) =
        path.map_err(|_| ApiError::NotFound("the member was not found"))?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let (cohort, member) = view.asye_member(&user, &cohort_id, &worker_id)?;
    let corrected = view
        .academy
        .reviews_of(&cohort.id, member.worker_id())
        .iter()
        .any(|r| r.kind == input.kind);
    let review = Review {
        cohort_id: cohort.id.clone(),
        worker_id: member.worker_id().clone(),
        kind: input.kind,
        held_on: input.held_on,
        assessor: input.assessor.trim().to_owned(),
        notes: input.notes,
    };
    let description = format!(
        "{} of worker {} in cohort {} (api)",
        review.kind.label(),
        review.worker_id,
        review.cohort_id
    );
    let answer = ReviewBody {
        kind: review.kind,
        held_on: review.held_on,
        assessor: review.assessor.clone(),
        notes: review.notes.clone(),
    };
    change(
        &state,
        view.council,
        &user,
        &description,
        vec![AcademyChange::PutReview(review)],
        |_| None,
    )
    .await?;
    let status = if corrected {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(answer)))
}

/// Adds an entry to a member's ASYE log, numbered after the last.
#[utoipa::path(
    post,
    path = "/api/v1/academy/cohorts/{cohort_id}/members/{worker_id}/asye/log",
    tag = "academy",
    params(
        ("cohort_id" = String, Path, description = "The council's ID for the cohort"),
        ("worker_id" = String, Path, description = "The council's ID for the member"),
    ),
    request_body = LogInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The entry as stored", body = LogEntryBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role may not add this kind of entry", body = ErrorBody),
        (status = 404, description = "No such member within the caller's reach, or the member has no ASYE", body = ErrorBody),
        (status = 422, description = "The entry is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn add_log_entry(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, String)>, PathRejection>,
    input: Result<Json<LogInput>, JsonRejection>,
) -> Result<(StatusCode, Json<LogEntryBody>), ApiError> {
    let Path((cohort_id, worker_id)) =
        path.map_err(|_| ApiError::NotFound("the member was not found"))?;
    let input = body(input)?;
    if !user.role.may_record(input.kind) {
        return Err(ApiError::Forbidden);
    }
    let view = View::load(&state, &user).await?;
    let (cohort, member) = view.asye_member(&user, &cohort_id, &worker_id)?;
    let entry = LogEntry {
        cohort_id: cohort.id.clone(),
        worker_id: member.worker_id().clone(),
        number: view.academy.next_log_number(&cohort.id, member.worker_id()),
        kind: input.kind,
        on: input.on,
        by: input
            .by
            .map(|by| by.trim().to_owned())
            .filter(|by| !by.is_empty())
            .unwrap_or_else(|| user.email.clone()),
        hours: input.hours,
        notes: input.notes,
    };
    let description = format!(
        "{} for worker {} in cohort {} (api)",
        entry.kind.label(),
        entry.worker_id,
        entry.cohort_id
    );
    let answer = LogEntryBody::from_entry(&entry);
    change(
        &state,
        view.council,
        &user,
        &description,
        vec![AcademyChange::PutLogEntry(entry)],
        |_| None,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(answer)))
}

// ---------------------------------------------------------------- the due list

fn task_fields(task: DueTask) -> (&'static str, Option<ReviewKind>, Option<u32>, Option<u16>) {
    match task {
        DueTask::Agreement => ("agreement", None, None, None),
        DueTask::Review(kind) => ("review", Some(kind), None, None),
        DueTask::Observation(n) => ("observation", None, Some(n), None),
        DueTask::Supervision => ("supervision", None, None, None),
        DueTask::Session(number) => ("session", None, None, Some(number)),
        DueTask::Register(number) => ("register", None, None, Some(number)),
    }
}

/// What is due in the next 14 days or overdue for the members within the caller's
/// reach and their cohorts' sessions.
#[utoipa::path(
    get,
    path = "/api/v1/academy/due",
    tag = "academy",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The due list", body = DueList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the academy", body = ErrorBody),
    )
)]
pub async fn due(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<DueList>, ApiError> {
    let view = View::load(&state, &user).await?;
    let reach = view.reach(&user);
    let today = today();
    let items = due_list(&view.academy, &view.workforce, today, |worker| {
        reach.as_ref().is_none_or(|set| set.contains(worker))
    })
    .into_iter()
    .map(|item| {
        let (task, review, observation, session) = task_fields(item.task);
        let (state, _) = DueStateCode::of(item.state);
        let name = item.worker_id.as_ref().and_then(|id| {
            view.workforce
                .workers
                .iter()
                .find(|w| &w.id == id)
                .map(|w| format!("{} {}", w.given_name, w.family_name))
        });
        DueItemBody {
            cohort_id: item.cohort_id.to_string(),
            worker_id: item.worker_id.as_ref().map(ToString::to_string),
            name,
            task: task.to_owned(),
            review,
            observation,
            session,
            label: item.task.label(),
            due_on: item.due,
            state,
        }
    })
    .collect();
    Ok(Json(DueList { today, items }))
}
