//! `pathway subject-access`: everything held about one person, written as JSON that
//! parses and names them, as HTML and as a PDF, each recorded in the audit trail as
//! `cli:<user>`; an unknown worker is refused with a clear error.
// [issue 11: subject access]

use crate::support;

use serde_json::Value;
use support::Scratch;

#[test]
fn subject_access_writes_everything_held_about_a_worker_as_json_html_and_pdf_and_is_audited() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);

    let json = scratch.path("W001.json");
    let stdout = scratch.pathway_ok(&[
        "subject-access",
        "--council",
        "888",
        "--worker",
        "W001",
        "--output",
        json.to_str().unwrap(),
    ]);
    assert!(stdout.contains("Amy Williams"), "{stdout}");
    let response: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(response["format"], "pathway-subject-access/1");
    assert_eq!(response["council"]["code"], "888");
    assert_eq!(response["worker"]["worker_id"], "W001");
    assert_eq!(response["worker"]["given_name"], "Amy");
    assert_eq!(response["worker"]["family_name"], "Williams");
    assert_eq!(response["worker"]["swe_number"], "SW100001");
    assert!(!response["employments"].as_array().unwrap().is_empty());
    assert!(
        !response["employments"][0]["assignments"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        response["produced_by"]
            .as_str()
            .unwrap()
            .starts_with("cli:")
    );
    assert!(!response["not_linkable"].as_array().unwrap().is_empty());

    let html = scratch.path("W001.html");
    scratch.pathway_ok(&[
        "subject-access",
        "--council",
        "888",
        "--worker",
        "W001",
        "--format",
        "html",
        "--output",
        html.to_str().unwrap(),
    ]);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Subject access response: Amy Williams"));
    let pdf = scratch.path("W001.pdf");
    scratch.pathway_ok(&[
        "subject-access",
        "--council",
        "888",
        "--worker",
        "W001",
        "--output",
        pdf.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // The second and third responses were audited; the last one lists the first two.
    let audit = scratch.pathway_ok(&["audit", "--council", "888"]);
    assert_eq!(audit.matches("subject-access").count(), 3, "{audit}");
    assert!(audit.contains("worker W001: json to"), "{audit}");
    assert!(audit.contains("worker W001: pdf to"), "{audit}");
    let again: Value = {
        scratch.pathway_ok(&[
            "subject-access",
            "--council",
            "888",
            "--worker",
            "W001",
            "--output",
            json.to_str().unwrap(),
        ]);
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap()
    };
    let listed = again["audit_trail"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["action"] == "subject-access")
        .count();
    assert_eq!(listed, 3);
}

#[test]
fn subject_access_for_an_unknown_worker_fails_and_writes_nothing() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let output = scratch.path("nobody.json");
    let run = scratch.pathway(&[
        "subject-access",
        "--council",
        "888",
        "--worker",
        "NOBODY",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("council 888 has no worker with ID NOBODY"),
        "{stderr}"
    );
    assert!(!output.exists());
}
