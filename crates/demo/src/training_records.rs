//! Training and skills for a demo council: a handful of courses (mandatory and not,
//! face to face and online), their dates, bookings and attendance up to the last day of
//! history (with some mandatory training expired and some due soon), a few upcoming
//! dates with bookings, one recent date whose register is still to be taken, and
//! specialisms such as court work. BSL and languages come from the worker records.
//!
//! It reads the stored workforce and draws from a stream of its own, so nothing else
//! in the demo changes.

use chrono::{Datelike, Months, NaiveTime, Weekday};
use pathway_domain::ids::WorkerId;
use pathway_domain::training::mandatory::in_post;
use pathway_domain::training::{
    Booking, BookingStatus, Completion, Course, CourseDate, CourseId, CourseMode, PcfDomain, Skill,
    SkillKind, Training, TrainingChange, TrainingChanges,
};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use crate::DemoOptions;
use crate::random::Rng;

/// Mixed into the seed so training's stream is unlike any other.
const TRAINING_STREAM: u64 = 0x7A1B_1B6E_5C0F_FEE5;

/// A course of the demo catalogue: ID, title, mode, provider, hours, description,
/// months valid when mandatory, PCF domains.
type CourseLine = (
    &'static str,
    &'static str,
    CourseMode,
    &'static str,
    f64,
    &'static str,
    Option<u32>,
    &'static [PcfDomain],
);

const COURSES: [CourseLine; 7] = [
    (
        "SAFEGUARD",
        "Safeguarding children: refresher",
        CourseMode::FaceToFace,
        "Local safeguarding children partnership",
        6.0,
        "Recognising and responding to abuse and neglect; thresholds; working together.",
        Some(36),
        &[PcfDomain::Knowledge, PcfDomain::ContextsAndOrganisations],
    ),
    (
        "INFOGOV",
        "Information governance and data protection",
        CourseMode::Online,
        "Council e-learning",
        1.5,
        "Handling personal data, sharing information safely, reporting breaches.",
        Some(12),
        &[
            PcfDomain::Professionalism,
            PcfDomain::ContextsAndOrganisations,
        ],
    ),
    (
        "EDI",
        "Equality, diversity and inclusion",
        CourseMode::Online,
        "Council e-learning",
        2.0,
        "Anti-racist and anti-discriminatory practice; the Equality Act 2010.",
        Some(36),
        &[PcfDomain::DiversityAndEquality, PcfDomain::ValuesAndEthics],
    ),
    (
        "COURT",
        "Court skills: writing statements and giving evidence",
        CourseMode::FaceToFace,
        "Council legal services",
        6.0,
        "Care proceedings, the social work evidence template, cross-examination.",
        None,
        &[
            PcfDomain::RightsAndJustice,
            PcfDomain::SkillsAndInterventions,
        ],
    ),
    (
        "PARENTING",
        "Parenting assessments",
        CourseMode::FaceToFace,
        "Regional teaching partnership",
        12.0,
        "Planning, carrying out and analysing a parenting assessment.",
        None,
        &[
            PcfDomain::CriticalReflection,
            PcfDomain::SkillsAndInterventions,
        ],
    ),
    (
        "MOTIVATE",
        "Motivational interviewing",
        CourseMode::Online,
        "Regional teaching partnership",
        3.0,
        "Conversations that help families change, live online.",
        None,
        &[PcfDomain::SkillsAndInterventions],
    ),
    (
        "SUPERVISE",
        "Practice supervision",
        CourseMode::FaceToFace,
        "Regional teaching partnership",
        12.0,
        "Reflective supervision for senior practitioners and new managers.",
        None,
        &[
            PcfDomain::ProfessionalLeadership,
            PcfDomain::CriticalReflection,
        ],
    ),
];

/// Specialisms recorded in the register, with the share of workers who have each.
const SPECIALISMS: [(SkillKind, &str, Option<&str>, f64); 5] = [
    (
        SkillKind::Specialism,
        "Court work",
        Some("experienced"),
        0.12,
    ),
    (SkillKind::Specialism, "Parenting assessments", None, 0.08),
    (
        SkillKind::Specialism,
        "Child sexual exploitation",
        None,
        0.04,
    ),
    (SkillKind::Specialism, "Life story work", None, 0.05),
    (
        SkillKind::Other,
        "Family group conferencing",
        Some("trained facilitator"),
        0.04,
    ),
];

