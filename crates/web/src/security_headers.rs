//! The headers every response carries to limit what a browser lets a page do: scripts,
//! styles, fonts and images only from Pathway itself and never inline, no framing by
//! another site (clickjacking), no guessing of content types, and no address of a
//! Pathway page (which can name a person) sent to another site.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Pathway's Content-Security-Policy. `data:` images are the icons inside GOV.UK
/// Frontend's stylesheet; everything else is served by Pathway itself.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Each header and its value; a response that sets one itself keeps its own.
const HEADERS: [(HeaderName, &str); 5] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    // `same-origin`, not `no-referrer`: with no referrer at all, browsers send
    // `Origin: null` on form posts, which the same-origin check must refuse.
    (header::REFERRER_POLICY, "same-origin"),
    // For browsers older than `frame-ancestors`.
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
];

/// Adds the security headers to every response.
pub async fn add(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in HEADERS {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}
