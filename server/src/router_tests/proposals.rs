//! Proposals and `request_mentor`: only approved, unpaused mentors with room; public profiles
//! only; one open request at a time; nothing crosses programs.

use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;

use super::TestApp;
use super::mentoring_support::{
    act, application, applied, approved_mentor, coordinator, mentee, push, rejected, request_mentor,
};

#[tokio::test]
async fn proposals_show_public_profiles_of_available_mentors_only() {
    let app = TestApp::new().await;
    let coord = coordinator(&app).await;
    let ana = mentee(&app).await;
    let nobody = app.sign_up("nobody@example.org").await;
    let reply = app.get("/v1/matching/proposals", &nobody.token).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);

    let open = approved_mentor(&app, &coord.token, 1).await;
    let paused = approved_mentor(&app, &coord.token, 1).await;
    applied(
        &push(
            &app,
            &paused.token,
            json!({"type": "set_mentor_paused", "paused": true}),
        )
        .await,
    );
    let full = approved_mentor(&app, &coord.token, 1).await;
    let other_mentee = mentee(&app).await;
    applied(
        &request_mentor(&app, &other_mentee.token, full.me.user_id)
            .await
            .0,
    );
    let pending = app.sign_up("pending@example.org").await;
    applied(
        &push(
            &app,
            &pending.token,
            json!({"type": "submit_mentor_application", "application": application(1)}),
        )
        .await,
    );

    let reply = app.get("/v1/matching/proposals?limit=20", &ana.token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let proposals = reply.body["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 1, "{}", reply.body);
    assert_eq!(proposals[0]["mentor_id"], json!(open.me.user_id));
    assert!(
        proposals[0]["explanation"]
            .as_str()
            .unwrap()
            .contains("anxiety")
    );
    let text = reply.body.to_string();
    for private in [
        "references",
        "ref-secret",
        "stable_since",
        "lat_e2",
        "training",
    ] {
        assert!(!text.contains(private), "{private} in {text}");
    }

    // A blocked mentor is never proposed again.
    let (outcome, id) = request_mentor(&app, &ana.token, open.me.user_id).await;
    applied(&outcome);
    applied(
        &act(
            &app,
            &ana.token,
            id,
            json!({"type": "block", "reason": "Block-secret"}),
        )
        .await,
    );
    let reply = app.get("/v1/matching/proposals", &ana.token).await;
    assert_eq!(reply.body["proposals"], json!([]));
}

#[tokio::test]
async fn request_mentor_rules() {
    let app = TestApp::new().await;
    let coord = coordinator(&app).await;
    let mentor = approved_mentor(&app, &coord.token, 1).await;
    let second = approved_mentor(&app, &coord.token, 2).await;
    let no_request = app.sign_up("nr@example.org").await;
    rejected(
        &request_mentor(&app, &no_request.token, mentor.me.user_id)
            .await
            .0,
        "conflict",
    );

    let ana = mentee(&app).await;
    let (outcome, id) = request_mentor(&app, &ana.token, mentor.me.user_id).await;
    applied(&outcome);
    // One open request at a time.
    rejected(
        &request_mentor(&app, &ana.token, second.me.user_id).await.0,
        "conflict",
    );
    // The same relationship id again is refused; a retry of the same mutation is a duplicate.
    let ben = mentee(&app).await;
    let reused = push(
        &app,
        &ben.token,
        json!({"type": "request_mentor", "relationship_id": id, "mentor_id": second.me.user_id}),
    )
    .await;
    rejected(&reused, "conflict");
    // Capacity counts pending requests: the full mentor is refused, with the same words as for
    // an unknown or other-program mentor.
    let full = request_mentor(&app, &ben.token, mentor.me.user_id).await.0;
    rejected(&full, "conflict");
    let unknown = request_mentor(&app, &ben.token, Uuid::now_v7()).await.0;
    assert_eq!(full["error"]["message"], unknown["error"]["message"]);
    let not_a_mentor = app.sign_up("cai@example.org").await;
    let not_mentor_outcome = request_mentor(&app, &ben.token, not_a_mentor.me.user_id)
        .await
        .0;
    assert_eq!(
        not_mentor_outcome["error"]["message"],
        unknown["error"]["message"]
    );
    // Hard filters: no shared language.
    let mut spanish = super::mentoring_support::request();
    spanish["languages"] = json!(["es"]);
    applied(
        &push(
            &app,
            &ben.token,
            json!({"type": "submit_mentee_request", "request": spanish}),
        )
        .await,
    );
    rejected(
        &request_mentor(&app, &ben.token, second.me.user_id).await.0,
        "conflict",
    );
    applied(&push(&app, &ben.token, json!({"type": "submit_mentee_request", "request": super::mentoring_support::request()})).await);
    applied(&request_mentor(&app, &ben.token, second.me.user_id).await.0);
    assert_eq!(app.count("relationships"), 2);
}
