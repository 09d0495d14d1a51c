use chrono::NaiveTime;

use super::mandatory::{Compliance, status};
use super::*;
use crate::codes::{Contract, Role};
use crate::council::CouncilCode;
use crate::ids::EmploymentId;
use crate::records::{Assignment, Employment, Worker};
use crate::values::{Fte, Span, parse_date};

fn day(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn id(text: &str) -> WorkerId {
    WorkerId::parse(text).unwrap()
}

fn course(code: &str, mandatory: bool, months: Option<u32>) -> Course {
    Course {
        id: CourseId::parse(code).unwrap(),
        title: format!("Course {code}"),
        mode: CourseMode::Online,
        provider: "Council".into(),
        hours: 3.0,
        description: String::new(),
        mandatory,
        valid_for_months: months,
        pcf_domains: vec![PcfDomain::Knowledge],
    }
}

/// W1 in team T1, W2 in team T2 (BSL, speaks Polish), W3 left in 2023.
fn workforce() -> Workforce {
    let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
    for (worker, team, end) in [
        ("W1", "T1", None),
        ("W2", "T2", None),
        ("W3", "T1", Some("2023-12-31")),
    ] {
        let employment = EmploymentId::parse(&format!("E{worker}")).unwrap();
        let span = Span::new(day("2020-01-06"), end.map(day)).unwrap();
        let reason = end.map(|_| crate::codes::LeavingReason::Resignation);
        workforce.employments.push(
            Employment::new(employment.clone(), id(worker), span, None, reason, None).unwrap(),
        );
        workforce.assignments.push(Assignment {
            employment_id: employment,
            span,
            team_id: Some(TeamId::parse(team).unwrap()),
            role: Role::SocialWorker,
            contract: Contract::Permanent,
            fte: Fte::FULL,
        });
        workforce.workers.push(Worker {
            id: id(worker),
            given_name: "Ama".into(),
            family_name: format!("Mensah {worker}"),
            swe_number: None,
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: None,
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: (worker == "W2").then_some(true),
            languages: if worker == "W2" {
                vec!["Polish".into()]
            } else {
                Vec::new()
            },
        });
    }
    workforce
}

/// Safeguarding (mandatory, 36 months), W1 completed it online on 2021-09-30.
fn training() -> Training {
    let mut training = Training::default();
    training.courses.push(course("SAFE", true, Some(36)));
    training.completions.push(Completion {
        course_id: CourseId::parse("SAFE").unwrap(),
        worker_id: id("W1"),
        completed_on: day("2021-09-30"),
    });
    training
}

fn safe() -> CourseId {
    CourseId::parse("SAFE").unwrap()
}

#[test]
fn mandatory_training_expires_on_the_day_its_validity_ends() {
    let training = training();
    let on = |d: &str| status(&training, &safe(), &id("W1"), day(d), 60);
    assert_eq!(
        on("2024-09-30"),
        MandatoryStatus::Expired {
            completed_on: day("2021-09-30"),
            expires_on: day("2024-09-30")
        }
    );
    assert_eq!(on("2024-09-29").label(), "Due soon");
    assert_eq!(on("2024-09-29").expires_on(), Some(day("2024-09-30")));
}

#[test]
fn due_soon_starts_exactly_the_reminder_window_before_expiry() {
    let training = training();
    let on = |d: &str, within: u32| status(&training, &safe(), &id("W1"), day(d), within);
    // 60 days before 2024-09-30 is 2024-08-01: the first day due soon.
    assert_eq!(on("2024-08-01", 60).as_str(), "due_soon");
    assert_eq!(on("2024-07-31", 60).as_str(), "current");
    // The last day due soon is the day before expiry.
    assert_eq!(on("2024-09-29", 60).as_str(), "due_soon");
    // A wider window starts earlier.
    assert_eq!(on("2024-07-31", 61).as_str(), "due_soon");
}

#[test]
fn never_done_and_completions_after_the_date_do_not_count() {
    let training = training();
    assert_eq!(
        status(&training, &safe(), &id("W2"), day("2024-01-01"), 60),
        MandatoryStatus::NeverDone
    );
    assert_eq!(
        status(&training, &safe(), &id("W1"), day("2021-09-29"), 60),
        MandatoryStatus::NeverDone
    );
}

#[test]
fn a_mandatory_course_without_validity_stays_current() {
    let mut training = training();
    training.courses[0].valid_for_months = None;
    assert_eq!(
        status(&training, &safe(), &id("W1"), day("2040-01-01"), 60),
        MandatoryStatus::Current {
            completed_on: day("2021-09-30"),
            expires_on: None
        }
    );
}

#[test]
fn the_reminder_list_holds_only_workers_in_post_due_soon_or_expired() {
    let mut training = training();
    training.completions.push(Completion {
        course_id: safe(),
        worker_id: id("W2"),
        completed_on: day("2024-01-15"),
    });
    // W1 due soon, W2 current, W3 left.
    let list = reminders(&workforce(), &training, day("2024-09-01"), 60);
    let who: Vec<&str> = list.iter().map(|r| r.worker_id.as_str()).collect();
    assert_eq!(who, ["W1"]);
    assert_eq!(list[0].team_id.as_ref().unwrap().as_str(), "T1");
    // A year later W1 has expired; W2 is still current.
    let list = reminders(&workforce(), &training, day("2025-10-01"), 60);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status.as_str(), "expired");
    let matrix = mandatory_matrix(&workforce(), &training, day("2025-10-01"), 60);
    let counts = Compliance::of(&matrix);
    assert_eq!((counts.current, counts.expired, counts.total()), (1, 1, 2));
    assert_eq!(counts.percent_valid(), Some(50));
}

