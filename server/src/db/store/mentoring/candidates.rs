//! Mentors of a program as matching sees them ([`MentorCandidate`]): their application, approval,
//! pause and current load (relationships taking a place, as of now).

use domain::TimestampMs;
use domain::mentoring::desk::mentor_load;
use domain::mentoring::matching::MentorCandidate;
use domain::relationship::Relationship;
use domain::wire::v1::ApplicationStatus;
use rusqlite::Connection;
use uuid::Uuid;

use super::applications::{self, StoredApplication};
use super::relationships;
use crate::error::AppError;

/// A candidate and the name they go by.
pub struct Candidate {
    pub candidate: MentorCandidate,
    pub display_name: String,
}

fn candidate(stored: StoredApplication, load: &[Relationship]) -> Candidate {
    Candidate {
        candidate: MentorCandidate {
            mentor_id: stored.user_id,
            approved: stored.state.status == ApplicationStatus::Approved,
            paused: stored.state.paused,
            active_mentees: mentor_load(load, stored.user_id),
            application: stored.state.application,
        },
        display_name: stored.display_name,
    }
}

/// Every approved mentor of the program, in a stable order.
pub fn approved_in_program(
    conn: &Connection,
    program_id: Uuid,
    now: TimestampMs,
) -> Result<Vec<Candidate>, AppError> {
    let load: Vec<Relationship> = relationships::in_program(conn, program_id, now)?
        .into_iter()
        .map(|stored| stored.relationship)
        .collect();
    let mut all: Vec<Candidate> = applications::approved_in_program(conn, program_id)?
        .into_iter()
        .map(|stored| candidate(stored, &load))
        .collect();
    all.sort_by_key(|c| c.candidate.mentor_id);
    Ok(all)
}

/// The person `mentor_id` as a candidate in `program_id` (`None` when they have no application in
/// that program).
pub fn one(
    conn: &Connection,
    program_id: Uuid,
    mentor_id: Uuid,
    now: TimestampMs,
) -> Result<Option<Candidate>, AppError> {
    let Some(stored) = applications::get(conn, mentor_id)? else {
        return Ok(None);
    };
    if stored.program_id != program_id {
        return Ok(None);
    }
    let load: Vec<Relationship> = relationships::of_member(conn, mentor_id, now)?
        .into_iter()
        .map(|stored| stored.relationship)
        .collect();
    Ok(Some(candidate(stored, &load)))
}
