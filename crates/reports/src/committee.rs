//! The committee report pack: the annual paper on the children's social work
//! workforce that a principal social worker takes to councillors, in the usual council
//! skeleton (cover, executive summary, recommendations, background, the key measures
//! with their five-year trend, charts, academy and ASYE progress, implications,
//! appendices, glossary).
//!
//! Every figure comes from the measures computed from the council's records at the
//! reference date and at each of the four years before it, so the pack agrees with
//! `pathway measures --json` and the dashboard. The summary's sentences are written
//! from those figures; the recommendations, background and implications are the
//! council's own words ([`CommitteeDetails`]). A public pack shows counts from 1 to 4,
//! and rates built on them, as `c`, with secondary suppression where a total would
//! give a hidden cell away.

use pathway_domain::Council;
use pathway_domain::Workforce;
use pathway_domain::academy::Academy;
use pathway_domain::academy::session::attendance_rate;
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::committee::{CommitteeDetails, paragraphs};
use pathway_domain::measures::employment_survival::KaplanMeierFigures;
use pathway_domain::measures::suppression::{
    CountTable, Published, PublishedRate, PublishedTable, Suppression,
};
use pathway_domain::measures::{self, ScopeMeasures};
use pathway_domain::values::Date;

use crate::charts::{self, Chart, Format, Series, Unit};
use crate::glossary;
use crate::model::{Audience, Block, Cell, CoverLine, Figure, Report, Row, Section, Table};
use crate::trend::{
    AGENCY_RATE, CASELOAD, IN_POST, TURNOVER_RATE, TrendMeasure, VACANCIES, VACANCY_RATE, Year,
    join_words, long_date, measure_years, period, short_date, survival_at, trend_dates,
};

/// What a committee report is made from.
#[derive(Debug, Clone, Copy)]
pub struct CommitteeInputs<'a> {
    /// The council reported on.
    pub council: &'a Council,
    /// The council's records.
    pub workforce: &'a Workforce,
    /// The council's academy (sessions and registers, for attendance).
    pub academy: &'a Academy,
    /// The report's own words.
    pub details: &'a CommitteeDetails,
    /// The reference date D.
    pub date: Date,
    /// Who the report is for.
    pub audience: Audience,
}

/// Builds the whole report.
pub fn build(inputs: &CommitteeInputs<'_>) -> Report {
    let years = measure_years(
        std::slice::from_ref(inputs.workforce),
        &trend_dates(inputs.date),
        &inputs.workforce.council.to_string(),
    )
    .expect("the measures hold every council they are given");
    let publish = Publish::for_audience(inputs.audience);
    let now = &years[years.len() - 1];
    let sections = vec![
        summary(inputs, &years, publish),
        recommendations(inputs.details),
        text_section("background", "Background", &inputs.details.background),
        key_measures(&years, publish),
        staffing(&years),
        rates(&years, publish),
        caseloads(now, publish),
        academy(inputs, now, publish),
        recruitment(now, publish),
        leavers(now, publish),
        implications(inputs.details),
        appendices(),
    ];
    let mut report = Report {
        title: format!(
            "The children's social work workforce at {}",
            long_date(inputs.date)
        ),
        language: "en-GB".to_owned(),
        council: inputs.council.name.clone(),
        audience: inputs.audience,
        cover: cover(inputs),
        sections,
        glossary: Vec::new(),
    };
    report.glossary = glossary::used_in(&report.text());
    report
}

/// How counts are published for the report's audience.
#[derive(Debug, Clone, Copy)]
struct Publish(Suppression);

impl Publish {
    fn for_audience(audience: Audience) -> Self {
        Self(Suppression::for_viewer(audience == Audience::Internal))
    }

    fn count(self, count: u64) -> Cell {
        published_cell(self.0.count(count))
    }

    /// A count in a sentence: the number, or "c" when held back.
    fn count_text(self, count: u64) -> String {
        self.0.count(count).to_string()
    }

    fn rate(self, numerator: u64, denominator: u64) -> Cell {
        rate_cell(self.0.rate(numerator, denominator))
    }

    /// A rate given as a fraction, held back when the count it rests on is small.
    fn rate_on(self, rate: Option<f64>, resting_on: u64) -> Cell {
        if self.0.is_small(resting_on) {
            Cell::suppressed()
        } else {
            Cell::percent(rate)
        }
    }

    fn table(self, table: &CountTable) -> PublishedTable {
        self.0.table(table)
    }

    fn is_public(self) -> bool {
        !self.0.shows_everything()
    }
}

fn published_cell(published: Published) -> Cell {
    match published {
        Published::Count(count) => Cell::whole(count),
        Published::Suppressed => Cell::suppressed(),
    }
}

