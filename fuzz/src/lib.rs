//! What the fuzz targets share: the bulk readers take a path, so each input is written
//! to a scratch file first.

use std::path::PathBuf;
use std::sync::OnceLock;

/// The folder the inputs are written to: `PATHWAY_FUZZ_SCRATCH` (which `scripts/fuzz`
/// makes in memory, under /dev/shm, and removes afterwards), else a folder of this
/// process under the system's temporary folder.
fn scratch_folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let base =
            std::env::var_os("PATHWAY_FUZZ_SCRATCH").map_or_else(std::env::temp_dir, PathBuf::from);
        let folder = base.join(format!("pathway-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("the scratch folder can be made");
        folder
    })
}

/// Writes `bytes` to the scratch file `name` (replacing what it held) and returns its
/// path.
pub fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch_folder().join(name);
    std::fs::write(&path, bytes).expect("the scratch file can be written");
    path
}

/// Reads an upload the way `pathway import` and the import page do, and formats every
/// problem and warning, so that the messages' code is run too.
pub fn read_upload(path: &std::path::Path) {
    match pathway_bulk::read(path, &pathway_bulk::NoProgress) {
        Ok(upload) => shown(&upload.warnings),
        Err(failure) => shown_failure(&failure),
    }
}

/// Formats what a failed read says.
pub fn shown_failure(failure: &pathway_bulk::ReadFailure) {
    let _ = failure.to_string();
    if let pathway_bulk::ReadFailure::Invalid { problems, warnings } = failure {
        for problem in problems.shown() {
            let _ = problem.to_string();
        }
        shown(warnings);
    }
}

fn shown(warnings: &[pathway_bulk::Warning]) {
    for warning in warnings {
        let _ = warning.to_string();
    }
}

/// The XLSX reader catches panics of calamine, the workbook reader, and reports the
/// workbook as unreadable. libFuzzer's panic hook aborts on every panic, caught or
/// not; this hook only prints, and a panic that escapes the reader still aborts (the
/// fuzz target's own `catch_unwind` sees it).
pub fn let_caught_panics_pass() {
    std::panic::set_hook(Box::new(|panic| {
        eprintln!("panic (caught by the reader?): {panic}")
    }));
}
