//! Notes through the push endpoint: merged on the server and restored from the feed, only the
//! author ever sees a body, a shared summary (only) reaches the other member and is withdrawn on
//! unshare and delete; malformed, over-long and foreign edits are refused and change nothing.

use axum::http::Method;
use domain::notes::{NoteText, Part, replica_client_id};
use domain::wire::v1::encode_update;
use serde_json::{Value, json};
use uuid::Uuid;

use super::mentoring_support::{applied, feed, push, push_mutation, rejected};
use super::messaging_support::pair;
use super::{PASSWORD, TestApp};

fn edit(
    note_id: Uuid,
    relationship_id: Option<Uuid>,
    body: Option<&[u8]>,
    summary: Option<&[u8]>,
) -> Value {
    json!({
        "mutation_id": Uuid::now_v7(),
        "created_at_ms": 1,
        "body": {
            "type": "edit_note",
            "note_id": note_id,
            "relationship_id": relationship_id,
            "kind": {"type": "free"},
            "body_update": body.map(encode_update),
            "summary_update": summary.map(encode_update),
        },
    })
}

fn of_type(changes: &[Value], kind: &str) -> Vec<Value> {
    changes
        .iter()
        .filter(|c| c["body"]["type"] == kind)
        .map(|c| c["body"].clone())
        .collect()
}

/// Merges every `note_changed` body update in a feed, as a new device restoring would.
fn restored_body(changes: &[Value], note_id: Uuid) -> String {
    let mut text = NoteText::new(replica_client_id(9, 9), Part::Body);
    for change in of_type(changes, "note_changed") {
        if change["note"]["note_id"] == json!(note_id)
            && let Some(update) = change["body_update"].as_str()
        {
            let bytes = domain::wire::v1::decode_update(update).unwrap();
            text.apply_update(&bytes).unwrap();
        }
    }
    text.text()
}

#[tokio::test]
async fn a_note_is_merged_restored_from_the_feed_and_private_to_its_author() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let note_id = Uuid::now_v7();
    // Two devices of the mentor edit concurrently.
    let mut phone = NoteText::new(replica_client_id(1, 1), Part::Body);
    let first = phone.replace_with("Talked about sleep.").unwrap().unwrap();
    let mut tablet = NoteText::from_state(replica_client_id(2, 1), Part::Body, &first).unwrap();
    let from_phone = phone
        .replace_with("Talked about sleep and work.")
        .unwrap()
        .unwrap();
    let from_tablet = tablet
        .replace_with("Monday: Talked about sleep.")
        .unwrap()
        .unwrap();
    for update in [&first, &from_phone, &from_tablet] {
        applied(
            &push_mutation(
                &app,
                &pair.mentor.token,
                &edit(note_id, Some(pair.id), Some(update), None),
            )
            .await,
        );
    }
    let own = feed(&app, &pair.mentor.token).await;
    assert_eq!(
        restored_body(&own, note_id),
        "Monday: Talked about sleep and work."
    );
    assert_eq!(
        of_type(&own, "note_changed")[0]["note"]["author_id"],
        json!(pair.mentor.me.user_id)
    );
    assert_eq!(app.count("notes"), 1);

    // Nobody else's feed mentions it; the mentee's export does not hold it, the mentor's does.
    for token in [&pair.mentee.token, &pair.coordinator.token] {
        let text = serde_json::to_string(&feed(&app, token).await).unwrap();
        assert!(!text.contains(&note_id.to_string()), "{text}");
    }
    let export = app.get("/v1/me/export", &pair.mentor.token).await;
    assert_eq!(
        export.body["notes"][0]["body"],
        "Monday: Talked about sleep and work."
    );
    let export = app.get("/v1/me/export", &pair.mentee.token).await;
    assert!(export.body["notes"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn only_the_author_edits_shares_or_deletes_a_note() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let note_id = Uuid::now_v7();
    let mut text = NoteText::new(3, Part::Body);
    let update = text.replace_with("mine").unwrap().unwrap();
    applied(
        &push_mutation(
            &app,
            &pair.mentee.token,
            &edit(note_id, Some(pair.id), Some(&update), None),
        )
        .await,
    );

    let mut theirs = NoteText::new(4, Part::Body);
    let overwrite = theirs.replace_with("hijacked").unwrap().unwrap();
    rejected(
        &push_mutation(
            &app,
            &pair.mentor.token,
            &edit(note_id, Some(pair.id), Some(&overwrite), None),
        )
        .await,
        "forbidden",
    );
    rejected(
        &push(
            &app,
            &pair.mentor.token,
            json!({"type": "set_note_summary_shared", "note_id": note_id, "shared": true}),
        )
        .await,
        "not_found",
    );
    rejected(
        &push(
            &app,
            &pair.mentor.token,
            json!({"type": "delete_note", "note_id": note_id}),
        )
        .await,
        "not_found",
    );
    let export = app.get("/v1/me/export", &pair.mentee.token).await;
    assert_eq!(export.body["notes"][0]["body"], "mine");
    // A note about someone else's relationship cannot be created.
    let stranger = app.sign_up("stranger@example.org").await;
    rejected(
        &push_mutation(
            &app,
            &stranger.token,
            &edit(Uuid::now_v7(), Some(pair.id), Some(&overwrite), None),
        )
        .await,
        "forbidden",
    );
    assert_eq!(app.count("notes"), 1);
}

#[tokio::test]
async fn malformed_over_long_and_out_of_order_updates_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let note_id = Uuid::now_v7();
    let bad = json!({
        "mutation_id": Uuid::now_v7(), "created_at_ms": 1,
        "body": {"type": "edit_note", "note_id": note_id, "kind": {"type": "free"}, "body_update": "%%% not base64"},
    });
    let outcome = push_mutation(&app, &pair.mentee.token, &bad).await;
    rejected(&outcome, "validation_failed");
    assert_eq!(outcome["error"]["field"], "body_update");
    let garbage = push_mutation(
        &app,
        &pair.mentee.token,
        &edit(note_id, None, Some(&[1, 2, 3, 250, 7]), None),
    )
    .await;
    assert_eq!(garbage["error"]["field"], "body_update");
    let empty = json!({
        "mutation_id": Uuid::now_v7(), "created_at_ms": 1,
        "body": {"type": "edit_note", "note_id": note_id, "kind": {"type": "free"}},
    });
    rejected(
        &push_mutation(&app, &pair.mentee.token, &empty).await,
        "validation_failed",
    );

    let mut summary = NoteText::new(5, Part::Body);
    let long = summary
        .replace_with(&"x".repeat(domain::notes::MAX_SUMMARY_CHARS + 1))
        .unwrap()
        .unwrap();
    let outcome = push_mutation(
        &app,
        &pair.mentee.token,
        &edit(note_id, None, None, Some(&long)),
    )
    .await;
    rejected(&outcome, "validation_failed");
    assert_eq!(outcome["error"]["field"], "summary_update");

    let mut text = NoteText::new(6, Part::Body);
    let _first = text.replace_with("one").unwrap().unwrap();
    let second = text.replace_with("one two").unwrap().unwrap();
    let outcome = push_mutation(
        &app,
        &pair.mentee.token,
        &edit(note_id, None, Some(&second), None),
    )
    .await;
    rejected(&outcome, "validation_failed");
    assert_eq!(app.count("notes"), 0, "nothing was written");
}

