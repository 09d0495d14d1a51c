//! The vacancy measures: vacancy FTE month by month over the council's whole history
//! (the "153 → 12" chart, with its table), the vacancies open on a chosen date by the
//! stage they were at that day, and the median days to fill by year.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::Datelike;
use pathway_domain::recruitment::pipeline::{
    by_stage_at, fill_times_by_year, first_opening, vacancy_fte_by_month,
};
use pathway_domain::values::{Date, parse_date};
use serde::Deserialize;

use super::{HOME_HREF, RecruitmentReach, load, stage_label, today};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::long_date;
use crate::html::person::home_href;
use crate::page::{Page, date_input};
use crate::session::SignedIn;
use pathway_reports::charts::{self, Chart, Format, Series, Unit, trend_sentence};

/// One month end of the series.
#[derive(Debug)]
struct MonthRow {
    month: String,
    count: u64,
    fte: String,
}

/// One stage on the chosen date.
#[derive(Debug)]
struct StageRow {
    stage: &'static str,
    count: u64,
    fte: String,
}

/// One year's days to fill.
#[derive(Debug)]
struct YearRow {
    year: i32,
    filled: u64,
    median: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_measures.html")]
/// The vacancy measures page.
pub struct MeasuresPage {
    page: Page,
    home_href: &'static str,
    whole_council: bool,
    summary: Option<String>,
    svg: Option<String>,
    months: Vec<MonthRow>,
    at: String,
    day: String,
    month: String,
    year: String,
    date_errors: Vec<String>,
    stages: Vec<StageRow>,
    stages_total: u64,
    stages_fte: String,
    years: Vec<YearRow>,
}

/// The date asked for: `?date=2024-03-31`, or the three boxes of the page's form.
#[derive(Debug, Deserialize)]
pub struct MeasuresQuery {
    date: Option<String>,
    #[serde(rename = "date-day")]
    day: Option<String>,
    #[serde(rename = "date-month")]
    month: Option<String>,
    #[serde(rename = "date-year")]
    year: Option<String>,
}

/// Category labels for a monthly series: every month when there are few, otherwise
/// the year at each January (every other year over long histories), so labels never
/// overlap.
fn month_labels(months: &[Date]) -> Vec<String> {
    if months.len() <= 8 {
        return months
            .iter()
            .map(|d| d.format("%b %Y").to_string())
            .collect();
    }
    let years = months.len() / 12 + 1;
    let every = if years > 12 { 2 } else { 1 };
    months
        .iter()
        .enumerate()
        .map(|(index, day)| {
            let labelled = (day.month() == 1 || index == 0) && day.year() % every == 0;
            if labelled {
                day.year().to_string()
            } else {
                String::new()
            }
        })
        .collect()
}

/// `GET /recruitment/vacancies/measures`: the vacancy measures over the vacancies the
/// user reaches.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<MeasuresQuery>,
) -> Result<MeasuresPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let today = today();
    let vacancies = reach.counted_vacancies(&loaded.workforce);

    let series = first_opening(&vacancies)
        .map(|first| vacancy_fte_by_month(&vacancies, first, today))
        .unwrap_or_default();
    let (summary, svg) = match (series.first(), series.last()) {
        (Some(first), Some(last)) => {
            let sentence = trend_sentence(
                "Vacancies",
                Format::Decimal("FTE"),
                (&long_date(first.on), Some(first.fte)),
                (&long_date(last.on), Some(last.fte)),
            );
            let days: Vec<Date> = series.iter().map(|m| m.on).collect();
            let chart = Chart {
                id: "chart-vacancy-fte".to_owned(),
                title: format!(
                    "Vacancy FTE at each month end, {} to {}",
                    long_date(first.on),
                    long_date(last.on)
                ),
                description: sentence.clone(),
                categories: month_labels(&days),
                series: vec![Series::new(
                    "Vacancies (FTE)",
                    series.iter().map(|m| Some(m.fte)).collect(),
                )],
                unit: Unit::Number,
                axis_label: "FTE".to_owned(),
            };
            (Some(sentence), Some(charts::line_chart(&chart)))
        }
        _ => (None, None),
    };
    let months = series
        .iter()
        .map(|m| MonthRow {
            month: long_date(m.on),
            count: m.count,
            fte: format!("{:.1}", m.fte),
        })
        .collect();

    let (mut day, mut month, mut year) = (
        query.day.unwrap_or_default(),
        query.month.unwrap_or_default(),
        query.year.unwrap_or_default(),
    );
    let mut date_errors = Vec::new();
    let at = match query
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(text) => parse_date(text).ok().or_else(|| {
            date_errors.push("The date must be a real date, such as 2024-03-31".to_owned());
            None
        }),
        None => match date_input("Date", &day, &month, &year) {
            Ok(date) => date,
            Err(message) => {
                date_errors.push(message);
                None
            }
        },
    }
    .unwrap_or(today);
    if date_errors.is_empty() {
        day = at.format("%-d").to_string();
        month = at.format("%-m").to_string();
        year = at.format("%Y").to_string();
    }
    let counts = by_stage_at(&vacancies, &loaded.recruitment, at);
    let stages_total = counts.iter().map(|c| c.count).sum();
    let stages_fte = format!("{:.1}", counts.iter().map(|c| c.fte).sum::<f64>());
    let stages = counts
        .into_iter()
        .map(|c| StageRow {
            stage: c.stage.map_or("Stage not recorded", stage_label),
            count: c.count,
            fte: format!("{:.1}", c.fte),
        })
        .collect();
    let years = fill_times_by_year(&vacancies, &loaded.recruitment)
        .into_iter()
        .rev()
        .map(|(year, times)| YearRow {
            year,
            filled: times.filled,
            median: times
                .median_days
                .map_or_else(|| "None filled".to_owned(), |days| format!("{days:.1}")),
        })
        .collect();
    Ok(MeasuresPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        whole_council: reach.whole_council(),
        summary,
        svg,
        months,
        at: long_date(at),
        day,
        month,
        year,
        date_errors,
        stages,
        stages_total,
        stages_fte,
        years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pathway_domain::recruitment::pipeline::month_ends;

    #[test]
    fn long_series_are_labelled_by_year_and_short_ones_by_month() {
        let short = month_ends(
            parse_date("2024-01-01").unwrap(),
            parse_date("2024-03-01").unwrap(),
        );
        assert_eq!(month_labels(&short), ["Jan 2024", "Feb 2024", "Mar 2024"]);
        let long = month_ends(
            parse_date("2019-06-01").unwrap(),
            parse_date("2021-02-01").unwrap(),
        );
        let labels: Vec<String> = month_labels(&long)
            .into_iter()
            .filter(|label| !label.is_empty())
            .collect();
        assert_eq!(labels, ["2019", "2020", "2021"]);
    }
}
