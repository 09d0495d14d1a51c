//! The career pathway: a council's framework of levels and criteria, people's
//! self-assessments against a level with their manager's sign-off, development
//! plans, readiness for the next level, the opportunities that fit, and the
//! measures of progression computed from the workforce record.
//!
//! Every change from a page, the API or `pathway career import` is a
//! [`CareerChange`], checked against the council's records by [`Career::check`] and
//! applied by [`Career::apply`].

pub mod framework;
pub mod measures;
pub mod readiness;

use serde::{Deserialize, Serialize};

use crate::ids::WorkerId;
use crate::values::Date;
use crate::workforce::Workforce;

pub use framework::{Area, Criterion, Framework, FrameworkError, Level};
pub use measures::{CareerMeasures, Promotion, promotions};
pub use readiness::{CourseOffer, Opportunities, Readiness, current_level, opportunities};

code_enum! {
    /// How a person rates themselves on a criterion.
    Rating {
        /// Not yet doing it.
        NotYet = "not_yet",
        /// Doing it some of the time, with support.
        Developing = "developing",
        /// Doing it reliably.
        Confident = "confident",
        /// Doing it well beyond what the level asks.
        Exceeding = "exceeding",
    }
}

impl Rating {
    /// The rating as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::NotYet => "Not yet",
            Self::Developing => "Developing",
            Self::Confident => "Confident",
            Self::Exceeding => "Exceeding",
        }
    }

    /// Whether the rating meets the criterion: confident or exceeding.
    pub fn meets(self) -> bool {
        matches!(self, Self::Confident | Self::Exceeding)
    }
}

code_enum! {
    /// What the reviewer decided.
    Decision {
        /// Agreed and signed off.
        Agreed = "agreed",
        /// Returned to the person for more evidence.
        Returned = "returned",
    }
}

code_enum! {
    /// Where a development plan's action has got to.
    ActionStatus {
        /// Not started.
        Planned = "planned",
        /// Started.
        InProgress = "in_progress",
        /// Done.
        Done = "done",
    }
}

impl ActionStatus {
    /// The status as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Planned => "Planned",
            Self::InProgress => "In progress",
            Self::Done => "Done",
        }
    }
}

/// One criterion's rating in an assessment. The criterion's words and area are
/// kept with it, so rewording or retiring the criterion later changes no past
/// assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionRating {
    /// The criterion's ID.
    pub criterion_id: String,
    /// Its area when rated.
    pub area: Area,
    /// Its words when rated.
    pub wording: String,
    /// The rating; none yet in a draft.
    pub rating: Option<Rating>,
    /// What shows it: cases, feedback, observations.
    #[serde(default)]
    pub evidence: String,
}

/// A manager's review of a submitted assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// Who reviewed it (their email).
    pub by: String,
    /// When.
    pub on: Date,
    /// Agreed, or returned for more evidence.
    pub decision: Decision,
    /// What they said.
    #[serde(default)]
    pub comments: String,
}

/// Where an assessment has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    /// Being written.
    Draft,
    /// Submitted, awaiting the manager's review.
    Submitted,
    /// Returned by the manager for more evidence: being written again.
    Returned,
    /// Agreed and signed off by the manager.
    SignedOff,
}

impl AssessmentStatus {
    /// The status as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Awaiting sign-off",
            Self::Returned => "Returned for more evidence",
            Self::SignedOff => "Signed off",
        }
    }

    /// Whether the person may still change it.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }
}

/// A person's self-assessment against a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// The person.
    pub worker_id: WorkerId,
    /// Its number among the person's assessments, from 1.
    pub number: u32,
    /// The level assessed against (normally the one above their own).
    pub level: String,
    /// When it was started.
    pub started_on: Date,
    /// When it was last submitted for sign-off.
    pub submitted_on: Option<Date>,
    /// One rating per criterion of the level when it was started.
    pub ratings: Vec<CriterionRating>,
    /// The manager's latest review, if any.
    pub review: Option<Review>,
}

