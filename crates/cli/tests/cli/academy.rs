//! `pathway academy export | import | calendar`: an academy file imports back
//! identically, a wrong file is refused whole with the file and the place named, and
//! the calendar command writes a file that Python's `icalendar` reads.
//!
//! The calendar test runs the parser with the interpreter named by
//! `PATHWAY_PEER_PYTHON` (see `conformance.rs`; `scripts/peer-venv` installs the
//! pinned `icalendar`), and fails without it.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::{Scratch, fixture};

/// The hand-written academy of the small fixture council: every array filled.
fn academy_fixture() -> PathBuf {
    fixture("academy-small.json")
}

/// A scratch database holding the small fixture council and its academy.
fn with_academy() -> Scratch {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    scratch.pathway_ok(&["academy", "import", academy_fixture().to_str().unwrap()]);
    scratch
}

fn export(scratch: &Scratch, name: &str) -> String {
    let file = scratch.path(name);
    scratch.pathway_ok(&[
        "academy",
        "export",
        "--council",
        "888",
        "-o",
        file.to_str().unwrap(),
    ]);
    std::fs::read_to_string(file).unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn an_academy_export_imports_into_a_fresh_database_identically() {
    let first = with_academy();
    let exported = export(&first, "first.json");
    let json: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(json["council"], "888");
    for (array, count) in [
        ("programme_days", 2),
        ("sessions", 3),
        ("attendance", 3),
        ("checklist_items", 2),
        ("ticks", 1),
        ("asye_records", 1),
        ("reviews", 1),
        ("log", 2),
    ] {
        assert_eq!(
            json[array].as_array().map(Vec::len),
            Some(count),
            "{array} in {exported}"
        );
    }
    assert_eq!(json["settings"]["asye_caseload_limit"], 16);
    assert_eq!(
        json["reviews"][0]["notes"],
        "Settling in well; caseload kept to 12, as agreed."
    );

    let second = Scratch::new();
    let data = second.small_council("small");
    second.pathway_ok(&["import", data.to_str().unwrap()]);
    let file = first.path("first.json");
    let stdout = second.pathway_ok(&["academy", "import", file.to_str().unwrap()]);
    assert!(stdout.contains("3 sessions"), "{stdout}");
    assert_eq!(export(&second, "second.json"), exported);
    // Importing the same file again changes nothing.
    second.pathway_ok(&["academy", "import", file.to_str().unwrap()]);
    assert_eq!(export(&second, "third.json"), exported);
    let audit = second.pathway_ok(&["audit", "--council", "888"]);
    assert!(audit.contains("academy from"), "{audit}");
}

#[test]
fn a_demo_councils_academy_round_trips_through_its_files() {
    let first = Scratch::new();
    first.pathway_ok(&[
        "demo",
        "--seed",
        "4",
        "--until",
        "2024-09-30",
        "--years",
        "3",
    ]);
    let council = first.pathway_ok(&["councils"]);
    let code = council.split_whitespace().next().unwrap().to_owned();
    let academy = first.path("academy.json");
    first.pathway_ok(&[
        "academy",
        "export",
        "--council",
        &code,
        "-o",
        academy.to_str().unwrap(),
    ]);
    // The demo's academy has sessions, registers and ASYE logs to carry over.
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&academy).unwrap()).unwrap();
    for array in ["sessions", "attendance", "ticks", "asye_records", "log"] {
        assert!(
            json[array].as_array().is_some_and(|a| !a.is_empty()),
            "the demo academy has no {array}"
        );
    }
    let records = first.path("records");
    first.pathway_ok(&["export", records.to_str().unwrap()]);

    let second = Scratch::new();
    second.pathway_ok(&["import", records.to_str().unwrap()]);
    second.pathway_ok(&["academy", "import", academy.to_str().unwrap()]);
    let again = second.path("again.json");
    second.pathway_ok(&[
        "academy",
        "export",
        "--council",
        &code,
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&again).unwrap(),
        std::fs::read_to_string(&academy).unwrap()
    );
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
        serde_json::from_str(&std::fs::read_to_string(academy_fixture()).unwrap()).unwrap();
    change(&mut json);
    serde_json::to_string_pretty(&json).unwrap()
}

/// Imports `file` into a database with the council but no academy, insists that it
/// fails, and checks that nothing was written. Returns the error text.
fn refused(file_name: &str, text: &str) -> String {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let before = export(&scratch, "before.json");
    let path = write(&scratch, file_name, text);
    let output = scratch.pathway(&["academy", "import", path.to_str().unwrap()]);
    assert!(!output.status.success(), "the import should fail");
    assert_eq!(export(&scratch, "after.json"), before, "nothing is written");
    let error = stderr(&output);
    assert!(error.contains(&path.display().to_string()), "{error}");
    error
}

#[test]
fn json_that_does_not_parse_is_refused_with_its_line_and_column() {
    let error = refused(
        "broken.json",
        "{\n  \"council\": \"888\",\n  \"sessions\": [\n",
    );
    assert!(
        error.contains("broken.json: line 4 column 0: EOF while parsing a list"),
        "{error}"
    );
}

