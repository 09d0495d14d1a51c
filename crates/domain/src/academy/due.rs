//! The due and overdue list: what coordinators and team managers must see to
//! in the next fortnight, or should have seen to already.

use chrono::Days;

use crate::codes::Programme;
use crate::ids::{CohortId, WorkerId};
use crate::records::AcademyMember;
use crate::values::Date;
use crate::workforce::Workforce;

use super::Academy;
use super::asye::{DUE_SOON_DAYS, DueState, LogKind, OBSERVATIONS_NEEDED, ReviewKind, under_way};

/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueTask {
    /// The support and assessment agreement.
    Agreement,
    /// A review.
    Review(ReviewKind),
    /// The `n`th direct observation.
    Observation(u32),
    /// The next supervision.
    Supervision,
    /// A session of the cohort (its number), coming up.
    Session(u16),
    /// A session held whose register is not complete.
    Register(u16),
}

impl DueTask {
    /// The task as a person reads it.
    pub fn label(self) -> String {
        match self {
            Self::Agreement => "Support and assessment agreement".to_owned(),
            Self::Review(kind) => kind.label().to_owned(),
            Self::Observation(n) => format!("Direct observation {n} of {OBSERVATIONS_NEEDED}"),
            Self::Supervision => "Supervision".to_owned(),
            Self::Session(number) => format!("Session {number}"),
            Self::Register(number) => format!("Attendance register for session {number}"),
        }
    }
}

/// One line of the due list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    /// The cohort.
    pub cohort_id: CohortId,
    /// The member, or none for a task of the whole cohort (a session).
    pub worker_id: Option<WorkerId>,
    /// What is due.
    pub task: DueTask,
    /// When.
    pub due: Date,
    /// Due soon or overdue.
    pub state: DueState,
}

