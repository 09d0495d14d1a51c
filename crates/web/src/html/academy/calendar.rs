//! The academy's calendars: `.ics` downloads of a cohort's or a member's calendar,
//! the pages that make a secret subscription link for each, and the public feed that
//! calendar programs fetch with that link.
//!
//! A feed's link carries a random token; the database keeps only its SHA-256, so the
//! link is shown once, when it is made, and making a new one replaces the old one.
//! Fetching a feed needs no session (a calendar program has none) and is not written
//! to the audit trail on each fetch: programs poll every few hours, and the entry
//! that matters, who made the link, is written when it is made.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pathway_app::AuditEntry;
use pathway_app::accounts::{random_token, token_hash};
use pathway_domain::academy::CalendarScope;
use pathway_domain::access::Permission;
use pathway_domain::ids::WorkerId;
use pathway_domain::records::{AcademyMember, Cohort};
use serde::Deserialize;

use super::{AcademyReach, HOME_HREF, Loaded, cohort_href, load, member_href, name_of};
use crate::AppState;
use crate::calendar::{self, Calendar};
use crate::error::WebError;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token, is_https};

/// The audit action of making a subscription link.
const FEED_ACTION: &str = "calendar feed";

/// Where the public feeds are served: `/calendar/{token}.ics`.
pub const FEED_PREFIX: &str = "/calendar/";

/// A calendar file as a response.
fn ics_response(calendar: &Calendar, disposition: &str, file_name: &str) -> Response {
    let body = calendar.to_ics(Utc::now());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(calendar::CONTENT_TYPE),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("{disposition}; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The cohort (and member) a request names, within the signed-in user's reach.
struct Target {
    cohort: Cohort,
    member: Option<AcademyMember>,
    member_name: Option<String>,
}

impl Target {
    fn scope(&self) -> CalendarScope {
        CalendarScope {
            cohort_id: self.cohort.id.clone(),
            worker_id: self.member.as_ref().map(|m| m.worker_id().clone()),
        }
    }

    fn calendar(&self, loaded: &Loaded) -> Calendar {
        match (&self.member, &self.member_name) {
            (Some(member), Some(name)) => calendar::member_calendar(
                loaded.council,
                &self.cohort,
                member,
                name,
                &loaded.academy,
            ),
            _ => calendar::cohort_calendar(loaded.council, &self.cohort, &loaded.academy),
        }
    }

    fn file_name(&self) -> String {
        match &self.member {
            Some(member) => calendar::file_name(&[
                "academy",
                self.cohort.id.as_str(),
                member.worker_id().as_str(),
            ]),
            None => calendar::file_name(&["academy", self.cohort.id.as_str()]),
        }
    }

    /// What the audit trail says the calendar is.
    fn describe(&self) -> String {
        match &self.member {
            Some(member) => format!("worker {} in cohort {}", member.worker_id(), self.cohort.id),
            None => format!("cohort {}", self.cohort.id),
        }
    }

    fn page_href(&self) -> String {
        match &self.member {
            Some(member) => format!(
                "{}/calendar-feed",
                member_href(&self.cohort.id, member.worker_id())
            ),
            None => format!("{}/calendar-feed", cohort_href(&self.cohort.id)),
        }
    }

    fn download_href(&self) -> String {
        match &self.member {
            Some(member) => format!(
                "{}/calendar.ics",
                member_href(&self.cohort.id, member.worker_id())
            ),
            None => format!("{}/calendar.ics", cohort_href(&self.cohort.id)),
        }
    }
}

/// Finds the cohort, and the member when one is named, within the user's reach: a
/// cohort none of whose members they reach, or a member out of their reach, is not
/// found (coordinators reach every cohort).
fn target(
    loaded: &Loaded,
    signed_in: &SignedIn,
    cohort_id: &str,
    worker_id: Option<&str>,
) -> Result<Target, WebError> {
    let reach = AcademyReach::new(&loaded.workforce, signed_in);
    let cohort = reach.find_cohort(cohort_id)?.clone();
    let Some(worker_id) = worker_id else {
        return Ok(Target {
            cohort,
            member: None,
            member_name: None,
        });
    };
    let worker = WorkerId::parse(worker_id).map_err(|_| WebError::NotFound)?;
    if !reach.may_see(&worker) {
        return Err(WebError::NotFound);
    }
    let member = calendar::find_member(&loaded.workforce, &cohort.id, &worker)
        .ok_or(WebError::NotFound)?
        .clone();
    Ok(Target {
        cohort,
        member: Some(member),
        member_name: Some(name_of(&loaded.workforce, &worker)),
    })
}

/// `GET /academy/cohorts/{cohort_id}/calendar.ics`: the cohort's sessions.
pub async fn cohort_download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(cohort_id): Path<String>,
) -> Result<Response, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let target = target(&loaded, &signed_in, &cohort_id, None)?;
    Ok(ics_response(
        &target.calendar(&loaded),
        "attachment",
        &target.file_name(),
    ))
}

