//! `/api/v1/recruitment/candidates` and `/api/v1/recruitment/events`: candidates
//! (added, changed and moved through their stages, a start making them a worker) for
//! those who run recruitment, and recruitment events with their funnels for everyone
//! who sees recruitment; attendees, which are personal data, for those who run it.
//!
//! Every change goes through `pathway_app::change_recruitment`, exactly as the pages'
//! changes do; a refused change is answered 422 with its reason.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{NaiveDate, NaiveTime};
use pathway_app::accounts::User;
use pathway_app::{AuditEntry, RecruitmentRequest};
use pathway_domain::codes::Role;
use pathway_domain::ids::{CandidateId, EventId, WorkerId};
use pathway_domain::records::RecruitmentEvent;
use pathway_domain::recruitment::candidates::{StageMove, move_to, next_id};
use pathway_domain::recruitment::events::{
    Count, EventFunnel, FunnelTotals, Hours, by_hours, funnel,
};
use pathway_domain::recruitment::{
    Candidate, CandidateSource, CandidateStage, CandidateStageChange, EventAttendee, EventDetails,
    Recruitment, RecruitmentChange,
};
use pathway_domain::values::{Fte, SweNumber};
use pathway_domain::{CouncilCode, Workforce};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiUser;
use super::error::{ApiError, ErrorBody, body};
use crate::AppState;
use crate::html::recruitment::candidates::email_looks_right;
use crate::html::recruitment::{CHANGE_ACTION, refusal_messages, today};

// ---------------------------------------------------------------- codes, for the schema

/// Where a candidate came from.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum CandidateSourceCode {
    /// A recruitment event.
    RecruitmentEvent,
    /// A student placement with the council.
    UniversityPlacement,
    /// An advert.
    Advert,
    /// Recruited from overseas.
    Overseas,
    /// Referred by someone.
    Referral,
    /// Returning to the council or to social work.
    Returner,
}

/// How far a candidate has got.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum CandidateStageCode {
    /// Applied.
    Applied,
    /// Shortlisted.
    Shortlisted,
    /// Interviewed.
    Interviewed,
    /// Offered the job.
    Offered,
    /// Accepted the offer.
    Accepted,
    /// Going through pre-employment checks.
    PreEmploymentChecks,
    /// Started work: a worker of the council now.
    Started,
    /// Withdrew.
    Withdrawn,
    /// Not taken forward.
    Rejected,
}

/// A job role, as the bulk format spells it.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum CandidateRoleCode {
    /// Newly qualified, in the ASYE.
    Asye,
    /// Social worker.
    SocialWorker,
    /// Senior social worker.
    SeniorSocialWorker,
    /// Advanced practitioner.
    AdvancedPractitioner,
    /// Practice supervisor.
    PracticeSupervisor,
    /// Team manager.
    TeamManager,
    /// Service manager.
    ServiceManager,
    /// Senior manager.
    SeniorManager,
    /// Principal social worker.
    PrincipalSocialWorker,
    /// Qualified, without cases.
    QualifiedNoCases,
    /// Any other role.
    Other,
}

// ---------------------------------------------------------------- bodies

/// One move in a candidate's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateStageChangeBody {
    /// Its place in the history, from 1.
    pub number: u32,
    /// The day of the move.
    pub on: NaiveDate,
    /// The stage moved to.
    #[schema(value_type = CandidateStageCode)]
    pub stage: CandidateStage,
    /// Who recorded it.
    pub by: String,
}

/// A candidate, with their stage history. Names and contact details are empty once
/// anonymised.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateBody {
    /// The council's ID for the candidate.
    pub candidate_id: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Email address.
    pub email: String,
    /// Telephone number.
    pub phone: String,
    /// Where they came from.
    #[schema(value_type = CandidateSourceCode)]
    pub source: CandidateSource,
    /// Their current stage.
    #[schema(value_type = CandidateStageCode)]
    pub stage: CandidateStage,
    /// The vacancy applied for.
    pub vacancy_id: Option<String>,
    /// The recruitment event they came from.
    pub event_id: Option<String>,
    /// The placement they were a student on.
    pub placement_id: Option<String>,
    /// The day they applied.
    pub applied_on: NaiveDate,
    /// Their Social Work England number.
    pub swe_number: Option<String>,
    /// The start date agreed.
    pub start_date: Option<NaiveDate>,
    /// The role agreed.
    #[schema(value_type = Option<CandidateRoleCode>)]
    pub role: Option<Role>,
    /// The team agreed.
    pub team_id: Option<String>,
    /// The FTE agreed.
    pub fte: Option<f64>,
    /// The worker record they became on starting.
    pub worker_id: Option<String>,
    /// The day their personal data were anonymised.
    pub anonymised_on: Option<NaiveDate>,
    /// Every move, oldest first.
    pub history: Vec<CandidateStageChangeBody>,
}

