//! Creating a cohort from a programme and a start date, and adding members to one:
//! people chosen from the workforce register (newest starters first), or a new
//! starter not yet on it, whose worker, employment and assignment records are added
//! with the membership in the same change.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Days, Months};
use pathway_app::change_academy;
use pathway_domain::Workforce;
use pathway_domain::academy::AcademyChange;
use pathway_domain::academy::programme::layout;
use pathway_domain::codes::{AsyeOutcome, Contract, Programme, Role, Service, StartOrigin};
use pathway_domain::ids::{CohortId, EmploymentId, TeamId, WorkerId};
use pathway_domain::records::{AcademyMember, Assignment, Cohort, Employment, Worker};
use pathway_domain::values::{Date, Fte, Span};

use super::{
    AcademyReach, FormFields, HOME_HREF, Loaded, cohort_href, load, programme_label, refusal,
    request, sort_name, today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, long_date, role_label};
use crate::html::person::home_href;
use crate::page::{FieldError, Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// How long after a cohort starts its members are still taken up with it: someone in
/// a cohort that started less than a year ago is not offered for another.
const IN_A_COHORT_DAYS: u64 = 365;

/// A person who could join a cohort, as a checkbox.
#[derive(Debug, Clone)]
struct Candidate {
    value: String,
    id: String,
    name: String,
    hint: String,
    checked: bool,
}

/// The new starter's fields, as typed.
#[derive(Debug, Clone, Default)]
struct StarterForm {
    given_name: String,
    family_name: String,
    worker_id: String,
    day: String,
    month: String,
    year: String,
    role: String,
    team: String,
}

impl StarterForm {
    fn read(fields: &FormFields) -> Self {
        Self {
            given_name: fields.get("starter_given_name"),
            family_name: fields.get("starter_family_name"),
            worker_id: fields.get("starter_worker_id"),
            day: fields.get("starter_start_date-day"),
            month: fields.get("starter_start_date-month"),
            year: fields.get("starter_start_date-year"),
            role: fields.get("starter_role"),
            team: fields.get("starter_team"),
        }
    }

    /// Whether anything identifying a person was typed.
    fn is_used(&self) -> bool {
        [&self.given_name, &self.family_name, &self.worker_id]
            .iter()
            .any(|text| !text.trim().is_empty())
    }
}

/// The whole form, as typed.
#[derive(Debug, Clone, Default)]
struct CohortForm {
    name: String,
    cohort_id: String,
    programme: String,
    day: String,
    month: String,
    year: String,
    members: Vec<String>,
    starter: StarterForm,
}

/// What is wrong with each field.
#[derive(Debug, Default)]
struct CohortErrors {
    name: Option<String>,
    cohort_id: Option<String>,
    programme: Option<String>,
    date: Vec<String>,
    members: Option<String>,
    starter_given_name: Option<String>,
    starter_family_name: Option<String>,
    starter_worker_id: Option<String>,
    starter_start_date: Vec<String>,
    starter_role: Option<String>,
    starter_team: Option<String>,
}

impl CohortErrors {
    /// The error summary, in the form's order; `date_field` is the first box of the
    /// form's date (the start date, or the joining date).
    fn summary(&self, date_field: &'static str) -> Vec<FieldError> {
        let mut list = Vec::new();
        let mut one = |field: &'static str, error: &Option<String>| {
            if let Some(message) = error {
                list.push(FieldError {
                    field,
                    message: message.clone(),
                });
            }
        };
        one("name", &self.name);
        one("cohort_id", &self.cohort_id);
        one("programme", &self.programme);
        for message in &self.date {
            one(date_field, &Some(message.clone()));
        }
        one("members", &self.members);
        one("starter_given_name", &self.starter_given_name);
        one("starter_family_name", &self.starter_family_name);
        one("starter_worker_id", &self.starter_worker_id);
        for message in &self.starter_start_date {
            one("starter_start_date-day", &Some(message.clone()));
        }
        one("starter_role", &self.starter_role);
        one("starter_team", &self.starter_team);
        list
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "academy_cohort_form.html")]
/// The form that creates a cohort, or adds members to one.
pub struct CohortFormPage {
    page: Page,
    home_href: &'static str,
    /// Creating a cohort (`true`) or adding members to `cohort_name`.
    creating: bool,
    cohort_name: String,
    cohort_href: String,
    action: String,
    errors: Vec<FieldError>,
    error: CohortErrors,
    form: CohortForm,
    programmes: Vec<Choice>,
    candidates: Vec<Candidate>,
    roles: Vec<Choice>,
    teams: Vec<Choice>,
}

