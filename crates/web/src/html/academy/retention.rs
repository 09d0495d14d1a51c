//! A cohort's retention and how long its members stay, from the measures engine: the
//! retention block of `measures::academy` for the cohort, and Kaplan–Meier curves of
//! its members' employments against those of people who started since the cohort
//! did without joining the academy, drawn as a chart with its table of figures.

use std::collections::HashSet;

use pathway_domain::Workforce;
use pathway_domain::ids::WorkerId;
use pathway_domain::measures::academy::{Retention, RetentionBlock, figures};
use pathway_domain::measures::employment_survival::estimate_of;
use pathway_domain::measures::index::CouncilIndex;
use pathway_domain::records::Cohort;
use pathway_domain::values::Date;

use crate::html::survival::{ComparisonText, Group, SurvivalComparison, compare};
use pathway_reports::charts::Format;

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
) -> SurvivalComparison {
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
    let members_estimate = estimate_of(workforce, date, |employment| {
        members.iter().any(|(member, joined)| {
            *member == employment.worker_id()
                && (employment.span().covers(*joined) || employment.span().start() > *joined)
        })
    });
    let others_estimate = estimate_of(workforce, date, |employment| {
        !ever_members.contains(employment.worker_id())
            && employment.span().start() >= cohort.start_date
    });
    compare(
        [
            Group {
                name: format!("Members of {}", cohort.name),
                estimate: members_estimate,
            },
            Group {
                name: "Other starters since the cohort began".to_owned(),
                estimate: others_estimate,
            },
        ],
        &ComparisonText {
            chart_id: "chart-cohort-survival",
            chart_subject: &format!("members of {} and other starters", cohort.name),
            date_text,
            nothing_yet: &format!(
                "None of the cohort's members had started an employment by {date_text}, so there is nothing to estimate yet."
            ),
        },
    )
}
