//! The skills register: searching everyone's skills (BSL and languages from the worker
//! record, specialisms and other skills from the register), and one person's skills
//! with the form that changes them. BSL and languages are saved to the worker record,
//! through the same import as the person's own edit form, in the same change.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_training;
use pathway_domain::Workforce;
use pathway_domain::records::Worker;
use pathway_domain::training::skills::skills_of_worker;
use pathway_domain::training::{
    Skill, SkillKind, SkillSearch, SkillSource, TrainingChange, search_skills,
};
use serde::Deserialize;

use super::courses::SavedQuery;
use super::{
    Loaded, load, may_run, reach, record_href, refusal, request, skills_href, team_choices, today,
    wanted_team,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError, record_view};
use crate::html::people::{Choice, maybe_date};
use crate::html::person::home_href;
use crate::html::recruitment::fields::FieldErrors;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// What the register may be searched for.
#[derive(Debug, Default, Deserialize)]
pub struct SkillsQuery {
    q: Option<String>,
    kind: Option<String>,
    team: Option<String>,
}

/// One skill found.
#[derive(Debug)]
struct FoundRow {
    name: String,
    href: String,
    team: String,
    kind: &'static str,
    skill: String,
    level: String,
    held: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_skills.html")]
/// The skills register's search.
pub struct SearchPage {
    page: Page,
    home_href: &'static str,
    q: String,
    kinds: Vec<Choice>,
    teams: Vec<Choice>,
    rows: Vec<FoundRow>,
    searched: bool,
}

fn held(source: SkillSource) -> &'static str {
    match source {
        SkillSource::WorkerRecord => "Worker record",
        SkillSource::Register => "Skills register",
    }
}

/// `GET /skills?q=&kind=&team=`: the skills of people in post the user reaches, by
/// words, kind and team.
pub async fn search(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<SkillsQuery>,
) -> Result<SearchPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let people = reach(&loaded.workforce, &signed_in);
    let kind = query.kind.as_deref().and_then(|k| SkillKind::parse(k).ok());
    let team = wanted_team(&loaded.workforce, query.team.as_deref());
    let q = query.q.clone().unwrap_or_default();
    let found = search_skills(
        &loaded.workforce,
        &loaded.training,
        today(),
        &SkillSearch {
            text: Some(q.clone()).filter(|t| !t.trim().is_empty()),
            kind,
            team: team.clone(),
        },
    );
    let mut rows: Vec<FoundRow> = found
        .into_iter()
        .filter(|f| people.may_see(&f.worker_id))
        .map(|f| FoundRow {
            href: skills_href(&f.worker_id),
            team: people.team_name(f.team_id.as_ref()),
            kind: f.kind.label(),
            skill: f.skill,
            level: f.level.unwrap_or_default(),
            held: held(f.source),
            name: f.name,
        })
        .collect();
    rows.sort_by(|a, b| (&a.skill, &a.name).cmp(&(&b.skill, &b.name)));
    let kind_text = kind.map_or("", |k| k.as_str());
    let mut kinds = vec![Choice::new("", "All kinds", kind_text)];
    kinds.extend(
        SkillKind::ALL
            .iter()
            .map(|k| Choice::new(k.as_str(), k.label(), kind_text)),
    );
    Ok(SearchPage {
        page: Page::for_user(&signed_in, "/training"),
        home_href: home_href(&signed_in),
        searched: query.q.is_some() || query.kind.is_some() || query.team.is_some(),
        q,
        kinds,
        teams: team_choices(&loaded.workforce, team.as_ref().map_or("", |t| t.as_str())),
        rows,
    })
}

/// One recorded skill on the form.
#[derive(Debug, Clone)]
struct SkillLine {
    prefix: String,
    number: u32,
    kinds: Vec<Choice>,
    name: String,
    level: String,
    recorded: String,
    remove: bool,
}

/// A skill shown on the page.
#[derive(Debug)]
struct ShownSkill {
    kind: &'static str,
    skill: String,
    level: String,
    recorded: String,
    held: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "training_person_skills.html")]
