//! Leavers, their exit interviews and the workforce profile in the JSON API.
//!
//! `GET /api/v1/leavers` and `PUT /api/v1/leavers/{worker_id}/exit-interview` need
//! RecordExitInterviews (they show and write people's words: both are recorded in the
//! audit trail); the analysis and the profile need SeeFigures and hold back small
//! numbers (`"c"`) for every role but the workforce lead, exactly as the pages do.
//! An interview is written through the import, as the page writes it.

use std::borrow::Cow;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use chrono::{Days, NaiveDate, Utc};
use pathway_app::accounts::User;
use pathway_app::{AuditEntry, ImportError};
use pathway_domain::codes::{ExitReason, WouldReturn};
use pathway_domain::ids::WorkerId;
use pathway_domain::measures::exit_interviews::{self, Analysis, check_leaver};
use pathway_domain::measures::index::CouncilIndex;
use pathway_domain::measures::profile::Profile;
use pathway_domain::measures::suppression::Suppression;
use pathway_domain::measures::{census_date_on_or_before, year_start};
use pathway_domain::records::ExitInterview;
use pathway_domain::values::{Date, parse_date};
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use super::error::{ApiError, ErrorBody, body};
use super::{ApiUser, reachable};
use crate::AppState;
use crate::html::leavers::{default_period, save_interview};
use crate::html::profile::council_profile;

/// A date parameter, or the default.
fn date_param(text: Option<&str>, name: &str, default: Date) -> Result<Date, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => {
            parse_date(text).map_err(|error| ApiError::BadRequest(format!("{name}: {error}")))
        }
        None => Ok(default),
    }
}

fn council_of(user: &User) -> Result<pathway_domain::CouncilCode, ApiError> {
    user.council.ok_or(ApiError::NotFound(
        "an administrator has no council's people",
    ))
}

/// The reference date.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DateQuery {
    /// `YYYY-MM-DD`; the latest census date (30 September) on or before today unless
    /// given.
    #[param(format = Date)]
    date: Option<String>,
}

/// An exit interview.
#[derive(Debug, Serialize, ToSchema)]
pub struct InterviewBody {
    /// When it was held.
    held_on: NaiveDate,
    /// The main reason they gave, as in the bulk format.
    #[schema(value_type = String, example = "caseload")]
    primary_reason: ExitReason,
    /// `yes`, `no`, `maybe`, or null when not known.
    #[schema(value_type = Option<String>)]
    would_return: Option<WouldReturn>,
    /// What they said.
    comments: Option<String>,
}

impl InterviewBody {
    fn of(interview: &ExitInterview) -> Self {
        Self {
            held_on: interview.held_on,
            primary_reason: interview.primary_reason,
            would_return: interview.would_return,
            comments: interview.comments.clone(),
        }
    }
}

/// One leaver.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeaverBody {
    /// The worker.
    worker_id: String,
    /// Their name.
    name: String,
    /// The employment that ended.
    employment_id: String,
    /// The day it ended.
    left_on: NaiveDate,
    /// The team of their last assignment.
    team_id: Option<String>,
    /// The leaving reason of the workforce record.
    leaving_reason: Option<String>,
    /// Their exit interview, if one was held.
    interview: Option<InterviewBody>,
}

/// The leavers in the year to D.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeaverList {
    /// D.
    date: NaiveDate,
    /// The first day of the year to D.
    from: NaiveDate,
    /// Latest first.
    leavers: Vec<LeaverBody>,
}

