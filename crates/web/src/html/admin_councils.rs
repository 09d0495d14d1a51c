//! The installation administrator's councils: the list, adding a council with its
//! first workforce lead (whose one-time password is shown once), changing a council's
//! name, region and naming in benchmarks, and adding a regional viewer who sees a
//! chosen group of councils.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::StoreError;
use pathway_app::accounts::AccountError;
use pathway_app::installation::{self, InstallationError, NewCouncil};
use pathway_domain::CouncilCode;
use pathway_domain::benchmarking::{InstallationCouncil, Region};

use crate::AppState;
use crate::error::WebError;
use crate::page::{FieldError, Page};
use crate::session::{SignedIn, check_form_token};

/// The list's address.
pub const COUNCILS_HREF: &str = "/admin/councils";
/// The regional viewer form's address.
pub const REGIONAL_VIEWERS_HREF: &str = "/admin/regional-viewers";

/// A council in the list.
#[derive(Debug)]
pub struct CouncilRow {
    code: String,
    name: String,
    region: String,
    named: bool,
}

/// What was typed into the add form, kept on error.
#[derive(Debug, Default, Clone)]
pub struct AddValues {
    code: String,
    name: String,
    region: String,
    lead: String,
    named: bool,
}

/// The councils page: the list and the add form.
#[derive(Template, WebTemplate)]
#[template(path = "admin_councils.html")]
pub struct CouncilsPage {
    page: Page,
    councils: Vec<CouncilRow>,
    regions: Vec<(&'static str, &'static str)>,
    values: AddValues,
    errors: Vec<FieldError>,
}

impl CouncilsPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

/// Shown once after adding a council or a regional viewer: the one-time password.
#[derive(Template, WebTemplate)]
#[template(path = "admin_added.html")]
pub struct AddedPage {
    page: Page,
    heading: String,
    email: String,
    password: String,
}

fn regions() -> Vec<(&'static str, &'static str)> {
    Region::ALL
        .iter()
        .map(|region| (region.as_str(), region.label()))
        .collect()
}

fn rows(councils: &[InstallationCouncil]) -> Vec<CouncilRow> {
    councils
        .iter()
        .map(|c| CouncilRow {
            code: c.council.code.to_string(),
            name: c.council.name.clone(),
            region: c.region.label().to_owned(),
            named: c.named_in_benchmarks,
        })
        .collect()
}

async fn councils_page(
    state: &AppState,
    signed_in: &SignedIn,
    values: AddValues,
    errors: Vec<FieldError>,
) -> Result<CouncilsPage, WebError> {
    let councils = state.store.installation_councils().await?;
    Ok(CouncilsPage {
        page: Page::for_user(signed_in, COUNCILS_HREF),
        councils: rows(&councils),
        regions: regions(),
        values,
        errors,
    })
}

/// `GET /admin/councils`.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<CouncilsPage, WebError> {
    councils_page(&state, &signed_in, AddValues::default(), Vec::new()).await
}

