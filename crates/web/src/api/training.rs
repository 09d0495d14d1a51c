//! Training and skills in the JSON API: courses with their dates, a course's
//! bookings and completions, mandatory training at a date, the reminder list, and the
//! skills register, with the pages' roles, council isolation and reach. Changes go
//! through `change_training`: all of a request or none of it.

use std::collections::HashSet;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use chrono::{NaiveDate, NaiveTime, Utc};
use pathway_app::accounts::User;
use pathway_app::{AuditEntry, TrainingChangeError, TrainingRequest};
use pathway_domain::ids::{TeamId, WorkerId};
use pathway_domain::training::{
    Booking, BookingStatus, Completion, Course, CourseDate, CourseId, CourseMode, PcfDomain, Skill,
    SkillKind, SkillSearch, SkillSource, StatusRow, Training, TrainingChange, mandatory_matrix,
    reminders, search_skills,
};
use pathway_domain::{CouncilCode, Workforce};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody, body};
use super::{ApiUser, reachable};
use crate::AppState;
use crate::html::training::skills::{languages_of, worker_upload};

/// A council's records as the API user sees them.
struct View {
    council: CouncilCode,
    workforce: Workforce,
    training: Training,
}

impl View {
    async fn load(state: &AppState, user: &User) -> Result<Self, ApiError> {
        let council = user
            .council
            .ok_or(ApiError::NotFound("the user has no council"))?;
        Ok(Self {
            council,
            workforce: state.store.workforce(council).await?,
            training: state.store.training(council).await?,
        })
    }

    fn reach<'w>(&'w self, user: &User) -> Option<HashSet<&'w WorkerId>> {
        reachable(user, &self.workforce)
    }
}

fn sees(reach: &Option<HashSet<&WorkerId>>, worker: &WorkerId) -> bool {
    reach
        .as_ref()
        .is_none_or(|workers| workers.contains(worker))
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

async fn audit(
    state: &AppState,
    council: CouncilCode,
    user: &User,
    action: &str,
    detail: String,
) -> Result<(), ApiError> {
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: user.email.clone(),
            action: action.to_owned(),
            detail,
        }])
        .await?;
    Ok(())
}

async fn change(
    state: &AppState,
    council: CouncilCode,
    user: &User,
    description: &str,
    upload: Option<Workforce>,
    changes: Vec<TrainingChange>,
    label: impl Fn(usize) -> Option<String>,
) -> Result<Training, ApiError> {
    let request = TrainingRequest {
        actor: &user.email,
        action: "training",
        description,
    };
    match pathway_app::change_training(state.store.as_ref(), council, request, upload, changes)
        .await
    {
        Ok(changed) => Ok(changed.training),
        Err(TrainingChangeError::Refused(number, error)) => Err(ApiError::Unprocessable(
            match label(number.saturating_sub(1)) {
                Some(place) => format!("{place}: {error}"),
                None => error.to_string(),
            },
        )),
        Err(TrainingChangeError::Invalid(problems)) => Err(ApiError::Unprocessable(
            problems
                .shown()
                .iter()
                .map(|p| p.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )),
        Err(TrainingChangeError::Store(error)) => Err(error.into()),
    }
}

// ---------------------------------------------------------------- bodies

/// One date a course is held.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseDateBody {
    /// Its number within the course, from 1.
    pub number: u16,
    /// The day.
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// Start, London time, `HH:MM:SS`.
    #[schema(value_type = String, example = "09:30:00")]
    pub starts_at: NaiveTime,
    /// End, London time, after the start.
    #[schema(value_type = String, example = "16:00:00")]
    pub ends_at: NaiveTime,
    /// A room and building, or `online`.
    pub place: String,
    /// How many may book, at least 1.
    pub capacity: u32,
}

