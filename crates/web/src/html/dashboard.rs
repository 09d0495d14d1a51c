//! The dashboard: the headline measures of the user's council at the census date.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use chrono::Utc;
use pathway_domain::measures::{self, MeasureOptions, ScopeMeasures};

use crate::AppState;
use crate::error::WebError;
use crate::page::Page;
use crate::session::SignedIn;

/// One headline figure.
#[derive(Debug)]
struct Figure {
    label: &'static str,
    value: String,
    detail: String,
}

/// One caseload band's row.
#[derive(Debug)]
struct BandRow {
    label: String,
    count: u64,
    share: String,
}

/// A label and a value.
#[derive(Debug)]
struct Row {
    label: &'static str,
    value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
/// The dashboard page.
pub struct DashboardPage {
    page: Page,
    scope_name: String,
    date: String,
    headline: Vec<Figure>,
    bands: Vec<BandRow>,
    academy: Vec<Row>,
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "z".to_owned(), |rate| format!("{:.1}%", rate * 100.0))
}

fn one_decimal(value: Option<f64>) -> String {
    value.map_or_else(|| "z".to_owned(), |value| format!("{value:.1}"))
}

fn headline(measures: &ScopeMeasures) -> Vec<Figure> {
    let workforce = &measures.workforce;
    vec![
        Figure {
            label: "Social workers in post",
            value: workforce.headcount.to_string(),
            detail: format!(" ({:.1} FTE)", workforce.fte),
        },
        Figure {
            label: "Vacancy rate",
            value: percent(workforce.vacancy_rate),
            detail: format!(" ({:.1} FTE vacant)", workforce.vacancy_fte),
        },
        Figure {
            label: "Agency rate",
            value: percent(workforce.agency_rate),
            detail: format!(" ({:.1} FTE agency)", workforce.agency_fte),
        },
        Figure {
            label: "Turnover in the year",
            value: percent(workforce.turnover_rate),
            detail: format!(" ({:.1} FTE left)", workforce.leavers_fte),
        },
        Figure {
            label: "Average caseload",
            value: one_decimal(workforce.caseload_fte),
            detail: " cases per FTE".to_owned(),
        },
        Figure {
            label: "Sickness absence",
            value: percent(workforce.absence_rate),
            detail: " of working days".to_owned(),
        },
    ]
}

/// `GET /`: the dashboard.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<DashboardPage, WebError> {
    let date = measures::census_date_on_or_before(Utc::now().date_naive());
    let councils = match signed_in.user.council {
        Some(code) => vec![code],
        None => state
            .store
            .councils()
            .await?
            .into_iter()
            .map(|council| council.code)
            .collect(),
    };
    let mut workforces = Vec::with_capacity(councils.len());
    for code in &councils {
        workforces.push(state.store.workforce(*code).await?);
    }
    let report = measures::compute(&workforces, &MeasureOptions::at(date));
    let key = match councils.as_slice() {
        [one] => one.to_string(),
        _ => "all".to_owned(),
    };
    let scope = report
        .authorities
        .get(&key)
        .ok_or_else(|| WebError::Internal(format!("no measures for {key}")))?;
    let bands = scope
        .workforce
        .caseload_bands
        .0
        .iter()
        .map(|(label, band)| BandRow {
            label: label.clone(),
            count: band.count,
            share: percent(band.share),
        })
        .collect();
    let total = &scope.academy.total;
    let academy = vec![
        Row {
            label: "Academy members",
            value: total.members.to_string(),
        },
        Row {
            label: "Completed the programme",
            value: total.completed.to_string(),
        },
        Row {
            label: "Still in children's services",
            value: format!(
                "{} ({})",
                total.all.retained_children,
                percent(total.all.retained_children_rate)
            ),
        },
        Row {
            label: "Still with the council",
            value: format!(
                "{} ({})",
                total.all.retained_council,
                percent(total.all.retained_council_rate)
            ),
        },
    ];
    Ok(DashboardPage {
        page: Page::for_user(&signed_in, "/"),
        scope_name: if key == "all" {
            "All councils".to_owned()
        } else {
            signed_in.council_name.clone()
        },
        date: date.format("%-d %B %Y").to_string(),
        headline: headline(scope),
        bands,
        academy,
    })
}
