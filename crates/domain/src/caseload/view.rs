//! Caseloads on a date: each worker in post with their cases, band and threshold, the
//! alerts, the teams, and one worker's trend.

use std::collections::HashMap;

use chrono::Days;
use serde::Serialize;

use super::CaseloadSettings;
use crate::codes::Role;
use crate::ids::{TeamId, WorkerId};
use crate::measures::index::CouncilIndex;
use crate::measures::ratio;
use crate::measures::workforce::cases_on;
use crate::records::Team;
use crate::values::Date;
use crate::workforce::Workforce;

/// A worker in post on D in children's services (agency included), with their cases.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerCaseload<'w> {
    /// The worker.
    pub worker_id: &'w WorkerId,
    /// Their role on D.
    pub role: Role,
    /// Their team on D, if any.
    pub team_id: Option<&'w TeamId>,
    /// Their FTE on D.
    pub fte: f64,
    /// Whether they are an agency worker.
    pub agency: bool,
    /// Their cases on D and the date of that count; none if no count is dated in the
    /// 31 days to D.
    pub count: Option<(Date, u32)>,
    /// The band of their cases on D, as a position in the bands' labels.
    pub band: Option<usize>,
    /// The most cases someone in their role should hold.
    pub threshold: u32,
}

impl WorkerCaseload<'_> {
    /// Their cases on D, if known.
    pub fn cases(&self) -> Option<u32> {
        self.count.map(|(_, cases)| cases)
    }

    /// Whether their cases on D are above their threshold.
    pub fn above_threshold(&self) -> bool {
        self.cases().is_some_and(|cases| cases > self.threshold)
    }
}

/// Why a worker is on the alert list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertReason {
    /// Their cases are above their role's threshold.
    AboveThreshold {
        /// Their cases on D.
        cases: u32,
        /// Their threshold.
        threshold: u32,
    },
    /// Their cases rose by at least the council's "rising fast" number within its
    /// period.
    RisingFast {
        /// The lowest earlier count within the period.
        from: u32,
        /// Its date.
        from_on: Date,
        /// The rise to the latest count.
        rise: u32,
        /// Days from that count to the latest.
        days: i64,
    },
}

impl AlertReason {
    /// The reason as a sentence.
    pub fn sentence(&self) -> String {
        match self {
            Self::AboveThreshold { cases, threshold } => format!(
                "{cases} cases is {} above the threshold of {threshold}",
                cases - threshold
            ),
            Self::RisingFast {
                from,
                from_on,
                rise,
                days,
            } => format!(
                "up {rise} cases in {days} days, from {from} on {}",
                from_on.format("%-d %B %Y")
            ),
        }
    }
}

/// A worker above their threshold or rising fast on D.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert<'w> {
    /// The worker and their cases on D.
    pub worker: WorkerCaseload<'w>,
    /// Why: one reason or both.
    pub reasons: Vec<AlertReason>,
}

/// One team's caseloads on D.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamCaseloads<'w> {
    /// The team.
    pub team: &'w Team,
    /// Its workers in post on D, in ID order.
    pub workers: Vec<WorkerCaseload<'w>>,
    /// Its social workers (agency excluded) with a known caseload, by band.
    pub band_counts: Vec<u64>,
    /// Total cases on D of its case holders.
    pub cases: u64,
    /// Its workers, agency included, with at least one case on D.
    pub case_holders: u64,
    /// Their FTE.
    pub case_holders_fte: f64,
    /// cases / case_holders_fte, as the DfE computes the average caseload.
    pub caseload_fte: Option<f64>,
    /// How many of its workers are on the alert list.
    pub alerts: usize,
}

/// Everything about caseloads on D.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseloadsAt<'w> {
    /// D.
    pub date: Date,
    /// The bands' labels.
    pub band_labels: Vec<String>,
    /// Every worker in post on D in children's services, in ID order.
    pub workers: Vec<WorkerCaseload<'w>>,
    /// Every children's team, in ID order.
    pub teams: Vec<TeamCaseloads<'w>>,
    /// The alert list, in worker ID order.
    pub alerts: Vec<Alert<'w>>,
}

/// Each worker's assignment in post on `date` in children's services: that of their
/// latest-starting employment, as the measures take it.
fn in_post<'w>(
    index: &CouncilIndex<'w>,
    date: Date,
) -> Vec<(&'w WorkerId, Role, Option<&'w TeamId>, f64, bool)> {
    let mut chosen: HashMap<&WorkerId, (Date, usize)> = HashMap::new();
    let mut workers = Vec::new();
    for (employment, assignments) in index.employments() {
        if !employment.span().covers(date) {
            continue;
        }
        let start = employment.span().start();
        for assignment in assignments
            .iter()
            .filter(|a| a.children && a.span.covers(date))
        {
            let entry = (
                employment.worker_id(),
                assignment.role,
                assignment.team,
                assignment.fte,
                assignment.is_agency(),
            );
            match chosen.get(employment.worker_id()) {
                Some(&(chosen_start, position)) => {
                    if start >= chosen_start {
                        workers[position] = entry;
                        chosen.insert(employment.worker_id(), (start, position));
                    }
                }
                None => {
                    chosen.insert(employment.worker_id(), (start, workers.len()));
                    workers.push(entry);
                }
            }
        }
    }
    workers.sort_by(|a, b| a.0.cmp(b.0));
    workers
}

