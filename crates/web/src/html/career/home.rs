//! `/career`: a practitioner's own pathway; for everyone else, the people in their
//! reach with their current level and latest assessment, and what awaits sign-off.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use pathway_domain::access::{Permission, UserRole};
use pathway_domain::career::current_level;

use super::{assessment_href, level_name, load, person_href, record_view, today};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::sort_name;
use crate::html::people::long_date;
use crate::html::person::{full_name, home_href};
use crate::page::Page;
use crate::session::SignedIn;

/// One person of the list.
#[derive(Debug)]
pub struct PersonRow {
    name: String,
    href: String,
    level: String,
    latest: String,
    latest_href: Option<String>,
    status: String,
}

/// One assessment awaiting sign-off.
#[derive(Debug)]
pub struct AwaitingRow {
    name: String,
    href: String,
    level: String,
    submitted: String,
}

/// The career pathway's home page.
#[derive(Template, WebTemplate)]
#[template(path = "career_home.html")]
pub struct HomePage {
    page: Page,
    home_href: &'static str,
    people: Vec<PersonRow>,
    awaiting: Vec<AwaitingRow>,
    may_edit_framework: bool,
    may_see_measures: bool,
}

/// `GET /career`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, WebError> {
    if signed_in.user.role == UserRole::Practitioner {
        let worker = signed_in
            .user
            .worker_id
            .as_ref()
            .ok_or(WebError::NotFound)?;
        return Ok(Redirect::to(&person_href(worker)).into_response());
    }
    let loaded = load(&state, &signed_in).await?;
    let framework = loaded.framework();
    let people = loaded.people(&signed_in);
    let today = today();
    let mut visible: Vec<_> = people
        .visible()
        .filter(|worker| people.position(&worker.id).in_post)
        .collect();
    visible.sort_by_cached_key(|worker| sort_name(&loaded.workforce, &worker.id));
    let rows: Vec<PersonRow> = visible
        .iter()
        .map(|worker| {
            let level = current_level(&framework, &loaded.workforce, &worker.id, today)
                .map_or_else(
                    || "Not at a level".to_owned(),
                    |i| framework.levels[i].name.clone(),
                );
            let latest = loaded.career.latest(&worker.id);
            PersonRow {
                name: full_name(worker),
                href: person_href(&worker.id),
                level,
                latest: latest.map_or_else(
                    || "None yet".to_owned(),
                    |a| {
                        format!(
                            "{} ({})",
                            level_name(&framework, &a.level),
                            long_date(a.started_on)
                        )
                    },
                ),
                latest_href: latest.map(|a| assessment_href(&a.worker_id, a.number)),
                status: latest.map_or_else(String::new, |a| a.status().label().to_owned()),
            }
        })
        .collect();
    let mut awaiting: Vec<AwaitingRow> = loaded
        .career
        .awaiting_sign_off()
        .filter(|a| people.may_see(&a.worker_id))
        .filter(|a| super::may_sign_off(&signed_in, &a.worker_id))
        .filter_map(|a| {
            let worker = loaded
                .workforce
                .workers
                .iter()
                .find(|w| w.id == a.worker_id)?;
            Some(AwaitingRow {
                name: full_name(worker),
                href: assessment_href(&a.worker_id, a.number),
                level: level_name(&framework, &a.level),
                submitted: a.submitted_on.map(long_date).unwrap_or_default(),
            })
        })
        .collect();
    awaiting.sort_by(|a, b| a.name.cmp(&b.name));
    record_view(
        &state,
        &signed_in,
        loaded.council,
        format!("career pathway list of {} people", rows.len()),
    )
    .await?;
    Ok(HomePage {
        page: Page::for_user(&signed_in, "/career"),
        home_href: home_href(&signed_in),
        people: rows,
        awaiting,
        may_edit_framework: signed_in.user.role.allows(Permission::EditFramework),
        may_see_measures: signed_in.user.role.allows(Permission::SeeFigures),
    }
    .into_response())
}
