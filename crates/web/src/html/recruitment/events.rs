//! Recruitment events' pages: the list with each event's funnel, events held out of
//! working hours against those held in them, and the cost per hire; adding an event;
//! each event's page with its details, its attendees and its funnel (a table and a
//! bar chart), and the candidates traced from it.
//!
//! Everyone who sees recruitment sees the events and their counts; only those who run
//! recruitment see attendees' and candidates' names, change an event or its
//! attendees.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_recruitment;
use pathway_domain::Workforce;
use pathway_domain::ids::{CandidateId, EventId};
use pathway_domain::records::RecruitmentEvent;
use pathway_domain::recruitment::candidates::next_id;
use pathway_domain::recruitment::events::{EventFunnel, FunnelTotals, Hours, by_hours, funnel};
use pathway_domain::recruitment::{
    CandidateStage, EventAttendee, EventDetails, Recruitment, RecruitmentChange,
};
use serde::Deserialize;

use super::candidates::{boxes, candidate_name, email_looks_right};
use super::{
    HOME_HREF, Loaded, RecruitmentReach, SummaryError, candidate_href, candidate_stage_label,
    event_href, load, pounds, record_view, refusal, request,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{parse_time, percent, time_text};
use crate::html::people::{Choice, long_date};
use crate::html::person::home_href;
use crate::page::{Page, date_input};
use crate::session::{SignedIn, check_form_token};
use pathway_reports::charts::{self, Chart, Series, Unit};

/// Where an event's attendee form posts.
pub fn attendees_href(event: &EventId) -> String {
    format!("{}/attendees", event_href(event))
}

/// Where an attendee's "Remove" button posts.
pub fn remove_href(event: &EventId, number: u32) -> String {
    format!("{}/{number}/remove", attendees_href(event))
}

/// The event with this ID in the user's council; any other is not found.
fn find<'w>(workforce: &'w Workforce, id: &str) -> Result<&'w RecruitmentEvent, WebError> {
    let id = EventId::parse(id).map_err(|_| WebError::NotFound)?;
    workforce
        .recruitment_events
        .iter()
        .find(|event| event.id == id)
        .ok_or(WebError::NotFound)
}

/// An event's name as pages write it: its recorded name, or where it was held (the
/// bulk format's events have a place but no name).
pub fn event_name(event: &RecruitmentEvent, recruitment: &Recruitment) -> String {
    recruitment
        .event_details(&event.id)
        .map(|details| details.name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| event.location.clone())
}

/// A count as a table writes it; an unknown count is empty.
fn count_text(value: Option<u32>) -> String {
    value.map_or_else(String::new, |value| value.to_string())
}

/// A cost as a table writes it; `Not recorded` when unknown.
pub fn cost_text(pence: Option<u64>) -> String {
    pence.map_or_else(|| "Not recorded".to_owned(), pounds)
}

/// Whether an event was held out of working hours, as a table writes it.
fn hours_text(event: &RecruitmentEvent) -> &'static str {
    match Hours::of(event) {
        Hours::OutOfHours => "Out of hours",
        Hours::InHours => "In hours",
        Hours::NotRecorded => "Not recorded",
    }
}

/// Every event's funnel, newest event first.
fn funnels<'w>(
    workforce: &'w Workforce,
    recruitment: &Recruitment,
) -> Vec<(&'w RecruitmentEvent, EventFunnel)> {
    let mut events: Vec<&RecruitmentEvent> = workforce.recruitment_events.iter().collect();
    events.sort_by(|a, b| (b.held_on, &b.id).cmp(&(a.held_on, &a.id)));
    events
        .into_iter()
        .map(|event| (event, funnel(event, recruitment)))
        .collect()
}

// ---------------------------------------------------------------- the list

/// One event of the list.
#[derive(Debug)]
struct EventRow {
    href: String,
    id: String,
    date: String,
    name: String,
    place: String,
    hours: &'static str,
    attendees: String,
    applications: String,
    offers: String,
    hires: String,
    cost_per_hire: String,
}