/// A field of a form read as pairs (a checkbox may appear any number of times).
fn field(fields: &[(String, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
        .unwrap_or_default()
}

fn installation_error(error: InstallationError) -> Result<FieldError, WebError> {
    Ok(match error {
        InstallationError::Name => FieldError {
            field: "name",
            message: "Enter the council's name".to_owned(),
        },
        InstallationError::Account(AccountError::Email) => FieldError {
            field: "lead",
            message: "Enter an email address in the right format, like name@council.gov.uk"
                .to_owned(),
        },
        InstallationError::Store(StoreError::Conflict(message))
        | InstallationError::Account(AccountError::Store(StoreError::Conflict(message))) => {
            if message.contains("email") {
                FieldError {
                    field: "lead",
                    message: "That email address is already used by someone who can sign in"
                        .to_owned(),
                }
            } else {
                FieldError {
                    field: "code",
                    message: "A council with that code is already on this installation".to_owned(),
                }
            }
        }
        InstallationError::NoCouncils => FieldError {
            field: "councils",
            message: "Choose at least one council for the regional viewer to see".to_owned(),
        },
        InstallationError::Store(error) => return Err(WebError::Store(error)),
        other => return Err(WebError::Internal(other.to_string())),
    })
}

/// `POST /admin/councils`: adds a council and its first workforce lead, and shows the
/// lead's one-time password once.
pub async fn add(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &field(&form, "csrf_token"))?;
    let values = AddValues {
        code: field(&form, "code").trim().to_owned(),
        name: field(&form, "name"),
        region: field(&form, "region"),
        lead: field(&form, "lead"),
        named: field(&form, "named") == "yes",
    };
    let mut errors = Vec::new();
    let known = state.store.installation_councils().await?;
    let code = match CouncilCode::parse(&values.code) {
        Ok(code) if known.iter().any(|c| c.council.code == code) => {
            errors.push(FieldError {
                field: "code",
                message: format!("Council {code} is already on this installation"),
            });
            None
        }
        Ok(code) => Some(code),
        Err(_) => {
            errors.push(FieldError {
                field: "code",
                message: if values.code.is_empty() {
                    "Enter the council's DfE code".to_owned()
                } else {
                    "Enter the council's DfE code as three digits, like 888".to_owned()
                },
            });
            None
        }
    };
    if values.name.trim().is_empty() {
        errors.push(FieldError {
            field: "name",
            message: "Enter the council's name".to_owned(),
        });
    }
    let region = Region::parse(&values.region).ok();
    if region.is_none() {
        errors.push(FieldError {
            field: "region",
            message: "Choose the council's region".to_owned(),
        });
    }
    if values.lead.trim().is_empty() {
        errors.push(FieldError {
            field: "lead",
            message: "Enter the email address of the council's workforce lead".to_owned(),
        });
    }
    if let (true, Some(code), Some(region)) = (errors.is_empty(), code, region) {
        let new = NewCouncil {
            code,
            name: values.name.clone(),
            region,
            named_in_benchmarks: values.named,
            lead_email: values.lead.clone(),
        };
        match installation::add_council(state.store.as_ref(), &signed_in.user.email, &new).await {
            Ok((lead, password)) => {
                return Ok(AddedPage {
                    page: Page::for_user(&signed_in, COUNCILS_HREF),
                    heading: format!("Council {code} {} added", new.name.trim()),
                    email: lead.email,
                    password,
                }
                .into_response());
            }
            Err(error) => errors.push(installation_error(error)?),
        }
    }
    Ok(councils_page(&state, &signed_in, values, errors)
        .await?
        .into_response())
}

/// The change form of one council.
#[derive(Template, WebTemplate)]
#[template(path = "admin_council.html")]
pub struct CouncilPage {
    page: Page,
    code: String,
    name: String,
    region: String,
    named: bool,
    regions: Vec<(&'static str, &'static str)>,
    errors: Vec<FieldError>,
}

impl CouncilPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

async fn known_council(state: &AppState, code: &str) -> Result<InstallationCouncil, WebError> {
    let code = CouncilCode::parse(code).map_err(|_| WebError::NotFound)?;
    state
        .store
        .installation_councils()
        .await?
        .into_iter()
        .find(|c| c.council.code == code)
        .ok_or(WebError::NotFound)
}

/// `GET /admin/councils/{code}`.
pub async fn edit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
) -> Result<CouncilPage, WebError> {
    let council = known_council(&state, &code).await?;
    Ok(CouncilPage {
        page: Page::for_user(&signed_in, COUNCILS_HREF),
        code: council.council.code.to_string(),
        name: council.council.name.clone(),
        region: council.region.as_str().to_owned(),
        named: council.named_in_benchmarks,
        regions: regions(),
        errors: Vec::new(),
    })
}

