//! A subject access response: everything Pathway holds about one person, gathered from
//! a council's loaded records into one document (UK GDPR article 15).
//!
//! The document is a contract: `docs/subject-access.md` describes its JSON layout,
//! and the page, the PDF and `pathway subject-access` are all made from it, so they
//! cannot disagree. Codes are written as the bulk format spells them, dates as
//! `YYYY-MM-DD`, times as RFC 3339 in UTC. Pure: the records, the accounts, the audit
//! entries and the time are passed in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::academy::Academy;
use crate::career::Career;
use crate::feedback::Feedback;
use crate::ids::WorkerId;
use crate::records::Worker;
use crate::recruitment::Recruitment;
use crate::training::Training;
use crate::values::Date;
use crate::{Council, Workforce};

/// The value of [`SubjectAccess::format`]: names this layout, and changes only if a
/// field is removed or changes meaning (fields may be added).
pub const FORMAT: &str = "pathway-subject-access/1";

/// Everything Pathway holds about one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectAccess {
    /// Always [`FORMAT`].
    pub format: String,
    /// The council that holds the records (the controller).
    pub council: CouncilDetails,
    /// When the response was produced.
    pub produced_at: DateTime<Utc>,
    /// Who produced it: a user's email address or `cli:<user>`.
    pub produced_by: String,
    /// The person's worker record: identity, equality data, qualification, languages.
    pub worker: WorkerDetails,
    /// Spells of employment, each with its assignments (team, role, contract, FTE).
    pub employments: Vec<EmploymentDetails>,
    /// Absences and the working days they lost.
    pub absences: Vec<AbsenceDetails>,
    /// Counts of the children's cases they held, by date.
    pub caseloads: Vec<CaseloadDetails>,
    /// What they said at exit interviews.
    pub exit_interviews: Vec<ExitInterviewDetails>,
    /// The academy: cohorts, attendance, induction checklist and the ASYE.
    pub academy: AcademyDetails,
    /// The career pathway: self-assessments with their sign-off, and the development
    /// plan.
    pub career: CareerDetails,
    /// Training: bookings and attendance, completions and recorded skills.
    pub training: TrainingDetails,
    /// Recruitment: how they came to the council, and international recruitment.
    pub recruitment: RecruitmentDetails,
    /// Feedback session actions whose owner is written as their name.
    pub feedback_actions: Vec<FeedbackActionDetails>,
    /// Their sign-in accounts.
    pub accounts: Vec<AccountDetails>,
    /// Audit trail entries about them (who saw or changed their records, and when)
    /// and entries of what their own accounts did, oldest first.
    pub audit_trail: Vec<AuditDetails>,
    /// What Pathway holds that cannot be linked to the person, said so the response
    /// is complete.
    pub not_linkable: Vec<String>,
}

/// The council holding the records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilDetails {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// The worker record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerDetails {
    /// The council's ID for the person.
    pub worker_id: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Social Work England registration number.
    pub swe_number: Option<String>,
    /// Gender code.
    pub gender: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<Date>,
    /// Ethnicity code.
    pub ethnicity: Option<String>,
    /// When they qualified.
    pub qualified_on: Option<Date>,
    /// Where they qualified.
    pub qualification_institution: Option<String>,
    /// Qualification level code.
    pub qualification_level: Option<String>,
    /// Route into social work code.
    pub route: Option<String>,
    /// Proficient in British Sign Language.
    pub bsl: Option<bool>,
    /// Languages they speak.
    pub languages: Vec<String>,
}

/// One employment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmploymentDetails {
    /// The council's ID for the spell.
    pub employment_id: String,
    /// First day.
    pub start_date: Date,
    /// Last day, if they left.
    pub end_date: Option<Date>,
    /// Where they came from.
    pub start_origin: Option<String>,
    /// Why they left.
    pub leaving_reason: Option<String>,
    /// Where they went.
    pub destination: Option<String>,
    /// What they did during the spell.
    pub assignments: Vec<AssignmentDetails>,
}

