//! An academy member's page (checklist and ASYE tracker) and the due list: what the
//! forms record, what falls due and leaves the list, and who sees and changes what.
//! Each test makes its own cohort, started four months ago, so that the 3-month review
//! and the first supervisions are already overdue today.

use crate::support;

use axum::http::StatusCode;
use chrono::{Datelike, Days, Months, Utc};
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::ids::{CohortId, WorkerId};
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::values::Date;
use support::{Client, Page, TestApp};

const COHORT: &str = "TEST-ASYE-1";

/// The test's cohort and three of its members: the demo practitioner themselves, a
/// colleague in the team manager's team, and someone who never worked in that team.
struct Academy {
    start: Date,
    own: WorkerId,
    team: WorkerId,
    other: WorkerId,
}

fn today() -> Date {
    Utc::now().date_naive()
}

fn long(date: Date) -> String {
    date.format("%-d %B %Y").to_string()
}

fn member_path(worker: &WorkerId) -> String {
    format!("/academy/cohorts/{COHORT}/members/{worker}")
}

/// Makes the cohort and its members through the import, as the academy's own form
/// would, so the test does not rely on the demo's academy.
async fn academy(app: &TestApp) -> Academy {
    let workforce = &app.councils[0].1;
    let open = |worker: &WorkerId| {
        workforce
            .employments
            .iter()
            .any(|e| e.worker_id() == worker && e.span().end().is_none())
    };
    let team = &workforce.teams[0].id;
    let in_team = |worker: &WorkerId| {
        workforce.employments.iter().any(|e| {
            e.worker_id() == worker
                && workforce
                    .assignments
                    .iter()
                    .any(|a| &a.employment_id == e.id() && a.team_id.as_ref() == Some(team))
        })
    };
    let own = workforce
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id()
        .clone();
    let team_member = workforce
        .assignments
        .iter()
        .filter(|a| a.team_id.as_ref() == Some(team) && a.span.end().is_none())
        .filter_map(|a| {
            workforce
                .employments
                .iter()
                .find(|e| *e.id() == a.employment_id)
        })
        .map(|e| e.worker_id().clone())
        .find(|w| *w != own && open(w))
        .expect("an open assignment in the first team");
    let other = workforce
        .workers
        .iter()
        .map(|w| w.id.clone())
        .find(|w| *w != own && open(w) && !in_team(w))
        .expect("someone who never worked in the first team");
    let start = today() - Months::new(4);
    let cohort = CohortId::parse(COHORT).unwrap();
    let mut upload = Workforce::new(app.council());
    upload.cohorts.push(Cohort {
        id: cohort.clone(),
        name: "Test ASYE cohort".into(),
        programme: Programme::Full,
        start_date: start,
    });
    for worker in [&own, &team_member, &other] {
        upload.academy_members.push(
            AcademyMember::new(
                cohort.clone(),
                worker.clone(),
                start,
                None,
                Some(AsyeOutcome::InProgress),
            )
            .unwrap(),
        );
    }
    let source = ImportSource {
        actor: "test",
        description: "test cohort",
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
    Academy {
        start,
        own,
        team: team_member,
        other,
    }
}

/// A date's three boxes as form fields.
fn date_fields(name: &str, date: Date) -> Vec<(String, String)> {
    vec![
        (format!("{name}-day"), date.day().to_string()),
        (format!("{name}-month"), date.month().to_string()),
        (format!("{name}-year"), date.year().to_string()),
    ]
}

async fn post(client: &mut Client, path: &str, fields: Vec<(String, String)>) -> Page {
    let token = client.get("/account/tokens").await.form_token();
    let mut all = vec![("csrf_token".to_owned(), token)];
    all.extend(fields);
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    client.post_form(path, &pairs).await
}

fn text(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

/// The table row (`<tr>...</tr>`) of a page that contains `needle`, if any.
fn row_with<'a>(body: &'a str, needle: &str) -> Option<&'a str> {
    body.split("<tr").skip(1).find_map(|chunk| {
        let row = chunk.split("</tr>").next().unwrap();
        row.contains(needle).then_some(row)
    })
}

/// The value of a summary list's row, its tags' words included, without markup.
fn summary_value(body: &str, key: &str) -> String {
    let key = format!("<dt class=\"govuk-summary-list__key\">{key}</dt>");
    let at = body.find(&key).unwrap_or_else(|| panic!("no row {key}")) + key.len();
    let value = body[at..].split("</dd>").next().unwrap();
    let mut words = String::new();
    let mut in_tag = false;
    for c in value.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => words.push(c),
            _ => {}
        }
    }
    words.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of the due list under one heading ("Overdue" or "Due in the next").