fn rate_cell(rate: PublishedRate) -> Cell {
    match rate {
        PublishedRate::Rate(rate) => Cell::percent(Some(rate)),
        PublishedRate::NotApplicable => Cell::not_applicable(),
        PublishedRate::Suppressed => Cell::suppressed(),
    }
}

/// A code as words: `moved_within_council` is "Moved within council".
fn humanise(code: &str) -> String {
    let words = code.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn cover(inputs: &CommitteeInputs<'_>) -> Vec<CoverLine> {
    let details = inputs.details;
    let line = |label: &str, value: String| CoverLine {
        label: label.to_owned(),
        value,
    };
    let mut lines = vec![line("Meeting", details.meeting.clone())];
    if let Some(day) = details.meeting_date {
        lines.push(line("Date of meeting", long_date(day)));
    }
    lines.push(line("Report of", details.report_of.clone()));
    lines.push(line("Contact officer", details.contact_officer.clone()));
    lines.push(line("Figures at", long_date(inputs.date)));
    lines.push(line("Classification", inputs.audience.label().to_owned()));
    lines
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph { text: text.into() }
}

fn subheading(text: &str) -> Block {
    Block::Subheading {
        text: text.to_owned(),
    }
}

fn section(id: &str, heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        id: id.to_owned(),
        heading: heading.to_owned(),
        blocks,
    }
}

/// A section of the council's own paragraphs.
fn text_section(id: &str, heading: &str, text: &str) -> Section {
    section(
        id,
        heading,
        paragraphs(text).into_iter().map(paragraph).collect(),
    )
}

fn summary(inputs: &CommitteeInputs<'_>, years: &[Year], publish: Publish) -> Section {
    let now = &years[years.len() - 1].scope;
    let workforce = &now.workforce;
    let mut blocks = vec![paragraph(format!(
        "This report sets out the position of the children's social work workforce of {} at {}, and how it has changed over the five years from {}.",
        inputs.council.name,
        long_date(inputs.date),
        long_date(years[0].date)
    ))];
    blocks.push(paragraph(format!(
        "On {} the council employed {} social workers in children's services, {:.1} FTE.",
        long_date(inputs.date),
        publish.count_text(workforce.headcount),
        workforce.fte
    )));
    let mut trends: Vec<String> = [
        &VACANCIES,
        &VACANCY_RATE,
        &TURNOVER_RATE,
        &AGENCY_RATE,
        &CASELOAD,
    ]
    .iter()
    .map(|measure| measure.sentence(years))
    .collect();
    if publish.is_public() && publish.0.is_small(now.leavers.count) {
        // The turnover rate rests on the leavers' count: held back with it.
        trends.retain(|sentence| !sentence.starts_with(TURNOVER_RATE.subject));
    }
    blocks.push(Block::Bullets { items: trends });
    if let Some(sentence) = band_sentence(now, publish) {
        blocks.push(paragraph(sentence));
    }
    let academy = &now.academy.total;
    if academy.members > 0 {
        blocks.push(paragraph(format!(
            "Of the {} people who have joined the academy's cohorts, {} ({}) are still in children's social work at the council and {} have left it.",
            publish.count_text(academy.members),
            publish.count_text(academy.all.retained_children),
            publish.rate(academy.all.retained_children, academy.members).text,
            publish.count_text(academy.all.left_council),
        )));
    }
    let leavers = &now.leavers;
    let main_reason = leavers
        .by_reason
        .0
        .iter()
        .filter(|(_, count)| *count > 0)
        .max_by_key(|(_, count)| *count)
        .map(|(reason, _)| humanise(reason).to_lowercase());
    blocks.push(paragraph(match main_reason {
        Some(reason) if !publish.0.is_small(leavers.count) => format!(
            "{} in the year to {}; the most common reason was {reason}. Returners (people who had worked here before) who came back in the year: {}.",
            people(&leavers.count.to_string(), "social worker left", "social workers left"),
            long_date(inputs.date),
            publish.count_text(leavers.returners_in_year),
        ),
        _ => format!(
            "{} in the year to {}.",
            people(&publish.count_text(leavers.count), "social worker left", "social workers left"),
            long_date(inputs.date)
        ),
    }));
    section("summary", "Executive summary", blocks)
}

/// "52.0% of social workers with a known caseload held 0-19 cases, …"
fn band_sentence(now: &ScopeMeasures, publish: Publish) -> Option<String> {
    let workforce = &now.workforce;
    if workforce.caseload_workers == 0 {
        return None;
    }
    let bands = published_bands(now, publish);
    let parts: Vec<String> = bands
        .iter()
        .map(|(label, _, share)| format!("{} held {label} cases", share.text))
        .collect();
    Some(format!(
        "Of the {} social workers with a known caseload, {}.",
        publish.count_text(workforce.caseload_workers),
        join_words(&parts)
    ))
}

