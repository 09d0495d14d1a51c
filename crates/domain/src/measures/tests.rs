//! The figures councils and the DfE publish, reproduced from records built to match
//! them, and the edge cases where nothing can be measured.

use crate::codes::{Contract, Destination, LeavingReason, Programme, Role};
use crate::council::CouncilCode;
use crate::ids::{CohortId, EmploymentId, VacancyId, WorkerId};
use crate::measures::{MeasureOptions, MeasuresReport, ScopeMeasures, compute};
use crate::records::{AcademyMember, Assignment, Caseload, Cohort, Employment, Vacancy, Worker};
use crate::values::{Date, Fte, Span, parse_date};
use crate::workforce::Workforce;

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

/// Builds a council's records a person at a time.
struct Council {
    workforce: Workforce,
    next: usize,
}

impl Council {
    fn new() -> Self {
        Self {
            workforce: Workforce::new(CouncilCode::parse("888").unwrap()),
            next: 0,
        }
    }

    fn worker(&mut self) -> WorkerId {
        self.next += 1;
        let id = WorkerId::parse(&format!("W{:04}", self.next)).unwrap();
        self.workforce.workers.push(Worker {
            id: id.clone(),
            given_name: "Sam".into(),
            family_name: format!("Worker {}", self.next),
            swe_number: None,
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: None,
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: vec![],
        });
        id
    }

    /// An employment of `worker` with one assignment over its whole span.
    fn employ(
        &mut self,
        worker: &WorkerId,
        start: &str,
        leaving: Option<(&str, LeavingReason, Destination)>,
        contract: Contract,
        fte: f64,
    ) {
        let id =
            EmploymentId::parse(&format!("E{:05}", self.workforce.employments.len() + 1)).unwrap();
        let span = Span::new(date(start), leaving.map(|(end, _, _)| date(end))).unwrap();
        let employment = Employment::new(
            id.clone(),
            worker.clone(),
            span,
            None,
            leaving.map(|(_, reason, _)| reason),
            leaving.map(|(_, _, destination)| destination),
        )
        .unwrap();
        self.workforce.employments.push(employment);
        self.workforce.assignments.push(Assignment {
            employment_id: id,
            span,
            team_id: None,
            role: Role::SocialWorker,
            contract,
            fte: Fte::new(fte).unwrap(),
        });
    }

    fn caseload(&mut self, worker: &WorkerId, as_of: &str, cases: u32) {
        self.workforce.caseloads.push(Caseload {
            worker_id: worker.clone(),
            as_of: date(as_of),
            cases,
        });
    }

    fn vacancy(&mut self, opened: &str, fte: f64) {
        let id = VacancyId::parse(&format!("V{:04}", self.workforce.vacancies.len() + 1)).unwrap();
        self.workforce.vacancies.push(Vacancy {
            id,
            team_id: None,
            role: Role::SocialWorker,
            fte: Fte::new(fte).unwrap(),
            open: Span::new(date(opened), None).unwrap(),
            stage: crate::codes::VacancyStage::Advertised,
            covered_by_agency: None,
        });
    }

    fn cohort(&mut self, id: &str, start: &str) -> CohortId {
        let id = CohortId::parse(id).unwrap();
        self.workforce.cohorts.push(Cohort {
            id: id.clone(),
            name: "Academy".into(),
            programme: Programme::Full,
            start_date: date(start),
        });
        id
    }

    fn member(
        &mut self,
        cohort: &CohortId,
        worker: &WorkerId,
        joined: &str,
        completed: Option<&str>,
    ) {
        let member = AcademyMember::new(
            cohort.clone(),
            worker.clone(),
            date(joined),
            completed.map(date),
            None,
        )
        .unwrap();
        self.workforce.academy_members.push(member);
    }

    fn measure(self, on: &str) -> ScopeMeasures {
        let report = compute(&[self.workforce], &MeasureOptions::at(date(on)));
        report.authorities["888"].clone()
    }
}

const D: &str = "2024-09-30";

