//! A long-lived subscription to the server's "your feed changed" stream (SSE).

use crux_core::capability::Operation;
use serde::{Deserialize, Serialize};

/// Open the server's event stream and report what happens on it until told to stop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerEventsOperation {
    pub url: String,
    pub token: String,
}

/// One thing that happened on the event stream. `Closed` is always the last item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerEvent {
    /// The stream is open and the server's feed reaches `cursor`.
    Connected { cursor: u64 },
    /// The feed grew to `cursor`.
    Changed { cursor: u64 },
    /// The stream ended; `unauthorized` if the server refused the token.
    Closed { unauthorized: bool },
}

impl Operation for ServerEventsOperation {
    type Output = ServerEvent;
}
