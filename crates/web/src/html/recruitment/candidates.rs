//! Candidates' pages, for those who run recruitment (they hold personal data): the
//! list with its filters, adding and changing a candidate, each candidate's page with
//! their stage history and the "Move to" form (moving to `started` makes them a
//! worker of the council in the same change), and anonymising unsuccessful
//! candidates once the retention period has passed.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use pathway_app::change_recruitment;
use pathway_domain::Workforce;
use pathway_domain::codes::Role;
use pathway_domain::ids::{CandidateId, EventId, PlacementId, TeamId, VacancyId, WorkerId};
use pathway_domain::recruitment::candidates::{
    ANONYMISED, MoveError, StageMove, anonymisation, move_to, next_id,
};
use pathway_domain::recruitment::{
    Candidate, CandidateSource, CandidateStage, CandidateStageChange, Recruitment,
    RecruitmentChange,
};
use pathway_domain::values::{Date, Fte, SweNumber};
use serde::Deserialize;

use super::{
    CANDIDATES_HREF, HOME_HREF, Loaded, RecruitmentReach, SummaryError, candidate_href,
    candidate_stage_label, event_href, load, placement_href, record_view, refusal, request,
    sentence, source_label, team_choices, team_name, today, vacancy_href,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, long_date, person_href, role_label};
use crate::html::person::home_href;
use crate::page::{Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// Where a new candidate is added.
pub const NEW_HREF: &str = "/recruitment/candidates/new";

/// A candidate's name as pages write it: `Anonymised` once their data are gone.
pub fn candidate_name(candidate: &Candidate) -> String {
    if candidate.anonymised_on.is_some() {
        return ANONYMISED.to_owned();
    }
    format!("{} {}", candidate.given_name, candidate.family_name)
        .trim()
        .to_owned()
}

/// The link to the form that changes a candidate.
pub fn edit_href(candidate: &CandidateId) -> String {
    format!("{}/edit", candidate_href(candidate))
}

/// Where a candidate's "Move to" form posts.
pub fn stage_href(candidate: &CandidateId) -> String {
    format!("{}/stage", candidate_href(candidate))
}

/// The candidate with this ID in the user's council; any other is not found.
fn find<'r>(recruitment: &'r Recruitment, id: &str) -> Result<&'r Candidate, WebError> {
    let id = CandidateId::parse(id).map_err(|_| WebError::NotFound)?;
    recruitment.candidate(&id).ok_or(WebError::NotFound)
}

/// A vacancy as a select or a list names it: its ID, role and team.
fn vacancy_label(workforce: &Workforce, id: &VacancyId) -> String {
    match workforce.vacancies.iter().find(|v| &v.id == id) {
        Some(vacancy) => format!(
            "{} – {}, {}",
            vacancy.id,
            role_label(vacancy.role),
            team_name(workforce, vacancy.team_id.as_ref())
        ),
        None => id.to_string(),
    }
}

/// An event as a select or a list names it: its day and place.
pub fn event_label(workforce: &Workforce, recruitment: &Recruitment, id: &EventId) -> String {
    let name = recruitment
        .event_details(id)
        .map(|details| details.name.trim())
        .filter(|name| !name.is_empty());
    match workforce.recruitment_events.iter().find(|e| &e.id == id) {
        Some(event) => match name {
            Some(name) => format!("{name}, {}", long_date(event.held_on)),
            None => format!("{}, {}", event.location, long_date(event.held_on)),
        },
        None => id.to_string(),
    }
}

/// A placement as a select or a list names it: the student and their university.
fn placement_label(workforce: &Workforce, id: &PlacementId) -> String {
    match workforce.placements.iter().find(|p| &p.id == id) {
        Some(placement) => format!(
            "{}, {} ({})",
            placement.student_name,
            placement.university,
            placement.span.start().year()
        ),
        None => id.to_string(),
    }
}

// ---------------------------------------------------------------- the list

/// What the list may be filtered by, and the message after a change.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    vacancy: String,
    anonymised: Option<u32>,
}

