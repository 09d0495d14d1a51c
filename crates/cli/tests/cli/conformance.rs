//! Conformance: `pathway measures --json` must write the same document as the reference
//! peer, `../shared/bench/peer_pandas.py`, for the same data, reference date and
//! options, compared by the rules of "Comparing two documents" in
//! `../shared/spec/measures-json.md` (see `support/compare.rs`).
//!
//! # Running
//!
//! The peer needs pandas and lifelines. These tests run it with the interpreter named by
//! the environment variable **`PATHWAY_PEER_PYTHON`**, which `scripts/test` sets from
//! `scripts/peer-venv` (a virtual environment at `target/peer-venv` with
//! `../shared/bench/requirements.txt` installed). To run them by hand:
//!
//! ```text
//! export PATHWAY_PEER_PYTHON="$(scripts/peer-venv | tail -n 1)"
//! cargo test -p pathway --test cli conformance::
//! ```
//!
//! Without the variable the peer tests fail (they never skip). The comparer's own tests
//! (`the_comparer_*`) need no peer; the layout test needs only `pathway measures`.
//!
//! Each data set is generated with `../shared/bench/gen_workforce.py`, measured by the
//! peer and, at the same time, imported into a throwaway Pathway database and measured
//! by `pathway measures --json`. Both documents are kept in
//! `target/tmp/conformance/<test>/` (`peer.json`, `pathway.json`) for inspection.

use crate::support;

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};
use support::compare::{Difference, Rule, compare, floats_equal};
use support::{Scratch, shared};

// ------------------------------------------------------------------ data sets and runs

/// One conformance run: a generated data set, a reference date and the options given
/// identically to the peer and to `pathway measures`.
struct Case {
    name: &'static str,
    authorities: u32,
    seed: u32,
    /// `--years` and `--end` of the generator, when not its defaults (10, 2024-09-30).
    years: Option<u32>,
    end: Option<&'static str>,
    date: &'static str,
    /// `--group G`, `--bands B`, `--curves`: the same words for both programs.
    options: &'static [&'static str],
}

impl Case {
    fn describe(&self) -> String {
        let mut text = format!("{} authorities, seed {}", self.authorities, self.seed);
        if let Some(years) = self.years {
            text.push_str(&format!(", --years {years}"));
        }
        if let Some(end) = self.end {
            text.push_str(&format!(", --end {end}"));
        }
        text.push_str(&format!(
            "; --date {} {}",
            self.date,
            self.options.join(" ")
        ));
        text
    }
}

/// The peer's interpreter, from `PATHWAY_PEER_PYTHON`; fails the test when unset.
fn peer_python() -> PathBuf {
    let Some(python) = std::env::var_os("PATHWAY_PEER_PYTHON").filter(|value| !value.is_empty())
    else {
        panic!(
            "PATHWAY_PEER_PYTHON is not set, so the reference peer cannot run. Run the tests \
             through scripts/test, or first: export PATHWAY_PEER_PYTHON=\"$(scripts/peer-venv | tail -n 1)\""
        );
    };
    let python = PathBuf::from(python);
    assert!(
        python.exists(),
        "PATHWAY_PEER_PYTHON={} does not exist: run scripts/peer-venv again",
        python.display()
    );
    python
}

/// Writes a data set with the shared generator.
fn generate(scratch: &Scratch, case: &Case) -> PathBuf {
    let target = scratch.path("data");
    let mut command = Command::new("python3");
    command
        .arg(shared().join("bench/gen_workforce.py"))
        .arg("--out")
        .arg(&target)
        .args(["--authorities", &case.authorities.to_string()])
        .args(["--seed", &case.seed.to_string()]);
    if let Some(years) = case.years {
        command.args(["--years", &years.to_string()]);
    }
    if let Some(end) = case.end {
        command.args(["--end", end]);
    }
    let started = Instant::now();
    let output = command
        .output()
        .expect("python3 is needed to run ../shared/bench/gen_workforce.py");
    assert!(
        output.status.success(),
        "gen_workforce.py failed for {}:\n{}",
        case.describe(),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "{}: generated in {:.1} s",
        case.name,
        started.elapsed().as_secs_f64()
    );
    target
}

/// Where a case's documents are kept: `target/tmp/conformance/<name>/`.
fn keep_folder(name: &str) -> PathBuf {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("conformance")
        .join(name);
    fs::create_dir_all(&folder).unwrap();
    folder
}

