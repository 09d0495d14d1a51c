//! The census return's mapping from Pathway's records, and every validation rule at
//! its edges.

use super::*;
use crate::codes::{Contract, Gender, QualificationLevel, Role, VacancyStage};
use crate::council::CouncilCode;
use crate::ids::{CohortId, EmploymentId, VacancyId};
use crate::measures::compute;
use crate::records::{Absence, AcademyMember, Assignment, Caseload, Employment, Vacancy};
use crate::values::{Fte, SweNumber, WorkingDays, parse_date};

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

const YEAR: i32 = 2024;

/// A council built a person at a time; every worker has every worker item.
struct Council {
    workforce: Workforce,
}

impl Council {
    fn new() -> Self {
        Self {
            workforce: Workforce::new(CouncilCode::parse("888").unwrap()),
        }
    }

    fn worker(&mut self, id: &str) -> WorkerId {
        let worker = WorkerId::parse(id).unwrap();
        self.workforce.workers.push(Worker {
            id: worker.clone(),
            given_name: "Sam".into(),
            family_name: id.into(),
            swe_number: Some(SweNumber::parse("SW12345").unwrap()),
            gender: Some(Gender::Female),
            date_of_birth: Some(date("1990-05-01")),
            ethnicity: Some(Ethnicity::Bafr),
            qualified_on: Some(date("2015-07-01")),
            qualification_institution: Some("University of Leeds".into()),
            qualification_level: Some(QualificationLevel::Postgraduate),
            route: Some(Route::StepUp),
            bsl: None,
            languages: vec![],
        });
        worker
    }

    fn worker_mut(&mut self, id: &WorkerId) -> &mut Worker {
        self.workforce
            .workers
            .iter_mut()
            .find(|w| &w.id == id)
            .unwrap()
    }

    /// An employment with one assignment over its whole span.
    #[allow(clippy::too_many_arguments)]
    fn employ(
        &mut self,
        worker: &WorkerId,
        start: &str,
        origin: Option<StartOrigin>,
        leaving: Option<(&str, LeavingReason, Option<Destination>)>,
        role: Role,
        contract: Contract,
        fte: f64,
    ) -> EmploymentId {
        let id =
            EmploymentId::parse(&format!("E{:03}", self.workforce.employments.len() + 1)).unwrap();
        let span = Span::new(date(start), leaving.map(|(end, _, _)| date(end))).unwrap();
        self.workforce.employments.push(
            Employment::new(
                id.clone(),
                worker.clone(),
                span,
                origin,
                leaving.map(|(_, reason, _)| reason),
                leaving.and_then(|(_, _, destination)| destination),
            )
            .unwrap(),
        );
        self.workforce.assignments.push(Assignment {
            employment_id: id.clone(),
            span,
            team_id: None,
            role,
            contract,
            fte: Fte::new(fte).unwrap(),
        });
        id
    }

    /// A permanent social worker in post since 2020 on FTE 1.
    fn in_post(&mut self, id: &str) -> WorkerId {
        let worker = self.worker(id);
        self.employ(
            &worker,
            "2020-01-06",
            Some(StartOrigin::OtherAuthority),
            None,
            Role::SocialWorker,
            Contract::Permanent,
            1.0,
        );
        worker
    }

    fn absence(
        &mut self,
        worker: &WorkerId,
        start: &str,
        end: Option<&str>,
        reason: AbsenceReason,
        days: f64,
    ) {
        let span = Span::new(date(start), end.map(date)).unwrap();
        self.workforce.absences.push(
            Absence::new(
                worker.clone(),
                span,
                reason,
                WorkingDays::new(days).unwrap(),
            )
            .unwrap(),
        );
    }

    fn census(&self) -> CensusReturn {
        census_return(&self.workforce, YEAR).unwrap()
    }
}

fn record<'c>(census: &'c CensusReturn, id: &str) -> Option<&'c CensusWorker> {
    census.workers.iter().find(|w| w.worker_id.as_str() == id)
}

