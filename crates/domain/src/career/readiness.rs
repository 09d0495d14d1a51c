//! Where a person stands: their current level (from the role of their current
//! assignment), their readiness for the level they assessed themselves against,
//! and the opportunities (open vacancies, courses) that fit.

use serde::{Deserialize, Serialize};

use super::{Area, Assessment, CriterionRating, Framework};
use crate::ids::WorkerId;
use crate::records::Vacancy;
use crate::values::Date;
use crate::workforce::Workforce;

/// The place in the framework of a person's level on `today`: from the assignment
/// covering today (or, for someone not in post, their latest one). `None` when they
/// have no assignment or its role belongs to no level.
pub fn current_level(
    framework: &Framework,
    workforce: &Workforce,
    worker: &WorkerId,
    today: Date,
) -> Option<usize> {
    let employments: Vec<_> = workforce
        .employments
        .iter()
        .filter(|e| e.worker_id() == worker)
        .map(|e| e.id())
        .collect();
    let assignment = workforce
        .assignments
        .iter()
        .filter(|a| employments.contains(&&a.employment_id) && a.span.start() <= today)
        .max_by_key(|a| (a.span.covers(today), a.span.start()))?;
    framework.level_of_role(assignment.role)
}

/// How close an assessment says a person is to its level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readiness {
    /// The level assessed against.
    pub level: String,
    /// Criteria rated confident or exceeding.
    pub met: usize,
    /// Every criterion of the assessment.
    pub total: usize,
    /// What stands between the person and the level: criteria not yet rated
    /// confident, in the assessment's order.
    pub gaps: Vec<CriterionRating>,
}

impl Readiness {
    /// Readiness from an assessment.
    pub fn of(assessment: &Assessment) -> Self {
        let met = assessment
            .ratings
            .iter()
            .filter(|r| r.rating.is_some_and(|rating| rating.meets()))
            .count();
        Self {
            level: assessment.level.clone(),
            met,
            total: assessment.ratings.len(),
            gaps: assessment
                .ratings
                .iter()
                .filter(|r| !r.rating.is_some_and(|rating| rating.meets()))
                .cloned()
                .collect(),
        }
    }

    /// The share met, from 0 to 1; `None` with no criteria.
    pub fn share(&self) -> Option<f64> {
        (self.total > 0).then(|| self.met as f64 / self.total as f64)
    }

    /// The areas of the gaps, each once.
    pub fn gap_areas(&self) -> Vec<Area> {
        let mut areas: Vec<Area> = self.gaps.iter().map(|g| g.area).collect();
        areas.sort();
        areas.dedup();
        areas
    }
}

/// A training course on offer, as the training records describe it: the opportunity
/// finder takes a list of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CourseOffer {
    /// The course's title.
    pub title: String,
    /// Where to read about it and book.
    pub href: String,
    /// When it starts.
    pub starts_on: Date,
    /// The framework areas it develops.
    pub domains: Vec<Area>,
}

/// Opportunities that fit a person's next step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Opportunities<'a> {
    /// Vacancies open today whose role belongs to the level aimed at.
    pub vacancies: Vec<&'a Vacancy>,
    /// Courses starting today or later that develop an area the person has a gap in
    /// (every upcoming course when they have no gap or no assessment yet).
    pub courses: Vec<&'a CourseOffer>,
}

/// The opportunities for someone aiming at `level` (a level ID) with these gap
/// areas.
pub fn opportunities<'a>(
    framework: &Framework,
    level: &str,
    gap_areas: &[Area],
    vacancies: &'a [Vacancy],
    courses: &'a [CourseOffer],
    today: Date,
) -> Opportunities<'a> {
    let roles = framework
        .level(level)
        .map(|l| l.roles.clone())
        .unwrap_or_default();
    let mut open: Vec<&Vacancy> = vacancies
        .iter()
        .filter(|v| v.open.covers(today) && roles.contains(&v.role))
        .collect();
    open.sort_by_key(|v| (v.open.start(), v.id.to_string()));
    let mut fitting: Vec<&CourseOffer> = courses
        .iter()
        .filter(|c| c.starts_on >= today)
        .filter(|c| gap_areas.is_empty() || c.domains.iter().any(|d| gap_areas.contains(d)))
        .collect();
    fitting.sort_by_key(|c| c.starts_on);
    Opportunities {
        vacancies: open,
        courses: fitting,
    }
}
