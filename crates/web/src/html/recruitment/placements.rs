//! University partnerships and student placements: the partner universities (added
//! and changed by recruitment), the placements with their university, first or final,
//! team, practice educator, dates and outcome, each placement's page where its
//! practice educator is recorded, and the conversion of students into hires per
//! university and per placement number (`recruitment::placements::conversion`).
//!
//! Whoever sees recruitment sees these pages within their reach: a team manager the
//! placements their teams hosted. Students' names are shown to those who run
//! recruitment; others see the placement's ID.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_recruitment;
use pathway_domain::access::Permission;
use pathway_domain::codes::{PlacementNumber, PlacementOutcome};
use pathway_domain::ids::{PlacementId, UniversityId, WorkerId};
use pathway_domain::records::Placement;
use pathway_domain::recruitment::placements::{
    Conversion, PlacementConversion, conversion, hired, is_running, partner_of,
};
use pathway_domain::recruitment::{PlacementDetails, RecruitmentChange, University};
use serde::Deserialize;

use super::fields::{FieldErrors, optional_date, put_date};
use super::{
    FormFields, HOME_HREF, Loaded, RecruitmentReach, SummaryError, UNIVERSITIES_HREF, load,
    placement_href, record_view, refusal, request, team_name, today, university_href,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::percent;
use crate::html::people::{People, long_date, maybe_date, person_href};
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// The longest name, contact or practice educator kept.
const MOST_CHARACTERS: usize = 200;

/// A placement number as a person reads it.
pub fn number_label(number: PlacementNumber) -> &'static str {
    match number {
        PlacementNumber::First => "First placement",
        PlacementNumber::Final => "Final placement",
    }
}

/// A placement's outcome as a person reads it, on `today`.
fn outcome_label(placement: &Placement, today: pathway_domain::values::Date) -> &'static str {
    match placement.outcome {
        Some(PlacementOutcome::Offered) => "Offered a job",
        Some(PlacementOutcome::Accepted) => "Accepted a job",
        Some(PlacementOutcome::Declined) => "Declined a job",
        Some(PlacementOutcome::NotOffered) => "Not offered a job",
        None if is_running(placement, today) => "Still running",
        None => "Not recorded",
    }
}

/// One line of a conversion table.
#[derive(Debug, Clone)]
pub struct ConversionRow {
    /// Its id on the page, for links and tests.
    pub id: String,
    /// The university or placement number.
    pub label: String,
    /// A link, for a partner university the user may change.
    pub href: Option<String>,
    /// Placements.
    pub placed: u64,
    /// Still running with nothing decided.
    pub running: u64,
    /// Offered a job.
    pub offers: u64,
    /// Accepted.
    pub accepted: u64,
    /// Hired.
    pub hired: u64,
    /// Hired out of those decided.
    pub rate: String,
}

impl ConversionRow {
    fn new(id: String, label: String, href: Option<String>, conversion: &Conversion) -> Self {
        Self {
            id,
            label,
            href,
            placed: conversion.counts.placed,
            running: conversion.running,
            offers: conversion.counts.offers,
            accepted: conversion.counts.accepted,
            hired: conversion.counts.hired,
            rate: percent(conversion.rate, "No placements ended yet"),
        }
    }
}

/// The conversion tables of a page.
#[derive(Debug, Clone)]
pub struct ConversionTables {
    /// Per university, then the total.
    pub by_university: Vec<ConversionRow>,
    /// First and final placements, then the total.
    pub by_number: Vec<ConversionRow>,
}

