//! `GET /v1/me`, `DELETE /v1/me` (needs the password; see
//! [`mentoring::deletion`] for what happens to
//! relationships, and [`messaging::deletion`] for
//! messages, [`sessions::forget`] for session series) and
//! `GET /v1/me/export` (including the person's mentoring and messaging data).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::relationship::Actor;
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{AccountExport, ApiError, DeleteAccountRequest, Me};

use super::devices::idle_cutoff;
use crate::auth::Authenticated;
use crate::clock::now_ms;
use crate::db::store::mentoring::{applications, relationships, requests, views};
use crate::db::store::messaging::{concerns, messages};
use crate::db::store::{
    changes, checkins, devices, login_failures, mentoring, messaging, notes, sessions, users,
};
use crate::error::AppError;
use crate::json::ApiJson;
use crate::state::AppState;

#[utoipa::path(
    get, path = "/v1/me", tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in person", body = Me),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn get_me(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<Json<Me>, AppError> {
    let me = state
        .db()
        .read(move |conn| users::me(conn, caller.user_id))
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    Ok(Json(me))
}

#[utoipa::path(
    delete, path = "/v1/me", tag = "me",
    security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = 204, description = "The account and everything about the person is deleted"),
        (status = 400, description = "Malformed request", body = ApiError),
        (status = 401, description = "Not signed in, or wrong password (`invalid_credentials`)", body = ApiError),
        (status = 429, description = "Too many wrong passwords for this account: wait `retry_after_secs`", body = ApiError),
    )
)]
pub async fn delete_account(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(request): ApiJson<DeleteAccountRequest>,
) -> Result<StatusCode, AppError> {
    let (stored_hash, email) = state
        .db()
        .read(move |conn| users::credentials_by_id(conn, caller.user_id))
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let key = login_failures::email_key(&email);
    let now = state.clock().now_ms();
    // The same wall clock as log-in's throttle, so both see the same failures.
    let checked_at = crate::clock::now_ms();
    if !super::auth::verify_throttled(
        &state,
        &key,
        request.password,
        Some(stored_hash),
        checked_at,
    )
    .await?
    {
        return Err(AppError::invalid_credentials());
    }
    state
        .db()
        .write(move |cx| {
            login_failures::clear(cx, &key)?;
            messaging::deletion::forget(cx, caller.user_id)?;
            notes::forget(cx, caller.user_id, now)?;
            sessions::forget(cx, caller.user_id, now)?;
            mentoring::deletion::forget(cx, caller.user_id, now)?;
            users::delete(cx, caller.user_id)
        })
        .await?;
    state.push().streams.end_user(caller.user_id);
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get, path = "/v1/me/export", tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Everything the server holds about the person", body = AccountExport),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<Json<AccountExport>, AppError> {
    let idle_before = idle_cutoff(&state);
    let now = state.clock().now_ms();
    let export = state
        .db()
        .read(move |conn| {
            let me = users::me(conn, caller.user_id)?.ok_or_else(AppError::unauthenticated)?;
            let key = login_failures::email_key(&me.email);
            Ok(AccountExport {
                protocol: PROTOCOL_VERSION,
                exported_at_ms: now_ms(),
                devices: devices::list(conn, caller.user_id, Some(caller.device_id), idle_before)?,
                changes: changes::all(conn, caller.user_id)?,
                failed_logins_at_ms: login_failures::times(conn, &key)?,
                mentor_application: applications::get(conn, caller.user_id)?
                    .map(|stored| stored.state),
                mentee_request: requests::get(conn, caller.user_id)?,
                relationships: relationships::of_member(conn, caller.user_id, now)?
                    .into_iter()
                    .map(|stored| {
                        let role = if stored.relationship.mentee_id == caller.user_id {
                            Actor::Mentee
                        } else {
                            Actor::Mentor
                        };
                        views::view_for(conn, &stored.relationship, role)
                    })
                    .collect::<Result<_, _>>()?,
                messages: messages::of_member(conn, caller.user_id)?,
                concerns: concerns::raised_by(conn, caller.user_id)?,
                reports: concerns::reported_by(conn, caller.user_id)?,
                check_ins: checkins::of_mentee(conn, caller.user_id)?,
                sessions: sessions::of_member(conn, caller.user_id)?,
                notes: notes::export(conn, caller.user_id)?,
                me,
            })
        })
        .await?;
    Ok(Json(export))
}
