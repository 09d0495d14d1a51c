//! `GET /api/v1/measures`: the workforce measures, in the measures JSON layout of
//! `pathway measures --json`.

use std::borrow::Cow;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use chrono::Utc;
use pathway_domain::measures::{self, MeasureOptions, MeasuresReport, SurvivalGrouping};
use pathway_domain::values::parse_date;
use serde::{Deserialize, Serialize};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{KnownFormat, RefOr};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use super::ApiUser;
use super::error::{ApiError, ErrorBody};
use super::teams::councils_of;
use crate::AppState;

/// The reference date and grouping.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeasuresQuery {
    /// The reference date, `YYYY-MM-DD`; the latest census date (30 September) on or
    /// before today unless given.
    #[param(format = Date)]
    date: Option<String>,
    /// How to split the survival of employments: `route` (the default), `academy`,
    /// `contract`, `start_year`, `team` or `cohort`.
    group: Option<String>,
}

/// The measures document: the same layout as `pathway measures --json`.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct MeasuresDocument(MeasuresReport);

impl PartialSchema for MeasuresDocument {
    fn schema() -> RefOr<Schema> {
        let string = |description: &str| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .description(Some(description))
        };
        let date = |description: &str| {
            string(description).format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        };
        ObjectBuilder::new()
            .description(Some(
                "The workforce measures at a reference date, for each council the user sees \
                 (by its code) and for all of them pooled (`all`): the layout of \
                 `pathway measures --json`. A rate whose denominator is zero is null.",
            ))
            .property(
                "format",
                string("Always `pathway-measures`.").enum_values(Some(["pathway-measures"])),
            )
            .property(
                "version",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .description(Some("The layout's version.")),
            )
            .property("reference_date", date("The reference date D."))
            .property(
                "year_from_exclusive",
                date("The year measured runs from after this date to D."),
            )
            .property("group", string("How survival is grouped."))
            .property(
                "caseload_band_bounds",
                ArrayBuilder::new()
                    .items(ObjectBuilder::new().schema_type(Type::Integer))
                    .description(Some("Lower bounds of the caseload bands after the first.")),
            )
            .property(
                "survival_times_days",
                ArrayBuilder::new()
                    .items(ObjectBuilder::new().schema_type(Type::Number))
                    .description(Some("The times, in days, at which survival is given.")),
            )
            .property(
                "authorities",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .description(Some(
                        "Each council's measures by its code, and `all`: workforce, leavers, \
                         academy, survival and recruitment figures.",
                    ))
                    .additional_properties(Some(ObjectBuilder::new().schema_type(Type::Object))),
            )
            .required("format")
            .required("version")
            .required("reference_date")
            .required("year_from_exclusive")
            .required("group")
            .required("caseload_band_bounds")
            .required("survival_times_days")
            .required("authorities")
            .into()
    }
}

impl ToSchema for MeasuresDocument {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("MeasuresDocument")
    }
}

/// The measures for the user's council (every council, for an administrator).
#[utoipa::path(
    get,
    path = "/api/v1/measures",
    tag = "measures",
    params(MeasuresQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The measures", body = MeasuresDocument),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see figures", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<MeasuresQuery>, QueryRejection>,
) -> Result<Json<MeasuresDocument>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let date = match query.date.as_deref().filter(|date| !date.trim().is_empty()) {
        Some(text) => parse_date(text).map_err(|error| ApiError::BadRequest(error.to_string()))?,
        None => measures::census_date_on_or_before(Utc::now().date_naive()),
    };
    let mut options = MeasureOptions::at(date);
    if let Some(group) = query
        .group
        .as_deref()
        .filter(|group| !group.trim().is_empty())
    {
        options.grouping = group
            .parse::<SurvivalGrouping>()
            .map_err(|error| ApiError::BadRequest(format!("group: {error}")))?;
    }
    let mut workforces = Vec::new();
    for council in councils_of(&state, &user).await? {
        workforces.push(state.store.workforce(council).await?);
    }
    let report = tokio::task::spawn_blocking(move || measures::compute(&workforces, &options))
        .await
        .map_err(|error| ApiError::Internal(format!("computing measures failed: {error}")))?;
    Ok(Json(MeasuresDocument(report)))
}
