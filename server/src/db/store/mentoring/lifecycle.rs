//! Creating relationships (a mentee's request, or a coordinator's confirmed intake) and acting on
//! them (a member through a pushed mutation, or a coordinator). Every change is decided by
//! `domain` (eligibility, `desk::may_request_mentor`, the relationship state machine), stored, and
//! fed to both members. Refusals are returned before anything is written.

use std::collections::HashSet;

use domain::TimestampMs;
use domain::mentoring::desk::{may_request_mentor, reference_week_start};
use domain::mentoring::matching::eligibility;
use domain::relationship::{
    Action, Actor, Agreement, Cadence, Relationship, ResponseWindow, apply, excluded_mentors,
};
use domain::wire::v1::ApiError;
use uuid::Uuid;

use super::relationships::StoredRelationship;
use super::{candidates, expiry, relationships, requests, settings, views};
use crate::db::WriteCx;
use crate::error::AppError;

/// Said when the caller has no current request.
pub const NEEDS_REQUEST: &str = "Tell us what you're looking for first.";

/// A new request from a mentee to a mentor.
#[derive(Debug, Clone, Copy)]
pub struct NewRequest {
    pub relationship_id: Uuid,
    pub program_id: Uuid,
    pub mentee_id: Uuid,
    pub mentor_id: Uuid,
    /// The mentee's mutation, when it came through push.
    pub mutation_id: Option<Uuid>,
}

/// One refusal for every reason a mentor cannot be requested (unknown, another program, a hard
/// filter), so nothing about the mentor is revealed.
fn mentor_unavailable() -> AppError {
    AppError::conflict(
        "This mentor can't be requested right now. Please choose another mentor from your proposals.",
    )
}

/// One refusal for an unknown relationship and for one the caller is not a member of.
pub(crate) fn relationship_not_found() -> AppError {
    AppError::not_found("The relationship")
}

/// Creates a requested relationship after checking every rule; feeds both members and returns
/// the relationship and the mentee's feed position.
pub fn request_mentor(
    cx: &mut WriteCx<'_>,
    new: NewRequest,
    now: TimestampMs,
) -> Result<(Relationship, Option<u64>), AppError> {
    expiry::sweep(cx, now)?;
    let Some(request) = requests::get(cx, new.mentee_id)? else {
        return Err(AppError::conflict(NEEDS_REQUEST));
    };
    let history = relationships::as_mentee(cx, new.mentee_id, now)?;
    if !may_request_mentor(&history, new.mentee_id) {
        return Err(AppError::conflict(
            "You already have an open request or mentoring relationship. One at a time.",
        ));
    }
    if relationships::exists(cx, new.relationship_id)? {
        return Err(AppError::conflict(
            "A relationship with this id already exists.",
        ));
    }
    if new.mentor_id == new.mentee_id {
        return Err(mentor_unavailable());
    }
    let Some(mentor) = candidates::one(cx, new.program_id, new.mentor_id, now)? else {
        return Err(mentor_unavailable());
    };
    let program = settings::get(cx, new.program_id)?;
    let excluded: HashSet<Uuid> = excluded_mentors(&history, new.mentee_id)
        .into_iter()
        .collect();
    eligibility(
        &request.request,
        &mentor.candidate,
        &excluded,
        &program.weights,
        reference_week_start(now),
    )
    .map_err(|_| mentor_unavailable())?;
    let window = ResponseWindow::from_hours(program.response_window_hours).unwrap_or_default();
    let relationship = Relationship::request(
        new.relationship_id,
        new.program_id,
        new.mentee_id,
        new.mentor_id,
        Agreement::standard(1, Cadence::Weekly),
        window,
        now,
    )?;
    relationships::insert(cx, &relationship, now)?;
    let caller = new
        .mutation_id
        .map(|mutation_id| (new.mentee_id, mutation_id));
    let position = views::announce(cx, &relationship, caller, now)?;
    Ok((relationship, position))
}

/// A member's action (through push). Someone who is not a member gets `not_found`, exactly as if
/// the relationship did not exist. Returns the caller's feed position.
pub fn act_as_member(
    cx: &mut WriteCx<'_>,
    user_id: Uuid,
    relationship_id: Uuid,
    action: &Action,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<Option<u64>, AppError> {
    expiry::sweep(cx, now)?;
    let stored =
        relationships::get(cx, relationship_id, now)?.ok_or_else(relationship_not_found)?;
    let actor = if stored.relationship.mentee_id == user_id {
        Actor::Mentee
    } else if stored.relationship.mentor_id == user_id {
        Actor::Mentor
    } else {
        return Err(relationship_not_found());
    };
    let (_, position) = act(
        cx,
        &stored,
        actor,
        action,
        Some((user_id, mutation_id)),
        now,
    )?;
    Ok(position)
}

/// A coordinator's action on a relationship of their program (another program's is not found).
pub fn act_as_coordinator(
    cx: &mut WriteCx<'_>,
    program_id: Uuid,
    relationship_id: Uuid,
    action: &Action,
    now: TimestampMs,
) -> Result<Relationship, AppError> {
    expiry::sweep(cx, now)?;
    let stored = relationships::get(cx, relationship_id, now)?
        .filter(|stored| stored.relationship.program_id == program_id)
        .ok_or_else(relationship_not_found)?;
    let (relationship, _) = act(cx, &stored, Actor::Coordinator, action, None, now)?;
    Ok(relationship)
}

fn act(
    cx: &mut WriteCx<'_>,
    stored: &StoredRelationship,
    actor: Actor,
    action: &Action,
    caller: Option<(Uuid, Uuid)>,
    now: TimestampMs,
) -> Result<(Relationship, Option<u64>), AppError> {
    let transition = apply(&stored.relationship, actor, action, now)
        .map_err(|error| AppError::from(ApiError::from(error)))?;
    let relationship = transition.relationship;
    let member_acted = matches!(actor, Actor::Mentee | Actor::Mentor);
    relationships::update(cx, &relationship, member_acted.then_some(now))?;
    if relationship.state.is_final() && !stored.relationship.state.is_final() {
        crate::db::store::sessions::end_with_match(cx, &relationship, now)?;
        crate::db::store::notes::end_with_match(cx, &relationship, now)?;
    }
    let position = views::announce(cx, &relationship, caller, now)?;
    Ok((relationship, position))
}