impl CandidateBody {
    fn of(candidate: &Candidate, recruitment: &Recruitment) -> Self {
        Self {
            candidate_id: candidate.id.to_string(),
            given_name: candidate.given_name.clone(),
            family_name: candidate.family_name.clone(),
            email: candidate.email.clone(),
            phone: candidate.phone.clone(),
            source: candidate.source,
            stage: candidate.stage,
            vacancy_id: candidate.vacancy_id.as_ref().map(ToString::to_string),
            event_id: candidate.event_id.as_ref().map(ToString::to_string),
            placement_id: candidate.placement_id.as_ref().map(ToString::to_string),
            applied_on: candidate.applied_on,
            swe_number: candidate.swe_number.as_ref().map(ToString::to_string),
            start_date: candidate.start_date,
            role: candidate.role,
            team_id: candidate.team_id.as_ref().map(ToString::to_string),
            fte: candidate.fte.map(Fte::value),
            worker_id: candidate.worker_id.as_ref().map(ToString::to_string),
            anonymised_on: candidate.anonymised_on,
            history: recruitment
                .candidate_history(&candidate.id)
                .into_iter()
                .map(|change| CandidateStageChangeBody {
                    number: change.number,
                    on: change.on,
                    stage: change.stage,
                    by: change.by.clone(),
                })
                .collect(),
        }
    }
}

/// A candidate to add, or a candidate's new details (their stage moves through
/// `POST .../stage`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateInput {
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Email address.
    #[serde(default)]
    pub email: String,
    /// Telephone number.
    #[serde(default)]
    pub phone: String,
    /// Where they came from.
    #[schema(value_type = CandidateSourceCode)]
    pub source: CandidateSource,
    /// The vacancy applied for.
    #[serde(default)]
    pub vacancy_id: Option<String>,
    /// The recruitment event they came from.
    #[serde(default)]
    pub event_id: Option<String>,
    /// The placement they were a student on.
    #[serde(default)]
    pub placement_id: Option<String>,
    /// The day they applied (not in the future).
    pub applied_on: NaiveDate,
    /// A new candidate's first stage (default `applied`; not `started`); ignored when
    /// changing one.
    #[serde(default)]
    #[schema(value_type = Option<CandidateStageCode>)]
    pub stage: Option<CandidateStage>,
    /// Their Social Work England number.
    #[serde(default)]
    pub swe_number: Option<String>,
    /// The start date agreed.
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    /// The role agreed.
    #[serde(default)]
    #[schema(value_type = Option<CandidateRoleCode>)]
    pub role: Option<Role>,
    /// The team agreed.
    #[serde(default)]
    pub team_id: Option<String>,
    /// The FTE agreed, in (0, 1].
    #[serde(default)]
    pub fte: Option<f64>,
}

/// A move of a candidate to a stage.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageMoveInput {
    /// The stage; `started` makes the candidate a worker, employment and assignment
    /// of the council in the same change.
    #[schema(value_type = CandidateStageCode)]
    pub stage: CandidateStage,
    /// The day of the move: on or after their last move, not in the future.
    pub on: NaiveDate,
    /// For `started`: the worker ID HR gave them; without it one is made in the
    /// council's pattern.
    #[serde(default)]
    pub worker_id: Option<String>,
}

/// Filters of the candidates' list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateFilters {
    /// Only candidates at this stage.
    #[param(value_type = Option<CandidateStageCode>)]
    pub stage: Option<CandidateStage>,
    /// Only candidates from this source.
    #[param(value_type = Option<CandidateSourceCode>)]
    pub source: Option<CandidateSource>,
    /// Only candidates for this vacancy.
    pub vacancy_id: Option<String>,
}

/// One count of a funnel.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountBody {
    /// The count; `null` when the event's record has none and nothing is traced.
    pub value: Option<u32>,
    /// Whether it was counted from the attendees or candidates recorded in Pathway,
    /// rather than imported with the event.
    pub traced: bool,
}

