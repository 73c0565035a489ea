//! Black-box harness: runs the real `server` binary on loopback, on a database in a temporary
//! directory, and talks to it over HTTP like the app does.
//!
//! Every response body the harness sees is recorded, so a test can assert afterwards that no
//! secret ever left the server; the server's stderr goes to a file for the same reason (and for
//! debugging a failing test: it is printed when a start-up fails).
#![allow(dead_code)]

pub mod app;

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use domain::account::Role;
use domain::mentoring::profile::{MenteeRequest, MentorApplication};
use domain::relationship::Action;
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{
    AccountExport, ApiError, ApplicationForReview, ApplicationQueue, ApplicationStatus, Change,
    ChangeBody, ChangesPage, CoordinatorActionRequest, Decision, DecisionRequest, ErrorCode,
    IntakeConfirmRequest, Me, Mutation, MutationBody, MutationOutcome, MutationStatus, PairChoice,
    ProposalList, PushRequest, PushResponse, RelationshipView, SessionCreated,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// How long the server may take to print its "listening" line.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a stopped server may take to exit.
pub const EXIT_TIMEOUT: Duration = Duration::from_secs(15);
/// Every HTTP request gives up after this long, so no test can hang on a stuck server.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// A good password for test accounts (unique per call so leaks are attributable).
pub fn password(tag: &str) -> String {
    format!("pw-{tag}-Tangerine-Harbour-42")
}

/// The real server process and everything needed to restart it on the same database.
pub struct Beacon {
    dir: tempfile::TempDir,
    pub db: PathBuf,
    pub stderr_log: PathBuf,
    args: Vec<String>,
    child: Option<Child>,
    base: Option<String>,
    pub http: reqwest::Client,
    /// Every response seen, for leak checks.
    seen: Mutex<Vec<Seen>>,
    /// Token → user id of every session made through [`Beacon::signup`] / [`Beacon::login`], so
    /// that recorded responses say whom they were sent to.
    callers: Mutex<std::collections::HashMap<String, Uuid>>,
}

/// A signed-in device.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub device_id: Uuid,
    pub me: Me,
    pub email: String,
    pub password: String,
}

/// One response the harness received: the request line (method, path without query, status)
/// and the body exactly as sent by the server.
#[derive(Debug, Clone)]
pub struct Seen {
    pub request: String,
    pub body: String,
    /// The person whose token made the request, when the harness knows it.
    pub caller: Option<Uuid>,
}

/// A response, already read.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.text).unwrap_or_else(|error| {
            panic!(
                "response ({}) is not the expected JSON ({error}): {}",
                self.status, self.text
            )
        })
    }

    /// Asserts the status and returns the body as `T`.
    pub fn expect<T: serde::de::DeserializeOwned>(&self, status: StatusCode) -> T {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        self.json()
    }

    /// Asserts this is an error with the given status and code, and returns it.
    pub fn error(&self, status: StatusCode, code: ErrorCode) -> ApiError {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        let content_type = self
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        assert!(
            content_type.starts_with("application/json"),
            "error responses must be JSON, got content-type {content_type:?}: {}",
            self.text
        );
        let error: ApiError = self.json();
        assert_eq!(error.code, code, "unexpected error code: {}", self.text);
        assert!(!error.message.is_empty(), "error without a message");
        error
    }
}

impl Beacon {
    /// A fresh temporary directory and database path; the server is not started yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("beacon.db");
        let stderr_log = dir.path().join("server-stderr.log");
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .build()
            .expect("http client");
        Self {
            dir,
            db,
            stderr_log,
            args: Vec::new(),
            child: None,
            base: None,
            http,
            seen: Mutex::new(Vec::new()),
            callers: Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// A harness whose database starts as a copy of `db` (the main file only: no `-wal`/`-shm`).
    pub fn from_db_copy(db: &Path) -> Self {
        let beacon = Self::new();
        std::fs::copy(db, &beacon.db).expect("copy database");
        beacon
    }

    /// Extra serve arguments (kept across restarts), e.g. `--session-idle-ttl-secs 1`.
    #[must_use]
    pub fn with_args(mut self, args: &[&str]) -> Self {
        self.args = args.iter().map(ToString::to_string).collect();
        self
    }

    /// A new program with one resource per locale and a fresh, started server.
    pub fn started_with_program() -> (Self, Uuid) {
        let mut beacon = Self::new();
        let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
        beacon.start();
        (beacon, program)
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn server_bin() -> &'static str {
        env!("CARGO_BIN_EXE_server")
    }

    fn stderr_file(&self) -> File {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.stderr_log)
            .expect("stderr log")
    }

    /// Everything the server (and admin commands) wrote to stderr so far.
    pub fn server_log(&self) -> String {
        std::fs::read_to_string(&self.stderr_log).unwrap_or_default()
    }

    /// Starts the server on a free loopback port and waits for its "listening" line.
    pub fn start(&mut self) {
        self.start_at("127.0.0.1:0");
    }