/// `GET /academy/cohorts/{cohort_id}/members/{worker_id}/calendar.ics`: a member's
/// sessions and ASYE due dates. It is a view of their record, so it is audited.
pub async fn member_download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((cohort_id, worker_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let target = target(&loaded, &signed_in, &cohort_id, Some(&worker_id))?;
    let response = ics_response(&target.calendar(&loaded), "attachment", &target.file_name());
    state
        .store
        .record_audit(&[AuditEntry {
            council: loaded.council,
            actor: signed_in.user.email.clone(),
            action: "view academy calendar".to_owned(),
            detail: target.describe(),
        }])
        .await?;
    Ok(response)
}

/// The page about a calendar's subscription link.
#[derive(Template, WebTemplate)]
#[template(path = "academy_calendar_feed.html")]
pub struct FeedPage {
    page: Page,
    cohort_name: String,
    cohort_href: String,
    member_name: Option<String>,
    member_href: Option<String>,
    page_href: String,
    download_href: String,
    /// Whether the user may make the link: anyone reaching a member for the member's
    /// calendar; only the academy for a whole cohort's, which all its members share.
    may_create: bool,
    /// For a member looking at their cohort's page: their own calendar's page.
    own_feed_href: Option<String>,
    /// The new link, shown once.
    feed_url: Option<String>,
    /// The same link for calendar programs that open `webcal:` links.
    webcal_url: Option<String>,
}

/// Whether the user may make the link of this calendar.
fn may_create(signed_in: &SignedIn, target: &Target) -> bool {
    target.member.is_some() || signed_in.user.role.allows(Permission::RunAcademy)
}

fn feed_page(
    signed_in: &SignedIn,
    target: &Target,
    own_feed_href: Option<String>,
    feed_url: Option<String>,
    webcal_url: Option<String>,
) -> FeedPage {
    FeedPage {
        page: Page::for_user(signed_in, HOME_HREF),
        cohort_name: target.cohort.name.clone(),
        cohort_href: cohort_href(&target.cohort.id),
        member_name: target.member_name.clone(),
        member_href: target
            .member
            .as_ref()
            .map(|member| member_href(&target.cohort.id, member.worker_id())),
        page_href: target.page_href(),
        download_href: target.download_href(),
        may_create: may_create(signed_in, target),
        own_feed_href,
        feed_url,
        webcal_url,
    }
}

/// `GET .../calendar-feed`: what a subscription link is, and the button to make one.
async fn show_feed(
    state: &AppState,
    signed_in: &SignedIn,
    cohort_id: &str,
    worker_id: Option<&str>,
) -> Result<Response, WebError> {
    let loaded = load(state, signed_in).await?;
    let target = target(&loaded, signed_in, cohort_id, worker_id)?;
    // A member who may not make the cohort's link is pointed to their own calendar.
    let own_feed_href = signed_in
        .user
        .worker_id
        .as_ref()
        .filter(|own| {
            target.member.is_none()
                && !may_create(signed_in, &target)
                && calendar::find_member(&loaded.workforce, &target.cohort.id, own).is_some()
        })
        .map(|own| format!("{}/calendar-feed", member_href(&target.cohort.id, own)));
    Ok(feed_page(signed_in, &target, own_feed_href, None, None).into_response())
}

/// What the button sends.
#[derive(Debug, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    csrf_token: String,
}