impl From<Count> for CountBody {
    fn from(count: Count) -> Self {
        Self {
            value: count.value,
            traced: count.traced,
        }
    }
}

/// An event's funnel. Attendees are the recorded attendees when there are any,
/// otherwise the imported count; applications, offers and hires are counted from the
/// candidates who name the event when there are any, otherwise imported.
#[derive(Debug, Serialize, ToSchema)]
pub struct FunnelBody {
    /// People who came.
    pub attendees: CountBody,
    /// Applications that followed.
    pub applications: CountBody,
    /// Offers made (candidates ever offered the job).
    pub offers: CountBody,
    /// People hired.
    pub hires: CountBody,
    /// applications / attendees.
    pub applications_per_attendee: Option<f64>,
    /// offers / applications.
    pub offers_per_application: Option<f64>,
    /// hires / offers.
    pub hires_per_offer: Option<f64>,
    /// hires / attendees.
    pub hires_per_attendee: Option<f64>,
    /// cost / hires, in pence, when both are known and there was a hire.
    pub cost_per_hire_pence: Option<u64>,
}

impl From<EventFunnel> for FunnelBody {
    fn from(funnel: EventFunnel) -> Self {
        Self {
            attendees: funnel.attendees.into(),
            applications: funnel.applications.into(),
            offers: funnel.offers.into(),
            hires: funnel.hires.into(),
            applications_per_attendee: funnel.applications_per_attendee,
            offers_per_application: funnel.offers_per_application,
            hires_per_offer: funnel.hires_per_offer,
            hires_per_attendee: funnel.hires_per_attendee,
            cost_per_hire_pence: funnel.cost_per_hire_pence,
        }
    }
}

/// A recruitment event with its details and funnel.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventBody {
    /// The council's ID for the event.
    pub event_id: String,
    /// The day it was held.
    pub held_on: NaiveDate,
    /// Where.
    pub location: String,
    /// Whether it was out of working hours (`null`: not recorded).
    pub out_of_hours: Option<bool>,
    /// Its name.
    pub name: String,
    /// Start, London time.
    #[schema(value_type = Option<String>, example = "17:30:00")]
    pub starts_at: Option<NaiveTime>,
    /// End, London time.
    #[schema(value_type = Option<String>, example = "20:00:00")]
    pub ends_at: Option<NaiveTime>,
    /// What it cost, in pence.
    pub cost_pence: Option<u64>,
    /// Its funnel.
    pub funnel: FunnelBody,
}

impl EventBody {
    fn of(event: &RecruitmentEvent, recruitment: &Recruitment) -> Self {
        let details = recruitment.event_details(&event.id);
        Self {
            event_id: event.id.to_string(),
            held_on: event.held_on,
            location: event.location.clone(),
            out_of_hours: event.out_of_hours,
            name: details.map(|d| d.name.clone()).unwrap_or_default(),
            starts_at: details.and_then(|d| d.starts_at),
            ends_at: details.and_then(|d| d.ends_at),
            cost_pence: details.and_then(|d| d.cost_pence),
            funnel: funnel(event, recruitment).into(),
        }
    }
}

/// The events of a group (held out of working hours, in them, or not recorded)
/// added up.
#[derive(Debug, Serialize, ToSchema)]
pub struct HoursBody {
    /// `out_of_hours`, `in_hours` or `not_recorded`.
    pub hours: String,
    /// Events.
    pub events: u64,
    /// Attendees.
    pub attendees: u64,
    /// Applications.
    pub applications: u64,
    /// Offers.
    pub offers: u64,
    /// Hires.
    pub hires: u64,
    /// applications / attendees.
    pub applications_per_attendee: Option<f64>,
    /// hires / attendees.
    pub hires_per_attendee: Option<f64>,
    /// The cost of the events whose cost is recorded, in pence.
    pub cost_pence: u64,
    /// That cost over those events' hires, in pence.
    pub cost_per_hire_pence: Option<u64>,
}

impl From<&FunnelTotals> for HoursBody {
    fn from(total: &FunnelTotals) -> Self {
        Self {
            hours: match total.hours {
                Hours::OutOfHours => "out_of_hours",
                Hours::InHours => "in_hours",
                Hours::NotRecorded => "not_recorded",
            }
            .to_owned(),
            events: total.events,
            attendees: total.attendees,
            applications: total.applications,
            offers: total.offers,
            hires: total.hires,
            applications_per_attendee: total.applications_per_attendee,
            hires_per_attendee: total.hires_per_attendee,
            cost_pence: total.cost_pence,
            cost_per_hire_pence: total.cost_per_hire_pence,
        }
    }
}

