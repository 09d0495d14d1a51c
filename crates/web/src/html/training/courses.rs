//! The training home (courses, upcoming dates, mandatory compliance by course and by
//! team), adding a course, and each course's page with its details, dates and who
//! attended.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveTime;
use pathway_app::change_training;
use pathway_domain::training::mandatory::Compliance;
use pathway_domain::training::{
    BookingStatus, Course, CourseDate, CourseId, CourseMode, PcfDomain, TrainingChange,
    mandatory_matrix,
};
use serde::Deserialize;

use super::{
    Loaded, course_href, date_href, load, may_run, name_of, reach, record_href, refusal, request,
    today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::{Choice, long_date};
use crate::html::person::home_href;
use crate::html::recruitment::fields::{FieldErrors, required_date};
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// One course in the catalogue.
#[derive(Debug)]
struct CourseRow {
    href: String,
    title: String,
    mode: &'static str,
    provider: String,
    hours: String,
    mandatory: String,
    domains: String,
}

/// One upcoming date.
#[derive(Debug)]
struct DateRow {
    href: String,
    course: String,
    date: String,
    times: String,
    place: String,
    places: String,
}

/// One line of a compliance summary.
#[derive(Debug)]
struct ComplianceRow {
    name: String,
    counts: Compliance,
    valid: String,
}

fn compliance_row(name: String, counts: Compliance) -> ComplianceRow {
    ComplianceRow {
        name,
        valid: counts
            .percent_valid()
            .map_or_else(|| "No one in post".to_owned(), |p| format!("{p}%")),
        counts,
    }
}

fn hours_text(hours: f64) -> String {
    if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours}")
    }
}

fn mandatory_text(course: &Course) -> String {
    match (course.mandatory, course.valid_for_months) {
        (false, _) => "No".to_owned(),
        (true, None) => "Yes, once".to_owned(),
        (true, Some(months)) => format!("Yes, renewed every {months} months"),
    }
}

