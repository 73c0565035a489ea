//! [`UnifiedPushProvider`]: POSTs the JSON payload to the endpoint the device's distributor gave
//! it, with a `TTL`, a timeout and at most one retry (after a short pause, only for failures that
//! may pass: no answer, 429 or 5xx).

use std::time::Duration;

use domain::wire::v1::PushPayload;
use reqwest::StatusCode;

use super::provider::{PushError, PushProvider};

/// How long the push service may keep the message for an offline device.
pub(super) const TTL_SECS: u32 = 24 * 60 * 60;
/// How long one attempt may take.
pub(super) const TIMEOUT: Duration = Duration::from_secs(10);
/// Pause before the one retry.
pub(super) const RETRY_AFTER: Duration = Duration::from_millis(500);

/// Cheap to clone (the HTTP client is shared).
#[derive(Clone)]
pub struct UnifiedPushProvider {
    client: reqwest::Client,
}

impl UnifiedPushProvider {
    pub fn new() -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self { client })
    }

    async fn attempt(&self, endpoint: &str, body: &[u8]) -> Result<(), PushError> {
        let response = self
            .client
            .post(endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("TTL", TTL_SECS.to_string())
            .body(body.to_vec())
            .send()
            .await
            .map_err(|error| {
                if error.is_builder() {
                    PushError::BadEndpoint
                } else {
                    PushError::Unreachable
                }
            })?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
            Err(PushError::Gone)
        } else {
            Err(PushError::Rejected(status.as_u16()))
        }
    }
}

impl PushProvider for UnifiedPushProvider {
    async fn send(&self, endpoint: &str, payload: &PushPayload) -> Result<(), PushError> {
        let body = serde_json::to_vec(payload).map_err(|_| PushError::BadEndpoint)?;
        match self.attempt(endpoint, &body).await {
            Err(error) if error.may_pass() => {
                tokio::time::sleep(RETRY_AFTER).await;
                self.attempt(endpoint, &body).await
            }
            outcome => outcome,
        }
    }
}
