//! `word/document.xml`: the cover, the numbered sections and the glossary, with the
//! charts drawn as images.

use std::fmt::Write as _;

use super::parts::{self, BULLETS_NUMBERING, FOOTER_ID, R, W};
use super::{DocxError, chart_image, xml};
use crate::model::{Block, Cell, Figure, GlossaryEntry, Report, Section, Table};

/// A4 in twentieths of a point.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
/// 2 cm.
const MARGIN: u32 = 1134;
/// The width between the margins, in twentieths of a point.
pub(super) const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN;
/// English metric units (what drawings are measured in) per twentieth of a point.
const EMU_PER_TWIP: u64 = 635;

/// The document part and what it needs beside it.
pub(super) struct Document {
    /// `word/document.xml`.
    pub(super) xml: String,
    /// The figures' PNG images in order: `word/media/figure-1.png`, ….
    pub(super) images: Vec<Vec<u8>>,
    /// How many numbered lists there are (each has its own numbering instance).
    pub(super) numbered_lists: usize,
}

/// Writes the body of `report`, drawing its charts.
pub(super) fn document(report: &Report) -> Result<Document, DocxError> {
    let mut body = Body::default();
    let _ = write!(
        body.out,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>"#
    );
    body.cover(report);
    for (index, section) in report.sections.iter().enumerate() {
        body.section(index + 1, section)?;
    }
    body.glossary(&report.glossary);
    let _ = write!(
        body.out,
        r#"<w:sectPr><w:footerReference w:type="default" r:id="{FOOTER_ID}"/><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>"#
    );
    Ok(Document {
        xml: body.out,
        images: body.images,
        numbered_lists: body.numbered_lists,
    })
}

#[derive(Default)]
struct Body {
    out: String,
    images: Vec<Vec<u8>>,
    numbered_lists: usize,
    /// Whether the next heading 1 starts a new page (the first, after the cover).
    started: bool,
}

/// A run of text, bold or not. Line breaks and tabs in the text become Word's.
fn run(text: &str, bold: bool) -> String {
    let mut out = String::from("<w:r>");
    if bold {
        out.push_str("<w:rPr><w:b/><w:bCs/></w:rPr>");
    }
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push_str("<w:br/>");
        }
        for (index, piece) in line.split('\t').enumerate() {
            if index > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                let _ = write!(
                    out,
                    r#"<w:t xml:space="preserve">{}</w:t>"#,
                    xml::text(piece)
                );
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// Whether a cell holds a figure (or the symbol standing for one): set to the right
/// so that the digits line up.
fn is_numeric(cell: &Cell) -> bool {
    cell.number.is_some() || cell.is_symbol()
}

/// Roughly how wide one character of table text is (11 point Arial), in twentieths
/// of a point; a cell's padding counts as two characters.
const CHARACTER: f64 = 110.0;

/// The widths of a table's columns, in twentieths of a point, summing to
/// [`TEXT_WIDTH`]. Each column would like to be as wide as its longest cell, with its
/// heading on at most two lines, and needs at least its heading's longest word. When
/// they all fit, each gets its share; when not, the widest are narrowed to the same
/// width (their text wraps), so that one long row header cannot squeeze the columns
/// of figures.
fn column_widths(columns: &[(String, Vec<&str>)]) -> Vec<u32> {
    let count = |text: &str| text.chars().count() as f64;
    let (wanted, needed): (Vec<f64>, Vec<f64>) = columns
        .iter()
        .map(|(heading, cells)| {
            let word = heading.split_whitespace().map(count).fold(4.0, f64::max);
            let half_heading = (count(heading) / 2.0).ceil();
            let longest = cells
                .iter()
                .map(|cell| count(cell))
                .fold(half_heading, f64::max);
            (longest.max(word) + 2.0, word + 2.0)
        })
        .unzip();
    let room = f64::from(TEXT_WIDTH) / CHARACTER;
    let fitted = |cap: f64| -> Vec<f64> {
        wanted
            .iter()
            .zip(&needed)
            .map(|(wanted, needed)| wanted.min(cap).max(*needed))
            .collect()
    };
    let widest = wanted.iter().copied().fold(0.0, f64::max);
    let shares = if wanted.iter().sum::<f64>() <= room {
        wanted
    } else {
        // The largest cap at which the columns still fit, found by halving.
        let (mut low, mut high) = (0.0, widest);
        for _ in 0..40 {
            let middle = (low + high) / 2.0;
            if fitted(middle).iter().sum::<f64>() <= room {
                low = middle;
            } else {
                high = middle;
            }
        }
        fitted(low)
    };
    let sum: f64 = shares.iter().sum();
    let mut widths: Vec<u32> = shares
        .iter()
        .map(|share| (f64::from(TEXT_WIDTH) * share / sum).floor() as u32)
        .collect();
    let used: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last += TEXT_WIDTH - used;
    }
    widths
}

