//! Every view of the measures (`pathway measures`) as report [`Table`]s: one row per
//! figure, one column per council (and one for all councils together when there are
//! several). The cells hold exactly the numbers of the measures JSON, so a workbook
//! made from these tables agrees with `pathway measures --json` to the last digit;
//! only the text shown is rounded.

use pathway_domain::measures::academy::{Retention, RetentionBlock};
use pathway_domain::measures::employment_survival::KaplanMeierFigures;
use pathway_domain::measures::recruitment::{Funnel, PlacementCounts};
use pathway_domain::measures::{Keyed, MeasuresReport, ScopeMeasures};

use crate::model::{Cell, Row, Table};

/// The key of the scope that pools every council.
const ALL: &str = "all";

/// A column of the tables: a scope's heading and its measures.
struct Scope<'r> {
    heading: String,
    measures: &'r ScopeMeasures,
}

/// The scopes shown: each council, then all councils together; with one council only
/// that council, as "all" is the same population.
fn scopes(report: &MeasuresReport) -> Vec<Scope<'_>> {
    let councils: Vec<Scope<'_>> = report
        .authorities
        .iter()
        .filter(|(key, _)| key.as_str() != ALL)
        .map(|(key, measures)| Scope {
            heading: format!("Council {key}"),
            measures,
        })
        .collect();
    let single = councils.len() == 1;
    let mut scopes = councils;
    if !single && let Some(measures) = report.authorities.get(ALL) {
        scopes.push(Scope {
            heading: "All councils".to_owned(),
            measures,
        });
    }
    scopes
}

/// A code as words: `moved_within_council` is "Moved within council".
pub fn code_label(code: &str) -> String {
    let words = code.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A table being built: rows of one figure per scope.
struct Builder<'s, 'r> {
    scopes: &'s [Scope<'r>],
    table: Table,
}

impl<'s, 'r> Builder<'s, 'r> {
    fn new(scopes: &'s [Scope<'r>], id: &str, caption: String, corner: &str) -> Self {
        Self {
            scopes,
            table: Table {
                id: id.to_owned(),
                caption,
                corner: corner.to_owned(),
                columns: scopes.iter().map(|scope| scope.heading.clone()).collect(),
                rows: Vec::new(),
                note: String::new(),
            },
        }
    }

    fn row(&mut self, header: impl Into<String>, cell: impl Fn(&'r ScopeMeasures) -> Cell) {
        self.table.rows.push(Row {
            header: header.into(),
            cells: self.scopes.iter().map(|s| cell(s.measures)).collect(),
        });
    }

    fn cells(&mut self, header: String, cells: Vec<Cell>) {
        self.table.rows.push(Row { header, cells });
    }

    fn note(mut self, note: &str) -> Table {
        self.table.note = note.to_owned();
        self.table
    }
}

fn count(value: u64) -> Cell {
    Cell::whole(value)
}

fn fte(value: f64) -> Cell {
    Cell::decimal(Some(value))
}

fn rate(value: Option<f64>) -> Cell {
    Cell::percent(value)
}

/// The labels of a keyed figure across the scopes, in the order they first appear.
fn keys<T>(
    scopes: &[Scope<'_>],
    keyed: impl Fn(&ScopeMeasures) -> Option<&Keyed<T>>,
) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for scope in scopes {
        for (label, _) in keyed(scope.measures).map_or(&[][..], |keyed| &keyed.0) {
            if !labels.contains(label) {
                labels.push(label.clone());
            }
        }
    }
    labels
}

const NOTE: &str =
    "z: not applicable (nothing to divide by, a median never reached, or not in this scope).";

/// Every measure view of `report`, in the order of the measures JSON.
pub fn tables(report: &MeasuresReport) -> Vec<Table> {
    let scopes = scopes(report);
    let on = report.reference_date.format("%-d %B %Y").to_string();
    let year = format!(
        "the year to {on} (from {} exclusive)",
        report.year_from_exclusive.format("%-d %B %Y")
    );
    let mut tables = vec![
        workforce(&scopes, &on),
        caseload_bands(&scopes, &on),
        leavers(&scopes, &year),
    ];
    tables.push(keyed_counts(
        &scopes,
        "leavers-by-reason",
        format!("Leavers by reason for leaving, {year}"),
        "Reason",
        |m| &m.leavers.by_reason,
    ));
    tables.push(keyed_counts(
        &scopes,
        "leavers-by-destination",
        format!("Leavers by destination, {year}"),
        "Destination",
        |m| &m.leavers.by_destination,
    ));
    tables.push(academy_programmes(&scopes, &on));
    tables.push(academy_cohorts(&scopes, &on));
    tables.push(survival(report, &scopes, &on));
    tables.push(logrank(&scopes, &on));
    tables.push(vacancies(&scopes, &on, &year));
    tables.push(vacancies_by_stage(&scopes, &on));
    tables.push(events(&scopes, &year));
    tables.push(placements(&scopes, &year));
    tables
}

