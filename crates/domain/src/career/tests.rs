//! The career pathway's rules on small hand-made councils.

use super::*;
use crate::codes::{Contract, Programme, Role};
use crate::council::CouncilCode;
use crate::ids::{CohortId, EmploymentId};
use crate::records::{AcademyMember, Assignment, Cohort, Employment, Worker};
use crate::values::{Fte, Span, parse_date};

pub(crate) fn day(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn worker(id: &str) -> Worker {
    Worker {
        id: WorkerId::parse(id).unwrap(),
        given_name: "Sam".into(),
        family_name: id.into(),
        swe_number: None,
        gender: None,
        date_of_birth: None,
        ethnicity: None,
        qualified_on: None,
        qualification_institution: None,
        qualification_level: None,
        route: None,
        bsl: None,
        languages: Vec::new(),
    }
}

/// Adds a worker with one employment from the first step's date and an assignment
/// per step, each running until the next.
fn career(workforce: &mut Workforce, id: &str, steps: &[(&str, Role)]) {
    workforce.workers.push(worker(id));
    let employment = EmploymentId::parse(&format!("E{id}")).unwrap();
    let start = day(steps[0].0);
    workforce.employments.push(
        Employment::new(
            employment.clone(),
            WorkerId::parse(id).unwrap(),
            Span::new(start, None).unwrap(),
            None,
            None,
            None,
        )
        .unwrap(),
    );
    for (index, (from, role)) in steps.iter().enumerate() {
        let end = steps
            .get(index + 1)
            .map(|(next, _)| day(next).pred_opt().unwrap());
        workforce.assignments.push(Assignment {
            employment_id: employment.clone(),
            span: Span::new(day(from), end).unwrap(),
            team_id: None,
            role: *role,
            contract: Contract::Permanent,
            fte: Fte::FULL,
        });
    }
}

fn council() -> Workforce {
    let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
    career(&mut workforce, "W1", &[("2020-01-06", Role::SocialWorker)]);
    workforce
}

fn w1() -> WorkerId {
    WorkerId::parse("W1").unwrap()
}

fn rated(framework: &Framework, ratings: &[Rating]) -> Assessment {
    let mut assessment = Assessment::start(
        framework,
        w1(),
        1,
        "senior_social_worker",
        day("2024-03-01"),
    );
    for (rating, given) in assessment.ratings.iter_mut().zip(ratings) {
        rating.rating = Some(*given);
        rating.evidence = "Case review with my manager".into();
    }
    assessment
}

fn change(career: &mut Career, workforce: &Workforce, change: CareerChange) {
    career.check(workforce, &change).unwrap();
    career.apply(change);
}

#[test]
fn a_social_worker_assesses_themselves_against_the_next_level_and_sees_their_readiness() {
    let workforce = council();
    let framework = Framework::pathway_default();
    let level = current_level(&framework, &workforce, &w1(), day("2024-03-01")).unwrap();
    assert_eq!(framework.levels[level].id, "social_worker");
    assert_eq!(framework.levels[level + 1].id, "senior_social_worker");

    let mut career = Career::default();
    use Rating::*;
    let mut assessment = rated(
        &framework,
        &[
            Confident, Exceeding, Developing, Confident, NotYet, Confident,
        ],
    );
    assessment.ratings[5].rating = None;
    assessment.submitted_on = Some(day("2024-03-10"));
    assert_eq!(
        career.check(&workforce, &CareerChange::PutAssessment(assessment.clone())),
        Err(CareerError::Unrated("ssw-6".into()))
    );
    assessment.ratings[5].rating = Some(Confident);
    change(
        &mut career,
        &workforce,
        CareerChange::PutAssessment(assessment),
    );
    let latest = career.latest(&w1()).unwrap();
    assert_eq!(latest.status(), AssessmentStatus::Submitted);
    let readiness = Readiness::of(latest);
    assert_eq!((readiness.met, readiness.total), (4, 6));
    let gaps: Vec<&str> = readiness
        .gaps
        .iter()
        .map(|g| g.criterion_id.as_str())
        .collect();
    assert_eq!(gaps, ["ssw-3", "ssw-5"]);
}

#[test]
fn a_manager_signs_off_or_returns_a_submitted_assessment() {
    let workforce = council();
    let framework = Framework::pathway_default();
    let mut career = Career::default();
    let mut assessment = rated(&framework, &[Rating::Confident; 6]);
    let review = |decision, on| Review {
        by: "manager@example.org".into(),
        on: day(on),
        decision,
        comments: "Well evidenced".into(),
    };
    change(
        &mut career,
        &workforce,
        CareerChange::PutAssessment(assessment.clone()),
    );
    let sign_off = |decision, on| CareerChange::Review {
        worker_id: w1(),
        number: 1,
        review: review(decision, on),
    };
    assert_eq!(
        career.check(&workforce, &sign_off(Decision::Agreed, "2024-03-20")),
        Err(CareerError::NotSubmitted(w1(), 1))
    );
    assessment.submitted_on = Some(day("2024-03-10"));
    change(
        &mut career,
        &workforce,
        CareerChange::PutAssessment(assessment.clone()),
    );
    change(
        &mut career,
        &workforce,
        sign_off(Decision::Returned, "2024-03-15"),
    );
    let returned = career.assessment(&w1(), 1).unwrap().clone();
    assert_eq!(returned.status(), AssessmentStatus::Returned);
    let mut resubmitted = returned;
    resubmitted.submitted_on = Some(day("2024-03-18"));
    change(
        &mut career,
        &workforce,
        CareerChange::PutAssessment(resubmitted),
    );
    change(
        &mut career,
        &workforce,
        sign_off(Decision::Agreed, "2024-03-20"),
    );
    let signed = career.assessment(&w1(), 1).unwrap();
    assert_eq!(signed.status(), AssessmentStatus::SignedOff);
    assert_eq!(signed.review.as_ref().unwrap().by, "manager@example.org");
    // Signed off, it is closed to the person and to a second sign-off.
    assert!(matches!(
        career.check(&workforce, &CareerChange::PutAssessment(signed.clone())),
        Err(CareerError::Closed(..))
    ));
    assert!(matches!(
        career.check(&workforce, &sign_off(Decision::Agreed, "2024-03-21")),
        Err(CareerError::Closed(..))
    ));
}

#[test]
fn rewording_and_retiring_a_criterion_keeps_every_past_assessment() {
    let workforce = council();
    let framework = Framework::pathway_default();
    let mut career = Career::default();
    let mut assessment = rated(&framework, &[Rating::Confident; 6]);
    assessment.submitted_on = Some(day("2024-03-10"));
    change(
        &mut career,
        &workforce,
        CareerChange::PutAssessment(assessment.clone()),
    );
    let old_words = framework.criterion("ssw-2").unwrap().text.clone();

    let mut edited = framework.clone();
    for criterion in &mut edited.criteria {
        if criterion.id == "ssw-2" {
            criterion.text = "Mentors a newly qualified colleague through their first year.".into();
        }
        if criterion.id == "ssw-5" {
            criterion.retired = true;
        }
    }
    change(&mut career, &workforce, CareerChange::PutFramework(edited));

    // The past assessment is untouched: its six ratings with the words rated.
    let kept = career.assessment(&w1(), 1).unwrap();
    assert_eq!(kept, &assessment);
    assert_eq!(kept.ratings[1].wording, old_words);
    assert!(kept.ratings.iter().any(|r| r.criterion_id == "ssw-5"));
    // A new one has the new words and leaves the retired criterion out.
    let new = Assessment::start(
        &career.framework(),
        w1(),
        2,
        "senior_social_worker",
        day("2024-09-01"),
    );
    assert_eq!(new.ratings.len(), 5);
    assert!(new.ratings[1].wording.starts_with("Mentors"));
    assert!(!new.ratings.iter().any(|r| r.criterion_id == "ssw-5"));
    // Removing a criterion outright is refused.
    let mut removed = career.framework();
    removed.criteria.retain(|c| c.id != "ssw-1");
    assert!(matches!(
        career.check(&workforce, &CareerChange::PutFramework(removed)),
        Err(CareerError::Framework(FrameworkError::Removed(_)))
    ));
}

#[test]
fn a_plan_action_done_needs_its_date() {
    let workforce = council();
    let career = Career::default();
    let mut action = PlanAction {
        worker_id: w1(),
        number: 1,
        description: "Shadow a senior in court".into(),
        due_on: Some(day("2024-06-30")),
        status: ActionStatus::Done,
        done_on: None,
    };
    assert_eq!(
        career.check(&workforce, &CareerChange::PutAction(action.clone())),
        Err(CareerError::DoneDate(1))
    );
    action.done_on = Some(day("2024-06-01"));
    assert_eq!(
        career.check(&workforce, &CareerChange::PutAction(action)),
        Ok(())
    );
}

#[test]
fn opportunities_are_the_next_levels_open_vacancies_and_upcoming_courses_for_the_gaps() {
    use crate::codes::VacancyStage;
    use crate::ids::VacancyId;
    use crate::records::Vacancy;
    let framework = Framework::pathway_default();
    let vacancy = |id: &str, role, opened: &str, closed: Option<&str>| Vacancy {
        id: VacancyId::parse(id).unwrap(),
        team_id: None,
        role,
        fte: Fte::FULL,
        open: Span::new(day(opened), closed.map(day)).unwrap(),
        stage: VacancyStage::Advertised,
        covered_by_agency: None,
    };
    let vacancies = [
        vacancy("V1", Role::SeniorSocialWorker, "2024-01-01", None),
        vacancy("V2", Role::SocialWorker, "2024-01-01", None),
        vacancy(
            "V3",
            Role::SeniorSocialWorker,
            "2023-01-01",
            Some("2023-06-01"),
        ),
    ];
    let course = |title: &str, starts: &str, area| CourseOffer {
        title: title.into(),
        href: format!("/training/{title}"),
        starts_on: day(starts),
        domains: vec![area],
    };
    let courses = [
        course("attachment", "2024-05-01", Area::KssChildDevelopment),
        course("leadership", "2024-05-01", Area::ProfessionalLeadership),
        course("past", "2024-01-01", Area::KssChildDevelopment),
    ];
    let found = opportunities(
        &framework,
        "senior_social_worker",
        &[Area::KssChildDevelopment],
        &vacancies,
        &courses,
        day("2024-03-01"),
    );
    let ids: Vec<&str> = found.vacancies.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["V1"]);
    let titles: Vec<&str> = found.courses.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["attachment"]);
}

