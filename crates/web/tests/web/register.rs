//! The workforce register: search, filters, sorting, pages, reach and the export.

use crate::support;

use std::collections::HashSet;

use axum::http::StatusCode;
use chrono::Utc;
use pathway_app::Store;
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::records::{Assignment, Worker};
use support::{TestApp, encode};

/// The worker IDs the page links to as people (`/workers/{id}`), in order.
fn linked_people(body: &str) -> Vec<String> {
    body.match_indices("href=\"/workers/")
        .map(|(at, marker)| {
            let rest = &body[at + marker.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .filter(|id| !id.contains('/') && !id.contains('?') && id != "export.xlsx")
        .collect()
}

/// The page with `&` written as itself, however the template escaped it.
fn unescaped(body: &str) -> String {
    body.replace("&#38;", "&").replace("&amp;", "&")
}

/// The people in post today in a workforce.
fn in_post(workforce: &Workforce) -> Vec<&Worker> {
    let today = Utc::now().date_naive();
    workforce
        .workers
        .iter()
        .filter(|worker| {
            workforce
                .employments
                .iter()
                .any(|e| e.worker_id() == &worker.id && e.span().covers(today))
        })
        .collect()
}

/// A person's assignment covering today, or else the latest.
fn current_assignment<'w>(workforce: &'w Workforce, worker: &Worker) -> Option<&'w Assignment> {
    let today = Utc::now().date_naive();
    let employments: HashSet<_> = workforce
        .employments
        .iter()
        .filter(|e| e.worker_id() == &worker.id)
        .map(|e| e.id().clone())
        .collect();
    workforce
        .assignments
        .iter()
        .filter(|a| employments.contains(&a.employment_id))
        .max_by_key(|a| (a.span.covers(today), a.span.start()))
}

#[tokio::test]
async fn a_viewer_may_not_open_the_register() {
    let app = TestApp::new().await;
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    assert_eq!(viewer.get("/workers").await.status, StatusCode::FORBIDDEN);
    assert_eq!(viewer.get("/teams").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn searching_by_family_name_finds_everyone_so_named_and_no_one_else() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let people = in_post(workforce);
    let wanted = people[0].family_name.clone();
    let expected: HashSet<String> = people
        .iter()
        .filter(|w| {
            format!("{} {}", w.given_name, w.family_name)
                .to_lowercase()
                .contains(&wanted.to_lowercase())
        })
        .map(|w| w.id.to_string())
        .collect();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead
        .get(&format!("/workers?q={}", encode(&wanted.to_uppercase())))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let found: HashSet<String> = linked_people(&page.body).into_iter().collect();
    assert_eq!(found, expected, "searching for {wanted}");
    assert!(
        page.body
            .contains(&format!("value=\"{}\"", wanted.to_uppercase()))
    );
}

#[tokio::test]
async fn searching_by_swe_number_finds_its_holder() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let person = in_post(workforce)
        .into_iter()
        .find(|w| w.swe_number.is_some())
        .unwrap();
    let number = person.swe_number.as_ref().unwrap().to_string();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead
        .get(&format!("/workers?q={}", number.to_lowercase()))
        .await;
    assert_eq!(linked_people(&page.body), [person.id.to_string()]);
    assert!(page.body.contains("1 person"), "{}", page.body);
}

#[tokio::test]
async fn filtering_by_team_role_and_contract_lists_exactly_those_people() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let people = in_post(workforce);
    let example = current_assignment(workforce, people[0]).unwrap();
    let team = example.team_id.clone().unwrap();
    let expected: HashSet<String> = people
        .iter()
        .filter(|w| {
            current_assignment(workforce, w).is_some_and(|a| {
                a.team_id.as_ref() == Some(&team)
                    && a.role == example.role
                    && a.contract == example.contract
            })
        })
        .map(|w| w.id.to_string())
        .collect();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead
        .get(&format!(
            "/workers?team={}&role={}&contract={}",
            encode(team.as_str()),
            example.role.as_str(),
            example.contract.as_str()
        ))
        .await;
    let found: HashSet<String> = linked_people(&page.body).into_iter().collect();
    assert!(!expected.is_empty());
    assert_eq!(found, expected);
    // The selects show what was chosen.
    assert!(page.body.contains(&format!(
        "<option value=\"{}\" selected>",
        example.role.as_str()
    )));
}