fn workforce(scopes: &[Scope<'_>], on: &str) -> Table {
    let mut b = Builder::new(scopes, "workforce", format!("Workforce at {on}"), "Measure");
    b.row("Social workers in post (headcount)", |m| {
        count(m.workforce.headcount)
    });
    b.row("Social workers in post (FTE)", |m| fte(m.workforce.fte));
    b.row("Agency workers (FTE)", |m| fte(m.workforce.agency_fte));
    b.row("Agency rate", |m| rate(m.workforce.agency_rate));
    b.row("Vacancies (FTE)", |m| fte(m.workforce.vacancy_fte));
    b.row("Vacancy rate", |m| rate(m.workforce.vacancy_rate));
    b.row("Vacancies covered by agency (FTE)", |m| {
        fte(m.workforce.agency_cover_fte)
    });
    b.row("Vacancies covered by agency", |m| {
        rate(m.workforce.vacancy_agency_cover_rate)
    });
    b.row("Starters in the year (FTE)", |m| {
        fte(m.workforce.starters_fte)
    });
    b.row("Leavers in the year (FTE)", |m| {
        fte(m.workforce.leavers_fte)
    });
    b.row("Turnover rate", |m| rate(m.workforce.turnover_rate));
    b.row("Cases held", |m| count(m.workforce.cases));
    b.row("Case holders", |m| count(m.workforce.case_holders));
    b.row("Case holders (FTE)", |m| fte(m.workforce.case_holders_fte));
    b.row("Average caseload (cases per FTE)", |m| {
        Cell::decimal(m.workforce.caseload_fte)
    });
    b.row("Social workers with a known caseload", |m| {
        count(m.workforce.caseload_workers)
    });
    b.row("Working days lost to sickness", |m| {
        fte(m.workforce.working_days_lost)
    });
    b.row("Sickness absence rate", |m| rate(m.workforce.absence_rate));
    b.row("Median service (years)", |m| {
        Cell::decimal(m.workforce.median_service_years)
    });
    b.note(NOTE)
}

fn caseload_bands(scopes: &[Scope<'_>], on: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "caseload-bands",
        format!("Social workers by caseload band at {on}"),
        "Band",
    );
    for band in keys(scopes, |m| Some(&m.workforce.caseload_bands)) {
        let for_count = band.clone();
        b.row(format!("{band} cases: workers"), move |m| {
            m.workforce
                .caseload_bands
                .get(&for_count)
                .map_or_else(Cell::not_applicable, |b| count(b.count))
        });
        let for_share = band.clone();
        b.row(format!("{band} cases: share"), move |m| {
            rate(
                m.workforce
                    .caseload_bands
                    .get(&for_share)
                    .and_then(|b| b.share),
            )
        });
    }
    b.note("Share: of social workers in post with a known caseload (agency excluded).")
}

fn leavers(scopes: &[Scope<'_>], year: &str) -> Table {
    let mut b = Builder::new(scopes, "leavers", format!("Leavers in {year}"), "Measure");
    b.row("Leavers", |m| count(m.leavers.count));
    b.row("Leavers (FTE)", |m| fte(m.leavers.fte));
    b.row("Left the council", |m| count(m.leavers.left_council));
    b.row("Attrition", |m| count(m.leavers.attrition.count));
    b.row("Attrition (FTE)", |m| fte(m.leavers.attrition.fte));
    b.row("Attrition into agency work", |m| {
        count(m.leavers.attrition_into_agency.count)
    });
    b.row("Attrition into agency work (FTE)", |m| {
        fte(m.leavers.attrition_into_agency.fte)
    });
    b.row("Full attrition", |m| count(m.leavers.full_attrition.count));
    b.row("Full attrition (FTE)", |m| {
        fte(m.leavers.full_attrition.fte)
    });
    b.row("Attrition rate", |m| rate(m.leavers.attrition_rate));
    b.row("Returners at the reference date", |m| {
        count(m.leavers.returners)
    });
    b.row("Returners in the year", |m| {
        count(m.leavers.returners_in_year)
    });
    b.note(NOTE)
}

fn keyed_counts(
    scopes: &[Scope<'_>],
    id: &str,
    caption: String,
    corner: &str,
    keyed: fn(&ScopeMeasures) -> &Keyed<u64>,
) -> Table {
    let mut b = Builder::new(scopes, id, caption, corner);
    for key in keys(scopes, |m| Some(keyed(m))) {
        let label = code_label(&key);
        b.row(label, move |m| {
            keyed(m)
                .get(&key)
                .map_or_else(Cell::not_applicable, |n| count(*n))
        });
    }
    b.note("")
}

/// The rows of a retention block, one block (or none) per scope, each row labelled
/// `"{prefix}: {figure}"`.
fn retention_rows(b: &mut Builder<'_, '_>, prefix: &str, blocks: &[Option<&RetentionBlock>]) {
    let mut add = |label: String, cell: &dyn Fn(&RetentionBlock) -> Cell| {
        let cells = blocks
            .iter()
            .map(|block| block.map_or_else(Cell::not_applicable, cell))
            .collect();
        b.cells(label, cells);
    };
    add(format!("{prefix}: members"), &|b| count(b.members));
    add(format!("{prefix}: completed"), &|b| count(b.completed));
    type Pick = fn(&RetentionBlock) -> &Retention;
    let parts: [(&str, Pick); 2] = [("", |b| &b.all), (" who completed", |b| &b.of_completed)];
    for (who, part) in parts {
        add(
            format!("{prefix}: members{who} retained in children's services"),
            &|b| count(part(b).retained_children),
        );
        add(
            format!("{prefix}: members{who} retained by the council"),
            &|b| count(part(b).retained_council),
        );
        add(
            format!("{prefix}: members{who} who left the council"),
            &|b| count(part(b).left_council),
        );
        add(
            format!("{prefix}: retention in children's services{who}"),
            &|b| rate(part(b).retained_children_rate),
        );
        add(format!("{prefix}: retention by the council{who}"), &|b| {
            rate(part(b).retained_council_rate)
        });
        add(format!("{prefix}: left the council{who}"), &|b| {
            rate(part(b).left_council_rate)
        });
    }
}

fn academy_programmes(scopes: &[Scope<'_>], on: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "academy-programmes",
        format!("Academy retention by programme at {on}"),
        "Programme and measure",
    );
    let totals: Vec<_> = scopes
        .iter()
        .map(|s| Some(&s.measures.academy.total))
        .collect();
    retention_rows(&mut b, "All programmes", &totals);
    for key in keys(scopes, |m| Some(&m.academy.by_programme)) {
        let blocks: Vec<_> = scopes
            .iter()
            .map(|s| s.measures.academy.by_programme.get(&key))
            .collect();
        retention_rows(&mut b, &format!("{} programme", code_label(&key)), &blocks);
    }
    b.note("Rates over members; those \"who completed\", over members who completed.")
}

fn academy_cohorts(scopes: &[Scope<'_>], on: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "academy-cohorts",
        format!("Academy retention by cohort at {on}"),
        "Cohort and measure",
    );
    for key in keys(scopes, |m| m.academy.by_cohort.as_ref()) {
        let cohorts: Vec<_> = scopes
            .iter()
            .map(|s| {
                s.measures
                    .academy
                    .by_cohort
                    .as_ref()
                    .and_then(|c| c.get(&key))
            })
            .collect();
        let label = match cohorts.iter().flatten().next() {
            Some(cohort) => format!(
                "{} ({key}, {}, started {})",
                cohort.name,
                cohort.programme.as_str(),
                cohort.start_date.format("%Y-%m-%d")
            ),
            None => key.clone(),
        };
        let blocks: Vec<_> = cohorts.iter().map(|c| c.map(|c| &c.block)).collect();
        retention_rows(&mut b, &label, &blocks);
    }
    b.note("Cohorts belong to one council: z in the other columns.")
}

/// The rows of a Kaplan-Meier estimate, one (or none) per scope.
fn survival_rows(
    b: &mut Builder<'_, '_>,
    prefix: &str,
    times: &[String],
    figures: &[Option<&KaplanMeierFigures>],
) {
    let mut add = |label: String, cell: &dyn Fn(&KaplanMeierFigures) -> Cell| {
        let cells = figures
            .iter()
            .map(|km| km.map_or_else(Cell::not_applicable, cell))
            .collect();
        b.cells(label, cells);
    };
    add(format!("{prefix}: employments"), &|km| count(km.n));
    add(format!("{prefix}: ended"), &|km| count(km.events));
    add(format!("{prefix}: median length (days)"), &|km| {
        Cell::decimal(km.median_days)
    });
    for years in times {
        let plural = if years == "1" { "year" } else { "years" };
        add(
            format!("{prefix}: still going after {years} {plural}"),
            &|km| rate(km.at.get(years).and_then(|p| p.s)),
        );
        add(
            format!("{prefix}: after {years} {plural}, lower 95% limit"),
            &|km| rate(km.at.get(years).and_then(|p| p.lower)),
        );
        add(
            format!("{prefix}: after {years} {plural}, upper 95% limit"),
            &|km| rate(km.at.get(years).and_then(|p| p.upper)),
        );
    }
}

fn survival(report: &MeasuresReport, scopes: &[Scope<'_>], on: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "survival",
        format!("How long employments last, at {on}"),
        "Group and measure",
    );
    let mut times = keys(scopes, |m| m.survival.overall.as_ref().map(|km| &km.at));
    for scope in scopes {
        let groups = scope
            .measures
            .survival
            .by_academy
            .0
            .iter()
            .chain(&scope.measures.survival.by_group.groups.0);
        for (_, km) in groups {
            for (years, _) in km.iter().flat_map(|km| &km.at.0) {
                if !times.contains(years) {
                    times.push(years.clone());
                }
            }
        }
    }
    let overall: Vec<_> = scopes
        .iter()
        .map(|s| s.measures.survival.overall.as_ref())
        .collect();
    survival_rows(&mut b, "All employments", &times, &overall);
    for key in keys(scopes, |m| Some(&m.survival.by_academy)) {
        let figures: Vec<_> = scopes
            .iter()
            .map(|s| {
                s.measures
                    .survival
                    .by_academy
                    .get(&key)
                    .and_then(Option::as_ref)
            })
            .collect();
        let label = match key.as_str() {
            "yes" => "Academy members".to_owned(),
            "no" => "Not academy members".to_owned(),
            other => format!("Academy: {other}"),
        };
        survival_rows(&mut b, &label, &times, &figures);
    }
    let grouping = code_label(report.group.as_str());
    for key in keys(scopes, |m| Some(&m.survival.by_group.groups)) {
        let figures: Vec<_> = scopes
            .iter()
            .map(|s| {
                s.measures
                    .survival
                    .by_group
                    .groups
                    .get(&key)
                    .and_then(Option::as_ref)
            })
            .collect();
        survival_rows(&mut b, &format!("{grouping} {key}"), &times, &figures);
    }
    b.note("Kaplan-Meier estimates with 95% confidence limits. z: no employment in the group, or a median never reached.")
}

fn logrank(scopes: &[Scope<'_>], on: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "survival-logrank",
        format!("Do academy members stay longer? Log-rank test at {on}"),
        "Measure",
    );
    let test = |m: &ScopeMeasures| m.survival.logrank_academy;
    b.row("Test statistic", move |m| {
        Cell::decimal2(test(m).and_then(|t| t.statistic))
    });
    b.row("p-value", move |m| {
        Cell::decimal2(test(m).and_then(|t| t.p_value))
    });
    b.row("Academy members' employments", move |m| {
        test(m).map_or_else(Cell::not_applicable, |t| count(t.n_yes))
    });
    b.row("Other employments", move |m| {
        test(m).map_or_else(Cell::not_applicable, |t| count(t.n_no))
    });
    b.note("The workbook holds the p-value in full; the text shows two decimals.")
}

fn vacancies(scopes: &[Scope<'_>], on: &str, year: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "vacancies",
        format!("Vacancies open at {on} and closed in {year}"),
        "Measure",
    );
    b.row("Vacancies open", |m| {
        count(m.recruitment.vacancies_open.count)
    });
    b.row("Vacancies open (FTE)", |m| {
        fte(m.recruitment.vacancies_open.fte)
    });
    b.row("Vacancies open covered by agency", |m| {
        count(m.recruitment.vacancies_open.covered_by_agency)
    });
    b.row("Vacancies filled or closed in the year", |m| {
        count(m.recruitment.vacancies_closed_in_year)
    });
    b.row("Median days to close a vacancy", |m| {
        Cell::decimal(m.recruitment.median_days_open_closed_in_year)
    });
    b.note(NOTE)
}

fn vacancies_by_stage(scopes: &[Scope<'_>], on: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "vacancies-by-stage",
        format!("Vacancies open by stage at {on}"),
        "Stage",
    );
    for key in keys(scopes, |m| Some(&m.recruitment.vacancies_by_stage)) {
        let label = code_label(&key);
        let counted = key.clone();
        b.row(format!("{label}: vacancies"), move |m| {
            m.recruitment
                .vacancies_by_stage
                .get(&counted)
                .map_or_else(Cell::not_applicable, |s| count(s.count))
        });
        b.row(format!("{label}: FTE"), move |m| {
            m.recruitment
                .vacancies_by_stage
                .get(&key)
                .map_or_else(Cell::not_applicable, |s| fte(s.fte))
        });
    }
    b.note("")
}

fn events(scopes: &[Scope<'_>], year: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "recruitment-events",
        format!("Recruitment events' funnel, {year}"),
        "Events and measure",
    );
    for key in keys(scopes, |m| Some(&m.recruitment.events)) {
        let label = match key.as_str() {
            "true" => "Out of hours events",
            "false" => "Working hours events",
            "unknown" => "Events at unknown hours",
            "total" => "All events",
            other => other,
        }
        .to_owned();
        let funnels: Vec<_> = scopes
            .iter()
            .map(|s| s.measures.recruitment.events.get(&key))
            .collect();
        let mut add = |figure: &str, cell: &dyn Fn(&Funnel) -> Cell| {
            let cells = funnels
                .iter()
                .map(|f| f.map_or_else(Cell::not_applicable, cell))
                .collect();
            b.cells(format!("{label}: {figure}"), cells);
        };
        add("events", &|f| count(f.events));
        add("attendees", &|f| count(f.attendees));
        add("applications", &|f| count(f.applications));
        add("offers", &|f| count(f.offers));
        add("hires", &|f| count(f.hires));
        add("applications per attendee", &|f| {
            Cell::decimal2(f.applications_per_attendee)
        });
        add("offers per application", &|f| {
            Cell::decimal2(f.offers_per_application)
        });
        add("hires per offer", &|f| Cell::decimal2(f.hires_per_offer));
        add("hires per attendee", &|f| {
            Cell::decimal2(f.hires_per_attendee)
        });
    }
    b.note(NOTE)
}

fn placements(scopes: &[Scope<'_>], year: &str) -> Table {
    let mut b = Builder::new(
        scopes,
        "placements",
        format!("Student placements, {year}"),
        "Placements and measure",
    );
    let mut groups: Vec<(String, Vec<Option<&PlacementCounts>>)> = vec![(
        "All placements".to_owned(),
        scopes
            .iter()
            .map(|s| Some(&s.measures.recruitment.placements.total))
            .collect(),
    )];
    for key in keys(scopes, |m| {
        Some(&m.recruitment.placements.by_placement_number)
    }) {
        groups.push((
            format!("Placement {key}"),
            scopes
                .iter()
                .map(|s| {
                    s.measures
                        .recruitment
                        .placements
                        .by_placement_number
                        .get(&key)
                })
                .collect(),
        ));
    }
    for key in keys(scopes, |m| Some(&m.recruitment.placements.by_university)) {
        groups.push((
            key.clone(),
            scopes
                .iter()
                .map(|s| s.measures.recruitment.placements.by_university.get(&key))
                .collect(),
        ));
    }
    for (label, counts) in groups {
        let mut add = |figure: &str, cell: &dyn Fn(&PlacementCounts) -> Cell| {
            let cells = counts
                .iter()
                .map(|c| c.map_or_else(Cell::not_applicable, cell))
                .collect();
            b.cells(format!("{label}: {figure}"), cells);
        };
        add("placed", &|c| count(c.placed));
        add("offers", &|c| count(c.offers));
        add("accepted", &|c| count(c.accepted));
        add("declined", &|c| count(c.declined));
        add("hired", &|c| count(c.hired));
    }
    b.note("")
}
