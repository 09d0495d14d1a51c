//! The JSON API under `/api/v1`, for programs acting as a user with a bearer token,
//! and its OpenAPI document at `/api/openapi.json`.
//!
//! A request must carry `Authorization: Bearer <token>`: the session cookie alone is
//! not enough, so another site cannot make a browser call the API (no CSRF). The
//! token's user has the same permissions and the same reach over people as in the
//! pages; a record outside their reach, or in another council, is not found.

pub mod academy;
pub mod career;
pub mod caseloads;
pub mod error;
pub mod feedback;
pub mod leavers;
pub mod measures;
pub mod openapi;
pub mod recruitment_candidates;
pub mod recruitment_partners;
pub mod recruitment_pipeline;
pub mod teams;
pub mod tokens;
pub mod training;
pub mod workers;
// [issue 8: committee]
pub mod committee;
// [issue 8: census]
// [issue 8: xlsx]
// [issue 9: benchmarking]
pub mod benchmarking;

use std::collections::HashSet;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, delete, get, post, put};
use chrono::Utc;
use pathway_app::accounts::{User, token_hash};
use pathway_domain::Workforce;
use pathway_domain::access::{Permission, reachable_workers};
use pathway_domain::ids::WorkerId;

use crate::{AppState, request_limits};
pub use error::ApiError;

/// The user whose bearer token authenticated an API request.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ApiUser>()
            .cloned()
            .ok_or(ApiError::Unauthorized)
    }
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer_token(parts: &axum::http::HeaderMap) -> Option<&str> {
    let value = parts.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Finds the user of the request's bearer token, or answers 401.
async fn authenticate_bearer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(token) = bearer_token(request.headers()) else {
        return ApiError::Unauthorized.into_response();
    };
    match state
        .store
        .user_for_api_token(&token_hash(token), Utc::now())
        .await
    {
        Ok(Some(user)) => {
            request.extensions_mut().insert(ApiUser(user));
            next.run(request).await
        }
        Ok(None) => ApiError::Unauthorized.into_response(),
        Err(error) => ApiError::from(error).into_response(),
    }
}

/// Lets the request through only if the token's user may do `permission`.
async fn require(permission: Permission, request: Request, next: Next) -> Response {
    match request.extensions().get::<ApiUser>() {
        None => ApiError::Unauthorized.into_response(),
        Some(ApiUser(user)) if !user.role.allows(permission) => ApiError::Forbidden.into_response(),
        Some(_) => next.run(request).await,
    }
}

/// An API route that only users whose role allows `permission` may use.
fn guarded(permission: Permission, route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.route_layer(from_fn(move |request, next| {
        require(permission, request, next)
    }))
}

async fn no_such_endpoint() -> ApiError {
    ApiError::NotFound("there is no such API endpoint")
}

/// An operation that takes a list of records: bodies of up to API_LIST_BYTES.
fn list_body(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route
        .route_layer(from_fn(|request, next| {
            request_limits::api_body(request_limits::API_LIST_BYTES, request, next)
        }))
        // The extractors' own limit (2 MB unless told) must not cut in first.
        .layer(DefaultBodyLimit::max(request_limits::API_LIST_BYTES))
}

