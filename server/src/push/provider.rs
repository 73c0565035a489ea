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
    /// The endpoint is not a URL (or device token) this provider can use.
    #[error("the endpoint is not usable")]
    BadEndpoint,
    /// The server's own credentials were refused or could not be used (APNs key, FCM account).
    #[error("the push credentials were refused")]
    Credentials,
}

impl PushError {
    /// Whether a failed attempt is worth one more try (after a short pause): no answer, 429 or
    /// 5xx.
    pub fn may_pass(&self) -> bool {
        match self {
            Self::Unreachable => true,
            Self::Rejected(status) => *status == 429 || *status >= 500,
            Self::Gone | Self::BadEndpoint | Self::Credentials => false,
        }
    }
}

/// A way to wake a device whose app is closed: UnifiedPush, APNs or FCM.
///
/// Implementations may be written as `async fn send(&self, endpoint: &str, payload: &PushPayload)
/// -> Result<(), PushError>`; the future must be `Send` so dispatch can run in the background.
/// For APNs and FCM the endpoint is the device token.
pub trait PushProvider: Send + Sync {
    fn send(
        &self,
        endpoint: &str,
        payload: &PushPayload,
    ) -> impl Future<Output = Result<(), PushError>> + Send;
}
