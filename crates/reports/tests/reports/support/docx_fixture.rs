//! A committee report built by hand, with every kind of block the model has: a
//! cover, numbered sections with sub-headings, paragraphs, bulleted and numbered
//! lists, tables (one long enough to run over a page), two charts with their tables,
//! suppressed (`c`) and not-applicable (`z`) cells, text that needs escaping, and the
//! glossary of the acronyms it uses.

use pathway_reports::charts::{Chart, Series, Unit, bar_chart, line_chart};
use pathway_reports::glossary;
use pathway_reports::model::{
    Audience, Block, Cell, CoverLine, Figure, Report, Row, Section, Table,
};

/// Text with characters XML and fonts must both get right.
pub const AWKWARD: &str = "The council’s partners – Łódź & Zürich’s café <exchange> – said “yes”.";

/// The years of the five-year trend.
pub const YEARS: [&str; 5] = [
    "30 September 2020",
    "30 September 2021",
    "30 September 2022",
    "30 September 2023",
    "30 September 2024",
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// The `width` and `height` attributes of a chart's SVG: its size in SVG units.
pub fn svg_size(svg: &str) -> (f64, f64) {
    let attribute = |name: &str| -> f64 {
        let start = svg.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        let end = svg[start..].find('"').unwrap() + start;
        svg[start..end].parse().unwrap()
    };
    (attribute("width"), attribute("height"))
}

fn trend_table() -> Table {
    let measures: [(&str, [Cell; 5]); 6] = [
        (
            "Social workers in post (FTE)",
            [141.6, 146.0, 150.2, 158.9, 163.4].map(|v| Cell::decimal(Some(v))),
        ),
        (
            "Vacancies (FTE)",
            [41.8, 38.0, 153.0, 24.5, 12.0].map(|v| Cell::decimal(Some(v))),
        ),
        (
            "Vacancy rate",
            [0.228, 0.207, 0.505, 0.134, 0.068].map(|v| Cell::percent(Some(v))),
        ),
        (
            "Agency workers (FTE)",
            [22.0, 19.5, 17.0, 13.5, 9.0].map(|v| Cell::decimal(Some(v))),
        ),
        (
            "Turnover rate",
            [
                Cell::percent(Some(0.171)),
                Cell::percent(Some(0.162)),
                Cell::percent(Some(0.149)),
                Cell::percent(Some(0.138)),
                Cell::percent(Some(0.121)),
            ],
        ),
        (
            "Leavers to adult services",
            [
                Cell::whole(6),
                Cell::suppressed(),
                Cell::whole(5),
                Cell::suppressed(),
                Cell::not_applicable(),
            ],
        ),
    ];
    Table {
        id: "key-measures".to_owned(),
        caption: "Key measures at 30 September, 2020 to 2024".to_owned(),
        corner: "Measure".to_owned(),
        columns: strings(&["2020", "2021", "2022", "2023", "2024"]),
        rows: measures
            .into_iter()
            .map(|(header, cells)| Row {
                header: header.to_owned(),
                cells: cells.to_vec(),
            })
            .collect(),
        note: "c: fewer than 5, not published. z: not applicable. FTE: full-time equivalent."
            .to_owned(),
    }
}

fn rates_figure() -> Figure {
    let vacancy = [22.8, 20.7, 50.5, 13.4, 6.8];
    let agency = [15.5, 13.4, 11.3, 8.5, 5.5];
    let svg = line_chart(&Chart {
        id: "figure-rates".to_owned(),
        title: "Vacancy and agency rates".to_owned(),
        description:
            "The vacancy rate fell from 22.8% to 6.8%; the agency rate from 15.5% to 5.5%."
                .to_owned(),
        categories: strings(&["2020", "2021", "2022", "2023", "2024"]),
        series: vec![
            Series::new("Vacancy rate", vacancy.map(Some).to_vec()),
            Series::new("Agency rate", agency.map(Some).to_vec()),
        ],
        unit: Unit::Percent,
        axis_label: "%".to_owned(),
    });
    Figure {
        id: "figure-rates".to_owned(),
        title: "Figure 1: vacancy and agency rates at 30 September".to_owned(),
        alt: "Line chart: the vacancy rate peaked at 50.5% in 2022 and fell to 6.8% in 2024; the agency rate fell every year, from 15.5% to 5.5%."
            .to_owned(),
        size: svg_size(&svg),
        svg,
        table: Table {
            id: "figure-rates-table".to_owned(),
            caption: "Vacancy and agency rates (figures of Figure 1)".to_owned(),
            corner: "Year".to_owned(),
            columns: strings(&["Vacancy rate", "Agency rate"]),
            rows: (0..5)
                .map(|i| Row {
                    header: YEARS[i].to_owned(),
                    cells: vec![
                        Cell::percent(Some(vacancy[i] / 100.0)),
                        Cell::percent(Some(agency[i] / 100.0)),
                    ],
                })
                .collect(),
            note: String::new(),
        },
    }
}

fn caseload_figure() -> Figure {
    let bands = ["Up to 15", "16 to 20", "21 to 25", "Over 25"];
    let teams = [Some(48.0), Some(61.0), Some(19.0), Some(6.0)];
    let svg = bar_chart(&Chart {
        id: "figure-caseloads".to_owned(),
        title: "Social workers by caseload band".to_owned(),
        description: "Most social workers hold 20 cases or fewer.".to_owned(),
        categories: strings(&bands),
        series: vec![Series::new("Social workers", teams.to_vec())],
        unit: Unit::Number,
        axis_label: "People".to_owned(),
    });
    Figure {
        id: "figure-caseloads".to_owned(),
        title: "Figure 2: social workers by caseload band at 30 September 2024".to_owned(),
        alt: "Bar chart: 48 social workers hold up to 15 cases, 61 hold 16 to 20, 19 hold 21 to 25 and 6 over 25."
            .to_owned(),
        size: svg_size(&svg),
        svg,
        table: Table {
            id: "figure-caseloads-table".to_owned(),
            caption: "Social workers by caseload band (figures of Figure 2)".to_owned(),
            corner: "Band".to_owned(),
            columns: strings(&["Social workers"]),
            rows: bands
                .iter()
                .zip(teams)
                .map(|(band, count)| Row {
                    header: (*band).to_owned(),
                    cells: vec![count.map_or_else(Cell::not_applicable, |count| {
                        Cell::whole(count as u64)
                    })],
                })
                .collect(),
            note: String::new(),
        },
    }
}

/// Twelve teams over six quarters: long enough to run over a page, so its header
/// row must repeat.
fn team_caseloads() -> Table {
    let teams = [
        "Assessment North",
        "Assessment South",
        "Children in need East",
        "Children in need West",
        "Child protection Central",
        "Child protection Coast",
        "Children looked after",
        "Care leavers",
        "Disabled children",
        "Fostering and adoption",
        "Edge of care",
        "Out of hours",
    ];
    let quarters = [
        "June 2023",
        "September 2023",
        "December 2023",
        "March 2024",
        "June 2024",
        "September 2024",
    ];
    let mut rows = Vec::new();
    for (t, team) in teams.iter().enumerate() {
        for (q, quarter) in quarters.iter().enumerate() {
            let workers = 6 + (t * 7 + q * 3) % 9;
            let cases = workers as f64 * (14.0 + ((t + q) % 7) as f64 * 1.3);
            rows.push(Row {
                header: format!("{team}, {quarter}"),
                cells: vec![
                    if workers < 5 {
                        Cell::suppressed()
                    } else {
                        Cell::whole(workers as u64)
                    },
                    Cell::whole(cases.round() as u64),
                    Cell::decimal(Some(cases / workers as f64)),
                    if (t + q) % 5 == 0 {
                        Cell::suppressed()
                    } else {
                        Cell::whole(((t + 2 * q) % 4) as u64 + 5)
                    },
                ],
            });
        }
    }
    Table {
        id: "team-caseloads".to_owned(),
        caption: "Caseloads by team and quarter".to_owned(),
        corner: "Team and quarter".to_owned(),
        columns: strings(&[
            "Social workers",
            "Cases",
            "Average caseload",
            "Over 25 cases",
        ]),
        rows,
        note: "Counts of social workers over 25 cases from 1 to 4 are shown as c.".to_owned(),
    }
}

fn cohorts() -> Table {
    let rows = [
        ("September 2021", 14, Some(0.857), Some(0.714)),
        ("March 2022", 9, Some(0.889), Some(0.778)),
        ("September 2022", 16, Some(0.938), None),
        ("March 2023", 11, None, None),
    ];
    Table {
        id: "academy-cohorts".to_owned(),
        caption: "Academy cohorts: ASYE completion and retention".to_owned(),
        corner: "Cohort".to_owned(),
        columns: strings(&["Started", "Still here after 1 year", "After 2 years"]),
        rows: rows
            .into_iter()
            .map(|(cohort, started, one, two)| Row {
                header: cohort.to_owned(),
                cells: vec![Cell::whole(started), Cell::percent(one), Cell::percent(two)],
            })
            .collect(),
        note: "z: the cohort has not yet been here that long.".to_owned(),
    }
}

fn section(id: &str, heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        id: id.to_owned(),
        heading: heading.to_owned(),
        blocks,
    }
}

