//! Leavers in the year to D: why they left, where they went, attrition, and returners.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::codes::{Destination, LeavingReason};
use crate::ids::WorkerId;
use crate::measures::calendar::in_year as within_year;
use crate::measures::index::CouncilIndex;
use crate::measures::{Keyed, ratio};
use crate::records::Employment;
use crate::values::Date;

/// A leaver: a non-agency employment that ended in the year to D, at the FTE of its
/// last assignment.
#[derive(Debug, Clone, Copy)]
pub struct Leaver<'w> {
    /// The employment that ended.
    pub employment: &'w Employment,
    /// The FTE of its last assignment.
    pub fte: f64,
}

impl Leaver<'_> {
    /// Why they left.
    pub fn reason(&self) -> LeavingReason {
        self.employment
            .leaving()
            .map_or(LeavingReason::NotKnown, |leaving| leaving.reason)
    }

    /// Where they went; empty counts as `not_known`.
    pub fn destination(&self) -> Destination {
        self.employment
            .leaving()
            .and_then(|leaving| leaving.destination)
            .unwrap_or(Destination::NotKnown)
    }
}

/// The council's leavers in the year to D: the same set as `leavers_fte`.
pub fn in_year<'c, 'w>(
    council: &'c CouncilIndex<'w>,
    date: Date,
    year_from: Date,
) -> impl Iterator<Item = Leaver<'w>> + 'c {
    council
        .workforce
        .employments
        .iter()
        .enumerate()
        .filter_map(move |(index, employment)| {
            let ended = employment
                .span()
                .end()
                .is_some_and(|end| within_year(end, year_from, date));
            let last = council.last(index);
            (ended && !last.is_agency()).then_some(Leaver {
                employment,
                fte: last.fte,
            })
        })
}

/// A number of leavers and their FTE.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct CountFte {
    /// How many.
    pub count: u64,
    /// Their FTE.
    pub fte: f64,
}

impl CountFte {
    fn add(&mut self, fte: f64) {
        self.count += 1;
        self.fte += fte;
    }
}

/// The `leavers` block of the measures JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaverFigures {
    /// Leavers in the year to D.
    pub count: u64,
    /// Their FTE (= the workforce's leavers_fte).
    pub fte: f64,
    /// By leaving reason, every code present.
    pub by_reason: Keyed<u64>,
    /// By destination, every code present.
    pub by_destination: Keyed<u64>,
    /// Leavers who left the council: any reason but `moved_within_council`.
    pub left_council: u64,
    /// Leavers who did not go to a social work role in another council.
    pub attrition: CountFte,
    /// Of those, the ones who went to agency work.
    pub attrition_into_agency: CountFte,
    /// The rest of the attrition.
    pub full_attrition: CountFte,
    /// attrition FTE / the workforce's FTE.
    pub attrition_rate: Option<f64>,
    /// Workers who are returners as of D.
    pub returners: u64,
    /// Workers whose returning employment started in the year to D.
    pub returners_in_year: u64,
}

/// Computes the leavers' figures; `workforce_fte` is the FTE in post on D, for the
/// attrition rate.
pub fn figures(
    councils: &[&CouncilIndex<'_>],
    date: Date,
    year_from: Date,
    workforce_fte: f64,
) -> LeaverFigures {
    let mut count = 0;
    let mut fte = 0.0;
    let mut by_reason = vec![0u64; LeavingReason::ALL.len()];
    let mut by_destination = vec![0u64; Destination::ALL.len()];
    let mut left_council = 0;
    let mut attrition = CountFte::default();
    let mut attrition_into_agency = CountFte::default();
    let mut full_attrition = CountFte::default();
    let mut returners = 0;
    let mut returners_in_year = 0;
    for council in councils {
        for leaver in in_year(council, date, year_from) {
            count += 1;
            fte += leaver.fte;
            let reason = leaver.reason();
            let destination = leaver.destination();
            by_reason[LeavingReason::ALL
                .iter()
                .position(|code| *code == reason)
                .unwrap_or(0)] += 1;
            by_destination[Destination::ALL
                .iter()
                .position(|code| *code == destination)
                .unwrap_or(0)] += 1;
            if reason != LeavingReason::MovedWithinCouncil {
                left_council += 1;
            }
            if destination != Destination::OtherAuthority {
                attrition.add(leaver.fte);
                if destination == Destination::Agency {
                    attrition_into_agency.add(leaver.fte);
                } else {
                    full_attrition.add(leaver.fte);
                }
            }
        }
        let (all, this_year) = count_returners(council, date, year_from);
        returners += all;
        returners_in_year += this_year;
    }
    LeaverFigures {
        count,
        fte,
        by_reason: Keyed(
            LeavingReason::ALL
                .iter()
                .map(|code| code.as_str().to_owned())
                .zip(by_reason)
                .collect(),
        ),
        by_destination: Keyed(
            Destination::ALL
                .iter()
                .map(|code| code.as_str().to_owned())
                .zip(by_destination)
                .collect(),
        ),
        left_council,
        attrition,
        attrition_into_agency,
        full_attrition,
        attrition_rate: ratio(attrition.fte, workforce_fte),
        returners,
        returners_in_year,
    }
}

/// Returners as of D: workers with an employment starting on or before D, after
/// another of theirs had ended on or before D. Also those whose returning employment
/// started in the year to D. Each worker counts once.
fn count_returners(council: &CouncilIndex<'_>, date: Date, year_from: Date) -> (u64, u64) {
    let employments = &council.workforce.employments;
    let mut first_end: HashMap<&WorkerId, Date> = HashMap::default();
    for employment in employments.iter().filter(|e| e.span().start() <= date) {
        if let Some(end) = employment.span().end().filter(|end| *end <= date) {
            let earliest = first_end.entry(employment.worker_id()).or_insert(end);
            *earliest = (*earliest).min(end);
        }
    }
    let mut returned: HashMap<&WorkerId, bool> = HashMap::default();
    for employment in employments {
        let start = employment.span().start();
        if start > date {
            continue;
        }
        if let Some(&end) = first_end.get(employment.worker_id())
            && start > end
        {
            let this_year = returned.entry(employment.worker_id()).or_insert(false);
            *this_year |= within_year(start, year_from, date);
        }
    }
    let in_year = returned.values().filter(|this_year| **this_year).count() as u64;
    (returned.len() as u64, in_year)
}
