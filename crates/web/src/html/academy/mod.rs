//! The academy's pages: its home with the cohorts, the programmes' templates, the
//! checklist and settings, creating a cohort and adding members, each cohort's page
//! (members, sessions, attendance, retention and survival), each session with its
//! register and catch-ups; and members' checklists, the ASYE tracker and the due list.
//!
//! Every page sees the academy through the user's reach: a coordinator sees every
//! cohort, a team manager the cohorts with members in their teams, a practitioner
//! the cohorts they belong to. Every change goes through `pathway_app::change_academy`.

pub mod calendar;
pub mod cohorts;
pub mod new_cohort;
pub mod programmes;
pub mod retention;
pub mod sessions;
pub mod settings;
// Members' checklists, the ASYE tracker and the due list.
pub mod due;
pub mod members;

use chrono::{NaiveTime, Utc};
use pathway_app::{AcademyChangeError, AcademyRequest, AuditEntry};
use pathway_domain::academy::session::{Completion, completion};
use pathway_domain::academy::{Academy, AcademyError, Delivery, Mark, SessionKind};
use pathway_domain::access::PeopleReach;
use pathway_domain::codes::Programme;
use pathway_domain::ids::{CohortId, WorkerId};
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{People, encode};
use crate::session::SignedIn;

/// The audit action of every change made on the academy's pages.
pub const CHANGE_ACTION: &str = "academy";

/// The signed-in user's council, its workforce and its academy.
#[derive(Debug)]
pub struct Loaded {
    /// The council.
    pub council: CouncilCode,
    /// Its records.
    pub workforce: std::sync::Arc<Workforce>,
    /// Its academy.
    pub academy: Academy,
}

/// Loads the user's council's records and academy. A user without a council (an
/// administrator) has no academy.
pub async fn load(state: &AppState, signed_in: &SignedIn) -> Result<Loaded, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let workforce = state.workforce(council).await?;
    let academy = state.store.academy(council).await?;
    Ok(Loaded {
        council,
        workforce,
        academy,
    })
}

/// Today's date, for completion, due dates and retention.
pub fn today() -> Date {
    Utc::now().date_naive()
}

/// How the audit trail names a change made by the signed-in user.
pub fn request<'a>(signed_in: &'a SignedIn, description: &'a str) -> AcademyRequest<'a> {
    AcademyRequest {
        actor: &signed_in.user.email,
        action: CHANGE_ACTION,
        description,
        today: today(),
    }
}

/// A cohort's members.
pub fn members_of<'w>(workforce: &'w Workforce, cohort: &CohortId) -> Vec<&'w AcademyMember> {
    workforce
        .academy_members
        .iter()
        .filter(|member| member.cohort_id() == cohort)
        .collect()
}

/// What of the academy the signed-in user reaches.
#[derive(Debug)]
pub struct AcademyReach<'w> {
    /// The council's people, indexed, with the user's reach over them.
    pub people: People<'w>,
    /// Whether the user reaches the whole council (and so every cohort, even one
    /// without members).
    pub whole_council: bool,
}

impl<'w> AcademyReach<'w> {
    /// The reach of the signed-in user over `workforce`.
    pub fn new(workforce: &'w Workforce, signed_in: &SignedIn) -> Self {
        Self {
            people: People::new(workforce, &signed_in.user, today()),
            whole_council: signed_in.user.role.reach() == PeopleReach::Council,
        }
    }

    /// Whether the user may see this person's academy records.
    pub fn may_see(&self, worker: &WorkerId) -> bool {
        self.people.may_see(worker)
    }

    /// Whether the user sees a cohort: everyone reaching the whole council does;
    /// others when at least one member is within their reach.
    pub fn may_see_cohort(&self, cohort: &CohortId) -> bool {
        self.whole_council
            || self.people.workforce.academy_members.iter().any(|member| {
                member.cohort_id() == cohort && self.people.may_see(member.worker_id())
            })
    }

