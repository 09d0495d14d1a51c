//! `/caseloads/settings`: the bands' lower bounds, the threshold of each role and what
//! "rising fast" means. Only the workforce lead changes them; the ASYE threshold is
//! the academy's caseload limit, shown here and changed on the academy's settings.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::{CaseloadSettingsError, put_caseload_settings};
use pathway_domain::caseload::CaseloadSettings;
use pathway_domain::codes::Role;
use serde::Deserialize;

use super::{CaseloadScope, SECTION};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::role_label;
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// One role's threshold, as typed.
#[derive(Debug, Clone)]
pub struct ThresholdField {
    id: String,
    label: String,
    value: String,
    error: Option<String>,
}

/// The settings form, as typed.
#[derive(Debug, Clone)]
pub struct SettingsForm {
    band_bounds: String,
    band_bounds_error: Option<String>,
    thresholds: Vec<ThresholdField>,
    rising_cases: String,
    rising_cases_error: Option<String>,
    rising_days: String,
    rising_days_error: Option<String>,
}

fn roles() -> impl Iterator<Item = Role> {
    Role::ALL.iter().copied().filter(|role| *role != Role::Asye)
}

impl SettingsForm {
    fn of(settings: &CaseloadSettings) -> Self {
        let bounds: Vec<String> = settings.band_bounds.iter().map(u32::to_string).collect();
        Self {
            band_bounds: bounds.join(", "),
            band_bounds_error: None,
            thresholds: roles()
                .map(|role| ThresholdField {
                    id: format!("threshold-{role}"),
                    label: role_label(role),
                    value: settings.threshold(role, 0).to_string(),
                    error: None,
                })
                .collect(),
            rising_cases: settings.rising_cases.to_string(),
            rising_cases_error: None,
            rising_days: settings.rising_days.to_string(),
            rising_days_error: None,
        }
    }

    fn read(fields: &FormFields) -> Self {
        Self {
            band_bounds: fields.get("band_bounds"),
            band_bounds_error: None,
            thresholds: roles()
                .map(|role| ThresholdField {
                    id: format!("threshold-{role}"),
                    label: role_label(role),
                    value: fields.get(&format!("threshold-{role}")),
                    error: None,
                })
                .collect(),
            rising_cases: fields.get("rising_cases"),
            rising_cases_error: None,
            rising_days: fields.get("rising_days"),
            rising_days_error: None,
        }
    }

    fn errors(&self) -> Vec<SummaryError> {
        let mut errors = Vec::new();
        let mut push = |field: &str, error: &Option<String>| {
            if let Some(message) = error {
                errors.push(SummaryError {
                    field: field.to_owned(),
                    message: message.clone(),
                });
            }
        };
        push("band_bounds", &self.band_bounds_error);
        for threshold in &self.thresholds {
            push(&threshold.id, &threshold.error);
        }
        push("rising_cases", &self.rising_cases_error);
        push("rising_days", &self.rising_days_error);
        errors
    }