impl Assessment {
    /// A new assessment of every criterion of `level` in use, unrated.
    pub fn start(
        framework: &Framework,
        worker_id: WorkerId,
        number: u32,
        level: &str,
        started_on: Date,
    ) -> Self {
        Self {
            worker_id,
            number,
            level: level.to_owned(),
            started_on,
            submitted_on: None,
            ratings: framework
                .active_criteria(level)
                .into_iter()
                .map(|c| CriterionRating {
                    criterion_id: c.id.clone(),
                    area: c.area,
                    wording: c.text.clone(),
                    rating: None,
                    evidence: String::new(),
                })
                .collect(),
            review: None,
        }
    }

    /// Where it has got to.
    pub fn status(&self) -> AssessmentStatus {
        match (&self.submitted_on, &self.review) {
            (Some(_), Some(review)) if review.decision == Decision::Agreed => {
                AssessmentStatus::SignedOff
            }
            (Some(_), _) => AssessmentStatus::Submitted,
            (None, Some(review)) if review.decision == Decision::Returned => {
                AssessmentStatus::Returned
            }
            (None, _) => AssessmentStatus::Draft,
        }
    }
}

/// An action of a person's development plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAction {
    /// The person.
    pub worker_id: WorkerId,
    /// Its number in the person's plan, from 1.
    pub number: u32,
    /// What they will do.
    pub description: String,
    /// By when.
    pub due_on: Option<Date>,
    /// Planned, in progress or done.
    pub status: ActionStatus,
    /// When it was done.
    pub done_on: Option<Date>,
}

/// One council's career pathway records.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Career {
    /// The council's own framework; none means Pathway's default.
    pub framework: Option<Framework>,
    /// Every assessment ever made, kept.
    pub assessments: Vec<Assessment>,
    /// Every development plan's actions.
    pub actions: Vec<PlanAction>,
}

/// One change to a council's career pathway records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum CareerChange {
    /// Replaces the framework (criteria are retired, never removed).
    PutFramework(Framework),
    /// Adds an assessment or changes one not yet signed off; submitting needs
    /// every criterion rated.
    PutAssessment(Assessment),
    /// Records the manager's review of a submitted assessment: agreed, or returned
    /// (which reopens it for the person).
    Review {
        /// The person.
        worker_id: WorkerId,
        /// The assessment's number.
        number: u32,
        /// The review.
        review: Review,
    },
    /// Adds or changes an action of a development plan.
    PutAction(PlanAction),
}

/// A council's career changes, for one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct CareerChanges {
    /// The council.
    pub council: crate::CouncilCode,
    /// The changes, in order.
    pub changes: Vec<CareerChange>,
}

