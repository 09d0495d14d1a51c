//! Recruitment: vacancies open on D and by stage, how long filled vacancies took,
//! recruitment events' funnels and university placements in the year to D.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::codes::{PlacementNumber, PlacementOutcome, VacancyStage};
use crate::measures::calendar::in_year;
use crate::measures::index::CouncilIndex;
use crate::measures::leavers::CountFte;
use crate::measures::{Keyed, median, ratio};
use crate::records::{Placement, RecruitmentEvent};
use crate::values::Date;

/// Vacancies open on D.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct OpenVacancies {
    /// How many.
    pub count: u64,
    /// Their FTE.
    pub fte: f64,
    /// How many are covered by an agency worker.
    pub covered_by_agency: u64,
}

/// Recruitment events and what followed them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Funnel {
    /// Events held.
    pub events: u64,
    /// People who came.
    pub attendees: u64,
    /// Applications that followed.
    pub applications: u64,
    /// Offers made.
    pub offers: u64,
    /// People hired.
    pub hires: u64,
    /// applications / attendees.
    pub applications_per_attendee: Option<f64>,
    /// offers / applications.
    pub offers_per_application: Option<f64>,
    /// hires / offers.
    pub hires_per_offer: Option<f64>,
    /// hires / attendees.
    pub hires_per_attendee: Option<f64>,
}

impl Funnel {
    fn add(&mut self, event: &RecruitmentEvent) {
        self.events += 1;
        self.attendees += u64::from(event.attendees.unwrap_or(0));
        self.applications += u64::from(event.applications.unwrap_or(0));
        self.offers += u64::from(event.offers.unwrap_or(0));
        self.hires += u64::from(event.hires.unwrap_or(0));
    }

    fn with_rates(mut self) -> Self {
        let rate = |numerator: u64, denominator: u64| ratio(numerator as f64, denominator as f64);
        self.applications_per_attendee = rate(self.applications, self.attendees);
        self.offers_per_application = rate(self.offers, self.applications);
        self.hires_per_offer = rate(self.hires, self.offers);
        self.hires_per_attendee = rate(self.hires, self.attendees);
        self
    }
}

/// Student placements and what came of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PlacementCounts {
    /// Students placed.
    pub placed: u64,
    /// Students offered a job (offered, accepted or declined).
    pub offers: u64,
    /// Students who accepted.
    pub accepted: u64,
    /// Students who declined.
    pub declined: u64,
    /// Students who became workers of the council.
    pub hired: u64,
}

impl PlacementCounts {
    fn add(&mut self, placement: &Placement) {
        self.count(placement, placement.hired_worker_id.is_some());
    }

    /// Counts one placement, `hired` saying whether its student became a worker of
    /// the council (the measures read only `hired_worker_id`; the recruitment pages
    /// also count a candidate from the placement who started).
    pub fn count(&mut self, placement: &Placement, hired: bool) {
        self.placed += 1;
        let outcome = placement.outcome;
        self.offers += u64::from(matches!(
            outcome,
            Some(
                PlacementOutcome::Offered | PlacementOutcome::Accepted | PlacementOutcome::Declined
            )
        ));
        self.accepted += u64::from(outcome == Some(PlacementOutcome::Accepted));
        self.declined += u64::from(outcome == Some(PlacementOutcome::Declined));
        self.hired += u64::from(hired);
    }
}

/// Placements that started in the year to D.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacementFigures {
    /// All of them.
    pub total: PlacementCounts,
    /// First (`1`) and final (`2`) placements.
    pub by_placement_number: Keyed<PlacementCounts>,
    /// By university, as written.
    pub by_university: Keyed<PlacementCounts>,
}

/// The `recruitment` block of the measures JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecruitmentFigures {
    /// Vacancies open on D.
    pub vacancies_open: OpenVacancies,
    /// Open vacancies by their current stage, every stage present.
    pub vacancies_by_stage: Keyed<CountFte>,
    /// Vacancies closed in the year to D.
    pub vacancies_closed_in_year: u64,
    /// Median days from opening to closing of those.
    pub median_days_open_closed_in_year: Option<f64>,
    /// Events held in the year to D, by out of hours (`true`, `false`, `unknown`) and
    /// in total.
    pub events: Keyed<Funnel>,
    /// Placements started in the year to D.
    pub placements: PlacementFigures,
}

/// Computes the recruitment figures over one council or several pooled.
pub fn figures(councils: &[&CouncilIndex<'_>], date: Date, year_from: Date) -> RecruitmentFigures {
    let mut open = OpenVacancies::default();
    let mut by_stage = vec![CountFte::default(); VacancyStage::ALL.len()];
    let mut closed_in_year = 0;
    let mut days_open = Vec::new();
    let mut events = [Funnel::default(); 4];
    let mut placements = PlacementCounts::default();
    let mut by_number = [PlacementCounts::default(); 2];
    let mut by_university: BTreeMap<&str, PlacementCounts> = BTreeMap::new();
    for council in councils {
        let workforce = council.workforce;
        for vacancy in workforce
            .vacancies
            .iter()
            .filter(|v| council.is_childrens(v.team_id.as_ref()))
        {
            let fte = vacancy.fte.value();
            let opened = vacancy.open.start();
            if opened <= date && vacancy.open.end().is_none_or(|closed| closed > date) {
                open.count += 1;
                open.fte += fte;
                open.covered_by_agency += u64::from(vacancy.covered_by_agency == Some(true));
                let stage = &mut by_stage[VacancyStage::ALL
                    .iter()
                    .position(|s| *s == vacancy.stage)
                    .unwrap_or(0)];
                stage.count += 1;
                stage.fte += fte;
            }
            if let Some(closed) = vacancy
                .open
                .end()
                .filter(|closed| in_year(*closed, year_from, date))
            {
                closed_in_year += 1;
                days_open.push((closed - opened).num_days() as f64);
            }
        }
        for event in workforce
            .recruitment_events
            .iter()
            .filter(|e| in_year(e.held_on, year_from, date))
        {
            let split = match event.out_of_hours {
                Some(true) => 0,
                Some(false) => 1,
                None => 2,
            };
            events[split].add(event);
            events[3].add(event);
        }
        for placement in workforce
            .placements
            .iter()
            .filter(|p| in_year(p.span.start(), year_from, date))
        {
            placements.add(placement);
            by_number[usize::from(placement.number == PlacementNumber::Final)].add(placement);
            by_university
                .entry(&placement.university)
                .or_default()
                .add(placement);
        }
    }
    let funnel_labels = ["true", "false", "unknown", "total"];
    RecruitmentFigures {
        vacancies_open: open,
        vacancies_by_stage: Keyed(
            VacancyStage::ALL
                .iter()
                .map(|stage| stage.as_str().to_owned())
                .zip(by_stage)
                .collect(),
        ),
        vacancies_closed_in_year: closed_in_year,
        median_days_open_closed_in_year: median(&mut days_open),
        events: Keyed(
            funnel_labels
                .iter()
                .map(|label| (*label).to_owned())
                .zip(events.map(Funnel::with_rates))
                .collect(),
        ),
        placements: PlacementFigures {
            total: placements,
            by_placement_number: Keyed(vec![
                ("1".to_owned(), by_number[0]),
                ("2".to_owned(), by_number[1]),
            ]),
            by_university: Keyed(
                by_university
                    .into_iter()
                    .map(|(name, counts)| (name.to_owned(), counts))
                    .collect(),
            ),
        },
    }
}
