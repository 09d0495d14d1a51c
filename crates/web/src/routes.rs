//! Every route of the application, and the permission each needs, in one place.

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, get, post};
use pathway_domain::access::Permission;

use crate::error::WebError;
use crate::html::{dashboard, sign_in};
use crate::session::{authenticate, check_origin, require};
use crate::{AppState, assets};

/// A route that only users whose role allows `permission` may use.
fn guarded(permission: Permission, route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.route_layer(from_fn(move |request, next| {
        require(permission, request, next)
    }))
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        // Open to everyone: the assets and signing in.
        .route("/assets/pathway.css", get(assets::stylesheet))
        .route("/assets/govuk-frontend.min.js", get(assets::govuk_frontend))
        .route("/assets/init.js", get(assets::init))
        .route("/sign-in", get(sign_in::show).post(sign_in::submit))
        .route("/health", get(|| async { "ok" }))
        // Signed in, with the permission named.
        .route("/sign-out", post(sign_in::sign_out))
        .route("/", guarded(Permission::SeeFigures, get(dashboard::show)))
        .fallback(|| async { WebError::NotFound })
        .layer(from_fn(check_origin))
        .layer(from_fn_with_state(state.clone(), authenticate))
        .with_state(state)
}