/// A text made into part of an element's id: letters, digits and `-` only.
fn id_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn tables(
    result: &PlacementConversion,
    universities: &[University],
    runs: bool,
) -> ConversionTables {
    let total = ConversionRow::new(
        "conversion-total".into(),
        "All placements".into(),
        None,
        &result.total,
    );
    let mut by_university: Vec<ConversionRow> = result
        .by_university
        .iter()
        .map(|line| {
            let href = partner_of(universities, &line.university)
                .filter(|_| runs)
                .map(|u| university_href(&u.id));
            ConversionRow::new(
                format!("conversion-university-{}", id_part(&line.university)),
                line.university.clone(),
                href,
                &line.conversion,
            )
        })
        .collect();
    by_university.push(total.clone());
    let mut by_number: Vec<ConversionRow> = result
        .by_placement_number
        .iter()
        .map(|(number, conversion)| {
            ConversionRow::new(
                format!("conversion-number-{}", number.as_str()),
                number_label(*number).to_owned(),
                None,
                conversion,
            )
        })
        .collect();
    by_number.push(total);
    ConversionTables {
        by_university,
        by_number,
    }
}

/// The placements the user reaches, newest first.
fn reached<'w>(loaded: &'w Loaded, reach: &RecruitmentReach) -> Vec<&'w Placement> {
    let mut placements: Vec<&Placement> = loaded
        .workforce
        .placements
        .iter()
        .filter(|p| reach.may_see_team(p.team_id.as_ref()))
        .collect();
    placements.sort_by(|a, b| (b.span.start(), &b.id).cmp(&(a.span.start(), &a.id)));
    placements
}

/// The placement with this ID, if the user reaches it.
fn find<'w>(
    loaded: &'w Loaded,
    reach: &RecruitmentReach,
    id: &str,
) -> Result<&'w Placement, WebError> {
    let id = PlacementId::parse(id).map_err(|_| WebError::NotFound)?;
    loaded
        .workforce
        .placements
        .iter()
        .find(|p| p.id == id)
        .filter(|p| reach.may_see_team(p.team_id.as_ref()))
        .ok_or(WebError::NotFound)
}

// ---------------------------------------------------------------- universities

/// One partner university in the list.
#[derive(Debug, Clone)]
pub struct UniversityRow {
    /// Its name.
    pub name: String,
    /// The link to change it, for those who run recruitment.
    pub href: Option<String>,
    /// The council's contact there.
    pub contact: String,
    /// Since when.
    pub partner_since: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_universities.html")]
/// The partner universities, their conversion, and the form to add one.
pub struct UniversitiesPage {
    page: Page,
    home_href: &'static str,
    runs: bool,
    saved: bool,
    universities: Vec<UniversityRow>,
    conversion: ConversionTables,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    form: FormFields,
}

/// What a page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    /// `1` after a change was saved.
    pub saved: Option<String>,
}

fn universities_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    form: FormFields,
    field_errors: FieldErrors,
    saved: bool,
) -> UniversitiesPage {
    let reach = RecruitmentReach::new(signed_in);
    let runs = reach.runs_recruitment;
    let mut universities: Vec<&University> = loaded.recruitment.universities.iter().collect();
    universities.sort_by_key(|u| u.name.to_lowercase());
    let placements = reached(loaded, &reach);
    let result = conversion(
        &placements,
        &loaded.recruitment.candidates,
        &loaded.recruitment.universities,
        today(),
    );
    UniversitiesPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        runs,
        saved,
        universities: universities
            .into_iter()
            .map(|u| UniversityRow {
                name: u.name.clone(),
                href: runs.then(|| university_href(&u.id)),
                contact: if u.contact.is_empty() {
                    "Not recorded".to_owned()
                } else {
                    u.contact.clone()
                },
                partner_since: maybe_date(u.partner_since, "Not recorded"),
            })
            .collect(),
        conversion: tables(&result, &loaded.recruitment.universities, runs),
        errors: field_errors.summary(),
        field_errors,
        form,
    }
}

/// `GET /recruitment/universities`: the partner universities with their students'
/// conversion into hires, and (for recruitment) the form to add one.
pub async fn universities(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<SavedQuery>,
) -> Result<UniversitiesPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    Ok(universities_page(
        &signed_in,
        &loaded,
        FormFields::default(),
        FieldErrors::default(),
        query.saved.as_deref() == Some("1"),
    ))
}

