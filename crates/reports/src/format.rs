//! The formats a report is downloaded in, and the one place that renders each.

use crate::model::Report;

/// A format a report can be rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A standalone HTML document with print styles.
    Html,
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The format named is not one Pathway makes.
    #[error("unknown report format {0:?}: expected one of {1}")]
    UnknownFormat(String, &'static str),
}

impl ReportFormat {
    /// Every format, in the order they are offered.
    pub const ALL: &[ReportFormat] = &[Self::Html];

    /// The format's name as commands and URLs spell it (also the file extension).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Html => "html",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Html => "text/html; charset=utf-8",
        }
    }

    /// How the format is named to a person ("PDF").
    pub fn label(self) -> &'static str {
        match self {
            Self::Html => "HTML",
        }
    }

    /// Reads a format's name, ignoring case.
    pub fn parse(text: &str) -> Result<Self, RenderError> {
        Self::ALL
            .iter()
            .copied()
            .find(|format| format.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| RenderError::UnknownFormat(text.to_owned(), "html, pdf, docx, xlsx"))
    }

    /// Renders `report` in this format.
    pub fn render(self, report: &Report) -> Result<Vec<u8>, RenderError> {
        match self {
            Self::Html => Ok(crate::html::document(report).into_bytes()),
        }
    }
}
