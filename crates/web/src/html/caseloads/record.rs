//! `/caseloads/record`: one form for a team's counts on one date. A worker left empty
//! gets no count; every typed count is checked, and nothing is saved unless all are
//! good.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::{ImportError, ImportMode, record_caseloads};
use pathway_domain::ids::{TeamId, WorkerId};
use pathway_domain::records::Caseload;
use pathway_domain::values::Date;
use serde::Deserialize;

use super::worker::{read_cases, read_count_date};
use super::{CaseloadScope, SECTION, today};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::role_label;
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// One worker's row of the form, as typed.
#[derive(Debug, Clone)]
pub struct CountRow {
    /// Its place in the form, from 1: the suffix of its fields.
    number: usize,
    worker_id: String,
    name: String,
    role: String,
    /// Their latest count on the date, for reference.
    latest: String,
    cases: String,
    error: Option<String>,
}

/// A team the user may record for.
#[derive(Debug)]
pub struct TeamChoice {
    id: String,
    name: String,
    selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "caseloads_record.html")]
/// The form for a team's counts.
pub struct RecordPage {
    page: Page,
    home_href: &'static str,
    teams: Vec<TeamChoice>,
    team: Option<(String, String)>,
    as_of: String,
    as_of_error: Option<String>,
    rows: Vec<CountRow>,
    rows_error: Option<String>,
    errors: Vec<SummaryError>,
}

impl RecordPage {
    fn new(
        signed_in: &SignedIn,
        scope: &CaseloadScope,
        team: Option<&TeamId>,
        as_of: String,
        rows: Vec<CountRow>,
    ) -> Self {
        let teams = scope
            .records
            .workforce
            .teams
            .iter()
            .filter(|t| scope.sees_team(&t.id))
            .map(|t| TeamChoice {
                id: t.id.to_string(),
                name: t.name.clone(),
                selected: Some(&t.id) == team,
            })
            .collect();
        Self {
            page: Page::for_user(signed_in, SECTION),
            home_href: home_href(signed_in),
            teams,
            team: team.map(|t| (t.to_string(), scope.team_name(t))),
            as_of,
            as_of_error: None,
            rows,
            rows_error: None,
            errors: Vec::new(),
        }
    }

    fn with_errors(mut self) -> Self {
        let mut errors = Vec::new();
        if let Some(message) = &self.as_of_error {
            errors.push(SummaryError {
                field: "as_of".to_owned(),
                message: message.clone(),
            });
        }
        if let Some(message) = &self.rows_error {
            errors.push(SummaryError {
                field: self
                    .rows
                    .first()
                    .map_or_else(|| "as_of".to_owned(), |row| format!("cases-{}", row.number)),
                message: message.clone(),
            });
        }
        for row in &self.rows {
            if let Some(message) = &row.error {
                errors.push(SummaryError {
                    field: format!("cases-{}", row.number),
                    message: format!("{}: {message}", row.name),
                });
            }
        }
        self.errors = errors;
        self
    }
}

/// The team's workers in post on `date`, as empty rows.
fn rows_for(scope: &CaseloadScope, team: &TeamId, date: Date) -> Vec<CountRow> {
    let view = scope.at(date);
    view.workers
        .iter()
        .filter(|w| w.team_id == Some(team))
        .enumerate()
        .map(|(index, w)| CountRow {
            number: index + 1,
            worker_id: w.worker_id.to_string(),
            name: scope.name_of(w.worker_id),
            role: role_label(w.role),
            latest: w.count.map_or_else(
                || "No count in the 31 days to the date".to_owned(),
                |(on, cases)| format!("Latest: {cases} on {on}"),
            ),
            cases: String::new(),
            error: None,
        })
        .collect()
}

/// What the form's address may say.
#[derive(Debug, Default, Deserialize)]
pub struct RecordQuery {
    team: Option<String>,
    date: Option<String>,
}

fn reached_team(scope: &CaseloadScope, id: &str) -> Result<TeamId, WebError> {
    let team = TeamId::parse(id).map_err(|_| WebError::NotFound)?;
    let known = scope.records.workforce.teams.iter().any(|t| t.id == team);
    if known && scope.sees_team(&team) {
        Ok(team)
    } else {
        Err(WebError::NotFound)
    }
}