    /// The settings typed, or the form with what is wrong marked: numbers that are not
    /// whole numbers here, the domain's rules after.
    fn check(&mut self) -> Option<CaseloadSettings> {
        let whole = |text: &str| text.trim().parse::<u32>().ok();
        let bounds: Result<Vec<u32>, String> = self
            .band_bounds
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                whole(part).ok_or_else(|| {
                    format!("Enter the band lower bounds as whole numbers separated by commas, for example 0, 20, 25, 30; {part} is not one")
                })
            })
            .collect();
        let band_bounds = bounds.map_err(|e| self.band_bounds_error = Some(e)).ok();
        let mut thresholds = std::collections::BTreeMap::new();
        for (role, field) in roles().zip(self.thresholds.iter_mut()) {
            match whole(&field.value) {
                Some(cases) => {
                    thresholds.insert(role, cases);
                }
                None => {
                    field.error = Some(format!(
                        "Enter the threshold for {} as a whole number of cases",
                        field.label.to_lowercase()
                    ));
                }
            }
        }
        let rising_cases = whole(&self.rising_cases);
        if rising_cases.is_none() {
            self.rising_cases_error = Some("Enter the rise as a whole number of cases".into());
        }
        let rising_days = whole(&self.rising_days);
        if rising_days.is_none() {
            self.rising_days_error = Some("Enter the period as a whole number of days".into());
        }
        if !self.errors().is_empty() {
            return None;
        }
        let settings = CaseloadSettings {
            band_bounds: band_bounds?,
            thresholds,
            rising_cases: rising_cases?,
            rising_days: rising_days?,
        };
        let problems = settings.problems();
        if problems.is_empty() {
            return Some(settings);
        }
        for problem in problems {
            self.mark(&problem.field(), problem.to_string());
        }
        None
    }

    /// Marks the field the domain names (`thresholds.social_worker` is the box
    /// `threshold-social_worker`).
    fn mark(&mut self, field: &str, message: String) {
        match field {
            "band_bounds" => {
                self.band_bounds_error.get_or_insert(message);
            }
            "rising_cases" => self.rising_cases_error = Some(message),
            "rising_days" => self.rising_days_error = Some(message),
            other => {
                let id = other.replacen("thresholds.", "threshold-", 1);
                match self.thresholds.iter_mut().find(|t| t.id == id) {
                    Some(threshold) => threshold.error = Some(message),
                    None => {
                        self.band_bounds_error.get_or_insert(message);
                    }
                }
            }
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "caseloads_settings.html")]
/// The settings page.
pub struct SettingsPage {
    page: Page,
    home_href: &'static str,
    saved: bool,
    asye_limit: u32,
    errors: Vec<SummaryError>,
    form: SettingsForm,
}

/// What the page's address may say after a change.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsQuery {
    saved: Option<String>,
}

/// Loads the caseload records of a workforce lead: anyone else may not change the
/// settings.
async fn lead_scope(state: &AppState, signed_in: &SignedIn) -> Result<CaseloadScope, WebError> {
    let scope = CaseloadScope::load(state, &signed_in.user).await?;
    if scope.is_workforce_lead() {
        Ok(scope)
    } else {
        Err(WebError::Forbidden)
    }
}

fn settings_page(
    signed_in: &SignedIn,
    scope: &CaseloadScope,
    form: SettingsForm,
    saved: bool,
) -> SettingsPage {
    SettingsPage {
        page: Page::for_user(signed_in, SECTION),
        home_href: home_href(signed_in),
        saved,
        asye_limit: scope.records.asye_limit,
        errors: form.errors(),
        form,
    }
}

/// `GET /caseloads/settings`: the settings, ready to change.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<SettingsQuery>,
) -> Result<SettingsPage, WebError> {
    let scope = lead_scope(&state, &signed_in).await?;
    let form = SettingsForm::of(&scope.records.settings);
    Ok(settings_page(
        &signed_in,
        &scope,
        form,
        query.saved.as_deref() == Some("1"),
    ))
}

/// `POST /caseloads/settings`: checks and saves the settings.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let scope = lead_scope(&state, &signed_in).await?;
    let mut form = SettingsForm::read(&fields);
    let Some(settings) = form.check() else {
        return Ok(settings_page(&signed_in, &scope, form, false).into_response());
    };
    match put_caseload_settings(
        state.store.as_ref(),
        scope.council,
        settings,
        &signed_in.user.email,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/caseloads/settings?saved=1").into_response()),
        Err(CaseloadSettingsError::Store(error)) => Err(error.into()),
        Err(CaseloadSettingsError::Invalid(problems)) => {
            for problem in problems {
                form.mark(&problem.field(), problem.to_string());
            }
            Ok(settings_page(&signed_in, &scope, form, false).into_response())
        }
    }
}
