//! What only the native shell can do: draw the screen, keep secrets in the OS keystore and
//! schedule the phone's own notifications.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::ViewModel;
use crate::effects::ScheduledNotification;

/// Implemented by each shell (Swift, Kotlin through the FFI; Rust for the terminal and tests).
/// Calls come from runtime threads; keep them quick.
pub trait Platform: Send + Sync + 'static {
    /// A new view model is ready: redraw.
    fn render(&self, view: &ViewModel);
    /// The session token, if one is saved (Keychain / Android Keystore on phones).
    fn read_token(&self) -> Result<Option<String>, String>;
    fn write_token(&self, token: &str) -> Result<(), String>;
    fn delete_token(&self) -> Result<(), String>;
    /// Cancel every notification scheduled before and schedule exactly `notifications` with the
    /// OS (Android: `AlarmManager`/`WorkManager` per id on its channel; iOS:
    /// `UNUserNotificationCenter` requests keyed by id) so they fire with the app closed. Called
    /// in order, once per change of the reminder set; see
    /// [`NotificationOperation`](crate::effects::NotificationOperation) for the contract.
    fn replace_scheduled_notifications(&self, notifications: &[ScheduledNotification]);
}

/// Secret storage in a file only the current user may read (mode 0600), for desktop shells and
/// tests. Phones use their OS keystore instead.
pub struct FileTokenStore {
    path: PathBuf,
}

impl FileTokenStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn read(&self) -> Result<Option<String>, String> {
        match fs::read_to_string(&self.path) {
            Ok(token) if token.is_empty() => Ok(None),
            Ok(token) => Ok(Some(token)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.to_string()),
        }
    }

    pub fn write(&self, token: &str) -> Result<(), String> {
        let temporary = self.path.with_extension("tmp");
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temporary).map_err(|e| e.to_string())?;
        file.write_all(token.as_bytes())
            .map_err(|e| e.to_string())?;
        file.sync_all().map_err(|e| e.to_string())?;
        fs::rename(&temporary, &self.path).map_err(|e| e.to_string())
    }

    pub fn delete(&self) -> Result<(), String> {
        match fs::remove_file(&self.path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error.to_string()),
            _ => Ok(()),
        }
    }
}

/// The platform for desktop shells and tests: the token in a private file in the data directory;
/// rendering is pulled with [`Runtime::view`](super::Runtime::view) /
/// [`Runtime::wait_for`](super::Runtime::wait_for) rather than pushed. Desktops have no
/// notification scheduler: the last set handed over is kept in memory
/// ([`DesktopPlatform::scheduled_notifications`]) for the terminal shell and tests to read.
pub struct DesktopPlatform {
    tokens: FileTokenStore,
    notifications: Mutex<ScheduledSet>,
}

#[derive(Default)]
struct ScheduledSet {
    current: Vec<ScheduledNotification>,
    replacements: u64,
}

impl DesktopPlatform {
    pub fn new(data_dir: &std::path::Path) -> Self {
        Self {
            tokens: FileTokenStore::new(data_dir.join("session-token")),
            notifications: Mutex::new(ScheduledSet::default()),
        }
    }

    /// The notifications currently scheduled (the last set the core handed over), soonest first.
    pub fn scheduled_notifications(&self) -> Vec<ScheduledNotification> {
        self.notifications
            .lock()
            .map(|set| set.current.clone())
            .unwrap_or_default()
    }

    /// How many times the set has been replaced since start.
    pub fn notification_replacements(&self) -> u64 {
        self.notifications.lock().map_or(0, |set| set.replacements)
    }
}

impl Platform for DesktopPlatform {
    fn render(&self, _view: &ViewModel) {}

    fn read_token(&self) -> Result<Option<String>, String> {
        self.tokens.read()
    }

    fn write_token(&self, token: &str) -> Result<(), String> {
        self.tokens.write(token)
    }

    fn delete_token(&self) -> Result<(), String> {
        self.tokens.delete()
    }

    fn replace_scheduled_notifications(&self, notifications: &[ScheduledNotification]) {
        if let Ok(mut set) = self.notifications.lock() {
            set.current = notifications.to_vec();
            set.replacements += 1;
        }
    }
}
