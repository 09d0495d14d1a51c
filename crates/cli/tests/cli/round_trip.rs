//! Exporting and importing back loses nothing, in every container.

use crate::support;

use support::{Scratch, folder_contents};

/// Imports `data`, exports to `container`, imports that into an empty database,
/// exports both databases to folders and compares them byte for byte.
fn round_trip(data_name: &str, generated: bool, container: &str) {
    let scratch = Scratch::new();
    let data = if generated {
        scratch.generated(data_name, 3)
    } else {
        scratch.small_council(data_name)
    };
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let exported = scratch.path(container);
    scratch.pathway_ok(&["export", exported.to_str().unwrap()]);

    let second = Scratch::new();
    second.pathway_ok(&["import", exported.to_str().unwrap()]);

    let first_folder = scratch.path("first");
    let second_folder = second.path("second");
    scratch.pathway_ok(&["export", first_folder.to_str().unwrap()]);
    second.pathway_ok(&["export", second_folder.to_str().unwrap()]);
    assert_eq!(
        folder_contents(&first_folder),
        folder_contents(&second_folder)
    );
}

#[test]
fn a_folder_export_imports_back_identically() {
    round_trip("three", true, "exported");
}

#[test]
fn a_zip_export_imports_back_identically() {
    round_trip("three", true, "exported.zip");
}

#[test]
fn an_xlsx_export_imports_back_identically() {
    round_trip("small", false, "exported.xlsx");
}

#[test]
fn an_export_holds_exactly_the_imported_rows() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let exported = scratch.path("out");
    scratch.pathway_ok(&["export", exported.to_str().unwrap()]);
    assert_eq!(support::data_rows(&data), support::data_rows(&exported));
}

#[test]
fn an_export_of_one_council_holds_only_that_council() {
    let scratch = Scratch::new();
    let data = scratch.generated("three", 3);
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let exported = scratch.path("840");
    scratch.pathway_ok(&["export", exported.to_str().unwrap(), "--council", "840"]);
    let workers = support::read_csv(&exported.join("workers.csv"));
    assert!(workers.len() > 1);
    assert!(workers[1..].iter().all(|row| row[0] == "840"));
}

#[test]
fn exporting_a_council_that_is_not_there_is_refused() {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let output = scratch.pathway(&[
        "export",
        scratch.path("out").to_str().unwrap(),
        "--council",
        "201",
    ]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("201"));
}
