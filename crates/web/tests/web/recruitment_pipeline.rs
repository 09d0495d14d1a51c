//! The establishment, the vacancy board and each vacancy's history, the vacancy
//! measures and their JSON API: moves recorded with who and when, closing a vacancy
//! when it is filled; days to fill; a team manager's reach; roles refused; forms that
//! keep what was typed.

use crate::support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Days, Utc};
use http_body_util::BodyExt;
use pathway_app::Store;
use pathway_domain::access::UserRole;
use pathway_domain::codes::VacancyStage;
use pathway_domain::records::Vacancy;
use pathway_domain::values::Date;
use serde_json::{Value, json};
use support::{Client, TestApp};
use tower::ServiceExt;

fn today() -> Date {
    Utc::now().date_naive()
}

fn days_ago(days: u64) -> Date {
    today().checked_sub_days(Days::new(days)).unwrap()
}

/// The three boxes of a date input named `id`.
fn date_fields(id: &str, date: Date) -> [(String, String); 3] {
    [
        (format!("{id}-day"), date.format("%-d").to_string()),
        (format!("{id}-month"), date.format("%-m").to_string()),
        (format!("{id}-year"), date.format("%Y").to_string()),
    ]
}

/// Posts a form whose fields are owned strings.
async fn post(client: &mut Client, path: &str, fields: &[(String, String)]) -> support::Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    client.post_form(path, &pairs).await
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// The first council's first team, the team manager's.
fn first_team(app: &TestApp) -> String {
    app.councils[0].1.teams[0].id.to_string()
}

