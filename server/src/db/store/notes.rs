//! Notes (issue 5): the `notes` table and the `edit_note`, `set_note_summary_shared` and
//! `delete_note` mutations.
//!
//! Only the author ever reads or changes a note. The server merges each pushed yrs update into
//! the stored state with [`domain::notes::NoteText`] (which refuses malformed, over-long or
//! out-of-order updates), so the state stays one compact document per text, and the author's
//! feed carries the same updates (`note_changed`) for their other devices — from position 0 it
//! restores every note on a new device. The other member of the note's relationship gets the
//! summary (never the body) only while it is shared and the relationship is open
//! (accepted, active or paused), and nothing else; unsharing or deleting withdraws it from their
//! feed. Deleting a note removes its texts from the table and its updates from the feeds.

use domain::TimestampMs;
use domain::messaging::can_send;
use domain::notes::{NoteError, NoteKind, NoteMeta, NoteText, Part, SERVER_CLIENT_ID};
use domain::relationship::Relationship;
use domain::wire::v1::{ChangeBody, NoteExport, SharedSummaryView, decode_update, encode_update};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::mentoring::relationships;
use super::{changes, json_at, uuid_at};
use crate::db::WriteCx;
use crate::error::AppError;

/// A stored note (texts as encoded yrs states; empty when deleted).
struct Stored {
    meta: NoteMeta,
    body_state: Vec<u8>,
    summary_state: Vec<u8>,
    deleted: bool,
}

/// The columns [`read`] expects, in order.
const COLUMNS: &str = "id, author_id, kind, relationship_id, body_state, summary_state,
                       summary_shared, created_at_ms, updated_at_ms, deleted";

/// Every note matching `filter` (a `WHERE` clause over one parameter), in `order`.
fn select(
    conn: &Connection,
    filter: &str,
    order: &str,
    param: &str,
) -> Result<Vec<Stored>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM notes WHERE {filter} {order}");
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([param], read)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn get(conn: &Connection, note_id: Uuid) -> Result<Option<Stored>, AppError> {
    let found = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM notes WHERE id = ?1"))?
        .query_row([note_id.to_string()], read)
        .optional()?;
    Ok(found)
}

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    let relationship_id: Option<String> = row.get(3)?;
    Ok(Stored {
        meta: NoteMeta {
            note_id: uuid_at(row, 0)?,
            author_id: uuid_at(row, 1)?,
            kind: json_at(row, 2)?,
            relationship_id: relationship_id.and_then(|id| Uuid::parse_str(&id).ok()),
            summary_shared: row.get(6)?,
            created_at_ms: row.get(7)?,
            updated_at_ms: row.get(8)?,
        },
        body_state: row.get::<_, Option<Vec<u8>>>(4)?.unwrap_or_default(),
        summary_state: row.get::<_, Option<Vec<u8>>>(5)?.unwrap_or_default(),
        deleted: row.get(9)?,
    })
}

fn save(conn: &Connection, stored: &Stored) -> Result<(), AppError> {
    let kind = serde_json::to_string(&stored.meta.kind).map_err(AppError::internal)?;
    let blob = |state: &Vec<u8>| (!stored.deleted).then(|| state.clone());
    conn.prepare_cached(
        "INSERT INTO notes (id, author_id, kind, relationship_id, body_state, summary_state,
                            summary_shared, created_at_ms, updated_at_ms, deleted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET
             body_state = excluded.body_state, summary_state = excluded.summary_state,
             summary_shared = excluded.summary_shared, updated_at_ms = excluded.updated_at_ms,
             deleted = excluded.deleted",
    )?
    .execute(params![
        stored.meta.note_id.to_string(),
        stored.meta.author_id.to_string(),
        kind,
        stored.meta.relationship_id.map(|id| id.to_string()),
        blob(&stored.body_state),
        blob(&stored.summary_state),
        stored.meta.summary_shared,
        stored.meta.created_at_ms,
        stored.meta.updated_at_ms,
        stored.deleted,
    ])?;
    Ok(())
}

/// The caller's own live note, or `not_found` (also for someone else's: an attacker learns
/// nothing about which ids exist).
fn own(conn: &Connection, author_id: Uuid, note_id: Uuid) -> Result<Stored, AppError> {
    match get(conn, note_id)? {
        Some(stored) if stored.meta.author_id == author_id && !stored.deleted => Ok(stored),
        _ => Err(AppError::not_found("note")),
    }
}

