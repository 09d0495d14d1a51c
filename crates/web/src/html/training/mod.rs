//! Training and skills pages: courses and their dates, bookings and registers,
//! mandatory training at a date with reminders, each person's training record, and
//! the skills register.
//!
//! Every page sees people through the user's reach: the council's training staff
//! everyone, a team manager their teams, a practitioner themselves. The course
//! catalogue is open to everyone who may see training. Every change goes through
//! `pathway_app::change_training`.

pub mod courses;
pub mod dates;
pub mod mandatory;
pub mod people;
pub mod skills;

use chrono::Utc;
use pathway_app::{TrainingChangeError, TrainingRequest};
use pathway_domain::access::Permission;
use pathway_domain::ids::{TeamId, WorkerId};
use pathway_domain::training::{CourseId, MandatoryStatus, Training};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, People, encode};
use crate::session::SignedIn;

/// The audit action of every change made on the training pages.
pub const CHANGE_ACTION: &str = "training";

/// The signed-in user's council, its workforce and its training.
#[derive(Debug)]
pub struct Loaded {
    /// The council.
    pub council: CouncilCode,
    /// Its records.
    pub workforce: std::sync::Arc<Workforce>,
    /// Its training.
    pub training: Training,
}

/// Loads the user's council's records and training; a user without a council has
/// none.
pub async fn load(state: &AppState, signed_in: &SignedIn) -> Result<Loaded, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let workforce = state.workforce(council).await?;
    let training = state.store.training(council).await?;
    Ok(Loaded {
        council,
        workforce,
        training,
    })
}

/// Today's date.
pub fn today() -> Date {
    Utc::now().date_naive()
}

/// How the audit trail names a change made by the signed-in user.
pub fn request<'a>(signed_in: &'a SignedIn, description: &'a str) -> TrainingRequest<'a> {
    TrainingRequest {
        actor: &signed_in.user.email,
        action: CHANGE_ACTION,
        description,
    }
}

/// Whether the user may change training.
pub fn may_run(signed_in: &SignedIn) -> bool {
    signed_in.user.role.allows(Permission::RunTraining)
}

/// The user's reach over the council's people, as of today.
pub fn reach<'w>(workforce: &'w Workforce, signed_in: &SignedIn) -> People<'w> {
    People::new(workforce, &signed_in.user, today())
}

/// A course's page.
pub fn course_href(course: &CourseId) -> String {
    format!("/training/courses/{}", encode(course.as_str()))
}

/// A course date's page.
pub fn date_href(course: &CourseId, number: u16) -> String {
    format!("{}/dates/{number}", course_href(course))
}

/// A person's training record.
pub fn record_href(worker: &WorkerId) -> String {
    format!("/training/people/{}", encode(worker.as_str()))
}

/// A person's skills.
pub fn skills_href(worker: &WorkerId) -> String {
    format!("/skills/people/{}", encode(worker.as_str()))
}

/// A mandatory status as a tag: the words say it, the colour only repeats it.
#[derive(Debug, Clone)]
pub struct StatusTag {
    /// What it says.
    pub label: &'static str,
    /// Its colour class.
    pub class: &'static str,
    /// The expiry, as a person reads it, or empty.
    pub expiry: String,
}

impl StatusTag {
    /// The tag of a status.
    pub fn of(status: MandatoryStatus) -> Self {
        let class = match status {
            MandatoryStatus::Current { .. } => "govuk-tag--green",
            MandatoryStatus::DueSoon { .. } => "govuk-tag--yellow",
            MandatoryStatus::Expired { .. } => "govuk-tag--red",
            MandatoryStatus::NeverDone => "govuk-tag--grey",
        };
        let expiry = match status {
            MandatoryStatus::Current {
                expires_on: None, ..
            } => "Does not expire".to_owned(),
            MandatoryStatus::Expired { expires_on, .. } => {
                format!("Expired {}", crate::html::people::long_date(expires_on))
            }
            MandatoryStatus::NeverDone => String::new(),
            other => other
                .expires_on()
                .map(|d| format!("Expires {}", crate::html::people::long_date(d)))
                .unwrap_or_default(),
        };
        Self {
            label: status.label(),
            class,
            expiry,
        }
    }
}

/// The team filter: every team of the council, with `All teams` first.
pub fn team_choices(workforce: &Workforce, current: &str) -> Vec<Choice> {
    let mut choices = vec![Choice::new("", "All teams", current)];
    let mut teams: Vec<_> = workforce.teams.iter().collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    choices.extend(
        teams
            .into_iter()
            .map(|team| Choice::new(team.id.as_str(), team.name.as_str(), current)),
    );
    choices
}

/// A team filter's value: none for empty or unknown.
pub fn wanted_team(workforce: &Workforce, text: Option<&str>) -> Option<TeamId> {
    let id = TeamId::parse(text?).ok()?;
    workforce.teams.iter().any(|t| t.id == id).then_some(id)
}

/// A date asked for in a query (`2024-09-30`), or today.
pub fn date_or_today(text: Option<&str>) -> Result<Date, String> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(today()),
        Some(text) => pathway_domain::values::parse_date(text)
            .map_err(|_| "Enter the date as year, month and day, like 2024-09-30".to_owned()),
    }
}

/// A refused change as a sentence for the page; the database failing is an error.
pub fn refusal(error: TrainingChangeError) -> Result<String, WebError> {
    match error {
        TrainingChangeError::Store(error) => Err(error.into()),
        TrainingChangeError::Invalid(problems) => Ok(problems
            .shown()
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join(" ")),
        TrainingChangeError::Refused(_, error) => {
            let text = error.to_string();
            let mut chars = text.chars();
            Ok(chars
                .next()
                .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default())
        }
    }
}

/// A person's name, or their ID when unknown.
pub fn name_of(workforce: &Workforce, worker: &WorkerId) -> String {
    workforce
        .workers
        .iter()
        .find(|w| &w.id == worker)
        .map_or_else(
            || worker.to_string(),
            |w| format!("{} {}", w.given_name, w.family_name),
        )
}
