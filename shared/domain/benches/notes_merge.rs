//! The `notes_merge` benchmark: two devices diverged on one 20 KB note while offline (each made
//! 200 edits — typed words, deletions, a pasted paragraph — on its own ~20 KB text), then one
//! merges the other's edits. Measured:
//! - `merge_diverged_20kb`: restore device A's replica from its stored state and apply the update
//!   that B sends (everything A has not seen), as the app does on a pull;
//! - `server_merge_20kb`: the server's path — apply B's update to the stored merged state and
//!   encode the new state;
//! - `replace_with_keystroke_20kb`: one keystroke in the editor on a 20 KB note (minimal diff).
//!
//! Run with `cargo bench -p domain --bench notes_merge`. The edits are fixed (a seeded generator),
//! so every run merges the same texts.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use domain::notes::{NoteText, Part, replica_client_id};

const WORDS: &[&str] = &[
    "session", "walked", "river", "sleep", "work", "calm", "plan", "call", "family", "week",
    "talked", "about", "felt", "better", "tired", "goal", "small", "steps", "today", "next",
];

/// A fixed pseudo-random sequence (SplitMix64).
struct Seq(u64);

impl Seq {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        usize::try_from((z ^ (z >> 31)) % below as u64).unwrap_or(0)
    }
}

fn prose(bytes: usize, seq: &mut Seq) -> String {
    let mut text = String::new();
    while text.len() < bytes {
        text.push_str(WORDS[seq.next(WORDS.len())]);
        text.push(if seq.next(12) == 0 { '\n' } else { ' ' });
    }
    text
}

/// 200 editor-style edits on `note` (each a whole-text replace, as the app sends them).
fn diverge(note: &mut NoteText, seq: &mut Seq) {
    for _ in 0..200 {
        let text = note.text();
        let len = text.len();
        let at = (0..=seq.next(len))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let new = match seq.next(10) {
            0..=5 => format!(
                "{}{} {}",
                &text[..at],
                WORDS[seq.next(WORDS.len())],
                &text[at..]
            ),
            6..=8 => {
                let end = (at + 1 + seq.next(30)).min(len);
                let end = (end..=len)
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(len);
                format!("{}{}", &text[..at], &text[end..])
            }
            _ => format!("{}{}{}", &text[..at], prose(400, seq), &text[at..]),
        };
        note.replace_with(&new).expect("within limits");
    }
}

fn bench(c: &mut Criterion) {
    let mut seq = Seq(2026);
    let mut origin = NoteText::new(replica_client_id(1, 0), Part::Body);
    origin.replace_with(&prose(20_000, &mut seq)).unwrap();
    let base = origin.encode_state();
    let mut a = NoteText::from_state(replica_client_id(1, 1), Part::Body, &base).unwrap();
    let mut b = NoteText::from_state(replica_client_id(2, 1), Part::Body, &base).unwrap();
    diverge(&mut a, &mut seq);
    diverge(&mut b, &mut seq);
    let a_state = a.encode_state();
    let b_update = b.diff_since(&a.state_vector()).unwrap();
    println!(
        "notes_merge: A {} bytes of text ({} bytes of state), B {} bytes of text; B's update {} bytes",
        a.text().len(),
        a_state.len(),
        b.text().len(),
        b_update.len()
    );
    // Both directions converge (checked once, outside the measurement).
    let mut check_a = NoteText::from_state(7, Part::Body, &a_state).unwrap();
    check_a.apply_update(&b_update).unwrap();
    b.apply_update(&a.diff_since(&b.state_vector()).unwrap())
        .unwrap();
    assert_eq!(check_a.text(), b.text());

    let mut group = c.benchmark_group("notes");
    group.sample_size(30);
    group.bench_function("merge_diverged_20kb", |bencher| {
        bencher.iter(|| {
            let mut replica =
                NoteText::from_state(replica_client_id(1, 2), Part::Body, black_box(&a_state))
                    .unwrap();
            replica.apply_update(black_box(&b_update)).unwrap();
            replica
        });
    });
    group.bench_function("server_merge_20kb", |bencher| {
        bencher.iter(|| {
            let mut stored =
                NoteText::from_state(domain::notes::SERVER_CLIENT_ID, Part::Body, &a_state)
                    .unwrap();
            stored.apply_update(black_box(&b_update)).unwrap();
            stored.encode_state()
        });
    });
    group.bench_function("replace_with_keystroke_20kb", |bencher| {
        bencher.iter_batched(
            || {
                let replica = NoteText::from_state(9, Part::Body, &a_state).unwrap();
                let typed = format!("{}x", replica.text());
                (replica, typed)
            },
            |(mut replica, typed)| replica.replace_with(&typed).unwrap(),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