/// One group of the out-of-hours comparison.
#[derive(Debug)]
struct HoursRow {
    label: &'static str,
    events: u64,
    attendees: u64,
    applications: u64,
    offers: u64,
    hires: u64,
    applications_per_attendee: String,
    hires_per_attendee: String,
    cost: String,
    cost_per_hire: String,
}

impl HoursRow {
    fn of(total: &FunnelTotals) -> Self {
        Self {
            label: total.hours.label(),
            events: total.events,
            attendees: total.attendees,
            applications: total.applications,
            offers: total.offers,
            hires: total.hires,
            applications_per_attendee: percent(total.applications_per_attendee, "–"),
            hires_per_attendee: percent(total.hires_per_attendee, "–"),
            cost: if total.cost_pence == 0 && total.costed_hires == 0 {
                "Not recorded".to_owned()
            } else {
                pounds(total.cost_pence)
            },
            cost_per_hire: total
                .cost_per_hire_pence
                .map_or_else(|| "–".to_owned(), pounds),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_events.html")]
/// The events' list.
pub struct EventsPage {
    page: Page,
    home_href: &'static str,
    rows: Vec<EventRow>,
    hours: Vec<HoursRow>,
    runs: bool,
}

/// `GET /recruitment/events`: every event with its funnel, newest first, and the
/// events held out of working hours against those held in them.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<EventsPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let all = funnels(&loaded.workforce, &loaded.recruitment);
    let rows = all
        .iter()
        .map(|(event, funnel)| EventRow {
            href: event_href(&event.id),
            id: event.id.to_string(),
            date: long_date(event.held_on),
            name: event_name(event, &loaded.recruitment),
            place: event.location.clone(),
            hours: hours_text(event),
            attendees: count_text(funnel.attendees.value),
            applications: count_text(funnel.applications.value),
            offers: count_text(funnel.offers.value),
            hires: count_text(funnel.hires.value),
            cost_per_hire: funnel
                .cost_per_hire_pence
                .map_or_else(|| "–".to_owned(), pounds),
        })
        .collect();
    let event_funnels: Vec<EventFunnel> = all.into_iter().map(|(_, funnel)| funnel).collect();
    let hours = by_hours(&loaded.workforce.recruitment_events, &event_funnels)
        .iter()
        .map(HoursRow::of)
        .collect();
    Ok(EventsPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        rows,
        hours,
        runs: RecruitmentReach::new(&signed_in).runs_recruitment,
    })
}

// ---------------------------------------------------------------- an event's details

/// The details form's fields, exactly as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    location: String,
    #[serde(default, rename = "held_on-day")]
    day: String,
    #[serde(default, rename = "held_on-month")]
    month: String,
    #[serde(default, rename = "held_on-year")]
    year: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default)]
    out_of_hours: String,
    #[serde(default)]
    cost: String,
    #[serde(default)]
    csrf_token: String,
}

impl DetailsForm {
    fn of(event: &RecruitmentEvent, details: Option<&EventDetails>) -> Self {
        let [day, month, year] = boxes(Some(event.held_on));
        Self {
            name: details.map(|d| d.name.clone()).unwrap_or_default(),
            location: event.location.clone(),
            day,
            month,
            year,
            starts_at: details
                .and_then(|d| d.starts_at)
                .map(time_text)
                .unwrap_or_default(),
            ends_at: details
                .and_then(|d| d.ends_at)
                .map(time_text)
                .unwrap_or_default(),
            out_of_hours: match event.out_of_hours {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            }
            .to_owned(),
            cost: details
                .and_then(|d| d.cost_pence)
                .map(cost_input)
                .unwrap_or_default(),
            csrf_token: String::new(),
        }
    }
}

/// An amount in pence as the cost box shows it: `450` or `1250.50`.
fn cost_input(pence: u64) -> String {
    if pence.is_multiple_of(100) {
        (pence / 100).to_string()
    } else {
        format!("{}.{:02}", pence / 100, pence % 100)
    }
}

