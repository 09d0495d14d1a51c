//! Candidates and recruitment events through the pages and the API: a candidate
//! becoming a worker and a starter in the measures, anonymising unsuccessful
//! candidates without changing a funnel, each event's funnel counts, who may see and
//! do what, and forms that keep what was typed.

use crate::support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Months, Utc};
use http_body_util::BodyExt;
use pathway_app::Store;
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::codes::{Contract, Role, StartOrigin};
use pathway_domain::ids::CandidateId;
use pathway_domain::measures::{MeasureOptions, compute};
use pathway_domain::records::RecruitmentEvent;
use pathway_domain::recruitment::candidates::anonymisation;
use pathway_domain::recruitment::events::funnel;
use pathway_domain::recruitment::{Candidate, CandidateStage, Recruitment};
use pathway_domain::values::{Date, parse_date};
use serde_json::{Value, json};
use support::{Client, Page, TestApp};
use tower::ServiceExt;

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn today() -> Date {
    Utc::now().date_naive()
}

fn months_ago(months: u32) -> Date {
    today().checked_sub_months(Months::new(months)).unwrap()
}

/// The three boxes of a date input named `name`.
fn date_fields(name: &str, date: Date) -> Vec<(String, String)> {
    use chrono::Datelike;
    vec![
        (format!("{name}-day"), date.day().to_string()),
        (format!("{name}-month"), date.month().to_string()),
        (format!("{name}-year"), date.year().to_string()),
    ]
}

async fn post(client: &mut Client, path: &str, fields: &[(String, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    client.post_form(path, &pairs).await
}

fn field(name: &str, value: impl Into<String>) -> (String, String) {
    (name.to_owned(), value.into())
}

/// The text of each cell of the table row with this id, tags removed.
fn row(page: &Page, id: &str) -> Vec<String> {
    let start = page
        .body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no row {id} on the page"));
    let rest = &page.body[start..];
    let end = rest.find("</tr>").unwrap();
    let mut cells = Vec::new();
    for piece in rest[..end].split("</t") {
        let Some(open) = piece.rfind("<t") else {
            continue;
        };
        let inner = &piece[open..];
        let Some(close) = inner.find('>') else {
            continue;
        };
        let mut text = String::new();
        let mut in_tag = false;
        for character in inner[close + 1..].chars() {
            match character {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        cells.push(text.trim().to_owned());
    }
    cells
}

/// The funnel's counts on an event's page: attendees, applications, offers, hires.
fn page_funnel(page: &Page) -> [String; 4] {
    ["attendees", "applications", "offers", "hires"]
        .map(|step| row(page, &format!("funnel-{step}"))[1].clone())
}

/// A candidate's fields as the "Add a candidate" form sends them.
struct NewCandidate<'a> {
    given_name: &'a str,
    family_name: &'a str,
    email: &'a str,
    source: &'a str,
    event: &'a str,
    applied_on: Date,
    start_date: Option<Date>,
    role: &'a str,
    team: &'a str,
    fte: &'a str,
    swe_number: &'a str,
    vacancy: &'a str,
}

impl Default for NewCandidate<'_> {
    fn default() -> Self {
        Self {
            given_name: "Ama",
            family_name: "Mensah",
            email: "ama.mensah@example.org",
            source: "advert",
            event: "",
            applied_on: date("2024-01-15"),
            start_date: None,
            role: "",
            team: "",
            fte: "",
            swe_number: "",
            vacancy: "",
        }
    }
}

/// Adds a candidate through the form and returns their ID.
async fn add_candidate(client: &mut Client, candidate: NewCandidate<'_>) -> CandidateId {
    let form = client.get("/recruitment/candidates/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let mut fields = vec![
        field("csrf_token", form.form_token()),
        field("given_name", candidate.given_name),
        field("family_name", candidate.family_name),
        field("email", candidate.email),
        field("phone", "01632 960 001"),
        field("source", candidate.source),
        field("event", candidate.event),
        field("placement", ""),
        field("vacancy", candidate.vacancy),
        field("stage", "applied"),
        field("swe_number", candidate.swe_number),
        field("role", candidate.role),
        field("team", candidate.team),
        field("fte", candidate.fte),
    ];
    fields.extend(date_fields("applied_on", candidate.applied_on));
    if let Some(start) = candidate.start_date {
        fields.extend(date_fields("start_date", start));
    }
    let added = post(client, "/recruitment/candidates/new", &fields).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let location = added.location.unwrap();
    let id = location
        .trim_start_matches("/recruitment/candidates/")
        .split('?')
        .next()
        .unwrap();
    CandidateId::parse(id).unwrap()
}

/// Moves a candidate to a stage through their page's form.
async fn move_candidate(client: &mut Client, id: &CandidateId, stage: &str, on: Date) -> Page {
    let path = format!("/recruitment/candidates/{id}");
    let page = client.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mut fields = vec![
        field("csrf_token", page.form_token()),
        field("stage", stage),
        field("worker_id", ""),
    ];
    fields.extend(date_fields("moved_on", on));
    post(client, &format!("{path}/stage"), &fields).await
}

async fn stored(app: &TestApp) -> (Workforce, Recruitment) {
    (
        app.store.workforce(app.council()).await.unwrap(),
        app.store.recruitment(app.council()).await.unwrap(),
    )
}

fn candidate<'r>(recruitment: &'r Recruitment, id: &CandidateId) -> &'r Candidate {
    recruitment.candidate(id).unwrap()
}

