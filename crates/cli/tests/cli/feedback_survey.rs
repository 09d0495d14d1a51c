//! `pathway feedback export | import` and `pathway survey import | results`: a feedback
//! file imports back identically and a wrong one is refused whole with its place
//! named; survey responses import all or nothing, and a year's results show a group
//! of 5 but say of a group of 4 only that it is too small, in the table and the JSON.

use crate::support;

use serde_json::{Value, json};
use support::Scratch;

fn with_records() -> Scratch {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    scratch
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn feedback_file() -> Value {
    json!({
        "council": "888",
        "sessions": [{
            "id": 1,
            "held_on": "2024-03-12",
            "title": "Coffee and cake, spring",
            "place": "Town hall",
            "attendees": 14,
            "run_by": "Principal social worker",
            "themes": [
                {"number": 1, "text": "Duty weeks are too long", "standard": "safe_workloads"}
            ],
            "actions": [{
                "number": 1, "theme": 1, "description": "Shorten duty weeks",
                "owner": "Head of service", "status": "done", "due_on": "2024-05-31",
                "done_on": "2024-05-02", "what_we_did": "Duty weeks are now four days."
            }]
        }]
    })
}

#[test]
fn a_feedback_file_imports_and_exports_identically_and_a_wrong_one_names_its_place() {
    let scratch = with_records();
    let file = scratch.path("feedback.json");
    let mut text = serde_json::to_string_pretty(&feedback_file()).unwrap();
    text.push('\n');
    std::fs::write(&file, &text).unwrap();
    let checked = scratch.pathway_ok(&["feedback", "import", file.to_str().unwrap(), "--check"]);
    assert!(checked.contains("nothing was written"), "{checked}");
    scratch.pathway_ok(&["feedback", "import", file.to_str().unwrap()]);
    let out = scratch.path("out.json");
    scratch.pathway_ok(&[
        "feedback",
        "export",
        "--council",
        "888",
        "-o",
        out.to_str().unwrap(),
    ]);
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(exported, feedback_file());

    let mut wrong = feedback_file();
    wrong["sessions"][0]["actions"][0]["what_we_did"] = Value::Null;
    wrong["sessions"][0]["id"] = json!(2);
    std::fs::write(&file, wrong.to_string()).unwrap();
    let output = scratch.pathway(&["feedback", "import", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("sessions[0].actions[0]: what_we_did: a done action needs what was done"),
        "{message}"
    );
    let again = scratch.path("again.json");
    scratch.pathway_ok(&[
        "feedback",
        "export",
        "--council",
        "888",
        "-o",
        again.to_str().unwrap(),
    ]);
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&again).unwrap()).unwrap();
    assert_eq!(
        after["sessions"].as_array().unwrap().len(),
        1,
        "nothing was imported"
    );
}

#[test]
fn survey_results_show_a_group_of_five_and_hide_a_group_of_four() {
    let scratch = with_records();
    let csv = scratch.path("responses.csv");
    // Five in team T01, four in T02, three in T03: two groups too small, so neither
    // can be worked out from the whole council and T01 is shown.
    let mut rows = String::from("team_id,role_group,wellbeing_1,workload_1\n");
    for _ in 0..5 {
        rows.push_str("T01,social_worker,agree,disagree\n");
    }
    for _ in 0..4 {
        rows.push_str("T02,social_worker,strongly_agree,strongly_agree\n");
    }
    for _ in 0..3 {
        rows.push_str("T03,social_worker,neither,neither\n");
    }
    // A wrong file is refused whole, every problem named.
    let bad = scratch.path("bad.csv");
    std::fs::write(&bad, "team_id,wellbeing_1\nT99,agree\nT01,often\n").unwrap();
    let output = scratch.pathway(&[
        "survey",
        "import",
        "--council",
        "888",
        "--year",
        "2023",
        bad.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("bad.csv:2:team_id: there is no team \"T99\""),
        "{message}"
    );
    assert!(message.contains("bad.csv:3:wellbeing_1:"), "{message}");

    std::fs::write(&csv, rows).unwrap();
    scratch.pathway_ok(&[
        "survey",
        "import",
        "--council",
        "888",
        "--year",
        "2023",
        csv.to_str().unwrap(),
    ]);
    let json: Value = serde_json::from_str(&scratch.pathway_ok(&[
        "survey",
        "results",
        "--council",
        "888",
        "--year",
        "2023",
        "--json",
    ]))
    .unwrap();
    assert_eq!(json["whole_council"]["respondents"], 12);
    let teams = json["breakdowns"][0]["groups"].as_array().unwrap();
    assert_eq!(teams[0]["group"], "T01");
    assert_eq!(teams[0]["shown"], true);
    assert_eq!(teams[0]["respondents"], 5);
    assert_eq!(teams[1]["group"], "T02");
    assert_eq!(teams[1]["shown"], false);
    assert_eq!(teams[1]["respondents"], Value::Null);
    assert_eq!(teams[1]["scores"], json!([]));
    assert_eq!(teams[0]["scores"][3]["score"], 75.0);
    assert_eq!(teams[0]["scores"][3]["band"], "high");
    let table = scratch.pathway_ok(&["survey", "results", "--council", "888", "--year", "2023"]);
    assert!(
        table.contains("Child Protection West: too small to show"),
        "{table}"
    );
    assert!(!table.contains("Child Protection West: 4"), "{table}");
}