/// The address the user reached Pathway at, from the request's `Host` header (and
/// `X-Forwarded-Proto` behind a proxy), or `None` when it is missing or not a plain
/// host name, so the page falls back to a path.
fn base_url(headers: &HeaderMap) -> Option<(String, String)> {
    let host = headers.get(header::HOST)?.to_str().ok()?.trim();
    let plain = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !plain {
        return None;
    }
    let scheme = if is_https(headers) { "https" } else { "http" };
    Some((format!("{scheme}://{host}"), format!("webcal://{host}")))
}

/// `POST .../calendar-feed`: makes a new secret link (the old one stops working),
/// records it in the audit trail and shows it once, on this page rather than after
/// a redirect, so it is never in a web address the browser keeps.
async fn create_feed(
    state: &AppState,
    signed_in: &SignedIn,
    headers: &HeaderMap,
    cohort_id: &str,
    worker_id: Option<&str>,
    form: &CreateForm,
) -> Result<Response, WebError> {
    check_form_token(signed_in, &form.csrf_token)?;
    let loaded = load(state, signed_in).await?;
    let target = target(&loaded, signed_in, cohort_id, worker_id)?;
    if !may_create(signed_in, &target) {
        return Err(WebError::Forbidden);
    }
    let token = random_token(32);
    state
        .store
        .replace_calendar_feed(
            loaded.council,
            &target.scope(),
            &token_hash(&token),
            Utc::now(),
        )
        .await?;
    state
        .store
        .record_audit(&[AuditEntry {
            council: loaded.council,
            actor: signed_in.user.email.clone(),
            action: FEED_ACTION.to_owned(),
            detail: format!(
                "new subscription link for the calendar of {}; any earlier link stops working",
                target.describe()
            ),
        }])
        .await?;
    let path = format!("{FEED_PREFIX}{token}.ics");
    let (feed_url, webcal_url) = match base_url(headers) {
        Some((http, webcal)) => (format!("{http}{path}"), Some(format!("{webcal}{path}"))),
        None => (path, None),
    };
    let mut response =
        feed_page(signed_in, &target, None, Some(feed_url), webcal_url).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}

/// `GET /academy/cohorts/{cohort_id}/calendar-feed`.
pub async fn cohort_feed_page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(cohort_id): Path<String>,
) -> Result<Response, WebError> {
    show_feed(&state, &signed_in, &cohort_id, None).await
}

/// `POST /academy/cohorts/{cohort_id}/calendar-feed`.
pub async fn cohort_feed_create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(cohort_id): Path<String>,
    Form(form): Form<CreateForm>,
) -> Result<Response, WebError> {
    create_feed(&state, &signed_in, &headers, &cohort_id, None, &form).await
}

/// `GET /academy/cohorts/{cohort_id}/members/{worker_id}/calendar-feed`.
pub async fn member_feed_page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((cohort_id, worker_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    show_feed(&state, &signed_in, &cohort_id, Some(&worker_id)).await
}

/// `POST /academy/cohorts/{cohort_id}/members/{worker_id}/calendar-feed`.
pub async fn member_feed_create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path((cohort_id, worker_id)): Path<(String, String)>,
    Form(form): Form<CreateForm>,
) -> Result<Response, WebError> {
    create_feed(
        &state,
        &signed_in,
        &headers,
        &cohort_id,
        Some(&worker_id),
        &form,
    )
    .await
}

/// `GET /calendar/{token}.ics`: the current calendar of the feed with this token,
/// for calendar programs, with no session. An unknown or replaced token, or a feed
/// whose cohort or member is gone, is not found.
pub async fn feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let token = file.strip_suffix(".ics").ok_or(WebError::NotFound)?;
    // Every token is 32 random bytes in hex; anything else need not be looked up.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(WebError::NotFound);
    }
    let (council, scope) = state
        .store
        .calendar_feed(&token_hash(token))
        .await?
        .ok_or(WebError::NotFound)?;
    let workforce = state.workforce(council).await?;
    let academy = state.store.academy(council).await?;
    let calendar =
        calendar::scope_calendar(&workforce, &academy, &scope).ok_or(WebError::NotFound)?;
    let name = match &scope.worker_id {
        Some(worker) => {
            calendar::file_name(&["academy", scope.cohort_id.as_str(), worker.as_str()])
        }
        None => calendar::file_name(&["academy", scope.cohort_id.as_str()]),
    };
    let mut response = ics_response(&calendar, "inline", &name);
    response
        .headers_mut()
        .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}
