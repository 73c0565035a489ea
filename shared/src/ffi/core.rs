//! The uniffi object the phone shells hold: [`BeaconCore`] wraps [`Runtime`] (all effects but
//! rendering, secrets and notifications run in Rust), [`ShellPlatform`] is the callback the shell
//! implements, and [`CoreError`] / [`PlatformError`] are the typed errors. Nothing here panics
//! across the boundary: every exported call catches panics and returns [`CoreError::Internal`],
//! and a callback that fails is reported to the core as a failed platform operation.
//!
//! Events and view models cross as bytes in the layout of the generated shell types
//! ([`codec`](super::codec)): `dispatch(Event.bincodeSerialize())` and
//! `ViewModel.bincodeDeserialize(view())`. The shell is told when the view changed
//! ([`ShellPlatform::view_changed`]) and pulls it with [`BeaconCore::view`].

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::codec;
use crate::ViewModel;
use crate::effects::ScheduledNotification;
use crate::runtime::{Platform, Runtime, RuntimeConfig};

/// Where the app keeps its data and which server it talks to.
#[derive(Debug, Clone, uniffi::Record)]
pub struct CoreConfig {
    /// A directory private to the app (the local SQLite store lives here).
    pub data_dir: String,
    /// The sync server, e.g. `https://beacon.example.org`.
    pub server_url: String,
    /// Shown in the person's device list ("Pixel 8").
    pub device_name: String,
}

/// What can go wrong in a call into the core.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum CoreError {
    /// The bytes are not an event the core knows (wrong or stale generated types).
    #[error("invalid event: {reason}")]
    InvalidEvent { reason: String },
    /// The core could not start (data directory, local store, runtime threads).
    #[error("the core could not start: {reason}")]
    Startup { reason: String },
    /// [`BeaconCore::shutdown`] was called.
    #[error("the core has been shut down")]
    ShutDown,
    /// A bug in the core; the message says where.
    #[error("internal error: {reason}")]
    Internal { reason: String },
}

/// A platform operation (secure storage) failed; the core shows or retries it.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum PlatformError {
    #[error("{reason}")]
    Failed { reason: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for PlatformError {
    fn from(error: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed {
            reason: error.reason,
        }
    }
}

/// One local notification for the OS to deliver at `fire_at_ms` (see
/// `shared::effects::NotificationOperation` for the contract: replace the whole set).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ShellNotification {
    /// Stable across recomputations: schedule and cancel by it.
    pub id: String,
    /// Milliseconds since the Unix epoch (UTC).
    pub fire_at_ms: i64,
    pub title: String,
    pub body: String,
    /// The Android notification channel / iOS category id ("beacon.sessions", …).
    pub channel_id: String,
}

impl From<&ScheduledNotification> for ShellNotification {
    fn from(notification: &ScheduledNotification) -> Self {
        Self {
            id: notification.id.clone(),
            fire_at_ms: notification.fire_at_ms,
            title: notification.title.clone(),
            body: notification.body.clone(),
            channel_id: notification.channel.id().to_owned(),
        }
    }
}

/// Implemented by the native shell. Called from the core's threads: return quickly and hop to
/// the UI thread yourself.
#[uniffi::export(with_foreign)]
pub trait ShellPlatform: Send + Sync {
    /// The view model changed: call [`BeaconCore::view`] for the new one.
    fn view_changed(&self);
    /// The saved session token, if any (Keychain / Android Keystore).
    fn read_token(&self) -> Result<Option<String>, PlatformError>;
    fn write_token(&self, token: String) -> Result<(), PlatformError>;
    fn delete_token(&self) -> Result<(), PlatformError>;
    /// Cancel every scheduled notification and schedule exactly these.
    fn replace_scheduled_notifications(&self, notifications: Vec<ShellNotification>);
}

/// Adapts the foreign callback to the runtime's [`Platform`], containing any panic.
struct Foreign(Arc<dyn ShellPlatform>);

fn contained<T>(fallback: T, call: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or(fallback)
}

