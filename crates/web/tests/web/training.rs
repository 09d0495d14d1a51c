//! Training and skills through the pages and the JSON API: the register taken on a
//! course date completes the course; BSL edited on the skills page is written to the
//! worker record (and the API's worker record shows it); the skills search finds BSL
//! from the worker record; roles and councils are kept apart (404 outside reach);
//! an API change with one bad item writes nothing.

use crate::support;

use axum::http::StatusCode;
use pathway_app::{Store, TrainingRequest, change_training};
use pathway_domain::access::UserRole;
use pathway_domain::ids::WorkerId;
use pathway_domain::training::{BookingStatus, Course, CourseId, CourseMode, TrainingChange};
use serde_json::json;
use support::TestApp;

/// The demo's safeguarding date whose register is still to be taken: the latest held
/// date with people booked.
async fn open_register(app: &TestApp) -> (u16, Vec<WorkerId>) {
    let training = app.store.training(app.council()).await.unwrap();
    let safe = CourseId::parse("SAFEGUARD").unwrap();
    let date = training
        .dates_of(&safe)
        .into_iter()
        .filter(|d| {
            training
                .bookings_on(&safe, d.number)
                .iter()
                .any(|b| b.status == BookingStatus::Booked)
        })
        .min_by_key(|d| d.date)
        .expect("a date with bookings");
    let booked = training
        .bookings_on(&safe, date.number)
        .iter()
        .filter(|b| b.status == BookingStatus::Booked)
        .map(|b| b.worker_id.clone())
        .collect();
    (date.number, booked)
}

