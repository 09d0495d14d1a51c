//! `GET /api/v1/workers` and `GET /api/v1/workers/{worker_id}`: people's records,
//! within the token's user's reach.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use chrono::{NaiveDate, Utc};
use pathway_app::AuditEntry;
use pathway_app::accounts::User;
use pathway_domain::CouncilCode;
use pathway_domain::Workforce;
use pathway_domain::ids::WorkerId;
use pathway_domain::records::{Assignment, Employment, Worker};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::{ApiUser, reachable};
use crate::AppState;
use crate::html::people::People;

/// The most workers one page of the list holds.
pub const MAX_PER_PAGE: u32 = 500;

/// Workers on a page of the list unless `per_page` says otherwise.
pub const DEFAULT_PER_PAGE: u32 = 50;

/// Which workers the list holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    /// Those with an employment today.
    #[default]
    InPost,
    /// Those without one.
    Left,
    /// Everyone.
    All,
}

/// The list's filters and page.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WorkersQuery {
    /// Part of a name, a worker ID or a Social Work England number, any case.
    q: Option<String>,
    /// Only workers whose current (or, for leavers, last) assignment is in this team.
    team: Option<String>,
    /// `in_post` (the default), `left` or `all`.
    #[param(inline)]
    status: Option<StatusFilter>,
    /// The page, from 1.
    #[param(minimum = 1)]
    page: Option<u32>,
    /// Workers per page, 1 to 500; 50 unless given.
    #[param(minimum = 1, maximum = 500)]
    per_page: Option<u32>,
}

/// One worker in the list: their current (or last) employment and assignment.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerSummary {
    /// The council's ID for the worker.
    pub worker_id: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Social Work England registration number, e.g. `SW123456`.
    pub swe_number: Option<String>,
    /// The team of their current (or last) assignment.
    pub team_id: Option<String>,
    /// Their role in it, as the bulk format spells it.
    pub role: Option<String>,
    /// Their contract in it: `permanent`, `fixed_term`, `agency`, `secondment`,
    /// `apprentice`.
    pub contract: Option<String>,
    /// Full-time equivalent of the assignment.
    pub fte: Option<f64>,
    /// Whether they have an employment today.
    pub in_post: bool,
    /// When their current (or last) employment started.
    pub start_date: Option<NaiveDate>,
}

/// A page of workers.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerList {
    /// The workers on this page, by family name, given name and ID.
    pub workers: Vec<WorkerSummary>,
    /// This page, from 1.
    pub page: u32,
    /// Workers per page.
    pub per_page: u32,
    /// Workers matching the filters, on all pages.
    pub total: u64,
}

/// A spell in one team and role within an employment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentDetail {
    /// When it started.
    pub start_date: NaiveDate,
    /// When it ended, if it has.
    pub end_date: Option<NaiveDate>,
    /// The team.
    pub team_id: Option<String>,
    /// The role, as the bulk format spells it.
    pub role: String,
    /// The contract.
    pub contract: String,
    /// Full-time equivalent.
    pub fte: f64,
}

/// An employment with the council, and its assignments.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmploymentDetail {
    /// The council's ID for the employment.
    pub employment_id: String,
    /// When it started.
    pub start_date: NaiveDate,
    /// When it ended, if it has.
    pub end_date: Option<NaiveDate>,
    /// Where the worker came from.
    pub start_origin: Option<String>,
    /// Why it ended.
    pub leaving_reason: Option<String>,
    /// Where the worker went.
    pub destination: Option<String>,
    /// Its assignments, oldest first.
    pub assignments: Vec<AssignmentDetail>,
}

/// A count of the worker's cases on a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseloadDetail {
    /// The date.
    pub as_of: NaiveDate,
    /// Open cases.
    pub cases: u32,
}

/// The worker's place in an academy cohort.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcademyMembershipDetail {
    /// The cohort.
    pub cohort_id: String,
    /// The cohort's name.
    pub cohort_name: Option<String>,
    /// When they joined.
    pub joined_on: NaiveDate,
    /// When they completed the programme.
    pub completed_on: Option<NaiveDate>,
    /// Their ASYE result.
    pub asye_outcome: Option<String>,
}

