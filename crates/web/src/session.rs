//! Who is signed in, what they may do, and protection against forged requests.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use chrono::Utc;
use pathway_app::accounts::{Session, SessionOwner, User, token_hash};
use pathway_domain::access::Permission;

use crate::AppState;
use crate::error::WebError;

/// The cookie holding a signed-in browser's session token.
pub const SESSION_COOKIE: &str = "pathway_session";

/// The cookie holding the form token of a browser that has not signed in yet: the
/// sign-in form carries the same value (double submit), so another site cannot post
/// it.
pub const FORM_COOKIE: &str = "pathway_form";

/// The signed-in user of a request, put there by [`authenticate`].
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Who.
    pub user: User,
    /// Their session.
    pub session: Session,
    /// Their council's name, for the header.
    pub council_name: String,
    /// The revision of their council's records when the request began.
    pub council_revision: u64,
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<SignedIn>()
            .cloned()
            .ok_or(WebError::SignInNeeded)
    }
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for SignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<SignedIn>().cloned())
    }
}

/// Finds the session of the request's cookie, if any, and remembers its user.
pub async fn authenticate(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        match state
            .store
            .session(&token_hash(cookie.value()), Utc::now())
            .await
        {
            Ok(Some(SessionOwner {
                session,
                user,
                council_name,
                council_revision,
            })) => {
                let council_name = match (user.council, council_name) {
                    (Some(_), Some(name)) => name,
                    (Some(code), None) => format!("Council {code}"),
                    (None, _) => "Pathway installation".to_owned(),
                };
                request.extensions_mut().insert(SignedIn {
                    user,
                    session,
                    council_name,
                    council_revision,
                });
            }
            Ok(None) => {}
            Err(error) => return WebError::from(error).into_response(),
        }
    }
    next.run(request).await
}

/// Lets the request through only if someone is signed in whose role allows
/// `permission`: sends others to sign in, and refuses the signed-in without it.
pub async fn require(permission: Permission, request: Request, next: Next) -> Response {
    match request.extensions().get::<SignedIn>() {
        None => WebError::SignInNeeded.into_response(),
        Some(signed_in) if !signed_in.user.role.allows(permission) => {
            WebError::Forbidden.into_response()
        }
        Some(_) => next.run(request).await,
    }
}

/// Refuses a state-changing request sent from another site: its `Origin` (or, for
/// older browsers, `Sec-Fetch-Site`) must be this site.
pub async fn check_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || same_origin(request.headers()) {
        next.run(request).await
    } else {
        WebError::Forbidden.into_response()
    }
}

fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
    {
        Some(origin) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            host.is_some_and(|host| host.eq_ignore_ascii_case(origin_host))
        }
        None => headers
            .get("sec-fetch-site")
            .and_then(|value| value.to_str().ok())
            .is_none_or(|site| matches!(site, "same-origin" | "none")),
    }
}

/// Compares a form's token with the expected one in constant time.
pub fn token_matches(expected: &str, given: &str) -> bool {
    expected.len() == given.len()
        && !expected.is_empty()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0
}

/// Checks a signed-in user's form token.
pub fn check_form_token(signed_in: &SignedIn, given: &str) -> Result<(), WebError> {
    if token_matches(&signed_in.session.csrf_token, given) {
        Ok(())
    } else {
        Err(WebError::Forbidden)
    }
}

/// Whether the request came over HTTPS (directly or through a proxy that says so),
/// so that cookies can be marked `Secure`.
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|proto| proto == "https")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn form_tokens_must_match_exactly_and_not_be_empty() {
        assert!(token_matches("abc123", "abc123"));
        assert!(!token_matches("abc123", "abc124"));
        assert!(!token_matches("abc123", "abc12"));
        assert!(!token_matches("", ""));
    }

    #[test]
    fn a_post_from_another_site_is_not_same_origin() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&headers));
        headers.remove(header::ORIGIN);
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&headers));
    }
}
