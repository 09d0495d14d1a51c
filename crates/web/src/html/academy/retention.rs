//! A cohort's retention and how long its members stay, from the measures engine: the
//! retention block of `measures::academy` for the cohort, and Kaplan–Meier curves of
//! its members' employments against those of people who started since the cohort
//! did without joining the academy, drawn as a chart with its table of figures.

use std::collections::HashSet;

use pathway_domain::Workforce;
use pathway_domain::ids::{EmploymentId, WorkerId};
use pathway_domain::measures::academy::{Retention, RetentionBlock, figures};
use pathway_domain::measures::employment_survival::{self, CurveFigures, KaplanMeierFigures};
use pathway_domain::measures::index::CouncilIndex;
use pathway_domain::measures::{MeasureOptions, SurvivalGrouping, YEAR_DAYS};
use pathway_domain::records::{Cohort, Employment};
use pathway_domain::values::Date;

use crate::charts::{self, Chart, Format, Series, Unit};

/// One line of the retention table: a count and its share, over all members and
/// over those who completed.
#[derive(Debug, Clone)]
pub struct RetentionRow {
    /// The row's id, unique on the page.
    pub id: &'static str,
    /// What it counts.
    pub label: &'static str,
    /// Of all members.
    pub all: u64,
    /// Its share of all members.
    pub all_share: String,
    /// Of those who completed.
    pub completed: u64,
    /// Its share of those who completed.
    pub completed_share: String,
}

/// A cohort's retention on a date.
#[derive(Debug, Clone)]
pub struct CohortRetention {
    /// The date, as the page writes it.
    pub date: String,
    /// Members counted (those who had joined by the date).
    pub members: u64,
    /// Of those, members who had completed by the date.
    pub completed: u64,
    /// Retained in children's services, retained by the council, left the council.
    pub rows: Vec<RetentionRow>,
    /// The figures in a sentence.
    pub summary: String,
}

fn share(value: Option<f64>) -> String {
    Format::Percent
        .write(value)
        .unwrap_or_else(|| "not applicable".to_owned())
}

fn rows(block: &RetentionBlock) -> Vec<RetentionRow> {
    let row = |id, label, count: fn(&Retention) -> (u64, Option<f64>)| {
        let (all, all_share) = count(&block.all);
        let (completed, completed_share) = count(&block.of_completed);
        RetentionRow {
            id,
            label,
            all,
            all_share: share(all_share),
            completed,
            completed_share: share(completed_share),
        }
    };
    vec![
        row(
            "retained-children",
            "Retained in children's services",
            |r| (r.retained_children, r.retained_children_rate),
        ),
        row("retained-council", "Retained by the council", |r| {
            (r.retained_council, r.retained_council_rate)
        }),
        row("left-council", "Left the council", |r| {
            (r.left_council, r.left_council_rate)
        }),
    ]
}

/// The cohort's retention on `date`, exactly as the measures report it (the
/// `academy.by_cohort` block of `pathway measures --json`).
pub fn retention(
    workforce: &Workforce,
    cohort: &Cohort,
    date: Date,
    date_text: &str,
) -> CohortRetention {
    let index = CouncilIndex::new(workforce);
    let academy = figures(&[&index], date, true);
    let block = academy
        .by_cohort
        .as_ref()
        .and_then(|cohorts| cohorts.get(cohort.id.as_str()))
        .map(|cohort| cohort.block);
    let Some(block) = block else {
        return CohortRetention {
            date: date_text.to_owned(),
            members: 0,
            completed: 0,
            rows: Vec::new(),
            summary: format!(
                "The cohort had not started by {date_text}, so it has no retention yet."
            ),
        };
    };
    let summary = if block.members == 0 {
        format!("The cohort had no members on {date_text}.")
    } else {
        format!(
            "Of the {} members, {} ({}) were in children's services on {date_text}, {} ({}) were still with the council and {} ({}) had left it.",
            block.members,
            block.all.retained_children,
            share(block.all.retained_children_rate),
            block.all.retained_council,
            share(block.all.retained_council_rate),
            block.all.left_council,
            share(block.all.left_council_rate),
        )
    };
    CohortRetention {
        date: date_text.to_owned(),
        members: block.members,
        completed: block.completed,
        rows: rows(&block),
        summary,
    }
}

/// One row of the survival table.
#[derive(Debug, Clone)]
pub struct SurvivalRow {
    /// The time since starting.
    pub header: String,
    /// The cohort's figure, then the comparison group's (`None`: no figure).
    pub cells: Vec<Option<String>>,
}

