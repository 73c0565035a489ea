//! Protocol v1 for messaging: one conversation per relationship (same id), messages and receipts
//! as sync mutations, concerns and reports for coordinators, and push registrations.
//!
//! Messages travel in each member's change feed ([`super::ChangeBody::MessageAdded`]), so a
//! device that was offline receives them, in order and once, on its next pull; an online device
//! hears the SSE hint and pulls at once. Push notifications (for closed apps) carry no content:
//! only "new message" and the conversation id ([`PushPayload`]).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::messaging::Watermarks;

/// A message as both members see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// The relationship (= conversation) it belongs to.
    pub relationship_id: Uuid,
    /// Chosen by the sender's device (UUIDv7): retries never duplicate it.
    pub message_id: Uuid,
    /// Order within the conversation, assigned by the server: 1, 2, 3 …
    pub seq: u64,
    pub sender_id: Uuid,
    pub text: String,
    /// When the server accepted it.
    pub sent_at_ms: TimestampMs,
}

/// The other member's receipts for a conversation (read receipts only if they share them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptUpdate {
    pub relationship_id: Uuid,
    pub user_id: Uuid,
    pub watermarks: Watermarks,
}

/// What a push provider delivers to a device whose app is closed. Never any content, names or
/// sender: only that something arrived and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PushPayload {
    NewMessage { conversation_id: Uuid },
}

/// How a device can be woken when the app is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PushProviderKind {
    /// UnifiedPush: an HTTP endpoint chosen by the device's distributor.
    UnifiedPush,
    /// Apple Push Notification service (provider to follow).
    Apns,
    /// Firebase Cloud Messaging (provider to follow).
    Fcm,
}

/// `PUT /v1/push/registration`: register (or replace) this device's push endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRegistration {
    pub provider: PushProviderKind,
    /// For UnifiedPush: the `https://` (or loopback `http://`) endpoint URL; for APNs/FCM: the
    /// device token.
    pub endpoint: String,
}

/// A mentor's concern about a relationship, for the coordinator: the mentor's own words and the
/// relationship id, never the messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernItem {
    pub concern_id: Uuid,
    pub relationship_id: Uuid,
    pub mentor_id: Uuid,
    pub mentor_display_name: String,
    pub mentee_id: Uuid,
    pub mentee_display_name: String,
    pub text: String,
    pub raised_at_ms: TimestampMs,
    /// When a coordinator marked it resolved; absent while it is open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at_ms: Option<TimestampMs>,
    /// The resolving coordinator's note, for coordinators only (never in the mentor's export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_note: Option<String>,
}

/// `POST /v1/coordinator/concerns/{concern_id}/resolve`: a coordinator marks a concern handled,
/// optionally with a note that only coordinators read (at most
/// [`MAX_CONCERN_CHARS`](crate::messaging::MAX_CONCERN_CHARS) characters; blank means none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResolveConcernRequest {
    #[serde(default)]
    pub note: Option<String>,
}

/// One member reported the other (and may have blocked them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportItem {
    pub report_id: Uuid,
    pub relationship_id: Uuid,
    pub reporter_id: Uuid,
    pub reporter_display_name: String,
    pub reported_id: Uuid,
    pub reported_display_name: String,
    pub text: String,
    pub blocked: bool,
    pub reported_at_ms: TimestampMs,
}

/// `GET /v1/coordinator/concerns`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernQueue {
    pub concerns: Vec<ConcernItem>,
    pub reports: Vec<ReportItem>,
}
