//! `GET /v1/programs/{program_id}`: public program information (to sign up and to get help).

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use domain::program::ProgramInfo;
use uuid::Uuid;

use crate::db::store::programs;
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(
    get, path = "/v1/programs/{program_id}", tag = "programs",
    params(("program_id" = Uuid, Path, description = "The program's id")),
    responses(
        (status = 200, description = "The program", body = ProgramInfo),
        (status = 404, description = "No such program", body = domain::wire::v1::ApiError),
    )
)]
pub async fn get_program(
    State(state): State<AppState>,
    program_id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<ProgramInfo>, AppError> {
    let Ok(Path(program_id)) = program_id else {
        return Err(AppError::not_found("The program"));
    };
    let program = state
        .db()
        .read(move |conn| programs::get(conn, program_id))
        .await?
        .ok_or_else(|| AppError::not_found("The program"))?;
    Ok(Json(program))
}
