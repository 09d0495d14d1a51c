//! A session's page: its details and the form that moves or changes it, the
//! attendance register, and catch-ups for members who missed it.
//!
//! A catch-up's register lists the members who need it: those not marked present at
//! the session it makes up for (and anyone already marked at the catch-up, so no mark
//! is hidden). Listing every member would invite marks that mean nothing, as a member
//! who attended the original has nothing to catch up.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveTime};
use pathway_app::change_academy;
use pathway_domain::academy::session::next_number;
use pathway_domain::academy::{
    AcademyChange, AcademyError, Attendance, Delivery, Mark, Session, SessionKind,
};
use pathway_domain::access::Permission;
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::values::Date;
use serde::Deserialize;

use super::{
    AcademyReach, FormFields, HOME_HREF, Loaded, Refusal, cohort_href, delivery_label, kind_label,
    load, mark_label, member_href, members_of, name_of, parse_time, record_view, refusal, request,
    session_href, sort_name, time_text, today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, long_date};
use crate::html::person::home_href;
use crate::page::{FieldError, Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// A label and a value.
#[derive(Debug)]
struct Detail {
    key: &'static str,
    value: String,
}

/// A link and its text.
#[derive(Debug)]
struct Link {
    href: String,
    text: String,
}

/// The form that changes a session, as typed.
#[derive(Debug, Clone, Default)]
struct SessionForm {
    day: String,
    month: String,
    year: String,
    starts_at: String,
    ends_at: String,
    topic: String,
    delivery: String,
    venue: String,
    facilitator: String,
}

impl SessionForm {
    fn of(session: &Session) -> Self {
        Self {
            day: session.date.day().to_string(),
            month: session.date.month().to_string(),
            year: session.date.year().to_string(),
            starts_at: time_text(session.starts_at),
            ends_at: time_text(session.ends_at),
            topic: session.topic.clone(),
            delivery: session.delivery.as_str().to_owned(),
            venue: session.venue.clone(),
            facilitator: session.facilitator.clone(),
        }
    }

    fn read(fields: &FormFields) -> Self {
        Self {
            day: fields.get("date-day"),
            month: fields.get("date-month"),
            year: fields.get("date-year"),
            starts_at: fields.get("starts_at"),
            ends_at: fields.get("ends_at"),
            topic: fields.get("topic"),
            delivery: fields.get("delivery"),
            venue: fields.get("venue"),
            facilitator: fields.get("facilitator"),
        }
    }
}

/// What is wrong with the session form's fields.
#[derive(Debug, Default)]
struct SessionErrors {
    date: Vec<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    topic: Option<String>,
    delivery: Option<String>,
}

impl SessionErrors {
    fn is_empty(&self) -> bool {
        self.summary().is_empty()
    }

    fn summary(&self) -> Vec<FieldError> {
        let mut list: Vec<FieldError> = self
            .date
            .iter()
            .map(|message| FieldError {
                field: "date-day",
                message: message.clone(),
            })
            .collect();
        for (field, error) in [
            ("starts_at", &self.starts_at),
            ("ends_at", &self.ends_at),
            ("topic", &self.topic),
            ("delivery", &self.delivery),
        ] {
            if let Some(message) = error {
                list.push(FieldError {
                    field,
                    message: message.clone(),
                });
            }
        }
        list
    }
}

/// The form that arranges a catch-up, as typed.
#[derive(Debug, Clone, Default)]
struct CatchUpForm {
    day: String,
    month: String,
    year: String,
    starts_at: String,
    ends_at: String,
    venue: String,
}

/// What is wrong with the catch-up form's fields.
#[derive(Debug, Default)]
struct CatchUpErrors {
    date: Vec<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
}

impl CatchUpErrors {
    fn summary(&self) -> Vec<FieldError> {
        let mut list: Vec<FieldError> = self
            .date
            .iter()
            .map(|message| FieldError {
                field: "catch_up_date-day",
                message: message.clone(),
            })
            .collect();
        for (field, error) in [
            ("catch_up_starts_at", &self.starts_at),
            ("catch_up_ends_at", &self.ends_at),
        ] {
            if let Some(message) = error {
                list.push(FieldError {
                    field,
                    message: message.clone(),
                });
            }
        }
        list
    }
}

/// One member in the register form: a group of radios.
#[derive(Debug)]
struct RegisterEntry {
    /// The member's name, the fieldset's legend.
    name: String,
    /// The radios' name: `mark-<worker ID>`.
    field: String,
    /// The first radio's id; the others add `-absent` and `-excused`.
    id: String,
    /// The marks, the current one selected.
    choices: Vec<Choice>,
}

/// One member's mark, for those who may read the register but not take it.
#[derive(Debug)]
struct MarkRow {
    name: String,
    href: String,
    mark: String,
}

/// One member who missed the session and has not caught up.
#[derive(Debug)]
struct MissedRow {
    name: String,
    href: String,
    mark: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "academy_session.html")]
