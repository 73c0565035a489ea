//! [`Coordinator`]: an authenticated caller who holds the coordinator role, with their program.
//! Anyone else gets 403 `forbidden`; every coordinator endpoint then touches only that program.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::account::Role;
use uuid::Uuid;

use super::Authenticated;
use crate::db::store::users;
use crate::error::AppError;
use crate::state::AppState;

/// A coordinator and the program they coordinate.
#[derive(Debug, Clone, Copy)]
pub struct Coordinator {
    pub user_id: Uuid,
    pub program_id: Uuid,
}

impl FromRequestParts<AppState> for Coordinator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let caller = Authenticated::from_request_parts(parts, state).await?;
        let me = state
            .db()
            .read(move |conn| users::me(conn, caller.user_id))
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        if !me.roles.contains(&Role::Coordinator) {
            return Err(AppError::forbidden("This is for program coordinators."));
        }
        Ok(Self {
            user_id: me.user_id,
            program_id: me.program_id,
        })
    }
}