/// One assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentDetails {
    /// First day.
    pub start_date: Date,
    /// Last day, if ended.
    pub end_date: Option<Date>,
    /// The team's ID.
    pub team_id: Option<String>,
    /// The team's name.
    pub team_name: Option<String>,
    /// Role code.
    pub role: String,
    /// Contract code.
    pub contract: String,
    /// Full-time equivalent.
    pub fte: f64,
}

/// One absence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbsenceDetails {
    /// First day.
    pub start_date: Date,
    /// Last day, if over.
    pub end_date: Option<Date>,
    /// Reason code.
    pub reason: String,
    /// Working days lost.
    pub working_days_lost: f64,
}

/// One caseload count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseloadDetails {
    /// The date of the count.
    pub as_of: Date,
    /// Children's cases held.
    pub cases: u32,
}

/// One exit interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitInterviewDetails {
    /// When it was held.
    pub held_on: Date,
    /// Main reason code.
    pub primary_reason: String,
    /// Would they return.
    pub would_return: Option<String>,
    /// What they said.
    pub comments: Option<String>,
}

/// The academy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AcademyDetails {
    /// Cohorts they joined.
    pub memberships: Vec<MembershipDetails>,
    /// Attendance marks at sessions.
    pub attendance: Vec<AttendanceDetails>,
    /// Induction checklist items done.
    pub checklist: Vec<ChecklistDetails>,
    /// ASYE records (dates, assessor, moderation, grant claims).
    pub asye: Vec<AsyeDetails>,
    /// ASYE reviews.
    pub reviews: Vec<ReviewDetails>,
    /// ASYE log: supervisions, observations, feedback, reflections, development time.
    pub log: Vec<LogDetails>,
}

/// A cohort membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipDetails {
    /// The cohort's ID.
    pub cohort_id: String,
    /// The cohort's name.
    pub cohort_name: Option<String>,
    /// Programme code.
    pub programme: Option<String>,
    /// When they joined.
    pub joined_on: Date,
    /// When they completed.
    pub completed_on: Option<Date>,
    /// ASYE outcome code.
    pub asye_outcome: Option<String>,
}

/// An attendance mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceDetails {
    /// The cohort's ID.
    pub cohort_id: String,
    /// The session's number.
    pub session: u16,
    /// The session's date.
    pub date: Option<Date>,
    /// The session's topic.
    pub topic: Option<String>,
    /// Mark code.
    pub mark: String,
    /// Who recorded it.
    pub recorded_by: String,
}

/// A checklist item done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistDetails {
    /// The cohort's ID.
    pub cohort_id: String,
    /// The item's ID.
    pub item_id: String,
    /// The item's wording.
    pub item: Option<String>,
    /// When it was done.
    pub done_on: Date,
    /// Who ticked it.
    pub done_by: String,
}

/// An ASYE record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsyeDetails {
    /// The cohort's ID.
    pub cohort_id: String,
    /// When the ASYE started.
    pub starts_on: Date,
    /// When they qualified.
    pub qualified_on: Option<Date>,
    /// When they registered with Social Work England.
    pub registered_on: Option<Date>,
    /// When the learning agreement was made.
    pub agreement_on: Option<Date>,
    /// Their assessor.
    pub assessor: String,
    /// An extension's new end.
    pub extended_to: Option<Date>,
    /// Moderation decision code.
    pub moderation: Option<String>,
    /// When it was moderated.
    pub moderated_on: Option<Date>,
    /// When the registration grant was claimed.
    pub registration_claimed_on: Option<Date>,
    /// When the completion grant was claimed.
    pub completion_claimed_on: Option<Date>,
}

/// An ASYE review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDetails {
    /// The cohort's ID.
    pub cohort_id: String,
    /// Review kind code.
    pub kind: String,
    /// When it was held.
    pub held_on: Date,
    /// Who held it.
    pub assessor: String,
    /// What was written.
    pub notes: String,
}

/// An ASYE log entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogDetails {
    /// The cohort's ID.
    pub cohort_id: String,
    /// Its number.
    pub number: u32,
    /// Kind code.
    pub kind: String,
    /// The day.
    pub on: Date,
    /// Who recorded it.
    pub by: String,
    /// Hours, for development time.
    pub hours: Option<f64>,
    /// What was written.
    pub notes: String,
}

