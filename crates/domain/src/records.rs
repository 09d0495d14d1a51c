//! The records of a council's workforce, one type per file of the bulk format.
//!
//! Records do not carry their council: a [`crate::Workforce`] holds one council's
//! records. Records whose columns constrain each other (an employment's leaving reason
//! and end date, an absence's days and dates) can only be built through a constructor
//! that checks them.

use crate::codes::{
    AbsenceReason, AsyeOutcome, Contract, Destination, Ethnicity, ExitReason, Gender,
    LeavingReason, PlacementNumber, PlacementOutcome, Programme, QualificationLevel, Role, Route,
    Service, StartOrigin, VacancyStage, WouldReturn,
};
use crate::ids::{CohortId, EmploymentId, EventId, PlacementId, TeamId, VacancyId, WorkerId};
use crate::values::{Date, Fte, Span, SweNumber, WorkingDays};

/// A team of the council (`teams.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    /// The council's ID for the team.
    pub id: TeamId,
    /// The team's name.
    pub name: String,
    /// Children's, adults' or other services.
    pub service: Service,
    /// Free text such as `East Lancashire`.
    pub locality: Option<String>,
}

/// A person who has worked in the council's children's social care (`workers.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Worker {
    /// The council's ID for the person.
    pub id: WorkerId,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Social Work England registration number.
    pub swe_number: Option<SweNumber>,
    /// Gender as the census records it.
    pub gender: Option<Gender>,
    /// Date of birth.
    pub date_of_birth: Option<Date>,
    /// DfE census ethnicity code.
    pub ethnicity: Option<Ethnicity>,
    /// When they qualified as a social worker.
    pub qualified_on: Option<Date>,
    /// The university or other institution they qualified at.
    pub qualification_institution: Option<String>,
    /// The level of their qualification.
    pub qualification_level: Option<QualificationLevel>,
    /// How they came into social work; empty means `unknown`.
    pub route: Option<Route>,
    /// Whether they are proficient in British Sign Language.
    pub bsl: Option<bool>,
    /// Languages they speak.
    pub languages: Vec<String>,
}

/// How an employment ended: present exactly when it has an end date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leaving {
    /// Why they left.
    pub reason: LeavingReason,
    /// Where they went; empty means `not_known`.
    pub destination: Option<Destination>,
}

/// Why an employment's columns contradict each other.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmploymentError {
    /// An end date without a leaving reason.
    #[error("leaving_reason is required when end_date is set")]
    EndWithoutReason,
    /// A leaving reason without an end date.
    #[error(
        "leaving_reason is given but end_date is empty: a leaving reason needs the last day worked"
    )]
    ReasonWithoutEnd,
    /// A destination without an end date.
    #[error("destination is given but end_date is empty: only leavers have a destination")]
    DestinationWithoutEnd,
}

/// One continuous spell in the council's children's social care (`employments.csv`).
/// A worker who leaves and comes back has two.
#[derive(Debug, Clone, PartialEq)]
pub struct Employment {
    id: EmploymentId,
    worker_id: WorkerId,
    span: Span,
    start_origin: Option<StartOrigin>,
    leaving: Option<Leaving>,
}

impl Employment {
    /// Builds an employment, checking that it has a leaving reason exactly when it has
    /// an end date, and a destination only then.
    pub fn new(
        id: EmploymentId,
        worker_id: WorkerId,
        span: Span,
        start_origin: Option<StartOrigin>,
        reason: Option<LeavingReason>,
        destination: Option<Destination>,
    ) -> Result<Self, EmploymentError> {
        let leaving = match (span.end(), reason, destination) {
            (Some(_), Some(reason), destination) => Some(Leaving {
                reason,
                destination,
            }),
            (Some(_), None, _) => return Err(EmploymentError::EndWithoutReason),
            (None, Some(_), _) => return Err(EmploymentError::ReasonWithoutEnd),
            (None, None, Some(_)) => return Err(EmploymentError::DestinationWithoutEnd),
            (None, None, None) => None,
        };
        Ok(Self {
            id,
            worker_id,
            span,
            start_origin,
            leaving,
        })
    }

    /// The council's ID for this spell.
    pub fn id(&self) -> &EmploymentId {
        &self.id
    }

    /// The person employed.
    pub fn worker_id(&self) -> &WorkerId {
        &self.worker_id
    }

    /// First to last day worked.
    pub fn span(&self) -> Span {
        self.span
    }

    /// Where the starter came from; empty means `not_known`.
    pub fn start_origin(&self) -> Option<StartOrigin> {
        self.start_origin
    }

    /// How it ended, if it has.
    pub fn leaving(&self) -> Option<Leaving> {
        self.leaving
    }
}

/// What a person did during part of an employment (`assignments.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The employment it belongs to.
    pub employment_id: EmploymentId,
    /// When it applied; within the employment.
    pub span: Span,
    /// The team, if any; no team counts as children's services.
    pub team_id: Option<TeamId>,
    /// The job.
    pub role: Role,
    /// The contract.
    pub contract: Contract,
    /// Full-time equivalent.
    pub fte: Fte,
}

