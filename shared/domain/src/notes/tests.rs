//! Unit and property tests for [`super::NoteText`]: convergence and no lost text under random
//! concurrent edits on two or three replicas merged in any order, the editor's minimal diff,
//! limits, and hostile bytes.

use proptest::prelude::*;

use super::*;

/// One replica's edit: insert a run of fresh characters at a position, or delete a range.
#[derive(Debug, Clone)]
enum Op {
    Insert {
        at: usize,
        len: usize,
    },
    Delete {
        at: usize,
        len: usize,
    },
    /// The editor style: the whole text with a middle slice replaced by fresh characters.
    Replace {
        at: usize,
        cut: usize,
        len: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..60, 1usize..6).prop_map(|(at, len)| Op::Insert { at, len }),
        2 => (0usize..60, 1usize..8).prop_map(|(at, len)| Op::Delete { at, len }),
        2 => (0usize..60, 0usize..6, 0usize..5).prop_map(|(at, cut, len)| Op::Replace { at, cut, len }),
    ]
}

/// Characters that are unique across a whole test case, so "which inserted character survived"
/// is a question about identities.
struct Fresh(u32);

impl Fresh {
    fn take(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| {
                self.0 += 1;
                char::from_u32(0x4E00 + self.0).unwrap()
            })
            .collect()
    }
}

/// Applies `op` to `replica`, recording inserted and deleted characters; returns the update.
fn run(
    replica: &mut NoteText,
    op: &Op,
    fresh: &mut Fresh,
    inserted: &mut Vec<char>,
    deleted: &mut Vec<char>,
) -> Option<Vec<u8>> {
    let before: Vec<char> = replica.text().chars().collect();
    let len = before.len();
    match *op {
        Op::Insert { at, len: n } => {
            let chunk = fresh.take(n);
            inserted.extend(chunk.chars());
            Some(replica.insert(at.min(len), &chunk))
        }
        Op::Delete { at, len: n } => {
            if len == 0 {
                return None;
            }
            let at = at % len;
            deleted.extend(before.iter().skip(at).take(n));
            Some(replica.delete(at, n))
        }
        Op::Replace { at, cut, len: n } => {
            let at = at.min(len);
            let cut = cut.min(len - at);
            let chunk = fresh.take(n);
            inserted.extend(chunk.chars());
            deleted.extend(&before[at..at + cut]);
            let new: String = before[..at]
                .iter()
                .chain(chunk.chars().collect::<Vec<_>>().iter())
                .chain(&before[at + cut..])
                .collect();
            replica.replace_with(&new).unwrap()
        }
    }
}

fn is_subsequence(needle: &[char], haystack: &[char]) -> bool {
    let mut it = haystack.iter();
    needle.iter().all(|c| it.any(|h| h == c))
}

