//! An `.xlsx` workbook with one sheet per file of the bulk format.

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, DataRef, Reader, Xlsx, XlsxError, open_workbook};
use csv::ByteRecord;

use crate::read::table::{FileOutcome, RowSource, read_file};
use crate::read::{Finds, Found, not_a_bulk_file};
use crate::{BulkError, Progress, Warning};

/// How many rows are read between progress reports.
const REPORT_EVERY: u64 = 4096;

/// The last row and column (XFD) an Excel worksheet has, counted from 1.
const LAST_ROW: u32 = 1_048_576;
const LAST_COLUMN: u32 = 16_384;

/// What a cell without a value holds.
static EMPTY: Data = Data::Empty;

/// Reads the sheets named like the files of the format (without `.csv`, ignoring
/// case), one after another. Other sheets are warned about.
pub(crate) fn read(
    path: &Path,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<FileOutcome>, BulkError> {
    let mut workbook: Xlsx<BufReader<File>> = without_panics(path, || open_workbook(path))?
        .map_err(|source| BulkError::NotAnXlsx {
            path: path.to_owned(),
            source,
        })?;
    let mut finds = Finds::new(path);
    for name in without_panics(path, || workbook.sheet_names())? {
        match pathway_domain::BulkFile::from_name(&name) {
            Some(file) => finds.add(Found {
                file,
                name,
                location: (),
                size: 0,
            })?,
            None => warnings.push(not_a_bulk_file(&name)),
        }
    }
    let mut outcomes = Vec::new();
    for found in finds.finish(true)? {
        let cells = without_panics(path, || sheet_cells(&mut workbook, path, &found.name))??;
        progress.file_started(found.file, cells.data_rows());
        let mut rows = SheetRows::new(&cells, progress);
        outcomes.push(read_file(found.file, &mut rows)?);
        progress.file_finished(found.file);
    }
    Ok(outcomes)
}

/// Runs a step of calamine, the workbook reader, turning a panic of its own on a
/// malformed file into an unreadable workbook: an upload must never bring down the
/// server or the command. (calamine 0.38 overflows on a cell reference with many
/// column letters, which panics where overflow is checked.)
fn without_panics<T>(path: &Path, step: impl FnOnce() -> T) -> Result<T, BulkError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        BulkError::UnreadableWorkbook {
            path: path.to_owned(),
            message: format!("the workbook reader failed on it ({what})"),
        }
    })
}

/// A sheet's cells that hold something, in row then column order, each with its
/// row and column counted from the sheet's first row and column that hold anything
/// (as a CSV file's rows and fields would be).
#[derive(Debug, Default)]
struct SheetCells {
    cells: Vec<(u32, u32, Data)>,
    /// The sheet's row number (from 0) of the first row that holds anything.
    first_row: u32,
}

impl SheetCells {
    /// How many rows the sheet holds under its first one, blank ones included.
    fn data_rows(&self) -> u64 {
        self.cells.last().map_or(0, |(row, ..)| u64::from(*row))
    }
}

/// Reads a sheet cell by cell. calamine's `worksheet_range` would make a dense grid
/// over every cell between the first and the last: a workbook of a few hundred bytes
/// with one cell in A1 and one in XFD1048576 would need hundreds of gigabytes, and
/// the process would be killed. Here memory grows with the cells the file holds.
fn sheet_cells(
    workbook: &mut Xlsx<BufReader<File>>,
    path: &Path,
    sheet: &str,
) -> Result<SheetCells, BulkError> {
    let unreadable = |source| BulkError::UnreadableSheet {
        path: path.to_owned(),
        sheet: sheet.to_owned(),
        source,
    };
    let mut reader = match workbook.worksheet_cells_reader(sheet) {
        Ok(reader) => reader,
        // A chart sheet, say, named like a file of the format: read as empty, as
        // calamine's ranges do.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(SheetCells::default()),
        Err(error) => return Err(unreadable(error)),
    };
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        if !matches!(cell.get_value(), DataRef::Empty) {
            let (row, column) = cell.get_position();
            if row >= LAST_ROW || column >= LAST_COLUMN {
                return Err(BulkError::UnreadableWorkbook {
                    path: path.to_owned(),
                    message: format!(
                        "sheet {sheet} has a cell in row {} column {}, beyond the last row \
                         ({LAST_ROW}) or column ({LAST_COLUMN}, XFD) a spreadsheet has",
                        u64::from(row) + 1,
                        u64::from(column) + 1
                    ),
                });
            }
            cells.push((row, column, Data::from(cell.get_value().clone())));
        }
    }
    // Cells are usually in order already; a stable sort keeps a repeated cell's
    // copies in file order, and the last one wins, as in calamine's ranges.
    cells.sort_by_key(|&(row, column, _)| (row, column));
    let first_row = cells.first().map_or(0, |&(row, ..)| row);
    let first_column = cells
        .iter()
        .map(|&(_, column, _)| column)
        .min()
        .unwrap_or(0);
    for (row, column, _) in &mut cells {
        *row -= first_row;
        *column -= first_column;
    }
    Ok(SheetCells { cells, first_row })
}