/// A spell of absence.
#[derive(Debug, Serialize, ToSchema)]
pub struct AbsenceDetail {
    /// First day.
    pub start_date: NaiveDate,
    /// Last day, if known.
    pub end_date: Option<NaiveDate>,
    /// The DfE reason code, e.g. `sic`.
    pub reason: String,
    /// Working days lost.
    pub working_days_lost: f64,
}

/// An exit interview.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExitInterviewDetail {
    /// When it was held.
    pub held_on: NaiveDate,
    /// The main reason for leaving.
    pub primary_reason: String,
    /// Whether they would come back: `yes`, `no`, `maybe`.
    pub would_return: Option<String>,
    /// What they said.
    pub comments: Option<String>,
}

/// A worker's whole record.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkerDetail {
    /// The council's ID for the worker.
    pub worker_id: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Social Work England registration number.
    pub swe_number: Option<String>,
    /// Gender, as the bulk format spells it.
    pub gender: Option<String>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// DfE ethnicity code, e.g. `WBRI`.
    pub ethnicity: Option<String>,
    /// When they qualified as a social worker.
    pub qualified_on: Option<NaiveDate>,
    /// Where they qualified.
    pub qualification_institution: Option<String>,
    /// `undergraduate`, `postgraduate` or `other`.
    pub qualification_level: Option<String>,
    /// Their route into social work.
    pub route: Option<String>,
    /// Whether they use British Sign Language.
    pub bsl: Option<bool>,
    /// Other languages they work in.
    pub languages: Vec<String>,
    /// Whether they have an employment today.
    pub in_post: bool,
    /// Their employments, oldest first.
    pub employments: Vec<EmploymentDetail>,
    /// Their caseload counts, oldest first.
    pub caseloads: Vec<CaseloadDetail>,
    /// Their places in academy cohorts.
    pub academy_memberships: Vec<AcademyMembershipDetail>,
    /// Their absences, oldest first.
    pub absences: Vec<AbsenceDetail>,
    /// Their exit interviews, oldest first.
    pub exit_interviews: Vec<ExitInterviewDetail>,
}

/// The council whose people the user may see; an administrator sees no one.
fn council_of(user: &User) -> Result<CouncilCode, ApiError> {
    user.council.ok_or(ApiError::Forbidden)
}

/// The worker's employment that covers `today`, or else their latest.
fn current_employment<'w>(
    employments: &[&'w Employment],
    today: NaiveDate,
) -> Option<&'w Employment> {
    employments
        .iter()
        .copied()
        .find(|employment| employment.span().covers(today))
        .or_else(|| {
            employments
                .iter()
                .copied()
                .max_by_key(|employment| employment.span().start())
        })
}

/// The employment's assignment that covers `today`, or else its latest.
fn current_assignment<'w>(
    assignments: &[&'w Assignment],
    today: NaiveDate,
) -> Option<&'w Assignment> {
    assignments
        .iter()
        .copied()
        .find(|assignment| assignment.span.covers(today))
        .or_else(|| {
            assignments
                .iter()
                .copied()
                .max_by_key(|assignment| assignment.span.start())
        })
}

fn employments_of<'w>(workforce: &'w Workforce, worker: &WorkerId) -> Vec<&'w Employment> {
    workforce
        .employments
        .iter()
        .filter(|employment| employment.worker_id() == worker)
        .collect()
}

/// Where the worker is now: found through the council's record indexed once for the
/// whole list (scanning the records for every worker made a list of a few thousand
/// workers take half a second).
fn summary(people: &People<'_>, worker: &Worker, today: NaiveDate) -> WorkerSummary {
    let employment = current_employment(&people.employments(&worker.id), today);
    let assignment = employment
        .and_then(|employment| current_assignment(&people.assignments(employment.id()), today));
    WorkerSummary {
        worker_id: worker.id.to_string(),
        given_name: worker.given_name.clone(),
        family_name: worker.family_name.clone(),
        swe_number: worker.swe_number.as_ref().map(ToString::to_string),
        team_id: assignment.and_then(|a| a.team_id.as_ref().map(ToString::to_string)),
        role: assignment.map(|a| a.role.as_str().to_owned()),
        contract: assignment.map(|a| a.contract.as_str().to_owned()),
        fte: assignment.map(|a| a.fte.value()),
        in_post: employment.is_some_and(|employment| employment.span().covers(today)),
        start_date: employment.map(|employment| employment.span().start()),
    }
}

