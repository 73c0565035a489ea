//! Protocol v1 for check-ins: a mentee records one with the `record_check_in` mutation; it
//! reaches their own feed always, and the feed of the mentor of their active relationship only
//! when they chose to share it ([`super::ChangeBody::CheckInRecorded`]). Nobody else ever sees it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::checkins::{CheckIn, Mood};

/// A check-in as its mentee (or, when shared, their mentor) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckInView {
    /// Chosen by the mentee's device (UUIDv7): retries never duplicate it.
    pub check_in_id: Uuid,
    pub mentee_id: Uuid,
    /// The mentee's active relationship when it was recorded, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_id: Option<Uuid>,
    pub mood: Mood,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub shared_with_mentor: bool,
    /// When the server recorded it.
    pub recorded_at_ms: TimestampMs,
}

impl CheckInView {
    /// The domain check-in (for cadence and trends).
    pub fn to_check_in(&self) -> CheckIn {
        CheckIn {
            id: self.check_in_id,
            mentee_id: self.mentee_id,
            at: self.recorded_at_ms,
            mood: self.mood,
            note: self.note.clone(),
            shared_with_mentor: self.shared_with_mentor,
        }
    }
}
