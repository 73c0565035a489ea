//! Push registrations and waking closed apps: endpoints are checked, a new message wakes only the
//! recipient's devices without an open SSE stream, the payload carries nothing but the
//! conversation id, and log-out removes the registration. The real [`UnifiedPushProvider`] posts
//! to a tiny receiver on 127.0.0.1 inside the test.
//!
//! [`UnifiedPushProvider`]: crate::push::UnifiedPushProvider

use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Request, StatusCode, Uri, header};
use domain::wire::v1::SessionCreated;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tower::ServiceExt;

use super::mentoring_support::applied;
use super::messaging_support::{pair, send};
use super::{PASSWORD, TestApp, assert_error};

/// One POST the receiver got.
#[derive(Debug)]
struct Received {
    path: String,
    content_type: Option<String>,
    ttl: Option<String>,
    body: Value,
}

/// Starts a receiver on 127.0.0.1:0; returns its base URL and what it receives.
async fn receiver() -> (String, mpsc::UnboundedReceiver<Received>) {
    async fn record(
        State(sender): State<mpsc::UnboundedSender<Received>>,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> StatusCode {
        let text = |name| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let _ = sender.send(Received {
            path: uri.path().to_owned(),
            content_type: text(header::CONTENT_TYPE.as_str()),
            ttl: text("ttl"),
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        });
        StatusCode::CREATED
    }
    let (sender, received) = mpsc::unbounded_channel();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = Router::new()
        .route("/{*path}", axum::routing::post(record))
        .with_state(sender);
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}"), received)
}

async fn register(app: &TestApp, token: &str, provider: &str, endpoint: &str) -> super::Reply {
    app.call(
        Method::PUT,
        "/v1/push/registration",
        Some(token),
        Some(json!({"provider": provider, "endpoint": endpoint})),
    )
    .await
}

/// Opens an SSE stream for the device; it counts as open while the response is held.
async fn open_stream(app: &TestApp, token: &str) -> axum::response::Response {
    let request = Request::get("/v1/sync/events")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response
}

/// The next POST, within a few seconds.
async fn next(received: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(5), received.recv())
        .await
        .expect("a push within 5 s")
        .unwrap()
}

/// Nothing more arrives for a moment.
async fn quiet(received: &mut mpsc::UnboundedReceiver<Received>) {
    let more = tokio::time::timeout(Duration::from_millis(300), received.recv()).await;
    assert!(more.is_err(), "unexpected push: {more:?}");
}

