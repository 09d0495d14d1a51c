//! Pathway's reports, made from the measures and records the other crates hold:
//! the committee pack for councillors (one [`model::Report`] rendered as HTML, PDF and
//! DOCX), the DfE children's social work workforce census return (XML), XLSX
//! workbooks of any table, and the SVG charts the pages and reports draw.
//!
//! Nothing here reads a database or the network: callers pass in what they loaded,
//! and every renderer is a pure function from a report to bytes, so the same report
//! gives the same figures in every format.

pub mod charts;
pub mod fonts;
pub mod glossary;
pub mod model;

pub mod committee;
pub mod format;
pub mod html;
// [issue 8: committee]
// [issue 8: pdf]
// [issue 8: docx]
// [issue 8: census]
// [issue 8: xlsx]

pub use format::{RenderError, ReportFormat};
