//! The academy's calendars as iCalendar (RFC 5545) files: a cohort's sessions, or one
//! member's sessions with their ASYE due dates, for the `.ics` downloads, the secret
//! feeds calendar programs subscribe to, and `pathway academy calendar`.
//!
//! Pure functions: the caller passes the records and the time of writing (DTSTAMP).
//! Session times are London wall-clock times, written with `TZID=Europe/London` and
//! the zone's own VTIMEZONE, so a calendar program shows 09:30 in winter and in summer.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveTime, Utc};
use pathway_domain::CouncilCode;
use pathway_domain::academy::asye::ReviewKind;
use pathway_domain::academy::{Academy, CalendarScope, Delivery, Mark, Session, SessionKind};
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::values::Date;
use pathway_domain::{Workforce, ids::WorkerId};

/// The time zone of every session.
pub const TIME_ZONE: &str = "Europe/London";

/// The Content-Type of a calendar file.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// The longest line, in octets without its CRLF (RFC 5545 3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Europe/London since 1996: GMT in winter, BST (+01:00) from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC (02:00 BST) on the last Sunday of October.
const LONDON: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "X-LIC-LOCATION:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// When an event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTime {
    /// From one London time to another on a day.
    Timed {
        /// The day.
        date: Date,
        /// Start, London time.
        starts_at: NaiveTime,
        /// End, London time.
        ends_at: NaiveTime,
    },
    /// The whole of a day: a due date.
    AllDay(Date),
}

/// One event of a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across downloads, so a calendar program updates a moved session
    /// instead of adding a second one.
    pub uid: String,
    /// The title.
    pub summary: String,
    /// Where, if anywhere.
    pub location: Option<String>,
    /// The details.
    pub description: String,
    /// When.
    pub time: EventTime,
}

/// A calendar: its name and its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The name calendar programs show (X-WR-CALNAME).
    pub name: String,
    /// The events, in time order.
    pub events: Vec<Event>,
}

/// A UID part: the council's ID with anything but letters, digits, `.`, `_` and `-`
/// percent-encoded, so IDs with spaces or `@` still make one unambiguous UID.
fn uid_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn kind_label(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Induction => "Induction day",
        SessionKind::Recall => "Recall day",
        SessionKind::CatchUp => "Catch-up session",
    }
}

fn delivery_label(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::FaceToFace => "Face to face",
        Delivery::Online => "Online",
    }
}

/// A session as an event. The UID names the council, cohort and session number, so a
/// moved session keeps its UID and moves in every calendar.
pub fn session_event(council: CouncilCode, session: &Session) -> Event {
    let summary = match session.kind {
        SessionKind::CatchUp => format!("Catch-up: {}", session.topic.trim()),
        _ => session.topic.trim().to_owned(),
    };
    let mut description = format!("{} (session {})", kind_label(session.kind), session.number);
    if let Some(original) = session.catches_up {
        let _ = write!(description, "\nFor members who missed session {original}");
    }
    let _ = write!(
        description,
        "\nDelivery: {}",
        delivery_label(session.delivery)
    );
    if !session.facilitator.trim().is_empty() {
        let _ = write!(description, "\nFacilitator: {}", session.facilitator.trim());
    }
    if !session.required {
        description.push_str("\nOptional: not needed to complete the programme");
    }
    Event {
        uid: format!(
            "session-{council}-{}-{}@pathway",
            uid_part(session.cohort_id.as_str()),
            session.number
        ),
        summary,
        location: Some(session.venue.trim().to_owned()).filter(|venue| !venue.is_empty()),
        description,
        time: EventTime::Timed {
            date: session.date,
            starts_at: session.starts_at,
            ends_at: session.ends_at,
        },
    }
}

fn in_time_order(mut events: Vec<Event>) -> Vec<Event> {
    let key = |event: &Event| match event.time {
        EventTime::AllDay(date) => (date, NaiveTime::MIN, event.uid.clone()),
        EventTime::Timed {
            date, starts_at, ..
        } => (date, starts_at, event.uid.clone()),
    };
    events.sort_by_key(key);
    events
}

/// A cohort's calendar: every session, catch-ups included.
pub fn cohort_calendar(council: CouncilCode, cohort: &Cohort, academy: &Academy) -> Calendar {
    let events = academy
        .sessions_of(&cohort.id)
        .into_iter()
        .map(|session| session_event(council, session))
        .collect();
    Calendar {
        name: cohort.name.clone(),
        events: in_time_order(events),
    }
}

