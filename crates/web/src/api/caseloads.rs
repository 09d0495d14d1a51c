//! The caseloads API: the council's bands and teams at a date, the alert list, a
//! worker's trend, recording counts (all or nothing) and the settings.
//!
//! Each answer sees the records through the user's reach, as the pages do: a team
//! manager sees their teams and the people in them, a practitioner only their own
//! trend; anything else is not found. Counts are recorded through
//! `pathway_app::record_caseloads`, the pages' write path.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use pathway_app::accounts::User;
use pathway_app::{CaseloadSettingsError, ImportError, ImportMode, put_caseload_settings};
use pathway_domain::caseload::{AlertReason, CaseloadSettings, WorkerCaseload, trend};
use pathway_domain::codes::Role;
use pathway_domain::ids::WorkerId;
use pathway_domain::measures::index::CouncilIndex;
use pathway_domain::measures::workforce::figures;
use pathway_domain::measures::{MeasureOptions, year_start};
use pathway_domain::records::Caseload;
use pathway_domain::values::{Date, parse_date};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::ApiUser;
use super::error::{ApiError, ErrorBody, body};
use crate::AppState;
use crate::error::WebError;
use crate::html::caseloads::{CaseloadScope, asked_date, record_view};

/// The date of a view.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DateQuery {
    /// The date, `YYYY-MM-DD`; today unless given.
    #[param(format = Date)]
    date: Option<String>,
}

/// One caseload band.
#[derive(Debug, Serialize, ToSchema)]
pub struct BandCount {
    /// Its label, such as `20-24` or `30+`.
    pub label: String,
    /// Social workers (agency excluded) with a known caseload in it.
    pub count: u64,
    /// count / all those with a known caseload; null if none.
    pub share: Option<f64>,
}

/// A worker in post on the date, with their cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerCases {
    /// The council's ID for the worker.
    pub worker_id: String,
    /// Their role on the date.
    pub role: String,
    /// Their team, if any.
    pub team_id: Option<String>,
    /// Their FTE.
    pub fte: f64,
    /// Whether they are an agency worker.
    pub agency: bool,
    /// Their cases on the date (their latest count in the 31 days to it); null if none.
    pub cases: Option<u32>,
    /// The date of that count.
    #[schema(value_type = Option<String>, format = Date)]
    pub as_of: Option<Date>,
    /// The band's label; null if no count.
    pub band: Option<String>,
    /// The most cases someone in their role should hold.
    pub threshold: u32,
    /// Whether their cases are above it.
    pub above_threshold: bool,
}

fn worker_cases(worker: &WorkerCaseload<'_>, labels: &[String]) -> WorkerCases {
    WorkerCases {
        worker_id: worker.worker_id.to_string(),
        role: worker.role.as_str().to_owned(),
        team_id: worker.team_id.map(ToString::to_string),
        fte: worker.fte,
        agency: worker.agency,
        cases: worker.cases(),
        as_of: worker.count.map(|(on, _)| on),
        band: worker.band.and_then(|band| labels.get(band)).cloned(),
        threshold: worker.threshold,
        above_threshold: worker.above_threshold(),
    }
}

/// A team's caseloads on the date.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamCases {
    /// The council's ID for the team.
    pub team_id: String,
    /// Its name.
    pub name: String,
    /// Total cases of its case holders.
    pub cases: u64,
    /// Its workers, agency included, with at least one case.
    pub case_holders: u64,
    /// Their FTE.
    pub case_holders_fte: f64,
    /// cases / case_holders_fte (the DfE's average caseload); null if no case holder.
    pub caseload_fte: Option<f64>,
    /// Its social workers with a known caseload by band.
    pub bands: Vec<BandCount>,
    /// How many of its workers are on the alert list.
    pub alerts: usize,
    /// Its workers in post on the date.
    pub workers: Vec<WorkerCases>,
}

