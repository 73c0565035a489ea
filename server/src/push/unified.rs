//! [`UnifiedPushProvider`]: POSTs the JSON payload to the endpoint the device's distributor gave
//! it, with a `TTL`, a timeout and at most one retry (after a short pause, only for failures that
//! may pass: no answer, 429 or 5xx).

use domain::wire::v1::PushPayload;
use reqwest::StatusCode;

use super::provider::{PushError, PushProvider, TTL_SECS, http_client, with_one_retry};

/// Cheap to clone (the HTTP client is shared).
#[derive(Clone)]
pub struct UnifiedPushProvider {
    client: reqwest::Client,
}

impl UnifiedPushProvider {
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            client: http_client().build()?,
        })
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
        with_one_retry(|| self.attempt(endpoint, &body)).await
    }
}
