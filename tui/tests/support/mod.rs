//! What the terminal shell's tests need around it: the real `server` binary on loopback (a
//! program and a coordinator made with its admin CLI), HTTP shortcuts for setup steps that are
//! not the point of a test (a mentor approved and a mentee's request accepted), and a driver that
//! presses keys on the shell's [`App`] against a real [`Runtime`] and reads the rendered screen.
//!
//! The server crate's own harness lives in its tests directory and cannot be imported from
//! here; this is the small part of it these tests use.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use domain::relationship::Action;
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{
    ChangeBody, ChangesPage, Mutation, MutationBody, MutationStatus, PushRequest, PushResponse,
    SessionCreated,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};
use shared::ViewModel;
use shared::runtime::{DesktopPlatform, Runtime, RuntimeConfig};
use tui::App;
use uuid::Uuid;

/// How long one end-to-end step may take.
pub const WAIT: Duration = Duration::from_secs(30);

/// The newest modification time of the files under `path`.
fn newest(path: &Path) -> Option<std::time::SystemTime> {
    let metadata = std::fs::metadata(path).ok()?;
    if metadata.is_file() {
        return metadata.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| newest(&entry.path()))
        .max()
}

/// The `server` binary beside this test's own build (`target/<profile>/server`).
/// `cargo test --workspace` builds it with the server's tests; when it is missing or older than
/// the server's or domain's sources (e.g. `cargo test -p tui` alone), it is built first.
/// `BEACON_SERVER_BIN` overrides it.
pub fn server_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("BEACON_SERVER_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("test executable");
    // target/<profile>/deps/<test> → target/<profile>
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test executable in target/<profile>/deps");
    let bin = profile_dir.join(format!("server{}", std::env::consts::EXE_SUFFIX));
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let sources = ["server", "shared/domain", "Cargo.lock"]
        .iter()
        .filter_map(|path| newest(&workspace.join(path)))
        .max();
    let binary_time = std::fs::metadata(&bin).and_then(|m| m.modified()).ok();
    if binary_time.is_some() && binary_time >= sources {
        return bin;
    }
    let target_dir = profile_dir.parent().expect("target directory");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut build = Command::new(cargo);
    build
        .current_dir(workspace)
        .args([
            "build",
            "--quiet",
            "-p",
            "server",
            "--bin",
            "server",
            "--target-dir",
        ])
        .arg(target_dir);
    if profile_dir
        .file_name()
        .is_some_and(|name| name == "release")
    {
        build.arg("--release");
    }
    let status = build.status().expect("run cargo build for the server");
    assert!(status.success(), "building the server binary failed");
    bin
}

/// The real server process on a database in a temporary directory.
pub struct Server {
    pub dir: tempfile::TempDir,
    bin: PathBuf,
    db: PathBuf,
    child: Child,
    pub base: String,
    pub program_id: Uuid,
    pub coordinator_email: String,
    pub http: reqwest::Client,
    pub rt: tokio::runtime::Runtime,
}

/// A good password for a test account.
pub fn password(tag: &str) -> String {
    format!("pw-{tag}-Tangerine-Harbour-42")
}

