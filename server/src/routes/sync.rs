//! `POST /v1/sync/push` (apply queued mutations) and `GET /v1/sync/changes` (pull the feed).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use domain::limits::{MAX_CHANGES_PER_PAGE, MAX_MUTATIONS_PER_PUSH};
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{ApiError, ChangesPage, ErrorCode, PushRequest, PushResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Authenticated;
use crate::db::store::{changes, push as push_store};
use crate::error::AppError;
use crate::json::ApiJson;
use crate::push::dispatch;
use crate::state::AppState;

/// Page size when the client does not say.
pub const DEFAULT_CHANGES_PER_PAGE: u32 = 200;

#[utoipa::path(
    post, path = "/v1/sync/push", tag = "sync",
    security(("bearer" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "One durable outcome per mutation, in order", body = PushResponse),
        (status = 400, description = "Malformed, too many mutations, or unsupported protocol", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn push(
    State(state): State<AppState>,
    caller: Authenticated,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, AppError> {
    if request.protocol != PROTOCOL_VERSION {
        return Err(AppError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::UnsupportedProtocol,
            format!(
                "This server speaks sync protocol {PROTOCOL_VERSION}, not {}.",
                request.protocol
            ),
        ));
    }
    if request.mutations.len() > MAX_MUTATIONS_PER_PUSH {
        return Err(AppError::validation(
            "mutations",
            format!("A push may carry at most {MAX_MUTATIONS_PER_PUSH} mutations."),
        ));
    }
    let now = state.clock().now_ms();
    let targets = dispatch::message_targets(&request.mutations);
    let outcomes = state
        .db()
        .write(move |cx| push_store::apply(cx, caller.user_id, request.mutations, now))
        .await?;
    // Committed: wake recipients whose apps are closed, without delaying this answer.
    let conversations = dispatch::conversations_with_new_messages(&targets, &outcomes);
    dispatch::wake_recipients(&state, caller.user_id, conversations);
    Ok(Json(PushResponse { outcomes }))
}

/// Where to read the feed from.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The last position already seen (0 for the start).
    #[serde(default)]
    pub since: u64,
    /// Most changes to return (default 200, at most 500).
    pub limit: Option<u32>,
}

#[utoipa::path(
    get, path = "/v1/sync/changes", tag = "sync",
    security(("bearer" = [])),
    params(ChangesQuery),
    responses(
        (status = 200, description = "The next page of the person's feed", body = ChangesPage),
        (status = 400, description = "Malformed query", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn changes(
    State(state): State<AppState>,
    caller: Authenticated,
    query: Result<Query<ChangesQuery>, QueryRejection>,
) -> Result<Json<ChangesPage>, AppError> {
    let Query(query) = query.map_err(|_| {
        AppError::malformed("`since` and `limit` must be non-negative whole numbers.")
    })?;
    let limit = query
        .limit
        .unwrap_or(DEFAULT_CHANGES_PER_PAGE)
        .clamp(1, MAX_CHANGES_PER_PAGE);
    let page = state
        .db()
        .read(move |conn| changes::page(conn, caller.user_id, query.since, limit))
        .await?;
    Ok(Json(page))
}
