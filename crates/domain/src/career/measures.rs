//! The measures of progression, computed from the workforce record: promotions per
//! year, the median time in a level before moving up, and the share of academy
//! members (full programme) promoted within 2 and within 5 years of joining.
//!
//! A promotion is an assignment followed, within the same employment, by one at a
//! higher level of the framework. Leaving the lowest level (the ASYE year ending) is
//! progression every newly qualified worker makes, not a promotion, so it is not
//! counted. Assignments whose role is at no level (`other`) are skipped over.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Framework;
use crate::codes::Programme;
use crate::ids::{EmploymentId, WorkerId};
use crate::values::{Date, add_months};
use crate::workforce::Workforce;

/// One promotion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promotion {
    /// The person.
    pub worker_id: WorkerId,
    /// The employment it happened in.
    pub employment_id: EmploymentId,
    /// The first day at the higher level.
    pub on: Date,
    /// The level left (its place, from 0).
    pub from: usize,
    /// The level reached.
    pub to: usize,
    /// Days at the level left, from the first day of the unbroken run of assignments
    /// at it to the day before the promotion.
    pub days_in_level: i64,
}

/// Every promotion on or before `today`, in date order.
pub fn promotions(framework: &Framework, workforce: &Workforce, today: Date) -> Vec<Promotion> {
    let mut by_employment: BTreeMap<&EmploymentId, Vec<(Date, usize)>> = BTreeMap::new();
    for assignment in &workforce.assignments {
        if let Some(level) = framework.level_of_role(assignment.role) {
            by_employment
                .entry(&assignment.employment_id)
                .or_default()
                .push((assignment.span.start(), level));
        }
    }
    let mut found = Vec::new();
    for employment in &workforce.employments {
        let Some(steps) = by_employment.get_mut(employment.id()) else {
            continue;
        };
        steps.sort();
        let mut run_start = None::<Date>;
        for pair in steps.windows(2) {
            let ((start, level), (next_start, next_level)) = (pair[0], pair[1]);
            let run = *run_start.get_or_insert(start);
            if next_level == level {
                continue;
            }
            run_start = Some(next_start);
            if next_level > level && level > 0 && next_start <= today {
                found.push(Promotion {
                    worker_id: employment.worker_id().clone(),
                    employment_id: employment.id().clone(),
                    on: next_start,
                    from: level,
                    to: next_level,
                    days_in_level: (next_start - run).num_days(),
                });
            }
        }
    }
    found.sort_by(|a, b| (a.on, &a.worker_id).cmp(&(b.on, &b.worker_id)));
    found
}

/// A share: how many of those counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Share {
    /// Those who were promoted.
    pub promoted: usize,
    /// Those counted (whose window has elapsed).
    pub counted: usize,
}

impl Share {
    /// The share from 0 to 1; `None` when nobody is counted.
    pub fn ratio(self) -> Option<f64> {
        (self.counted > 0).then(|| self.promoted as f64 / self.counted as f64)
    }
}

/// The career pathway's measures on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareerMeasures {
    /// The reference date.
    pub as_of: Date,
    /// Promotions per calendar year, from the year of the first to the reference
    /// date's year (years with none included).
    pub promotions_per_year: Vec<(i32, usize)>,
    /// The median days at a level before a promotion; `None` with no promotions.
    pub median_days_to_progression: Option<f64>,
    /// Academy members (full programme) promoted within 2 years of joining their
    /// cohort, of those who joined at least 2 years before the reference date.
    pub academy_within_2_years: Share,
    /// The same within 5 years.
    pub academy_within_5_years: Share,
}

impl CareerMeasures {
    /// Computes the measures from the council's records as at `today`.
    pub fn compute(framework: &Framework, workforce: &Workforce, today: Date) -> Self {
        use chrono::Datelike;
        let found = promotions(framework, workforce, today);
        let mut per_year = Vec::new();
        if let Some(first) = found.first() {
            for year in first.on.year()..=today.year() {
                let count = found.iter().filter(|p| p.on.year() == year).count();
                per_year.push((year, count));
            }
        }
        let mut days: Vec<i64> = found.iter().map(|p| p.days_in_level).collect();
        days.sort_unstable();
        let median = match days.len() {
            0 => None,
            n if n % 2 == 1 => Some(days[n / 2] as f64),
            n => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
        };
        let full: Vec<_> = workforce
            .cohorts
            .iter()
            .filter(|c| c.programme == Programme::Full)
            .map(|c| &c.id)
            .collect();
        let within = |years: u32| {
            let mut share = Share::default();
            for member in workforce
                .academy_members
                .iter()
                .filter(|m| full.contains(&m.cohort_id()))
            {
                let joined = member.joined_on();
                let until = add_months(joined, years * 12);
                if until > today {
                    continue;
                }
                share.counted += 1;
                if found
                    .iter()
                    .any(|p| &p.worker_id == member.worker_id() && p.on > joined && p.on <= until)
                {
                    share.promoted += 1;
                }
            }
            share
        };
        Self {
            as_of: today,
            promotions_per_year: per_year,
            median_days_to_progression: median,
            academy_within_2_years: within(2),
            academy_within_5_years: within(5),
        }
    }
}
