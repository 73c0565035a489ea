//! Messaging load test against the real server binary, on loopback.
//!
//! ```text
//! cargo build --release -p server --bins
//! ./target/release/load_messages --pairs 500 --senders 100 --seconds 5 --runs 3
//! ```
//!
//! Starts `server` (next to this executable, or `--server-bin`) on a fresh database in a temporary
//! directory, creates a program and a coordinator, and through the API signs up `--pairs` mentors
//! and mentees, approves the mentors and matches each mentee with one mentor (request + accept),
//! so that every simulated client (one device each) has a conversation. Then it measures:
//!
//! 1. server memory per idle connected client: the server's `VmRSS` (from `/proc/<pid>/status`)
//!    before and after every client opens its `GET /v1/sync/events` stream and sits idle;
//! 2. send-to-receive latency with all clients connected: messages are sent at `--rate` per
//!    second into the conversations; each recipient pulls its feed on every `changed` hint, and
//!    the latency runs from just before the sender's push to the moment the recipient's pull
//!    returns the message (p50/p99 per run, and their medians);
//! 3. acknowledged messages per second with `--senders` clients (both members of the first
//!    `--senders / 2` pairs) each pushing one `send_message` per request as fast as it can, with
//!    no event streams open (median of `--runs` runs).
//!
//! Everything is bounded: per-phase durations, request timeouts, a cap on requests per client and
//! an overall `--max-seconds`. Only 127.0.0.1 is used. 1,000 event streams need file descriptors
//! in both processes, so the soft `RLIMIT_NOFILE` of this process is raised first (the server,
//! spawned afterwards, inherits it); the limit is printed.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use clap::Parser;
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{
    ChangeBody, ChangesPage, Mutation, MutationBody, MutationStatus, PushRequest, PushResponse,
    SessionCreated,
};
use futures::StreamExt;
use serde_json::{Value, json};
use tokio::sync::{Notify, Semaphore};
use uuid::Uuid;

use common::{ClientRun, REQUEST_TIMEOUT, Server, admin, median, percentile, push_one, timed_runs};

#[derive(Debug, Parser)]
#[command(about = "Load-test Beacon messaging on loopback: throughput, latency, memory per client")]
struct Args {
    /// Mentor–mentee pairs; every member is one connected client (500 pairs = 1,000 clients).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u16).range(1..=2000))]
    pairs: u16,
    /// Clients sending in the throughput phase (both members of the first senders/2 pairs).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(2..=4000))]
    senders: u16,
    /// Length of each throughput run.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=60))]
    seconds: u16,
    /// Runs of each measured phase (medians are reported).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=20))]
    runs: u16,
    /// Messages per second sent across all conversations in the latency phase.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=5000))]
    rate: u32,
    /// Length of each latency run (sending time; receipts are awaited a few seconds more).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=60))]
    latency_seconds: u16,
    /// Soft RLIMIT_NOFILE to ask for (capped at the hard limit).
    #[arg(long, default_value_t = 16_384)]
    nofile: u64,
    /// Give up (and stop the server) after this long overall.
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(u64).range(30..=3600))]
    max_seconds: u64,
    /// The server binary; defaults to `server` next to this executable.
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Keep the temporary directory (database and server log) afterwards.
    #[arg(long)]
    keep: bool,
}

/// The most requests one client makes in one throughput run, whatever the speed.
const MAX_REQUESTS_PER_CLIENT_RUN: u64 = 1_000_000;
/// Sends in flight at once in the latency phase (so a slow server cannot make us pile up).
const MAX_IN_FLIGHT: usize = 256;
/// How long the latency phase waits for the last messages to be received.
const RECEIVE_GRACE: Duration = Duration::from_secs(5);
const COORDINATOR_PASSWORD: &str = "load-coordinator-Harbour-Tangerine-42";

