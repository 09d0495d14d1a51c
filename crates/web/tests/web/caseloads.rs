//! The caseload pages and API: what each role sees (a team manager only their teams,
//! a practitioner only their own trend, nothing of another council), recording counts
//! (all or nothing, errors per row or item), an alert raised and cleared, and the
//! settings only the workforce lead changes.

use crate::support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Days, Utc};
use http_body_util::BodyExt;
use pathway_app::Store;
use pathway_domain::access::UserRole;
use pathway_domain::ids::{TeamId, WorkerId};
use pathway_domain::values::Date;
use serde_json::{Value, json};
use support::{Client, TestApp};
use tower::ServiceExt;

fn today() -> Date {
    Utc::now().date_naive()
}

/// A worker in post today in `team` (or, with `None`, in a team other than the demo
/// manager's first team), as a social worker.
fn worker_in_post(app: &TestApp, team: Option<&TeamId>) -> WorkerId {
    let workforce = &app.councils[0].1;
    let first = &workforce.teams[0].id;
    let today = today();
    // The test practitioner's own record, kept out of the isolation checks.
    let practitioner = workforce
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id();
    workforce
        .assignments
        .iter()
        .filter(|a| a.span.covers(today))
        .filter(|a| a.role == pathway_domain::codes::Role::SocialWorker)
        .filter(|a| a.contract != pathway_domain::codes::Contract::Agency)
        .filter(|a| match team {
            Some(team) => a.team_id.as_ref() == Some(team),
            None => a.team_id.as_ref().is_some_and(|t| t != first),
        })
        .filter_map(|a| {
            workforce
                .employments
                .iter()
                .find(|e| e.id() == &a.employment_id && e.span().covers(today))
        })
        .map(|e| e.worker_id().clone())
        // Someone who never worked in the first team, for the isolation checks.
        .filter(|worker| worker != practitioner)
        .find(|worker| {
            team.is_some()
                || !workforce.employments.iter().any(|e| {
                    e.worker_id() == worker
                        && workforce.assignments.iter().any(|a| {
                            &a.employment_id == e.id() && a.team_id.as_ref() == Some(first)
                        })
                })
        })
        .expect("a social worker in post")
}

async fn counts_of(app: &TestApp, worker: &WorkerId) -> usize {
    let workforce = app.store.workforce(app.council()).await.unwrap();
    workforce
        .caseloads
        .iter()
        .filter(|c| &c.worker_id == worker)
        .count()
}

