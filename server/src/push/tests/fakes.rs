//! A fake APNs and a fake FCM (with its OAuth token endpoint) on 127.0.0.1, started by a test.
//! They record every request and answer by the device token:
//!
//! - APNs: tokens starting `dead` → 410 `Unregistered`; `bad0` → 400 `BadDeviceToken`; `0400` →
//!   400 `BadTopic`; `0500` → 500; others 200. A provider JWT must be present (else 403).
//! - FCM: `gone` → 404 `UNREGISTERED`; `invalid` → 400 `INVALID_ARGUMENT`; others 200. The
//!   bearer must be the last access token the token endpoint issued (else 401).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, Version};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// One request a fake received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub version: Version,
    pub path: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The bearer token of the `authorization` header.
    pub fn bearer(&self) -> &str {
        self.header("authorization")
            .and_then(|value| {
                value
                    .strip_prefix("bearer ")
                    .or(value.strip_prefix("Bearer "))
            })
            .expect("a bearer token")
    }

    /// The whole request as text (for "the message text appears nowhere").
    pub fn everything(&self) -> String {
        format!("{} {:?} {}", self.path, self.headers, self.body)
    }
}

/// A running fake: its base URL and what it has seen.
#[derive(Clone)]
pub struct Fake {
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    issued: Arc<Mutex<Option<String>>>,
}

impl Fake {
    /// Requests seen so far whose path starts with `prefix`.
    pub fn seen(&self, prefix: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|seen| seen.path.starts_with(prefix))
            .cloned()
            .collect()
    }

    /// Forgets the issued access token (the next send is refused with 401).
    pub fn revoke(&self) {
        *self.issued.lock().unwrap() = None;
    }
}

async fn record(fake: &Fake, request: Request) -> Seen {
    let version = request.version();
    let path = request.uri().path().to_owned();
    let headers = request.headers().clone();
    let body = axum::body::to_bytes(request.into_body(), 1 << 20)
        .await
        .unwrap();
    let seen = Seen {
        version,
        path,
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    };
    fake.seen.lock().unwrap().push(seen.clone());
    seen
}

async fn start(router: Router<Fake>) -> Fake {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let fake = Fake {
        base: format!("http://{}", listener.local_addr().unwrap()),
        seen: Arc::default(),
        issued: Arc::default(),
    };
    let router = router.with_state(fake.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    fake
}

fn refusal(status: StatusCode, reason: &str) -> Response {
    (status, axum::Json(json!({ "reason": reason }))).into_response()
}

/// Starts a fake APNs (`POST /3/device/{token}`).
pub async fn apns() -> Fake {
    async fn device(State(fake): State<Fake>, request: Request) -> Response {
        let seen = record(&fake, request).await;
        if seen.header("authorization").is_none() {
            return refusal(StatusCode::FORBIDDEN, "MissingProviderToken");
        }
        let token = seen.path.trim_start_matches("/3/device/");
        match &token[..token.len().min(4)] {
            "dead" => refusal(StatusCode::GONE, "Unregistered"),
            "bad0" => refusal(StatusCode::BAD_REQUEST, "BadDeviceToken"),
            "0400" => refusal(StatusCode::BAD_REQUEST, "BadTopic"),
            "0500" => refusal(StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError"),
            _ => StatusCode::OK.into_response(),
        }
    }
    start(Router::new().route("/3/device/{token}", axum::routing::post(device))).await
}

/// Starts a fake FCM: `POST /token` (OAuth) and `POST /v1/projects/{project}/messages:send`.
pub async fn fcm() -> Fake {
    async fn token(State(fake): State<Fake>, request: Request) -> Response {
        record(&fake, request).await;
        let count = fake.seen("/token").len();
        let access_token = format!("ya29.test-{count}");
        *fake.issued.lock().unwrap() = Some(access_token.clone());
        axum::Json(json!({
            "access_token": access_token,
            "expires_in": 3599,
            "token_type": "Bearer",
        }))
        .into_response()
    }
    async fn send(State(fake): State<Fake>, request: Request) -> Response {
        let seen = record(&fake, request).await;
        let issued = fake.issued.lock().unwrap().clone();
        if issued.as_deref()
            != seen
                .header("authorization")
                .and_then(|h| h.strip_prefix("Bearer "))
        {
            return (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({"error": {"code": 401, "status": "UNAUTHENTICATED"}})),
            )
                .into_response();
        }
        let body: Value = serde_json::from_str(&seen.body).unwrap_or(Value::Null);
        let error = |status: StatusCode, name: &str, code: &str| {
            (
                status,
                axum::Json(json!({"error": {
                    "code": status.as_u16(),
                    "message": "refused",
                    "status": name,
                    "details": [{
                        "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                        "errorCode": code,
                    }],
                }})),
            )
                .into_response()
        };
        match body["message"]["token"].as_str() {
            Some("gone") => error(StatusCode::NOT_FOUND, "NOT_FOUND", "UNREGISTERED"),
            Some("invalid") => error(
                StatusCode::BAD_REQUEST,
                "INVALID_ARGUMENT",
                "INVALID_ARGUMENT",
            ),
            _ => axum::Json(json!({"name": "projects/beacon-test/messages/1"})).into_response(),
        }
    }
    start(
        Router::new()
            .route("/token", axum::routing::post(token))
            .route(
                "/v1/projects/{project}/messages:send",
                axum::routing::post(send),
            ),
    )
    .await
}
