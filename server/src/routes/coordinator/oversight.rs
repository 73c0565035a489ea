//! `GET /v1/coordinator/change-requests`, `/quiet-matches` and `/metrics`.

use axum::Json;
use axum::extract::State;
use domain::wire::v1::{ApiError, ChangeRequestQueue, ProgramMetrics, QuietMatches};

use crate::auth::Coordinator;
use crate::db::store::mentoring::oversight;
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(
    get, path = "/v1/coordinator/change-requests", tag = "coordinator",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Relationships closed by a change request, with the reason", body = ChangeRequestQueue),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
    )
)]
pub async fn change_requests(
    State(state): State<AppState>,
    caller: Coordinator,
) -> Result<Json<ChangeRequestQueue>, AppError> {
    let now = state.clock().now_ms();
    let queue = state
        .db()
        .read(move |conn| oversight::change_requests(conn, caller.program_id, now))
        .await?;
    Ok(Json(queue))
}

#[utoipa::path(
    get, path = "/v1/coordinator/quiet-matches", tag = "coordinator",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Active matches with no contact for the program's N days", body = QuietMatches),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
    )
)]
pub async fn quiet_matches(
    State(state): State<AppState>,
    caller: Coordinator,
) -> Result<Json<QuietMatches>, AppError> {
    let now = state.clock().now_ms();
    let quiet = state
        .db()
        .read(move |conn| oversight::quiet_matches(conn, caller.program_id, now))
        .await?;
    Ok(Json(quiet))
}

#[utoipa::path(
    get, path = "/v1/coordinator/metrics", tag = "coordinator",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Program health, counts only", body = ProgramMetrics),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
    )
)]
pub async fn metrics(
    State(state): State<AppState>,
    caller: Coordinator,
) -> Result<Json<ProgramMetrics>, AppError> {
    let now = state.clock().now_ms();
    let metrics = state
        .db()
        .read(move |conn| oversight::metrics(conn, caller.program_id, now))
        .await?;
    Ok(Json(metrics))
}