/// `GET /caseloads/record`: choose a team and date, then the team's workers in post
/// on that date, each with a box for their cases.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<RecordQuery>,
) -> Result<RecordPage, WebError> {
    let scope = CaseloadScope::load(&state, &signed_in.user).await?;
    if !scope.sees_teams() {
        return Err(WebError::NotFound);
    }
    let typed = query.date.clone().unwrap_or_else(|| today().to_string());
    let date = read_count_date(&typed);
    let team = match query.team.as_deref().filter(|t| !t.is_empty()) {
        Some(id) => Some(reached_team(&scope, id)?),
        None => None,
    };
    let rows = match (&team, &date) {
        (Some(team), Ok(date)) => rows_for(&scope, team, *date),
        _ => Vec::new(),
    };
    let mut page = RecordPage::new(&signed_in, &scope, team.as_ref(), typed, rows);
    page.as_of_error = date.err();
    Ok(page.with_errors())
}

/// `POST /caseloads/record`: checks every typed count and records them all, or shows
/// the form again with what was typed and what is wrong in each row.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let scope = CaseloadScope::load(&state, &signed_in.user).await?;
    if !scope.sees_teams() {
        return Err(WebError::NotFound);
    }
    let team = reached_team(&scope, &fields.get("team"))?;
    let typed_date = fields.get("as_of");
    let date = read_count_date(&typed_date);
    let count = fields
        .get("row_count")
        .parse::<usize>()
        .unwrap_or(0)
        .min(500);
    // The workers the form may record for: those in post in the team on the date
    // (or today, if the date is wrong, so the rows can be shown again).
    let in_team: Vec<CountRow> = rows_for(&scope, &team, *date.as_ref().unwrap_or(&today()));
    let mut rows = Vec::new();
    let mut wrong = false;
    for number in 1..=count {
        let worker_id = fields.get(&format!("worker-{number}"));
        let cases = fields.get(&format!("cases-{number}"));
        if worker_id.is_empty() {
            continue;
        }
        match in_team.iter().find(|row| row.worker_id == worker_id) {
            Some(known) => rows.push(CountRow {
                number,
                cases,
                ..known.clone()
            }),
            None => {
                // Listed for another date: kept, with what was typed, and refused if a
                // count was typed, so nothing typed is silently dropped.
                let id = WorkerId::parse(&worker_id).map_err(|_| WebError::NotFound)?;
                if !scope.may_see_worker(&id) {
                    return Err(WebError::NotFound);
                }
                let error = (!cases.trim().is_empty()).then(|| {
                    format!(
                        "not in post in the team on {}: change the date or leave empty",
                        typed_date.trim()
                    )
                });
                wrong |= error.is_some();
                rows.push(CountRow {
                    number,
                    name: scope.name_of(&id),
                    worker_id,
                    role: "Not in post in the team on this date".to_owned(),
                    latest: String::new(),
                    cases,
                    error,
                });
            }
        }
    }
    let mut counts = Vec::new();
    let mut numbers = Vec::new();
    for row in &mut rows {
        if row.cases.trim().is_empty() || row.error.is_some() {
            continue;
        }
        match read_cases(&row.cases) {
            Ok(cases) => {
                if let (Ok(as_of), Ok(worker_id)) = (&date, WorkerId::parse(&row.worker_id)) {
                    counts.push(Caseload {
                        worker_id,
                        as_of: *as_of,
                        cases,
                    });
                    numbers.push(u32::try_from(row.number).unwrap_or(u32::MAX));
                }
            }
            Err(message) => {
                row.error = Some(message);
                wrong = true;
            }
        }
    }
    let mut page = RecordPage::new(&signed_in, &scope, Some(&team), typed_date, rows);
    page.as_of_error = date.as_ref().err().cloned();
    if page.as_of_error.is_some() || wrong {
        return Ok(page.with_errors().into_response());
    }
    if counts.is_empty() {
        page.rows_error = Some("Enter the cases of at least one worker".to_owned());
        return Ok(page.with_errors().into_response());
    }
    let Ok(date) = date else {
        return Err(WebError::NotFound);
    };
    let description = format!("{} caseload counts for team {team} on {date}", counts.len());
    match record_caseloads(
        state.store.as_ref(),
        scope.council,
        counts,
        Some(numbers),
        ImportMode::Write,
        &signed_in.user.email,
        &description,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/caseloads/teams/{team}?date={date}")).into_response()),
        Err(ImportError::Store(error)) => Err(error.into()),
        Err(ImportError::Invalid(problems)) => {
            for problem in problems.shown() {
                let number = problem.row.and_then(|row| usize::try_from(row).ok());
                match page.rows.iter_mut().find(|row| Some(row.number) == number) {
                    Some(row) => row.error = Some(problem.message.clone()),
                    None => page.rows_error = Some(problem.message.clone()),
                }
            }
            Ok(page.with_errors().into_response())
        }
    }
}
