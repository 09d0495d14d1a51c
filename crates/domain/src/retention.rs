//! The retention schedule: how long a council keeps a leaver's records, what has
//! expired on a day, and each record with its personal data removed (names, contact
//! details, dates of birth, free text) so that every measure stays what it was.
//!
//! Two record classes have a period: employment and training records (everything
//! held about a worker: the worker record, their exit interview, the academy's notes,
//! career assessments and plans, their candidate and international-recruit records)
//! are kept [`RetentionSettings::employment_years`] after the person's last
//! employment with the council ended, a student placement's the same years after it
//! ended; unsuccessful candidates are kept the
//! recruitment settings' months after their application ended, by the anonymisation
//! of [`crate::recruitment::candidates`], which this reuses.

use crate::Workforce;
use crate::academy::asye::LogKind;
use crate::academy::{Academy, AcademyChange};
use crate::career::{Career, CareerChange};
use crate::codes::Contract;
use crate::ids::WorkerId;
use crate::measures::profile::{age_band, age_on};
use crate::records::{ExitInterview, Placement, Worker};
use crate::recruitment::candidates::{ANONYMISED, anonymise, anonymise_attendee};
use crate::recruitment::{Recruitment, RecruitmentChange};
use crate::values::{Date, add_months};

/// The default years employment and training records are kept after the person left.
pub const DEFAULT_EMPLOYMENT_YEARS: u32 = 6;

/// The longest the council may keep them: 25 years, as for records of staff who
/// work with children kept for the inquiries that may need them.
pub const LONGEST_EMPLOYMENT_YEARS: u32 = 25;

/// A council's retention periods beyond the recruitment settings' months for
/// unsuccessful candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionSettings {
    employment_years: u32,
}

/// Why a retention period cannot be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "employment and training records are kept from {DEFAULT_EMPLOYMENT_YEARS} to {LONGEST_EMPLOYMENT_YEARS} whole years after the person left, not {0}"
)]
pub struct RetentionSettingsError(pub u32);

impl RetentionSettings {
    /// Settings keeping employment and training records `employment_years` after
    /// the person left: from 6 to 25.
    pub fn new(employment_years: u32) -> Result<Self, RetentionSettingsError> {
        if (DEFAULT_EMPLOYMENT_YEARS..=LONGEST_EMPLOYMENT_YEARS).contains(&employment_years) {
            Ok(Self { employment_years })
        } else {
            Err(RetentionSettingsError(employment_years))
        }
    }

    /// Whole years employment and training records are kept after the person left.
    pub fn employment_years(&self) -> u32 {
        self.employment_years
    }
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self {
            employment_years: DEFAULT_EMPLOYMENT_YEARS,
        }
    }
}

/// The last day a worker worked for the council: the end of their latest employment,
/// when every employment of theirs has ended. `None` while they are in post (a
/// returner who came back is), or if they were never employed.
pub fn left_on(workforce: &Workforce, worker_id: &WorkerId) -> Option<Date> {
    let mut last = None;
    for employment in workforce
        .employments
        .iter()
        .filter(|employment| employment.worker_id() == worker_id)
    {
        let end = employment.span().end()?;
        last = last.max(Some(end));
    }
    last
}

/// The first day a leaver's records may be anonymised: the period's whole years
/// after their last day worked (with 6 years, one who left on 31 March 2018 is due
/// from 31 March 2024).
pub fn anonymise_from(left_on: Date, settings: &RetentionSettings) -> Date {
    add_months(left_on, settings.employment_years * 12)
}

/// A leaver whose employment and training records have expired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiredWorker {
    /// The leaver.
    pub worker_id: WorkerId,
    /// Their last day worked.
    pub left_on: Date,
    /// The first day their records could be anonymised.
    pub anonymise_from: Date,
}

/// The leavers whose records have expired on `date`, in the workforce's order.
pub fn expired_workers(
    workforce: &Workforce,
    settings: &RetentionSettings,
    date: Date,
) -> Vec<ExpiredWorker> {
    workforce
        .workers
        .iter()
        .filter_map(|worker| {
            let left_on = left_on(workforce, &worker.id)?;
            let from = anonymise_from(left_on, settings);
            (from <= date).then(|| ExpiredWorker {
                worker_id: worker.id.clone(),
                left_on,
                anonymise_from: from,
            })
        })
        .collect()
}

