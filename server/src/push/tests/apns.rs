//! [`ApnsProvider`] against the fake APNs: HTTP/2, a verifiable ES256 provider JWT reused across
//! pushes, the headers Apple requires, no content in the request, and status mapping.

use axum::http::Version;
use domain::wire::v1::PushPayload;
use uuid::Uuid;

use super::fakes;
use super::keys::{self, KEY_ID, TEAM_ID, TOPIC};
use crate::push::apns::ALERT_LOC_KEY;
use crate::push::cached::unix_now;
use crate::push::{ApnsProvider, PushError, PushProvider};

const TOKEN: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

fn payload() -> (Uuid, PushPayload) {
    let conversation_id = Uuid::now_v7();
    (conversation_id, PushPayload::NewMessage { conversation_id })
}

#[tokio::test]
async fn sends_over_http2_with_a_verifiable_cached_jwt_and_no_content() {
    let fake = fakes::apns().await;
    let key = keys::p256();
    let provider = ApnsProvider::new(keys::apns_config(&key, &fake.base)).unwrap();
    let (conversation_id, payload) = payload();

    for _ in 0..3 {
        provider.send(TOKEN, &payload).await.unwrap();
    }
    let seen = fake.seen("/3/device/");
    assert_eq!(seen.len(), 3);
    let first = &seen[0];
    assert_eq!(first.path, format!("/3/device/{TOKEN}"));
    assert_eq!(first.version, Version::HTTP_2, "APNs is HTTP/2 only");

    // The JWT: signed by the key, kid/iss/iat as Apple asks, and reused (signed once).
    let (header, claims) = keys::verify_es256(first.bearer(), &key.public);
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["kid"], KEY_ID);
    assert_eq!(claims["iss"], TEAM_ID);
    let iat = claims["iat"].as_u64().unwrap();
    assert!(iat.abs_diff(unix_now()) < 60, "iat is now: {iat}");
    assert_eq!(claims.as_object().unwrap().len(), 2, "{claims}");
    assert!(seen.iter().all(|s| s.bearer() == first.bearer()), "one JWT");

    assert_eq!(first.header("apns-topic"), Some(TOPIC));
    assert_eq!(first.header("apns-push-type"), Some("alert"));
    assert_eq!(first.header("apns-priority"), Some("10"));
    assert_eq!(
        first.header("apns-collapse-id"),
        Some(conversation_id.to_string().as_str())
    );
    let expiration: u64 = first.header("apns-expiration").unwrap().parse().unwrap();
    assert!(expiration > unix_now());

    let body: serde_json::Value = serde_json::from_str(&first.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "aps": {
                "alert": {"loc-key": ALERT_LOC_KEY},
                "sound": "default",
                "content-available": 1,
            },
            "type": "new_message",
            "conversation_id": conversation_id,
        })
    );
}

#[tokio::test]
async fn gone_and_refused_tokens_are_told_apart() {
    let fake = fakes::apns().await;
    let provider = ApnsProvider::new(keys::apns_config(&keys::p256(), &fake.base)).unwrap();
    let (_, payload) = payload();
    let token = |prefix: &str| format!("{prefix}{}", &TOKEN[4..]);

    assert!(matches!(
        provider.send(&token("dead"), &payload).await,
        Err(PushError::Gone)
    ));
    assert!(matches!(
        provider.send(&token("bad0"), &payload).await,
        Err(PushError::Gone)
    ));
    assert!(matches!(
        provider.send(&token("0400"), &payload).await,
        Err(PushError::Rejected(400))
    ));
    assert!(matches!(
        provider.send(&token("0500"), &payload).await,
        Err(PushError::Rejected(500))
    ));
    // 500 may pass, so it was tried twice; the others once.
    assert_eq!(fake.seen("/3/device/0500").len(), 2);
    assert_eq!(fake.seen("/3/device/dead").len(), 1);
}

#[tokio::test]
async fn a_token_that_is_not_hex_never_reaches_the_url() {
    let fake = fakes::apns().await;
    let provider = ApnsProvider::new(keys::apns_config(&keys::p256(), &fake.base)).unwrap();
    let (_, payload) = payload();
    for token in ["../../admin", "abc?x=1", "abc/def", "", &"a".repeat(201)] {
        assert!(
            matches!(
                provider.send(token, &payload).await,
                Err(PushError::BadEndpoint)
            ),
            "{token}"
        );
    }
    assert!(fake.seen("/").is_empty());
}

#[tokio::test]
async fn an_unreachable_apns_is_unreachable() {
    // A port nothing listens on (bound, then closed).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let provider = ApnsProvider::new(keys::apns_config(&keys::p256(), &base)).unwrap();
    let (_, payload) = payload();
    assert!(matches!(
        provider.send(TOKEN, &payload).await,
        Err(PushError::Unreachable)
    ));
}
