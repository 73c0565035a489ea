//! `PUT /v1/push/registration` and `DELETE /v1/push/registration`: the calling device's push
//! endpoint (one per device; log-out, revocation and deletion remove it with the device).

use axum::extract::State;
use axum::http::StatusCode;
use domain::messaging::validate_push_endpoint;
use domain::wire::v1::{ApiError, PushRegistration};

use crate::auth::Authenticated;
use crate::db::store::messaging::registrations;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::state::AppState;

#[utoipa::path(
    put, path = "/v1/push/registration", tag = "push",
    security(("bearer" = [])),
    request_body = PushRegistration,
    responses(
        (status = 204, description = "This device's push endpoint is registered (replacing any earlier one)"),
        (status = 400, description = "Malformed, or the endpoint is not usable (`validation_failed`, field `endpoint`)", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(registration): ApiJson<PushRegistration>,
) -> Result<StatusCode, AppError> {
    let provider = registration.provider;
    let endpoint = validate_push_endpoint(provider, &registration.endpoint)?;
    let now = state.clock().now_ms();
    state
        .db()
        .write(move |cx| {
            registrations::put(
                cx,
                caller.user_id,
                caller.device_id,
                provider,
                &endpoint,
                now,
            )
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete, path = "/v1/push/registration", tag = "push",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "This device is no longer pushed (also when it was not registered)"),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn unregister(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<StatusCode, AppError> {
    state
        .db()
        .write(move |cx| registrations::delete(cx, caller.device_id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