async fn shared_summaries(app: &TestApp, token: &str) -> (Vec<Value>, Vec<Value>) {
    let changes = feed(app, token).await;
    (
        of_type(&changes, "shared_summary_changed"),
        of_type(&changes, "shared_summary_withdrawn"),
    )
}

#[tokio::test]
async fn a_shared_summary_reaches_the_other_member_never_the_body_and_is_withdrawn() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let note_id = Uuid::now_v7();
    let mut body = NoteText::new(7, Part::Body);
    let mut summary = NoteText::new(8, Part::Summary);
    let body_update = body
        .replace_with("PRIVATE: worried about relapse")
        .unwrap()
        .unwrap();
    let summary_update = summary
        .replace_with("We agreed on a walk")
        .unwrap()
        .unwrap();
    applied(
        &push_mutation(
            &app,
            &pair.mentor.token,
            &edit(
                note_id,
                Some(pair.id),
                Some(&body_update),
                Some(&summary_update),
            ),
        )
        .await,
    );
    assert!(
        shared_summaries(&app, &pair.mentee.token)
            .await
            .0
            .is_empty(),
        "not shared yet"
    );

    let share = json!({"type": "set_note_summary_shared", "note_id": note_id, "shared": true});
    applied(&push(&app, &pair.mentor.token, share).await);
    let more = summary
        .replace_with("We agreed on a walk on Friday")
        .unwrap()
        .unwrap();
    let body_more = body
        .replace_with("PRIVATE: worried about relapse, call Sam")
        .unwrap()
        .unwrap();
    applied(
        &push_mutation(
            &app,
            &pair.mentor.token,
            &edit(note_id, Some(pair.id), Some(&body_more), Some(&more)),
        )
        .await,
    );

    let (summaries, _) = shared_summaries(&app, &pair.mentee.token).await;
    assert_eq!(summaries.len(), 2, "the whole summary, then the edit");
    let mut seen = NoteText::new(9, Part::Summary);
    for change in &summaries {
        assert_eq!(
            change["summary"]["author_id"],
            json!(pair.mentor.me.user_id)
        );
        assert_eq!(change["summary"]["relationship_id"], json!(pair.id));
        let bytes =
            domain::wire::v1::decode_update(change["summary"]["summary_update"].as_str().unwrap())
                .unwrap();
        seen.apply_update(&bytes).unwrap();
    }
    assert_eq!(seen.text(), "We agreed on a walk on Friday");
    let mentee_feed = serde_json::to_string(&feed(&app, &pair.mentee.token).await).unwrap();
    assert!(
        !mentee_feed.contains(&encode_update(&body_update)),
        "never the body"
    );
    assert!(!mentee_feed.contains("note_changed"));

    let unshare = json!({"type": "set_note_summary_shared", "note_id": note_id, "shared": false});
    applied(&push(&app, &pair.mentor.token, unshare).await);
    let (summaries, withdrawn) = shared_summaries(&app, &pair.mentee.token).await;
    assert!(summaries.is_empty(), "removed from the reader's feed");
    assert_eq!(withdrawn.len(), 1);
    // Edits while unshared stay with the author.
    let later = summary.replace_with("private again").unwrap().unwrap();
    applied(
        &push_mutation(
            &app,
            &pair.mentor.token,
            &edit(note_id, Some(pair.id), None, Some(&later)),
        )
        .await,
    );
    assert!(
        shared_summaries(&app, &pair.mentee.token)
            .await
            .0
            .is_empty()
    );
}

