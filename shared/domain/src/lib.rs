//! Beacon's rules and wire protocol, in pure Rust (no I/O, no Crux, no async).
//!
//! Both the app core (`shared`) and the `server` depend on this crate, so a rule written here is
//! enforced identically on the phone and on the server. Where to start:
//! - [`wire`] — the versioned HTTP/JSON protocol (requests, responses, sync mutations and changes).
//! - [`account`] — emails, passwords, display names, roles and session lifetimes.
//! - [`assignment`] — the exact optimiser that pairs an intake's waiting mentees with mentors.
//! - [`program`] — programs and their per-locale crisis resources.
//! - [`mentoring`] — mentor applications, mentee requests, availability and matching.
//! - [`relationship`] — the mentoring relationship lifecycle: request, agreement, pause, close.
//! - [`sessions`] — session series: formats, recurrence across DST, exceptions, held/missed.
//! - [`checkins`] — mentee check-ins (mood 1–5), cadence and overdue detection, the shared trend.
//! - [`reminders`] — the reminder schedule as a pure function: stable ids, quiet hours, discreet text.
//! - [`notes`] — session and free notes as CRDT texts merged across devices without losing text.
//! - [`messaging`] — who may write in a conversation, message limits, delivery and read receipts.
//! - [`crisis`] — on-device crisis-language detection in a mentee's own messages (per locale).
//! - [`sync`] — the client's retry schedule and outbox batching rules.
//! - [`throttle`] — how repeated failed log-ins are slowed down.
//! - [`limits`] — size limits shared by client validation and server enforcement.
// facet's derive (shell types, feature `facet`) generates reflection methods that use `unsafe`.
#![cfg_attr(feature = "facet", allow(clippy::unsafe_derive_deserialize))]

pub mod account;
pub mod assignment;
pub mod checkins;
pub mod crisis;
pub mod limits;
pub mod mentoring;
pub mod messaging;
pub mod notes;
pub mod program;
pub mod relationship;
pub mod reminders;
pub mod sessions;
#[cfg(feature = "facet")]
pub mod shell;
pub mod sync;
pub mod throttle;
pub mod wire;

/// Milliseconds since the Unix epoch (UTC). Used for every instant on the wire.
pub type TimestampMs = i64;
