//! Reminder settings through the push endpoint: they round-trip through `GET /v1/me`, the feed
//! and a second device; bad values are refused and change nothing; another person's settings are
//! out of reach.

use serde_json::{Value, json};

use super::TestApp;
use super::mentoring_support::{applied, feed, push, rejected};

fn settings_changes(changes: &[Value]) -> Vec<Value> {
    changes
        .iter()
        .filter(|c| c["body"]["type"] == "settings_changed")
        .map(|c| c["body"]["settings"].clone())
        .collect()
}

#[tokio::test]
async fn reminder_settings_round_trip_and_quiet_hours_can_be_cleared() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    let me = app.get("/v1/me", &ana.token).await;
    assert_eq!(
        me.body["settings"],
        json!({
            "discreet_notifications": true,
            "read_receipts": true,
            "checkin_prompt": false,
            "checkin_prompt_minute": 1140,
        }),
        "a new account: discreet, no quiet hours, no prompt"
    );

    applied(
        &push(
            &app,
            &ana.token,
            json!({
                "type": "update_settings",
                "quiet_hours": {"type": "set", "start_minute": 1320, "end_minute": 420},
                "checkin_prompt": true,
                "checkin_prompt_minute": 510,
                "discreet_notifications": false,
            }),
        )
        .await,
    );
    let expected = json!({
        "discreet_notifications": false,
        "read_receipts": true,
        "quiet_hours": {"start_minute": 1320, "end_minute": 420},
        "checkin_prompt": true,
        "checkin_prompt_minute": 510,
    });
    assert_eq!(
        app.get("/v1/me", &ana.token).await.body["settings"],
        expected
    );
    // Another of Ana's devices gets the same settings from her feed.
    let laptop = app.log_in("ana@example.org", super::PASSWORD).await.body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let changes = settings_changes(&feed(&app, &laptop).await);
    assert_eq!(changes.last(), Some(&expected));

    // A change to one field keeps the others; `off` clears quiet hours.
    applied(
        &push(
            &app,
            &ana.token,
            json!({"type": "update_settings", "checkin_prompt": false}),
        )
        .await,
    );
    let settings = app.get("/v1/me", &ana.token).await.body["settings"].clone();
    assert_eq!(settings["quiet_hours"], expected["quiet_hours"]);
    assert_eq!(settings["checkin_prompt"], false);
    assert_eq!(settings["checkin_prompt_minute"], 510);
    applied(
        &push(
            &app,
            &ana.token,
            json!({"type": "update_settings", "quiet_hours": {"type": "off"}}),
        )
        .await,
    );
    let settings = app.get("/v1/me", &ana.token).await.body["settings"].clone();
    assert!(settings.get("quiet_hours").is_none(), "{settings}");
    assert_eq!(settings["discreet_notifications"], false);
}

#[tokio::test]
async fn bad_reminder_settings_are_refused_and_change_nothing() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    applied(
        &push(
            &app,
            &ana.token,
            json!({
                "type": "update_settings",
                "quiet_hours": {"type": "set", "start_minute": 1380, "end_minute": 360},
                "checkin_prompt_minute": 600,
            }),
        )
        .await,
    );
    let before = app.get("/v1/me", &ana.token).await.body["settings"].clone();
    let feed_before = feed(&app, &ana.token).await.len();

    for (body, field) in [
        (
            json!({"type": "update_settings", "checkin_prompt_minute": 1440, "checkin_prompt": true}),
            "checkin_prompt_minute",
        ),
        (
            json!({"type": "update_settings", "quiet_hours": {"type": "set", "start_minute": 1440, "end_minute": 0}}),
            "quiet_hours",
        ),
        (
            json!({"type": "update_settings", "quiet_hours": {"type": "set", "start_minute": 0, "end_minute": 5000}, "discreet_notifications": false}),
            "quiet_hours",
        ),
        (json!({"type": "update_settings"}), "discreet_notifications"),
    ] {
        let outcome = push(&app, &ana.token, body).await;
        rejected(&outcome, "validation_failed");
        assert_eq!(outcome["error"]["field"], field, "{outcome}");
    }
    // Malformed values never reach the rules: the whole push is refused as malformed.
    for body in [
        json!({"type": "update_settings", "checkin_prompt_minute": -5}),
        json!({"type": "update_settings", "quiet_hours": {"type": "sometimes"}}),
        json!({"type": "update_settings", "quiet_hours": {"type": "set", "start_minute": 60}}),
        json!({"type": "update_settings", "checkin_prompt": "yes"}),
    ] {
        let mutation =
            json!({"mutation_id": uuid::Uuid::now_v7(), "created_at_ms": 1, "body": body});
        let reply = app
            .call(
                axum::http::Method::POST,
                "/v1/sync/push",
                Some(&ana.token),
                Some(json!({"protocol": 1, "mutations": [mutation]})),
            )
            .await;
        super::assert_error(
            &reply,
            axum::http::StatusCode::BAD_REQUEST,
            "malformed_request",
        );
    }
    assert_eq!(app.get("/v1/me", &ana.token).await.body["settings"], before);
    assert_eq!(
        feed(&app, &ana.token).await.len(),
        feed_before,
        "nothing was recorded"
    );
}

#[tokio::test]
async fn settings_are_only_ever_the_callers_own() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    let bo = app.sign_up("bo@example.org").await;
    // There is no way to name another person in update_settings: an extra field is refused.
    let body = json!({"protocol": 1, "mutations": [{
        "mutation_id": uuid::Uuid::now_v7(),
        "created_at_ms": 1,
        "body": {"type": "update_settings", "checkin_prompt": true, "user_id": ana.me.user_id},
    }]});
    let reply = app
        .call(
            axum::http::Method::POST,
            "/v1/sync/push",
            Some(&bo.token),
            Some(body),
        )
        .await;
    super::assert_error(
        &reply,
        axum::http::StatusCode::BAD_REQUEST,
        "malformed_request",
    );
    applied(
        &push(
            &app,
            &bo.token,
            json!({"type": "update_settings", "quiet_hours": {"type": "set", "start_minute": 0, "end_minute": 480}}),
        )
        .await,
    );
    let ana_settings = app.get("/v1/me", &ana.token).await.body["settings"].clone();
    assert!(ana_settings.get("quiet_hours").is_none());
    assert!(settings_changes(&feed(&app, &ana.token).await).is_empty());
}
