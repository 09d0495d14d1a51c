//! `/career/framework`: the levels and their criteria grouped by area; the
//! workforce lead renames a level, rewords or retires a criterion and adds one.
//! Criteria are never removed, so past assessments keep their meaning.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_career;
use pathway_domain::access::Permission;
use pathway_domain::career::{Area, CareerChange, Criterion, Framework};
use serde::Deserialize;

use super::{load, refusal, request};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::{Choice, role_label};
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// One criterion as shown (and, for the lead, edited).
#[derive(Debug)]
pub struct CriterionView {
    id: String,
    text: String,
    retired: bool,
    error: Option<String>,
}

/// A level's criteria of one area.
#[derive(Debug)]
pub struct AreaGroup {
    label: String,
    criteria: Vec<CriterionView>,
}

/// A level as shown.
#[derive(Debug)]
pub struct LevelView {
    id: String,
    name: String,
    roles: String,
    groups: Vec<AreaGroup>,
    name_value: String,
    name_error: Option<String>,
    new_text: String,
    new_error: Option<String>,
    area_choices: Vec<Choice>,
}

/// The framework page.
#[derive(Template, WebTemplate)]
#[template(path = "career_framework.html")]
pub struct FrameworkPage {
    page: Page,
    home_href: &'static str,
    levels: Vec<LevelView>,
    may_edit: bool,
    errors: Vec<SummaryError>,
    banner: Option<String>,
}

/// A rejected edit: the field, what is wrong and what was typed.
#[derive(Debug, Default)]
struct EditError {
    field: String,
    message: String,
    typed: String,
    area: String,
}

fn render(
    signed_in: &SignedIn,
    framework: &Framework,
    error: Option<EditError>,
    banner: Option<String>,
) -> FrameworkPage {
    let may_edit = signed_in.user.role.allows(Permission::EditFramework);
    let error_for = |field: &str| {
        error
            .as_ref()
            .filter(|e| e.field == field)
            .map(|e| (e.message.clone(), e.typed.clone()))
    };
    let levels = framework
        .levels
        .iter()
        .map(|level| {
            let mut groups: Vec<(Area, AreaGroup)> = Vec::new();
            for criterion in framework.criteria.iter().filter(|c| c.level == level.id) {
                if criterion.retired && !may_edit {
                    continue;
                }
                let typed = error_for(&format!("text-{}", criterion.id));
                let view = CriterionView {
                    id: criterion.id.clone(),
                    text: typed
                        .as_ref()
                        .map_or_else(|| criterion.text.clone(), |(_, t)| t.clone()),
                    retired: criterion.retired,
                    error: typed.map(|(m, _)| m),
                };
                match groups.iter_mut().find(|(a, _)| *a == criterion.area) {
                    Some((_, group)) => group.criteria.push(view),
                    None => groups.push((
                        criterion.area,
                        AreaGroup {
                            label: criterion.area.label().to_owned(),
                            criteria: vec![view],
                        },
                    )),
                }
            }
            groups.sort_by_key(|(area, _)| *area);
            let name = error_for(&format!("name-{}", level.id));
            let new = error_for(&format!("new-{}", level.id));
            let chosen_area = error
                .as_ref()
                .filter(|e| e.field == format!("new-{}", level.id))
                .map_or_else(String::new, |e| e.area.clone());
            LevelView {
                id: level.id.clone(),
                name: level.name.clone(),
                roles: level
                    .roles
                    .iter()
                    .map(|r| role_label(*r))
                    .collect::<Vec<_>>()
                    .join(", "),
                groups: groups.into_iter().map(|(_, g)| g).collect(),
                name_value: name
                    .as_ref()
                    .map_or_else(|| level.name.clone(), |(_, t)| t.clone()),
                name_error: name.map(|(m, _)| m),
                new_text: new.as_ref().map_or_else(String::new, |(_, t)| t.clone()),
                new_error: new.map(|(m, _)| m),
                area_choices: Area::ALL
                    .iter()
                    .map(|a| Choice::new(a.as_str(), a.label(), &chosen_area))
                    .collect(),
            }
        })
        .collect();
    FrameworkPage {
        page: Page::for_user(signed_in, "/career"),
        home_href: home_href(signed_in),
        levels,
        may_edit,
        errors: error
            .map(|e| {
                vec![SummaryError {
                    field: e.field,
                    message: e.message,
                }]
            })
            .unwrap_or_default(),
        banner,
    }
}

