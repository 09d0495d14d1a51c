//! `/api/v1/feedback/...` and `/api/v1/survey/...`: feedback sessions with their
//! themes and actions, "you said, we did", a year's staff survey results and
//! importing survey responses, with the pages' permissions and council.
//!
//! Every change goes through `pathway_app::change_feedback` or `change_survey`; a
//! refused change is answered 422 with its reason.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use pathway_app::accounts::User;
use pathway_app::{ChangeRequest, FeedbackChangeError, change_feedback};
use pathway_domain::CouncilCode;
use pathway_domain::access::Permission;
use pathway_domain::feedback::{
    Action, ActionStatus, Feedback, FeedbackChange, FeedbackSession, SessionDetails, Theme,
    you_said_we_did,
};
use pathway_domain::survey::EmployerStandard;
use pathway_domain::values::Date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiUser;
use super::error::{ApiError, ErrorBody, body};
use crate::AppState;
use crate::html::feedback::CHANGE_ACTION;
use crate::survey_results::{SurveyResultsBody, results_body};

// ---------------------------------------------------------------- bodies

/// A theme raised at a session.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThemeBody {
    /// Its number in the session.
    pub number: u32,
    /// What was said.
    pub text: String,
    /// The employer standard it concerns: `clear_framework`, `workforce_planning`,
    /// `safe_workloads`, `wellbeing`, `supervision`, `professional_development`,
    /// `professional_registration` or `partnerships`.
    pub standard: Option<String>,
}

/// An action on a theme.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionBody {
    /// Its number in the session.
    pub number: u32,
    /// The theme's number.
    pub theme: u32,
    /// What will be done.
    pub description: String,
    /// The role or team that owns it.
    pub owner: String,
    /// `open`, `in_progress` or `done`.
    pub status: String,
    /// When it is due.
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<Date>,
    /// When it was done.
    #[schema(value_type = Option<String>, format = Date)]
    pub done_on: Option<Date>,
    /// What was done.
    pub what_we_did: Option<String>,
}

/// A feedback session with its themes and actions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionBody {
    /// The session's number.
    pub session_id: u32,
    /// When it was held.
    #[schema(value_type = String, format = Date)]
    pub held_on: Date,
    /// Its title.
    pub title: String,
    /// Where.
    pub place: String,
    /// How many came.
    pub attendees: u32,
    /// The role of who ran it.
    pub run_by: String,
    /// Its themes.
    pub themes: Vec<ThemeBody>,
    /// Its actions.
    pub actions: Vec<ActionBody>,
}

/// The sessions, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    /// The sessions.
    pub sessions: Vec<SessionBody>,
}

fn action_body(action: &Action) -> ActionBody {
    ActionBody {
        number: action.number,
        theme: action.theme,
        description: action.description.clone(),
        owner: action.owner.clone(),
        status: action.status.as_str().to_owned(),
        due_on: action.due_on,
        done_on: action.done_on,
        what_we_did: action.what_we_did.clone(),
    }
}

fn session_body(session: &FeedbackSession) -> SessionBody {
    SessionBody {
        session_id: session.details.id,
        held_on: session.details.held_on,
        title: session.details.title.clone(),
        place: session.details.place.clone(),
        attendees: session.details.attendees,
        run_by: session.details.run_by.clone(),
        themes: session
            .themes
            .iter()
            .map(|theme| ThemeBody {
                number: theme.number,
                text: theme.text.clone(),
                standard: theme.standard.map(|s| s.as_str().to_owned()),
            })
            .collect(),
        actions: session.actions.iter().map(action_body).collect(),
    }
}

/// A new theme, with any actions agreed on it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTheme {
    /// What was said.
    pub text: String,
    /// The employer standard it concerns, if any.
    #[serde(default)]
    pub standard: Option<String>,
    /// Its actions.
    #[serde(default)]
    pub actions: Vec<ActionFields>,
}

/// An action's fields, as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionFields {
    /// The theme's number (only when putting an action; a new theme's actions are
    /// its own).
    #[serde(default)]
    pub theme: Option<u32>,
    /// What will be done.
    pub description: String,
    /// The role or team that owns it.
    pub owner: String,
    /// `open` (the default), `in_progress` or `done`.
    #[serde(default)]
    pub status: Option<String>,
    /// When it is due.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<Date>,
    /// When it was done (only when done).
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub done_on: Option<Date>,
    /// What was done (needed when done).
    #[serde(default)]
    pub what_we_did: Option<String>,
}

