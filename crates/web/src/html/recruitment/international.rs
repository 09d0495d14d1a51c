//! International recruits, for those who run recruitment: the alerts of right-to-work
//! expiries and check-ins due at the top, the recruits with their country, visa,
//! expiry, Social Work England registration, arrival and buddy, their registration
//! statuses counted, and how long they stay against other starters (a chart with its
//! table). Each recruit's page lists their check-ins and takes a new one; a recruit is
//! added for an existing worker. The rules are `recruitment::international`'s.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_recruitment;
use pathway_domain::academy::asye::DueState;
use pathway_domain::ids::WorkerId;
use pathway_domain::recruitment::international::{
    VisaAlert, check_ins_due, next_check_in, retention, still_employed, swe_status_counts,
    visa_alert,
};
use pathway_domain::recruitment::{
    CheckIn, InternationalRecruit, RecruitmentChange, Settling, SweStatus, VisaType,
};
use pathway_domain::values::Date;

use super::fields::{FieldErrors, optional_date, put_date, required_date};
use super::placements::SavedQuery;
use super::{
    FormFields, HOME_HREF, INTERNATIONAL_HREF, Loaded, SummaryError, days_text, international_href,
    load, name_of, record_view, refusal, request, settling_label, sort_name, swe_status_label,
    today, visa_label,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, People, long_date, maybe_date, person_href};
use crate::html::person::home_href;
use crate::html::survival::{ComparisonText, Group, SurvivalComparison, compare};
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// The longest country, name or note kept.
const MOST_CHARACTERS: usize = 200;
/// The longest relocation support or check-in notes kept.
const MOST_NOTES: usize = 5_000;

/// A tag: its words and GOV.UK colour.
#[derive(Debug, Clone)]
pub struct Tag {
    /// What it says.
    pub text: String,
    /// `red`, `orange`, `yellow`, `green`, `grey`.
    pub colour: &'static str,
}

/// The tag of a right-to-work alert.
fn visa_tag(alert: &VisaAlert) -> Tag {
    if alert.expired() {
        Tag {
            text: "Right to work expired".to_owned(),
            colour: "red",
        }
    } else if alert.days_left == 0 {
        Tag {
            text: "Right to work ends today".to_owned(),
            colour: "red",
        }
    } else {
        Tag {
            text: format!("Right to work ends in {}", days_text(alert.days_left)),
            colour: "orange",
        }
    }
}

fn due_tag(state: DueState) -> Tag {
    Tag {
        text: state.label().to_owned(),
        colour: match state {
            DueState::Overdue => "red",
            DueState::DueSoon => "yellow",
            DueState::Done(_) => "green",
            DueState::NotYetDue => "grey",
        },
    }
}

fn recruit_of<'r>(loaded: &'r Loaded, id: &str) -> Result<&'r InternationalRecruit, WebError> {
    let id = WorkerId::parse(id).map_err(|_| WebError::NotFound)?;
    loaded
        .recruitment
        .international_recruits
        .iter()
        .find(|r| r.worker_id == id)
        .ok_or(WebError::NotFound)
}

// ---------------------------------------------------------------- the list

/// An alert at the top of the page.
#[derive(Debug, Clone)]
pub struct AlertRow {
    /// The recruit.
    pub name: String,
    /// Their page.
    pub href: String,
    /// The date that matters.
    pub date: String,
    /// How it stands.
    pub tag: Tag,
}

/// One recruit in the list.
#[derive(Debug, Clone)]
pub struct RecruitRow {
    /// Its id on the page.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their page.
    pub href: String,
    /// Where they came from.
    pub country: String,
    /// Their visa.
    pub visa: &'static str,
    /// When their right to work ends.
    pub expires: String,
    /// The alert, when it ends soon or has ended.
    pub alert: Option<Tag>,
    /// Their registration.
    pub swe_status: &'static str,
    /// When they arrived.
    pub arrived: String,
    /// Their buddy.
    pub buddy: String,
    /// Whether they still work for the council.
    pub employed: bool,
}

