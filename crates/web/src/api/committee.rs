//! `/api/v1/reports/committee...`: the committee report as its model (every section,
//! table, chart and the glossary) in JSON, and the report's own words, with the pages'
//! rules: everyone with `SeeCommitteeReport` has the public version, only a role that
//! sees small numbers may ask for the internal one (recorded in the audit trail), and
//! only `EditCommitteeReport` changes the words.

use std::borrow::Cow;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, State};
use pathway_app::accounts::User;
use pathway_app::{
    CommitteeEditor, CommitteeSaveError, committee_details_for, save_committee_details,
};
use pathway_domain::CouncilCode;
use pathway_domain::committee::CommitteeDetails;
use pathway_domain::values::Date;
use pathway_reports::model::Report;
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use super::ApiUser;
use super::error::{ApiError, ErrorBody, body};
use super::leavers::described_document;
use crate::AppState;
use crate::committee_details::CommitteeDetailsBody;
use crate::html::committee::{
    audience_for, committee_report, record_internal_view, reference_date,
};

/// `?date=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DetailsQuery {
    /// The report's reference date, `YYYY-MM-DD`; the latest 30 September on or
    /// before today unless given.
    #[param(format = Date)]
    date: Option<String>,
}

fn council_of(user: &User) -> Result<CouncilCode, ApiError> {
    user.council.ok_or(ApiError::NotFound(
        "an administrator has no council's report",
    ))
}

fn date_of(query: Result<Query<DetailsQuery>, QueryRejection>) -> Result<Date, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    reference_date(query.date.as_deref())
        .map_err(|message| ApiError::BadRequest(format!("date: {message}")))
}

/// The words the report of a date uses: those saved for it, else the last report's
/// before it, else Pathway's starting words.
#[utoipa::path(
    get,
    path = "/api/v1/reports/committee/details",
    tag = "reports",
    params(DetailsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The words", body = CommitteeDetailsBody),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the committee report", body = ErrorBody),
    )
)]
pub async fn show_details(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<DetailsQuery>, QueryRejection>,
) -> Result<Json<CommitteeDetailsBody>, ApiError> {
    let date = date_of(query)?;
    let council = council_of(&user)?;
    let (details, _) = committee_details_for(state.store.as_ref(), council, date).await?;
    Ok(Json(details.into()))
}

/// Saves the words of the report of a date, all of them at once, replacing any saved
/// before. Recorded in the audit trail.
#[utoipa::path(
    put,
    path = "/api/v1/reports/committee/details",
    tag = "reports",
    params(DetailsQuery),
    request_body = CommitteeDetailsBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The words as saved", body = CommitteeDetailsBody),
        (status = 400, description = "A parameter or the JSON is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not edit the committee report", body = ErrorBody),
        (status = 422, description = "The words are refused; every problem is named by its field", body = ErrorBody),
    )
)]
pub async fn put_details(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<DetailsQuery>, QueryRejection>,
    json: Result<Json<CommitteeDetailsBody>, JsonRejection>,
) -> Result<Json<CommitteeDetailsBody>, ApiError> {
    let date = date_of(query)?;
    let council = council_of(&user)?;
    let details: CommitteeDetails = body(json)?.into();
    let editor = CommitteeEditor::User {
        email: &user.email,
        role: user.role,
        council: user.council,
    };
    match save_committee_details(
        state.store.as_ref(),
        editor,
        council,
        date,
        details,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(saved) => Ok(Json(saved.details.into())),
        Err(CommitteeSaveError::Store(error)) => Err(ApiError::Store(error)),
        Err(CommitteeSaveError::NotAllowed(_)) => Err(ApiError::Forbidden),
        Err(CommitteeSaveError::UnknownCouncil(_)) => {
            Err(ApiError::NotFound("the council was not found"))
        }
        Err(error @ CommitteeSaveError::Invalid(_)) => {
            Err(ApiError::Unprocessable(error.to_string()))
        }
    }
}

/// `?date=&audience=`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// The report's reference date, `YYYY-MM-DD`; the latest 30 September on or
    /// before today unless given.
    #[param(format = Date)]
    date: Option<String>,
    /// `internal` (the default for the workforce lead, the only role that may have
    /// it) or `public`. Every other role always has the public report.
    audience: Option<String>,
}

described_document!(
    ReportDocument,
    Report,
    "The committee report as one model, the same every format is made from: `title`, \
     `language`, `council`, `audience` (`internal` or `public`), `cover` (lines of \
     `label` and `value`), `sections` (each with `id`, `heading` and `blocks`: a block \
     has a `kind` of `subheading` or `paragraph` with `text`, `bullets` or `numbered` \
     with `items`, `table` with `id`, `caption`, `corner`, `columns`, `rows` (`header`, \
     `cells` of `text`, `number` and `style`) and `note`, or `figure` with `id`, \
     `title`, `alt`, `svg`, `size` and its `table`), and `glossary` (`acronym`, \
     `meaning`). In a public report a count from 1 to 4 is the text \"c\" with no \
     number."
);

/// The committee report of a date as its model. The internal report is recorded in
/// the audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/reports/committee",
    tag = "reports",
    params(ReportQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The report", body = ReportDocument),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see the committee report", body = ErrorBody),
    )
)]
pub async fn show_report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<ReportQuery>, QueryRejection>,
) -> Result<Json<ReportDocument>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let date = reference_date(query.date.as_deref())
        .map_err(|message| ApiError::BadRequest(format!("date: {message}")))?;
    let audience =
        audience_for(user.role, query.audience.as_deref()).map_err(ApiError::BadRequest)?;
    let council = council_of(&user)?;
    let built = committee_report(&state, council, date, audience).await?;
    record_internal_view(
        &state,
        council,
        &user.email,
        date,
        audience,
        "through the API",
    )
    .await?;
    Ok(Json(ReportDocument(built.report)))
}
