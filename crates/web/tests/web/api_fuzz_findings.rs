//! What the API fuzzer (scripts/api-fuzz, schemathesis) found, each kept as a test:
//! every answer is JSON of a documented status and schema, and no request, however
//! odd, is a server error.

use crate::support;

use axum::http::StatusCode;
use pathway_domain::access::UserRole;
use support::TestApp;

#[tokio::test]
async fn an_events_cost_past_any_real_one_is_refused_not_a_server_error() {
    let app = TestApp::new().await;
    let token = app
        .signed_in(UserRole::WorkforceLead)
        .await
        .api_token()
        .await;
    let (_, events) = app
        .api("GET", "/api/v1/recruitment/events", &token, None)
        .await;
    let event = events["events"][0]["event_id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/recruitment/events/{event}/details");
    let details = |pence: u64| {
        Some(serde_json::json!({
            "name": "Careers fair",
            "starts_at": "17:30",
            "ends_at": "20:00",
            "cost_pence": pence,
        }))
    };
    // 2^63: past the database's integers, once a server error.
    for pence in [9_223_372_036_854_775_808_u64, u64::MAX, 100_000_000_000] {
        let (status, error) = app.api("PUT", &path, &token, details(pence)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{pence}: {error}");
        assert_eq!(
            error["error"],
            "The event's cost must be at most £999,999,999.99"
        );
    }
    let (status, saved) = app.api("PUT", &path, &token, details(99_999_999_999)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
}

#[tokio::test]
async fn a_query_that_does_not_parse_is_answered_with_a_json_error() {
    let app = TestApp::new().await;
    let token = app
        .signed_in(UserRole::WorkforceLead)
        .await
        .api_token()
        .await;
    for path in [
        "/api/v1/caseloads?date=2024-09-30&date=2024-09-30",
        "/api/v1/caseloads/alerts?date=2024-09-30&date=2024-09-30",
        "/api/v1/training/mandatory?within=soon",
        "/api/v1/training/reminders?within=-1",
        "/api/v1/skills?q=bsl&q=bsl",
    ] {
        let (status, error) = app.api("GET", path, &token, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(error["error"].is_string(), "{path}: {error}");
    }
}

#[tokio::test]
async fn every_operation_with_a_body_documents_the_answers_to_a_bad_or_large_one() {
    let app = TestApp::new().await;
    let token = app
        .signed_in(UserRole::WorkforceLead)
        .await
        .api_token()
        .await;
    let (status, document) = app.api("GET", "/api/openapi.json", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    let mut with_bodies = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(body) = operation.get("requestBody") else {
                continue;
            };
            with_bodies += 1;
            let answers = &operation["responses"];
            assert!(answers.get("413").is_some(), "{method} {path}: no 413");
            if body["content"].get("application/json").is_some() {
                assert!(answers.get("400").is_some(), "{method} {path}: no 400");
            }
        }
    }
    assert!(with_bodies > 30, "{with_bodies}");
}

#[tokio::test]
async fn a_cohorts_sessions_are_described_by_their_own_schema() {
    let app = TestApp::new().await;
    let token = app
        .signed_in(UserRole::WorkforceLead)
        .await
        .api_token()
        .await;
    let (_, document) = app.api("GET", "/api/openapi.json", &token, None).await;
    let schemas = &document["components"]["schemas"];
    // The feedback session and the cohort's session once shared the name SessionBody,
    // and the cohort's answers were checked against the feedback session's fields.
    assert!(
        schemas["SessionBody"]["required"]
            .to_string()
            .contains("held_on")
    );
    let cohort_session = schemas["CohortSessionBody"]["required"].as_array().unwrap();
    let (_, cohorts) = app
        .api("GET", "/api/v1/academy/cohorts", &token, None)
        .await;
    let id = cohorts["cohorts"][0]["cohort_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, cohort) = app
        .api(
            "GET",
            &format!("/api/v1/academy/cohorts/{id}"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let session = &cohort["sessions"][0];
    for field in cohort_session {
        assert!(
            session.get(field.as_str().unwrap()).is_some(),
            "{field} in {session}"
        );
    }
    assert!(schemas["CohortCompletionBody"].is_object());
    assert!(
        schemas["CompletionBody"]["required"]
            .to_string()
            .contains("completed_on")
    );
}