/// A session's page.
pub struct SessionPage {
    page: Page,
    home_href: &'static str,
    cohort_name: String,
    cohort_href: String,
    topic: String,
    number: u16,
    action: String,
    catch_up_action: String,
    banner: Option<&'static str>,
    errors: Vec<FieldError>,
    details: Vec<Detail>,
    catches_up: Option<Link>,
    catch_ups: Vec<Link>,
    runs_academy: bool,
    form: SessionForm,
    error: SessionErrors,
    deliveries: Vec<Choice>,
    register_intro: String,
    register: Vec<RegisterEntry>,
    register_error: Option<String>,
    marks: Vec<MarkRow>,
    missed: Vec<MissedRow>,
    catch_up: CatchUpForm,
    catch_up_error: CatchUpErrors,
}

/// What the page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct SessionQuery {
    saved: Option<String>,
}

/// The cohort and the session the user may see; anything else is not found.
fn find<'a>(
    reach: &AcademyReach<'a>,
    loaded: &'a Loaded,
    cohort_id: &str,
    number: &str,
) -> Result<(&'a Cohort, &'a Session), WebError> {
    let cohort = reach.find_cohort(cohort_id)?;
    let number: u16 = number.parse().map_err(|_| WebError::NotFound)?;
    let session = loaded
        .academy
        .session(&cohort.id, number)
        .ok_or(WebError::NotFound)?;
    Ok((cohort, session))
}

/// Whether a member was present at a session.
fn present(loaded: &Loaded, session: &Session, member: &AcademyMember) -> bool {
    loaded.academy.attendance.iter().any(|mark| {
        mark.cohort_id == session.cohort_id
            && mark.session == session.number
            && &mark.worker_id == member.worker_id()
            && mark.mark == Mark::Present
    })
}

/// A member's mark at a session, if the register has one.
fn mark_of(loaded: &Loaded, session: &Session, member: &AcademyMember) -> Option<Mark> {
    loaded
        .academy
        .attendance
        .iter()
        .find(|mark| {
            mark.cohort_id == session.cohort_id
                && mark.session == session.number
                && &mark.worker_id == member.worker_id()
        })
        .map(|mark| mark.mark)
}

/// The members on a session's register, within the user's reach, by name: every
/// member for an induction or recall day; for a catch-up, those who were not present
/// at the session it makes up for, and anyone already marked at the catch-up.
fn register_members<'a>(
    reach: &AcademyReach<'a>,
    loaded: &'a Loaded,
    session: &Session,
) -> Vec<&'a AcademyMember> {
    let original = session
        .catches_up
        .and_then(|number| loaded.academy.session(&session.cohort_id, number));
    let mut members: Vec<&AcademyMember> = members_of(&loaded.workforce, &session.cohort_id)
        .into_iter()
        .filter(|member| reach.may_see(member.worker_id()))
        .filter(|member| match original {
            None => true,
            Some(original) => {
                !present(loaded, original, member) || mark_of(loaded, session, member).is_some()
            }
        })
        .collect();
    members.sort_by_cached_key(|member| sort_name(&loaded.workforce, member.worker_id()));
    members
}

