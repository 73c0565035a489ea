//! `GET /v1/coordinator/concerns`: mentors' concerns and members' reports in the coordinator's
//! program, newest first. They hold the raiser's own words and ids, never a message.
//! `POST /v1/coordinator/concerns/{concern_id}/resolve`: a coordinator marks a concern handled,
//! optionally with a note only coordinators read.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use domain::messaging::normalize_resolution_note;
use domain::wire::v1::{ApiError, ConcernItem, ConcernQueue, ResolveConcernRequest};
use uuid::Uuid;

use crate::auth::Coordinator;
use crate::db::store::messaging::concerns;
use crate::error::AppError;
use crate::json::ApiJson;
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

#[utoipa::path(
    post, path = "/v1/coordinator/concerns/{concern_id}/resolve", tag = "coordinator",
    security(("bearer" = [])),
    params(("concern_id" = Uuid, Path, description = "The concern")),
    request_body = ResolveConcernRequest,
    responses(
        (status = 200, description = "The concern, resolved (the note is for coordinators only)", body = ConcernItem),
        (status = 400, description = "Malformed, or the note is too long (`field` = note)", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
        (status = 404, description = "No such concern in the program", body = ApiError),
        (status = 409, description = "Already resolved", body = ApiError),
    )
)]
pub async fn resolve(
    State(state): State<AppState>,
    caller: Coordinator,
    concern_id: Result<Path<Uuid>, PathRejection>,
    ApiJson(request): ApiJson<ResolveConcernRequest>,
) -> Result<Json<ConcernItem>, AppError> {
    let Ok(Path(concern_id)) = concern_id else {
        return Err(AppError::not_found("The concern"));
    };
    let note = normalize_resolution_note(request.note.as_deref())?;
    let now = state.clock().now_ms();
    let resolved = state
        .db()
        .write(move |cx| {
            concerns::resolve(
                cx,
                caller.program_id,
                concern_id,
                caller.user_id,
                note.as_deref(),
                now,
            )
        })
        .await?;
    Ok(Json(resolved))
}
