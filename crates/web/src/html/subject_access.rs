//! A person's subject access response: everything Pathway holds about them, as a
//! page with the same records downloadable as JSON and PDF. Only the workforce lead
//! (see `Permission::AnswerSubjectAccess`); anyone outside their reach is not found,
//! and every view and download is recorded in the audit trail.
// [issue 11: subject access]

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pathway_app::{SubjectAccessError, SubjectAccessRequest};
use pathway_domain::ids::WorkerId;
use pathway_domain::subject_access::SubjectAccess;

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{self, People, person_href};
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::SignedIn;

/// The page's address for a worker; `.json` and `.pdf` after it are the downloads.
pub fn href(worker: &WorkerId) -> String {
    format!("{}/subject-access", person_href(worker))
}

/// The subject access page.
#[derive(Template, WebTemplate)]
#[template(path = "subject_access.html")]
pub struct SubjectAccessPage {
    page: Page,
    home_href: &'static str,
    name: String,
    person_href: String,
    json_href: String,
    pdf_href: String,
    response: String,
}

/// Checks the user reaches the worker (else not found), then gathers the response,
/// recording it as given `how`.
async fn gather(
    state: &AppState,
    signed_in: &SignedIn,
    worker_id: &str,
    how: &str,
) -> Result<SubjectAccess, WebError> {
    let (council, workforce) = people::load(state, signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, Utc::now().date_naive());
    let worker = people.find(worker_id).ok_or(WebError::NotFound)?;
    let request = SubjectAccessRequest {
        council,
        worker: &worker.id,
        actor: &signed_in.user.email,
        how,
    };
    pathway_app::subject_access(state.store.as_ref(), request, Utc::now())
        .await
        .map_err(|error| match error {
            SubjectAccessError::Store(error) => WebError::Store(error),
            SubjectAccessError::UnknownCouncil(_) | SubjectAccessError::UnknownWorker { .. } => {
                WebError::NotFound
            }
        })
}

/// `GET /workers/{worker_id}/subject-access`: the response as a page.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
) -> Result<SubjectAccessPage, WebError> {
    let access = gather(&state, &signed_in, &worker_id, "page").await?;
    let worker = WorkerId::parse(&access.worker.worker_id).map_err(|_| WebError::NotFound)?;
    let base = href(&worker);
    Ok(SubjectAccessPage {
        page: Page::for_user(&signed_in, "/workers"),
        home_href: home_href(&signed_in),
        name: access.name(),
        person_href: person_href(&worker),
        json_href: format!("{base}.json"),
        pdf_href: format!("{base}.pdf"),
        response: pathway_reports::html::fragment(&pathway_reports::subject_access::report(
            &access,
        )),
    })
}

/// The file name of a download: `subject-access-<council>-<worker>.<extension>`, with
/// anything but letters, digits and `-` in the ID written as `_`.
fn file_name(access: &SubjectAccess, extension: &str) -> String {
    let worker: String = access
        .worker
        .worker_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "subject-access-{}-{worker}.{extension}",
        access.council.code
    )
}

fn download(content_type: &'static str, name: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /workers/{worker_id}/subject-access.json`: the response as JSON (the layout
/// `docs/subject-access.md` describes).
pub async fn json(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
) -> Result<Response, WebError> {
    let access = gather(&state, &signed_in, &worker_id, "json").await?;
    let body = serde_json::to_vec_pretty(&access)
        .map_err(|error| WebError::Internal(format!("the response as JSON: {error}")))?;
    Ok(download(
        "application/json",
        file_name(&access, "json"),
        body,
    ))
}

/// `GET /workers/{worker_id}/subject-access.pdf`: the response as a tagged PDF.
pub async fn pdf(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
) -> Result<Response, WebError> {
    let access = gather(&state, &signed_in, &worker_id, "pdf").await?;
    let body = pathway_reports::subject_access::pdf(&access)
        .map_err(|error| WebError::Internal(format!("the response as a PDF: {error}")))?;
    Ok(download("application/pdf", file_name(&access, "pdf"), body))
}