/// Members within reach who missed a required session that has been held and have
/// not caught up.
fn missed<'a>(
    reach: &AcademyReach<'a>,
    loaded: &'a Loaded,
    session: &Session,
    today: Date,
) -> Vec<MissedRow> {
    if !session.required || session.kind == SessionKind::CatchUp || session.date > today {
        return Vec::new();
    }
    let catch_ups: Vec<&Session> = loaded
        .academy
        .sessions_of(&session.cohort_id)
        .into_iter()
        .filter(|s| s.catches_up == Some(session.number))
        .collect();
    let mut rows: Vec<(_, MissedRow)> = members_of(&loaded.workforce, &session.cohort_id)
        .into_iter()
        .filter(|member| reach.may_see(member.worker_id()))
        .filter(|member| {
            !present(loaded, session, member)
                && !catch_ups
                    .iter()
                    .any(|catch_up| present(loaded, catch_up, member))
        })
        .map(|member| {
            (
                sort_name(&loaded.workforce, member.worker_id()),
                MissedRow {
                    name: name_of(&loaded.workforce, member.worker_id()),
                    href: member_href(member.cohort_id(), member.worker_id()),
                    mark: mark_of(loaded, session, member)
                        .map_or("No mark", mark_label)
                        .to_owned(),
                },
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.into_iter().map(|(_, row)| row).collect()
}

fn delivery_choices(current: &str) -> Vec<Choice> {
    Delivery::ALL
        .iter()
        .map(|delivery| Choice::new(delivery.as_str(), delivery_label(*delivery), current))
        .collect()
}

fn mark_choices(current: &str) -> Vec<Choice> {
    Mark::ALL
        .iter()
        .map(|mark| Choice::new(mark.as_str(), mark_label(*mark), current))
        .collect()
}

/// What a page shows besides the session itself: typed input and errors.
#[derive(Debug, Default)]
struct Typed {
    form: Option<SessionForm>,
    error: SessionErrors,
    marks: Option<FormFields>,
    register_error: Option<String>,
    catch_up: Option<CatchUpForm>,
    catch_up_error: CatchUpErrors,
    banner: Option<&'static str>,
}

fn session_page(
    signed_in: &SignedIn,
    reach: &AcademyReach<'_>,
    loaded: &Loaded,
    cohort: &Cohort,
    session: &Session,
    typed: Typed,
) -> SessionPage {
    let today = today();
    let workforce = &loaded.workforce;
    let mut details = vec![
        Detail {
            key: "Date",
            value: long_date(session.date),
        },
        Detail {
            key: "Time",
            value: format!(
                "{} to {}",
                time_text(session.starts_at),
                time_text(session.ends_at)
            ),
        },
        Detail {
            key: "Kind",
            value: kind_label(session.kind).to_owned(),
        },
        Detail {
            key: "Delivery",
            value: delivery_label(session.delivery).to_owned(),
        },
        Detail {
            key: "Venue",
            value: session.venue.clone(),
        },
        Detail {
            key: "Facilitator",
            value: session.facilitator.clone(),
        },
    ];
    if session.kind != SessionKind::CatchUp {
        details.push(Detail {
            key: "Required",
            value: if session.required {
                "Yes: members must attend it or a catch-up to complete".to_owned()
            } else {
                "No".to_owned()
            },
        });
    }
    let catches_up = session.catches_up.and_then(|number| {
        loaded
            .academy
            .session(&cohort.id, number)
            .map(|original| Link {
                href: session_href(&cohort.id, number),
                text: format!("Session {number}: {}", original.topic),
            })
    });
    let catch_ups = loaded
        .academy
        .sessions_of(&cohort.id)
        .into_iter()
        .filter(|s| s.catches_up == Some(session.number))
        .map(|s| Link {
            href: session_href(&cohort.id, s.number),
            text: format!("Session {}: {}", s.number, long_date(s.date)),
        })
        .collect();
    let members = register_members(reach, loaded, session);
    let runs_academy = signed_in.user.role.allows(Permission::RunAcademy);
    let register = members
        .iter()
        .enumerate()
        .map(|(index, member)| {
            let field = format!("mark-{}", member.worker_id());
            let current = match &typed.marks {
                Some(fields) => fields.get(&field),
                None => mark_of(loaded, session, member)
                    .map(|mark| mark.as_str().to_owned())
                    .unwrap_or_default(),
            };
            RegisterEntry {
                name: name_of(workforce, member.worker_id()),
                field,
                id: format!("mark-{}", index + 1),
                choices: mark_choices(&current),
            }
        })
        .collect();
    let marks = members
        .iter()
        .map(|member| MarkRow {
            name: name_of(workforce, member.worker_id()),
            href: member_href(&cohort.id, member.worker_id()),
            mark: mark_of(loaded, session, member)
                .map_or("No mark", mark_label)
                .to_owned(),
        })
        .collect();
    let register_intro = match session.kind {
        SessionKind::CatchUp => {
            "The members who were not present at the session this catches up.".to_owned()
        }
        _ => "Every member of the cohort.".to_owned(),
    };
    let mut errors = typed.error.summary();
    if let Some(message) = &typed.register_error {
        errors.push(FieldError {
            field: "mark-1",
            message: message.clone(),
        });
    }
    errors.extend(typed.catch_up_error.summary());
    let catch_up = typed.catch_up.unwrap_or_else(|| CatchUpForm {
        starts_at: time_text(session.starts_at),
        ends_at: time_text(session.ends_at),
        venue: session.venue.clone(),
        ..CatchUpForm::default()
    });
    let form = typed.form.unwrap_or_else(|| SessionForm::of(session));
    SessionPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        cohort_name: cohort.name.clone(),
        cohort_href: cohort_href(&cohort.id),
        topic: session.topic.clone(),
        number: session.number,
        action: session_href(&cohort.id, session.number),
        catch_up_action: format!("{}/catch-up", session_href(&cohort.id, session.number)),
        banner: typed.banner,
        errors,
        details,
        catches_up,
        catch_ups,
        runs_academy,
        deliveries: delivery_choices(&form.delivery),
        form,
        error: typed.error,
        register_intro,
        register,
        register_error: typed.register_error,
        marks,
        missed: missed(reach, loaded, session, today),
        catch_up,
        catch_up_error: typed.catch_up_error,
    }
}

/// `GET /academy/cohorts/{cohort_id}/sessions/{number}`: the session, its register
/// and (for those who run the academy) the forms that change them.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((cohort_id, number)): Path<(String, String)>,
    Query(query): Query<SessionQuery>,
) -> Result<SessionPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let (cohort, session) = find(&reach, &loaded, &cohort_id, &number)?;
    let banner = match query.saved.as_deref() {
        Some("session") => Some("Session saved: every member's calendar shows the change"),
        Some("register") => Some("Register saved"),
        Some("catch-up") => Some("Catch-up arranged"),
        _ => None,
    };
    let page = session_page(
        &signed_in,
        &reach,
        &loaded,
        cohort,
        session,
        Typed {
            banner,
            ..Typed::default()
        },
    );
    // The register shows members' names and attendance.
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view session",
        format!("viewed session {} of cohort {}", session.number, cohort.id),
    )
    .await?;
    Ok(page)
}