/// The people who could join a cohort, likeliest first: in post in children's
/// services today or starting later, not in a cohort that started within the last
/// year (or has yet to start), and not already in `cohort`; newest starters first.
fn candidates<'w>(
    reach: &AcademyReach<'w>,
    cohort: Option<&CohortId>,
    today: Date,
) -> Vec<(&'w Worker, Date, String)> {
    let workforce = reach.people.workforce;
    let services: HashMap<&TeamId, Service> = workforce
        .teams
        .iter()
        .map(|team| (&team.id, team.service))
        .collect();
    let recent = today - Days::new(IN_A_COHORT_DAYS);
    let recent_cohorts: Vec<&CohortId> = workforce
        .cohorts
        .iter()
        .filter(|c| c.start_date >= recent)
        .map(|c| &c.id)
        .collect();
    let taken_up: std::collections::HashSet<&WorkerId> = workforce
        .academy_members
        .iter()
        .filter(|m| recent_cohorts.contains(&m.cohort_id()) || Some(m.cohort_id()) == cohort)
        .map(|m| m.worker_id())
        .collect();
    let mut found: Vec<(&Worker, Date, String)> = reach
        .people
        .visible()
        .filter(|worker| !taken_up.contains(&worker.id))
        .filter_map(|worker| {
            let employment = reach
                .people
                .employments(&worker.id)
                .into_iter()
                .filter(|e| e.span().end().is_none_or(|end| end >= today))
                .max_by_key(|e| e.span().start())?;
            let assignments = reach.people.assignments(employment.id());
            let assignment = assignments
                .iter()
                .find(|a| a.span.covers(today))
                .or_else(|| assignments.iter().find(|a| a.span.start() > today))
                .or(assignments.last())
                .copied();
            let children = assignment
                .and_then(|a| a.team_id.as_ref())
                .is_none_or(|team| services.get(team).is_none_or(|s| *s == Service::Children));
            if !children {
                return None;
            }
            let start = employment.span().start();
            let verb = if start > today { "starts" } else { "started" };
            let mut hint = format!("Worker ID {}, {verb} {}", worker.id, long_date(start));
            if let Some(assignment) = assignment {
                hint.push_str(&format!(
                    ", {}, {}",
                    role_label(assignment.role).to_lowercase(),
                    reach.people.team_name(assignment.team_id.as_ref())
                ));
            }
            Some((worker, start, hint))
        })
        .collect();
    found.sort_by_cached_key(|(worker, start, _)| {
        (std::cmp::Reverse(*start), sort_name(workforce, &worker.id))
    });
    found
}

fn candidate_boxes(
    reach: &AcademyReach<'_>,
    cohort: Option<&CohortId>,
    chosen: &[String],
) -> Vec<Candidate> {
    candidates(reach, cohort, today())
        .into_iter()
        .enumerate()
        .map(|(index, (worker, _, hint))| Candidate {
            value: worker.id.to_string(),
            id: if index == 0 {
                "members".to_owned()
            } else {
                format!("members-{}", index + 1)
            },
            name: format!("{} {}", worker.given_name, worker.family_name),
            hint,
            checked: chosen.iter().any(|id| id == worker.id.as_str()),
        })
        .collect()
}

