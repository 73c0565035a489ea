//! `GET /v1/coordinator/applications` and `POST /v1/coordinator/applications/{user_id}/decision`.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use domain::wire::v1::{ApiError, ApplicationForReview, ApplicationQueue, DecisionRequest};
use uuid::Uuid;

use crate::auth::Coordinator;
use crate::db::store::mentoring::{oversight, review};
use crate::error::AppError;
use crate::json::ApiJson;
use crate::state::AppState;

#[utoipa::path(
    get, path = "/v1/coordinator/applications", tag = "coordinator",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The program's applications, pending first (references included)", body = ApplicationQueue),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: Coordinator,
) -> Result<Json<ApplicationQueue>, AppError> {
    let now = state.clock().now_ms();
    let queue = state
        .db()
        .read(move |conn| oversight::application_queue(conn, caller.program_id, now))
        .await?;
    Ok(Json(queue))
}

#[utoipa::path(
    post, path = "/v1/coordinator/applications/{user_id}/decision", tag = "coordinator",
    security(("bearer" = [])),
    params(("user_id" = Uuid, Path, description = "The applicant")),
    request_body = DecisionRequest,
    responses(
        (status = 200, description = "The application after the decision", body = ApplicationForReview),
        (status = 400, description = "Malformed, or a reason is missing (`field` = reason)", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
        (status = 404, description = "No such application in the program", body = ApiError),
        (status = 409, description = "Not possible from the current status, or required training missing", body = ApiError),
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    caller: Coordinator,
    user_id: Result<Path<Uuid>, PathRejection>,
    ApiJson(request): ApiJson<DecisionRequest>,
) -> Result<Json<ApplicationForReview>, AppError> {
    let Ok(Path(user_id)) = user_id else {
        return Err(AppError::not_found("The application"));
    };
    let now = state.clock().now_ms();
    let reviewed = state
        .db()
        .write(move |cx| review::decide_application(cx, caller.program_id, user_id, &request, now))
        .await?;
    Ok(Json(reviewed))
}
