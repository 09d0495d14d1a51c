//! Calendar arithmetic for the story: councils start people on Mondays, people leave
//! on a Friday or at a month end, caseloads are counted at month ends, and the academy
//! takes cohorts from the first Monday of March and September.

use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};
use pathway_domain::values::Date;

/// `days` days after `date` (before it when negative).
pub(crate) fn plus(date: Date, days: i64) -> Date {
    date + TimeDelta::days(days)
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: Date, to: Date) -> i64 {
    (to - from).num_days()
}

/// Years from `from` to `to`, as a fraction.
pub(crate) fn years_between(from: Date, to: Date) -> f64 {
    days_between(from, to) as f64 / 365.25
}

/// The same day `years` years earlier (29 February becomes 28 February).
pub(crate) fn years_before(date: Date, years: u32) -> Date {
    date.checked_sub_months(Months::new(12 * years))
        .expect("demo dates stay within chrono's range")
}

/// `date` if it is a Monday, else the Monday after.
pub(crate) fn next_monday(date: Date) -> Date {
    let from_monday = i64::from(date.weekday().num_days_from_monday());
    if from_monday == 0 {
        date
    } else {
        plus(date, 7 - from_monday)
    }
}

/// `date` if it is a weekday, else the Monday after.
pub(crate) fn next_weekday(date: Date) -> Date {
    if is_weekend(date) {
        next_monday(date)
    } else {
        date
    }
}

/// `date` if it is a weekday, else the Friday before.
pub(crate) fn back_to_friday(date: Date) -> Date {
    match date.weekday() {
        Weekday::Sat => plus(date, -1),
        Weekday::Sun => plus(date, -2),
        _ => date,
    }
}

/// Whether `date` is a Saturday or Sunday.
pub(crate) fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The last day of `date`'s month.
pub(crate) fn month_end(date: Date) -> Date {
    let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1).expect("a real month");
    plus(first + Months::new(1), -1)
}

/// The first Monday of a month: the academy's cohort start day.
pub(crate) fn first_monday(year: i32, month: u32) -> Date {
    next_monday(NaiveDate::from_ymd_opt(year, month, 1).expect("a real month"))
}

/// Every month end from `from` to `to`, both included.
pub(crate) fn month_ends(from: Date, to: Date) -> impl Iterator<Item = Date> {
    let mut next = month_end(from);
    std::iter::from_fn(move || {
        if next > to {
            return None;
        }
        let this = next;
        next = month_end(plus(this, 1));
        Some(this)
    })
}

/// Weekdays from `start` to `end`, both included (0 when `end` is before `start`).
pub(crate) fn weekdays(start: Date, end: Date) -> i64 {
    let days = days_between(start, end) + 1;
    if days <= 0 {
        return 0;
    }
    let mut count = days / 7 * 5;
    let mut day = plus(start, days / 7 * 7);
    while day <= end {
        if !is_weekend(day) {
            count += 1;
        }
        day = plus(day, 1);
    }
    count
}

/// The day on which the `working_days`-th weekday from `start` falls (`start` counts
/// as the first when it is a weekday).
pub(crate) fn after_working_days(start: Date, working_days: i64) -> Date {
    let mut day = next_weekday(start);
    let full_weeks = (working_days - 1) / 5;
    day = plus(day, full_weeks * 7);
    let mut left = working_days - 1 - full_weeks * 5;
    while left > 0 {
        day = plus(day, 1);
        if !is_weekend(day) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        pathway_domain::values::parse_date(text).unwrap()
    }

    #[test]
    fn mondays_fridays_and_month_ends() {
        assert_eq!(next_monday(date("2024-09-28")), date("2024-09-30"));
        assert_eq!(next_monday(date("2024-09-30")), date("2024-09-30"));
        assert_eq!(back_to_friday(date("2024-09-29")), date("2024-09-27"));
        assert_eq!(month_end(date("2024-02-10")), date("2024-02-29"));
        assert_eq!(month_end(date("2024-12-31")), date("2024-12-31"));
        assert_eq!(first_monday(2024, 9), date("2024-09-02"));
        assert_eq!(years_before(date("2024-02-29"), 1), date("2023-02-28"));
    }

    #[test]
    fn month_ends_are_listed_inclusively() {
        let ends: Vec<Date> = month_ends(date("2024-01-31"), date("2024-03-31")).collect();
        assert_eq!(
            ends,
            [date("2024-01-31"), date("2024-02-29"), date("2024-03-31")]
        );
        assert_eq!(
            month_ends(date("2024-01-01"), date("2024-01-30")).count(),
            0
        );
    }

    #[test]
    fn working_days_skip_weekends() {
        // Friday 27 September 2024 to Tuesday 1 October: Fri, Mon, Tue.
        assert_eq!(weekdays(date("2024-09-27"), date("2024-10-01")), 3);
        assert_eq!(weekdays(date("2024-09-02"), date("2024-09-29")), 20);
        assert_eq!(
            after_working_days(date("2024-09-27"), 3),
            date("2024-10-01")
        );
        assert_eq!(
            after_working_days(date("2024-09-02"), 10),
            date("2024-09-13")
        );
        for length in 1..40 {
            let end = after_working_days(date("2024-09-04"), length);
            assert_eq!(weekdays(date("2024-09-04"), end), length);
        }
    }
}