fn parse(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| {
        let start: String = text.chars().take(2000).collect();
        panic!("{what} is not JSON ({error}); it begins:\n{start}")
    })
}

/// The peer's document and Pathway's for one case, measured side by side.
fn measure_both(case: &Case) -> (Value, Value) {
    let python = peer_python();
    let scratch = Scratch::new();
    let data = generate(&scratch, case);
    let keep = keep_folder(case.name);
    let peer_json = keep.join("peer.json");
    let peer_log = keep.join("peer.stderr");

    // The peer runs while Pathway imports and measures.
    let started = Instant::now();
    let mut peer = Command::new(&python)
        .arg(shared().join("bench/peer_pandas.py"))
        .arg(&data)
        .args(["--date", case.date])
        .args(case.options)
        .arg("--json")
        .arg(&peer_json)
        .stdout(Stdio::null())
        .stderr(File::create(&peer_log).unwrap())
        .spawn()
        .unwrap_or_else(|error| panic!("{} does not run: {error}", python.display()));

    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let mut args = vec!["measures", "--json", "--date", case.date];
    args.extend_from_slice(case.options);
    let pathway_text = scratch.pathway_ok(&args);
    let pathway_seconds = started.elapsed().as_secs_f64();
    fs::write(keep.join("pathway.json"), &pathway_text).unwrap();

    let status = peer.wait().unwrap();
    let peer_seconds = started.elapsed().as_secs_f64();
    assert!(
        status.success(),
        "the peer failed for {}:\n{}",
        case.describe(),
        fs::read_to_string(&peer_log).unwrap_or_default()
    );
    eprintln!(
        "{}: pathway import + measures {pathway_seconds:.1} s; peer done after {peer_seconds:.1} s",
        case.name
    );
    let peer_text = fs::read_to_string(&peer_json).unwrap();
    (
        parse(&peer_text, "the peer's document"),
        parse(&pathway_text, "the output of pathway measures --json"),
    )
}

/// Runs a case and insists the two documents are equal.
fn conforms(case: &Case) {
    let (peer, pathway) = measure_both(case);
    // The comparer must accept the peer's document against itself.
    compare(&peer, &peer).expect("the comparer accepts the peer's document against itself");
    if let Err(difference) = compare(&peer, &pathway) {
        let keep = keep_folder(case.name);
        panic!(
            "pathway measures differs from the peer ({}), expected = peer, actual = pathway:\n\
             {difference}\n\
             both documents: {} and {}",
            case.describe(),
            keep.join("peer.json").display(),
            keep.join("pathway.json").display(),
        );
    }
}

// ------------------------------------------------------------------ conformance

#[test]
fn one_council_on_the_default_options_matches_the_peer() {
    // No --group and no --bands: the defaults (route; 20,25,30) must agree too.
    conforms(&Case {
        name: "one_council",
        authorities: 1,
        seed: 1,
        years: None,
        end: None,
        date: "2024-09-30",
        options: &[],
    });
}

#[test]
fn three_councils_a_year_earlier_by_contract_match_the_peer() {
    conforms(&Case {
        name: "three_councils_2023",
        authorities: 3,
        seed: 7,
        years: None,
        end: None,
        date: "2023-09-30",
        options: &["--group", "contract"],
    });
}

#[test]
fn twenty_councils_by_team_match_the_peer() {
    conforms(&Case {
        name: "twenty_councils_team",
        authorities: 20,
        seed: 3,
        years: None,
        end: None,
        date: "2024-09-30",
        options: &["--group", "team"],
    });
}

#[test]
fn a_leap_day_with_a_short_history_by_cohort_matches_the_peer() {
    // D = 29 February 2024: the year to D starts after 28 February 2023.
    conforms(&Case {
        name: "leap_day_cohort",
        authorities: 2,
        seed: 11,
        years: Some(6),
        end: Some("2024-03-31"),
        date: "2024-02-29",
        options: &["--group", "cohort"],
    });
}

#[test]
fn start_years_with_whole_survival_curves_match_the_peer() {
    conforms(&Case {
        name: "start_year_curves",
        authorities: 2,
        seed: 5,
        years: None,
        end: None,
        date: "2024-09-30",
        options: &["--group", "start_year", "--curves"],
    });
}

