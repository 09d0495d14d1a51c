//! An academy member's page: their sessions and completion, the induction checklist,
//! and the ASYE tracker (the record, reviews, the log, the supervision cadence,
//! development time, the caseload, moderation and outcome, and the DfE grant), with
//! the forms that change them. Every change goes through `change_academy`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use pathway_app::{AcademyChangeError, change_academy};
use pathway_domain::academy::asye::{
    DueState, OBSERVATIONS_NEEDED, caseload_check, development_time, supervision_check, under_way,
};
use pathway_domain::academy::{
    Academy, AcademyChange, AcademyError, AsyeRecord, ChecklistTick, LogEntry, LogKind,
    ModerationDecision, Review, ReviewKind,
};
use pathway_domain::access::{Permission, UserRole};
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::records::{AcademyMember, Cohort, Worker};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::academy::due::{Tag, due_tag};
use crate::html::academy::{
    Loaded, Refusal, cohort_href, delivery_label, kind_label, load, mark_label, member_completion,
    member_href, programme_label, refusal, request, today,
};
use crate::html::people::{Choice, People, long_date, maybe_date, person_href};
use crate::html::person::{full_name, home_href, record_view};
use crate::page::{FieldError, Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// The longest name (an assessor, who gave feedback) accepted.
const MAX_NAME: usize = 200;
/// The longest notes accepted.
const MAX_NOTES: usize = 5000;

/// A member the user may see, with their worker record and cohort.
struct Member<'w> {
    worker: &'w Worker,
    cohort: &'w Cohort,
    member: &'w AcademyMember,
}

impl Member<'_> {
    fn href(&self) -> String {
        member_href(&self.cohort.id, &self.worker.id)
    }

    /// Whether the member has an ASYE: in a full programme, and not marked as not
    /// applicable (an experienced starter).
    fn has_asye(&self) -> bool {
        self.cohort.programme == Programme::Full
            && self.member.asye_outcome() != Some(AsyeOutcome::NotApplicable)
    }

    /// How the audit trail names the member.
    fn described(&self) -> String {
        format!("{} in cohort {}", self.worker.id, self.cohort.id)
    }
}

/// The member of this cohort, if the user reaches them; anyone else, in this council
/// or not, and any cohort they are not in, is simply not found.
fn find_member<'w>(
    people: &People<'w>,
    cohort_id: &str,
    worker_id: &str,
) -> Result<Member<'w>, WebError> {
    let worker = people.find(worker_id).ok_or(WebError::NotFound)?;
    let workforce = people.workforce;
    let cohort = workforce
        .cohorts
        .iter()
        .find(|cohort| cohort.id.as_str() == cohort_id)
        .ok_or(WebError::NotFound)?;
    let member = workforce
        .academy_members
        .iter()
        .find(|m| m.cohort_id() == &cohort.id && m.worker_id() == &worker.id)
        .ok_or(WebError::NotFound)?;
    Ok(Member {
        worker,
        cohort,
        member,
    })
}

/// A date's three boxes as text: empty when there is no date.
fn boxes(date: Option<Date>) -> [String; 3] {
    date.map_or_else(Default::default, |date| {
        [
            date.day().to_string(),
            date.month().to_string(),
            date.year().to_string(),
        ]
    })
}

/// Reads a date that cannot be in the future; `required` says whether it may be
/// left empty.
fn past_date(
    what: &str,
    [day, month, year]: [&str; 3],
    required: bool,
    today: Date,
) -> Result<Option<Date>, String> {
    let date = date_input(what, day, month, year)?;
    match date {
        None if required => Err(format!("Enter the {}", what.to_lowercase())),
        Some(date) if date > today => Err(format!("{what} must be today or in the past")),
        _ => Ok(date),
    }
}

/// Reads a line of text: trimmed, on one line, at most `max` characters.
fn line(text: &str, what: &str, required: Option<&str>, max: usize) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        if let Some(message) = required {
            return Err(message.to_owned());
        }
    } else if trimmed.chars().count() > max {
        return Err(format!("{what} must be {max} characters or fewer"));
    } else if trimmed.chars().any(char::is_control) {
        return Err(format!("{what} must be on one line"));
    }
    Ok(trimmed.to_owned())
}

/// Reads notes: trimmed, at most [`MAX_NOTES`] characters.
fn notes(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.chars().count() > MAX_NOTES {
        return Err(format!("Notes must be {MAX_NOTES} characters or fewer"));
    }
    Ok(trimmed.replace("\r\n", "\n"))
}

/// A message of the domain as the first sentence of a form's error.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Why `change_academy` refused a change, as one message for the form, with the
/// academy's reason when it gave one; a database failure is not the form's business.
fn refused(error: AcademyChangeError) -> Result<(Option<AcademyError>, String), WebError> {
    let refusal = refusal(error)?;
    let message = refusal.messages().join("; ");
    Ok(match refusal {
        Refusal::Academy(error) => (Some(error), message),
        Refusal::Records(_) => (None, format!("This cannot be saved: {message}")),
    })
}

/// Writes changes with their audit entry.
async fn save(
    state: &AppState,
    signed_in: &SignedIn,
    council: CouncilCode,
    description: &str,
    workforce_changes: Option<Workforce>,
    changes: Vec<AcademyChange>,
) -> Result<(), AcademyChangeError> {
    change_academy(
        state.store.as_ref(),
        council,
        request(signed_in, description),
        workforce_changes,
        changes,
    )
    .await
    .map(|_| ())
}

/// Back to the member's page, with the banner for what was saved.
fn saved(member: &Member<'_>, what: &str) -> Response {
    Redirect::to(&format!("{}?saved={what}", member.href())).into_response()
}

// ---------------------------------------------------------------------------------
// The forms, exactly as typed, and what is wrong with them.

/// The checklist form: tick an item off on a day, or untick it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChecklistForm {
    /// `tick` or `untick`.
    #[serde(default)]
    action: String,
    #[serde(default)]
    item: String,
    #[serde(default, rename = "done_on-day")]
    done_day: String,
    #[serde(default, rename = "done_on-month")]
    done_month: String,
    #[serde(default, rename = "done_on-year")]
    done_year: String,
    #[serde(default)]
    csrf_token: String,
}

#[derive(Debug, Default)]
struct ChecklistErrors {
    item: Option<String>,
    done_on: Option<String>,
}

impl ChecklistErrors {
    fn summary(&self) -> Vec<FieldError> {
        summary(&[("item", &self.item), ("done_on-day", &self.done_on)])
    }
}

