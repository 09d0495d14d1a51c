//! Training beyond the academy and the skills register: courses (face to face or
//! online), their dates, bookings and attendance, completions, mandatory training with
//! its expiry and reminders, and the skills people bring.
//!
//! British Sign Language and other languages stay on the worker record
//! ([`crate::records::Worker`]): the register shows them from there, so there is one
//! place to change them. Specialisms and other skills live here.

pub mod mandatory;
pub mod skills;

use std::fmt;

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::ids::{IdError, TeamId, WorkerId};
use crate::values::Date;
use crate::workforce::Workforce;

pub use mandatory::{MandatoryStatus, Reminder, StatusRow, mandatory_matrix, reminders};
pub use skills::{Skill, SkillKind, SkillSearch, SkillSource, SkillsFound, search_skills};

/// A course's ID, such as `SAFEGUARD`: the council's own, unique within it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CourseId(String);

impl CourseId {
    /// Parses an ID with the same rules as every other ID: trimmed, non-empty, short,
    /// on one line.
    pub fn parse(text: &str) -> Result<Self, IdError> {
        TeamId::parse(text).map(|id| Self(id.as_str().to_owned()))
    }

    /// The ID as the council wrote it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CourseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CourseId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CourseId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

code_enum! {
    /// How a course is delivered.
    CourseMode {
        /// In a room, with a trainer.
        FaceToFace = "face_to_face",
        /// Online, live or at the learner's own pace.
        Online = "online",
    }
}

impl CourseMode {
    /// As a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::FaceToFace => "Face to face",
            Self::Online => "Online",
        }
    }
}

code_enum! {
    /// A domain of the Professional Capabilities Framework, which a course develops.
    PcfDomain {
        /// Professionalism.
        Professionalism = "professionalism",
        /// Values and ethics.
        ValuesAndEthics = "values_and_ethics",
        /// Diversity and equality.
        DiversityAndEquality = "diversity_and_equality",
        /// Rights, justice and economic wellbeing.
        RightsAndJustice = "rights_justice_economic_wellbeing",
        /// Knowledge.
        Knowledge = "knowledge",
        /// Critical reflection and analysis.
        CriticalReflection = "critical_reflection_analysis",
        /// Skills and interventions.
        SkillsAndInterventions = "skills_and_interventions",
        /// Contexts and organisations.
        ContextsAndOrganisations = "contexts_and_organisations",
        /// Professional leadership.
        ProfessionalLeadership = "professional_leadership",
    }
}

impl PcfDomain {
    /// As the framework names it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Professionalism => "Professionalism",
            Self::ValuesAndEthics => "Values and ethics",
            Self::DiversityAndEquality => "Diversity and equality",
            Self::RightsAndJustice => "Rights, justice and economic wellbeing",
            Self::Knowledge => "Knowledge",
            Self::CriticalReflection => "Critical reflection and analysis",
            Self::SkillsAndInterventions => "Skills and interventions",
            Self::ContextsAndOrganisations => "Contexts and organisations",
            Self::ProfessionalLeadership => "Professional leadership",
        }
    }
}

code_enum! {
    /// Where a booking on a course date stands.
    BookingStatus {
        /// Booked, not yet held or not yet marked.
        Booked = "booked",
        /// They attended: the course is completed.
        Attended = "attended",
        /// They were booked and did not come.
        DidNotAttend = "did_not_attend",
        /// The booking was cancelled beforehand.
        Cancelled = "cancelled",
    }
}

impl BookingStatus {
    /// As a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Booked => "Booked",
            Self::Attended => "Attended",
            Self::DidNotAttend => "Did not attend",
            Self::Cancelled => "Cancelled",
        }
    }
}

