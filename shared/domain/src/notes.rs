//! Notes: session notes and free notes, written offline on any of the author's devices and merged
//! without ever dropping text.
//!
//! Start at [`NoteText`]: one collaborative text (a yrs CRDT document holding a single `Text`
//! named `body`). Each device edits its own replica; every local edit yields a small binary
//! *update*, and applying updates in any order, any number of times, on any replica converges to
//! the same text, keeping every character inserted anywhere unless it was deleted (the property
//! tests below check this with random concurrent edits on three replicas).
//!
//! - [`NoteText::replace_with`] turns "the editor's whole text now" into the minimal
//!   delete + insert (common prefix and suffix kept), so typing produces tiny updates and
//!   concurrent edits elsewhere in the note survive.
//! - [`NoteText::apply_update`] is the only way foreign bytes enter a note: it refuses malformed,
//!   oversized or over-long updates with a [`NoteError`] and leaves the note unchanged (it never
//!   panics, also on crafted input). The server and the app both use it.
//! - A note has two texts: the private body, and a separate summary the author may share with the
//!   other member of the match ([`NoteMeta::summary_shared`]). Sharing the summary never exposes the
//!   body because they are different documents.
//! - [`replica_client_id`] derives the CRDT client id: it must differ per device and per replica.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, TextRef, Transact, Update};

use crate::TimestampMs;
use crate::account::FieldError;
use crate::sessions::LocalDateTime;

/// Longest private body, in characters (about 25 pages of prose).
pub const MAX_NOTE_CHARS: usize = 50_000;
/// Longest shared summary, in characters.
pub const MAX_SUMMARY_CHARS: usize = 2_000;
/// Largest single update accepted (binary, before base64).
pub const MAX_UPDATE_BYTES: usize = 90 * 1024;

// One `edit_note` carries at most a body and a summary update, base64-encoded (4 bytes per 3):
// both at their largest must still fit one push request on their own.
const _: () = assert!(
    2 * MAX_UPDATE_BYTES.div_ceil(3) * 4 + crate::limits::PUSH_ENVELOPE_BYTES
        <= crate::limits::MAX_PUSH_MUTATION_BYTES
);
/// Largest encoded state of one text (text plus its CRDT bookkeeping).
pub const MAX_STATE_BYTES: usize = 1024 * 1024;
/// The list shows at most this many characters of a note's first line as its title.
pub const TITLE_CHARS: usize = 80;
/// … and this many of what follows as its preview.
pub const PREVIEW_CHARS: usize = 140;
/// The client id a server-side replica uses. It only merges, never edits, so it never authors a
/// block under this id.
pub const SERVER_CLIENT_ID: u64 = 1;

const TEXT_NAME: &str = "body";
/// yrs client ids are 53-bit (Yjs compatible).
const CLIENT_ID_MASK: u64 = (1 << 53) - 1;

/// Why an update or an edit was refused. The note is unchanged whenever one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("the note update could not be read")]
    Malformed,
    #[error("the note update is larger than {max} bytes")]
    UpdateTooLarge { max: usize },
    #[error("the note would be longer than {max} characters")]
    TooLong { max: usize },
    #[error("the note's stored history would be larger than {max} bytes")]
    StateTooLarge { max: usize },
    /// The update builds on edits this replica has not received yet (apply those first).
    #[error("the note update depends on edits that have not arrived yet")]
    MissingHistory,
}

impl NoteError {
    /// As a field error on `field` (for the protocol's validation errors).
    pub fn on_field(&self, field: &'static str) -> FieldError {
        match self {
            NoteError::TooLong { max } => FieldError::TooLong { field, max: *max },
            _ => FieldError::Invalid { field },
        }
    }
}

/// Which text of a note (they have different limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Body,
    Summary,
}

impl Part {
    pub fn max_chars(self) -> usize {
        match self {
            Part::Body => MAX_NOTE_CHARS,
            Part::Summary => MAX_SUMMARY_CHARS,
        }
    }
}

/// What a note is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NoteKind {
    /// A free note (a thought, a plan), optionally about a relationship.
    Free,
    /// Notes on a session series, or on one occurrence of it.
    Session {
        series_id: Uuid,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        occurrence_key: Option<LocalDateTime>,
    },
}

/// Everything about a note except its texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoteMeta {
    /// Chosen by the author's device (UUIDv7).
    pub note_id: Uuid,
    pub author_id: Uuid,
    pub kind: NoteKind,
    /// The match the note is about; needed to share a summary (with its other member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_id: Option<Uuid>,
    pub created_at_ms: TimestampMs,
    pub updated_at_ms: TimestampMs,
    /// Whether the other member of the relationship may read the summary (never the body).
    #[serde(default)]
    pub summary_shared: bool,
}

