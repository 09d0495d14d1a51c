use super::*;
use crate::codes::{Contract, Service};
use crate::council::CouncilCode;
use crate::ids::{EmploymentId, TeamId, WorkerId};
use crate::measures::{MeasureOptions, index::CouncilIndex, workforce::figures, year_start};
use crate::records::{Assignment, Caseload, Employment, Team};
use crate::values::{Date, Fte, Span, parse_date};
use crate::workforce::Workforce;

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn worker(id: &str) -> WorkerId {
    WorkerId::parse(id).unwrap()
}

/// A council with teams T1 and T2 (children's) and workers added by [`hire`].
fn council() -> Workforce {
    let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
    for id in ["T1", "T2"] {
        workforce.teams.push(Team {
            id: TeamId::parse(id).unwrap(),
            name: format!("Team {id}"),
            service: Service::Children,
            locality: None,
        });
    }
    workforce
}

fn hire(workforce: &mut Workforce, id: &str, team: &str, role: Role, contract: Contract, fte: f64) {
    let span = Span::new(date("2020-01-06"), None).unwrap();
    let employment = EmploymentId::parse(&format!("E{id}")).unwrap();
    workforce
        .employments
        .push(Employment::new(employment.clone(), worker(id), span, None, None, None).unwrap());
    workforce.assignments.push(Assignment {
        employment_id: employment,
        span,
        team_id: Some(TeamId::parse(team).unwrap()),
        role,
        contract,
        fte: Fte::new(fte).unwrap(),
    });
}

fn count(workforce: &mut Workforce, id: &str, on: &str, cases: u32) {
    workforce.caseloads.push(Caseload {
        worker_id: worker(id),
        as_of: date(on),
        cases,
    });
}

fn at<'w>(workforce: &'w Workforce, settings: &CaseloadSettings, on: &str) -> CaseloadsAt<'w> {
    caseloads_at(workforce, settings, 18, date(on))
}

#[test]
fn the_default_settings_are_good_and_give_the_four_bands() {
    let settings = CaseloadSettings::default();
    assert_eq!(settings.problems(), vec![]);
    assert_eq!(settings.band_labels(), ["0-19", "20-24", "25-29", "30+"]);
    assert_eq!(settings.measure_bounds(), [20, 25, 30]);
}

#[test]
fn bands_change_at_their_lower_bounds() {
    let settings = CaseloadSettings::default();
    for (cases, band) in [
        (0, 0),
        (19, 0),
        (20, 1),
        (24, 1),
        (25, 2),
        (29, 2),
        (30, 3),
        (80, 3),
    ] {
        assert_eq!(settings.band_of(cases), band, "{cases} cases");
    }
}

#[test]
fn a_worker_is_above_their_threshold_only_past_it() {
    let mut settings = CaseloadSettings::default();
    settings.thresholds.insert(Role::SocialWorker, 19);
    settings.thresholds.insert(Role::SeniorSocialWorker, 24);
    settings.thresholds.insert(Role::AdvancedPractitioner, 29);
    let mut workforce = council();
    let cases = [
        ("W1", Role::SocialWorker, 19),
        ("W2", Role::SocialWorker, 20),
        ("W3", Role::SeniorSocialWorker, 24),
        ("W4", Role::SeniorSocialWorker, 25),
        ("W5", Role::AdvancedPractitioner, 29),
        ("W6", Role::AdvancedPractitioner, 30),
        ("W7", Role::Asye, 18),
        ("W8", Role::Asye, 19),
    ];
    for (id, role, held) in cases {
        hire(&mut workforce, id, "T1", role, Contract::Permanent, 1.0);
        count(&mut workforce, id, "2024-09-20", held);
    }
    let view = at(&workforce, &settings, "2024-09-30");
    let alerted: Vec<&str> = view
        .alerts
        .iter()
        .map(|alert| alert.worker.worker_id.as_str())
        .collect();
    assert_eq!(alerted, ["W2", "W4", "W6", "W8"]);
    let w8 = view
        .workers
        .iter()
        .find(|w| w.worker_id.as_str() == "W8")
        .unwrap();
    assert_eq!(
        w8.threshold, 18,
        "an ASYE worker is held to the academy's limit"
    );
    assert_eq!(
        view.alerts[0].reasons,
        [AlertReason::AboveThreshold {
            cases: 20,
            threshold: 19
        }]
    );
}

