//! A realistic committee report built by hand, with every kind of block, for the
//! renderers' tests: a cover, seven sections, a table long enough to run across pages,
//! a line chart and a bar chart, text with ’ & < > and accented letters, suppressed and
//! not-applicable cells, and a glossary.

#![allow(dead_code)]

pub mod demo;
pub mod docx_fixture;

use pathway_reports::charts::{self, Chart, Series, Unit};
use pathway_reports::glossary;
use pathway_reports::model::{
    Audience, Block, Cell, CoverLine, Figure, Report, Row, Section, Table,
};

/// The years of the five-year trend.
pub const YEARS: [&str; 5] = ["2020", "2021", "2022", "2023", "2024"];

/// Vacancies at 30 September of each year, in FTE.
pub const VACANCIES: [f64; 5] = [153.0, 120.5, 88.0, 41.2, 12.0];

/// How many people the long table lists.
pub const PEOPLE: usize = 70;

fn text(value: &str) -> String {
    value.to_owned()
}

/// The width and height an SVG chart declares.
pub fn svg_size(svg: &str) -> (f64, f64) {
    let attribute = |name: &str| -> f64 {
        let start = svg
            .find(&format!(" {name}=\""))
            .expect("the chart declares its size")
            + name.len()
            + 3;
        let end = start + svg[start..].find('"').expect("a closing quote");
        svg[start..end].parse().expect("a number")
    };
    (attribute("width"), attribute("height"))
}

fn figure(id: &str, title: &str, alt: &str, svg: String, table: Table) -> Figure {
    let size = svg_size(&svg);
    Figure {
        id: id.to_owned(),
        title: title.to_owned(),
        alt: alt.to_owned(),
        svg,
        size,
        table,
    }
}

fn vacancy_figure() -> Figure {
    let chart = Chart {
        id: "vacancies-chart".to_owned(),
        title: "Vacancies at 30 September, FTE".to_owned(),
        description: "Vacancies fell every year, from 153 FTE in 2020 to 12 FTE in 2024."
            .to_owned(),
        categories: YEARS.iter().map(|year| (*year).to_owned()).collect(),
        series: vec![
            Series::new("Vacancies", VACANCIES.iter().copied().map(Some).collect()),
            Series::new(
                "Agency workers",
                vec![Some(98.0), Some(80.0), None, Some(30.5), Some(9.0)],
            ),
        ],
        unit: Unit::Number,
        axis_label: "FTE".to_owned(),
    };
    let table = Table {
        id: "vacancies-table".to_owned(),
        caption: "Vacancies and agency workers at 30 September (FTE)".to_owned(),
        corner: "Year".to_owned(),
        columns: vec![text("Vacancies"), text("Agency workers")],
        rows: YEARS
            .iter()
            .enumerate()
            .map(|(index, year)| Row {
                header: (*year).to_owned(),
                cells: vec![
                    Cell::decimal(Some(VACANCIES[index])),
                    Cell::decimal([Some(98.0), Some(80.0), None, Some(30.5), Some(9.0)][index]),
                ],
            })
            .collect(),
        note: "z: not applicable (no agency count was taken in 2022).".to_owned(),
    };
    figure(
        "vacancies",
        "Figure 1: Vacancies and agency workers, 2020 to 2024",
        "Line chart: vacancies fell from 153 FTE in 2020 to 12 FTE in 2024; agency workers fell from 98 to 9 FTE.",
        charts::line_chart(&chart),
        table,
    )
}

fn caseload_figure() -> Figure {
    let bands = ["0–10", "11–15", "16–20", "21–25", "Over 25"];
    let counts = [Some(14.0), Some(41.0), Some(33.0), Some(3.0), Some(0.0)];
    let chart = Chart {
        id: "caseload-chart".to_owned(),
        title: "Social workers by caseload band".to_owned(),
        description: "Most social workers hold 11 to 20 cases.".to_owned(),
        categories: bands.iter().map(|band| (*band).to_owned()).collect(),
        series: vec![Series::new("Social workers", counts.to_vec())],
        unit: Unit::Number,
        axis_label: "People".to_owned(),
    };
    let table = Table {
        id: "caseload-table".to_owned(),
        caption: "Social workers by caseload band at 30 September 2024".to_owned(),
        corner: "Band".to_owned(),
        columns: vec![text("Social workers"), text("Share")],
        rows: bands
            .iter()
            .zip(counts)
            .map(|(band, count)| {
                let count = count.unwrap_or(0.0);
                let shown = if (1.0..=4.0).contains(&count) {
                    Cell::suppressed()
                } else {
                    Cell::whole(count as u64)
                };
                Row {
                    header: (*band).to_owned(),
                    cells: vec![
                        shown.clone(),
                        if shown.is_symbol() {
                            Cell::suppressed()
                        } else {
                            Cell::percent(Some(count / 91.0))
                        },
                    ],
                }
            })
            .collect(),
        note: "c: a count from 1 to 4, suppressed to protect the people it describes.".to_owned(),
    };
    figure(
        "caseloads",
        "Figure 2: Caseload bands",
        "Bar chart: 14 social workers hold 0 to 10 cases, 41 hold 11 to 15, 33 hold 16 to 20, a few hold 21 to 25 and none hold more.",
        charts::bar_chart(&chart),
        table,
    )
}

