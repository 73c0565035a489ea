//! A coordinator's batch intake: every waiting mentee of the program against every approved,
//! unpaused mentor with room, assigned exactly by [`domain::assignment::assign`]; then confirming
//! the kept pairs as requests, all or nothing.

use std::collections::HashSet;

use domain::TimestampMs;
use domain::assignment::assign;
use domain::mentoring::desk::{may_request_mentor, reference_week_start};
use domain::mentoring::matching::{
    MentorCandidate, WaitingMentee, evaluate, explain, remaining_capacities, score_matrix,
};
use domain::relationship::{Relationship, excluded_mentors};
use domain::wire::v1::{IntakeConfirmed, IntakePair, IntakeProposal, PairChoice};
use rusqlite::Connection;
use uuid::Uuid;

use super::lifecycle::{self, NewRequest};
use super::{candidates, relationships, requests, settings};
use crate::db::WriteCx;
use crate::db::store::users;
use crate::error::AppError;

/// The best assignment of the program's waiting mentees, for the coordinator to review.
pub fn propose(
    conn: &Connection,
    program_id: Uuid,
    now: TimestampMs,
) -> Result<IntakeProposal, AppError> {
    let program = settings::get(conn, program_id)?;
    let week = reference_week_start(now);
    let history: Vec<Relationship> = relationships::in_program(conn, program_id, now)?
        .into_iter()
        .map(|stored| stored.relationship)
        .collect();
    let waiting: Vec<(WaitingMentee, String)> = requests::in_program(conn, program_id)?
        .into_iter()
        .filter(|r| may_request_mentor(&history, r.user_id))
        .map(|r| {
            // Nobody mentors themselves.
            let mut excluded: HashSet<Uuid> =
                excluded_mentors(&history, r.user_id).into_iter().collect();
            excluded.insert(r.user_id);
            let mentee = WaitingMentee {
                mentee_id: r.user_id,
                request: r.state.request,
                excluded,
            };
            (mentee, r.display_name)
        })
        .collect();
    let (mentors, mentor_names): (Vec<MentorCandidate>, Vec<String>) =
        candidates::approved_in_program(conn, program_id, now)?
            .into_iter()
            .filter(|c| c.candidate.remaining_capacity() > 0)
            .map(|c| (c.candidate, c.display_name))
            .unzip();
    let mentees: Vec<WaitingMentee> = waiting.iter().map(|(m, _)| m.clone()).collect();
    let scores = score_matrix(&mentees, &mentors, &program.weights, week);
    let assignment =
        assign(&scores, &remaining_capacities(&mentors)).map_err(AppError::internal)?;
    let mut pairs = Vec::new();
    let mut unassigned = Vec::new();
    for (i, choice) in assignment.pairs.iter().enumerate() {
        let (mentee, mentee_name) = &waiting[i];
        let Some(j) = *choice else {
            unassigned.push(mentee.mentee_id);
            continue;
        };
        let mentor = &mentors[j];
        let explanation = evaluate(
            &mentee.request,
            mentor,
            &mentee.excluded,
            &program.weights,
            week,
        )
        .map(|score| explain(&score))
        .unwrap_or_default();
        pairs.push(IntakePair {
            mentee_id: mentee.mentee_id,
            mentee_display_name: mentee_name.clone(),
            mentor_id: mentor.mentor_id,
            mentor_display_name: mentor_names[j].clone(),
            score: scores[i][j].unwrap_or_default(),
            explanation,
        });
    }
    Ok(IntakeProposal {
        pairs,
        unassigned,
        total_score: assignment.total_score,
    })
}

/// Creates a request for every kept pair, re-checking each as a mentee's own request would be.
/// A pair that no longer fits fails the whole job (nothing is created) with a 409 naming it.
pub fn confirm(
    cx: &mut WriteCx<'_>,
    program_id: Uuid,
    pairs: &[PairChoice],
    now: TimestampMs,
) -> Result<IntakeConfirmed, AppError> {
    let mut relationship_ids = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let no_longer_fits = |why: &str| {
            AppError::conflict(format!(
                "The pair of mentee {} and mentor {} no longer fits: {why}",
                pair.mentee_id, pair.mentor_id
            ))
        };
        if users::program_of(cx, pair.mentee_id)? != Some(program_id) {
            return Err(no_longer_fits("the mentee is not in this program."));
        }
        let new = NewRequest {
            relationship_id: Uuid::now_v7(),
            program_id,
            mentee_id: pair.mentee_id,
            mentor_id: pair.mentor_id,
            mutation_id: None,
        };
        match lifecycle::request_mentor(cx, new, now) {
            Ok((relationship, _)) => relationship_ids.push(relationship.id),
            Err(error) if error.is_refusal() => {
                return Err(no_longer_fits(&error.body.message));
            }
            Err(error) => return Err(error),
        }
    }
    Ok(IntakeConfirmed { relationship_ids })
}
