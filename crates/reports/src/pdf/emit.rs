//! Drawing laid-out pages with krilla: text with the embedded fonts, rules and fills,
//! charts through krilla-svg, each marked as content or artifact; then the tag tree,
//! the outline, the page labels and the document's metadata.

use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Datelike, Timelike, Utc};
use krilla::color::rgb;
use krilla::configure::{Configuration, Validator};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::metadata::{self, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{ArtifactType, ContentTag, Identifier, SpanTag, TagGroup, TagTree};
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};

use super::PdfError;
use super::layout::{Draw, Item, Laid, MARGIN, Mark, Node, PAGE_HEIGHT, PAGE_WIDTH};
use super::text::Faces;
use crate::fonts;
use crate::model::Report;

const FOOTER_SIZE: f32 = 9.0;
/// GOV.UK's light grey, behind table header rows.
const HEADER_FILL: (u8, u8, u8) = (243, 242, 241);
/// GOV.UK's mid grey, for the rules between table rows.
const RULE: (u8, u8, u8) = (177, 180, 182);
/// GOV.UK's dark grey, for the footer (7:1 against white).
const FOOTER_TEXT: (u8, u8, u8) = (80, 90, 95);

/// A font database holding only DejaVu Sans, standing in for every family a chart
/// names (`arial, sans-serif` resolves to its generic `sans-serif`): chart labels are
/// then set in the report's own, embedded font, and no system font is read.
fn chart_fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(fonts::regular().to_vec());
            database.load_font_data(fonts::bold().to_vec());
            database.set_sans_serif_family(fonts::FAMILY);
            database.set_serif_family(fonts::FAMILY);
            database.set_monospace_family(fonts::FAMILY);
            database.set_cursive_family(fonts::FAMILY);
            database.set_fantasy_family(fonts::FAMILY);
            Arc::new(database)
        })
        .clone()
}

fn parse_chart(svg: &str, id: &str) -> Result<usvg::Tree, PdfError> {
    let options = usvg::Options {
        font_family: fonts::FAMILY.to_owned(),
        fontdb: chart_fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|error| PdfError::Chart {
        figure: id.to_owned(),
        reason: error.to_string(),
    })
}

fn colour((red, green, blue): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(red, green, blue)
}

fn fill(colour_of: rgb::Color) -> Fill {
    Fill {
        paint: colour_of.into(),
        ..Fill::default()
    }
}

