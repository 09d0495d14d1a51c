//! Exit interviews: which leavers had one (coverage), and what they said, by year, by
//! team and by length of service, with small numbers suppressed for those who may not
//! see them (`docs/leavers.md`).
//!
//! A leaver here is a leaver of the measures ([`super::leavers`]): a non-agency
//! employment that ended, counted once per employment, whatever the leaving reason.
//! An interview belongs to the worker's ended employment whose end is the first on or
//! after the day it was held (interviews are often held in the notice period), or, if
//! it was held after every end, to the last one. An employment with several
//! interviews counts its latest.

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::codes::{ExitReason, WouldReturn};
use crate::ids::{TeamId, WorkerId};
use crate::measures::YEAR_DAYS;
use crate::measures::index::CouncilIndex;
use crate::measures::suppression::{
    CountTable, Published, PublishedRate, PublishedTable, Suppression,
};
use crate::records::{Employment, ExitInterview};
use crate::values::Date;
use crate::workforce::Workforce;

/// Length of service at leaving, in bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceBand {
    /// Under 1 year.
    UnderOne,
    /// 1 year, up to 2.
    OneToTwo,
    /// 2 years, up to 5.
    TwoToFive,
    /// 5 years or more.
    FivePlus,
}

impl ServiceBand {
    /// Every band, shortest first.
    pub const ALL: [Self; 4] = [
        Self::UnderOne,
        Self::OneToTwo,
        Self::TwoToFive,
        Self::FivePlus,
    ];

    /// The band of a length of service in years (of 365.25 days).
    pub fn of_years(years: f64) -> Self {
        if years < 1.0 {
            Self::UnderOne
        } else if years < 2.0 {
            Self::OneToTwo
        } else if years < 5.0 {
            Self::TwoToFive
        } else {
            Self::FivePlus
        }
    }

    /// The band of an employment from its start to its end.
    pub fn of_employment(start: Date, end: Date) -> Self {
        Self::of_years((end - start).num_days() as f64 / YEAR_DAYS)
    }

    /// As the pages write it.
    pub fn label(self) -> &'static str {
        match self {
            Self::UnderOne => "Under 1 year",
            Self::OneToTwo => "1 to 2 years",
            Self::TwoToFive => "2 to 5 years",
            Self::FivePlus => "5 years or more",
        }
    }
}

/// One leaver in a period, with their interview if they had one.
#[derive(Debug, Clone, Copy)]
pub struct Leaver<'w> {
    /// The employment that ended.
    pub employment: &'w Employment,
    /// The day it ended.
    pub left_on: Date,
    /// The team of its last assignment, if any.
    pub team: Option<&'w TeamId>,
    /// How long it lasted.
    pub service: ServiceBand,
    /// Their exit interview.
    pub interview: Option<&'w ExitInterview>,
}

impl Leaver<'_> {
    /// The worker.
    pub fn worker_id(&self) -> &WorkerId {
        self.employment.worker_id()
    }
}

/// The ended employment an interview belongs to, among a worker's employments.
pub fn employment_of<'w>(
    employments: impl IntoIterator<Item = &'w Employment>,
    held_on: Date,
) -> Option<&'w Employment> {
    let mut ended: Vec<&Employment> = employments
        .into_iter()
        .filter(|employment| employment.span().end().is_some())
        .collect();
    ended.sort_by_key(|employment| employment.span().end());
    ended
        .iter()
        .find(|employment| employment.span().end().is_some_and(|end| end >= held_on))
        .or(ended.last())
        .copied()
}

/// Why an exit interview cannot be recorded for a worker.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotALeaver {
    /// No such worker.
    #[error("there is no worker {0}")]
    NoSuchWorker(String),
    /// None of their employments has ended.
    #[error("worker {0} has not left: none of their employments has ended")]
    StillInPost(String),
    /// The interview is dated before the employment it belongs to started.
    #[error("held_on {held_on} is before the employment that ended started ({started})")]
    BeforeStart {
        /// The interview's date.
        held_on: Date,
        /// The employment's start.
        started: Date,
    },
}

