//! The change feed and the record of applied mutation ids.

use domain::TimestampMs;
use domain::wire::v1::{Change, ChangeBody, ChangesPage};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{json_at, position_at, position_param};
use crate::db::WriteCx;
use crate::error::AppError;

/// Appends a change to `user_id`'s feed and returns its position (announced after commit).
pub fn append(
    cx: &mut WriteCx<'_>,
    user_id: Uuid,
    mutation_id: Option<Uuid>,
    at_ms: TimestampMs,
    body: &ChangeBody,
) -> Result<u64, AppError> {
    let json = serde_json::to_string(body).map_err(AppError::internal)?;
    let position: i64 = cx
        .prepare_cached(
            "INSERT INTO changes (user_id, mutation_id, at_ms, body) VALUES (?1, ?2, ?3, ?4)
             RETURNING position",
        )?
        .query_row(
            params![
                user_id.to_string(),
                mutation_id.map(|id| id.to_string()),
                at_ms,
                json
            ],
            |row| row.get(0),
        )?;
    let position = u64::try_from(position).map_err(AppError::internal)?;
    cx.feed_grew(user_id, position);
    Ok(position)
}

/// Up to `limit` changes after `since`, oldest first.
pub fn page(
    conn: &Connection,
    user_id: Uuid,
    since: u64,
    limit: u32,
) -> Result<ChangesPage, AppError> {
    let mut changes = query(conn, user_id, since, Some(u64::from(limit) + 1))?;
    let has_more = changes.len() > limit as usize;
    changes.truncate(limit as usize);
    let cursor = changes.last().map_or(since, |change| change.position);
    Ok(ChangesPage {
        changes,
        cursor,
        has_more,
    })
}

/// The whole feed (for export).
pub fn all(conn: &Connection, user_id: Uuid) -> Result<Vec<Change>, AppError> {
    query(conn, user_id, 0, None)
}

fn query(
    conn: &Connection,
    user_id: Uuid,
    since: u64,
    limit: Option<u64>,
) -> Result<Vec<Change>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT position, mutation_id, at_ms, body FROM changes
         WHERE user_id = ?1 AND position > ?2 ORDER BY position LIMIT ?3",
    )?;
    let limit = limit.map_or(-1, position_param);
    let changes = statement
        .query_map(
            params![user_id.to_string(), position_param(since), limit],
            |row| {
                let mutation_id: Option<String> = row.get(1)?;
                Ok(Change {
                    position: position_at(row, 0)?,
                    mutation_id: mutation_id.and_then(|id| Uuid::parse_str(&id).ok()),
                    at_ms: row.get(2)?,
                    body: json_at(row, 3)?,
                })
            },
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(changes)
}

/// The position of the newest change in `user_id`'s feed (0 when empty).
pub fn latest_position(conn: &Connection, user_id: Uuid) -> Result<u64, AppError> {
    let latest: Option<i64> = conn.query_row(
        "SELECT MAX(position) FROM changes WHERE user_id = ?1",
        [user_id.to_string()],
        |row| row.get(0),
    )?;
    Ok(latest.and_then(|p| u64::try_from(p).ok()).unwrap_or(0))
}

/// Where an already-applied mutation landed, if it was applied before.
pub fn applied_position(
    conn: &Connection,
    user_id: Uuid,
    mutation_id: Uuid,
) -> Result<Option<u64>, AppError> {
    let position = conn
        .prepare_cached(
            "SELECT position FROM applied_mutations WHERE user_id = ?1 AND mutation_id = ?2",
        )?
        .query_row(
            params![user_id.to_string(), mutation_id.to_string()],
            |row| position_at(row, 0),
        )
        .optional()?;
    Ok(position)
}

/// Remembers that `mutation_id` was applied at `position`.
pub fn record_applied(
    conn: &Connection,
    user_id: Uuid,
    mutation_id: Uuid,
    position: u64,
) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO applied_mutations (user_id, mutation_id, position) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        user_id.to_string(),
        mutation_id.to_string(),
        position_param(position)
    ])?;
    Ok(())
}
