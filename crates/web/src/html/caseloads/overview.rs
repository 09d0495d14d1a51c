//! `/caseloads` (the council's bands, cases and caseload per FTE at a date, and each
//! team), `/caseloads/teams/{team_id}` (a team's workers) and `/caseloads/alerts`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_domain::access::Permission;
use pathway_domain::caseload::{TeamCaseloads, WorkerCaseload};
use pathway_domain::ids::TeamId;
use pathway_domain::measures::index::CouncilIndex;
use pathway_domain::measures::workforce::figures;
use pathway_domain::measures::{MeasureOptions, year_start};
use pathway_domain::values::Date;
use serde::Deserialize;

use super::{CaseloadScope, SECTION, asked_date, per_fte, percent, record_view};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::{long_date, role_label};
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::SignedIn;
use pathway_reports::charts::{self, Chart, Series, Unit};

/// What an "at a date" page may be asked.
#[derive(Debug, Default, Deserialize)]
pub struct DateQuery {
    /// The date, `YYYY-MM-DD`; today if none.
    pub date: Option<String>,
}

/// The date form at the top of a page: what was typed and what is wrong with it.
#[derive(Debug)]
pub struct DateForm {
    /// The date shown.
    pub date: Date,
    /// What the box holds.
    pub value: String,
    /// Why the typed date was not used.
    pub error: Option<String>,
}

impl DateForm {
    fn read(asked: Option<&str>) -> Self {
        match asked_date(asked) {
            Ok(date) => Self {
                date,
                value: date.to_string(),
                error: None,
            },
            Err(error) => {
                let date = super::today();
                Self {
                    date,
                    value: asked.unwrap_or_default().to_owned(),
                    error: Some(error),
                }
            }
        }
    }

    /// The date as a page's heading writes it.
    pub fn long(&self) -> String {
        long_date(self.date)
    }
}

/// One band's row: its label, count and share.
#[derive(Debug)]
pub struct BandRow {
    label: String,
    count: u64,
    share: String,
}

fn band_rows(labels: &[String], counts: &[u64]) -> Vec<BandRow> {
    let total: u64 = counts.iter().sum();
    labels
        .iter()
        .zip(counts)
        .map(|(label, &count)| BandRow {
            label: label.clone(),
            count,
            share: percent(count, total),
        })
        .collect()
}

/// One team's row on the caseloads page.
#[derive(Debug)]
pub struct TeamRow {
    href: String,
    name: String,
    in_post: usize,
    case_holders: u64,
    cases: u64,
    per_fte: String,
    alerts: usize,
}

fn team_row(team: &TeamCaseloads<'_>, date: Date) -> TeamRow {
    TeamRow {
        href: format!("/caseloads/teams/{}?date={date}", team.team.id),
        name: team.team.name.clone(),
        in_post: team.workers.len(),
        case_holders: team.case_holders,
        cases: team.cases,
        per_fte: per_fte(team.caseload_fte),
        alerts: team.alerts,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "caseloads_home.html")]
/// The caseloads page.
pub struct HomePage {
    page: Page,
    home_href: &'static str,
    form: DateForm,
    errors: Vec<crate::html::academy::SummaryError>,
    cases: u64,
    case_holders: u64,
    case_holders_fte: String,
    per_fte: String,
    banded: u64,
    bands_caption: String,
    bands: Vec<BandRow>,
    chart: String,
    teams: Vec<TeamRow>,
    whole_council: bool,
    alerts: usize,
    may_record: bool,
    may_set: bool,
    date: Date,
}

fn errors_of(form: &DateForm) -> Vec<crate::html::academy::SummaryError> {
    form.error
        .iter()
        .map(|message| crate::html::academy::SummaryError {
            field: "date".to_owned(),
            message: message.clone(),
        })
        .collect()
}

