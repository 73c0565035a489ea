//! Mentor applications: one per person, stored with their status (references included; only the
//! applicant and coordinators of the program ever read them).

use domain::wire::v1::{ApplicationStatus, MentorApplicationState};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::super::{json_at, uuid_at};
use crate::error::AppError;

/// An application with who made it.
pub struct StoredApplication {
    pub user_id: Uuid,
    pub program_id: Uuid,
    pub display_name: String,
    pub state: MentorApplicationState,
}

const SELECT: &str = "SELECT a.user_id, a.program_id, u.display_name, a.state
                      FROM mentor_applications a JOIN users u ON u.id = a.user_id";

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredApplication> {
    Ok(StoredApplication {
        user_id: uuid_at(row, 0)?,
        program_id: uuid_at(row, 1)?,
        display_name: row.get(2)?,
        state: json_at(row, 3)?,
    })
}

/// The person's application, if any.
pub fn get(conn: &Connection, user_id: Uuid) -> Result<Option<StoredApplication>, AppError> {
    let found = conn
        .prepare_cached(&format!("{SELECT} WHERE a.user_id = ?1"))?
        .query_row([user_id.to_string()], read)
        .optional()?;
    Ok(found)
}

/// Every application in the program, oldest submission first.
pub fn in_program(conn: &Connection, program_id: Uuid) -> Result<Vec<StoredApplication>, AppError> {
    let mut statement = conn.prepare_cached(&format!("{SELECT} WHERE a.program_id = ?1"))?;
    let mut all = statement
        .query_map([program_id.to_string()], read)?
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_by_key(|a| (a.state.submitted_at_ms, a.user_id));
    Ok(all)
}

/// The approved applications in the program.
pub fn approved_in_program(
    conn: &Connection,
    program_id: Uuid,
) -> Result<Vec<StoredApplication>, AppError> {
    let mut statement = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.program_id = ?1 AND a.status = ?2"
    ))?;
    let all = statement
        .query_map(
            params![program_id.to_string(), ApplicationStatus::Approved.as_str()],
            read,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(all)
}

/// Creates or replaces the person's application.
pub fn save(
    conn: &Connection,
    user_id: Uuid,
    program_id: Uuid,
    state: &MentorApplicationState,
) -> Result<(), AppError> {
    let json = serde_json::to_string(state).map_err(AppError::internal)?;
    conn.prepare_cached(
        "INSERT INTO mentor_applications (user_id, program_id, status, state) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, state = excluded.state",
    )?
    .execute(params![
        user_id.to_string(),
        program_id.to_string(),
        state.status.as_str(),
        json
    ])?;
    Ok(())
}
