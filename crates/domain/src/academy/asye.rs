//! The ASYE tracker: the Assessed and Supported Year in Employment of a newly
//! qualified member, with its due dates, cadences and checks.

use chrono::Days;
use serde::{Deserialize, Serialize};

use crate::codes::AsyeOutcome;
use crate::ids::{CohortId, WorkerId};
use crate::records::Caseload;
use crate::values::Date;

use super::programme::add_months;

/// How many days ahead the due list looks.
pub const DUE_SOON_DAYS: u64 = 14;

/// The fewest direct observations an ASYE needs.
pub const OBSERVATIONS_NEEDED: usize = 3;

/// The share of working time protected for development in the ASYE year.
pub const PROTECTED_SHARE: f64 = 0.10;

code_enum! {
    /// A formal review of the ASYE.
    ReviewKind {
        /// At 3 months.
        ThreeMonth = "three_month",
        /// At 6 months.
        SixMonth = "six_month",
        /// At 9 months, if the assessor wants one.
        NineMonth = "nine_month",
        /// The final review, near 12 months (or at the extended date).
        Final = "final",
    }
}

impl ReviewKind {
    /// Months after the start at which the review is due.
    pub fn months(self) -> u32 {
        match self {
            Self::ThreeMonth => 3,
            Self::SixMonth => 6,
            Self::NineMonth => 9,
            Self::Final => 12,
        }
    }

    /// The review as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::ThreeMonth => "3-month review",
            Self::SixMonth => "6-month review",
            Self::NineMonth => "9-month review (optional)",
            Self::Final => "Final review",
        }
    }

    /// Whether the review may be left out.
    pub fn optional(self) -> bool {
        self == Self::NineMonth
    }
}

code_enum! {
    /// A kind of entry in a member's ASYE log.
    LogKind {
        /// A supervision session.
        Supervision = "supervision",
        /// A direct observation of practice.
        Observation = "observation",
        /// Feedback from a child, young person or family member.
        LivedExperienceFeedback = "lived_experience_feedback",
        /// Feedback from another professional.
        ProfessionalFeedback = "professional_feedback",
        /// A critical reflection written by the member.
        Reflection = "reflection",
        /// Protected development time taken (hours).
        DevelopmentTime = "development_time",
    }
}

impl LogKind {
    /// The kind as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Supervision => "Supervision",
            Self::Observation => "Direct observation",
            Self::LivedExperienceFeedback => "Feedback from people with lived experience",
            Self::ProfessionalFeedback => "Feedback from professionals",
            Self::Reflection => "Critical reflection",
            Self::DevelopmentTime => "Protected development time",
        }
    }
}

code_enum! {
    /// The moderation panel's decision on an ASYE portfolio.
    ModerationDecision {
        /// The panel agrees the member has passed.
        Pass = "pass",
        /// The panel agrees the member has not passed.
        Fail = "fail",
        /// The panel asks for the year to be extended.
        Extend = "extend",
    }
}

/// The ASYE year of one newly qualified member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsyeRecord {
    /// The cohort.
    pub cohort_id: CohortId,
    /// The member.
    pub worker_id: WorkerId,
    /// The first day of the ASYE, from which every due date counts.
    pub starts_on: Date,
    /// The day they qualified as a social worker.
    pub qualified_on: Option<Date>,
    /// The day they registered with Social Work England.
    pub registered_on: Option<Date>,
    /// The day the support and assessment agreement was agreed.
    pub agreement_on: Option<Date>,
    /// Their ASYE assessor.
    pub assessor: String,
    /// When the year is extended: the new date of the final review.
    pub extended_to: Option<Date>,
    /// The moderation panel's decision, once made.
    pub moderation: Option<ModerationDecision>,
    /// The day of the moderation panel.
    pub moderated_on: Option<Date>,
    /// The day the grant's first payment (at registration) was claimed.
    pub registration_claimed_on: Option<Date>,
    /// The day the grant's second payment (at completion) was claimed.
    pub completion_claimed_on: Option<Date>,
}

