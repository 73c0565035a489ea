//! Check-ins through the push endpoint: the mentee's own feed always, the active mentor's only
//! when shared (never an unshared note), nobody else's; validation, who may record, and retries.

use serde_json::{Value, json};
use uuid::Uuid;

use super::TestApp;
use super::mentoring_support::{act, applied, feed, push_mutation, rejected};
use super::messaging_support::{Pair, pair};

fn record(mood: u8, note: Option<&str>, shared: bool) -> Value {
    json!({
        "mutation_id": Uuid::now_v7(),
        "created_at_ms": 1,
        "body": {
            "type": "record_check_in",
            "check_in_id": Uuid::now_v7(),
            "mood": mood,
            "note": note,
            "shared_with_mentor": shared,
        },
    })
}

async fn check_ins(app: &TestApp, token: &str) -> Vec<Value> {
    feed(app, token)
        .await
        .into_iter()
        .filter(|change| change["body"]["type"] == "check_in_recorded")
        .map(|change| change["body"]["check_in"].clone())
        .collect()
}

async fn active_pair(app: &TestApp) -> Pair {
    let pair = pair(app).await;
    let ack = json!({"type": "acknowledge_agreement", "agreement_version": 1});
    applied(&act(app, &pair.mentee.token, pair.id, ack.clone()).await);
    applied(&act(app, &pair.mentor.token, pair.id, ack).await);
    pair
}

#[tokio::test]
async fn check_ins_reach_the_mentee_and_only_shared_ones_the_active_mentor() {
    let app = TestApp::new().await;
    let pair = active_pair(&app).await;
    let shared = record(4, Some("  better today "), true);
    let private = record(2, Some("awful night"), false);
    applied(&push_mutation(&app, &pair.mentee.token, &shared).await);
    applied(&push_mutation(&app, &pair.mentee.token, &private).await);

    let own = check_ins(&app, &pair.mentee.token).await;
    assert_eq!(own.len(), 2);
    assert_eq!(own[0]["check_in_id"], shared["body"]["check_in_id"]);
    assert_eq!(own[0]["note"], "better today");
    assert_eq!(own[0]["mood"], 4);
    assert_eq!(own[0]["relationship_id"], json!(pair.id));
    assert_eq!(own[1]["note"], "awful night");

    let mentor = check_ins(&app, &pair.mentor.token).await;
    assert_eq!(mentor.len(), 1, "{mentor:?}");
    assert_eq!(mentor[0]["check_in_id"], shared["body"]["check_in_id"]);
    assert_eq!(mentor[0]["note"], "better today");
    let mentor_feed = feed(&app, &pair.mentor.token).await;
    let text = serde_json::to_string(&mentor_feed).unwrap();
    assert!(
        !text.contains("awful night"),
        "an unshared note never leaks"
    );
    assert!(
        mentor_feed
            .iter()
            .all(|change| change["mutation_id"] != shared["mutation_id"])
    );

    // A third person (the coordinator) never sees any of it.
    assert!(check_ins(&app, &pair.coordinator.token).await.is_empty());
    assert_eq!(app.count("check_ins"), 2);

    // The export holds the mentee's own check-ins.
    let export = app.get("/v1/me/export", &pair.mentee.token).await;
    assert_eq!(export.body["check_ins"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn invalid_moods_are_refused_and_retries_are_duplicates() {
    let app = TestApp::new().await;
    let pair = active_pair(&app).await;
    let outcome = push_mutation(&app, &pair.mentee.token, &record(6, None, true)).await;
    rejected(&outcome, "validation_failed");
    assert_eq!(outcome["error"]["field"], "mood");
    let outcome = push_mutation(&app, &pair.mentee.token, &record(0, None, true)).await;
    assert_eq!(outcome["error"]["field"], "mood");
    let long = "x".repeat(domain::checkins::MAX_NOTE_CHARS + 1);
    let outcome = push_mutation(&app, &pair.mentee.token, &record(3, Some(&long), false)).await;
    assert_eq!(outcome["error"]["field"], "note");
    assert_eq!(app.count("check_ins"), 0);

    let first = record(3, None, true);
    let outcome = push_mutation(&app, &pair.mentee.token, &first).await;
    applied(&outcome);
    let retry = push_mutation(&app, &pair.mentee.token, &first).await;
    assert_eq!(retry["status"], "duplicate");
    assert_eq!(retry["position"], outcome["position"]);
    let mut again = first.clone();
    again["mutation_id"] = json!(Uuid::now_v7());
    rejected(
        &push_mutation(&app, &pair.mentee.token, &again).await,
        "conflict",
    );
    assert_eq!(app.count("check_ins"), 1);
    assert_eq!(check_ins(&app, &pair.mentor.token).await.len(), 1);
}

#[tokio::test]
async fn only_mentees_record_check_ins_and_a_not_yet_active_mentor_sees_nothing() {
    let app = TestApp::new().await;
    let pair = pair(&app).await; // accepted, agreement not acknowledged yet
    rejected(
        &push_mutation(&app, &pair.mentor.token, &record(3, None, true)).await,
        "forbidden",
    );
    let stranger = app.sign_up("stranger@example.org").await;
    rejected(
        &push_mutation(&app, &stranger.token, &record(3, None, true)).await,
        "forbidden",
    );
    applied(&push_mutation(&app, &pair.mentee.token, &record(5, Some("ok"), true)).await);
    assert!(check_ins(&app, &pair.mentor.token).await.is_empty());
    let own = check_ins(&app, &pair.mentee.token).await;
    assert_eq!(own.len(), 1);
    assert!(own[0].get("relationship_id").is_none());
}
