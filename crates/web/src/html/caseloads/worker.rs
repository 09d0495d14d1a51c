//! `/caseloads/workers/{worker_id}`: a worker's trend (chart and table) with their
//! threshold, and a form to record a count.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::{ImportError, ImportMode, record_caseloads};
use pathway_domain::access::Permission;
use pathway_domain::caseload::trend;
use pathway_domain::ids::WorkerId;
use pathway_domain::records::Caseload;
use serde::Deserialize;

use super::{CaseloadScope, SECTION, record_view, today};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::{long_date, role_label};
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};
use pathway_reports::charts::{self, Chart, Series, Unit};

/// One count of the trend table.
#[derive(Debug)]
pub struct TrendRow {
    date: String,
    cases: u32,
    band: String,
    threshold: String,
}

/// The record-a-count form, as typed.
#[derive(Debug, Default)]
pub struct CountForm {
    as_of: String,
    cases: String,
    as_of_error: Option<String>,
    cases_error: Option<String>,
}

impl CountForm {
    fn errors(&self) -> Vec<SummaryError> {
        [("as_of", &self.as_of_error), ("cases", &self.cases_error)]
            .into_iter()
            .filter_map(|(field, error)| {
                error.as_ref().map(|message| SummaryError {
                    field: field.to_owned(),
                    message: message.clone(),
                })
            })
            .collect()
    }
}

/// Reads a count of cases as typed: a whole number from 0 to 999.
pub fn read_cases(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the number of cases".to_owned());
    }
    text.parse::<u32>()
        .ok()
        .filter(|cases| *cases <= 999)
        .ok_or_else(|| format!("Enter the cases as a whole number from 0 to 999, not {text}"))
}

/// Reads the date of a count as typed: a real date, not after today.
pub fn read_count_date(text: &str) -> Result<pathway_domain::values::Date, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the date of the count".to_owned());
    }
    let date = pathway_domain::values::parse_date(text).map_err(|_| {
        format!("Enter the date of the count as year-month-day, for example 2024-09-30, not {text}")
    })?;
    if date > today() {
        return Err("The date of the count must be today or in the past".to_owned());
    }
    Ok(date)
}

#[derive(Template, WebTemplate)]
#[template(path = "caseloads_worker.html")]
/// A worker's caseloads.
pub struct WorkerPage {
    page: Page,
    home_href: &'static str,
    worker_id: String,
    name: String,
    position: String,
    threshold: Option<u32>,
    threshold_note: String,
    current: String,
    chart: Option<String>,
    rows: Vec<TrendRow>,
    may_record: bool,
    sees_teams: bool,
    saved: bool,
    errors: Vec<SummaryError>,
    form: CountForm,
}

/// What the page may be asked.
#[derive(Debug, Default, Deserialize)]
pub struct WorkerQuery {
    saved: Option<String>,
}

