//! Rows of a CSV file: UTF-8 with an optional BOM, RFC 4180 quoting, one header row.

use std::io::{self, Read};
use std::path::PathBuf;

use csv::ByteRecord;

use crate::read::table::RowSource;
use crate::{BulkError, Progress};

/// How many bytes are read between progress reports.
const REPORT_EVERY: u64 = 256 * 1024;

/// The rows of one CSV file. Row numbers are those a spreadsheet shows: the header
/// is row 1, and a quoted cell spanning several lines is still one row.
pub(crate) struct CsvRows<'p, R: Read> {
    reader: csv::Reader<R>,
    path: PathBuf,
    progress: &'p dyn Progress,
    reported: u64,
    row: u32,
}

impl<'p, R: Read> CsvRows<'p, R> {
    /// Reads CSV from `input`; `path` names it in errors.
    pub(crate) fn new(input: R, path: PathBuf, progress: &'p dyn Progress) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(64 * 1024)
            .from_reader(input);
        Self {
            reader,
            path,
            progress,
            reported: 0,
            row: 0,
        }
    }

    fn read(&mut self, record: &mut ByteRecord) -> Result<bool, BulkError> {
        let more = self.reader.read_byte_record(record).map_err(|error| {
            let source = match error.into_kind() {
                csv::ErrorKind::Io(source) => source,
                other => io::Error::other(format!("{other:?}")),
            };
            BulkError::Read {
                path: self.path.clone(),
                source,
            }
        })?;
        let position = self.reader.position().byte();
        if !more || position - self.reported >= REPORT_EVERY {
            self.progress.advanced(position - self.reported);
            self.reported = position;
        }
        if more {
            self.row += 1;
        }
        Ok(more)
    }
}

impl<R: Read> RowSource for CsvRows<'_, R> {
    fn header(&mut self, record: &mut ByteRecord) -> Result<u32, BulkError> {
        self.read(record)?;
        Ok(1)
    }

    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        _cell_errors: &mut Vec<(usize, String)>,
    ) -> Result<Option<u32>, BulkError> {
        Ok(self.read(record)?.then_some(self.row))
    }
}