#[test]
fn json_of_the_wrong_shape_is_refused_with_its_line_column_and_serdes_message() {
    let text = edited(|json| json["sessions"][1]["kind"] = "lecture".into());
    let line = text
        .lines()
        .position(|line| line.contains("\"lecture\""))
        .unwrap()
        + 1;
    let error = refused("shape.json", &text);
    assert!(
        error.contains(&format!("shape.json: line {line} column")),
        "{error}"
    );
    assert!(
        error.contains("expected one of induction, recall, catch_up"),
        "{error}"
    );
    let text = edited(|json| json["colour"] = "blue".into());
    let error = refused("unknown.json", &text);
    assert!(error.contains("unknown field `colour`"), "{error}");
}

#[test]
fn a_refused_change_names_the_array_and_its_index_and_nothing_is_written() {
    // The fourth session (index 3) is for a cohort the council does not have; the
    // three before it are good but are not written either.
    let text = edited(|json| {
        let mut stray = json["sessions"][0].clone();
        stray["cohort_id"] = "C9".into();
        json["sessions"].as_array_mut().unwrap().push(stray);
    });
    let error = refused("stray.json", &text);
    assert!(
        error.contains("stray.json: sessions[3]: there is no cohort C9"),
        "{error}"
    );

    let text = edited(|json| json["attendance"][2]["worker_id"] = "W999".into());
    let error = refused("marks.json", &text);
    assert!(
        error.contains("marks.json: attendance[2]: worker W999 is not a member of cohort C2023-09"),
        "{error}"
    );

    let text = edited(|json| json["programme_days"][1]["ends_at"] = "08:00:00".into());
    let error = refused("days.json", &text);
    assert!(
        error.contains("days.json: programme_days[1]: day 2"),
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
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let before = export(&scratch, "before.json");
    let stdout = scratch.pathway_ok(&[
        "academy",
        "import",
        "--check",
        academy_fixture().to_str().unwrap(),
    ]);
    assert!(stdout.contains("nothing was written"), "{stdout}");
    assert_eq!(export(&scratch, "after.json"), before);
}

/// Parses an `.ics` file with Python's `icalendar` and returns its events.
fn parse_ics(path: &Path) -> Value {
    let Some(python) = std::env::var_os("PATHWAY_PEER_PYTHON").filter(|value| !value.is_empty())
    else {
        panic!(
            "PATHWAY_PEER_PYTHON is not set, so Python's icalendar cannot check the .ics \
             file. Run the tests through scripts/test, or first: \
             export PATHWAY_PEER_PYTHON=\"$(scripts/peer-venv | tail -n 1)\""
        );
    };
    let script = r#"
import datetime, json, sys
import icalendar
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = []
for event in calendar.walk("VEVENT"):
    start = event.decoded("DTSTART")
    if isinstance(start, datetime.datetime):
        when = start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        when = start.isoformat()
    events.append({"summary": str(event["SUMMARY"]), "start": when,
                   "location": str(event.get("LOCATION", ""))})
print(json.dumps(events))
"#;
    let output = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .expect("the peer's python runs");
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_calendar_command_writes_a_file_icalendar_reads() {
    let scratch = with_academy();
    let cohort = scratch.path("cohort.ics");
    scratch.pathway_ok(&[
        "academy",
        "calendar",
        "--council",
        "888",
        "--cohort",
        "C2023-09",
        "-o",
        cohort.to_str().unwrap(),
    ]);
    let events = parse_ics(&cohort);
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 3);
    // 4 September 2023, 09:30 in London (BST) is 08:30 UTC; 4 December is GMT.
    let welcome = events
        .iter()
        .find(|e| e["summary"] == "Welcome: the council, the academy; the year ahead")
        .unwrap();
    assert_eq!(welcome["start"], "2023-09-04T08:30:00Z");
    assert_eq!(welcome["location"], "Academy training room, County Hall");
    assert!(events.iter().any(|e| e["start"] == "2023-12-04T09:30:00Z"));

    // W003 was excused from session 2 and caught up, so their calendar has all three
    // sessions, the agreement and four reviews.
    let member = scratch.path("member.ics");
    scratch.pathway_ok(&[
        "academy",
        "calendar",
        "--council",
        "888",
        "--cohort",
        "C2023-09",
        "--worker",
        "W003",
        "-o",
        member.to_str().unwrap(),
    ]);
    let events = parse_ics(&member);
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 3 + 1 + 4);
    assert!(
        events
            .iter()
            .any(|e| e["summary"] == "ASYE: 3-month review due" && e["start"] == "2023-12-04")
    );

    let output = scratch.pathway(&[
        "academy",
        "calendar",
        "--council",
        "888",
        "--cohort",
        "C9",
        "-o",
        scratch.path("none.ics").to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no cohort C9"),
        "{}",
        stderr(&output)
    );
}
