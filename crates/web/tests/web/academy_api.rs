//! The academy's JSON API: programmes, cohorts, sessions and registers, ASYE records
//! and the due list, with the pages' roles, council isolation and reach; refused
//! changes answered 422 with their reason, and nothing written.
//!
//! Each test makes its own full-programme cohort through the import, started four
//! months ago, with the demo practitioner and a colleague who never worked in the
//! demo team manager's team.

use crate::support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Days, Months, Utc};
use http_body_util::BodyExt;
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::ids::{CohortId, WorkerId};
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::values::Date;
use serde_json::{Value, json};
use support::{Client, TestApp};
use tower::ServiceExt;

const COHORT: &str = "TEST-API-1";

/// A response to an API call, its body parsed as JSON.
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    json: Value,
    text: String,
}

/// Calls the API with a bearer token and, unless `None`, a body sent as JSON.
async fn send(app: &TestApp, method: &str, path: &str, token: &str, body: Option<&str>) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "pathway.test")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    let body = body.map_or_else(Body::empty, |text| Body::from(text.to_owned()));
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

async fn get(app: &TestApp, path: &str, token: &str) -> Answer {
    send(app, "GET", path, token, None).await
}

async fn put(app: &TestApp, path: &str, token: &str, body: &Value) -> Answer {
    send(app, "PUT", path, token, Some(&body.to_string())).await
}

async fn post(app: &TestApp, path: &str, token: &str, body: &Value) -> Answer {
    send(app, "POST", path, token, Some(&body.to_string())).await
}

/// Makes a token on the tokens page as the signed-in client.
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

/// A token for a new user of the first council with `role`.
async fn token_for(app: &TestApp, role: UserRole) -> String {
    let mut client = app.signed_in(role).await;
    make_token(&mut client).await
}

fn assert_error(answer: &Answer, status: StatusCode, words: &str) {
    assert_eq!(answer.status, status, "{}", answer.text);
    let error = answer.json["error"].as_str().unwrap_or_default();
    assert!(
        error.contains(words),
        "expected {words:?} in the error, got {}",
        answer.text
    );
}

/// The demo practitioner and a colleague outside the first team, members of the
/// test cohort.
struct Members {
    own: WorkerId,
    colleague: WorkerId,
    start: Date,
}

fn in_first_team(app: &TestApp, worker: &WorkerId) -> bool {
    let workforce = &app.councils[0].1;
    let team = &workforce.teams[0].id;
    workforce.employments.iter().any(|e| {
        e.worker_id() == worker
            && workforce
                .assignments
                .iter()
                .any(|a| &a.employment_id == e.id() && a.team_id.as_ref() == Some(team))
    })
}

async fn import_cohort(app: &TestApp, id: &str, start: Date, members: &[&WorkerId]) {
    let cohort_id = CohortId::parse(id).unwrap();
    let mut upload = Workforce::new(app.council());
    upload.cohorts.push(Cohort {
        id: cohort_id.clone(),
        name: format!("API test cohort {id}"),
        programme: Programme::Full,
        start_date: start,
    });
    for worker in members {
        upload.academy_members.push(
            AcademyMember::new(
                cohort_id.clone(),
                (*worker).clone(),
                start,
                None,
                Some(AsyeOutcome::InProgress),
            )
            .unwrap(),
        );
    }
    let source = ImportSource {
        actor: "test",
        description: "api test cohort",
        action: "import",
        council_names: &[],
    };
    pathway_app::import(
        app.store.as_ref(),
        Upload::generated(vec![upload]),
        ImportMode::Write,
        source,
    )
    .await
    .unwrap();
}

async fn cohort(app: &TestApp) -> Members {
    let workforce = &app.councils[0].1;
    let open: Vec<WorkerId> = workforce
        .employments
        .iter()
        .filter(|e| e.span().end().is_none())
        .map(|e| e.worker_id().clone())
        .collect();
    let own = open[0].clone();
    let colleague = open
        .iter()
        .find(|w| **w != own && !in_first_team(app, w))
        .expect("someone in post outside the first team")
        .clone();
    let start = Utc::now().date_naive() - Months::new(4);
    import_cohort(app, COHORT, start, &[&own, &colleague]).await;
    Members {
        own,
        colleague,
        start,
    }
}

