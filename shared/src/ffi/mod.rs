//! The boundary the native shells (Swift, Kotlin) cross. Start at [`core`] (feature `uniffi`):
//! the `BeaconCore` object they construct, the `ShellPlatform` callback they implement and the
//! typed errors; then [`codec`], how events and view models travel as bytes.
//!
//! - [`shell_types`] (feature `facet_typegen`) — the one registry of the types shells see,
//!   reflected with facet from [`Event`](crate::Event) and [`ViewModel`](crate::ViewModel). The
//!   generated Swift/Kotlin types (`src/bin/codegen.rs`) and [`codec`] both read it, so the bytes
//!   always match the generated code.
//! - [`codec`] — bincode bytes as the generated types write and read them, converted to and from
//!   the serde (JSON) form of the Rust types. Going through the serde form keeps one source of
//!   truth for names, tags and optional fields (the wire protocol's own serde attributes), which
//!   plain serde-bincode cannot read (internally tagged enums, skipped `None` fields).
//! - [`core`] (feature `uniffi`) — every uniffi attribute of the crate lives there.

pub mod codec;
#[cfg(feature = "uniffi")]
pub mod core;
pub mod shell_types;
