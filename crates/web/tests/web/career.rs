//! The career pathway's pages: a practitioner's self-assessment and readiness, a
//! manager's sign-off, who may see and sign off what, and editing the framework
//! without losing past assessments.

use crate::support;

use axum::http::StatusCode;
use pathway_app::Store;
use pathway_app::TrainingRequest;
use pathway_app::accounts::add_user_with_password;
use pathway_domain::access::UserRole;
use pathway_domain::career::{Area, Career, Framework};
use pathway_domain::ids::{TeamId, WorkerId};
use pathway_domain::training::{Course, CourseId, CourseMode, PcfDomain, TrainingChange};
use support::{Client, PASSWORD, Page, TestApp};

/// A social worker in post in a team, with no self-assessment yet, and their team.
async fn social_worker_in_a_team(app: &TestApp) -> (WorkerId, TeamId) {
    let career: Career = app.store.career(app.council()).await.unwrap();
    let workforce = &app.councils[0].1;
    workforce
        .employments
        .iter()
        .filter(|e| e.span().end().is_none())
        .find_map(|e| {
            let latest = workforce
                .assignments
                .iter()
                .filter(|a| &a.employment_id == e.id())
                .max_by_key(|a| a.span.start())?;
            let fits = latest.role == pathway_domain::codes::Role::SocialWorker
                && latest.span.end().is_none()
                && career.assessments_of(e.worker_id()).is_empty();
            let team = latest.team_id.clone()?;
            fits.then(|| (e.worker_id().clone(), team))
        })
        .expect("a social worker in a team")
}