/// The caseloads of the user's council on a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseloadsDocument {
    /// The council's DfE code.
    pub council: String,
    /// The date.
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// Total cases on the date of the council's case holders.
    pub cases: u64,
    /// Workers in post, agency included, with at least one case.
    pub case_holders: u64,
    /// Their FTE.
    pub case_holders_fte: f64,
    /// cases / case_holders_fte: the DfE's average caseload; null if no case holder.
    pub caseload_fte: Option<f64>,
    /// Social workers (agency excluded) in post with a known caseload.
    pub caseload_workers: u64,
    /// Those workers by band.
    pub bands: Vec<BandCount>,
    /// The teams the user sees.
    pub teams: Vec<TeamCases>,
}

fn bands(labels: &[String], counts: &[u64]) -> Vec<BandCount> {
    let total: u64 = counts.iter().sum();
    labels
        .iter()
        .zip(counts)
        .map(|(label, &count)| BandCount {
            label: label.clone(),
            count,
            share: (total > 0).then(|| count as f64 / total as f64),
        })
        .collect()
}

/// The user's council's caseload records, or not found for a user without one.
async fn scope(state: &AppState, user: &User) -> Result<CaseloadScope, ApiError> {
    CaseloadScope::load(state, user)
        .await
        .map_err(|error| match error {
            WebError::Store(error) => ApiError::Store(error),
            _ => ApiError::NotFound("your account belongs to no council"),
        })
}

fn date_of(query: &DateQuery) -> Result<Date, ApiError> {
    asked_date(query.date.as_deref()).map_err(ApiError::BadRequest)
}

/// The caseloads of the user's council on a date: bands, cases, caseload per FTE and
/// each team the user sees with its workers.
#[utoipa::path(
    get,
    path = "/api/v1/caseloads",
    tag = "caseloads",
    params(DateQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caseloads on the date", body = CaseloadsDocument),
        (status = 400, description = "The date is not a date", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see caseloads", body = ErrorBody),
        (status = 404, description = "A practitioner sees only their own trend", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<DateQuery>, QueryRejection>,
) -> Result<Json<CaseloadsDocument>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let date = date_of(&query)?;
    let scope = scope(&state, &user).await?;
    if !scope.sees_teams() {
        return Err(ApiError::NotFound(
            "a practitioner sees only their own caseloads: /api/v1/caseloads/workers/{worker_id}",
        ));
    }
    let view = scope.at(date);
    let index = CouncilIndex::new(&scope.records.workforce);
    let options = MeasureOptions {
        band_bounds: scope.records.settings.measure_bounds(),
        ..MeasureOptions::at(date)
    };
    let council = figures(&[&index], &options, year_start(date));
    let counts: Vec<u64> = council
        .caseload_bands
        .0
        .iter()
        .map(|(_, b)| b.count)
        .collect();
    let teams: Vec<TeamCases> = view
        .teams
        .iter()
        .filter(|team| scope.sees_team(&team.team.id))
        .map(|team| TeamCases {
            team_id: team.team.id.to_string(),
            name: team.team.name.clone(),
            cases: team.cases,
            case_holders: team.case_holders,
            case_holders_fte: team.case_holders_fte,
            caseload_fte: team.caseload_fte,
            bands: bands(&view.band_labels, &team.band_counts),
            alerts: team.alerts,
            workers: team
                .workers
                .iter()
                .map(|w| worker_cases(w, &view.band_labels))
                .collect(),
        })
        .collect();
    if !teams.is_empty() {
        record_view(
            &state,
            &user,
            scope.council,
            format!("teams' caseloads on {date} (API)"),
        )
        .await
        .map_err(web_error)?;
    }
    Ok(Json(CaseloadsDocument {
        council: scope.council.to_string(),
        date,
        cases: council.cases,
        case_holders: council.case_holders,
        case_holders_fte: council.case_holders_fte,
        caseload_fte: council.caseload_fte,
        caseload_workers: council.caseload_workers,
        bands: bands(&view.band_labels, &counts),
        teams,
    }))
}

fn web_error(error: WebError) -> ApiError {
    match error {
        WebError::Store(error) => ApiError::Store(error),
        other => ApiError::Internal(other.to_string()),
    }
}

/// Why a worker is on the alert list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reason {
    /// `above_threshold` or `rising_fast`.
    pub kind: String,
    /// The reason in words.
    pub sentence: String,
}

