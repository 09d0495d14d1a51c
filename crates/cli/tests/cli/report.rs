//! `pathway report details`: the committee report's words print as JSON (the starting
//! words until some are saved), a file sets them all or nothing with each problem
//! named by its field, and the next year's report starts from them.

use crate::support;

use serde_json::{Value, json};
use support::Scratch;

fn with_records() -> Scratch {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    scratch
}

fn details(scratch: &Scratch, date: &str) -> Value {
    let out = scratch.pathway_ok(&["report", "details", "--council", "888", "--date", date]);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn report_details_are_set_all_or_nothing_with_errors_naming_the_field() {
    let scratch = with_records();
    let starting = details(&scratch, "2024-09-30");
    assert_eq!(
        starting["meeting"],
        "Children's Services Scrutiny Committee"
    );

    // A blank meeting and no recommendations: both named, nothing saved.
    let mut words = starting.clone();
    words["meeting"] = json!(" ");
    words["recommendations"] = json!("\n");
    words["meeting_date"] = json!("2024-11-12");
    let file = scratch.path("words.json");
    std::fs::write(&file, serde_json::to_string_pretty(&words).unwrap()).unwrap();
    let set = [
        "report",
        "details",
        "--council",
        "888",
        "--date",
        "2024-09-30",
        "--set",
    ];
    let mut args = set.to_vec();
    args.push(file.to_str().unwrap());
    let refused = scratch.pathway(&args);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("words.json: meeting: enter the name of the meeting"),
        "{stderr}"
    );
    assert!(
        stderr.contains("words.json: recommendations: enter the recommendations"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was saved"), "{stderr}");
    assert_eq!(details(&scratch, "2024-09-30"), starting);

    // A missing field and an unknown one are named by serde, with the place.
    let mut incomplete = starting.clone();
    incomplete.as_object_mut().unwrap().remove("risk");
    std::fs::write(&file, serde_json::to_string(&incomplete).unwrap()).unwrap();
    let refused = scratch.pathway(&args);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("missing field `risk`"), "{stderr}");
    let mut unknown = starting.clone();
    unknown["chair"] = json!("Cllr Smith");
    std::fs::write(&file, serde_json::to_string(&unknown).unwrap()).unwrap();
    let stderr = String::from_utf8_lossy(&scratch.pathway(&args).stderr).into_owned();
    assert!(stderr.contains("unknown field `chair`"), "{stderr}");

    // Good words are saved, audited, and carried to next year's report.
    words["meeting"] = json!("Corporate Parenting Panel");
    words["recommendations"] = json!("Note the report.\nAgree two more academy places.");
    std::fs::write(&file, serde_json::to_string_pretty(&words).unwrap()).unwrap();
    let saved = scratch.pathway_ok(&args);
    assert!(saved.contains("Saved"), "{saved}");
    assert_eq!(details(&scratch, "2024-09-30"), words);
    assert_eq!(details(&scratch, "2025-09-30"), words);
    let audit = scratch.pathway_ok(&["audit", "--council", "888"]);
    assert!(audit.contains("committee report words"), "{audit}");

    // A council that is not here is refused.
    let other = scratch.pathway(&[
        "report",
        "details",
        "--council",
        "999",
        "--date",
        "2024-09-30",
    ]);
    assert!(!other.status.success());
}

#[test]
fn report_committee_writes_the_internal_or_public_report_with_the_saved_words() {
    let scratch = with_records();
    let mut words = details(&scratch, "2024-09-30");
    words["recommendations"] = json!("Agree the workforce strategy for 2025.");
    let file = scratch.path("words.json");
    std::fs::write(&file, serde_json::to_string(&words).unwrap()).unwrap();
    scratch.pathway_ok(&[
        "report",
        "details",
        "--council",
        "888",
        "--date",
        "2024-09-30",
        "--set",
        file.to_str().unwrap(),
    ]);
    let internal = scratch.path("internal.html");
    let out = scratch.pathway_ok(&[
        "report",
        "committee",
        "--council",
        "888",
        "--date",
        "2024-09-30",
        "--format",
        "html",
        "-o",
        internal.to_str().unwrap(),
    ]);
    assert!(out.contains("internal committee report"), "{out}");
    let text = std::fs::read_to_string(&internal).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("Agree the workforce strategy for 2025."));
    assert!(text.contains("Internal: not for publication"));
    let public = scratch.path("public.html");
    scratch.pathway_ok(&[
        "report",
        "committee",
        "--council",
        "888",
        "--date",
        "2024-09-30",
        "--format",
        "HTML",
        "--public",
        "-o",
        public.to_str().unwrap(),
    ]);
    assert!(
        std::fs::read_to_string(&public)
            .unwrap()
            .contains("Public: small numbers suppressed")
    );
    let audit = scratch.pathway_ok(&["audit", "--council", "888"]);
    assert_eq!(audit.matches("view committee report").count(), 1, "{audit}");
    let wrong = scratch.pathway(&[
        "report",
        "committee",
        "--council",
        "888",
        "--date",
        "2024-09-30",
        "--format",
        "rtf",
        "-o",
        public.to_str().unwrap(),
    ]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("unknown report format"));
}