/// A course beyond the academy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// The council's ID for it.
    pub id: CourseId,
    /// Its title.
    pub title: String,
    /// Face to face or online.
    pub mode: CourseMode,
    /// Who runs it (the council's own trainers, a partner, a university).
    pub provider: String,
    /// How long it takes, in hours.
    pub hours: f64,
    /// What it covers.
    pub description: String,
    /// Whether every worker in post must have completed it.
    pub mandatory: bool,
    /// For mandatory training: how many months a completion stays valid (36 for a
    /// safeguarding refresher); none means once is enough.
    pub valid_for_months: Option<u32>,
    /// The domains of the Professional Capabilities Framework it develops.
    pub pcf_domains: Vec<PcfDomain>,
}

impl Course {
    /// The day a completion on `completed_on` stops counting: `valid_for_months`
    /// later (the last day of a shorter month when the day does not exist), or never.
    pub fn expires_on(&self, completed_on: Date) -> Option<Date> {
        let months = self.valid_for_months?;
        completed_on.checked_add_months(chrono::Months::new(months))
    }
}

/// One date a course is held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseDate {
    /// The course.
    pub course_id: CourseId,
    /// Its number within the course, from 1.
    pub number: u16,
    /// The day.
    pub date: Date,
    /// When it starts, London time.
    pub starts_at: NaiveTime,
    /// When it ends, London time.
    pub ends_at: NaiveTime,
    /// Where: a room and building, or `online`.
    pub place: String,
    /// How many may book.
    pub capacity: u32,
}

/// A worker's booking on a course date, and whether they came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    /// The course.
    pub course_id: CourseId,
    /// The date's number.
    pub number: u16,
    /// Who.
    pub worker_id: WorkerId,
    /// Booked, attended, did not attend or cancelled.
    pub status: BookingStatus,
    /// For an attendance: the day the course was completed (the course date's day
    /// unless recorded otherwise).
    pub completed_on: Option<Date>,
}

/// A course completed without a course date, as an online course done at one's own
/// pace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// The course.
    pub course_id: CourseId,
    /// Who.
    pub worker_id: WorkerId,
    /// The day they completed it.
    pub completed_on: Date,
}

/// A council's training settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingSettings {
    /// How many days before mandatory training expires it shows as due soon.
    pub reminder_days: u32,
}

impl Default for TrainingSettings {
    fn default() -> Self {
        Self { reminder_days: 60 }
    }
}

/// One council's courses, dates, bookings, completions and recorded skills.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Training {
    /// The settings.
    pub settings: TrainingSettings,
    /// Courses.
    pub courses: Vec<Course>,
    /// Course dates.
    pub dates: Vec<CourseDate>,
    /// Bookings and attendance.
    pub bookings: Vec<Booking>,
    /// Completions without a course date.
    pub completions: Vec<Completion>,
    /// Specialisms and other skills (not BSL or languages: those are on the worker
    /// record).
    pub skills: Vec<Skill>,
}

impl Training {
    /// One course.
    pub fn course(&self, id: &CourseId) -> Option<&Course> {
        self.courses.iter().find(|c| &c.id == id)
    }

    /// A course's dates, in date order.
    pub fn dates_of(&self, course: &CourseId) -> Vec<&CourseDate> {
        let mut dates: Vec<&CourseDate> = self
            .dates
            .iter()
            .filter(|d| &d.course_id == course)
            .collect();
        dates.sort_by_key(|d| (d.date, d.starts_at, d.number));
        dates
    }

    /// One course date.
    pub fn date(&self, course: &CourseId, number: u16) -> Option<&CourseDate> {
        self.dates
            .iter()
            .find(|d| &d.course_id == course && d.number == number)
    }

    /// The bookings on one course date.
    pub fn bookings_on(&self, course: &CourseId, number: u16) -> Vec<&Booking> {
        self.bookings
            .iter()
            .filter(|b| &b.course_id == course && b.number == number)
            .collect()
    }