/// The server's resident set size in KiB (`VmRSS` of `/proc/<pid>/status`).
fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading /proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .context("no VmRSS line")?;
    Ok(line
        .trim_start_matches("VmRSS:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()?)
}

/// A program and one coordinator (created on the database before the server starts).
fn create_program(bin: &Path, dir: &Path) -> anyhow::Result<(Uuid, String)> {
    let program = common::create_program(
        bin,
        dir,
        "Load Org",
        "Load",
        &["en-GB", "es"],
        &json!([
            {"locale": "en-GB", "resources": [
                {"name": "Samaritans", "phone": "116 123", "hours": "24/7"}
            ]},
            {"locale": "es", "resources": [
                {"name": "Teléfono de la Esperanza", "phone": "717 003 717", "hours": "24/7"}
            ]}
        ]),
    )?;
    let email = format!("coordinator-{}@example.org", Uuid::now_v7().simple());
    let program_arg = program.to_string();
    admin(
        bin,
        dir,
        &[
            "add-coordinator",
            "--program",
            &program_arg,
            "--email",
            &email,
            "--display-name",
            "Load Coordinator",
            "--password-stdin",
        ],
        Some(&format!("{COORDINATOR_PASSWORD}\n")),
    )?;
    Ok((program, email))
}

fn weekdays(start: u16, end: u16) -> Value {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    Value::Array(
        days.iter()
            .map(|day| json!({"weekday": day, "start_minute": start, "end_minute": end}))
            .collect(),
    )
}

/// A mentor application that fits the default catalog and [`mentee_request`].
fn mentor_application(n: u16) -> Value {
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
        "references": [{"name": format!("Referee {n}"), "contact": format!("ref-{n}@example.net")}],
        "languages": ["en-GB", "es"],
        "formats": ["video", "phone", "in_person"],
        "availability": weekdays(17 * 60, 21 * 60),
        "time_zone": "Europe/London",
        "location": {"city": "London", "region": "England", "lat_e2": 5151, "lon_e2": -13},
        "capacity": 3,
        "bio": "I lived with anxiety for years and found my way back.",
        "identity": {"gender": "woman", "age_range": {"from": 30, "to": 39}},
        "strengths": ["work", "sleep"],
    })
}

fn mentee_request() -> Value {
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

/// A thin API client for setup.
#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    url: String,
}

/// One simulated device: a person, their token and their conversation.
#[derive(Debug, Clone)]
struct Client {
    token: String,
    user_id: Uuid,
    relationship: Uuid,
}

