//! The self-assessment form: one fieldset per criterion, grouped by area, with a
//! rating and evidence; saved as a draft or submitted. On the same page, whoever may
//! sign it off (a team manager for their teams, the workforce lead; never the
//! person themself) records their review: agreed, or returned for more evidence.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_career;
use pathway_domain::access::Permission;
use pathway_domain::career::{
    Area, Assessment, CareerChange, Decision, Framework, Rating, Readiness, Review, current_level,
};
use pathway_domain::records::Worker;
use serde::Deserialize;

use super::{
    Loaded, assessment_href, find, is_self, level_name, load, may_sign_off, person_href,
    record_view, refusal, request, today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::{Choice, long_date, maybe_date};
use crate::html::person::{full_name, home_href};
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// The most characters of evidence for one criterion.
const MOST_EVIDENCE: usize = 5000;

/// One criterion's fieldset.
#[derive(Debug, Clone)]
pub struct RatingField {
    index: usize,
    criterion_id: String,
    wording: String,
    rating_label: String,
    evidence: String,
    rating_error: Option<String>,
    evidence_error: Option<String>,
    choices: Vec<Choice>,
}

/// The criteria of one area.
#[derive(Debug, Clone)]
pub struct AreaGroup {
    label: String,
    fields: Vec<RatingField>,
}

/// The manager's review as recorded.
#[derive(Debug, Clone)]
pub struct ReviewView {
    by: String,
    on: String,
    decision: String,
    comments: String,
}

/// The sign-off form.
#[derive(Debug, Clone, Default)]
pub struct SignOffForm {
    choices: Vec<Choice>,
    comments: String,
    decision_error: Option<String>,
    comments_error: Option<String>,
}

/// The assessment page.
#[derive(Template, WebTemplate)]
#[template(path = "career_assessment.html")]
pub struct AssessmentPage {
    page: Page,
    home_href: &'static str,
    name: String,
    person_href: String,
    heading: String,
    level: String,
    level_id: String,
    status: String,
    editable: bool,
    action: String,
    groups: Vec<AreaGroup>,
    count: usize,
    errors: Vec<SummaryError>,
    banner: Option<String>,
    level_choices: Vec<Choice>,
    choose_level_href: String,
    met: usize,
    total: usize,
    started: String,
    submitted: String,
    review: Option<ReviewView>,
    sign_off: Option<SignOffForm>,
    sign_off_action: String,
}

/// The rating choices of a criterion, with `current` selected.
fn rating_choices(current: &str) -> Vec<Choice> {
    Rating::ALL
        .iter()
        .map(|r| Choice::new(r.as_str(), r.label(), current))
        .collect()
}

/// The fieldsets of an assessment, grouped by area in the frameworks' order.
fn groups(assessment: &Assessment) -> Vec<AreaGroup> {
    let fields: Vec<RatingField> = assessment
        .ratings
        .iter()
        .enumerate()
        .map(|(index, r)| {
            let rating = r.rating.map_or("", |r| r.as_str());
            RatingField {
                index: index + 1,
                criterion_id: r.criterion_id.clone(),
                wording: r.wording.clone(),
                rating_label: r.rating.map_or("Not rated", |r| r.label()).to_owned(),
                evidence: r.evidence.clone(),
                rating_error: None,
                evidence_error: None,
                choices: rating_choices(rating),
            }
        })
        .collect();
    group_fields(
        &assessment
            .ratings
            .iter()
            .map(|r| r.area)
            .collect::<Vec<_>>(),
        fields,
    )
}

fn group_fields(areas: &[Area], fields: Vec<RatingField>) -> Vec<AreaGroup> {
    let mut groups: Vec<(Area, AreaGroup)> = Vec::new();
    for (area, field) in areas.iter().zip(fields) {
        match groups.iter_mut().find(|(a, _)| a == area) {
            Some((_, group)) => group.fields.push(field),
            None => groups.push((
                *area,
                AreaGroup {
                    label: area.label().to_owned(),
                    fields: vec![field],
                },
            )),
        }
    }
    groups.sort_by_key(|(area, _)| *area);
    groups.into_iter().map(|(_, group)| group).collect()
}

fn errors_of(groups: &[AreaGroup], sign_off: Option<&SignOffForm>) -> Vec<SummaryError> {
    let mut fields: Vec<&RatingField> = groups.iter().flat_map(|g| &g.fields).collect();
    fields.sort_by_key(|f| f.index);
    let mut list = Vec::new();
    for field in fields {
        if let Some(message) = &field.rating_error {
            list.push(SummaryError {
                field: format!("rating-{}", field.index),
                message: message.clone(),
            });
        }
        if let Some(message) = &field.evidence_error {
            list.push(SummaryError {
                field: format!("evidence-{}", field.index),
                message: message.clone(),
            });
        }
    }
    if let Some(form) = sign_off {
        for (field, error) in [
            ("decision", &form.decision_error),
            ("comments", &form.comments_error),
        ] {
            if let Some(message) = error {
                list.push(SummaryError {
                    field: field.to_owned(),
                    message: message.clone(),
                });
            }
        }
    }
    list
}

/// What the page is about: the person, and the assessment (a new one not yet saved
/// has no number).
struct Subject<'a> {
    worker: &'a Worker,
    assessment: Assessment,
    saved: bool,
}