/// Checks a university's form against the other partners.
pub fn check_university(
    form: &FormFields,
    id: UniversityId,
    others: &[University],
) -> Result<University, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = form.get("name").trim().to_owned();
    if name.is_empty() {
        errors.add("name", "Enter the university's name");
    } else if name.chars().count() > MOST_CHARACTERS {
        errors.add("name", "The name must be 200 characters or fewer");
    } else if others
        .iter()
        .any(|u| u.id != id && partner_of(std::slice::from_ref(u), &name).is_some())
    {
        errors.add("name", format!("{name} is already a partner university"));
    }
    let contact = form.get("contact").trim().to_owned();
    if contact.chars().count() > MOST_CHARACTERS {
        errors.add("contact", "The contact must be 200 characters or fewer");
    }
    let partner_since = optional_date(form, &mut errors, "partner_since", "Partner since");
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(University {
        id,
        name,
        contact,
        partner_since,
    })
}

/// `POST /recruitment/universities`: adds a partner university.
pub async fn add_university(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let taken: Vec<&str> = loaded
        .recruitment
        .universities
        .iter()
        .map(|u| u.id.as_str())
        .collect();
    let id = UniversityId::parse(&super::fields::new_id("U", &taken))
        .map_err(|error| WebError::Internal(error.to_string()))?;
    let university = match check_university(&form, id, &loaded.recruitment.universities) {
        Ok(university) => university,
        Err(errors) => {
            return Ok(universities_page(&signed_in, &loaded, form, errors, false).into_response());
        }
    };
    let description = format!("added university {} ({})", university.id, university.name);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutUniversity(university)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{UNIVERSITIES_HREF}?saved=1")).into_response()),
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("name", refusal(error)?.join(" "));
            Ok(universities_page(&signed_in, &loaded, form, errors, false).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_university.html")]
/// The form that changes a partner university.
pub struct UniversityPage {
    page: Page,
    home_href: &'static str,
    action: String,
    heading: String,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    form: FormFields,
}

fn find_university<'r>(loaded: &'r Loaded, id: &str) -> Result<&'r University, WebError> {
    let id = UniversityId::parse(id).map_err(|_| WebError::NotFound)?;
    loaded
        .recruitment
        .universities
        .iter()
        .find(|u| u.id == id)
        .ok_or(WebError::NotFound)
}

fn university_page(
    signed_in: &SignedIn,
    university: &University,
    form: FormFields,
    field_errors: FieldErrors,
) -> UniversityPage {
    UniversityPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        action: university_href(&university.id),
        heading: format!("Change {}", university.name),
        errors: field_errors.summary(),
        field_errors,
        form,
    }
}

/// `GET /recruitment/universities/{id}`: the form that changes a partner.
pub async fn edit_university(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
) -> Result<UniversityPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let university = find_university(&loaded, &id)?;
    let mut pairs = vec![
        ("name".to_owned(), university.name.clone()),
        ("contact".to_owned(), university.contact.clone()),
    ];
    put_date(&mut pairs, "partner_since", university.partner_since);
    Ok(university_page(
        &signed_in,
        university,
        FormFields::new(pairs),
        FieldErrors::default(),
    ))
}

/// `POST /recruitment/universities/{id}`: saves a partner's name, contact and date.
pub async fn save_university(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let stored = find_university(&loaded, &id)?;
    let university =
        match check_university(&form, stored.id.clone(), &loaded.recruitment.universities) {
            Ok(university) => university,
            Err(errors) => {
                return Ok(university_page(&signed_in, stored, form, errors).into_response());
            }
        };
    let description = format!("changed university {} ({})", university.id, university.name);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutUniversity(university)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{UNIVERSITIES_HREF}?saved=1")).into_response()),
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("name", refusal(error)?.join(" "));
            Ok(university_page(&signed_in, stored, form, errors).into_response())
        }
    }
}

// ---------------------------------------------------------------- placements

