//! The effects Beacon's core asks for, and Beacon's own operations.
//!
//! `Render`, `Http` (crux_http) and `Time` (crux_time) are Crux's; [`StoreOperation`],
//! [`SecretOperation`], [`ServerEventsOperation`] and [`NotificationOperation`] are ours. In the
//! Rust runtime only `Render`, `Secret` and `Notifications` reach the native shell; everything
//! else runs in Rust.

mod notifications;
mod secret;
mod server_events;
mod store;

use crux_core::macros::effect;
use crux_core::render::RenderOperation;
use crux_http::protocol::HttpRequest;
use crux_time::TimeRequest;

pub use notifications::{NotificationChannel, NotificationOperation, ScheduledNotification};
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
    /// Replace the phone's scheduled reminder notifications (fire-and-forget).
    Notifications(NotificationOperation),
}