#[allow(clippy::too_many_arguments)]
fn render(
    signed_in: &SignedIn,
    framework: &Framework,
    subject: &Subject<'_>,
    groups: Vec<AreaGroup>,
    sign_off: Option<SignOffForm>,
    banner: Option<String>,
    extra_errors: Vec<SummaryError>,
) -> AssessmentPage {
    let assessment = &subject.assessment;
    let worker = subject.worker;
    let own = is_self(signed_in, &worker.id);
    let status = assessment.status();
    let editable = own && status.editable() && signed_in.user.role.allows(Permission::AssessCareer);
    let sign_off = sign_off.or_else(|| {
        (subject.saved
            && status == pathway_domain::career::AssessmentStatus::Submitted
            && may_sign_off(signed_in, &worker.id)
            && signed_in.user.role.allows(Permission::AssessCareer))
        .then(|| SignOffForm {
            choices: decision_choices(""),
            ..SignOffForm::default()
        })
    });
    let mut errors = extra_errors;
    errors.extend(errors_of(&groups, sign_off.as_ref()));
    let readiness = Readiness::of(assessment);
    let level = level_name(framework, &assessment.level);
    let heading = if subject.saved {
        format!("Self-assessment {} against {level}", assessment.number)
    } else {
        format!("New self-assessment against {level}")
    };
    let count = groups.iter().map(|g| g.fields.len()).sum();
    AssessmentPage {
        page: Page::for_user(signed_in, "/career"),
        home_href: home_href(signed_in),
        name: full_name(worker),
        person_href: person_href(&worker.id),
        heading,
        level,
        level_id: assessment.level.clone(),
        status: if subject.saved {
            status.label().to_owned()
        } else {
            "Not saved yet".to_owned()
        },
        editable: editable || (!subject.saved && own),
        action: if subject.saved {
            assessment_href(&worker.id, assessment.number)
        } else {
            format!("{}/assessments/new", person_href(&worker.id))
        },
        groups,
        count,
        errors,
        banner,
        level_choices: if subject.saved {
            Vec::new()
        } else {
            framework
                .levels
                .iter()
                .map(|l| Choice::new(l.id.clone(), l.name.clone(), &assessment.level))
                .collect()
        },
        choose_level_href: format!("{}/assessments/new", person_href(&worker.id)),
        met: readiness.met,
        total: readiness.total,
        started: long_date(assessment.started_on),
        submitted: maybe_date(assessment.submitted_on, "Not submitted"),
        review: assessment.review.as_ref().map(|r| ReviewView {
            by: r.by.clone(),
            on: long_date(r.on),
            decision: match r.decision {
                Decision::Agreed => "Agreed and signed off",
                Decision::Returned => "Returned for more evidence",
            }
            .to_owned(),
            comments: r.comments.clone(),
        }),
        sign_off,
        sign_off_action: format!(
            "{}/sign-off",
            assessment_href(&worker.id, assessment.number)
        ),
    }
}