    /// Starts the server on `addr` (e.g. the `127.0.0.1:PORT` it had before a restart, so
    /// clients find it again) and waits for its "listening" line.
    pub fn start_at(&mut self, addr: &str) {
        assert!(self.child.is_none(), "server already running");
        let mut child = Command::new(Self::server_bin())
            .arg("--addr")
            .arg(addr)
            .arg("--db")
            .arg(&self.db)
            .args(&self.args)
            .env("BEACON_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(self.stderr_file())
            .spawn()
            .expect("spawn server");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = sender.send(line);
            }
            // Keep draining so the server never blocks on a full pipe.
            for _ in lines {}
        });
        let line = match receiver.recv_timeout(START_TIMEOUT) {
            Ok(line) => line,
            Err(error) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "server did not announce itself ({error}); stderr:\n{}",
                    self.server_log()
                );
            }
        };
        let url = line
            .strip_prefix("beacon-server listening on ")
            .unwrap_or_else(|| panic!("unexpected first stdout line: {line:?}"))
            .trim()
            .to_owned();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "server must listen on loopback: {url}"
        );
        self.base = Some(url);
        self.child = Some(child);
    }

    pub fn base(&self) -> &str {
        self.base.as_deref().expect("server not started")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("server not running").id()
    }

    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| child.try_wait().expect("try_wait").is_none())
    }

    /// SIGKILL: no chance to flush anything.
    pub fn kill9(&mut self) {
        let mut child = self.child.take().expect("server not running");
        child.kill().expect("kill -9");
        child.wait().expect("wait after kill");
        self.base = None;
    }

    /// Sends SIGTERM without waiting.
    pub fn send_sigterm(&self) {
        let status = Command::new("kill")
            .arg("-TERM")
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Waits (bounded) for the server to exit after a signal; kills it if it does not.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let mut child = self.child.take().expect("server not running");
        self.base = None;
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = child.try_wait().expect("try_wait") {
                return status;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "server did not exit within {timeout:?} after SIGTERM; stderr:\n{}",
                    self.server_log()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGTERM and wait for the exit status.
    pub fn sigterm(&mut self) -> ExitStatus {
        self.send_sigterm();
        self.wait_exit(EXIT_TIMEOUT)
    }

    /// Kill -9 (if running) and start again on the same database.
    pub fn restart(&mut self) {
        if self.child.is_some() {
            self.kill9();
        }
        self.start();
    }

    /// Runs `server --db DB admin ARGS...`, optionally feeding stdin.
    pub fn admin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(Self::server_bin())
            .arg("--db")
            .arg(&self.db)
            .arg("admin")
            .args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn admin command");
        if let Some(input) = stdin {
            let mut pipe = child.stdin.take().expect("stdin");
            pipe.write_all(input.as_bytes()).expect("write stdin");
        }
        child.wait_with_output().expect("admin output")
    }

    fn admin_uuid(&self, args: &[&str], stdin: Option<&str>) -> Uuid {
        let output = self.admin(args, stdin);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "admin {args:?} failed ({}):\nstdout: {stdout}\nstderr: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
            .trim()
            .parse()
            .unwrap_or_else(|error| panic!("admin {args:?} printed no UUID ({error}): {stdout:?}"))
    }

    /// Creates a program with one crisis resource per locale; returns its id.
    pub fn create_program(&self, organisation: &str, name: &str, locales: &[&str]) -> Uuid {
        let resources: Vec<Value> = locales
            .iter()
            .map(|locale| {
                json!({"locale": locale, "resources": [
                    {"name": "Samaritans", "phone": "116 123", "hours": "24/7"}
                ]})
            })
            .collect();
        let file = self.dir().join(format!("crisis-{}.json", Uuid::now_v7()));
        std::fs::write(&file, serde_json::to_vec(&resources).unwrap()).expect("write json");
        let mut args = vec![
            "create-program",
            "--organisation",
            organisation,
            "--name",
            name,
        ];
        for locale in locales {
            args.extend(["--locale", locale]);
        }
        let file = file.to_str().expect("utf-8 path");
        args.extend(["--crisis-resources", file]);
        self.admin_uuid(&args, None)
    }

    /// Adds a coordinator to a program; returns their user id.
    pub fn add_coordinator(
        &self,
        program: Uuid,
        email: &str,
        display_name: &str,
        password: &str,
    ) -> Uuid {
        let program = program.to_string();
        self.admin_uuid(
            &[
                "add-coordinator",
                "--program",
                &program,
                "--email",
                email,
                "--display-name",
                display_name,
                "--password-stdin",
            ],
            Some(&format!("{password}\n")),
        )
    }

    // ---- HTTP ----

    /// Sends a request with an optional bearer token and raw body + content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, Vec<u8>)>,
    ) -> Reply {
        let mut request = self.http.request(method.clone(), self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some((content_type, bytes)) = body {
            if !content_type.is_empty() {
                request = request.header(reqwest::header::CONTENT_TYPE, content_type);
            }
            request = request.body(bytes);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|error| panic!("{method} {path}: {error}"));
        let status = response.status();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .unwrap_or_else(|error| panic!("{method} {path} body: {error}"));
        let caller = token.and_then(|token| self.caller_of(token));
        self.record_from(format!("{method} {path} -> {status}"), &text, caller);
        Reply {
            status,
            headers,
            text,
        }
    }

    pub fn record(&self, request: String, body: &str) {
        self.record_from(request, body, None);
    }

    /// Records a response sent to `caller` (see [`Seen::caller`]).
    pub fn record_from(&self, request: String, body: &str, caller: Option<Uuid>) {
        // The request line may carry a token on purpose (to check it is refused): keep only the
        // path without its query string, so the leak checks look at what the server sent.
        let request = match request.split_once('?') {
            Some((path, rest)) => {
                let status = rest.rsplit_once(" -> ").map_or("", |(_, status)| status);
                format!("{path}?… -> {status}")
            }
            None => request,
        };
        self.seen.lock().unwrap().push(Seen {
            request,
            body: body.to_owned(),
            caller,
        });
    }

    /// Every response recorded so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.raw(Method::GET, path, token, None).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.raw(Method::DELETE, path, token, None).await
    }

    /// A JSON request.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Reply {
        let bytes = serde_json::to_vec(body).unwrap();
        self.raw(method, path, token, Some(("application/json", bytes)))
            .await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send(Method::POST, path, token, body).await
    }

    pub async fn try_signup(
        &self,
        program: Uuid,
        email: &str,
        password: &str,
        display_name: &str,
    ) -> Reply {
        self.post(
            "/v1/auth/signup",
            None,
            &json!({
                "program_id": program,
                "email": email,
                "password": password,
                "display_name": display_name,
                "device_name": "Test phone",
            }),
        )
        .await
    }

    pub async fn signup(
        &self,
        program: Uuid,
        email: &str,
        password: &str,
        display_name: &str,
    ) -> Session {
        let created: SessionCreated = self
            .try_signup(program, email, password, display_name)
            .await
            .expect(StatusCode::CREATED);
        assert!(created.token.starts_with("bcn_"), "token format");
        self.remember_caller(&created.token, created.me.user_id);
        Session {
            token: created.token,
            device_id: created.device_id,
            me: created.me,
            email: email.to_owned(),
            password: password.to_owned(),
        }
    }

    pub async fn try_login(&self, email: &str, password: &str, device: &str) -> Reply {
        self.post(
            "/v1/auth/login",
            None,
            &json!({"email": email, "password": password, "device_name": device}),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str, device: &str) -> Session {
        let created: SessionCreated = self
            .try_login(email, password, device)
            .await
            .expect(StatusCode::OK);
        self.remember_caller(&created.token, created.me.user_id);
        Session {
            token: created.token,
            device_id: created.device_id,
            me: created.me,
            email: email.to_owned(),
            password: password.to_owned(),
        }
    }

    pub async fn me(&self, token: &str) -> Me {
        self.get("/v1/me", Some(token)).await.expect(StatusCode::OK)
    }

    pub async fn export(&self, token: &str) -> AccountExport {
        self.get("/v1/me/export", Some(token))
            .await
            .expect(StatusCode::OK)
    }

    pub async fn push(&self, token: &str, mutations: &[Mutation]) -> PushResponse {
        let request = PushRequest {
            protocol: PROTOCOL_VERSION,
            mutations: mutations.to_vec(),
        };
        self.post(
            "/v1/sync/push",
            Some(token),
            &serde_json::to_value(request).unwrap(),
        )
        .await
        .expect(StatusCode::OK)
    }

    /// Pulls the whole feed after `since`, page by page (bounded).
    pub async fn pull_all(&self, token: &str, since: u64) -> Vec<Change> {
        let mut cursor = since;
        let mut changes = Vec::new();
        for _ in 0..10_000 {
            let page: ChangesPage = self
                .get(
                    &format!("/v1/sync/changes?since={cursor}&limit=500"),
                    Some(token),
                )
                .await
                .expect(StatusCode::OK);
            for change in &page.changes {
                assert!(change.position > cursor, "feed positions must increase");
                cursor = change.position;
            }
            assert_eq!(page.cursor, cursor, "page cursor is the last position");
            let more = page.has_more;
            let empty = page.changes.is_empty();
            changes.extend(page.changes);
            if !more {
                return changes;
            }
            assert!(!empty, "has_more with an empty page");
        }
        panic!("feed did not end");
    }
}