fn role_choices(current: &str) -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|role| Choice::new(role.as_str(), role_label(*role), current))
        .collect()
}

fn team_choices(workforce: &Workforce, current: &str) -> Vec<Choice> {
    let mut teams: Vec<_> = workforce
        .teams
        .iter()
        .filter(|team| team.service == Service::Children)
        .collect();
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    let mut choices = vec![Choice::new("", "No team yet", current)];
    choices.extend(
        teams
            .into_iter()
            .map(|team| Choice::new(team.id.as_str(), team.name.clone(), current)),
    );
    choices
}

fn programme_choices(current: &str) -> Vec<Choice> {
    Programme::ALL
        .iter()
        .map(|programme| Choice::new(programme.as_str(), programme_label(*programme), current))
        .collect()
}

/// The form page: creating a cohort when `cohort` is `None`.
fn form_page(
    signed_in: &SignedIn,
    reach: &AcademyReach<'_>,
    cohort: Option<&Cohort>,
    form: CohortForm,
    error: CohortErrors,
) -> CohortFormPage {
    let workforce = reach.people.workforce;
    let date_field = if cohort.is_some() {
        "joined_on-day"
    } else {
        "start_date-day"
    };
    CohortFormPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        creating: cohort.is_none(),
        cohort_name: cohort.map(|c| c.name.clone()).unwrap_or_default(),
        cohort_href: cohort.map(|c| cohort_href(&c.id)).unwrap_or_default(),
        action: cohort.map_or_else(
            || "/academy/cohorts/new".to_owned(),
            |c| format!("{}/members", cohort_href(&c.id)),
        ),
        errors: error.summary(date_field),
        programmes: programme_choices(&form.programme),
        candidates: candidate_boxes(reach, cohort.map(|c| &c.id), &form.members),
        roles: role_choices(&form.starter.role),
        teams: team_choices(workforce, &form.starter.team),
        error,
        form,
    }
}

/// An ID not yet used by any cohort: `base`, or `base-2`, `base-3`, ...
fn free_cohort_id(workforce: &Workforce, base: &str) -> String {
    let used = |id: &str| workforce.cohorts.iter().any(|c| c.id.as_str() == id);
    let mut id = base.to_owned();
    let mut number = 2;
    while used(&id) {
        id = format!("{base}-{number}");
        number += 1;
    }
    id
}

/// The ID a cohort of `programme` starting on `start` gets if none is typed, in the
/// style the academy uses: `2025-03-FULL`.
fn cohort_id_for(workforce: &Workforce, programme: Programme, start: Date) -> String {
    free_cohort_id(
        workforce,
        &format!(
            "{}-{:02}-{}",
            start.year(),
            start.month(),
            programme.as_str().to_uppercase()
        ),
    )
}

/// `GET /academy/cohorts/new`: the empty form, with an ID suggested for a full
/// cohort starting next month.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<CohortFormPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let next_month = today()
        .with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .unwrap_or_else(today);
    let form = CohortForm {
        cohort_id: cohort_id_for(&loaded.workforce, Programme::Full, next_month),
        programme: Programme::Full.as_str().to_owned(),
        starter: StarterForm {
            role: Role::Asye.as_str().to_owned(),
            ..StarterForm::default()
        },
        ..CohortForm::default()
    };
    Ok(form_page(
        &signed_in,
        &reach,
        None,
        form,
        CohortErrors::default(),
    ))
}

/// Reads a required date typed in three boxes.
fn required_date(what: &str, day: &str, month: &str, year: &str) -> Result<Date, Vec<String>> {
    match date_input(what, day, month, year) {
        Ok(Some(date)) => Ok(date),
        Ok(None) => Err(vec![format!("Enter the {}", what.to_lowercase())]),
        Err(message) => Err(vec![message]),
    }
}

