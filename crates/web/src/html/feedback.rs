//! Feedback sessions' pages: the sessions with open and overdue actions, recording a
//! session, a session's themes and actions (adding each, updating an action and
//! marking it done), and the published "you said, we did".
//!
//! Everyone with `SeeFeedback` sees every page but the forms; `RunFeedback` records.
//! Every change goes through `pathway_app::change_feedback`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::{ChangeRequest, FeedbackChangeError, change_feedback};
use pathway_domain::CouncilCode;
use pathway_domain::access::Permission;
use pathway_domain::feedback::{
    Action, ActionStatus, Feedback, FeedbackChange, FeedbackError, FeedbackSession, LONG_TEXT,
    SHORT_TEXT, SessionDetails, Theme, open_actions, you_said_we_did,
};
use pathway_domain::survey::EmployerStandard;
use pathway_domain::values::Date;
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::{Choice, long_date};
use crate::html::recruitment::today;
use crate::page::{Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// The section's address.
pub const HOME_HREF: &str = "/feedback";
/// The audit action of every change made on these pages.
pub const CHANGE_ACTION: &str = "feedback";

/// A session's address.
pub fn session_href(id: u32) -> String {
    format!("{HOME_HREF}/sessions/{id}")
}

/// An action's address.
pub fn action_href(session: u32, number: u32) -> String {
    format!("{HOME_HREF}/sessions/{session}/actions/{number}")
}

/// The signed-in user's council and its sessions.
async fn load(state: &AppState, signed_in: &SignedIn) -> Result<(CouncilCode, Feedback), WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    Ok((council, state.store.feedback(council).await?))
}

fn request<'a>(signed_in: &'a SignedIn, description: &'a str) -> ChangeRequest<'a> {
    ChangeRequest {
        actor: &signed_in.user.email,
        action: CHANGE_ACTION,
        description,
    }
}

/// The reason a change was refused, or the failure to pass on.
fn refusal(error: FeedbackChangeError) -> Result<FeedbackError, WebError> {
    match error {
        FeedbackChangeError::Refused(_, reason) => Ok(reason),
        FeedbackChangeError::Store(error) => Err(error.into()),
    }
}

fn runs_feedback(signed_in: &SignedIn) -> bool {
    signed_in.user.role.allows(Permission::RunFeedback)
}

fn standard_label(standard: Option<EmployerStandard>) -> String {
    standard.map_or_else(String::new, |s| s.label().to_owned())
}

fn standard_choices(current: &str) -> Vec<Choice> {
    std::iter::once(Choice::new("", "None", current))
        .chain(
            EmployerStandard::ALL
                .iter()
                .map(|s| Choice::new(s.as_str(), s.label(), current)),
        )
        .collect()
}

fn optional_date(date: Option<Date>) -> String {
    date.map_or_else(|| "Not set".to_owned(), long_date)
}

/// Three boxes of a date as typed.
#[derive(Debug, Clone, Default)]
pub struct DateFields {
    pub(crate) day: String,
    pub(crate) month: String,
    pub(crate) year: String,
}

impl DateFields {
    pub(crate) fn read(fields: &FormFields, id: &str) -> Self {
        Self {
            day: fields.get(&format!("{id}-day")),
            month: fields.get(&format!("{id}-month")),
            year: fields.get(&format!("{id}-year")),
        }
    }

    pub(crate) fn of(date: Option<Date>) -> Self {
        date.map_or_else(Self::default, |date| Self {
            day: date.format("%-d").to_string(),
            month: date.format("%-m").to_string(),
            year: date.format("%Y").to_string(),
        })
    }

    pub(crate) fn parse(&self, what: &str) -> Result<Option<Date>, String> {
        date_input(what, &self.day, &self.month, &self.year)
    }
}

/// Collects field errors in page order.
#[derive(Debug, Default)]
struct Errors(Vec<SummaryError>);

impl Errors {
    fn add(&mut self, field: &str, message: impl Into<String>) -> Option<String> {
        let message = message.into();
        self.0.push(SummaryError {
            field: field.to_owned(),
            message: message.clone(),
        });
        Some(message)
    }
}

fn required_text(
    errors: &mut Errors,
    field: &str,
    value: &str,
    blank: &str,
    max: usize,
) -> Option<String> {
    if value.trim().is_empty() {
        errors.add(field, blank)
    } else if value.chars().count() > max {
        errors.add(field, format!("Must be {max} characters or fewer"))
    } else {
        None
    }
}

