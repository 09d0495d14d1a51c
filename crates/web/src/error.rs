//! Errors of the web layer, each answered with a page a person can act on. Failures
//! inside Pathway are logged once with their cause and shown without it.

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use pathway_app::StoreError;

use crate::page::Page;

/// Why a request could not be answered as asked.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Nobody is signed in.
    #[error("sign in to continue")]
    SignInNeeded,
    /// The signed-in user may not do this, or a form's token was wrong.
    #[error("you do not have access to this page")]
    Forbidden,
    /// No such page, or no such record in the user's council.
    #[error("page not found")]
    NotFound,
    /// The request's body is larger than the route accepts (`request_limits`).
    #[error("the form sent is larger than the {} this page accepts", crate::request_limits::size_text(*limit))]
    TooLarge {
        /// The route's limit, in bytes.
        limit: usize,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else inside Pathway failed.
    #[error("{0}")]
    Internal(String),
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: Page,
    heading: &'a str,
    lines: Vec<&'a str>,
}

fn render(status: StatusCode, heading: &str, lines: Vec<&str>) -> Response {
    let page = ErrorPage {
        page: Page::anonymous(String::new()),
        heading,
        lines,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, heading.to_owned()).into_response(),
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            Self::SignInNeeded => Redirect::to("/sign-in").into_response(),
            Self::Forbidden => render(
                StatusCode::FORBIDDEN,
                "You do not have access to this page",
                vec![
                    "Your role does not include this page, or the form you sent had expired. Go back, reload the page and try again.",
                ],
            ),
            Self::NotFound => render(
                StatusCode::NOT_FOUND,
                "Page not found",
                vec![
                    "If you typed the web address, check it is correct.",
                    "If you pasted the web address, check you copied the entire address.",
                ],
            ),
            Self::TooLarge { limit } => {
                let line = format!(
                    "This page accepts at most {} at a time. Nothing you sent was saved. Go back, send less at once, and try again.",
                    crate::request_limits::size_text(limit)
                );
                render(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "What you sent is too large",
                    vec![&line],
                )
            }
            Self::Store(error) => {
                tracing::error!(%error, "database failure");
                internal()
            }
            Self::Internal(error) => {
                tracing::error!(%error, "internal failure");
                internal()
            }
        }
    }
}

fn internal() -> Response {
    let mut response = render(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Sorry, there is a problem with the service",
        vec![
            "Try again later. Nothing you sent was saved if you saw this page after sending a form.",
        ],
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}