#[tokio::test]
async fn deleting_a_note_removes_its_text_everywhere_and_stays_deleted() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let note_id = Uuid::now_v7();
    let mut body = NoteText::new(7, Part::Body);
    let mut summary = NoteText::new(8, Part::Summary);
    let b = body.replace_with("secret body").unwrap().unwrap();
    let s = summary.replace_with("shared words").unwrap().unwrap();
    applied(
        &push_mutation(
            &app,
            &pair.mentee.token,
            &edit(note_id, Some(pair.id), Some(&b), Some(&s)),
        )
        .await,
    );
    applied(
        &push(
            &app,
            &pair.mentee.token,
            json!({"type": "set_note_summary_shared", "note_id": note_id, "shared": true}),
        )
        .await,
    );
    assert_eq!(shared_summaries(&app, &pair.mentor.token).await.0.len(), 1);

    applied(
        &push(
            &app,
            &pair.mentee.token,
            json!({"type": "delete_note", "note_id": note_id}),
        )
        .await,
    );
    let own = feed(&app, &pair.mentee.token).await;
    assert!(
        of_type(&own, "note_changed").is_empty(),
        "its updates left the feed"
    );
    assert_eq!(of_type(&own, "note_deleted")[0]["note_id"], json!(note_id));
    let (summaries, withdrawn) = shared_summaries(&app, &pair.mentor.token).await;
    assert!(summaries.is_empty());
    assert_eq!(withdrawn.len(), 1);
    let export = app.get("/v1/me/export", &pair.mentee.token).await;
    assert!(export.body["notes"].as_array().unwrap().is_empty());

    // A late edit from an offline device does not bring it back.
    let late = body.replace_with("secret body, more").unwrap().unwrap();
    rejected(
        &push_mutation(
            &app,
            &pair.mentee.token,
            &edit(note_id, Some(pair.id), Some(&late), None),
        )
        .await,
        "conflict",
    );
    // Deleting a note the server never saw is fine (its edits were still queued).
    applied(
        &push(
            &app,
            &pair.mentee.token,
            json!({"type": "delete_note", "note_id": Uuid::now_v7()}),
        )
        .await,
    );
}

#[tokio::test]
async fn deleting_the_account_deletes_notes_and_withdraws_shared_summaries() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let note_id = Uuid::now_v7();
    let mut summary = NoteText::new(8, Part::Summary);
    let s = summary.replace_with("shared words").unwrap().unwrap();
    applied(
        &push_mutation(
            &app,
            &pair.mentee.token,
            &edit(note_id, Some(pair.id), None, Some(&s)),
        )
        .await,
    );
    applied(
        &push(
            &app,
            &pair.mentee.token,
            json!({"type": "set_note_summary_shared", "note_id": note_id, "shared": true}),
        )
        .await,
    );
    let reply = app
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&pair.mentee.token),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.body);
    assert_eq!(app.count("notes"), 0);
    let (summaries, withdrawn) = shared_summaries(&app, &pair.mentor.token).await;
    assert!(summaries.is_empty());
    assert_eq!(withdrawn.len(), 1);
}

#[tokio::test]
async fn a_summary_cannot_be_shared_without_a_relationship() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let note_id = Uuid::now_v7();
    let mut body = NoteText::new(7, Part::Body);
    let b = body.replace_with("just for me").unwrap().unwrap();
    applied(
        &push_mutation(
            &app,
            &pair.mentee.token,
            &edit(note_id, None, Some(&b), None),
        )
        .await,
    );
    let outcome = push(
        &app,
        &pair.mentee.token,
        json!({"type": "set_note_summary_shared", "note_id": note_id, "shared": true}),
    )
    .await;
    rejected(&outcome, "validation_failed");
    assert!(
        shared_summaries(&app, &pair.mentor.token)
            .await
            .0
            .is_empty()
    );
}
