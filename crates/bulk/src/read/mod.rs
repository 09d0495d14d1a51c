//! Reading an upload: find the files of the bulk format in the container, read them
//! (in parallel where the container allows), and merge their records by council.

mod archive;
mod csv_rows;
mod folder;
mod header;
mod table;
mod workbook;

use std::collections::BTreeMap;
use std::path::Path;

use pathway_domain::workforce::SourceRows;
use pathway_domain::{BulkFile, CouncilCode, Problems, Workforce};

use crate::{BulkError, Container, Progress, ReadFailure, Upload, Warning};
use table::FileOutcome;

pub(crate) use crate::parallel::in_parallel;

/// The warning for a CSV file or sheet that is not one of the bulk format's.
const NOT_A_BULK_FILE: &str = "not a file of the bulk format, ignored";

/// Reads an upload: a folder of CSV files, a `.zip` of one, or an `.xlsx` workbook.
///
/// Every row of every file is checked; if any is invalid, the result is
/// [`ReadFailure::Invalid`] with every problem found (up to the cap) and no records.
/// A container that cannot be opened, or lacks `workers.csv` or `employments.csv`,
/// is [`ReadFailure::Unreadable`].
pub fn read(path: &Path, progress: &dyn Progress) -> Result<Upload, ReadFailure> {
    let mut warnings = Vec::new();
    let outcomes = match Container::of(path)? {
        Container::Folder => folder::read(path, progress, &mut warnings)?,
        Container::Zip => archive::read(path, progress, &mut warnings)?,
        Container::Xlsx => workbook::read(path, progress, &mut warnings)?,
    };
    assemble(outcomes, warnings)
}

/// Reads one CSV file (whatever its name) as the given file of the bulk format, with
/// the same checks as a full upload; problems are located by the file's row and
/// column, as in a full upload.
pub fn read_csv_file(path: &Path, file: BulkFile) -> Result<Upload, ReadFailure> {
    let input = std::fs::File::open(path).map_err(|source| BulkError::CannotOpen {
        path: path.to_owned(),
        source,
    })?;
    let progress = crate::NoProgress;
    let mut rows =
        csv_rows::CsvRows::new(std::io::BufReader::new(input), path.to_owned(), &progress);
    let outcome = table::read_file(file, &mut rows)?;
    assemble(vec![outcome], Vec::new())
}

/// A file of the bulk format found in a container.
#[derive(Debug, Clone)]
pub(crate) struct Found<L> {
    /// Which file it is.
    pub(crate) file: BulkFile,
    /// Its name as written in the container.
    pub(crate) name: String,
    /// Where it is in the container.
    pub(crate) location: L,
    /// Its size, to read the largest first and to report progress.
    pub(crate) size: u64,
}

/// The files of the bulk format found in a container so far.
#[derive(Debug)]
pub(crate) struct Finds<L> {
    container: std::path::PathBuf,
    found: Vec<Found<L>>,
}

impl<L> Finds<L> {
    pub(crate) fn new(container: &Path) -> Self {
        Self {
            container: container.to_owned(),
            found: Vec::new(),
        }
    }

    /// Adds a file found; refuses a second file for the same file of the format.
    pub(crate) fn add(&mut self, found: Found<L>) -> Result<(), BulkError> {
        if let Some(first) = self.found.iter().find(|f| f.file == found.file) {
            return Err(BulkError::DuplicateFile {
                path: self.container.clone(),
                file: found.file,
                first: first.name.clone(),
                second: found.name,
            });
        }
        self.found.push(found);
        Ok(())
    }

    /// The files found, largest first, once the required ones are known to be there.
    /// `sheets` says whether to name the missing ones as sheets.
    pub(crate) fn finish(mut self, sheets: bool) -> Result<Vec<Found<L>>, BulkError> {
        for file in BulkFile::ALL.into_iter().filter(|file| file.is_required()) {
            if !self.found.iter().any(|found| found.file == file) {
                let path = self.container;
                return Err(if sheets {
                    BulkError::MissingSheet { path, file }
                } else {
                    BulkError::MissingFile { path, file }
                });
            }
        }
        self.found
            .sort_by(|a, b| b.size.cmp(&a.size).then(a.file.cmp(&b.file)));
        Ok(self.found)
    }
}

/// Merges the files' outcomes into an upload, or gathers their problems.
fn assemble(
    mut outcomes: Vec<FileOutcome>,
    mut warnings: Vec<Warning>,
) -> Result<Upload, ReadFailure> {
    outcomes.sort_by_key(|outcome| outcome.file);
    let mut problems = Problems::new();
    for outcome in &mut outcomes {
        warnings.append(&mut outcome.warnings);
        problems.extend(std::mem::take(&mut outcome.problems));
    }
    if !problems.is_empty() {
        return Err(ReadFailure::Invalid { problems, warnings });
    }
    let mut councils: BTreeMap<CouncilCode, (Workforce, SourceRows)> = BTreeMap::new();
    let mut files = Vec::with_capacity(outcomes.len());
    let mut rows = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        files.push(outcome.file);
        rows.push((outcome.file, outcome.rows));
        for (council, mut partial) in outcome.councils {
            let (workforce, source_rows) = councils
                .entry(council)
                .or_insert_with(|| (Workforce::new(council), SourceRows::default()));
            table::move_table(outcome.file, workforce, &mut partial.workforce);
            for row in partial.rows {
                source_rows.push(outcome.file, Some(row));
            }
        }
    }
    let councils = councils
        .into_iter()
        .map(|(council, (workforce, source_rows))| (council, workforce, source_rows))
        .collect();
    Ok(Upload {
        councils,
        files,
        rows,
        warnings,
    })
}

/// Whether a name (of a file, zip member or sheet) ends in `.csv`, ignoring case.
pub(crate) fn is_csv_name(name: &str) -> bool {
    name.len() > 4
        && name.is_char_boundary(name.len() - 4)
        && name[name.len() - 4..].eq_ignore_ascii_case(".csv")
}

/// A warning that a CSV file or sheet is not part of the bulk format.
pub(crate) fn not_a_bulk_file(name: &str) -> Warning {
    Warning {
        file: None,
        row: 0,
        name: name.to_owned(),
        message: NOT_A_BULK_FILE.to_owned(),
    }
}
