//! Subject access: the workforce lead gets everything held about one of their
//! council's people as a page, JSON and PDF, linked from the person's page; every
//! view and download is in the audit trail; another council's person is not found,
//! and no other role may produce one. The gathering itself finds each area's records
//! for a demo person who has some.
// [issue 11: subject access]

use crate::support;

use axum::http::{StatusCode, header};
use chrono::Utc;
use pathway_app::{Store, SubjectAccessRequest};
use pathway_domain::access::UserRole;
use pathway_domain::ids::WorkerId;
use pathway_domain::subject_access::SubjectAccess;
use support::{TestApp, encode};

/// A demo person of the first council with an ASYE log: rich in records.
async fn academy_member(app: &TestApp) -> WorkerId {
    let academy = app.store.academy(app.council()).await.unwrap();
    academy.log[0].worker_id.clone()
}

fn full_name(app: &TestApp, worker: &WorkerId) -> String {
    let worker = app.councils[0]
        .1
        .workers
        .iter()
        .find(|w| &w.id == worker)
        .unwrap();
    format!("{} {}", worker.given_name, worker.family_name)
}

#[tokio::test]
async fn the_lead_gets_a_persons_records_as_a_page_json_and_pdf_and_each_is_audited() {
    let app = TestApp::new().await;
    let worker = academy_member(&app).await;
    let name = full_name(&app, &worker);
    let base = format!("/workers/{}/subject-access", encode(worker.as_str()));
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    let person = lead
        .get(&format!("/workers/{}", encode(worker.as_str())))
        .await;
    assert!(
        person.body.contains(&format!("href=\"{base}\"")),
        "the link on the person's page"
    );
    assert!(person.body.contains("Subject access request"));

    let page = lead.get(&base).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains(&format!("Everything Pathway holds about {name}"))
    );
    assert!(page.body.contains(&format!("href=\"{base}.json\"")));
    assert!(page.body.contains(&format!("href=\"{base}.pdf\"")));
    assert!(page.body.contains("Academy and ASYE"));
    assert!(page.body.contains("Held but not linkable to this person"));
    assert!(page.body.contains("Staff survey answers"));
    assert!(!page.body.contains("<script>"), "no inline script");

    let json = lead.get(&format!("{base}.json")).await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.headers[header::CONTENT_TYPE], "application/json");
    let access: SubjectAccess = serde_json::from_str(&json.body).unwrap();
    assert_eq!(access.worker.worker_id, worker.as_str());
    assert_eq!(access.name(), name);
    assert!(!access.employments.is_empty());
    assert!(!access.academy.log.is_empty());
    assert_eq!(access.produced_by, "workforce_lead@test.example");
    // The page view before it is in the person's audit trail.
    assert!(
        access
            .audit_trail
            .iter()
            .any(|entry| entry.action == "subject-access"
                && entry.detail == format!("worker {worker}: page"))
    );

    let pdf = lead.get(&format!("{base}.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.body.starts_with("%PDF"));

    let trail = app.store.audit_trail(app.council(), 20).await.unwrap();
    let produced: Vec<&str> = trail
        .iter()
        .filter(|event| event.entry.action == "subject-access")
        .map(|event| event.entry.detail.as_str())
        .collect();
    assert_eq!(
        produced,
        [
            format!("worker {worker}: pdf"),
            format!("worker {worker}: json"),
            format!("worker {worker}: page"),
        ]
    );
    assert!(
        trail
            .iter()
            .filter(|event| event.entry.action == "subject-access")
            .all(|event| event.entry.actor == "workforce_lead@test.example")
    );
}

#[tokio::test]
async fn another_councils_person_is_not_found_and_no_other_role_may_produce_a_response() {
    let app = TestApp::new().await;
    let ours = &app.councils[0].1;
    let theirs = app.councils[1]
        .1
        .workers
        .iter()
        .find(|w| ours.workers.iter().all(|o| o.id != w.id))
        .expect("a worker ID only the other council has");
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    for suffix in ["", ".json", ".pdf"] {
        let page = lead
            .get(&format!(
                "/workers/{}/subject-access{suffix}",
                encode(theirs.id.as_str())
            ))
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{suffix}");
    }

    let worker = academy_member(&app).await;
    let before = app
        .store
        .audit_trail(app.council(), 10_000)
        .await
        .unwrap()
        .len();
    for role in [
        UserRole::Practitioner,
        UserRole::TeamManager,
        UserRole::AcademyCoordinator,
        UserRole::RecruitmentOfficer,
        UserRole::Viewer,
    ] {
        let mut client = app.signed_in(role).await;
        let own = match role {
            UserRole::Practitioner => Some(
                ours.employments
                    .iter()
                    .find(|e| e.span().end().is_none())
                    .unwrap()
                    .worker_id()
                    .clone(),
            ),
            _ => None,
        };
        for who in [Some(worker.clone()), own].into_iter().flatten() {
            let base = format!("/workers/{}/subject-access", encode(who.as_str()));
            for suffix in ["", ".json", ".pdf"] {
                let page = client.get(&format!("{base}{suffix}")).await;
                assert_eq!(page.status, StatusCode::FORBIDDEN, "{role} {base}{suffix}");
            }
            let person = client
                .get(&format!("/workers/{}", encode(who.as_str())))
                .await;
            assert!(!person.body.contains("Subject access request"), "{role}");
        }
    }
    let after = app.store.audit_trail(app.council(), 10_000).await.unwrap();
    assert!(
        after[..after.len() - before]
            .iter()
            .all(|event| event.entry.action != "subject-access"),
        "a refused request produces nothing"
    );
}

/// Gathers a response for `worker` as the test's lead would.
async fn gather(app: &TestApp, worker: &WorkerId) -> SubjectAccess {
    let request = SubjectAccessRequest {
        council: app.council(),
        worker,
        actor: "lead@test.example",
        how: "test",
    };
    pathway_app::subject_access(app.store.as_ref(), request, Utc::now())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_response_holds_each_areas_records_of_a_demo_person_who_has_them() {
    let app = TestApp::new().await;
    let council = app.council();
    let workforce = &app.councils[0].1;
    let academy = app.store.academy(council).await.unwrap();
    let career = app.store.career(council).await.unwrap();
    let training = app.store.training(council).await.unwrap();
    let recruitment = app.store.recruitment(council).await.unwrap();

    type Held = fn(&SubjectAccess) -> usize;
    let areas: Vec<(&str, Option<WorkerId>, Held)> = vec![
        (
            "employments",
            workforce.employments.first().map(|e| e.worker_id().clone()),
            |a| a.employments.iter().map(|e| e.assignments.len()).sum(),
        ),
        (
            "absences",
            workforce.absences.first().map(|r| r.worker_id().clone()),
            |a| a.absences.len(),
        ),
        (
            "caseloads",
            workforce.caseloads.first().map(|r| r.worker_id.clone()),
            |a| a.caseloads.len(),
        ),
        (
            "exit interviews",
            workforce
                .exit_interviews
                .first()
                .map(|r| r.worker_id.clone()),
            |a| a.exit_interviews.len(),
        ),
        (
            "cohorts",
            workforce
                .academy_members
                .first()
                .map(|r| r.worker_id().clone()),
            |a| a.academy.memberships.len(),
        ),
        (
            "attendance",
            academy.attendance.first().map(|r| r.worker_id.clone()),
            |a| a.academy.attendance.len(),
        ),
        (
            "checklist",
            academy.ticks.first().map(|r| r.worker_id.clone()),
            |a| a.academy.checklist.len(),
        ),
        (
            "ASYE records",
            academy.asye_records.first().map(|r| r.worker_id.clone()),
            |a| a.academy.asye.len(),
        ),
        (
            "ASYE reviews",
            academy.reviews.first().map(|r| r.worker_id.clone()),
            |a| a.academy.reviews.len(),
        ),
        (
            "ASYE log",
            academy.log.first().map(|r| r.worker_id.clone()),
            |a| a.academy.log.len(),
        ),
        (
            "self-assessments",
            career.assessments.first().map(|r| r.worker_id.clone()),
            |a| a.career.assessments.len(),
        ),
        (
            "development plans",
            career.actions.first().map(|r| r.worker_id.clone()),
            |a| a.career.development_plan.len(),
        ),
        (
            "bookings",
            training.bookings.first().map(|r| r.worker_id.clone()),
            |a| a.training.bookings.len(),
        ),
        (
            "completions",
            training.completions.first().map(|r| r.worker_id.clone()),
            |a| a.training.completions.len(),
        ),
        (
            "skills",
            training.skills.first().map(|r| r.worker_id.clone()),
            |a| a.training.skills.len(),
        ),
        (
            "candidates",
            recruitment
                .candidates
                .iter()
                .find_map(|c| c.worker_id.clone()),
            |a| a.recruitment.candidates.len(),
        ),
        (
            "international recruitment",
            recruitment
                .international_recruits
                .first()
                .map(|r| r.worker_id.clone()),
            |a| usize::from(a.recruitment.international.is_some()),
        ),
    ];
    for (area, worker, held) in areas {
        let worker = worker.unwrap_or_else(|| panic!("the demo council has {area}"));
        let access = gather(&app, &worker).await;
        assert_eq!(access.worker.worker_id, worker.as_str());
        assert!(held(&access) > 0, "{area} of {worker}");
        assert!(!access.not_linkable.is_empty());
    }

    // A practitioner's account: its email, role and API tokens by name, never a hash;
    // what the account did is in the trail.
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    practitioner.api_token().await;
    let own = workforce
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id()
        .clone();
    practitioner
        .get(&format!("/workers/{}", encode(own.as_str())))
        .await;
    let access = gather(&app, &own).await;
    assert_eq!(access.accounts.len(), 1);
    assert_eq!(access.accounts[0].email, "practitioner@test.example");
    assert_eq!(access.accounts[0].role, "practitioner");
    assert_eq!(access.accounts[0].api_tokens.len(), 1);
    assert!(access.audit_trail.iter().any(|entry| {
        entry.actor == "practitioner@test.example" && entry.action == "view person"
    }));
    let json = serde_json::to_string(&access).unwrap();
    assert!(!json.contains("argon2"), "no password hash");
    assert!(!json.contains("token_hash"), "no token hash");
}
