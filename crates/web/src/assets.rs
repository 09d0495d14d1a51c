//! The stylesheet and scripts, embedded in the binary at build time.

use axum::http::header;
use axum::response::IntoResponse;

const STYLESHEET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pathway.css"));
const GOVUK_FRONTEND: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/govuk-frontend.min.js"));
const INIT: &[u8] = include_bytes!("../assets/init.js");

fn asset(content_type: &'static str, body: &'static [u8]) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}

/// `/assets/pathway.css`: GOV.UK Frontend compiled with the council's look.
pub async fn stylesheet() -> impl IntoResponse {
    asset("text/css; charset=utf-8", STYLESHEET)
}

/// `/assets/govuk-frontend.min.js`: GOV.UK Frontend's components.
pub async fn govuk_frontend() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", GOVUK_FRONTEND)
}

/// `/assets/init.js`: starts the components.
pub async fn init() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", INIT)
}
