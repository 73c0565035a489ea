//! The local notes store: each of the person's notes as its two CRDT states (body, summary) plus
//! a cached title, preview and update time, so the list is one indexed query that never decodes
//! a note; and the summaries other people share with this person.
//!
//! Every write merges (never overwrites): an edit made here ([`save_local`]) and changes pulled
//! from the feed ([`merge_feed`]) are both yrs updates applied with `domain::notes`, so whichever
//! lands first, nothing is lost. A deleted note keeps a tombstone row without texts, so a late
//! echo of an edit cannot bring it back.

use domain::notes::{NoteKind, NoteText, Part, SERVER_CLIENT_ID, title_and_preview};
use domain::wire::v1::{ChangeBody, decode_update};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::store::StoreError;
use crate::app::notes::{LocalNoteChange, NoteListItem, NotesPage, SharedSummary, StoredNote};

/// Schema for the notes store (a migration of the local store).
pub const MIGRATION: &str = "CREATE TABLE notes (
         note_id TEXT PRIMARY KEY,
         kind TEXT NOT NULL,
         relationship_id TEXT,
         created_at_ms INTEGER NOT NULL,
         updated_at_ms INTEGER NOT NULL,
         body_state BLOB NOT NULL,
         summary_state BLOB NOT NULL,
         summary_shared INTEGER NOT NULL,
         deleted INTEGER NOT NULL,
         title TEXT NOT NULL,
         preview TEXT NOT NULL
     ) STRICT;
     CREATE INDEX notes_by_update ON notes (deleted, updated_at_ms DESC);
     CREATE TABLE shared_summaries (
         note_id TEXT PRIMARY KEY,
         relationship_id TEXT NOT NULL,
         author_id TEXT NOT NULL,
         kind TEXT NOT NULL,
         updated_at_ms INTEGER NOT NULL,
         state BLOB NOT NULL,
         text TEXT NOT NULL
     ) STRICT;";

fn uuid(text: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(text).map_err(|_| StoreError::Corrupt(serde::de::Error::custom("bad uuid")))
}

/// What is stored of one note (tombstones included).
struct Row {
    kind: NoteKind,
    relationship_id: Option<Uuid>,
    created_at_ms: i64,
    updated_at_ms: i64,
    body_state: Vec<u8>,
    summary_state: Vec<u8>,
    summary_shared: bool,
    deleted: bool,
}

fn row(connection: &Connection, note_id: Uuid) -> Result<Option<Row>, StoreError> {
    let found = connection
        .prepare_cached(
            "SELECT kind, relationship_id, created_at_ms, updated_at_ms, body_state,
                    summary_state, summary_shared, deleted
             FROM notes WHERE note_id = ?1",
        )?
        .query_row([note_id.to_string()], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, Vec<u8>>(4)?,
                row.get::<_, Vec<u8>>(5)?,
                row.get::<_, bool>(6)?,
                row.get::<_, bool>(7)?,
            ))
        })
        .optional()?;
    let Some((kind, relationship_id, created, updated, body, summary, shared, deleted)) = found
    else {
        return Ok(None);
    };
    Ok(Some(Row {
        kind: serde_json::from_str(&kind)?,
        relationship_id: relationship_id.as_deref().map(uuid).transpose()?,
        created_at_ms: created,
        updated_at_ms: updated,
        body_state: body,
        summary_state: summary,
        summary_shared: shared,
        deleted,
    }))
}

