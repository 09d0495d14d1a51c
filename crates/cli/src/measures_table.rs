//! The measures as a table for a person at a terminal: one column per council (up to
//! a few) and one for all councils together; `z` where a figure does not apply.

use std::io::{self, Write};

use pathway_domain::measures::employment_survival::KaplanMeierFigures;
use pathway_domain::measures::{MeasuresReport, ScopeMeasures};

/// Beyond this many councils only the pooled column is shown: a table 150 columns wide
/// helps nobody, and `--council` or `--json` give each council's figures.
const MAX_COUNCIL_COLUMNS: usize = 6;

fn count(value: u64) -> String {
    value.to_string()
}

fn fte(value: f64) -> String {
    format!("{value:.1}")
}

fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "z".to_owned(), |value| format!("{:.1}%", value * 100.0))
}

fn number(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "z".to_owned(), |value| format!("{value:.decimals$}"))
}

fn survival_at(figures: Option<&KaplanMeierFigures>, years: &str) -> String {
    rate(
        figures
            .and_then(|km| km.at.get(years))
            .and_then(|point| point.s),
    )
}

type Row = (String, Box<dyn Fn(&ScopeMeasures) -> String>);

fn rows(report: &MeasuresReport) -> Vec<Row> {
    let mut rows: Vec<Row> = vec![
        (
            "Social workers in post (headcount)".into(),
            Box::new(|m| count(m.workforce.headcount)),
        ),
        (
            "Social workers in post (FTE)".into(),
            Box::new(|m| fte(m.workforce.fte)),
        ),
        (
            "Agency workers (FTE)".into(),
            Box::new(|m| fte(m.workforce.agency_fte)),
        ),
        (
            "Agency rate".into(),
            Box::new(|m| rate(m.workforce.agency_rate)),
        ),
        (
            "Vacancies (FTE)".into(),
            Box::new(|m| fte(m.workforce.vacancy_fte)),
        ),
        (
            "Vacancy rate".into(),
            Box::new(|m| rate(m.workforce.vacancy_rate)),
        ),
        (
            "Vacancies covered by agency".into(),
            Box::new(|m| rate(m.workforce.vacancy_agency_cover_rate)),
        ),
        (
            "Starters in the year (FTE)".into(),
            Box::new(|m| fte(m.workforce.starters_fte)),
        ),
        (
            "Leavers in the year (FTE)".into(),
            Box::new(|m| fte(m.workforce.leavers_fte)),
        ),
        (
            "Turnover rate".into(),
            Box::new(|m| rate(m.workforce.turnover_rate)),
        ),
        (
            "Average caseload (cases per FTE)".into(),
            Box::new(|m| number(m.workforce.caseload_fte, 1)),
        ),
    ];
    for label in report
        .authorities
        .values()
        .next()
        .map(|m| m.workforce.caseload_bands.0.clone())
        .unwrap_or_default()
    {
        let band = label.0.clone();
        rows.push((
            format!("Workers with {band} cases"),
            Box::new(move |m| rate(m.workforce.caseload_bands.get(&band).and_then(|b| b.share))),
        ));
    }
    rows.extend::<Vec<Row>>(vec![
        (
            "Sickness absence rate".into(),
            Box::new(|m| rate(m.workforce.absence_rate)),
        ),
        (
            "Median service (years)".into(),
            Box::new(|m| number(m.workforce.median_service_years, 1)),
        ),
        (
            "Leavers in the year".into(),
            Box::new(|m| count(m.leavers.count)),
        ),
        (
            "  of whom left the council".into(),
            Box::new(|m| count(m.leavers.left_council)),
        ),
        (
            "  of whom went to agency work".into(),
            Box::new(|m| count(m.leavers.attrition_into_agency.count)),
        ),
        (
            "Attrition rate".into(),
            Box::new(|m| rate(m.leavers.attrition_rate)),
        ),
        (
            "Returners as of D".into(),
            Box::new(|m| count(m.leavers.returners)),
        ),
        (
            "Returners in the year".into(),
            Box::new(|m| count(m.leavers.returners_in_year)),
        ),
        (
            "Academy members".into(),
            Box::new(|m| count(m.academy.total.members)),
        ),
        (
            "  retained in children's services".into(),
            Box::new(|m| rate(m.academy.total.all.retained_children_rate)),
        ),
        (
            "  retained by the council".into(),
            Box::new(|m| rate(m.academy.total.all.retained_council_rate)),
        ),
        (
            "Employments still going after 1 year".into(),
            Box::new(|m| survival_at(m.survival.overall.as_ref(), "1")),
        ),
        (
            "Employments still going after 2 years".into(),
            Box::new(|m| survival_at(m.survival.overall.as_ref(), "2")),
        ),
        (
            "Employments still going after 5 years".into(),
            Box::new(|m| survival_at(m.survival.overall.as_ref(), "5")),
        ),
        (
            "Median length of employment (years)".into(),
            Box::new(|m| {
                number(
                    m.survival
                        .overall
                        .as_ref()
                        .and_then(|km| km.median_days)
                        .map(|days| days / 365.25),
                    1,
                )
            }),
        ),
        (
            "Vacancies open".into(),
            Box::new(|m| count(m.recruitment.vacancies_open.count)),
        ),
        (
            "Vacancies filled or closed in the year".into(),
            Box::new(|m| count(m.recruitment.vacancies_closed_in_year)),
        ),
        (
            "Median days to close a vacancy".into(),
            Box::new(|m| number(m.recruitment.median_days_open_closed_in_year, 0)),
        ),
        (
            "Recruitment events in the year".into(),
            Box::new(|m| count(m.recruitment.events.get("total").map_or(0, |f| f.events))),
        ),
        (
            "Hires from recruitment events".into(),
            Box::new(|m| count(m.recruitment.events.get("total").map_or(0, |f| f.hires))),
        ),
        (
            "Student placements in the year".into(),
            Box::new(|m| count(m.recruitment.placements.total.placed)),
        ),
    ]);
    rows
}

/// Writes the table.
pub fn write(out: &mut impl Write, report: &MeasuresReport) -> io::Result<()> {
    writeln!(
        out,
        "Workforce measures at {} (the year to D runs from {} exclusive)",
        report.reference_date.format("%-d %B %Y"),
        report.year_from_exclusive.format("%-d %B %Y")
    )?;
    let councils: Vec<&String> = report
        .authorities
        .keys()
        .filter(|key| *key != "all")
        .collect();
    let mut columns: Vec<&String> = if councils.len() <= MAX_COUNCIL_COLUMNS {
        councils.clone()
    } else {
        Vec::new()
    };
    // With one council, "all" is the same population: one column is enough.
    if councils.len() != 1
        && let Some((key, _)) = report.authorities.get_key_value("all")
    {
        columns.push(key);
    }
    if councils.len() > MAX_COUNCIL_COLUMNS {
        writeln!(
            out,
            "{} councils: showing all of them together; use --council CODE or --json for each.",
            councils.len()
        )?;
    }
    writeln!(
        out,
        "`z`: no value (nothing to divide by, or a median never reached)."
    )?;
    writeln!(out)?;
    let rows = rows(report);
    let label_width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    write!(out, "{:label_width$}", "")?;
    for column in &columns {
        write!(out, "  {column:>10}")?;
    }
    writeln!(out)?;
    for (label, cell) in &rows {
        write!(out, "{label:label_width$}")?;
        for column in &columns {
            write!(out, "  {:>10}", cell(&report.authorities[column.as_str()]))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
