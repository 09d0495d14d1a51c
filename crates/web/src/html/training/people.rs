//! A person's training record: their mandatory training today, every course they
//! booked or completed, and (for those who run training) recording a course completed
//! without a course date. Every view is recorded in the audit trail.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_training;
use pathway_domain::records::Worker;
use pathway_domain::training::mandatory::status;
use pathway_domain::training::{Completion, CourseId, TrainingChange};

use super::courses::SavedQuery;
use super::{
    Loaded, StatusTag, course_href, date_href, load, may_run, reach, record_href, refusal, request,
    skills_href, today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError, record_view};
use crate::html::people::{Choice, long_date, maybe_date};
use crate::html::person::home_href;
use crate::html::recruitment::fields::{FieldErrors, required_date};
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// One mandatory course's status.
#[derive(Debug)]
struct StatusLine {
    course: String,
    href: String,
    completed: String,
    tag: StatusTag,
}

/// One line of the record.
#[derive(Debug)]
struct RecordRow {
    course: String,
    href: String,
    on: String,
    status: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_person.html")]
/// A person's training record.
pub struct RecordPage {
    page: Page,
    home_href: &'static str,
    saved: bool,
    name: String,
    worker_id: String,
    action: String,
    skills_href: String,
    today: String,
    mandatory: Vec<StatusLine>,
    record: Vec<RecordRow>,
    may_run: bool,
    courses: Vec<Choice>,
    day: String,
    month: String,
    year: String,
    errors: Vec<SummaryError>,
    error: FieldErrors,
}

fn find<'l>(signed_in: &SignedIn, loaded: &'l Loaded, id: &str) -> Result<&'l Worker, WebError> {
    reach(&loaded.workforce, signed_in)
        .find(id)
        .ok_or(WebError::NotFound)
}

fn record_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    worker: &Worker,
    typed: Option<&FormFields>,
    error: FieldErrors,
    saved: bool,
) -> RecordPage {
    let today = today();
    let within = loaded.training.settings.reminder_days;
    let mut mandatory: Vec<_> = loaded
        .training
        .courses
        .iter()
        .filter(|c| c.mandatory)
        .collect();
    mandatory.sort_by(|a, b| a.title.cmp(&b.title));
    let title = |id: &CourseId| {
        loaded
            .training
            .course(id)
            .map_or_else(|| id.to_string(), |c| c.title.clone())
    };
    let chosen = typed.map(|f| f.get("course_id")).unwrap_or_default();
    let mut courses = vec![Choice::new("", "Choose a course", &chosen)];
    let mut all: Vec<_> = loaded.training.courses.iter().collect();
    all.sort_by(|a, b| a.title.cmp(&b.title));
    courses.extend(
        all.iter()
            .map(|c| Choice::new(c.id.as_str(), c.title.as_str(), &chosen)),
    );
    RecordPage {
        page: Page::for_user(signed_in, "/training"),
        home_href: home_href(signed_in),
        saved,
        name: format!("{} {}", worker.given_name, worker.family_name),
        worker_id: worker.id.to_string(),
        action: record_href(&worker.id),
        skills_href: skills_href(&worker.id),
        today: long_date(today),
        mandatory: mandatory
            .into_iter()
            .map(|c| {
                let status = status(&loaded.training, &c.id, &worker.id, today, within);
                StatusLine {
                    course: c.title.clone(),
                    href: course_href(&c.id),
                    completed: maybe_date(status.completed_on(), "Not completed"),
                    tag: StatusTag::of(status),
                }
            })
            .collect(),
        record: loaded
            .training
            .record_of(&worker.id)
            .into_iter()
            .map(|line| RecordRow {
                course: title(&line.course_id),
                href: line.number.map_or_else(
                    || course_href(&line.course_id),
                    |n| date_href(&line.course_id, n),
                ),
                on: maybe_date(line.on, "No date"),
                status: if line.number.is_none() {
                    "Completed"
                } else {
                    line.status.label()
                },
            })
            .collect(),
        may_run: may_run(signed_in),
        courses,
        day: typed.map(|f| f.get("completed_on-day")).unwrap_or_default(),
        month: typed
            .map(|f| f.get("completed_on-month"))
            .unwrap_or_default(),
        year: typed
            .map(|f| f.get("completed_on-year"))
            .unwrap_or_default(),
        errors: error.summary(),
        error,
    }
}

/// `GET /training/people/{worker_id}`: a person's training record, recorded in the
/// audit trail; anyone out of the user's reach is not found.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<RecordPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let worker = find(&signed_in, &loaded, &worker_id)?;
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view training record",
        format!("worker {}", worker.id),
    )
    .await?;
    Ok(record_page(
        &signed_in,
        &loaded,
        worker,
        None,
        FieldErrors::default(),
        query.saved().is_some(),
    ))
}

/// `POST /training/people/{worker_id}`: records a course completed without a course
/// date (an online course done at the person's own pace).
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let worker = find(&signed_in, &loaded, &worker_id)?;
    let mut error = FieldErrors::default();
    let course = CourseId::parse(&fields.get("course_id"))
        .ok()
        .filter(|id| loaded.training.course(id).is_some());
    if course.is_none() {
        error.add("course_id", "Choose the course completed");
    }
    let completed_on = required_date(&fields, &mut error, "completed_on", "Date completed");
    if completed_on.is_some_and(|d| d > today()) {
        error.add(
            "completed_on",
            "Date completed must be today or in the past",
        );
    }
    let (Some(course_id), Some(completed_on)) = (course, completed_on) else {
        return Ok(
            record_page(&signed_in, &loaded, worker, Some(&fields), error, false).into_response(),
        );
    };
    if !error.is_empty() {
        return Ok(
            record_page(&signed_in, &loaded, worker, Some(&fields), error, false).into_response(),
        );
    }
    let description = format!("completion of course {course_id} by {}", worker.id);
    match change_training(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![TrainingChange::PutCompletion(Completion {
            course_id,
            worker_id: worker.id.clone(),
            completed_on,
        })],
    )
    .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?saved=completion", record_href(&worker.id))).into_response(),
        ),
        Err(refused) => {
            error.add("course_id", refusal(refused)?);
            Ok(
                record_page(&signed_in, &loaded, worker, Some(&fields), error, false)
                    .into_response(),
            )
        }
    }
}