#[test]
fn the_measures_match_a_hand_worked_council() {
    let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
    // A: ASYE 2018-09 (not a promotion when it ends), SW 2019-09, SSW 2021-09 (730 days
    // as SW), AP 2022-09 (365 days as SSW).
    career(
        &mut workforce,
        "A",
        &[
            ("2018-09-03", Role::Asye),
            ("2019-09-02", Role::SocialWorker),
            ("2021-09-01", Role::SeniorSocialWorker),
            ("2022-09-01", Role::AdvancedPractitioner),
        ],
    );
    // B: ASYE 2019-03, SW 2020-03 for 4 years then SSW 2024-03-04 (1,463 days, two
    // assignments at social worker level: a team move does not restart the clock).
    career(
        &mut workforce,
        "B",
        &[
            ("2019-03-04", Role::Asye),
            ("2020-03-02", Role::SocialWorker),
            ("2022-01-01", Role::QualifiedNoCases),
            ("2024-03-04", Role::SeniorSocialWorker),
        ],
    );
    // C: a social worker who never moved up.
    career(
        &mut workforce,
        "C",
        &[
            ("2019-09-02", Role::Asye),
            ("2020-09-01", Role::SocialWorker),
        ],
    );
    // D: an experienced starter stepping down is no promotion.
    career(
        &mut workforce,
        "D",
        &[
            ("2020-01-06", Role::TeamManager),
            ("2021-01-04", Role::SeniorSocialWorker),
        ],
    );
    for (id, programme, start) in [
        ("C2018", Programme::Full, "2018-09-03"),
        ("C2019", Programme::Full, "2019-03-04"),
        ("C2019B", Programme::Full, "2019-09-02"),
        ("S2020", Programme::Short, "2020-01-06"),
    ] {
        workforce.cohorts.push(Cohort {
            id: CohortId::parse(id).unwrap(),
            name: id.into(),
            programme,
            start_date: day(start),
        });
    }
    for (cohort, worker, joined) in [
        ("C2018", "A", "2018-09-03"),
        ("C2019", "B", "2019-03-04"),
        ("C2019B", "C", "2019-09-02"),
        ("S2020", "D", "2020-01-06"),
    ] {
        workforce.academy_members.push(
            AcademyMember::new(
                CohortId::parse(cohort).unwrap(),
                WorkerId::parse(worker).unwrap(),
                day(joined),
                None,
                None,
            )
            .unwrap(),
        );
    }
    let framework = Framework::pathway_default();
    let measures = CareerMeasures::compute(&framework, &workforce, day("2024-09-30"));
    assert_eq!(
        measures.promotions_per_year,
        [(2021, 1), (2022, 1), (2023, 0), (2024, 1)]
    );
    // Days in level: 730, 365, 1,463: the median is 730.
    assert_eq!(measures.median_days_to_progression, Some(730.0));
    // Within 2 years: A (promoted 2021-09-01, 2018-09-03 + 2 years is 2020-09-03: no),
    // B (no), C (no): 0 of 3. Within 5 years: A yes (2021 < 2023-09-03), B yes
    // (2024-03-04 = 2024-03-04), C's five years end 2024-09-02 (counted, no):
    // 2 of 3. D is on the short programme.
    assert_eq!(
        measures.academy_within_2_years,
        measures::Share {
            promoted: 0,
            counted: 3
        }
    );
    assert_eq!(
        measures.academy_within_5_years,
        measures::Share {
            promoted: 2,
            counted: 3
        }
    );
}