/// One row of the list.
#[derive(Debug)]
struct CandidateRow {
    href: String,
    name: String,
    anonymised: bool,
    source: &'static str,
    stage: &'static str,
    vacancy: String,
    applied_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_candidates.html")]
/// The candidates' list.
pub struct CandidatesPage {
    page: Page,
    home_href: &'static str,
    rows: Vec<CandidateRow>,
    total: usize,
    filtered: bool,
    stages: Vec<Choice>,
    sources: Vec<Choice>,
    vacancies: Vec<Choice>,
    due: usize,
    anonymised: Option<u32>,
}

/// `GET /recruitment/candidates`: every candidate, newest application first,
/// filtered by stage, source and vacancy; recorded in the audit trail, since it shows
/// their names.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<ListQuery>,
) -> Result<CandidatesPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let stage = CandidateStage::parse(&query.stage).ok();
    let source = CandidateSource::parse(&query.source).ok();
    let vacancy = VacancyId::parse(&query.vacancy).ok();
    let mut candidates: Vec<&Candidate> = loaded
        .recruitment
        .candidates
        .iter()
        .filter(|c| stage.is_none_or(|stage| c.stage == stage))
        .filter(|c| source.is_none_or(|source| c.source == source))
        .filter(|c| vacancy.is_none() || c.vacancy_id == vacancy)
        .collect();
    candidates.sort_by(|a, b| (b.applied_on, &b.id).cmp(&(a.applied_on, &a.id)));
    let rows: Vec<CandidateRow> = candidates
        .iter()
        .map(|candidate| CandidateRow {
            href: candidate_href(&candidate.id),
            name: candidate_name(candidate),
            anonymised: candidate.anonymised_on.is_some(),
            source: source_label(candidate.source),
            stage: candidate_stage_label(candidate.stage),
            vacancy: candidate
                .vacancy_id
                .as_ref()
                .map_or_else(String::new, |id| id.to_string()),
            applied_on: long_date(candidate.applied_on),
        })
        .collect();
    let mut stages = vec![Choice::new("", "Any stage", &query.stage)];
    stages.extend(
        CandidateStage::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), candidate_stage_label(*s), &query.stage)),
    );
    let mut sources = vec![Choice::new("", "Any source", &query.source)];
    sources.extend(
        CandidateSource::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), source_label(*s), &query.source)),
    );
    let mut vacancies = vec![Choice::new("", "Any vacancy", &query.vacancy)];
    let mut with_candidates: Vec<&VacancyId> = loaded
        .recruitment
        .candidates
        .iter()
        .filter_map(|c| c.vacancy_id.as_ref())
        .collect();
    with_candidates.sort();
    with_candidates.dedup();
    vacancies.extend(with_candidates.into_iter().map(|id| {
        Choice::new(
            id.as_str(),
            vacancy_label(&loaded.workforce, id),
            &query.vacancy,
        )
    }));
    let due = anonymisation(
        &loaded.recruitment,
        &loaded.workforce.recruitment_events,
        today(),
    )
    .candidates
    .len();
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view candidates",
        format!("listed {} candidates", rows.len()),
    )
    .await?;
    Ok(CandidatesPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        total: loaded.recruitment.candidates.len(),
        filtered: stage.is_some() || source.is_some() || vacancy.is_some(),
        rows,
        stages,
        sources,
        vacancies,
        due,
        anonymised: query.anonymised,
    })
}

// ---------------------------------------------------------------- adding and changing

/// The candidate form's fields, exactly as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CandidateForm {
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    vacancy: String,
    #[serde(default)]
    event: String,
    #[serde(default)]
    placement: String,
    #[serde(default, rename = "applied_on-day")]
    applied_day: String,
    #[serde(default, rename = "applied_on-month")]
    applied_month: String,
    #[serde(default, rename = "applied_on-year")]
    applied_year: String,
    #[serde(default)]
    stage: String,
    #[serde(default)]
    swe_number: String,
    #[serde(default, rename = "start_date-day")]
    start_day: String,
    #[serde(default, rename = "start_date-month")]
    start_month: String,
    #[serde(default, rename = "start_date-year")]
    start_year: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    fte: String,
    #[serde(default)]
    csrf_token: String,
}

/// A date's three boxes as text: empty when there is no date.
pub fn boxes(date: Option<Date>) -> [String; 3] {
    date.map_or_else(Default::default, |date| {
        [
            date.day().to_string(),
            date.month().to_string(),
            date.year().to_string(),
        ]
    })
}

impl CandidateForm {
    /// The form filled in with a stored candidate.
    fn of(candidate: &Candidate) -> Self {
        let [applied_day, applied_month, applied_year] = boxes(Some(candidate.applied_on));
        let [start_day, start_month, start_year] = boxes(candidate.start_date);
        let text = |id: Option<&str>| id.unwrap_or_default().to_owned();
        Self {
            given_name: candidate.given_name.clone(),
            family_name: candidate.family_name.clone(),
            email: candidate.email.clone(),
            phone: candidate.phone.clone(),
            source: candidate.source.as_str().to_owned(),
            vacancy: text(candidate.vacancy_id.as_ref().map(VacancyId::as_str)),
            event: text(candidate.event_id.as_ref().map(EventId::as_str)),
            placement: text(candidate.placement_id.as_ref().map(PlacementId::as_str)),
            applied_day,
            applied_month,
            applied_year,
            stage: candidate.stage.as_str().to_owned(),
            swe_number: text(candidate.swe_number.as_ref().map(SweNumber::as_str)),
            start_day,
            start_month,
            start_year,
            role: text(candidate.role.map(Role::as_str)),
            team: text(candidate.team_id.as_ref().map(TeamId::as_str)),
            fte: candidate.fte.map(|f| f.to_string()).unwrap_or_default(),
            csrf_token: String::new(),
        }
    }

