//! The academy's settings page: the induction checklist's items (change their
//! words, order, add one, remove some) and the settings the ASYE checks use (the
//! caseload limit and the working week).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_academy;
use pathway_domain::academy::{AcademyChange, AcademySettings, ChecklistItem};
use pathway_domain::ids::ChecklistItemId;
use serde::Deserialize;

use super::{FormFields, HOME_HREF, SummaryError, load, refusal, request};
use crate::AppState;
use crate::error::WebError;
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// The most checklist items kept.
const MOST_ITEMS: usize = 100;

/// One item of the checklist form, as typed.
#[derive(Debug, Clone)]
struct ItemForm {
    /// Its place in the form, from 1: the prefix of its fields, `item-3`.
    prefix: String,
    id: String,
    label: String,
    position: String,
    remove: bool,
    label_error: Option<String>,
    position_error: Option<String>,
}

/// The settings form, as typed.
#[derive(Debug, Clone, Default)]
struct SettingsForm {
    items: Vec<ItemForm>,
    new_item: String,
    caseload_limit: String,
    weekly_hours: String,
    new_item_error: Option<String>,
    caseload_limit_error: Option<String>,
    weekly_hours_error: Option<String>,
}

impl SettingsForm {
    fn of(items: &[ChecklistItem], settings: AcademySettings) -> Self {
        Self {
            items: items
                .iter()
                .enumerate()
                .map(|(index, item)| ItemForm {
                    prefix: format!("item-{}", index + 1),
                    id: item.id.to_string(),
                    label: item.label.clone(),
                    position: (index + 1).to_string(),
                    remove: false,
                    label_error: None,
                    position_error: None,
                })
                .collect(),
            caseload_limit: settings.asye_caseload_limit.to_string(),
            weekly_hours: format_hours(settings.weekly_hours),
            ..Self::default()
        }
    }

    fn read(fields: &FormFields) -> Self {
        let count = fields
            .get("item_count")
            .parse::<usize>()
            .unwrap_or(0)
            .min(MOST_ITEMS);
        Self {
            items: (1..=count)
                .map(|index| {
                    let prefix = format!("item-{index}");
                    ItemForm {
                        id: fields.get(&format!("{prefix}-id")),
                        label: fields.get(&format!("{prefix}-label")),
                        position: fields.get(&format!("{prefix}-position")),
                        remove: fields.ticked(&format!("{prefix}-remove")),
                        label_error: None,
                        position_error: None,
                        prefix,
                    }
                })
                .collect(),
            new_item: fields.get("new_item"),
            caseload_limit: fields.get("asye_caseload_limit"),
            weekly_hours: fields.get("weekly_hours"),
            ..Self::default()
        }
    }

    fn errors(&self) -> Vec<SummaryError> {
        let mut list = Vec::new();
        for item in &self.items {
            for (suffix, error) in [
                ("label", &item.label_error),
                ("position", &item.position_error),
            ] {
                if let Some(message) = error {
                    list.push(SummaryError {
                        field: format!("{}-{suffix}", item.prefix),
                        message: message.clone(),
                    });
                }
            }
        }
        for (field, error) in [
            ("new_item", &self.new_item_error),
            ("asye_caseload_limit", &self.caseload_limit_error),
            ("weekly_hours", &self.weekly_hours_error),
        ] {
            if let Some(message) = error {
                list.push(SummaryError {
                    field: field.to_owned(),
                    message: message.clone(),
                });
            }
        }
        list
    }

