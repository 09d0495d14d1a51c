//! What happens to a candidate at the end of their application: starting, when they
//! become a worker of the council without anyone retyping their details, and
//! anonymising, when an unsuccessful application has been kept for the retention
//! period.

use crate::codes::{Contract, StartOrigin};
use crate::ids::{CandidateId, EmploymentId, WorkerId};
use crate::records::{Assignment, Employment, Placement, RecruitmentEvent, Worker};
use crate::values::{Date, Fte, Span, add_months};

use super::{
    Candidate, CandidateSource, CandidateStage, CandidateStageChange, EventAttendee, Recruitment,
    RecruitmentChange, RecruitmentSettings,
};

/// The records a candidate becomes on starting.
#[derive(Debug, Clone, PartialEq)]
pub struct Starter {
    /// The worker: new, or the candidate's earlier record when they return to the
    /// council.
    pub worker: Worker,
    /// Their employment from the start date, with where they came from.
    pub employment: Employment,
    /// Their first assignment: the role, team and FTE agreed, on a permanent contract.
    pub assignment: Assignment,
    /// The student placement they came from, now naming the worker they became.
    pub placement: Option<Placement>,
}

/// Why a candidate cannot start yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StartError {
    /// No start date has been agreed.
    #[error("enter the candidate's start date before they start")]
    NoStartDate,
    /// No role has been agreed.
    #[error("enter the candidate's role before they start")]
    NoRole,
    /// They started already.
    #[error("the candidate has already started, as worker {0}")]
    AlreadyStarted(WorkerId),
    /// Their personal data were anonymised: there is nobody left to employ.
    #[error("the candidate's personal data were anonymised")]
    Anonymised,
}

/// Where a starter came from, as the DfE's StartOrigin says it, judged from the
/// candidate's source: recruits from overseas come from outside England and students
/// placed with the council are newly qualified. Every other source (an event, an
/// advert, a referral, a returner) says nothing of their last job, so it is
/// `not_known`; a returner to this council is still counted as a returner by the
/// measures, because [`start`] gives them their earlier worker record.
pub fn start_origin(source: CandidateSource) -> StartOrigin {
    match source {
        CandidateSource::Overseas => StartOrigin::OutsideEngland,
        CandidateSource::UniversityPlacement => StartOrigin::NewlyQualified,
        CandidateSource::RecruitmentEvent
        | CandidateSource::Advert
        | CandidateSource::Referral
        | CandidateSource::Returner => StartOrigin::NotKnown,
    }
}

/// The worker, employment and assignment a candidate becomes on their start date,
/// from what their record already holds: names, Social Work England number, start
/// date, role, team and FTE (1.0 when none was agreed), on a permanent contract.
///
/// `previous` is the council's earlier record of the same person (a returner, found
/// by their Social Work England number): it is kept, with the candidate's names and
/// number laid over it, so their new employment follows the old one. `placement` is
/// the placement the candidate was a student on, if any: it comes back naming the
/// new worker as hired.
pub fn start(
    candidate: &Candidate,
    worker_id: WorkerId,
    employment_id: EmploymentId,
    previous: Option<&Worker>,
    placement: Option<&Placement>,
) -> Result<Starter, StartError> {
    if let Some(worker) = &candidate.worker_id {
        return Err(StartError::AlreadyStarted(worker.clone()));
    }
    if candidate.anonymised_on.is_some() {
        return Err(StartError::Anonymised);
    }
    let start_date = candidate.start_date.ok_or(StartError::NoStartDate)?;
    let role = candidate.role.ok_or(StartError::NoRole)?;
    let worker_id = previous.map_or(worker_id, |worker| worker.id.clone());
    let mut worker = previous.cloned().unwrap_or_else(|| Worker {
        id: worker_id.clone(),
        given_name: String::new(),
        family_name: String::new(),
        swe_number: None,
        gender: None,
        date_of_birth: None,
        ethnicity: None,
        qualified_on: None,
        qualification_institution: None,
        qualification_level: None,
        route: None,
        bsl: None,
        languages: Vec::new(),
    });
    worker.given_name = candidate.given_name.trim().to_owned();
    worker.family_name = candidate.family_name.trim().to_owned();
    if candidate.swe_number.is_some() {
        worker.swe_number = candidate.swe_number.clone();
    }
    if worker.qualification_institution.is_none()
        && let Some(placement) = placement
    {
        worker.qualification_institution = Some(placement.university.clone());
    }
    let span = Span::new(start_date, None).expect("a span with no end is valid");
    let employment = Employment::new(
        employment_id.clone(),
        worker_id.clone(),
        span,
        Some(start_origin(candidate.source)),
        None,
        None,
    )
    .expect("an employment with no end needs no leaving reason");
    let assignment = Assignment {
        employment_id,
        span,
        team_id: candidate.team_id.clone(),
        role,
        contract: Contract::Permanent,
        fte: candidate.fte.unwrap_or(Fte::FULL),
    };
    let placement = placement.map(|placement| Placement {
        hired_worker_id: Some(worker_id.clone()),
        ..placement.clone()
    });
    Ok(Starter {
        worker,
        employment,
        assignment,
        placement,
    })
}