/// `GET /caseloads`: the council's caseloads at a date. A practitioner goes to their
/// own trend.
pub async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DateQuery>,
) -> Result<Response, WebError> {
    let scope = CaseloadScope::load(&state, &signed_in.user).await?;
    if !scope.sees_teams() {
        let own = scope.own.as_ref().ok_or(WebError::NotFound)?;
        return Ok(Redirect::to(&format!("/caseloads/workers/{own}")).into_response());
    }
    let form = DateForm::read(query.date.as_deref());
    let date = form.date;
    let view = scope.at(date);
    let index = CouncilIndex::new(&scope.records.workforce);
    let options = MeasureOptions {
        band_bounds: scope.records.settings.measure_bounds(),
        ..MeasureOptions::at(date)
    };
    let council = figures(&[&index], &options, year_start(date));
    let counts: Vec<u64> = council
        .caseload_bands
        .0
        .iter()
        .map(|(_, band)| band.count)
        .collect();
    let chart = charts::bar_chart(&Chart {
        id: "caseload-bands".to_owned(),
        title: format!("Social workers by caseload band on {}", form.long()),
        description: format!(
            "Bar chart of the {} social workers with a known caseload on {}, by band of cases. The figures are in the table that follows.",
            council.caseload_workers,
            form.long()
        ),
        categories: view.band_labels.clone(),
        series: vec![Series::new(
            "Social workers",
            counts.iter().map(|count| Some(*count as f64)).collect(),
        )],
        unit: Unit::Number,
        axis_label: "Workers".to_owned(),
    });
    let alerts = view
        .alerts
        .iter()
        .filter(|alert| scope.sees_on_list(&alert.worker))
        .count();
    let page = HomePage {
        page: Page::for_user(&signed_in, SECTION),
        home_href: home_href(&signed_in),
        errors: errors_of(&form),
        cases: council.cases,
        case_holders: council.case_holders,
        case_holders_fte: format!("{:.1}", council.case_holders_fte),
        per_fte: per_fte(council.caseload_fte),
        banded: council.caseload_workers,
        bands_caption: format!(
            "Social workers (agency excluded) with a known caseload on {}, by band of cases",
            form.long()
        ),
        bands: band_rows(&view.band_labels, &counts),
        chart,
        teams: view
            .teams
            .iter()
            .filter(|team| scope.sees_team(&team.team.id))
            .map(|team| team_row(team, date))
            .collect(),
        whole_council: scope.whole_council(),
        alerts,
        may_record: signed_in.user.role.allows(Permission::RecordCaseloads),
        may_set: scope.is_workforce_lead(),
        date,
        form,
    };
    Ok(page.into_response())
}

/// One worker's row on a team's page or the alert list.
#[derive(Debug)]
pub struct WorkerRow {
    href: String,
    name: String,
    team: String,
    role: String,
    fte: String,
    cases: String,
    counted_on: String,
    band: String,
    threshold: u32,
    reasons: Vec<String>,
}

fn worker_row(
    scope: &CaseloadScope,
    worker: &WorkerCaseload<'_>,
    labels: &[String],
    reasons: Vec<String>,
) -> WorkerRow {
    WorkerRow {
        href: format!("/caseloads/workers/{}", worker.worker_id),
        name: scope.name_of(worker.worker_id),
        team: worker
            .team_id
            .map_or_else(|| "No team".to_owned(), |team| scope.team_name(team)),
        role: format!(
            "{}{}",
            role_label(worker.role),
            if worker.agency { " (agency)" } else { "" }
        ),
        fte: format!("{}", worker.fte),
        cases: worker
            .cases()
            .map_or_else(|| "No count".to_owned(), |cases| cases.to_string()),
        counted_on: worker
            .count
            .map_or_else(String::new, |(on, _)| long_date(on)),
        band: worker
            .band
            .and_then(|band| labels.get(band))
            .cloned()
            .unwrap_or_default(),
        threshold: worker.threshold,
        reasons,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "caseloads_team.html")]
/// A team's caseloads.
pub struct TeamPage {
    page: Page,
    home_href: &'static str,
    form: DateForm,
    errors: Vec<crate::html::academy::SummaryError>,
    team_id: String,
    action: String,
    workers_caption: String,
    name: String,
    row: TeamRow,
    case_holders_fte: String,
    bands: Vec<BandRow>,
    workers: Vec<WorkerRow>,
    may_record: bool,
    date: Date,
}

