//! The academy's tables: programme templates, sessions and registers, the induction
//! checklist, ASYE records, reviews and logs, and calendar feeds.
//!
//! Academy changes are few at a time (a register, a review), so each is one statement
//! (or a delete and inserts) by the record's key, inside the caller's transaction.

use crate::db::DbRow;
use crate::db::{BEGIN_WRITE, DbConnection, DbPool, sql};
use chrono::{DateTime, Utc};
use pathway_app::StoreError;
use pathway_domain::CouncilCode;
use pathway_domain::academy::{
    Academy, AcademyChange, AcademySettings, AsyeRecord, Attendance, CalendarScope, ChecklistItem,
    ChecklistTick, Delivery, LogEntry, LogKind, Mark, ModerationDecision, ProgrammeDay, Review,
    ReviewKind, Session, SessionKind,
};
use pathway_domain::codes::Programme;
use pathway_domain::ids::{ChecklistItemId, CohortId, WorkerId};

use crate::accounts::stamp;
use crate::query_failed;
use crate::tables::{
    date, fetch, get, optional, optional_date, optional_small, required, small, time, time_text,
};

/// Loads one council's academy, every table in key order.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
) -> Result<Academy, StoreError> {
    let code = council.to_string();
    let code = code.as_str();
    let mut academy = Academy::default();

    if let Some(row) = fetch(
        connection,
        code,
        "select asye_caseload_limit, weekly_hours from academy_settings where council = ?",
    )
    .await?
    .first()
    {
        let t = "academy_settings";
        academy.settings = AcademySettings {
            asye_caseload_limit: small(row, t, "asye_caseload_limit")?,
            weekly_hours: get(row, t, "weekly_hours")?,
        };
    }

    academy.programme_days = fetch(
        connection,
        code,
        "select programme, number, kind, after_months, working_day, starts_at, ends_at, topic, \
         delivery, venue, facilitator, required from programme_days where council = ? \
         order by programme, number",
    )
    .await?
    .iter()
    .map(read_programme_day)
    .collect::<Result<_, _>>()?;

    academy.sessions = fetch(
        connection,
        code,
        "select cohort_id, number, kind, date, starts_at, ends_at, topic, delivery, venue, \
         facilitator, required, catches_up from academy_sessions where council = ? \
         order by cohort_id, number",
    )
    .await?
    .iter()
    .map(read_session)
    .collect::<Result<_, _>>()?;

    academy.attendance = fetch(
        connection,
        code,
        "select cohort_id, session, worker_id, mark, recorded_by from attendance \
         where council = ? order by cohort_id, session, worker_id",
    )
    .await?
    .iter()
    .map(read_attendance)
    .collect::<Result<_, _>>()?;

    academy.checklist_items = fetch(
        connection,
        code,
        "select item_id, label, position from checklist_items where council = ? \
         order by item_id",
    )
    .await?
    .iter()
    .map(read_checklist_item)
    .collect::<Result<_, _>>()?;

    academy.ticks = fetch(
        connection,
        code,
        "select cohort_id, worker_id, item_id, done_on, done_by from checklist_ticks \
         where council = ? order by cohort_id, worker_id, item_id",
    )
    .await?
    .iter()
    .map(read_tick)
    .collect::<Result<_, _>>()?;

    academy.asye_records = fetch(
        connection,
        code,
        "select cohort_id, worker_id, starts_on, qualified_on, registered_on, agreement_on, \
         assessor, extended_to, moderation, moderated_on, registration_claimed_on, \
         completion_claimed_on from asye_records where council = ? \
         order by cohort_id, worker_id",
    )
    .await?
    .iter()
    .map(read_asye_record)
    .collect::<Result<_, _>>()?;

    academy.reviews = fetch(
        connection,
        code,
        "select cohort_id, worker_id, kind, held_on, assessor, notes from asye_reviews \
         where council = ? order by cohort_id, worker_id, kind",
    )
    .await?
    .iter()
    .map(read_review)
    .collect::<Result<_, _>>()?;

    academy.log = fetch(
        connection,
        code,
        "select cohort_id, worker_id, number, kind, happened_on, given_by, hours, notes \
         from asye_log where council = ? order by cohort_id, worker_id, number",
    )
    .await?
    .iter()
    .map(read_log_entry)
    .collect::<Result<_, _>>()?;

    Ok(academy)
}

