//! Agency social workers under the DfE's rules, for those who run recruitment: the
//! engagements with their breaches (those needing sign-off first), each engagement's
//! page with every breach in words and the sign-off form, the form that adds or
//! changes an engagement, the recruitment settings (the region's councils and price
//! caps, the anonymisation period and the visa alert window), and the quarterly
//! export (docs/agency-export.md).
//!
//! The rules are `recruitment::agency`'s, judged with the settings as they stand.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::{AuditEntry, change_recruitment};
use pathway_domain::CouncilCode;
use pathway_domain::ids::{EngagementId, TeamId, VacancyId};
use pathway_domain::recruitment::agency::{AgencyBreach, Quarter, quarter_rows, whole_months};
use pathway_domain::recruitment::{
    AgencyEngagement, AgencyJobType, PriceCap, RecruitmentChange, RecruitmentSettings, SignOff,
};
use serde::Deserialize;

use super::fields::{
    FieldErrors, new_id, optional_date, parse_pounds, pounds_field, put_date, required_date,
};
use super::placements::SavedQuery;
use super::{
    AGENCY_HREF, FormFields, HOME_HREF, Loaded, RecruitmentReach, SummaryError, engagement_href,
    load, record_view, refusal, request, team_choices, team_name, today, vacancy_href,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, long_date, role_label};
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// The recruitment settings page.
pub const SETTINGS_HREF: &str = "/recruitment/settings";

/// The longest name, agency or reason kept.
const MOST_CHARACTERS: usize = 200;
/// The longest sign-off reason kept.
const MOST_REASON: usize = 2_000;

/// A breach in a tag's few words.
fn breach_tag(breach: AgencyBreach) -> &'static str {
    match breach {
        AgencyBreach::Experience { .. } => "Under 3 years' experience",
        AgencyBreach::CoolingOff { .. } => "Within cooling-off",
        AgencyBreach::Notice { .. } => "Notice under 4 weeks",
        AgencyBreach::AboveCap { .. } => "Above price cap",
    }
}

/// The breaches of an engagement under the council's settings.
fn breaches_of(
    engagement: &AgencyEngagement,
    council: CouncilCode,
    settings: &RecruitmentSettings,
) -> Vec<AgencyBreach> {
    engagement.breaches(council, &settings.region, &settings.price_caps)
}

fn find<'r>(loaded: &'r Loaded, id: &str) -> Result<&'r AgencyEngagement, WebError> {
    let id = EngagementId::parse(id).map_err(|_| WebError::NotFound)?;
    loaded
        .recruitment
        .engagements
        .iter()
        .find(|e| e.id == id)
        .ok_or(WebError::NotFound)
}

fn dates_text(engagement: &AgencyEngagement) -> String {
    match engagement.ends_on {
        Some(end) => format!("{} to {}", long_date(engagement.starts_on), long_date(end)),
        None => format!("From {}, no end date", long_date(engagement.starts_on)),
    }
}

// ---------------------------------------------------------------- the list