fn section<'a>(body: &'a str, heading: &str) -> &'a str {
    let start = body
        .find(&format!("\">{heading}"))
        .unwrap_or_else(|| panic!("no {heading} section"));
    let rest = &body[start..];
    match rest[1..].find("<h2") {
        Some(end) => &rest[..end + 1],
        None => rest,
    }
}

/// The lines of the due list as (what, link) pairs.
fn due_lines(part: &str) -> Vec<(String, String)> {
    part.split("<tr class=\"govuk-table__row\">")
        .skip(1)
        .filter_map(|row| {
            let what = row
                .split("<th scope=\"row\" class=\"govuk-table__header\">")
                .nth(1)?;
            let what = what.split("</th>").next()?.to_owned();
            let href = row.split("href=\"").nth(1)?.split('"').next()?.to_owned();
            Some((what, href))
        })
        .collect()
}

#[tokio::test]
async fn recording_a_three_month_review_marks_it_done_and_takes_it_off_the_due_list() {
    let app = TestApp::new().await;
    let academy = academy(&app).await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let member = member_path(&academy.team);
    let overdue_review = ("3-month review".to_owned(), member.clone());

    let due = coordinator.get("/academy/due").await;
    assert_eq!(due.status, StatusCode::OK);
    assert!(
        due_lines(section(&due.body, "Overdue")).contains(&overdue_review),
        "the 3-month review due on {} is not overdue",
        long(academy.start + Months::new(3))
    );
    let page = coordinator.get(&member).await;
    let row = row_with(&page.body, "3-month review").unwrap();
    assert!(row.contains("Overdue"), "{row}");
    assert!(row.contains(&long(academy.start + Months::new(3))), "{row}");

    let held = today() - Days::new(2);
    let mut fields = vec![
        text("review_kind", "three_month"),
        text("review_assessor", "Pat Assessor"),
        text("review_notes", "Progressing well"),
    ];
    fields.extend(date_fields("held_on", held));
    let sent = post(&mut coordinator, &format!("{member}/reviews"), fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(
        sent.location.as_deref(),
        Some(format!("{member}?saved=review").as_str())
    );

    let page = coordinator.get(&format!("{member}?saved=review")).await;
    assert!(page.body.contains("govuk-notification-banner--success"));
    assert!(page.body.contains("Review recorded"));
    let row = row_with(&page.body, "3-month review").unwrap();
    assert!(row.contains("Done"), "{row}");
    assert!(
        row.contains(&long(held)) && row.contains("Pat Assessor"),
        "{row}"
    );

    let due = coordinator.get("/academy/due").await;
    assert!(!due_lines(&due.body).contains(&overdue_review));
    // The other members' reviews are still overdue.
    assert!(
        due_lines(section(&due.body, "Overdue"))
            .contains(&("3-month review".to_owned(), member_path(&academy.other)))
    );

    let audit = app.store.audit_trail(app.council(), 20).await.unwrap();
    let wanted = format!("3-month review for {} in cohort {COHORT}", academy.team);
    assert!(
        audit.iter().any(|event| event.entry.detail == wanted),
        "no audit entry {wanted}"
    );
    assert!(
        audit.iter().any(|event| event.entry.action == "view person"
            && event.entry.detail.contains(academy.team.as_str())),
        "viewing the member page is not recorded"
    );
}

#[tokio::test]
async fn a_supervision_gap_shows_as_overdue() {
    let app = TestApp::new().await;
    let academy = academy(&app).await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let member = member_path(&academy.team);

    // Weekly at first: due a week after the start, held a fortnight late.
    let held = academy.start + Days::new(21);
    let mut fields = vec![
        text("log_kind", "supervision"),
        text("log_by", "Sam Manager"),
        text("log_hours", ""),
        text("log_notes", ""),
    ];
    fields.extend(date_fields("log_on", held));
    let sent = post(&mut coordinator, &format!("{member}/log"), fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let page = coordinator.get(&member).await;
    assert!(page.body.contains(&format!(
        "Due by {}, held on {}",
        long(academy.start + Days::new(7)),
        long(held)
    )));
    let next = summary_value(&page.body, "Next supervision due");
    assert!(next.contains(&long(held + Days::new(7))), "{next}");
    assert!(next.contains("Overdue"), "{next}");

    let due = coordinator.get("/academy/due").await;
    assert!(
        due_lines(section(&due.body, "Overdue"))
            .contains(&("Supervision".to_owned(), member.clone()))
    );
}

#[tokio::test]
async fn a_ticked_checklist_item_shows_when_and_by_whom() {
    let app = TestApp::new().await;
    let academy = academy(&app).await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let member = member_path(&academy.own);
    let page = coordinator.get(&member).await;
    let row = row_with(&page.body, "Laptop issued and working").unwrap();
    assert!(row.contains("Not done"), "{row}");

    let done = academy.start + Days::new(1);
    let mut fields = vec![text("action", "tick"), text("item", "laptop")];
    fields.extend(date_fields("done_on", done));
    let sent = post(&mut coordinator, &format!("{member}/checklist"), fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let page = coordinator.get(&member).await;
    let row = row_with(&page.body, "Laptop issued and working").unwrap();
    assert!(row.contains(&long(done)), "{row}");
    assert!(row.contains("academy_coordinator@test.example"), "{row}");

    // A date in the future is refused, and what was typed is kept.
    let mut fields = vec![text("action", "tick"), text("item", "phone")];
    fields.extend(date_fields("done_on", today() + Days::new(3)));
    let page = post(&mut coordinator, &format!("{member}/checklist"), fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("href=\"#done_on-day\""));
    assert!(page.body.contains("Date done must be today or in the past"));

    let sent = post(
        &mut coordinator,
        &format!("{member}/checklist"),
        vec![text("action", "untick"), text("item", "laptop")],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let page = coordinator.get(&member).await;
    let row = row_with(&page.body, "Laptop issued and working").unwrap();
    assert!(row.contains("Not done"), "{row}");
}

#[tokio::test]
async fn the_outcome_form_sets_the_members_outcome() {
    let app = TestApp::new().await;
    let academy = academy(&app).await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let member = member_path(&academy.team);

    // An extension needs its new date; the dates typed are kept as typed.
    let fields = vec![
        text("moderation", "extend"),
        text("moderated_on-day", "31"),
        text("moderated_on-month", "2"),
        text("moderated_on-year", "2025"),
        text("outcome", "extended"),
    ];
    let page = post(&mut coordinator, &format!("{member}/outcome"), fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Date of the panel must be a real date"));
    assert!(page.body.contains("Enter the new final review date"));
    assert!(page.body.contains("name=\"moderated_on-day\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"31\""));

    let panel = today() - Days::new(1);
    let mut fields = vec![text("moderation", "pass"), text("outcome", "pass")];
    fields.extend(date_fields("moderated_on", panel));
    let sent = post(&mut coordinator, &format!("{member}/outcome"), fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let workforce = app.store.workforce(app.council()).await.unwrap();
    let stored = workforce
        .academy_members
        .iter()
        .find(|m| m.cohort_id().as_str() == COHORT && m.worker_id() == &academy.team)
        .unwrap();
    assert_eq!(stored.asye_outcome(), Some(AsyeOutcome::Pass));
    assert_eq!(stored.joined_on(), academy.start);
    let page = coordinator.get(&member).await;
    assert_eq!(
        summary_value(&page.body, "Moderation panel"),
        format!("Pass (panel on {})", long(panel))
    );
    assert_eq!(summary_value(&page.body, "Outcome"), "Passed");
    // A passed ASYE has nothing more due.
    let due = coordinator.get("/academy/due").await;
    assert!(!due_lines(&due.body).iter().any(|(_, href)| href == &member));
}

#[tokio::test]
async fn the_grant_eligibility_follows_the_asye_record() {
    let app = TestApp::new().await;
    let academy = academy(&app).await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let member = member_path(&academy.other);
    let page = coordinator.get(&member).await;
    assert_eq!(
        summary_value(&page.body, "Eligibility"),
        "Unknown: record the date they qualified"
    );

    let record = |qualified: Date, completion: Option<Date>| {
        let mut fields = vec![text("assessor", "Pat Assessor")];
        fields.extend(date_fields("starts_on", academy.start));
        fields.extend(date_fields("qualified_on", qualified));
        fields.extend(date_fields("registered_on", academy.start - Days::new(20)));
        fields.extend(date_fields(
            "registration_claimed_on",
            academy.start + Days::new(10),
        ));
        match completion {
            Some(day) => fields.extend(date_fields("completion_claimed_on", day)),
            None => fields.extend(
                ["day", "month", "year"]
                    .map(|part| text(&format!("completion_claimed_on-{part}"), "")),
            ),
        }
        fields
    };
    let sent = post(
        &mut coordinator,
        &format!("{member}/asye"),
        record(academy.start - Months::new(3), None),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let page = coordinator.get(&member).await;
    assert_eq!(summary_value(&page.body, "Eligibility"), "Eligible");
    assert_eq!(
        summary_value(&page.body, "Registration payment claimed"),
        long(academy.start + Days::new(10))
    );

    // Five years after qualifying is too late for the grant.
    let sent = post(
        &mut coordinator,
        &format!("{member}/asye"),
        record(academy.start - Months::new(60), None),
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let page = coordinator.get(&member).await;
    assert_eq!(
        summary_value(&page.body, "Eligibility"),
        "Not eligible: started more than four years after qualifying"
    );

    // The completion payment waits for a pass.
    let page = post(
        &mut coordinator,
        &format!("{member}/asye"),
        record(academy.start - Months::new(3), Some(today())),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("The completion payment can be claimed only once the ASYE is passed")
    );
}

#[tokio::test]
async fn a_practitioner_sees_only_their_own_asye_record_and_adds_only_reflections_and_development_time()
 {
    let app = TestApp::new().await;
    let academy = academy(&app).await;
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    let own = member_path(&academy.own);

    let page = practitioner.get(&own).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Record a review"));
    assert!(!page.body.contains("Tick off an item"));
    assert!(!page.body.contains("value=\"supervision\""));
    assert!(page.body.contains("value=\"reflection\""));
    for colleague in [&academy.team, &academy.other] {
        let page = practitioner.get(&member_path(colleague)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{colleague}");
    }

    let due = practitioner.get("/academy/due").await;
    assert_eq!(due.status, StatusCode::OK);
    let lines = due_lines(&due.body);
    assert!(lines.contains(&("3-month review".to_owned(), own.clone())));
    for (_, href) in &lines {
        assert!(
            !href.contains("/members/") || href == &own,
            "the practitioner's due list shows {href}"
        );
    }

    let on = today() - Days::new(1);
    let mut reflection = vec![
        text("log_kind", "reflection"),
        text("log_by", "Me"),
        text("log_notes", "What I learnt from the case"),
    ];
    reflection.extend(date_fields("log_on", on));
    let sent = post(&mut practitioner, &format!("{own}/log"), reflection.clone()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let page = practitioner.get(&own).await;
    assert!(page.body.contains("What I learnt from the case"));

    let mut supervision = vec![text("log_kind", "supervision"), text("log_by", "Me")];
    supervision.extend(date_fields("log_on", on));
    let refused = post(&mut practitioner, &format!("{own}/log"), supervision).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut review = vec![
        text("review_kind", "three_month"),
        text("review_assessor", "Me"),
    ];
    review.extend(date_fields("held_on", on));
    let refused = post(&mut practitioner, &format!("{own}/reviews"), review).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = post(
        &mut practitioner,
        &format!("{own}/checklist"),
        vec![text("action", "tick"), text("item", "laptop")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A colleague's log is out of reach.
    let refused = post(
        &mut practitioner,
        &format!("{}/log", member_path(&academy.team)),
        reflection,
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let page = practitioner.get(&own).await;
    let row = row_with(&page.body, "3-month review").unwrap();
    assert!(row.contains("Overdue"), "{row}");
}

#[tokio::test]
async fn a_team_manager_sees_only_their_teams_members() {
    let app = TestApp::new().await;
    let academy = academy(&app).await;
    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let team = member_path(&academy.team);
    let other = member_path(&academy.other);

    assert_eq!(manager.get(&team).await.status, StatusCode::OK);
    assert_eq!(manager.get(&other).await.status, StatusCode::NOT_FOUND);

    let due = manager.get("/academy/due").await;
    let lines = due_lines(&due.body);
    assert!(lines.contains(&("3-month review".to_owned(), team.clone())));
    assert!(!lines.iter().any(|(_, href)| href == &other));

    let on = today() - Days::new(1);
    let mut review = vec![
        text("review_kind", "three_month"),
        text("review_assessor", "Sam Manager"),
    ];
    review.extend(date_fields("held_on", on));
    let sent = post(&mut manager, &format!("{team}/reviews"), review.clone()).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let refused = post(&mut manager, &format!("{other}/reviews"), review).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Running the academy is not theirs: no outcome.
    let refused = post(
        &mut manager,
        &format!("{team}/outcome"),
        vec![text("outcome", "pass")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn another_councils_member_is_not_found() {
    let app = TestApp::new().await;
    let other_council = &app.councils[1].1;
    let worker = other_council.workers[0].id.clone();
    let cohort = CohortId::parse("OTHER-COUNCIL-1").unwrap();
    let mut upload = Workforce::new(app.other_council());
    upload.cohorts.push(Cohort {
        id: cohort.clone(),
        name: "The other council's cohort".into(),
        programme: Programme::Full,
        start_date: today() - Months::new(4),
    });
    upload.academy_members.push(
        AcademyMember::new(cohort, worker.clone(), today() - Months::new(4), None, None).unwrap(),
    );
    let source = ImportSource {
        actor: "test",
        description: "other council's cohort",
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
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let path = format!("/academy/cohorts/OTHER-COUNCIL-1/members/{worker}");
    assert_eq!(lead.get(&path).await.status, StatusCode::NOT_FOUND);
    let mut fields = vec![
        text("review_kind", "three_month"),
        text("review_assessor", "X"),
    ];
    fields.extend(date_fields("held_on", today()));
    let refused = post(&mut lead, &format!("{path}/reviews"), fields).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let due = lead.get("/academy/due").await;
    assert!(!due.body.contains("OTHER-COUNCIL-1"));
}
