//! A person's page, and the form that changes their details.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Utc};
use pathway_app::{AuditEntry, ImportError, ImportMode, ImportSource, Upload};
use pathway_domain::access::Permission;
use pathway_domain::codes::{Ethnicity, Gender, Route};
use pathway_domain::records::Worker;
use pathway_domain::values::{Date, SweNumber};
use pathway_domain::{BulkFile, Workforce};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::employment;
use crate::html::people::{
    self, Choice, People, absence_label, ethnicity_label, humanise, long_date, maybe_date,
    person_href, role_label,
};
use crate::page::{FieldError, Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// A label and a value of a summary list.
#[derive(Debug)]
struct Detail {
    key: &'static str,
    value: String,
}

/// One assignment of an employment.
#[derive(Debug)]
struct AssignmentView {
    dates: String,
    team: String,
    role: String,
    contract: String,
    fte: String,
}

/// One employment, with its assignments.
#[derive(Debug)]
struct EmploymentView {
    id: String,
    dates: String,
    change_href: Option<String>,
    details: Vec<Detail>,
    assignments: Vec<AssignmentView>,
}

#[derive(Debug)]
struct CaseloadView {
    as_of: String,
    cases: u32,
}

#[derive(Debug)]
struct MembershipView {
    cohort: String,
    joined: String,
    completed: String,
    outcome: String,
}

#[derive(Debug)]
struct AbsenceView {
    start: String,
    end: String,
    reason: &'static str,
    days: String,
}

#[derive(Debug)]
struct ExitView {
    held_on: String,
    reason: String,
    would_return: String,
    comments: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "person.html")]
/// A person's page.
pub struct PersonPage {
    page: Page,
    home_href: &'static str,
    name: String,
    saved: bool,
    edit_href: Option<String>,
    subject_access_href: Option<String>,
    details: Vec<Detail>,
    employments: Vec<EmploymentView>,
    caseloads: Vec<CaseloadView>,
    caseload_total: usize,
    memberships: Vec<MembershipView>,
    absences: Vec<AbsenceView>,
    exits: Vec<ExitView>,
}

/// The breadcrumb's first link: the dashboard, for those who may see it.
pub(crate) fn home_href(signed_in: &SignedIn) -> &'static str {
    if signed_in.user.role.allows(Permission::SeeFigures) {
        "/"
    } else {
        "/workers"
    }
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "Yes".to_owned(),
        Some(false) => "No".to_owned(),
        None => "Not known".to_owned(),
    }
}

fn or_not_recorded(value: Option<String>) -> String {
    value.unwrap_or_else(|| "Not recorded".to_owned())
}