/// The ASYE record form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AsyeForm {
    #[serde(default, rename = "starts_on-day")]
    starts_day: String,
    #[serde(default, rename = "starts_on-month")]
    starts_month: String,
    #[serde(default, rename = "starts_on-year")]
    starts_year: String,
    #[serde(default, rename = "qualified_on-day")]
    qualified_day: String,
    #[serde(default, rename = "qualified_on-month")]
    qualified_month: String,
    #[serde(default, rename = "qualified_on-year")]
    qualified_year: String,
    #[serde(default, rename = "registered_on-day")]
    registered_day: String,
    #[serde(default, rename = "registered_on-month")]
    registered_month: String,
    #[serde(default, rename = "registered_on-year")]
    registered_year: String,
    #[serde(default, rename = "agreement_on-day")]
    agreement_day: String,
    #[serde(default, rename = "agreement_on-month")]
    agreement_month: String,
    #[serde(default, rename = "agreement_on-year")]
    agreement_year: String,
    #[serde(default)]
    assessor: String,
    #[serde(default, rename = "registration_claimed_on-day")]
    registration_claimed_day: String,
    #[serde(default, rename = "registration_claimed_on-month")]
    registration_claimed_month: String,
    #[serde(default, rename = "registration_claimed_on-year")]
    registration_claimed_year: String,
    #[serde(default, rename = "completion_claimed_on-day")]
    completion_claimed_day: String,
    #[serde(default, rename = "completion_claimed_on-month")]
    completion_claimed_month: String,
    #[serde(default, rename = "completion_claimed_on-year")]
    completion_claimed_year: String,
    #[serde(default)]
    csrf_token: String,
}

impl AsyeForm {
    fn of(record: &AsyeRecord, worker: &Worker) -> Self {
        let [starts_day, starts_month, starts_year] = boxes(Some(record.starts_on));
        // The register may already know when they qualified.
        let [qualified_day, qualified_month, qualified_year] =
            boxes(record.qualified_on.or(worker.qualified_on));
        let [registered_day, registered_month, registered_year] = boxes(record.registered_on);
        let [agreement_day, agreement_month, agreement_year] = boxes(record.agreement_on);
        let [
            registration_claimed_day,
            registration_claimed_month,
            registration_claimed_year,
        ] = boxes(record.registration_claimed_on);
        let [
            completion_claimed_day,
            completion_claimed_month,
            completion_claimed_year,
        ] = boxes(record.completion_claimed_on);
        Self {
            starts_day,
            starts_month,
            starts_year,
            qualified_day,
            qualified_month,
            qualified_year,
            registered_day,
            registered_month,
            registered_year,
            agreement_day,
            agreement_month,
            agreement_year,
            assessor: record.assessor.clone(),
            registration_claimed_day,
            registration_claimed_month,
            registration_claimed_year,
            completion_claimed_day,
            completion_claimed_month,
            completion_claimed_year,
            csrf_token: String::new(),
        }
    }
}

#[derive(Debug, Default)]
struct AsyeErrors {
    starts_on: Option<String>,
    qualified_on: Option<String>,
    registered_on: Option<String>,
    agreement_on: Option<String>,
    assessor: Option<String>,
    registration_claimed_on: Option<String>,
    completion_claimed_on: Option<String>,
}

impl AsyeErrors {
    fn summary(&self) -> Vec<FieldError> {
        summary(&[
            ("starts_on-day", &self.starts_on),
            ("qualified_on-day", &self.qualified_on),
            ("registered_on-day", &self.registered_on),
            ("agreement_on-day", &self.agreement_on),
            ("assessor", &self.assessor),
            ("registration_claimed_on-day", &self.registration_claimed_on),
            ("completion_claimed_on-day", &self.completion_claimed_on),
        ])
    }
}

/// The form that records a review.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    review_kind: String,
    #[serde(default, rename = "held_on-day")]
    held_day: String,
    #[serde(default, rename = "held_on-month")]
    held_month: String,
    #[serde(default, rename = "held_on-year")]
    held_year: String,
    #[serde(default)]
    review_assessor: String,
    #[serde(default)]
    review_notes: String,
    #[serde(default)]
    csrf_token: String,
}

#[derive(Debug, Default)]
struct ReviewErrors {
    kind: Option<String>,
    held_on: Option<String>,
    assessor: Option<String>,
    notes: Option<String>,
}

impl ReviewErrors {
    fn summary(&self) -> Vec<FieldError> {
        summary(&[
            ("review_kind", &self.kind),
            ("held_on-day", &self.held_on),
            ("review_assessor", &self.assessor),
            ("review_notes", &self.notes),
        ])
    }
}

/// The form that adds to the ASYE log.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LogForm {
    #[serde(default)]
    log_kind: String,
    #[serde(default, rename = "log_on-day")]
    on_day: String,
    #[serde(default, rename = "log_on-month")]
    on_month: String,
    #[serde(default, rename = "log_on-year")]
    on_year: String,
    #[serde(default)]
    log_by: String,
    #[serde(default)]
    log_hours: String,
    #[serde(default)]
    log_notes: String,
    #[serde(default)]
    csrf_token: String,
}

#[derive(Debug, Default)]
struct LogErrors {
    kind: Option<String>,
    on: Option<String>,
    by: Option<String>,
    hours: Option<String>,
    notes: Option<String>,
}

impl LogErrors {
    fn summary(&self) -> Vec<FieldError> {
        summary(&[
            ("log_kind", &self.kind),
            ("log_on-day", &self.on),
            ("log_by", &self.by),
            ("log_hours", &self.hours),
            ("log_notes", &self.notes),
        ])
    }
}

/// The form that records the moderation panel's decision and the outcome.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    moderation: String,
    #[serde(default, rename = "moderated_on-day")]
    moderated_day: String,
    #[serde(default, rename = "moderated_on-month")]
    moderated_month: String,
    #[serde(default, rename = "moderated_on-year")]
    moderated_year: String,
    #[serde(default)]
    outcome: String,
    #[serde(default, rename = "extended_to-day")]
    extended_day: String,
    #[serde(default, rename = "extended_to-month")]
    extended_month: String,
    #[serde(default, rename = "extended_to-year")]
    extended_year: String,
    #[serde(default)]
    csrf_token: String,
}

impl OutcomeForm {
    fn of(record: &AsyeRecord, member: &AcademyMember) -> Self {
        let [moderated_day, moderated_month, moderated_year] = boxes(record.moderated_on);
        let [extended_day, extended_month, extended_year] = boxes(record.extended_to);
        Self {
            moderation: record
                .moderation
                .map_or("", |decision| decision.as_str())
                .to_owned(),
            moderated_day,
            moderated_month,
            moderated_year,
            outcome: member
                .asye_outcome()
                .unwrap_or(AsyeOutcome::InProgress)
                .as_str()
                .to_owned(),
            extended_day,
            extended_month,
            extended_year,
            csrf_token: String::new(),
        }
    }
}

#[derive(Debug, Default)]
struct OutcomeErrors {
    moderation: Option<String>,
    moderated_on: Option<String>,
    outcome: Option<String>,
    extended_to: Option<String>,
}

impl OutcomeErrors {
    fn summary(&self) -> Vec<FieldError> {
        summary(&[
            ("moderation", &self.moderation),
            ("moderated_on-day", &self.moderated_on),
            ("outcome", &self.outcome),
            ("extended_to-day", &self.extended_to),
        ])
    }
}

