//! The effects Beacon's core asks for, and Beacon's own operations.
//!
//! `Render`, `Http` (crux_http) and `Time` (crux_time) are Crux's; [`StoreOperation`],
//! [`SecretOperation`] and [`ServerEventsOperation`] are ours. In the Rust runtime only `Render` and
//! `Secret` reach the native shell; everything else runs in Rust.

mod secret;
mod server_events;
mod store;

use crux_core::macros::effect;
use crux_core::render::RenderOperation;
use crux_http::protocol::HttpRequest;
use crux_time::TimeRequest;

pub use secret::{SecretOperation, SecretResult};
pub use server_events::{ServerEvent, ServerEventsOperation};
pub use store::{
    ConversationPage, ConversationSummary, LocalSnapshot, OutboxEntry, StoreOperation, StoreResult,
    StoredSession,
};

#[effect]
pub enum Effect {
    Render(RenderOperation),
    Http(HttpRequest),
    Time(TimeRequest),
    Store(StoreOperation),
    Secret(SecretOperation),
    ServerEvents(ServerEventsOperation),
}
