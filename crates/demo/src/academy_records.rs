//! The academy's own records for a demo council: each recent cohort's sessions and
//! registers (with catch-ups for missed days), induction checklists, and each newly
//! qualified member's ASYE tracker (agreement, reviews, supervisions, observations,
//! feedback, reflections and development time), as a coordinator would have kept them
//! up to the last day of history.
//!
//! It reads the generated workforce and draws from a stream of its own, so the
//! workforce comes out exactly as it did before the academy was added.

use chrono::NaiveTime;
use pathway_domain::academy::asye::{
    GrantEligibility, ReviewKind, next_supervision_due, under_way,
};
use pathway_domain::academy::programme::{add_months, default_days, layout};
use pathway_domain::academy::session::next_number;
use pathway_domain::academy::{
    Academy, AcademyChange, AcademyChanges, AsyeRecord, Attendance, ChecklistTick, Delivery,
    LogEntry, LogKind, Mark, ModerationDecision, Review, Session, SessionKind, checklist,
};
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::ids::WorkerId;
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use crate::DemoOptions;
use crate::calendar::{back_to_friday, next_weekday, plus, years_before};
use crate::people::random_name;
use crate::random::Rng;

/// Mixed into the seed so the academy's stream is unlike any council's own.
const ACADEMY_STREAM: u64 = 0xACAD_E3F0_0D5E_55ED;

/// How far back cohorts have their sessions, registers and ASYE logs: the academy
/// has kept them in Pathway for about two years.
const YEARS_KEPT: u32 = 2;

/// Phrases for the notes of reviews, by kind.
const REVIEW_NOTES: [(ReviewKind, &[&str]); 4] = [
    (
        ReviewKind::ThreeMonth,
        &[
            "Settling in well; caseload protected. Learning goals agreed for the next quarter.",
            "Good relationships with families. Needs more confidence in child protection conferences.",
            "On track. First observation done; agreed to shadow a court case.",
        ],
    ),
    (
        ReviewKind::SixMonth,
        &[
            "Progressing against the PCF. Portfolio evidence building; second observation booked.",
            "Solid assessments. Next: analysis in written reports and chairing meetings.",
            "On track. Caseload increased slightly with agreement.",
        ],
    ),
    (
        ReviewKind::NineMonth,
        &[
            "Agreed extra support with recording timeliness.",
            "Portfolio nearly complete; reflective logs are strong.",
        ],
    ),
    (
        ReviewKind::Final,
        &[
            "Evidence meets the PCF at ASYE level; recommended to the moderation panel.",
            "Final review held; portfolio submitted for moderation.",
        ],
    ),
];

const SUPERVISION_NOTES: [&str; 4] = [
    "Case discussion and reflective supervision.",
    "Caseload review; workload and wellbeing checked.",
    "Reflective supervision on a complex case; actions agreed.",
    "Supervision: case decisions recorded; training needs discussed.",
];

const OBSERVATION_NOTES: [&str; 3] = [
    "Direct observation of a home visit.",
    "Observed chairing a child in need meeting.",
    "Observed a direct work session with a young person.",
];

const LIVED_EXPERIENCE_NOTES: [&str; 3] = [
    "Feedback from a parent after a home visit.",
    "Feedback from a young person in care.",
    "Feedback from a carer.",
];

const PROFESSIONAL_NOTES: [&str; 3] = [
    "Feedback from a health visitor.",
    "Feedback from a school's designated safeguarding lead.",
    "Feedback from the independent reviewing officer.",
];

const REFLECTION_NOTES: [&str; 3] = [
    "Critical reflection on a difficult decision.",
    "Reflection on using the practice model with a family.",
    "Reflection on a child protection conference.",
];

const DEVELOPMENT_NOTES: [&str; 3] = [
    "Protected time: reading and research.",
    "Protected time: portfolio writing.",
    "Protected time: training course.",
];

