//! The due and overdue list: reviews, supervisions, observations, agreements,
//! sessions and registers due in the next fortnight or late, for the members the
//! user reaches.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::Utc;
use pathway_domain::academy::asye::{DUE_SOON_DAYS, DueState};
use pathway_domain::academy::due::{DueItem, DueTask, due_list};
use pathway_domain::ids::{CohortId, WorkerId};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{cohort_href, member_href, session_href};
use crate::html::people::{self, Choice, People, long_date};
use crate::html::person::{full_name, home_href};
use crate::page::Page;
use crate::session::SignedIn;

/// A GOV.UK tag: what it says and its colour class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag {
    /// What it says.
    pub label: &'static str,
    /// Its colour class, such as `govuk-tag--red`.
    pub class: &'static str,
}

impl Tag {
    /// A grey tag.
    pub fn grey(label: &'static str) -> Self {
        Self {
            label,
            class: "govuk-tag--grey",
        }
    }

    /// A green tag.
    pub fn green(label: &'static str) -> Self {
        Self {
            label,
            class: "govuk-tag--green",
        }
    }

    /// A yellow tag.
    pub fn yellow(label: &'static str) -> Self {
        Self {
            label,
            class: "govuk-tag--yellow",
        }
    }
}

/// The tag for where something due stands.
pub fn due_tag(state: DueState) -> Tag {
    let class = match state {
        DueState::Done(_) => "govuk-tag--green",
        DueState::DueSoon => "govuk-tag--yellow",
        DueState::Overdue => "govuk-tag--red",
        DueState::NotYetDue => "govuk-tag--grey",
    };
    Tag {
        label: state.label(),
        class,
    }
}

/// One line of the list.
#[derive(Debug)]
struct DueRow {
    what: String,
    who: String,
    href: String,
    cohort: String,
    cohort_href: String,
    due: String,
    tag: Tag,
}

#[derive(Template, WebTemplate)]
#[template(path = "academy_due.html")]
/// The due and overdue list.
pub struct DuePage {
    page: Page,
    home_href: &'static str,
    overdue: Vec<DueRow>,
    soon: Vec<DueRow>,
    cohorts: Vec<Choice>,
    filtered: bool,
    days: u64,
}

/// What the list may be asked: one cohort only.
#[derive(Debug, Default, Deserialize)]
pub struct DueQuery {
    cohort: Option<String>,
}

/// `GET /academy/due`: what is overdue, then what falls due in the next 14 days,
/// for everyone the user reaches (a team manager, their teams' members; a
/// practitioner, themselves) and their cohorts' sessions.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DueQuery>,
) -> Result<DuePage, WebError> {
    let (council, workforce) = people::load(&state, &signed_in).await?;
    let academy = state.store.academy(council).await?;
    let today = Utc::now().date_naive();
    let people = People::new(&workforce, &signed_in.user, today);
    let items = due_list(&academy, &workforce, today, |worker| people.may_see(worker));
    let wanted = query
        .cohort
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty());

    // Only the cohorts the user reaches someone in are offered as filters.
    let names: HashMap<&CohortId, &str> = workforce
        .cohorts
        .iter()
        .map(|cohort| (&cohort.id, cohort.name.as_str()))
        .collect();
    let mut reached: Vec<&CohortId> = workforce
        .academy_members
        .iter()
        .filter(|member| people.may_see(member.worker_id()))
        .map(|member| member.cohort_id())
        .collect();
    reached.sort();
    reached.dedup();
    let mut cohorts = vec![Choice::new("", "All cohorts", wanted.unwrap_or(""))];
    cohorts.extend(reached.iter().map(|id| {
        Choice::new(
            id.as_str(),
            names.get(id).copied().unwrap_or(id.as_str()),
            wanted.unwrap_or(""),
        )
    }));

    let workers: HashMap<&WorkerId, String> = workforce
        .workers
        .iter()
        .map(|worker| (&worker.id, full_name(worker)))
        .collect();
    let row = |item: &DueItem| {
        let (who, href) = match (&item.worker_id, item.task) {
            (Some(worker), _) => (
                workers
                    .get(worker)
                    .cloned()
                    .unwrap_or_else(|| worker.to_string()),
                member_href(&item.cohort_id, worker),
            ),
            (None, DueTask::Session(number) | DueTask::Register(number)) => (
                academy.session(&item.cohort_id, number).map_or_else(
                    || format!("Session {number}"),
                    |session| format!("Session {number}: {}", session.topic),
                ),
                session_href(&item.cohort_id, number),
            ),
            (None, _) => (item.cohort_id.to_string(), cohort_href(&item.cohort_id)),
        };
        DueRow {
            what: item.task.label(),
            who,
            href,
            cohort: names
                .get(&item.cohort_id)
                .map_or_else(|| item.cohort_id.to_string(), |name| (*name).to_owned()),
            cohort_href: cohort_href(&item.cohort_id),
            due: long_date(item.due),
            tag: due_tag(item.state),
        }
    };
    let (mut overdue, mut soon) = (Vec::new(), Vec::new());
    for item in items
        .iter()
        .filter(|item| wanted.is_none_or(|id| item.cohort_id.as_str() == id))
    {
        if item.state == DueState::Overdue {
            overdue.push(row(item));
        } else {
            soon.push(row(item));
        }
    }
    Ok(DuePage {
        page: Page::for_user(&signed_in, "/academy"),
        home_href: home_href(&signed_in),
        overdue,
        soon,
        cohorts,
        filtered: wanted.is_some(),
        days: DUE_SOON_DAYS,
    })
}
