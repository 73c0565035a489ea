//! Notes on the device: session notes and free notes, written offline and saved locally as the
//! person types, synced to their other devices, private to them except for a summary they may
//! share with the other member of the match.
//!
//! Where to start: [`update`] handles the shell's note events. The open note is a pair of CRDT
//! replicas in memory ([`OpenNote`], `domain::notes::NoteText`); each keystroke's full text
//! becomes a minimal yrs update, queued as an `edit_note` mutation through [`super::sync`].
//! [`prepare_enqueue`] (called by the sync engine when it queues) merges it into the note's
//! earlier queued, unacknowledged edit — one outbox entry per note, not one per keystroke — and
//! saves the edit to the local notes store *in the same transaction* (`StoreOperation::SaveNote`).
//! Pulled `note_*` / `shared_summary_*` changes are merged into the store with the pull's commit
//! and into the open note ([`received`]). Replacing an entry already in flight is safe: yrs
//! updates are idempotent, so the merged replacement simply carries that text again.

use std::collections::BTreeSet;

use crux_core::{Command, render::render};
use domain::TimestampMs;
use domain::notes::{
    MAX_NOTE_CHARS, MAX_SUMMARY_CHARS, NoteError, NoteKind, NoteText, Part, merge_updates,
    replica_client_id, title_and_preview,
};
use domain::wire::v1::{Change, ChangeBody, Mutation, MutationBody, decode_update, encode_update};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::effects::{Effect, StoreOperation, StoreResult};

use super::state::PersonalState;
use super::{Event, Model, ids, sync};

/// A change to one note made on this device, saved with its queued mutation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalNoteChange {
    pub note_id: Uuid,
    pub kind: NoteKind,
    pub relationship_id: Option<Uuid>,
    pub at_ms: TimestampMs,
    /// Only this edit's updates (the store already has the earlier ones).
    pub body_update: Option<Vec<u8>>,
    pub summary_update: Option<Vec<u8>>,
    pub summary_shared: Option<bool>,
    pub deleted: bool,
}

/// One row of the notes list, as the store keeps it (no texts beyond title and preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteListItem {
    pub note_id: Uuid,
    pub kind: NoteKind,
    pub relationship_id: Option<Uuid>,
    pub title: String,
    pub preview: String,
    pub updated_at_ms: TimestampMs,
    pub summary_shared: bool,
}

/// A summary another person shares with this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedSummary {
    pub note_id: Uuid,
    pub relationship_id: Uuid,
    pub author_id: Uuid,
    pub kind: NoteKind,
    pub updated_at_ms: TimestampMs,
    pub text: String,
}

/// What the store answers to `LoadNotes`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotesPage {
    /// Most recently updated first.
    pub notes: Vec<NoteListItem>,
    pub shared_with_me: Vec<SharedSummary>,
}

/// One note as stored, with its texts' CRDT states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredNote {
    pub note_id: Uuid,
    pub kind: NoteKind,
    pub relationship_id: Option<Uuid>,
    pub created_at_ms: TimestampMs,
    pub updated_at_ms: TimestampMs,
    pub summary_shared: bool,
    pub body_state: Vec<u8>,
    pub summary_state: Vec<u8>,
}

/// The note in the editor: this device's replicas of its two texts.
#[derive(Debug)]
pub struct OpenNote {
    pub note_id: Uuid,
    pub kind: NoteKind,
    pub relationship_id: Option<Uuid>,
    pub summary_shared: bool,
    pub body: NoteText,
    pub summary: NoteText,
    /// Waiting for the store.
    pub loading: bool,
    /// Stored at least once (a new note is saved when something is typed).
    pub saved: bool,
    /// What the shell's editor fields hold, once a pulled edit made the replicas differ from
    /// them: the phone shells keep their own field text after opening and send it whole, so a
    /// keystroke there is an edit of this text, not of the merged one (`edit` rebases it).
    pub body_seen: Option<NoteText>,
    pub summary_seen: Option<NoteText>,
}

