//! The career pathway in the JSON API: the framework (read by anyone who sees the
//! pathway, replaced by the workforce lead), a person's pathway (within the caller's
//! reach, recorded in the audit trail), starting a self-assessment (the person
//! themself), signing one off (a team manager for their teams or the workforce lead,
//! never their own) and the measures. Every change goes through `change_career`.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{NaiveDate, Utc};
use pathway_app::accounts::User;
use pathway_app::{AuditEntry, CareerChangeError, CareerRequest, change_career};
use pathway_domain::CouncilCode;
use pathway_domain::access::Permission;
use pathway_domain::career::{
    Assessment, CareerChange, CareerMeasures, Criterion, Decision, Level, PlanAction, Rating,
    Readiness, Review, current_level, opportunities,
};
use pathway_domain::ids::WorkerId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ErrorBody, body};
use super::{ApiError, ApiUser, reachable};
use crate::AppState;
use crate::html::career::course_offers;

fn council_of(user: &User) -> Result<CouncilCode, ApiError> {
    user.council.ok_or(ApiError::Forbidden)
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn refused(error: CareerChangeError) -> ApiError {
    match error {
        CareerChangeError::Store(error) => ApiError::Store(error),
        CareerChangeError::Refused(_, error) => ApiError::Unprocessable(error.to_string()),
    }
}

/// A council's framework: its levels, lowest first, and every criterion (retired ones
/// included, marked `retired`), as in docs/career-format.md.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FrameworkBody {
    /// Levels: `id`, `name`, `roles` (codes of the bulk format's roles).
    #[schema(value_type = Vec<Object>)]
    pub levels: Vec<Level>,
    /// Criteria: `id`, `level`, `area`, `text`, `retired`.
    #[schema(value_type = Vec<Object>)]
    pub criteria: Vec<Criterion>,
}

/// The council's framework.
#[utoipa::path(
    get,
    path = "/api/v1/career/framework",
    tag = "career",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The framework", body = FrameworkBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the career pathway", body = ErrorBody),
    )
)]
pub async fn show_framework(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<FrameworkBody>, ApiError> {
    let framework = state.store.career(council_of(&user)?).await?.framework();
    Ok(Json(FrameworkBody {
        levels: framework.levels,
        criteria: framework.criteria,
    }))
}

/// Replaces the framework. Criteria are retired (`"retired": true`), never removed:
/// a framework missing a criterion of the current one is refused.
#[utoipa::path(
    put,
    path = "/api/v1/career/framework",
    tag = "career",
    request_body = FrameworkBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The new framework", body = FrameworkBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not edit the framework", body = ErrorBody),
        (status = 422, description = "The framework is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_framework(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    input: Result<Json<FrameworkBody>, JsonRejection>,
) -> Result<Json<FrameworkBody>, ApiError> {
    let input = body(input)?;
    let council = council_of(&user)?;
    let framework = pathway_domain::career::Framework {
        levels: input.levels,
        criteria: input.criteria,
    };
    let changed = change_career(
        state.store.as_ref(),
        council,
        CareerRequest {
            actor: &user.email,
            description: "framework replaced (api)",
        },
        vec![CareerChange::PutFramework(framework)],
    )
    .await
    .map_err(refused)?;
    let framework = changed.career.framework();
    Ok(Json(FrameworkBody {
        levels: framework.levels,
        criteria: framework.criteria,
    }))
}

/// Readiness for the next level, from the latest self-assessment against it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadinessBody {
    /// The level's ID.
    pub level: String,
    /// The assessment it comes from.
    pub assessment: u32,
    /// Criteria rated confident or exceeding.
    pub met: usize,
    /// Criteria assessed.
    pub total: usize,
    /// The criteria not yet rated confident: `criterion_id`, `area`, `wording`, `rating`.
    #[schema(value_type = Vec<Object>)]
    pub gaps: Vec<pathway_domain::career::CriterionRating>,
}

/// An open vacancy at the next level.
#[derive(Debug, Serialize, ToSchema)]
pub struct VacancyOpportunity {
    /// The vacancy's ID.
    pub vacancy_id: String,
    /// Its role.
    pub role: String,
    /// Its team, if any.
    pub team_id: Option<String>,
    /// When it opened.
    pub opened_on: NaiveDate,
}

