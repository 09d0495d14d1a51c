//! The `Store` trait on a SQL database: loading and upserting the bulk format's records,
//! and every trait method, shared by the SQLite and PostgreSQL backends.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use pathway_app::accounts::{ApiToken, ApiTokenId, NewUser, Session, SessionOwner, User, UserId};
use pathway_app::{AuditChain, AuditEntry, AuditEvent, KeptMeasures, SaveBatch, Store, StoreError};
use pathway_domain::academy::{Academy, CalendarScope};
use pathway_domain::import::ImportPlan;
use pathway_domain::records::{
    Absence, AcademyMember, Assignment, Caseload, Cohort, Employment, ExitInterview, Placement,
    RecruitmentEvent, Team, Vacancy, Worker,
};
use pathway_domain::recruitment::Recruitment;
use pathway_domain::{Council, CouncilCode, Workforce};
use sqlx::{Arguments, AssertSqlSafe, Row};

use crate::audit::insert_audit;
use crate::db::{BEGIN_WRITE, Backend, DbArguments, DbConnection, MAX_BOUND_VALUES, sql};
use crate::tables::StoredRecord;
use crate::{
    academy, accounts, api_tokens, audit, career, caseloads, committee, feedback, installation,
    query_failed, recruitment, retention, survey, training,
};

pub(crate) async fn load<R: StoredRecord>(
    connection: &mut DbConnection,
    council: &str,
) -> Result<Vec<R>, StoreError> {
    let statement = format!(
        "select {} from {} where council = ? order by {}",
        R::COLUMNS.join(", "),
        R::TABLE,
        R::KEY_COLUMNS.join(", ")
    );
    let rows = sqlx::query(sql(statement))
        .bind(council)
        .fetch_all(&mut *connection)
        .await
        .map_err(query_failed)?;
    rows.iter().map(R::read).collect()
}

fn upsert_sql<R: StoredRecord>(rows: usize) -> String {
    let placeholders = format!("(?{})", ", ?".repeat(R::COLUMNS.len()));
    let values = vec![placeholders; rows].join(", ");
    let updates: Vec<String> = R::COLUMNS
        .iter()
        .filter(|column| !R::KEY_COLUMNS.contains(column))
        .map(|column| format!("{column} = excluded.{column}"))
        .collect();
    format!(
        "insert into {} (council, {}) values {values} on conflict (council, {}) do update set {}",
        R::TABLE,
        R::COLUMNS.join(", "),
        R::KEY_COLUMNS.join(", "),
        updates.join(", ")
    )
}

/// Inserts or updates records many rows to a statement: one statement per row would
/// make a national import take many minutes.
pub(crate) async fn upsert<'w, R: StoredRecord>(
    connection: &mut DbConnection,
    council: &str,
    records: impl Iterator<Item = &'w R>,
) -> Result<(), StoreError> {
    let per_statement = MAX_BOUND_VALUES / (R::COLUMNS.len() + 1);
    // Made only when a chunk is full: most recruitment changes upsert one record.
    let mut full_statement: Option<Arc<str>> = None;
    let mut chunk = Vec::with_capacity(per_statement);
    let mut records = records.peekable();
    while records.peek().is_some() {
        chunk.clear();
        chunk.extend(records.by_ref().take(per_statement));
        let mut arguments = DbArguments::default();
        for record in &chunk {
            arguments
                .add(council)
                .map_err(|error| StoreError::Query(error.to_string()))?;
            record
                .bind(&mut arguments)
                .map_err(|error| StoreError::Query(error.to_string()))?;
        }
        let statement: Arc<str> = if chunk.len() == per_statement {
            full_statement
                .get_or_insert_with(|| sql(upsert_sql::<R>(per_statement)).0.into())
                .clone()
        } else {
            sql(upsert_sql::<R>(chunk.len())).0.into()
        };
        sqlx::query_with(AssertSqlSafe(statement), arguments)
            .execute(&mut *connection)
            .await
            .map_err(query_failed)?;
    }
    Ok(())
}