/// The notes part of the model.
#[derive(Debug, Default)]
pub struct Notes {
    pub list_open: bool,
    pub page: NotesPage,
    pub open: Option<OpenNote>,
    /// Replicas made in this run, to give each its own CRDT client id.
    pub replicas: u64,
    /// Notes whose whole state was queued again in this run after a refused edit ([`refused`]).
    pub resynced: BTreeSet<Uuid>,
}

pub fn update(event: Event, model: &mut Model) -> Command<Effect, Event> {
    match event {
        Event::NewNote {
            relationship_id,
            session_series_id,
            occurrence_key,
        } => new_note(model, relationship_id, session_series_id, occurrence_key),
        Event::EditNote { note_id, text } => edit(model, note_id, &text, Part::Body),
        Event::EditNoteSummary { note_id, text } => edit(model, note_id, &text, Part::Summary),
        Event::ShareNoteSummary { note_id, shared } => share(model, note_id, shared),
        Event::DeleteNote { note_id } => {
            if model
                .notes
                .open
                .as_ref()
                .is_some_and(|o| o.note_id == note_id)
            {
                model.notes.open = None;
            }
            model.notes.page.notes.retain(|n| n.note_id != note_id);
            sync::queue(model, MutationBody::DeleteNote { note_id }).and(render())
        }
        Event::OpenNotes => {
            model.notes.list_open = true;
            reload_list(model).and(render())
        }
        Event::CloseNotes => {
            model.notes.list_open = false;
            render()
        }
        Event::OpenNote { note_id } => {
            let (body, summary) = replicas(model);
            model.notes.open = Some(OpenNote {
                note_id,
                kind: NoteKind::Free,
                relationship_id: None,
                summary_shared: false,
                body,
                summary,
                loading: true,
                saved: true,
                body_seen: None,
                summary_seen: None,
            });
            let epoch = model.epoch;
            Command::request_from_shell(StoreOperation::LoadNote { note_id })
                .then_send(move |result| Event::NoteLoaded { epoch, result })
                .and(render())
        }
        Event::CloseNote => {
            model.notes.open = None;
            render()
        }
        Event::NotesLoaded { epoch, result } if epoch == model.epoch => {
            match result {
                StoreResult::Notes(page) => model.notes.page = *page,
                _ => {
                    model.notice = Some("Beacon couldn't read your notes on this device.".into());
                }
            }
            render()
        }
        Event::NoteLoaded { epoch, result } if epoch == model.epoch => note_loaded(model, result),
        _ => Command::done(),
    }
}

/// Two fresh replicas (body, summary), each with its own client id for this device and run.
fn replicas(model: &mut Model) -> (NoteText, NoteText) {
    let device = model
        .session
        .as_ref()
        .map_or(0, |s| s.device_id.as_u64_pair().1);
    let seed = model.install_seed ^ device;
    let body = replica_client_id(seed, model.notes.replicas);
    let summary = replica_client_id(seed, model.notes.replicas + 1);
    model.notes.replicas += 2;
    (
        NoteText::new(body, Part::Body),
        NoteText::new(summary, Part::Summary),
    )
}

fn new_note(
    model: &mut Model,
    relationship_id: Option<Uuid>,
    session_series_id: Option<Uuid>,
    occurrence_key: Option<String>,
) -> Command<Effect, Event> {
    let kind = match session_series_id {
        None => NoteKind::Free,
        Some(series_id) => {
            let Ok(occurrence_key) = occurrence_key.map(|key| key.parse()).transpose() else {
                model.notice = Some("That session date is not valid.".into());
                return render();
            };
            NoteKind::Session {
                series_id,
                occurrence_key,
            }
        }
    };
    if let Some(id) = relationship_id
        && model
            .effective()
            .is_none_or(|state| state.relationship(id).is_none())
    {
        model.notice = Some("That relationship isn't one of yours.".into());
        return render();
    }
    let note_id = ids::mutation_id(model.now_ms, model.install_seed, model.mutation_counter);
    model.mutation_counter += 1;
    let (body, summary) = replicas(model);
    model.notes.open = Some(OpenNote {
        note_id,
        kind,
        relationship_id,
        summary_shared: false,
        body,
        summary,
        loading: false,
        saved: false,
        body_seen: None,
        summary_seen: None,
    });
    render()
}