fn read_programme_day(row: &DbRow) -> Result<ProgrammeDay, StoreError> {
    let t = "programme_days";
    Ok(ProgrammeDay {
        programme: required(row, t, "programme", Programme::parse)?,
        number: small(row, t, "number")?,
        kind: required(row, t, "kind", SessionKind::parse)?,
        after_months: small(row, t, "after_months")?,
        working_day: small(row, t, "working_day")?,
        starts_at: time(row, t, "starts_at")?,
        ends_at: time(row, t, "ends_at")?,
        topic: get(row, t, "topic")?,
        delivery: required(row, t, "delivery", Delivery::parse)?,
        venue: get(row, t, "venue")?,
        facilitator: get(row, t, "facilitator")?,
        required: get(row, t, "required")?,
    })
}

fn read_session(row: &DbRow) -> Result<Session, StoreError> {
    let t = "academy_sessions";
    Ok(Session {
        cohort_id: required(row, t, "cohort_id", CohortId::parse)?,
        number: small(row, t, "number")?,
        kind: required(row, t, "kind", SessionKind::parse)?,
        date: date(row, t, "date")?,
        starts_at: time(row, t, "starts_at")?,
        ends_at: time(row, t, "ends_at")?,
        topic: get(row, t, "topic")?,
        delivery: required(row, t, "delivery", Delivery::parse)?,
        venue: get(row, t, "venue")?,
        facilitator: get(row, t, "facilitator")?,
        required: get(row, t, "required")?,
        catches_up: optional_small(row, t, "catches_up")?,
    })
}

fn read_attendance(row: &DbRow) -> Result<Attendance, StoreError> {
    let t = "attendance";
    Ok(Attendance {
        cohort_id: required(row, t, "cohort_id", CohortId::parse)?,
        session: small(row, t, "session")?,
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        mark: required(row, t, "mark", Mark::parse)?,
        recorded_by: get(row, t, "recorded_by")?,
    })
}

fn read_checklist_item(row: &DbRow) -> Result<ChecklistItem, StoreError> {
    let t = "checklist_items";
    Ok(ChecklistItem {
        id: required(row, t, "item_id", ChecklistItemId::parse)?,
        label: get(row, t, "label")?,
        position: small(row, t, "position")?,
    })
}

fn read_tick(row: &DbRow) -> Result<ChecklistTick, StoreError> {
    let t = "checklist_ticks";
    Ok(ChecklistTick {
        cohort_id: required(row, t, "cohort_id", CohortId::parse)?,
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        item_id: required(row, t, "item_id", ChecklistItemId::parse)?,
        done_on: date(row, t, "done_on")?,
        done_by: get(row, t, "done_by")?,
    })
}

fn read_asye_record(row: &DbRow) -> Result<AsyeRecord, StoreError> {
    let t = "asye_records";
    Ok(AsyeRecord {
        cohort_id: required(row, t, "cohort_id", CohortId::parse)?,
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        starts_on: date(row, t, "starts_on")?,
        qualified_on: optional_date(row, t, "qualified_on")?,
        registered_on: optional_date(row, t, "registered_on")?,
        agreement_on: optional_date(row, t, "agreement_on")?,
        assessor: get(row, t, "assessor")?,
        extended_to: optional_date(row, t, "extended_to")?,
        moderation: optional(row, t, "moderation", ModerationDecision::parse)?,
        moderated_on: optional_date(row, t, "moderated_on")?,
        registration_claimed_on: optional_date(row, t, "registration_claimed_on")?,
        completion_claimed_on: optional_date(row, t, "completion_claimed_on")?,
    })
}

fn read_review(row: &DbRow) -> Result<Review, StoreError> {
    let t = "asye_reviews";
    Ok(Review {
        cohort_id: required(row, t, "cohort_id", CohortId::parse)?,
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        kind: required(row, t, "kind", ReviewKind::parse)?,
        held_on: date(row, t, "held_on")?,
        assessor: get(row, t, "assessor")?,
        notes: get(row, t, "notes")?,
    })
}