/// Reads a cost typed in pounds (`450`, `£1,250.50`) as pence; `None` if it is not
/// one.
pub fn parse_pounds(text: &str) -> Option<u64> {
    let text: String = text
        .trim()
        .trim_start_matches('£')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (pounds, pence) = match text.split_once('.') {
        Some((pounds, pence)) if pence.len() == 2 => (pounds, pence.parse::<u64>().ok()?),
        Some(_) => return None,
        None => (text.as_str(), 0),
    };
    if pounds.is_empty() || !pounds.bytes().all(|b| b.is_ascii_digit()) || pounds.len() > 9 {
        return None;
    }
    Some(pounds.parse::<u64>().ok()? * 100 + pence)
}

/// What is wrong with each field of the details form.
#[derive(Debug, Default)]
pub struct DetailsErrors {
    name: Option<String>,
    location: Option<String>,
    held_on: Vec<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    out_of_hours: Option<String>,
    cost: Option<String>,
}

impl DetailsErrors {
    fn summary(&self) -> Vec<SummaryError> {
        let mut list = Vec::new();
        let mut add = |field: &str, message: &String| {
            list.push(SummaryError {
                field: field.to_owned(),
                message: message.clone(),
            })
        };
        for (field, error) in [("name", &self.name), ("location", &self.location)] {
            if let Some(message) = error {
                add(field, message);
            }
        }
        for message in &self.held_on {
            add("held_on-day", message);
        }
        for (field, error) in [
            ("starts_at", &self.starts_at),
            ("ends_at", &self.ends_at),
            ("out_of_hours", &self.out_of_hours),
            ("cost", &self.cost),
        ] {
            if let Some(message) = error {
                add(field, message);
            }
        }
        list
    }
}

/// Checks the details form: the event's record (keeping its imported counts) and
/// details, or what is wrong.
fn check_details(
    form: &DetailsForm,
    id: EventId,
    stored: Option<&RecruitmentEvent>,
) -> Result<(RecruitmentEvent, EventDetails), Box<DetailsErrors>> {
    let mut error = DetailsErrors::default();
    let name = form.name.trim();
    if name.chars().count() > 200 {
        error.name = Some("The event's name must be 200 characters or fewer".into());
    }
    let location = form.location.trim();
    if location.is_empty() {
        error.location = Some("Enter where the event is held".into());
    }
    let held_on = match date_input("The date of the event", &form.day, &form.month, &form.year) {
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            error.held_on.push("Enter the date of the event".into());
            None
        }
        Err(message) => {
            error.held_on.push(message);
            None
        }
    };
    let time = |text: &str, error: &mut Option<String>, what: &str| {
        if text.trim().is_empty() {
            return None;
        }
        let time = parse_time(text);
        if time.is_none() {
            *error = Some(format!(
                "Enter the time it {what} like 18:00, or leave it empty"
            ));
        }
        time
    };
    let starts_at = time(&form.starts_at, &mut error.starts_at, "starts");
    let ends_at = time(&form.ends_at, &mut error.ends_at, "ends");
    if let (Some(starts), Some(ends)) = (starts_at, ends_at)
        && ends <= starts
    {
        error.ends_at = Some("The event must end after it starts".into());
    }
    let out_of_hours = match form.out_of_hours.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        "" | "not_recorded" => None,
        _ => {
            error.out_of_hours = Some("Select whether the event is out of working hours".into());
            None
        }
    };
    let cost_pence = if form.cost.trim().is_empty() {
        None
    } else {
        let cost = parse_pounds(&form.cost);
        if cost.is_none() {
            error.cost = Some("Enter the cost in pounds, like 450 or 1,250.50".into());
        }
        cost
    };
    if !error.summary().is_empty() {
        return Err(Box::new(error));
    }
    let Some(held_on) = held_on else {
        return Err(Box::new(error));
    };
    let event = RecruitmentEvent {
        id: id.clone(),
        held_on,
        location: location.to_owned(),
        out_of_hours,
        attendees: stored.and_then(|e| e.attendees),
        applications: stored.and_then(|e| e.applications),
        offers: stored.and_then(|e| e.offers),
        hires: stored.and_then(|e| e.hires),
    };
    let details = EventDetails {
        event_id: id,
        name: name.to_owned(),
        starts_at,
        ends_at,
        cost_pence,
    };
    Ok((event, details))
}