fn day(number: u16, topic: &str) -> Value {
    json!({
        "number": number,
        "kind": "induction",
        "after_months": 0,
        "working_day": number,
        "starts_at": "09:30",
        "ends_at": "16:30",
        "topic": topic,
        "delivery": "face_to_face",
        "venue": "Room 1",
        "facilitator": "Academy team",
        "required": true,
    })
}

fn session_body(date: &str, kind: &str, catches_up: Option<u16>) -> Value {
    json!({
        "kind": kind,
        "date": date,
        "starts_at": "09:30",
        "ends_at": "16:00",
        "topic": "Safeguarding, together; with families",
        "delivery": "online",
        "venue": "Teams",
        "facilitator": "Academy team",
        "required": catches_up.is_none(),
        "catches_up": catches_up,
    })
}

#[tokio::test]
async fn a_coordinator_replaces_a_programme_and_others_only_read_it() {
    let app = TestApp::new().await;
    let coordinator = token_for(&app, UserRole::AcademyCoordinator).await;
    let manager = token_for(&app, UserRole::TeamManager).await;
    let path = "/api/v1/academy/programmes/short";

    let shipped = get(&app, path, &manager).await;
    assert_eq!(shipped.status, StatusCode::OK, "{}", shipped.text);
    assert_eq!(shipped.json["customised"], false);
    assert_eq!(shipped.json["days"].as_array().unwrap().len(), 5);
    assert_eq!(shipped.json["days"][0]["starts_at"], "09:30:00");

    let days = json!({"days": [day(1, "Welcome"), day(2, "Our procedures")]});
    assert_error(
        &put(&app, path, &manager, &days).await,
        StatusCode::FORBIDDEN,
        "role",
    );
    let replaced = put(&app, path, &coordinator, &days).await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    assert_eq!(replaced.json["customised"], true);
    let read = get(&app, path, &manager).await;
    assert_eq!(read.json["days"].as_array().unwrap().len(), 2);
    assert_eq!(read.json["days"][1]["topic"], "Our procedures");
    // The full programme is untouched.
    let full = get(&app, "/api/v1/academy/programmes/full", &manager).await;
    assert_eq!(full.json["days"].as_array().unwrap().len(), 14);

    // Refused days, JSON of the wrong shape, and JSON that does not parse: nothing
    // changes.
    assert_error(
        &put(&app, path, &coordinator, &json!({"days": []})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a programme needs at least one day",
    );
    assert_error(
        &put(
            &app,
            path,
            &coordinator,
            &json!({"days": [day(1, "One"), day(1, "Again")]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "two days are numbered 1",
    );
    let mut lecture = day(1, "Lecture");
    lecture["kind"] = json!("lecture");
    assert_error(
        &put(&app, path, &coordinator, &json!({"days": [lecture]})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "days[0].kind: expected one of induction, recall, catch_up",
    );
    assert_error(
        &send(&app, "PUT", path, &coordinator, Some("{\"days\": [")).await,
        StatusCode::BAD_REQUEST,
        "EOF",
    );
    assert_eq!(
        get(&app, path, &manager).await.json["days"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_error(
        &get(&app, "/api/v1/academy/programmes/medium", &manager).await,
        StatusCode::NOT_FOUND,
        "programme",
    );
    // Viewers and recruitment officers have no academy.
    for role in [UserRole::Viewer, UserRole::RecruitmentOfficer] {
        let token = token_for(&app, role).await;
        assert_eq!(get(&app, path, &token).await.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn cohorts_show_only_the_members_within_reach() {
    let app = TestApp::new().await;
    let members = cohort(&app).await;
    // A second cohort whose only member is outside the team manager's team.
    import_cohort(&app, "TEST-API-2", members.start, &[&members.colleague]).await;
    let coordinator = token_for(&app, UserRole::AcademyCoordinator).await;
    let practitioner = token_for(&app, UserRole::Practitioner).await;
    let manager = token_for(&app, UserRole::TeamManager).await;

    let listed = |answer: &Answer, id: &str| {
        answer.json["cohorts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["cohort_id"] == id)
            .cloned()
    };
    let all = get(&app, "/api/v1/academy/cohorts", &coordinator).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    assert_eq!(listed(&all, COHORT).unwrap()["members"], 2);
    assert!(listed(&all, "TEST-API-2").is_some());
    // The demo council's own cohorts are listed too.
    assert!(all.json["cohorts"].as_array().unwrap().len() > 2);

    let own = get(&app, "/api/v1/academy/cohorts", &practitioner).await;
    assert_eq!(listed(&own, COHORT).unwrap()["members"], 1);
    assert!(listed(&own, "TEST-API-2").is_none());
    let detail = get(
        &app,
        &format!("/api/v1/academy/cohorts/{COHORT}"),
        &practitioner,
    )
    .await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    let seen: Vec<&str> = detail.json["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["worker_id"].as_str().unwrap())
        .collect();
    assert_eq!(seen, [members.own.as_str()]);
    assert_error(
        &get(&app, "/api/v1/academy/cohorts/TEST-API-2", &practitioner).await,
        StatusCode::NOT_FOUND,
        "cohort",
    );
    assert_error(
        &get(&app, "/api/v1/academy/cohorts/TEST-API-2", &manager).await,
        StatusCode::NOT_FOUND,
        "cohort",
    );
    let detail = get(
        &app,
        &format!("/api/v1/academy/cohorts/{COHORT}"),
        &coordinator,
    )
    .await;
    assert_eq!(detail.json["members"].as_array().unwrap().len(), 2);
    assert_eq!(detail.json["programme"], "full");

    // Another council's coordinator does not find it.
    pathway_app::accounts::add_user_with_password(
        app.store.as_ref(),
        Some(app.other_council()),
        "academy@other.example",
        UserRole::AcademyCoordinator,
        None,
        Vec::new(),
        support::PASSWORD,
    )
    .await
    .unwrap();
    let mut other = app.client();
    other
        .sign_in("academy@other.example", support::PASSWORD)
        .await;
    let other = make_token(&mut other).await;
    assert_error(
        &get(&app, &format!("/api/v1/academy/cohorts/{COHORT}"), &other).await,
        StatusCode::NOT_FOUND,
        "cohort",
    );
    let theirs = get(&app, "/api/v1/academy/cohorts", &other).await;
    assert!(listed(&theirs, COHORT).is_none());
}

#[tokio::test]
async fn sessions_are_added_and_moved_and_registers_complete_members() {
    let app = TestApp::new().await;
    let members = cohort(&app).await;
    let coordinator = token_for(&app, UserRole::AcademyCoordinator).await;
    let manager = token_for(&app, UserRole::TeamManager).await;
    let session = |n: u16| format!("/api/v1/academy/cohorts/{COHORT}/sessions/{n}");
    let after = |days: u64| (members.start + Days::new(days)).to_string();

    let added = put(
        &app,
        &session(1),
        &coordinator,
        &session_body(&after(3), "induction", None),
    )
    .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.text);
    assert_eq!(added.json["topic"], "Safeguarding, together; with families");
    let moved = put(
        &app,
        &session(1),
        &coordinator,
        &session_body(&after(4), "induction", None),
    )
    .await;
    assert_eq!(moved.json["date"], after(4));
    assert_error(
        &put(
            &app,
            &session(2),
            &manager,
            &session_body("2024-03-06", "induction", None),
        )
        .await,
        StatusCode::FORBIDDEN,
        "role",
    );
    assert_error(
        &put(
            &app,
            "/api/v1/academy/cohorts/NO-SUCH/sessions/1",
            &coordinator,
            &session_body("2024-03-06", "induction", None),
        )
        .await,
        StatusCode::NOT_FOUND,
        "cohort",
    );
    // A catch-up must say what it catches up.
    assert_error(
        &put(
            &app,
            &session(2),
            &coordinator,
            &session_body("2024-03-20", "catch_up", None),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a catch-up names the session it makes up for",
    );
    let mut backwards = session_body("2024-03-20", "induction", None);
    backwards["ends_at"] = json!("08:00");
    assert_error(
        &put(&app, &session(2), &coordinator, &backwards).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "session 2 must end after it starts",
    );

    // A register with a stranger in it is refused whole, naming the place.
    let register = format!("{}/attendance", session(1));
    let stranger = json!({"marks": [
        {"worker_id": members.own.as_str(), "mark": "present"},
        {"worker_id": "NOBODY-HERE", "mark": "absent"},
    ]});
    assert_error(
        &put(&app, &register, &coordinator, &stranger).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "marks[1]: worker NOBODY-HERE is not a member of cohort",
    );
    let detail = get(
        &app,
        &format!("/api/v1/academy/cohorts/{COHORT}"),
        &coordinator,
    )
    .await;
    assert!(
        detail.json["members"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["marks"].as_array().unwrap().is_empty()),
        "{}",
        detail.text
    );
    assert_error(
        &put(
            &app,
            &format!("{}/attendance", session(9)),
            &coordinator,
            &stranger,
        )
        .await,
        StatusCode::NOT_FOUND,
        "session",
    );
    assert_error(
        &put(&app, &register, &manager, &stranger).await,
        StatusCode::FORBIDDEN,
        "role",
    );

    let marks = json!({"marks": [
        {"worker_id": members.own.as_str(), "mark": "present"},
        {"worker_id": members.colleague.as_str(), "mark": "excused"},
    ]});
    let taken = put(&app, &register, &coordinator, &marks).await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.text);
    assert_eq!(taken.json["marks"].as_array().unwrap().len(), 2);
    // The practitioner attended the only required session, so they are complete; the
    // colleague missed it.
    let detail = get(
        &app,
        &format!("/api/v1/academy/cohorts/{COHORT}"),
        &coordinator,
    )
    .await;
    let member = |worker: &WorkerId| {
        detail.json["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["worker_id"] == worker.as_str())
            .unwrap()
            .clone()
    };
    assert_eq!(member(&members.own)["completed_on"], after(4));
    assert_eq!(member(&members.own)["completion"]["covered"], 1);
    assert_eq!(member(&members.colleague)["completed_on"], Value::Null);
    assert_eq!(
        member(&members.colleague)["completion"]["missed"],
        json!([1])
    );
    // Changes are audited.
    let trail = app.store.audit_trail(app.council(), 20).await.unwrap();
    assert!(trail.iter().any(
        |e| e.entry.action == "academy" && e.entry.detail.contains("attendance for session 1")
    ));
}

#[tokio::test]
async fn asye_reviews_and_log_entries_follow_the_role_and_reach() {
    let app = TestApp::new().await;
    let members = cohort(&app).await;
    let coordinator = token_for(&app, UserRole::AcademyCoordinator).await;
    let practitioner = token_for(&app, UserRole::Practitioner).await;
    let manager = token_for(&app, UserRole::TeamManager).await;
    let asye =
        |worker: &WorkerId| format!("/api/v1/academy/cohorts/{COHORT}/members/{worker}/asye");

    let record = get(&app, &asye(&members.own), &coordinator).await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.text);
    assert_eq!(record.json["reviews"].as_array().unwrap().len(), 4);
    assert_eq!(record.json["reviews"][0]["kind"], "three_month");
    assert_eq!(record.json["reviews"][0]["state"], "overdue");
    assert_eq!(record.json["observations"].as_array().unwrap().len(), 3);
    assert_eq!(record.json["supervision"]["state"], "overdue");
    // No ASYE record is stored yet, so the qualification date is not known.
    assert_eq!(
        record.json["grant"]["eligibility"],
        "qualification_date_unknown"
    );
    let trail = app.store.audit_trail(app.council(), 5).await.unwrap();
    assert!(trail.iter().any(|e| e.entry.action == "view asye record"));

    // Practitioners do not record reviews; coordinators do, and correct them.
    let review = json!({"kind": "three_month", "held_on": Utc::now().date_naive(), "assessor": "A. Assessor", "notes": "On track, with support; well done"});
    assert_error(
        &post(
            &app,
            &format!("{}/reviews", asye(&members.own)),
            &practitioner,
            &review,
        )
        .await,
        StatusCode::FORBIDDEN,
        "role",
    );
    let held = post(
        &app,
        &format!("{}/reviews", asye(&members.own)),
        &coordinator,
        &review,
    )
    .await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.text);
    let again = post(
        &app,
        &format!("{}/reviews", asye(&members.own)),
        &coordinator,
        &review,
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    let record = get(&app, &asye(&members.own), &practitioner).await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.text);
    assert_eq!(record.json["reviews"][0]["state"], "done");
    assert_eq!(
        record.json["reviews"][0]["notes"],
        "On track, with support; well done"
    );

    // A practitioner writes their own reflections, not supervisions, and not in a
    // colleague's log.
    let reflection =
        json!({"kind": "reflection", "on": Utc::now().date_naive(), "notes": "What I learnt"});
    let entry = post(
        &app,
        &format!("{}/log", asye(&members.own)),
        &practitioner,
        &reflection,
    )
    .await;
    assert_eq!(entry.status, StatusCode::CREATED, "{}", entry.text);
    assert_eq!(entry.json["number"], 1);
    assert_eq!(entry.json["by"], "practitioner@test.example");
    let supervision =
        json!({"kind": "supervision", "on": Utc::now().date_naive(), "by": "Team manager"});
    assert_error(
        &post(
            &app,
            &format!("{}/log", asye(&members.own)),
            &practitioner,
            &supervision,
        )
        .await,
        StatusCode::FORBIDDEN,
        "role",
    );
    for (token, entry) in [(&practitioner, &reflection), (&manager, &supervision)] {
        assert_error(
            &get(&app, &asye(&members.colleague), token).await,
            StatusCode::NOT_FOUND,
            "member",
        );
        assert_error(
            &post(
                &app,
                &format!("{}/log", asye(&members.colleague)),
                token,
                entry,
            )
            .await,
            StatusCode::NOT_FOUND,
            "member",
        );
    }
    // Development time needs its hours.
    let time = json!({"kind": "development_time", "on": Utc::now().date_naive()});
    assert_error(
        &post(
            &app,
            &format!("{}/log", asye(&members.own)),
            &practitioner,
            &time,
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "protected development time needs its hours",
    );
    let entry = post(
        &app,
        &format!("{}/log", asye(&members.colleague)),
        &coordinator,
        &supervision,
    )
    .await;
    assert_eq!(entry.status, StatusCode::CREATED, "{}", entry.text);
    let record = get(&app, &asye(&members.colleague), &coordinator).await;
    assert_eq!(record.json["supervision"]["held"], 1);
    assert_eq!(record.json["log"][0]["by"], "Team manager");
}

#[tokio::test]
async fn the_due_list_holds_only_what_the_caller_reaches_and_drops_what_is_done() {
    let app = TestApp::new().await;
    let members = cohort(&app).await;
    let coordinator = token_for(&app, UserRole::AcademyCoordinator).await;
    let practitioner = token_for(&app, UserRole::Practitioner).await;
    let three_month = |answer: &Answer, worker: &WorkerId| {
        answer.json["items"].as_array().unwrap().iter().any(|item| {
            item["cohort_id"] == COHORT
                && item["worker_id"] == worker.as_str()
                && item["task"] == "review"
                && item["review"] == "three_month"
        })
    };
    let all = get(&app, "/api/v1/academy/due", &coordinator).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    assert!(three_month(&all, &members.own) && three_month(&all, &members.colleague));
    let own = get(&app, "/api/v1/academy/due", &practitioner).await;
    assert!(three_month(&own, &members.own));
    assert!(!three_month(&own, &members.colleague));
    assert!(
        own.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["worker_id"].is_null() || item["worker_id"] == members.own.as_str())
    );

    let review = json!({"kind": "three_month", "held_on": Utc::now().date_naive(), "assessor": "A. Assessor"});
    let path = format!(
        "/api/v1/academy/cohorts/{COHORT}/members/{}/asye/reviews",
        members.own
    );
    assert_eq!(
        post(&app, &path, &coordinator, &review).await.status,
        StatusCode::CREATED
    );
    let after = get(&app, "/api/v1/academy/due", &coordinator).await;
    assert!(!three_month(&after, &members.own));
    assert!(three_month(&after, &members.colleague));
}