/// The query of the framework page: what was just saved.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// `GET /career/framework`.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<SavedQuery>,
) -> Result<FrameworkPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let banner = query.saved.map(|_| "Framework saved".to_owned());
    Ok(render(&signed_in, &loaded.framework(), None, banner))
}

/// The framework after an edit and what changed, or the message shown against the
/// field at fault: [`edited`] without the page's copy of what was typed.
pub fn edit(framework: &Framework, fields: &FormFields) -> Result<(Framework, String), String> {
    edited(framework, fields).map_err(|error| error.message)
}

/// The framework after an edit, or what is wrong with it.
fn edited(framework: &Framework, fields: &FormFields) -> Result<(Framework, String), EditError> {
    let mut new = framework.clone();
    let refuse = |field: String, message: &str, typed: String| EditError {
        field,
        message: message.to_owned(),
        typed,
        area: String::new(),
    };
    match fields.get("form").as_str() {
        "rename" => {
            let id = fields.get("level");
            let field = format!("name-{id}");
            let name = fields.get(&field).trim().to_owned();
            let level = new
                .levels
                .iter_mut()
                .find(|l| l.id == id)
                .ok_or_else(|| refuse(field.clone(), "There is no such level", name.clone()))?;
            if name.is_empty() || name.chars().count() > 100 {
                return Err(refuse(
                    field,
                    "Enter the level's name, 100 characters or fewer",
                    name,
                ));
            }
            level.name = name.clone();
            Ok((new, format!("renamed level {id} to {name}")))
        }
        "reword" => {
            let id = fields.get("criterion");
            let field = format!("text-{id}");
            let text = fields.get(&field).trim().to_owned();
            let retired = fields.ticked(&format!("retired-{id}"));
            let criterion = new
                .criteria
                .iter_mut()
                .find(|c| c.id == id)
                .ok_or_else(|| refuse(field.clone(), "There is no such criterion", text.clone()))?;
            if text.is_empty() || text.chars().count() > 500 {
                return Err(refuse(
                    field,
                    "Enter the criterion's words, 500 characters or fewer",
                    text,
                ));
            }
            criterion.text = text;
            criterion.retired = retired;
            Ok((
                new,
                format!(
                    "changed criterion {id}{}",
                    if retired { " (retired)" } else { "" }
                ),
            ))
        }
        "add" => {
            let level = fields.get("level");
            let field = format!("new-{level}");
            let text = fields.get(&field).trim().to_owned();
            let area_text = fields.get(&format!("area-{level}"));
            if framework.level(&level).is_none() {
                return Err(refuse(field, "There is no such level", text));
            }
            let Ok(area) = Area::parse(&area_text) else {
                return Err(EditError {
                    field,
                    message: "Choose the area the criterion belongs to".into(),
                    typed: text,
                    area: area_text,
                });
            };
            if text.is_empty() || text.chars().count() > 500 {
                return Err(EditError {
                    field,
                    message: "Enter the new criterion's words, 500 characters or fewer".into(),
                    typed: text,
                    area: area_text,
                });
            }
            let id = framework.new_criterion_id(&level);
            new.criteria.push(Criterion {
                id: id.clone(),
                level: level.clone(),
                area,
                text,
                retired: false,
            });
            Ok((new, format!("added criterion {id} to level {level}")))
        }
        _ => Err(refuse(
            "form".into(),
            "Choose what to change",
            String::new(),
        )),
    }
}

/// `POST /career/framework`: one edit by the workforce lead.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let framework = loaded.framework();
    let (new, description) = match edited(&framework, &fields) {
        Ok(edit) => edit,
        Err(error) => {
            return Ok(render(&signed_in, &framework, Some(error), None).into_response());
        }
    };
    let description = format!("framework: {description}");
    match change_career(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        vec![CareerChange::PutFramework(new)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/career/framework?saved=1").into_response()),
        Err(error) => {
            let message = refusal(error)?;
            let error = EditError {
                field: "form".into(),
                message,
                ..EditError::default()
            };
            Ok(render(&signed_in, &framework, Some(error), None).into_response())
        }
    }
}
