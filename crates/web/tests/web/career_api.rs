//! The career pathway's JSON API: the framework, a person's pathway, starting a
//! self-assessment, signing it off and the measures, each within the caller's role
//! and reach.

use crate::support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use http_body_util::BodyExt;
use pathway_app::Store;
use pathway_app::accounts::{add_user_with_password, token_hash};
use pathway_domain::access::UserRole;
use pathway_domain::career::Framework;
use pathway_domain::codes::Role;
use pathway_domain::ids::{TeamId, WorkerId};
use serde_json::{Value, json};
use support::{PASSWORD, TestApp};
use tower::ServiceExt;

/// A JSON answer.
struct Answer {
    status: StatusCode,
    json: Value,
}

async fn send(app: &TestApp, method: &str, path: &str, token: &str, body: Option<Value>) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "pathway.test")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let body = body.map_or_else(Body::empty, |value| Body::from(value.to_string()));
    let response = app
        .router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// A token for a new user of the first council.
async fn token(
    app: &TestApp,
    email: &str,
    role: UserRole,
    worker: Option<WorkerId>,
    teams: Vec<TeamId>,
) -> String {
    let user = add_user_with_password(
        app.store.as_ref(),
        Some(app.council()),
        email,
        role,
        worker,
        teams,
        PASSWORD,
    )
    .await
    .unwrap();
    let secret = format!("career-test-token-{email}");
    app.store
        .create_api_token(user.id, "tests", &token_hash(&secret), Utc::now())
        .await
        .unwrap();
    secret
}

/// A social worker in post in a team with no self-assessment, and a team not theirs.
async fn social_worker(app: &TestApp) -> (WorkerId, TeamId, TeamId) {
    let career = app.store.career(app.council()).await.unwrap();
    let workforce = &app.councils[0].1;
    let (worker, team) = workforce
        .employments
        .iter()
        .filter(|e| e.span().end().is_none())
        .find_map(|e| {
            let latest = workforce
                .assignments
                .iter()
                .filter(|a| &a.employment_id == e.id())
                .max_by_key(|a| a.span.start())?;
            let team = latest.team_id.clone()?;
            (latest.role == Role::SocialWorker
                && latest.span.end().is_none()
                && career.assessments_of(e.worker_id()).is_empty())
            .then(|| (e.worker_id().clone(), team))
        })
        .unwrap();
    let other = workforce
        .teams
        .iter()
        .find(|t| t.id != team)
        .unwrap()
        .id
        .clone();
    (worker, team, other)
}

#[tokio::test]
async fn the_api_carries_a_self_assessment_from_the_practitioner_to_their_managers_sign_off() {
    let app = TestApp::new().await;
    let (worker, team, other_team) = social_worker(&app).await;
    let own = token(
        &app,
        "sw@test.example",
        UserRole::Practitioner,
        Some(worker.clone()),
        vec![],
    )
    .await;
    let manager = token(
        &app,
        "tm@test.example",
        UserRole::TeamManager,
        None,
        vec![team],
    )
    .await;
    let stranger = token(
        &app,
        "other@test.example",
        UserRole::TeamManager,
        None,
        vec![other_team],
    )
    .await;
    let lead = token(
        &app,
        "lead@test.example",
        UserRole::WorkforceLead,
        None,
        vec![],
    )
    .await;
    let coordinator = token(
        &app,
        "academy@test.example",
        UserRole::AcademyCoordinator,
        None,
        vec![],
    )
    .await;

    // The framework: read by the coordinator, replaced only by the lead, and never
    // losing a criterion.
    let framework = send(&app, "GET", "/api/v1/career/framework", &coordinator, None).await;
    assert_eq!(framework.status, StatusCode::OK);
    assert_eq!(framework.json["levels"].as_array().unwrap().len(), 6);
    let mut edited = framework.json.clone();
    assert_eq!(
        send(
            &app,
            "PUT",
            "/api/v1/career/framework",
            &coordinator,
            Some(edited.clone())
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let mut removed = edited.clone();
    removed["criteria"].as_array_mut().unwrap().remove(0);
    let refused = send(
        &app,
        "PUT",
        "/api/v1/career/framework",
        &lead,
        Some(removed),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.json["error"]
            .as_str()
            .unwrap()
            .contains("retire it instead")
    );
    let last = edited["criteria"].as_array().unwrap().len() - 1;
    edited["criteria"][last]["retired"] = json!(true);
    let saved = send(&app, "PUT", "/api/v1/career/framework", &lead, Some(edited)).await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(saved.json["criteria"][last]["retired"], json!(true));

    // The practitioner submits against the next level; nobody else may start theirs.
    let criteria = Framework::pathway_default();
    let ratings: Vec<Value> = criteria
        .active_criteria("senior_social_worker")
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "criterion_id": c.id,
                "rating": if i < 3 { "confident" } else { "developing" },
                "evidence": "From my cases",
            })
        })
        .collect();
    let input = json!({"level": "senior_social_worker", "submit": true, "ratings": ratings});
    let path = format!("/api/v1/career/people/{worker}/assessments");
    assert_eq!(
        send(&app, "POST", &path, &manager, Some(input.clone()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let created = send(&app, "POST", &path, &own, Some(input)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.json);
    assert_eq!(created.json["status"], json!("submitted"));
    assert_eq!(created.json["number"], json!(1));

    // Readiness for the next level: 3 of 6, three gaps.
    let pathway = send(
        &app,
        "GET",
        &format!("/api/v1/career/people/{worker}"),
        &own,
        None,
    )
    .await;
    assert_eq!(pathway.status, StatusCode::OK);
    assert_eq!(pathway.json["current_level"], json!("social_worker"));
    assert_eq!(pathway.json["next_level"], json!("senior_social_worker"));
    assert_eq!(pathway.json["readiness"]["met"], json!(3));
    assert_eq!(pathway.json["readiness"]["total"], json!(6));
    assert_eq!(
        pathway.json["readiness"]["gaps"].as_array().unwrap().len(),
        3
    );

    // Signing off: not by a manager of another team, nor by the practitioner.
    let sign_off = format!("{path}/1/sign-off");
    let agreed = json!({"decision": "agreed", "comments": "Well evidenced"});
    for caller in [&stranger, &own] {
        let answer = send(&app, "POST", &sign_off, caller, Some(agreed.clone())).await;
        assert!(
            matches!(answer.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}",
            answer.status
        );
    }
    assert_eq!(
        send(
            &app,
            "GET",
            &format!("/api/v1/career/people/{worker}"),
            &stranger,
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let signed = send(&app, "POST", &sign_off, &manager, Some(agreed)).await;
    assert_eq!(signed.status, StatusCode::OK, "{}", signed.json);
    assert_eq!(signed.json["status"], json!("signed_off"));
    assert_eq!(signed.json["review"]["by"], json!("tm@test.example"));

    // The measures: for those who see figures.
    let measures = send(&app, "GET", "/api/v1/career/measures", &lead, None).await;
    assert_eq!(measures.status, StatusCode::OK);
    assert!(measures.json["academy_within_5_years"]["counted"].is_u64());
    assert_eq!(
        send(&app, "GET", "/api/v1/career/measures", &own, None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
