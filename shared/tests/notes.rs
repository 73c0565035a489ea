//! Crux app tests for notes: typed offline, saved to the real local store at every keystroke
//! while the outbox keeps one merged edit per note; edits from the author's other devices merge
//! into the store and the open editor; summaries the other member shares show read-only; invalid
//! edits are refused with a clear notice and nothing is queued.

use crux_http::protocol::HttpResponse;
use domain::notes::{NoteText, Part};
use domain::relationship::{
    Action, Actor, Agreement, Cadence, Relationship, ResponseWindow, apply,
};
use domain::wire::v1::{
    ApiError, Change, ChangeBody, ChangesPage, Counterpart, ErrorCode, MutationBody,
    MutationOutcome, MutationStatus, PushRequest, PushResponse, RelationshipView,
    SharedSummaryView, decode_update, encode_update,
};
use shared::Event;
use shared::app::state::PersonalState;
use shared::effects::{StoreOperation, StoreResult};
use shared::runtime::store::LocalStore;
use support::{Shell, http, me};
use uuid::Uuid;

mod support;

const NOW_SECS: u64 = 1_780_000_000;
const RELATIONSHIP: u128 = 500;
const OTHER: u128 = 9;

fn accepted() -> RelationshipView {
    let requested = Relationship::request(
        Uuid::from_u128(RELATIONSHIP),
        Uuid::from_u128(2),
        me().user_id,
        Uuid::from_u128(OTHER),
        Agreement::standard(1, Cadence::Weekly),
        ResponseWindow::default(),
        1_779_000_000_000,
    )
    .unwrap();
    let relationship = apply(
        &requested,
        Actor::Mentor,
        &Action::Accept {},
        1_779_000_000_000,
    )
    .unwrap()
    .relationship;
    RelationshipView {
        relationship,
        my_role: Actor::Mentee,
        counterpart: Counterpart {
            user_id: Uuid::from_u128(OTHER),
            display_name: "Sam".into(),
            mentor_profile: None,
            mentee_request: None,
        },
        closure_message: None,
    }
}

/// A signed-in mentee with one accepted relationship, and a real local store beside the shell.
fn setup() -> (Shell, LocalStore, tempfile::TempDir) {
    let mut state = PersonalState::new(me());
    state.relationships.push(accepted());
    let shell = Shell::restored(state);
    let dir = tempfile::tempdir().unwrap();
    let store = LocalStore::open(&dir.path().join("local.sqlite")).unwrap();
    (shell, store, dir)
}

/// Runs every pending store operation against the real store, answering with its result.
fn run_store(shell: &mut Shell, store: &mut LocalStore) -> Vec<StoreOperation> {
    let mut seen = Vec::new();
    while let Some(mut request) = shell.take_store() {
        seen.push(request.operation.clone());
        let result = store.apply(request.operation.clone());
        shell.resolve(&mut request, result);
    }
    seen
}

fn type_text(shell: &mut Shell, store: &mut LocalStore, note_id: Uuid, text: &str, secs: u64) {
    shell.send(Event::EditNote {
        note_id,
        text: text.into(),
    });
    shell.stamp(secs);
    run_store(shell, store);
}

fn open_note_id(shell: &Shell) -> Uuid {
    shell.view().notes.editor.expect("an open note").note_id
}

fn queued_edits(shell: &Shell) -> Vec<MutationBody> {
    shell
        .model
        .outbox
        .iter()
        .map(|e| e.mutation.body.clone())
        .filter(|b| matches!(b, MutationBody::EditNote { .. }))
        .collect()
}

