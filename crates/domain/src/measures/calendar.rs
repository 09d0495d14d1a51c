//! The dates measures are taken at.

use chrono::{Datelike, NaiveDate};

use crate::values::Date;

/// The start (exclusive) of "the year to D": D minus one calendar year, 29 February
/// going to 28 February. The year to D is the interval (this, D].
pub fn year_start(date: Date) -> Date {
    date.with_year(date.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() - 1, date.month(), 28))
        .unwrap_or(date)
}

/// Whether `day` is in the year to D, i.e. in (year start, D].
pub fn in_year(day: Date, year_from: Date, date: Date) -> bool {
    day > year_from && day <= date
}

/// The DfE census date (30 September) on or before `today`: the default reference
/// date.
pub fn census_date_on_or_before(today: Date) -> Date {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 9, 30).unwrap_or(today);
    if this_year <= today {
        this_year
    } else {
        NaiveDate::from_ymd_opt(today.year() - 1, 9, 30).unwrap_or(today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::parse_date;

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    #[test]
    fn the_year_to_a_leap_day_starts_on_the_28th_of_february() {
        assert_eq!(year_start(date("2024-02-29")), date("2023-02-28"));
        assert_eq!(year_start(date("2024-09-30")), date("2023-09-30"));
    }

    #[test]
    fn the_default_reference_date_is_the_latest_30_september() {
        assert_eq!(
            census_date_on_or_before(date("2026-11-22")),
            date("2026-09-30")
        );
        assert_eq!(
            census_date_on_or_before(date("2026-09-30")),
            date("2026-09-30")
        );
        assert_eq!(
            census_date_on_or_before(date("2026-09-29")),
            date("2025-09-30")
        );
    }

    #[test]
    fn the_year_excludes_its_start_and_includes_d() {
        let d = date("2024-09-30");
        let from = year_start(d);
        assert!(!in_year(from, from, d));
        assert!(in_year(date("2023-10-01"), from, d));
        assert!(in_year(d, from, d));
        assert!(!in_year(date("2024-10-01"), from, d));
    }
}