/// A client signed in as a new user.
async fn user(
    app: &TestApp,
    email: &str,
    role: UserRole,
    worker: Option<WorkerId>,
    teams: Vec<TeamId>,
) -> Client {
    add_user_with_password(
        app.store.as_ref(),
        Some(app.council()),
        email,
        role,
        worker,
        teams,
        PASSWORD,
    )
    .await
    .unwrap();
    let mut client = app.client();
    assert_eq!(
        client.sign_in(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    client
}

/// The fields of a self-assessment against senior social worker: ratings in order
/// (`""` leaves one unrated).
fn assessment_fields(token: &str, action: &str, ratings: &[&str]) -> Vec<(String, String)> {
    let framework = Framework::pathway_default();
    let mut fields = vec![
        ("csrf_token".to_owned(), token.to_owned()),
        ("level".to_owned(), "senior_social_worker".to_owned()),
        ("action".to_owned(), action.to_owned()),
    ];
    for (index, (criterion, rating)) in framework
        .active_criteria("senior_social_worker")
        .into_iter()
        .zip(ratings)
        .enumerate()
    {
        let n = index + 1;
        fields.push((format!("criterion-{n}"), criterion.id.clone()));
        fields.push((format!("rating-{n}"), (*rating).to_owned()));
        fields.push((
            format!("evidence-{n}"),
            format!("Evidence {n} from my cases"),
        ));
    }
    fields
}

/// Text as the pages write it, HTML-escaped.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

async fn post(client: &mut Client, path: &str, fields: &[(String, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_form(path, &pairs).await
}

#[tokio::test]
async fn a_practitioner_submits_a_self_assessment_sees_their_readiness_and_their_manager_signs_it_off()
 {
    let app = TestApp::new().await;
    let (worker, team) = social_worker_in_a_team(&app).await;
    let person = format!("/career/people/{worker}");
    let mut practitioner = user(
        &app,
        "sw@test.example",
        UserRole::Practitioner,
        Some(worker.clone()),
        Vec::new(),
    )
    .await;

    // Their own pathway is their career home.
    let home = practitioner.get("/career").await;
    assert_eq!(home.location.as_deref(), Some(person.as_str()));
    let page = practitioner.get(&person).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Social worker"), "{}", page.body);
    assert!(page.body.contains("Start a self-assessment"));

    // The form is against the next level; submitting with one unrated is refused,
    // keeping what was typed.
    let form = practitioner.get(&format!("{person}/assessments/new")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("New self-assessment against Senior social worker")
    );
    let token = form.form_token();
    let ratings = [
        "confident",
        "exceeding",
        "developing",
        "confident",
        "not_yet",
        "",
    ];
    let refused = post(
        &mut practitioner,
        &format!("{person}/assessments/new"),
        &assessment_fields(&token, "submit", &ratings),
    )
    .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(
        refused.body.contains("href=\"#rating-6\""),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Evidence 5 from my cases"));

    let ratings = [
        "confident",
        "exceeding",
        "developing",
        "confident",
        "not_yet",
        "confident",
    ];
    let saved = post(
        &mut practitioner,
        &format!("{person}/assessments/new"),
        &assessment_fields(&token, "submit", &ratings),
    )
    .await;
    assert_eq!(
        saved.location.as_deref(),
        Some(format!("{person}/assessments/1?saved=submitted").as_str()),
        "{}",
        saved.body
    );
    let page = practitioner.get(&person).await;
    assert!(page.body.contains("4 of 6"), "{}", page.body);
    let framework = Framework::pathway_default();
    for gap in ["ssw-3", "ssw-5"] {
        let words = &framework.criterion(gap).unwrap().text;
        assert!(page.body.contains(&html(words)), "{gap} is not a gap");
    }
    assert!(
        !page
            .body
            .contains(&html(&framework.criterion("ssw-1").unwrap().text))
    );
    assert!(page.body.contains("Awaiting sign-off"));
    // The training that fits the gaps is offered: online courses with no date ahead
    // are open now; the others are not offered. An online course on critical
    // reflection (a gap) is added to the demo's.
    let reflection = Course {
        id: CourseId::parse("REFLECT").unwrap(),
        title: "Reflective writing for practice".to_owned(),
        mode: CourseMode::Online,
        provider: "Regional teaching partnership".to_owned(),
        hours: 2.0,
        description: "Writing reflections that lead to decisions.".to_owned(),
        mandatory: false,
        valid_for_months: None,
        pcf_domains: vec![PcfDomain::CriticalReflection],
    };
    pathway_app::change_training(
        app.store.as_ref(),
        app.council(),
        TrainingRequest {
            actor: "test",
            action: "training",
            description: "a course",
        },
        None,
        vec![TrainingChange::PutCourse(reflection)],
    )
    .await
    .unwrap();
    let page = practitioner.get(&person).await;
    let training = app.store.training(app.council()).await.unwrap();
    let gap_areas: Vec<Area> = ["ssw-3", "ssw-5"]
        .map(|id| framework.criterion(id).unwrap().area)
        .to_vec();
    let (fitting, other): (Vec<_>, Vec<_>) = training
        .courses
        .iter()
        .filter(|course| course.mode == CourseMode::Online)
        .partition(|course| {
            course
                .pcf_domains
                .iter()
                .any(|&domain| gap_areas.contains(&Area::from(domain)))
        });
    assert!(!fitting.is_empty(), "no demo course fits {gap_areas:?}");
    for course in fitting {
        assert!(
            page.body.contains(&html(&course.title)),
            "{} is not offered",
            course.title
        );
    }
    for course in other {
        assert!(
            !page.body.contains(&html(&course.title)),
            "{} is offered",
            course.title
        );
    }

    // A practitioner sees no one else's pathway, and cannot sign off their own.
    let other = app.councils[0]
        .1
        .workers
        .iter()
        .find(|w| w.id != worker)
        .unwrap();
    let other_page = practitioner
        .get(&format!("/career/people/{}", other.id))
        .await;
    assert_eq!(other_page.status, StatusCode::NOT_FOUND);
    let sign_off = format!("{person}/assessments/1/sign-off");
    let own = practitioner
        .post_form(&sign_off, &[("csrf_token", &token), ("decision", "agreed")])
        .await;
    assert_eq!(own.status, StatusCode::NOT_FOUND);

    // A team manager of another team does not reach them: not found.
    let other_team = app.councils[0]
        .1
        .teams
        .iter()
        .find(|t| t.id != team)
        .unwrap()
        .id
        .clone();
    let mut stranger = user(
        &app,
        "other-manager@test.example",
        UserRole::TeamManager,
        None,
        vec![other_team],
    )
    .await;
    let token_elsewhere = stranger.get("/career").await.form_token();
    let refused = stranger
        .post_form(
            &sign_off,
            &[("csrf_token", &token_elsewhere), ("decision", "agreed")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get(&person).await.status, StatusCode::NOT_FOUND);

    // A manager who is the person themself may not sign off their own.
    let mut themself = user(
        &app,
        "self-manager@test.example",
        UserRole::TeamManager,
        Some(worker.clone()),
        vec![team.clone()],
    )
    .await;
    let token_self = themself.get(&person).await.form_token();
    let refused = themself
        .post_form(
            &sign_off,
            &[("csrf_token", &token_self), ("decision", "agreed")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // Their own manager sees it waiting and signs it off.
    let mut manager = user(
        &app,
        "manager@test.example",
        UserRole::TeamManager,
        None,
        vec![team],
    )
    .await;
    let home = manager.get("/career").await;
    assert!(home.body.contains(&format!("{person}/assessments/1")));
    let page = manager.get(&format!("{person}/assessments/1")).await;
    assert!(page.body.contains("Record the review"), "{}", page.body);
    let token = page.form_token();
    let returned_without_reason = manager
        .post_form(
            &sign_off,
            &[("csrf_token", &token), ("decision", "returned")],
        )
        .await;
    assert!(returned_without_reason.body.contains("href=\"#comments\""));
    let signed = manager
        .post_form(
            &sign_off,
            &[
                ("csrf_token", &token),
                ("decision", "agreed"),
                ("comments", "Well evidenced"),
            ],
        )
        .await;
    assert_eq!(
        signed.location.as_deref(),
        Some(format!("{person}/assessments/1?saved=agreed").as_str())
    );
    let page = practitioner.get(&format!("{person}/assessments/1")).await;
    assert!(page.body.contains("Signed off"));
    assert!(page.body.contains("manager@test.example"));

    // Every view and change is in the audit trail.
    let trail = app.store.audit_trail(app.council(), 200).await.unwrap();
    let said = |action: &str, words: &str| {
        trail
            .iter()
            .any(|e| e.entry.action == action && e.entry.detail.contains(words))
    };
    assert!(said(
        "view career",
        &format!("career pathway of worker {worker}")
    ));
    assert!(said(
        "career",
        &format!("submitted self-assessment 1 of worker {worker}")
    ));
    assert!(said(
        "career",
        &format!("signed off self-assessment 1 of worker {worker}")
    ));
}

#[tokio::test]
async fn the_lead_rewords_and_retires_criteria_and_past_assessments_keep_their_words() {
    let app = TestApp::new().await;
    let (worker, _) = social_worker_in_a_team(&app).await;
    let person = format!("/career/people/{worker}");
    let mut practitioner = user(
        &app,
        "sw@test.example",
        UserRole::Practitioner,
        Some(worker.clone()),
        Vec::new(),
    )
    .await;
    let token = practitioner
        .get(&format!("{person}/assessments/new"))
        .await
        .form_token();
    let saved = post(
        &mut practitioner,
        &format!("{person}/assessments/new"),
        &assessment_fields(&token, "draft", &["confident"; 6]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let framework = Framework::pathway_default();
    let old_words = framework.criterion("ssw-2").unwrap().text.clone();
    let retired_words = framework.criterion("ssw-5").unwrap().text.clone();

    // The academy coordinator sees the framework but may not edit it.
    let mut coordinator = app.signed_in(UserRole::AcademyCoordinator).await;
    let page = coordinator.get("/career/framework").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Save criterion"));
    let refused = coordinator
        .post_form(
            "/career/framework",
            &[
                ("csrf_token", &page.form_token()),
                ("form", "reword"),
                ("criterion", "ssw-2"),
                ("text-ssw-2", "Something else"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/career/framework").await;
    assert!(page.body.contains("Save criterion ssw-2"));
    let token = page.form_token();
    let empty = lead
        .post_form(
            "/career/framework",
            &[
                ("csrf_token", &token),
                ("form", "reword"),
                ("criterion", "ssw-2"),
                ("text-ssw-2", "  "),
            ],
        )
        .await;
    assert!(empty.body.contains("href=\"#text-ssw-2\""));
    let new_words = "Mentors a newly qualified colleague through their first year.";
    for fields in [
        vec![
            ("csrf_token", token.as_str()),
            ("form", "reword"),
            ("criterion", "ssw-2"),
            ("text-ssw-2", new_words),
        ],
        vec![
            ("csrf_token", token.as_str()),
            ("form", "reword"),
            ("criterion", "ssw-5"),
            ("text-ssw-5", retired_words.as_str()),
            ("retired-ssw-5", "yes"),
        ],
        vec![
            ("csrf_token", token.as_str()),
            ("form", "rename"),
            ("level", "senior_social_worker"),
            ("name-senior_social_worker", "Experienced social worker"),
        ],
    ] {
        let saved = lead.post_form("/career/framework", &fields).await;
        assert_eq!(
            saved.location.as_deref(),
            Some("/career/framework?saved=1"),
            "{}",
            saved.body
        );
    }

    // The draft keeps all six criteria with the words they were rated on.
    let past = practitioner.get(&format!("{person}/assessments/1")).await;
    assert!(past.body.contains(&html(&old_words)), "{}", past.body);
    assert!(past.body.contains(&html(&retired_words)));
    assert!(!past.body.contains(new_words));
    let stored = app.store.career(app.council()).await.unwrap();
    assert_eq!(stored.assessment(&worker, 1).unwrap().ratings.len(), 6);

    // A new self-assessment has the new words and leaves the retired one out; a
    // practitioner sees no retired criterion on the framework.
    let page = practitioner.get("/career/framework").await;
    assert!(page.body.contains(new_words));
    assert!(!page.body.contains(&html(&retired_words)));
    assert!(page.body.contains("Experienced social worker"));
    let stored_framework = stored.framework();
    assert_eq!(
        stored_framework
            .active_criteria("senior_social_worker")
            .len(),
        5
    );
}

#[tokio::test]
async fn the_plan_and_the_measures_pages_work_for_those_who_may_see_them() {
    let app = TestApp::new().await;
    let (worker, _) = social_worker_in_a_team(&app).await;
    let plan = format!("/career/people/{worker}/plan");
    let mut practitioner = user(
        &app,
        "sw@test.example",
        UserRole::Practitioner,
        Some(worker.clone()),
        Vec::new(),
    )
    .await;
    let page = practitioner.get(&plan).await;
    let token = page.form_token();
    let refused = practitioner
        .post_form(
            &plan,
            &[
                ("csrf_token", &token),
                ("form", "add"),
                ("description", "Shadow a senior in court"),
                ("due-day", "31"),
                ("due-month", "2"),
                ("due-year", "2025"),
            ],
        )
        .await;
    assert!(
        refused.body.contains("Due date must be a real date"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Shadow a senior in court"));
    let added = practitioner
        .post_form(
            &plan,
            &[
                ("csrf_token", &token),
                ("form", "add"),
                ("description", "Shadow a senior in court"),
                ("due-day", "28"),
                ("due-month", "2"),
                ("due-year", "2025"),
            ],
        )
        .await;
    assert_eq!(
        added.location.as_deref(),
        Some(format!("{plan}?saved=added").as_str())
    );
    let done = practitioner
        .post_form(
            &plan,
            &[
                ("csrf_token", &token),
                ("form", "update"),
                ("number", "1"),
                ("status-1", "done"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let stored = app.store.career(app.council()).await.unwrap();
    let action = stored.plan_of(&worker)[0];
    assert_eq!(action.status.as_str(), "done");
    assert!(action.done_on.is_some());

    // The measures: for those who see figures, not for a practitioner.
    assert_eq!(
        practitioner.get("/career/measures").await.status,
        StatusCode::NOT_FOUND
    );
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/career/measures").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Promotions per year"));
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    assert_eq!(viewer.get("/career").await.status, StatusCode::FORBIDDEN);
}
