//! A problem found in uploaded data, located as a spreadsheet user would find it.

use std::fmt;

use crate::workforce::BulkFile;

/// One thing wrong with an upload: which file, which row (header = row 1, as a
/// spreadsheet counts), which column, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (or sheet) of the bulk format.
    pub file: BulkFile,
    /// The row as a spreadsheet counts it, or `None` for records already stored.
    pub row: Option<u32>,
    /// The column's name as the bulk format spells it, if one column is at fault.
    pub column: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    /// A problem in one cell.
    pub fn at(file: BulkFile, row: Option<u32>, column: &str, message: impl Into<String>) -> Self {
        Self {
            file,
            row,
            column: Some(column.to_owned()),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `file:row:column: message`, e.g. `employments.csv:7:end_date: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.csv_name())?;
        match self.row {
            Some(row) => write!(f, ":{row}")?,
            None => write!(f, ":stored")?,
        }
        if let Some(column) = &self.column {
            write!(f, ":{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The problems found in an upload: the first [`Problems::CAP`] in full, then only a
/// count of the rest, so that a file that is wrong on every row still gives a readable
/// report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    shown: Vec<Problem>,
    total: usize,
}

impl Problems {
    /// How many problems are kept in full.
    pub const CAP: usize = 1000;

    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a problem; beyond the cap it is only counted.
    pub fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.shown.len() < Self::CAP {
            self.shown.push(problem);
        }
    }

    /// Adds every problem of another list.
    pub fn extend(&mut self, other: Problems) {
        let hidden = other.total - other.shown.len();
        for problem in other.shown {
            self.push(problem);
        }
        self.total += hidden;
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many problems were found in all.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The problems kept in full, in the order found.
    pub fn shown(&self) -> &[Problem] {
        &self.shown
    }

    /// How many were found beyond those shown.
    pub fn not_shown(&self) -> usize {
        self.total - self.shown.len()
    }

    /// Puts the shown problems in file, row and column order.
    pub fn sort(&mut self) {
        self.shown
            .sort_by(|a, b| (a.file, a.row, &a.column).cmp(&(b.file, b.row, &b.column)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_reads_file_row_column_message() {
        let problem = Problem::at(
            BulkFile::Employments,
            Some(7),
            "end_date",
            "expected a date",
        );
        assert_eq!(
            problem.to_string(),
            "employments.csv:7:end_date: expected a date"
        );
    }

    #[test]
    fn problems_beyond_the_cap_are_counted_not_kept() {
        let mut problems = Problems::new();
        for row in 0..1500 {
            problems.push(Problem::at(
                BulkFile::Workers,
                Some(row + 2),
                "gender",
                "bad",
            ));
        }
        assert_eq!(problems.total(), 1500);
        assert_eq!(problems.shown().len(), 1000);
        assert_eq!(problems.not_shown(), 500);
    }
}
