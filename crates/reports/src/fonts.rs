//! The fonts every report is set in, compiled into the binary so that a PDF or a
//! chart image looks the same on every machine and nothing is fetched: DejaVu Sans,
//! a sans-serif face with wide character coverage, close in spirit to the Arial of
//! GOV.UK pages (charts name `arial, sans-serif`; renderers map both to this face).

/// The family name of [`REGULAR`] and [`BOLD`], as fonts and SVG renderers know it.
pub const FAMILY: &str = "DejaVu Sans";

/// DejaVu Sans, regular weight: body text, table cells, chart labels.
pub fn regular() -> &'static [u8] {
    dejavu::sans::regular()
}

/// DejaVu Sans, bold: headings, table headers, labels on the cover.
pub fn bold() -> &'static [u8] {
    dejavu::sans::bold()
}