/// The career pathway.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CareerDetails {
    /// Self-assessments.
    pub assessments: Vec<AssessmentDetails>,
    /// The development plan's actions.
    pub development_plan: Vec<PlanActionDetails>,
}

/// A self-assessment and its sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDetails {
    /// Its number.
    pub number: u32,
    /// The level assessed against.
    pub level: String,
    /// When it was started.
    pub started_on: Date,
    /// When it was submitted.
    pub submitted_on: Option<Date>,
    /// Where it has got to, as a person reads it.
    pub status: String,
    /// Each criterion's rating and evidence.
    pub ratings: Vec<RatingDetails>,
    /// The manager's review (the sign-off when agreed).
    pub review: Option<CareerReviewDetails>,
}

/// A rating against one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingDetails {
    /// The criterion's ID.
    pub criterion_id: String,
    /// The criterion's wording.
    pub wording: String,
    /// Rating code.
    pub rating: Option<String>,
    /// Their evidence.
    pub evidence: String,
}

/// A manager's review of a self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareerReviewDetails {
    /// Who reviewed.
    pub by: String,
    /// When.
    pub on: Date,
    /// Decision code.
    pub decision: String,
    /// Their comments.
    pub comments: String,
}

/// A development plan action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanActionDetails {
    /// Its number.
    pub number: u32,
    /// What is to be done.
    pub description: String,
    /// By when.
    pub due_on: Option<Date>,
    /// Status code.
    pub status: String,
    /// When done.
    pub done_on: Option<Date>,
}

/// Training.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrainingDetails {
    /// Bookings on course dates and attendance.
    pub bookings: Vec<BookingDetails>,
    /// Courses completed without a course date.
    pub completions: Vec<CompletionDetails>,
    /// Specialisms and other skills.
    pub skills: Vec<SkillDetails>,
}

/// A booking on a course date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingDetails {
    /// The course's ID.
    pub course_id: String,
    /// The course's title.
    pub course_title: Option<String>,
    /// The date's number.
    pub date_number: u16,
    /// The date.
    pub date: Option<Date>,
    /// Status code.
    pub status: String,
    /// When completed.
    pub completed_on: Option<Date>,
}

/// A completion without a course date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionDetails {
    /// The course's ID.
    pub course_id: String,
    /// The course's title.
    pub course_title: Option<String>,
    /// When completed.
    pub completed_on: Date,
}

/// A recorded skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillDetails {
    /// Kind code.
    pub kind: String,
    /// The skill.
    pub name: String,
    /// Its level.
    pub level: Option<String>,
    /// When recorded.
    pub recorded_on: Date,
}

/// Recruitment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecruitmentDetails {
    /// Candidate records that became this worker, with their stage history.
    pub candidates: Vec<CandidateDetails>,
    /// Student placements that led to this worker's hire.
    pub placements: Vec<PlacementDetails>,
    /// Their international recruitment record, with check-ins.
    pub international: Option<InternationalDetails>,
    /// International recruits they are the buddy of (worker IDs).
    pub buddy_of: Vec<String>,
}

/// A candidate record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateDetails {
    /// The candidate's ID.
    pub candidate_id: String,
    /// Given name as applied.
    pub given_name: String,
    /// Family name as applied.
    pub family_name: String,
    /// Email address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// Source code.
    pub source: String,
    /// The vacancy applied for.
    pub vacancy_id: Option<String>,
    /// The event they came through.
    pub event_id: Option<String>,
    /// The placement they came through.
    pub placement_id: Option<String>,
    /// When they applied.
    pub applied_on: Date,
    /// Stage code.
    pub stage: String,
    /// Social Work England number given.
    pub swe_number: Option<String>,
    /// Start date agreed.
    pub start_date: Option<Date>,
    /// Role code offered.
    pub role: Option<String>,
    /// Team offered.
    pub team_id: Option<String>,
    /// FTE offered.
    pub fte: Option<f64>,
    /// When anonymised.
    pub anonymised_on: Option<Date>,
    /// Their moves through the stages.
    pub stage_history: Vec<StageDetails>,
    /// Recruitment events they were recorded at.
    pub events_attended: Vec<AttendeeDetails>,
}