/// A person's pathway.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathwayBody {
    /// The person.
    pub worker_id: String,
    /// Their current level's ID, from their current assignment's role.
    pub current_level: Option<String>,
    /// The next level's ID.
    pub next_level: Option<String>,
    /// Readiness for the next level.
    pub readiness: Option<ReadinessBody>,
    /// Open vacancies at the next level.
    pub vacancies: Vec<VacancyOpportunity>,
    /// Courses that fit: `title`, `href`, `starts_on`, `domains`.
    #[schema(value_type = Vec<Object>)]
    pub courses: Vec<pathway_domain::career::CourseOffer>,
    /// Every self-assessment, oldest first, with `status`.
    #[schema(value_type = Vec<Object>)]
    pub assessments: Vec<AssessmentBody>,
    /// The development plan's actions.
    #[schema(value_type = Vec<Object>)]
    pub plan: Vec<PlanAction>,
}

/// A self-assessment with its status.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentBody {
    /// The assessment as stored: `worker_id`, `number`, `level`, `started_on`,
    /// `submitted_on`, `ratings`, `review`.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub assessment: Assessment,
    /// `draft`, `submitted`, `returned` or `signed_off`.
    #[schema(value_type = String)]
    pub status: pathway_domain::career::AssessmentStatus,
}

impl AssessmentBody {
    fn of(assessment: &Assessment) -> Self {
        Self {
            status: assessment.status(),
            assessment: assessment.clone(),
        }
    }
}

/// The person of the path if the caller reaches them; anyone else is not found.
fn person(
    user: &User,
    workforce: &pathway_domain::Workforce,
    worker_id: Result<Path<String>, PathRejection>,
) -> Result<WorkerId, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the worker was not found");
    let Ok(Path(id)) = worker_id else {
        return Err(NOT_FOUND);
    };
    let id = WorkerId::parse(&id).map_err(|_| NOT_FOUND)?;
    let known = workforce.workers.iter().any(|w| w.id == id);
    let reached = reachable(user, workforce).is_none_or(|set| set.contains(&id));
    if known && reached {
        Ok(id)
    } else {
        Err(NOT_FOUND)
    }
}

/// A person's pathway: current level, readiness for the next, opportunities,
/// assessments and plan. Recorded in the audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/career/people/{worker_id}",
    tag = "career",
    params(("worker_id" = String, Path, description = "The worker's ID")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The person's pathway", body = PathwayBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the career pathway", body = ErrorBody),
        (status = 404, description = "No such worker within reach", body = ErrorBody),
    )
)]
pub async fn show_person(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    worker_id: Result<Path<String>, PathRejection>,
) -> Result<Json<PathwayBody>, ApiError> {
    let council = council_of(&user)?;
    let workforce = state.workforce(council).await?;
    let career = state.store.career(council).await?;
    let worker = person(&user, &workforce, worker_id)?;
    let framework = career.framework();
    let today = today();
    let current = current_level(&framework, &workforce, &worker, today);
    let next = current.and_then(|i| framework.levels.get(i + 1));
    let assessments = career.assessments_of(&worker);
    let towards = next.and_then(|level| assessments.iter().rev().find(|a| a.level == level.id));
    let readiness = towards.map(|a| {
        let r = Readiness::of(a);
        ReadinessBody {
            level: r.level.clone(),
            assessment: a.number,
            met: r.met,
            total: r.total,
            gaps: r.gaps,
        }
    });
    let gap_areas = towards
        .map(|a| Readiness::of(a).gap_areas())
        .unwrap_or_default();
    let training = state.store.training(council).await?;
    let courses = course_offers(&training, today);
    let (vacancies, fitting) = match next {
        Some(level) => {
            let found = opportunities(
                &framework,
                &level.id,
                &gap_areas,
                &workforce.vacancies,
                &courses,
                today,
            );
            (
                found
                    .vacancies
                    .iter()
                    .map(|v| VacancyOpportunity {
                        vacancy_id: v.id.to_string(),
                        role: v.role.as_str().to_owned(),
                        team_id: v.team_id.as_ref().map(ToString::to_string),
                        opened_on: v.open.start(),
                    })
                    .collect(),
                found.courses.into_iter().cloned().collect(),
            )
        }
        None => (Vec::new(), Vec::new()),
    };
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: user.email.clone(),
            action: "view career".to_owned(),
            detail: format!("career pathway of worker {worker} (api)"),
        }])
        .await?;
    Ok(Json(PathwayBody {
        worker_id: worker.to_string(),
        current_level: current.map(|i| framework.levels[i].id.clone()),
        next_level: next.map(|l| l.id.clone()),
        readiness,
        vacancies,
        courses: fitting,
        assessments: assessments.into_iter().map(AssessmentBody::of).collect(),
        plan: career.plan_of(&worker).into_iter().cloned().collect(),
    }))
}

