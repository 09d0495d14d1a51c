//! Recruitment's home: the headline figures of the vacancies the user reaches and a
//! link to every part of recruitment.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use chrono::{Datelike, NaiveDate};
use pathway_domain::recruitment::pipeline::{fill_times, open_on};

use super::{
    AGENCY_HREF, CANDIDATES_HREF, EVENTS_HREF, HOME_HREF, INTERNATIONAL_HREF, MEASURES_HREF,
    PLACEMENTS_HREF, POSTS_HREF, RecruitmentReach, VACANCIES_HREF, load, today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::SignedIn;

/// One headline figure.
#[derive(Debug)]
struct Headline {
    label: String,
    value: String,
    detail: String,
}

/// A part of recruitment.
#[derive(Debug)]
struct Section {
    href: &'static str,
    label: &'static str,
    description: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_home.html")]
/// Recruitment's home.
pub struct HomePage {
    page: Page,
    home_href: &'static str,
    whole_council: bool,
    runs_recruitment: bool,
    headlines: Vec<Headline>,
    sections: Vec<Section>,
}

/// FTE as a page writes it: `12.5 FTE`.
pub fn fte_text(fte: f64) -> String {
    format!("{fte:.1} FTE")
}

/// `GET /recruitment`: open vacancies and their FTE, those covered by agency workers,
/// the median days to fill this year, and every part of recruitment.
pub async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<HomePage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let today = today();
    let vacancies = reach.counted_vacancies(&loaded.workforce);
    let open: Vec<_> = vacancies
        .iter()
        .copied()
        .filter(|vacancy| open_on(vacancy, today))
        .collect();
    let covered: Vec<_> = open
        .iter()
        .filter(|vacancy| vacancy.covered_by_agency == Some(true))
        .collect();
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let filled = fill_times(&vacancies, &loaded.recruitment, year_start, today);
    let headlines = vec![
        Headline {
            label: "Open vacancies".to_owned(),
            value: open.len().to_string(),
            detail: fte_text(open.iter().map(|v| v.fte.value()).sum()),
        },
        Headline {
            label: "Covered by agency workers".to_owned(),
            value: covered.len().to_string(),
            detail: fte_text(covered.iter().map(|v| v.fte.value()).sum()),
        },
        Headline {
            label: format!("Median days to fill in {}", today.year()),
            value: filled
                .median_days
                .map_or_else(|| "None filled".to_owned(), |days| format!("{days:.0}")),
            detail: match filled.filled {
                0 => "No vacancy filled yet this year".to_owned(),
                1 => "Of 1 vacancy filled this year".to_owned(),
                count => format!("Of {count} vacancies filled this year"),
            },
        },
    ];
    Ok(HomePage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        whole_council: reach.whole_council(),
        runs_recruitment: reach.runs_recruitment,
        headlines,
        sections: vec![
            Section {
                href: VACANCIES_HREF,
                label: "Vacancy board",
                description: "Every vacancy by stage, from not recruiting to filled, moved on one stage at a time.",
            },
            Section {
                href: POSTS_HREF,
                label: "Establishment",
                description: "Posts per team, funded or not, against the people in post and the vacancies open.",
            },
            Section {
                href: MEASURES_HREF,
                label: "Vacancy measures",
                description: "Vacancy FTE month by month, vacancies by stage at a date, median days to fill by year.",
            },
            Section {
                href: CANDIDATES_HREF,
                label: "Candidates",
                description: "Applicants and their stages, and starters becoming workers.",
            },
            Section {
                href: EVENTS_HREF,
                label: "Recruitment events",
                description: "Events, their attendees and the funnel to hires, in and out of working hours.",
            },
            Section {
                href: PLACEMENTS_HREF,
                label: "University placements",
                description: "Universities, student placements and students who became social workers here.",
            },
            Section {
                href: INTERNATIONAL_HREF,
                label: "International recruits",
                description: "Visas, right to work, registration, arrival, buddies and check-ins.",
            },
            Section {
                href: AGENCY_HREF,
                label: "Agency workers",
                description: "Agency engagements under the DfE rules, breaches and their sign-off, the quarterly return.",
            },
        ],
    })
}