/// One engagement in the list.
#[derive(Debug, Clone)]
pub struct EngagementRow {
    /// Its id on the page.
    pub id: String,
    /// The agency worker.
    pub worker_name: String,
    /// Its page.
    pub href: String,
    /// The agency.
    pub agency: String,
    /// The job.
    pub job: &'static str,
    /// The team.
    pub team: String,
    /// From and to.
    pub dates: String,
    /// The hourly rate.
    pub rate: String,
    /// Each breach's tag.
    pub breaches: Vec<&'static str>,
    /// Whether a breach waits for a sign-off.
    pub needs_sign_off: bool,
    /// Whether its breaches are signed off.
    pub signed_off: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_agency.html")]
/// The agency engagements.
pub struct AgencyPage {
    page: Page,
    home_href: &'static str,
    needing_sign_off: usize,
    engagements: Vec<EngagementRow>,
    region: String,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    quarter: String,
}

fn agency_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    quarter: String,
    field_errors: FieldErrors,
) -> AgencyPage {
    let settings = &loaded.recruitment.settings;
    let today = today();
    let mut rows: Vec<(bool, bool, &AgencyEngagement, Vec<AgencyBreach>)> = loaded
        .recruitment
        .engagements
        .iter()
        .map(|e| {
            let breaches = breaches_of(e, loaded.council, settings);
            (
                e.sign_off.is_none() && !breaches.is_empty(),
                e.runs_on(today) || e.starts_on > today,
                e,
                breaches,
            )
        })
        .collect();
    // Needing sign-off first, then those running or to come, newest start first.
    rows.sort_by(|a, b| {
        (b.0, b.1, b.2.starts_on, &b.2.id).cmp(&(a.0, a.1, a.2.starts_on, &a.2.id))
    });
    let needing_sign_off = rows.iter().filter(|row| row.0).count();
    let region = if settings.region.is_empty() {
        "no other councils".to_owned()
    } else {
        settings
            .region
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    AgencyPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        needing_sign_off,
        engagements: rows
            .into_iter()
            .map(|(needs, _, e, breaches)| EngagementRow {
                id: format!("engagement-{}", e.id),
                worker_name: e.worker_name.clone(),
                href: engagement_href(&e.id),
                agency: e.agency.clone(),
                job: e.job_type.label(),
                team: team_name(&loaded.workforce, e.team_id.as_ref()),
                dates: dates_text(e),
                rate: format!("£{}", pounds_field(e.hourly_rate_pence)),
                signed_off: e.sign_off.is_some() && !breaches.is_empty(),
                breaches: breaches.into_iter().map(breach_tag).collect(),
                needs_sign_off: needs,
            })
            .collect(),
        region,
        errors: field_errors.summary(),
        field_errors,
        quarter,
    }
}

/// `GET /recruitment/agency`: every engagement with its breaches, needing sign-off
/// first, and the quarterly export; recorded in the audit trail.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<AgencyPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view agency engagements",
        format!(
            "viewed {} agency engagements",
            loaded.recruitment.engagements.len()
        ),
    )
    .await?;
    let quarter = Quarter::of(today()).previous().to_string();
    Ok(agency_page(
        &signed_in,
        &loaded,
        quarter,
        FieldErrors::default(),
    ))
}

/// What the export's address says.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    quarter: Option<String>,
}