/// `replicas` start from a common base, each makes its own edits offline, then every update is
/// delivered to every replica in an order chosen by `orders` (duplicates included).
fn concurrent_case(
    replicas: usize,
    base_len: usize,
    edits: &[Vec<Op>],
    orders: &[Vec<usize>],
) -> Result<(), TestCaseError> {
    let mut fresh = Fresh(0);
    let mut inserted = Vec::new();
    let mut deleted = Vec::new();
    let mut origin = NoteText::new(100, Part::Body);
    let base = fresh.take(base_len);
    inserted.extend(base.chars());
    let base_update = origin.insert(0, &base);
    let mut nodes: Vec<NoteText> = (0..replicas)
        .map(|r| {
            NoteText::from_state(replica_client_id(7, r as u64), Part::Body, &base_update).unwrap()
        })
        .collect();
    let mut updates: Vec<(usize, Vec<u8>)> = Vec::new();
    for (r, node) in nodes.iter_mut().enumerate() {
        for op in &edits[r] {
            if let Some(update) = run(node, op, &mut fresh, &mut inserted, &mut deleted) {
                updates.push((r, update));
            }
        }
    }
    // Each replica's own view before merging: its surviving characters keep their order.
    let local_views: Vec<Vec<char>> = nodes.iter().map(|n| n.text().chars().collect()).collect();
    for (r, node) in nodes.iter_mut().enumerate() {
        // A random order (some twice); an update whose predecessors have not arrived is refused
        // and retried later, as the sync feed's causal order would deliver it.
        let mut waiting: Vec<&[u8]> = Vec::new();
        if !updates.is_empty() {
            for &pick in &orders[r % orders.len()] {
                waiting.push(&updates[pick % updates.len()].1);
            }
        }
        waiting.extend(updates.iter().rev().map(|(_, u)| u.as_slice()));
        while !waiting.is_empty() {
            let before = waiting.len();
            let mut still = Vec::new();
            for update in waiting {
                match node.apply_update(update) {
                    Ok(()) => {}
                    Err(NoteError::MissingHistory) => still.push(update),
                    Err(other) => return Err(TestCaseError::fail(other.to_string())),
                }
            }
            prop_assert!(still.len() < before, "some update can always be applied");
            waiting = still;
        }
    }
    let texts: Vec<String> = nodes.iter().map(NoteText::text).collect();
    for text in &texts[1..] {
        prop_assert_eq!(text, &texts[0], "replicas converge");
    }
    let merged: Vec<char> = texts[0].chars().collect();
    let mut expected: Vec<char> = inserted
        .iter()
        .copied()
        .filter(|c| !deleted.contains(c))
        .collect();
    expected.sort_unstable();
    let mut got = merged.clone();
    got.sort_unstable();
    prop_assert_eq!(
        got,
        expected,
        "exactly the inserted characters that were not deleted"
    );
    for view in &local_views {
        let surviving: Vec<char> = view
            .iter()
            .copied()
            .filter(|c| !deleted.contains(c))
            .collect();
        prop_assert!(
            is_subsequence(&surviving, &merged),
            "a replica's own text keeps its order"
        );
    }
    // The server's way: merge everything into one update, restore a new device from it.
    let all: Vec<&[u8]> = std::iter::once(base_update.as_slice())
        .chain(updates.iter().map(|(_, u)| u.as_slice()))
        .collect();
    let merged_update = merge_updates(&all).unwrap();
    let restored = NoteText::from_state(99, Part::Body, &merged_update).unwrap();
    prop_assert_eq!(restored.text(), texts[0].clone());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn two_replicas_converge_without_losing_text(
        base_len in 0usize..20,
        a in proptest::collection::vec(op(), 0..12),
        b in proptest::collection::vec(op(), 0..12),
        orders in proptest::collection::vec(proptest::collection::vec(0usize..64, 0..30), 1..3),
    ) {
        concurrent_case(2, base_len, &[a, b], &orders)?;
    }

    #[test]
    fn three_replicas_converge_without_losing_text(
        base_len in 0usize..20,
        a in proptest::collection::vec(op(), 0..10),
        b in proptest::collection::vec(op(), 0..10),
        c in proptest::collection::vec(op(), 0..10),
        orders in proptest::collection::vec(proptest::collection::vec(0usize..64, 0..30), 1..4),
    ) {
        concurrent_case(3, base_len, &[a, b, c], &orders)?;
    }

    #[test]
    fn replace_with_reaches_the_new_text_and_its_update_does_too(
        old in "[a-zé😀 \n]{0,40}",
        new in "[a-zé😀 \n]{0,40}",
    ) {
        let mut writer = NoteText::new(5, Part::Body);
        let first = writer.replace_with(&old).unwrap();
        prop_assert_eq!(first.is_none(), old.is_empty());
        let mut reader = NoteText::from_state(6, Part::Body, &writer.encode_state()).unwrap();
        let update = writer.replace_with(&new).unwrap();
        prop_assert_eq!(writer.text(), new.clone());
        prop_assert_eq!(update.is_none(), old == new);
        if let Some(update) = update {
            reader.apply_update(&update).unwrap();
        }
        prop_assert_eq!(reader.text(), new);
    }

    #[test]
    fn random_bytes_are_refused_without_panicking_and_change_nothing(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut note = NoteText::new(5, Part::Body);
        note.replace_with("keep me").unwrap();
        let before = note.encode_state();
        if note.apply_update(&bytes).is_err() {
            prop_assert_eq!(note.encode_state(), before);
        }
        let _ = note.diff_since(&bytes);
        let _ = merge_updates(&[&bytes]);
    }

    #[test]
    fn corrupted_real_updates_never_panic(
        flips in proptest::collection::vec((0usize..400, any::<u8>()), 1..6),
        cut in 0usize..400,
    ) {
        let mut writer = NoteText::new(5, Part::Body);
        writer.replace_with("The session went well.\nWe talked about sleep.").unwrap();
        let mut update = writer.replace_with("The session went well.\nWe talked about sleep and work.").unwrap().unwrap();
        let len = update.len();
        for (at, value) in flips {
            update[at % len] = value;
        }
        update.truncate(cut.max(1));
        let mut reader = NoteText::new(6, Part::Body);
        let _ = reader.apply_update(&update);
        let _ = reader.text();
    }
}

