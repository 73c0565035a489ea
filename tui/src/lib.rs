//! Beacon in a terminal: a third shell, beside the iOS and Android apps, over the same core
//! ([`shared::Beacon`]) and effect runtime ([`shared::runtime::Runtime`]).
//!
//! Where to start:
//! - [`app`] — the terminal UI's state and [`app::App::handle_key`], where a key becomes a core
//!   [`shared::Event`]. Tests drive this with key presses against a real runtime.
//! - [`ui`] — drawing a [`shared::ViewModel`] (and the app's input state) with ratatui.
//! - [`forms`] / [`input`] — text fields, and reading typed text into the events' types.
//! - `main.rs` — command-line flags and the terminal loop. The platform is the runtime's
//!   `DesktopPlatform`: the session token in a 0600 file in the data directory.
//!
//! The shell holds no rules: what a person may do, and every check on what they typed, is the
//! core's; refusals come back as the view's `notice`.

pub mod app;
pub mod forms;
pub mod input;
pub mod ui;

pub use app::App;