/// The choices of the out-of-hours radios.
fn hours_choices(current: &str) -> Vec<Choice> {
    vec![
        Choice::new("yes", "Yes, out of working hours", current),
        Choice::new("no", "No, in working hours", current),
        Choice::new("not_recorded", "Not recorded", current),
    ]
}

/// Writes an event's record and details: the record goes with the change only when
/// it is new or changed, since it is the council's workforce record.
async fn save_details(
    state: &AppState,
    signed_in: &SignedIn,
    loaded: &Loaded,
    stored: Option<&RecruitmentEvent>,
    event: RecruitmentEvent,
    details: EventDetails,
) -> Result<Result<(), Vec<String>>, WebError> {
    let verb = if stored.is_some() { "changed" } else { "added" };
    let description = format!("{verb} recruitment event {}", event.id);
    let workforce_changes = (stored != Some(&event)).then(|| {
        let mut records = Workforce::new(loaded.council);
        records.recruitment_events.push(event);
        records
    });
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(signed_in, &description),
        workforce_changes,
        vec![RecruitmentChange::PutEventDetails(details)],
    )
    .await
    {
        Ok(_) => Ok(Ok(())),
        Err(error) => Ok(Err(refusal(error)?)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_event_form.html")]
/// The form that adds an event.
pub struct NewEventPage {
    page: Page,
    home_href: &'static str,
    errors: Vec<SummaryError>,
    error: DetailsErrors,
    form: DetailsForm,
    hours: Vec<Choice>,
}

fn new_event_page(
    signed_in: &SignedIn,
    form: DetailsForm,
    error: DetailsErrors,
    refused: Vec<String>,
) -> NewEventPage {
    let mut errors = error.summary();
    errors.extend(refused.into_iter().map(|message| SummaryError {
        field: "name".to_owned(),
        message,
    }));
    NewEventPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        errors,
        error,
        hours: hours_choices(&form.out_of_hours),
        form,
    }
}

/// `GET /recruitment/events/new`: the form for a new event.
pub async fn new_form(signed_in: SignedIn) -> NewEventPage {
    new_event_page(
        &signed_in,
        DetailsForm::default(),
        DetailsErrors::default(),
        Vec::new(),
    )
}

/// `POST /recruitment/events/new`: adds the event (as a record of the council's
/// workforce, with its details), then shows its page.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<DetailsForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let loaded = load(&state, &signed_in).await?;
    let id = EventId::parse(&next_id(
        loaded
            .workforce
            .recruitment_events
            .iter()
            .map(|e| e.id.as_str()),
        "RE",
    ))
    .expect("a made-up event ID is well formed");
    let (event, details) = match check_details(&form, id, None) {
        Ok(checked) => checked,
        Err(error) => {
            return Ok(new_event_page(&signed_in, form, *error, Vec::new()).into_response());
        }
    };
    let href = event_href(&event.id);
    match save_details(&state, &signed_in, &loaded, None, event, details).await? {
        Ok(()) => Ok(Redirect::to(&format!("{href}?saved=added")).into_response()),
        Err(refused) => {
            Ok(new_event_page(&signed_in, form, DetailsErrors::default(), refused).into_response())
        }
    }
}

// ---------------------------------------------------------------- an event's page

/// The attendee form's fields, exactly as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AttendeeForm {
    #[serde(default)]
    attendee_name: String,
    #[serde(default)]
    attendee_email: String,
    #[serde(default)]
    interested_in: String,
    #[serde(default)]
    candidate: String,
    #[serde(default)]
    csrf_token: String,
}

/// What is wrong with the attendee form.
#[derive(Debug, Default)]
pub struct AttendeeErrors {
    attendee_name: Option<String>,
    attendee_email: Option<String>,
    interested_in: Option<String>,
    candidate: Option<String>,
}

