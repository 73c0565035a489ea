//! `GET /healthz`: the process is up and the database answers.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::AppError;
use crate::state::AppState;

/// Liveness and readiness in one.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `"ok"` when the response is 200.
    pub status: &'static str,
}

#[utoipa::path(
    get, path = "/healthz", tag = "health",
    responses(
        (status = 200, description = "Up and able to read the database", body = Health),
        (status = 500, description = "The database cannot be read", body = domain::wire::v1::ApiError),
    )
)]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state
        .db()
        .read(|conn| Ok(conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))?))
        .await?;
    Ok(Json(Health { status: "ok" }))
}
