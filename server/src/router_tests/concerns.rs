//! Resolving a mentor's concern: `POST /v1/coordinator/concerns/{concern_id}/resolve`. Only a
//! coordinator of the concern's program can, once; the note is for coordinators only (never in the
//! mentor's export); everyone else is refused and nothing changes.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use super::lifecycle::other_program_coordinator;
use super::mentoring_support::{applied, push};
use super::messaging_support::{Pair, pair};
use super::{PASSWORD, Reply, TestApp, assert_error};

const NOTE: &str = "Coordinator-note: called the mentor, safety plan in place.";

/// The mentor of `pair` raises a concern; returns its id.
async fn raise(app: &TestApp, pair: &Pair, text: &str) -> Uuid {
    let concern_id = Uuid::now_v7();
    let body = json!({"type": "raise_concern", "relationship_id": pair.id,
                      "concern_id": concern_id, "text": text});
    applied(&push(app, &pair.mentor.token, body).await);
    concern_id
}

async fn resolve(app: &TestApp, token: Option<&str>, concern: &str, body: Value) -> Reply {
    let uri = format!("/v1/coordinator/concerns/{concern}/resolve");
    app.call(Method::POST, &uri, token, Some(body)).await
}

async fn concerns(app: &TestApp, token: &str) -> Value {
    let reply = app.get("/v1/coordinator/concerns", token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["concerns"].clone()
}

#[tokio::test]
async fn a_coordinator_resolves_a_concern_once_with_a_note_only_coordinators_read() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let concern_id = raise(&app, &pair, "Mentor-worried-words").await;
    let coordinator = pair.coordinator.token.as_str();
    let open = concerns(&app, coordinator).await;
    assert!(open[0].get("resolved_at_ms").is_none(), "open: {open}");

    // Bad input: a clear error, and the concern stays open.
    let long = resolve(
        &app,
        Some(coordinator),
        &concern_id.to_string(),
        json!({"note": "x".repeat(domain::messaging::MAX_CONCERN_CHARS + 1)}),
    )
    .await;
    assert_error(&long, StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(long.body["field"], "note");
    let unknown = resolve(
        &app,
        Some(coordinator),
        &concern_id.to_string(),
        json!({"note": "ok", "resolved_by": Uuid::nil()}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);
    assert_eq!(concerns(&app, coordinator).await, open);

    let resolved = resolve(
        &app,
        Some(coordinator),
        &concern_id.to_string(),
        json!({"note": format!("  {NOTE}\n")}),
    )
    .await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    assert_eq!(resolved.body["concern_id"], json!(concern_id));
    assert_eq!(resolved.body["text"], "Mentor-worried-words");
    assert_eq!(resolved.body["resolution_note"], NOTE);
    assert!(
        resolved.body["resolved_at_ms"].is_i64(),
        "{}",
        resolved.body
    );
    let listed = concerns(&app, coordinator).await;
    assert_eq!(listed, json!([resolved.body.clone()]));

    // Once only: a second resolution is a conflict and keeps the first note.
    let again = resolve(
        &app,
        Some(coordinator),
        &concern_id.to_string(),
        json!({"note": "Second-note"}),
    )
    .await;
    assert_error(&again, StatusCode::CONFLICT, "conflict");
    assert_eq!(concerns(&app, coordinator).await, listed);

    // The mentor's export says it was resolved, never the coordinator's note.
    let export = app.get("/v1/me/export", &pair.mentor.token).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(
        export.body["concerns"][0]["resolved_at_ms"],
        resolved.body["resolved_at_ms"]
    );
    assert!(export.body["concerns"][0].get("resolution_note").is_none());
    assert!(!export.body.to_string().contains("Coordinator-note"));

    // A blank note is no note.
    let second = raise(&app, &pair, "Second-worry").await;
    let plain = resolve(
        &app,
        Some(coordinator),
        &second.to_string(),
        json!({"note": "  "}),
    )
    .await;
    assert_eq!(plain.status, StatusCode::OK, "{}", plain.body);
    assert!(
        plain.body.get("resolution_note").is_none(),
        "{}",
        plain.body
    );

    // The resolving coordinator leaving does not reopen it.
    let deleted = app
        .call(
            Method::DELETE,
            "/v1/me",
            Some(coordinator),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.body);
    let export = app.get("/v1/me/export", &pair.mentor.token).await;
    assert!(
        export.body["concerns"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["resolved_at_ms"].is_i64()),
        "{}",
        export.body
    );
}

#[tokio::test]
async fn only_the_programs_coordinators_resolve_concerns_and_nothing_changes_otherwise() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let concern_id = raise(&app, &pair, "Mentor-worried-words").await;
    let coordinator = pair.coordinator.token.as_str();
    let before = concerns(&app, coordinator).await;
    let id = concern_id.to_string();
    let note = json!({"note": "Attacker-note"});

    // Members of the match (incl. the mentor who raised it) are not coordinators.
    for token in [&pair.mentor.token, &pair.mentee.token] {
        let reply = resolve(&app, Some(token), &id, note.clone()).await;
        assert_error(&reply, StatusCode::FORBIDDEN, "forbidden");
    }
    let stranger = app.sign_up("stranger@example.org").await;
    let reply = resolve(&app, Some(&stranger.token), &id, note.clone()).await;
    assert_error(&reply, StatusCode::FORBIDDEN, "forbidden");
    // Another program's coordinator cannot tell it exists.
    let elsewhere = other_program_coordinator(&app).await;
    let reply = resolve(&app, Some(&elsewhere), &id, note.clone()).await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    let unknown = resolve(
        &app,
        Some(&elsewhere),
        &Uuid::now_v7().to_string(),
        json!({}),
    )
    .await;
    assert_eq!(unknown.body, reply.body, "same answer as a missing one");
    // Not signed in, a made-up id, a path that is not an id.
    let reply = resolve(&app, None, &id, note.clone()).await;
    assert_error(&reply, StatusCode::UNAUTHORIZED, "unauthenticated");
    for bogus in [Uuid::now_v7().to_string(), "not-a-uuid".to_owned()] {
        let reply = resolve(&app, Some(coordinator), &bogus, json!({})).await;
        assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    }

    assert_eq!(concerns(&app, coordinator).await, before);
    let stored = app.state.db().read(|conn| {
        conn.query_row(
            "SELECT COUNT(*) FROM concerns
             WHERE resolved_at_ms IS NOT NULL OR resolved_by IS NOT NULL
                OR resolution_note IS NOT NULL",
            [],
            |row| row.get::<_, i64>(0),
        )
        .map_err(crate::error::AppError::from)
    });
    assert_eq!(stored.await.unwrap(), 0);

    // The program's own coordinator still can.
    let reply = resolve(&app, Some(coordinator), &id, json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}
