//! University placements turned into hires: for each university and for first and
//! final placements, how many students were placed, offered a job, accepted and
//! hired, and the share of them hired.
//!
//! The counts are the measures' [`PlacementCounts`] (offers are `offered`, `accepted`
//! or `declined` outcomes), with one difference: a student counts as hired when the
//! placement names the worker they became (`hired_worker_id`) *or* a candidate from
//! the placement has started, since the recruitment pages record the start on the
//! candidate before anyone fills in the placement's column.
//!
//! A placement still running on the day (no end date yet, or one after the day)
//! with no outcome and no hire yet is counted among the placements and as running,
//! but not in the conversion rate: its student cannot have been offered a job yet,
//! and counting them would make a university with many current students look worse.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Candidate, CandidateStage, University};
use crate::codes::PlacementNumber;
use crate::measures::ratio;
use crate::measures::recruitment::PlacementCounts;
use crate::records::Placement;
use crate::values::Date;

/// What came of a group of placements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Conversion {
    /// Placed, offered, accepted, declined and hired, as the measures count them
    /// (with hires from started candidates too).
    #[serde(flatten)]
    pub counts: PlacementCounts,
    /// Placements still running with nothing decided yet.
    pub running: u64,
    /// Hired out of the placements no longer running (or already decided); `None`
    /// when there are none.
    pub rate: Option<f64>,
}

impl Conversion {
    fn add(&mut self, placement: &Placement, hired: bool, running: bool) {
        self.counts.count(placement, hired);
        self.running += u64::from(running);
    }

    fn with_rate(mut self) -> Self {
        let decided = self.counts.placed - self.running;
        self.rate = ratio(self.counts.hired as f64, decided as f64);
        self
    }
}

/// One university's line of the conversion table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UniversityConversion {
    /// The university's name: the partner's when the placements' name matches one,
    /// else as the placements write it.
    pub university: String,
    /// Whether it is one of the council's university partners.
    pub partner: bool,
    /// What came of its placements.
    pub conversion: Conversion,
}

/// Conversion of students into hires.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacementConversion {
    /// All placements.
    pub total: Conversion,
    /// First, then final placements.
    pub by_placement_number: Vec<(PlacementNumber, Conversion)>,
    /// By university, by name; partners with no placements too.
    pub by_university: Vec<UniversityConversion>,
}

/// Whether the placement's student became a worker: the placement names the worker,
/// or a candidate from it has started (or became a worker).
pub fn hired(placement: &Placement, candidates: &[Candidate]) -> bool {
    placement.hired_worker_id.is_some()
        || candidates.iter().any(|candidate| {
            candidate.placement_id.as_ref() == Some(&placement.id)
                && (candidate.stage == CandidateStage::Started || candidate.worker_id.is_some())
        })
}

/// Whether the placement is still running on `today` (no end date, or one after
/// today).
pub fn is_running(placement: &Placement, today: Date) -> bool {
    placement.span.end().is_none_or(|end| end > today)
}

/// The name two spellings of a university share: trimmed, in lower case, with runs
/// of spaces as one.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The partner university a placement's name refers to, if any.
pub fn partner_of<'u>(universities: &'u [University], name: &str) -> Option<&'u University> {
    let key = name_key(name);
    universities.iter().find(|u| name_key(&u.name) == key)
}

