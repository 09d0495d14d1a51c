//! The committee report built from a demo council: every section of the council
//! skeleton is there, the glossary holds exactly the acronyms used, and the public
//! version shows no count from 1 to 4 and gives no hidden count away through a total.

use std::collections::BTreeSet;

use crate::support::demo;

use pathway_reports::glossary;
use pathway_reports::model::{Audience, Block, CellStyle, Report};

fn report(audience: Audience) -> Report {
    demo::committee_report(audience)
}

#[test]
fn the_report_follows_the_council_skeleton_with_charts_and_their_tables() {
    let report = report(Audience::Internal);
    let headings: Vec<&str> = report.sections.iter().map(|s| s.heading.as_str()).collect();
    for expected in [
        "Executive summary",
        "Recommendations",
        "Background",
        "Key measures",
        "Caseloads",
        "Academy and ASYE progress",
        "Recruitment",
        "Implications",
        "Appendices",
    ] {
        assert!(
            headings.contains(&expected),
            "{expected} missing from {headings:?}"
        );
    }
    let figures: Vec<_> = report
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Figure(figure) => Some(figure),
            _ => None,
        })
        .collect();
    assert!(figures.len() >= 7, "{} charts", figures.len());
    for figure in figures {
        assert!(figure.svg.starts_with("<svg"), "{}", figure.id);
        assert!(
            !figure.alt.is_empty() && !figure.table.rows.is_empty(),
            "{}",
            figure.id
        );
    }
    // Kept for a person to look at, beside the PDF and DOCX renderings.
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/report-renderings");
    std::fs::create_dir_all(&folder).expect("target is writable");
    std::fs::write(
        folder.join("committee.html"),
        pathway_reports::html::document(&report),
    )
    .expect("target is writable");
    let summary = &report.sections[0];
    let text = format!("{:?}", summary.blocks);
    assert!(
        text.contains("Vacancies") && text.contains("from"),
        "{text}"
    );
}

#[test]
fn the_glossary_holds_exactly_the_acronyms_the_report_uses() {
    for audience in [Audience::Internal, Audience::Public] {
        let report = report(audience);
        let text = report.text();
        let looks: BTreeSet<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .map(|word| {
                word.strip_suffix('s')
                    .filter(|w| {
                        glossary::looks_like_acronym(w) && w.chars().all(|c| c.is_ascii_uppercase())
                    })
                    .unwrap_or(word)
            })
            .filter(|word| glossary::looks_like_acronym(word) || glossary::meaning(word).is_some())
            .map(str::to_owned)
            .collect();
        let listed: BTreeSet<String> = report.glossary.iter().map(|e| e.acronym.clone()).collect();
        assert_eq!(looks, listed, "{audience:?}");
        assert!(listed.contains("FTE") && listed.contains("ASYE") && listed.contains("DfE"));
    }
}

#[test]
fn the_public_report_shows_no_count_from_1_to_4_and_no_total_gives_one_away() {
    let internal = report(Audience::Internal);
    let public = report(Audience::Public);
    let small_in_internal = internal
        .tables()
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .filter(|c| {
            c.style == CellStyle::Whole && c.number.is_some_and(|n| (1.0..5.0).contains(&n))
        })
        .count();
    assert!(
        small_in_internal > 0,
        "the demo council should have small counts to hide"
    );
    for table in public.tables() {
        for row in &table.rows {
            for cell in &row.cells {
                if cell.style == CellStyle::Whole {
                    let n = cell.number.unwrap_or(0.0);
                    assert!(
                        !(1.0..5.0).contains(&n),
                        "{}: {} shows {n}",
                        table.caption,
                        row.header
                    );
                }
            }
        }
        // A total row: no column may hide exactly one of the cells it adds up.
        if let Some(total) = table.rows.iter().find(|r| r.header == "Total") {
            for column in 0..table.columns.len() {
                let hidden = table
                    .rows
                    .iter()
                    .filter(|r| r.header != "Total" && r.cells[column].text == "c")
                    .count();
                assert!(
                    hidden != 1 || total.cells[column].text == "c",
                    "{}: one hidden cell in column {column} could be worked out from its total",
                    table.caption
                );
            }
        }
    }
}