#[test]
fn an_alert_is_raised_by_a_count_above_threshold_and_cleared_by_a_later_one_within_it() {
    let settings = CaseloadSettings::default();
    let mut workforce = council();
    hire(
        &mut workforce,
        "W1",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    count(&mut workforce, "W1", "2024-06-01", 22);
    assert_eq!(at(&workforce, &settings, "2024-06-10").alerts.len(), 1);
    count(&mut workforce, "W1", "2024-06-15", 20);
    assert!(at(&workforce, &settings, "2024-06-20").alerts.is_empty());
    // Before the later count, the alert still stands on its own date.
    assert_eq!(at(&workforce, &settings, "2024-06-14").alerts.len(), 1);
}

#[test]
fn rising_fast_is_a_rise_of_five_within_62_days_and_clears_when_it_falls_back() {
    let settings = CaseloadSettings::default();
    let mut workforce = council();
    hire(
        &mut workforce,
        "W1",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    hire(
        &mut workforce,
        "W2",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    hire(
        &mut workforce,
        "W3",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    // W1: up 5 in exactly 62 days. W2: up 4. W3: up 5 but over 63 days.
    count(&mut workforce, "W1", "2024-07-01", 10);
    count(&mut workforce, "W1", "2024-09-01", 15);
    count(&mut workforce, "W2", "2024-07-01", 10);
    count(&mut workforce, "W2", "2024-09-01", 14);
    count(&mut workforce, "W3", "2024-06-30", 10);
    count(&mut workforce, "W3", "2024-09-01", 15);
    let view = at(&workforce, &settings, "2024-09-10");
    assert_eq!(view.alerts.len(), 1);
    assert_eq!(view.alerts[0].worker.worker_id.as_str(), "W1");
    assert_eq!(
        view.alerts[0].reasons,
        [AlertReason::RisingFast {
            from: 10,
            from_on: date("2024-07-01"),
            rise: 5,
            days: 62
        }]
    );
    count(&mut workforce, "W1", "2024-09-15", 12);
    assert!(at(&workforce, &settings, "2024-09-20").alerts.is_empty());
}

#[test]
fn rising_fast_can_be_set_by_the_council() {
    let settings = CaseloadSettings {
        rising_cases: 3,
        rising_days: 30,
        ..CaseloadSettings::default()
    };
    let mut workforce = council();
    hire(
        &mut workforce,
        "W1",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    count(&mut workforce, "W1", "2024-08-20", 10);
    count(&mut workforce, "W1", "2024-09-19", 13);
    assert_eq!(at(&workforce, &settings, "2024-09-20").alerts.len(), 1);
}

#[test]
fn the_team_view_counts_bands_and_caseload_per_fte_as_worked_by_hand() {
    // Team T1: W1 full time 18 cases, W2 half time 12 cases, W3 agency 0.8 FTE 26
    // cases, W4 full time with no cases, W5 no count. Team T2: W6 30 cases.
    // Cases: 18 + 12 + 26 = 56, over FTE 1 + 0.5 + 0.8 = 2.3: 24.35 per FTE.
    // Bands (own staff only): W1 and W4 in 0-19, W2 ... 12 is 0-19 too: three in
    // 0-19; W3 is agency and not banded.
    let settings = CaseloadSettings::default();
    let mut workforce = council();
    hire(
        &mut workforce,
        "W1",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    hire(
        &mut workforce,
        "W2",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        0.5,
    );
    hire(
        &mut workforce,
        "W3",
        "T1",
        Role::SocialWorker,
        Contract::Agency,
        0.8,
    );
    hire(
        &mut workforce,
        "W4",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    hire(
        &mut workforce,
        "W5",
        "T1",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    hire(
        &mut workforce,
        "W6",
        "T2",
        Role::SocialWorker,
        Contract::Permanent,
        1.0,
    );
    count(&mut workforce, "W1", "2024-09-30", 18);
    count(&mut workforce, "W2", "2024-09-01", 12);
    count(&mut workforce, "W3", "2024-09-15", 26);
    count(&mut workforce, "W4", "2024-09-15", 0);
    // Too old: 31 days before D is outside (D − 31 days, D].
    count(&mut workforce, "W5", "2024-08-30", 40);
    count(&mut workforce, "W6", "2024-09-30", 30);
    let view = at(&workforce, &settings, "2024-09-30");
    let t1 = &view.teams[0];
    assert_eq!(t1.team.id.as_str(), "T1");
    assert_eq!(t1.workers.len(), 5);
    assert_eq!(t1.cases, 56);
    assert_eq!(t1.case_holders, 3);
    assert!((t1.case_holders_fte - 2.3).abs() < 1e-9);
    assert!((t1.caseload_fte.unwrap() - 56.0 / 2.3).abs() < 1e-9);
    assert_eq!(t1.band_counts, [3, 0, 0, 0]);
    assert_eq!(t1.alerts, 1, "the agency worker's 26 cases are above 20");
    let t2 = &view.teams[1];
    assert_eq!(t2.band_counts, [0, 0, 0, 1]);
    assert_eq!(t2.caseload_fte, Some(30.0));

    // The teams together give the council's figures as the measures compute them.
    let index = CouncilIndex::new(&workforce);
    let options = MeasureOptions::at(date("2024-09-30"));
    let council = figures(&[&index], &options, year_start(options.date));
    let cases: u64 = view.teams.iter().map(|t| t.cases).sum();
    let fte: f64 = view.teams.iter().map(|t| t.case_holders_fte).sum();
    assert_eq!(cases, council.cases);
    assert!((fte - council.case_holders_fte).abs() < 1e-9);
    for (band, label) in view.band_labels.iter().enumerate() {
        let teams: u64 = view.teams.iter().map(|t| t.band_counts[band]).sum();
        assert_eq!(
            Some(teams),
            council.caseload_bands.get(label).map(|b| b.count)
        );
    }
}

#[test]
fn a_worker_who_has_left_is_not_on_the_alert_list() {
    let settings = CaseloadSettings::default();
    let mut workforce = council();
    let span = Span::new(date("2020-01-06"), Some(date("2024-09-05"))).unwrap();
    let employment = EmploymentId::parse("EW1").unwrap();
    workforce.employments.push(
        Employment::new(
            employment.clone(),
            worker("W1"),
            span,
            None,
            Some(crate::codes::LeavingReason::Resignation),
            None,
        )
        .unwrap(),
    );
    workforce.assignments.push(Assignment {
        employment_id: employment,
        span,
        team_id: Some(TeamId::parse("T1").unwrap()),
        role: Role::SocialWorker,
        contract: Contract::Permanent,
        fte: Fte::FULL,
    });
    count(&mut workforce, "W1", "2024-09-01", 35);
    assert_eq!(at(&workforce, &settings, "2024-09-02").alerts.len(), 1);
    assert!(at(&workforce, &settings, "2024-09-10").alerts.is_empty());
}

#[test]
fn a_trend_gives_each_count_with_the_threshold_of_the_role_on_its_date() {
    let settings = CaseloadSettings::default();
    let mut workforce = council();
    hire(
        &mut workforce,
        "W1",
        "T1",
        Role::Asye,
        Contract::Permanent,
        1.0,
    );
    count(&mut workforce, "W1", "2024-03-01", 12);
    count(&mut workforce, "W1", "2019-03-01", 3);
    let points = trend(&workforce, &worker("W1"), &settings, 16);
    assert_eq!(points.len(), 2);
    assert_eq!(points[0].threshold, None, "not in post in 2019");
    assert_eq!(points[1].threshold, Some(16));
    assert_eq!(points[1].band, "0-19");
}

#[test]
fn settings_problems_say_specifically_what_is_wrong() {
    let mut settings = CaseloadSettings {
        band_bounds: vec![5, 20, 20],
        rising_cases: 0,
        rising_days: 0,
        ..CaseloadSettings::default()
    };
    settings.thresholds.insert(Role::SocialWorker, 0);
    settings.thresholds.remove(&Role::TeamManager);
    settings.thresholds.insert(Role::Asye, 10);
    let messages: Vec<String> = settings.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(
        messages,
        [
            "The first band must start at 0 cases, not 5",
            "Band lower bound 3 (20) must be more than the one before it (20)",
            "The threshold for asye is the academy's ASYE caseload limit: change it on the academy's settings",
            "The threshold for social_worker must be a whole number of cases from 1 to 999",
            "Enter a threshold for team_manager",
            "The rise that counts as rising fast must be from 1 to 999 cases",
            "The period of a fast rise must be from 1 to 366 days",
        ]
    );
    assert_eq!(settings.problems()[3].field(), "thresholds.social_worker");
    let empty = CaseloadSettings {
        band_bounds: vec![],
        ..CaseloadSettings::default()
    };
    assert_eq!(empty.problems(), [SettingsError::NoBands]);
}