/// `POST /admin/councils/{code}`: changes the council's name, region and naming.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &field(&form, "csrf_token"))?;
    let mut council = known_council(&state, &code).await?;
    let name = field(&form, "name");
    let region_text = field(&form, "region");
    let named = field(&form, "named") == "yes";
    let mut errors = Vec::new();
    if name.trim().is_empty() {
        errors.push(FieldError {
            field: "name",
            message: "Enter the council's name".to_owned(),
        });
    }
    let region = Region::parse(&region_text).ok();
    if region.is_none() {
        errors.push(FieldError {
            field: "region",
            message: "Choose the council's region".to_owned(),
        });
    }
    if let (true, Some(region)) = (errors.is_empty(), region) {
        council.council.name = name.trim().to_owned();
        council.region = region;
        council.named_in_benchmarks = named;
        match installation::change_council(state.store.as_ref(), &signed_in.user.email, &council)
            .await
        {
            Ok(()) => return Ok(Redirect::to(COUNCILS_HREF).into_response()),
            Err(error) => errors.push(installation_error(error)?),
        }
    }
    Ok(CouncilPage {
        page: Page::for_user(&signed_in, COUNCILS_HREF),
        code: council.council.code.to_string(),
        name,
        region: region_text,
        named,
        regions: regions(),
        errors,
    }
    .into_response())
}

/// The form adding a regional viewer.
#[derive(Template, WebTemplate)]
#[template(path = "admin_regional_viewer.html")]
pub struct RegionalViewerPage {
    page: Page,
    email: String,
    /// Each council: code, name, region, whether ticked.
    councils: Vec<(String, String, String, bool)>,
    errors: Vec<FieldError>,
}

impl RegionalViewerPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

async fn regional_viewer_page(
    state: &AppState,
    signed_in: &SignedIn,
    email: String,
    ticked: &[String],
    errors: Vec<FieldError>,
) -> Result<RegionalViewerPage, WebError> {
    let councils = state.store.installation_councils().await?;
    Ok(RegionalViewerPage {
        page: Page::for_user(signed_in, COUNCILS_HREF),
        email,
        councils: councils
            .iter()
            .map(|c| {
                let code = c.council.code.to_string();
                let on = ticked.contains(&code);
                (
                    code,
                    c.council.name.clone(),
                    c.region.label().to_owned(),
                    on,
                )
            })
            .collect(),
        errors,
    })
}

/// `GET /admin/regional-viewers`.
pub async fn new_regional_viewer(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<RegionalViewerPage, WebError> {
    regional_viewer_page(&state, &signed_in, String::new(), &[], Vec::new()).await
}

/// `POST /admin/regional-viewers`: adds a regional viewer who sees the councils
/// ticked, and shows their one-time password once.
pub async fn add_regional_viewer(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &field(&form, "csrf_token"))?;
    let email = field(&form, "email");
    let ticked: Vec<String> = form
        .iter()
        .filter(|(key, _)| key == "councils")
        .map(|(_, value)| value.clone())
        .collect();
    let mut errors = Vec::new();
    if email.trim().is_empty() {
        errors.push(FieldError {
            field: "email",
            message: "Enter the regional viewer's email address".to_owned(),
        });
    }
    let codes: Vec<CouncilCode> = ticked
        .iter()
        .filter_map(|code| CouncilCode::parse(code).ok())
        .collect();
    if codes.is_empty() {
        errors.push(FieldError {
            field: "councils",
            message: "Choose at least one council for the regional viewer to see".to_owned(),
        });
    }
    if errors.is_empty() {
        match installation::add_regional_viewer(
            state.store.as_ref(),
            &signed_in.user.email,
            &email,
            &codes,
        )
        .await
        {
            Ok((user, password)) => {
                return Ok(AddedPage {
                    page: Page::for_user(&signed_in, COUNCILS_HREF),
                    heading: format!("Regional viewer added, seeing {} councils", codes.len()),
                    email: user.email,
                    password,
                }
                .into_response());
            }
            Err(InstallationError::UnknownCouncil(_)) => return Err(WebError::NotFound),
            Err(error) => {
                let mut problem = installation_error(error)?;
                if problem.field == "lead" {
                    problem.field = "email";
                }
                errors.push(problem);
            }
        }
    }
    Ok(
        regional_viewer_page(&state, &signed_in, email, &ticked, errors)
            .await?
            .into_response(),
    )
}
