//! A report as HTML: a standalone document with print styles (what is downloaded and
//! printed), or the body alone for showing the report inside one of Pathway's pages.
//!
//! The markup is GOV.UK Frontend's (headings, body text, lists, tables with captions
//! and header cells), so a preview inside a page looks like the rest of Pathway and the
//! standalone file is readable without any stylesheet. Charts are inline SVG with a
//! title and description, each followed by the table of its figures.

use std::fmt::Write as _;

use crate::charts::escape;
use crate::model::{Block, Cell, Report, Section, Table};

/// The styles of the standalone document: GOV.UK's type scale on screen, and on paper
/// A4 pages, no breaks inside tables' rows or figures, and each section's heading kept
/// with what follows.
const STYLES: &str = r#"
body { font-family: arial, sans-serif; color: #0b0c0c; line-height: 1.4; margin: 0 auto; max-width: 960px; padding: 0 16px 32px; }
h1 { font-size: 2rem; margin: 32px 0 8px; }
h2 { font-size: 1.5rem; margin: 32px 0 12px; border-top: 2px solid #b1b4b6; padding-top: 16px; }
h3 { font-size: 1.2rem; margin: 24px 0 8px; }
.pathway-report__council { font-size: 1.2rem; color: #505a5f; margin: 0 0 16px; }
.pathway-report__cover { border-collapse: collapse; margin: 0 0 24px; }
.pathway-report__cover th { text-align: left; padding: 4px 16px 4px 0; vertical-align: top; }
.pathway-report__cover td { padding: 4px 0; }
.govuk-table { border-collapse: collapse; width: 100%; margin: 0 0 8px; font-size: 0.95rem; }
.govuk-table__caption { font-weight: bold; text-align: left; margin-bottom: 8px; }
.govuk-table__header, .govuk-table__cell { border-bottom: 1px solid #b1b4b6; padding: 6px 12px 6px 0; text-align: left; vertical-align: top; }
.govuk-table__cell--numeric, .govuk-table__header--numeric { text-align: right; }
.pathway-report__note { font-size: 0.85rem; color: #505a5f; margin: 0 0 24px; }
figure { margin: 16px 0 24px; }
figcaption { font-weight: bold; margin-bottom: 8px; }
figure svg { max-width: 100%; height: auto; }
@media print {
  @page { size: A4; margin: 20mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The report as a standalone HTML document.
pub fn document(report: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n<style>{STYLES}</style>\n</head>\n<body>\n<main class=\"pathway-report\">\n<h1>{}</h1>\n",
        escape(&report.language),
        escape(&report.title),
        escape(&report.council),
        escape(&report.title),
    );
    out.push_str(&fragment(report));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The report's body, for a page that has its own `<h1>`: the council, the cover's
/// lines, then each section under an `<h2>`, and the glossary.
pub fn fragment(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p class=\"govuk-body-l pathway-report__council\">{}</p>",
        escape(&report.council)
    );
    out.push_str("<table class=\"pathway-report__cover\">\n<tbody>\n");
    for line in &report.cover {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape(&line.label),
            escape(&line.value)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    for (number, section) in report.sections.iter().enumerate() {
        write_section(&mut out, number + 1, section);
    }
    if !report.glossary.is_empty() {
        out.push_str(
            "<h2 class=\"govuk-heading-l\" id=\"glossary\">Glossary</h2>\n<dl class=\"govuk-summary-list\">\n",
        );
        for entry in &report.glossary {
            let _ = writeln!(
                out,
                "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\"><abbr>{}</abbr></dt><dd class=\"govuk-summary-list__value\">{}</dd></div>",
                escape(&entry.acronym),
                escape(&entry.meaning)
            );
        }
        out.push_str("</dl>\n");
    }
    out
}

fn write_section(out: &mut String, number: usize, section: &Section) {
    let _ = writeln!(
        out,
        "<h2 class=\"govuk-heading-l\" id=\"{}\">{number}. {}</h2>",
        escape(&section.id),
        escape(&section.heading)
    );
    for block in &section.blocks {
        match block {
            Block::Subheading { text } => {
                let _ = writeln!(out, "<h3 class=\"govuk-heading-m\">{}</h3>", escape(text));
            }
            Block::Paragraph { text } => {
                let _ = writeln!(out, "<p class=\"govuk-body\">{}</p>", escape(text));
            }
            Block::Bullets { items } => write_list(out, "ul", "govuk-list--bullet", items),
            Block::Numbered { items } => write_list(out, "ol", "govuk-list--number", items),
            Block::Table(table) => write_table(out, table),
            Block::Figure(figure) => {
                let _ = writeln!(
                    out,
                    "<figure class=\"pathway-report__figure\" id=\"{}-figure\">\n<figcaption>{}</figcaption>",
                    escape(&figure.id),
                    escape(&figure.title)
                );
                out.push_str(&figure.svg);
                out.push_str("\n</figure>\n");
                write_table(out, &figure.table);
            }
        }
    }
}

fn write_list(out: &mut String, tag: &str, class: &str, items: &[String]) {
    let _ = writeln!(out, "<{tag} class=\"govuk-list {class}\">");
    for item in items {
        let _ = writeln!(out, "<li>{}</li>", escape(item));
    }
    let _ = writeln!(out, "</{tag}>");
}

/// Whether a cell is right-aligned: numbers and the symbols standing for them.
fn is_numeric(cell: &Cell) -> bool {
    cell.number.is_some() || cell.is_symbol()
}

fn write_table(out: &mut String, table: &Table) {
    let numeric_column = |column: usize| {
        table
            .rows
            .iter()
            .all(|row| row.cells.get(column).is_some_and(is_numeric))
    };
    let _ = write!(
        out,
        "<table class=\"govuk-table\" id=\"{}\">\n<caption class=\"govuk-table__caption govuk-table__caption--s\">{}</caption>\n<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">{}</th>",
        escape(&table.id),
        escape(&table.caption),
        escape(&table.corner)
    );
    for (column, heading) in table.columns.iter().enumerate() {
        let numeric = if numeric_column(column) {
            " govuk-table__header--numeric"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"govuk-table__header{numeric}\">{}</th>",
            escape(heading)
        );
    }
    out.push_str("</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for row in &table.rows {
        let _ = write!(
            out,
            "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>",
            escape(&row.header)
        );
        for cell in &row.cells {
            let numeric = if is_numeric(cell) {
                " govuk-table__cell--numeric"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<td class=\"govuk-table__cell{numeric}\">{}</td>",
                escape(&cell.text)
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !table.note.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"govuk-body-s pathway-report__note\">{}</p>",
            escape(&table.note)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, CoverLine, GlossaryEntry, Row};

    fn report() -> Report {
        Report {
            title: "Workforce & <people>".to_owned(),
            language: "en-GB".to_owned(),
            council: "Demo Council".to_owned(),
            audience: Audience::Public,
            cover: vec![CoverLine {
                label: "Meeting".to_owned(),
                value: "Scrutiny".to_owned(),
            }],
            sections: vec![Section {
                id: "key".to_owned(),
                heading: "Key measures".to_owned(),
                blocks: vec![Block::Table(Table {
                    id: "t".to_owned(),
                    caption: "Counts".to_owned(),
                    corner: "Measure".to_owned(),
                    columns: vec!["2024".to_owned()],
                    rows: vec![
                        Row {
                            header: "Leavers".to_owned(),
                            cells: vec![Cell::suppressed()],
                        },
                        Row {
                            header: "In post".to_owned(),
                            cells: vec![Cell::whole(120)],
                        },
                    ],
                    note: "c: held back".to_owned(),
                })],
            }],
            glossary: vec![GlossaryEntry {
                acronym: "FTE".to_owned(),
                meaning: "Full-time equivalent".to_owned(),
            }],
        }
    }

    #[test]
    fn the_document_names_its_language_and_title_and_escapes_text() {
        let html = document(&report());
        assert!(html.contains("<html lang=\"en-GB\">"));
        assert!(html.contains("<title>Workforce &amp; &lt;people&gt; – Demo Council</title>"));
        assert!(!html.contains("<people>"));
    }

    #[test]
    fn sections_are_numbered_and_tables_have_captions_and_header_cells() {
        let html = fragment(&report());
        assert!(html.contains(">1. Key measures</h2>"));
        assert!(html.contains(
            "<caption class=\"govuk-table__caption govuk-table__caption--s\">Counts</caption>"
        ));
        assert!(html.contains("<th scope=\"row\" class=\"govuk-table__header\">Leavers</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">c</td>"));
        assert!(html.contains("govuk-table__header--numeric\">2024</th>"));
        assert!(html.contains("<abbr>FTE</abbr>"));
    }
}