fn at(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

/// A demo council's academy as it stands on `options.until`, for the workforce that
/// [`crate::generate`] made for it with the same options.
pub fn generate_academy(workforce: &Workforce, options: &DemoOptions) -> Academy {
    let mut rng = Rng::for_stream(
        options.seed ^ ACADEMY_STREAM,
        u64::from(workforce.council.number()),
    );
    let mut story = AcademyStory {
        until: options.until,
        coordinator: random_name(&mut rng),
        assessors: (0..4).map(|_| random_name(&mut rng)).collect(),
        rng,
        workforce,
        academy: Academy::default(),
    };
    let kept_from = years_before(options.until, YEARS_KEPT);
    for cohort in workforce
        .cohorts
        .iter()
        .filter(|c| c.start_date <= options.until)
    {
        if cohort.start_date > kept_from {
            story.run_cohort(cohort);
        } else if cohort.programme == Programme::Full {
            // An older cohort's extended ASYE years were tracked here to their end, so
            // they do not look under way for ever.
            for member in workforce.academy_members.iter().filter(|m| {
                m.cohort_id() == &cohort.id && m.asye_outcome() == Some(AsyeOutcome::Extended)
            }) {
                story.run_asye(member);
            }
        }
    }
    story.leave_recent_reviews_undone();
    story.academy
}

/// The changes that write a generated academy into a council that has none, in an
/// order the academy's checks accept (a catch-up after the session it makes up for).
pub fn academy_changes(council: CouncilCode, academy: &Academy) -> AcademyChanges {
    let mut sessions: Vec<&Session> = academy.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.kind == SessionKind::CatchUp, &s.cohort_id, s.number));
    let changes = sessions
        .into_iter()
        .cloned()
        .map(AcademyChange::PutSession)
        .chain(
            academy
                .attendance
                .iter()
                .cloned()
                .map(AcademyChange::PutAttendance),
        )
        .chain(academy.ticks.iter().cloned().map(AcademyChange::PutTick))
        .chain(
            academy
                .asye_records
                .iter()
                .cloned()
                .map(AcademyChange::PutAsyeRecord),
        )
        .chain(
            academy
                .reviews
                .iter()
                .cloned()
                .map(AcademyChange::PutReview),
        )
        .chain(academy.log.iter().cloned().map(AcademyChange::PutLogEntry))
        .collect();
    AcademyChanges { council, changes }
}

struct AcademyStory<'w> {
    rng: Rng,
    until: Date,
    /// Who takes the registers and ticks off checklists.
    coordinator: String,
    /// The council's ASYE assessors.
    assessors: Vec<String>,
    workforce: &'w Workforce,
    academy: Academy,
}

