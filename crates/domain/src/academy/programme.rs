//! Programmes: the templates of the academy's days, and how a cohort's session
//! calendar is laid out from one and a start date.

use chrono::{Datelike, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::codes::Programme;
use crate::ids::CohortId;
use crate::values::Date;
pub use crate::values::add_months;

use super::session::{Session, SessionKind};

code_enum! {
    /// How a day is delivered.
    Delivery {
        /// In a room together.
        FaceToFace = "face_to_face",
        /// Online.
        Online = "online",
    }
}

/// One day of a programme's template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeDay {
    /// The programme this day belongs to.
    pub programme: Programme,
    /// Its place in the programme, from 1.
    pub number: u16,
    /// An induction day or a recall day.
    pub kind: SessionKind,
    /// Whole months after the cohort's start at which its block begins: 0 for the
    /// induction, 3 for the first recall day, and so on.
    pub after_months: u8,
    /// Which working day of its block it is, from 1: the induction's fourth day is 4.
    pub working_day: u8,
    /// When it starts, London time.
    pub starts_at: NaiveTime,
    /// When it ends, London time.
    pub ends_at: NaiveTime,
    /// What it covers.
    pub topic: String,
    /// Face to face or online.
    pub delivery: Delivery,
    /// Where it is held (or the meeting link's name).
    pub venue: String,
    /// Who runs it.
    pub facilitator: String,
    /// Whether a member must attend it (or its catch-up) to complete.
    pub required: bool,
}

/// Why a programme day cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgrammeDayError {
    /// The day ends before it starts.
    #[error("the day ends at {ends_at} before it starts at {starts_at}")]
    EndsBeforeStart {
        /// Start time.
        starts_at: NaiveTime,
        /// End time.
        ends_at: NaiveTime,
    },
    /// A topic is needed.
    #[error("the topic is empty")]
    NoTopic,
    /// A day is a catch-up only in a cohort, never in a template.
    #[error("a programme day is an induction or a recall day, not a catch-up")]
    CatchUpInTemplate,
    /// Working days count from 1.
    #[error("the working day of its block counts from 1")]
    WorkingDayZero,
}

impl ProgrammeDay {
    /// Checks what a coordinator typed or a file gave.
    pub fn check(&self) -> Result<(), ProgrammeDayError> {
        if self.ends_at <= self.starts_at {
            return Err(ProgrammeDayError::EndsBeforeStart {
                starts_at: self.starts_at,
                ends_at: self.ends_at,
            });
        }
        if self.topic.trim().is_empty() {
            return Err(ProgrammeDayError::NoTopic);
        }
        if self.kind == SessionKind::CatchUp {
            return Err(ProgrammeDayError::CatchUpInTemplate);
        }
        if self.working_day == 0 {
            return Err(ProgrammeDayError::WorkingDayZero);
        }
        Ok(())
    }

    /// The date of this day in a cohort starting on `start`: the `working_day`th
    /// working day (Monday to Friday) on or after the start plus `after_months`.
    pub fn date_from(&self, start: Date) -> Date {
        let block = add_months(start, u32::from(self.after_months));
        nth_working_day(block, self.working_day)
    }
}