/// The day a candidate's application last moved: their latest stage change, or the
/// day they applied when none is recorded.
pub fn last_moved(recruitment: &Recruitment, candidate: &Candidate) -> Date {
    recruitment
        .candidate_history(&candidate.id)
        .last()
        .map_or(candidate.applied_on, |change| {
            change.on.max(candidate.applied_on)
        })
}

/// The first day an unsuccessful application's personal data may be anonymised: the
/// retention period's whole months after it ended.
pub fn anonymise_from(ended_on: Date, settings: &RecruitmentSettings) -> Date {
    add_months(ended_on, settings.anonymise_after_months)
}

/// Unsuccessful candidates (withdrawn or rejected) not yet anonymised whose
/// application ended at least the retention period's whole months before `today`:
/// with the default 6 months, one rejected on 15 January is due from 15 July.
pub fn due_for_anonymising<'r>(
    recruitment: &'r Recruitment,
    settings: &RecruitmentSettings,
    today: Date,
) -> Vec<&'r Candidate> {
    recruitment
        .candidates
        .iter()
        .filter(|candidate| {
            candidate.stage.unsuccessful()
                && candidate.anonymised_on.is_none()
                && anonymise_from(last_moved(recruitment, candidate), settings) <= today
        })
        .collect()
}

/// Text that stands in for an anonymised name on pages and in files.
pub const ANONYMISED: &str = "Anonymised";

/// The candidate with their personal data removed: names, email, telephone and
/// Social Work England number emptied, and the day it was done. Their source, stage,
/// vacancy, event, placement and dates stay, so every count stays the same.
pub fn anonymise(candidate: &Candidate, today: Date) -> Candidate {
    Candidate {
        given_name: String::new(),
        family_name: String::new(),
        email: String::new(),
        phone: String::new(),
        swe_number: None,
        anonymised_on: Some(today),
        ..candidate.clone()
    }
}

/// An attendee with their name and email emptied; what they were interested in and
/// the candidate they became stay.
pub fn anonymise_attendee(attendee: &EventAttendee) -> EventAttendee {
    EventAttendee {
        name: String::new(),
        email: String::new(),
        ..attendee.clone()
    }
}

/// What one run of the anonymisation changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Anonymisation {
    /// The candidates anonymised.
    pub candidates: Vec<CandidateId>,
    /// How many attendees lose their name and email.
    pub attendees: usize,
    /// The changes to write, in one go.
    pub changes: Vec<RecruitmentChange>,
}