    /// The next free date number of a course.
    pub fn next_date_number(&self, course: &CourseId) -> u16 {
        self.dates
            .iter()
            .filter(|d| &d.course_id == course)
            .map(|d| d.number)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Every completion of a course by a worker, from attendances and from
    /// completions without a date, oldest first.
    pub fn completions_of(&self, course: &CourseId, worker: &WorkerId) -> Vec<Date> {
        let mut days: Vec<Date> = self
            .bookings
            .iter()
            .filter(|b| {
                &b.course_id == course
                    && &b.worker_id == worker
                    && b.status == BookingStatus::Attended
            })
            .filter_map(|b| {
                b.completed_on
                    .or_else(|| self.date(&b.course_id, b.number).map(|d| d.date))
            })
            .chain(
                self.completions
                    .iter()
                    .filter(|c| &c.course_id == course && &c.worker_id == worker)
                    .map(|c| c.completed_on),
            )
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// A worker's training record: every course they booked or completed, with the
    /// day, newest first.
    pub fn record_of(&self, worker: &WorkerId) -> Vec<RecordLine> {
        let mut lines: Vec<RecordLine> = self
            .bookings
            .iter()
            .filter(|b| &b.worker_id == worker)
            .map(|b| RecordLine {
                course_id: b.course_id.clone(),
                number: Some(b.number),
                on: b
                    .completed_on
                    .or_else(|| self.date(&b.course_id, b.number).map(|d| d.date)),
                status: b.status,
            })
            .chain(
                self.completions
                    .iter()
                    .filter(|c| &c.worker_id == worker)
                    .map(|c| RecordLine {
                        course_id: c.course_id.clone(),
                        number: None,
                        on: Some(c.completed_on),
                        status: BookingStatus::Attended,
                    }),
            )
            .collect();
        lines.sort_by(|a, b| b.on.cmp(&a.on).then(a.course_id.cmp(&b.course_id)));
        lines
    }

    /// The stored skills of a worker, in number order.
    pub fn skills_of(&self, worker: &WorkerId) -> Vec<&Skill> {
        let mut skills: Vec<&Skill> = self
            .skills
            .iter()
            .filter(|s| &s.worker_id == worker)
            .collect();
        skills.sort_by_key(|s| s.number);
        skills
    }

    /// Checks a change against this training record and the council's workforce,
    /// without applying it.
    pub fn check(
        &self,
        workforce: &Workforce,
        change: &TrainingChange,
    ) -> Result<(), TrainingError> {
        let worker = |id: &WorkerId| {
            if workforce.workers.iter().any(|w| &w.id == id) {
                Ok(())
            } else {
                Err(TrainingError::NoWorker(id.clone()))
            }
        };
        let course = |id: &CourseId| {
            self.course(id)
                .ok_or_else(|| TrainingError::NoCourse(id.clone()))
        };
        match change {
            TrainingChange::PutSettings(settings) => {
                if settings.reminder_days == 0 || settings.reminder_days > 366 {
                    return Err(TrainingError::ReminderDays(settings.reminder_days));
                }
            }
            TrainingChange::PutCourse(c) => {
                if c.title.trim().is_empty() {
                    return Err(TrainingError::Title(c.id.clone()));
                }
                if !(c.hours > 0.0 && c.hours <= 1000.0) {
                    return Err(TrainingError::Hours(c.id.clone()));
                }
                match c.valid_for_months {
                    Some(_) if !c.mandatory => {
                        return Err(TrainingError::ValidityNotMandatory(c.id.clone()));
                    }
                    Some(0) => return Err(TrainingError::ValidMonths(c.id.clone())),
                    Some(months) if months > 240 => {
                        return Err(TrainingError::ValidMonths(c.id.clone()));
                    }
                    _ => {}
                }
            }
            TrainingChange::PutDate(d) => {
                course(&d.course_id)?;
                if d.number == 0 {
                    return Err(TrainingError::DateNumber(d.course_id.clone()));
                }
                if d.ends_at <= d.starts_at {
                    return Err(TrainingError::Times(d.course_id.clone(), d.number));
                }
                if d.place.trim().is_empty() {
                    return Err(TrainingError::Place(d.course_id.clone(), d.number));
                }
                if d.capacity == 0 {
                    return Err(TrainingError::Capacity(d.course_id.clone(), d.number));
                }
            }
            TrainingChange::PutBooking(b) => {
                worker(&b.worker_id)?;
                let date = self
                    .date(&b.course_id, b.number)
                    .ok_or_else(|| TrainingError::NoDate(b.course_id.clone(), b.number))?;
                match (b.status, b.completed_on) {
                    (BookingStatus::Attended, Some(on)) if on < date.date => {
                        return Err(TrainingError::CompletedBeforeDate(
                            b.course_id.clone(),
                            b.number,
                        ));
                    }
                    (BookingStatus::Attended, _) => {}
                    (_, Some(_)) => {
                        return Err(TrainingError::CompletionWithoutAttendance(
                            b.course_id.clone(),
                            b.number,
                        ));
                    }
                    _ => {}
                }
                let taken = self
                    .bookings_on(&b.course_id, b.number)
                    .iter()
                    .filter(|o| o.worker_id != b.worker_id && o.status != BookingStatus::Cancelled)
                    .count();
                if b.status != BookingStatus::Cancelled && taken as u32 >= date.capacity {
                    return Err(TrainingError::Full(b.course_id.clone(), b.number));
                }
            }
            TrainingChange::PutCompletion(c) => {
                worker(&c.worker_id)?;
                course(&c.course_id)?;
            }
            TrainingChange::RemoveCompletion(c) => {
                if !self.completions.contains(c) {
                    return Err(TrainingError::NoCompletion(
                        c.course_id.clone(),
                        c.worker_id.clone(),
                    ));
                }
            }
            TrainingChange::ReplaceSkills { worker_id, skills } => {
                worker(worker_id)?;
                for (i, skill) in skills.iter().enumerate() {
                    if &skill.worker_id != worker_id {
                        return Err(TrainingError::SkillOfAnother(skill.number));
                    }
                    if matches!(skill.kind, SkillKind::Bsl | SkillKind::Language) {
                        return Err(TrainingError::OnWorkerRecord(skill.number));
                    }
                    if skill.name.trim().is_empty() {
                        return Err(TrainingError::SkillName(skill.number));
                    }
                    if skills[..i].iter().any(|o| o.number == skill.number) {
                        return Err(TrainingError::DuplicateSkill(skill.number));
                    }
                }
            }
        }
        Ok(())
    }

    /// Applies a checked change.
    pub fn apply(&mut self, change: TrainingChange) {
        match change {
            TrainingChange::PutSettings(settings) => self.settings = settings,
            TrainingChange::PutCourse(course) => {
                put(&mut self.courses, course, |a, b| a.id == b.id)
            }
            TrainingChange::PutDate(date) => put(&mut self.dates, date, |a, b| {
                a.course_id == b.course_id && a.number == b.number
            }),
            TrainingChange::PutBooking(booking) => put(&mut self.bookings, booking, |a, b| {
                a.course_id == b.course_id && a.number == b.number && a.worker_id == b.worker_id
            }),
            TrainingChange::PutCompletion(completion) => {
                put(&mut self.completions, completion, |a, b| a == b)
            }
            TrainingChange::RemoveCompletion(completion) => {
                self.completions.retain(|c| c != &completion)
            }
            TrainingChange::ReplaceSkills { worker_id, skills } => {
                self.skills.retain(|s| s.worker_id != worker_id);
                self.skills.extend(skills);
            }
        }
    }
}

/// One line of a worker's training record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordLine {
    /// The course.
    pub course_id: CourseId,
    /// The course date booked, or none for a completion without one.
    pub number: Option<u16>,
    /// The day completed, or the course date's day.
    pub on: Option<Date>,
    /// Where the booking stands (attended for a completion).
    pub status: BookingStatus,
}

/// Replaces the record with the same key, or adds it.
fn put<T>(records: &mut Vec<T>, record: T, same_key: impl Fn(&T, &T) -> bool) {
    match records.iter_mut().find(|stored| same_key(stored, &record)) {
        Some(stored) => *stored = record,
        None => records.push(record),
    }
}

/// One change to a council's training. A store writes each as an upsert (or delete)
/// by the record's key.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainingChange {
    /// Changes the settings.
    PutSettings(TrainingSettings),
    /// Adds or changes a course.
    PutCourse(Course),
    /// Adds or changes a course date.
    PutDate(CourseDate),
    /// Books someone on a date, or records their attendance.
    PutBooking(Booking),
    /// Records a completion without a course date.
    PutCompletion(Completion),
    /// Removes a completion recorded in error.
    RemoveCompletion(Completion),
    /// Replaces a worker's specialisms and other skills.
    ReplaceSkills {
        /// The worker.
        worker_id: WorkerId,
        /// Their skills, all of them.
        skills: Vec<Skill>,
    },
}