    /// The cohorts the user sees, newest first.
    pub fn cohorts(&self) -> Vec<&'w Cohort> {
        let mut cohorts: Vec<&Cohort> = self
            .people
            .workforce
            .cohorts
            .iter()
            .filter(|cohort| self.may_see_cohort(&cohort.id))
            .collect();
        cohorts.sort_by(|a, b| (b.start_date, &b.id).cmp(&(a.start_date, &a.id)));
        cohorts
    }

    /// The cohort with this ID, if the user sees it; any other, in this council or
    /// not, is simply not found.
    pub fn find_cohort(&self, id: &str) -> Result<&'w Cohort, WebError> {
        let id = CohortId::parse(id).map_err(|_| WebError::NotFound)?;
        self.people
            .workforce
            .cohorts
            .iter()
            .find(|cohort| cohort.id == id)
            .filter(|cohort| self.may_see_cohort(&cohort.id))
            .ok_or(WebError::NotFound)
    }

    /// A cohort's members within the user's reach, by name.
    pub fn members(&self, cohort: &CohortId) -> Vec<&'w AcademyMember> {
        let workforce = self.people.workforce;
        let mut members: Vec<&AcademyMember> = members_of(workforce, cohort)
            .into_iter()
            .filter(|member| self.may_see(member.worker_id()))
            .collect();
        members.sort_by_cached_key(|member| sort_name(workforce, member.worker_id()));
        members
    }
}

/// Records that the user saw academy pages showing people's names and progress:
/// `action` such as `view cohort`, `detail` such as `viewed cohort C1`.
pub async fn record_view(
    state: &AppState,
    signed_in: &SignedIn,
    council: CouncilCode,
    action: &str,
    detail: String,
) -> Result<(), WebError> {
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: signed_in.user.email.clone(),
            action: action.to_owned(),
            detail,
        }])
        .await?;
    Ok(())
}

/// A person's name as a list sorts it: family name, then given name, then ID.
pub fn sort_name(workforce: &Workforce, worker: &WorkerId) -> (String, String, String) {
    match workforce.workers.iter().find(|w| &w.id == worker) {
        Some(w) => (
            w.family_name.to_lowercase(),
            w.given_name.to_lowercase(),
            w.id.to_string(),
        ),
        None => (String::new(), String::new(), worker.to_string()),
    }
}

/// A person's full name, or their ID when the register does not know them.
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

/// A member's completion of their cohort's required sessions, as at `today`.
pub fn member_completion(academy: &Academy, member: &AcademyMember, today: Date) -> Completion {
    let sessions: Vec<_> = academy
        .sessions_of(member.cohort_id())
        .into_iter()
        .cloned()
        .collect();
    let marks: Vec<_> = academy
        .attendance_of(member.cohort_id())
        .into_iter()
        .cloned()
        .collect();
    completion(&sessions, &marks, member.worker_id(), today)
}

/// The academy's home page.
pub const HOME_HREF: &str = "/academy";

/// The link to a cohort's page.
pub fn cohort_href(cohort: &CohortId) -> String {
    format!("/academy/cohorts/{}", encode(cohort.as_str()))
}

/// The link to a session's page.
pub fn session_href(cohort: &CohortId, number: u16) -> String {
    format!("{}/sessions/{number}", cohort_href(cohort))
}

/// The link to a member's page in a cohort.
pub fn member_href(cohort: &CohortId, worker: &WorkerId) -> String {
    format!(
        "{}/members/{}",
        cohort_href(cohort),
        encode(worker.as_str())
    )
}

/// The link to a programme's page.
pub fn programme_href(programme: Programme) -> String {
    format!("/academy/programmes/{}", programme.as_str())
}

/// A programme as a person reads it.
pub fn programme_label(programme: Programme) -> &'static str {
    match programme {
        Programme::Full => "Full programme (newly qualified)",
        Programme::Short => "Short programme (experienced starters)",
    }
}

/// A session's kind as a person reads it.
pub fn kind_label(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Induction => "Induction",
        SessionKind::Recall => "Recall day",
        SessionKind::CatchUp => "Catch-up",
    }
}

