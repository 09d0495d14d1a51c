//! Every role against every page: allowed (200), forbidden (403) or, for a person
//! outside the role's reach or in another council, not found (404). The expectations
//! are written out here, not derived from the code under test.

use crate::support;

use axum::http::StatusCode;
use pathway_domain::access::UserRole;
use pathway_domain::ids::WorkerId;
use support::TestApp;

const OK: u16 = 200;
const NO: u16 = 403;
const GONE: u16 = 404;

/// The roles in the order of the columns below.
const ROLES: [UserRole; 8] = [
    UserRole::Admin,
    UserRole::WorkforceLead,
    UserRole::AcademyCoordinator,
    UserRole::RecruitmentOfficer,
    UserRole::TeamManager,
    UserRole::Practitioner,
    UserRole::Viewer,
    // [issue 9: benchmarking]
    UserRole::RegionalViewer,
];

/// Someone of the first council with an open assignment in its first team: inside a
/// team manager's reach, outside a practitioner's.
fn team_member(app: &TestApp) -> WorkerId {
    let workforce = &app.councils[0].1;
    let team = &workforce.teams[0].id;
    let practitioner = workforce
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id();
    let employment = workforce
        .assignments
        .iter()
        .filter(|a| a.team_id.as_ref() == Some(team) && a.span.end().is_none())
        .filter_map(|a| {
            workforce
                .employments
                .iter()
                .find(|e| *e.id() == a.employment_id)
        })
        .find(|e| e.worker_id() != practitioner && e.span().end().is_none())
        .expect("an open assignment in the first team");
    employment.worker_id().clone()
}

/// A worker ID that exists only in the second council.
fn other_councils_worker(app: &TestApp) -> WorkerId {
    let mine = &app.councils[0].1.workers;
    app.councils[1]
        .1
        .workers
        .iter()
        .map(|w| w.id.clone())
        .find(|id| !mine.iter().any(|w| &w.id == id))
        .expect("an ID only the other council has")
}

#[tokio::test]
async fn every_role_gets_exactly_the_pages_its_role_allows() {
    let app = TestApp::new().await;
    let member = team_member(&app);
    let person = format!("/workers/{member}");
    let edit = format!("/workers/{member}/edit");
    //               admin lead academy recruit manager practitioner viewer regional
    let table: Vec<(&str, [u16; 8])> = vec![
        ("/", [OK, OK, OK, OK, OK, NO, OK, NO]),
        ("/workers", [NO, OK, OK, OK, OK, OK, NO, NO]),
        ("/workers/export.xlsx", [NO, OK, OK, OK, NO, NO, NO, NO]),
        (&person, [NO, OK, OK, OK, OK, GONE, NO, NO]),
        (&edit, [NO, OK, NO, NO, OK, NO, NO, NO]),
        ("/teams", [NO, OK, OK, OK, OK, OK, NO, NO]),
        ("/import", [NO, OK, NO, NO, NO, NO, NO, NO]),
        ("/import/format", [NO, OK, NO, NO, NO, NO, NO, NO]),
        ("/audit", [NO, OK, NO, NO, NO, NO, NO, NO]),
        ("/account/tokens", [OK, OK, OK, OK, OK, OK, OK, OK]),
        // [issue 9: benchmarking]
        ("/benchmarking", [NO, OK, NO, NO, NO, NO, OK, OK]),
        ("/admin/councils", [OK, NO, NO, NO, NO, NO, NO, NO]),
        ("/admin/regional-viewers", [OK, NO, NO, NO, NO, NO, NO, NO]),
    ];
    let mut failures = Vec::new();
    for (column, role) in ROLES.into_iter().enumerate() {
        let mut client = app.signed_in(role).await;
        for (path, expected) in &table {
            let status = client.get(path).await.status.as_u16();
            if status != expected[column] {
                failures.push(format!(
                    "{role} GET {path}: expected {}, got {status}",
                    expected[column]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_practitioner_sees_their_own_record_and_nobody_elses() {
    let app = TestApp::new().await;
    let own = app.councils[0]
        .1
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id()
        .clone();
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    assert_eq!(
        practitioner.get(&format!("/workers/{own}")).await.status,
        StatusCode::OK
    );
    let other = team_member(&app);
    assert_eq!(
        practitioner.get(&format!("/workers/{other}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn another_councils_records_are_not_found_on_every_route_with_an_id() {
    let app = TestApp::new().await;
    let other = other_councils_worker(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    for path in [
        format!("/workers/{other}"),
        format!("/workers/{other}/edit"),
    ] {
        let page = lead.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        let name = &app.councils[1]
            .1
            .workers
            .iter()
            .find(|w| w.id == other)
            .unwrap()
            .family_name;
        assert!(
            !page.body.contains(name.as_str()),
            "{path} shows the other council's person"
        );
    }
    let token = lead.get("/").await.form_token();
    let page = lead
        .post_form(
            &format!("/workers/{other}/edit"),
            &[
                ("csrf_token", &token),
                ("given_name", "X"),
                ("family_name", "Y"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_signed_out_are_sent_to_sign_in_from_every_page() {
    let app = TestApp::new().await;
    let mut client = app.client();
    for path in [
        "/",
        "/workers",
        "/teams",
        "/import",
        "/audit",
        "/account/tokens",
        "/workers/W00001",
    ] {
        let page = client.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location.as_deref(), Some("/sign-in"), "{path}");
    }
}