#[test]
fn typing_offline_saves_every_keystroke_and_queues_one_merged_edit() {
    let (mut shell, mut store, _dir) = setup();
    shell.send(Event::NewNote {
        relationship_id: Some(Uuid::from_u128(RELATIONSHIP)),
        session_series_id: None,
        occurrence_key: None,
    });
    let note_id = open_note_id(&shell);
    assert!(
        run_store(&mut shell, &mut store).is_empty(),
        "an empty new note is not saved"
    );
    let mut typed = String::new();
    for (n, word) in ["Walked ", "by the ", "river.\n", "Felt calm."]
        .iter()
        .enumerate()
    {
        typed.push_str(word);
        type_text(&mut shell, &mut store, note_id, &typed, NOW_SECS + n as u64);
    }
    // One queued edit for the note, holding everything typed.
    let edits = queued_edits(&shell);
    assert_eq!(edits.len(), 1, "coalesced, not one per keystroke");
    let MutationBody::EditNote {
        body_update,
        relationship_id,
        ..
    } = &edits[0]
    else {
        unreachable!()
    };
    assert_eq!(*relationship_id, Some(Uuid::from_u128(RELATIONSHIP)));
    let mut server_view = NoteText::new(77, Part::Body);
    server_view
        .apply_update(&decode_update(body_update.as_deref().unwrap()).unwrap())
        .unwrap();
    assert_eq!(server_view.text(), typed);
    // The store's outbox agrees with the model's (replaced entries deleted in the same step).
    let StoreResult::Loaded(snapshot) = store.apply(StoreOperation::Load) else {
        panic!("load")
    };
    let stored_edits = snapshot
        .outbox
        .iter()
        .filter(|e| matches!(e.mutation.body, MutationBody::EditNote { .. }))
        .count();
    assert_eq!(stored_edits, 1);
    // Saved locally: reopening reads it from the store; the list shows title and preview.
    shell.send(Event::CloseNote);
    shell.send(Event::OpenNotes);
    run_store(&mut shell, &mut store);
    let view = shell.view().notes;
    assert_eq!(view.list.len(), 1);
    assert_eq!(view.list[0].title, "Walked by the river.");
    assert_eq!(view.list[0].preview, "Felt calm.");
    assert!(view.list[0].pending_sync);
    shell.send(Event::OpenNote { note_id });
    run_store(&mut shell, &mut store);
    let editor = shell.view().notes.editor.unwrap();
    assert_eq!(
        (editor.text.as_str(), editor.loading),
        (typed.as_str(), false)
    );
    // Editing after reopening (a new replica) still merges into the one queued edit.
    typed.push_str(" Good.");
    type_text(&mut shell, &mut store, note_id, &typed, NOW_SECS + 10);
    assert_eq!(queued_edits(&shell).len(), 1);
}

fn pull(shell: &mut Shell, store: &mut LocalStore, bodies: Vec<ChangeBody>) {
    let mut request = shell
        .take_http("GET", "/v1/sync/changes")
        .expect("a pull is due");
    let changes: Vec<Change> = bodies
        .into_iter()
        .zip(1..)
        .map(|(body, position)| Change {
            position,
            mutation_id: None,
            at_ms: 1,
            body,
        })
        .collect();
    let page = ChangesPage {
        cursor: changes.last().map_or(0, |c| c.position),
        changes,
        has_more: false,
    };
    shell.resolve(&mut request, http(HttpResponse::ok().json(&page).build()));
    run_store(shell, store);
}

#[test]
fn edits_from_another_device_merge_and_shared_summaries_show_read_only() {
    let (mut shell, mut store, _dir) = setup();
    shell.send(Event::NewNote {
        relationship_id: None,
        session_series_id: None,
        occurrence_key: None,
    });
    let note_id = open_note_id(&shell);
    type_text(
        &mut shell,
        &mut store,
        note_id,
        "Plan: sleep early",
        NOW_SECS,
    );
    shell.send(Event::OpenNotes);
    run_store(&mut shell, &mut store);

    // The author's tablet appended a line, from the same starting text.
    let MutationBody::EditNote { body_update, .. } = &queued_edits(&shell)[0] else {
        unreachable!()
    };
    let mut tablet = NoteText::new(4242, Part::Body);
    tablet
        .apply_update(&decode_update(body_update.as_deref().unwrap()).unwrap())
        .unwrap();
    let from_tablet = tablet
        .replace_with("Plan: sleep early\nWalk daily")
        .unwrap()
        .unwrap();
    let meta = domain::notes::NoteMeta {
        note_id,
        author_id: me().user_id,
        kind: domain::notes::NoteKind::Free,
        relationship_id: None,
        created_at_ms: 1,
        updated_at_ms: 2,
        summary_shared: false,
    };
    let mut summary = NoteText::new(555, Part::Summary);
    let shared = summary
        .replace_with("We agreed: one walk a day")
        .unwrap()
        .unwrap();
    let theirs = Uuid::from_u128(8_000);
    pull(
        &mut shell,
        &mut store,
        vec![
            ChangeBody::NoteChanged {
                note: Box::new(meta),
                body_update: Some(encode_update(&from_tablet)),
                summary_update: None,
            },
            ChangeBody::SharedSummaryChanged {
                summary: Box::new(SharedSummaryView {
                    note_id: theirs,
                    relationship_id: Uuid::from_u128(RELATIONSHIP),
                    author_id: Uuid::from_u128(OTHER),
                    kind: domain::notes::NoteKind::Free,
                    updated_at_ms: 3,
                    summary_update: encode_update(&shared),
                }),
            },
        ],
    );
    // The open editor merged it at once; the store did too.
    assert_eq!(
        shell.view().notes.editor.unwrap().text,
        "Plan: sleep early\nWalk daily"
    );
    let view = shell.view().notes;
    assert_eq!(view.shared_with_me.len(), 1);
    assert_eq!(view.shared_with_me[0].author_name, "Sam");
    assert_eq!(view.shared_with_me[0].summary, "We agreed: one walk a day");
    shell.send(Event::CloseNote);
    shell.send(Event::OpenNote { note_id });
    run_store(&mut shell, &mut store);
    assert_eq!(
        shell.view().notes.editor.unwrap().text,
        "Plan: sleep early\nWalk daily"
    );
}