/// A person's skills.
pub struct PersonSkillsPage {
    page: Page,
    home_href: &'static str,
    saved: bool,
    name: String,
    worker_id: String,
    action: String,
    record_href: String,
    shown: Vec<ShownSkill>,
    may_run: bool,
    bsl: Vec<Choice>,
    languages: String,
    lines: Vec<SkillLine>,
    new_kinds: Vec<Choice>,
    new_name: String,
    new_level: String,
    errors: Vec<SummaryError>,
    error: FieldErrors,
}

fn kind_choices(current: &str) -> Vec<Choice> {
    [SkillKind::Specialism, SkillKind::Other]
        .iter()
        .map(|k| Choice::new(k.as_str(), k.label(), current))
        .collect()
}

fn bsl_value(bsl: Option<bool>) -> &'static str {
    match bsl {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

fn skills_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    worker: &Worker,
    typed: Option<&FormFields>,
    error: FieldErrors,
    saved: bool,
) -> PersonSkillsPage {
    let people = reach(&loaded.workforce, signed_in);
    let name = format!("{} {}", worker.given_name, worker.family_name);
    let team = people
        .position(&worker.id)
        .assignment
        .and_then(|a| a.team_id.clone());
    let shown = skills_of_worker(
        &loaded.workforce,
        &loaded.training,
        &worker.id,
        &name,
        team.as_ref(),
    )
    .into_iter()
    .map(|f| ShownSkill {
        kind: f.kind.label(),
        skill: f.skill,
        level: f.level.unwrap_or_default(),
        recorded: maybe_date(f.recorded_on, ""),
        held: held(f.source),
    })
    .collect();
    let get = |field: &str, stored: String| typed.map_or(stored, |f| f.get(field));
    let bsl_now = get("bsl", bsl_value(worker.bsl).to_owned());
    let lines = loaded
        .training
        .skills_of(&worker.id)
        .into_iter()
        .map(|s| {
            let prefix = format!("skill-{}", s.number);
            SkillLine {
                kinds: kind_choices(&get(&format!("{prefix}-kind"), s.kind.as_str().to_owned())),
                name: get(&format!("{prefix}-name"), s.name.clone()),
                level: get(
                    &format!("{prefix}-level"),
                    s.level.clone().unwrap_or_default(),
                ),
                recorded: maybe_date(Some(s.recorded_on), ""),
                remove: typed.is_some_and(|f| f.ticked(&format!("{prefix}-remove"))),
                number: s.number,
                prefix,
            }
        })
        .collect();
    PersonSkillsPage {
        page: Page::for_user(signed_in, "/training"),
        home_href: home_href(signed_in),
        saved,
        name,
        worker_id: worker.id.to_string(),
        action: skills_href(&worker.id),
        record_href: record_href(&worker.id),
        shown,
        may_run: may_run(signed_in),
        bsl: vec![
            Choice::new("yes", "Yes", &bsl_now),
            Choice::new("no", "No", &bsl_now),
            Choice::new("unknown", "Not recorded", &bsl_now),
        ],
        languages: get("languages", worker.languages.join(", ")),
        lines,
        new_kinds: kind_choices(&get("new-kind", "specialism".to_owned())),
        new_name: get("new-name", String::new()),
        new_level: get("new-level", String::new()),
        errors: error.summary(),
        error,
    }
}

fn find<'l>(signed_in: &SignedIn, loaded: &'l Loaded, id: &str) -> Result<&'l Worker, WebError> {
    reach(&loaded.workforce, signed_in)
        .find(id)
        .ok_or(WebError::NotFound)
}

/// `GET /skills/people/{worker_id}`: a person's skills, recorded in the audit trail.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Query(query): Query<SavedQuery>,
) -> Result<PersonSkillsPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let worker = find(&signed_in, &loaded, &worker_id)?;
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view skills",
        format!("worker {}", worker.id),
    )
    .await?;
    Ok(skills_page(
        &signed_in,
        &loaded,
        worker,
        None,
        FieldErrors::default(),
        query.saved().is_some(),
    ))
}

