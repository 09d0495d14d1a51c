//! Tests of the whole generator: determinism, the rules Pathway's import enforces, and
//! realistic headline figures on the last day of history.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::Datelike;
use pathway_domain::codes::{AsyeOutcome, Contract, LeavingReason, Programme, Service};
use pathway_domain::records::Employment;
use pathway_domain::values::{Date, Span};
use pathway_domain::workforce::Record;
use pathway_domain::{Council, Workforce};

use crate::calendar::{plus, years_before};
use crate::{DemoOptions, MAX_COUNCILS, generate};

fn options(councils: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        councils,
        seed,
        ..DemoOptions::default()
    }
}

fn duplicates<R: Record>(table: &[R], broken: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for record in table {
        if !seen.insert(record.key()) {
            broken.push(format!("{}: duplicate {}", R::FILE, record.describe_key()));
        }
    }
}

/// Every rule between records that Pathway's import enforces (the domain's own check,
/// and the same rules again independently, with key uniqueness), plus "nothing after the
/// last day"; returns the ones broken.
fn broken_rules(workforce: &Workforce, until: Date) -> Vec<String> {
    let mut broken: Vec<String> = pathway_domain::rules::check(workforce)
        .into_iter()
        .map(|violation| {
            format!(
                "{}[{}].{}: {}",
                violation.file, violation.index, violation.column, violation.message
            )
        })
        .collect();
    let w = workforce;
    duplicates(&w.teams, &mut broken);
    duplicates(&w.workers, &mut broken);
    duplicates(&w.employments, &mut broken);
    duplicates(&w.assignments, &mut broken);
    duplicates(&w.caseloads, &mut broken);
    duplicates(&w.vacancies, &mut broken);
    duplicates(&w.cohorts, &mut broken);
    duplicates(&w.academy_members, &mut broken);
    duplicates(&w.placements, &mut broken);
    duplicates(&w.recruitment_events, &mut broken);
    duplicates(&w.absences, &mut broken);
    duplicates(&w.exit_interviews, &mut broken);

    let workers: BTreeSet<_> = w.workers.iter().map(|r| r.id.clone()).collect();
    let teams: BTreeSet<_> = w.teams.iter().map(|r| r.id.clone()).collect();
    let cohorts: BTreeSet<_> = w.cohorts.iter().map(|r| r.id.clone()).collect();
    let employments: BTreeMap<_, &Employment> =
        w.employments.iter().map(|r| (r.id().clone(), r)).collect();
    let check_worker =
        |file: &str, id: &pathway_domain::ids::WorkerId, broken: &mut Vec<String>| {
            if !workers.contains(id) {
                broken.push(format!("{file}: unknown worker {id}"));
            }
        };
    for e in &w.employments {
        check_worker("employments", e.worker_id(), &mut broken);
    }
    for c in &w.caseloads {
        check_worker("caseloads", &c.worker_id, &mut broken);
    }
    for m in &w.academy_members {
        check_worker("academy_members", m.worker_id(), &mut broken);
        if !cohorts.contains(m.cohort_id()) {
            broken.push(format!("academy_members: unknown cohort {}", m.cohort_id()));
        }
    }
    for a in &w.absences {
        check_worker("absences", a.worker_id(), &mut broken);
    }
    for x in &w.exit_interviews {
        check_worker("exit_interviews", &x.worker_id, &mut broken);
    }
    for p in &w.placements {
        if let Some(id) = &p.hired_worker_id {
            check_worker("placements", id, &mut broken);
        }
    }
    let team_ids = w
        .assignments
        .iter()
        .filter_map(|a| a.team_id.as_ref())
        .chain(w.vacancies.iter().filter_map(|v| v.team_id.as_ref()))
        .chain(w.placements.iter().filter_map(|p| p.team_id.as_ref()));
    for team in team_ids {
        if !teams.contains(team) {
            broken.push(format!("unknown team {team}"));
        }
    }

    // A worker's employments do not overlap.
    let mut by_worker: HashMap<_, Vec<Span>> = HashMap::new();
    for e in &w.employments {
        by_worker
            .entry(e.worker_id().clone())
            .or_default()
            .push(e.span());
    }
    for (worker, spans) in &by_worker {
        for (i, a) in spans.iter().enumerate() {
            if spans[i + 1..].iter().any(|b| a.overlaps(*b)) {
                broken.push(format!("employments of {worker} overlap"));
            }
        }
    }
    // Assignments lie within their employment, do not overlap, and one covers its
    // first day.
    let mut by_employment: HashMap<_, Vec<Span>> = HashMap::new();
    for a in &w.assignments {
        match employments.get(&a.employment_id) {
            None => broken.push(format!(
                "assignment of unknown employment {}",
                a.employment_id
            )),
            Some(e) if !e.span().contains(a.span) => {
                broken.push(format!(
                    "assignment of {} outside its employment",
                    a.employment_id
                ));
            }
            Some(_) => by_employment
                .entry(a.employment_id.clone())
                .or_default()
                .push(a.span),
        }
    }
    for e in &w.employments {
        let spans = by_employment
            .get(e.id())
            .map(Vec::as_slice)
            .unwrap_or_default();
        if !spans.iter().any(|s| s.covers(e.span().start())) {
            broken.push(format!(
                "employment {} has no assignment on its first day",
                e.id()
            ));
        }
        for (i, a) in spans.iter().enumerate() {
            if spans[i + 1..].iter().any(|b| a.overlaps(*b)) {
                broken.push(format!("assignments of {} overlap", e.id()));
            }
        }
    }

    // Registration numbers are unique.
    let mut numbers = BTreeSet::new();
    for worker in &w.workers {
        if let Some(number) = &worker.swe_number
            && !numbers.insert(number.clone())
        {
            broken.push(format!("SWE number {number} used twice"));
        }
    }

    // Nothing is dated after the last day of history.
    let mut dates: Vec<(&str, Date)> = Vec::new();
    let mut span = |file: &'static str, span: Span| {
        dates.push((file, span.start()));
        if let Some(end) = span.end() {
            dates.push((file, end));
        }
    };
    w.employments
        .iter()
        .for_each(|r| span("employments", r.span()));
    w.assignments
        .iter()
        .for_each(|r| span("assignments", r.span));
    w.vacancies.iter().for_each(|r| span("vacancies", r.open));
    w.placements.iter().for_each(|r| span("placements", r.span));
    w.absences.iter().for_each(|r| {
        span(
            "absences",
            r.span().expect("demo absences end after they start"),
        )
    });
    dates.extend(
        w.workers
            .iter()
            .filter_map(|r| r.date_of_birth)
            .map(|d| ("workers", d)),
    );
    dates.extend(
        w.workers
            .iter()
            .filter_map(|r| r.qualified_on)
            .map(|d| ("workers", d)),
    );
    dates.extend(w.caseloads.iter().map(|r| ("caseloads", r.as_of)));
    dates.extend(w.cohorts.iter().map(|r| ("cohorts", r.start_date)));
    dates.extend(
        w.academy_members
            .iter()
            .map(|r| ("academy_members", r.joined_on())),
    );
    dates.extend(
        w.academy_members
            .iter()
            .filter_map(|r| r.completed_on())
            .map(|d| ("academy_members", d)),
    );
    dates.extend(
        w.recruitment_events
            .iter()
            .map(|r| ("recruitment_events", r.held_on)),
    );
    dates.extend(
        w.exit_interviews
            .iter()
            .map(|r| ("exit_interviews", r.held_on)),
    );
    for (file, date) in dates {
        if date > until {
            broken.push(format!("{file}: {date} is after {until}"));
        }
    }
    // Event funnels narrow.
    for event in &w.recruitment_events {
        let steps = [
            event.attendees,
            event.applications,
            event.offers,
            event.hires,
        ];
        let known: Vec<u32> = steps.iter().map_while(|step| *step).collect();
        if known.windows(2).any(|pair| pair[1] > pair[0]) {
            broken.push(format!("event {} funnel widens", event.id));
        }
    }
    broken
}