impl Drop for Beacon {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A fresh mutation (UUIDv7 id).
pub fn mutation(body: MutationBody) -> Mutation {
    Mutation {
        mutation_id: Uuid::now_v7(),
        created_at_ms: now_ms(),
        body,
    }
}

pub fn rename(name: &str) -> Mutation {
    mutation(MutationBody::UpdateProfile {
        display_name: Some(name.to_owned()),
        locale: None,
    })
}

pub fn now_ms() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap()
}

/// A unique email address.
pub fn email(tag: &str) -> String {
    format!("{tag}-{}@example.org", Uuid::now_v7().simple())
}

/// Row counts of every table in the database, read through a separate read-only connection.
pub fn table_counts(db: &Path) -> Vec<(String, i64)> {
    let connection = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .expect("open db read-only");
    connection
        .busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    let tables: Vec<String> = connection
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let count: i64 = connection
                .query_row(&format!("SELECT COUNT(*) FROM \"{table}\""), [], |row| {
                    row.get(0)
                })
                .unwrap();
            (table, count)
        })
        .collect()
}

/// Every value stored in the database, as text (blobs as lossy UTF-8 and as hex), one line per
/// row, for "is this string stored anywhere" checks.
pub fn dump_database(db: &Path) -> String {
    let connection =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open db read-only");
    connection
        .busy_timeout(Duration::from_secs(5))
        .expect("busy timeout");
    let tables: Vec<String> = connection
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for table in tables {
        let mut statement = connection
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .unwrap();
        let columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            out.push_str(&table);
            for index in 0..columns {
                out.push(' ');
                match row.get_ref(index).unwrap() {
                    rusqlite::types::ValueRef::Null => out.push_str("NULL"),
                    rusqlite::types::ValueRef::Integer(value) => out.push_str(&value.to_string()),
                    rusqlite::types::ValueRef::Real(value) => out.push_str(&value.to_string()),
                    rusqlite::types::ValueRef::Text(bytes) => {
                        out.push_str(&String::from_utf8_lossy(bytes));
                    }
                    rusqlite::types::ValueRef::Blob(bytes) => {
                        out.push_str(&String::from_utf8_lossy(bytes));
                        out.push(' ');
                        out.push_str(&hex(bytes));
                    }
                }
            }
            out.push('\n');
        }
    }
    out
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