/// The leavers in the year to D (agency workers not included), with their exit
/// interviews. Recorded in the audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/leavers",
    tag = "leavers",
    params(DateQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The leavers, latest first", body = LeaverList),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not record exit interviews", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<DateQuery>, QueryRejection>,
) -> Result<Json<LeaverList>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let date = date_param(
        query.date.as_deref(),
        "date",
        census_date_on_or_before(Utc::now().date_naive()),
    )?;
    let council = council_of(&user)?;
    let workforce = state.workforce(council).await?;
    let reach = reachable(&user, &workforce);
    let from = year_start(date) + Days::new(1);
    let index = CouncilIndex::new(&workforce);
    let leavers: Vec<LeaverBody> = exit_interviews::leavers(&index, from, date)
        .into_iter()
        .filter(|leaver| {
            reach
                .as_ref()
                .is_none_or(|r| r.contains(leaver.worker_id()))
        })
        .filter_map(|leaver| {
            let worker = index.workers.get(leaver.worker_id())?;
            Some(LeaverBody {
                worker_id: worker.id.to_string(),
                name: format!("{} {}", worker.given_name, worker.family_name),
                employment_id: leaver.employment.id().to_string(),
                left_on: leaver.left_on,
                team_id: leaver.team.map(ToString::to_string),
                leaving_reason: leaver
                    .employment
                    .leaving()
                    .map(|leaving| leaving.reason.as_str().to_owned()),
                interview: leaver.interview.map(InterviewBody::of),
            })
        })
        .collect();
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: user.email.clone(),
            action: "view leavers".into(),
            detail: format!("{} leavers from {from} to {date} (api)", leavers.len()),
        }])
        .await?;
    Ok(Json(LeaverList {
        date,
        from,
        leavers,
    }))
}

/// An exit interview to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct InterviewInput {
    /// When it was held: not in the future, nor before the job they left started.
    held_on: NaiveDate,
    /// The main reason, as in the bulk format (`caseload`, `pay`, ...).
    #[schema(value_type = String, example = "caseload")]
    primary_reason: ExitReason,
    /// `yes`, `no` or `maybe`; null or absent when not known.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    would_return: Option<WouldReturn>,
    /// What they said, in their words.
    #[serde(default)]
    comments: Option<String>,
}

