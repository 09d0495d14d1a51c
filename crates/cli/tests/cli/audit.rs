//! `pathway audit verify`: the audit trail's hash chain checked from the command line,
//! passing on a database only Pathway wrote, and naming the entry where someone changed
//! or removed one round Pathway.

use crate::support::Scratch;
use pathway_store_conformance::execute_on;

/// A scratch database with a small demo council (990) and its audit trail.
fn demo() -> Scratch {
    let scratch = Scratch::new();
    scratch.pathway_ok(&[
        "demo",
        "--seed",
        "3",
        "--years",
        "1",
        "--until",
        "2024-09-30",
    ]);
    scratch
}

fn tamper(scratch: &Scratch, statement: &str) {
    let database = scratch.database().to_str().unwrap().to_owned();
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(execute_on(&database, statement));
}

/// How many entries `pathway audit` shows for council 990.
fn entry_count(scratch: &Scratch) -> usize {
    scratch
        .pathway_ok(&["audit", "--council", "990", "--limit", "1000"])
        .lines()
        .count()
}

#[test]
fn audit_verify_passes_on_a_fresh_demo_and_says_how_many_entries_it_checked() {
    let scratch = demo();
    let entries = entry_count(&scratch);
    assert!(entries >= 3, "the demo writes several entries");
    let output = scratch.pathway_ok(&["audit", "verify"]);
    assert!(
        output.contains(&format!("audit trail intact: {entries} entries checked")),
        "{output}"
    );
    // The newest hash is printed, to be noted somewhere other than this machine.
    let head = output
        .lines()
        .find_map(|line| line.strip_prefix("council 990: "))
        .and_then(|line| line.split("newest hash ").nth(1))
        .expect("council 990's newest hash");
    assert_eq!(head.len(), 64);
    // One council on its own.
    let one = scratch.pathway_ok(&["audit", "verify", "--council", "990"]);
    assert!(one.contains(head), "{one}");
}

#[test]
fn audit_verify_fails_naming_the_entry_whose_detail_was_edited_in_the_database() {
    let scratch = demo();
    tamper(
        &scratch,
        "update audit_events set detail = 'nothing happened' \
         where id = (select min(id) + 1 from audit_events where council = '990')",
    );
    let output = scratch.pathway(&["audit", "verify"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("council 990, entry 2 (")
            && message.contains("its contents do not match its hash"),
        "{message}"
    );
    // Showing the trail still works, tampered or not.
    assert!(entry_count(&scratch) >= 3);
}

#[test]
fn audit_verify_fails_naming_the_entry_after_one_deleted_from_the_middle() {
    let scratch = demo();
    tamper(&scratch, "delete from audit_events where id = 2");
    let output = scratch.pathway(&["audit", "verify"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("council 990, entry 3 (")
            && message.contains("does not follow entry 1")
            && message.contains("an entry between them was removed"),
        "{message}"
    );
}

#[test]
fn audit_with_council_and_limit_shows_the_trail_as_before() {
    let scratch = demo();
    let shown = scratch.pathway_ok(&["audit", "--council", "990", "--limit", "2"]);
    assert_eq!(shown.lines().count(), 2, "{shown}");
    let missing = scratch.pathway(&["audit"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--council"));
}