/// Draws every page of `laid`, then writes the document with its structure.
pub(super) fn write(
    report: &Report,
    laid: &Laid,
    faces: &Faces,
    created: DateTime<Utc>,
) -> Result<Vec<u8>, PdfError> {
    let charts = laid
        .figures
        .iter()
        .map(|figure| parse_chart(&figure.svg, &figure.id))
        .collect::<Result<Vec<_>, _>>()?;
    let settings = SerializeSettings {
        configuration: Configuration::new_with_validator(Validator::UA1),
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut identifiers: Vec<Option<Identifier>> = vec![None; laid.leaves];
    let numbered = laid.pages.len().saturating_sub(1);
    let size = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or(PdfError::Layout)?;
    for (index, items) in laid.pages.iter().enumerate() {
        // The cover is labelled "Cover" and the pages after it 1, 2, …, so a viewer's
        // page numbers match the footers.
        let label = if index == 0 {
            PageLabel::new(None, Some("Cover".to_owned()), None)
        } else {
            PageLabel::new(Some(NumberingStyle::Arabic), None, NonZeroU32::new(1))
        };
        let mut page = document.start_page_with(size.clone().with_page_label(label));
        let mut surface = page.surface();
        for item in items {
            draw(&mut surface, item, faces, &charts, &mut identifiers)?;
        }
        if index > 0 {
            let footer = format!("{} \u{b7} Page {index} of {numbered}", report.title);
            surface.start_tagged(ContentTag::Artifact(ArtifactType::Footer));
            surface.set_fill(Some(fill(colour(FOOTER_TEXT))));
            text(
                &mut surface,
                faces,
                MARGIN,
                PAGE_HEIGHT - MARGIN / 2.0,
                FOOTER_SIZE,
                false,
                &faces.regular.printable(&footer),
            );
            surface.end_tagged();
        }
        surface.finish();
        page.finish();
    }

    let mut tree = TagTree::new();
    for node in &laid.structure {
        if let Some(node) = tag_node(node, &identifiers)? {
            tree.push(node);
        }
    }
    document.set_tag_tree(tree);
    document.set_outline(outline(laid));
    document.set_metadata(
        Metadata::new()
            .title(report.title.clone())
            .language(report.language.clone())
            .authors(vec![report.council.clone()])
            .creator("Pathway".to_owned())
            .producer(format!("Pathway {}", env!("CARGO_PKG_VERSION")))
            .creation_date(date(created)),
    );
    document
        .finish()
        .map_err(|error| PdfError::Write(format!("{error:?}")))
}

fn date(created: DateTime<Utc>) -> metadata::DateTime {
    let year = u16::try_from(created.year()).unwrap_or(2000);
    let narrow = |value: u32| u8::try_from(value).unwrap_or(0);
    metadata::DateTime::new(year)
        .month(narrow(created.month()))
        .day(narrow(created.day()))
        .hour(narrow(created.hour()))
        .minute(narrow(created.minute()))
        .second(narrow(created.second()))
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn outline(laid: &Laid) -> Outline {
    let mut outline = Outline::new();
    for bookmark in &laid.bookmarks {
        outline.push_child(OutlineNode::new(
            bookmark.text.clone(),
            XyzDestination::new(bookmark.page, Point::from_xy(0.0, bookmark.y)),
        ));
    }
    outline
}

fn tag_node(
    node: &Node,
    identifiers: &[Option<Identifier>],
) -> Result<Option<krilla::tagging::Node>, PdfError> {
    Ok(match node {
        Node::Leaf(leaf) => {
            let identifier = identifiers
                .get(*leaf)
                .copied()
                .flatten()
                .ok_or(PdfError::Layout)?;
            Some(identifier.into())
        }
        Node::Group(tag, children) => {
            let mut kids = Vec::with_capacity(children.len());
            for child in children {
                if let Some(child) = tag_node(child, identifiers)? {
                    kids.push(child);
                }
            }
            // An empty group (an empty table cell) is dropped by krilla anyway.
            (!kids.is_empty()).then(|| TagGroup::with_children(tag.clone(), kids).into())
        }
    })
}

fn draw(
    surface: &mut Surface,
    item: &Item,
    faces: &Faces,
    charts: &[usvg::Tree],
    identifiers: &mut [Option<Identifier>],
) -> Result<(), PdfError> {
    let content = match (&item.draw, item.mark) {
        (_, Mark::Artifact) => ContentTag::Artifact(ArtifactType::Other),
        (Draw::Text { .. }, Mark::Content(_)) => ContentTag::Span(SpanTag::empty()),
        (_, Mark::Content(_)) => ContentTag::Other,
    };
    let identifier = surface.start_tagged(content);
    if let Mark::Content(leaf) = item.mark {
        identifiers[leaf] = Some(identifier);
    }
    match &item.draw {
        Draw::Text {
            x,
            baseline,
            size,
            bold,
            text: line,
        } => {
            surface.set_fill(Some(fill(rgb::Color::new(11, 12, 12))));
            text(surface, faces, *x, *baseline, *size, *bold, line);
        }
        Draw::Fill {
            x,
            y,
            width,
            height,
        } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) {
                let mut path = PathBuilder::new();
                path.push_rect(rect);
                if let Some(path) = path.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(fill(colour(HEADER_FILL))));
                    surface.draw_path(&path);
                }
            }
        }
        Draw::Rule {
            x1,
            x2,
            y,
            thickness,
        } => {
            let mut path = PathBuilder::new();
            path.move_to(*x1, *y);
            path.line_to(*x2, *y);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: colour(RULE).into(),
                    width: *thickness,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Draw::Chart {
            figure,
            x,
            y,
            width,
            height,
        } => {
            let tree = charts.get(*figure).ok_or(PdfError::Layout)?;
            let size = Size::from_wh(*width, *height).ok_or(PdfError::Layout)?;
            surface.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
            surface.draw_svg(tree, size, SvgSettings::default());
            surface.pop();
        }
    }
    surface.end_tagged();
    Ok(())
}

fn text(
    surface: &mut Surface,
    faces: &Faces,
    x: f32,
    baseline: f32,
    size: f32,
    bold: bool,
    line: &str,
) {
    let face = faces.face(bold);
    let glyphs = face.glyphs(line);
    surface.draw_glyphs(
        Point::from_xy(x, baseline),
        &glyphs,
        face.font(),
        line,
        size,
        false,
    );
}
