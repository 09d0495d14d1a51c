//! The formats a report is downloaded in, and the one place that renders each.

use crate::model::Report;

/// A format a report can be rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A standalone HTML document with print styles.
    Html,
    /// A tagged PDF (PDF/UA-1), made in-process.
    Pdf,
    /// A Word document.
    Docx,
    /// A workbook of the report's tables, one sheet each.
    Xlsx,
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The format named is not one Pathway makes.
    #[error("unknown report format {0:?}: expected one of html, pdf, docx, xlsx")]
    UnknownFormat(String),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] crate::pdf::PdfError),
    /// The Word document could not be made.
    #[error(transparent)]
    Docx(#[from] crate::docx::DocxError),
    /// The workbook could not be made.
    #[error(transparent)]
    Xlsx(#[from] crate::xlsx::XlsxError),
}

impl ReportFormat {
    /// Every format, in the order they are offered.
    pub const ALL: &[ReportFormat] = &[Self::Html, Self::Pdf, Self::Docx, Self::Xlsx];

    /// The format's name as commands and URLs spell it (also the file extension).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
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
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// How the format is named to a person ("PDF").
    pub fn label(self) -> &'static str {
        match self {
            Self::Html => "HTML",
            Self::Pdf => "PDF",
            Self::Docx => "Word (DOCX)",
            Self::Xlsx => "Excel (XLSX), the tables only",
        }
    }

    /// Reads a format's name, ignoring case.
    pub fn parse(text: &str) -> Result<Self, RenderError> {
        Self::ALL
            .iter()
            .copied()
            .find(|format| format.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| RenderError::UnknownFormat(text.to_owned()))
    }

    /// Renders `report` in this format.
    pub fn render(self, report: &Report) -> Result<Vec<u8>, RenderError> {
        Ok(match self {
            Self::Html => crate::html::document(report).into_bytes(),
            Self::Pdf => crate::pdf::render(report)?,
            Self::Docx => crate::docx::render(report)?,
            Self::Xlsx => crate::xlsx::workbook(&report.tables())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_read_by_name_in_any_case_and_unknown_ones_are_named() {
        assert_eq!(ReportFormat::parse(" PDF ").ok(), Some(ReportFormat::Pdf));
        for format in ReportFormat::ALL {
            assert_eq!(ReportFormat::parse(format.as_str()).ok(), Some(*format));
        }
        let error = ReportFormat::parse("odt").unwrap_err().to_string();
        assert_eq!(
            error,
            "unknown report format \"odt\": expected one of html, pdf, docx, xlsx"
        );
    }
}
