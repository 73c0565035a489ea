//! Runtime settings of one server instance (built by `main` from the CLI, or directly by tests).

use std::path::PathBuf;
use std::time::Duration;

/// How a server instance behaves. [`Config::new`] gives the production defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite database file (created if missing).
    pub db_path: PathBuf,
    /// A device token stops working after this long without use (sliding expiry).
    pub session_idle_ttl: Duration,
    /// Argon2id cost used for new password hashes. Production uses the argon2 crate defaults
    /// (19 MiB, t = 2, p = 1, the OWASP minimum); tests pass cheaper parameters. Each password
    /// worker (one per core, at most 4) keeps one `m_cost` buffer: see [`crate::auth::password`].
    pub argon2: argon2::Params,
    /// APNs and FCM credentials (none by default: those registrations are kept, not pushed).
    pub push: crate::push::PushConfig,
}

impl Config {
    /// Production settings for the database at `db_path`.
    pub fn new(db_path: impl Into<PathBuf>) -> Self {
        Self {
            db_path: db_path.into(),
            session_idle_ttl: Duration::from_secs(domain::account::SESSION_IDLE_TTL_SECS),
            argon2: argon2::Params::default(),
            push: crate::push::PushConfig::default(),
        }
    }

    /// The same settings with a different idle session lifetime.
    #[must_use]
    pub fn with_session_idle_ttl(mut self, ttl: Duration) -> Self {
        self.session_idle_ttl = ttl;
        self
    }

    /// The same settings with different Argon2id parameters (tests use tiny ones).
    #[must_use]
    pub fn with_argon2(mut self, params: argon2::Params) -> Self {
        self.argon2 = params;
        self
    }

    /// The same settings with APNs/FCM credentials.
    #[must_use]
    pub fn with_push(mut self, push: crate::push::PushConfig) -> Self {
        self.push = push;
        self
    }
}