#[tokio::test]
async fn registrations_accept_https_or_loopback_endpoints_only() {
    let app = TestApp::new().await;
    let ana = app.sign_up("ana@example.org").await;
    for endpoint in [
        "http://push.example.org/up/abc",
        "http://127.0.0.1.example.org/up",
        "ftp://127.0.0.1/up",
        "not a url",
    ] {
        let reply = register(&app, &ana.token, "unified_push", endpoint).await;
        assert_error(&reply, StatusCode::BAD_REQUEST, "validation_failed");
        assert_eq!(reply.body["field"], "endpoint", "{endpoint}");
    }
    let too_long = format!("https://push.example.org/{}", "a".repeat(2_048));
    assert_error(
        &register(&app, &ana.token, "unified_push", &too_long).await,
        StatusCode::BAD_REQUEST,
        "validation_failed",
    );
    assert_eq!(app.count("push_registrations"), 0);
    for (provider, endpoint) in [
        ("unified_push", "https://push.example.org/up/abc"),
        ("unified_push", "http://127.0.0.1:9/up"),
        ("fcm", "fcm-device-token"),
    ] {
        let reply = register(&app, &ana.token, provider, endpoint).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
        assert_eq!(app.count("push_registrations"), 1, "one per device");
    }
    let reply = app
        .call(
            Method::DELETE,
            "/v1/push/registration",
            Some(&ana.token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("push_registrations"), 0);
    assert_error(
        &register(&app, "not-a-token", "unified_push", "https://a.example/x").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
}

#[tokio::test]
async fn new_messages_wake_only_recipient_devices_without_a_live_stream() {
    let app = TestApp::new().await;
    let (base, mut received) = receiver().await;
    let pair = pair(&app).await;
    let mentor_laptop: SessionCreated =
        serde_json::from_value(app.log_in(&pair.mentor.me.email, PASSWORD).await.body).unwrap();
    for (token, path) in [
        (&pair.mentor.token, "/phone"),
        (&mentor_laptop.token, "/laptop"),
        (&pair.mentee.token, "/mentee"),
    ] {
        let reply = register(&app, token, "unified_push", &format!("{base}{path}")).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    }

    // The phone listens live; only the laptop is woken, and the sender never is.
    let stream = open_stream(&app, &pair.mentor.token).await;
    applied(&send(&app, &pair.mentee.token, pair.id, "Secret-text").await);
    let push = next(&mut received).await;
    assert_eq!(push.path, "/laptop");
    assert_eq!(
        push.body,
        json!({"type": "new_message", "conversation_id": pair.id})
    );
    assert_eq!(push.content_type.as_deref(), Some("application/json"));
    assert!(push.ttl.is_some_and(|ttl| ttl.parse::<u64>().is_ok()));
    quiet(&mut received).await;

    // Once the stream closes, the phone is woken too.
    drop(stream);
    applied(&send(&app, &pair.mentee.token, pair.id, "Secret-text 2").await);
    let mut paths = vec![
        next(&mut received).await.path,
        next(&mut received).await.path,
    ];
    paths.sort();
    assert_eq!(paths, ["/laptop", "/phone"]);
    quiet(&mut received).await;

    // Logging out removes the laptop's registration.
    let reply = app
        .call(
            Method::POST,
            "/v1/auth/logout",
            Some(&mentor_laptop.token),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(app.count("push_registrations"), 2);
    applied(&send(&app, &pair.mentee.token, pair.id, "Secret-text 3").await);
    assert_eq!(next(&mut received).await.path, "/phone");
    quiet(&mut received).await;
}

/// Waits (up to 5 s) until `done` holds.
async fn eventually(mut done: impl FnMut() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not within 5 s");
}

const APNS_TOKEN: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
const APNS_GONE: &str = "dead0000e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

/// APNs and FCM registrations are woken by their own provider (the real ones, against loopback
/// fakes), with nothing of the message, sender or recipient in the request; a token the service
/// calls gone (APNs 410, FCM 404 UNREGISTERED) loses its registration, and the others stay.
#[tokio::test]
async fn store_tokens_are_woken_by_their_provider_and_gone_ones_removed() {
    use crate::push::PushConfig;
    use crate::push::tests::{fakes, keys};

    let apns = fakes::apns().await;
    let fcm = fakes::fcm().await;
    let app = TestApp::with_push(PushConfig {
        apns: Some(keys::apns_config(&keys::p256(), &apns.base)),
        fcm: Some(keys::fcm_config(&keys::rsa(), &fcm.base)),
    })
    .await;
    let pair = pair(&app).await;
    let mentor_laptop: SessionCreated =
        serde_json::from_value(app.log_in(&pair.mentor.me.email, PASSWORD).await.body).unwrap();
    for (token, provider, endpoint) in [
        (&pair.mentor.token, "apns", APNS_TOKEN),
        (&mentor_laptop.token, "fcm", "fcm-laptop"),
        (&pair.mentee.token, "apns", APNS_GONE),
    ] {
        let reply = register(&app, token, provider, endpoint).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    }

    applied(&send(&app, &pair.mentee.token, pair.id, "Secret-text").await);
    eventually(|| apns.seen("/3/device/").len() == 1 && fcm.seen("/v1/").len() == 1).await;
    let to_phone = &apns.seen("/3/device/")[0];
    assert_eq!(to_phone.path, format!("/3/device/{APNS_TOKEN}"));
    let to_laptop = &fcm.seen("/v1/")[0];
    assert!(to_laptop.body.contains(&pair.id.to_string()));
    for request in [to_phone, to_laptop] {
        let everything = request.everything();
        for private in ["Secret", "Robin", pair.mentee.me.email.as_str()] {
            assert!(!everything.contains(private), "{private} in {everything}");
        }
    }

    // The mentee's phone is gone at APNs; the laptop's token is gone at FCM.
    let reply = register(&app, &mentor_laptop.token, "fcm", "gone").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    applied(&send(&app, &pair.mentor.token, pair.id, "Reply").await);
    eventually(|| app.count("push_registrations") == 2).await;
    applied(&send(&app, &pair.mentee.token, pair.id, "Again").await);
    eventually(|| app.count("push_registrations") == 1).await;
    assert_eq!(apns.seen(&format!("/3/device/{APNS_GONE}")).len(), 1);
    assert_eq!(
        fcm.seen("/token").len(),
        1,
        "one OAuth exchange for every send"
    );

    // The phone's registration survives and is still woken.
    applied(&send(&app, &pair.mentee.token, pair.id, "Once more").await);
    eventually(|| apns.seen(&format!("/3/device/{APNS_TOKEN}")).len() == 3).await;
    assert_eq!(app.count("push_registrations"), 1);
}

/// Without credentials, APNs/FCM registrations are accepted and kept (the server may be given
/// credentials later), not treated as gone.
#[tokio::test]
async fn store_tokens_without_credentials_are_kept_and_not_pushed() {
    let app = TestApp::new().await;
    let pair = pair(&app).await;
    let reply = register(&app, &pair.mentor.token, "apns", APNS_TOKEN).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    applied(&send(&app, &pair.mentee.token, pair.id, "Secret-text").await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.count("push_registrations"), 1);
}
