//! What deleting an account does to messaging data. Runs before
//! [`mentoring::deletion::forget`](crate::db::store::mentoring::deletion::forget) deletes the
//! person's relationships (their conversations' messages and receipts go with those rows).
//!
//! - The other member's feed keeps nothing of the person: their `message_added` and
//!   `receipts_changed` entries in each shared conversation are removed, and so are the
//!   `check_in_recorded` entries the person shared with a mentor (their `check_ins` rows go with
//!   their `users` row).
//! - Concerns and reports the person made go with their `users` row (cascade); in those made
//!   about them, their id is replaced by the nil id (the coordinator sees a former member).
//! - Push registrations go with their devices (cascade).

use rusqlite::params;
use uuid::Uuid;

use crate::db::WriteCx;
use crate::error::AppError;

/// Removes the person's messaging traces from other people's data.
pub fn forget(cx: &mut WriteCx<'_>, user_id: Uuid) -> Result<(), AppError> {
    let user = user_id.to_string();
    cx.prepare_cached(
        "DELETE FROM changes
         WHERE user_id IN (SELECT mentor_id FROM relationships WHERE mentee_id = ?1
                           UNION SELECT mentee_id FROM relationships WHERE mentor_id = ?1)
           AND ((json_extract(body, '$.type') = 'message_added'
                 AND json_extract(body, '$.message.sender_id') = ?1)
             OR (json_extract(body, '$.type') = 'receipts_changed'
                 AND json_extract(body, '$.receipts.user_id') = ?1)
             OR (json_extract(body, '$.type') = 'check_in_recorded'
                 AND json_extract(body, '$.check_in.mentee_id') = ?1))",
    )?
    .execute([&user])?;
    let nil = Uuid::nil().to_string();
    cx.prepare_cached("UPDATE concerns SET mentee_id = ?2 WHERE mentee_id = ?1")?
        .execute(params![user, nil])?;
    cx.prepare_cached("UPDATE reports SET reported_id = ?2 WHERE reported_id = ?1")?
        .execute(params![user, nil])?;
    Ok(())
}