fn edit(model: &mut Model, note_id: Uuid, text: &str, part: Part) -> Command<Effect, Event> {
    let Some(open) = model
        .notes
        .open
        .as_mut()
        .filter(|o| o.note_id == note_id && !o.loading)
    else {
        model.notice = Some("Open the note to edit it.".into());
        return render();
    };
    let (replica, seen) = match part {
        Part::Body => (&mut open.body, &mut open.body_seen),
        Part::Summary => (&mut open.summary, &mut open.summary_seen),
    };
    let edited = match seen {
        // The field had not taken the pulled text: edit what it showed, then merge.
        Some(shown) if edit_cost(&shown.text(), text) < edit_cost(&replica.text(), text) => {
            rebase(shown, replica, text)
        }
        _ => {
            *seen = None;
            replica.replace_with(text)
        }
    };
    let update = match edited {
        Ok(Some(update)) => encode_update(&update),
        Ok(None) => return Command::done(),
        Err(error) => {
            model.notice = Some(explain(&error, part));
            return render();
        }
    };
    open.saved = true;
    let (body_update, summary_update) = match part {
        Part::Body => (Some(update), None),
        Part::Summary => (None, Some(update)),
    };
    let body = MutationBody::EditNote {
        note_id,
        relationship_id: open.relationship_id,
        kind: open.kind.clone(),
        body_update,
        summary_update,
    };
    sync::queue(model, body).and(render())
}

fn share(model: &mut Model, note_id: Uuid, shared: bool) -> Command<Effect, Event> {
    let open = model.notes.open.as_mut().filter(|o| o.note_id == note_id);
    let listed = model.notes.page.notes.iter().find(|n| n.note_id == note_id);
    let relationship_id = match (&open, listed) {
        (Some(open), _) => open.relationship_id,
        (None, Some(listed)) => listed.relationship_id,
        (None, None) => {
            model.notice = Some("That note isn't on this device.".into());
            return render();
        }
    };
    if relationship_id.is_none() {
        model.notice = Some("Only a note about one of your matches can share a summary.".into());
        return render();
    }
    if let Some(open) = open {
        if !open.saved {
            model.notice = Some("Write the summary first, then share it.".into());
            return render();
        }
        open.summary_shared = shared;
    }
    if let Some(listed) = model
        .notes
        .page
        .notes
        .iter_mut()
        .find(|n| n.note_id == note_id)
    {
        listed.summary_shared = shared;
    }
    sync::queue(
        model,
        MutationBody::SetNoteSummaryShared { note_id, shared },
    )
    .and(render())
}

/// Applies `text` as an edit of what the editor showed (`shown`), and merges that edit into the
/// replica (which also holds pulled edits the editor did not show). Both author as one client id
/// and `shown` only ever advances with the replica, so their own histories stay identical.
fn rebase(
    shown: &mut NoteText,
    replica: &mut NoteText,
    text: &str,
) -> Result<Option<Vec<u8>>, NoteError> {
    let mut next = NoteText::from_state(shown.client_id(), shown.part(), &shown.encode_state())?;
    let Some(update) = next.replace_with(text)? else {
        return Ok(None);
    };
    replica.apply_update(&update)?;
    *shown = next;
    Ok(Some(update))
}

/// How many characters a minimal edit from `old` to `new` removes plus inserts.
fn edit_cost(old: &str, new: &str) -> usize {
    let prefix = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_len, new_len) = (old.chars().count(), new.chars().count());
    let suffix = old
        .chars()
        .rev()
        .zip(new.chars().rev())
        .take(old_len.min(new_len) - prefix)
        .take_while(|(a, b)| a == b)
        .count();
    (old_len - prefix - suffix) + (new_len - prefix - suffix)
}

/// A copy of `replica` as it is now (what the editor shows before a pulled edit is merged).
fn snapshot(replica: &NoteText) -> Option<NoteText> {
    NoteText::from_state(replica.client_id(), replica.part(), &replica.encode_state()).ok()
}

