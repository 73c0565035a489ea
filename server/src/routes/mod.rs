//! HTTP handlers, one module per endpoint group. [`router`] wires them to their paths; every
//! handler carries a `#[utoipa::path]` and is listed in [`crate::openapi::ApiDoc`].

pub mod auth;
pub mod coordinator;
pub mod devices;
pub mod events;
pub mod health;
pub mod matching;
pub mod me;
pub mod programs;
pub mod push;
pub mod sync;

use axum::Router;
use axum::routing::{delete, get, post, put};

use self::coordinator as desk;

use crate::state::AppState;

/// All routes (without layers or fallbacks; see [`crate::app()`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::health))
        .route("/v1/openapi.json", get(crate::openapi::openapi_json))
        .route("/v1/programs/{program_id}", get(programs::get_program))
        .route("/v1/auth/signup", post(auth::sign_up))
        .route("/v1/auth/login", post(auth::log_in))
        .route("/v1/auth/logout", post(auth::log_out))
        .route("/v1/devices", get(devices::list_devices))
        .route(
            "/v1/devices/{device_id}",
            delete(devices::revoke_device_handler),
        )
        .route("/v1/me", get(me::get_me).delete(me::delete_account))
        .route("/v1/me/export", get(me::export))
        .route("/v1/sync/push", post(sync::push))
        .route("/v1/sync/changes", get(sync::changes))
        .route("/v1/sync/events", get(events::events))
        .route(
            "/v1/push/registration",
            put(push::register).delete(push::unregister),
        )
        .route("/v1/matching/proposals", get(matching::proposals))
        .route(
            "/v1/coordinator/applications",
            get(desk::applications::list),
        )
        .route(
            "/v1/coordinator/applications/{user_id}/decision",
            post(desk::applications::decide),
        )
        .route(
            "/v1/coordinator/change-requests",
            get(desk::oversight::change_requests),
        )
        .route(
            "/v1/coordinator/quiet-matches",
            get(desk::oversight::quiet_matches),
        )
        .route("/v1/coordinator/metrics", get(desk::oversight::metrics))
        .route(
            "/v1/coordinator/relationships/{id}/actions",
            post(desk::relationships::act),
        )
        .route("/v1/coordinator/intake", post(desk::intake::propose))
        .route(
            "/v1/coordinator/intake/confirm",
            post(desk::intake::confirm),
        )
        .route("/v1/coordinator/concerns", get(desk::concerns::list))
        .route(
            "/v1/coordinator/concerns/{concern_id}/resolve",
            post(desk::concerns::resolve),
        )
        .route(
            "/v1/coordinator/program/settings",
            get(desk::settings::get_settings).put(desk::settings::put_settings),
        )
}