fn at(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("a real time")
}

fn id(text: &str) -> CourseId {
    CourseId::parse(text).expect("a demo course ID")
}

/// The Tuesday on or before a day.
fn tuesday_before(day: Date) -> Date {
    let back = (day.weekday().num_days_from_monday() + 7 - Weekday::Tue.num_days_from_monday()) % 7;
    day - chrono::Duration::days(i64::from(back))
}

/// Generates a council's training as its training team would have kept it up to
/// `options.until`.
pub fn generate_training(workforce: &Workforce, options: &DemoOptions) -> Training {
    let until = options.until;
    let mut rng = Rng::for_stream(
        options.seed,
        TRAINING_STREAM ^ u64::from(workforce.council.number()),
    );
    let mut training = Training::default();
    for (code, title, mode, provider, hours, description, months, domains) in COURSES {
        training.courses.push(Course {
            id: id(code),
            title: title.to_owned(),
            mode,
            provider: provider.to_owned(),
            hours,
            description: description.to_owned(),
            mandatory: months.is_some(),
            valid_for_months: months,
            pcf_domains: domains.to_vec(),
        });
    }
    // Safeguarding is held every four weeks for the last 40 months, and twice more
    // after the last day of history.
    let safeguarding = id("SAFEGUARD");
    let last = tuesday_before(until - chrono::Duration::days(3));
    let first = until - Months::new(40);
    let mut day = last;
    let mut past = Vec::new();
    while day >= first {
        past.push(day);
        day -= chrono::Duration::days(28);
    }
    past.reverse();
    let held = [
        last + chrono::Duration::days(28),
        last + chrono::Duration::days(56),
    ];
    for (number, day) in (1..).zip(past.iter().chain(&held)) {
        training.dates.push(CourseDate {
            course_id: safeguarding.clone(),
            number,
            date: *day,
            starts_at: at(9, 30),
            ends_at: at(16, 0),
            place: "Training room 2, County Hall".to_owned(),
            capacity: 20,
        });
    }
    let recent = past.len() as u16;
    let upcoming = recent + 1;

    let people = in_post(workforce, until);
    for (worker_id, _, _) in &people {
        for (code, _, mode, _, _, _, months, _) in COURSES {
            let Some(months) = months else { continue };
            let draw = rng.unit();
            let expiry_gap: i64 = if draw < 0.05 {
                continue; // never done
            } else if draw < 0.14 {
                -rng.between(1, 200) // expired this many days ago
            } else if draw < 0.24 {
                rng.between(1, 59) // due soon
            } else {
                rng.between(61, i64::from(months) * 30 - 30)
            };
            let completed = until - Months::new(months) + chrono::Duration::days(expiry_gap);
            let completed = completed.min(until);
            if mode == CourseMode::Online {
                training.completions.push(Completion {
                    course_id: id(code),
                    worker_id: worker_id.clone(),
                    completed_on: completed,
                });
                continue;
            }
            // Face to face: the held date nearest the completion.
            let Some(date) = training
                .dates
                .iter()
                .filter(|d| d.course_id == safeguarding && d.number < recent)
                .min_by_key(|d| (d.date - completed).num_days().abs())
            else {
                continue;
            };
            training.bookings.push(Booking {
                course_id: safeguarding.clone(),
                number: date.number,
                worker_id: worker_id.clone(),
                status: BookingStatus::Attended,
                completed_on: None,
            });
        }
    }
    // Those due soon or expired are booked on the recent date (its register still to
    // be taken) or the next one; a few cancel or did not come to earlier dates.
    let mut reminded: Vec<WorkerId> = people
        .iter()
        .map(|(worker_id, _, _)| worker_id.clone())
        .filter(|worker_id| {
            let status = pathway_domain::training::mandatory::status(
                &training,
                &safeguarding,
                worker_id,
                until,
                60,
            );
            status.needs_reminder()
        })
        .collect();
    reminded.truncate(24);
    for (index, worker_id) in reminded.into_iter().enumerate() {
        let number = if index < 8 { recent } else { upcoming };
        training.bookings.push(Booking {
            course_id: safeguarding.clone(),
            number,
            worker_id,
            status: BookingStatus::Booked,
            completed_on: None,
        });
    }
    for (worker_id, _, _) in &people {
        if !rng.chance(0.03) {
            continue;
        }
        let number = recent - 1 - rng.below(6) as u16;
        if training
            .bookings
            .iter()
            .any(|b| b.number == number && &b.worker_id == worker_id && b.course_id == safeguarding)
        {
            continue;
        }
        let status = if rng.chance(0.5) {
            BookingStatus::Cancelled
        } else {
            BookingStatus::DidNotAttend
        };
        training.bookings.push(Booking {
            course_id: safeguarding.clone(),
            number,
            worker_id: worker_id.clone(),
            status,
            completed_on: None,
        });
    }
    // Room for everyone booked on each date.
    for date in &mut training.dates {
        let booked = training
            .bookings
            .iter()
            .filter(|b| {
                b.course_id == date.course_id
                    && b.number == date.number
                    && b.status != BookingStatus::Cancelled
            })
            .count() as u32;
        date.capacity = date.capacity.max(booked.div_ceil(5) * 5);
    }

    // Optional courses: a date each in the last year, with some who came.
    for (offset, code) in [(70, "COURT"), (150, "PARENTING"), (230, "SUPERVISE")] {
        let day = tuesday_before(until - chrono::Duration::days(offset));
        training.dates.push(CourseDate {
            course_id: id(code),
            number: 1,
            date: day,
            starts_at: at(9, 30),
            ends_at: at(16, 30),
            place: "Meeting room 4, Civic Centre".to_owned(),
            capacity: 16,
        });
        let mut taken = 0;
        for (worker_id, _, _) in &people {
            if taken < 14 && rng.chance(0.08) {
                taken += 1;
                training.bookings.push(Booking {
                    course_id: id(code),
                    number: 1,
                    worker_id: worker_id.clone(),
                    status: if rng.chance(0.9) {
                        BookingStatus::Attended
                    } else {
                        BookingStatus::DidNotAttend
                    },
                    completed_on: None,
                });
            }
        }
    }
    for (worker_id, _, _) in &people {
        if rng.chance(0.15) {
            training.completions.push(Completion {
                course_id: id("MOTIVATE"),
                worker_id: worker_id.clone(),
                completed_on: until - chrono::Duration::days(rng.between(5, 700)),
            });
        }
    }

    // Specialisms.
    for (worker_id, _, _) in &people {
        let mut number = 0;
        for (kind, name, level, share) in SPECIALISMS {
            if rng.chance(share) {
                number += 1;
                training.skills.push(Skill {
                    worker_id: worker_id.clone(),
                    number,
                    kind,
                    name: name.to_owned(),
                    level: level.map(str::to_owned),
                    recorded_on: until - chrono::Duration::days(rng.between(10, 900)),
                });
            }
        }
    }
    training
}

/// The changes that write a generated training record, in an order that checks:
/// courses, then dates, then bookings, completions and skills.
pub fn training_changes(council: CouncilCode, training: &Training) -> TrainingChanges {
    let mut changes: Vec<TrainingChange> = Vec::new();
    changes.extend(
        training
            .courses
            .iter()
            .cloned()
            .map(TrainingChange::PutCourse),
    );
    changes.extend(training.dates.iter().cloned().map(TrainingChange::PutDate));
    changes.extend(
        training
            .bookings
            .iter()
            .cloned()
            .map(TrainingChange::PutBooking),
    );
    changes.extend(
        training
            .completions
            .iter()
            .cloned()
            .map(TrainingChange::PutCompletion),
    );
    let mut workers: Vec<&WorkerId> = training.skills.iter().map(|s| &s.worker_id).collect();
    workers.dedup();
    for worker_id in workers {
        changes.push(TrainingChange::ReplaceSkills {
            worker_id: worker_id.clone(),
            skills: training
                .skills
                .iter()
                .filter(|s| &s.worker_id == worker_id)
                .cloned()
                .collect(),
        });
    }
    TrainingChanges { council, changes }
}
