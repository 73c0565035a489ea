//! Bad input against the real process: every malformed, oversized, mistyped, unauthenticated or
//! misrouted request gets the documented 4xx with a JSON `ApiError`, and changes nothing.

mod support;

use std::time::Duration;

use domain::limits::{
    MAX_DEVICE_NAME_CHARS, MAX_DISPLAY_NAME_CHARS, MAX_EMAIL_CHARS, MAX_MUTATIONS_PER_PUSH,
    MAX_PASSWORD_CHARS, MAX_REQUEST_BODY_BYTES,
};
use domain::wire::v1::{AccountExport, ApiError, ChangeBody, ErrorCode, MutationStatus};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{Beacon, Session, email, password, rename, table_counts};
use uuid::Uuid;

/// The parts of an export that must not move when a request is refused (timestamps of the export
/// itself and of device activity legitimately do).
fn stable(export: &AccountExport) -> Value {
    json!({
        "me": export.me,
        "devices": export.devices.iter().map(|d| (d.device_id, d.name.clone())).collect::<Vec<_>>(),
        "changes": export.changes,
        "failed_logins": export.failed_logins_at_ms,
    })
}

struct Snapshot {
    counts: Vec<(String, i64)>,
    export: Value,
}

async fn snapshot(beacon: &Beacon, session: &Session) -> Snapshot {
    let export = stable(&beacon.export(&session.token).await);
    Snapshot {
        counts: table_counts(&beacon.db),
        export,
    }
}

async fn assert_unchanged(beacon: &Beacon, session: &Session, before: &Snapshot, what: &str) {
    let after = snapshot(beacon, session).await;
    assert_eq!(
        before.counts, after.counts,
        "{what}: table row counts changed"
    );
    assert_eq!(before.export, after.export, "{what}: the export changed");
}

fn signup_body(program: Uuid) -> Value {
    json!({
        "program_id": program,
        "email": email("new"),
        "password": password("new"),
        "display_name": "Newcomer",
        "device_name": "Phone",
    })
}

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

async fn expect_error(
    beacon: &Beacon,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, Vec<u8>)>,
    status: StatusCode,
    code: ErrorCode,
) -> ApiError {
    let what = format!("{method} {path}");
    let reply = beacon.raw(method, path, token, body).await;
    assert_eq!(
        reply.status, status,
        "{what}: unexpected status; body: {}",
        reply.text
    );
    reply.error(status, code)
}

