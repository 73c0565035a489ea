//! App instances for end-to-end tests: the real core and Rust runtime, exactly as the phone shells
//! drive them, each with its own data directory (local SQLite store and token file).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use shared::ViewModel;
use shared::runtime::{DesktopPlatform, Runtime, RuntimeConfig};
use shared::view::{Connection, Screen};

/// How long an end-to-end step may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(30);

pub fn open_app(dir: &Path, server_url: &str, device_name: &str) -> Runtime {
    let config = RuntimeConfig {
        data_dir: dir.to_owned(),
        server_url: server_url.to_owned(),
        device_name: device_name.to_owned(),
    };
    Runtime::start(config, Arc::new(DesktopPlatform::new(dir))).expect("app starts")
}

/// Waits for a rendered view that satisfies `predicate`, or fails naming `what` with the view.
pub fn wait(app: &Runtime, what: &str, predicate: impl Fn(&ViewModel) -> bool) -> ViewModel {
    app.wait_for(WAIT, predicate)
        .unwrap_or_else(|_| panic!("timed out waiting for: {what}; view: {:#?}", app.view()))
}

pub fn online(view: &ViewModel) -> bool {
    view.screen == Screen::SignedIn && view.sync.connection == Connection::Online
}
