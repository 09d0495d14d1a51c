//! Exporting workforces in the bulk format.

mod cells;
mod csv_files;
mod workbook;

use std::path::Path;

use pathway_domain::{BulkFile, Workforce};

use crate::{BulkError, Container};

/// Writes `workforces` in the bulk format, the container chosen by `path`: `*.zip`, a
/// `*.xlsx` workbook, or otherwise a folder (created if needed).
///
/// Every file of the format is written, with its header even when it has no rows;
/// columns in the spec's order, `authority` first; councils in the order given and
/// records in table order. In a folder, the twelve files are overwritten and nothing
/// else is touched. An `.xlsx` export of a table with more rows than a worksheet
/// holds is refused before anything is written.
pub fn write(path: &Path, workforces: &[Workforce]) -> Result<(), BulkError> {
    match Container::for_writing(path)? {
        Container::Folder => csv_files::write_folder(path, workforces),
        Container::Zip => csv_files::write_zip(path, workforces),
        Container::Xlsx => workbook::write(path, workforces),
    }
}

/// Writes one file of the format (such as `exit_interviews.csv`) as a CSV file at
/// `path`, whatever its name: the same columns and rows as in a full export.
pub fn write_csv_file(
    path: &Path,
    file: BulkFile,
    workforces: &[Workforce],
) -> Result<(), BulkError> {
    csv_files::write_one(path, file, workforces)
}

#[cfg(test)]
mod tests {
    use pathway_domain::CouncilCode;
    use pathway_domain::codes::Service;
    use pathway_domain::ids::TeamId;
    use pathway_domain::records::Team;

    use super::*;
    use crate::NoProgress;
    use crate::write::cells::tests::full_workforce;

    /// Every optional value set in one council; none set in another, which lists its
    /// records out of key order.
    fn workforces() -> Vec<Workforce> {
        let mut full = full_workforce();
        full.exit_interviews[0].comments =
            Some("Line one\r\nline two, \"quoted\"; and ünïcödé".into());
        full.workers[0].languages = vec!["British Sign Language".into(), "Polish".into()];
        let mut sparse = Workforce::new(CouncilCode::parse("201").unwrap());
        for (id, name) in [("T9", "Zeta"), ("T2", "Alpha")] {
            sparse.teams.push(Team {
                id: TeamId::parse(id).unwrap(),
                name: name.into(),
                service: Service::Adults,
                locality: None,
            });
        }
        let mut worker = full.workers[0].clone();
        worker.swe_number = None;
        worker.gender = None;
        worker.date_of_birth = None;
        worker.ethnicity = None;
        worker.qualified_on = None;
        worker.qualification_institution = None;
        worker.qualification_level = None;
        worker.route = None;
        worker.bsl = None;
        worker.languages = Vec::new();
        sparse.workers.push(worker);
        let mut event = full.recruitment_events[0].clone();
        event.out_of_hours = None;
        event.attendees = Some(0);
        event.applications = None;
        event.offers = None;
        event.hires = None;
        sparse.recruitment_events.push(event);
        vec![full, sparse]
    }

    #[test]
    fn write_then_read_gives_back_the_same_workforces_in_every_container() {
        let dir = tempfile::tempdir().unwrap();
        let written = workforces();
        let mut expected: Vec<Workforce> = written.clone();
        expected.sort_by_key(|workforce| workforce.council);
        for workforce in &mut expected {
            workforce.sort();
        }
        for target in ["folder", "upload.zip", "upload.xlsx"] {
            let path = dir.path().join(target);
            write(&path, &written).unwrap();
            let upload = match crate::read(&path, &NoProgress) {
                Ok(upload) => upload,
                Err(failure) => panic!("{target}: {failure:?}"),
            };
            assert_eq!(upload.files, pathway_domain::BulkFile::ALL, "{target}");
            let mut read_back: Vec<Workforce> = upload
                .councils
                .into_iter()
                .map(|(_, workforce, _)| workforce)
                .collect();
            for workforce in &mut read_back {
                workforce.sort();
            }
            assert_eq!(read_back, expected, "{target}");
        }
    }

    #[test]
    fn records_keep_their_table_order_and_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        write(&path, &workforces()).unwrap();
        let upload = crate::read(&path, &NoProgress).unwrap();
        let (code, sparse, rows) = &upload.councils[0];
        assert_eq!(code.to_string(), "201");
        let ids: Vec<&str> = sparse.teams.iter().map(|team| team.id.as_str()).collect();
        assert_eq!(ids, ["T9", "T2"]);
        // The full council's team is row 2; the sparse council's follow it.
        assert_eq!(rows.get(pathway_domain::BulkFile::Teams, 0), Some(3));
        assert_eq!(rows.get(pathway_domain::BulkFile::Teams, 1), Some(4));
    }

    #[test]
    fn an_export_to_an_unknown_kind_of_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = write(&dir.path().join("out.csv"), &workforces()).unwrap_err();
        assert!(matches!(error, BulkError::NotAContainer { .. }));
    }
}
