//! [`FcmProvider`] against the fake FCM: a verifiable RS256 assertion exchanged once for an
//! access token shared by many pushes, a data-only message without content, status mapping,
//! and a new token after a 401.

use domain::wire::v1::PushPayload;
use serde_json::{Value, json};
use uuid::Uuid;

use super::fakes;
use super::keys::{self, CLIENT_EMAIL, PROJECT};
use crate::push::cached::unix_now;
use crate::push::fcm::SCOPE;
use crate::push::{FcmProvider, PushError, PushProvider};

fn payload() -> (Uuid, PushPayload) {
    let conversation_id = Uuid::now_v7();
    (conversation_id, PushPayload::NewMessage { conversation_id })
}

/// The `assertion` of a token request's form body.
fn assertion(form: &str) -> &str {
    form.split('&')
        .find_map(|pair| pair.strip_prefix("assertion="))
        .expect("an assertion")
}

#[tokio::test]
async fn one_token_exchange_serves_many_data_only_pushes() {
    let fake = fakes::fcm().await;
    let key = keys::rsa();
    let provider = FcmProvider::new(keys::fcm_config(&key, &fake.base)).unwrap();
    let (conversation_id, payload) = payload();

    // Concurrent pushes share one exchange.
    let sends = (0..4).map(|_| provider.send("device-token-1", &payload));
    for result in futures::future::join_all(sends).await {
        result.unwrap();
    }
    provider.send("device-token-2", &payload).await.unwrap();

    let exchanges = fake.seen("/token");
    assert_eq!(exchanges.len(), 1, "one OAuth exchange");
    let exchange = &exchanges[0];
    assert_eq!(
        exchange.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(
        exchange
            .body
            .starts_with("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&"),
        "{}",
        exchange.body
    );
    let (header, claims) = keys::verify_rs256(assertion(&exchange.body), &key.public);
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["kid"], "test-key-1");
    assert_eq!(claims["iss"], CLIENT_EMAIL);
    assert_eq!(claims["scope"], SCOPE);
    assert_eq!(claims["aud"], format!("{}/token", fake.base));
    let iat = claims["iat"].as_u64().unwrap();
    assert!(iat.abs_diff(unix_now()) < 60);
    assert_eq!(claims["exp"].as_u64().unwrap(), iat + 3600);

    let sends = fake.seen(&format!("/v1/projects/{PROJECT}/messages:send"));
    assert_eq!(sends.len(), 5);
    assert!(sends.iter().all(|send| send.bearer() == "ya29.test-1"));
    let body: Value = serde_json::from_str(&sends[4].body).unwrap();
    assert_eq!(
        body,
        json!({"message": {
            "token": "device-token-2",
            "data": {"type": "new_message", "conversation_id": conversation_id.to_string()},
            "android": {"priority": "high", "ttl": "86400s"},
        }})
    );
}

#[tokio::test]
async fn unregistered_is_gone_and_other_refusals_are_rejected() {
    let fake = fakes::fcm().await;
    let provider = FcmProvider::new(keys::fcm_config(&keys::rsa(), &fake.base)).unwrap();
    let (_, payload) = payload();
    assert!(matches!(
        provider.send("gone", &payload).await,
        Err(PushError::Gone)
    ));
    assert!(matches!(
        provider.send("invalid", &payload).await,
        Err(PushError::Rejected(400))
    ));
    assert_eq!(fake.seen("/token").len(), 1);
}

#[tokio::test]
async fn a_refused_access_token_is_replaced_once() {
    let fake = fakes::fcm().await;
    let provider = FcmProvider::new(keys::fcm_config(&keys::rsa(), &fake.base)).unwrap();
    let (_, payload) = payload();
    provider.send("device", &payload).await.unwrap();
    fake.revoke();
    provider.send("device", &payload).await.unwrap();
    assert_eq!(fake.seen("/token").len(), 2, "a new token after the 401");
    let sends = fake.seen("/v1/");
    assert_eq!(sends.len(), 3, "the refused send and its retry");
    assert_eq!(sends[2].bearer(), "ya29.test-2");
}