/// A worker on the alert list.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertItem {
    /// The worker and their cases.
    #[serde(flatten)]
    pub worker: WorkerCases,
    /// Why: one reason or both.
    pub reasons: Vec<Reason>,
}

/// The alert list on a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertList {
    /// The date.
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// The workers the user sees above their threshold or rising fast, by worker ID.
    pub alerts: Vec<AlertItem>,
}

/// The alert list on a date: workers in post above their threshold or rising fast,
/// each with why. Recorded in the audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/caseloads/alerts",
    tag = "caseloads",
    params(DateQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The alert list", body = AlertList),
        (status = 400, description = "The date is not a date", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see caseloads", body = ErrorBody),
        (status = 404, description = "A practitioner sees only their own trend", body = ErrorBody),
    )
)]
pub async fn alerts(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<DateQuery>, QueryRejection>,
) -> Result<Json<AlertList>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let date = date_of(&query)?;
    let scope = scope(&state, &user).await?;
    if !scope.sees_teams() {
        return Err(ApiError::NotFound(
            "a practitioner sees only their own caseloads: /api/v1/caseloads/workers/{worker_id}",
        ));
    }
    let view = scope.at(date);
    let alerts = view
        .alerts
        .iter()
        .filter(|alert| scope.sees_on_list(&alert.worker))
        .map(|alert| AlertItem {
            worker: worker_cases(&alert.worker, &view.band_labels),
            reasons: alert
                .reasons
                .iter()
                .map(|reason| Reason {
                    kind: match reason {
                        AlertReason::AboveThreshold { .. } => "above_threshold",
                        AlertReason::RisingFast { .. } => "rising_fast",
                    }
                    .to_owned(),
                    sentence: reason.sentence(),
                })
                .collect(),
        })
        .collect();
    record_view(
        &state,
        &user,
        scope.council,
        format!("alerts on {date} (API)"),
    )
    .await
    .map_err(web_error)?;
    Ok(Json(AlertList { date, alerts }))
}

/// One count of a worker's trend.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendCount {
    /// The date of the count.
    #[schema(value_type = String, format = Date)]
    pub as_of: Date,
    /// Cases held.
    pub cases: u32,
    /// The threshold of their role on that date; null if not in post then.
    pub threshold: Option<u32>,
    /// The band's label.
    pub band: String,
}

/// A worker's caseloads over time.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerTrend {
    /// The council's ID for the worker.
    pub worker_id: String,
    /// Their threshold today; null if not in post.
    pub threshold: Option<u32>,
    /// Every count, oldest first.
    pub counts: Vec<TrendCount>,
}

/// A worker's counts over time, each with the threshold of their role then. Recorded
/// in the audit trail; anyone out of reach is not found.
#[utoipa::path(
    get,
    path = "/api/v1/caseloads/workers/{worker_id}",
    tag = "caseloads",
    params(("worker_id" = String, Path, description = "The council's ID for the worker")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The worker's trend", body = WorkerTrend),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see caseloads", body = ErrorBody),
        (status = 404, description = "No such worker within the user's reach", body = ErrorBody),
    )
)]
pub async fn worker(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(worker_id): Path<String>,
) -> Result<Json<WorkerTrend>, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the worker was not found");
    let scope = scope(&state, &user).await?;
    let worker = WorkerId::parse(&worker_id).map_err(|_| NOT_FOUND)?;
    let known = scope
        .records
        .workforce
        .workers
        .iter()
        .any(|w| w.id == worker);
    if !known || !scope.may_see_worker(&worker) {
        return Err(NOT_FOUND);
    }
    let records = &scope.records;
    let counts = trend(
        &records.workforce,
        &worker,
        &records.settings,
        records.asye_limit,
    )
    .into_iter()
    .map(|point| TrendCount {
        as_of: point.as_of,
        cases: point.cases,
        threshold: point.threshold,
        band: point.band,
    })
    .collect();
    let threshold = scope
        .at(crate::html::caseloads::today())
        .workers
        .iter()
        .find(|w| *w.worker_id == worker)
        .map(|w| w.threshold);
    record_view(
        &state,
        &user,
        scope.council,
        format!("worker {worker} (API)"),
    )
    .await
    .map_err(web_error)?;
    Ok(Json(WorkerTrend {
        worker_id: worker.to_string(),
        threshold,
        counts,
    }))
}