/// A new starter's records: the worker, their employment and its assignment.
#[derive(Debug)]
struct Starter {
    worker: Worker,
    employment: Employment,
    assignment: Assignment,
}

/// Checks the new starter's fields, if any were used.
fn check_starter(loaded: &Loaded, form: &StarterForm, error: &mut CohortErrors) -> Option<Starter> {
    let workforce = &loaded.workforce;
    let given = form.given_name.trim();
    let family = form.family_name.trim();
    if given.is_empty() {
        error.starter_given_name = Some("Enter the new starter's given name".into());
    }
    if family.is_empty() {
        error.starter_family_name = Some("Enter the new starter's family name".into());
    }
    let worker_id = match WorkerId::parse(&form.worker_id) {
        Err(_) if form.worker_id.trim().is_empty() => {
            error.starter_worker_id = Some("Enter the new starter's worker ID from HR".into());
            None
        }
        Err(problem) => {
            error.starter_worker_id = Some(format!("Enter a worker ID that works: {problem}"));
            None
        }
        Ok(id) if workforce.workers.iter().any(|w| w.id == id) => {
            error.starter_worker_id = Some(format!(
                "Someone in the register already has worker ID {id}: choose them from the list instead"
            ));
            None
        }
        Ok(id) => Some(id),
    };
    let start = required_date("Start date", &form.day, &form.month, &form.year)
        .map_err(|messages| error.starter_start_date = messages)
        .ok();
    let role = Role::parse(&form.role).ok();
    if role.is_none() {
        error.starter_role = Some("Select the new starter's role".into());
    }
    let team = if form.team.trim().is_empty() {
        Some(None)
    } else {
        let found = workforce
            .teams
            .iter()
            .find(|team| team.id.as_str() == form.team.trim() && team.service == Service::Children)
            .map(|team| Some(team.id.clone()));
        if found.is_none() {
            error.starter_team = Some("Select a team from the list".into());
        }
        found
    };
    let (worker_id, start, role, team) = (worker_id?, start?, role?, team?);
    if given.is_empty() || family.is_empty() {
        return None;
    }
    let mut employment_id = format!("{worker_id}-1");
    let mut number = 2;
    while workforce
        .employments
        .iter()
        .any(|e| e.id().as_str() == employment_id)
    {
        employment_id = format!("{worker_id}-{number}");
        number += 1;
    }
    let employment_id = EmploymentId::parse(&employment_id).ok()?;
    let span = Span::new(start, None).ok()?;
    let origin = (role == Role::Asye).then_some(StartOrigin::NewlyQualified);
    Some(Starter {
        worker: Worker {
            id: worker_id.clone(),
            given_name: given.to_owned(),
            family_name: family.to_owned(),
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
        },
        employment: Employment::new(employment_id.clone(), worker_id, span, origin, None, None)
            .ok()?,
        assignment: Assignment {
            employment_id,
            span,
            team_id: team,
            role,
            contract: Contract::Permanent,
            fte: Fte::FULL,
        },
    })
}

/// The people chosen from the register: each must be someone the user reaches and
/// not already in the cohort.
fn chosen_members(
    reach: &AcademyReach<'_>,
    cohort: Option<&CohortId>,
    chosen: &[String],
    error: &mut CohortErrors,
) -> Vec<WorkerId> {
    let mut workers = Vec::new();
    for text in chosen {
        match reach.people.find(text) {
            Some(worker) => {
                let member_already = cohort.is_some_and(|cohort| {
                    reach
                        .people
                        .workforce
                        .academy_members
                        .iter()
                        .any(|m| m.cohort_id() == cohort && m.worker_id() == &worker.id)
                });
                if member_already {
                    error.members = Some(format!(
                        "{} {} is already a member of the cohort",
                        worker.given_name, worker.family_name
                    ));
                } else if !workers.contains(&worker.id) {
                    workers.push(worker.id.clone());
                }
            }
            None => error.members = Some("Select people from the list".to_owned()),
        }
    }
    workers
}

