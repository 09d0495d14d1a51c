//! The dashboard: the headline measures of the user's council at a reference date D,
//! and their five-year trend, each chart drawn on the server and followed by a table
//! of its figures.
//!
//! D is the latest census date (30 September) on or before today unless `?date=`
//! chooses another. The council's records are loaded once; the measures are computed
//! at D and at each of the four years before it. An administrator, who belongs to no
//! council, sees every council pooled.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::Utc;
use pathway_domain::measures::employment_survival::KaplanMeierFigures;
use pathway_domain::measures::{self, SURVIVAL_YEARS, ScopeMeasures};
use pathway_domain::values::{Date, parse_date};

use crate::AppState;
use crate::error::WebError;
use crate::page::{FieldError, Page};
use crate::session::SignedIn;
use pathway_reports::charts::{self, Chart, Format, Series, Unit};
use pathway_reports::trend::{
    TrendMeasure, Year, join_words, long_date, period, short_date, survival_at,
};

/// A value for a page: its text, or "no value" (shown as `z`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cell(Option<String>);

impl Cell {
    fn of(format: Format, value: Option<f64>) -> Self {
        Self(format.write(value))
    }

    fn count(count: u64) -> Self {
        Self(Some(count.to_string()))
    }
}

/// One headline figure.
#[derive(Debug)]
struct Figure {
    label: &'static str,
    value: Cell,
    detail: String,
}

/// One row of a data table: its header cell and its values.
#[derive(Debug)]
struct TableRow {
    header: String,
    cells: Vec<Cell>,
}

/// A GOV.UK table of a chart's figures: the chart's accessible equivalent.
#[derive(Debug)]
struct DataTable {
    caption: String,
    /// The heading of the first column (the rows' headers).
    corner: String,
    /// The headings of the value columns.
    columns: Vec<String>,
    rows: Vec<TableRow>,
}

