//! The audit log page: the council's trail, newest first, searched and paged;
//! read-only, and only for the workforce lead.

use crate::support;

use axum::http::StatusCode;
use pathway_app::{AuditEntry, Store as _};
use pathway_domain::access::UserRole;
use support::{TestApp, encode};

/// The rows of the page's table, as (who, action, detail).
fn rows(body: &str) -> Vec<(String, String, String)> {
    let Some(start) = body.find("<tbody") else {
        return Vec::new();
    };
    let end = start + body[start..].find("</tbody>").unwrap();
    body[start..end]
        .split("<tr class=\"govuk-table__row\">")
        .skip(1)
        .map(|row| {
            let cells: Vec<String> = row
                .split("</td>")
                .filter_map(|cell| cell.rsplit_once("govuk-table__cell\">"))
                .map(|(_, text)| text.trim().to_owned())
                .collect();
            (cells[1].clone(), cells[2].clone(), cells[3].clone())
        })
        .collect()
}

#[tokio::test]
async fn a_person_view_made_just_before_is_listed_and_found_by_its_record() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let viewed = workforce.workers[0].id.as_str().to_owned();
    let other = workforce.workers[1].id.as_str().to_owned();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    for worker in [&other, &viewed] {
        let page = lead.get(&format!("/workers/{}", encode(worker))).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }

    let page = lead.get("/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    let all = rows(&page.body);
    assert_eq!(
        all[0],
        (
            "workforce_lead@test.example".to_owned(),
            "view person".to_owned(),
            format!("worker {viewed}")
        ),
        "newest first: {all:?}"
    );
    assert!(all.iter().any(|(_, action, _)| action == "demo"));

    let page = lead
        .get(&format!("/audit?record={}", encode(&viewed)))
        .await;
    let found = rows(&page.body);
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|(_, _, detail)| detail.contains(&viewed)),
        "{found:?}"
    );
    assert!(!found.iter().any(|(_, _, detail)| detail.contains(&other)));
    assert!(
        page.body.contains(&format!("value=\"{viewed}\"")),
        "keeps the search"
    );
}

#[tokio::test]
async fn the_log_is_searched_by_who_action_and_date() {
    let app = TestApp::new().await;
    let council = app.council();
    app.store
        .record_audit(&[AuditEntry {
            council,
            actor: "someone.else@test.example".to_owned(),
            action: "export".to_owned(),
            detail: "to backup.zip".to_owned(),
        }])
        .await
        .unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    let by_who = rows(&lead.get("/audit?who=SOMEONE").await.body);
    assert_eq!(by_who.len(), 1, "{by_who:?}");
    assert_eq!(by_who[0].2, "to backup.zip");

    let page = lead.get("/audit?action=demo").await;
    let by_action = rows(&page.body);
    assert!(!by_action.is_empty());
    assert!(by_action.iter().all(|(_, action, _)| action == "demo"));
    assert!(
        page.body
            .contains("<option value=\"export\">export</option>")
    );
    assert!(
        page.body
            .contains("<option value=\"demo\" selected>demo</option>")
    );

    assert!(rows(&lead.get("/audit?to=2000-01-01").await.body).is_empty());
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(
        rows(
            &lead
                .get(&format!("/audit?from={today}&to={today}&who=someone"))
                .await
                .body
        )
        .len(),
        1
    );
}

#[tokio::test]
async fn a_date_that_is_not_real_is_named_in_the_error_summary() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/audit?from=2024-02-30").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(page.body.contains("href=\"#from\""));
    assert!(page.body.contains("must be a real date"));
    assert!(page.body.contains("<title>Error: Audit log"));
}

#[tokio::test]
async fn the_log_is_paged_a_hundred_entries_at_a_time() {
    let app = TestApp::new().await;
    let council = app.council();
    let entries: Vec<AuditEntry> = (0..150)
        .map(|n| AuditEntry {
            council,
            actor: "paging@test.example".to_owned(),
            action: "export".to_owned(),
            detail: format!("entry {n}"),
        })
        .collect();
    app.store.record_audit(&entries).await.unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    let first = lead.get("/audit?who=paging").await;
    assert_eq!(rows(&first.body).len(), 100);
    assert!(first.body.contains("Page 1 of 2"));
    assert!(
        first.body.contains("href=\"/audit?who=paging&#38;page=2\""),
        "{}",
        first.body
    );

    let second = lead.get("/audit?who=paging&page=2").await;
    assert_eq!(rows(&second.body).len(), 50);
    assert!(second.body.contains("rel=\"prev\""));
    assert!(!second.body.contains("rel=\"next\""));
}

#[tokio::test]
async fn the_log_offers_no_way_to_change_it() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/audit").await;
    assert!(!page.body.contains("method=\"post\" action=\"/audit"));
    let token = page.form_token();
    let refused = lead.post_form("/audit", &[("csrf_token", &token)]).await;
    assert_eq!(refused.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn only_the_workforce_lead_may_see_the_audit_log() {
    let app = TestApp::new().await;
    for role in [
        UserRole::Viewer,
        UserRole::Practitioner,
        UserRole::TeamManager,
        UserRole::AcademyCoordinator,
        UserRole::RecruitmentOfficer,
        UserRole::Admin,
    ] {
        let mut client = app.signed_in(role).await;
        assert_eq!(
            client.get("/audit").await.status,
            StatusCode::FORBIDDEN,
            "{role}"
        );
    }
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/").await;
    assert!(page.body.contains("href=\"/audit\""), "in the menu");
    assert!(page.body.contains("href=\"/import\""), "in the menu");
}