/// `GET /recruitment/agency/export.csv?quarter=2024Q3`: the quarter's engagements as
/// CSV, recorded in the audit trail; a quarter that cannot be read shows the agency
/// page with the error.
pub async fn export(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let typed = query.quarter.unwrap_or_default();
    let Ok(quarter) = Quarter::parse(&typed) else {
        let mut errors = FieldErrors::default();
        errors.add(
            "quarter",
            if typed.trim().is_empty() {
                "Enter the quarter, such as 2024Q3".to_owned()
            } else {
                "Enter the quarter as the year, Q and 1 to 4, such as 2024Q3".to_owned()
            },
        );
        // The page shown again names the agency workers, as the list does.
        record_view(
            &state,
            &signed_in,
            loaded.council,
            "view agency engagements",
            format!(
                "viewed {} agency engagements",
                loaded.recruitment.engagements.len()
            ),
        )
        .await?;
        return Ok(agency_page(&signed_in, &loaded, typed, errors).into_response());
    };
    let rows = quarter_rows(
        &loaded.recruitment.engagements,
        loaded.council,
        &loaded.recruitment.settings,
        quarter,
    );
    let bytes = pathway_bulk::agency::quarter_csv(&rows)
        .map_err(|error| WebError::Internal(format!("writing the agency export: {error}")))?;
    state
        .store
        .record_audit(&[AuditEntry {
            council: loaded.council,
            actor: signed_in.user.email.clone(),
            action: "export agency quarter".into(),
            detail: format!("{quarter}: {} engagements", rows.len()),
        }])
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"agency-{}-{quarter}.csv\"",
                    loaded.council
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

// ---------------------------------------------------------------- an engagement's page

/// A line of the engagement's summary.
#[derive(Debug, Clone)]
pub struct Detail {
    /// What it is.
    pub key: &'static str,
    /// Its value.
    pub value: String,
    /// A link, for the vacancy.
    pub href: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_engagement.html")]
/// One engagement: its facts, its breaches in words, and the sign-off.
pub struct EngagementPage {
    page: Page,
    home_href: &'static str,
    heading: String,
    edit_href: String,
    action: String,
    saved: bool,
    details: Vec<Detail>,
    breaches: Vec<String>,
    sign_off: Option<(String, String, String)>,
    needs_sign_off: bool,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    form: FormFields,
}

fn engagement_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    engagement: &AgencyEngagement,
    form: FormFields,
    field_errors: FieldErrors,
    saved: bool,
) -> EngagementPage {
    let settings = &loaded.recruitment.settings;
    let breaches = breaches_of(engagement, loaded.council, settings);
    let cap = settings
        .price_caps
        .iter()
        .find(|cap| cap.job_type == engagement.job_type);
    let details = vec![
        Detail {
            key: "Engagement reference",
            value: engagement.id.to_string(),
            href: None,
        },
        Detail {
            key: "Agency",
            value: engagement.agency.clone(),
            href: None,
        },
        Detail {
            key: "Job",
            value: engagement.job_type.label().to_owned(),
            href: None,
        },
        Detail {
            key: "Team",
            value: team_name(&loaded.workforce, engagement.team_id.as_ref()),
            href: None,
        },
        Detail {
            key: "Vacancy covered",
            value: engagement
                .vacancy_id
                .as_ref()
                .map_or_else(|| "None".to_owned(), ToString::to_string),
            href: engagement.vacancy_id.as_ref().map(vacancy_href),
        },
        Detail {
            key: "Dates",
            value: dates_text(engagement),
            href: None,
        },
        Detail {
            key: "Qualified",
            value: format!(
                "{}: {} years {} months of experience at the start",
                long_date(engagement.qualified_on),
                whole_months(engagement.qualified_on, engagement.starts_on) / 12,
                whole_months(engagement.qualified_on, engagement.starts_on) % 12
            ),
            href: None,
        },
        Detail {
            key: "Left a permanent post",
            value: match engagement.left_permanent_on {
                None => "No permanent post recorded".to_owned(),
                Some(left) => format!(
                    "{} with council {}",
                    long_date(left),
                    engagement.left_permanent_council.unwrap_or(loaded.council)
                ),
            },
            href: None,
        },
        Detail {
            key: "Notice period",
            value: format!("{} weeks", engagement.notice_weeks),
            href: None,
        },
        Detail {
            key: "Hourly rate",
            value: match cap {
                Some(cap) => format!(
                    "£{} (the region's cap is £{})",
                    pounds_field(engagement.hourly_rate_pence),
                    pounds_field(cap.hourly_pence)
                ),
                None => format!(
                    "£{} (no cap set for this job)",
                    pounds_field(engagement.hourly_rate_pence)
                ),
            },
            href: None,
        },
    ];
    EngagementPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        heading: engagement.worker_name.clone(),
        edit_href: format!("{}/edit", engagement_href(&engagement.id)),
        action: format!("{}/sign-off", engagement_href(&engagement.id)),
        saved,
        details,
        needs_sign_off: engagement.sign_off.is_none() && !breaches.is_empty(),
        breaches: breaches
            .into_iter()
            .map(|b| super::sentence(&b.describe()))
            .collect(),
        sign_off: engagement
            .sign_off
            .as_ref()
            .map(|s| (s.by.clone(), long_date(s.on), s.reason.clone())),
        errors: field_errors.summary(),
        field_errors,
        form,
    }
}

/// `GET /recruitment/agency/{id}`: an engagement, recorded in the audit trail.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<EngagementPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let engagement = find(&loaded, &id)?;
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view agency engagement",
        format!("engagement {}", engagement.id),
    )
    .await?;
    Ok(engagement_page(
        &signed_in,
        &loaded,
        engagement,
        FormFields::default(),
        FieldErrors::default(),
        query.saved.as_deref() == Some("1"),
    ))
}