/// Whether a member's calendar holds a session: every induction and recall session,
/// and a catch-up only when they were not marked present at the session it makes up
/// for (not yet marked counts as missed, so a catch-up arranged for someone whose
/// register is still open shows too).
fn attends(academy: &Academy, member: &AcademyMember, session: &Session) -> bool {
    let Some(original) = session.catches_up else {
        return true;
    };
    !academy.attendance.iter().any(|mark| {
        mark.cohort_id == session.cohort_id
            && mark.session == original
            && &mark.worker_id == member.worker_id()
            && mark.mark == Mark::Present
    })
}

/// Whether a member has an ASYE: a full-programme cohort, and not marked not
/// applicable (the rule the academy's changes use).
pub fn has_asye(cohort: &Cohort, member: &AcademyMember) -> bool {
    cohort.programme == Programme::Full && member.asye_outcome() != Some(AsyeOutcome::NotApplicable)
}

/// One member's calendar: the sessions they should attend (see [`attends`]) and, when
/// they have an ASYE, its due dates as all-day events: the support and assessment
/// agreement and every review (the optional 9-month one says so).
pub fn member_calendar(
    council: CouncilCode,
    cohort: &Cohort,
    member: &AcademyMember,
    member_name: &str,
    academy: &Academy,
) -> Calendar {
    let mut events: Vec<Event> = academy
        .sessions_of(&cohort.id)
        .into_iter()
        .filter(|session| attends(academy, member, session))
        .map(|session| session_event(council, session))
        .collect();
    if has_asye(cohort, member) {
        let record = academy.asye_record(member);
        let uid = |what: &str| {
            format!(
                "asye-{council}-{}-{}-{what}@pathway",
                uid_part(cohort.id.as_str()),
                uid_part(member.worker_id().as_str())
            )
        };
        let assessor = if record.assessor.trim().is_empty() {
            String::new()
        } else {
            format!("\nAssessor: {}", record.assessor.trim())
        };
        events.push(Event {
            uid: uid("agreement"),
            summary: "ASYE: support and assessment agreement due".to_owned(),
            location: None,
            description: format!(
                "The support and assessment agreement is due within the first four weeks of the ASYE.{assessor}"
            ),
            time: EventTime::AllDay(record.agreement_due()),
        });
        for kind in ReviewKind::ALL {
            events.push(Event {
                uid: uid(kind.as_str()),
                summary: format!("ASYE: {} due", kind.label()),
                location: None,
                description: format!(
                    "The ASYE {} is due {} months after the ASYE started.{assessor}",
                    kind.label().to_lowercase(),
                    kind.months()
                ),
                time: EventTime::AllDay(record.review_due(*kind)),
            });
        }
    }
    let name = if member_name.trim().is_empty() {
        cohort.name.clone()
    } else {
        format!("{} – {}", cohort.name, member_name.trim())
    };
    Calendar {
        name,
        events: in_time_order(events),
    }
}

/// The calendar of a feed's or a download's scope, or `None` when its cohort (or its
/// member) is no longer there.
pub fn scope_calendar(
    workforce: &Workforce,
    academy: &Academy,
    scope: &CalendarScope,
) -> Option<Calendar> {
    let cohort = workforce
        .cohorts
        .iter()
        .find(|cohort| cohort.id == scope.cohort_id)?;
    match &scope.worker_id {
        None => Some(cohort_calendar(workforce.council, cohort, academy)),
        Some(worker) => {
            let member = find_member(workforce, &cohort.id, worker)?;
            Some(member_calendar(
                workforce.council,
                cohort,
                member,
                &member_name(workforce, worker),
                academy,
            ))
        }
    }
}

/// A cohort's member.
pub fn find_member<'w>(
    workforce: &'w Workforce,
    cohort: &pathway_domain::ids::CohortId,
    worker: &WorkerId,
) -> Option<&'w AcademyMember> {
    workforce
        .academy_members
        .iter()
        .find(|member| member.cohort_id() == cohort && member.worker_id() == worker)
}

/// A worker's name as a calendar shows it; their ID if they have no record.
pub fn member_name(workforce: &Workforce, worker: &WorkerId) -> String {
    workforce
        .workers
        .iter()
        .find(|w| &w.id == worker)
        .map_or_else(
            || worker.to_string(),
            |w| format!("{} {}", w.given_name, w.family_name),
        )
}

