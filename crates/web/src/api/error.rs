//! Errors of the JSON API: always a JSON body `{"error": "..."}`, never a page. A
//! failure inside Pathway is logged with its cause and answered without it.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pathway_app::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error the API answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in words a person can act on.
    #[schema(example = "the worker was not found")]
    pub error: String,
}

/// Why an API request could not be answered as asked.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No bearer token, or one that is unknown or revoked.
    #[error("send a valid API token as Authorization: Bearer <token>")]
    Unauthorized,
    /// The token's user may not do this.
    #[error("your role does not allow this")]
    Forbidden,
    /// No such record within the user's reach, or no such endpoint.
    #[error("{0}")]
    NotFound(&'static str),
    /// The request's parameters are wrong.
    #[error("{0}")]
    BadRequest(String),
    /// The request is well formed but its change is refused (the reason says why).
    #[error("{0}")]
    Unprocessable(String),
    /// The request's body is larger than the operation accepts (`request_limits`).
    #[error("the request body is larger than the {} this operation accepts", crate::request_limits::size_text(*limit))]
    TooLarge {
        /// The operation's limit, in bytes.
        limit: usize,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something else inside Pathway failed.
    #[error("{0}")]
    Internal(String),
}

/// A JSON body, or the serde message: 400 for JSON that does not parse, 422 for
/// JSON of the wrong shape.
pub fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    match json {
        Ok(Json(value)) => Ok(value),
        Err(JsonRejection::JsonDataError(error)) => Err(ApiError::Unprocessable(error.body_text())),
        Err(other) => Err(ApiError::BadRequest(other.body_text())),
    }
}

impl ApiError {
    fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Store(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = match &self {
            Self::Store(error) => {
                tracing::error!(%error, "database failure in the API");
                "internal error".to_owned()
            }
            Self::Internal(error) => {
                tracing::error!(%error, "internal failure in the API");
                "internal error".to_owned()
            }
            other => other.to_string(),
        };
        let mut response = (status, Json(ErrorBody { error: message })).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_database_failure_is_answered_without_its_cause() {
        let response =
            ApiError::Store(StoreError::Query("secret table details".to_owned())).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], br#"{"error":"internal error"}"#);
    }

    #[test]
    fn unauthorized_asks_for_a_bearer_token() {
        let response = ApiError::Unauthorized.into_response();
        assert_eq!(response.headers()[header::WWW_AUTHENTICATE], "Bearer");
    }
}
