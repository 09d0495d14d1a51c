//! Each class of bad input is reported at its exact file:row:column, and a refused
//! import leaves the database byte for byte as it was.

use crate::support;

use std::fs;
use std::path::Path;

use support::{Scratch, append_row, drop_column, set_cell};

/// Imports the valid small council, then tries an upload that adds a worker but has
/// one mistake made by `spoil`; checks the mistake is reported where it is and that
/// the database file did not change at all.
fn refused_at(location: &str, spoil: impl FnOnce(&Path)) {
    let scratch = Scratch::new();
    let valid = scratch.small_council("valid");
    scratch.pathway_ok(&["import", valid.to_str().unwrap()]);
    let before = fs::read(scratch.database()).unwrap();

    let upload = scratch.small_council("upload");
    append_row(
        &upload.join("workers.csv"),
        &[
            ("authority", "888"),
            ("worker_id", "W900"),
            ("given_name", "New"),
            ("family_name", "Starter"),
        ],
    );
    spoil(&upload);
    let output = scratch.pathway(&["import", upload.to_str().unwrap()]);

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "the import was accepted:\n{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with(&format!("{location}: "))),
        "expected a problem at {location}, got:\n{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert_eq!(
        fs::read(scratch.database()).unwrap(),
        before,
        "the database changed"
    );
    assert!(
        !scratch.path("pathway.db-wal").exists()
            || fs::metadata(scratch.path("pathway.db-wal")).unwrap().len() == 0
    );
}

#[test]
fn a_bad_date_is_reported_at_its_cell() {
    refused_at("employments.csv:3:start_date", |upload| {
        set_cell(
            &upload.join("employments.csv"),
            3,
            "start_date",
            "2019-13-02",
        )
    });
}

#[test]
fn an_unknown_code_is_reported_at_its_cell() {
    refused_at("assignments.csv:4:role", |upload| {
        set_cell(&upload.join("assignments.csv"), 4, "role", "social-worker")
    });
}

#[test]
fn a_missing_required_column_is_reported_on_the_header_row() {
    refused_at("employments.csv:1:start_date", |upload| {
        drop_column(&upload.join("employments.csv"), "start_date")
    });
}

#[test]
fn a_reference_to_a_team_that_does_not_exist_is_reported() {
    refused_at("assignments.csv:2:team_id", |upload| {
        set_cell(&upload.join("assignments.csv"), 2, "team_id", "T99")
    });
}

#[test]
fn a_duplicate_id_is_reported_on_its_second_row() {
    refused_at("teams.csv:5:team_id", |upload| {
        append_row(
            &upload.join("teams.csv"),
            &[
                ("authority", "888"),
                ("team_id", "T01"),
                ("name", "Again"),
                ("service", "children"),
            ],
        );
    });
}

#[test]
fn overlapping_assignments_are_reported_at_the_later_one() {
    refused_at("assignments.csv:3:start_date", |upload| {
        set_cell(
            &upload.join("assignments.csv"),
            3,
            "start_date",
            "2019-06-01",
        )
    });
}

#[test]
fn an_end_before_the_start_is_reported_at_the_end_date() {
    refused_at("employments.csv:3:end_date", |upload| {
        set_cell(&upload.join("employments.csv"), 3, "end_date", "2018-01-01")
    });
}

#[test]
fn an_fte_above_one_is_reported() {
    refused_at("assignments.csv:2:fte", |upload| {
        set_cell(&upload.join("assignments.csv"), 2, "fte", "1.5")
    });
}

#[test]
fn a_malformed_social_work_england_number_is_reported() {
    refused_at("workers.csv:3:swe_number", |upload| {
        set_cell(&upload.join("workers.csv"), 3, "swe_number", "SW0123")
    });
}

#[test]
fn a_leaving_reason_without_an_end_date_is_reported() {
    refused_at("employments.csv:2:leaving_reason", |upload| {
        set_cell(
            &upload.join("employments.csv"),
            2,
            "leaving_reason",
            "resignation",
        )
    });
}

#[test]
fn an_employment_overlapping_the_same_workers_earlier_one_is_reported() {
    refused_at("employments.csv:4:start_date", |upload| {
        set_cell(
            &upload.join("employments.csv"),
            4,
            "start_date",
            "2022-06-01",
        )
    });
}

#[test]
fn an_assignment_outside_its_employment_is_reported() {
    refused_at("assignments.csv:4:start_date", |upload| {
        set_cell(
            &upload.join("assignments.csv"),
            4,
            "start_date",
            "2019-08-01",
        )
    });
}

#[test]
fn every_problem_in_an_upload_is_listed_not_just_the_first() {
    let scratch = Scratch::new();
    let upload = scratch.small_council("upload");
    set_cell(&upload.join("workers.csv"), 2, "gender", "woman");
    set_cell(&upload.join("vacancies.csv"), 3, "fte", "0");
    set_cell(&upload.join("caseloads.csv"), 4, "cases", "-2");
    let output = scratch.pathway(&["import", upload.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    for location in [
        "workers.csv:2:gender: ",
        "vacancies.csv:3:fte: ",
        "caseloads.csv:4:cases: ",
    ] {
        assert!(
            stderr.contains(location),
            "missing {location} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("3 problem(s)"), "{stderr}");
}

#[test]
fn more_than_a_thousand_problems_are_cut_short_with_a_count() {
    let scratch = Scratch::new();
    let upload = scratch.small_council("upload");
    let caseloads = upload.join("caseloads.csv");
    let mut text = String::from("authority,worker_id,as_of,cases\n");
    for day in 0..1200 {
        text.push_str(&format!("888,W001,not-a-date-{day},3\n"));
    }
    fs::write(&caseloads, text).unwrap();
    let output = scratch.pathway(&["import", upload.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|line| line.starts_with("caseloads.csv:"))
            .count(),
        1000
    );
    assert!(
        stderr.contains("... and 200 more problems not shown"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_column_is_warned_about_and_the_import_goes_ahead() {
    let scratch = Scratch::new();
    let upload = scratch.small_council("upload");
    let mut rows = support::read_csv(&upload.join("teams.csv"));
    for (index, row) in rows.iter_mut().enumerate() {
        row.push(if index == 0 {
            "colour".into()
        } else {
            "blue".into()
        });
    }
    support::write_csv(&upload.join("teams.csv"), &rows);
    let output = scratch.pathway(&["import", upload.to_str().unwrap()]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("colour"), "{stderr}");
}

#[test]
fn an_upload_without_employments_is_refused_naming_the_missing_file() {
    let scratch = Scratch::new();
    let upload = scratch.small_council("upload");
    fs::remove_file(upload.join("employments.csv")).unwrap();
    let output = scratch.pathway(&["import", upload.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("employments.csv"));
}