fn explain(error: &NoteError, part: Part) -> String {
    match (error, part) {
        (NoteError::TooLong { .. }, Part::Body) => {
            format!("A note can be at most {MAX_NOTE_CHARS} characters long.")
        }
        (NoteError::TooLong { .. }, Part::Summary) => {
            format!("A summary can be at most {MAX_SUMMARY_CHARS} characters long.")
        }
        _ => "Beacon couldn't apply that change to the note.".into(),
    }
}

fn note_loaded(model: &mut Model, result: StoreResult) -> Command<Effect, Event> {
    let Some(open) = model.notes.open.as_mut().filter(|o| o.loading) else {
        return Command::done();
    };
    let StoreResult::Note(Some(stored)) = result else {
        model.notes.open = None;
        model.notice = Some("That note is no longer on this device.".into());
        return render();
    };
    if stored.note_id != open.note_id {
        return Command::done();
    }
    let body_id = open.body.client_id();
    let summary_id = open.summary.client_id();
    if let (Ok(body), Ok(summary)) = (
        NoteText::from_state(body_id, Part::Body, &stored.body_state),
        NoteText::from_state(summary_id, Part::Summary, &stored.summary_state),
    ) {
        open.body = body;
        open.summary = summary;
        open.body_seen = None;
        open.summary_seen = None;
        open.kind = stored.kind;
        open.relationship_id = stored.relationship_id;
        open.summary_shared = stored.summary_shared;
        open.loading = false;
    } else {
        model.notes.open = None;
        model.notice = Some("Beacon couldn't read this note on this device.".into());
    }
    render()
}

/// Reads the list again if it is on screen.
pub fn reload_list(model: &Model) -> Command<Effect, Event> {
    if !model.notes.list_open {
        return Command::done();
    }
    let epoch = model.epoch;
    Command::request_from_shell(StoreOperation::LoadNotes)
        .then_send(move |result| Event::NotesLoaded { epoch, result })
}

fn is_note_change(body: &ChangeBody) -> bool {
    matches!(
        body,
        ChangeBody::NoteChanged { .. }
            | ChangeBody::NoteDeleted { .. }
            | ChangeBody::SharedSummaryChanged { .. }
            | ChangeBody::SharedSummaryWithdrawn { .. }
    )
}

/// The note changes of a pulled page (stored with its commit); the open note merges them now.
pub fn received(model: &mut Model, changes: &[Change]) -> Vec<ChangeBody> {
    let notes: Vec<ChangeBody> = changes
        .iter()
        .map(|c| &c.body)
        .filter(|b| is_note_change(b))
        .cloned()
        .collect();
    let Some(open) = model.notes.open.as_mut().filter(|o| !o.loading) else {
        return notes;
    };
    for change in &notes {
        match change {
            ChangeBody::NoteChanged {
                note,
                body_update,
                summary_update,
            } if note.note_id == open.note_id => {
                // Refused updates are skipped: the store merges the same ones and is authoritative
                // when the note is opened again.
                if let Some(bytes) = body_update.as_deref().and_then(|u| decode_update(u).ok()) {
                    if open.body_seen.is_none() {
                        open.body_seen = snapshot(&open.body);
                    }
                    let _ = open.body.apply_update(&bytes);
                }
                if let Some(bytes) = summary_update
                    .as_deref()
                    .and_then(|u| decode_update(u).ok())
                {
                    if open.summary_seen.is_none() {
                        open.summary_seen = snapshot(&open.summary);
                    }
                    let _ = open.summary.apply_update(&bytes);
                }
                open.summary_shared = note.summary_shared;
                open.saved = true;
            }
            ChangeBody::NoteDeleted { note_id } if *note_id == open.note_id => {
                model.notes.open = None;
                model.notice = Some("This note was deleted on another device.".into());
                return notes;
            }
            _ => {}
        }
    }
    notes
}