#[tokio::test]
async fn caseload_pages_keep_each_role_to_its_reach_and_record_raise_and_clear_alerts() {
    let app = TestApp::new().await;
    let first = app.councils[0].1.teams[0].id.clone();
    let own_team_worker = worker_in_post(&app, Some(&first));
    let elsewhere = worker_in_post(&app, None);

    // The workforce lead sees the council's bands with their chart and table.
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/caseloads?date=2024-09-30").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Caseloads on 30 September 2024"));
    assert!(page.body.contains("<svg"));
    for band in ["0-19", "20-24", "25-29", "30+"] {
        assert!(page.body.contains(band), "band {band}");
    }
    let wrong = lead.get("/caseloads?date=someday").await;
    assert!(wrong.body.contains("Enter the date as year-month-day"));

    // A team manager sees their team and its people, and nobody else's: 404.
    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let page = manager.get(&format!("/caseloads/teams/{first}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let other_team = &app.councils[0].1.teams[1].id;
    let refused = manager.get(&format!("/caseloads/teams/{other_team}")).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let refused = manager
        .get(&format!("/caseloads/workers/{elsewhere}"))
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        manager.get("/caseloads/settings").await.status,
        StatusCode::FORBIDDEN
    );

    // A practitioner goes to their own trend and sees no one else's.
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    let page = practitioner.get("/caseloads").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location.unwrap().starts_with("/caseloads/workers/"));
    let refused = practitioner
        .get(&format!("/caseloads/workers/{elsewhere}"))
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        practitioner.get("/caseloads/alerts").await.status,
        StatusCode::NOT_FOUND
    );
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    assert_eq!(viewer.get("/caseloads").await.status, StatusCode::FORBIDDEN);

    // The manager records the team's counts: a bad row is refused, keeps what was
    // typed, and nothing is written.
    let yesterday = today().checked_sub_days(Days::new(1)).unwrap().to_string();
    let form = manager
        .get(&format!("/caseloads/record?team={first}&date={yesterday}"))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let rows = form.body.matches("name=\"worker-").count();
    let number = (1..=rows)
        .find(|n| {
            form.body
                .contains(&format!("name=\"worker-{n}\" value=\"{own_team_worker}\""))
        })
        .expect("the worker on the team's form");
    let token = form.form_token();
    let before = counts_of(&app, &own_team_worker).await;
    let worker_field = format!("worker-{number}");
    let cases_field = format!("cases-{number}");
    let row_count = rows.to_string();
    let post = |cases: &'static str, date: String| {
        let fields: Vec<(String, String)> = vec![
            ("csrf_token".into(), token.clone()),
            ("team".into(), first.to_string()),
            ("as_of".into(), date),
            ("row_count".into(), row_count.clone()),
            (worker_field.clone(), own_team_worker.to_string()),
            (cases_field.clone(), cases.into()),
        ];
        fields
    };
    let fields = post("lots", yesterday.clone());
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let page = manager.post_form("/caseloads/record", &borrowed).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("There is a problem"));
    assert!(
        page.body
            .contains("Enter the cases as a whole number from 0 to 999, not lots")
    );
    assert!(page.body.contains("value=\"lots\""));
    assert_eq!(counts_of(&app, &own_team_worker).await, before);
    // A count for a date when the worker was not in the team is refused, not dropped.
    let fields = post("9", "2000-01-04".to_owned());
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let page = manager.post_form("/caseloads/record", &borrowed).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("not in post in the team on 2000-01-04"),
        "{}",
        page.body
    );
    assert!(page.body.contains("value=\"9\""));
    assert_eq!(counts_of(&app, &own_team_worker).await, before);

    // 35 cases is above the threshold: the alert is raised ...
    let fields = post("35", yesterday.clone());
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let page = manager.post_form("/caseloads/record", &borrowed).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let alerts = manager
        .get(&format!("/caseloads/alerts?date={yesterday}"))
        .await;
    assert!(
        alerts
            .body
            .contains(&format!("/caseloads/workers/{own_team_worker}"))
    );
    assert!(
        alerts
            .body
            .contains("35 cases is 15 above the threshold of 20")
    );

    // ... and cleared by a later count within it, recorded on the worker's page.
    let page = manager
        .get(&format!("/caseloads/workers/{own_team_worker}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let token = page.form_token();
    let today_text = today().to_string();
    let saved = manager
        .post_form(
            &format!("/caseloads/workers/{own_team_worker}"),
            &[
                ("csrf_token", &token),
                ("as_of", &today_text),
                ("cases", "12"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let alerts = manager.get("/caseloads/alerts").await;
    assert!(
        !alerts
            .body
            .contains(&format!("/caseloads/workers/{own_team_worker}"))
    );
    let trend = manager
        .get(&format!("/caseloads/workers/{own_team_worker}"))
        .await;
    assert!(trend.body.contains("12 cases on"));

    // Viewing a person's caseloads is in the audit trail.
    let audit = app.store.audit_trail(app.council(), 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|event| event.entry.action == "view caseloads"
                && event.entry.detail == format!("worker {own_team_worker}"))
    );
    assert!(
        audit
            .iter()
            .any(|event| event.entry.action == "record caseloads")
    );

    // Only the lead changes the settings; a wrong one says what is wrong.
    let form = lead.get("/caseloads/settings").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("href=\"/academy/settings\""));
    let token = form.form_token();
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("band_bounds", "0, 25, 20"),
        ("rising_cases", "4"),
        ("rising_days", "30"),
    ];
    let names: Vec<String> = pathway_domain::codes::Role::ALL
        .iter()
        .filter(|r| **r != pathway_domain::codes::Role::Asye)
        .map(|r| format!("threshold-{r}"))
        .collect();
    for name in &names {
        fields.push((name.as_str(), "22"));
    }
    let page = lead.post_form("/caseloads/settings", &fields).await;
    assert!(
        page.body
            .contains("Band lower bound 3 (20) must be more than the one before it (25)"),
        "{}",
        page.body
    );
    fields[1] = ("band_bounds", "0, 15, 25");
    let page = lead.post_form("/caseloads/settings", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let settings = app.store.caseload_settings(app.council()).await.unwrap();
    assert_eq!(settings.band_bounds, [0, 15, 25]);
    assert_eq!(settings.rising_cases, 4);
    let other = app
        .store
        .caseload_settings(app.other_council())
        .await
        .unwrap();
    assert_eq!(
        other.band_bounds,
        [0, 20, 25, 30],
        "the other council keeps its own"
    );
}

/// A response to an API call, its body parsed as JSON.
struct Answer {
    status: StatusCode,
    json: Value,
    text: String,
}

async fn call(app: &TestApp, method: &str, path: &str, token: &str, body: Option<Value>) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "pathway.test")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let body = body.map_or_else(Body::empty, |json| Body::from(json.to_string()));
    let response = app
        .router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer { status, json, text }
}