fn domains_text(course: &Course) -> String {
    course
        .pcf_domains
        .iter()
        .map(|d| d.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn times(date: &CourseDate) -> String {
    format!(
        "{} to {}",
        date.starts_at.format("%H:%M"),
        date.ends_at.format("%H:%M")
    )
}

fn taken(loaded: &Loaded, date: &CourseDate) -> usize {
    loaded
        .training
        .bookings_on(&date.course_id, date.number)
        .iter()
        .filter(|b| b.status != BookingStatus::Cancelled)
        .count()
}

#[derive(Template, WebTemplate)]
#[template(path = "training_home.html")]
/// The training home.
pub struct HomePage {
    page: Page,
    home_href: &'static str,
    may_run: bool,
    own_record: Option<String>,
    courses: Vec<CourseRow>,
    upcoming: Vec<DateRow>,
    by_course: Vec<ComplianceRow>,
    by_team: Vec<ComplianceRow>,
    today: String,
    reminder_days: u32,
}

/// `GET /training`: the course catalogue, upcoming dates, and mandatory compliance
/// today for the people the user reaches, by course and by team.
pub async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<HomePage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let people = reach(&loaded.workforce, &signed_in);
    let today = today();
    let mut courses: Vec<&Course> = loaded.training.courses.iter().collect();
    courses.sort_by(|a, b| a.title.cmp(&b.title));
    let title_of = |id: &CourseId| {
        loaded
            .training
            .course(id)
            .map_or_else(|| id.to_string(), |c| c.title.clone())
    };
    let mut upcoming: Vec<&CourseDate> = loaded
        .training
        .dates
        .iter()
        .filter(|d| d.date >= today)
        .collect();
    upcoming.sort_by_key(|d| (d.date, d.starts_at));
    let within = loaded.training.settings.reminder_days;
    let matrix: Vec<_> = mandatory_matrix(&loaded.workforce, &loaded.training, today, within)
        .into_iter()
        .filter(|row| people.may_see(&row.worker_id))
        .collect();
    let by_course = courses
        .iter()
        .filter(|c| c.mandatory)
        .map(|c| {
            compliance_row(
                c.title.clone(),
                Compliance::of(matrix.iter().filter(|r| r.course_id == c.id)),
            )
        })
        .collect();
    let mut teams: Vec<Option<&pathway_domain::ids::TeamId>> =
        matrix.iter().map(|r| r.team_id.as_ref()).collect();
    teams.sort_by_key(|t| (t.is_none(), people.team_name(*t)));
    teams.dedup();
    let by_team = teams
        .into_iter()
        .map(|team| {
            compliance_row(
                people.team_name(team),
                Compliance::of(matrix.iter().filter(|r| r.team_id.as_ref() == team)),
            )
        })
        .collect();
    Ok(HomePage {
        page: Page::for_user(&signed_in, "/training"),
        home_href: home_href(&signed_in),
        may_run: may_run(&signed_in),
        own_record: signed_in.user.worker_id.as_ref().map(record_href),
        courses: courses
            .into_iter()
            .map(|c| CourseRow {
                href: course_href(&c.id),
                title: c.title.clone(),
                mode: c.mode.label(),
                provider: c.provider.clone(),
                hours: hours_text(c.hours),
                mandatory: mandatory_text(c),
                domains: domains_text(c),
            })
            .collect(),
        upcoming: upcoming
            .into_iter()
            .map(|d| DateRow {
                href: date_href(&d.course_id, d.number),
                course: title_of(&d.course_id),
                date: long_date(d.date),
                times: times(d),
                place: d.place.clone(),
                places: format!("{} of {}", taken(&loaded, d), d.capacity),
            })
            .collect(),
        by_course,
        by_team,
        today: long_date(today),
        reminder_days: within,
    })
}

/// The course form as typed.
#[derive(Debug, Clone, Default)]
struct CourseForm {
    course_id: String,
    title: String,
    mode: String,
    provider: String,
    hours: String,
    description: String,
    mandatory: String,
    valid_for_months: String,
    domains: Vec<String>,
}

/// Checks the new course form (`POST /training/courses/new`) against the course IDs
/// taken: the course, or what is wrong field by field.
pub fn check_new_course(fields: &FormFields, taken: &[&CourseId]) -> Result<Course, FieldErrors> {
    CourseForm::read(fields).check(None, taken)
}

impl CourseForm {
    fn read(fields: &FormFields) -> Self {
        Self {
            course_id: fields.get("course_id"),
            title: fields.get("title"),
            mode: fields.get("mode"),
            provider: fields.get("provider"),
            hours: fields.get("hours"),
            description: fields.get("description"),
            mandatory: fields.get("mandatory"),
            valid_for_months: fields.get("valid_for_months"),
            domains: fields.all("pcf_domains"),
        }
    }

    fn of(course: &Course) -> Self {
        Self {
            course_id: course.id.to_string(),
            title: course.title.clone(),
            mode: course.mode.as_str().to_owned(),
            provider: course.provider.clone(),
            hours: hours_text(course.hours),
            description: course.description.clone(),
            mandatory: if course.mandatory { "yes" } else { "no" }.to_owned(),
            valid_for_months: course
                .valid_for_months
                .map(|m| m.to_string())
                .unwrap_or_default(),
            domains: course
                .pcf_domains
                .iter()
                .map(|d| d.as_str().to_owned())
                .collect(),
        }
    }

    /// The course, or what is wrong field by field.
    fn check(&self, id: Option<&CourseId>, taken: &[&CourseId]) -> Result<Course, FieldErrors> {
        let mut errors = FieldErrors::default();
        let id = match id {
            Some(id) => Some(id.clone()),
            None => match CourseId::parse(&self.course_id) {
                Ok(id) if taken.contains(&&id) => {
                    errors.add("course_id", "A course with this ID already exists");
                    None
                }
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add(
                        "course_id",
                        "Enter a course ID of up to 64 letters and numbers, like SAFEGUARD",
                    );
                    None
                }
            },
        };
        if self.title.trim().is_empty() {
            errors.add("title", "Enter the course title");
        }
        let mode = CourseMode::parse(&self.mode).ok();
        if mode.is_none() {
            errors.add("mode", "Select face to face or online");
        }
        if self.provider.trim().is_empty() {
            errors.add("provider", "Enter who provides the course");
        }
        let hours = self
            .hours
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|h| *h > 0.0 && *h <= 1000.0);
        if hours.is_none() {
            errors.add(
                "hours",
                "Enter the hours as a number more than 0, like 6 or 1.5",
            );
        }
        let mandatory = match self.mandatory.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                errors.add("mandatory", "Select whether the course is mandatory");
                None
            }
        };
        let months = self.valid_for_months.trim();
        let valid_for_months = if months.is_empty() {
            None
        } else {
            match months.parse::<u32>() {
                Ok(m) if (1..=240).contains(&m) && mandatory == Some(true) => Some(m),
                Ok(_) if mandatory == Some(false) => {
                    errors.add(
                        "valid_for_months",
                        "Leave the months empty for a course that is not mandatory",
                    );
                    None
                }
                _ => {
                    errors.add(
                        "valid_for_months",
                        "Enter the months a completion stays valid, from 1 to 240, or leave it empty",
                    );
                    None
                }
            }
        };
        let pcf_domains = PcfDomain::ALL
            .iter()
            .copied()
            .filter(|d| self.domains.iter().any(|chosen| chosen == d.as_str()))
            .collect();
        match (id, mode, hours, mandatory) {
            (Some(id), Some(mode), Some(hours), Some(mandatory)) if errors.is_empty() => {
                Ok(Course {
                    id,
                    title: self.title.trim().to_owned(),
                    mode,
                    provider: self.provider.trim().to_owned(),
                    hours,
                    description: self.description.trim().to_owned(),
                    mandatory,
                    valid_for_months,
                    pcf_domains,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A PCF domain's checkbox.
#[derive(Debug)]
struct DomainBox {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_course_form.html")]
/// Adding a course.
pub struct NewCoursePage {
    page: Page,
    home_href: &'static str,
    form: CourseForm,
    errors: Vec<SummaryError>,
    error: FieldErrors,
    modes: Vec<Choice>,
    mandatory: Vec<Choice>,
    domains: Vec<DomainBox>,
}

fn choices(form: &CourseForm) -> (Vec<Choice>, Vec<Choice>, Vec<DomainBox>) {
    let modes = CourseMode::ALL
        .iter()
        .map(|m| Choice::new(m.as_str(), m.label(), &form.mode))
        .collect();
    let mandatory = vec![
        Choice::new("yes", "Yes", &form.mandatory),
        Choice::new("no", "No", &form.mandatory),
    ];
    let domains = PcfDomain::ALL
        .iter()
        .map(|d| DomainBox {
            value: d.as_str(),
            label: d.label(),
            checked: form.domains.iter().any(|c| c == d.as_str()),
        })
        .collect();
    (modes, mandatory, domains)
}

fn new_page(signed_in: &SignedIn, form: CourseForm, error: FieldErrors) -> NewCoursePage {
    let (modes, mandatory, domains) = choices(&form);
    NewCoursePage {
        page: Page::for_user(signed_in, "/training"),
        home_href: home_href(signed_in),
        errors: error.summary(),
        error,
        form,
        modes,
        mandatory,
        domains,
    }
}

/// `GET /training/courses/new`: the empty course form.
pub async fn new(signed_in: SignedIn) -> NewCoursePage {
    new_page(&signed_in, CourseForm::default(), FieldErrors::default())
}

/// `POST /training/courses/new`: adds the course and shows its page.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let form = CourseForm::read(&fields);
    let taken: Vec<&CourseId> = loaded.training.courses.iter().map(|c| &c.id).collect();
    let course = match form.check(None, &taken) {
        Ok(course) => course,
        Err(error) => return Ok(new_page(&signed_in, form, error).into_response()),
    };
    let description = format!("added course {}", course.id);
    let href = course_href(&course.id);
    match change_training(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![TrainingChange::PutCourse(course)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{href}?saved=course")).into_response()),
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("title", refusal(error)?);
            Ok(new_page(&signed_in, form, errors).into_response())
        }
    }
}

/// One date of a course, on its page.
#[derive(Debug)]
struct CourseDateRow {
    href: String,
    date: String,
    times: String,
    place: String,
    places: String,
    attended: usize,
}

/// One attendance or completion of a course, by someone the user reaches.
#[derive(Debug)]
struct AttendedRow {
    name: String,
    href: String,
    on: String,
    how: String,
}

/// The date form as typed.
#[derive(Debug, Clone, Default)]
struct DateForm {
    day: String,
    month: String,
    year: String,
    starts_at: String,
    ends_at: String,
    place: String,
    capacity: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_course.html")]
/// A course's page.
pub struct CoursePage {
    page: Page,
    home_href: &'static str,
    saved: Option<String>,
    title: String,
    course_id: String,
    action: String,
    may_run: bool,
    summary: Vec<(String, String)>,
    dates: Vec<CourseDateRow>,
    attended: Vec<AttendedRow>,
    form: CourseForm,
    date_form: DateForm,
    errors: Vec<SummaryError>,
    error: FieldErrors,
    modes: Vec<Choice>,
    mandatory: Vec<Choice>,
    domains: Vec<DomainBox>,
}

#[derive(Debug, Default)]
struct Typed {
    form: Option<CourseForm>,
    date_form: Option<DateForm>,
    error: FieldErrors,
}

/// What the page may be told: what was saved.
#[derive(Debug, Default, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

impl SavedQuery {
    /// What was saved, if anything.
    pub fn saved(&self) -> Option<String> {
        self.saved.clone()
    }
}

fn course_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    course: &Course,
    typed: Typed,
    saved: Option<String>,
) -> CoursePage {
    let people = reach(&loaded.workforce, signed_in);
    let form = typed.form.unwrap_or_else(|| CourseForm::of(course));
    let (modes, mandatory, domains) = choices(&form);
    let dates = loaded
        .training
        .dates_of(&course.id)
        .into_iter()
        .map(|d| CourseDateRow {
            href: date_href(&d.course_id, d.number),
            date: long_date(d.date),
            times: times(d),
            place: d.place.clone(),
            places: format!("{} of {}", taken(loaded, d), d.capacity),
            attended: loaded
                .training
                .bookings_on(&d.course_id, d.number)
                .iter()
                .filter(|b| b.status == BookingStatus::Attended)
                .count(),
        })
        .collect();
    let mut attended: Vec<(pathway_domain::values::Date, AttendedRow)> = loaded
        .training
        .bookings
        .iter()
        .filter(|b| b.course_id == course.id && b.status == BookingStatus::Attended)
        .filter(|b| people.may_see(&b.worker_id))
        .filter_map(|b| {
            let on = b
                .completed_on
                .or_else(|| loaded.training.date(&b.course_id, b.number).map(|d| d.date))?;
            Some((
                on,
                AttendedRow {
                    name: name_of(&loaded.workforce, &b.worker_id),
                    href: record_href(&b.worker_id),
                    on: long_date(on),
                    how: format!("Date {}", b.number),
                },
            ))
        })
        .chain(
            loaded
                .training
                .completions
                .iter()
                .filter(|c| c.course_id == course.id && people.may_see(&c.worker_id))
                .map(|c| {
                    (
                        c.completed_on,
                        AttendedRow {
                            name: name_of(&loaded.workforce, &c.worker_id),
                            href: record_href(&c.worker_id),
                            on: long_date(c.completed_on),
                            how: "Completed without a course date".to_owned(),
                        },
                    )
                }),
        )
        .collect();
    attended.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
    let summary = vec![
        ("Mode".to_owned(), course.mode.label().to_owned()),
        ("Provider".to_owned(), course.provider.clone()),
        ("Hours".to_owned(), hours_text(course.hours)),
        ("Mandatory".to_owned(), mandatory_text(course)),
        (
            "Professional Capabilities Framework domains".to_owned(),
            match domains_text(course) {
                text if text.is_empty() => "None recorded".to_owned(),
                text => text,
            },
        ),
        (
            "Description".to_owned(),
            match course.description.as_str() {
                "" => "None".to_owned(),
                text => text.to_owned(),
            },
        ),
    ];
    CoursePage {
        page: Page::for_user(signed_in, "/training"),
        home_href: home_href(signed_in),
        saved,
        title: course.title.clone(),
        course_id: course.id.to_string(),
        action: course_href(&course.id),
        may_run: may_run(signed_in),
        summary,
        dates,
        attended: attended.into_iter().map(|(_, row)| row).collect(),
        form,
        date_form: typed.date_form.unwrap_or_else(|| DateForm {
            starts_at: "09:30".to_owned(),
            ends_at: "16:00".to_owned(),
            capacity: "20".to_owned(),
            place: if course.mode == CourseMode::Online {
                "online".to_owned()
            } else {
                String::new()
            },
            ..DateForm::default()
        }),
        errors: typed.error.summary(),
        error: typed.error,
        modes,
        mandatory,
        domains,
    }
}

fn find<'l>(loaded: &'l Loaded, id: &str) -> Result<&'l Course, WebError> {
    let id = CourseId::parse(id).map_err(|_| WebError::NotFound)?;
    loaded.training.course(&id).ok_or(WebError::NotFound)
}

/// `GET /training/courses/{course_id}`: the course's details, dates and who
/// attended (of the people the user reaches); the forms to change it and add a date
/// for those who run training.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(course_id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<CoursePage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let course = find(&loaded, &course_id)?;
    Ok(course_page(
        &signed_in,
        &loaded,
        course,
        Typed::default(),
        query.saved.map(|s| match s.as_str() {
            "date" => "Course date added".to_owned(),
            _ => "Course saved".to_owned(),
        }),
    ))
}

fn time_of(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.trim(), "%H:%M").ok()
}

