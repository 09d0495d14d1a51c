//! Laying a report out on A4 pages: where every line, rule, fill and chart goes, and
//! the logical structure (headings, paragraphs, lists, tables, figures) that the PDF's
//! tags are built from. Nothing is drawn here; [`super::emit`] draws the pages once
//! their number is known, so every footer can say "Page N of M".

use std::num::NonZeroU16;

use krilla::geom::Rect;
use krilla::tagging::{BBox, ListNumbering, TableHeaderScope, Tag, TagKind};

use super::text::Faces;
use crate::model::{Block, Cell, Figure, Report, Row, Section, Table};

/// A4 portrait, in points.
pub(super) const PAGE_WIDTH: f32 = 595.276;
/// A4 portrait, in points.
pub(super) const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm on every side.
pub(super) const MARGIN: f32 = 56.693;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TOP: f32 = MARGIN;
const BOTTOM: f32 = PAGE_HEIGHT - MARGIN;

const BODY: f32 = 11.0;
const TITLE: f32 = 24.0;
const SECTION: f32 = 16.0;
const SUBHEADING: f32 = 13.0;
const TABLE: f32 = 10.0;
const NOTE: f32 = 9.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.4;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
/// How far list items' text is indented from the list marker.
const LIST_INDENT: f32 = 22.0;

/// One thing to draw on a page.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Draw {
    /// A line of text; `baseline` is where its letters sit.
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    /// The light grey behind a table's header row.
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    /// A horizontal rule.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        thickness: f32,
    },
    /// The chart of the report's `figure`th figure, scaled into the box.
    Chart {
        figure: usize,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

/// Whether something drawn is content (a leaf of the structure, by number) or page
/// furniture that assistive technology skips (rules, fills, repeated table headers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Content(usize),
    Artifact,
}

/// Something drawn, and what it is.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    pub(super) draw: Draw,
    pub(super) mark: Mark,
}

/// The logical structure: groups with a tag, and leaves naming what was drawn.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Group(TagKind, Vec<Node>),
    Leaf(usize),
}

/// A bookmark: a section heading and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Bookmark {
    pub(super) text: String,
    pub(super) page: usize,
    pub(super) y: f32,
}

/// A report laid out.
#[derive(Debug)]
pub(super) struct Laid<'r> {
    /// Each page's items, in drawing (and reading) order; the first is the cover.
    pub(super) pages: Vec<Vec<Item>>,
    /// The structure of the whole document, in reading order.
    pub(super) structure: Vec<Node>,
    /// How many leaves the structure has.
    pub(super) leaves: usize,
    /// The report's figures, in the order [`Draw::Chart`] numbers them.
    pub(super) figures: Vec<&'r Figure>,
    /// Sections and the glossary, for the PDF's outline.
    pub(super) bookmarks: Vec<Bookmark>,
}

/// One cell of a table as laid out.
struct GridCell<'a> {
    text: &'a str,
    bold: bool,
    right: bool,
}

struct Layout<'f, 'r> {
    faces: &'f Faces,
    pages: Vec<Vec<Item>>,
    y: f32,
    leaves: usize,
    figures: Vec<&'r Figure>,
    bookmarks: Vec<Bookmark>,
}

/// Lays `report` out: the cover, the numbered sections, then the glossary.
pub(super) fn lay_out<'r>(report: &'r Report, faces: &Faces) -> Laid<'r> {
    let mut layout = Layout {
        faces,
        pages: vec![Vec::new()],
        y: TOP,
        leaves: 0,
        figures: Vec::new(),
        bookmarks: Vec::new(),
    };
    let mut structure = layout.cover(report);
    layout.new_page();
    for (index, section) in report.sections.iter().enumerate() {
        structure.push(layout.section(index + 1, section));
    }
    if !report.glossary.is_empty() {
        structure.push(layout.glossary(report));
    }
    Laid {
        pages: layout.pages,
        structure,
        leaves: layout.leaves,
        figures: layout.figures,
        bookmarks: layout.bookmarks,
    }
}

fn group(tag: impl Into<TagKind>, children: Vec<Node>) -> Node {
    Node::Group(tag.into(), children)
}

fn heading(level: u16, text: &str, children: Vec<Node>) -> Node {
    let level = NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN);
    group(Tag::Hn(level, Some(text.to_owned())), children)
}