fn read_log_entry(row: &DbRow) -> Result<LogEntry, StoreError> {
    let t = "asye_log";
    Ok(LogEntry {
        cohort_id: required(row, t, "cohort_id", CohortId::parse)?,
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        number: small(row, t, "number")?,
        kind: required(row, t, "kind", LogKind::parse)?,
        on: date(row, t, "happened_on")?,
        by: get(row, t, "given_by")?,
        hours: get(row, t, "hours")?,
        notes: get(row, t, "notes")?,
    })
}

/// Writes one council's academy changes, in order, inside the caller's transaction.
pub(crate) async fn write(
    connection: &mut DbConnection,
    council: CouncilCode,
    changes: &[AcademyChange],
) -> Result<(), StoreError> {
    let council = council.to_string();
    for change in changes {
        write_change(connection, &council, change)
            .await
            .map_err(query_failed)?;
    }
    Ok(())
}

async fn write_change(
    connection: &mut DbConnection,
    council: &str,
    change: &AcademyChange,
) -> Result<(), sqlx::Error> {
    match change {
        AcademyChange::ReplaceProgramme { programme, days } => {
            sqlx::query(sql(
                "delete from programme_days where council = ? and programme = ?",
            ))
            .bind(council)
            .bind(programme.as_str())
            .execute(&mut *connection)
            .await?;
            for day in days {
                insert_programme_day(connection, council, day).await?;
            }
        }
        AcademyChange::ReplaceChecklist(items) => {
            sqlx::query(sql("delete from checklist_items where council = ?"))
                .bind(council)
                .execute(&mut *connection)
                .await?;
            for item in items {
                sqlx::query(sql(
                    "insert into checklist_items (council, item_id, label, position) \
                     values (?, ?, ?, ?)",
                ))
                .bind(council)
                .bind(item.id.as_str())
                .bind(item.label.as_str())
                .bind(i64::from(item.position))
                .execute(&mut *connection)
                .await?;
            }
        }
        AcademyChange::PutSettings(settings) => {
            sqlx::query(sql(
                "insert into academy_settings (council, asye_caseload_limit, weekly_hours) \
                 values (?, ?, ?) on conflict (council) do update set \
                 asye_caseload_limit = excluded.asye_caseload_limit, \
                 weekly_hours = excluded.weekly_hours",
            ))
            .bind(council)
            .bind(i64::from(settings.asye_caseload_limit))
            .bind(settings.weekly_hours)
            .execute(&mut *connection)
            .await?;
        }
        AcademyChange::PutSession(session) => put_session(connection, council, session).await?,
        AcademyChange::RemoveSession { cohort_id, number } => {
            // The register first: its rows refer to the session.
            for table in ["attendance", "academy_sessions"] {
                let column = if table == "attendance" {
                    "session"
                } else {
                    "number"
                };
                let statement = format!(
                    "delete from {table} where council = ? and cohort_id = ? and {column} = ?"
                );
                sqlx::query(sql(statement))
                    .bind(council)
                    .bind(cohort_id.as_str())
                    .bind(i64::from(*number))
                    .execute(&mut *connection)
                    .await?;
            }
        }
        AcademyChange::PutAttendance(mark) => {
            sqlx::query(sql(
                "insert into attendance (council, cohort_id, session, worker_id, mark, recorded_by) \
                 values (?, ?, ?, ?, ?, ?) \
                 on conflict (council, cohort_id, session, worker_id) do update set \
                 mark = excluded.mark, recorded_by = excluded.recorded_by"),
            )
            .bind(council)
            .bind(mark.cohort_id.as_str())
            .bind(i64::from(mark.session))
            .bind(mark.worker_id.as_str())
            .bind(mark.mark.as_str())
            .bind(mark.recorded_by.as_str())
            .execute(&mut *connection)
            .await?;
        }
        AcademyChange::PutTick(tick) => {
            sqlx::query(sql(
                "insert into checklist_ticks (council, cohort_id, worker_id, item_id, done_on, done_by) \
                 values (?, ?, ?, ?, ?, ?) \
                 on conflict (council, cohort_id, worker_id, item_id) do update set \
                 done_on = excluded.done_on, done_by = excluded.done_by"),
            )
            .bind(council)
            .bind(tick.cohort_id.as_str())
            .bind(tick.worker_id.as_str())
            .bind(tick.item_id.as_str())
            .bind(tick.done_on)
            .bind(tick.done_by.as_str())
            .execute(&mut *connection)
            .await?;
        }
        AcademyChange::RemoveTick {
            cohort_id,
            worker_id,
            item_id,
        } => {
            sqlx::query(sql("delete from checklist_ticks \
                 where council = ? and cohort_id = ? and worker_id = ? and item_id = ?"))
            .bind(council)
            .bind(cohort_id.as_str())
            .bind(worker_id.as_str())
            .bind(item_id.as_str())
            .execute(&mut *connection)
            .await?;
        }
        AcademyChange::PutAsyeRecord(record) => {
            put_asye_record(connection, council, record).await?
        }
        AcademyChange::PutReview(review) => {
            sqlx::query(sql(
                "insert into asye_reviews (council, cohort_id, worker_id, kind, held_on, assessor, notes) \
                 values (?, ?, ?, ?, ?, ?, ?) \
                 on conflict (council, cohort_id, worker_id, kind) do update set \
                 held_on = excluded.held_on, assessor = excluded.assessor, notes = excluded.notes"),
            )
            .bind(council)
            .bind(review.cohort_id.as_str())
            .bind(review.worker_id.as_str())
            .bind(review.kind.as_str())
            .bind(review.held_on)
            .bind(review.assessor.as_str())
            .bind(review.notes.as_str())
            .execute(&mut *connection)
            .await?;
        }
        AcademyChange::PutLogEntry(entry) => {
            sqlx::query(sql(
                "insert into asye_log \
                 (council, cohort_id, worker_id, number, kind, happened_on, given_by, hours, notes) \
                 values (?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 on conflict (council, cohort_id, worker_id, number) do update set \
                 kind = excluded.kind, happened_on = excluded.happened_on, \
                 given_by = excluded.given_by, hours = excluded.hours, notes = excluded.notes"),
            )
            .bind(council)
            .bind(entry.cohort_id.as_str())
            .bind(entry.worker_id.as_str())
            .bind(i64::from(entry.number))
            .bind(entry.kind.as_str())
            .bind(entry.on)
            .bind(entry.by.as_str())
            .bind(entry.hours)
            .bind(entry.notes.as_str())
            .execute(&mut *connection)
            .await?;
        }
    }
    Ok(())
}