/// The ages at which the workforce profile's age band changes (see
/// [`crate::measures::profile::AGE_BANDS`]); a test checks they match.
const BAND_BOUNDARIES: [u32; 5] = [25, 30, 40, 50, 60];

/// Whether `other` gives the same age band as `born` on every day of `periods`
/// (first and last days in post, inclusive).
fn same_bands(born: Date, other: Date, periods: &[(Date, Date)]) -> bool {
    let band = |birth: Date, day: Date| age_band(age_on(birth, day));
    periods.iter().all(|&(first, last)| {
        // Both bands are step functions of the day that change only on a birthday
        // reaching a boundary (1 March for 29 February in a common year), so they
        // are equal on every day once equal on the first day and around every change.
        let mut days = vec![first, last];
        for birth in [born, other] {
            for age in BAND_BOUNDARIES {
                let reached = add_months(birth, age * 12);
                days.extend(
                    [reached.pred_opt(), Some(reached), reached.succ_opt()]
                        .into_iter()
                        .flatten()
                        .filter(|day| (first..=last).contains(day)),
                );
            }
        }
        days.into_iter()
            .all(|day| band(born, day) == band(other, day))
    })
}

/// How far from the real date of birth the search for a replacement goes: further
/// means the band never changes that way.
const SEARCH_DAYS: i64 = 150 * 366;

/// The furthest date of birth, `step` days at a time from `born` (+1 later, -1
/// earlier), that gives the same age band on every day of `periods`; `None` when
/// none is far enough to bound it.
fn furthest_same(born: Date, periods: &[(Date, Date)], step: i64) -> Option<Date> {
    let at = |days: i64| born.checked_add_signed(chrono::TimeDelta::days(step * days));
    let agrees = |days: i64| at(days).is_some_and(|other| same_bands(born, other, periods));
    if agrees(SEARCH_DAYS) {
        return None;
    }
    // The dates of birth giving the same bands form one run of days (each day's band
    // only moves one way as the birth date moves), so a binary search finds its end.
    let (mut inside, mut outside) = (0, SEARCH_DAYS);
    while outside - inside > 1 {
        let middle = (inside + outside) / 2;
        if agrees(middle) {
            inside = middle;
        } else {
            outside = middle;
        }
    }
    at(inside)
}

/// A date of birth to keep instead of `born`: one that gives the same age band on
/// every day of `periods` (the days the workforce profile can count the person), chosen from the bands alone — the latest such
/// date, or the earliest when any later one would do — so two people with the same
/// bands get the same date. `None` without periods: no measure counts them.
///
/// Where the person reached a band's lower age while in post, the profile shows the
/// day they did, and the replacement must reach it on that day too.
pub fn band_keeping_birth_date(born: Date, periods: &[(Date, Date)]) -> Option<Date> {
    if periods.is_empty() {
        return None;
    }
    furthest_same(born, periods, 1)
        .or_else(|| furthest_same(born, periods, -1))
        .or(Some(born))
}

/// The periods the workforce profile can count a worker, first to last day: their
/// employments' assignments other than agency ones (an employment without any counts
/// as permanent throughout, as the measures take it). Open ones end on `date` (only
/// leavers are anonymised, so this bounds nothing that matters). Team services are
/// not looked at: a longer period only asks more of the replacement date of birth.
fn periods_counted(workforce: &Workforce, worker_id: &WorkerId, date: Date) -> Vec<(Date, Date)> {
    let close = |span: crate::values::Span| (span.start(), span.end().unwrap_or(date));
    let mut periods = Vec::new();
    for employment in workforce
        .employments
        .iter()
        .filter(|employment| employment.worker_id() == worker_id)
    {
        let (start, end) = close(employment.span());
        let mut assigned = false;
        for assignment in workforce
            .assignments
            .iter()
            .filter(|assignment| &assignment.employment_id == employment.id())
        {
            assigned = true;
            if assignment.contract != Contract::Agency {
                let (first, last) = close(assignment.span);
                periods.push((first.max(start), last.min(end)));
            }
        }
        if !assigned {
            periods.push((start, end));
        }
    }
    periods.retain(|(first, last)| first <= last);
    periods
}

