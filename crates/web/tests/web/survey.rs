//! The staff survey: a group of 4 respondents shows nothing and of 5 shows its
//! results, on the page and in the JSON API; answers are anonymous on the page, in the
//! API and in what is stored; nobody answers twice; responses import all or nothing;
//! last year is compared with this.

use crate::support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pathway_app::{ChangeRequest, Store, change_survey};
use pathway_domain::access::UserRole;
use pathway_domain::survey::{
    Agreement, ResponseId, RoleGroup, Survey, SurveyChange, SurveyResponse,
};
use pathway_domain::values::parse_date;
use serde_json::Value;
use support::{Client, TestApp};
use tower::ServiceExt;

const YEAR: u16 = 2030;

async fn api(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    csv: Option<&str>,
) -> (StatusCode, Value, String) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "pathway.test")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if csv.is_some() {
        request = request.header(header::CONTENT_TYPE, "text/csv");
    }
    let body = csv.map_or_else(Body::empty, |text| Body::from(text.to_owned()));
    let response = app
        .router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    )
}

async fn api_token(client: &mut Client) -> String {
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

fn request() -> ChangeRequest<'static> {
    ChangeRequest {
        actor: "test",
        action: "survey",
        description: "test responses",
    }
}

/// Opens the test year's survey in the first council.
async fn open_year(app: &TestApp) {
    change_survey(
        app.store.as_ref(),
        app.council(),
        request(),
        vec![SurveyChange::PutSurvey(Survey {
            year: YEAR,
            opened_on: parse_date("2024-10-01").unwrap(),
            closed_on: None,
        })],
    )
    .await
    .unwrap();
}

/// Adds `count` responses of social workers answering `agree` to every wellbeing
/// statement; ids from `first`.
async fn add_responses(app: &TestApp, first: u128, count: u128) {
    let changes = (first..first + count)
        .map(|n| {
            SurveyChange::AddResponse(SurveyResponse {
                id: ResponseId::from_random(n),
                year: YEAR,
                team_id: None,
                role_group: Some(RoleGroup::SocialWorker),
                service: None,
                answers: ["wellbeing_1", "wellbeing_2"]
                    .into_iter()
                    .map(|code| (code.to_owned(), Agreement::StronglyAgree))
                    .collect(),
            })
        })
        .collect();
    change_survey(app.store.as_ref(), app.council(), request(), changes)
        .await
        .unwrap();
}

#[tokio::test]
async fn four_respondents_show_nothing_and_five_show_their_results_on_the_page_and_in_the_api() {
    let app = TestApp::new().await;
    open_year(&app).await;
    add_responses(&app, 1, 4).await;
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    let bearer = api_token(&mut viewer).await;
    let path = format!("/survey/{YEAR}");
    let api_path = format!("/api/v1/survey/{YEAR}/results");

    let page = viewer.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Too few people have responded"));
    assert!(!page.body.contains("people responded"));
    assert!(!page.body.contains(">100<"), "no score is shown");
    let (status, json, text) = api(&app, "GET", &api_path, &bearer, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json["whole_council"]["shown"], false);
    assert_eq!(json["whole_council"]["respondents"], Value::Null);
    assert_eq!(json["whole_council"]["scores"], Value::Array(Vec::new()));
    assert!(
        !text.contains("100"),
        "nothing of the group is sent: {text}"
    );
    for breakdown in json["breakdowns"].as_array().unwrap() {
        for group in breakdown["groups"].as_array().unwrap() {
            assert_eq!(group["shown"], false, "{group}");
        }
    }

    add_responses(&app, 5, 1).await;
    let page = viewer.get(&path).await;
    assert!(page.body.contains("5 people responded"), "{}", page.body);
    assert!(page.body.contains(">High<"));
    let (_, json, _) = api(&app, "GET", &api_path, &bearer, None).await;
    assert_eq!(json["whole_council"]["shown"], true);
    assert_eq!(json["whole_council"]["respondents"], 5);
    let wellbeing = &json["whole_council"]["scores"][3];
    assert_eq!(wellbeing["standard"], "wellbeing");
    assert_eq!(wellbeing["score"], 100.0);
    assert_eq!(wellbeing["band"], "high");
    // The role group of 5 is shown; nobody said their team, so "not stated" is too.
    let roles = &json["breakdowns"][1];
    assert_eq!(roles["by"], "role_group");
    assert_eq!(roles["groups"][0]["shown"], true);
}