/// What came of `placements` as on `today`, per university and per placement number.
pub fn conversion(
    placements: &[&Placement],
    candidates: &[Candidate],
    universities: &[University],
    today: Date,
) -> PlacementConversion {
    let mut total = Conversion::default();
    let mut by_number = [Conversion::default(); 2];
    // Keyed by the shared spelling, keeping the name to show.
    let mut by_university: BTreeMap<String, (String, bool, Conversion)> = universities
        .iter()
        .map(|u| {
            (
                name_key(&u.name),
                (u.name.clone(), true, Conversion::default()),
            )
        })
        .collect();
    for placement in placements {
        let hired = hired(placement, candidates);
        let running = is_running(placement, today) && !hired && placement.outcome.is_none();
        total.add(placement, hired, running);
        by_number[usize::from(placement.number == PlacementNumber::Final)]
            .add(placement, hired, running);
        by_university
            .entry(name_key(&placement.university))
            .or_insert_with(|| {
                (
                    placement.university.trim().to_owned(),
                    false,
                    Conversion::default(),
                )
            })
            .2
            .add(placement, hired, running);
    }
    let mut by_university: Vec<UniversityConversion> = by_university
        .into_values()
        .map(|(university, partner, conversion)| UniversityConversion {
            university,
            partner,
            conversion: conversion.with_rate(),
        })
        .collect();
    by_university.sort_by_key(|line| line.university.to_lowercase());
    PlacementConversion {
        total: total.with_rate(),
        by_placement_number: vec![
            (PlacementNumber::First, by_number[0].with_rate()),
            (PlacementNumber::Final, by_number[1].with_rate()),
        ],
        by_university,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::PlacementOutcome;
    use crate::ids::{CandidateId, PlacementId, UniversityId, WorkerId};
    use crate::recruitment::CandidateSource;
    use crate::values::Span;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn placement(
        id: &str,
        university: &str,
        number: PlacementNumber,
        end: Option<&str>,
        outcome: Option<PlacementOutcome>,
    ) -> Placement {
        Placement {
            id: PlacementId::parse(id).unwrap(),
            student_name: format!("Student {id}"),
            university: university.to_owned(),
            number,
            team_id: None,
            span: Span::new(date("2023-09-01"), end.map(date)).unwrap(),
            outcome,
            hired_worker_id: None,
        }
    }

    fn started_candidate(placement: &str) -> Candidate {
        Candidate {
            id: CandidateId::parse(&format!("C{placement}")).unwrap(),
            given_name: "Ada".into(),
            family_name: "Student".into(),
            email: String::new(),
            phone: String::new(),
            source: CandidateSource::UniversityPlacement,
            vacancy_id: None,
            event_id: None,
            placement_id: Some(PlacementId::parse(placement).unwrap()),
            applied_on: date("2024-03-01"),
            stage: CandidateStage::Started,
            swe_number: None,
            start_date: Some(date("2024-09-01")),
            role: None,
            team_id: None,
            fte: None,
            worker_id: None,
            anonymised_on: None,
        }
    }

    fn university(name: &str) -> University {
        University {
            id: UniversityId::parse("U1").unwrap(),
            name: name.into(),
            contact: String::new(),
            partner_since: None,
        }
    }

    #[test]
    fn a_student_is_hired_by_the_placements_worker_or_a_started_candidate() {
        use PlacementNumber::*;
        let mut named = placement("P1", "Lancaster", Final, Some("2024-04-30"), None);
        named.hired_worker_id = Some(WorkerId::parse("W1").unwrap());
        let via_candidate = placement(
            "P2",
            "Lancaster",
            Final,
            Some("2024-04-30"),
            Some(PlacementOutcome::Accepted),
        );
        let declined = placement(
            "P3",
            "lancaster ",
            First,
            Some("2024-04-30"),
            Some(PlacementOutcome::Declined),
        );
        let nothing = placement("P4", "Cumbria", First, Some("2024-04-30"), None);
        let candidates = vec![started_candidate("P2")];
        let all = [&named, &via_candidate, &declined, &nothing];
        let result = conversion(
            &all,
            &candidates,
            &[university("Lancaster")],
            date("2024-10-01"),
        );
        assert_eq!(result.total.counts.placed, 4);
        assert_eq!(result.total.counts.hired, 2);
        assert_eq!(result.total.counts.offers, 2);
        assert_eq!(result.total.counts.accepted, 1);
        assert_eq!(result.total.rate, Some(0.5));
        // Spellings differing in case and spaces are the partner's.
        let lancaster = &result.by_university[1];
        assert_eq!(lancaster.university, "Lancaster");
        assert!(lancaster.partner);
        assert_eq!(lancaster.conversion.counts.placed, 3);
        assert_eq!(lancaster.conversion.counts.hired, 2);
        let cumbria = &result.by_university[0];
        assert_eq!(
            (cumbria.university.as_str(), cumbria.partner),
            ("Cumbria", false)
        );
        assert_eq!(cumbria.conversion.rate, Some(0.0));
        assert_eq!(result.by_placement_number[0].0, First);
        assert_eq!(result.by_placement_number[0].1.counts.hired, 0);
        assert_eq!(result.by_placement_number[1].1.rate, Some(1.0));
    }

    #[test]
    fn a_running_placement_counts_as_placed_but_not_in_the_rate() {
        use PlacementNumber::*;
        let open = placement("P1", "Lancaster", Final, None, None);
        let ending_later = placement("P2", "Lancaster", Final, Some("2024-12-20"), None);
        let ended = placement("P3", "Lancaster", Final, Some("2024-04-30"), None);
        let mut hired_already = placement("P4", "Lancaster", Final, None, None);
        hired_already.hired_worker_id = Some(WorkerId::parse("W4").unwrap());
        let all = [&open, &ending_later, &ended, &hired_already];
        let result = conversion(&all, &[], &[], date("2024-10-01"));
        assert_eq!(result.total.counts.placed, 4);
        assert_eq!(result.total.running, 2);
        // Hired 1 of the 2 decided.
        assert_eq!(result.total.rate, Some(0.5));
        assert!(is_running(&ending_later, date("2024-12-19")));
        assert!(!is_running(&ending_later, date("2024-12-20")));
        // Nothing decided yet: no rate rather than 0%.
        let result = conversion(&[&open], &[], &[], date("2024-10-01"));
        assert_eq!(result.total.rate, None);
    }

    #[test]
    fn a_partner_with_no_placements_is_listed_with_nothing() {
        let result = conversion(&[], &[], &[university("Salford")], date("2024-10-01"));
        assert_eq!(result.by_university.len(), 1);
        assert_eq!(result.by_university[0].conversion, Conversion::default());
        assert_eq!(result.total.rate, None);
    }
}
