//! Shared set-up for the mentoring router tests: people in each role, valid applications and
//! requests, pushing one mutation, and reading feeds.

use axum::http::{Method, StatusCode};
use domain::account::Role;
use domain::wire::v1::SessionCreated;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Reply, TestApp};
use crate::db::store::users;

/// Weekday evenings in London, 18:00–21:00.
pub fn evenings() -> Value {
    json!(
        ["monday", "tuesday", "wednesday", "thursday", "friday"]
            .iter()
            .map(|day| json!({"weekday": day, "start_minute": 1080, "end_minute": 1260}))
            .collect::<Vec<_>>()
    )
}

/// A complete application (all required training done), with a private reference.
pub fn application(capacity: u32) -> Value {
    json!({
        "areas": ["anxiety"],
        "stable_since": "2020-01-01",
        "training": [
            {"module": "peer support foundations", "completed_on": "2024-01-10"},
            {"module": "boundaries and confidentiality", "completed_on": "2024-01-11"},
            {"module": "safeguarding and risk", "completed_on": "2024-01-12"},
        ],
        "references": [{"name": "Ref Secretname", "contact": "ref-secret@example.org"}],
        "languages": ["en"],
        "formats": ["video"],
        "availability": evenings(),
        "time_zone": "Europe/London",
        "capacity": capacity,
        "bio": "I have been there.",
    })
}

/// A request that every [`application`] satisfies.
pub fn request() -> Value {
    json!({
        "areas": ["anxiety"],
        "goals": "Goal-text-private",
        "goal_tags": ["work"],
        "languages": ["en"],
        "formats": ["video"],
        "availability": evenings(),
        "time_zone": "Europe/London",
    })
}

/// Pushes one mutation body; returns its outcome.
pub async fn push(app: &TestApp, token: &str, body: Value) -> Value {
    let mutation = json!({"mutation_id": Uuid::now_v7(), "created_at_ms": 1, "body": body});
    push_mutation(app, token, &mutation).await
}

/// Pushes one whole mutation (to retry it); returns its outcome.
pub async fn push_mutation(app: &TestApp, token: &str, mutation: &Value) -> Value {
    let body = json!({"protocol": 1, "mutations": [mutation]});
    let reply = app
        .call(Method::POST, "/v1/sync/push", Some(token), Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["outcomes"][0].clone()
}

/// Asserts an outcome is applied.
pub fn applied(outcome: &Value) {
    assert_eq!(outcome["status"], "applied", "{outcome}");
}

/// Asserts an outcome is rejected with `code`.
pub fn rejected(outcome: &Value, code: &str) {
    assert_eq!(outcome["status"], "rejected", "{outcome}");
    assert_eq!(outcome["error"]["code"], code, "{outcome}");
}

/// The person's whole feed.
pub async fn feed(app: &TestApp, token: &str) -> Vec<Value> {
    let reply = app.get("/v1/sync/changes?since=0&limit=500", token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The newest change of a type in the person's feed.
pub async fn last_of(app: &TestApp, token: &str, kind: &str) -> Value {
    feed(app, token)
        .await
        .into_iter()
        .rev()
        .find(|change| change["body"]["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in the feed"))
}

/// Gives a signed-up person the coordinator role.
pub async fn make_coordinator(app: &TestApp, user_id: Uuid) {
    app.state
        .db()
        .write(move |cx| users::set_role(cx, user_id, Role::Coordinator, true))
        .await
        .unwrap();
}

/// A coordinator of the test app's program.
pub async fn coordinator(app: &TestApp) -> SessionCreated {
    let session = app
        .sign_up(&format!("coord-{}@example.org", Uuid::now_v7()))
        .await;
    make_coordinator(app, session.me.user_id).await;
    session
}

/// A coordinator's decision.
pub async fn decide(
    app: &TestApp,
    coordinator: &str,
    user_id: Uuid,
    decision: &str,
    reason: Option<&str>,
) -> Reply {
    let mut body = json!({"decision": decision});
    if let Some(reason) = reason {
        body["reason"] = json!(reason);
    }
    app.call(
        Method::POST,
        &format!("/v1/coordinator/applications/{user_id}/decision"),
        Some(coordinator),
        Some(body),
    )
    .await
}

/// A signed-up person with an approved application of `capacity`.
pub async fn approved_mentor(app: &TestApp, coordinator: &str, capacity: u32) -> SessionCreated {
    let mentor = app
        .sign_up(&format!("mentor-{}@example.org", Uuid::now_v7()))
        .await;
    let outcome = push(
        app,
        &mentor.token,
        json!({"type": "submit_mentor_application", "application": application(capacity)}),
    )
    .await;
    applied(&outcome);
    let reply = decide(app, coordinator, mentor.me.user_id, "approve", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    mentor
}

/// A signed-up person with a current [`request`].
pub async fn mentee(app: &TestApp) -> SessionCreated {
    let mentee = app
        .sign_up(&format!("mentee-{}@example.org", Uuid::now_v7()))
        .await;
    let outcome = push(
        app,
        &mentee.token,
        json!({"type": "submit_mentee_request", "request": request()}),
    )
    .await;
    applied(&outcome);
    mentee
}

/// The mentee asks the mentor; returns the outcome and the relationship id.
pub async fn request_mentor(app: &TestApp, mentee: &str, mentor_id: Uuid) -> (Value, Uuid) {
    let relationship_id = Uuid::now_v7();
    let outcome = push(
        app,
        mentee,
        json!({"type": "request_mentor", "relationship_id": relationship_id, "mentor_id": mentor_id}),
    )
    .await;
    (outcome, relationship_id)
}

/// A member acts on a relationship through push.
pub async fn act(app: &TestApp, token: &str, relationship_id: Uuid, action: Value) -> Value {
    push(
        app,
        token,
        json!({"type": "act_on_relationship", "relationship_id": relationship_id, "action": action}),
    )
    .await
}

/// A coordinator acts on a relationship.
pub async fn coordinator_act(
    app: &TestApp,
    coordinator: &str,
    relationship_id: Uuid,
    action: Value,
) -> Reply {
    app.call(
        Method::POST,
        &format!("/v1/coordinator/relationships/{relationship_id}/actions"),
        Some(coordinator),
        Some(json!({"action": action})),
    )
    .await
}