/// A course and its dates.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseBody {
    /// The council's ID for the course.
    pub course_id: String,
    /// Its title.
    pub title: String,
    /// `face_to_face` or `online`.
    #[schema(value_type = String, example = "face_to_face")]
    pub mode: CourseMode,
    /// Who runs it.
    pub provider: String,
    /// How long it takes, in hours.
    pub hours: f64,
    /// What it covers.
    pub description: String,
    /// Whether everyone in post must complete it.
    pub mandatory: bool,
    /// For mandatory training: months a completion stays valid; null when once is
    /// enough.
    pub valid_for_months: Option<u32>,
    /// Professional Capabilities Framework domains it develops: `professionalism`,
    /// `values_and_ethics`, `diversity_and_equality`,
    /// `rights_justice_economic_wellbeing`, `knowledge`,
    /// `critical_reflection_analysis`, `skills_and_interventions`,
    /// `contexts_and_organisations`, `professional_leadership`.
    #[schema(value_type = Vec<String>)]
    pub pcf_domains: Vec<PcfDomain>,
    /// Its dates, earliest first.
    pub dates: Vec<CourseDateBody>,
}

fn date_body(date: &CourseDate) -> CourseDateBody {
    CourseDateBody {
        number: date.number,
        date: date.date,
        starts_at: date.starts_at,
        ends_at: date.ends_at,
        place: date.place.clone(),
        capacity: date.capacity,
    }
}

fn course_body(training: &Training, course: &Course) -> CourseBody {
    CourseBody {
        course_id: course.id.to_string(),
        title: course.title.clone(),
        mode: course.mode,
        provider: course.provider.clone(),
        hours: course.hours,
        description: course.description.clone(),
        mandatory: course.mandatory,
        valid_for_months: course.valid_for_months,
        pcf_domains: course.pcf_domains.clone(),
        dates: training
            .dates_of(&course.id)
            .into_iter()
            .map(date_body)
            .collect(),
    }
}

/// A course as sent: its details and any dates to add or change (dates not named
/// stay as they are).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseInput {
    /// Its title.
    pub title: String,
    /// `face_to_face` or `online`.
    #[schema(value_type = String, example = "online")]
    pub mode: CourseMode,
    /// Who runs it.
    pub provider: String,
    /// How long it takes, in hours, more than 0.
    pub hours: f64,
    /// What it covers.
    #[serde(default)]
    pub description: String,
    /// Whether everyone in post must complete it.
    pub mandatory: bool,
    /// For mandatory training: months a completion stays valid (1 to 240).
    #[serde(default)]
    pub valid_for_months: Option<u32>,
    /// Professional Capabilities Framework domains it develops.
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub pcf_domains: Vec<PcfDomain>,
    /// Dates to add or change, by number.
    #[serde(default)]
    pub dates: Vec<CourseDateBody>,
}

/// One booking on a course date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingBody {
    /// The date's number within the course.
    pub number: u16,
    /// The worker.
    #[schema(value_type = String)]
    pub worker_id: WorkerId,
    /// `booked`, `attended`, `did_not_attend` or `cancelled`.
    #[schema(value_type = String, example = "attended")]
    pub status: BookingStatus,
    /// For an attendance: the day completed, when not the course date's day.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub completed_on: Option<NaiveDate>,
}

/// A completion without a course date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompletionBody {
    /// The worker.
    #[schema(value_type = String)]
    pub worker_id: WorkerId,
    /// The day completed.
    #[schema(value_type = String, format = Date)]
    pub completed_on: NaiveDate,
}

/// A course's bookings and completions, of the people the user reaches.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceBody {
    /// Bookings and attendance on the course's dates.
    #[serde(default)]
    pub bookings: Vec<BookingBody>,
    /// Completions without a course date.
    #[serde(default)]
    pub completions: Vec<CompletionBody>,
}

/// One worker in post and one mandatory course.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatusBody {
    /// The worker.
    pub worker_id: String,
    /// Their name.
    pub name: String,
    /// Their team on the date.
    pub team_id: Option<String>,
    /// The course.
    pub course_id: String,
    /// `current`, `due_soon`, `expired` or `never_done`.
    pub status: String,
    /// The latest completion on or before the date.
    #[schema(value_type = Option<String>, format = Date)]
    pub completed_on: Option<NaiveDate>,
    /// The day it expires or expired; null when it does not.
    #[schema(value_type = Option<String>, format = Date)]
    pub expires_on: Option<NaiveDate>,
}