fn matches_text(summary: &WorkerSummary, needle: &str) -> bool {
    let name = format!("{} {}", summary.given_name, summary.family_name).to_lowercase();
    name.contains(needle)
        || summary.worker_id.to_lowercase().contains(needle)
        || summary
            .swe_number
            .as_ref()
            .is_some_and(|number| number.to_lowercase().contains(needle))
}

/// Lists the workers the token's user may see.
#[utoipa::path(
    get,
    path = "/api/v1/workers",
    tag = "workers",
    params(WorkersQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of workers", body = WorkerList),
        (status = 400, description = "A parameter is wrong", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see people", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    query: Result<Query<WorkersQuery>, QueryRejection>,
) -> Result<Json<WorkerList>, ApiError> {
    let Query(query) = query.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if page == 0 {
        return Err(ApiError::BadRequest("page must be 1 or more".to_owned()));
    }
    if per_page == 0 || per_page > MAX_PER_PAGE {
        return Err(ApiError::BadRequest(format!(
            "per_page must be from 1 to {MAX_PER_PAGE}"
        )));
    }
    let status = query.status.unwrap_or_default();
    let needle = query
        .q
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_lowercase);
    let team = query
        .team
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());

    let workforce = state.workforce(council_of(&user)?).await?;
    let today = Utc::now().date_naive();
    let people = People::new(&workforce, &user, today);
    let mut matching: Vec<WorkerSummary> = people
        .visible()
        .map(|worker| summary(&people, worker, today))
        .filter(|summary| match status {
            StatusFilter::InPost => summary.in_post,
            StatusFilter::Left => !summary.in_post,
            StatusFilter::All => true,
        })
        .filter(|summary| team.is_none_or(|team| summary.team_id.as_deref() == Some(team)))
        .filter(|summary| {
            needle
                .as_deref()
                .is_none_or(|needle| matches_text(summary, needle))
        })
        .collect();
    matching.sort_by(|a, b| {
        (&a.family_name, &a.given_name, &a.worker_id).cmp(&(
            &b.family_name,
            &b.given_name,
            &b.worker_id,
        ))
    });
    let total = matching.len() as u64;
    let skip = usize::try_from(u64::from(page - 1) * u64::from(per_page)).unwrap_or(usize::MAX);
    let workers = matching
        .into_iter()
        .skip(skip)
        .take(per_page as usize)
        .collect();
    Ok(Json(WorkerList {
        workers,
        page,
        per_page,
        total,
    }))
}

