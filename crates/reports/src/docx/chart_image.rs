//! Charts as PNG images: Word cannot be relied on to show SVG (older versions and
//! LibreOffice's import differ), so each chart is drawn to pixels with resvg.
//!
//! The chart SVG names `arial, sans-serif`. Only the DejaVu fonts compiled into
//! Pathway are given to the renderer, as its sans-serif face: "arial" is not found,
//! `sans-serif` is, so labels come out the same on a server with no fonts installed.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use super::DocxError;
use crate::fonts;

/// Pixels per SVG unit: twice the chart's size, so it prints sharply.
pub(super) const SCALE: f32 = 2.0;

/// The fonts charts are drawn with, loaded once.
fn font_database() -> Arc<fontdb::Database> {
    static DATABASE: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = fontdb::Database::new();
            database.load_font_source(fontdb::Source::Binary(Arc::new(fonts::regular())));
            database.load_font_source(fontdb::Source::Binary(Arc::new(fonts::bold())));
            database.set_sans_serif_family(fonts::FAMILY);
            Arc::new(database)
        })
        .clone()
}

/// Draws `svg` (the chart of figure `figure`) on white at [`SCALE`] times its size.
pub(super) fn chart_pixels(figure: &str, svg: &str) -> Result<Pixmap, DocxError> {
    let options = usvg::Options {
        font_family: fonts::FAMILY.to_owned(),
        fontdb: font_database(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|source| DocxError::ChartSvg {
        figure: figure.to_owned(),
        source,
    })?;
    let size = tree.size();
    let too_big = || DocxError::ChartSize {
        figure: figure.to_owned(),
        width: size.width(),
        height: size.height(),
    };
    let width = (size.width() * SCALE).ceil();
    let height = (size.height() * SCALE).ceil();
    // A chart is a few hundred units across; anything over 8,000 pixels is a mistake.
    if !(1.0..=8000.0).contains(&width) || !(1.0..=8000.0).contains(&height) {
        return Err(too_big());
    }
    let mut pixmap = Pixmap::new(width as u32, height as u32).ok_or_else(too_big)?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The chart of figure `figure` as a PNG image.
pub(super) fn chart_png(figure: &str, svg: &str) -> Result<Vec<u8>, DocxError> {
    chart_pixels(figure, svg)?
        .encode_png()
        .map_err(|source| DocxError::ChartPng {
            figure: figure.to_owned(),
            source: Box::new(source),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{Chart, Series, Unit, bar_chart};

    fn chart() -> String {
        bar_chart(&Chart {
            id: "vacancies".to_owned(),
            title: "Vacancies".to_owned(),
            description: "Vacancies fell.".to_owned(),
            categories: ["2022", "2023", "2024"].map(str::to_owned).to_vec(),
            series: vec![Series::new(
                "Vacancies (FTE)",
                vec![Some(15.0), Some(9.5), None],
            )],
            unit: Unit::Number,
            axis_label: "FTE".to_owned(),
        })
    }

    /// Pixels that are not white.
    fn inked(pixmap: &Pixmap) -> usize {
        pixmap
            .pixels()
            .iter()
            .filter(|pixel| pixel.red() < 200 || pixel.green() < 200 || pixel.blue() < 200)
            .count()
    }

    #[test]
    fn a_chart_is_drawn_at_twice_its_size_on_white() {
        let svg = chart();
        let pixmap = chart_pixels("vacancies", &svg).unwrap();
        assert_eq!(pixmap.width(), 1280);
        assert!(pixmap.height() > 500);
        let corner = pixmap.pixel(0, 0).unwrap();
        assert_eq!(
            (corner.red(), corner.green(), corner.blue()),
            (255, 255, 255)
        );
        let png = chart_png("vacancies", &svg).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn chart_labels_are_drawn_with_the_embedded_fonts() {
        let svg = chart();
        let without_text: String = {
            // The same chart with every label emptied: what a renderer with no fonts draws.
            let mut out = String::new();
            let mut rest = svg.as_str();
            while let Some(start) = rest.find("<text") {
                let close = rest[start..].find('>').unwrap() + start + 1;
                let end = rest[close..].find("</text>").unwrap() + close;
                out.push_str(&rest[..close]);
                rest = &rest[end..];
            }
            out.push_str(rest);
            out
        };
        let with_labels = inked(&chart_pixels("vacancies", &svg).unwrap());
        let without_labels = inked(&chart_pixels("vacancies", &without_text).unwrap());
        assert!(
            with_labels > without_labels + 2000,
            "labels add only {} inked pixels",
            with_labels - without_labels
        );
    }

    #[test]
    fn a_broken_chart_names_its_figure() {
        let error = chart_png("turnover", "<svg").unwrap_err();
        assert!(error.to_string().contains("figure turnover"), "{error}");
    }
}
