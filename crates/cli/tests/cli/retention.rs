//! `pathway retention`: what has expired is listed by ID (`--dry-run` writes nothing)
//! and anonymised with `--apply`, while every measure stays exactly the same.

use std::path::Path;

use crate::support;

use support::{Scratch, folder_contents, read_csv};

/// A demo council whose history ends on 30 September 2024; by 2040 every leaver's
/// records have expired.
fn demo() -> Scratch {
    let scratch = Scratch::new();
    scratch.pathway_ok(&["demo", "--until", "2024-09-30", "--years", "7"]);
    scratch
}

fn export(scratch: &Scratch, name: &str) -> std::path::PathBuf {
    let folder = scratch.path(name);
    scratch.pathway_ok(&["export", folder.to_str().unwrap()]);
    folder
}

/// The measures and the workforce profile on days when the leavers were in post.
fn measures(scratch: &Scratch) -> Vec<String> {
    let mut documents =
        vec![scratch.pathway_ok(&["measures", "--json", "--date", "2024-09-30", "--curves"])];
    for date in ["2018-03-31", "2021-09-30"] {
        documents.push(scratch.pathway_ok(&["measures", "--json", "--date", date]));
        documents.push(scratch.pathway_ok(&[
            "profile",
            "--council",
            "990",
            "--date",
            date,
            "--json",
        ]));
    }
    documents
}

/// The rows of a CSV file by its first data column after the council (an ID).
fn rows_by_id(folder: &Path, file: &str, column: &str) -> Vec<(String, Vec<(String, String)>)> {
    let rows = read_csv(&folder.join(file));
    let header = rows[0].clone();
    let key = header.iter().position(|h| h == column).unwrap();
    rows[1..]
        .iter()
        .map(|row| {
            (
                row[key].clone(),
                header.iter().cloned().zip(row.iter().cloned()).collect(),
            )
        })
        .collect()
}

fn cell<'r>(row: &'r [(String, String)], column: &str) -> &'r str {
    &row.iter().find(|(h, _)| h == column).unwrap().1
}

/// The IDs `--dry-run` or `--apply` lists as expired leavers.
fn expired_leavers(output: &str) -> Vec<String> {
    output
        .lines()
        .filter(|line| line.starts_with("  ") && line.contains(" left "))
        .map(|line| line.split_whitespace().next().unwrap().to_owned())
        .collect()
}