    /// A new candidate's form: applied today.
    fn new_candidate() -> Self {
        let [applied_day, applied_month, applied_year] = boxes(Some(today()));
        Self {
            applied_day,
            applied_month,
            applied_year,
            stage: CandidateStage::Applied.as_str().to_owned(),
            ..Self::default()
        }
    }
}

/// What is wrong with each field of the candidate form.
#[derive(Debug, Default)]
pub struct CandidateErrors {
    given_name: Option<String>,
    family_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    source: Option<String>,
    vacancy: Option<String>,
    event: Option<String>,
    placement: Option<String>,
    applied_on: Vec<String>,
    stage: Option<String>,
    swe_number: Option<String>,
    start_date: Vec<String>,
    role: Option<String>,
    team: Option<String>,
    fte: Option<String>,
}

impl CandidateErrors {
    /// The error summary, in the order of the form.
    fn summary(&self) -> Vec<SummaryError> {
        let mut list = Vec::new();
        let mut add = |field: &str, message: &str| {
            list.push(SummaryError {
                field: field.to_owned(),
                message: message.to_owned(),
            });
        };
        for (field, error) in [
            ("given_name", &self.given_name),
            ("family_name", &self.family_name),
            ("email", &self.email),
            ("phone", &self.phone),
            ("source", &self.source),
            ("vacancy", &self.vacancy),
            ("event", &self.event),
            ("placement", &self.placement),
        ] {
            if let Some(message) = error {
                add(field, message);
            }
        }
        for message in &self.applied_on {
            add("applied_on-day", message);
        }
        for (field, error) in [("stage", &self.stage), ("swe_number", &self.swe_number)] {
            if let Some(message) = error {
                add(field, message);
            }
        }
        for message in &self.start_date {
            add("start_date-day", message);
        }
        for (field, error) in [
            ("role", &self.role),
            ("team", &self.team),
            ("fte", &self.fte),
        ] {
            if let Some(message) = error {
                add(field, message);
            }
        }
        list
    }

    fn is_empty(&self) -> bool {
        self.summary().is_empty()
    }
}

/// Whether a text looks like an email address: something, `@`, a domain with a dot,
/// no spaces.
pub fn email_looks_right(text: &str) -> bool {
    let Some((name, domain)) = text.split_once('@') else {
        return false;
    };
    !name.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
}

/// Whether a text looks like a telephone number: digits, spaces, `+`, brackets and
/// dashes, with at least 7 digits.
fn phone_looks_right(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'))
        && text.chars().filter(char::is_ascii_digit).count() >= 7
}

/// Reads an optional select's value: `None` for empty, or the record it names.
fn chosen<T>(
    text: &str,
    find: impl FnOnce(&str) -> Option<T>,
    error: &mut Option<String>,
    message: &str,
) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let found = find(text);
    if found.is_none() {
        *error = Some(message.to_owned());
    }
    found
}

