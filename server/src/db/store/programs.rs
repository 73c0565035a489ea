//! Programs and their crisis resources (the catalog and the check-in cadence come from the
//! program's settings, [`super::mentoring::settings`]).

use domain::TimestampMs;
use domain::checkins::CheckInCadence;
use domain::program::ProgramInfo;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{json_at, uuid_at};
use crate::error::AppError;

/// Stores a (validated) program.
pub fn insert(conn: &Connection, program: &ProgramInfo, now: TimestampMs) -> Result<(), AppError> {
    let locales = serde_json::to_string(&program.locales).map_err(AppError::internal)?;
    let resources = serde_json::to_string(&program.crisis_resources).map_err(AppError::internal)?;
    conn.execute(
        "INSERT INTO programs (id, organisation, name, locales, crisis_resources, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            program.program_id.to_string(),
            program.organisation,
            program.name,
            locales,
            resources,
            now
        ],
    )?;
    Ok(())
}

/// The program with this id, if any.
pub fn get(conn: &Connection, program_id: Uuid) -> Result<Option<ProgramInfo>, AppError> {
    let program = conn
        .query_row(
            "SELECT id, organisation, name, locales, crisis_resources FROM programs WHERE id = ?1",
            [program_id.to_string()],
            |row| {
                Ok(ProgramInfo {
                    program_id: uuid_at(row, 0)?,
                    organisation: row.get(1)?,
                    name: row.get(2)?,
                    locales: json_at(row, 3)?,
                    crisis_resources: json_at(row, 4)?,
                    catalog: domain::mentoring::profile::ProgramCatalog::default(),
                    checkin_cadence_days: CheckInCadence::default(),
                })
            },
        )
        .optional()?;
    let Some(mut program) = program else {
        return Ok(None);
    };
    let settings = super::mentoring::settings::get(conn, program_id)?;
    program.catalog = settings.catalog;
    // Stored settings were validated; an unreadable cadence never withholds the crisis resources.
    program.checkin_cadence_days =
        CheckInCadence::every_days(settings.checkin_cadence_days).unwrap_or_default();
    Ok(Some(program))
}
