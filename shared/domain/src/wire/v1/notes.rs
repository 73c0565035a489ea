//! Protocol v1 for notes ([`crate::notes`]). Texts travel as yrs v1 updates in standard base64.
//!
//! Mutations (pushed by the author's devices): `edit_note` (creates the note on first use; carries
//! the update of the body and/or of the summary since the device's last push), `set_note_summary_shared`,
//! `delete_note`.
//!
//! Changes: the author's feed gets `note_changed` (meta plus the same updates, so their other
//! devices merge them; from position 0 the feed restores every note on a new device) and
//! `note_deleted`. The other member of the note's relationship gets `shared_summary_changed`
//! *only while the summary is shared* (the whole summary when sharing turns on) and
//! `shared_summary_withdrawn` when it is unshared or the note deleted. Nobody ever gets another
//! person's body.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::TimestampMs;
use crate::notes::{NoteError, NoteMeta};

/// Base64 of a yrs v1 update.
pub fn encode_update(update: &[u8]) -> String {
    STANDARD.encode(update)
}

/// The bytes of a base64 yrs v1 update (not yet checked as an update: see
/// [`crate::notes::NoteText::apply_update`]). Too long or not base64 is [`NoteError`].
pub fn decode_update(text: &str) -> Result<Vec<u8>, NoteError> {
    // base64 is 4/3 the size: refuse before decoding anything huge.
    let max = crate::notes::MAX_UPDATE_BYTES;
    if text.len() > max.div_ceil(3) * 4 {
        return Err(NoteError::UpdateTooLarge { max });
    }
    STANDARD.decode(text).map_err(|_| NoteError::Malformed)
}

/// A summary the author shares with the other member of their relationship, as that member sees
/// it (never the body, never the author's private meta).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedSummaryView {
    pub note_id: Uuid,
    pub relationship_id: Uuid,
    pub author_id: Uuid,
    /// What the note is about, so the reader can place it (e.g. which session).
    pub kind: crate::notes::NoteKind,
    pub updated_at_ms: TimestampMs,
    /// A yrs v1 update of the summary text (base64): the whole summary when sharing turns on,
    /// then each edit.
    pub summary_update: String,
}

/// One of the person's notes in their account export: plain text, readable without Beacon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteExport {
    pub meta: NoteMeta,
    pub body: String,
    pub summary: String,
}