fn decision_choices(current: &str) -> Vec<Choice> {
    vec![
        Choice::new("agreed", "Agree and sign off", current),
        Choice::new("returned", "Return for more evidence", current),
    ]
}

/// The query of the new assessment page: the level to assess against.
#[derive(Debug, Deserialize)]
pub struct NewQuery {
    level: Option<String>,
}

/// The level a person normally assesses against: the one above theirs, or their
/// own at the top (or the first, when their role is at no level).
fn default_level(framework: &Framework, loaded: &Loaded, worker: &Worker) -> String {
    let current = current_level(framework, &loaded.workforce, &worker.id, today());
    let index = match current {
        Some(i) if i + 1 < framework.levels.len() => i + 1,
        Some(i) => i,
        None => 0,
    };
    framework.levels[index].id.clone()
}

/// `GET /career/people/{worker_id}/assessments/new`: only for the person themself.
pub async fn new(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Query(query): Query<NewQuery>,
) -> Result<Response, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let framework = loaded.framework();
    let people = loaded.people(&signed_in);
    let worker = find(&people, &worker_id)?;
    if !is_self(&signed_in, &worker.id) {
        return Err(WebError::NotFound);
    }
    if let Some(open) = open_assessment(&loaded, worker) {
        return Ok(Redirect::to(&open).into_response());
    }
    let level = match query.level {
        Some(level) if framework.level(&level).is_some() => level,
        _ => default_level(&framework, &loaded, worker),
    };
    let number = loaded.career.next_assessment_number(&worker.id);
    let assessment = Assessment::start(&framework, worker.id.clone(), number, &level, today());
    let subject = Subject {
        worker,
        assessment,
        saved: false,
    };
    let groups = groups(&subject.assessment);
    Ok(render(
        &signed_in,
        &framework,
        &subject,
        groups,
        None,
        None,
        Vec::new(),
    )
    .into_response())
}

/// The link to the person's self-assessment not yet signed off, if any: one at a
/// time, so a second is not started while the first is open.
fn open_assessment(loaded: &Loaded, worker: &Worker) -> Option<String> {
    loaded
        .career
        .assessments_of(&worker.id)
        .into_iter()
        .find(|a| a.status() != pathway_domain::career::AssessmentStatus::SignedOff)
        .map(|a| assessment_href(&a.worker_id, a.number))
}

/// Reads the ratings typed over `base`, checking them; `submit` needs every one.
/// `None` when a criterion's hidden ID does not match (the form is stale).
fn read_ratings(
    fields: &FormFields,
    base: &Assessment,
    submit: bool,
) -> Option<(Assessment, Vec<RatingField>, bool)> {
    let mut assessment = base.clone();
    let mut shown = Vec::new();
    let mut wrong = false;
    for (index, rating) in assessment.ratings.iter_mut().enumerate() {
        let number = index + 1;
        if fields.get(&format!("criterion-{number}")) != rating.criterion_id {
            return None;
        }
        let typed = fields.get(&format!("rating-{number}"));
        let evidence = fields.get(&format!("evidence-{number}")).trim().to_owned();
        let mut rating_error = None;
        let mut evidence_error = None;
        let parsed = if typed.is_empty() {
            None
        } else {
            Rating::parse(&typed).ok()
        };
        if parsed.is_none() && (submit || !typed.is_empty()) {
            rating_error = Some(format!(
                "Choose a rating for criterion {number}: {}",
                rating.wording
            ));
        }
        if evidence.chars().count() > MOST_EVIDENCE {
            evidence_error = Some(format!(
                "The evidence for criterion {number} must be 5,000 characters or fewer"
            ));
        }
        wrong |= rating_error.is_some() || evidence_error.is_some();
        rating.rating = parsed;
        rating.evidence = evidence.clone();
        shown.push(RatingField {
            index: number,
            criterion_id: rating.criterion_id.clone(),
            wording: rating.wording.clone(),
            rating_label: parsed.map_or("Not rated", |r| r.label()).to_owned(),
            evidence,
            rating_error,
            evidence_error,
            choices: rating_choices(&typed),
        });
    }
    Some((assessment, shown, wrong))
}