/// Reads a date typed in three boxes: the date, or the messages for its field.
fn required_date(what: &str, day: &str, month: &str, year: &str) -> Result<Date, Vec<String>> {
    match date_input(what, day, month, year) {
        Ok(Some(date)) => Ok(date),
        Ok(None) => Err(vec![format!("Enter the {}", what.to_lowercase())]),
        Err(message) => Err(vec![message]),
    }
}

/// Reads a start and end time: both, or a message for each that is wrong.
fn times(
    starts_at: &str,
    ends_at: &str,
) -> Result<(NaiveTime, NaiveTime), (Option<String>, Option<String>)> {
    let starts = parse_time(starts_at);
    let ends = parse_time(ends_at);
    let start_error = if starts_at.trim().is_empty() {
        Some("Enter the start time".to_owned())
    } else {
        starts
            .is_none()
            .then(|| "Enter the start time as hours and minutes, like 09:30".to_owned())
    };
    let end_error = if ends_at.trim().is_empty() {
        Some("Enter the end time".to_owned())
    } else {
        ends.is_none()
            .then(|| "Enter the end time as hours and minutes, like 16:30".to_owned())
    };
    match (starts, ends) {
        (Some(starts), Some(ends)) if ends > starts => Ok((starts, ends)),
        (Some(_), Some(_)) => Err((
            None,
            Some("The end time must be after the start time".to_owned()),
        )),
        _ => Err((start_error, end_error)),
    }
}