/// The long table: one row per person, enough to run onto a second page.
fn people_table() -> Table {
    const TEAMS: [&str; 4] = [
        "Assessment & Intervention",
        "Children in Care <Central>",
        "Disabled Children’s Team",
        "Fostering > Kinship",
    ];
    Table {
        id: "people".to_owned(),
        caption: "Social workers in the ASYE and their progress".to_owned(),
        corner: "Person".to_owned(),
        columns: vec![
            text("Team"),
            text("Months in post"),
            text("Caseload"),
            text("Review"),
        ],
        rows: (1..=PEOPLE)
            .map(|number| Row {
                header: format!("Worker {number:03}"),
                cells: vec![
                    Cell::text(TEAMS[number % TEAMS.len()]),
                    Cell::whole((number % 12 + 1) as u64),
                    if number % 9 == 0 {
                        Cell::suppressed()
                    } else {
                        Cell::whole((number % 17 + 3) as u64)
                    },
                    if number % 11 == 0 {
                        Cell::not_applicable()
                    } else {
                        Cell::text("On track")
                    },
                ],
            })
            .collect(),
        note: "c: suppressed; z: not applicable (the review is not yet due).".to_owned(),
    }
}

/// The report.
pub fn committee_report() -> Report {
    let sections = vec![
        Section {
            id: "summary".to_owned(),
            heading: "Executive summary".to_owned(),
            blocks: vec![
                Block::Paragraph {
                    text: "Vacancies fell from 153 FTE at 30 September 2020 to 12 FTE at 30 September 2024. The council’s reliance on agency social workers fell with them, and Ofsted’s 2024 visit noted a stable, well-supported workforce.".to_owned(),
                },
                Block::Bullets {
                    items: vec![
                        "Turnover was 11.2% in 2024 – the lowest in five years.".to_owned(),
                        "Twelve NQSWs began the ASYE, supported by the PSW & the academy; all remain in post.".to_owned(),
                        "Caseloads average 15.3 per FTE <below the 18 the council aims for>.".to_owned(),
                    ],
                },
            ],
        },
        Section {
            id: "recommendations".to_owned(),
            heading: "Recommendations".to_owned(),
            blocks: vec![Block::Numbered {
                items: vec![
                    "That the committee notes the fall in vacancies and agency use.".to_owned(),
                    "That the committee endorses the academy’s plan for a second ASYE cohort in 2025, which would be funded from the savings on agency social workers described in section 6 and would bring the number of newly qualified social workers supported in their first year to twenty-four.".to_owned(),
                    "That officers report again in twelve months.".to_owned(),
                ],
            }],
        },
        Section {
            id: "background".to_owned(),
            heading: "Background".to_owned(),
            blocks: vec![
                Block::Paragraph {
                    text: "Each year the DfE collects the CSWW census of every council’s children’s social workers. This report draws on the same records, kept in Pathway by the workforce team, the academy and team managers – including Zofia Wałęsa’s team in Łódź House and the Café Crème group.".to_owned(),
                },
                Block::Subheading { text: "How figures are counted".to_owned() },
                Block::Paragraph {
                    text: "Figures are FTE at 30 September unless a table says otherwise. Counts from 1 to 4 are shown as c in public versions of this report, and rates built on them are suppressed too. A very-long-identifier-without-spaces-that-must-break-somewhere-inside-itself-because-it-is-wider-than-the-line appears here on purpose.".to_owned(),
                },
            ],
        },
        Section {
            id: "trend".to_owned(),
            heading: "Key measures and their five-year trend".to_owned(),
            blocks: vec![
                Block::Figure(vacancy_figure()),
                Block::Figure(caseload_figure()),
            ],
        },
        Section {
            id: "academy".to_owned(),
            heading: "Academy and ASYE progress".to_owned(),
            blocks: vec![
                Block::Paragraph {
                    text: "The table below lists every social worker in the ASYE, with the KSS review that is next due.".to_owned(),
                },
                Block::Table(people_table()),
            ],
        },
        Section {
            id: "implications".to_owned(),
            heading: "Implications".to_owned(),
            blocks: vec![
                Block::Subheading { text: "Financial".to_owned() },
                Block::Paragraph {
                    text: "Agency spending fell by £1.2 million, which funds the second cohort.".to_owned(),
                },
                Block::Subheading { text: "Legal".to_owned() },
                Block::Paragraph {
                    text: "Every social worker is registered with SWE.".to_owned(),
                },
                Block::Subheading { text: "Equalities".to_owned() },
                Block::Paragraph {
                    text: "Interpreters, BSL included, are offered for every supervision.".to_owned(),
                },
            ],
        },
        Section {
            id: "appendices".to_owned(),
            heading: "Appendices".to_owned(),
            blocks: vec![Block::Bullets {
                items: vec!["Appendix A: the DfE census return for 2024.".to_owned()],
            }],
        },
    ];
    let mut report = Report {
        title: "Children’s social care workforce report 2024".to_owned(),
        language: "en-GB".to_owned(),
        council: "Northmoor & Vale Council".to_owned(),
        audience: Audience::Internal,
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
                value:
                    "Sam Jones, Principal Social Worker, sam.jones@northmoor.example, 01234 567890"
                        .to_owned(),
            },
        ],
        sections,
        glossary: Vec::new(),
    };
    report.glossary = glossary::used_in(&report.text());
    report
}
