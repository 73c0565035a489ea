//! Write-throughput bench against the real server binary, on loopback.
//!
//! ```text
//! cargo build --release -p server --bins
//! cargo run --release -p server --bin bench_writes -- --clients 50 --seconds 5 --runs 5
//! ```
//!
//! Starts `server` (next to this executable, or `--server-bin`) on a fresh database in a temporary
//! directory, creates a program, signs up one user per client, then runs timed rounds in which
//! every client pushes one small mutation per request (a fresh UUIDv7 each) as fast as it can.
//! Prints writes/s per run and their median, request latency p50/p99, and the machine's cores,
//! then stops the server with SIGTERM and removes the directory.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::ensure;
use clap::Parser;
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{Mutation, MutationBody, PushRequest, SessionCreated};
use futures::StreamExt;
use serde_json::json;
use uuid::Uuid;

use common::{ClientRun, REQUEST_TIMEOUT, Server, median, percentile, push_one, timed_runs};

#[derive(Debug, Parser)]
#[command(about = "Measure acknowledged writes/s of the Beacon server on loopback")]
struct Args {
    /// Concurrent clients, each its own user on its own device.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u16).range(1..=1000))]
    clients: u16,
    /// Length of each timed run.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=120))]
    seconds: u16,
    /// Number of timed runs (the median is reported).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=50))]
    runs: u16,
    /// The server binary; defaults to `server` next to this executable.
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// Keep the temporary directory (database and server log) afterwards.
    #[arg(long)]
    keep: bool,
}

/// The most requests one client makes in one run, whatever the speed.
const MAX_REQUESTS_PER_CLIENT_RUN: u64 = 5_000_000;

fn create_program(bin: &Path, dir: &Path) -> anyhow::Result<Uuid> {
    common::create_program(
        bin,
        dir,
        "Bench Org",
        "Bench",
        &["en-GB"],
        &json!([{"locale": "en-GB", "resources": [
            {"name": "Samaritans", "phone": "116 123", "hours": "24/7"}
        ]}]),
    )
}

async fn sign_up(
    http: &reqwest::Client,
    url: &str,
    program: Uuid,
    n: u16,
) -> anyhow::Result<String> {
    let response = http
        .post(format!("{url}/v1/auth/signup"))
        .json(&json!({
            "program_id": program,
            "email": format!("bench-{n}-{}@example.org", Uuid::now_v7().simple()),
            "password": format!("bench-password-{n}-Harbour"),
            "display_name": format!("Bench {n}"),
            "device_name": "bench",
        }))
        .send()
        .await?;
    let status = response.status();
    ensure!(
        status.as_u16() == 201,
        "sign-up: {status}: {}",
        response.text().await?
    );
    Ok(response.json::<SessionCreated>().await?.token)
}

async fn client_run(
    http: reqwest::Client,
    push_url: String,
    token: String,
    deadline: Instant,
) -> ClientRun {
    let mut run = ClientRun::default();
    let mut toggle = false;
    for _ in 0..MAX_REQUESTS_PER_CLIENT_RUN {
        if Instant::now() >= deadline {
            break;
        }
        toggle = !toggle;
        let request = PushRequest {
            protocol: PROTOCOL_VERSION,
            mutations: vec![Mutation {
                mutation_id: Uuid::now_v7(),
                created_at_ms: 0,
                body: MutationBody::UpdateSettings {
                    discreet_notifications: None,
                    read_receipts: Some(toggle),
                    quiet_hours: None,
                    checkin_prompt: None,
                    checkin_prompt_minute: None,
                },
            }],
        };
        let started = Instant::now();
        let acked = push_one(&http, &push_url, &token, &request).await;
        let elapsed = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
        run.latencies_us.push(elapsed);
        if acked {
            run.acked += 1;
        } else {
            run.errors += 1;
            // Do not spin on a failing server.
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    run
}

async fn bench(args: &Args, bin: &Path, dir: &Path) -> anyhow::Result<()> {
    let program = create_program(bin, dir)?;
    let mut server = Server::start(bin, dir)?;
    let url = server.url.clone();
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(usize::from(args.clients))
        .tcp_nodelay(true)
        .build()?;

    let tokens: Vec<String> = futures::stream::iter(0..args.clients)
        .map(|n| {
            let http = http.clone();
            let url = url.clone();
            async move { sign_up(&http, &url, program, n).await }
        })
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<anyhow::Result<_>>()?;

    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "bench_writes: server {} at {url}; {} clients, {} runs of {} s; {cores} cores",
        bin.display(),
        args.clients,
        args.runs,
        args.seconds
    );
    let push_url = format!("{url}/v1/sync/push");
    let (mut rates, mut latencies) = timed_runs(
        &tokens,
        args.runs,
        args.seconds,
        ("writes", "writes"),
        |token, deadline, _| client_run(http.clone(), push_url.clone(), token.clone(), deadline),
    )
    .await?;
    latencies.sort_unstable();
    println!(
        "median: {:.0} writes/s over {} runs; latency p50 {:.2} ms, p99 {:.2} ms ({} requests); {cores} cores",
        median(&mut rates),
        rates.len(),
        f64::from(percentile(&latencies, 0.50)) / 1e3,
        f64::from(percentile(&latencies, 0.99)) / 1e3,
        latencies.len()
    );
    server.stop()?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let bin = common::server_bin(args.server_bin.as_deref())?;
    let dir = std::env::temp_dir().join(format!(
        "beacon-bench-{}-{}",
        std::process::id(),
        Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(bench(&args, &bin, &dir));
    if args.keep || result.is_err() {
        eprintln!(
            "bench files (database, server.log) kept in {}",
            dir.display()
        );
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}
