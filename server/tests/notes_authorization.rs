//! Notes authorisation, black-box through the real server binary, from the attacker's side: the
//! other member of the match, another member of the program, the program's coordinator and a
//! person from another program try to read, overwrite, share or delete a mentor's private note.
//! None of them can; only the summary the author chose to share — never the body — reaches the
//! other member of the match, and nobody else.

mod support;

use domain::notes::{NoteKind, NoteText, Part, replica_client_id};
use domain::wire::v1::{ErrorCode, MutationBody, encode_update};
use support::{Beacon, Session, applied, email, mutation, password, rejected};
use uuid::Uuid;

/// The private body: only Mia (the author) may ever receive it.
const BODY: &str = "Note-Body-Okapi-5521: Tom said he stopped taking his medication";
/// The summary Mia shares with Tom, and only with Tom.
const SUMMARY: &str = "Note-Summary-Heron-8830: we agreed to meet weekly";

fn edit(
    note_id: Uuid,
    relationship_id: Option<Uuid>,
    body: Option<&[u8]>,
    summary: Option<&[u8]>,
) -> domain::wire::v1::Mutation {
    mutation(MutationBody::EditNote {
        note_id,
        relationship_id,
        kind: NoteKind::Free,
        body_update: body.map(encode_update),
        summary_update: summary.map(encode_update),
    })
}

/// Everything the server would give `who`: their whole feed and their export.
async fn everything(beacon: &Beacon, who: &Session) -> String {
    let feed = beacon.pull_all(&who.token, 0).await;
    let export = beacon.export(&who.token).await;
    format!(
        "{}{}",
        serde_json::to_string(&feed).unwrap(),
        serde_json::to_string(&export).unwrap()
    )
}

#[tokio::test]
async fn nobody_but_the_author_reads_or_changes_a_private_note() {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    let other_program = beacon.create_program("Lighthouse", "Other program", &["en-GB"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let pair = beacon
        .accepted_pair(program, &cora.token, "Mia Lantern", "Tom Harrow")
        .await;
    let (mia, tom, relationship) = (&pair.mentor, &pair.mentee, pair.relationship_id);
    let eve = beacon
        .signup(program, &email("eve"), &password("eve"), "Eve Same-Program")
        .await;
    let oz = beacon
        .signup(other_program, &email("oz"), &password("oz"), "Oz Elsewhere")
        .await;

    let note_id = Uuid::now_v7();
    let mut body = NoteText::new(replica_client_id(1, 1), Part::Body);
    let mut summary = NoteText::new(replica_client_id(1, 2), Part::Summary);
    let b = body.replace_with(BODY).unwrap().unwrap();
    let s = summary.replace_with(SUMMARY).unwrap().unwrap();
    applied(
        &beacon
            .push_one(
                &mia.token,
                &edit(note_id, Some(relationship), Some(&b), Some(&s)),
            )
            .await,
    );

    let attackers: [(&str, &Session); 4] =
        [("tom", tom), ("eve", &eve), ("cora", &cora), ("oz", &oz)];
    for (who, attacker) in attackers {
        // Overwrite, or append to, the body; both are refused.
        let mut forged = NoteText::from_state(replica_client_id(66, 6), Part::Body, &b).unwrap();
        let wipe = forged.replace_with("").unwrap().unwrap();
        let outcome = beacon
            .push_one(
                &attacker.token,
                &edit(note_id, Some(relationship), Some(&wipe), None),
            )
            .await;
        rejected(&outcome, ErrorCode::Forbidden);
        // Share it, or delete it: refused exactly like an unknown note id.
        for body in [
            MutationBody::SetNoteSummaryShared {
                note_id,
                shared: true,
            },
            MutationBody::DeleteNote { note_id },
        ] {
            let real = beacon
                .push_one(&attacker.token, &mutation(body.clone()))
                .await;
            let unknown = match body {
                MutationBody::DeleteNote { .. } => None,
                _ => Some(
                    beacon
                        .push_one(
                            &attacker.token,
                            &mutation(MutationBody::SetNoteSummaryShared {
                                note_id: Uuid::now_v7(),
                                shared: true,
                            }),
                        )
                        .await,
                ),
            };
            let real = rejected(&real, ErrorCode::NotFound);
            if let Some(unknown) = unknown {
                assert_eq!(
                    real,
                    rejected(&unknown, ErrorCode::NotFound),
                    "{who}: indistinguishable"
                );
            }
        }
        // A note of their own about Mia and Tom's relationship (only Tom is in it).
        let mut mine = NoteText::new(replica_client_id(77, 7), Part::Body);
        let wipe = mine.replace_with("my own words").unwrap().unwrap();
        let own = beacon
            .push_one(
                &attacker.token,
                &edit(Uuid::now_v7(), Some(relationship), Some(&wipe), None),
            )
            .await;
        if who == "tom" {
            applied(&own);
        } else {
            rejected(&own, ErrorCode::Forbidden);
        }
        let seen = everything(&beacon, attacker).await;
        assert!(
            !seen.contains("Okapi") && !seen.contains(&encode_update(&b)),
            "{who} saw the body"
        );
        assert!(
            !seen.contains(&note_id.to_string()),
            "{who} learnt the note exists"
        );
    }

    // Shared: Tom (only) gets the summary, never the body.
    applied(
        &beacon
            .push_one(
                &mia.token,
                &mutation(MutationBody::SetNoteSummaryShared {
                    note_id,
                    shared: true,
                }),
            )
            .await,
    );
    let toms = everything(&beacon, tom).await;
    assert!(
        toms.contains("shared_summary_changed"),
        "Tom gets the shared summary"
    );
    assert!(!toms.contains(&encode_update(&b)) && !toms.contains("Okapi"));
    for (who, attacker) in [("eve", &eve), ("cora", &cora), ("oz", &oz)] {
        let seen = everything(&beacon, attacker).await;
        assert!(
            !seen.contains(&note_id.to_string()),
            "{who} saw a shared summary not meant for them"
        );
    }

    // Mia's own devices restore it; her export holds it as text.
    let export = beacon.export(&mia.token).await;
    assert_eq!(export.notes.len(), 1);
    assert_eq!(
        (
            export.notes[0].body.as_str(),
            export.notes[0].summary.as_str()
        ),
        (BODY, SUMMARY)
    );
}
