//! Runs the core's `ServerEvents` subscription: an SSE stream of "your feed changed" hints.

use std::time::Duration;

use domain::wire::v1::FeedHint;
use eventsource_stream::Eventsource;
use futures::StreamExt;

use crate::effects::{ServerEvent, ServerEventsOperation};

/// The server sends a keep-alive well within this; silence longer than it means a dead connection.
const SILENCE_LIMIT: Duration = Duration::from_secs(45);

/// Follows the stream, calling `emit` for each event; stops when `emit` returns false (the core no
/// longer listens), or when the stream ends (after emitting `Closed`).
pub async fn follow(
    client: &reqwest::Client,
    operation: &ServerEventsOperation,
    mut emit: impl FnMut(ServerEvent) -> bool,
) {
    let response = client
        .get(&operation.url)
        .bearer_auth(&operation.token)
        .header("Accept", "text/event-stream")
        .send()
        .await;
    let response = match response {
        Ok(response) if response.status().is_success() => response,
        Ok(response) => {
            let unauthorized = response.status() == reqwest::StatusCode::UNAUTHORIZED;
            emit(ServerEvent::Closed { unauthorized });
            return;
        }
        Err(_) => {
            emit(ServerEvent::Closed {
                unauthorized: false,
            });
            return;
        }
    };
    if !emit(ServerEvent::Connected { cursor: 0 }) {
        return;
    }
    // Any bytes (events or keep-alive comments) reset the silence timer; silence ends the stream.
    let bytes = tokio_stream::StreamExt::timeout(response.bytes_stream(), SILENCE_LIMIT)
        .take_while(|item| std::future::ready(item.is_ok()))
        .filter_map(|item| std::future::ready(item.ok()));
    let mut events = Box::pin(bytes.eventsource());
    while let Some(Ok(event)) = events.next().await {
        if event.event != "changed" {
            continue;
        }
        if let Ok(hint) = serde_json::from_str::<FeedHint>(&event.data)
            && !emit(ServerEvent::Changed {
                cursor: hint.cursor,
            })
        {
            return;
        }
    }
    emit(ServerEvent::Closed {
        unauthorized: false,
    });
}
