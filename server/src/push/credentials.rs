//! Settings for the store push services: [`PushConfig`] holds an optional [`ApnsConfig`] and
//! [`FcmConfig`], loaded from key files at startup. A key that cannot sign is a startup error,
//! not a failure at the first message. Keys never appear in `Debug` output or logs.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Deserialize;

/// Apple's production and development hosts for the HTTP/2 provider API.
pub const APNS_PRODUCTION: &str = "https://api.push.apple.com";
pub const APNS_SANDBOX: &str = "https://api.sandbox.push.apple.com";
/// Where FCM HTTP v1 sends are posted.
pub const FCM_BASE: &str = "https://fcm.googleapis.com";

/// Which store push services this server can use; `None` means registrations of that kind are
/// kept but not pushed.
#[derive(Debug, Clone, Default)]
pub struct PushConfig {
    pub apns: Option<ApnsConfig>,
    pub fcm: Option<FcmConfig>,
}

/// A private signing key; `Debug` never shows it.
#[derive(Clone)]
pub struct SigningKey(Arc<EncodingKey>);

impl SigningKey {
    pub(crate) fn key(&self) -> &EncodingKey {
        &self.0
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// Token-based APNs authentication (a `.p8` key from the Apple developer account).
#[derive(Debug, Clone)]
pub struct ApnsConfig {
    /// The key's id (the JWT header's `kid`).
    pub key_id: String,
    /// The developer team id (the JWT's `iss`).
    pub team_id: String,
    /// The app's bundle id (`apns-topic`).
    pub topic: String,
    /// [`APNS_PRODUCTION`] or [`APNS_SANDBOX`]; tests point it at loopback.
    pub base_url: String,
    pub key: SigningKey,
}

impl ApnsConfig {
    /// Reads the `.p8` key file (PKCS#8 PEM, P-256) and checks it can sign.
    pub fn load(
        key_file: &Path,
        key_id: &str,
        team_id: &str,
        topic: &str,
        sandbox: bool,
    ) -> anyhow::Result<Self> {
        let pem = std::fs::read(key_file)
            .with_context(|| format!("cannot read the APNs key file {}", key_file.display()))?;
        Self::from_pem(&pem, key_id, team_id, topic, sandbox)
            .with_context(|| format!("the APNs key file {}", key_file.display()))
    }

    /// As [`ApnsConfig::load`], from the key file's contents.
    pub fn from_pem(
        pem: &[u8],
        key_id: &str,
        team_id: &str,
        topic: &str,
        sandbox: bool,
    ) -> anyhow::Result<Self> {
        for (name, value) in [
            ("--apns-key-id", key_id),
            ("--apns-team-id", team_id),
            ("--apns-topic", topic),
        ] {
            anyhow::ensure!(!value.trim().is_empty(), "{name} is empty");
        }
        let key = EncodingKey::from_ec_pem(pem)
            .context("not a PKCS#8 PEM P-256 private key (an APNs .p8 key)")?;
        check_signs(&key, Algorithm::ES256).context("not a P-256 private key (an APNs .p8 key)")?;
        Ok(Self {
            key_id: key_id.trim().to_owned(),
            team_id: team_id.trim().to_owned(),
            topic: topic.trim().to_owned(),
            base_url: if sandbox {
                APNS_SANDBOX
            } else {
                APNS_PRODUCTION
            }
            .to_owned(),
            key: SigningKey(Arc::new(key)),
        })
    }

    /// The same settings with another APNs host (tests use a loopback fake).
    #[must_use]
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }
}

/// FCM HTTP v1 with a Google service account (OAuth2 JWT bearer grant).
#[derive(Debug, Clone)]
pub struct FcmConfig {
    pub project_id: String,
    /// The service account (the assertion's `iss`).
    pub client_email: String,
    /// The key's id (the assertion's `kid`), when the file names one.
    pub private_key_id: Option<String>,
    /// Where the assertion is exchanged for an access token (the assertion's `aud`).
    pub token_uri: String,
    /// [`FCM_BASE`]; tests point it at loopback.
    pub base_url: String,
    pub key: SigningKey,
}

/// The fields of a service-account JSON file that FCM needs.
#[derive(Deserialize)]
struct ServiceAccount {
    #[serde(rename = "type")]
    kind: String,
    project_id: String,
    client_email: String,
    private_key_id: Option<String>,
    private_key: String,
    token_uri: String,
}

impl FcmConfig {
    /// Reads a service-account JSON file (from the Firebase console) and checks its key signs.
    pub fn load(service_account_file: &Path) -> anyhow::Result<Self> {
        let json = std::fs::read(service_account_file).with_context(|| {
            format!(
                "cannot read the FCM service account file {}",
                service_account_file.display()
            )
        })?;
        Self::from_json(&json).with_context(|| {
            format!(
                "the FCM service account file {}",
                service_account_file.display()
            )
        })
    }

    /// As [`FcmConfig::load`], from the file's contents.
    pub fn from_json(json: &[u8]) -> anyhow::Result<Self> {
        // The serde error may quote the file; never let it echo the private key.
        let account: ServiceAccount = serde_json::from_slice(json).map_err(|error| {
            anyhow::anyhow!(
                "not a service account JSON file (line {}, column {})",
                error.line(),
                error.column()
            )
        })?;
        anyhow::ensure!(
            account.kind == "service_account",
            "its \"type\" is not \"service_account\""
        );
        for (name, value) in [
            ("project_id", &account.project_id),
            ("client_email", &account.client_email),
            ("token_uri", &account.token_uri),
        ] {
            anyhow::ensure!(!value.trim().is_empty(), "its \"{name}\" is empty");
        }
        anyhow::ensure!(
            account.token_uri.starts_with("https://") || account.token_uri.starts_with("http://"),
            "its \"token_uri\" is not an http(s) URL"
        );
        let key = EncodingKey::from_rsa_pem(account.private_key.as_bytes())
            .context("its \"private_key\" is not a PEM RSA private key")?;
        check_signs(&key, Algorithm::RS256)
            .context("its \"private_key\" is not a usable RSA private key")?;
        Ok(Self {
            project_id: account.project_id,
            client_email: account.client_email,
            private_key_id: account.private_key_id.filter(|id| !id.is_empty()),
            token_uri: account.token_uri,
            base_url: FCM_BASE.to_owned(),
            key: SigningKey(Arc::new(key)),
        })
    }

    /// The same settings with another FCM host (tests use a loopback fake).
    #[must_use]
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }
}

/// Signs a throwaway token, so a wrong key fails at startup.
fn check_signs(key: &EncodingKey, algorithm: Algorithm) -> anyhow::Result<()> {
    jsonwebtoken::encode(&Header::new(algorithm), &serde_json::json!({}), key)?;
    Ok(())
}