impl Anonymisation {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Everything due for anonymising on `today` under the council's settings: the
/// candidates of [`due_for_anonymising`], the attendees who became those candidates,
/// and the attendees who never applied whose event was held the retention period
/// before `today` (their names are kept no longer than an unsuccessful candidate's).
pub fn anonymisation(
    recruitment: &Recruitment,
    events: &[RecruitmentEvent],
    today: Date,
) -> Anonymisation {
    let settings = &recruitment.settings;
    let due = due_for_anonymising(recruitment, settings, today);
    let mut result = Anonymisation::default();
    for candidate in &due {
        result.candidates.push(candidate.id.clone());
        result
            .changes
            .push(RecruitmentChange::PutCandidate(anonymise(candidate, today)));
    }
    let event_over = |attendee: &EventAttendee| {
        events
            .iter()
            .find(|event| event.id == attendee.event_id)
            .is_some_and(|event| anonymise_from(event.held_on, settings) <= today)
    };
    for attendee in &recruitment.attendees {
        if attendee.name.is_empty() && attendee.email.is_empty() {
            continue;
        }
        let due_now = match &attendee.candidate_id {
            Some(id) => {
                result.candidates.contains(id)
                    || recruitment
                        .candidate(id)
                        .is_some_and(|candidate| candidate.anonymised_on.is_some())
            }
            None => event_over(attendee),
        };
        if due_now {
            result.attendees += 1;
            result
                .changes
                .push(RecruitmentChange::PutAttendee(anonymise_attendee(attendee)));
        }
    }
    result
}

/// A candidate's stage as far as the funnel goes: the place of a stage on the way to
/// starting, from 0 for `applied`; `None` for the stages that end an application
/// (withdrawn, rejected).
pub fn progress(stage: CandidateStage) -> Option<u8> {
    match stage {
        CandidateStage::Applied => Some(0),
        CandidateStage::Shortlisted => Some(1),
        CandidateStage::Interviewed => Some(2),
        CandidateStage::Offered => Some(3),
        CandidateStage::Accepted => Some(4),
        CandidateStage::PreEmploymentChecks => Some(5),
        CandidateStage::Started => Some(6),
        CandidateStage::Withdrawn | CandidateStage::Rejected => None,
    }
}

/// Whether a candidate was ever offered the job: their current stage or any stage in
/// their history is `offered` or beyond. One who withdrew or was rejected after an
/// offer counts; one who went from interview straight to rejected does not.
pub fn was_offered(recruitment: &Recruitment, candidate: &Candidate) -> bool {
    let offered = progress(CandidateStage::Offered);
    let at_or_past = |stage: CandidateStage| progress(stage) >= offered;
    at_or_past(candidate.stage)
        || recruitment
            .candidate_history(&candidate.id)
            .iter()
            .any(|change| at_or_past(change.stage))
}

/// Whether a candidate started work with the council.
pub fn has_started(candidate: &Candidate) -> bool {
    candidate.stage == CandidateStage::Started || candidate.worker_id.is_some()
}

/// The next free ID in the pattern most of `taken` follow: `C7` after `C1`..`C6`,
/// `E000124` after `E000123`; `prefix` and 1 when none has a number at its end.
pub fn next_id<'a>(taken: impl IntoIterator<Item = &'a str>, prefix: &str) -> String {
    let taken: Vec<&str> = taken.into_iter().collect();
    // Each pattern (the text before the trailing digits) with how many IDs follow it,
    // the widest number and the largest.
    let mut patterns: Vec<(&str, usize, usize, u64)> = Vec::new();
    for id in &taken {
        let stem = id.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = &id[stem.len()..];
        let Ok(number) = digits.parse::<u64>() else {
            continue;
        };
        match patterns.iter_mut().find(|(known, ..)| *known == stem) {
            Some((_, count, width, largest)) => {
                *count += 1;
                *width = (*width).max(digits.len());
                *largest = (*largest).max(number);
            }
            None => patterns.push((stem, 1, digits.len(), number)),
        }
    }
    let (stem, width, mut number) = patterns
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map_or((prefix, 1, 1), |&(stem, _, width, largest)| {
            (stem, width, largest.saturating_add(1))
        });
    loop {
        let id = format!("{stem}{number:0width$}");
        if !taken.contains(&id.as_str()) {
            return id;
        }
        number = number.saturating_add(1);
    }
}

/// A move of a candidate to a stage, as asked.
#[derive(Debug, Clone, PartialEq)]
pub struct StageMove<'a> {
    /// The stage.
    pub stage: CandidateStage,
    /// The day of the move.
    pub on: Date,
    /// Who records it.
    pub by: &'a str,
    /// For a start: the worker ID HR gave them; `None` makes one in the council's
    /// pattern.
    pub worker_id: Option<WorkerId>,
}

/// Why a candidate cannot move to a stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// The candidate is at that stage already.
    #[error("the candidate is already at this stage")]
    SameStage,
    /// Their record was anonymised.
    #[error("the candidate's personal data were anonymised: their application can no longer move")]
    Anonymised,
    /// They have started: their record is the worker's now.
    #[error("the candidate has started work: change their records on their worker page")]
    Started,
    /// The move is dated before the application.
    #[error("the move must be on or after the day they applied, {0}")]
    BeforeApplying(Date),
    /// The move is dated before the last one.
    #[error("the move must be on or after their last move, on {0}")]
    BeforeLastMove(Date),
    /// The worker ID asked for is someone else's.
    #[error("someone in the register already has worker ID {0}")]
    WorkerIdTaken(WorkerId),
    /// They cannot start yet.
    #[error(transparent)]
    Start(#[from] StartError),
}