impl Calendar {
    /// The calendar as an iCalendar file: CRLF line ends, long lines folded.
    pub fn to_ics(&self, now: DateTime<Utc>) -> String {
        let mut out = String::new();
        let mut line = |text: &str| out.push_str(&fold(text));
        line("BEGIN:VCALENDAR");
        line("VERSION:2.0");
        line("PRODID:-//Pathway//Social work academy//EN");
        line("CALSCALE:GREGORIAN");
        line("METHOD:PUBLISH");
        line(&format!("X-WR-CALNAME:{}", escape_text(&self.name)));
        line(&format!("X-WR-TIMEZONE:{TIME_ZONE}"));
        // How often a subscribed calendar program should check for moved sessions.
        line("REFRESH-INTERVAL;VALUE=DURATION:PT6H");
        line("X-PUBLISHED-TTL:PT6H");
        for text in LONDON {
            line(text);
        }
        let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
        for event in &self.events {
            line("BEGIN:VEVENT");
            line(&format!("UID:{}", escape_text(&event.uid)));
            line(&format!("DTSTAMP:{stamp}"));
            match event.time {
                EventTime::Timed {
                    date,
                    starts_at,
                    ends_at,
                } => {
                    let at = |time: NaiveTime| date.and_time(time).format("%Y%m%dT%H%M%S");
                    line(&format!("DTSTART;TZID={TIME_ZONE}:{}", at(starts_at)));
                    line(&format!("DTEND;TZID={TIME_ZONE}:{}", at(ends_at)));
                }
                EventTime::AllDay(date) => {
                    line(&format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
                    let next = date.succ_opt().unwrap_or(date);
                    line(&format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
                    // A due date is a reminder, not time taken out of the day.
                    line("TRANSP:TRANSPARENT");
                }
            }
            line(&format!("SUMMARY:{}", escape_text(&event.summary)));
            if let Some(location) = &event.location {
                line(&format!("LOCATION:{}", escape_text(location)));
            }
            line(&format!("DESCRIPTION:{}", escape_text(&event.description)));
            line("END:VEVENT");
        }
        line("END:VCALENDAR");
        out
    }
}

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line
/// breaks; other control characters, which TEXT may not hold, are dropped.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF and a lone CR are one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line is longer than 75 octets (a
/// continuation starts with a space, which counts), never inside a UTF-8 character,
/// and ended with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
    out
}

/// A file name for a download, from IDs that may hold anything: letters, digits and
/// `-` kept, the rest becoming `-`.
pub fn file_name(parts: &[&str]) -> String {
    let joined = parts.join("-");
    let cleaned: String = joined
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{}.ics", cleaned.trim_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pathway_domain::ids::CohortId;

    fn time(hour: u32, minute: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
    }

    fn session(number: u16, date: &str, catches_up: Option<u16>) -> Session {
        Session {
            cohort_id: CohortId::parse("C 1").unwrap(),
            number,
            kind: if catches_up.is_some() {
                SessionKind::CatchUp
            } else {
                SessionKind::Induction
            },
            date: date.parse().unwrap(),
            starts_at: time(9, 30),
            ends_at: time(16, 30),
            topic: format!("Day {number}"),
            delivery: Delivery::FaceToFace,
            venue: "Room 1, County Hall".into(),
            facilitator: "Academy team".into(),
            required: catches_up.is_none(),
            catches_up,
        }
    }

    #[test]
    fn text_values_escape_backslashes_semicolons_commas_and_line_breaks() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("tab\there\u{7}"), "tab here");
        assert_eq!(escape_text("Café: ok"), "Café: ok");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("SUMMARY:Short"), "SUMMARY:Short\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_and_unfold_to_the_same_text() {
        let text = format!("SUMMARY:{}", "Long topic, with words ".repeat(12));
        let folded = fold(&text);
        for physical in folded.split_terminator("\r\n") {
            assert!(physical.len() <= 75, "{physical:?} is {}", physical.len());
        }
        assert_eq!(
            folded.replace("\r\n ", "").strip_suffix("\r\n"),
            Some(&*text)
        );
        assert_eq!(folded.split_terminator("\r\n").next().unwrap().len(), 75);
    }

    #[test]
    fn folding_never_splits_a_multibyte_character() {
        // "é" is two octets and "€" three: place them across the 75-octet boundary.
        for prefix in 70..76 {
            let text = format!("{}é€ü{}", "a".repeat(prefix), "ö".repeat(60));
            let folded = fold(&text);
            for physical in folded.split_terminator("\r\n") {
                assert!(physical.len() <= 75);
                // Each physical line is valid UTF-8 on its own.
                assert!(std::str::from_utf8(physical.as_bytes()).is_ok());
            }
            assert_eq!(
                folded.replace("\r\n ", "").strip_suffix("\r\n"),
                Some(&*text)
            );
        }
    }

    #[test]
    fn a_calendar_has_crlf_lines_the_london_zone_and_one_event_per_session() {
        let council = CouncilCode::parse("888").unwrap();
        let cohort = Cohort {
            id: CohortId::parse("C 1").unwrap(),
            name: "March 2024, cohort; one".into(),
            programme: Programme::Full,
            start_date: "2024-03-04".parse().unwrap(),
        };
        let academy = Academy {
            sessions: vec![
                session(2, "2024-06-03", None),
                session(1, "2024-03-04", None),
                session(3, "2024-06-10", Some(1)),
            ],
            ..Academy::default()
        };
        let now = "2024-05-01T12:00:00Z".parse().unwrap();
        let ics = cohort_calendar(council, &cohort, &academy).to_ics(now);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(ics.contains("X-WR-CALNAME:March 2024\\, cohort\\; one\r\n"));
        assert!(ics.contains("TZID:Europe/London\r\n"));
        assert!(ics.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
        assert!(ics.contains("UID:session-888-C%201-1@pathway\r\n"));
        assert!(ics.contains("DTSTART;TZID=Europe/London:20240304T093000\r\n"));
        assert!(ics.contains("DTEND;TZID=Europe/London:20240603T163000\r\n"));
        assert!(ics.contains("SUMMARY:Catch-up: Day 3\r\n"));
        assert!(ics.contains("LOCATION:Room 1\\, County Hall\r\n"));
        assert!(ics.contains("DTSTAMP:20240501T120000Z\r\n"));
        // In time order: session 1 first.
        let first = ics.find("20240304T093000").unwrap();
        assert!(first < ics.find("20240603T093000").unwrap());
    }

    #[test]
    fn a_member_sees_a_catch_up_only_for_a_session_they_missed_and_their_asye_dates() {
        use pathway_domain::academy::Attendance;
        let council = CouncilCode::parse("888").unwrap();
        let cohort = Cohort {
            id: CohortId::parse("C 1").unwrap(),
            name: "March 2024".into(),
            programme: Programme::Full,
            start_date: "2024-03-04".parse().unwrap(),
        };
        let member = |worker: &str| {
            AcademyMember::new(
                cohort.id.clone(),
                WorkerId::parse(worker).unwrap(),
                "2024-03-04".parse().unwrap(),
                None,
                None,
            )
            .unwrap()
        };
        let mark = |worker: &str, mark| Attendance {
            cohort_id: cohort.id.clone(),
            session: 1,
            worker_id: WorkerId::parse(worker).unwrap(),
            mark,
            recorded_by: "academy".into(),
        };
        let academy = Academy {
            sessions: vec![
                session(1, "2024-03-04", None),
                session(2, "2024-03-20", Some(1)),
            ],
            attendance: vec![mark("W1", Mark::Present), mark("W2", Mark::Absent)],
            ..Academy::default()
        };
        let present = member_calendar(council, &cohort, &member("W1"), "Ann Lee", &academy);
        let absent = member_calendar(council, &cohort, &member("W2"), "Bo Ray", &academy);
        let sessions = |calendar: &Calendar| {
            calendar
                .events
                .iter()
                .filter(|e| e.uid.starts_with("session-"))
                .count()
        };
        assert_eq!(sessions(&present), 1);
        assert_eq!(sessions(&absent), 2);
        // The agreement (4 weeks) and four reviews, all day.
        let due: Vec<&Event> = absent
            .events
            .iter()
            .filter(|e| matches!(e.time, EventTime::AllDay(_)))
            .collect();
        assert_eq!(due.len(), 5);
        assert!(due.iter().any(|e| e.summary == "ASYE: 3-month review due"
            && e.time == EventTime::AllDay("2024-06-04".parse().unwrap())));
        assert_eq!(absent.name, "March 2024 – Bo Ray");
        let ics = absent.to_ics(Utc::now());
        assert!(ics.contains("DTSTART;VALUE=DATE:20240401\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20240402\r\n"));
    }

    #[test]
    fn an_experienced_starter_has_no_asye_dates() {
        let council = CouncilCode::parse("888").unwrap();
        let cohort = Cohort {
            id: CohortId::parse("S1").unwrap(),
            name: "Short".into(),
            programme: Programme::Short,
            start_date: "2024-03-04".parse().unwrap(),
        };
        let member = AcademyMember::new(
            cohort.id.clone(),
            WorkerId::parse("W1").unwrap(),
            "2024-03-04".parse().unwrap(),
            None,
            None,
        )
        .unwrap();
        let calendar = member_calendar(council, &cohort, &member, "", &Academy::default());
        assert!(calendar.events.is_empty());
        assert_eq!(calendar.name, "Short");
    }

    #[test]
    fn download_names_keep_only_safe_characters() {
        assert_eq!(file_name(&["cohort", "C 1/\"x\""]), "cohort-C-1--x.ics");
    }
}
