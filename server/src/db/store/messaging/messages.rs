//! Messages: one row per message, numbered 1, 2, 3 … per conversation by the single writer.

use domain::TimestampMs;
use domain::wire::v1::Message;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::super::{position_at, position_param, uuid_at};
use crate::error::AppError;

/// The number of the newest message in a conversation (0 when it has none).
pub fn last_seq(conn: &Connection, relationship_id: Uuid) -> Result<u64, AppError> {
    let last: Option<i64> = conn
        .prepare_cached("SELECT MAX(seq) FROM messages WHERE relationship_id = ?1")?
        .query_row([relationship_id.to_string()], |row| row.get(0))?;
    Ok(last.and_then(|seq| u64::try_from(seq).ok()).unwrap_or(0))
}

/// Whether a message with this id already exists in the conversation.
pub fn exists(
    conn: &Connection,
    relationship_id: Uuid,
    message_id: Uuid,
) -> Result<bool, AppError> {
    let found: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM messages WHERE relationship_id = ?1 AND message_id = ?2")?
        .query_row(
            params![relationship_id.to_string(), message_id.to_string()],
            |row| row.get(0),
        )
        .optional()?;
    Ok(found.is_some())
}

/// Stores a new message after the conversation's last one and returns it with its number.
pub fn append(
    conn: &Connection,
    relationship_id: Uuid,
    message_id: Uuid,
    sender_id: Uuid,
    text: String,
    now: TimestampMs,
) -> Result<Message, AppError> {
    let seq = last_seq(conn, relationship_id)? + 1;
    conn.prepare_cached(
        "INSERT INTO messages (relationship_id, seq, message_id, sender_id, text, sent_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        relationship_id.to_string(),
        position_param(seq),
        message_id.to_string(),
        sender_id.to_string(),
        text,
        now
    ])?;
    Ok(Message {
        relationship_id,
        message_id,
        seq,
        sender_id,
        text,
        sent_at_ms: now,
    })
}

/// Every message in the conversations the person is a member of (for export), by conversation
/// then number.
pub fn of_member(conn: &Connection, user_id: Uuid) -> Result<Vec<Message>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT m.relationship_id, m.message_id, m.seq, m.sender_id, m.text, m.sent_at_ms
         FROM messages m JOIN relationships r ON r.id = m.relationship_id
         WHERE r.mentee_id = ?1 OR r.mentor_id = ?1
         ORDER BY r.rowid, m.seq",
    )?;
    let messages = statement
        .query_map([user_id.to_string()], |row| {
            Ok(Message {
                relationship_id: uuid_at(row, 0)?,
                message_id: uuid_at(row, 1)?,
                seq: position_at(row, 2)?,
                sender_id: uuid_at(row, 3)?,
                text: row.get(4)?,
                sent_at_ms: row.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(messages)
}
