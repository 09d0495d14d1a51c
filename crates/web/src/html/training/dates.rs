//! A course date: its bookings, booking someone on it, and its register, usable
//! without JavaScript (one radio group per booking).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_training;
use pathway_domain::ids::WorkerId;
use pathway_domain::training::mandatory::in_post;
use pathway_domain::training::{
    Booking, BookingStatus, Course, CourseDate, CourseId, TrainingChange,
};

use super::courses::SavedQuery;
use super::{
    Loaded, course_href, date_href, load, may_run, name_of, reach, record_href, refusal, request,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::{Choice, long_date};
use crate::html::person::home_href;
use crate::html::recruitment::fields::FieldErrors;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// One booking in the register.
#[derive(Debug)]
struct BookingRow {
    worker_id: String,
    name: String,
    href: String,
    status: &'static str,
    choices: Vec<Choice>,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_date.html")]
/// A course date's page.
pub struct DatePage {
    page: Page,
    home_href: &'static str,
    saved: Option<&'static str>,
    course_title: String,
    course_href: String,
    action: String,
    date: String,
    times: String,
    place: String,
    places: String,
    may_run: bool,
    bookings: Vec<BookingRow>,
    bookable: Vec<Choice>,
    errors: Vec<SummaryError>,
    error: FieldErrors,
}

fn find<'l>(
    loaded: &'l Loaded,
    course: &str,
    number: &str,
) -> Result<(&'l Course, &'l CourseDate), WebError> {
    let id = CourseId::parse(course).map_err(|_| WebError::NotFound)?;
    let course = loaded.training.course(&id).ok_or(WebError::NotFound)?;
    let number: u16 = number.parse().map_err(|_| WebError::NotFound)?;
    let date = loaded
        .training
        .date(&id, number)
        .ok_or(WebError::NotFound)?;
    Ok((course, date))
}

fn date_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    course: &Course,
    date: &CourseDate,
    typed: Option<&FormFields>,
    error: FieldErrors,
    saved: Option<&'static str>,
) -> DatePage {
    let people = reach(&loaded.workforce, signed_in);
    let mut booked: Vec<&Booking> = loaded
        .training
        .bookings_on(&date.course_id, date.number)
        .into_iter()
        .filter(|b| people.may_see(&b.worker_id))
        .collect();
    booked.sort_by_key(|b| {
        (
            name_of(&loaded.workforce, &b.worker_id),
            b.worker_id.clone(),
        )
    });
    let bookings = booked
        .iter()
        .map(|b| {
            let field = format!("status-{}", b.worker_id);
            let current = typed.map_or_else(|| b.status.as_str().to_owned(), |f| f.get(&field));
            BookingRow {
                worker_id: b.worker_id.to_string(),
                name: name_of(&loaded.workforce, &b.worker_id),
                href: record_href(&b.worker_id),
                status: b.status.label(),
                choices: BookingStatus::ALL
                    .iter()
                    .map(|s| Choice::new(s.as_str(), s.label(), &current))
                    .collect(),
            }
        })
        .collect();
    let chosen = typed.map(|f| f.get("worker_id")).unwrap_or_default();
    let mut bookable = vec![Choice::new("", "Choose a person", &chosen)];
    bookable.extend(
        in_post(&loaded.workforce, date.date.min(super::today()))
            .into_iter()
            .filter(|(id, _, _)| people.may_see(id))
            .filter(|(id, _, _)| !booked.iter().any(|b| &b.worker_id == id))
            .map(|(id, name, _)| Choice::new(id.as_str(), format!("{name} ({id})"), &chosen)),
    );
    let taken = loaded
        .training
        .bookings_on(&date.course_id, date.number)
        .iter()
        .filter(|b| b.status != BookingStatus::Cancelled)
        .count();
    DatePage {
        page: Page::for_user(signed_in, "/training"),
        home_href: home_href(signed_in),
        saved,
        course_title: course.title.clone(),
        course_href: course_href(&course.id),
        action: date_href(&date.course_id, date.number),
        date: long_date(date.date),
        times: format!(
            "{} to {}",
            date.starts_at.format("%H:%M"),
            date.ends_at.format("%H:%M")
        ),
        place: date.place.clone(),
        places: format!("{taken} of {} booked", date.capacity),
        may_run: may_run(signed_in),
        bookings,
        bookable,
        errors: error.summary(),
        error,
    }
}

