//! The pushed messaging mutations. Each checks everything before it writes (a refusal writes
//! nothing) and returns the caller's feed position.
//!
//! Someone who is not a member of the relationship gets the same `not_found` as for an unknown
//! id, so the existence of a conversation is never revealed.

use domain::TimestampMs;
use domain::messaging::{
    Watermarks, block_reason_from_report, can_send, may_raise_concern, normalize_concern_text,
    normalize_message_text,
};
use domain::relationship::{Action, Actor, RelationshipState};
use domain::wire::v1::{ChangeBody, ReceiptUpdate};
use uuid::Uuid;

use super::concerns::{self, NewConcern, NewReport};
use super::receipts::StoredReceipts;
use super::{messages, receipts};
use crate::db::WriteCx;
use crate::db::store::changes;
use crate::db::store::mentoring::lifecycle::{self, relationship_not_found};
use crate::db::store::mentoring::mutations::Caller;
use crate::db::store::mentoring::relationships::{self, StoredRelationship};
use crate::error::AppError;

/// The relationship, the caller's role in it and the other member; `not_found` for anyone else.
struct Membership {
    stored: StoredRelationship,
    actor: Actor,
    other: Uuid,
}

fn membership(
    cx: &WriteCx<'_>,
    user_id: Uuid,
    relationship_id: Uuid,
    now: TimestampMs,
) -> Result<Membership, AppError> {
    let stored =
        relationships::get(cx, relationship_id, now)?.ok_or_else(relationship_not_found)?;
    let relationship = &stored.relationship;
    let (actor, other) = if relationship.mentee_id == user_id {
        (Actor::Mentee, relationship.mentor_id)
    } else if relationship.mentor_id == user_id {
        (Actor::Mentor, relationship.mentee_id)
    } else {
        return Err(relationship_not_found());
    };
    Ok(Membership {
        stored,
        actor,
        other,
    })
}

/// `send_message`: numbers the message and appends `message_added` to both members' feeds (the
/// sender's entry carries the mutation id). A message id already used in the conversation under
/// another mutation is a conflict.
pub fn send(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    relationship_id: Uuid,
    message_id: Uuid,
    text: &str,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let member = membership(cx, caller.user_id, relationship_id, now)?;
    let state = member.stored.relationship.state;
    if !can_send(state) {
        return Err(AppError::conflict(
            if state == RelationshipState::Requested {
                "The mentor has not accepted yet; messages open once they do."
            } else {
                "This conversation has ended. It can still be read, but no new messages can be sent."
            },
        ));
    }
    let text = normalize_message_text(text)?;
    if messages::exists(cx, relationship_id, message_id)? {
        return Err(AppError::conflict(
            "A message with this id was already sent in this conversation.",
        ));
    }
    let message = messages::append(cx, relationship_id, message_id, caller.user_id, text, now)?;
    relationships::touch_contact(cx, relationship_id, now)?;
    let body = ChangeBody::MessageAdded {
        message: Box::new(message),
    };
    changes::append(cx, member.other, None, now, &body)?;
    changes::append(cx, caller.user_id, Some(mutation_id), now, &body)
}

/// `acknowledge_messages`: moves the caller's watermarks forward (never past the last message).
/// If they moved, the caller's own feed hears all of it (their other devices) and the other
/// member hears what the caller shares — delivery always, reading only with read receipts on.
/// Nothing is appended for the other member when nothing they may see changed.
pub fn acknowledge(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    relationship_id: Uuid,
    acknowledged: Watermarks,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let member = membership(cx, caller.user_id, relationship_id, now)?;
    let acknowledged = acknowledged.clamped(messages::last_seq(cx, relationship_id)?);
    let before = receipts::get(cx, relationship_id, caller.user_id)?;
    let mut own = before.own;
    if !own.advance(acknowledged.delivered_up_to, acknowledged.read_up_to) {
        return changes::latest_position(cx, caller.user_id);
    }
    let shared = own.shared(before.shared, caller.shares_read_receipts);
    receipts::save(
        cx,
        relationship_id,
        caller.user_id,
        StoredReceipts { own, shared },
    )?;
    if shared != before.shared {
        let body = receipts_changed(relationship_id, caller.user_id, shared);
        changes::append(cx, member.other, None, now, &body)?;
    }
    let body = receipts_changed(relationship_id, caller.user_id, own);
    changes::append(cx, caller.user_id, Some(mutation_id), now, &body)
}

fn receipts_changed(relationship_id: Uuid, user_id: Uuid, watermarks: Watermarks) -> ChangeBody {
    ChangeBody::ReceiptsChanged {
        receipts: ReceiptUpdate {
            relationship_id,
            user_id,
            watermarks,
        },
    }
}

/// `raise_concern`: the relationship's mentor tells the coordinators, in their own words. Nothing
/// reaches the mentee's feed.
pub fn raise_concern(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    relationship_id: Uuid,
    concern_id: Uuid,
    text: &str,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let member = membership(cx, caller.user_id, relationship_id, now)?;
    if !may_raise_concern(member.actor) {
        return Err(AppError::forbidden(
            "Only the mentor can raise a concern about this relationship.",
        ));
    }
    let text = normalize_concern_text(text)?;
    if concerns::concern_exists(cx, concern_id)? {
        return Err(AppError::conflict("A concern with this id already exists."));
    }
    let relationship = &member.stored.relationship;
    let concern = NewConcern {
        concern_id,
        program_id: relationship.program_id,
        relationship_id,
        mentor_id: caller.user_id,
        mentee_id: member.other,
        text,
    };
    concerns::insert_concern(cx, &concern, now)?;
    changes::latest_position(cx, caller.user_id)
}

/// `report_member`: either member reports the other to the coordinators; with `block` the caller
/// also blocks them through the relationship state machine (closing it, fed to both members).
#[allow(clippy::too_many_arguments)]
pub fn report(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    relationship_id: Uuid,
    report_id: Uuid,
    text: &str,
    block: bool,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let member = membership(cx, caller.user_id, relationship_id, now)?;
    let text = normalize_concern_text(text)?;
    if concerns::report_exists(cx, report_id)? {
        return Err(AppError::conflict("A report with this id already exists."));
    }
    let position = if block {
        let action = Action::Block {
            reason: block_reason_from_report(&text),
        };
        lifecycle::act_as_member(
            cx,
            caller.user_id,
            relationship_id,
            &action,
            mutation_id,
            now,
        )?
    } else {
        None
    };
    let report = NewReport {
        report_id,
        program_id: member.stored.relationship.program_id,
        relationship_id,
        reporter_id: caller.user_id,
        reported_id: member.other,
        text,
        blocked: block,
    };
    concerns::insert_report(cx, &report, now)?;
    match position {
        Some(position) => Ok(position),
        None => changes::latest_position(cx, caller.user_id),
    }
}
