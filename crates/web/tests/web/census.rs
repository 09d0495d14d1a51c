//! The census return page: only the workforce lead and the recruitment officer reach
//! it; it lists every record that would fail with a link to the worker, shows a
//! success panel when nothing fails, and its XML download is recorded in the audit
//! trail.

use crate::support;

use axum::http::{StatusCode, header};
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::codes::{Contract, Role};
use pathway_domain::ids::{EmploymentId, WorkerId};
use pathway_domain::records::{Assignment, Employment, Worker};
use pathway_domain::values::{Fte, Span, parse_date};
use support::TestApp;

/// Adds a social worker in post since 2020 with every census item but a date of birth.
async fn add_worker_without_birth_date(app: &TestApp) {
    let mut workforce = Workforce::new(app.council());
    let worker = WorkerId::parse("ZNOBIRTH").unwrap();
    let mut complete = app.councils[0]
        .1
        .workers
        .iter()
        .find(|w| w.date_of_birth.is_some() && w.swe_number.is_some())
        .unwrap()
        .clone();
    complete.id = worker.clone();
    complete.given_name = "Zoe".into();
    complete.family_name = "Nobirth".into();
    complete.swe_number = None;
    workforce.workers.push(Worker {
        date_of_birth: None,
        ..complete
    });
    let employment = EmploymentId::parse("EZNOBIRTH").unwrap();
    let span = Span::new(parse_date("2020-01-06").unwrap(), None).unwrap();
    workforce
        .employments
        .push(Employment::new(employment.clone(), worker, span, None, None, None).unwrap());
    workforce.assignments.push(Assignment {
        employment_id: employment,
        span,
        team_id: None,
        role: Role::SocialWorker,
        contract: Contract::Permanent,
        fte: Fte::new(1.0).unwrap(),
    });
    let source = ImportSource {
        actor: "test",
        description: "one person",
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

#[tokio::test]
async fn the_census_page_reports_failing_records_downloads_the_return_and_is_hidden_from_other_roles()
 {
    let app = TestApp::new().await;
    add_worker_without_birth_date(&app).await;

    for role in [
        UserRole::Practitioner,
        UserRole::TeamManager,
        UserRole::Viewer,
        UserRole::AcademyCoordinator,
    ] {
        let mut client = app.signed_in(role).await;
        for path in ["/census", "/census?year=2024", "/census/2024.xml"] {
            let page = client.get(path).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{role:?} {path}");
            assert!(!page.body.contains("Nobirth"));
        }
    }

    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/census?year=2024").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<caption class=\"govuk-table__caption govuk-table__caption--m\">Records that would fail</caption>"));
    let rows: Vec<&str> = page
        .body
        .split("<tr")
        .filter(|row| row.contains("href=\"/workers/ZNOBIRTH\""))
        .collect();
    assert_eq!(
        rows.len(),
        2,
        "no date of birth and no SWE number: {rows:?}"
    );
    assert!(
        rows.iter()
            .all(|row| row.contains("Zoe Nobirth (ZNOBIRTH)"))
    );
    assert!(rows[0].contains(">SWENo<"), "{}", rows[0]);
    assert!(rows[1].contains(">PersonBirthDate<"), "{}", rows[1]);
    assert!(page.body.contains("SWENo"));
    assert!(page.body.contains("href=\"/census/2024.xml\""));
    assert!(!page.body.contains("govuk-panel--confirmation"));
    // The counts are the return's.
    let workers = app.councils[0].1.workers.len();
    let shown: usize = {
        let at = page.body.find("id=\"census-workers\">").unwrap() + "id=\"census-workers\">".len();
        page.body[at..at + page.body[at..].find('<').unwrap()]
            .trim()
            .parse()
            .unwrap()
    };
    assert!(shown > 0 && shown <= workers + 1, "{shown}");

    // The latest census year by default.
    let page = lead.get("/census").await;
    assert_eq!(page.status, StatusCode::OK);
    let latest = pathway_domain::census::latest_census_year(chrono::Utc::now().date_naive());
    assert!(page.body.contains(&format!("value=\"{latest}\"")));

    // A year with nobody in it has nothing to fail.
    let page = lead.get("/census?year=1995").await;
    assert!(
        page.body.contains("govuk-panel--confirmation"),
        "{}",
        page.body
    );
    assert!(page.body.contains("No problems found"));

    // A year that cannot be read says what is wrong and keeps what was typed.
    let page = lead.get("/census?year=20x4").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<title>Error: "));
    assert!(
        page.body
            .contains("href=\"#year\">Enter the census year as 4 digits")
    );
    assert!(page.body.contains("value=\"20x4\""));

    let mut recruitment = app.signed_in(UserRole::RecruitmentOfficer).await;
    let download = recruitment.get("/census/2024.xml").await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(
        download.headers[header::CONTENT_TYPE],
        "application/xml; charset=utf-8"
    );
    assert!(
        download.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(&format!("csww-{}-2024.xml", app.council()))
    );
    assert!(
        download
            .body
            .contains(&format!("<LEA>{}</LEA>", app.council()))
    );
    assert_eq!(
        download.body.matches("<CSWWWorker>").count(),
        shown,
        "the page counts the records the file holds"
    );
    assert_eq!(
        recruitment.get("/census/2024.txt").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        recruitment.get("/census/2999.xml").await.status,
        StatusCode::NOT_FOUND
    );

    let audit = app.store.audit_trail(app.council(), 50).await.unwrap();
    let exports: Vec<_> = audit
        .iter()
        .filter(|event| event.entry.action == "export census return")
        .collect();
    assert_eq!(exports.len(), 1);
    assert_eq!(
        exports[0].entry.actor,
        format!("{}@test.example", UserRole::RecruitmentOfficer.as_str())
    );
    assert!(exports[0].entry.detail.contains("census year 2024"));
}
