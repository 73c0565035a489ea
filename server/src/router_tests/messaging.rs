//! Messaging through the push endpoint: sending (numbering, both feeds, retries, refusals),
//! ordering under concurrent sends, and receipts (forward only, read implies delivered, read
//! receipts shared only when the reader allows it).

use std::time::Duration;

use axum::http::StatusCode;
use domain::messaging::MAX_MESSAGE_CHARS;
use serde_json::{Value, json};
use uuid::Uuid;

use super::TestApp;
use super::mentoring_support::{act, applied, feed, push, push_mutation, rejected};
use super::messaging_support::{
    acknowledge, messages, pair, receipts, requested_pair, send, send_mutation,
};
use crate::db::store::mentoring::relationships;

fn seqs(messages: &[Value]) -> Vec<u64> {
    messages
        .iter()
        .map(|message| message["seq"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn sent_messages_are_numbered_and_reach_both_feeds_once() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    app.state.clock().advance(Duration::from_secs(3600));
    let first = send_mutation(pair.id, "\n Hello there \n");
    let outcome = push_mutation(&app, &pair.mentee.token, &first).await;
    applied(&outcome);
    applied(&send(&app, &pair.mentor.token, pair.id, "Hi! How are you?").await);
    applied(&send(&app, &pair.mentee.token, pair.id, "Better today.").await);

    for token in [&pair.mentee.token, &pair.mentor.token] {
        let messages = messages(&app, token).await;
        assert_eq!(seqs(&messages), [1, 2, 3]);
        assert_eq!(messages[0]["text"], "Hello there");
        assert_eq!(messages[0]["message_id"], first["body"]["message_id"]);
        assert_eq!(messages[0]["sender_id"], json!(pair.mentee.me.user_id));
        assert_eq!(messages[1]["sender_id"], json!(pair.mentor.me.user_id));
        assert_eq!(messages[0]["relationship_id"], json!(pair.id));
    }
    // Only the sender's entry carries the mutation id, at the acknowledged position.
    let mentee_feed = feed(&app, &pair.mentee.token).await;
    let own = mentee_feed
        .iter()
        .find(|change| change["mutation_id"] == first["mutation_id"])
        .unwrap();
    assert_eq!(own["position"], outcome["position"]);
    assert!(
        feed(&app, &pair.mentor.token)
            .await
            .iter()
            .all(|change| change["mutation_id"] != first["mutation_id"])
    );

    // A retry is a duplicate at the same position; nothing new is written.
    let retry = push_mutation(&app, &pair.mentee.token, &first).await;
    assert_eq!(retry["status"], "duplicate");
    assert_eq!(retry["position"], outcome["position"]);
    // The same message id under another mutation is a conflict.
    let mut again = first.clone();
    again["mutation_id"] = json!(Uuid::now_v7());
    rejected(
        &push_mutation(&app, &pair.mentee.token, &again).await,
        "conflict",
    );
    assert_eq!(app.count("messages"), 3);
    assert_eq!(messages(&app, &pair.mentor.token).await.len(), 3);

    // Writing counts as contact.
    let now = app.state.clock().now_ms();
    let id = pair.id;
    let stored = app
        .state
        .db()
        .read(move |conn| relationships::get(conn, id, now))
        .await
        .unwrap()
        .unwrap();
    assert!(
        stored.last_contact_at_ms >= now - 60_000,
        "{}",
        stored.last_contact_at_ms
    );
}

#[tokio::test]
async fn only_members_of_an_open_conversation_may_send_valid_text() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let stranger = app.sign_up("stranger@example.org").await;
    // Not a member (even the coordinator) reads exactly like an unknown conversation.
    let unknown = send(&app, &stranger.token, Uuid::now_v7(), "hello").await;
    rejected(&unknown, "not_found");
    for token in [&stranger.token, &pair.coordinator.token] {
        let outcome = send(&app, token, pair.id, "hello").await;
        rejected(&outcome, "not_found");
        assert_eq!(outcome["error"], unknown["error"]);
    }
    // Text is checked.
    let too_long = "a".repeat(MAX_MESSAGE_CHARS + 1);
    for text in ["  \n ", too_long.as_str()] {
        let outcome = send(&app, &pair.mentee.token, pair.id, text).await;
        rejected(&outcome, "validation_failed");
        assert_eq!(outcome["error"]["field"], "text");
    }
    // Not accepted yet, and ended: conflict.
    let waiting = requested_pair(&app).await;
    rejected(
        &send(&app, &waiting.mentee.token, waiting.id, "hello?").await,
        "conflict",
    );
    applied(
        &act(
            &app,
            &pair.mentee.token,
            pair.id,
            json!({"type": "close", "reason": "not_a_good_fit"}),
        )
        .await,
    );
    for token in [&pair.mentee.token, &pair.mentor.token] {
        rejected(
            &send(&app, token, pair.id, "still there?").await,
            "conflict",
        );
    }
    assert_eq!(app.count("messages"), 0);
    assert!(messages(&app, &pair.mentor.token).await.is_empty());
}

#[tokio::test]
async fn concurrent_sends_from_both_members_get_dense_unique_numbers() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let per_member = 15;
    let sends = (0..per_member).flat_map(|n| {
        [&pair.mentee.token, &pair.mentor.token].map(|token| {
            let (app, id) = (&app, pair.id);
            async move { send(app, token, id, &format!("message {n}")).await }
        })
    });
    for outcome in futures::future::join_all(sends).await {
        applied(&outcome);
    }
    let expected: Vec<u64> = (1..=2 * per_member).collect();
    for token in [&pair.mentee.token, &pair.mentor.token] {
        // Each feed holds every message once, in conversation order.
        assert_eq!(seqs(&messages(&app, token).await), expected);
    }
}