/// The server refused these mutations for good. A refused note edit stays in the note on this
/// device, and every later edit from here builds on it, so the server would refuse those too
/// (missing history): the note's whole state is read from the store and queued again as one edit
/// — once per note and run, so a state the server refuses again does not loop.
pub fn refused(model: &mut Model, mutations: &[Mutation]) -> Command<Effect, Event> {
    let notes: BTreeSet<Uuid> = mutations
        .iter()
        .filter(|m| matches!(m.body, MutationBody::EditNote { .. }))
        .filter_map(|m| note_of(&m.body))
        .collect();
    let now_ms = model.now_ms;
    let commands: Vec<Command<Effect, Event>> = notes
        .into_iter()
        .filter(|id| model.notes.resynced.insert(*id))
        .map(|note_id| {
            Command::request_from_shell(StoreOperation::LoadNote { note_id }).then_send(
                move |result| match result {
                    StoreResult::Note(Some(stored))
                        if !stored.body_state.is_empty() || !stored.summary_state.is_empty() =>
                    {
                        let whole =
                            |state: &Vec<u8>| (!state.is_empty()).then(|| encode_update(state));
                        Event::Stamped {
                            now_ms,
                            body: Box::new(MutationBody::EditNote {
                                note_id,
                                relationship_id: stored.relationship_id,
                                kind: stored.kind.clone(),
                                body_update: whole(&stored.body_state),
                                summary_update: whole(&stored.summary_state),
                            }),
                        }
                    }
                    // Deleted, or nothing to send.
                    other => Event::Stored(other),
                },
            )
        })
        .collect();
    Command::all(commands)
}

/// Called by the sync engine when it queues `mutation`: a note mutation replaces the note's
/// earlier unacknowledged ones (edits merged into one update) and is saved to the local notes
/// store in the same transaction; any other mutation is simply enqueued.
pub fn prepare_enqueue(model: &mut Model, mutation: Mutation) -> (Mutation, StoreOperation) {
    let Some(note_id) = note_of(&mutation.body) else {
        return (mutation.clone(), StoreOperation::Enqueue(mutation));
    };
    let queued: Vec<&Mutation> = model
        .outbox
        .iter()
        .filter(|e| e.acknowledged_position.is_none())
        .map(|e| &e.mutation)
        .filter(|m| note_of(&m.body) == Some(note_id))
        .collect();
    // Only the entries after the last one it cannot replace: the queue keeps its order (an edit
    // merged past a share choice would reach the server after it, and the server refuses to share
    // a note it has not seen yet).
    let kept = queued
        .iter()
        .rposition(|m| !replaces(&mutation.body, &m.body))
        .map_or(0, |i| i + 1);
    let replaced: Vec<&Mutation> = queued[kept..].to_vec();
    let at_ms = mutation.created_at_ms;
    let (body, change) = match &mutation.body {
        MutationBody::EditNote {
            relationship_id,
            kind,
            body_update,
            summary_update,
            ..
        } => {
            let merged = |pick: fn(&MutationBody) -> Option<&String>, new: Option<&String>| {
                let mut all: Vec<Vec<u8>> = replaced
                    .iter()
                    .filter_map(|m| pick(&m.body))
                    .filter_map(|u| decode_update(u).ok())
                    .collect();
                all.extend(new.and_then(|u| decode_update(u).ok()));
                if all.is_empty() {
                    return Ok(None);
                }
                let slices: Vec<&[u8]> = all.iter().map(Vec::as_slice).collect();
                merge_updates(&slices).map(|m| Some(encode_update(&m)))
            };
            let (Ok(body_merged), Ok(summary_merged)) = (
                merged(body_of, body_update.as_ref()),
                merged(summary_of, summary_update.as_ref()),
            ) else {
                // Cannot merge (never expected): queue it on its own.
                return (mutation.clone(), StoreOperation::Enqueue(mutation));
            };
            let change = LocalNoteChange {
                note_id,
                kind: kind.clone(),
                relationship_id: *relationship_id,
                at_ms,
                body_update: body_update.as_deref().and_then(|u| decode_update(u).ok()),
                summary_update: summary_update
                    .as_deref()
                    .and_then(|u| decode_update(u).ok()),
                summary_shared: None,
                deleted: false,
            };
            let body = MutationBody::EditNote {
                note_id,
                relationship_id: *relationship_id,
                kind: kind.clone(),
                body_update: body_merged,
                summary_update: summary_merged,
            };
            (body, change)
        }
        MutationBody::SetNoteSummaryShared { shared, .. } => (
            mutation.body.clone(),
            LocalNoteChange {
                summary_shared: Some(*shared),
                ..bare_change(note_id, at_ms)
            },
        ),
        _ => (
            mutation.body.clone(),
            LocalNoteChange {
                deleted: true,
                ..bare_change(note_id, at_ms)
            },
        ),
    };
    let superseded: Vec<Uuid> = replaced.iter().map(|m| m.mutation_id).collect();
    model
        .outbox
        .retain(|e| !superseded.contains(&e.mutation.mutation_id));
    let mutation = Mutation { body, ..mutation };
    let operation = StoreOperation::SaveNote {
        change: Box::new(change),
        mutation: mutation.clone(),
        replaces: superseded,
    };
    (mutation, operation)
}