/// One count to record.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewCount {
    /// The council's ID for the worker.
    pub worker_id: String,
    /// The date of the count, `YYYY-MM-DD`, not after today.
    #[schema(format = Date)]
    pub as_of: String,
    /// Children's cases held, 0 or more.
    pub cases: u32,
}

/// What recording did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recorded {
    /// New counts.
    pub added: u64,
    /// Counts that replaced one on the same date with another number.
    pub updated: u64,
    /// Counts the same as the one already recorded.
    pub unchanged: u64,
}

/// Reads one item of the array, naming the item (from 1) and field of any problem.
fn read_item(number: usize, item: &Value, scope: &CaseloadScope) -> Result<Caseload, ApiError> {
    let wrong = |field: &str, message: String| {
        ApiError::Unprocessable(format!("item {number}: {field}: {message}"))
    };
    let text = |field: &str| -> Result<&str, ApiError> {
        item.get(field)
            .and_then(Value::as_str)
            .ok_or_else(|| wrong(field, "expected a string".to_owned()))
    };
    let worker_id = text("worker_id")?;
    let worker = WorkerId::parse(worker_id)
        .ok()
        .filter(|id| {
            scope.may_see_worker(id) && scope.records.workforce.workers.iter().any(|w| &w.id == id)
        })
        .ok_or_else(|| {
            wrong(
                "worker_id",
                format!("there is no worker {worker_id} within your reach"),
            )
        })?;
    let as_of = parse_date(text("as_of")?)
        .map_err(|error| wrong("as_of", format!("expected a date YYYY-MM-DD: {error}")))?;
    if as_of > crate::html::caseloads::today() {
        return Err(wrong(
            "as_of",
            "the date of a count must not be after today".to_owned(),
        ));
    }
    let cases = item
        .get("cases")
        .and_then(Value::as_u64)
        .and_then(|cases| u32::try_from(cases).ok())
        .filter(|cases| *cases <= 999)
        .ok_or_else(|| wrong("cases", "expected a whole number from 0 to 999".to_owned()))?;
    Ok(Caseload {
        worker_id: worker,
        as_of,
        cases,
    })
}