impl Server {
    /// A program (English crisis line "Samaritans") and its coordinator, then the server on a
    /// free loopback port.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let bin = server_bin();
        let db = dir.path().join("beacon.db");
        let crisis = dir.path().join("crisis.json");
        std::fs::write(
            &crisis,
            json!([{"locale": "en-GB", "resources": [
                {"name": "Samaritans", "phone": "116 123", "hours": "24/7"}
            ]}])
            .to_string(),
        )
        .unwrap();
        let program_id: Uuid = admin(
            &bin,
            &db,
            &[
                "create-program",
                "--organisation",
                "Harbour Trust",
                "--name",
                "Peer support",
                "--locale",
                "en-GB",
                "--crisis-resources",
                crisis.to_str().unwrap(),
            ],
            None,
        )
        .parse()
        .expect("program id");
        let coordinator_email = "coordinator@example.org".to_owned();
        admin(
            &bin,
            &db,
            &[
                "add-coordinator",
                "--program",
                &program_id.to_string(),
                "--email",
                &coordinator_email,
                "--display-name",
                "Sam",
                "--password-stdin",
            ],
            Some(&format!("{}\n", password("coordinator"))),
        );
        let stderr = std::fs::File::create(dir.path().join("server-stderr.log")).unwrap();
        let mut child = Command::new(&bin)
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--db")
            .arg(&db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawn server");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = sender.send(line);
            }
            for _ in lines {}
        });
        let line = receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("server announces itself");
        let base = line
            .strip_prefix("beacon-server listening on ")
            .expect("listening line")
            .trim()
            .to_owned();
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap();
        Self {
            dir,
            bin,
            db,
            child,
            base,
            program_id,
            coordinator_email,
            http,
            rt: tokio::runtime::Runtime::new().unwrap(),
        }
    }

    fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> T {
        self.rt.block_on(async {
            let mut request = self.http.post(format!("{}{path}", self.base)).json(body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.expect("request");
            let status = response.status();
            let text = response.text().await.unwrap();
            assert!(status.is_success(), "POST {path}: {status} {text}");
            serde_json::from_str(&text).expect("json")
        })
    }

    /// A new person; returns their session.
    pub fn sign_up(&self, email: &str, name: &str) -> SessionCreated {
        self.post(
            "/v1/auth/signup",
            None,
            &json!({"program_id": self.program_id, "email": email, "password": password(name),
                    "display_name": name, "device_name": "Test phone"}),
        )
    }

    pub fn log_in(&self, email: &str, password: &str) -> SessionCreated {
        self.post(
            "/v1/auth/login",
            None,
            &json!({"email": email, "password": password, "device_name": "Office PC"}),
        )
    }

    /// Pushes one change as `token`, asserting the server applied it.
    pub fn push(&self, token: &str, body: MutationBody) {
        let mutation = Mutation {
            mutation_id: Uuid::now_v7(),
            created_at_ms: jiff::Timestamp::now().as_millisecond(),
            body,
        };
        let request = PushRequest {
            protocol: PROTOCOL_VERSION,
            mutations: vec![mutation],
        };
        let response: PushResponse = self.post(
            "/v1/sync/push",
            Some(token),
            &serde_json::to_value(request).unwrap(),
        );
        assert_eq!(
            response.outcomes[0].status,
            MutationStatus::Applied,
            "{response:?}"
        );
    }

    /// `GET path` as `token`, asserting success.
    pub fn get<T: serde::de::DeserializeOwned>(&self, path: &str, token: &str) -> T {
        self.rt.block_on(async {
            let response = self
                .http
                .get(format!("{}{path}", self.base))
                .bearer_auth(token)
                .send()
                .await
                .expect("request");
            let status = response.status();
            let text = response.text().await.unwrap();
            assert!(status.is_success(), "GET {path}: {status} {text}");
            serde_json::from_str(&text).expect("json")
        })
    }

    /// Everything in `token`'s change feed, oldest first.
    pub fn changes(&self, token: &str) -> Vec<ChangeBody> {
        let page: ChangesPage = self.get("/v1/sync/changes?since=0&limit=500", token);
        page.changes.into_iter().map(|change| change.body).collect()
    }

    /// Every message in `token`'s feed, as (sender, text).
    pub fn messages(&self, token: &str) -> Vec<(Uuid, String)> {
        self.changes(token)
            .into_iter()
            .filter_map(|change| match change {
                ChangeBody::MessageAdded { message } => Some((message.sender_id, message.text)),
                _ => None,
            })
            .collect()
    }

    /// A mentor (display name `name`, password [`password`]`(name)`) whose application the
    /// coordinator approved, made over HTTP.
    pub fn approved_mentor(&self, email: &str, name: &str) -> SessionCreated {
        let mentor = self.sign_up(email, name);
        self.push(
            &mentor.token,
            MutationBody::SubmitMentorApplication {
                application: serde_json::from_value(mentor_application()).unwrap(),
            },
        );
        let coordinator = self.log_in(&self.coordinator_email, &password("coordinator"));
        let _: Value = self.post(
            &format!(
                "/v1/coordinator/applications/{}/decision",
                mentor.me.user_id
            ),
            Some(&coordinator.token),
            &json!({"decision": "approve"}),
        );
        mentor
    }

    /// An approved mentor and a mentee whose request the mentor accepted, both made over HTTP:
    /// their conversation is open. Returns (mentor, mentee, relationship id).
    pub fn accepted_pair(&self, mentor_email: &str) -> (SessionCreated, SessionCreated, Uuid) {
        let mentor = self.approved_mentor(mentor_email, "Robin");
        let mentee = self.sign_up("mentee@example.org", "Alex");
        self.push(
            &mentee.token,
            MutationBody::SubmitMenteeRequest {
                request: serde_json::from_value(mentee_request()).unwrap(),
            },
        );
        let relationship_id = Uuid::now_v7();
        self.push(
            &mentee.token,
            MutationBody::RequestMentor {
                relationship_id,
                mentor_id: mentor.me.user_id,
            },
        );
        self.push(
            &mentor.token,
            MutationBody::ActOnRelationship {
                relationship_id,
                action: Action::Accept {},
            },
        );
        (mentor, mentee, relationship_id)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn admin(bin: &Path, db: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let mut child = Command::new(bin)
        .arg("--db")
        .arg(db)
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
        .expect("spawn admin");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "admin {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn weekdays(start: u16, end: u16) -> Value {
    ["monday", "tuesday", "wednesday", "thursday", "friday"]
        .iter()
        .map(|day| json!({"weekday": day, "start_minute": start, "end_minute": end}))
        .collect()
}

/// A valid application in the default catalog: anxiety, English and Spanish, video, weekday
/// evenings in London.
pub fn mentor_application() -> Value {
    let training: Vec<Value> = [
        "peer support foundations",
        "boundaries and confidentiality",
        "safeguarding and risk",
    ]
    .iter()
    .map(|module| json!({"module": module, "completed_on": "2024-02-03"}))
    .collect();
    json!({
        "areas": ["anxiety", "depression"],
        "stable_since": "2019-07-14",
        "training": training,
        "references": [{"name": "Referee", "contact": "ref@example.net"}],
        "languages": ["en-GB", "es"],
        "formats": ["video", "phone"],
        "availability": weekdays(17 * 60, 21 * 60),
        "time_zone": "Europe/London",
        "capacity": 3,
        "bio": "I lived with anxiety for years and found my way back.",
        "strengths": ["work"],
    })
}

/// A request the application above fits.
pub fn mentee_request() -> Value {
    json!({
        "areas": ["anxiety"],
        "goals": "get back to work without panic",
        "goal_tags": ["work"],
        "languages": ["es"],
        "formats": ["video"],
        "availability": weekdays(18 * 60, 22 * 60),
        "time_zone": "Europe/Madrid",
    })
}

/// The terminal shell as a person uses it: its [`App`] over a real [`Runtime`], keys in, the
/// screen out (a ratatui test backend).
pub struct Shell {
    pub app: App,
    pub runtime: Runtime,
    pub data_dir: PathBuf,
    terminal: Terminal<TestBackend>,
}

impl Shell {
    pub fn start(server_url: &str, data_dir: &Path) -> Self {
        let platform = Arc::new(DesktopPlatform::new(data_dir));
        let runtime = Runtime::start(
            RuntimeConfig {
                data_dir: data_dir.to_owned(),
                server_url: server_url.to_owned(),
                device_name: "Terminal".to_owned(),
            },
            platform,
        )
        .expect("runtime starts");
        Self {
            app: App::new(),
            runtime,
            data_dir: data_dir.to_owned(),
            terminal: Terminal::new(TestBackend::new(110, 32)).unwrap(),
        }
    }

    /// Presses one key, dispatching the event it makes (if any) to the core.
    pub fn press(&mut self, key: KeyEvent) {
        let view = self.runtime.view();
        for event in self.app.handle_key(key, &view) {
            self.runtime.dispatch(event);
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.press(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// Ctrl + `c`.
    pub fn ctrl(&mut self, c: char) {
        self.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    /// Opens crisis help with `key`, checks the program's crisis line is on screen, and closes it
    /// with Esc.
    pub fn check_crisis_help(&mut self, key: KeyEvent) {
        self.press(key);
        let screen = self.screen();
        assert!(
            screen.contains("Crisis help")
                && screen.contains("Samaritans")
                && screen.contains("116 123"),
            "{screen}"
        );
        self.key(KeyCode::Esc);
        let screen = self.screen();
        assert!(!screen.contains("Samaritans"), "{screen}");
    }

    /// From a browsing screen: the Chat tab, Enter on the (first) conversation, and waits until
    /// the one with `relationship_id` is open with the message box ready.
    pub fn open_conversation(&mut self, relationship_id: Uuid) {
        self.key(KeyCode::Char('4'));
        self.wait_screen("Conversations");
        self.key(KeyCode::Enter);
        self.wait("conversation open", |v| {
            v.messaging
                .open
                .as_ref()
                .is_some_and(|o| o.relationship_id == relationship_id && !o.loading)
        });
        assert!(self.app.editing, "the message box has the keys");
    }

    /// Empties the focused field (Ctrl+U) and types `text` into it.
    pub fn replace_text(&mut self, text: &str) {
        self.ctrl('u');
        self.type_text(text);
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn view(&self) -> ViewModel {
        self.runtime.view()
    }

    /// Waits for a view satisfying `predicate` (or fails with `what` and the screen).
    pub fn wait(&mut self, what: &str, predicate: impl Fn(&ViewModel) -> bool) -> ViewModel {
        match self.runtime.wait_for(WAIT, predicate) {
            Ok(view) => view,
            Err(error) => panic!(
                "{error} waiting for: {what}\nscreen:\n{}\nview: {:#?}",
                self.screen(),
                self.runtime.view()
            ),
        }
    }

    /// Draws the current view and returns the screen as text, one line per row.
    pub fn screen(&mut self) -> String {
        let view = self.runtime.view();
        let app = &self.app;
        self.terminal
            .draw(|frame| app.draw(frame, &view))
            .expect("draw");
        let buffer = self.terminal.backend().buffer();
        let width = usize::from(buffer.area.width);
        buffer
            .content()
            .chunks(width)
            .map(|row| {
                row.iter()
                    .map(ratatui::buffer::Cell::symbol)
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Waits until the drawn screen contains `needle`.
    pub fn wait_screen(&mut self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting for {needle:?} on screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
