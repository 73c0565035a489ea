//! Messaging rules: who may write in a conversation and when, message text limits, and how
//! delivery/read watermarks advance. A conversation belongs to one relationship (same id) and is
//! readable by its two members only.

use serde::{Deserialize, Serialize};

use crate::account::FieldError;
use crate::relationship::{Actor, MAX_REASON_CHARS, RelationshipState};
use crate::wire::v1::PushProviderKind;

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

/// Validates a coordinator's optional note on resolving a concern (read by coordinators only,
/// never by the mentor who raised it). Blank means no note; the same length limit as a concern.
pub fn normalize_resolution_note(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(text) = raw.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_CONCERN_CHARS {
        return Err(FieldError::TooLong {
            field: "note",
            max: MAX_CONCERN_CHARS,
        });
    }
    Ok(Some(text.to_owned()))
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
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
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

/// Longest push endpoint (URL or device token), in characters.
pub const MAX_PUSH_ENDPOINT_CHARS: usize = 2_048;

/// Validates a device's push endpoint. A UnifiedPush endpoint is a URL the server will POST to,
/// so it must be `https://host…`, or plain `http://` to a loopback host only (`127.0.0.1`,
/// `[::1]`, `localhost`; for tests and local distributors). No credentials in the URL (an `@`
/// in the authority would hide the real host). APNs/FCM endpoints are opaque device tokens.
pub fn validate_push_endpoint(provider: PushProviderKind, raw: &str) -> Result<String, FieldError> {
    const FIELD: &str = "endpoint";
    let endpoint = raw.trim();
    if endpoint.is_empty() {
        return Err(FieldError::Missing { field: FIELD });
    }
    if endpoint.chars().count() > MAX_PUSH_ENDPOINT_CHARS {
        return Err(FieldError::TooLong {
            field: FIELD,
            max: MAX_PUSH_ENDPOINT_CHARS,
        });
    }
    if endpoint
        .chars()
        .any(|c| c.is_control() || c.is_whitespace())
    {
        return Err(FieldError::BadCharacters { field: FIELD });
    }
    if provider == PushProviderKind::UnifiedPush && !push_url_allowed(endpoint) {
        return Err(FieldError::Invalid { field: FIELD });
    }
    Ok(endpoint.to_owned())
}

/// `https://` with a host, or `http://` to a loopback host.
fn push_url_allowed(url: &str) -> bool {
    let (secure, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return false;
    }
    let (host, port) = split_host_port(authority);
    if host.is_empty()
        || !port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    secure
        || matches!(
            host.to_ascii_lowercase().as_str(),
            "127.0.0.1" | "[::1]" | "localhost"
        )
}

/// `host[:port]`, where an IPv6 host is bracketed.
fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => {
                let (host, rest) = authority.split_at(end + 1);
                match rest.strip_prefix(':') {
                    Some(port) => (host, Some(port)),
                    None if rest.is_empty() => (host, None),
                    // Anything else after the bracket is not a port.
                    None => ("", None),
                }
            }
            None => ("", None),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

impl Watermarks {
    /// The same watermarks, never past the conversation's last message.
    #[must_use]
    pub fn clamped(self, last_seq: u64) -> Watermarks {
        Watermarks {
            delivered_up_to: self.delivered_up_to.min(last_seq),
            read_up_to: self.read_up_to.min(last_seq),
        }
    }

    /// What the other member may see of these watermarks: delivery always; reading only if this
    /// member shares read receipts — otherwise the read watermark stays where it was last shared
    /// (`previously_shared`), so switching receipts off hides reading from then on.
    #[must_use]
    pub fn shared(self, previously_shared: Watermarks, shares_read_receipts: bool) -> Watermarks {
        Watermarks {
            delivered_up_to: self.delivered_up_to,
            read_up_to: if shares_read_receipts {
                self.read_up_to
            } else {
                previously_shared.read_up_to.min(self.read_up_to)
            },
        }
    }
}

/// Only a relationship's mentor may raise a concern about it with the coordinator.
pub fn may_raise_concern(actor: Actor) -> bool {
    actor == Actor::Mentor
}

/// The reason recorded on the relationship when a report also blocks: the report's text, cut to
/// what a block reason may hold (the full text stays with the report).
pub fn block_reason_from_report(text: &str) -> String {
    text.trim().chars().take(MAX_REASON_CHARS).collect()
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
    #[test]
    fn push_endpoints_must_be_https_or_loopback_http() {
        let up = PushProviderKind::UnifiedPush;
        for ok in [
            "https://push.example.org/up/abc?x=1",
            "https://push.example.org:8443/up",
            "http://127.0.0.1:4000/up/a",
            "http://localhost/up",
            "http://[::1]:9/x",
            "  https://ntfy.sh/upAbC  ",
        ] {
            assert!(validate_push_endpoint(up, ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://push.example.org/up",
            "http://127.0.0.1.evil.example/up",
            "http://localhost@evil.example/up",
            "http://localhost:80@evil.example/",
            "https://user@push.example.org/",
            "http://[::1]evil/",
            "http://127.0.0.1:port/",
            "ftp://127.0.0.1/",
            "https:///nohost",
            "https://",
            "push.example.org",
        ] {
            assert_eq!(
                validate_push_endpoint(up, bad),
                Err(FieldError::Invalid { field: "endpoint" }),
                "{bad}"
            );
        }
        assert!(matches!(
            validate_push_endpoint(up, &format!("https://a.example/{}", "x".repeat(2_048))),
            Err(FieldError::TooLong { .. })
        ));
        assert!(matches!(
            validate_push_endpoint(up, "https://a.example/x y"),
            Err(FieldError::BadCharacters { .. })
        ));
        assert!(matches!(
            validate_push_endpoint(PushProviderKind::Fcm, " "),
            Err(FieldError::Missing { .. })
        ));
        assert_eq!(
            validate_push_endpoint(PushProviderKind::Apns, "a1b2c3").unwrap(),
            "a1b2c3"
        );
    }

    #[test]
    fn the_other_member_sees_reading_only_when_it_is_shared() {
        let mine = Watermarks {
            delivered_up_to: 9,
            read_up_to: 7,
        };
        let before = Watermarks {
            delivered_up_to: 5,
            read_up_to: 3,
        };
        assert_eq!(mine.shared(before, true), mine);
        assert_eq!(
            mine.shared(before, false),
            Watermarks {
                delivered_up_to: 9,
                read_up_to: 3
            }
        );
        assert_eq!(
            mine.clamped(8),
            Watermarks {
                delivered_up_to: 8,
                read_up_to: 7
            }
        );
    }

    #[test]
    fn only_mentors_raise_concerns_and_block_reasons_fit() {
        assert!(may_raise_concern(Actor::Mentor));
        for actor in [Actor::Mentee, Actor::Coordinator, Actor::System] {
            assert!(!may_raise_concern(actor));
        }
        let long = "é".repeat(MAX_CONCERN_CHARS);
        assert_eq!(
            block_reason_from_report(&long).chars().count(),
            MAX_REASON_CHARS
        );
        assert_eq!(block_reason_from_report(" rude \n"), "rude");
    }

    #[test]
    fn resolution_notes_are_optional_trimmed_and_bounded() {
        assert_eq!(normalize_resolution_note(None), Ok(None));
        assert_eq!(normalize_resolution_note(Some(" \n ")), Ok(None));
        assert_eq!(
            normalize_resolution_note(Some(" Called the mentor. ")),
            Ok(Some("Called the mentor.".to_owned()))
        );
        let longest = "é".repeat(MAX_CONCERN_CHARS);
        assert_eq!(
            normalize_resolution_note(Some(&longest)),
            Ok(Some(longest.clone()))
        );
        assert_eq!(
            normalize_resolution_note(Some(&format!("{longest}x"))),
            Err(FieldError::TooLong {
                field: "note",
                max: MAX_CONCERN_CHARS
            })
        );
    }
}
