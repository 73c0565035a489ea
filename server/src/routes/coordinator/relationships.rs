//! `POST /v1/coordinator/relationships/{id}/actions`: a coordinator acts on a relationship of
//! their program (through the same state machine; both members are fed).

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use domain::relationship::Actor;
use domain::wire::v1::{ApiError, CoordinatorActionRequest, RelationshipView};
use uuid::Uuid;

use crate::auth::Coordinator;
use crate::db::store::mentoring::{lifecycle, views};
use crate::error::AppError;
use crate::json::ApiJson;
use crate::state::AppState;

#[utoipa::path(
    post, path = "/v1/coordinator/relationships/{id}/actions", tag = "coordinator",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The relationship")),
    request_body = CoordinatorActionRequest,
    responses(
        (status = 200, description = "The relationship after the action (coordinator view)", body = RelationshipView),
        (status = 400, description = "Malformed, or the action's data is invalid", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator, or not an action coordinators take", body = ApiError),
        (status = 404, description = "No such relationship in the program", body = ApiError),
        (status = 409, description = "Not possible from the relationship's state", body = ApiError),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    caller: Coordinator,
    id: Result<Path<Uuid>, PathRejection>,
    ApiJson(request): ApiJson<CoordinatorActionRequest>,
) -> Result<Json<RelationshipView>, AppError> {
    let Ok(Path(id)) = id else {
        return Err(AppError::not_found("The relationship"));
    };
    let now = state.clock().now_ms();
    let view = state
        .db()
        .write(move |cx| {
            let relationship =
                lifecycle::act_as_coordinator(cx, caller.program_id, id, &request.action, now)?;
            views::view_for(cx, &relationship, Actor::Coordinator)
        })
        .await?;
    Ok(Json(view))
}