/// The rows of a worksheet, numbered as the spreadsheet numbers them.
struct SheetRows<'a> {
    cells: &'a [(u32, u32, Data)],
    /// The row of the next row, counted from the sheet's first row that holds anything.
    next: u32,
    /// The spreadsheet row number of the sheet's first row that holds anything.
    first: u32,
    progress: &'a dyn Progress,
    unreported: u64,
    text: String,
    row: Vec<&'a Data>,
}

impl<'a> SheetRows<'a> {
    fn new(cells: &'a SheetCells, progress: &'a dyn Progress) -> Self {
        Self {
            cells: &cells.cells,
            next: 0,
            first: cells.first_row.saturating_add(1),
            progress,
            unreported: 0,
            text: String::new(),
            row: Vec::new(),
        }
    }

    /// The next row's cells, from the first column to its last cell that holds
    /// anything (a blank row has none), or `None` after the last row.
    fn next_cells(&mut self) -> Option<&[&'a Data]> {
        let (last, ..) = self.cells.last()?;
        if self.next > *last {
            return None;
        }
        let count = self
            .cells
            .iter()
            .take_while(|(row, ..)| *row == self.next)
            .count();
        let (this, rest) = self.cells.split_at(count);
        self.cells = rest;
        self.next += 1;
        self.row.clear();
        for (_, column, value) in this {
            let column = *column as usize;
            if self.row.len() <= column {
                self.row.resize(column + 1, &EMPTY);
            }
            self.row[column] = value;
        }
        Some(&self.row)
    }

    /// The spreadsheet row number of the row last returned by [`Self::next_cells`].
    fn row_number(&self) -> u32 {
        self.first.saturating_add(self.next - 1)
    }
}

impl RowSource for SheetRows<'_> {
    fn header(&mut self, record: &mut ByteRecord) -> Result<u32, BulkError> {
        record.clear();
        let mut text = std::mem::take(&mut self.text);
        if let Some(cells) = self.next_cells() {
            to_text(cells, record, &mut Vec::new(), &mut text);
        }
        self.text = text;
        Ok(self.first)
    }

    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        cell_errors: &mut Vec<(usize, String)>,
    ) -> Result<Option<u32>, BulkError> {
        let mut text = std::mem::take(&mut self.text);
        let Some(cells) = self.next_cells() else {
            self.text = text;
            self.progress.advanced(self.unreported);
            self.unreported = 0;
            return Ok(None);
        };
        to_text(cells, record, cell_errors, &mut text);
        self.text = text;
        self.unreported += 1;
        if self.unreported >= REPORT_EVERY {
            self.progress.advanced(self.unreported);
            self.unreported = 0;
        }
        Ok(Some(self.row_number()))
    }
}

/// Writes a row's cells as the text a CSV file would hold: dates `YYYY-MM-DD`, whole
/// numbers without a decimal point, booleans `true`/`false`. Error cells are left
/// empty and listed in `cell_errors`.
fn to_text(
    cells: &[&Data],
    record: &mut ByteRecord,
    cell_errors: &mut Vec<(usize, String)>,
    text: &mut String,
) {
    record.clear();
    cell_errors.clear();
    for (field, cell) in cells.iter().enumerate() {
        text.clear();
        match cell {
            Data::Empty => {}
            Data::String(value) | Data::DurationIso(value) => text.push_str(value),
            Data::Int(value) => {
                let _ = write!(text, "{value}");
            }
            Data::Float(value) => number_text(*value, text),
            Data::Bool(value) => text.push_str(if *value { "true" } else { "false" }),
            Data::DateTime(value) if value.is_datetime() => {
                let (year, month, day, ..) = value.to_ymd_hms_milli();
                let _ = write!(text, "{year:04}-{month:02}-{day:02}");
            }
            Data::DateTime(value) => number_text(value.as_f64(), text),
            Data::DateTimeIso(value) => text.push_str(iso_date(value)),
            Data::Error(error) => {
                cell_errors.push((
                    field,
                    format!("the cell holds the spreadsheet error {error}"),
                ));
            }
        }
        record.push_field(text.as_bytes());
    }
}

