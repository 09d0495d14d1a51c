//! The audit log: every import, export and view of the council's records, newest
//! first, searchable. Read-only: nothing here changes or deletes an entry.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use pathway_app::AuditEvent;
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::page::{FieldError, Page};
use crate::session::SignedIn;

/// Entries per page.
const PER_PAGE: usize = 100;

/// The most entries searched: the newest ones. (Searching in the database is the
/// next step, for councils whose log outgrows this.)
const SEARCHED: u32 = 10_000;

/// The search form's fields, all optional.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    who: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    record: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: String,
}

/// One entry, as a row of the table.
#[derive(Debug)]
struct EntryRow {
    datetime: String,
    when: String,
    who: String,
    action: String,
    detail: String,
}

impl From<&AuditEvent> for EntryRow {
    fn from(event: &AuditEvent) -> Self {
        Self {
            datetime: event.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            when: event.at.format("%-d %b %Y %H:%M:%S UTC").to_string(),
            who: event.entry.actor.clone(),
            action: event.entry.action.clone(),
            detail: event.entry.detail.clone(),
        }
    }
}

/// One choice of the action list.
#[derive(Debug)]
struct ActionChoice {
    value: String,
    selected: bool,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "audit.html")]
/// The audit log page.
pub struct AuditPage {
    page: Page,
    errors: Vec<FieldError>,
    who: String,
    action: String,
    record: String,
    from: String,
    to: String,
    from_error: Option<String>,
    to_error: Option<String>,
    actions: Vec<ActionChoice>,
    entries: Vec<EntryRow>,
    matched: usize,
    first: usize,
    last: usize,
    page_number: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
    searched_all: bool,
    filtered: bool,
}

/// A date typed in the form: empty means none.
fn date(text: &str, which: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("The ‘{which}’ date must be a real date, like 2024-09-30"))
}

fn contains(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// The search, checked.
#[derive(Debug)]
struct Search<'a> {
    who: &'a str,
    action: &'a str,
    record: &'a str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Search<'_> {
    fn matches(&self, event: &AuditEvent) -> bool {
        let day = event.at.date_naive();
        contains(&event.entry.actor, self.who)
            && (self.action.is_empty() || event.entry.action == self.action)
            && contains(&event.entry.detail, self.record)
            && self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
    }
}

/// `GET /audit`: the council's audit log, searched.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<AuditQuery>,
) -> Result<AuditPage, WebError> {
    let council = signed_in.user.council.ok_or(WebError::Forbidden)?;
    let trail = state.store.audit_trail(council, SEARCHED).await?;

    let mut errors = Vec::new();
    let from = date(&query.from, "from").unwrap_or_else(|message| {
        errors.push(FieldError {
            field: "from",
            message,
        });
        None
    });
    let mut to = date(&query.to, "to").unwrap_or_else(|message| {
        errors.push(FieldError {
            field: "to",
            message,
        });
        None
    });
    if let (Some(from), Some(until)) = (from, to)
        && until < from
    {
        errors.push(FieldError {
            field: "to",
            message: "The ‘to’ date must be the same as or after the ‘from’ date".to_owned(),
        });
        to = None;
    }
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|error| error.field == field)
            .map(|error| error.message.clone())
    };
    let from_error = error_for("from");
    let to_error = error_for("to");

    let search = Search {
        who: query.who.trim(),
        action: query.action.trim(),
        record: query.record.trim(),
        from,
        to,
    };
    let seen: BTreeSet<&str> = trail
        .iter()
        .map(|event| event.entry.action.as_str())
        .collect();
    let actions = seen
        .into_iter()
        .map(|action| ActionChoice {
            value: action.to_owned(),
            selected: action == search.action,
        })
        .collect();
    let matching: Vec<&AuditEvent> = trail.iter().filter(|event| search.matches(event)).collect();
    let matched = matching.len();
    let pages = matched.div_ceil(PER_PAGE).max(1);
    let page_number = query
        .page
        .trim()
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, pages);
    let start = (page_number - 1) * PER_PAGE;
    let entries: Vec<EntryRow> = matching
        .iter()
        .skip(start)
        .take(PER_PAGE)
        .map(|event| EntryRow::from(*event))
        .collect();
    let link = |number: usize| {
        let number = number.to_string();
        let pairs = [
            ("who", query.who.as_str()),
            ("action", query.action.as_str()),
            ("record", query.record.as_str()),
            ("from", query.from.as_str()),
            ("to", query.to.as_str()),
            ("page", number.as_str()),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(name, value)| format!("{name}={}", encode(value.trim())))
            .collect();
        format!("/audit?{}", query.join("&"))
    };
    let filtered = [
        &query.who,
        &query.action,
        &query.record,
        &query.from,
        &query.to,
    ]
    .iter()
    .any(|value| !value.trim().is_empty());
    Ok(AuditPage {
        page: Page::for_user(&signed_in, "/audit"),
        who: query.who.clone(),
        action: search.action.to_owned(),
        record: query.record.clone(),
        from: query.from.clone(),
        to: query.to.clone(),
        from_error,
        to_error,
        actions,
        first: if entries.is_empty() { 0 } else { start + 1 },
        last: start + entries.len(),
        entries,
        matched,
        page_number,
        pages,
        previous: (page_number > 1).then(|| link(page_number - 1)),
        next: (page_number < pages).then(|| link(page_number + 1)),
        searched_all: trail.len() < SEARCHED as usize,
        filtered,
        errors,
    })
}

/// Percent-encodes a query value.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }

    #[test]
    fn dates_must_be_real_and_written_year_first() {
        assert_eq!(
            date("2024-02-29", "from"),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29))
        );
        assert_eq!(date("  ", "from"), Ok(None));
        assert!(date("2023-02-29", "from").is_err());
        assert!(date("29/02/2024", "to").is_err());
    }
}