/// Checks that an exit interview can be recorded for this worker on this day: they
/// have an employment that ended, and the interview is not before it started.
pub fn check_leaver<'w>(
    workforce: &'w Workforce,
    worker: &WorkerId,
    held_on: Date,
) -> Result<&'w Employment, NotALeaver> {
    if !workforce.workers.iter().any(|w| &w.id == worker) {
        return Err(NotALeaver::NoSuchWorker(worker.to_string()));
    }
    let employment = employment_of(
        workforce
            .employments
            .iter()
            .filter(|employment| employment.worker_id() == worker),
        held_on,
    )
    .ok_or_else(|| NotALeaver::StillInPost(worker.to_string()))?;
    if held_on < employment.span().start() {
        return Err(NotALeaver::BeforeStart {
            held_on,
            started: employment.span().start(),
        });
    }
    Ok(employment)
}

/// The leavers whose employment ended from `from` to `to` (both included), latest
/// first, each with their interview.
pub fn leavers<'w>(council: &CouncilIndex<'w>, from: Date, to: Date) -> Vec<Leaver<'w>> {
    let workforce = council.workforce;
    // Each interview, on its employment; the latest wins.
    let mut interviews: HashMap<&crate::ids::EmploymentId, &ExitInterview> = HashMap::default();
    for interview in &workforce.exit_interviews {
        let employments = council
            .employments_of(&interview.worker_id)
            .iter()
            .map(|&index| &workforce.employments[index]);
        if let Some(employment) = employment_of(employments, interview.held_on) {
            let entry = interviews.entry(employment.id()).or_insert(interview);
            if interview.held_on > entry.held_on {
                *entry = interview;
            }
        }
    }
    let mut leavers: Vec<Leaver<'w>> = workforce
        .employments
        .iter()
        .enumerate()
        .filter_map(|(index, employment)| {
            let end = employment.span().end()?;
            let last = council.last(index);
            (end >= from && end <= to && !last.is_agency()).then(|| Leaver {
                employment,
                left_on: end,
                team: last.team,
                service: ServiceBand::of_employment(employment.span().start(), end),
                interview: interviews.get(employment.id()).copied(),
            })
        })
        .collect();
    leavers.sort_by(|a, b| {
        (b.left_on, b.employment.worker_id()).cmp(&(a.left_on, a.employment.worker_id()))
    });
    leavers
}

/// The census year (1 October to 30 September) a day falls in, named by its end:
/// `2023-24` ends on 30 September 2024.
pub fn census_year(day: Date) -> String {
    use chrono::Datelike;
    let end = if day.month() >= 10 {
        day.year() + 1
    } else {
        day.year()
    };
    format!("{}-{:02}", end - 1, end.rem_euclid(100))
}

/// The first day of the default period ending on `to`: five census years, so
/// reasons can be compared year by year (`to` minus five years, plus a day).
pub fn default_from(to: Date) -> Date {
    use chrono::Datelike;
    to.with_year(to.year() - 5)
        .or_else(|| to.with_day(28).and_then(|d| d.with_year(to.year() - 5)))
        .and_then(|d| d.succ_opt())
        .unwrap_or(to)
}

/// What the exit interviews of a period show, as it may be published to the viewer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The first day of the period.
    pub from: Date,
    /// The last day of the period.
    pub to: Date,
    /// Whether small numbers are suppressed in what follows.
    pub suppressed: bool,
    /// Leavers with and without an interview (rows `interview_held`, `no_interview`),
    /// with their total: every leaver of the period.
    pub coverage: PublishedTable,
    /// Interviewed leavers / leavers.
    pub coverage_rate: PublishedRate,
    /// Interviewed leavers by primary reason (rows) and the census year they left
    /// (columns, `2023-24` = October 2023 to September 2024).
    pub reasons_by_year: PublishedTable,
    /// Interviewed leavers by their last team (rows; `No team` when the last
    /// assignment had none) and primary reason (columns).
    pub reasons_by_team: PublishedTable,
    /// Interviewed leavers by primary reason (rows) and length of service (columns).
    pub reasons_by_service: PublishedTable,
    /// Interviewed leavers by whether they would come back (rows `yes`, `maybe`,
    /// `no`, `not_recorded`).
    pub would_return: PublishedTable,
}