/// A worker record with its personal data removed: names (as `Anonymised`, since the
/// bulk format needs one), the Social Work England number (it names the person on a
/// public register) and the date of birth replaced by [`band_keeping_birth_date`].
/// Gender, ethnicity, route, qualification, languages and BSL stay: the measures and
/// the profile count them, and none names or contacts anyone.
pub fn anonymise_worker(worker: &Worker, periods: &[(Date, Date)]) -> Worker {
    Worker {
        given_name: ANONYMISED.to_owned(),
        family_name: ANONYMISED.to_owned(),
        swe_number: None,
        date_of_birth: worker
            .date_of_birth
            .and_then(|born| band_keeping_birth_date(born, periods)),
        ..worker.clone()
    }
}

/// An exit interview without the leaver's words; its reason and would-return stay.
pub fn anonymise_exit_interview(interview: &ExitInterview) -> ExitInterview {
    ExitInterview {
        comments: None,
        ..interview.clone()
    }
}

/// A placement without the student's name; their university, dates and outcome stay.
pub fn anonymise_placement(placement: &Placement) -> Placement {
    Placement {
        student_name: ANONYMISED.to_owned(),
        ..placement.clone()
    }
}

/// Everything one retention run changes for one council, in one go.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionRun {
    /// Leavers whose employment and training records expired and still held
    /// personal data.
    pub workers: Vec<ExpiredWorker>,
    /// The changed workforce records (workers, placements, exit interviews), to lay
    /// over the stored ones.
    pub workforce: Workforce,
    /// Academy reviews and log entries without their notes.
    pub academy: Vec<AcademyChange>,
    /// Career assessments and plan actions without their words.
    pub career: Vec<CareerChange>,
    /// Unsuccessful candidates due (the recruitment anonymisation), then the expired
    /// workers' own candidate, attendee, international-recruit and check-in records.
    pub recruitment: Vec<RecruitmentChange>,
    /// Placements of students who did not become workers, ended the period before.
    pub students: Vec<crate::ids::PlacementId>,
    /// The unsuccessful candidates anonymised.
    pub candidates: Vec<crate::ids::CandidateId>,
    /// How many event attendees lose their name and email.
    pub attendees: usize,
}

impl RetentionRun {
    /// How many records the run changes, all classes together.
    pub fn records(&self) -> usize {
        self.workforce.workers.len()
            + self.workforce.placements.len()
            + self.workforce.exit_interviews.len()
            + self.academy.len()
            + self.career.len()
            + self.recruitment.len()
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.records() == 0
    }
}

/// Everything that has expired on `date` and still holds personal data, anonymised:
/// the records of leavers whose last employment ended the council's period before,
/// and the unsuccessful candidates (and attendees) the recruitment anonymisation
/// finds due. Running it again on the same day finds nothing.
pub fn retention_run(
    workforce: &Workforce,
    academy: &Academy,
    career: &Career,
    recruitment: &Recruitment,
    settings: &RetentionSettings,
    date: Date,
) -> RetentionRun {
    let due = crate::recruitment::candidates::anonymisation(
        recruitment,
        &workforce.recruitment_events,
        date,
    );
    let mut run = RetentionRun {
        workers: Vec::new(),
        workforce: Workforce::new(workforce.council),
        academy: Vec::new(),
        career: Vec::new(),
        recruitment: due.changes,
        students: Vec::new(),
        candidates: due.candidates,
        attendees: due.attendees,
    };
    // A student placement is a training record: a student who did not become a worker
    // "left" when it ended.
    for placement in &workforce.placements {
        if placement.hired_worker_id.is_none()
            && placement.student_name != ANONYMISED
            && placement
                .span
                .end()
                .is_some_and(|ended| anonymise_from(ended, settings) <= date)
        {
            run.students.push(placement.id.clone());
            run.workforce
                .placements
                .push(anonymise_placement(placement));
        }
    }
    let changed = |records: usize, run: &RetentionRun| run.records() > records;
    for expired in expired_workers(workforce, settings, date) {
        let id = &expired.worker_id;
        let before = run.records();
        let periods = periods_counted(workforce, id, date);
        for worker in workforce.workers.iter().filter(|w| &w.id == id) {
            let anonymised = anonymise_worker(worker, &periods);
            if &anonymised != worker {
                run.workforce.workers.push(anonymised);
            }
        }
        for placement in &workforce.placements {
            if placement.hired_worker_id.as_ref() == Some(id)
                && placement.student_name != ANONYMISED
            {
                run.workforce
                    .placements
                    .push(anonymise_placement(placement));
            }
        }
        for interview in &workforce.exit_interviews {
            if &interview.worker_id == id && interview.comments.is_some() {
                run.workforce
                    .exit_interviews
                    .push(anonymise_exit_interview(interview));
            }
        }
        anonymise_academy(academy, id, &mut run.academy);
        anonymise_career(career, id, &mut run.career);
        anonymise_recruitment(recruitment, id, date, &mut run);
        if changed(before, &run) {
            run.workers.push(expired);
        }
    }
    run
}

