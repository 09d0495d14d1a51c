//! `pathway census`: the DfE workforce census return of a demo council is well-formed
//! XML in the DfE's element order with valid codes, accepted by `xmllint` against the
//! XSD Pathway keeps, agrees with the measures, and is recorded in the audit trail;
//! the validation report names every worker whose record would fail.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::{Scratch, read_csv, write_csv};

/// The DfE's order of a worker's items.
const WORKER_ITEMS: [&str; 22] = [
    "AgencyWorker",
    "SWENo",
    "FTE",
    "PersonBirthDate",
    "GenderCurrent",
    "Ethnicity",
    "QualInst",
    "QualLevel",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "RoleEndDate",
    "LeaverDestination",
    "ReasonLeave",
    "FTE30",
    "Cases30",
    "WorkingDaysLost",
    "FrontlineGrad",
    "Absat30Sept",
    "ReasonAbsence",
    "CFKSSstatus",
];

fn xsd() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../reports/tests/census/csww.xsd")
}

/// Runs xmllint, failing the test with what to do when it is not installed.
fn xmllint(args: &[&str]) -> std::process::Output {
    Command::new("xmllint").args(args).output().unwrap_or_else(|error| {
        panic!("xmllint is needed ({error}): run scripts/test, which installs Debian's libxml2-utils")
    })
}

/// Whether `value` is a valid code for the item, from the DfE's code lists.
fn valid(item: &str, value: &str) -> bool {
    let two_places = |v: &str| {
        v.split_once('.').is_some_and(|(whole, part)| {
            !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && part.len() == 2
                && part.bytes().all(|b| b.is_ascii_digit())
        })
    };
    let date = |v: &str| pathway_domain::values::parse_date(v).is_ok();
    let one_of = |codes: &[&str]| codes.contains(&value);
    match item {
        "AgencyWorker" | "StepUpGrad" | "FrontlineGrad" | "Absat30Sept" => one_of(&["0", "1"]),
        "SWENo" => {
            value.len() > 2
                && value.starts_with("SW")
                && value[2..].bytes().all(|b| b.is_ascii_digit())
        }
        "FTE" | "FTE30" => {
            two_places(value) && (0.0..=1.0).contains(&value.parse::<f64>().unwrap())
        }
        "WorkingDaysLost" => two_places(value),
        "PersonBirthDate" | "RoleStartDate" | "RoleEndDate" => date(value),
        "GenderCurrent" => one_of(&["0", "1", "2", "9"]),
        "Ethnicity" => one_of(&[
            "WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
            "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
        ]),
        "QualInst" => !value.trim().is_empty(),
        "QualLevel" => one_of(&["1", "2", "3"]),
        "OrgRole" => one_of(&["1", "2", "3", "4", "5", "6"]),
        "StartOrigin" | "ReasonLeave" => one_of(&["1", "2", "3", "4", "5", "6", "7", "8", "9"]),
        "LeaverDestination" => one_of(&["1", "2", "3", "4", "5", "6", "7", "8"]),
        "Cases30" => value.parse::<u32>().is_ok(),
        "ReasonAbsence" => one_of(&["SIC", "MAT", "OTH", "PUB", "TRN", "UNA", "UNP"]),
        "CFKSSstatus" => one_of(&["0", "1", "2", "3", "4"]),
        _ => false,
    }
}

/// Each `CSWWWorker`'s elements as (name, text), read line by line as written.
fn workers(xml: &str) -> Vec<Vec<(String, String)>> {
    let mut workers = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    for line in xml.lines().map(str::trim) {
        match line {
            "<CSWWWorker>" => current = Some(Vec::new()),
            "</CSWWWorker>" => workers.push(current.take().expect("an open worker")),
            _ => {
                if let Some(items) = current.as_mut() {
                    let name = line[1..line.find('>').unwrap()].to_owned();
                    let text = line[name.len() + 2..line.len() - name.len() - 3].to_owned();
                    assert!(line.ends_with(&format!("</{name}>")), "{line}");
                    items.push((name, text));
                }
            }
        }
    }
    workers
}

fn element<'x>(xml: &'x str, name: &str) -> &'x str {
    let open = format!("<{name}>");
    let start = xml.find(&open).unwrap_or_else(|| panic!("no {name}")) + open.len();
    &xml[start..start + xml[start..].find('<').unwrap()]
}