/// Analyses the exit interviews of the leavers from `from` to `to`. Team columns are
/// named with `team_name`.
pub fn analyse(
    council: &CouncilIndex<'_>,
    from: Date,
    to: Date,
    suppression: Suppression,
) -> Analysis {
    let leavers = leavers(council, from, to);
    let team_names: HashMap<&TeamId, &str> = council
        .workforce
        .teams
        .iter()
        .map(|team| (&team.id, team.name.as_str()))
        .collect();
    let interviewed: Vec<(&Leaver<'_>, &ExitInterview)> = leavers
        .iter()
        .filter_map(|leaver| leaver.interview.map(|interview| (leaver, interview)))
        .collect();
    let held = interviewed.len() as u64;
    let coverage_counts = CountTable::list(
        "leavers",
        vec![
            ("interview_held".to_owned(), held),
            ("no_interview".to_owned(), leavers.len() as u64 - held),
        ],
    );
    let reasons: Vec<String> = ExitReason::ALL
        .iter()
        .map(|r| r.as_str().to_owned())
        .collect();
    let reason_row = |reason: ExitReason| {
        ExitReason::ALL
            .iter()
            .position(|r| *r == reason)
            .unwrap_or_default()
    };

    let mut years: Vec<String> = Vec::new();
    let mut year = from;
    while year <= to {
        let name = census_year(year);
        if !years.contains(&name) {
            years.push(name);
        }
        year = year
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(to.succ_opt().unwrap_or(to));
    }
    let last_year = census_year(to);
    if !years.contains(&last_year) {
        years.push(last_year);
    }
    let mut by_year = CountTable::zeros(reasons.clone(), years.clone());

    let mut team_labels: Vec<(Option<&TeamId>, String)> = Vec::new();
    for (leaver, _) in &interviewed {
        if !team_labels.iter().any(|(team, _)| *team == leaver.team) {
            let label = match leaver.team {
                Some(team) => team_names
                    .get(team)
                    .map_or_else(|| team.to_string(), |name| (*name).to_owned()),
                None => "No team".to_owned(),
            };
            team_labels.push((leaver.team, label));
        }
    }
    team_labels.sort_by(|a, b| (a.0.is_none(), &a.1).cmp(&(b.0.is_none(), &b.1)));
    let mut by_team = CountTable::zeros(
        team_labels.iter().map(|(_, label)| label.clone()).collect(),
        reasons.clone(),
    );
    let mut by_service = CountTable::zeros(
        reasons,
        ServiceBand::ALL
            .iter()
            .map(|band| band.label().to_owned())
            .collect(),
    );
    let mut returning = [0u64; 4];
    for (leaver, interview) in &interviewed {
        let row = reason_row(interview.primary_reason);
        let year = census_year(leaver.left_on);
        if let Some(column) = years.iter().position(|y| *y == year) {
            by_year.counts[row][column] += 1;
        }
        if let Some(team) = team_labels.iter().position(|(t, _)| *t == leaver.team) {
            by_team.counts[team][row] += 1;
        }
        let band = ServiceBand::ALL
            .iter()
            .position(|b| *b == leaver.service)
            .unwrap_or_default();
        by_service.counts[row][band] += 1;
        returning[match interview.would_return {
            Some(WouldReturn::Yes) => 0,
            Some(WouldReturn::Maybe) => 1,
            Some(WouldReturn::No) => 2,
            None => 3,
        }] += 1;
    }
    let would_return = CountTable::list(
        "leavers",
        ["yes", "maybe", "no", "not_recorded"]
            .iter()
            .zip(returning)
            .map(|(label, count)| ((*label).to_owned(), count))
            .collect(),
    );

    // The interviewed total appears in every table: if one holds it back, all do,
    // or it would give the others away.
    let mut hide_held = false;
    loop {
        let coverage = publish_coverage(suppression, &coverage_counts, hide_held);
        let tables = [&by_year, &by_team, &by_service, &would_return]
            .map(|table| suppression.table_with_total_hidden(table, hide_held));
        let any_hidden = coverage.cells[0][0].is_suppressed()
            || tables.iter().any(|table| table.total.is_suppressed());
        if any_hidden && !hide_held && held > 0 {
            hide_held = true;
            continue;
        }
        let [
            reasons_by_year,
            reasons_by_team,
            reasons_by_service,
            would_return,
        ] = tables;
        return Analysis {
            from,
            to,
            suppressed: !suppression.shows_everything(),
            coverage_rate: suppression.share(coverage.cells[0][0], coverage.total),
            coverage,
            reasons_by_year,
            reasons_by_team,
            reasons_by_service,
            would_return,
        };
    }
}

/// The coverage list, with the interviewed count held back when another table holds
/// back its total.
fn publish_coverage(
    suppression: Suppression,
    counts: &CountTable,
    hide_held: bool,
) -> PublishedTable {
    if !hide_held {
        return suppression.table(counts);
    }
    // Hiding a row of a list: hide its count, and its partner follows.
    let mut published = suppression.table(counts);
    if !published.cells[0][0].is_suppressed() {
        published.cells[0][0] = Published::Suppressed;
        published.row_totals[0] = Published::Suppressed;
        published.cells[1][0] = Published::Suppressed;
        published.row_totals[1] = Published::Suppressed;
    }
    published
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Contract, Destination, LeavingReason, Role, Service};
    use crate::council::CouncilCode;
    use crate::ids::EmploymentId;
    use crate::records::{Assignment, Team, Worker};
    use crate::values::{Fte, Span, parse_date};

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    struct Council(Workforce);

    impl Council {
        fn new() -> Self {
            let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
            for (id, name) in [("T1", "Assessment"), ("T2", "Children in care")] {
                workforce.teams.push(Team {
                    id: TeamId::parse(id).unwrap(),
                    name: name.into(),
                    service: Service::Children,
                    locality: None,
                });
            }
            Self(workforce)
        }

        /// A worker with one employment in `team` from `start` to `end`.
        fn leaver(&mut self, id: &str, team: Option<&str>, start: &str, end: Option<&str>) {
            self.job(id, team, start, end, Contract::Permanent);
        }

        fn job(
            &mut self,
            id: &str,
            team: Option<&str>,
            start: &str,
            end: Option<&str>,
            contract: Contract,
        ) {
            let worker = WorkerId::parse(id).unwrap();
            if !self.0.workers.iter().any(|w| w.id == worker) {
                self.0.workers.push(Worker {
                    id: worker.clone(),
                    given_name: "A".into(),
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
                    languages: vec![],
                });
            }
            let employment_id =
                EmploymentId::parse(&format!("E{}", self.0.employments.len() + 1)).unwrap();
            let span = Span::new(date(start), end.map(date)).unwrap();
            self.0.employments.push(
                Employment::new(
                    employment_id.clone(),
                    worker,
                    span,
                    None,
                    end.map(|_| LeavingReason::Resignation),
                    end.map(|_| Destination::NotKnown),
                )
                .unwrap(),
            );
            self.0.assignments.push(Assignment {
                employment_id,
                span,
                team_id: team.map(|t| TeamId::parse(t).unwrap()),
                role: Role::SocialWorker,
                contract,
                fte: Fte::new(1.0).unwrap(),
            });
        }

        fn interview(
            &mut self,
            id: &str,
            held_on: &str,
            reason: ExitReason,
            back: Option<WouldReturn>,
        ) {
            self.0.exit_interviews.push(ExitInterview {
                worker_id: WorkerId::parse(id).unwrap(),
                held_on: date(held_on),
                primary_reason: reason,
                would_return: back,
                comments: None,
            });
        }
    }

    /// Six leavers in the year to 30 September 2024 (one agency, not counted), four
    /// interviewed; one earlier leaver interviewed in 2022-23.
    fn example() -> Council {
        let mut c = Council::new();
        c.leaver("W1", Some("T1"), "2023-06-01", Some("2024-01-31")); // under 1 year
        c.interview(
            "W1",
            "2024-01-26",
            ExitReason::Caseload,
            Some(WouldReturn::Yes),
        );
        c.leaver("W2", Some("T1"), "2022-03-01", Some("2024-03-31")); // 2 to 5
        c.interview(
            "W2",
            "2024-03-29",
            ExitReason::Caseload,
            Some(WouldReturn::No),
        );
        c.leaver("W3", Some("T2"), "2018-01-01", Some("2024-06-30")); // 5+
        c.interview("W3", "2024-07-05", ExitReason::Pay, None); // after leaving
        c.leaver("W4", None, "2023-01-01", Some("2024-08-31")); // 1 to 2
        c.interview(
            "W4",
            "2024-08-30",
            ExitReason::Relocation,
            Some(WouldReturn::Maybe),
        );
        c.leaver("W5", Some("T2"), "2020-01-01", Some("2024-09-30")); // no interview
        c.leaver("W6", Some("T2"), "2019-01-01", None); // still in post
        c.job(
            "W7",
            Some("T1"),
            "2024-01-01",
            Some("2024-05-31"),
            Contract::Agency,
        );
        c.leaver("W8", Some("T1"), "2021-01-01", Some("2023-05-31"));
        c.interview("W8", "2023-05-26", ExitReason::Pay, Some(WouldReturn::Yes));
        c
    }

    fn cell(table: &PublishedTable, row: &str, column: &str) -> Published {
        let r = table.rows.iter().position(|x| x == row).unwrap();
        let c = table.columns.iter().position(|x| x == column).unwrap();
        table.cells[r][c]
    }

    #[test]
    fn service_bands_split_at_one_two_and_five_years() {
        assert_eq!(ServiceBand::of_years(0.99), ServiceBand::UnderOne);
        assert_eq!(ServiceBand::of_years(1.0), ServiceBand::OneToTwo);
        assert_eq!(ServiceBand::of_years(2.0), ServiceBand::TwoToFive);
        assert_eq!(ServiceBand::of_years(4.99), ServiceBand::TwoToFive);
        assert_eq!(ServiceBand::of_years(5.0), ServiceBand::FivePlus);
    }

    #[test]
    fn the_default_period_is_five_census_years() {
        assert_eq!(default_from(date("2024-09-30")), date("2019-10-01"));
    }

    #[test]
    fn census_years_run_october_to_september() {
        assert_eq!(census_year(date("2024-09-30")), "2023-24");
        assert_eq!(census_year(date("2024-10-01")), "2024-25");
        assert_eq!(census_year(date("2000-01-01")), "1999-00");
    }

    #[test]
    fn the_hand_worked_example_counts_as_worked_by_hand() {
        let council = example();
        let index = CouncilIndex::new(&council.0);
        let analysis = analyse(
            &index,
            date("2023-10-01"),
            date("2024-09-30"),
            Suppression::NONE,
        );
        // W1..W5 left in the year (W7 was agency, W8 left before): 4 interviewed.
        assert_eq!(analysis.coverage.total, Published::Count(5));
        assert_eq!(analysis.coverage.cells[0][0], Published::Count(4));
        assert_eq!(analysis.coverage.cells[1][0], Published::Count(1));
        assert_eq!(analysis.coverage_rate, PublishedRate::Rate(0.8));
        assert_eq!(analysis.reasons_by_year.columns, ["2023-24"]);
        assert_eq!(
            cell(&analysis.reasons_by_year, "caseload", "2023-24"),
            Published::Count(2)
        );
        assert_eq!(
            cell(&analysis.reasons_by_year, "pay", "2023-24"),
            Published::Count(1)
        );
        assert_eq!(
            analysis.reasons_by_team.rows,
            ["Assessment", "Children in care", "No team"]
        );
        assert_eq!(
            cell(&analysis.reasons_by_team, "Assessment", "caseload"),
            Published::Count(2)
        );
        assert_eq!(
            cell(&analysis.reasons_by_team, "Children in care", "pay"),
            Published::Count(1)
        );
        assert_eq!(
            cell(&analysis.reasons_by_team, "No team", "relocation"),
            Published::Count(1)
        );
        assert_eq!(
            cell(&analysis.reasons_by_service, "caseload", "Under 1 year"),
            Published::Count(1)
        );
        assert_eq!(
            cell(&analysis.reasons_by_service, "caseload", "2 to 5 years"),
            Published::Count(1)
        );
        assert_eq!(
            cell(&analysis.reasons_by_service, "pay", "5 years or more"),
            Published::Count(1)
        );
        assert_eq!(
            cell(&analysis.reasons_by_service, "relocation", "1 to 2 years"),
            Published::Count(1)
        );
        let back: Vec<String> = analysis
            .would_return
            .cells
            .iter()
            .map(|r| r[0].to_string())
            .collect();
        assert_eq!(back, ["1", "1", "1", "1"]);
    }

    #[test]
    fn reasons_over_several_years_fall_in_their_census_year() {
        let council = example();
        let index = CouncilIndex::new(&council.0);
        let analysis = analyse(
            &index,
            date("2022-10-01"),
            date("2024-09-30"),
            Suppression::NONE,
        );
        assert_eq!(analysis.reasons_by_year.columns, ["2022-23", "2023-24"]);
        assert_eq!(
            cell(&analysis.reasons_by_year, "pay", "2022-23"),
            Published::Count(1)
        );
        assert_eq!(
            cell(&analysis.reasons_by_year, "pay", "2023-24"),
            Published::Count(1)
        );
        assert_eq!(analysis.coverage.total, Published::Count(6));
    }

    #[test]
    fn small_numbers_are_c_for_those_who_may_not_see_them() {
        let council = example();
        let index = CouncilIndex::new(&council.0);
        let analysis = analyse(
            &index,
            date("2023-10-01"),
            date("2024-09-30"),
            Suppression::default(),
        );
        assert!(analysis.suppressed);
        assert_eq!(analysis.coverage.total, Published::Count(5));
        assert!(analysis.coverage.cells[0][0].is_suppressed());
        assert_eq!(analysis.coverage_rate, PublishedRate::Suppressed);
        assert!(cell(&analysis.reasons_by_team, "Assessment", "caseload").is_suppressed());
        assert!(analysis.reasons_by_team.total.is_suppressed());
        assert_eq!(
            cell(&analysis.reasons_by_team, "Assessment", "pay"),
            Published::Count(0)
        );
    }

    #[test]
    fn an_interview_belongs_to_the_employment_it_was_held_for() {
        let mut c = Council::new();
        c.leaver("W1", Some("T1"), "2015-01-01", Some("2019-12-31"));
        c.leaver("W1", Some("T2"), "2021-01-01", Some("2024-03-31"));
        c.interview("W1", "2024-03-20", ExitReason::Wellbeing, None);
        let index = CouncilIndex::new(&c.0);
        let leavers = leavers(&index, date("2019-01-01"), date("2024-12-31"));
        assert_eq!(leavers.len(), 2);
        assert_eq!(leavers[0].left_on, date("2024-03-31"));
        assert!(leavers[0].interview.is_some());
        assert!(leavers[1].interview.is_none());
    }

    #[test]
    fn only_a_worker_whose_employment_ended_can_have_an_exit_interview() {
        let council = example();
        assert!(
            check_leaver(
                &council.0,
                &WorkerId::parse("W5").unwrap(),
                date("2024-09-27")
            )
            .is_ok()
        );
        assert_eq!(
            check_leaver(
                &council.0,
                &WorkerId::parse("W6").unwrap(),
                date("2024-09-27")
            ),
            Err(NotALeaver::StillInPost("W6".into()))
        );
        assert_eq!(
            check_leaver(
                &council.0,
                &WorkerId::parse("W99").unwrap(),
                date("2024-09-27")
            ),
            Err(NotALeaver::NoSuchWorker("W99".into()))
        );
        assert!(matches!(
            check_leaver(
                &council.0,
                &WorkerId::parse("W5").unwrap(),
                date("2019-01-01")
            ),
            Err(NotALeaver::BeforeStart { .. })
        ));
    }
}