/// One registration status and how many recruits have it.
#[derive(Debug, Clone)]
pub struct StatusCount {
    /// The status.
    pub label: &'static str,
    /// How many.
    pub count: u64,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_international.html")]
/// International recruits.
pub struct InternationalPage {
    page: Page,
    home_href: &'static str,
    alert_days: u32,
    visa_alerts: Vec<AlertRow>,
    check_ins: Vec<AlertRow>,
    statuses: Vec<StatusCount>,
    recruits: Vec<RecruitRow>,
    date_text: String,
    survival: SurvivalComparison,
}

/// `GET /recruitment/international`: the alerts, the recruits, their registration
/// and their retention against other starters; recorded in the audit trail.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<InternationalPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let today = today();
    let workforce = &loaded.workforce;
    let recruitment = &loaded.recruitment;
    let recruits = &recruitment.international_recruits;
    let alert_days = recruitment.settings.visa_alert_days;
    let visa_alerts = pathway_domain::recruitment::international::visa_alerts(
        recruits, workforce, alert_days, today,
    )
    .iter()
    .map(|alert| AlertRow {
        name: name_of(workforce, &alert.worker_id),
        href: international_href(&alert.worker_id),
        date: long_date(alert.expires_on),
        tag: visa_tag(alert),
    })
    .collect();
    let check_ins = check_ins_due(recruits, &recruitment.check_ins, workforce, today)
        .iter()
        .map(|due| AlertRow {
            name: name_of(workforce, &due.worker_id),
            href: international_href(&due.worker_id),
            date: long_date(due.due_on),
            tag: due_tag(due.state),
        })
        .collect();
    let mut sorted: Vec<&InternationalRecruit> = recruits.iter().collect();
    sorted.sort_by_cached_key(|r| sort_name(workforce, &r.worker_id));
    let rows = sorted
        .into_iter()
        .map(|r| {
            let employed = still_employed(workforce, &r.worker_id, today);
            RecruitRow {
                id: format!("recruit-{}", r.worker_id),
                name: name_of(workforce, &r.worker_id),
                href: international_href(&r.worker_id),
                country: r.country.clone(),
                visa: visa_label(r.visa_type),
                expires: maybe_date(r.right_to_work_expires, "No end date"),
                alert: visa_alert(r, alert_days, today)
                    .filter(|_| employed)
                    .map(|alert| visa_tag(&alert)),
                swe_status: swe_status_label(r.swe_status),
                arrived: maybe_date(r.arrived_on, "Not recorded"),
                buddy: r
                    .buddy_worker_id
                    .as_ref()
                    .map_or_else(|| "None".to_owned(), |b| name_of(workforce, b)),
                employed,
            }
        })
        .collect();
    let statuses = swe_status_counts(recruits)
        .into_iter()
        .map(|(status, count)| StatusCount {
            label: swe_status_label(status),
            count,
        })
        .collect();
    let date_text = long_date(today);
    let comparison = retention(workforce, recruits, today);
    let others_name = match comparison.since {
        Some(since) => format!("Other starters since {}", long_date(since)),
        None => "Other starters".to_owned(),
    };
    let survival = compare(
        [
            Group {
                name: "International recruits".to_owned(),
                estimate: comparison.recruits,
            },
            Group {
                name: others_name,
                estimate: comparison.others,
            },
        ],
        &ComparisonText {
            chart_id: "chart-international-survival",
            chart_subject: "international recruits and other starters",
            date_text: &date_text,
            nothing_yet: &format!(
                "No international recruit had started an employment by {date_text}, so there is nothing to estimate yet."
            ),
        },
    );
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view international recruits",
        format!("viewed {} international recruits", recruits.len()),
    )
    .await?;
    Ok(InternationalPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        alert_days,
        visa_alerts,
        check_ins,
        statuses,
        recruits: rows,
        date_text,
        survival,
    })
}

// ---------------------------------------------------------------- the recruit form

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_recruit_form.html")]
/// The form that adds or changes a recruit.
pub struct RecruitFormPage {
    page: Page,
    home_href: &'static str,
    heading: String,
    action: String,
    cancel_href: String,
    /// The worker chosen, when changing a recruit (not a choice then).
    worker_name: Option<String>,
    workers: Vec<Choice>,
    visas: Vec<Choice>,
    statuses: Vec<Choice>,
    buddies: Vec<Choice>,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    form: FormFields,
}