/// Checks the form against the council's records: the candidate it describes (with
/// `stored`'s stage, worker and history kept when changing one), or what is wrong.
fn check(
    form: &CandidateForm,
    loaded: &Loaded,
    reach: &RecruitmentReach,
    stored: Option<&Candidate>,
) -> Result<Candidate, Box<CandidateErrors>> {
    let workforce = &loaded.workforce;
    let mut error = CandidateErrors::default();
    let given = form.given_name.trim();
    let family = form.family_name.trim();
    if given.is_empty() {
        error.given_name = Some("Enter the candidate's given name".into());
    }
    if family.is_empty() {
        error.family_name = Some("Enter the candidate's family name".into());
    }
    let email = form.email.trim();
    if !email.is_empty() && !email_looks_right(email) {
        error.email =
            Some("Enter an email address in the correct format, like name@example.com".into());
    }
    let phone = form.phone.trim();
    if !phone.is_empty() && !phone_looks_right(phone) {
        error.phone =
            Some("Enter a telephone number, like 01632 960 001 or +44 7700 900 982".into());
    }
    let source = CandidateSource::parse(&form.source).ok();
    if source.is_none() {
        error.source = Some("Select where the candidate came from".into());
    }
    let vacancy = chosen(
        &form.vacancy,
        |text| {
            workforce
                .vacancies
                .iter()
                .find(|v| v.id.as_str() == text)
                .map(|v| v.id.clone())
        },
        &mut error.vacancy,
        "Select a vacancy from the list",
    );
    let event = chosen(
        &form.event,
        |text| {
            workforce
                .recruitment_events
                .iter()
                .find(|e| e.id.as_str() == text)
                .map(|e| e.id.clone())
        },
        &mut error.event,
        "Select a recruitment event from the list",
    );
    let placement = chosen(
        &form.placement,
        |text| {
            workforce
                .placements
                .iter()
                .find(|p| p.id.as_str() == text)
                .map(|p| p.id.clone())
        },
        &mut error.placement,
        "Select a placement from the list",
    );
    if source == Some(CandidateSource::RecruitmentEvent) && event.is_none() && error.event.is_none()
    {
        error.event = Some("Select the recruitment event the candidate came from".into());
    }
    if source == Some(CandidateSource::UniversityPlacement)
        && placement.is_none()
        && error.placement.is_none()
    {
        error.placement = Some("Select the placement the candidate was a student on".into());
    }
    let applied_on = match date_input(
        "The date they applied",
        &form.applied_day,
        &form.applied_month,
        &form.applied_year,
    ) {
        Ok(Some(date)) if date > today() => {
            error
                .applied_on
                .push("The date they applied must be today or in the past".into());
            None
        }
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            error.applied_on.push("Enter the date they applied".into());
            None
        }
        Err(message) => {
            error.applied_on.push(message);
            None
        }
    };
    let stage = match stored {
        Some(stored) => Some(stored.stage),
        None => {
            let stage = CandidateStage::parse(&form.stage)
                .ok()
                .filter(|stage| *stage != CandidateStage::Started);
            if stage.is_none() {
                error.stage = Some(
                    "Select the candidate's stage: to start them, add them first and then move them to Started"
                        .into(),
                );
            }
            stage
        }
    };
    let swe_number = if form.swe_number.trim().is_empty() {
        None
    } else {
        let number = SweNumber::parse(&form.swe_number).ok();
        if number.is_none() {
            error.swe_number =
                Some("Enter a Social Work England number like SW123456, or leave it empty".into());
        }
        number
    };
    let start_date = match date_input(
        "The start date",
        &form.start_day,
        &form.start_month,
        &form.start_year,
    ) {
        Ok(date) => date,
        Err(message) => {
            error.start_date.push(message);
            None
        }
    };
    if let (Some(start), Some(applied)) = (start_date, applied_on)
        && start < applied
    {
        error
            .start_date
            .push("The start date must be on or after the date they applied".into());
    }
    let role = chosen(
        &form.role,
        |text| Role::parse(text).ok(),
        &mut error.role,
        "Select a role from the list",
    );
    let team = chosen(
        &form.team,
        |text| {
            reach
                .teams(workforce)
                .into_iter()
                .find(|t| t.id.as_str() == text)
                .map(|t| t.id.clone())
        },
        &mut error.team,
        "Select a team from the list",
    );
    let fte = if form.fte.trim().is_empty() {
        None
    } else {
        let fte = Fte::parse(&form.fte).ok();
        if fte.is_none() {
            error.fte =
                Some("Enter the FTE as a number more than 0 and at most 1, like 0.8".into());
        }
        fte
    };
    if !error.is_empty() {
        return Err(Box::new(error));
    }
    let (Some(source), Some(applied_on), Some(stage)) = (source, applied_on, stage) else {
        return Err(Box::new(error));
    };
    let id = match stored {
        Some(stored) => stored.id.clone(),
        None => CandidateId::parse(&next_id(
            loaded.recruitment.candidates.iter().map(|c| c.id.as_str()),
            "C",
        ))
        .expect("a made-up candidate ID is well formed"),
    };
    Ok(Candidate {
        id,
        given_name: given.to_owned(),
        family_name: family.to_owned(),
        email: email.to_owned(),
        phone: phone.to_owned(),
        source,
        vacancy_id: vacancy,
        event_id: event,
        placement_id: placement,
        applied_on,
        stage,
        swe_number,
        start_date,
        role,
        team_id: team,
        fte,
        worker_id: stored.and_then(|c| c.worker_id.clone()),
        anonymised_on: None,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_candidate_form.html")]
/// The form that adds or changes a candidate.
pub struct CandidateFormPage {
    page: Page,
    home_href: &'static str,
    heading: String,
    action: String,
    back_href: String,
    back_label: String,
    adding: bool,
    errors: Vec<SummaryError>,
    error: CandidateErrors,
    form: CandidateForm,
    sources: Vec<Choice>,
    vacancies: Vec<Choice>,
    events: Vec<Choice>,
    placements: Vec<Choice>,
    stages: Vec<Choice>,
    roles: Vec<Choice>,
    teams: Vec<Choice>,
}

fn form_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    stored: Option<&Candidate>,
    form: CandidateForm,
    error: CandidateErrors,
    refused: Vec<String>,
) -> CandidateFormPage {
    let workforce = &loaded.workforce;
    let reach = RecruitmentReach::new(signed_in);
    let sources = CandidateSource::ALL
        .iter()
        .map(|s| Choice::new(s.as_str(), source_label(*s), &form.source))
        .collect();
    let mut vacancies = vec![Choice::new("", "Not for a vacancy yet", &form.vacancy)];
    let mut open: Vec<_> = workforce
        .vacancies
        .iter()
        .filter(|v| v.open.end().is_none_or(|end| end >= today()) || v.id.as_str() == form.vacancy)
        .collect();
    open.sort_by(|a, b| a.id.cmp(&b.id));
    vacancies.extend(open.into_iter().map(|v| {
        Choice::new(
            v.id.as_str(),
            vacancy_label(workforce, &v.id),
            &form.vacancy,
        )
    }));
    let mut events = vec![Choice::new("", "None", &form.event)];
    let mut held: Vec<_> = workforce.recruitment_events.iter().collect();
    held.sort_by(|a, b| (b.held_on, &b.id).cmp(&(a.held_on, &a.id)));
    events.extend(held.into_iter().map(|e| {
        Choice::new(
            e.id.as_str(),
            event_label(workforce, &loaded.recruitment, &e.id),
            &form.event,
        )
    }));
    let mut placements = vec![Choice::new("", "None", &form.placement)];
    let mut students: Vec<_> = workforce.placements.iter().collect();
    students.sort_by(|a, b| (b.span.start(), &b.id).cmp(&(a.span.start(), &a.id)));
    placements.extend(students.into_iter().map(|p| {
        Choice::new(
            p.id.as_str(),
            placement_label(workforce, &p.id),
            &form.placement,
        )
    }));
    let stages = CandidateStage::ALL
        .iter()
        .filter(|s| **s != CandidateStage::Started)
        .map(|s| Choice::new(s.as_str(), candidate_stage_label(*s), &form.stage))
        .collect();
    let mut roles = vec![Choice::new("", "Not agreed yet", &form.role)];
    roles.extend(
        Role::ALL
            .iter()
            .map(|r| Choice::new(r.as_str(), role_label(*r), &form.role)),
    );
    let teams = team_choices(workforce, &reach, &form.team, Some("Not agreed yet"));
    let mut errors = error.summary();
    errors.extend(refused.into_iter().map(|message| SummaryError {
        field: "given_name".to_owned(),
        message,
    }));
    let (heading, action, back_href, back_label) = match stored {
        Some(candidate) => (
            format!("Change {}", candidate_name(candidate)),
            edit_href(&candidate.id),
            candidate_href(&candidate.id),
            candidate_name(candidate),
        ),
        None => (
            "Add a candidate".to_owned(),
            NEW_HREF.to_owned(),
            CANDIDATES_HREF.to_owned(),
            "Candidates".to_owned(),
        ),
    };
    CandidateFormPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        heading,
        action,
        back_href,
        back_label,
        adding: stored.is_none(),
        errors,
        error,
        form,
        sources,
        vacancies,
        events,
        placements,
        stages,
        roles,
        teams,
    }
}