/// A number as text: whole numbers without a decimal point (`3`), others in Rust's
/// shortest round-trip form (`0.8`).
fn number_text(value: f64, text: &mut String) {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let _ = write!(text, "{}", value as i64);
    } else {
        let _ = write!(text, "{value}");
    }
}

/// The date part of an ISO 8601 date-time such as `2024-01-31T00:00:00`.
fn iso_date(value: &str) -> &str {
    match value.split_once('T') {
        Some((date, _)) if date.len() == 10 => date,
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};
    use pathway_domain::BulkFile;
    use rust_xlsxwriter::{Format, Workbook};

    use super::*;
    use crate::{NoProgress, ReadFailure};

    fn texts(cells: &[Data]) -> (Vec<String>, Vec<(usize, String)>) {
        let mut record = ByteRecord::new();
        let mut errors = Vec::new();
        let cells: Vec<&Data> = cells.iter().collect();
        to_text(&cells, &mut record, &mut errors, &mut String::new());
        let texts = record
            .iter()
            .map(|f| String::from_utf8(f.to_vec()).unwrap())
            .collect();
        (texts, errors)
    }

    #[test]
    fn cells_become_the_text_a_csv_file_would_hold() {
        let date = ExcelDateTime::new(45322.0, ExcelDateTimeType::DateTime, false);
        let date_time = ExcelDateTime::new(45322.75, ExcelDateTimeType::DateTime, false);
        let (texts, errors) = texts(&[
            Data::String("00123".into()),
            Data::Float(3.0),
            Data::Float(0.8),
            Data::Int(27),
            Data::Bool(true),
            Data::DateTime(date),
            Data::DateTime(date_time),
            Data::DateTimeIso("2024-01-31T00:00:00".into()),
            Data::Empty,
        ]);
        assert!(errors.is_empty());
        assert_eq!(
            texts,
            [
                "00123",
                "3",
                "0.8",
                "27",
                "true",
                "2024-01-31",
                "2024-01-31",
                "2024-01-31",
                ""
            ]
        );
    }

    #[test]
    fn error_cells_are_reported_by_field() {
        let (texts, errors) = texts(&[Data::String("x".into()), Data::Error(CellErrorType::NA)]);
        assert_eq!(texts, ["x", ""]);
        assert_eq!(
            errors,
            [(1, "the cell holds the spreadsheet error #N/A".to_owned())]
        );
    }

    fn workbook_with(path: &Path, sheets: &[(&str, &[&[&str]])]) {
        let mut workbook = Workbook::new();
        for (name, rows) in sheets {
            let sheet = workbook.add_worksheet();
            sheet.set_name(*name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if !cell.is_empty() {
                        sheet.write_string(r as u32, c as u16, *cell).unwrap();
                    }
                }
            }
        }
        workbook.save(path).unwrap();
    }

    const WORKERS: &[&[&str]] = &[
        &["authority", "worker_id", "given_name", "family_name"],
        &["888", "W1", "Ann", "Lee"],
    ];

    const EMPLOYMENTS: &[&[&str]] = &[
        &["authority", "employment_id", "worker_id", "start_date"],
        &["888", "E1", "W1", "2020-01-06"],
    ];

    // Found while writing the bulk_xlsx fuzz target: calamine's dense range over
    // A1..XFD1048576 asks for hundreds of gigabytes, and the process is killed.
    #[test]
    fn a_workbook_with_cells_far_apart_is_a_located_problem_not_out_of_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        let mut workbook = Workbook::new();
        for (name, rows) in [("workers", WORKERS), ("employments", EMPLOYMENTS)] {
            let sheet = workbook.add_worksheet();
            sheet.set_name(name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
            if name == "workers" {
                sheet.write_string(1_048_575, 16_383, "far away").unwrap();
            }
        }
        workbook.save(&path).unwrap();
        let Err(ReadFailure::Invalid { problems, .. }) = crate::read(&path, &NoProgress) else {
            panic!("expected problems");
        };
        assert_eq!(
            problems.shown()[0].to_string(),
            "workers.csv:1048576: this row has 16384 cells but the header has only 4 \
             columns; check for an unquoted comma or a missing column name"
        );
    }

    /// A workbook written part by part, as a malformed file could be: the sheets
    /// `workers` (whose `<sheetData>` is given) and `employments` (empty).
    fn workbook_of_parts(path: &Path, workers_sheet_data: &str) {
        use std::io::Write as _;
        let sheet = |data: &str| {
            format!(
                "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
                 <sheetData>{data}</sheetData></worksheet>"
            )
        };
        let relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let parts = [
            (
                "[Content_Types].xml",
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
                    .to_owned(),
            ),
            (
                "_rels/.rels",
                format!(
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                     <Relationship Id=\"rId1\" Type=\"{relationship}/officeDocument\" Target=\"xl/workbook.xml\"/>\
                     </Relationships>"
                ),
            ),
            (
                "xl/workbook.xml",
                format!(
                    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
                     xmlns:r=\"{relationship}\"><sheets>\
                     <sheet name=\"workers\" sheetId=\"1\" r:id=\"rId1\"/>\
                     <sheet name=\"employments\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>"
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                     <Relationship Id=\"rId1\" Type=\"{relationship}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                     <Relationship Id=\"rId2\" Type=\"{relationship}/worksheet\" Target=\"worksheets/sheet2.xml\"/>\
                     </Relationships>"
                ),
            ),
            ("xl/worksheets/sheet1.xml", sheet(workers_sheet_data)),
            ("xl/worksheets/sheet2.xml", sheet("")),
        ];
        let mut writer = zip::ZipWriter::new(File::create(path).unwrap());
        for (name, text) in parts {
            writer
                .start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap();
    }

    // Found by fuzzing (bulk_xlsx): calamine 0.38 computes the column of `AAAAAAAA1` in
    // a u32 that overflows, which panics where overflow is checked (debug builds).
    #[test]
    fn a_cell_reference_with_too_many_column_letters_is_an_unreadable_workbook_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        workbook_of_parts(
            &path,
            "<row r=\"1\"><c r=\"AAAAAAAAAAAA1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        );
        let Err(ReadFailure::Unreadable(error)) = crate::read(&path, &NoProgress) else {
            panic!("expected an unreadable workbook");
        };
        assert!(
            matches!(error, BulkError::UnreadableWorkbook { .. }),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .contains("is not a readable .xlsx workbook")
        );
    }

    // Found while fixing the crash above: a cell in column ZZZZZZ (321 million) made a
    // row of that many cells.
    #[test]
    fn a_cell_beyond_column_xfd_is_an_unreadable_workbook_not_out_of_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        workbook_of_parts(
            &path,
            "<row r=\"1\"><c r=\"ZZZZZZ1\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        );
        let Err(ReadFailure::Unreadable(error)) = crate::read(&path, &NoProgress) else {
            panic!("expected an unreadable workbook");
        };
        assert!(
            error.to_string().ends_with(
                "is not a readable .xlsx workbook: sheet workers has a cell in row 1 column \
                 321272406, beyond the last row (1048576) or column (16384, XFD) a spreadsheet has"
            ),
            "{error}"
        );
    }

    #[test]
    fn a_sheet_named_with_multibyte_characters_is_warned_about_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        workbook_with(
            &path,
            &[
                ("€€", &[&["anything"]]),
                ("workers", WORKERS),
                ("employments", EMPLOYMENTS),
            ],
        );
        let upload = crate::read(&path, &NoProgress).unwrap();
        let warnings: Vec<String> = upload.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings, ["€€: not a file of the bulk format, ignored"]);
    }

    #[test]
    fn a_sheet_starting_below_and_right_of_a1_is_numbered_as_the_spreadsheet_shows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        let mut workbook = Workbook::new();
        for (name, rows) in [("workers", WORKERS), ("employments", EMPLOYMENTS)] {
            let sheet = workbook.add_worksheet();
            sheet.set_name(name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let cell = if name == "employments" && r == 1 && c == 3 {
                        "soon"
                    } else {
                        cell
                    };
                    // Three rows down and one column right; the employment a blank row lower.
                    let r = if r == 0 { 3 } else { 5 };
                    sheet.write_string(r, c as u16 + 1, cell).unwrap();
                }
            }
        }
        workbook.save(&path).unwrap();
        let Err(ReadFailure::Invalid { problems, .. }) = crate::read(&path, &NoProgress) else {
            panic!("expected problems");
        };
        let shown: Vec<String> = problems.shown().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["employments.csv:6:start_date: expected a date written YYYY-MM-DD, found \"soon\""]
        );
    }

    #[test]
    fn sheets_match_file_names_ignoring_case_and_others_are_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        workbook_with(
            &path,
            &[
                ("Notes", &[&["anything"]]),
                ("Workers", WORKERS),
                (
                    "EMPLOYMENTS",
                    &[
                        &["authority", "employment_id", "worker_id", "start_date"],
                        &["888", "E1", "W1", "2020-01-06"],
                    ],
                ),
            ],
        );
        let upload = crate::read(&path, &NoProgress).unwrap();
        assert_eq!(upload.files, [BulkFile::Workers, BulkFile::Employments]);
        let warnings: Vec<String> = upload.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings, ["Notes: not a file of the bulk format, ignored"]);
    }

    #[test]
    fn a_workbook_without_an_employments_sheet_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        workbook_with(&path, &[("workers", WORKERS)]);
        let Err(ReadFailure::Unreadable(error)) = crate::read(&path, &NoProgress) else {
            panic!("expected an unreadable upload");
        };
        assert!(
            error
                .to_string()
                .contains("missing required sheet employments"),
            "{error}"
        );
    }

    #[test]
    fn sheet_problems_use_spreadsheet_rows_and_real_dates_are_accepted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        let mut workbook = Workbook::new();
        let workers = workbook.add_worksheet().set_name("workers").unwrap();
        for (c, name) in ["authority", "worker_id", "given_name", "family_name"]
            .iter()
            .enumerate()
        {
            workers.write_string(0, c as u16, *name).unwrap();
        }
        workers.write_number(1, 0, 888).unwrap();
        workers.write_string(1, 1, "W1").unwrap();
        workers.write_string(1, 2, "Ann").unwrap();
        workers.write_string(1, 3, "Lee").unwrap();
        // Row 3 left empty; row 4 lacks a family name.
        workers.write_number(3, 0, 888).unwrap();
        workers.write_string(3, 1, "W2").unwrap();
        workers.write_string(3, 2, "Bo").unwrap();
        let employments = workbook.add_worksheet().set_name("employments").unwrap();
        for (c, name) in ["authority", "employment_id", "worker_id", "start_date"]
            .iter()
            .enumerate()
        {
            employments.write_string(0, c as u16, *name).unwrap();
        }
        let date_format = Format::new().set_num_format("yyyy-mm-dd");
        employments.write_number(1, 0, 888).unwrap();
        employments.write_string(1, 1, "E1").unwrap();
        employments.write_string(1, 2, "W1").unwrap();
        employments
            .write_number_with_format(1, 3, 43836.0, &date_format)
            .unwrap();
        workbook.save(&path).unwrap();

        let Err(ReadFailure::Invalid { problems, .. }) = crate::read(&path, &NoProgress) else {
            panic!("expected problems");
        };
        let problems: Vec<String> = problems.shown().iter().map(ToString::to_string).collect();
        assert_eq!(problems, ["workers.csv:4:family_name: a value is required"]);
    }

    #[test]
    fn excel_dates_read_as_iso_dates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.xlsx");
        let mut workbook = Workbook::new();
        let workers = workbook.add_worksheet().set_name("workers").unwrap();
        for (c, name) in [
            "authority",
            "worker_id",
            "given_name",
            "family_name",
            "date_of_birth",
        ]
        .iter()
        .enumerate()
        {
            workers.write_string(0, c as u16, *name).unwrap();
        }
        workers.write_string(1, 0, "888").unwrap();
        workers.write_string(1, 1, "W1").unwrap();
        workers.write_string(1, 2, "Ann").unwrap();
        workers.write_string(1, 3, "Lee").unwrap();
        let date_format = Format::new().set_num_format("dd/mm/yyyy");
        workers
            .write_number_with_format(1, 4, 29281.0, &date_format)
            .unwrap();
        let employments = workbook.add_worksheet().set_name("employments").unwrap();
        for (c, name) in ["authority", "employment_id", "worker_id", "start_date"]
            .iter()
            .enumerate()
        {
            employments.write_string(0, c as u16, *name).unwrap();
        }
        workbook.save(&path).unwrap();
        let upload = crate::read(&path, &NoProgress).unwrap();
        let worker = &upload.councils[0].1.workers[0];
        assert_eq!(worker.date_of_birth.unwrap().to_string(), "1980-03-01");
        assert_eq!(
            upload.rows,
            [(BulkFile::Workers, 1), (BulkFile::Employments, 0)]
        );
    }
}