/// The council's workers the user reaches, by name, as choices; `except` left out.
fn worker_choices(
    loaded: &Loaded,
    people: &People<'_>,
    current: &str,
    empty_label: &str,
    except: impl Fn(&WorkerId) -> bool,
) -> Vec<Choice> {
    let workforce = &loaded.workforce;
    let mut workers: Vec<&WorkerId> = people
        .visible()
        .map(|w| &w.id)
        .filter(|id| !except(id))
        .collect();
    workers.sort_by_cached_key(|id| sort_name(workforce, id));
    std::iter::once(Choice::new("", empty_label, current))
        .chain(workers.into_iter().map(|id| {
            Choice::new(
                id.as_str(),
                format!("{} ({id})", name_of(workforce, id)),
                current,
            )
        }))
        .collect()
}

fn recruit_form_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    editing: Option<&InternationalRecruit>,
    form: FormFields,
    field_errors: FieldErrors,
) -> RecruitFormPage {
    let people = People::new(&loaded.workforce, &signed_in.user, today());
    let recruits = &loaded.recruitment.international_recruits;
    let (heading, action, cancel_href, worker_name) = match editing {
        Some(recruit) => {
            let name = name_of(&loaded.workforce, &recruit.worker_id);
            (
                format!("Change {name}'s details"),
                format!("{}/edit", international_href(&recruit.worker_id)),
                international_href(&recruit.worker_id),
                Some(name),
            )
        }
        None => (
            "Add an international recruit".to_owned(),
            format!("{INTERNATIONAL_HREF}/new"),
            INTERNATIONAL_HREF.to_owned(),
            None,
        ),
    };
    let worker = form.get("worker_id");
    let workers = worker_choices(loaded, &people, &worker, "Choose a worker", |id| {
        recruits.iter().any(|r| &r.worker_id == id)
    });
    let own = editing.map(|r| r.worker_id.clone());
    let buddies = worker_choices(loaded, &people, &form.get("buddy"), "No buddy", |id| {
        own.as_ref() == Some(id) || Some(id.as_str()) == Some(worker.as_str())
    });
    let visa = form.get("visa_type");
    let status = form.get("swe_status");
    RecruitFormPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        heading,
        action,
        cancel_href,
        worker_name,
        workers,
        visas: VisaType::ALL
            .iter()
            .map(|v| Choice::new(v.as_str(), visa_label(*v), &visa))
            .collect(),
        statuses: SweStatus::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), swe_status_label(*s), &status))
            .collect(),
        buddies,
        errors: field_errors.summary(),
        field_errors,
        form,
    }
}

/// Checks the recruit form: the recruit, or the form's errors.
fn check_recruit(
    form: &FormFields,
    loaded: &Loaded,
    people: &People<'_>,
    editing: Option<&InternationalRecruit>,
) -> Result<InternationalRecruit, FieldErrors> {
    let mut errors = FieldErrors::default();
    let worker_id = match editing {
        Some(recruit) => Some(recruit.worker_id.clone()),
        None => {
            let typed = form.get("worker_id");
            let found = people.find(&typed).map(|w| w.id.clone());
            match found {
                None if typed.trim().is_empty() => {
                    errors.add(
                        "worker_id",
                        "Choose the worker who was recruited from overseas",
                    );
                    None
                }
                None => {
                    errors.add("worker_id", "Choose a worker from the list");
                    None
                }
                Some(id)
                    if loaded
                        .recruitment
                        .international_recruits
                        .iter()
                        .any(|r| r.worker_id == id) =>
                {
                    errors.add(
                        "worker_id",
                        format!(
                            "{} is already an international recruit: change their details on their page",
                            name_of(&loaded.workforce, &id)
                        ),
                    );
                    None
                }
                Some(id) => Some(id),
            }
        }
    };
    let country = form.get("country").trim().to_owned();
    if country.is_empty() {
        errors.add("country", "Enter the country they came from");
    } else if country.chars().count() > MOST_CHARACTERS {
        errors.add("country", "The country must be 200 characters or fewer");
    }
    let visa_type = VisaType::parse(&form.get("visa_type")).ok();
    if visa_type.is_none() {
        errors.add("visa_type", "Select their visa");
    }
    let expires = optional_date(
        form,
        &mut errors,
        "right_to_work_expires",
        "Right to work end date",
    );
    let swe_status = SweStatus::parse(&form.get("swe_status")).ok();
    if swe_status.is_none() {
        errors.add(
            "swe_status",
            "Select where their Social Work England registration stands",
        );
    }
    let arrived_on = optional_date(form, &mut errors, "arrived_on", "Arrival date");
    let relocation_support = form.get("relocation_support").trim().to_owned();
    if relocation_support.chars().count() > MOST_NOTES {
        errors.add(
            "relocation_support",
            "The relocation support must be 5,000 characters or fewer",
        );
    }
    let buddy_text = form.get("buddy");
    let buddy = if buddy_text.trim().is_empty() {
        None
    } else {
        match people.find(&buddy_text) {
            Some(buddy) if Some(&buddy.id) == worker_id.as_ref() => {
                errors.add(
                    "buddy",
                    "Choose a colleague as their buddy, not the recruit",
                );
                None
            }
            Some(buddy) => Some(buddy.id.clone()),
            None => {
                errors.add("buddy", "Choose a buddy from the list");
                None
            }
        }
    };
    match (worker_id, visa_type, swe_status) {
        (Some(worker_id), Some(visa_type), Some(swe_status)) if errors.is_empty() => {
            Ok(InternationalRecruit {
                worker_id,
                country,
                visa_type,
                right_to_work_expires: expires,
                swe_status,
                arrived_on,
                relocation_support,
                buddy_worker_id: buddy,
            })
        }
        _ => Err(errors),
    }
}