/// `GET /recruitment/candidates/new`: the form for a new candidate.
pub async fn new_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<CandidateFormPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    Ok(form_page(
        &signed_in,
        &loaded,
        None,
        CandidateForm::new_candidate(),
        CandidateErrors::default(),
        Vec::new(),
    ))
}

/// `POST /recruitment/candidates/new`: adds the candidate with their first stage in
/// their history, then shows their page.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<CandidateForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let candidate = match check(&form, &loaded, &reach, None) {
        Ok(candidate) => candidate,
        Err(error) => {
            return Ok(
                form_page(&signed_in, &loaded, None, form, *error, Vec::new()).into_response(),
            );
        }
    };
    let first = CandidateStageChange {
        candidate_id: candidate.id.clone(),
        number: 1,
        on: candidate.applied_on,
        stage: candidate.stage,
        by: signed_in.user.email.clone(),
    };
    let href = candidate_href(&candidate.id);
    let description = format!("added candidate {}", candidate.id);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![
            RecruitmentChange::PutCandidate(candidate),
            RecruitmentChange::PutCandidateStageChange(first),
        ],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{href}?saved=added")).into_response()),
        Err(error) => {
            let refused = refusal(error)?;
            Ok(form_page(
                &signed_in,
                &loaded,
                None,
                form,
                CandidateErrors::default(),
                refused,
            )
            .into_response())
        }
    }
}

/// The candidate the user may change: not anonymised, not started.
fn changeable<'r>(recruitment: &'r Recruitment, id: &str) -> Result<&'r Candidate, WebError> {
    let candidate = find(recruitment, id)?;
    if candidate.anonymised_on.is_some() || candidate.worker_id.is_some() {
        return Err(WebError::NotFound);
    }
    Ok(candidate)
}

