//! A `.zip` of a folder of CSV files.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use pathway_domain::BulkFile;
use zip::ZipArchive;

use crate::read::csv_rows::CsvRows;
use crate::read::table::{FileOutcome, read_file};
use crate::read::{Finds, Found, in_parallel, is_csv_name, not_a_bulk_file};
use crate::{BulkError, Progress, Warning};

type Archive = ZipArchive<BufReader<File>>;

/// Reads the zip's members by base name, so a folder at the top of the zip is fine.
/// `__MACOSX/` and dot files are ignored. Each thread opens the zip for itself.
pub(crate) fn read(
    path: &Path,
    progress: &dyn Progress,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<FileOutcome>, BulkError> {
    let found = find(&mut open(path)?, path, warnings)?;
    in_parallel(
        &found,
        || open(path),
        |archive, found| read_one(archive, path, found, progress),
    )
}

fn open(path: &Path) -> Result<Archive, BulkError> {
    let file = File::open(path).map_err(|source| BulkError::CannotOpen {
        path: path.to_owned(),
        source,
    })?;
    ZipArchive::new(BufReader::new(file)).map_err(|source| BulkError::NotAZip {
        path: path.to_owned(),
        source,
    })
}

/// The member's base name, or `None` for members to skip: folders, macOS metadata and
/// dot files.
fn base_name(member: &str) -> Option<&str> {
    if member.ends_with('/') || member.split('/').any(|part| part == "__MACOSX") {
        return None;
    }
    let base = member.rsplit(['/', '\\']).next()?;
    (!base.is_empty() && !base.starts_with('.')).then_some(base)
}

fn find(
    archive: &mut Archive,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Found<usize>>, BulkError> {
    let mut finds = Finds::new(path);
    for index in 0..archive.len() {
        let member = archive
            .by_index(index)
            .map_err(|source| BulkError::NotAZip {
                path: path.to_owned(),
                source,
            })?;
        if member.is_dir() {
            continue;
        }
        let name = member
            .name()
            .map_err(|source| BulkError::NotAZip {
                path: path.to_owned(),
                source,
            })?
            .into_owned();
        let Some(base) = base_name(&name) else {
            continue;
        };
        if !is_csv_name(base) {
            continue;
        }
        match BulkFile::from_name(base) {
            Some(file) => finds.add(Found {
                file,
                name,
                location: index,
                size: member.size(),
            })?,
            None => warnings.push(not_a_bulk_file(&name)),
        }
    }
    finds.finish(false)
}

fn read_one(
    archive: &mut Archive,
    path: &Path,
    found: &Found<usize>,
    progress: &dyn Progress,
) -> Result<FileOutcome, BulkError> {
    let member = archive
        .by_index(found.location)
        .map_err(|source| BulkError::NotAZip {
            path: path.to_owned(),
            source,
        })?;
    progress.file_started(found.file, found.size);
    let mut rows = CsvRows::new(member, path.join(&found.name), progress);
    let outcome = read_file(found.file, &mut rows)?;
    progress.file_finished(found.file);
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;
    use crate::{NoProgress, ReadFailure};

    fn zip_of(path: &Path, members: &[(&str, &str)]) {
        let mut writer = zip::ZipWriter::new(File::create(path).unwrap());
        for (name, text) in members {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap();
    }

    const WORKERS: &str = "authority,worker_id,given_name,family_name\n888,W1,Ann,Lee\n";
    const EMPLOYMENTS: &str =
        "authority,employment_id,worker_id,start_date\n888,E1,W1,2020-01-06\n";

    #[test]
    fn members_are_found_by_base_name_inside_a_top_level_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.zip");
        zip_of(
            &path,
            &[
                ("export/", ""),
                ("export/Workers.csv", WORKERS),
                ("export/employments.csv", EMPLOYMENTS),
                ("__MACOSX/export/._workers.csv", "junk"),
                ("export/.hidden.csv", "junk"),
                ("export/extra.csv", "a\n"),
            ],
        );
        let upload = crate::read(&path, &NoProgress).unwrap();
        assert_eq!(upload.files, [BulkFile::Workers, BulkFile::Employments]);
        assert_eq!(upload.councils.len(), 1);
        let warnings: Vec<String> = upload.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["export/extra.csv: not a file of the bulk format, ignored"]
        );
    }

    #[test]
    fn problems_in_a_zip_name_the_file_and_row() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.zip");
        zip_of(
            &path,
            &[
                ("workers.csv", WORKERS),
                (
                    "employments.csv",
                    "authority,employment_id,worker_id,start_date\n888,E1,W1,soon\n",
                ),
            ],
        );
        let Err(ReadFailure::Invalid { problems, .. }) = crate::read(&path, &NoProgress) else {
            panic!("expected problems");
        };
        assert_eq!(
            problems.shown()[0].to_string(),
            "employments.csv:2:start_date: expected a date written YYYY-MM-DD, found \"soon\""
        );
    }

    #[test]
    fn two_members_for_one_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.zip");
        zip_of(
            &path,
            &[
                ("a/workers.csv", WORKERS),
                ("b/workers.csv", WORKERS),
                ("employments.csv", EMPLOYMENTS),
            ],
        );
        let Err(ReadFailure::Unreadable(error)) = crate::read(&path, &NoProgress) else {
            panic!("expected an unreadable upload");
        };
        assert!(
            error
                .to_string()
                .contains("both a/workers.csv and b/workers.csv are workers.csv"),
            "{error}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_zip_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.zip");
        std::fs::write(&path, "authority,team_id\n").unwrap();
        let Err(ReadFailure::Unreadable(error)) = crate::read(&path, &NoProgress) else {
            panic!("expected an unreadable upload");
        };
        assert!(
            error.to_string().contains("is not a readable .zip file"),
            "{error}"
        );
    }

    #[test]
    fn a_zip_without_employments_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("upload.zip");
        zip_of(&path, &[("workers.csv", WORKERS)]);
        let Err(ReadFailure::Unreadable(error)) = crate::read(&path, &NoProgress) else {
            panic!("expected an unreadable upload");
        };
        assert!(matches!(
            error,
            BulkError::MissingFile {
                file: BulkFile::Employments,
                ..
            }
        ));
    }
}