async fn insert_programme_day(
    connection: &mut DbConnection,
    council: &str,
    day: &ProgrammeDay,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql(
        "insert into programme_days (council, programme, number, kind, after_months, \
         working_day, starts_at, ends_at, topic, delivery, venue, facilitator, required) \
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ))
    .bind(council)
    .bind(day.programme.as_str())
    .bind(i64::from(day.number))
    .bind(day.kind.as_str())
    .bind(i64::from(day.after_months))
    .bind(i64::from(day.working_day))
    .bind(time_text(day.starts_at))
    .bind(time_text(day.ends_at))
    .bind(day.topic.as_str())
    .bind(day.delivery.as_str())
    .bind(day.venue.as_str())
    .bind(day.facilitator.as_str())
    .bind(day.required)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

async fn put_session(
    connection: &mut DbConnection,
    council: &str,
    session: &Session,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql(
        "insert into academy_sessions (council, cohort_id, number, kind, date, starts_at, \
         ends_at, topic, delivery, venue, facilitator, required, catches_up) \
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         on conflict (council, cohort_id, number) do update set \
         kind = excluded.kind, date = excluded.date, starts_at = excluded.starts_at, \
         ends_at = excluded.ends_at, topic = excluded.topic, delivery = excluded.delivery, \
         venue = excluded.venue, facilitator = excluded.facilitator, \
         required = excluded.required, catches_up = excluded.catches_up",
    ))
    .bind(council)
    .bind(session.cohort_id.as_str())
    .bind(i64::from(session.number))
    .bind(session.kind.as_str())
    .bind(session.date)
    .bind(time_text(session.starts_at))
    .bind(time_text(session.ends_at))
    .bind(session.topic.as_str())
    .bind(session.delivery.as_str())
    .bind(session.venue.as_str())
    .bind(session.facilitator.as_str())
    .bind(session.required)
    .bind(session.catches_up.map(i64::from))
    .execute(&mut *connection)
    .await?;
    Ok(())
}

async fn put_asye_record(
    connection: &mut DbConnection,
    council: &str,
    record: &AsyeRecord,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql(
        "insert into asye_records (council, cohort_id, worker_id, starts_on, qualified_on, \
         registered_on, agreement_on, assessor, extended_to, moderation, moderated_on, \
         registration_claimed_on, completion_claimed_on) \
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         on conflict (council, cohort_id, worker_id) do update set \
         starts_on = excluded.starts_on, qualified_on = excluded.qualified_on, \
         registered_on = excluded.registered_on, agreement_on = excluded.agreement_on, \
         assessor = excluded.assessor, extended_to = excluded.extended_to, \
         moderation = excluded.moderation, moderated_on = excluded.moderated_on, \
         registration_claimed_on = excluded.registration_claimed_on, \
         completion_claimed_on = excluded.completion_claimed_on",
    ))
    .bind(council)
    .bind(record.cohort_id.as_str())
    .bind(record.worker_id.as_str())
    .bind(record.starts_on)
    .bind(record.qualified_on)
    .bind(record.registered_on)
    .bind(record.agreement_on)
    .bind(record.assessor.as_str())
    .bind(record.extended_to)
    .bind(record.moderation.map(ModerationDecision::as_str))
    .bind(record.moderated_on)
    .bind(record.registration_claimed_on)
    .bind(record.completion_claimed_on)
    .execute(&mut *connection)
    .await?;
    Ok(())
}

