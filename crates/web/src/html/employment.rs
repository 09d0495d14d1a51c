//! The form that changes one employment: how HR records a leaver (end date, reason
//! and destination) or corrects a start date.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Utc};
use pathway_app::{ImportError, ImportMode, ImportSource, Upload};
use pathway_domain::codes::{Destination, LeavingReason, StartOrigin};
use pathway_domain::ids::{EmploymentId, WorkerId};
use pathway_domain::records::{Employment, EmploymentError, Worker};
use pathway_domain::values::{Date, Span};
use pathway_domain::{BulkFile, Workforce};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{self, Choice, People, encode, humanise, person_href};
use crate::html::person::{full_name, home_href, record_view};
use crate::page::{FieldError, Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// The link to the form that changes an employment.
pub fn edit_href(worker: &WorkerId, employment: &EmploymentId) -> String {
    format!(
        "{}/employments/{}/edit",
        person_href(worker),
        encode(employment.as_str())
    )
}

/// The person and the employment of theirs that the user may change; anyone or
/// anything else, in this council or not, is simply not found.
fn find<'w>(
    people: &People<'w>,
    worker_id: &str,
    employment_id: &str,
) -> Result<(&'w Worker, &'w Employment), WebError> {
    let worker = people.find(worker_id).ok_or(WebError::NotFound)?;
    let employment = people
        .employments(&worker.id)
        .into_iter()
        .find(|employment| employment.id().as_str() == employment_id)
        .ok_or(WebError::NotFound)?;
    Ok((worker, employment))
}

/// The form's fields, exactly as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EmploymentForm {
    #[serde(default, rename = "start_date-day")]
    start_day: String,
    #[serde(default, rename = "start_date-month")]
    start_month: String,
    #[serde(default, rename = "start_date-year")]
    start_year: String,
    #[serde(default, rename = "end_date-day")]
    end_day: String,
    #[serde(default, rename = "end_date-month")]
    end_month: String,
    #[serde(default, rename = "end_date-year")]
    end_year: String,
    #[serde(default)]
    start_origin: String,
    #[serde(default)]
    leaving_reason: String,
    #[serde(default)]
    destination: String,
    #[serde(default)]
    csrf_token: String,
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

impl EmploymentForm {
    /// The form filled in with what is stored.
    fn of(employment: &Employment) -> Self {
        let span = employment.span();
        let [start_day, start_month, start_year] = boxes(Some(span.start()));
        let [end_day, end_month, end_year] = boxes(span.end());
        let leaving = employment.leaving();
        Self {
            start_day,
            start_month,
            start_year,
            end_day,
            end_month,
            end_year,
            start_origin: employment
                .start_origin()
                .map(|origin| origin.as_str().to_owned())
                .unwrap_or_default(),
            leaving_reason: leaving
                .map(|leaving| leaving.reason.as_str().to_owned())
                .unwrap_or_default(),
            destination: leaving
                .and_then(|leaving| leaving.destination)
                .map(|destination| destination.as_str().to_owned())
                .unwrap_or_default(),
            csrf_token: String::new(),
        }
    }
}

/// What is wrong with each field, if anything: a field may have more than one
/// problem when the council's rules are broken.
#[derive(Debug, Default)]
struct EmploymentErrors {
    start_date: Vec<String>,
    end_date: Vec<String>,
    start_origin: Vec<String>,
    leaving_reason: Vec<String>,
    destination: Vec<String>,
}

impl EmploymentErrors {
    /// The error summary's list, in the order of the form, each linked to the
    /// field's first input.
    fn summary(&self) -> Vec<FieldError> {
        [
            ("start_date-day", &self.start_date),
            ("end_date-day", &self.end_date),
            ("start_origin", &self.start_origin),
            ("leaving_reason", &self.leaving_reason),
            ("destination", &self.destination),
        ]
        .into_iter()
        .flat_map(|(field, messages)| {
            messages.iter().map(move |message| FieldError {
                field,
                message: message.clone(),
            })
        })
        .collect()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "employment_edit.html")]