/// The first council's earliest recruitment event with neither attendees nor
/// candidates recorded (the demo records them for recent events), so its funnel holds
/// only what a test records.
async fn an_event(app: &TestApp) -> RecruitmentEvent {
    let (workforce, recruitment) = stored(app).await;
    let mut events: Vec<RecruitmentEvent> = workforce
        .recruitment_events
        .into_iter()
        .filter(|event| {
            recruitment.attendees_of(&event.id).is_empty()
                && !recruitment
                    .candidates
                    .iter()
                    .any(|c| c.event_id.as_ref() == Some(&event.id))
        })
        .collect();
    events.sort_by_key(|event| (event.held_on, event.id.clone()));
    events
        .into_iter()
        .next()
        .expect("the demo council holds an event with nothing recorded")
}

#[tokio::test]
async fn candidate_to_worker_conversion_keeps_every_field_and_appears_in_the_measures_as_a_starter_with_the_right_start_origin()
 {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let (before, _) = stored(&app).await;
    let team = before.teams[0].id.clone();
    let vacancy = before
        .vacancies
        .iter()
        .find(|v| v.open.end().is_none())
        .expect("an open demo vacancy")
        .id
        .clone();
    assert!(
        !before.workers.iter().any(|w| w
            .swe_number
            .as_ref()
            .is_some_and(|n| n.as_str() == "SW998877")),
        "the new starter's number is nobody's yet"
    );
    let id = add_candidate(
        &mut lead,
        NewCandidate {
            given_name: "Chiamaka",
            family_name: "Okafor",
            email: "chiamaka.okafor@example.org",
            source: "overseas",
            start_date: Some(date("2024-04-01")),
            role: "senior_social_worker",
            team: team.as_str(),
            fte: "0.8",
            swe_number: "SW998877",
            vacancy: vacancy.as_str(),
            ..NewCandidate::default()
        },
    )
    .await;
    let offered = move_candidate(&mut lead, &id, "offered", date("2024-02-20")).await;
    assert_eq!(offered.status, StatusCode::SEE_OTHER, "{}", offered.body);
    let started = move_candidate(&mut lead, &id, "started", date("2024-04-01")).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);

    let (after, recruitment) = stored(&app).await;
    let candidate = candidate(&recruitment, &id);
    assert_eq!(candidate.stage, CandidateStage::Started);
    let worker_id = candidate
        .worker_id
        .clone()
        .expect("the candidate names their worker");
    assert!(!before.workers.iter().any(|w| w.id == worker_id));
    let worker = after.workers.iter().find(|w| w.id == worker_id).unwrap();
    assert_eq!(worker.given_name, "Chiamaka");
    assert_eq!(worker.family_name, "Okafor");
    assert_eq!(worker.swe_number.as_ref().unwrap().as_str(), "SW998877");
    let employment = after
        .employments
        .iter()
        .find(|e| e.worker_id() == &worker_id)
        .unwrap();
    assert_eq!(employment.span().start(), date("2024-04-01"));
    assert_eq!(employment.span().end(), None);
    assert_eq!(employment.start_origin(), Some(StartOrigin::OutsideEngland));
    let assignment = after
        .assignments
        .iter()
        .find(|a| &a.employment_id == employment.id())
        .unwrap();
    assert_eq!(assignment.role, Role::SeniorSocialWorker);
    assert_eq!(assignment.team_id, Some(team));
    assert_eq!(assignment.fte.value(), 0.8);
    assert_eq!(assignment.contract, Contract::Permanent);
    assert_eq!(assignment.span.start(), date("2024-04-01"));
    let history: Vec<CandidateStage> = recruitment
        .candidate_history(&id)
        .iter()
        .map(|change| change.stage)
        .collect();
    assert_eq!(
        history,
        [
            CandidateStage::Applied,
            CandidateStage::Offered,
            CandidateStage::Started
        ]
    );

    // The measures count them among the year's starters, as any starter.
    let options = MeasureOptions::at(date("2024-09-30"));
    let starters = |workforce: &Workforce| {
        compute(std::slice::from_ref(workforce), &options).authorities[&app.council().to_string()]
            .workforce
            .starters_fte
    };
    let added = starters(&after) - starters(&before);
    assert!((added - 0.8).abs() < 1e-9, "starters rose by {added}");
    let overseas_starters: Vec<_> = after
        .employments
        .iter()
        .filter(|e| {
            e.start_origin() == Some(StartOrigin::OutsideEngland)
                && options.date.checked_sub_months(Months::new(12)).unwrap() < e.span().start()
                && e.span().start() <= options.date
        })
        .map(|e| e.worker_id().clone())
        .collect();
    assert!(overseas_starters.contains(&worker_id));

    // The candidate's page links to the worker's record, which the register shows.
    let page = lead
        .get(&format!("/recruitment/candidates/{id}?saved=started"))
        .await;
    assert!(
        page.body
            .contains(&format!("href=\"/workers/{worker_id}\"")),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Started: they are now a worker of the council")
    );
    // Their vacancy stays open until the board fills it: the page points there.
    assert!(
        page.body
            .contains(&format!("Their vacancy {vacancy} is still open"))
    );
    let person = lead.get(&format!("/workers/{worker_id}")).await;
    assert_eq!(person.status, StatusCode::OK);
    assert!(person.body.contains("Chiamaka Okafor"));

    // Starting is once: the form is gone and a second start is refused.
    assert!(!page.body.contains("Move candidate"));
    let again = lead
        .post_form(
            &format!("/recruitment/candidates/{id}/stage"),
            &[
                ("csrf_token", &page.form_token()),
                ("stage", "withdrawn"),
                ("moved_on-day", "2"),
                ("moved_on-month", "4"),
                ("moved_on-year", "2024"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("The candidate has started work"));
}

#[tokio::test]
async fn a_returner_starts_on_their_earlier_worker_record_and_counts_as_a_returner() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let (before, _) = stored(&app).await;
    // Someone who left the council and has a Social Work England number.
    let leaver = before
        .workers
        .iter()
        .filter(|w| w.swe_number.is_some())
        .find(|w| {
            let spells: Vec<_> = before
                .employments
                .iter()
                .filter(|e| e.worker_id() == &w.id)
                .collect();
            !spells.is_empty()
                && spells
                    .iter()
                    .all(|e| e.span().end().is_some_and(|end| end < date("2024-01-01")))
        })
        .expect("a demo leaver with a Social Work England number");
    let id = add_candidate(
        &mut lead,
        NewCandidate {
            given_name: &leaver.given_name,
            family_name: &leaver.family_name,
            source: "returner",
            start_date: Some(date("2024-05-07")),
            role: "social_worker",
            swe_number: leaver.swe_number.as_ref().unwrap().as_str(),
            ..NewCandidate::default()
        },
    )
    .await;
    let started = move_candidate(&mut lead, &id, "started", date("2024-05-07")).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let (after, recruitment) = stored(&app).await;
    assert_eq!(
        candidate(&recruitment, &id).worker_id.as_ref(),
        Some(&leaver.id)
    );
    assert_eq!(after.workers.len(), before.workers.len());
    let spells = after
        .employments
        .iter()
        .filter(|e| e.worker_id() == &leaver.id)
        .count();
    assert_eq!(
        spells,
        before
            .employments
            .iter()
            .filter(|e| e.worker_id() == &leaver.id)
            .count()
            + 1
    );
    let returner = after
        .employments
        .iter()
        .find(|e| e.worker_id() == &leaver.id && e.span().start() == date("2024-05-07"))
        .unwrap();
    assert_eq!(returner.start_origin(), Some(StartOrigin::NotKnown));
}

