//! What deleting an account does to mentoring data.
//!
//! Chosen behaviour: every relationship the person was in is **deleted** from the server, and the
//! other member keeps only a neutral ending. Before the row goes, the other member's earlier
//! `relationship_changed` entries for it (which carried the deleted person's name and profile)
//! are removed from their feed, and one final entry is appended: the relationship as it ended
//! ([`ended_by_account_deletion`]: an open one closes with reason `unspecified`), redacted for
//! them, with the deleted person's id replaced by the nil id and their name by
//! [`FORMER_MEMBER`]. The person's application and request go with their `users` row (cascade).

use domain::TimestampMs;
use domain::mentoring::desk::ended_by_account_deletion;
use domain::relationship::Actor;
use domain::wire::v1::{ChangeBody, Counterpart, RelationshipView};
use rusqlite::params;
use uuid::Uuid;

use super::relationships;
use super::views::FORMER_MEMBER;
use crate::db::WriteCx;
use crate::db::store::changes;
use crate::error::AppError;

/// Ends and deletes `user_id`'s relationships, leaving the other members a neutral ending.
pub fn forget(cx: &mut WriteCx<'_>, user_id: Uuid, now: TimestampMs) -> Result<(), AppError> {
    for stored in relationships::of_member(cx, user_id, now)? {
        let relationship = stored.relationship;
        let (deleted, other, other_role) = if relationship.mentee_id == user_id {
            (Actor::Mentee, relationship.mentor_id, Actor::Mentor)
        } else {
            (Actor::Mentor, relationship.mentee_id, Actor::Mentee)
        };
        let ended = ended_by_account_deletion(&relationship, deleted, now);
        let mut seen = ended.redacted_for(other_role);
        if deleted == Actor::Mentee {
            seen.mentee_id = Uuid::nil();
        } else {
            seen.mentor_id = Uuid::nil();
        }
        cx.prepare_cached(
            "DELETE FROM changes
             WHERE user_id = ?1
               AND json_extract(body, '$.type') = 'relationship_changed'
               AND json_extract(body, '$.view.relationship.id') = ?2",
        )?
        .execute(params![other.to_string(), relationship.id.to_string()])?;
        let view = RelationshipView {
            closure_message: ended.closure_message_for(other_role),
            relationship: seen,
            my_role: other_role,
            counterpart: Counterpart {
                user_id: Uuid::nil(),
                display_name: FORMER_MEMBER.to_owned(),
                mentor_profile: None,
                mentee_request: None,
            },
        };
        let body = ChangeBody::RelationshipChanged {
            view: Box::new(view),
        };
        changes::append(cx, other, None, now, &body)?;
        relationships::delete(cx, relationship.id)?;
    }
    Ok(())
}
