//! The committee report as DOCX: a well-formed package whose document holds every
//! heading, cell and chart (with its alternative text), and which LibreOffice turns
//! into a PDF of the expected pages.
//!
//! The conversion test needs LibreOffice Writer and poppler's tools (`pdfinfo`,
//! `pdftotext`, `pdftoppm`); `scripts/test` installs them. It saves PNG renderings of
//! the first three pages in `target/report-renderings/docx-page-*.png`.

use crate::support::{demo, docx_fixture};

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeZone as _, Utc};
use pathway_reports::docx;
use pathway_reports::model::{Audience, Block, Report};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

use docx_fixture::{AWKWARD, committee_report};

fn render(report: &Report) -> Vec<u8> {
    let created = Utc.with_ymd_and_hms(2024, 11, 1, 12, 0, 0).unwrap();
    docx::render_created(report, created).expect("the report renders as DOCX")
}

/// Every part of the package, by name.
fn parts(docx: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a DOCX is a zip");
    let mut parts = BTreeMap::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        parts.insert(file.name().unwrap().to_string(), bytes);
    }
    parts
}

/// Checks that `xml` is well formed with every prefix declared; returns the text of
/// each paragraph (`w:p`) in order, and the attributes of every element named
/// `element` (prefix included).
fn check_xml(
    name: &str,
    xml: &[u8],
    element: &str,
) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let text = std::str::from_utf8(xml).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
    let mut reader = NsReader::from_str(text);
    let mut depth = 0usize;
    let mut roots = 0usize;
    let mut paragraphs = Vec::new();
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    let mut found = Vec::new();
    loop {
        let event = reader.read_event().unwrap_or_else(|error| {
            panic!(
                "{name} is not well formed at byte {}: {error}",
                reader.buffer_position()
            )
        });
        let start = match &event {
            Event::Start(start) | Event::Empty(start) => Some(start.clone()),
            _ => None,
        };
        if let Some(start) = start {
            if depth == 0 {
                roots += 1;
            }
            let qname = start.name().as_ref().to_owned();
            let (namespace, _) = reader.resolver().resolve_element(start.name());
            assert!(
                !matches!(namespace, ResolveResult::Unknown(_)),
                "{name}: <{qname}> has an undeclared prefix"
            );
            let mut attributes = BTreeMap::new();
            for attribute in start.attributes() {
                let attribute =
                    attribute.unwrap_or_else(|error| panic!("{name}: <{qname}>: {error}"));
                let key = attribute.key.as_ref().to_owned();
                let (namespace, _) = reader.resolver().resolve_attribute(attribute.key);
                assert!(
                    !matches!(namespace, ResolveResult::Unknown(_)),
                    "{name}: <{qname} {key}> has an undeclared prefix"
                );
                let value = attribute
                    .normalized_value(XmlVersion::default())
                    .unwrap_or_else(|error| panic!("{name}: <{qname} {key}>: {error}"));
                attributes.insert(key, value.into_owned());
            }
            if qname == element {
                found.push(attributes);
            }
            match (qname.as_str(), matches!(event, Event::Empty(_))) {
                ("w:p", false) => paragraph = Some(String::new()),
                ("w:p", true) => paragraphs.push(String::new()),
                ("w:t", false) => in_text = true,
                ("w:tab", _) => paragraph.iter_mut().for_each(|p| p.push('\t')),
                ("w:br", _) => paragraph.iter_mut().for_each(|p| p.push('\n')),
                _ => {}
            }
            if matches!(event, Event::Start(_)) {
                depth += 1;
            }
            continue;
        }
        match event {
            Event::End(end) => {
                depth -= 1;
                match end.name().as_ref() {
                    "w:p" => paragraphs.extend(paragraph.take()),
                    "w:t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(text) if in_text => {
                let text = text.xml10_content();
                paragraph.iter_mut().for_each(|p| p.push_str(&text));
            }
            Event::GeneralRef(reference) => {
                let character = match reference.resolve_char_ref().unwrap() {
                    Some(character) => character,
                    None => match reference.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("{name}: undefined entity &{other};"),
                    },
                };
                if in_text {
                    paragraph.iter_mut().for_each(|p| p.push(character));
                }
            }
            Event::Text(text) => assert!(
                depth > 0 || text.xml10_content().trim().is_empty(),
                "{name}: text outside the root element"
            ),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{name}: elements left open");
    assert_eq!(roots, 1, "{name}: one root element");
    (paragraphs, found)
}

/// Every heading, paragraph, list item, caption, cell and note of `report`, as the
/// document should show them.
fn expected_texts(report: &Report) -> Vec<String> {
    let mut texts = vec![report.title.clone(), report.council.clone()];
    texts.push(report.audience.label().to_owned());
    for line in &report.cover {
        texts.push(format!("{}: {}", line.label, line.value));
    }
    for (index, section) in report.sections.iter().enumerate() {
        texts.push(format!("{}. {}", index + 1, section.heading));
        for block in &section.blocks {
            match block {
                Block::Subheading { text } | Block::Paragraph { text } => texts.push(text.clone()),
                Block::Bullets { items } | Block::Numbered { items } => {
                    texts.extend(items.iter().cloned())
                }
                Block::Table(table) => texts.extend(report_table_texts(table)),
                Block::Figure(figure) => {
                    texts.push(figure.title.clone());
                    texts.extend(report_table_texts(&figure.table));
                }
            }
        }
    }
    texts.push("Glossary".to_owned());
    for entry in &report.glossary {
        texts.push(entry.acronym.clone());
        texts.push(entry.meaning.clone());
    }
    texts.retain(|text| !text.is_empty());
    texts
}

fn report_table_texts(table: &pathway_reports::model::Table) -> Vec<String> {
    let mut texts = vec![
        table.caption.clone(),
        table.corner.clone(),
        table.note.clone(),
    ];
    texts.extend(table.columns.iter().cloned());
    for row in &table.rows {
        texts.push(row.header.clone());
        texts.extend(row.cells.iter().map(|cell| cell.text.clone()));
    }
    texts
}

#[test]
fn every_part_of_the_docx_is_well_formed_xml_with_its_prefixes_declared() {
    let docx = render(&committee_report(Audience::Public));
    let parts = parts(&docx);
    let mut checked = 0;
    for (name, bytes) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            check_xml(name, bytes, "");
            checked += 1;
        } else {
            assert!(
                name.starts_with("word/media/figure-") && name.ends_with(".png"),
                "{name}"
            );
            assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is a PNG");
        }
    }
    // Content types, two relationship parts, two properties, document, styles,
    // numbering, settings, fonts, footer.
    assert_eq!(checked, 11, "{:?}", parts.keys().collect::<Vec<_>>());
}