fn write(tx: &Transaction<'_>, note_id: Uuid, row: &Row) -> Result<(), StoreError> {
    let (title, preview) = if row.deleted {
        (String::new(), String::new())
    } else {
        let text = NoteText::from_state(SERVER_CLIENT_ID, Part::Body, &row.body_state)
            .map(|t| t.text())
            .unwrap_or_default();
        title_and_preview(&text)
    };
    tx.prepare_cached(
        "INSERT INTO notes (note_id, kind, relationship_id, created_at_ms, updated_at_ms,
                            body_state, summary_state, summary_shared, deleted, title, preview)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (note_id) DO UPDATE SET
             updated_at_ms = excluded.updated_at_ms, body_state = excluded.body_state,
             summary_state = excluded.summary_state, summary_shared = excluded.summary_shared,
             deleted = excluded.deleted, title = excluded.title, preview = excluded.preview",
    )?
    .execute(params![
        note_id.to_string(),
        serde_json::to_string(&row.kind)?,
        row.relationship_id.map(|id| id.to_string()),
        row.created_at_ms,
        row.updated_at_ms,
        row.body_state,
        row.summary_state,
        row.summary_shared,
        row.deleted,
        title,
        preview,
    ])?;
    Ok(())
}

/// Merges `update` into `state`; an update that cannot be merged is skipped (the note keeps
/// what it has; the author's own device is the source of its edits).
fn merge(state: &mut Vec<u8>, part: Part, update: Option<&[u8]>) {
    let Some(update) = update else { return };
    let Ok(mut text) = NoteText::from_state(SERVER_CLIENT_ID, part, state) else {
        return;
    };
    if text.apply_update(update).is_ok() {
        *state = text.encode_state();
    }
}

fn fresh_row(kind: NoteKind, relationship_id: Option<Uuid>, at_ms: i64) -> Row {
    Row {
        kind,
        relationship_id,
        created_at_ms: at_ms,
        updated_at_ms: at_ms,
        body_state: Vec::new(),
        summary_state: Vec::new(),
        summary_shared: false,
        deleted: false,
    }
}

/// Saves an edit, share or deletion made on this device.
pub fn save_local(tx: &Transaction<'_>, change: &LocalNoteChange) -> Result<(), StoreError> {
    let mut row = row(tx, change.note_id)?
        .unwrap_or_else(|| fresh_row(change.kind.clone(), change.relationship_id, change.at_ms));
    if row.deleted {
        return Ok(());
    }
    if change.deleted {
        row.deleted = true;
        row.body_state.clear();
        row.summary_state.clear();
        row.summary_shared = false;
    } else {
        merge(
            &mut row.body_state,
            Part::Body,
            change.body_update.as_deref(),
        );
        merge(
            &mut row.summary_state,
            Part::Summary,
            change.summary_update.as_deref(),
        );
        if let Some(shared) = change.summary_shared {
            row.summary_shared = shared;
        }
    }
    row.updated_at_ms = row.updated_at_ms.max(change.at_ms);
    write(tx, change.note_id, &row)
}

fn decoded(update: Option<&String>) -> Option<Vec<u8>> {
    update.and_then(|u| decode_update(u).ok())
}

