//! Each recruitment event's funnel (attendees, then applications, offers and hires
//! traced from them), events held out of working hours against those held in them,
//! and what each hire cost.
//!
//! An event's record in the bulk format carries counts a council typed in
//! (`attendees`, `applications`, `offers`, `hires`); Pathway can also trace them
//! from the attendees and candidates it records. Traced counts replace imported
//! ones in two independent steps:
//! - **attendees**: the recorded attendees when the event has at least one,
//!   otherwise the imported count;
//! - **applications, offers and hires**, together: when at least one candidate names
//!   the event, all three are counted from the candidates who name it (applications:
//!   every one of them; offers: those ever offered the job, see
//!   [`super::candidates::was_offered`]; hires: those who started), otherwise all
//!   three are the imported counts. Once a council records an event's candidates it
//!   records all of them, so a mix of typed and traced counts would count twice.

use serde::Serialize;

use crate::ids::EventId;
use crate::records::RecruitmentEvent;

use super::Recruitment;
use super::candidates::{has_started, was_offered};

/// One count of a funnel, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count {
    /// The count; `None` when the event's record has no count and nothing is traced.
    pub value: Option<u32>,
    /// Whether it was counted from recorded attendees or candidates (rather than
    /// imported).
    pub traced: bool,
}

impl Count {
    fn imported(value: Option<u32>) -> Self {
        Self {
            value,
            traced: false,
        }
    }

    fn traced(value: usize) -> Self {
        Self {
            value: Some(u32::try_from(value).unwrap_or(u32::MAX)),
            traced: true,
        }
    }

    fn number(self) -> u64 {
        u64::from(self.value.unwrap_or(0))
    }
}

/// `numerator / denominator`, or `None` when either is unknown or the denominator is
/// zero.
fn share(numerator: Count, denominator: Count) -> Option<f64> {
    match (numerator.value, denominator.value) {
        (Some(numerator), Some(denominator)) if denominator > 0 => {
            Some(f64::from(numerator) / f64::from(denominator))
        }
        _ => None,
    }
}

/// One event's funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventFunnel {
    /// The event.
    pub event_id: EventId,
    /// People who came.
    pub attendees: Count,
    /// Applications that followed.
    pub applications: Count,
    /// Offers made.
    pub offers: Count,
    /// People hired.
    pub hires: Count,
    /// applications / attendees.
    pub applications_per_attendee: Option<f64>,
    /// offers / applications.
    pub offers_per_application: Option<f64>,
    /// hires / offers.
    pub hires_per_offer: Option<f64>,
    /// hires / attendees.
    pub hires_per_attendee: Option<f64>,
    /// What the event cost, in pence, when recorded.
    pub cost_pence: Option<u64>,
    /// cost / hires, in pence (rounded to the nearest penny), when both are known and
    /// there was a hire.
    pub cost_per_hire_pence: Option<u64>,
}

/// `cost / hires` rounded to the nearest penny, when there was a hire.
fn per_hire(cost_pence: u64, hires: u64) -> Option<u64> {
    (hires > 0).then(|| (cost_pence + hires / 2) / hires)
}

/// The funnel of one event, from its record and the council's recruitment records.
pub fn funnel(event: &RecruitmentEvent, recruitment: &Recruitment) -> EventFunnel {
    let recorded_attendees = recruitment.attendees_of(&event.id).len();
    let attendees = if recorded_attendees > 0 {
        Count::traced(recorded_attendees)
    } else {
        Count::imported(event.attendees)
    };
    let traced: Vec<_> = recruitment
        .candidates
        .iter()
        .filter(|candidate| candidate.event_id.as_ref() == Some(&event.id))
        .collect();
    let (applications, offers, hires) = if traced.is_empty() {
        (
            Count::imported(event.applications),
            Count::imported(event.offers),
            Count::imported(event.hires),
        )
    } else {
        (
            Count::traced(traced.len()),
            Count::traced(
                traced
                    .iter()
                    .filter(|candidate| was_offered(recruitment, candidate))
                    .count(),
            ),
            Count::traced(traced.iter().filter(|c| has_started(c)).count()),
        )
    };
    let cost_pence = recruitment
        .event_details(&event.id)
        .and_then(|details| details.cost_pence);
    let cost_per_hire_pence = match (cost_pence, hires.value) {
        (Some(cost), Some(hires)) => per_hire(cost, u64::from(hires)),
        _ => None,
    };
    EventFunnel {
        event_id: event.id.clone(),
        attendees,
        applications,
        offers,
        hires,
        applications_per_attendee: share(applications, attendees),
        offers_per_application: share(offers, applications),
        hires_per_offer: share(hires, offers),
        hires_per_attendee: share(hires, attendees),
        cost_pence,
        cost_per_hire_pence,
    }
}

/// Which events a total covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hours {
    /// Held outside working hours.
    OutOfHours,
    /// Held in working hours.
    InHours,
    /// The event's record does not say.
    NotRecorded,
}

impl Hours {
    /// Every group, in the order pages show them.
    pub const ALL: [Hours; 3] = [Self::OutOfHours, Self::InHours, Self::NotRecorded];

