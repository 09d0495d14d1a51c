//! `pathway report committee`: the same committee report as HTML, PDF (text read back
//! with `pdftotext`) and DOCX (its document.xml) gives the same figures as `pathway
//! measures --json` for the same council and dates.

use crate::support;

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::Scratch;

const COUNCIL: &str = "990";
const DATES: [&str; 5] = [
    "2020-09-30",
    "2021-09-30",
    "2022-09-30",
    "2023-09-30",
    "2024-09-30",
];

/// The words of a text, one space apart, so that line and cell breaks do not matter.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markup turned into text: cells and paragraphs become spaces, entities decoded.
fn strip_tags(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (Debian poppler-utils) is installed: run scripts/test");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8(output.stdout).expect("UTF-8 text")
}

/// PNG renderings of the report's first pages, kept under target/ for a person to
/// look at.
fn render_pages(pdf: &Path) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/report-renderings");
    std::fs::create_dir_all(&folder).expect("target is writable");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", "1", "-l", "4"])
        .arg(pdf)
        .arg(folder.join("committee-page"))
        .status()
        .expect("pdftoppm (Debian poppler-utils) is installed: run scripts/test");
    assert!(status.success(), "pdftoppm failed");
}

fn docx_text(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("the DOCX was written");
    let mut archive = zip::ZipArchive::new(file).expect("a DOCX is a zip");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("a DOCX has word/document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    strip_tags(&xml)
}

/// A measure as the report writes it.
fn written(value: &Value, how: &str) -> String {
    match (value.as_f64(), how) {
        (None, _) => "z".to_owned(),
        (Some(v), "count") => format!("{v:.0}"),
        (Some(v), "decimal") => format!("{v:.1}"),
        (Some(v), "percent") => format!("{:.1}%", v * 100.0),
        (Some(_), other) => panic!("unknown format {other}"),
    }
}

#[test]
fn the_committee_report_in_html_pdf_and_docx_gives_the_figures_of_measures_json() {
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
    let measures: Vec<Value> = DATES
        .iter()
        .map(|date| {
            let json =
                scratch.pathway_ok(&["measures", "--json", "--council", COUNCIL, "--date", date]);
            let mut all: Value = serde_json::from_str(&json).expect("measures JSON");
            all["authorities"][COUNCIL].take()
        })
        .collect();
    let mut texts = Vec::new();
    for format in ["html", "pdf", "docx"] {
        let file = scratch.path(&format!("committee.{format}"));
        scratch.pathway_ok(&[
            "report",
            "committee",
            "--council",
            COUNCIL,
            "--date",
            "2024-09-30",
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ]);
        let text = match format {
            "html" => strip_tags(&std::fs::read_to_string(&file).unwrap()),
            "pdf" => {
                render_pages(&file);
                pdf_text(&file)
            }
            _ => docx_text(&file),
        };
        texts.push((format, words(&text)));
    }
    // Each key measure's row: its values at the five dates, in order.
    let rows: [(&str, &str, &str); 12] = [
        (
            "Social workers in post (headcount)",
            "/workforce/headcount",
            "count",
        ),
        ("Social workers in post (FTE)", "/workforce/fte", "decimal"),
        ("Vacancies (FTE)", "/workforce/vacancy_fte", "decimal"),
        ("Vacancy rate", "/workforce/vacancy_rate", "percent"),
        (
            "Agency social workers (FTE)",
            "/workforce/agency_fte",
            "decimal",
        ),
        ("Agency rate", "/workforce/agency_rate", "percent"),
        (
            "Starters in the year (FTE)",
            "/workforce/starters_fte",
            "decimal",
        ),
        (
            "Leavers in the year (FTE)",
            "/workforce/leavers_fte",
            "decimal",
        ),
        ("Turnover rate", "/workforce/turnover_rate", "percent"),
        ("Leavers in the year (headcount)", "/leavers/count", "count"),
        (
            "Average caseload (cases per FTE)",
            "/workforce/caseload_fte",
            "decimal",
        ),
        (
            "Sickness absence rate",
            "/workforce/absence_rate",
            "percent",
        ),
    ];
    for (label, pointer, how) in rows {
        let values: Vec<String> = measures
            .iter()
            .map(|m| written(m.pointer(pointer).expect(pointer), how))
            .collect();
        let sequence = values.join(" ");
        for (format, text) in &texts {
            assert!(
                text.contains(&sequence),
                "{format}: the row {label} should read {sequence}"
            );
            if *format != "pdf" {
                assert!(
                    text.contains(&format!("{label} {sequence}")),
                    "{format}: {label} {sequence}"
                );
            }
        }
    }
    // The caseload bands at D, and a generated sentence of the summary.
    let now = &measures[4];
    for band in ["0-19", "20-24", "25-29", "30+"] {
        let count = written(&now["workforce"]["caseload_bands"][band]["count"], "count");
        let share = written(
            &now["workforce"]["caseload_bands"][band]["share"],
            "percent",
        );
        for (format, text) in &texts {
            assert!(
                text.contains(&format!("{band} {count} {share}")),
                "{format}: band {band}"
            );
        }
    }
    let first = written(&measures[0]["workforce"]["vacancy_fte"], "decimal");
    let last = written(&now["workforce"]["vacancy_fte"], "decimal");
    let rose =
        now["workforce"]["vacancy_fte"].as_f64() > measures[0]["workforce"]["vacancy_fte"].as_f64();
    let verb = if rose { "rose" } else { "fell" };
    let sentence = format!(
        "Vacancies {verb} from {first} FTE at 30 September 2020 to {last} FTE at 30 September 2024."
    );
    for (format, text) in &texts {
        assert!(text.contains(&sentence), "{format}: {sentence}");
    }
}
