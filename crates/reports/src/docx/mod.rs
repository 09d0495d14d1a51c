//! The committee report as a Word document (DOCX, Office Open XML), written part by
//! part with no document library: the package is a zip of XML parts that Word and
//! LibreOffice both open.
//!
//! Accessibility is built in rather than left to the reader's software: real heading
//! styles with outline levels (the navigation pane and a table of contents find them),
//! every chart an image with alternative text followed by its data table, table
//! header rows marked to repeat on every page, and the document's language set to the
//! report's (en-GB) in its properties, its styles and its settings.

mod body;
mod chart_image;
mod parts;
mod xml;

use std::io::{Cursor, Write as _};

use chrono::{DateTime, Utc};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::model::Report;

/// Why a report could not be written as DOCX.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// A chart's SVG could not be read (a bug in the chart's drawing).
    #[error("the chart of figure {figure} is not an SVG image that can be drawn")]
    ChartSvg {
        /// The figure's id.
        figure: String,
        /// What the SVG reader said.
        #[source]
        source: resvg::usvg::Error,
    },
    /// A chart has no area to draw, or is too large to draw.
    #[error("the chart of figure {figure} is {width} by {height}, which cannot be drawn")]
    ChartSize {
        /// The figure's id.
        figure: String,
        /// Its width in SVG units.
        width: f32,
        /// Its height in SVG units.
        height: f32,
    },
    /// A chart's image could not be encoded as PNG.
    #[error("the chart of figure {figure} could not be saved as a PNG image")]
    ChartPng {
        /// The figure's id.
        figure: String,
        /// What the PNG encoder said.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The zip package could not be written.
    #[error("could not write the DOCX package")]
    Package(#[from] zip::result::ZipError),
    /// A part could not be written into the package.
    #[error("could not write the DOCX part {part}")]
    Part {
        /// The part's name in the package.
        part: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Writes `report` as a DOCX document, dated now in its properties.
pub fn render(report: &Report) -> Result<Vec<u8>, DocxError> {
    render_created(report, Utc::now())
}

/// Writes `report` as a DOCX document whose properties say it was created at
/// `created`: the same report and time always give the same bytes.
pub fn render_created(report: &Report, created: DateTime<Utc>) -> Result<Vec<u8>, DocxError> {
    let document = body::document(report)?;
    let mut package = Package::new();
    package.add("[Content_Types].xml", parts::content_types().into_bytes())?;
    package.add("_rels/.rels", parts::package_relationships().into_bytes())?;
    package.add(
        "docProps/core.xml",
        parts::core(report, created).into_bytes(),
    )?;
    package.add("docProps/app.xml", parts::app(report).into_bytes())?;
    package.add("word/document.xml", document.xml.into_bytes())?;
    package.add(
        "word/_rels/document.xml.rels",
        parts::document_relationships(document.images.len()).into_bytes(),
    )?;
    package.add("word/styles.xml", parts::styles(report).into_bytes())?;
    package.add(
        "word/numbering.xml",
        parts::numbering(document.numbered_lists).into_bytes(),
    )?;
    package.add("word/settings.xml", parts::settings(report).into_bytes())?;
    package.add("word/fontTable.xml", parts::font_table().into_bytes())?;
    package.add("word/footer1.xml", parts::footer().into_bytes())?;
    for (index, image) in document.images.into_iter().enumerate() {
        package.add(&parts::image_part(index + 1), image)?;
    }
    package.finish()
}

/// The zip being written, in memory.
struct Package {
    zip: ZipWriter<Cursor<Vec<u8>>>,
}

impl Package {
    fn new() -> Self {
        Self {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
        }
    }

    fn add(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), DocxError> {
        // PNGs are compressed already; deflating them again only costs time.
        let method = if name.ends_with(".png") {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        self.zip.start_file(
            name,
            SimpleFileOptions::default().compression_method(method),
        )?;
        self.zip
            .write_all(&bytes)
            .map_err(|source| DocxError::Part {
                part: name.to_owned(),
                source,
            })
    }

    fn finish(self) -> Result<Vec<u8>, DocxError> {
        Ok(self.zip.finish()?.into_inner())
    }
}

#[cfg(test)]
mod tests;
