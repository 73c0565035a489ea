//! Receipts: how far each member has received and read a conversation, and how far their
//! reading was last shared with the other member.

use domain::messaging::Watermarks;
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::super::{position_at, position_param};
use crate::error::AppError;

/// A member's own watermarks and what the other member has been shown of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoredReceipts {
    pub own: Watermarks,
    pub shared: Watermarks,
}

/// The member's receipts for the conversation (zero when they have acknowledged nothing).
pub fn get(
    conn: &Connection,
    relationship_id: Uuid,
    user_id: Uuid,
) -> Result<StoredReceipts, AppError> {
    let found = conn
        .prepare_cached(
            "SELECT delivered_up_to, read_up_to, shared_read_up_to FROM receipts
             WHERE relationship_id = ?1 AND user_id = ?2",
        )?
        .query_row(
            params![relationship_id.to_string(), user_id.to_string()],
            |row| {
                let delivered_up_to = position_at(row, 0)?;
                Ok(StoredReceipts {
                    own: Watermarks {
                        delivered_up_to,
                        read_up_to: position_at(row, 1)?,
                    },
                    shared: Watermarks {
                        delivered_up_to,
                        read_up_to: position_at(row, 2)?,
                    },
                })
            },
        )
        .optional()?;
    Ok(found.unwrap_or_default())
}

/// Saves the member's receipts (delivery is always shared, so one column holds both).
pub fn save(
    conn: &Connection,
    relationship_id: Uuid,
    user_id: Uuid,
    receipts: StoredReceipts,
) -> Result<(), AppError> {
    conn.prepare_cached(
        "INSERT INTO receipts (relationship_id, user_id, delivered_up_to, read_up_to,
                               shared_read_up_to)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (relationship_id, user_id) DO UPDATE SET
             delivered_up_to = excluded.delivered_up_to,
             read_up_to = excluded.read_up_to,
             shared_read_up_to = excluded.shared_read_up_to",
    )?
    .execute(params![
        relationship_id.to_string(),
        user_id.to_string(),
        position_param(receipts.own.delivered_up_to),
        position_param(receipts.own.read_up_to),
        position_param(receipts.shared.read_up_to)
    ])?;
    Ok(())
}