/// A candidate's stage move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageDetails {
    /// The day.
    pub on: Date,
    /// Stage code.
    pub stage: String,
    /// Who moved them.
    pub by: String,
}

/// An event attendance as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeDetails {
    /// The event's ID.
    pub event_id: String,
    /// Name as recorded.
    pub name: String,
    /// Email as recorded.
    pub email: String,
    /// What they were interested in.
    pub interested_in: String,
}

/// A student placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementDetails {
    /// The placement's ID.
    pub placement_id: String,
    /// The student's name.
    pub student_name: String,
    /// The university.
    pub university: String,
    /// Placement number code.
    pub number: String,
    /// The hosting team.
    pub team_id: Option<String>,
    /// First day.
    pub start_date: Date,
    /// Last day.
    pub end_date: Option<Date>,
    /// Outcome code.
    pub outcome: Option<String>,
    /// Their practice educator.
    pub practice_educator: Option<String>,
}

/// An international recruitment record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternationalDetails {
    /// Country recruited from.
    pub country: String,
    /// Visa type code.
    pub visa_type: String,
    /// When their right to work expires.
    pub right_to_work_expires: Option<Date>,
    /// Social Work England status code.
    pub swe_status: String,
    /// When they arrived.
    pub arrived_on: Option<Date>,
    /// Relocation support given.
    pub relocation_support: String,
    /// Their buddy's worker ID.
    pub buddy_worker_id: Option<String>,
    /// Check-ins.
    pub check_ins: Vec<CheckInDetails>,
}

/// A check-in with an international recruit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInDetails {
    /// The day.
    pub on: Date,
    /// Who held it.
    pub by: String,
    /// Settling code.
    pub settling: String,
    /// What was written.
    pub notes: String,
}

/// A feedback action owned by the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackActionDetails {
    /// The session's title.
    pub session: String,
    /// When it was held.
    pub held_on: Date,
    /// What is to be done.
    pub description: String,
    /// Status code.
    pub status: String,
    /// By when.
    pub due_on: Option<Date>,
}

/// A sign-in account linked to the worker record. Never a password, its hash, or a
/// token: only what identifies them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetails {
    /// The email address they sign in with.
    pub email: String,
    /// Role code.
    pub role: String,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
    /// Their API tokens (names and dates only).
    pub api_tokens: Vec<ApiTokenDetails>,
    /// Years of the staff survey this account answered (the answers themselves are
    /// anonymous and cannot be linked back).
    pub staff_surveys_answered: Vec<u16>,
}

/// An API token, by name and dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenDetails {
    /// The name they gave it.
    pub name: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was last used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// An audit trail entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditDetails {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// What exactly.
    pub detail: String,
}

/// One council's records as loaded, from which a person's are gathered.
#[derive(Debug, Clone, Copy)]
pub struct CouncilRecords<'a> {
    /// The council.
    pub council: &'a Council,
    /// The workforce record.
    pub workforce: &'a Workforce,
    /// The academy.
    pub academy: &'a Academy,
    /// Recruitment.
    pub recruitment: &'a Recruitment,
    /// The career pathway.
    pub career: &'a Career,
    /// Training.
    pub training: &'a Training,
    /// Feedback sessions.
    pub feedback: &'a Feedback,
}

/// What the council holds but cannot link to any one person, said in every response.
pub fn not_linkable() -> Vec<String> {
    vec![
        "Staff survey answers: the survey is anonymous. Pathway keeps only that an account \
         answered a year's survey (listed under accounts), never which answers were theirs."
            .to_owned(),
        "Figures and reports (measures, the committee report, benchmarks, the workforce \
         census return's totals) are counts over many people and do not identify anyone."
            .to_owned(),
        "Feedback session themes are recorded without names; only actions whose owner is \
         written as the person's name are listed."
            .to_owned(),
        "Agency engagements and event attendees are recorded by name only, without a worker \
         record; those not linked to a candidate record of this person are not listed."
            .to_owned(),
    ]
}