/// A new session, with its themes and their actions.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    /// When it was held.
    #[schema(value_type = String, format = Date)]
    pub held_on: Date,
    /// Its title.
    pub title: String,
    /// Where.
    pub place: String,
    /// How many came.
    pub attendees: u32,
    /// The role of who ran it.
    pub run_by: String,
    /// The themes raised.
    #[serde(default)]
    pub themes: Vec<NewTheme>,
}

/// One theme of "you said, we did".
#[derive(Debug, Serialize, ToSchema)]
pub struct YouSaidBody {
    /// The session's number.
    pub session_id: u32,
    /// Its title.
    pub session: String,
    /// When it was held.
    #[schema(value_type = String, format = Date)]
    pub held_on: Date,
    /// What was said.
    pub you_said: String,
    /// The standard it concerns.
    pub standard: Option<String>,
    /// The done actions: what was done.
    pub we_did: Vec<ActionBody>,
    /// The actions under way.
    pub we_are_working_on: Vec<ActionBody>,
}

/// "You said, we did", newest session first.
#[derive(Debug, Serialize, ToSchema)]
pub struct YouSaidList {
    /// The themes with actions.
    pub themes: Vec<YouSaidBody>,
}

// ---------------------------------------------------------------- helpers

fn council_of(user: &User) -> Result<CouncilCode, ApiError> {
    user.council.ok_or(ApiError::NotFound(
        "an administrator has no feedback sessions",
    ))
}

fn standard(text: Option<&str>) -> Result<Option<EmployerStandard>, ApiError> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| {
            EmployerStandard::parse(t)
                .map_err(|error| ApiError::Unprocessable(format!("standard: {error}")))
        })
        .transpose()
}

fn action_of(fields: ActionFields, number: u32, theme: u32) -> Result<Action, ApiError> {
    let status = match fields.status.as_deref() {
        None | Some("") => ActionStatus::Open,
        Some(text) => ActionStatus::parse(text)
            .map_err(|error| ApiError::Unprocessable(format!("status: {error}")))?,
    };
    Ok(Action {
        number,
        theme,
        description: fields.description,
        owner: fields.owner,
        status,
        due_on: fields.due_on,
        done_on: fields.done_on,
        what_we_did: fields.what_we_did.filter(|text| !text.trim().is_empty()),
    })
}

async fn write(
    state: &AppState,
    user: &User,
    council: CouncilCode,
    description: &str,
    changes: Vec<FeedbackChange>,
) -> Result<Feedback, ApiError> {
    change_feedback(
        state.store.as_ref(),
        council,
        ChangeRequest {
            actor: &user.email,
            action: CHANGE_ACTION,
            description,
        },
        changes,
    )
    .await
    .map_err(|error| match error {
        FeedbackChangeError::Store(error) => ApiError::Store(error),
        FeedbackChangeError::Refused(_, reason) => ApiError::Unprocessable(reason.to_string()),
    })
}

// ---------------------------------------------------------------- handlers