/// Every event with its funnel, newest first, and the out-of-hours comparison.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventsBody {
    /// The events.
    pub events: Vec<EventBody>,
    /// Out of working hours, in them, and not recorded.
    pub by_hours: Vec<HoursBody>,
}

/// An event's name, times and cost.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventDetailsInput {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Start, London time, `HH:MM` or `HH:MM:SS`.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "17:30")]
    pub starts_at: Option<NaiveTime>,
    /// End, London time, after the start.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "20:00")]
    pub ends_at: Option<NaiveTime>,
    /// What it cost, in pence.
    #[serde(default)]
    pub cost_pence: Option<u64>,
}

/// Someone who came to an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendeeBody {
    /// Their place in the event's list.
    pub number: u32,
    /// Their name (empty once anonymised).
    pub name: String,
    /// Their email address (empty once anonymised).
    pub email: String,
    /// What they are interested in.
    pub interested_in: String,
    /// The candidate they became.
    pub candidate_id: Option<String>,
}

impl AttendeeBody {
    fn of(attendee: &EventAttendee) -> Self {
        Self {
            number: attendee.number,
            name: attendee.name.clone(),
            email: attendee.email.clone(),
            interested_in: attendee.interested_in.clone(),
            candidate_id: attendee.candidate_id.as_ref().map(ToString::to_string),
        }
    }
}

/// Someone to add to an event's attendees.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendeeInput {
    /// Their name.
    pub name: String,
    /// Their email address.
    #[serde(default)]
    pub email: String,
    /// What they are interested in.
    #[serde(default)]
    pub interested_in: String,
    /// The candidate they became (one who names the event).
    #[serde(default)]
    pub candidate_id: Option<String>,
}

// ---------------------------------------------------------------- loading and writing

/// The caller's council's records and recruitment.
struct View {
    council: CouncilCode,
    workforce: Workforce,
    recruitment: Recruitment,
}

impl View {
    async fn load(state: &AppState, user: &User) -> Result<Self, ApiError> {
        let council = user.council.ok_or(ApiError::NotFound(
            "an administrator has no council's recruitment",
        ))?;
        Ok(Self {
            council,
            workforce: state.store.workforce(council).await?,
            recruitment: state.store.recruitment(council).await?,
        })
    }

    /// Records that the caller was answered with people's names: candidates' or
    /// attendees'.
    async fn record_view(
        &self,
        state: &AppState,
        user: &User,
        action: &str,
        detail: String,
    ) -> Result<(), ApiError> {
        state
            .store
            .record_audit(&[AuditEntry {
                council: self.council,
                actor: user.email.clone(),
                action: action.to_owned(),
                detail: format!("{detail} (api)"),
            }])
            .await?;
        Ok(())
    }

    fn candidate(&self, id: &str) -> Result<&Candidate, ApiError> {
        const NOT_FOUND: ApiError = ApiError::NotFound("the candidate was not found");
        let id = CandidateId::parse(id).map_err(|_| NOT_FOUND)?;
        self.recruitment.candidate(&id).ok_or(NOT_FOUND)
    }

    fn event(&self, id: &str) -> Result<&RecruitmentEvent, ApiError> {
        const NOT_FOUND: ApiError = ApiError::NotFound("the recruitment event was not found");
        let id = EventId::parse(id).map_err(|_| NOT_FOUND)?;
        self.workforce
            .recruitment_events
            .iter()
            .find(|event| event.id == id)
            .ok_or(NOT_FOUND)
    }
}

/// Writes changes through `change_recruitment`; a refused change is 422 with its
/// reason.
async fn change(
    state: &AppState,
    council: CouncilCode,
    user: &User,
    description: &str,
    workforce_changes: Option<Workforce>,
    changes: Vec<RecruitmentChange>,
) -> Result<Recruitment, ApiError> {
    let request = RecruitmentRequest {
        actor: &user.email,
        action: CHANGE_ACTION,
        description,
    };
    match pathway_app::change_recruitment(
        state.store.as_ref(),
        council,
        request,
        workforce_changes,
        changes,
    )
    .await
    {
        Ok(changed) => Ok(changed.recruitment),
        Err(error) => match refusal_messages(error) {
            Ok(messages) => Err(ApiError::Unprocessable(messages.join("; "))),
            Err(store) => Err(store.into()),
        },
    }
}