/// `GET /recruitment/international/new`: the form that adds a recruit.
pub async fn new_recruit(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<RecruitFormPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    Ok(recruit_form_page(
        &signed_in,
        &loaded,
        None,
        FormFields::default(),
        FieldErrors::default(),
    ))
}

/// `GET /recruitment/international/{worker_id}/edit`: the form that changes one.
pub async fn edit_recruit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
) -> Result<RecruitFormPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let recruit = recruit_of(&loaded, &worker_id)?;
    let mut pairs = vec![
        ("worker_id".to_owned(), recruit.worker_id.to_string()),
        ("country".to_owned(), recruit.country.clone()),
        (
            "visa_type".to_owned(),
            recruit.visa_type.as_str().to_owned(),
        ),
        (
            "swe_status".to_owned(),
            recruit.swe_status.as_str().to_owned(),
        ),
        (
            "relocation_support".to_owned(),
            recruit.relocation_support.clone(),
        ),
        (
            "buddy".to_owned(),
            recruit
                .buddy_worker_id
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
    ];
    put_date(
        &mut pairs,
        "right_to_work_expires",
        recruit.right_to_work_expires,
    );
    put_date(&mut pairs, "arrived_on", recruit.arrived_on);
    Ok(recruit_form_page(
        &signed_in,
        &loaded,
        Some(recruit),
        FormFields::new(pairs),
        FieldErrors::default(),
    ))
}

async fn save_recruit(
    state: &AppState,
    signed_in: &SignedIn,
    loaded: &Loaded,
    editing: Option<&InternationalRecruit>,
    form: FormFields,
) -> Result<Response, WebError> {
    let people = People::new(&loaded.workforce, &signed_in.user, today());
    let recruit = match check_recruit(&form, loaded, &people, editing) {
        Ok(recruit) => recruit,
        Err(errors) => {
            return Ok(recruit_form_page(signed_in, loaded, editing, form, errors).into_response());
        }
    };
    let description = format!(
        "{} international recruit {}",
        if editing.is_some() {
            "changed"
        } else {
            "added"
        },
        recruit.worker_id
    );
    let href = international_href(&recruit.worker_id);
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(signed_in, &description),
        None,
        vec![RecruitmentChange::PutInternationalRecruit(recruit)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{href}?saved=1")).into_response()),
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("country", refusal(error)?.join(" "));
            Ok(recruit_form_page(signed_in, loaded, editing, form, errors).into_response())
        }
    }
}

/// `POST /recruitment/international/new`: adds a recruit for an existing worker.
pub async fn add_recruit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    save_recruit(&state, &signed_in, &loaded, None, form).await
}

/// `POST /recruitment/international/{worker_id}/edit`: saves a recruit's details.
pub async fn change_recruit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let recruit = recruit_of(&loaded, &worker_id)?.clone();
    save_recruit(&state, &signed_in, &loaded, Some(&recruit), form).await
}

