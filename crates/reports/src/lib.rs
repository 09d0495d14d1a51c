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
pub mod trend;

pub mod committee;
pub mod format;
pub mod html;
// [issue 8: committee]
// [issue 8: pdf]
pub mod pdf;
// [issue 11: subject access]
pub mod subject_access;
// [issue 8: docx]
pub mod docx;
// [issue 8: census]
pub mod census;
// [issue 8: xlsx]
pub mod measure_tables;
pub mod xlsx;

pub use format::{RenderError, ReportFormat};
