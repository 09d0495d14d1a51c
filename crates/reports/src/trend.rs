//! The five-year trend shared by the dashboard and the committee report: the measures
//! at a reference date and at the same date in each of the four years before it, the
//! measures followed over them, and the sentence saying how each moved.

use pathway_domain::Workforce;
use pathway_domain::measures::employment_survival::KaplanMeierFigures;
use pathway_domain::measures::{self, MeasureOptions, ScopeMeasures};
use pathway_domain::values::Date;

use crate::charts::{Format, trend_sentence};

/// How many years the trend covers, the reference date included.
pub const TREND_YEARS: usize = 5;

/// The measures at one date of the trend.
#[derive(Debug, Clone)]
pub struct Year {
    /// The date.
    pub date: Date,
    /// Every measure of the scope at that date.
    pub scope: ScopeMeasures,
}

/// D and the four years before it, oldest first.
pub fn trend_dates(date: Date) -> Vec<Date> {
    let mut dates = vec![date];
    for _ in 1..TREND_YEARS {
        let previous = dates[dates.len() - 1];
        dates.push(measures::year_start(previous));
    }
    dates.reverse();
    dates
}

/// The measures of the scope `key` (a council's code, or `all` for every council
/// pooled) at each of `dates`; `None` when the measures have no such scope.
pub fn measure_years(workforces: &[Workforce], dates: &[Date], key: &str) -> Option<Vec<Year>> {
    dates
        .iter()
        .map(|date| {
            let mut report = measures::compute(workforces, &MeasureOptions::at(*date));
            let scope = report.authorities.remove(key)?;
            Some(Year { date: *date, scope })
        })
        .collect()
}

/// "30 September 2024".
pub fn long_date(date: Date) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "Sep 2024", for chart axes and table columns.
pub fn short_date(date: Date) -> String {
    date.format("%b %Y").to_string()
}

/// "30 September 2020 to 30 September 2024".
pub fn period(years: &[Year]) -> String {
    match (years.first(), years.last()) {
        (Some(first), Some(last)) => {
            format!("{} to {}", long_date(first.date), long_date(last.date))
        }
        _ => String::new(),
    }
}

/// "a, b and c".
pub fn join_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// S at `years` years (a fraction), from a Kaplan–Meier estimate.
pub fn survival_at(estimate: Option<&KaplanMeierFigures>, years: u32) -> Option<f64> {
    estimate?.at.get(&years.to_string())?.s
}

/// A measure followed over the trend.
#[derive(Debug, Clone, Copy)]
pub struct TrendMeasure {
    /// Its name as a column or series heading.
    pub name: &'static str,
    /// How a sentence about it starts ("The vacancy rate").
    pub subject: &'static str,
    /// How its values are written.
    pub format: Format,
    /// Its value in a scope's measures.
    pub value: fn(&ScopeMeasures) -> Option<f64>,
}

impl TrendMeasure {
    /// Its value at each date.
    pub fn values(&self, years: &[Year]) -> Vec<Option<f64>> {
        years.iter().map(|year| (self.value)(&year.scope)).collect()
    }

    /// "Vacancies fell from 53.4 FTE at 30 September 2020 to 44.9 FTE at 30 September
    /// 2024."
    pub fn sentence(&self, years: &[Year]) -> String {
        let values = self.values(years);
        match (years.first(), years.last()) {
            (Some(first), Some(last)) => trend_sentence(
                self.subject,
                self.format,
                (&long_date(first.date), values.first().copied().flatten()),
                (&long_date(last.date), values.last().copied().flatten()),
            ),
            _ => String::new(),
        }
    }
}

/// Vacant posts, FTE.
pub const VACANCIES: TrendMeasure = TrendMeasure {
    name: "Vacancies (FTE)",
    subject: "Vacancies",
    format: Format::Decimal("FTE"),
    value: |scope| Some(scope.workforce.vacancy_fte),
};
/// Social workers in post, FTE.
pub const IN_POST: TrendMeasure = TrendMeasure {
    name: "Social workers in post (FTE)",
    subject: "Social workers in post",
    format: Format::Decimal("FTE"),
    value: |scope| Some(scope.workforce.fte),
};
/// The vacancy rate.
pub const VACANCY_RATE: TrendMeasure = TrendMeasure {
    name: "Vacancy rate",
    subject: "The vacancy rate",
    format: Format::Percent,
    value: |scope| scope.workforce.vacancy_rate,
};
/// The turnover rate.
pub const TURNOVER_RATE: TrendMeasure = TrendMeasure {
    name: "Turnover rate",
    subject: "The turnover rate",
    format: Format::Percent,
    value: |scope| scope.workforce.turnover_rate,
};
/// The agency rate.
pub const AGENCY_RATE: TrendMeasure = TrendMeasure {
    name: "Agency rate",
    subject: "The agency rate",
    format: Format::Percent,
    value: |scope| scope.workforce.agency_rate,
};
/// Cases per FTE of case holders.
pub const CASELOAD: TrendMeasure = TrendMeasure {
    name: "Average caseload (cases per FTE)",
    subject: "The average caseload",
    format: Format::Decimal("cases per FTE"),
    value: |scope| scope.workforce.caseload_fte,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        pathway_domain::values::parse_date(text).expect("a date")
    }

    #[test]
    fn the_trend_runs_over_five_census_dates_oldest_first() {
        let dates = trend_dates(date("2024-09-30"));
        assert_eq!(dates.len(), TREND_YEARS);
        assert_eq!(dates[0], date("2020-09-30"));
        assert_eq!(dates[4], date("2024-09-30"));
    }

    #[test]
    fn lists_are_joined_with_commas_and_a_final_and() {
        let parts = ["a", "b", "c"].map(str::to_owned);
        assert_eq!(join_words(&parts), "a, b and c");
        assert_eq!(join_words(&parts[..1]), "a");
        assert_eq!(join_words(&[]), "");
    }
}