/// The routes under `/api`: the OpenAPI document, open to all, and version 1 of the
/// API, which needs a bearer token.
pub fn router(state: AppState) -> Router<AppState> {
    let v1 = Router::new()
        .route(
            "/workers",
            guarded(Permission::SeePeople, get(workers::list)),
        )
        .route(
            "/workers/{worker_id}",
            guarded(Permission::SeePeople, get(workers::show)),
        )
        .route("/teams", guarded(Permission::SeeFigures, get(teams::list)))
        .route(
            "/measures",
            guarded(Permission::SeeFigures, get(measures::show)),
        )
        .route(
            "/academy/programmes/{programme}",
            guarded(Permission::SeeAcademy, get(academy::show_programme)),
        )
        .route(
            "/academy/cohorts",
            guarded(Permission::SeeAcademy, get(academy::list_cohorts)),
        )
        .route(
            "/academy/cohorts/{cohort_id}",
            guarded(Permission::SeeAcademy, get(academy::show_cohort)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/sessions/{number}",
            guarded(Permission::RunAcademy, put(academy::put_session)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/sessions/{number}/attendance",
            guarded(Permission::RunAcademy, put(academy::put_attendance)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/asye",
            guarded(Permission::SeeAcademy, get(academy::show_asye)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/asye/reviews",
            guarded(Permission::RecordAsye, post(academy::record_review)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/asye/log",
            guarded(Permission::RecordAsye, post(academy::add_log_entry)),
        )
        .route(
            "/academy/due",
            guarded(Permission::SeeAcademy, get(academy::due)),
        )
        // The establishment and the vacancy pipeline.
        .route(
            "/recruitment/posts",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_pipeline::list_posts),
            ),
        )
        .route(
            "/recruitment/posts/{post_id}",
            guarded(
                Permission::RunRecruitment,
                put(recruitment_pipeline::put_post),
            ),
        )
        .route(
            "/recruitment/vacancies",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_pipeline::list_vacancies),
            ),
        )
        .route(
            "/recruitment/vacancies/measures",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_pipeline::measures),
            ),
        )
        .route(
            "/recruitment/vacancies/{vacancy_id}",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_pipeline::show_vacancy),
            ),
        )
        .route(
            "/recruitment/vacancies/{vacancy_id}/stage",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_pipeline::move_vacancy),
            ),
        )
        // Candidates hold personal data (RunRecruitment); events and their funnels need
        // SeeRecruitment, their attendees RunRecruitment.
        .route(
            "/recruitment/candidates",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_candidates::list_candidates)
                    .post(recruitment_candidates::create_candidate),
            ),
        )
        .route(
            "/recruitment/candidates/{candidate_id}",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_candidates::show_candidate)
                    .put(recruitment_candidates::update_candidate),
            ),
        )
        .route(
            "/recruitment/candidates/{candidate_id}/stage",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_candidates::move_candidate),
            ),
        )
        .route(
            "/recruitment/events",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_candidates::list_events),
            ),
        )
        .route(
            "/recruitment/events/{event_id}",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_candidates::show_event),
            ),
        )
        .route(
            "/recruitment/events/{event_id}/details",
            guarded(
                Permission::RunRecruitment,
                put(recruitment_candidates::put_event_details),
            ),
        )
        .route(
            "/recruitment/events/{event_id}/attendees",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_candidates::list_attendees)
                    .post(recruitment_candidates::add_attendee),
            ),
        )
        .route(
            "/recruitment/events/{event_id}/attendees/{number}",
            guarded(
                Permission::RunRecruitment,
                delete(recruitment_candidates::remove_attendee),
            ),
        )
        // Universities and placements need SeeRecruitment (a team manager: their teams'
        // placements); international recruits, agency engagements, settings and every
        // change, RunRecruitment.
        .route(
            "/recruitment/universities",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_partners::list_universities),
            ),
        )
        .route(
            "/recruitment/universities/{university_id}",
            guarded(
                Permission::RunRecruitment,
                put(recruitment_partners::put_university),
            ),
        )
        .route(
            "/recruitment/placements",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_partners::list_placements),
            ),
        )
        .route(
            "/recruitment/placements/{placement_id}/details",
            guarded(
                Permission::RunRecruitment,
                put(recruitment_partners::put_placement_details),
            ),
        )
        .route(
            "/recruitment/international",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_partners::international),
            ),
        )
        .route(
            "/recruitment/international/{worker_id}",
            guarded(
                Permission::RunRecruitment,
                put(recruitment_partners::put_recruit),
            ),
        )
        .route(
            "/recruitment/international/{worker_id}/check-ins",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_partners::add_check_in),
            ),
        )
        .route(
            "/recruitment/agency",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_partners::list_engagements),
            ),
        )
        .route(
            "/recruitment/agency/{engagement_id}",
            guarded(
                Permission::RunRecruitment,
                put(recruitment_partners::put_engagement),
            ),
        )
        .route(
            "/recruitment/agency/{engagement_id}/sign-off",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_partners::sign_off),
            ),
        )
        .route(
            "/recruitment/settings",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_partners::show_settings).put(recruitment_partners::put_settings),
            ),
        )
        .route(
            "/caseloads",
            guarded(Permission::SeeCaseloads, get(caseloads::show)),
        )
        .route(
            "/caseloads/alerts",
            guarded(Permission::SeeCaseloads, get(caseloads::alerts)),
        )
        .route(
            "/caseloads/workers/{worker_id}",
            guarded(Permission::SeeCaseloads, get(caseloads::worker)),
        )
        .route(
            "/caseloads/settings",
            guarded(Permission::SeeCaseloads, get(caseloads::show_settings)).merge(guarded(
                Permission::RecordCaseloads,
                put(caseloads::put_settings),
            )),
        )
        .route(
            "/career/framework",
            guarded(Permission::SeeCareer, get(career::show_framework)),
        )
        .route(
            "/career/measures",
            guarded(Permission::SeeCareer, get(career::measures)),
        )
        .route(
            "/career/people/{worker_id}",
            guarded(Permission::SeeCareer, get(career::show_person)),
        )
        .route(
            "/career/people/{worker_id}/assessments",
            guarded(Permission::AssessCareer, post(career::create_assessment)),
        )
        .route(
            "/career/people/{worker_id}/assessments/{number}/sign-off",
            guarded(Permission::AssessCareer, post(career::sign_off)),
        )
        .route(
            "/training/courses",
            guarded(Permission::SeeTraining, get(training::list_courses)),
        )
        .route(
            "/training/courses/{course_id}",
            guarded(Permission::RunTraining, put(training::put_course)),
        )
        .route(
            "/training/courses/{course_id}/attendance",
            guarded(Permission::SeeTraining, get(training::show_attendance)),
        )
        .route(
            "/training/mandatory",
            guarded(Permission::SeeTraining, get(training::mandatory)),
        )
        .route(
            "/training/reminders",
            guarded(Permission::SeeTraining, get(training::reminder_list)),
        )
        .route(
            "/skills",
            guarded(Permission::SeeTraining, get(training::search)),
        )
        .route(
            "/skills/people/{worker_id}",
            guarded(Permission::RunTraining, put(training::put_person_skills)),
        )
        .route(
            "/feedback/sessions",
            guarded(Permission::SeeFeedback, get(feedback::list_sessions)).merge(guarded(
                Permission::RunFeedback,
                post(feedback::create_session),
            )),
        )
        .route(
            "/feedback/sessions/{session_id}",
            guarded(Permission::SeeFeedback, get(feedback::show_session)),
        )
        .route(
            "/feedback/sessions/{session_id}/actions/{number}",
            guarded(Permission::RunFeedback, put(feedback::put_action)),
        )
        .route(
            "/feedback/you-said-we-did",
            guarded(Permission::SeeFeedback, get(feedback::you_said)),
        )
        // Results: who sees figures or answers the survey (the handler checks both).
        .route("/survey/{year}/results", get(feedback::survey_results))
        .route(
            "/leavers",
            guarded(Permission::RecordExitInterviews, get(leavers::list)),
        )
        .route(
            "/leavers/{worker_id}/exit-interview",
            guarded(
                Permission::RecordExitInterviews,
                put(leavers::put_interview),
            ),
        )
        .route(
            "/exit-interviews/analysis",
            guarded(Permission::SeeFigures, get(leavers::analysis)),
        )
        .route(
            "/profile",
            guarded(Permission::SeeFigures, get(leavers::profile)),
        )
        // [issue 8: committee]
        .route(
            "/reports/committee",
            guarded(Permission::SeeCommitteeReport, get(committee::show_report)),
        )
        .route(
            "/reports/committee/details",
            guarded(Permission::SeeCommitteeReport, get(committee::show_details)),
        )
        // [issue 9: benchmarking]
        .route(
            "/benchmarking",
            guarded(Permission::SeeBenchmarks, get(benchmarking::show)),
        )
        .route("/tokens", get(tokens::list))
        .route("/tokens/{token_id}", delete(tokens::revoke))
        // Every body above is refused past API_BYTES: one record's fields.
        .route_layer(from_fn(|request, next| {
            request_limits::api_body(request_limits::API_BYTES, request, next)
        }))
        // The operations that take a list of records, which grows with the council,
        // up to API_LIST_BYTES (their reading operations are declared above).
        .route(
            "/academy/programmes/{programme}",
            list_body(guarded(
                Permission::RunAcademy,
                put(academy::replace_programme),
            )),
        )
        .route(
            "/caseloads",
            list_body(guarded(
                Permission::RecordCaseloads,
                post(caseloads::record),
            )),
        )
        .route(
            "/career/framework",
            list_body(guarded(
                Permission::EditFramework,
                put(career::put_framework),
            )),
        )
        .route(
            "/training/courses/{course_id}/attendance",
            list_body(guarded(
                Permission::RunTraining,
                put(training::put_attendance),
            )),
        )
        .route(
            "/survey/{year}/responses",
            list_body(guarded(
                Permission::RunSurvey,
                post(feedback::import_responses),
            )),
        )
        // The committee report's words: six texts of up to 20,000 characters each.
        .route(
            "/reports/committee/details",
            guarded(Permission::EditCommitteeReport, put(committee::put_details)).route_layer(
                from_fn(|request, next| {
                    request_limits::api_body(request_limits::REPORT_WORDS_BYTES, request, next)
                }),
            ),
        )
        .fallback(no_such_endpoint)
        .layer(from_fn_with_state(state, authenticate_bearer));
    Router::new()
        .route("/openapi.json", get(openapi::serve))
        .nest("/v1", v1)
        .fallback(no_such_endpoint)
}

/// The workers of a council a user may see, or `None` for everyone in it.
pub(crate) fn reachable<'w>(
    user: &User,
    workforce: &'w Workforce,
) -> Option<HashSet<&'w WorkerId>> {
    reachable_workers(
        user.role.reach(),
        user.worker_id.as_ref(),
        &user.teams,
        workforce,
    )
}
