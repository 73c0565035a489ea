//! [`AppState`]: what every handler shares — configuration, database, notifier, hashing, shutdown,
//! the mentoring clock, and push (providers and open streams).

use std::sync::Arc;

use crate::auth::Passwords;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::notify::Notifier;
use crate::push::Push;
use crate::shutdown::Shutdown;

/// Cheap to clone (one `Arc`).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    db: Db,
    notifier: Notifier,
    passwords: Passwords,
    shutdown: Shutdown,
    clock: Clock,
    push: Push,
}

impl AppState {
    /// Opens the database (creating and migrating it) and prepares password hashing.
    pub fn open(config: Config) -> anyhow::Result<Self> {
        let notifier = Notifier::default();
        let db = Db::open(&config.db_path, notifier.clone())?;
        let passwords = Passwords::new(config.argon2.clone())?;
        let push = Push::new(&config.push)?;
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                db,
                notifier,
                passwords,
                shutdown: Shutdown::default(),
                clock: Clock::default(),
                push,
            }),
        })
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    pub fn notifier(&self) -> &Notifier {
        &self.inner.notifier
    }

    pub fn passwords(&self) -> &Passwords {
        &self.inner.passwords
    }

    pub fn shutdown(&self) -> &Shutdown {
        &self.inner.shutdown
    }

    /// The clock mentoring rules use (tests move it forward).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Push providers and the devices listening live (issue 4).
    pub fn push(&self) -> &Push {
        &self.inner.push
    }

    /// Ends open event streams, commits queued writes and checkpoints the WAL.
    pub async fn close(&self) {
        self.inner.shutdown.trigger();
        self.inner.db.close().await;
    }
}