/// The headline figures on `day`, as metrics.md defines them.
#[derive(Debug)]
struct Figures {
    headcount: usize,
    fte: f64,
    agency_fte: f64,
    vacancy_fte: f64,
    leavers_fte: f64,
    /// Social workers in post with a known caseload, by band 0-19, 20-24, 25-29, 30+.
    bands: [usize; 4],
}

impl Figures {
    fn turnover(&self) -> f64 {
        self.leavers_fte / self.fte
    }
    fn agency_rate(&self) -> f64 {
        self.agency_fte / (self.agency_fte + self.fte)
    }
    fn vacancy_rate(&self) -> f64 {
        self.vacancy_fte / (self.vacancy_fte + self.fte)
    }
    fn under_20_share(&self) -> f64 {
        self.bands[0] as f64 / self.bands.iter().sum::<usize>() as f64
    }
}

fn figures(w: &Workforce, day: Date) -> Figures {
    let children: BTreeSet<_> = w
        .teams
        .iter()
        .filter(|t| t.service == Service::Children)
        .map(|t| t.id.clone())
        .collect();
    let in_children = |team: &Option<pathway_domain::ids::TeamId>| {
        team.as_ref().is_none_or(|t| children.contains(t))
    };
    let employments: BTreeMap<_, &Employment> =
        w.employments.iter().map(|e| (e.id().clone(), e)).collect();
    let mut in_post = BTreeMap::new();
    let (mut fte, mut agency_fte) = (0.0, 0.0);
    for a in &w.assignments {
        let employment = employments[&a.employment_id];
        if a.span.covers(day) && employment.span().covers(day) && in_children(&a.team_id) {
            if a.contract == Contract::Agency {
                agency_fte += a.fte.value();
            } else {
                fte += a.fte.value();
                in_post.insert(employment.worker_id().clone(), ());
            }
        }
    }
    let vacancy_fte = w
        .vacancies
        .iter()
        .filter(|v| {
            v.open.start() <= day
                && v.open.end().is_none_or(|closed| closed > day)
                && in_children(&v.team_id)
        })
        .map(|v| v.fte.value())
        .sum();
    let year_before = years_before(day, 1);
    let mut last_assignment: BTreeMap<_, (Date, Contract, f64)> = BTreeMap::new();
    for a in &w.assignments {
        let entry = last_assignment.entry(a.employment_id.clone()).or_insert((
            a.span.start(),
            a.contract,
            a.fte.value(),
        ));
        if a.span.start() > entry.0 {
            *entry = (a.span.start(), a.contract, a.fte.value());
        }
    }
    let leavers_fte = w
        .employments
        .iter()
        .filter(|e| {
            e.span()
                .end()
                .is_some_and(|end| end > year_before && end <= day)
        })
        .filter_map(|e| last_assignment.get(e.id()))
        .filter(|(_, contract, _)| *contract != Contract::Agency)
        .map(|(_, _, fte)| fte)
        .sum();
    let mut latest: BTreeMap<_, (Date, u32)> = BTreeMap::new();
    for c in &w.caseloads {
        if c.as_of <= day && c.as_of > plus(day, -31) {
            let entry = latest
                .entry(c.worker_id.clone())
                .or_insert((c.as_of, c.cases));
            if c.as_of >= entry.0 {
                *entry = (c.as_of, c.cases);
            }
        }
    }
    let mut bands = [0; 4];
    for (worker, (_, cases)) in &latest {
        if in_post.contains_key(worker) {
            bands[match cases {
                0..=19 => 0,
                20..=24 => 1,
                25..=29 => 2,
                _ => 3,
            }] += 1;
        }
    }
    Figures {
        headcount: in_post.len(),
        fte,
        agency_fte,
        vacancy_fte,
        leavers_fte,
        bands,
    }
}

