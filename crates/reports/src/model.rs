//! One report, whatever it is rendered as: a title page's details, numbered sections
//! of paragraphs, lists, tables and charts, and a glossary. HTML, PDF and DOCX are
//! made from this model alone, so they cannot disagree on a figure.

use serde::Serialize;

/// Who a report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Officers and councillors in private: every figure is shown.
    Internal,
    /// Published: counts from 1 to 4, and rates built on them, are shown as `c`.
    Public,
}

impl Audience {
    /// How the audience is named on the report's cover ("Internal", "Public").
    pub fn label(self) -> &'static str {
        match self {
            Self::Internal => "Internal: not for publication",
            Self::Public => "Public: small numbers suppressed",
        }
    }
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The title on the cover, in the PDF's metadata and the HTML `<title>`.
    pub title: String,
    /// The language of the text, as a BCP 47 tag (`en-GB`).
    pub language: String,
    /// The council the report is about.
    pub council: String,
    /// Who it is for.
    pub audience: Audience,
    /// The cover's lines, in order: meeting, date, report of, contact officer, ….
    pub cover: Vec<CoverLine>,
    /// The body, in order; sections are numbered 1, 2, … in every format.
    pub sections: Vec<Section>,
    /// Every acronym the report uses, with what it stands for, in alphabetical
    /// order. Rendered last, after the sections.
    pub glossary: Vec<GlossaryEntry>,
}

/// One labelled line of the cover ("Contact officer: Sam Jones, …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverLine {
    /// What the line is ("Meeting").
    pub label: String,
    /// Its value ("Children's Services Scrutiny Committee").
    pub value: String,
}

/// A numbered section with a heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// A stable id: the HTML anchor, the XLSX sheet prefix (`summary`, `trend`).
    pub id: String,
    /// The heading, without its number.
    pub heading: String,
    /// The section's content in order.
    pub blocks: Vec<Block>,
}

/// One piece of a section's content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A sub-heading inside the section.
    Subheading {
        /// Its text.
        text: String,
    },
    /// A paragraph of plain text.
    Paragraph {
        /// Its text.
        text: String,
    },
    /// A bulleted list.
    Bullets {
        /// One entry per bullet.
        items: Vec<String>,
    },
    /// A numbered list (recommendations).
    Numbered {
        /// One entry per item.
        items: Vec<String>,
    },
    /// A table of figures.
    Table(Table),
    /// A chart and the table of its figures.
    Figure(Figure),
}

/// A table: a caption, column headings and rows, each row led by a header cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Unique in the report; names the XLSX sheet.
    pub id: String,
    /// What the table shows (the `<caption>`).
    pub caption: String,
    /// The heading over the rows' headers ("Date", "Band").
    pub corner: String,
    /// The headings of the value columns.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
    /// A note under the table (the source, or what `c` means); empty for none.
    pub note: String,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The row's header ("30 September 2024").
    pub header: String,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// One value of a table: its text as shown, and the number behind it where there is
/// one (what a spreadsheet cell holds). A suppressed or missing value has no number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// As shown: "15.2%", "12", "c", "z".
    pub text: String,
    /// The number as a spreadsheet should hold it (0.152 for "15.2%"); `None` for
    /// text, `c`, `z` and `x`.
    pub number: Option<f64>,
    /// How the number is formatted in a spreadsheet.
    pub style: CellStyle,
}

/// How a cell's number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStyle {
    /// Text (or a number kept as text, like a code).
    Text,
    /// A whole number.
    Whole,
    /// One decimal place.
    Decimal,
    /// Two decimal places.
    Decimal2,
    /// A fraction shown as a percentage with one decimal.
    Percent,
}

