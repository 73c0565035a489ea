//! Beacon's sync server: axum + tokio over one embedded SQLite database.
//!
//! Where to start:
//! - [`app`](fn@app) builds the [`Router`](axum::Router) from an [`AppState`]; [`serve`](fn@serve) runs it with
//!   graceful shutdown. `main.rs` only parses the [`cli`] and dispatches.
//! - [`routes`] holds one module per endpoint group; every handler is listed in [`openapi`].
//! - [`db`] owns SQLite: one writer thread that batches jobs into durable transactions
//!   ([`db::writer`]) and a small read pool ([`db::pool`]). SQL lives in [`db::store`].
//! - [`auth`] hashes passwords, mints device tokens and provides the [`auth::Authenticated`]
//!   extractor. [`error`] turns every failure into the JSON `ApiError` shape.
//! - [`notify`] tells open SSE streams when a person's feed grows; [`expiry`] expires unanswered
//!   mentor requests in the background.
//! - Mentoring (issue 3): pushed mutations and coordinator writes live in
//!   [`db::store::mentoring`]; the online reads are [`routes::matching`] and
//!   [`routes::coordinator`]. [`clock::Clock`] is the injectable clock they use.
//! - Messaging (issue 4): messages, receipts, concerns and reports are pushed mutations applied
//!   in [`db::store::messaging`]; [`push`] wakes closed apps after a message commits;
//!   [`routes::push`] registers devices; the coordinator's queue (and resolving a concern) is
//!   [`routes::coordinator::concerns`].
//!
//! The rules themselves (what a valid email is, how mutations apply, how throttling works) live
//! in the `domain` crate; this crate only enforces them at the edge and stores the results.

pub mod admin;
pub mod app;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod expiry;
pub mod fd_limit;
pub mod json;
pub mod notify;
pub mod openapi;
pub mod push;
pub mod routes;
pub mod serve;
pub mod shutdown;
pub mod state;
pub mod telemetry;

#[cfg(test)]
mod router_tests;

pub use app::app;
pub use config::Config;
pub use serve::serve;
pub use state::AppState;
