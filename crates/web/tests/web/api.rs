//! The JSON API: bearer tokens made on the tokens page, the same permissions and
//! council isolation as the pages, JSON errors, and the OpenAPI document.

use crate::support;

use std::collections::HashSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pathway_app::Store;
use pathway_app::accounts::token_hash;
use pathway_domain::access::UserRole;
use serde_json::Value;
use support::{Client, TestApp};
use tower::ServiceExt;

/// A response to an API call, its body parsed as JSON.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: Value,
    text: String,
}

/// `GET path` with `Authorization: <authorization>` (none if `None`), no cookie.
async fn call(app: &TestApp, path: &str, authorization: Option<&str>) -> Answer {
    send(app, "GET", path, authorization).await
}

async fn send(app: &TestApp, method: &str, path: &str, authorization: Option<&str>) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "pathway.test");
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        json,
        text,
    }
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// Makes a token on the tokens page as the signed-in client and returns it.
async fn make_token(client: &mut Client, name: &str) -> String {
    let form = client.get("/account/tokens").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let page = client
        .post_form(
            "/account/tokens",
            &[("name", name), ("csrf_token", &form.form_token())],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("it is not shown again"), "{}", page.body);
    let marker = "id=\"new-token\">";
    let start = page.body.find(marker).expect("the new token on the page") + marker.len();
    page.body[start..].split('<').next().unwrap().to_owned()
}

/// A token for a new user of the first council with `role`.
async fn token_for(app: &TestApp, role: UserRole) -> String {
    let mut client = app.signed_in(role).await;
    make_token(&mut client, "tests").await
}