fn status_body(row: &StatusRow) -> StatusBody {
    StatusBody {
        worker_id: row.worker_id.to_string(),
        name: row.name.clone(),
        team_id: row.team_id.as_ref().map(ToString::to_string),
        course_id: row.course_id.to_string(),
        status: row.status.as_str().to_owned(),
        completed_on: row.status.completed_on(),
        expires_on: row.status.expires_on(),
    }
}

/// Mandatory training at a date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MandatoryBody {
    /// The date.
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    /// Days before expiry that count as due soon.
    pub within_days: u32,
    /// One row per worker in post (within reach) and mandatory course.
    pub rows: Vec<StatusBody>,
}

/// The date, window and team asked about.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MandatoryQuery {
    /// The date, `YYYY-MM-DD`; today unless given.
    #[param(format = Date)]
    date: Option<String>,
    /// Days before expiry that count as due soon (1 to 366); the council's setting
    /// (60 unless changed) unless given.
    within: Option<u32>,
    /// Only this team.
    team: Option<String>,
}

fn asked(
    query: &MandatoryQuery,
    view: &View,
) -> Result<(NaiveDate, u32, Option<TeamId>), ApiError> {
    let date = match query
        .date
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => today(),
        Some(text) => pathway_domain::values::parse_date(text)
            .map_err(|error| ApiError::BadRequest(format!("date: {error}")))?,
    };
    let within = query.within.unwrap_or(view.training.settings.reminder_days);
    if !(1..=366).contains(&within) {
        return Err(ApiError::BadRequest(
            "within: from 1 to 366 days".to_owned(),
        ));
    }
    let team = match query
        .team
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(text) => Some(
            TeamId::parse(text).map_err(|error| ApiError::BadRequest(format!("team: {error}")))?,
        ),
    };
    Ok((date, within, team))
}

/// One skill of one worker in post.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SkillFoundBody {
    /// The worker.
    pub worker_id: String,
    /// Their name.
    pub name: String,
    /// Their team today.
    pub team_id: Option<String>,
    /// `bsl`, `language`, `specialism` or `other`.
    pub kind: String,
    /// The skill, such as `British Sign Language`, `Polish` or `Court work`.
    pub skill: String,
    /// Its level, where recorded.
    pub level: Option<String>,
    /// When it was recorded (register skills only).
    #[schema(value_type = Option<String>, format = Date)]
    pub recorded_on: Option<NaiveDate>,
    /// `worker_record` (BSL, languages) or `register`.
    pub source: String,
}

fn found_body(found: pathway_domain::training::SkillsFound) -> SkillFoundBody {
    SkillFoundBody {
        worker_id: found.worker_id.to_string(),
        name: found.name,
        team_id: found.team_id.map(|t| t.to_string()),
        kind: found.kind.as_str().to_owned(),
        skill: found.skill,
        level: found.level,
        recorded_on: found.recorded_on,
        source: match found.source {
            SkillSource::WorkerRecord => "worker_record",
            SkillSource::Register => "register",
        }
        .to_owned(),
    }
}

/// What to search the register for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SkillsQuery {
    /// Words, all of which must appear in the skill, its level, or the worker's name
    /// or ID.
    q: Option<String>,
    /// `bsl`, `language`, `specialism` or `other`.
    kind: Option<String>,
    /// Only this team.
    team: Option<String>,
}

/// A specialism or other skill as sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillInput {
    /// `specialism` or `other` (BSL and languages are on the worker record).
    #[schema(value_type = String, example = "specialism")]
    pub kind: SkillKind,
    /// What it is.
    pub name: String,
    /// Its level, where it applies.
    #[serde(default)]
    pub level: Option<String>,
}

/// A worker's skills as sent: BSL and languages (written to the worker record; left
/// as they are when absent) and every specialism or other skill (replacing those
/// recorded).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonSkillsInput {
    /// Whether they are proficient in British Sign Language.
    #[serde(default)]
    pub bsl: Option<bool>,
    /// Languages they speak.
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    /// Their specialisms and other skills, all of them.
    #[serde(default)]
    pub skills: Vec<SkillInput>,
}

// ---------------------------------------------------------------- endpoints