#[tokio::test]
async fn leavers_are_listed_only_when_asked_for() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let current: HashSet<String> = in_post(workforce)
        .iter()
        .map(|w| w.id.to_string())
        .collect();
    let leaver = workforce
        .workers
        .iter()
        .find(|w| !current.contains(w.id.as_str()))
        .unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let by_name = format!("/workers?q={}", encode(leaver.id.as_str()));
    assert!(linked_people(&lead.get(&by_name).await.body).is_empty());
    let left = lead.get(&format!("{by_name}&status=left")).await;
    assert_eq!(linked_people(&left.body), [leaver.id.to_string()]);
}

#[tokio::test]
async fn the_register_shows_fifty_people_a_page_with_gov_uk_pagination() {
    let app = TestApp::new().await;
    let total = in_post(&app.councils[0].1).len();
    assert!(total > 100, "the demo council has {total} people in post");
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let first = lead.get("/workers").await;
    assert!(first.body.contains("govuk-pagination"));
    assert!(first.body.contains("href=\"/workers?page=2\" rel=\"next\""));
    assert!(first.body.contains(&format!("{total} people")));
    let first_people = linked_people(&first.body);
    assert_eq!(first_people.len(), 50);
    let second = lead.get("/workers?page=2").await;
    let second_people = linked_people(&second.body);
    assert_eq!(second_people.len(), 50);
    assert!(second.body.contains("href=\"/workers\" rel=\"prev\""));
    assert!(second.body.contains("aria-current=\"page\">2</a>"));
    assert!(
        first_people.iter().all(|id| !second_people.contains(id)),
        "page 2 repeats people of page 1"
    );
    let last_page = total.div_ceil(50);
    let last = lead.get(&format!("/workers?page={last_page}")).await;
    assert_eq!(
        linked_people(&last.body).len(),
        total - (last_page - 1) * 50
    );
    assert!(!last.body.contains("rel=\"next\""));
}

#[tokio::test]
async fn sort_links_keep_the_filters_and_say_which_column_is_sorted() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let filters = "q=a&team=T01&contract=permanent&status=all";
    let page = unescaped(&lead.get(&format!("/workers?{filters}")).await.body);
    assert!(
        page.contains(&format!(
            "<a class=\"govuk-link\" href=\"/workers?{filters}&sort=start\">Start date"
        )),
        "{page}"
    );
    assert!(page.contains(&format!(
        "aria-sort=\"ascending\"><a class=\"govuk-link\" href=\"/workers?{filters}\">Name"
    )));
    let sorted = unescaped(
        &lead
            .get(&format!("/workers?{filters}&sort=start"))
            .await
            .body,
    );
    assert!(sorted.contains(&format!(
        "aria-sort=\"ascending\"><a class=\"govuk-link\" href=\"/workers?{filters}&sort=-start\">Start date"
    )));
    assert!(!sorted.contains("aria-sort=\"ascending\"><a class=\"govuk-link\" href=\"/workers?q=a&team=T01&contract=permanent&status=all\">Name"));
    assert!(sorted.contains("name=\"sort\" value=\"start\""));
}

#[tokio::test]
async fn sorting_by_start_date_puts_the_latest_starter_first_when_descending() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let today = Utc::now().date_naive();
    let latest = workforce
        .employments
        .iter()
        .filter(|e| e.span().covers(today))
        .map(|e| e.span().start())
        .max()
        .unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/workers?sort=-start").await;
    let first = linked_people(&page.body).remove(0);
    let started = workforce
        .employments
        .iter()
        .filter(|e| e.worker_id().as_str() == first)
        .map(|e| e.span().start())
        .max()
        .unwrap();
    assert_eq!(started, latest);
    assert!(page.body.contains("aria-sort=\"descending\""));
}

#[tokio::test]
async fn the_export_is_a_spreadsheet_of_the_filtered_list_and_is_audited() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let register = lead.get("/workers?team=T01").await;
    assert!(
        register
            .body
            .contains("href=\"/workers/export.xlsx?team=T01\"")
    );
    assert!(register.body.contains("Download as a spreadsheet"));
    let before = app.store.audit_trail(app.council(), 100).await.unwrap();
    let file = lead.get("/workers/export.xlsx?team=T01").await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.headers.get("content-type").unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(file.body.starts_with("PK"), "not a zip file");
    let after = app.store.audit_trail(app.council(), 100).await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[0].entry.action, "export register");
    assert_eq!(after[0].entry.actor, "workforce_lead@test.example");
}

