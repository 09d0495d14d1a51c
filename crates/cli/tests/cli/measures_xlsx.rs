//! `pathway measures --xlsx FILE`: every view of the measures as a sheet, holding the
//! very numbers of `pathway measures --json` for the same councils and date.

use crate::support;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use pathway_reports::measure_tables::code_label;
use serde_json::Value;
use support::Scratch;

/// The header row of every table sheet (0-based), under the caption.
const HEADER_ROW: usize = 2;

struct Sheet {
    name: String,
    range: Range<Data>,
}

impl Sheet {
    /// The cell in the row headed `row` and the column headed `column`.
    fn cell(&self, row: &str, column: &str) -> Data {
        let rows: Vec<&[Data]> = self.range.rows().collect();
        let header = rows[HEADER_ROW];
        let column_index = header
            .iter()
            .position(|cell| cell == &Data::String(column.into()))
            .unwrap_or_else(|| panic!("{}: no column {column:?} in {header:?}", self.name));
        let found = rows[HEADER_ROW + 1..]
            .iter()
            .find(|cells| cells[0] == Data::String(row.into()))
            .unwrap_or_else(|| panic!("{}: no row {row:?}", self.name));
        found[column_index].clone()
    }

    /// The row whose header starts with `prefix` and ends with `suffix`.
    fn header_like(&self, prefix: &str, suffix: &str) -> String {
        self.range
            .rows()
            .skip(HEADER_ROW + 1)
            .filter_map(|cells| match &cells[0] {
                Data::String(text) if text.starts_with(prefix) && text.ends_with(suffix) => {
                    Some(text.clone())
                }
                _ => None,
            })
            .next()
            .unwrap_or_else(|| panic!("{}: no row like {prefix:?}…{suffix:?}", self.name))
    }
}

/// A JSON figure as the workbook should hold it: a number as a number, `null` as `z`.
fn expected(value: &Value) -> Data {
    match value {
        Value::Null => Data::String("z".into()),
        Value::Number(number) => Data::Float(number.as_f64().unwrap()),
        other => panic!("not a figure: {other}"),
    }
}

fn check(sheet: &Sheet, row: &str, column: &str, value: &Value, checked: &mut usize) {
    assert_eq!(
        sheet.cell(row, column),
        expected(value),
        "{} / {row} / {column}",
        sheet.name
    );
    *checked += 1;
}

