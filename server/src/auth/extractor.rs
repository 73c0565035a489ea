//! [`Authenticated`]: `Authorization: Bearer <token>` → the calling device and its person.
//!
//! Sessions slide: each use moves `last_seen_at_ms` forward (written through the writer at most
//! once a minute per device, never on the request's critical path). A session idle for longer
//! than the configured TTL is deleted and refused.

use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use domain::TimestampMs;
use uuid::Uuid;

use super::token;
use crate::clock::now_ms;
use crate::db::store::devices;
use crate::error::AppError;
use crate::state::AppState;

/// Longest gap between two `last_seen` writes for one device.
const TOUCH_INTERVAL: Duration = Duration::from_secs(60);

/// A request made with a live device token.
#[derive(Debug, Clone, Copy)]
pub struct Authenticated {
    pub user_id: Uuid,
    pub device_id: Uuid,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = bearer_token(parts).ok_or_else(AppError::unauthenticated)?;
        let hash = token::hash(token);
        let owner = state
            .db()
            .read(move |conn| devices::by_token_hash(conn, &hash))
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let now = now_ms();
        let ttl = millis(state.config().session_idle_ttl);
        let idle_before = now.saturating_sub(ttl);
        if owner.last_seen_at_ms < idle_before {
            let device_id = owner.device_id;
            state
                .db()
                .write(move |cx| devices::delete_if_idle(cx, device_id, idle_before))
                .await?;
            return Err(AppError::unauthenticated());
        }
        // Refresh often enough that short TTLs (tests, strict deployments) still slide.
        let touch_after = millis(TOUCH_INTERVAL).min(ttl / 2);
        if now.saturating_sub(owner.last_seen_at_ms) >= touch_after {
            let state = state.clone();
            let device_id = owner.device_id;
            tokio::spawn(async move {
                let touched = state
                    .db()
                    .write(move |cx| devices::touch(cx, device_id, now))
                    .await;
                if touched.is_err() {
                    tracing::debug!("could not record device activity");
                }
            });
        }
        Ok(Self {
            user_id: owner.user_id,
            device_id: owner.device_id,
        })
    }
}

/// The well-formed bearer token of the request, if any.
fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && token::is_well_formed(token)).then_some(token)
}

fn millis(duration: Duration) -> TimestampMs {
    TimestampMs::try_from(duration.as_millis()).unwrap_or(TimestampMs::MAX)
}