#[tokio::test]
async fn anonymisation_after_the_retention_period_removes_names_and_contact_details_and_keeps_the_counts_in_the_funnel_identical()
 {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let event = an_event(&app).await;
    let applied = months_ago(12);
    let from_event = |given_name, email| NewCandidate {
        given_name,
        family_name: "Applicant",
        email,
        source: "recruitment_event",
        event: event.id.as_str(),
        applied_on: applied,
        ..NewCandidate::default()
    };
    let rejected_long_ago =
        add_candidate(&mut officer, from_event("Rejected", "long.ago@example.org")).await;
    let withdrew_after_offer =
        add_candidate(&mut officer, from_event("Withdrew", "withdrew@example.org")).await;
    let rejected_lately =
        add_candidate(&mut officer, from_event("Recent", "recent@example.org")).await;
    let still_applying =
        add_candidate(&mut officer, from_event("Hopeful", "hopeful@example.org")).await;
    for (id, stage, months) in [
        (&rejected_long_ago, "interviewed", 10),
        (&rejected_long_ago, "rejected", 8),
        (&withdrew_after_offer, "offered", 9),
        (&withdrew_after_offer, "withdrawn", 7),
        (&rejected_lately, "rejected", 5),
        (&still_applying, "shortlisted", 8),
    ] {
        let moved = move_candidate(&mut officer, id, stage, months_ago(months)).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    }
    // Attendees: two who became candidates, one who never applied.
    let event_path = format!("/recruitment/events/{}", event.id);
    for (name, email, candidate) in [
        (
            "Rejected Applicant",
            "long.ago@example.org",
            rejected_long_ago.as_str(),
        ),
        (
            "Recent Applicant",
            "recent@example.org",
            rejected_lately.as_str(),
        ),
        ("Browsing Visitor", "browsing@example.org", ""),
    ] {
        let page = officer.get(&event_path).await;
        let added = officer
            .post_form(
                &format!("{event_path}/attendees"),
                &[
                    ("csrf_token", &page.form_token()),
                    ("attendee_name", name),
                    ("attendee_email", email),
                    ("interested_in", "child protection"),
                    ("candidate", candidate),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let (workforce, before) = stored(&app).await;
    let funnels = |recruitment: &Recruitment| -> Vec<_> {
        workforce
            .recruitment_events
            .iter()
            .map(|event| funnel(event, recruitment))
            .collect()
    };
    let funnels_before = funnels(&before);
    let page_before = page_funnel(&officer.get(&event_path).await);
    assert_eq!(page_before, ["3", "4", "1", "0"]);
    let list_before = row(
        &officer.get("/recruitment/events").await,
        &format!("event-{}", event.id),
    );
    // What is due today: these two, and the demo's own unsuccessful candidates and
    // attendees whose time has come.
    let due = anonymisation(&before, &workforce.recruitment_events, today());
    assert!(due.candidates.contains(&rejected_long_ago));
    assert!(due.candidates.contains(&withdrew_after_offer));
    assert!(!due.candidates.contains(&rejected_lately));
    assert!(!due.candidates.contains(&still_applying));

    let confirm = officer.get("/recruitment/candidates/anonymise").await;
    assert_eq!(confirm.status, StatusCode::OK);
    for (id, count) in [
        ("candidates-due", due.candidates.len()),
        ("attendees-due", due.attendees),
    ] {
        assert!(
            confirm.body.contains(&format!("id=\"{id}\">{count}<")),
            "{id} is not {count}: {}",
            confirm.body
        );
    }
    let done = officer
        .post_form(
            "/recruitment/candidates/anonymise",
            &[("csrf_token", &confirm.form_token())],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let banner = format!(
        "/recruitment/candidates?anonymised={}",
        due.candidates.len()
    );
    assert_eq!(done.location.as_deref(), Some(banner.as_str()));

    let (_, after) = stored(&app).await;
    // Every event's funnel is the same, counted by the domain and shown by the pages.
    assert_eq!(funnels(&after), funnels_before);
    assert_eq!(page_funnel(&officer.get(&event_path).await), page_before);
    assert_eq!(
        row(
            &officer.get("/recruitment/events").await,
            &format!("event-{}", event.id)
        ),
        list_before
    );
    for id in [&rejected_long_ago, &withdrew_after_offer] {
        let gone = candidate(&after, id);
        assert_eq!(
            (
                gone.given_name.as_str(),
                gone.family_name.as_str(),
                gone.email.as_str(),
                gone.phone.as_str()
            ),
            ("", "", "", "")
        );
        assert_eq!(gone.anonymised_on, Some(today()));
        let kept = candidate(&before, id);
        assert_eq!(
            (gone.source, gone.stage, &gone.event_id, gone.applied_on),
            (kept.source, kept.stage, &kept.event_id, kept.applied_on)
        );
        assert_eq!(after.candidate_history(id), before.candidate_history(id));
    }
    // Rejected 5 months ago: kept, as is the one still applying.
    assert_eq!(candidate(&after, &rejected_lately).given_name, "Recent");
    assert_eq!(
        candidate(&after, &still_applying).email,
        "hopeful@example.org"
    );
    let attendees: Vec<(String, String)> = after
        .attendees_of(&event.id)
        .iter()
        .map(|a| (a.name.clone(), a.email.clone()))
        .collect();
    assert_eq!(
        attendees,
        [
            (String::new(), String::new()),
            (
                "Recent Applicant".to_owned(),
                "recent@example.org".to_owned()
            ),
            (String::new(), String::new()),
        ]
    );
    // The event held over 6 months ago: its visitor who never applied is anonymised.
    assert!(event.held_on < months_ago(6));

    // No page shows the names any more.
    let list = officer.get(&banner).await;
    assert!(
        list.body
            .contains(&format!("{} candidates anonymised", due.candidates.len()))
    );
    assert!(
        !list.body.contains("long.ago@example.org") && !list.body.contains(">Rejected Applicant<")
    );
    for id in &due.candidates {
        let gone = candidate(&after, id);
        assert!(gone.given_name.is_empty() && gone.email.is_empty(), "{id}");
    }
    let page = officer
        .get(&format!("/recruitment/candidates/{rejected_long_ago}"))
        .await;
    assert!(page.body.contains("Anonymised on"), "{}", page.body);
    assert!(!page.body.contains("long.ago@example.org"));
    let event_page = officer.get(&event_path).await;
    assert!(!event_page.body.contains("Browsing Visitor"));
    assert!(event_page.body.contains("Recent Applicant"));

    // Nothing more is due: running again changes nothing.
    let confirm = officer.get("/recruitment/candidates/anonymise").await;
    assert!(confirm.body.contains("Nobody is due for anonymising today"));
    let (_, again) = stored(&app).await;
    assert_eq!(again, after);
}

#[tokio::test]
async fn funnel_counts_per_event_follow_recorded_attendees_and_candidates() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let event = an_event(&app).await;
    let event_path = format!("/recruitment/events/{}", event.id);
    let count = |value: Option<u32>| value.map_or_else(String::new, |v| v.to_string());
    let page = lead.get(&event_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page_funnel(&page),
        [
            count(event.attendees),
            count(event.applications),
            count(event.offers),
            count(event.hires)
        ]
    );
    assert_eq!(row(&page, "funnel-attendees")[2], "Imported count");

    for name in ["Dee Visitor", "Eli Visitor"] {
        let page = lead.get(&event_path).await;
        let added = lead
            .post_form(
                &format!("{event_path}/attendees"),
                &[
                    ("csrf_token", &page.form_token()),
                    ("attendee_name", name),
                    ("attendee_email", ""),
                    ("interested_in", ""),
                    ("candidate", ""),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let page = lead.get(&event_path).await;
    assert_eq!(page_funnel(&page)[0], "2");
    assert_eq!(
        row(&page, "funnel-attendees")[2],
        "Attendees recorded in Pathway"
    );

    // Two candidates from the event: one offered then withdrawn, one started.
    let (workforce, _) = stored(&app).await;
    let team = workforce.teams[0].id.clone();
    let withdrew = add_candidate(
        &mut lead,
        NewCandidate {
            source: "recruitment_event",
            event: event.id.as_str(),
            applied_on: event.held_on,
            ..NewCandidate::default()
        },
    )
    .await;
    let hired = add_candidate(
        &mut lead,
        NewCandidate {
            given_name: "Fola",
            source: "recruitment_event",
            event: event.id.as_str(),
            applied_on: event.held_on,
            start_date: Some(event.held_on + chrono::Days::new(60)),
            role: "social_worker",
            team: team.as_str(),
            ..NewCandidate::default()
        },
    )
    .await;
    let on = event.held_on + chrono::Days::new(30);
    for (id, stage) in [
        (&withdrew, "offered"),
        (&withdrew, "withdrawn"),
        (&hired, "offered"),
        (&hired, "accepted"),
        (&hired, "started"),
    ] {
        let moved = move_candidate(&mut lead, id, stage, on).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    }
    let page = lead.get(&event_path).await;
    assert_eq!(page_funnel(&page), ["2", "2", "2", "1"]);
    assert_eq!(row(&page, "funnel-hires")[2], "Candidates who started");
    assert!(page.body.contains("<svg"), "the funnel is drawn");
    assert_eq!(
        row(
            &lead.get("/recruitment/events").await,
            &format!("event-{}", event.id)
        )[4..8],
        ["2", "2", "2", "1"]
    );

    // A cost makes a cost per hire; removing an attendee changes the count.
    let page = lead.get(&event_path).await;
    use chrono::Datelike;
    let saved = lead
        .post_form(
            &event_path,
            &[
                ("csrf_token", &page.form_token()),
                ("name", "Evening drop-in"),
                ("location", &event.location),
                ("held_on-day", &event.held_on.day().to_string()),
                ("held_on-month", &event.held_on.month().to_string()),
                ("held_on-year", &event.held_on.year().to_string()),
                ("starts_at", "17:30"),
                ("ends_at", "20:00"),
                ("out_of_hours", "yes"),
                ("cost", "1,200"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = lead.get(&event_path).await;
    assert!(
        page.body
            .contains("<h1 class=\"govuk-heading-l\">Evening drop-in</h1>")
    );
    assert!(page.body.contains("£1,200.00"), "cost per hire of 1 hire");
    let events = lead.get("/recruitment/events").await;
    assert_eq!(row(&events, &format!("event-{}", event.id))[8], "£1,200.00");
    let removed = lead
        .post_form(
            &format!("{event_path}/attendees/1/remove"),
            &[("csrf_token", &page.form_token())],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(page_funnel(&lead.get(&event_path).await)[0], "1");
}

#[tokio::test]
async fn a_team_manager_sees_event_funnels_but_no_names_and_a_practitioner_sees_no_recruitment() {
    let app = TestApp::new().await;
    let event = an_event(&app).await;
    let event_path = format!("/recruitment/events/{}", event.id);
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let page = officer.get(&event_path).await;
    officer
        .post_form(
            &format!("{event_path}/attendees"),
            &[
                ("csrf_token", &page.form_token()),
                ("attendee_name", "Gita Private"),
                ("attendee_email", "gita@example.org"),
                ("interested_in", ""),
                ("candidate", ""),
            ],
        )
        .await;
    let candidate = add_candidate(
        &mut officer,
        NewCandidate {
            given_name: "Hana",
            family_name: "Secret",
            source: "recruitment_event",
            event: event.id.as_str(),
            ..NewCandidate::default()
        },
    )
    .await;

    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let events = manager.get("/recruitment/events").await;
    assert_eq!(events.status, StatusCode::OK);
    assert!(!events.body.contains("Add an event"));
    let page = manager.get(&event_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page_funnel(&page)[0..2], ["1", "1"]);
    assert!(page.body.contains("1 attendee recorded"));
    for private in ["Gita Private", "gita@example.org", "Hana", "Secret"] {
        assert!(
            !page.body.contains(private),
            "{private} shown to a team manager"
        );
    }
    assert!(!page.body.contains("Add attendee") && !page.body.contains("Save details"));
    for path in [
        "/recruitment/candidates".to_owned(),
        format!("/recruitment/candidates/{candidate}"),
        "/recruitment/candidates/new".to_owned(),
        "/recruitment/events/new".to_owned(),
    ] {
        assert_eq!(
            manager.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let refused = manager
        .post_form(
            &format!("{event_path}/attendees"),
            &[
                ("csrf_token", &page.form_token()),
                ("attendee_name", "Sneaky"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    for path in ["/recruitment/events".to_owned(), event_path.clone()] {
        assert_eq!(
            practitioner.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }

    // Another council's event is simply not found, as is an unknown candidate.
    let other = app.councils[1].1.recruitment_events[0].id.clone();
    if !app.councils[0]
        .1
        .recruitment_events
        .iter()
        .any(|e| e.id == other)
    {
        assert_eq!(
            officer
                .get(&format!("/recruitment/events/{other}"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        officer.get("/recruitment/candidates/NOBODY").await.status,
        StatusCode::NOT_FOUND
    );

    // Viewing names is recorded in the audit trail.
    let seen = officer
        .get(&format!("/recruitment/candidates/{candidate}"))
        .await;
    assert!(seen.body.contains("Hana Secret"));
    let audit = app.store.audit_trail(app.council(), 200).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|event| event.entry.action == "view recruitment event")
    );
    assert!(
        audit
            .iter()
            .any(|event| event.entry.action == "view candidate")
    );
}

#[tokio::test]
async fn forms_keep_what_was_typed_and_say_what_is_wrong() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let candidates_before = stored(&app).await.1.candidates.len();
    let form = officer.get("/recruitment/candidates/new").await;
    let page = officer
        .post_form(
            "/recruitment/candidates/new",
            &[
                ("csrf_token", &form.form_token()),
                ("given_name", "Ifeoma"),
                ("family_name", ""),
                ("email", "not an email"),
                ("source", "recruitment_event"),
                ("event", ""),
                ("applied_on-day", "31"),
                ("applied_on-month", "2"),
                ("applied_on-year", "2024"),
                ("stage", "applied"),
                ("fte", "1.5"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<title>Error: "));
    for message in [
        "Enter the candidate&#39;s family name",
        "Enter an email address in the correct format",
        "Select the recruitment event the candidate came from",
        "The date they applied must be a real date",
        "Enter the FTE as a number more than 0 and at most 1",
    ] {
        assert!(
            page.body.contains(message),
            "{message} missing: {}",
            page.body
        );
    }
    assert!(page.body.contains("href=\"#family_name\""));
    assert!(page.body.contains("value=\"Ifeoma\""));
    assert!(page.body.contains("value=\"not an email\""));
    assert!(page.body.contains("value=\"1.5\""));
    assert_eq!(stored(&app).await.1.candidates.len(), candidates_before);

    // Starting without a start date or role says what is missing.
    let id = add_candidate(&mut officer, NewCandidate::default()).await;
    let refused = move_candidate(&mut officer, &id, "started", date("2024-03-01")).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused
            .body
            .contains("Enter the candidate&#39;s start date before they start"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("value=\"started\" selected"));
    let early = move_candidate(&mut officer, &id, "shortlisted", date("2023-12-01")).await;
    assert!(
        early
            .body
            .contains("The move must be on or after the day they applied")
    );

    // The attendee form and the event's details keep what was typed too.
    let event = an_event(&app).await;
    let event_path = format!("/recruitment/events/{}", event.id);
    let page = officer.get(&event_path).await;
    let refused = officer
        .post_form(
            &format!("{event_path}/attendees"),
            &[
                ("csrf_token", &page.form_token()),
                ("attendee_name", ""),
                ("attendee_email", "jo@"),
                ("interested_in", "fostering"),
                ("candidate", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("Enter the attendee&#39;s name"));
    assert!(refused.body.contains("href=\"#attendee_email\""));
    assert!(refused.body.contains("value=\"fostering\""));
    let refused = officer
        .post_form(
            &event_path,
            &[
                ("csrf_token", &page.form_token()),
                ("name", "Late show"),
                ("location", ""),
                ("held_on-day", "1"),
                ("held_on-month", "3"),
                ("held_on-year", "2024"),
                ("starts_at", "20:00"),
                ("ends_at", "18:00"),
                ("out_of_hours", "yes"),
                ("cost", "a lot"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    for message in [
        "Enter where the event is held",
        "The event must end after it starts",
        "Enter the cost in pounds",
    ] {
        assert!(refused.body.contains(message), "{message} missing");
    }
    assert!(refused.body.contains("value=\"Late show\""));
}

#[tokio::test]
async fn a_new_event_is_added_with_its_details() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let form = officer.get("/recruitment/events/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let added = officer
        .post_form(
            "/recruitment/events/new",
            &[
                ("csrf_token", &form.form_token()),
                ("name", "Saturday careers fair"),
                ("location", "Lancaster Town Hall"),
                ("held_on-day", "7"),
                ("held_on-month", "6"),
                ("held_on-year", "2025"),
                ("starts_at", "10:00"),
                ("ends_at", "14:00"),
                ("out_of_hours", "yes"),
                ("cost", "650"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let (workforce, recruitment) = stored(&app).await;
    let event = workforce
        .recruitment_events
        .iter()
        .find(|e| e.location == "Lancaster Town Hall")
        .unwrap();
    assert_eq!(event.held_on, date("2025-06-07"));
    assert_eq!(event.out_of_hours, Some(true));
    let details = recruitment.event_details(&event.id).unwrap();
    assert_eq!(details.name, "Saturday careers fair");
    assert_eq!(details.cost_pence, Some(65_000));
    assert_eq!(
        added.location.as_deref(),
        Some(format!("/recruitment/events/{}?saved=added", event.id).as_str())
    );
}

// ---------------------------------------------------------------- the API

async fn token_for(app: &TestApp, role: UserRole) -> String {
    let mut client = app.signed_in(role).await;
    let form = client.get("/account/tokens").await;
    let page = client
        .post_form(
            "/account/tokens",
            &[("name", "tests"), ("csrf_token", &form.form_token())],
        )
        .await;
    let marker = "id=\"new-token\">";
    let start = page.body.find(marker).expect("the new token") + marker.len();
    page.body[start..].split('<').next().unwrap().to_owned()
}

async fn api(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "pathway.test")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(json) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_api_adds_moves_and_starts_candidates_and_answers_event_funnels() {
    let app = TestApp::new().await;
    let officer = token_for(&app, UserRole::RecruitmentOfficer).await;
    let manager = token_for(&app, UserRole::TeamManager).await;
    let event = an_event(&app).await;
    let team = app.councils[0].1.teams[0].id.to_string();
    let (status, created) = api(
        &app,
        "POST",
        "/api/v1/recruitment/candidates",
        &officer,
        Some(json!({
            "given_name": "Kemi",
            "family_name": "Adebayo",
            "email": "kemi@example.org",
            "source": "recruitment_event",
            "event_id": event.id.as_str(),
            "applied_on": event.held_on,
            "start_date": "2024-10-01",
            "role": "social_worker",
            "team_id": team,
            "fte": 1.0
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["candidate_id"].as_str().unwrap().to_owned();
    assert_eq!(created["history"][0]["stage"], "applied");

    let (status, refused) = api(
        &app,
        "POST",
        &format!("/api/v1/recruitment/candidates/{id}/stage"),
        &officer,
        Some(json!({"stage": "offered", "on": "2000-01-01"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let (status, started) = api(
        &app,
        "POST",
        &format!("/api/v1/recruitment/candidates/{id}/stage"),
        &officer,
        Some(json!({"stage": "started", "on": "2024-10-01", "worker_id": "NEW-KEMI"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    assert_eq!(started["worker_id"], "NEW-KEMI");
    assert_eq!(started["stage"], "started");
    let (workforce, _) = stored(&app).await;
    assert!(
        workforce
            .workers
            .iter()
            .any(|w| w.id.as_str() == "NEW-KEMI")
    );

    let (status, events) = api(&app, "GET", "/api/v1/recruitment/events", &manager, None).await;
    assert_eq!(status, StatusCode::OK);
    let listed = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event_id"] == event.id.as_str())
        .unwrap();
    assert_eq!(
        listed["funnel"]["applications"],
        json!({"value": 1, "traced": true})
    );
    assert_eq!(listed["funnel"]["hires"]["value"], 1);
    assert_eq!(events["by_hours"].as_array().unwrap().len(), 3);

    // Candidates and attendees are personal data: not for a team manager.
    let (status, _) = api(
        &app,
        "GET",
        "/api/v1/recruitment/candidates",
        &manager,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let attendees = format!("/api/v1/recruitment/events/{}/attendees", event.id);
    let (status, _) = api(&app, "GET", &attendees, &manager, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, attendee) = api(
        &app,
        "POST",
        &attendees,
        &officer,
        Some(json!({"name": "Lola Visitor", "candidate_id": id})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{attendee}");
    let (_, one) = api(
        &app,
        "GET",
        &format!("/api/v1/recruitment/events/{}", event.id),
        &manager,
        None,
    )
    .await;
    assert_eq!(
        one["funnel"]["attendees"],
        json!({"value": 1, "traced": true})
    );
    let (status, _) = api(
        &app,
        "DELETE",
        &format!("{attendees}/{}", attendee["number"]),
        &officer,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = api(
        &app,
        "GET",
        "/api/v1/recruitment/candidates/NOBODY",
        &officer,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Answers naming candidates are recorded in the audit trail.
    let (status, _) = api(
        &app,
        "GET",
        &format!("/api/v1/recruitment/candidates/{id}"),
        &officer,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let audit = app.store.audit_trail(app.council(), 20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|event| event.entry.action == "view candidate"
                && event.entry.detail == format!("candidate {id} (api)"))
    );
}
