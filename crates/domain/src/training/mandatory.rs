//! Mandatory training: where each worker in post stands with each mandatory course on
//! a date, and who needs reminding.

use std::collections::HashMap;

use serde::Serialize;

use crate::ids::{EmploymentId, TeamId, WorkerId};
use crate::values::Date;
use crate::workforce::Workforce;

use super::{BookingStatus, Course, CourseId, Training};

/// Where a worker stands with one mandatory course on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MandatoryStatus {
    /// Completed and valid for longer than the reminder window (or for good).
    Current {
        /// The latest completion.
        completed_on: Date,
        /// The day it stops counting, if it does.
        expires_on: Option<Date>,
    },
    /// Completed, and expiring within the reminder window.
    DueSoon {
        /// The latest completion.
        completed_on: Date,
        /// The day it stops counting.
        expires_on: Date,
    },
    /// The latest completion stopped counting on or before the date.
    Expired {
        /// The latest completion.
        completed_on: Date,
        /// The day it stopped counting.
        expires_on: Date,
    },
    /// Never completed.
    NeverDone,
}

impl MandatoryStatus {
    /// The status as the API and files spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Current { .. } => "current",
            Self::DueSoon { .. } => "due_soon",
            Self::Expired { .. } => "expired",
            Self::NeverDone => "never_done",
        }
    }

    /// The status as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Current { .. } => "Current",
            Self::DueSoon { .. } => "Due soon",
            Self::Expired { .. } => "Expired",
            Self::NeverDone => "Never done",
        }
    }

    /// The day it expires or expired, if it does.
    pub fn expires_on(self) -> Option<Date> {
        match self {
            Self::Current { expires_on, .. } => expires_on,
            Self::DueSoon { expires_on, .. } | Self::Expired { expires_on, .. } => Some(expires_on),
            Self::NeverDone => None,
        }
    }

    /// The latest completion, if any.
    pub fn completed_on(self) -> Option<Date> {
        match self {
            Self::Current { completed_on, .. }
            | Self::DueSoon { completed_on, .. }
            | Self::Expired { completed_on, .. } => Some(completed_on),
            Self::NeverDone => None,
        }
    }

    /// Whether the worker needs reminding: due soon or expired.
    pub fn needs_reminder(self) -> bool {
        matches!(self, Self::DueSoon { .. } | Self::Expired { .. })
    }
}

/// A worker's status on one mandatory course on `date`, from their latest completion
/// on or before it. A completion lasts until the day before it expires; from
/// `within_days` before that day it is due soon; on the day itself it is expired.
pub fn status(
    training: &Training,
    course: &CourseId,
    worker: &WorkerId,
    date: Date,
    within_days: u32,
) -> MandatoryStatus {
    let Some(course) = training.course(course) else {
        return MandatoryStatus::NeverDone;
    };
    let latest = training
        .completions_of(&course.id, worker)
        .into_iter()
        .filter(|on| *on <= date)
        .max();
    status_of(course, latest, date, within_days)
}

/// The status given the latest completion on or before `date`, if any.
fn status_of(
    course: &Course,
    latest: Option<Date>,
    date: Date,
    within_days: u32,
) -> MandatoryStatus {
    let Some(completed_on) = latest else {
        return MandatoryStatus::NeverDone;
    };
    match course.expires_on(completed_on) {
        None => MandatoryStatus::Current {
            completed_on,
            expires_on: None,
        },
        Some(expires_on) if expires_on <= date => MandatoryStatus::Expired {
            completed_on,
            expires_on,
        },
        Some(expires_on) if (expires_on - date).num_days() <= i64::from(within_days) => {
            MandatoryStatus::DueSoon {
                completed_on,
                expires_on,
            }
        }
        Some(expires_on) => MandatoryStatus::Current {
            completed_on,
            expires_on: Some(expires_on),
        },
    }
}

/// Everyone's latest completion of each course on or before `date`, in one pass over
/// the bookings and completions (the matrix asks for every worker and course).
fn latest_completions(training: &Training, date: Date) -> HashMap<(&CourseId, &WorkerId), Date> {
    let days: HashMap<(&CourseId, u16), Date> = training
        .dates
        .iter()
        .map(|d| ((&d.course_id, d.number), d.date))
        .collect();
    let attended = training
        .bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Attended)
        .filter_map(|b| {
            let on = b
                .completed_on
                .or_else(|| days.get(&(&b.course_id, b.number)).copied())?;
            Some(((&b.course_id, &b.worker_id), on))
        });
    let completed = training
        .completions
        .iter()
        .map(|c| ((&c.course_id, &c.worker_id), c.completed_on));
    let mut latest: HashMap<(&CourseId, &WorkerId), Date> = HashMap::new();
    for (key, on) in attended.chain(completed).filter(|(_, on)| *on <= date) {
        latest
            .entry(key)
            .and_modify(|day| *day = (*day).max(on))
            .or_insert(on);
    }
    latest
}

/// One worker in post and one mandatory course.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    /// The worker.
    pub worker_id: WorkerId,
    /// Their name, given then family.
    pub name: String,
    /// Their team on the date, if their assignment names one.
    pub team_id: Option<TeamId>,
    /// The course.
    pub course_id: CourseId,
    /// Where they stand.
    pub status: MandatoryStatus,
}

