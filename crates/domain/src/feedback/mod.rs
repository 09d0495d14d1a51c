//! Feedback sessions ("coffee and cake"): when and where staff met the service's
//! leaders, how many came, the themes they raised and the actions taken on each, with
//! the published "you said, we did".
//!
//! Nothing here names a person: attendance is a count, and an action's owner is a
//! role or team in words ("Principal social worker").

use serde::{Deserialize, Serialize};

use crate::council::CouncilCode;
use crate::survey::EmployerStandard;
use crate::values::Date;

code_enum! {
    /// Where an action stands.
    ActionStatus {
        /// Agreed, not started.
        Open = "open",
        /// Under way.
        InProgress = "in_progress",
        /// Done: it has a done date and says what was done.
        Done = "done",
    }
}

impl ActionStatus {
    /// The status as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::InProgress => "In progress",
            Self::Done => "Done",
        }
    }
}

/// A session's own details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetails {
    /// Its number in the council, from 1.
    pub id: u32,
    /// When it was held.
    pub held_on: Date,
    /// Its title, such as `Coffee and cake: North area`.
    pub title: String,
    /// Where it was held.
    pub place: String,
    /// How many came (a count, not names).
    pub attendees: u32,
    /// Who ran it: a role in words, such as `Principal social worker`.
    pub run_by: String,
}

/// A theme raised at a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Its number in the session, from 1.
    pub number: u32,
    /// What was said, briefly.
    pub text: String,
    /// The employer standard it concerns, if tagged.
    pub standard: Option<EmployerStandard>,
}

/// An action taken on a theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Its number in the session, from 1.
    pub number: u32,
    /// The theme's number.
    pub theme: u32,
    /// What will be done.
    pub description: String,
    /// Who owns it: a role or team in words, not a person.
    pub owner: String,
    /// Where it stands.
    pub status: ActionStatus,
    /// When it is due, if agreed.
    pub due_on: Option<Date>,
    /// When it was done (only when done).
    pub done_on: Option<Date>,
    /// What was done ("we did"), when done.
    pub what_we_did: Option<String>,
}

impl Action {
    /// Whether it is not done and its due date has passed.
    pub fn overdue(&self, today: Date) -> bool {
        self.status != ActionStatus::Done && self.due_on.is_some_and(|due| due < today)
    }
}

/// A session with its themes and actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackSession {
    /// Its details.
    #[serde(flatten)]
    pub details: SessionDetails,
    /// Its themes, by number.
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// Its actions, by number.
    #[serde(default)]
    pub actions: Vec<Action>,
}

impl FeedbackSession {
    /// The theme with this number.
    pub fn theme(&self, number: u32) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.number == number)
    }

    /// The action with this number.
    pub fn action(&self, number: u32) -> Option<&Action> {
        self.actions.iter().find(|action| action.number == number)
    }

    /// The number the next theme takes.
    pub fn next_theme_number(&self) -> u32 {
        self.themes.iter().map(|t| t.number).max().unwrap_or(0) + 1
    }

    /// The number the next action takes.
    pub fn next_action_number(&self) -> u32 {
        self.actions.iter().map(|a| a.number).max().unwrap_or(0) + 1
    }
}

/// A council's feedback sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    /// The sessions, by number.
    pub sessions: Vec<FeedbackSession>,
}

/// One change to a council's feedback sessions. Nothing is ever removed: a session's
/// record is what was said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedbackChange {
    /// Adds a session or changes its details.
    PutSession(SessionDetails),
    /// Adds a theme to a session or changes it.
    PutTheme {
        /// The session.
        session: u32,
        /// The theme.
        theme: Theme,
    },
    /// Adds an action to a session's theme or changes it.
    PutAction {
        /// The session.
        session: u32,
        /// The action.
        action: Action,
    },
}

/// One council's feedback changes, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackChanges {
    /// The council.
    pub council: CouncilCode,
    /// The changes.
    pub changes: Vec<FeedbackChange>,
}

