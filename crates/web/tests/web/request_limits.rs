//! Every route takes a body only up to the size its kind of request needs: a form
//! larger than any real one gets a page saying so, and an API body larger than its
//! operation takes gets a JSON error, both 413, and nothing is saved. Bodies of a
//! normal size still work.

use crate::support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pathway_domain::access::UserRole;
use pathway_web::request_limits::{API_BYTES, FORM_BYTES, REPORT_WORDS_BYTES};
use support::TestApp;
use tower::ServiceExt;

/// A form post of `fields`, with its length declared or (like a body sent in chunks)
/// not, from this site.
fn form_post(cookies: &str, path: &str, body: String, declared: bool) -> Request<Body> {
    let mut request = Request::post(path)
        .header(header::HOST, "pathway.test")
        .header(header::ORIGIN, "http://pathway.test")
        .header(header::COOKIE, cookies)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if declared {
        request = request.header(header::CONTENT_LENGTH, body.len());
    }
    request.body(Body::from(body)).unwrap()
}

async fn answer(app: &TestApp, request: Request<Body>) -> (StatusCode, String) {
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn a_form_larger_than_any_real_one_is_refused_with_a_page_and_a_normal_one_still_saves() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.get("/account/tokens").await.form_token();
    let field = |name: &str| format!("csrf_token={token}&name={name}");

    // Past the limit, whether the length is declared or only found reading it.
    for declared in [true, false] {
        let huge = field(&"a".repeat(FORM_BYTES));
        let request = form_post(&lead.cookie_header(), "/account/tokens", huge, declared);
        let (status, page) = answer(&app, request).await;
        assert_eq!(
            status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "declared: {declared}"
        );
        assert!(page.contains("What you sent is too large"), "{page}");
        assert!(page.contains("at most 64 KiB"), "{page}");
    }
    let tokens = lead.get("/account/tokens").await;
    assert!(!tokens.body.contains("aaaaaaaa"), "nothing was saved");

    // A form of a normal size, just under the limit, is read as before.
    let name = "Monthly returns script";
    let padding = "x".repeat(FORM_BYTES - 200);
    let body = format!("{}&padding={padding}", field(&name.replace(' ', "+")));
    assert!(body.len() < FORM_BYTES);
    let request = form_post(&lead.cookie_header(), "/account/tokens", body, true);
    let (status, page) = answer(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("API token made"), "{page}");
    assert!(page.contains(name));
}

#[tokio::test]
async fn the_committee_reports_words_take_six_full_texts_but_no_more() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let path = "/reports/committee/edit?date=2024-09-30";
    let form = lead.get(path).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.form_token();
    // Six texts of 20,000 characters: three times the forms' limit, still a real form.
    let text = "Caseloads fell. ".repeat(1250);
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("meeting", "Children's Services Scrutiny Committee"),
        ("report_of", "Director of Children's Services"),
        ("contact_officer", "Principal social worker"),
    ];
    for name in [
        "recommendations",
        "background",
        "financial",
        "legal",
        "equalities",
        "risk",
    ] {
        fields.push((name, text.as_str()));
    }
    let saved = lead.post_form(path, &fields).await;
    assert!(
        saved.status.is_success() || saved.status.is_redirection(),
        "{}: {}",
        saved.status,
        saved.body
    );
    assert!(lead.get(path).await.body.contains("Caseloads fell."));

    let over = "a".repeat(REPORT_WORDS_BYTES);
    fields.push(("background", over.as_str()));
    let refused = lead.post_form(path, &fields).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(refused.body.contains("at most 2 MiB"), "{}", refused.body);
}

#[tokio::test]
async fn an_api_body_larger_than_its_operation_takes_is_refused_with_a_json_error() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.api_token().await;

    // One record's fields: 64 KiB.
    let path = "/api/v1/feedback/sessions";
    let too_long = serde_json::json!({ "title": "a".repeat(API_BYTES) });
    let (status, error) = app.api("POST", path, &token, Some(too_long)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        error["error"],
        "the request body is larger than the 64 KiB this operation accepts"
    );
    let (_, sessions) = app.api("GET", path, &token, None).await;
    assert!(
        !sessions.to_string().contains("aaaaaaaa"),
        "nothing was saved"
    );

    // A body declared too long is refused before it is read.
    let request = Request::post(path)
        .header(header::HOST, "pathway.test")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, 10 * 1024 * 1024)
        .body(Body::from("{}"))
        .unwrap();
    let (status, body) = answer(&app, request).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.starts_with("{\"error\":"), "{body}");

    // The committee report's words take six full texts through the API too.
    let path = "/api/v1/reports/committee/details?date=2024-09-30";
    let (status, mut words) = app.api("GET", path, &token, None).await;
    assert_eq!(status, StatusCode::OK);
    for field in ["background", "financial", "legal", "risk"] {
        words[field] = serde_json::json!("Caseloads fell. ".repeat(1250));
    }
    assert!(words.to_string().len() > API_BYTES);
    let (status, saved) = app.api("PUT", path, &token, Some(words.clone())).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved, words);
}