impl Cell {
    /// A cell of text.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            number: None,
            style: CellStyle::Text,
        }
    }

    /// A whole number.
    pub fn whole(count: u64) -> Self {
        Self {
            text: count.to_string(),
            number: Some(count as f64),
            style: CellStyle::Whole,
        }
    }

    /// A number with one decimal ("35.6"); `z` when there is none.
    pub fn decimal(value: Option<f64>) -> Self {
        Self::styled(value, CellStyle::Decimal, |v| format!("{v:.1}"))
    }

    /// A number with two decimals ("35.60"); `z` when there is none.
    pub fn decimal2(value: Option<f64>) -> Self {
        Self::styled(value, CellStyle::Decimal2, |v| format!("{v:.2}"))
    }

    /// A fraction as a percentage with one decimal (0.152 is "15.2%"); `z` when there
    /// is none.
    pub fn percent(value: Option<f64>) -> Self {
        Self::styled(value, CellStyle::Percent, |v| format!("{:.1}%", v * 100.0))
    }

    /// A suppressed value: `c`.
    pub fn suppressed() -> Self {
        Self::text(pathway_domain::measures::suppression::SUPPRESSED)
    }

    /// Not applicable: `z`.
    pub fn not_applicable() -> Self {
        Self::text("z")
    }

    fn styled(value: Option<f64>, style: CellStyle, write: impl Fn(f64) -> String) -> Self {
        match value.filter(|value| value.is_finite()) {
            Some(value) => Self {
                text: write(value),
                number: Some(value),
                style,
            },
            None => Self::not_applicable(),
        }
    }

    /// True for a text cell holding a symbol rather than a value (`c`, `z`, `x`).
    pub fn is_symbol(&self) -> bool {
        self.number.is_none() && matches!(self.text.as_str(), "c" | "z" | "x")
    }
}

/// A chart: its SVG, the words that stand in for it, and its figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Unique in the report.
    pub id: String,
    /// The figure's title (its caption).
    pub title: String,
    /// What it shows in words: the alternative text of the image in every format.
    pub alt: String,
    /// The chart as a standalone SVG document (`charts::line_chart` and friends).
    pub svg: String,
    /// The chart's width and height in SVG units, for placing it as an image.
    pub size: (f64, f64),
    /// Every figure the chart draws.
    pub table: Table,
}

/// An acronym and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlossaryEntry {
    /// The acronym as written ("ASYE").
    pub acronym: String,
    /// What it stands for, and a few words on it where helpful.
    pub meaning: String,
}

impl Report {
    /// Every table of the report in order, those under charts included: what an XLSX
    /// of the report holds.
    pub fn tables(&self) -> Vec<&Table> {
        self.sections
            .iter()
            .flat_map(|section| &section.blocks)
            .filter_map(|block| match block {
                Block::Table(table) => Some(table),
                Block::Figure(figure) => Some(&figure.table),
                _ => None,
            })
            .collect()
    }

    /// All of the report's words except the glossary, in reading order: what the
    /// glossary is chosen from.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut add = |text: &str| {
            out.push_str(text);
            out.push('\n');
        };
        add(&self.title);
        add(&self.council);
        for line in &self.cover {
            add(&line.label);
            add(&line.value);
        }
        for section in &self.sections {
            add(&section.heading);
            for block in &section.blocks {
                match block {
                    Block::Subheading { text } | Block::Paragraph { text } => add(text),
                    Block::Bullets { items } | Block::Numbered { items } => {
                        items.iter().for_each(|item| add(item));
                    }
                    Block::Table(table) => table_text(table, &mut add),
                    Block::Figure(figure) => {
                        add(&figure.title);
                        add(&figure.alt);
                        table_text(&figure.table, &mut add);
                    }
                }
            }
        }
        out
    }
}

fn table_text(table: &Table, add: &mut impl FnMut(&str)) {
    add(&table.caption);
    add(&table.corner);
    table.columns.iter().for_each(|column| add(column));
    for row in &table.rows {
        add(&row.header);
        row.cells.iter().for_each(|cell| add(&cell.text));
    }
    add(&table.note);
}