/// Why a feedback change cannot be made; `field` is the field's name as files and the
/// API spell it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackError {
    /// A required text is empty.
    #[error("{field}: enter the {what}")]
    Blank {
        /// The field.
        field: &'static str,
        /// What it holds, in words.
        what: &'static str,
    },
    /// A text is too long.
    #[error("{field}: must be {max} characters or fewer")]
    TooLong {
        /// The field.
        field: &'static str,
        /// The most allowed.
        max: usize,
    },
    /// A number that must be at least 1.
    #[error("{field}: must be a whole number from 1")]
    NotPositive {
        /// The field.
        field: &'static str,
    },
    /// Too many attendees to be a session.
    #[error("attendees: must be from 0 to 10000")]
    TooManyAttendees,
    /// No such session.
    #[error("there is no feedback session {0}")]
    NoSession(u32),
    /// No such theme in the session.
    #[error("theme: session {session} has no theme {theme}")]
    NoTheme {
        /// The session.
        session: u32,
        /// The theme.
        theme: u32,
    },
    /// A done action without its date.
    #[error("done_on: a done action needs the date it was done")]
    DoneWithoutDate,
    /// A done action without what was done.
    #[error("what_we_did: a done action needs what was done")]
    DoneWithoutWhatWeDid,
    /// A done date on an action not done.
    #[error("done_on: only a done action has a done date")]
    DateButNotDone,
    /// A date before the session.
    #[error("{field}: cannot be before the session ({held_on})")]
    BeforeSession {
        /// The field.
        field: &'static str,
        /// The session's date.
        held_on: Date,
    },
}

/// The longest short text (titles, places, owners).
pub const SHORT_TEXT: usize = 200;
/// The longest long text (themes, actions, what was done).
pub const LONG_TEXT: usize = 1000;

fn text(
    value: &str,
    field: &'static str,
    what: &'static str,
    max: usize,
) -> Result<(), FeedbackError> {
    if value.trim().is_empty() {
        Err(FeedbackError::Blank { field, what })
    } else if value.chars().count() > max {
        Err(FeedbackError::TooLong { field, max })
    } else {
        Ok(())
    }
}

fn positive(value: u32, field: &'static str) -> Result<(), FeedbackError> {
    if value == 0 {
        Err(FeedbackError::NotPositive { field })
    } else {
        Ok(())
    }
}

impl Feedback {
    /// The session with this number.
    pub fn session(&self, id: u32) -> Option<&FeedbackSession> {
        self.sessions
            .iter()
            .find(|session| session.details.id == id)
    }