/// `POST /recruitment/agency/{id}/sign-off`: records who signed off the breaches,
/// when and why (replacing an earlier sign-off).
pub async fn sign_off(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let engagement = find(&loaded, &id)?;
    let mut errors = FieldErrors::default();
    let breaches = breaches_of(engagement, loaded.council, &loaded.recruitment.settings);
    if breaches.is_empty() {
        errors.add(
            "by",
            "This engagement breaks none of the rules: there is nothing to sign off",
        );
    }
    let by = form.get("by").trim().to_owned();
    if by.is_empty() {
        errors.add("by", "Enter who signed off the breaches");
    } else if by.chars().count() > MOST_CHARACTERS {
        errors.add("by", "Who signed off must be 200 characters or fewer");
    }
    let on = required_date(&form, &mut errors, "on", "Date signed off");
    if on.is_some_and(|on| on > today()) {
        errors.add("on", "Date signed off must be today or in the past");
    }
    let reason = form.get("reason").trim().to_owned();
    if reason.is_empty() {
        errors.add("reason", "Enter why the breaches are accepted");
    } else if reason.chars().count() > MOST_REASON {
        errors.add("reason", "The reason must be 2,000 characters or fewer");
    }
    let Some(on) = on.filter(|_| errors.is_empty()) else {
        return Ok(
            engagement_page(&signed_in, &loaded, engagement, form, errors, false).into_response(),
        );
    };
    let mut signed = engagement.clone();
    signed.sign_off = Some(SignOff { by, on, reason });
    let codes: Vec<&str> = breaches.iter().map(|b| b.code()).collect();
    let description = format!(
        "signed off agency engagement {} ({})",
        engagement.id,
        codes.join(", ")
    );
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutEngagement(signed)],
    )
    .await
    {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?saved=1", engagement_href(&engagement.id))).into_response(),
        ),
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("by", refusal(error)?.join(" "));
            Ok(
                engagement_page(&signed_in, &loaded, engagement, form, errors, false)
                    .into_response(),
            )
        }
    }
}

// ---------------------------------------------------------------- the engagement form

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_engagement_form.html")]
/// The form that adds or changes an engagement.
pub struct EngagementFormPage {
    page: Page,
    home_href: &'static str,
    heading: String,
    action: String,
    cancel_href: String,
    /// The reference, when changing an engagement (not typed then).
    reference: Option<String>,
    signed_off: bool,
    jobs: Vec<Choice>,
    teams: Vec<Choice>,
    vacancies: Vec<Choice>,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    form: FormFields,
}

fn engagement_form_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    editing: Option<&AgencyEngagement>,
    form: FormFields,
    field_errors: FieldErrors,
) -> EngagementFormPage {
    let reach = RecruitmentReach::new(signed_in);
    let today = today();
    let (heading, action, cancel_href) = match editing {
        Some(e) => (
            format!("Change {}'s engagement", e.worker_name),
            format!("{}/edit", engagement_href(&e.id)),
            engagement_href(&e.id),
        ),
        None => (
            "Add an agency engagement".to_owned(),
            format!("{AGENCY_HREF}/new"),
            AGENCY_HREF.to_owned(),
        ),
    };
    let job = form.get("job_type");
    let vacancy = form.get("vacancy_id");
    let vacancies = std::iter::once(Choice::new("", "None", &vacancy))
        .chain(
            reach
                .vacancies(&loaded.workforce)
                .into_iter()
                .filter(|v| v.open.end().is_none_or(|end| end >= today) || v.id.as_str() == vacancy)
                .map(|v| {
                    Choice::new(
                        v.id.as_str(),
                        format!(
                            "{}: {}, {} (opened {})",
                            v.id,
                            role_label(v.role),
                            team_name(&loaded.workforce, v.team_id.as_ref()),
                            long_date(v.open.start())
                        ),
                        &vacancy,
                    )
                }),
        )
        .collect();
    EngagementFormPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        heading,
        action,
        cancel_href,
        reference: editing.map(|e| e.id.to_string()),
        signed_off: editing.is_some_and(|e| e.sign_off.is_some()),
        jobs: AgencyJobType::ALL
            .iter()
            .map(|j| Choice::new(j.as_str(), j.label(), &job))
            .collect(),
        teams: team_choices(
            &loaded.workforce,
            &reach,
            &form.get("team_id"),
            Some("No team"),
        ),
        vacancies,
        errors: field_errors.summary(),
        field_errors,
        form,
    }
}