/// `GET /caseloads/teams/{team_id}`: a team's workers in post at a date with their
/// cases, its bands and caseload per FTE. Recorded in the audit trail; a team out of
/// reach is not found.
pub async fn team(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(team_id): Path<String>,
    Query(query): Query<DateQuery>,
) -> Result<TeamPage, WebError> {
    let scope = CaseloadScope::load(&state, &signed_in.user).await?;
    let team_id = TeamId::parse(&team_id).map_err(|_| WebError::NotFound)?;
    if !scope.sees_team(&team_id) {
        return Err(WebError::NotFound);
    }
    let form = DateForm::read(query.date.as_deref());
    let date = form.date;
    let view = scope.at(date);
    let team = view
        .teams
        .iter()
        .find(|team| team.team.id == team_id)
        .ok_or(WebError::NotFound)?;
    let workers = team
        .workers
        .iter()
        .map(|worker| {
            let reasons = view
                .alerts
                .iter()
                .find(|alert| alert.worker.worker_id == worker.worker_id)
                .map(|alert| alert.reasons.iter().map(|r| r.sentence()).collect())
                .unwrap_or_default();
            worker_row(&scope, worker, &view.band_labels, reasons)
        })
        .collect();
    record_view(
        &state,
        &signed_in.user,
        scope.council,
        format!("team {team_id} on {date}"),
    )
    .await?;
    Ok(TeamPage {
        page: Page::for_user(&signed_in, SECTION),
        home_href: home_href(&signed_in),
        errors: errors_of(&form),
        team_id: team_id.to_string(),
        action: format!("/caseloads/teams/{team_id}"),
        workers_caption: format!("Workers in post on {}", form.long()),
        name: team.team.name.clone(),
        row: team_row(team, date),
        case_holders_fte: format!("{:.1}", team.case_holders_fte),
        bands: band_rows(&view.band_labels, &team.band_counts),
        workers,
        may_record: signed_in.user.role.allows(Permission::RecordCaseloads),
        date,
        form,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "caseloads_alerts.html")]
/// The alert list.
pub struct AlertsPage {
    page: Page,
    home_href: &'static str,
    form: DateForm,
    errors: Vec<crate::html::academy::SummaryError>,
    caption: String,
    alerts: Vec<WorkerRow>,
    rising_cases: u32,
    rising_days: u32,
}

/// `GET /caseloads/alerts`: the workers in post above their threshold or rising fast
/// at a date, each with why. Recorded in the audit trail.
pub async fn alerts(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DateQuery>,
) -> Result<AlertsPage, WebError> {
    let scope = CaseloadScope::load(&state, &signed_in.user).await?;
    if !scope.sees_teams() {
        return Err(WebError::NotFound);
    }
    let form = DateForm::read(query.date.as_deref());
    let view = scope.at(form.date);
    let alerts = view
        .alerts
        .iter()
        .filter(|alert| scope.sees_on_list(&alert.worker))
        .map(|alert| {
            worker_row(
                &scope,
                &alert.worker,
                &view.band_labels,
                alert.reasons.iter().map(|r| r.sentence()).collect(),
            )
        })
        .collect::<Vec<_>>();
    let caption = format!(
        "{} worker{} on the alert list on {}",
        alerts.len(),
        if alerts.len() == 1 { "" } else { "s" },
        form.long()
    );
    record_view(
        &state,
        &signed_in.user,
        scope.council,
        format!("alerts on {}", form.date),
    )
    .await?;
    Ok(AlertsPage {
        page: Page::for_user(&signed_in, SECTION),
        home_href: home_href(&signed_in),
        errors: errors_of(&form),
        caption,
        alerts,
        rising_cases: scope.records.settings.rising_cases,
        rising_days: scope.records.settings.rising_days,
        form,
    })
}
