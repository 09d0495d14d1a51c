//! Mandatory training at a date: the matrix of people in post against mandatory
//! courses, and the reminder list of who is due soon or expired, with its CSV.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use pathway_domain::training::mandatory::reminders_csv;
use pathway_domain::training::{Course, StatusRow, mandatory_matrix, reminders};
use serde::Deserialize;

use super::{
    StatusTag, date_or_today, load, name_of, reach, record_href, team_choices, wanted_team,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::record_view;
use crate::html::people::{Choice, long_date};
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::SignedIn;

/// What the matrix and the reminder list may be asked.
#[derive(Debug, Default, Deserialize)]
pub struct MandatoryQuery {
    date: Option<String>,
    team: Option<String>,
    within: Option<String>,
}

/// One person's row of the matrix.
#[derive(Debug)]
struct MatrixRow {
    name: String,
    href: String,
    team: String,
    cells: Vec<StatusTag>,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_mandatory.html")]
/// The mandatory training matrix.
pub struct MatrixPage {
    page: Page,
    home_href: &'static str,
    date: String,
    date_value: String,
    date_error: Option<String>,
    teams: Vec<Choice>,
    courses: Vec<String>,
    rows: Vec<MatrixRow>,
    within: u32,
}

fn mandatory_courses(courses: &[Course]) -> Vec<&Course> {
    let mut mandatory: Vec<&Course> = courses.iter().filter(|c| c.mandatory).collect();
    mandatory.sort_by(|a, b| a.id.cmp(&b.id));
    mandatory
}

/// `GET /training/mandatory?date=&team=`: each person in post the user reaches
/// against each mandatory course, with its status in words.
pub async fn matrix(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<MandatoryQuery>,
) -> Result<MatrixPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let people = reach(&loaded.workforce, &signed_in);
    let (date, date_error) = match date_or_today(query.date.as_deref()) {
        Ok(date) => (date, None),
        Err(message) => (super::today(), Some(message)),
    };
    let team = wanted_team(&loaded.workforce, query.team.as_deref());
    let within = loaded.training.settings.reminder_days;
    let courses = mandatory_courses(&loaded.training.courses);
    let rows: Vec<StatusRow> = mandatory_matrix(&loaded.workforce, &loaded.training, date, within)
        .into_iter()
        .filter(|r| people.may_see(&r.worker_id))
        .filter(|r| team.is_none() || r.team_id == team)
        .collect();
    let mut matrix: Vec<MatrixRow> = Vec::new();
    for chunk in rows.chunk_by(|a, b| a.worker_id == b.worker_id) {
        let first = &chunk[0];
        matrix.push(MatrixRow {
            name: first.name.clone(),
            href: record_href(&first.worker_id),
            team: people.team_name(first.team_id.as_ref()),
            cells: chunk.iter().map(|r| StatusTag::of(r.status)).collect(),
        });
    }
    matrix.sort_by(|a, b| (&a.team, &a.name).cmp(&(&b.team, &b.name)));
    Ok(MatrixPage {
        page: Page::for_user(&signed_in, "/training"),
        home_href: home_href(&signed_in),
        date: long_date(date),
        date_value: query.date.clone().unwrap_or_default(),
        date_error,
        teams: team_choices(&loaded.workforce, team.as_ref().map_or("", |t| t.as_str())),
        courses: courses.iter().map(|c| c.title.clone()).collect(),
        rows: matrix,
        within,
    })
}

/// One reminder.
#[derive(Debug)]
struct ReminderRow {
    team: String,
    name: String,
    href: String,
    course: String,
    tag: StatusTag,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_reminders.html")]
/// The reminder list.
pub struct RemindersPage {
    page: Page,
    home_href: &'static str,
    date: String,
    date_value: String,
    date_error: Option<String>,
    within_value: String,
    within_error: Option<String>,
    within: u32,
    teams: Vec<Choice>,
    rows: Vec<ReminderRow>,
    csv_href: String,
}

/// The date, window and team of a reminder query, with what is wrong with them.
struct Asked {
    date: pathway_domain::values::Date,
    date_error: Option<String>,
    within: u32,
    within_error: Option<String>,
    team: Option<pathway_domain::ids::TeamId>,
}

fn asked(query: &MandatoryQuery, loaded: &super::Loaded) -> Asked {
    let (date, date_error) = match date_or_today(query.date.as_deref()) {
        Ok(date) => (date, None),
        Err(message) => (super::today(), Some(message)),
    };
    let default = loaded.training.settings.reminder_days;
    let (within, within_error) = match query.within.as_deref().map(str::trim) {
        None | Some("") => (default, None),
        Some(text) => match text.parse::<u32>() {
            Ok(days) if (1..=366).contains(&days) => (days, None),
            _ => (
                default,
                Some("Enter the days before expiry as a whole number from 1 to 366".to_owned()),
            ),
        },
    };
    Asked {
        date,
        date_error,
        within,
        within_error,
        team: wanted_team(&loaded.workforce, query.team.as_deref()),
    }
}

/// `GET /training/reminders?date=&within=&team=`: who is due soon or expired, by team.
pub async fn reminder_list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<MandatoryQuery>,
) -> Result<RemindersPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let people = reach(&loaded.workforce, &signed_in);
    let asked = asked(&query, &loaded);
    let rows: Vec<ReminderRow> = reminders(
        &loaded.workforce,
        &loaded.training,
        asked.date,
        asked.within,
    )
    .into_iter()
    .filter(|r| people.may_see(&r.worker_id))
    .filter(|r| asked.team.is_none() || r.team_id == asked.team)
    .map(|r| ReminderRow {
        team: people.team_name(r.team_id.as_ref()),
        name: name_of(&loaded.workforce, &r.worker_id),
        href: record_href(&r.worker_id),
        course: loaded
            .training
            .course(&r.course_id)
            .map_or_else(|| r.course_id.to_string(), |c| c.title.clone()),
        tag: StatusTag::of(r.status),
    })
    .collect();
    let mut csv_href = format!(
        "/training/reminders.csv?date={}&within={}",
        asked.date, asked.within
    );
    if let Some(team) = &asked.team {
        csv_href.push_str(&format!(
            "&team={}",
            crate::html::people::encode(team.as_str())
        ));
    }
    Ok(RemindersPage {
        page: Page::for_user(&signed_in, "/training"),
        home_href: home_href(&signed_in),
        date: long_date(asked.date),
        date_value: query.date.clone().unwrap_or_default(),
        date_error: asked.date_error,
        within_value: query
            .within
            .clone()
            .unwrap_or_else(|| asked.within.to_string()),
        within_error: asked.within_error,
        within: asked.within,
        teams: team_choices(
            &loaded.workforce,
            asked.team.as_ref().map_or("", |t| t.as_str()),
        ),
        rows,
        csv_href,
    })
}

/// `GET /training/reminders.csv?date=&within=&team=`: the reminder list as CSV, for
/// the council's own email scripts; recorded in the audit trail, as it names people.
pub async fn reminder_csv(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<MandatoryQuery>,
) -> Result<Response, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let people = reach(&loaded.workforce, &signed_in);
    let asked = asked(&query, &loaded);
    let rows: Vec<StatusRow> = reminders(
        &loaded.workforce,
        &loaded.training,
        asked.date,
        asked.within,
    )
    .into_iter()
    .filter(|r| people.may_see(&r.worker_id))
    .filter(|r| asked.team.is_none() || r.team_id == asked.team)
    .collect();
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "export",
        format!(
            "training reminders at {} within {} days: {} lines",
            asked.date,
            asked.within,
            rows.len()
        ),
    )
    .await?;
    let csv = reminders_csv(&rows, &loaded.workforce, &loaded.training);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"training-reminders-{}.csv\"",
                    asked.date
                ),
            ),
        ],
        csv,
    )
        .into_response())
}
