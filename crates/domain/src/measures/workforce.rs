//! The workforce at D: who is in post, vacancies, starters and leavers, caseloads and
//! sickness absence.

use rustc_hash::FxHashMap as HashMap;

use chrono::Days;
use serde::Serialize;

use crate::codes::AbsenceReason;
use crate::ids::WorkerId;
use crate::measures::calendar::in_year;
use crate::measures::index::CouncilIndex;
use crate::measures::{Keyed, MeasureOptions, YEAR_DAYS, leavers, median, ratio};
use crate::records::Caseload;
use crate::values::Date;

/// Working days in a full-time year, for the sickness absence rate.
pub const WORKING_DAYS_PER_FTE_YEAR: f64 = 253.0;

/// How far back a caseload count may be dated and still be "the cases on D".
pub const CASELOAD_WINDOW_DAYS: u64 = 31;

/// One caseload band: how many workers, and their share of those with a known
/// caseload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Workers in the band.
    pub count: u64,
    /// `count / caseload_workers`.
    pub share: Option<f64>,
}

/// The labels of the bands for the given lower bounds: `0-(b1−1)`, ..., `bk+`.
pub fn band_labels(bounds: &[u32]) -> Vec<String> {
    let mut labels = Vec::with_capacity(bounds.len() + 1);
    let mut low = 0;
    for &bound in bounds {
        labels.push(format!("{low}-{}", bound.saturating_sub(1)));
        low = bound;
    }
    labels.push(format!("{low}+"));
    labels
}

/// Which band a count of cases falls in.
pub fn band_of(cases: u32, bounds: &[u32]) -> usize {
    bounds.iter().take_while(|bound| **bound <= cases).count()
}

/// Each worker's cases on D: their latest count dated in (D − 31 days, D], with its
/// date. Workers with no count in that window have no known caseload on D.
pub fn cases_on(caseloads: &[Caseload], date: Date) -> HashMap<&WorkerId, (Date, u32)> {
    let window_start = date
        .checked_sub_days(Days::new(CASELOAD_WINDOW_DAYS))
        .unwrap_or(date);
    let mut cases_on: HashMap<&WorkerId, (Date, u32)> = HashMap::default();
    for caseload in caseloads {
        if caseload.as_of > window_start && caseload.as_of <= date {
            let entry = cases_on
                .entry(&caseload.worker_id)
                .or_insert((caseload.as_of, caseload.cases));
            if caseload.as_of >= entry.0 {
                *entry = (caseload.as_of, caseload.cases);
            }
        }
    }
    cases_on
}

/// The workforce at D (the `workforce` block of the measures JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkforceFigures {
    /// Social workers in post on D (agency excluded), distinct workers.
    pub headcount: u64,
    /// Their FTE.
    pub fte: f64,
    /// FTE of agency assignments in post on D.
    pub agency_fte: f64,
    /// agency_fte / (agency_fte + fte).
    pub agency_rate: Option<f64>,
    /// FTE of vacancies open on D.
    pub vacancy_fte: f64,
    /// vacancy_fte / (vacancy_fte + fte).
    pub vacancy_rate: Option<f64>,
    /// FTE of non-agency employments started in the year to D, at their first
    /// assignment's FTE.
    pub starters_fte: f64,
    /// FTE of non-agency employments ended in the year to D, at their last
    /// assignment's FTE.
    pub leavers_fte: f64,
    /// leavers_fte / fte.
    pub turnover_rate: Option<f64>,
    /// Total cases on D of the case holders.
    pub cases: u64,
    /// Workers in post on D, agency included, with cases on D ≥ 1.
    pub case_holders: u64,
    /// Their FTE on D.
    pub case_holders_fte: f64,
    /// cases / case_holders_fte: the DfE's "average caseload".
    pub caseload_fte: Option<f64>,
    /// Social workers in post on D with a known caseload, zeros included.
    pub caseload_workers: u64,
    /// Those workers by band of cases.
    pub caseload_bands: Keyed<Band>,
    /// FTE of open vacancies covered by agency workers.
    pub agency_cover_fte: f64,
    /// agency_cover_fte / vacancy_fte.
    pub vacancy_agency_cover_rate: Option<f64>,
    /// Sickness working days lost by social workers, absences starting in the year.
    pub working_days_lost: f64,
    /// working_days_lost / (fte × 253).
    pub absence_rate: Option<f64>,
    /// Median years since the start of the current employment.
    pub median_service_years: Option<f64>,
}

/// Per worker, the assignment in post on D of their latest-starting employment, kept
/// in the order first met so that sums are the same on every run.
#[derive(Debug, Default)]
struct InPost<'w> {
    positions: HashMap<&'w WorkerId, usize>,
    workers: Vec<(&'w WorkerId, Date, f64)>,
}