impl Platform for Foreign {
    fn render(&self, _view: &ViewModel) {
        contained((), || self.0.view_changed());
    }

    fn read_token(&self) -> Result<Option<String>, String> {
        contained(Err("the platform failed".into()), || {
            self.0.read_token().map_err(|e| e.to_string())
        })
    }

    fn write_token(&self, token: &str) -> Result<(), String> {
        contained(Err("the platform failed".into()), || {
            self.0
                .write_token(token.to_owned())
                .map_err(|e| e.to_string())
        })
    }

    fn delete_token(&self) -> Result<(), String> {
        contained(Err("the platform failed".into()), || {
            self.0.delete_token().map_err(|e| e.to_string())
        })
    }

    fn replace_scheduled_notifications(&self, notifications: &[ScheduledNotification]) {
        let notifications = notifications.iter().map(ShellNotification::from).collect();
        contained((), || self.0.replace_scheduled_notifications(notifications));
    }
}

/// Runs `call`, turning a panic into [`CoreError::Internal`].
fn guarded<T>(call: impl FnOnce() -> Result<T, CoreError>) -> Result<T, CoreError> {
    catch_unwind(AssertUnwindSafe(call)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Err(CoreError::Internal { reason: message })
    })
}

/// A running Beacon core: construct one per app process.
#[derive(uniffi::Object)]
pub struct BeaconCore {
    /// `None` after [`BeaconCore::shutdown`]. Dispatch clones the `Arc` and lets go of the lock
    /// before running, so a shell that reads the view from inside `view_changed` never deadlocks.
    runtime: Mutex<Option<Arc<Runtime>>>,
}

impl BeaconCore {
    fn runtime(&self) -> Result<Arc<Runtime>, CoreError> {
        self.runtime
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or(CoreError::ShutDown)
    }
}

#[uniffi::export]
impl BeaconCore {
    /// Opens the local store in `config.data_dir` and starts the app (restoring a saved session).
    #[uniffi::constructor]
    pub fn new(
        config: CoreConfig,
        platform: Arc<dyn ShellPlatform>,
    ) -> Result<Arc<Self>, CoreError> {
        guarded(|| {
            super::shell_types::registry().map_err(|reason| CoreError::Startup { reason })?;
            let config = RuntimeConfig {
                data_dir: PathBuf::from(config.data_dir),
                server_url: config.server_url,
                device_name: config.device_name,
            };
            let runtime = Runtime::start(config, Arc::new(Foreign(platform))).map_err(|e| {
                CoreError::Startup {
                    reason: e.to_string(),
                }
            })?;
            Ok(Arc::new(Self {
                runtime: Mutex::new(Some(Arc::new(runtime))),
            }))
        })
    }

    /// Sends an event (the generated `Event`'s `bincodeSerialize()` bytes) to the core.
    // uniffi: `Vec<u8>` is a Kotlin `ByteArray` / Swift `Data`; `&[u8]` would be a `ByteBuffer`.
    #[allow(clippy::needless_pass_by_value)]
    pub fn dispatch(&self, event: Vec<u8>) -> Result<(), CoreError> {
        guarded(|| {
            let runtime = self.runtime()?;
            let event = codec::decode_event(&event).map_err(|e| CoreError::InvalidEvent {
                reason: e.to_string(),
            })?;
            runtime.dispatch(event);
            Ok(())
        })
    }

    /// The current view model (for the generated `ViewModel.bincodeDeserialize`).
    pub fn view(&self) -> Result<Vec<u8>, CoreError> {
        guarded(|| {
            let view = self.runtime()?.view();
            codec::encode_view(&view).map_err(|e| CoreError::Internal {
                reason: e.to_string(),
            })
        })
    }

    /// Stops the runtime (pending effects are abandoned; queued changes stay in the local store).
    /// Later calls answer [`CoreError::ShutDown`].
    pub fn shutdown(&self) {
        let runtime = self
            .runtime
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        drop(runtime);
    }
}
