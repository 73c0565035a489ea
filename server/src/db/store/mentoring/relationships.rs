//! Relationships: the full (unredacted) record, plus the columns needed to find them.
//!
//! Readers get relationships *as of now* ([`domain::mentoring::desk::as_of`]): a request whose
//! response window has passed reads as expired even before the [`super::expiry`] sweep records it.

use domain::TimestampMs;
use domain::mentoring::desk::as_of;
use domain::relationship::{Relationship, RelationshipState};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::super::json_at;
use crate::error::AppError;

/// A relationship and when its members last acted on it.
#[derive(Debug, Clone)]
pub struct StoredRelationship {
    pub relationship: Relationship,
    pub last_contact_at_ms: TimestampMs,
}

const SELECT: &str = "SELECT body, last_contact_at_ms FROM relationships";

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRelationship> {
    Ok(StoredRelationship {
        relationship: json_at(row, 0)?,
        last_contact_at_ms: row.get(1)?,
    })
}

fn query(
    conn: &Connection,
    filter: &str,
    param: &str,
    now: TimestampMs,
) -> Result<Vec<StoredRelationship>, AppError> {
    let mut statement = conn.prepare_cached(&format!("{SELECT} WHERE {filter} ORDER BY rowid"))?;
    let rows = statement
        .query_map([param], read)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .map(|mut stored| {
            stored.relationship = as_of(&stored.relationship, now);
            stored
        })
        .collect())
}

/// The relationship with this id, as of `now`.
pub fn get(
    conn: &Connection,
    id: Uuid,
    now: TimestampMs,
) -> Result<Option<StoredRelationship>, AppError> {
    let found = conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))?
        .query_row([id.to_string()], read)
        .optional()?;
    Ok(found.map(|mut stored| {
        stored.relationship = as_of(&stored.relationship, now);
        stored
    }))
}

/// Whether a relationship with this id exists (in any program).
pub fn exists(conn: &Connection, id: Uuid) -> Result<bool, AppError> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM relationships WHERE id = ?1")?
        .query_row([id.to_string()], |row| row.get(0))
        .optional()?;
    Ok(found.is_some())
}

/// Relationships where the person is the mentee.
pub fn as_mentee(
    conn: &Connection,
    user_id: Uuid,
    now: TimestampMs,
) -> Result<Vec<Relationship>, AppError> {
    let rows = query(conn, "mentee_id = ?1", &user_id.to_string(), now)?;
    Ok(rows.into_iter().map(|s| s.relationship).collect())
}

/// Relationships the person is a member of (as mentee or mentor).
pub fn of_member(
    conn: &Connection,
    user_id: Uuid,
    now: TimestampMs,
) -> Result<Vec<StoredRelationship>, AppError> {
    query(
        conn,
        "mentee_id = ?1 OR mentor_id = ?1",
        &user_id.to_string(),
        now,
    )
}

/// Every relationship of the program.
pub fn in_program(
    conn: &Connection,
    program_id: Uuid,
    now: TimestampMs,
) -> Result<Vec<StoredRelationship>, AppError> {
    query(conn, "program_id = ?1", &program_id.to_string(), now)
}

/// Requests still recorded as requested whose response window closed by `now`.
pub fn due_for_expiry(conn: &Connection, now: TimestampMs) -> Result<Vec<Relationship>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT body FROM relationships WHERE state = ?1 AND respond_by_ms <= ?2 ORDER BY rowid",
    )?;
    let rows = statement
        .query_map(params![RelationshipState::Requested.as_str(), now], |row| {
            json_at(row, 0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Stores a new relationship.
pub fn insert(
    conn: &Connection,
    relationship: &Relationship,
    last_contact_at_ms: TimestampMs,
) -> Result<(), AppError> {
    let json = serde_json::to_string(relationship).map_err(AppError::internal)?;
    conn.prepare_cached(
        "INSERT INTO relationships (id, program_id, mentee_id, mentor_id, state, respond_by_ms,
                                    last_contact_at_ms, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        relationship.id.to_string(),
        relationship.program_id.to_string(),
        relationship.mentee_id.to_string(),
        relationship.mentor_id.to_string(),
        relationship.state.as_str(),
        relationship.respond_by,
        last_contact_at_ms,
        json
    ])?;
    Ok(())
}

/// Saves a changed relationship; `contact_at` (a member acted) moves its last contact.
pub fn update(
    conn: &Connection,
    relationship: &Relationship,
    contact_at: Option<TimestampMs>,
) -> Result<(), AppError> {
    let json = serde_json::to_string(relationship).map_err(AppError::internal)?;
    conn.prepare_cached(
        "UPDATE relationships
         SET state = ?2, body = ?3, last_contact_at_ms = COALESCE(?4, last_contact_at_ms)
         WHERE id = ?1",
    )?
    .execute(params![
        relationship.id.to_string(),
        relationship.state.as_str(),
        json,
        contact_at
    ])?;
    Ok(())
}

/// Moves the relationship's last contact forward to `at` (a member wrote).
pub fn touch_contact(conn: &Connection, id: Uuid, at: TimestampMs) -> Result<(), AppError> {
    conn.prepare_cached(
        "UPDATE relationships SET last_contact_at_ms = MAX(last_contact_at_ms, ?2) WHERE id = ?1",
    )?
    .execute(params![id.to_string(), at])?;
    Ok(())
}

/// Deletes a relationship.
pub fn delete(conn: &Connection, id: Uuid) -> Result<(), AppError> {
    conn.execute("DELETE FROM relationships WHERE id = ?1", [id.to_string()])?;
    Ok(())
}