/// `POST /training/courses/{course_id}`: saves the course's details
/// (`section=details`) or adds a date (`section=date`).
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(course_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let course = find(&loaded, &course_id)?;
    let (change, description, saved, typed) = match fields.get("section").as_str() {
        "details" => {
            let form = CourseForm::read(&fields);
            match form.check(Some(&course.id), &[]) {
                Ok(changed) => (
                    TrainingChange::PutCourse(changed),
                    format!("changed course {}", course.id),
                    "course",
                    Typed {
                        form: Some(form),
                        ..Typed::default()
                    },
                ),
                Err(error) => {
                    let typed = Typed {
                        form: Some(form),
                        error,
                        ..Typed::default()
                    };
                    return Ok(
                        course_page(&signed_in, &loaded, course, typed, None).into_response()
                    );
                }
            }
        }
        "date" => {
            let form = DateForm {
                day: fields.get("date-day"),
                month: fields.get("date-month"),
                year: fields.get("date-year"),
                starts_at: fields.get("starts_at"),
                ends_at: fields.get("ends_at"),
                place: fields.get("place"),
                capacity: fields.get("capacity"),
            };
            let mut error = FieldErrors::default();
            let date = required_date(&fields, &mut error, "date", "Date");
            let starts_at = time_of(&form.starts_at);
            if starts_at.is_none() {
                error.add(
                    "starts_at",
                    "Enter the start time as hours and minutes, like 09:30",
                );
            }
            let ends_at = time_of(&form.ends_at);
            match (starts_at, ends_at) {
                (_, None) => error.add(
                    "ends_at",
                    "Enter the end time as hours and minutes, like 16:00",
                ),
                (Some(start), Some(end)) if end <= start => {
                    error.add("ends_at", "The end time must be after the start time")
                }
                _ => {}
            }
            if form.place.trim().is_empty() {
                error.add("place", "Enter where it is held, or online");
            }
            let capacity = form.capacity.trim().parse::<u32>().ok().filter(|c| *c >= 1);
            if capacity.is_none() {
                error.add("capacity", "Enter how many may book, a whole number from 1");
            }
            match (date, starts_at, ends_at, capacity) {
                (Some(date), Some(starts_at), Some(ends_at), Some(capacity))
                    if error.is_empty() =>
                {
                    let number = loaded.training.next_date_number(&course.id);
                    (
                        TrainingChange::PutDate(CourseDate {
                            course_id: course.id.clone(),
                            number,
                            date,
                            starts_at,
                            ends_at,
                            place: form.place.trim().to_owned(),
                            capacity,
                        }),
                        format!("added date {number} of course {}", course.id),
                        "date",
                        Typed {
                            date_form: Some(form),
                            ..Typed::default()
                        },
                    )
                }
                _ => {
                    let typed = Typed {
                        date_form: Some(form),
                        error,
                        ..Typed::default()
                    };
                    return Ok(
                        course_page(&signed_in, &loaded, course, typed, None).into_response()
                    );
                }
            }
        }
        _ => return Err(WebError::NotFound),
    };
    match change_training(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![change],
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?saved={saved}", course_href(&course.id))).into_response())
        }
        Err(refused) => {
            let mut typed = typed;
            typed.error.add(
                if saved == "date" { "date" } else { "title" },
                refusal(refused)?,
            );
            Ok(course_page(&signed_in, &loaded, course, typed, None).into_response())
        }
    }
}