/// A count of the children's cases a worker held on a date (`caseloads.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Caseload {
    /// The worker.
    pub worker_id: WorkerId,
    /// The date of the count.
    pub as_of: Date,
    /// Children's cases held.
    pub cases: u32,
}

/// A vacant post: an establishment slot not filled by a permanent worker
/// (`vacancies.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Vacancy {
    /// The council's ID for the vacancy.
    pub id: VacancyId,
    /// The team, if any; no team counts as children's services.
    pub team_id: Option<TeamId>,
    /// The role of the post.
    pub role: Role,
    /// The post's FTE.
    pub fte: Fte,
    /// From `opened_on` to `closed_on` (no end: still vacant).
    pub open: Span,
    /// Where recruitment has got to.
    pub stage: VacancyStage,
    /// Whether an agency worker covers it.
    pub covered_by_agency: Option<bool>,
}

/// An academy cohort (`cohorts.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    /// The council's ID for the cohort.
    pub id: CohortId,
    /// Its name, such as `March 2024 ASYE academy`.
    pub name: String,
    /// Full (newly qualified) or short (experienced starters).
    pub programme: Programme,
    /// The first day of the programme.
    pub start_date: Date,
}

/// Why an academy membership's dates contradict each other.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("completed_on {completed_on} is before joined_on {joined_on}")]
pub struct MembershipError {
    /// When they joined.
    pub joined_on: Date,
    /// When they completed.
    pub completed_on: Date,
}

/// A worker's membership of an academy cohort (`academy_members.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct AcademyMember {
    cohort_id: CohortId,
    worker_id: WorkerId,
    joined_on: Date,
    completed_on: Option<Date>,
    asye_outcome: Option<AsyeOutcome>,
}

impl AcademyMember {
    /// Builds a membership, checking it was not completed before it was joined.
    pub fn new(
        cohort_id: CohortId,
        worker_id: WorkerId,
        joined_on: Date,
        completed_on: Option<Date>,
        asye_outcome: Option<AsyeOutcome>,
    ) -> Result<Self, MembershipError> {
        if let Some(completed_on) = completed_on.filter(|completed| *completed < joined_on) {
            return Err(MembershipError {
                joined_on,
                completed_on,
            });
        }
        Ok(Self {
            cohort_id,
            worker_id,
            joined_on,
            completed_on,
            asye_outcome,
        })
    }

    /// The cohort.
    pub fn cohort_id(&self) -> &CohortId {
        &self.cohort_id
    }

    /// The member.
    pub fn worker_id(&self) -> &WorkerId {
        &self.worker_id
    }

    /// When they joined the cohort.
    pub fn joined_on(&self) -> Date {
        self.joined_on
    }

    /// When they completed the programme, if they have.
    pub fn completed_on(&self) -> Option<Date> {
        self.completed_on
    }

    /// Their ASYE result, for newly qualified members.
    pub fn asye_outcome(&self) -> Option<AsyeOutcome> {
        self.asye_outcome
    }
}

/// A university student's placement with the council (`placements.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// The council's ID for the placement.
    pub id: PlacementId,
    /// The student's name.
    pub student_name: String,
    /// The student's university.
    pub university: String,
    /// First or final placement.
    pub number: PlacementNumber,
    /// The team hosting the student.
    pub team_id: Option<TeamId>,
    /// When the placement ran.
    pub span: Span,
    /// Whether a job was offered and taken.
    pub outcome: Option<PlacementOutcome>,
    /// The worker record the student became.
    pub hired_worker_id: Option<WorkerId>,
}

/// A recruitment event and what came of it (`recruitment_events.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct RecruitmentEvent {
    /// The council's ID for the event.
    pub id: EventId,
    /// The day it was held.
    pub held_on: Date,
    /// Where it was held.
    pub location: String,
    /// Whether it was held outside working hours.
    pub out_of_hours: Option<bool>,
    /// People who came.
    pub attendees: Option<u32>,
    /// Applications that followed.
    pub applications: Option<u32>,
    /// Offers made.
    pub offers: Option<u32>,
    /// People hired.
    pub hires: Option<u32>,
}

/// Why an absence's days lost do not fit its dates.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "working_days_lost {days} is more than the {calendar_days} days from start_date to end_date"
)]
pub struct AbsenceError {
    /// The days lost given.
    pub days: f64,
    /// The calendar days the absence spans.
    pub calendar_days: i64,
}

/// An absence and the working days it lost (`absences.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Absence {
    worker_id: WorkerId,
    start_date: Date,
    end_date: Option<Date>,
    reason: AbsenceReason,
    working_days_lost: WorkingDays,
}

