//! Request size limits: every route accepts a body only up to the size its kind of
//! request needs, and answers 413 beyond it (a page for the pages, `{"error": ...}`
//! for the API) before reading more than that.
//!
//! The kinds, and why each is as large as it is:
//! - a page's form ([`FORM_BYTES`]): the longest text of a form is 5,000 characters
//!   (exit interview comments, ASYE notes), at most 45 KB even if every character
//!   is a three-byte one sent percent-encoded; the longest lists of a form (a
//!   course's or a session's attendance) are a few kilobytes;
//! - one record sent to the API as JSON ([`API_BYTES`]): the same fields as a form;
//! - the committee report's words, on its page and in the API
//!   ([`REPORT_WORDS_BYTES`]): six texts of up to 20,000 characters each, 1.1 MB
//!   percent-encoded at worst, so that a text a little too long is still answered
//!   with the form's own "must be 20000 characters or fewer";
//! - a list of records sent to the API at once ([`API_LIST_BYTES`]): a council's
//!   caseload counts, a course's attendance, the career framework, an academy
//!   programme or a survey's responses as CSV, which grow with the council;
//! - a file uploaded on a page: the import and the survey's responses file, with
//!   their own limit (`html::import::body_limit`), streamed to disk, not held here.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::error::ApiError;
use crate::error::WebError;

/// The largest body of a page's form: 64 KiB.
pub const FORM_BYTES: usize = 64 * 1024;

/// The largest JSON body of one record sent to the API: 64 KiB.
pub const API_BYTES: usize = 64 * 1024;

/// The largest body of the committee report's words, as a form or as JSON: 2 MiB.
pub const REPORT_WORDS_BYTES: usize = 2 * 1024 * 1024;

/// The largest body of the API's operations that take a list of records: 4 MiB, some
/// hundred times a large council's list.
pub const API_LIST_BYTES: usize = 4 * 1024 * 1024;

/// Whether a request's declared length is over `limit` (a length that is not a number
/// is left to the server, which refuses it).
fn declared_over(request: &Request, limit: usize) -> bool {
    request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok())
        .is_some_and(|length| length > limit as u64)
}

/// Reads the body up to `limit` bytes, so that the handler gets it whole; `None` if
/// it is longer (a body sent in chunks has no declared length to check first) or
/// could not be read.
async fn within(request: Request, limit: usize) -> Result<Request, Response> {
    let (parts, body) = request.into_parts();
    match to_bytes(body, limit).await {
        Ok(bytes) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Err(_) => Err(WebError::TooLarge { limit }.into_response()),
    }
}

/// The limit of the pages' forms: `limit` bytes, else the "too large" page.
pub async fn page_body(limit: usize, request: Request, next: Next) -> Response {
    if declared_over(&request, limit) {
        return WebError::TooLarge { limit }.into_response();
    }
    match within(request, limit).await {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    }
}

/// The limit of the API's bodies: `limit` bytes, else 413 with a JSON error.
pub async fn api_body(limit: usize, request: Request, next: Next) -> Response {
    if declared_over(&request, limit) {
        return ApiError::TooLarge { limit }.into_response();
    }
    match within(request, limit).await {
        Ok(request) => next.run(request).await,
        Err(_) => ApiError::TooLarge { limit }.into_response(),
    }
}

/// A limit as people read it: `64 KiB`, `4 MiB`.
pub fn size_text(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_in_the_unit_they_are_set_in() {
        assert_eq!(size_text(FORM_BYTES), "64 KiB");
        assert_eq!(size_text(API_LIST_BYTES), "4 MiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }
}