#[test]
fn five_caseload_bands_by_academy_in_march_match_the_peer() {
    conforms(&Case {
        name: "bands_academy_2022",
        authorities: 1,
        seed: 2,
        years: None,
        end: None,
        date: "2022-03-31",
        options: &["--group", "academy", "--bands", "15,20,25,30"],
    });
}

#[test]
fn the_peers_own_document_is_accepted_and_a_nudged_copy_is_caught() {
    let python = peer_python();
    let scratch = Scratch::new();
    let case = Case {
        name: "peer_self_check",
        authorities: 2,
        seed: 1,
        years: None,
        end: None,
        date: "2024-09-30",
        options: &["--curves"],
    };
    let data = generate(&scratch, &case);
    let out = scratch.path("peer.json");
    let output = Command::new(&python)
        .arg(shared().join("bench/peer_pandas.py"))
        .arg(&data)
        .args(["--date", case.date, "--curves", "--json"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let peer = parse(&fs::read_to_string(&out).unwrap(), "the peer's document");

    compare(&peer, &peer).unwrap();
    let compact: Value = serde_json::from_str(&serde_json::to_string(&peer).unwrap()).unwrap();
    compare(&peer, &compact).unwrap();
    compare(&compact, &peer).unwrap();
    let pretty: Value =
        serde_json::from_str(&serde_json::to_string_pretty(&peer).unwrap()).unwrap();
    compare(&peer, &pretty).unwrap();

    // A change of one part in a million to one survival value is caught, at its path.
    let mut nudged = peer.clone();
    let lower = &mut nudged["authorities"]["888"]["survival"]["overall"]["at"]["1"]["lower"];
    let value = lower.as_f64().expect("a survival value at 1 year");
    *lower = json!(value * (1.0 + 1e-6));
    let difference = compare(&peer, &nudged).unwrap_err();
    assert_eq!(
        difference.path,
        "authorities.888.survival.overall.at.1.lower"
    );
    assert_eq!(difference.rule, Rule::Value);

    // And so is one case more in a count.
    let mut nudged = peer.clone();
    let cases = &mut nudged["authorities"]["all"]["workforce"]["cases"];
    *cases = json!(cases.as_i64().expect("an integer count") + 1);
    let difference = compare(&peer, &nudged).unwrap_err();
    assert_eq!(difference.path, "authorities.all.workforce.cases");
}

#[test]
fn measures_json_has_the_documented_top_level_layout() {
    let scratch = Scratch::new();
    let data = scratch.generated("one", 1);
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let text = scratch.pathway_ok(&["measures", "--json", "--date", "2024-09-30"]);
    let document = parse(&text, "the output of pathway measures --json");

    let mut keys: Vec<&str> = document
        .as_object()
        .expect("a JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "authorities",
            "caseload_band_bounds",
            "format",
            "group",
            "reference_date",
            "survival_times_days",
            "version",
            "year_from_exclusive",
        ]
    );
    assert_eq!(document["format"], "pathway-measures");
    assert!(
        document["version"].is_u64() && document["version"] == 1,
        "version must be the integer 1: {}",
        document["version"]
    );
    assert_eq!(document["reference_date"], "2024-09-30");
    assert_eq!(document["year_from_exclusive"], "2023-09-30");
    assert_eq!(document["group"], "route");
    assert_eq!(document["caseload_band_bounds"], json!([20, 25, 30]));
    let times: Vec<f64> = document["survival_times_days"]
        .as_array()
        .expect("survival_times_days is an array")
        .iter()
        .map(|time| time.as_f64().expect("a number"))
        .collect();
    assert_eq!(times, [365.25, 730.5, 1095.75, 1826.25]);

    let authorities = document["authorities"]
        .as_object()
        .expect("authorities is an object");
    let mut codes: Vec<&str> = authorities.keys().map(String::as_str).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["888", "all"]);
    for (code, scope) in authorities {
        let mut parts: Vec<&str> = scope
            .as_object()
            .unwrap_or_else(|| panic!("authorities.{code} is not an object"))
            .keys()
            .map(String::as_str)
            .collect();
        parts.sort_unstable();
        assert_eq!(
            parts,
            ["academy", "leavers", "recruitment", "survival", "workforce"],
            "authorities.{code}"
        );
    }
}

// ------------------------------------------------------------------ the comparer itself