/// An optional ID, checked to name one of the council's records.
fn known<T>(
    text: &Option<String>,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, ApiError> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => parse(text)
            .map(Some)
            .ok_or_else(|| ApiError::Unprocessable(format!("there is no {what} {text}"))),
    }
}

/// Checks an input against the council's records: the candidate it describes, with
/// `stored`'s stage, worker and anonymisation kept when changing one.
fn candidate_of(
    input: CandidateInput,
    view: &View,
    stored: Option<&Candidate>,
) -> Result<Candidate, ApiError> {
    let workforce = &view.workforce;
    let unprocessable = |message: &str| ApiError::Unprocessable(message.to_owned());
    if input.given_name.trim().is_empty() || input.family_name.trim().is_empty() {
        return Err(unprocessable(
            "given_name and family_name must not be empty",
        ));
    }
    let email = input.email.trim();
    if !email.is_empty() && !email_looks_right(email) {
        return Err(unprocessable("email is not an email address"));
    }
    if input.applied_on > today() {
        return Err(unprocessable("applied_on must be today or in the past"));
    }
    let vacancy_id = known(&input.vacancy_id, "vacancy", |text| {
        workforce
            .vacancies
            .iter()
            .find(|v| v.id.as_str() == text)
            .map(|v| v.id.clone())
    })?;
    let event_id = known(&input.event_id, "recruitment event", |text| {
        workforce
            .recruitment_events
            .iter()
            .find(|e| e.id.as_str() == text)
            .map(|e| e.id.clone())
    })?;
    let placement_id = known(&input.placement_id, "placement", |text| {
        workforce
            .placements
            .iter()
            .find(|p| p.id.as_str() == text)
            .map(|p| p.id.clone())
    })?;
    let team_id = known(&input.team_id, "team", |text| {
        workforce
            .teams
            .iter()
            .find(|t| t.id.as_str() == text)
            .map(|t| t.id.clone())
    })?;
    let swe_number = match input.swe_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            SweNumber::parse(text)
                .map_err(|error| ApiError::Unprocessable(format!("swe_number: {error}")))?,
        ),
    };
    let fte = input
        .fte
        .map(|value| {
            Fte::new(value).map_err(|error| ApiError::Unprocessable(format!("fte: {error}")))
        })
        .transpose()?;
    if let Some(start) = input.start_date
        && start < input.applied_on
    {
        return Err(unprocessable("start_date must be on or after applied_on"));
    }
    let stage = match stored {
        Some(stored) => stored.stage,
        None => match input.stage.unwrap_or(CandidateStage::Applied) {
            CandidateStage::Started => {
                return Err(unprocessable(
                    "a new candidate cannot start: add them, then move them to started",
                ));
            }
            stage => stage,
        },
    };
    let id = match stored {
        Some(stored) => stored.id.clone(),
        None => CandidateId::parse(&next_id(
            view.recruitment.candidates.iter().map(|c| c.id.as_str()),
            "C",
        ))
        .map_err(|error| ApiError::Internal(error.to_string()))?,
    };
    Ok(Candidate {
        id,
        given_name: input.given_name.trim().to_owned(),
        family_name: input.family_name.trim().to_owned(),
        email: email.to_owned(),
        phone: input.phone.trim().to_owned(),
        source: input.source,
        vacancy_id,
        event_id,
        placement_id,
        applied_on: input.applied_on,
        stage,
        swe_number,
        start_date: input.start_date,
        role: input.role,
        team_id,
        fte,
        worker_id: stored.and_then(|c| c.worker_id.clone()),
        anonymised_on: None,
    })
}

fn path_id(
    path: Result<Path<String>, PathRejection>,
    not_found: &'static str,
) -> Result<String, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError::NotFound(not_found))
}

// ---------------------------------------------------------------- candidates

