//! Mentee requests: what each mentee is looking for (one current request per person).

use domain::wire::v1::MenteeRequestState;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::super::{json_at, uuid_at};
use crate::error::AppError;

/// A request with who made it.
pub struct StoredRequest {
    pub user_id: Uuid,
    pub display_name: String,
    pub state: MenteeRequestState,
}

const SELECT: &str = "SELECT r.user_id, u.display_name, r.state
                      FROM mentee_requests r JOIN users u ON u.id = r.user_id";

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRequest> {
    Ok(StoredRequest {
        user_id: uuid_at(row, 0)?,
        display_name: row.get(1)?,
        state: json_at(row, 2)?,
    })
}

/// The person's current request, if any.
pub fn get(conn: &Connection, user_id: Uuid) -> Result<Option<MenteeRequestState>, AppError> {
    let found = conn
        .prepare_cached("SELECT state FROM mentee_requests WHERE user_id = ?1")?
        .query_row([user_id.to_string()], |row| json_at(row, 0))
        .optional()?;
    Ok(found)
}

/// Every current request in the program, oldest first.
pub fn in_program(conn: &Connection, program_id: Uuid) -> Result<Vec<StoredRequest>, AppError> {
    let mut statement = conn.prepare_cached(&format!("{SELECT} WHERE r.program_id = ?1"))?;
    let mut all = statement
        .query_map([program_id.to_string()], read)?
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_by_key(|r| (r.state.submitted_at_ms, r.user_id));
    Ok(all)
}

/// Creates or replaces the person's request.
pub fn save(
    conn: &Connection,
    user_id: Uuid,
    program_id: Uuid,
    state: &MenteeRequestState,
) -> Result<(), AppError> {
    let json = serde_json::to_string(state).map_err(AppError::internal)?;
    conn.prepare_cached(
        "INSERT INTO mentee_requests (user_id, program_id, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (user_id) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![user_id.to_string(), program_id.to_string(), json])?;
    Ok(())
}
