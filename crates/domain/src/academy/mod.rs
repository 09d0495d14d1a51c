//! The social work academy beyond the bulk format's cohorts and members: the
//! programmes' templates, each cohort's sessions and attendance, the induction
//! checklist and the ASYE tracker, and the changes a coordinator makes to them.
//!
//! Cohorts and their members stay records of the workforce ([`crate::records::Cohort`],
//! [`crate::records::AcademyMember`]), so imports, exports and the measures see them;
//! this module holds what only the academy's own pages and files carry.

pub mod asye;
pub mod checklist;
pub mod due;
pub mod programme;
pub mod session;

use serde::{Deserialize, Serialize};

use crate::codes::{AsyeOutcome, Programme};
use crate::ids::{ChecklistItemId, CohortId, WorkerId};
use crate::records::AcademyMember;
use crate::workforce::Workforce;

pub use asye::{AsyeRecord, LogEntry, LogKind, ModerationDecision, Review, ReviewKind};
pub use checklist::{ChecklistItem, ChecklistTick};
pub use programme::{Delivery, ProgrammeDay};
pub use session::{Attendance, Mark, Session, SessionKind};

/// A council's settings for the academy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AcademySettings {
    /// The most cases a member in their ASYE year should hold.
    pub asye_caseload_limit: u32,
    /// The full-time working week in hours, for protected development time.
    pub weekly_hours: f64,
}

impl Default for AcademySettings {
    fn default() -> Self {
        Self {
            asye_caseload_limit: 18,
            weekly_hours: 37.0,
        }
    }
}

/// Everything of one council's academy that the bulk format does not carry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Academy {
    /// The council's settings.
    pub settings: AcademySettings,
    /// The council's programme templates; a programme with no stored days uses
    /// Pathway's default ([`programme::default_days`]).
    pub programme_days: Vec<ProgrammeDay>,
    /// Every cohort's sessions.
    pub sessions: Vec<Session>,
    /// Every register mark.
    pub attendance: Vec<Attendance>,
    /// The council's induction checklist; empty means Pathway's default.
    pub checklist_items: Vec<ChecklistItem>,
    /// Items ticked off.
    pub ticks: Vec<ChecklistTick>,
    /// ASYE records; a newly qualified member with none starts on the day they joined.
    pub asye_records: Vec<AsyeRecord>,
    /// Reviews held.
    pub reviews: Vec<Review>,
    /// Supervisions, observations, feedback, reflections and development time.
    pub log: Vec<LogEntry>,
}

/// Who an iCalendar feed is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CalendarScope {
    /// The cohort.
    pub cohort_id: CohortId,
    /// One member (their sessions and ASYE reviews), or the whole cohort's sessions.
    pub worker_id: Option<WorkerId>,
}

impl Academy {
    /// A programme's days, in number order: the council's own template, or
    /// Pathway's default when the council has not changed it.
    pub fn days(&self, programme: Programme) -> Vec<ProgrammeDay> {
        let mut own: Vec<ProgrammeDay> = self
            .programme_days
            .iter()
            .filter(|day| day.programme == programme)
            .cloned()
            .collect();
        if own.is_empty() {
            return programme::default_days(programme);
        }
        own.sort_by_key(|day| day.number);
        own
    }

    /// The induction checklist, in order: the council's own or the default.
    pub fn checklist(&self) -> Vec<ChecklistItem> {
        let mut items = if self.checklist_items.is_empty() {
            checklist::default_items()
        } else {
            self.checklist_items.clone()
        };
        items.sort_by_key(|item| item.position);
        items
    }

    /// A cohort's sessions in date order.
    pub fn sessions_of(&self, cohort: &CohortId) -> Vec<&Session> {
        let mut sessions: Vec<&Session> = self
            .sessions
            .iter()
            .filter(|s| &s.cohort_id == cohort)
            .collect();
        sessions.sort_by_key(|s| (s.date, s.starts_at, s.number));
        sessions
    }

    /// One session.
    pub fn session(&self, cohort: &CohortId, number: u16) -> Option<&Session> {
        self.sessions
            .iter()
            .find(|s| &s.cohort_id == cohort && s.number == number)
    }

    /// A cohort's register marks.
    pub fn attendance_of(&self, cohort: &CohortId) -> Vec<&Attendance> {
        self.attendance
            .iter()
            .filter(|mark| &mark.cohort_id == cohort)
            .collect()
    }

    /// A member's ASYE record: the stored one, or a new one starting on the day they
    /// joined.
    pub fn asye_record(&self, member: &AcademyMember) -> AsyeRecord {
        self.asye_records
            .iter()
            .find(|r| &r.cohort_id == member.cohort_id() && &r.worker_id == member.worker_id())
            .cloned()
            .unwrap_or_else(|| {
                AsyeRecord::starting(
                    member.cohort_id().clone(),
                    member.worker_id().clone(),
                    member.joined_on(),
                )
            })
    }