/// One replica of one collaborative text.
pub struct NoteText {
    doc: Doc,
    text: TextRef,
    part: Part,
}

impl std::fmt::Debug for NoteText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the content: notes are private.
        f.debug_struct("NoteText")
            .field("part", &self.part)
            .field("chars", &self.char_count())
            .finish_non_exhaustive()
    }
}

impl NoteText {
    /// An empty replica whose own edits are authored as `client_id` (see [`replica_client_id`]).
    pub fn new(client_id: u64, part: Part) -> Self {
        let doc = Doc::with_client_id(masked(client_id));
        let text = doc.get_or_insert_text(TEXT_NAME);
        Self { doc, text, part }
    }

    /// A replica restored from an encoded state ([`NoteText::encode_state`]) or any update.
    pub fn from_state(client_id: u64, part: Part, state: &[u8]) -> Result<Self, NoteError> {
        let mut note = Self::new(client_id, part);
        if !state.is_empty() {
            note.apply_checked(state, MAX_STATE_BYTES)?;
        }
        Ok(note)
    }

    pub fn part(&self) -> Part {
        self.part
    }

    /// The client id this replica authors its edits as.
    pub fn client_id(&self) -> u64 {
        self.doc.client_id().get()
    }

    /// The current text.
    pub fn text(&self) -> String {
        self.text.get_string(&self.doc.transact())
    }

    pub fn char_count(&self) -> usize {
        self.text().chars().count()
    }

    /// Makes the text equal to `new` with one minimal edit (the common prefix and suffix stay
    /// untouched, so concurrent edits there survive). Returns the update to send, or `None` when
    /// nothing changed.
    pub fn replace_with(&mut self, new: &str) -> Result<Option<Vec<u8>>, NoteError> {
        let max = self.part.max_chars();
        if new.chars().count() > max {
            return Err(NoteError::TooLong { max });
        }
        let old = self.text();
        let (start, old_end, new_end) = minimal_edit(&old, new);
        if start == old_end && start == new_end {
            return Ok(None);
        }
        let mut txn = self.doc.transact_mut();
        if old_end > start {
            self.text
                .remove_range(&mut txn, offset(start), offset(old_end - start));
        }
        if new_end > start {
            self.text
                .insert(&mut txn, offset(start), &new[start..new_end]);
        }
        Ok(Some(txn.encode_update_v1()))
    }

    /// Inserts `chunk` before the `char_index`-th character (clamped to the end).
    pub fn insert(&mut self, char_index: usize, chunk: &str) -> Vec<u8> {
        let old = self.text();
        let at = byte_index(&old, char_index);
        let mut txn = self.doc.transact_mut();
        self.text.insert(&mut txn, offset(at), chunk);
        txn.encode_update_v1()
    }

    /// Deletes up to `chars` characters from the `char_index`-th one.
    pub fn delete(&mut self, char_index: usize, chars: usize) -> Vec<u8> {
        let old = self.text();
        let from = byte_index(&old, char_index);
        let to = byte_index(&old, char_index.saturating_add(chars));
        let mut txn = self.doc.transact_mut();
        if to > from {
            self.text
                .remove_range(&mut txn, offset(from), offset(to - from));
        }
        txn.encode_update_v1()
    }