/// The form's fields for an engagement as stored.
fn engagement_fields(engagement: &AgencyEngagement) -> FormFields {
    let text = |value: Option<String>| value.unwrap_or_default();
    let mut pairs = vec![
        ("worker_name".to_owned(), engagement.worker_name.clone()),
        ("agency".to_owned(), engagement.agency.clone()),
        (
            "job_type".to_owned(),
            engagement.job_type.as_str().to_owned(),
        ),
        (
            "team_id".to_owned(),
            text(engagement.team_id.as_ref().map(ToString::to_string)),
        ),
        (
            "vacancy_id".to_owned(),
            text(engagement.vacancy_id.as_ref().map(ToString::to_string)),
        ),
        (
            "left_permanent_council".to_owned(),
            text(engagement.left_permanent_council.map(|c| c.to_string())),
        ),
        (
            "notice_weeks".to_owned(),
            engagement.notice_weeks.to_string(),
        ),
        (
            "hourly_rate".to_owned(),
            pounds_field(engagement.hourly_rate_pence),
        ),
    ];
    put_date(&mut pairs, "starts_on", Some(engagement.starts_on));
    put_date(&mut pairs, "ends_on", engagement.ends_on);
    put_date(&mut pairs, "qualified_on", Some(engagement.qualified_on));
    put_date(
        &mut pairs,
        "left_permanent_on",
        engagement.left_permanent_on,
    );
    FormFields::new(pairs)
}

