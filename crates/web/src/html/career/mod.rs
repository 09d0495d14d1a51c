//! The career pathway's pages: the list of people in reach (a practitioner goes
//! straight to their own pathway), the framework (edited by the workforce lead), a
//! person's pathway (current level, readiness for the next, opportunities, plan,
//! history), the self-assessment form with the manager's sign-off, the development
//! plan and the measures.
//!
//! A person's pathway is seen within the user's reach (anyone else is a plain 404)
//! and every view of it is recorded in the audit trail. Every change goes through
//! `pathway_app::change_career`.

pub mod assessment;
pub mod framework;
pub mod home;
pub mod measures;
pub mod person;
pub mod plan;

use pathway_app::{CareerChangeError, CareerRequest};
use pathway_domain::career::{Area, Career, CourseOffer, Framework};
use pathway_domain::ids::WorkerId;
use pathway_domain::records::Worker;
use pathway_domain::training::{CourseMode, Training};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{People, encode};
use crate::session::SignedIn;

pub use crate::html::academy::today;

/// The signed-in user's council, its workforce and its career pathway records.
#[derive(Debug)]
pub struct Loaded {
    /// The council.
    pub council: CouncilCode,
    /// Its records.
    pub workforce: std::sync::Arc<Workforce>,
    /// Its career pathway.
    pub career: Career,
}

impl Loaded {
    /// The framework in use.
    pub fn framework(&self) -> Framework {
        self.career.framework()
    }

    /// The council's people as the user reaches them.
    pub fn people(&self, signed_in: &SignedIn) -> People<'_> {
        People::new(&self.workforce, &signed_in.user, today())
    }
}

/// Loads the user's council's records and career pathway; a user without a council
/// has none.
pub async fn load(state: &AppState, signed_in: &SignedIn) -> Result<Loaded, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let workforce = state.workforce(council).await?;
    let career = state.store.career(council).await?;
    Ok(Loaded {
        council,
        workforce,
        career,
    })
}

/// The person with this ID if the user reaches them; anyone else is not found.
pub fn find<'w>(people: &People<'w>, worker_id: &str) -> Result<&'w Worker, WebError> {
    people.find(worker_id).ok_or(WebError::NotFound)
}

/// Whether the person is the signed-in user themself.
pub fn is_self(signed_in: &SignedIn, worker: &WorkerId) -> bool {
    signed_in.user.worker_id.as_ref() == Some(worker)
}

/// Whether the user may review and sign off this person's assessments: a team
/// manager or the workforce lead reaching them, never for themself.
pub fn may_sign_off(signed_in: &SignedIn, worker: &WorkerId) -> bool {
    signed_in.user.role.may_sign_off_career() && !is_self(signed_in, worker)
}

/// Whether the user may change this person's development plan: the person, or
/// whoever may sign off their assessments.
pub fn may_plan(signed_in: &SignedIn, worker: &WorkerId) -> bool {
    is_self(signed_in, worker) || may_sign_off(signed_in, worker)
}

/// The link to a person's pathway.
pub fn person_href(worker: &WorkerId) -> String {
    format!("/career/people/{}", encode(worker.as_str()))
}

/// The link to one of a person's assessments.
pub fn assessment_href(worker: &WorkerId, number: u32) -> String {
    format!("{}/assessments/{number}", person_href(worker))
}

/// The link to a person's development plan.
pub fn plan_href(worker: &WorkerId) -> String {
    format!("{}/plan", person_href(worker))
}

/// How the audit trail names a change by the signed-in user.
pub fn request<'a>(signed_in: &'a SignedIn, description: &'a str) -> CareerRequest<'a> {
    CareerRequest {
        actor: &signed_in.user.email,
        description,
    }
}

/// Records that the user saw someone's pathway (or a page listing people's).
pub async fn record_view(
    state: &AppState,
    signed_in: &SignedIn,
    council: CouncilCode,
    detail: String,
) -> Result<(), WebError> {
    crate::html::academy::record_view(state, signed_in, council, "view career", detail).await
}

/// Why a change was refused, as a sentence for the page; a database failure is an
/// error page.
pub fn refusal(error: CareerChangeError) -> Result<String, WebError> {
    match error {
        CareerChangeError::Store(error) => Err(error.into()),
        CareerChangeError::Refused(_, error) => Ok(sentence(&error.to_string())),
    }
}

/// A message with its first letter in capitals.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The courses on offer for the opportunity finder: each course's next date from
/// today (linked to its booking page), and online courses with no date ahead, open now
/// (linked to the course). A face-to-face course with no date ahead is not on offer.
pub fn course_offers(training: &Training, today: Date) -> Vec<CourseOffer> {
    training
        .courses
        .iter()
        .filter_map(|course| {
            let next = training
                .dates_of(&course.id)
                .into_iter()
                .find(|date| date.date >= today);
            let (href, starts_on) = match (next, course.mode) {
                (Some(date), _) => (
                    format!("/training/courses/{}/dates/{}", course.id, date.number),
                    date.date,
                ),
                (None, CourseMode::Online) => (format!("/training/courses/{}", course.id), today),
                (None, _) => return None,
            };
            Some(CourseOffer {
                title: course.title.clone(),
                href,
                starts_on,
                domains: course.pcf_domains.iter().map(|&d| Area::from(d)).collect(),
            })
        })
        .collect()
}

/// A level's name by its ID, or the ID when the framework no longer has it.
pub fn level_name(framework: &Framework, level: &str) -> String {
    framework
        .level(level)
        .map_or_else(|| level.to_owned(), |l| l.name.clone())
}