/// Whether an audit entry's detail names this worker: the ID as a whole word, so that
/// worker `W1` does not match `W12` (nor employment `W1-2`); a page's address such as
/// `/workers/W1/subject-access` names them.
pub fn mentions_worker(detail: &str, worker: &WorkerId) -> bool {
    let id = worker.as_str();
    let is_id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    detail.match_indices(id).any(|(at, _)| {
        let before = detail[..at].chars().next_back();
        let after = detail[at + id.len()..].chars().next();
        before.is_none_or(|c| !is_id_char(c)) && after.is_none_or(|c| !is_id_char(c))
    })
}

fn text<T: ToString>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(ToString::to_string)
}

/// Gathers everything the council's records hold about `worker`; the accounts and the
/// audit entries are found by the caller (they are not council records). The audit
/// entries are put oldest first.
pub fn gather(
    records: CouncilRecords<'_>,
    worker: &Worker,
    accounts: Vec<AccountDetails>,
    mut audit_trail: Vec<AuditDetails>,
    produced_at: DateTime<Utc>,
    produced_by: &str,
) -> SubjectAccess {
    let id = &worker.id;
    let workforce = records.workforce;
    let team_name = |team: &Option<crate::ids::TeamId>| {
        team.as_ref().and_then(|team| {
            workforce
                .teams
                .iter()
                .find(|t| &t.id == team)
                .map(|t| t.name.clone())
        })
    };
    let mut employments: Vec<EmploymentDetails> = workforce
        .employments
        .iter()
        .filter(|e| e.worker_id() == id)
        .map(|e| {
            let mut assignments: Vec<AssignmentDetails> = workforce
                .assignments
                .iter()
                .filter(|a| &a.employment_id == e.id())
                .map(|a| AssignmentDetails {
                    start_date: a.span.start(),
                    end_date: a.span.end(),
                    team_id: text(&a.team_id),
                    team_name: team_name(&a.team_id),
                    role: a.role.as_str().to_owned(),
                    contract: a.contract.as_str().to_owned(),
                    fte: a.fte.value(),
                })
                .collect();
            assignments.sort_by_key(|a| a.start_date);
            EmploymentDetails {
                employment_id: e.id().to_string(),
                start_date: e.span().start(),
                end_date: e.span().end(),
                start_origin: e.start_origin().map(|o| o.as_str().to_owned()),
                leaving_reason: e.leaving().map(|l| l.reason.as_str().to_owned()),
                destination: e
                    .leaving()
                    .and_then(|l| l.destination)
                    .map(|d| d.as_str().to_owned()),
                assignments,
            }
        })
        .collect();
    employments.sort_by_key(|e| e.start_date);

    let mut absences: Vec<AbsenceDetails> = workforce
        .absences
        .iter()
        .filter(|a| a.worker_id() == id)
        .map(|a| AbsenceDetails {
            start_date: a.start_date(),
            end_date: a.end_date(),
            reason: a.reason().as_str().to_owned(),
            working_days_lost: a.working_days_lost().value(),
        })
        .collect();
    absences.sort_by_key(|a| a.start_date);
    let mut caseloads: Vec<CaseloadDetails> = workforce
        .caseloads
        .iter()
        .filter(|c| &c.worker_id == id)
        .map(|c| CaseloadDetails {
            as_of: c.as_of,
            cases: c.cases,
        })
        .collect();
    caseloads.sort_by_key(|c| c.as_of);
    let mut exit_interviews: Vec<ExitInterviewDetails> = workforce
        .exit_interviews
        .iter()
        .filter(|x| &x.worker_id == id)
        .map(|x| ExitInterviewDetails {
            held_on: x.held_on,
            primary_reason: x.primary_reason.as_str().to_owned(),
            would_return: x.would_return.map(|w| w.as_str().to_owned()),
            comments: x.comments.clone(),
        })
        .collect();
    exit_interviews.sort_by_key(|x| x.held_on);

    audit_trail.sort_by_key(|entry| entry.at);
    SubjectAccess {
        format: FORMAT.to_owned(),
        council: CouncilDetails {
            code: records.council.code.to_string(),
            name: records.council.name.clone(),
        },
        produced_at,
        produced_by: produced_by.to_owned(),
        worker: worker_details(worker),
        employments,
        absences,
        caseloads,
        exit_interviews,
        academy: academy(records, id),
        career: career(records.career, id),
        training: training(records.training, id),
        recruitment: recruitment(records, id),
        feedback_actions: feedback_actions(records.feedback, worker),
        accounts,
        audit_trail,
        not_linkable: not_linkable(),
    }
}