/// Merges the note changes of a pulled page.
pub fn merge_feed(tx: &Transaction<'_>, changes: &[ChangeBody]) -> Result<(), StoreError> {
    for change in changes {
        match change {
            ChangeBody::NoteChanged {
                note,
                body_update,
                summary_update,
            } => {
                let mut row = row(tx, note.note_id)?.unwrap_or_else(|| {
                    fresh_row(note.kind.clone(), note.relationship_id, note.created_at_ms)
                });
                if row.deleted {
                    continue;
                }
                merge(
                    &mut row.body_state,
                    Part::Body,
                    decoded(body_update.as_ref()).as_deref(),
                );
                merge(
                    &mut row.summary_state,
                    Part::Summary,
                    decoded(summary_update.as_ref()).as_deref(),
                );
                row.summary_shared = note.summary_shared;
                row.updated_at_ms = row.updated_at_ms.max(note.updated_at_ms);
                write(tx, note.note_id, &row)?;
            }
            ChangeBody::NoteDeleted { note_id } => {
                let mut row =
                    row(tx, *note_id)?.unwrap_or_else(|| fresh_row(NoteKind::Free, None, 0));
                row.deleted = true;
                row.body_state.clear();
                row.summary_state.clear();
                row.summary_shared = false;
                write(tx, *note_id, &row)?;
            }
            ChangeBody::SharedSummaryChanged { summary } => {
                let existing: Option<Vec<u8>> = tx
                    .prepare_cached("SELECT state FROM shared_summaries WHERE note_id = ?1")?
                    .query_row([summary.note_id.to_string()], |r| r.get(0))
                    .optional()?;
                let mut state = existing.unwrap_or_default();
                merge(
                    &mut state,
                    Part::Summary,
                    decoded(Some(&summary.summary_update)).as_deref(),
                );
                let text = NoteText::from_state(SERVER_CLIENT_ID, Part::Summary, &state)
                    .map(|t| t.text())
                    .unwrap_or_default();
                tx.prepare_cached(
                    "INSERT INTO shared_summaries
                         (note_id, relationship_id, author_id, kind, updated_at_ms, state, text)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (note_id) DO UPDATE SET updated_at_ms = excluded.updated_at_ms,
                         state = excluded.state, text = excluded.text",
                )?
                .execute(params![
                    summary.note_id.to_string(),
                    summary.relationship_id.to_string(),
                    summary.author_id.to_string(),
                    serde_json::to_string(&summary.kind)?,
                    summary.updated_at_ms,
                    state,
                    text,
                ])?;
            }
            ChangeBody::SharedSummaryWithdrawn { note_id } => {
                tx.execute(
                    "DELETE FROM shared_summaries WHERE note_id = ?1",
                    [note_id.to_string()],
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The live notes, most recently updated first, and the summaries shared with this person.
pub fn list(connection: &Connection) -> Result<NotesPage, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT note_id, kind, relationship_id, title, preview, updated_at_ms, summary_shared
         FROM notes WHERE deleted = 0 ORDER BY updated_at_ms DESC, note_id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<String>>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, String>(4)?,
            row.get::<_, i64>(5)?,
            row.get::<_, bool>(6)?,
        ))
    })?;
    let mut notes = Vec::new();
    for row in rows {
        let (note_id, kind, relationship_id, title, preview, updated_at_ms, summary_shared) = row?;
        notes.push(NoteListItem {
            note_id: uuid(&note_id)?,
            kind: serde_json::from_str(&kind)?,
            relationship_id: relationship_id.as_deref().map(uuid).transpose()?,
            title,
            preview,
            updated_at_ms,
            summary_shared,
        });
    }
    let mut statement = connection.prepare_cached(
        "SELECT note_id, relationship_id, author_id, kind, updated_at_ms, text
         FROM shared_summaries ORDER BY updated_at_ms DESC, note_id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
            row.get::<_, i64>(4)?,
            row.get::<_, String>(5)?,
        ))
    })?;
    let mut shared_with_me = Vec::new();
    for row in rows {
        let (note_id, relationship_id, author_id, kind, updated_at_ms, text) = row?;
        shared_with_me.push(SharedSummary {
            note_id: uuid(&note_id)?,
            relationship_id: uuid(&relationship_id)?,
            author_id: uuid(&author_id)?,
            kind: serde_json::from_str(&kind)?,
            updated_at_ms,
            text,
        });
    }
    Ok(NotesPage {
        notes,
        shared_with_me,
    })
}

/// One live note with its states (`None` if unknown or deleted).
pub fn get(connection: &Connection, note_id: Uuid) -> Result<Option<StoredNote>, StoreError> {
    Ok(row(connection, note_id)?
        .filter(|row| !row.deleted)
        .map(|row| StoredNote {
            note_id,
            kind: row.kind,
            relationship_id: row.relationship_id,
            created_at_ms: row.created_at_ms,
            updated_at_ms: row.updated_at_ms,
            summary_shared: row.summary_shared,
            body_state: row.body_state,
            summary_state: row.summary_state,
        }))
}

/// Forgets every note (sign-out).
pub fn clear(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute("DELETE FROM notes", [])?;
    tx.execute("DELETE FROM shared_summaries", [])?;
    Ok(())
}