/// The forms in which a stored SHA-256 of a token could show up: hex (both cases) and base64.
pub fn token_hash_forms(token: &str) -> Vec<String> {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(token.as_bytes());
    let lower = hex(&digest);
    vec![
        lower.to_uppercase(),
        lower,
        base64::engine::general_purpose::STANDARD.encode(digest),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest),
    ]
}

/// One parsed Server-Sent Event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event: String,
    pub data: String,
}

/// A live SSE connection, parsed incrementally.
pub struct EventStream {
    stream: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<Vec<u8>>> + Send>>,
    buffer: String,
}

impl EventStream {
    /// Opens `GET /v1/sync/events`; returns the non-200 reply instead if it fails.
    pub async fn open(beacon: &Beacon, token: Option<&str>) -> Result<Self, Reply> {
        // No overall timeout for a long-lived stream; each read below has its own.
        let http = reqwest::Client::builder()
            .no_proxy()
            .connect_timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let mut request = http
            .get(beacon.url("/v1/sync/events"))
            .header(reqwest::header::ACCEPT, "text/event-stream");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = tokio::time::timeout(REQUEST_TIMEOUT, request.send())
            .await
            .expect("events connect timed out")
            .expect("events connect");
        if response.status() != StatusCode::OK {
            let status = response.status();
            let headers = response.headers().clone();
            let text = response.text().await.unwrap_or_default();
            beacon.record(format!("GET /v1/sync/events -> {status}"), &text);
            return Err(Reply {
                status,
                headers,
                text,
            });
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            content_type.starts_with("text/event-stream"),
            "events content-type: {content_type}"
        );
        let stream = futures::StreamExt::map(response.bytes_stream(), |chunk| {
            chunk.map(|bytes| bytes.to_vec())
        });
        Ok(Self {
            stream: Box::pin(stream),
            buffer: String::new(),
        })
    }

    /// The next event (comments skipped), or `None` on timeout / end of stream.
    pub async fn next_event(&mut self, timeout: Duration) -> Option<Event> {
        use futures::StreamExt as _;
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if let Some(event) = self.take_event() {
                return Some(event);
            }
            let chunk = tokio::time::timeout_at(deadline, self.stream.next())
                .await
                .ok()??;
            let chunk = chunk.ok()?;
            self.buffer
                .push_str(&String::from_utf8_lossy(chunk.as_ref()).replace("\r\n", "\n"));
        }
    }

    /// The cursor of the next `changed` event.
    pub async fn next_cursor(&mut self, timeout: Duration) -> Option<u64> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let event = self.next_event(left).await?;
            if event.event == "changed" {
                let hint: domain::wire::v1::FeedHint = serde_json::from_str(&event.data)
                    .unwrap_or_else(|error| panic!("bad hint {:?}: {error}", event.data));
                return Some(hint.cursor);
            }
        }
    }

    /// True once the server has closed the stream (within the timeout).
    pub async fn ended(&mut self, timeout: Duration) -> bool {
        use futures::StreamExt as _;
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match tokio::time::timeout_at(deadline, self.stream.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_))) => return true,
                Ok(Some(Ok(_))) => {}
            }
        }
    }

    fn take_event(&mut self) -> Option<Event> {
        loop {
            let end = self.buffer.find("\n\n")?;
            let block: String = self.buffer.drain(..end + 2).collect();
            let mut event = String::from("message");
            let mut data = Vec::new();
            for line in block.lines() {
                if line.starts_with(':') || line.is_empty() {
                    continue;
                }
                let (field, value) = line.split_once(':').unwrap_or((line, ""));
                let value = value.strip_prefix(' ').unwrap_or(value);
                match field {
                    "event" => value.clone_into(&mut event),
                    "data" => data.push(value.to_owned()),
                    _ => {}
                }
            }
            if !data.is_empty() {
                return Some(Event {
                    event,
                    data: data.join("\n"),
                });
            }
        }
    }
}

