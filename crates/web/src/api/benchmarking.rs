//! `GET /api/v1/benchmarking`: the signed-in council's measures beside its region's
//! and the installation's quartiles, or a regional viewer's group: the figures of the
//! benchmarking page. Other councils appear only as quartiles, or by name when they
//! chose to be named.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use chrono::Utc;
use pathway_domain::benchmarking::{BenchmarkMeasure, Distribution, MIN_GROUP};
use pathway_domain::measures;
use pathway_domain::values::parse_date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiUser;
use super::error::{ApiError, ErrorBody};
use crate::AppState;
use crate::error::WebError;
use crate::html::benchmarking::{Benchmark, benchmark_for, values_by_key};

/// The reference date.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BenchmarkingQuery {
    /// The reference date, `YYYY-MM-DD`; the latest census date (30 September) on or
    /// before today unless given.
    #[param(format = Date)]
    date: Option<String>,
}

/// A group's distribution of one measure: its quartiles only when at least
/// `min_group` councils have a value.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupFigures {
    /// Councils in the group with a value for the measure.
    pub councils: usize,
    /// Whether the quartiles are shown (`councils` ≥ `min_group`).
    pub shown: bool,
    /// The lower quartile; null when not shown.
    pub lower_quartile: Option<f64>,
    /// The median; null when not shown.
    pub median: Option<f64>,
    /// The upper quartile; null when not shown.
    pub upper_quartile: Option<f64>,
}

impl From<&Distribution> for GroupFigures {
    fn from(distribution: &Distribution) -> Self {
        Self {
            councils: distribution.councils,
            shown: distribution.quartiles.is_some(),
            lower_quartile: distribution.quartiles.map(|q| q.lower),
            median: distribution.quartiles.map(|q| q.median),
            upper_quartile: distribution.quartiles.map(|q| q.upper),
        }
    }
}

/// One measure of the benchmark.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureFigures {
    /// The measure: `turnover_rate`, `vacancy_rate`, `agency_rate`, `caseload_per_fte`,
    /// `absence_rate`, `academy_retention_12_months` or `academy_retention_24_months`.
    pub measure: String,
    /// The measure in words.
    pub label: String,
    /// The council's own value (rates as fractions); null for a regional viewer or
    /// when it has none.
    pub own: Option<f64>,
    /// The council's region; null for a regional viewer.
    pub region: Option<GroupFigures>,
    /// Every council on the installation; null for a regional viewer.
    pub installation: Option<GroupFigures>,
    /// The regional viewer's group; null for a council.
    pub group: Option<GroupFigures>,
}

/// A council shown beside the distribution: by name if it chose to be named,
/// otherwise (to a regional viewer) as "Unnamed council N".
#[derive(Debug, Serialize, ToSchema)]
pub struct ShownCouncil {
    /// Its name, or "Unnamed council N".
    pub label: String,
    /// Whether `label` is the council's name.
    pub named: bool,
    /// Its value of each measure by the measure's key (rates as fractions).
    pub values: HashMap<String, Option<f64>>,
}

/// The benchmark document.
#[derive(Debug, Serialize, ToSchema)]
pub struct BenchmarkDocument {
    /// The reference date D.
    #[schema(format = Date)]
    pub reference_date: String,
    /// The fewest councils with a value whose quartiles are shown (5).
    pub min_group: usize,
    /// `council` (the user's council beside its region and the installation) or
    /// `group` (a regional viewer's group of councils).
    pub scope: String,
    /// The user's own council's region, for `council`.
    pub region: Option<String>,
    /// Each measure.
    pub measures: Vec<MeasureFigures>,
    /// Councils shown beside the distribution: for `council`, the other councils that
    /// chose to be named (none on an installation of fewer than 5 councils); for
    /// `group`, every council of a group of at least 5.
    pub councils: Vec<ShownCouncil>,
}

/// The user's benchmark.
#[utoipa::path(
    get,
    path = "/api/v1/benchmarking",
    tag = "benchmarking",
    params(BenchmarkingQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The benchmark", body = BenchmarkDocument),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see benchmarks", body = ErrorBody),
        (status = 404, description = "The user has no council or group", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<BenchmarkingQuery>, QueryRejection>,
) -> Result<Json<BenchmarkDocument>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let date = match query.date.as_deref().filter(|date| !date.trim().is_empty()) {
        Some(text) => parse_date(text).map_err(|error| ApiError::BadRequest(error.to_string()))?,
        None => measures::census_date_on_or_before(Utc::now().date_naive()),
    };
    let benchmark = benchmark_for(&state, &user, date)
        .await
        .map_err(|error| match error {
            WebError::Store(error) => ApiError::from(error),
            WebError::NotFound => ApiError::NotFound("you have no council or group to benchmark"),
            other => ApiError::Internal(other.to_string()),
        })?;
    let document = match benchmark {
        Benchmark::Council { benchmark, .. } => BenchmarkDocument {
            reference_date: date.to_string(),
            min_group: MIN_GROUP,
            scope: "council".to_owned(),
            region: Some(benchmark.region.as_str().to_owned()),
            measures: benchmark
                .measures
                .iter()
                .map(|m| MeasureFigures {
                    measure: m.measure.key().to_owned(),
                    label: m.measure.label().to_owned(),
                    own: m.own,
                    region: Some((&m.region).into()),
                    installation: Some((&m.installation).into()),
                    group: None,
                })
                .collect(),
            councils: benchmark
                .named
                .iter()
                .map(|named| ShownCouncil {
                    label: named.name.clone(),
                    named: true,
                    values: values_by_key(&named.values),
                })
                .collect(),
        },
        Benchmark::Group(group) => BenchmarkDocument {
            reference_date: date.to_string(),
            min_group: MIN_GROUP,
            scope: "group".to_owned(),
            region: None,
            measures: group
                .measures
                .iter()
                .map(|(measure, distribution)| MeasureFigures {
                    measure: measure.key().to_owned(),
                    label: measure.label().to_owned(),
                    own: None,
                    region: None,
                    installation: None,
                    group: Some(distribution.into()),
                })
                .collect(),
            councils: group
                .members
                .iter()
                .map(|member| ShownCouncil {
                    label: member.label.clone(),
                    named: member.named,
                    values: values_by_key(&member.values),
                })
                .collect(),
        },
    };
    debug_assert_eq!(document.measures.len(), BenchmarkMeasure::ALL.len());
    Ok(Json(document))
}