/// A worker in post on `date`, with their team then.
pub fn in_post(workforce: &Workforce, date: Date) -> Vec<(WorkerId, String, Option<TeamId>)> {
    let workers: HashMap<&WorkerId, &crate::records::Worker> =
        workforce.workers.iter().map(|w| (&w.id, w)).collect();
    let mut teams: HashMap<&EmploymentId, &TeamId> = HashMap::new();
    for assignment in workforce.assignments.iter().filter(|a| a.span.covers(date)) {
        if let Some(team) = &assignment.team_id {
            teams.entry(&assignment.employment_id).or_insert(team);
        }
    }
    let mut people: Vec<(WorkerId, String, Option<TeamId>)> = workforce
        .employments
        .iter()
        .filter(|e| e.span().covers(date))
        .filter_map(|e| {
            let worker = workers.get(e.worker_id())?;
            Some((
                worker.id.clone(),
                format!("{} {}", worker.given_name, worker.family_name),
                teams.get(e.id()).map(|&team| team.clone()),
            ))
        })
        .collect();
    people.sort_by(|a, b| a.0.cmp(&b.0));
    people.dedup_by(|a, b| a.0 == b.0);
    people
}

/// Every worker in post on `date` against every mandatory course, by worker then
/// course.
pub fn mandatory_matrix(
    workforce: &Workforce,
    training: &Training,
    date: Date,
    within_days: u32,
) -> Vec<StatusRow> {
    let mut courses: Vec<&super::Course> =
        training.courses.iter().filter(|c| c.mandatory).collect();
    courses.sort_by(|a, b| a.id.cmp(&b.id));
    let latest = latest_completions(training, date);
    in_post(workforce, date)
        .into_iter()
        .flat_map(|(worker_id, name, team_id)| {
            courses
                .iter()
                .map(|course| StatusRow {
                    status: status_of(
                        course,
                        latest.get(&(&course.id, &worker_id)).copied(),
                        date,
                        within_days,
                    ),
                    worker_id: worker_id.clone(),
                    name: name.clone(),
                    team_id: team_id.clone(),
                    course_id: course.id.clone(),
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A line of the reminder list.
pub type Reminder = StatusRow;

/// Who is due soon or expired on `date`, by team (no team last), then expiry, then
/// worker.
pub fn reminders(
    workforce: &Workforce,
    training: &Training,
    date: Date,
    within_days: u32,
) -> Vec<Reminder> {
    let mut rows: Vec<Reminder> = mandatory_matrix(workforce, training, date, within_days)
        .into_iter()
        .filter(|row| row.status.needs_reminder())
        .collect();
    rows.sort_by(|a, b| {
        (
            a.team_id.is_none(),
            &a.team_id,
            a.status.expires_on(),
            &a.worker_id,
        )
            .cmp(&(
                b.team_id.is_none(),
                &b.team_id,
                b.status.expires_on(),
                &b.worker_id,
            ))
    });
    rows
}

/// How many of a group are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Compliance {
    /// Current.
    pub current: usize,
    /// Due soon (still valid).
    pub due_soon: usize,
    /// Expired.
    pub expired: usize,
    /// Never done.
    pub never_done: usize,
}

impl Compliance {
    /// Counts a set of rows.
    pub fn of<'r>(rows: impl IntoIterator<Item = &'r StatusRow>) -> Self {
        let mut counts = Self::default();
        for row in rows {
            match row.status {
                MandatoryStatus::Current { .. } => counts.current += 1,
                MandatoryStatus::DueSoon { .. } => counts.due_soon += 1,
                MandatoryStatus::Expired { .. } => counts.expired += 1,
                MandatoryStatus::NeverDone => counts.never_done += 1,
            }
        }
        counts
    }

    /// Everyone counted.
    pub fn total(self) -> usize {
        self.current + self.due_soon + self.expired + self.never_done
    }

    /// The share valid on the date (current or due soon), as a whole percentage; none
    /// for an empty group.
    pub fn percent_valid(self) -> Option<u32> {
        let total = self.total();
        (total > 0).then(|| {
            (((self.current + self.due_soon) as f64 / total as f64) * 100.0).round() as u32
        })
    }
}

/// The reminder list as CSV for councils' own email scripts: a header and one line
/// per worker and course, with team and course names.
pub fn reminders_csv(rows: &[Reminder], workforce: &Workforce, training: &Training) -> String {
    fn cell(text: &str) -> String {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    }
    let mut csv = String::from(
        "team_id,team,worker_id,name,course_id,course,status,completed_on,expires_on\n",
    );
    for row in rows {
        let team = row
            .team_id
            .as_ref()
            .and_then(|id| workforce.teams.iter().find(|t| &t.id == id))
            .map_or("", |t| t.name.as_str());
        let course = training
            .course(&row.course_id)
            .map_or("", |c| c.title.as_str());
        let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let line = [
            row.team_id.as_ref().map_or("", |t| t.as_str()).to_owned(),
            team.to_owned(),
            row.worker_id.to_string(),
            row.name.clone(),
            row.course_id.to_string(),
            course.to_owned(),
            row.status.as_str().to_owned(),
            date(row.status.completed_on()),
            date(row.status.expires_on()),
        ]
        .iter()
        .map(|c| cell(c))
        .collect::<Vec<_>>()
        .join(",");
        csv.push_str(&line);
        csv.push('\n');
    }
    csv
}
