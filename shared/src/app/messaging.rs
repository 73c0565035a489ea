//! Messaging on the device: checking messages, receipts, concerns and reports with the domain's
//! rules before they are queued. Messages travel as sync mutations (see [`super::sync`]) so one
//! typed offline is sent, once and in order, when the connection returns.

use domain::TimestampMs;
use domain::messaging::{can_send, normalize_concern_text, normalize_message_text};
use domain::relationship::{self, Action, Actor};
use domain::wire::v1::MutationBody;

use super::state::PersonalState;

/// Checks a messaging mutation against the person's relationships, returning it normalised or a
/// sentence explaining why it cannot be made.
pub fn check(
    state: &PersonalState,
    body: MutationBody,
    now_ms: TimestampMs,
) -> Result<MutationBody, String> {
    let not_yours = || "That conversation isn't one of yours.".to_owned();
    match body {
        MutationBody::SendMessage {
            relationship_id,
            message_id,
            text,
        } => {
            let view = state.relationship(relationship_id).ok_or_else(not_yours)?;
            if !can_send(view.relationship.state) {
                return Err(if view.relationship.state.is_final() {
                    "This conversation has ended. You can still read it.".to_owned()
                } else {
                    "You can message once the request has been accepted.".to_owned()
                });
            }
            let text = normalize_message_text(&text).map_err(|e| e.to_string())?;
            Ok(MutationBody::SendMessage {
                relationship_id,
                message_id,
                text,
            })
        }
        MutationBody::AcknowledgeMessages {
            relationship_id, ..
        } => {
            state.relationship(relationship_id).ok_or_else(not_yours)?;
            Ok(body)
        }
        MutationBody::RaiseConcern {
            relationship_id,
            concern_id,
            text,
        } => {
            let view = state.relationship(relationship_id).ok_or_else(not_yours)?;
            if view.my_role != Actor::Mentor {
                return Err("Only the mentor can raise a concern about a relationship.".to_owned());
            }
            let text = normalize_concern_text(&text).map_err(|e| e.to_string())?;
            Ok(MutationBody::RaiseConcern {
                relationship_id,
                concern_id,
                text,
            })
        }
        MutationBody::ReportMember {
            relationship_id,
            report_id,
            text,
            block,
        } => {
            let view = state.relationship(relationship_id).ok_or_else(not_yours)?;
            let text = normalize_concern_text(&text).map_err(|e| e.to_string())?;
            if block {
                let action = Action::Block {
                    reason: text.clone(),
                };
                relationship::apply(&view.relationship, view.my_role, &action, now_ms)
                    .map_err(|e| e.to_string())?;
            }
            Ok(MutationBody::ReportMember {
                relationship_id,
                report_id,
                text,
                block,
            })
        }
        other => Ok(other),
    }
}