#[test]
fn invalid_note_changes_are_refused_with_a_notice_and_nothing_is_queued() {
    let (mut shell, mut store, _dir) = setup();
    shell.send(Event::NewNote {
        relationship_id: Some(Uuid::from_u128(12_345)),
        session_series_id: None,
        occurrence_key: None,
    });
    assert_eq!(
        shell.view().notice.as_deref(),
        Some("That relationship isn't one of yours.")
    );
    assert!(shell.view().notes.editor.is_none());
    shell.send(Event::NewNote {
        relationship_id: None,
        session_series_id: Some(Uuid::from_u128(77)),
        occurrence_key: Some("not a date".into()),
    });
    assert!(shell.view().notice.unwrap().contains("not valid"));
    shell.send(Event::NewNote {
        relationship_id: None,
        session_series_id: None,
        occurrence_key: None,
    });
    let note_id = open_note_id(&shell);
    shell.send(Event::EditNoteSummary {
        note_id,
        text: "x".repeat(domain::notes::MAX_SUMMARY_CHARS + 1),
    });
    assert!(shell.view().notice.unwrap().contains("at most"));
    assert!(shell.take_time().is_none(), "nothing to stamp or queue");
    type_text(&mut shell, &mut store, note_id, "private", NOW_SECS);
    shell.send(Event::ShareNoteSummary {
        note_id,
        shared: true,
    });
    assert!(shell.view().notice.unwrap().contains("matches"));
    assert!(
        !shell
            .model
            .outbox
            .iter()
            .any(|e| matches!(e.mutation.body, MutationBody::SetNoteSummaryShared { .. }))
    );
}

#[test]
fn deleting_a_note_replaces_its_queued_edits_and_removes_it_locally() {
    let (mut shell, mut store, _dir) = setup();
    shell.send(Event::NewNote {
        relationship_id: Some(Uuid::from_u128(RELATIONSHIP)),
        session_series_id: Some(Uuid::from_u128(77)),
        occurrence_key: Some("2026-03-10T18:00".into()),
    });
    let note_id = open_note_id(&shell);
    let editor = shell.view().notes.editor.unwrap();
    assert_eq!(
        editor.occurrence_key.as_deref(),
        Some("2026-03-10T18:00:00")
    );
    assert!(editor.can_share);
    type_text(&mut shell, &mut store, note_id, "Session notes", NOW_SECS);
    shell.send(Event::EditNoteSummary {
        note_id,
        text: "Next: Friday".into(),
    });
    shell.stamp(NOW_SECS + 1);
    run_store(&mut shell, &mut store);
    shell.send(Event::ShareNoteSummary {
        note_id,
        shared: true,
    });
    shell.stamp(NOW_SECS + 2);
    run_store(&mut shell, &mut store);
    assert!(shell.view().notes.editor.unwrap().summary_shared);
    shell.send(Event::DeleteNote { note_id });
    shell.stamp(NOW_SECS + 3);
    run_store(&mut shell, &mut store);
    assert!(shell.view().notes.editor.is_none());
    let bodies: Vec<MutationBody> = shell
        .model
        .outbox
        .iter()
        .filter(|e| e.acknowledged_position.is_none())
        .map(|e| e.mutation.body.clone())
        .collect();
    assert_eq!(
        bodies,
        vec![MutationBody::DeleteNote { note_id }],
        "queued edits of a deleted note are never sent"
    );
    shell.send(Event::OpenNotes);
    run_store(&mut shell, &mut store);
    assert!(shell.view().notes.list.is_empty());
    assert_eq!(
        store.apply(StoreOperation::LoadNote { note_id }),
        StoreResult::Note(None)
    );
}

