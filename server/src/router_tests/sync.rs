//! Push (idempotent, validated, bounded) and pull (paged), plus the SSE hint stream.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use futures::StreamExt;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{Reply, TestApp, assert_error};

fn rename(name: &str) -> Value {
    json!({
        "mutation_id": Uuid::now_v7(),
        "created_at_ms": 1_700_000_000_000_i64,
        "body": {"type": "update_profile", "display_name": name},
    })
}

async fn push(app: &TestApp, token: &str, mutations: &[Value]) -> Reply {
    let body = json!({"protocol": 1, "mutations": mutations});
    app.call(Method::POST, "/v1/sync/push", Some(token), Some(body))
        .await
}

#[tokio::test]
async fn push_applies_once_rejects_invalid_and_retries_are_duplicates() {
    let app = TestApp::new().await;
    let session = app.sign_up("ana@example.org").await;
    let good = rename("  Sky ");
    let bad = rename("   ");
    let settings = json!({
        "mutation_id": Uuid::now_v7(),
        "created_at_ms": 1,
        "body": {"type": "update_settings", "read_receipts": false},
    });
    let batch = [good.clone(), bad.clone(), settings.clone()];

    let first = push(&app, &session.token, &batch).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let outcomes = first.body["outcomes"].as_array().unwrap().clone();
    assert_eq!(outcomes[0]["status"], "applied");
    assert_eq!(outcomes[0]["mutation_id"], good["mutation_id"]);
    assert_eq!(outcomes[1]["status"], "rejected");
    assert_eq!(outcomes[1]["error"]["field"], "display_name");
    assert!(outcomes[1].get("position").is_none());
    assert_eq!(outcomes[2]["status"], "applied");
    assert!(outcomes[2]["position"].as_u64() > outcomes[0]["position"].as_u64());

    let retry = push(&app, &session.token, &batch).await;
    let again = retry.body["outcomes"].as_array().unwrap();
    assert_eq!(again[0]["status"], "duplicate");
    assert_eq!(again[0]["position"], outcomes[0]["position"]);
    assert_eq!(again[1]["status"], "rejected");
    assert_eq!(again[2]["status"], "duplicate");
    assert_eq!(again[2]["position"], outcomes[2]["position"]);
    assert_eq!(app.count("changes"), 2);

    let me = app.get("/v1/me", &session.token).await;
    assert_eq!(me.body["profile"]["display_name"], "Sky");
    assert_eq!(me.body["settings"]["read_receipts"], false);
    assert_eq!(me.body["settings"]["discreet_notifications"], true);
}

#[tokio::test]
async fn oversized_batches_bad_protocols_and_bad_bodies_are_refused_whole() {
    let app = TestApp::new().await;
    let session = app.sign_up("ana@example.org").await;
    let too_many: Vec<Value> = (0..=domain::limits::MAX_MUTATIONS_PER_PUSH)
        .map(|i| rename(&format!("Name {i}")))
        .collect();
    let reply = push(&app, &session.token, &too_many).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "validation_failed");
    assert_eq!(reply.body["field"], "mutations");

    let body = json!({"protocol": 2, "mutations": [rename("Sky")]});
    let reply = app
        .call(
            Method::POST,
            "/v1/sync/push",
            Some(&session.token),
            Some(body),
        )
        .await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "unsupported_protocol");

    let mut sneaky = rename("Sky");
    sneaky["body"]["role"] = json!("coordinator");
    let reply = push(&app, &session.token, &[sneaky]).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_request");

    let reply = app
        .call(
            Method::POST,
            "/v1/sync/push",
            None,
            Some(json!({"protocol": 1, "mutations": []})),
        )
        .await;
    assert_error(&reply, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!(app.count("changes"), 0);
    assert_eq!(app.count("applied_mutations"), 0);
}

