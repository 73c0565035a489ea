//! The view model: everything a screen needs, already decided (no logic left for the shells).

use domain::account::Role;
use domain::program::CrisisResource;
use domain::wire::v1::Settings;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewModel {
    pub screen: Screen,
    /// Set while a sign-up, log-in or log-out is waiting for the server.
    pub busy: bool,
    /// A message for the person about the last thing they tried ("Email or password is wrong").
    pub notice: Option<String>,
    pub account: Option<AccountView>,
    pub devices: Vec<DeviceView>,
    pub sync: SyncView,
    /// Crisis help for the person's locale: always available, also offline and signed out.
    pub crisis_resources: Vec<CrisisResource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Screen {
    /// Reading the local store.
    Starting,
    SignedOut,
    SignedIn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub locale: String,
    pub roles: Vec<Role>,
    pub settings: Settings,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub device_id: Uuid,
    pub name: String,
    pub last_seen_at_ms: i64,
    pub this_device: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Connection {
    /// Not signed in: nothing to sync.
    Idle,
    /// Trying to reach the server.
    Connecting,
    /// Listening for changes; everything is up to date once `pending_changes` is 0.
    Online,
    /// The server cannot be reached; changes are kept and sent when it can.
    Offline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncView {
    pub connection: Connection,
    /// Changes made on this device that the server has not yet acknowledged.
    pub pending_changes: usize,
    /// Push or pull in progress.
    pub syncing: bool,
    /// Milliseconds until the next automatic retry while offline.
    pub retry_in_ms: Option<u64>,
}
