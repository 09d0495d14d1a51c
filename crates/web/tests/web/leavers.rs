//! Leavers, exit interviews and the workforce profile through the pages and the API:
//! recording an interview for a leaver (and not for someone in post), small numbers
//! shown as c to everyone but the workforce lead, and each council's and role's reach.

use crate::support;

use axum::http::StatusCode;
use pathway_app::accounts::add_user_with_password;
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::codes::{Contract, Destination, ExitReason, LeavingReason, Role};
use pathway_domain::ids::{EmploymentId, WorkerId};
use pathway_domain::records::{Assignment, Employment, Worker};
use pathway_domain::values::{Fte, Span, parse_date};
use serde_json::{Value, json};
use support::{PASSWORD, TestApp};

/// Adds two people to the first council: a leaver (left 30 June 2024) who speaks
/// Esperanto, and someone in post since 2020 who speaks Esperanto too, the only ones.
async fn add_people(app: &TestApp) {
    let mut workforce = Workforce::new(app.council());
    let team = app.councils[0].1.teams[0].id.clone();
    for (id, end) in [("ZLEAVER", Some("2024-06-30")), ("ZINPOST", None)] {
        let worker = WorkerId::parse(id).unwrap();
        workforce.workers.push(Worker {
            id: worker.clone(),
            given_name: "Zed".into(),
            family_name: id.into(),
            swe_number: None,
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: None,
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: vec!["Esperanto".into()],
        });
        let employment = EmploymentId::parse(&format!("E{id}")).unwrap();
        let span = Span::new(
            parse_date("2020-01-06").unwrap(),
            end.map(|e| parse_date(e).unwrap()),
        )
        .unwrap();
        workforce.employments.push(
            Employment::new(
                employment.clone(),
                worker,
                span,
                None,
                end.map(|_| LeavingReason::Resignation),
                end.map(|_| Destination::OtherAuthority),
            )
            .unwrap(),
        );
        workforce.assignments.push(Assignment {
            employment_id: employment,
            span,
            team_id: Some(team.clone()),
            role: Role::SocialWorker,
            contract: Contract::Permanent,
            fte: Fte::new(1.0).unwrap(),
        });
    }
    let source = ImportSource {
        actor: "test",
        description: "two people",
        action: "import",
        council_names: &[],
    };
    pathway_app::import(
        app.store.as_ref(),
        Upload::generated(vec![workforce]),
        ImportMode::Write,
        source,
    )
    .await
    .unwrap();
}

/// The cell after a row header on a page: `<th ...>label</th>` then `<td ...>cell`.
fn cell_after(body: &str, label: &str) -> String {
    let at = body
        .find(&format!(">{label}</th>"))
        .unwrap_or_else(|| panic!("no row {label}"));
    let rest = &body[at..];
    let open = rest.find("<td").unwrap();
    let rest = &rest[open..];
    let start = rest.find('>').unwrap() + 1;
    rest[start..rest.find("</td>").unwrap()].trim().to_owned()
}

/// Every count in a published table of the API, with its place.
fn counts(table: &Value) -> Vec<((usize, usize), Value)> {
    let mut found = Vec::new();
    for (r, row) in table["cells"].as_array().unwrap().iter().enumerate() {
        for (c, cell) in row.as_array().unwrap().iter().enumerate() {
            found.push(((r, c), cell.clone()));
        }
    }
    found
}