/// The relationship `relationship_id` if `member` is in it.
fn membership(
    conn: &Connection,
    member: Uuid,
    relationship_id: Uuid,
    now: TimestampMs,
) -> Result<Option<Relationship>, AppError> {
    Ok(relationships::get(conn, relationship_id, now)?
        .map(|stored| stored.relationship)
        .filter(|r| r.mentee_id == member || r.mentor_id == member))
}

fn other_member(relationship: &Relationship, author: Uuid) -> Uuid {
    if relationship.mentee_id == author {
        relationship.mentor_id
    } else {
        relationship.mentee_id
    }
}

/// Whom the summary goes to right now: the other member of an open relationship, if shared.
fn summary_reader(
    conn: &Connection,
    meta: &NoteMeta,
    now: TimestampMs,
) -> Result<Option<(Uuid, Uuid)>, AppError> {
    let Some(relationship_id) = meta.relationship_id.filter(|_| meta.summary_shared) else {
        return Ok(None);
    };
    Ok(membership(conn, meta.author_id, relationship_id, now)?
        .filter(|r| can_send(r.state))
        .map(|r| (relationship_id, other_member(&r, meta.author_id))))
}

/// Who was given the summary (whatever the relationship's state now), to withdraw it.
fn shared_with(
    conn: &Connection,
    meta: &NoteMeta,
    now: TimestampMs,
) -> Result<Option<Uuid>, AppError> {
    let Some(relationship_id) = meta.relationship_id.filter(|_| meta.summary_shared) else {
        return Ok(None);
    };
    Ok(membership(conn, meta.author_id, relationship_id, now)?
        .map(|r| other_member(&r, meta.author_id)))
}

fn merged(
    state: &[u8],
    part: Part,
    update: Option<&str>,
    field: &'static str,
) -> Result<Option<Vec<u8>>, AppError> {
    let Some(update) = update else {
        return Ok(None);
    };
    let refuse = |error: NoteError| AppError::validation(field, error.to_string());
    let bytes = decode_update(update).map_err(refuse)?;
    let mut text =
        NoteText::from_state(SERVER_CLIENT_ID, part, state).map_err(AppError::internal)?;
    text.apply_update(&bytes).map_err(refuse)?;
    Ok(Some(text.encode_state()))
}

/// Removes the feed entries that carry this note's texts: the author's `note_changed` and the
/// readers' `shared_summary_changed`.
fn purge_feeds(cx: &WriteCx<'_>, note_id: Uuid, summaries_only: bool) -> Result<(), AppError> {
    cx.prepare_cached(
        "DELETE FROM changes
         WHERE (json_extract(body, '$.type') = 'shared_summary_changed'
                AND json_extract(body, '$.summary.note_id') = ?1)
            OR (?2 = 0 AND json_extract(body, '$.type') = 'note_changed'
                AND json_extract(body, '$.note.note_id') = ?1)",
    )?
    .execute(params![note_id.to_string(), summaries_only])?;
    Ok(())
}

/// Takes a shared summary back from `reader`: gone from their feed, and their devices told.
fn withdraw(
    cx: &mut WriteCx<'_>,
    reader: Uuid,
    note_id: Uuid,
    now: TimestampMs,
) -> Result<(), AppError> {
    purge_feeds(cx, note_id, true)?;
    changes::append(
        cx,
        reader,
        None,
        now,
        &ChangeBody::SharedSummaryWithdrawn { note_id },
    )?;
    Ok(())
}

fn shared_view(meta: &NoteMeta, relationship_id: Uuid, update: &[u8]) -> ChangeBody {
    ChangeBody::SharedSummaryChanged {
        summary: Box::new(SharedSummaryView {
            note_id: meta.note_id,
            relationship_id,
            author_id: meta.author_id,
            kind: meta.kind.clone(),
            updated_at_ms: meta.updated_at_ms,
            summary_update: encode_update(update),
        }),
    }
}

