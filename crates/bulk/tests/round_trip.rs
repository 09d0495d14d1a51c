//! Generated data at council scale: read in full, then written to every container and
//! read back unchanged.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

use pathway_bulk::{NoProgress, Progress, Upload, read, write};
use pathway_domain::{BulkFile, Workforce};

const GENERATOR: &str = "/work/shared/bench/gen_workforce.py";

fn generate(out: &Path) {
    let status = Command::new("python3")
        .args([GENERATOR, "--out"])
        .arg(out)
        .args(["--authorities", "3", "--seed", "1"])
        .status()
        .unwrap_or_else(|error| {
            panic!("cannot run python3 {GENERATOR} (python3 3.11+ must be on PATH): {error}")
        });
    assert!(status.success(), "python3 {GENERATOR} failed: {status}");
}

/// The data rows of a CSV file, counted as records (a quoted cell may span lines).
fn csv_records(path: &Path) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap();
    let mut count = 0;
    for record in reader.byte_records() {
        record.unwrap();
        count += 1;
    }
    count
}

fn sorted_workforces(upload: &Upload) -> Vec<Workforce> {
    upload
        .councils
        .iter()
        .map(|(_, workforce, _)| {
            let mut workforce = workforce.clone();
            workforce.sort();
            workforce
        })
        .collect()
}

#[derive(Default)]
struct Counted {
    total: AtomicU64,
    advanced: AtomicU64,
    started: AtomicU64,
    finished: AtomicU64,
}

impl Progress for Counted {
    fn file_started(&self, _file: BulkFile, total_bytes: u64) {
        self.started.fetch_add(1, Ordering::Relaxed);
        self.total.fetch_add(total_bytes, Ordering::Relaxed);
    }
    fn advanced(&self, bytes: u64) {
        self.advanced.fetch_add(bytes, Ordering::Relaxed);
    }
    fn file_finished(&self, _file: BulkFile) {
        self.finished.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn generated_data_reads_in_full_and_round_trips_through_folder_zip_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("generated");
    generate(&generated);

    let progress = Counted::default();
    let upload = match read(&generated, &progress) {
        Ok(upload) => upload,
        Err(failure) => panic!("generated data did not read: {failure:?}"),
    };
    assert!(upload.warnings.is_empty(), "{:?}", upload.warnings);
    assert_eq!(upload.files, BulkFile::ALL);
    assert_eq!(progress.started.load(Ordering::Relaxed), 12);
    assert_eq!(progress.finished.load(Ordering::Relaxed), 12);
    assert_eq!(
        progress.advanced.load(Ordering::Relaxed),
        progress.total.load(Ordering::Relaxed)
    );

    let councils: Vec<String> = upload
        .councils
        .iter()
        .map(|(code, _, _)| code.to_string())
        .collect();
    assert_eq!(councils, ["840", "888", "895"]);
    for (code, workforce, _) in &upload.councils {
        assert_eq!(&workforce.council, code);
    }

    for (file, rows) in &upload.rows {
        let expected = csv_records(&generated.join(file.csv_name()));
        assert_eq!(*rows, expected, "{file}");
        let records: usize = upload.councils.iter().map(|(_, w, _)| w.count(*file)).sum();
        assert_eq!(records, expected, "{file}: every row becomes a record");
        let mut seen = Vec::with_capacity(records);
        for (_, workforce, source_rows) in &upload.councils {
            for index in 0..workforce.count(*file) {
                let row = source_rows
                    .get(*file, index)
                    .expect("every record has its row");
                assert!((2..=expected as u32 + 1).contains(&row), "{file} row {row}");
                seen.push(row);
            }
        }
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), records, "{file}: each row gives one record");
    }

    let original = sorted_workforces(&upload);
    let unsorted: Vec<Workforce> = upload.councils.iter().map(|(_, w, _)| w.clone()).collect();
    for target in ["export", "export.zip", "export.xlsx"] {
        let path = dir.path().join(target);
        write(&path, &unsorted).unwrap_or_else(|error| panic!("{target}: {error}"));
        let again = match read(&path, &NoProgress) {
            Ok(upload) => upload,
            Err(failure) => panic!("{target} did not read back: {failure:?}"),
        };
        assert!(again.warnings.is_empty(), "{target}: {:?}", again.warnings);
        assert_eq!(again.rows, upload.rows, "{target}");
        let round_tripped = sorted_workforces(&again);
        assert_eq!(round_tripped.len(), original.len(), "{target}");
        for (before, after) in original.iter().zip(&round_tripped) {
            assert!(
                before == after,
                "{target}: council {} changed on the way",
                before.council
            );
        }
    }
}