#[test]
fn the_same_options_give_the_same_councils() {
    assert_eq!(generate(&options(2, 7)), generate(&options(2, 7)));
}

#[test]
fn a_different_seed_gives_different_people() {
    let names = |seed| {
        let (_, workforce) = generate(&options(1, seed)).remove(0);
        workforce
            .workers
            .iter()
            .map(|w| format!("{} {}", w.given_name, w.family_name))
            .collect::<Vec<_>>()
    };
    assert_ne!(names(1), names(2));
}

#[test]
fn a_council_is_the_same_whether_generated_alone_or_with_others() {
    let alone = generate(&options(1, 3)).remove(0);
    let with_others = generate(&options(3, 3)).remove(0);
    assert_eq!(alone, with_others);
}

#[test]
fn councils_are_invented_with_unique_three_digit_codes() {
    let codes: Vec<u16> = (0..MAX_COUNCILS)
        .map(|index| crate::names::council(index).code.number())
        .collect();
    assert_eq!(
        &codes[..12],
        [990, 991, 992, 993, 994, 995, 996, 997, 998, 999, 980, 981]
    );
    assert!(codes.iter().all(|code| (100..=999).contains(code)));
    assert_eq!(codes.iter().collect::<BTreeSet<_>>().len(), MAX_COUNCILS);
    let real_english = |code: u16| matches!(code, 201..=213 | 301..=394 | 420 | 800..=943);
    assert!(!codes.iter().any(|code| real_english(*code)));
    let councils: Vec<Council> = generate(&options(3, 1))
        .into_iter()
        .map(|(council, _)| council)
        .collect();
    assert_eq!(councils[0].name, "Northfield Borough Council");
    assert_eq!(councils[1].name, "Eastmoor County Council");
    assert_eq!(crate::names::council(12).name, "Demo Council 13");
}

