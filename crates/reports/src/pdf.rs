//! The committee report as an accessible PDF, made in-process with krilla: A4 pages
//! set in the embedded DejaVu Sans, a cover, numbered sections, lists, tables whose
//! header row repeats on every page, charts drawn from their SVG, a glossary, and a
//! footer on every page but the cover.
//!
//! The PDF is tagged (headings, paragraphs, lists, tables with header scopes, figures
//! with alternative text; rules, fills, footers and repeated table headers marked as
//! artifacts), carries its title, language, author and creation date, opens showing
//! its title, and is checked against PDF/UA-1 by krilla as it is written.

mod emit;
mod layout;
mod text;

use chrono::{DateTime, Utc};

use crate::model::Report;

/// Why a report could not be made into a PDF.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// An embedded font could not be read (a build problem, not the report's).
    #[error("the {face} face of the report font could not be read")]
    Font {
        /// Which face: "regular" or "bold".
        face: &'static str,
    },
    /// A chart's SVG could not be read.
    #[error("the chart of figure {figure} could not be read: {reason}")]
    Chart {
        /// The figure's id.
        figure: String,
        /// What the SVG reader said.
        reason: String,
    },
    /// The layout produced something the writer cannot place (a bug).
    #[error("the report's layout is inconsistent")]
    Layout,
    /// krilla refused to write the document (for example a PDF/UA-1 rule it checks).
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// The report as a PDF, stamped as created now.
pub fn render(report: &Report) -> Result<Vec<u8>, PdfError> {
    render_created(report, Utc::now())
}

/// The report as a PDF whose metadata says it was created at `created`: the same
/// report and time give the same bytes.
pub fn render_created(report: &Report, created: DateTime<Utc>) -> Result<Vec<u8>, PdfError> {
    let faces = text::Faces::load()?;
    let laid = layout::lay_out(report, &faces);
    emit::write(report, &laid, &faces, created)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::model::{Audience, Block, Figure, Section, Table};

    fn report(blocks: Vec<Block>) -> Report {
        Report {
            title: "Workforce report".to_owned(),
            language: "en-GB".to_owned(),
            council: "Example Council".to_owned(),
            audience: Audience::Public,
            cover: Vec::new(),
            sections: vec![Section {
                id: "summary".to_owned(),
                heading: "Summary".to_owned(),
                blocks,
            }],
            glossary: Vec::new(),
        }
    }

    fn paragraph(text: &str) -> Block {
        Block::Paragraph {
            text: text.to_owned(),
        }
    }

    #[test]
    fn the_same_report_and_time_give_the_same_pdf_declared_as_pdf_ua() {
        let report = report(vec![paragraph("Vacancies fell.")]);
        let created = Utc.with_ymd_and_hms(2024, 11, 14, 9, 30, 0).unwrap();
        let first = render_created(&report, created).unwrap();
        assert!(first.starts_with(b"%PDF-1.7"));
        assert_eq!(first, render_created(&report, created).unwrap());
        let raw = String::from_utf8_lossy(&first);
        assert!(raw.contains("pdfuaid:part"), "PDF/UA-1 identification");
        assert!(raw.contains("/StructTreeRoot"));
    }

    #[test]
    fn a_chart_that_is_not_svg_is_reported_with_its_figure() {
        let figure = Figure {
            id: "broken".to_owned(),
            title: "A chart".to_owned(),
            alt: "Nothing".to_owned(),
            svg: "<not svg".to_owned(),
            size: (640.0, 320.0),
            table: Table {
                id: "broken-table".to_owned(),
                caption: "Figures".to_owned(),
                corner: "Year".to_owned(),
                columns: Vec::new(),
                rows: Vec::new(),
                note: String::new(),
            },
        };
        let error = render(&report(vec![Block::Figure(figure)])).unwrap_err();
        assert!(
            matches!(&error, PdfError::Chart { figure, .. } if figure == "broken"),
            "{error}"
        );
    }

    #[test]
    fn characters_the_font_lacks_do_not_stop_the_pdf() {
        let report = report(vec![paragraph(
            "Emoji 🙂 and CJK 社会 are shown as question marks.",
        )]);
        assert!(render(&report).is_ok());
    }
}
