//! The committee report as a PDF, checked with Poppler's tools the way a reader would
//! meet it: its text in reading order, its metadata, its fonts, and page images.

use crate::support;

use std::path::PathBuf;
use std::process::Command;
use std::sync::LazyLock;

use pathway_reports::model::Report;
use pathway_reports::pdf;

static REPORT: LazyLock<Report> = LazyLock::new(support::committee_report);

/// The PDF, written once under the target folder for the tools (and people) to read.
static PDF: LazyLock<PathBuf> = LazyLock::new(|| {
    let bytes = pdf::render(&REPORT).expect("the report renders as a PDF");
    let folder = renderings();
    std::fs::create_dir_all(&folder).expect("the renderings folder can be made");
    let path = folder.join("committee.pdf");
    std::fs::write(&path, bytes).expect("the PDF can be written");
    path
});

/// `target/report-renderings`, under CARGO_TARGET_DIR when it is set.
fn renderings() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("report-renderings")
}

/// Runs a Poppler tool; fails, saying how to get it, when it is missing.
fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|error| {
        panic!(
            "{tool} could not be run ({error}): it comes with Debian's poppler-utils, which scripts/test installs — run scripts/test"
        )
    });
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("Poppler writes UTF-8")
}

fn pdf_path() -> &'static str {
    PDF.to_str().expect("a UTF-8 path")
}

/// The PDF's text with every run of white space made one space.
fn text() -> String {
    let layout = poppler("pdftotext", &["-layout", "-enc", "UTF-8", pdf_path(), "-"]);
    layout.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds `wanted` in `text` at or after `from`, failing with what came before.
fn find_after(text: &str, wanted: &str, from: usize) -> usize {
    let normal = wanted.split_whitespace().collect::<Vec<_>>().join(" ");
    match text[from..].find(&normal) {
        Some(at) => from + at,
        None => panic!(
            "{normal:?} is not in the PDF's text after {:?}",
            &text[from.saturating_sub(200)..from]
        ),
    }
}

#[test]
fn the_pdf_text_holds_the_cover_every_heading_and_the_page_footer() {
    let text = text();
    let mut at = find_after(&text, &REPORT.title, 0);
    at = find_after(&text, &REPORT.council, at);
    for line in &REPORT.cover {
        at = find_after(&text, &line.label, at);
        at = find_after(&text, &line.value, at);
    }
    at = find_after(&text, REPORT.audience.label(), at);
    for (index, section) in REPORT.sections.iter().enumerate() {
        at = find_after(&text, &format!("{}. {}", index + 1, section.heading), at);
        for block in &section.blocks {
            if let pathway_reports::model::Block::Subheading { text: heading } = block {
                at = find_after(&text, heading, at);
            }
        }
    }
    find_after(&text, "Glossary", at);
    assert!(
        text.contains(&format!("{} · Page 1 of", REPORT.title)),
        "footer"
    );
    assert!(text.contains("Café Crème") && text.contains("Łódź House"));
    assert!(text.contains("Assessment & Intervention") && text.contains("<Central>"));
}

#[test]
fn the_pdf_text_holds_every_table_cell_in_row_order_and_the_glossary() {
    let text = text();
    let mut at = 0;
    for table in REPORT.tables() {
        at = find_after(&text, &table.caption, at);
        at = find_after(&text, &table.corner, at);
        for column in &table.columns {
            at = find_after(&text, column, at);
        }
        for row in &table.rows {
            at = find_after(&text, &row.header, at);
            for cell in &row.cells {
                at = find_after(&text, &cell.text, at);
            }
        }
        if !table.note.is_empty() {
            at = find_after(&text, &table.note, at);
        }
    }
    at = find_after(&text, "Glossary", at);
    assert!(!REPORT.glossary.is_empty());
    for entry in &REPORT.glossary {
        at = find_after(&text, &entry.acronym, at);
        at = find_after(&text, &entry.meaning, at);
    }
}

#[test]
fn the_pdf_is_tagged_a4_titled_and_has_several_pages() {
    let info = poppler("pdfinfo", &[pdf_path()]);
    let field = |name: &str| -> String {
        info.lines()
            .find_map(|line| line.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("pdfinfo shows no {name}:\n{info}"))
            .trim()
            .to_owned()
    };
    assert_eq!(field("Title"), REPORT.title);
    assert_eq!(field("Author"), REPORT.council);
    assert_eq!(field("Creator"), "Pathway");
    assert_eq!(field("Tagged"), "yes");
    assert!(
        field("Page size").ends_with("(A4)"),
        "{}",
        field("Page size")
    );
    let pages: usize = field("Pages").parse().expect("a page count");
    assert!(pages >= 3, "{pages} pages");
    assert!(!field("CreationDate").is_empty());
    let bytes = std::fs::read(&*PDF).expect("the PDF");
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("/DisplayDocTitle true"),
        "the viewer shows the title"
    );
    assert!(raw.contains("/Lang (en-GB)"), "the document's language");
}