impl AttendeeErrors {
    fn summary(&self) -> Vec<SummaryError> {
        [
            ("attendee_name", &self.attendee_name),
            ("attendee_email", &self.attendee_email),
            ("interested_in", &self.interested_in),
            ("candidate", &self.candidate),
        ]
        .into_iter()
        .filter_map(|(field, error)| {
            error.as_ref().map(|message| SummaryError {
                field: field.to_owned(),
                message: message.clone(),
            })
        })
        .collect()
    }
}

/// One line of a summary list.
#[derive(Debug)]
struct Detail {
    key: &'static str,
    value: String,
}

/// One step of the funnel.
#[derive(Debug)]
struct FunnelRow {
    stage: &'static str,
    count: String,
    counted_from: &'static str,
    rate: String,
}

/// One attendee, for those who see names.
#[derive(Debug)]
struct AttendeeRow {
    number: u32,
    name: String,
    email: String,
    interested_in: String,
    candidate: Option<(String, String)>,
    remove_href: String,
}

/// A candidate traced from the event, for those who see names.
#[derive(Debug)]
struct TracedRow {
    href: String,
    name: String,
    stage: &'static str,
}

/// How many traced candidates are at a stage, for those who see counts only.
#[derive(Debug)]
struct StageCount {
    stage: &'static str,
    count: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_event.html")]
/// An event's page.
pub struct EventPage {
    page: Page,
    home_href: &'static str,
    id: String,
    name: String,
    action: String,
    details: Vec<Detail>,
    funnel: Vec<FunnelRow>,
    chart: String,
    funnel_summary: String,
    runs: bool,
    attendee_count: usize,
    attendees: Vec<AttendeeRow>,
    attendees_href: String,
    traced: Vec<TracedRow>,
    traced_counts: Vec<StageCount>,
    traced_total: usize,
    candidates: Vec<Choice>,
    errors: Vec<SummaryError>,
    details_error: DetailsErrors,
    details_form: DetailsForm,
    hours: Vec<Choice>,
    attendee_error: AttendeeErrors,
    attendee_form: AttendeeForm,
    saved: Option<&'static str>,
}

/// What the event page's forms hold: as typed, with errors, or fresh.
#[derive(Debug, Default)]
struct Forms {
    details: Option<(DetailsForm, DetailsErrors)>,
    attendee: Option<(AttendeeForm, AttendeeErrors)>,
    refused: Vec<String>,
}

/// The funnel as a bar chart, with its description in words.
fn funnel_chart(event_name: &str, funnel: &EventFunnel) -> (String, String) {
    let counts = [
        funnel.attendees.value,
        funnel.applications.value,
        funnel.offers.value,
        funnel.hires.value,
    ];
    let said = |value: Option<u32>| {
        value.map_or_else(|| "an unknown number".to_owned(), |v| v.to_string())
    };
    let summary = format!(
        "{} people came; {} applied, {} were offered a job and {} were hired.",
        said(counts[0]),
        said(counts[1]),
        said(counts[2]),
        said(counts[3])
    );
    let chart = Chart {
        id: "event-funnel".to_owned(),
        title: format!("The funnel of {event_name}"),
        description: summary.clone(),
        categories: ["Attendees", "Applications", "Offers", "Hires"]
            .into_iter()
            .map(str::to_owned)
            .collect(),
        series: vec![Series::new(
            "People",
            counts.iter().map(|v| v.map(f64::from)).collect(),
        )],
        unit: Unit::Number,
        axis_label: "People".to_owned(),
    };
    (charts::bar_chart(&chart), summary)
}

fn event_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    event: &RecruitmentEvent,
    forms: Forms,
    saved: Option<&'static str>,
) -> EventPage {
    let recruitment = &loaded.recruitment;
    let runs = RecruitmentReach::new(signed_in).runs_recruitment;
    let details = recruitment.event_details(&event.id);
    let name = event_name(event, recruitment);
    let time = match details.map(|d| (d.starts_at, d.ends_at)) {
        Some((Some(starts), Some(ends))) => format!("{} to {}", time_text(starts), time_text(ends)),
        Some((Some(starts), None)) => format!("From {}", time_text(starts)),
        Some((None, Some(ends))) => format!("Until {}", time_text(ends)),
        _ => "Not recorded".to_owned(),
    };
    let funnel = funnel(event, recruitment);
    let summary_details = vec![
        Detail {
            key: "Event ID",
            value: event.id.to_string(),
        },
        Detail {
            key: "Date",
            value: long_date(event.held_on),
        },
        Detail {
            key: "Time",
            value: time,
        },
        Detail {
            key: "Place",
            value: event.location.clone(),
        },
        Detail {
            key: "Out of working hours",
            value: match event.out_of_hours {
                Some(true) => "Yes",
                Some(false) => "No",
                None => "Not recorded",
            }
            .to_owned(),
        },
        Detail {
            key: "Cost",
            value: cost_text(funnel.cost_pence),
        },
        Detail {
            key: "Cost per hire",
            value: funnel.cost_per_hire_pence.map_or_else(
                || "No hire to divide by, or no cost recorded".to_owned(),
                pounds,
            ),
        },
    ];
    let from = |traced: bool, recorded: &'static str| {
        if traced { recorded } else { "Imported count" }
    };
    let funnel_rows = vec![
        FunnelRow {
            stage: "Attendees",
            count: count_text(funnel.attendees.value),
            counted_from: from(funnel.attendees.traced, "Attendees recorded in Pathway"),
            rate: String::new(),
        },
        FunnelRow {
            stage: "Applications",
            count: count_text(funnel.applications.value),
            counted_from: from(funnel.applications.traced, "Candidates from the event"),
            rate: format!(
                "{} of attendees",
                percent(funnel.applications_per_attendee, "–")
            ),
        },
        FunnelRow {
            stage: "Offers",
            count: count_text(funnel.offers.value),
            counted_from: from(funnel.offers.traced, "Candidates ever offered the job"),
            rate: format!(
                "{} of applications",
                percent(funnel.offers_per_application, "–")
            ),
        },
        FunnelRow {
            stage: "Hires",
            count: count_text(funnel.hires.value),
            counted_from: from(funnel.hires.traced, "Candidates who started"),
            rate: format!("{} of offers", percent(funnel.hires_per_offer, "–")),
        },
    ];
    let (chart, funnel_summary) = funnel_chart(&name, &funnel);
    let recorded = recruitment.attendees_of(&event.id);
    let mut traced_candidates: Vec<_> = recruitment
        .candidates
        .iter()
        .filter(|c| c.event_id.as_ref() == Some(&event.id))
        .collect();
    traced_candidates.sort_by(|a, b| (a.applied_on, &a.id).cmp(&(b.applied_on, &b.id)));
    let traced_total = traced_candidates.len();
    let (attendees, traced, candidates) = if runs {
        let attendees = recorded
            .iter()
            .map(|attendee| AttendeeRow {
                number: attendee.number,
                name: if attendee.name.is_empty() && attendee.email.is_empty() {
                    "Anonymised".to_owned()
                } else {
                    attendee.name.clone()
                },
                email: attendee.email.clone(),
                interested_in: attendee.interested_in.clone(),
                candidate: attendee.candidate_id.as_ref().and_then(|id| {
                    recruitment
                        .candidate(id)
                        .map(|c| (candidate_href(id), candidate_name(c)))
                }),
                remove_href: remove_href(&event.id, attendee.number),
            })
            .collect();
        let traced = traced_candidates
            .iter()
            .map(|c| TracedRow {
                href: candidate_href(&c.id),
                name: candidate_name(c),
                stage: candidate_stage_label(c.stage),
            })
            .collect();
        (attendees, traced, Vec::new())
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let traced_counts = CandidateStage::ALL
        .iter()
        .map(|stage| StageCount {
            stage: candidate_stage_label(*stage),
            count: traced_candidates
                .iter()
                .filter(|c| c.stage == *stage)
                .count(),
        })
        .filter(|count| count.count > 0)
        .collect();
    let (attendee_form, attendee_error) = forms.attendee.unwrap_or_default();
    let mut candidate_choices: Vec<Choice> = candidates;
    if runs {
        candidate_choices.push(Choice::new("", "Has not applied", &attendee_form.candidate));
        candidate_choices.extend(
            traced_candidates
                .iter()
                .filter(|c| c.anonymised_on.is_none())
                .map(|c| {
                    Choice::new(
                        c.id.as_str(),
                        format!("{} ({})", candidate_name(c), c.id),
                        &attendee_form.candidate,
                    )
                }),
        );
    }
    let (details_form, details_error) = forms
        .details
        .unwrap_or_else(|| (DetailsForm::of(event, details), DetailsErrors::default()));
    let mut errors = details_error.summary();
    errors.extend(attendee_error.summary());
    errors.extend(forms.refused.into_iter().map(|message| SummaryError {
        field: "attendee_name".to_owned(),
        message,
    }));
    EventPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        id: event.id.to_string(),
        name,
        action: event_href(&event.id),
        details: summary_details,
        funnel: funnel_rows,
        chart,
        funnel_summary,
        runs,
        attendee_count: recorded.len(),
        attendees,
        attendees_href: attendees_href(&event.id),
        traced,
        traced_counts,
        traced_total,
        candidates: candidate_choices,
        errors,
        hours: hours_choices(&details_form.out_of_hours),
        details_error,
        details_form,
        attendee_error,
        attendee_form,
        saved,
    }
}