/// The size of a figure's chart on the page: the text width, keeping the SVG's
/// proportions, shrunk if it would be taller than a page allows.
fn chart_box(figure: &Figure) -> (f32, f32) {
    let (svg_width, svg_height) = figure.size;
    let ratio = if svg_width > 0.0 && svg_height > 0.0 {
        (svg_height / svg_width) as f32
    } else {
        0.5
    };
    let height = (TEXT_WIDTH * ratio).min(BOTTOM - TOP - 80.0);
    (height / ratio, height)
}

fn line_height(size: f32) -> f32 {
    size * LEADING
}

/// Where the baseline of a line of `size` sits below the line's top: the glyphs'
/// ascent, centred in the line height.
fn baseline(size: f32) -> f32 {
    size * 1.046
}

impl<'r> Layout<'_, 'r> {
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn page(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("a layout always has a page")
    }

    /// Starts a new page unless `height` still fits on this one (or this page is
    /// empty, when a new one would not help).
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    /// Vertical space, dropped at the top of a page.
    fn gap(&mut self, height: f32) {
        if self.y > TOP {
            self.y += height;
        }
    }

    fn leaf(&mut self) -> usize {
        self.leaves += 1;
        self.leaves - 1
    }

    fn push(&mut self, draw: Draw, mark: Mark) {
        self.page().push(Item { draw, mark });
    }

    /// Draws one line of text with its top at `top`, as content, and returns its leaf.
    fn text_at(&mut self, x: f32, top: f32, size: f32, bold: bool, text: String) -> Node {
        let leaf = self.leaf();
        self.push(
            Draw::Text {
                x,
                baseline: top + baseline(size),
                size,
                bold,
                text,
            },
            Mark::Content(leaf),
        );
        Node::Leaf(leaf)
    }

    /// Text wrapped into `width` from `x`, line after line, onto a new page where the
    /// page is full; returns the lines' leaves.
    fn lines(&mut self, text: &str, x: f32, width: f32, size: f32, bold: bool) -> Vec<Node> {
        let height = line_height(size);
        let lines = self.faces.face(bold).wrap(text, size, width);
        let mut leaves = Vec::with_capacity(lines.len());
        for line in lines {
            self.room(height);
            leaves.push(self.text_at(x, self.y, size, bold, line));
            self.y += height;
        }
        leaves
    }

    fn lines_height(&self, text: &str, width: f32, size: f32, bold: bool) -> f32 {
        self.faces.face(bold).wrap(text, size, width).len() as f32 * line_height(size)
    }

    fn cover(&mut self, report: &Report) -> Vec<Node> {
        let mut structure = Vec::new();
        self.y = TOP + 110.0;
        let title = self.lines(&report.title, MARGIN, TEXT_WIDTH, TITLE, true);
        structure.push(heading(1, &report.title, title));
        self.y += 10.0;
        let council = self.lines(&report.council, MARGIN, TEXT_WIDTH, SECTION, false);
        structure.push(group(Tag::P, council));
        self.y += 36.0;

        let bold = &self.faces.bold;
        let label_width = report
            .cover
            .iter()
            .map(|line| bold.width(&line.label, BODY))
            .fold(0.0, f32::max)
            .min(TEXT_WIDTH * 0.4)
            + 14.0;
        for line in &report.cover {
            let top = self.y;
            let mut children = self.lines(&line.label, MARGIN, label_width - 14.0, BODY, true);
            let label_bottom = self.y;
            self.y = top;
            children.extend(self.lines(
                &line.value,
                MARGIN + label_width,
                TEXT_WIDTH - label_width,
                BODY,
                false,
            ));
            self.y = self.y.max(label_bottom) + 6.0;
            structure.push(group(Tag::P, children));
        }
        self.y += 30.0;
        let audience = self.lines(
            report.audience.label(),
            MARGIN,
            TEXT_WIDTH,
            SUBHEADING,
            true,
        );
        structure.push(group(Tag::P, audience));
        structure
    }

    /// A heading kept with what follows it: it moves to the next page unless it and
    /// the first `next` points of what follows fit below it.
    fn heading(&mut self, level: u16, text: &str, size: f32, space_before: f32, next: f32) -> Node {
        self.gap(space_before);
        let height = self.lines_height(text, TEXT_WIDTH, size, true);
        self.room(height + 4.0 + next);
        let lines = self.lines(text, MARGIN, TEXT_WIDTH, size, true);
        self.y += 4.0;
        heading(level, text, lines)
    }

    fn section(&mut self, number: usize, section: &'r Section) -> Node {
        let title = format!("{number}. {}", section.heading);
        let next = self.lead(section.blocks.first());
        let mut children = vec![self.heading(2, &title, SECTION, 18.0, next)];
        let page = self.pages.len() - 1;
        self.bookmark(title, page);
        for (index, block) in section.blocks.iter().enumerate() {
            let next = self.lead(section.blocks.get(index + 1));
            children.extend(self.block(block, next));
        }
        group(Tag::Section, children)
    }

    fn bookmark(&mut self, text: String, page: usize) {
        let y = (self.y - 40.0).max(0.0);
        self.bookmarks.push(Bookmark { text, page, y });
    }

    /// How much of `block` must fit below a heading for the heading to stay on the
    /// page: a few lines of text, or a chart with its caption, or a table's caption,
    /// header and first row.
    fn lead(&self, block: Option<&Block>) -> f32 {
        let lines = 3.0 * line_height(BODY);
        match block {
            None => 0.0,
            Some(Block::Subheading { text }) => {
                self.lines_height(text, TEXT_WIDTH, SUBHEADING, true) + 12.0 + lines
            }
            Some(Block::Paragraph { .. } | Block::Bullets { .. } | Block::Numbered { .. }) => lines,
            Some(Block::Table(table)) => self.table_lead(table),
            Some(Block::Figure(figure)) => {
                let (_, height) = chart_box(figure);
                height + 12.0 + self.lines_height(&figure.title, TEXT_WIDTH, BODY, true)
            }
        }
    }

    fn block(&mut self, block: &'r Block, next: f32) -> Vec<Node> {
        match block {
            Block::Subheading { text } => vec![self.heading(3, text, SUBHEADING, 8.0, next)],
            Block::Paragraph { text } => {
                let lines = self.lines(text, MARGIN, TEXT_WIDTH, BODY, false);
                self.y += 6.0;
                vec![group(Tag::P, lines)]
            }
            Block::Bullets { items } => vec![self.list(items, false)],
            Block::Numbered { items } => vec![self.list(items, true)],
            Block::Table(table) => self.table(table),
            Block::Figure(figure) => self.figure(figure),
        }
    }

    /// A list with hanging indents: the marker at the margin, the text indented
    /// beside it on every line.
    fn list(&mut self, items: &[String], numbered: bool) -> Node {
        let numbering = if numbered {
            ListNumbering::Decimal
        } else {
            ListNumbering::Disc
        };
        let mut children = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let marker = if numbered {
                format!("{}.", index + 1)
            } else {
                "\u{2022}".to_owned()
            };
            self.room(line_height(BODY));
            let label = self.text_at(MARGIN + 4.0, self.y, BODY, false, marker);
            let body = self.lines(
                item,
                MARGIN + LIST_INDENT,
                TEXT_WIDTH - LIST_INDENT,
                BODY,
                false,
            );
            self.y += 3.0;
            children.push(group(
                Tag::LI,
                vec![group(Tag::Lbl, vec![label]), group(Tag::LBody, body)],
            ));
        }
        self.y += 4.0;
        group(Tag::L(numbering), children)
    }

    fn figure(&mut self, figure: &'r Figure) -> Vec<Node> {
        let (width, height) = chart_box(figure);
        let caption_height = self.lines_height(&figure.title, TEXT_WIDTH, BODY, true);
        self.gap(8.0);
        self.room(height + caption_height + 6.0);
        let leaf = self.leaf();
        let chart_top = self.y;
        let index = self.figures.len();
        self.figures.push(figure);
        self.push(
            Draw::Chart {
                figure: index,
                x: MARGIN,
                y: self.y,
                width,
                height,
            },
            Mark::Content(leaf),
        );
        self.y += height + 6.0;
        let caption = self.lines(&figure.title, MARGIN, TEXT_WIDTH, BODY, true);
        self.y += 6.0;
        // Where the chart is, for assistive technology that reflows or magnifies it.
        let bbox = Rect::from_xywh(MARGIN, chart_top, width, height)
            .map(|rect| BBox::new(self.pages.len() - 1, rect));
        let mut nodes = vec![
            group(
                Tag::Figure(Some(figure.alt.clone())).with_bbox(bbox),
                vec![Node::Leaf(leaf)],
            ),
            group(Tag::Caption, caption),
        ];
        nodes.extend(self.table(&figure.table));
        nodes
    }

    fn glossary(&mut self, report: &Report) -> Node {
        let next = 3.0 * line_height(BODY) + 40.0;
        let mut children = vec![self.heading(2, "Glossary", SECTION, 18.0, next)];
        let page = self.pages.len() - 1;
        self.bookmark("Glossary".to_owned(), page);
        let table = Table {
            id: "glossary".to_owned(),
            caption: "Acronyms used in this report".to_owned(),
            corner: "Acronym".to_owned(),
            columns: vec!["Meaning".to_owned()],
            rows: report
                .glossary
                .iter()
                .map(|entry| Row {
                    header: entry.acronym.clone(),
                    cells: vec![Cell::text(entry.meaning.clone())],
                })
                .collect(),
            note: String::new(),
        };
        children.extend(self.table(&table));
        group(Tag::Section, children)
    }

    /// A table: its caption above, a grey header row repeated on every page it runs
    /// onto, rules between rows, numbers right-aligned, and its note below.
    fn table(&mut self, table: &Table) -> Vec<Node> {
        let (header, rows) = grid(table);
        let widths = self.column_widths(&header, &rows);

        let caption_height = self.lines_height(&table.caption, TEXT_WIDTH, BODY, true);
        let first_row = rows
            .first()
            .map_or(0.0, |row| self.row_height(row, &widths));
        self.gap(6.0);
        self.room(caption_height + 4.0 + self.row_height(&header, &widths) + first_row);
        let caption = self.lines(&table.caption, MARGIN, TEXT_WIDTH, BODY, true);
        self.y += 4.0;

        let head = self.row(&header, &widths, true, false);
        let mut body = Vec::with_capacity(rows.len());
        for row in &rows {
            if self.y + self.row_height(row, &widths) > BOTTOM && self.y > TOP {
                self.new_page();
                self.row(&header, &widths, true, true);
            }
            body.push(self.row(row, &widths, false, false));
        }
        let mut table_children = vec![group(Tag::Caption, caption), group(Tag::THead, vec![head])];
        if !body.is_empty() {
            table_children.push(group(Tag::TBody, body));
        }
        let mut nodes = vec![group(Tag::Table, table_children)];
        if !table.note.is_empty() {
            self.y += 4.0;
            let note = self.lines(&table.note, MARGIN, TEXT_WIDTH, NOTE, false);
            nodes.push(group(Tag::P, note));
        }
        self.y += 8.0;
        nodes
    }

    /// The height of a table's caption, header row and first row.
    fn table_lead(&self, table: &Table) -> f32 {
        let (header, rows) = grid(table);
        let widths = self.column_widths(&header, &rows);
        self.lines_height(&table.caption, TEXT_WIDTH, BODY, true)
            + 10.0
            + self.row_height(&header, &widths)
            + rows
                .first()
                .map_or(0.0, |row| self.row_height(row, &widths))
    }

    /// Column widths from the content: each column as wide as its longest line where
    /// the table fits the text width; otherwise each at least its widest word, with
    /// the rest shared out in proportion to how much more each would like.
    fn column_widths(&self, header: &[GridCell], rows: &[Vec<GridCell>]) -> Vec<f32> {
        let count = header.len();
        let mut natural = vec![0.0_f32; count];
        let mut minimum = vec![0.0_f32; count];
        for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
            for (column, cell) in row.iter().enumerate() {
                let face = self.faces.face(cell.bold);
                natural[column] = natural[column].max(face.width(cell.text, TABLE));
                minimum[column] = minimum[column].max(face.widest_word(cell.text, TABLE));
            }
        }
        let pad = 2.0 * CELL_PAD_X;
        let natural: Vec<f32> = natural.iter().map(|width| width + pad + 0.5).collect();
        let minimum: Vec<f32> = minimum.iter().map(|width| width + pad + 0.5).collect();
        let natural_total: f32 = natural.iter().sum();
        if natural_total <= TEXT_WIDTH {
            return natural;
        }
        let minimum_total: f32 = minimum.iter().sum();
        if minimum_total >= TEXT_WIDTH {
            return minimum
                .iter()
                .map(|width| width * TEXT_WIDTH / minimum_total)
                .collect();
        }
        let spare = TEXT_WIDTH - minimum_total;
        let wanted = natural_total - minimum_total;
        natural
            .iter()
            .zip(&minimum)
            .map(|(natural, minimum)| minimum + spare * (natural - minimum) / wanted)
            .collect()
    }

    fn cell_lines(&self, cell: &GridCell, width: f32) -> Vec<String> {
        self.faces
            .face(cell.bold)
            .wrap(cell.text, TABLE, width - 2.0 * CELL_PAD_X)
    }

    fn row_height(&self, row: &[GridCell], widths: &[f32]) -> f32 {
        let lines = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| self.cell_lines(cell, *width).len())
            .max()
            .unwrap_or(1);
        lines as f32 * line_height(TABLE) + 2.0 * CELL_PAD_Y
    }

    /// Draws one row at the current position and moves below it. A header row has a
    /// grey fill; a repeated header (`artifact`) is drawn but left out of the
    /// structure, so it is read once.
    fn row(&mut self, row: &[GridCell], widths: &[f32], header: bool, artifact: bool) -> Node {
        let height = self.row_height(row, widths);
        let table_width: f32 = widths.iter().sum();
        let top = self.y;
        if header {
            self.push(
                Draw::Fill {
                    x: MARGIN,
                    y: top,
                    width: table_width,
                    height,
                },
                Mark::Artifact,
            );
            self.push(
                Draw::Rule {
                    x1: MARGIN,
                    x2: MARGIN + table_width,
                    y: top,
                    thickness: 0.75,
                },
                Mark::Artifact,
            );
        }
        let mut cells = Vec::with_capacity(row.len());
        let mut x = MARGIN;
        for (column, (cell, width)) in row.iter().zip(widths).enumerate() {
            let face = self.faces.face(cell.bold);
            let mut leaves = Vec::new();
            for (index, line) in self.cell_lines(cell, *width).into_iter().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let line_top = top + CELL_PAD_Y + index as f32 * line_height(TABLE);
                let line_x = if cell.right {
                    x + width - CELL_PAD_X - face.width(line.trim_end(), TABLE)
                } else {
                    x + CELL_PAD_X
                };
                if artifact {
                    self.push(
                        Draw::Text {
                            x: line_x,
                            baseline: line_top + baseline(TABLE),
                            size: TABLE,
                            bold: cell.bold,
                            text: line,
                        },
                        Mark::Artifact,
                    );
                } else {
                    leaves.push(self.text_at(line_x, line_top, TABLE, cell.bold, line));
                }
            }
            let tag: TagKind = match (header, column) {
                (true, _) => Tag::TH(TableHeaderScope::Column).into(),
                (false, 0) => Tag::TH(TableHeaderScope::Row).into(),
                (false, _) => Tag::TD.into(),
            };
            cells.push(Node::Group(tag, leaves));
            x += width;
        }
        self.push(
            Draw::Rule {
                x1: MARGIN,
                x2: MARGIN + table_width,
                y: top + height,
                thickness: if header { 0.75 } else { 0.4 },
            },
            Mark::Artifact,
        );
        self.y = top + height;
        group(Tag::TR, cells)
    }
}

