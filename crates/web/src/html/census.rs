//! The DfE children's social work workforce census return: choose the census year, see
//! what the return holds and every record that would fail, and download the XML.
//! Only the workforce lead and the recruitment officer make the return (the role check
//! is in routes.rs); the download is recorded in the audit trail, as it holds every
//! worker's census items.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pathway_app::AuditEntry;
use pathway_domain::access::Permission;
use pathway_domain::census::{
    CensusReturn, CensusYearError, census_return, latest_census_year, two_places, validate,
};
use pathway_domain::{CouncilCode, Workforce};
use pathway_reports::census::{Source, census_xml};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::people::long_date;
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::SignedIn;

/// Lets through only the roles that make the census return; to anyone else the pages
/// do not exist (404, not 403), as the return names every worker.
pub async fn only_census_makers(request: Request, next: Next) -> Response {
    match request.extensions().get::<SignedIn>() {
        None => WebError::SignInNeeded.into_response(),
        Some(signed_in) if !signed_in.user.role.allows(Permission::MakeCensusReturn) => {
            WebError::NotFound.into_response()
        }
        Some(_) => next.run(request).await,
    }
}

/// One row of the validation report.
#[derive(Debug)]
struct ProblemRow {
    worker_id: String,
    name: String,
    item: &'static str,
    problem: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "census.html")]
/// The census return page.
pub struct CensusPage {
    page: Page,
    home_href: &'static str,
    year: String,
    year_error: Option<String>,
    latest_year: i32,
    /// Present when the year could be read.
    made: Option<Made>,
}

/// What the page shows of a year's return.
#[derive(Debug)]
struct Made {
    year: i32,
    reference_date: String,
    workers: usize,
    agency: usize,
    vacancies: String,
    agency_fte: String,
    agency_headcount: u64,
    problems: Vec<ProblemRow>,
    failing_workers: usize,
}

/// The year asked for.
#[derive(Debug, Default, Deserialize)]
pub struct CensusQuery {
    year: Option<String>,
}

/// Reads a census year as typed; the message says what is wrong.
fn read_year(typed: &str, latest: i32) -> Result<i32, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err("Enter the census year, such as 2024".to_owned());
    }
    let year: i32 = typed
        .parse()
        .ok()
        .filter(|_| typed.len() == 4)
        .ok_or_else(|| "Enter the census year as 4 digits, such as 2024".to_owned())?;
    if year > latest {
        return Err(format!(
            "The census year must be {latest} or earlier: its reference date, 30 September, must have passed"
        ));
    }
    if year < 1990 {
        return Err("The census year must be 1990 or later".to_owned());
    }
    Ok(year)
}

fn make(workforce: &Workforce, year: i32) -> Result<CensusReturn, WebError> {
    census_return(workforce, year)
        .map_err(|CensusYearError(year)| WebError::Internal(format!("census year {year}")))
}

/// `GET /census?year=2024`: the year's return, its counts and its validation report
/// (the latest census year unless asked).
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<CensusQuery>,
) -> Result<CensusPage, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let latest = latest_census_year(Utc::now().date_naive());
    let typed = query.year.unwrap_or_else(|| latest.to_string());
    let page = Page::for_user(&signed_in, "/census");
    let year = match read_year(&typed, latest) {
        Ok(year) => year,
        Err(message) => {
            return Ok(CensusPage {
                page,
                home_href: home_href(&signed_in),
                year: typed,
                year_error: Some(message),
                latest_year: latest,
                made: None,
            });
        }
    };
    let workforce = state.workforce(council).await?;
    let census = make(&workforce, year)?;
    let problems = validate(&census);
    let name_of = |id: &pathway_domain::ids::WorkerId| {
        workforce
            .workers
            .iter()
            .find(|w| &w.id == id)
            .map(|w| format!("{} {}", w.given_name, w.family_name))
            .unwrap_or_default()
    };
    let mut failing: Vec<&str> = problems.iter().map(|p| p.worker_id.as_str()).collect();
    failing.dedup();
    let made = Made {
        year,
        reference_date: long_date(census.reference_date),
        workers: census.workers.len(),
        agency: census.agency_workers(),
        vacancies: two_places(census.vacancies.number_of_vacancies),
        agency_fte: two_places(census.vacancies.no_agency_fte),
        agency_headcount: census.vacancies.no_agency_headcount,
        failing_workers: failing.len(),
        problems: problems
            .iter()
            .map(|problem| ProblemRow {
                worker_id: problem.worker_id.to_string(),
                name: name_of(&problem.worker_id),
                item: problem.item.name(),
                problem: problem.problem.clone(),
            })
            .collect(),
    };
    // The report names the people whose records fail.
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: signed_in.user.email.clone(),
            action: "view census validation".into(),
            detail: format!(
                "census year {year}: {} problems in {} worker records",
                problems.len(),
                census.workers.len()
            ),
        }])
        .await?;
    Ok(CensusPage {
        page,
        home_href: home_href(&signed_in),
        year: year.to_string(),
        year_error: None,
        latest_year: latest,
        made: Some(made),
    })
}

/// `GET /census/{year}.xml`: the year's return as XML, recorded in the audit trail.
pub async fn download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let council: CouncilCode = signed_in.user.council.ok_or(WebError::NotFound)?;
    let latest = latest_census_year(Utc::now().date_naive());
    let year = file
        .strip_suffix(".xml")
        .and_then(|year| read_year(year, latest).ok())
        .ok_or(WebError::NotFound)?;
    let workforce = state.workforce(council).await?;
    let census = make(&workforce, year)?;
    let problems = validate(&census);
    let source = Source {
        council,
        serial_no: 1,
        made_at: Utc::now().naive_utc(),
    };
    let xml = census_xml(&census, &source);
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: signed_in.user.email.clone(),
            action: "export census return".into(),
            detail: format!(
                "census year {year}: {} worker records, {} problems",
                census.workers.len(),
                problems.len()
            ),
        }])
        .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"csww-{council}-{year}.xml\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        xml,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::read_year;

    #[test]
    fn a_census_year_is_four_digits_and_already_passed() {
        assert_eq!(read_year(" 2024 ", 2026), Ok(2024));
        assert_eq!(read_year("2026", 2026), Ok(2026));
        assert!(
            read_year("2027", 2026)
                .unwrap_err()
                .contains("2026 or earlier")
        );
        assert!(
            read_year("", 2026)
                .unwrap_err()
                .contains("Enter the census year")
        );
        assert!(read_year("24", 2026).unwrap_err().contains("4 digits"));
        assert!(read_year("abcd", 2026).unwrap_err().contains("4 digits"));
        assert!(read_year("1989", 2026).is_err());
    }
}