/// How long members stay, against comparable starters.
#[derive(Debug, Clone)]
pub struct CohortSurvival {
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

/// The records of only the employments `keep` chooses, with their assignments and
/// the council's teams: what the engine needs to measure how long they last.
fn only_employments(workforce: &Workforce, keep: impl Fn(&Employment) -> bool) -> Workforce {
    let mut chosen = Workforce::new(workforce.council);
    chosen.teams = workforce.teams.clone();
    chosen.employments = workforce
        .employments
        .iter()
        .filter(|e| keep(e))
        .cloned()
        .collect();
    let ids: HashSet<&EmploymentId> = chosen.employments.iter().map(|e| e.id()).collect();
    chosen.assignments = workforce
        .assignments
        .iter()
        .filter(|a| ids.contains(&a.employment_id))
        .cloned()
        .collect();
    chosen
}

/// The Kaplan–Meier estimate over every employment of `workforce`, with its curve.
fn estimate(workforce: &Workforce, date: Date) -> Option<KaplanMeierFigures> {
    let index = CouncilIndex::new(workforce);
    let options = MeasureOptions {
        curves: true,
        grouping: SurvivalGrouping::Academy,
        ..MeasureOptions::at(date)
    };
    employment_survival::figures(&[&index], &options, false).overall
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
/// beyond; as many as the cohort's follow-up needs (at least a year, at most ten).
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

fn months_label(months: u32) -> String {
    match (months / 12, months % 12) {
        (0, 0) => "At the start".to_owned(),
        (0, m) => format!("After {m} months"),
        (1, 0) => "After 1 year".to_owned(),
        (y, 0) => format!("After {y} years"),
        (1, m) => format!("After 1 year {m} months"),
        (y, m) => format!("After {y} years {m} months"),
    }
}

/// How long the cohort's members stay in the council's children's services, against
/// people who started on or after the cohort's start without ever joining the
/// academy: each group's employments as the measures engine observes them (own
/// staff only, still-running employments counted as far as `date`).
///
/// A member's employments are the one during which they joined and any later ones,
/// so a returner's spell from years before does not count.
pub fn survival(
    workforce: &Workforce,
    cohort: &Cohort,
    date: Date,
    date_text: &str,
) -> CohortSurvival {
    let members: Vec<(&WorkerId, Date)> = workforce
        .academy_members
        .iter()
        .filter(|m| m.cohort_id() == &cohort.id)
        .map(|m| (m.worker_id(), m.joined_on()))
        .collect();
    let ever_members: HashSet<&WorkerId> = workforce
        .academy_members
        .iter()
        .map(|m| m.worker_id())
        .collect();
    let cohort_records = only_employments(workforce, |employment| {
        members.iter().any(|(member, joined)| {
            *member == employment.worker_id()
                && (employment.span().covers(*joined) || employment.span().start() > *joined)
        })
    });
    let others_records = only_employments(workforce, |employment| {
        !ever_members.contains(employment.worker_id())
            && employment.span().start() >= cohort.start_date
    });
    let cohort_name = format!("Members of {}", cohort.name);
    let others_name = "Other starters since the cohort began".to_owned();
    let groups = [
        (cohort_name.clone(), estimate(&cohort_records, date)),
        (others_name.clone(), estimate(&others_records, date)),
    ];
    let caption = format!(
        "Share of employments still going, by time since they started, estimated at {date_text}"
    );
    let columns = vec![cohort_name.clone(), others_name.clone()];
    let Some(cohort_curve) = groups[0].1.as_ref().and_then(|g| g.curve.as_ref()) else {
        return CohortSurvival {
            summary: vec![format!(
                "None of the cohort's members had started an employment by {date_text}, so there is nothing to estimate yet."
            )],
            svg: None,
            caption,
            columns,
            rows: Vec::new(),
        };
    };
    let follow_up = cohort_curve.t.last().copied().unwrap_or(0.0);
    let (step, points) = times(follow_up);
    let values: Vec<Vec<Option<f64>>> = groups
        .iter()
        .map(|(_, estimate)| {
            points
                .iter()
                .map(|months| {
                    let curve = estimate.as_ref()?.curve.as_ref()?;
                    survival_at(curve, f64::from(*months) / 12.0 * YEAR_DAYS)
                })
                .collect()
        })
        .collect();
    let summary: Vec<String> = groups
        .iter()
        .zip(&values)
        .map(|((name, estimate), values)| match estimate {
            None => format!("{name}: no employments to estimate from."),
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
                    "{name}: {} employment{} observed, {} ended{stayed}.",
                    figures.n,
                    if figures.n == 1 { "" } else { "s" },
                    figures.events
                )
            }
        })
        .collect();
    let in_years = step % 12 == 0;
    let chart = Chart {
        id: "chart-cohort-survival".to_owned(),
        title: format!(
            "Share of employments still going, by {} since they started: members of {} and other starters",
            if in_years { "years" } else { "months" },
            cohort.name
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
            .map(|((name, _), values)| {
                Series::new(
                    name.clone(),
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
            .map(|(_, estimate)| Some(estimate.as_ref().map_or(0, |e| e.n).to_string()))
            .collect(),
    });
    rows.push(SurvivalRow {
        header: "Of which ended".to_owned(),
        cells: groups
            .iter()
            .map(|(_, estimate)| Some(estimate.as_ref().map_or(0, |e| e.events).to_string()))
            .collect(),
    });
    CohortSurvival {
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
}
