//! The teams page: the council's teams (a team manager's own), with the people in
//! post in each, linking to the register filtered by team.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use chrono::Utc;
use pathway_domain::access::PeopleReach;
use pathway_domain::ids::TeamId;

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{self, People, encode, humanise};
use crate::page::Page;
use crate::session::SignedIn;

/// One team's row.
#[derive(Debug)]
struct TeamRow {
    name: String,
    id: String,
    service: String,
    locality: String,
    in_post: usize,
    href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "teams.html")]
/// The teams page.
pub struct TeamsPage {
    page: Page,
    own_only: bool,
    rows: Vec<TeamRow>,
}

/// `GET /teams`: the teams the user may see. People in post are counted within the
/// user's reach, so each count matches the register's list for the team.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<TeamsPage, WebError> {
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, Utc::now().date_naive());
    let mut in_post: HashMap<&TeamId, usize> = HashMap::new();
    for worker in people.visible() {
        let position = people.position(&worker.id);
        if let (true, Some(team)) = (
            position.in_post,
            position.assignment.and_then(|a| a.team_id.as_ref()),
        ) {
            *in_post.entry(team).or_default() += 1;
        }
    }
    let reach = signed_in.user.role.reach();
    let mut teams: Vec<_> = workforce
        .teams
        .iter()
        .filter(|team| match reach {
            PeopleReach::Council => true,
            PeopleReach::OwnTeams => signed_in.user.teams.contains(&team.id),
            PeopleReach::Themselves => in_post.contains_key(&team.id),
            PeopleReach::Nobody => false,
        })
        .collect();
    teams.sort_by_cached_key(|team| (team.name.to_lowercase(), team.id.clone()));
    let rows = teams
        .into_iter()
        .map(|team| TeamRow {
            name: team.name.clone(),
            id: team.id.to_string(),
            service: humanise(team.service.as_str()),
            locality: team.locality.clone().unwrap_or_default(),
            in_post: in_post.get(&team.id).copied().unwrap_or(0),
            href: format!("/workers?team={}", encode(team.id.as_str())),
        })
        .collect();
    Ok(TeamsPage {
        page: Page::for_user(&signed_in, "/teams"),
        own_only: reach != PeopleReach::Council,
        rows,
    })
}