fn worker_details(worker: &Worker) -> WorkerDetails {
    WorkerDetails {
        worker_id: worker.id.to_string(),
        given_name: worker.given_name.clone(),
        family_name: worker.family_name.clone(),
        swe_number: text(&worker.swe_number),
        gender: worker.gender.map(|g| g.as_str().to_owned()),
        date_of_birth: worker.date_of_birth,
        ethnicity: worker.ethnicity.map(|e| e.as_str().to_owned()),
        qualified_on: worker.qualified_on,
        qualification_institution: worker.qualification_institution.clone(),
        qualification_level: worker.qualification_level.map(|l| l.as_str().to_owned()),
        route: worker.route.map(|r| r.as_str().to_owned()),
        bsl: worker.bsl,
        languages: worker.languages.clone(),
    }
}

fn academy(records: CouncilRecords<'_>, id: &WorkerId) -> AcademyDetails {
    let workforce = records.workforce;
    let academy = records.academy;
    let memberships = workforce
        .academy_members
        .iter()
        .filter(|m| m.worker_id() == id)
        .map(|m| {
            let cohort = workforce.cohorts.iter().find(|c| &c.id == m.cohort_id());
            MembershipDetails {
                cohort_id: m.cohort_id().to_string(),
                cohort_name: cohort.map(|c| c.name.clone()),
                programme: cohort.map(|c| c.programme.as_str().to_owned()),
                joined_on: m.joined_on(),
                completed_on: m.completed_on(),
                asye_outcome: m.asye_outcome().map(|o| o.as_str().to_owned()),
            }
        })
        .collect();
    let attendance = academy
        .attendance
        .iter()
        .filter(|a| &a.worker_id == id)
        .map(|a| {
            let session = academy.session(&a.cohort_id, a.session);
            AttendanceDetails {
                cohort_id: a.cohort_id.to_string(),
                session: a.session,
                date: session.map(|s| s.date),
                topic: session.map(|s| s.topic.clone()),
                mark: a.mark.as_str().to_owned(),
                recorded_by: a.recorded_by.clone(),
            }
        })
        .collect();
    let checklist = academy
        .ticks
        .iter()
        .filter(|t| &t.worker_id == id)
        .map(|t| ChecklistDetails {
            cohort_id: t.cohort_id.to_string(),
            item_id: t.item_id.to_string(),
            item: academy
                .checklist_items
                .iter()
                .find(|i| i.id == t.item_id)
                .map(|i| i.label.clone()),
            done_on: t.done_on,
            done_by: t.done_by.clone(),
        })
        .collect();
    let asye = academy
        .asye_records
        .iter()
        .filter(|r| &r.worker_id == id)
        .map(|r| AsyeDetails {
            cohort_id: r.cohort_id.to_string(),
            starts_on: r.starts_on,
            qualified_on: r.qualified_on,
            registered_on: r.registered_on,
            agreement_on: r.agreement_on,
            assessor: r.assessor.clone(),
            extended_to: r.extended_to,
            moderation: r.moderation.map(|m| m.as_str().to_owned()),
            moderated_on: r.moderated_on,
            registration_claimed_on: r.registration_claimed_on,
            completion_claimed_on: r.completion_claimed_on,
        })
        .collect();
    let reviews = academy
        .reviews
        .iter()
        .filter(|r| &r.worker_id == id)
        .map(|r| ReviewDetails {
            cohort_id: r.cohort_id.to_string(),
            kind: r.kind.as_str().to_owned(),
            held_on: r.held_on,
            assessor: r.assessor.clone(),
            notes: r.notes.clone(),
        })
        .collect();
    let log = academy
        .log
        .iter()
        .filter(|l| &l.worker_id == id)
        .map(|l| LogDetails {
            cohort_id: l.cohort_id.to_string(),
            number: l.number,
            kind: l.kind.as_str().to_owned(),
            on: l.on,
            by: l.by.clone(),
            hours: l.hours,
            notes: l.notes.clone(),
        })
        .collect();
    AcademyDetails {
        memberships,
        attendance,
        checklist,
        asye,
        reviews,
        log,
    }
}