    /// The number the next session takes.
    pub fn next_session_id(&self) -> u32 {
        self.sessions
            .iter()
            .map(|s| s.details.id)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Checks a change against the sessions.
    pub fn check(&self, change: &FeedbackChange) -> Result<(), FeedbackError> {
        match change {
            FeedbackChange::PutSession(details) => {
                positive(details.id, "id")?;
                text(&details.title, "title", "session's title", SHORT_TEXT)?;
                text(&details.place, "place", "place it was held", SHORT_TEXT)?;
                text(&details.run_by, "run_by", "role of who ran it", SHORT_TEXT)?;
                if details.attendees > 10_000 {
                    return Err(FeedbackError::TooManyAttendees);
                }
                Ok(())
            }
            FeedbackChange::PutTheme { session, theme } => {
                self.session(*session)
                    .ok_or(FeedbackError::NoSession(*session))?;
                positive(theme.number, "number")?;
                text(&theme.text, "text", "theme raised", LONG_TEXT)
            }
            FeedbackChange::PutAction { session, action } => {
                let found = self
                    .session(*session)
                    .ok_or(FeedbackError::NoSession(*session))?;
                positive(action.number, "number")?;
                if found.theme(action.theme).is_none() {
                    return Err(FeedbackError::NoTheme {
                        session: *session,
                        theme: action.theme,
                    });
                }
                text(&action.description, "description", "action", LONG_TEXT)?;
                text(
                    &action.owner,
                    "owner",
                    "role or team that owns it",
                    SHORT_TEXT,
                )?;
                let held_on = found.details.held_on;
                if action.due_on.is_some_and(|due| due < held_on) {
                    return Err(FeedbackError::BeforeSession {
                        field: "due_on",
                        held_on,
                    });
                }
                if action.status == ActionStatus::Done {
                    let done_on = action.done_on.ok_or(FeedbackError::DoneWithoutDate)?;
                    if done_on < held_on {
                        return Err(FeedbackError::BeforeSession {
                            field: "done_on",
                            held_on,
                        });
                    }
                    match &action.what_we_did {
                        Some(did) if !did.trim().is_empty() => {
                            text(did, "what_we_did", "what was done", LONG_TEXT)?;
                        }
                        _ => return Err(FeedbackError::DoneWithoutWhatWeDid),
                    }
                } else if action.done_on.is_some() {
                    return Err(FeedbackError::DateButNotDone);
                }
                Ok(())
            }
        }
    }

    /// Applies a checked change.
    pub fn apply(&mut self, change: FeedbackChange) {
        match change {
            FeedbackChange::PutSession(details) => {
                match self
                    .sessions
                    .iter_mut()
                    .find(|s| s.details.id == details.id)
                {
                    Some(stored) => stored.details = details,
                    None => {
                        self.sessions.push(FeedbackSession {
                            details,
                            themes: Vec::new(),
                            actions: Vec::new(),
                        });
                        self.sessions.sort_by_key(|s| s.details.id);
                    }
                }
            }
            FeedbackChange::PutTheme { session, theme } => {
                if let Some(stored) = self.sessions.iter_mut().find(|s| s.details.id == session) {
                    stored.themes.retain(|t| t.number != theme.number);
                    stored.themes.push(theme);
                    stored.themes.sort_by_key(|t| t.number);
                }
            }
            FeedbackChange::PutAction { session, action } => {
                if let Some(stored) = self.sessions.iter_mut().find(|s| s.details.id == session) {
                    stored.actions.retain(|a| a.number != action.number);
                    stored.actions.push(action);
                    stored.actions.sort_by_key(|a| a.number);
                }
            }
        }
    }

    /// The changes that would write every session as it is (for imports and the
    /// demo): each session, then its themes, then its actions.
    pub fn changes(&self) -> Vec<FeedbackChange> {
        let mut changes = Vec::new();
        for session in &self.sessions {
            let id = session.details.id;
            changes.push(FeedbackChange::PutSession(session.details.clone()));
            changes.extend(session.themes.iter().map(|theme| FeedbackChange::PutTheme {
                session: id,
                theme: theme.clone(),
            }));
            changes.extend(
                session
                    .actions
                    .iter()
                    .map(|action| FeedbackChange::PutAction {
                        session: id,
                        action: action.clone(),
                    }),
            );
        }
        changes
    }
}

/// One theme of "you said, we did", with what was done and what is under way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YouSaid<'f> {
    /// The session it was raised at.
    pub session: &'f SessionDetails,
    /// The theme ("you said").
    pub theme: &'f Theme,
    /// Its done actions ("we did"), by done date.
    pub done: Vec<&'f Action>,
    /// Its actions not yet done ("we are working on"), by number.
    pub working_on: Vec<&'f Action>,
}