/// Whether a date is a working day (Monday to Friday).
pub fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The `n`th working day on or after `from` (the first is `from` itself when it is a
/// working day).
pub fn nth_working_day(from: Date, n: u8) -> Date {
    let mut date = from;
    let mut seen = 0;
    loop {
        if is_working_day(date) {
            seen += 1;
            if seen >= n.max(1) {
                return date;
            }
        }
        date = date.succ_opt().unwrap_or(Date::MAX);
    }
}

/// Lays out a cohort's sessions from its programme's days, in date order, numbered
/// from 1.
pub fn layout(cohort_id: &CohortId, start: Date, days: &[ProgrammeDay]) -> Vec<Session> {
    let mut days: Vec<&ProgrammeDay> = days.iter().collect();
    days.sort_by_key(|day| (day.date_from(start), day.starts_at, day.number));
    days.into_iter()
        .zip(1..)
        .map(|(day, number)| Session {
            cohort_id: cohort_id.clone(),
            number,
            kind: day.kind,
            date: day.date_from(start),
            starts_at: day.starts_at,
            ends_at: day.ends_at,
            topic: day.topic.clone(),
            delivery: day.delivery,
            venue: day.venue.clone(),
            facilitator: day.facilitator.clone(),
            required: day.required,
            catches_up: None,
        })
        .collect()
}

/// The time of day as `HH:MM`.
fn at(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

/// The template Pathway ships for a programme, for a council to edit: the full
/// programme has ten induction days and four recall days (at 3, 6, 9 and 11 months);
/// the short one has five induction days.
pub fn default_days(programme: Programme) -> Vec<ProgrammeDay> {
    let induction: &[(&str, Delivery)] = match programme {
        Programme::Full => &[
            (
                "Welcome: the council, the academy and the year ahead",
                Delivery::FaceToFace,
            ),
            (
                "Our practice model and working with families' strengths",
                Delivery::FaceToFace,
            ),
            (
                "Safeguarding and child protection procedures",
                Delivery::FaceToFace,
            ),
            (
                "Recording, the case management system and information sharing",
                Delivery::Online,
            ),
            (
                "Assessment and planning for children in need",
                Delivery::FaceToFace,
            ),
            (
                "Court work and the public law outline",
                Delivery::FaceToFace,
            ),
            (
                "Children in care, permanence and care leavers",
                Delivery::FaceToFace,
            ),
            (
                "Working with health, police, schools and other partners",
                Delivery::Online,
            ),
            (
                "Supervision, reflection and looking after yourself",
                Delivery::FaceToFace,
            ),
            (
                "The ASYE: agreement, portfolio, observations and reviews",
                Delivery::FaceToFace,
            ),
        ],
        Programme::Short => &[
            (
                "Welcome: the council, our practice model and the teams",
                Delivery::FaceToFace,
            ),
            (
                "Our procedures: safeguarding, recording and the case system",
                Delivery::Online,
            ),
            ("Court work and children in care here", Delivery::FaceToFace),
            ("Partners and services across the council", Delivery::Online),
            (
                "Supervision, career pathway and development",
                Delivery::FaceToFace,
            ),
        ],
    };
    let recall: &[(u8, &str)] = match programme {
        Programme::Full => &[
            (
                3,
                "Recall day 1: the first three months and the 3-month review",
            ),
            (
                6,
                "Recall day 2: direct observations and feedback from families",
            ),
            (9, "Recall day 3: critical reflection and the portfolio"),
            (
                11,
                "Recall day 4: the final review and moving on from the ASYE",
            ),
        ],
        Programme::Short => &[],
    };
    let induction_days = induction
        .iter()
        .zip(1u8..)
        .map(|(&(topic, delivery), working_day)| ProgrammeDay {
            programme,
            number: u16::from(working_day),
            kind: SessionKind::Induction,
            after_months: 0,
            working_day,
            starts_at: at(9, 30),
            ends_at: at(16, 30),
            topic: topic.to_owned(),
            delivery,
            venue: venue(delivery).to_owned(),
            facilitator: "Academy team".to_owned(),
            required: true,
        });
    let recall_days =
        recall
            .iter()
            .zip(induction.len() as u16 + 1..)
            .map(|(&(after_months, topic), number)| ProgrammeDay {
                programme,
                number,
                kind: SessionKind::Recall,
                after_months,
                working_day: 1,
                starts_at: at(9, 30),
                ends_at: at(16, 0),
                topic: topic.to_owned(),
                delivery: Delivery::FaceToFace,
                venue: venue(Delivery::FaceToFace).to_owned(),
                facilitator: "Academy team".to_owned(),
                required: true,
            });
    induction_days.chain(recall_days).collect()
}

fn venue(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::FaceToFace => "Academy training room",
        Delivery::Online => "Online (Teams)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn the_full_programme_has_ten_induction_days_and_four_recall_days() {
        let days = default_days(Programme::Full);
        assert_eq!(days.len(), 14);
        assert_eq!(
            days.iter()
                .filter(|day| day.kind == SessionKind::Induction)
                .count(),
            10
        );
        assert!(days.iter().all(|day| day.check().is_ok()));
        assert_eq!(default_days(Programme::Short).len(), 5);
    }

    #[test]
    fn induction_days_fall_on_consecutive_working_days() {
        let cohort = CohortId::parse("C1").unwrap();
        // Friday 1 March 2024: the induction runs to Thursday 14 March.
        let sessions = layout(&cohort, date("2024-03-01"), &default_days(Programme::Full));
        let dates: Vec<Date> = sessions.iter().take(10).map(|s| s.date).collect();
        assert_eq!(dates[0], date("2024-03-01"));
        assert_eq!(dates[1], date("2024-03-04"));
        assert_eq!(dates[9], date("2024-03-14"));
        // Recall days: 1 June 2024 is a Saturday, so the first is Monday 3 June.
        assert_eq!(sessions[10].date, date("2024-06-03"));
        assert_eq!(sessions[13].date, date("2025-02-03"));
        assert_eq!(
            sessions.iter().map(|s| s.number).collect::<Vec<_>>(),
            (1..=14).collect::<Vec<_>>()
        );
    }

    #[test]
    fn months_are_added_to_the_last_day_of_a_shorter_month() {
        assert_eq!(add_months(date("2024-01-31"), 1), date("2024-02-29"));
        assert_eq!(add_months(date("2023-01-31"), 1), date("2023-02-28"));
        assert_eq!(add_months(date("2024-02-29"), 12), date("2025-02-28"));
        assert_eq!(add_months(date("2023-11-30"), 3), date("2024-02-29"));
    }

    #[test]
    fn a_day_that_ends_before_it_starts_is_refused() {
        let mut day = default_days(Programme::Short).remove(0);
        day.ends_at = day.starts_at;
        assert!(matches!(
            day.check(),
            Err(ProgrammeDayError::EndsBeforeStart { .. })
        ));
    }
}
