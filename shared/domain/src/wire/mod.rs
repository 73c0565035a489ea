//! The HTTP/JSON protocol between the app and the server, versioned.
//!
//! Every path is under `/v{N}`; [`v1`] is the current version. A change that an old client could
//! misread gets a new version module; additive fields with defaults do not. Requests reject
//! unknown fields (`deny_unknown_fields`) so a typo is an error rather than silently ignored.

pub mod v1;

/// The protocol version this build speaks; sent in every sync push.
pub const PROTOCOL_VERSION: u32 = 1;