#[test]
fn a_cohort_of_44_with_one_emigrant_and_two_moves_to_adults_keeps_41_in_childrens_services() {
    let mut council = Council::new();
    let cohort = council.cohort("C2022", "2022-09-05");
    for index in 0..44 {
        let worker = council.worker();
        let leaving = match index {
            0 => Some((
                "2024-03-31",
                LeavingReason::Resignation,
                Destination::OutsideEngland,
            )),
            1 | 2 => Some((
                "2024-06-30",
                LeavingReason::MovedWithinCouncil,
                Destination::OtherSocialWork,
            )),
            _ => None,
        };
        council.employ(&worker, "2022-09-05", leaving, Contract::Permanent, 1.0);
        council.member(&cohort, &worker, "2022-09-05", Some("2023-09-01"));
    }
    let academy = council.measure(D).academy;
    let total = academy.total;
    assert_eq!((total.members, total.completed), (44, 44));
    assert_eq!(
        (
            total.all.retained_children,
            total.all.retained_council,
            total.all.left_council
        ),
        (41, 43, 1)
    );
    assert_eq!(
        format!("{:.1}%", total.all.retained_children_rate.unwrap() * 100.0),
        "93.2%"
    );
    assert_eq!(
        format!("{:.1}%", total.all.retained_council_rate.unwrap() * 100.0),
        "97.7%"
    );
    assert_eq!(total.of_completed, total.all);
}

#[test]
fn caseloads_in_the_proportions_52_34_11_3_give_exactly_those_band_shares() {
    let mut council = Council::new();
    let bands = [(52, 12), (34, 22), (11, 27), (3, 31)];
    for (people, cases) in bands {
        for _ in 0..people {
            let worker = council.worker();
            council.employ(&worker, "2020-01-06", None, Contract::Permanent, 1.0);
            council.caseload(&worker, "2024-09-30", cases);
        }
    }
    let workforce = council.measure(D).workforce;
    assert_eq!(workforce.caseload_workers, 100);
    let shares: Vec<f64> = workforce
        .caseload_bands
        .0
        .iter()
        .map(|(_, band)| band.share.unwrap())
        .collect();
    assert_eq!(shares, [0.52, 0.34, 0.11, 0.03]);
    let labels: Vec<&str> = workforce
        .caseload_bands
        .0
        .iter()
        .map(|(label, _)| label.as_str())
        .collect();
    assert_eq!(labels, ["0-19", "20-24", "25-29", "30+"]);
}

#[test]
fn cohort_members_who_left_for_agency_work_and_came_back_count_as_retained() {
    let mut council = Council::new();
    let cohort = council.cohort("C2021", "2021-09-06");
    for index in 0..10 {
        let worker = council.worker();
        if index < 2 {
            council.employ(
                &worker,
                "2021-09-06",
                Some((
                    "2022-12-31",
                    LeavingReason::Resignation,
                    Destination::Agency,
                )),
                Contract::Permanent,
                1.0,
            );
            council.employ(&worker, "2023-06-05", None, Contract::Permanent, 1.0);
        } else {
            council.employ(&worker, "2021-09-06", None, Contract::Permanent, 1.0);
        }
        council.member(&cohort, &worker, "2021-09-06", Some("2022-09-01"));
    }
    let measures = council.measure(D);
    assert_eq!(measures.academy.total.all.retained_children, 10);
    assert_eq!(measures.academy.total.all.left_council, 0);
    assert_eq!(measures.leavers.returners, 2);
    assert_eq!(measures.leavers.returners_in_year, 0);
}

/// England, 30 September 2022 (DfE, Children's social work workforce): turnover
/// 17.1%, agency rate 17.6%, vacancy rate 20.0%, average caseload 16.6.
#[test]
fn records_built_like_england_in_2022_give_the_dfes_published_rates() {
    let mut council = Council::new();
    // 1,000 social workers in post, full time, holding 16,600 cases between them.
    for index in 0..1000 {
        let worker = council.worker();
        council.employ(&worker, "2018-04-02", None, Contract::Permanent, 1.0);
        council.caseload(&worker, "2022-09-30", if index < 600 { 17 } else { 16 });
    }
    // 171 FTE left during the year.
    for _ in 0..171 {
        let worker = council.worker();
        council.employ(
            &worker,
            "2019-01-07",
            Some((
                "2022-05-31",
                LeavingReason::Resignation,
                Destination::Agency,
            )),
            Contract::Permanent,
            1.0,
        );
    }
    // 214 agency workers: 214 / 1,214 = 17.6%.
    for _ in 0..214 {
        let worker = council.worker();
        council.employ(&worker, "2022-01-10", None, Contract::Agency, 1.0);
    }
    // 250 FTE vacant: 250 / 1,250 = 20.0%.
    for _ in 0..250 {
        council.vacancy("2022-03-01", 1.0);
    }
    let workforce = council.measure("2022-09-30").workforce;
    let one_decimal = |rate: Option<f64>| format!("{:.1}", rate.unwrap() * 100.0);
    assert_eq!(one_decimal(workforce.turnover_rate), "17.1");
    assert_eq!(one_decimal(workforce.agency_rate), "17.6");
    assert_eq!(one_decimal(workforce.vacancy_rate), "20.0");
    assert_eq!(format!("{:.1}", workforce.caseload_fte.unwrap()), "16.6");
}

