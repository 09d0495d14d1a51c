//! How long two groups' employments last, side by side: Kaplan–Meier estimates from
//! the measures engine (`measures::employment_survival::estimate_of`) drawn as a
//! line chart with its table of figures and a sentence for each group. An academy
//! cohort against other starters, international recruits against other starters.

use pathway_domain::measures::YEAR_DAYS;
use pathway_domain::measures::employment_survival::{CurveFigures, KaplanMeierFigures};

use pathway_reports::charts::{self, Chart, Format, Series, Unit};

/// One group of employments and its estimate.
#[derive(Debug, Clone)]
pub struct Group {
    /// Its name as the table's column and the chart's legend show it.
    pub name: String,
    /// Its estimate, with the curve; `None` when it has no employments.
    pub estimate: Option<KaplanMeierFigures>,
}

/// The words of a comparison.
#[derive(Debug, Clone, Copy)]
pub struct ComparisonText<'a> {
    /// The chart's id on the page.
    pub chart_id: &'a str,
    /// Who the chart compares, ending its title: `members of Spring 2024 and other
    /// starters`.
    pub chart_subject: &'a str,
    /// The date estimated at, as the page writes it.
    pub date_text: &'a str,
    /// The sentence shown when the first group has nothing to estimate from.
    pub nothing_yet: &'a str,
}

/// One row of the survival table.
#[derive(Debug, Clone)]
pub struct SurvivalRow {
    /// The time since starting.
    pub header: String,
    /// Each group's figure (`None`: no figure).
    pub cells: Vec<Option<String>>,
}

/// How long each group's employments last, for a page.
#[derive(Debug, Clone)]
pub struct SurvivalComparison {
    /// The figures in words.
    pub summary: Vec<String>,
    /// The chart, when there is anything to draw.
    pub svg: Option<String>,
    /// The table's caption.
    pub caption: String,
    /// The table's column headings after the first.
    pub columns: Vec<String>,
    /// The table's rows.
    pub rows: Vec<SurvivalRow>,
}

/// S at `days` on a step curve; `None` beyond its last time, where nothing is known.
fn survival_at(curve: &CurveFigures, days: f64) -> Option<f64> {
    if curve.t.last().is_none_or(|last| days > *last) {
        return None;
    }
    let after = curve.t.partition_point(|t| *t <= days);
    curve.s.get(after.checked_sub(1)?).copied().flatten()
}

/// The times to show: every 3 months over two years, every 6 over five, yearly
/// beyond; as many as the first group's follow-up needs (at least a year, at most
/// ten).
fn times(follow_up_days: f64) -> (u32, Vec<u32>) {
    let months = ((follow_up_days / YEAR_DAYS) * 12.0)
        .ceil()
        .clamp(12.0, 120.0) as u32;
    let step = match months {
        0..=24 => 3,
        25..=60 => 6,
        _ => 12,
    };
    let last = months.div_ceil(step) * step;
    (step, (0..=last).step_by(step as usize).collect())
}

/// A time since starting as a row header reads it.
pub fn months_label(months: u32) -> String {
    match (months / 12, months % 12) {
        (0, 0) => "At the start".to_owned(),
        (0, m) => format!("After {m} months"),
        (1, 0) => "After 1 year".to_owned(),
        (y, 0) => format!("After {y} years"),
        (1, m) => format!("After 1 year {m} months"),
        (y, m) => format!("After {y} years {m} months"),
    }
}

