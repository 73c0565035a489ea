//! Check-ins (issue 5): the `check_ins` table and the pushed `record_check_in` mutation.
//!
//! Only a mentee (someone with a request for a mentor or a relationship as mentee) may record
//! one. It reaches the mentee's own feed always, and the feed of the mentor of their *active*
//! relationship only when shared; nobody else's. The rules are in `domain::checkins`.

use domain::TimestampMs;
use domain::checkins::{CheckIn, Mood};
use domain::relationship::RelationshipState;
use domain::wire::v1::{ChangeBody, CheckInView};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::mentoring::mutations::Caller;
use super::mentoring::{relationships, requests};
use super::{changes, uuid_at};
use crate::db::WriteCx;
use crate::error::AppError;

/// Whether a check-in with this id exists (for anyone).
pub fn exists(conn: &Connection, check_in_id: Uuid) -> Result<bool, AppError> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM check_ins WHERE id = ?1")?
        .query_row([check_in_id.to_string()], |row| row.get(0))
        .optional()?;
    Ok(found.is_some())
}

fn insert(conn: &Connection, view: &CheckInView) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO check_ins
             (id, mentee_id, relationship_id, mood, note, shared_with_mentor, recorded_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        view.check_in_id.to_string(),
        view.mentee_id.to_string(),
        view.relationship_id.map(|id| id.to_string()),
        view.mood.value(),
        view.note,
        view.shared_with_mentor,
        view.recorded_at_ms
    ])?;
    Ok(())
}

/// The mentee's check-ins, oldest first (for export).
pub fn of_mentee(conn: &Connection, mentee_id: Uuid) -> Result<Vec<CheckInView>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, mentee_id, relationship_id, mood, note, shared_with_mentor, recorded_at_ms
         FROM check_ins WHERE mentee_id = ?1 ORDER BY recorded_at_ms, id",
    )?;
    let rows = statement
        .query_map([mentee_id.to_string()], |row| {
            let relationship_id: Option<String> = row.get(2)?;
            let mood: u8 = row.get(3)?;
            Ok(CheckInView {
                check_in_id: uuid_at(row, 0)?,
                mentee_id: uuid_at(row, 1)?,
                relationship_id: relationship_id.and_then(|id| Uuid::parse_str(&id).ok()),
                mood: Mood::new(mood).map_err(|error| {
                    rusqlite::Error::FromSqlConversionFailure(
                        3,
                        rusqlite::types::Type::Integer,
                        Box::new(error),
                    )
                })?,
                note: row.get(4)?,
                shared_with_mentor: row.get(5)?,
                recorded_at_ms: row.get(6)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// `record_check_in`: checks the caller is a mentee and the check-in is valid, stores it, and
/// appends `check_in_recorded` to the caller's feed (with the mutation id) and, if shared, to the
/// feed of the mentor of the caller's active relationship. A check-in id already used under
/// another mutation is a conflict.
#[allow(clippy::too_many_arguments)]
pub fn record(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    check_in_id: Uuid,
    mood: u8,
    note: Option<&str>,
    shared_with_mentor: bool,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let check_in = CheckIn::new(
        check_in_id,
        caller.user_id,
        now,
        mood,
        note,
        shared_with_mentor,
    )?;
    let as_mentee = relationships::as_mentee(cx, caller.user_id, now)?;
    if as_mentee.is_empty() && requests::get(cx, caller.user_id)?.is_none() {
        return Err(AppError::forbidden("Only mentees can record check-ins."));
    }
    if exists(cx, check_in_id)? {
        return Err(AppError::conflict(
            "A check-in with this id already exists.",
        ));
    }
    let active = as_mentee
        .iter()
        .find(|r| r.state == RelationshipState::Active);
    let view = CheckInView {
        check_in_id,
        mentee_id: caller.user_id,
        relationship_id: active.map(|r| r.id),
        mood: check_in.mood,
        note: check_in.note,
        shared_with_mentor,
        recorded_at_ms: now,
    };
    insert(cx, &view)?;
    let mentor = active.map(|r| r.mentor_id);
    let body = ChangeBody::CheckInRecorded {
        check_in: Box::new(view),
    };
    if shared_with_mentor && let Some(mentor) = mentor {
        changes::append(cx, mentor, None, now, &body)?;
    }
    changes::append(cx, caller.user_id, Some(mutation_id), now, &body)
}
