//! The header row: which field holds which column.

use csv::ByteRecord;
use pathway_domain::{BulkFile, Problem, Problems};

use crate::Warning;
use crate::columns::columns;
use crate::rows::Layout;

/// Matches a header row to the file's columns: names trimmed and matched ignoring
/// case, in any order. Unknown columns become warnings; a missing required column or a
/// column named twice is a problem at the header row, and then `None`: the file's rows
/// are not read.
pub(crate) fn layout(
    file: BulkFile,
    header: &ByteRecord,
    header_row: u32,
    warnings: &mut Vec<Warning>,
    problems: &mut Problems,
) -> Option<Layout> {
    let spec = columns(file);
    let mut fields: Vec<Option<usize>> = vec![None; spec.len()];
    let mut ok = true;
    for (field, raw) in header.iter().enumerate() {
        let text = String::from_utf8_lossy(raw);
        let name = text.trim_start_matches('\u{feff}').trim();
        if name.is_empty() {
            // A column without a name: Excel leaves these behind; its cells are
            // checked to be blank like any cell beyond the header.
            continue;
        }
        match spec
            .iter()
            .position(|column| column.name.eq_ignore_ascii_case(name))
        {
            Some(position) => match fields[position] {
                Some(_) => {
                    ok = false;
                    problems.push(Problem::at(
                        file,
                        Some(header_row),
                        spec[position].name,
                        format!("the column {} appears more than once", spec[position].name),
                    ));
                }
                None => fields[position] = Some(field),
            },
            None => warnings.push(Warning {
                file: Some(file),
                row: header_row,
                name: name.to_owned(),
                message: "unknown column, ignored".to_owned(),
            }),
        }
    }
    for (column, field) in spec.iter().zip(&fields) {
        if column.required && field.is_none() {
            ok = false;
            problems.push(Problem::at(
                file,
                Some(header_row),
                column.name,
                format!("missing required column {}", column.name),
            ));
        }
    }
    let width = last_named_field(header).map_or(0, |last| last + 1);
    ok.then(|| Layout::new(file, fields, width))
}

/// The last header field with a name: unnamed trailing columns count as beyond the
/// header, so that cells in them are reported rather than silently dropped.
fn last_named_field(header: &ByteRecord) -> Option<usize> {
    header
        .iter()
        .rposition(|field| !field.iter().all(u8::is_ascii_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(file: BulkFile, header: &[&str]) -> (Option<Layout>, Vec<String>, Vec<String>) {
        let mut warnings = Vec::new();
        let mut problems = Problems::new();
        let layout = layout(
            file,
            &ByteRecord::from(header.to_vec()),
            1,
            &mut warnings,
            &mut problems,
        );
        let warnings = warnings.iter().map(ToString::to_string).collect();
        let problems = problems.shown().iter().map(ToString::to_string).collect();
        (layout, warnings, problems)
    }

    #[test]
    fn header_names_match_ignoring_case_spaces_and_order() {
        let (layout, warnings, problems) = run(
            BulkFile::Teams,
            &[" SERVICE", "Name ", "team_ID", "authority"],
        );
        assert!(warnings.is_empty() && problems.is_empty());
        let layout = layout.unwrap();
        assert_eq!(
            layout,
            Layout::new(
                BulkFile::Teams,
                vec![Some(3), Some(2), Some(1), Some(0), None],
                4
            )
        );
    }

    #[test]
    fn a_byte_order_mark_before_the_first_name_is_ignored() {
        let (layout, _, problems) = run(
            BulkFile::Teams,
            &["\u{feff}authority", "team_id", "name", "service"],
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert!(layout.is_some());
    }

    #[test]
    fn unknown_columns_are_warnings() {
        let (layout, warnings, problems) = run(
            BulkFile::Teams,
            &["authority", "team_id", "name", "service", "Colour"],
        );
        assert!(layout.is_some());
        assert!(problems.is_empty());
        assert_eq!(warnings, ["teams.csv:1:Colour: unknown column, ignored"]);
    }

    #[test]
    fn a_missing_required_column_is_a_problem_at_row_1() {
        let (layout, _, problems) = run(
            BulkFile::Employments,
            &["authority", "employment_id", "worker_id"],
        );
        assert!(layout.is_none());
        assert_eq!(
            problems,
            ["employments.csv:1:start_date: missing required column start_date"]
        );
    }

    #[test]
    fn a_missing_optional_column_is_fine() {
        let (layout, warnings, problems) = run(
            BulkFile::Employments,
            &["authority", "employment_id", "worker_id", "start_date"],
        );
        assert!(layout.is_some() && warnings.is_empty() && problems.is_empty());
    }

    #[test]
    fn a_column_named_twice_is_a_problem() {
        let (layout, _, problems) = run(
            BulkFile::Teams,
            &["authority", "team_id", "name", "service", "Name"],
        );
        assert!(layout.is_none());
        assert_eq!(
            problems,
            ["teams.csv:1:name: the column name appears more than once"]
        );
    }

    #[test]
    fn an_empty_header_misses_every_required_column() {
        let (layout, _, problems) = run(BulkFile::Caseloads, &[]);
        assert!(layout.is_none());
        assert_eq!(problems.len(), 4);
    }

    #[test]
    fn unnamed_trailing_columns_are_not_part_of_the_header() {
        let (layout, warnings, _) = run(
            BulkFile::Teams,
            &["authority", "team_id", "name", "service", "", " "],
        );
        assert!(warnings.is_empty());
        assert_eq!(layout.unwrap().width(), 4);
    }
}