fn detail(workforce: &Workforce, worker: &Worker, today: NaiveDate) -> WorkerDetail {
    let mut employments = employments_of(workforce, &worker.id);
    employments.sort_by_key(|employment| employment.span().start());
    let in_post = employments
        .iter()
        .any(|employment| employment.span().covers(today));
    let employments = employments
        .into_iter()
        .map(|employment| {
            let mut assignments: Vec<&Assignment> = workforce
                .assignments
                .iter()
                .filter(|assignment| &assignment.employment_id == employment.id())
                .collect();
            assignments.sort_by_key(|assignment| assignment.span.start());
            let leaving = employment.leaving();
            EmploymentDetail {
                employment_id: employment.id().to_string(),
                start_date: employment.span().start(),
                end_date: employment.span().end(),
                start_origin: employment.start_origin().map(|o| o.as_str().to_owned()),
                leaving_reason: leaving.map(|l| l.reason.as_str().to_owned()),
                destination: leaving
                    .and_then(|l| l.destination)
                    .map(|d| d.as_str().to_owned()),
                assignments: assignments
                    .into_iter()
                    .map(|assignment| AssignmentDetail {
                        start_date: assignment.span.start(),
                        end_date: assignment.span.end(),
                        team_id: assignment.team_id.as_ref().map(ToString::to_string),
                        role: assignment.role.as_str().to_owned(),
                        contract: assignment.contract.as_str().to_owned(),
                        fte: assignment.fte.value(),
                    })
                    .collect(),
            }
        })
        .collect();
    let mut caseloads: Vec<CaseloadDetail> = workforce
        .caseloads
        .iter()
        .filter(|caseload| caseload.worker_id == worker.id)
        .map(|caseload| CaseloadDetail {
            as_of: caseload.as_of,
            cases: caseload.cases,
        })
        .collect();
    caseloads.sort_by_key(|caseload| caseload.as_of);
    let academy_memberships = workforce
        .academy_members
        .iter()
        .filter(|member| member.worker_id() == &worker.id)
        .map(|member| AcademyMembershipDetail {
            cohort_id: member.cohort_id().to_string(),
            cohort_name: workforce
                .cohorts
                .iter()
                .find(|cohort| &cohort.id == member.cohort_id())
                .map(|cohort| cohort.name.clone()),
            joined_on: member.joined_on(),
            completed_on: member.completed_on(),
            asye_outcome: member.asye_outcome().map(|o| o.as_str().to_owned()),
        })
        .collect();
    let mut absences: Vec<AbsenceDetail> = workforce
        .absences
        .iter()
        .filter(|absence| absence.worker_id() == &worker.id)
        .map(|absence| AbsenceDetail {
            start_date: absence.start_date(),
            end_date: absence.end_date(),
            reason: absence.reason().as_str().to_owned(),
            working_days_lost: absence.working_days_lost().value(),
        })
        .collect();
    absences.sort_by_key(|absence| absence.start_date);
    let mut exit_interviews: Vec<ExitInterviewDetail> = workforce
        .exit_interviews
        .iter()
        .filter(|interview| interview.worker_id == worker.id)
        .map(|interview| ExitInterviewDetail {
            held_on: interview.held_on,
            primary_reason: interview.primary_reason.as_str().to_owned(),
            would_return: interview.would_return.map(|w| w.as_str().to_owned()),
            comments: interview.comments.clone(),
        })
        .collect();
    exit_interviews.sort_by_key(|interview| interview.held_on);
    WorkerDetail {
        worker_id: worker.id.to_string(),
        given_name: worker.given_name.clone(),
        family_name: worker.family_name.clone(),
        swe_number: worker.swe_number.as_ref().map(ToString::to_string),
        gender: worker.gender.map(|g| g.as_str().to_owned()),
        date_of_birth: worker.date_of_birth,
        ethnicity: worker.ethnicity.map(|e| e.as_str().to_owned()),
        qualified_on: worker.qualified_on,
        qualification_institution: worker.qualification_institution.clone(),
        qualification_level: worker.qualification_level.map(|l| l.as_str().to_owned()),
        route: worker.route.map(|r| r.as_str().to_owned()),
        bsl: worker.bsl,
        languages: worker.languages.clone(),
        in_post,
        employments,
        caseloads,
        academy_memberships,
        absences,
        exit_interviews,
    }
}

/// One worker's whole record. Every view is recorded in the council's audit trail.
#[utoipa::path(
    get,
    path = "/api/v1/workers/{worker_id}",
    tag = "workers",
    params(("worker_id" = String, Path, description = "The council's ID for the worker")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The worker's record", body = WorkerDetail),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see people", body = ErrorBody),
        (status = 404, description = "No such worker within the user's reach", body = ErrorBody),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    worker_id: Result<Path<String>, PathRejection>,
) -> Result<Json<WorkerDetail>, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the worker was not found");
    let Path(worker_id) = worker_id.map_err(|_| NOT_FOUND)?;
    let worker_id = WorkerId::parse(&worker_id).map_err(|_| NOT_FOUND)?;
    let council = council_of(&user)?;
    let workforce = state.workforce(council).await?;
    let reach = reachable(&user, &workforce);
    if reach.is_some_and(|set| !set.contains(&worker_id)) {
        return Err(NOT_FOUND);
    }
    let worker = workforce
        .workers
        .iter()
        .find(|worker| worker.id == worker_id)
        .ok_or(NOT_FOUND)?;
    let body = detail(&workforce, worker, Utc::now().date_naive());
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: user.email.clone(),
            action: "view person".to_owned(),
            detail: format!("worker {worker_id} (api)"),
        }])
        .await?;
    Ok(Json(body))
}
