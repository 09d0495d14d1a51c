//! `pathway career export | import`: the demo council's career pathway round-trips
//! through its file, importing it twice changes nothing, and a wrong file is refused
//! whole with the file, the item and what is wrong named.

use crate::support;

use serde_json::Value;
use support::Scratch;

fn export(scratch: &Scratch, council: &str, name: &str) -> String {
    let file = scratch.path(name);
    scratch.pathway_ok(&[
        "career",
        "export",
        "--council",
        council,
        "-o",
        file.to_str().unwrap(),
    ]);
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn a_demo_councils_career_pathway_round_trips_and_a_wrong_file_is_refused_whole() {
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
    let exported = export(&first, &code, "career.json");
    let json: Value = serde_json::from_str(&exported).unwrap();
    assert!(json["assessments"].as_array().is_some_and(|a| a.len() > 5));
    assert!(json["plans"].as_array().is_some_and(|a| !a.is_empty()));
    let records = first.path("records");
    first.pathway_ok(&["export", records.to_str().unwrap()]);

    let second = Scratch::new();
    second.pathway_ok(&["import", records.to_str().unwrap()]);
    let file = first.path("career.json");
    let checked = second.pathway_ok(&["career", "import", "--check", file.to_str().unwrap()]);
    assert!(checked.contains("nothing was written"), "{checked}");
    second.pathway_ok(&["career", "import", file.to_str().unwrap()]);
    assert_eq!(export(&second, &code, "again.json"), exported);
    // Importing it again writes nothing new.
    let again = second.pathway_ok(&["career", "import", file.to_str().unwrap()]);
    assert!(again.contains("0 written"), "{again}");

    // A rating of a criterion the level does not have: refused, naming the item.
    let mut wrong = json.clone();
    wrong["assessments"][2]["ratings"][0]["criterion_id"] = Value::from("no-such-criterion");
    wrong["assessments"][2]["number"] = Value::from(99);
    let path = second.path("wrong.json");
    std::fs::write(&path, serde_json::to_string_pretty(&wrong).unwrap()).unwrap();
    let output = second.pathway(&["career", "import", path.to_str().unwrap()]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("assessments[2]: criterion no-such-criterion is not a criterion of level"),
        "{error}"
    );
    assert!(error.contains("nothing was imported"), "{error}");
    assert_eq!(export(&second, &code, "after.json"), exported);

    // A rating spelt wrongly: the line and column, and what was expected.
    let text = exported.replacen("\"confident\"", "\"sure\"", 1);
    std::fs::write(&path, text).unwrap();
    let output = second.pathway(&["career", "import", path.to_str().unwrap()]);
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("line "), "{error}");
    assert!(
        error.contains("expected one of not_yet, developing, confident, exceeding"),
        "{error}"
    );
}