/// An error summary's list from a form's fields, in the form's order.
fn summary(fields: &[(&'static str, &Option<String>)]) -> Vec<FieldError> {
    fields
        .iter()
        .filter_map(|(field, message)| {
            message.as_ref().map(|message| FieldError {
                field,
                message: message.clone(),
            })
        })
        .collect()
}

/// The form that failed, with what the user typed and what is wrong.
enum Failed {
    Checklist(ChecklistForm, ChecklistErrors),
    Record(Box<AsyeForm>, AsyeErrors),
    Review(ReviewForm, ReviewErrors),
    Log(LogForm, LogErrors),
    Outcome(OutcomeForm, OutcomeErrors),
}

impl Failed {
    fn summary(&self) -> Vec<FieldError> {
        match self {
            Self::Checklist(_, error) => error.summary(),
            Self::Record(_, error) => error.summary(),
            Self::Review(_, error) => error.summary(),
            Self::Log(_, error) => error.summary(),
            Self::Outcome(_, error) => error.summary(),
        }
    }
}

// ---------------------------------------------------------------------------------
// The page.

/// A row of a summary list, with an optional link and tag.
#[derive(Debug)]
struct Row {
    key: &'static str,
    value: String,
    href: Option<String>,
    tag: Option<Tag>,
}

impl Row {
    fn new(key: &'static str, value: impl Into<String>) -> Self {
        Self {
            key,
            value: value.into(),
            href: None,
            tag: None,
        }
    }

    fn linked(mut self, href: String) -> Self {
        self.href = Some(href);
        self
    }

    fn tagged(mut self, tag: Option<Tag>) -> Self {
        self.tag = tag;
        self
    }
}

#[derive(Debug)]
struct SessionView {
    number: u16,
    date: String,
    times: String,
    topic: String,
    kind: String,
    place: String,
    mark: &'static str,
}

#[derive(Debug)]
struct ItemView {
    id: String,
    label: String,
    done_on: String,
    done_by: String,
    ticked: bool,
}

#[derive(Debug)]
struct TickView {
    form: ChecklistForm,
    error: ChecklistErrors,
    items: Vec<Choice>,
}

#[derive(Debug)]
struct ReviewView {
    kind: &'static str,
    due: String,
    tag: Tag,
    held: String,
    assessor: String,
    notes: String,
}

#[derive(Debug)]
struct ReviewFormView {
    form: ReviewForm,
    error: ReviewErrors,
    kinds: Vec<Choice>,
}

#[derive(Debug)]
struct LogView {
    on: String,
    kind: &'static str,
    by: String,
    hours: String,
    notes: String,
}

#[derive(Debug)]
struct LogFormView {
    form: LogForm,
    error: LogErrors,
    kinds: Vec<Choice>,
    /// Whether development time (with hours) is one of the kinds.
    hours: bool,
}

#[derive(Debug)]
struct RecordFormView {
    form: AsyeForm,
    error: AsyeErrors,
}

#[derive(Debug)]
struct OutcomeFormView {
    form: OutcomeForm,
    error: OutcomeErrors,
    decisions: Vec<Choice>,
    outcomes: Vec<Choice>,
}

/// The ASYE tracker of a newly qualified member.
#[derive(Debug)]
struct AsyeView {
    record: Vec<Row>,
    grant: Vec<Row>,
    reviews: Vec<ReviewView>,
    review_form: Option<ReviewFormView>,
    log_counts: Vec<Row>,
    log: Vec<LogView>,
    log_form: Option<LogFormView>,
    supervision: Vec<Row>,
    late: Vec<String>,
    development: Vec<Row>,
    caseload: Vec<Row>,
    caseload_limit: u32,
    above_limit: Vec<String>,
    outcome: Vec<Row>,
    outcome_form: Option<OutcomeFormView>,
    record_form: Option<RecordFormView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "academy_member.html")]
/// A member's page.
pub struct MemberPage {
    page: Page,
    home_href: &'static str,
    name: String,
    cohort_name: String,
    cohort_href: String,
    href: String,
    calendar_href: String,
    feed_href: String,
    banner: Option<&'static str>,
    errors: Vec<FieldError>,
    details: Vec<Row>,
    upcoming: Vec<SessionView>,
    past: Vec<SessionView>,
    checklist: Vec<ItemView>,
    tick: Option<TickView>,
    asye: Option<AsyeView>,
}

/// What the banner says after each form.
fn banner(saved: Option<&str>) -> Option<&'static str> {
    match saved? {
        "checklist" => Some("Induction checklist updated"),
        "asye" => Some("ASYE record saved"),
        "review" => Some("Review recorded"),
        "log" => Some("Added to the ASYE log"),
        "outcome" => Some("Moderation and outcome saved"),
        _ => None,
    }
}

/// An outcome as a person reads it.
pub(crate) fn outcome_label(outcome: Option<AsyeOutcome>) -> &'static str {
    match outcome {
        None | Some(AsyeOutcome::InProgress) => "In progress",
        Some(AsyeOutcome::Pass) => "Passed",
        Some(AsyeOutcome::Fail) => "Failed",
        Some(AsyeOutcome::Extended) => "Extended",
        Some(AsyeOutcome::NotApplicable) => "Not applicable",
    }
}

fn decision_label(decision: ModerationDecision) -> &'static str {
    match decision {
        ModerationDecision::Pass => "Pass",
        ModerationDecision::Fail => "Fail",
        ModerationDecision::Extend => "Extend the year",
    }
}

/// A review's name for the audit trail and messages.
fn review_name(kind: ReviewKind) -> &'static str {
    match kind {
        ReviewKind::ThreeMonth => "3-month review",
        ReviewKind::SixMonth => "6-month review",
        ReviewKind::NineMonth => "9-month review",
        ReviewKind::Final => "final review",
    }
}

/// Where something due stands; once the ASYE is over, what was not done is simply
/// not held.
fn state_tag(due: Date, done: Option<Date>, today: Date, going: bool) -> Tag {
    if done.is_none() && !going {
        return Tag::grey("Not held");
    }
    due_tag(DueState::of(due, done, today))
}

fn hours(value: f64) -> String {
    // An empty sum is -0.0, which is no hours.
    let text = format!("{:.1}", value + 0.0);
    text.strip_suffix(".0").unwrap_or(&text).to_owned()
}

struct Shown<'a, 'w> {
    signed_in: &'a SignedIn,
    people: &'a People<'w>,
    academy: &'a Academy,
    member: &'a Member<'w>,
    today: Date,
}