fn details(worker: &Worker) -> Vec<Detail> {
    let qualification = [
        worker
            .qualification_level
            .map(|level| humanise(level.as_str())),
        worker.qualification_institution.clone(),
        worker
            .qualified_on
            .map(|date| format!("qualified {}", long_date(date))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    vec![
        Detail {
            key: "Worker ID",
            value: worker.id.to_string(),
        },
        Detail {
            key: "Social Work England number",
            value: or_not_recorded(worker.swe_number.as_ref().map(ToString::to_string)),
        },
        Detail {
            key: "Gender",
            value: or_not_recorded(worker.gender.map(|gender| humanise(gender.as_str()))),
        },
        Detail {
            key: "Date of birth",
            value: maybe_date(worker.date_of_birth, "Not recorded"),
        },
        Detail {
            key: "Ethnicity",
            value: or_not_recorded(worker.ethnicity.map(ethnicity_label)),
        },
        Detail {
            key: "Route into social work",
            value: or_not_recorded(worker.route.map(|route| humanise(route.as_str()))),
        },
        Detail {
            key: "Qualification",
            value: or_not_recorded((!qualification.is_empty()).then_some(qualification)),
        },
        Detail {
            key: "British Sign Language",
            value: yes_no(worker.bsl),
        },
        Detail {
            key: "Languages",
            value: or_not_recorded(
                (!worker.languages.is_empty()).then(|| worker.languages.join(", ")),
            ),
        },
    ]
}

fn dates(start: Date, end: Option<Date>) -> String {
    match end {
        Some(end) => format!("{} to {}", long_date(start), long_date(end)),
        None => format!("{} to now", long_date(start)),
    }
}

fn employments(people: &People<'_>, worker: &Worker, may_edit: bool) -> Vec<EmploymentView> {
    people
        .employments(&worker.id)
        .into_iter()
        .rev()
        .map(|employment| {
            let span = employment.span();
            let mut details = vec![Detail {
                key: "Came from",
                value: humanise(
                    employment
                        .start_origin()
                        .map_or("not_known", |origin| origin.as_str()),
                ),
            }];
            if let Some(leaving) = employment.leaving() {
                details.push(Detail {
                    key: "Leaving reason",
                    value: humanise(leaving.reason.as_str()),
                });
                details.push(Detail {
                    key: "Went to",
                    value: humanise(
                        leaving
                            .destination
                            .map_or("not_known", |destination| destination.as_str()),
                    ),
                });
            }
            let assignments = people
                .assignments(employment.id())
                .into_iter()
                .map(|assignment| AssignmentView {
                    dates: dates(assignment.span.start(), assignment.span.end()),
                    team: people.team_name(assignment.team_id.as_ref()),
                    role: role_label(assignment.role),
                    contract: humanise(assignment.contract.as_str()),
                    fte: assignment.fte.to_string(),
                })
                .collect();
            EmploymentView {
                id: employment.id().to_string(),
                dates: dates(span.start(), span.end()),
                change_href: may_edit.then(|| employment::edit_href(&worker.id, employment.id())),
                details,
                assignments,
            }
        })
        .collect()
}

/// The page of one person, without recording the view.
fn person_page(
    signed_in: &SignedIn,
    people: &People<'_>,
    worker: &Worker,
    saved: bool,
) -> PersonPage {
    let workforce = people.workforce;
    let may_edit = signed_in.user.role.allows(Permission::EditPeople);
    let mut caseloads: Vec<_> = workforce
        .caseloads
        .iter()
        .filter(|caseload| caseload.worker_id == worker.id)
        .collect();
    caseloads.sort_by_key(|caseload| std::cmp::Reverse(caseload.as_of));
    let caseload_total = caseloads.len();
    let memberships = workforce
        .academy_members
        .iter()
        .filter(|member| member.worker_id() == &worker.id)
        .map(|member| MembershipView {
            cohort: workforce
                .cohorts
                .iter()
                .find(|cohort| cohort.id == *member.cohort_id())
                .map_or_else(
                    || member.cohort_id().to_string(),
                    |cohort| cohort.name.clone(),
                ),
            joined: long_date(member.joined_on()),
            completed: maybe_date(member.completed_on(), "Not yet"),
            outcome: member.asye_outcome().map_or_else(
                || "Not recorded".to_owned(),
                |outcome| humanise(outcome.as_str()),
            ),
        })
        .collect();
    let mut absences: Vec<_> = workforce
        .absences
        .iter()
        .filter(|absence| absence.worker_id() == &worker.id)
        .collect();
    absences.sort_by_key(|absence| std::cmp::Reverse(absence.start_date()));
    let exits = workforce
        .exit_interviews
        .iter()
        .filter(|interview| interview.worker_id == worker.id)
        .map(|interview| ExitView {
            held_on: long_date(interview.held_on),
            reason: humanise(interview.primary_reason.as_str()),
            would_return: interview.would_return.map_or_else(
                || "Not known".to_owned(),
                |answer| humanise(answer.as_str()),
            ),
            comments: interview.comments.clone().unwrap_or_default(),
        })
        .collect();
    PersonPage {
        page: Page::for_user(signed_in, "/workers"),
        home_href: home_href(signed_in),
        name: full_name(worker),
        saved,
        edit_href: may_edit.then(|| format!("{}/edit", person_href(&worker.id))),
        subject_access_href: signed_in
            .user
            .role
            .allows(Permission::AnswerSubjectAccess)
            .then(|| crate::html::subject_access::href(&worker.id)),
        details: details(worker),
        employments: employments(people, worker, may_edit),
        caseloads: caseloads
            .into_iter()
            .take(24)
            .map(|caseload| CaseloadView {
                as_of: long_date(caseload.as_of),
                cases: caseload.cases,
            })
            .collect(),
        caseload_total,
        memberships,
        absences: absences
            .into_iter()
            .map(|absence| AbsenceView {
                start: long_date(absence.start_date()),
                end: maybe_date(absence.end_date(), "Still absent"),
                reason: absence_label(absence.reason()),
                days: absence.working_days_lost().to_string(),
            })
            .collect(),
        exits,
    }
}

/// A person's name as the pages write it.
pub(crate) fn full_name(worker: &Worker) -> String {
    format!("{} {}", worker.given_name, worker.family_name)
}

/// What a person's page may be asked.
#[derive(Debug, Default, Deserialize)]
pub struct PersonQuery {
    saved: Option<String>,
}

/// Records that the user saw a person's record: one "view person" entry.
pub(crate) async fn record_view(
    state: &AppState,
    signed_in: &SignedIn,
    workforce: &Workforce,
    worker: &Worker,
) -> Result<(), WebError> {
    state
        .store
        .record_audit(&[AuditEntry {
            council: workforce.council,
            actor: signed_in.user.email.clone(),
            action: "view person".into(),
            detail: format!("worker {}", worker.id),
        }])
        .await?;
    Ok(())
}

/// `GET /workers/{worker_id}`: a person's page, recorded in the audit trail. Anyone
/// the user may not see is not found, so that IDs are not confirmed.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Query(query): Query<PersonQuery>,
) -> Result<PersonPage, WebError> {
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, Utc::now().date_naive());
    let worker = people.find(&worker_id).ok_or(WebError::NotFound)?;
    let page = person_page(
        &signed_in,
        &people,
        worker,
        query.saved.as_deref() == Some("1"),
    );
    record_view(&state, &signed_in, &workforce, worker).await?;
    Ok(page)
}