/// What an event's page may say after a change.
#[derive(Debug, Default, Deserialize)]
pub struct EventQuery {
    saved: Option<String>,
}

/// `GET /recruitment/events/{event_id}`: the event's details, funnel and attendees
/// (names only for those who run recruitment; their view is recorded in the audit
/// trail).
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(event_id): Path<String>,
    Query(query): Query<EventQuery>,
) -> Result<EventPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let event = find(&loaded.workforce, &event_id)?;
    if RecruitmentReach::new(&signed_in).sees_personal_data {
        record_view(
            &state,
            &signed_in,
            loaded.council,
            "view recruitment event",
            format!("event {} with its attendees and candidates", event.id),
        )
        .await?;
    }
    let saved = match query.saved.as_deref() {
        Some("added") => Some("Event added"),
        Some("details") => Some("Details saved"),
        Some("attendee") => Some("Attendee added"),
        Some("removed") => Some("Attendee removed"),
        _ => None,
    };
    Ok(event_page(
        &signed_in,
        &loaded,
        event,
        Forms::default(),
        saved,
    ))
}

/// `POST /recruitment/events/{event_id}`: saves the event's details.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(event_id): Path<String>,
    Form(form): Form<DetailsForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let loaded = load(&state, &signed_in).await?;
    let stored = find(&loaded.workforce, &event_id)?;
    let (event, details) = match check_details(&form, stored.id.clone(), Some(stored)) {
        Ok(checked) => checked,
        Err(error) => {
            let forms = Forms {
                details: Some((form, *error)),
                ..Forms::default()
            };
            return Ok(event_page(&signed_in, &loaded, stored, forms, None).into_response());
        }
    };
    let href = event_href(&stored.id);
    match save_details(&state, &signed_in, &loaded, Some(stored), event, details).await? {
        Ok(()) => Ok(Redirect::to(&format!("{href}?saved=details")).into_response()),
        Err(refused) => {
            let error = DetailsErrors {
                name: Some(refused.join(" ")),
                ..DetailsErrors::default()
            };
            let forms = Forms {
                details: Some((form, error)),
                ..Forms::default()
            };
            Ok(event_page(&signed_in, &loaded, stored, forms, None).into_response())
        }
    }
}