    /// The whole state as one update (what a new device needs).
    pub fn encode_state(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    /// What this replica has seen, to ask another replica for the rest ([`NoteText::diff_since`]).
    pub fn state_vector(&self) -> Vec<u8> {
        self.doc.transact().state_vector().encode_v1()
    }

    /// Everything this replica has that a replica at `state_vector` has not.
    pub fn diff_since(&self, state_vector: &[u8]) -> Result<Vec<u8>, NoteError> {
        let sv = guarded(|| StateVector::decode_v1(state_vector).ok())?;
        Ok(self.doc.transact().encode_state_as_update_v1(&sv))
    }

    /// Merges an update from another replica (or the server). Applying one twice, or updates in
    /// any order, is harmless — as long as what it builds on arrived first. Refused — note
    /// unchanged — when the bytes are not a valid update, are larger than [`MAX_UPDATE_BYTES`],
    /// depend on edits not yet applied ([`NoteError::MissingHistory`]: apply those first and retry),
    /// or the result would be longer than this part's limit or its state larger than
    /// [`MAX_STATE_BYTES`].
    pub fn apply_update(&mut self, update: &[u8]) -> Result<(), NoteError> {
        self.apply_checked(update, MAX_UPDATE_BYTES)
    }

    fn apply_checked(&mut self, update: &[u8], max_bytes: usize) -> Result<(), NoteError> {
        if update.len() > max_bytes {
            return Err(NoteError::UpdateTooLarge { max: max_bytes });
        }
        let client_id = self.doc.client_id();
        let current = self.encode_state();
        // Merge into a scratch replica first: a refused update never touches this one, and a
        // panic inside the CRDT library on crafted bytes is contained there.
        let part = self.part;
        let candidate = guarded(move || {
            let doc = Doc::with_client_id(client_id.get());
            let text = doc.get_or_insert_text(TEXT_NAME);
            {
                let mut txn = doc.transact_mut();
                txn.apply_update(Update::decode_v1(&current).ok()?).ok()?;
                txn.apply_update(Update::decode_v1(update).ok()?).ok()?;
            }
            let complete = !doc.transact().has_missing_updates();
            Some((NoteText { doc, text, part }, complete))
        })?;
        let (candidate, complete) = candidate;
        // yrs can park such an update until its predecessors arrive, but a state encoded while
        // something is parked does not always decode to the same text, so a replica here only
        // ever holds complete history; the sync feed delivers edits in causal order anyway.
        if !complete {
            return Err(NoteError::MissingHistory);
        }
        let max = self.part.max_chars();
        if candidate.char_count() > max {
            return Err(NoteError::TooLong { max });
        }
        if candidate.encode_state().len() > MAX_STATE_BYTES {
            return Err(NoteError::StateTooLarge {
                max: MAX_STATE_BYTES,
            });
        }
        *self = candidate;
        Ok(())
    }
}

/// Runs `f`, turning a `None` or a panic (the CRDT library on crafted bytes) into
/// [`NoteError::Malformed`].
fn guarded<T>(f: impl FnOnce() -> Option<T>) -> Result<T, NoteError> {
    catch_unwind(AssertUnwindSafe(f))
        .ok()
        .flatten()
        .ok_or(NoteError::Malformed)
}

/// Merges several updates of one text into one (for coalescing queued edits). Refuses malformed
/// input like [`NoteText::apply_update`].
pub fn merge_updates(updates: &[&[u8]]) -> Result<Vec<u8>, NoteError> {
    if updates.iter().map(|u| u.len()).sum::<usize>() > MAX_STATE_BYTES {
        return Err(NoteError::UpdateTooLarge {
            max: MAX_STATE_BYTES,
        });
    }
    guarded(|| yrs::merge_updates_v1(updates.iter().copied()).ok())
}

/// Checks an update on its own, without a replica: within [`MAX_UPDATE_BYTES`] and decodable.
/// (Whether it fits a note — length, history — is known only when applied.)
pub fn check_update(update: &[u8]) -> Result<(), NoteError> {
    if update.len() > MAX_UPDATE_BYTES {
        return Err(NoteError::UpdateTooLarge {
            max: MAX_UPDATE_BYTES,
        });
    }
    guarded(|| Update::decode_v1(update).ok().map(drop))
}

/// The CRDT client id for one replica: mixes the installation's seed with a per-replica salt
/// (the signed-in device and a counter of replicas made in this run), so two devices — or two
/// replicas on one device — never author blocks under the same id. Never 0 or
/// [`SERVER_CLIENT_ID`]; at most 53 bits.
pub fn replica_client_id(install_seed: u64, salt: u64) -> u64 {
    let id = mix(install_seed ^ mix(salt)) & CLIENT_ID_MASK;
    if id <= SERVER_CLIENT_ID { id + 2 } else { id }
}

/// The list title (first non-blank line) and preview (what follows) of a note's text.
pub fn title_and_preview(text: &str) -> (String, String) {
    let trimmed = text.trim_start();
    let (first, rest) = trimmed.split_once('\n').unwrap_or((trimmed, ""));
    let title: String = first.trim().chars().take(TITLE_CHARS).collect();
    let preview: String = rest
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(PREVIEW_CHARS)
        .collect();
    (title, preview)
}

/// (common prefix end, old edit end, new edit end) as byte offsets on character boundaries.
fn minimal_edit(old: &str, new: &str) -> (usize, usize, usize) {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (prefix, old.len() - suffix, new.len() - suffix)
}

fn byte_index(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(at, _)| at)
}

/// Text lengths are bounded far below `u32::MAX` by [`MAX_STATE_BYTES`].
fn offset(bytes: usize) -> u32 {
    u32::try_from(bytes).unwrap_or(u32::MAX)
}

fn masked(client_id: u64) -> u64 {
    client_id & CLIENT_ID_MASK
}

/// SplitMix64 finaliser.
fn mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests;