impl AcademyStory<'_> {
    /// Whether the worker is employed by the council on a day.
    fn employed(&self, worker: &WorkerId, day: Date) -> bool {
        self.workforce
            .employments
            .iter()
            .any(|e| e.worker_id() == worker && e.span().covers(day))
    }

    /// The last day the member is with the council from joining, as far as known.
    fn last_day(&self, member: &AcademyMember) -> Date {
        self.workforce
            .employments
            .iter()
            .filter(|e| e.worker_id() == member.worker_id())
            .filter(|e| e.span().covers(member.joined_on()))
            .map(|e| e.span().end().unwrap_or(self.until))
            .max()
            .unwrap_or(member.joined_on())
            .min(self.until)
    }

    fn run_cohort(&mut self, cohort: &Cohort) {
        let members: Vec<&AcademyMember> = self
            .workforce
            .academy_members
            .iter()
            .filter(|m| m.cohort_id() == &cohort.id)
            .collect();
        let days = default_days(cohort.programme);
        let sessions = layout(&cohort.id, cohort.start_date, &days);
        let mut next = next_number(&sessions);
        self.academy.sessions.extend(sessions.iter().cloned());
        let until = self.until;
        for session in sessions.iter().filter(|s| s.date <= until) {
            let catch_up = self.catch_up_for(session, next);
            let mut missed = Vec::new();
            for member in &members {
                let worker = member.worker_id();
                // A member who has completed was there for every session.
                let expected = member.joined_on() <= session.date
                    && (member.completed_on().is_some() || self.employed(worker, session.date));
                if !expected {
                    continue;
                }
                let mut mark = self.rng.weighted(&[
                    (Mark::Present, 0.91),
                    (Mark::Excused, 0.05),
                    (Mark::Absent, 0.04),
                ]);
                // A completed member who missed a day made it up before completing.
                if let Some(completed) = member.completed_on()
                    && catch_up.date > completed.min(self.until)
                {
                    mark = Mark::Present;
                }
                self.mark(session, worker, mark);
                if mark != Mark::Present && session.required {
                    missed.push(*member);
                }
            }
            if missed.is_empty() {
                continue;
            }
            next += 1;
            for member in missed {
                let worker = member.worker_id();
                if catch_up.date > self.until || !self.employed(worker, catch_up.date) {
                    if member.completed_on().is_some() {
                        self.mark(&catch_up, worker, Mark::Present);
                    }
                    continue;
                }
                let mark = if member.completed_on().is_some() || self.rng.chance(0.85) {
                    Mark::Present
                } else {
                    Mark::Absent
                };
                self.mark(&catch_up, worker, mark);
            }
            self.academy.sessions.push(catch_up);
        }
        for member in &members {
            self.tick_checklist(member);
            let newly_qualified = cohort.programme == Programme::Full
                && member.asye_outcome() != Some(AsyeOutcome::NotApplicable);
            if newly_qualified {
                self.run_asye(member);
            }
        }
    }

    /// A half-day catch-up two to five weeks after a session, online.
    fn catch_up_for(&mut self, session: &Session, number: u16) -> Session {
        let date = next_weekday(plus(session.date, self.rng.between(14, 35)));
        Session {
            cohort_id: session.cohort_id.clone(),
            number,
            kind: SessionKind::CatchUp,
            date,
            starts_at: at(13, 30),
            ends_at: at(16, 30),
            topic: format!("Catch-up: {}", session.topic),
            delivery: Delivery::Online,
            venue: "Online (Teams)".to_owned(),
            facilitator: "Academy team".to_owned(),
            required: false,
            catches_up: Some(session.number),
        }
    }

    fn mark(&mut self, session: &Session, worker: &WorkerId, mark: Mark) {
        self.academy.attendance.push(Attendance {
            cohort_id: session.cohort_id.clone(),
            session: session.number,
            worker_id: worker.clone(),
            mark,
            recorded_by: self.coordinator.clone(),
        });
    }

    /// Most items in the first weeks: equipment and accounts at once, introductions
    /// over the first month or so.
    fn tick_checklist(&mut self, member: &AcademyMember) {
        let last_day = self.last_day(member);
        for item in checklist::default_items() {
            if !self.rng.chance(0.93) {
                continue;
            }
            let within = match item.id.as_str() {
                "laptop" | "id_badge" | "system_accounts" => 3,
                "phone" | "team_introductions" => 10,
                _ => 40,
            };
            let done_on = next_weekday(plus(member.joined_on(), self.rng.between(0, within)));
            if done_on > last_day {
                continue;
            }
            self.academy.ticks.push(ChecklistTick {
                cohort_id: member.cohort_id().clone(),
                worker_id: member.worker_id().clone(),
                item_id: item.id,
                done_on,
                done_by: self.coordinator.clone(),
            });
        }
    }

    fn run_asye(&mut self, member: &AcademyMember) {
        let start = member.joined_on();
        let outcome = member.asye_outcome();
        let worker = self
            .workforce
            .workers
            .iter()
            .find(|w| w.id == *member.worker_id());
        let qualified_on = worker
            .and_then(|w| w.qualified_on)
            .filter(|day| *day < start)
            .unwrap_or_else(|| plus(start, -self.rng.between(60, 150)));
        let registered_on = plus(qualified_on, self.rng.between(14, 56))
            .min(plus(start, -1))
            .max(qualified_on);
        let assessor = self.rng.pick(&self.assessors).clone();
        let mut record = AsyeRecord {
            assessor,
            qualified_on: Some(qualified_on),
            registered_on: Some(registered_on),
            ..AsyeRecord::starting(
                member.cohort_id().clone(),
                member.worker_id().clone(),
                start,
            )
        };
        let last_day = self.last_day(member);
        let known = |day: Date| (day <= last_day).then_some(day);

        let agreement_after = if self.rng.chance(0.85) {
            self.rng.between(7, 28)
        } else {
            self.rng.between(29, 45)
        };
        record.agreement_on = known(next_weekday(plus(start, agreement_after)));
        if outcome == Some(AsyeOutcome::Extended) {
            record.extended_to = Some(match member.completed_on() {
                Some(completed) => completed,
                None => {
                    let planned = add_months(start, 12 + self.rng.between(3, 6) as u32);
                    planned.max(plus(self.until, self.rng.between(20, 60)))
                }
            });
        }
        let eligible = record.grant_eligibility() == GrantEligibility::Eligible;
        if eligible && self.rng.chance(0.9) {
            record.registration_claimed_on = known(plus(start, self.rng.between(30, 90)));
        }
        let (decision, decided_after) = match outcome {
            Some(AsyeOutcome::Pass) => (Some(ModerationDecision::Pass), member.completed_on()),
            Some(AsyeOutcome::Fail) => (Some(ModerationDecision::Fail), member.completed_on()),
            Some(AsyeOutcome::Extended) => (
                Some(ModerationDecision::Extend),
                Some(add_months(start, 12)),
            ),
            _ => (None, None),
        };
        if let (Some(decision), Some(after)) = (decision, decided_after) {
            let moderated_on = next_weekday(plus(after, self.rng.between(14, 45)));
            if moderated_on <= self.until {
                record.moderation = Some(decision);
                record.moderated_on = Some(moderated_on);
                if decision == ModerationDecision::Pass && record.registration_claimed_on.is_some()
                {
                    record.completion_claimed_on =
                        Some(plus(moderated_on, self.rng.between(7, 30)))
                            .filter(|d| *d <= self.until);
                }
            }
        }

        // The year's work runs to its end, or to the day they left or the last day.
        let ends = record.year_end().min(last_day);
        self.hold_reviews(&record, last_day);
        self.keep_log(&record, ends, under_way(outcome));
        self.academy.asye_records.push(record);
    }

    /// Reviews held around their due dates while the member is with the council, up
    /// to the last day of history.
    fn hold_reviews(&mut self, record: &AsyeRecord, last_day: Date) {
        for (kind, notes) in REVIEW_NOTES {
            if kind == ReviewKind::NineMonth && !self.rng.chance(0.45) {
                continue;
            }
            let held_on = back_to_friday(plus(record.review_due(kind), self.rng.between(-10, 7)));
            if held_on > last_day {
                continue;
            }
            self.academy.reviews.push(Review {
                cohort_id: record.cohort_id.clone(),
                worker_id: record.worker_id.clone(),
                kind,
                held_on,
                assessor: record.assessor.clone(),
                notes: (*self.rng.pick(notes)).to_owned(),
            });
        }
    }

    /// Supervisions on the cadence (now and then late), observations about every three
    /// months, feedback of both kinds, reflections and fortnightly development time.
    fn keep_log(&mut self, record: &AsyeRecord, ends: Date, under_way: bool) {
        let start = record.starts_on;
        let supervisor = random_name(&mut self.rng);
        // Numbered once all are drafted, in date order.
        let draft =
            |on: Date, kind: LogKind, by: String, hours: Option<f64>, notes: String| LogEntry {
                cohort_id: record.cohort_id.clone(),
                worker_id: record.worker_id.clone(),
                number: 0,
                kind,
                on,
                by,
                hours,
                notes,
            };
        let mut entries: Vec<LogEntry> = Vec::new();

        let mut due = next_supervision_due(start, start);
        while due <= ends {
            let mut held_on = if self.rng.chance(0.06) {
                next_weekday(plus(due, self.rng.between(3, 12)))
            } else {
                back_to_friday(plus(due, -self.rng.between(0, 2)))
            };
            if held_on > ends {
                if ends < record.year_end() {
                    break; // late, and not held yet
                }
                held_on = ends; // the year's last supervision, on its last day
            }
            // A supervision missed in the last weeks shows as overdue.
            if under_way && held_on > plus(self.until, -21) && self.rng.chance(0.15) {
                break;
            }
            let notes = (*self.rng.pick(&SUPERVISION_NOTES)).to_owned();
            entries.push(draft(
                held_on,
                LogKind::Supervision,
                supervisor.clone(),
                None,
                notes,
            ));
            due = next_supervision_due(start, held_on);
        }

        let observations = if self.rng.chance(0.3) { 4 } else { 3 };
        for n in 1..=observations {
            let on = next_weekday(plus(record.observation_due(n), -self.rng.between(5, 35)));
            if on <= ends {
                let notes = (*self.rng.pick(&OBSERVATION_NOTES)).to_owned();
                entries.push(draft(
                    on,
                    LogKind::Observation,
                    record.assessor.clone(),
                    None,
                    notes,
                ));
            }
        }

        let year = (record.year_end() - start).num_days().max(120);
        for (kind, notes, by) in [
            (
                LogKind::LivedExperienceFeedback,
                &LIVED_EXPERIENCE_NOTES,
                "Family member",
            ),
            (
                LogKind::ProfessionalFeedback,
                &PROFESSIONAL_NOTES,
                "Partner agency",
            ),
        ] {
            for _ in 0..self.rng.between(2, 3) {
                let on = next_weekday(plus(start, self.rng.between(60, year - 14)));
                if on <= ends {
                    let note = (*self.rng.pick(notes)).to_owned();
                    entries.push(draft(on, kind, by.to_owned(), None, note));
                }
            }
        }

        let member_name = self
            .workforce
            .workers
            .iter()
            .find(|w| w.id == record.worker_id)
            .map(|w| format!("{} {}", w.given_name, w.family_name))
            .unwrap_or_default();
        let mut on = plus(start, self.rng.between(21, 35));
        while on <= ends {
            let note = (*self.rng.pick(&REFLECTION_NOTES)).to_owned();
            entries.push(draft(
                next_weekday(on),
                LogKind::Reflection,
                member_name.clone(),
                None,
                note,
            ));
            on = plus(on, self.rng.between(42, 63));
        }

        let mut fortnight = plus(start, 14);
        while fortnight <= ends {
            if self.rng.chance(0.9) {
                // A tenth of a 37-hour fortnight is 7.4 hours; most take a little less.
                let hours = (self.rng.uniform(4.0, 7.5) * 2.0).round() / 2.0;
                let day = back_to_friday(plus(fortnight, -self.rng.between(0, 4)));
                let note = (*self.rng.pick(&DEVELOPMENT_NOTES)).to_owned();
                entries.push(draft(
                    day,
                    LogKind::DevelopmentTime,
                    member_name.clone(),
                    Some(hours),
                    note,
                ));
            }
            fortnight = plus(fortnight, 14);
        }

        entries.sort_by_key(|entry| (entry.on, entry.kind));
        for (number, mut entry) in (1..).zip(entries) {
            entry.number = number;
            self.academy.log.push(entry);
        }
    }

    /// Leaves one or two reviews that fell due in the last months not yet held, so the
    /// due list has overdue reviews to show.
    fn leave_recent_reviews_undone(&mut self) {
        let until = self.until;
        let workforce = self.workforce;
        let academy = &self.academy;
        let recent: Vec<usize> = academy
            .reviews
            .iter()
            .enumerate()
            .filter(|(_, review)| review.kind != ReviewKind::Final)
            .filter(|(_, review)| {
                workforce.academy_members.iter().any(|m| {
                    m.cohort_id() == &review.cohort_id
                        && m.worker_id() == &review.worker_id
                        && under_way(m.asye_outcome())
                        && academy
                            .asye_records
                            .iter()
                            .find(|r| {
                                r.cohort_id == review.cohort_id && r.worker_id == review.worker_id
                            })
                            .is_some_and(|r| {
                                let due = r.review_due(review.kind);
                                due < until && due >= plus(until, -100)
                            })
                        && workforce
                            .employments
                            .iter()
                            .any(|e| e.worker_id() == &review.worker_id && e.span().covers(until))
                })
            })
            .map(|(index, _)| index)
            .collect();
        let undone = recent.len().min(self.rng.between(1, 2) as usize);
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < undone {
            let index = *self.rng.pick(&recent);
            if !chosen.contains(&index) {
                chosen.push(index);
            }
        }
        chosen.sort_unstable_by(|a, b| b.cmp(a));
        for index in chosen {
            self.academy.reviews.remove(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use pathway_domain::academy::asye::DueState;
    use pathway_domain::academy::due::{DueTask, due_list};
    use pathway_domain::academy::session::{attendance_rate, completion};
    use pathway_domain::values::parse_date;

    use super::*;
    use crate::generate;

    fn options(seed: u64) -> DemoOptions {
        DemoOptions {
            councils: 2,
            seed,
            until: parse_date("2024-09-30").unwrap(),
            years: 10,
        }
    }

    fn academies(options: &DemoOptions) -> Vec<(Workforce, Academy)> {
        generate(options)
            .into_iter()
            .map(|(_, workforce)| {
                let academy = generate_academy(&workforce, options);
                (workforce, academy)
            })
            .collect()
    }

    fn is_member(
        workforce: &Workforce,
        cohort: &pathway_domain::ids::CohortId,
        worker: &WorkerId,
    ) -> bool {
        workforce
            .academy_members
            .iter()
            .any(|m| m.cohort_id() == cohort && m.worker_id() == worker)
    }

    #[test]
    fn the_same_seed_gives_the_same_academy_and_another_seed_another() {
        let first = academies(&options(5));
        assert_eq!(first, academies(&options(5)));
        assert_ne!(first, academies(&options(6)));
        // The two councils' academies differ too.
        assert_ne!(first[0].1.attendance.len(), 0);
        assert_ne!(first[0].1, first[1].1);
    }

    #[test]
    fn every_record_refers_to_a_session_and_a_member_and_nothing_is_after_the_last_day() {
        let options = options(1);
        for (workforce, academy) in academies(&options) {
            assert!(!academy.sessions.is_empty());
            for mark in &academy.attendance {
                let session = academy
                    .session(&mark.cohort_id, mark.session)
                    .unwrap_or_else(|| panic!("no session for {mark:?}"));
                assert!(session.date <= options.until, "{mark:?}");
                assert!(
                    is_member(&workforce, &mark.cohort_id, &mark.worker_id),
                    "{mark:?}"
                );
            }
            for session in academy.sessions.iter().filter(|s| s.catches_up.is_some()) {
                let original = academy
                    .session(&session.cohort_id, session.catches_up.unwrap())
                    .unwrap();
                assert!(original.date < session.date);
                assert_ne!(original.kind, SessionKind::CatchUp);
            }
            for tick in &academy.ticks {
                assert!(is_member(&workforce, &tick.cohort_id, &tick.worker_id));
                assert!(tick.done_on <= options.until);
            }
            for record in &academy.asye_records {
                assert!(is_member(&workforce, &record.cohort_id, &record.worker_id));
            }
            for review in &academy.reviews {
                assert!(is_member(&workforce, &review.cohort_id, &review.worker_id));
                assert!(review.held_on <= options.until);
            }
            for entry in &academy.log {
                assert!(is_member(&workforce, &entry.cohort_id, &entry.worker_id));
                assert!(entry.on <= options.until);
                assert_eq!(
                    entry.hours.is_some(),
                    entry.kind == LogKind::DevelopmentTime
                );
            }
        }
    }

    #[test]
    fn members_completed_in_the_workforce_are_complete_by_their_attendance() {
        let options = options(2);
        let mut checked = 0;
        for (workforce, academy) in academies(&options) {
            for member in &workforce.academy_members {
                let sessions: Vec<Session> = academy
                    .sessions_of(member.cohort_id())
                    .into_iter()
                    .cloned()
                    .collect();
                let Some(completed) = member.completed_on() else {
                    continue;
                };
                if sessions.is_empty() {
                    continue; // a cohort from before the academy kept its registers here
                }
                let marks: Vec<Attendance> = academy
                    .attendance_of(member.cohort_id())
                    .into_iter()
                    .cloned()
                    .collect();
                let done = completion(&sessions, &marks, member.worker_id(), options.until);
                assert!(
                    done.is_complete(),
                    "{member:?} completed on {completed}: {done:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 10, "only {checked} completed members checked");
    }

    #[test]
    fn every_change_passes_the_academys_own_checks() {
        let options = options(3);
        for (workforce, generated) in academies(&options) {
            let changes = academy_changes(workforce.council, &generated);
            let mut academy = Academy::default();
            for change in changes.changes {
                academy
                    .check(&workforce, &change)
                    .unwrap_or_else(|error| panic!("{change:?}: {error}"));
                academy.apply(change);
            }
            assert_eq!(academy.sessions.len(), generated.sessions.len());
            assert_eq!(academy.attendance, generated.attendance);
            assert_eq!(academy.log, generated.log);
        }
    }

    #[test]
    fn the_academy_looks_lived_in_on_the_last_day() {
        let options = options(1);
        for (workforce, academy) in academies(&options) {
            let rate = attendance_rate(&academy.attendance).unwrap();
            assert!((0.85..0.99).contains(&rate), "attendance rate {rate}");
            assert!(
                academy
                    .sessions
                    .iter()
                    .any(|s| s.kind == SessionKind::CatchUp)
            );
            assert!(academy.sessions.iter().any(|s| s.date > options.until));
            assert!(!academy.ticks.is_empty() && !academy.reviews.is_empty());
            for kind in LogKind::ALL {
                assert!(academy.log.iter().any(|e| e.kind == *kind), "no {kind}");
            }
            let due = due_list(&academy, &workforce, options.until, |_| true);
            assert!(
                due.iter()
                    .any(|item| matches!(item.task, DueTask::Review(_))
                        && item.state == DueState::Overdue),
                "{due:#?}"
            );
            // Every register of a session held is complete.
            assert!(
                !due.iter()
                    .any(|item| matches!(item.task, DueTask::Register(_))),
                "{due:#?}"
            );
        }
    }

    #[test]
    fn nothing_on_the_due_list_fell_due_long_ago() {
        for until in ["2024-09-30", "2025-06-15", "2026-01-20"] {
            let options = DemoOptions {
                councils: 3,
                until: parse_date(until).unwrap(),
                ..options(1)
            };
            for (workforce, academy) in academies(&options) {
                let due = due_list(&academy, &workforce, options.until, |_| true);
                let long_ago = plus(options.until, -100);
                assert!(
                    due.iter().all(|item| item.due >= long_ago),
                    "{until}: {due:#?}"
                );
            }
        }
    }
}