/// Why a career change cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CareerError {
    /// The framework is not valid, or would lose past assessments.
    #[error("{0}")]
    Framework(#[from] FrameworkError),
    /// No such worker.
    #[error("there is no worker {0}")]
    NoWorker(WorkerId),
    /// No such level.
    #[error("the framework has no level {0}")]
    NoLevel(String),
    /// No such assessment.
    #[error("worker {0} has no assessment {1}")]
    NoAssessment(WorkerId, u32),
    /// The assessment is already signed off, or awaits sign-off.
    #[error("assessment {1} of worker {0} is {2} and cannot be changed")]
    Closed(WorkerId, u32, &'static str),
    /// A rating names a criterion that is not at the assessment's level.
    #[error("criterion {criterion} is not a criterion of level {level}")]
    NotAtLevel {
        /// The criterion.
        criterion: String,
        /// The level.
        level: String,
    },
    /// A criterion is rated twice.
    #[error("criterion {0} is rated twice")]
    RatedTwice(String),
    /// Submitted with a criterion unrated.
    #[error("criterion {0} has no rating: rate every criterion before submitting")]
    Unrated(String),
    /// Submitted before it was started, or reviewed before it was submitted.
    #[error("{0}")]
    Dates(&'static str),
    /// Only a submitted assessment can be reviewed.
    #[error("assessment {1} of worker {0} has not been submitted for sign-off")]
    NotSubmitted(WorkerId, u32),
    /// An action with no description.
    #[error("action {0} needs a description")]
    NoDescription(u32),
    /// A done action needs its date, and only a done action has one.
    #[error("action {0}: a done action needs the date it was done, and only a done one")]
    DoneDate(u32),
    /// Evidence too long.
    #[error("criterion {0}: the evidence must be 5,000 characters or fewer")]
    TooLong(String),
}

impl Career {
    /// The framework in use: the council's own, or Pathway's default.
    pub fn framework(&self) -> Framework {
        self.framework.clone().unwrap_or_default()
    }

    /// A person's assessments, oldest first.
    pub fn assessments_of(&self, worker: &WorkerId) -> Vec<&Assessment> {
        let mut list: Vec<&Assessment> = self
            .assessments
            .iter()
            .filter(|a| &a.worker_id == worker)
            .collect();
        list.sort_by_key(|a| a.number);
        list
    }

    /// Whether the records already hold what `change` would write, so that making it
    /// would change nothing: an import or a second demo run leaves such records alone
    /// (a signed-off assessment could not be written again).
    pub fn holds(&self, change: &CareerChange) -> bool {
        match change {
            CareerChange::PutFramework(framework) => self.framework.as_ref() == Some(framework),
            CareerChange::PutAssessment(assessment) => {
                self.assessment(&assessment.worker_id, assessment.number) == Some(assessment)
            }
            CareerChange::Review {
                worker_id,
                number,
                review,
            } => self
                .assessment(worker_id, *number)
                .is_some_and(|stored| stored.review.as_ref() == Some(review)),
            CareerChange::PutAction(action) => self.actions.contains(action),
        }
    }

    /// One assessment.
    pub fn assessment(&self, worker: &WorkerId, number: u32) -> Option<&Assessment> {
        self.assessments
            .iter()
            .find(|a| &a.worker_id == worker && a.number == number)
    }

    /// A person's latest assessment.
    pub fn latest(&self, worker: &WorkerId) -> Option<&Assessment> {
        self.assessments_of(worker).last().copied()
    }

    /// The next free assessment number of a person.
    pub fn next_assessment_number(&self, worker: &WorkerId) -> u32 {
        self.assessments_of(worker)
            .last()
            .map_or(1, |a| a.number + 1)
    }

    /// A person's development plan, in number order.
    pub fn plan_of(&self, worker: &WorkerId) -> Vec<&PlanAction> {
        let mut list: Vec<&PlanAction> = self
            .actions
            .iter()
            .filter(|a| &a.worker_id == worker)
            .collect();
        list.sort_by_key(|a| a.number);
        list
    }

    /// The next free action number of a person's plan.
    pub fn next_action_number(&self, worker: &WorkerId) -> u32 {
        self.plan_of(worker).last().map_or(1, |a| a.number + 1)
    }

    /// Assessments submitted and awaiting sign-off.
    pub fn awaiting_sign_off(&self) -> impl Iterator<Item = &Assessment> {
        self.assessments
            .iter()
            .filter(|a| a.status() == AssessmentStatus::Submitted)
    }

    /// Checks a change against these records and the council's workforce, without
    /// applying it.
    pub fn check(&self, workforce: &Workforce, change: &CareerChange) -> Result<(), CareerError> {
        let known = |worker: &WorkerId| {
            if workforce.workers.iter().any(|w| &w.id == worker) {
                Ok(())
            } else {
                Err(CareerError::NoWorker(worker.clone()))
            }
        };
        match change {
            CareerChange::PutFramework(framework) => {
                framework.check_replaces(
                    &self.framework(),
                    self.assessments.iter().map(|a| a.level.as_str()),
                )?;
            }
            CareerChange::PutAssessment(assessment) => {
                known(&assessment.worker_id)?;
                let framework = self.framework();
                if framework.level(&assessment.level).is_none() {
                    return Err(CareerError::NoLevel(assessment.level.clone()));
                }
                if let Some(old) = self.assessment(&assessment.worker_id, assessment.number)
                    && !old.status().editable()
                {
                    return Err(CareerError::Closed(
                        old.worker_id.clone(),
                        old.number,
                        old.status().label(),
                    ));
                }
                for (index, rating) in assessment.ratings.iter().enumerate() {
                    let at_level = framework
                        .criterion(&rating.criterion_id)
                        .is_some_and(|c| c.level == assessment.level);
                    if !at_level {
                        return Err(CareerError::NotAtLevel {
                            criterion: rating.criterion_id.clone(),
                            level: assessment.level.clone(),
                        });
                    }
                    if assessment.ratings[..index]
                        .iter()
                        .any(|r| r.criterion_id == rating.criterion_id)
                    {
                        return Err(CareerError::RatedTwice(rating.criterion_id.clone()));
                    }
                    if rating.evidence.chars().count() > 5000 {
                        return Err(CareerError::TooLong(rating.criterion_id.clone()));
                    }
                }
                if let Some(submitted) = assessment.submitted_on {
                    if submitted < assessment.started_on {
                        return Err(CareerError::Dates(
                            "an assessment cannot be submitted before it was started",
                        ));
                    }
                    if let Some(unrated) = assessment.ratings.iter().find(|r| r.rating.is_none()) {
                        return Err(CareerError::Unrated(unrated.criterion_id.clone()));
                    }
                    if assessment.ratings.is_empty() {
                        return Err(CareerError::Dates(
                            "an assessment with no criteria cannot be submitted",
                        ));
                    }
                }
                if let Some(review) = &assessment.review {
                    let reviewable = match review.decision {
                        Decision::Agreed => assessment.submitted_on.is_some(),
                        Decision::Returned => true,
                    };
                    if !reviewable || review.on < assessment.started_on {
                        return Err(CareerError::Dates(
                            "a review must follow the assessment's submission",
                        ));
                    }
                }
            }
            CareerChange::Review {
                worker_id,
                number,
                review,
            } => {
                let assessment = self
                    .assessment(worker_id, *number)
                    .ok_or_else(|| CareerError::NoAssessment(worker_id.clone(), *number))?;
                let Some(submitted) = assessment.submitted_on else {
                    return Err(CareerError::NotSubmitted(worker_id.clone(), *number));
                };
                if assessment.status() == AssessmentStatus::SignedOff {
                    return Err(CareerError::Closed(
                        worker_id.clone(),
                        *number,
                        AssessmentStatus::SignedOff.label(),
                    ));
                }
                if review.on < submitted {
                    return Err(CareerError::Dates(
                        "a review cannot be dated before the assessment was submitted",
                    ));
                }
            }
            CareerChange::PutAction(action) => {
                known(&action.worker_id)?;
                if action.description.trim().is_empty() {
                    return Err(CareerError::NoDescription(action.number));
                }
                if (action.status == ActionStatus::Done) != action.done_on.is_some() {
                    return Err(CareerError::DoneDate(action.number));
                }
            }
        }
        Ok(())
    }

    /// Applies a checked change.
    pub fn apply(&mut self, change: CareerChange) {
        match change {
            CareerChange::PutFramework(framework) => self.framework = Some(framework),
            CareerChange::PutAssessment(assessment) => {
                self.assessments.retain(|a| {
                    !(a.worker_id == assessment.worker_id && a.number == assessment.number)
                });
                self.assessments.push(assessment);
            }
            CareerChange::Review {
                worker_id,
                number,
                review,
            } => {
                if let Some(assessment) = self
                    .assessments
                    .iter_mut()
                    .find(|a| a.worker_id == worker_id && a.number == number)
                {
                    // Returning reopens it: the person adds evidence and submits again.
                    if review.decision == Decision::Returned {
                        assessment.submitted_on = None;
                    }
                    assessment.review = Some(review);
                }
            }
            CareerChange::PutAction(action) => {
                self.actions
                    .retain(|a| !(a.worker_id == action.worker_id && a.number == action.number));
                self.actions.push(action);
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