async fn make_token(client: &mut Client) -> String {
    let form = client.get("/account/tokens").await;
    let page = client
        .post_form(
            "/account/tokens",
            &[("name", "tests"), ("csrf_token", &form.form_token())],
        )
        .await;
    let marker = "id=\"new-token\">";
    let start = page.body.find(marker).expect("the new token on the page") + marker.len();
    page.body[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_caseloads_api_keeps_to_the_users_reach_and_records_all_or_nothing() {
    let app = TestApp::new().await;
    let first = app.councils[0].1.teams[0].id.clone();
    let own_team_worker = worker_in_post(&app, Some(&first));
    let elsewhere = worker_in_post(&app, None);
    let lead = make_token(&mut app.signed_in(UserRole::WorkforceLead).await).await;
    let manager = make_token(&mut app.signed_in(UserRole::TeamManager).await).await;
    let practitioner = make_token(&mut app.signed_in(UserRole::Practitioner).await).await;

    // The council's view and the manager's: only their team.
    let answer = call(
        &app,
        "GET",
        "/api/v1/caseloads?date=2024-09-30",
        &lead,
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["bands"].as_array().unwrap().len(), 4);
    let teams = answer.json["teams"].as_array().unwrap().len();
    assert!(teams > 1);
    let answer = call(
        &app,
        "GET",
        "/api/v1/caseloads?date=2024-09-30",
        &manager,
        None,
    )
    .await;
    let seen: Vec<&str> = answer.json["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["team_id"].as_str().unwrap())
        .collect();
    assert_eq!(seen, [first.as_str()]);
    let answer = call(&app, "GET", "/api/v1/caseloads?date=yesterday", &lead, None).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = call(&app, "GET", "/api/v1/caseloads", &practitioner, None).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);

    // A worker out of reach is not found, and so is another council's.
    let path = format!("/api/v1/caseloads/workers/{elsewhere}");
    assert_eq!(
        call(&app, "GET", &path, &manager, None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&app, "GET", &path, &practitioner, None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&app, "GET", &path, &lead, None).await.status,
        StatusCode::OK
    );
    let other_council_worker = app.councils[1]
        .1
        .workers
        .iter()
        .find(|w| !app.councils[0].1.workers.iter().any(|mine| mine.id == w.id));
    if let Some(other) = other_council_worker {
        let path = format!("/api/v1/caseloads/workers/{}", other.id);
        assert_eq!(
            call(&app, "GET", &path, &lead, None).await.status,
            StatusCode::NOT_FOUND
        );
    }

    // Recording is all or nothing: a bad second item is named, and nothing is written.
    let yesterday = today().checked_sub_days(Days::new(1)).unwrap().to_string();
    let before = counts_of(&app, &own_team_worker).await;
    let bad = json!([
        {"worker_id": own_team_worker.as_str(), "as_of": yesterday, "cases": 31},
        {"worker_id": own_team_worker.as_str(), "as_of": "2024-02-30", "cases": 3},
    ]);
    let answer = call(&app, "POST", "/api/v1/caseloads", &manager, Some(bad)).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert!(
        answer.json["error"]
            .as_str()
            .unwrap()
            .starts_with("item 2: as_of:"),
        "{}",
        answer.text
    );
    assert_eq!(counts_of(&app, &own_team_worker).await, before);
    let out_of_reach = json!([{"worker_id": elsewhere.as_str(), "as_of": yesterday, "cases": 3}]);
    let answer = call(
        &app,
        "POST",
        "/api/v1/caseloads",
        &manager,
        Some(out_of_reach),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.json["error"]
            .as_str()
            .unwrap()
            .starts_with("item 1: worker_id:")
    );
    let answer = call(
        &app,
        "POST",
        "/api/v1/caseloads",
        &practitioner,
        Some(json!([])),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);

    let good = json!([{"worker_id": own_team_worker.as_str(), "as_of": yesterday, "cases": 31}]);
    let answer = call(&app, "POST", "/api/v1/caseloads", &manager, Some(good)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["added"], 1);
    let path = format!("/api/v1/caseloads/alerts?date={yesterday}");
    let answer = call(&app, "GET", &path, &manager, None).await;
    let alert = answer.json["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["worker_id"] == own_team_worker.as_str())
        .expect("the alert");
    assert_eq!(alert["reasons"][0]["kind"], "above_threshold");
    let path = format!("/api/v1/caseloads/workers/{own_team_worker}");
    let answer = call(&app, "GET", &path, &manager, None).await;
    assert_eq!(answer.json["threshold"], 20);
    assert!(
        answer.json["counts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["cases"] == 31)
    );

    // Settings: everyone who sees caseloads reads them; only the lead changes them.
    let answer = call(&app, "GET", "/api/v1/caseloads/settings", &manager, None).await;
    assert_eq!(answer.json["band_bounds"], json!([0, 20, 25, 30]));
    assert_eq!(answer.json["asye_threshold"], 18);
    let mut changed = answer.json.clone();
    changed["band_bounds"] = json!([1, 20]);
    let answer = call(
        &app,
        "PUT",
        "/api/v1/caseloads/settings",
        &manager,
        Some(changed.clone()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let answer = call(
        &app,
        "PUT",
        "/api/v1/caseloads/settings",
        &lead,
        Some(changed.clone()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer.json["error"]
            .as_str()
            .unwrap()
            .contains("band_bounds: The first band must start at 0")
    );
    changed["band_bounds"] = json!([0, 10, 20]);
    changed["thresholds"]["social_worker"] = json!(35);
    let answer = call(
        &app,
        "PUT",
        "/api/v1/caseloads/settings",
        &lead,
        Some(changed),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json["thresholds"]["social_worker"], 35);
    let path = format!("/api/v1/caseloads/alerts?date={yesterday}");
    let answer = call(&app, "GET", &path, &manager, None).await;
    assert!(
        !answer.json["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["worker_id"] == own_team_worker.as_str()),
        "31 cases is not above a threshold of 35 (and not rising fast): {}",
        answer.text
    );
}