/// The form that changes an employment.
pub struct EmploymentPage {
    page: Page,
    home_href: &'static str,
    name: String,
    employment_id: String,
    person_href: String,
    action: String,
    errors: Vec<FieldError>,
    error: EmploymentErrors,
    form: EmploymentForm,
    start_origins: Vec<Choice>,
    leaving_reasons: Vec<Choice>,
    destinations: Vec<Choice>,
}

fn employment_page(
    signed_in: &SignedIn,
    worker: &Worker,
    employment: &Employment,
    form: EmploymentForm,
    error: EmploymentErrors,
) -> EmploymentPage {
    let mut start_origins = vec![Choice::new("", "Not recorded", &form.start_origin)];
    start_origins.extend(StartOrigin::ALL.iter().map(|origin| {
        Choice::new(
            origin.as_str(),
            humanise(origin.as_str()),
            &form.start_origin,
        )
    }));
    let mut leaving_reasons = vec![Choice::new("", "Not left", &form.leaving_reason)];
    leaving_reasons.extend(LeavingReason::ALL.iter().map(|reason| {
        Choice::new(
            reason.as_str(),
            humanise(reason.as_str()),
            &form.leaving_reason,
        )
    }));
    let mut destinations = vec![Choice::new("", "Not recorded", &form.destination)];
    destinations.extend(Destination::ALL.iter().map(|destination| {
        Choice::new(
            destination.as_str(),
            humanise(destination.as_str()),
            &form.destination,
        )
    }));
    EmploymentPage {
        page: Page::for_user(signed_in, "/workers"),
        home_href: home_href(signed_in),
        name: full_name(worker),
        employment_id: employment.id().to_string(),
        person_href: person_href(&worker.id),
        action: edit_href(&worker.id, employment.id()),
        errors: error.summary(),
        error,
        form,
        start_origins,
        leaving_reasons,
        destinations,
    }
}

/// Reads a select's code: empty is none.
fn code<T, E>(text: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, ()> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some).map_err(|_| ())
    }
}

/// Checks the form; the changed employment, or what is wrong with each field. The
/// rules between records are left to the import.
fn check(form: &EmploymentForm, stored: &Employment) -> Result<Employment, Box<EmploymentErrors>> {
    let mut error = EmploymentErrors::default();
    let start = match date_input(
        "Start date",
        &form.start_day,
        &form.start_month,
        &form.start_year,
    ) {
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            error.start_date.push("Enter the start date".to_owned());
            None
        }
        Err(message) => {
            error.start_date.push(message);
            None
        }
    };
    let end = date_input("End date", &form.end_day, &form.end_month, &form.end_year)
        .map_err(|message| error.end_date.push(message));
    let start_origin = code(&form.start_origin, StartOrigin::parse).map_err(|()| {
        error
            .start_origin
            .push("Select where they came from".to_owned());
    });
    let reason = code(&form.leaving_reason, LeavingReason::parse).map_err(|()| {
        error
            .leaving_reason
            .push("Select a leaving reason from the list".to_owned());
    });
    let destination = code(&form.destination, Destination::parse).map_err(|()| {
        error
            .destination
            .push("Select where they went from the list".to_owned());
    });
    let (Some(start), Ok(end), Ok(start_origin), Ok(reason), Ok(destination)) =
        (start, end, start_origin, reason, destination)
    else {
        return Err(Box::new(error));
    };
    let span = match Span::new(start, end) {
        Ok(span) => span,
        Err(_) => {
            error
                .end_date
                .push("End date must be the same as or after the start date".to_owned());
            return Err(Box::new(error));
        }
    };
    Employment::new(
        stored.id().clone(),
        stored.worker_id().clone(),
        span,
        start_origin,
        reason,
        destination,
    )
    .map_err(|problem| {
        match problem {
            EmploymentError::EndWithoutReason => error
                .leaving_reason
                .push("Select why they left, as there is an end date".to_owned()),
            EmploymentError::ReasonWithoutEnd => error
                .leaving_reason
                .push("Enter the end date, or choose ‘Not left’ as the leaving reason".to_owned()),
            EmploymentError::DestinationWithoutEnd => error
                .destination
                .push("Enter the end date, or choose ‘Not recorded’ as where they went".to_owned()),
        }
        Box::new(error)
    })
}

