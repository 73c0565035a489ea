//! Waking closed apps (issue 4). After a message commits, each of the recipient's devices that
//! has a push registration and no open SSE stream gets `PushPayload::NewMessage` — never any
//! content, name or sender — in the background, so the acknowledgement never waits on it.
//!
//! - [`provider`]: the [`PushProvider`] trait and [`PushError`].
//! - [`unified`]: [`UnifiedPushProvider`], a plain HTTP POST to the device's endpoint.
//! - [`streams`]: which devices have an SSE stream open right now.
//! - [`dispatch`]: who to wake after a push, and sending to them.
//!
//! APNs and FCM are registration kinds without a provider yet: they are skipped (logged at debug).
//! Logs name an endpoint by its host only.

pub mod dispatch;
pub mod provider;
pub mod streams;
pub mod unified;

pub use provider::{PushError, PushProvider};
pub use streams::OpenStreams;
pub use unified::UnifiedPushProvider;

/// What the server needs to wake devices: the providers it has and who is listening live.
#[derive(Clone)]
pub struct Push {
    pub unified: UnifiedPushProvider,
    pub streams: OpenStreams,
}

impl Push {
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            unified: UnifiedPushProvider::new()?,
            streams: OpenStreams::default(),
        })
    }
}

/// The host of an endpoint URL, for logs (never the full capability URL).
pub fn endpoint_host(endpoint: &str) -> String {
    reqwest::Url::parse(endpoint)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}