    /// A member's reviews held.
    pub fn reviews_of(&self, cohort: &CohortId, worker: &WorkerId) -> Vec<&Review> {
        self.reviews
            .iter()
            .filter(|r| &r.cohort_id == cohort && &r.worker_id == worker)
            .collect()
    }

    /// A member's ASYE log, oldest first.
    pub fn log_of(&self, cohort: &CohortId, worker: &WorkerId) -> Vec<&LogEntry> {
        let mut log: Vec<&LogEntry> = self
            .log
            .iter()
            .filter(|e| &e.cohort_id == cohort && &e.worker_id == worker)
            .collect();
        log.sort_by_key(|e| (e.on, e.number));
        log
    }

    /// The next free number in a member's log.
    pub fn next_log_number(&self, cohort: &CohortId, worker: &WorkerId) -> u32 {
        self.log_of(cohort, worker)
            .iter()
            .map(|e| e.number)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// A member's ticked checklist items.
    pub fn ticks_of(&self, cohort: &CohortId, worker: &WorkerId) -> Vec<&ChecklistTick> {
        self.ticks
            .iter()
            .filter(|t| &t.cohort_id == cohort && &t.worker_id == worker)
            .collect()
    }

    /// Checks a change against this academy and the council's workforce, without
    /// applying it.
    pub fn check(&self, workforce: &Workforce, change: &AcademyChange) -> Result<(), AcademyError> {
        let member = |cohort: &CohortId, worker: &WorkerId| {
            workforce
                .academy_members
                .iter()
                .find(|m| m.cohort_id() == cohort && m.worker_id() == worker)
                .ok_or_else(|| AcademyError::NotAMember {
                    cohort: cohort.clone(),
                    worker: worker.clone(),
                })
        };
        let newly_qualified = |cohort: &CohortId, worker: &WorkerId| {
            let member = member(cohort, worker)?;
            let full = workforce
                .cohorts
                .iter()
                .any(|c| &c.id == cohort && c.programme == Programme::Full);
            if full && member.asye_outcome() != Some(AsyeOutcome::NotApplicable) {
                Ok(member)
            } else {
                Err(AcademyError::NoAsye {
                    cohort: cohort.clone(),
                    worker: worker.clone(),
                })
            }
        };
        match change {
            AcademyChange::ReplaceProgramme { programme, days } => {
                if days.is_empty() {
                    return Err(AcademyError::EmptyProgramme);
                }
                for day in days {
                    if day.programme != *programme {
                        return Err(AcademyError::WrongProgramme(day.number));
                    }
                    day.check()
                        .map_err(|reason| AcademyError::Day(day.number, reason))?;
                }
                let mut numbers: Vec<u16> = days.iter().map(|d| d.number).collect();
                numbers.sort_unstable();
                if let Some(pair) = numbers.windows(2).find(|pair| pair[0] == pair[1]) {
                    return Err(AcademyError::DuplicateDay(pair[0]));
                }
            }
            AcademyChange::ReplaceChecklist(items) => {
                if items.is_empty() {
                    return Err(AcademyError::EmptyChecklist);
                }
                if let Some(item) = items.iter().find(|item| item.label.trim().is_empty()) {
                    return Err(AcademyError::EmptyLabel(item.id.clone()));
                }
                for (i, item) in items.iter().enumerate() {
                    if items[..i].iter().any(|other| other.id == item.id) {
                        return Err(AcademyError::DuplicateItem(item.id.clone()));
                    }
                }
            }
            AcademyChange::PutSettings(settings) => {
                if !(settings.weekly_hours > 0.0 && settings.weekly_hours <= 60.0) {
                    return Err(AcademyError::WeeklyHours(settings.weekly_hours));
                }
            }
            AcademyChange::PutSession(session) => {
                if !workforce.cohorts.iter().any(|c| c.id == session.cohort_id) {
                    return Err(AcademyError::NoCohort(session.cohort_id.clone()));
                }
                if session.ends_at <= session.starts_at {
                    return Err(AcademyError::SessionTimes(session.number));
                }
                if session.topic.trim().is_empty() {
                    return Err(AcademyError::SessionTopic(session.number));
                }
                match (session.kind, session.catches_up) {
                    (SessionKind::CatchUp, Some(original))
                        if self
                            .session(&session.cohort_id, original)
                            .is_none_or(|s| s.kind == SessionKind::CatchUp) =>
                    {
                        return Err(AcademyError::CatchUpOfWhat(original));
                    }
                    (SessionKind::CatchUp, None) => {
                        return Err(AcademyError::CatchUpMismatch(session.number));
                    }
                    (SessionKind::Induction | SessionKind::Recall, Some(_)) => {
                        return Err(AcademyError::CatchUpMismatch(session.number));
                    }
                    _ => {}
                }
            }
            AcademyChange::RemoveSession { cohort_id, number } => {
                if self.session(cohort_id, *number).is_none() {
                    return Err(AcademyError::NoSession(cohort_id.clone(), *number));
                }
                if self
                    .sessions
                    .iter()
                    .any(|s| &s.cohort_id == cohort_id && s.catches_up == Some(*number))
                {
                    return Err(AcademyError::HasCatchUps(*number));
                }
            }
            AcademyChange::PutAttendance(mark) => {
                if self.session(&mark.cohort_id, mark.session).is_none() {
                    return Err(AcademyError::NoSession(
                        mark.cohort_id.clone(),
                        mark.session,
                    ));
                }
                member(&mark.cohort_id, &mark.worker_id)?;
            }
            AcademyChange::PutTick(tick) => {
                member(&tick.cohort_id, &tick.worker_id)?;
                if !self.checklist().iter().any(|item| item.id == tick.item_id) {
                    return Err(AcademyError::NoItem(tick.item_id.clone()));
                }
            }
            AcademyChange::RemoveTick {
                cohort_id,
                worker_id,
                ..
            } => {
                member(cohort_id, worker_id)?;
            }
            AcademyChange::PutAsyeRecord(record) => {
                newly_qualified(&record.cohort_id, &record.worker_id)?;
                if let Some(extended) = record.extended_to
                    && extended <= record.starts_on
                {
                    return Err(AcademyError::ExtendedBeforeStart);
                }
            }
            AcademyChange::PutReview(review) => {
                newly_qualified(&review.cohort_id, &review.worker_id)?;
            }
            AcademyChange::PutLogEntry(entry) => {
                newly_qualified(&entry.cohort_id, &entry.worker_id)?;
                match (entry.kind, entry.hours) {
                    (LogKind::DevelopmentTime, Some(hours)) if hours > 0.0 && hours <= 24.0 => {}
                    (LogKind::DevelopmentTime, _) => return Err(AcademyError::Hours),
                    (_, Some(_)) => return Err(AcademyError::HoursOnlyForDevelopment),
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// Applies a checked change.
    pub fn apply(&mut self, change: AcademyChange) {
        match change {
            AcademyChange::ReplaceProgramme { programme, days } => {
                self.programme_days.retain(|d| d.programme != programme);
                self.programme_days.extend(days);
            }
            AcademyChange::ReplaceChecklist(items) => self.checklist_items = items,
            AcademyChange::PutSettings(settings) => self.settings = settings,
            AcademyChange::PutSession(session) => {
                put(&mut self.sessions, session, |a, b| {
                    a.cohort_id == b.cohort_id && a.number == b.number
                });
            }
            AcademyChange::RemoveSession { cohort_id, number } => {
                self.sessions
                    .retain(|s| !(s.cohort_id == cohort_id && s.number == number));
                self.attendance
                    .retain(|m| !(m.cohort_id == cohort_id && m.session == number));
            }
            AcademyChange::PutAttendance(mark) => put(&mut self.attendance, mark, |a, b| {
                a.cohort_id == b.cohort_id && a.session == b.session && a.worker_id == b.worker_id
            }),
            AcademyChange::PutTick(tick) => put(&mut self.ticks, tick, |a, b| {
                a.cohort_id == b.cohort_id && a.worker_id == b.worker_id && a.item_id == b.item_id
            }),
            AcademyChange::RemoveTick {
                cohort_id,
                worker_id,
                item_id,
            } => self.ticks.retain(|t| {
                !(t.cohort_id == cohort_id && t.worker_id == worker_id && t.item_id == item_id)
            }),
            AcademyChange::PutAsyeRecord(record) => put(&mut self.asye_records, record, |a, b| {
                a.cohort_id == b.cohort_id && a.worker_id == b.worker_id
            }),
            AcademyChange::PutReview(review) => put(&mut self.reviews, review, |a, b| {
                a.cohort_id == b.cohort_id && a.worker_id == b.worker_id && a.kind == b.kind
            }),
            AcademyChange::PutLogEntry(entry) => put(&mut self.log, entry, |a, b| {
                a.cohort_id == b.cohort_id && a.worker_id == b.worker_id && a.number == b.number
            }),
        }
    }
}

/// Replaces the record with the same key, or adds it.
fn put<T>(records: &mut Vec<T>, record: T, same_key: impl Fn(&T, &T) -> bool) {
    match records.iter_mut().find(|stored| same_key(stored, &record)) {
        Some(stored) => *stored = record,
        None => records.push(record),
    }
}

/// One change to a council's academy. A store writes each as an upsert (or delete)
/// by the record's key.
#[derive(Debug, Clone, PartialEq)]
pub enum AcademyChange {
    /// Replaces a programme's whole template.
    ReplaceProgramme {
        /// Which programme.
        programme: Programme,
        /// Its days.
        days: Vec<ProgrammeDay>,
    },
    /// Replaces the induction checklist.
    ReplaceChecklist(Vec<ChecklistItem>),
    /// Changes the settings.
    PutSettings(AcademySettings),
    /// Adds a session or changes one (moving it moves it in every member's calendar).
    PutSession(Session),
    /// Removes a session and its register.
    RemoveSession {
        /// The cohort.
        cohort_id: CohortId,
        /// The session's number.
        number: u16,
    },
    /// Records or corrects a register mark.
    PutAttendance(Attendance),
    /// Ticks off a checklist item.
    PutTick(ChecklistTick),
    /// Unticks a checklist item.
    RemoveTick {
        /// The cohort.
        cohort_id: CohortId,
        /// The member.
        worker_id: WorkerId,
        /// The item.
        item_id: ChecklistItemId,
    },
    /// Records or changes a member's ASYE record.
    PutAsyeRecord(AsyeRecord),
    /// Records or corrects a review.
    PutReview(Review),
    /// Adds or corrects an entry of the ASYE log.
    PutLogEntry(LogEntry),
}

/// A council's academy changes, for a store to write with the rest of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct AcademyChanges {
    /// The council.
    pub council: crate::CouncilCode,
    /// The changes, in order.
    pub changes: Vec<AcademyChange>,
}

/// Why an academy change cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AcademyError {
    /// No such cohort.
    #[error("there is no cohort {0}")]
    NoCohort(CohortId),
    /// The person is not a member of the cohort.
    #[error("worker {worker} is not a member of cohort {cohort}")]
    NotAMember {
        /// The cohort.
        cohort: CohortId,
        /// The person.
        worker: WorkerId,
    },
    /// The member has no ASYE (an experienced starter, or marked not applicable).
    #[error(
        "worker {worker} has no ASYE in cohort {cohort}: the cohort is not a full programme or their ASYE is not applicable"
    )]
    NoAsye {
        /// The cohort.
        cohort: CohortId,
        /// The person.
        worker: WorkerId,
    },
    /// No such session.
    #[error("cohort {0} has no session {1}")]
    NoSession(CohortId, u16),
    /// A session ends before it starts.
    #[error("session {0} must end after it starts")]
    SessionTimes(u16),
    /// A session needs a topic.
    #[error("session {0} needs a topic")]
    SessionTopic(u16),
    /// A catch-up must name the session it makes up for, and only a catch-up may.
    #[error("session {0}: a catch-up names the session it makes up for, and only a catch-up does")]
    CatchUpMismatch(u16),
    /// A catch-up names a session that is not there or is itself a catch-up.
    #[error("there is no induction or recall session {0} to catch up")]
    CatchUpOfWhat(u16),
    /// A session with catch-ups cannot be removed.
    #[error("session {0} has catch-up sessions: remove them first")]
    HasCatchUps(u16),
    /// A programme needs at least one day.
    #[error("a programme needs at least one day")]
    EmptyProgramme,
    /// A day belongs to another programme.
    #[error("day {0} belongs to another programme")]
    WrongProgramme(u16),
    /// A day is not valid.
    #[error("day {0}: {1}")]
    Day(u16, programme::ProgrammeDayError),
    /// Two days share a number.
    #[error("two days are numbered {0}")]
    DuplicateDay(u16),
    /// The checklist needs at least one item.
    #[error("the checklist needs at least one item")]
    EmptyChecklist,
    /// A checklist item needs a label.
    #[error("checklist item {0} needs a label")]
    EmptyLabel(ChecklistItemId),
    /// Two checklist items share an ID.
    #[error("two checklist items are called {0}")]
    DuplicateItem(ChecklistItemId),
    /// No such checklist item.
    #[error("there is no checklist item {0}")]
    NoItem(ChecklistItemId),
    /// The weekly hours are out of range.
    #[error("the working week must be more than 0 and at most 60 hours, not {0}")]
    WeeklyHours(f64),
    /// An extended final date must come after the start.
    #[error("the extended final review date must be after the ASYE started")]
    ExtendedBeforeStart,
    /// Development time needs its hours.
    #[error("protected development time needs its hours: more than 0 and at most 24")]
    Hours,
    /// Only development time has hours.
    #[error("only protected development time records hours")]
    HoursOnlyForDevelopment,
}
