//! `/career/people/{worker_id}`: a person's pathway: their current level, their
//! latest self-assessment, their readiness for the next level (a figure and the
//! criteria between them and it), the opportunities that fit, their development
//! plan and every assessment they have made.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use pathway_domain::access::Permission;
use pathway_domain::career::{Readiness, current_level, opportunities};

use super::{
    assessment_href, course_offers, find, is_self, level_name, load, may_plan, plan_href,
    record_view, today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::academy::percent;
use crate::html::people::{long_date, maybe_date, role_label};
use crate::html::person::{full_name, home_href};
use crate::html::recruitment::vacancy_href;
use crate::page::Page;
use crate::session::SignedIn;

/// One assessment in the history.
#[derive(Debug)]
pub struct HistoryRow {
    href: String,
    number: u32,
    level: String,
    started: String,
    submitted: String,
    status: String,
    met: String,
}

/// A gap between the person and the next level.
#[derive(Debug)]
pub struct GapRow {
    area: String,
    wording: String,
    rating: String,
}

/// An open vacancy at the next level.
#[derive(Debug)]
pub struct VacancyRow {
    id: String,
    href: Option<String>,
    role: String,
    team: String,
    opened: String,
}

/// A course that fits.
#[derive(Debug)]
pub struct CourseRow {
    title: String,
    href: String,
    starts: String,
}

/// An action of the plan.
#[derive(Debug)]
pub struct ActionRow {
    description: String,
    due: String,
    status: String,
}

/// The readiness section.
#[derive(Debug)]
pub struct ReadinessView {
    met: usize,
    total: usize,
    share: String,
    status: String,
    href: String,
    gaps: Vec<GapRow>,
}

/// A person's pathway page.
#[derive(Template, WebTemplate)]
#[template(path = "career_person.html")]
pub struct PersonPage {
    page: Page,
    home_href: &'static str,
    name: String,
    own: bool,
    current_level: String,
    next_level: Option<String>,
    latest: Option<HistoryRow>,
    readiness: Option<ReadinessView>,
    vacancies: Vec<VacancyRow>,
    courses: Vec<CourseRow>,
    actions: Vec<ActionRow>,
    plan_href: String,
    may_plan: bool,
    may_start: bool,
    new_href: String,
    history: Vec<HistoryRow>,
}

/// `GET /career/people/{worker_id}`: recorded in the audit trail; anyone outside
/// the user's reach is not found.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
) -> Result<PersonPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let framework = loaded.framework();
    let people = loaded.people(&signed_in);
    let worker = find(&people, &worker_id)?;
    let today = today();
    let current = current_level(&framework, &loaded.workforce, &worker.id, today);
    let next = current.and_then(|i| framework.levels.get(i + 1));
    let assessments = loaded.career.assessments_of(&worker.id);
    let history_row = |a: &pathway_domain::career::Assessment| {
        let readiness = Readiness::of(a);
        HistoryRow {
            href: assessment_href(&a.worker_id, a.number),
            number: a.number,
            level: level_name(&framework, &a.level),
            started: long_date(a.started_on),
            submitted: maybe_date(a.submitted_on, "Not submitted"),
            status: a.status().label().to_owned(),
            met: format!("{} of {}", readiness.met, readiness.total),
        }
    };
    let towards_next = next.and_then(|level| {
        assessments
            .iter()
            .rev()
            .find(|a| a.level == level.id)
            .copied()
    });
    let readiness = towards_next.map(|a| {
        let r = Readiness::of(a);
        ReadinessView {
            met: r.met,
            total: r.total,
            share: percent(r.share(), "no criteria"),
            status: a.status().label().to_owned(),
            href: assessment_href(&a.worker_id, a.number),
            gaps: r
                .gaps
                .iter()
                .map(|g| GapRow {
                    area: g.area.label().to_owned(),
                    wording: g.wording.clone(),
                    rating: g.rating.map_or("Not rated", |r| r.label()).to_owned(),
                })
                .collect(),
        }
    });
    let gap_areas = towards_next
        .map(|a| Readiness::of(a).gap_areas())
        .unwrap_or_default();
    let training = state.store.training(loaded.council).await?;
    let courses = course_offers(&training, today);
    let found = next.map(|level| {
        opportunities(
            &framework,
            &level.id,
            &gap_areas,
            &loaded.workforce.vacancies,
            &courses,
            today,
        )
    });
    let sees_vacancies = signed_in.user.role.allows(Permission::SeeRecruitment);
    let vacancies = found
        .as_ref()
        .map(|f| {
            f.vacancies
                .iter()
                .map(|v| VacancyRow {
                    id: v.id.to_string(),
                    href: sees_vacancies.then(|| vacancy_href(&v.id)),
                    role: role_label(v.role),
                    team: people.team_name(v.team_id.as_ref()),
                    opened: long_date(v.open.start()),
                })
                .collect()
        })
        .unwrap_or_default();
    let course_rows = found
        .as_ref()
        .map(|f| {
            f.courses
                .iter()
                .map(|c| CourseRow {
                    title: c.title.clone(),
                    href: c.href.clone(),
                    starts: long_date(c.starts_on),
                })
                .collect()
        })
        .unwrap_or_default();
    let actions = loaded
        .career
        .plan_of(&worker.id)
        .into_iter()
        .map(|a| ActionRow {
            description: a.description.clone(),
            due: maybe_date(a.due_on, "No date"),
            status: a.status.label().to_owned(),
        })
        .collect();
    let own = is_self(&signed_in, &worker.id);
    // One at a time: a new one once the last is signed off.
    let open_draft = assessments
        .iter()
        .any(|a| a.status() != pathway_domain::career::AssessmentStatus::SignedOff);
    let page = PersonPage {
        page: Page::for_user(&signed_in, "/career"),
        home_href: home_href(&signed_in),
        name: full_name(worker),
        own,
        current_level: current.map_or_else(
            || "Not at a level of the pathway".to_owned(),
            |i| framework.levels[i].name.clone(),
        ),
        next_level: next.map(|l| l.name.clone()),
        latest: assessments.last().map(|a| history_row(a)),
        readiness,
        vacancies,
        courses: course_rows,
        actions,
        plan_href: plan_href(&worker.id),
        may_plan: may_plan(&signed_in, &worker.id),
        may_start: own && !open_draft && signed_in.user.role.allows(Permission::AssessCareer),
        new_href: format!("{}/assessments/new", super::person_href(&worker.id)),
        history: assessments.iter().rev().map(|a| history_row(a)).collect(),
    };
    record_view(
        &state,
        &signed_in,
        loaded.council,
        format!("career pathway of worker {}", worker.id),
    )
    .await?;
    Ok(page)
}
