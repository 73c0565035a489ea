//! Shared set-up for the messaging router tests: a matched pair (with its coordinator), sending
//! messages, acknowledging, and reading the messaging entries of a feed.

use domain::wire::v1::SessionCreated;
use serde_json::{Value, json};
use uuid::Uuid;

use super::TestApp;
use super::mentoring_support::{
    act, applied, approved_mentor, coordinator, feed, mentee, push, push_mutation, request_mentor,
};

/// A mentee and a mentor in one relationship, and their program's coordinator.
pub struct Pair {
    pub mentee: SessionCreated,
    pub mentor: SessionCreated,
    pub coordinator: SessionCreated,
    pub id: Uuid,
}

/// A requested relationship (the mentor has not answered).
pub async fn requested_pair(app: &TestApp) -> Pair {
    let coordinator = coordinator(app).await;
    let mentor = approved_mentor(app, &coordinator.token, 2).await;
    let mentee = mentee(app).await;
    let (outcome, id) = request_mentor(app, &mentee.token, mentor.me.user_id).await;
    applied(&outcome);
    Pair {
        mentee,
        mentor,
        coordinator,
        id,
    }
}

/// An accepted relationship: messaging is open.
pub async fn pair(app: &TestApp) -> Pair {
    let pair = requested_pair(app).await;
    applied(&act(app, &pair.mentor.token, pair.id, json!({"type": "accept"})).await);
    pair
}

/// A `send_message` mutation with fresh ids.
pub fn send_mutation(relationship_id: Uuid, text: &str) -> Value {
    json!({
        "mutation_id": Uuid::now_v7(),
        "created_at_ms": 1,
        "body": {
            "type": "send_message",
            "relationship_id": relationship_id,
            "message_id": Uuid::now_v7(),
            "text": text,
        },
    })
}

/// Sends one message; returns its outcome.
pub async fn send(app: &TestApp, token: &str, relationship_id: Uuid, text: &str) -> Value {
    push_mutation(app, token, &send_mutation(relationship_id, text)).await
}

/// Acknowledges a conversation up to the given numbers; returns the outcome.
pub async fn acknowledge(
    app: &TestApp,
    token: &str,
    relationship_id: Uuid,
    delivered_up_to: u64,
    read_up_to: u64,
) -> Value {
    push(
        app,
        token,
        json!({
            "type": "acknowledge_messages",
            "relationship_id": relationship_id,
            "delivered_up_to": delivered_up_to,
            "read_up_to": read_up_to,
        }),
    )
    .await
}

/// The bodies of the feed's changes of one type, oldest first.
pub async fn feed_of(app: &TestApp, token: &str, kind: &str) -> Vec<Value> {
    feed(app, token)
        .await
        .into_iter()
        .filter(|change| change["body"]["type"] == kind)
        .collect()
}

/// The messages in the person's feed, oldest first.
pub async fn messages(app: &TestApp, token: &str) -> Vec<Value> {
    feed_of(app, token, "message_added")
        .await
        .into_iter()
        .map(|change| change["body"]["message"].clone())
        .collect()
}

/// The receipts in the person's feed, oldest first.
pub async fn receipts(app: &TestApp, token: &str) -> Vec<Value> {
    feed_of(app, token, "receipts_changed")
        .await
        .into_iter()
        .map(|change| change["body"]["receipts"].clone())
        .collect()
}
