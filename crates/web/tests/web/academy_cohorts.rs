//! The academy's cohort pages: creating a cohort from a programme, taking attendance,
//! catch-ups and completion, the forms' errors, who may see and do what, and a
//! cohort's completion and retention as the measures count them.

use crate::support;

use axum::http::StatusCode;
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::academy::Mark;
use pathway_domain::access::UserRole;
use pathway_domain::codes::{
    AsyeOutcome, Contract, Destination, LeavingReason, Programme, Role, StartOrigin,
};
use pathway_domain::ids::{CohortId, EmploymentId, WorkerId};
use pathway_domain::records::{AcademyMember, Assignment, Cohort, Employment, Worker};
use pathway_domain::values::{Date, Fte, Span, parse_date};
use support::{Client, Page, TestApp};

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

/// The worker IDs offered as members on a cohort form, in the order shown.
fn offered(page: &Page) -> Vec<String> {
    let marker = "name=\"members\" type=\"checkbox\" value=\"";
    page.body
        .match_indices(marker)
        .map(|(at, _)| {
            page.body[at + marker.len()..]
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
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

/// Creates a cohort through the form, with the members given, and returns the
/// response to the form.
async fn create_cohort(
    client: &mut Client,
    id: &str,
    programme: &str,
    start: (&str, &str, &str),
    members: &[String],
) -> Page {
    let form = client.get("/academy/cohorts/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let mut fields = vec![
        field("csrf_token", form.form_token()),
        field("name", format!("Cohort {id}")),
        field("cohort_id", id),
        field("programme", programme),
        field("start_date-day", start.0),
        field("start_date-month", start.1),
        field("start_date-year", start.2),
        field("starter_role", "asye"),
        field("starter_team", ""),
    ];
    fields.extend(
        members
            .iter()
            .map(|member| field("members", member.clone())),
    );
    post(client, "/academy/cohorts/new", &fields).await
}

/// Takes a session's register through the form.
async fn take_register(
    client: &mut Client,
    cohort: &str,
    session: u16,
    marks: &[(&str, &str)],
) -> Page {
    let path = format!("/academy/cohorts/{cohort}/sessions/{session}");
    let page = client.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let mut fields = vec![
        field("csrf_token", page.form_token()),
        field("section", "register"),
    ];
    fields.extend(
        marks
            .iter()
            .map(|(worker, mark)| field(&format!("mark-{worker}"), *mark)),
    );
    post(client, &path, &fields).await
}

#[tokio::test]
async fn a_cohort_created_from_the_full_programme_has_its_fourteen_sessions_on_the_right_days() {
    let app = TestApp::new().await;
    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let form = academy.get("/academy/cohorts/new").await;
    let people = offered(&form);
    assert!(people.len() >= 3, "people in post are offered");
    let chosen = people[..3].to_vec();
    // Monday 1 September 2025.
    let created = create_cohort(
        &mut academy,
        "2025-09-FULL",
        "full",
        ("1", "9", "2025"),
        &chosen,
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert_eq!(
        created.location.as_deref(),
        Some("/academy/cohorts/2025-09-FULL?created=1")
    );

    let page = academy.get("/academy/cohorts/2025-09-FULL").await;
    assert_eq!(page.status, StatusCode::OK);
    // Ten induction days on consecutive working days, then recall days on the first
    // working day 3, 6, 9 and 11 months on.
    let expected = [
        "1 September 2025",
        "2 September 2025",
        "3 September 2025",
        "4 September 2025",
        "5 September 2025",
        "8 September 2025",
        "9 September 2025",
        "10 September 2025",
        "11 September 2025",
        "12 September 2025",
        "1 December 2025",
        "2 March 2026",
        "1 June 2026",
        "3 August 2026",
    ];
    for (number, day) in (1..).zip(expected) {
        let cells = row(&page, &format!("session-{number}"));
        assert_eq!(cells[0], number.to_string());
        assert_eq!(cells[1], day, "session {number}");
        assert_eq!(
            cells[2],
            "09:30 to 16:30".replace("16:30", if number > 10 { "16:00" } else { "16:30" })
        );
    }
    assert!(!page.body.contains("id=\"session-15\""));
    assert!(page.body.contains("Recall day 4: the final review"));

    let stored = app.store.academy(app.council()).await.unwrap();
    let cohort = CohortId::parse("2025-09-FULL").unwrap();
    assert_eq!(stored.sessions_of(&cohort).len(), 14);
    let workforce = app.store.workforce(app.council()).await.unwrap();
    let members: Vec<&AcademyMember> = workforce
        .academy_members
        .iter()
        .filter(|m| m.cohort_id() == &cohort)
        .collect();
    assert_eq!(members.len(), 3);
    assert!(members.iter().all(|m| m.joined_on() == date("2025-09-01")));
    assert!(
        members
            .iter()
            .all(|m| m.asye_outcome() == Some(AsyeOutcome::InProgress))
    );
    for member in &chosen {
        assert!(
            page.body
                .contains(&format!("/academy/cohorts/2025-09-FULL/members/{member}"))
        );
    }
    // Someone in a cohort that has yet to start (or started in the last year) is not
    // offered for another; someone whose cohort started over a year ago is.
    let later = create_cohort(
        &mut academy,
        "LATER",
        "short",
        ("1", "3", "2100"),
        &chosen[..1],
    )
    .await;
    assert_eq!(later.status, StatusCode::SEE_OTHER, "{}", later.body);
    let again = offered(&academy.get("/academy/cohorts/new").await);
    assert!(!again.contains(&chosen[0]));
    assert!(again.contains(&chosen[1]));

    // The home lists the cohort with its members.
    let home = academy.get("/academy").await;
    assert!(home.body.contains("href=\"/academy/cohorts/2025-09-FULL\""));
    assert!(home.body.contains("Create a cohort"));
}

#[tokio::test]
async fn a_new_starter_is_added_to_the_register_and_joins_the_cohort() {
    let app = TestApp::new().await;
    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let form = academy.get("/academy/cohorts/new").await;
    let fields = vec![
        field("csrf_token", form.form_token()),
        field("name", "Starters"),
        field("cohort_id", ""),
        field("programme", "short"),
        field("start_date-day", "6"),
        field("start_date-month", "10"),
        field("start_date-year", "2025"),
        field("starter_given_name", "Amara"),
        field("starter_family_name", "Okafor"),
        field("starter_worker_id", "NEW-001"),
        field("starter_start_date-day", "13"),
        field("starter_start_date-month", "10"),
        field("starter_start_date-year", "2025"),
        field("starter_role", "social_worker"),
        field("starter_team", ""),
    ];
    let created = post(&mut academy, "/academy/cohorts/new", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    // No ID typed: one is made from the start date and programme.
    assert_eq!(
        created.location.as_deref(),
        Some("/academy/cohorts/2025-10-SHORT?created=1")
    );
    let workforce = app.store.workforce(app.council()).await.unwrap();
    let worker = WorkerId::parse("NEW-001").unwrap();
    assert!(
        workforce
            .workers
            .iter()
            .any(|w| w.id == worker && w.family_name == "Okafor")
    );
    let employment = workforce
        .employments
        .iter()
        .find(|e| e.worker_id() == &worker)
        .unwrap();
    assert_eq!(employment.span().start(), date("2025-10-13"));
    let member = workforce
        .academy_members
        .iter()
        .find(|m| m.worker_id() == &worker)
        .unwrap();
    assert_eq!(member.cohort_id().as_str(), "2025-10-SHORT");
    // They start a week after the cohort, and join on their first day.
    assert_eq!(member.joined_on(), date("2025-10-13"));
    assert_eq!(member.asye_outcome(), Some(AsyeOutcome::NotApplicable));
}

#[tokio::test]
async fn taking_the_register_records_each_mark_and_the_cohorts_attendance_rate() {
    let app = TestApp::new().await;
    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let people = offered(&academy.get("/academy/cohorts/new").await);
    let chosen = people[..3].to_vec();
    let created = create_cohort(&mut academy, "C-REG", "full", ("1", "9", "2025"), &chosen).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);

    let saved = take_register(
        &mut academy,
        "C-REG",
        1,
        &[
            (&chosen[0], "present"),
            (&chosen[1], "absent"),
            (&chosen[2], "excused"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location.as_deref(),
        Some("/academy/cohorts/C-REG/sessions/1?saved=register")
    );
    let stored = app.store.academy(app.council()).await.unwrap();
    let cohort = CohortId::parse("C-REG").unwrap();
    let mark = |worker: &str| {
        stored
            .attendance_of(&cohort)
            .into_iter()
            .find(|m| m.session == 1 && m.worker_id.as_str() == worker)
            .map(|m| m.mark)
    };
    assert_eq!(mark(&chosen[0]), Some(Mark::Present));
    assert_eq!(mark(&chosen[1]), Some(Mark::Absent));
    assert_eq!(mark(&chosen[2]), Some(Mark::Excused));

    // The register shows the marks; excused absences are left out of the rate.
    let session = academy.get(saved.location.as_deref().unwrap()).await;
    assert!(session.body.contains("Register saved"));
    assert!(session.body.contains("value=\"absent\" checked"));
    let cohort_page = academy.get("/academy/cohorts/C-REG").await;
    assert!(
        cohort_page.body.contains("50.0%"),
        "attendance rate of 1 present in 2"
    );
    assert!(
        row(&cohort_page, "session-1")
            .last()
            .unwrap()
            .contains("Taken")
    );

    // Marking nobody is refused, and nothing changes.
    let page = academy.get("/academy/cohorts/C-REG/sessions/2").await;
    let refused = post(
        &mut academy,
        "/academy/cohorts/C-REG/sessions/2",
        &[
            field("csrf_token", page.form_token()),
            field("section", "register"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused
            .body
            .contains("Select present, absent or excused for at least one member")
    );
    let audit = app.store.audit_trail(app.council(), 50).await.unwrap();
    assert!(audit.iter().any(|event| event.entry.action == "academy"
        && event.entry.detail == "register of session 1 of cohort C-REG"));
    // Reading the register, with members' names and marks, is recorded too.
    assert!(
        audit
            .iter()
            .any(|event| event.entry.action == "view session"
                && event.entry.detail == "viewed session 1 of cohort C-REG")
    );
}

#[tokio::test]
async fn a_catch_up_completes_a_member_who_missed_a_session() {
    let app = TestApp::new().await;
    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let people = offered(&academy.get("/academy/cohorts/new").await);
    let (keen, missing) = (people[0].clone(), people[1].clone());
    // The short programme: five induction days, 1 to 5 September 2025.
    let created = create_cohort(
        &mut academy,
        "C-SHORT",
        "short",
        ("1", "9", "2025"),
        &[keen.clone(), missing.clone()],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    for session in 1..=5 {
        let absent = if session == 3 { "absent" } else { "present" };
        let saved = take_register(
            &mut academy,
            "C-SHORT",
            session,
            &[(&keen, "present"), (&missing, absent)],
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }
    let completed_on = |workforce: &Workforce, worker: &str| {
        workforce
            .academy_members
            .iter()
            .find(|m| m.cohort_id().as_str() == "C-SHORT" && m.worker_id().as_str() == worker)
            .unwrap()
            .completed_on()
    };
    let workforce = app.store.workforce(app.council()).await.unwrap();
    assert_eq!(completed_on(&workforce, &keen), Some(date("2025-09-05")));
    assert_eq!(completed_on(&workforce, &missing), None);

    // Session 3 lists the member who missed it, with a form to arrange a catch-up.
    let session = academy.get("/academy/cohorts/C-SHORT/sessions/3").await;
    assert!(session.body.contains("Members who missed this session"));
    assert!(session.body.contains("Arrange a catch-up"));
    let fields = vec![
        field("csrf_token", session.form_token()),
        field("catch_up_date-day", "15"),
        field("catch_up_date-month", "9"),
        field("catch_up_date-year", "2025"),
        field("catch_up_starts_at", "13:00"),
        field("catch_up_ends_at", "16:00"),
        field("catch_up_venue", "Room 2"),
    ];
    let arranged = post(
        &mut academy,
        "/academy/cohorts/C-SHORT/sessions/3/catch-up",
        &fields,
    )
    .await;
    assert_eq!(arranged.status, StatusCode::SEE_OTHER, "{}", arranged.body);
    assert_eq!(
        arranged.location.as_deref(),
        Some("/academy/cohorts/C-SHORT/sessions/6?saved=catch-up")
    );
    let catch_up = academy.get("/academy/cohorts/C-SHORT/sessions/6").await;
    assert!(catch_up.body.contains("Catch-up: "));
    assert!(
        catch_up
            .body
            .contains("href=\"/academy/cohorts/C-SHORT/sessions/3\"")
    );
    // Its register lists only the member who missed the original.
    assert!(catch_up.body.contains(&format!("name=\"mark-{missing}\"")));
    assert!(!catch_up.body.contains(&format!("name=\"mark-{keen}\"")));

    let saved = take_register(&mut academy, "C-SHORT", 6, &[(&missing, "present")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let workforce = app.store.workforce(app.council()).await.unwrap();
    assert_eq!(completed_on(&workforce, &missing), Some(date("2025-09-15")));
    let cohort = academy.get("/academy/cohorts/C-SHORT").await;
    assert!(cohort.body.contains("2 of 2"), "both completed");
    assert!(cohort.body.contains("Completed 15 September 2025"));
    let session = academy.get("/academy/cohorts/C-SHORT/sessions/3").await;
    assert!(!session.body.contains("Members who missed this session"));
}

#[tokio::test]
async fn the_forms_keep_what_was_typed_and_say_what_is_wrong() {
    let app = TestApp::new().await;
    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let form = academy.get("/academy/cohorts/new").await;
    let someone = offered(&form)[0].clone();
    let fields = vec![
        field("csrf_token", form.form_token()),
        field("name", "Spring cohort"),
        field("cohort_id", "SPRING"),
        field("start_date-day", "31"),
        field("start_date-month", "2"),
        field("start_date-year", "2025"),
        field("members", someone.clone()),
        field("starter_role", "asye"),
    ];
    let page = post(&mut academy, "/academy/cohorts/new", &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("There is a problem"));
    assert!(
        page.body
            .contains("href=\"#start_date-day\">Start date must be a real date")
    );
    assert!(
        page.body
            .contains("href=\"#programme\">Select the full or the short programme")
    );
    assert!(page.body.contains("value=\"Spring cohort\""));
    assert!(page.body.contains("value=\"SPRING\""));
    assert!(page.body.contains("value=\"31\""));
    assert!(page.body.contains(&format!(
        "value=\"{someone}\" aria-describedby=\"members-item-hint\" checked"
    )));
    let workforce = app.store.workforce(app.council()).await.unwrap();
    assert!(!workforce.cohorts.iter().any(|c| c.id.as_str() == "SPRING"));

    // A half-typed new starter.
    let fields = vec![
        field("csrf_token", form.form_token()),
        field("name", "Spring cohort"),
        field("programme", "full"),
        field("start_date-day", "2"),
        field("start_date-month", "3"),
        field("start_date-year", "2026"),
        field("starter_given_name", "Sam"),
        field("starter_role", "asye"),
    ];
    let page = post(&mut academy, "/academy/cohorts/new", &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Enter the new starter&#39;s family name")
            || page.body.contains("Enter the new starter's family name")
    );
    assert!(page.body.contains("value=\"Sam\""));

    // Changing a session: an end before the start.
    let people = offered(&academy.get("/academy/cohorts/new").await);
    create_cohort(
        &mut academy,
        "C-FORM",
        "short",
        ("1", "9", "2025"),
        &people[..1],
    )
    .await;
    let session = academy.get("/academy/cohorts/C-FORM/sessions/2").await;
    let fields = vec![
        field("csrf_token", session.form_token()),
        field("section", "details"),
        field("date-day", "9"),
        field("date-month", "9"),
        field("date-year", "2025"),
        field("starts_at", "10:00"),
        field("ends_at", "09:00"),
        field("topic", "A new topic"),
        field("delivery", "online"),
        field("venue", "Teams"),
        field("facilitator", "Jo"),
    ];
    let page = post(&mut academy, "/academy/cohorts/C-FORM/sessions/2", &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("href=\"#ends_at\">The end time must be after the start time")
    );
    assert!(page.body.contains("value=\"A new topic\""));
    assert!(page.body.contains("value=\"09:00\""));
    let stored = app.store.academy(app.council()).await.unwrap();
    let cohort = CohortId::parse("C-FORM").unwrap();
    assert_eq!(stored.session(&cohort, 2).unwrap().date, date("2025-09-02"));

    // With the times put right the session moves.
    let mut fields = fields;
    fields[6] = field("ends_at", "12:30");
    let moved = post(&mut academy, "/academy/cohorts/C-FORM/sessions/2", &fields).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let stored = app.store.academy(app.council()).await.unwrap();
    let session = stored.session(&cohort, 2).unwrap();
    assert_eq!(session.date, date("2025-09-09"));
    assert_eq!(session.topic, "A new topic");
}

#[tokio::test]
async fn a_programme_is_changed_day_by_day_and_its_errors_shown_by_field() {
    let app = TestApp::new().await;
    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let page = academy.get("/academy/programmes/short").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"day_count\" value=\"5\""));
    let day = |index: usize, topic: &str, after: &str, working: &str| {
        let prefix = format!("day-{index}");
        vec![
            field(
                &format!("{prefix}-kind"),
                if after == "0" { "induction" } else { "recall" },
            ),
            field(&format!("{prefix}-topic"), topic),
            field(&format!("{prefix}-venue"), "Room 1"),
            field(&format!("{prefix}-facilitator"), "Academy team"),
            field(&format!("{prefix}-after_months"), after),
            field(&format!("{prefix}-working_day"), working),
            field(&format!("{prefix}-starts_at"), "09:30"),
            field(&format!("{prefix}-ends_at"), "16:30"),
            field(&format!("{prefix}-delivery"), "face_to_face"),
            field(&format!("{prefix}-required"), "yes"),
        ]
    };
    let token = page.form_token();
    let mut fields = vec![
        field("csrf_token", token.clone()),
        field("day_count", "2"),
        field("intent", "save"),
    ];
    fields.extend(day(1, "", "0", "x"));
    fields.extend(day(2, "Welcome", "0", "1"));
    let refused = post(&mut academy, "/academy/programmes/short", &fields).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused
            .body
            .contains("href=\"#day-1-topic\">Day 1: Enter the topic")
    );
    assert!(
        refused
            .body
            .contains("href=\"#day-1-working_day\">Day 1: Enter the working day")
    );
    assert!(refused.body.contains("value=\"Welcome\""));

    // "Add a day" shows the form again with a third, empty day.
    let mut fields = vec![
        field("csrf_token", token.clone()),
        field("day_count", "2"),
        field("intent", "add"),
    ];
    fields.extend(day(1, "Recall", "3", "1"));
    fields.extend(day(2, "Welcome", "0", "1"));
    let added = post(&mut academy, "/academy/programmes/short", &fields).await;
    assert!(added.body.contains("name=\"day_count\" value=\"3\""));
    assert!(added.body.contains("id=\"day-3\""));

    // Saved: the days are numbered in the order they fall.
    fields.retain(|(name, _)| name != "intent");
    fields.push(field("intent", "save"));
    let saved = post(&mut academy, "/academy/programmes/short", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = app.store.academy(app.council()).await.unwrap();
    let days = stored.days(Programme::Short);
    assert_eq!(days.len(), 2);
    assert_eq!((days[0].number, days[0].topic.as_str()), (1, "Welcome"));
    assert_eq!((days[1].number, days[1].after_months), (2, 3));
}

#[tokio::test]
async fn the_checklist_and_settings_are_changed_together() {
    let app = TestApp::new().await;
    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let page = academy.get("/academy/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    let fields = vec![
        field("csrf_token", page.form_token()),
        field("item_count", "2"),
        field("item-1-id", "laptop"),
        field("item-1-label", "Laptop working"),
        field("item-1-position", "2"),
        field("item-2-id", "phone"),
        field("item-2-label", "Phone"),
        field("item-2-position", "1"),
        field("new_item", "Car parking permit"),
        field("asye_caseload_limit", "16"),
        field("weekly_hours", "36"),
    ];
    let saved = post(&mut academy, "/academy/settings", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = app.store.academy(app.council()).await.unwrap();
    let items: Vec<(String, String)> = stored
        .checklist()
        .into_iter()
        .map(|item| (item.id.to_string(), item.label))
        .collect();
    assert_eq!(
        items,
        [
            ("phone".to_owned(), "Phone".to_owned()),
            ("laptop".to_owned(), "Laptop working".to_owned()),
            (
                "car_parking_permit".to_owned(),
                "Car parking permit".to_owned()
            )
        ]
    );
    assert_eq!(stored.settings.asye_caseload_limit, 16);
    let mut wrong = fields.clone();
    wrong[9] = field("asye_caseload_limit", "lots");
    wrong[4] = field("item-1-label", " ");
    let refused = post(&mut academy, "/academy/settings", &wrong).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused
            .body
            .contains("href=\"#asye_caseload_limit\">Enter the caseload limit")
    );
    assert!(refused.body.contains("href=\"#item-1-label\">"));
    assert!(refused.body.contains("value=\"lots\""));
}

/// A worker of the first council whose open employment has an assignment in the
/// team manager's team (the first team), and one who never worked in it.
fn in_and_out_of_the_first_team(app: &TestApp) -> (String, String) {
    let workforce = &app.councils[0].1;
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
    let open: Vec<&WorkerId> = workforce
        .employments
        .iter()
        .filter(|e| e.span().end().is_none())
        .map(|e| e.worker_id())
        .collect();
    let inside = open.iter().find(|w| in_team(w)).unwrap();
    let outside = open.iter().find(|w| !in_team(w)).unwrap();
    (inside.to_string(), outside.to_string())
}

#[tokio::test]
async fn each_role_reaches_only_what_it_may() {
    let app = TestApp::new().await;
    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let (inside, outside) = in_and_out_of_the_first_team(&app);
    let created = create_cohort(
        &mut academy,
        "C-ROLES",
        "full",
        ("1", "9", "2025"),
        &[inside.clone(), outside.clone()],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let created = create_cohort(
        &mut academy,
        "C-OTHER",
        "short",
        ("1", "9", "2025"),
        std::slice::from_ref(&outside),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);

    // Viewers and recruitment officers have no academy.
    for role in [
        UserRole::Viewer,
        UserRole::RecruitmentOfficer,
        UserRole::Admin,
    ] {
        let mut client = app.signed_in(role).await;
        for path in [
            "/academy",
            "/academy/cohorts/C-ROLES",
            "/academy/cohorts/C-ROLES/sessions/1",
            "/academy/programmes/full",
            "/academy/cohorts/new",
        ] {
            assert_eq!(
                client.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{role} {path}"
            );
        }
    }

    // A team manager sees the cohort with their team's member, and only that member;
    // the figures are the whole cohort's.
    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let page = manager.get("/academy/cohorts/C-ROLES").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("/members/{inside}\"")));
    assert!(!page.body.contains(&format!("/members/{outside}\"")));
    assert!(page.body.contains("1 of the 2 members"));
    assert_eq!(
        manager.get("/academy/cohorts/C-OTHER").await.status,
        StatusCode::NOT_FOUND
    );
    let home = manager.get("/academy").await;
    assert!(home.body.contains("/academy/cohorts/C-ROLES\""));
    assert!(!home.body.contains("/academy/cohorts/C-OTHER\""));
    assert!(!home.body.contains("Create a cohort"));
    // They read the session but cannot take its register or move it.
    let session = manager.get("/academy/cohorts/C-ROLES/sessions/1").await;
    assert_eq!(session.status, StatusCode::OK);
    assert!(!session.body.contains("Save register"));
    let token = session.form_token();
    let refused = post(
        &mut manager,
        "/academy/cohorts/C-ROLES/sessions/1",
        &[
            field("csrf_token", token.clone()),
            field("section", "register"),
            field(&format!("mark-{inside}"), "present"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        manager.get("/academy/cohorts/new").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        manager.get("/academy/settings").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        manager.get("/academy/programmes/full").await.status,
        StatusCode::OK
    );
    let refused = post(
        &mut manager,
        "/academy/programmes/full",
        &[
            field("csrf_token", token.clone()),
            field("day_count", "0"),
            field("intent", "add"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A practitioner cannot create cohorts, and sees only a cohort they belong to.
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    assert_eq!(
        practitioner.get("/academy/cohorts/new").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = post(
        &mut practitioner,
        "/academy/cohorts/new",
        &[
            field("csrf_token", token),
            field("name", "Mine"),
            field("programme", "full"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        practitioner.get("/academy/cohorts/C-OTHER").await.status,
        StatusCode::NOT_FOUND
    );
    let own = app.councils[0]
        .1
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id()
        .to_string();
    let created = create_cohort(
        &mut academy,
        "C-MINE",
        "short",
        ("1", "9", "2025"),
        std::slice::from_ref(&own),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let home = practitioner.get("/academy").await;
    assert!(home.body.contains("/academy/cohorts/C-MINE\""));
    assert!(!home.body.contains("/academy/cohorts/C-OTHER\""));
    let page = practitioner.get("/academy/cohorts/C-MINE").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("/members/{own}\"")));

    // Another council's cohort is not found, even for the coordinator.
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let theirs = app.councils[1].1.cohorts[0].id.to_string();
    let ours = app.councils[0]
        .1
        .cohorts
        .iter()
        .any(|c| c.id.as_str() == theirs);
    if !ours {
        assert_eq!(
            lead.get(&format!("/academy/cohorts/{theirs}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        lead.get("/academy/cohorts/NO-SUCH").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        lead.get("/academy/cohorts/C-ROLES/sessions/99")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        lead.get("/academy/programmes/medium").await.status,
        StatusCode::NOT_FOUND
    );
}

/// A council's records built like Lancashire's report: a full cohort of 44 newly
/// qualified members who all completed; since then one has left the council (moved
/// abroad) and two have moved to the council's adult services.
fn lancashire_like(council: pathway_domain::CouncilCode) -> Workforce {
    let mut workforce = Workforce::new(council);
    let start = date("2022-09-05");
    let cohort = CohortId::parse("LANCS-2022").unwrap();
    workforce.cohorts.push(Cohort {
        id: cohort.clone(),
        name: "September 2022 ASYE academy".to_owned(),
        programme: Programme::Full,
        start_date: start,
    });
    for n in 1..=44 {
        let worker = WorkerId::parse(&format!("LAN{n:02}")).unwrap();
        let employment = EmploymentId::parse(&format!("LAN{n:02}-E1")).unwrap();
        workforce.workers.push(Worker {
            id: worker.clone(),
            given_name: format!("Member{n}"),
            family_name: "Lancs".to_owned(),
            swe_number: None,
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: Some(date("2022-07-01")),
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: Vec::new(),
        });
        let (end, reason, destination) = match n {
            1 => (
                Some(date("2024-01-31")),
                Some(LeavingReason::Resignation),
                Some(Destination::OutsideEngland),
            ),
            2 | 3 => (
                Some(date("2024-03-31")),
                Some(LeavingReason::MovedWithinCouncil),
                None,
            ),
            _ => (None, None, None),
        };
        let span = Span::new(start, end).unwrap();
        workforce.employments.push(
            Employment::new(
                employment.clone(),
                worker.clone(),
                span,
                Some(StartOrigin::NewlyQualified),
                reason,
                destination,
            )
            .unwrap(),
        );
        workforce.assignments.push(Assignment {
            employment_id: employment,
            span,
            team_id: None,
            role: Role::Asye,
            contract: Contract::Permanent,
            fte: Fte::FULL,
        });
        workforce.academy_members.push(
            AcademyMember::new(
                cohort.clone(),
                worker,
                start,
                Some(date("2023-08-25")),
                Some(AsyeOutcome::Pass),
            )
            .unwrap(),
        );
    }
    workforce
}

#[tokio::test]
async fn completion_and_retention_of_a_cohort_built_like_lancashires_are_shown_on_the_cohort_page()
{
    let app = TestApp::new().await;
    let source = ImportSource {
        actor: "test",
        description: "Lancashire-like cohort",
        action: "import",
        council_names: &[],
    };
    pathway_app::import(
        app.store.as_ref(),
        Upload::generated(vec![lancashire_like(app.council())]),
        ImportMode::Write,
        source,
    )
    .await
    .unwrap();

    let mut academy = app.signed_in(UserRole::AcademyCoordinator).await;
    let page = academy.get("/academy/cohorts/LANCS-2022").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("44 members"));
    assert!(page.body.contains("44 of 44"));
    assert_eq!(
        page.body
            .matches("<strong class=\"govuk-tag govuk-tag--green\">Completed</strong>")
            .count(),
        44
    );
    assert!(page.body.contains("id=\"retention-members\">44<"));
    assert!(page.body.contains("id=\"retention-completed\">44<"));
    // Of all members, and of those who completed (here the same 44).
    assert_eq!(
        row(&page, "retained-children")[1..],
        ["41", "93.2%", "41", "93.2%"]
    );
    assert_eq!(
        row(&page, "retained-council")[1..],
        ["43", "97.7%", "43", "97.7%"]
    );
    assert_eq!(row(&page, "left-council")[1..], ["1", "2.3%", "1", "2.3%"]);
    // The survival of the members' employments against other starters, drawn and
    // tabled.
    assert!(page.body.contains("id=\"chart-cohort-survival\""));
    assert!(page.body.contains("id=\"survival-table\""));
    assert!(
        page.body
            .contains("Members of September 2022 ASYE academy: 44 employments observed, 3 ended")
    );

    // Seeing the members' progress is recorded.
    let audit = app.store.audit_trail(app.council(), 20).await.unwrap();
    assert!(audit.iter().any(|event| event.entry.action == "view cohort"
        && event.entry.detail == "viewed cohort LANCS-2022"
        && event.entry.actor == "academy_coordinator@test.example"));
}
