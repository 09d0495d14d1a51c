//! What the database keeps of a staff survey answer: the response (random ID, year,
//! chosen groups, answers) with nothing of who gave it, and who answered kept apart
//! with nothing that joins the two, not even a row number.

use chrono::NaiveDate;
use pathway_app::{ChangeRequest, Store, SurveyChangeError, change_survey};
use pathway_domain::survey::{Agreement, ResponseId, Survey, SurveyChange, SurveyResponse};
use pathway_domain::{Council, CouncilCode};
use pathway_store_sqlite::SqliteStore;
use sqlx::Row;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, SqliteConnection};

async fn columns(connection: &mut SqliteConnection, table: &str) -> Vec<String> {
    sqlx::query(sqlx::AssertSqlSafe(format!("pragma table_info({table})")))
        .fetch_all(&mut *connection)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>("name"))
        .collect()
}

#[tokio::test]
async fn an_answer_is_stored_without_its_respondent_and_cannot_be_joined_to_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pathway.db");
    let store = SqliteStore::open(path.to_str().unwrap()).await.unwrap();
    let council = CouncilCode::parse("990").unwrap();
    store
        .save(pathway_app::SaveBatch {
            councils: &[Council {
                code: council,
                name: "Test".to_owned(),
            }],
            ..Default::default()
        })
        .await
        .unwrap();
    let request = ChangeRequest {
        actor: "someone@test.example",
        action: "survey",
        description: "answered the 2024 staff survey",
    };
    let answer = |id: u128, respondent: &str| {
        vec![
            SurveyChange::RecordRespondent {
                year: 2024,
                respondent: respondent.to_owned(),
            },
            SurveyChange::AddResponse(SurveyResponse {
                id: ResponseId::from_random(id),
                year: 2024,
                team_id: None,
                role_group: None,
                service: None,
                answers: [("wellbeing_1".to_owned(), Agreement::Agree)]
                    .into_iter()
                    .collect(),
            }),
        ]
    };
    let open = vec![SurveyChange::PutSurvey(Survey {
        year: 2024,
        opened_on: NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
        closed_on: None,
    })];
    change_survey(&store, council, request, open).await.unwrap();
    change_survey(&store, council, request, answer(0xffff_0000, "17"))
        .await
        .unwrap();
    change_survey(&store, council, request, answer(0x0000_ffff, "18"))
        .await
        .unwrap();
    // Answering twice is refused, and nothing of the second answer is kept.
    let twice = change_survey(&store, council, request, answer(0x1234, "17")).await;
    assert!(matches!(
        twice,
        Err(SurveyChangeError::AlreadyAnswered(2024))
    ));
    assert_eq!(store.survey(council).await.unwrap().responses.len(), 2);
    assert!(
        store
            .has_answered_survey(council, 2024, "17")
            .await
            .unwrap()
    );
    assert!(
        !store
            .has_answered_survey(council, 2024, "19")
            .await
            .unwrap()
    );

    let mut connection = SqliteConnectOptions::new()
        .filename(&path)
        .connect()
        .await
        .unwrap();
    assert_eq!(
        columns(&mut connection, "survey_responses").await,
        [
            "council",
            "response_id",
            "year",
            "team_id",
            "role_group",
            "length_of_service"
        ]
    );
    assert_eq!(
        columns(&mut connection, "survey_answers").await,
        ["council", "response_id", "statement", "answer"]
    );
    assert_eq!(
        columns(&mut connection, "survey_respondents").await,
        ["council", "year", "respondent"]
    );
    // No hidden row number records the order of answering.
    for table in ["survey_responses", "survey_answers", "survey_respondents"] {
        let rowid = sqlx::query(sqlx::AssertSqlSafe(format!("select rowid from {table}")))
            .fetch_all(&mut connection)
            .await;
        assert!(rowid.is_err(), "{table} has no rowid");
    }
    // Responses come back in the order of their random IDs, not of answering.
    let ids: Vec<String> = store
        .survey(council)
        .await
        .unwrap()
        .responses
        .iter()
        .map(|r| r.id.as_str().to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            ResponseId::from_random(0x0000_ffff).as_str(),
            ResponseId::from_random(0xffff_0000).as_str()
        ]
    );
}
