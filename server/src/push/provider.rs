//! [`PushProvider`]: delivers a content-free [`PushPayload`] to one device's endpoint.

use std::future::Future;

use domain::wire::v1::PushPayload;

/// Why a push was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The push service says the endpoint no longer exists (the registration should go).
    #[error("the endpoint is gone")]
    Gone,
    /// The push service refused or failed (status code only).
    #[error("the push service answered {0}")]
    Rejected(u16),
    /// The push service could not be reached in time.
    #[error("the push service could not be reached")]
    Unreachable,
    /// The endpoint is not a URL this provider can use.
    #[error("the endpoint is not usable")]
    BadEndpoint,
}

/// A way to wake a device whose app is closed (UnifiedPush now; APNs and FCM later).
///
/// Implementations may be written as `async fn send(&self, endpoint: &str, payload: &PushPayload)
/// -> Result<(), PushError>`; the future must be `Send` so dispatch can run in the background.
pub trait PushProvider: Send + Sync {
    fn send(
        &self,
        endpoint: &str,
        payload: &PushPayload,
    ) -> impl Future<Output = Result<(), PushError>> + Send;
}