fn bare_change(note_id: Uuid, at_ms: TimestampMs) -> LocalNoteChange {
    LocalNoteChange {
        note_id,
        kind: NoteKind::Free,
        relationship_id: None,
        at_ms,
        body_update: None,
        summary_update: None,
        summary_shared: None,
        deleted: false,
    }
}

fn body_of(body: &MutationBody) -> Option<&String> {
    match body {
        MutationBody::EditNote { body_update, .. } => body_update.as_ref(),
        _ => None,
    }
}

fn summary_of(body: &MutationBody) -> Option<&String> {
    match body {
        MutationBody::EditNote { summary_update, .. } => summary_update.as_ref(),
        _ => None,
    }
}

fn note_of(body: &MutationBody) -> Option<Uuid> {
    match body {
        MutationBody::EditNote { note_id, .. }
        | MutationBody::SetNoteSummaryShared { note_id, .. }
        | MutationBody::DeleteNote { note_id } => Some(*note_id),
        _ => None,
    }
}

/// Whether queuing `new` makes the queued `old` (same note) unnecessary: an edit absorbs earlier
/// edits, a share choice the earlier choice, a deletion everything.
fn replaces(new: &MutationBody, old: &MutationBody) -> bool {
    matches!(
        (new, old),
        (MutationBody::EditNote { .. }, MutationBody::EditNote { .. })
            | (
                MutationBody::SetNoteSummaryShared { .. },
                MutationBody::SetNoteSummaryShared { .. }
            )
            | (MutationBody::DeleteNote { .. }, _)
    )
}

/// Checks a note mutation before it is queued (the server checks the same).
pub fn check(state: &PersonalState, body: MutationBody) -> Result<MutationBody, String> {
    if let MutationBody::EditNote {
        relationship_id: Some(id),
        ..
    } = &body
        && state.relationship(*id).is_none()
    {
        return Err("That relationship isn't one of yours.".to_owned());
    }
    body.validated()
        .map_err(|_| "Beacon couldn't save that change to the note.".to_owned())
}

// ---- view ----

