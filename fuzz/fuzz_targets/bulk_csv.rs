//! One CSV file of the bulk format, read as `pathway caseloads import` and the
//! one-file imports read it. The input's first line names the file of the format
//! (`workers.csv`); when it names none, its first byte picks one. The rest is the CSV.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pathway_domain::BulkFile;

fuzz_target!(|input: &[u8]| {
    let Some(&first) = input.first() else {
        return;
    };
    let (file, csv) = match input.iter().position(|&byte| byte == b'\n') {
        Some(end) => match std::str::from_utf8(&input[..end])
            .ok()
            .and_then(BulkFile::from_name)
        {
            Some(file) => (file, &input[end + 1..]),
            None => (pick(first), &input[1..]),
        },
        None => (pick(first), &input[1..]),
    };
    let path = pathway_fuzz::scratch_file("upload.csv", csv);
    match pathway_bulk::read_csv_file(&path, file) {
        Ok(upload) => {
            for warning in &upload.warnings {
                let _ = warning.to_string();
            }
        }
        Err(failure) => pathway_fuzz::shown_failure(&failure),
    }
});

fn pick(byte: u8) -> BulkFile {
    BulkFile::ALL[usize::from(byte) % BulkFile::ALL.len()]
}