/// The tablet's replica of the note so far (from the queued edit), and its appended line as a
/// pulled `note_changed`.
fn tablet_appends(shell: &Shell, note_id: Uuid, base: &str, appended: &str) -> ChangeBody {
    let MutationBody::EditNote { body_update, .. } = &queued_edits(shell)[0] else {
        unreachable!()
    };
    let mut tablet = NoteText::new(4242, Part::Body);
    tablet
        .apply_update(&decode_update(body_update.as_deref().unwrap()).unwrap())
        .unwrap();
    assert_eq!(tablet.text(), base);
    let update = tablet
        .replace_with(&format!("{base}{appended}"))
        .unwrap()
        .unwrap();
    ChangeBody::NoteChanged {
        note: Box::new(domain::notes::NoteMeta {
            note_id,
            author_id: me().user_id,
            kind: domain::notes::NoteKind::Free,
            relationship_id: None,
            created_at_ms: 1,
            updated_at_ms: 2,
            summary_shared: false,
        }),
        body_update: Some(encode_update(&update)),
        summary_update: None,
    }
}

/// What the server would hold after merging every queued edit on top of `earlier` updates.
fn merged_text(shell: &Shell, earlier: &[Vec<u8>]) -> String {
    let mut pending: Vec<Vec<u8>> = earlier.to_vec();
    for body in queued_edits(shell) {
        if let MutationBody::EditNote {
            body_update: Some(update),
            ..
        } = body
        {
            pending.push(decode_update(&update).unwrap());
        }
    }
    // In whichever order their histories allow.
    let mut server = NoteText::new(1, Part::Body);
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|update| server.apply_update(update).is_err());
        assert!(pending.len() < before, "an update can never apply");
    }
    server.text()
}

#[test]
fn typing_in_an_editor_that_has_not_shown_a_pulled_edit_keeps_the_other_devices_text() {
    // The phone shells take the editor's text from the core once, when the note opens, and then
    // send their own field's whole text at each keystroke: after a pull merged the tablet's line
    // into the open note, the next keystroke arrives without that line. It must not delete it.
    let (mut shell, mut store, _dir) = setup();
    shell.send(Event::NewNote {
        relationship_id: None,
        session_series_id: None,
        occurrence_key: None,
    });
    let note_id = open_note_id(&shell);
    type_text(
        &mut shell,
        &mut store,
        note_id,
        "Plan: sleep early",
        NOW_SECS,
    );
    let from_tablet = tablet_appends(&shell, note_id, "Plan: sleep early", "\nWalk daily");
    let ChangeBody::NoteChanged {
        body_update: Some(tablet_update),
        ..
    } = &from_tablet
    else {
        unreachable!()
    };
    let tablet_update = decode_update(tablet_update).unwrap();
    pull(&mut shell, &mut store, vec![from_tablet]);
    assert_eq!(
        shell.view().notes.editor.unwrap().text,
        "Plan: sleep early\nWalk daily"
    );
    // The phone's field still shows only its own text; the person types on.
    // (Typed before the end: text typed at the very end, where the tablet also typed, may land
    // either side of the tablet's line, which is fine.)
    type_text(
        &mut shell,
        &mut store,
        note_id,
        "Plan: sleep very early",
        NOW_SECS + 1,
    );
    type_text(
        &mut shell,
        &mut store,
        note_id,
        "Plan: to sleep very early",
        NOW_SECS + 2,
    );
    let expected = "Plan: to sleep very early\nWalk daily";
    assert_eq!(shell.view().notes.editor.unwrap().text, expected);
    assert_eq!(
        merged_text(&shell, std::slice::from_ref(&tablet_update)),
        expected,
        "the queued edit must not delete the tablet's line on the server"
    );
    // A shell that does show the merged text (the terminal) edits from it as before.
    type_text(
        &mut shell,
        &mut store,
        note_id,
        &format!("{expected}?"),
        NOW_SECS + 3,
    );
    assert_eq!(
        shell.view().notes.editor.unwrap().text,
        format!("{expected}?")
    );
    // The store agrees when the note is opened again.
    shell.send(Event::CloseNote);
    shell.send(Event::OpenNote { note_id });
    run_store(&mut shell, &mut store);
    assert_eq!(
        shell.view().notes.editor.unwrap().text,
        format!("{expected}?")
    );
}

