//! Checked values: each is parsed once at the boundary, so code that holds one knows
//! it is valid.

use std::fmt;

use chrono::NaiveDate;

/// A calendar date; the bulk format writes it `YYYY-MM-DD`.
pub type Date = NaiveDate;

/// Why a cell's text is not the value its column needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not an ISO 8601 calendar date.
    #[error("expected a date written YYYY-MM-DD, found {0:?}")]
    Date(String),
    /// Not one of the accepted spellings of yes or no.
    #[error("expected true/false, yes/no, y/n or 1/0, found {0:?}")]
    Boolean(String),
    /// Not a whole number of zero or more.
    #[error("expected a whole number of 0 or more, found {0:?}")]
    Count(String),
    /// Not a number, or not a finite one.
    #[error("expected a number such as 0.8, found {0:?}")]
    Number(String),
    /// A full-time equivalent outside (0, 1].
    #[error("FTE must be more than 0 and at most 1, found {0}")]
    FteOutOfRange(String),
    /// A negative number of days.
    #[error("working days lost must be 0 or more, found {0}")]
    NegativeDays(String),
    /// Not `SW` followed by digits without a leading zero.
    #[error(
        "expected a Social Work England number: SW followed by digits, not starting with 0 (e.g. SW123456), found {0:?}"
    )]
    SweNumber(String),
    /// An end date before its start date.
    #[error("the end date {end} is before the start date {start}")]
    EndBeforeStart {
        /// The start date.
        start: Date,
        /// The end date.
        end: Date,
    },
}

/// Parses a date written exactly `YYYY-MM-DD` (surrounding spaces ignored).
pub fn parse_date(text: &str) -> Result<Date, ValueError> {
    let trimmed = text.trim();
    let bytes = trimmed.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(ValueError::Date(text.to_owned()));
    }
    // The shape is checked, so the fields are digits: build the date from them
    // directly, which is several times faster than a format-string parser on
    // millions of caseload rows.
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let year = i32::try_from(number(0..4)).map_err(|_| ValueError::Date(text.to_owned()))?;
    NaiveDate::from_ymd_opt(year, number(5..7), number(8..10))
        .ok_or_else(|| ValueError::Date(text.to_owned()))
}

/// Parses a boolean: `true/false`, `yes/no`, `y/n` or `1/0`, in any case.
pub fn parse_bool(text: &str) -> Result<bool, ValueError> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Ok(true),
        "false" | "no" | "n" | "0" => Ok(false),
        _ => Err(ValueError::Boolean(text.to_owned())),
    }
}

/// Parses a count: a whole number of zero or more.
pub fn parse_count(text: &str) -> Result<u32, ValueError> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValueError::Count(text.to_owned()));
    }
    digits
        .parse()
        .map_err(|_| ValueError::Count(text.to_owned()))
}

fn parse_number(text: &str) -> Result<f64, ValueError> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| ValueError::Number(text.to_owned()))?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ValueError::Number(text.to_owned()))
    }
}

/// `date` plus whole months; a day that the later month lacks becomes its last day
/// (31 January plus one month is 28 or 29 February).
pub fn add_months(date: Date, months: u32) -> Date {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(Date::MAX)
}

/// Serialises a checked value as its text, and parses it back with its own checks,
/// so a JSON file can hold nothing a CSV cell could not.
macro_rules! serde_as_text {
    ($name:ty) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                <$name>::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_as_text;

/// A full-time equivalent: more than 0 and at most 1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Fte(f64);

impl Fte {
    /// A full-time post.
    pub const FULL: Fte = Fte(1.0);

    /// Parses a decimal FTE in (0, 1].
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        Self::new(parse_number(text)?)
            .map_err(|_| ValueError::FteOutOfRange(text.trim().to_owned()))
    }

    /// Checks a number is in (0, 1].
    pub fn new(value: f64) -> Result<Self, ValueError> {
        if value > 0.0 && value <= 1.0 {
            Ok(Self(value))
        } else {
            Err(ValueError::FteOutOfRange(value.to_string()))
        }
    }

    /// The FTE as a number.
    pub fn value(self) -> f64 {
        self.0
    }
}

impl fmt::Display for Fte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

serde_as_text!(Fte);

/// Working days lost to an absence: a decimal of zero or more (half days and
/// part-time days are fractions).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct WorkingDays(f64);

impl WorkingDays {
    /// Parses a decimal of zero or more.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        Self::new(parse_number(text)?).map_err(|_| ValueError::NegativeDays(text.trim().to_owned()))
    }

    /// Checks a number is zero or more.
    pub fn new(value: f64) -> Result<Self, ValueError> {
        if value >= 0.0 && value.is_finite() {
            // Normalise -0.0 so that equal values compare and print the same.
            Ok(Self(value + 0.0))
        } else {
            Err(ValueError::NegativeDays(value.to_string()))
        }
    }

    /// The number of days.
    pub fn value(self) -> f64 {
        self.0
    }
}

impl fmt::Display for WorkingDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A Social Work England registration number: `SW` followed by digits, the first of
/// which is not 0.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SweNumber(String);

