//! `pathway training export | import | reminders`: a training file imports back
//! identically, a wrong item is refused with its array, index and field named and
//! nothing written, and the reminder list is written as CSV for councils' scripts.

use crate::support;

use serde_json::{Value, json};
use support::Scratch;

/// A training file for the small fixture council: a mandatory course renewed every 12
/// months with one date, W001 attended it on 2023-10-03 (expiring 2024-10-03), and a
/// specialism of W001.
fn training_file() -> Value {
    json!({
        "council": "888",
        "settings": { "reminder_days": 60 },
        "courses": [{
            "id": "IG",
            "title": "Information governance",
            "mode": "face_to_face",
            "provider": "Council",
            "hours": 2.0,
            "description": "",
            "mandatory": true,
            "valid_for_months": 12,
            "pcf_domains": ["professionalism"]
        }],
        "dates": [{
            "course_id": "IG",
            "number": 1,
            "date": "2023-10-03",
            "starts_at": "09:30:00",
            "ends_at": "11:30:00",
            "place": "Room 1",
            "capacity": 10
        }],
        "bookings": [{
            "course_id": "IG",
            "number": 1,
            "worker_id": "W001",
            "status": "attended",
            "completed_on": null
        }],
        "completions": [],
        "skills": [{
            "worker_id": "W001",
            "number": 1,
            "kind": "specialism",
            "name": "Court work",
            "level": null,
            "recorded_on": "2024-01-05"
        }]
    })
}

fn with_council() -> Scratch {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    scratch
}

fn write(scratch: &Scratch, name: &str, value: &Value) -> String {
    let path = scratch.path(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

fn export(scratch: &Scratch, name: &str) -> String {
    let file = scratch.path(name);
    scratch.pathway_ok(&[
        "training",
        "export",
        "--council",
        "888",
        "-o",
        file.to_str().unwrap(),
    ]);
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn a_training_file_imports_exports_and_imports_again_identically() {
    let first = with_council();
    let file = write(&first, "training.json", &training_file());
    first.pathway_ok(&["training", "import", &file]);
    let exported = export(&first, "first.json");
    let json: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(json["bookings"][0]["status"], "attended");
    assert_eq!(json["skills"][0]["name"], "Court work");

    let second = with_council();
    let again = second.path("again.json");
    std::fs::write(&again, &exported).unwrap();
    second.pathway_ok(&["training", "import", again.to_str().unwrap()]);
    assert_eq!(export(&second, "second.json"), exported);
}

#[test]
fn a_bad_item_is_refused_by_array_index_and_field_and_nothing_is_written() {
    let scratch = with_council();
    let mut bad = training_file();
    // The second booking names a worker the council does not have; the course, the
    // date and the first booking are good but are not written either.
    let mut stray = bad["bookings"][0].clone();
    stray["worker_id"] = "W999".into();
    bad["bookings"].as_array_mut().unwrap().push(stray);
    let file = write(&scratch, "bad.json", &bad);
    let output = scratch.pathway(&["training", "import", &file]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("bad.json: bookings[1]: there is no worker W999"),
        "{error}"
    );
    let exported: Value = serde_json::from_str(&export(&scratch, "after.json")).unwrap();
    assert_eq!(exported["courses"], json!([]));
    assert_eq!(exported["bookings"], json!([]));

    // A field of the wrong shape is named by serde with its line and column.
    let mut wrong = training_file();
    wrong["courses"][0]["mode"] = "by_post".into();
    let file = write(&scratch, "mode.json", &wrong);
    let output = scratch.pathway(&["training", "import", &file]);
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("mode.json: line"), "{error}");
    assert!(error.contains("by_post"), "{error}");

    // BSL is refused in the register: it belongs on the worker record.
    let mut bsl = training_file();
    bsl["skills"][0]["kind"] = "bsl".into();
    let file = write(&scratch, "bsl.json", &bsl);
    let output = scratch.pathway(&["training", "import", &file, "--check"]);
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("bsl.json: skills[0]: skill 1: British Sign Language"),
        "{error}"
    );
}

#[test]
fn the_reminder_command_lists_who_is_due_soon_or_expired_as_csv() {
    let scratch = with_council();
    let file = write(&scratch, "training.json", &training_file());
    scratch.pathway_ok(&["training", "import", &file]);
    // 2024-09-01: W001's completion expires on 2024-10-03, 32 days later.
    let csv = scratch.pathway_ok(&[
        "training",
        "reminders",
        "--council",
        "888",
        "--date",
        "2024-09-01",
        "--csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "team_id,team,worker_id,name,course_id,course,status,completed_on,expires_on"
    );
    let w001: Vec<&&str> = lines.iter().filter(|l| l.contains(",W001,")).collect();
    assert_eq!(w001.len(), 1, "{csv}");
    assert!(
        w001[0].ends_with("IG,Information governance,due_soon,2023-10-03,2024-10-03"),
        "{csv}"
    );
    // With a 30-day window it is not yet due soon.
    let csv = scratch.pathway_ok(&[
        "training",
        "reminders",
        "--council",
        "888",
        "--date",
        "2024-09-01",
        "--within",
        "30",
        "--csv",
    ]);
    assert!(!csv.contains(",W001,"), "{csv}");
    // On the day it expires.
    let table = scratch.pathway_ok(&[
        "training",
        "reminders",
        "--council",
        "888",
        "--date",
        "2024-10-03",
    ]);
    assert!(
        table.contains("W001") && table.contains("expired"),
        "{table}"
    );
}
