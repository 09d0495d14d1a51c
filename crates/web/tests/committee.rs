//! The committee report's pages: the lead edits the report's words (errors said by
//! field, what was typed kept, a warning for unknown acronyms) and previews and
//! downloads the internal report, which is audited; other roles see only the public
//! version and cannot edit; a practitioner has no Reports at all.

mod support;

use axum::http::StatusCode;
use chrono::NaiveDate;
use pathway_app::Store;
use pathway_domain::access::UserRole;
use support::TestApp;

const DATE: &str = "2024-09-30";

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
    let dashboard = practitioner.get("/survey").await;
    assert!(
        !dashboard.body.contains("href=\"/reports\""),
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