/// The council's candidates, newest application first, with their histories.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/candidates",
    tag = "recruitment",
    params(CandidateFilters),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The candidates", body = Vec<CandidateBody>),
        (status = 400, description = "A filter is not one of its codes", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
    )
)]
pub async fn list_candidates(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    filters: Result<Query<CandidateFilters>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<CandidateBody>>, ApiError> {
    let Query(filters) = filters.map_err(|error| ApiError::BadRequest(error.body_text()))?;
    let view = View::load(&state, &user).await?;
    let mut candidates: Vec<&Candidate> = view
        .recruitment
        .candidates
        .iter()
        .filter(|c| filters.stage.is_none_or(|stage| c.stage == stage))
        .filter(|c| filters.source.is_none_or(|source| c.source == source))
        .filter(|c| {
            filters
                .vacancy_id
                .as_deref()
                .is_none_or(|id| c.vacancy_id.as_ref().is_some_and(|v| v.as_str() == id))
        })
        .collect();
    candidates.sort_by(|a, b| (b.applied_on, &b.id).cmp(&(a.applied_on, &a.id)));
    view.record_view(
        &state,
        &user,
        "view candidates",
        format!("listed {} candidates", candidates.len()),
    )
    .await?;
    Ok(Json(
        candidates
            .into_iter()
            .map(|c| CandidateBody::of(c, &view.recruitment))
            .collect(),
    ))
}

/// One candidate, with their history.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/candidates/{candidate_id}",
    tag = "recruitment",
    params(("candidate_id" = String, Path, description = "The council's ID for the candidate")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The candidate", body = CandidateBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such candidate", body = ErrorBody),
    )
)]
pub async fn show_candidate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<CandidateBody>, ApiError> {
    let id = path_id(path, "the candidate was not found")?;
    let view = View::load(&state, &user).await?;
    let candidate = view.candidate(&id)?;
    view.record_view(
        &state,
        &user,
        "view candidate",
        format!("candidate {}", candidate.id),
    )
    .await?;
    Ok(Json(CandidateBody::of(candidate, &view.recruitment)))
}

/// Adds a candidate, with their first stage in their history (dated the day they
/// applied).
#[utoipa::path(
    post,
    path = "/api/v1/recruitment/candidates",
    tag = "recruitment",
    request_body = CandidateInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The candidate as stored, with the ID given them", body = CandidateBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 422, description = "The candidate is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn create_candidate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    input: Result<Json<CandidateInput>, JsonRejection>,
) -> Result<(StatusCode, Json<CandidateBody>), ApiError> {
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let candidate = candidate_of(input, &view, None)?;
    let first = CandidateStageChange {
        candidate_id: candidate.id.clone(),
        number: 1,
        on: candidate.applied_on,
        stage: candidate.stage,
        by: user.email.clone(),
    };
    let id = candidate.id.clone();
    let recruitment = change(
        &state,
        view.council,
        &user,
        &format!("added candidate {id} (api)"),
        None,
        vec![
            RecruitmentChange::PutCandidate(candidate),
            RecruitmentChange::PutCandidateStageChange(first),
        ],
    )
    .await?;
    let stored = recruitment
        .candidate(&id)
        .ok_or_else(|| ApiError::Internal("the candidate was not stored".to_owned()))?;
    Ok((
        StatusCode::CREATED,
        Json(CandidateBody::of(stored, &recruitment)),
    ))
}

/// Changes a candidate's details (not their stage). An anonymised candidate, or one
/// who has started, cannot change.
#[utoipa::path(
    put,
    path = "/api/v1/recruitment/candidates/{candidate_id}",
    tag = "recruitment",
    params(("candidate_id" = String, Path, description = "The council's ID for the candidate")),
    request_body = CandidateInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The candidate as stored", body = CandidateBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such candidate", body = ErrorBody),
        (status = 422, description = "The change is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn update_candidate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    input: Result<Json<CandidateInput>, JsonRejection>,
) -> Result<Json<CandidateBody>, ApiError> {
    let id = path_id(path, "the candidate was not found")?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let stored = view.candidate(&id)?;
    if stored.anonymised_on.is_some() {
        return Err(ApiError::Unprocessable(
            "the candidate's personal data were anonymised: their record can no longer change"
                .to_owned(),
        ));
    }
    if stored.worker_id.is_some() {
        return Err(ApiError::Unprocessable(
            "the candidate has started work: change their worker record instead".to_owned(),
        ));
    }
    let candidate = candidate_of(input, &view, Some(stored))?;
    let id = candidate.id.clone();
    let recruitment = change(
        &state,
        view.council,
        &user,
        &format!("changed candidate {id} (api)"),
        None,
        vec![RecruitmentChange::PutCandidate(candidate)],
    )
    .await?;
    let stored = recruitment
        .candidate(&id)
        .ok_or_else(|| ApiError::Internal("the candidate was not stored".to_owned()))?;
    Ok(Json(CandidateBody::of(stored, &recruitment)))
}

