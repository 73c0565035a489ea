//! Sign-up, log-in (with throttling) and log-out.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{PASSWORD, TestApp, assert_error};

/// Rows that sign-up writes; a refused sign-up must leave all of them unchanged.
fn footprint(app: &TestApp) -> [i64; 3] {
    [
        app.count("users"),
        app.count("user_roles"),
        app.count("devices"),
    ]
}

#[tokio::test]
async fn sign_up_creates_a_mentee_with_the_program_default_locale() {
    let app = TestApp::new().await;
    let session = app.sign_up("  Ana@Example.ORG ").await;
    assert!(session.token.starts_with("bcn_") && session.token.len() == 47);
    assert_eq!(session.me.email, "ana@example.org");
    assert_eq!(session.me.profile.locale, "en-GB");
    assert_eq!(session.me.roles, vec![domain::account::Role::Mentee]);
    assert_eq!(footprint(&app), [1, 1, 1]);

    let me = app.get("/v1/me", &session.token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["user_id"], json!(session.me.user_id));

    // The token itself is never stored, only its hash.
    let conn = rusqlite::Connection::open(app.state.config().db_path.clone()).unwrap();
    let stored: Vec<u8> = conn
        .query_row("SELECT token_hash FROM devices", [], |row| row.get(0))
        .unwrap();
    assert_eq!(stored.len(), 32);
    assert_ne!(stored, session.token.as_bytes());
}

#[tokio::test]
async fn sign_up_refusals_leave_the_database_unchanged() {
    let app = TestApp::new().await;
    app.sign_up("ana@example.org").await;
    let before = footprint(&app);

    let taken = app
        .call(
            Method::POST,
            "/v1/auth/signup",
            None,
            Some(app.sign_up_body("ANA@example.org")),
        )
        .await;
    assert_error(&taken, StatusCode::CONFLICT, "conflict");

    let mut unknown_program = app.sign_up_body("ben@example.org");
    unknown_program["program_id"] = json!(Uuid::now_v7());
    let reply = app
        .call(Method::POST, "/v1/auth/signup", None, Some(unknown_program))
        .await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");

    let cases: [(&str, Value, &str); 3] = [
        ("email", json!("not-an-email"), "email"),
        ("password", json!("password123"), "password"),
        ("display_name", json!("   "), "display_name"),
    ];
    for (field, value, expected_field) in cases {
        let mut body = app.sign_up_body("ben@example.org");
        body[field] = value;
        let reply = app
            .call(Method::POST, "/v1/auth/signup", None, Some(body))
            .await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "validation_failed");
        assert_eq!(reply.body["field"], expected_field);
    }

    let mut unknown_field = app.sign_up_body("ben@example.org");
    unknown_field["is_admin"] = json!(true);
    let mut wrong_type = app.sign_up_body("ben@example.org");
    wrong_type["display_name"] = json!(987_654);
    for body in [unknown_field, wrong_type] {
        let reply = app
            .call(Method::POST, "/v1/auth/signup", None, Some(body))
            .await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_request");
        let message = reply.body["message"].as_str().unwrap();
        assert!(
            !message.contains("987654"),
            "the value is not echoed: {message}"
        );
    }

    let malformed = app
        .send(
            Request::post("/v1/auth/signup")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"email\": "))
                .unwrap(),
        )
        .await;
    assert_error(&malformed, StatusCode::BAD_REQUEST, "malformed_request");

    let no_content_type = app
        .send(
            Request::post("/v1/auth/signup")
                .body(Body::from(app.sign_up_body("ben@example.org").to_string()))
                .unwrap(),
        )
        .await;
    assert_error(
        &no_content_type,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );

    let mut oversized = app.sign_up_body("ben@example.org");
    oversized["display_name"] = json!("x".repeat(domain::limits::MAX_REQUEST_BODY_BYTES));
    let reply = app
        .call(Method::POST, "/v1/auth/signup", None, Some(oversized))
        .await;
    assert_error(&reply, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");

    assert_eq!(footprint(&app), before);
}

#[tokio::test]
async fn log_in_does_not_reveal_whether_the_email_exists() {
    let app = TestApp::new().await;
    let signed_up = app.sign_up("ana@example.org").await;

    let reply = app.log_in("ANA@example.org", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["me"]["user_id"], json!(signed_up.me.user_id));
    assert_ne!(reply.body["token"], json!(signed_up.token));
    assert_eq!(app.count("devices"), 2);

    let wrong_password = app.log_in("ana@example.org", "not the password").await;
    let unknown_email = app.log_in("nobody@example.org", PASSWORD).await;
    assert_error(
        &wrong_password,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    );
    assert_error(
        &unknown_email,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    );
    assert_eq!(wrong_password.body, unknown_email.body);
    assert_eq!(app.count("devices"), 2);
}

#[tokio::test]
async fn repeated_failures_are_throttled_and_success_clears_them() {
    let app = TestApp::new().await;
    app.sign_up("ana@example.org").await;
    for _ in 0..domain::throttle::FREE_ATTEMPTS {
        let reply = app.log_in("ana@example.org", "wrong password!").await;
        assert_error(&reply, StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    // Throttled before the password is even checked: the right password is refused too.
    let reply = app.log_in("ana@example.org", PASSWORD).await;
    assert_error(&reply, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let wait = reply.body["retry_after_secs"].as_u64().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    assert_eq!(
        reply.headers[header::RETRY_AFTER].to_str().unwrap(),
        wait.to_string()
    );

    // Other accounts are not affected.
    let other = app.log_in("someone@example.org", PASSWORD).await;
    assert_error(&other, StatusCode::UNAUTHORIZED, "invalid_credentials");

    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let reply = app.log_in("ana@example.org", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        app.count("login_failures"),
        1,
        "only the other account's failure is left"
    );
}

#[tokio::test]
async fn log_out_kills_the_token() {
    let app = TestApp::new().await;
    let session = app.sign_up("ana@example.org").await;
    let reply = app
        .call(Method::POST, "/v1/auth/logout", Some(&session.token), None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("devices"), 0);
    let reply = app.get("/v1/me", &session.token).await;
    assert_error(&reply, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn missing_forged_and_malformed_tokens_are_unauthenticated() {
    let app = TestApp::new().await;
    app.sign_up("ana@example.org").await;
    let forged = crate::auth::token::generate().token;
    for token in [forged.as_str(), "bcn_nope", ""] {
        let reply = app.get("/v1/me", token).await;
        assert_error(&reply, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    let reply = app.call(Method::GET, "/v1/me", None, None).await;
    assert_error(&reply, StatusCode::UNAUTHORIZED, "unauthenticated");
}