/// `edit_note`: creates the note on first use (about one of the caller's relationships, if any),
/// merges the updates, and appends `note_changed` to the author's feed and, for a shared
/// summary's edit, `shared_summary_changed` to the reader's. A deleted note stays deleted.
#[allow(clippy::too_many_arguments)]
pub fn edit(
    cx: &mut WriteCx<'_>,
    author_id: Uuid,
    note_id: Uuid,
    relationship_id: Option<Uuid>,
    kind: &NoteKind,
    body_update: Option<&str>,
    summary_update: Option<&str>,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let mut stored = match get(cx, note_id)? {
        Some(stored) if stored.meta.author_id != author_id => {
            return Err(AppError::forbidden("This note is not yours."));
        }
        Some(stored) if stored.deleted => {
            return Err(AppError::conflict(
                "This note was deleted on another device.",
            ));
        }
        Some(stored) => stored,
        None => {
            if let Some(relationship_id) = relationship_id
                && membership(cx, author_id, relationship_id, now)?.is_none()
            {
                return Err(AppError::forbidden(
                    "A note can only be about one of your own relationships.",
                ));
            }
            Stored {
                meta: NoteMeta {
                    note_id,
                    author_id,
                    kind: kind.clone(),
                    relationship_id,
                    created_at_ms: now,
                    updated_at_ms: now,
                    summary_shared: false,
                },
                body_state: Vec::new(),
                summary_state: Vec::new(),
                deleted: false,
            }
        }
    };
    if let Some(state) = merged(&stored.body_state, Part::Body, body_update, "body_update")? {
        stored.body_state = state;
    }
    let summary_before = stored.summary_state.clone();
    if let Some(state) = merged(
        &stored.summary_state,
        Part::Summary,
        summary_update,
        "summary_update",
    )? {
        stored.summary_state = state;
    }
    stored.meta.updated_at_ms = now;
    save(cx, &stored)?;
    if summary_update.is_some()
        && let Some((relationship_id, reader)) = summary_reader(cx, &stored.meta, now)?
    {
        // Only what the reader has not seen: the diff from the summary before this edit.
        let before = NoteText::from_state(SERVER_CLIENT_ID, Part::Summary, &summary_before)
            .map_err(AppError::internal)?;
        let after = NoteText::from_state(SERVER_CLIENT_ID, Part::Summary, &stored.summary_state)
            .map_err(AppError::internal)?;
        let diff = after
            .diff_since(&before.state_vector())
            .map_err(AppError::internal)?;
        changes::append(
            cx,
            reader,
            None,
            now,
            &shared_view(&stored.meta, relationship_id, &diff),
        )?;
    }
    let body = ChangeBody::NoteChanged {
        note: Box::new(stored.meta),
        body_update: body_update.map(str::to_owned),
        summary_update: summary_update.map(str::to_owned),
    };
    changes::append(cx, author_id, Some(mutation_id), now, &body)
}

/// `set_note_summary_shared`: sharing sends the whole summary to the other member of the note's
/// open relationship; unsharing withdraws it (and removes it from their feed).
pub fn set_shared(
    cx: &mut WriteCx<'_>,
    author_id: Uuid,
    note_id: Uuid,
    shared: bool,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let mut stored = own(cx, author_id, note_id)?;
    let Some(relationship_id) = stored.meta.relationship_id else {
        return Err(AppError::validation(
            "shared",
            "Only a note about a relationship can share a summary.",
        ));
    };
    let relationship = membership(cx, author_id, relationship_id, now)?
        .ok_or_else(|| AppError::forbidden("You are no longer in this relationship."))?;
    let reader = other_member(&relationship, author_id);
    if shared && !can_send(relationship.state) {
        return Err(AppError::forbidden(
            "This relationship has ended: its summaries can no longer be shared.",
        ));
    }
    let was_shared = stored.meta.summary_shared;
    stored.meta.summary_shared = shared;
    stored.meta.updated_at_ms = now;
    save(cx, &stored)?;
    if shared && !was_shared {
        let full = stored.summary_state.clone();
        changes::append(
            cx,
            reader,
            None,
            now,
            &shared_view(&stored.meta, relationship_id, &full),
        )?;
    } else if !shared && was_shared {
        withdraw(cx, reader, note_id, now)?;
    }
    let body = ChangeBody::NoteChanged {
        note: Box::new(stored.meta),
        body_update: None,
        summary_update: None,
    };
    changes::append(cx, author_id, Some(mutation_id), now, &body)
}

