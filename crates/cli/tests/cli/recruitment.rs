//! `pathway recruitment export | import`: a recruitment file imports back identically,
//! the demo council's recruitment round-trips through its files, and a wrong file is
//! refused whole with the file and the place named.

use crate::support;

use std::path::PathBuf;

use serde_json::Value;
use support::{Scratch, fixture};

/// The hand-written recruitment of the small fixture council: every array filled, in
/// the order an export writes.
fn recruitment_fixture() -> PathBuf {
    fixture("recruitment-small.json")
}

/// A scratch database holding the small fixture council's records.
fn with_records() -> Scratch {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    scratch
}

fn export(scratch: &Scratch, council: &str, name: &str) -> String {
    let file = scratch.path(name);
    scratch.pathway_ok(&[
        "recruitment",
        "export",
        "--council",
        council,
        "-o",
        file.to_str().unwrap(),
    ]);
    std::fs::read_to_string(file).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_recruitment_file_imports_into_a_fresh_database_and_exports_identically() {
    let scratch = with_records();
    let fixture = recruitment_fixture();
    let stdout = scratch.pathway_ok(&["recruitment", "import", fixture.to_str().unwrap()]);
    assert!(stdout.contains("3 candidates"), "{stdout}");
    let exported = export(&scratch, "888", "first.json");
    assert_eq!(exported, std::fs::read_to_string(&fixture).unwrap());
    let json: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(json["council"], "888");
    assert_eq!(
        json["settings"]["region"],
        serde_json::json!(["889", "890"])
    );
    assert_eq!(json["candidates"][2]["worker_id"], "W003");
    assert_eq!(json["engagements"][0]["sign_off"]["by"], "Head of service");

    // Importing the same file again changes nothing.
    scratch.pathway_ok(&["recruitment", "import", fixture.to_str().unwrap()]);
    assert_eq!(export(&scratch, "888", "second.json"), exported);
    let audit = scratch.pathway_ok(&["audit", "--council", "888"]);
    assert!(audit.contains("recruitment from"), "{audit}");
    assert!(audit.contains("recruitment to"), "{audit}");
}

#[test]
fn a_demo_councils_recruitment_round_trips_through_its_files() {
    let first = Scratch::new();
    first.pathway_ok(&[
        "demo",
        "--seed",
        "4",
        "--until",
        "2024-09-30",
        "--years",
        "6",
    ]);
    let councils = first.pathway_ok(&["councils"]);
    let code = councils.split_whitespace().next().unwrap().to_owned();
    let exported = export(&first, &code, "recruitment.json");
    // The demo's recruitment has something in every array to carry over.
    let json: Value = serde_json::from_str(&exported).unwrap();
    for array in [
        "posts",
        "vacancy_posts",
        "stage_changes",
        "candidates",
        "candidate_stage_changes",
        "event_details",
        "attendees",
        "universities",
        "placement_details",
        "international_recruits",
        "check_ins",
        "engagements",
    ] {
        assert!(
            json[array].as_array().is_some_and(|a| !a.is_empty()),
            "the demo recruitment has no {array}"
        );
    }
    let records = first.path("records");
    first.pathway_ok(&["export", records.to_str().unwrap()]);

    let second = Scratch::new();
    second.pathway_ok(&["import", records.to_str().unwrap()]);
    let file = first.path("recruitment.json");
    second.pathway_ok(&["recruitment", "import", file.to_str().unwrap()]);
    assert_eq!(export(&second, &code, "again.json"), exported);
}

/// Writes `text` to a file of the scratch folder and returns its path.
fn write(scratch: &Scratch, name: &str, text: &str) -> PathBuf {
    let path = scratch.path(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The fixture with one change made to its JSON.
fn edited(change: impl FnOnce(&mut Value)) -> String {
    let mut json: Value =
        serde_json::from_str(&std::fs::read_to_string(recruitment_fixture()).unwrap()).unwrap();
    change(&mut json);
    serde_json::to_string_pretty(&json).unwrap()
}

/// Imports `text` as a file into a database with the council's records but no
/// recruitment of its own, insists that it fails, and checks that nothing was
/// written. Returns the error text.
fn refused(file_name: &str, text: &str) -> String {
    let scratch = with_records();
    let before = export(&scratch, "888", "before.json");
    let path = write(&scratch, file_name, text);
    let output = scratch.pathway(&["recruitment", "import", path.to_str().unwrap()]);
    assert!(!output.status.success(), "the import should fail");
    assert_eq!(
        export(&scratch, "888", "after.json"),
        before,
        "nothing is written"
    );
    let error = stderr(&output);
    assert!(error.contains(&path.display().to_string()), "{error}");
    assert!(error.contains("nothing was imported"), "{error}");
    error
}

#[test]
fn json_that_does_not_parse_is_refused_with_its_line_and_column() {
    let scratch = with_records();
    let before = export(&scratch, "888", "before.json");
    let path = write(
        &scratch,
        "broken.json",
        "{\n  \"council\": \"888\",\n  \"posts\": [\n",
    );
    let output = scratch.pathway(&["recruitment", "import", path.to_str().unwrap()]);
    assert!(!output.status.success());
    let error = stderr(&output);
    assert!(
        error.contains("broken.json: line 4 column 0: EOF while parsing a list"),
        "{error}"
    );
    assert_eq!(export(&scratch, "888", "after.json"), before);
}

#[test]
fn json_of_the_wrong_shape_is_refused_with_its_line_column_and_serdes_message() {
    let scratch = with_records();
    let before = export(&scratch, "888", "before.json");
    let text = edited(|json| json["candidates"][1]["stage"] = "hired".into());
    let line = text
        .lines()
        .position(|line| line.contains("\"hired\""))
        .unwrap()
        + 1;
    let path = write(&scratch, "shape.json", &text);
    let output = scratch.pathway(&["recruitment", "import", path.to_str().unwrap()]);
    assert!(!output.status.success());
    let error = stderr(&output);
    assert!(
        error.contains(&format!("shape.json: line {line} column")),
        "{error}"
    );
    assert!(
        error.contains("expected one of applied, shortlisted"),
        "{error}"
    );

    let text = edited(|json| json["colour"] = "blue".into());
    let path = write(&scratch, "unknown.json", &text);
    let output = scratch.pathway(&["recruitment", "import", path.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("unknown field `colour`"));
    assert_eq!(export(&scratch, "888", "after.json"), before);
}

#[test]
fn a_refused_change_names_the_array_and_its_index_and_nothing_is_written() {
    // The fourth candidate (index 3) applied for a vacancy the council does not have;
    // the settings, posts and candidates before it are good but are not written either.
    let text = edited(|json| {
        let mut stray = json["candidates"][0].clone();
        stray["id"] = "C9".into();
        stray["vacancy_id"] = "V9".into();
        json["candidates"].as_array_mut().unwrap().push(stray);
    });
    let error = refused("stray.json", &text);
    assert!(
        error.contains("stray.json: candidates[3]: there is no vacancy V9"),
        "{error}"
    );

    let text = edited(|json| json["attendees"][1]["candidate_id"] = "C7".into());
    let error = refused("attendee.json", &text);
    assert!(
        error.contains("attendee.json: attendees[1]: there is no candidate C7"),
        "{error}"
    );

    let text = edited(|json| json["settings"]["anonymise_after_months"] = 0.into());
    let error = refused("settings.json", &text);
    assert!(
        error.contains("settings.json: settings: anonymise after between 1 and 120 months"),
        "{error}"
    );

    let text = edited(|json| json["engagements"][0]["ends_on"] = "2024-01-01".into());
    let error = refused("dates.json", &text);
    assert!(
        error.contains("dates.json: engagements[0]: the engagement ends on 2024-01-01"),
        "{error}"
    );

    let text = edited(|json| json["council"] = "999".into());
    let error = refused("council.json", &text);
    assert!(
        error.contains("council 999 is not on this installation"),
        "{error}"
    );
}

#[test]
fn check_reads_a_file_without_writing_it() {
    let scratch = with_records();
    let before = export(&scratch, "888", "before.json");
    let stdout = scratch.pathway_ok(&[
        "recruitment",
        "import",
        "--check",
        recruitment_fixture().to_str().unwrap(),
    ]);
    assert!(stdout.contains("nothing was written"), "{stdout}");
    assert_eq!(export(&scratch, "888", "after.json"), before);
}