/// Whether a worker's cases rose fast up to their latest count: the rise from the
/// lowest count dated at most `rising_days` before it.
fn rising_fast(
    workforce: &Workforce,
    worker: &WorkerId,
    latest: (Date, u32),
    settings: &CaseloadSettings,
) -> Option<AlertReason> {
    let (latest_on, latest_cases) = latest;
    let since = latest_on
        .checked_sub_days(Days::new(u64::from(settings.rising_days)))
        .unwrap_or(latest_on);
    let lowest = workforce
        .caseloads
        .iter()
        .filter(|c| &c.worker_id == worker && c.as_of >= since && c.as_of < latest_on)
        .min_by_key(|c| (c.cases, c.as_of))?;
    let rise = latest_cases.checked_sub(lowest.cases)?;
    (rise >= settings.rising_cases).then(|| AlertReason::RisingFast {
        from: lowest.cases,
        from_on: lowest.as_of,
        rise,
        days: (latest_on - lowest.as_of).num_days(),
    })
}

/// The caseloads of a council on `date`, under its settings; `asye_limit` is the
/// academy's ASYE caseload limit.
pub fn caseloads_at<'w>(
    workforce: &'w Workforce,
    settings: &CaseloadSettings,
    asye_limit: u32,
    date: Date,
) -> CaseloadsAt<'w> {
    let index = CouncilIndex::new(workforce);
    let counts = cases_on(&workforce.caseloads, date);
    let workers: Vec<WorkerCaseload<'w>> = in_post(&index, date)
        .into_iter()
        .map(|(worker_id, role, team_id, fte, agency)| {
            let count = counts.get(worker_id).copied();
            WorkerCaseload {
                worker_id,
                role,
                team_id,
                fte,
                agency,
                count,
                band: count.map(|(_, cases)| settings.band_of(cases)),
                threshold: settings.threshold(role, asye_limit),
            }
        })
        .collect();
    let alerts: Vec<Alert<'w>> = workers
        .iter()
        .filter_map(|worker| {
            let latest = worker.count?;
            let mut reasons = Vec::new();
            if worker.above_threshold() {
                reasons.push(AlertReason::AboveThreshold {
                    cases: latest.1,
                    threshold: worker.threshold,
                });
            }
            reasons.extend(rising_fast(workforce, worker.worker_id, latest, settings));
            (!reasons.is_empty()).then(|| Alert {
                worker: worker.clone(),
                reasons,
            })
        })
        .collect();
    let band_count = settings.band_bounds.len().max(1);
    let mut teams: Vec<TeamCaseloads<'w>> = workforce
        .teams
        .iter()
        .filter(|team| index.is_childrens(Some(&team.id)))
        .map(|team| {
            let members: Vec<WorkerCaseload<'w>> = workers
                .iter()
                .filter(|w| w.team_id == Some(&team.id))
                .cloned()
                .collect();
            let mut band_counts = vec![0u64; band_count];
            let mut cases = 0u64;
            let mut case_holders = 0u64;
            let mut case_holders_fte = 0.0;
            for worker in &members {
                // As the measures: bands count the council's own social workers;
                // the average caseload counts every case holder, agency included.
                if let (Some(band), false) = (worker.band, worker.agency) {
                    band_counts[band] += 1;
                }
                if let Some(held) = worker.cases().filter(|cases| *cases >= 1) {
                    cases += u64::from(held);
                    case_holders += 1;
                    case_holders_fte += worker.fte;
                }
            }
            let alert_count = alerts
                .iter()
                .filter(|alert| alert.worker.team_id == Some(&team.id))
                .count();
            TeamCaseloads {
                team,
                workers: members,
                band_counts,
                cases,
                case_holders,
                case_holders_fte,
                caseload_fte: ratio(cases as f64, case_holders_fte),
                alerts: alert_count,
            }
        })
        .collect();
    teams.sort_by(|a, b| a.team.id.cmp(&b.team.id));
    CaseloadsAt {
        date,
        band_labels: settings.band_labels(),
        workers,
        teams,
        alerts,
    }
}

/// One count of a worker's trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    /// The date of the count.
    pub as_of: Date,
    /// The cases held.
    pub cases: u32,
    /// Their threshold on that date (from their role then), if they were in post.
    pub threshold: Option<u32>,
    /// The band's label.
    pub band: String,
}

/// A worker's counts over time, oldest first, each with the threshold of their role on
/// its date.
pub fn trend(
    workforce: &Workforce,
    worker: &WorkerId,
    settings: &CaseloadSettings,
    asye_limit: u32,
) -> Vec<TrendPoint> {
    let index = CouncilIndex::new(workforce);
    let labels = settings.band_labels();
    let mut counts: Vec<_> = workforce
        .caseloads
        .iter()
        .filter(|c| &c.worker_id == worker)
        .collect();
    counts.sort_by_key(|c| c.as_of);
    counts
        .into_iter()
        .map(|count| {
            let role = latest_role(&index, worker, count.as_of);
            TrendPoint {
                as_of: count.as_of,
                cases: count.cases,
                threshold: role.map(|role| settings.threshold(role, asye_limit)),
                band: labels[settings.band_of(count.cases).min(labels.len() - 1)].clone(),
            }
        })
        .collect()
}

/// The worker's role on `date`: their children's assignment in post then, from their
/// latest-starting employment.
fn latest_role(index: &CouncilIndex<'_>, worker: &WorkerId, date: Date) -> Option<Role> {
    index
        .employments_of(worker)
        .iter()
        .filter(|&&position| index.workforce.employments[position].span().covers(date))
        .max_by_key(|&&position| index.workforce.employments[position].span().start())
        .and_then(|&position| {
            index
                .assignments_of(position)
                .iter()
                .rfind(|a| a.children && a.span.covers(date))
                .map(|a| a.role)
        })
}