async fn save_plan(connection: &mut DbConnection, plan: &ImportPlan) -> Result<(), StoreError> {
    let council = plan.workforce.council.to_string();
    let (workforce, changes) = (&plan.workforce, &plan.changes);
    // In dependency order, so that foreign keys are satisfied row by row.
    upsert::<Team>(connection, &council, changes.of(workforce)).await?;
    upsert::<Worker>(connection, &council, changes.of(workforce)).await?;
    upsert::<Employment>(connection, &council, changes.of(workforce)).await?;
    upsert::<Assignment>(connection, &council, changes.of(workforce)).await?;
    upsert::<Caseload>(connection, &council, changes.of(workforce)).await?;
    upsert::<Vacancy>(connection, &council, changes.of(workforce)).await?;
    upsert::<Cohort>(connection, &council, changes.of(workforce)).await?;
    upsert::<AcademyMember>(connection, &council, changes.of(workforce)).await?;
    upsert::<Placement>(connection, &council, changes.of(workforce)).await?;
    upsert::<RecruitmentEvent>(connection, &council, changes.of(workforce)).await?;
    upsert::<Absence>(connection, &council, changes.of(workforce)).await?;
    upsert::<ExitInterview>(connection, &council, changes.of(workforce)).await?;
    Ok(())
}

/// Every council a batch writes to, each once. The audit entries name every council
/// changed (every change is audited), the change lists are counted too in case one
/// comes without its entry.
fn councils_changed(batch: &SaveBatch<'_>) -> std::collections::BTreeSet<CouncilCode> {
    let mut councils = std::collections::BTreeSet::new();
    councils.extend(batch.councils.iter().map(|council| council.code));
    councils.extend(batch.plans.iter().map(|plan| plan.workforce.council));
    councils.extend(batch.academy.iter().map(|changes| changes.council));
    councils.extend(batch.recruitment.iter().map(|changes| changes.council));
    councils.extend(batch.caseload_settings.iter().map(|(council, _)| *council));
    councils.extend(batch.retention_settings.iter().map(|(council, _)| *council));
    councils.extend(batch.career.iter().map(|changes| changes.council));
    councils.extend(batch.training.iter().map(|changes| changes.council));
    councils.extend(batch.feedback.iter().map(|changes| changes.council));
    councils.extend(batch.survey.iter().map(|changes| changes.council));
    councils.extend(batch.committee.iter().map(|saved| saved.council));
    councils.extend(batch.audit.iter().map(|entry| entry.council));
    councils
}

