//! `GET /v1/matching/proposals`: the caller's best mentors, ranked on the server so that mentees
//! never download other people's profiles.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use domain::wire::v1::{ApiError, ProposalList};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Authenticated;
use crate::db::store::mentoring::proposals;
use crate::db::store::users;
use crate::error::AppError;
use crate::state::AppState;

/// Proposals when the client does not say.
pub const DEFAULT_PROPOSALS: u32 = 5;
/// Most proposals returned.
pub const MAX_PROPOSALS: u32 = 20;

/// How many proposals to return.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalsQuery {
    /// Most proposals (default 5, at most 20).
    pub limit: Option<u32>,
}

#[utoipa::path(
    get, path = "/v1/matching/proposals", tag = "matching",
    security(("bearer" = [])),
    params(ProposalsQuery),
    responses(
        (status = 200, description = "The best mentors for the caller's request, best first", body = ProposalList),
        (status = 400, description = "Malformed query", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 409, description = "The caller has not said what they are looking for", body = ApiError),
    )
)]
pub async fn proposals(
    State(state): State<AppState>,
    caller: Authenticated,
    query: Result<Query<ProposalsQuery>, QueryRejection>,
) -> Result<Json<ProposalList>, AppError> {
    let Query(query) =
        query.map_err(|_| AppError::malformed("`limit` must be a non-negative whole number."))?;
    let limit = query
        .limit
        .unwrap_or(DEFAULT_PROPOSALS)
        .clamp(1, MAX_PROPOSALS) as usize;
    let now = state.clock().now_ms();
    let list = state
        .db()
        .read(move |conn| {
            let program_id =
                users::program_of(conn, caller.user_id)?.ok_or_else(AppError::unauthenticated)?;
            proposals::for_mentee(conn, caller.user_id, program_id, limit, now)
        })
        .await?;
    Ok(Json(list))
}