/// Checks the engagement form against the council's records: the engagement (with
/// the stored sign-off, unless the change adds a breach it did not cover), or the
/// form's errors.
fn check_engagement(
    form: &FormFields,
    loaded: &Loaded,
    editing: Option<&AgencyEngagement>,
) -> Result<AgencyEngagement, FieldErrors> {
    let mut errors = FieldErrors::default();
    let reach_all = &loaded.recruitment.engagements;
    let id = match editing {
        Some(e) => Some(e.id.clone()),
        None => {
            let typed = form.get("reference");
            if typed.trim().is_empty() {
                let taken: Vec<&str> = reach_all.iter().map(|e| e.id.as_str()).collect();
                EngagementId::parse(&new_id("A", &taken)).ok()
            } else {
                match EngagementId::parse(&typed) {
                    Err(error) => {
                        errors.add("reference", format!("The reference is not usable: {error}"));
                        None
                    }
                    Ok(id) if reach_all.iter().any(|e| e.id == id) => {
                        errors.add(
                            "reference",
                            format!("An engagement with the reference {id} already exists"),
                        );
                        None
                    }
                    Ok(id) => Some(id),
                }
            }
        }
    };
    let worker_name = form.get("worker_name").trim().to_owned();
    if worker_name.is_empty() {
        errors.add("worker_name", "Enter the agency worker's name");
    } else if worker_name.chars().count() > MOST_CHARACTERS {
        errors.add("worker_name", "The name must be 200 characters or fewer");
    }
    let agency = form.get("agency").trim().to_owned();
    if agency.is_empty() {
        errors.add("agency", "Enter the agency");
    } else if agency.chars().count() > MOST_CHARACTERS {
        errors.add("agency", "The agency must be 200 characters or fewer");
    }
    let job_type = AgencyJobType::parse(&form.get("job_type")).ok();
    if job_type.is_none() {
        errors.add("job_type", "Select the job");
    }
    let team_text = form.get("team_id");
    let team_id = if team_text.trim().is_empty() {
        None
    } else {
        match TeamId::parse(&team_text)
            .ok()
            .filter(|id| loaded.workforce.teams.iter().any(|t| &t.id == id))
        {
            Some(id) => Some(id),
            None => {
                errors.add("team_id", "Choose a team from the list");
                None
            }
        }
    };
    let vacancy_text = form.get("vacancy_id");
    let vacancy_id = if vacancy_text.trim().is_empty() {
        None
    } else {
        match VacancyId::parse(&vacancy_text)
            .ok()
            .filter(|id| loaded.workforce.vacancies.iter().any(|v| &v.id == id))
        {
            Some(id) => Some(id),
            None => {
                errors.add("vacancy_id", "Choose a vacancy from the list");
                None
            }
        }
    };
    let starts_on = required_date(form, &mut errors, "starts_on", "Start date");
    let ends_on = optional_date(form, &mut errors, "ends_on", "End date");
    if let (Some(start), Some(end)) = (starts_on, ends_on)
        && end < start
    {
        errors.add(
            "ends_on",
            "End date must be the same as or after the start date",
        );
    }
    let qualified_on = required_date(form, &mut errors, "qualified_on", "Qualification date");
    if let (Some(qualified), Some(start)) = (qualified_on, starts_on)
        && qualified > start
    {
        errors.add(
            "qualified_on",
            "Qualification date must be before the engagement starts",
        );
    }
    let left_permanent_on = optional_date(
        form,
        &mut errors,
        "left_permanent_on",
        "Date they left a permanent post",
    );
    let council_text = form.get("left_permanent_council");
    let left_permanent_council = if council_text.trim().is_empty() {
        None
    } else {
        match CouncilCode::parse(&council_text) {
            Ok(code) if code == loaded.council => None,
            Ok(code) => Some(code),
            Err(_) => {
                errors.add(
                    "left_permanent_council",
                    "Enter the council's 3-digit DfE code, such as 888, or leave it empty for this council",
                );
                None
            }
        }
    };
    if left_permanent_on.is_none()
        && !council_text.trim().is_empty()
        && errors.of("left_permanent_council").is_none()
    {
        errors.add(
            "left_permanent_on",
            "Enter the date they left the permanent post, or leave its council empty",
        );
    }
    let notice_weeks = form
        .get("notice_weeks")
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|weeks| *weeks <= 52);
    if notice_weeks.is_none() {
        errors.add(
            "notice_weeks",
            "Enter the notice period in whole weeks, from 0 to 52",
        );
    }
    let rate = parse_pounds(&form.get("hourly_rate"));
    if rate.is_none() {
        errors.add(
            "hourly_rate",
            "Enter the hourly rate in pounds and pence, such as 42.50",
        );
    }
    let (
        Some(id),
        Some(job_type),
        Some(starts_on),
        Some(qualified_on),
        Some(notice_weeks),
        Some(hourly_rate_pence),
    ) = (id, job_type, starts_on, qualified_on, notice_weeks, rate)
    else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut engagement = AgencyEngagement {
        id,
        worker_name,
        agency,
        job_type,
        vacancy_id,
        team_id,
        starts_on,
        ends_on,
        qualified_on,
        left_permanent_on,
        left_permanent_council,
        notice_weeks,
        hourly_rate_pence,
        sign_off: None,
    };
    if let Some(stored) = editing {
        let settings = &loaded.recruitment.settings;
        engagement.keep_sign_off(
            stored,
            loaded.council,
            &settings.region,
            &settings.price_caps,
        );
    }
    Ok(engagement)
}

/// `GET /recruitment/agency/new`: the form that adds an engagement.
pub async fn new_engagement(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<EngagementFormPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let form = FormFields::new(vec![("notice_weeks".to_owned(), "4".to_owned())]);
    Ok(engagement_form_page(
        &signed_in,
        &loaded,
        None,
        form,
        FieldErrors::default(),
    ))
}

/// `GET /recruitment/agency/{id}/edit`: the form that changes an engagement.
pub async fn edit_engagement(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<EngagementFormPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let engagement = find(&loaded, &id)?;
    Ok(engagement_form_page(
        &signed_in,
        &loaded,
        Some(engagement),
        engagement_fields(engagement),
        FieldErrors::default(),
    ))
}

