//! The form that changes an employment: recording a leaver, correcting dates, what is
//! refused and why, who may use it, and what is audited.

use crate::support;

use axum::http::StatusCode;
use chrono::Datelike;
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::codes::{Destination, LeavingReason};
use pathway_domain::ids::{EmploymentId, WorkerId};
use pathway_domain::records::{Assignment, Employment, Worker};
use pathway_domain::values::{Date, Span, parse_date};
use support::{Client, TestApp};

fn path(employment: &Employment) -> String {
    format!(
        "/workers/{}/employments/{}/edit",
        employment.worker_id(),
        employment.id()
    )
}

/// The open employment of the person the demo practitioner is.
fn open_employment(app: &TestApp) -> Employment {
    app.councils[0]
        .1
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .clone()
}

fn assignments_of(app: &TestApp, employment: &Employment) -> Vec<Assignment> {
    let mut assignments: Vec<Assignment> = app.councils[0]
        .1
        .assignments
        .iter()
        .filter(|a| &a.employment_id == employment.id())
        .cloned()
        .collect();
    assignments.sort_by_key(|a| a.span.start());
    assignments
}

async fn stored_employment(app: &TestApp, id: &EmploymentId) -> Employment {
    app.store
        .workforce(app.council())
        .await
        .unwrap()
        .employments
        .into_iter()
        .find(|e| e.id() == id)
        .unwrap()
}

async fn audit_count(app: &TestApp) -> usize {
    app.store
        .audit_trail(app.council(), 100)
        .await
        .unwrap()
        .len()
}