/// Saves a draft or submits: shared by the new and the existing assessment.
#[allow(clippy::too_many_arguments)]
async fn save_ratings(
    state: &AppState,
    signed_in: &SignedIn,
    loaded: &Loaded,
    framework: &Framework,
    worker: &Worker,
    base: Assessment,
    saved: bool,
    fields: &FormFields,
) -> Result<Response, WebError> {
    let submit = fields.get("action") == "submit";
    let Some((mut assessment, shown, wrong)) = read_ratings(fields, &base, submit) else {
        return Err(WebError::NotFound);
    };
    let areas: Vec<Area> = base.ratings.iter().map(|r| r.area).collect();
    let subject = Subject {
        worker,
        assessment: base.clone(),
        saved,
    };
    if wrong {
        let groups = group_fields(&areas, shown);
        return Ok(render(
            signed_in,
            framework,
            &subject,
            groups,
            None,
            None,
            Vec::new(),
        )
        .into_response());
    }
    if submit {
        assessment.submitted_on = Some(today());
    }
    let description = format!(
        "{} self-assessment {} of worker {}",
        if submit {
            "submitted"
        } else {
            "saved draft of"
        },
        assessment.number,
        worker.id
    );
    let href = assessment_href(&worker.id, assessment.number);
    match change_career(
        state.store.as_ref(),
        loaded.council,
        request(signed_in, &description),
        vec![CareerChange::PutAssessment(assessment)],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{href}?saved={}",
            if submit { "submitted" } else { "draft" }
        ))
        .into_response()),
        Err(error) => {
            let message = refusal(error)?;
            let groups = group_fields(&areas, shown);
            Ok(render(
                signed_in,
                framework,
                &subject,
                groups,
                None,
                None,
                vec![SummaryError {
                    field: "rating-1".into(),
                    message,
                }],
            )
            .into_response())
        }
    }
}

/// `POST /career/people/{worker_id}/assessments/new`: the person's new assessment.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let framework = loaded.framework();
    let people = loaded.people(&signed_in);
    let worker = find(&people, &worker_id)?;
    if !is_self(&signed_in, &worker.id) {
        return Err(WebError::NotFound);
    }
    let level = fields.get("level");
    if framework.level(&level).is_none() {
        return Err(WebError::NotFound);
    }
    if let Some(open) = open_assessment(&loaded, worker) {
        return Ok(Redirect::to(&open).into_response());
    }
    let number = loaded.career.next_assessment_number(&worker.id);
    let base = Assessment::start(&framework, worker.id.clone(), number, &level, today());
    save_ratings(
        &state, &signed_in, &loaded, &framework, worker, base, false, &fields,
    )
    .await
}

/// The query of an assessment's page: what was just saved.
#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

/// The assessment of `number` in the user's reach, or not found.
fn stored<'l>(
    loaded: &'l Loaded,
    worker: &Worker,
    number: &str,
) -> Result<&'l Assessment, WebError> {
    let number: u32 = number.parse().map_err(|_| WebError::NotFound)?;
    loaded
        .career
        .assessment(&worker.id, number)
        .ok_or(WebError::NotFound)
}

