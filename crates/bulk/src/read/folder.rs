//! A folder of CSV files.

use std::fs::File;
use std::path::{Path, PathBuf};

use pathway_domain::BulkFile;

use crate::read::csv_rows::CsvRows;
use crate::read::table::{FileOutcome, read_file};
use crate::read::{Finds, Found, in_parallel, is_csv_name, not_a_bulk_file};
use crate::{BulkError, Progress, Warning};

/// Reads `<name>.csv` for each file of the format (names matched ignoring case),
/// several files at once. Other `.csv` files are warned about; other files are ignored.
pub(crate) fn read(
    path: &Path,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<FileOutcome>, BulkError> {
    let found = find(path, warnings)?;
    in_parallel(&found, || Ok(()), |(), found| read_one(found, progress))
}

fn find(path: &Path, warnings: &mut Vec<Warning>) -> Result<Vec<Found<PathBuf>>, BulkError> {
    let cannot_open = |source| BulkError::CannotOpen {
        path: path.to_owned(),
        source,
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(path).map_err(cannot_open)? {
        let entry = entry.map_err(cannot_open)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !is_csv_name(&name) {
            continue;
        }
        entries.push((name, entry.path()));
    }
    entries.sort();
    let mut finds = Finds::new(path);
    for (name, file_path) in entries {
        let Some(file) = BulkFile::from_name(&name) else {
            warnings.push(not_a_bulk_file(&name));
            continue;
        };
        let metadata = std::fs::metadata(&file_path).map_err(|source| BulkError::CannotOpen {
            path: file_path.clone(),
            source,
        })?;
        if !metadata.is_file() {
            continue;
        }
        finds.add(Found {
            file,
            name,
            location: file_path,
            size: metadata.len(),
        })?;
    }
    finds.finish(false)
}

fn read_one(found: &Found<PathBuf>, progress: &dyn Progress) -> Result<FileOutcome, BulkError> {
    let path = &found.location;
    let input = File::open(path).map_err(|source| BulkError::CannotOpen {
        path: path.clone(),
        source,
    })?;
    progress.file_started(found.file, found.size);
    let mut rows = CsvRows::new(input, path.clone(), progress);
    let outcome = read_file(found.file, &mut rows)?;
    progress.file_finished(found.file);
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NoProgress, ReadFailure};

    const WORKERS: &str = "authority,worker_id,given_name,family_name\n888,W1,Ann,Lee\n";
    const EMPLOYMENTS: &str =
        "authority,employment_id,worker_id,start_date\n888,E1,W1,2020-01-06\n";

    #[test]
    fn file_names_match_ignoring_case_and_other_csv_files_are_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Workers.CSV"), WORKERS).unwrap();
        std::fs::write(dir.path().join("employments.csv"), EMPLOYMENTS).unwrap();
        std::fs::write(dir.path().join("notes.csv"), "x\n").unwrap();
        std::fs::write(dir.path().join("README.txt"), "hello").unwrap();
        let upload = crate::read(dir.path(), &NoProgress).unwrap();
        assert_eq!(upload.files, [BulkFile::Workers, BulkFile::Employments]);
        assert_eq!(
            upload.rows,
            [(BulkFile::Workers, 1), (BulkFile::Employments, 1)]
        );
        let warnings: Vec<String> = upload.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["notes.csv: not a file of the bulk format, ignored"]
        );
    }

    #[test]
    fn an_upload_without_workers_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("employments.csv"), EMPLOYMENTS).unwrap();
        let Err(ReadFailure::Unreadable(error)) = crate::read(dir.path(), &NoProgress) else {
            panic!("expected an unreadable upload");
        };
        assert!(matches!(
            error,
            BulkError::MissingFile {
                file: BulkFile::Workers,
                ..
            }
        ));
        assert!(
            error
                .to_string()
                .contains("missing required file workers.csv")
        );
    }

    #[test]
    fn problems_from_several_files_are_all_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("workers.csv"),
            "authority,worker_id,given_name,family_name\n888,W1,,Lee\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("employments.csv"),
            "authority,employment_id,worker_id,start_date,colour\n888,E1,W1,2020-13-01,red\n",
        )
        .unwrap();
        let Err(ReadFailure::Invalid { problems, warnings }) = crate::read(dir.path(), &NoProgress)
        else {
            panic!("expected problems");
        };
        let problems: Vec<String> = problems.shown().iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "workers.csv:2:given_name: a value is required",
                "employments.csv:2:start_date: expected a date written YYYY-MM-DD, found \"2020-13-01\"",
            ]
        );
        assert_eq!(warnings.len(), 1);
    }
}
