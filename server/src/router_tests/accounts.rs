//! The person's own data: isolation between people, export, deletion and session expiry.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use super::{PASSWORD, TestApp, assert_error};

async fn rename(app: &TestApp, token: &str, name: &str) {
    let body = json!({"protocol": 1, "mutations": [{
        "mutation_id": Uuid::now_v7(), "created_at_ms": 1,
        "body": {"type": "update_profile", "display_name": name},
    }]});
    let reply = app
        .call(Method::POST, "/v1/sync/push", Some(token), Some(body))
        .await;
    assert_eq!(reply.body["outcomes"][0]["status"], "applied");
}

#[tokio::test]
async fn people_never_see_each_others_data() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    let ben = app.sign_up("ben@example.org").await;
    rename(&app, &ana.token, "Sky").await;

    let feed = app.get("/v1/sync/changes", &ben.token).await;
    assert_eq!(feed.body["changes"], json!([]));
    let export = app.get("/v1/me/export", &ben.token).await;
    assert_eq!(export.body["me"]["email"], "ben@example.org");
    assert_eq!(export.body["changes"], json!([]));
    assert_eq!(export.body["devices"].as_array().unwrap().len(), 1);
    assert!(!export.body.to_string().contains("ana@example.org"));
    assert!(!export.body.to_string().contains(&ana.device_id.to_string()));
}

#[tokio::test]
async fn export_holds_everything_about_the_person() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    rename(&app, &ana.token, "Sky").await;
    app.log_in("ana@example.org", "wrong password!").await;

    let export = app.get("/v1/me/export", &ana.token).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.body["protocol"], 1);
    assert_eq!(export.body["me"]["profile"]["display_name"], "Sky");
    assert_eq!(export.body["devices"][0]["device_id"], json!(ana.device_id));
    assert_eq!(export.body["changes"][0]["body"]["type"], "profile_changed");
    assert_eq!(
        export.body["failed_logins_at_ms"].as_array().unwrap().len(),
        1
    );
}

#[tokio::test]
async fn deleting_an_account_needs_the_password_and_removes_everything() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    let ben = app.sign_up("ben@example.org").await;
    rename(&app, &ana.token, "Sky").await;
    app.log_in("ana@example.org", "wrong password!").await;

    let wrong = app
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&ana.token),
            Some(json!({"password": "nope nope nope"})),
        )
        .await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(app.count("users"), 2);

    let deleted = app
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&ana.token),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_error(
        &app.get("/v1/me", &ana.token).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    for table in ["users", "user_roles", "devices"] {
        assert_eq!(app.count(table), 1, "{table}");
    }
    for table in ["changes", "applied_mutations", "login_failures"] {
        assert_eq!(app.count(table), 0, "{table}");
    }
    assert_eq!(app.get("/v1/me", &ben.token).await.status, StatusCode::OK);
    // The email is free again.
    app.sign_up("ana@example.org").await;
}

#[tokio::test]
async fn idle_sessions_expire() {
    let app = TestApp::with_idle_ttl(Duration::from_secs(1)).await;
    let ana = app.sign_up("ana@example.org").await;
    assert_eq!(app.get("/v1/me", &ana.token).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1_300)).await;
    assert_error(
        &app.get("/v1/me", &ana.token).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    assert_eq!(app.count("devices"), 0, "the expired session is removed");
}

#[tokio::test]
async fn sessions_slide_while_used() {
    let app = TestApp::with_idle_ttl(Duration::from_secs(2)).await;
    let ana = app.sign_up("ana@example.org").await;
    for _ in 0..4 {
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        assert_eq!(app.get("/v1/me", &ana.token).await.status, StatusCode::OK);
        // Let the background last-seen write land.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// An attacker holding a stolen token cannot use account deletion to guess the password faster
/// than log-in allows: the same failures count, and while throttled even the right password is
/// refused and nothing is deleted.
#[tokio::test]
async fn deleting_an_account_is_throttled_like_log_in() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    let delete = |password: &'static str| {
        app.call(
            Method::DELETE,
            "/v1/me",
            Some(&ana.token),
            Some(json!({"password": password})),
        )
    };
    for _ in 0..domain::throttle::FREE_ATTEMPTS {
        assert_error(
            &delete("guess guess guess").await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        );
    }
    assert_error(
        &delete(PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    );
    assert_error(
        &app.log_in("ana@example.org", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    );
    assert_eq!(app.count("users"), 1, "nothing was deleted");
    assert_eq!(app.get("/v1/me", &ana.token).await.status, StatusCode::OK);
}
