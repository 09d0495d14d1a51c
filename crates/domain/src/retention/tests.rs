use super::*;
use crate::CouncilCode;
use crate::codes::LeavingReason;
use crate::ids::EmploymentId;
use crate::measures::profile::AGE_BANDS;
use crate::records::Employment;
use crate::values::{Span, parse_date};

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn worker(id: &str, born: &str) -> Worker {
    Worker {
        id: WorkerId::parse(id).unwrap(),
        given_name: "Ada".into(),
        family_name: format!("Lovelace {id}"),
        swe_number: Some(crate::values::SweNumber::parse("SW12345").unwrap()),
        gender: None,
        date_of_birth: Some(date(born)),
        ethnicity: None,
        qualified_on: None,
        qualification_institution: Some("University of Leeds".into()),
        qualification_level: None,
        route: None,
        bsl: Some(true),
        languages: vec!["Welsh".into()],
    }
}

fn employment(id: &str, worker: &str, start: &str, end: Option<&str>) -> Employment {
    Employment::new(
        EmploymentId::parse(id).unwrap(),
        WorkerId::parse(worker).unwrap(),
        Span::new(date(start), end.map(date)).unwrap(),
        None,
        end.map(|_| LeavingReason::Resignation),
        None,
    )
    .unwrap()
}

/// W1 left on 31 March 2018; W2 left then too but came back in 2020 and is in post.
fn council() -> Workforce {
    let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
    workforce.workers = vec![worker("W1", "1978-06-15"), worker("W2", "1975-01-02")];
    workforce.employments = vec![
        employment("E1", "W1", "2010-04-01", Some("2018-03-31")),
        employment("E2", "W2", "2012-09-01", Some("2018-03-31")),
        employment("E3", "W2", "2020-01-06", None),
    ];
    workforce.exit_interviews = vec![ExitInterview {
        worker_id: WorkerId::parse("W1").unwrap(),
        held_on: date("2018-03-20"),
        primary_reason: crate::codes::ExitReason::Caseload,
        would_return: None,
        comments: Some("My manager Jo Bloggs was great".into()),
    }];
    workforce
}

fn expired_ids(settings: &RetentionSettings, on: &str) -> Vec<String> {
    expired_workers(&council(), settings, date(on))
        .into_iter()
        .map(|expired| expired.worker_id.to_string())
        .collect()
}

#[test]
fn a_leaver_six_years_and_a_day_ago_is_expired_and_one_a_day_short_is_not() {
    let six = RetentionSettings::default();
    assert_eq!(expired_ids(&six, "2024-03-30"), Vec::<String>::new());
    assert_eq!(expired_ids(&six, "2024-04-01"), vec!["W1"]);
    // Due from the sixth anniversary of the last day worked, as candidates are.
    assert_eq!(expired_ids(&six, "2024-03-31"), vec!["W1"]);
}

#[test]
fn a_returner_who_came_back_is_not_expired() {
    let six = RetentionSettings::default();
    assert!(!expired_ids(&six, "2040-01-01").contains(&"W2".to_owned()));
    assert_eq!(left_on(&council(), &WorkerId::parse("W2").unwrap()), None);
}

#[test]
fn with_the_25_year_setting_records_are_kept_25_years() {
    let long = RetentionSettings::new(25).unwrap();
    assert_eq!(long.employment_years(), 25);
    assert!(expired_ids(&long, "2024-04-01").is_empty());
    assert!(expired_ids(&long, "2043-03-30").is_empty());
    assert_eq!(expired_ids(&long, "2043-04-01"), vec!["W1"]);
}

#[test]
fn the_period_is_from_6_to_25_years() {
    assert_eq!(RetentionSettings::new(5), Err(RetentionSettingsError(5)));
    assert_eq!(RetentionSettings::new(26), Err(RetentionSettingsError(26)));
    assert!(RetentionSettings::new(6).is_ok());
    assert_eq!(RetentionSettings::default().employment_years(), 6);
}

#[test]
fn the_band_boundaries_are_where_the_profiles_age_band_changes() {
    for age in 0..120 {
        let changes = age_band(age) != age_band(age - 1);
        assert_eq!(
            changes,
            BAND_BOUNDARIES.contains(&(age as u32)),
            "age {age}"
        );
    }
    assert_eq!(AGE_BANDS.len(), BAND_BOUNDARIES.len() + 1);
}

/// A small deterministic generator, so the proof covers many cases without a
/// dependency and fails the same way every time.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn the_replacement_birth_date_gives_the_same_age_band_on_every_day_in_post() {
    let mut random = Lcg(11);
    let origin = date("1940-01-01");
    let day = |offset: u64| origin + chrono::TimeDelta::days(offset as i64);
    // Include 29 February births and band boundaries reached while in post.
    let mut births: Vec<Date> = vec![date("1964-02-29"), date("1980-02-29"), date("1990-12-31")];
    births.extend((0..400).map(|_| day(random.below(60 * 365))));
    for born in births {
        let mut periods = Vec::new();
        let mut start = born + chrono::TimeDelta::days(16 * 365 + random.below(40 * 365) as i64);
        for _ in 0..=random.below(3) {
            let end = start + chrono::TimeDelta::days(random.below(12 * 365) as i64);
            periods.push((start, end));
            start = end + chrono::TimeDelta::days(1 + random.below(4 * 365) as i64);
        }
        let kept = band_keeping_birth_date(born, &periods).unwrap();
        for &(first, last) in &periods {
            let mut on = first;
            while on <= last {
                assert_eq!(
                    age_band(age_on(kept, on)),
                    age_band(age_on(born, on)),
                    "born {born}, kept {kept}, on {on}, periods {periods:?}"
                );
                on = on.succ_opt().unwrap();
            }
        }
    }
}