#[test]
fn concurrent_typing_in_the_editor_keeps_both_sides() {
    let mut phone = NoteText::new(replica_client_id(1, 1), Part::Body);
    phone
        .replace_with("Met at the café.\nTalked about the job.")
        .unwrap();
    let mut tablet =
        NoteText::from_state(replica_client_id(2, 1), Part::Body, &phone.encode_state()).unwrap();
    let from_phone = phone
        .replace_with("Met at the café on Monday.\nTalked about the job.")
        .unwrap()
        .unwrap();
    let from_tablet = tablet
        .replace_with("Met at the café.\nTalked about the job interview.")
        .unwrap()
        .unwrap();
    phone.apply_update(&from_tablet).unwrap();
    tablet.apply_update(&from_phone).unwrap();
    let expected = "Met at the café on Monday.\nTalked about the job interview.";
    assert_eq!(phone.text(), expected);
    assert_eq!(tablet.text(), expected);
}

#[test]
fn an_update_whose_predecessor_is_missing_is_refused_until_it_arrives() {
    let mut writer = NoteText::new(5, Part::Body);
    let first = writer.replace_with("one").unwrap().unwrap();
    let second = writer.replace_with("one two").unwrap().unwrap();
    let mut reader = NoteText::new(6, Part::Body);
    let empty = reader.encode_state();
    assert_eq!(reader.apply_update(&second), Err(NoteError::MissingHistory));
    assert_eq!(reader.encode_state(), empty, "refused: nothing parked");
    reader.apply_update(&first).unwrap();
    reader.apply_update(&second).unwrap();
    reader.apply_update(&first).unwrap();
    assert_eq!(reader.text(), "one two", "twice is harmless");
    let sv = reader.state_vector();
    assert!(writer.diff_since(&sv).unwrap().len() < 20, "nothing new");
}

#[test]
fn limits_are_enforced_and_a_refused_update_changes_nothing() {
    let mut summary = NoteText::new(5, Part::Summary);
    let long = "x".repeat(MAX_SUMMARY_CHARS + 1);
    assert_eq!(
        summary.replace_with(&long),
        Err(NoteError::TooLong {
            max: MAX_SUMMARY_CHARS
        })
    );
    assert_eq!(summary.text(), "");
    // The same text arriving as a body update is fine for a body, refused for a summary.
    let mut body = NoteText::new(6, Part::Body);
    let update = body.replace_with(&long).unwrap().unwrap();
    summary.replace_with("short").unwrap();
    assert_eq!(
        summary.apply_update(&update),
        Err(NoteError::TooLong {
            max: MAX_SUMMARY_CHARS
        })
    );
    assert_eq!(summary.text(), "short");
    assert_eq!(
        check_update(&vec![0; MAX_UPDATE_BYTES + 1]),
        Err(NoteError::UpdateTooLarge {
            max: MAX_UPDATE_BYTES
        })
    );
    assert_eq!(check_update(b"not an update"), Err(NoteError::Malformed));
    assert!(check_update(&update).is_ok());
    assert_eq!(
        NoteError::TooLong { max: 3 }
            .on_field("body_update")
            .field(),
        "body_update"
    );
}

#[test]
fn deletions_merge_and_restore() {
    let mut a = NoteText::new(11, Part::Body);
    a.replace_with("private thought to remove; keep this")
        .unwrap();
    let mut b = NoteText::from_state(12, Part::Body, &a.encode_state()).unwrap();
    let removal = b.replace_with("keep this").unwrap().unwrap();
    a.apply_update(&removal).unwrap();
    assert_eq!(a.text(), "keep this");
    let restored = NoteText::from_state(13, Part::Body, &a.encode_state()).unwrap();
    assert_eq!(restored.text(), "keep this");
}

#[test]
fn client_ids_are_53_bit_distinct_and_never_the_servers() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..50u64 {
        for salt in 0..50u64 {
            let id = replica_client_id(seed, salt);
            assert!(id < (1 << 53) && id > SERVER_CLIENT_ID);
            assert!(seen.insert(id), "collision at {seed}/{salt}");
        }
    }
}

#[test]
fn titles_and_previews_come_from_the_text() {
    assert_eq!(
        title_and_preview("\n  Monday session  \nWe talked\n\nabout   sleep."),
        (
            "Monday session".to_owned(),
            "We talked about sleep.".to_owned()
        )
    );
    assert_eq!(title_and_preview(""), (String::new(), String::new()));
    let long = "é".repeat(200);
    let (title, _) = title_and_preview(&long);
    assert_eq!(title.chars().count(), TITLE_CHARS);
}

#[test]
fn debug_output_never_shows_the_text() {
    let mut note = NoteText::new(5, Part::Body);
    note.replace_with("a secret").unwrap();
    assert!(!format!("{note:?}").contains("secret"));
}
