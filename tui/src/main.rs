//! `beacon-tui`: flags, the data directory, and the terminal loop (read a key, hand it to the
//! [`App`], dispatch the event it makes, redraw when the key or the view changed). Nothing is
//! logged: the screen is the only output, and it never shows a token or a password.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event as TerminalEvent};
use shared::runtime::{DesktopPlatform, Runtime, RuntimeConfig};
use tui::App;

/// Beacon in a terminal: sign in, find a mentor or mentor others, chat, check in — against a
/// Beacon server (see the README, "Try it without a phone").
#[derive(Debug, Parser)]
#[command(name = "beacon-tui", version)]
struct Args {
    /// The Beacon server to sync with.
    #[arg(long, env = "BEACON_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
    /// Where this installation keeps its local database and session token (default: the OS data
    /// directory, e.g. ~/.local/share/beacon-tui, else ./beacon-tui-data). Use a different one per
    /// person to run two people on one machine.
    #[arg(long, env = "BEACON_TUI_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Shown in the person's device list (default: "Terminal on" and the host name).
    #[arg(long, env = "BEACON_DEVICE_NAME")]
    device_name: Option<String>,
}

/// The OS's per-user data directory for this app, or `./beacon-tui-data`.
fn default_data_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let base = if cfg!(target_os = "macos") {
        home.map(|h| h.join("Library/Application Support"))
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| home.map(|h| h.join(".local/share")))
    };
    base.map_or_else(
        || PathBuf::from("beacon-tui-data"),
        |b| b.join("beacon-tui"),
    )
}

fn default_device_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty());
    host.map_or_else(|| "Terminal".to_owned(), |h| format!("Terminal on {h}"))
}

/// Creates the data directory readable by this user only (it holds messages and the token).
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let data_dir = args.data_dir.unwrap_or_else(default_data_dir);
    create_private_dir(&data_dir)
        .map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    // The token goes to `session-token` (mode 0600) in the data directory.
    let platform = Arc::new(DesktopPlatform::new(&data_dir));
    let runtime = Runtime::start(
        RuntimeConfig {
            data_dir,
            server_url: args.server,
            device_name: args.device_name.unwrap_or_else(default_device_name),
        },
        platform,
    )?;
    let mut terminal = ratatui::init();
    let result = run(&mut terminal, &runtime);
    ratatui::restore();
    drop(runtime);
    result.map_err(Into::into)
}

/// How often the loop looks for a new view when no key is pressed.
const TICK: Duration = Duration::from_millis(100);

fn run(terminal: &mut DefaultTerminal, runtime: &Runtime) -> std::io::Result<()> {
    let mut app = App::new();
    for event in tui::app::startup_events() {
        runtime.dispatch(event);
    }
    let mut drawn: Option<shared::ViewModel> = None;
    let mut dirty = true;
    while !app.quit {
        let view = runtime.view();
        if dirty || drawn.as_ref() != Some(&view) {
            terminal.draw(|frame| app.draw(frame, &view))?;
            drawn = Some(view);
            dirty = false;
        }
        if event::poll(TICK)? {
            match event::read()? {
                TerminalEvent::Key(key) => {
                    let view = runtime.view();
                    for event in app.handle_key(key, &view) {
                        runtime.dispatch(event);
                    }
                    dirty = true;
                }
                TerminalEvent::Resize(..) => dirty = true,
                _ => {}
            }
        }
    }
    Ok(())
}