async fn save_engagement(
    state: &AppState,
    signed_in: &SignedIn,
    loaded: &Loaded,
    editing: Option<&AgencyEngagement>,
    form: FormFields,
) -> Result<Response, WebError> {
    let engagement = match check_engagement(&form, loaded, editing) {
        Ok(engagement) => engagement,
        Err(errors) => {
            return Ok(
                engagement_form_page(signed_in, loaded, editing, form, errors).into_response(),
            );
        }
    };
    let description = format!(
        "{} agency engagement {} ({})",
        if editing.is_some() {
            "changed"
        } else {
            "added"
        },
        engagement.id,
        engagement.worker_name
    );
    let href = engagement_href(&engagement.id);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(signed_in, &description),
        None,
        vec![RecruitmentChange::PutEngagement(engagement)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{href}?saved=1")).into_response()),
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("worker_name", refusal(error)?.join(" "));
            Ok(engagement_form_page(signed_in, loaded, editing, form, errors).into_response())
        }
    }
}

/// `POST /recruitment/agency/new`: adds an engagement.
pub async fn add_engagement(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    save_engagement(&state, &signed_in, &loaded, None, form).await
}

/// `POST /recruitment/agency/{id}/edit`: saves an engagement's facts.
pub async fn change_engagement(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let engagement = find(&loaded, &id)?.clone();
    save_engagement(&state, &signed_in, &loaded, Some(&engagement), form).await
}

// ---------------------------------------------------------------- settings

/// One job's price cap field.
#[derive(Debug, Clone)]
pub struct CapField {
    /// The field's name and id.
    pub name: String,
    /// The job.
    pub label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_settings.html")]
/// The recruitment settings.
pub struct SettingsPage {
    page: Page,
    home_href: &'static str,
    region_hint: String,
    saved: bool,
    caps: Vec<CapField>,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    form: FormFields,
}

fn cap_field(job: AgencyJobType) -> String {
    format!("cap-{}", job.as_str())
}

fn settings_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    form: FormFields,
    field_errors: FieldErrors,
    saved: bool,
) -> SettingsPage {
    SettingsPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        region_hint: format!(
            "Their 3-digit DfE codes, separated by commas or spaces, for example 889, 890. An agency engagement within 3 months of leaving a permanent post with one of them (or with this council, {}) breaks the cooling-off rule",
            loaded.council
        ),
        saved,
        caps: AgencyJobType::ALL
            .iter()
            .map(|job| CapField {
                name: cap_field(*job),
                label: job.label(),
            })
            .collect(),
        errors: field_errors.summary(),
        field_errors,
        form,
    }
}

fn settings_fields(settings: &RecruitmentSettings) -> FormFields {
    let mut pairs = vec![
        (
            "anonymise_after_months".to_owned(),
            settings.anonymise_after_months.to_string(),
        ),
        (
            "visa_alert_days".to_owned(),
            settings.visa_alert_days.to_string(),
        ),
        (
            "region".to_owned(),
            settings
                .region
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    for job in AgencyJobType::ALL {
        let cap = settings.price_caps.iter().find(|cap| cap.job_type == *job);
        pairs.push((
            cap_field(*job),
            cap.map(|cap| pounds_field(cap.hourly_pence))
                .unwrap_or_default(),
        ));
    }
    FormFields::new(pairs)
}

/// Checks the settings form: the settings, or the form's errors. The council's own
/// code is left out of the region (its own posts always count).
pub fn check_settings(
    form: &FormFields,
    council: CouncilCode,
) -> Result<RecruitmentSettings, FieldErrors> {
    let mut errors = FieldErrors::default();
    let months = form
        .get("anonymise_after_months")
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=120).contains(m));
    if months.is_none() {
        errors.add(
            "anonymise_after_months",
            "Enter the months as a whole number from 1 to 120",
        );
    }
    let days = form
        .get("visa_alert_days")
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| *d <= 730);
    if days.is_none() {
        errors.add(
            "visa_alert_days",
            "Enter the days as a whole number from 0 to 730",
        );
    }
    let mut region = Vec::new();
    let mut wrong = Vec::new();
    for code in form
        .get("region")
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|code| !code.is_empty())
    {
        match CouncilCode::parse(code) {
            Ok(code) if code == council || region.contains(&code) => {}
            Ok(code) => region.push(code),
            Err(_) => wrong.push(code.to_owned()),
        }
    }
    if !wrong.is_empty() {
        errors.add(
            "region",
            format!(
                "Enter councils as 3-digit DfE codes, such as 888: {} {} not",
                wrong.join(", "),
                if wrong.len() == 1 { "is" } else { "are" }
            ),
        );
    }
    region.sort();
    let mut price_caps = Vec::new();
    for job in AgencyJobType::ALL {
        let typed = form.get(&cap_field(*job));
        if typed.trim().is_empty() {
            continue;
        }
        match parse_pounds(&typed).filter(|pence| *pence > 0) {
            Some(hourly_pence) => price_caps.push(PriceCap {
                job_type: *job,
                hourly_pence,
            }),
            None => errors.add(
                &cap_field(*job),
                format!(
                    "Enter the cap for {} in pounds and pence, such as 42.50, or leave it empty for no cap",
                    job.label().to_lowercase()
                ),
            ),
        }
    }
    match (months, days) {
        (Some(anonymise_after_months), Some(visa_alert_days)) if errors.is_empty() => {
            Ok(RecruitmentSettings {
                anonymise_after_months,
                visa_alert_days,
                region,
                price_caps,
            })
        }
        _ => Err(errors),
    }
}

