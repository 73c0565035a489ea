//! [`FcmProvider`]: Firebase Cloud Messaging HTTP v1 with a service account.
//!
//! The access token comes from the OAuth2 JWT bearer grant: an RS256 assertion (`iss` = the
//! account's `client_email`, `scope` = firebase.messaging, `aud` = `token_uri`, `iat`, `exp` an
//! hour later) is posted to `token_uri`; the token it returns is reused until [`REFRESH_EARLY`]
//! before it expires, and concurrent pushes wait for one exchange rather than each doing one. A
//! 401 from FCM drops it and retries once.
//!
//! Each push is a data-only message (`type`, `conversation_id`: the same content-free
//! [`PushPayload`] UnifiedPush gets) with Android priority `high`, so the app wakes and syncs
//! itself and shows its own notification. 404 or an `UNREGISTERED` error code becomes
//! [`PushError::Gone`]; other failures are [`PushError::Rejected`] with the status only.

use std::sync::Arc;
use std::time::{Duration, Instant};

use domain::wire::v1::PushPayload;
use jsonwebtoken::{Algorithm, Header};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use tokio::sync::Mutex;

use super::cached::{CachedToken, unix_now};
use super::credentials::FcmConfig;
use super::provider::{PushError, PushProvider};
use super::provider::{TTL_SECS, http_client, with_one_retry};

/// The OAuth scope for sending FCM messages.
pub const SCOPE: &str = "https://www.googleapis.com/auth/firebase.messaging";
/// How long an assertion is valid (Google's maximum).
const ASSERTION_LIFETIME_SECS: u64 = 60 * 60;
/// An access token is replaced this long before it expires.
pub const REFRESH_EARLY: Duration = Duration::from_secs(5 * 60);

/// Cheap to clone (shares the HTTP client and the cached access token).
#[derive(Clone)]
pub struct FcmProvider {
    inner: Arc<Inner>,
}

struct Inner {
    client: reqwest::Client,
    config: FcmConfig,
    access: Mutex<Option<CachedToken>>,
}

/// The OAuth assertion's claims.
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    scope: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

/// The token endpoint's answer.
#[derive(Deserialize)]
struct AccessToken {
    access_token: String,
    expires_in: u64,
}

impl FcmProvider {
    pub fn new(config: FcmConfig) -> anyhow::Result<Self> {
        let client = http_client().build()?;
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                config,
                access: Mutex::new(None),
            }),
        })
    }

    /// The cached access token, or a new one from the token endpoint.
    async fn access_token(&self) -> Result<String, PushError> {
        let mut cached = self.inner.access.lock().await;
        if let Some(token) = cached
            .as_ref()
            .and_then(|cached| cached.fresh(Instant::now()))
        {
            return Ok(token.to_owned());
        }
        let config = &self.inner.config;
        let mut header = Header::new(Algorithm::RS256);
        header.kid.clone_from(&config.private_key_id);
        let iat = unix_now();
        let claims = Claims {
            iss: &config.client_email,
            scope: SCOPE,
            aud: &config.token_uri,
            iat,
            exp: iat + ASSERTION_LIFETIME_SECS,
        };
        let assertion = jsonwebtoken::encode(&header, &claims, config.key.key())
            .map_err(|_| PushError::Credentials)?;
        let asked_at = Instant::now();
        // The assertion is base64url with dots: nothing in it needs form-encoding.
        let response = self
            .inner
            .client
            .post(&config.token_uri)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(format!(
                "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={assertion}"
            ))
            .send()
            .await
            .map_err(|_| PushError::Unreachable)?;
        if !response.status().is_success() {
            tracing::warn!(
                status = response.status().as_u16(),
                "FCM token exchange refused"
            );
            return Err(PushError::Credentials);
        }
        let answer: AccessToken = response.json().await.map_err(|_| PushError::Credentials)?;
        let use_for = Duration::from_secs(answer.expires_in).saturating_sub(REFRESH_EARLY);
        *cached = Some(CachedToken::new(
            answer.access_token.clone(),
            asked_at,
            use_for,
        ));
        Ok(answer.access_token)
    }

    async fn forget_access_token(&self) {
        *self.inner.access.lock().await = None;
    }

    async fn attempt(&self, body: &[u8]) -> Result<(), PushError> {
        let config = &self.inner.config;
        let url = format!(
            "{}/v1/projects/{}/messages:send",
            config.base_url.trim_end_matches('/'),
            config.project_id
        );
        let response = self
            .inner
            .client
            .post(url)
            .bearer_auth(self.access_token().await?)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_vec())
            .send()
            .await
            .map_err(|_| PushError::Unreachable)?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let error = response.json::<Value>().await.unwrap_or(Value::Null);
        if status == StatusCode::NOT_FOUND || unregistered(&error) {
            Err(PushError::Gone)
        } else if status == StatusCode::UNAUTHORIZED {
            self.forget_access_token().await;
            Err(PushError::Credentials)
        } else {
            Err(PushError::Rejected(status.as_u16()))
        }
    }
}

/// Whether an FCM error body carries the `UNREGISTERED` error code.
fn unregistered(error: &Value) -> bool {
    error["error"]["details"].as_array().is_some_and(|details| {
        details
            .iter()
            .any(|detail| detail["errorCode"] == "UNREGISTERED")
    })
}

/// The FCM request: a data-only message (values must be strings) with high Android priority.
pub fn body(device_token: &str, payload: &PushPayload) -> Value {
    let data: Map<String, Value> = match serde_json::to_value(payload) {
        Ok(Value::Object(fields)) => fields
            .into_iter()
            .map(|(name, value)| {
                let text = match value {
                    Value::String(text) => text,
                    other => other.to_string(),
                };
                (name, Value::String(text))
            })
            .collect(),
        _ => Map::new(),
    };
    json!({
        "message": {
            "token": device_token,
            "data": data,
            "android": { "priority": "high", "ttl": format!("{TTL_SECS}s") },
        }
    })
}

impl PushProvider for FcmProvider {
    async fn send(&self, endpoint: &str, payload: &PushPayload) -> Result<(), PushError> {
        let body =
            serde_json::to_vec(&body(endpoint, payload)).map_err(|_| PushError::BadEndpoint)?;
        // A refused access token was dropped: the retry exchanges a new one.
        with_one_retry(|| self.attempt(&body)).await
    }
}