impl AsyeRecord {
    /// A new record for a member starting on `starts_on`, with nothing yet done.
    pub fn starting(cohort_id: CohortId, worker_id: WorkerId, starts_on: Date) -> Self {
        Self {
            cohort_id,
            worker_id,
            starts_on,
            qualified_on: None,
            registered_on: None,
            agreement_on: None,
            assessor: String::new(),
            extended_to: None,
            moderation: None,
            moderated_on: None,
            registration_claimed_on: None,
            completion_claimed_on: None,
        }
    }

    /// When a review is due: whole months after the start (31 May plus 3 months is
    /// 31 August; 30 November plus 3 months is 28 or 29 February), the final
    /// review at the extended date when there is one.
    pub fn review_due(&self, kind: ReviewKind) -> Date {
        match (kind, self.extended_to) {
            (ReviewKind::Final, Some(extended)) => extended,
            _ => add_months(self.starts_on, kind.months()),
        }
    }

    /// When the support and assessment agreement is due: within the first 4 weeks.
    pub fn agreement_due(&self) -> Date {
        self.starts_on + Days::new(28)
    }

    /// When the `n`th direct observation (from 1) is due: one before each of the 3,
    /// 6 and 9-month points.
    pub fn observation_due(&self, n: u32) -> Date {
        add_months(self.starts_on, 3 * n)
    }

    /// The last day of the ASYE year (the final review's due date).
    pub fn year_end(&self) -> Date {
        self.review_due(ReviewKind::Final)
    }

    /// Whether the member may be claimed for under the DfE's ASYE grant: registered
    /// with Social Work England, and starting within four years of qualifying.
    pub fn grant_eligibility(&self) -> GrantEligibility {
        let Some(qualified_on) = self.qualified_on else {
            return GrantEligibility::QualificationDateUnknown;
        };
        if self.registered_on.is_none() {
            return GrantEligibility::NotRegistered;
        }
        if self.starts_on > add_months(qualified_on, 48) {
            return GrantEligibility::QualifiedTooLongAgo;
        }
        GrantEligibility::Eligible
    }
}

/// Whether the DfE's ASYE grant may be claimed for a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantEligibility {
    /// Both payments may be claimed (the second on completion).
    Eligible,
    /// Not registered with Social Work England (yet).
    NotRegistered,
    /// Started more than four years after qualifying.
    QualifiedTooLongAgo,
    /// The qualification date is not recorded.
    QualificationDateUnknown,
}

impl GrantEligibility {
    /// The eligibility as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Eligible => "Eligible",
            Self::NotRegistered => "Not eligible yet: not registered with Social Work England",
            Self::QualifiedTooLongAgo => {
                "Not eligible: started more than four years after qualifying"
            }
            Self::QualificationDateUnknown => "Unknown: record the date they qualified",
        }
    }
}

/// A review held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The cohort.
    pub cohort_id: CohortId,
    /// The member.
    pub worker_id: WorkerId,
    /// Which review.
    pub kind: ReviewKind,
    /// The day it was held.
    pub held_on: Date,
    /// Who assessed.
    pub assessor: String,
    /// What was agreed.
    pub notes: String,
}

/// One entry of a member's ASYE log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// The cohort.
    pub cohort_id: CohortId,
    /// The member.
    pub worker_id: WorkerId,
    /// Its number in the member's log, from 1.
    pub number: u32,
    /// Supervision, observation, feedback, reflection or development time.
    pub kind: LogKind,
    /// The day it happened.
    pub on: Date,
    /// Who supervised, observed or gave feedback; for a reflection, the member.
    pub by: String,
    /// Hours, for protected development time.
    pub hours: Option<f64>,
    /// What happened, briefly.
    pub notes: String,
}

/// Where something due stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueState {
    /// Done on this day.
    Done(Date),
    /// Due within the next [`DUE_SOON_DAYS`] days, or today.
    DueSoon,
    /// Past its due date and not done.
    Overdue,
    /// Due later.
    NotYetDue,
}