impl Absence {
    /// Builds an absence, checking the days lost fit within its dates.
    pub fn new(
        worker_id: WorkerId,
        span: Span,
        reason: AbsenceReason,
        working_days_lost: WorkingDays,
    ) -> Result<Self, AbsenceError> {
        if let Some(calendar_days) = span.calendar_days()
            && working_days_lost.value() > calendar_days as f64
        {
            return Err(AbsenceError {
                days: working_days_lost.value(),
                calendar_days,
            });
        }
        Ok(Self {
            worker_id,
            start_date: span.start(),
            end_date: span.end(),
            reason,
            working_days_lost,
        })
    }

    /// Keeps an absence whose end date is before its start date, as given.
    ///
    /// HR systems write these when an absence that began over a weekend is moved to the
    /// Monday after the employment ended; refusing them would refuse the whole upload
    /// for a row that loses (almost) nothing. The importer warns about each one, and
    /// the measures count its days as given, as an analyst with the same file would.
    pub fn with_reversed_dates(
        worker_id: WorkerId,
        start_date: Date,
        end_date: Date,
        reason: AbsenceReason,
        working_days_lost: WorkingDays,
    ) -> Self {
        Self {
            worker_id,
            start_date,
            end_date: Some(end_date),
            reason,
            working_days_lost,
        }
    }

    /// The absent worker.
    pub fn worker_id(&self) -> &WorkerId {
        &self.worker_id
    }

    /// The first day of absence.
    pub fn start_date(&self) -> Date {
        self.start_date
    }

    /// The last day of absence (none: still absent).
    pub fn end_date(&self) -> Option<Date> {
        self.end_date
    }

    /// First to last day, unless the dates are reversed
    /// (see [`Absence::with_reversed_dates`]).
    pub fn span(&self) -> Option<Span> {
        Span::new(self.start_date, self.end_date).ok()
    }

    /// Why they were absent.
    pub fn reason(&self) -> AbsenceReason {
        self.reason
    }

    /// Working days lost.
    pub fn working_days_lost(&self) -> WorkingDays {
        self.working_days_lost
    }
}

/// What a leaver said at their exit interview (`exit_interviews.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct ExitInterview {
    /// The leaver.
    pub worker_id: WorkerId,
    /// When the interview was held.
    pub held_on: Date,
    /// The main reason they gave for leaving.
    pub primary_reason: ExitReason,
    /// Whether they would come back.
    pub would_return: Option<WouldReturn>,
    /// What they said, in their words.
    pub comments: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::parse_date;

    fn span(start: &str, end: Option<&str>) -> Span {
        Span::new(
            parse_date(start).unwrap(),
            end.map(|e| parse_date(e).unwrap()),
        )
        .unwrap()
    }

    fn employment(
        end: Option<&str>,
        reason: Option<LeavingReason>,
        destination: Option<Destination>,
    ) -> Result<Employment, EmploymentError> {
        Employment::new(
            EmploymentId::parse("E1").unwrap(),
            WorkerId::parse("W1").unwrap(),
            span("2020-01-01", end),
            None,
            reason,
            destination,
        )
    }

    #[test]
    fn an_employment_has_a_leaving_reason_exactly_when_it_has_an_end_date() {
        assert!(employment(None, None, None).is_ok());
        assert!(employment(Some("2021-01-01"), Some(LeavingReason::Resignation), None).is_ok());
        assert_eq!(
            employment(Some("2021-01-01"), None, None),
            Err(EmploymentError::EndWithoutReason)
        );
        assert_eq!(
            employment(None, Some(LeavingReason::Retired), None),
            Err(EmploymentError::ReasonWithoutEnd)
        );
        assert_eq!(
            employment(None, None, Some(Destination::Agency)),
            Err(EmploymentError::DestinationWithoutEnd)
        );
    }

    #[test]
    fn an_absence_cannot_lose_more_days_than_it_spans() {
        let worker = WorkerId::parse("W1").unwrap();
        let three_days = span("2024-01-01", Some("2024-01-03"));
        let ok = Absence::new(
            worker.clone(),
            three_days,
            AbsenceReason::Sickness,
            WorkingDays::new(2.5).unwrap(),
        );
        assert!(ok.is_ok());
        let too_many = Absence::new(
            worker.clone(),
            three_days,
            AbsenceReason::Sickness,
            WorkingDays::new(4.0).unwrap(),
        );
        assert_eq!(too_many.unwrap_err().calendar_days, 3);
        let open = Absence::new(
            worker,
            span("2024-01-01", None),
            AbsenceReason::Sickness,
            WorkingDays::new(40.0).unwrap(),
        );
        assert!(open.is_ok());
    }

    #[test]
    fn a_membership_cannot_be_completed_before_it_was_joined() {
        let joined = parse_date("2024-03-04").unwrap();
        let before = parse_date("2024-03-01").unwrap();
        let result = AcademyMember::new(
            CohortId::parse("C1").unwrap(),
            WorkerId::parse("W1").unwrap(),
            joined,
            Some(before),
            None,
        );
        assert!(result.is_err());
    }
}