/// A table's cells as laid out: the header row (the corner, then the columns'
/// headings) and the body rows (the row's header, then its cells). A column whose
/// every cell is a number or a symbol is right-aligned, its heading too.
fn grid(table: &Table) -> (Vec<GridCell<'_>>, Vec<Vec<GridCell<'_>>>) {
    let count = table.columns.len() + 1;
    let numeric: Vec<bool> = (0..count)
        .map(|column| {
            column > 0
                && !table.rows.is_empty()
                && table.rows.iter().all(|row| {
                    row.cells
                        .get(column - 1)
                        .is_none_or(|cell| cell.number.is_some() || cell.is_symbol())
                })
        })
        .collect();
    let header: Vec<GridCell> = std::iter::once(table.corner.as_str())
        .chain(table.columns.iter().map(String::as_str))
        .enumerate()
        .map(|(column, text)| GridCell {
            text,
            bold: true,
            right: numeric[column],
        })
        .collect();
    let rows: Vec<Vec<GridCell>> = table
        .rows
        .iter()
        .map(|row| {
            let mut cells = Vec::with_capacity(count);
            cells.push(GridCell {
                text: &row.header,
                bold: false,
                right: false,
            });
            for column in 1..count {
                let cell = row.cells.get(column - 1);
                cells.push(GridCell {
                    text: cell.map_or("", |cell| cell.text.as_str()),
                    bold: false,
                    right: cell.is_some_and(|cell| cell.number.is_some() || cell.is_symbol()),
                });
            }
            cells
        })
        .collect();
    (header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, CoverLine};

    fn report(rows: usize) -> Report {
        Report {
            title: "Workforce report".to_owned(),
            language: "en-GB".to_owned(),
            council: "Example Council".to_owned(),
            audience: Audience::Internal,
            cover: vec![CoverLine {
                label: "Meeting".to_owned(),
                value: "Scrutiny committee".to_owned(),
            }],
            sections: vec![Section {
                id: "trend".to_owned(),
                heading: "Trend".to_owned(),
                blocks: vec![Block::Table(Table {
                    id: "long".to_owned(),
                    caption: "A long table".to_owned(),
                    corner: "Date".to_owned(),
                    columns: vec!["Count".to_owned(), "Comment".to_owned()],
                    rows: (0..rows)
                        .map(|i| Row {
                            header: format!("Row {i}"),
                            cells: vec![Cell::whole(i as u64), Cell::text("some words")],
                        })
                        .collect(),
                    note: String::new(),
                })],
            }],
            glossary: Vec::new(),
        }
    }

    fn texts(page: &[Item]) -> Vec<&str> {
        page.iter()
            .filter_map(|item| match &item.draw {
                Draw::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_long_table_repeats_its_header_row_on_the_next_page_outside_the_structure() {
        let faces = Faces::load().unwrap();
        let report = report(80);
        let laid = lay_out(&report, &faces);
        assert!(laid.pages.len() >= 3, "cover and two pages of table");
        for (index, page) in laid.pages.iter().enumerate().skip(1) {
            let headers: Vec<&Item> = page
                .iter()
                .filter(|item| matches!(&item.draw, Draw::Text { text, .. } if text == "Date"))
                .collect();
            assert_eq!(headers.len(), 1, "page {index}");
            let expected = if index == 1 {
                Mark::Content(0)
            } else {
                Mark::Artifact
            };
            assert_eq!(
                std::mem::discriminant(&headers[0].mark),
                std::mem::discriminant(&expected),
                "page {index}"
            );
        }
        let last = laid.pages.last().unwrap();
        assert!(texts(last).contains(&"Row 79"));
    }

    #[test]
    fn nothing_is_drawn_below_the_bottom_margin_and_numbers_end_at_the_column_edge() {
        let faces = Faces::load().unwrap();
        let report = report(80);
        let laid = lay_out(&report, &faces);
        let mut right_edges = Vec::new();
        for page in &laid.pages {
            for item in page {
                if let Draw::Text {
                    x,
                    baseline,
                    size,
                    bold,
                    text,
                } = &item.draw
                {
                    assert!(*baseline <= BOTTOM, "{text} at {baseline}");
                    if text.chars().all(|c| c.is_ascii_digit()) {
                        right_edges.push(x + faces.face(*bold).width(text, *size));
                    }
                }
            }
        }
        assert!(right_edges.len() >= 80);
        let first = right_edges[0];
        assert!(right_edges.iter().all(|edge| (edge - first).abs() < 0.01));
    }

    #[test]
    fn every_leaf_of_the_structure_is_drawn_once() {
        let faces = Faces::load().unwrap();
        let report = report(5);
        let laid = lay_out(&report, &faces);
        let drawn: Vec<usize> = laid
            .pages
            .iter()
            .flatten()
            .filter_map(|item| match item.mark {
                Mark::Content(leaf) => Some(leaf),
                Mark::Artifact => None,
            })
            .collect();
        fn leaves(node: &Node, out: &mut Vec<usize>) {
            match node {
                Node::Leaf(leaf) => out.push(*leaf),
                Node::Group(_, children) => children.iter().for_each(|c| leaves(c, out)),
            }
        }
        let mut tree = Vec::new();
        laid.structure
            .iter()
            .for_each(|node| leaves(node, &mut tree));
        assert_eq!(drawn, tree);
        assert_eq!(drawn, (0..laid.leaves).collect::<Vec<_>>());
    }
}