/// The edit form's fields, exactly as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EditForm {
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    swe_number: String,
    #[serde(default)]
    gender: String,
    #[serde(default, rename = "date_of_birth-day")]
    day: String,
    #[serde(default, rename = "date_of_birth-month")]
    month: String,
    #[serde(default, rename = "date_of_birth-year")]
    year: String,
    #[serde(default)]
    ethnicity: String,
    #[serde(default)]
    route: String,
    #[serde(default)]
    bsl: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    csrf_token: String,
}

impl EditForm {
    /// The form filled in with what is stored.
    fn of(worker: &Worker) -> Self {
        let date = worker.date_of_birth;
        Self {
            given_name: worker.given_name.clone(),
            family_name: worker.family_name.clone(),
            swe_number: worker
                .swe_number
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            gender: worker
                .gender
                .map(|gender| gender.as_str().to_owned())
                .unwrap_or_default(),
            day: date.map(|d| d.day().to_string()).unwrap_or_default(),
            month: date.map(|d| d.month().to_string()).unwrap_or_default(),
            year: date.map(|d| d.year().to_string()).unwrap_or_default(),
            ethnicity: worker
                .ethnicity
                .map(|ethnicity| ethnicity.as_str().to_owned())
                .unwrap_or_default(),
            route: worker
                .route
                .map(|route| route.as_str().to_owned())
                .unwrap_or_default(),
            bsl: match worker.bsl {
                Some(true) => "yes",
                Some(false) => "no",
                None => "not_known",
            }
            .to_owned(),
            languages: worker.languages.join("; "),
            csrf_token: String::new(),
        }
    }
}

/// What is wrong with each field, if anything.
#[derive(Debug, Default)]
struct EditErrors {
    given_name: Option<String>,
    family_name: Option<String>,
    swe_number: Option<String>,
    gender: Option<String>,
    date_of_birth: Option<String>,
    ethnicity: Option<String>,
    route: Option<String>,
    bsl: Option<String>,
    languages: Option<String>,
}

impl EditErrors {
    /// The error summary's list, in the order of the form.
    fn summary(&self) -> Vec<FieldError> {
        [
            ("given_name", &self.given_name),
            ("family_name", &self.family_name),
            ("swe_number", &self.swe_number),
            ("gender", &self.gender),
            ("date_of_birth-day", &self.date_of_birth),
            ("ethnicity", &self.ethnicity),
            ("route", &self.route),
            ("bsl", &self.bsl),
            ("languages", &self.languages),
        ]
        .into_iter()
        .filter_map(|(field, message)| {
            message.as_ref().map(|message| FieldError {
                field,
                message: message.clone(),
            })
        })
        .collect()
    }

    fn is_empty(&self) -> bool {
        self.summary().is_empty()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "person_edit.html")]
/// The edit form.
pub struct EditPage {
    page: Page,
    home_href: &'static str,
    name: String,
    person_href: String,
    action: String,
    errors: Vec<FieldError>,
    error: EditErrors,
    form: EditForm,
    genders: Vec<Choice>,
    ethnicities: Vec<Choice>,
    routes: Vec<Choice>,
    bsl_choices: Vec<Choice>,
}

