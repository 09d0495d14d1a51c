//! One council's records arranged for measuring: built once, shared by every measure.

use rustc_hash::FxHashMap as HashMap;

use crate::codes::{Contract, Role, Service};
use crate::council::CouncilCode;
use crate::ids::{TeamId, WorkerId};
use crate::records::{Employment, Worker};
use crate::values::{Date, Span};
use crate::workforce::Workforce;

/// An assignment as the measures see it: a stored one, or the default one of an
/// employment without any (`social_worker`, `permanent`, FTE 1, no team, over the whole
/// employment).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effective<'w> {
    /// When it applied.
    pub span: Span,
    /// The team, if any.
    pub team: Option<&'w TeamId>,
    /// The job.
    pub role: Role,
    /// The contract.
    pub contract: Contract,
    /// Full-time equivalent.
    pub fte: f64,
    /// Whether it counts as children's services: no team, a team not on record, or a
    /// `children` team.
    pub children: bool,
}

impl Effective<'_> {
    /// Whether this is an agency engagement.
    pub fn is_agency(&self) -> bool {
        self.contract == Contract::Agency
    }
}

/// No team, or a team not on record, counts as children's services.
fn counts_as_childrens(services: &HashMap<&TeamId, Service>, team: Option<&TeamId>) -> bool {
    team.is_none_or(|team| {
        services
            .get(team)
            .is_none_or(|service| *service == Service::Children)
    })
}

/// A council's records with the lookups the measures need.
#[derive(Debug)]
pub struct CouncilIndex<'w> {
    /// The records.
    pub workforce: &'w Workforce,
    /// Every employment's assignments in start order, employment after employment;
    /// `ranges[i]` locates employment `i`'s, never empty. One flat list rather than a
    /// list per employment: a national installation has a quarter of a million.
    assignments: Vec<Effective<'w>>,
    ranges: Vec<std::ops::Range<usize>>,
    /// Each worker's employments, as positions in `workforce.employments`.
    pub employments_by_worker: HashMap<&'w WorkerId, Vec<usize>>,
    /// Workers by ID.
    pub workers: HashMap<&'w WorkerId, &'w Worker>,
    /// Each team's service.
    services: HashMap<&'w TeamId, Service>,
}

impl<'w> CouncilIndex<'w> {
    /// Arranges one council's records.
    pub fn new(workforce: &'w Workforce) -> Self {
        let services: HashMap<&TeamId, Service> = workforce
            .teams
            .iter()
            .map(|team| (&team.id, team.service))
            .collect();
        let children = |team: Option<&TeamId>| counts_as_childrens(&services, team);
        let positions: HashMap<_, usize> = workforce
            .employments
            .iter()
            .enumerate()
            .map(|(index, employment)| (employment.id(), index))
            .collect();
        // Group stored assignments by employment with a counting sort, then fill in the
        // default assignment of each employment that has none.
        let mut owners: Vec<(usize, usize)> = workforce
            .assignments
            .iter()
            .enumerate()
            .filter_map(|(position, assignment)| {
                Some((*positions.get(&assignment.employment_id)?, position))
            })
            .collect();
        owners.sort_unstable_by_key(|(employment, position)| {
            (*employment, workforce.assignments[*position].span.start())
        });
        let mut assignments = Vec::with_capacity(owners.len() + workforce.employments.len() / 8);
        let mut ranges = Vec::with_capacity(workforce.employments.len());
        let mut next = owners.iter().peekable();
        for (index, employment) in workforce.employments.iter().enumerate() {
            let start = assignments.len();
            while let Some(&&(owner, position)) = next.peek() {
                if owner != index {
                    break;
                }
                let assignment = &workforce.assignments[position];
                assignments.push(Effective {
                    span: assignment.span,
                    team: assignment.team_id.as_ref(),
                    role: assignment.role,
                    contract: assignment.contract,
                    fte: assignment.fte.value(),
                    children: children(assignment.team_id.as_ref()),
                });
                next.next();
            }
            if assignments.len() == start {
                assignments.push(Effective {
                    span: employment.span(),
                    team: None,
                    role: Role::SocialWorker,
                    contract: Contract::Permanent,
                    fte: 1.0,
                    children: true,
                });
            }
            ranges.push(start..assignments.len());
        }
        let mut employments_by_worker: HashMap<&WorkerId, Vec<usize>> = HashMap::default();
        for (index, employment) in workforce.employments.iter().enumerate() {
            employments_by_worker
                .entry(employment.worker_id())
                .or_default()
                .push(index);
        }
        let workers = workforce
            .workers
            .iter()
            .map(|worker| (&worker.id, worker))
            .collect();
        Self {
            workforce,
            assignments,
            ranges,
            employments_by_worker,
            workers,
            services,
        }
    }

    /// The council.
    pub fn council(&self) -> CouncilCode {
        self.workforce.council
    }

    /// Every employment with its assignments.
    pub fn employments(&self) -> impl Iterator<Item = (&'w Employment, &[Effective<'w>])> + '_ {
        self.workforce
            .employments
            .iter()
            .enumerate()
            .map(|(index, employment)| (employment, self.assignments_of(index)))
    }

    /// An employment's assignments, in start order.
    pub fn assignments_of(&self, employment: usize) -> &[Effective<'w>] {
        &self.assignments[self.ranges[employment].clone()]
    }

    /// An employment's first assignment.
    pub fn first(&self, employment: usize) -> &Effective<'w> {
        &self.assignments[self.ranges[employment].start]
    }

    /// An employment's last assignment.
    pub fn last(&self, employment: usize) -> &Effective<'w> {
        &self.assignments[self.ranges[employment].end - 1]
    }

    /// Whether the team counts as children's services.
    pub fn is_childrens(&self, team: Option<&TeamId>) -> bool {
        counts_as_childrens(&self.services, team)
    }

    /// The employments of a worker.
    pub fn employments_of(&self, worker: &WorkerId) -> &[usize] {
        self.employments_by_worker
            .get(worker)
            .map_or(&[], Vec::as_slice)
    }

    /// Whether the worker held, on `day`, an assignment satisfying `wanted`.
    pub fn held_on(
        &self,
        worker: &WorkerId,
        day: Date,
        wanted: impl Fn(&Effective<'w>) -> bool,
    ) -> bool {
        self.employments_of(worker).iter().any(|&index| {
            self.assignments_of(index)
                .iter()
                .any(|assignment| assignment.span.covers(day) && wanted(assignment))
        })
    }
}