impl DueState {
    /// Where something due on `due` stands on `today`: due today is not yet overdue,
    /// the day after it is.
    pub fn of(due: Date, done: Option<Date>, today: Date) -> Self {
        match done {
            Some(day) => Self::Done(day),
            None if today > due => Self::Overdue,
            None if due <= today + Days::new(DUE_SOON_DAYS) => Self::DueSoon,
            None => Self::NotYetDue,
        }
    }

    /// The state as a tag reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Done(_) => "Done",
            Self::DueSoon => "Due soon",
            Self::Overdue => "Overdue",
            Self::NotYetDue => "Not yet due",
        }
    }
}

/// The gap expected after a supervision on `held_on`: weekly in the first 6 weeks,
/// fortnightly to 6 months, monthly after.
pub fn next_supervision_due(starts_on: Date, held_on: Date) -> Date {
    if held_on < starts_on + Days::new(42) {
        held_on + Days::new(7)
    } else if held_on < add_months(starts_on, 6) {
        held_on + Days::new(14)
    } else {
        add_months(held_on, 1)
    }
}

/// The supervisions expected by the cadence from the start to the end of the year:
/// weekly to 6 weeks, fortnightly to 6 months, monthly to 12 months.
pub fn supervision_schedule(starts_on: Date, year_end: Date) -> Vec<Date> {
    let mut dates = Vec::new();
    let mut next = next_supervision_due(starts_on, starts_on);
    while next <= year_end {
        dates.push(next);
        next = next_supervision_due(starts_on, next);
    }
    dates
}

/// A member's supervision log against the cadence, as at a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionCheck {
    /// Supervisions recorded up to the day.
    pub held: usize,
    /// Supervisions the cadence expects by the day.
    pub expected: usize,
    /// When the next one is due: a cadence's gap after the last one held, or a week
    /// after the start when none is.
    pub next_due: Date,
    /// Whether the next one is late.
    pub state: DueState,
    /// Gaps between supervisions (or from the start) longer than the cadence allows,
    /// as the late supervision's due day and the day it was held.
    pub late: Vec<(Date, Date)>,
}

/// Checks a member's supervisions against the cadence.
pub fn supervision_check(record: &AsyeRecord, log: &[&LogEntry], today: Date) -> SupervisionCheck {
    let mut held: Vec<Date> = log
        .iter()
        .filter(|entry| entry.kind == LogKind::Supervision && entry.on <= today)
        .map(|entry| entry.on)
        .collect();
    held.sort_unstable();
    let mut late = Vec::new();
    let mut due = next_supervision_due(record.starts_on, record.starts_on);
    for &day in &held {
        if day > due {
            late.push((due, day));
        }
        due = next_supervision_due(record.starts_on, day);
    }
    let expected = supervision_schedule(record.starts_on, record.year_end())
        .into_iter()
        .filter(|day| *day <= today)
        .count();
    SupervisionCheck {
        held: held.len(),
        expected,
        next_due: due,
        state: DueState::of(due, None, today),
        late,
    }
}

/// Protected development time recorded against the 10% expected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DevelopmentTime {
    /// Hours recorded up to the day.
    pub recorded_hours: f64,
    /// Hours expected by the day: 10% of the weekly hours for each week since the
    /// start, up to the end of the year.
    pub expected_hours: f64,
}

/// A member's development time as at a day, for a working week of `weekly_hours`.
pub fn development_time(
    record: &AsyeRecord,
    log: &[&LogEntry],
    today: Date,
    weekly_hours: f64,
) -> DevelopmentTime {
    let recorded_hours = log
        .iter()
        .filter(|entry| entry.kind == LogKind::DevelopmentTime && entry.on <= today)
        .filter_map(|entry| entry.hours)
        .sum();
    let until = today.min(record.year_end());
    let days = (until - record.starts_on).num_days().max(0) as f64;
    DevelopmentTime {
        recorded_hours,
        expected_hours: PROTECTED_SHARE * weekly_hours * days / 7.0,
    }
}

/// A member's caseload in the ASYE year against the reduced-caseload limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadCheck {
    /// The limit checked against.
    pub limit: u32,
    /// The latest count in the year, with its date.
    pub latest: Option<(Date, u32)>,
    /// Counts in the year above the limit, with their dates.
    pub above: Vec<(Date, u32)>,
}