/// What a move writes: the recruitment changes, and for a start the worker records
/// to lay over the council's workforce.
#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    /// The candidate as moved, with the stage change.
    pub changes: Vec<RecruitmentChange>,
    /// For a start: the worker, employment, assignment (and placement) it adds.
    pub workforce_changes: Option<crate::Workforce>,
    /// For a start: the worker they became.
    pub worker_id: Option<WorkerId>,
}

/// The changes that move a candidate to a stage: the candidate at the new stage and
/// the stage change in their history; moving to `started` also makes them a worker
/// ([`start`]) with IDs in the council's pattern, their earlier record kept when the
/// register already has their Social Work England number.
pub fn move_to(
    workforce: &crate::Workforce,
    recruitment: &Recruitment,
    candidate: &Candidate,
    request: StageMove<'_>,
) -> Result<Moved, MoveError> {
    if candidate.anonymised_on.is_some() {
        return Err(MoveError::Anonymised);
    }
    if has_started(candidate) {
        return Err(MoveError::Started);
    }
    if candidate.stage == request.stage {
        return Err(MoveError::SameStage);
    }
    if request.on < candidate.applied_on {
        return Err(MoveError::BeforeApplying(candidate.applied_on));
    }
    let history = recruitment.candidate_history(&candidate.id);
    if let Some(last) = history.last()
        && request.on < last.on
    {
        return Err(MoveError::BeforeLastMove(last.on));
    }
    let number = history
        .iter()
        .map(|change| change.number)
        .max()
        .unwrap_or(0)
        + 1;
    let mut moved = Candidate {
        stage: request.stage,
        ..candidate.clone()
    };
    let mut result = Moved {
        changes: Vec::new(),
        workforce_changes: None,
        worker_id: None,
    };
    if request.stage == CandidateStage::Started {
        let previous = candidate.swe_number.as_ref().and_then(|number| {
            workforce
                .workers
                .iter()
                .find(|worker| worker.swe_number.as_ref() == Some(number))
        });
        let worker_id = match (request.worker_id, previous) {
            (_, Some(previous)) => previous.id.clone(),
            (Some(id), None) if workforce.workers.iter().any(|w| w.id == id) => {
                return Err(MoveError::WorkerIdTaken(id));
            }
            (Some(id), None) => id,
            (None, None) => WorkerId::parse(&next_id(
                workforce.workers.iter().map(|w| w.id.as_str()),
                "W",
            ))
            .expect("a made-up worker ID is well formed"),
        };
        let employment_id = EmploymentId::parse(&next_id(
            workforce.employments.iter().map(|e| e.id().as_str()),
            "E",
        ))
        .expect("a made-up employment ID is well formed");
        let placement = candidate
            .placement_id
            .as_ref()
            .and_then(|id| workforce.placements.iter().find(|p| &p.id == id))
            .filter(|placement| placement.hired_worker_id.is_none());
        let starter = start(candidate, worker_id, employment_id, previous, placement)?;
        let mut records = crate::Workforce::new(workforce.council);
        moved.worker_id = Some(starter.worker.id.clone());
        result.worker_id = Some(starter.worker.id.clone());
        records.workers.push(starter.worker);
        records.employments.push(starter.employment);
        records.assignments.push(starter.assignment);
        records.placements.extend(starter.placement);
        result.workforce_changes = Some(records);
    }
    result.changes.push(RecruitmentChange::PutCandidate(moved));
    result
        .changes
        .push(RecruitmentChange::PutCandidateStageChange(
            CandidateStageChange {
                candidate_id: candidate.id.clone(),
                number,
                on: request.on,
                stage: request.stage,
                by: request.by.to_owned(),
            },
        ));
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{PlacementNumber, Role};
    use crate::ids::{EventId, PlacementId, TeamId, VacancyId};
    use crate::values::SweNumber;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn candidate(id: &str, source: CandidateSource) -> Candidate {
        Candidate {
            id: CandidateId::parse(id).unwrap(),
            given_name: "Ama".into(),
            family_name: "Mensah".into(),
            email: "ama@example.org".into(),
            phone: "07700 900123".into(),
            source,
            vacancy_id: Some(VacancyId::parse("V1").unwrap()),
            event_id: None,
            placement_id: None,
            applied_on: date("2024-01-10"),
            stage: CandidateStage::Accepted,
            swe_number: Some(SweNumber::parse("SW123456").unwrap()),
            start_date: Some(date("2024-04-02")),
            role: Some(Role::SocialWorker),
            team_id: Some(TeamId::parse("T1").unwrap()),
            fte: Some(Fte::new(0.8).unwrap()),
            worker_id: None,
            anonymised_on: None,
        }
    }

    fn moved(
        candidate: &str,
        number: u32,
        on: &str,
        stage: CandidateStage,
    ) -> CandidateStageChange {
        CandidateStageChange {
            candidate_id: CandidateId::parse(candidate).unwrap(),
            number,
            on: date(on),
            stage,
            by: "officer@example.org".into(),
        }
    }

    fn ids() -> (WorkerId, EmploymentId) {
        (
            WorkerId::parse("W900").unwrap(),
            EmploymentId::parse("E900").unwrap(),
        )
    }

    #[test]
    fn a_starter_keeps_every_field_of_the_candidate() {
        let ama = candidate("C1", CandidateSource::Overseas);
        let (worker_id, employment_id) = ids();
        let started = start(&ama, worker_id.clone(), employment_id.clone(), None, None).unwrap();
        assert_eq!(started.worker.id, worker_id);
        assert_eq!(started.worker.given_name, "Ama");
        assert_eq!(started.worker.family_name, "Mensah");
        assert_eq!(started.worker.swe_number, ama.swe_number);
        assert_eq!(started.employment.id(), &employment_id);
        assert_eq!(started.employment.worker_id(), &worker_id);
        assert_eq!(started.employment.span().start(), date("2024-04-02"));
        assert_eq!(started.employment.span().end(), None);
        assert_eq!(
            started.employment.start_origin(),
            Some(StartOrigin::OutsideEngland)
        );
        assert_eq!(started.assignment.employment_id, employment_id);
        assert_eq!(started.assignment.span, started.employment.span());
        assert_eq!(started.assignment.role, Role::SocialWorker);
        assert_eq!(started.assignment.team_id, ama.team_id);
        assert_eq!(started.assignment.fte.value(), 0.8);
        assert_eq!(started.assignment.contract, Contract::Permanent);
        assert_eq!(started.placement, None);
    }

    #[test]
    fn the_start_origin_follows_the_source() {
        assert_eq!(
            start_origin(CandidateSource::Overseas),
            StartOrigin::OutsideEngland
        );
        assert_eq!(
            start_origin(CandidateSource::UniversityPlacement),
            StartOrigin::NewlyQualified
        );
        for source in [
            CandidateSource::RecruitmentEvent,
            CandidateSource::Advert,
            CandidateSource::Referral,
            CandidateSource::Returner,
        ] {
            assert_eq!(start_origin(source), StartOrigin::NotKnown, "{source}");
        }
    }

    #[test]
    fn a_returner_keeps_their_earlier_worker_record() {
        let mut returner = candidate("C2", CandidateSource::Returner);
        returner.family_name = "Mensah-Brown".into();
        let earlier = Worker {
            id: WorkerId::parse("W12").unwrap(),
            given_name: "Ama".into(),
            family_name: "Mensah".into(),
            swe_number: returner.swe_number.clone(),
            gender: None,
            date_of_birth: Some(date("1985-03-01")),
            ethnicity: None,
            qualified_on: Some(date("2008-07-01")),
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: vec!["Twi".into()],
        };
        let (worker_id, employment_id) = ids();
        let started = start(&returner, worker_id, employment_id, Some(&earlier), None).unwrap();
        assert_eq!(started.worker.id, earlier.id);
        assert_eq!(started.employment.worker_id(), &earlier.id);
        assert_eq!(started.worker.family_name, "Mensah-Brown");
        assert_eq!(started.worker.date_of_birth, earlier.date_of_birth);
        assert_eq!(started.worker.languages, earlier.languages);
        assert_eq!(
            started.employment.start_origin(),
            Some(StartOrigin::NotKnown)
        );
    }

    #[test]
    fn a_student_becomes_a_newly_qualified_hire_of_their_placement() {
        let mut student = candidate("C3", CandidateSource::UniversityPlacement);
        student.fte = None;
        let placement = Placement {
            id: PlacementId::parse("P1").unwrap(),
            student_name: "Ama Mensah".into(),
            university: "University of Lancaster".into(),
            number: PlacementNumber::Final,
            team_id: None,
            span: Span::new(date("2023-09-01"), Some(date("2024-03-31"))).unwrap(),
            outcome: None,
            hired_worker_id: None,
        };
        student.placement_id = Some(placement.id.clone());
        let (worker_id, employment_id) = ids();
        let started = start(
            &student,
            worker_id.clone(),
            employment_id,
            None,
            Some(&placement),
        )
        .unwrap();
        assert_eq!(
            started.employment.start_origin(),
            Some(StartOrigin::NewlyQualified)
        );
        assert_eq!(started.assignment.fte.value(), 1.0);
        assert_eq!(
            started.worker.qualification_institution.as_deref(),
            Some("University of Lancaster")
        );
        assert_eq!(started.placement.unwrap().hired_worker_id, Some(worker_id));
    }

    #[test]
    fn starting_needs_a_start_date_and_a_role_and_happens_once() {
        let (worker_id, employment_id) = ids();
        let mut undated = candidate("C1", CandidateSource::Advert);
        undated.start_date = None;
        assert_eq!(
            start(
                &undated,
                worker_id.clone(),
                employment_id.clone(),
                None,
                None
            ),
            Err(StartError::NoStartDate)
        );
        let mut no_role = candidate("C1", CandidateSource::Advert);
        no_role.role = None;
        assert_eq!(
            start(
                &no_role,
                worker_id.clone(),
                employment_id.clone(),
                None,
                None
            ),
            Err(StartError::NoRole)
        );
        let mut started = candidate("C1", CandidateSource::Advert);
        started.worker_id = Some(worker_id.clone());
        assert_eq!(
            start(
                &started,
                worker_id.clone(),
                employment_id.clone(),
                None,
                None
            ),
            Err(StartError::AlreadyStarted(worker_id.clone()))
        );
        let gone = anonymise(
            &candidate("C1", CandidateSource::Advert),
            date("2024-09-01"),
        );
        assert_eq!(
            start(&gone, worker_id, employment_id, None, None),
            Err(StartError::Anonymised)
        );
    }

    fn recruitment_with(
        candidates: Vec<Candidate>,
        history: Vec<CandidateStageChange>,
    ) -> Recruitment {
        Recruitment {
            candidates,
            candidate_stage_changes: history,
            ..Recruitment::default()
        }
    }

    #[test]
    fn unsuccessful_candidates_are_due_after_the_retention_period() {
        let mut rejected_long_ago = candidate("C1", CandidateSource::Advert);
        rejected_long_ago.stage = CandidateStage::Rejected;
        let mut rejected_lately = candidate("C2", CandidateSource::Advert);
        rejected_lately.stage = CandidateStage::Rejected;
        let mut withdrew = candidate("C3", CandidateSource::Advert);
        withdrew.stage = CandidateStage::Withdrawn;
        let waiting = candidate("C4", CandidateSource::Advert);
        let recruitment = recruitment_with(
            vec![rejected_long_ago, rejected_lately, withdrew, waiting],
            vec![
                moved("C1", 1, "2024-02-15", CandidateStage::Rejected),
                moved("C2", 1, "2024-04-16", CandidateStage::Rejected),
                // No history: the day they applied (10 January) counts.
                moved("C4", 1, "2024-01-20", CandidateStage::Shortlisted),
            ],
        );
        let settings = RecruitmentSettings::default();
        let due = |today: &str| -> Vec<String> {
            due_for_anonymising(&recruitment, &settings, date(today))
                .iter()
                .map(|c| c.id.to_string())
                .collect()
        };
        assert_eq!(due("2024-08-14"), ["C3"]);
        assert_eq!(due("2024-08-15"), ["C1", "C3"]);
        // C2 was rejected less than 6 months before.
        assert_eq!(due("2024-10-15"), ["C1", "C3"]);
        assert_eq!(due("2024-10-16"), ["C1", "C2", "C3"]);
        let shorter = RecruitmentSettings {
            anonymise_after_months: 2,
            ..RecruitmentSettings::default()
        };
        assert_eq!(
            due_for_anonymising(&recruitment, &shorter, date("2024-06-16")).len(),
            3
        );
    }

    #[test]
    fn anonymising_removes_names_and_contact_details_and_keeps_the_rest() {
        let mut rejected = candidate("C1", CandidateSource::RecruitmentEvent);
        rejected.stage = CandidateStage::Rejected;
        rejected.event_id = Some(EventId::parse("EV1").unwrap());
        let gone = anonymise(&rejected, date("2024-09-01"));
        assert_eq!(gone.given_name, "");
        assert_eq!(gone.family_name, "");
        assert_eq!(gone.email, "");
        assert_eq!(gone.phone, "");
        assert_eq!(gone.swe_number, None);
        assert_eq!(gone.anonymised_on, Some(date("2024-09-01")));
        assert_eq!(gone.source, rejected.source);
        assert_eq!(gone.stage, rejected.stage);
        assert_eq!(gone.vacancy_id, rejected.vacancy_id);
        assert_eq!(gone.event_id, rejected.event_id);
        assert_eq!(gone.applied_on, rejected.applied_on);
    }

    #[test]
    fn the_anonymisation_takes_due_candidates_and_their_attendee_records() {
        let event = |id: &str, held_on: &str| RecruitmentEvent {
            id: EventId::parse(id).unwrap(),
            held_on: date(held_on),
            location: "Preston".into(),
            out_of_hours: Some(true),
            attendees: None,
            applications: None,
            offers: None,
            hires: None,
        };
        let attendee =
            |event: &str, number: u32, name: &str, candidate: Option<&str>| EventAttendee {
                event_id: EventId::parse(event).unwrap(),
                number,
                name: name.into(),
                email: format!("{}@example.org", name.to_lowercase()),
                interested_in: "child protection".into(),
                candidate_id: candidate.map(|id| CandidateId::parse(id).unwrap()),
            };
        let mut rejected = candidate("C1", CandidateSource::RecruitmentEvent);
        rejected.stage = CandidateStage::Rejected;
        let applied = candidate("C2", CandidateSource::RecruitmentEvent);
        let mut recruitment = recruitment_with(
            vec![rejected, applied],
            vec![moved("C1", 1, "2024-02-01", CandidateStage::Rejected)],
        );
        recruitment.attendees = vec![
            attendee("EV1", 1, "Ama", Some("C1")),
            attendee("EV1", 2, "Ben", Some("C2")),
            attendee("EV1", 3, "Cai", None),
            attendee("EV2", 1, "Dee", None),
        ];
        let events = [event("EV1", "2024-01-05"), event("EV2", "2024-08-01")];
        let run = anonymisation(&recruitment, &events, date("2024-09-01"));
        assert_eq!(run.candidates, [CandidateId::parse("C1").unwrap()]);
        assert_eq!(run.attendees, 2);
        let names: Vec<String> = run
            .changes
            .iter()
            .filter_map(|change| match change {
                RecruitmentChange::PutAttendee(a) => {
                    Some(format!("{}#{}:{}", a.event_id, a.number, a.name))
                }
                _ => None,
            })
            .collect();
        assert_eq!(names, ["EV1#1:", "EV1#3:"]);
        for change in run.changes {
            recruitment.apply(change);
        }
        assert!(anonymisation(&recruitment, &events, date("2024-09-01")).is_empty());
    }

    #[test]
    fn an_offer_counts_even_when_the_candidate_later_withdrew() {
        let mut withdrew = candidate("C1", CandidateSource::Advert);
        withdrew.stage = CandidateStage::Withdrawn;
        let mut turned_down = candidate("C2", CandidateSource::Advert);
        turned_down.stage = CandidateStage::Rejected;
        let mut accepted = candidate("C3", CandidateSource::Advert);
        accepted.stage = CandidateStage::Accepted;
        let recruitment = recruitment_with(
            vec![withdrew.clone(), turned_down.clone(), accepted.clone()],
            vec![
                moved("C1", 1, "2024-02-01", CandidateStage::Offered),
                moved("C1", 2, "2024-02-10", CandidateStage::Withdrawn),
                moved("C2", 1, "2024-02-01", CandidateStage::Interviewed),
                moved("C2", 2, "2024-02-10", CandidateStage::Rejected),
            ],
        );
        assert!(was_offered(&recruitment, &withdrew));
        assert!(!was_offered(&recruitment, &turned_down));
        // No history recorded: the current stage says it.
        assert!(was_offered(&recruitment, &accepted));
    }

    #[test]
    fn new_ids_follow_the_councils_own_pattern() {
        assert_eq!(next_id(["C1", "C2", "C9"], "C"), "C10");
        assert_eq!(next_id(["E000123", "E000009", "X"], "E"), "E000124");
        assert_eq!(next_id(["RE001", "RE002", "W5"], "RE"), "RE003");
        assert_eq!(next_id(Vec::<&str>::new(), "C"), "C1");
        assert_eq!(next_id(["alpha", "beta"], "W"), "W1");
    }

    fn workforce_with(workers: Vec<Worker>) -> crate::Workforce {
        let mut workforce = crate::Workforce::new(crate::CouncilCode::parse("888").unwrap());
        workforce.workers = workers;
        workforce
    }

    fn worker(id: &str, swe: Option<&str>) -> Worker {
        Worker {
            id: WorkerId::parse(id).unwrap(),
            given_name: "Kofi".into(),
            family_name: "Owusu".into(),
            swe_number: swe.map(|s| SweNumber::parse(s).unwrap()),
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: None,
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: Vec::new(),
        }
    }

    fn asked(stage: CandidateStage, on: &str) -> StageMove<'static> {
        StageMove {
            stage,
            on: date(on),
            by: "officer@example.org",
            worker_id: None,
        }
    }

    #[test]
    fn a_move_records_the_stage_and_the_history_after_the_last_move() {
        let mut ama = candidate("C1", CandidateSource::Advert);
        ama.stage = CandidateStage::Interviewed;
        let recruitment = recruitment_with(
            vec![ama.clone()],
            vec![
                moved("C1", 1, "2024-01-10", CandidateStage::Applied),
                moved("C1", 2, "2024-02-01", CandidateStage::Interviewed),
            ],
        );
        let workforce = workforce_with(Vec::new());
        let result = move_to(
            &workforce,
            &recruitment,
            &ama,
            asked(CandidateStage::Offered, "2024-02-20"),
        )
        .unwrap();
        assert_eq!(result.workforce_changes, None);
        match result.changes.as_slice() {
            [
                RecruitmentChange::PutCandidate(candidate),
                RecruitmentChange::PutCandidateStageChange(change),
            ] => {
                assert_eq!(candidate.stage, CandidateStage::Offered);
                assert_eq!(
                    (change.number, change.on, change.stage),
                    (3, date("2024-02-20"), CandidateStage::Offered)
                );
            }
            other => panic!("unexpected changes {other:?}"),
        }
        assert_eq!(
            move_to(
                &workforce,
                &recruitment,
                &ama,
                asked(CandidateStage::Offered, "2024-01-31")
            ),
            Err(MoveError::BeforeLastMove(date("2024-02-01")))
        );
        assert_eq!(
            move_to(
                &workforce,
                &recruitment,
                &ama,
                asked(CandidateStage::Interviewed, "2024-02-20")
            ),
            Err(MoveError::SameStage)
        );
    }

    #[test]
    fn starting_makes_a_worker_with_the_next_ids_or_finds_the_returner() {
        let ama = candidate("C1", CandidateSource::Returner);
        let recruitment = recruitment_with(vec![ama.clone()], Vec::new());
        let workforce = workforce_with(vec![worker("W7", None), worker("W12", None)]);
        let result = move_to(
            &workforce,
            &recruitment,
            &ama,
            asked(CandidateStage::Started, "2024-04-02"),
        )
        .unwrap();
        let records = result.workforce_changes.unwrap();
        assert_eq!(result.worker_id, Some(WorkerId::parse("W13").unwrap()));
        assert_eq!(records.workers[0].id.as_str(), "W13");
        assert_eq!(records.employments[0].id().as_str(), "E1");
        match &result.changes[0] {
            RecruitmentChange::PutCandidate(candidate) => {
                assert_eq!(candidate.worker_id, result.worker_id);
                assert_eq!(candidate.stage, CandidateStage::Started);
            }
            other => panic!("unexpected change {other:?}"),
        }

        // The register knows their Social Work England number: it is their record.
        let known = workforce_with(vec![worker("W7", Some("SW123456"))]);
        let returned = move_to(
            &known,
            &recruitment,
            &ama,
            asked(CandidateStage::Started, "2024-04-02"),
        )
        .unwrap();
        assert_eq!(returned.worker_id, Some(WorkerId::parse("W7").unwrap()));

        // A worker ID from HR must be free.
        let mut taken = asked(CandidateStage::Started, "2024-04-02");
        taken.worker_id = Some(WorkerId::parse("W12").unwrap());
        assert_eq!(
            move_to(&workforce, &recruitment, &ama, taken),
            Err(MoveError::WorkerIdTaken(WorkerId::parse("W12").unwrap()))
        );
        let mut undated = ama.clone();
        undated.start_date = None;
        assert_eq!(
            move_to(
                &workforce,
                &recruitment,
                &undated,
                asked(CandidateStage::Started, "2024-04-02")
            ),
            Err(MoveError::Start(StartError::NoStartDate))
        );
    }
}