/// The notes screens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct NotesView {
    /// Most recently updated first.
    pub list: Vec<NoteCard>,
    /// Summaries the other member of a current match shares with this person (read-only).
    pub shared_with_me: Vec<SharedSummaryCard>,
    pub editor: Option<NoteEditor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct NoteCard {
    pub note_id: Uuid,
    pub title: String,
    pub preview: String,
    /// Set for session notes.
    pub session_series_id: Option<Uuid>,
    pub occurrence_key: Option<String>,
    pub relationship_id: Option<Uuid>,
    pub updated_at_ms: i64,
    pub summary_shared: bool,
    /// Changes on this device not yet confirmed by the server.
    pub pending_sync: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
#[allow(clippy::struct_excessive_bools)] // independent facts the editor shows
pub struct NoteEditor {
    pub note_id: Uuid,
    pub loading: bool,
    pub text: String,
    pub summary: String,
    pub summary_shared: bool,
    /// Sharing needs a note about a match.
    pub can_share: bool,
    pub session_series_id: Option<Uuid>,
    pub occurrence_key: Option<String>,
    pub relationship_id: Option<Uuid>,
    pub pending_sync: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet_typegen", derive(facet::Facet))]
pub struct SharedSummaryCard {
    pub note_id: Uuid,
    pub relationship_id: Uuid,
    pub author_name: String,
    pub session_series_id: Option<Uuid>,
    pub occurrence_key: Option<String>,
    pub summary: String,
    pub updated_at_ms: i64,
}

fn session_of(kind: &NoteKind) -> (Option<Uuid>, Option<String>) {
    match kind {
        NoteKind::Free => (None, None),
        NoteKind::Session {
            series_id,
            occurrence_key,
        } => (Some(*series_id), occurrence_key.map(|k| k.to_string())),
    }
}

/// Builds the notes view: the stored list with the open note's live title on top of it, queued
/// deletions hidden, and shared summaries only from people the person is still matched with.
pub fn notes_view(model: &Model, state: Option<&PersonalState>) -> NotesView {
    let mut pending = BTreeSet::new();
    let mut deleting = BTreeSet::new();
    for entry in model
        .outbox
        .iter()
        .filter(|e| e.acknowledged_position.is_none())
    {
        if let Some(id) = note_of(&entry.mutation.body) {
            pending.insert(id);
            if matches!(entry.mutation.body, MutationBody::DeleteNote { .. }) {
                deleting.insert(id);
            }
        }
    }
    let card = |item: &NoteListItem| {
        let (session_series_id, occurrence_key) = session_of(&item.kind);
        NoteCard {
            note_id: item.note_id,
            title: item.title.clone(),
            preview: item.preview.clone(),
            session_series_id,
            occurrence_key,
            relationship_id: item.relationship_id,
            updated_at_ms: item.updated_at_ms,
            summary_shared: item.summary_shared,
            pending_sync: pending.contains(&item.note_id),
        }
    };
    let mut list: Vec<NoteCard> = model
        .notes
        .page
        .notes
        .iter()
        .filter(|n| !deleting.contains(&n.note_id))
        .map(card)
        .collect();
    let editor = model.notes.open.as_ref().map(|open| {
        let (session_series_id, occurrence_key) = session_of(&open.kind);
        NoteEditor {
            note_id: open.note_id,
            loading: open.loading,
            text: open.body.text(),
            summary: open.summary.text(),
            summary_shared: open.summary_shared,
            can_share: open.relationship_id.is_some(),
            session_series_id,
            occurrence_key,
            relationship_id: open.relationship_id,
            pending_sync: pending.contains(&open.note_id),
        }
    });
    if let (Some(open), Some(editor)) = (&model.notes.open, &editor)
        && open.saved
        && !open.loading
    {
        let (title, preview) = title_and_preview(&editor.text);
        let existing = list.iter().position(|c| c.note_id == open.note_id);
        let updated_at_ms = existing.map_or(model.now_ms, |i| list[i].updated_at_ms);
        let live = NoteCard {
            title,
            preview,
            updated_at_ms,
            ..card(&NoteListItem {
                note_id: open.note_id,
                kind: open.kind.clone(),
                relationship_id: open.relationship_id,
                title: String::new(),
                preview: String::new(),
                updated_at_ms,
                summary_shared: open.summary_shared,
            })
        };
        match existing {
            Some(i) => list[i] = live,
            None if model.notes.list_open => list.insert(0, live),
            None => {}
        }
    }
    let shared_with_me = state.map_or_else(Vec::new, |state| {
        model
            .notes
            .page
            .shared_with_me
            .iter()
            .filter_map(|s| {
                let view = state.relationship(s.relationship_id)?;
                (view.counterpart.user_id == s.author_id).then(|| {
                    let (session_series_id, occurrence_key) = session_of(&s.kind);
                    SharedSummaryCard {
                        note_id: s.note_id,
                        relationship_id: s.relationship_id,
                        author_name: view.counterpart.display_name.clone(),
                        session_series_id,
                        occurrence_key,
                        summary: s.text.clone(),
                        updated_at_ms: s.updated_at_ms,
                    }
                })
            })
            .collect()
    });
    NotesView {
        list,
        shared_with_me,
        editor,
    }
}