/// The groups' curves compared over the first group's follow-up: the first group is
/// the one the page is about, the others what it is compared with.
pub fn compare<const N: usize>(
    groups: [Group; N],
    text: &ComparisonText<'_>,
) -> SurvivalComparison {
    let caption = format!(
        "Share of employments still going, by time since they started, estimated at {}",
        text.date_text
    );
    let columns: Vec<String> = groups.iter().map(|group| group.name.clone()).collect();
    let Some(first_curve) = groups
        .first()
        .and_then(|group| group.estimate.as_ref())
        .and_then(|estimate| estimate.curve.as_ref())
    else {
        return SurvivalComparison {
            summary: vec![text.nothing_yet.to_owned()],
            svg: None,
            caption,
            columns,
            rows: Vec::new(),
        };
    };
    let follow_up = first_curve.t.last().copied().unwrap_or(0.0);
    let (step, points) = times(follow_up);
    let values: Vec<Vec<Option<f64>>> = groups
        .iter()
        .map(|group| {
            points
                .iter()
                .map(|months| {
                    let curve = group.estimate.as_ref()?.curve.as_ref()?;
                    survival_at(curve, f64::from(*months) / 12.0 * YEAR_DAYS)
                })
                .collect()
        })
        .collect();
    let summary: Vec<String> = groups
        .iter()
        .zip(&values)
        .map(|(group, values)| match &group.estimate {
            None => format!("{}: no employments to estimate from.", group.name),
            Some(figures) => {
                let last = points
                    .iter()
                    .zip(values)
                    .rev()
                    .find_map(|(months, value)| value.map(|value| (*months, value)));
                let stayed = match last {
                    Some((months, value)) if months > 0 => format!(
                        "; {} still going {}",
                        Format::Percent.write(Some(value)).unwrap_or_default(),
                        months_label(months).to_lowercase()
                    ),
                    _ => String::new(),
                };
                format!(
                    "{}: {} employment{} observed, {} ended{stayed}.",
                    group.name,
                    figures.n,
                    if figures.n == 1 { "" } else { "s" },
                    figures.events
                )
            }
        })
        .collect();
    let in_years = step % 12 == 0;
    let chart = Chart {
        id: text.chart_id.to_owned(),
        title: format!(
            "Share of employments still going, by {} since they started: {}",
            if in_years { "years" } else { "months" },
            text.chart_subject
        ),
        description: summary.join(" "),
        categories: points
            .iter()
            .map(|months| {
                if in_years {
                    (months / 12).to_string()
                } else {
                    months.to_string()
                }
            })
            .collect(),
        series: groups
            .iter()
            .zip(&values)
            .map(|(group, values)| {
                Series::new(
                    group.name.clone(),
                    values.iter().map(|v| v.map(|v| v * 100.0)).collect(),
                )
            })
            .collect(),
        unit: Unit::Percent,
        axis_label: "Per cent still going".to_owned(),
    };
    let mut rows: Vec<SurvivalRow> = points
        .iter()
        .enumerate()
        .map(|(i, months)| SurvivalRow {
            header: months_label(*months),
            cells: values
                .iter()
                .map(|values| Format::Percent.write(values[i]))
                .collect(),
        })
        .collect();
    rows.push(SurvivalRow {
        header: "Employments observed".to_owned(),
        cells: groups
            .iter()
            .map(|group| Some(group.estimate.as_ref().map_or(0, |e| e.n).to_string()))
            .collect(),
    });
    rows.push(SurvivalRow {
        header: "Of which ended".to_owned(),
        cells: groups
            .iter()
            .map(|group| Some(group.estimate.as_ref().map_or(0, |e| e.events).to_string()))
            .collect(),
    });
    SurvivalComparison {
        summary,
        svg: Some(charts::line_chart(&chart)),
        caption,
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_curve_holds_its_value_until_the_next_time_and_stops_at_the_last() {
        let curve = CurveFigures {
            t: vec![0.0, 100.0, 400.0],
            s: vec![Some(1.0), Some(0.9), Some(0.8)],
            lower: vec![None; 3],
            upper: vec![None; 3],
        };
        assert_eq!(survival_at(&curve, 0.0), Some(1.0));
        assert_eq!(survival_at(&curve, 99.0), Some(1.0));
        assert_eq!(survival_at(&curve, 100.0), Some(0.9));
        assert_eq!(survival_at(&curve, 400.0), Some(0.8));
        assert_eq!(survival_at(&curve, 401.0), None);
    }

    #[test]
    fn times_cover_the_follow_up_in_steps_that_keep_the_chart_readable() {
        assert_eq!(times(30.0), (3, vec![0, 3, 6, 9, 12]));
        let (step, points) = times(3.0 * YEAR_DAYS);
        assert_eq!(step, 6);
        assert_eq!(points.last(), Some(&36));
        let (step, points) = times(30.0 * YEAR_DAYS);
        assert_eq!(step, 12);
        assert_eq!(points.last(), Some(&120));
        assert_eq!(months_label(18), "After 1 year 6 months");
        assert_eq!(months_label(0), "At the start");
    }

    #[test]
    fn with_nothing_to_estimate_the_page_says_so_and_draws_nothing() {
        let comparison = compare(
            [
                Group {
                    name: "International recruits".into(),
                    estimate: None,
                },
                Group {
                    name: "Other starters".into(),
                    estimate: None,
                },
            ],
            &ComparisonText {
                chart_id: "chart",
                chart_subject: "recruits and others",
                date_text: "1 October 2024",
                nothing_yet: "Nothing yet.",
            },
        );
        assert_eq!(comparison.summary, vec!["Nothing yet.".to_owned()]);
        assert!(comparison.svg.is_none());
        assert_eq!(comparison.columns.len(), 2);
    }
}