fn problems_of(census: &CensusReturn, id: &str) -> Vec<(CensusItem, String)> {
    validate(census)
        .into_iter()
        .filter(|p| p.worker_id.as_str() == id)
        .map(|p| (p.item, p.problem))
        .collect()
}

fn items_of(census: &CensusReturn, id: &str) -> Vec<(&'static str, String)> {
    record(census, id)
        .unwrap()
        .items()
        .into_iter()
        .map(|(item, text)| (item.name(), text))
        .collect()
}

#[test]
fn the_reference_date_is_30_september_and_the_latest_year_is_the_last_one_passed() {
    assert_eq!(reference_date(2024), Some(date("2024-09-30")));
    assert_eq!(latest_census_year(date("2024-09-30")), 2024);
    assert_eq!(latest_census_year(date("2024-09-29")), 2023);
}

#[test]
fn a_full_record_maps_every_item_to_the_dfe_codes_in_the_dfe_order() {
    let mut council = Council::new();
    let worker = council.worker("W1");
    council.employ(
        &worker,
        "2024-03-04",
        Some(StartOrigin::OutsideEngland),
        None,
        Role::TeamManager,
        Contract::Permanent,
        0.8,
    );
    council.workforce.caseloads.push(Caseload {
        worker_id: worker.clone(),
        as_of: date("2024-09-20"),
        cases: 14,
    });
    council.absence(
        &worker,
        "2024-04-08",
        Some("2024-04-12"),
        AbsenceReason::Sickness,
        5.0,
    );
    // Not sickness: not in WorkingDaysLost, but the absence on 30 September.
    council.absence(&worker, "2024-09-23", None, AbsenceReason::Maternity, 6.0);
    let cohort = CohortId::parse("C1").unwrap();
    council.workforce.academy_members.push(
        AcademyMember::new(
            cohort,
            worker.clone(),
            date("2024-03-04"),
            None,
            Some(AsyeOutcome::Pass),
        )
        .unwrap(),
    );
    let census = council.census();
    assert_eq!(
        items_of(&census, "W1"),
        vec![
            ("AgencyWorker", "0".to_owned()),
            ("SWENo", "SW12345".into()),
            ("FTE", "0.80".into()),
            ("PersonBirthDate", "1990-05-01".into()),
            ("GenderCurrent", "2".into()),
            ("Ethnicity", "BAFR".into()),
            ("QualInst", "University of Leeds".into()),
            ("QualLevel", "2".into()),
            ("StepUpGrad", "1".into()),
            ("OrgRole", "3".into()),
            ("RoleStartDate", "2024-03-04".into()),
            ("StartOrigin", "3".into()),
            ("FTE30", "0.80".into()),
            ("Cases30", "14".into()),
            ("WorkingDaysLost", "5.00".into()),
            ("FrontlineGrad", "0".into()),
            ("Absat30Sept", "1".into()),
            ("ReasonAbsence", "MAT".into()),
            ("CFKSSstatus", "1".into()),
        ]
    );
    assert!(validate(&census).is_empty(), "{:?}", validate(&census));
}

#[test]
fn a_leaver_in_the_year_has_an_end_date_reason_and_destination_and_no_figures_on_the_day() {
    let mut council = Council::new();
    let worker = council.worker("W1");
    council.employ(
        &worker,
        "2019-01-07",
        Some(StartOrigin::NewlyQualified),
        Some((
            "2024-06-30",
            LeavingReason::Retired,
            Some(Destination::LeftSocialCare),
        )),
        Role::AdvancedPractitioner,
        Contract::Permanent,
        1.0,
    );
    let census = council.census();
    let items = items_of(&census, "W1");
    assert!(items.contains(&("RoleEndDate", "2024-06-30".into())));
    assert!(items.contains(&("ReasonLeave", "5".into())));
    assert!(items.contains(&("LeaverDestination", "6".into())));
    assert!(items.contains(&("OrgRole", "4".into())));
    assert!(items.contains(&("Absat30Sept", "0".into())));
    assert!(
        !items
            .iter()
            .any(|(name, _)| *name == "FTE30" || *name == "Cases30")
    );
    assert!(validate(&census).is_empty());
}