/// The memberships and starter's records to add, laid over the council's records by
/// `change_academy`.
fn upload(
    loaded: &Loaded,
    cohort: &Cohort,
    workers: &[WorkerId],
    starter: Option<Starter>,
    joined_on: Date,
) -> Result<Workforce, WebError> {
    let outcome = match cohort.programme {
        Programme::Full => AsyeOutcome::InProgress,
        Programme::Short => AsyeOutcome::NotApplicable,
    };
    let mut records = Workforce::new(loaded.council);
    let member = |worker: &WorkerId, joined: Date| {
        AcademyMember::new(
            cohort.id.clone(),
            worker.clone(),
            joined,
            None,
            Some(outcome),
        )
        .map_err(|error| WebError::Internal(error.to_string()))
    };
    for worker in workers {
        records.academy_members.push(member(worker, joined_on)?);
    }
    if let Some(starter) = starter {
        // A starter who begins after the cohort joins it on their first day.
        let joined = joined_on.max(starter.employment.span().start());
        records
            .academy_members
            .push(member(&starter.worker.id, joined)?);
        records.workers.push(starter.worker);
        records.employments.push(starter.employment);
        records.assignments.push(starter.assignment);
    }
    Ok(records)
}

/// `POST /academy/cohorts/new`: checks the form; creates the cohort, its members and
/// its sessions (laid out from the programme's days) in one change, and goes to the
/// cohort's page; or shows the form again with what is wrong.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let form = CohortForm {
        name: fields.get("name"),
        cohort_id: fields.get("cohort_id"),
        programme: fields.get("programme"),
        day: fields.get("start_date-day"),
        month: fields.get("start_date-month"),
        year: fields.get("start_date-year"),
        members: fields.all("members"),
        starter: StarterForm::read(&fields),
    };
    let mut error = CohortErrors::default();
    let name = form.name.trim();
    if name.is_empty() {
        error.name = Some("Enter the cohort's name".into());
    } else if name.chars().count() > 200 {
        error.name = Some("The cohort's name must be 200 characters or fewer".into());
    }
    let programme = Programme::parse(&form.programme).ok();
    if programme.is_none() {
        error.programme = Some("Select the full or the short programme".into());
    }
    let start = required_date("Start date", &form.day, &form.month, &form.year)
        .map_err(|messages| error.date = messages)
        .ok();
    let cohort_id = match (form.cohort_id.trim(), programme, start) {
        ("", Some(programme), Some(start)) => {
            CohortId::parse(&cohort_id_for(&loaded.workforce, programme, start)).ok()
        }
        ("", ..) => None,
        (typed, ..) => match CohortId::parse(typed) {
            Err(problem) => {
                error.cohort_id = Some(format!("Enter a cohort ID that works: {problem}"));
                None
            }
            Ok(id) if id.as_str().eq_ignore_ascii_case("new") => {
                error.cohort_id =
                    Some("Choose another cohort ID: ‘new’ is kept for this form".into());
                None
            }
            Ok(id) if loaded.workforce.cohorts.iter().any(|c| c.id == id) => {
                error.cohort_id = Some(format!(
                    "There is already a cohort {id}: choose another ID, such as {}",
                    free_cohort_id(&loaded.workforce, id.as_str())
                ));
                None
            }
            Ok(id) => Some(id),
        },
    };
    let workers = chosen_members(&reach, None, &form.members, &mut error);
    let starter = if form.starter.is_used() {
        check_starter(&loaded, &form.starter, &mut error)
    } else {
        None
    };
    let (Some(cohort_id), Some(programme), Some(start)) = (cohort_id, programme, start) else {
        return Ok(form_page(&signed_in, &reach, None, form, error).into_response());
    };
    if !error.summary("start_date-day").is_empty() {
        return Ok(form_page(&signed_in, &reach, None, form, error).into_response());
    }
    let cohort = Cohort {
        id: cohort_id.clone(),
        name: name.to_owned(),
        programme,
        start_date: start,
    };
    let mut records = upload(&loaded, &cohort, &workers, starter, start)?;
    let member_count = records.academy_members.len();
    records.cohorts.push(cohort);
    let sessions: Vec<AcademyChange> = layout(&cohort_id, start, &loaded.academy.days(programme))
        .into_iter()
        .map(AcademyChange::PutSession)
        .collect();
    let description = format!(
        "created cohort {cohort_id} ({}) with {member_count} member{} and {} sessions",
        programme.as_str(),
        if member_count == 1 { "" } else { "s" },
        sessions.len()
    );
    match change_academy(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        Some(records),
        sessions,
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?created=1", cohort_href(&cohort_id))).into_response())
        }
        Err(failure) => {
            error.members = Some(refusal(failure)?.messages().join(" "));
            Ok(form_page(&signed_in, &reach, None, form, error).into_response())
        }
    }
}