/// The member's reviews and log entries without their notes; a reflection's author
/// (the member) loses their name too. Assessors and supervisors stay: they acted in
/// their job.
fn anonymise_academy(academy: &Academy, id: &WorkerId, changes: &mut Vec<AcademyChange>) {
    for review in academy.reviews.iter().filter(|r| &r.worker_id == id) {
        if !review.notes.is_empty() {
            let mut review = review.clone();
            review.notes.clear();
            changes.push(AcademyChange::PutReview(review));
        }
    }
    for entry in academy.log.iter().filter(|e| &e.worker_id == id) {
        let mut anonymised = entry.clone();
        anonymised.notes.clear();
        if entry.kind == LogKind::Reflection {
            anonymised.by = ANONYMISED.to_owned();
        }
        if &anonymised != entry {
            changes.push(AcademyChange::PutLogEntry(anonymised));
        }
    }
}

/// The person's assessments without their evidence and the reviewer's comments, and
/// their plan's actions without their words; ratings, levels and dates stay.
fn anonymise_career(career: &Career, id: &WorkerId, changes: &mut Vec<CareerChange>) {
    for assessment in career.assessments.iter().filter(|a| &a.worker_id == id) {
        let mut anonymised = assessment.clone();
        for rating in &mut anonymised.ratings {
            rating.evidence.clear();
        }
        if let Some(review) = &mut anonymised.review {
            review.comments.clear();
        }
        if &anonymised != assessment {
            changes.push(CareerChange::PutAssessment(anonymised));
        }
    }
    for action in career.actions.iter().filter(|a| &a.worker_id == id) {
        if !action.description.is_empty() {
            let mut action = action.clone();
            action.description.clear();
            changes.push(CareerChange::PutAction(action));
        }
    }
}

/// The candidate record the worker came from (with the attendee record that became
/// it), and their international recruitment's free text: relocation support and
/// check-in notes. Country, visa and dates stay.
fn anonymise_recruitment(
    recruitment: &Recruitment,
    id: &WorkerId,
    date: Date,
    run: &mut RetentionRun,
) {
    for candidate in &recruitment.candidates {
        if candidate.worker_id.as_ref() != Some(id) || candidate.anonymised_on.is_some() {
            continue;
        }
        run.recruitment
            .push(RecruitmentChange::PutCandidate(anonymise(candidate, date)));
        for attendee in &recruitment.attendees {
            if attendee.candidate_id.as_ref() == Some(&candidate.id)
                && !(attendee.name.is_empty() && attendee.email.is_empty())
            {
                run.attendees += 1;
                run.recruitment
                    .push(RecruitmentChange::PutAttendee(anonymise_attendee(attendee)));
            }
        }
    }
    for recruit in &recruitment.international_recruits {
        if &recruit.worker_id == id && !recruit.relocation_support.is_empty() {
            let mut recruit = recruit.clone();
            recruit.relocation_support.clear();
            run.recruitment
                .push(RecruitmentChange::PutInternationalRecruit(recruit));
        }
    }
    for check_in in &recruitment.check_ins {
        if &check_in.worker_id == id && !check_in.notes.is_empty() {
            let mut check_in = check_in.clone();
            check_in.notes.clear();
            run.recruitment
                .push(RecruitmentChange::PutCheckIn(check_in));
        }
    }
}

#[cfg(test)]
mod tests;