#[test]
fn every_chart_is_a_figure_with_its_alternative_text_and_tables_have_header_scopes() {
    let bytes = std::fs::read(&*PDF).expect("the PDF");
    // Structure elements are written uncompressed, so they can be read as text.
    let raw = String::from_utf8_lossy(&bytes);
    let figures: Vec<&pathway_reports::model::Figure> = REPORT
        .sections
        .iter()
        .flat_map(|section| &section.blocks)
        .filter_map(|block| match block {
            pathway_reports::model::Block::Figure(figure) => Some(figure),
            _ => None,
        })
        .collect();
    assert_eq!(raw.matches("/S /Figure").count(), figures.len());
    for figure in figures {
        assert!(
            figure.alt.is_ascii(),
            "the fixture's alt text is plain ASCII"
        );
        assert!(
            raw.contains(&format!("/Alt ({})", figure.alt)),
            "{}",
            figure.id
        );
    }
    assert!(raw.contains("/Scope /Column") && raw.contains("/Scope /Row"));
    assert!(raw.contains("/S /Caption") && raw.contains("/S /LBody"));
}

#[test]
fn every_font_in_the_pdf_is_embedded() {
    let fonts = poppler("pdffonts", &[pdf_path()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{fonts}");
    for row in rows {
        assert!(row.contains("DejaVuSans"), "{row}");
        // The columns after the type and encoding: emb sub uni.
        let flags: Vec<&str> = row.split_whitespace().rev().skip(2).take(3).collect();
        assert_eq!(flags, ["yes", "yes", "yes"], "uni, sub and emb of {row}");
    }
}

#[test]
fn the_first_three_pages_are_rendered_as_images_for_review() {
    let folder = renderings();
    for page in 1..=3 {
        let number = page.to_string();
        let prefix = folder.join(format!("pdf-page-{page}"));
        poppler(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "70",
                "-f",
                &number,
                "-l",
                &number,
                "-singlefile",
                pdf_path(),
                prefix.to_str().expect("a UTF-8 path"),
            ],
        );
        let image = prefix.with_extension("png");
        let size = std::fs::metadata(&image).map(|m| m.len()).unwrap_or(0);
        assert!(size > 1000, "{} is missing or empty", image.display());
    }
}

#[test]
fn rendering_a_committee_report_takes_well_under_a_second() {
    let started = std::time::Instant::now();
    let bytes = pdf::render(&REPORT).expect("the report renders");
    let elapsed = started.elapsed();
    eprintln!("committee PDF: {} bytes in {elapsed:?}", bytes.len());
    // Generous for an unoptimised test build on a busy machine; a release build takes
    // a small fraction of this (docs/report-pdf.md).
    assert!(elapsed.as_secs_f64() < 10.0, "{elapsed:?}");
}
