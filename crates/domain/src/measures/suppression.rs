//! Publishing small numbers (`metrics.md`, "Publishing small numbers"): every count
//! from 1 to 4 (below the threshold, 5 unless changed) becomes `c`, as does every rate
//! whose numerator or denominator is from 1 to 4; zero is shown as `0`. So that no `c`
//! can be worked out from the totals beside it, more cells are suppressed too
//! (secondary suppression).
//!
//! The one entry point for a table is [`Suppression::table`]: a [`CountTable`] of
//! counts in (its row and column totals are computed, not given), a
//! [`PublishedTable`] of [`Published`] cells out, totals included. A list (one
//! breakdown and its total) is a table of one column.
//!
//! How secondary suppression works: a table with its totals is a grid in which each
//! row's and each column's cells add up to its total. A suppressed cell could be
//! worked out if it were the only one suppressed in a line (row or column, its total
//! included), so in such a line the next smallest cell is suppressed too (a non-zero
//! one if there is one), until no line has exactly one. That is not always enough:
//! two separate groups of suppressed cells joined by a single suppressed cell still
//! give that cell away (its value is the difference of the two groups' totals), so
//! such a cell gets a partner as well: the smallest cell that joins the two groups a
//! second time. When it ends, no suppressed cell is fixed by the published figures.

use std::fmt;

use serde::{Serialize, Serializer};

/// The symbol the DfE's statistics use for a figure held back to protect people.
pub const SUPPRESSED: &str = "c";

/// The threshold unless a council sets another: counts below it (and above zero) are
/// not published.
pub const DEFAULT_THRESHOLD: u64 = 5;

/// A published count: the number, or `c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// Shown as it is.
    Count(u64),
    /// Held back: shown as `c`.
    Suppressed,
}

impl Published {
    /// The number, if shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Self::Count(count) => Some(count),
            Self::Suppressed => None,
        }
    }

    /// Whether it is held back.
    pub fn is_suppressed(self) -> bool {
        self == Self::Suppressed
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Count(count) => write!(f, "{count}"),
            Self::Suppressed => f.write_str(SUPPRESSED),
        }
    }
}

/// A number in JSON, or the string `"c"`.
impl Serialize for Published {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Count(count) => serializer.serialize_u64(*count),
            Self::Suppressed => serializer.serialize_str(SUPPRESSED),
        }
    }
}

/// A published rate: the fraction (0.25 for 25%), not applicable (no denominator),
/// or `c`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PublishedRate {
    /// Shown: numerator / denominator.
    Rate(f64),
    /// The denominator is zero: nothing to show (`z` in the DfE's tables).
    NotApplicable,
    /// Held back: shown as `c`.
    Suppressed,
}

impl PublishedRate {
    /// The rate as a percentage with one decimal, `c`, or `z`.
    pub fn percent(self) -> String {
        match self {
            Self::Rate(rate) => format!("{:.1}%", rate * 100.0),
            Self::NotApplicable => "z".to_owned(),
            Self::Suppressed => SUPPRESSED.to_owned(),
        }
    }

    /// The fraction, if shown.
    pub fn value(self) -> Option<f64> {
        match self {
            Self::Rate(rate) => Some(rate),
            _ => None,
        }
    }
}

/// A number in JSON, `null` when not applicable, or `"c"`.
impl Serialize for PublishedRate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Rate(rate) => serializer.serialize_f64(*rate),
            Self::NotApplicable => serializer.serialize_none(),
            Self::Suppressed => serializer.serialize_str(SUPPRESSED),
        }
    }
}

/// Counts laid out as a table: `counts[row][column]`. Totals are worked out from the
/// counts, so they always agree with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    /// The rows' labels.
    pub rows: Vec<String>,
    /// The columns' labels.
    pub columns: Vec<String>,
    /// One entry per row, each with one count per column.
    pub counts: Vec<Vec<u64>>,
}

impl CountTable {
    /// A table of zeros with these labels, to add counts to.
    pub fn zeros(rows: Vec<String>, columns: Vec<String>) -> Self {
        let counts = vec![vec![0; columns.len()]; rows.len()];
        Self {
            rows,
            columns,
            counts,
        }
    }