/// "You said, we did": every theme with at least one action, newest session first
/// (then by theme number).
pub fn you_said_we_did(feedback: &Feedback) -> Vec<YouSaid<'_>> {
    let mut sessions: Vec<&FeedbackSession> = feedback.sessions.iter().collect();
    sessions.sort_by_key(|s| std::cmp::Reverse((s.details.held_on, s.details.id)));
    let mut entries = Vec::new();
    for session in sessions {
        for theme in &session.themes {
            let actions: Vec<&Action> = session
                .actions
                .iter()
                .filter(|action| action.theme == theme.number)
                .collect();
            if actions.is_empty() {
                continue;
            }
            let mut done: Vec<&Action> = actions
                .iter()
                .copied()
                .filter(|a| a.status == ActionStatus::Done)
                .collect();
            done.sort_by_key(|a| (a.done_on, a.number));
            let working_on = actions
                .into_iter()
                .filter(|a| a.status != ActionStatus::Done)
                .collect();
            entries.push(YouSaid {
                session: &session.details,
                theme,
                done,
                working_on,
            });
        }
    }
    entries
}

/// An action not yet done, with its session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAction<'f> {
    /// The session.
    pub session: &'f SessionDetails,
    /// The action.
    pub action: &'f Action,
    /// Whether its due date has passed.
    pub overdue: bool,
}

