//! `GET`/`PUT /v1/coordinator/program/settings`: the program's matching settings.

use axum::Json;
use axum::extract::State;
use domain::mentoring::desk::validate_program_settings;
use domain::wire::v1::{ApiError, ProgramSettings};

use crate::auth::Coordinator;
use crate::db::store::mentoring::settings;
use crate::error::AppError;
use crate::json::ApiJson;
use crate::state::AppState;

#[utoipa::path(
    get, path = "/v1/coordinator/program/settings", tag = "coordinator",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The program's settings (defaults if never set)", body = ProgramSettings),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
    )
)]
pub async fn get_settings(
    State(state): State<AppState>,
    caller: Coordinator,
) -> Result<Json<ProgramSettings>, AppError> {
    let current = state
        .db()
        .read(move |conn| settings::get(conn, caller.program_id))
        .await?;
    Ok(Json(current))
}

#[utoipa::path(
    put, path = "/v1/coordinator/program/settings", tag = "coordinator",
    security(("bearer" = [])),
    request_body = ProgramSettings,
    responses(
        (status = 200, description = "The stored settings", body = ProgramSettings),
        (status = 400, description = "Malformed or invalid (`field` names it)", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not a coordinator", body = ApiError),
    )
)]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Coordinator,
    ApiJson(request): ApiJson<ProgramSettings>,
) -> Result<Json<ProgramSettings>, AppError> {
    let valid = validate_program_settings(&request)?;
    let stored = valid.clone();
    state
        .db()
        .write(move |cx| settings::put(cx, caller.program_id, &stored))
        .await?;
    Ok(Json(valid))
}