#[tokio::test]
async fn pull_pages_through_the_feed_with_mutation_ids() {
    let app = TestApp::new().await;
    let session = app.sign_up("ana@example.org").await;
    let batch: Vec<Value> = (0..5).map(|i| rename(&format!("Name {i}"))).collect();
    push(&app, &session.token, &batch).await;

    let mut since = 0;
    let mut seen = Vec::new();
    loop {
        let page = app
            .get(
                &format!("/v1/sync/changes?since={since}&limit=2"),
                &session.token,
            )
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let changes = page.body["changes"].as_array().unwrap();
        assert!(changes.len() <= 2);
        for change in changes {
            assert!(change["position"].as_u64().unwrap() > since);
            seen.push(change["mutation_id"].clone());
        }
        since = page.body["cursor"].as_u64().unwrap();
        if !page.body["has_more"].as_bool().unwrap() {
            break;
        }
    }
    let pushed: Vec<Value> = batch.iter().map(|m| m["mutation_id"].clone()).collect();
    assert_eq!(seen, pushed);

    let empty = app
        .get(&format!("/v1/sync/changes?since={since}"), &session.token)
        .await;
    assert_eq!(empty.body["changes"], json!([]));
    assert_eq!(empty.body["cursor"], since);
    assert_eq!(empty.body["has_more"], false);

    let reply = app.get("/v1/sync/changes?since=-1", &session.token).await;
    assert_error(&reply, StatusCode::BAD_REQUEST, "malformed_request");
}

#[tokio::test]
async fn events_hint_at_growth_and_end_at_shutdown() {
    let app = TestApp::new().await;
    let session = app.sign_up("ana@example.org").await;
    let response = app.router.clone().oneshot_events(&session.token).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut stream = response.into_body().into_data_stream();
    let first = String::from_utf8(stream.next().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(first.contains("event: changed"), "{first}");
    assert!(first.contains(r#"data: {"cursor":0}"#), "{first}");

    let pushed = push(&app, &session.token, &[rename("Sky")]).await;
    let position = pushed.body["outcomes"][0]["position"].as_u64().unwrap();
    let next = String::from_utf8(stream.next().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(
        next.contains(&format!(r#"data: {{"cursor":{position}}}"#)),
        "{next}"
    );

    app.state.shutdown().trigger();
    let end = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
        .await
        .expect("the stream ends at shutdown");
    assert!(end.is_none());
}

/// Opens the SSE stream through the router.
trait OneshotEvents {
    async fn oneshot_events(self, token: &str) -> axum::response::Response;
}

impl OneshotEvents for axum::Router {
    async fn oneshot_events(self, token: &str) -> axum::response::Response {
        use tower::ServiceExt;
        let request = Request::get("/v1/sync/events")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        self.oneshot(request).await.unwrap()
    }
}

#[tokio::test]
async fn a_signed_out_or_revoked_device_stops_hearing_at_once() {
    let app = TestApp::new().await;
    let phone = app.sign_up("ana@example.org").await;
    let laptop = app.log_in("ana@example.org", super::PASSWORD).await;
    let laptop: domain::wire::v1::SessionCreated = serde_json::from_value(laptop.body).unwrap();
    let other = app.sign_up("ben@example.org").await;
    let open = |token: &str| {
        let router = app.router.clone();
        let token = token.to_owned();
        async move {
            let response = router.oneshot_events(&token).await;
            assert_eq!(response.status(), StatusCode::OK);
            let mut stream = response.into_body().into_data_stream();
            stream.next().await.unwrap().unwrap(); // the first hint
            stream
        }
    };
    let mut phone_stream = open(&phone.token).await;
    let mut laptop_stream = open(&laptop.token).await;
    let mut other_stream = open(&other.token).await;

    // The laptop is revoked from the phone: its open stream ends.
    let revoked = app
        .call(
            Method::DELETE,
            &format!("/v1/devices/{}", laptop.device_id),
            Some(&phone.token),
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert!(ends(&mut laptop_stream).await.is_none());

    // Logging out ends the phone's own stream; another person's stays open.
    let out = app
        .call(Method::POST, "/v1/auth/logout", Some(&phone.token), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(ends(&mut phone_stream).await.is_none());
    assert!(
        tokio::time::timeout(std::time::Duration::from_millis(200), other_stream.next())
            .await
            .is_err(),
        "ben's stream is untouched"
    );
}

/// The next item of an event stream, or `None` when it ended; fails if it stays open for 5 s.
async fn ends(
    stream: &mut axum::body::BodyDataStream,
) -> Option<Result<axum::body::Bytes, axum::Error>> {
    tokio::time::timeout(std::time::Duration::from_secs(5), stream.next())
        .await
        .expect("the stream ends")
}
