//! An `.xlsx` workbook, one sheet per file.

use std::path::Path;

use chrono::Datelike;
use pathway_domain::values::Date;
use pathway_domain::{BulkFile, Workforce};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::columns::columns;
use crate::write::cells::{RowSink, write_rows};
use crate::{BulkError, MAX_SHEET_ROWS};

/// Writes cells into a worksheet: IDs, codes and dates as text (so `00123` stays
/// `00123`), FTE, days and counts as numbers, booleans as booleans.
struct SheetSink<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    column: u16,
    error: Option<XlsxError>,
}

impl SheetSink<'_> {
    /// Writes one cell with `write` and moves to the next column, keeping the first
    /// error for [`RowSink::end_row`].
    fn cell(
        &mut self,
        write: impl FnOnce(&mut Worksheet, u32, u16) -> Result<&mut Worksheet, XlsxError>,
    ) {
        if let Err(error) = write(self.sheet, self.row, self.column) {
            self.error.get_or_insert(error);
        }
        self.column += 1;
    }
}

impl RowSink for SheetSink<'_> {
    type Error = XlsxError;

    fn text(&mut self, text: &str) {
        self.cell(|sheet, row, column| sheet.write_string(row, column, text));
    }

    fn date(&mut self, date: Date) {
        let text = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
        self.cell(|sheet, row, column| sheet.write_string(row, column, text));
    }

    fn decimal(&mut self, value: f64) {
        self.cell(|sheet, row, column| sheet.write_number(row, column, value));
    }

    fn count(&mut self, value: u32) {
        self.cell(|sheet, row, column| sheet.write_number(row, column, value));
    }

    fn boolean(&mut self, value: bool) {
        self.cell(|sheet, row, column| sheet.write_boolean(row, column, value));
    }

    fn empty(&mut self) {
        self.column += 1;
    }

    fn end_row(&mut self) -> Result<(), XlsxError> {
        self.row += 1;
        self.column = 0;
        self.error.take().map_or(Ok(()), Err)
    }
}

/// Writes the workbook, after checking every table fits in a worksheet.
pub(crate) fn write(path: &Path, workforces: &[Workforce]) -> Result<(), BulkError> {
    for file in BulkFile::ALL {
        let rows: usize = workforces
            .iter()
            .map(|workforce| workforce.count(file))
            .sum();
        if rows > MAX_SHEET_ROWS {
            return Err(BulkError::SheetTooLarge {
                path: path.to_owned(),
                file,
                rows,
            });
        }
    }
    let xlsx_error = |source| BulkError::XlsxWrite {
        path: path.to_owned(),
        source,
    };
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for file in BulkFile::ALL {
        let sheet = workbook.add_worksheet();
        sheet.set_name(file.name()).map_err(xlsx_error)?;
        for (index, column) in columns(file).iter().enumerate() {
            let index = index as u16;
            sheet
                .write_string_with_format(0, index, column.name, &bold)
                .map_err(xlsx_error)?;
            let width = column.name.len().max(12) as f64 + 2.0;
            sheet.set_column_width(index, width).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        let mut sink = SheetSink {
            sheet,
            row: 1,
            column: 0,
            error: None,
        };
        for workforce in workforces {
            write_rows(file, workforce, &mut sink).map_err(xlsx_error)?;
        }
    }
    workbook.save(path).map_err(xlsx_error)
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx, open_workbook};

    use super::*;
    use crate::write::cells::tests::full_workforce;

    #[test]
    fn ids_stay_text_and_measures_are_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.xlsx");
        write(&path, &[full_workforce()]).unwrap();
        let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
        let names: Vec<String> = BulkFile::ALL.iter().map(|f| f.name().to_owned()).collect();
        assert_eq!(workbook.sheet_names(), names);
        let caseloads = workbook.worksheet_range("caseloads").unwrap();
        let row: Vec<&Data> = caseloads.rows().nth(1).unwrap().iter().collect();
        assert_eq!(row[1], &Data::String("00123".into()));
        assert_eq!(row[2], &Data::String("2021-01-31".into()));
        assert_eq!(row[3], &Data::Float(17.0));
    }

    #[test]
    fn a_table_too_large_for_a_sheet_is_refused_before_writing() {
        use pathway_domain::ids::WorkerId;
        use pathway_domain::records::Caseload;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("national.xlsx");
        let mut workforce = Workforce::new(pathway_domain::CouncilCode::parse("888").unwrap());
        let caseload = Caseload {
            worker_id: WorkerId::parse("W1").unwrap(),
            as_of: pathway_domain::values::parse_date("2024-01-31").unwrap(),
            cases: 1,
        };
        workforce.caseloads = vec![caseload; MAX_SHEET_ROWS + 1];
        let error = write(&path, &[workforce]).unwrap_err();
        assert!(matches!(
            error,
            BulkError::SheetTooLarge {
                file: BulkFile::Caseloads,
                rows: 1_048_576,
                ..
            }
        ));
        assert!(
            error
                .to_string()
                .contains("export to a folder or .zip instead")
        );
        assert!(!path.exists());
    }
}