/// `GET /academy/cohorts/{cohort_id}/members`: the form that adds members to a
/// cohort, joining today (or on its start date, if it has yet to start).
pub async fn show_add(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(cohort_id): Path<String>,
) -> Result<CohortFormPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let cohort = reach.find_cohort(&cohort_id)?;
    let joined = cohort.start_date.max(today());
    let form = CohortForm {
        day: joined.day().to_string(),
        month: joined.month().to_string(),
        year: joined.year().to_string(),
        starter: StarterForm {
            role: match cohort.programme {
                Programme::Full => Role::Asye,
                Programme::Short => Role::SocialWorker,
            }
            .as_str()
            .to_owned(),
            ..StarterForm::default()
        },
        ..CohortForm::default()
    };
    Ok(form_page(
        &signed_in,
        &reach,
        Some(cohort),
        form,
        CohortErrors::default(),
    ))
}

/// `POST /academy/cohorts/{cohort_id}/members`: adds the people chosen and the new
/// starter, if any, in one change, and goes back to the cohort's page.
pub async fn add(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(cohort_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let cohort = reach.find_cohort(&cohort_id)?;
    let form = CohortForm {
        day: fields.get("joined_on-day"),
        month: fields.get("joined_on-month"),
        year: fields.get("joined_on-year"),
        members: fields.all("members"),
        starter: StarterForm::read(&fields),
        ..CohortForm::default()
    };
    let mut error = CohortErrors::default();
    let joined = required_date("Date they join", &form.day, &form.month, &form.year)
        .map_err(|messages| error.date = messages)
        .ok();
    let workers = chosen_members(&reach, Some(&cohort.id), &form.members, &mut error);
    let starter = if form.starter.is_used() {
        check_starter(&loaded, &form.starter, &mut error)
    } else {
        None
    };
    if workers.is_empty() && !form.starter.is_used() && error.members.is_none() {
        error.members = Some("Select at least one person, or add a new starter".into());
    }
    let Some(joined) = joined else {
        return Ok(form_page(&signed_in, &reach, Some(cohort), form, error).into_response());
    };
    if !error.summary("joined_on-day").is_empty() {
        return Ok(form_page(&signed_in, &reach, Some(cohort), form, error).into_response());
    }
    let records = upload(&loaded, cohort, &workers, starter, joined)?;
    let count = records.academy_members.len();
    let description = format!(
        "added {count} member{} to cohort {}",
        if count == 1 { "" } else { "s" },
        cohort.id
    );
    match change_academy(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        Some(records),
        Vec::new(),
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?added={count}", cohort_href(&cohort.id))).into_response())
        }
        Err(failure) => {
            error.members = Some(refusal(failure)?.messages().join(" "));
            Ok(form_page(&signed_in, &reach, Some(cohort), form, error).into_response())
        }
    }
}