impl Body {
    fn paragraph(&mut self, style: &str, properties: &str, runs: &str) {
        let _ = write!(
            self.out,
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{properties}</w:pPr>{runs}</w:p>"#
        );
    }

    /// A heading; the first heading 1 (after the cover) and the glossary's start a
    /// new page.
    fn heading(&mut self, level: u8, text: &str, new_page: bool) {
        let properties = if new_page || (level == 1 && !self.started) {
            self.started = true;
            "<w:pageBreakBefore/>"
        } else {
            ""
        };
        self.paragraph(&format!("Heading{level}"), properties, &run(text, false));
    }

    /// The cover: title, council, the labelled lines and who the report is for.
    fn cover(&mut self, report: &Report) {
        self.paragraph("Title", "", &run(&report.title, false));
        self.paragraph("Subtitle", "", &run(&report.council, false));
        for line in &report.cover {
            let runs = format!(
                "{}{}",
                run(&format!("{}: ", line.label), true),
                run(&line.value, false)
            );
            self.paragraph("CoverLine", "", &runs);
        }
        self.paragraph("Audience", "", &run(report.audience.label(), false));
    }

    fn section(&mut self, number: usize, section: &Section) -> Result<(), DocxError> {
        self.heading(1, &format!("{number}. {}", section.heading), false);
        for block in &section.blocks {
            match block {
                Block::Subheading { text } => self.heading(2, text, false),
                Block::Paragraph { text } => self.paragraph("Normal", "", &run(text, false)),
                Block::Bullets { items } => {
                    for item in items {
                        self.paragraph("ListBullet", "", &run(item, false));
                    }
                }
                Block::Numbered { items } => {
                    self.numbered_lists += 1;
                    let numbering = format!(
                        r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{}"/></w:numPr>"#,
                        BULLETS_NUMBERING + self.numbered_lists
                    );
                    for item in items {
                        self.paragraph("ListNumber", &numbering, &run(item, false));
                    }
                }
                Block::Table(table) => self.table(table),
                Block::Figure(figure) => self.figure(figure)?,
            }
        }
        Ok(())
    }