impl Api {
    async fn json(&self, request: reqwest::RequestBuilder, what: &str) -> anyhow::Result<Value> {
        let response = request.send().await.with_context(|| what.to_owned())?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status.is_success(), "{what}: {status}: {text}");
        Ok(if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)?
        })
    }

    async fn sign_up(&self, program: Uuid, name: &str) -> anyhow::Result<(String, Uuid)> {
        let body = self
            .json(
                self.http
                    .post(format!("{}/v1/auth/signup", self.url))
                    .json(&json!({
                        "program_id": program,
                        "email": format!(
                        "{}-{}@example.org",
                        name.to_lowercase().replace(' ', "-"),
                        Uuid::now_v7().simple()
                    ),
                        "password": "load-password-Harbour-Tangerine-42",
                        "display_name": name,
                        "device_name": "load phone",
                    })),
                "sign-up",
            )
            .await?;
        let created: SessionCreated = serde_json::from_value(body)?;
        Ok((created.token, created.me.user_id))
    }

    async fn log_in(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let body = self
            .json(
                self.http
                    .post(format!("{}/v1/auth/login", self.url))
                    .json(&json!({
                        "email": email, "password": password, "device_name": "load desk"
                    })),
                "log-in",
            )
            .await?;
        let created: SessionCreated = serde_json::from_value(body)?;
        Ok(created.token)
    }

    /// Pushes one mutation and insists that it applied.
    async fn apply(&self, token: &str, body: Value, what: &str) -> anyhow::Result<()> {
        let request = json!({"protocol": PROTOCOL_VERSION, "mutations": [{
            "mutation_id": Uuid::now_v7(), "created_at_ms": 0, "body": body
        }]});
        let response: PushResponse = serde_json::from_value(
            self.json(
                self.http
                    .post(format!("{}/v1/sync/push", self.url))
                    .bearer_auth(token)
                    .json(&request),
                what,
            )
            .await?,
        )?;
        let outcome = response.outcomes.first().context("no outcome")?;
        ensure!(
            outcome.status == MutationStatus::Applied,
            "{what}: {outcome:?}"
        );
        Ok(())
    }

    /// A mentor approved by the coordinator, a mentee who asked them, and the mentor's yes.
    async fn pair(
        &self,
        program: Uuid,
        coordinator: &str,
        n: u16,
    ) -> anyhow::Result<(Client, Client)> {
        let (mentor_token, mentor_id) = self.sign_up(program, &format!("Mentor {n}")).await?;
        self.apply(
            &mentor_token,
            json!({"type": "submit_mentor_application", "application": mentor_application(n)}),
            "application",
        )
        .await?;
        self.json(
            self.http
                .post(format!(
                    "{}/v1/coordinator/applications/{mentor_id}/decision",
                    self.url
                ))
                .bearer_auth(coordinator)
                .json(&json!({"decision": "approve"})),
            "approval",
        )
        .await?;
        let (mentee_token, mentee_id) = self.sign_up(program, &format!("Mentee {n}")).await?;
        self.apply(
            &mentee_token,
            json!({"type": "submit_mentee_request", "request": mentee_request()}),
            "mentee request",
        )
        .await?;
        let relationship = Uuid::now_v7();
        self.apply(
            &mentee_token,
            json!({"type": "request_mentor", "relationship_id": relationship, "mentor_id": mentor_id}),
            "request",
        )
        .await?;
        self.apply(
            &mentor_token,
            json!({"type": "act_on_relationship", "relationship_id": relationship,
                   "action": {"type": "accept"}}),
            "accept",
        )
        .await?;
        Ok((
            Client {
                token: mentor_token,
                user_id: mentor_id,
                relationship,
            },
            Client {
                token: mentee_token,
                user_id: mentee_id,
                relationship,
            },
        ))
    }
}

fn send_request(relationship: Uuid, message_id: Uuid, text: String) -> PushRequest {
    PushRequest {
        protocol: PROTOCOL_VERSION,
        mutations: vec![Mutation {
            mutation_id: Uuid::now_v7(),
            created_at_ms: 0,
            body: MutationBody::SendMessage {
                relationship_id: relationship,
                message_id,
                text,
            },
        }],
    }
}

// ---- Connected clients (event stream + pull on every hint) ----

/// When each message was sent (just before its push) and first seen by its recipient.
#[derive(Default)]
struct Clock {
    sent: Mutex<HashMap<Uuid, Instant>>,
    received: Mutex<HashMap<Uuid, Instant>>,
}

