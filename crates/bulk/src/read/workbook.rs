//! An `.xlsx` workbook with one sheet per file of the bulk format.

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use csv::ByteRecord;

use crate::read::table::{FileOutcome, RowSource, read_file};
use crate::read::{Finds, Found, not_a_bulk_file};
use crate::{BulkError, Progress, Warning};

/// How many rows are read between progress reports.
const REPORT_EVERY: u64 = 4096;

/// Reads the sheets named like the files of the format (without `.csv`, ignoring
/// case), one after another. Other sheets are warned about.
pub(crate) fn read(
    path: &Path,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<FileOutcome>, BulkError> {
    let mut workbook: Xlsx<BufReader<File>> =
        open_workbook(path).map_err(|source| BulkError::NotAnXlsx {
            path: path.to_owned(),
            source,
        })?;
    let mut finds = Finds::new(path);
    for name in workbook.sheet_names() {
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
        let range =
            workbook
                .worksheet_range(&found.name)
                .map_err(|source| BulkError::UnreadableSheet {
                    path: path.to_owned(),
                    sheet: found.name.clone(),
                    source,
                })?;
        progress.file_started(found.file, range.height().saturating_sub(1) as u64);
        let mut rows = SheetRows::new(&range, progress);
        outcomes.push(read_file(found.file, &mut rows)?);
        progress.file_finished(found.file);
    }
    Ok(outcomes)
}

/// The rows of a worksheet, numbered as the spreadsheet numbers them.
struct SheetRows<'a> {
    rows: calamine::Rows<'a, Data>,
    /// The spreadsheet row number of the next row.
    next: u32,
    progress: &'a dyn Progress,
    unreported: u64,
    text: String,
}

impl<'a> SheetRows<'a> {
    fn new(range: &'a calamine::Range<Data>, progress: &'a dyn Progress) -> Self {
        let first = range.start().map_or(0, |(row, _)| row);
        Self {
            rows: range.rows(),
            next: first + 1,
            progress,
            unreported: 0,
            text: String::new(),
        }
    }
}

impl RowSource for SheetRows<'_> {
    fn header(&mut self, record: &mut ByteRecord) -> Result<u32, BulkError> {
        let row = self.next;
        record.clear();
        if let Some(cells) = self.rows.next() {
            to_text(cells, record, &mut Vec::new(), &mut self.text);
            self.next += 1;
        }
        Ok(row)
    }

    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        cell_errors: &mut Vec<(usize, String)>,
    ) -> Result<Option<u32>, BulkError> {
        let Some(cells) = self.rows.next() else {
            self.progress.advanced(self.unreported);
            self.unreported = 0;
            return Ok(None);
        };
        to_text(cells, record, cell_errors, &mut self.text);
        let row = self.next;
        self.next += 1;
        self.unreported += 1;
        if self.unreported >= REPORT_EVERY {
            self.progress.advanced(self.unreported);
            self.unreported = 0;
        }
        Ok(Some(row))
    }
}

/// Writes a row's cells as the text a CSV file would hold: dates `YYYY-MM-DD`, whole
/// numbers without a decimal point, booleans `true`/`false`. Error cells are left
/// empty and listed in `cell_errors`.
fn to_text(
    cells: &[Data],
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
        to_text(cells, &mut record, &mut errors, &mut String::new());
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
