//! Shared by the bench binaries (`bench_writes`, `load_messages`): the real `server` process on
//! loopback with a temporary database, program creation through the admin CLI, pushing one
//! mutation, and statistics.
//!
//! Included with `mod common;` by each binary, so every item must be used by both or say why not.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use domain::wire::v1::{MutationStatus, PushRequest, PushResponse};
use serde_json::Value;
use uuid::Uuid;

const START_TIMEOUT: Duration = Duration::from_secs(30);
const STOP_TIMEOUT: Duration = Duration::from_secs(30);
/// Timeout for one HTTP request to the server.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The server process; killed on drop if it was not stopped cleanly.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`, as announced by the server.
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Server {
    /// Starts `bin` on `127.0.0.1:0` with the database `dir/beacon.db` (stderr to
    /// `dir/server.log`) and waits (bounded) for its "listening on" line.
    pub fn start(bin: &Path, dir: &Path) -> anyhow::Result<Self> {
        let log = std::fs::File::create(dir.join("server.log"))?;
        let mut child = Command::new(bin)
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--db")
            .arg(dir.join("beacon.db"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let stdout = child.stdout.take().context("server stdout")?;
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                let _ = sender.send(line);
            }
            for _ in lines {}
        });
        let mut server = Self {
            child,
            url: String::new(),
        };
        let line = receiver
            .recv_timeout(START_TIMEOUT)
            .context("the server did not say it was listening")?;
        let url = line
            .strip_prefix("beacon-server listening on ")
            .with_context(|| format!("unexpected server output: {line:?}"))?;
        ensure!(url.starts_with("http://127.0.0.1:"), "not loopback: {url}");
        url.trim().clone_into(&mut server.url);
        Ok(server)
    }

    #[allow(dead_code, reason = "used by load_messages only")]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then wait (bounded) for a clean exit.
    pub fn stop(&mut self) -> anyhow::Result<()> {
        let sent = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()?;
        ensure!(sent.success(), "kill -TERM failed");
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait()? {
                ensure!(status.success(), "server exited with {status}");
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("server did not stop within {STOP_TIMEOUT:?} of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The server binary: `explicit` (from `--server-bin`), else `server` next to this executable.
pub fn server_bin(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    let bin = match explicit {
        Some(bin) => bin.to_path_buf(),
        None => std::env::current_exe()?
            .parent()
            .context("executable has no directory")?
            .join(format!("server{}", std::env::consts::EXE_SUFFIX)),
    };
    ensure!(
        bin.is_file(),
        "no server binary at {} (build it: `cargo build --release -p server --bins`, or pass --server-bin)",
        bin.display()
    );
    Ok(bin)
}

/// Runs `bin --db dir/beacon.db admin <args>` (feeding `stdin` if given) and parses the UUID it
/// prints.
pub fn admin(bin: &Path, dir: &Path, args: &[&str], stdin: Option<&str>) -> anyhow::Result<Uuid> {
    let mut child = Command::new(bin)
        .arg("--db")
        .arg(dir.join("beacon.db"))
        .arg("admin")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .context("admin stdin")?
            .write_all(input.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    ensure!(
        output.status.success(),
        "admin {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8(output.stdout)?.trim().parse()?)
}

/// Creates a program through the admin CLI (on the database, before the server starts), with
/// `crisis_resources` written to `dir/crisis.json`; returns its id.
pub fn create_program(
    bin: &Path,
    dir: &Path,
    organisation: &str,
    name: &str,
    locales: &[&str],
    crisis_resources: &Value,
) -> anyhow::Result<Uuid> {
    let resources = dir.join("crisis.json");
    std::fs::write(&resources, serde_json::to_vec(crisis_resources)?)?;
    let resources = resources.to_str().context("utf-8 path")?;
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
    args.extend(["--crisis-resources", resources]);
    admin(bin, dir, &args, None)
}

/// Pushes a one-mutation request; true if the server acknowledged it (applied or duplicate).
pub async fn push_one(
    http: &reqwest::Client,
    push_url: &str,
    token: &str,
    request: &PushRequest,
) -> bool {
    match http
        .post(push_url)
        .bearer_auth(token)
        .json(request)
        .send()
        .await
    {
        Ok(response) if response.status().is_success() => {
            response.json::<PushResponse>().await.is_ok_and(|body| {
                body.outcomes.len() == 1
                    && matches!(
                        body.outcomes[0].status,
                        MutationStatus::Applied | MutationStatus::Duplicate
                    )
            })
        }
        _ => false,
    }
}

// ---- Statistics ----

#[allow(clippy::cast_precision_loss)]
pub fn per_second(count: u64, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

/// The element at `fraction` (0.0–1.0, nearest rank) of ascending `sorted`; the default if empty.
pub fn percentile<T: Copy + Default>(sorted: &[T], fraction: f64) -> T {
    if sorted.is_empty() {
        return T::default();
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let index = ((sorted.len() - 1) as f64 * fraction).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Sorts `values` and returns their median; 0 if empty.
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.is_empty() {
        0.0
    } else if values.len() % 2 == 1 {
        values[middle]
    } else {
        f64::midpoint(values[middle - 1], values[middle])
    }
}

/// What one client did in one timed run.
#[derive(Default)]
pub struct ClientRun {
    pub acked: u64,
    pub errors: u64,
    /// Request latencies in microseconds (empty when the run does not measure them).
    pub latencies_us: Vec<u32>,
}

/// `runs` timed runs of `seconds` each: every run spawns `client_run(client, deadline, run)` for
/// every client, sums what they acknowledged, and prints one line per run (`label`, `unit`).
/// Returns the per-run rates and every latency measured.
pub async fn timed_runs<C, F, Fut>(
    clients: &[C],
    runs: u16,
    seconds: u16,
    (label, unit): (&str, &str),
    client_run: F,
) -> anyhow::Result<(Vec<f64>, Vec<u32>)>
where
    F: Fn(&C, std::time::Instant, u16) -> Fut,
    Fut: std::future::Future<Output = ClientRun> + Send + 'static,
{
    let mut rates = Vec::new();
    let mut latencies = Vec::new();
    for run in 1..=runs {
        let started = std::time::Instant::now();
        let deadline = started + Duration::from_secs(u64::from(seconds));
        let tasks: Vec<_> = clients
            .iter()
            .map(|client| tokio::spawn(client_run(client, deadline, run)))
            .collect();
        let (mut acked, mut errors) = (0, 0);
        for task in tasks {
            let result = task.await?;
            acked += result.acked;
            errors += result.errors;
            latencies.extend(result.latencies_us);
        }
        let elapsed = started.elapsed();
        let rate = per_second(acked, elapsed);
        println!(
            "{label} run {run}: {acked} acknowledged {unit} in {:.2} s = {rate:.0} {unit}/s ({errors} errors)",
            elapsed.as_secs_f64()
        );
        rates.push(rate);
    }
    Ok((rates, latencies))
}
