//! Pathway's bulk format: reads and writes a council's workforce data as a folder of
//! CSV files, a `.zip` of one, or an `.xlsx` workbook with one sheet per file
//! (`shared/spec/bulk-format.md`).
//!
//! [`read`] checks every row of every file with the domain's parsers and either
//! returns the records grouped by council ([`Upload`]) or every problem found
//! ([`ReadFailure::Invalid`]). Only what one row can show is checked here: duplicate
//! IDs, references between files and overlaps are checked on the merged data by the
//! caller, which maps records back to rows through [`SourceRows`].
//!
//! [`write`] exports workforces in the same format, so that `write` then `read` gives
//! back the same records.

pub mod agency;
mod columns;
mod container;
mod error;
mod parallel;
mod read;
mod rows;
pub mod survey;
mod write;

use std::fmt;

use pathway_domain::{BulkFile, CouncilCode, Problems, Workforce, workforce::SourceRows};

pub use columns::{Column, columns};
pub use container::Container;
pub use error::{BulkError, MAX_SHEET_ROWS};
pub use read::{read, read_csv_file};
pub use write::{write, write_csv_file};

/// What an upload held, once every row has parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    /// One entry per council found in any file, in council-code order: its records,
    /// and the spreadsheet row each record came from (parallel to the workforce's
    /// tables; `Some(row)` for every record).
    pub councils: Vec<(CouncilCode, Workforce, SourceRows)>,
    /// The files present in the upload, in [`BulkFile::ALL`] order.
    pub files: Vec<BulkFile>,
    /// The data rows read from each present file (blank rows are not counted).
    pub rows: Vec<(BulkFile, usize)>,
    /// Things ignored on the way: unknown columns, files and sheets.
    pub warnings: Vec<Warning>,
}

/// Something in an upload worth a second look that does not stop the import: a column
/// or file the bulk format does not have, or a value kept as given though it looks
/// wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file the column is in; `None` when the warning is about a whole file or
    /// sheet.
    pub file: Option<BulkFile>,
    /// The spreadsheet row: the header's for an unknown column, else the data row's.
    pub row: u32,
    /// The column, file or sheet name as written in the upload.
    pub name: String,
    /// What was done about it.
    pub message: String,
}

impl fmt::Display for Warning {
    /// `employments.csv:1:colour: unknown column, ignored`, or for a whole file
    /// `notes.csv: not a file of the bulk format, ignored`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.file {
            Some(file) => write!(
                f,
                "{}:{}:{}: {}",
                file.csv_name(),
                self.row,
                self.name,
                self.message
            ),
            None => write!(f, "{}: {}", self.name, self.message),
        }
    }
}

/// Why [`read`] produced no [`Upload`].
#[derive(Debug, thiserror::Error)]
pub enum ReadFailure {
    /// The upload could not be opened or read at all.
    #[error(transparent)]
    Unreadable(#[from] BulkError),
    /// Some rows are invalid: every problem found (up to [`Problems::CAP`]), and the
    /// warnings gathered on the way. All-or-nothing: no records are returned.
    #[error("the upload has {} problem(s)", problems.total())]
    Invalid {
        /// Every problem found, in file then row order.
        problems: Problems,
        /// Unknown columns and files, as for a valid upload.
        warnings: Vec<Warning>,
    },
}

/// Hears how reading an upload is going, e.g. to drive a progress bar.
///
/// Files may be read in parallel, so calls for different files interleave; the
/// methods take `&self` and implementations must be `Sync`. For CSV files the units
/// are bytes of CSV text; for XLSX sheets, whose text size is not known in advance,
/// they are rows. A bar that adds each `total_bytes` to its length and each
/// `advanced` to its position is right in both cases.
pub trait Progress: Sync {
    /// Reading `file` has started; it holds `total_bytes` units.
    fn file_started(&self, file: BulkFile, total_bytes: u64);
    /// `bytes` more units have been read, since the last call, of some started file.
    fn advanced(&self, bytes: u64);
    /// Reading `file` is done.
    fn file_finished(&self, file: BulkFile);
}

/// A [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn file_started(&self, _file: BulkFile, _total_bytes: u64) {}
    fn advanced(&self, _bytes: u64) {}
    fn file_finished(&self, _file: BulkFile) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_read_file_row_column_message() {
        let column = Warning {
            file: Some(BulkFile::Employments),
            row: 1,
            name: "colour".into(),
            message: "unknown column, ignored".into(),
        };
        assert_eq!(
            column.to_string(),
            "employments.csv:1:colour: unknown column, ignored"
        );
        let file = Warning {
            file: None,
            row: 0,
            name: "notes.csv".into(),
            message: "not a file of the bulk format, ignored".into(),
        };
        assert_eq!(
            file.to_string(),
            "notes.csv: not a file of the bulk format, ignored"
        );
    }
}
