//! `GET /v1/sync/events`: a Server-Sent Events stream of `changed` hints for the caller's feed.
//!
//! Sends the current cursor at connect, then again whenever the feed grows, plus keep-alive
//! comments. The stream ends when the server shuts down, so draining never waits on it.

use std::convert::Infallible;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use domain::wire::v1::{ApiError, FeedHint};
use futures::stream::{self, Stream, StreamExt};
use tokio_stream::wrappers::WatchStream;

use crate::auth::Authenticated;
use crate::db::store::changes;
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(
    get, path = "/v1/sync/events", tag = "sync",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "`text/event-stream` of `changed` events carrying a FeedHint",
            content_type = "text/event-stream", body = FeedHint),
        (status = 401, description = "Not signed in", body = ApiError),
    )
)]
pub async fn events(
    State(state): State<AppState>,
    caller: Authenticated,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    // Subscribe before reading the cursor so no growth can slip between the two.
    let updates = state.notifier().subscribe(caller.user_id);
    let cursor = state
        .db()
        .read(move |conn| changes::latest_position(conn, caller.user_id))
        .await?;
    let shutdown = state.shutdown().clone();
    // While this stream is open the device hears new messages live and is not pushed.
    let listening = state.push().streams.open(caller.user_id, caller.device_id);
    let revoked = listening.ended();
    let hints = stream::once(async move { cursor })
        .chain(
            WatchStream::from_changes(updates)
                .filter(move |position| std::future::ready(*position > cursor)),
        )
        .map(move |cursor| {
            let _listening = &listening;
            Ok(hint_event(cursor))
        })
        .take_until(async move {
            tokio::select! {
                () = shutdown.wait() => {},
                () = revoked => {},
            }
        });
    Ok(Sse::new(hints).keep_alive(KeepAlive::default()))
}

fn hint_event(cursor: u64) -> Event {
    Event::default()
        .event("changed")
        .json_data(FeedHint { cursor })
        .unwrap_or_else(|_| Event::default().comment("hint unavailable"))
}
