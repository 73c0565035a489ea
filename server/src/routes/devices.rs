//! `GET /v1/devices` and `DELETE /v1/devices/{device_id}`: the person's signed-in devices.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::wire::v1::{ApiError, DeviceList};
use uuid::Uuid;

use super::auth::revoke_device;
use crate::auth::Authenticated;
use crate::clock::now_ms;
use crate::db::store::devices;
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(
    get, path = "/v1/devices", tag = "devices",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Signed-in devices, newest first", body = DeviceList),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn list_devices(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<Json<DeviceList>, AppError> {
    let idle_before = idle_cutoff(&state);
    let devices = state
        .db()
        .read(move |conn| devices::list(conn, caller.user_id, Some(caller.device_id), idle_before))
        .await?;
    Ok(Json(DeviceList { devices }))
}

#[utoipa::path(
    delete, path = "/v1/devices/{device_id}", tag = "devices",
    security(("bearer" = [])),
    params(("device_id" = Uuid, Path, description = "One of your devices")),
    responses(
        (status = 204, description = "The device is signed out"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 404, description = "No such device of yours", body = ApiError),
    )
)]
pub async fn revoke_device_handler(
    State(state): State<AppState>,
    caller: Authenticated,
    device_id: Result<Path<Uuid>, PathRejection>,
) -> Result<StatusCode, AppError> {
    let Ok(Path(device_id)) = device_id else {
        return Err(AppError::not_found("The device"));
    };
    let revoked = state
        .db()
        .write(move |cx| revoke_device(cx, caller.user_id, device_id, now_ms()))
        .await?;
    if revoked {
        state.push().streams.end_device(device_id);
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found("The device"))
    }
}

/// Sessions last seen before this instant have expired.
pub(crate) fn idle_cutoff(state: &AppState) -> domain::TimestampMs {
    let ttl = i64::try_from(state.config().session_idle_ttl.as_millis()).unwrap_or(i64::MAX);
    now_ms().saturating_sub(ttl)
}