/// Everything due in the next [`DUE_SOON_DAYS`] days or overdue on `today`, for the
/// members `reaches` accepts (and the sessions of their cohorts), overdue first and
/// then by date. Members who have left the council drop off the list, and so do
/// those who left and came back after their year would have ended (returners start
/// afresh).
pub fn due_list(
    academy: &Academy,
    workforce: &Workforce,
    today: Date,
    reaches: impl Fn(&WorkerId) -> bool,
) -> Vec<DueItem> {
    let mut items = Vec::new();
    // With the council today, in an employment begun by the end of the member's year.
    let still_with_council = |member: &AcademyMember| {
        let year_end = academy.asye_record(member).year_end();
        workforce.employments.iter().any(|e| {
            e.worker_id() == member.worker_id()
                && e.span().covers(today)
                && e.span().start() <= year_end
        })
    };
    let mut add = |cohort: &CohortId, worker: Option<&WorkerId>, task, due, done| {
        let state = DueState::of(due, done, today);
        if matches!(state, DueState::DueSoon | DueState::Overdue) {
            items.push(DueItem {
                cohort_id: cohort.clone(),
                worker_id: worker.cloned(),
                task,
                due,
                state,
            });
        }
    };
    let mut cohorts_reached: Vec<&CohortId> = Vec::new();
    for member in &workforce.academy_members {
        let (cohort, worker) = (member.cohort_id(), member.worker_id());
        if !reaches(worker) || !still_with_council(member) {
            continue;
        }
        if !cohorts_reached.contains(&cohort) {
            cohorts_reached.push(cohort);
        }
        let full = workforce
            .cohorts
            .iter()
            .any(|c| &c.id == cohort && c.programme == Programme::Full);
        if !full || !under_way(member.asye_outcome()) {
            continue;
        }
        let record = academy.asye_record(member);
        let log = academy.log_of(cohort, worker);
        add(
            cohort,
            Some(worker),
            DueTask::Agreement,
            record.agreement_due(),
            record.agreement_on,
        );
        for kind in ReviewKind::ALL.iter().filter(|kind| !kind.optional()) {
            let held = academy
                .reviews
                .iter()
                .find(|r| &r.cohort_id == cohort && &r.worker_id == worker && r.kind == *kind)
                .map(|r| r.held_on);
            add(
                cohort,
                Some(worker),
                DueTask::Review(*kind),
                record.review_due(*kind),
                held,
            );
        }
        let mut observed: Vec<Date> = log
            .iter()
            .filter(|entry| entry.kind == LogKind::Observation)
            .map(|entry| entry.on)
            .collect();
        observed.sort_unstable();
        for n in 1..=OBSERVATIONS_NEEDED as u32 {
            add(
                cohort,
                Some(worker),
                DueTask::Observation(n),
                record.observation_due(n),
                observed.get(n as usize - 1).copied(),
            );
        }
        let supervision = super::asye::supervision_check(&record, &log, today);
        if supervision.next_due <= record.year_end() {
            add(
                cohort,
                Some(worker),
                DueTask::Supervision,
                supervision.next_due,
                None,
            );
        }
    }
    let horizon = today + Days::new(DUE_SOON_DAYS);
    for session in academy
        .sessions
        .iter()
        .filter(|s| cohorts_reached.contains(&&s.cohort_id))
    {
        if session.date >= today && session.date <= horizon {
            add(
                &session.cohort_id,
                None,
                DueTask::Session(session.number),
                session.date,
                None,
            );
        } else if session.date < today && session.kind != super::SessionKind::CatchUp {
            // A register is complete when every member who had joined by then, and had
            // not left the council, has a mark.
            let unmarked = workforce.academy_members.iter().any(|member| {
                member.cohort_id() == &session.cohort_id
                    && member.joined_on() <= session.date
                    && workforce.employments.iter().any(|e| {
                        e.worker_id() == member.worker_id() && e.span().covers(session.date)
                    })
                    && !academy.attendance.iter().any(|mark| {
                        mark.cohort_id == session.cohort_id
                            && mark.session == session.number
                            && &mark.worker_id == member.worker_id()
                    })
            });
            if unmarked {
                add(
                    &session.cohort_id,
                    None,
                    DueTask::Register(session.number),
                    session.date,
                    None,
                );
            }
        }
    }
    items.sort_by(|a, b| {
        (
            a.state != DueState::Overdue,
            a.due,
            &a.cohort_id,
            &a.worker_id,
            a.task,
        )
            .cmp(&(
                b.state != DueState::Overdue,
                b.due,
                &b.cohort_id,
                &b.worker_id,
                b.task,
            ))
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::academy::{Attendance, LogEntry, Mark, Review};
    use crate::codes::AsyeOutcome;
    use crate::council::CouncilCode;
    use crate::ids::EmploymentId;
    use crate::records::{AcademyMember, Cohort, Employment};
    use crate::values::Span;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn cohort() -> CohortId {
        CohortId::parse("C1").unwrap()
    }

    /// A full cohort starting on 4 March 2024 with two members, W1 and W2; W2 left on
    /// 31 May 2024.
    fn council() -> (Workforce, Academy) {
        let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
        workforce.cohorts.push(Cohort {
            id: cohort(),
            name: "March 2024".into(),
            programme: Programme::Full,
            start_date: date("2024-03-04"),
        });
        for (worker, end) in [("W1", None), ("W2", Some(date("2024-05-31")))] {
            let id = WorkerId::parse(worker).unwrap();
            let reason = end.map(|_| crate::codes::LeavingReason::parse("resignation").unwrap());
            workforce.employments.push(
                Employment::new(
                    EmploymentId::parse(&format!("E{worker}")).unwrap(),
                    id.clone(),
                    Span::new(date("2024-03-04"), end).unwrap(),
                    None,
                    reason,
                    None,
                )
                .unwrap(),
            );
            workforce.academy_members.push(
                AcademyMember::new(
                    cohort(),
                    id,
                    date("2024-03-04"),
                    None,
                    Some(AsyeOutcome::InProgress),
                )
                .unwrap(),
            );
        }
        let mut academy = Academy::default();
        academy.sessions = crate::academy::programme::layout(
            &cohort(),
            date("2024-03-04"),
            &academy.days(Programme::Full),
        );
        (workforce, academy)
    }

    fn tasks(items: &[DueItem]) -> Vec<(Option<&str>, DueTask, DueState)> {
        items
            .iter()
            .map(|item| {
                (
                    item.worker_id.as_ref().map(WorkerId::as_str),
                    item.task,
                    item.state,
                )
            })
            .collect()
    }

    #[test]
    fn the_three_month_review_is_due_soon_then_overdue_then_gone_once_held() {
        let (workforce, mut academy) = council();
        // Every register taken, and supervision and observation kept up, so only the
        // review and the agreement matter here.
        for session in academy.sessions.clone() {
            academy.attendance.push(Attendance {
                cohort_id: cohort(),
                session: session.number,
                worker_id: WorkerId::parse("W1").unwrap(),
                mark: Mark::Present,
                recorded_by: "academy".into(),
            });
        }
        let review = (Some("W1"), DueTask::Review(ReviewKind::ThreeMonth));
        let find = |academy: &Academy, today: &str| {
            let items = due_list(academy, &workforce, date(today), |_| true);
            tasks(&items)
                .into_iter()
                .find(|(who, task, _)| (*who, *task) == review)
                .map(|(_, _, state)| state)
        };
        // Due 4 June 2024: in the list from 21 May, overdue from 5 June.
        assert_eq!(find(&academy, "2024-05-20"), None);
        assert_eq!(find(&academy, "2024-05-21"), Some(DueState::DueSoon));
        assert_eq!(find(&academy, "2024-06-04"), Some(DueState::DueSoon));
        assert_eq!(find(&academy, "2024-06-05"), Some(DueState::Overdue));
        academy.reviews.push(Review {
            cohort_id: cohort(),
            worker_id: WorkerId::parse("W1").unwrap(),
            kind: ReviewKind::ThreeMonth,
            held_on: date("2024-06-06"),
            assessor: "A. Assessor".into(),
            notes: String::new(),
        });
        assert_eq!(find(&academy, "2024-06-07"), None);
    }

    #[test]
    fn leavers_drop_off_and_unreached_members_are_not_listed() {
        let (workforce, academy) = council();
        let items = due_list(&academy, &workforce, date("2024-06-10"), |_| true);
        assert!(
            items
                .iter()
                .all(|item| item.worker_id.as_ref().map(WorkerId::as_str) != Some("W2"))
        );
        assert!(
            items
                .iter()
                .any(|item| item.worker_id.as_ref().map(WorkerId::as_str) == Some("W1"))
        );
        let nobody = due_list(&academy, &workforce, date("2024-06-10"), |_| false);
        assert!(nobody.is_empty(), "{nobody:?}");
    }

    #[test]
    fn a_past_session_without_a_complete_register_is_overdue_and_coming_sessions_are_due() {
        let (workforce, academy) = council();
        let items = due_list(&academy, &workforce, date("2024-03-05"), |_| true);
        let listed = tasks(&items);
        assert!(listed.contains(&(None, DueTask::Register(1), DueState::Overdue)));
        assert!(listed.contains(&(None, DueTask::Session(2), DueState::DueSoon)));
        assert!(listed.contains(&(None, DueTask::Session(10), DueState::DueSoon)));
        // Overdue items come first.
        assert_eq!(items[0].state, DueState::Overdue);
    }

    #[test]
    fn a_member_who_left_and_came_back_after_their_year_is_not_listed() {
        let (mut workforce, academy) = council();
        // W2 left on 31 May 2024 and is back from 10 March 2025, after the year ended on 4 March.
        workforce.employments.push(
            Employment::new(
                EmploymentId::parse("EW2-again").unwrap(),
                WorkerId::parse("W2").unwrap(),
                Span::new(date("2025-03-10"), None).unwrap(),
                None,
                None,
                None,
            )
            .unwrap(),
        );
        let listed = |workforce: &Workforce, today: &str| {
            due_list(&academy, workforce, date(today), |_| true)
                .iter()
                .any(|item| item.worker_id.as_ref().map(WorkerId::as_str) == Some("W2"))
        };
        assert!(!listed(&workforce, "2025-04-01"));
        // Back within the year, their ASYE is still to be seen to.
        workforce.employments.pop();
        workforce.employments.push(
            Employment::new(
                EmploymentId::parse("EW2-again").unwrap(),
                WorkerId::parse("W2").unwrap(),
                Span::new(date("2024-09-02"), None).unwrap(),
                None,
                None,
                None,
            )
            .unwrap(),
        );
        assert!(listed(&workforce, "2024-09-10"));
    }

    #[test]
    fn a_register_needs_no_mark_for_a_member_who_had_left_by_the_session() {
        let (workforce, mut academy) = council();
        let left = date("2024-05-31");
        for session in academy.sessions.clone() {
            for worker in ["W1", "W2"] {
                if worker == "W2" && session.date > left {
                    continue;
                }
                academy.attendance.push(Attendance {
                    cohort_id: cohort(),
                    session: session.number,
                    worker_id: WorkerId::parse(worker).unwrap(),
                    mark: Mark::Present,
                    recorded_by: "academy".into(),
                });
            }
        }
        // After recall day 2 (4 September), which W2 was gone for.
        let items = due_list(&academy, &workforce, date("2024-09-10"), |_| true);
        assert!(
            !items
                .iter()
                .any(|item| matches!(item.task, DueTask::Register(_))),
            "{items:?}"
        );
    }

    #[test]
    fn supervision_falls_due_a_week_after_the_last_one_in_the_first_six_weeks() {
        let (workforce, mut academy) = council();
        academy.log.push(LogEntry {
            cohort_id: cohort(),
            worker_id: WorkerId::parse("W1").unwrap(),
            number: 1,
            kind: LogKind::Supervision,
            on: date("2024-03-11"),
            by: "Team manager".into(),
            hours: None,
            notes: String::new(),
        });
        let items = due_list(&academy, &workforce, date("2024-03-19"), |_| true);
        let supervision = items
            .iter()
            .find(|item| {
                item.task == DueTask::Supervision
                    && item.worker_id.as_ref().map(WorkerId::as_str) == Some("W1")
            })
            .unwrap();
        assert_eq!(supervision.due, date("2024-03-18"));
        assert_eq!(supervision.state, DueState::Overdue);
    }
}