/// "1 social worker left", "38 social workers left", "c social workers left".
fn people(count: &str, one: &str, many: &str) -> String {
    if count == "1" {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

/// Each caseload band's label, workers and share, published.
fn published_bands(now: &ScopeMeasures, publish: Publish) -> Vec<(String, Cell, Cell)> {
    let bands = &now.workforce.caseload_bands.0;
    let counts = CountTable::list(
        "workers",
        bands
            .iter()
            .map(|(label, band)| (label.clone(), band.count))
            .collect(),
    );
    let published = publish.table(&counts);
    bands
        .iter()
        .zip(&published.cells)
        .map(|((label, _), cells)| {
            let cell = cells[0];
            (
                label.clone(),
                published_cell(cell),
                rate_cell(publish.0.share(cell, published.total)),
            )
        })
        .collect()
}

fn recommendations(details: &CommitteeDetails) -> Section {
    section(
        "recommendations",
        "Recommendations",
        vec![
            paragraph("The committee is asked to:"),
            Block::Numbered {
                items: details.recommendation_list(),
            },
        ],
    )
}

fn key_measures(years: &[Year], publish: Publish) -> Section {
    type Value = fn(&Year, Publish) -> Cell;
    let rows: [(&str, Value); 14] = [
        ("Social workers in post (headcount)", |y, p| {
            p.count(y.scope.workforce.headcount)
        }),
        ("Social workers in post (FTE)", |y, _| {
            Cell::decimal(Some(y.scope.workforce.fte))
        }),
        ("Vacancies (FTE)", |y, _| {
            Cell::decimal(Some(y.scope.workforce.vacancy_fte))
        }),
        ("Vacancy rate", |y, p| {
            p.rate_on(
                y.scope.workforce.vacancy_rate,
                y.scope.recruitment.vacancies_open.count,
            )
        }),
        ("Agency social workers (FTE)", |y, _| {
            Cell::decimal(Some(y.scope.workforce.agency_fte))
        }),
        ("Agency rate", |y, _| {
            Cell::percent(y.scope.workforce.agency_rate)
        }),
        ("Starters in the year (FTE)", |y, _| {
            Cell::decimal(Some(y.scope.workforce.starters_fte))
        }),
        ("Leavers in the year (FTE)", |y, _| {
            Cell::decimal(Some(y.scope.workforce.leavers_fte))
        }),
        ("Turnover rate", |y, p| {
            p.rate_on(y.scope.workforce.turnover_rate, y.scope.leavers.count)
        }),
        ("Leavers in the year (headcount)", |y, p| {
            p.count(y.scope.leavers.count)
        }),
        ("Returners in the year", |y, p| {
            p.count(y.scope.leavers.returners_in_year)
        }),
        ("Average caseload (cases per FTE)", |y, _| {
            Cell::decimal(y.scope.workforce.caseload_fte)
        }),
        ("Sickness absence rate", |y, _| {
            Cell::percent(y.scope.workforce.absence_rate)
        }),
        ("Median length of service (years)", |y, _| {
            Cell::decimal(y.scope.workforce.median_service_years)
        }),
    ];
    let table = Table {
        id: "key-measures".to_owned(),
        caption: format!("Key measures at 30 September each year, {}", period(years)),
        corner: "Measure".to_owned(),
        columns: years.iter().map(|year| short_date(year.date)).collect(),
        rows: rows
            .iter()
            .map(|(name, value)| Row {
                header: (*name).to_owned(),
                cells: years.iter().map(|year| value(year, publish)).collect(),
            })
            .collect(),
        note: note(publish),
    };
    section(
        "key-measures",
        "Key measures",
        vec![
            paragraph(
                "The table gives each measure at the reference date and at the same date in each of the four years before it. Rates are over the year to that date; FTE is full-time equivalent.",
            ),
            Block::Table(table),
        ],
    )
}

/// What the symbols in a table mean.
fn note(publish: Publish) -> String {
    let mut note = "z: not applicable (nothing to divide by).".to_owned();
    if publish.is_public() {
        note.push_str(
            " c: held back because it rests on fewer than 5 people, or would let such a figure be worked out.",
        );
    }
    note
}

/// The width and height an SVG chart declares.
fn svg_size(svg: &str) -> (f64, f64) {
    let attribute = |name: &str| {
        let start = svg.find(&format!(" {name}=\""))? + name.len() + 3;
        let end = svg[start..].find('"')? + start;
        svg[start..end].parse::<f64>().ok()
    };
    (
        attribute("width").unwrap_or(640.0),
        attribute("height").unwrap_or(320.0),
    )
}

/// The caption of the table under a chart: the chart's title, said to be its figures,
/// so that the two captions do not repeat each other.
fn figures_caption(chart: &Chart) -> String {
    format!("The figures of the chart: {}", chart.title)
}

fn figure(chart: &Chart, svg: String, table: Table) -> Block {
    Block::Figure(Figure {
        id: chart.id.clone(),
        title: chart.title.clone(),
        alt: chart.description.clone(),
        size: svg_size(&svg),
        svg,
        table,
    })
}

/// A table with a row per date and a column per measure, and its line or bar chart.
fn trend_table(id: &str, caption: String, years: &[Year], columns: &[&TrendMeasure]) -> Table {
    Table {
        id: id.to_owned(),
        caption,
        corner: "Date".to_owned(),
        columns: columns.iter().map(|m| m.name.to_owned()).collect(),
        rows: years
            .iter()
            .map(|year| Row {
                header: long_date(year.date),
                cells: columns
                    .iter()
                    .map(|m| match m.format {
                        Format::Percent => Cell::percent((m.value)(&year.scope)),
                        _ => Cell::decimal((m.value)(&year.scope)),
                    })
                    .collect(),
            })
            .collect(),
        note: String::new(),
    }
}

fn staffing(years: &[Year]) -> Section {
    let summary = [IN_POST.sentence(years), VACANCIES.sentence(years)];
    let chart = Chart {
        id: "chart-staffing".to_owned(),
        title: format!(
            "Social workers in post and vacancies (FTE), {}",
            period(years)
        ),
        description: summary.join(" "),
        categories: years.iter().map(|y| short_date(y.date)).collect(),
        series: vec![
            Series::new("In post (FTE)", IN_POST.values(years)),
            Series::new("Vacancies (FTE)", VACANCIES.values(years)),
        ],
        unit: Unit::Number,
        axis_label: "FTE".to_owned(),
    };
    let table = trend_table(
        "staffing",
        figures_caption(&chart),
        years,
        &[&IN_POST, &VACANCIES],
    );
    let svg = charts::bar_chart(&chart);
    section(
        "staffing",
        "Vacancies and staffing",
        vec![paragraph(summary.join(" ")), figure(&chart, svg, table)],
    )
}

fn rates(years: &[Year], publish: Publish) -> Section {
    let measures = [&VACANCY_RATE, &TURNOVER_RATE, &AGENCY_RATE];
    let summary: Vec<String> = measures.iter().map(|m| m.sentence(years)).collect();
    let chart = Chart {
        id: "chart-rates".to_owned(),
        title: format!("Vacancy, turnover and agency rates, {}", period(years)),
        description: summary.join(" "),
        categories: years.iter().map(|y| short_date(y.date)).collect(),
        series: measures
            .iter()
            .map(|m| {
                Series::new(
                    m.name,
                    m.values(years)
                        .into_iter()
                        .map(|v| v.map(|v| v * 100.0))
                        .collect(),
                )
            })
            .collect(),
        unit: Unit::Percent,
        axis_label: "Per cent".to_owned(),
    };
    let mut table = trend_table("rates", figures_caption(&chart), years, &measures);
    // Rates resting on small counts are held back in the table as in the key
    // measures; the chart shows the same cells as gaps.
    let mut chart = chart;
    for (row, year) in table.rows.iter_mut().zip(years) {
        let held = [
            publish
                .0
                .is_small(year.scope.recruitment.vacancies_open.count),
            publish.0.is_small(year.scope.leavers.count),
            false,
        ];
        for (column, held) in held.iter().enumerate() {
            if *held {
                row.cells[column] = Cell::suppressed();
            }
        }
    }
    for (column, series) in chart.series.iter_mut().enumerate() {
        for (value, row) in series.values.iter_mut().zip(&table.rows) {
            if row.cells[column].number.is_none() {
                *value = None;
            }
        }
    }
    table.note = note(publish);
    let svg = charts::line_chart(&chart);
    section(
        "rates",
        "Turnover and agency use",
        vec![
            paragraph(
                "The vacancy rate is the share of posts (FTE) vacant at the date; the turnover rate the FTE of leavers in the year over the average FTE in post; the agency rate the share of the workforce (FTE) that is agency staff.",
            ),
            figure(&chart, svg, table),
        ],
    )
}

fn caseloads(now: &Year, publish: Publish) -> Section {
    let workforce = &now.scope.workforce;
    let bands = published_bands(&now.scope, publish);
    let description = band_sentence(&now.scope, publish)
        .unwrap_or_else(|| "No social worker has a known caseload at the date.".to_owned());
    let chart = Chart {
        id: "chart-caseload-bands".to_owned(),
        title: format!(
            "Social workers by number of cases held, {}",
            long_date(now.date)
        ),
        description: description.clone(),
        categories: bands.iter().map(|(label, _, _)| label.clone()).collect(),
        series: vec![
            Series::new(
                "Share of social workers",
                bands
                    .iter()
                    .map(|(_, _, share)| share.number.map(|v| v * 100.0))
                    .collect(),
            )
            .with_missing(
                bands
                    .iter()
                    .map(|(_, _, share)| share.text.clone())
                    .collect(),
            ),
        ],
        unit: Unit::Percent,
        axis_label: "Per cent".to_owned(),
    };
    let table = Table {
        id: "caseload-bands".to_owned(),
        caption: figures_caption(&chart),
        corner: "Cases held".to_owned(),
        columns: vec!["Social workers".to_owned(), "Share".to_owned()],
        rows: bands
            .iter()
            .map(|(label, count, share)| Row {
                header: label.clone(),
                cells: vec![count.clone(), share.clone()],
            })
            .collect(),
        note: note(publish),
    };
    let svg = charts::bar_chart(&chart);
    section(
        "caseloads",
        "Caseloads",
        vec![
            paragraph(format!(
                "{} The average caseload was {} cases per FTE among case-holding social workers.",
                description,
                Format::Decimal("")
                    .write(workforce.caseload_fte)
                    .unwrap_or_else(|| "z".to_owned())
            )),
            figure(&chart, svg, table),
        ],
    )
}

fn academy(inputs: &CommitteeInputs<'_>, now: &Year, publish: Publish) -> Section {
    let workforce = inputs.workforce;
    let figures = &now.scope.academy;
    let mut blocks = vec![paragraph(
        "The academy is the council's route into its children's social work teams: newly qualified social workers follow the full programme (induction, recall days and the ASYE), and experienced starters a shorter course. Retention counts where each member is at the reference date.",
    )];
    let cohorts: Vec<_> = figures
        .by_cohort
        .as_ref()
        .map(|cohorts| cohorts.0.iter().collect())
        .unwrap_or_default();
    if cohorts.is_empty() {
        blocks.push(paragraph(
            "No academy cohort had started by the reference date.",
        ));
        return section("academy", "Academy and ASYE progress", blocks);
    }
    // Members by cohort and where they are now, suppressed as one table so that no
    // hidden cell can be worked out from a cohort's total.
    let places = [
        "In children's social work",
        "Elsewhere in the council",
        "Left the council",
    ];
    let counts = CountTable {
        rows: cohorts.iter().map(|(id, _)| (*id).clone()).collect(),
        columns: places.iter().map(|p| (*p).to_owned()).collect(),
        counts: cohorts
            .iter()
            .map(|(_, cohort)| {
                let all = &cohort.block.all;
                vec![
                    all.retained_children,
                    all.retained_council.saturating_sub(all.retained_children),
                    all.left_council,
                ]
            })
            .collect(),
    };
    let published = publish.table(&counts);
    let attendance = |id: &str| {
        let cohort = workforce.cohorts.iter().find(|c| c.id.as_str() == id)?;
        attendance_rate(inputs.academy.attendance_of(&cohort.id))
    };
    let retention = Table {
        id: "academy-cohorts".to_owned(),
        caption: format!(
            "Academy cohorts and where their members are, {}",
            long_date(now.date)
        ),
        corner: "Cohort".to_owned(),
        columns: [
            "Programme",
            "Started",
            "Members",
            "Attendance",
            places[0],
            places[1],
            places[2],
            "Retention rate",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: cohorts
            .iter()
            .zip(&published.cells)
            .zip(&published.row_totals)
            .map(|(((id, cohort), cells), total)| Row {
                header: cohort.name.clone(),
                cells: vec![
                    Cell::text(programme_name(cohort.programme)),
                    Cell::text(short_date(cohort.start_date)),
                    published_cell(*total),
                    Cell::percent(attendance(id)),
                    published_cell(cells[0]),
                    published_cell(cells[1]),
                    published_cell(cells[2]),
                    rate_cell(publish.0.share(cells[0], *total)),
                ],
            })
            .collect(),
        note: format!(
            "Attendance: the share of required sessions attended, excused absences left out. Retention rate: members in children's social work at the council over all members. {}",
            note(publish)
        ),
    };
    let rate_values: Vec<Option<f64>> = retention
        .rows
        .iter()
        .map(|row| row.cells[7].number.map(|v| v * 100.0))
        .collect();
    let chart = Chart {
        id: "chart-academy-retention".to_owned(),
        title: "Academy members still in children's social work at the council, by cohort"
            .to_owned(),
        description: retention_sentence(&cohorts, publish),
        categories: cohorts.iter().map(|(_, c)| c.name.clone()).collect(),
        series: vec![
            Series::new("Retention rate", rate_values).with_missing(
                retention
                    .rows
                    .iter()
                    .map(|row| row.cells[7].text.clone())
                    .collect(),
            ),
        ],
        unit: Unit::Percent,
        axis_label: "Per cent".to_owned(),
    };
    let svg = charts::bar_chart(&chart);
    blocks.push(figure(&chart, svg, retention));
    blocks.push(subheading("ASYE outcomes"));
    blocks.push(asye_outcomes(workforce, &cohorts, publish));
    blocks.push(subheading("How long social workers stay"));
    blocks.extend(survival(now, publish));
    section("academy", "Academy and ASYE progress", blocks)
}

fn programme_name(programme: Programme) -> &'static str {
    match programme {
        Programme::Full => "Full (ASYE)",
        Programme::Short => "Short (experienced)",
    }
}

fn retention_sentence(
    cohorts: &[&(String, measures::academy::CohortRetention)],
    publish: Publish,
) -> String {
    let members: u64 = cohorts.iter().map(|(_, c)| c.block.members).sum();
    let staying: u64 = cohorts
        .iter()
        .map(|(_, c)| c.block.all.retained_children)
        .sum();
    format!(
        "Across {} cohorts, {} of {} members ({}) are still in children's social work at the council.",
        cohorts.len(),
        publish.count_text(staying),
        publish.count_text(members),
        publish.rate(staying, members).text
    )
}

/// ASYE outcomes of the full programme's members, by cohort.
fn asye_outcomes(
    workforce: &Workforce,
    cohorts: &[&(String, measures::academy::CohortRetention)],
    publish: Publish,
) -> Block {
    let outcomes = [
        AsyeOutcome::Pass,
        AsyeOutcome::InProgress,
        AsyeOutcome::Extended,
        AsyeOutcome::Fail,
    ];
    let full: Vec<&&(String, measures::academy::CohortRetention)> = cohorts
        .iter()
        .filter(|(_, c)| c.programme == Programme::Full)
        .collect();
    let counts = CountTable {
        rows: full.iter().map(|(id, _)| id.clone()).collect(),
        columns: outcomes.iter().map(|o| o.as_str().to_owned()).collect(),
        counts: full
            .iter()
            .map(|(id, _)| {
                outcomes
                    .iter()
                    .map(|outcome| {
                        workforce
                            .academy_members
                            .iter()
                            .filter(|m| {
                                m.cohort_id().as_str() == id.as_str()
                                    && m.asye_outcome() == Some(*outcome)
                            })
                            .count() as u64
                    })
                    .collect()
            })
            .collect(),
    };
    let published = publish.table(&counts);
    Block::Table(Table {
        id: "asye-outcomes".to_owned(),
        caption: "ASYE outcomes of newly qualified members, by cohort".to_owned(),
        corner: "Cohort".to_owned(),
        columns: outcomes
            .iter()
            .map(|o| humanise(o.as_str()))
            .chain(["Total".to_owned()])
            .collect(),
        rows: full
            .iter()
            .zip(&published.cells)
            .zip(&published.row_totals)
            .map(|(((_, cohort), cells), total)| Row {
                header: cohort.name.clone(),
                cells: cells
                    .iter()
                    .map(|cell| published_cell(*cell))
                    .chain([published_cell(*total)])
                    .collect(),
            })
            .collect(),
        note: note(publish),
    })
}

fn survival(now: &Year, publish: Publish) -> Vec<Block> {
    let survival = &now.scope.survival;
    let groups: Vec<(&str, Option<&KaplanMeierFigures>)> = vec![
        (
            "Academy members",
            survival.by_academy.get("yes").and_then(Option::as_ref),
        ),
        (
            "Others",
            survival.by_academy.get("no").and_then(Option::as_ref),
        ),
    ];
    let years = measures::SURVIVAL_YEARS;
    let chart = Chart {
        id: "chart-survival".to_owned(),
        title: "Share of employments lasting at least 1, 2, 3 and 5 years (Kaplan–Meier)"
            .to_owned(),
        description: groups
            .iter()
            .map(|(name, estimate)| {
                format!(
                    "{name}: {} still employed after 2 years.",
                    Format::Percent
                        .write(survival_at(*estimate, 2))
                        .unwrap_or_else(|| "no estimate".to_owned())
                )
            })
            .collect::<Vec<_>>()
            .join(" "),
        categories: years.iter().map(|y| format!("{y} yr")).collect(),
        series: groups
            .iter()
            .map(|(name, estimate)| {
                Series::new(
                    *name,
                    years
                        .iter()
                        .map(|y| survival_at(*estimate, *y).map(|s| s * 100.0))
                        .collect(),
                )
            })
            .collect(),
        unit: Unit::Percent,
        axis_label: "Per cent still employed".to_owned(),
    };
    let table = Table {
        id: "survival".to_owned(),
        caption: figures_caption(&chart),
        corner: "Group".to_owned(),
        columns: std::iter::once("Employments".to_owned())
            .chain(years.iter().map(|y| format!("{y} years")))
            .collect(),
        rows: groups
            .iter()
            .map(|(name, estimate)| Row {
                header: (*name).to_owned(),
                cells: std::iter::once(publish.count(estimate.map_or(0, |e| e.n)))
                    .chain(years.iter().map(|y| {
                        if publish.0.is_small(estimate.map_or(0, |e| e.n)) {
                            Cell::suppressed()
                        } else {
                            Cell::percent(survival_at(*estimate, *y))
                        }
                    }))
                    .collect(),
            })
            .collect(),
        note: note(publish),
    };
    let mut chart = chart;
    for (series, row) in chart.series.iter_mut().zip(&table.rows) {
        for (value, cell) in series.values.iter_mut().zip(&row.cells[1..]) {
            if cell.number.is_none() {
                *value = None;
            }
        }
    }
    let svg = charts::line_chart(&chart);
    vec![
        paragraph(
            "The share of employments in children's social work that last at least each length of time, estimated from every employment since records began (employments still going count for as long as they have lasted).",
        ),
        figure(&chart, svg, table),
    ]
}

fn recruitment(now: &Year, publish: Publish) -> Section {
    let figures = &now.scope.recruitment;
    let funnel = figures.events.get("total").copied().unwrap_or_default();
    let stages = [
        ("Attended", funnel.attendees),
        ("Applied", funnel.applications),
        ("Offered", funnel.offers),
        ("Hired", funnel.hires),
    ];
    // The stages are not parts of a whole (each is a subset of the one before), so
    // there is no total to protect: each small count is held back on its own.
    let published: Vec<Published> = stages
        .iter()
        .map(|(_, count)| publish.0.count(*count))
        .collect();
    let chart = Chart {
        id: "chart-funnel".to_owned(),
        title: format!(
            "Recruitment events in the year to {}: from attending to being hired",
            long_date(now.date)
        ),
        description: format!(
            "{} events in the year: {} people attended, {} applied, {} were offered a post and {} were hired.",
            funnel.events, published[0], published[1], published[2], published[3]
        ),
        categories: stages.iter().map(|(s, _)| (*s).to_owned()).collect(),
        series: vec![
            Series::new(
                "People",
                published
                    .iter()
                    .map(|cell| cell.count().map(|c| c as f64))
                    .collect(),
            )
            .with_missing(published.iter().map(ToString::to_string).collect()),
        ],
        unit: Unit::Number,
        axis_label: "People".to_owned(),
    };
    let table = Table {
        id: "recruitment-funnel".to_owned(),
        caption: figures_caption(&chart),
        corner: "Stage".to_owned(),
        columns: vec!["People".to_owned()],
        rows: stages
            .iter()
            .zip(&published)
            .map(|((stage, _), cell)| Row {
                header: (*stage).to_owned(),
                cells: vec![published_cell(*cell)],
            })
            .collect(),
        note: note(publish),
    };
    let svg = charts::bar_chart(&chart);
    let placements = &figures.placements.total;
    let open = &figures.vacancies_open;
    let placement_stages = [
        ("Placed", placements.placed),
        ("Offered a post", placements.offers),
        ("Accepted", placements.accepted),
        ("Became social workers here", placements.hired),
    ];
    let placement_table = Table {
        id: "placements".to_owned(),
        caption: format!(
            "University student placements in the year to {}",
            long_date(now.date)
        ),
        corner: "Students".to_owned(),
        columns: vec!["Number".to_owned()],
        rows: placement_stages
            .iter()
            .map(|(stage, count)| Row {
                header: (*stage).to_owned(),
                cells: vec![publish.count(*count)],
            })
            .collect(),
        note: note(publish),
    };
    section(
        "recruitment",
        "Recruitment",
        vec![
            paragraph(format!(
                "At {} there were {} open vacancies ({:.1} FTE), {} of them covered by agency staff. {} vacancies were closed in the year{}.",
                long_date(now.date),
                publish.count_text(open.count),
                open.fte,
                publish.count_text(open.covered_by_agency),
                publish.count_text(figures.vacancies_closed_in_year),
                match figures.median_days_open_closed_in_year {
                    Some(days) => format!(", after a median of {days:.0} days open"),
                    None => String::new(),
                }
            )),
            figure(&chart, svg, table),
            Block::Table(placement_table),
        ],
    )
}

/// A published table of `(label, count)` with a total row, for reasons and
/// destinations.
fn list_table(
    id: &str,
    caption: String,
    corner: &str,
    counts: &CountTable,
    publish: Publish,
) -> Table {
    let published = publish.table(counts);
    Table {
        id: id.to_owned(),
        caption,
        corner: corner.to_owned(),
        columns: vec!["Leavers".to_owned()],
        rows: counts
            .rows
            .iter()
            .zip(&published.cells)
            .map(|(row, cells)| Row {
                header: humanise(row),
                cells: vec![published_cell(cells[0])],
            })
            .chain([Row {
                header: "Total".to_owned(),
                cells: vec![published_cell(published.total)],
            }])
            .collect(),
        note: note(publish),
    }
}

fn leavers(now: &Year, publish: Publish) -> Section {
    let leavers = &now.scope.leavers;
    let reasons = CountTable::list("leavers", leavers.by_reason.0.clone());
    let published = publish.table(&reasons);
    let chart = Chart {
        id: "chart-leaving-reasons".to_owned(),
        title: format!(
            "Why social workers left in the year to {}",
            long_date(now.date)
        ),
        description: format!(
            "{} social workers left in the year. {}",
            publish.count_text(leavers.count),
            reasons
                .rows
                .iter()
                .zip(&published.cells)
                .filter(|(_, cells)| cells[0] != Published::Count(0))
                .map(|(reason, cells)| format!("{}: {}.", humanise(reason), cells[0]))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        categories: reasons.rows.iter().map(|r| humanise(r)).collect(),
        series: vec![
            Series::new(
                "Leavers",
                published
                    .cells
                    .iter()
                    .map(|cells| cells[0].count().map(|c| c as f64))
                    .collect(),
            )
            .with_missing(
                published
                    .cells
                    .iter()
                    .map(|cells| cells[0].to_string())
                    .collect(),
            ),
        ],
        unit: Unit::Number,
        axis_label: "Leavers".to_owned(),
    };
    let table = list_table(
        "leaving-reasons",
        figures_caption(&chart),
        "Reason for leaving",
        &reasons,
        publish,
    );
    let svg = charts::bar_chart(&chart);
    let destinations = CountTable::list("leavers", leavers.by_destination.0.clone());
    let destination_table = list_table(
        "leaver-destinations",
        format!("Where leavers went, year to {}", long_date(now.date)),
        "Destination",
        &destinations,
        publish,
    );
    section(
        "leavers",
        "Leavers and returners",
        vec![
            paragraph(format!(
                "{} children's social work at the council in the year to {}, {:.1} FTE; {} of them left the council altogether. Returners (people who had worked here before) who came back in the year: {}.",
                people(
                    &publish.count_text(leavers.count),
                    "social worker left",
                    "social workers left"
                ),
                long_date(now.date),
                leavers.fte,
                publish.count_text(leavers.left_council),
                publish.count_text(leavers.returners_in_year),
            )),
            figure(&chart, svg, table),
            Block::Table(destination_table),
        ],
    )
}

fn implications(details: &CommitteeDetails) -> Section {
    let mut blocks = Vec::new();
    for (heading, text) in [
        ("Financial", &details.financial),
        ("Legal", &details.legal),
        ("Equalities", &details.equalities),
        ("Risk", &details.risk),
    ] {
        blocks.push(subheading(heading));
        let paragraphs = paragraphs(text);
        if paragraphs.is_empty() {
            blocks.push(paragraph("None."));
        }
        blocks.extend(paragraphs.into_iter().map(paragraph));
    }
    section("implications", "Implications", blocks)
}

fn appendices() -> Section {
    section(
        "appendices",
        "Appendices",
        vec![
            subheading("Appendix A: how the figures are defined"),
            Block::Bullets {
                items: [
                    "Social workers in post: qualified social workers with an assignment in children's services at the reference date, counted once each (headcount) and by their contracted hours (FTE). Agency staff are counted apart.",
                    "Vacancy rate: vacant posts (FTE) over vacant posts plus social workers in post (FTE), at the date.",
                    "Turnover rate: the FTE of social workers who left in the year to the date, over the average of the FTE in post at the start and at the end of the year.",
                    "Agency rate: agency social workers (FTE) over all social workers (FTE), at the date.",
                    "Average caseload: cases held by case-holding social workers over their FTE, at the date.",
                    "Sickness absence rate: working days lost to sickness over the working days available in the year.",
                    "Retention of academy members: where each member of a cohort is at the date: in children's social work at the council, elsewhere in the council, or gone.",
                ]
                .map(str::to_owned)
                .to_vec(),
            },
            subheading("Appendix B: sources"),
            paragraph(
                "The council's workforce records in Pathway, which also produce its return to the DfE's CSWW census. The figures follow the census's definitions, so they can be compared with the published national statistics.",
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words() {
        assert_eq!(humanise("moved_within_council"), "Moved within council");
        assert_eq!(humanise(""), "");
    }

    #[test]
    fn a_chart_size_is_read_from_its_svg() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 316" width="640" height="316">"#;
        assert_eq!(svg_size(svg), (640.0, 316.0));
    }
}
