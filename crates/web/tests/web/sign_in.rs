//! Signing in and out, sessions, throttling and forged forms.

use crate::support;

use axum::http::StatusCode;
use pathway_domain::access::UserRole;
use support::{PASSWORD, TestApp};

#[tokio::test]
async fn a_workforce_lead_signs_in_and_sees_their_councils_dashboard() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&app.councils[0].0.name), "{}", page.body);
    assert!(page.body.contains("Social workers in post"));
}

#[tokio::test]
async fn pages_send_the_signed_out_to_sign_in() {
    let app = TestApp::new().await;
    let page = app.client().get("/").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/sign-in"));
}

#[tokio::test]
async fn a_wrong_password_keeps_the_email_typed_and_says_what_to_do() {
    let app = TestApp::new().await;
    app.signed_in(UserRole::Viewer).await;
    let mut client = app.client();
    let page = client
        .sign_in("viewer@test.example", "not the password")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(
        page.body
            .contains("Enter a correct email address and password")
    );
    assert!(page.body.contains("value=\"viewer@test.example\""));
}

#[tokio::test]
async fn empty_fields_are_each_named_in_the_error_summary() {
    let app = TestApp::new().await;
    let mut client = app.client();
    let page = client.sign_in("", "").await;
    assert!(page.body.contains("Enter your email address"));
    assert!(page.body.contains("Enter your password"));
    assert!(page.body.contains("href=\"#email\"") && page.body.contains("href=\"#password\""));
}

#[tokio::test]
async fn five_failures_lock_the_address_for_a_while_even_with_the_right_password() {
    let app = TestApp::new().await;
    app.signed_in(UserRole::Viewer).await;
    let mut client = app.client();
    for _ in 0..5 {
        client
            .sign_in("viewer@test.example", "wrong password here")
            .await;
    }
    let page = client.sign_in("viewer@test.example", PASSWORD).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("too many times"), "{}", page.body);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.get("/").await.form_token();
    let page = lead.post_form("/sign-out", &[("csrf_token", &token)]).await;
    assert_eq!(page.location.as_deref(), Some("/sign-in"));
    assert_eq!(lead.get("/").await.location.as_deref(), Some("/sign-in"));
}

#[tokio::test]
async fn a_form_without_the_right_token_is_refused() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead
        .post_form("/sign-out", &[("csrf_token", "forged")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        lead.get("/").await.status,
        StatusCode::OK,
        "the session survived"
    );
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused_even_with_the_token() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.get("/").await.form_token();
    let page = lead
        .post_form_from(
            "/sign-out",
            &[("csrf_token", &token)],
            Some("https://evil.example"),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = TestApp::new().await;
    let mut client = app.client();
    add(&app).await;
    let page = client.sign_in("lead2@test.example", PASSWORD).await;
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("pathway_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

async fn add(app: &TestApp) {
    pathway_app::accounts::add_user_with_password(
        app.store.as_ref(),
        Some(app.council()),
        "lead2@test.example",
        UserRole::WorkforceLead,
        None,
        Vec::new(),
        PASSWORD,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn an_unknown_page_is_a_gov_uk_style_404() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Page not found"));
}

#[tokio::test]
async fn the_stylesheet_uses_no_gds_transport_font() {
    let app = TestApp::new().await;
    let page = app.client().get("/assets/pathway.css").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("GDS Transport"));
    assert!(page.body.contains("arial"));
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_and_ends_the_one_carried_before() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let first = lead.cookies["pathway_session"].clone();
    assert_eq!(lead.get("/").await.status, StatusCode::OK);

    // Signing in on a browser still carrying that session (a second tab): a new
    // session, and the old one is over.
    let mut browser = app.client();
    let form = browser.get("/sign-in").await;
    browser
        .cookies
        .insert("pathway_session".into(), first.clone());
    let again = browser
        .post_form(
            "/sign-in",
            &[
                ("email", "workforce_lead@test.example"),
                ("password", PASSWORD),
                ("csrf_token", &form.form_token()),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let second = browser.cookies["pathway_session"].clone();
    assert_ne!(first, second, "a new session id at sign-in");
    assert_eq!(
        lead.get("/").await.status,
        StatusCode::SEE_OTHER,
        "the old session is ended"
    );
    assert_eq!(browser.get("/").await.status, StatusCode::OK);

    // A session id planted before sign-in is never the one signed in.
    let mut planted = app.client();
    planted
        .cookies
        .insert("pathway_session".into(), "chosen-by-an-attacker".into());
    let signed = planted
        .sign_in("workforce_lead@test.example", PASSWORD)
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_ne!(planted.cookies["pathway_session"], "chosen-by-an-attacker");
    assert_eq!(planted.get("/").await.status, StatusCode::OK);
}
