//! Feedback sessions' tables: sessions, their themes and their actions. Changes are
//! few at a time (a session, a theme, an action), so each is one upsert inside the
//! caller's transaction.

use std::collections::BTreeMap;

use crate::db::{DbConnection, sql};
use pathway_app::StoreError;
use pathway_domain::CouncilCode;
use pathway_domain::feedback::{
    Action, ActionStatus, Feedback, FeedbackChange, FeedbackSession, SessionDetails, Theme,
};
use pathway_domain::survey::EmployerStandard;

use crate::query_failed;
use crate::tables::{date, fetch, get, optional, optional_date, required, small};

/// Loads one council's sessions with their themes and actions, by number.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
) -> Result<Feedback, StoreError> {
    let code = council.to_string();
    let mut sessions: BTreeMap<u32, FeedbackSession> = BTreeMap::new();
    let t = "feedback_sessions";
    for row in fetch(
        connection,
        &code,
        "select session_id, held_on, title, place, attendees, run_by from feedback_sessions \
         where council = ? order by session_id",
    )
    .await?
    {
        let id: u32 = small(&row, t, "session_id")?;
        sessions.insert(
            id,
            FeedbackSession {
                details: SessionDetails {
                    id,
                    held_on: date(&row, t, "held_on")?,
                    title: get(&row, t, "title")?,
                    place: get(&row, t, "place")?,
                    attendees: small(&row, t, "attendees")?,
                    run_by: get(&row, t, "run_by")?,
                },
                themes: Vec::new(),
                actions: Vec::new(),
            },
        );
    }
    let t = "feedback_themes";
    for row in fetch(
        connection,
        &code,
        "select session_id, number, text, standard from feedback_themes \
         where council = ? order by session_id, number",
    )
    .await?
    {
        let id: u32 = small(&row, t, "session_id")?;
        let theme = Theme {
            number: small(&row, t, "number")?,
            text: get(&row, t, "text")?,
            standard: optional(&row, t, "standard", EmployerStandard::parse)?,
        };
        if let Some(session) = sessions.get_mut(&id) {
            session.themes.push(theme);
        }
    }
    let t = "feedback_actions";
    for row in fetch(
        connection,
        &code,
        "select session_id, number, theme, description, owner, status, due_on, done_on, \
         what_we_did from feedback_actions where council = ? order by session_id, number",
    )
    .await?
    {
        let id: u32 = small(&row, t, "session_id")?;
        let action = Action {
            number: small(&row, t, "number")?,
            theme: small(&row, t, "theme")?,
            description: get(&row, t, "description")?,
            owner: get(&row, t, "owner")?,
            status: required(&row, t, "status", ActionStatus::parse)?,
            due_on: optional_date(&row, t, "due_on")?,
            done_on: optional_date(&row, t, "done_on")?,
            what_we_did: get(&row, t, "what_we_did")?,
        };
        if let Some(session) = sessions.get_mut(&id) {
            session.actions.push(action);
        }
    }
    Ok(Feedback {
        sessions: sessions.into_values().collect(),
    })
}

/// Writes one council's feedback changes, in order, inside the caller's transaction.
pub(crate) async fn write(
    connection: &mut DbConnection,
    council: CouncilCode,
    changes: &[FeedbackChange],
) -> Result<(), StoreError> {
    let council = council.to_string();
    for change in changes {
        match change {
            FeedbackChange::PutSession(details) => {
                sqlx::query(sql("insert into feedback_sessions \
                     (council, session_id, held_on, title, place, attendees, run_by) \
                     values (?, ?, ?, ?, ?, ?, ?) \
                     on conflict (council, session_id) do update set held_on = excluded.held_on, \
                     title = excluded.title, place = excluded.place, \
                     attendees = excluded.attendees, run_by = excluded.run_by"))
                .bind(&council)
                .bind(i64::from(details.id))
                .bind(details.held_on)
                .bind(details.title.as_str())
                .bind(details.place.as_str())
                .bind(i64::from(details.attendees))
                .bind(details.run_by.as_str())
                .execute(&mut *connection)
                .await
                .map_err(query_failed)?;
            }
            FeedbackChange::PutTheme { session, theme } => {
                sqlx::query(sql(
                    "insert into feedback_themes (council, session_id, number, text, standard) \
                     values (?, ?, ?, ?, ?) \
                     on conflict (council, session_id, number) do update set \
                     text = excluded.text, standard = excluded.standard",
                ))
                .bind(&council)
                .bind(i64::from(*session))
                .bind(i64::from(theme.number))
                .bind(theme.text.as_str())
                .bind(theme.standard.map(EmployerStandard::as_str))
                .execute(&mut *connection)
                .await
                .map_err(query_failed)?;
            }
            FeedbackChange::PutAction { session, action } => {
                sqlx::query(sql(
                    "insert into feedback_actions (council, session_id, number, theme, \
                     description, owner, status, due_on, done_on, what_we_did) \
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                     on conflict (council, session_id, number) do update set \
                     theme = excluded.theme, description = excluded.description, \
                     owner = excluded.owner, status = excluded.status, \
                     due_on = excluded.due_on, done_on = excluded.done_on, \
                     what_we_did = excluded.what_we_did",
                ))
                .bind(&council)
                .bind(i64::from(*session))
                .bind(i64::from(action.number))
                .bind(i64::from(action.theme))
                .bind(action.description.as_str())
                .bind(action.owner.as_str())
                .bind(action.status.as_str())
                .bind(action.due_on)
                .bind(action.done_on)
                .bind(action.what_we_did.as_deref())
                .execute(&mut *connection)
                .await
                .map_err(query_failed)?;
            }
        }
    }
    Ok(())
}