/// `GET /recruitment/candidates/{candidate_id}/edit`: the candidate's details, ready
/// to change.
pub async fn edit_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(candidate_id): Path<String>,
) -> Result<CandidateFormPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let candidate = changeable(&loaded.recruitment, &candidate_id)?;
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view candidate",
        format!("candidate {}", candidate.id),
    )
    .await?;
    Ok(form_page(
        &signed_in,
        &loaded,
        Some(candidate),
        CandidateForm::of(candidate),
        CandidateErrors::default(),
        Vec::new(),
    ))
}

/// `POST /recruitment/candidates/{candidate_id}/edit`: saves the changed details.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(candidate_id): Path<String>,
    Form(form): Form<CandidateForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let loaded = load(&state, &signed_in).await?;
    let stored = changeable(&loaded.recruitment, &candidate_id)?;
    let reach = RecruitmentReach::new(&signed_in);
    let candidate = match check(&form, &loaded, &reach, Some(stored)) {
        Ok(candidate) => candidate,
        Err(error) => {
            return Ok(
                form_page(&signed_in, &loaded, Some(stored), form, *error, Vec::new())
                    .into_response(),
            );
        }
    };
    let href = candidate_href(&candidate.id);
    let description = format!("changed candidate {}", candidate.id);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutCandidate(candidate)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{href}?saved=changed")).into_response()),
        Err(error) => {
            let refused = refusal(error)?;
            Ok(form_page(
                &signed_in,
                &loaded,
                Some(stored),
                form,
                CandidateErrors::default(),
                refused,
            )
            .into_response())
        }
    }
}

// ---------------------------------------------------------------- a candidate's page

/// One line of a summary list.
#[derive(Debug)]
struct Detail {
    key: &'static str,
    value: String,
    href: Option<String>,
}

/// One move in a candidate's history.
#[derive(Debug)]
struct HistoryRow {
    on: String,
    stage: &'static str,
    by: String,
}

/// The "Move to" form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    stage: String,
    #[serde(default, rename = "moved_on-day")]
    day: String,
    #[serde(default, rename = "moved_on-month")]
    month: String,
    #[serde(default, rename = "moved_on-year")]
    year: String,
    #[serde(default)]
    worker_id: String,
    #[serde(default)]
    csrf_token: String,
}

/// What is wrong with the "Move to" form.
#[derive(Debug, Default)]
pub struct MoveErrors {
    stage: Option<String>,
    moved_on: Vec<String>,
    worker_id: Option<String>,
}

impl MoveErrors {
    fn summary(&self) -> Vec<SummaryError> {
        let mut list = Vec::new();
        if let Some(message) = &self.stage {
            list.push(SummaryError {
                field: "stage".into(),
                message: message.clone(),
            });
        }
        for message in &self.moved_on {
            list.push(SummaryError {
                field: "moved_on-day".into(),
                message: message.clone(),
            });
        }
        if let Some(message) = &self.worker_id {
            list.push(SummaryError {
                field: "worker_id".into(),
                message: message.clone(),
            });
        }
        list
    }
}