#[test]
fn only_workers_with_an_employment_overlapping_the_census_year_are_in_the_return() {
    let mut council = Council::new();
    // Ended the day before the year began: out.
    let before = council.worker("BEFORE");
    council.employ(
        &before,
        "2020-01-06",
        None,
        Some(("2023-09-30", LeavingReason::Resignation, None)),
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    // Ended on the year's first day: in.
    let first = council.worker("FIRST");
    council.employ(
        &first,
        "2020-01-06",
        None,
        Some((
            "2023-10-01",
            LeavingReason::Resignation,
            Some(Destination::Agency),
        )),
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    // Starts the day after the reference date: out.
    let after = council.worker("AFTER");
    council.employ(
        &after,
        "2024-10-01",
        None,
        None,
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    // Starts on the reference date: in.
    let last = council.worker("LAST");
    council.employ(
        &last,
        "2024-09-30",
        Some(StartOrigin::Agency),
        None,
        Role::Asye,
        Contract::Permanent,
        1.0,
    );
    let census = council.census();
    let ids: Vec<&str> = census
        .workers
        .iter()
        .map(|w| w.worker_id.as_str())
        .collect();
    assert_eq!(ids, vec!["FIRST", "LAST"]);
    assert_eq!(
        record(&census, "FIRST").unwrap().role_end_date,
        Some(date("2023-10-01"))
    );
    assert_eq!(record(&census, "LAST").unwrap().org_role, Some(5));
}

#[test]
fn a_returner_is_sent_with_their_latest_employment_in_the_year() {
    let mut council = Council::new();
    let worker = council.worker("W1");
    council.employ(
        &worker,
        "2020-01-06",
        Some(StartOrigin::OtherAuthority),
        Some((
            "2023-12-31",
            LeavingReason::Resignation,
            Some(Destination::Agency),
        )),
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    council.employ(
        &worker,
        "2024-04-01",
        Some(StartOrigin::Agency),
        None,
        Role::SeniorSocialWorker,
        Contract::Permanent,
        0.5,
    );
    let census = council.census();
    let sent = record(&census, "W1").unwrap();
    assert_eq!(census.workers.len(), 1);
    assert_eq!(sent.role_start_date, Some(date("2024-04-01")));
    assert_eq!(sent.role_end_date, None);
    assert_eq!(sent.org_role, Some(4));
    assert_eq!(sent.fte, Some(0.5));
}

#[test]
fn the_fte_is_the_latest_assignment_in_the_year_and_fte30_the_one_on_the_day() {
    let mut council = Council::new();
    let worker = council.worker("W1");
    let employment = council.employ(
        &worker,
        "2020-01-06",
        None,
        None,
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    // The first assignment ends before the day; a second runs from 1 July.
    council.workforce.assignments[0].span =
        Span::new(date("2020-01-06"), Some(date("2024-06-30"))).unwrap();
    council.workforce.assignments.push(Assignment {
        employment_id: employment,
        span: Span::new(date("2024-07-01"), None).unwrap(),
        team_id: None,
        role: Role::PrincipalSocialWorker,
        contract: Contract::Permanent,
        fte: Fte::new(0.6).unwrap(),
    });
    let census = council.census();
    let sent = record(&census, "W1").unwrap();
    assert_eq!(sent.fte, Some(0.6));
    assert_eq!(sent.fte30, Some(0.6));
    assert_eq!(sent.org_role, Some(2));
}

#[test]
fn an_employment_without_an_assignment_in_the_year_is_still_sent_with_its_last_one() {
    let mut council = Council::new();
    let worker = council.worker("W1");
    council.employ(
        &worker,
        "2020-01-06",
        None,
        None,
        Role::SeniorManager,
        Contract::Permanent,
        0.7,
    );
    council.workforce.assignments[0].span =
        Span::new(date("2020-01-06"), Some(date("2023-06-30"))).unwrap();
    let census = council.census();
    let sent = record(&census, "W1").expect("in the return");
    assert_eq!(sent.fte, Some(0.7));
    assert_eq!(sent.org_role, Some(1));
    assert_eq!(sent.fte30, None, "no assignment on the day");
}

#[test]
fn agency_workers_are_sent_marked_and_their_missing_items_are_not_problems() {
    let mut council = Council::new();
    let worker = council.worker("AG1");
    *council.worker_mut(&worker) = Worker {
        swe_number: None,
        date_of_birth: None,
        gender: None,
        ethnicity: None,
        qualification_institution: None,
        qualification_level: None,
        route: None,
        ..council.worker_mut(&worker).clone()
    };
    council.employ(
        &worker,
        "2024-08-01",
        None,
        None,
        Role::SocialWorker,
        Contract::Agency,
        1.0,
    );
    let census = council.census();
    let sent = record(&census, "AG1").unwrap();
    assert!(sent.agency_worker);
    assert_eq!(sent.item(CensusItem::AgencyWorker).as_deref(), Some("1"));
    assert_eq!(sent.working_days_lost, None);
    assert_eq!(sent.step_up_grad, None, "no route, no StepUpGrad");
    assert_eq!(census.agency_workers(), 1);
    assert!(validate(&census).is_empty());
}

#[test]
fn vacancies_and_agency_on_the_day_are_the_dashboards_figures() {
    let mut council = Council::new();
    council.in_post("W1");
    let agency = council.worker("AG1");
    council.employ(
        &agency,
        "2024-01-01",
        None,
        None,
        Role::SocialWorker,
        Contract::Agency,
        0.5,
    );
    let agency2 = council.worker("AG2");
    council.employ(
        &agency2,
        "2024-01-01",
        None,
        None,
        Role::SocialWorker,
        Contract::Agency,
        1.0,
    );
    for (opened, closed, fte) in [
        ("2024-01-01", None, 1.0),
        ("2024-02-01", Some("2024-09-30"), 0.5),
        ("2024-03-01", Some("2024-10-01"), 0.25),
    ] {
        council.workforce.vacancies.push(Vacancy {
            id: VacancyId::parse(&format!("V{opened}")).unwrap(),
            team_id: None,
            role: Role::SocialWorker,
            fte: Fte::new(fte).unwrap(),
            open: Span::new(date(opened), closed.map(date)).unwrap(),
            stage: VacancyStage::Advertised,
            covered_by_agency: None,
        });
    }
    let census = council.census();
    let measures = compute(
        std::slice::from_ref(&council.workforce),
        &MeasureOptions::at(date("2024-09-30")),
    );
    let figures = &measures.authorities["888"].workforce;
    assert_eq!(census.vacancies.number_of_vacancies, figures.vacancy_fte);
    assert_eq!(census.vacancies.number_of_vacancies, 1.25);
    assert_eq!(census.vacancies.no_agency_fte, figures.agency_fte);
    assert_eq!(census.vacancies.no_agency_fte, 1.5);
    assert_eq!(census.vacancies.no_agency_headcount, 2);
    // The council's own FTE on the day adds up to the dashboard's.
    let own_fte30: f64 = census
        .workers
        .iter()
        .filter(|w| !w.agency_worker)
        .filter_map(|w| w.fte30)
        .sum();
    assert_eq!(own_fte30, figures.fte);
}

#[test]
fn working_days_lost_count_sickness_starting_in_the_census_year() {
    let mut council = Council::new();
    let worker = council.in_post("W1");
    council.absence(
        &worker,
        "2023-09-30",
        Some("2023-10-03"),
        AbsenceReason::Sickness,
        2.0,
    );
    council.absence(
        &worker,
        "2023-10-01",
        Some("2023-10-03"),
        AbsenceReason::Sickness,
        1.5,
    );
    council.absence(&worker, "2024-09-30", None, AbsenceReason::Sickness, 1.0);
    council.absence(
        &worker,
        "2024-05-01",
        Some("2024-05-03"),
        AbsenceReason::Training,
        3.0,
    );
    let census = council.census();
    let sent = record(&census, "W1").unwrap();
    assert_eq!(
        sent.item(CensusItem::WorkingDaysLost).as_deref(),
        Some("2.50")
    );
    assert_eq!(sent.item(CensusItem::ReasonAbsence).as_deref(), Some("SIC"));
    let measures = compute(
        std::slice::from_ref(&council.workforce),
        &MeasureOptions::at(date("2024-09-30")),
    );
    assert_eq!(
        sent.working_days_lost,
        Some(measures.authorities["888"].workforce.working_days_lost)
    );
}

#[test]
fn an_absence_ending_the_day_before_the_reference_date_is_not_absence_on_it() {
    let mut council = Council::new();
    let worker = council.in_post("W1");
    council.absence(
        &worker,
        "2024-09-02",
        Some("2024-09-29"),
        AbsenceReason::Unpaid,
        20.0,
    );
    let census = council.census();
    let sent = record(&census, "W1").unwrap();
    assert!(!sent.absent_at_30_sept);
    assert_eq!(sent.reason_absence, None);
}

#[test]
fn codes_follow_the_bulk_formats_order() {
    assert_eq!(cfkss_status(AsyeOutcome::Pass), 1);
    assert_eq!(cfkss_status(AsyeOutcome::InProgress), 2);
    assert_eq!(cfkss_status(AsyeOutcome::Extended), 3);
    assert_eq!(cfkss_status(AsyeOutcome::Fail), 4);
    assert_eq!(cfkss_status(AsyeOutcome::NotApplicable), 0);
    assert_eq!(qual_level(QualificationLevel::Undergraduate), 1);
    assert_eq!(qual_level(QualificationLevel::Other), 3);
    for (position, origin) in StartOrigin::ALL.iter().enumerate() {
        assert_eq!(usize::from(origin.census_code()), position + 1);
    }
    for (position, reason) in LeavingReason::ALL.iter().enumerate() {
        assert_eq!(usize::from(reason.census_code()), position + 1);
    }
    for (position, destination) in Destination::ALL.iter().enumerate() {
        assert_eq!(usize::from(destination.census_code()), position + 1);
    }
    let names: Vec<&str> = CensusItem::ALL.iter().map(|i| i.name()).collect();
    assert_eq!(names.first(), Some(&"AgencyWorker"));
    assert_eq!(names.last(), Some(&"CFKSSstatus"));
}

#[test]
fn every_missing_mandatory_item_of_an_own_worker_is_a_problem() {
    let mut council = Council::new();
    let worker = council.in_post("W1");
    *council.worker_mut(&worker) = Worker {
        swe_number: None,
        date_of_birth: None,
        gender: None,
        ethnicity: None,
        qualification_institution: Some("   ".into()),
        qualification_level: None,
        ..council.worker_mut(&worker).clone()
    };
    council.workforce.assignments[0].role = Role::Other;
    let census = council.census();
    let items: Vec<CensusItem> = problems_of(&census, "W1")
        .into_iter()
        .map(|(item, _)| item)
        .collect();
    assert_eq!(
        items,
        vec![
            CensusItem::SweNo,
            CensusItem::PersonBirthDate,
            CensusItem::GenderCurrent,
            CensusItem::Ethnicity,
            CensusItem::QualInst,
            CensusItem::QualLevel,
            CensusItem::OrgRole,
        ]
    );
    // RoleStartDate and FTE come from the employment, which always has them; a record
    // without them is still caught.
    let mut bare = census.workers[0].clone();
    bare.role_start_date = None;
    bare.fte = None;
    let without = CensusReturn {
        workers: vec![bare],
        ..census
    };
    let items: Vec<CensusItem> = validate(&without).into_iter().map(|p| p.item).collect();
    assert!(items.contains(&CensusItem::RoleStartDate));
    assert!(items.contains(&CensusItem::Fte));
}

#[test]
fn a_start_in_the_year_needs_a_known_start_origin() {
    for (start, origin, flagged) in [
        ("2023-10-01", None, true),
        ("2023-10-01", Some(StartOrigin::NotKnown), true),
        ("2024-09-30", None, true),
        ("2023-10-01", Some(StartOrigin::Other), false),
        ("2023-09-30", None, false),
    ] {
        let mut council = Council::new();
        let worker = council.worker("W1");
        council.employ(
            &worker,
            start,
            origin,
            None,
            Role::SocialWorker,
            Contract::Permanent,
            1.0,
        );
        let census = council.census();
        let problems = problems_of(&census, "W1");
        assert_eq!(
            problems
                .iter()
                .any(|(item, _)| *item == CensusItem::StartOrigin),
            flagged,
            "{start} {origin:?}: {problems:?}"
        );
    }
}

#[test]
fn an_end_in_the_year_needs_a_known_reason_and_destination() {
    for (reason, destination, expected) in [
        (
            LeavingReason::Resignation,
            Some(Destination::Agency),
            vec![],
        ),
        (
            LeavingReason::NotKnown,
            Some(Destination::Agency),
            vec![CensusItem::ReasonLeave],
        ),
        (
            LeavingReason::Resignation,
            None,
            vec![CensusItem::LeaverDestination],
        ),
        (
            LeavingReason::Resignation,
            Some(Destination::NotKnown),
            vec![CensusItem::LeaverDestination],
        ),
        (
            LeavingReason::NotKnown,
            None,
            vec![CensusItem::ReasonLeave, CensusItem::LeaverDestination],
        ),
    ] {
        let mut council = Council::new();
        let worker = council.worker("W1");
        council.employ(
            &worker,
            "2020-01-06",
            None,
            Some(("2024-09-30", reason, destination)),
            Role::SocialWorker,
            Contract::Permanent,
            1.0,
        );
        let census = council.census();
        let items: Vec<CensusItem> = problems_of(&census, "W1")
            .into_iter()
            .map(|(item, _)| item)
            .collect();
        assert_eq!(items, expected, "{reason:?} {destination:?}");
    }
}

#[test]
fn an_fte_outside_0_to_1_is_a_problem_and_the_ends_are_not() {
    let mut council = Council::new();
    council.in_post("W1");
    let census = council.census();
    for (fte, flagged) in [(0.0, false), (1.0, false), (1.01, true), (-0.01, true)] {
        for item in [CensusItem::Fte, CensusItem::Fte30] {
            let mut sent = census.workers[0].clone();
            match item {
                CensusItem::Fte => sent.fte = Some(fte),
                _ => sent.fte30 = Some(fte),
            }
            let one = CensusReturn {
                workers: vec![sent],
                ..census.clone()
            };
            let problems = validate(&one);
            assert_eq!(
                problems.iter().any(|p| p.item == item),
                flagged,
                "{item} {fte}"
            );
            if flagged {
                assert!(problems[0].problem.contains("from 0 to 1"));
            }
        }
    }
}

#[test]
fn a_swe_number_must_be_sw_followed_by_digits() {
    let mut council = Council::new();
    council.in_post("W1");
    let census = council.census();
    for (number, flagged) in [
        ("SW1", false),
        ("SW0123456789", false),
        ("SW", true),
        ("sw123", true),
        ("SW12A", true),
        ("12345", true),
    ] {
        let mut sent = census.workers[0].clone();
        sent.swe_no = Some(number.into());
        let one = CensusReturn {
            workers: vec![sent],
            ..census.clone()
        };
        let problems = validate(&one);
        assert_eq!(
            problems.iter().any(|p| p.item == CensusItem::SweNo),
            flagged,
            "{number}"
        );
    }
}

#[test]
fn the_validation_report_names_the_worker_the_item_and_the_problem() {
    let mut council = Council::new();
    let worker = council.in_post("W7");
    council.worker_mut(&worker).date_of_birth = None;
    let census = council.census();
    let lines: Vec<String> = validate(&census).iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("W7: PersonBirthDate: missing"),
        "{}",
        lines[0]
    );
}

#[test]
fn a_year_without_a_30_september_cannot_be_made() {
    let council = Council::new();
    assert_eq!(
        census_return(&council.workforce, 0),
        Err(CensusYearError(0))
    );
    assert!(
        census_return(&council.workforce, 2024)
            .unwrap()
            .workers
            .is_empty()
    );
}
