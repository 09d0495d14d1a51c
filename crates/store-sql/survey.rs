//! The staff survey's tables. Responses are read in the order of their random IDs,
//! never of insertion; who answered is written to its own table and never read with
//! the answers.

use std::collections::BTreeMap;

use pathway_app::StoreError;
use pathway_domain::CouncilCode;
use pathway_domain::ids::TeamId;
use pathway_domain::survey::{
    Agreement, ResponseId, RoleGroup, ServiceBand, Survey, SurveyChange, SurveyRecords,
    SurveyResponse, SurveySettings,
};
use sqlx::Row;

use crate::db::DbConnection;

use crate::db::sql;
use crate::query_failed;
use crate::tables::{date, fetch, optional, optional_date, required, small};

/// Loads one council's survey settings, surveys and responses.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
) -> Result<SurveyRecords, StoreError> {
    let code = council.to_string();
    let settings = fetch(
        connection,
        &code,
        "select minimum_group from survey_settings where council = ?",
    )
    .await?
    .first()
    .map(|row| {
        Ok::<_, StoreError>(SurveySettings {
            minimum_group: small(row, "survey_settings", "minimum_group")?,
        })
    })
    .transpose()?
    .unwrap_or_default();
    let t = "surveys";
    let surveys = fetch(
        connection,
        &code,
        "select year, opened_on, closed_on from surveys where council = ? order by year",
    )
    .await?
    .iter()
    .map(|row| {
        Ok(Survey {
            year: small(row, t, "year")?,
            opened_on: date(row, t, "opened_on")?,
            closed_on: optional_date(row, t, "closed_on")?,
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let t = "survey_responses";
    let mut responses: BTreeMap<ResponseId, SurveyResponse> = BTreeMap::new();
    for row in fetch(
        connection,
        &code,
        "select response_id, year, team_id, role_group, length_of_service \
         from survey_responses where council = ? order by response_id",
    )
    .await?
    {
        let id = required(&row, t, "response_id", ResponseId::parse)?;
        responses.insert(
            id.clone(),
            SurveyResponse {
                id,
                year: small(&row, t, "year")?,
                team_id: optional(&row, t, "team_id", TeamId::parse)?,
                role_group: optional(&row, t, "role_group", RoleGroup::parse)?,
                service: optional(&row, t, "length_of_service", ServiceBand::parse)?,
                answers: BTreeMap::new(),
            },
        );
    }
    let t = "survey_answers";
    for row in fetch(
        connection,
        &code,
        "select response_id, statement, answer from survey_answers where council = ? \
         order by response_id, statement",
    )
    .await?
    {
        let id = required(&row, t, "response_id", ResponseId::parse)?;
        let statement: String = row.try_get("statement").map_err(query_failed)?;
        let answer = required(&row, t, "answer", Agreement::parse)?;
        if let Some(response) = responses.get_mut(&id) {
            response.answers.insert(statement, answer);
        }
    }
    Ok(SurveyRecords {
        settings,
        surveys,
        responses: responses.into_values().collect(),
    })
}

/// Whether this respondent has answered the year's survey.
pub(crate) async fn has_answered(
    connection: &mut DbConnection,
    council: CouncilCode,
    year: u16,
    respondent: &str,
) -> Result<bool, StoreError> {
    let row = sqlx::query(sql(
        "select 1 from survey_respondents where council = ? and year = ? and respondent = ?",
    ))
    .bind(council.to_string())
    .bind(i64::from(year))
    .bind(respondent)
    .fetch_optional(&mut *connection)
    .await
    .map_err(query_failed)?;
    Ok(row.is_some())
}

/// Writes one council's survey changes, in order, inside the caller's transaction. A
/// respondent recorded twice for a year is a [`StoreError::Conflict`], so two answers
/// sent at once cannot both be kept.
pub(crate) async fn write(
    connection: &mut DbConnection,
    council: CouncilCode,
    changes: &[SurveyChange],
) -> Result<(), StoreError> {
    let council = council.to_string();
    for change in changes {
        match change {
            SurveyChange::PutSettings(settings) => {
                sqlx::query(sql(
                    "insert into survey_settings (council, minimum_group) values (?, ?) \
                     on conflict (council) do update set minimum_group = excluded.minimum_group",
                ))
                .bind(&council)
                .bind(i64::from(settings.minimum_group))
                .execute(&mut *connection)
                .await
                .map_err(query_failed)?;
            }
            SurveyChange::PutSurvey(survey) => {
                sqlx::query(sql(
                    "insert into surveys (council, year, opened_on, closed_on) values (?, ?, ?, ?) \
                     on conflict (council, year) do update set opened_on = excluded.opened_on, \
                     closed_on = excluded.closed_on",
                ))
                .bind(&council)
                .bind(i64::from(survey.year))
                .bind(survey.opened_on)
                .bind(survey.closed_on)
                .execute(&mut *connection)
                .await
                .map_err(query_failed)?;
            }
            SurveyChange::AddResponse(response) => {
                sqlx::query(sql("insert into survey_responses \
                     (council, response_id, year, team_id, role_group, length_of_service) \
                     values (?, ?, ?, ?, ?, ?)"))
                .bind(&council)
                .bind(response.id.as_str())
                .bind(i64::from(response.year))
                .bind(response.team_id.as_ref().map(TeamId::as_str))
                .bind(response.role_group.map(RoleGroup::as_str))
                .bind(response.service.map(ServiceBand::as_str))
                .execute(&mut *connection)
                .await
                .map_err(query_failed)?;
                for (statement, answer) in &response.answers {
                    sqlx::query(sql(
                        "insert into survey_answers (council, response_id, statement, answer) \
                         values (?, ?, ?, ?)",
                    ))
                    .bind(&council)
                    .bind(response.id.as_str())
                    .bind(statement.as_str())
                    .bind(answer.as_str())
                    .execute(&mut *connection)
                    .await
                    .map_err(query_failed)?;
                }
            }
            SurveyChange::RecordRespondent { year, respondent } => {
                let written = sqlx::query(sql(
                    "insert into survey_respondents (council, year, respondent) values (?, ?, ?) \
                     on conflict do nothing",
                ))
                .bind(&council)
                .bind(i64::from(*year))
                .bind(respondent.as_str())
                .execute(&mut *connection)
                .await
                .map_err(query_failed)?;
                if written.rows_affected() == 0 {
                    return Err(StoreError::Conflict(format!(
                        "you have already answered the {year} survey"
                    )));
                }
            }
        }
    }
    Ok(())
}