#[tokio::test]
async fn an_exit_interview_is_recorded_for_a_leaver_and_refused_for_someone_in_post() {
    let app = TestApp::new().await;
    add_people(&app).await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    // The leaver is listed, with no interview yet.
    let list = lead.get("/leavers?date=2024-09-30").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("Zed ZLEAVER"));
    assert!(list.body.contains("/leavers/ZLEAVER/exit-interview"));
    assert!(!list.body.contains("Zed ZINPOST"));

    // Someone still in post has no form.
    let refused = lead.get("/leavers/ZINPOST/exit-interview").await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // A wrong form keeps what was typed and says what is wrong.
    let form = lead.get("/leavers/ZLEAVER/exit-interview").await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.form_token();
    let wrong = lead
        .post_form(
            "/leavers/ZLEAVER/exit-interview",
            &[
                ("held_on-day", "31"),
                ("held_on-month", "2"),
                ("held_on-year", "2024"),
                ("would_return", "maybe"),
                ("comments", "Too many cases, kind colleagues"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(
        wrong
            .body
            .contains("Date of the interview must be a real date")
    );
    assert!(wrong.body.contains("Select the main reason they gave"));
    assert!(wrong.body.contains("Too many cases, kind colleagues"));
    assert!(wrong.body.contains("value=\"31\""));

    let saved = lead
        .post_form(
            "/leavers/ZLEAVER/exit-interview",
            &[
                ("held_on-day", "27"),
                ("held_on-month", "6"),
                ("held_on-year", "2024"),
                ("primary_reason", "caseload"),
                ("would_return", "maybe"),
                ("comments", "Too many cases, kind colleagues"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stored = app.store.workforce(app.council()).await.unwrap();
    let interview = stored
        .exit_interviews
        .iter()
        .find(|i| i.worker_id.as_str() == "ZLEAVER")
        .expect("the interview is stored");
    assert_eq!(interview.primary_reason, ExitReason::Caseload);
    assert_eq!(interview.held_on, parse_date("2024-06-27").unwrap());
    let list = lead.get("/leavers?date=2024-09-30").await;
    assert!(list.body.contains("Held 27 June 2024"));

    // Viewing the form, which shows their words, is audited; so is recording it.
    let audit = app.store.audit_trail(app.council(), 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entry.action == "view exit interview")
    );
    assert!(
        audit
            .iter()
            .any(|e| e.entry.action == "record exit interview")
    );

    // The API refuses someone in post, records for a leaver.
    let key = lead.api_token().await;
    let (status, body) = app
        .api(
            "PUT",
            "/api/v1/leavers/ZINPOST/exit-interview",
            &key,
            Some(json!({"held_on": "2024-06-27", "primary_reason": "pay"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"].as_str().unwrap().contains("has not left"));
    let (status, body) = app
        .api(
            "PUT",
            "/api/v1/leavers/ZLEAVER/exit-interview",
            &key,
            Some(json!({"held_on": "2024-06-28", "primary_reason": "pay", "would_return": "no"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .api("GET", "/api/v1/leavers?date=2024-09-30", &key, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let ours = body["leavers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["worker_id"] == "ZLEAVER")
        .unwrap();
    // The latest interview counts.
    assert_eq!(ours["interview"]["primary_reason"], "pay");
}

#[tokio::test]
async fn viewers_and_team_managers_see_c_where_the_lead_sees_the_number() {
    let app = TestApp::new().await;
    add_people(&app).await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    let mut manager = app.signed_in(UserRole::TeamManager).await;

    // The profile: one in post speaks Esperanto.
    let page = lead.get("/profile?date=2024-09-30").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(cell_after(&page.body, "Esperanto"), "1");
    assert!(page.body.contains("You see every number"));
    for client in [&mut viewer, &mut manager] {
        let page = client.get("/profile?date=2024-09-30").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(cell_after(&page.body, "Esperanto"), "c");
        assert!(page.body.contains("Numbers from 1 to 4 are shown as"));
    }

    let lead_key = lead.api_token().await;
    let viewer_key = viewer.api_token().await;
    let manager_key = manager.api_token().await;
    let (status, ours) = app
        .api("GET", "/api/v1/profile?date=2024-09-30", &lead_key, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let esperanto = |profile: &Value| {
        profile["languages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["language"] == "Esperanto")
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(esperanto(&ours), json!(1));
    assert_eq!(ours["suppressed"], json!(false));
    for key in [&viewer_key, &manager_key] {
        let (status, theirs) = app
            .api("GET", "/api/v1/profile?date=2024-09-30", key, None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(esperanto(&theirs), json!("c"));
        assert_eq!(theirs["suppressed"], json!(true));
    }

    // The analysis: every count from 1 to 4 the lead sees is c for the others.
    let path = "/api/v1/exit-interviews/analysis?from=2020-10-01&to=2024-09-30";
    let (status, ours) = app.api("GET", path, &lead_key, None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, theirs) = app.api("GET", path, &viewer_key, None).await;
    let mut small = 0;
    for table in ["reasons_by_year", "reasons_by_team", "reasons_by_service"] {
        let lead_counts = counts(&ours[table]);
        let viewer_counts = counts(&theirs[table]);
        assert!(lead_counts.iter().all(|(_, v)| v.is_u64()));
        for ((place, count), (_, seen)) in lead_counts.iter().zip(&viewer_counts) {
            let n = count.as_u64().unwrap();
            if (1..=4).contains(&n) {
                small += 1;
                assert_eq!(seen, &json!("c"), "{table} {place:?}");
            } else if seen != &json!("c") {
                assert_eq!(seen, count);
            }
        }
    }
    assert!(small > 0, "the demo council has small numbers to hold back");

    // The pages say the same.
    let page = viewer
        .get("/leavers/exit-interviews?from=2020-10-01&to=2024-09-30")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(">c</td>"));
    assert!(!page.body.contains("What they said"));
    let page = lead
        .get("/leavers/exit-interviews?from=2020-10-01&to=2024-09-30")
        .await;
    assert!(!page.body.contains(">c</td>"));
    assert!(page.body.contains("What they said"));
    assert!(page.body.contains("<svg"));
}

#[tokio::test]
async fn leavers_are_reached_only_by_their_council_and_the_roles_that_record_interviews() {
    let app = TestApp::new().await;
    add_people(&app).await;

    // A recruitment officer of the other council does not find the leaver.
    add_user_with_password(
        app.store.as_ref(),
        Some(app.other_council()),
        "other@test.example",
        UserRole::RecruitmentOfficer,
        None,
        vec![],
        PASSWORD,
    )
    .await
    .unwrap();
    let mut other = app.client();
    other.sign_in("other@test.example", PASSWORD).await;
    let page = other.get("/leavers/ZLEAVER/exit-interview").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let list = other.get("/leavers?date=2024-09-30").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("ZLEAVER"));
    let key = other.api_token().await;
    let (status, _) = app
        .api(
            "PUT",
            "/api/v1/leavers/ZLEAVER/exit-interview",
            &key,
            Some(json!({"held_on": "2024-06-27", "primary_reason": "pay"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let stored = app.store.workforce(app.council()).await.unwrap();
    assert!(
        stored
            .exit_interviews
            .iter()
            .all(|i| i.worker_id.as_str() != "ZLEAVER")
    );

    // A team manager and a viewer see the analysis but not the leavers or the form.
    for role in [UserRole::TeamManager, UserRole::Viewer] {
        let mut client = app.signed_in(role).await;
        let list = client.get("/leavers").await;
        assert_eq!(list.status, StatusCode::SEE_OTHER);
        assert_eq!(list.location.as_deref(), Some("/leavers/exit-interviews"));
        let form = client.get("/leavers/ZLEAVER/exit-interview").await;
        assert_ne!(form.status, StatusCode::OK);
        let key = client.api_token().await;
        let (status, _) = app.api("GET", "/api/v1/leavers", &key, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // A practitioner sees neither figures nor leavers.
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    let page = practitioner.get("/profile").await;
    assert_ne!(page.status, StatusCode::OK);
}