impl<R: Read> std::fmt::Debug for CsvRows<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRows")
            .field("path", &self.path)
            .field("row", &self.row)
            .finish()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use pathway_domain::BulkFile;

    use super::*;
    use crate::NoProgress;
    use crate::read::table::{FileOutcome, read_file};

    /// Reads `text` as `file`.
    pub(crate) fn read_csv(file: BulkFile, text: &[u8]) -> FileOutcome {
        let mut rows = CsvRows::new(text, file.csv_name().into(), &NoProgress);
        read_file(file, &mut rows).unwrap()
    }

    fn problems(outcome: &FileOutcome) -> Vec<String> {
        outcome
            .problems
            .shown()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn only_council(outcome: &FileOutcome) -> &crate::read::table::Partial {
        assert_eq!(outcome.councils.len(), 1);
        outcome.councils.values().next().unwrap()
    }

    #[test]
    fn a_byte_order_mark_is_allowed() {
        let outcome = read_csv(
            BulkFile::Teams,
            b"\xef\xbb\xbfauthority,team_id,name,service\r\n888,T1,Assessment,children\r\n",
        );
        assert!(problems(&outcome).is_empty(), "{:?}", problems(&outcome));
        assert_eq!(only_council(&outcome).workforce.teams[0].name, "Assessment");
    }

    #[test]
    fn headers_match_case_insensitively_in_any_order() {
        let outcome = read_csv(
            BulkFile::Caseloads,
            b" Cases ,AS_OF,Worker_Id,Authority\n12,2024-01-31,W1,888\n",
        );
        assert!(problems(&outcome).is_empty(), "{:?}", problems(&outcome));
        let caseload = &only_council(&outcome).workforce.caseloads[0];
        assert_eq!((caseload.worker_id.as_str(), caseload.cases), ("W1", 12));
    }

    #[test]
    fn unknown_columns_are_warned_about_and_ignored() {
        let outcome = read_csv(
            BulkFile::Caseloads,
            b"authority,worker_id,as_of,cases,colour\n888,W1,2024-01-31,3,blue\n",
        );
        assert!(problems(&outcome).is_empty());
        assert_eq!(outcome.warnings.len(), 1);
        assert_eq!(
            outcome.warnings[0].to_string(),
            "caseloads.csv:1:colour: unknown column, ignored"
        );
        assert_eq!(outcome.rows, 1);
    }

    #[test]
    fn a_missing_required_column_stops_the_file_at_row_1() {
        let outcome = read_csv(
            BulkFile::Employments,
            b"authority,employment_id,worker_id\n888,E1,W1\nbad,E2,W2\n",
        );
        assert_eq!(
            problems(&outcome),
            ["employments.csv:1:start_date: missing required column start_date"]
        );
        assert!(outcome.councils.is_empty());
    }

    #[test]
    fn quoted_commas_newlines_quotes_and_non_ascii_names_are_kept() {
        let text = "authority,worker_id,given_name,family_name,qualification_institution\n\
                    888,W1,Zoë,\"Ní Bhriain\",\"Goldsmiths, University of London\"\n\
                    888,W2,\"Anne\nMarie\",\"O\"\"Neill\",\n\
                    888,W3,Łukasz,Wójcik,\n";
        let outcome = read_csv(BulkFile::Workers, text.as_bytes());
        assert!(problems(&outcome).is_empty(), "{:?}", problems(&outcome));
        let partial = only_council(&outcome);
        let workers = &partial.workforce.workers;
        assert_eq!(workers[0].given_name, "Zoë");
        assert_eq!(
            workers[0].qualification_institution.as_deref(),
            Some("Goldsmiths, University of London")
        );
        assert_eq!(workers[1].given_name, "Anne\nMarie");
        assert_eq!(workers[1].family_name, "O\"Neill");
        assert_eq!(workers[2].family_name, "Wójcik");
        assert_eq!(partial.rows, [2, 3, 4]);
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them() {
        let text = "authority,worker_id,as_of,cases\n\
                    888,W1,2024-01-31,1\n\
                    888,\"W\n2\",2024-01-31,1\n\
                    888,W3,2024-01-31,x\n";
        let outcome = read_csv(BulkFile::Caseloads, text.as_bytes());
        let found = problems(&outcome);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("caseloads.csv:3:worker_id: an ID may not contain line breaks")
        );
        assert!(found[1].starts_with("caseloads.csv:4:cases: expected a whole number"));
    }

    #[test]
    fn every_problem_in_every_row_is_collected() {
        let text = "authority,worker_id,as_of,cases\n\
                    88,W1,2024-01-31,1\n\
                    888,,2024-13-01,-2\n\
                    888,W3,2024-01-31,4\n";
        let outcome = read_csv(BulkFile::Caseloads, text.as_bytes());
        assert_eq!(problems(&outcome).len(), 4, "{:?}", problems(&outcome));
        assert_eq!(outcome.rows, 3);
        assert_eq!(only_council(&outcome).rows, [4]);
    }

    #[test]
    fn short_rows_read_missing_trailing_cells_as_empty() {
        let outcome = read_csv(
            BulkFile::Teams,
            b"authority,team_id,name,service,locality\n888,T1,A,children\n888,T2,B\n",
        );
        assert_eq!(
            problems(&outcome),
            ["teams.csv:3:service: a value is required"]
        );
        assert_eq!(only_council(&outcome).workforce.teams.len(), 1);
    }

    #[test]
    fn cells_beyond_the_header_are_a_problem() {
        let outcome = read_csv(
            BulkFile::Teams,
            b"authority,team_id,name,service\n888,T1,A,children,,\n888,T2,B,children,East\n",
        );
        let found = problems(&outcome);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .starts_with("teams.csv:3: this row has 5 cells but the header has only 4 columns")
        );
    }

    #[test]
    fn blank_rows_are_skipped() {
        let outcome = read_csv(
            BulkFile::Teams,
            b"authority,team_id,name,service\n888,T1,A,children\n,,,\n\n888,T2,B,children\n , , , \n",
        );
        assert!(problems(&outcome).is_empty(), "{:?}", problems(&outcome));
        assert_eq!(outcome.rows, 2);
        assert_eq!(only_council(&outcome).rows, [2, 4]);
    }

    #[test]
    fn invalid_utf8_is_a_problem_on_its_row() {
        let outcome = read_csv(
            BulkFile::Teams,
            b"authority,team_id,name,service\n888,T1,Caf\xe9,children\n",
        );
        assert_eq!(
            problems(&outcome),
            ["teams.csv:2:name: the cell is not valid UTF-8 text; save the file as \"CSV UTF-8\""]
        );
    }

    #[test]
    fn one_file_may_hold_many_councils() {
        let outcome = read_csv(
            BulkFile::Teams,
            b"authority,team_id,name,service\n888,T1,A,children\n840,T1,B,adults\n888,T2,C,other\n",
        );
        let councils: Vec<(String, Vec<u32>)> = outcome
            .councils
            .iter()
            .map(|(code, partial)| (code.to_string(), partial.rows.clone()))
            .collect();
        assert_eq!(
            councils,
            [("840".to_owned(), vec![3]), ("888".to_owned(), vec![2, 4])]
        );
    }

    #[test]
    fn an_empty_file_misses_its_required_columns() {
        let outcome = read_csv(BulkFile::Cohorts, b"");
        assert_eq!(problems(&outcome).len(), 5);
        assert!(
            problems(&outcome)[0].starts_with("cohorts.csv:1:authority: missing required column")
        );
    }

    #[test]
    fn progress_hears_every_byte() {
        #[derive(Default)]
        struct Count(AtomicU64);
        impl Progress for Count {
            fn file_started(&self, _: BulkFile, _: u64) {}
            fn advanced(&self, bytes: u64) {
                self.0.fetch_add(bytes, Ordering::Relaxed);
            }
            fn file_finished(&self, _: BulkFile) {}
        }
        let mut text = b"authority,worker_id,as_of,cases\n".to_vec();
        for i in 0..20_000 {
            text.extend_from_slice(format!("888,W{i},2024-01-31,{}\n", i % 30).as_bytes());
        }
        let count = Count::default();
        let mut rows = CsvRows::new(&text[..], "caseloads.csv".into(), &count);
        let outcome = read_file(BulkFile::Caseloads, &mut rows).unwrap();
        assert_eq!(outcome.rows, 20_000);
        assert_eq!(count.0.load(Ordering::Relaxed), text.len() as u64);
    }
}
