//! In-process router tests: each test gets a fresh temp-file database and drives the real
//! [`Router`] with `tower::ServiceExt::oneshot`. Argon2 uses tiny parameters here only.

mod accounts;
mod applications;
mod auth;
mod checkins;
mod concerns;
mod desk;
mod devices;
mod lifecycle;
mod mentoring_support;
mod messaging;
mod messaging_push;
mod messaging_safety;
mod messaging_support;
mod notes;
mod proposals;
mod reminders;
mod sessions;
mod sync;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use domain::program::{CrisisResource, LocaleCrisisResources, ProgramInfo};
use domain::wire::v1::SessionCreated;
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

use crate::db::store::programs;
use crate::{AppState, Config, app};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub program_id: Uuid,
    dir: tempfile::TempDir,
}

/// A response, with the body parsed as JSON (`Value::Null` when empty).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_idle_ttl(Duration::from_secs(3600)).await
    }

    pub async fn with_idle_ttl(ttl: Duration) -> Self {
        Self::with_settings(ttl, crate::push::PushConfig::default()).await
    }

    /// With APNs/FCM credentials (the push tests point them at loopback fakes).
    pub async fn with_push(push: crate::push::PushConfig) -> Self {
        Self::with_settings(Duration::from_secs(3600), push).await
    }

    async fn with_settings(ttl: Duration, push: crate::push::PushConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::new(dir.path().join("beacon.db"))
            .with_session_idle_ttl(ttl)
            .with_argon2(argon2::Params::new(8, 1, 1, None).unwrap())
            .with_push(push);
        let state = AppState::open(config).unwrap();
        let program_id = Uuid::now_v7();
        let program = ProgramInfo {
            program_id,
            organisation: "Mind the Gap".into(),
            name: "Peer Support".into(),
            locales: vec!["en-GB".into(), "es".into()],
            crisis_resources: ["en-GB", "es"]
                .into_iter()
                .map(|locale| LocaleCrisisResources {
                    locale: locale.into(),
                    resources: vec![CrisisResource {
                        name: "Samaritans".into(),
                        phone: Some("116 123".into()),
                        sms: None,
                        url: None,
                        hours: "24/7".into(),
                    }],
                })
                .collect(),
            catalog: domain::mentoring::profile::ProgramCatalog::default(),
            checkin_cadence_days: domain::checkins::CheckInCadence::default(),
        };
        state
            .db()
            .write(move |cx| programs::insert(cx, &program, 1))
            .await
            .unwrap();
        Self {
            router: app(state.clone()),
            state,
            program_id,
            dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    /// A JSON request, optionally authenticated.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        };
        self.send(request.unwrap()).await
    }

    pub async fn get(&self, uri: &str, token: &str) -> Reply {
        self.call(Method::GET, uri, Some(token), None).await
    }

    pub fn sign_up_body(&self, email: &str) -> Value {
        json!({
            "program_id": self.program_id,
            "email": email,
            "password": PASSWORD,
            "display_name": "Robin",
            "device_name": "Pixel 8",
        })
    }

    pub async fn sign_up(&self, email: &str) -> SessionCreated {
        let reply = self
            .call(
                Method::POST,
                "/v1/auth/signup",
                None,
                Some(self.sign_up_body(email)),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        serde_json::from_value(reply.body).unwrap()
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Reply {
        let body = json!({"email": email, "password": password, "device_name": "Laptop"});
        self.call(Method::POST, "/v1/auth/login", None, Some(body))
            .await
    }

    /// Rows in `table`, read straight from the database file.
    pub fn count(&self, table: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.dir.path().join("beacon.db")).unwrap();
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .unwrap()
    }
}

/// Asserts an error reply's status and code.
pub fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.body["code"], code, "{}", reply.body);
    assert!(
        reply.body["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

#[tokio::test]
async fn health_reports_ok() {
    let app = TestApp::new().await;
    let reply = app
        .send(Request::get("/healthz").body(Body::empty()).unwrap())
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["status"], "ok");
}

#[tokio::test]
async fn openapi_lists_every_path() {
    let app = TestApp::new().await;
    let reply = app
        .send(
            Request::get("/v1/openapi.json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let paths = reply.body["paths"].as_object().unwrap();
    for (path, method) in [
        ("/healthz", "get"),
        ("/v1/openapi.json", "get"),
        ("/v1/programs/{program_id}", "get"),
        ("/v1/auth/signup", "post"),
        ("/v1/auth/login", "post"),
        ("/v1/auth/logout", "post"),
        ("/v1/devices", "get"),
        ("/v1/devices/{device_id}", "delete"),
        ("/v1/me", "get"),
        ("/v1/me", "delete"),
        ("/v1/me/export", "get"),
        ("/v1/sync/push", "post"),
        ("/v1/sync/changes", "get"),
        ("/v1/sync/events", "get"),
        ("/v1/matching/proposals", "get"),
        ("/v1/coordinator/applications", "get"),
        ("/v1/coordinator/applications/{user_id}/decision", "post"),
        ("/v1/coordinator/change-requests", "get"),
        ("/v1/coordinator/quiet-matches", "get"),
        ("/v1/coordinator/metrics", "get"),
        ("/v1/coordinator/relationships/{id}/actions", "post"),
        ("/v1/coordinator/intake", "post"),
        ("/v1/coordinator/intake/confirm", "post"),
        ("/v1/coordinator/program/settings", "get"),
        ("/v1/coordinator/program/settings", "put"),
        ("/v1/coordinator/concerns", "get"),
        ("/v1/coordinator/concerns/{concern_id}/resolve", "post"),
        ("/v1/push/registration", "put"),
        ("/v1/push/registration", "delete"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    assert!(reply.body["components"]["schemas"]["ApiError"].is_object());
}

#[tokio::test]
async fn unknown_paths_and_methods_get_json_errors() {
    let app = TestApp::new().await;
    let reply = app
        .send(
            Request::get("/v1/nothing-here")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    let reply = app
        .send(Request::put("/v1/auth/signup").body(Body::empty()).unwrap())
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(reply.body["code"].is_string());
}

#[tokio::test]
async fn programs_are_public_and_unknown_ones_are_404() {
    let app = TestApp::new().await;
    let reply = app
        .send(
            Request::get(format!("/v1/programs/{}", app.program_id))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["locales"], json!(["en-GB", "es"]));
    assert_eq!(
        reply.body["crisis_resources"][0]["resources"][0]["phone"],
        "116 123"
    );
    for missing in [Uuid::now_v7().to_string(), "not-a-uuid".to_owned()] {
        let reply = app
            .send(
                Request::get(format!("/v1/programs/{missing}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_error(&reply, StatusCode::NOT_FOUND, "not_found");
    }
}
