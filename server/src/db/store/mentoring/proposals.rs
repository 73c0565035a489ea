//! A mentee's proposals: approved mentors of their program ranked by `domain::mentoring::matching`
//! for their current request, each shown only as the mentor's public profile.

use std::collections::HashSet;

use domain::TimestampMs;
use domain::mentoring::desk::reference_week_start;
use domain::mentoring::matching::{MentorCandidate, rank};
use domain::mentoring::profile::MentorPublicProfile;
use domain::relationship::excluded_mentors;
use domain::wire::v1::{ProposalList, ProposalView};
use rusqlite::Connection;
use uuid::Uuid;

use super::lifecycle::NEEDS_REQUEST;
use super::{candidates, relationships, requests, settings};
use crate::error::AppError;

/// The best `limit` mentors for `mentee_id` (409 when they have not said what they want).
pub fn for_mentee(
    conn: &Connection,
    mentee_id: Uuid,
    program_id: Uuid,
    limit: usize,
    now: TimestampMs,
) -> Result<ProposalList, AppError> {
    let request =
        requests::get(conn, mentee_id)?.ok_or_else(|| AppError::conflict(NEEDS_REQUEST))?;
    let program = settings::get(conn, program_id)?;
    let history = relationships::as_mentee(conn, mentee_id, now)?;
    let excluded: HashSet<Uuid> = excluded_mentors(&history, mentee_id).into_iter().collect();
    let pool = candidates::approved_in_program(conn, program_id, now)?;
    let (mentors, names): (Vec<MentorCandidate>, Vec<String>) = pool
        .into_iter()
        .filter(|c| c.candidate.mentor_id != mentee_id)
        .map(|c| (c.candidate, c.display_name))
        .unzip();
    let ranked = rank(
        &request.request,
        &mentors,
        &excluded,
        &program.weights,
        reference_week_start(now),
        limit,
    );
    let proposals = ranked
        .into_iter()
        .filter_map(|proposal| {
            let index = mentors
                .iter()
                .position(|m| m.mentor_id == proposal.mentor_id)?;
            Some(ProposalView {
                mentor_id: proposal.mentor_id,
                mentor: MentorPublicProfile::from_application(
                    &names[index],
                    &mentors[index].application,
                ),
                score: proposal.score,
                explanation: proposal.explanation,
                factors: proposal.factors,
            })
        })
        .collect();
    Ok(ProposalList { proposals })
}