/// One placement in the list.
#[derive(Debug, Clone)]
pub struct PlacementRow {
    /// Its id on the page.
    pub id: String,
    /// The student's name, or the placement's ID for those who may not see names.
    pub student: String,
    /// The placement's page.
    pub href: String,
    /// The university.
    pub university: String,
    /// First or final.
    pub number: &'static str,
    /// The hosting team.
    pub team: String,
    /// The practice educator.
    pub practice_educator: String,
    /// From and to.
    pub dates: String,
    /// What came of it.
    pub outcome: &'static str,
    /// The worker the student became.
    pub hired: Option<HiredWorker>,
}

/// The worker a student became.
#[derive(Debug, Clone)]
pub struct HiredWorker {
    /// Their name, or ID when the user may not see their record.
    pub name: String,
    /// Their page, when the user may open it.
    pub href: Option<String>,
}

fn practice_educator(loaded: &Loaded, placement: &PlacementId) -> String {
    loaded
        .recruitment
        .placement_details
        .iter()
        .find(|d| &d.placement_id == placement)
        .map(|d| d.practice_educator.clone())
        .unwrap_or_default()
}

/// The worker the student became: the placement's, or a started candidate's.
fn hired_worker<'w>(loaded: &'w Loaded, placement: &'w Placement) -> Option<&'w WorkerId> {
    placement.hired_worker_id.as_ref().or_else(|| {
        loaded
            .recruitment
            .candidates
            .iter()
            .filter(|c| c.placement_id.as_ref() == Some(&placement.id))
            .find_map(|c| c.worker_id.as_ref())
    })
}

fn hired_text(
    loaded: &Loaded,
    people: &People<'_>,
    sees_people: bool,
    placement: &Placement,
) -> Option<HiredWorker> {
    let Some(worker) = hired_worker(loaded, placement) else {
        return hired(placement, &loaded.recruitment.candidates).then(|| HiredWorker {
            name: "Hired (no worker record yet)".to_owned(),
            href: None,
        });
    };
    let visible = sees_people && people.may_see(worker);
    Some(HiredWorker {
        name: if visible {
            super::name_of(&loaded.workforce, worker)
        } else {
            format!("Worker {worker}")
        },
        href: visible.then(|| person_href(worker)),
    })
}

fn dates_text(placement: &Placement) -> String {
    match placement.span.end() {
        Some(end) => format!(
            "{} to {}",
            long_date(placement.span.start()),
            long_date(end)
        ),
        None => format!("From {}", long_date(placement.span.start())),
    }
}

fn student(placement: &Placement, reach: &RecruitmentReach) -> String {
    if reach.sees_personal_data && !placement.student_name.trim().is_empty() {
        placement.student_name.clone()
    } else {
        format!("Placement {}", placement.id)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_placements.html")]
/// Placements and their conversion into hires.
pub struct PlacementsPage {
    page: Page,
    home_href: &'static str,
    whole_council: bool,
    runs: bool,
    conversion: ConversionTables,
    placements: Vec<PlacementRow>,
}

/// `GET /recruitment/placements`: the conversion tables and every placement within
/// the user's reach, newest first. Recorded in the audit trail when it shows
/// students' names.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<PlacementsPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let today = today();
    let people = People::new(&loaded.workforce, &signed_in.user, today);
    let sees_people = signed_in.user.role.allows(Permission::SeePeople);
    let placements = reached(&loaded, &reach);
    let result = conversion(
        &placements,
        &loaded.recruitment.candidates,
        &loaded.recruitment.universities,
        today,
    );
    let rows = placements
        .iter()
        .map(|p| PlacementRow {
            id: format!("placement-{}", id_part(p.id.as_str())),
            student: student(p, &reach),
            href: placement_href(&p.id),
            university: p.university.clone(),
            number: number_label(p.number),
            team: team_name(&loaded.workforce, p.team_id.as_ref()),
            practice_educator: practice_educator(&loaded, &p.id),
            dates: dates_text(p),
            outcome: outcome_label(p, today),
            hired: hired_text(&loaded, &people, sees_people, p),
        })
        .collect();
    if reach.sees_personal_data && !placements.is_empty() {
        record_view(
            &state,
            &signed_in,
            loaded.council,
            "view placements",
            format!("viewed {} placements", placements.len()),
        )
        .await?;
    }
    Ok(PlacementsPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        whole_council: reach.whole_council(),
        runs: reach.runs_recruitment,
        conversion: tables(
            &result,
            &loaded.recruitment.universities,
            reach.runs_recruitment,
        ),
        placements: rows,
    })
}

