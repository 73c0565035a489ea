//! `POST /v1/auth/signup`, `/login`, `/logout`: accounts and device sessions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::TimestampMs;
use domain::account::{
    Role, normalize_device_name, normalize_display_name, normalize_email, validate_login_password,
    validate_new_password,
};
use domain::program::validate_locale;
use domain::throttle::{FAILURE_WINDOW_SECS, retry_after_secs};
use domain::wire::v1::{ApiError, ChangeBody, LogInRequest, Me, SessionCreated, SignUpRequest};
use uuid::Uuid;

use crate::auth::{Authenticated, token};
use crate::clock::now_ms;
use crate::db::WriteCx;
use crate::db::store::{changes, devices, login_failures, programs, users};
use crate::error::AppError;
use crate::json::ApiJson;
use crate::state::AppState;

#[utoipa::path(
    post, path = "/v1/auth/signup", tag = "auth",
    request_body = SignUpRequest,
    responses(
        (status = 201, description = "Account created and this device signed in", body = SessionCreated),
        (status = 400, description = "Malformed request or invalid field", body = ApiError),
        (status = 404, description = "No such program", body = ApiError),
        (status = 409, description = "The email is already registered", body = ApiError),
        (status = 413, description = "Body too large", body = ApiError),
        (status = 415, description = "Body is not JSON", body = ApiError),
    )
)]
pub async fn sign_up(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<SignUpRequest>,
) -> Result<(StatusCode, Json<SessionCreated>), AppError> {
    let email = normalize_email(&request.email)?;
    validate_new_password(&request.password, &email)?;
    let display_name = normalize_display_name(&request.display_name)?;
    let device_name = normalize_device_name(&request.device_name)?;
    if let Some(locale) = &request.locale {
        validate_locale(locale)?;
    }
    let program_id = request.program_id;
    let program = state
        .db()
        .read(move |conn| programs::get(conn, program_id))
        .await?
        .ok_or_else(|| AppError::not_found("The program"))?;
    let locale = match request.locale {
        Some(locale) => locale,
        None => program
            .locales
            .first()
            .cloned()
            .ok_or_else(|| AppError::internal("a program has no locales"))?,
    };
    let password_hash = state.passwords().hash(request.password).await?;
    let new_user = users::NewUser {
        user_id: Uuid::now_v7(),
        program_id,
        email,
        password_hash,
        display_name,
        locale,
        roles: vec![Role::Mentee],
        created_at_ms: now_ms(),
    };
    let session = state
        .db()
        .write(move |cx| {
            users::insert(cx, &new_user)?;
            start_session(cx, new_user.user_id, &device_name, new_user.created_at_ms)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(session)))
}

#[utoipa::path(
    post, path = "/v1/auth/login", tag = "auth",
    request_body = LogInRequest,
    responses(
        (status = 200, description = "This device is signed in", body = SessionCreated),
        (status = 400, description = "Malformed request or invalid field", body = ApiError),
        (status = 401, description = "Wrong email or password", body = ApiError),
        (status = 429, description = "Too many failed attempts; see `retry_after_secs`", body = ApiError,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
pub async fn log_in(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<LogInRequest>,
) -> Result<Json<SessionCreated>, AppError> {
    let email = normalize_email(&request.email)?;
    validate_login_password(&request.password)?;
    let device_name = normalize_device_name(&request.device_name)?;
    let key = login_failures::email_key(&email);
    let now = now_ms();

    let account = state
        .db()
        .read(move |conn| users::credentials_by_email(conn, &email))
        .await?;
    let (user_id, stored_hash) = account.map_or((None, None), |(id, hash)| (Some(id), Some(hash)));
    let verified = verify_throttled(&state, &key, request.password, stored_hash, now).await?;
    let (true, Some(user_id)) = (verified, user_id) else {
        return Err(AppError::invalid_credentials());
    };
    let session = state
        .db()
        .write(move |cx| {
            login_failures::clear(cx, &key)?;
            start_session(cx, user_id, &device_name, now_ms())
        })
        .await?;
    Ok(Json(session))
}

/// Checks a password for the account under `key` (an [`login_failures::email_key`]) the way every
/// password prompt must: refused with `rate_limited` while recent failures say wait (before any
/// hashing), verified, and a wrong password recorded as a failure. Log-in and account deletion
/// share it, so a stolen token cannot be used to guess the password faster than log-in allows.
pub(crate) async fn verify_throttled(
    state: &AppState,
    key: &str,
    password: String,
    stored_hash: Option<String>,
    now: TimestampMs,
) -> Result<bool, AppError> {
    let window_start = now - FAILURE_WINDOW_SECS * 1000;
    let lookup_key = key.to_owned();
    let (failures, latest) = state
        .db()
        .read(move |conn| login_failures::recent(conn, &lookup_key, window_start))
        .await?;
    if let Some(latest) = latest {
        let wait = retry_after_secs(failures, (now - latest) / 1000);
        if wait > 0 {
            return Err(AppError::rate_limited(u64::try_from(wait).unwrap_or(1)));
        }
    }
    let verified = state.passwords().verify(password, stored_hash).await?;
    if !verified {
        let key = key.to_owned();
        let failed_at = now_ms();
        state
            .db()
            .write(move |cx| login_failures::record(cx, &key, failed_at, window_start))
            .await?;
    }
    Ok(verified)
}

#[utoipa::path(
    post, path = "/v1/auth/logout", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "This device's token is revoked"),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn log_out(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<StatusCode, AppError> {
    state
        .db()
        .write(move |cx| revoke_device(cx, caller.user_id, caller.device_id, now_ms()))
        .await?;
    state.push().streams.end_device(caller.device_id);
    Ok(StatusCode::NO_CONTENT)
}

/// Creates a device with a fresh token for `user_id` and returns the session (token shown once).
fn start_session(
    cx: &WriteCx<'_>,
    user_id: Uuid,
    device_name: &str,
    now: TimestampMs,
) -> Result<SessionCreated, AppError> {
    let minted = token::generate();
    let device_id = Uuid::now_v7();
    devices::insert(cx, device_id, user_id, device_name, &minted.hash, now)?;
    let me: Me = users::me(cx, user_id)?.ok_or_else(AppError::unauthenticated)?;
    Ok(SessionCreated {
        token: minted.token,
        device_id,
        me,
    })
}

/// Deletes `device_id` if `user_id` owns it and tells the person's other devices. Returns whether
/// there was such a device.
pub(crate) fn revoke_device(
    cx: &mut WriteCx<'_>,
    user_id: Uuid,
    device_id: Uuid,
    now: TimestampMs,
) -> Result<bool, AppError> {
    if !devices::delete_owned(cx, user_id, device_id)? {
        return Ok(false);
    }
    changes::append(
        cx,
        user_id,
        None,
        now,
        &ChangeBody::DeviceRevoked { device_id },
    )?;
    Ok(true)
}