fn marks(receipt: &Value) -> (u64, u64) {
    (
        receipt["watermarks"]["delivered_up_to"].as_u64().unwrap(),
        receipt["watermarks"]["read_up_to"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn receipts_move_forward_and_read_receipts_are_shared_only_if_allowed() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    for n in 0..3 {
        applied(&send(&app, &pair.mentor.token, pair.id, &format!("m{n}")).await);
    }
    let (mentee, mentor) = (&pair.mentee.token, &pair.mentor.token);

    applied(&acknowledge(&app, mentee, pair.id, 2, 0).await);
    applied(&acknowledge(&app, mentee, pair.id, 0, 1).await);
    // Going back changes nothing (and appends nothing).
    applied(&acknowledge(&app, mentee, pair.id, 1, 0).await);
    // Past the last message is clamped; reading implies delivery.
    applied(&acknowledge(&app, mentee, pair.id, 0, 99).await);
    let seen = receipts(&app, mentor).await;
    assert_eq!(
        seen.iter().map(marks).collect::<Vec<_>>(),
        [(2, 0), (2, 1), (3, 3)]
    );
    assert!(
        seen.iter()
            .all(|r| r["user_id"] == json!(pair.mentee.me.user_id))
    );
    assert!(seen.iter().all(|r| r["relationship_id"] == json!(pair.id)));
    assert_eq!(
        receipts(&app, mentee).await,
        seen,
        "own devices hear the same"
    );

    // The mentee stops sharing read receipts: delivery still reaches the mentor, reading not.
    applied(
        &push(
            &app,
            mentee,
            json!({"type": "update_settings", "read_receipts": false}),
        )
        .await,
    );
    for n in 3..5 {
        applied(&send(&app, mentor, pair.id, &format!("m{n}")).await);
    }
    applied(&acknowledge(&app, mentee, pair.id, 4, 0).await);
    applied(&acknowledge(&app, mentee, pair.id, 4, 4).await);
    applied(&acknowledge(&app, mentee, pair.id, 5, 5).await);
    let seen = receipts(&app, mentor).await;
    assert_eq!(
        seen.iter().skip(3).map(marks).collect::<Vec<_>>(),
        [(4, 3), (5, 3)],
        "reading alone tells the mentor nothing"
    );
    let own = receipts(&app, mentee).await;
    assert_eq!(
        own.iter().skip(3).map(marks).collect::<Vec<_>>(),
        [(4, 3), (4, 4), (5, 5)],
        "the mentee's own devices hear everything"
    );
    // The mentor's own receipts are shared (their setting is on).
    applied(&acknowledge(&app, mentor, pair.id, 5, 5).await);
    assert_eq!(marks(receipts(&app, mentee).await.last().unwrap()), (5, 5));

    // Only members acknowledge.
    let stranger = app.sign_up("stranger@example.org").await;
    rejected(
        &acknowledge(&app, &stranger.token, pair.id, 1, 1).await,
        "not_found",
    );
}

#[tokio::test]
async fn a_push_carrying_a_settings_change_then_receipts_uses_the_new_setting() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    applied(&send(&app, &pair.mentor.token, pair.id, "hello").await);
    let body = json!({"protocol": 1, "mutations": [
        {"mutation_id": Uuid::now_v7(), "created_at_ms": 1,
         "body": {"type": "update_settings", "read_receipts": false}},
        {"mutation_id": Uuid::now_v7(), "created_at_ms": 1,
         "body": {"type": "acknowledge_messages", "relationship_id": pair.id,
                  "delivered_up_to": 1, "read_up_to": 1}},
    ]});
    let reply = app
        .call(
            axum::http::Method::POST,
            "/v1/sync/push",
            Some(&pair.mentee.token),
            Some(body),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let seen = receipts(&app, &pair.mentor.token).await;
    assert_eq!(seen.iter().map(marks).collect::<Vec<_>>(), [(1, 0)]);
}

#[tokio::test]
async fn messages_queued_offline_and_pushed_together_keep_their_order() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let queued: Vec<Value> = (2..=4)
        .map(|n| send_mutation(pair.id, &format!("offline {n}")))
        .collect();
    let reply = app
        .call(
            axum::http::Method::POST,
            "/v1/sync/push",
            Some(&pair.mentee.token),
            Some(json!({"protocol": 1, "mutations": queued})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    for outcome in reply.body["outcomes"].as_array().unwrap() {
        applied(outcome);
    }
    let messages = messages(&app, &pair.mentor.token).await;
    let texts: Vec<&str> = messages
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["offline 2", "offline 3", "offline 4"]);
    assert_eq!(seqs(&messages), [1, 2, 3]);
}