fn paragraph(text: &str) -> Block {
    Block::Paragraph {
        text: text.to_owned(),
    }
}

fn subheading(text: &str) -> Block {
    Block::Subheading {
        text: text.to_owned(),
    }
}

/// The report, for `audience`.
pub fn committee_report(audience: Audience) -> Report {
    let sections = vec![
        section(
            "summary",
            "Executive summary",
            vec![
                paragraph(
                    "Vacancies fell from 153.0 FTE at 30 September 2022 to 12.0 FTE at 30 September 2024.",
                ),
                paragraph(
                    "The turnover rate fell from 17.1% at 30 September 2020 to 12.1% at 30 September 2024.",
                ),
                Block::Bullets {
                    items: strings(&[
                        "Agency workers fell to 9.0 FTE, the lowest in five years.",
                        "Every NQSW of the September 2022 cohort passed the ASYE.",
                        "Caseloads are mostly 20 or fewer.",
                    ]),
                },
            ],
        ),
        section(
            "recommendations",
            "Recommendations",
            vec![
                paragraph("The committee is asked to:"),
                Block::Numbered {
                    items: strings(&[
                        "note the fall in vacancies and agency use;",
                        "agree the academy’s intake of 18 NQSWs for September 2025;",
                        "ask the PSW to report again in twelve months.",
                    ]),
                },
            ],
        ),
        section(
            "background",
            "Background",
            vec![
                paragraph(
                    "The council recruits and trains its social workers through its academy, meeting the ESWP standards and the KSS for child and family practitioners.",
                ),
                paragraph(AWKWARD),
            ],
        ),
        section(
            "trend",
            "Key measures and their five-year trend",
            vec![
                paragraph("The table below gives each measure at 30 September of each year."),
                Block::Table(trend_table()),
            ],
        ),
        section(
            "charts",
            "Vacancies, agency use and caseloads",
            vec![
                subheading("Vacancy and agency rates"),
                Block::Figure(rates_figure()),
                subheading("Caseload bands"),
                Block::Figure(caseload_figure()),
                subheading("Caseloads by team"),
                Block::Table(team_caseloads()),
            ],
        ),
        section(
            "academy",
            "Academy and ASYE progress",
            vec![
                paragraph(
                    "Four cohorts have started since 2021; retention is measured from each member’s start date.",
                ),
                Block::Table(cohorts()),
            ],
        ),
        section(
            "implications",
            "Implications",
            vec![
                subheading("Financial"),
                paragraph("Lower agency use saved an estimated £1.2 million in 2023–24."),
                subheading("Legal"),
                paragraph("The council meets its duty to make the CSWW return to the DfE."),
                subheading("Equalities"),
                paragraph("Small numbers are suppressed so that no one can be identified."),
                subheading("Risk"),
                Block::Bullets {
                    items: strings(&[
                        "Caseloads over 25 in two teams.",
                        "Reliance on one university for placements.",
                    ]),
                },
            ],
        ),
        section(
            "appendices",
            "Appendices",
            vec![paragraph(
                "Appendix A: definitions of the measures, as Ofsted and the DfE use them.",
            )],
        ),
    ];
    let mut report = Report {
        title: "Social work workforce: annual report to committee".to_owned(),
        language: "en-GB".to_owned(),
        council: "Northshire Council".to_owned(),
        audience,
        cover: vec![
            CoverLine {
                label: "Meeting".to_owned(),
                value: "Children’s Services Scrutiny Committee".to_owned(),
            },
            CoverLine {
                label: "Date".to_owned(),
                value: "14 November 2024".to_owned(),
            },
            CoverLine {
                label: "Report of".to_owned(),
                value: "Director of Children’s Services".to_owned(),
            },
            CoverLine {
                label: "Contact officer".to_owned(),
                value: "Sam Jones, Principal Social Worker, sam.jones@northshire.example"
                    .to_owned(),
            },
        ],
        sections,
        glossary: Vec::new(),
    };
    report.glossary = glossary::used_in(&report.text());
    report
}
