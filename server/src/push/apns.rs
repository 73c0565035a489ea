//! [`ApnsProvider`]: Apple's HTTP/2 provider API with token-based authentication.
//!
//! Each push is `POST {base}/3/device/{token}` with `authorization: bearer <JWT>` (ES256 over the
//! `.p8` key; header `kid` = key id; claims `iss` = team id, `iat`). The JWT is reused for
//! [`JWT_REUSE`] (Apple accepts one for up to an hour and refuses refreshes more often than every
//! 20 minutes); a 403 `ExpiredProviderToken`/`InvalidProviderToken` drops it and retries once.
//!
//! **Why an alert push, not a background one.** Background pushes (`content-available` only,
//! priority 5) are delivered at iOS's discretion, throttled to a few an hour, and never reach an
//! app the user swiped away — too unreliable for a message from a mentor. So this sends a visible
//! alert (`apns-push-type: alert`, priority 10) whose text is the app's own localised string
//! [`ALERT_LOC_KEY`] (the app's `Localizable.strings` must define it): no name, sender or message
//! text ever travels through Apple. `content-available: 1` also lets a running-in-background app
//! sync at once; the conversation id (the same as UnifiedPush's payload) lets a tap open it, and
//! collapses a burst of messages in one conversation into one notification.
//!
//! 410 (`Unregistered`) and 400 `BadDeviceToken` become [`PushError::Gone`] (the registration is
//! removed); other failures are [`PushError::Rejected`] with the status only.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use domain::wire::v1::PushPayload;
use jsonwebtoken::{Algorithm, Header};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::cached::{CachedToken, unix_now};
use super::credentials::ApnsConfig;
use super::provider::{PushError, PushProvider};
use super::provider::{TTL_SECS, http_client, with_one_retry};

/// How long one provider JWT is used before a new one is signed.
pub const JWT_REUSE: Duration = Duration::from_secs(50 * 60);
/// The app's localised alert text for "you have a new message" (no content).
pub const ALERT_LOC_KEY: &str = "push.new_message";
/// Longest device token accepted (they are 64 hex digits today; Apple says they may grow).
const MAX_TOKEN_CHARS: usize = 200;

/// Cheap to clone (shares the HTTP/2 client and the cached JWT).
#[derive(Clone)]
pub struct ApnsProvider {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    config: ApnsConfig,
    jwt: Mutex<Option<CachedToken>>,
}

/// The provider JWT's claims.
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    iat: u64,
}

/// The error body APNs sends with a non-2xx status.
#[derive(Deserialize)]
struct Refusal {
    reason: String,
}

impl ApnsProvider {
    pub fn new(config: ApnsConfig) -> anyhow::Result<Self> {
        let client = http_client()
            // APNs speaks HTTP/2 only (ALPN `h2` over TLS; h2c to a loopback fake in tests).
            .http2_prior_knowledge()
            .build()?;
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                config,
                jwt: Mutex::new(None),
            }),
        })
    }

    /// The cached provider JWT, or a newly signed one.
    fn bearer(&self) -> Result<String, PushError> {
        let now = Instant::now();
        let mut cached = self
            .inner
            .jwt
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(token) = cached.as_ref().and_then(|cached| cached.fresh(now)) {
            return Ok(token.to_owned());
        }
        let config = &self.inner.config;
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(config.key_id.clone());
        let claims = Claims {
            iss: &config.team_id,
            iat: unix_now(),
        };
        let token = jsonwebtoken::encode(&header, &claims, config.key.key())
            .map_err(|_| PushError::Credentials)?;
        *cached = Some(CachedToken::new(token.clone(), now, JWT_REUSE));
        Ok(token)
    }

    fn forget_bearer(&self) {
        *self
            .inner
            .jwt
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }

    async fn attempt(
        &self,
        device_token: &str,
        conversation_id: &str,
        body: &[u8],
    ) -> Result<(), PushError> {
        let config = &self.inner.config;
        let url = format!(
            "{}/3/device/{device_token}",
            config.base_url.trim_end_matches('/')
        );
        let response = self
            .inner
            .client
            .post(url)
            .bearer_auth(self.bearer()?)
            .header("apns-topic", &config.topic)
            .header("apns-push-type", "alert")
            .header("apns-priority", "10")
            .header(
                "apns-expiration",
                (unix_now() + u64::from(TTL_SECS)).to_string(),
            )
            .header("apns-collapse-id", conversation_id)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_vec())
            .send()
            .await
            .map_err(|_| PushError::Unreachable)?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let reason = response
            .json::<Refusal>()
            .await
            .map(|refusal| refusal.reason)
            .unwrap_or_default();
        Err(match (status, reason.as_str()) {
            (StatusCode::GONE, _) | (StatusCode::BAD_REQUEST, "BadDeviceToken") => PushError::Gone,
            (StatusCode::FORBIDDEN, "ExpiredProviderToken" | "InvalidProviderToken") => {
                self.forget_bearer();
                PushError::Credentials
            }
            _ => PushError::Rejected(status.as_u16()),
        })
    }
}

/// A device token is hex digits (it goes into the URL path, so nothing else is allowed).
fn usable_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= MAX_TOKEN_CHARS
        && token.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// The APNs JSON: a neutral localised alert plus the payload's own fields (type, conversation).
pub fn body(payload: &PushPayload) -> Value {
    let mut body = json!({
        "aps": {
            "alert": { "loc-key": ALERT_LOC_KEY },
            "sound": "default",
            "content-available": 1,
        }
    });
    if let (Value::Object(body), Ok(Value::Object(fields))) =
        (&mut body, serde_json::to_value(payload))
    {
        body.extend(fields);
    }
    body
}

impl PushProvider for ApnsProvider {
    async fn send(&self, endpoint: &str, payload: &PushPayload) -> Result<(), PushError> {
        if !usable_token(endpoint) {
            return Err(PushError::BadEndpoint);
        }
        let PushPayload::NewMessage { conversation_id } = payload;
        let conversation_id = conversation_id.to_string();
        let body = serde_json::to_vec(&body(payload)).map_err(|_| PushError::BadEndpoint)?;
        // A refused JWT was dropped: the retry signs a new one.
        with_one_retry(|| self.attempt(endpoint, &conversation_id, &body)).await
    }
}