async fn import(app: &TestApp, workforce: Workforce) {
    let source = ImportSource {
        actor: "test",
        description: "test",
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

/// The form's fields: every one, with the dates in GOV.UK's three boxes.
fn fields(
    token: &str,
    start: Date,
    end: Option<(&str, &str, &str)>,
    start_origin: &str,
    leaving_reason: &str,
    destination: &str,
) -> Vec<(String, String)> {
    let (end_day, end_month, end_year) = end.unwrap_or(("", "", ""));
    [
        ("csrf_token", token.to_owned()),
        ("start_date-day", start.day().to_string()),
        ("start_date-month", start.month().to_string()),
        ("start_date-year", start.year().to_string()),
        ("end_date-day", end_day.to_owned()),
        ("end_date-month", end_month.to_owned()),
        ("end_date-year", end_year.to_owned()),
        ("start_origin", start_origin.to_owned()),
        ("leaving_reason", leaving_reason.to_owned()),
        ("destination", destination.to_owned()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value))
    .collect()
}

async fn post(client: &mut Client, path: &str, fields: &[(String, String)]) -> support::Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    client.post_form(path, &pairs).await
}

fn boxes(date: Date) -> (String, String, String) {
    (
        date.day().to_string(),
        date.month().to_string(),
        date.year().to_string(),
    )
}

#[tokio::test]
async fn recording_a_leaver_saves_the_end_reason_and_destination_and_the_page_shows_them() {
    let app = TestApp::new().await;
    let employment = open_employment(&app);
    // The employment's assignment is still open: leaving must end it on the same day.
    assert!(
        assignments_of(&app, &employment)
            .iter()
            .any(|a| a.span.end().is_none())
    );
    let last_day = parse_date("2024-09-30").unwrap();

    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let person = lead
        .get(&format!("/workers/{}", employment.worker_id()))
        .await;
    assert!(
        person
            .body
            .contains(&format!("href=\"{}\"", path(&employment)))
    );
    assert!(person.body.contains("Change employment"));
    let form = lead.get(&path(&employment)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Save changes"));
    let (day, month, year) = boxes(last_day);
    let fields = fields(
        &form.form_token(),
        employment.span().start(),
        Some((&day, &month, &year)),
        "",
        "resignation",
        "agency",
    );
    let response = post(&mut lead, &path(&employment), &fields).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = format!("/workers/{}?saved=1", employment.worker_id());
    assert_eq!(response.location.as_deref(), Some(location.as_str()));

    let saved = stored_employment(&app, employment.id()).await;
    assert_eq!(saved.span().end(), Some(last_day));
    let leaving = saved.leaving().unwrap();
    assert_eq!(leaving.reason, LeavingReason::Resignation);
    assert_eq!(leaving.destination, Some(Destination::Agency));
    assert_eq!(saved.span().start(), employment.span().start());

    let stored = app.store.workforce(app.council()).await.unwrap();
    let still_open = stored
        .assignments
        .iter()
        .filter(|a| &a.employment_id == employment.id())
        .any(|a| a.span.end().is_none_or(|end| end > last_day));
    assert!(!still_open, "an assignment runs on past the last day");

    let page = lead.get(&location).await;
    assert!(page.body.contains("Details saved"));
    assert!(page.body.contains("to 30 September 2024"));
    assert!(
        page.body
            .contains("<dd class=\"govuk-summary-list__value\">Resignation</dd>")
    );
    assert!(
        page.body
            .contains("<dd class=\"govuk-summary-list__value\">Agency</dd>")
    );
}

#[tokio::test]
async fn an_end_date_before_the_start_date_is_linked_to_the_end_date_and_typed_values_kept() {
    let app = TestApp::new().await;
    let employment = open_employment(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.get(&path(&employment)).await.form_token();
    let before = app.store.workforce(app.council()).await.unwrap();
    let earlier = employment.span().start().year() - 1;
    let fields = fields(
        &token,
        employment.span().start(),
        Some(("07", "6", &earlier.to_string())),
        "agency",
        "retired",
        "left_social_care",
    );
    let page = post(&mut lead, &path(&employment), &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(page.body.contains("<title>Error: "));
    assert!(page.body.contains(
        "<a href=\"#end_date-day\">End date must be the same as or after the start date</a>"
    ));
    assert!(page.body.contains("id=\"end_date-day\" name=\"end_date-day\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"07\""));
    assert!(page.body.contains(&format!(
        "id=\"end_date-year\" name=\"end_date-year\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"{earlier}\""
    )));
    assert!(
        page.body
            .contains("<option value=\"retired\" selected>Retired</option>")
    );
    assert!(
        page.body
            .contains("<option value=\"left_social_care\" selected>Left social care</option>")
    );
    assert!(
        page.body
            .contains("<option value=\"agency\" selected>Agency</option>")
    );
    assert_eq!(app.store.workforce(app.council()).await.unwrap(), before);
}

#[tokio::test]
async fn a_leaving_reason_without_an_end_date_is_refused_with_its_message() {
    let app = TestApp::new().await;
    let employment = open_employment(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.get(&path(&employment)).await.form_token();
    let fields = fields(&token, employment.span().start(), None, "", "dismissed", "");
    let page = post(&mut lead, &path(&employment), &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(
        "<a href=\"#leaving_reason\">Enter the end date, or choose ‘Not left’ as the leaving reason</a>"
    ));
    assert!(page.body.contains("id=\"leaving_reason-error\""));
    assert_eq!(stored_employment(&app, employment.id()).await, employment);
}

#[tokio::test]
async fn an_end_date_that_leaves_an_assignment_outside_the_employment_is_refused_and_nothing_changes()
 {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let (employment, last) = workforce
        .employments
        .iter()
        .find_map(|e| {
            let last = assignments_of(&app, e).pop()?;
            (last.span.start() > e.span().start()).then(|| (e.clone(), last))
        })
        .unwrap();
    let end = last.span.start().pred_opt().unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.get(&path(&employment)).await.form_token();
    let before = app.store.workforce(app.council()).await.unwrap();
    let audited = audit_count(&app).await;
    let (day, month, year) = boxes(end);
    let fields = fields(
        &token,
        employment.span().start(),
        Some((&day, &month, &year)),
        "",
        "resignation",
        "",
    );
    let page = post(&mut lead, &path(&employment), &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(
        page.body
            .contains("assignments must lie within their employment"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"#end_date-day\""));
    assert!(page.body.contains(&format!(
        "id=\"end_date-day\" name=\"end_date-day\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"{day}\""
    )));
    assert!(
        page.body
            .contains("<option value=\"resignation\" selected>Resignation</option>")
    );
    assert_eq!(app.store.workforce(app.council()).await.unwrap(), before);
    assert_eq!(audit_count(&app).await, audited, "nothing was audited");
}

#[tokio::test]
async fn another_councils_an_out_of_reach_or_a_nonexistent_employment_is_not_found() {
    let app = TestApp::new().await;
    let mut only_there = Workforce::new(app.other_council());
    only_there.workers.push(Worker {
        id: WorkerId::parse("ONLY991").unwrap(),
        given_name: "Ottoline".into(),
        family_name: "Elsewhere".into(),
        swe_number: None,
        gender: None,
        date_of_birth: None,
        ethnicity: None,
        qualified_on: None,
        qualification_institution: None,
        qualification_level: None,
        route: None,
        bsl: None,
        languages: Vec::new(),
    });
    only_there.employments.push(
        Employment::new(
            EmploymentId::parse("EONLY991").unwrap(),
            WorkerId::parse("ONLY991").unwrap(),
            Span::new(parse_date("2020-01-01").unwrap(), None).unwrap(),
            None,
            None,
            None,
        )
        .unwrap(),
    );
    import(&app, only_there).await;

    let workforce = &app.councils[0].1;
    let own = open_employment(&app);
    let someone_elses = workforce
        .employments
        .iter()
        .find(|e| e.worker_id() != own.worker_id())
        .unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.get("/workers").await.form_token();
    let before = audit_count(&app).await;
    let paths = [
        "/workers/ONLY991/employments/EONLY991/edit".to_owned(),
        format!("/workers/{}/employments/E999999/edit", own.worker_id()),
        format!(
            "/workers/{}/employments/{}/edit",
            own.worker_id(),
            someone_elses.id()
        ),
        format!("/workers/NOBODY/employments/{}/edit", own.id()),
    ];
    let form = fields(&token, own.span().start(), None, "", "", "");
    for path in &paths {
        let page = lead.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.body.contains("Ottoline"));
        let page = post(&mut lead, path, &form).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        audit_count(&app).await,
        before,
        "nothing seen, nothing audited"
    );

    // A team manager reaches only the people of their team.
    let team = &workforce.teams[0].id;
    let in_team: std::collections::HashSet<_> = workforce
        .assignments
        .iter()
        .filter(|a| a.team_id.as_ref() == Some(team))
        .map(|a| a.employment_id.clone())
        .collect();
    let members: std::collections::HashSet<_> = workforce
        .employments
        .iter()
        .filter(|e| in_team.contains(e.id()))
        .map(|e| e.worker_id().clone())
        .collect();
    let outside = workforce
        .employments
        .iter()
        .find(|e| !members.contains(e.worker_id()))
        .unwrap();
    let inside = workforce
        .employments
        .iter()
        .find(|e| members.contains(e.worker_id()))
        .unwrap();
    let mut manager = app.signed_in(UserRole::TeamManager).await;
    assert_eq!(manager.get(&path(inside)).await.status, StatusCode::OK);
    assert_eq!(
        manager.get(&path(outside)).await.status,
        StatusCode::NOT_FOUND
    );
    let token = manager.get("/workers").await.form_token();
    let form = fields(&token, outside.span().start(), None, "", "", "");
    let page = post(&mut manager, &path(outside), &form).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(&stored_employment(&app, outside.id()).await, outside);
}

#[tokio::test]
async fn practitioners_viewers_and_academy_coordinators_may_not_change_an_employment() {
    let app = TestApp::new().await;
    let employment = open_employment(&app);
    let path = path(&employment);
    for role in [
        UserRole::Practitioner,
        UserRole::Viewer,
        UserRole::AcademyCoordinator,
    ] {
        let mut client = app.signed_in(role).await;
        assert_eq!(
            client.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{role}"
        );
        let token = client.get("/account/tokens").await.form_token();
        let form = fields(&token, employment.span().start(), None, "agency", "", "");
        assert_eq!(
            post(&mut client, &path, &form).await.status,
            StatusCode::FORBIDDEN,
            "{role}"
        );
        if role == UserRole::Practitioner {
            let own = client
                .get(&format!("/workers/{}", employment.worker_id()))
                .await;
            assert_eq!(own.status, StatusCode::OK);
            assert!(!own.body.contains("Change employment"));
        }
    }
    assert_eq!(stored_employment(&app, employment.id()).await, employment);
}

#[tokio::test]
async fn opening_the_form_is_one_view_and_each_save_is_exactly_one_edit_person_entry() {
    let app = TestApp::new().await;
    let employment = open_employment(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let before = audit_count(&app).await;
    let token = lead.get(&path(&employment)).await.form_token();
    let trail = app.store.audit_trail(app.council(), 100).await.unwrap();
    assert_eq!(trail.len(), before + 1);
    assert_eq!(trail[0].entry.action, "view person");
    assert_eq!(
        trail[0].entry.detail,
        format!("worker {}", employment.worker_id())
    );

    // Correcting the start date, then where they came from: two saves, two entries.
    let corrected = employment.span().start().pred_opt().unwrap();
    for origin in ["", "agency"] {
        let fields = fields(&token, corrected, None, origin, "", "");
        let response = post(&mut lead, &path(&employment), &fields).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    }
    let trail = app.store.audit_trail(app.council(), 100).await.unwrap();
    assert_eq!(trail.len(), before + 3, "one entry per save");
    for entry in &trail[..2] {
        assert_eq!(entry.entry.action, "edit person");
        assert_eq!(entry.entry.actor, "workforce_lead@test.example");
        assert!(
            entry.entry.detail.contains(&format!(
                "employment form for worker {}",
                employment.worker_id()
            )),
            "{}",
            entry.entry.detail
        );
        assert!(
            entry
                .entry
                .detail
                .contains("employments.csv 0 added, 1 updated"),
            "{}",
            entry.entry.detail
        );
    }
    let saved = stored_employment(&app, employment.id()).await;
    assert_eq!(saved.span().start(), corrected);
    assert_eq!(
        saved.start_origin(),
        Some(pathway_domain::codes::StartOrigin::Agency)
    );
}
