//! Any set of [`Table`]s as an XLSX workbook: a "Contents" sheet naming every table,
//! then one sheet per table with its caption, headings, rows and note. Numbers are
//! stored as numbers (a percentage as the fraction, formatted `0.0%`), so a reader can
//! sum and chart them; `c`, `z`, `x` and words stay text.

use std::collections::HashSet;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use crate::model::{Cell, CellStyle, Table};

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    /// The XLSX writer refused a cell, a sheet or the file.
    #[error("writing the workbook: {0}")]
    Write(#[from] rust_xlsxwriter::XlsxError),
}

/// The most characters Excel allows in a sheet's name.
const MAX_SHEET_NAME: usize = 31;

/// Widest and narrowest columns, in characters.
const MAX_WIDTH: usize = 60;
const MIN_WIDTH: usize = 8;

/// The formats a sheet uses, made once per workbook.
struct Formats {
    title: Format,
    bold: Format,
    wrap: Format,
    whole: Format,
    decimal: Format,
    decimal2: Format,
    percent: Format,
    symbol: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_italic(),
            whole: Format::new().set_num_format("#,##0"),
            decimal: Format::new().set_num_format("#,##0.0"),
            decimal2: Format::new().set_num_format("#,##0.00"),
            percent: Format::new().set_num_format("0.0%"),
            symbol: Format::new().set_align(FormatAlign::Right),
        }
    }

    fn number(&self, style: CellStyle) -> &Format {
        match style {
            CellStyle::Percent => &self.percent,
            CellStyle::Decimal => &self.decimal,
            CellStyle::Decimal2 => &self.decimal2,
            CellStyle::Whole | CellStyle::Text => &self.whole,
        }
    }
}

/// The workbook of `tables`, in order, as the bytes of an `.xlsx` file.
pub fn workbook(tables: &[&Table]) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let names = sheet_names(tables);
    let mut workbook = Workbook::new();
    let contents = workbook.add_worksheet();
    contents.set_name("Contents")?;
    contents.write_string_with_format(0, 0, "Contents", &formats.title)?;
    contents.write_string_with_format(2, 0, "Sheet", &formats.bold)?;
    contents.write_string_with_format(2, 1, "Table", &formats.bold)?;
    let mut widths = [MIN_WIDTH, MIN_WIDTH];
    for (row, (table, name)) in (3u32..).zip(tables.iter().zip(&names)) {
        contents.write_url_with_text(row, 0, format!("internal:'{name}'!A1").as_str(), name)?;
        contents.write_string(row, 1, &table.caption)?;
        widths[0] = widths[0].max(name.chars().count());
        widths[1] = widths[1].max(table.caption.chars().count());
    }
    if tables.is_empty() {
        contents.write_string(3, 0, "No tables.")?;
    }
    set_widths(contents, &widths)?;
    for (table, name) in tables.iter().zip(&names) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        write_table(sheet, table, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Where a table's header row is on its sheet (0-based): under the caption and a
/// blank line.
pub const HEADER_ROW: u32 = 2;

fn write_table(sheet: &mut Worksheet, table: &Table, formats: &Formats) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, &table.caption, &formats.title)?;
    let mut widths = vec![table.corner.chars().count()];
    widths.extend(table.columns.iter().map(|column| column.chars().count()));
    sheet.write_string_with_format(HEADER_ROW, 0, &table.corner, &formats.bold)?;
    for (column, heading) in (1u16..).zip(&table.columns) {
        sheet.write_string_with_format(HEADER_ROW, column, heading, &formats.bold)?;
    }
    let mut row_number = HEADER_ROW + 1;
    for row in &table.rows {
        sheet.write_string_with_format(row_number, 0, &row.header, &formats.bold)?;
        widths[0] = widths[0].max(row.header.chars().count());
        for (index, cell) in row.cells.iter().enumerate() {
            let column = u16::try_from(index + 1).unwrap_or(u16::MAX);
            write_cell(sheet, row_number, column, cell, formats)?;
            if let Some(width) = widths.get_mut(index + 1) {
                *width = (*width).max(cell.text.chars().count());
            } else {
                widths.push(cell.text.chars().count());
            }
        }
        row_number += 1;
    }
    if !table.note.is_empty() {
        sheet.write_string_with_format(row_number + 1, 0, &table.note, &formats.wrap)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    set_widths(sheet, &widths)?;
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: &Cell,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell.number {
        Some(number) if cell.style != CellStyle::Text && number.is_finite() => {
            sheet.write_number_with_format(row, column, number, formats.number(cell.style))?;
        }
        _ if cell.is_symbol() => {
            sheet.write_string_with_format(row, column, &cell.text, &formats.symbol)?;
        }
        _ if cell.text.is_empty() => {}
        _ => {
            sheet.write_string(row, column, &cell.text)?;
        }
    }
    Ok(())
}

fn set_widths(sheet: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (column, width) in (0u16..).zip(widths) {
        let width = (*width).clamp(MIN_WIDTH, MAX_WIDTH) + 2;
        sheet.set_column_width(column, width as f64)?;
    }
    Ok(())
}

