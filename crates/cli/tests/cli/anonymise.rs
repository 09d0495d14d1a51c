//! `pathway recruitment anonymise`: unsuccessful candidates and their attendee records
//! lose their personal data once the retention period has passed, attendees who never
//! applied once it has passed since their event; `--dry-run` only counts.

use crate::support;

use serde_json::Value;
use support::{Scratch, fixture};

/// The small fixture council with its recruitment, in which candidate C1 (who came
/// from event R01, held on 14 March 2024) was rejected on 10 April 2024.
fn with_rejected_candidate() -> Scratch {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let text = std::fs::read_to_string(fixture("recruitment-small.json")).unwrap();
    let mut file: Value = serde_json::from_str(&text).unwrap();
    let c1 = file["candidates"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["id"] == "C1")
        .unwrap();
    c1["stage"] = "rejected".into();
    file["candidate_stage_changes"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "candidate_id": "C1",
            "number": 3,
            "on": "2024-04-10",
            "stage": "rejected",
            "by": "recruitment@lancashire.example"
        }));
    let path = scratch.path("recruitment.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    scratch.pathway_ok(&["recruitment", "import", path.to_str().unwrap()]);
    scratch
}

fn anonymise(scratch: &Scratch, date: &str, dry_run: bool) -> String {
    let mut args = vec![
        "recruitment",
        "anonymise",
        "--council",
        "888",
        "--date",
        date,
    ];
    if dry_run {
        args.push("--dry-run");
    }
    scratch.pathway_ok(&args)
}

fn exported(scratch: &Scratch) -> Value {
    let file = scratch.path("export.json");
    scratch.pathway_ok(&[
        "recruitment",
        "export",
        "--council",
        "888",
        "-o",
        file.to_str().unwrap(),
    ]);
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

fn candidate(file: &Value, id: &str) -> Value {
    file["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
        .clone()
}

#[test]
fn unsuccessful_candidates_are_anonymised_from_the_day_the_retention_period_ends() {
    let scratch = with_rejected_candidate();
    let before = exported(&scratch);
    assert!(
        anonymise(&scratch, "2024-09-13", true).contains("0 candidate(s) and 0 event attendee(s)")
    );
    // The event was held six months before: its visitor who never applied is due.
    assert!(
        anonymise(&scratch, "2024-10-09", true).contains("0 candidate(s) and 1 event attendee(s)")
    );
    let due = anonymise(&scratch, "2024-10-10", true);
    assert!(
        due.contains("1 candidate(s) and 2 event attendee(s)"),
        "{due}"
    );
    assert!(due.contains("Nothing written"));
    assert_eq!(exported(&scratch), before, "a dry run writes nothing");

    let done = anonymise(&scratch, "2024-10-10", false);
    assert!(
        done.contains("Anonymised 1 candidate(s) and 2 attendee(s)"),
        "{done}"
    );
    let after = exported(&scratch);
    let c1 = candidate(&after, "C1");
    for field in ["given_name", "family_name", "email", "phone"] {
        assert_eq!(c1[field], "", "{field}");
    }
    assert_eq!(c1["swe_number"], Value::Null);
    assert_eq!(c1["anonymised_on"], "2024-10-10");
    for field in ["source", "stage", "vacancy_id", "event_id", "applied_on"] {
        assert_eq!(c1[field], candidate(&before, "C1")[field], "{field}");
    }
    assert_eq!(
        after["candidate_stage_changes"],
        before["candidate_stage_changes"]
    );
    // The started candidate keeps everything.
    assert_eq!(candidate(&after, "C3"), candidate(&before, "C3"));
    for attendee in after["attendees"].as_array().unwrap() {
        assert_eq!(
            (&attendee["name"], &attendee["email"]),
            (&"".into(), &"".into())
        );
        assert!(!attendee["interested_in"].as_str().unwrap().is_empty());
    }

    // Nothing more is due, and the run is in the audit trail.
    assert!(
        anonymise(&scratch, "2024-10-10", false).contains("0 candidate(s) and 0 event attendee(s)")
    );
    let audit = scratch.pathway_ok(&["audit", "--council", "888"]);
    assert!(
        audit.contains("anonymised 1 candidates and 2 attendees"),
        "{audit}"
    );
}

#[test]
fn a_council_not_on_the_installation_is_refused() {
    let scratch = with_rejected_candidate();
    let output = scratch.pathway(&["recruitment", "anonymise", "--council", "777"]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("council 777 is not on this installation")
    );
}
