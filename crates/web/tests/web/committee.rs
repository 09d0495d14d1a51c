//! The committee report's pages: the lead edits the report's words (errors said by
//! field, what was typed kept, a warning for unknown acronyms) and previews and
//! downloads the internal report, which is audited; other roles see only the public
//! version and cannot edit; a practitioner has no Reports at all.

use crate::support;

use axum::http::StatusCode;
use chrono::NaiveDate;
use pathway_app::Store;
use pathway_domain::access::UserRole;
use support::TestApp;

const DATE: &str = "2024-09-30";
/// The audit action of viewing or downloading the internal report.
const VIEW_ACTION: &str = "view committee report";

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 9, 30).unwrap()
}

/// The form's fields as the starting words fill them, with some changed.
fn form_fields<'a>(token: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("csrf_token", token),
        ("meeting", "Corporate Parenting Panel"),
        ("report_of", "Director of Children's Services"),
        ("contact_officer", "Sam Jones, Principal Social Worker"),
        ("meeting_date-day", "12"),
        ("meeting_date-month", "11"),
        ("meeting_date-year", "2024"),
        (
            "recommendations",
            "Note the report.\nAgree to fund two more academy places.",
        ),
        ("background", "First paragraph.\n\nSecond paragraph."),
        ("financial", "Within budget."),
        ("legal", "None beyond the Children Act 1989."),
        ("equalities", "None."),
        ("risk", "Turnover."),
    ];
    for (name, value) in changes {
        let field = fields.iter_mut().find(|(n, _)| n == name).unwrap();
        field.1 = value;
    }
    fields
}