/// Checks the session form: the changed session, or what is wrong.
fn check_session(form: &SessionForm, stored: &Session) -> Result<Session, SessionErrors> {
    let mut error = SessionErrors::default();
    let date = required_date("Date", &form.day, &form.month, &form.year)
        .map_err(|messages| error.date = messages);
    let times = times(&form.starts_at, &form.ends_at).map_err(|(starts, ends)| {
        error.starts_at = starts;
        error.ends_at = ends;
    });
    if form.topic.trim().is_empty() {
        error.topic = Some("Enter the topic".to_owned());
    }
    let delivery = Delivery::parse(&form.delivery).map_err(|_| {
        error.delivery = Some("Select face to face or online".to_owned());
    });
    match (date, times, delivery) {
        (Ok(date), Ok((starts_at, ends_at)), Ok(delivery)) if error.is_empty() => Ok(Session {
            date,
            starts_at,
            ends_at,
            topic: form.topic.trim().to_owned(),
            delivery,
            venue: form.venue.trim().to_owned(),
            facilitator: form.facilitator.trim().to_owned(),
            ..stored.clone()
        }),
        _ => Err(error),
    }
}

/// `POST /academy/cohorts/{cohort_id}/sessions/{number}`: saves the session form
/// (`section=details`) or the register (`section=register`), each in one change.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((cohort_id, number)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let (cohort, session) = find(&reach, &loaded, &cohort_id, &number)?;
    let render = |typed: Typed| {
        session_page(&signed_in, &reach, &loaded, cohort, session, typed).into_response()
    };
    let (changes, description, saved) = match fields.get("section").as_str() {
        "register" => {
            let members = register_members(&reach, &loaded, session);
            let mut marks = Vec::new();
            let mut wrong = false;
            for member in &members {
                let value = fields.get(&format!("mark-{}", member.worker_id()));
                if value.is_empty() {
                    continue;
                }
                match Mark::parse(&value) {
                    Ok(mark) => marks.push(AcademyChange::PutAttendance(Attendance {
                        cohort_id: cohort.id.clone(),
                        session: session.number,
                        worker_id: member.worker_id().clone(),
                        mark,
                        recorded_by: signed_in.user.email.clone(),
                    })),
                    Err(_) => wrong = true,
                }
            }
            if wrong || marks.is_empty() {
                return Ok(render(Typed {
                    marks: Some(fields.clone()),
                    register_error: Some(if wrong {
                        "Select present, absent or excused for each member".to_owned()
                    } else {
                        "Select present, absent or excused for at least one member".to_owned()
                    }),
                    ..Typed::default()
                }));
            }
            (
                marks,
                format!(
                    "register of session {} of cohort {}",
                    session.number, cohort.id
                ),
                "register",
            )
        }
        "details" => {
            let form = SessionForm::read(&fields);
            match check_session(&form, session) {
                Ok(changed) => (
                    vec![AcademyChange::PutSession(changed)],
                    format!("session {} of cohort {}", session.number, cohort.id),
                    "session",
                ),
                Err(error) => {
                    return Ok(render(Typed {
                        form: Some(form),
                        error,
                        ..Typed::default()
                    }));
                }
            }
        }
        _ => return Err(WebError::NotFound),
    };
    match change_academy(
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
            session_href(&cohort.id, session.number)
        ))
        .into_response()),
        Err(error) => {
            let refusal = refusal(error)?;
            let message = refusal.messages().join(" ");
            if saved == "register" {
                Ok(render(Typed {
                    marks: Some(fields.clone()),
                    register_error: Some(message),
                    ..Typed::default()
                }))
            } else {
                let mut error = SessionErrors::default();
                match refusal {
                    Refusal::Academy(AcademyError::SessionTimes(_)) => {
                        error.ends_at = Some("The end time must be after the start time".into());
                    }
                    Refusal::Academy(AcademyError::SessionTopic(_)) => {
                        error.topic = Some("Enter the topic".into());
                    }
                    _ => error.date.push(message),
                }
                Ok(render(Typed {
                    form: Some(SessionForm::read(&fields)),
                    error,
                    ..Typed::default()
                }))
            }
        }
    }
}