/// The council's courses with their dates, by course ID.
#[utoipa::path(
    get,
    path = "/api/v1/training/courses",
    tag = "training",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every course", body = Vec<CourseBody>),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see training", body = ErrorBody),
    )
)]
pub async fn list_courses(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<CourseBody>>, ApiError> {
    let view = View::load(&state, &user).await?;
    let mut courses: Vec<&Course> = view.training.courses.iter().collect();
    courses.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Json(
        courses
            .into_iter()
            .map(|c| course_body(&view.training, c))
            .collect(),
    ))
}

/// Adds or changes a course, and adds or changes the dates it names.
#[utoipa::path(
    put,
    path = "/api/v1/training/courses/{course_id}",
    tag = "training",
    params(("course_id" = String, Path, description = "The council's ID for the course")),
    request_body = CourseInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The course as stored", body = CourseBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run training", body = ErrorBody),
        (status = 422, description = "The course or a date is refused (its place and the reason); nothing is written", body = ErrorBody),
    )
)]
pub async fn put_course(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    input: Result<Json<CourseInput>, JsonRejection>,
) -> Result<Json<CourseBody>, ApiError> {
    let Path(course_id) = path.map_err(|_| ApiError::NotFound("the course was not found"))?;
    let id = CourseId::parse(&course_id)
        .map_err(|error| ApiError::Unprocessable(format!("course_id: {error}")))?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let mut changes = vec![TrainingChange::PutCourse(Course {
        id: id.clone(),
        title: input.title,
        mode: input.mode,
        provider: input.provider,
        hours: input.hours,
        description: input.description,
        mandatory: input.mandatory,
        valid_for_months: input.valid_for_months,
        pcf_domains: input.pcf_domains,
    })];
    changes.extend(input.dates.into_iter().map(|d| {
        TrainingChange::PutDate(CourseDate {
            course_id: id.clone(),
            number: d.number,
            date: d.date,
            starts_at: d.starts_at,
            ends_at: d.ends_at,
            place: d.place,
            capacity: d.capacity,
        })
    }));
    let description = format!("course {id} (api)");
    let training = change(
        &state,
        view.council,
        &user,
        &description,
        None,
        changes,
        |index| {
            Some(if index == 0 {
                "course".to_owned()
            } else {
                format!("dates[{}]", index - 1)
            })
        },
    )
    .await?;
    let course = training
        .course(&id)
        .ok_or_else(|| ApiError::Internal("the course was not stored".to_owned()))?;
    Ok(Json(course_body(&training, course)))
}

fn attendance_body(view: &View, user: &User, course: &CourseId) -> AttendanceBody {
    let reach = view.reach(user);
    AttendanceBody {
        bookings: view
            .training
            .bookings
            .iter()
            .filter(|b| &b.course_id == course && sees(&reach, &b.worker_id))
            .map(|b| BookingBody {
                number: b.number,
                worker_id: b.worker_id.clone(),
                status: b.status,
                completed_on: b.completed_on,
            })
            .collect(),
        completions: view
            .training
            .completions
            .iter()
            .filter(|c| &c.course_id == course && sees(&reach, &c.worker_id))
            .map(|c| CompletionBody {
                worker_id: c.worker_id.clone(),
                completed_on: c.completed_on,
            })
            .collect(),
    }
}

fn course_of(view: &View, course_id: &str) -> Result<CourseId, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the course was not found");
    let id = CourseId::parse(course_id).map_err(|_| NOT_FOUND)?;
    view.training
        .course(&id)
        .map(|c| c.id.clone())
        .ok_or(NOT_FOUND)
}