/// A delivery as a person reads it.
pub fn delivery_label(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::FaceToFace => "Face to face",
        Delivery::Online => "Online",
    }
}

/// A register mark as a person reads it.
pub fn mark_label(mark: Mark) -> &'static str {
    match mark {
        Mark::Present => "Present",
        Mark::Absent => "Absent",
        Mark::Excused => "Excused",
    }
}

/// A time of day as a form shows it: `09:30`.
pub fn time_text(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// Reads a time of day typed as `9:30`, `09:30`, `9.30` or `0930`; `None` if it is
/// not one.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    if !text.is_ascii() {
        return None;
    }
    let (hours, minutes) = match text.split_once([':', '.']) {
        Some(parts) => parts,
        None if text.len() == 4 => text.split_at(2),
        None => return None,
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&hours.len()) || minutes.len() != 2 || !digits(hours) || !digits(minutes) {
        return None;
    }
    NaiveTime::from_hms_opt(hours.parse().ok()?, minutes.parse().ok()?, 0)
}

/// Why a change was not made, in words for the page, or the failure to report as an
/// error page.
pub fn refusal(error: AcademyChangeError) -> Result<Refusal, WebError> {
    match error {
        AcademyChangeError::Store(error) => Err(error.into()),
        AcademyChangeError::Invalid(problems) => Ok(Refusal::Records(
            problems
                .shown()
                .iter()
                .map(|problem| {
                    let mut message = problem.message.clone();
                    if let Some(first) = message.get(..1) {
                        message.replace_range(..1, &first.to_uppercase());
                    }
                    message
                })
                .collect(),
        )),
        AcademyChangeError::Refused(_, error) => Ok(Refusal::Academy(error)),
    }
}

/// A change refused by the council's rules.
#[derive(Debug)]
pub enum Refusal {
    /// The workforce records it adds break the rules between records.
    Records(Vec<String>),
    /// An academy change cannot be made.
    Academy(AcademyError),
}

impl Refusal {
    /// The refusal as sentences.
    pub fn messages(&self) -> Vec<String> {
        match self {
            Self::Records(messages) => messages.clone(),
            Self::Academy(error) => {
                let text = error.to_string();
                let mut chars = text.chars();
                vec![match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => text,
                }]
            }
        }
    }
}

/// A line of the error summary of a form whose fields are named after their rows,
/// linking to the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryError {
    /// The field's id.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// A submitted form's fields as sent, for forms whose fields are named after the
/// rows they belong to (`day-3-topic`, `mark-W123`) or repeat (checkboxes).
#[derive(Debug, Clone, Default)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// The fields, in the order sent.
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    /// The last value of a field, or empty.
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    /// Every value of a repeated field (checkboxes), in the order sent.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
            .collect()
    }

    /// Whether a checkbox was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(field, _)| field == name)
    }
}

/// A share as a page writes it: `93.2%`, or `No register taken` for none.
pub fn percent(share: Option<f64>, none: &str) -> String {
    share
        .filter(|share| share.is_finite())
        .map_or_else(|| none.to_owned(), |share| format!("{:.1}%", share * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_as_people_type_them() {
        let half_nine = NaiveTime::from_hms_opt(9, 30, 0);
        assert_eq!(parse_time("9:30"), half_nine);
        assert_eq!(parse_time(" 09:30 "), half_nine);
        assert_eq!(parse_time("0930"), half_nine);
        assert_eq!(parse_time("9.30"), half_nine);
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("9:3"), None);
        assert_eq!(parse_time("half nine"), None);
        assert_eq!(parse_time(""), None);
        assert_eq!(time_text(half_nine.unwrap()), "09:30");
    }

    #[test]
    fn shares_are_written_as_percentages_with_one_decimal() {
        assert_eq!(percent(Some(41.0 / 44.0), "none"), "93.2%");
        assert_eq!(percent(None, "none"), "none");
    }
}
