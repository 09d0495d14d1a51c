//! Councils on one installation and benchmarking between them: the administrator adds
//! a council and its lead; a comparison group of fewer than 5 councils shows nothing;
//! a council that has not opted in is never named in another council's or a regional
//! viewer's HTML, JSON or XLSX; a regional viewer sees aggregates only.

use std::io::Read as _;

use crate::support::{Client, PASSWORD, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pathway_app::installation::add_regional_viewer;
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::access::UserRole;
use pathway_domain::benchmarking::{InstallationCouncil, Region};
use pathway_domain::values::parse_date;
use pathway_domain::{Council, CouncilCode};
use tower::ServiceExt;

/// The name given to the council that stays anonymous.
const HIDDEN_NAME: &str = "Quietwater Borough Council";
/// The name given to the council that chose to be named.
const SHOWN_NAME: &str = "Brightmoor City Council";

/// Adds demo councils `codes` (generated with another seed than the test app's two)
/// to the app's installation.
async fn add_demo_councils(app: &TestApp, codes: &[&str]) {
    let options = pathway_demo::DemoOptions {
        councils: 6,
        seed: 11,
        until: parse_date("2024-09-30").unwrap(),
        years: 2,
    };
    let (councils, workforces): (Vec<Council>, Vec<_>) = pathway_demo::generate(&options)
        .into_iter()
        .filter(|(council, _)| codes.contains(&council.code.to_string().as_str()))
        .unzip();
    assert_eq!(councils.len(), codes.len(), "the demo makes those codes");
    pathway_app::import(
        app.store.as_ref(),
        Upload::generated(workforces),
        ImportMode::Write,
        ImportSource {
            actor: "test",
            description: "more demo councils",
            action: "demo",
            council_names: &councils,
        },
    )
    .await
    .unwrap();
}

fn code(text: &str) -> CouncilCode {
    CouncilCode::parse(text).unwrap()
}

/// Renames a council and sets its region and naming, as the administrator does.
async fn place(app: &TestApp, code_text: &str, name: &str, named: bool) {
    let council = InstallationCouncil {
        council: Council {
            code: code(code_text),
            name: name.to_owned(),
        },
        region: Region::NorthWest,
        named_in_benchmarks: named,
    };
    pathway_app::installation::change_council(app.store.as_ref(), "test", &council)
        .await
        .unwrap();
}

/// `GET path` as `client`: the status and the body as bytes (a workbook).
async fn get_bytes(app: &TestApp, client: &Client, path: &str) -> (StatusCode, Vec<u8>) {
    let request = Request::get(path)
        .header(header::HOST, "pathway.test")
        .header(header::COOKIE, client.cookie_header())
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, bytes.to_vec())
}

/// The text of every cell of an XLSX workbook's shared strings and sheets.
fn workbook_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().unwrap().ends_with(".xml") {
            file.read_to_string(&mut text).unwrap();
        }
    }
    text
}

/// Whether a council code appears as a code (not inside a longer number).
fn shows_code(text: &str, code: &str) -> bool {
    [
        format!(">{code}<"),
        format!(">{code} "),
        format!(" {code}<"),
        format!(" {code} "),
        format!("\"{code}\""),
    ]
    .iter()
    .any(|pattern| text.contains(pattern.as_str()))
}

/// A client signed in as a regional viewer seeing `codes`.
async fn regional_viewer(app: &TestApp, email: &str, codes: &[&str]) -> Client {
    let codes: Vec<CouncilCode> = codes.iter().map(|c| code(c)).collect();
    let (user, password) = add_regional_viewer(app.store.as_ref(), "test", email, &codes)
        .await
        .unwrap();
    let mut client = app.client();
    let page = client.sign_in(&user.email, &password).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/benchmarking"));
    client
}

#[tokio::test]
async fn a_group_of_four_councils_shows_nothing_and_five_shows_quartiles() {
    let app = TestApp::new().await;
    add_demo_councils(&app, &["992", "993"]).await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.api_token().await;

    // Four councils: no quartiles anywhere, and nobody named.
    place(&app, "993", SHOWN_NAME, true).await;
    let (status, json) = app
        .api("GET", "/api/v1/benchmarking?date=2024-09-30", &token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["scope"], "council");
    for measure in json["measures"].as_array().unwrap() {
        assert_eq!(measure["installation"]["shown"], false, "{measure}");
        assert!(measure["installation"]["median"].is_null(), "{measure}");
        assert_eq!(measure["region"]["shown"], false, "{measure}");
    }
    assert_eq!(json["measures"][0]["installation"]["councils"], 4);
    assert!(json["councils"].as_array().unwrap().is_empty());
    let page = lead.get("/benchmarking?date=2024-09-30").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("fewer than 5 councils"));
    assert!(!page.body.contains(SHOWN_NAME));

    // A fifth council with figures: the quartiles of the turnover rate appear.
    add_demo_councils(&app, &["994"]).await;
    let (_, json) = app
        .api("GET", "/api/v1/benchmarking?date=2024-09-30", &token, None)
        .await;
    let turnover = &json["measures"][0];
    assert_eq!(turnover["measure"], "turnover_rate");
    assert_eq!(turnover["installation"]["councils"], 5);
    assert_eq!(turnover["installation"]["shown"], true);
    let lower = turnover["installation"]["lower_quartile"].as_f64().unwrap();
    let median = turnover["installation"]["median"].as_f64().unwrap();
    let upper = turnover["installation"]["upper_quartile"].as_f64().unwrap();
    assert!(lower <= median && median <= upper, "{turnover}");
    let page = lead.get("/benchmarking?date=2024-09-30").await;
    assert!(
        page.body.contains(&format!("{:.1}%", median * 100.0)),
        "the page shows the median turnover rate"
    );
    // Now that the installation has five councils, the one that opted in is named.
    assert!(page.body.contains(SHOWN_NAME));
    assert_eq!(json["councils"][0]["label"], SHOWN_NAME);
}