/// Every action not yet done: overdue first, then by due date (undated last).
pub fn open_actions(feedback: &Feedback, today: Date) -> Vec<OpenAction<'_>> {
    let mut open: Vec<OpenAction> = feedback
        .sessions
        .iter()
        .flat_map(|session| {
            session
                .actions
                .iter()
                .filter(|a| a.status != ActionStatus::Done)
                .map(move |action| OpenAction {
                    session: &session.details,
                    action,
                    overdue: action.overdue(today),
                })
        })
        .collect();
    open.sort_by_key(|open| {
        (
            !open.overdue,
            open.action.due_on.is_none(),
            open.action.due_on,
            open.session.id,
            open.action.number,
        )
    });
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        crate::values::parse_date(text).unwrap()
    }

    fn details(id: u32, held_on: &str) -> SessionDetails {
        SessionDetails {
            id,
            held_on: date(held_on),
            title: "Coffee and cake".to_owned(),
            place: "Town hall".to_owned(),
            attendees: 14,
            run_by: "Principal social worker".to_owned(),
        }
    }

    fn action(number: u32, status: ActionStatus) -> Action {
        Action {
            number,
            theme: 1,
            description: "Review the duty rota".to_owned(),
            owner: "Head of service".to_owned(),
            status,
            due_on: Some(date("2024-06-30")),
            done_on: None,
            what_we_did: None,
        }
    }

    fn with_session() -> Feedback {
        let mut feedback = Feedback::default();
        for change in [
            FeedbackChange::PutSession(details(1, "2024-05-01")),
            FeedbackChange::PutTheme {
                session: 1,
                theme: Theme {
                    number: 1,
                    text: "Duty weeks are too long".to_owned(),
                    standard: Some(EmployerStandard::SafeWorkloads),
                },
            },
        ] {
            feedback.check(&change).unwrap();
            feedback.apply(change);
        }
        feedback
    }

    #[test]
    fn a_session_needs_a_title_a_place_and_who_ran_it() {
        let feedback = Feedback::default();
        let mut blank = details(1, "2024-05-01");
        blank.place = "  ".to_owned();
        assert_eq!(
            feedback.check(&FeedbackChange::PutSession(blank)),
            Err(FeedbackError::Blank {
                field: "place",
                what: "place it was held"
            })
        );
        let mut long = details(1, "2024-05-01");
        long.title = "x".repeat(201);
        assert!(matches!(
            feedback.check(&FeedbackChange::PutSession(long)),
            Err(FeedbackError::TooLong { field: "title", .. })
        ));
    }

    #[test]
    fn an_action_belongs_to_a_theme_of_its_session() {
        let feedback = with_session();
        let mut stray = action(1, ActionStatus::Open);
        stray.theme = 2;
        assert_eq!(
            feedback.check(&FeedbackChange::PutAction {
                session: 1,
                action: stray
            }),
            Err(FeedbackError::NoTheme {
                session: 1,
                theme: 2
            })
        );
        assert_eq!(
            feedback.check(&FeedbackChange::PutAction {
                session: 2,
                action: action(1, ActionStatus::Open)
            }),
            Err(FeedbackError::NoSession(2))
        );
    }

    #[test]
    fn a_done_action_says_when_and_what_was_done() {
        let feedback = with_session();
        let put =
            |action: Action| feedback.check(&FeedbackChange::PutAction { session: 1, action });
        let mut done = action(1, ActionStatus::Done);
        assert_eq!(put(done.clone()), Err(FeedbackError::DoneWithoutDate));
        done.done_on = Some(date("2024-06-10"));
        assert_eq!(put(done.clone()), Err(FeedbackError::DoneWithoutWhatWeDid));
        done.what_we_did = Some("Duty weeks are now four days.".to_owned());
        assert_eq!(put(done.clone()), Ok(()));
        done.done_on = Some(date("2024-04-01"));
        assert!(matches!(
            put(done),
            Err(FeedbackError::BeforeSession {
                field: "done_on",
                ..
            })
        ));
        let mut open = action(1, ActionStatus::Open);
        open.done_on = Some(date("2024-06-10"));
        assert_eq!(put(open), Err(FeedbackError::DateButNotDone));
    }

    #[test]
    fn you_said_we_did_lists_done_and_working_on_actions_newest_session_first() {
        let mut feedback = with_session();
        let mut done = action(1, ActionStatus::Done);
        done.done_on = Some(date("2024-06-10"));
        done.what_we_did = Some("Duty weeks are now four days.".to_owned());
        let changes = vec![
            FeedbackChange::PutAction {
                session: 1,
                action: done,
            },
            FeedbackChange::PutAction {
                session: 1,
                action: action(2, ActionStatus::InProgress),
            },
            FeedbackChange::PutSession(details(2, "2024-09-01")),
            FeedbackChange::PutTheme {
                session: 2,
                theme: Theme {
                    number: 1,
                    text: "More supervision".to_owned(),
                    standard: None,
                },
            },
            FeedbackChange::PutAction {
                session: 2,
                action: Action {
                    due_on: None,
                    ..action(1, ActionStatus::Open)
                },
            },
            // A theme with no action is not in the list.
            FeedbackChange::PutTheme {
                session: 2,
                theme: Theme {
                    number: 2,
                    text: "Parking".to_owned(),
                    standard: None,
                },
            },
        ];
        for change in changes {
            feedback.check(&change).unwrap();
            feedback.apply(change);
        }
        let list = you_said_we_did(&feedback);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].session.id, 2);
        assert_eq!(list[0].done.len(), 0);
        assert_eq!(list[0].working_on.len(), 1);
        assert_eq!(list[1].theme.text, "Duty weeks are too long");
        assert_eq!(list[1].done[0].number, 1);
        assert_eq!(list[1].working_on[0].number, 2);
    }

    #[test]
    fn open_actions_put_the_overdue_first() {
        let mut feedback = with_session();
        let mut later = action(1, ActionStatus::Open);
        later.due_on = Some(date("2025-01-31"));
        for change in [
            FeedbackChange::PutAction {
                session: 1,
                action: later,
            },
            FeedbackChange::PutAction {
                session: 1,
                action: action(2, ActionStatus::InProgress),
            },
        ] {
            feedback.apply(change);
        }
        let open = open_actions(&feedback, date("2024-08-01"));
        assert_eq!(open[0].action.number, 2);
        assert!(open[0].overdue);
        assert!(!open[1].overdue);
    }

    #[test]
    fn changes_rebuild_the_same_sessions() {
        let feedback = with_session();
        let mut rebuilt = Feedback::default();
        for change in feedback.changes() {
            rebuilt.check(&change).unwrap();
            rebuilt.apply(change);
        }
        assert_eq!(rebuilt, feedback);
    }
}