#[test]
fn applying_the_retention_schedule_leaves_every_measure_the_same() {
    let scratch = demo();
    let before = measures(&scratch);
    let exported_before = export(&scratch, "before");

    let applied = scratch.pathway_ok(&[
        "retention",
        "--council",
        "990",
        "--apply",
        "--date",
        "2040-01-01",
    ]);
    let leavers = expired_leavers(&applied);
    assert!(leavers.len() > 100, "{applied}");
    assert!(applied.contains("Anonymised "), "{applied}");

    // The change moved the council's revision: the measures are computed again, not
    // read from the document kept before.
    let again = scratch.pathway(&["measures", "--json", "--date", "2024-09-30", "--timings"]);
    let timings = String::from_utf8_lossy(&again.stderr);
    assert!(timings.contains("compute"), "{timings}");
    assert!(!timings.contains("kept"), "{timings}");

    let after = measures(&scratch);
    assert_eq!(before.len(), after.len());
    for (before, after) in before.iter().zip(&after) {
        assert!(
            before == after,
            "a measure changed:\n{before}\n---\n{after}"
        );
    }

    // The leavers' names, SWE numbers and words are gone from everything exported.
    let exported_after = export(&scratch, "after");
    let workers_before = rows_by_id(&exported_before, "workers.csv", "worker_id");
    let workers_after = rows_by_id(&exported_after, "workers.csv", "worker_id");
    let everything_after: String = folder_contents(&exported_after)
        .into_iter()
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    let mut birth_dates_changed = 0;
    for id in &leavers {
        let (_, old) = workers_before.iter().find(|(w, _)| w == id).unwrap();
        let (_, new) = workers_after.iter().find(|(w, _)| w == id).unwrap();
        assert_eq!(cell(new, "given_name"), "Anonymised");
        assert_eq!(cell(new, "family_name"), "Anonymised");
        assert_eq!(cell(new, "swe_number"), "");
        let swe = cell(old, "swe_number");
        assert!(swe.is_empty() || !everything_after.contains(swe), "{swe}");
        // Only someone else of the same name (the demo reuses common names) may show
        // it, as a worker (given,family) or a placement's student (given family).
        let (given, family) = (cell(old, "given_name"), cell(old, "family_name"));
        let namesake = workers_after
            .iter()
            .any(|(_, row)| cell(row, "given_name") == given && cell(row, "family_name") == family);
        for written in [format!(",{given},{family},"), format!(",{given} {family},")] {
            assert!(
                namesake || !everything_after.contains(&written),
                "{written}"
            );
        }
        if cell(old, "date_of_birth") != cell(new, "date_of_birth") {
            birth_dates_changed += 1;
        }
        for kept in ["gender", "ethnicity", "route", "languages", "bsl"] {
            assert_eq!(cell(old, kept), cell(new, kept), "{id} {kept}");
        }
    }
    assert!(
        birth_dates_changed * 4 > leavers.len() * 3,
        "{birth_dates_changed}"
    );
    let interviews = rows_by_id(&exported_after, "exit_interviews.csv", "worker_id");
    let interviewed: Vec<_> = interviews
        .iter()
        .filter(|(id, _)| leavers.contains(id))
        .collect();
    assert!(!interviewed.is_empty());
    for (_, row) in interviewed {
        assert_eq!(cell(row, "comments"), "");
        assert_ne!(cell(row, "primary_reason"), "");
    }

    // Everything expired is done: a second run finds nothing, and the audit trail
    // records the run by IDs.
    let second = scratch.pathway_ok(&[
        "retention",
        "--council",
        "990",
        "--apply",
        "--date",
        "2040-01-01",
    ]);
    assert!(second.contains("Nothing to anonymise."), "{second}");
    let audit = scratch.pathway_ok(&["audit", "--council", "990", "--limit", "5"]);
    assert!(
        audit.contains("retention schedule on 2040-01-01"),
        "{audit}"
    );
}

#[test]
fn a_dry_run_lists_what_has_expired_by_id_and_changes_nothing() {
    let scratch = demo();
    let before = folder_contents(&export(&scratch, "before"));
    let listed = scratch.pathway_ok(&[
        "retention",
        "--council",
        "990",
        "--dry-run",
        "--date",
        "2040-01-01",
    ]);
    assert!(listed.contains("Nothing written (--dry-run)."), "{listed}");
    assert!(!expired_leavers(&listed).is_empty(), "{listed}");
    assert!(listed.contains("Unsuccessful candidates: "), "{listed}");
    // IDs only: no name of any worker is printed.
    let workers = rows_by_id(&scratch.path("before"), "workers.csv", "worker_id");
    for (_, row) in &workers {
        let name = format!("{} {}", cell(row, "given_name"), cell(row, "family_name"));
        assert!(!listed.contains(&name), "{name}");
    }
    assert_eq!(folder_contents(&export(&scratch, "after")), before);
}

#[test]
fn a_council_keeping_records_25_years_has_fewer_expired() {
    let scratch = demo();
    let six = expired_leavers(&scratch.pathway_ok(&[
        "retention",
        "--council",
        "990",
        "--dry-run",
        "--date",
        "2031-01-01",
    ]));
    let changed =
        scratch.pathway_ok(&["retention", "--council", "990", "--employment-years", "25"]);
    assert!(changed.contains("25 years"), "{changed}");
    let twenty_five = expired_leavers(&scratch.pathway_ok(&[
        "retention",
        "--council",
        "990",
        "--dry-run",
        "--date",
        "2031-01-01",
    ]));
    assert!(!six.is_empty());
    assert!(twenty_five.is_empty(), "{twenty_five:?}");
    let refused = scratch.pathway(&["retention", "--council", "990", "--employment-years", "26"]);
    assert!(!refused.status.success());
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(error.contains("from 6 to 25 whole years"), "{error}");
    let neither = scratch.pathway(&["retention", "--council", "990"]);
    assert!(!neither.status.success());
}