/// A council's training changes, for a store to write with the rest of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingChanges {
    /// The council.
    pub council: crate::CouncilCode,
    /// The changes, in order.
    pub changes: Vec<TrainingChange>,
}

/// Why a training change cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainingError {
    /// No such worker.
    #[error("there is no worker {0}")]
    NoWorker(WorkerId),
    /// No such course.
    #[error("there is no course {0}")]
    NoCourse(CourseId),
    /// No such course date.
    #[error("course {0} has no date {1}")]
    NoDate(CourseId, u16),
    /// A course needs a title.
    #[error("course {0} needs a title")]
    Title(CourseId),
    /// Hours out of range.
    #[error("course {0}: hours must be more than 0 and at most 1000")]
    Hours(CourseId),
    /// Only mandatory training expires.
    #[error("course {0}: only a mandatory course has months of validity")]
    ValidityNotMandatory(CourseId),
    /// Months of validity out of range.
    #[error("course {0}: months of validity must be from 1 to 240")]
    ValidMonths(CourseId),
    /// Date numbers start at 1.
    #[error("course {0}: date numbers start at 1")]
    DateNumber(CourseId),
    /// A date ends before it starts.
    #[error("course {0} date {1} must end after it starts")]
    Times(CourseId, u16),
    /// A date needs a place.
    #[error("course {0} date {1} needs a place, or `online`")]
    Place(CourseId, u16),
    /// A date needs room for someone.
    #[error("course {0} date {1} needs a capacity of at least 1")]
    Capacity(CourseId, u16),
    /// The date is fully booked.
    #[error("course {0} date {1} is fully booked")]
    Full(CourseId, u16),
    /// Completed before the course was held.
    #[error("course {0} date {1}: the completion date is before the course date")]
    CompletedBeforeDate(CourseId, u16),
    /// Only an attendance completes a course.
    #[error("course {0} date {1}: only an attendance has a completion date")]
    CompletionWithoutAttendance(CourseId, u16),
    /// No such completion to remove.
    #[error("there is no such completion of course {0} by worker {1}")]
    NoCompletion(CourseId, WorkerId),
    /// A skill listed under another worker.
    #[error("skill {0} belongs to another worker")]
    SkillOfAnother(u32),
    /// BSL and languages are on the worker record.
    #[error("skill {0}: British Sign Language and languages are recorded on the worker record")]
    OnWorkerRecord(u32),
    /// A skill needs a name.
    #[error("skill {0} needs a name")]
    SkillName(u32),
    /// Two skills share a number.
    #[error("two skills are numbered {0}")]
    DuplicateSkill(u32),
    /// The reminder window is out of range.
    #[error("the reminder window must be from 1 to 366 days, not {0}")]
    ReminderDays(u32),
}

#[cfg(test)]
mod tests;