fn edit_page(signed_in: &SignedIn, worker: &Worker, form: EditForm, error: EditErrors) -> EditPage {
    let genders = Gender::ALL
        .iter()
        .map(|gender| Choice::new(gender.as_str(), humanise(gender.as_str()), &form.gender))
        .collect();
    let mut ethnicities = vec![Choice::new("", "Not recorded", &form.ethnicity)];
    ethnicities.extend(Ethnicity::ALL.iter().map(|ethnicity| {
        Choice::new(
            ethnicity.as_str(),
            ethnicity_label(*ethnicity),
            &form.ethnicity,
        )
    }));
    let mut routes = vec![Choice::new("", "Not recorded", &form.route)];
    routes.extend(
        Route::ALL
            .iter()
            .filter(|route| **route != Route::Unknown)
            .map(|route| Choice::new(route.as_str(), humanise(route.as_str()), &form.route)),
    );
    routes.push(Choice::new("unknown", "Not known", &form.route));
    let bsl_choices = vec![
        Choice::new("yes", "Yes", &form.bsl),
        Choice::new("no", "No", &form.bsl),
        Choice::new("not_known", "Not known", &form.bsl),
    ];
    let href = person_href(&worker.id);
    EditPage {
        page: Page::for_user(signed_in, "/workers"),
        home_href: home_href(signed_in),
        name: full_name(worker),
        action: format!("{href}/edit"),
        person_href: href,
        errors: error.summary(),
        error,
        form,
        genders,
        ethnicities,
        routes,
        bsl_choices,
    }
}

/// The longest name accepted.
const MAX_NAME: usize = 100;

fn name(text: &str, empty: &str, what: &str, error: &mut Option<String>) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        *error = Some(empty.to_owned());
    } else if trimmed.chars().count() > MAX_NAME {
        *error = Some(format!("{what} must be {MAX_NAME} characters or fewer"));
    } else if trimmed.chars().any(char::is_control) {
        *error = Some(format!("{what} must be on one line"));
    }
    trimmed.to_owned()
}

/// Reads the date of birth's three boxes: all empty is no date, and a date of birth is
/// in the past.
fn date_of_birth(form: &EditForm, today: Date) -> Result<Option<Date>, String> {
    let date = date_input("Date of birth", &form.day, &form.month, &form.year)?;
    if date.is_some_and(|date| date >= today) {
        return Err("Date of birth must be in the past".to_owned());
    }
    Ok(date)
}

/// Checks the form; the changed worker, or what is wrong with each field.
fn check(form: &EditForm, stored: &Worker, today: Date) -> Result<Worker, Box<EditErrors>> {
    let mut error = EditErrors::default();
    let given_name = name(
        &form.given_name,
        "Enter the given name",
        "Given name",
        &mut error.given_name,
    );
    let family_name = name(
        &form.family_name,
        "Enter the family name",
        "Family name",
        &mut error.family_name,
    );
    let swe_number = if form.swe_number.trim().is_empty() {
        None
    } else if let Ok(number) = SweNumber::parse(&form.swe_number) {
        Some(number)
    } else {
        error.swe_number = Some(
            "Enter a Social Work England number in the right format, like SW123456".to_owned(),
        );
        None
    };
    let gender = if form.gender.trim().is_empty() {
        None
    } else {
        Gender::parse(&form.gender)
            .map_err(|_| error.gender = Some("Select a gender from the list".to_owned()))
            .ok()
    };
    let date_of_birth = date_of_birth(form, today)
        .map_err(|message| error.date_of_birth = Some(message))
        .ok()
        .flatten();
    let ethnicity = if form.ethnicity.trim().is_empty() {
        None
    } else {
        Ethnicity::parse(&form.ethnicity)
            .map_err(|_| error.ethnicity = Some("Select an ethnicity from the list".to_owned()))
            .ok()
    };
    let route = if form.route.trim().is_empty() {
        None
    } else {
        Route::parse(&form.route)
            .map_err(|_| {
                error.route = Some("Select a route into social work from the list".to_owned());
            })
            .ok()
    };
    let bsl = match form.bsl.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        "not_known" | "" => None,
        _ => {
            error.bsl =
                Some("Select whether they are proficient in British Sign Language".to_owned());
            None
        }
    };
    let languages: Vec<String> = form
        .languages
        .split(';')
        .map(str::trim)
        .filter(|language| !language.is_empty())
        .map(ToOwned::to_owned)
        .collect();
    if languages
        .iter()
        .any(|language| language.chars().any(char::is_control))
    {
        error.languages = Some("Languages must be on one line, separated by ;".to_owned());
    } else if form.languages.chars().count() > 500 {
        error.languages = Some("Languages must be 500 characters or fewer".to_owned());
    }
    if !error.is_empty() {
        return Err(Box::new(error));
    }
    Ok(Worker {
        id: stored.id.clone(),
        given_name,
        family_name,
        swe_number,
        gender,
        date_of_birth,
        ethnicity,
        qualified_on: stored.qualified_on,
        qualification_institution: stored.qualification_institution.clone(),
        qualification_level: stored.qualification_level,
        route,
        bsl,
        languages,
    })
}