#[test]
fn the_measures_workbook_holds_the_figures_of_the_measures_json() {
    let scratch = Scratch::new();
    scratch.pathway_ok(&["demo", "--councils", "2", "--until", "2024-09-30"]);
    let workbook_path = scratch.path("measures.xlsx");
    let json = scratch.pathway_ok(&["measures", "--date", "2024-09-30", "--json"]);
    let table = scratch.pathway_ok(&[
        "measures",
        "--date",
        "2024-09-30",
        "--xlsx",
        workbook_path.to_str().unwrap(),
    ]);
    assert!(table.contains("Workforce measures"), "{table}");
    let report: Value = serde_json::from_str(&json).unwrap();
    let mut book: Xlsx<_> = open_workbook(&workbook_path).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names,
        [
            "Contents",
            "workforce",
            "caseload-bands",
            "leavers",
            "leavers-by-reason",
            "leavers-by-destination",
            "academy-programmes",
            "academy-cohorts",
            "survival",
            "survival-logrank",
            "vacancies",
            "vacancies-by-stage",
            "recruitment-events",
            "placements",
        ]
    );
    let sheet = |book: &mut Xlsx<_>, name: &str| Sheet {
        name: name.to_owned(),
        range: book.worksheet_range(name).unwrap(),
    };
    let workforce = sheet(&mut book, "workforce");
    let bands = sheet(&mut book, "caseload-bands");
    let leavers = sheet(&mut book, "leavers");
    let reasons = sheet(&mut book, "leavers-by-reason");
    let destinations = sheet(&mut book, "leavers-by-destination");
    let programmes = sheet(&mut book, "academy-programmes");
    let cohorts = sheet(&mut book, "academy-cohorts");
    let survival = sheet(&mut book, "survival");
    let logrank = sheet(&mut book, "survival-logrank");
    let vacancies = sheet(&mut book, "vacancies");
    let stages = sheet(&mut book, "vacancies-by-stage");
    let events = sheet(&mut book, "recruitment-events");
    let placements = sheet(&mut book, "placements");
    let authorities = report["authorities"].as_object().unwrap();
    assert_eq!(authorities.len(), 3, "two councils and all");
    let mut checked = 0;
    for (key, m) in authorities {
        let column = if key == "all" {
            "All councils".to_owned()
        } else {
            format!("Council {key}")
        };
        let column = column.as_str();
        let c = &mut checked;
        let w = &m["workforce"];
        check(
            &workforce,
            "Social workers in post (headcount)",
            column,
            &w["headcount"],
            c,
        );
        check(
            &workforce,
            "Social workers in post (FTE)",
            column,
            &w["fte"],
            c,
        );
        check(&workforce, "Agency rate", column, &w["agency_rate"], c);
        check(&workforce, "Vacancy rate", column, &w["vacancy_rate"], c);
        check(&workforce, "Turnover rate", column, &w["turnover_rate"], c);
        check(
            &workforce,
            "Average caseload (cases per FTE)",
            column,
            &w["caseload_fte"],
            c,
        );
        check(
            &workforce,
            "Sickness absence rate",
            column,
            &w["absence_rate"],
            c,
        );
        check(
            &workforce,
            "Median service (years)",
            column,
            &w["median_service_years"],
            c,
        );
        for (band, figures) in w["caseload_bands"].as_object().unwrap() {
            check(
                &bands,
                &format!("{band} cases: workers"),
                column,
                &figures["count"],
                c,
            );
            check(
                &bands,
                &format!("{band} cases: share"),
                column,
                &figures["share"],
                c,
            );
        }
        let l = &m["leavers"];
        check(&leavers, "Leavers", column, &l["count"], c);
        check(
            &leavers,
            "Attrition (FTE)",
            column,
            &l["attrition"]["fte"],
            c,
        );
        check(&leavers, "Attrition rate", column, &l["attrition_rate"], c);
        check(
            &leavers,
            "Returners in the year",
            column,
            &l["returners_in_year"],
            c,
        );
        for (reason, count) in l["by_reason"].as_object().unwrap() {
            check(&reasons, &code_label(reason), column, count, c);
        }
        for (destination, count) in l["by_destination"].as_object().unwrap() {
            check(&destinations, &code_label(destination), column, count, c);
        }
        let a = &m["academy"];
        check(
            &programmes,
            "All programmes: members",
            column,
            &a["total"]["members"],
            c,
        );
        check(
            &programmes,
            "All programmes: retention by the council who completed",
            column,
            &a["total"]["of_completed"]["retained_council_rate"],
            c,
        );
        for (programme, block) in a["by_programme"].as_object().unwrap() {
            let prefix = format!("{} programme", code_label(programme));
            check(
                &programmes,
                &format!("{prefix}: completed"),
                column,
                &block["completed"],
                c,
            );
            check(
                &programmes,
                &format!("{prefix}: retention in children's services"),
                column,
                &block["retained_children_rate"],
                c,
            );
        }
        if key == "all" {
            assert!(a.get("by_cohort").is_none());
        } else {
            let by_cohort = a["by_cohort"].as_object().unwrap();
            assert!(!by_cohort.is_empty(), "the demo has cohorts");
            for (id, cohort) in by_cohort {
                let name = cohort["name"].as_str().unwrap();
                let members = cohorts.header_like(&format!("{name} ({id},"), ": members");
                check(&cohorts, &members, column, &cohort["members"], c);
                let rate =
                    cohorts.header_like(&format!("{name} ({id},"), ": retention by the council");
                check(&cohorts, &rate, column, &cohort["retained_council_rate"], c);
            }
        }
        let s = &m["survival"];
        check(
            &survival,
            "All employments: employments",
            column,
            &s["overall"]["n"],
            c,
        );
        check(
            &survival,
            "All employments: ended",
            column,
            &s["overall"]["events"],
            c,
        );
        check(
            &survival,
            "All employments: median length (days)",
            column,
            &s["overall"]["median_days"],
            c,
        );
        for (years, point) in s["overall"]["at"].as_object().unwrap() {
            let plural = if years == "1" { "year" } else { "years" };
            check(
                &survival,
                &format!("All employments: still going after {years} {plural}"),
                column,
                &point["s"],
                c,
            );
            check(
                &survival,
                &format!("All employments: after {years} {plural}, lower 95% limit"),
                column,
                &point["lower"],
                c,
            );
        }
        if let Some(yes) = s["by_academy"]["yes"].as_object() {
            check(
                &survival,
                "Academy members: employments",
                column,
                &yes["n"],
                c,
            );
        }
        for (group, km) in s["by_group"]["groups"].as_object().unwrap() {
            if let Some(km) = km.as_object() {
                check(
                    &survival,
                    &format!("Route {group}: ended"),
                    column,
                    &km["events"],
                    c,
                );
            }
        }
        if let Some(test) = s["logrank_academy"].as_object() {
            check(&logrank, "p-value", column, &test["p_value"], c);
            check(
                &logrank,
                "Academy members' employments",
                column,
                &test["n_yes"],
                c,
            );
        }
        let r = &m["recruitment"];
        check(
            &vacancies,
            "Vacancies open",
            column,
            &r["vacancies_open"]["count"],
            c,
        );
        check(
            &vacancies,
            "Vacancies open (FTE)",
            column,
            &r["vacancies_open"]["fte"],
            c,
        );
        check(
            &vacancies,
            "Median days to close a vacancy",
            column,
            &r["median_days_open_closed_in_year"],
            c,
        );
        for (stage, figures) in r["vacancies_by_stage"].as_object().unwrap() {
            let label = code_label(stage);
            check(
                &stages,
                &format!("{label}: vacancies"),
                column,
                &figures["count"],
                c,
            );
            check(
                &stages,
                &format!("{label}: FTE"),
                column,
                &figures["fte"],
                c,
            );
        }
        let total = &r["events"]["total"];
        check(
            &events,
            "All events: attendees",
            column,
            &total["attendees"],
            c,
        );
        check(&events, "All events: hires", column, &total["hires"], c);
        check(
            &events,
            "All events: hires per attendee",
            column,
            &total["hires_per_attendee"],
            c,
        );
        let p = &r["placements"];
        check(
            &placements,
            "All placements: placed",
            column,
            &p["total"]["placed"],
            c,
        );
        for (university, counts) in p["by_university"].as_object().unwrap() {
            check(
                &placements,
                &format!("{university}: hired"),
                column,
                &counts["hired"],
                c,
            );
        }
    }
    assert!(checked > 200, "only {checked} figures checked");
}