    /// The group of an event.
    pub fn of(event: &RecruitmentEvent) -> Self {
        match event.out_of_hours {
            Some(true) => Self::OutOfHours,
            Some(false) => Self::InHours,
            None => Self::NotRecorded,
        }
    }

    /// The group as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::OutOfHours => "Out of working hours",
            Self::InHours => "In working hours",
            Self::NotRecorded => "Hours not recorded",
        }
    }
}

/// The funnels of a group of events added up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FunnelTotals {
    /// The group.
    pub hours: Hours,
    /// Events in it.
    pub events: u64,
    /// People who came (an event with no count adds 0).
    pub attendees: u64,
    /// Applications.
    pub applications: u64,
    /// Offers.
    pub offers: u64,
    /// Hires.
    pub hires: u64,
    /// applications / attendees.
    pub applications_per_attendee: Option<f64>,
    /// hires / attendees.
    pub hires_per_attendee: Option<f64>,
    /// The cost of the events whose cost is recorded, in pence.
    pub cost_pence: u64,
    /// The hires from those same events.
    pub costed_hires: u64,
    /// cost_pence / costed_hires, to the nearest penny, when there was a hire.
    pub cost_per_hire_pence: Option<u64>,
}

/// Adds up funnels by whether their event was held out of working hours: one total
/// per [`Hours`] group, in that order, each present even when it has no events. A
/// group's cost per hire counts only the events whose cost is recorded, against their
/// own hires, so an event with no cost recorded does not make hires look cheaper.
pub fn by_hours(events: &[RecruitmentEvent], funnels: &[EventFunnel]) -> Vec<FunnelTotals> {
    Hours::ALL
        .into_iter()
        .map(|hours| {
            let mut total = FunnelTotals {
                hours,
                events: 0,
                attendees: 0,
                applications: 0,
                offers: 0,
                hires: 0,
                applications_per_attendee: None,
                hires_per_attendee: None,
                cost_pence: 0,
                costed_hires: 0,
                cost_per_hire_pence: None,
            };
            for funnel in funnels {
                let Some(event) = events.iter().find(|event| event.id == funnel.event_id) else {
                    continue;
                };
                if Hours::of(event) != hours {
                    continue;
                }
                total.events += 1;
                total.attendees += funnel.attendees.number();
                total.applications += funnel.applications.number();
                total.offers += funnel.offers.number();
                total.hires += funnel.hires.number();
                if let Some(cost) = funnel.cost_pence {
                    total.cost_pence += cost;
                    total.costed_hires += funnel.hires.number();
                }
            }
            let rate = |numerator: u64, denominator: u64| {
                (denominator > 0).then(|| numerator as f64 / denominator as f64)
            };
            total.applications_per_attendee = rate(total.applications, total.attendees);
            total.hires_per_attendee = rate(total.hires, total.attendees);
            total.cost_per_hire_pence = per_hire(total.cost_pence, total.costed_hires);
            total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::CandidateId;
    use crate::recruitment::{
        Candidate, CandidateSource, CandidateStage, CandidateStageChange, EventAttendee,
        EventDetails,
    };
    use crate::values::Date;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn event(id: &str, out_of_hours: Option<bool>) -> RecruitmentEvent {
        RecruitmentEvent {
            id: EventId::parse(id).unwrap(),
            held_on: date("2024-03-12"),
            location: "Preston".into(),
            out_of_hours,
            attendees: Some(30),
            applications: Some(10),
            offers: Some(4),
            hires: Some(3),
        }
    }

    fn candidate(id: &str, event: &str, stage: CandidateStage) -> Candidate {
        Candidate {
            id: CandidateId::parse(id).unwrap(),
            given_name: "Sam".into(),
            family_name: id.into(),
            email: String::new(),
            phone: String::new(),
            source: CandidateSource::RecruitmentEvent,
            vacancy_id: None,
            event_id: Some(EventId::parse(event).unwrap()),
            placement_id: None,
            applied_on: date("2024-03-20"),
            stage,
            swe_number: None,
            start_date: None,
            role: None,
            team_id: None,
            fte: None,
            worker_id: None,
            anonymised_on: None,
        }
    }

    fn attendee(event: &str, number: u32) -> EventAttendee {
        EventAttendee {
            event_id: EventId::parse(event).unwrap(),
            number,
            name: format!("Attendee {number}"),
            email: String::new(),
            interested_in: String::new(),
            candidate_id: None,
        }
    }

    fn moved(candidate: &str, number: u32, stage: CandidateStage) -> CandidateStageChange {
        CandidateStageChange {
            candidate_id: CandidateId::parse(candidate).unwrap(),
            number,
            on: date("2024-04-01"),
            stage,
            by: "officer".into(),
        }
    }

    fn values(funnel: &EventFunnel) -> [Option<u32>; 4] {
        [
            funnel.attendees.value,
            funnel.applications.value,
            funnel.offers.value,
            funnel.hires.value,
        ]
    }

    #[test]
    fn funnel_counts_per_event_use_the_imported_counts_until_some_are_traced() {
        let recruitment = Recruitment::default();
        let imported = funnel(&event("EV1", Some(true)), &recruitment);
        assert_eq!(values(&imported), [Some(30), Some(10), Some(4), Some(3)]);
        assert!(!imported.attendees.traced && !imported.hires.traced);
        assert_eq!(imported.applications_per_attendee, Some(10.0 / 30.0));
        assert_eq!(imported.hires_per_offer, Some(0.75));
        assert_eq!(imported.cost_per_hire_pence, None);
    }

    #[test]
    fn funnel_counts_per_event_are_traced_from_attendees_and_candidates() {
        let mut recruitment = Recruitment {
            attendees: vec![attendee("EV1", 1), attendee("EV1", 2), attendee("EV2", 1)],
            candidates: vec![
                candidate("C1", "EV1", CandidateStage::Applied),
                candidate("C2", "EV1", CandidateStage::Withdrawn),
                candidate("C3", "EV1", CandidateStage::Rejected),
                candidate("C4", "EV1", CandidateStage::Started),
                candidate("C5", "EV2", CandidateStage::Offered),
            ],
            candidate_stage_changes: vec![
                moved("C2", 1, CandidateStage::Offered),
                moved("C2", 2, CandidateStage::Withdrawn),
                moved("C3", 1, CandidateStage::Interviewed),
                moved("C3", 2, CandidateStage::Rejected),
            ],
            event_details: vec![EventDetails {
                event_id: EventId::parse("EV1").unwrap(),
                name: "Evening drop-in".into(),
                starts_at: None,
                ends_at: None,
                cost_pence: Some(100_000),
            }],
            ..Recruitment::default()
        };
        let traced = funnel(&event("EV1", Some(true)), &recruitment);
        // 2 attendees recorded; 4 candidates, of whom C2 (offered, then withdrew) and
        // C4 (started) were offered the job, and C4 was hired.
        assert_eq!(values(&traced), [Some(2), Some(4), Some(2), Some(1)]);
        assert!(traced.attendees.traced && traced.applications.traced && traced.hires.traced);
        assert_eq!(traced.offers_per_application, Some(0.5));
        assert_eq!(traced.cost_pence, Some(100_000));
        assert_eq!(traced.cost_per_hire_pence, Some(100_000));
        assert_eq!(traced.applications_per_attendee, Some(2.0));

        // Another event's attendees and candidates are not this event's.
        let other = funnel(&event("EV2", None), &recruitment);
        assert_eq!(values(&other), [Some(1), Some(1), Some(1), Some(0)]);
        assert_eq!(other.hires_per_offer, Some(0.0));

        // One more hire halves the cost per hire.
        recruitment.candidates[0].stage = CandidateStage::Started;
        let two_hires = funnel(&event("EV1", Some(true)), &recruitment);
        assert_eq!(two_hires.hires.value, Some(2));
        assert_eq!(two_hires.cost_per_hire_pence, Some(50_000));
    }

    #[test]
    fn an_event_with_no_counts_has_no_rates() {
        let mut blank = event("EV9", None);
        blank.attendees = None;
        blank.applications = None;
        blank.offers = None;
        blank.hires = None;
        let nothing = funnel(&blank, &Recruitment::default());
        assert_eq!(values(&nothing), [None; 4]);
        assert_eq!(nothing.applications_per_attendee, None);
        assert_eq!(nothing.hires_per_attendee, None);
    }

    #[test]
    fn out_of_hours_events_are_added_up_against_in_hours_ones_with_their_cost_per_hire() {
        let events = [
            event("EV1", Some(true)),
            event("EV2", Some(true)),
            event("EV3", Some(false)),
            event("EV4", None),
        ];
        let recruitment = Recruitment {
            event_details: [("EV1", Some(90_000)), ("EV2", None), ("EV3", Some(20_000))]
                .into_iter()
                .map(|(id, cost_pence)| EventDetails {
                    event_id: EventId::parse(id).unwrap(),
                    name: id.into(),
                    starts_at: None,
                    ends_at: None,
                    cost_pence,
                })
                .collect(),
            ..Recruitment::default()
        };
        let funnels: Vec<EventFunnel> = events
            .iter()
            .map(|event| funnel(event, &recruitment))
            .collect();
        let totals = by_hours(&events, &funnels);
        assert_eq!(
            totals.iter().map(|t| t.hours).collect::<Vec<_>>(),
            Hours::ALL
        );
        let out = &totals[0];
        assert_eq!((out.events, out.attendees, out.hires), (2, 60, 6));
        // Only EV1's cost is known: 900 pounds for its 3 hires.
        assert_eq!((out.cost_pence, out.costed_hires), (90_000, 3));
        assert_eq!(out.cost_per_hire_pence, Some(30_000));
        assert_eq!(out.hires_per_attendee, Some(0.1));
        let inside = &totals[1];
        assert_eq!(
            (inside.events, inside.applications, inside.offers),
            (1, 10, 4)
        );
        assert_eq!(inside.cost_per_hire_pence, Some(6_667));
        let unknown = &totals[2];
        assert_eq!((unknown.events, unknown.cost_pence), (1, 0));
        assert_eq!(unknown.cost_per_hire_pence, None);
    }
}