/// A chart with its heading, what it shows in words, and its tables.
#[derive(Debug)]
struct ChartSection {
    id: &'static str,
    heading: String,
    summary: Vec<String>,
    svg: String,
    tables: Vec<DataTable>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
/// The dashboard page.
pub struct DashboardPage {
    page: Page,
    errors: Vec<FieldError>,
    date_error: Option<String>,
    date_value: String,
    scope_name: String,
    /// Shared with the records cache: written out, never copied.
    figures: Arc<DashboardFigures>,
}

/// Chooses D: the `date` asked for, if it is a real date not after today; otherwise
/// the census date, with a message saying what was wrong.
pub(crate) fn reference_date(asked: Option<&str>, today: Date) -> (Date, Option<String>) {
    let default = measures::census_date_on_or_before(today);
    match asked.map(str::trim).filter(|text| !text.is_empty()) {
        None => (default, None),
        Some(text) => match parse_date(text) {
            Ok(date) if date <= today => (date, None),
            Ok(_) => (
                default,
                Some("The reference date must be today or in the past".to_owned()),
            ),
            Err(_) => (
                default,
                Some(
                    "Enter the reference date as a real date, written year-month-day, like 2023-09-30"
                        .to_owned(),
                ),
            ),
        },
    }
}

fn headline(measures: &ScopeMeasures) -> Vec<Figure> {
    let workforce = &measures.workforce;
    vec![
        Figure {
            label: "Social workers in post",
            value: Cell::count(workforce.headcount),
            detail: format!(" ({:.1} FTE)", workforce.fte),
        },
        Figure {
            label: "Vacancy rate",
            value: Cell::of(Format::Percent, workforce.vacancy_rate),
            detail: format!(" ({:.1} FTE vacant)", workforce.vacancy_fte),
        },
        Figure {
            label: "Agency rate",
            value: Cell::of(Format::Percent, workforce.agency_rate),
            detail: format!(" ({:.1} FTE agency)", workforce.agency_fte),
        },
        Figure {
            label: "Turnover in the year",
            value: Cell::of(Format::Percent, workforce.turnover_rate),
            detail: format!(" ({:.1} FTE left)", workforce.leavers_fte),
        },
        Figure {
            label: "Average caseload",
            value: Cell::of(Format::Decimal(""), workforce.caseload_fte),
            detail: " cases per FTE".to_owned(),
        },
        Figure {
            label: "Sickness absence",
            value: Cell::of(Format::Percent, workforce.absence_rate),
            detail: " of working days".to_owned(),
        },
    ]
}

/// Percentages for a chart: a fraction times 100.
fn percent_points(value: Option<f64>) -> Option<f64> {
    value.map(|value| value * 100.0)
}

/// A table with a row per date and a column per measure.
fn trend_table(caption: String, years: &[Year], columns: &[TrendMeasure]) -> DataTable {
    DataTable {
        caption,
        corner: "Date".to_owned(),
        columns: columns
            .iter()
            .map(|column| column.name.to_owned())
            .collect(),
        rows: years
            .iter()
            .map(|year| TableRow {
                header: long_date(year.date),
                cells: columns
                    .iter()
                    .map(|column| Cell::of(column.format, (column.value)(&year.scope)))
                    .collect(),
            })
            .collect(),
    }
}

fn rates_section(years: &[Year]) -> ChartSection {
    let measures = [
        TrendMeasure {
            name: "Vacancy rate",
            subject: "The vacancy rate",
            format: Format::Percent,
            value: |scope| scope.workforce.vacancy_rate,
        },
        TrendMeasure {
            name: "Turnover rate",
            subject: "The turnover rate",
            format: Format::Percent,
            value: |scope| scope.workforce.turnover_rate,
        },
        TrendMeasure {
            name: "Agency rate",
            subject: "The agency rate",
            format: Format::Percent,
            value: |scope| scope.workforce.agency_rate,
        },
    ];
    let summary: Vec<String> = measures.iter().map(|m| m.sentence(years)).collect();
    let chart = Chart {
        id: "chart-rates".to_owned(),
        title: format!("Vacancy, turnover and agency rates, {}", period(years)),
        description: summary.join(" "),
        categories: years.iter().map(|year| short_date(year.date)).collect(),
        series: measures
            .iter()
            .map(|m| {
                Series::new(
                    m.name,
                    m.values(years).into_iter().map(percent_points).collect(),
                )
            })
            .collect(),
        unit: Unit::Percent,
        axis_label: "Per cent".to_owned(),
    };
    ChartSection {
        id: "rates",
        heading: "Vacancy, turnover and agency rates".to_owned(),
        svg: charts::line_chart(&chart),
        tables: vec![trend_table(
            format!("Vacancy, turnover and agency rates, {}", period(years)),
            years,
            &measures,
        )],
        summary,
    }
}

fn staffing_section(years: &[Year]) -> ChartSection {
    let in_post = TrendMeasure {
        name: "Social workers in post (FTE)",
        subject: "Social workers in post",
        format: Format::Decimal("FTE"),
        value: |scope| Some(scope.workforce.fte),
    };
    let vacancies = TrendMeasure {
        name: "Vacancies (FTE)",
        subject: "Vacancies",
        format: Format::Decimal("FTE"),
        value: |scope| Some(scope.workforce.vacancy_fte),
    };
    let summary = vec![in_post.sentence(years), vacancies.sentence(years)];
    let chart = Chart {
        id: "chart-staffing".to_owned(),
        title: format!(
            "Social workers in post and vacancies (FTE), {}",
            period(years)
        ),
        description: summary.join(" "),
        categories: years.iter().map(|year| short_date(year.date)).collect(),
        series: vec![
            Series::new("In post (FTE)", in_post.values(years)),
            Series::new("Vacancies (FTE)", vacancies.values(years)),
        ],
        unit: Unit::Number,
        axis_label: "FTE".to_owned(),
    };
    let columns = [
        TrendMeasure {
            name: "Social workers in post (headcount)",
            subject: "",
            format: Format::Whole(""),
            value: |scope| Some(scope.workforce.headcount as f64),
        },
        TrendMeasure {
            name: "Social workers in post (FTE)",
            subject: "",
            format: Format::Decimal(""),
            value: in_post.value,
        },
        TrendMeasure {
            name: "Vacancies (FTE)",
            subject: "",
            format: Format::Decimal(""),
            value: vacancies.value,
        },
        TrendMeasure {
            name: "Agency workers (FTE)",
            subject: "",
            format: Format::Decimal(""),
            value: |scope| Some(scope.workforce.agency_fte),
        },
        TrendMeasure {
            name: "Starters in the year (FTE)",
            subject: "",
            format: Format::Decimal(""),
            value: |scope| Some(scope.workforce.starters_fte),
        },
        TrendMeasure {
            name: "Leavers in the year (FTE)",
            subject: "",
            format: Format::Decimal(""),
            value: |scope| Some(scope.workforce.leavers_fte),
        },
    ];
    let table = trend_table(
        format!(
            "Social workers in post, vacancies, starters and leavers, {}",
            period(years)
        ),
        years,
        &columns,
    );
    ChartSection {
        id: "staffing",
        heading: "Social workers in post and vacancies".to_owned(),
        svg: charts::bar_chart(&chart),
        tables: vec![table],
        summary,
    }
}

fn caseload_section(scope: &ScopeMeasures, years: &[Year], date: &str) -> ChartSection {
    let workforce = &scope.workforce;
    let bands = &workforce.caseload_bands.0;
    let band_summary = if workforce.caseload_workers == 0 {
        format!("No social worker has a known caseload on {date}.")
    } else {
        let parts: Vec<String> = bands
            .iter()
            .map(|(label, band)| {
                format!(
                    "{} had {label} cases",
                    Format::Percent
                        .write(band.share)
                        .unwrap_or_else(|| "z".to_owned())
                )
            })
            .collect();
        format!(
            "Of the {} social workers with a known caseload on {date}, {}.",
            workforce.caseload_workers,
            join_words(&parts)
        )
    };
    let average = TrendMeasure {
        name: "Average caseload (cases per FTE)",
        subject: "The average caseload",
        format: Format::Decimal("cases per FTE"),
        value: |scope| scope.workforce.caseload_fte,
    };
    let summary = vec![band_summary, average.sentence(years)];
    let chart = Chart {
        id: "chart-caseloads".to_owned(),
        title: format!("Share of social workers by number of cases, {date}"),
        description: summary[0].clone(),
        categories: bands
            .iter()
            .map(|(label, _)| format!("{label} cases"))
            .collect(),
        series: vec![Series::new(
            "Share of social workers",
            bands
                .iter()
                .map(|(_, band)| percent_points(band.share))
                .collect(),
        )],
        unit: Unit::Percent,
        axis_label: "Per cent of social workers".to_owned(),
    };
    let band_table = DataTable {
        caption: format!("Social workers with a known caseload on {date}, by number of cases"),
        corner: "Cases".to_owned(),
        columns: vec!["Social workers".to_owned(), "Share".to_owned()],
        rows: bands
            .iter()
            .map(|(label, band)| TableRow {
                header: label.clone(),
                cells: vec![
                    Cell::count(band.count),
                    Cell::of(Format::Percent, band.share),
                ],
            })
            .collect(),
    };
    let average_table = trend_table(
        format!("Average caseload, {}", period(years)),
        years,
        &[
            TrendMeasure {
                name: "Average caseload (cases per FTE)",
                subject: "",
                format: Format::Decimal(""),
                value: |scope| scope.workforce.caseload_fte,
            },
            TrendMeasure {
                name: "Case holders",
                subject: "",
                format: Format::Whole(""),
                value: |scope| Some(scope.workforce.case_holders as f64),
            },
            TrendMeasure {
                name: "Cases",
                subject: "",
                format: Format::Whole(""),
                value: |scope| Some(scope.workforce.cases as f64),
            },
        ],
    );
    ChartSection {
        id: "caseloads",
        heading: "Social workers by number of cases".to_owned(),
        svg: charts::bar_chart(&chart),
        tables: vec![band_table, average_table],
        summary,
    }
}

fn academy_section(scope: &ScopeMeasures, date: &str) -> ChartSection {
    let academy = &scope.academy;
    let mut blocks = vec![("All programmes".to_owned(), &academy.total)];
    for (key, block) in &academy.by_programme.0 {
        let name = match key.as_str() {
            "full" => "Full programme".to_owned(),
            "short" => "Short programme".to_owned(),
            other => other.to_owned(),
        };
        blocks.push((name, block));
    }
    let total = &academy.total;
    let summary = if total.members == 0 {
        format!("No academy cohort with members had started by {date}.")
    } else {
        format!(
            "Of the {} members of academy cohorts that started by {date}, {} ({}) were in children's services on that date and {} ({}) were still with the council.",
            total.members,
            total.all.retained_children,
            Format::Percent
                .write(total.all.retained_children_rate)
                .unwrap_or_else(|| "z".to_owned()),
            total.all.retained_council,
            Format::Percent
                .write(total.all.retained_council_rate)
                .unwrap_or_else(|| "z".to_owned()),
        )
    };
    let chart = Chart {
        id: "chart-academy".to_owned(),
        title: format!("Academy members retained, by programme, {date}"),
        description: summary.clone(),
        categories: blocks.iter().map(|(name, _)| name.clone()).collect(),
        series: vec![
            Series::new(
                "In children's services",
                blocks
                    .iter()
                    .map(|(_, block)| percent_points(block.all.retained_children_rate))
                    .collect(),
            ),
            Series::new(
                "With the council",
                blocks
                    .iter()
                    .map(|(_, block)| percent_points(block.all.retained_council_rate))
                    .collect(),
            ),
        ],
        unit: Unit::Percent,
        axis_label: "Per cent of members".to_owned(),
    };
    let table = DataTable {
        caption: format!("Academy members retained on {date}, by programme"),
        corner: "Programme".to_owned(),
        columns: [
            "Members",
            "Completed",
            "In children's services",
            "Share in children's services",
            "With the council",
            "Share with the council",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: blocks
            .iter()
            .map(|(name, block)| TableRow {
                header: name.clone(),
                cells: vec![
                    Cell::count(block.members),
                    Cell::count(block.completed),
                    Cell::count(block.all.retained_children),
                    Cell::of(Format::Percent, block.all.retained_children_rate),
                    Cell::count(block.all.retained_council),
                    Cell::of(Format::Percent, block.all.retained_council_rate),
                ],
            })
            .collect(),
    };
    ChartSection {
        id: "academy",
        heading: "Academy members retained, by programme".to_owned(),
        svg: charts::bar_chart(&chart),
        tables: vec![table],
        summary: vec![summary],
    }
}

/// "1 year", "2 years".
fn years_label(years: u32) -> String {
    if years == 1 {
        "1 year".to_owned()
    } else {
        format!("{years} years")
    }
}

fn survival_section(scope: &ScopeMeasures, date: &str) -> ChartSection {
    let survival = &scope.survival;
    let groups: Vec<(&str, Option<&KaplanMeierFigures>)> = vec![
        ("All employments", survival.overall.as_ref()),
        (
            "Academy members",
            survival.by_academy.get("yes").and_then(Option::as_ref),
        ),
        (
            "Others",
            survival.by_academy.get("no").and_then(Option::as_ref),
        ),
    ];
    let summary: Vec<String> = groups
        .iter()
        .map(|(name, estimate)| match estimate {
            None => format!("{name}: none to estimate from."),
            Some(figures) => {
                let parts: Vec<String> = SURVIVAL_YEARS
                    .iter()
                    .enumerate()
                    .map(|(index, years)| {
                        format!(
                            "{}{} after {}",
                            Format::Percent
                                .write(survival_at(Some(figures), *years))
                                .unwrap_or_else(|| "no figure".to_owned()),
                            if index == 0 { " still going" } else { "" },
                            years_label(*years)
                        )
                    })
                    .collect();
                format!("{name} ({}): {}.", figures.n, join_words(&parts))
            }
        })
        .collect();
    let chart = Chart {
        id: "chart-survival".to_owned(),
        title: format!("Share of employments still going after 1, 2, 3 and 5 years, at {date}"),
        description: summary.join(" "),
        categories: SURVIVAL_YEARS
            .iter()
            .map(|years| years_label(*years))
            .collect(),
        series: groups
            .iter()
            .map(|(name, estimate)| {
                Series::new(
                    *name,
                    SURVIVAL_YEARS
                        .iter()
                        .map(|years| percent_points(survival_at(*estimate, *years)))
                        .collect(),
                )
            })
            .collect(),
        unit: Unit::Percent,
        axis_label: "Per cent still going".to_owned(),
    };
    let mut rows: Vec<TableRow> = SURVIVAL_YEARS
        .iter()
        .map(|years| TableRow {
            header: format!("After {}", years_label(*years)),
            cells: groups
                .iter()
                .map(|(_, estimate)| Cell::of(Format::Percent, survival_at(*estimate, *years)))
                .collect(),
        })
        .collect();
    rows.push(TableRow {
        header: "Employments observed".to_owned(),
        cells: groups
            .iter()
            .map(|(_, estimate)| Cell::count(estimate.map_or(0, |figures| figures.n)))
            .collect(),
    });
    let table = DataTable {
        caption: format!("Share of own staff's employments still going, estimated at {date}"),
        corner: "Time since the start".to_owned(),
        columns: groups.iter().map(|(name, _)| (*name).to_owned()).collect(),
        rows,
    };
    ChartSection {
        id: "survival",
        heading: "Employments still going after 1, 2, 3 and 5 years".to_owned(),
        svg: charts::bar_chart(&chart),
        tables: vec![table],
        summary,
    }
}

/// What the dashboard shows of a scope at D, the same for every user who sees it: kept
/// in the records cache, so that a page seen again is only written out, not drawn.
#[derive(Debug)]
pub struct DashboardFigures {
    date: String,
    first_date: String,
    headline: Vec<Figure>,
    trend: Vec<ChartSection>,
    caseloads: ChartSection,
    academy: ChartSection,
    survival: ChartSection,
}

impl DashboardFigures {
    /// The figures and charts of the measures at D (the last year) and the years
    /// before it.
    pub fn new(years: &[Year]) -> Result<Self, WebError> {
        let Some(Year {
            scope: current,
            date,
        }) = years.last()
        else {
            return Err(WebError::Internal("no measures computed".to_owned()));
        };
        let date_text = long_date(*date);
        Ok(Self {
            first_date: years
                .first()
                .map(|first| long_date(first.date))
                .unwrap_or_default(),
            headline: headline(current),
            caseloads: caseload_section(current, years, &date_text),
            academy: academy_section(current, &date_text),
            survival: survival_section(current, &date_text),
            trend: vec![rates_section(years), staffing_section(years)],
            date: date_text,
        })
    }
}

/// `GET /`: the dashboard, at `?date=` if given.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<HashMap<String, String>>,
) -> Result<DashboardPage, WebError> {
    let asked = query.get("date").map(String::as_str);
    let (date, date_error) = reference_date(asked, Utc::now().date_naive());
    let councils =
        pathway_app::accounts::councils_seen_by(state.store.as_ref(), &signed_in.user).await?;
    let figures = state
        .records
        .dashboard(
            state.store.as_ref(),
            &councils,
            date,
            signed_in
                .user
                .council
                .map(|council| (council, signed_in.council_revision)),
        )
        .await?;
    let errors = date_error
        .iter()
        .map(|message| FieldError {
            field: "date",
            message: message.clone(),
        })
        .collect();
    Ok(DashboardPage {
        page: Page::for_user(&signed_in, "/"),
        errors,
        date_value: if date_error.is_some() {
            asked.unwrap_or_default().to_owned()
        } else {
            date.format("%Y-%m-%d").to_string()
        },
        date_error,
        scope_name: if councils.len() == 1 {
            signed_in.council_name.clone()
        } else {
            "All councils".to_owned()
        },
        figures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    #[test]
    fn a_date_asked_for_is_used_only_if_real_and_not_in_the_future() {
        let today = date("2025-03-01");
        assert_eq!(reference_date(None, today), (date("2024-09-30"), None));
        assert_eq!(reference_date(Some(""), today), (date("2024-09-30"), None));
        assert_eq!(
            reference_date(Some("2023-09-30"), today),
            (date("2023-09-30"), None)
        );
        let (chosen, error) = reference_date(Some("2023-02-30"), today);
        assert_eq!(chosen, date("2024-09-30"));
        assert!(error.unwrap().starts_with("Enter the reference date"));
        let (chosen, error) = reference_date(Some("2026-09-30"), today);
        assert_eq!(chosen, date("2024-09-30"));
        assert!(error.unwrap().contains("today or in the past"));
    }
}
