//! The academy's home (its cohorts) and each cohort's page: members and their
//! progress, the session calendar, attendance, retention and survival.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use pathway_domain::academy::Academy;
use pathway_domain::academy::asye::{ReviewKind, under_way};
use pathway_domain::academy::session::attendance_rate;
use pathway_domain::access::Permission;
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::records::{AcademyMember, Cohort};
use pathway_domain::values::Date;
use serde::Deserialize;

use super::retention::{CohortRetention, retention, survival};
use super::{
    AcademyReach, HOME_HREF, cohort_href, delivery_label, kind_label, load, member_completion,
    member_href, members_of, name_of, percent, programme_href, programme_label, record_view,
    session_href, time_text, today,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::long_date;
use crate::html::person::home_href;
use crate::html::survival::SurvivalComparison;
use crate::page::Page;
use crate::session::SignedIn;

/// A GOV.UK tag: its text and colour modifier (empty for the default blue).
#[derive(Debug, Clone)]
pub struct Tag {
    /// What it says.
    pub text: String,
    /// `green`, `red`, `grey`, ... or empty.
    pub colour: &'static str,
}

impl Tag {
    fn new(text: impl Into<String>, colour: &'static str) -> Self {
        Self {
            text: text.into(),
            colour,
        }
    }
}

/// One cohort on the academy's home.
#[derive(Debug)]
struct CohortRow {
    name: String,
    href: String,
    programme: &'static str,
    start: String,
    members: usize,
    completed: usize,
    attendance: String,
}

/// A programme's link.
#[derive(Debug)]
struct ProgrammeLink {
    label: &'static str,
    href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "academy_home.html")]
/// The academy's home.
pub struct HomePage {
    page: Page,
    home_href: &'static str,
    cohorts: Vec<CohortRow>,
    whole_council: bool,
    runs_academy: bool,
    programmes: Vec<ProgrammeLink>,
}

/// How many of a cohort's members have completed.
fn completed_count(members: &[&AcademyMember]) -> usize {
    members
        .iter()
        .filter(|member| member.completed_on().is_some())
        .count()
}

/// `GET /academy`: the cohorts the user sees, newest first, and the academy's other
/// pages.
pub async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<HomePage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let cohorts = reach
        .cohorts()
        .into_iter()
        .map(|cohort| {
            let members = members_of(&loaded.workforce, &cohort.id);
            CohortRow {
                name: cohort.name.clone(),
                href: cohort_href(&cohort.id),
                programme: programme_label(cohort.programme),
                start: long_date(cohort.start_date),
                members: members.len(),
                completed: completed_count(&members),
                attendance: percent(
                    attendance_rate(loaded.academy.attendance_of(&cohort.id)),
                    "No register taken",
                ),
            }
        })
        .collect();
    let role = signed_in.user.role;
    Ok(HomePage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        cohorts,
        whole_council: reach.whole_council,
        runs_academy: role.allows(Permission::RunAcademy),
        programmes: Programme::ALL
            .iter()
            .map(|programme| ProgrammeLink {
                label: programme_label(*programme),
                href: programme_href(*programme),
            })
            .collect(),
    })
}

/// One member on a cohort's page.
#[derive(Debug)]
struct MemberRow {
    name: String,
    href: String,
    worker_id: String,
    joined: String,
    sessions: String,
    sessions_tag: Tag,
    asye: Option<Tag>,
    asye_detail: String,
}

/// One session on a cohort's page.
#[derive(Debug)]
struct SessionRow {
    number: u16,
    href: String,
    date: String,
    time: String,
    topic: String,
    kind: &'static str,
    delivery: &'static str,
    venue: String,
    facilitator: String,
    register: Tag,
}

/// A label and a value.
#[derive(Debug)]
struct Detail {
    key: &'static str,
    value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "academy_cohort.html")]
/// A cohort's page.
pub struct CohortPage {
    page: Page,
    home_href: &'static str,
    name: String,
    banner: Option<String>,
    details: Vec<Detail>,
    members: Vec<MemberRow>,
    members_total: usize,
    whole_council: bool,
    add_members_href: Option<String>,
    sessions: Vec<SessionRow>,
    calendar_href: String,
    feed_href: String,
    retention: CohortRetention,
    survival: SurvivalComparison,
}

/// What the cohort page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct CohortQuery {
    created: Option<String>,
    added: Option<String>,
}

/// Where a newly qualified member's ASYE stands: its outcome, or the reviews held
/// of those due by today.
fn asye_summary(
    academy: &Academy,
    cohort: &Cohort,
    member: &AcademyMember,
    today: Date,
) -> (Option<Tag>, String) {
    let outcome = member.asye_outcome();
    if cohort.programme != Programme::Full || outcome == Some(AsyeOutcome::NotApplicable) {
        return (None, "No ASYE".to_owned());
    }
    let record = academy.asye_record(member);
    let held = academy.reviews_of(&cohort.id, member.worker_id());
    let due: Vec<ReviewKind> = ReviewKind::ALL
        .iter()
        .copied()
        .filter(|kind| !kind.optional() && record.review_due(*kind) <= today)
        .collect();
    let held_of_due = due
        .iter()
        .filter(|kind| held.iter().any(|review| review.kind == **kind))
        .count();
    let detail = format!(
        "{} review{} held; {held_of_due} of {} due so far",
        held.len(),
        if held.len() == 1 { "" } else { "s" },
        due.len()
    );
    let tag = match outcome {
        Some(AsyeOutcome::Pass) => Tag::new("Passed", "green"),
        Some(AsyeOutcome::Fail) => Tag::new("Not passed", "red"),
        Some(AsyeOutcome::Extended) => Tag::new("Extended", "yellow"),
        _ if under_way(outcome) && held_of_due < due.len() => Tag::new("Review overdue", "red"),
        _ => Tag::new("In progress", "blue"),
    };
    (Some(tag), detail)
}

