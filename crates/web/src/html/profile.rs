//! The workforce profile: who the council's social workers in post on a day are, by
//! gender, age, ethnicity, route, overseas recruitment, languages and British Sign
//! Language, with small numbers held back for every role but the workforce lead.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::{Datelike, Utc};
use pathway_domain::ids::WorkerId;
use pathway_domain::measures::census_date_on_or_before;
use pathway_domain::measures::index::CouncilIndex;
use pathway_domain::measures::profile::{Breakdown, Profile, profile};
use pathway_domain::measures::suppression::Suppression;
use pathway_domain::values::{Date, parse_date};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::people::long_date;
use crate::html::person::home_href;
use crate::page::{Page, date_input};
use crate::session::SignedIn;

/// One breakdown as the page draws it.
#[derive(Debug)]
struct BreakdownView {
    id: &'static str,
    caption: &'static str,
    first_header: &'static str,
    rows: Vec<(String, String, String)>,
    total: String,
}

impl BreakdownView {
    fn of(
        id: &'static str,
        caption: &'static str,
        first_header: &'static str,
        breakdown: &Breakdown,
    ) -> Self {
        Self {
            id,
            caption,
            first_header,
            rows: breakdown
                .rows
                .iter()
                .map(|row| {
                    (
                        row.label.clone(),
                        row.count.to_string(),
                        row.share.percent(),
                    )
                })
                .collect(),
            total: breakdown.total.to_string(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "profile.html")]
/// The workforce profile page.
pub struct ProfilePage {
    page: Page,
    home_href: &'static str,
    suppressed: bool,
    at: String,
    day: String,
    month: String,
    year: String,
    date_errors: Vec<String>,
    headcount: String,
    agency: String,
    breakdowns: Vec<BreakdownView>,
    languages: Vec<(String, String)>,
}

/// The date asked for: `?date=` or the boxes.
#[derive(Debug, Default, Deserialize)]
pub struct ProfileQuery {
    date: Option<String>,
    #[serde(rename = "date-day", default)]
    day: String,
    #[serde(rename = "date-month", default)]
    month: String,
    #[serde(rename = "date-year", default)]
    year: String,
}

/// Computes the profile of the signed-in user's council on `date`, suppressed as
/// their role requires.
pub async fn council_profile(
    state: &AppState,
    council: pathway_domain::CouncilCode,
    date: Date,
    suppression: Suppression,
) -> Result<Profile, pathway_app::StoreError> {
    let workforce = state.workforce(council).await?;
    let recruitment = state.store.recruitment(council).await?;
    let recruits: Vec<&WorkerId> = recruitment
        .international_recruits
        .iter()
        .map(|recruit| &recruit.worker_id)
        .collect();
    let index = CouncilIndex::new(&workforce);
    Ok(profile(&index, date, &recruits, suppression))
}

/// `GET /profile`: the workforce profile on a date (the latest 30 September unless
/// asked).
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<ProfileQuery>,
) -> Result<ProfilePage, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let today = Utc::now().date_naive();
    let mut date_errors = Vec::new();
    let asked = match query
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(text) => parse_date(text)
            .map(Some)
            .map_err(|_| "Date must be a real date, such as 2024-09-30".to_owned()),
        None => date_input("Date", &query.day, &query.month, &query.year),
    };
    let at = match asked {
        Ok(date) => date,
        Err(message) => {
            date_errors.push(message);
            None
        }
    }
    .unwrap_or_else(|| census_date_on_or_before(today));
    let (day, month, year) = if date_errors.is_empty() {
        (
            at.day().to_string(),
            at.month().to_string(),
            at.year().to_string(),
        )
    } else {
        (query.day, query.month, query.year)
    };
    let suppression = Suppression::for_viewer(signed_in.user.role.sees_small_numbers());
    let profile = council_profile(&state, council, at, suppression).await?;
    let breakdowns = vec![
        BreakdownView::of("gender", "By gender", "Gender", &profile.gender),
        BreakdownView::of("age", "By age on the day", "Age", &profile.age),
        BreakdownView::of(
            "ethnicity",
            "By ethnic group (the DfE's major groups)",
            "Ethnic group",
            &profile.ethnicity,
        ),
        BreakdownView::of(
            "route",
            "By route into social work",
            "Route",
            &profile.route,
        ),
        BreakdownView::of(
            "overseas",
            "Recruited from overseas (international recruits in post)",
            "Recruitment",
            &profile.overseas,
        ),
        BreakdownView::of(
            "languages",
            "Languages other than English",
            "Languages",
            &profile.other_languages,
        ),
        BreakdownView::of(
            "bsl",
            "Proficient in British Sign Language",
            "British Sign Language",
            &profile.bsl,
        ),
    ];
    Ok(ProfilePage {
        page: Page::for_user(&signed_in, "/profile"),
        home_href: home_href(&signed_in),
        suppressed: profile.suppressed,
        at: long_date(at),
        day,
        month,
        year,
        date_errors,
        headcount: profile.headcount.to_string(),
        agency: profile.agency_headcount.to_string(),
        breakdowns,
        languages: profile
            .languages
            .iter()
            .map(|l| (l.language.clone(), l.count.to_string()))
            .collect(),
    })
}