impl<'w> InPost<'w> {
    fn add(&mut self, worker: &'w WorkerId, employment_start: Date, fte: f64) {
        match self.positions.get(worker) {
            Some(&index) => {
                if employment_start >= self.workers[index].1 {
                    self.workers[index] = (worker, employment_start, fte);
                }
            }
            None => {
                self.positions.insert(worker, self.workers.len());
                self.workers.push((worker, employment_start, fte));
            }
        }
    }
}

/// Computes the workforce at D over one council or several pooled.
pub fn figures(
    councils: &[&CouncilIndex<'_>],
    options: &MeasureOptions,
    year_from: Date,
) -> WorkforceFigures {
    let date = options.date;
    let bounds = &options.band_bounds;
    let mut fte = 0.0;
    let mut headcount = 0;
    let mut agency_fte = 0.0;
    let mut vacancy_fte = 0.0;
    let mut agency_cover_fte = 0.0;
    let mut starters_fte = 0.0;
    let mut leavers_fte = 0.0;
    let mut cases = 0u64;
    let mut case_holders = 0;
    let mut case_holders_fte = 0.0;
    let mut band_counts = vec![0u64; bounds.len() + 1];
    let mut working_days_lost = 0.0;
    let mut service_years = Vec::new();

    for council in councils {
        let mut social = InPost::default();
        let mut everyone = InPost::default();
        for (employment, assignments) in council.employments() {
            if !employment.span().covers(date) {
                continue;
            }
            let start = employment.span().start();
            for assignment in assignments
                .iter()
                .filter(|a| a.children && a.span.covers(date))
            {
                if assignment.is_agency() {
                    agency_fte += assignment.fte;
                } else {
                    social.add(employment.worker_id(), start, assignment.fte);
                }
                everyone.add(employment.worker_id(), start, assignment.fte);
            }
        }

        let cases_on = cases_on(&council.workforce.caseloads, date);

        for &(worker, start, worker_fte) in &social.workers {
            headcount += 1;
            fte += worker_fte;
            service_years.push((date - start).num_days() as f64 / YEAR_DAYS);
            if let Some(&(_, count)) = cases_on.get(worker) {
                band_counts[band_of(count, bounds)] += 1;
            }
        }
        for &(worker, _, worker_fte) in &everyone.workers {
            if let Some(&(_, count)) = cases_on.get(worker).filter(|(_, count)| *count >= 1) {
                cases += u64::from(count);
                case_holders += 1;
                case_holders_fte += worker_fte;
            }
        }

        for vacancy in &council.workforce.vacancies {
            let open = vacancy.open.start() <= date
                && vacancy.open.end().is_none_or(|closed| closed > date);
            if open && council.is_childrens(vacancy.team_id.as_ref()) {
                vacancy_fte += vacancy.fte.value();
                if vacancy.covered_by_agency == Some(true) {
                    agency_cover_fte += vacancy.fte.value();
                }
            }
        }

        for (index, employment) in council.workforce.employments.iter().enumerate() {
            let first = council.first(index);
            if in_year(employment.span().start(), year_from, date) && !first.is_agency() {
                starters_fte += first.fte;
            }
        }
        for leaver in leavers::in_year(council, date, year_from) {
            leavers_fte += leaver.fte;
        }

        for absence in &council.workforce.absences {
            let start = absence.start_date();
            if absence.reason() == AbsenceReason::Sickness
                && in_year(start, year_from, date)
                && council.held_on(absence.worker_id(), start, |a| !a.is_agency() && a.children)
            {
                working_days_lost += absence.working_days_lost().value();
            }
        }
    }

    let caseload_workers: u64 = band_counts.iter().sum();
    let caseload_bands = Keyed(
        band_labels(bounds)
            .into_iter()
            .zip(&band_counts)
            .map(|(label, &count)| {
                (
                    label,
                    Band {
                        count,
                        share: ratio(count as f64, caseload_workers as f64),
                    },
                )
            })
            .collect(),
    );
    WorkforceFigures {
        headcount,
        fte,
        agency_fte,
        agency_rate: ratio(agency_fte, agency_fte + fte),
        vacancy_fte,
        vacancy_rate: ratio(vacancy_fte, vacancy_fte + fte),
        starters_fte,
        leavers_fte,
        turnover_rate: ratio(leavers_fte, fte),
        cases,
        case_holders,
        case_holders_fte,
        caseload_fte: ratio(cases as f64, case_holders_fte),
        caseload_workers,
        caseload_bands,
        agency_cover_fte,
        vacancy_agency_cover_rate: ratio(agency_cover_fte, vacancy_fte),
        working_days_lost,
        absence_rate: ratio(working_days_lost, fte * WORKING_DAYS_PER_FTE_YEAR),
        median_service_years: median(&mut service_years),
    }
}
