//! `GET /v1/coordinator/concerns`: mentors' concerns and members' reports in the coordinator's
//! program, newest first. They hold the raiser's own words and ids, never a message.

use axum::Json;
use axum::extract::State;
use domain::wire::v1::{ApiError, ConcernQueue};

use crate::auth::Coordinator;
use crate::db::store::messaging::concerns;
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(
    get, path = "/v1/coordinator/concerns", tag = "coordinator",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Concerns and reports of the program, newest first (no message content)", body = ConcernQueue),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Coordinator,
) -> Result<Json<ConcernQueue>, AppError> {
    let queue = state
        .db()
        .read(move |conn| concerns::queue(conn, caller.program_id))
        .await?;
    Ok(Json(queue))
}