#[test]
fn a_summary_shared_before_the_note_reached_the_server_is_sent_after_the_note_exists() {
    // Offline: type, write a summary, share it, keep typing. The server refuses to share a note
    // it has not seen, so the note's first edit must still be queued before the share choice.
    let (mut shell, mut store, _dir) = setup();
    shell.send(Event::NewNote {
        relationship_id: Some(Uuid::from_u128(RELATIONSHIP)),
        session_series_id: None,
        occurrence_key: None,
    });
    let note_id = open_note_id(&shell);
    type_text(
        &mut shell,
        &mut store,
        note_id,
        "Session went well",
        NOW_SECS,
    );
    shell.send(Event::EditNoteSummary {
        note_id,
        text: "Next: Friday".into(),
    });
    shell.stamp(NOW_SECS + 1);
    run_store(&mut shell, &mut store);
    shell.send(Event::ShareNoteSummary {
        note_id,
        shared: true,
    });
    shell.stamp(NOW_SECS + 2);
    run_store(&mut shell, &mut store);
    type_text(
        &mut shell,
        &mut store,
        note_id,
        "Session went well. Walked.",
        NOW_SECS + 3,
    );
    let kinds = |bodies: Vec<MutationBody>| -> Vec<&'static str> {
        bodies
            .iter()
            .map(|b| match b {
                MutationBody::EditNote { .. } => "edit",
                MutationBody::SetNoteSummaryShared { .. } => "share",
                _ => "other",
            })
            .collect()
    };
    let in_model: Vec<MutationBody> = shell
        .model
        .outbox
        .iter()
        .map(|e| e.mutation.body.clone())
        .collect();
    let order = kinds(in_model);
    assert_eq!(order.first(), Some(&"edit"), "queued: {order:?}");
    let StoreResult::Loaded(snapshot) = store.apply(StoreOperation::Load) else {
        panic!("load")
    };
    let stored = kinds(
        snapshot
            .outbox
            .iter()
            .map(|e| e.mutation.body.clone())
            .collect(),
    );
    assert_eq!(
        stored, order,
        "the store keeps the same order (after a restart)"
    );
    assert_eq!(merged_text(&shell, &[]), "Session went well. Walked.");
}

#[test]
fn after_the_server_refuses_a_notes_edit_its_whole_state_is_queued_again_so_later_edits_sync() {
    // A refused edit is dropped, but the note on this device keeps its text, and every later
    // edit builds on it: without the refused part the server could never apply them.
    let (mut shell, mut store, _dir) = setup();
    shell.send(Event::NewNote {
        relationship_id: None,
        session_series_id: None,
        occurrence_key: None,
    });
    let note_id = open_note_id(&shell);
    type_text(&mut shell, &mut store, note_id, "Dear diary", NOW_SECS);
    let mut push = shell.take_http("POST", "/v1/sync/push").expect("a push");
    let sent: PushRequest = serde_json::from_slice(&push.operation.body).unwrap();
    assert_eq!(sent.mutations.len(), 1);
    shell.resolve(
        &mut push,
        http(
            HttpResponse::ok()
                .json(PushResponse {
                    outcomes: vec![MutationOutcome {
                        mutation_id: sent.mutations[0].mutation_id,
                        status: MutationStatus::Rejected,
                        position: None,
                        error: Some(ApiError::new(ErrorCode::ValidationFailed, "refused")),
                    }],
                })
                .build(),
        ),
    );
    run_store(&mut shell, &mut store);
    type_text(
        &mut shell,
        &mut store,
        note_id,
        "Dear diary, today",
        NOW_SECS + 1,
    );
    // A server that never got the refused edit can apply what is queued now.
    assert_eq!(merged_text(&shell, &[]), "Dear diary, today");
    // Only once: a full state refused again is not queued again (no loop).
    let mut pushes = 0;
    while let Some(mut push) = shell.take_http("POST", "/v1/sync/push") {
        pushes += 1;
        assert!(pushes < 5, "the refused note is queued again and again");
        let sent: PushRequest = serde_json::from_slice(&push.operation.body).unwrap();
        let outcomes = sent
            .mutations
            .iter()
            .map(|m| MutationOutcome {
                mutation_id: m.mutation_id,
                status: MutationStatus::Rejected,
                position: None,
                error: Some(ApiError::new(ErrorCode::ValidationFailed, "refused")),
            })
            .collect();
        shell.resolve(
            &mut push,
            http(HttpResponse::ok().json(PushResponse { outcomes }).build()),
        );
        run_store(&mut shell, &mut store);
    }
    assert!(queued_edits(&shell).is_empty());
}