/// A line of a placement's summary list.
#[derive(Debug, Clone)]
pub struct Detail {
    /// What it is.
    pub key: &'static str,
    /// Its value.
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_placement.html")]
/// One placement, and the form for its practice educator.
pub struct PlacementPage {
    page: Page,
    home_href: &'static str,
    heading: String,
    details: Vec<Detail>,
    hired: Option<HiredWorker>,
    runs: bool,
    action: String,
    saved: bool,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    form: FormFields,
}

fn placement_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    placement: &Placement,
    form: FormFields,
    field_errors: FieldErrors,
    saved: bool,
) -> PlacementPage {
    let reach = RecruitmentReach::new(signed_in);
    let today = today();
    let people = People::new(&loaded.workforce, &signed_in.user, today);
    let sees_people = signed_in.user.role.allows(Permission::SeePeople);
    let educator = practice_educator(loaded, &placement.id);
    let details = vec![
        Detail {
            key: "Placement ID",
            value: placement.id.to_string(),
        },
        Detail {
            key: "University",
            value: placement.university.clone(),
        },
        Detail {
            key: "Placement",
            value: number_label(placement.number).to_owned(),
        },
        Detail {
            key: "Team",
            value: team_name(&loaded.workforce, placement.team_id.as_ref()),
        },
        Detail {
            key: "Dates",
            value: dates_text(placement),
        },
        Detail {
            key: "Practice educator",
            value: if educator.is_empty() {
                "Not recorded".to_owned()
            } else {
                educator
            },
        },
        Detail {
            key: "Outcome",
            value: outcome_label(placement, today).to_owned(),
        },
    ];
    PlacementPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        heading: student(placement, &reach),
        details,
        hired: hired_text(loaded, &people, sees_people, placement),
        runs: reach.runs_recruitment,
        action: placement_href(&placement.id),
        saved,
        errors: field_errors.summary(),
        field_errors,
        form,
    }
}

/// `GET /recruitment/placements/{id}`: a placement within reach, recorded in the
/// audit trail when it shows the student's name.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<PlacementPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let placement = find(&loaded, &reach, &id)?;
    if reach.sees_personal_data {
        record_view(
            &state,
            &signed_in,
            loaded.council,
            "view placement",
            format!("placement {}", placement.id),
        )
        .await?;
    }
    let form = FormFields::new(vec![(
        "practice_educator".to_owned(),
        practice_educator(&loaded, &placement.id),
    )]);
    Ok(placement_page(
        &signed_in,
        &loaded,
        placement,
        form,
        FieldErrors::default(),
        query.saved.as_deref() == Some("1"),
    ))
}

/// `POST /recruitment/placements/{id}`: records the placement's practice educator.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let placement = find(&loaded, &reach, &id)?;
    let educator = form.get("practice_educator").trim().to_owned();
    if educator.chars().count() > MOST_CHARACTERS {
        let mut errors = FieldErrors::default();
        errors.add(
            "practice_educator",
            "The practice educator must be 200 characters or fewer",
        );
        return Ok(
            placement_page(&signed_in, &loaded, placement, form, errors, false).into_response(),
        );
    }
    let description = format!("practice educator of placement {}", placement.id);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutPlacementDetails(PlacementDetails {
            placement_id: placement.id.clone(),
            practice_educator: educator,
        })],
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?saved=1", placement_href(&placement.id))).into_response())
        }
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("practice_educator", refusal(error)?.join(" "));
            Ok(placement_page(&signed_in, &loaded, placement, form, errors, false).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_on_the_page_keep_only_letters_digits_and_dashes() {
        assert_eq!(
            id_part("University of Central Lancashire"),
            "university-of-central-lancashire"
        );
        assert_eq!(id_part("P/1"), "p-1");
    }
}
