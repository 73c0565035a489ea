//! The coordinator's queues and program metrics: metadata and counts only, never content (session
//! counts come from count columns, never from a series).

use domain::TimestampMs;
use domain::mentoring::desk::{days_quiet, is_quiet, may_request_mentor, rematch_rate_percent};
use domain::relationship::{CloseReason, Relationship, RelationshipState};
use domain::wire::v1::{
    ApplicationQueue, ApplicationStatus, ChangeRequestItem, ChangeRequestQueue, MatchSessionCounts,
    ProgramMetrics, QuietMatch, QuietMatches, StateCount,
};
use rusqlite::Connection;
use uuid::Uuid;

use super::relationships::StoredRelationship;
use super::views::FORMER_MEMBER;
use super::{applications, relationships, requests, review, settings};
use crate::db::store::{sessions, users};
use crate::error::AppError;

/// Applications of the program: pending first, then the rest, oldest submission first.
pub fn application_queue(
    conn: &Connection,
    program_id: Uuid,
    now: TimestampMs,
) -> Result<ApplicationQueue, AppError> {
    let catalog = settings::get(conn, program_id)?.catalog;
    let mut all = applications::in_program(conn, program_id)?;
    all.sort_by_key(|a| a.state.status != ApplicationStatus::Pending);
    Ok(ApplicationQueue {
        applications: all
            .into_iter()
            .map(|stored| review::for_review(stored, &catalog, now))
            .collect(),
    })
}

fn name(conn: &Connection, user_id: Uuid) -> Result<String, AppError> {
    Ok(users::display_name(conn, user_id)?.unwrap_or_else(|| FORMER_MEMBER.to_owned()))
}

fn is_change_request(relationship: &Relationship) -> bool {
    relationship.state == RelationshipState::Closed
        && relationship.close_reason == Some(CloseReason::ChangeRequested)
}

/// Relationships of the program closed by a change request, with the (confidential) reason.
pub fn change_requests(
    conn: &Connection,
    program_id: Uuid,
    now: TimestampMs,
) -> Result<ChangeRequestQueue, AppError> {
    let mut items = Vec::new();
    for stored in relationships::in_program(conn, program_id, now)? {
        let r = stored.relationship;
        if !is_change_request(&r) {
            continue;
        }
        items.push(ChangeRequestItem {
            relationship_id: r.id,
            mentee_id: r.mentee_id,
            mentee_display_name: name(conn, r.mentee_id)?,
            mentor_id: r.mentor_id,
            mentor_display_name: name(conn, r.mentor_id)?,
            reason: r.change_reason.clone().unwrap_or_default(),
            requested_at_ms: r.closed_at.unwrap_or(stored.last_contact_at_ms),
        });
    }
    Ok(ChangeRequestQueue { items })
}

fn quiet(
    all: &[StoredRelationship],
    no_contact_days: u32,
    now: TimestampMs,
) -> impl Iterator<Item = &StoredRelationship> {
    all.iter().filter(move |stored| {
        stored.relationship.state == RelationshipState::Active
            && is_quiet(stored.last_contact_at_ms, now, no_contact_days)
    })
}

/// Active relationships with no contact for more than the program's `no_contact_days`.
pub fn quiet_matches(
    conn: &Connection,
    program_id: Uuid,
    now: TimestampMs,
) -> Result<QuietMatches, AppError> {
    let days = settings::get(conn, program_id)?.no_contact_days;
    let all = relationships::in_program(conn, program_id, now)?;
    let mut items = Vec::new();
    for stored in quiet(&all, days, now) {
        let r = &stored.relationship;
        items.push(QuietMatch {
            relationship_id: r.id,
            mentee_id: r.mentee_id,
            mentee_display_name: name(conn, r.mentee_id)?,
            mentor_id: r.mentor_id,
            mentor_display_name: name(conn, r.mentor_id)?,
            last_contact_at_ms: stored.last_contact_at_ms,
            days_quiet: days_quiet(stored.last_contact_at_ms, now),
        });
    }
    Ok(QuietMatches { days, items })
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Held/missed sessions per match: every active or paused match, and any other with a series.
fn session_counts(
    conn: &Connection,
    program_id: Uuid,
    all: &[StoredRelationship],
) -> Result<Vec<MatchSessionCounts>, AppError> {
    let counts = sessions::counts_in_program(conn, program_id)?;
    let mut items = Vec::new();
    for stored in all {
        let r = &stored.relationship;
        let running = matches!(
            r.state,
            RelationshipState::Active | RelationshipState::Paused
        );
        let Some(c) = counts
            .get(&r.id)
            .copied()
            .or(running.then(Default::default))
        else {
            continue;
        };
        items.push(MatchSessionCounts {
            relationship_id: r.id,
            mentee_display_name: name(conn, r.mentee_id)?,
            mentor_display_name: name(conn, r.mentor_id)?,
            held: c.held,
            missed: c.missed,
        });
    }
    Ok(items)
}

/// Program health in counts.
pub fn metrics(
    conn: &Connection,
    program_id: Uuid,
    now: TimestampMs,
) -> Result<ProgramMetrics, AppError> {
    let days = settings::get(conn, program_id)?.no_contact_days;
    let applications = applications::in_program(conn, program_id)?;
    let with_status = |status: ApplicationStatus| {
        applications
            .iter()
            .filter(move |a| a.state.status == status)
    };
    let all = relationships::in_program(conn, program_id, now)?;
    let history: Vec<Relationship> = all.iter().map(|s| s.relationship.clone()).collect();
    let waiting = requests::in_program(conn, program_id)?
        .iter()
        .filter(|r| may_request_mentor(&history, r.user_id))
        .count();
    let in_state = |state: RelationshipState| history.iter().filter(|r| r.state == state).count();
    let change_requests = count(history.iter().filter(|r| is_change_request(r)).count());
    Ok(ProgramMetrics {
        applications_pending: count(with_status(ApplicationStatus::Pending).count()),
        mentors_approved: count(with_status(ApplicationStatus::Approved).count()),
        mentors_paused: count(
            with_status(ApplicationStatus::Approved)
                .filter(|a| a.state.paused)
                .count(),
        ),
        mentees_waiting: count(waiting),
        relationships_by_state: RelationshipState::ALL
            .into_iter()
            .map(|state| StateCount {
                state,
                count: count(in_state(state)),
            })
            .collect(),
        change_requests,
        quiet_matches: count(quiet(&all, days, now).count()),
        rematch_rate_percent: rematch_rate_percent(
            count(in_state(RelationshipState::Closed)),
            change_requests,
        ),
        session_counts: session_counts(conn, program_id, &all)?,
    })
}