#[tokio::test]
async fn the_lead_edits_the_words_with_errors_said_by_field_and_what_was_typed_kept() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    let reports = lead.get("/reports").await;
    assert_eq!(reports.status, StatusCode::OK);
    assert!(reports.body.contains("href=\"/reports/committee\""));
    assert!(
        reports.body.contains("href=\"/census\""),
        "the lead makes the census return"
    );

    let edit_path = format!("/reports/committee/edit?date={DATE}");
    let form = lead.get(&edit_path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("Pathway&#39;s starting words")
            || form.body.contains("Pathway's starting words")
    );
    assert!(
        form.body
            .contains("Children&#39;s Services Scrutiny Committee")
            || form.body.contains("Children's Services Scrutiny Committee")
    );
    let token = form.form_token();

    // A blank meeting, a meeting date that is not a date and an unknown acronym.
    let typed = "Note the report.\nAsk the QZX board to agree two more academy places.";
    let refused = lead
        .post_form(
            &edit_path,
            &form_fields(
                &token,
                &[
                    ("meeting", "  "),
                    ("meeting_date-month", "13"),
                    ("recommendations", typed),
                ],
            ),
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("<title>Error: "));
    assert!(
        refused
            .body
            .contains("href=\"#meeting\">Enter the name of the meeting</a>")
    );
    assert!(
        refused
            .body
            .contains("href=\"#meeting_date-day\">The meeting date must be a real date</a>")
    );
    assert!(refused.body.contains("id=\"meeting-error\""));
    assert!(
        refused
            .body
            .contains("Ask the QZX board to agree two more academy places.")
    );
    assert!(
        refused.body.contains("value=\"13\""),
        "the typed month is kept"
    );
    assert!(refused.body.contains("not in the glossary"));
    assert!(refused.body.contains("QZX"));
    assert_eq!(
        app.store
            .committee_details(app.council(), date())
            .await
            .unwrap(),
        None
    );

    // Too long a recommendation is refused on its field.
    let long = "x".repeat(pathway_domain::committee::MAX_TEXT + 1);
    let refused = lead
        .post_form(
            &edit_path,
            &form_fields(&token, &[("recommendations", &long)]),
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused
            .body
            .contains("Recommendations must be 20000 characters or fewer")
    );

    // Saved: back to the report, the words kept for the date, one audit entry.
    let saved = lead.post_form(&edit_path, &form_fields(&token, &[])).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(
        saved.location.as_deref(),
        Some(format!("/reports/committee?date={DATE}&saved=1").as_str())
    );
    let stored = app
        .store
        .committee_details(app.council(), date())
        .await
        .unwrap()
        .expect("the words are saved");
    assert_eq!(stored.details.meeting, "Corporate Parenting Panel");
    assert_eq!(
        stored.details.meeting_date,
        NaiveDate::from_ymd_opt(2024, 11, 12)
    );
    assert_eq!(stored.details.recommendation_list().len(), 2);
    assert_eq!(stored.changed_by, "workforce_lead@test.example");
    let trail = app.store.audit_trail(app.council(), 5).await.unwrap();
    assert_eq!(trail[0].entry.action, pathway_app::committee::EDIT_ACTION);
    assert!(trail[0].entry.detail.contains(DATE));
    // Another council's report is untouched.
    assert_eq!(
        app.store
            .committee_details(app.other_council(), date())
            .await
            .unwrap(),
        None
    );

    // The next year's form starts from these words.
    let next = lead.get("/reports/committee/edit?date=2025-09-30").await;
    assert!(next.body.contains("Corporate Parenting Panel"));
    assert!(
        next.body
            .contains("these are the words of the report of 30 September 2024")
    );

    // Without the form's token nothing is saved.
    let forged = lead
        .post_form(&edit_path, &form_fields("wrong", &[("meeting", "Forged")]))
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn only_the_lead_may_edit_the_words_and_a_practitioner_has_no_reports() {
    let app = TestApp::new().await;
    let edit_path = format!("/reports/committee/edit?date={DATE}");
    for role in [
        UserRole::Viewer,
        UserRole::AcademyCoordinator,
        UserRole::TeamManager,
    ] {
        let mut user = app.signed_in(role).await;
        let reports = user.get("/reports").await;
        assert_eq!(reports.status, StatusCode::OK, "{role}");
        assert!(!reports.body.contains("href=\"/census\""), "{role}");
        assert_eq!(
            user.get(&edit_path).await.status,
            StatusCode::FORBIDDEN,
            "{role}"
        );
        let token = reports.form_token();
        let refused = user.post_form(&edit_path, &form_fields(&token, &[])).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role}");
    }
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    let reports = practitioner.get("/reports").await;
    assert_eq!(reports.status, StatusCode::FORBIDDEN);
    let survey = practitioner.get("/survey").await;
    assert!(
        !survey.body.contains("href=\"/reports\""),
        "no Reports in the menu"
    );
    assert_eq!(
        app.store
            .committee_details(app.council(), date())
            .await
            .unwrap(),
        None
    );
}

/// Audit entries of a council with the view action.
async fn internal_views(app: &TestApp) -> Vec<String> {
    app.store
        .audit_trail(app.council(), 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|event| event.entry.action == VIEW_ACTION)
        .map(|event| event.entry.detail)
        .collect()
}