/// Like [`expect_error`] for a JSON body, also checking the reported field.
async fn expect_field_error(
    beacon: &Beacon,
    path: &str,
    token: Option<&str>,
    body: &Value,
    field: &str,
) {
    let error = expect_error(
        beacon,
        Method::POST,
        path,
        token,
        Some(("application/json", bytes(body))),
        StatusCode::BAD_REQUEST,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(
        error.field.as_deref(),
        Some(field),
        "POST {path} {body}: wrong field in {error:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_requests_are_refused_and_change_nothing() {
    let (beacon, program) = Beacon::started_with_program();
    let a = beacon
        .signup(program, &email("ana"), &password("ana"), "Ana")
        .await;
    beacon.push(&a.token, &[rename("Ana R")]).await;
    let before = snapshot(&beacon, &a).await;
    let json_type = "application/json";
    let bad = StatusCode::BAD_REQUEST;

    // ---- sign-up ----
    let signup = "/v1/auth/signup";
    for (label, body) in [
        ("truncated JSON", b"{\"program_id\":".to_vec()),
        ("not JSON", b"hello".to_vec()),
        ("empty body", Vec::new()),
        ("an array", b"[]".to_vec()),
        (
            "wrong type",
            bytes(&with(signup_body(program), "program_id", json!(5))),
        ),
        (
            "wrong type",
            bytes(&with(signup_body(program), "email", json!(["a@b.org"]))),
        ),
        (
            "not a uuid",
            bytes(&with(signup_body(program), "program_id", json!("x"))),
        ),
        (
            "unknown field",
            bytes(&with(signup_body(program), "roles", json!(["coordinator"]))),
        ),
        ("missing field", {
            let mut body = signup_body(program);
            body.as_object_mut().unwrap().remove("password");
            bytes(&body)
        }),
    ] {
        let error = expect_error(
            &beacon,
            Method::POST,
            signup,
            None,
            Some((json_type, body)),
            bad,
            ErrorCode::MalformedRequest,
        )
        .await;
        assert!(!error.message.is_empty(), "{label}");
    }
    let long_name = "n".repeat(MAX_DISPLAY_NAME_CHARS + 1);
    let long_email = format!("{}@example.org", "e".repeat(MAX_EMAIL_CHARS));
    let long_password = "Pw7-".repeat(MAX_PASSWORD_CHARS / 4 + 1);
    assert!(long_password.chars().count() > MAX_PASSWORD_CHARS);
    let base = signup_body(program);
    for (body, field) in [
        (
            with(base.clone(), "display_name", json!(long_name)),
            "display_name",
        ),
        (
            with(base.clone(), "display_name", json!("   ")),
            "display_name",
        ),
        (
            with(base.clone(), "display_name", json!("bell\u{7}")),
            "display_name",
        ),
        (with(base.clone(), "email", json!(long_email)), "email"),
        (with(base.clone(), "email", json!("not-an-email")), "email"),
        (with(base.clone(), "email", json!("ana@example")), "email"),
        (
            with(base.clone(), "password", json!(long_password)),
            "password",
        ),
        (with(base.clone(), "password", json!("short1")), "password"),
        (
            with(base.clone(), "password", json!("Password123")),
            "password",
        ),
        (
            with(base.clone(), "password", json!("zzzzzzzzzzzz")),
            "password",
        ),
        (
            with(
                with(base.clone(), "email", json!("robin.hood42@example.org")),
                "password",
                json!("robin.hood42"),
            ),
            "password",
        ),
        (
            with(
                base.clone(),
                "device_name",
                json!("d".repeat(MAX_DEVICE_NAME_CHARS + 1)),
            ),
            "device_name",
        ),
        (with(base.clone(), "locale", json!("EN_gb")), "locale"),
    ] {
        expect_field_error(&beacon, signup, None, &body, field).await;
    }
    // Unknown program.
    expect_error(
        &beacon,
        Method::POST,
        signup,
        None,
        Some((
            json_type,
            bytes(&with(base.clone(), "program_id", json!(Uuid::now_v7()))),
        )),
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await;
    // Email taken (case and spaces differ: normalised first).
    let taken_email = format!("  {}  ", a.email.to_uppercase());
    expect_error(
        &beacon,
        Method::POST,
        signup,
        None,
        Some((
            json_type,
            bytes(&with(base.clone(), "email", json!(taken_email))),
        )),
        StatusCode::CONFLICT,
        ErrorCode::Conflict,
    )
    .await;
    // Wrong or missing content type, with an otherwise valid body.
    for content_type in ["text/plain", "application/x-www-form-urlencoded", ""] {
        expect_error(
            &beacon,
            Method::POST,
            signup,
            None,
            Some((content_type, bytes(&base))),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
        )
        .await;
    }
    // Oversized, but otherwise a valid request.
    let huge = with(
        base.clone(),
        "display_name",
        json!("x".repeat(MAX_REQUEST_BODY_BYTES)),
    );
    expect_error(
        &beacon,
        Method::POST,
        signup,
        None,
        Some((json_type, bytes(&huge))),
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await;
    assert_unchanged(&beacon, &a, &before, "bad sign-ups").await;

    // ---- log-in ----
    let login = "/v1/auth/login";
    for body in [
        b"{".to_vec(),
        bytes(
            &json!({"email": a.email, "password": a.password, "device_name": "x", "admin": true}),
        ),
        bytes(&json!({"email": a.email, "password": 12, "device_name": "x"})),
    ] {
        expect_error(
            &beacon,
            Method::POST,
            login,
            None,
            Some((json_type, body)),
            bad,
            ErrorCode::MalformedRequest,
        )
        .await;
    }
    let long = "p".repeat(MAX_PASSWORD_CHARS + 1);
    expect_field_error(
        &beacon,
        login,
        None,
        &json!({"email": a.email, "password": long, "device_name": "x"}),
        "password",
    )
    .await;
    assert_unchanged(&beacon, &a, &before, "bad log-ins").await;

    // ---- push ----
    let push = "/v1/sync/push";
    let token = Some(a.token.as_str());
    let good_mutation = serde_json::to_value(rename("Never")).unwrap();
    let mut unknown_body_field = good_mutation.clone();
    unknown_body_field["body"]["role"] = json!("coordinator");
    let mut unknown_kind = good_mutation.clone();
    unknown_kind["body"]["type"] = json!("grant_role");
    let mut bad_id = good_mutation.clone();
    bad_id["mutation_id"] = json!("not-a-uuid");
    let mut wrong_type = good_mutation.clone();
    wrong_type["body"]["display_name"] = json!(42);
    let mut unknown_field = good_mutation.clone();
    unknown_field["user_id"] = json!(Uuid::now_v7());
    for body in [
        b"{\"protocol\":1,\"mutations\":[".to_vec(),
        bytes(&json!({"protocol": 1})),
        bytes(&json!({"protocol": "1", "mutations": []})),
        bytes(&json!({"protocol": 1, "mutations": [unknown_body_field]})),
        bytes(&json!({"protocol": 1, "mutations": [unknown_kind]})),
        bytes(&json!({"protocol": 1, "mutations": [bad_id]})),
        bytes(&json!({"protocol": 1, "mutations": [wrong_type]})),
        bytes(&json!({"protocol": 1, "mutations": [unknown_field]})),
        bytes(&json!({"protocol": 1, "mutations": [], "user_id": a.me.user_id})),
    ] {
        expect_error(
            &beacon,
            Method::POST,
            push,
            token,
            Some((json_type, body)),
            bad,
            ErrorCode::MalformedRequest,
        )
        .await;
    }
    for protocol in [0, 2, 99] {
        expect_error(
            &beacon,
            Method::POST,
            push,
            token,
            Some((
                json_type,
                bytes(&json!({"protocol": protocol, "mutations": [good_mutation]})),
            )),
            bad,
            ErrorCode::UnsupportedProtocol,
        )
        .await;
    }
    let too_many: Vec<Value> = (0..=MAX_MUTATIONS_PER_PUSH)
        .map(|n| serde_json::to_value(rename(&format!("n{n}"))).unwrap())
        .collect();
    expect_field_error(
        &beacon,
        push,
        token,
        &json!({"protocol": 1, "mutations": too_many}),
        "mutations",
    )
    .await;
    let mut huge_mutation = good_mutation.clone();
    huge_mutation["body"]["display_name"] = json!("y".repeat(MAX_REQUEST_BODY_BYTES));
    expect_error(
        &beacon,
        Method::POST,
        push,
        token,
        Some((
            json_type,
            bytes(&json!({"protocol": 1, "mutations": [huge_mutation]})),
        )),
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::PayloadTooLarge,
    )
    .await;
    expect_error(
        &beacon,
        Method::POST,
        push,
        token,
        Some((
            "text/plain",
            bytes(&json!({"protocol": 1, "mutations": [good_mutation]})),
        )),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
    )
    .await;

    // ---- other authenticated endpoints ----
    for query in ["since=abc", "since=-1", "limit=many", "since=1.5"] {
        let reply = beacon
            .get(&format!("/v1/sync/changes?{query}"), token)
            .await;
        let error = reply.json::<ApiError>();
        assert_eq!(reply.status, bad, "changes?{query}: {}", reply.text);
        assert!(
            matches!(
                error.code,
                ErrorCode::MalformedRequest | ErrorCode::ValidationFailed
            ),
            "changes?{query}: {}",
            reply.text
        );
    }
    for body in [
        b"{".to_vec(),
        bytes(&json!({"password": 5})),
        bytes(&json!({"password": a.password, "force": true})),
    ] {
        expect_error(
            &beacon,
            Method::DELETE,
            "/v1/me",
            token,
            Some((json_type, body)),
            bad,
            ErrorCode::MalformedRequest,
        )
        .await;
    }
    expect_error(
        &beacon,
        Method::DELETE,
        &format!("/v1/devices/{}", Uuid::now_v7()),
        token,
        None,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await;
    let reply = beacon.delete("/v1/devices/not-a-uuid", token).await;
    let error = reply.json::<ApiError>();
    assert!(
        (reply.status == bad && error.code == ErrorCode::MalformedRequest)
            || (reply.status == StatusCode::NOT_FOUND && error.code == ErrorCode::NotFound),
        "DELETE /v1/devices/not-a-uuid: {} {}",
        reply.status,
        reply.text
    );
    expect_error(
        &beacon,
        Method::GET,
        &format!("/v1/programs/{}", Uuid::now_v7()),
        None,
        None,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await;

    // ---- routing ----
    for path in ["/v1/nope", "/nope", "/v2/sync/push", "/v1/me/export/all"] {
        expect_error(
            &beacon,
            Method::GET,
            path,
            token,
            None,
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
        )
        .await;
    }
    for (method, path) in [
        (Method::PUT, "/v1/auth/signup"),
        (Method::GET, "/v1/auth/login"),
        (Method::GET, "/v1/sync/push"),
        (Method::POST, "/v1/sync/changes"),
        (Method::PATCH, "/v1/me"),
        (Method::POST, "/v1/devices"),
    ] {
        let reply = beacon.raw(method.clone(), path, token, None).await;
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {}",
            reply.text
        );
        let error: ApiError = reply.json();
        assert!(!error.message.is_empty());
    }

    // ---- missing, malformed and forged tokens ----
    let forged = format!("bcn_{}", "A".repeat(43));
    let mut tampered = a.token.clone();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let headers: Vec<Option<String>> = vec![
        None,
        Some(String::new()),
        Some(forged),
        Some(tampered),
        Some("bcn_".into()),
        Some("bcn_!!!!".into()),
        Some(a.token.trim_start_matches("bcn_").to_owned()),
        Some(format!("{} extra", a.token)),
        Some("x".repeat(8 * 1024)),
    ];
    for token in &headers {
        for (method, path, body) in [
            (Method::GET, "/v1/me", None),
            (Method::GET, "/v1/me/export", None),
            (Method::GET, "/v1/devices", None),
            (Method::GET, "/v1/sync/changes?since=0", None),
            (
                Method::POST,
                "/v1/sync/push",
                Some((
                    json_type,
                    bytes(&json!({"protocol": 1, "mutations": [rename("Forged")]})),
                )),
            ),
            (Method::POST, "/v1/auth/logout", None),
            (
                Method::DELETE,
                &format!("/v1/devices/{}", a.device_id),
                None,
            ),
            (
                Method::DELETE,
                "/v1/me",
                Some((json_type, bytes(&json!({"password": a.password})))),
            ),
        ] {
            expect_error(
                &beacon,
                method,
                path,
                token.as_deref(),
                body,
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthenticated,
            )
            .await;
        }
        let events = support::EventStream::open(&beacon, token.as_deref()).await;
        let reply = events.err().expect("events must refuse a bad token");
        reply.error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    // Other authorization schemes.
    for header in [
        "Basic YTpi",
        &format!("bearer{}", a.token),
        &format!("Token {}", a.token),
    ] {
        let reply = beacon
            .http
            .get(beacon.url("/v1/me"))
            .header(reqwest::header::AUTHORIZATION, header)
            .send()
            .await
            .unwrap();
        let status = reply.status();
        let text = reply.text().await.unwrap();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{header}: {text}");
        let error: ApiError = serde_json::from_str(&text).unwrap();
        assert_eq!(error.code, ErrorCode::Unauthenticated);
    }
    assert_unchanged(&beacon, &a, &before, "everything above").await;

    // ---- a mutation the domain refuses: 200 with `rejected`, and nothing appended ----
    let blank = rename("   ");
    let response = beacon.push(&a.token, std::slice::from_ref(&blank)).await;
    assert_eq!(response.outcomes.len(), 1);
    let outcome = &response.outcomes[0];
    assert_eq!(outcome.mutation_id, blank.mutation_id);
    assert_eq!(outcome.status, MutationStatus::Rejected, "{outcome:?}");
    assert_eq!(outcome.position, None);
    let error = outcome.error.as_ref().expect("rejection carries an error");
    assert_eq!(error.code, ErrorCode::ValidationFailed);
    assert_eq!(error.field.as_deref(), Some("display_name"));
    let after = snapshot(&beacon, &a).await;
    assert_eq!(
        before.export, after.export,
        "a rejected mutation changed the person"
    );
    // The server stayed up and healthy throughout.
    let health = beacon.get("/healthz", None).await;
    assert_eq!(health.status, StatusCode::OK, "{}", health.text);
}

#[tokio::test(flavor = "multi_thread")]
async fn logged_out_and_revoked_devices_lose_access() {
    let (beacon, program) = Beacon::started_with_program();
    let first = beacon
        .signup(program, &email("rev"), &password("rev"), "Rev")
        .await;
    let second = beacon.login(&first.email, &first.password, "Tablet").await;
    let third = beacon.login(&first.email, &first.password, "Laptop").await;
    assert_ne!(first.token, second.token);
    assert_ne!(second.device_id, third.device_id);

    // Log-out revokes only the calling device.
    let reply = beacon
        .raw(Method::POST, "/v1/auth/logout", Some(&second.token), None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    for path in ["/v1/me", "/v1/devices", "/v1/sync/changes?since=0"] {
        beacon
            .get(path, Some(&second.token))
            .await
            .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    beacon
        .raw(Method::POST, "/v1/auth/logout", Some(&second.token), None)
        .await
        .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    beacon.me(&first.token).await;
    beacon.me(&third.token).await;

    // Revoking another device of one's own.
    let since = beacon
        .pull_all(&first.token, 0)
        .await
        .last()
        .map_or(0, |c| c.position);
    let reply = beacon
        .delete(
            &format!("/v1/devices/{}", third.device_id),
            Some(&first.token),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    beacon
        .get("/v1/me", Some(&third.token))
        .await
        .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    let devices: domain::wire::v1::DeviceList = beacon
        .get("/v1/devices", Some(&first.token))
        .await
        .expect(StatusCode::OK);
    let ids: Vec<Uuid> = devices.devices.iter().map(|d| d.device_id).collect();
    assert_eq!(
        ids,
        vec![first.device_id],
        "only the signed-in device remains"
    );
    assert!(devices.devices[0].current);
    let new = beacon.pull_all(&first.token, since).await;
    assert!(
        new.iter().any(|change| change.body
            == ChangeBody::DeviceRevoked {
                device_id: third.device_id
            }),
        "revoking a device appends device_revoked to the owner's feed: {new:?}"
    );
    // Revoking it again: it no longer exists.
    beacon
        .delete(
            &format!("/v1/devices/{}", third.device_id),
            Some(&first.token),
        )
        .await
        .error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_sessions_expire() {
    let mut beacon = Beacon::new().with_args(&["--session-idle-ttl-secs", "1"]);
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    beacon.start();
    let session = beacon
        .signup(program, &email("idle"), &password("idle"), "Idle")
        .await;
    // Sliding: regular use keeps the session alive well past the idle limit.
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        beacon.me(&session.token).await;
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    for path in ["/v1/me", "/v1/devices", "/v1/me/export"] {
        beacon
            .get(path, Some(&session.token))
            .await
            .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    let events = support::EventStream::open(&beacon, Some(&session.token)).await;
    events
        .err()
        .expect("expired session must not open events")
        .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    // Logging in again works and starts a fresh session.
    let again = beacon
        .login(&session.email, &session.password, "Phone")
        .await;
    beacon.me(&again.token).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_credentials_are_uniform_and_throttled() {
    let (beacon, program) = Beacon::started_with_program();
    let user = beacon
        .signup(program, &email("thr"), &password("thr"), "Thr")
        .await;
    let wrong_password = beacon
        .try_login(&user.email, "not the password at all", "x")
        .await
        .error(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);
    let unknown_email = beacon
        .try_login(&email("nobody"), "not the password at all", "x")
        .await
        .error(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);
    assert_eq!(
        wrong_password.message, unknown_email.message,
        "wrong email and wrong password must be indistinguishable"
    );
    let export = beacon.export(&user.token).await;
    assert_eq!(export.failed_logins_at_ms.len(), 1, "{export:?}");
    // Deleting an account with a wrong password: refused, account intact (another user, so the
    // log-in throttle below is not affected whether or not this counts as a failure).
    let other = beacon
        .signup(program, &email("del"), &password("del"), "Del")
        .await;
    let counts = table_counts(&beacon.db);
    beacon
        .send(
            Method::DELETE,
            "/v1/me",
            Some(&other.token),
            &json!({"password": "not the password at all"}),
        )
        .await
        .error(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);
    beacon.me(&other.token).await;
    let after = table_counts(&beacon.db);
    let accounts = |counts: &[(String, i64)]| {
        counts
            .iter()
            .filter(|(table, _)| !table.contains("fail") && !table.contains("attempt"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(accounts(&counts), accounts(&after));

    // Four more failures (five in all), then the sixth attempt is throttled even with the right
    // password, before the password is checked.
    for _ in 0..4 {
        beacon
            .try_login(&user.email, "not the password at all", "x")
            .await
            .error(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);
    }
    let reply = beacon
        .try_login(&user.email.to_uppercase(), &user.password, "x")
        .await;
    let error = reply.error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    let retry_after = error.retry_after_secs.expect("retry_after_secs");
    assert!((1..=2).contains(&retry_after), "{error:?}");
    let header: u64 = reply
        .headers
        .get(reqwest::header::RETRY_AFTER)
        .expect("Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(header, retry_after);
    // Waiting it out lets the right password in, and success clears the failures.
    tokio::time::sleep(Duration::from_secs(retry_after + 1)).await;
    let session = beacon.login(&user.email, &user.password, "x").await;
    let export = beacon.export(&session.token).await;
    assert!(
        export.failed_logins_at_ms.is_empty(),
        "success clears failures: {:?}",
        export.failed_logins_at_ms
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_emails_cost_as_much_as_wrong_passwords() {
    let (beacon, program) = Beacon::started_with_program();
    // One wrong attempt per account, so the throttle never kicks in.
    let mut accounts = Vec::new();
    for n in 0..4 {
        accounts.push(
            beacon
                .signup(program, &email(&format!("t{n}")), &password("t"), "Timer")
                .await,
        );
    }
    let mut wrong = Vec::new();
    let mut unknown = Vec::new();
    for account in &accounts {
        let started = std::time::Instant::now();
        beacon
            .try_login(&account.email, "a wrong password!", "x")
            .await
            .error(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);
        wrong.push(started.elapsed());
        let started = std::time::Instant::now();
        beacon
            .try_login(&email("ghost"), "a wrong password!", "x")
            .await
            .error(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);
        unknown.push(started.elapsed());
    }
    wrong.sort();
    unknown.sort();
    // A dummy hash is verified for unknown emails: same order of magnitude, not 50x faster.
    assert!(
        unknown[1] * 3 >= wrong[1],
        "unknown emails answer much faster than wrong passwords (enumeration): \
         unknown {unknown:?} vs wrong {wrong:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_sign_ups_with_one_email_create_one_account() {
    let (beacon, program) = Beacon::started_with_program();
    let address = email("race");
    let before = table_counts(&beacon.db);
    let replies = futures::future::join_all((0..6).map(|n| {
        let address = if n % 2 == 0 {
            address.clone()
        } else {
            address.to_uppercase()
        };
        let beacon = &beacon;
        async move {
            beacon
                .try_signup(program, &address, &password("race"), "Racer")
                .await
        }
    }))
    .await;
    let created = replies
        .iter()
        .filter(|reply| reply.status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "exactly one sign-up wins: {replies:?}");
    for reply in replies.iter().filter(|r| r.status != StatusCode::CREATED) {
        reply.error(StatusCode::CONFLICT, ErrorCode::Conflict);
    }
    let after = table_counts(&beacon.db);
    let growth: Vec<(String, i64)> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| a.1 != b.1)
        .map(|(b, a)| (b.0.clone(), a.1 - b.1))
        .collect();
    assert!(
        growth.iter().all(|(_, n)| *n == 1),
        "one account (one user, one device…) and no more: {growth:?}"
    );
}

/// Admin commands are the only way to create programs and coordinators: bad input exits non-zero
/// with a message, never echoes the password, and changes nothing.
#[test]
fn admin_commands_refuse_bad_input() {
    let beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    let before = table_counts(&beacon.db);
    let dir = beacon.dir().to_path_buf();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let not_json = write("bad.json", "{not json");
    let unknown_field = write(
        "unknown.json",
        r#"[{"locale":"en-GB","extra":1,"resources":[{"name":"S","phone":"1","hours":"24/7"}]}]"#,
    );
    let no_way_to_reach = write(
        "unreachable.json",
        r#"[{"locale":"en-GB","resources":[{"name":"S","hours":"24/7"}]}]"#,
    );
    let other_locale = write(
        "es.json",
        r#"[{"locale":"es","resources":[{"name":"S","phone":"1","hours":"24/7"}]}]"#,
    );
    let missing = dir.join("missing.json").to_str().unwrap().to_owned();
    let long_name = "n".repeat(domain::limits::MAX_NAME_CHARS + 1);
    let good = write(
        "good.json",
        r#"[{"locale":"en-GB","resources":[{"name":"S","phone":"1","hours":"24/7"}]}]"#,
    );
    for file in [
        &not_json,
        &unknown_field,
        &no_way_to_reach,
        &other_locale,
        &missing,
    ] {
        let output = beacon.admin(
            &[
                "create-program",
                "--organisation",
                "Org",
                "--name",
                "Name",
                "--locale",
                "en-GB",
                "--crisis-resources",
                file,
            ],
            None,
        );
        assert!(!output.status.success(), "create-program accepted {file}");
        assert!(!output.stderr.is_empty(), "no message for {file}");
    }
    for args in [
        vec![
            "--organisation",
            "Org",
            "--name",
            &long_name,
            "--locale",
            "en-GB",
        ],
        vec!["--organisation", " ", "--name", "Name", "--locale", "en-GB"],
        vec![
            "--organisation",
            "Org",
            "--name",
            "Name",
            "--locale",
            "EN_GB",
        ],
        vec!["--organisation", "Org", "--name", "Name"],
    ] {
        let mut full = vec!["create-program"];
        full.extend(args.iter().copied());
        full.extend(["--crisis-resources", &good]);
        let output = beacon.admin(&full, None);
        assert!(!output.status.success(), "create-program accepted {args:?}");
        assert!(!output.stderr.is_empty(), "no message for {args:?}");
    }

    let program = program.to_string();
    let taken = email("taken");
    let good_password = password("admin");
    beacon.add_coordinator(program.parse().unwrap(), &taken, "Kit", &good_password);
    let before_coordinators = table_counts(&beacon.db);
    let unknown_program = Uuid::now_v7().to_string();
    let fresh = email("coord");
    let weak = "password123";
    let long_password = "Lx9-".repeat(40);
    for (program, email, name, secret) in [
        (
            &unknown_program,
            fresh.as_str(),
            "Kit",
            good_password.as_str(),
        ),
        (&program, "not-an-email", "Kit", good_password.as_str()),
        (&program, taken.as_str(), "Kit", good_password.as_str()),
        (&program, fresh.as_str(), " ", good_password.as_str()),
        (&program, fresh.as_str(), "Kit", weak),
        (&program, fresh.as_str(), "Kit", ""),
        (&program, fresh.as_str(), "Kit", long_password.as_str()),
    ] {
        let output = beacon.admin(
            &[
                "add-coordinator",
                "--program",
                program,
                "--email",
                email,
                "--display-name",
                name,
                "--password-stdin",
            ],
            Some(&format!("{secret}\n")),
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success(),
            "add-coordinator accepted {program} {email} {name:?} {secret:?}"
        );
        assert!(!stderr.trim().is_empty(), "no message");
        assert!(
            secret.len() < 4 || !stderr.contains(secret),
            "the password was echoed: {stderr}"
        );
    }
    assert_eq!(table_counts(&beacon.db), before_coordinators);
    let grown: Vec<_> = before
        .iter()
        .zip(&before_coordinators)
        .filter(|(b, a)| a.1 != b.1)
        .map(|(b, _)| b.0.clone())
        .collect();
    assert!(
        !grown.is_empty() && grown.iter().all(|t| !t.contains("program")),
        "only the coordinator was added, no program: {grown:?}"
    );
}
