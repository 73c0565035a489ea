//! Mentor applications (submit, validation, re-submission, pause) and coordinator decisions.

use axum::http::StatusCode;
use serde_json::json;

use super::TestApp;
use super::lifecycle::other_program_coordinator;
use super::mentoring_support::{
    application, applied, approved_mentor, coordinator, decide, last_of, push, rejected,
};

#[allow(clippy::needless_pass_by_value)]
fn submit(application: serde_json::Value) -> serde_json::Value {
    json!({"type": "submit_mentor_application", "application": application})
}

#[tokio::test]
async fn submit_validates_and_resubmission_follows_the_rules() {
    let app = TestApp::new().await;
    let coord = coordinator(&app).await;
    let ana = app.sign_up("ana@example.org").await;
    let mut bad = application(2);
    bad["areas"] = json!(["astrology"]);
    let outcome = push(&app, &ana.token, submit(bad)).await;
    rejected(&outcome, "validation_failed");
    assert_eq!(outcome["error"]["field"], "areas");
    assert_eq!(app.count("mentor_applications"), 0);
    let changes_before = app.count("changes");
    let mut no_bio = application(2);
    no_bio["bio"] = json!("  ");
    rejected(
        &push(&app, &ana.token, submit(no_bio)).await,
        "validation_failed",
    );
    assert_eq!(app.count("changes"), changes_before);

    applied(&push(&app, &ana.token, submit(application(2))).await);
    let state = last_of(&app, &ana.token, "mentor_application_changed").await;
    assert_eq!(state["body"]["state"]["status"], "pending");
    assert_eq!(
        state["body"]["state"]["application"]["references"][0]["name"],
        "Ref Secretname"
    );
    rejected(
        &push(
            &app,
            &ana.token,
            json!({"type": "set_mentor_paused", "paused": true}),
        )
        .await,
        "forbidden",
    );

    let reply = decide(&app, &coord.token, ana.me.user_id, "approve", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        last_of(&app, &ana.token, "roles_changed").await["body"]["roles"],
        json!(["mentee", "mentor"])
    );
    // Practical change: stays approved. Screening change: back to pending, role removed.
    let mut practical = application(3);
    practical["bio"] = json!("Still here.");
    applied(&push(&app, &ana.token, submit(practical)).await);
    let state = last_of(&app, &ana.token, "mentor_application_changed").await;
    assert_eq!(state["body"]["state"]["status"], "approved");
    applied(
        &push(
            &app,
            &ana.token,
            json!({"type": "set_mentor_paused", "paused": true}),
        )
        .await,
    );
    assert_eq!(
        last_of(&app, &ana.token, "mentor_application_changed").await["body"]["state"]["paused"],
        true
    );
    let mut screened = application(3);
    screened["areas"] = json!(["anxiety", "grief"]);
    applied(&push(&app, &ana.token, submit(screened)).await);
    let state = last_of(&app, &ana.token, "mentor_application_changed").await;
    assert_eq!(state["body"]["state"]["status"], "pending");
    assert_eq!(
        last_of(&app, &ana.token, "roles_changed").await["body"]["roles"],
        json!(["mentee"])
    );
}

#[tokio::test]
async fn decisions_need_training_reasons_and_valid_statuses() {
    let app = TestApp::new().await;
    let coord = coordinator(&app).await;
    let ben = app.sign_up("ben@example.org").await;
    let mut untrained = application(2);
    untrained["training"] = json!([]);
    applied(&push(&app, &ben.token, submit(untrained)).await);
    let reply = decide(&app, &coord.token, ben.me.user_id, "approve", None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap()
            .contains("safeguarding and risk")
    );
    let queue = app.get("/v1/coordinator/applications", &coord.token).await;
    assert_eq!(
        queue.body["applications"][0]["missing_training"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        queue.body["applications"][0]["state"]["application"]["references"][0]["contact"],
        "ref-secret@example.org"
    );
    assert!(
        queue.body["applications"][0]["months_stable"]
            .as_u64()
            .unwrap()
            > 12
    );

    let reply = decide(&app, &coord.token, ben.me.user_id, "decline", Some("  ")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["field"], "reason");
    let reply = decide(&app, &coord.token, ben.me.user_id, "withdraw", Some("x")).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let reply = decide(
        &app,
        &coord.token,
        ben.me.user_id,
        "decline",
        Some("Not yet"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        last_of(&app, &ben.token, "mentor_application_changed").await["body"]["state"]["reason"],
        "Not yet"
    );

    let mentor = approved_mentor(&app, &coord.token, 2).await;
    let reply = decide(&app, &coord.token, mentor.me.user_id, "withdraw", None).await;
    assert_eq!(reply.body["field"], "reason");
    let reply = decide(
        &app,
        &coord.token,
        mentor.me.user_id,
        "withdraw",
        Some("Concern"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        last_of(&app, &mentor.token, "roles_changed").await["body"]["roles"],
        json!(["mentee"])
    );
    // A withdrawn mentor re-submitting stays withdrawn until a coordinator acts.
    applied(&push(&app, &mentor.token, submit(application(2))).await);
    assert_eq!(
        last_of(&app, &mentor.token, "mentor_application_changed").await["body"]["state"]["status"],
        "withdrawn"
    );

    // Not a coordinator: 403. Another program's coordinator: 404.
    let reply = decide(&app, &ben.token, mentor.me.user_id, "approve", None).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let other = other_program_coordinator(&app).await;
    let reply = decide(&app, &other, mentor.me.user_id, "approve", None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let queue = app.get("/v1/coordinator/applications", &other).await;
    assert_eq!(queue.body["applications"], json!([]));
}