/// `GET /training/courses/{course_id}/dates/{number}`: the date, its bookings of
/// people the user reaches, and (for those who run training) booking and the register.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((course_id, number)): Path<(String, String)>,
    Query(query): Query<SavedQuery>,
) -> Result<DatePage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let (course, date) = find(&loaded, &course_id, &number)?;
    let saved = match query.saved().as_deref() {
        Some("register") => Some("Register saved"),
        Some("booking") => Some("Booking made"),
        _ => None,
    };
    Ok(date_page(
        &signed_in,
        &loaded,
        course,
        date,
        None,
        FieldErrors::default(),
        saved,
    ))
}

/// `POST /training/courses/{course_id}/dates/{number}`: books someone
/// (`section=book`) or saves the register (`section=register`): every booking's
/// status in one change; an attendance completes the course on the date's day.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((course_id, number)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let (course, date) = find(&loaded, &course_id, &number)?;
    let people = reach(&loaded.workforce, &signed_in);
    let mut error = FieldErrors::default();
    let (changes, description, saved, field) = match fields.get("section").as_str() {
        "book" => {
            let chosen = fields.get("worker_id");
            match WorkerId::parse(&chosen)
                .ok()
                .filter(|id| people.may_see(id))
            {
                Some(worker_id) => (
                    vec![TrainingChange::PutBooking(Booking {
                        course_id: course.id.clone(),
                        number: date.number,
                        worker_id: worker_id.clone(),
                        status: BookingStatus::Booked,
                        completed_on: None,
                    })],
                    format!(
                        "booked {worker_id} on course {} date {}",
                        course.id, date.number
                    ),
                    "booking",
                    "worker_id",
                ),
                None => {
                    error.add("worker_id", "Choose the person to book");
                    return Ok(date_page(
                        &signed_in,
                        &loaded,
                        course,
                        date,
                        Some(&fields),
                        error,
                        None,
                    )
                    .into_response());
                }
            }
        }
        "register" => {
            let mut changes = Vec::new();
            for booking in loaded.training.bookings_on(&date.course_id, date.number) {
                if !people.may_see(&booking.worker_id) {
                    continue;
                }
                let field = format!("status-{}", booking.worker_id);
                let value = fields.get(&field);
                if value.is_empty() {
                    continue;
                }
                match BookingStatus::parse(&value) {
                    Ok(status) if status != booking.status => {
                        changes.push(TrainingChange::PutBooking(Booking {
                            status,
                            completed_on: None,
                            ..booking.clone()
                        }))
                    }
                    Ok(_) => {}
                    Err(_) => error.add(
                        &field,
                        format!(
                            "Select booked, attended, did not attend or cancelled for {}",
                            name_of(&loaded.workforce, &booking.worker_id)
                        ),
                    ),
                }
            }
            if !error.is_empty() {
                return Ok(date_page(
                    &signed_in,
                    &loaded,
                    course,
                    date,
                    Some(&fields),
                    error,
                    None,
                )
                .into_response());
            }
            let count = changes.len();
            (
                changes,
                format!(
                    "register of course {} date {}: {count} changed",
                    course.id, date.number
                ),
                "register",
                "register",
            )
        }
        _ => return Err(WebError::NotFound),
    };
    match change_training(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        changes,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?saved={saved}",
            date_href(&date.course_id, date.number)
        ))
        .into_response()),
        Err(refused) => {
            error.add(field, refusal(refused)?);
            Ok(date_page(
                &signed_in,
                &loaded,
                course,
                date,
                Some(&fields),
                error,
                None,
            )
            .into_response())
        }
    }
}