fn career(career: &Career, id: &WorkerId) -> CareerDetails {
    CareerDetails {
        assessments: career
            .assessments
            .iter()
            .filter(|a| &a.worker_id == id)
            .map(|a| AssessmentDetails {
                number: a.number,
                level: a.level.clone(),
                started_on: a.started_on,
                submitted_on: a.submitted_on,
                status: a.status().label().to_owned(),
                ratings: a
                    .ratings
                    .iter()
                    .map(|r| RatingDetails {
                        criterion_id: r.criterion_id.clone(),
                        wording: r.wording.clone(),
                        rating: r.rating.map(|r| r.as_str().to_owned()),
                        evidence: r.evidence.clone(),
                    })
                    .collect(),
                review: a.review.as_ref().map(|r| CareerReviewDetails {
                    by: r.by.clone(),
                    on: r.on,
                    decision: r.decision.as_str().to_owned(),
                    comments: r.comments.clone(),
                }),
            })
            .collect(),
        development_plan: career
            .actions
            .iter()
            .filter(|a| &a.worker_id == id)
            .map(|a| PlanActionDetails {
                number: a.number,
                description: a.description.clone(),
                due_on: a.due_on,
                status: a.status.as_str().to_owned(),
                done_on: a.done_on,
            })
            .collect(),
    }
}

fn training(training: &Training, id: &WorkerId) -> TrainingDetails {
    let title = |course| training.course(course).map(|c| c.title.clone());
    TrainingDetails {
        bookings: training
            .bookings
            .iter()
            .filter(|b| &b.worker_id == id)
            .map(|b| BookingDetails {
                course_id: b.course_id.to_string(),
                course_title: title(&b.course_id),
                date_number: b.number,
                date: training.date(&b.course_id, b.number).map(|d| d.date),
                status: b.status.as_str().to_owned(),
                completed_on: b.completed_on,
            })
            .collect(),
        completions: training
            .completions
            .iter()
            .filter(|c| &c.worker_id == id)
            .map(|c| CompletionDetails {
                course_id: c.course_id.to_string(),
                course_title: title(&c.course_id),
                completed_on: c.completed_on,
            })
            .collect(),
        skills: training
            .skills
            .iter()
            .filter(|s| &s.worker_id == id)
            .map(|s| SkillDetails {
                kind: s.kind.as_str().to_owned(),
                name: s.name.clone(),
                level: s.level.clone(),
                recorded_on: s.recorded_on,
            })
            .collect(),
    }
}