fn difference(expected: Value, actual: Value) -> Difference {
    compare(&expected, &actual).expect_err("the comparer should find a difference")
}

#[test]
fn the_comparer_accepts_equal_documents_in_any_key_order() {
    let expected: Value =
        serde_json::from_str(r#"{"a": 1, "b": {"c": [1.5, null, "x"], "d": true}}"#).unwrap();
    let actual: Value =
        serde_json::from_str(r#"{"b": {"d": true, "c": [1.5, null, "x"]}, "a": 1}"#).unwrap();
    compare(&expected, &actual).unwrap();
    compare(&actual, &expected).unwrap();
}

#[test]
fn the_comparer_names_the_first_differing_path() {
    let expected = json!({"authorities": {"888": {"survival": {"by_group": {"name": "route",
        "groups": {"university": {"n": 10, "at": {"1": {"s": 0.9, "lower": 0.8, "upper": 0.95}}},
                   "unknown": null}}}}}});
    let mut actual = expected.clone();
    actual["authorities"]["888"]["survival"]["by_group"]["groups"]["university"]["at"]["1"]["lower"] =
        json!(0.81);
    let found = difference(expected, actual);
    assert_eq!(
        found.path,
        "authorities.888.survival.by_group.groups.university.at.1.lower"
    );
    assert_eq!(found.rule, Rule::Value);
    assert_eq!(found.expected.as_deref(), Some("0.8"));
    assert_eq!(found.actual.as_deref(), Some("0.81"));
}

#[test]
fn the_comparer_reports_the_first_difference_in_key_order() {
    let expected = json!({"b": 1, "a": {"z": 1, "y": 2}});
    let actual = json!({"b": 2, "a": {"z": 3, "y": 4}});
    assert_eq!(difference(expected, actual).path, "a.y");
}

#[test]
fn the_comparer_reports_a_missing_key() {
    let expected = json!({"workforce": {"headcount": 3, "fte": 2.5}});
    let actual = json!({"workforce": {"headcount": 3}});
    let found = difference(expected, actual);
    assert_eq!(found.path, "workforce.fte");
    assert_eq!(found.rule, Rule::MissingKey);
    assert_eq!(found.expected.as_deref(), Some("2.5"));
    assert_eq!(found.actual, None);
}

#[test]
fn the_comparer_reports_an_extra_key() {
    let expected = json!({"workforce": {"headcount": 3}});
    let actual = json!({"workforce": {"headcount": 3, "fte": 2.5}});
    let found = difference(expected, actual);
    assert_eq!(found.path, "workforce.fte");
    assert_eq!(found.rule, Rule::ExtraKey);
    assert_eq!(found.expected, None);
    assert_eq!(found.actual.as_deref(), Some("2.5"));
}

#[test]
fn the_comparer_reports_key_set_differences_before_values_beside_them() {
    let expected = json!({"a": 1, "z": 2});
    let actual = json!({"a": 5, "y": 2, "z": 2});
    let found = difference(expected, actual);
    assert_eq!((found.path.as_str(), found.rule), ("y", Rule::ExtraKey));
}

#[test]
fn the_comparer_reports_different_kinds() {
    let cases = [
        (json!({"x": null}), json!({"x": 0})),
        (json!({"x": 0.0}), json!({"x": null})),
        (json!({"x": 1}), json!({"x": "1"})),
        (json!({"x": [1]}), json!({"x": 1})),
        (json!({"x": {}}), json!({"x": []})),
        (json!({"x": true}), json!({"x": 1})),
    ];
    for (expected, actual) in cases {
        let found = difference(expected.clone(), actual.clone());
        assert_eq!(
            (found.path.as_str(), found.rule),
            ("x", Rule::Kind),
            "{expected} against {actual}"
        );
    }
    compare(&json!({"x": null}), &json!({"x": null})).unwrap();
}

#[test]
fn the_comparer_compares_integral_floats_as_numbers() {
    compare(&json!({"n": 39}), &json!({"n": 39.0})).unwrap();
    compare(&json!({"n": 39.0}), &json!({"n": 39})).unwrap();
    compare(&json!({"n": 0}), &json!({"n": -0.0})).unwrap();
}

#[test]
fn the_comparer_holds_integer_fields_exactly() {
    // Within the relative tolerance, but a count must be exact.
    let found = difference(
        json!({"n": 1_000_000_000_000_i64}),
        json!({"n": 1_000_000_000_001_i64}),
    );
    assert_eq!((found.path.as_str(), found.rule), ("n", Rule::Value));
    assert!(
        difference(json!({"n": 5}), json!({"n": 5.000_000_000_1})).rule == Rule::Value,
        "a count written 5.0000000001 is not 5"
    );
    difference(json!({"n": 5}), json!({"n": 6}));
    // A float field is compared with the tolerance even when written as an integer.
    compare(&json!({"x": 5.000_000_000_1}), &json!({"x": 5})).unwrap();
}

#[test]
fn the_comparer_applies_the_relative_tolerance() {
    compare(&json!([1.0]), &json!([1.0 + 5e-10])).unwrap();
    compare(&json!([-250.0]), &json!([-250.0 * (1.0 + 9e-10)])).unwrap();
    compare(&json!([61.599_999_999_999_994]), &json!([61.6])).unwrap();
    let found = difference(json!([1.0]), json!([1.0 + 2e-9]));
    assert_eq!((found.path.as_str(), found.rule), ("0", Rule::Value));
    difference(json!([1e6]), json!([1e6 + 0.01]));
    difference(json!([0.5]), json!([-0.5]));
}

#[test]
fn the_comparer_applies_the_absolute_tolerance_and_the_underflow_rule() {
    // A statistic that is zero up to the order of additions.
    compare(&json!([0.0]), &json!([3e-13])).unwrap();
    compare(&json!([1e-13]), &json!([-1e-13])).unwrap();
    difference(json!([0.0]), json!([1e-11]));
    // Tiny p-values: below 1e-300 on both sides.
    compare(&json!([1e-305]), &json!([0.0])).unwrap();
    compare(&json!([5e-310]), &json!([2e-301])).unwrap();
    assert!(floats_equal(1e-301, 9e-301));
    assert!(!floats_equal(1e-11, 3e-11));
}

#[test]
fn the_comparer_compares_arrays_by_length_then_element() {
    let found = difference(json!({"t": [1.0, 2.0]}), json!({"t": [1.0, 2.0, 3.0]}));
    assert_eq!((found.path.as_str(), found.rule), ("t", Rule::Length));
    let found = difference(
        json!({"curve": {"s": [1.0, 0.9, 0.8]}}),
        json!({"curve": {"s": [1.0, 0.9, 0.7]}}),
    );
    assert_eq!(
        (found.path.as_str(), found.rule),
        ("curve.s.2", Rule::Value)
    );
}

#[test]
fn the_comparer_compares_strings_exactly() {
    let found = difference(json!({"d": "2024-09-30"}), json!({"d": "2024-09-30 "}));
    assert_eq!((found.path.as_str(), found.rule), ("d", Rule::Value));
    difference(json!({"g": "route"}), json!({"g": "Route"}));
    compare(&json!({"g": "Zoë"}), &json!({"g": "Zoë"})).unwrap();
}

#[test]
fn the_comparer_quotes_keys_that_would_confuse_a_path() {
    let found = difference(
        json!({"by_university": {"St. Mary's, London": {"hired": 1}}}),
        json!({"by_university": {"St. Mary's, London": {"hired": 2}}}),
    );
    assert_eq!(found.path, r#"by_university."St. Mary's, London".hired"#);
    let found = difference(
        json!({"groups": {"888/T01": null}}),
        json!({"groups": {"888/T01": {"n": 1}}}),
    );
    assert_eq!(found.path, "groups.888/T01");
}

#[test]
fn the_comparer_difference_shows_the_path_both_values_and_the_rule() {
    let shown = difference(
        json!({"workforce": {"turnover_rate": 0.175}}),
        json!({"workforce": {"turnover_rate": null}}),
    )
    .to_string();
    for part in [
        "workforce.turnover_rate",
        "0.175",
        "null",
        "different JSON kinds",
    ] {
        assert!(shown.contains(part), "{part:?} not in:\n{shown}");
    }
    let shown = difference(json!({"a": {"b": 1}}), json!({"a": {}})).to_string();
    assert!(
        shown.contains("a.b") && shown.contains("missing key") && shown.contains("(absent)"),
        "{shown}"
    );
    let shown = difference(json!({"a": 1}), json!({"a": 1, "c": 2})).to_string();
    assert!(shown.contains("extra key"), "{shown}");
    let shown = difference(json!({"a": 1.0}), json!({"a": 1.5})).to_string();
    assert!(
        shown.contains("different values") && shown.contains("relative"),
        "{shown}"
    );
}

#[test]
fn measures_asked_again_are_read_back_until_the_records_change() {
    let scratch = Scratch::new();
    let data = scratch.generated("one", 1);
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let asked = ["measures", "--json", "--date", "2024-09-30", "--timings"];
    let first = scratch.pathway(&asked);
    let again = scratch.pathway(&asked);
    assert!(first.status.success() && again.status.success());
    let computed = String::from_utf8_lossy(&first.stderr);
    let kept = String::from_utf8_lossy(&again.stderr);
    assert!(
        computed.contains("compute"),
        "the first run computes: {computed}"
    );
    assert!(kept.contains("kept"), "the second reads back: {kept}");
    assert_eq!(first.stdout, again.stdout);

    // Other options are another document.
    let by_academy = scratch.pathway(&[
        "measures",
        "--json",
        "--date",
        "2024-09-30",
        "--group",
        "academy",
        "--timings",
    ]);
    assert!(String::from_utf8_lossy(&by_academy.stderr).contains("compute"));
    assert_ne!(by_academy.stdout, first.stdout);

    // A change to the records: computed again, with the change in it.
    let employments = data.join("employments.csv");
    let rows = support::read_csv(&employments);
    let end_column = rows[0].iter().position(|name| name == "end_date").unwrap();
    let start_column = rows[0]
        .iter()
        .position(|name| name == "start_date")
        .unwrap();
    let open = (1..rows.len())
        .find(|&index| {
            rows[index][end_column].is_empty() && rows[index][start_column].as_str() < "2024-01-01"
        })
        .expect("an employment open since before 2024");
    support::set_cell(&employments, open + 1, "end_date", "2024-06-30");
    support::set_cell(&employments, open + 1, "leaving_reason", "resignation");
    // Its assignments end with it.
    let employment_id = rows[open][rows[0]
        .iter()
        .position(|name| name == "employment_id")
        .unwrap()]
    .clone();
    let assignments = data.join("assignments.csv");
    let assignment_rows = support::read_csv(&assignments);
    let column = |name: &str| {
        assignment_rows[0]
            .iter()
            .position(|header| header == name)
            .unwrap()
    };
    for (index, row) in assignment_rows.iter().enumerate().skip(1) {
        if row[column("employment_id")] == employment_id && row[column("end_date")].is_empty() {
            support::set_cell(&assignments, index + 1, "end_date", "2024-06-30");
        }
    }
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let after = scratch.pathway(&asked);
    assert!(String::from_utf8_lossy(&after.stderr).contains("compute"));
    assert_ne!(after.stdout, first.stdout);
}

#[test]
fn measures_of_files_equal_the_measures_of_the_same_files_imported() {
    let scratch = Scratch::new();
    let data = scratch.generated("one", 1);
    let folder = data.to_str().unwrap();
    let from_files = scratch.pathway_ok(&[
        "measures",
        "--json",
        "--date",
        "2024-09-30",
        "--from",
        folder,
    ]);
    assert!(
        !scratch.database().exists(),
        "measuring files needs no database"
    );
    scratch.pathway_ok(&["import", folder]);
    let imported = scratch.pathway_ok(&["measures", "--json", "--date", "2024-09-30"]);
    // The same figures; the records are summed in the files' order rather than the
    // store's, so the last digits of a sum may differ, as the conformance rules allow.
    let from_files = parse(&from_files, "measures of the files");
    let imported = parse(&imported, "measures of the database");
    if let Err(difference) = compare(&from_files, &imported) {
        panic!("the measures of the files differ from the imported: {difference:?}");
    }

    // Files an import would refuse are refused with the same problems.
    support::set_cell(&data.join("employments.csv"), 2, "start_date", "2024-02-30");
    let refused = scratch.pathway(&["measures", "--json", "--from", folder]);
    assert!(!refused.status.success());
    let errors = String::from_utf8_lossy(&refused.stderr);
    assert!(
        errors.contains("employments.csv:2:start_date"),
        "the file, row and column: {errors}"
    );
    assert!(refused.stdout.is_empty());
}