    /// Checks the form: the checklist in its new order and the settings, or the
    /// form with its errors marked.
    fn check(&mut self) -> Option<(Vec<ChecklistItem>, AcademySettings)> {
        let mut kept: Vec<(u32, usize, ChecklistItemId, String)> = Vec::new();
        for (index, item) in self.items.iter_mut().enumerate() {
            if item.remove {
                continue;
            }
            let label = item.label.trim();
            if label.is_empty() {
                item.label_error = Some(format!("Enter the words of item {}", index + 1));
            }
            let position = item.position.trim().parse::<u32>().ok().filter(|p| *p >= 1);
            if position.is_none() {
                item.position_error = Some(format!(
                    "Enter the place of item {} as a whole number, 1 or more",
                    index + 1
                ));
            }
            match (ChecklistItemId::parse(&item.id), position) {
                (Ok(id), Some(position)) if !label.is_empty() => {
                    kept.push((position, index, id, label.to_owned()));
                }
                (Err(_), _) => return None,
                _ => {}
            }
        }
        let new_label = self.new_item.trim().to_owned();
        if new_label.chars().count() > 200 {
            self.new_item_error = Some("The new item must be 200 characters or fewer".into());
        }
        let limit = self
            .caseload_limit
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|limit| (1..=100).contains(limit));
        if limit.is_none() {
            self.caseload_limit_error =
                Some("Enter the caseload limit as a whole number from 1 to 100".into());
        }
        let hours = self
            .weekly_hours
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|hours| *hours > 0.0 && *hours <= 60.0);
        if hours.is_none() {
            self.weekly_hours_error =
                Some("Enter the working week in hours, more than 0 and at most 60".into());
        }
        if kept.is_empty() && new_label.is_empty() && self.errors().is_empty() {
            self.new_item_error = Some("The checklist needs at least one item: add one".into());
        }
        if !self.errors().is_empty() {
            return None;
        }
        kept.sort_by_key(|(position, index, ..)| (*position, *index));
        let mut items: Vec<ChecklistItem> = kept
            .into_iter()
            .map(|(_, _, id, label)| ChecklistItem {
                id,
                label,
                position: 0,
            })
            .collect();
        if !new_label.is_empty() {
            let taken: Vec<&str> = self.items.iter().map(|item| item.id.as_str()).collect();
            let id = ChecklistItemId::parse(&new_id(&new_label, &taken)).ok()?;
            items.push(ChecklistItem {
                id,
                label: new_label,
                position: 0,
            });
        }
        for (item, position) in items.iter_mut().zip(1..) {
            item.position = position;
        }
        Some((
            items,
            AcademySettings {
                asye_caseload_limit: limit?,
                weekly_hours: hours?,
            },
        ))
    }
}

/// Hours as a form shows them: `37` or `37.5`.
fn format_hours(hours: f64) -> String {
    if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours}")
    }
}

/// A new item's ID from its words: `Car parking permit` becomes `car_parking_permit`,
/// made unique among `taken` with a number.
fn new_id(label: &str, taken: &[&str]) -> String {
    let mut base = String::new();
    for character in label.to_lowercase().chars() {
        if character.is_ascii_alphanumeric() {
            base.push(character);
        } else if !base.ends_with('_') && !base.is_empty() {
            base.push('_');
        }
    }
    let mut base: String = base.trim_end_matches('_').chars().take(40).collect();
    if base.is_empty() {
        base = "item".to_owned();
    }
    let mut id = base.clone();
    let mut number = 2;
    while taken.contains(&id.as_str()) {
        id = format!("{base}_{number}");
        number += 1;
    }
    id
}

#[derive(Template, WebTemplate)]
#[template(path = "academy_settings.html")]
/// The settings page.
pub struct SettingsPage {
    page: Page,
    home_href: &'static str,
    saved: bool,
    errors: Vec<SummaryError>,
    form: SettingsForm,
}

/// What the page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct SettingsQuery {
    saved: Option<String>,
}

fn settings_page(signed_in: &SignedIn, form: SettingsForm, saved: bool) -> SettingsPage {
    SettingsPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        saved,
        errors: form.errors(),
        form,
    }
}

/// `GET /academy/settings`: the checklist and the settings, ready to change.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<SettingsQuery>,
) -> Result<SettingsPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let form = SettingsForm::of(&loaded.academy.checklist(), loaded.academy.settings);
    Ok(settings_page(
        &signed_in,
        form,
        query.saved.as_deref() == Some("1"),
    ))
}

/// `POST /academy/settings`: checks the form and saves the checklist and the
/// settings in one change.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let mut form = SettingsForm::read(&fields);
    let Some((items, settings)) = form.check() else {
        if form.errors().is_empty() {
            // An item's hidden ID was tampered with: nothing a person typed is wrong.
            return Err(WebError::NotFound);
        }
        return Ok(settings_page(&signed_in, form, false).into_response());
    };
    let description = format!("induction checklist ({} items) and settings", items.len());
    match change_academy(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![
            AcademyChange::ReplaceChecklist(items),
            AcademyChange::PutSettings(settings),
        ],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/academy/settings?saved=1").into_response()),
        Err(error) => {
            form.new_item_error = Some(refusal(error)?.messages().join(" "));
            Ok(settings_page(&signed_in, form, false).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_items_id_is_made_from_its_words_and_kept_unique() {
        assert_eq!(new_id("Car parking permit", &[]), "car_parking_permit");
        assert_eq!(new_id("Laptop!", &["laptop"]), "laptop_2");
        assert_eq!(new_id("  ", &[]), "item");
    }
}