/// What a candidate's page may say after a change.
#[derive(Debug, Default, Deserialize)]
pub struct CandidateQuery {
    saved: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_candidate.html")]
/// A candidate's page.
pub struct CandidatePage {
    page: Page,
    home_href: &'static str,
    name: String,
    id: String,
    anonymised_on: Option<String>,
    details: Vec<Detail>,
    history: Vec<HistoryRow>,
    worker_href: Option<String>,
    worker_id: String,
    open_vacancy: Option<(String, String)>,
    edit_href: Option<String>,
    move_href: Option<String>,
    stages: Vec<Choice>,
    errors: Vec<SummaryError>,
    error: MoveErrors,
    form: MoveForm,
    saved: Option<&'static str>,
}

fn candidate_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    candidate: &Candidate,
    form: MoveForm,
    error: MoveErrors,
    saved: Option<&'static str>,
) -> CandidatePage {
    let workforce = &loaded.workforce;
    let recruitment = &loaded.recruitment;
    let anonymised = candidate.anonymised_on.is_some();
    let mut details = vec![
        Detail {
            key: "Candidate ID",
            value: candidate.id.to_string(),
            href: None,
        },
        Detail {
            key: "Stage",
            value: candidate_stage_label(candidate.stage).to_owned(),
            href: None,
        },
        Detail {
            key: "Came from",
            value: source_label(candidate.source).to_owned(),
            href: None,
        },
        Detail {
            key: "Applied on",
            value: long_date(candidate.applied_on),
            href: None,
        },
    ];
    let optional = |value: Option<String>| value.unwrap_or_else(|| "Not recorded".to_owned());
    details.push(Detail {
        key: "Vacancy",
        value: optional(
            candidate
                .vacancy_id
                .as_ref()
                .map(|id| vacancy_label(workforce, id)),
        ),
        href: candidate.vacancy_id.as_ref().map(vacancy_href),
    });
    details.push(Detail {
        key: "Recruitment event",
        value: optional(
            candidate
                .event_id
                .as_ref()
                .map(|id| event_label(workforce, recruitment, id)),
        ),
        href: candidate.event_id.as_ref().map(event_href),
    });
    details.push(Detail {
        key: "Student placement",
        value: optional(
            candidate
                .placement_id
                .as_ref()
                .map(|id| placement_label(workforce, id)),
        ),
        href: candidate.placement_id.as_ref().map(placement_href),
    });
    if !anonymised {
        let or_none = |text: &str| {
            if text.trim().is_empty() {
                "Not recorded".to_owned()
            } else {
                text.to_owned()
            }
        };
        details.push(Detail {
            key: "Email",
            value: or_none(&candidate.email),
            href: None,
        });
        details.push(Detail {
            key: "Telephone",
            value: or_none(&candidate.phone),
            href: None,
        });
        details.push(Detail {
            key: "Social Work England number",
            value: optional(candidate.swe_number.as_ref().map(ToString::to_string)),
            href: None,
        });
    }
    details.push(Detail {
        key: "Start date",
        value: optional(candidate.start_date.map(long_date)),
        href: None,
    });
    details.push(Detail {
        key: "Role",
        value: optional(candidate.role.map(role_label)),
        href: None,
    });
    details.push(Detail {
        key: "Team",
        value: optional(
            candidate
                .team_id
                .as_ref()
                .map(|id| team_name(workforce, Some(id))),
        ),
        href: None,
    });
    details.push(Detail {
        key: "FTE",
        value: optional(candidate.fte.map(|f| f.to_string())),
        href: None,
    });
    let history = recruitment
        .candidate_history(&candidate.id)
        .into_iter()
        .map(|change| HistoryRow {
            on: long_date(change.on),
            stage: candidate_stage_label(change.stage),
            by: change.by.clone(),
        })
        .collect();
    let movable = !anonymised && candidate.worker_id.is_none();
    let stages = CandidateStage::ALL
        .iter()
        .filter(|s| **s != candidate.stage)
        .map(|s| Choice::new(s.as_str(), candidate_stage_label(*s), &form.stage))
        .collect();
    CandidatePage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        name: candidate_name(candidate),
        id: candidate.id.to_string(),
        anonymised_on: candidate.anonymised_on.map(long_date),
        details,
        history,
        worker_href: candidate.worker_id.as_ref().map(person_href),
        worker_id: candidate
            .worker_id
            .as_ref()
            .map_or_else(String::new, WorkerId::to_string),
        // A start fills the vacancy in the council's eyes, but closing it is the
        // vacancy board's move (with its own date and history): point there.
        open_vacancy: candidate
            .worker_id
            .as_ref()
            .and(candidate.vacancy_id.as_ref())
            .and_then(|id| workforce.vacancies.iter().find(|v| &v.id == id))
            .filter(|vacancy| vacancy.open.end().is_none())
            .map(|vacancy| (vacancy.id.to_string(), vacancy_href(&vacancy.id))),
        edit_href: movable.then(|| edit_href(&candidate.id)),
        move_href: movable.then(|| stage_href(&candidate.id)),
        stages,
        errors: error.summary(),
        error,
        form,
        saved,
    }
}

/// A "Move to" form dated today.
fn move_form_today() -> MoveForm {
    let [day, month, year] = boxes(Some(today()));
    MoveForm {
        day,
        month,
        year,
        ..MoveForm::default()
    }
}

/// `GET /recruitment/candidates/{candidate_id}`: the candidate's details, stage
/// history and "Move to" form; recorded in the audit trail.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(candidate_id): Path<String>,
    Query(query): Query<CandidateQuery>,
) -> Result<CandidatePage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let candidate = find(&loaded.recruitment, &candidate_id)?;
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view candidate",
        format!("candidate {}", candidate.id),
    )
    .await?;
    let saved = match query.saved.as_deref() {
        Some("added") => Some("Candidate added"),
        Some("changed") => Some("Details saved"),
        Some("moved") => Some("Stage changed"),
        Some("started") => Some("Started: they are now a worker of the council"),
        _ => None,
    };
    Ok(candidate_page(
        &signed_in,
        &loaded,
        candidate,
        move_form_today(),
        MoveErrors::default(),
        saved,
    ))
}