// ---------------------------------------------------------------- a recruit's page

/// A line of the recruit's summary.
#[derive(Debug, Clone)]
pub struct Detail {
    /// What it is.
    pub key: &'static str,
    /// Its value.
    pub value: String,
    /// A tag after it.
    pub tag: Option<Tag>,
}

/// A check-in held.
#[derive(Debug, Clone)]
pub struct CheckInRow {
    /// When.
    pub on: String,
    /// Who held it.
    pub by: String,
    /// How they are settling.
    pub settling: &'static str,
    /// Its colour.
    pub colour: &'static str,
    /// What was discussed.
    pub notes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_recruit.html")]
/// One recruit: details, check-ins and the form for a new check-in.
pub struct RecruitPage {
    page: Page,
    home_href: &'static str,
    name: String,
    person_href: String,
    edit_href: String,
    action: String,
    saved: bool,
    details: Vec<Detail>,
    next_check_in: Option<(String, Tag)>,
    check_ins: Vec<CheckInRow>,
    settlings: Vec<Choice>,
    errors: Vec<SummaryError>,
    field_errors: FieldErrors,
    form: FormFields,
}

fn settling_colour(settling: Settling) -> &'static str {
    match settling {
        Settling::Well => "green",
        Settling::SomeConcerns => "yellow",
        Settling::Struggling => "red",
    }
}

fn recruit_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    recruit: &InternationalRecruit,
    form: FormFields,
    field_errors: FieldErrors,
    saved: bool,
) -> RecruitPage {
    let today = today();
    let workforce = &loaded.workforce;
    let alert = visa_alert(recruit, loaded.recruitment.settings.visa_alert_days, today)
        .filter(|_| still_employed(workforce, &recruit.worker_id, today));
    let details = vec![
        Detail {
            key: "Country",
            value: recruit.country.clone(),
            tag: None,
        },
        Detail {
            key: "Visa",
            value: visa_label(recruit.visa_type).to_owned(),
            tag: None,
        },
        Detail {
            key: "Right to work ends",
            value: maybe_date(recruit.right_to_work_expires, "No end date"),
            tag: alert.as_ref().map(visa_tag),
        },
        Detail {
            key: "Social Work England registration",
            value: swe_status_label(recruit.swe_status).to_owned(),
            tag: None,
        },
        Detail {
            key: "Arrived in England",
            value: maybe_date(recruit.arrived_on, "Not recorded"),
            tag: None,
        },
        Detail {
            key: "Relocation support",
            value: if recruit.relocation_support.is_empty() {
                "None recorded".to_owned()
            } else {
                recruit.relocation_support.clone()
            },
            tag: None,
        },
        Detail {
            key: "Buddy",
            value: recruit
                .buddy_worker_id
                .as_ref()
                .map_or_else(|| "None".to_owned(), |b| name_of(workforce, b)),
            tag: None,
        },
        Detail {
            key: "Still with the council",
            value: if still_employed(workforce, &recruit.worker_id, today) {
                "Yes".to_owned()
            } else {
                "No".to_owned()
            },
            tag: None,
        },
    ];
    let mut held: Vec<&CheckIn> = loaded
        .recruitment
        .check_ins
        .iter()
        .filter(|c| c.worker_id == recruit.worker_id)
        .collect();
    held.sort_by_key(|c| std::cmp::Reverse((c.on, c.number)));
    let next = next_check_in(recruit, &loaded.recruitment.check_ins, today)
        .map(|due| (long_date(due), due_tag(DueState::of(due, None, today))));
    let settling = form.get("settling");
    RecruitPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        name: name_of(workforce, &recruit.worker_id),
        person_href: person_href(&recruit.worker_id),
        edit_href: format!("{}/edit", international_href(&recruit.worker_id)),
        action: format!("{}/check-ins", international_href(&recruit.worker_id)),
        saved,
        details,
        next_check_in: next,
        check_ins: held
            .into_iter()
            .map(|c| CheckInRow {
                on: long_date(c.on),
                by: c.by.clone(),
                settling: settling_label(c.settling),
                colour: settling_colour(c.settling),
                notes: c.notes.clone(),
            })
            .collect(),
        settlings: Settling::ALL
            .iter()
            .map(|s| Choice::new(s.as_str(), settling_label(*s), &settling))
            .collect(),
        errors: field_errors.summary(),
        field_errors,
        form,
    }
}