/// `GET /recruitment/settings`: the recruitment settings, ready to change.
pub async fn settings(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<SavedQuery>,
) -> Result<SettingsPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let form = settings_fields(&loaded.recruitment.settings);
    Ok(settings_page(
        &signed_in,
        &loaded,
        form,
        FieldErrors::default(),
        query.saved.as_deref() == Some("1"),
    ))
}

/// `POST /recruitment/settings`: saves the settings.
pub async fn save_settings(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let settings = match check_settings(&form, loaded.council) {
        Ok(settings) => settings,
        Err(errors) => {
            return Ok(settings_page(&signed_in, &loaded, form, errors, false).into_response());
        }
    };
    let description = format!(
        "recruitment settings: anonymise after {} months, visa alerts {} days, region {}, {} price caps",
        settings.anonymise_after_months,
        settings.visa_alert_days,
        if settings.region.is_empty() {
            "none".to_owned()
        } else {
            settings
                .region
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        },
        settings.price_caps.len()
    );
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutSettings(settings)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{SETTINGS_HREF}?saved=1")).into_response()),
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("anonymise_after_months", refusal(error)?.join(" "));
            Ok(settings_page(&signed_in, &loaded, form, errors, false).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn council(code: &str) -> CouncilCode {
        CouncilCode::parse(code).unwrap()
    }

    #[test]
    fn the_settings_form_reads_the_region_and_caps_and_explains_what_is_wrong() {
        let form = FormFields::new(vec![
            ("anonymise_after_months".into(), "6".into()),
            ("visa_alert_days".into(), "90".into()),
            ("region".into(), "890, 889 888;889".into()),
            ("cap-social_worker".into(), "42.50".into()),
            ("cap-team_manager".into(), "".into()),
        ]);
        let settings = check_settings(&form, council("888")).unwrap();
        assert_eq!(settings.region, vec![council("889"), council("890")]);
        assert_eq!(
            settings.price_caps,
            vec![PriceCap {
                job_type: AgencyJobType::SocialWorker,
                hourly_pence: 4_250
            }]
        );
        let form = FormFields::new(vec![
            ("anonymise_after_months".into(), "0".into()),
            ("visa_alert_days".into(), "ninety".into()),
            ("region".into(), "889 Lancs 12".into()),
            ("cap-senior_social_worker".into(), "£lots".into()),
        ]);
        let errors = check_settings(&form, council("888")).unwrap_err();
        assert!(errors.of("anonymise_after_months").is_some());
        assert!(errors.of("visa_alert_days").is_some());
        assert_eq!(
            errors.of("region").as_deref(),
            Some("Enter councils as 3-digit DfE codes, such as 888: Lancs, 12 are not")
        );
        assert!(errors.of("cap-senior_social_worker").is_some());
    }
}