/// `delete_note`: forgets the texts (the row stays as a tombstone), removes them from every
/// feed, withdraws a shared summary and tells the author's devices. Deleting a note the server
/// never saw (all its edits were still queued) just records the tombstone.
pub fn delete(
    cx: &mut WriteCx<'_>,
    author_id: Uuid,
    note_id: Uuid,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let existing = get(cx, note_id)?;
    if existing
        .as_ref()
        .is_some_and(|s| s.meta.author_id != author_id)
    {
        return Err(AppError::not_found("note"));
    }
    let mut stored = existing.unwrap_or_else(|| Stored {
        meta: NoteMeta {
            note_id,
            author_id,
            kind: NoteKind::Free,
            relationship_id: None,
            created_at_ms: now,
            updated_at_ms: now,
            summary_shared: false,
        },
        body_state: Vec::new(),
        summary_state: Vec::new(),
        deleted: false,
    });
    let reader = if stored.deleted {
        None
    } else {
        shared_with(cx, &stored.meta, now)?
    };
    stored.deleted = true;
    stored.meta.summary_shared = false;
    stored.meta.updated_at_ms = now;
    save(cx, &stored)?;
    purge_feeds(cx, note_id, false)?;
    if let Some(reader) = reader {
        changes::append(
            cx,
            reader,
            None,
            now,
            &ChangeBody::SharedSummaryWithdrawn { note_id },
        )?;
    }
    changes::append(
        cx,
        author_id,
        Some(mutation_id),
        now,
        &ChangeBody::NoteDeleted { note_id },
    )
}

/// The author's live notes as plain text, oldest first (for export).
pub fn export(conn: &Connection, author_id: Uuid) -> Result<Vec<NoteExport>, AppError> {
    let rows = select(
        conn,
        "author_id = ?1 AND deleted = 0",
        "ORDER BY created_at_ms, id",
        &author_id.to_string(),
    )?;
    rows.into_iter()
        .map(|stored| {
            let text = |part, state: &[u8]| {
                NoteText::from_state(SERVER_CLIENT_ID, part, state)
                    .map(|t| t.text())
                    .map_err(AppError::internal)
            };
            Ok(NoteExport {
                body: text(Part::Body, &stored.body_state)?,
                summary: text(Part::Summary, &stored.summary_state)?,
                meta: stored.meta,
            })
        })
        .collect()
}

/// The match ended: summaries shared in it are withdrawn from the other member's feed (the
/// author keeps the note, marked as no longer shared, on all their devices).
pub fn end_with_match(
    cx: &mut WriteCx<'_>,
    relationship: &domain::relationship::Relationship,
    now: TimestampMs,
) -> Result<(), AppError> {
    let shared = select(
        cx,
        "relationship_id = ?1 AND summary_shared = 1 AND deleted = 0",
        "",
        &relationship.id.to_string(),
    )?;
    for mut stored in shared {
        let reader = if stored.meta.author_id == relationship.mentee_id {
            relationship.mentor_id
        } else {
            relationship.mentee_id
        };
        withdraw(cx, reader, stored.meta.note_id, now)?;
        stored.meta.summary_shared = false;
        stored.meta.updated_at_ms = now;
        save(cx, &stored)?;
        let author_id = stored.meta.author_id;
        changes::append(
            cx,
            author_id,
            None,
            now,
            &ChangeBody::NoteChanged {
                note: Box::new(stored.meta),
                body_update: None,
                summary_update: None,
            },
        )?;
    }
    Ok(())
}

/// Account deletion: the person's notes go with their `users` row (cascade); here the summaries
/// they shared are withdrawn from the readers' feeds. Runs before the relationships are deleted.
pub fn forget(cx: &mut WriteCx<'_>, author_id: Uuid, now: TimestampMs) -> Result<(), AppError> {
    let shared = select(
        cx,
        "author_id = ?1 AND summary_shared = 1 AND deleted = 0",
        "",
        &author_id.to_string(),
    )?;
    for stored in shared {
        match shared_with(cx, &stored.meta, now)? {
            Some(reader) => withdraw(cx, reader, stored.meta.note_id, now)?,
            None => purge_feeds(cx, stored.meta.note_id, true)?,
        }
    }
    Ok(())
}