/// Asserts that `haystack` contains none of `needles` (naming where it was found).
pub fn assert_absent(what: &str, haystack: &str, needles: &[(&str, &str)]) {
    for (name, needle) in needles {
        assert!(
            needle.is_empty() || !haystack.contains(needle),
            "{what} contains {name} ({needle:?})"
        );
    }
}

/// Convenience: the outcome-per-mutation positions of a push, asserting all were applied.
pub fn applied_positions(response: &PushResponse) -> Vec<u64> {
    response
        .outcomes
        .iter()
        .map(|outcome| {
            assert_eq!(
                outcome.status,
                domain::wire::v1::MutationStatus::Applied,
                "outcome {outcome:?}"
            );
            outcome.position.expect("applied outcome has a position")
        })
        .collect()
}

// ---- Mentoring ----

/// The contact of the reference in [`mentor_application`]`(tag)`: a string that must only ever
/// reach the program's coordinators (and the applicant themselves).
pub fn reference_contact(tag: &str) -> String {
    format!("ref-{tag}-contact-8813@example.net")
}

/// The name of the reference in [`mentor_application`]`(tag)`.
pub fn reference_name(tag: &str) -> String {
    format!("Referee {tag} Okonkwo-Halvorsen")
}

/// The self-attested stability date of every test application (never shown to mentees).
pub const STABLE_SINCE: &str = "2019-07-14";

/// The program's required training (the default catalog), all completed in test applications.
pub const REQUIRED_TRAINING: [&str; 3] = [
    "peer support foundations",
    "boundaries and confidentiality",
    "safeguarding and risk",
];

/// A valid mentor application in the default catalog: anxiety and depression, English and
/// Spanish, video / phone / in person (London), weekdays 17:00–21:00 in London, capacity 3, all
/// required training done, one reference ([`reference_contact`]).
pub fn mentor_application(tag: &str) -> MentorApplication {
    let mut training: Vec<Value> = REQUIRED_TRAINING
        .iter()
        .map(|module| json!({"module": module, "completed_on": "2024-02-03"}))
        .collect();
    training.push(json!({"module": "active listening", "completed_on": "2024-03-09"}));
    serde_json::from_value(json!({
        "areas": ["anxiety", "depression"],
        "stable_since": STABLE_SINCE,
        "training": training,
        "references": [{"name": reference_name(tag), "contact": reference_contact(tag)}],
        "languages": ["en-GB", "es"],
        "formats": ["video", "phone", "in_person"],
        "availability": weekdays(17 * 60, 21 * 60),
        "time_zone": "Europe/London",
        "location": {"city": "London", "region": "England", "lat_e2": 5151, "lon_e2": -13},
        "capacity": 3,
        "bio": format!("Bio of {tag}: I lived with anxiety for years and found my way back."),
        "identity": {"gender": "woman", "age_range": {"from": 30, "to": 39}},
        "strengths": ["work", "sleep"],
    }))
    .expect("a valid test application")
}

/// A valid mentee request that every [`mentor_application`] fits: anxiety, Spanish, video,
/// weekdays 18:00–22:00 in Madrid (the same hours as the mentors' in London), goal tag "work".
pub fn mentee_request(tag: &str) -> MenteeRequest {
    serde_json::from_value(json!({
        "areas": ["anxiety"],
        "goals": format!("Goals of {tag}: get back to work without panic"),
        "goal_tags": ["work"],
        "languages": ["es"],
        "formats": ["video"],
        "availability": weekdays(18 * 60, 22 * 60),
        "time_zone": "Europe/Madrid",
    }))
    .expect("a valid test request")
}

/// Monday to Friday, `start..end` minutes after midnight.
pub fn weekdays(start: u16, end: u16) -> Value {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    Value::Array(
        days.iter()
            .map(|day| json!({"weekday": day, "start_minute": start, "end_minute": end}))
            .collect(),
    )
}

