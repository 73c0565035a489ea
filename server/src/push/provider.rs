//! [`PushProvider`]: delivers a content-free [`PushPayload`] to one device's endpoint.

use std::future::Future;
use std::time::Duration;

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

/// How long a push service may keep the message for an offline device.
pub(super) const TTL_SECS: u32 = 24 * 60 * 60;
/// How long one attempt may take.
pub(super) const TIMEOUT: Duration = Duration::from_secs(10);
/// Pause before the one retry.
pub(super) const RETRY_AFTER: Duration = Duration::from_millis(500);

/// The HTTP client settings every provider shares: [`TIMEOUT`] per attempt and to connect, and
/// no redirects (a push service never needs one; following one could leak the request).
pub(super) fn http_client() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
}

/// The retry policy every provider shares: one more attempt at once after refused credentials
/// (the provider dropped its cached token and signs a new one), or after [`RETRY_AFTER`] for a
/// failure that [may pass](PushError::may_pass); never more than two attempts.
pub(super) async fn with_one_retry<F, Fut>(mut attempt: F) -> Result<(), PushError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), PushError>>,
{
    match attempt().await {
        Err(PushError::Credentials) => attempt().await,
        Err(error) if error.may_pass() => {
            tokio::time::sleep(RETRY_AFTER).await;
            attempt().await
        }
        outcome => outcome,
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