impl SweNumber {
    /// Parses `SW` + digits; the prefix may be in any case and is stored upper-case.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let trimmed = text.trim();
        let well_formed = trimmed.len() >= 3
            && trimmed.len() <= 12
            && trimmed.is_char_boundary(2)
            && trimmed[..2].eq_ignore_ascii_case("SW")
            && trimmed[2..].bytes().all(|b| b.is_ascii_digit())
            && !trimmed[2..].starts_with('0');
        if well_formed {
            Ok(Self(format!("SW{}", &trimmed[2..])))
        } else {
            Err(ValueError::SweNumber(text.to_owned()))
        }
    }

    /// The number as registered, e.g. `SW123456`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SweNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

serde_as_text!(SweNumber);

/// A period from a start date to an optional, inclusive end date that is never
/// before the start. No end means it is still going on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    start: Date,
    end: Option<Date>,
}

impl Span {
    /// Checks that `end`, if any, is on or after `start`.
    pub fn new(start: Date, end: Option<Date>) -> Result<Self, ValueError> {
        match end {
            Some(end) if end < start => Err(ValueError::EndBeforeStart { start, end }),
            _ => Ok(Self { start, end }),
        }
    }

    /// The first day.
    pub fn start(self) -> Date {
        self.start
    }

    /// The last day, if it has ended.
    pub fn end(self) -> Option<Date> {
        self.end
    }

    /// Whether the span includes `date`.
    pub fn covers(self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| end >= date)
    }

    /// Whether the two spans share at least one day.
    pub fn overlaps(self, other: Span) -> bool {
        let self_before_other = self.end.is_some_and(|end| end < other.start);
        let other_before_self = other.end.is_some_and(|end| end < self.start);
        !(self_before_other || other_before_self)
    }

    /// Whether `inner` lies wholly within this span.
    pub fn contains(self, inner: Span) -> bool {
        inner.start >= self.start
            && match (self.end, inner.end) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(outer_end), Some(inner_end)) => inner_end <= outer_end,
            }
    }

    /// The number of calendar days it covers, counting both ends, if it has ended.
    pub fn calendar_days(self) -> Option<i64> {
        self.end.map(|end| (end - self.start).num_days() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    #[test]
    fn dates_must_be_iso_calendar_dates() {
        assert_eq!(
            date(" 2024-09-30 "),
            NaiveDate::from_ymd_opt(2024, 9, 30).unwrap()
        );
        for bad in [
            "2024-9-30",
            "30/09/2024",
            "2024-02-30",
            "2024-13-01",
            "",
            "20240930",
            "2024-09-30T00",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(ValueError::Date(bad.to_owned())),
                "{bad}"
            );
        }
    }

    #[test]
    fn booleans_accept_the_spec_spellings_in_any_case() {
        for yes in ["true", "YES", "y", "1", " True "] {
            assert_eq!(parse_bool(yes), Ok(true));
        }
        for no in ["false", "No", "N", "0"] {
            assert_eq!(parse_bool(no), Ok(false));
        }
        assert!(parse_bool("maybe").is_err());
    }

    #[test]
    fn counts_are_whole_numbers_of_zero_or_more() {
        assert_eq!(parse_count("0"), Ok(0));
        assert_eq!(parse_count(" 27 "), Ok(27));
        for bad in ["-1", "2.5", "", "ten"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fte_must_be_above_zero_and_at_most_one() {
        assert_eq!(Fte::parse("0.81").unwrap().value(), 0.81);
        assert_eq!(Fte::parse("1").unwrap(), Fte::FULL);
        assert_eq!(Fte::parse("0"), Err(ValueError::FteOutOfRange("0".into())));
        assert_eq!(
            Fte::parse("1.2"),
            Err(ValueError::FteOutOfRange("1.2".into()))
        );
        assert_eq!(Fte::parse("NaN"), Err(ValueError::Number("NaN".into())));
        assert_eq!(Fte::parse("full"), Err(ValueError::Number("full".into())));
    }

    #[test]
    fn working_days_may_be_fractions_but_not_negative() {
        assert_eq!(WorkingDays::parse("0.5").unwrap().value(), 0.5);
        assert!(WorkingDays::parse("-1").is_err());
    }

    #[test]
    fn swe_numbers_are_sw_and_digits_without_a_leading_zero() {
        assert_eq!(SweNumber::parse("SW123456").unwrap().as_str(), "SW123456");
        assert_eq!(SweNumber::parse("sw98").unwrap().as_str(), "SW98");
        for bad in [
            "SW0123",
            "SW",
            "123456",
            "SX123",
            "SW12a",
            "SW 123",
            "SW12345678901",
        ] {
            assert!(SweNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn spans_refuse_an_end_before_the_start() {
        let error = Span::new(date("2024-01-02"), Some(date("2024-01-01"))).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the end date 2024-01-01 is before the start date 2024-01-02"
        );
        assert!(Span::new(date("2024-01-02"), Some(date("2024-01-02"))).is_ok());
    }

    #[test]
    fn spans_know_overlap_and_containment() {
        let year = Span::new(date("2024-01-01"), Some(date("2024-12-31"))).unwrap();
        let open = Span::new(date("2024-06-01"), None).unwrap();
        let after = Span::new(date("2025-01-01"), None).unwrap();
        assert!(year.overlaps(open));
        assert!(!year.overlaps(after));
        assert!(open.contains(after));
        assert!(!year.contains(open));
        assert!(year.covers(date("2024-12-31")));
        assert!(!year.covers(date("2025-01-01")));
        assert_eq!(year.calendar_days(), Some(366));
    }
}