    /// A table: its caption above, a header row that repeats on every page, and its
    /// note below.
    fn table(&mut self, table: &Table) {
        self.paragraph("Caption", "", &run(&table.caption, false));
        let mut columns = vec![(
            table.corner.clone(),
            table.rows.iter().map(|row| row.header.as_str()).collect(),
        )];
        for (index, heading) in table.columns.iter().enumerate() {
            let cells = table
                .rows
                .iter()
                .filter_map(|row| row.cells.get(index))
                .map(|cell| cell.text.as_str())
                .collect();
            columns.push((heading.clone(), cells));
        }
        // A column heading sits over its figures: to the right when they all are.
        let mut numeric_columns = vec![false];
        numeric_columns.extend((0..table.columns.len()).map(|index| {
            !table.rows.is_empty()
                && table
                    .rows
                    .iter()
                    .all(|row| row.cells.get(index).is_none_or(is_numeric))
        }));
        let widths = column_widths(&columns);
        self.open_table(&table.caption, &widths);
        self.out
            .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        for (((heading, _), width), numeric) in columns.iter().zip(&widths).zip(&numeric_columns) {
            self.cell(*width, heading, true, *numeric);
        }
        self.out.push_str("</w:tr>");
        for row in &table.rows {
            self.out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            self.cell(widths[0], &row.header, false, false);
            for (index, width) in widths.iter().enumerate().skip(1) {
                match row.cells.get(index - 1) {
                    Some(cell) => self.cell(*width, &cell.text, false, is_numeric(cell)),
                    None => self.cell(*width, "", false, false),
                }
            }
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
        // Always a paragraph after a table: two tables in a row would merge into one.
        self.paragraph("TableNote", "", &run(&table.note, false));
    }

    fn open_table(&mut self, caption: &str, widths: &[u32]) {
        let _ = write!(
            self.out,
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="PathwayTable"/><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0620" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/><w:tblCaption w:val="{}"/></w:tblPr><w:tblGrid>"#,
            xml::text(caption)
        );
        for width in widths {
            let _ = write!(self.out, r#"<w:gridCol w:w="{width}"/>"#);
        }
        self.out.push_str("</w:tblGrid>");
    }

    /// One cell. Header cells are bold and shaded here as well as by the table
    /// style, since LibreOffice does not apply a style's header-row formatting.
    fn cell(&mut self, width: u32, text: &str, header: bool, right: bool) {
        let _ = write!(
            self.out,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>"#
        );
        if header {
            self.out.push_str(r#"<w:tcBorders><w:bottom w:val="single" w:sz="12" w:space="0" w:color="0B0C0C"/></w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="F3F2F1"/><w:vAlign w:val="bottom"/>"#);
        }
        self.out.push_str("</w:tcPr>");
        let alignment = if right {
            r#"<w:jc w:val="right"/>"#
        } else {
            ""
        };
        self.paragraph("TableText", alignment, &run(text, header));
        self.out.push_str("</w:tc>");
    }

    /// A chart as an image the width of the text, with its alternative text; its
    /// title as the caption below; then the table of its figures.
    fn figure(&mut self, figure: &Figure) -> Result<(), DocxError> {
        let png = chart_image::chart_png(&figure.id, &figure.svg)?;
        self.images.push(png);
        let n = self.images.len();
        let (width, height) = figure.size;
        let cx = u64::from(TEXT_WIDTH) * EMU_PER_TWIP;
        let cy = if width > 0.0 && height > 0.0 {
            (cx as f64 * height / width).round() as u64
        } else {
            cx / 2
        };
        let alt = xml::text(&figure.alt);
        let title = xml::text(&figure.title);
        let drawing = format!(
            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{n}" name="Figure {n}" descr="{alt}" title="{title}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="figure-{n}.png" descr="{alt}" title="{title}"/><pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1"/></pic:cNvPicPr></pic:nvPicPr><pic:blipFill><a:blip r:embed="{id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#,
            id = parts::image_id(n),
        );
        self.paragraph(
            "Normal",
            r#"<w:keepNext/><w:spacing w:before="240" w:after="80"/>"#,
            &drawing,
        );
        self.paragraph(
            "Caption",
            r#"<w:spacing w:before="0"/>"#,
            &run(&figure.title, false),
        );
        self.table(&figure.table);
        Ok(())
    }

    /// The glossary, unnumbered on a page of its own after the sections: acronym and
    /// meaning.
    fn glossary(&mut self, glossary: &[GlossaryEntry]) {
        if glossary.is_empty() {
            return;
        }
        self.heading(1, "Glossary", true);
        let columns = [
            (
                "Acronym".to_owned(),
                glossary
                    .iter()
                    .map(|entry| entry.acronym.as_str())
                    .collect(),
            ),
            (
                "Meaning".to_owned(),
                glossary
                    .iter()
                    .map(|entry| entry.meaning.as_str())
                    .collect(),
            ),
        ];
        let widths = column_widths(&columns);
        self.open_table("Glossary of acronyms", &widths);
        self.out
            .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        self.cell(widths[0], "Acronym", true, false);
        self.cell(widths[1], "Meaning", true, false);
        self.out.push_str("</w:tr>");
        for entry in glossary {
            self.out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            self.cell(widths[0], &entry.acronym, false, false);
            self.cell(widths[1], &entry.meaning, false, false);
            self.out.push_str("</w:tr>");
        }
        self.out.push_str("</w:tbl>");
        self.paragraph("TableNote", "", "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_share_the_text_width_by_their_longest_content() {
        let widths = column_widths(&[
            ("Date".to_owned(), vec!["30 September 2024"]),
            ("Vacancy rate".to_owned(), vec!["15.2%", "c"]),
        ]);
        assert_eq!(widths.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(widths[0] > widths[1], "{widths:?}");
        assert!(widths[1] > TEXT_WIDTH / 4, "{widths:?}");
    }

    #[test]
    fn row_headers_keep_one_line_when_headings_can_take_two() {
        let header = "Child protection Central, September 2023";
        let widths = column_widths(&[
            ("Team and quarter".to_owned(), vec![header]),
            ("Social workers".to_owned(), vec!["12"]),
            ("Cases".to_owned(), vec!["283"]),
            ("Average caseload".to_owned(), vec!["21.8"]),
            ("Over 25 cases".to_owned(), vec!["c"]),
        ]);
        assert_eq!(widths.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(f64::from(widths[0]) >= 42.0 * CHARACTER, "{widths:?}");
        assert!(f64::from(widths[1]) >= 9.0 * CHARACTER, "{widths:?}");
    }

    #[test]
    fn a_long_row_header_wraps_rather_than_squeezing_the_figures() {
        let header = "A row header far longer than any page is wide, ".repeat(3);
        let widths = column_widths(&[
            ("Team".to_owned(), vec![header.as_str()]),
            ("Social workers".to_owned(), vec!["12"]),
            ("Average caseload".to_owned(), vec!["c"]),
        ]);
        assert_eq!(widths.iter().sum::<u32>(), TEXT_WIDTH);
        assert!(f64::from(widths[1]) >= 9.0 * CHARACTER, "{widths:?}");
        assert!(f64::from(widths[2]) >= 10.0 * CHARACTER, "{widths:?}");
    }

    #[test]
    fn runs_keep_line_breaks_and_tabs_and_escape_their_text() {
        assert_eq!(
            run("a & b\nc\td", true),
            r#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">a &amp; b</w:t><w:br/><w:t xml:space="preserve">c</w:t><w:tab/><w:t xml:space="preserve">d</w:t></w:r>"#
        );
    }
}