/// Lists the council's feedback sessions, newest first, with their themes and actions.
#[utoipa::path(
    get,
    path = "/api/v1/feedback/sessions",
    tag = "feedback",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The sessions", body = SessionList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see feedback", body = ErrorBody),
    )
)]
pub async fn list_sessions(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<SessionList>, ApiError> {
    let feedback = state.store.feedback(council_of(&user)?).await?;
    let mut sessions: Vec<&FeedbackSession> = feedback.sessions.iter().collect();
    sessions.sort_by_key(|s| std::cmp::Reverse((s.details.held_on, s.details.id)));
    Ok(Json(SessionList {
        sessions: sessions.into_iter().map(session_body).collect(),
    }))
}

/// Records a session, with its themes and their actions, numbered in the order sent.
#[utoipa::path(
    post,
    path = "/api/v1/feedback/sessions",
    tag = "feedback",
    security(("bearer" = [])),
    request_body = NewSession,
    responses(
        (status = 201, description = "The session as recorded", body = SessionBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not record feedback", body = ErrorBody),
        (status = 422, description = "The session is refused; the reason says why", body = ErrorBody),
    )
)]
pub async fn create_session(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    json: Result<Json<NewSession>, JsonRejection>,
) -> Result<(StatusCode, Json<SessionBody>), ApiError> {
    let new = body(json)?;
    let council = council_of(&user)?;
    let feedback = state.store.feedback(council).await?;
    let id = feedback.next_session_id();
    let mut changes = vec![FeedbackChange::PutSession(SessionDetails {
        id,
        held_on: new.held_on,
        title: new.title,
        place: new.place,
        attendees: new.attendees,
        run_by: new.run_by,
    })];
    let mut action_number = 0;
    for (index, theme) in new.themes.into_iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        changes.push(FeedbackChange::PutTheme {
            session: id,
            theme: Theme {
                number,
                text: theme.text,
                standard: standard(theme.standard.as_deref())?,
            },
        });
        for fields in theme.actions {
            action_number += 1;
            changes.push(FeedbackChange::PutAction {
                session: id,
                action: action_of(fields, action_number, number)?,
            });
        }
    }
    let description = format!("feedback session {id} recorded through the API");
    let feedback = write(&state, &user, council, &description, changes).await?;
    let session = feedback
        .session(id)
        .ok_or_else(|| ApiError::Internal("the new session was not kept".to_owned()))?;
    Ok((StatusCode::CREATED, Json(session_body(session))))
}

/// One session with its themes and actions.
#[utoipa::path(
    get,
    path = "/api/v1/feedback/sessions/{session_id}",
    tag = "feedback",
    security(("bearer" = [])),
    params(("session_id" = u32, Path, description = "The session's number")),
    responses(
        (status = 200, description = "The session", body = SessionBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see feedback", body = ErrorBody),
        (status = 404, description = "No such session in the user's council", body = ErrorBody),
    )
)]
pub async fn show_session(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(session_id): Path<String>,
) -> Result<Json<SessionBody>, ApiError> {
    let feedback = state.store.feedback(council_of(&user)?).await?;
    let session = session_id
        .parse::<u32>()
        .ok()
        .and_then(|id| feedback.session(id))
        .ok_or(ApiError::NotFound("the feedback session was not found"))?;
    Ok(Json(session_body(session)))
}

/// Adds or replaces an action of a session: its theme, description, owner, status
/// and dates; a done action needs its done date and what was done.
#[utoipa::path(
    put,
    path = "/api/v1/feedback/sessions/{session_id}/actions/{number}",
    tag = "feedback",
    security(("bearer" = [])),
    params(
        ("session_id" = u32, Path, description = "The session's number"),
        ("number" = u32, Path, description = "The action's number in the session"),
    ),
    request_body = ActionFields,
    responses(
        (status = 200, description = "The action as recorded", body = ActionBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not record feedback", body = ErrorBody),
        (status = 404, description = "No such session in the user's council", body = ErrorBody),
        (status = 422, description = "The action is refused; the reason says why", body = ErrorBody),
    )
)]
pub async fn put_action(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((session_id, number)): Path<(String, String)>,
    json: Result<Json<ActionFields>, JsonRejection>,
) -> Result<Json<ActionBody>, ApiError> {
    let fields = body(json)?;
    let council = council_of(&user)?;
    let feedback = state.store.feedback(council).await?;
    let session = session_id
        .parse::<u32>()
        .ok()
        .and_then(|id| feedback.session(id))
        .ok_or(ApiError::NotFound("the feedback session was not found"))?;
    let number: u32 = number.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
        ApiError::BadRequest("the action's number is a whole number from 1".into())
    })?;
    let theme = fields
        .theme
        .or_else(|| session.action(number).map(|a| a.theme))
        .ok_or_else(|| ApiError::Unprocessable("theme: give the theme's number".to_owned()))?;
    let id = session.details.id;
    let action = action_of(fields, number, theme)?;
    let description = format!(
        "feedback session {id}: action {number} is {} (API)",
        action.status.label().to_lowercase()
    );
    let feedback = write(
        &state,
        &user,
        council,
        &description,
        vec![FeedbackChange::PutAction {
            session: id,
            action,
        }],
    )
    .await?;
    let action = feedback
        .session(id)
        .and_then(|s| s.action(number))
        .ok_or_else(|| ApiError::Internal("the action was not kept".to_owned()))?;
    Ok(Json(action_body(action)))
}