async fn worker_page(
    state: &AppState,
    signed_in: &SignedIn,
    scope: &CaseloadScope,
    worker: &WorkerId,
    form: CountForm,
    saved: bool,
) -> Result<WorkerPage, WebError> {
    let settings = &scope.records.settings;
    let points = trend(
        &scope.records.workforce,
        worker,
        settings,
        scope.records.asye_limit,
    );
    let date = today();
    let view = scope.at(date);
    let now = view.workers.iter().find(|w| w.worker_id == worker);
    let alert = view.alerts.iter().find(|a| a.worker.worker_id == worker);
    let position = now.map_or_else(
        || "Not in post in children's services today".to_owned(),
        |w| {
            format!(
                "{}{}, {}",
                role_label(w.role),
                if w.agency { " (agency)" } else { "" },
                w.team_id
                    .map_or_else(|| "no team".to_owned(), |team| scope.team_name(team))
            )
        },
    );
    let threshold = now.map(|w| w.threshold);
    let threshold_note = match now.map(|w| w.role) {
        Some(pathway_domain::codes::Role::Asye) => {
            "ASYE workers are held to the academy's ASYE caseload limit".to_owned()
        }
        Some(role) => format!(
            "The council's threshold for {}",
            role_label(role).to_lowercase()
        ),
        None => String::new(),
    };
    let current = match (now.and_then(|w| w.count), alert) {
        (None, _) => "No count in the last 31 days".to_owned(),
        (Some((on, cases)), None) => format!("{cases} cases on {}: no alert", long_date(on)),
        (Some((on, cases)), Some(alert)) => format!(
            "{cases} cases on {}: on the alert list ({})",
            long_date(on),
            alert
                .reasons
                .iter()
                .map(|r| r.sentence())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    let name = scope.name_of(worker);
    let chart = (!points.is_empty()).then(|| {
        charts::line_chart(&Chart {
            id: "caseload-trend".to_owned(),
            title: format!("{name}'s cases over time"),
            description: format!(
                "Line chart of {name}'s {} caseload counts, oldest first, with the threshold of their role on each date. The figures are in the table that follows.",
                points.len()
            ),
            categories: points.iter().map(|p| p.as_of.to_string()).collect(),
            series: vec![
                Series::new("Cases", points.iter().map(|p| Some(f64::from(p.cases))).collect()),
                Series::new(
                    "Threshold",
                    points.iter().map(|p| p.threshold.map(f64::from)).collect(),
                ),
            ],
            unit: Unit::Number,
            axis_label: "Cases".to_owned(),
        })
    });
    let rows = points
        .iter()
        .rev()
        .map(|point| TrendRow {
            date: long_date(point.as_of),
            cases: point.cases,
            band: point.band.clone(),
            threshold: point
                .threshold
                .map_or_else(|| "Not in post".to_owned(), |t| t.to_string()),
        })
        .collect();
    record_view(
        state,
        &signed_in.user,
        scope.council,
        format!("worker {worker}"),
    )
    .await?;
    Ok(WorkerPage {
        page: Page::for_user(signed_in, SECTION),
        home_href: home_href(signed_in),
        worker_id: worker.to_string(),
        name,
        position,
        threshold,
        threshold_note,
        current,
        chart,
        rows,
        may_record: signed_in.user.role.allows(Permission::RecordCaseloads),
        sees_teams: scope.sees_teams(),
        saved,
        errors: form.errors(),
        form,
    })
}

/// The worker of a path, if the user may see them: anyone else is not found.
fn reached_worker(scope: &CaseloadScope, id: &str) -> Result<WorkerId, WebError> {
    let id = WorkerId::parse(id).map_err(|_| WebError::NotFound)?;
    let known = scope.records.workforce.workers.iter().any(|w| w.id == id);
    if known && scope.may_see_worker(&id) {
        Ok(id)
    } else {
        Err(WebError::NotFound)
    }
}

/// `GET /caseloads/workers/{worker_id}`: a worker's trend and threshold. Recorded in
/// the audit trail.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Query(query): Query<WorkerQuery>,
) -> Result<WorkerPage, WebError> {
    let scope = CaseloadScope::load(&state, &signed_in.user).await?;
    let worker = reached_worker(&scope, &worker_id)?;
    let form = CountForm {
        as_of: today().to_string(),
        ..CountForm::default()
    };
    worker_page(
        &state,
        &signed_in,
        &scope,
        &worker,
        form,
        query.saved.as_deref() == Some("1"),
    )
    .await
}

/// `POST /caseloads/workers/{worker_id}`: records one count for the worker.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let scope = CaseloadScope::load(&state, &signed_in.user).await?;
    let worker = reached_worker(&scope, &worker_id)?;
    let mut form = CountForm {
        as_of: fields.get("as_of"),
        cases: fields.get("cases"),
        ..CountForm::default()
    };
    let as_of = read_count_date(&form.as_of).map_err(|e| form.as_of_error = Some(e));
    let cases = read_cases(&form.cases).map_err(|e| form.cases_error = Some(e));
    let (Ok(as_of), Ok(cases)) = (as_of, cases) else {
        let page = worker_page(&state, &signed_in, &scope, &worker, form, false).await?;
        return Ok(page.into_response());
    };
    let description = format!("caseload count for worker {worker} on {as_of}");
    match record_caseloads(
        state.store.as_ref(),
        scope.council,
        vec![Caseload {
            worker_id: worker.clone(),
            as_of,
            cases,
        }],
        None,
        ImportMode::Write,
        &signed_in.user.email,
        &description,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/caseloads/workers/{worker}?saved=1")).into_response()),
        Err(ImportError::Store(error)) => Err(error.into()),
        Err(ImportError::Invalid(problems)) => {
            for problem in problems.shown() {
                if problem.column.as_deref() == Some("as_of") {
                    form.as_of_error = Some(problem.message.clone());
                } else {
                    form.cases_error = Some(problem.message.clone());
                }
            }
            let page = worker_page(&state, &signed_in, &scope, &worker, form, false).await?;
            Ok(page.into_response())
        }
    }
}