/// `GET /recruitment/international/{worker_id}`: a recruit's page, recorded in the
/// audit trail.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<RecruitPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let recruit = recruit_of(&loaded, &worker_id)?;
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view international recruit",
        format!("worker {}", recruit.worker_id),
    )
    .await?;
    Ok(recruit_page(
        &signed_in,
        &loaded,
        recruit,
        FormFields::default(),
        FieldErrors::default(),
        query.saved.as_deref() == Some("1"),
    ))
}

/// Checks a check-in's form; `number` is its place in the recruit's check-ins.
fn check_check_in(
    form: &FormFields,
    worker_id: &WorkerId,
    number: u32,
    today: Date,
) -> Result<CheckIn, FieldErrors> {
    let mut errors = FieldErrors::default();
    let on = required_date(form, &mut errors, "on", "Date held");
    if on.is_some_and(|on| on > today) {
        errors.add("on", "Date held must be today or in the past");
    }
    let by = form.get("by").trim().to_owned();
    if by.is_empty() {
        errors.add("by", "Enter who held the check-in");
    } else if by.chars().count() > MOST_CHARACTERS {
        errors.add("by", "Who held it must be 200 characters or fewer");
    }
    let settling = Settling::parse(&form.get("settling")).ok();
    if settling.is_none() {
        errors.add("settling", "Select how they are settling");
    }
    let notes = form.get("notes").trim().to_owned();
    if notes.chars().count() > MOST_NOTES {
        errors.add("notes", "The notes must be 5,000 characters or fewer");
    }
    match (on, settling) {
        (Some(on), Some(settling)) if errors.is_empty() => Ok(CheckIn {
            worker_id: worker_id.clone(),
            number,
            on,
            by,
            settling,
            notes,
        }),
        _ => Err(errors),
    }
}

/// `POST /recruitment/international/{worker_id}/check-ins`: records a check-in.
pub async fn add_check_in(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let form = FormFields::new(pairs);
    check_form_token(&signed_in, &form.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let recruit = recruit_of(&loaded, &worker_id)?;
    let number = loaded
        .recruitment
        .check_ins
        .iter()
        .filter(|c| c.worker_id == recruit.worker_id)
        .map(|c| c.number)
        .max()
        .unwrap_or(0)
        + 1;
    let check_in = match check_check_in(&form, &recruit.worker_id, number, today()) {
        Ok(check_in) => check_in,
        Err(errors) => {
            return Ok(
                recruit_page(&signed_in, &loaded, recruit, form, errors, false).into_response(),
            );
        }
    };
    let description = format!(
        "check-in {number} with international recruit {} on {}",
        recruit.worker_id, check_in.on
    );
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![RecruitmentChange::PutCheckIn(check_in)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?saved=1",
            international_href(&recruit.worker_id)
        ))
        .into_response()),
        Err(error) => {
            let mut errors = FieldErrors::default();
            errors.add("on", refusal(error)?.join(" "));
            Ok(recruit_page(&signed_in, &loaded, recruit, form, errors, false).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_in_needs_a_past_date_who_held_it_and_how_they_are_settling() {
        let worker = WorkerId::parse("W1").unwrap();
        let today: Date = "2024-10-01".parse().unwrap();
        let form = FormFields::new(vec![
            ("on-day".into(), "2".into()),
            ("on-month".into(), "10".into()),
            ("on-year".into(), "2024".into()),
        ]);
        let errors = check_check_in(&form, &worker, 1, today).unwrap_err();
        assert_eq!(
            errors.of("on").as_deref(),
            Some("Date held must be today or in the past")
        );
        assert!(errors.of("by").is_some());
        assert!(errors.of("settling").is_some());
        let form = FormFields::new(vec![
            ("on-day".into(), "1".into()),
            ("on-month".into(), "10".into()),
            ("on-year".into(), "2024".into()),
            ("by".into(), " Buddy ".into()),
            ("settling".into(), "some_concerns".into()),
        ]);
        let check_in = check_check_in(&form, &worker, 3, today).unwrap();
        assert_eq!((check_in.number, check_in.by.as_str()), (3, "Buddy"));
        assert_eq!(check_in.settling, Settling::SomeConcerns);
    }
}
