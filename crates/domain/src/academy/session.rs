//! A cohort's sessions, the attendance register, and each member's completion.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::ids::{CohortId, WorkerId};
use crate::values::Date;

use super::programme::Delivery;

code_enum! {
    /// What a session is for.
    SessionKind {
        /// A day of the induction.
        Induction = "induction",
        /// A recall day during the first year.
        Recall = "recall",
        /// A catch-up for members who missed a session.
        CatchUp = "catch_up",
    }
}

code_enum! {
    /// A member's mark in a session's register.
    Mark {
        /// They attended.
        Present = "present",
        /// They did not attend.
        Absent = "absent",
        /// They did not attend, with leave (illness, annual leave, court).
        Excused = "excused",
    }
}

/// One session in a cohort's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The cohort.
    pub cohort_id: CohortId,
    /// Its number in the cohort, from 1; catch-ups take the next free number.
    pub number: u16,
    /// Induction, recall or catch-up.
    pub kind: SessionKind,
    /// The day it is held.
    pub date: Date,
    /// When it starts, London time.
    pub starts_at: NaiveTime,
    /// When it ends, London time.
    pub ends_at: NaiveTime,
    /// What it covers.
    pub topic: String,
    /// Face to face or online.
    pub delivery: Delivery,
    /// Where.
    pub venue: String,
    /// Who runs it.
    pub facilitator: String,
    /// Whether members must attend it (or its catch-up) to complete.
    pub required: bool,
    /// For a catch-up: the number of the session it makes up for.
    pub catches_up: Option<u16>,
}

/// One member's mark for one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// The cohort.
    pub cohort_id: CohortId,
    /// The session's number.
    pub session: u16,
    /// The member.
    pub worker_id: WorkerId,
    /// Present, absent or excused.
    pub mark: Mark,
    /// Who took the register.
    pub recorded_by: String,
}

/// Where a member stands with the cohort's required sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Required sessions of the cohort.
    pub required: usize,
    /// Required sessions attended, in person or by catch-up.
    pub covered: usize,
    /// Required sessions held (on or before the date asked about) and not yet
    /// attended: these need a catch-up.
    pub missed: Vec<u16>,
    /// The day the last required session was covered, when all are.
    pub completed_on: Option<Date>,
}

impl Completion {
    /// Whether every required session is attended or caught up.
    pub fn is_complete(&self) -> bool {
        self.completed_on.is_some()
    }
}

/// A member's completion of a cohort's sessions, as at `today`.
pub fn completion(
    sessions: &[Session],
    attendance: &[Attendance],
    worker: &WorkerId,
    today: Date,
) -> Completion {
    let present_at = |number: u16| {
        attendance.iter().any(|mark| {
            mark.session == number && &mark.worker_id == worker && mark.mark == Mark::Present
        })
    };
    let mut required = 0;
    let mut covered = 0;
    let mut missed = Vec::new();
    let mut last_covered: Option<Date> = None;
    for session in sessions
        .iter()
        .filter(|s| s.required && s.kind != SessionKind::CatchUp)
    {
        required += 1;
        // Covered on the session's own day, or on the earliest catch-up attended.
        let covered_on = if present_at(session.number) {
            Some(session.date)
        } else {
            sessions
                .iter()
                .filter(|c| c.catches_up == Some(session.number) && present_at(c.number))
                .map(|c| c.date)
                .min()
        };
        match covered_on {
            Some(day) => {
                covered += 1;
                last_covered = last_covered.max(Some(day));
            }
            None if session.date <= today => missed.push(session.number),
            None => {}
        }
    }
    Completion {
        required,
        covered,
        missed,
        completed_on: if covered == required && required > 0 {
            last_covered
        } else {
            None
        },
    }
}

/// Present marks as a share of present and absent marks, or `None` before any
/// register is taken. Excused absences are left out: the member had leave.
pub fn attendance_rate<'a>(marks: impl IntoIterator<Item = &'a Attendance>) -> Option<f64> {
    let (present, counted) = marks
        .into_iter()
        .fold((0u32, 0u32), |(present, counted), mark| match mark.mark {
            Mark::Present => (present + 1, counted + 1),
            Mark::Absent => (present, counted + 1),
            Mark::Excused => (present, counted),
        });
    (counted > 0).then(|| f64::from(present) / f64::from(counted))
}

/// The next free session number of a cohort.
pub fn next_number(sessions: &[Session]) -> u16 {
    sessions.iter().map(|s| s.number).max().unwrap_or(0) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(number: u16, date: &str, catches_up: Option<u16>) -> Session {
        Session {
            cohort_id: CohortId::parse("C1").unwrap(),
            number,
            kind: if catches_up.is_some() {
                SessionKind::CatchUp
            } else {
                SessionKind::Induction
            },
            date: date.parse().unwrap(),
            starts_at: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
            ends_at: NaiveTime::from_hms_opt(16, 30, 0).unwrap(),
            topic: format!("Day {number}"),
            delivery: Delivery::FaceToFace,
            venue: "Room 1".into(),
            facilitator: "Academy team".into(),
            required: catches_up.is_none(),
            catches_up,
        }
    }

    fn mark(number: u16, worker: &str, mark: Mark) -> Attendance {
        Attendance {
            cohort_id: CohortId::parse("C1").unwrap(),
            session: number,
            worker_id: WorkerId::parse(worker).unwrap(),
            mark,
            recorded_by: "academy@example".into(),
        }
    }

    #[test]
    fn a_member_completes_when_every_required_session_is_attended_or_caught_up() {
        let sessions = vec![
            session(1, "2024-03-04", None),
            session(2, "2024-03-05", None),
            session(3, "2024-03-20", Some(2)),
        ];
        let worker = WorkerId::parse("W1").unwrap();
        let today = "2024-04-01".parse().unwrap();
        let mut marks = vec![mark(1, "W1", Mark::Present), mark(2, "W1", Mark::Excused)];
        let before = completion(&sessions, &marks, &worker, today);
        assert_eq!(before.missed, vec![2]);
        assert!(!before.is_complete());
        marks.push(mark(3, "W1", Mark::Present));
        let after = completion(&sessions, &marks, &worker, today);
        assert_eq!(after.completed_on, Some("2024-03-20".parse().unwrap()));
        assert_eq!((after.required, after.covered), (2, 2));
    }

    #[test]
    fn sessions_still_to_come_are_not_missed() {
        let sessions = vec![
            session(1, "2024-03-04", None),
            session(2, "2024-06-03", None),
        ];
        let worker = WorkerId::parse("W1").unwrap();
        let done = completion(
            &sessions,
            &[mark(1, "W1", Mark::Present)],
            &worker,
            "2024-04-01".parse().unwrap(),
        );
        assert!(done.missed.is_empty());
        assert!(!done.is_complete());
    }

    #[test]
    fn the_attendance_rate_leaves_out_excused_absences() {
        let marks = [
            mark(1, "W1", Mark::Present),
            mark(1, "W2", Mark::Absent),
            mark(1, "W3", Mark::Excused),
            mark(2, "W1", Mark::Present),
        ];
        assert_eq!(attendance_rate(&marks), Some(2.0 / 3.0));
        assert_eq!(attendance_rate(&[]), None);
    }
}