/// Moves a candidate to a stage. Moving to `started` makes them a worker of the
/// council (worker, employment from the start date with the start origin their
/// source gives, assignment with the role, team and FTE agreed) in the same change;
/// the answer's `worker_id` names the worker.
#[utoipa::path(
    post,
    path = "/api/v1/recruitment/candidates/{candidate_id}/stage",
    tag = "recruitment",
    params(("candidate_id" = String, Path, description = "The council's ID for the candidate")),
    request_body = StageMoveInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The candidate as moved", body = CandidateBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such candidate", body = ErrorBody),
        (status = 422, description = "The move is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn move_candidate(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    input: Result<Json<StageMoveInput>, JsonRejection>,
) -> Result<Json<CandidateBody>, ApiError> {
    let id = path_id(path, "the candidate was not found")?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let candidate = view.candidate(&id)?;
    if input.on > today() {
        return Err(ApiError::Unprocessable(
            "on must be today or in the past".to_owned(),
        ));
    }
    let worker_id = known(&input.worker_id, "valid worker ID", |text| {
        WorkerId::parse(text).ok()
    })?;
    let moved = move_to(
        &view.workforce,
        &view.recruitment,
        candidate,
        StageMove {
            stage: input.stage,
            on: input.on,
            by: &user.email,
            worker_id,
        },
    )
    .map_err(|error| ApiError::Unprocessable(error.to_string()))?;
    let description = match &moved.worker_id {
        Some(worker) => format!(
            "started candidate {} as worker {worker} (api)",
            candidate.id
        ),
        None => format!(
            "moved candidate {} to {} (api)",
            candidate.id,
            input.stage.as_str()
        ),
    };
    let id = candidate.id.clone();
    let recruitment = change(
        &state,
        view.council,
        &user,
        &description,
        moved.workforce_changes,
        moved.changes,
    )
    .await?;
    let stored = recruitment
        .candidate(&id)
        .ok_or_else(|| ApiError::Internal("the candidate was not stored".to_owned()))?;
    Ok(Json(CandidateBody::of(stored, &recruitment)))
}

// ---------------------------------------------------------------- events

