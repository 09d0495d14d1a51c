//! Why an upload could not be opened or an export could not be written.

use std::io;
use std::path::PathBuf;

use pathway_domain::BulkFile;

/// The most data rows an XLSX worksheet holds under its header row.
pub const MAX_SHEET_ROWS: usize = 1_048_575;

/// A failure to open, read or write a bulk-format container. Each message names the
/// path at fault. Problems with the *content* of rows are [`pathway_domain::Problems`]
/// instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    /// The path does not exist or cannot be opened.
    #[error("cannot open {}: {source}", path.display())]
    CannotOpen {
        /// The path given.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The path is neither a folder, a `.zip` nor an `.xlsx` file.
    #[error("{} is not a bulk upload: expected a folder of CSV files, a .zip of one, or an .xlsx workbook", path.display())]
    NotAContainer {
        /// The path given.
        path: PathBuf,
    },
    /// The `.zip` file cannot be read as a zip archive.
    #[error("{} is not a readable .zip file: {source}", path.display())]
    NotAZip {
        /// The zip file.
        path: PathBuf,
        /// What the zip reader said.
        source: ::zip::result::ZipError,
    },
    /// The `.xlsx` file cannot be read as an Excel workbook.
    #[error("{} is not a readable .xlsx workbook: {source}", path.display())]
    NotAnXlsx {
        /// The workbook.
        path: PathBuf,
        /// What the workbook reader said.
        source: calamine::XlsxError,
    },
    /// A sheet of the workbook cannot be read.
    #[error("cannot read sheet {sheet} of {}: {source}", path.display())]
    UnreadableSheet {
        /// The workbook.
        path: PathBuf,
        /// The sheet's name as written in the workbook.
        sheet: String,
        /// What the workbook reader said.
        source: calamine::XlsxError,
    },
    /// The workbook reader gave up on the `.xlsx` file part way: a cell outside the
    /// grid a spreadsheet has, or a failure of the reader itself.
    #[error("{} is not a readable .xlsx workbook: {message}", path.display())]
    UnreadableWorkbook {
        /// The workbook.
        path: PathBuf,
        /// What is wrong, naming the sheet.
        message: String,
    },
    /// `workers.csv` or `employments.csv` is not in the upload.
    #[error("{}: missing required file {}; every upload needs workers.csv and employments.csv", path.display(), file.csv_name())]
    MissingFile {
        /// The folder or zip file.
        path: PathBuf,
        /// The file that is missing.
        file: BulkFile,
    },
    /// The sheet `workers` or `employments` is not in the workbook.
    #[error("{}: missing required sheet {}; every workbook needs the sheets workers and employments", path.display(), file.name())]
    MissingSheet {
        /// The workbook.
        path: PathBuf,
        /// The file whose sheet is missing.
        file: BulkFile,
    },
    /// Two files or sheets of the upload are both the same file of the bulk format.
    #[error("{}: both {first} and {second} are {}; keep only one", path.display(), file.csv_name())]
    DuplicateFile {
        /// The folder, zip file or workbook.
        path: PathBuf,
        /// The file of the bulk format.
        file: BulkFile,
        /// The first name found.
        first: String,
        /// The second name found.
        second: String,
    },
    /// A file could not be read part way through.
    #[error("error reading {}: {source}", path.display())]
    Read {
        /// The file (for a zip, the zip file followed by the member's name).
        path: PathBuf,
        /// What the operating system or decompressor said.
        source: io::Error,
    },
    /// A file or folder could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// A CSV file could not be written.
    #[error("cannot write CSV {}: {source}", path.display())]
    CsvWrite {
        /// The file (for a zip, the zip file followed by the member's name).
        path: PathBuf,
        /// What the CSV writer said.
        source: csv::Error,
    },
    /// The `.zip` file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    ZipWrite {
        /// The zip file.
        path: PathBuf,
        /// What the zip writer said.
        source: ::zip::result::ZipError,
    },
    /// The `.xlsx` workbook could not be written.
    #[error("cannot write {}: {source}", path.display())]
    XlsxWrite {
        /// The workbook.
        path: PathBuf,
        /// What the workbook writer said.
        source: rust_xlsxwriter::XlsxError,
    },
    /// A table has more rows than an Excel worksheet holds.
    #[error("cannot write {}: sheet {} would have {rows} data rows, more than the 1,048,575 an Excel worksheet holds; export to a folder or .zip instead", path.display(), file.name())]
    SheetTooLarge {
        /// The workbook.
        path: PathBuf,
        /// The file whose sheet is too large.
        file: BulkFile,
        /// How many data rows it would have.
        rows: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_can_cross_threads() {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<BulkError>();
    }

    #[test]
    fn a_missing_file_names_the_upload_and_the_file() {
        let error = BulkError::MissingFile {
            path: "upload".into(),
            file: BulkFile::Workers,
        };
        assert_eq!(
            error.to_string(),
            "upload: missing required file workers.csv; every upload needs workers.csv and employments.csv"
        );
    }

    #[test]
    fn a_sheet_too_large_suggests_a_folder_or_zip() {
        let error = BulkError::SheetTooLarge {
            path: "national.xlsx".into(),
            file: BulkFile::Caseloads,
            rows: 5_000_000,
        };
        let message = error.to_string();
        assert!(message.contains("sheet caseloads"), "{message}");
        assert!(
            message.contains("export to a folder or .zip instead"),
            "{message}"
        );
    }
}