/// One criterion's rating in a new self-assessment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RatingInput {
    /// The criterion's ID.
    pub criterion_id: String,
    /// `not_yet`, `developing`, `confident` or `exceeding`; none leaves it unrated.
    pub rating: Option<String>,
    /// What shows it.
    #[serde(default)]
    pub evidence: String,
}

/// A new self-assessment.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AssessmentInput {
    /// The level's ID; normally the one above the person's.
    pub level: String,
    /// Submit it for sign-off (every criterion must be rated), or keep it a draft.
    #[serde(default)]
    pub submit: bool,
    /// Ratings of the level's criteria in use; any left out stay unrated.
    pub ratings: Vec<RatingInput>,
}

/// Starts a self-assessment: only the person themself.
#[utoipa::path(
    post,
    path = "/api/v1/career/people/{worker_id}/assessments",
    tag = "career",
    params(("worker_id" = String, Path, description = "The worker's ID: the caller's own")),
    request_body = AssessmentInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The new self-assessment", body = AssessmentBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not assess", body = ErrorBody),
        (status = 404, description = "Not the caller's own record", body = ErrorBody),
        (status = 422, description = "The assessment is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn create_assessment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    worker_id: Result<Path<String>, PathRejection>,
    input: Result<Json<AssessmentInput>, JsonRejection>,
) -> Result<(StatusCode, Json<AssessmentBody>), ApiError> {
    let council = council_of(&user)?;
    let workforce = state.workforce(council).await?;
    let worker = person(&user, &workforce, worker_id)?;
    if user.worker_id.as_ref() != Some(&worker) {
        return Err(ApiError::NotFound("the worker was not found"));
    }
    let input = body(input)?;
    let career = state.store.career(council).await?;
    let framework = career.framework();
    if framework.level(&input.level).is_none() {
        return Err(ApiError::Unprocessable(format!(
            "the framework has no level {}",
            input.level
        )));
    }
    let number = career.next_assessment_number(&worker);
    let mut assessment =
        Assessment::start(&framework, worker.clone(), number, &input.level, today());
    for (index, given) in input.ratings.iter().enumerate() {
        let rating = assessment
            .ratings
            .iter_mut()
            .find(|r| r.criterion_id == given.criterion_id)
            .ok_or_else(|| {
                ApiError::Unprocessable(format!(
                    "ratings[{index}]: {} is not a criterion in use at level {}",
                    given.criterion_id, input.level
                ))
            })?;
        rating.rating = given
            .rating
            .as_deref()
            .map(Rating::parse)
            .transpose()
            .map_err(|error| {
                ApiError::Unprocessable(format!("ratings[{index}].rating: {error}"))
            })?;
        rating.evidence = given.evidence.trim().to_owned();
    }
    if input.submit {
        assessment.submitted_on = Some(today());
    }
    let description = format!(
        "{} self-assessment {number} of worker {worker} (api)",
        if input.submit {
            "submitted"
        } else {
            "saved draft of"
        }
    );
    let changed = change_career(
        state.store.as_ref(),
        council,
        CareerRequest {
            actor: &user.email,
            description: &description,
        },
        vec![CareerChange::PutAssessment(assessment)],
    )
    .await
    .map_err(refused)?;
    let saved = changed
        .career
        .assessment(&worker, number)
        .ok_or_else(|| ApiError::Internal("the assessment was not saved".into()))?;
    Ok((StatusCode::CREATED, Json(AssessmentBody::of(saved))))
}

/// A manager's review.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignOffInput {
    /// `agreed` (signed off) or `returned` (for more evidence).
    pub decision: String,
    /// What they said; needed when returning it.
    #[serde(default)]
    pub comments: String,
}