fn member_rows(
    reach: &AcademyReach<'_>,
    academy: &Academy,
    cohort: &Cohort,
    today: Date,
) -> Vec<MemberRow> {
    let workforce = reach.people.workforce;
    reach
        .members(&cohort.id)
        .into_iter()
        .map(|member| {
            let completion = member_completion(academy, member, today);
            let (sessions, sessions_tag) = match member.completed_on() {
                Some(done) => (
                    format!("Completed {}", long_date(done)),
                    Tag::new("Completed", "green"),
                ),
                None => {
                    let text = format!(
                        "{} of {} required sessions",
                        completion.covered, completion.required
                    );
                    let tag = if completion.missed.is_empty() {
                        Tag::new("On track", "blue")
                    } else {
                        Tag::new(format!("{} to catch up", completion.missed.len()), "orange")
                    };
                    (text, tag)
                }
            };
            let (asye, asye_detail) = asye_summary(academy, cohort, member, today);
            MemberRow {
                name: name_of(workforce, member.worker_id()),
                href: member_href(&cohort.id, member.worker_id()),
                worker_id: member.worker_id().to_string(),
                joined: long_date(member.joined_on()),
                sessions,
                sessions_tag,
                asye,
                asye_detail,
            }
        })
        .collect()
}

fn session_rows(academy: &Academy, cohort: &Cohort, today: Date) -> Vec<SessionRow> {
    let marks = academy.attendance_of(&cohort.id);
    academy
        .sessions_of(&cohort.id)
        .into_iter()
        .map(|session| {
            let taken = marks.iter().any(|mark| mark.session == session.number);
            let register = if taken {
                Tag::new("Taken", "green")
            } else if session.date > today {
                Tag::new("Not yet held", "grey")
            } else {
                Tag::new("Not taken", "orange")
            };
            SessionRow {
                number: session.number,
                href: session_href(&cohort.id, session.number),
                date: long_date(session.date),
                time: format!(
                    "{} to {}",
                    time_text(session.starts_at),
                    time_text(session.ends_at)
                ),
                topic: session.topic.clone(),
                kind: kind_label(session.kind),
                delivery: delivery_label(session.delivery),
                venue: session.venue.clone(),
                facilitator: session.facilitator.clone(),
                register,
            }
        })
        .collect()
}

/// `GET /academy/cohorts/{cohort_id}`: a cohort's members (those within the user's
/// reach), sessions, attendance, retention and survival; recorded in the audit
/// trail, as it shows people's progress.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(cohort_id): Path<String>,
    Query(query): Query<CohortQuery>,
) -> Result<CohortPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = AcademyReach::new(&loaded.workforce, &signed_in);
    let cohort = reach.find_cohort(&cohort_id)?;
    let today = today();
    let all_members = members_of(&loaded.workforce, &cohort.id);
    let completed = completed_count(&all_members);
    let attendance = attendance_rate(loaded.academy.attendance_of(&cohort.id));
    let date_text = long_date(today);
    let (retention, survival) = {
        let workforce = loaded.workforce.clone();
        let cohort = cohort.clone();
        tokio::task::spawn_blocking(move || {
            (
                retention(&workforce, &cohort, today, &date_text),
                survival(&workforce, &cohort, today, &date_text),
            )
        })
        .await
        .map_err(|error| WebError::Internal(format!("measuring failed: {error}")))?
    };
    let banner = if query.created.as_deref() == Some("1") {
        Some("Cohort created and its sessions laid out".to_owned())
    } else {
        query
            .added
            .as_deref()
            .and_then(|count| count.parse::<usize>().ok())
            .map(|count| format!("{count} member{} added", if count == 1 { "" } else { "s" }))
    };
    let runs_academy = signed_in.user.role.allows(Permission::RunAcademy);
    let page = CohortPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        name: cohort.name.clone(),
        banner,
        details: vec![
            Detail {
                key: "Cohort ID",
                value: cohort.id.to_string(),
            },
            Detail {
                key: "Programme",
                value: programme_label(cohort.programme).to_owned(),
            },
            Detail {
                key: "Start date",
                value: long_date(cohort.start_date),
            },
            Detail {
                key: "Members",
                value: all_members.len().to_string(),
            },
            Detail {
                key: "Completed",
                value: format!("{completed} of {}", all_members.len()),
            },
            Detail {
                key: "Attendance rate",
                value: percent(attendance, "No register taken yet"),
            },
        ],
        members: member_rows(&reach, &loaded.academy, cohort, today),
        members_total: all_members.len(),
        whole_council: reach.whole_council,
        add_members_href: runs_academy.then(|| format!("{}/members", cohort_href(&cohort.id))),
        sessions: session_rows(&loaded.academy, cohort, today),
        calendar_href: format!("{}/calendar.ics", cohort_href(&cohort.id)),
        feed_href: format!("{}/calendar-feed", cohort_href(&cohort.id)),
        retention,
        survival,
    };
    record_view(
        &state,
        &signed_in,
        loaded.council,
        "view cohort",
        format!("viewed cohort {}", cohort.id),
    )
    .await?;
    Ok(page)
}