#[tokio::test]
async fn the_lead_previews_and_downloads_the_internal_report_audited_and_a_viewer_only_the_public_one()
 {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    // The lead's default is the internal report, previewed whole and audited.
    let page = lead.get(&format!("/reports/committee?date={DATE}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Reference date 30 September 2024"));
    assert!(page.body.contains("id=\"audience-internal\" name=\"audience\" type=\"radio\" value=\"internal\" aria-describedby=\"audience-internal-hint\" checked"));
    assert!(page.body.contains("This is the internal report"));
    assert!(
        page.body.contains("Executive summary"),
        "the preview is on the page"
    );
    assert!(page.body.contains(">Glossary</h2>"));
    assert!(
        page.body
            .contains("href=\"/reports/committee/edit?date=2024-09-30\"")
    );
    for extension in ["html", "pdf", "docx", "xlsx"] {
        assert!(
            page.body.contains(&format!(
                "href=\"/reports/committee.{extension}?date=2024-09-30&#38;audience=internal\""
            )),
            "{extension}"
        );
    }
    assert_eq!(
        internal_views(&app).await,
        ["internal committee report of 2024-09-30: preview"]
    );

    // The public report for the lead when asked: not audited.
    let public = lead
        .get(&format!("/reports/committee?date={DATE}&audience=public"))
        .await;
    assert!(public.body.contains("audience=public"));
    assert!(!public.body.contains("This is the internal report"));
    assert_eq!(internal_views(&app).await.len(), 1);

    // The HTML download is the standalone document, named for the council and date.
    let file = lead
        .get(&format!(
            "/reports/committee.html?date={DATE}&audience=internal"
        ))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers["content-type"], "text/html; charset=utf-8");
    let disposition = file.headers["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        format!(
            "attachment; filename=\"committee-report-{}-2024-09-30-internal.html\"",
            app.council()
        )
    );
    assert!(file.body.starts_with("<!DOCTYPE html>"));
    assert!(file.body.contains("Internal: not for publication"));
    assert_eq!(
        internal_views(&app).await[0],
        "internal committee report of 2024-09-30: downloaded as HTML"
    );
    assert_eq!(
        lead.get(&format!("/reports/committee.txt?date={DATE}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A viewer asking for the internal report gets the public one, told so, with no
    // choice, no edit link and nothing audited.
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    let page = viewer
        .get(&format!("/reports/committee?date={DATE}&audience=internal"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("You see the public report"));
    assert!(!page.body.contains("name=\"audience\""));
    assert!(!page.body.contains("/reports/committee/edit"));
    assert!(page.body.contains("audience=public"));
    assert!(!page.body.contains("audience=internal"));
    let file = viewer
        .get(&format!(
            "/reports/committee.html?date={DATE}&audience=internal"
        ))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.body.contains("Public: small numbers suppressed"));
    assert!(!file.body.contains("Internal: not for publication"));
    assert_eq!(internal_views(&app).await.len(), 2, "only the lead's two");

    // A wrong date is said on the page, which falls back to the latest 30 September.
    let wrong = lead
        .get("/reports/committee?date-day=31&date-month=2&date-year=2024")
        .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.body.contains("<title>Error: "));
    assert!(wrong.body.contains("Reference date must be a real date"));

    // A practitioner reaches none of it.
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    for path in [
        format!("/reports/committee?date={DATE}"),
        format!("/reports/committee.html?date={DATE}"),
    ] {
        assert_eq!(
            practitioner.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_api_gives_the_report_model_and_the_words_with_the_pages_rules() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let lead_token = lead.api_token().await;
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    let viewer_token = viewer.api_token().await;

    let (status, report) = app
        .api(
            "GET",
            "/api/v1/reports/committee?date=2024-09-30",
            &lead_token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["audience"], "internal");
    assert!(report["sections"].as_array().unwrap().len() > 5);
    assert!(!report["glossary"].as_array().unwrap().is_empty());
    let (status, report) = app
        .api(
            "GET",
            "/api/v1/reports/committee?date=2024-09-30&audience=internal",
            &viewer_token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        report["audience"], "public",
        "a viewer always has the public report"
    );
    let (status, _) = app
        .api(
            "GET",
            "/api/v1/reports/committee?audience=everyone",
            &lead_token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        internal_views(&app).await,
        ["internal committee report of 2024-09-30: through the API"]
    );

    // The words: read by both, changed only by the lead, refused by field.
    let path = "/api/v1/reports/committee/details?date=2024-09-30";
    let (status, mut words) = app.api("GET", path, &viewer_token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(words["meeting"], "Children's Services Scrutiny Committee");
    words["recommendations"] = serde_json::json!("Note the report.");
    let (status, _) = app
        .api("PUT", path, &viewer_token, Some(words.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut blank = words.clone();
    blank["contact_officer"] = serde_json::json!("");
    let (status, error) = app.api("PUT", path, &lead_token, Some(blank)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"], "contact_officer: enter the contact officer");
    let (status, saved) = app.api("PUT", path, &lead_token, Some(words.clone())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(saved, words);
    let (_, report) = app
        .api(
            "GET",
            "/api/v1/reports/committee?date=2024-09-30",
            &viewer_token,
            None,
        )
        .await;
    assert!(report.to_string().contains("Note the report."));
}