/// `POST /academy/cohorts/{cohort_id}/sessions/{number}/catch-up`: arranges a
/// catch-up of an induction or recall day, numbered next in the cohort, with the
/// original's topic, delivery and facilitator.
pub async fn catch_up(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((cohort_id, number)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let (cohort, session) = find(&reach, &loaded, &cohort_id, &number)?;
    if session.kind == SessionKind::CatchUp {
        return Err(WebError::NotFound);
    }
    let form = CatchUpForm {
        day: fields.get("catch_up_date-day"),
        month: fields.get("catch_up_date-month"),
        year: fields.get("catch_up_date-year"),
        starts_at: fields.get("catch_up_starts_at"),
        ends_at: fields.get("catch_up_ends_at"),
        venue: fields.get("catch_up_venue"),
    };
    let mut error = CatchUpErrors::default();
    let date = required_date("Date of the catch-up", &form.day, &form.month, &form.year)
        .map_err(|messages| error.date = messages);
    if let Ok(date) = date
        && date < session.date
    {
        error.date.push(format!(
            "The catch-up must be on or after the session it makes up for, {}",
            long_date(session.date)
        ));
    }
    let times = times(&form.starts_at, &form.ends_at).map_err(|(starts, ends)| {
        error.starts_at = starts;
        error.ends_at = ends;
    });
    let render = |form: CatchUpForm, error: CatchUpErrors| {
        session_page(
            &signed_in,
            &reach,
            &loaded,
            cohort,
            session,
            Typed {
                catch_up: Some(form),
                catch_up_error: error,
                ..Typed::default()
            },
        )
        .into_response()
    };
    let (Ok(date), Ok((starts_at, ends_at))) = (date, times) else {
        return Ok(render(form, error));
    };
    if !error.date.is_empty() {
        return Ok(render(form, error));
    }
    let sessions: Vec<Session> = loaded
        .academy
        .sessions_of(&cohort.id)
        .into_iter()
        .cloned()
        .collect();
    let catch_up = Session {
        cohort_id: cohort.id.clone(),
        number: next_number(&sessions),
        kind: SessionKind::CatchUp,
        date,
        starts_at,
        ends_at,
        topic: format!("Catch-up: {}", session.topic),
        delivery: session.delivery,
        venue: if form.venue.trim().is_empty() {
            session.venue.clone()
        } else {
            form.venue.trim().to_owned()
        },
        facilitator: session.facilitator.clone(),
        required: false,
        catches_up: Some(session.number),
    };
    let new_number = catch_up.number;
    let description = format!(
        "catch-up session {new_number} for session {} of cohort {}",
        session.number, cohort.id
    );
    match change_academy(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![AcademyChange::PutSession(catch_up)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?saved=catch-up",
            session_href(&cohort.id, new_number)
        ))
        .into_response()),
        Err(failure) => {
            let error = CatchUpErrors {
                date: refusal(failure)?.messages(),
                ..CatchUpErrors::default()
            };
            Ok(render(form, error))
        }
    }
}