fn member_page(
    shown: &Shown<'_, '_>,
    banner: Option<&'static str>,
    failed: Option<Failed>,
) -> MemberPage {
    let Shown {
        signed_in,
        academy,
        member,
        today,
        ..
    } = *shown;
    let errors = failed.as_ref().map(Failed::summary).unwrap_or_default();
    let (mut checklist_failed, mut record_failed, mut review_failed) = (None, None, None);
    let (mut log_failed, mut outcome_failed) = (None, None);
    match failed {
        Some(Failed::Checklist(form, error)) => checklist_failed = Some((form, error)),
        Some(Failed::Record(form, error)) => record_failed = Some((*form, error)),
        Some(Failed::Review(form, error)) => review_failed = Some((form, error)),
        Some(Failed::Log(form, error)) => log_failed = Some((form, error)),
        Some(Failed::Outcome(form, error)) => outcome_failed = Some((form, error)),
        None => {}
    }
    let role = signed_in.user.role;
    let runs = role.allows(Permission::RunAcademy);
    let (cohort, worker) = (&member.cohort.id, &member.worker.id);

    // Sessions and completion.
    let sessions = academy.sessions_of(cohort);
    let marks = academy.attendance_of(cohort);
    let done = member_completion(academy, member.member, today);
    let topic_of = |number: u16| {
        sessions
            .iter()
            .find(|s| s.number == number)
            .map_or_else(String::new, |s| s.topic.clone())
    };
    let missed = if done.missed.is_empty() {
        "None".to_owned()
    } else {
        done.missed
            .iter()
            .map(|number| format!("Session {number}: {}", topic_of(*number)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let details = vec![
        Row::new("Name", full_name(member.worker)).linked(person_href(worker)),
        Row::new("Cohort", member.cohort.name.clone()).linked(cohort_href(cohort)),
        Row::new("Programme", programme_label(member.cohort.programme)),
        Row::new("Joined", long_date(member.member.joined_on())),
        Row::new(
            "Required sessions",
            format!(
                "{} of {} attended or caught up",
                done.covered, done.required
            ),
        ),
        Row::new("Missed sessions needing a catch-up", missed),
        Row::new(
            "Completed",
            maybe_date(
                member.member.completed_on().or(done.completed_on),
                "Not yet",
            ),
        ),
    ];
    let (mut upcoming, mut past) = (Vec::new(), Vec::new());
    for session in &sessions {
        let mark = marks
            .iter()
            .find(|m| m.session == session.number && &m.worker_id == worker)
            .map_or("Not recorded", |m| mark_label(m.mark));
        let view = SessionView {
            number: session.number,
            date: long_date(session.date),
            times: format!(
                "{} to {}",
                session.starts_at.format("%H:%M"),
                session.ends_at.format("%H:%M")
            ),
            topic: session.topic.clone(),
            kind: match session.catches_up {
                Some(original) => format!("Catch-up for session {original}"),
                None => kind_label(session.kind).to_owned(),
            },
            place: format!(
                "{} ({})",
                session.venue,
                delivery_label(session.delivery).to_lowercase()
            ),
            mark,
        };
        if session.date >= today {
            upcoming.push(view);
        } else {
            past.push(view);
        }
    }

    // The induction checklist.
    let ticks = academy.ticks_of(cohort, worker);
    let items = academy.checklist();
    let checklist: Vec<ItemView> = items
        .iter()
        .map(|item| {
            let tick = ticks.iter().find(|t| t.item_id == item.id);
            ItemView {
                id: item.id.to_string(),
                label: item.label.clone(),
                done_on: tick.map_or_else(|| "Not done".to_owned(), |t| long_date(t.done_on)),
                done_by: tick.map_or_else(String::new, |t| t.done_by.clone()),
                ticked: tick.is_some(),
            }
        })
        .collect();
    let tick = runs.then(|| {
        let (form, error) = checklist_failed.unwrap_or_else(|| {
            let [done_day, done_month, done_year] = boxes(Some(today));
            let first_open = checklist.iter().find(|item| !item.ticked);
            (
                ChecklistForm {
                    action: "tick".to_owned(),
                    item: first_open.map_or_else(String::new, |item| item.id.clone()),
                    done_day,
                    done_month,
                    done_year,
                    csrf_token: String::new(),
                },
                ChecklistErrors::default(),
            )
        });
        let choices = checklist
            .iter()
            .map(|item| {
                let label = if item.ticked {
                    format!("{} (done {})", item.label, item.done_on)
                } else {
                    item.label.clone()
                };
                Choice::new(item.id.clone(), label, &form.item)
            })
            .collect();
        TickView {
            form,
            error,
            items: choices,
        }
    });

    let asye = member.has_asye().then(|| {
        asye_view(
            shown,
            AsyeFailures {
                record: record_failed,
                review: review_failed,
                log: log_failed,
                outcome: outcome_failed,
            },
        )
    });

    let href = member.href();
    MemberPage {
        page: Page::for_user(signed_in, "/academy"),
        home_href: home_href(signed_in),
        name: full_name(member.worker),
        cohort_name: member.cohort.name.clone(),
        cohort_href: cohort_href(cohort),
        calendar_href: format!("{href}/calendar.ics"),
        feed_href: format!("{href}/calendar-feed"),
        href,
        banner,
        errors,
        details,
        upcoming,
        past,
        checklist,
        tick,
        asye,
    }
}

/// The forms of the ASYE tracker that failed, if one did.
struct AsyeFailures {
    record: Option<(AsyeForm, AsyeErrors)>,
    review: Option<(ReviewForm, ReviewErrors)>,
    log: Option<(LogForm, LogErrors)>,
    outcome: Option<(OutcomeForm, OutcomeErrors)>,
}

fn asye_view(shown: &Shown<'_, '_>, failures: AsyeFailures) -> AsyeView {
    let Shown {
        signed_in,
        people,
        academy,
        member,
        today,
    } = *shown;
    let role = signed_in.user.role;
    let runs = role.allows(Permission::RunAcademy);
    let (cohort, worker) = (&member.cohort.id, &member.worker.id);
    let record = academy.asye_record(member.member);
    let outcome = member.member.asye_outcome();
    let going = under_way(outcome);

    let agreement = match record.agreement_on {
        Some(day) => format!("Agreed on {}", long_date(day)),
        None => format!("Due by {}", long_date(record.agreement_due())),
    };
    let record_rows = vec![
        Row::new("ASYE started", long_date(record.starts_on)),
        Row::new("Qualified", maybe_date(record.qualified_on, "Not recorded")),
        Row::new(
            "Registered with Social Work England",
            maybe_date(record.registered_on, "Not recorded"),
        ),
        Row::new("Support and assessment agreement", agreement).tagged(Some(state_tag(
            record.agreement_due(),
            record.agreement_on,
            today,
            going,
        ))),
        Row::new(
            "Assessor",
            if record.assessor.is_empty() {
                "Not recorded".to_owned()
            } else {
                record.assessor.clone()
            },
        ),
        Row::new("Final review due", long_date(record.year_end())),
    ];
    let grant = vec![
        Row::new("Eligibility", record.grant_eligibility().label()),
        Row::new(
            "Registration payment claimed",
            maybe_date(record.registration_claimed_on, "Not claimed"),
        ),
        Row::new(
            "Completion payment claimed",
            maybe_date(
                record.completion_claimed_on,
                if outcome == Some(AsyeOutcome::Pass) {
                    "Not claimed"
                } else {
                    "Not claimed: it can be claimed once the ASYE is passed"
                },
            ),
        ),
    ];

    // Reviews.
    let held = academy.reviews_of(cohort, worker);
    let reviews = ReviewKind::ALL
        .iter()
        .map(|&kind| {
            let review = held.iter().find(|r| r.kind == kind);
            let due = record.review_due(kind);
            let tag = match review {
                None if kind.optional() => Tag::grey("Optional"),
                _ => state_tag(due, review.map(|r| r.held_on), today, going),
            };
            ReviewView {
                kind: kind.label(),
                due: long_date(due),
                tag,
                held: review.map_or_else(|| "Not held".to_owned(), |r| long_date(r.held_on)),
                assessor: review.map_or_else(String::new, |r| r.assessor.clone()),
                notes: review.map_or_else(String::new, |r| r.notes.clone()),
            }
        })
        .collect();
    let review_form = role.may_record_reviews().then(|| {
        let (form, error) = failures.review.unwrap_or_else(|| {
            let next = ReviewKind::ALL
                .iter()
                .find(|kind| !kind.optional() && !held.iter().any(|r| r.kind == **kind));
            (
                ReviewForm {
                    review_kind: next.map_or("", |kind| kind.as_str()).to_owned(),
                    review_assessor: record.assessor.clone(),
                    ..ReviewForm::default()
                },
                ReviewErrors::default(),
            )
        });
        let kinds = ReviewKind::ALL
            .iter()
            .map(|kind| Choice::new(kind.as_str(), kind.label(), &form.review_kind))
            .collect();
        ReviewFormView { form, error, kinds }
    });

    // The log.
    let log = academy.log_of(cohort, worker);
    let count = |kind: LogKind| log.iter().filter(|e| e.kind == kind).count();
    let observed = count(LogKind::Observation);
    let observation_tag = if observed >= OBSERVATIONS_NEEDED {
        Tag::green("Done")
    } else {
        state_tag(
            record.observation_due(observed as u32 + 1),
            None,
            today,
            going,
        )
    };
    let next_observation = if observed >= OBSERVATIONS_NEEDED {
        String::new()
    } else {
        format!(
            "; the next is due by {}",
            long_date(record.observation_due(observed as u32 + 1))
        )
    };
    let log_counts = vec![
        Row::new(
            "Direct observations",
            format!("{observed} of {OBSERVATIONS_NEEDED}{next_observation}"),
        )
        .tagged(Some(observation_tag)),
        Row::new(
            "Feedback from people with lived experience",
            count(LogKind::LivedExperienceFeedback).to_string(),
        ),
        Row::new(
            "Feedback from professionals",
            count(LogKind::ProfessionalFeedback).to_string(),
        ),
        Row::new(
            "Critical reflections",
            count(LogKind::Reflection).to_string(),
        ),
    ];
    let log_rows = log
        .iter()
        .rev()
        .map(|entry| LogView {
            on: long_date(entry.on),
            kind: entry.kind.label(),
            by: entry.by.clone(),
            hours: entry.hours.map_or_else(String::new, hours),
            notes: entry.notes.clone(),
        })
        .collect();
    let allowed: Vec<LogKind> = LogKind::ALL
        .iter()
        .copied()
        .filter(|kind| role.may_record(*kind))
        .collect();
    let log_form = (!allowed.is_empty()).then(|| {
        let (form, error) = failures.log.unwrap_or_else(|| {
            (
                LogForm {
                    log_kind: match allowed.as_slice() {
                        [only] => only.as_str().to_owned(),
                        _ => String::new(),
                    },
                    // A practitioner writes their own entries.
                    log_by: if role == UserRole::Practitioner {
                        full_name(member.worker)
                    } else {
                        String::new()
                    },
                    ..LogForm::default()
                },
                LogErrors::default(),
            )
        });
        let kinds = allowed
            .iter()
            .map(|kind| Choice::new(kind.as_str(), kind.label(), &form.log_kind))
            .collect();
        LogFormView {
            form,
            error,
            kinds,
            hours: allowed.contains(&LogKind::DevelopmentTime),
        }
    });

    // Supervision against the cadence.
    let check = supervision_check(&record, &log, today);
    let mut supervision = vec![Row::new(
        "Supervisions held",
        format!(
            "{} of the {} the cadence expects by today",
            check.held, check.expected
        ),
    )];
    if going && check.next_due <= record.year_end() {
        supervision.push(
            Row::new("Next supervision due", long_date(check.next_due))
                .tagged(Some(due_tag(check.state))),
        );
    } else {
        supervision.push(Row::new(
            "Next supervision due",
            "None: the ASYE year is over",
        ));
    }
    let late = check
        .late
        .iter()
        .map(|(due, held)| format!("Due by {}, held on {}", long_date(*due), long_date(*held)))
        .collect();

    // Protected development time, for the member's working week.
    let fte = people
        .position(worker)
        .assignment
        .map_or(1.0, |assignment| assignment.fte.value());
    let weekly = academy.settings.weekly_hours * fte;
    let time = development_time(&record, &log, today, weekly);
    let development = vec![
        Row::new("Recorded", format!("{} hours", hours(time.recorded_hours))),
        Row::new(
            "Expected by today",
            format!(
                "{} hours (10% of a {}-hour week)",
                hours(time.expected_hours),
                hours(weekly)
            ),
        )
        .tagged((time.recorded_hours + 1e-9 < time.expected_hours).then(|| Tag::yellow("Behind"))),
    ];

    // The reduced caseload.
    let limit = academy.settings.asye_caseload_limit;
    let counts: Vec<_> = people
        .workforce
        .caseloads
        .iter()
        .filter(|c| &c.worker_id == worker)
        .collect();
    let caseload_check = caseload_check(&record, &counts, today, limit);
    let caseload = vec![
        Row::new(
            "Latest count in the ASYE year",
            caseload_check.latest.map_or_else(
                || "No caseload counts recorded in the ASYE year".to_owned(),
                |(on, cases)| format!("{cases} cases on {}", long_date(on)),
            ),
        ),
        Row::new("Reduced-caseload limit", format!("{limit} cases")),
    ];
    let above_limit = caseload_check
        .above
        .iter()
        .map(|(on, cases)| format!("{cases} cases on {}", long_date(*on)))
        .collect();

    // Moderation and outcome.
    let moderation = match (record.moderation, record.moderated_on) {
        (Some(decision), Some(on)) => {
            format!("{} (panel on {})", decision_label(decision), long_date(on))
        }
        (Some(decision), None) => decision_label(decision).to_owned(),
        (None, _) => "No decision yet".to_owned(),
    };
    let mut outcome_rows = vec![
        Row::new("Moderation panel", moderation),
        Row::new("Outcome", outcome_label(outcome)),
    ];
    if let Some(extended) = record.extended_to {
        outcome_rows.push(Row::new("Extended to", long_date(extended)));
    }
    let outcome_form = runs.then(|| {
        let (form, error) = failures.outcome.unwrap_or_else(|| {
            (
                OutcomeForm::of(&record, member.member),
                OutcomeErrors::default(),
            )
        });
        let mut decisions = vec![Choice::new("", "No decision yet", &form.moderation)];
        decisions.extend(
            ModerationDecision::ALL
                .iter()
                .map(|d| Choice::new(d.as_str(), decision_label(*d), &form.moderation)),
        );
        let outcomes = [
            AsyeOutcome::InProgress,
            AsyeOutcome::Pass,
            AsyeOutcome::Fail,
            AsyeOutcome::Extended,
        ]
        .iter()
        .map(|o| Choice::new(o.as_str(), outcome_label(Some(*o)), &form.outcome))
        .collect();
        OutcomeFormView {
            form,
            error,
            decisions,
            outcomes,
        }
    });
    let record_form = runs.then(|| {
        let (form, error) = failures
            .record
            .unwrap_or_else(|| (AsyeForm::of(&record, member.worker), AsyeErrors::default()));
        RecordFormView { form, error }
    });

    AsyeView {
        record: record_rows,
        grant,
        reviews,
        review_form,
        log_counts,
        log: log_rows,
        log_form,
        supervision,
        late,
        development,
        caseload,
        caseload_limit: limit,
        above_limit,
        outcome: outcome_rows,
        outcome_form,
        record_form,
    }
}

// ---------------------------------------------------------------------------------
// The handlers.

/// The path of a member's page and its forms.
#[derive(Debug, Deserialize)]
pub struct MemberPath {
    cohort_id: String,
    worker_id: String,
}

/// What a member's page may be asked.
#[derive(Debug, Default, Deserialize)]
pub struct MemberQuery {
    saved: Option<String>,
}

/// `GET /academy/cohorts/{cohort_id}/members/{worker_id}`: a member's page, recorded
/// in the audit trail as a view of the person. Anyone outside the user's reach is
/// not found.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(path): Path<MemberPath>,
    Query(query): Query<MemberQuery>,
) -> Result<MemberPage, WebError> {
    let Loaded {
        workforce, academy, ..
    } = load(&state, &signed_in).await?;
    let today = today();
    let people = People::new(&workforce, &signed_in.user, today);
    let member = find_member(&people, &path.cohort_id, &path.worker_id)?;
    let shown = Shown {
        signed_in: &signed_in,
        people: &people,
        academy: &academy,
        member: &member,
        today,
    };
    let page = member_page(&shown, banner(query.saved.as_deref()), None);
    record_view(&state, &signed_in, &workforce, member.worker).await?;
    Ok(page)
}

/// Shows the page again with the failed form.
fn again(shown: &Shown<'_, '_>, failed: Failed) -> Response {
    member_page(shown, None, Some(failed)).into_response()
}

/// `POST .../checklist` (running the academy): ticks an item off on a day, as the
/// user, or unticks it.
pub async fn checklist(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(path): Path<MemberPath>,
    Form(form): Form<ChecklistForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let Loaded {
        council,
        workforce,
        academy,
    } = load(&state, &signed_in).await?;
    let today = today();
    let people = People::new(&workforce, &signed_in.user, today);
    let member = find_member(&people, &path.cohort_id, &path.worker_id)?;
    let shown = Shown {
        signed_in: &signed_in,
        people: &people,
        academy: &academy,
        member: &member,
        today,
    };
    let mut error = ChecklistErrors::default();
    let item = academy
        .checklist()
        .into_iter()
        .find(|item| item.id.as_str() == form.item.trim());
    let Some(item) = item else {
        error.item = Some("Select an item of the checklist".to_owned());
        return Ok(again(&shown, Failed::Checklist(form, error)));
    };
    let (change, description) = match form.action.as_str() {
        "untick" => (
            AcademyChange::RemoveTick {
                cohort_id: member.cohort.id.clone(),
                worker_id: member.worker.id.clone(),
                item_id: item.id.clone(),
            },
            format!("checklist: {} unticked for {}", item.id, member.described()),
        ),
        "tick" => {
            let done_on = match past_date(
                "Date done",
                [&form.done_day, &form.done_month, &form.done_year],
                true,
                today,
            ) {
                Ok(Some(day)) => day,
                // A required date is never read as none.
                Ok(None) => return Err(WebError::Internal("a required date was empty".into())),
                Err(message) => {
                    error.done_on = Some(message);
                    return Ok(again(&shown, Failed::Checklist(form, error)));
                }
            };
            (
                AcademyChange::PutTick(ChecklistTick {
                    cohort_id: member.cohort.id.clone(),
                    worker_id: member.worker.id.clone(),
                    item_id: item.id.clone(),
                    done_on,
                    done_by: signed_in.user.email.clone(),
                }),
                format!(
                    "checklist: {} ticked off on {done_on} for {}",
                    item.id,
                    member.described()
                ),
            )
        }
        _ => return Err(WebError::NotFound),
    };
    match save(
        &state,
        &signed_in,
        council,
        &description,
        None,
        vec![change],
    )
    .await
    {
        Ok(()) => Ok(saved(&member, "checklist")),
        Err(why) => {
            let (_, message) = refused(why)?;
            error.item = Some(message);
            Ok(again(&shown, Failed::Checklist(form, error)))
        }
    }
}

/// Reads the ASYE record form over the stored record.
fn read_record(
    form: &AsyeForm,
    stored: &AsyeRecord,
    outcome: Option<AsyeOutcome>,
    today: Date,
) -> Result<AsyeRecord, Box<AsyeErrors>> {
    let mut error = AsyeErrors::default();
    let date = |what: &str, parts: [&str; 3], required: bool, slot: &mut Option<String>| {
        let read = if required {
            date_input(what, parts[0], parts[1], parts[2]).and_then(|date| {
                date.ok_or_else(|| format!("Enter the {}", what.to_lowercase()))
                    .map(Some)
            })
        } else {
            past_date(what, parts, false, today)
        };
        read.map_err(|message| *slot = Some(message)).ok().flatten()
    };
    let starts_on = date(
        "ASYE start date",
        [&form.starts_day, &form.starts_month, &form.starts_year],
        true,
        &mut error.starts_on,
    );
    let qualified_on = date(
        "Date they qualified",
        [
            &form.qualified_day,
            &form.qualified_month,
            &form.qualified_year,
        ],
        false,
        &mut error.qualified_on,
    );
    let registered_on = date(
        "Date they registered",
        [
            &form.registered_day,
            &form.registered_month,
            &form.registered_year,
        ],
        false,
        &mut error.registered_on,
    );
    let agreement_on = date(
        "Date of the agreement",
        [
            &form.agreement_day,
            &form.agreement_month,
            &form.agreement_year,
        ],
        false,
        &mut error.agreement_on,
    );
    let registration_claimed_on = date(
        "Date the registration payment was claimed",
        [
            &form.registration_claimed_day,
            &form.registration_claimed_month,
            &form.registration_claimed_year,
        ],
        false,
        &mut error.registration_claimed_on,
    );
    let completion_claimed_on = date(
        "Date the completion payment was claimed",
        [
            &form.completion_claimed_day,
            &form.completion_claimed_month,
            &form.completion_claimed_year,
        ],
        false,
        &mut error.completion_claimed_on,
    );
    let assessor = line(&form.assessor, "Assessor", None, MAX_NAME)
        .map_err(|message| error.assessor = Some(message))
        .unwrap_or_default();
    if let (Some(qualified), Some(start)) = (qualified_on, starts_on)
        && qualified > start
    {
        error.qualified_on = Some("Date they qualified must be before the ASYE start date".into());
    }
    if registration_claimed_on.is_some() && registered_on.is_none() && error.registered_on.is_none()
    {
        error.registration_claimed_on = Some(
            "Enter the date they registered with Social Work England before the registration payment claim"
                .into(),
        );
    }
    if completion_claimed_on.is_some() && outcome != Some(AsyeOutcome::Pass) {
        error.completion_claimed_on =
            Some("The completion payment can be claimed only once the ASYE is passed".into());
    }
    let Some(starts_on) = starts_on else {
        return Err(Box::new(error));
    };
    if !error.summary().is_empty() {
        return Err(Box::new(error));
    }
    Ok(AsyeRecord {
        starts_on,
        qualified_on,
        registered_on,
        agreement_on,
        assessor,
        registration_claimed_on,
        completion_claimed_on,
        ..stored.clone()
    })
}

/// `POST .../asye` (running the academy): saves the ASYE record's dates, assessor and
/// grant claims; the moderation and outcome have their own form.
pub async fn record(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(path): Path<MemberPath>,
    Form(form): Form<AsyeForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let Loaded {
        council,
        workforce,
        academy,
    } = load(&state, &signed_in).await?;
    let today = today();
    let people = People::new(&workforce, &signed_in.user, today);
    let member = find_member(&people, &path.cohort_id, &path.worker_id)?;
    if !member.has_asye() {
        return Err(WebError::NotFound);
    }
    let shown = Shown {
        signed_in: &signed_in,
        people: &people,
        academy: &academy,
        member: &member,
        today,
    };
    let stored = academy.asye_record(member.member);
    let changed = match read_record(&form, &stored, member.member.asye_outcome(), today) {
        Ok(changed) => changed,
        Err(error) => return Ok(again(&shown, Failed::Record(Box::new(form), *error))),
    };
    let description = format!("ASYE record for {}", member.described());
    let change = AcademyChange::PutAsyeRecord(changed);
    match save(
        &state,
        &signed_in,
        council,
        &description,
        None,
        vec![change],
    )
    .await
    {
        Ok(()) => Ok(saved(&member, "asye")),
        Err(why) => {
            let (_, message) = refused(why)?;
            let error = AsyeErrors {
                starts_on: Some(message),
                ..AsyeErrors::default()
            };
            Ok(again(&shown, Failed::Record(Box::new(form), error)))
        }
    }
}

/// `POST .../reviews` (those who may record reviews): records (or corrects) a
/// review held.
pub async fn review(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(path): Path<MemberPath>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    if !signed_in.user.role.may_record_reviews() {
        return Err(WebError::Forbidden);
    }
    let Loaded {
        council,
        workforce,
        academy,
    } = load(&state, &signed_in).await?;
    let today = today();
    let people = People::new(&workforce, &signed_in.user, today);
    let member = find_member(&people, &path.cohort_id, &path.worker_id)?;
    if !member.has_asye() {
        return Err(WebError::NotFound);
    }
    let shown = Shown {
        signed_in: &signed_in,
        people: &people,
        academy: &academy,
        member: &member,
        today,
    };
    let mut error = ReviewErrors::default();
    let kind = ReviewKind::parse(&form.review_kind)
        .map_err(|_| error.kind = Some("Select which review was held".to_owned()))
        .ok();
    let held_on = past_date(
        "Date held",
        [&form.held_day, &form.held_month, &form.held_year],
        true,
        today,
    )
    .map_err(|message| error.held_on = Some(message))
    .ok()
    .flatten();
    let assessor = line(
        &form.review_assessor,
        "Assessor",
        Some("Enter who assessed the review"),
        MAX_NAME,
    )
    .map_err(|message| error.assessor = Some(message))
    .ok();
    let notes = notes(&form.review_notes)
        .map_err(|message| error.notes = Some(message))
        .ok();
    let (Some(kind), Some(held_on), Some(assessor), Some(notes)) = (kind, held_on, assessor, notes)
    else {
        return Ok(again(&shown, Failed::Review(form, error)));
    };
    let description = format!("{} for {}", sentence(review_name(kind)), member.described());
    let change = AcademyChange::PutReview(Review {
        cohort_id: member.cohort.id.clone(),
        worker_id: member.worker.id.clone(),
        kind,
        held_on,
        assessor,
        notes,
    });
    match save(
        &state,
        &signed_in,
        council,
        &description,
        None,
        vec![change],
    )
    .await
    {
        Ok(()) => Ok(saved(&member, "review")),
        Err(why) => {
            let (_, message) = refused(why)?;
            error.kind = Some(message);
            Ok(again(&shown, Failed::Review(form, error)))
        }
    }
}

/// Reads the hours of development time: a number of hours, with a decimal point.
pub fn read_hours(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| "Hours must be a number, like 3.5".to_owned())?;
    if !(value > 0.0 && value <= 24.0) {
        return Err("Hours must be more than 0 and at most 24".to_owned());
    }
    Ok(value)
}

/// `POST .../log` (those who may add to an ASYE log): adds an entry of a kind the
/// user's role may record; any other kind is refused.
pub async fn log(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(path): Path<MemberPath>,
    Form(form): Form<LogForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let role = signed_in.user.role;
    let kind = LogKind::parse(&form.log_kind).ok();
    if kind.is_some_and(|kind| !role.may_record(kind)) {
        return Err(WebError::Forbidden);
    }
    let Loaded {
        council,
        workforce,
        academy,
    } = load(&state, &signed_in).await?;
    let today = today();
    let people = People::new(&workforce, &signed_in.user, today);
    let member = find_member(&people, &path.cohort_id, &path.worker_id)?;
    if !member.has_asye() {
        return Err(WebError::NotFound);
    }
    let shown = Shown {
        signed_in: &signed_in,
        people: &people,
        academy: &academy,
        member: &member,
        today,
    };
    let mut error = LogErrors::default();
    if kind.is_none() {
        error.kind = Some("Select what to add to the log".to_owned());
    }
    let on = past_date(
        "Date",
        [&form.on_day, &form.on_month, &form.on_year],
        true,
        today,
    )
    .map_err(|message| error.on = Some(message))
    .ok()
    .flatten();
    let by = line(
        &form.log_by,
        "Who",
        Some("Enter who supervised, observed, gave feedback or wrote it"),
        MAX_NAME,
    )
    .map_err(|message| error.by = Some(message))
    .ok();
    let hours = match (kind, form.log_hours.trim().is_empty()) {
        (Some(LogKind::DevelopmentTime), true) => {
            error.hours = Some("Enter the hours of development time".to_owned());
            None
        }
        (Some(LogKind::DevelopmentTime), false) => read_hours(&form.log_hours)
            .map_err(|message| error.hours = Some(message))
            .ok(),
        (_, false) => {
            error.hours = Some("Enter hours only for protected development time".to_owned());
            None
        }
        (_, true) => None,
    };
    let notes = notes(&form.log_notes)
        .map_err(|message| error.notes = Some(message))
        .ok();
    let (Some(kind), Some(on), Some(by), Some(notes)) = (kind, on, by, notes) else {
        return Ok(again(&shown, Failed::Log(form, error)));
    };
    if error.hours.is_some() {
        return Ok(again(&shown, Failed::Log(form, error)));
    }
    let description = format!(
        "ASYE log: {} on {on} for {}",
        kind.label().to_lowercase(),
        member.described()
    );
    let change = AcademyChange::PutLogEntry(LogEntry {
        cohort_id: member.cohort.id.clone(),
        worker_id: member.worker.id.clone(),
        number: academy.next_log_number(&member.cohort.id, &member.worker.id),
        kind,
        on,
        by,
        hours,
        notes,
    });
    match save(
        &state,
        &signed_in,
        council,
        &description,
        None,
        vec![change],
    )
    .await
    {
        Ok(()) => Ok(saved(&member, "log")),
        Err(why) => {
            match refused(why)? {
                (Some(AcademyError::Hours | AcademyError::HoursOnlyForDevelopment), message) => {
                    error.hours = Some(message);
                }
                (_, message) => error.kind = Some(message),
            }
            Ok(again(&shown, Failed::Log(form, error)))
        }
    }
}

/// Reads the outcome form over the stored record: the record with the panel's
/// decision and the extended date, and the outcome.
fn read_outcome(
    form: &OutcomeForm,
    stored: &AsyeRecord,
    today: Date,
) -> Result<(AsyeRecord, AsyeOutcome), OutcomeErrors> {
    let mut error = OutcomeErrors::default();
    let moderation = if form.moderation.trim().is_empty() {
        None
    } else {
        ModerationDecision::parse(&form.moderation)
            .map_err(|_| {
                error.moderation = Some("Select the moderation panel's decision".to_owned());
            })
            .ok()
    };
    let moderated_on = past_date(
        "Date of the panel",
        [
            &form.moderated_day,
            &form.moderated_month,
            &form.moderated_year,
        ],
        false,
        today,
    )
    .map_err(|message| error.moderated_on = Some(message))
    .ok()
    .flatten();
    if moderation.is_some() && moderated_on.is_none() && error.moderated_on.is_none() {
        error.moderated_on = Some("Enter the date of the panel".to_owned());
    }
    if moderation.is_none() && moderated_on.is_some() && error.moderation.is_none() {
        error.moderation = Some("Select the panel's decision, as there is a panel date".to_owned());
    }
    let outcome = match AsyeOutcome::parse(&form.outcome) {
        Ok(outcome) if outcome != AsyeOutcome::NotApplicable => Some(outcome),
        _ => {
            error.outcome = Some("Select the outcome".to_owned());
            None
        }
    };
    let extended_to = date_input(
        "New final review date",
        &form.extended_day,
        &form.extended_month,
        &form.extended_year,
    )
    .map_err(|message| error.extended_to = Some(message))
    .ok()
    .flatten();
    if outcome == Some(AsyeOutcome::Extended)
        && extended_to.is_none()
        && error.extended_to.is_none()
    {
        error.extended_to = Some("Enter the new final review date, as the ASYE is extended".into());
    }
    if let Some(extended) = extended_to
        && extended <= stored.starts_on
    {
        error.extended_to = Some(format!(
            "New final review date must be after the ASYE started on {}",
            long_date(stored.starts_on)
        ));
    }
    match outcome {
        Some(outcome) if error.summary().is_empty() => Ok((
            AsyeRecord {
                moderation,
                moderated_on,
                extended_to,
                ..stored.clone()
            },
            outcome,
        )),
        _ => Err(error),
    }
}

/// `POST .../outcome` (running the academy): saves the moderation panel's decision,
/// the extended date and the member's ASYE outcome together.
pub async fn outcome(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(path): Path<MemberPath>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let Loaded {
        council,
        workforce,
        academy,
    } = load(&state, &signed_in).await?;
    let today = today();
    let people = People::new(&workforce, &signed_in.user, today);
    let member = find_member(&people, &path.cohort_id, &path.worker_id)?;
    if !member.has_asye() {
        return Err(WebError::NotFound);
    }
    let shown = Shown {
        signed_in: &signed_in,
        people: &people,
        academy: &academy,
        member: &member,
        today,
    };
    let stored = academy.asye_record(member.member);
    let (changed, outcome) = match read_outcome(&form, &stored, today) {
        Ok(read) => read,
        Err(error) => return Ok(again(&shown, Failed::Outcome(form, error))),
    };
    let Ok(membership) = AcademyMember::new(
        member.cohort.id.clone(),
        member.worker.id.clone(),
        member.member.joined_on(),
        member.member.completed_on(),
        Some(outcome),
    ) else {
        return Err(WebError::Internal(
            "a stored membership's dates no longer check".to_owned(),
        ));
    };
    let mut one_member = Workforce::new(council);
    one_member.academy_members.push(membership);
    let description = format!(
        "ASYE outcome {} for {}",
        outcome.as_str(),
        member.described()
    );
    let change = AcademyChange::PutAsyeRecord(changed);
    match save(
        &state,
        &signed_in,
        council,
        &description,
        Some(one_member),
        vec![change],
    )
    .await
    {
        Ok(()) => Ok(saved(&member, "outcome")),
        Err(why) => {
            let mut error = OutcomeErrors::default();
            match refused(why)? {
                (Some(AcademyError::ExtendedBeforeStart), message) => {
                    error.extended_to = Some(message);
                }
                (_, message) => error.outcome = Some(message),
            }
            Ok(again(&shown, Failed::Outcome(form, error)))
        }
    }
}

#[cfg(test)]
mod tests {
    use pathway_domain::ids::{CohortId, WorkerId};

    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn record() -> AsyeRecord {
        AsyeRecord::starting(
            CohortId::parse("C1").unwrap(),
            WorkerId::parse("W1").unwrap(),
            date("2024-09-02"),
        )
    }

    #[test]
    fn an_extended_outcome_needs_its_new_final_date_after_the_start() {
        let today = date("2025-10-01");
        let mut form = OutcomeForm {
            outcome: "extended".into(),
            ..OutcomeForm::default()
        };
        let error = read_outcome(&form, &record(), today).unwrap_err();
        assert!(error.extended_to.is_some());
        (form.extended_day, form.extended_month, form.extended_year) =
            ("1".into(), "9".into(), "2024".into());
        let error = read_outcome(&form, &record(), today).unwrap_err();
        assert!(
            error
                .extended_to
                .unwrap()
                .contains("after the ASYE started")
        );
        form.extended_year = "2025".into();
        let (changed, outcome) = read_outcome(&form, &record(), today).unwrap();
        assert_eq!(outcome, AsyeOutcome::Extended);
        assert_eq!(changed.extended_to, Some(date("2025-09-01")));
    }

    #[test]
    fn a_panel_decision_needs_its_date_and_a_date_needs_its_decision() {
        let today = date("2025-10-01");
        let form = OutcomeForm {
            moderation: "pass".into(),
            outcome: "pass".into(),
            ..OutcomeForm::default()
        };
        assert!(
            read_outcome(&form, &record(), today)
                .unwrap_err()
                .moderated_on
                .is_some()
        );
        let form = OutcomeForm {
            outcome: "pass".into(),
            moderated_day: "1".into(),
            moderated_month: "9".into(),
            moderated_year: "2025".into(),
            ..OutcomeForm::default()
        };
        assert!(
            read_outcome(&form, &record(), today)
                .unwrap_err()
                .moderation
                .is_some()
        );
    }

    #[test]
    fn the_completion_payment_waits_for_a_pass() {
        let today = date("2025-10-01");
        let mut form = AsyeForm::of(&record(), &worker());
        (
            form.completion_claimed_day,
            form.completion_claimed_month,
            form.completion_claimed_year,
        ) = ("1".into(), "9".into(), "2025".into());
        let error =
            read_record(&form, &record(), Some(AsyeOutcome::InProgress), today).unwrap_err();
        assert!(error.completion_claimed_on.is_some());
        let changed = read_record(&form, &record(), Some(AsyeOutcome::Pass), today).unwrap();
        assert_eq!(changed.completion_claimed_on, Some(date("2025-09-01")));
    }

    #[test]
    fn development_hours_are_a_positive_number_up_to_a_day() {
        assert_eq!(read_hours(" 3.5 "), Ok(3.5));
        assert!(read_hours("0").is_err());
        assert!(read_hours("25").is_err());
        assert!(read_hours("three").is_err());
    }

    fn worker() -> Worker {
        Worker {
            id: WorkerId::parse("W1").unwrap(),
            given_name: "Ada".into(),
            family_name: "Lovelace".into(),
            swe_number: None,
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: None,
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: Vec::new(),
        }
    }
}