/// One sheet name per table, in order: the table's id (or caption) with the
/// characters Excel refuses replaced, at most 31 characters, unique (case
/// insensitively, as Excel compares them) and never "Contents".
pub fn sheet_names(tables: &[&Table]) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::from(["contents".to_owned()]);
    tables
        .iter()
        .enumerate()
        .map(|(index, table)| {
            let source = if table.id.trim().is_empty() {
                &table.caption
            } else {
                &table.id
            };
            let base = clean_sheet_name(source, index);
            let mut name = base.clone();
            let mut counter = 2;
            while taken.contains(&name.to_lowercase()) {
                let suffix = format!(" ({counter})");
                let keep = MAX_SHEET_NAME - suffix.chars().count();
                name = format!("{}{suffix}", truncate(&base, keep).trim_end());
                counter += 1;
            }
            taken.insert(name.to_lowercase());
            name
        })
        .collect()
}

fn clean_sheet_name(source: &str, index: usize) -> String {
    let replaced: String = source
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let collapsed = replaced.split_whitespace().collect::<Vec<_>>().join(" ");
    // Excel refuses a name that starts or ends with an apostrophe.
    let trimmed = collapsed.trim_matches('\'').trim();
    let name = truncate(trimmed, MAX_SHEET_NAME).trim_end().to_owned();
    if name.is_empty() {
        format!("Table {}", index + 1)
    } else {
        name
    }
}

fn truncate(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::model::Row;

    fn table(id: &str, caption: &str) -> Table {
        Table {
            id: id.into(),
            caption: caption.into(),
            corner: "Date".into(),
            columns: vec!["Headcount".into(), "Vacancy rate".into(), "FTE".into()],
            rows: vec![
                Row {
                    header: "30 September 2023".into(),
                    cells: vec![
                        Cell::whole(1234),
                        Cell::percent(Some(0.152)),
                        Cell::decimal(Some(35.6)),
                    ],
                },
                Row {
                    header: "30 September 2024".into(),
                    cells: vec![
                        Cell::suppressed(),
                        Cell::not_applicable(),
                        Cell::text("Team A"),
                    ],
                },
            ],
            note: "c: fewer than 5.".into(),
        }
    }

    fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes)).unwrap()
    }

    #[test]
    fn every_table_gets_a_sheet_listed_on_the_contents_sheet() {
        let first = table("trend", "Vacancies over five years");
        let second = table("bands", "Caseload bands");
        let mut book = read(workbook(&[&first, &second]).unwrap());
        assert_eq!(book.sheet_names(), ["Contents", "trend", "bands"]);
        let contents = book.worksheet_range("Contents").unwrap();
        assert_eq!(
            contents.get_value((3, 0)),
            Some(&Data::String("trend".into()))
        );
        assert_eq!(
            contents.get_value((4, 1)),
            Some(&Data::String("Caseload bands".into()))
        );
    }

    #[test]
    fn numbers_are_numbers_and_symbols_and_words_are_text() {
        let only = table("trend", "Vacancies");
        let mut book = read(workbook(&[&only]).unwrap());
        let sheet = book.worksheet_range("trend").unwrap();
        let at = |row: u32, column: u32| sheet.get_value((row, column)).cloned();
        assert_eq!(at(0, 0), Some(Data::String("Vacancies".into())));
        assert_eq!(at(2, 0), Some(Data::String("Date".into())));
        assert_eq!(at(2, 2), Some(Data::String("Vacancy rate".into())));
        assert_eq!(at(3, 0), Some(Data::String("30 September 2023".into())));
        assert_eq!(at(3, 1), Some(Data::Float(1234.0)));
        assert_eq!(at(3, 2), Some(Data::Float(0.152)));
        assert_eq!(at(3, 3), Some(Data::Float(35.6)));
        assert_eq!(at(4, 1), Some(Data::String("c".into())));
        assert_eq!(at(4, 2), Some(Data::String("z".into())));
        assert_eq!(at(4, 3), Some(Data::String("Team A".into())));
        assert_eq!(at(6, 0), Some(Data::String("c: fewer than 5.".into())));
    }

    #[test]
    fn percentages_are_formatted_as_percentages() {
        let only = table("trend", "Vacancies");
        let bytes = workbook(&[&only]).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut styles = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/styles.xml").unwrap(), &mut styles)
            .unwrap();
        assert!(styles.contains("formatCode=\"0.0%\""), "{styles}");
        assert!(styles.contains("formatCode=\"#,##0.0\""), "{styles}");
    }

    #[test]
    fn sheet_names_are_cleaned_shortened_and_unique() {
        let long = table(
            "",
            "Leavers by reason: the year to 30 September 2024 [all teams]",
        );
        let odd = table("a/b\\c*d?e", "x");
        let same = table("TREND", "y");
        let trend = table("trend", "z");
        let contents = table("Contents", "z");
        let names = sheet_names(&[&long, &odd, &trend, &same, &contents]);
        assert_eq!(names[0], "Leavers by reason the year to 3");
        assert_eq!(names[1], "a b c d e");
        assert_eq!(names[2], "trend");
        assert_eq!(names[3], "TREND (2)");
        assert_eq!(names[4], "Contents (2)");
        for name in &names {
            assert!(name.chars().count() <= 31, "{name}");
            assert!(
                !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                "{name}"
            );
        }
        let many: Vec<Table> = (0..12).map(|_| table("", &"x".repeat(40))).collect();
        let refs: Vec<&Table> = many.iter().collect();
        let names = sheet_names(&refs);
        let unique: HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), 12);
        assert!(names.iter().all(|name| name.chars().count() <= 31));
        // The writer accepts them all.
        workbook(&refs).unwrap();
    }
}
