//! The academy's calendars: the `.ics` downloads parse with an independent parser
//! (Python's `icalendar`) with the right events at the right London times, the
//! secret feeds work without signing in and stop working when replaced, and nobody
//! reaches a calendar outside their reach.
//!
//! # Running
//!
//! The parser runs with the interpreter named by **`PATHWAY_PEER_PYTHON`**, which
//! `scripts/test` sets from `scripts/peer-venv` (its virtual environment has the
//! pinned `icalendar` of `scripts/peer-requirements.txt`). By hand:
//!
//! ```text
//! export PATHWAY_PEER_PYTHON="$(scripts/peer-venv | tail -n 1)"
//! cargo test -p pathway-web --test web academy_calendar::
//! ```
//!
//! As with the measures conformance tests, the parser tests fail (never skip) without
//! the variable.

use crate::support;

use std::path::PathBuf;
use std::process::Command;

use axum::http::{StatusCode, header};
use chrono::{NaiveTime, Utc};
use pathway_app::{AcademyRequest, ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::academy::{AcademyChange, Attendance, Delivery, Mark, Session, SessionKind};
use pathway_domain::access::UserRole;
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::ids::{CohortId, WorkerId};
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::values::Date;
use serde_json::Value;
use support::{Page, TestApp};

const COHORT: &str = "TEST-CAL-1";

/// A topic long enough to be folded, with accents, punctuation that TEXT escapes and
/// characters of three and four octets.
const LONG_TOPIC: &str = "Café, crèche; naïve “reflection” — Zürich, Łódź; Ærøskøbing: the \
    child's voice, their family's story; and a back\\slash 🙂";

const VENUE: &str = "Room 2, County Hall; east wing";

/// The demo practitioner's own worker record (a member of the test cohort) and a
/// colleague who is also a member.
struct Members {
    own: WorkerId,
    colleague: WorkerId,
}

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn time(text: &str) -> NaiveTime {
    text.parse().unwrap()
}

fn session(number: u16, day: &str, topic: &str, catches_up: Option<u16>) -> Session {
    Session {
        cohort_id: CohortId::parse(COHORT).unwrap(),
        number,
        kind: match (number, catches_up) {
            (_, Some(_)) => SessionKind::CatchUp,
            (1, None) => SessionKind::Induction,
            _ => SessionKind::Recall,
        },
        date: date(day),
        starts_at: time("09:30"),
        ends_at: time("16:00"),
        topic: topic.to_owned(),
        delivery: Delivery::FaceToFace,
        venue: VENUE.to_owned(),
        facilitator: "Dr. O'Neill, Academy team".to_owned(),
        required: catches_up.is_none(),
        catches_up,
    }
}

/// Makes the test's full-programme cohort through the import, with two members, and
/// its sessions through `change_academy`: one in winter (GMT), one in summer (BST),
/// and a catch-up of the first that the colleague needs (marked absent) and the
/// practitioner does not (marked present).
async fn cohort(app: &TestApp) -> Members {
    let workforce = &app.councils[0].1;
    let open: Vec<WorkerId> = workforce
        .employments
        .iter()
        .filter(|e| e.span().end().is_none())
        .map(|e| e.worker_id().clone())
        .collect();
    // The first open employment's worker is the demo practitioner (support/mod.rs).
    let own = open[0].clone();
    let colleague = open
        .iter()
        .find(|w| **w != own && !in_first_team(app, w))
        .expect("someone in post who never worked in the first team")
        .clone();
    import_cohort(app, COHORT, &[&own, &colleague]).await;
    let cohort_id = CohortId::parse(COHORT).unwrap();
    let mark = |worker: &WorkerId, mark| {
        AcademyChange::PutAttendance(Attendance {
            cohort_id: cohort_id.clone(),
            session: 1,
            worker_id: worker.clone(),
            mark,
            recorded_by: "test".into(),
        })
    };
    let changes = vec![
        AcademyChange::PutSession(session(1, "2024-03-04", LONG_TOPIC, None)),
        AcademyChange::PutSession(session(2, "2024-06-03", "Recall day one", None)),
        AcademyChange::PutSession(session(3, "2024-03-20", LONG_TOPIC, Some(1))),
        mark(&own, Mark::Present),
        mark(&colleague, Mark::Absent),
    ];
    let request = AcademyRequest {
        actor: "test",
        action: "academy",
        description: "calendar test sessions",
        today: Utc::now().date_naive(),
    };
    pathway_app::change_academy(app.store.as_ref(), app.council(), request, None, changes)
        .await
        .unwrap();
    Members { own, colleague }
}

/// Whether a worker ever worked in the first team (the demo team manager's).
fn in_first_team(app: &TestApp, worker: &WorkerId) -> bool {
    let workforce = &app.councils[0].1;
    let team = &workforce.teams[0].id;
    workforce.employments.iter().any(|e| {
        e.worker_id() == worker
            && workforce
                .assignments
                .iter()
                .any(|a| &a.employment_id == e.id() && a.team_id.as_ref() == Some(team))
    })
}

/// Imports a full-programme cohort starting on 4 March 2024 with these members.
async fn import_cohort(app: &TestApp, id: &str, members: &[&WorkerId]) {
    let cohort_id = CohortId::parse(id).unwrap();
    let start = date("2024-03-04");
    let mut upload = Workforce::new(app.council());
    upload.cohorts.push(Cohort {
        id: cohort_id.clone(),
        name: "Spring 2024, calendar test; cohort".into(),
        programme: Programme::Full,
        start_date: start,
    });
    for worker in members {
        upload.academy_members.push(
            AcademyMember::new(
                cohort_id.clone(),
                (*worker).clone(),
                start,
                None,
                Some(AsyeOutcome::InProgress),
            )
            .unwrap(),
        );
    }
    let source = ImportSource {
        actor: "test",
        description: "calendar test cohort",
        action: "import",
        council_names: &[],
    };
    pathway_app::import(
        app.store.as_ref(),
        Upload::generated(vec![upload]),
        ImportMode::Write,
        source,
    )
    .await
    .unwrap();
}

fn cohort_path(rest: &str) -> String {
    format!("/academy/cohorts/{COHORT}{rest}")
}

fn member_path(worker: &WorkerId, rest: &str) -> String {
    format!("/academy/cohorts/{COHORT}/members/{worker}{rest}")
}

/// The parser's interpreter, from `PATHWAY_PEER_PYTHON`; fails the test when unset.
fn peer_python() -> PathBuf {
    let Some(python) = std::env::var_os("PATHWAY_PEER_PYTHON").filter(|value| !value.is_empty())
    else {
        panic!(
            "PATHWAY_PEER_PYTHON is not set, so Python's icalendar cannot check the .ics \
             files. Run the tests through scripts/test, or first: \
             export PATHWAY_PEER_PYTHON=\"$(scripts/peer-venv | tail -n 1)\""
        );
    };
    PathBuf::from(python)
}

/// Reads an iCalendar file with Python's `icalendar` and prints its events as JSON:
/// text as parsed, timed events' start and end in UTC (by the `TZID` and by the
/// file's own VTIMEZONE) and as London wall-clock times, all-day events' dates.
const PARSER: &str = r#"
import datetime, json, sys
import icalendar

calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")}
utc = datetime.timezone.utc

def as_utc(moment):
    return moment.astimezone(utc).strftime("%Y-%m-%dT%H:%M:%SZ")

events = []
for event in calendar.walk("VEVENT"):
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    item = {
        "uid": str(event["UID"]),
        "summary": str(event["SUMMARY"]),
        "location": str(event["LOCATION"]) if "LOCATION" in event else None,
        "description": str(event.get("DESCRIPTION", "")),
    }
    if isinstance(start, datetime.datetime):
        tzid = event["DTSTART"].params.get("TZID")
        own_zone = zones[tzid]
        item.update({
            "tzid": tzid,
            "start_utc": as_utc(start),
            "end_utc": as_utc(end),
            "start_local": start.strftime("%Y-%m-%dT%H:%M"),
            "start_utc_by_vtimezone": as_utc(start.replace(tzinfo=None).replace(tzinfo=own_zone)),
            "end_utc_by_vtimezone": as_utc(end.replace(tzinfo=None).replace(tzinfo=own_zone)),
        })
    else:
        item.update({"date": start.isoformat(), "end_date": end.isoformat()})
    events.append(item)
print(json.dumps({
    "name": str(calendar["X-WR-CALNAME"]),
    "version": str(calendar["VERSION"]),
    "method": str(calendar["METHOD"]),
    "events": events,
}))
"#;

/// Parses an iCalendar body with the independent parser.
fn parse(ics: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("calendar.ics");
    std::fs::write(&file, ics).unwrap();
    let script = dir.path().join("parse.py");
    std::fs::write(&script, PARSER).unwrap();
    let output = Command::new(peer_python())
        .arg(&script)
        .arg(&file)
        .output()
        .expect("the peer's python runs");
    assert!(
        output.status.success(),
        "icalendar could not read the file: {}\n{ics}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn event<'a>(calendar: &'a Value, uid: &str) -> &'a Value {
    calendar["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["uid"] == uid)
        .unwrap_or_else(|| panic!("no event {uid} in {calendar:#}"))
}

fn assert_calendar_response(page: &Page) {
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.headers[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
}

#[tokio::test]
async fn the_cohort_calendar_parses_with_icalendar_with_its_sessions_at_london_times() {
    let app = TestApp::new().await;
    cohort(&app).await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let page = coordinator.get(&cohort_path("/calendar.ics")).await;
    assert_calendar_response(&page);
    let disposition = page.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    // Lines end in CRLF and none is longer than 75 octets.
    assert!(page.body.ends_with("\r\n"));
    assert!(
        page.body
            .split_terminator("\r\n")
            .all(|line| line.len() <= 75 && !line.contains('\n'))
    );
    assert!(
        page.body.contains("\r\n "),
        "the long topic should be folded"
    );

    let calendar = parse(&page.body);
    assert_eq!(calendar["version"], "2.0");
    assert_eq!(calendar["method"], "PUBLISH");
    assert_eq!(calendar["name"], "Spring 2024, calendar test; cohort");
    assert_eq!(calendar["events"].as_array().unwrap().len(), 3);

    let council = app.council();
    let winter = event(&calendar, &format!("session-{council}-{COHORT}-1@pathway"));
    assert_eq!(winter["tzid"], "Europe/London");
    assert_eq!(winter["start_local"], "2024-03-04T09:30");
    assert_eq!(winter["start_utc"], "2024-03-04T09:30:00Z");
    assert_eq!(winter["end_utc"], "2024-03-04T16:00:00Z");
    assert_eq!(winter["start_utc_by_vtimezone"], "2024-03-04T09:30:00Z");
    assert_eq!(winter["summary"], LONG_TOPIC);
    assert_eq!(winter["location"], VENUE);
    let description = winter["description"].as_str().unwrap();
    assert!(
        description.contains("Induction day (session 1)")
            && description.contains("Delivery: Face to face")
            && description.contains("Facilitator: Dr. O'Neill, Academy team"),
        "{description}"
    );

    let summer = event(&calendar, &format!("session-{council}-{COHORT}-2@pathway"));
    assert_eq!(summer["start_local"], "2024-06-03T09:30");
    assert_eq!(summer["start_utc"], "2024-06-03T08:30:00Z");
    assert_eq!(summer["end_utc"], "2024-06-03T15:00:00Z");
    assert_eq!(summer["start_utc_by_vtimezone"], "2024-06-03T08:30:00Z");
    assert_eq!(summer["end_utc_by_vtimezone"], "2024-06-03T15:00:00Z");

    let catch_up = event(&calendar, &format!("session-{council}-{COHORT}-3@pathway"));
    assert_eq!(catch_up["summary"], format!("Catch-up: {LONG_TOPIC}"));
    assert_eq!(catch_up["start_utc"], "2024-03-20T09:30:00Z");
}

#[tokio::test]
async fn a_members_calendar_has_their_sessions_and_asye_due_dates_as_all_day_events() {
    let app = TestApp::new().await;
    let members = cohort(&app).await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let council = app.council();

    // The colleague missed session 1, so their calendar holds its catch-up.
    let page = coordinator
        .get(&member_path(&members.colleague, "/calendar.ics"))
        .await;
    assert_calendar_response(&page);
    let calendar = parse(&page.body);
    let events = calendar["events"].as_array().unwrap();
    // Three sessions, the agreement and four reviews.
    assert_eq!(events.len(), 3 + 1 + 4, "{calendar:#}");
    event(&calendar, &format!("session-{council}-{COHORT}-3@pathway"));
    let agreement = events
        .iter()
        .find(|e| e["uid"].as_str().unwrap().ends_with("-agreement@pathway"))
        .unwrap();
    assert_eq!(agreement["date"], "2024-04-01");
    assert_eq!(agreement["end_date"], "2024-04-02");
    let three_month = events
        .iter()
        .find(|e| e["summary"] == "ASYE: 3-month review due")
        .unwrap();
    assert_eq!(three_month["date"], "2024-06-04");
    let last = events
        .iter()
        .find(|e| e["summary"] == "ASYE: Final review due")
        .unwrap();
    assert_eq!(last["date"], "2025-03-04");

    // The practitioner was present, so no catch-up in theirs.
    let page = coordinator
        .get(&member_path(&members.own, "/calendar.ics"))
        .await;
    let calendar = parse(&page.body);
    assert_eq!(calendar["events"].as_array().unwrap().len(), 2 + 1 + 4);

    // A download of a member's calendar is a view of their record.
    let audit = app.store.audit_trail(council, 5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entry.action == "view academy calendar"
                && e.entry.detail.contains(members.own.as_str())),
        "{audit:?}"
    );
}

/// The subscription link shown after making one, from the page.
fn feed_url(page: &Page) -> String {
    let marker = "id=\"feed-url\">";
    let start = page.body.find(marker).expect("the new link on the page") + marker.len();
    page.body[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_feed_link_works_without_signing_in_until_it_is_replaced() {
    let app = TestApp::new().await;
    let members = cohort(&app).await;
    let council = app.council();
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let page = coordinator.get(&cohort_path("/calendar-feed")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Create a new subscription link"));
    assert!(!page.body.contains("id=\"feed-url\""));

    let made = coordinator
        .post_form(
            &cohort_path("/calendar-feed"),
            &[("csrf_token", &page.form_token())],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert_eq!(made.headers[header::CACHE_CONTROL], "no-store");
    let first = feed_url(&made);
    let path = first
        .strip_prefix("http://pathway.test")
        .unwrap_or_else(|| panic!("a full address from the Host header: {first}"))
        .to_owned();
    assert!(
        path.starts_with("/calendar/") && path.ends_with(".ics"),
        "{path}"
    );

    // No cookie: a calendar program.
    let before = app.store.audit_trail(council, 1000).await.unwrap().len();
    let mut program = app.client();
    let feed = program.get(&path).await;
    assert_calendar_response(&feed);
    assert!(feed.body.contains("BEGIN:VCALENDAR"));
    assert_eq!(feed.body.matches("BEGIN:VEVENT").count(), 3);
    // Polling writes nothing to the audit trail; making the link did.
    let trail = app.store.audit_trail(council, 1000).await.unwrap();
    assert_eq!(trail.len(), before);
    assert!(
        trail
            .iter()
            .any(|e| e.entry.action == "calendar feed" && e.entry.detail.contains(COHORT))
    );

    // A moved session moves in the feed.
    let moved = Session {
        date: date("2024-06-10"),
        ..session(2, "2024-06-03", "Recall day one", None)
    };
    let request = AcademyRequest {
        actor: "test",
        action: "academy",
        description: "moved",
        today: Utc::now().date_naive(),
    };
    pathway_app::change_academy(
        app.store.as_ref(),
        council,
        request,
        None,
        vec![AcademyChange::PutSession(moved)],
    )
    .await
    .unwrap();
    let feed = program.get(&path).await;
    assert!(
        feed.body
            .contains("DTSTART;TZID=Europe/London:20240610T093000")
    );

    // Replacing the link: the old one stops working, the new one works.
    let page = coordinator.get(&cohort_path("/calendar-feed")).await;
    let remade = coordinator
        .post_form(
            &cohort_path("/calendar-feed"),
            &[("csrf_token", &page.form_token())],
        )
        .await;
    let second = feed_url(&remade);
    assert_ne!(first, second);
    assert_eq!(program.get(&path).await.status, StatusCode::NOT_FOUND);
    let new_path = second.strip_prefix("http://pathway.test").unwrap();
    assert_calendar_response(&program.get(new_path).await);

    // A member's feed is separate from the cohort's.
    let page = coordinator
        .get(&member_path(&members.colleague, "/calendar-feed"))
        .await;
    let made = coordinator
        .post_form(
            &member_path(&members.colleague, "/calendar-feed"),
            &[("csrf_token", &page.form_token())],
        )
        .await;
    let member_feed = feed_url(&made);
    let feed = program
        .get(member_feed.strip_prefix("http://pathway.test").unwrap())
        .await;
    assert_calendar_response(&feed);
    assert!(feed.body.contains("ASYE: 3-month review due"));
    assert_calendar_response(&program.get(new_path).await);

    // Unknown tokens and other names are not found.
    for bad in [
        format!("/calendar/{}.ics", "0".repeat(64)),
        "/calendar/not-a-token.ics".to_owned(),
        path.trim_end_matches(".ics").to_owned(),
    ] {
        assert_eq!(
            program.get(&bad).await.status,
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn a_feed_link_needs_the_form_token() {
    let app = TestApp::new().await;
    cohort(&app).await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let refused = coordinator
        .post_form(&cohort_path("/calendar-feed"), &[("csrf_token", "wrong")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("feed-url"));
}

#[tokio::test]
async fn a_practitioner_reaches_only_their_own_member_calendar() {
    let app = TestApp::new().await;
    let members = cohort(&app).await;
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;

    // Their own calendar and feed.
    assert_calendar_response(
        &practitioner
            .get(&member_path(&members.own, "/calendar.ics"))
            .await,
    );
    let page = practitioner
        .get(&member_path(&members.own, "/calendar-feed"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let made = practitioner
        .post_form(
            &member_path(&members.own, "/calendar-feed"),
            &[("csrf_token", &page.form_token())],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    feed_url(&made);

    // Not a colleague's: not found, as if there were no such member.
    for path in [
        member_path(&members.colleague, "/calendar.ics"),
        member_path(&members.colleague, "/calendar-feed"),
    ] {
        let page = practitioner.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    let token = page.form_token();
    let refused = practitioner
        .post_form(
            &member_path(&members.colleague, "/calendar-feed"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // The cohort's sessions, as a member, but not the cohort's shared link: that is
    // the academy's to make.
    assert_calendar_response(&practitioner.get(&cohort_path("/calendar.ics")).await);
    let page = practitioner.get(&cohort_path("/calendar-feed")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Create a new subscription link"));
    assert!(
        page.body
            .contains(&member_path(&members.own, "/calendar-feed"))
    );
    let refused = practitioner
        .post_form(&cohort_path("/calendar-feed"), &[("csrf_token", &token)])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_cohort_calendar_is_not_found_for_those_who_reach_none_of_its_members() {
    let app = TestApp::new().await;
    let members = cohort(&app).await;
    // A second cohort whose only member never worked in the team manager's team.
    import_cohort(&app, "TEST-CAL-2", &[&members.colleague]).await;
    let mut manager = app.signed_in(UserRole::TeamManager).await;
    for path in [
        "/academy/cohorts/TEST-CAL-2/calendar.ics".to_owned(),
        "/academy/cohorts/TEST-CAL-2/calendar-feed".to_owned(),
        member_path(&members.colleague, "/calendar.ics"),
    ] {
        assert_eq!(
            manager.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    assert_calendar_response(
        &coordinator
            .get("/academy/cohorts/TEST-CAL-2/calendar.ics")
            .await,
    );
    assert_eq!(
        coordinator
            .get("/academy/cohorts/NO-SUCH/calendar.ics")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Nobody signed in is sent to sign in; a viewer has no academy.
    let mut anonymous = app.client();
    let page = anonymous.get(&cohort_path("/calendar.ics")).await;
    assert_eq!(page.location.as_deref(), Some("/sign-in"));
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    assert_eq!(
        viewer.get(&cohort_path("/calendar.ics")).await.status,
        StatusCode::FORBIDDEN
    );

    // Another council's academy coordinator does not find this council's cohort.
    pathway_app::accounts::add_user_with_password(
        app.store.as_ref(),
        Some(app.other_council()),
        "academy@other.example",
        UserRole::AcademyCoordinator,
        None,
        Vec::new(),
        support::PASSWORD,
    )
    .await
    .unwrap();
    let mut other = app.client();
    other
        .sign_in("academy@other.example", support::PASSWORD)
        .await;
    for path in [cohort_path("/calendar.ics"), cohort_path("/calendar-feed")] {
        assert_eq!(
            other.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}
