//! Per-program matching settings (weights, response window, no-contact days, catalog).

use domain::wire::v1::ProgramSettings;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::super::json_at;
use crate::error::AppError;

/// The program's settings, or the defaults when a coordinator never set them.
pub fn get(conn: &Connection, program_id: Uuid) -> Result<ProgramSettings, AppError> {
    let stored = conn
        .prepare_cached("SELECT settings FROM program_settings WHERE program_id = ?1")?
        .query_row([program_id.to_string()], |row| json_at(row, 0))
        .optional()?;
    Ok(stored.unwrap_or_default())
}

/// Stores (validated) settings for the program.
pub fn put(
    conn: &Connection,
    program_id: Uuid,
    settings: &ProgramSettings,
) -> Result<(), AppError> {
    let json = serde_json::to_string(settings).map_err(AppError::internal)?;
    conn.execute(
        "INSERT INTO program_settings (program_id, settings) VALUES (?1, ?2)
         ON CONFLICT (program_id) DO UPDATE SET settings = excluded.settings",
        params![program_id.to_string(), json],
    )?;
    Ok(())
}
