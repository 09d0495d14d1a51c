//! Every response tells the browser to run only Pathway's own scripts and styles, never
//! inline ones, to refuse framing by other sites, not to guess content types and not to
//! send Pathway's addresses to other sites.

use crate::support;

use axum::http::{StatusCode, header};
use pathway_domain::access::UserRole;
use pathway_web::security_headers::CONTENT_SECURITY_POLICY;
use support::{Page, TestApp};

fn assert_hardened(what: &str, page: &Page) {
    let header = |name: &str| {
        page.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name} header"))
            .to_owned()
    };
    let policy = header(header::CONTENT_SECURITY_POLICY.as_str());
    assert_eq!(policy, CONTENT_SECURITY_POLICY, "{what}");
    assert!(policy.contains("frame-ancestors 'none'"), "{what}");
    assert!(policy.contains("script-src 'self';"), "{what}");
    assert!(!policy.contains("unsafe-inline"), "{what}");
    assert!(!policy.contains("unsafe-eval"), "{what}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "same-origin", "{what}");
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = TestApp::new().await;
    let mut visitor = app.client();
    let sign_in = visitor.get("/sign-in").await;
    assert_eq!(sign_in.status, StatusCode::OK);
    assert_hardened("the sign-in page", &sign_in);
    let redirect = visitor.get("/").await;
    assert!(redirect.status.is_redirection());
    assert_hardened("the redirect to sign in", &redirect);
    assert_hardened("a stylesheet", &visitor.get("/assets/pathway.css").await);
    assert_hardened("/health", &visitor.get("/health").await);

    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let dashboard = lead.get("/").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert_hardened("the dashboard", &dashboard);
    let missing = lead.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_hardened("a page not found", &missing);
    assert_hardened("an API answer", &lead.get("/api/v1/workers").await);
    assert_hardened(
        "a spreadsheet download",
        &lead.get("/workers?format=xlsx").await,
    );
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style_for_the_policy_to_block() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    for path in ["/", "/workers", "/academy", "/recruitment", "/reports"] {
        let page = lead.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let body = page.body.as_str();
        let mut rest = body;
        while let Some(start) = rest.find("<script") {
            let tag = &rest[start..start + rest[start..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{path}: an inline script: {tag}");
            rest = &rest[start + tag.len()..];
        }
        assert!(!body.contains("<style"), "{path}: an inline style element");
        assert!(
            !body.contains(" style=\""),
            "{path}: an inline style attribute"
        );
        assert!(
            !body.contains(" onclick="),
            "{path}: an inline event handler"
        );
    }
}