#[test]
fn an_empty_installation_gives_an_all_scope_with_nothing_to_divide() {
    let report: MeasuresReport = compute(&[], &MeasureOptions::at(date(D)));
    assert_eq!(report.authorities.keys().collect::<Vec<_>>(), ["all"]);
    let all = &report.authorities["all"];
    assert_eq!(all.workforce.headcount, 0);
    assert_eq!(all.workforce.fte, 0.0);
    for rate in [
        all.workforce.agency_rate,
        all.workforce.vacancy_rate,
        all.workforce.turnover_rate,
        all.workforce.caseload_fte,
        all.workforce.absence_rate,
        all.workforce.median_service_years,
        all.leavers.attrition_rate,
    ] {
        assert_eq!(rate, None);
    }
    assert!(
        all.workforce
            .caseload_bands
            .0
            .iter()
            .all(|(_, band)| band.count == 0 && band.share.is_none())
    );
    assert_eq!(all.survival.overall, None);
    assert_eq!(all.survival.logrank_academy, None);
    assert_eq!(all.academy.total.all.retained_children_rate, None);
    let json = serde_json_free_check(all);
    assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
}

/// The figures' debug text must not hold a NaN or infinity anywhere.
fn serde_json_free_check(scope: &ScopeMeasures) -> String {
    format!("{scope:?}")
}

#[test]
fn a_date_before_any_record_measures_nothing() {
    let mut council = Council::new();
    let worker = council.worker();
    council.employ(&worker, "2020-01-06", None, Contract::Permanent, 1.0);
    council.caseload(&worker, "2020-01-31", 10);
    let measures = council.measure("2019-09-30");
    assert_eq!(measures.workforce.headcount, 0);
    assert_eq!(measures.workforce.turnover_rate, None);
    assert_eq!(measures.workforce.caseload_fte, None);
    assert_eq!(measures.survival.overall, None);
    assert_eq!(measures.leavers.count, 0);
}

#[test]
fn when_everyone_is_still_in_post_survival_stays_at_one_with_no_median() {
    let mut council = Council::new();
    for _ in 0..5 {
        let worker = council.worker();
        council.employ(&worker, "2023-01-09", None, Contract::Permanent, 1.0);
    }
    let overall = council.measure(D).survival.overall.unwrap();
    assert_eq!((overall.n, overall.events), (5, 0));
    assert_eq!(overall.median_days, None);
    let one_year = overall.at.get("1").unwrap();
    assert_eq!(
        (one_year.s, one_year.lower, one_year.upper),
        (Some(1.0), Some(1.0), Some(1.0))
    );
}

#[test]
fn agency_engagements_are_not_survival_observations_nor_social_workers() {
    let mut council = Council::new();
    let staff = council.worker();
    council.employ(&staff, "2023-01-09", None, Contract::Permanent, 0.8);
    let agency = council.worker();
    council.employ(&agency, "2023-01-09", None, Contract::Agency, 1.0);
    let measures = council.measure(D);
    assert_eq!(measures.workforce.headcount, 1);
    assert_eq!(measures.workforce.fte, 0.8);
    assert_eq!(measures.workforce.agency_fte, 1.0);
    assert_eq!(measures.survival.overall.unwrap().n, 1);
}

#[test]
fn a_caseload_counted_more_than_31_days_before_d_is_not_known() {
    let mut council = Council::new();
    let worker = council.worker();
    council.employ(&worker, "2020-01-06", None, Contract::Permanent, 1.0);
    council.caseload(&worker, "2024-08-30", 18);
    let workforce = council.measure(D).workforce;
    assert_eq!(workforce.caseload_workers, 0);
    assert_eq!(workforce.case_holders, 0);
    let mut council = Council::new();
    let worker = council.worker();
    council.employ(&worker, "2020-01-06", None, Contract::Permanent, 1.0);
    council.caseload(&worker, "2024-08-31", 18);
    assert_eq!(council.measure(D).workforce.case_holders, 1);
}
