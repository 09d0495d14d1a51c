//! Feedback sessions: a coordinator records a session with a theme and an action,
//! marks the action done, and everyone who sees feedback (councillors too) finds it in
//! "you said, we did", on the pages and through the API; roles and councils are kept
//! apart.

use crate::support;

use axum::http::StatusCode;
use pathway_app::Store;
use pathway_domain::access::UserRole;
use pathway_domain::feedback::{FeedbackChange, SessionDetails};
use serde_json::json;
use support::TestApp;

#[tokio::test]
async fn a_coordinator_records_a_session_marks_its_action_done_and_everyone_sees_it_in_you_said_we_did()
 {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;

    // Record the session; a missing place is said and what was typed is kept.
    let form = coordinator.get("/feedback/sessions/new").await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.form_token();
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("title", "Coffee and cake: test session"),
        ("held_on-day", "2"),
        ("held_on-month", "9"),
        ("held_on-year", "2024"),
        ("place", ""),
        ("attendees", "17"),
        ("run_by", "Principal social worker"),
    ];
    let refused = coordinator
        .post_form("/feedback/sessions/new", &fields)
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("Enter where the session was held"));
    assert!(refused.body.contains("Coffee and cake: test session"));
    fields[5] = ("place", "North area office");
    let created = coordinator
        .post_form("/feedback/sessions/new", &fields)
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let location = created.location.unwrap();
    let session_path = location.split('?').next().unwrap().to_owned();
    assert_eq!(
        session_path, "/feedback/sessions/9",
        "after the demo's eight"
    );

    // A theme, then an action on it.
    let page = coordinator.get(&location).await;
    assert!(page.body.contains("Session recorded"));
    let theme = coordinator
        .post_form(
            &format!("{session_path}/themes"),
            &[
                ("csrf_token", &token),
                ("theme_text", "Too many meetings on Mondays"),
                ("standard", "wellbeing"),
            ],
        )
        .await;
    assert_eq!(theme.status, StatusCode::SEE_OTHER);
    let action = coordinator
        .post_form(
            &format!("{session_path}/actions"),
            &[
                ("csrf_token", &token),
                ("theme", "1"),
                ("description", "Move the team meeting to Wednesdays"),
                ("owner", "Head of service"),
                ("due_on-day", "31"),
                ("due_on-month", "10"),
                ("due_on-year", "2024"),
            ],
        )
        .await;
    assert_eq!(action.status, StatusCode::SEE_OTHER);
    let page = coordinator.get(&session_path).await;
    assert!(page.body.contains("Move the team meeting to Wednesdays"));
    assert!(page.body.contains("Employer standard: Wellbeing"));

    // Marking it done needs what was done.
    let action_path = format!("{session_path}/actions/1");
    let form = coordinator.get(&action_path).await;
    assert_eq!(form.status, StatusCode::OK);
    let mut done = vec![
        ("csrf_token", token.as_str()),
        ("status", "done"),
        ("done_on-day", "20"),
        ("done_on-month", "9"),
        ("done_on-year", "2024"),
        ("what_we_did", ""),
    ];
    let refused = coordinator.post_form(&action_path, &done).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("Say what was done"));
    done[5] = (
        "what_we_did",
        "Team meetings are now on Wednesday mornings.",
    );
    let saved = coordinator.post_form(&action_path, &done).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    // Everyone who sees feedback finds it published: the coordinator, a practitioner
    // and a councillor (viewer).
    let page = coordinator.get("/feedback/you-said-we-did").await;
    assert!(
        page.body
            .contains("Team meetings are now on Wednesday mornings.")
    );
    for role in [UserRole::Practitioner, UserRole::Viewer] {
        let mut client = app.signed_in(role).await;
        let page = client.get("/feedback/you-said-we-did").await;
        assert_eq!(page.status, StatusCode::OK, "{role:?}");
        assert!(
            page.body.contains("Too many meetings on Mondays"),
            "{role:?}"
        );
        assert!(
            page.body
                .contains("Team meetings are now on Wednesday mornings."),
            "{role:?}"
        );
        if role == UserRole::Viewer {
            // And through the API.
            let bearer = client.api_token().await;
            let (status, json) = app
                .api("GET", "/api/v1/feedback/you-said-we-did", &bearer, None)
                .await;
            assert_eq!(status, StatusCode::OK);
            let first = json["themes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|theme| theme["session_id"] == 9)
                .expect("the new session's theme is published");
            assert_eq!(first["you_said"], "Too many meetings on Mondays");
            assert_eq!(
                first["we_did"][0]["what_we_did"],
                "Team meetings are now on Wednesday mornings."
            );
            // A viewer records nothing.
            let (status, _) = app
                .api(
                    "PUT",
                    "/api/v1/feedback/sessions/9/actions/1",
                    &bearer,
                    Some(json!({"description": "x", "owner": "y"})),
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            let page = client.get("/feedback/sessions/new").await;
            assert_eq!(page.status, StatusCode::FORBIDDEN);
        }
    }

    // Each change was audited once.
    let trail = app.store.audit_trail(app.council(), 50).await.unwrap();
    let details: Vec<&str> = trail.iter().map(|e| e.entry.detail.as_str()).collect();
    assert!(details.contains(&"feedback session 9: action 1 is done"));
    assert!(details.contains(&"feedback session 9: theme 1 added"));
}

#[tokio::test]
async fn the_api_records_a_session_and_refuses_a_done_action_without_what_was_done_and_councils_stay_apart()
 {
    let app = TestApp::new().await;
    // A session only the other council has.
    let other = app.other_council();
    pathway_app::change_feedback(
        app.store.as_ref(),
        other,
        pathway_app::ChangeRequest {
            actor: "test",
            action: "feedback",
            description: "other council's session",
        },
        vec![FeedbackChange::PutSession(SessionDetails {
            id: 40,
            held_on: pathway_domain::values::parse_date("2024-05-01").unwrap(),
            title: "Only in the other council".to_owned(),
            place: "Elsewhere".to_owned(),
            attendees: 5,
            run_by: "Principal social worker".to_owned(),
        })],
    )
    .await
    .unwrap();

    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let bearer = lead.api_token().await;
    let (status, created) = app
        .api(
            "POST",
            "/api/v1/feedback/sessions",
            &bearer,
            Some(json!({
                "held_on": "2024-07-10",
                "title": "Summer session",
                "place": "Online",
                "attendees": 22,
                "run_by": "Director of children's services",
                "themes": [
                    {"text": "Parking at the north office", "actions": [
                        {"description": "Ask for more permits", "owner": "Facilities team"}
                    ]}
                ]
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["session_id"].as_u64().unwrap();
    assert_eq!(created["actions"][0]["status"], "open");

    let path = format!("/api/v1/feedback/sessions/{id}/actions/1");
    let (status, refused) = app
        .api(
            "PUT",
            &path,
            &bearer,
            Some(json!({"theme": 1, "description": "Ask for more permits",
                    "owner": "Facilities team", "status": "done", "done_on": "2024-08-01"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused["error"].as_str().unwrap().contains("what_we_did"));
    let (status, done) = app
        .api(
            "PUT",
            &path,
            &bearer,
            Some(json!({"theme": 1, "description": "Ask for more permits",
                    "owner": "Facilities team", "status": "done", "done_on": "2024-08-01",
                    "what_we_did": "Ten more permits were agreed."})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    let (_, list) = app
        .api("GET", "/api/v1/feedback/you-said-we-did", &bearer, None)
        .await;
    assert!(list.to_string().contains("Ten more permits were agreed."));

    // The other council's session is not found, on the pages or the API.
    let (status, _) = app
        .api("GET", "/api/v1/feedback/sessions/40", &bearer, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let page = lead.get("/feedback/sessions/40").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = lead.get("/feedback").await;
    assert!(!page.body.contains("Only in the other council"));
    let (_, sessions) = app
        .api("GET", "/api/v1/feedback/sessions", &bearer, None)
        .await;
    assert!(!sessions.to_string().contains("Only in the other council"));

    // A practitioner sees feedback but records none; an administrator has none.
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    assert_eq!(practitioner.get("/feedback").await.status, StatusCode::OK);
    let page = practitioner
        .post_form(
            &format!("/feedback/sessions/{id}/themes"),
            &[("csrf_token", "x"), ("theme_text", "sneaky")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let mut admin = app.signed_in(UserRole::Admin).await;
    assert_eq!(admin.get("/feedback").await.status, StatusCode::FORBIDDEN);
}