/// `GET /workers/{worker_id}/edit`: the form, filled in with what is stored. Showing
/// it shows the person's details, so it is recorded as a view.
pub async fn edit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
) -> Result<EditPage, WebError> {
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, Utc::now().date_naive());
    let worker = people.find(&worker_id).ok_or(WebError::NotFound)?;
    let page = edit_page(
        &signed_in,
        worker,
        EditForm::of(worker),
        EditErrors::default(),
    );
    record_view(&state, &signed_in, &workforce, worker).await?;
    Ok(page)
}

/// `POST /workers/{worker_id}/edit`: checks the form; saves it through the import
/// (which checks the council's rules and records one "edit person" entry) and goes
/// back to the person's page, or shows the form again with what is wrong.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(form): Form<EditForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let (council, workforce) = people::load(&state, &signed_in).await?;
    let today = Utc::now().date_naive();
    let people = People::new(&workforce, &signed_in.user, today);
    let stored = people.find(&worker_id).ok_or(WebError::NotFound)?;
    let changed = match check(&form, stored, today) {
        Ok(changed) => changed,
        Err(error) => return Ok(edit_page(&signed_in, stored, form, *error).into_response()),
    };
    let mut one_worker = Workforce::new(council);
    one_worker.workers.push(changed);
    let mut upload = Upload::generated(vec![one_worker]);
    // Only workers.csv is in the upload, so the audit entry names only it.
    upload.files = vec![BulkFile::Workers];
    let description = format!("edit form for worker {}", stored.id);
    let source = ImportSource {
        actor: &signed_in.user.email,
        description: &description,
        action: "edit person",
        council_names: &[],
    };
    match pathway_app::import(state.store.as_ref(), upload, ImportMode::Write, source).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?saved=1", person_href(&stored.id))).into_response()),
        Err(ImportError::Store(error)) => Err(error.into()),
        Err(ImportError::Invalid(problems)) => {
            let mut error = EditErrors::default();
            for problem in problems.shown() {
                if problem.column.as_deref() == Some("swe_number") {
                    error.swe_number = Some(
                        "Another person's record already has this Social Work England number"
                            .to_owned(),
                    );
                } else {
                    error.given_name.get_or_insert_with(|| {
                        format!("These details cannot be saved: {}", problem.message)
                    });
                }
            }
            Ok(edit_page(&signed_in, stored, form, error).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn form(day: &str, month: &str, year: &str) -> EditForm {
        EditForm {
            day: day.into(),
            month: month.into(),
            year: year.into(),
            ..EditForm::default()
        }
    }

    fn today() -> Date {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
    }

    #[test]
    fn a_date_of_birth_must_be_a_real_past_date_or_left_empty() {
        assert_eq!(date_of_birth(&form("", "", ""), today()), Ok(None));
        assert_eq!(
            date_of_birth(&form("4", "3", "1980"), today()),
            Ok(NaiveDate::from_ymd_opt(1980, 3, 4))
        );
        assert_eq!(
            date_of_birth(&form("31", "2", "1980"), today()),
            Err("Date of birth must be a real date".to_owned())
        );
        assert_eq!(
            date_of_birth(&form("4", "", "1980"), today()),
            Err("Date of birth must include a month".to_owned())
        );
        assert_eq!(
            date_of_birth(&form("4", "3", "80"), today()),
            Err("Year must include 4 numbers".to_owned())
        );
        assert_eq!(
            date_of_birth(&form("4", "3", "2030"), today()),
            Err("Date of birth must be in the past".to_owned())
        );
    }
}
