//! `POST /v1/coordinator/intake` (propose the exact best assignment of waiting mentees) and
//! `POST /v1/coordinator/intake/confirm` (send requests for the kept pairs, all or nothing).

use axum::Json;
use axum::extract::State;
use domain::wire::v1::{ApiError, IntakeConfirmRequest, IntakeConfirmed, IntakeProposal};

use crate::auth::Coordinator;
use crate::db::store::mentoring::intake;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::state::AppState;

#[utoipa::path(
    post, path = "/v1/coordinator/intake", tag = "coordinator",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The best assignment, to review", body = IntakeProposal),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
    )
)]
pub async fn propose(
    State(state): State<AppState>,
    caller: Coordinator,
) -> Result<Json<IntakeProposal>, AppError> {
    let now = state.clock().now_ms();
    let proposal = state
        .db()
        .read(move |conn| intake::propose(conn, caller.program_id, now))
        .await?;
    Ok(Json(proposal))
}

#[utoipa::path(
    post, path = "/v1/coordinator/intake/confirm", tag = "coordinator",
    security(("bearer" = [])),
    request_body = IntakeConfirmRequest,
    responses(
        (status = 200, description = "Requests created, one per pair", body = IntakeConfirmed),
        (status = 400, description = "Malformed request", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
        (status = 409, description = "A pair no longer fits (named); nothing was created", body = ApiError),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    caller: Coordinator,
    ApiJson(request): ApiJson<IntakeConfirmRequest>,
) -> Result<Json<IntakeConfirmed>, AppError> {
    let now = state.clock().now_ms();
    let confirmed = state
        .db()
        .write(move |cx| intake::confirm(cx, caller.program_id, &request.pairs, now))
        .await?;
    Ok(Json(confirmed))
}