/// Signs off (or returns) a submitted self-assessment: a team manager for their
/// teams' people, or the workforce lead; never the caller's own.
#[utoipa::path(
    post,
    path = "/api/v1/career/people/{worker_id}/assessments/{number}/sign-off",
    tag = "career",
    params(
        ("worker_id" = String, Path, description = "The worker's ID"),
        ("number" = u32, Path, description = "The assessment's number"),
    ),
    request_body = SignOffInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The reviewed self-assessment", body = AssessmentBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not sign off", body = ErrorBody),
        (status = 404, description = "No such assessment within reach, or the caller's own", body = ErrorBody),
        (status = 422, description = "The review is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn sign_off(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, String)>, PathRejection>,
    input: Result<Json<SignOffInput>, JsonRejection>,
) -> Result<Json<AssessmentBody>, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the assessment was not found");
    let council = council_of(&user)?;
    if !user.role.may_sign_off_career() {
        return Err(ApiError::Forbidden);
    }
    let Ok(Path((worker_id, number))) = path else {
        return Err(NOT_FOUND);
    };
    let workforce = state.workforce(council).await?;
    let worker = person(&user, &workforce, Ok(Path(worker_id))).map_err(|_| NOT_FOUND)?;
    if user.worker_id.as_ref() == Some(&worker) {
        return Err(NOT_FOUND);
    }
    let number: u32 = number.parse().map_err(|_| NOT_FOUND)?;
    let input = body(input)?;
    let decision = Decision::parse(&input.decision)
        .map_err(|error| ApiError::Unprocessable(format!("decision: {error}")))?;
    let comments = input.comments.trim().to_owned();
    if decision == Decision::Returned && comments.is_empty() {
        return Err(ApiError::Unprocessable(
            "comments: say what more evidence is needed".into(),
        ));
    }
    let career = state.store.career(council).await?;
    if career.assessment(&worker, number).is_none() {
        return Err(NOT_FOUND);
    }
    let description = format!(
        "{} self-assessment {number} of worker {worker} (api)",
        match decision {
            Decision::Agreed => "signed off",
            Decision::Returned => "returned",
        }
    );
    let changed = change_career(
        state.store.as_ref(),
        council,
        CareerRequest {
            actor: &user.email,
            description: &description,
        },
        vec![CareerChange::Review {
            worker_id: worker.clone(),
            number,
            review: Review {
                by: user.email.clone(),
                on: today(),
                decision,
                comments,
            },
        }],
    )
    .await
    .map_err(refused)?;
    let saved = changed
        .career
        .assessment(&worker, number)
        .ok_or(NOT_FOUND)?;
    Ok(Json(AssessmentBody::of(saved)))
}

/// Promotions in one calendar year.
#[derive(Debug, Serialize, ToSchema)]
pub struct YearCount {
    /// The year.
    pub year: i32,
    /// Promotions in it.
    pub promotions: usize,
}

/// A share of academy members promoted.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareBody {
    /// Promoted within the window.
    pub promoted: usize,
    /// Counted: those whose window has passed.
    pub counted: usize,
    /// `promoted / counted`, or none when nobody is counted.
    pub share: Option<f64>,
}

/// The career pathway's measures (definitions in docs/career.md).
#[derive(Debug, Serialize, ToSchema)]
pub struct CareerMeasuresBody {
    /// The reference date: today.
    pub as_of: NaiveDate,
    /// Promotions per calendar year.
    pub promotions_per_year: Vec<YearCount>,
    /// Median days in a level before a promotion.
    pub median_days_to_progression: Option<f64>,
    /// Full-programme academy members promoted within 2 years of joining.
    pub academy_within_2_years: ShareBody,
    /// The same within 5 years.
    pub academy_within_5_years: ShareBody,
}

/// The career pathway's measures, for those who see figures.
#[utoipa::path(
    get,
    path = "/api/v1/career/measures",
    tag = "career",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The measures", body = CareerMeasuresBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see figures", body = ErrorBody),
    )
)]
pub async fn measures(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<CareerMeasuresBody>, ApiError> {
    if !user.role.allows(Permission::SeeFigures) {
        return Err(ApiError::Forbidden);
    }
    let council = council_of(&user)?;
    let workforce = state.workforce(council).await?;
    let career = state.store.career(council).await?;
    let m = CareerMeasures::compute(&career.framework(), &workforce, today());
    let share = |s: pathway_domain::career::measures::Share| ShareBody {
        promoted: s.promoted,
        counted: s.counted,
        share: s.ratio(),
    };
    Ok(Json(CareerMeasuresBody {
        as_of: m.as_of,
        promotions_per_year: m
            .promotions_per_year
            .iter()
            .map(|&(year, promotions)| YearCount { year, promotions })
            .collect(),
        median_days_to_progression: m.median_days_to_progression,
        academy_within_2_years: share(m.academy_within_2_years),
        academy_within_5_years: share(m.academy_within_5_years),
    }))
}