/// A course's bookings and completions, of the people the user reaches; recorded in
/// the audit trail, as it names people.
#[utoipa::path(
    get,
    path = "/api/v1/training/courses/{course_id}/attendance",
    tag = "training",
    params(("course_id" = String, Path, description = "The council's ID for the course")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Bookings and completions", body = AttendanceBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see training", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
    )
)]
pub async fn show_attendance(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<AttendanceBody>, ApiError> {
    let Path(course_id) = path.map_err(|_| ApiError::NotFound("the course was not found"))?;
    let view = View::load(&state, &user).await?;
    let course = course_of(&view, &course_id)?;
    let answer = attendance_body(&view, &user, &course);
    audit(
        &state,
        view.council,
        &user,
        "view training attendance",
        format!("course {course} (api)"),
    )
    .await?;
    Ok(Json(answer))
}

/// Records bookings, attendance and completions of a course, all or nothing: bookings
/// and completions not named stay as they are.
#[utoipa::path(
    put,
    path = "/api/v1/training/courses/{course_id}/attendance",
    tag = "training",
    params(("course_id" = String, Path, description = "The council's ID for the course")),
    request_body = AttendanceBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The course's bookings and completions after the change", body = AttendanceBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run training", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
        (status = 422, description = "A booking or completion is refused (its place and the reason); nothing is written", body = ErrorBody),
    )
)]
pub async fn put_attendance(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    input: Result<Json<AttendanceBody>, JsonRejection>,
) -> Result<Json<AttendanceBody>, ApiError> {
    let Path(course_id) = path.map_err(|_| ApiError::NotFound("the course was not found"))?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let course = course_of(&view, &course_id)?;
    let reach = view.reach(&user);
    let mut labels = Vec::new();
    let mut changes = Vec::new();
    for (index, b) in input.bookings.into_iter().enumerate() {
        if !sees(&reach, &b.worker_id) {
            return Err(ApiError::Unprocessable(format!(
                "bookings[{index}]: there is no worker {}",
                b.worker_id
            )));
        }
        labels.push(format!("bookings[{index}]"));
        changes.push(TrainingChange::PutBooking(Booking {
            course_id: course.clone(),
            number: b.number,
            worker_id: b.worker_id,
            status: b.status,
            completed_on: b.completed_on,
        }));
    }
    for (index, c) in input.completions.into_iter().enumerate() {
        if !sees(&reach, &c.worker_id) {
            return Err(ApiError::Unprocessable(format!(
                "completions[{index}]: there is no worker {}",
                c.worker_id
            )));
        }
        labels.push(format!("completions[{index}]"));
        changes.push(TrainingChange::PutCompletion(Completion {
            course_id: course.clone(),
            worker_id: c.worker_id,
            completed_on: c.completed_on,
        }));
    }
    let description = format!("attendance of course {course} (api)");
    let training = change(
        &state,
        view.council,
        &user,
        &description,
        None,
        changes,
        |i| labels.get(i).cloned(),
    )
    .await?;
    let after = View {
        council: view.council,
        workforce: view.workforce,
        training,
    };
    Ok(Json(attendance_body(&after, &user, &course)))
}

/// Mandatory training at a date: every worker in post the user reaches against every
/// mandatory course; recorded in the audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/training/mandatory",
    tag = "training",
    params(MandatoryQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The matrix, by worker then course", body = MandatoryBody),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see training", body = ErrorBody),
    )
)]
pub async fn mandatory(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<MandatoryQuery>, QueryRejection>,
) -> Result<Json<MandatoryBody>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let view = View::load(&state, &user).await?;
    let (date, within, team) = asked(&query, &view)?;
    let reach = view.reach(&user);
    let rows: Vec<StatusBody> = mandatory_matrix(&view.workforce, &view.training, date, within)
        .iter()
        .filter(|r| sees(&reach, &r.worker_id) && (team.is_none() || r.team_id == team))
        .map(status_body)
        .collect();
    audit(
        &state,
        view.council,
        &user,
        "view mandatory training",
        format!("at {date} (api)"),
    )
    .await?;
    Ok(Json(MandatoryBody {
        date,
        within_days: within,
        rows,
    }))
}

/// Who is due soon or expired at a date, by team, then expiry; recorded in the audit
/// trail.
#[utoipa::path(
    get,
    path = "/api/v1/training/reminders",
    tag = "training",
    params(MandatoryQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The reminder list", body = MandatoryBody),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see training", body = ErrorBody),
    )
)]
pub async fn reminder_list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<MandatoryQuery>, QueryRejection>,
) -> Result<Json<MandatoryBody>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let view = View::load(&state, &user).await?;
    let (date, within, team) = asked(&query, &view)?;
    let reach = view.reach(&user);
    let rows: Vec<StatusBody> = reminders(&view.workforce, &view.training, date, within)
        .iter()
        .filter(|r| sees(&reach, &r.worker_id) && (team.is_none() || r.team_id == team))
        .map(status_body)
        .collect();
    audit(
        &state,
        view.council,
        &user,
        "view training reminders",
        format!("at {date} within {within} days (api)"),
    )
    .await?;
    Ok(Json(MandatoryBody {
        date,
        within_days: within,
        rows,
    }))
}