/// `GET /career/people/{worker_id}/assessments/{number}`: recorded in the audit
/// trail.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((worker_id, number)): Path<(String, String)>,
    Query(query): Query<SavedQuery>,
) -> Result<AssessmentPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let framework = loaded.framework();
    let people = loaded.people(&signed_in);
    let worker = find(&people, &worker_id)?;
    let assessment = stored(&loaded, worker, &number)?.clone();
    let banner = match query.saved.as_deref() {
        Some("draft") => Some("Draft saved".to_owned()),
        Some("submitted") => Some("Self-assessment submitted for sign-off".to_owned()),
        Some("agreed") => Some("Self-assessment signed off".to_owned()),
        Some("returned") => Some("Self-assessment returned for more evidence".to_owned()),
        _ => None,
    };
    record_view(
        &state,
        &signed_in,
        loaded.council,
        format!(
            "self-assessment {} of worker {}",
            assessment.number, worker.id
        ),
    )
    .await?;
    let groups = groups(&assessment);
    let subject = Subject {
        worker,
        assessment,
        saved: true,
    };
    Ok(render(
        &signed_in,
        &framework,
        &subject,
        groups,
        None,
        banner,
        Vec::new(),
    ))
}

/// `POST /career/people/{worker_id}/assessments/{number}`: the person saves their
/// draft or submits it.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((worker_id, number)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let framework = loaded.framework();
    let people = loaded.people(&signed_in);
    let worker = find(&people, &worker_id)?;
    if !is_self(&signed_in, &worker.id) {
        return Err(WebError::NotFound);
    }
    let base = stored(&loaded, worker, &number)?.clone();
    save_ratings(
        &state, &signed_in, &loaded, &framework, worker, base, true, &fields,
    )
    .await
}

/// `POST /career/people/{worker_id}/assessments/{number}/sign-off`: the manager's
/// review. Someone outside the user's reach, or the user themself, is not found.
pub async fn sign_off(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((worker_id, number)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let framework = loaded.framework();
    let people = loaded.people(&signed_in);
    let worker = find(&people, &worker_id)?;
    if !may_sign_off(&signed_in, &worker.id) {
        return Err(WebError::NotFound);
    }
    let assessment = stored(&loaded, worker, &number)?.clone();
    let decision_text = fields.get("decision");
    let comments = fields.get("comments").trim().to_owned();
    let decision = Decision::parse(&decision_text).ok();
    let mut form = SignOffForm {
        choices: decision_choices(&decision_text),
        comments: comments.clone(),
        ..SignOffForm::default()
    };
    if decision.is_none() {
        form.decision_error = Some("Choose whether to sign it off or return it".into());
    }
    if decision == Some(Decision::Returned) && comments.is_empty() {
        form.comments_error = Some("Say what more evidence is needed".into());
    }
    if comments.chars().count() > MOST_EVIDENCE {
        form.comments_error = Some("Comments must be 5,000 characters or fewer".into());
    }
    let groups = groups(&assessment);
    let subject = Subject {
        worker,
        assessment: assessment.clone(),
        saved: true,
    };
    let Some(decision) = decision.filter(|_| form.comments_error.is_none()) else {
        return Ok(render(
            &signed_in,
            &framework,
            &subject,
            groups,
            Some(form),
            None,
            Vec::new(),
        )
        .into_response());
    };
    let description = format!(
        "{} self-assessment {} of worker {}",
        match decision {
            Decision::Agreed => "signed off",
            Decision::Returned => "returned",
        },
        assessment.number,
        worker.id
    );
    let change = CareerChange::Review {
        worker_id: worker.id.clone(),
        number: assessment.number,
        review: Review {
            by: signed_in.user.email.clone(),
            on: today(),
            decision,
            comments,
        },
    };
    match change_career(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        vec![change],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?saved={}",
            assessment_href(&worker.id, assessment.number),
            decision.as_str()
        ))
        .into_response()),
        Err(error) => {
            let message = refusal(error)?;
            Ok(render(
                &signed_in,
                &framework,
                &subject,
                groups,
                Some(form),
                None,
                vec![SummaryError {
                    field: "decision".into(),
                    message,
                }],
            )
            .into_response())
        }
    }
}
