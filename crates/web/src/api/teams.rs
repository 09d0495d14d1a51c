//! `GET /api/v1/teams`: the teams of the user's council (every council's, for an
//! administrator) with how many people are in post in each.

use std::collections::{HashMap, HashSet};

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use pathway_app::accounts::User;
use pathway_domain::CouncilCode;
use pathway_domain::ids::{TeamId, WorkerId};
use serde::Serialize;
use utoipa::ToSchema;

use super::ApiUser;
use super::error::{ApiError, ErrorBody};
use crate::AppState;

/// A team and its headcount today.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamSummary {
    /// The council's DfE code.
    pub council: String,
    /// The council's ID for the team.
    pub team_id: String,
    /// The team's name.
    pub name: String,
    /// `children`, `adults` or `other`.
    pub service: String,
    /// Where it works, if recorded.
    pub locality: Option<String>,
    /// People with an assignment in the team today.
    pub in_post_headcount: u64,
}

/// The teams.
#[derive(Debug, Serialize, ToSchema)]
pub struct TeamList {
    /// By council and team ID.
    pub teams: Vec<TeamSummary>,
}

/// The councils whose figures a user sees: their own, or all for an administrator.
pub(crate) async fn councils_of(
    state: &AppState,
    user: &User,
) -> Result<Vec<CouncilCode>, ApiError> {
    Ok(pathway_app::accounts::councils_seen_by(state.store.as_ref(), user).await?)
}

/// Lists the teams with their headcount in post today.
#[utoipa::path(
    get,
    path = "/api/v1/teams",
    tag = "teams",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The teams", body = TeamList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see figures", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<TeamList>, ApiError> {
    let today = Utc::now().date_naive();
    let mut teams = Vec::new();
    for council in councils_of(&state, &user).await? {
        let workforce = state.workforce(council).await?;
        let workers: HashMap<_, &WorkerId> = workforce
            .employments
            .iter()
            .filter(|employment| employment.span().covers(today))
            .map(|employment| (employment.id(), employment.worker_id()))
            .collect();
        let mut in_post: HashMap<&TeamId, HashSet<&WorkerId>> = HashMap::new();
        for assignment in &workforce.assignments {
            if let (Some(team), Some(worker)) = (
                assignment.team_id.as_ref(),
                workers.get(&assignment.employment_id),
            ) && assignment.span.covers(today)
            {
                in_post.entry(team).or_default().insert(worker);
            }
        }
        let mut council_teams: Vec<TeamSummary> = workforce
            .teams
            .iter()
            .map(|team| TeamSummary {
                council: council.to_string(),
                team_id: team.id.to_string(),
                name: team.name.clone(),
                service: team.service.as_str().to_owned(),
                locality: team.locality.clone(),
                in_post_headcount: in_post.get(&team.id).map_or(0, |set| set.len() as u64),
            })
            .collect();
        council_teams.sort_by(|a, b| a.team_id.cmp(&b.team_id));
        teams.extend(council_teams);
    }
    Ok(Json(TeamList { teams }))
}