/// Stores a new feed for a scope, deleting the one it had.
pub(crate) async fn replace_calendar_feed(
    pool: &DbPool,
    council: CouncilCode,
    scope: &CalendarScope,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut transaction = pool.begin_with(BEGIN_WRITE).await.map_err(query_failed)?;
    let council = council.to_string();
    let worker = scope.worker_id.as_ref().map(WorkerId::as_str);
    // `is not distinct from` matches a null worker too: the cohort's own feed.
    sqlx::query(sql(
        "delete from calendar_feeds where council = ? and cohort_id = ? \
         and worker_id is not distinct from ?",
    ))
    .bind(council.as_str())
    .bind(scope.cohort_id.as_str())
    .bind(worker)
    .execute(&mut *transaction)
    .await
    .map_err(query_failed)?;
    let inserted = sqlx::query(sql(
        "insert into calendar_feeds (token_hash, council, cohort_id, worker_id, created_at) \
         values (?, ?, ?, ?, ?)",
    ))
    .bind(token_hash)
    .bind(council.as_str())
    .bind(scope.cohort_id.as_str())
    .bind(worker)
    .bind(stamp(now))
    .execute(&mut *transaction)
    .await;
    match inserted {
        Ok(_) => {}
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            return Err(StoreError::Conflict(
                "that calendar feed token already exists".to_owned(),
            ));
        }
        Err(sqlx::Error::Database(error)) if error.is_foreign_key_violation() => {
            return Err(StoreError::Conflict(
                "there is no such cohort or member".to_owned(),
            ));
        }
        Err(error) => return Err(query_failed(error)),
    }
    transaction.commit().await.map_err(query_failed)
}

/// The council and scope of the feed with this token hash.
pub(crate) async fn calendar_feed(
    pool: &DbPool,
    token_hash: &str,
) -> Result<Option<(CouncilCode, CalendarScope)>, StoreError> {
    let row = sqlx::query(sql(
        "select council, cohort_id, worker_id from calendar_feeds where token_hash = ?",
    ))
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .map_err(query_failed)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let t = "calendar_feeds";
    let council = required(&row, t, "council", CouncilCode::parse)?;
    let scope = CalendarScope {
        cohort_id: required(&row, t, "cohort_id", CohortId::parse)?,
        worker_id: optional(&row, t, "worker_id", WorkerId::parse)?,
    };
    Ok(Some((council, scope)))
}