#[test]
fn every_rule_of_the_import_holds_for_three_councils() {
    let until = DemoOptions::default().until;
    for (council, workforce) in generate(&options(3, 11)) {
        assert_eq!(workforce.council, council.code);
        let broken = broken_rules(&workforce, until);
        assert!(
            broken.is_empty(),
            "{}: {} broken, first {:?}",
            council.name,
            broken.len(),
            &broken[..broken.len().min(10)]
        );
    }
}

#[test]
fn the_rules_hold_for_another_last_day_and_a_short_history() {
    let until = Date::from_ymd_opt(2023, 2, 28).unwrap();
    let options = DemoOptions {
        councils: 2,
        seed: 4,
        until,
        years: 3,
    };
    for (council, workforce) in generate(&options) {
        let broken = broken_rules(&workforce, until);
        assert!(
            broken.is_empty(),
            "{}: {:?}",
            council.name,
            &broken[..broken.len().min(10)]
        );
    }
}

#[test]
fn headline_figures_on_the_last_day_are_realistic_for_seeds_1_to_5() {
    let until = DemoOptions::default().until;
    for seed in 1..=5 {
        for (council, w) in generate(&options(1, seed)) {
            let f = figures(&w, until);
            let context = format!("seed {seed}, {}: {f:?}", council.name);
            assert!(
                (0.10..=0.20).contains(&f.turnover()),
                "turnover {:.3}, {context}",
                f.turnover()
            );
            assert!(
                (0.10..=0.20).contains(&f.agency_rate()),
                "agency rate {:.3}, {context}",
                f.agency_rate()
            );
            assert!(
                (0.07..=0.18).contains(&f.vacancy_rate()),
                "vacancy rate {:.3}, {context}",
                f.vacancy_rate()
            );
            assert!(
                f.under_20_share() > 0.40,
                "caseloads under 20 {:.3}, {context}",
                f.under_20_share()
            );
            assert!((140..=360).contains(&f.headcount), "headcount, {context}");
        }
    }
}

#[test]
fn the_story_has_cohorts_returners_and_moves_to_adult_services() {
    let until = DemoOptions::default().until;
    for seed in 1..=5 {
        let (council, w) = generate(&options(1, seed)).remove(0);
        let context = format!("seed {seed}, {}", council.name);
        // Two cohorts (at least) in every year the academy has run.
        let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
        for cohort in &w.cohorts {
            *per_year.entry(cohort.start_date.year()).or_default() += 1;
        }
        assert!(per_year.len() >= 4, "{context}: academy years {per_year:?}");
        assert!(
            per_year.values().all(|count| *count >= 2),
            "{context}: {per_year:?}"
        );
        let full: BTreeSet<_> = w
            .cohorts
            .iter()
            .filter(|c| c.programme == Programme::Full)
            .map(|c| c.id.clone())
            .collect();
        let outcomes: Vec<_> = w
            .academy_members
            .iter()
            .filter(|m| full.contains(m.cohort_id()))
            .filter_map(|m| m.asye_outcome())
            .collect();
        assert!(
            outcomes.contains(&AsyeOutcome::Pass) && outcomes.contains(&AsyeOutcome::InProgress),
            "{context}"
        );
        // Returners: a second employment starting after the first ended.
        let mut spells: BTreeMap<_, Vec<Span>> = BTreeMap::new();
        for e in &w.employments {
            spells
                .entry(e.worker_id().clone())
                .or_default()
                .push(e.span());
        }
        let returners = spells.values().filter(|spans| spans.len() > 1).count();
        assert!(returners >= 1, "{context}: no returners");
        let moved = w
            .employments
            .iter()
            .filter(|e| {
                e.leaving()
                    .is_some_and(|l| l.reason == LeavingReason::MovedWithinCouncil)
            })
            .count();
        assert!(moved >= 1, "{context}: nobody moved to adult services");
        assert!(
            w.vacancies.iter().any(|v| v.open.end().is_none()),
            "{context}: no open vacancies"
        );
        assert!(
            w.absences.iter().any(|a| a.end_date().is_none()),
            "{context}: no open absences"
        );
        assert!(
            w.placements.iter().any(|p| p.hired_worker_id.is_some()),
            "{context}: no hired students"
        );
        assert!(
            w.caseloads.iter().any(|c| c.as_of == until),
            "{context}: no counts on the last day"
        );
    }
}

