//! Beacon's shared core: one Crux app that every shell (iOS, Android, terminal, tests) drives.
//!
//! Where to start:
//! - [`app`] — the Crux [`app::Beacon`] app: [`Event`], the model, and `update`, one module per feature
//!   (`account`, `sync`, `mentoring`, `messaging`, `coordinator`, `sessions`, `notes`,
//!   `reminders`), the person's data as the device
//!   knows it in `app::state`, and the HTTP API client in `app::api`.
//! - [`view`] — the [`ViewModel`] every screen renders from.
//! - [`effects`] — the [`Effect`] enum and Beacon's own operations (local store, secure storage,
//!   server events, scheduled notifications).
//! - `runtime` (feature `runtime`, on by default) — the Rust effect runtime: HTTP with reqwest on one
//!   tokio runtime, the local SQLite store (state, outbox and message cache) with rusqlite,
//!   server-sent events, timers. Only `Render`
//!   and platform effects (secure storage, scheduled notifications) reach the native shell, through
//!   [`runtime::Platform`]. [`runtime::Runtime`] is the single entry point shells and tests drive.
//! - `ffi` (features `facet_typegen` / `uniffi`) — the shell types' registry, the byte codec and the
//!   uniffi object (`BeaconCore`) the phone shells load; `src/bin/codegen.rs` generates their
//!   Swift/Kotlin bindings.
// facet's derive (shell types, feature `facet_typegen`) generates reflection methods that use `unsafe`.
#![cfg_attr(feature = "facet_typegen", allow(clippy::unsafe_derive_deserialize))]

pub mod app;
pub mod effects;
#[cfg(feature = "facet_typegen")]
pub mod ffi;
// uniffi's scaffolding must sit at the crate root (its derives name `crate::UniFfiTag`); the
// rest of the FFI is in `ffi::core`.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();
#[cfg(feature = "runtime")]
pub mod runtime;
pub mod view;

pub use app::{Beacon, Event};
pub use effects::Effect;
pub use view::ViewModel;
