//! The committee report's words as the database keeps them: one set per council and
//! reference date, saved again by replacing, and a new paper starting from the last
//! one before its date.

use chrono::{NaiveDate, TimeZone, Utc};
use pathway_app::{
    CommitteeEditor, CommitteeSaveError, DetailsSource, Store, committee_details_for,
    save_committee_details,
};
use pathway_domain::access::UserRole;
use pathway_domain::committee::CommitteeDetails;
use pathway_domain::{Council, CouncilCode};
use pathway_store_sqlite::SqliteStore;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn store_with(councils: &[&str]) -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("pathway.db").to_str().unwrap())
        .await
        .unwrap();
    let councils: Vec<Council> = councils
        .iter()
        .map(|code| Council {
            code: CouncilCode::parse(code).unwrap(),
            name: format!("Council {code}"),
        })
        .collect();
    store
        .save(pathway_app::SaveBatch {
            councils: &councils,
            ..Default::default()
        })
        .await
        .unwrap();
    (dir, store)
}

fn words(recommendation: &str) -> CommitteeDetails {
    CommitteeDetails {
        recommendations: recommendation.to_owned(),
        meeting_date: Some(day(2024, 11, 12)),
        ..CommitteeDetails::starting_point()
    }
}

#[tokio::test]
async fn saved_words_are_read_back_for_their_date_and_carried_to_the_next_paper() {
    let (_dir, store) = store_with(&["990", "991"]).await;
    let council = CouncilCode::parse("990").unwrap();
    let other = CouncilCode::parse("991").unwrap();
    let at = Utc.with_ymd_and_hms(2024, 10, 1, 9, 30, 0).unwrap();
    let editor = CommitteeEditor::CommandLine("cli:test");

    // Nothing saved: the starting point.
    let (details, source) = committee_details_for(&store, council, day(2024, 9, 30))
        .await
        .unwrap();
    assert_eq!(source, DetailsSource::StartingPoint);
    assert_eq!(details, CommitteeDetails::starting_point());

    for (year, text) in [(2022, "Note 2022."), (2023, "Note 2023.")] {
        save_committee_details(&store, editor, council, day(year, 9, 30), words(text), at)
            .await
            .unwrap();
    }
    let saved = store
        .committee_details(council, day(2023, 9, 30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.details, words("Note 2023."));
    assert_eq!(saved.changed_by, "cli:test");
    assert_eq!(saved.changed_at, at);
    assert_eq!(
        store
            .committee_details(council, day(2024, 9, 30))
            .await
            .unwrap(),
        None
    );

    // The latest before the date, not the earliest, and not one on the date itself.
    let before = store
        .committee_details_before(council, day(2024, 9, 30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(before.date, day(2023, 9, 30));
    assert_eq!(
        store
            .committee_details_before(council, day(2022, 9, 30))
            .await
            .unwrap(),
        None
    );
    let (details, source) = committee_details_for(&store, council, day(2024, 9, 30))
        .await
        .unwrap();
    assert_eq!(source, DetailsSource::Earlier(day(2023, 9, 30)));
    assert_eq!(details.recommendations, "Note 2023.");

    // Saving again replaces; another council sees none of it.
    save_committee_details(
        &store,
        editor,
        council,
        day(2023, 9, 30),
        words("Changed."),
        at,
    )
    .await
    .unwrap();
    let saved = store
        .committee_details(council, day(2023, 9, 30))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.details.recommendations, "Changed.");
    assert_eq!(
        store
            .committee_details_before(other, day(2030, 9, 30))
            .await
            .unwrap(),
        None
    );
    let trail = store.audit_trail(council, 10).await.unwrap();
    assert_eq!(
        trail
            .iter()
            .filter(|event| event.entry.action == pathway_app::committee::EDIT_ACTION)
            .count(),
        3
    );
}

#[tokio::test]
async fn words_are_refused_from_a_role_or_council_that_may_not_edit_and_when_blank() {
    let (_dir, store) = store_with(&["990", "991"]).await;
    let council = CouncilCode::parse("990").unwrap();
    let other = CouncilCode::parse("991").unwrap();
    let date = day(2024, 9, 30);
    let now = Utc::now();
    let viewer = CommitteeEditor::User {
        email: "viewer@example.org",
        role: UserRole::Viewer,
        council: Some(council),
    };
    let lead_elsewhere = CommitteeEditor::User {
        email: "lead@example.org",
        role: UserRole::WorkforceLead,
        council: Some(other),
    };
    for editor in [viewer, lead_elsewhere] {
        let refused = save_committee_details(&store, editor, council, date, words("A."), now).await;
        assert!(matches!(refused, Err(CommitteeSaveError::NotAllowed(_))));
    }
    let unknown = CouncilCode::parse("995").unwrap();
    let refused = save_committee_details(
        &store,
        CommitteeEditor::CommandLine("cli:test"),
        unknown,
        date,
        words("A."),
        now,
    )
    .await;
    assert!(matches!(
        refused,
        Err(CommitteeSaveError::UnknownCouncil(_))
    ));
    let lead = CommitteeEditor::User {
        email: "lead@example.org",
        role: UserRole::WorkforceLead,
        council: Some(council),
    };
    let refused = save_committee_details(&store, lead, council, date, words(" \n"), now).await;
    let Err(CommitteeSaveError::Invalid(problems)) = refused else {
        panic!("blank recommendations were saved");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(store.committee_details(council, date).await.unwrap(), None);
    assert!(store.audit_trail(council, 10).await.unwrap().is_empty());
}
