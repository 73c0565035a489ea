//! Failed log-in attempts, keyed by a hash of the normalised email.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::TimestampMs;
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// The key failures are stored under: SHA-256 of the normalised email, so addresses typed at the
/// log-in screen that belong to nobody are not kept in the clear.
pub fn email_key(normalized_email: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(normalized_email.as_bytes()))
}

/// Failures since `since_ms`: how many, and when the latest was.
pub fn recent(
    conn: &Connection,
    key: &str,
    since_ms: TimestampMs,
) -> Result<(u32, Option<TimestampMs>), AppError> {
    let (count, latest): (i64, Option<TimestampMs>) = conn.query_row(
        "SELECT COUNT(*), MAX(at_ms) FROM login_failures WHERE email_key = ?1 AND at_ms >= ?2",
        params![key, since_ms],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok((u32::try_from(count).unwrap_or(u32::MAX), latest))
}

/// Records a failure now and forgets this key's failures older than `forget_before`.
pub fn record(
    conn: &Connection,
    key: &str,
    now: TimestampMs,
    forget_before: TimestampMs,
) -> Result<(), AppError> {
    conn.execute(
        "DELETE FROM login_failures WHERE email_key = ?1 AND at_ms < ?2",
        params![key, forget_before],
    )?;
    conn.execute(
        "INSERT INTO login_failures (email_key, at_ms) VALUES (?1, ?2)",
        params![key, now],
    )?;
    Ok(())
}

/// Forgets every failure for this key (after a successful log-in or account deletion).
pub fn clear(conn: &Connection, key: &str) -> Result<(), AppError> {
    conn.execute("DELETE FROM login_failures WHERE email_key = ?1", [key])?;
    Ok(())
}

/// When the recorded failures happened, oldest first (for export).
pub fn times(conn: &Connection, key: &str) -> Result<Vec<TimestampMs>, AppError> {
    let mut statement = conn
        .prepare_cached("SELECT at_ms FROM login_failures WHERE email_key = ?1 ORDER BY at_ms")?;
    let times = statement
        .query_map([key], |row| row.get(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(times)
}