#[test]
fn text_has_the_variety_real_exports_have() {
    let (_, w) = generate(&options(1, 1)).remove(0);
    let names: Vec<String> = w
        .workers
        .iter()
        .map(|w| format!("{} {}", w.given_name, w.family_name))
        .collect();
    assert!(
        names.iter().any(|name| !name.is_ascii()),
        "no non-ASCII names"
    );
    assert!(
        names.iter().any(|name| name.contains('\'')),
        "no apostrophes in names"
    );
    let comments: Vec<&str> = w
        .exit_interviews
        .iter()
        .filter_map(|x| x.comments.as_deref())
        .collect();
    assert!(
        comments.iter().any(|c| c.contains(',') && c.contains('"')),
        "no commas and quotes in comments"
    );
    assert!(
        w.workers.iter().any(|w| w.bsl == Some(true)),
        "nobody signs"
    );
    assert!(
        w.workers.iter().any(|w| w.languages.len() > 1),
        "nobody speaks a second language"
    );
}

/// Prints the figures of seeds 1 to 5 and times 1 and 153 councils; run with
/// `cargo test --release -p pathway-demo -- --ignored --nocapture`.
#[test]
#[ignore = "a report, not a check"]
fn report_figures_and_timings() {
    let until = DemoOptions::default().until;
    for seed in 1..=20 {
        let (council, w) = generate(&options(1, seed)).remove(0);
        let f = figures(&w, until);
        let staff: BTreeSet<_> = w
            .workers
            .iter()
            .filter(|w| w.id.as_str().starts_with('W'))
            .map(|w| w.id.clone())
            .collect();
        let own: Vec<&Employment> = w
            .employments
            .iter()
            .filter(|e| staff.contains(e.worker_id()))
            .collect();
        let from = years_before(until, 10);
        let starters: Vec<_> = own.iter().filter(|e| e.span().start() > from).collect();
        let mut seen = BTreeSet::new();
        let mut returners = 0;
        let mut sorted: Vec<_> = own.clone();
        sorted.sort_by_key(|e| e.span().start());
        for e in &sorted {
            if !seen.insert(e.worker_id().clone()) && e.span().start() > from {
                returners += 1;
            }
        }
        let leavers: Vec<_> = own.iter().filter_map(|e| e.leaving()).collect();
        let share = |reason| {
            leavers.iter().filter(|l| l.reason == reason).count() as f64 / leavers.len() as f64
        };
        println!(
            "    starters {} returners {:.3} leavers {} resigned {:.2} moved {:.2} retired {:.2} members {} cohorts {} placements {} events {} absences {} exits {}",
            starters.len(),
            returners as f64 / starters.len() as f64,
            leavers.len(),
            share(LeavingReason::Resignation),
            share(LeavingReason::MovedWithinCouncil),
            share(LeavingReason::Retired),
            w.academy_members.len(),
            w.cohorts.len(),
            w.placements.len(),
            w.recruitment_events.len(),
            w.absences.len(),
            w.exit_interviews.len()
        );
        println!(
            "seed {seed:2} {:<28} headcount {:3} turnover {:.3} agency {:.3} vacancy {:.3} under-20 {:.3} bands {:?}",
            council.name,
            f.headcount,
            f.turnover(),
            f.agency_rate(),
            f.vacancy_rate(),
            f.under_20_share(),
            f.bands
        );
    }
    for councils in [1, 153] {
        let started = std::time::Instant::now();
        let all = generate(&options(councils, 1));
        let rows: usize = all
            .iter()
            .map(|(_, w)| w.counts().iter().map(|(_, n)| n).sum::<usize>())
            .sum();
        println!("{councils} councils: {:?}, {rows} rows", started.elapsed());
    }
}