#[tokio::test]
async fn viewers_and_practitioners_may_not_export_and_are_not_offered_it() {
    let app = TestApp::new().await;
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    assert_eq!(
        viewer.get("/workers/export.xlsx").await.status,
        StatusCode::FORBIDDEN
    );
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    assert_eq!(
        practitioner.get("/workers/export.xlsx").await.status,
        StatusCode::FORBIDDEN
    );
    let register = practitioner.get("/workers").await;
    assert!(!register.body.contains("Download as a spreadsheet"));
}

#[tokio::test]
async fn a_team_manager_sees_only_the_people_of_their_team() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let team = &workforce.teams[0].id;
    let employments: HashSet<_> = workforce
        .assignments
        .iter()
        .filter(|a| a.team_id.as_ref() == Some(team))
        .map(|a| a.employment_id.clone())
        .collect();
    let members: HashSet<String> = workforce
        .employments
        .iter()
        .filter(|e| employments.contains(e.id()))
        .map(|e| e.worker_id().to_string())
        .collect();
    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let mut seen = HashSet::new();
    for page in 1..=20 {
        let body = manager
            .get(&format!("/workers?status=all&page={page}"))
            .await
            .body;
        let people = linked_people(&body);
        if people.is_empty() || !seen.insert(people[0].clone()) {
            break;
        }
        seen.extend(people);
    }
    assert!(!seen.is_empty());
    assert_eq!(seen, members);
    let outsider = workforce
        .workers
        .iter()
        .find(|w| !members.contains(w.id.as_str()))
        .unwrap();
    let page = manager.get(&format!("/workers/{}", outsider.id)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains(&outsider.family_name));
    let teams = manager.get("/teams").await;
    assert!(teams.body.contains(&workforce.teams[0].name));
    assert!(!teams.body.contains(&format!(">{}<", workforce.teams[1].id)));
}

#[tokio::test]
async fn a_practitioner_sees_only_themselves() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let own = workforce
        .employments
        .iter()
        .find(|e| e.span().end().is_none())
        .unwrap()
        .worker_id()
        .to_string();
    let mut practitioner = app.signed_in(UserRole::Practitioner).await;
    let page = practitioner.get("/workers?status=all").await;
    assert_eq!(linked_people(&page.body), std::slice::from_ref(&own));
    assert_eq!(
        practitioner.get(&format!("/workers/{own}")).await.status,
        StatusCode::OK
    );
    let other = workforce
        .workers
        .iter()
        .find(|w| w.id.as_str() != own)
        .unwrap();
    assert_eq!(
        practitioner
            .get(&format!("/workers/{}", other.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_teams_page_lists_every_team_with_its_people_in_post() {
    let app = TestApp::new().await;
    let workforce = &app.councils[0].1;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/teams").await;
    assert_eq!(page.status, StatusCode::OK);
    for team in &workforce.teams {
        assert!(
            page.body.contains(&format!(
                "href=\"/workers?team={}\"",
                encode(team.id.as_str())
            )),
            "{} is missing",
            team.id
        );
    }
    let team = &workforce.teams[0];
    let in_team = in_post(workforce)
        .into_iter()
        .filter(|w| {
            current_assignment(workforce, w).is_some_and(|a| a.team_id.as_ref() == Some(&team.id))
        })
        .count();
    let register = lead.get(&format!("/workers?team={}", team.id)).await;
    assert_eq!(linked_people(&register.body).len(), in_team.min(50));
    assert!(page.body.contains(&format!(
        "<td class=\"govuk-table__cell govuk-table__cell--numeric\">{in_team}</td>"
    )));
}

#[tokio::test]
async fn the_menu_offers_the_register_and_teams_to_those_who_see_people() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/workers").await;
    assert!(
        page.body
            .contains("href=\"/workers\" aria-current=\"page\"")
    );
    assert!(page.body.contains("href=\"/teams\""));
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    let dashboard = viewer.get("/").await;
    assert!(!dashboard.body.contains("Workforce register"));
}