// ---------------------------------------------------------------- the section's home

/// A session in the list.
#[derive(Debug)]
struct SessionRow {
    href: String,
    title: String,
    held_on: String,
    place: String,
    attendees: u32,
    themes: usize,
    actions: usize,
    done: usize,
}

/// An action not yet done.
#[derive(Debug)]
struct OpenRow {
    href: String,
    session: String,
    description: String,
    owner: String,
    due: String,
    status: &'static str,
    overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_home.html")]
/// The sessions and the actions not yet done.
pub struct HomePage {
    page: Page,
    runs_feedback: bool,
    sessions: Vec<SessionRow>,
    open: Vec<OpenRow>,
    overdue: usize,
}

/// `GET /feedback`: the sessions, newest first, and the actions not yet done, the
/// overdue first.
pub async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<HomePage, WebError> {
    let (_, feedback) = load(&state, &signed_in).await?;
    let mut sessions: Vec<&FeedbackSession> = feedback.sessions.iter().collect();
    sessions.sort_by_key(|s| std::cmp::Reverse((s.details.held_on, s.details.id)));
    let sessions = sessions
        .into_iter()
        .map(|session| SessionRow {
            href: session_href(session.details.id),
            title: session.details.title.clone(),
            held_on: long_date(session.details.held_on),
            place: session.details.place.clone(),
            attendees: session.details.attendees,
            themes: session.themes.len(),
            actions: session.actions.len(),
            done: session
                .actions
                .iter()
                .filter(|a| a.status == ActionStatus::Done)
                .count(),
        })
        .collect();
    let open: Vec<OpenRow> = open_actions(&feedback, today())
        .into_iter()
        .map(|open| OpenRow {
            href: session_href(open.session.id),
            session: open.session.title.clone(),
            description: open.action.description.clone(),
            owner: open.action.owner.clone(),
            due: optional_date(open.action.due_on),
            status: open.action.status.label(),
            overdue: open.overdue,
        })
        .collect();
    Ok(HomePage {
        page: Page::for_user(&signed_in, HOME_HREF),
        runs_feedback: runs_feedback(&signed_in),
        overdue: open.iter().filter(|row| row.overdue).count(),
        sessions,
        open,
    })
}

// ---------------------------------------------------------------- a new session

/// The new session form as typed, with its errors.
#[derive(Debug, Default)]
pub struct SessionForm {
    title: String,
    held_on: DateFields,
    place: String,
    attendees: String,
    run_by: String,
    title_error: Option<String>,
    held_on_errors: Vec<String>,
    place_error: Option<String>,
    attendees_error: Option<String>,
    run_by_error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_session_new.html")]
/// The form to record a session.
pub struct NewSessionPage {
    page: Page,
    errors: Vec<SummaryError>,
    form: SessionForm,
}

/// `GET /feedback/sessions/new`.
pub async fn new_session(signed_in: SignedIn) -> Result<NewSessionPage, WebError> {
    signed_in.user.council.ok_or(WebError::NotFound)?;
    Ok(NewSessionPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        errors: Vec::new(),
        form: SessionForm {
            held_on: DateFields::of(Some(today())),
            ..SessionForm::default()
        },
    })
}

/// `POST /feedback/sessions/new`: records the session and goes to its page.
pub async fn create_session(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let (council, feedback) = load(&state, &signed_in).await?;
    let mut form = SessionForm {
        title: fields.get("title"),
        held_on: DateFields::read(&fields, "held_on"),
        place: fields.get("place"),
        attendees: fields.get("attendees"),
        run_by: fields.get("run_by"),
        ..SessionForm::default()
    };
    let mut errors = Errors::default();
    form.title_error = required_text(
        &mut errors,
        "title",
        &form.title,
        "Enter the session's title",
        SHORT_TEXT,
    );
    let held_on = match form.held_on.parse("The date of the session") {
        Ok(Some(date)) if date > today() => {
            let message = "The date of the session must be today or in the past".to_owned();
            errors.add("held_on-day", &message);
            form.held_on_errors.push(message);
            None
        }
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            let message = "Enter the date of the session".to_owned();
            errors.add("held_on-day", &message);
            form.held_on_errors.push(message);
            None
        }
        Err(message) => {
            errors.add("held_on-day", &message);
            form.held_on_errors.push(message);
            None
        }
    };
    form.place_error = required_text(
        &mut errors,
        "place",
        &form.place,
        "Enter where the session was held",
        SHORT_TEXT,
    );
    let attendees = match form.attendees.trim().parse::<u32>() {
        Ok(count) if count <= 10_000 => Some(count),
        _ => {
            form.attendees_error = errors.add(
                "attendees",
                "Enter how many came as a whole number, such as 12",
            );
            None
        }
    };
    form.run_by_error = required_text(
        &mut errors,
        "run_by",
        &form.run_by,
        "Enter the role of who ran the session, such as Principal social worker",
        SHORT_TEXT,
    );
    let (Some(held_on), Some(attendees), true) = (held_on, attendees, errors.0.is_empty()) else {
        return Ok(NewSessionPage {
            page: Page::for_user(&signed_in, HOME_HREF),
            errors: errors.0,
            form,
        }
        .into_response());
    };
    let details = SessionDetails {
        id: feedback.next_session_id(),
        held_on,
        title: form.title.trim().to_owned(),
        place: form.place.trim().to_owned(),
        attendees,
        run_by: form.run_by.trim().to_owned(),
    };
    let id = details.id;
    let description = format!("feedback session {id} recorded: {}", details.title);
    match change_feedback(
        state.store.as_ref(),
        council,
        request(&signed_in, &description),
        vec![FeedbackChange::PutSession(details)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?added=1", session_href(id))).into_response()),
        Err(error) => {
            let reason = refusal(error)?;
            let mut errors = Errors::default();
            form.title_error = errors.add("title", reason.to_string());
            Ok(NewSessionPage {
                page: Page::for_user(&signed_in, HOME_HREF),
                errors: errors.0,
                form,
            }
            .into_response())
        }
    }
}

// ---------------------------------------------------------------- a session

/// An action as its session's page lists it.
#[derive(Debug)]
struct ActionRow {
    number: u32,
    href: String,
    description: String,
    owner: String,
    status: &'static str,
    done: bool,
    due: String,
    done_on: String,
    what_we_did: String,
}

/// A theme with its actions.
#[derive(Debug)]
struct ThemeBlock {
    number: u32,
    text: String,
    standard: String,
    actions: Vec<ActionRow>,
}

/// The add-a-theme form as typed.
#[derive(Debug, Default)]
pub struct ThemeForm {
    text: String,
    standard: String,
    text_error: Option<String>,
    standard_error: Option<String>,
}

/// The add-an-action form as typed.
#[derive(Debug, Default)]
pub struct NewActionForm {
    theme: String,
    description: String,
    owner: String,
    due_on: DateFields,
    theme_error: Option<String>,
    description_error: Option<String>,
    owner_error: Option<String>,
    due_on_errors: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_session.html")]
/// A session's page.
pub struct SessionPage {
    page: Page,
    runs_feedback: bool,
    banner: Option<&'static str>,
    heading: String,
    details: Vec<(&'static str, String)>,
    themes: Vec<ThemeBlock>,
    errors: Vec<SummaryError>,
    theme_action: String,
    theme_form: ThemeForm,
    standards: Vec<Choice>,
    action_action: String,
    action_form: NewActionForm,
    theme_choices: Vec<Choice>,
}

fn find_session(feedback: &Feedback, id: &str) -> Result<FeedbackSession, WebError> {
    let id: u32 = id.parse().map_err(|_| WebError::NotFound)?;
    feedback.session(id).cloned().ok_or(WebError::NotFound)
}

fn session_page(
    signed_in: &SignedIn,
    session: &FeedbackSession,
    theme_form: ThemeForm,
    action_form: NewActionForm,
    errors: Vec<SummaryError>,
) -> SessionPage {
    let id = session.details.id;
    let themes = session
        .themes
        .iter()
        .map(|theme| ThemeBlock {
            number: theme.number,
            text: theme.text.clone(),
            standard: standard_label(theme.standard),
            actions: session
                .actions
                .iter()
                .filter(|a| a.theme == theme.number)
                .map(|action| ActionRow {
                    number: action.number,
                    href: action_href(id, action.number),
                    description: action.description.clone(),
                    owner: action.owner.clone(),
                    status: action.status.label(),
                    done: action.status == ActionStatus::Done,
                    due: optional_date(action.due_on),
                    done_on: action.done_on.map(long_date).unwrap_or_default(),
                    what_we_did: action.what_we_did.clone().unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    let theme_choices = std::iter::once(Choice::new("", "Choose a theme", &action_form.theme))
        .chain(session.themes.iter().map(|theme| {
            Choice::new(
                theme.number.to_string(),
                format!("{}. {}", theme.number, theme.text),
                &action_form.theme,
            )
        }))
        .collect();
    SessionPage {
        page: Page::for_user(signed_in, HOME_HREF),
        runs_feedback: runs_feedback(signed_in),
        banner: None,
        heading: session.details.title.clone(),
        details: vec![
            ("Date", long_date(session.details.held_on)),
            ("Place", session.details.place.clone()),
            ("How many came", session.details.attendees.to_string()),
            ("Run by", session.details.run_by.clone()),
        ],
        themes,
        errors,
        theme_action: format!("{}/themes", session_href(id)),
        standards: standard_choices(&theme_form.standard),
        theme_form,
        action_action: format!("{}/actions", session_href(id)),
        action_form,
        theme_choices,
    }
}

/// What a session page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct SessionQuery {
    added: Option<String>,
    theme: Option<String>,
    action: Option<String>,
    saved: Option<String>,
}

/// `GET /feedback/sessions/{session_id}`: the session, its themes and actions, and
/// (for who records) the forms to add a theme or an action.
pub async fn show_session(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(session_id): Path<String>,
    Query(query): Query<SessionQuery>,
) -> Result<SessionPage, WebError> {
    let (_, feedback) = load(&state, &signed_in).await?;
    let session = find_session(&feedback, &session_id)?;
    let mut page = session_page(
        &signed_in,
        &session,
        ThemeForm::default(),
        NewActionForm::default(),
        Vec::new(),
    );
    page.banner = if query.added.is_some() {
        Some("Session recorded: now add the themes raised")
    } else if query.theme.is_some() {
        Some("Theme added")
    } else if query.action.is_some() {
        Some("Action added")
    } else if query.saved.is_some() {
        Some("Action updated")
    } else {
        None
    };
    Ok(page)
}

/// `POST /feedback/sessions/{session_id}/themes`: adds a theme.
pub async fn add_theme(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(session_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let (council, feedback) = load(&state, &signed_in).await?;
    let session = find_session(&feedback, &session_id)?;
    let mut form = ThemeForm {
        text: fields.get("theme_text"),
        standard: fields.get("standard"),
        ..ThemeForm::default()
    };
    let mut errors = Errors::default();
    form.text_error = required_text(
        &mut errors,
        "theme_text",
        &form.text,
        "Enter the theme raised",
        LONG_TEXT,
    );
    let standard = if form.standard.is_empty() {
        None
    } else if let Ok(standard) = EmployerStandard::parse(&form.standard) {
        Some(standard)
    } else {
        form.standard_error = errors.add("standard", "Choose one of the standards listed");
        None
    };
    if !errors.0.is_empty() {
        return Ok(session_page(
            &signed_in,
            &session,
            form,
            NewActionForm::default(),
            errors.0,
        )
        .into_response());
    }
    let id = session.details.id;
    let theme = Theme {
        number: session.next_theme_number(),
        text: form.text.trim().to_owned(),
        standard,
    };
    let description = format!("feedback session {id}: theme {} added", theme.number);
    match change_feedback(
        state.store.as_ref(),
        council,
        request(&signed_in, &description),
        vec![FeedbackChange::PutTheme { session: id, theme }],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?theme=1#themes", session_href(id))).into_response()),
        Err(error) => {
            let reason = refusal(error)?;
            form.text_error = errors.add("theme_text", reason.to_string());
            Ok(session_page(
                &signed_in,
                &session,
                form,
                NewActionForm::default(),
                errors.0,
            )
            .into_response())
        }
    }
}

/// `POST /feedback/sessions/{session_id}/actions`: adds an action to a theme.
pub async fn add_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(session_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let (council, feedback) = load(&state, &signed_in).await?;
    let session = find_session(&feedback, &session_id)?;
    let mut form = NewActionForm {
        theme: fields.get("theme"),
        description: fields.get("description"),
        owner: fields.get("owner"),
        due_on: DateFields::read(&fields, "due_on"),
        ..NewActionForm::default()
    };
    let mut errors = Errors::default();
    let theme = form
        .theme
        .parse::<u32>()
        .ok()
        .filter(|number| session.theme(*number).is_some());
    if theme.is_none() {
        form.theme_error = errors.add("theme", "Choose the theme the action answers");
    }
    form.description_error = required_text(
        &mut errors,
        "description",
        &form.description,
        "Enter what will be done",
        LONG_TEXT,
    );
    form.owner_error = required_text(
        &mut errors,
        "owner",
        &form.owner,
        "Enter the role or team that owns the action, such as Principal social worker",
        SHORT_TEXT,
    );
    let due_on = match form.due_on.parse("The due date") {
        Ok(Some(due)) if due < session.details.held_on => {
            let message = "The due date must be on or after the session".to_owned();
            errors.add("due_on-day", &message);
            form.due_on_errors.push(message);
            None
        }
        Ok(due) => due,
        Err(message) => {
            errors.add("due_on-day", &message);
            form.due_on_errors.push(message);
            None
        }
    };
    let Some(theme) = theme.filter(|_| errors.0.is_empty()) else {
        return Ok(
            session_page(&signed_in, &session, ThemeForm::default(), form, errors.0)
                .into_response(),
        );
    };
    let id = session.details.id;
    let action = Action {
        number: session.next_action_number(),
        theme,
        description: form.description.trim().to_owned(),
        owner: form.owner.trim().to_owned(),
        status: ActionStatus::Open,
        due_on,
        done_on: None,
        what_we_did: None,
    };
    let description = format!("feedback session {id}: action {} added", action.number);
    match change_feedback(
        state.store.as_ref(),
        council,
        request(&signed_in, &description),
        vec![FeedbackChange::PutAction {
            session: id,
            action,
        }],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?action=1#themes", session_href(id))).into_response()),
        Err(error) => {
            let reason = refusal(error)?;
            form.description_error = errors.add("description", reason.to_string());
            Ok(
                session_page(&signed_in, &session, ThemeForm::default(), form, errors.0)
                    .into_response(),
            )
        }
    }
}

// ---------------------------------------------------------------- an action

/// The action form as typed.
#[derive(Debug, Default)]
pub struct ActionForm {
    status: String,
    done_on: DateFields,
    what_we_did: String,
    status_error: Option<String>,
    done_on_errors: Vec<String>,
    what_we_did_error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_action.html")]
/// The form to update an action and mark it done.
pub struct ActionPage {
    page: Page,
    session_href: String,
    session_title: String,
    theme: String,
    details: Vec<(&'static str, String)>,
    action: String,
    errors: Vec<SummaryError>,
    form: ActionForm,
    statuses: Vec<Choice>,
}

fn find_action(session: &FeedbackSession, number: &str) -> Result<Action, WebError> {
    let number: u32 = number.parse().map_err(|_| WebError::NotFound)?;
    session.action(number).cloned().ok_or(WebError::NotFound)
}

fn action_page(
    signed_in: &SignedIn,
    session: &FeedbackSession,
    action: &Action,
    form: ActionForm,
    errors: Vec<SummaryError>,
) -> ActionPage {
    let statuses = ActionStatus::ALL
        .iter()
        .map(|status| Choice::new(status.as_str(), status.label(), &form.status))
        .collect();
    ActionPage {
        page: Page::for_user(signed_in, HOME_HREF),
        session_href: session_href(session.details.id),
        session_title: session.details.title.clone(),
        theme: session
            .theme(action.theme)
            .map(|theme| theme.text.clone())
            .unwrap_or_default(),
        details: vec![
            ("Action", action.description.clone()),
            ("Owner", action.owner.clone()),
            ("Due", optional_date(action.due_on)),
        ],
        action: action_href(session.details.id, action.number),
        errors,
        form,
        statuses,
    }
}

/// `GET /feedback/sessions/{session_id}/actions/{number}`: the form to update an
/// action's status and, when done, say what was done.
pub async fn edit_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((session_id, number)): Path<(String, String)>,
) -> Result<ActionPage, WebError> {
    let (_, feedback) = load(&state, &signed_in).await?;
    let session = find_session(&feedback, &session_id)?;
    let action = find_action(&session, &number)?;
    let form = ActionForm {
        status: action.status.as_str().to_owned(),
        done_on: DateFields::of(action.done_on),
        what_we_did: action.what_we_did.clone().unwrap_or_default(),
        ..ActionForm::default()
    };
    Ok(action_page(&signed_in, &session, &action, form, Vec::new()))
}

/// `POST /feedback/sessions/{session_id}/actions/{number}`: saves the action.
pub async fn save_action(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((session_id, number)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let (council, feedback) = load(&state, &signed_in).await?;
    let session = find_session(&feedback, &session_id)?;
    let action = find_action(&session, &number)?;
    let mut form = ActionForm {
        status: fields.get("status"),
        done_on: DateFields::read(&fields, "done_on"),
        what_we_did: fields.get("what_we_did"),
        ..ActionForm::default()
    };
    let mut errors = Errors::default();
    let status = ActionStatus::parse(&form.status).ok();
    if status.is_none() {
        form.status_error = errors.add("status", "Choose where the action stands");
    }
    let done = status == Some(ActionStatus::Done);
    let done_on = match form.done_on.parse("The date it was done") {
        Ok(Some(date)) if !done => {
            let _ = date;
            let message = "Leave the date it was done empty unless the action is done".to_owned();
            errors.add("done_on-day", &message);
            form.done_on_errors.push(message);
            None
        }
        Ok(Some(date)) if date < session.details.held_on => {
            let message = "The date it was done must be on or after the session".to_owned();
            errors.add("done_on-day", &message);
            form.done_on_errors.push(message);
            None
        }
        Ok(Some(date)) if date > today() => {
            let message = "The date it was done must be today or in the past".to_owned();
            errors.add("done_on-day", &message);
            form.done_on_errors.push(message);
            None
        }
        Ok(None) if done => {
            let message = "Enter the date the action was done".to_owned();
            errors.add("done_on-day", &message);
            form.done_on_errors.push(message);
            None
        }
        Ok(date) => date,
        Err(message) => {
            errors.add("done_on-day", &message);
            form.done_on_errors.push(message);
            None
        }
    };
    let what_we_did = form.what_we_did.trim().to_owned();
    if done {
        form.what_we_did_error = required_text(
            &mut errors,
            "what_we_did",
            &what_we_did,
            "Say what was done: it is published in \"you said, we did\"",
            LONG_TEXT,
        );
    } else if what_we_did.chars().count() > LONG_TEXT {
        form.what_we_did_error = errors.add(
            "what_we_did",
            format!("Must be {LONG_TEXT} characters or fewer"),
        );
    }
    let Some(status) = status.filter(|_| errors.0.is_empty()) else {
        return Ok(action_page(&signed_in, &session, &action, form, errors.0).into_response());
    };
    let id = session.details.id;
    let changed = Action {
        status,
        done_on,
        what_we_did: (!what_we_did.is_empty()).then_some(what_we_did),
        ..action.clone()
    };
    let description = format!(
        "feedback session {id}: action {} is {}",
        action.number,
        status.label().to_lowercase()
    );
    match change_feedback(
        state.store.as_ref(),
        council,
        request(&signed_in, &description),
        vec![FeedbackChange::PutAction {
            session: id,
            action: changed,
        }],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?saved=1#themes", session_href(id))).into_response()),
        Err(error) => {
            let reason = refusal(error)?;
            form.status_error = errors.add("status", reason.to_string());
            Ok(action_page(&signed_in, &session, &action, form, errors.0).into_response())
        }
    }
}

// ---------------------------------------------------------------- you said, we did

/// One theme of "you said, we did".
#[derive(Debug)]
struct YouSaidRow {
    session: String,
    held_on: String,
    theme: String,
    standard: String,
    done: Vec<(String, String)>,
    working_on: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_you_said.html")]
/// "You said, we did".
pub struct YouSaidPage {
    page: Page,
    rows: Vec<YouSaidRow>,
}

/// `GET /feedback/you-said-we-did`: every theme with its actions, newest first.
pub async fn you_said(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<YouSaidPage, WebError> {
    let (_, feedback) = load(&state, &signed_in).await?;
    let rows = you_said_we_did(&feedback)
        .into_iter()
        .map(|entry| YouSaidRow {
            session: entry.session.title.clone(),
            held_on: long_date(entry.session.held_on),
            theme: entry.theme.text.clone(),
            standard: standard_label(entry.theme.standard),
            done: entry
                .done
                .iter()
                .map(|action| {
                    (
                        action.what_we_did.clone().unwrap_or_default(),
                        optional_date(action.done_on),
                    )
                })
                .collect(),
            working_on: entry
                .working_on
                .iter()
                .map(|action| (action.description.clone(), action.owner.clone()))
                .collect(),
        })
        .collect();
    Ok(YouSaidPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        rows,
    })
}