#[test]
fn the_document_holds_every_heading_paragraph_and_cell_of_the_report() {
    let report = committee_report(Audience::Internal);
    let parts = parts(&render(&report));
    let (paragraphs, _) = check_xml("word/document.xml", &parts["word/document.xml"], "");
    for text in expected_texts(&report) {
        assert!(
            paragraphs.contains(&text),
            "word/document.xml has no paragraph {text:?}"
        );
    }
    assert!(paragraphs.contains(&AWKWARD.to_owned()));
    assert!(paragraphs.contains(&"c".to_owned()) && paragraphs.contains(&"z".to_owned()));

    let styles = String::from_utf8(parts["word/styles.xml"].clone()).unwrap();
    for level in 0..3 {
        assert!(styles.contains(&format!(r#"<w:outlineLvl w:val="{level}"/>"#)));
    }
    assert!(styles.contains(r#"<w:lang w:val="en-GB""#));
    let settings = String::from_utf8(parts["word/settings.xml"].clone()).unwrap();
    assert!(settings.contains(r#"<w:themeFontLang w:val="en-GB"/>"#));
    let footer = String::from_utf8(parts["word/footer1.xml"].clone()).unwrap();
    assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES "));
}

#[test]
fn every_table_repeats_its_header_row_on_each_page() {
    let report = committee_report(Audience::Public);
    let parts = parts(&render(&report));
    let document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let tables = document.matches("<w:tbl>").count();
    // Every table of the report (those under charts too), and the glossary.
    assert_eq!(tables, report.tables().len() + 1);
    assert_eq!(document.matches("<w:tblHeader/>").count(), tables);
}

#[test]
fn every_chart_is_an_image_with_its_alternative_text_and_title() {
    let report = committee_report(Audience::Public);
    let parts = parts(&render(&report));
    let (_, pictures) = check_xml("word/document.xml", &parts["word/document.xml"], "wp:docPr");
    let figures: Vec<_> = report
        .sections
        .iter()
        .flat_map(|section| &section.blocks)
        .filter_map(|block| match block {
            Block::Figure(figure) => Some(figure),
            _ => None,
        })
        .collect();
    assert_eq!(figures.len(), 2);
    assert_eq!(pictures.len(), figures.len());
    for (picture, figure) in pictures.iter().zip(&figures) {
        assert_eq!(picture["descr"], figure.alt);
        assert_eq!(picture["title"], figure.title);
    }
    for n in 1..=figures.len() {
        let png = &parts[&format!("word/media/figure-{n}.png")];
        // Twice the chart's width in pixels: the PNG header's width field.
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(f64::from(width), figures[n - 1].size.0 * 2.0);
    }
}

/// A tool the conversion test needs, or a failure saying how to install it.
fn tool(names: &[&str]) -> PathBuf {
    for name in names {
        if let Ok(output) = Command::new("which").arg(name).output()
            && output.status.success()
        {
            return PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        }
    }
    panic!(
        "{} is not installed: run scripts/test, which installs LibreOffice Writer and poppler-utils",
        names.join(" or ")
    );
}

/// Runs `command`, failing the test if it takes longer than `limit`.
fn run(command: &mut Command, limit: Duration) -> Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{command:?}: {error}"));
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} took longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().unwrap()
}

fn success(command: &mut Command, limit: Duration) -> String {
    let output = run(command, limit);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stdout.contains("Error") && !stderr.contains("Error"),
        "{command:?} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    stdout
}

/// Where the page renderings go: the workspace's `target/report-renderings/`.
fn renderings() -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/report-renderings");
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A report's DOCX converted by LibreOffice: the folder holding both, the PDF's path,
/// its page count and its text (pages split by form feeds).
struct Converted {
    folder: tempfile::TempDir,
    docx: PathBuf,
    pdf: PathBuf,
    pages: usize,
    text: String,
}

fn convert_with_libreoffice(report: &Report) -> Converted {
    let soffice = tool(&["soffice", "libreoffice"]);
    let pdfinfo = tool(&["pdfinfo"]);
    let pdftotext = tool(&["pdftotext"]);
    let folder = tempfile::tempdir().unwrap();
    let docx = folder.path().join("committee-report.docx");
    std::fs::write(&docx, render(report)).unwrap();
    // A profile of its own, so conversions running at the same time do not clash.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        folder.path().display()
    );
    let started = Instant::now();
    success(
        Command::new(&soffice)
            .arg(profile)
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(folder.path())
            .arg(&docx),
        Duration::from_secs(240),
    );
    eprintln!(
        "LibreOffice converted the DOCX in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let pdf = folder.path().join("committee-report.pdf");
    assert!(pdf.exists(), "LibreOffice wrote no PDF");

    let info = success(Command::new(&pdfinfo).arg(&pdf), Duration::from_secs(30));
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|pages| pages.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"));
    let text = success(
        Command::new(&pdftotext)
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-"),
        Duration::from_secs(30),
    );
    Converted {
        folder,
        docx,
        pdf,
        pages,
        text,
    }
}

/// Every numbered section heading of `report` is in `text`.
fn assert_every_heading(report: &Report, all: &str) {
    for (index, section) in report.sections.iter().enumerate() {
        let heading = format!("{}. {}", index + 1, section.heading);
        assert!(all.contains(&heading), "the PDF has no heading {heading:?}");
    }
}

#[test]
fn libreoffice_converts_the_demo_councils_committee_report_with_every_section() {
    let report = demo::committee_report(Audience::Internal);
    let converted = convert_with_libreoffice(&report);
    // The cover, twelve sections with seven charts and their tables, the glossary.
    assert!(
        (10..=40).contains(&converted.pages),
        "{} pages",
        converted.pages
    );
    let all = words(&converted.text);
    assert_every_heading(&report, &all);
    assert!(all.contains("Glossary") && all.contains("Full-time equivalent"));
}

#[test]
fn libreoffice_converts_the_docx_to_a_pdf_with_every_heading_and_chart() {
    let pdftoppm = tool(&["pdftoppm"]);
    let report = committee_report(Audience::Public);
    let Converted {
        folder: _folder,
        docx,
        pdf,
        pages,
        text,
    } = convert_with_libreoffice(&report);
    // The cover, then eight sections with two charts and a 72-row table, and the
    // glossary: several pages, and not one per block.
    assert!((6..=12).contains(&pages), "{pages} pages");
    let page_texts: Vec<&str> = text.split('\u{c}').collect();
    let all = words(&text);
    assert_every_heading(&report, &all);
    for block in report.sections.iter().flat_map(|section| &section.blocks) {
        if let Block::Figure(figure) = block {
            assert!(
                all.contains(&words(&figure.title)),
                "no figure {:?}",
                figure.title
            );
            assert!(all.contains(&words(&figure.table.caption)));
        }
    }
    assert!(
        all.contains(&words(AWKWARD)),
        "the PDF lost characters of {AWKWARD:?}"
    );
    assert!(all.contains("Glossary"));
    for entry in &report.glossary {
        assert!(
            all.contains(&words(&entry.meaning)),
            "no glossary entry {}",
            entry.acronym
        );
    }
    assert!(all.contains("Page 1 of"), "no page numbers in the footer");
    // The long table's header row is repeated on every page it runs over.
    let header_pages = page_texts
        .iter()
        .filter(|page| page.contains("Team and quarter"))
        .count();
    assert!(
        header_pages >= 2,
        "the header of the long table is on {header_pages} page(s)"
    );

    let folder_out = renderings();
    for old in std::fs::read_dir(&folder_out).unwrap().flatten() {
        let name = old.file_name().to_string_lossy().into_owned();
        if name.starts_with("docx-page-") && name.ends_with(".png") {
            std::fs::remove_file(old.path()).unwrap();
        }
    }
    // The document and its PDF beside the renderings, to open and look at.
    std::fs::copy(&docx, folder_out.join("docx-report.docx")).unwrap();
    std::fs::copy(&pdf, folder_out.join("docx-report.pdf")).unwrap();
    success(
        Command::new(&pdftoppm)
            .args(["-png", "-r", "70", "-f", "1", "-l", "3"])
            .arg(&pdf)
            .arg(folder_out.join("docx-page")),
        Duration::from_secs(60),
    );
    let saved = std::fs::read_dir(&folder_out)
        .unwrap()
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("docx-page-")
        })
        .count();
    assert_eq!(
        saved,
        3,
        "renderings of the first three pages in {}",
        folder_out.display()
    );
}
