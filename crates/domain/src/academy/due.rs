//! The due and overdue list: what coordinators and team managers must see to
//! in the next fortnight, or should have seen to already.

use chrono::Days;

use crate::codes::Programme;
use crate::ids::{CohortId, WorkerId};
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
/// then by date. Members who have left the council drop off the list.
pub fn due_list(
    academy: &Academy,
    workforce: &Workforce,
    today: Date,
    reaches: impl Fn(&WorkerId) -> bool,
) -> Vec<DueItem> {
    let mut items = Vec::new();
    let employed = |worker: &WorkerId| {
        workforce
            .employments
            .iter()
            .any(|e| e.worker_id() == worker && e.span().covers(today))
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
        if !reaches(worker) || !employed(worker) {
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
            // A register is complete when every member who had joined by then has a mark.
            let unmarked = workforce.academy_members.iter().any(|member| {
                member.cohort_id() == &session.cohort_id
                    && member.joined_on() <= session.date
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