    /// A list: one column (`column` labels it) of counts, one per row.
    pub fn list(column: &str, entries: Vec<(String, u64)>) -> Self {
        let (rows, counts) = entries
            .into_iter()
            .map(|(label, count)| (label, vec![count]))
            .unzip();
        Self {
            rows,
            columns: vec![column.to_owned()],
            counts,
        }
    }

    /// Each row's total.
    pub fn row_totals(&self) -> Vec<u64> {
        self.counts.iter().map(|row| row.iter().sum()).collect()
    }

    /// Each column's total.
    pub fn column_totals(&self) -> Vec<u64> {
        (0..self.columns.len())
            .map(|column| self.counts.iter().map(|row| row[column]).sum())
            .collect()
    }

    /// Everything.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }
}

/// A table as it may be published: every cell and total a number or `c`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedTable {
    /// The rows' labels.
    pub rows: Vec<String>,
    /// The columns' labels.
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Published>>,
    /// Each row's total.
    pub row_totals: Vec<Published>,
    /// Each column's total.
    pub column_totals: Vec<Published>,
    /// The grand total.
    pub total: Published,
}

impl PublishedTable {
    /// How many cells and totals are held back.
    pub fn suppressed_count(&self) -> usize {
        self.cells
            .iter()
            .flatten()
            .chain(&self.row_totals)
            .chain(&self.column_totals)
            .chain(std::iter::once(&self.total))
            .filter(|cell| cell.is_suppressed())
            .count()
    }
}

/// The rule for publishing small numbers, with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suppression {
    /// Counts from 1 to `threshold - 1` are held back; 0 means show everything.
    pub threshold: u64,
}

