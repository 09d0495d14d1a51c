//! `pathway caseloads export | import | alerts`: counts written as the bulk format's
//! caseloads.csv, read back all or nothing with errors as FILE:row:column, and the
//! alert list raised and cleared by counts.

use crate::support;

use serde_json::Value;
use support::Scratch;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn alerts(scratch: &Scratch, date: &str) -> Vec<String> {
    let out = scratch.pathway_ok(&[
        "caseloads",
        "alerts",
        "--council",
        "888",
        "--date",
        date,
        "--json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    json["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|alert| alert["worker_id"].as_str().unwrap().to_owned())
        .collect()
}

fn exported(scratch: &Scratch) -> String {
    let file = scratch.path("out.csv");
    scratch.pathway_ok(&[
        "caseloads",
        "export",
        "--council",
        "888",
        "-o",
        file.to_str().unwrap(),
    ]);
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn caseload_counts_import_all_or_nothing_and_raise_and_clear_alerts() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    // W001, a senior social worker, holds 21 cases: above the threshold of 20.
    assert_eq!(alerts(&scratch, "2024-09-30"), ["W001"]);
    let before = exported(&scratch);
    assert!(
        before.starts_with("authority,worker_id,as_of,cases"),
        "{before}"
    );
    assert_eq!(before.lines().count(), 4);

    // A bad row refuses the whole file, named as FILE:row:column; nothing is written.
    let bad = scratch.path("october.csv");
    std::fs::write(
        &bad,
        "authority,worker_id,as_of,cases\n888,W001,2024-10-15,10\n888,W003,2024-10-15,many\n",
    )
    .unwrap();
    let output = scratch.pathway(&["caseloads", "import", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(&format!("{}:3:cases:", bad.display())),
        "{message}"
    );
    assert_eq!(exported(&scratch), before);

    // A count for a worker the council does not have is refused too.
    std::fs::write(
        &bad,
        "authority,worker_id,as_of,cases\n888,W001,2024-10-15,10\n888,W999,2024-10-15,4\n",
    )
    .unwrap();
    let output = scratch.pathway(&["caseloads", "import", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains(&format!("{}:3:", bad.display())),
        "{}",
        stderr(&output)
    );
    assert_eq!(exported(&scratch), before);

    // --check writes nothing; the import does, and the later count clears the alert.
    let good = scratch.path("good.csv");
    std::fs::write(
        &good,
        "authority,worker_id,as_of,cases\n888,W001,2024-10-15,10\n",
    )
    .unwrap();
    scratch.pathway_ok(&["caseloads", "import", good.to_str().unwrap(), "--check"]);
    assert_eq!(exported(&scratch), before);
    scratch.pathway_ok(&["caseloads", "import", good.to_str().unwrap()]);
    let after = exported(&scratch);
    assert!(after.contains("888,W001,2024-10-15,10"), "{after}");
    assert!(alerts(&scratch, "2024-10-20").is_empty());
    assert_eq!(alerts(&scratch, "2024-10-14"), ["W001"]);

    // The export imports back unchanged.
    let round = scratch.path("round.csv");
    std::fs::write(&round, &after).unwrap();
    let summary = scratch.pathway_ok(&["caseloads", "import", round.to_str().unwrap()]);
    assert!(summary.contains("0 added"), "{summary}");
    assert_eq!(exported(&scratch), after);
}