/// A client with an open event stream; dropping it closes the stream and stops its puller.
struct Connected {
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Drop for Connected {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Opens the client's event stream, waits for the hint sent at connect, and starts a puller that
/// reads the feed from that cursor on every later hint, recording messages from the other member.
async fn connect(
    sse: reqwest::Client,
    api: reqwest::Client,
    url: String,
    client: Client,
    clock: Arc<Clock>,
    pulls: Arc<AtomicU64>,
) -> anyhow::Result<Connected> {
    let response = sse
        .get(format!("{url}/v1/sync/events"))
        .bearer_auth(&client.token)
        .header(reqwest::header::ACCEPT, "text/event-stream")
        .send()
        .await
        .context("events connect")?;
    ensure!(
        response.status().is_success(),
        "events: {}",
        response.status()
    );
    let mut stream = response.bytes_stream();
    let mut buffer = String::new();
    // The hint at connect carries the current cursor.
    let cursor = tokio::time::timeout(REQUEST_TIMEOUT, async {
        loop {
            if let Some(cursor) = take_hint(&mut buffer) {
                return Ok::<u64, anyhow::Error>(cursor);
            }
            let chunk = stream.next().await.context("stream ended")??;
            buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    })
    .await
    .context("no hint at connect")??;
    let notify = Arc::new(Notify::new());
    let reader = {
        let notify = notify.clone();
        tokio::spawn(async move {
            while let Some(Ok(chunk)) = stream.next().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                let mut hinted = false;
                while take_hint(&mut buffer).is_some() {
                    hinted = true;
                }
                if hinted {
                    notify.notify_one();
                }
            }
        })
    };
    let puller = tokio::spawn(async move {
        let mut cursor = cursor;
        loop {
            notify.notified().await;
            loop {
                let page = api
                    .get(format!("{url}/v1/sync/changes?since={cursor}&limit=500"))
                    .bearer_auth(&client.token)
                    .send()
                    .await;
                let Ok(response) = page else { break };
                let Ok(page) = response.json::<ChangesPage>().await else {
                    break;
                };
                pulls.fetch_add(1, Ordering::Relaxed);
                let seen = Instant::now();
                for change in &page.changes {
                    if let ChangeBody::MessageAdded { message } = &change.body
                        && message.sender_id != client.user_id
                    {
                        clock
                            .received
                            .lock()
                            .unwrap()
                            .entry(message.message_id)
                            .or_insert(seen);
                    }
                }
                cursor = page.cursor.max(cursor);
                if !page.has_more {
                    break;
                }
            }
        }
    });
    Ok(Connected {
        tasks: vec![reader, puller],
    })
}

/// Takes the next complete SSE event from the buffer if it is a `changed` hint; returns its
/// cursor. Comments (keep-alives) and other events are dropped.
fn take_hint(buffer: &mut String) -> Option<u64> {
    loop {
        let normalized = buffer.replace("\r\n", "\n");
        if normalized.len() != buffer.len() {
            *buffer = normalized;
        }
        let end = buffer.find("\n\n")?;
        let block: String = buffer.drain(..end + 2).collect();
        let mut changed = false;
        let mut cursor = None;
        for line in block.lines() {
            if let Some(event) = line.strip_prefix("event:") {
                changed = event.trim() == "changed";
            } else if let Some(data) = line.strip_prefix("data:") {
                cursor = serde_json::from_str::<Value>(data.trim())
                    .ok()
                    .and_then(|v| v["cursor"].as_u64());
            }
        }
        if changed && let Some(cursor) = cursor {
            return Some(cursor);
        }
    }
}

// ---- Statistics ----

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

// ---- Phases ----

/// One latency run: `rate` messages/s for `seconds`, alternating direction, spread over all
/// pairs; returns the latencies of acknowledged messages and how many never arrived.
async fn latency_run(
    http: &reqwest::Client,
    push_url: &str,
    pairs: &[(Client, Client)],
    clock: &Arc<Clock>,
    rate: u32,
    seconds: u16,
    run: u16,
) -> (Vec<Duration>, usize, usize) {
    clock.sent.lock().unwrap().clear();
    clock.received.lock().unwrap().clear();
    let total = u64::from(rate) * u64::from(seconds);
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::new();
    for n in 0..total {
        #[allow(clippy::cast_possible_truncation)]
        tokio::time::sleep_until(started + interval * (n as u32)).await;
        let Ok(permit) = in_flight.clone().acquire_owned().await else {
            break;
        };
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let pair = &pairs[n % pairs.len()];
        // Alternate direction each round over the pairs: mentee → mentor, then mentor → mentee.
        let sender = if (n / pairs.len()).is_multiple_of(2) {
            &pair.1
        } else {
            &pair.0
        };
        let message_id = Uuid::now_v7();
        let request = send_request(
            sender.relationship,
            message_id,
            format!("load run {run} message {n}: how was today?"),
        );
        let (http, url, token) = (http.clone(), push_url.to_owned(), sender.token.clone());
        let (clock, acked) = (clock.clone(), acked.clone());
        tasks.push(tokio::spawn(async move {
            clock
                .sent
                .lock()
                .unwrap()
                .insert(message_id, Instant::now());
            if push_one(&http, &url, &token, &request).await {
                acked.lock().unwrap().push(message_id);
            }
            drop(permit);
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let acked: Vec<Uuid> = acked.lock().unwrap().clone();
    // Wait (bounded) for the recipients to pull the last ones.
    let deadline = Instant::now() + RECEIVE_GRACE;
    loop {
        let missing = {
            let received = clock.received.lock().unwrap();
            acked.iter().filter(|id| !received.contains_key(id)).count()
        };
        if missing == 0 || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = clock.sent.lock().unwrap();
    let received = clock.received.lock().unwrap();
    let mut latencies = Vec::new();
    let mut missing = 0;
    for id in &acked {
        match (sent.get(id), received.get(id)) {
            (Some(sent), Some(received)) => {
                latencies.push(received.saturating_duration_since(*sent));
            }
            _ => missing += 1,
        }
    }
    latencies.sort_unstable();
    #[allow(clippy::cast_possible_truncation)]
    let unacked = total as usize - acked.len();
    (latencies, missing, unacked)
}

async fn sender_run(
    http: reqwest::Client,
    push_url: String,
    client: Client,
    deadline: Instant,
    run: u16,
) -> ClientRun {
    let mut result = ClientRun::default();
    for n in 0..MAX_REQUESTS_PER_CLIENT_RUN {
        if Instant::now() >= deadline {
            break;
        }
        let request = send_request(
            client.relationship,
            Uuid::now_v7(),
            format!("throughput run {run} message {n}"),
        );
        if push_one(&http, &push_url, &client.token, &request).await {
            result.acked += 1;
        } else {
            result.errors += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    result
}

async fn bench(args: &Args, bin: &Path, dir: &Path, nofile: (u64, u64)) -> anyhow::Result<()> {
    let (program, coordinator_email) = create_program(bin, dir)?;
    let mut server = Server::start(bin, dir)?;
    let url = server.url.clone();
    let pid = server.pid();
    let clients = usize::from(args.pairs) * 2;
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(clients + usize::from(args.senders))
        .tcp_nodelay(true)
        .build()?;
    let api = Api {
        http: http.clone(),
        url: url.clone(),
    };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "load_messages: server {} (pid {pid}) at {url}; {cores} cores; RLIMIT_NOFILE soft {} hard {} \
         (inherited by the server)",
        bin.display(),
        nofile.0,
        nofile.1
    );

    // --- Setup: pairs matched through the API.
    let rss_at_start = rss_kib(pid)?;
    let setup_started = Instant::now();
    let coordinator = api.log_in(&coordinator_email, COORDINATOR_PASSWORD).await?;
    let pairs: Vec<(Client, Client)> = futures::stream::iter(0..args.pairs)
        .map(|n| {
            let api = api.clone();
            let coordinator = coordinator.clone();
            async move { api.pair(program, &coordinator, n).await }
        })
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    println!(
        "setup: {} pairs ({clients} clients) signed up, approved and matched in {:.1} s; server \
         VmRSS {rss_at_start} KiB at start, {} KiB after setup",
        pairs.len(),
        setup_started.elapsed().as_secs_f64(),
        rss_kib(pid)?
    );

    // --- (c) Memory per idle connected client.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_before = rss_kib(pid)?;
    let sse = reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(0)
        .tcp_nodelay(true)
        .build()?;
    let clock = Arc::new(Clock::default());
    let pulls = Arc::new(AtomicU64::new(0));
    let everyone: Vec<Client> = pairs
        .iter()
        .flat_map(|(mentor, mentee)| [mentor.clone(), mentee.clone()])
        .collect();
    let connect_started = Instant::now();
    let connected: Vec<Connected> = futures::stream::iter(everyone)
        .map(|client| {
            connect(
                sse.clone(),
                http.clone(),
                url.clone(),
                client,
                clock.clone(),
                pulls.clone(),
            )
        })
        .buffer_unordered(64)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;
    let connect_time = connect_started.elapsed();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after = rss_kib(pid)?;
    #[allow(clippy::cast_precision_loss)]
    let per_client = (rss_after.saturating_sub(rss_before) as f64) / connected.len() as f64;
    println!(
        "(c) memory: server VmRSS {rss_before} KiB before, {rss_after} KiB with {} idle event streams \
         (connected in {:.1} s) = {per_client:.1} KiB per idle connected client",
        connected.len(),
        connect_time.as_secs_f64()
    );

    // --- (b) Send-to-receive latency with every client connected.
    let push_url = format!("{url}/v1/sync/push");
    let mut p50s = Vec::new();
    let mut p99s = Vec::new();
    let mut pooled = Vec::new();
    for run in 1..=args.runs {
        let (latencies, missing, unacked) = latency_run(
            &http,
            &push_url,
            &pairs,
            &clock,
            args.rate,
            args.latency_seconds,
            run,
        )
        .await;
        let (p50, p99) = (percentile(&latencies, 0.50), percentile(&latencies, 0.99));
        println!(
            "(b) latency run {run}: {} messages received, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms \
             ({missing} acknowledged but not received within {} s, {unacked} not acknowledged)",
            latencies.len(),
            ms(p50),
            ms(p99),
            ms(latencies.last().copied().unwrap_or_default()),
            RECEIVE_GRACE.as_secs()
        );
        p50s.push(ms(p50));
        p99s.push(ms(p99));
        pooled.extend(latencies);
    }
    pooled.sort_unstable();
    println!(
        "(b) latency with {} connected clients at {} msg/s: median p50 {:.1} ms, median p99 {:.1} ms \
         over {} runs (all {} messages: p50 {:.1} ms, p99 {:.1} ms; {} feed pulls)",
        connected.len(),
        args.rate,
        median(&mut p50s),
        median(&mut p99s),
        args.runs,
        pooled.len(),
        ms(percentile(&pooled, 0.50)),
        ms(percentile(&pooled, 0.99)),
        pulls.load(Ordering::Relaxed)
    );
    drop(connected);
    tokio::time::sleep(Duration::from_millis(500)).await;

    // --- (a) Acknowledged messages per second with N sending clients (no streams open).
    let senders: Vec<Client> = pairs
        .iter()
        .flat_map(|(mentor, mentee)| [mentor.clone(), mentee.clone()])
        .take(usize::from(args.senders))
        .collect();
    let (mut rates, _) = timed_runs(
        &senders,
        args.runs,
        args.seconds,
        ("(a) throughput", "messages"),
        |client, deadline, run| {
            sender_run(
                http.clone(),
                push_url.clone(),
                client.clone(),
                deadline,
                run,
            )
        },
    )
    .await?;
    println!(
        "(a) throughput with {} sending clients: median {:.0} acknowledged msg/s over {} runs",
        senders.len(),
        median(&mut rates),
        rates.len()
    );
    println!(
        "summary: {cores} cores; (a) {:.0} msg/s with {} senders; (b) p50 {:.1} ms / p99 {:.1} ms with {} \
         connected clients; (c) {per_client:.1} KiB per idle connected client; RLIMIT_NOFILE {}",
        median(&mut rates),
        senders.len(),
        median(&mut p50s),
        median(&mut p99s),
        clients,
        nofile.0
    );
    server.stop()?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let bin = common::server_bin(args.server_bin.as_deref())?;
    // Raise the soft limit before anything is spawned: the server inherits it.
    rlimit::increase_nofile_limit(args.nofile).context("raising RLIMIT_NOFILE")?;
    let nofile = rlimit::getrlimit(rlimit::Resource::NOFILE)?;
    let needed = u64::from(args.pairs) * 2 * 2 + u64::from(args.senders) + 64;
    if nofile.0 < needed {
        eprintln!(
            "warning: RLIMIT_NOFILE is {} (hard {}); {needed} may be needed for {} clients",
            nofile.0,
            nofile.1,
            u32::from(args.pairs) * 2
        );
    }
    let dir = std::env::temp_dir().join(format!(
        "beacon-load-{}-{}",
        std::process::id(),
        Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        tokio::time::timeout(
            Duration::from_secs(args.max_seconds),
            bench(&args, &bin, &dir, nofile),
        )
        .await
        .unwrap_or_else(|_| bail!("gave up after --max-seconds {}", args.max_seconds))
    });
    runtime.shutdown_timeout(Duration::from_secs(2));
    if args.keep || result.is_err() {
        eprintln!(
            "load files (database, server.log) kept in {}",
            dir.display()
        );
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}