#[async_trait]
impl Store for Backend {
    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query(sql("select 1"))
            .execute(&self.pool)
            .await
            .map_err(query_failed)?;
        Ok(())
    }

    async fn councils(&self) -> Result<Vec<Council>, StoreError> {
        let rows = sqlx::query(sql("select code, name from councils order by code"))
            .fetch_all(&self.pool)
            .await
            .map_err(query_failed)?;
        rows.iter()
            .map(|row| {
                let code: &str = row.try_get("code").map_err(query_failed)?;
                let code = CouncilCode::parse(code).map_err(|error| StoreError::Corrupt {
                    table: "councils",
                    column: "code",
                    reason: error.to_string(),
                })?;
                Ok(Council {
                    code,
                    name: row.try_get("name").map_err(query_failed)?,
                })
            })
            .collect()
    }

    async fn workforce(&self, council: CouncilCode) -> Result<Workforce, StoreError> {
        let code = council.to_string();
        // One read transaction, so that every table is read as of the same moment.
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        let connection = &mut *transaction;
        let workforce = Workforce {
            council,
            teams: load(connection, &code).await?,
            workers: load(connection, &code).await?,
            employments: load(connection, &code).await?,
            assignments: load(connection, &code).await?,
            caseloads: load(connection, &code).await?,
            vacancies: load(connection, &code).await?,
            cohorts: load(connection, &code).await?,
            academy_members: load(connection, &code).await?,
            placements: load(connection, &code).await?,
            recruitment_events: load(connection, &code).await?,
            absences: load(connection, &code).await?,
            exit_interviews: load(connection, &code).await?,
        };
        transaction.commit().await.map_err(query_failed)?;
        Ok(workforce)
    }

    async fn academy(&self, council: CouncilCode) -> Result<Academy, StoreError> {
        // One read transaction, as for the workforce.
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        let academy = academy::load(&mut transaction, council).await?;
        transaction.commit().await.map_err(query_failed)?;
        Ok(academy)
    }

    async fn recruitment(&self, council: CouncilCode) -> Result<Recruitment, StoreError> {
        // One read transaction, as for the workforce.
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        let recruitment = recruitment::load(&mut transaction, council).await?;
        transaction.commit().await.map_err(query_failed)?;
        Ok(recruitment)
    }

    async fn replace_calendar_feed(
        &self,
        council: CouncilCode,
        scope: &CalendarScope,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        academy::replace_calendar_feed(&self.pool, council, scope, token_hash, now).await
    }

    async fn calendar_feed(
        &self,
        token_hash: &str,
    ) -> Result<Option<(CouncilCode, CalendarScope)>, StoreError> {
        academy::calendar_feed(&self.pool, token_hash).await
    }

    async fn save(&self, batch: SaveBatch<'_>) -> Result<(), StoreError> {
        // IMMEDIATE takes the write lock at once, so two writers queue on the busy
        // timeout instead of one failing when it upgrades from reading.
        let mut transaction = self
            .pool
            .begin_with(BEGIN_WRITE)
            .await
            .map_err(query_failed)?;
        for council in batch.councils {
            sqlx::query(sql(
                "insert into councils (code, name) values (?, ?) on conflict (code) do nothing",
            ))
            .bind(council.code.to_string())
            .bind(council.name.as_str())
            .execute(&mut *transaction)
            .await
            .map_err(query_failed)?;
        }
        for plan in batch.plans {
            save_plan(&mut transaction, plan).await?;
        }
        // After the plans: sessions and marks refer to the cohorts and members they add.
        for changes in batch.academy {
            academy::write(&mut transaction, changes.council, &changes.changes).await?;
        }
        // After the plans and the academy: stage changes refer to the vacancies, and
        // candidates to the workers, that the plans add.
        for changes in batch.recruitment {
            recruitment::write(&mut transaction, changes.council, &changes.changes).await?;
        }
        for (council, settings) in batch.caseload_settings {
            caseloads::write(&mut transaction, *council, settings).await?;
        }
        for (council, settings) in batch.retention_settings {
            retention::write(&mut transaction, *council, settings).await?;
        }
        // After the plans: assessments and plans name the workers they add.
        for changes in batch.career {
            career::write(&mut transaction, changes.council, &changes.changes).await?;
        }
        // After the plans: bookings and skills refer to the workers they add.
        for changes in batch.training {
            training::write(&mut transaction, changes.council, &changes.changes).await?;
        }
        for changes in batch.feedback {
            feedback::write(&mut transaction, changes.council, &changes.changes).await?;
        }
        for changes in batch.survey {
            survey::write(&mut transaction, changes.council, &changes.changes).await?;
        }
        for saved in batch.committee {
            committee::write(&mut transaction, saved).await?;
        }
        insert_audit(&mut transaction, batch.audit).await?;
        for council in councils_changed(&batch) {
            sqlx::query(sql(
                "insert into council_revisions (council, revision) values (?, 1) \
                 on conflict (council) do update set revision = council_revisions.revision + 1",
            ))
            .bind(council.to_string())
            .execute(&mut *transaction)
            .await
            .map_err(query_failed)?;
        }
        transaction.commit().await.map_err(query_failed)
    }

    async fn council_revisions(&self) -> Result<Vec<(CouncilCode, u64)>, StoreError> {
        let rows = sqlx::query(sql(
            "select council, revision from council_revisions order by council",
        ))
        .fetch_all(&self.pool)
        .await
        .map_err(query_failed)?;
        rows.iter()
            .map(|row| {
                let code: &str = row.try_get("council").map_err(query_failed)?;
                let council = CouncilCode::parse(code).map_err(|error| StoreError::Corrupt {
                    table: "council_revisions",
                    column: "council",
                    reason: error.to_string(),
                })?;
                let revision: i64 = row.try_get("revision").map_err(query_failed)?;
                Ok((council, revision.unsigned_abs()))
            })
            .collect()
    }

    async fn kept_measures(&self, options: &str) -> Result<Option<KeptMeasures>, StoreError> {
        let row = sqlx::query(sql(
            "select revisions, document from kept_measures where options = ?",
        ))
        .bind(options)
        .fetch_optional(&self.pool)
        .await
        .map_err(query_failed)?;
        row.map(|row| {
            Ok(KeptMeasures {
                revisions: row.try_get("revisions").map_err(query_failed)?,
                document: row.try_get("document").map_err(query_failed)?,
            })
        })
        .transpose()
    }

    async fn keep_measures(&self, options: &str, kept: &KeptMeasures) -> Result<(), StoreError> {
        sqlx::query(sql(
            "insert into kept_measures (options, revisions, document) values (?, ?, ?) \
             on conflict (options) do update \
             set revisions = excluded.revisions, document = excluded.document",
        ))
        .bind(options)
        .bind(kept.revisions.as_str())
        .bind(kept.document.as_str())
        .execute(&self.pool)
        .await
        .map_err(query_failed)?;
        Ok(())
    }

    async fn council_revision(&self, council: CouncilCode) -> Result<u64, StoreError> {
        let revision: Option<i64> = sqlx::query_scalar(sql(
            "select revision from council_revisions where council = ?",
        ))
        .bind(council.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(query_failed)?;
        Ok(revision.map_or(0, |revision| revision.unsigned_abs()))
    }

    async fn record_audit(&self, entries: &[AuditEntry]) -> Result<(), StoreError> {
        let mut transaction = self
            .pool
            .begin_with(BEGIN_WRITE)
            .await
            .map_err(query_failed)?;
        insert_audit(&mut transaction, entries).await?;
        transaction.commit().await.map_err(query_failed)
    }

    async fn audit_trail(
        &self,
        council: CouncilCode,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(sql(
            "select at, actor, action, detail from audit_events where council = ? order by id desc limit ?"),
        )
        .bind(council.to_string())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(query_failed)?;
        rows.iter()
            .map(|row| {
                let at: &str = row.try_get("at").map_err(query_failed)?;
                let at = DateTime::parse_from_rfc3339(at)
                    .map_err(|error| StoreError::Corrupt {
                        table: "audit_events",
                        column: "at",
                        reason: error.to_string(),
                    })?
                    .with_timezone(&Utc);
                Ok(AuditEvent {
                    at,
                    entry: AuditEntry {
                        council,
                        actor: row.try_get("actor").map_err(query_failed)?,
                        action: row.try_get("action").map_err(query_failed)?,
                        detail: row.try_get("detail").map_err(query_failed)?,
                    },
                })
            })
            .collect()
    }

    async fn audit_chain(&self, council: CouncilCode) -> Result<AuditChain, StoreError> {
        audit::audit_chain(&self.pool, council).await
    }

    async fn add_user(&self, user: &NewUser) -> Result<User, StoreError> {
        accounts::add_user(&self.pool, user).await
    }

    async fn user_with_password(&self, email: &str) -> Result<Option<(User, String)>, StoreError> {
        accounts::user_with_password(&self.pool, email).await
    }

    async fn record_failed_sign_in(
        &self,
        email: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        accounts::record_failed_sign_in(&self.pool, email, at).await
    }

    async fn failed_sign_ins_since(
        &self,
        email: &str,
        since: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        accounts::failed_sign_ins_since(&self.pool, email, since).await
    }

    async fn create_session(&self, session: &Session) -> Result<(), StoreError> {
        accounts::create_session(&self.pool, session).await
    }

    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionOwner>, StoreError> {
        accounts::session(&self.pool, token_hash, now).await
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        accounts::end_session(&self.pool, token_hash).await
    }

    async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<ApiToken, StoreError> {
        api_tokens::create(&self.pool, user_id, name, token_hash, now).await
    }

    async fn api_tokens(&self, user_id: UserId) -> Result<Vec<ApiToken>, StoreError> {
        api_tokens::list(&self.pool, user_id).await
    }

    async fn revoke_api_token(
        &self,
        user_id: UserId,
        token_id: ApiTokenId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        api_tokens::revoke(&self.pool, user_id, token_id, now).await
    }

    async fn user_for_api_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<User>, StoreError> {
        api_tokens::user_for(&self.pool, token_hash, now).await
    }

    async fn caseload_settings(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::caseload::CaseloadSettings, StoreError> {
        let mut connection = self.pool.acquire().await.map_err(query_failed)?;
        caseloads::load(&mut connection, council).await
    }
    async fn retention_settings(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::retention::RetentionSettings, StoreError> {
        let mut connection = self.pool.acquire().await.map_err(query_failed)?;
        retention::load(&mut connection, council).await
    }
    async fn career(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::career::Career, StoreError> {
        // One read transaction, as for the workforce.
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        let career = career::load(&mut transaction, council).await?;
        transaction.commit().await.map_err(query_failed)?;
        Ok(career)
    }
    async fn training(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::training::Training, StoreError> {
        // One read transaction, as for the workforce.
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        let training = training::load(&mut transaction, council).await?;
        transaction.commit().await.map_err(query_failed)?;
        Ok(training)
    }
    async fn feedback(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::feedback::Feedback, StoreError> {
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        let feedback = feedback::load(&mut transaction, council).await?;
        transaction.commit().await.map_err(query_failed)?;
        Ok(feedback)
    }

    async fn survey(
        &self,
        council: CouncilCode,
    ) -> Result<pathway_domain::survey::SurveyRecords, StoreError> {
        // One read transaction, so the responses and their answers agree.
        let mut transaction = self.pool.begin().await.map_err(query_failed)?;
        let records = survey::load(&mut transaction, council).await?;
        transaction.commit().await.map_err(query_failed)?;
        Ok(records)
    }

    async fn has_answered_survey(
        &self,
        council: CouncilCode,
        year: u16,
        respondent: &str,
    ) -> Result<bool, StoreError> {
        let mut connection = self.pool.acquire().await.map_err(query_failed)?;
        survey::has_answered(&mut connection, council, year, respondent).await
    }

    // [issue 8: committee]
    async fn committee_details(
        &self,
        council: CouncilCode,
        date: pathway_domain::values::Date,
    ) -> Result<Option<pathway_app::SavedCommitteeDetails>, StoreError> {
        let mut connection = self.pool.acquire().await.map_err(query_failed)?;
        committee::load(&mut connection, council, date, false).await
    }

    async fn committee_details_before(
        &self,
        council: CouncilCode,
        date: pathway_domain::values::Date,
    ) -> Result<Option<pathway_app::SavedCommitteeDetails>, StoreError> {
        let mut connection = self.pool.acquire().await.map_err(query_failed)?;
        committee::load(&mut connection, council, date, true).await
    }

    // [issue 9: benchmarking]
    async fn installation_councils(
        &self,
    ) -> Result<Vec<pathway_domain::benchmarking::InstallationCouncil>, StoreError> {
        installation::councils(&self.pool).await
    }

    async fn add_council(
        &self,
        council: &pathway_domain::benchmarking::InstallationCouncil,
        lead: &NewUser,
        audit: &[AuditEntry],
    ) -> Result<User, StoreError> {
        installation::add_council(&self.pool, council, lead, audit).await
    }

    async fn change_council(
        &self,
        council: &pathway_domain::benchmarking::InstallationCouncil,
        audit: &[AuditEntry],
    ) -> Result<(), StoreError> {
        installation::change_council(&self.pool, council, audit).await
    }

    async fn add_regional_viewer(
        &self,
        user: &NewUser,
        councils: &[CouncilCode],
        audit: &[AuditEntry],
    ) -> Result<User, StoreError> {
        installation::add_regional_viewer(&self.pool, user, councils, audit).await
    }

    async fn regional_viewer_councils(&self, user: UserId) -> Result<Vec<CouncilCode>, StoreError> {
        installation::regional_viewer_councils(&self.pool, user).await
    }

    // [issue 11: subject access]
    async fn worker_accounts(
        &self,
        council: CouncilCode,
        worker: &pathway_domain::ids::WorkerId,
    ) -> Result<Vec<pathway_app::accounts::WorkerAccount>, StoreError> {
        crate::subject_access::worker_accounts(&self.pool, council, worker).await
    }

    async fn audit_mentioning(
        &self,
        council: CouncilCode,
        text: &str,
        actors: &[String],
    ) -> Result<Vec<AuditEvent>, StoreError> {
        crate::subject_access::audit_mentioning(&self.pool, council, text, actors).await
    }
}