/// `POST /recruitment/events/{event_id}/attendees`: adds an attendee to the event's
/// list.
pub async fn add_attendee(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(event_id): Path<String>,
    Form(form): Form<AttendeeForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let loaded = load(&state, &signed_in).await?;
    let event = find(&loaded.workforce, &event_id)?;
    let mut error = AttendeeErrors::default();
    let name = form.attendee_name.trim();
    if name.is_empty() {
        error.attendee_name = Some("Enter the attendee's name".into());
    } else if name.chars().count() > 200 {
        error.attendee_name = Some("The attendee's name must be 200 characters or fewer".into());
    }
    let email = form.attendee_email.trim();
    if !email.is_empty() && !email_looks_right(email) {
        error.attendee_email =
            Some("Enter an email address in the correct format, like name@example.com".into());
    }
    if form.interested_in.trim().chars().count() > 500 {
        error.interested_in =
            Some("What they are interested in must be 500 characters or fewer".into());
    }
    let candidate = if form.candidate.trim().is_empty() {
        None
    } else {
        let found = CandidateId::parse(&form.candidate).ok().filter(|id| {
            loaded
                .recruitment
                .candidate(id)
                .is_some_and(|c| c.event_id.as_ref() == Some(&event.id))
        });
        if found.is_none() {
            error.candidate = Some("Select a candidate from the list".into());
        }
        found
    };
    if !error.summary().is_empty() {
        let forms = Forms {
            attendee: Some((form, error)),
            ..Forms::default()
        };
        return Ok(event_page(&signed_in, &loaded, event, forms, None).into_response());
    }
    let number = loaded
        .recruitment
        .attendees_of(&event.id)
        .iter()
        .map(|a| a.number)
        .max()
        .unwrap_or(0)
        + 1;
    let attendee = EventAttendee {
        event_id: event.id.clone(),
        number,
        name: name.to_owned(),
        email: email.to_owned(),
        interested_in: form.interested_in.trim().to_owned(),
        candidate_id: candidate,
    };
    let description = format!("added attendee {number} to recruitment event {}", event.id);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutAttendee(attendee)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?saved=attendee#attendees",
            event_href(&event.id)
        ))
        .into_response()),
        Err(refused) => {
            let forms = Forms {
                attendee: Some((form, AttendeeErrors::default())),
                refused: refusal(refused)?,
                ..Forms::default()
            };
            Ok(event_page(&signed_in, &loaded, event, forms, None).into_response())
        }
    }
}