#[test]
fn a_demo_councils_census_return_is_valid_xml_in_the_dfe_order_and_its_problems_are_reported() {
    let scratch = Scratch::new();
    scratch.pathway_ok(&[
        "demo",
        "--councils",
        "1",
        "--seed",
        "1",
        "--until",
        "2024-09-30",
    ]);
    let file = scratch.path("census.xml");
    let output = scratch.pathway(&[
        "census",
        "--council",
        "990",
        "--year",
        "2024",
        "-o",
        file.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let report: Vec<&str> = stdout
        .lines()
        .filter(|l| {
            l.split(": ")
                .nth(1)
                .is_some_and(|item| WORKER_ITEMS.contains(&item))
        })
        .collect();
    let summary = stdout
        .lines()
        .find(|l| l.contains("problem"))
        .expect("the count");
    assert!(
        summary.starts_with(&format!("{} problem", report.len())),
        "{summary}"
    );
    // The demo council, like a real one, has records that would fail: the command
    // writes the file and says so with its exit status.
    assert!(!report.is_empty());
    assert!(!output.status.success());
    assert!(stderr.contains("would fail the census"), "{stderr}");

    let path = file.to_str().unwrap();
    let wellformed = xmllint(&["--noout", path]);
    assert!(
        wellformed.status.success(),
        "{}",
        String::from_utf8_lossy(&wellformed.stderr)
    );
    let schema = xmllint(&["--noout", "--schema", xsd().to_str().unwrap(), path]);
    assert!(
        schema.status.success(),
        "{}",
        String::from_utf8_lossy(&schema.stderr)
    );

    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert_eq!(element(&xml, "Collection"), "CSWW");
    assert_eq!(element(&xml, "ReferenceDate"), "2024-09-30");
    assert_eq!(element(&xml, "LEA"), "990");
    let records = workers(&xml);
    assert!(records.len() > 100, "{} records", records.len());
    for record in &records {
        let positions: Vec<usize> = record
            .iter()
            .map(|(name, _)| {
                WORKER_ITEMS
                    .iter()
                    .position(|item| item == name)
                    .unwrap_or_else(|| panic!("unknown element {name}"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|pair| pair[0] < pair[1]),
            "out of order: {record:?}"
        );
        for (name, text) in record {
            assert!(valid(name, text), "{name} = {text:?}");
        }
    }
    let own = records
        .iter()
        .filter(|r| r[0] == ("AgencyWorker".to_owned(), "0".to_owned()))
        .count();

    // The vacancies and agency figures are the dashboard's.
    let measures: Value = serde_json::from_str(&scratch.pathway_ok(&[
        "measures",
        "--council",
        "990",
        "--date",
        "2024-09-30",
        "--json",
    ]))
    .unwrap();
    let workforce = &measures["authorities"]["990"]["workforce"];
    assert_eq!(
        element(&xml, "NumberOfVacancies"),
        format!("{:.2}", workforce["vacancy_fte"].as_f64().unwrap())
    );
    assert_eq!(
        element(&xml, "NoAgencyFTE"),
        format!("{:.2}", workforce["agency_fte"].as_f64().unwrap())
    );

    let audit = scratch.pathway_ok(&["audit", "--council", "990"]);
    assert!(audit.contains("export census return"), "{audit}");

    // Without dates of birth, every one of the council's own workers' records fails.
    let export = scratch.path("export");
    scratch.pathway_ok(&["export", export.to_str().unwrap()]);
    let workers_csv = export.join("workers.csv");
    let mut rows = read_csv(&workers_csv);
    let column = rows[0].iter().position(|c| c == "date_of_birth").unwrap();
    for row in rows.iter_mut().skip(1) {
        row[column].clear();
    }
    write_csv(&workers_csv, &rows);
    scratch.pathway_ok(&["import", export.to_str().unwrap()]);
    let checked = scratch.pathway(&["census", "--council", "990", "--year", "2024", "--check"]);
    assert!(!checked.status.success());
    let stdout = String::from_utf8(checked.stdout).unwrap();
    let missing: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains(": PersonBirthDate: missing"))
        .collect();
    assert_eq!(missing.len(), own, "{stdout}");
    let audit_after = scratch.pathway_ok(&["audit", "--council", "990"]);
    assert_eq!(
        audit_after.matches("export census return").count(),
        1,
        "--check writes nothing"
    );
}
