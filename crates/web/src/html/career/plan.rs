//! `/career/people/{worker_id}/plan`: a person's development plan: actions with a
//! due date and a status; the person (or whoever signs off their assessments) adds
//! actions and moves them on.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_career;
use pathway_domain::career::{ActionStatus, CareerChange, PlanAction};
use pathway_domain::records::Worker;
use serde::Deserialize;

use super::{
    Loaded, find, load, may_plan, person_href, plan_href, record_view, refusal, request, today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::{Choice, long_date, maybe_date};
use crate::html::person::{full_name, home_href};
use crate::page::{Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// One action with its update form.
#[derive(Debug)]
pub struct ActionRow {
    number: u32,
    description: String,
    due: String,
    status: String,
    done: String,
    choices: Vec<Choice>,
}

/// The add form, as typed.
#[derive(Debug, Default)]
pub struct AddForm {
    description: String,
    day: String,
    month: String,
    year: String,
    description_error: Option<String>,
    due_errors: Vec<String>,
}

/// The plan page.
#[derive(Template, WebTemplate)]
#[template(path = "career_plan.html")]
pub struct PlanPage {
    page: Page,
    home_href: &'static str,
    name: String,
    person_href: String,
    action: String,
    may_change: bool,
    actions: Vec<ActionRow>,
    form: AddForm,
    errors: Vec<SummaryError>,
    banner: Option<String>,
}

fn status_choices(current: &str) -> Vec<Choice> {
    ActionStatus::ALL
        .iter()
        .map(|s| Choice::new(s.as_str(), s.label(), current))
        .collect()
}

fn render(
    signed_in: &SignedIn,
    loaded: &Loaded,
    worker: &Worker,
    form: AddForm,
    mut errors: Vec<SummaryError>,
    banner: Option<String>,
) -> PlanPage {
    if let Some(message) = &form.description_error {
        errors.push(SummaryError {
            field: "description".into(),
            message: message.clone(),
        });
    }
    for message in &form.due_errors {
        errors.push(SummaryError {
            field: "due-day".into(),
            message: message.clone(),
        });
    }
    PlanPage {
        page: Page::for_user(signed_in, "/career"),
        home_href: home_href(signed_in),
        name: full_name(worker),
        person_href: person_href(&worker.id),
        action: plan_href(&worker.id),
        may_change: may_plan(signed_in, &worker.id),
        actions: loaded
            .career
            .plan_of(&worker.id)
            .into_iter()
            .map(|a| ActionRow {
                number: a.number,
                description: a.description.clone(),
                due: maybe_date(a.due_on, "No date"),
                status: a.status.label().to_owned(),
                done: a.done_on.map(long_date).unwrap_or_default(),
                choices: status_choices(a.status.as_str()),
            })
            .collect(),
        form,
        errors,
        banner,
    }
}

/// The query of the plan page: what was just saved.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// `GET /career/people/{worker_id}/plan`: recorded in the audit trail.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<PlanPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let people = loaded.people(&signed_in);
    let worker = find(&people, &worker_id)?;
    record_view(
        &state,
        &signed_in,
        loaded.council,
        format!("development plan of worker {}", worker.id),
    )
    .await?;
    let banner = match query.saved.as_deref() {
        Some("added") => Some("Action added".to_owned()),
        Some("updated") => Some("Action updated".to_owned()),
        _ => None,
    };
    Ok(render(
        &signed_in,
        &loaded,
        worker,
        AddForm::default(),
        Vec::new(),
        banner,
    ))
}

/// `POST /career/people/{worker_id}/plan`: adds an action (`form=add`) or changes an
/// action's status (`form=update`, `number`).
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let people = loaded.people(&signed_in);
    let worker = find(&people, &worker_id)?;
    if !may_plan(&signed_in, &worker.id) {
        return Err(WebError::NotFound);
    }
    let (action, saved) = if fields.get("form") == "update" {
        let number: u32 = fields
            .get("number")
            .parse()
            .map_err(|_| WebError::NotFound)?;
        let old = loaded
            .career
            .plan_of(&worker.id)
            .into_iter()
            .find(|a| a.number == number)
            .ok_or(WebError::NotFound)?;
        let status = ActionStatus::parse(&fields.get(&format!("status-{number}")))
            .map_err(|_| WebError::NotFound)?;
        let done_on = (status == ActionStatus::Done).then(|| old.done_on.unwrap_or_else(today));
        (
            PlanAction {
                status,
                done_on,
                ..old.clone()
            },
            "updated",
        )
    } else {
        let mut form = AddForm {
            description: fields.get("description").trim().to_owned(),
            day: fields.get("due-day"),
            month: fields.get("due-month"),
            year: fields.get("due-year"),
            ..AddForm::default()
        };
        if form.description.is_empty() {
            form.description_error = Some("Enter what you will do".into());
        } else if form.description.chars().count() > 500 {
            form.description_error = Some("The action must be 500 characters or fewer".into());
        }
        let due = match date_input("Due date", &form.day, &form.month, &form.year) {
            Ok(due) => due,
            Err(message) => {
                form.due_errors.push(message);
                None
            }
        };
        if form.description_error.is_some() || !form.due_errors.is_empty() {
            return Ok(render(&signed_in, &loaded, worker, form, Vec::new(), None).into_response());
        }
        (
            PlanAction {
                worker_id: worker.id.clone(),
                number: loaded.career.next_action_number(&worker.id),
                description: form.description,
                due_on: due,
                status: ActionStatus::Planned,
                done_on: None,
            },
            "added",
        )
    };
    let description = format!(
        "{saved} action {} of the development plan of worker {}",
        action.number, worker.id
    );
    match change_career(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        vec![CareerChange::PutAction(action)],
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?saved={saved}", plan_href(&worker.id))).into_response())
        }
        Err(error) => {
            let message = refusal(error)?;
            Ok(render(
                &signed_in,
                &loaded,
                worker,
                AddForm::default(),
                vec![SummaryError {
                    field: "description".into(),
                    message,
                }],
                None,
            )
            .into_response())
        }
    }
}
