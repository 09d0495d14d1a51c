//! `pathway exit-interviews export|import|analysis` and `pathway profile`: the bulk
//! format's exit_interviews.csv in and out, all or nothing, with problems located as
//! FILE:row:column; the analysis and the profile, suppressed with `--public`.

use crate::support;

use support::{Scratch, read_csv};

const HEADER: &str = "authority,worker_id,held_on,primary_reason,would_return,comments\n";

fn with_small_council() -> Scratch {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    scratch
}

fn exported(scratch: &Scratch) -> Vec<Vec<String>> {
    let out = scratch.path("out.csv");
    scratch.pathway_ok(&[
        "exit-interviews",
        "export",
        "--council",
        "888",
        "-o",
        out.to_str().unwrap(),
    ]);
    read_csv(&out)
}

#[test]
fn an_import_with_a_bad_row_writes_nothing_and_names_file_row_and_column() {
    let scratch = with_small_council();
    let before = exported(&scratch);
    assert_eq!(
        before.len(),
        2,
        "the header and the fixture's one interview"
    );

    let file = scratch.path("interviews.csv");
    std::fs::write(
        &file,
        format!(
            "{HEADER}888,W004,2024-06-25,caseload,yes,Good team\n\
             888,W001,2024-06-25,pay,no,\n\
             888,W004,2024-06-26,salary,,\n"
        ),
    )
    .unwrap();
    let output = scratch.pathway(&["exit-interviews", "import", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let errors = String::from_utf8_lossy(&output.stderr);
    let name = file.display().to_string();
    assert!(
        errors.contains(&format!("{name}:4:primary_reason: expected one of")),
        "{errors}"
    );
    assert!(errors.contains("nothing was imported"), "{errors}");
    assert_eq!(exported(&scratch), before);

    // With the code put right, the one in post is still refused.
    std::fs::write(
        &file,
        format!(
            "{HEADER}888,W004,2024-06-25,caseload,yes,Good team\n\
             888,W001,2024-06-25,pay,no,\n"
        ),
    )
    .unwrap();
    let output = scratch.pathway(&["exit-interviews", "import", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains(&format!("{name}:3:worker_id: worker W001 has not left")),
        "{errors}"
    );
    assert_eq!(exported(&scratch), before);

    // Only the leaver: --check writes nothing, then the import writes it.
    std::fs::write(
        &file,
        format!("{HEADER}888,W004,2024-06-25,caseload,yes,Good team\n"),
    )
    .unwrap();
    let checked = scratch.pathway_ok(&[
        "exit-interviews",
        "import",
        file.to_str().unwrap(),
        "--check",
    ]);
    assert!(checked.contains("1 added"), "{checked}");
    assert_eq!(exported(&scratch), before);
    scratch.pathway_ok(&["exit-interviews", "import", file.to_str().unwrap()]);
    let after = exported(&scratch);
    assert_eq!(after.len(), 3);
    assert!(
        after
            .iter()
            .any(|row| row[1] == "W004" && row[5] == "Good team")
    );

    // Exporting and importing again changes nothing.
    let out = scratch.path("out.csv");
    let again = scratch.pathway_ok(&["exit-interviews", "import", out.to_str().unwrap()]);
    assert!(again.contains("0 added, 0 updated, 2 unchanged"), "{again}");
}

#[test]
fn the_analysis_and_the_profile_hold_back_small_numbers_with_public() {
    let scratch = with_small_council();
    let internal = scratch.pathway_ok(&[
        "exit-interviews",
        "analysis",
        "--council",
        "888",
        "--from",
        "2021-10-01",
        "--to",
        "2024-09-30",
        "--json",
    ]);
    let internal: serde_json::Value = serde_json::from_str(&internal).unwrap();
    // W002 left in 2022 and was interviewed; W004 was an agency worker, not counted.
    assert_eq!(internal["coverage"]["total"], 1);
    assert_eq!(internal["coverage"]["cells"][0][0], 1);
    let public = scratch.pathway_ok(&[
        "exit-interviews",
        "analysis",
        "--council",
        "888",
        "--from",
        "2021-10-01",
        "--to",
        "2024-09-30",
        "--json",
        "--public",
    ]);
    let public: serde_json::Value = serde_json::from_str(&public).unwrap();
    assert_eq!(public["coverage"]["total"], "c");
    assert_eq!(public["coverage"]["cells"][0][0], "c");

    let profile = scratch.pathway_ok(&[
        "profile",
        "--council",
        "888",
        "--date",
        "2024-09-30",
        "--json",
    ]);
    let profile: serde_json::Value = serde_json::from_str(&profile).unwrap();
    assert!(profile["headcount"].is_u64());
    let public = scratch.pathway_ok(&[
        "profile",
        "--council",
        "888",
        "--date",
        "2024-09-30",
        "--public",
    ]);
    assert!(public.contains("small numbers suppressed"));
}
