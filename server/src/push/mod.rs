//! Waking closed apps (issue 4). After a message commits, each of the recipient's devices that
//! has a push registration and no open SSE stream gets `PushPayload::NewMessage` — never any
//! content, name or sender — in the background, so the acknowledgement never waits on it.
//!
//! - [`provider`]: the [`PushProvider`] trait, [`PushError`], and the HTTP client settings and
//!   one-retry policy every provider shares.
//! - [`unified`]: [`UnifiedPushProvider`], a plain HTTP POST to the device's endpoint.
//! - [`apns`]: [`ApnsProvider`], Apple's HTTP/2 API with a cached ES256 provider JWT.
//! - [`fcm`]: [`FcmProvider`], FCM HTTP v1 with a cached OAuth2 service-account token.
//! - [`credentials`]: [`PushConfig`], the APNs key and FCM service account, loaded at startup.
//! - [`cached`]: bearer tokens reused until shortly before they expire.
//! - [`streams`]: which devices have an SSE stream open right now.
//! - [`dispatch`]: who to wake after a push, and sending to them.
//!
//! APNs and FCM registrations are kept even when the server has no credentials for them; their
//! pushes are then skipped (logged at debug). Logs name a UnifiedPush endpoint by its host only
//! and never show a device token or key.

pub mod apns;
pub mod cached;
pub mod credentials;
pub mod dispatch;
pub mod fcm;
pub mod provider;
pub mod streams;
pub mod unified;

#[cfg(test)]
pub(crate) mod tests;

pub use apns::ApnsProvider;
pub use credentials::{ApnsConfig, FcmConfig, PushConfig};
pub use fcm::FcmProvider;
pub use provider::{PushError, PushProvider};
pub use streams::OpenStreams;
pub use unified::UnifiedPushProvider;

/// What the server needs to wake devices: the providers it has and who is listening live.
#[derive(Clone)]
pub struct Push {
    pub unified: UnifiedPushProvider,
    /// `None` without APNs credentials.
    pub apns: Option<ApnsProvider>,
    /// `None` without an FCM service account.
    pub fcm: Option<FcmProvider>,
    pub streams: OpenStreams,
}

impl Push {
    pub fn new(config: &PushConfig) -> anyhow::Result<Self> {
        Ok(Self {
            unified: UnifiedPushProvider::new()?,
            apns: config.apns.clone().map(ApnsProvider::new).transpose()?,
            fcm: config.fcm.clone().map(FcmProvider::new).transpose()?,
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