/// `POST /recruitment/candidates/{candidate_id}/stage`: moves the candidate to a
/// stage; moving to `started` adds the worker, employment and assignment they become
/// in the same change.
pub async fn move_stage(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(candidate_id): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let loaded = load(&state, &signed_in).await?;
    let candidate = find(&loaded.recruitment, &candidate_id)?;
    let mut error = MoveErrors::default();
    let stage = CandidateStage::parse(&form.stage).ok();
    if stage.is_none() {
        error.stage = Some("Select the stage to move the candidate to".into());
    }
    let on = match date_input("The date of the move", &form.day, &form.month, &form.year) {
        Ok(Some(date)) if date > today() => {
            error
                .moved_on
                .push("The date of the move must be today or in the past".into());
            None
        }
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            error.moved_on.push("Enter the date of the move".into());
            None
        }
        Err(message) => {
            error.moved_on.push(message);
            None
        }
    };
    let worker_id = if form.worker_id.trim().is_empty() {
        None
    } else {
        let id = WorkerId::parse(&form.worker_id).ok();
        if id.is_none() {
            error.worker_id =
                Some("Enter a worker ID of at most 64 characters, or leave it empty".into());
        }
        id
    };
    let (Some(stage), Some(on)) = (stage, on) else {
        return Ok(
            candidate_page(&signed_in, &loaded, candidate, form, error, None).into_response(),
        );
    };
    if error.worker_id.is_some() {
        return Ok(
            candidate_page(&signed_in, &loaded, candidate, form, error, None).into_response(),
        );
    }
    let moved = match move_to(
        &loaded.workforce,
        &loaded.recruitment,
        candidate,
        StageMove {
            stage,
            on,
            by: &signed_in.user.email,
            worker_id,
        },
    ) {
        Ok(moved) => moved,
        Err(refused) => {
            let message = sentence(&refused.to_string());
            match refused {
                MoveError::WorkerIdTaken(_) => {
                    error.worker_id = Some(message);
                }
                MoveError::BeforeApplying(_) | MoveError::BeforeLastMove(_) => {
                    error.moved_on.push(message);
                }
                _ => error.stage = Some(message),
            }
            return Ok(
                candidate_page(&signed_in, &loaded, candidate, form, error, None).into_response(),
            );
        }
    };
    let description = match &moved.worker_id {
        Some(worker) => format!("started candidate {} as worker {worker}", candidate.id),
        None => format!("moved candidate {} to {}", candidate.id, stage.as_str()),
    };
    let started = moved.worker_id.is_some();
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        moved.workforce_changes,
        moved.changes,
    )
    .await
    {
        Ok(_) => {
            let saved = if started { "started" } else { "moved" };
            Ok(
                Redirect::to(&format!("{}?saved={saved}", candidate_href(&candidate.id)))
                    .into_response(),
            )
        }
        Err(refused) => {
            error.stage = Some(refusal(refused)?.join(" "));
            Ok(candidate_page(&signed_in, &loaded, candidate, form, error, None).into_response())
        }
    }
}

// ---------------------------------------------------------------- anonymising

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_anonymise.html")]
/// The anonymisation's confirmation page.
pub struct AnonymisePage {
    page: Page,
    home_href: &'static str,
    months: u32,
    candidates: usize,
    attendees: usize,
}

/// `GET /recruitment/candidates/anonymise`: how many candidates and attendees are
/// due for anonymising today, and the button that does it.
pub async fn anonymise_page(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<AnonymisePage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let due = anonymisation(
        &loaded.recruitment,
        &loaded.workforce.recruitment_events,
        today(),
    );
    Ok(AnonymisePage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        months: loaded.recruitment.settings.anonymise_after_months,
        candidates: due.candidates.len(),
        attendees: due.attendees,
    })
}

/// The anonymisation form: only its token.
#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /recruitment/candidates/anonymise`: anonymises everything due today in one
/// change, then shows the list saying how many.
pub async fn anonymise(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<TokenForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let loaded = load(&state, &signed_in).await?;
    let due = anonymisation(
        &loaded.recruitment,
        &loaded.workforce.recruitment_events,
        today(),
    );
    let count = due.candidates.len();
    if !due.is_empty() {
        let description = format!(
            "anonymised {count} candidates and {} attendees after {} months",
            due.attendees, loaded.recruitment.settings.anonymise_after_months
        );
        change_recruitment(
            state.store.as_ref(),
            loaded.council,
            request(&signed_in, &description),
            None,
            due.changes,
        )
        .await
        .map_err(|error| match refusal(error) {
            Ok(messages) => WebError::Internal(messages.join(" ")),
            Err(error) => error,
        })?;
    }
    Ok(Redirect::to(&format!("{CANDIDATES_HREF}?anonymised={count}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_addresses_and_telephone_numbers_are_checked_loosely() {
        assert!(email_looks_right("ama.mensah@example.org"));
        assert!(!email_looks_right("ama.mensah"));
        assert!(!email_looks_right("ama @example.org"));
        assert!(!email_looks_right("ama@example"));
        assert!(phone_looks_right("+44 (0)7700 900-982"));
        assert!(!phone_looks_right("call me"));
        assert!(!phone_looks_right("123"));
    }
}