/// The remove button's form: only its token.
#[derive(Debug, Default, Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /recruitment/events/{event_id}/attendees/{number}/remove`: removes an
/// attendee from the event's list.
pub async fn remove_attendee(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((event_id, number)): Path<(String, String)>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let loaded = load(&state, &signed_in).await?;
    let event = find(&loaded.workforce, &event_id)?;
    let number: u32 = number.parse().map_err(|_| WebError::NotFound)?;
    if !loaded
        .recruitment
        .attendees_of(&event.id)
        .iter()
        .any(|a| a.number == number)
    {
        return Err(WebError::NotFound);
    }
    let description = format!(
        "removed attendee {number} from recruitment event {}",
        event.id
    );
    change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::RemoveAttendee {
            event_id: event.id.clone(),
            number,
        }],
    )
    .await
    .map_err(|error| match refusal(error) {
        Ok(messages) => WebError::Internal(messages.join(" ")),
        Err(error) => error,
    })?;
    Ok(Redirect::to(&format!(
        "{}?saved=removed#attendees",
        event_href(&event.id)
    ))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_are_read_in_pounds_as_people_type_them() {
        assert_eq!(parse_pounds("450"), Some(45_000));
        assert_eq!(parse_pounds("£1,250.50"), Some(125_050));
        assert_eq!(parse_pounds(" 0.99 "), Some(99));
        assert_eq!(parse_pounds("12.5"), None);
        assert_eq!(parse_pounds("-3"), None);
        assert_eq!(parse_pounds("lots"), None);
        assert_eq!(cost_input(125_050), "1250.50");
        assert_eq!(cost_input(45_000), "450");
    }
}
