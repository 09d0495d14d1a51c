//! Signing in and out.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::Utc;
use pathway_app::accounts::{self, SESSION_LENGTH, SignInError, random_token, token_hash};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::page::{FieldError, Page};
use crate::session::{
    FORM_COOKIE, SESSION_COOKIE, SignedIn, check_form_token, is_https, token_matches,
};

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
struct SignInPage {
    page: Page,
    errors: Vec<FieldError>,
    email: String,
    email_error: Option<String>,
    password_error: Option<String>,
}

fn cookie(name: &'static str, value: String, secure: bool) -> Cookie<'static> {
    let mut cookie = Cookie::new(name, value);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(secure);
    cookie.set_path("/");
    cookie
}

fn form(jar: CookieJar, headers: &HeaderMap, page: SignInPage) -> Response {
    let mut page = page;
    let token = jar
        .get(FORM_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|token| token.len() == 64);
    let token = token.unwrap_or_else(|| random_token(32));
    page.page = Page::anonymous(token.clone());
    (jar.add(cookie(FORM_COOKIE, token, is_https(headers))), page).into_response()
}

// [issue 9: benchmarking]
/// Where a user lands after signing in: the dashboard, or the benchmark for a
/// regional viewer, who sees no dashboard.
fn landing(role: pathway_domain::access::UserRole) -> &'static str {
    use pathway_domain::access::Permission;
    if !role.allows(Permission::SeeFigures) && role.allows(Permission::SeeBenchmarks) {
        crate::html::benchmarking::BENCHMARKING_HREF
    } else {
        "/"
    }
}

/// `GET /sign-in`: the sign-in form (or the dashboard, if already signed in).
pub async fn show(signed_in: Option<SignedIn>, jar: CookieJar, headers: HeaderMap) -> Response {
    if let Some(signed_in) = signed_in {
        return Redirect::to(landing(signed_in.user.role)).into_response();
    }
    let page = SignInPage {
        page: Page::anonymous(String::new()),
        errors: Vec::new(),
        email: String::new(),
        email_error: None,
        password_error: None,
    };
    form(jar, &headers, page)
}

/// What the sign-in form sends.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

/// `POST /sign-in`: checks the details; on success starts a new session (a new token
/// every time, so a token planted before sign-in is worthless).
pub async fn submit(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Form(submitted): Form<SignInForm>,
) -> Result<Response, WebError> {
    let expected = jar
        .get(FORM_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .unwrap_or_default();
    if !token_matches(&expected, &submitted.csrf_token) {
        return Err(WebError::Forbidden);
    }
    let mut page = SignInPage {
        page: Page::anonymous(String::new()),
        errors: Vec::new(),
        email: submitted.email.trim().to_owned(),
        email_error: None,
        password_error: None,
    };
    if submitted.email.trim().is_empty() {
        page.email_error = Some("Enter your email address".to_owned());
    }
    if submitted.password.is_empty() {
        page.password_error = Some("Enter your password".to_owned());
    }
    if page.email_error.is_none() && page.password_error.is_none() {
        match accounts::sign_in(
            state.store.as_ref(),
            &submitted.email,
            &submitted.password,
            Utc::now(),
        )
        .await
        {
            Ok(signed_in) => {
                // The session id is rotated at sign-in: a session the browser already
                // carried (someone else's, or one planted by an attacker) ends here,
                // and only the new, server-made token is ever signed in.
                if let Some(earlier) = jar.get(SESSION_COOKIE) {
                    state
                        .store
                        .end_session(&token_hash(earlier.value()))
                        .await?;
                }
                let mut session = cookie(SESSION_COOKIE, signed_in.token, is_https(&headers));
                session.set_max_age(time_of(SESSION_LENGTH));
                let jar = jar
                    .remove(Cookie::build(FORM_COOKIE).path("/"))
                    .add(session);
                return Ok((jar, Redirect::to(landing(signed_in.user.role))).into_response());
            }
            Err(SignInError::WrongDetails) => {
                page.email_error = Some("Enter a correct email address and password".to_owned());
            }
            Err(SignInError::Throttled) => {
                page.email_error = Some(
                    "You have tried to sign in too many times. Wait 15 minutes and try again"
                        .to_owned(),
                );
            }
            Err(SignInError::Store(error)) => return Err(error.into()),
        }
    }
    if let Some(message) = &page.email_error {
        page.errors.push(FieldError {
            field: "email",
            message: message.clone(),
        });
    }
    if let Some(message) = &page.password_error {
        page.errors.push(FieldError {
            field: "password",
            message: message.clone(),
        });
    }
    Ok(form(jar, &headers, page))
}

fn time_of(duration: chrono::Duration) -> time::Duration {
    time::Duration::seconds(duration.num_seconds())
}

/// What the sign-out button sends.
#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /sign-out`: ends the session.
pub async fn sign_out(
    State(state): State<AppState>,
    signed_in: SignedIn,
    jar: CookieJar,
    Form(submitted): Form<SignOutForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &submitted.csrf_token)?;
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        state.store.end_session(&token_hash(cookie.value())).await?;
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    Ok((jar, Redirect::to("/sign-in")).into_response())
}
