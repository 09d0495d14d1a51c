//! The quarterly agency export as a CSV file (docs/agency-export.md): the header of
//! [`QUARTER_COLUMNS`], then one line per engagement running in the quarter, as
//! `pathway_domain::recruitment::agency::quarter_rows` lays them out.

use pathway_domain::recruitment::agency::{QUARTER_COLUMNS, QuarterRow};

/// The columns a person types, which a spreadsheet must not take for a formula.
const TYPED_COLUMNS: [&str; 4] = ["agency", "worker_name", "signed_off_by", "sign_off_reason"];

/// A typed cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return first) gets a leading apostrophe, so opening the file
/// runs nothing.
fn defused(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The file's bytes: UTF-8 without a BOM, RFC 4180 quoting where needed, `\n` line
/// ends, as the bulk format's CSV files.
pub fn quarter_csv(rows: &[QuarterRow]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(QUARTER_COLUMNS)?;
    for row in rows {
        writer.write_record(QUARTER_COLUMNS.iter().zip(&row.0).map(|(column, cell)| {
            if TYPED_COLUMNS.contains(column) {
                defused(cell)
            } else {
                cell.clone()
            }
        }))?;
    }
    writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(worker_name: &str, reason: &str) -> QuarterRow {
        let mut cells: [String; QUARTER_COLUMNS.len()] = Default::default();
        for (cell, column) in cells.iter_mut().zip(QUARTER_COLUMNS) {
            *cell = match column {
                "worker_name" => worker_name.to_owned(),
                "sign_off_reason" => reason.to_owned(),
                "hourly_rate" => "-1.00".to_owned(),
                other => other.to_uppercase(),
            };
        }
        QuarterRow(cells)
    }

    #[test]
    fn the_file_has_the_header_then_a_quoted_line_per_row() {
        let bytes = quarter_csv(&[row("Sam \"Locum\", jr", "Court, urgent")]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(QUARTER_COLUMNS.join(",").as_str()));
        let line = lines.next().unwrap();
        assert!(line.contains(r#""Sam ""Locum"", jr""#), "{line}");
        assert!(line.contains(r#""Court, urgent""#), "{line}");
        assert_eq!(lines.next(), None);
    }

    #[test]
    fn a_typed_cell_that_looks_like_a_formula_is_defused_and_figures_are_not() {
        let bytes = quarter_csv(&[row("=HYPERLINK(\"x\")", "@sum")]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains(r#""'=HYPERLINK(""x"")""#), "{text}");
        assert!(text.contains(",'@sum"), "{text}");
        assert!(text.contains(",-1.00,"), "{text}");
    }
}
