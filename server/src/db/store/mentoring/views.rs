//! A relationship as one person sees it ([`RelationshipView`]), and feeding a change to both
//! members — each their own redacted view, at their own feed positions, in the same transaction.

use domain::TimestampMs;
use domain::mentoring::profile::MentorPublicProfile;
use domain::relationship::{Actor, Relationship};
use domain::wire::v1::{ChangeBody, Counterpart, RelationshipView};
use rusqlite::Connection;
use uuid::Uuid;

use super::{applications, requests};
use crate::db::WriteCx;
use crate::db::store::{changes, users};
use crate::error::AppError;

/// Shown in place of a person who is no longer there.
pub const FORMER_MEMBER: &str = "Former member";

/// `relationship` as `viewer` may see it: redacted, with the kind closure message, and the other
/// person as far as the viewer may know them (the mentee sees the mentor's public profile; the
/// mentor sees the mentee's name and request; a coordinator sees the mentee's name only).
pub fn view_for(
    conn: &Connection,
    relationship: &Relationship,
    viewer: Actor,
) -> Result<RelationshipView, AppError> {
    let other = if viewer == Actor::Mentee {
        relationship.mentor_id
    } else {
        relationship.mentee_id
    };
    let display_name =
        users::display_name(conn, other)?.unwrap_or_else(|| FORMER_MEMBER.to_owned());
    let mut counterpart = Counterpart {
        user_id: other,
        display_name,
        mentor_profile: None,
        mentee_request: None,
    };
    match viewer {
        Actor::Mentee => {
            counterpart.mentor_profile = applications::get(conn, other)?.map(|stored| {
                MentorPublicProfile::from_application(
                    &counterpart.display_name,
                    &stored.state.application,
                )
            });
        }
        Actor::Mentor => {
            counterpart.mentee_request = requests::get(conn, other)?.map(|state| state.request);
        }
        Actor::Coordinator | Actor::System => {}
    }
    Ok(RelationshipView {
        relationship: relationship.redacted_for(viewer),
        my_role: viewer,
        counterpart,
        closure_message: relationship.closure_message_for(viewer),
    })
}

/// Appends `relationship_changed` to both members' feeds. `caller` (user, mutation id) marks the
/// member whose mutation caused it: only their entry carries the mutation id, and its position is
/// returned.
pub fn announce(
    cx: &mut WriteCx<'_>,
    relationship: &Relationship,
    caller: Option<(Uuid, Uuid)>,
    now: TimestampMs,
) -> Result<Option<u64>, AppError> {
    let mut caller_position = None;
    for (member, role) in [
        (relationship.mentee_id, Actor::Mentee),
        (relationship.mentor_id, Actor::Mentor),
    ] {
        let view = view_for(cx, relationship, role)?;
        let mutation_id = caller
            .filter(|(user_id, _)| *user_id == member)
            .map(|(_, mutation_id)| mutation_id);
        let body = ChangeBody::RelationshipChanged {
            view: Box::new(view),
        };
        let position = changes::append(cx, member, mutation_id, now, &body)?;
        if mutation_id.is_some() {
            caller_position = Some(position);
        }
    }
    Ok(caller_position)
}
