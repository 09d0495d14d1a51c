//! API tokens: the pages where a signed-in user makes and revokes their own tokens
//! (`/account/tokens`), and the API's own view of them (`/api/v1/tokens`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use chrono::{DateTime, Utc};
use pathway_app::accounts::{self, ApiToken, ApiTokenId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiUser;
use super::error::{ApiError, ErrorBody};
use crate::AppState;
use crate::error::WebError;
use crate::page::{FieldError, Page};
use crate::session::{SignedIn, check_form_token};

/// The longest token name accepted.
pub const MAX_NAME_LENGTH: usize = 100;

/// The path of the tokens page.
pub const TOKENS_PATH: &str = "/account/tokens";

/// One row of the tokens table.
#[derive(Debug)]
struct TokenRow {
    id: i64,
    name: String,
    created: String,
    last_used: String,
    revoked: Option<String>,
}

fn when(at: DateTime<Utc>) -> String {
    at.format("%-d %B %Y at %H:%M UTC").to_string()
}

impl From<&ApiToken> for TokenRow {
    fn from(token: &ApiToken) -> Self {
        Self {
            id: token.id.0,
            name: token.name.clone(),
            created: when(token.created_at),
            last_used: token.last_used_at.map_or_else(|| "Never".to_owned(), when),
            revoked: token.revoked_at.map(when),
        }
    }
}

/// The tokens page.
#[derive(Template, WebTemplate)]
#[template(path = "tokens.html")]
pub struct TokensPage {
    page: Page,
    errors: Vec<FieldError>,
    name: String,
    name_error: Option<String>,
    new_token: Option<(String, String)>,
    tokens: Vec<TokenRow>,
}

async fn tokens_page(
    state: &AppState,
    signed_in: &SignedIn,
    name: String,
    name_error: Option<String>,
    new_token: Option<(String, String)>,
) -> Result<Response, WebError> {
    let tokens = state
        .store
        .api_tokens(signed_in.user.id)
        .await?
        .iter()
        .map(TokenRow::from)
        .collect();
    let errors = name_error
        .iter()
        .map(|message| FieldError {
            field: "name",
            message: message.clone(),
        })
        .collect();
    let shows_secret = new_token.is_some();
    let mut response = TokensPage {
        page: Page::for_user(signed_in, TOKENS_PATH),
        errors,
        name,
        name_error,
        new_token,
        tokens,
    }
    .into_response();
    if shows_secret {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// `GET /account/tokens`: the user's API tokens and a form to make one.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, WebError> {
    tokens_page(&state, &signed_in, String::new(), None, None).await
}

/// What the new-token form sends.
#[derive(Debug, Deserialize)]
pub struct NewTokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    csrf_token: String,
}

/// `POST /account/tokens`: makes a token and shows it, once.
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(submitted): Form<NewTokenForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &submitted.csrf_token)?;
    let name = submitted.name.trim().to_owned();
    let problem = if name.is_empty() {
        Some("Enter a name for the token".to_owned())
    } else if name.chars().count() > MAX_NAME_LENGTH {
        Some(format!(
            "Token name must be {MAX_NAME_LENGTH} characters or fewer"
        ))
    } else {
        None
    };
    if problem.is_some() {
        let mut response = tokens_page(&state, &signed_in, name, problem, None).await?;
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let (token, raw) =
        accounts::create_token(state.store.as_ref(), &signed_in.user, &name, Utc::now()).await?;
    tokens_page(
        &state,
        &signed_in,
        String::new(),
        None,
        Some((token.name, raw)),
    )
    .await
}

/// What the revoke button sends.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    csrf_token: String,
}

/// `POST /account/tokens/{id}/revoke`: revokes one of the user's own tokens.
pub async fn revoke_page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    token_id: Result<Path<i64>, PathRejection>,
    Form(submitted): Form<RevokeForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &submitted.csrf_token)?;
    let Ok(Path(token_id)) = token_id else {
        return Err(WebError::NotFound);
    };
    if state
        .store
        .revoke_api_token(signed_in.user.id, ApiTokenId(token_id), Utc::now())
        .await?
    {
        Ok(Redirect::to(TOKENS_PATH).into_response())
    } else {
        Err(WebError::NotFound)
    }
}

/// An API token as the API shows it: never the token itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenSummary {
    /// Its number.
    pub id: i64,
    /// What its user called it.
    pub name: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was last used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The caller's tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    /// Newest first.
    pub tokens: Vec<TokenSummary>,
}

/// Lists the caller's own API tokens, revoked ones included.
#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "tokens",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's tokens", body = TokenList),
        (status = 401, description = "No valid API token", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<TokenList>, ApiError> {
    let tokens = state
        .store
        .api_tokens(user.id)
        .await?
        .into_iter()
        .map(|token| TokenSummary {
            id: token.id.0,
            name: token.name,
            created_at: token.created_at,
            last_used_at: token.last_used_at,
            revoked_at: token.revoked_at,
        })
        .collect();
    Ok(Json(TokenList { tokens }))
}

/// Revokes one of the caller's own API tokens (it may be the one in use).
#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{token_id}",
    tag = "tokens",
    params(("token_id" = i64, Path, description = "The token's number")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 404, description = "The caller has no such unrevoked token", body = ErrorBody),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    token_id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    const NOT_FOUND: ApiError = ApiError::NotFound("the token was not found");
    let Path(token_id) = token_id.map_err(|_| NOT_FOUND)?;
    if state
        .store
        .revoke_api_token(user.id, ApiTokenId(token_id), Utc::now())
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(NOT_FOUND)
    }
}
