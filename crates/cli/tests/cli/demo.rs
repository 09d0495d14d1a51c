//! The demo council: realistic, valid, and the same every time for a seed.

use crate::support;

use support::{Scratch, folder_contents};

fn demo_export(seed: &str) -> Vec<(String, Vec<u8>)> {
    let scratch = Scratch::new();
    scratch.pathway_ok(&["demo", "--seed", seed, "--until", "2024-09-30"]);
    let exported = scratch.path("demo");
    scratch.pathway_ok(&["export", exported.to_str().unwrap()]);
    folder_contents(&exported)
}

#[test]
fn the_same_seed_gives_the_same_demo_council() {
    assert_eq!(demo_export("7"), demo_export("7"));
}

#[test]
fn another_seed_gives_other_people() {
    assert_ne!(demo_export("7"), demo_export("8"));
}

#[test]
fn running_demo_twice_adds_nothing_the_second_time() {
    let scratch = Scratch::new();
    scratch.pathway_ok(&["demo", "--councils", "2", "--until", "2024-09-30"]);
    let stdout = scratch.pathway_ok(&["demo", "--councils", "2", "--until", "2024-09-30"]);
    for line in stdout.lines().filter(|line| line.contains(".csv")) {
        let numbers: Vec<usize> = line
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect();
        assert_eq!((numbers[0], numbers[1]), (0, 0), "{line}");
    }
    let councils = scratch.pathway_ok(&["councils"]);
    assert_eq!(councils.lines().count(), 2, "{councils}");
}

#[test]
fn a_demo_council_exports_and_passes_the_importers_checks() {
    let scratch = Scratch::new();
    scratch.pathway_ok(&["demo", "--councils", "2"]);
    let exported = scratch.path("demo.zip");
    scratch.pathway_ok(&["export", exported.to_str().unwrap()]);
    let other = Scratch::new();
    other.pathway_ok(&["check", exported.to_str().unwrap()]);
}

// [issue 9: benchmarking]
#[test]
fn councils_are_added_with_a_lead_placed_in_regions_and_seen_by_a_regional_viewer() {
    let scratch = Scratch::new();
    let added = scratch.pathway_ok(&[
        "councils",
        "add",
        "--code",
        "888",
        "--name",
        "Northmoor Council",
        "--region",
        "north_west",
        "--lead",
        "lead@northmoor.example",
    ]);
    assert!(added.contains("One-time password: "), "{added}");
    assert!(added.contains("lead@northmoor.example"), "{added}");
    // `pathway councils` alone still lists them.
    let listed = scratch.pathway_ok(&["councils"]);
    assert!(listed.starts_with("888  Northmoor Council"), "{listed}");
    let again = scratch.pathway(&[
        "councils",
        "add",
        "--code",
        "888",
        "--name",
        "Again",
        "--region",
        "london",
        "--lead",
        "again@example.org",
    ]);
    assert!(!again.status.success(), "a code used twice is refused");
    let changed = scratch.pathway_ok(&[
        "councils", "change", "--code", "888", "--region", "london", "--named", "yes",
    ]);
    assert!(changed.contains("London, named"), "{changed}");
    let viewer = scratch.pathway_ok(&[
        "user",
        "add",
        "--role",
        "regional_viewer",
        "--email",
        "region@example.org",
        "--region",
        "london",
    ]);
    assert!(viewer.contains("seeing councils 888"), "{viewer}");
    let refused = scratch.pathway(&[
        "user",
        "add",
        "--role",
        "regional_viewer",
        "--email",
        "other@example.org",
        "--council",
        "888",
    ]);
    assert!(
        !refused.status.success(),
        "a regional viewer belongs to no council"
    );
}
