//! Academy cohort retention at a date R (the reference date D): of the members, how
//! many are still in children's services, still with the council, or gone.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Serialize;

use crate::codes::{LeavingReason, Programme};
use crate::ids::{CohortId, WorkerId};
use crate::measures::index::CouncilIndex;
use crate::measures::{Keyed, ratio};
use crate::records::Cohort;
use crate::values::Date;

/// Retention counts and rates over some set of members.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Retention {
    /// Members in post in children's services on R.
    pub retained_children: u64,
    /// Those plus members whose latest employment ended by moving within the council.
    pub retained_council: u64,
    /// Members who left the council.
    pub left_council: u64,
    /// retained_children over the members counted.
    pub retained_children_rate: Option<f64>,
    /// retained_council over the members counted.
    pub retained_council_rate: Option<f64>,
    /// left_council over the members counted.
    pub left_council_rate: Option<f64>,
}

impl Retention {
    fn of(members: u64, retained_children: u64, retained_council: u64) -> Self {
        let left_council = members - retained_council;
        let over = |count: u64| ratio(count as f64, members as f64);
        Self {
            retained_children,
            retained_council,
            left_council,
            retained_children_rate: over(retained_children),
            retained_council_rate: over(retained_council),
            left_council_rate: over(left_council),
        }
    }
}

/// Retention of a set of academy members, over all of them and over those who
/// completed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RetentionBlock {
    /// Members (a worker in two cohorts counts in both).
    pub members: u64,
    /// Members who completed on or before R.
    pub completed: u64,
    /// Retention over all members.
    #[serde(flatten)]
    pub all: Retention,
    /// Retention over the members who completed.
    pub of_completed: Retention,
}

/// One cohort's retention, with what identifies it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRetention {
    /// The cohort's name.
    pub name: String,
    /// Its programme.
    pub programme: Programme,
    /// Its first day.
    pub start_date: Date,
    /// Its members' retention.
    #[serde(flatten)]
    pub block: RetentionBlock,
}

/// The `academy` block of the measures JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcademyFigures {
    /// All cohorts together.
    pub total: RetentionBlock,
    /// By programme: `full` and `short`.
    pub by_programme: Keyed<RetentionBlock>,
    /// By cohort, for one council only (cohort IDs are the council's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_cohort: Option<Keyed<CohortRetention>>,
}

/// What is known of one member at R.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    members: u64,
    retained_children: u64,
    retained_council: u64,
    completed: u64,
    completed_children: u64,
    completed_council: u64,
}

impl Tally {
    fn add(&mut self, in_post: bool, with_council: bool, completed: bool) {
        self.members += 1;
        self.retained_children += u64::from(in_post);
        self.retained_council += u64::from(with_council);
        if completed {
            self.completed += 1;
            self.completed_children += u64::from(in_post);
            self.completed_council += u64::from(with_council);
        }
    }

    fn block(self) -> RetentionBlock {
        RetentionBlock {
            members: self.members,
            completed: self.completed,
            all: Retention::of(self.members, self.retained_children, self.retained_council),
            of_completed: Retention::of(
                self.completed,
                self.completed_children,
                self.completed_council,
            ),
        }
    }
}

/// Computes cohort retention at `date`; `by_cohort` adds each cohort's own block
/// (only meaningful within one council).
pub fn figures(councils: &[&CouncilIndex<'_>], date: Date, by_cohort: bool) -> AcademyFigures {
    let mut total = Tally::default();
    let mut programmes = [Tally::default(); 2];
    let mut cohorts_out = Vec::new();
    for council in councils {
        let workforce = council.workforce;
        let mut in_post: HashSet<&WorkerId> = HashSet::default();
        let mut latest: HashMap<&WorkerId, (Date, bool)> = HashMap::default();
        for employment in workforce
            .employments
            .iter()
            .filter(|e| e.span().start() <= date)
        {
            let span = employment.span();
            if span.end().is_none_or(|end| end >= date) {
                in_post.insert(employment.worker_id());
            }
            let moved = employment
                .leaving()
                .is_some_and(|leaving| leaving.reason == LeavingReason::MovedWithinCouncil);
            let entry = latest
                .entry(employment.worker_id())
                .or_insert((span.start(), moved));
            if span.start() >= entry.0 {
                *entry = (span.start(), moved);
            }
        }
        let started: HashMap<&CohortId, &Cohort> = workforce
            .cohorts
            .iter()
            .filter(|cohort| cohort.start_date <= date)
            .map(|cohort| (&cohort.id, cohort))
            .collect();
        let mut per_cohort: HashMap<&CohortId, Tally> = HashMap::default();
        for member in workforce
            .academy_members
            .iter()
            .filter(|member| member.joined_on() <= date)
        {
            let Some(cohort) = started.get(member.cohort_id()) else {
                continue;
            };
            let worker = member.worker_id();
            let children = in_post.contains(worker);
            let with_council = children || latest.get(worker).is_some_and(|(_, moved)| *moved);
            let completed = member
                .completed_on()
                .is_some_and(|completed| completed <= date);
            total.add(children, with_council, completed);
            programmes[usize::from(cohort.programme == Programme::Short)].add(
                children,
                with_council,
                completed,
            );
            per_cohort
                .entry(&cohort.id)
                .or_default()
                .add(children, with_council, completed);
        }
        if by_cohort {
            let mut cohorts: Vec<&Cohort> = started.values().copied().collect();
            cohorts.sort_by(|a, b| (a.start_date, &a.id).cmp(&(b.start_date, &b.id)));
            for cohort in cohorts {
                let block = per_cohort
                    .get(&cohort.id)
                    .copied()
                    .unwrap_or_default()
                    .block();
                cohorts_out.push((
                    cohort.id.to_string(),
                    CohortRetention {
                        name: cohort.name.clone(),
                        programme: cohort.programme,
                        start_date: cohort.start_date,
                        block,
                    },
                ));
            }
        }
    }
    AcademyFigures {
        total: total.block(),
        by_programme: Keyed(vec![
            ("full".to_owned(), programmes[0].block()),
            ("short".to_owned(), programmes[1].block()),
        ]),
        by_cohort: by_cohort.then_some(Keyed(cohorts_out)),
    }
}