#[tokio::test]
async fn taking_a_register_records_attendance_and_completes_the_course() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let (number, booked) = open_register(&app).await;
    let path = format!("/training/courses/SAFEGUARD/dates/{number}");
    let page = lead.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Save the register"), "{}", page.body);
    let who = &booked[0];
    let field = format!("status-{who}");
    let saved = lead
        .post_form(
            &path,
            &[
                ("csrf_token", &page.form_token()),
                ("section", "register"),
                (&field, "attended"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let training = app.store.training(app.council()).await.unwrap();
    let safe = CourseId::parse("SAFEGUARD").unwrap();
    let date = training.date(&safe, number).unwrap().date;
    assert!(training.completions_of(&safe, who).contains(&date));
    // Everyone else booked keeps their booking.
    for other in &booked[1..] {
        assert!(!training.completions_of(&safe, other).contains(&date));
    }
    // The person's record shows it, and viewing it is audited.
    let record = lead.get(&format!("/training/people/{who}")).await;
    assert_eq!(record.status, StatusCode::OK);
    assert!(record.body.contains(&date.format("%-d %B %Y").to_string()));
    let audit = app.store.audit_trail(app.council(), 5).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entry.action == "view training record"
                && e.entry.detail == format!("worker {who}"))
    );
    assert!(audit.iter().any(
        |e| e.entry.action == "training" && e.entry.detail.contains(&format!("date {number}"))
    ));
    // An unknown status is refused with the person's field named, and nothing saved.
    let page = lead.get(&path).await;
    let second = &booked[1];
    let field = format!("status-{second}");
    let refused = lead
        .post_form(
            &path,
            &[
                ("csrf_token", &page.form_token()),
                ("section", "register"),
                (&field, "maybe"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused.body.contains(&format!("href=\"#status-{second}\"")),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn editing_bsl_on_the_skills_page_writes_the_worker_record_and_the_search_finds_it() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let workforce = app.store.workforce(app.council()).await.unwrap();
    let training = app.store.training(app.council()).await.unwrap();
    // Someone in post with no BSL and no recorded skills, so the form has only the new
    // skill's fields.
    let worker = workforce
        .workers
        .iter()
        .find(|w| {
            w.bsl != Some(true)
                && training.skills_of(&w.id).is_empty()
                && workforce
                    .employments
                    .iter()
                    .any(|e| e.worker_id() == &w.id && e.span().end().is_none())
        })
        .unwrap();
    let path = format!("/skills/people/{}", worker.id);
    let page = lead.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let saved = lead
        .post_form(
            &path,
            &[
                ("csrf_token", &page.form_token()),
                ("bsl", "yes"),
                ("languages", "English, Polish"),
                ("new-kind", "specialism"),
                ("new-name", "Parenting assessments"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = app.store.workforce(app.council()).await.unwrap();
    let changed = after.workers.iter().find(|w| w.id == worker.id).unwrap();
    assert_eq!(changed.bsl, Some(true));
    assert_eq!(changed.languages, ["English", "Polish"]);
    let found = lead.get("/skills?kind=bsl").await;
    assert!(
        found
            .body
            .contains(&format!("{} {}", worker.given_name, worker.family_name))
    );
    let found = lead.get("/skills?q=parenting+assessments").await;
    assert!(
        found
            .body
            .contains(&format!("{} {}", worker.given_name, worker.family_name))
    );

    // The worker record in the API shows the change, and the API search finds it.
    let token = lead.api_token().await;
    let (status, json) = app
        .api(
            "GET",
            &format!("/api/v1/workers/{}", worker.id),
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["bsl"], true, "{json}");
    let (_, json) = app
        .api("GET", "/api/v1/skills?kind=bsl", &token, None)
        .await;
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|s| s["worker_id"] == worker.id.as_str() && s["source"] == "worker_record")
    );

    // Through the API: BSL off again, and one specialism.
    let (status, json) = app
        .api(
            "PUT",
            &format!("/api/v1/skills/people/{}", worker.id),
            &token,
            Some(json!({"bsl": false, "skills": [{"kind": "specialism", "name": "Court work"}]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let after = app.store.workforce(app.council()).await.unwrap();
    assert_eq!(
        after
            .workers
            .iter()
            .find(|w| w.id == worker.id)
            .unwrap()
            .bsl,
        Some(false)
    );
    let training = app.store.training(app.council()).await.unwrap();
    let names: Vec<&str> = training
        .skills_of(&worker.id)
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Court work"]);
}

#[tokio::test]
async fn roles_and_councils_are_kept_apart() {
    let app = TestApp::new().await;
    // A course only the other council has.
    let request = TrainingRequest {
        actor: "test",
        action: "training",
        description: "test",
    };
    change_training(
        app.store.as_ref(),
        app.other_council(),
        request,
        None,
        vec![TrainingChange::PutCourse(Course {
            id: CourseId::parse("ELSEWHERE").unwrap(),
            title: "Only in the other council".into(),
            mode: CourseMode::Online,
            provider: "Them".into(),
            hours: 1.0,
            description: String::new(),
            mandatory: false,
            valid_for_months: None,
            pcf_domains: Vec::new(),
        })],
    )
    .await
    .unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    assert_eq!(lead.get("/training").await.status, StatusCode::OK);
    assert_eq!(
        lead.get("/training/courses/SAFEGUARD").await.status,
        StatusCode::OK
    );
    assert_eq!(
        lead.get("/training/courses/ELSEWHERE").await.status,
        StatusCode::NOT_FOUND
    );
    let mandatory = lead.get("/training/mandatory?date=2024-09-30").await;
    assert!(mandatory.body.contains("Expired") || mandatory.body.contains("Due soon"));
    let csv = lead.get("/training/reminders.csv?date=2024-09-30").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body
            .starts_with("team_id,team,worker_id,name,course_id")
    );
    let token = lead.api_token().await;
    let (status, _) = app
        .api(
            "GET",
            "/api/v1/training/courses/ELSEWHERE/attendance",
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A practitioner sees their own record and nobody else's, and changes nothing.
    let workforce = &app.councils[0].1;
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    let own = workforce
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id()
        .clone();
    let other = workforce
        .workers
        .iter()
        .find(|w| w.id != own)
        .unwrap()
        .id
        .clone();
    assert_eq!(
        practitioner
            .get(&format!("/training/people/{own}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        practitioner
            .get(&format!("/skills/people/{own}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        practitioner
            .get(&format!("/training/people/{other}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        practitioner
            .get(&format!("/skills/people/{other}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let page = practitioner.get("/training").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Add a course"));
    let posted = practitioner
        .post_form(
            &format!("/skills/people/{own}"),
            &[("csrf_token", &page.form_token()), ("bsl", "yes")],
        )
        .await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    let ptoken = practitioner.api_token().await;
    let (_, json) = app
        .api(
            "GET",
            "/api/v1/training/mandatory?date=2024-09-30",
            &ptoken,
            None,
        )
        .await;
    let rows = json["rows"].as_array().unwrap();
    assert!(
        rows.iter().all(|r| r["worker_id"] == own.as_str()),
        "{json}"
    );

    // A team manager does not reach people who never worked in their teams.
    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let team = &workforce.teams[0].id;
    let outside = workforce
        .workers
        .iter()
        .find(|w| {
            !workforce.employments.iter().any(|e| {
                e.worker_id() == &w.id
                    && workforce
                        .assignments
                        .iter()
                        .any(|a| &a.employment_id == e.id() && a.team_id.as_ref() == Some(team))
            })
        })
        .unwrap();
    assert_eq!(
        manager
            .get(&format!("/training/people/{}", outside.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A viewer sees no training at all.
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    assert_eq!(viewer.get("/training").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_api_attendance_change_with_one_bad_item_writes_nothing() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.api_token().await;
    let (number, booked) = open_register(&app).await;
    let before = app.store.training(app.council()).await.unwrap();
    let (status, json) = app
        .api(
            "PUT",
            "/api/v1/training/courses/SAFEGUARD/attendance",
            &token,
            Some(json!({"bookings": [
                {"number": number, "worker_id": booked[0].as_str(), "status": "attended"},
                {"number": 999, "worker_id": booked[0].as_str(), "status": "attended"}
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
    assert!(
        json["error"]
            .as_str()
            .unwrap()
            .starts_with("bookings[1]: course SAFEGUARD has no date 999"),
        "{json}"
    );
    assert_eq!(app.store.training(app.council()).await.unwrap(), before);

    let (status, json) = app
        .api(
            "PUT",
            "/api/v1/training/courses/SAFEGUARD/attendance",
            &token,
            Some(json!({"bookings": [
                {"number": number, "worker_id": booked[0].as_str(), "status": "attended"}
            ]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (status, json) = app
        .api(
            "GET",
            "/api/v1/training/reminders?date=2024-09-30&within=60",
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "due_soon" || r["status"] == "expired")
    );
    let (status, json) = app
        .api(
            "PUT",
            "/api/v1/training/courses/NEWONE",
            &token,
            Some(
                json!({"title": "Writing chronologies", "mode": "online", "provider": "Council",
            "hours": 1.5, "mandatory": false, "pcf_domains": ["knowledge"]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let (_, json) = app
        .api("GET", "/api/v1/training/courses", &token, None)
        .await;
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|c| c["course_id"] == "NEWONE")
    );
}
