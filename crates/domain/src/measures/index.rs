//! One council's records arranged for measuring: built once, shared by every measure.

use std::collections::HashMap;

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
    /// Each employment's assignments in start order, parallel to
    /// `workforce.employments`; never empty.
    pub assignments: Vec<Vec<Effective<'w>>>,
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
        let mut assignments: Vec<Vec<Effective<'w>>> =
            vec![Vec::new(); workforce.employments.len()];
        for assignment in &workforce.assignments {
            if let Some(&index) = positions.get(&assignment.employment_id) {
                assignments[index].push(Effective {
                    span: assignment.span,
                    team: assignment.team_id.as_ref(),
                    role: assignment.role,
                    contract: assignment.contract,
                    fte: assignment.fte.value(),
                    children: children(assignment.team_id.as_ref()),
                });
            }
        }
        for (employment, list) in workforce.employments.iter().zip(assignments.iter_mut()) {
            if list.is_empty() {
                list.push(Effective {
                    span: employment.span(),
                    team: None,
                    role: Role::SocialWorker,
                    contract: Contract::Permanent,
                    fte: 1.0,
                    children: true,
                });
            } else {
                // Keys are (employment, start date), so starts are distinct.
                list.sort_by_key(|assignment| assignment.span.start());
            }
        }
        let mut employments_by_worker: HashMap<&WorkerId, Vec<usize>> = HashMap::new();
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
            .zip(self.assignments.iter().map(Vec::as_slice))
    }

    /// An employment's first assignment.
    pub fn first(&self, employment: usize) -> &Effective<'w> {
        &self.assignments[employment][0]
    }

    /// An employment's last assignment.
    pub fn last(&self, employment: usize) -> &Effective<'w> {
        let list = &self.assignments[employment];
        &list[list.len() - 1]
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
            self.assignments[index]
                .iter()
                .any(|assignment| assignment.span.covers(day) && wanted(assignment))
        })
    }
}