fn assert_json_error(answer: &Answer, status: StatusCode) {
    assert_eq!(answer.status, status, "{}", answer.text);
    assert!(
        answer.json["error"].as_str().is_some_and(|e| !e.is_empty()),
        "not a JSON error: {}",
        answer.text
    );
    assert!(
        answer.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
}

#[tokio::test]
async fn a_token_made_on_the_tokens_page_calls_the_api_as_its_user() {
    let app = TestApp::new().await;
    let token = token_for(&app, UserRole::WorkforceLead).await;
    assert!(token.starts_with("pathway_") && token.len() > 40, "{token}");
    let answer = call(&app, "/api/v1/workers?status=all", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let workforce = &app.councils[0].1;
    assert_eq!(
        answer.json["total"].as_u64(),
        Some(workforce.workers.len() as u64)
    );
    let first = &answer.json["workers"][0];
    for field in [
        "worker_id",
        "given_name",
        "family_name",
        "swe_number",
        "team_id",
        "role",
        "contract",
        "fte",
        "in_post",
        "start_date",
    ] {
        assert!(first.get(field).is_some(), "no {field} in {first}");
    }
    assert_eq!(answer.json["page"], 1);
    assert_eq!(answer.json["per_page"], 50);
}

#[tokio::test]
async fn the_worker_list_filters_by_status_and_pages() {
    let app = TestApp::new().await;
    let token = bearer(&token_for(&app, UserRole::WorkforceLead).await);
    let all = call(
        &app,
        "/api/v1/workers?status=all&per_page=500",
        Some(&token),
    )
    .await;
    let in_post = call(&app, "/api/v1/workers?per_page=500", Some(&token)).await;
    let left = call(
        &app,
        "/api/v1/workers?status=left&per_page=500",
        Some(&token),
    )
    .await;
    let count = |answer: &Answer| answer.json["total"].as_u64().unwrap();
    assert!(count(&in_post) > 0 && count(&left) > 0);
    assert_eq!(count(&in_post) + count(&left), count(&all));
    assert!(
        in_post.json["workers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|worker| worker["in_post"] == true)
    );
    let second = call(
        &app,
        "/api/v1/workers?status=all&per_page=2&page=2",
        Some(&token),
    )
    .await;
    assert_eq!(second.json["workers"].as_array().unwrap().len(), 2);
    assert_eq!(second.json["workers"][0], all.json["workers"][2]);
    let name = all.json["workers"][0]["family_name"].as_str().unwrap();
    let found = call(
        &app,
        &format!(
            "/api/v1/workers?status=all&q={}",
            support::encode(&name.to_uppercase())
        ),
        Some(&token),
    )
    .await;
    assert!(
        found.json["workers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|worker| worker
                .to_string()
                .to_lowercase()
                .contains(&name.to_lowercase()))
    );
    assert!(count(&found) >= 1);
}

#[tokio::test]
async fn a_request_without_a_valid_token_is_refused_with_401() {
    let app = TestApp::new().await;
    let token = token_for(&app, UserRole::WorkforceLead).await;
    let basic = format!("Basic {token}");
    for authorization in [
        None,
        Some("Bearer not-a-token"),
        Some("Bearer "),
        Some(&*basic),
    ] {
        let answer = call(&app, "/api/v1/workers", authorization).await;
        assert_json_error(&answer, StatusCode::UNAUTHORIZED);
        assert_eq!(answer.headers[header::WWW_AUTHENTICATE], "Bearer");
    }
}

#[tokio::test]
async fn a_revoked_token_is_refused() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = make_token(&mut lead, "to revoke").await;
    assert_eq!(
        call(&app, "/api/v1/teams", Some(&bearer(&token)))
            .await
            .status,
        StatusCode::OK
    );
    let page = lead.get("/account/tokens").await;
    let marker = "action=\"/account/tokens/";
    let start = page.body.find(marker).expect("a revoke button") + marker.len();
    let id = page.body[start..].split('/').next().unwrap().to_owned();
    let revoked = lead
        .post_form(
            &format!("/account/tokens/{id}/revoke"),
            &[("csrf_token", &page.form_token())],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let answer = call(&app, "/api/v1/teams", Some(&bearer(&token))).await;
    assert_json_error(&answer, StatusCode::UNAUTHORIZED);
    assert!(lead.get("/account/tokens").await.body.contains("Revoked"));
}

#[tokio::test]
async fn a_user_cannot_revoke_someone_elses_token() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = make_token(&mut lead, "mine").await;
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    let page = viewer.get("/account/tokens").await;
    let lead_id = app
        .store
        .user_with_password("workforce_lead@test.example")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let id = app.store.api_tokens(lead_id).await.unwrap()[0].id.0;
    let refused = viewer
        .post_form(
            &format!("/account/tokens/{id}/revoke"),
            &[("csrf_token", &page.form_token())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let deleted = send(
        &app,
        "DELETE",
        &format!("/api/v1/tokens/{id}"),
        Some(&bearer(&make_token(&mut viewer, "another").await)),
    )
    .await;
    assert_json_error(&deleted, StatusCode::NOT_FOUND);
    assert_eq!(
        call(&app, "/api/v1/teams", Some(&bearer(&token)))
            .await
            .status,
        StatusCode::OK,
        "the lead's token still works"
    );
}

#[tokio::test]
async fn the_session_cookie_alone_does_not_open_the_api() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    assert_eq!(lead.get("/").await.status, StatusCode::OK, "signed in");
    let page = lead.get("/api/v1/workers").await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{}", page.body);
    assert!(page.body.starts_with("{\"error\""), "{}", page.body);
}

#[tokio::test]
async fn a_viewer_sees_teams_and_measures_but_not_workers() {
    let app = TestApp::new().await;
    let token = bearer(&token_for(&app, UserRole::Viewer).await);
    let workers = call(&app, "/api/v1/workers", Some(&token)).await;
    assert_json_error(&workers, StatusCode::FORBIDDEN);
    let worker_id = app.councils[0].1.workers[0].id.to_string();
    let one = call(&app, &format!("/api/v1/workers/{worker_id}"), Some(&token)).await;
    assert_json_error(&one, StatusCode::FORBIDDEN);
    let teams = call(&app, "/api/v1/teams", Some(&token)).await;
    assert_eq!(teams.status, StatusCode::OK, "{}", teams.text);
    assert_eq!(
        teams.json["teams"].as_array().unwrap().len(),
        app.councils[0].1.teams.len()
    );
    assert!(
        teams.json["teams"]
            .as_array()
            .unwrap()
            .iter()
            .any(|team| team["in_post_headcount"].as_u64().unwrap() > 0)
    );
    let measures = call(&app, "/api/v1/measures", Some(&token)).await;
    assert_eq!(measures.status, StatusCode::OK, "{}", measures.text);
}

#[tokio::test]
async fn a_team_manager_sees_only_the_people_of_their_teams() {
    let app = TestApp::new().await;
    let token = bearer(&token_for(&app, UserRole::TeamManager).await);
    let workforce = &app.councils[0].1;
    let team = &workforce.teams[0].id;
    let employments: HashSet<_> = workforce
        .assignments
        .iter()
        .filter(|assignment| assignment.team_id.as_ref() == Some(team))
        .map(|assignment| assignment.employment_id.clone())
        .collect();
    let in_team: HashSet<String> = workforce
        .employments
        .iter()
        .filter(|employment| employments.contains(employment.id()))
        .map(|employment| employment.worker_id().to_string())
        .collect();
    let answer = call(
        &app,
        "/api/v1/workers?status=all&per_page=500",
        Some(&token),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let seen: HashSet<String> = answer.json["workers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|worker| worker["worker_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!seen.is_empty());
    assert_eq!(seen, in_team);
    assert!(seen.len() < workforce.workers.len());
    let outsider = workforce
        .workers
        .iter()
        .find(|worker| !in_team.contains(worker.id.as_str()))
        .unwrap();
    let refused = call(
        &app,
        &format!("/api/v1/workers/{}", outsider.id),
        Some(&token),
    )
    .await;
    assert_json_error(&refused, StatusCode::NOT_FOUND);
    let insider = seen.iter().next().unwrap();
    let allowed = call(&app, &format!("/api/v1/workers/{insider}"), Some(&token)).await;
    assert_eq!(allowed.status, StatusCode::OK, "{}", allowed.text);
}

#[tokio::test]
async fn another_councils_worker_is_not_found_and_nothing_of_them_is_sent() {
    let app = TestApp::new().await;
    let token = bearer(&token_for(&app, UserRole::WorkforceLead).await);
    let ours: HashSet<&str> = app.councils[0]
        .1
        .workers
        .iter()
        .map(|worker| worker.id.as_str())
        .collect();
    let theirs = app.councils[1]
        .1
        .workers
        .iter()
        .find(|worker| !ours.contains(worker.id.as_str()))
        .expect("a worker ID only the other council uses");
    let answer = call(
        &app,
        &format!("/api/v1/workers/{}", theirs.id),
        Some(&token),
    )
    .await;
    assert_json_error(&answer, StatusCode::NOT_FOUND);
    assert!(!answer.text.contains(&theirs.family_name));
    let search = call(
        &app,
        &format!("/api/v1/workers?status=all&q={}", theirs.id),
        Some(&token),
    )
    .await;
    assert!(!search.text.contains(theirs.id.as_str()), "{}", search.text);
    let before = app
        .store
        .audit_trail(app.other_council(), 1000)
        .await
        .unwrap();
    assert!(
        before
            .iter()
            .all(|event| event.entry.action != "view person")
    );
}

#[tokio::test]
async fn viewing_a_worker_through_the_api_appends_exactly_one_audit_entry() {
    let app = TestApp::new().await;
    let token = bearer(&token_for(&app, UserRole::WorkforceLead).await);
    let worker = &app.councils[0].1.workers[0];
    let before = app.store.audit_trail(app.council(), 10_000).await.unwrap();
    let answer = call(
        &app,
        &format!("/api/v1/workers/{}", worker.id),
        Some(&token),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["worker_id"], worker.id.as_str());
    assert_eq!(answer.json["family_name"], worker.family_name.as_str());
    for field in [
        "employments",
        "caseloads",
        "academy_memberships",
        "absences",
        "exit_interviews",
    ] {
        assert!(answer.json[field].is_array(), "no {field}");
    }
    assert!(answer.json["employments"][0]["assignments"].is_array());
    let after = app.store.audit_trail(app.council(), 10_000).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let entry = &after[0].entry;
    assert_eq!(entry.action, "view person");
    assert_eq!(entry.detail, format!("worker {} (api)", worker.id));
    assert_eq!(entry.actor, "workforce_lead@test.example");
}

#[tokio::test]
async fn the_measures_json_names_its_format_and_the_council() {
    let app = TestApp::new().await;
    let token = bearer(&token_for(&app, UserRole::Viewer).await);
    let answer = call(
        &app,
        "/api/v1/measures?date=2024-03-31&group=contract",
        Some(&token),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["format"], "pathway-measures");
    assert_eq!(answer.json["reference_date"], "2024-03-31");
    assert_eq!(answer.json["group"], "contract");
    let authorities = answer.json["authorities"].as_object().unwrap();
    assert!(authorities.contains_key(&app.council().to_string()));
    assert!(!authorities.contains_key(&app.other_council().to_string()));
}

#[tokio::test]
async fn bad_parameters_and_unknown_endpoints_are_json_errors() {
    let app = TestApp::new().await;
    let token = bearer(&token_for(&app, UserRole::WorkforceLead).await);
    for path in [
        "/api/v1/measures?date=31/03/2024",
        "/api/v1/measures?group=shoe_size",
        "/api/v1/workers?status=sometimes",
        "/api/v1/workers?page=0",
        "/api/v1/workers?per_page=100000",
    ] {
        assert_json_error(
            &call(&app, path, Some(&token)).await,
            StatusCode::BAD_REQUEST,
        );
    }
    assert_json_error(
        &call(&app, "/api/v1/no-such-thing", Some(&token)).await,
        StatusCode::NOT_FOUND,
    );
    assert_json_error(
        &call(&app, "/api/no-such-thing", None).await,
        StatusCode::NOT_FOUND,
    );
}

#[tokio::test]
async fn the_token_is_stored_only_as_its_hash() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = make_token(&mut lead, "hashed").await;
    let user = app
        .store
        .user_with_password("workforce_lead@test.example")
        .await
        .unwrap()
        .unwrap()
        .0;
    let stored = app.store.api_tokens(user.id).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name, "hashed");
    assert_eq!(stored[0].token_hash, token_hash(&token));
    assert!(!format!("{stored:?}").contains(&token));
    let page = lead.get("/account/tokens").await;
    assert!(page.body.contains("hashed"));
    assert!(!page.body.contains(&token), "the token is shown only once");
}

#[tokio::test]
async fn a_token_needs_a_name_and_the_typed_name_is_kept() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let form = lead.get("/account/tokens").await;
    let empty = lead
        .post_form(
            "/account/tokens",
            &[("name", "   "), ("csrf_token", &form.form_token())],
        )
        .await;
    assert!(empty.body.contains("govuk-error-summary"), "{}", empty.body);
    assert!(empty.body.contains("Enter a name for the token"));
    assert!(empty.body.contains("href=\"#name\""));
    let long = "x".repeat(101);
    let too_long = lead
        .post_form(
            "/account/tokens",
            &[("name", &long), ("csrf_token", &form.form_token())],
        )
        .await;
    assert!(too_long.body.contains("100 characters or fewer"));
    assert!(too_long.body.contains(&format!("value=\"{long}\"")));
    let forged = lead
        .post_form(
            "/account/tokens",
            &[("name", "x"), ("csrf_token", "forged")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!lead.get("/account/tokens").await.body.contains("Revoke"));
}

#[tokio::test]
async fn the_tokens_page_needs_sign_in_and_is_in_the_menu() {
    let app = TestApp::new().await;
    let page = app.client().get("/account/tokens").await;
    assert_eq!(page.location.as_deref(), Some("/sign-in"));
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    assert!(
        viewer
            .get("/")
            .await
            .body
            .contains("href=\"/account/tokens\"")
    );
}

#[tokio::test]
async fn the_api_lists_the_callers_own_tokens_without_the_tokens() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = make_token(&mut lead, "listing").await;
    let answer = call(&app, "/api/v1/tokens", Some(&bearer(&token))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["tokens"][0]["name"], "listing");
    assert!(!answer.text.contains(&token) && !answer.text.contains(&token_hash(&token)));
    let id = answer.json["tokens"][0]["id"].as_i64().unwrap();
    let deleted = send(
        &app,
        "DELETE",
        &format!("/api/v1/tokens/{id}"),
        Some(&bearer(&token)),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_json_error(
        &call(&app, "/api/v1/tokens", Some(&bearer(&token))).await,
        StatusCode::UNAUTHORIZED,
    );
}

#[tokio::test]
async fn the_openapi_document_is_public_and_describes_bearer_auth() {
    let app = TestApp::new().await;
    let answer = call(&app, "/api/openapi.json", None).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.json["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(
        answer.json["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for path in [
        "/api/v1/workers",
        "/api/v1/workers/{worker_id}",
        "/api/v1/teams",
        "/api/v1/measures",
    ] {
        assert!(answer.json["paths"].get(path).is_some(), "{path} missing");
    }
}

/// The committed `crates/web/openapi.json` must match what the code generates, so a
/// change to the API is a reviewed change to that file. `UPDATE_OPENAPI=1` rewrites it.
#[tokio::test]
async fn the_openapi_document_matches_the_committed_snapshot() {
    let app = TestApp::new().await;
    let served = call(&app, "/api/openapi.json", None).await.json;
    let pretty = serde_json::to_string_pretty(&served).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some_and(|value| value != "0") {
        std::fs::write(&path, &pretty).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != pretty {
        let first_difference = committed
            .lines()
            .zip(pretty.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(pretty.lines().count()));
        let show = |text: &str| {
            text.lines()
                .skip(first_difference.saturating_sub(2))
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "the OpenAPI document served differs from crates/web/openapi.json from line {}:\n\
             --- committed\n{}\n--- served\n{}\n\
             If the API change is intended, run `UPDATE_OPENAPI=1 cargo test -p pathway-web --test web api::` \
             and commit the file.",
            first_difference + 1,
            show(&committed),
            show(&pretty)
        );
    }
}