impl Default for Suppression {
    fn default() -> Self {
        Self {
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

impl Suppression {
    /// Shows everything: the internal view (the workforce lead's).
    pub const NONE: Self = Self { threshold: 0 };

    /// Suppression for a viewer: none when they see small numbers, else the default.
    pub fn for_viewer(sees_small_numbers: bool) -> Self {
        if sees_small_numbers {
            Self::NONE
        } else {
            Self::default()
        }
    }

    /// Whether this shows every count as it is.
    pub fn shows_everything(self) -> bool {
        self.threshold <= 1
    }

    /// Whether a count on its own must be held back: 1 to threshold − 1.
    pub fn is_small(self, count: u64) -> bool {
        count > 0 && count < self.threshold
    }

    /// One count standing alone (no total beside it to recover it from).
    pub fn count(self, count: u64) -> Published {
        if self.is_small(count) {
            Published::Suppressed
        } else {
            Published::Count(count)
        }
    }

    /// A rate: `c` when its numerator or denominator is small, not applicable when
    /// the denominator is zero.
    pub fn rate(self, numerator: u64, denominator: u64) -> PublishedRate {
        if denominator == 0 {
            PublishedRate::NotApplicable
        } else if self.is_small(numerator) || self.is_small(denominator) {
            PublishedRate::Suppressed
        } else {
            PublishedRate::Rate(numerator as f64 / denominator as f64)
        }
    }

    /// The share of a published cell in a published total: `c` whenever either is
    /// held back (a share of a shown total would give a suppressed cell away).
    pub fn share(self, cell: Published, total: Published) -> PublishedRate {
        match (cell, total) {
            (_, Published::Count(0)) => PublishedRate::NotApplicable,
            (Published::Count(count), Published::Count(total)) => self.rate(count, total),
            _ => PublishedRate::Suppressed,
        }
    }

    /// Publishes a table of counts with its row and column totals and grand total,
    /// suppressing small numbers and then enough others that none can be worked out.
    pub fn table(self, table: &CountTable) -> PublishedTable {
        self.table_with_total_hidden(table, false)
    }

    /// As [`Self::table`], but with the grand total held back from the start
    /// (`hide_total`): for a table whose total another table publishes as `c`, so
    /// that neither gives the other away.
    pub fn table_with_total_hidden(self, table: &CountTable, hide_total: bool) -> PublishedTable {
        let grid = Grid::of(table);
        let hidden = if self.shows_everything() {
            vec![vec![false; grid.width]; grid.height]
        } else {
            grid.suppress(self, hide_total)
        };
        let cell = |row: usize, column: usize| {
            if hidden[row][column] {
                Published::Suppressed
            } else {
                Published::Count(grid.values[row][column])
            }
        };
        let rows = table.rows.len();
        let columns = table.columns.len();
        PublishedTable {
            rows: table.rows.clone(),
            columns: table.columns.clone(),
            cells: (0..rows)
                .map(|row| (0..columns).map(|column| cell(row, column)).collect())
                .collect(),
            row_totals: (0..rows).map(|row| cell(row, columns)).collect(),
            column_totals: (0..columns).map(|column| cell(rows, column)).collect(),
            total: cell(rows, columns),
        }
    }
}

/// A table with its totals as one grid: the last column holds the row totals, the
/// last row the column totals, the corner the grand total. Every row and every column
/// of the grid is a line whose cells add up to its last one.
#[derive(Debug)]
struct Grid {
    values: Vec<Vec<u64>>,
    height: usize,
    width: usize,
}

impl Grid {
    fn of(table: &CountTable) -> Self {
        let mut values: Vec<Vec<u64>> = table
            .counts
            .iter()
            .zip(table.row_totals())
            .map(|(row, total)| {
                let mut line = row.clone();
                line.push(total);
                line
            })
            .collect();
        let mut last = table.column_totals();
        last.push(table.total());
        values.push(last);
        Self {
            height: table.rows.len() + 1,
            width: table.columns.len() + 1,
            values,
        }
    }

    /// Which cells to hold back.
    fn suppress(&self, rule: Suppression, hide_total: bool) -> Vec<Vec<bool>> {
        let mut hidden: Vec<Vec<bool>> = self
            .values
            .iter()
            .map(|row| row.iter().map(|&value| rule.is_small(value)).collect())
            .collect();
        if hide_total {
            hidden[self.height - 1][self.width - 1] = true;
        }
        // Each pass suppresses at least one more cell, so this ends.
        loop {
            self.no_line_with_one(&mut hidden);
            match self.lone_link(&hidden) {
                Some(cell) => hidden[cell.0][cell.1] = true,
                None => return hidden,
            }
        }
    }

    /// Until no row or column has exactly one suppressed cell, suppresses the next
    /// smallest cell of such a line.
    fn no_line_with_one(&self, hidden: &mut [Vec<bool>]) {
        loop {
            let mut changed = false;
            for row in 0..self.height {
                let line: Vec<(usize, usize)> = (0..self.width).map(|c| (row, c)).collect();
                changed |= self.partner_if_alone(&line, hidden);
            }
            for column in 0..self.width {
                let line: Vec<(usize, usize)> = (0..self.height).map(|r| (r, column)).collect();
                changed |= self.partner_if_alone(&line, hidden);
            }
            if !changed {
                return;
            }
        }
    }

    /// If exactly one cell of `line` is suppressed, suppresses the smallest other
    /// cell (a non-zero one where possible); says whether it did.
    fn partner_if_alone(&self, line: &[(usize, usize)], hidden: &mut [Vec<bool>]) -> bool {
        let suppressed = line.iter().filter(|&&(r, c)| hidden[r][c]).count();
        if suppressed != 1 {
            return false;
        }
        match self.smallest(line.iter().copied().filter(|&(r, c)| !hidden[r][c])) {
            Some((r, c)) => {
                hidden[r][c] = true;
                true
            }
            None => false,
        }
    }

    /// The smallest of some cells, preferring non-zero ones, then the first met.
    fn smallest(&self, cells: impl Iterator<Item = (usize, usize)>) -> Option<(usize, usize)> {
        cells.min_by_key(|&(r, c)| {
            let value = self.values[r][c];
            (value == 0, value)
        })
    }

    /// A suppressed cell that alone joins two groups of suppressed cells (a bridge
    /// in the graph whose nodes are the lines and whose edges are the suppressed
    /// cells) gives itself away; the cell to suppress so that it no longer does, if
    /// there is such a bridge.
    fn lone_link(&self, hidden: &[Vec<bool>]) -> Option<(usize, usize)> {
        let edges: Vec<(usize, usize)> = (0..self.height)
            .flat_map(|r| (0..self.width).map(move |c| (r, c)))
            .filter(|&(r, c)| hidden[r][c])
            .collect();
        // The lines reachable from a start line without using the cell `skip`.
        let reach = |start_row: Option<usize>, start_column: Option<usize>, skip: usize| {
            let mut rows = vec![false; self.height];
            let mut columns = vec![false; self.width];
            if let Some(row) = start_row {
                rows[row] = true;
            }
            if let Some(column) = start_column {
                columns[column] = true;
            }
            let mut changed = true;
            while changed {
                changed = false;
                for (other, &(r, c)) in edges.iter().enumerate() {
                    if other != skip && rows[r] != columns[c] {
                        rows[r] = true;
                        columns[c] = true;
                        changed = true;
                    }
                }
            }
            (rows, columns)
        };
        for (index, &(row, column)) in edges.iter().enumerate() {
            let (row_side_rows, row_side_columns) = reach(Some(row), None, index);
            if row_side_columns[column] {
                continue;
            }
            // A bridge: join the row's side to the column's side once more.
            let (column_side_rows, column_side_columns) = reach(None, Some(column), index);
            let candidates = (0..self.height)
                .flat_map(|r| (0..self.width).map(move |c| (r, c)))
                .filter(|&(r, c)| {
                    !hidden[r][c]
                        && ((row_side_rows[r] && column_side_columns[c])
                            || (column_side_rows[r] && row_side_columns[c]))
                });
            if let Some(cell) = self.smallest(candidates) {
                return Some(cell);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(counts: &[&[u64]]) -> CountTable {
        CountTable {
            rows: (0..counts.len()).map(|r| format!("r{r}")).collect(),
            columns: (0..counts[0].len()).map(|c| format!("c{c}")).collect(),
            counts: counts.iter().map(|row| row.to_vec()).collect(),
        }
    }

    /// The published grid with totals, `None` for `c`.
    fn grid(published: &PublishedTable) -> Vec<Vec<Option<u64>>> {
        let mut grid: Vec<Vec<Option<u64>>> = published
            .cells
            .iter()
            .zip(&published.row_totals)
            .map(|(row, total)| {
                row.iter()
                    .chain(std::iter::once(total))
                    .map(|cell| cell.count())
                    .collect()
            })
            .collect();
        grid.push(
            published
                .column_totals
                .iter()
                .chain(std::iter::once(&published.total))
                .map(|cell| cell.count())
                .collect(),
        );
        grid
    }

    /// Whether some suppressed cell's value is fixed by the published figures: it is
    /// when its unit vector lies in the span of the lines' equations over the
    /// unknowns. Worked out by Gaussian elimination, independently of how the
    /// suppression chose its cells.
    fn recoverable_cells(published: &PublishedTable) -> Vec<(usize, usize)> {
        let grid = grid(published);
        let height = grid.len();
        let width = grid[0].len();
        let unknowns: Vec<(usize, usize)> = (0..height)
            .flat_map(|r| (0..width).map(move |c| (r, c)))
            .filter(|&(r, c)| grid[r][c].is_none())
            .collect();
        let position = |cell: (usize, usize)| unknowns.iter().position(|&u| u == cell);
        // Each line: its cells (not the last) minus its last = 0.
        let mut equations: Vec<Vec<f64>> = Vec::new();
        let mut line = |cells: Vec<(usize, usize)>| {
            let mut equation = vec![0.0; unknowns.len()];
            let (last, rest) = cells.split_last().unwrap();
            for cell in rest {
                if let Some(p) = position(*cell) {
                    equation[p] += 1.0;
                }
            }
            if let Some(p) = position(*last) {
                equation[p] -= 1.0;
            }
            equations.push(equation);
        };
        for r in 0..height {
            line((0..width).map(|c| (r, c)).collect());
        }
        for c in 0..width {
            line((0..height).map(|r| (r, c)).collect());
        }
        let rank = |rows: &[Vec<f64>]| {
            let mut m = rows.to_vec();
            let mut rank = 0;
            let columns = m.first().map_or(0, Vec::len);
            for col in 0..columns {
                let Some(pivot) = (rank..m.len()).find(|&r| m[r][col].abs() > 1e-9) else {
                    continue;
                };
                m.swap(rank, pivot);
                let pivot_row = m[rank].clone();
                for (r, row) in m.iter_mut().enumerate() {
                    if r != rank {
                        let factor = row[col] / pivot_row[col];
                        for (value, pivot) in row.iter_mut().zip(&pivot_row) {
                            *value -= factor * pivot;
                        }
                    }
                }
                rank += 1;
            }
            rank
        };
        let base = rank(&equations);
        unknowns
            .iter()
            .enumerate()
            .filter(|(index, _)| {
                let mut with = equations.clone();
                let mut unit = vec![0.0; unknowns.len()];
                unit[*index] = 1.0;
                with.push(unit);
                rank(&with) == base
            })
            .map(|(_, cell)| *cell)
            .collect()
    }

    #[test]
    fn counts_from_1_to_4_are_c_and_0_and_5_are_shown() {
        let rule = Suppression::default();
        assert_eq!(rule.count(0), Published::Count(0));
        for small in 1..=4 {
            assert_eq!(rule.count(small), Published::Suppressed, "{small}");
        }
        assert_eq!(rule.count(5), Published::Count(5));
        assert_eq!(rule.count(5).to_string(), "5");
        assert_eq!(rule.count(3).to_string(), "c");
    }

    #[test]
    fn the_threshold_is_a_setting() {
        let rule = Suppression { threshold: 10 };
        assert_eq!(rule.count(9), Published::Suppressed);
        assert_eq!(rule.count(10), Published::Count(10));
        assert_eq!(Suppression::NONE.count(1), Published::Count(1));
        assert_eq!(Suppression::for_viewer(true), Suppression::NONE);
        assert_eq!(Suppression::for_viewer(false).threshold, 5);
    }

    #[test]
    fn rates_with_a_small_numerator_or_denominator_are_c() {
        let rule = Suppression::default();
        assert_eq!(rule.rate(3, 100), PublishedRate::Suppressed);
        assert_eq!(rule.rate(50, 4), PublishedRate::Suppressed);
        assert_eq!(rule.rate(0, 10), PublishedRate::Rate(0.0));
        assert_eq!(rule.rate(5, 10), PublishedRate::Rate(0.5));
        assert_eq!(rule.rate(5, 0), PublishedRate::NotApplicable);
        assert_eq!(rule.rate(5, 10).percent(), "50.0%");
        assert_eq!(rule.rate(1, 10).percent(), "c");
    }

    #[test]
    fn a_share_of_a_suppressed_cell_is_c() {
        let rule = Suppression::default();
        assert_eq!(
            rule.share(Published::Suppressed, Published::Count(40)),
            PublishedRate::Suppressed
        );
        assert_eq!(
            rule.share(Published::Count(10), Published::Count(40)),
            PublishedRate::Rate(0.25)
        );
    }

    #[test]
    fn a_list_with_one_small_count_loses_its_next_smallest_too() {
        // 10, 3, 7, 0 with total 20: 3 is c; from the total it could be worked
        // out, so the next smallest non-zero (7) goes too; 0 stays 0.
        let list = CountTable::list(
            "Workers",
            vec![
                ("Female".into(), 10),
                ("Male".into(), 3),
                ("Not specified".into(), 7),
                ("Not known".into(), 0),
            ],
        );
        let published = Suppression::default().table(&list);
        let column: Vec<String> = published
            .cells
            .iter()
            .map(|row| row[0].to_string())
            .collect();
        assert_eq!(column, ["10", "c", "c", "0"]);
        assert_eq!(published.total, Published::Count(20));
        assert!(recoverable_cells(&published).is_empty());
    }

    #[test]
    fn nothing_is_suppressed_when_every_count_is_0_or_at_least_5() {
        let published = Suppression::default().table(&table(&[&[5, 0, 12], &[0, 6, 5]]));
        assert_eq!(published.suppressed_count(), 0);
        assert_eq!(published.cells[0][0], Published::Count(5));
        assert_eq!(published.cells[0][1], Published::Count(0));
        assert_eq!(published.total, Published::Count(28));
    }

    #[test]
    fn a_total_hidden_elsewhere_is_hidden_here_without_giving_a_cell_away() {
        let published = Suppression::default().table_with_total_hidden(
            &CountTable::list("n", vec![("a".into(), 9), ("b".into(), 8)]),
            true,
        );
        assert!(published.total.is_suppressed());
        assert!(recoverable_cells(&published).is_empty());
    }

    #[test]
    fn the_lead_sees_every_count() {
        let published = Suppression::NONE.table(&table(&[&[1, 2], &[3, 40]]));
        assert_eq!(published.suppressed_count(), 0);
        assert_eq!(published.cells[0][1], Published::Count(2));
    }

    #[test]
    fn a_table_with_one_small_cell_hides_a_rectangle() {
        let published = Suppression::default().table(&table(&[&[20, 3, 30], &[15, 25, 40]]));
        assert!(published.cells[0][1].is_suppressed());
        // Its row and its column each lose another cell.
        assert!(
            published.cells[0]
                .iter()
                .filter(|c| c.is_suppressed())
                .count()
                >= 2
        );
        assert!(
            published
                .cells
                .iter()
                .filter(|row| row[1].is_suppressed())
                .count()
                >= 2
        );
        assert!(recoverable_cells(&published).is_empty());
    }

    #[test]
    fn a_small_total_is_suppressed_and_cannot_be_recovered() {
        // Row 1's total is 2; every cell of it small.
        let published = Suppression::default().table(&table(&[&[1, 1, 0], &[9, 8, 30]]));
        assert!(published.row_totals[0].is_suppressed());
        assert!(recoverable_cells(&published).is_empty());
    }

    #[test]
    fn two_groups_joined_by_one_cell_do_not_give_it_away() {
        // The small cells make two separate rectangles joined only through row 2 /
        // column 2; whatever the rule picks, no cell may be fixed by the totals.
        let published = Suppression::default().table(&table(&[
            &[1, 2, 50, 60, 70],
            &[3, 4, 50, 60, 70],
            &[80, 90, 1, 2, 70],
            &[80, 90, 3, 4, 70],
        ]));
        assert!(recoverable_cells(&published).is_empty());
    }

    #[test]
    fn no_suppressed_cell_can_be_recovered_from_totals_in_many_tables() {
        // A fixed pseudo-random sequence: many shapes, many patterns of small cells.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        for _ in 0..400 {
            let rows = 1 + next(5) as usize;
            let columns = 1 + next(5) as usize;
            let counts: Vec<Vec<u64>> = (0..rows)
                .map(|_| {
                    (0..columns)
                        .map(|_| match next(4) {
                            0 => 0,
                            1 => 1 + next(4),
                            _ => 5 + next(30),
                        })
                        .collect()
                })
                .collect();
            let rows_ref: Vec<&[u64]> = counts.iter().map(Vec::as_slice).collect();
            let input = table(&rows_ref);
            let published = Suppression::default().table(&input);
            assert!(
                recoverable_cells(&published).is_empty(),
                "{counts:?} published as {:?}",
                grid(&published)
            );
            for (r, row) in counts.iter().enumerate() {
                for (c, &count) in row.iter().enumerate() {
                    if (1..=4).contains(&count) {
                        assert!(published.cells[r][c].is_suppressed());
                    }
                    if !published.cells[r][c].is_suppressed() {
                        assert_eq!(published.cells[r][c], Published::Count(count));
                    }
                }
            }
        }
    }
}