#[tokio::test]
async fn an_opted_out_council_is_never_named_in_html_json_or_xlsx() {
    let app = TestApp::new().await;
    add_demo_councils(&app, &["992", "993", "994"]).await;
    place(&app, "993", HIDDEN_NAME, false).await;
    place(&app, "994", SHOWN_NAME, true).await;

    // The lead of the first council (990).
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.api_token().await;
    let page = lead.get("/benchmarking?date=2024-09-30").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(SHOWN_NAME),
        "the opted-in council is named"
    );
    let (status, json) = app
        .api("GET", "/api/v1/benchmarking?date=2024-09-30", &token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let json = json.to_string();
    assert!(json.contains(SHOWN_NAME));
    let (status, xlsx) = get_bytes(&app, &lead, "/benchmarking?date=2024-09-30&format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let workbook = workbook_text(&xlsx);
    assert!(
        workbook.contains(SHOWN_NAME),
        "the workbook holds the page's tables"
    );

    // A regional viewer of all five.
    let mut viewer = regional_viewer(
        &app,
        "region@test.example",
        &["990", "991", "992", "993", "994"],
    )
    .await;
    let viewer_page = viewer.get("/benchmarking?date=2024-09-30").await;
    assert_eq!(viewer_page.status, StatusCode::OK);
    assert!(viewer_page.body.contains("Unnamed council 1"));
    assert!(viewer_page.body.contains(SHOWN_NAME));
    let viewer_token = viewer.api_token().await;
    let (status, viewer_json) = app
        .api(
            "GET",
            "/api/v1/benchmarking?date=2024-09-30",
            &viewer_token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(viewer_json["scope"], "group");
    assert_eq!(viewer_json["councils"].as_array().unwrap().len(), 5);
    let viewer_json = viewer_json.to_string();
    let (status, viewer_xlsx) =
        get_bytes(&app, &viewer, "/benchmarking?date=2024-09-30&format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    let viewer_workbook = workbook_text(&viewer_xlsx);

    for (what, text) in [
        ("the lead's page", &page.body),
        ("the lead's JSON", &json),
        ("the lead's workbook", &workbook),
        ("the regional viewer's page", &viewer_page.body),
        ("the regional viewer's JSON", &viewer_json),
        ("the regional viewer's workbook", &viewer_workbook),
    ] {
        assert!(
            !text.contains(HIDDEN_NAME),
            "{what} names the opted-out council"
        );
        assert!(
            !shows_code(text, "993"),
            "{what} shows the opted-out council's code"
        );
        // The lead's own council is not opted in either: only its own lead sees its name.
        if what.starts_with("the regional viewer") {
            let own = &app.councils[0].0.name;
            assert!(!text.contains(own.as_str()), "{what} names council 990");
        }
    }
}

#[tokio::test]
async fn the_admin_adds_a_council_and_its_lead_who_can_then_sign_in() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in(UserRole::Admin).await;
    let form = admin.get("/admin/councils").await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.form_token();

    // Mistakes are named by field, and what was typed is kept.
    let page = admin
        .post_form(
            "/admin/councils",
            &[
                ("csrf_token", &token),
                ("code", "99"),
                ("name", ""),
                ("region", "north_west"),
                ("lead", "lead@northmoor.example"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("href=\"#code\""));
    assert!(
        page.body.contains("Enter the council&#39;s name")
            || page.body.contains("Enter the council's name")
    );
    assert!(page.body.contains("value=\"lead@northmoor.example\""));
    assert!(page.body.contains("value=\"99\""));
    // A code already used is refused.
    let page = admin
        .post_form(
            "/admin/councils",
            &[
                ("csrf_token", &token),
                ("code", &app.council().to_string()),
                ("name", "Again"),
                ("region", "london"),
                ("lead", "again@example.org"),
            ],
        )
        .await;
    assert!(page.body.contains("is already on this installation"));

    let page = admin
        .post_form(
            "/admin/councils",
            &[
                ("csrf_token", &token),
                ("code", "888"),
                ("name", "Northmoor Council"),
                ("region", "north_west"),
                ("lead", "Lead@Northmoor.example"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let marker = "id=\"one-time-password\">";
    let start = page.body.find(marker).expect("the password on the page") + marker.len();
    let password = page.body[start..].split('<').next().unwrap().to_owned();
    assert_eq!(password.len(), 20);

    let councils = app.store.installation_councils().await.unwrap();
    let added = councils
        .iter()
        .find(|c| c.council.code == code("888"))
        .unwrap();
    assert_eq!(added.region, Region::NorthWest);
    assert!(!added.named_in_benchmarks, "anonymous unless chosen");
    let trail = app.store.audit_trail(code("888"), 10).await.unwrap();
    assert!(trail.iter().any(|e| e.entry.action == "council added"));

    let mut new_lead = app.client();
    let signed = new_lead.sign_in("lead@northmoor.example", &password).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let page = new_lead.get("/benchmarking").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Northmoor Council"));
    // The new lead chooses to be named; the admin's list says so.
    let token = page.form_token();
    let saved = new_lead
        .post_form(
            "/benchmarking/naming",
            &[("csrf_token", &token), ("named", "yes")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let councils = app.store.installation_councils().await.unwrap();
    assert!(
        councils
            .iter()
            .any(|c| c.council.code == code("888") && c.named_in_benchmarks)
    );
    // A lead manages no councils or users: not even their own council's page.
    assert_eq!(
        new_lead.get("/admin/councils").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        new_lead
            .post_form(
                "/admin/councils",
                &[
                    ("csrf_token", &token),
                    ("code", "887"),
                    ("name", "X"),
                    ("region", "london"),
                    ("lead", "x@example.org")
                ]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The admin changes the region.
    let page = admin.get("/admin/councils/888").await;
    assert_eq!(page.status, StatusCode::OK);
    let changed = admin
        .post_form(
            "/admin/councils/888",
            &[
                ("csrf_token", &page.form_token()),
                ("name", "Northmoor Council"),
                ("region", "london"),
                ("named", "yes"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    let councils = app.store.installation_councils().await.unwrap();
    assert!(
        councils
            .iter()
            .any(|c| c.council.code == code("888") && c.region == Region::London)
    );
    assert_eq!(
        admin.get("/admin/councils/777").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_regional_viewer_sees_aggregates_and_no_person_level_page_or_api() {
    let app = TestApp::new().await;
    let mut viewer = regional_viewer(&app, "viewer@region.example", &["990", "991"]).await;
    let page = viewer.get("/benchmarking").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("fewer than 5 councils"));
    let worker = &app.councils[0].1.workers[0];
    assert!(!page.body.contains(worker.family_name.as_str()));
    let person = format!("/workers/{}", worker.id);
    for path in [
        "/",
        "/workers",
        person.as_str(),
        "/workers/export.xlsx",
        "/teams",
        "/academy",
        "/recruitment",
        "/recruitment/candidates",
        "/caseloads",
        "/career",
        "/training",
        "/feedback",
        "/survey",
        "/leavers",
        "/leavers/exit-interviews",
        "/profile",
        "/reports",
        "/census",
        "/import",
        "/audit",
        "/admin/councils",
    ] {
        let status = viewer.get(path).await.status;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "GET {path}: {status}"
        );
    }
    let token = viewer.api_token().await;
    for path in [
        "/api/v1/workers",
        "/api/v1/teams",
        "/api/v1/measures",
        "/api/v1/academy/cohorts",
        "/api/v1/caseloads",
        "/api/v1/profile",
        "/api/v1/exit-interviews/analysis",
        "/api/v1/reports/committee",
    ] {
        let (status, _) = app.api("GET", path, &token, None).await;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
            "GET {path}: {status}"
        );
    }
    let (status, json) = app.api("GET", "/api/v1/benchmarking", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["scope"], "group");
    assert!(
        json["councils"].as_array().unwrap().is_empty(),
        "a group of 2 lists nobody"
    );
}

#[tokio::test]
async fn a_regional_viewer_cannot_be_given_a_council_and_a_lead_cannot_sign_in_as_one() {
    let app = TestApp::new().await;
    let refused = pathway_app::accounts::add_user_with_password(
        app.store.as_ref(),
        Some(app.council()),
        "rv@example.org",
        UserRole::RegionalViewer,
        None,
        Vec::new(),
        PASSWORD,
    )
    .await;
    assert!(refused.is_err());
    let refused =
        add_regional_viewer(app.store.as_ref(), "test", "rv@example.org", &[code("777")]).await;
    assert!(refused.is_err(), "a council not on the installation");
}
