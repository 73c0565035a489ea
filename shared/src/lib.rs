//! Beacon's shared core: one Crux app that every shell (iOS, Android, terminal, tests) drives.
//!
//! Where to start:
//! - [`app`] — the Crux [`app::Beacon`] app: [`Event`], the model, and `update`, one module per feature
//!   (`account`, `sync`, `mentoring`, `messaging`, `coordinator`), the person's data as the device
//!   knows it in `app::state`, and the HTTP API client in `app::api`.
//! - [`view`] — the [`ViewModel`] every screen renders from.
//! - [`effects`] — the [`Effect`] enum and Beacon's own operations (local store, secure storage,
//!   server events).
//! - `runtime` (feature `runtime`, on by default) — the Rust effect runtime: HTTP with reqwest on one
//!   tokio runtime, the local SQLite store (state, outbox and message cache) with rusqlite,
//!   server-sent events, timers. Only `Render`
//!   and platform effects (secure storage) reach the native shell, through
//!   [`runtime::Platform`]. [`runtime::Runtime`] is the single entry point shells and tests drive.

pub mod app;
pub mod effects;
#[cfg(feature = "runtime")]
pub mod runtime;
pub mod view;

pub use app::{Beacon, Event};
pub use effects::Effect;
pub use view::ViewModel;
