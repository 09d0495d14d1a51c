//! Importing, checking and re-importing workforce data.

use crate::support;

use std::fs;

use support::{Scratch, data_rows, set_cell};

fn stored_counts(scratch: &Scratch) -> String {
    scratch.pathway_ok(&["councils"])
}

#[test]
fn generated_data_for_three_councils_imports_with_every_row_counted() {
    let scratch = Scratch::new();
    let data = scratch.generated("three", 3);
    let stdout = scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    for (file, rows) in data_rows(&data) {
        let line = stdout
            .lines()
            .find(|line| line.starts_with(&file))
            .unwrap_or_else(|| panic!("no summary for {file}:\n{stdout}"));
        let numbers: Vec<usize> = line
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect();
        assert_eq!(numbers, [rows, 0, 0], "{line}");
    }
    let councils = stored_counts(&scratch);
    assert_eq!(councils.lines().count(), 3, "{councils}");
    for code in ["888", "840", "895"] {
        assert!(councils.contains(code), "{councils}");
    }
}

#[test]
fn importing_the_same_files_again_changes_nothing() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let export_before = scratch.path("before");
    scratch.pathway_ok(&["export", export_before.to_str().unwrap()]);

    let stdout = scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    for line in stdout.lines().filter(|line| line.contains(".csv")) {
        let numbers: Vec<usize> = line
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect();
        assert_eq!((numbers[0], numbers[1]), (0, 0), "{line}");
    }
    let export_after = scratch.path("after");
    scratch.pathway_ok(&["export", export_after.to_str().unwrap()]);
    assert_eq!(
        support::folder_contents(&export_before),
        support::folder_contents(&export_after)
    );
}

#[test]
fn a_changed_row_updates_its_record_and_adds_nothing() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    set_cell(&data.join("workers.csv"), 3, "family_name", "Cooper-Khan");
    let stdout = scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let workers = stdout
        .lines()
        .find(|line| line.starts_with("workers.csv"))
        .unwrap();
    let numbers: Vec<usize> = workers
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    assert_eq!(numbers, [0, 1, 3]);
    let exported = scratch.path("out");
    scratch.pathway_ok(&["export", exported.to_str().unwrap()]);
    assert!(
        fs::read_to_string(exported.join("workers.csv"))
            .unwrap()
            .contains("Cooper-Khan")
    );
}

#[test]
fn check_reports_what_import_would_do_without_writing() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    let stdout = scratch.pathway_ok(&["check", data.to_str().unwrap()]);
    assert!(stdout.contains("nothing was written"), "{stdout}");
    assert!(stored_counts(&scratch).contains("No councils yet"));
}

#[test]
fn check_finds_the_same_problems_as_import() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    set_cell(&data.join("assignments.csv"), 2, "fte", "1.5");
    let output = scratch.pathway(&["check", data.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("assignments.csv:2:fte: "));
}

#[test]
fn a_missing_path_gives_a_clear_error_without_a_stack_trace() {
    let scratch = Scratch::new();
    let output = scratch.pathway(&["import", "no-such-folder"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("no-such-folder"), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

#[test]
fn imports_and_exports_are_recorded_in_the_councils_audit_trail() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    scratch.pathway_ok(&["export", scratch.path("out.zip").to_str().unwrap()]);
    let trail = scratch.pathway_ok(&["audit", "--council", "888"]);
    let lines: Vec<&str> = trail.lines().collect();
    assert_eq!(lines.len(), 2, "{trail}");
    assert!(
        lines[0].contains(" export ") && lines[0].contains("out.zip"),
        "{trail}"
    );
    assert!(
        lines[1].contains(" import ") && lines[1].contains("workers.csv 4 added"),
        "{trail}"
    );
    assert!(lines.iter().all(|line| line.contains("cli:")), "{trail}");
}

#[test]
fn an_absence_ending_before_it_starts_is_imported_as_given_with_a_warning() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    support::append_row(
        &data.join("absences.csv"),
        &[
            ("authority", "888"),
            ("worker_id", "W002"),
            ("start_date", "2022-09-05"),
            ("end_date", "2022-09-03"),
            ("reason", "sic"),
            ("working_days_lost", "0"),
        ],
    );
    let output = scratch.pathway(&["import", data.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "warning: absences.csv:3:end_date: end_date 2022-09-03 is before start_date 2022-09-05"
        ),
        "{stderr}"
    );
    let exported = scratch.path("out");
    scratch.pathway_ok(&["export", exported.to_str().unwrap()]);
    let absences = fs::read_to_string(exported.join("absences.csv")).unwrap();
    assert!(
        absences.contains("888,W002,2022-09-05,2022-09-03,sic,0"),
        "{absences}"
    );
}