/// Searches the skills of workers in post the user reaches: BSL and languages from
/// the worker records, specialisms and other skills from the register.
#[utoipa::path(
    get,
    path = "/api/v1/skills",
    tag = "training",
    params(SkillsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The skills found, by worker", body = Vec<SkillFoundBody>),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see training", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<SkillsQuery>, QueryRejection>,
) -> Result<Json<Vec<SkillFoundBody>>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let view = View::load(&state, &user).await?;
    let kind = match query
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(text) => Some(
            SkillKind::parse(text)
                .map_err(|error| ApiError::BadRequest(format!("kind: {error}")))?,
        ),
    };
    let team = match query
        .team
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(text) => Some(
            TeamId::parse(text).map_err(|error| ApiError::BadRequest(format!("team: {error}")))?,
        ),
    };
    let reach = view.reach(&user);
    let found = search_skills(
        &view.workforce,
        &view.training,
        today(),
        &SkillSearch {
            text: query.q.clone().filter(|t| !t.trim().is_empty()),
            kind,
            team,
        },
    );
    Ok(Json(
        found
            .into_iter()
            .filter(|f| sees(&reach, &f.worker_id))
            .map(found_body)
            .collect(),
    ))
}

/// Sets a worker's skills: BSL and languages on their worker record, and every
/// specialism or other skill in the register; all or nothing.
#[utoipa::path(
    put,
    path = "/api/v1/skills/people/{worker_id}",
    tag = "training",
    params(("worker_id" = String, Path, description = "The council's ID for the worker")),
    request_body = PersonSkillsInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The worker's skills after the change", body = Vec<SkillFoundBody>),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run training", body = ErrorBody),
        (status = 404, description = "No such worker within reach", body = ErrorBody),
        (status = 422, description = "A skill is refused (its place and the reason); nothing is written", body = ErrorBody),
    )
)]
pub async fn put_person_skills(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    input: Result<Json<PersonSkillsInput>, JsonRejection>,
) -> Result<Json<Vec<SkillFoundBody>>, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the worker was not found");
    let Path(worker_id) = path.map_err(|_| NOT_FOUND)?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let id = WorkerId::parse(&worker_id).map_err(|_| NOT_FOUND)?;
    let reach = view.reach(&user);
    if !sees(&reach, &id) {
        return Err(NOT_FOUND);
    }
    let worker = view
        .workforce
        .workers
        .iter()
        .find(|w| w.id == id)
        .ok_or(NOT_FOUND)?;
    let bsl = input.bsl.or(worker.bsl);
    let languages = input.languages.map_or_else(
        || worker.languages.clone(),
        |languages| languages_of(&languages.join(",")),
    );
    let stored = view.training.skills_of(&id);
    let skills = input
        .skills
        .into_iter()
        .enumerate()
        .map(|(index, s)| {
            let recorded_on = stored
                .iter()
                .find(|old| old.kind == s.kind && old.name == s.name)
                .map_or_else(today, |old| old.recorded_on);
            Skill {
                worker_id: id.clone(),
                number: index as u32 + 1,
                kind: s.kind,
                name: s.name,
                level: s.level.filter(|l| !l.trim().is_empty()),
                recorded_on,
            }
        })
        .collect();
    let upload = worker_upload(&view.workforce, worker, bsl, languages);
    let description = format!("skills of worker {id} (api)");
    change(
        &state,
        view.council,
        &user,
        &description,
        upload,
        vec![TrainingChange::ReplaceSkills {
            worker_id: id.clone(),
            skills,
        }],
        |_| Some("skills".to_owned()),
    )
    .await?;
    let after = View::load(&state, &user).await?;
    let name = worker_name(&after.workforce, &id);
    Ok(Json(
        pathway_domain::training::skills::skills_of_worker(
            &after.workforce,
            &after.training,
            &id,
            &name,
            None,
        )
        .into_iter()
        .map(found_body)
        .collect(),
    ))
}

fn worker_name(workforce: &Workforce, id: &WorkerId) -> String {
    crate::html::training::name_of(workforce, id)
}
