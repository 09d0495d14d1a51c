use std::io::{Cursor, Read as _};

use chrono::TimeZone as _;

use super::*;
use crate::charts::{Chart, Series, Unit, line_chart};
use crate::model::{Audience, Block, Cell, CoverLine, Figure, GlossaryEntry, Row, Section, Table};

fn table(id: &str) -> Table {
    Table {
        id: id.to_owned(),
        caption: format!("Table {id}"),
        corner: "Team".to_owned(),
        columns: vec!["Area".to_owned(), "Leavers".to_owned()],
        rows: vec![Row {
            header: "Leeds North".to_owned(),
            cells: vec![Cell::text("Leeds"), Cell::suppressed()],
        }],
        note: String::new(),
    }
}

fn report() -> Report {
    let chart = Chart {
        id: "rates".to_owned(),
        title: "Rates".to_owned(),
        description: "The rate rose.".to_owned(),
        categories: vec!["2023".to_owned(), "2024".to_owned()],
        series: vec![Series::new("Rate", vec![Some(10.0), Some(12.0)])],
        unit: Unit::Percent,
        axis_label: "%".to_owned(),
    };
    Report {
        title: "Workforce report".to_owned(),
        language: "en-GB".to_owned(),
        council: "Northshire".to_owned(),
        audience: Audience::Public,
        cover: vec![CoverLine {
            label: "Meeting".to_owned(),
            value: "Scrutiny".to_owned(),
        }],
        sections: vec![Section {
            id: "recommendations".to_owned(),
            heading: "Recommendations".to_owned(),
            blocks: vec![
                Block::Numbered {
                    items: vec!["Note".to_owned(), "Agree".to_owned()],
                },
                Block::Numbered {
                    items: vec!["Ask".to_owned()],
                },
                Block::Table(table("teams")),
                Block::Figure(Figure {
                    id: "rates".to_owned(),
                    title: "Rates over two years".to_owned(),
                    alt: "The rate rose from 10% to 12%.".to_owned(),
                    svg: line_chart(&chart),
                    size: (640.0, 316.0),
                    table: table("rates-table"),
                }),
            ],
        }],
        glossary: vec![GlossaryEntry {
            acronym: "FTE".to_owned(),
            meaning: "Full-time equivalent".to_owned(),
        }],
    }
}

fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 10, 14, 9, 30, 0).unwrap()
}

fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_package_holds_every_part_its_content_types_and_relationships_name() {
    let docx = render_created(&report(), created()).unwrap();
    let archive = zip::ZipArchive::new(Cursor::new(&docx)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    let content_types = part(&docx, "[Content_Types].xml");
    for name in names.iter().filter(|name| name.ends_with(".xml")) {
        if name != "[Content_Types].xml" {
            assert!(content_types.contains(&format!("\"/{name}\"")), "{name}");
        }
    }
    let relationships = part(&docx, "word/_rels/document.xml.rels");
    for target in relationships.split("Target=\"").skip(1) {
        let target = &target[..target.find('"').unwrap()];
        assert!(names.contains(&format!("word/{target}")), "{target}");
    }
    assert!(names.contains(&"word/media/figure-1.png".to_owned()));
}

#[test]
fn the_same_report_made_at_the_same_time_gives_the_same_file() {
    let first = render_created(&report(), created()).unwrap();
    assert_eq!(first, render_created(&report(), created()).unwrap());
    let core = part(&first, "docProps/core.xml");
    assert!(
        core.contains("<dc:creator>Northshire</dc:creator>"),
        "{core}"
    );
    assert!(
        core.contains(">2024-10-14T09:30:00Z</dcterms:created>"),
        "{core}"
    );
    assert!(core.contains("<dc:language>en-GB</dc:language>"), "{core}");
}

#[test]
fn each_numbered_list_starts_again_at_one() {
    let docx = render_created(&report(), created()).unwrap();
    let numbering = part(&docx, "word/numbering.xml");
    let document = part(&docx, "word/document.xml");
    for list in [2, 3] {
        assert!(
            numbering.contains(&format!(
                r#"<w:num w:numId="{list}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>"#
            )),
            "{numbering}"
        );
        assert!(document.contains(&format!(r#"<w:numId w:val="{list}"/>"#)));
    }
    assert!(!numbering.contains(r#"w:numId="4""#));
}

#[test]
fn figures_and_symbols_are_set_right_and_words_left() {
    let docx = render_created(&report(), created()).unwrap();
    let document = part(&docx, "word/document.xml");
    assert!(document.contains(r#"<w:pStyle w:val="TableText"/><w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">c</w:t>"#));
    assert!(document.contains(
        r#"<w:pStyle w:val="TableText"/></w:pPr><w:r><w:t xml:space="preserve">Leeds</w:t>"#
    ));
    // The heading over the column of symbols goes right too; over words, left.
    assert!(document.contains(r#"<w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Leavers</w:t>"#));
    assert!(document.contains(r#"<w:pStyle w:val="TableText"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Area</w:t>"#));
}

#[test]
fn a_chart_is_as_wide_as_the_text_and_keeps_its_proportions() {
    let docx = render_created(&report(), created()).unwrap();
    let document = part(&docx, "word/document.xml");
    let cx = u64::from(body::TEXT_WIDTH) * 635;
    let cy = (cx as f64 * 316.0 / 640.0).round() as u64;
    assert!(
        document.contains(&format!(r#"<wp:extent cx="{cx}" cy="{cy}"/>"#)),
        "{cx} {cy}"
    );
    assert!(
        document.contains(r#"descr="The rate rose from 10% to 12%." title="Rates over two years""#)
    );
}
