//! `/career/measures`: promotions per year, the median time in a level before
//! moving up, and the share of academy members promoted within 2 and 5 years.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use pathway_domain::access::Permission;
use pathway_domain::career::CareerMeasures;
use pathway_domain::career::measures::Share;

use super::{load, today};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::percent;
use crate::html::people::long_date;
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::SignedIn;

/// A share as the page writes it.
#[derive(Debug)]
pub struct ShareView {
    promoted: usize,
    counted: usize,
    share: String,
}

impl ShareView {
    fn of(share: Share) -> Self {
        Self {
            promoted: share.promoted,
            counted: share.counted,
            share: percent(share.ratio(), "No members yet"),
        }
    }
}

/// The measures page.
#[derive(Template, WebTemplate)]
#[template(path = "career_measures.html")]
pub struct MeasuresPage {
    page: Page,
    home_href: &'static str,
    as_of: String,
    years: Vec<(i32, usize)>,
    median: String,
    within_2: ShareView,
    within_5: ShareView,
}

/// Days as years and months, roughly: `2 years 3 months`.
pub fn duration(days: f64) -> String {
    let months = (days / 30.4375).round() as i64;
    let (years, months) = (months / 12, months % 12);
    let plural = |n: i64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (years, months) {
        (0, m) => plural(m, "month"),
        (y, 0) => plural(y, "year"),
        (y, m) => format!("{} {}", plural(y, "year"), plural(m, "month")),
    }
}

/// `GET /career/measures`: aggregate figures, for those who see figures.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<MeasuresPage, WebError> {
    if !signed_in.user.role.allows(Permission::SeeFigures) {
        return Err(WebError::NotFound);
    }
    let loaded = load(&state, &signed_in).await?;
    let measures = CareerMeasures::compute(&loaded.framework(), &loaded.workforce, today());
    Ok(MeasuresPage {
        page: Page::for_user(&signed_in, "/career"),
        home_href: home_href(&signed_in),
        as_of: long_date(measures.as_of),
        years: measures.promotions_per_year.clone(),
        median: measures.median_days_to_progression.map_or_else(
            || "No promotions yet".to_owned(),
            |days| format!("{} ({days:.0} days)", duration(days)),
        ),
        within_2: ShareView::of(measures.academy_within_2_years),
        within_5: ShareView::of(measures.academy_within_5_years),
    })
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_in_years_and_months() {
        assert_eq!(duration(730.0), "2 years");
        assert_eq!(duration(365.0), "1 year");
        assert_eq!(duration(1000.0), "2 years 9 months");
        assert_eq!(duration(31.0), "1 month");
    }
}
