//! Messaging rules: who may write in a conversation and when, message text limits, and how
//! delivery/read watermarks advance. A conversation belongs to one relationship (same id) and is
//! readable by its two members only.

use serde::{Deserialize, Serialize};

use crate::account::FieldError;
use crate::relationship::RelationshipState;

/// Longest message, in characters (a clear error past it).
pub const MAX_MESSAGE_CHARS: usize = 4_000;
/// Longest concern or report text, in characters.
pub const MAX_CONCERN_CHARS: usize = 2_000;

/// Whether new messages may be written in a relationship's conversation. Messaging opens when a
/// mentor accepts and becomes read-only once the relationship has ended.
pub fn can_send(state: RelationshipState) -> bool {
    matches!(
        state,
        RelationshipState::Accepted | RelationshipState::Active | RelationshipState::Paused
    )
}

/// Validates message text: not blank, at most [`MAX_MESSAGE_CHARS`], no control characters other
/// than newlines and tabs. Surrounding blank lines are trimmed; the text is otherwise kept as typed.
pub fn normalize_message_text(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim_matches(|c: char| c == '\n' || c == '\r' || c == ' ' || c == '\t');
    if text.is_empty() {
        return Err(FieldError::Missing { field: "text" });
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(FieldError::TooLong {
            field: "text",
            max: MAX_MESSAGE_CHARS,
        });
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(FieldError::BadCharacters { field: "text" });
    }
    Ok(text.to_owned())
}

/// Validates the free text of a concern or a report (for the coordinator only).
pub fn normalize_concern_text(raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldError::Missing { field: "text" });
    }
    if text.chars().count() > MAX_CONCERN_CHARS {
        return Err(FieldError::TooLong {
            field: "text",
            max: MAX_CONCERN_CHARS,
        });
    }
    Ok(text.to_owned())
}

/// How far a member has received and read a conversation, as message sequence numbers
/// (each conversation numbers its messages 1, 2, 3 … in the order the server accepted them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Watermarks {
    pub delivered_up_to: u64,
    pub read_up_to: u64,
}

impl Watermarks {
    /// Advances the watermarks (they never go back; reading implies delivery). Returns whether
    /// anything changed.
    pub fn advance(&mut self, delivered_up_to: u64, read_up_to: u64) -> bool {
        let delivered = self.delivered_up_to.max(delivered_up_to).max(read_up_to);
        let read = self.read_up_to.max(read_up_to);
        let changed = delivered != self.delivered_up_to || read != self.read_up_to;
        self.delivered_up_to = delivered;
        self.read_up_to = read;
        changed
    }
}

/// What the sender sees for one of their messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Queued on the sender's device.
    Pending,
    /// Acknowledged by the server.
    Sent,
    /// Reached the other person's device.
    Delivered,
    /// The other person opened the conversation (only if they share read receipts).
    Read,
}

/// The state of the sender's message number `seq` (None while not yet acknowledged), given the
/// other member's watermarks.
pub fn delivery_state(seq: Option<u64>, other: Watermarks) -> DeliveryState {
    match seq {
        None => DeliveryState::Pending,
        Some(seq) if seq <= other.read_up_to => DeliveryState::Read,
        Some(seq) if seq <= other.delivered_up_to => DeliveryState::Delivered,
        Some(_) => DeliveryState::Sent,
    }
}

/// Unread messages: those from the other member after the reader's read watermark.
pub fn unread_count(other_member_seqs: impl IntoIterator<Item = u64>, mine: Watermarks) -> usize {
    other_member_seqs
        .into_iter()
        .filter(|seq| *seq > mine.read_up_to)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messaging_opens_on_acceptance_and_closes_with_the_relationship() {
        for state in RelationshipState::ALL {
            let expected = matches!(
                state,
                RelationshipState::Accepted | RelationshipState::Active | RelationshipState::Paused
            );
            assert_eq!(can_send(state), expected, "{state:?}");
        }
    }

    #[test]
    fn message_text_is_checked() {
        assert_eq!(
            normalize_message_text("\n hello there \n").unwrap(),
            "hello there"
        );
        assert_eq!(
            normalize_message_text("line one\nline two").unwrap(),
            "line one\nline two"
        );
        assert!(matches!(
            normalize_message_text(" \n "),
            Err(FieldError::Missing { .. })
        ));
        assert!(matches!(
            normalize_message_text(&"é".repeat(MAX_MESSAGE_CHARS + 1)),
            Err(FieldError::TooLong { .. })
        ));
        assert!(normalize_message_text(&"é".repeat(MAX_MESSAGE_CHARS)).is_ok());
        assert!(matches!(
            normalize_message_text("bell\u{7}"),
            Err(FieldError::BadCharacters { .. })
        ));
    }

    #[test]
    fn watermarks_only_move_forward_and_reading_implies_delivery() {
        let mut marks = Watermarks::default();
        assert!(marks.advance(3, 0));
        assert!(marks.advance(0, 5));
        assert_eq!(
            marks,
            Watermarks {
                delivered_up_to: 5,
                read_up_to: 5
            }
        );
        assert!(!marks.advance(2, 1), "older receipts change nothing");
    }

    #[test]
    fn delivery_states_follow_the_other_members_watermarks() {
        let other = Watermarks {
            delivered_up_to: 7,
            read_up_to: 4,
        };
        assert_eq!(delivery_state(None, other), DeliveryState::Pending);
        assert_eq!(delivery_state(Some(9), other), DeliveryState::Sent);
        assert_eq!(delivery_state(Some(7), other), DeliveryState::Delivered);
        assert_eq!(delivery_state(Some(4), other), DeliveryState::Read);
        assert_eq!(
            unread_count(
                [3, 5, 6],
                Watermarks {
                    delivered_up_to: 6,
                    read_up_to: 4
                }
            ),
            2
        );
    }
}
