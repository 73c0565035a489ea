//! The `notes_list` benchmark: opening the notes list with 1,000 notes in the local store (the
//! real SQLite store on disk, each note ~2 KB of text with its CRDT state, 20 shared summaries
//! besides). `LoadNotes` is what `Event::OpenNotes` asks the store for; it reads the cached
//! titles and previews through the `(deleted, updated_at_ms)` index and never decodes a note.
//! `load_one_note` is opening one note in the editor.
//!
//! Run with `cargo bench -p shared --bench notes_list`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use domain::notes::{NoteKind, NoteText, Part};
use domain::wire::v1::{Mutation, MutationBody};
use shared::app::notes::LocalNoteChange;
use shared::effects::{StoreOperation, StoreResult};
use shared::runtime::store::LocalStore;
use uuid::Uuid;

const NOTES: u128 = 1_000;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = LocalStore::open(&dir.path().join("local.sqlite")).expect("store");
    for n in 0..NOTES {
        let mut text = NoteText::new(u64::try_from(n).unwrap() + 10, Part::Body);
        let body = format!(
            "Session {n}: notes\n{}",
            "We talked about sleep, work and the week ahead. ".repeat(40)
        );
        let update = text.replace_with(&body).unwrap().unwrap();
        let note_id = Uuid::from_u128(n + 1);
        let change = LocalNoteChange {
            note_id,
            kind: NoteKind::Free,
            relationship_id: None,
            at_ms: 1_780_000_000_000 + i64::try_from(n).unwrap(),
            body_update: Some(update),
            summary_update: None,
            summary_shared: false.into(),
            deleted: false,
        };
        let mutation = Mutation {
            mutation_id: Uuid::from_u128(10_000 + n),
            created_at_ms: 0,
            body: MutationBody::DeleteNote { note_id },
        };
        let saved = store.apply(StoreOperation::SaveNote {
            change: Box::new(change),
            mutation,
            replaces: vec![],
        });
        assert_eq!(saved, StoreResult::Done);
    }
    let StoreResult::Notes(page) = store.apply(StoreOperation::LoadNotes) else {
        panic!("list")
    };
    assert_eq!(page.notes.len(), 1_000);
    assert_eq!(page.notes[0].title, "Session 999: notes");

    let mut group = c.benchmark_group("notes");
    group.sample_size(30);
    group.bench_function("open_list_1000_notes", |bencher| {
        bencher.iter(|| store.apply(black_box(StoreOperation::LoadNotes)));
    });
    group.bench_function("load_one_note", |bencher| {
        bencher.iter(|| {
            store.apply(black_box(StoreOperation::LoadNote {
                note_id: Uuid::from_u128(500),
            }))
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