#[tokio::test]
async fn answers_are_anonymous_and_nobody_answers_twice() {
    let app = TestApp::new().await;
    open_year(&app).await;
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    let form = practitioner.get(&format!("/survey/{YEAR}/answer")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Your answers are anonymous"));
    let token = form.form_token();
    let answers = [
        ("csrf_token", token.as_str()),
        ("team", ""),
        ("role_group", "social_worker"),
        ("length_of_service", "2_to_5_years"),
        ("workload_1", "strongly_disagree"),
        ("supervision_2", "agree"),
    ];
    let sent = practitioner
        .post_form(&format!("/survey/{YEAR}/answer"), &answers)
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let thanks = practitioner.get(sent.location.as_deref().unwrap()).await;
    assert!(thanks.body.contains("Thank you"));
    // The confirmation does not repeat the answers.
    assert!(!thanks.body.contains("Strongly disagree"));
    assert!(!thanks.body.contains("name=\"workload_1\""));

    // A second answer is refused, and nothing more is stored.
    let again = practitioner
        .post_form(&format!("/survey/{YEAR}/answer"), &answers)
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("You have already answered"));
    let records = app.store.survey(app.council()).await.unwrap();
    let mine: Vec<_> = records.responses_of(YEAR).collect();
    assert_eq!(mine.len(), 1);
    let response = mine[0];
    assert_eq!(response.answers.len(), 2);
    assert_eq!(response.id.as_str().len(), 32);

    // What is stored carries nothing of who answered: no user, no time (the type has
    // no such field), and its ID is not the user's.
    let user = app
        .store
        .user_with_password("practitioner@test.example")
        .await
        .unwrap()
        .unwrap()
        .0;
    let stored = format!("{response:?}");
    assert!(!stored.contains("practitioner@test.example"));
    assert_ne!(response.id.as_str(), format!("{:032x}", user.id.0));

    // The audit trail says someone answered, never what.
    let trail = app.store.audit_trail(app.council(), 20).await.unwrap();
    let entry = trail
        .iter()
        .find(|event| event.entry.detail.contains("staff survey"))
        .unwrap();
    assert_eq!(
        entry.entry.detail,
        format!("answered the {YEAR} staff survey")
    );
    assert!(!entry.entry.detail.contains("disagree"));

    // Neither the results nor the API name the respondent.
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let bearer = api_token(&mut lead).await;
    let (_, _, text) = api(
        &app,
        "GET",
        &format!("/api/v1/survey/{YEAR}/results"),
        &bearer,
        None,
    )
    .await;
    assert!(!text.contains("practitioner@test.example"));
    assert!(!text.contains(response.id.as_str()));
    let page = lead.get(&format!("/survey/{YEAR}")).await;
    assert!(!page.body.contains("practitioner@test.example"));
}

#[tokio::test]
async fn responses_import_all_or_nothing_and_last_year_is_compared_with_this() {
    let app = TestApp::new().await;
    open_year(&app).await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let bearer = api_token(&mut lead).await;
    let path = format!("/api/v1/survey/{YEAR}/responses");

    let wrong = "role_group,wellbeing_1,name\nsocial_worker,agree,Alex\n";
    let (status, json, _) = api(&app, "POST", &path, &bearer, Some(wrong)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json["error"]
            .as_str()
            .unwrap()
            .contains("responses.csv:1:name: unknown column"),
        "{json}"
    );
    let bad_row = "role_group,wellbeing_1\nsocial_worker,agree\nsocial_worker,perhaps\n";
    let (status, json, _) = api(&app, "POST", &path, &bearer, Some(bad_row)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        json["error"]
            .as_str()
            .unwrap()
            .starts_with("responses.csv:3:wellbeing_1:"),
        "{json}"
    );
    let records = app.store.survey(app.council()).await.unwrap();
    assert_eq!(
        records.responses_of(YEAR).count(),
        0,
        "nothing was imported"
    );

    let good = "role_group,wellbeing_1\nsocial_worker,agree\nmanager,4\n";
    let (status, json, _) = api(&app, "POST", &path, &bearer, Some(good)).await;
    assert_eq!(status, StatusCode::CREATED, "{json}");
    assert_eq!(json["imported"], 2);

    // A practitioner answers but does not import.
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    let theirs = api_token(&mut practitioner).await;
    let (status, _, _) = api(&app, "POST", &path, &theirs, Some(good)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        practitioner
            .get(&format!("/survey/{YEAR}/import"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The demo's 2024 survey against its 2023 survey.
    let page = lead.get("/survey/2024").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Year on year"));
    assert!(
        page.body.contains(">Up ")
            || page.body.contains(">Down ")
            || page.body.contains(">No change<"),
        "a change for each standard"
    );
    let (_, json, _) = api(&app, "GET", "/api/v1/survey/2024/results", &bearer, None).await;
    let row = &json["year_on_year"][0];
    let this = row["this_year"].as_f64().unwrap();
    let last = row["last_year"].as_f64().unwrap();
    let change = row["change"].as_i64().unwrap();
    assert_eq!(
        change,
        (this + 0.5).floor() as i64 - (last + 0.5).floor() as i64
    );
    // Some demo team is too small to show, and says so.
    assert!(
        page.body
            .contains("Too few responded for results to be shown")
    );

    // Another council's survey is not found.
    change_survey(
        app.store.as_ref(),
        app.other_council(),
        request(),
        vec![SurveyChange::PutSurvey(Survey {
            year: 2031,
            opened_on: parse_date("2024-10-01").unwrap(),
            closed_on: None,
        })],
    )
    .await
    .unwrap();
    let (status, _, _) = api(&app, "GET", "/api/v1/survey/2031/results", &bearer, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(lead.get("/survey/2031").await.status, StatusCode::NOT_FOUND);
}