/// Records (or, for the same date, changes) a leaver's exit interview. Only a worker
/// whose employment has ended can have one.
#[utoipa::path(
    put,
    path = "/api/v1/leavers/{worker_id}/exit-interview",
    tag = "leavers",
    params(("worker_id" = String, Path, description = "The leaver's worker ID")),
    request_body = InterviewInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The interview as stored", body = InterviewBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not record exit interviews", body = ErrorBody),
        (status = 404, description = "No such worker within reach", body = ErrorBody),
        (status = 422, description = "Refused, with the reason (for instance, still in post)", body = ErrorBody),
    )
)]
pub async fn put_interview(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    worker_id: Result<Path<String>, PathRejection>,
    input: Result<Json<InterviewInput>, JsonRejection>,
) -> Result<Json<InterviewBody>, ApiError> {
    let Path(id) = worker_id.map_err(|_| ApiError::NotFound("the worker was not found"))?;
    let not_found = ApiError::NotFound("the worker was not found");
    let council = council_of(&user)?;
    let workforce = state.workforce(council).await?;
    let worker_id = WorkerId::parse(&id).map_err(|_| not_found)?;
    let reach = reachable(&user, &workforce);
    if !reach.as_ref().is_none_or(|r| r.contains(&worker_id))
        || !workforce.workers.iter().any(|w| w.id == worker_id)
    {
        return Err(ApiError::NotFound("the worker was not found"));
    }
    let input = body(input)?;
    if input.held_on > Utc::now().date_naive() {
        return Err(ApiError::Unprocessable(
            "held_on: an exit interview cannot be in the future".to_owned(),
        ));
    }
    check_leaver(&workforce, &worker_id, input.held_on)
        .map_err(|problem| ApiError::Unprocessable(problem.to_string()))?;
    let comments = input
        .comments
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    let interview = ExitInterview {
        worker_id: worker_id.clone(),
        held_on: input.held_on,
        primary_reason: input.primary_reason,
        would_return: input.would_return,
        comments,
    };
    let stored = InterviewBody::of(&interview);
    let description = format!("exit interview for worker {worker_id} put through the API");
    save_interview(&state, &user.email, &workforce, interview, &description)
        .await
        .map_err(|error| match error {
            ImportError::Store(error) => ApiError::Store(error),
            ImportError::Invalid(problems) => ApiError::Unprocessable(
                problems
                    .shown()
                    .iter()
                    .map(|problem| problem.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        })?;
    Ok(Json(stored))
}

/// The period of the analysis.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The first day, `YYYY-MM-DD`; five census years before `to` unless given.
    #[param(format = Date)]
    from: Option<String>,
    /// The last day, `YYYY-MM-DD`; the latest 30 September unless given.
    #[param(format = Date)]
    to: Option<String>,
}

/// A document whose layout is described in words (it is the domain's own).
macro_rules! described_document {
    ($name:ident, $inner:ty, $description:literal) => {
        #[doc = $description]
        #[derive(Debug, Serialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .description(Some($description))
                    .into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}
// [issue 8: committee] The committee report's model is described the same way.
pub(crate) use described_document;

described_document!(
    AnalysisDocument,
    Analysis,
    "The exit interview analysis of a period: `from`, `to`, `suppressed`, and tables \
     (`coverage`, `reasons_by_year`, `reasons_by_team`, `reasons_by_service`, \
     `would_return`), each with `rows`, `columns`, `cells`, `row_totals`, \
     `column_totals` and `total`; with `coverage_rate`. A count held back is the string \
     \"c\", a rate held back is \"c\", a rate of nothing is null."
);

described_document!(
    ProfileDocument,
    Profile,
    "The workforce profile on a date: `date`, `suppressed`, `headcount` (social workers \
     in post, agency excluded), `agency_headcount`, and breakdowns (`gender`, `age`, \
     `ethnicity`, `route`, `overseas`, `other_languages`, `bsl`), each with `rows` \
     (`label`, `count`, `share`) and `total`; and `languages` (`language`, `count`). \
     A count or share held back is the string \"c\"."
);

/// The exit interview analysis for the user's council: coverage, reasons by year, by
/// team and by length of service, whether leavers would return. Small numbers are
/// `"c"` for every role but the workforce lead.
#[utoipa::path(
    get,
    path = "/api/v1/exit-interviews/analysis",
    tag = "leavers",
    params(PeriodQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The analysis", body = AnalysisDocument),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see figures", body = ErrorBody),
    )
)]
pub async fn analysis(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<PeriodQuery>, QueryRejection>,
) -> Result<Json<AnalysisDocument>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let (_, default_to) = default_period(Utc::now().date_naive());
    let to = date_param(query.to.as_deref(), "to", default_to)?;
    let from = date_param(
        query.from.as_deref(),
        "from",
        exit_interviews::default_from(to),
    )?;
    if from > to {
        return Err(ApiError::BadRequest(
            "from must be on or before to".to_owned(),
        ));
    }
    let council = council_of(&user)?;
    let workforce = state.workforce(council).await?;
    let index = CouncilIndex::new(&workforce);
    let suppression = Suppression::for_viewer(user.role.sees_small_numbers());
    Ok(Json(AnalysisDocument(exit_interviews::analyse(
        &index,
        from,
        to,
        suppression,
    ))))
}

/// The workforce profile of the user's council on a date. Small numbers are `"c"`
/// for every role but the workforce lead.
#[utoipa::path(
    get,
    path = "/api/v1/profile",
    tag = "leavers",
    params(DateQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The profile", body = ProfileDocument),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see figures", body = ErrorBody),
    )
)]
pub async fn profile(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<DateQuery>, QueryRejection>,
) -> Result<Json<ProfileDocument>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let date = date_param(
        query.date.as_deref(),
        "date",
        census_date_on_or_before(Utc::now().date_naive()),
    )?;
    let council = council_of(&user)?;
    let suppression = Suppression::for_viewer(user.role.sees_small_numbers());
    let profile = council_profile(&state, council, date, suppression).await?;
    Ok(Json(ProfileDocument(profile)))
}