/// "You said, we did": each theme with actions, with what was done and what is under
/// way, newest session first.
#[utoipa::path(
    get,
    path = "/api/v1/feedback/you-said-we-did",
    tag = "feedback",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "You said, we did", body = YouSaidList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see feedback", body = ErrorBody),
    )
)]
pub async fn you_said(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<YouSaidList>, ApiError> {
    let feedback = state.store.feedback(council_of(&user)?).await?;
    let themes = you_said_we_did(&feedback)
        .into_iter()
        .map(|entry| YouSaidBody {
            session_id: entry.session.id,
            session: entry.session.title.clone(),
            held_on: entry.session.held_on,
            you_said: entry.theme.text.clone(),
            standard: entry.theme.standard.map(|s| s.as_str().to_owned()),
            we_did: entry.done.iter().map(|a| action_body(a)).collect(),
            we_are_working_on: entry.working_on.iter().map(|a| action_body(a)).collect(),
        })
        .collect();
    Ok(Json(YouSaidList { themes }))
}

// ---------------------------------------------------------------- the staff survey

/// A year's staff survey results: the whole council and each group by standard, with
/// bands; a group with fewer respondents than the council's threshold says only that
/// it is too small.
#[utoipa::path(
    get,
    path = "/api/v1/survey/{year}/results",
    tag = "survey",
    security(("bearer" = [])),
    params(("year" = u16, Path, description = "The survey's year")),
    responses(
        (status = 200, description = "The results", body = SurveyResultsBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role neither sees figures nor answers the survey", body = ErrorBody),
        (status = 404, description = "No survey that year in the user's council", body = ErrorBody),
    )
)]
pub async fn survey_results(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(year): Path<String>,
) -> Result<Json<SurveyResultsBody>, ApiError> {
    if !(user.role.allows(Permission::SeeFigures) || user.role.allows(Permission::AnswerSurvey)) {
        return Err(ApiError::Forbidden);
    }
    let council = user
        .council
        .ok_or(ApiError::NotFound("an administrator has no staff survey"))?;
    let records = state.store.survey(council).await?;
    let year = year
        .parse::<u16>()
        .ok()
        .filter(|year| records.survey(*year).is_some())
        .ok_or(ApiError::NotFound("there is no survey that year"))?;
    let teams = state.store.workforce(council).await?.teams;
    Ok(Json(results_body(
        &council.to_string(),
        &records,
        year,
        &teams,
    )))
}

/// How many responses an import added.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportedBody {
    /// The responses added.
    pub imported: usize,
}

/// Imports a CSV file of responses (the layout of docs/survey-format.md) into a
/// year's survey (a year with no survey gets one, closed, covering the whole year),
/// all or nothing; a refused file is answered 422 with every problem
/// as `file:row:column: message`, one per line.
#[utoipa::path(
    post,
    path = "/api/v1/survey/{year}/responses",
    tag = "survey",
    security(("bearer" = [])),
    params(("year" = u16, Path, description = "The survey's year")),
    request_body(content = String, content_type = "text/csv", description = "The responses, one row each"),
    responses(
        (status = 201, description = "The responses were added", body = ImportedBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run the survey", body = ErrorBody),
        (status = 404, description = "A year outside 2000 to 2100", body = ErrorBody),
        (status = 422, description = "The file is refused; every problem is listed", body = ErrorBody),
    )
)]
pub async fn import_responses(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(year): Path<String>,
    bytes: axum::body::Bytes,
) -> Result<(StatusCode, Json<ImportedBody>), ApiError> {
    let council = user
        .council
        .ok_or(ApiError::NotFound("an administrator has no staff survey"))?;
    let year = year
        .parse::<u16>()
        .ok()
        .filter(|year| (2000..=2100).contains(year))
        .ok_or(ApiError::NotFound("the year must be from 2000 to 2100"))?;
    match crate::html::survey::import_responses(
        &state,
        council,
        &user.email,
        year,
        "responses.csv",
        &bytes,
    )
    .await
    {
        Ok(Ok(imported)) => Ok((StatusCode::CREATED, Json(ImportedBody { imported }))),
        Ok(Err(problems)) => Err(ApiError::Unprocessable(problems.join("\n"))),
        Err(crate::error::WebError::Store(error)) => Err(ApiError::Store(error)),
        Err(other) => Err(ApiError::Internal(other.to_string())),
    }
}