/// Every recruitment event with its funnel, newest first, and the events held out
/// of working hours against those held in them.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/events",
    tag = "recruitment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The events and the comparison", body = EventsBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see recruitment", body = ErrorBody),
    )
)]
pub async fn list_events(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<EventsBody>, ApiError> {
    let view = View::load(&state, &user).await?;
    let mut events: Vec<&RecruitmentEvent> = view.workforce.recruitment_events.iter().collect();
    events.sort_by(|a, b| (b.held_on, &b.id).cmp(&(a.held_on, &a.id)));
    let funnels: Vec<EventFunnel> = events
        .iter()
        .map(|event| funnel(event, &view.recruitment))
        .collect();
    Ok(Json(EventsBody {
        events: events
            .iter()
            .map(|event| EventBody::of(event, &view.recruitment))
            .collect(),
        by_hours: by_hours(&view.workforce.recruitment_events, &funnels)
            .iter()
            .map(HoursBody::from)
            .collect(),
    }))
}

/// One recruitment event with its funnel.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/events/{event_id}",
    tag = "recruitment",
    params(("event_id" = String, Path, description = "The council's ID for the event")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The event", body = EventBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see recruitment", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
    )
)]
pub async fn show_event(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<EventBody>, ApiError> {
    let id = path_id(path, "the recruitment event was not found")?;
    let view = View::load(&state, &user).await?;
    let event = view.event(&id)?;
    Ok(Json(EventBody::of(event, &view.recruitment)))
}

/// Sets an event's name, times and cost.
#[utoipa::path(
    put,
    path = "/api/v1/recruitment/events/{event_id}/details",
    tag = "recruitment",
    params(("event_id" = String, Path, description = "The council's ID for the event")),
    request_body = EventDetailsInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The event as stored", body = EventBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 422, description = "The details are refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_event_details(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    input: Result<Json<EventDetailsInput>, JsonRejection>,
) -> Result<Json<EventBody>, ApiError> {
    let id = path_id(path, "the recruitment event was not found")?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let event = view.event(&id)?.clone();
    let details = EventDetails {
        event_id: event.id.clone(),
        name: input.name.trim().to_owned(),
        starts_at: input.starts_at,
        ends_at: input.ends_at,
        cost_pence: input.cost_pence,
    };
    let recruitment = change(
        &state,
        view.council,
        &user,
        &format!("changed recruitment event {} (api)", event.id),
        None,
        vec![RecruitmentChange::PutEventDetails(details)],
    )
    .await?;
    Ok(Json(EventBody::of(&event, &recruitment)))
}

/// An event's attendees, in list order.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/events/{event_id}/attendees",
    tag = "recruitment",
    params(("event_id" = String, Path, description = "The council's ID for the event")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The attendees", body = Vec<AttendeeBody>),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
    )
)]
pub async fn list_attendees(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Vec<AttendeeBody>>, ApiError> {
    let id = path_id(path, "the recruitment event was not found")?;
    let view = View::load(&state, &user).await?;
    let event = view.event(&id)?;
    view.record_view(
        &state,
        &user,
        "view recruitment event",
        format!("event {} with its attendees", event.id),
    )
    .await?;
    Ok(Json(
        view.recruitment
            .attendees_of(&event.id)
            .into_iter()
            .map(AttendeeBody::of)
            .collect(),
    ))
}

/// Adds someone to an event's attendees, at the end of its list.
#[utoipa::path(
    post,
    path = "/api/v1/recruitment/events/{event_id}/attendees",
    tag = "recruitment",
    params(("event_id" = String, Path, description = "The council's ID for the event")),
    request_body = AttendeeInput,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The attendee as stored", body = AttendeeBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 422, description = "The attendee is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn add_attendee(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<String>, PathRejection>,
    input: Result<Json<AttendeeInput>, JsonRejection>,
) -> Result<(StatusCode, Json<AttendeeBody>), ApiError> {
    let id = path_id(path, "the recruitment event was not found")?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let event = view.event(&id)?;
    if input.name.trim().is_empty() {
        return Err(ApiError::Unprocessable("name must not be empty".to_owned()));
    }
    let email = input.email.trim();
    if !email.is_empty() && !email_looks_right(email) {
        return Err(ApiError::Unprocessable(
            "email is not an email address".to_owned(),
        ));
    }
    let candidate_id = known(&input.candidate_id, "candidate from this event", |text| {
        view.recruitment
            .candidates
            .iter()
            .find(|c| c.id.as_str() == text && c.event_id.as_ref() == Some(&event.id))
            .map(|c| c.id.clone())
    })?;
    let number = view
        .recruitment
        .attendees_of(&event.id)
        .iter()
        .map(|a| a.number)
        .max()
        .unwrap_or(0)
        + 1;
    let attendee = EventAttendee {
        event_id: event.id.clone(),
        number,
        name: input.name.trim().to_owned(),
        email: email.to_owned(),
        interested_in: input.interested_in.trim().to_owned(),
        candidate_id,
    };
    let body = AttendeeBody::of(&attendee);
    change(
        &state,
        view.council,
        &user,
        &format!(
            "added attendee {number} to recruitment event {} (api)",
            event.id
        ),
        None,
        vec![RecruitmentChange::PutAttendee(attendee)],
    )
    .await?;
    Ok((StatusCode::CREATED, Json(body)))
}

/// Removes someone from an event's attendees.
#[utoipa::path(
    delete,
    path = "/api/v1/recruitment/events/{event_id}/attendees/{number}",
    tag = "recruitment",
    params(
        ("event_id" = String, Path, description = "The council's ID for the event"),
        ("number" = u32, Path, description = "The attendee's place in the list"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such event or attendee", body = ErrorBody),
    )
)]
pub async fn remove_attendee(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    path: Result<Path<(String, u32)>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the attendee was not found");
    let Path((event_id, number)) = path.map_err(|_| NOT_FOUND)?;
    let view = View::load(&state, &user).await?;
    let event = view.event(&event_id)?;
    if !view
        .recruitment
        .attendees_of(&event.id)
        .iter()
        .any(|a| a.number == number)
    {
        return Err(NOT_FOUND);
    }
    change(
        &state,
        view.council,
        &user,
        &format!(
            "removed attendee {number} from recruitment event {} (api)",
            event.id
        ),
        None,
        vec![RecruitmentChange::RemoveAttendee {
            event_id: event.id.clone(),
            number,
        }],
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