/// The wire name of a change (`"relationship_changed"`, …).
pub fn change_kind(body: &ChangeBody) -> String {
    serde_json::to_value(body).unwrap()["type"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Asserts the outcome is `applied` and returns its position.
#[track_caller]
pub fn applied(outcome: &MutationOutcome) -> u64 {
    assert_eq!(outcome.status, MutationStatus::Applied, "{outcome:?}");
    outcome.position.expect("applied outcome has a position")
}

/// Asserts the outcome is `rejected` with `code` and returns the error.
#[track_caller]
pub fn rejected(outcome: &MutationOutcome, code: ErrorCode) -> ApiError {
    assert_eq!(outcome.status, MutationStatus::Rejected, "{outcome:?}");
    assert!(outcome.position.is_none(), "rejected with a position");
    let error = outcome
        .error
        .clone()
        .expect("a rejected outcome has an error");
    assert_eq!(error.code, code, "{outcome:?}");
    assert!(!error.message.is_empty(), "error without a message");
    error
}

/// Credentials of a coordinator created with `admin add-coordinator` (before the server starts).
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user_id: Uuid,
    pub email: String,
    pub password: String,
}

impl Beacon {
    fn remember_caller(&self, token: &str, user_id: Uuid) {
        self.callers
            .lock()
            .unwrap()
            .insert(token.to_owned(), user_id);
    }

    fn caller_of(&self, token: &str) -> Option<Uuid> {
        self.callers.lock().unwrap().get(token).copied()
    }

    /// `admin add-coordinator` for `program`; sign in later with [`Beacon::sign_in`].
    pub fn new_coordinator(&self, program: Uuid, tag: &str) -> Credentials {
        let email = email(tag);
        let password = password(tag);
        let user_id =
            self.add_coordinator(program, &email, &format!("Coordinator {tag}"), &password);
        Credentials {
            user_id,
            email,
            password,
        }
    }

    pub async fn sign_in(&self, credentials: &Credentials) -> Session {
        let session = self
            .login(&credentials.email, &credentials.password, "Office PC")
            .await;
        assert_eq!(session.me.user_id, credentials.user_id);
        session
    }

    /// Pushes one mutation and returns its outcome.
    pub async fn push_one(&self, token: &str, mutation: &Mutation) -> MutationOutcome {
        let response = self.push(token, std::slice::from_ref(mutation)).await;
        assert_eq!(response.outcomes.len(), 1, "{response:?}");
        let outcome = response.outcomes.into_iter().next().unwrap();
        assert_eq!(outcome.mutation_id, mutation.mutation_id);
        outcome
    }

    pub async fn submit_application(
        &self,
        token: &str,
        application: &MentorApplication,
    ) -> MutationOutcome {
        let body = MutationBody::SubmitMentorApplication {
            application: application.clone(),
        };
        self.push_one(token, &mutation(body)).await
    }

    pub async fn submit_request(&self, token: &str, request: &MenteeRequest) -> MutationOutcome {
        let body = MutationBody::SubmitMenteeRequest {
            request: request.clone(),
        };
        self.push_one(token, &mutation(body)).await
    }

    /// `POST /v1/coordinator/applications/{user_id}/decision`.
    pub async fn decide(
        &self,
        token: &str,
        user_id: Uuid,
        decision: Decision,
        reason: Option<&str>,
    ) -> Reply {
        let request = DecisionRequest {
            decision,
            reason: reason.map(str::to_owned),
        };
        self.post(
            &format!("/v1/coordinator/applications/{user_id}/decision"),
            Some(token),
            &serde_json::to_value(request).unwrap(),
        )
        .await
    }

    /// Approves an application, asserting it worked.
    pub async fn approve(&self, token: &str, user_id: Uuid) -> ApplicationForReview {
        let review: ApplicationForReview = self
            .decide(token, user_id, Decision::Approve, None)
            .await
            .expect(StatusCode::OK);
        assert_eq!(review.user_id, user_id);
        assert_eq!(review.state.status, ApplicationStatus::Approved);
        review
    }

    pub async fn applications(&self, token: &str) -> ApplicationQueue {
        self.get("/v1/coordinator/applications", Some(token))
            .await
            .expect(StatusCode::OK)
    }

    /// A new person who applied and was approved by the coordinator holding `coordinator_token`.
    pub async fn approved_mentor(
        &self,
        program: Uuid,
        coordinator_token: &str,
        display_name: &str,
        application: &MentorApplication,
    ) -> Session {
        let tag = display_name.split_whitespace().next().unwrap_or("mentor");
        let mut session = self
            .signup(program, &email(tag), &password(tag), display_name)
            .await;
        applied(&self.submit_application(&session.token, application).await);
        self.approve(coordinator_token, session.me.user_id).await;
        session.me = self.me(&session.token).await;
        assert!(session.me.roles.contains(&Role::Mentor), "{:?}", session.me);
        session
    }

    /// A new person who stated `request`.
    pub async fn mentee_with_request(
        &self,
        program: Uuid,
        display_name: &str,
        request: &MenteeRequest,
    ) -> Session {
        let tag = display_name.split_whitespace().next().unwrap_or("mentee");
        let session = self
            .signup(program, &email(tag), &password(tag), display_name)
            .await;
        applied(&self.submit_request(&session.token, request).await);
        session
    }

    /// `GET /v1/matching/proposals` (with `?limit=` when given).
    pub async fn proposals(&self, token: &str, limit: Option<u32>) -> Reply {
        let path = match limit {
            Some(limit) => format!("/v1/matching/proposals?limit={limit}"),
            None => "/v1/matching/proposals".to_owned(),
        };
        self.get(&path, Some(token)).await
    }

    /// The caller's proposals (asserting 200), as mentor ids in order plus the whole list.
    pub async fn proposal_list(&self, token: &str) -> ProposalList {
        self.proposals(token, Some(20)).await.expect(StatusCode::OK)
    }

    /// `request_mentor` with a fresh relationship id; returns the id and the outcome.
    pub async fn request_mentor(&self, token: &str, mentor_id: Uuid) -> (Uuid, MutationOutcome) {
        let relationship_id = Uuid::now_v7();
        let body = MutationBody::RequestMentor {
            relationship_id,
            mentor_id,
        };
        (relationship_id, self.push_one(token, &mutation(body)).await)
    }

    /// `act_on_relationship` as the caller.
    pub async fn act(&self, token: &str, relationship_id: Uuid, action: Action) -> MutationOutcome {
        let body = MutationBody::ActOnRelationship {
            relationship_id,
            action,
        };
        self.push_one(token, &mutation(body)).await
    }

    /// `POST /v1/coordinator/relationships/{id}/actions`.
    pub async fn coordinator_act(
        &self,
        token: &str,
        relationship_id: Uuid,
        action: Action,
    ) -> Reply {
        let request = CoordinatorActionRequest { action };
        self.post(
            &format!("/v1/coordinator/relationships/{relationship_id}/actions"),
            Some(token),
            &serde_json::to_value(request).unwrap(),
        )
        .await
    }

    /// `POST /v1/coordinator/intake`.
    pub async fn intake(&self, token: &str) -> Reply {
        self.post("/v1/coordinator/intake", Some(token), &json!({}))
            .await
    }

    /// `POST /v1/coordinator/intake/confirm`.
    pub async fn intake_confirm(&self, token: &str, pairs: &[PairChoice]) -> Reply {
        let request = IntakeConfirmRequest {
            pairs: pairs.to_vec(),
        };
        self.post(
            "/v1/coordinator/intake/confirm",
            Some(token),
            &serde_json::to_value(request).unwrap(),
        )
        .await
    }

    /// The caller's whole feed, only changes of `kind` (e.g. `"relationship_changed"`).
    pub async fn feed_of_kind(&self, token: &str, kind: &str) -> Vec<Change> {
        self.pull_all(token, 0)
            .await
            .into_iter()
            .filter(|change| change_kind(&change.body) == kind)
            .collect()
    }

    /// Every relationship view in the caller's feed, oldest first.
    pub async fn relationship_views(&self, token: &str) -> Vec<RelationshipView> {
        self.pull_all(token, 0)
            .await
            .into_iter()
            .filter_map(|change| match change.body {
                ChangeBody::RelationshipChanged { view } => Some(*view),
                _ => None,
            })
            .collect()
    }

    /// The latest view of one relationship in the caller's feed.
    pub async fn relationship_view(
        &self,
        token: &str,
        relationship_id: Uuid,
    ) -> Option<RelationshipView> {
        self.relationship_views(token)
            .await
            .into_iter()
            .rev()
            .find(|view| view.relationship.id == relationship_id)
    }

    /// Asserts that every recorded response containing one of `needles` was sent to one of
    /// `allowed`; returns how many allowed responses contained each needle (same order).
    #[track_caller]
    pub fn assert_only_sent_to(&self, needles: &[(&str, &str)], allowed: &[Uuid]) -> Vec<usize> {
        let seen = self.seen();
        needles
            .iter()
            .map(|(name, needle)| {
                let mut hits = 0;
                for response in seen.iter().filter(|s| s.body.contains(needle)) {
                    assert!(
                        response
                            .caller
                            .is_some_and(|caller| allowed.contains(&caller)),
                        "{name} ({needle:?}) reached {:?} in the response to {}: {}",
                        response.caller,
                        response.request,
                        response.body
                    );
                    hits += 1;
                }
                hits
            })
            .collect()
    }
}

// ---- Messaging ----

/// A `send_message` mutation with a fresh message id (and mutation id).
pub fn message(relationship_id: Uuid, text: &str) -> Mutation {
    mutation(MutationBody::SendMessage {
        relationship_id,
        message_id: Uuid::now_v7(),
        text: text.to_owned(),
    })
}

/// The message id of a `send_message` mutation.
pub fn message_id_of(mutation: &Mutation) -> Uuid {
    match &mutation.body {
        MutationBody::SendMessage { message_id, .. } => *message_id,
        other => panic!("not a send_message: {other:?}"),
    }
}

/// A mentor and a mentee whose relationship the mentor has accepted (so they can write).
pub struct Pair {
    pub mentor: Session,
    pub mentee: Session,
    pub relationship_id: Uuid,
}

impl Beacon {
    /// An approved mentor (`mentor_name`), a mentee (`mentee_name`) who requested them, and the
    /// mentor's acceptance: the conversation is open.
    pub async fn accepted_pair(
        &self,
        program: Uuid,
        coordinator_token: &str,
        mentor_name: &str,
        mentee_name: &str,
    ) -> Pair {
        let tag = mentor_name.split_whitespace().next().unwrap_or("mentor");
        let mentor = self
            .approved_mentor(
                program,
                coordinator_token,
                mentor_name,
                &mentor_application(tag),
            )
            .await;
        let tag = mentee_name.split_whitespace().next().unwrap_or("mentee");
        let mentee = self
            .mentee_with_request(program, mentee_name, &mentee_request(tag))
            .await;
        let (relationship_id, outcome) =
            self.request_mentor(&mentee.token, mentor.me.user_id).await;
        applied(&outcome);
        applied(
            &self
                .act(&mentor.token, relationship_id, Action::Accept {})
                .await,
        );
        Pair {
            mentor,
            mentee,
            relationship_id,
        }
    }

    /// Sends one message; returns the mutation (for retries) and its outcome.
    pub async fn send_message(
        &self,
        token: &str,
        relationship_id: Uuid,
        text: &str,
    ) -> (Mutation, MutationOutcome) {
        let mutation = message(relationship_id, text);
        let outcome = self.push_one(token, &mutation).await;
        (mutation, outcome)
    }

    /// `acknowledge_messages` as the caller.
    pub async fn acknowledge(
        &self,
        token: &str,
        relationship_id: Uuid,
        delivered_up_to: u64,
        read_up_to: u64,
    ) -> MutationOutcome {
        let body = MutationBody::AcknowledgeMessages {
            relationship_id,
            delivered_up_to,
            read_up_to,
        };
        self.push_one(token, &mutation(body)).await
    }

    /// `raise_concern` as the caller.
    pub async fn raise_concern(
        &self,
        token: &str,
        relationship_id: Uuid,
        text: &str,
    ) -> MutationOutcome {
        let body = MutationBody::RaiseConcern {
            relationship_id,
            concern_id: Uuid::now_v7(),
            text: text.to_owned(),
        };
        self.push_one(token, &mutation(body)).await
    }

    /// `report_member` as the caller.
    pub async fn report_member(
        &self,
        token: &str,
        relationship_id: Uuid,
        text: &str,
        block: bool,
    ) -> MutationOutcome {
        let body = MutationBody::ReportMember {
            relationship_id,
            report_id: Uuid::now_v7(),
            text: text.to_owned(),
            block,
        };
        self.push_one(token, &mutation(body)).await
    }

    /// Every message in the caller's feed (all conversations), with the change that carried it.
    pub async fn feed_messages(&self, token: &str) -> Vec<(Change, domain::wire::v1::Message)> {
        self.pull_all(token, 0)
            .await
            .into_iter()
            .filter_map(|change| match &change.body {
                ChangeBody::MessageAdded { message } => {
                    let message = (**message).clone();
                    Some((change, message))
                }
                _ => None,
            })
            .collect()
    }

    /// The messages of one conversation in the caller's feed, in feed order.
    pub async fn conversation(
        &self,
        token: &str,
        relationship_id: Uuid,
    ) -> Vec<domain::wire::v1::Message> {
        self.feed_messages(token)
            .await
            .into_iter()
            .map(|(_, message)| message)
            .filter(|message| message.relationship_id == relationship_id)
            .collect()
    }

    /// Every receipt update in the caller's feed, oldest first.
    pub async fn feed_receipts(&self, token: &str) -> Vec<domain::wire::v1::ReceiptUpdate> {
        self.pull_all(token, 0)
            .await
            .into_iter()
            .filter_map(|change| match change.body {
                ChangeBody::ReceiptsChanged { receipts } => Some(receipts),
                _ => None,
            })
            .collect()
    }

    /// `PUT /v1/push/registration`.
    pub async fn register_push(
        &self,
        token: &str,
        provider: domain::wire::v1::PushProviderKind,
        endpoint: &str,
    ) -> Reply {
        let registration = domain::wire::v1::PushRegistration {
            provider,
            endpoint: endpoint.to_owned(),
        };
        self.send(
            Method::PUT,
            "/v1/push/registration",
            Some(token),
            &serde_json::to_value(registration).unwrap(),
        )
        .await
    }

    /// `GET /v1/coordinator/concerns`.
    pub async fn concerns(&self, token: &str) -> Reply {
        self.get("/v1/coordinator/concerns", Some(token)).await
    }
}

/// Asserts that a conversation's messages (as one member sees them) are numbered 1, 2, 3 … in
/// feed order, with no message id twice.
#[track_caller]
pub fn assert_dense(label: &str, messages: &[domain::wire::v1::Message]) {
    let mut ids = std::collections::HashSet::new();
    for (index, message) in messages.iter().enumerate() {
        assert_eq!(
            message.seq,
            index as u64 + 1,
            "{label}: seqs must be 1, 2, 3 … in feed order: {messages:#?}"
        );
        assert!(
            ids.insert(message.message_id),
            "{label}: message {} is in the feed twice",
            message.message_id
        );
    }
}