/// Checks a member's caseload counts (any order) in the ASYE year up to a day.
pub fn caseload_check(
    record: &AsyeRecord,
    caseloads: &[&Caseload],
    today: Date,
    limit: u32,
) -> CaseloadCheck {
    let mut counts: Vec<(Date, u32)> = caseloads
        .iter()
        .filter(|c| c.worker_id == record.worker_id)
        .filter(|c| c.as_of >= record.starts_on && c.as_of <= today.min(record.year_end()))
        .map(|c| (c.as_of, c.cases))
        .collect();
    counts.sort_unstable();
    CaseloadCheck {
        limit,
        latest: counts.last().copied(),
        above: counts
            .into_iter()
            .filter(|(_, cases)| *cases > limit)
            .collect(),
    }
}

/// Whether a member's ASYE is still under way (so its tasks fall due).
pub fn under_way(outcome: Option<AsyeOutcome>) -> bool {
    matches!(
        outcome,
        None | Some(AsyeOutcome::InProgress) | Some(AsyeOutcome::Extended)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn record(start: &str) -> AsyeRecord {
        AsyeRecord::starting(
            CohortId::parse("C1").unwrap(),
            WorkerId::parse("W1").unwrap(),
            date(start),
        )
    }

    fn supervision(on: &str) -> LogEntry {
        LogEntry {
            cohort_id: CohortId::parse("C1").unwrap(),
            worker_id: WorkerId::parse("W1").unwrap(),
            number: 1,
            kind: LogKind::Supervision,
            on: date(on),
            by: "Team manager".into(),
            hours: None,
            notes: String::new(),
        }
    }

    #[test]
    fn reviews_fall_due_whole_months_after_the_start_across_month_ends_and_leap_years() {
        let november = record("2023-11-30");
        assert_eq!(
            november.review_due(ReviewKind::ThreeMonth),
            date("2024-02-29")
        );
        assert_eq!(
            november.review_due(ReviewKind::SixMonth),
            date("2024-05-30")
        );
        assert_eq!(
            november.review_due(ReviewKind::NineMonth),
            date("2024-08-30")
        );
        assert_eq!(november.review_due(ReviewKind::Final), date("2024-11-30"));
        let leap_day = record("2024-02-29");
        assert_eq!(
            leap_day.review_due(ReviewKind::ThreeMonth),
            date("2024-05-29")
        );
        assert_eq!(leap_day.review_due(ReviewKind::Final), date("2025-02-28"));
        let may = record("2025-05-31");
        assert_eq!(may.review_due(ReviewKind::ThreeMonth), date("2025-08-31"));
        assert_eq!(may.review_due(ReviewKind::SixMonth), date("2025-11-30"));
        assert_eq!(may.review_due(ReviewKind::NineMonth), date("2026-02-28"));
    }

    #[test]
    fn an_extended_year_moves_only_the_final_review() {
        let mut extended = record("2024-01-08");
        extended.extended_to = Some(date("2025-04-30"));
        assert_eq!(extended.review_due(ReviewKind::Final), date("2025-04-30"));
        assert_eq!(
            extended.review_due(ReviewKind::SixMonth),
            date("2024-07-08")
        );
    }

    #[test]
    fn something_due_today_is_due_soon_and_overdue_the_day_after() {
        let due = date("2024-02-29");
        assert_eq!(
            DueState::of(due, None, date("2024-02-29")),
            DueState::DueSoon
        );
        assert_eq!(
            DueState::of(due, None, date("2024-03-01")),
            DueState::Overdue
        );
        assert_eq!(
            DueState::of(due, None, date("2024-02-15")),
            DueState::DueSoon
        );
        assert_eq!(
            DueState::of(due, None, date("2024-02-14")),
            DueState::NotYetDue
        );
        assert_eq!(
            DueState::of(due, Some(date("2024-03-04")), date("2024-04-01")),
            DueState::Done(date("2024-03-04"))
        );
    }

    #[test]
    fn supervision_is_weekly_for_six_weeks_fortnightly_to_six_months_then_monthly() {
        let start = date("2024-01-31");
        let schedule = supervision_schedule(start, record("2024-01-31").year_end());
        // Six weekly: 7 Feb .. 13 Mar (day 42).
        assert_eq!(schedule[0], date("2024-02-07"));
        assert_eq!(schedule[5], date("2024-03-13"));
        // Then fortnightly from day 42 while before 31 July (6 months).
        assert_eq!(schedule[6], date("2024-03-27"));
        assert_eq!(schedule[15], date("2024-07-31"));
        // Then monthly: a month after 31 August is 30 September.
        assert_eq!(schedule[16], date("2024-08-31"));
        assert_eq!(schedule[17], date("2024-09-30"));
        assert_eq!(*schedule.last().unwrap(), date("2025-01-30"));
        assert_eq!(schedule.len(), 6 + 10 + 6);
    }

    #[test]
    fn a_supervision_is_overdue_the_day_after_its_cadence_allows() {
        let member = record("2024-01-01");
        let log = [supervision("2024-01-08"), supervision("2024-01-15")];
        let entries: Vec<&LogEntry> = log.iter().collect();
        let on_time = supervision_check(&member, &entries, date("2024-01-22"));
        assert_eq!(on_time.next_due, date("2024-01-22"));
        assert_eq!(on_time.state, DueState::DueSoon);
        assert_eq!((on_time.held, on_time.expected), (2, 3));
        let late = supervision_check(&member, &entries, date("2024-01-23"));
        assert_eq!(late.state, DueState::Overdue);
        assert!(late.late.is_empty());
    }

    #[test]
    fn a_gap_longer_than_the_cadence_is_listed_as_late() {
        let member = record("2024-01-01");
        let log = [supervision("2024-01-08"), supervision("2024-01-22")];
        let entries: Vec<&LogEntry> = log.iter().collect();
        let check = supervision_check(&member, &entries, date("2024-01-25"));
        assert_eq!(check.late, vec![(date("2024-01-15"), date("2024-01-22"))]);
        assert_eq!(check.next_due, date("2024-01-29"));
    }

    #[test]
    fn the_grant_needs_registration_and_a_start_within_four_years_of_qualifying() {
        let mut member = record("2024-09-02");
        assert_eq!(
            member.grant_eligibility(),
            GrantEligibility::QualificationDateUnknown
        );
        member.qualified_on = Some(date("2020-09-02"));
        assert_eq!(member.grant_eligibility(), GrantEligibility::NotRegistered);
        member.registered_on = Some(date("2024-08-01"));
        assert_eq!(member.grant_eligibility(), GrantEligibility::Eligible);
        member.qualified_on = Some(date("2020-09-01"));
        assert_eq!(
            member.grant_eligibility(),
            GrantEligibility::QualifiedTooLongAgo
        );
    }

    #[test]
    fn development_time_is_measured_against_a_tenth_of_the_working_week() {
        let member = record("2024-01-01");
        let mut taken = supervision("2024-01-10");
        taken.kind = LogKind::DevelopmentTime;
        taken.hours = Some(3.5);
        let time = development_time(&member, &[&taken], date("2024-01-29"), 37.0);
        assert_eq!(time.recorded_hours, 3.5);
        assert!((time.expected_hours - 14.8).abs() < 1e-9);
    }

    #[test]
    fn caseloads_above_the_reduced_limit_in_the_year_are_flagged() {
        let member = record("2024-01-01");
        let counts =
            [("2023-12-01", 25), ("2024-03-01", 12), ("2024-06-01", 19)].map(|(on, cases)| {
                Caseload {
                    worker_id: WorkerId::parse("W1").unwrap(),
                    as_of: date(on),
                    cases,
                }
            });
        let refs: Vec<&Caseload> = counts.iter().collect();
        let check = caseload_check(&member, &refs, date("2024-07-01"), 18);
        assert_eq!(check.latest, Some((date("2024-06-01"), 19)));
        assert_eq!(check.above, vec![(date("2024-06-01"), 19)]);
    }
}
