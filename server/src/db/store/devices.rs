//! Signed-in devices and their token hashes.

use domain::TimestampMs;
use domain::wire::v1::Device;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::uuid_at;
use crate::error::AppError;

/// The device a token hash belongs to.
#[derive(Debug, Clone, Copy)]
pub struct TokenOwner {
    pub device_id: Uuid,
    pub user_id: Uuid,
    pub last_seen_at_ms: TimestampMs,
}

/// Stores a new signed-in device.
pub fn insert(
    conn: &Connection,
    device_id: Uuid,
    user_id: Uuid,
    name: &str,
    token_hash: &[u8],
    now: TimestampMs,
) -> Result<(), AppError> {
    conn.execute(
        "INSERT INTO devices (id, user_id, name, token_hash, created_at_ms, last_seen_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![
            device_id.to_string(),
            user_id.to_string(),
            name,
            token_hash,
            now
        ],
    )?;
    Ok(())
}

/// Finds the device holding this token hash.
pub fn by_token_hash(conn: &Connection, token_hash: &[u8]) -> Result<Option<TokenOwner>, AppError> {
    let owner = conn
        .prepare_cached("SELECT id, user_id, last_seen_at_ms FROM devices WHERE token_hash = ?1")?
        .query_row([token_hash], |row| {
            Ok(TokenOwner {
                device_id: uuid_at(row, 0)?,
                user_id: uuid_at(row, 1)?,
                last_seen_at_ms: row.get(2)?,
            })
        })
        .optional()?;
    Ok(owner)
}

/// Marks the device as used now (never moving backwards).
pub fn touch(conn: &Connection, device_id: Uuid, now: TimestampMs) -> Result<(), AppError> {
    conn.execute(
        "UPDATE devices SET last_seen_at_ms = ?2 WHERE id = ?1 AND last_seen_at_ms < ?2",
        params![device_id.to_string(), now],
    )?;
    Ok(())
}

/// Removes a device whose session has expired (unless it was used since `idle_before`).
pub fn delete_if_idle(
    conn: &Connection,
    device_id: Uuid,
    idle_before: TimestampMs,
) -> Result<(), AppError> {
    conn.execute(
        "DELETE FROM devices WHERE id = ?1 AND last_seen_at_ms < ?2",
        params![device_id.to_string(), idle_before],
    )?;
    Ok(())
}

/// A person's devices whose sessions are still alive, newest first.
pub fn list(
    conn: &Connection,
    user_id: Uuid,
    current: Option<Uuid>,
    idle_before: TimestampMs,
) -> Result<Vec<Device>, AppError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, name, created_at_ms, last_seen_at_ms FROM devices
         WHERE user_id = ?1 AND last_seen_at_ms >= ?2
         ORDER BY created_at_ms DESC, id DESC",
    )?;
    let devices = statement
        .query_map(params![user_id.to_string(), idle_before], |row| {
            let device_id = uuid_at(row, 0)?;
            Ok(Device {
                device_id,
                name: row.get(1)?,
                created_at_ms: row.get(2)?,
                last_seen_at_ms: row.get(3)?,
                current: Some(device_id) == current,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(devices)
}

/// Deletes `device_id` if it belongs to `user_id`. Returns whether it did.
pub fn delete_owned(conn: &Connection, user_id: Uuid, device_id: Uuid) -> Result<bool, AppError> {
    let deleted = conn.execute(
        "DELETE FROM devices WHERE id = ?1 AND user_id = ?2",
        params![device_id.to_string(), user_id.to_string()],
    )?;
    Ok(deleted > 0)
}