/// `GET /workers/{worker_id}/employments/{employment_id}/edit`: the form, filled in
/// with what is stored. Showing it shows the person's record, so it is recorded as
/// a view.
pub async fn edit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((worker_id, employment_id)): Path<(String, String)>,
) -> Result<EmploymentPage, WebError> {
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, Utc::now().date_naive());
    let (worker, employment) = find(&people, &worker_id, &employment_id)?;
    let page = employment_page(
        &signed_in,
        worker,
        employment,
        EmploymentForm::of(employment),
        EmploymentErrors::default(),
    );
    record_view(&state, &signed_in, &workforce, worker).await?;
    Ok(page)
}

/// `POST /workers/{worker_id}/employments/{employment_id}/edit`: checks the form;
/// saves it through the import (which checks that employments do not overlap and
/// assignments lie within them, and records one "edit person" entry) and goes back
/// to the person's page, or shows the form again with what is wrong.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((worker_id, employment_id)): Path<(String, String)>,
    Form(form): Form<EmploymentForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let (council, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, Utc::now().date_naive());
    let (worker, stored) = find(&people, &worker_id, &employment_id)?;
    let changed = match check(&form, stored) {
        Ok(changed) => changed,
        Err(error) => {
            return Ok(employment_page(&signed_in, worker, stored, form, *error).into_response());
        }
    };
    let mut one_employment = Workforce::new(council);
    // Someone who leaves leaves every job of the employment on that day: assignments
    // still running past the end date end with it. One that starts after the end date
    // is left as it is, and the import refuses the change with its reason.
    if let Some(end) = changed.span().end() {
        for assignment in workforce
            .assignments
            .iter()
            .filter(|a| &a.employment_id == changed.id())
        {
            let runs_past = assignment.span.end().is_none_or(|ends| ends > end);
            if runs_past && assignment.span.start() <= end {
                let mut ended = assignment.clone();
                ended.span = Span::new(assignment.span.start(), Some(end))
                    .map_err(|error| WebError::Internal(error.to_string()))?;
                one_employment.assignments.push(ended);
            }
        }
    }
    let files = if one_employment.assignments.is_empty() {
        vec![BulkFile::Employments]
    } else {
        vec![BulkFile::Employments, BulkFile::Assignments]
    };
    one_employment.employments.push(changed);
    let mut upload = Upload::generated(vec![one_employment]);
    // The audit entry names only the files the form changed.
    upload.files = files;
    let description = format!("employment form for worker {}", worker.id);
    let source = ImportSource {
        actor: &signed_in.user.email,
        description: &description,
        action: "edit person",
        council_names: &[],
    };
    match pathway_app::import(state.store.as_ref(), upload, ImportMode::Write, source).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?saved=1", person_href(&worker.id))).into_response()),
        Err(ImportError::Store(error)) => Err(error.into()),
        Err(ImportError::Invalid(problems)) => {
            let mut error = EmploymentErrors::default();
            for problem in problems.shown() {
                let field = if problem.column.as_deref() == Some("start_date") {
                    &mut error.start_date
                } else {
                    &mut error.end_date
                };
                field.push(problem.message.clone());
            }
            Ok(employment_page(&signed_in, worker, stored, form, error).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn a_date_must_be_real_and_whole_or_left_empty() {
        assert_eq!(date_input("End date", "", " ", ""), Ok(None));
        assert_eq!(
            date_input("End date", "4", "3", "2024"),
            Ok(NaiveDate::from_ymd_opt(2024, 3, 4))
        );
        assert_eq!(
            date_input("End date", "30", "2", "2024"),
            Err("End date must be a real date".to_owned())
        );
        assert_eq!(
            date_input("Start date", "4", "", ""),
            Err("Start date must include a month and year".to_owned())
        );
        assert_eq!(
            date_input("Start date", "4", "3", "24"),
            Err("Year must include 4 numbers".to_owned())
        );
    }
}