/// The languages typed, separated by commas, without repeats.
pub fn languages_of(text: &str) -> Vec<String> {
    let mut languages: Vec<String> = Vec::new();
    for language in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if !languages.iter().any(|l| l.eq_ignore_ascii_case(language)) {
            languages.push(language.to_owned());
        }
    }
    languages
}

/// The worker record with changed BSL and languages, as a partial upload; none when
/// they are unchanged.
pub fn worker_upload(
    workforce: &Workforce,
    worker: &Worker,
    bsl: Option<bool>,
    languages: Vec<String>,
) -> Option<Workforce> {
    if worker.bsl == bsl && worker.languages == languages {
        return None;
    }
    let mut changed = worker.clone();
    changed.bsl = bsl;
    changed.languages = languages;
    let mut upload = Workforce::new(workforce.council);
    upload.workers.push(changed);
    Some(upload)
}

/// `POST /skills/people/{worker_id}`: saves BSL and languages to the worker record
/// and the specialisms and other skills to the register, in one change.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let worker = find(&signed_in, &loaded, &worker_id)?;
    let mut error = FieldErrors::default();
    let bsl = match fields.get("bsl").as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        "unknown" => None,
        _ => {
            error.add(
                "bsl",
                "Select whether they are proficient in British Sign Language",
            );
            worker.bsl
        }
    };
    let languages = languages_of(&fields.get("languages"));
    let mut skills: Vec<Skill> = Vec::new();
    for stored in loaded.training.skills_of(&worker.id) {
        let prefix = format!("skill-{}", stored.number);
        if fields.ticked(&format!("{prefix}-remove")) {
            continue;
        }
        let name = fields.get(&format!("{prefix}-name")).trim().to_owned();
        if name.is_empty() {
            error.add(
                &format!("{prefix}-name"),
                format!("Enter skill {}'s name, or tick to remove it", stored.number),
            );
        }
        let kind = SkillKind::parse(&fields.get(&format!("{prefix}-kind")))
            .ok()
            .filter(|k| matches!(k, SkillKind::Specialism | SkillKind::Other))
            .unwrap_or(stored.kind);
        let level = fields.get(&format!("{prefix}-level")).trim().to_owned();
        skills.push(Skill {
            name,
            kind,
            level: Some(level).filter(|l| !l.is_empty()),
            ..stored.clone()
        });
    }
    let new_name = fields.get("new-name").trim().to_owned();
    let new_level = fields.get("new-level").trim().to_owned();
    if !new_name.is_empty() {
        let kind = SkillKind::parse(&fields.get("new-kind"))
            .ok()
            .filter(|k| matches!(k, SkillKind::Specialism | SkillKind::Other));
        match kind {
            Some(kind) => skills.push(Skill {
                worker_id: worker.id.clone(),
                number: loaded
                    .training
                    .skills_of(&worker.id)
                    .iter()
                    .map(|s| s.number)
                    .max()
                    .unwrap_or(0)
                    + 1,
                kind,
                name: new_name,
                level: Some(new_level).filter(|l| !l.is_empty()),
                recorded_on: today(),
            }),
            None => error.add("new-kind", "Select specialism or other skill"),
        }
    } else if !new_level.is_empty() {
        error.add(
            "new-name",
            "Enter the new skill's name, or leave its level empty",
        );
    }
    if !error.is_empty() {
        return Ok(
            skills_page(&signed_in, &loaded, worker, Some(&fields), error, false).into_response(),
        );
    }
    let upload = worker_upload(&loaded.workforce, worker, bsl, languages);
    let description = format!("skills of worker {}", worker.id);
    match change_training(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        upload,
        vec![TrainingChange::ReplaceSkills {
            worker_id: worker.id.clone(),
            skills,
        }],
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?saved=skills", skills_href(&worker.id))).into_response())
        }
        Err(refused) => {
            error.add("new-name", refusal(refused)?);
            Ok(
                skills_page(&signed_in, &loaded, worker, Some(&fields), error, false)
                    .into_response(),
            )
        }
    }
}