/// Records counts: all of them or none; a problem names the item (from 1) and the
/// field. A count on a date that already has one for the worker replaces it.
#[utoipa::path(
    post,
    path = "/api/v1/caseloads",
    tag = "caseloads",
    request_body = Vec<NewCount>,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every count recorded", body = Recorded),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not record caseloads", body = ErrorBody),
        (status = 422, description = "An item is wrong, named with its field; nothing was recorded", body = ErrorBody),
    )
)]
pub async fn record(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    json: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Recorded>), ApiError> {
    let items = body(json)?;
    let Value::Array(items) = items else {
        return Err(ApiError::Unprocessable(
            "expected an array of {worker_id, as_of, cases}".to_owned(),
        ));
    };
    if items.is_empty() {
        return Err(ApiError::Unprocessable(
            "the array holds no count".to_owned(),
        ));
    }
    let scope = scope(&state, &user).await?;
    let counts = items
        .iter()
        .enumerate()
        .map(|(index, item)| read_item(index + 1, item, &scope))
        .collect::<Result<Vec<_>, _>>()?;
    let numbers = (1..=u32::try_from(counts.len()).unwrap_or(u32::MAX)).collect();
    let description = format!("{} caseload counts (API)", counts.len());
    match pathway_app::record_caseloads(
        state.store.as_ref(),
        scope.council,
        counts,
        Some(numbers),
        ImportMode::Write,
        &user.email,
        &description,
    )
    .await
    {
        Ok(summary) => {
            let tally = summary
                .files
                .first()
                .map(|(_, tally)| *tally)
                .unwrap_or_default();
            Ok((
                StatusCode::OK,
                Json(Recorded {
                    added: tally.added as u64,
                    updated: tally.updated as u64,
                    unchanged: tally.unchanged as u64,
                }),
            ))
        }
        Err(ImportError::Store(error)) => Err(error.into()),
        Err(ImportError::Invalid(problems)) => Err(ApiError::Unprocessable(
            problems
                .shown()
                .iter()
                .map(|p| {
                    format!(
                        "item {}: {}: {}",
                        p.row.unwrap_or(0),
                        p.column.as_deref().unwrap_or("worker_id"),
                        p.message
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        )),
    }
}

/// The caseload settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SettingsDocument {
    /// The bands' lower bounds, starting at 0 and strictly increasing.
    pub band_bounds: Vec<u32>,
    /// The most cases someone in each role should hold, every role but `asye`.
    #[schema(value_type = BTreeMap<String, u32>)]
    pub thresholds: BTreeMap<Role, u32>,
    /// The ASYE threshold: the academy's ASYE caseload limit, changed on the academy's
    /// settings (ignored on PUT).
    #[serde(default)]
    pub asye_threshold: Option<u32>,
    /// A rise of at least this many cases ...
    pub rising_cases: u32,
    /// ... from a count at most this many days before the latest is "rising fast".
    pub rising_days: u32,
}

fn settings_document(scope: &CaseloadScope) -> SettingsDocument {
    let settings = &scope.records.settings;
    SettingsDocument {
        band_bounds: settings.band_bounds.clone(),
        thresholds: settings.thresholds.clone(),
        asye_threshold: Some(scope.records.asye_limit),
        rising_cases: settings.rising_cases,
        rising_days: settings.rising_days,
    }
}

/// The council's caseload settings.
#[utoipa::path(
    get,
    path = "/api/v1/caseloads/settings",
    tag = "caseloads",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = SettingsDocument),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see caseloads", body = ErrorBody),
    )
)]
pub async fn show_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<SettingsDocument>, ApiError> {
    let scope = scope(&state, &user).await?;
    Ok(Json(settings_document(&scope)))
}

/// Replaces the council's caseload settings: the workforce lead only. Every problem is
/// named with its field.
#[utoipa::path(
    put,
    path = "/api/v1/caseloads/settings",
    tag = "caseloads",
    request_body = SettingsDocument,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings saved", body = SettingsDocument),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "Only the workforce lead changes the settings", body = ErrorBody),
        (status = 422, description = "The settings are wrong; each problem named with its field", body = ErrorBody),
    )
)]
pub async fn put_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    json: Result<Json<SettingsDocument>, JsonRejection>,
) -> Result<Json<SettingsDocument>, ApiError> {
    let document = body(json)?;
    let scope = scope(&state, &user).await?;
    if !scope.is_workforce_lead() {
        return Err(ApiError::Forbidden);
    }
    let settings = CaseloadSettings {
        band_bounds: document.band_bounds,
        thresholds: document.thresholds,
        rising_cases: document.rising_cases,
        rising_days: document.rising_days,
    };
    match put_caseload_settings(state.store.as_ref(), scope.council, settings, &user.email).await {
        Ok(()) => {}
        Err(CaseloadSettingsError::Store(error)) => return Err(error.into()),
        Err(CaseloadSettingsError::Invalid(problems)) => {
            return Err(ApiError::Unprocessable(
                problems
                    .iter()
                    .map(|p| format!("{}: {p}", p.field()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
        }
    }
    let scope = self::scope(&state, &user).await?;
    Ok(Json(settings_document(&scope)))
}