#[test]
fn attendance_completes_a_course_on_the_course_date() {
    let workforce = workforce();
    let mut training = training();
    let date = CourseDate {
        course_id: safe(),
        number: 1,
        date: day("2024-03-04"),
        starts_at: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
        ends_at: NaiveTime::from_hms_opt(12, 30, 0).unwrap(),
        place: "Town hall".into(),
        capacity: 1,
    };
    let change = TrainingChange::PutDate(date);
    training.check(&workforce, &change).unwrap();
    training.apply(change);
    let booking = |worker: &str, status| Booking {
        course_id: safe(),
        number: 1,
        worker_id: id(worker),
        status,
        completed_on: None,
    };
    let change = TrainingChange::PutBooking(booking("W2", BookingStatus::Attended));
    training.check(&workforce, &change).unwrap();
    training.apply(change);
    assert_eq!(
        training.completions_of(&safe(), &id("W2")),
        [day("2024-03-04")]
    );
    assert_eq!(
        status(&training, &safe(), &id("W2"), day("2024-03-05"), 60).completed_on(),
        Some(day("2024-03-04"))
    );
    // The date is full: nobody else may book, but a cancellation may be recorded.
    assert_eq!(
        training.check(
            &workforce,
            &TrainingChange::PutBooking(booking("W1", BookingStatus::Booked))
        ),
        Err(TrainingError::Full(safe(), 1))
    );
    assert!(
        training
            .check(
                &workforce,
                &TrainingChange::PutBooking(booking("W1", BookingStatus::Cancelled))
            )
            .is_ok()
    );
    let mut no_show = booking("W2", BookingStatus::DidNotAttend);
    no_show.completed_on = Some(day("2024-03-04"));
    assert_eq!(
        training.check(&workforce, &TrainingChange::PutBooking(no_show)),
        Err(TrainingError::CompletionWithoutAttendance(safe(), 1))
    );
}

#[test]
fn a_course_is_checked_before_it_is_kept() {
    let training = training();
    let workforce = workforce();
    let mut optional = course("READ", false, Some(12));
    assert_eq!(
        training.check(&workforce, &TrainingChange::PutCourse(optional.clone())),
        Err(TrainingError::ValidityNotMandatory(optional.id.clone()))
    );
    optional.valid_for_months = None;
    optional.title = " ".into();
    assert_eq!(
        training.check(&workforce, &TrainingChange::PutCourse(optional.clone())),
        Err(TrainingError::Title(optional.id.clone()))
    );
    assert_eq!(
        training.check(
            &workforce,
            &TrainingChange::PutCompletion(Completion {
                course_id: safe(),
                worker_id: id("W9"),
                completed_on: day("2024-01-01"),
            })
        ),
        Err(TrainingError::NoWorker(id("W9")))
    );
}

fn skill(worker: &str, number: u32, kind: SkillKind, name: &str) -> Skill {
    Skill {
        worker_id: id(worker),
        number,
        kind,
        name: name.into(),
        level: None,
        recorded_on: day("2024-01-01"),
    }
}

#[test]
fn the_skills_search_finds_by_text_kind_and_team_with_bsl_from_the_worker_record() {
    let workforce = workforce();
    let mut training = training();
    training
        .skills
        .push(skill("W1", 1, SkillKind::Specialism, "Court work"));
    training
        .skills
        .push(skill("W3", 1, SkillKind::Specialism, "Court work"));
    let find = |text: Option<&str>, kind, team: Option<&str>| {
        search_skills(
            &workforce,
            &training,
            day("2024-09-30"),
            &SkillSearch {
                text: text.map(str::to_owned),
                kind,
                team: team.map(|t| TeamId::parse(t).unwrap()),
            },
        )
        .into_iter()
        .map(|f| format!("{} {}", f.worker_id, f.skill))
        .collect::<Vec<_>>()
    };
    // W3 has left: their court work is not found.
    assert_eq!(find(Some("court"), None, None), ["W1 Court work"]);
    assert_eq!(
        find(None, Some(SkillKind::Bsl), None),
        ["W2 British Sign Language"]
    );
    assert_eq!(find(Some("polish"), None, None), ["W2 Polish"]);
    assert_eq!(find(None, None, Some("T1")), ["W1 Court work"]);
    assert!(find(Some("court"), None, Some("T2")).is_empty());
}

#[test]
fn bsl_and_languages_cannot_be_kept_in_the_register() {
    let change = TrainingChange::ReplaceSkills {
        worker_id: id("W1"),
        skills: vec![skill("W1", 1, SkillKind::Bsl, "BSL")],
    };
    assert_eq!(
        training().check(&workforce(), &change),
        Err(TrainingError::OnWorkerRecord(1))
    );
}
