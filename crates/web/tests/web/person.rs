//! A person's page and the edit form: what is shown, to whom, what is audited, and
//! how changes are checked and saved.

use crate::support;

use axum::http::StatusCode;
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::ids::WorkerId;
use pathway_domain::records::Worker;
use support::{Client, TestApp};

/// The person the demo practitioner is: in post, with a full record.
fn someone(app: &TestApp) -> Worker {
    let workforce = &app.councils[0].1;
    let id = workforce
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id();
    workforce
        .workers
        .iter()
        .find(|w| &w.id == id)
        .unwrap()
        .clone()
}

async fn stored(app: &TestApp, id: &WorkerId) -> Worker {
    app.store
        .workforce(app.council())
        .await
        .unwrap()
        .workers
        .into_iter()
        .find(|w| &w.id == id)
        .unwrap()
}

async fn audit_count(app: &TestApp) -> usize {
    app.store
        .audit_trail(app.council(), 100)
        .await
        .unwrap()
        .len()
}

/// The edit form's fields as the form shows them for `worker`, with `changes`.
fn fields(worker: &Worker, token: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = vec![
        ("csrf_token".into(), token.into()),
        ("given_name".into(), worker.given_name.clone()),
        ("family_name".into(), worker.family_name.clone()),
        (
            "swe_number".into(),
            worker
                .swe_number
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("date_of_birth-day".into(), String::new()),
        ("date_of_birth-month".into(), String::new()),
        ("date_of_birth-year".into(), String::new()),
        ("bsl".into(), "not_known".into()),
        ("languages".into(), worker.languages.join("; ")),
    ];
    if let Some(date) = worker.date_of_birth {
        use chrono::Datelike;
        fields[4].1 = date.day().to_string();
        fields[5].1 = date.month().to_string();
        fields[6].1 = date.year().to_string();
    }
    for (name, value) in changes {
        match fields.iter_mut().find(|(field, _)| field == name) {
            Some(field) => field.1 = (*value).to_owned(),
            None => fields.push(((*name).to_owned(), (*value).to_owned())),
        }
    }
    fields
}

async fn post_edit(
    client: &mut Client,
    worker: &Worker,
    token: &str,
    changes: &[(&str, &str)],
) -> support::Page {
    let fields = fields(worker, token, changes);
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    client
        .post_form(&format!("/workers/{}/edit", worker.id), &pairs)
        .await
}

#[tokio::test]
async fn a_persons_page_shows_their_details_history_and_breadcrumbs() {
    let app = TestApp::new().await;
    let person = someone(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get(&format!("/workers/{}", person.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    let name = format!("{} {}", person.given_name, person.family_name);
    assert!(
        page.body
            .contains(&format!("<h1 class=\"govuk-heading-l\">{name}</h1>"))
    );
    assert_eq!(page.body.matches("<h1").count(), 1);
    assert!(page.body.contains("govuk-breadcrumbs"));
    assert!(
        page.body
            .contains("href=\"/workers\">Workforce register</a>")
    );
    assert!(page.body.contains("govuk-summary-list"));
    assert!(page.body.contains("Assignments during the employment"));
    assert!(
        page.body
            .contains(&format!("href=\"/workers/{}/edit\"", person.id))
    );
    assert!(!page.body.contains("Details saved"));
}

#[tokio::test]
async fn viewing_a_person_appends_exactly_one_audit_entry() {
    let app = TestApp::new().await;
    let person = someone(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let before = audit_count(&app).await;
    lead.get(&format!("/workers/{}", person.id)).await;
    let trail = app.store.audit_trail(app.council(), 100).await.unwrap();
    assert_eq!(trail.len(), before + 1);
    assert_eq!(trail[0].entry.action, "view person");
    assert_eq!(trail[0].entry.detail, format!("worker {}", person.id));
    assert_eq!(trail[0].entry.actor, "workforce_lead@test.example");
}

#[tokio::test]
async fn a_worker_id_of_another_council_is_not_found_and_shows_nothing() {
    let app = TestApp::new().await;
    let mut only_there = Workforce::new(app.other_council());
    let stranger = Worker {
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
    };
    only_there.workers.push(stranger);
    let source = ImportSource {
        actor: "test",
        description: "test",
        action: "import",
        council_names: &[],
    };
    pathway_app::import(
        app.store.as_ref(),
        Upload::generated(vec![only_there]),
        ImportMode::Write,
        source,
    )
    .await
    .unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let before = audit_count(&app).await;
    for path in [
        "/workers/ONLY991",
        "/workers/ONLY991/edit",
        "/workers/NOBODY",
    ] {
        let page = lead.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!page.body.contains("Elsewhere"));
        assert!(!page.body.contains("Ottoline"));
    }
    let search = lead.get("/workers?q=Elsewhere&status=all").await;
    assert!(!search.body.contains("ONLY991"));
    assert_eq!(
        audit_count(&app).await,
        before,
        "nothing seen, nothing audited"
    );
}

#[tokio::test]
async fn a_malformed_swe_number_is_named_and_every_typed_value_kept_and_nothing_changes() {
    let app = TestApp::new().await;
    let person = someone(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let form = lead.get(&format!("/workers/{}/edit", person.id)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Save changes"));
    let before = audit_count(&app).await;
    let page = post_edit(
        &mut lead,
        &person,
        &form.form_token(),
        &[
            ("swe_number", "SW0012X"),
            ("family_name", "Newname-Typed"),
            ("languages", "Urdu;  Welsh"),
            ("date_of_birth-day", "31"),
            ("date_of_birth-month", "2"),
            ("date_of_birth-year", "1990"),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(page.body.contains("href=\"#swe_number\""));
    assert!(
        page.body
            .contains("Enter a Social Work England number in the right format, like SW123456")
    );
    assert!(page.body.contains("Date of birth must be a real date"));
    assert!(page.body.contains("href=\"#date_of_birth-day\""));
    assert!(page.body.contains("govuk-form-group--error"));
    assert!(page.body.contains("<title>Error: "));
    assert!(page.body.contains("value=\"SW0012X\""));
    assert!(page.body.contains("value=\"Newname-Typed\""));
    assert!(page.body.contains("value=\"Urdu;  Welsh\""));
    assert!(page.body.contains("id=\"date_of_birth-day\" name=\"date_of_birth-day\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" value=\"31\""));
    assert_eq!(stored(&app, &person.id).await, person, "nothing was saved");
    assert_eq!(audit_count(&app).await, before, "nothing was audited");
}

#[tokio::test]
async fn an_empty_family_name_is_asked_for() {
    let app = TestApp::new().await;
    let person = someone(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead
        .get(&format!("/workers/{}/edit", person.id))
        .await
        .form_token();
    let page = post_edit(&mut lead, &person, &token, &[("family_name", "  ")]).await;
    assert!(page.body.contains("Enter the family name"));
    assert!(page.body.contains("href=\"#family_name\""));
    assert_eq!(stored(&app, &person.id).await, person);
}

#[tokio::test]
async fn a_correct_edit_saves_audits_once_and_shows_the_saved_details() {
    let app = TestApp::new().await;
    let person = someone(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead
        .get(&format!("/workers/{}/edit", person.id))
        .await
        .form_token();
    let before = audit_count(&app).await;
    let response = post_edit(
        &mut lead,
        &person,
        &token,
        &[
            ("family_name", "Featherstonehaugh"),
            ("swe_number", "sw7654321"),
            ("gender", "female"),
            ("date_of_birth-day", "4"),
            ("date_of_birth-month", "3"),
            ("date_of_birth-year", "1986"),
            ("ethnicity", "WBRI"),
            ("route", "frontline"),
            ("bsl", "yes"),
            ("languages", "English; Punjabi"),
        ],
    )
    .await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = format!("/workers/{}?saved=1", person.id);
    assert_eq!(response.location.as_deref(), Some(location.as_str()));

    let trail = app.store.audit_trail(app.council(), 100).await.unwrap();
    assert_eq!(trail.len(), before + 1, "exactly one entry for the edit");
    assert_eq!(trail[0].entry.action, "edit person");
    assert!(
        trail[0].entry.detail.contains("1 updated"),
        "{}",
        trail[0].entry.detail
    );

    let saved = stored(&app, &person.id).await;
    assert_eq!(saved.family_name, "Featherstonehaugh");
    assert_eq!(saved.swe_number.unwrap().as_str(), "SW7654321");
    assert_eq!(saved.bsl, Some(true));
    assert_eq!(saved.languages, ["English", "Punjabi"]);
    assert_eq!(saved.date_of_birth.unwrap().to_string(), "1986-03-04");
    assert_eq!(
        saved.qualified_on, person.qualified_on,
        "untouched fields kept"
    );

    let page = lead.get(&location).await;
    assert!(page.body.contains("Details saved"));
    assert!(page.body.contains("govuk-notification-banner--success"));
    assert!(page.body.contains("Featherstonehaugh"));
    assert!(page.body.contains("4 March 1986"));
    let trail = app.store.audit_trail(app.council(), 100).await.unwrap();
    assert_eq!(
        trail.len(),
        before + 2,
        "the view after saving is its own entry"
    );
    assert_eq!(trail[0].entry.action, "view person");
}

#[tokio::test]
async fn an_edit_without_the_right_token_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let person = someone(&app);
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let before = audit_count(&app).await;
    let page = post_edit(&mut lead, &person, "forged", &[("family_name", "Forged")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app, &person.id).await, person);
    assert_eq!(audit_count(&app).await, before);
}

#[tokio::test]
async fn only_roles_that_edit_people_see_the_form() {
    let app = TestApp::new().await;
    let person = someone(&app);
    let path = format!("/workers/{}/edit", person.id);
    for role in [UserRole::AcademyCoordinator, UserRole::Viewer] {
        let mut client = app.signed_in(role).await;
        assert_eq!(
            client.get(&path).await.status,
            StatusCode::FORBIDDEN,
            "{role}"
        );
    }
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    assert_eq!(practitioner.get(&path).await.status, StatusCode::FORBIDDEN);
    let own = practitioner.get(&format!("/workers/{}", person.id)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(!own.body.contains("Edit details"));
}

#[tokio::test]
async fn a_team_manager_cannot_edit_someone_outside_their_teams() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let team = &workforce.teams[0].id;
    let theirs: std::collections::HashSet<_> = workforce
        .assignments
        .iter()
        .filter(|a| a.team_id.as_ref() == Some(team))
        .map(|a| a.employment_id.clone())
        .collect();
    let members: std::collections::HashSet<_> = workforce
        .employments
        .iter()
        .filter(|e| theirs.contains(e.id()))
        .map(|e| e.worker_id().clone())
        .collect();
    let outsider = workforce
        .workers
        .iter()
        .find(|w| !members.contains(&w.id))
        .unwrap();
    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let form = manager.get(&format!("/workers/{}/edit", outsider.id)).await;
    assert_eq!(form.status, StatusCode::NOT_FOUND);
    let token = manager.get("/workers").await.form_token();
    let page = post_edit(&mut manager, outsider, &token, &[("family_name", "Moved")]).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(&stored(&app, &outsider.id).await, outsider);
}
