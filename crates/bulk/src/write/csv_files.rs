//! CSV files, in a folder or a `.zip`.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::Datelike;
use csv::ByteRecord;
use pathway_domain::values::Date;
use pathway_domain::{BulkFile, Workforce};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::BulkError;
use crate::columns::columns;
use crate::parallel::in_parallel;
use crate::write::cells::{RowSink, write_rows};

/// Writes rows as CSV: RFC 4180 quoting where needed, `\n` line ends, UTF-8 without
/// a BOM.
struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
    record: ByteRecord,
    text: String,
}

impl<W: Write> CsvSink<W> {
    fn new(output: W) -> Self {
        let writer = csv::WriterBuilder::new()
            .buffer_capacity(64 * 1024)
            .from_writer(output);
        Self {
            writer,
            record: ByteRecord::new(),
            text: String::new(),
        }
    }

    fn push_text(&mut self) {
        self.record.push_field(self.text.as_bytes());
    }
}

impl<W: Write> RowSink for CsvSink<W> {
    type Error = csv::Error;

    fn text(&mut self, text: &str) {
        self.record.push_field(text.as_bytes());
    }

    fn date(&mut self, date: Date) {
        self.text.clear();
        let _ = write!(
            self.text,
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month(),
            date.day()
        );
        self.push_text();
    }

    fn decimal(&mut self, value: f64) {
        self.text.clear();
        let _ = write!(self.text, "{value}");
        self.push_text();
    }

    fn count(&mut self, value: u32) {
        self.text.clear();
        let _ = write!(self.text, "{value}");
        self.push_text();
    }

    fn boolean(&mut self, value: bool) {
        self.record
            .push_field(if value { b"true" } else { b"false" });
    }

    fn empty(&mut self) {
        self.record.push_field(b"");
    }

    fn end_row(&mut self) -> Result<(), csv::Error> {
        let result = self.writer.write_byte_record(&self.record);
        self.record.clear();
        result
    }
}

/// Writes one file: header, then every council's rows.
fn write_csv<W: Write>(
    output: W,
    file: BulkFile,
    workforces: &[Workforce],
) -> Result<W, csv::Error> {
    let mut sink = CsvSink::new(output);
    sink.writer
        .write_record(columns(file).iter().map(|column| column.name))?;
    for workforce in workforces {
        write_rows(file, workforce, &mut sink)?;
    }
    sink.writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))
}

/// Writes one file of the format as a CSV file at `path`.
pub(crate) fn write_one(
    path: &Path,
    file: BulkFile,
    workforces: &[Workforce],
) -> Result<(), BulkError> {
    let output = File::create(path).map_err(|source| BulkError::Write {
        path: path.to_owned(),
        source,
    })?;
    let output = write_csv(BufWriter::new(output), file, workforces)
        .map_err(|source| csv_error(path.to_owned(), source))?;
    output
        .into_inner()
        .map_err(|error| BulkError::Write {
            path: path.to_owned(),
            source: error.into_error(),
        })?
        .sync_all()
        .map_err(|source| BulkError::Write {
            path: path.to_owned(),
            source,
        })
}

/// Writes the twelve files into a folder, creating it if needed.
pub(crate) fn write_folder(path: &Path, workforces: &[Workforce]) -> Result<(), BulkError> {
    std::fs::create_dir_all(path).map_err(|source| BulkError::Write {
        path: path.to_owned(),
        source,
    })?;
    in_parallel(
        &BulkFile::ALL,
        || Ok(()),
        |(), file| {
            let file_path = path.join(file.csv_name());
            let output = File::create(&file_path).map_err(|source| BulkError::Write {
                path: file_path.clone(),
                source,
            })?;
            let output = write_csv(output, *file, workforces)
                .map_err(|source| csv_error(file_path.clone(), source))?;
            output.sync_all().map_err(|source| BulkError::Write {
                path: file_path,
                source,
            })
        },
    )?;
    Ok(())
}

/// Writes the twelve files at the root of a new `.zip`, deflated.
pub(crate) fn write_zip(path: &Path, workforces: &[Workforce]) -> Result<(), BulkError> {
    let zip_error = |source| BulkError::ZipWrite {
        path: path.to_owned(),
        source,
    };
    let output = File::create(path).map_err(|source| BulkError::Write {
        path: path.to_owned(),
        source,
    })?;
    let mut zip = ZipWriter::new(BufWriter::new(output));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    for file in BulkFile::ALL {
        zip.start_file(file.csv_name(), options)
            .map_err(zip_error)?;
        write_csv(&mut zip, file, workforces)
            .map_err(|source| csv_error(path.join(file.csv_name()), source))?;
    }
    let output = zip.finish().map_err(zip_error)?;
    output
        .into_inner()
        .map_err(|error| BulkError::Write {
            path: path.to_owned(),
            source: error.into_error(),
        })?
        .sync_all()
        .map_err(|source| BulkError::Write {
            path: path.to_owned(),
            source,
        })
}

fn csv_error(path: PathBuf, source: csv::Error) -> BulkError {
    match source.into_kind() {
        csv::ErrorKind::Io(source) => BulkError::Write { path, source },
        other => BulkError::Write {
            path,
            source: io::Error::other(format!("{other:?}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::cells::tests::full_workforce;

    #[test]
    fn csv_quotes_only_where_needed() {
        let output = write_csv(Vec::new(), BulkFile::Teams, &[full_workforce()]).unwrap();
        assert_eq!(
            String::from_utf8(output).unwrap(),
            "authority,team_id,name,service,locality\n888,T1,\"Assessment, \"\"East\"\"\",children,East Lancashire\n"
        );
    }

    #[test]
    fn numbers_dates_and_empty_values_are_written_plainly() {
        let mut workforce = full_workforce();
        workforce.vacancies[0].covered_by_agency = None;
        let output = write_csv(Vec::new(), BulkFile::Vacancies, &[workforce]).unwrap();
        assert_eq!(
            String::from_utf8(output).unwrap().lines().nth(1).unwrap(),
            "888,V1,T1,team_manager,1,2023-04-01,2023-09-30,filled,"
        );
    }

    #[test]
    fn an_empty_table_still_gets_its_header() {
        let workforce = Workforce::new(pathway_domain::CouncilCode::parse("840").unwrap());
        let output = write_csv(Vec::new(), BulkFile::Caseloads, &[workforce]).unwrap();
        assert_eq!(
            String::from_utf8(output).unwrap(),
            "authority,worker_id,as_of,cases\n"
        );
    }

    #[test]
    fn a_folder_export_leaves_other_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
        std::fs::write(dir.path().join("teams.csv"), "old").unwrap();
        write_folder(dir.path(), &[full_workforce()]).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "keep me"
        );
        assert!(
            std::fs::read_to_string(dir.path().join("teams.csv"))
                .unwrap()
                .starts_with("authority,")
        );
        for file in BulkFile::ALL {
            assert!(dir.path().join(file.csv_name()).is_file(), "{file}");
        }
    }
}
