//! [`app`]: the complete HTTP application — routes, JSON fallbacks, body limit, panic catching and
//! request logging — ready for `axum::serve` or `tower::ServiceExt::oneshot` in tests.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use domain::limits::MAX_REQUEST_BODY_BYTES;
use tower_http::catch_panic::CatchPanicLayer;

use crate::error::{method_not_allowed_fallback, not_found_fallback, panic_response};
use crate::state::AppState;
use crate::{routes, telemetry};

/// Builds the router over `state`.
pub fn app(state: AppState) -> Router {
    routes::router()
        .fallback(not_found_fallback)
        .method_not_allowed_fallback(method_not_allowed_fallback)
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BODY_BYTES))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(telemetry::trace_layer())
        .with_state(state)
}
