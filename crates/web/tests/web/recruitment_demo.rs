//! The demo council's recruitment, as `pathway demo` writes it, shows on the
//! recruitment pages: every list page opens, and a vacancy's history, a starter, an
//! event's attendees, a university partner, a placement's practice educator, an
//! international recruit and an agency engagement each show on their own page.

use crate::support;

use axum::http::StatusCode;
use pathway_app::Store;
use pathway_domain::access::UserRole;
use pathway_domain::codes::VacancyStage;
use pathway_domain::recruitment::CandidateStage;
use support::TestApp;

/// Text that HTML shows as it is (no character an escaper would change).
fn plain(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == ',')
}

#[tokio::test]
async fn the_demo_councils_recruitment_shows_on_the_recruitment_pages() {
    let app = TestApp::new().await;
    let recruitment = app.store.recruitment(app.council()).await.unwrap();
    let workforce = &app.councils[0].1;
    let mut client = app.signed_in(UserRole::RecruitmentOfficer).await;
    for path in [
        "/recruitment",
        "/recruitment/posts",
        "/recruitment/vacancies",
        "/recruitment/vacancies/measures",
        "/recruitment/candidates",
        "/recruitment/candidates/anonymise",
        "/recruitment/events",
        "/recruitment/universities",
        "/recruitment/placements",
        "/recruitment/international",
        "/recruitment/agency",
        "/recruitment/settings",
    ] {
        let page = client.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    }

    // A filled vacancy's page shows who moved it through its stages.
    let filled = workforce
        .vacancies
        .iter()
        .find(|v| {
            v.stage == VacancyStage::Filled
                && recruitment
                    .history_of(&v.id)
                    .iter()
                    .all(|change| plain(&change.by))
                && !recruitment.history_of(&v.id).is_empty()
        })
        .expect("a recently filled vacancy with its history");
    let page = client
        .get(&format!("/recruitment/vacancies/{}", filled.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for change in recruitment.history_of(&filled.id) {
        assert!(page.body.contains(&change.by), "{change:?}");
    }

    // A starter's page names them.
    let starter = recruitment
        .candidates
        .iter()
        .find(|c| {
            c.stage == CandidateStage::Started && plain(&c.given_name) && plain(&c.family_name)
        })
        .expect("a candidate who started");
    let page = client
        .get(&format!("/recruitment/candidates/{}", starter.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&starter.family_name), "{starter:?}");

    // An event's page lists its attendees.
    let attendee = recruitment
        .attendees
        .iter()
        .find(|a| plain(&a.name))
        .expect("an attendee not yet anonymised");
    let page = client
        .get(&format!("/recruitment/events/{}", attendee.event_id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&attendee.name), "{attendee:?}");

    let university = recruitment
        .universities
        .iter()
        .find(|u| plain(&u.name))
        .expect("a university partner");
    let page = client
        .get(&format!("/recruitment/universities/{}", university.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&university.name));

    let placement = recruitment
        .placement_details
        .iter()
        .find(|p| plain(&p.practice_educator))
        .expect("a placement with its practice educator");
    let page = client
        .get(&format!(
            "/recruitment/placements/{}",
            placement.placement_id
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&placement.practice_educator));

    let recruit = recruitment
        .international_recruits
        .iter()
        .find(|r| plain(&r.country))
        .expect("an international recruit");
    let page = client
        .get(&format!("/recruitment/international/{}", recruit.worker_id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&recruit.country));

    let engagement = recruitment
        .engagements
        .iter()
        .find(|e| plain(&e.worker_name))
        .expect("an agency engagement");
    let page = client
        .get(&format!("/recruitment/agency/{}", engagement.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&engagement.worker_name));
}