fn recruitment(records: CouncilRecords<'_>, id: &WorkerId) -> RecruitmentDetails {
    let recruitment = records.recruitment;
    let candidates = recruitment
        .candidates
        .iter()
        .filter(|c| c.worker_id.as_ref() == Some(id))
        .map(|c| CandidateDetails {
            candidate_id: c.id.to_string(),
            given_name: c.given_name.clone(),
            family_name: c.family_name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            source: c.source.as_str().to_owned(),
            vacancy_id: text(&c.vacancy_id),
            event_id: text(&c.event_id),
            placement_id: text(&c.placement_id),
            applied_on: c.applied_on,
            stage: c.stage.as_str().to_owned(),
            swe_number: text(&c.swe_number),
            start_date: c.start_date,
            role: c.role.map(|r| r.as_str().to_owned()),
            team_id: text(&c.team_id),
            fte: c.fte.map(|f| f.value()),
            anonymised_on: c.anonymised_on,
            stage_history: recruitment
                .candidate_stage_changes
                .iter()
                .filter(|s| s.candidate_id == c.id)
                .map(|s| StageDetails {
                    on: s.on,
                    stage: s.stage.as_str().to_owned(),
                    by: s.by.clone(),
                })
                .collect(),
            events_attended: recruitment
                .attendees
                .iter()
                .filter(|a| a.candidate_id.as_ref() == Some(&c.id))
                .map(|a| AttendeeDetails {
                    event_id: a.event_id.to_string(),
                    name: a.name.clone(),
                    email: a.email.clone(),
                    interested_in: a.interested_in.clone(),
                })
                .collect(),
        })
        .collect();
    let placements = records
        .workforce
        .placements
        .iter()
        .filter(|p| p.hired_worker_id.as_ref() == Some(id))
        .map(|p| PlacementDetails {
            placement_id: p.id.to_string(),
            student_name: p.student_name.clone(),
            university: p.university.clone(),
            number: p.number.as_str().to_owned(),
            team_id: text(&p.team_id),
            start_date: p.span.start(),
            end_date: p.span.end(),
            outcome: p.outcome.map(|o| o.as_str().to_owned()),
            practice_educator: recruitment
                .placement_details
                .iter()
                .find(|d| d.placement_id == p.id)
                .map(|d| d.practice_educator.clone()),
        })
        .collect();
    let international = recruitment
        .international_recruits
        .iter()
        .find(|r| &r.worker_id == id)
        .map(|r| InternationalDetails {
            country: r.country.clone(),
            visa_type: r.visa_type.as_str().to_owned(),
            right_to_work_expires: r.right_to_work_expires,
            swe_status: r.swe_status.as_str().to_owned(),
            arrived_on: r.arrived_on,
            relocation_support: r.relocation_support.clone(),
            buddy_worker_id: text(&r.buddy_worker_id),
            check_ins: recruitment
                .check_ins
                .iter()
                .filter(|c| &c.worker_id == id)
                .map(|c| CheckInDetails {
                    on: c.on,
                    by: c.by.clone(),
                    settling: c.settling.as_str().to_owned(),
                    notes: c.notes.clone(),
                })
                .collect(),
        });
    let buddy_of = recruitment
        .international_recruits
        .iter()
        .filter(|r| r.buddy_worker_id.as_ref() == Some(id))
        .map(|r| r.worker_id.to_string())
        .collect();
    RecruitmentDetails {
        candidates,
        placements,
        international,
        buddy_of,
    }
}

fn feedback_actions(feedback: &Feedback, worker: &Worker) -> Vec<FeedbackActionDetails> {
    let name = format!("{} {}", worker.given_name, worker.family_name).to_lowercase();
    feedback
        .sessions
        .iter()
        .flat_map(|session| {
            session
                .actions
                .iter()
                .filter(|action| action.owner.trim().to_lowercase() == name)
                .map(move |action| FeedbackActionDetails {
                    session: session.details.title.clone(),
                    held_on: session.details.held_on,
                    description: action.description.clone(),
                    status: action.status.as_str().to_owned(),
                    due_on: action.due_on,
                })
        })
        .collect()
}

impl SubjectAccess {
    /// The person's name as the document writes it.
    pub fn name(&self) -> String {
        format!("{} {}", self.worker.given_name, self.worker.family_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audit_entry_names_a_worker_only_by_their_whole_id() {
        let w1 = WorkerId::parse("W1").unwrap();
        assert!(mentions_worker("worker W1", &w1));
        assert!(mentions_worker("worker W1 in cohort C2 (api)", &w1));
        assert!(mentions_worker("completion of course SAFE by W1", &w1));
        assert!(!mentions_worker("worker W12", &w1));
        assert!(!mentions_worker("worker XW1", &w1));
        assert!(!mentions_worker("employment W1-2", &w1));
        assert!(!mentions_worker("3 workers, 5 employments", &w1));
        assert!(mentions_worker(
            "2 tables; /workers/W1/subject-access?format=xlsx",
            &w1
        ));
    }
}