/// Adds a post to the first team through its form and returns its ID.
async fn add_post(client: &mut Client, app: &TestApp, id: &str) -> String {
    let form = client.get("/recruitment/posts/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let team = first_team(app);
    let page = client
        .post_form(
            "/recruitment/posts/new",
            &[
                ("csrf_token", &form.form_token()),
                ("post_id", id),
                ("title", "Social worker, test team"),
                ("team", &team),
                ("role", "social_worker"),
                ("fte", "0.8"),
                ("funded", "yes"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/recruitment/posts/{id}?added=1").as_str())
    );
    id.to_owned()
}

/// Adds a vacancy for `post` opened on `opened` at `stage` and returns its ID.
async fn add_vacancy(
    client: &mut Client,
    id: &str,
    post_id: &str,
    opened: Date,
    stage: &str,
) -> String {
    let form = client.get("/recruitment/vacancies/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let mut fields = owned(&[
        ("csrf_token", &form.form_token()),
        ("vacancy_id", id),
        ("post", post_id),
        ("stage", stage),
        ("covered_by_agency", "yes"),
    ]);
    fields.extend(date_fields("opened-on", opened));
    let page = post(client, "/recruitment/vacancies/new", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    id.to_owned()
}

/// The stored vacancy with this ID in the first council.
async fn stored_vacancy(app: &TestApp, id: &str) -> Vacancy {
    app.store
        .workforce(app.council())
        .await
        .unwrap()
        .vacancies
        .into_iter()
        .find(|v| v.id.as_str() == id)
        .expect("the vacancy is stored")
}

/// The text of a page with its tags removed and spaces collapsed, for reading
/// sentences that span elements.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for character in html.chars() {
        match character {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            other if !in_tag => text.push(other),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of the board's HTML in one stage's column.
fn column<'a>(board: &'a str, stage: &str) -> &'a str {
    let start = board
        .find(&format!("id=\"stage-{stage}\""))
        .expect("the stage's column");
    let rest = &board[start..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    &rest[..end]
}

#[tokio::test]
async fn moving_a_vacancy_through_every_stage_to_filled_records_who_and_when_and_closes_it() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let post_id = add_post(&mut officer, &app, "PTEST1").await;
    let opened = days_ago(70);
    let vacancy = add_vacancy(&mut officer, "VTEST1", &post_id, opened, "not_recruiting").await;

    let created = stored_vacancy(&app, &vacancy).await;
    assert_eq!(created.stage, VacancyStage::NotRecruiting);
    assert_eq!(created.fte.value(), 0.8, "the FTE comes from the post");
    assert_eq!(
        created.team_id.as_ref().map(|t| t.to_string()),
        Some(first_team(&app))
    );
    assert_eq!(created.covered_by_agency, Some(true));

    // Every stage in turn, on the vacancy's page with the date of each move.
    let moves = [
        ("advertised", 60),
        ("shortlisting", 45),
        ("interview", 30),
        ("offer", 21),
        ("pre_employment_checks", 14),
        ("filled", 0),
    ];
    for (stage, ago) in moves {
        let page = officer
            .get(&format!("/recruitment/vacancies/{vacancy}"))
            .await;
        assert!(page.body.contains("Move the vacancy"), "{}", page.body);
        let mut fields = owned(&[
            ("csrf_token", &page.form_token()),
            ("from", "vacancy"),
            ("stage", stage),
        ]);
        fields.extend(date_fields("moved-on", days_ago(ago)));
        let moved = post(
            &mut officer,
            &format!("/recruitment/vacancies/{vacancy}/stage"),
            &fields,
        )
        .await;
        assert_eq!(
            moved.status,
            StatusCode::SEE_OTHER,
            "{stage}: {}",
            moved.body
        );
        assert_eq!(
            moved.location.as_deref(),
            Some(format!("/recruitment/vacancies/{vacancy}?moved={stage}").as_str())
        );
    }

    let filled = stored_vacancy(&app, &vacancy).await;
    assert_eq!(filled.stage, VacancyStage::Filled);
    assert_eq!(
        filled.open.end(),
        Some(today()),
        "filling closes it that day"
    );
    let recruitment = app.store.recruitment(app.council()).await.unwrap();
    let history = recruitment.history_of(&filled.id);
    let stages: Vec<&str> = history.iter().map(|c| c.stage.as_str()).collect();
    assert_eq!(
        stages,
        [
            "not_recruiting",
            "advertised",
            "shortlisting",
            "interview",
            "offer",
            "pre_employment_checks",
            "filled"
        ]
    );
    assert!(
        history
            .iter()
            .all(|c| c.by == "recruitment_officer@test.example")
    );
    assert_eq!(history[0].on, opened);
    assert_eq!(history[3].on, days_ago(30));

    let page = officer
        .get(&format!("/recruitment/vacancies/{vacancy}"))
        .await;
    let text = text_of(&page.body);
    assert!(text.contains("Days to fill 70 days"), "{text}");
    assert!(text.contains("Interview"), "{text}");
    // Interview lasted from 30 to 21 days ago.
    assert!(
        text.contains(&format!(
            "Interview {} {} 9 days recruitment_officer@test.example",
            days_ago(30).format("%-d %B %Y"),
            days_ago(21).format("%-d %B %Y")
        )),
        "{text}"
    );
    assert!(
        !page.body.contains("Move the vacancy"),
        "a closed vacancy has no move form"
    );

    // It shows in the board's Filled column.
    let board = officer.get("/recruitment/vacancies").await;
    assert!(column(&board.body, "filled").contains("Vacancy VTEST1"));
    assert!(!column(&board.body, "advertised").contains("Vacancy VTEST1"));

    // A closed vacancy does not move again.
    let refused = officer
        .post_form(
            &format!("/recruitment/vacancies/{vacancy}/stage"),
            &[
                ("csrf_token", &board.form_token()),
                ("from", "board"),
                ("stage", "advertised"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("There is a problem"));
    assert!(
        refused.body.contains("cannot move again"),
        "{}",
        refused.body
    );
    assert_eq!(
        stored_vacancy(&app, &vacancy).await.stage,
        VacancyStage::Filled
    );

    // Every move is in the audit trail.
    let audit = app.store.audit_trail(app.council(), 100).await.unwrap();
    let moves_logged = audit
        .iter()
        .filter(|event| event.entry.detail.starts_with("vacancy VTEST1 moved to"))
        .filter(|event| event.entry.actor == "recruitment_officer@test.example")
        .count();
    assert_eq!(moves_logged, 6);
}

#[tokio::test]
async fn the_board_moves_a_vacancy_on_with_todays_date_and_shows_days_in_stage() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let post_id = add_post(&mut officer, &app, "PTEST2").await;
    let vacancy = add_vacancy(&mut officer, "VTEST2", &post_id, days_ago(12), "advertised").await;

    let board = officer.get("/recruitment/vacancies").await;
    assert_eq!(board.status, StatusCode::OK);
    let advertised = column(&board.body, "advertised");
    assert!(advertised.contains("Vacancy VTEST2"));
    assert!(
        text_of(advertised).contains("12 days in this stage"),
        "{advertised}"
    );
    assert!(advertised.contains("Agency cover"));

    let moved = officer
        .post_form(
            &format!("/recruitment/vacancies/{vacancy}/stage"),
            &[
                ("csrf_token", &board.form_token()),
                ("from", "board"),
                ("team", ""),
                ("stage", "shortlisting"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let location = moved.location.unwrap();
    let target = location.split('#').next().unwrap();
    assert_eq!(
        target,
        "/recruitment/vacancies?moved=VTEST2&stage=shortlisting"
    );
    let board = officer.get(target).await;
    assert!(board.body.contains("Vacancy VTEST2 moved to shortlisting"));
    let shortlisting = column(&board.body, "shortlisting");
    assert!(shortlisting.contains("Vacancy VTEST2"));
    assert!(text_of(shortlisting).contains("0 days in this stage"));
    let stored = stored_vacancy(&app, &vacancy).await;
    assert_eq!(stored.stage, VacancyStage::Shortlisting);
    assert_eq!(stored.open.end(), None);
    let recruitment = app.store.recruitment(app.council()).await.unwrap();
    assert_eq!(
        recruitment.history_of(&stored.id).last().unwrap().on,
        today()
    );

    // Filtering by another team leaves it out.
    let other_team = app.councils[0].1.teams[1].id.to_string();
    let filtered = officer
        .get(&format!("/recruitment/vacancies?team={other_team}"))
        .await;
    assert!(!filtered.body.contains("Vacancy VTEST2"));
}

#[tokio::test]
async fn a_team_manager_sees_only_their_teams_vacancies_and_cannot_move_them() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let team = &workforce.teams[0].id;
    let open_today = |v: &&Vacancy| v.open.end().is_none();
    let own = workforce
        .vacancies
        .iter()
        .filter(open_today)
        .find(|v| v.team_id.as_ref() == Some(team))
        .expect("an open vacancy in the first team");
    let other = workforce
        .vacancies
        .iter()
        .filter(open_today)
        .find(|v| v.team_id.as_ref() != Some(team))
        .expect("an open vacancy elsewhere");
    let mut manager = app.signed_in(UserRole::TeamManager).await;

    let board = manager.get("/recruitment/vacancies").await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(board.body.contains(&format!("Vacancy {}<", own.id)));
    assert!(!board.body.contains(&format!("Vacancy {}<", other.id)));
    assert!(
        !board.body.contains("Move vacancy"),
        "no move forms for a team manager"
    );

    let page = manager
        .get(&format!("/recruitment/vacancies/{}", own.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Move the vacancy"));
    let hidden = manager
        .get(&format!("/recruitment/vacancies/{}", other.id))
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    let refused = manager
        .post_form(
            &format!("/recruitment/vacancies/{}/stage", own.id),
            &[
                ("csrf_token", &board.form_token()),
                ("from", "board"),
                ("stage", "filled"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(stored_vacancy(&app, own.id.as_str()).await.stage, own.stage);
    assert_eq!(
        manager.get("/recruitment/posts/new").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        manager.get("/recruitment/vacancies/new").await.status,
        StatusCode::FORBIDDEN
    );
    // Their pages of figures are theirs too.
    for path in [
        "/recruitment",
        "/recruitment/posts",
        "/recruitment/vacancies/measures",
    ] {
        let page = manager.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.body.contains("your teams") || page.body.contains("Your teams"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn viewers_and_practitioners_cannot_open_recruitment() {
    let app = TestApp::new().await;
    let vacancy = app.councils[0].1.vacancies[0].id.to_string();
    for role in [UserRole::Viewer, UserRole::Practitioner] {
        let mut client = app.signed_in(role).await;
        for path in [
            "/recruitment".to_owned(),
            "/recruitment/vacancies".to_owned(),
            "/recruitment/posts".to_owned(),
            "/recruitment/vacancies/measures".to_owned(),
            format!("/recruitment/vacancies/{vacancy}"),
        ] {
            assert_eq!(
                client.get(&path).await.status,
                StatusCode::FORBIDDEN,
                "{role} {path}"
            );
        }
    }
    // An academy coordinator sees recruitment but changes nothing.
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    assert_eq!(
        coordinator.get("/recruitment/vacancies").await.status,
        StatusCode::OK
    );
    assert_eq!(
        coordinator.get("/recruitment/vacancies/new").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn another_councils_vacancy_is_not_found() {
    let app = TestApp::new().await;
    // A vacancy only the second council has.
    let other = app.other_council();
    let mut records = pathway_domain::Workforce::new(other);
    records.vacancies.push(Vacancy {
        id: pathway_domain::ids::VacancyId::parse("VOTHER").unwrap(),
        team_id: Some(app.councils[1].1.teams[0].id.clone()),
        role: pathway_domain::codes::Role::SocialWorker,
        fte: pathway_domain::values::Fte::FULL,
        open: pathway_domain::values::Span::new(days_ago(5), None).unwrap(),
        stage: VacancyStage::Advertised,
        covered_by_agency: None,
    });
    pathway_app::change_recruitment(
        app.store.as_ref(),
        other,
        pathway_app::RecruitmentRequest {
            actor: "test",
            action: "recruitment",
            description: "a vacancy of the other council",
        },
        Some(records),
        Vec::new(),
    )
    .await
    .unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    assert_eq!(
        lead.get("/recruitment/vacancies/VOTHER").await.status,
        StatusCode::NOT_FOUND
    );
    let board = lead.get("/recruitment/vacancies").await;
    assert!(!board.body.contains("VOTHER"));
    let refused = lead
        .post_form(
            "/recruitment/vacancies/VOTHER/stage",
            &[
                ("csrf_token", &board.form_token()),
                ("from", "board"),
                ("stage", "interview"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        lead.get("/recruitment/posts/NO-SUCH-POST").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn refused_forms_keep_what_was_typed_and_say_what_is_wrong() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let form = officer.get("/recruitment/posts/new").await;
    let team = first_team(&app);
    let page = officer
        .post_form(
            "/recruitment/posts/new",
            &[
                ("csrf_token", &form.form_token()),
                ("post_id", "PKEEP"),
                ("title", "Advanced practitioner, typed"),
                ("team", &team),
                ("role", "advanced_practitioner"),
                ("fte", "1.5"),
                ("funded", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("href=\"#fte\""));
    assert!(
        page.body
            .contains("Enter the FTE as a number more than 0 and at most 1")
    );
    assert!(page.body.contains("Say whether the post is funded"));
    assert!(page.body.contains("value=\"Advanced practitioner, typed\""));
    assert!(page.body.contains("value=\"1.5\""));
    assert!(
        page.body
            .contains("value=\"advanced_practitioner\" selected")
    );
    let posts = app.store.recruitment(app.council()).await.unwrap().posts;
    assert!(!posts.iter().any(|p| p.id.as_str() == "PKEEP"));

    let post_id = add_post(&mut officer, &app, "PKEEP").await;
    let form = officer.get("/recruitment/vacancies/new").await;
    let page = officer
        .post_form(
            "/recruitment/vacancies/new",
            &[
                ("csrf_token", &form.form_token()),
                ("vacancy_id", "VKEEP"),
                ("post", &post_id),
                ("opened-on-day", "31"),
                ("opened-on-month", "2"),
                ("opened-on-year", "2024"),
                ("stage", "interview"),
                ("covered_by_agency", "no"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Date it opened must be a real date"),
        "{}",
        page.body
    );
    assert!(page.body.contains("value=\"VKEEP\""));
    assert!(page.body.contains("value=\"31\""));
    assert!(page.body.contains("value=\"interview\" selected"));
    assert!(
        !app.store
            .workforce(app.council())
            .await
            .unwrap()
            .vacancies
            .iter()
            .any(|v| v.id.as_str() == "VKEEP")
    );

    // A move dated before the vacancy's last move is refused, keeping the date typed.
    let vacancy = add_vacancy(&mut officer, "VKEEP", &post_id, days_ago(20), "advertised").await;
    let page = officer
        .get(&format!("/recruitment/vacancies/{vacancy}"))
        .await;
    let mut fields = owned(&[
        ("csrf_token", &page.form_token()),
        ("from", "vacancy"),
        ("stage", "offer"),
    ]);
    fields.extend(date_fields("moved-on", days_ago(25)));
    let refused = post(
        &mut officer,
        &format!("/recruitment/vacancies/{vacancy}/stage"),
        &fields,
    )
    .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused
            .body
            .contains("must be on or after the day the vacancy opened"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("value=\"offer\" selected"));
    assert!(
        refused
            .body
            .contains(&format!("value=\"{}\"", days_ago(25).format("%-d")))
    );
    assert_eq!(
        stored_vacancy(&app, &vacancy).await.stage,
        VacancyStage::Advertised
    );
}

#[tokio::test]
async fn the_establishment_sets_funded_posts_against_people_in_post_and_vacancies() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    add_post(&mut officer, &app, "PEST1").await;
    let page = officer.get("/recruitment/posts").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = text_of(&page.body);
    let team = &app.councils[0].1.teams[0];
    let recruitment = app.store.recruitment(app.council()).await.unwrap();
    let in_team = recruitment
        .posts
        .iter()
        .filter(|p| p.team_id.as_ref() == Some(&team.id))
        .count();
    assert!(
        text.contains(&format!("{}: {in_team} post", team.name)),
        "{text}"
    );
    assert!(
        text.contains("Social worker, test team PEST1 Social worker 0.8 Yes"),
        "{text}"
    );

    // The post's page changes it, and removes it when no vacancy is linked.
    let post_page = officer.get("/recruitment/posts/PEST1?added=1").await;
    assert!(post_page.body.contains("Post added"));
    let changed = officer
        .post_form(
            "/recruitment/posts/PEST1",
            &[
                ("csrf_token", &post_page.form_token()),
                ("title", "Senior social worker, test team"),
                ("team", &team.id.to_string()),
                ("role", "senior_social_worker"),
                ("fte", "1"),
                ("funded", "no"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let recruitment = app.store.recruitment(app.council()).await.unwrap();
    let changed = recruitment
        .posts
        .iter()
        .find(|p| p.id.as_str() == "PEST1")
        .unwrap();
    assert_eq!(changed.title, "Senior social worker, test team");
    assert!(!changed.funded);

    add_vacancy(&mut officer, "VEST1", "PEST1", days_ago(3), "advertised").await;
    let refused = officer
        .post_form(
            "/recruitment/posts/PEST1/remove",
            &[("csrf_token", &post_page.form_token())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("has vacancies"), "{}", refused.body);
    let posts = app.store.recruitment(app.council()).await.unwrap().posts;
    assert!(
        posts.iter().any(|p| p.id.as_str() == "PEST1"),
        "the post is kept"
    );
}

#[tokio::test]
async fn the_measures_show_vacancy_fte_month_by_month_stages_at_a_date_and_days_to_fill() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead
        .get("/recruitment/vacancies/measures?date=2024-03-31")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg"));
    assert!(page.body.contains("id=\"chart-vacancy-fte\""));
    // The month end's figures match the council's vacancies open that day.
    let workforce = &app.councils[0].1;
    let day = pathway_domain::values::parse_date("2024-03-31").unwrap();
    let open: Vec<&Vacancy> = workforce
        .vacancies
        .iter()
        .filter(|v| v.open.start() <= day && v.open.end().is_none_or(|end| end > day))
        .collect();
    let fte: f64 = open.iter().map(|v| v.fte.value()).sum();
    let text = text_of(&page.body);
    assert!(
        text.contains(&format!("31 March 2024 {} {fte:.1}", open.len())),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Vacancies open on 31 March 2024 by stage: {}, {fte:.1} FTE",
            open.len()
        )),
        "{text}"
    );
    assert!(text.contains("Median days to fill by year"));

    let wrong = lead
        .get("/recruitment/vacancies/measures?date=2024-02-31")
        .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(wrong.body.contains("There is a problem"));
}

// ---------------------------------------------------------------- the JSON API

#[derive(Debug)]
struct Answer {
    status: StatusCode,
    json: Value,
    text: String,
}

async fn send(app: &TestApp, method: &str, path: &str, token: &str, body: Option<Value>) -> Answer {
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
    Answer {
        status,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

async fn token_for(app: &TestApp, role: UserRole) -> String {
    let mut client = app.signed_in(role).await;
    let form = client.get("/account/tokens").await;
    let page = client
        .post_form(
            "/account/tokens",
            &[("name", "tests"), ("csrf_token", &form.form_token())],
        )
        .await;
    let marker = "id=\"new-token\">";
    let start = page.body.find(marker).expect("the new token") + marker.len();
    page.body[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_api_moves_a_vacancy_to_filled_with_its_history_and_refuses_moving_it_again() {
    let app = TestApp::new().await;
    let token = token_for(&app, UserRole::RecruitmentOfficer).await;
    let team = first_team(&app);
    let put = send(
        &app,
        "PUT",
        "/api/v1/recruitment/posts/PAPI1",
        &token,
        Some(json!({"title": "Social worker", "team_id": team, "role": "social_worker", "fte": 1.0, "funded": true})),
    )
    .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    assert_eq!(put.json["post_id"], "PAPI1");
    let posts = send(&app, "GET", "/api/v1/recruitment/posts", &token, None).await;
    let listed = posts.json["posts"].as_array().unwrap();
    let added = listed
        .iter()
        .find(|p| p["post_id"] == "PAPI1")
        .expect("the post is listed");
    assert_eq!(added["title"], "Social worker");
    assert_eq!(added["fte"], 1.0);

    let bad = send(
        &app,
        "PUT",
        "/api/v1/recruitment/posts/PAPI2",
        &token,
        Some(json!({"title": "x", "team_id": team, "role": "social_worker", "fte": 2.0, "funded": true})),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);

    // An open demo vacancy moves on, then to filled.
    let workforce = &app.councils[0].1;
    let vacancy = workforce
        .vacancies
        .iter()
        .find(|v| v.open.end().is_none() && v.stage != VacancyStage::Offer)
        .expect("an open vacancy");
    let detail = format!("/api/v1/recruitment/vacancies/{}", vacancy.id);
    let before = send(&app, "GET", &detail, &token, None).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text);
    let recorded = before.json["history"].as_array().unwrap().len();
    let path = format!("{detail}/stage");
    let offer = send(&app, "POST", &path, &token, Some(json!({"stage": "offer"}))).await;
    assert_eq!(offer.status, StatusCode::OK, "{}", offer.text);
    assert_eq!(offer.json["vacancy"]["stage"], "offer");
    assert_eq!(offer.json["vacancy"]["days_in_stage"], 0);
    let filled = send(
        &app,
        "POST",
        &path,
        &token,
        Some(json!({"stage": "filled"})),
    )
    .await;
    assert_eq!(filled.status, StatusCode::OK, "{}", filled.text);
    assert_eq!(filled.json["vacancy"]["closed_on"], today().to_string());
    let history = filled.json["history"].as_array().unwrap();
    assert_eq!(history.len(), recorded + 2);
    assert_eq!(history[recorded]["stage"], "offer");
    assert_eq!(history[recorded + 1]["stage"], "filled");
    assert_eq!(
        history[recorded + 1]["by"],
        "recruitment_officer@test.example"
    );
    assert_eq!(
        filled.json["vacancy"]["days_to_fill"],
        (today() - vacancy.open.start()).num_days()
    );

    let again = send(
        &app,
        "POST",
        &path,
        &token,
        Some(json!({"stage": "advertised"})),
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.text
    );
    assert!(
        again.json["error"]
            .as_str()
            .unwrap()
            .contains("cannot move again")
    );

    let shown = send(
        &app,
        "GET",
        &format!("/api/v1/recruitment/vacancies/{}", vacancy.id),
        &token,
        None,
    )
    .await;
    assert_eq!(
        shown.json["history"].as_array().unwrap().len(),
        recorded + 2
    );
    let measures = send(
        &app,
        "GET",
        "/api/v1/recruitment/vacancies/measures?date=2024-03-31",
        &token,
        None,
    )
    .await;
    assert_eq!(measures.status, StatusCode::OK, "{}", measures.text);
    assert!(!measures.json["months"].as_array().unwrap().is_empty());
    assert_eq!(measures.json["date"], "2024-03-31");
}

#[tokio::test]
async fn the_api_keeps_a_team_manager_to_their_teams_and_refuses_them_changes() {
    let app = TestApp::new().await;
    let token = token_for(&app, UserRole::TeamManager).await;
    let workforce = &app.councils[0].1;
    let team = workforce.teams[0].id.to_string();
    let list = send(&app, "GET", "/api/v1/recruitment/vacancies", &token, None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let listed = list.json["vacancies"].as_array().unwrap();
    let expected = workforce
        .vacancies
        .iter()
        .filter(|v| v.team_id.as_ref().map(|t| t.to_string()) == Some(team.clone()))
        .count();
    assert_eq!(listed.len(), expected);
    assert!(listed.iter().all(|v| v["team_id"] == team.as_str()));
    let other = workforce
        .vacancies
        .iter()
        .find(|v| v.team_id.as_ref().map(|t| t.to_string()) != Some(team.clone()))
        .unwrap();
    let hidden = send(
        &app,
        "GET",
        &format!("/api/v1/recruitment/vacancies/{}", other.id),
        &token,
        None,
    )
    .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let own = listed[0]["vacancy_id"].as_str().unwrap();
    let refused = send(
        &app,
        "POST",
        &format!("/api/v1/recruitment/vacancies/{own}/stage"),
        &token,
        Some(json!({"stage": "withdrawn"})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let viewer = token_for(&app, UserRole::Viewer).await;
    let answer = send(&app, "GET", "/api/v1/recruitment/vacancies", &viewer, None).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}