#[test]
fn the_replacement_birth_date_depends_only_on_the_bands_while_in_post() {
    // Both were 30 to 39 throughout 2010-2018: they get the same date, which is not
    // either real one.
    let periods = [(date("2010-04-01"), date("2018-03-31"))];
    let one = band_keeping_birth_date(date("1978-06-15"), &periods).unwrap();
    let other = band_keeping_birth_date(date("1979-01-02"), &periods).unwrap();
    assert_eq!(one, other);
    assert_eq!(one, date("1980-04-01"));
    assert!(band_keeping_birth_date(date("1978-06-15"), &[]).is_none());
}

#[test]
fn reaching_a_band_while_in_post_keeps_the_day_it_was_reached() {
    // Turned 30 on 15 June 2010 while in post: the profile of 14 and 15 June 2010
    // shows that day, so the replacement must reach 30 on it too.
    let periods = [(date("2010-04-01"), date("2018-03-31"))];
    assert_eq!(
        band_keeping_birth_date(date("1980-06-15"), &periods),
        Some(date("1980-06-15"))
    );
}

#[test]
fn anonymising_removes_names_contact_birth_date_and_words_and_keeps_the_rest() {
    let workforce = council();
    let run = retention_run(
        &workforce,
        &Academy::default(),
        &Career::default(),
        &Recruitment::default(),
        &RetentionSettings::default(),
        date("2024-04-01"),
    );
    assert_eq!(run.workers.len(), 1);
    assert_eq!(run.workers[0].worker_id.as_str(), "W1");
    let anonymised = &run.workforce.workers[0];
    let original = &workforce.workers[0];
    assert_eq!(anonymised.given_name, ANONYMISED);
    assert_eq!(anonymised.family_name, ANONYMISED);
    assert_eq!(anonymised.swe_number, None);
    assert_ne!(anonymised.date_of_birth, original.date_of_birth);
    assert_eq!(anonymised.languages, original.languages);
    assert_eq!(anonymised.bsl, original.bsl);
    assert_eq!(run.workforce.exit_interviews.len(), 1);
    assert_eq!(run.workforce.exit_interviews[0].comments, None);
    assert_eq!(
        run.workforce.exit_interviews[0].primary_reason,
        workforce.exit_interviews[0].primary_reason
    );
}

#[test]
fn a_students_name_is_anonymised_the_period_after_the_placement_ended() {
    let mut workforce = council();
    workforce.placements = vec![Placement {
        id: crate::ids::PlacementId::parse("P1").unwrap(),
        student_name: "Sam Student".into(),
        university: "University of Leeds".into(),
        number: crate::codes::PlacementNumber::First,
        team_id: None,
        span: Span::new(date("2018-01-08"), Some(date("2018-03-30"))).unwrap(),
        outcome: None,
        hired_worker_id: None,
    }];
    let run = |on: &str| {
        retention_run(
            &workforce,
            &Academy::default(),
            &Career::default(),
            &Recruitment::default(),
            &RetentionSettings::default(),
            date(on),
        )
    };
    assert!(run("2024-03-29").students.is_empty());
    let due = run("2024-03-30");
    assert_eq!(due.students.len(), 1);
    assert_eq!(due.workforce.placements[0].student_name, ANONYMISED);
    assert_eq!(
        due.workforce.placements[0].university,
        "University of Leeds"
    );
}

#[test]
fn a_second_run_on_the_same_day_finds_nothing() {
    let mut workforce = council();
    let on = date("2024-04-01");
    let settings = RetentionSettings::default();
    let empty = (
        Academy::default(),
        Career::default(),
        Recruitment::default(),
    );
    let run = retention_run(&workforce, &empty.0, &empty.1, &empty.2, &settings, on);
    assert!(!run.is_empty());
    workforce.workers[0] = run.workforce.workers[0].clone();
    workforce.exit_interviews[0] = run.workforce.exit_interviews[0].clone();
    let again = retention_run(&workforce, &empty.0, &empty.1, &empty.2, &settings, on);
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn an_agency_worker_throughout_loses_the_date_of_birth_and_an_own_spell_keeps_its_bands() {
    use crate::codes::{Contract, Role};
    use crate::records::Assignment;
    let assignment = |contract: Contract, start: &str, end: &str| Assignment {
        employment_id: EmploymentId::parse("E1").unwrap(),
        span: Span::new(date(start), Some(date(end))).unwrap(),
        team_id: None,
        role: Role::SocialWorker,
        contract,
        fte: crate::values::Fte::parse("1").unwrap(),
    };
    let mut workforce = council();
    let id = WorkerId::parse("W1").unwrap();
    workforce.assignments = vec![assignment(Contract::Agency, "2010-04-01", "2018-03-31")];
    let on = date("2024-04-01");
    assert_eq!(periods_counted(&workforce, &id, on), vec![]);
    let run = retention_run(
        &workforce,
        &Academy::default(),
        &Career::default(),
        &Recruitment::default(),
        &RetentionSettings::default(),
        on,
    );
    assert_eq!(run.workforce.workers[0].date_of_birth, None);

    // Agency until 2014, then permanent: only the permanent spell is counted.
    workforce.assignments = vec![
        assignment(Contract::Agency, "2010-04-01", "2013-12-31"),
        assignment(Contract::Permanent, "2014-01-01", "2018-03-31"),
    ];
    assert_eq!(
        periods_counted(&workforce, &id, on),
        vec![(date("2014-01-01"), date("2018-03-31"))]
    );
}
