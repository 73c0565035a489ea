//! Durability: "acknowledged = durable", through kill -9 and SIGTERM, and retries after a crash
//! are exactly-once.

mod support;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{
    ChangeBody, Mutation, MutationBody, MutationStatus, PushRequest, PushResponse,
};
use reqwest::StatusCode;
use support::{Beacon, EventStream, Session, email, mutation, password};
use uuid::Uuid;

const CLIENTS: usize = 8;
/// No client pushes for longer than this, whatever happens.
const CLIENT_DEADLINE: Duration = Duration::from_secs(12);

/// One mutation a client tried to push, and the server's acknowledgement if it got one.
#[derive(Debug, Clone)]
struct Attempt {
    mutation: Mutation,
    acked: Option<u64>,
}

fn body_for(client: usize, n: usize) -> MutationBody {
    if n % 3 == 2 {
        MutationBody::UpdateSettings {
            discreet_notifications: Some(n.is_multiple_of(2)),
            read_receipts: Some(client.is_multiple_of(2)),
            quiet_hours: None,
            checkin_prompt: None,
            checkin_prompt_minute: None,
        }
    } else {
        MutationBody::UpdateProfile {
            display_name: Some(format!("c{client}-{n}")),
            locale: None,
        }
    }
}

/// Pushes single-mutation batches as fast as possible until `stop`, a transport error (the
/// server is gone) or the deadline.
async fn client_loop(
    http: reqwest::Client,
    url: String,
    token: String,
    client: usize,
    stop: Arc<AtomicBool>,
) -> Vec<Attempt> {
    let started = Instant::now();
    let mut attempts = Vec::new();
    for n in 0.. {
        if stop.load(Ordering::SeqCst) || started.elapsed() > CLIENT_DEADLINE {
            break;
        }
        let mutation = mutation(body_for(client, n));
        let request = PushRequest {
            protocol: PROTOCOL_VERSION,
            mutations: vec![mutation.clone()],
        };
        let mut attempt = Attempt {
            mutation,
            acked: None,
        };
        let result = http
            .post(&url)
            .bearer_auth(&token)
            .json(&request)
            .send()
            .await;
        let Ok(response) = result else {
            attempts.push(attempt);
            break;
        };
        let status = response.status();
        match response.json::<PushResponse>().await {
            Ok(body) if status == StatusCode::OK => {
                assert_eq!(body.outcomes.len(), 1);
                let outcome = &body.outcomes[0];
                assert_eq!(outcome.mutation_id, attempt.mutation.mutation_id);
                assert_eq!(
                    outcome.status,
                    MutationStatus::Applied,
                    "a fresh mutation: {outcome:?}"
                );
                attempt.acked = Some(outcome.position.expect("applied with a position"));
                attempts.push(attempt);
            }
            _ => {
                // Not acknowledged (an error status while stopping, or a cut-off body).
                attempts.push(attempt);
                if status.is_server_error() {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
    }
    attempts
}

struct Burst {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<Vec<Attempt>>>,
}

fn start_burst(beacon: &Beacon, sessions: &[Session]) -> Burst {
    let stop = Arc::new(AtomicBool::new(false));
    let url = beacon.url("/v1/sync/push");
    let tasks = sessions
        .iter()
        .enumerate()
        .map(|(client, session)| {
            // One connection pool per client, like separate phones.
            let http = reqwest::Client::builder()
                .no_proxy()
                .timeout(support::REQUEST_TIMEOUT)
                .build()
                .unwrap();
            tokio::spawn(client_loop(
                http,
                url.clone(),
                session.token.clone(),
                client,
                stop.clone(),
            ))
        })
        .collect();
    Burst { stop, tasks }
}

impl Burst {
    async fn finish(self) -> Vec<Attempt> {
        self.stop.store(true, Ordering::SeqCst);
        let mut all = Vec::new();
        for task in self.tasks {
            let attempts = tokio::time::timeout(CLIENT_DEADLINE + Duration::from_secs(5), task)
                .await
                .expect("client did not finish")
                .expect("client panicked");
            all.extend(attempts);
        }
        all
    }
}

/// One user signed in on `CLIENTS` devices.
async fn user_on_many_devices(beacon: &Beacon, program: Uuid) -> Vec<Session> {
    let first = beacon
        .signup(program, &email("burst"), &password("burst"), "Burst")
        .await;
    let mut sessions = vec![first.clone()];
    for n in 1..CLIENTS {
        sessions.push(
            beacon
                .login(&first.email, &first.password, &format!("Device {n}"))
                .await,
        );
    }
    sessions
}

/// Every acknowledged mutation is in the feed exactly once, at its acknowledged position, and
/// nothing is in the feed that nobody sent. Returns mutation id → feed position.
async fn assert_acked_are_durable(
    label: &str,
    beacon: &Beacon,
    token: &str,
    attempts: &[Attempt],
) -> HashMap<Uuid, u64> {
    let feed = beacon.pull_all(token, 0).await;
    let mut positions: HashMap<Uuid, u64> = HashMap::new();
    for change in &feed {
        if let Some(id) = change.mutation_id {
            let previous = positions.insert(id, change.position);
            assert!(
                previous.is_none(),
                "{label}: mutation {id} is in the feed twice"
            );
        }
    }
    let sent: HashMap<Uuid, &Attempt> = attempts
        .iter()
        .map(|attempt| (attempt.mutation.mutation_id, attempt))
        .collect();
    for id in positions.keys() {
        assert!(
            sent.contains_key(id),
            "{label}: the feed holds a mutation nobody sent: {id}"
        );
    }
    let mut lost = Vec::new();
    for attempt in attempts {
        if let Some(acked) = attempt.acked {
            match positions.get(&attempt.mutation.mutation_id) {
                Some(position) => assert_eq!(
                    *position, acked,
                    "{label}: mutation {} moved in the feed",
                    attempt.mutation.mutation_id
                ),
                None => lost.push((attempt.mutation.mutation_id, acked)),
            }
        }
    }
    assert!(
        lost.is_empty(),
        "{label}: {} of {} acknowledged mutations were lost (id, acknowledged position): {:?}",
        lost.len(),
        attempts.iter().filter(|a| a.acked.is_some()).count(),
        &lost[..lost.len().min(10)]
    );
    positions
}

/// Clients retry everything after a crash: acknowledged ones (and ones that made it in without an
/// acknowledgement) come back `duplicate` at their position; the rest apply once.
async fn assert_retries_are_exactly_once(beacon: &Beacon, token: &str, attempts: &[Attempt]) {
    let before = assert_acked_are_durable("before retrying", beacon, token, attempts).await;
    let last_before = beacon
        .pull_all(token, 0)
        .await
        .last()
        .map_or(0, |c| c.position);
    let mut applied_now = 0;
    for _round in 0..2 {
        for chunk in attempts.chunks(domain::limits::MAX_MUTATIONS_PER_PUSH) {
            let mutations: Vec<Mutation> = chunk.iter().map(|a| a.mutation.clone()).collect();
            let response = beacon.push(token, &mutations).await;
            assert_eq!(response.outcomes.len(), chunk.len());
            for (attempt, outcome) in chunk.iter().zip(&response.outcomes) {
                let id = attempt.mutation.mutation_id;
                assert_eq!(outcome.mutation_id, id, "outcomes in request order");
                let position = outcome.position.expect("a position");
                match before.get(&id) {
                    Some(&original) => {
                        assert_eq!(outcome.status, MutationStatus::Duplicate, "{outcome:?}");
                        assert_eq!(position, original, "a duplicate reports its position");
                    }
                    None if outcome.status == MutationStatus::Applied => {
                        assert!(position > last_before, "new changes go at the end");
                        applied_now += 1;
                    }
                    None => {
                        // Applied in the first round; the second round sees a duplicate.
                        assert_eq!(outcome.status, MutationStatus::Duplicate, "{outcome:?}");
                    }
                }
            }
        }
    }
    let feed = beacon.pull_all(token, 0).await;
    let mut count: HashMap<Uuid, usize> = HashMap::new();
    for change in &feed {
        if let Some(id) = change.mutation_id {
            *count.entry(id).or_default() += 1;
        }
    }
    for attempt in attempts {
        assert_eq!(
            count.get(&attempt.mutation.mutation_id),
            Some(&1),
            "after retries every mutation is in the feed exactly once"
        );
    }
    assert_eq!(
        count.len(),
        before.len() + applied_now,
        "retrying created extra changes"
    );
    // The person's current state is the result of the feed, in order.
    let me = beacon.me(token).await;
    let last_profile = feed.iter().rev().find_map(|c| match &c.body {
        ChangeBody::ProfileChanged { profile } => Some(profile.clone()),
        _ => None,
    });
    let last_settings = feed.iter().rev().find_map(|c| match &c.body {
        ChangeBody::SettingsChanged { settings } => Some(*settings),
        _ => None,
    });
    assert_eq!(Some(me.profile), last_profile);
    assert_eq!(Some(me.settings), last_settings);
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_burst_loses_nothing_acknowledged() {
    let (mut beacon, program) = Beacon::started_with_program();
    let sessions = user_on_many_devices(&beacon, program).await;
    let burst = start_burst(&beacon, &sessions);
    tokio::time::sleep(Duration::from_secs(1)).await;
    beacon.kill9();
    let attempts = burst.finish().await;
    let acked = attempts.iter().filter(|a| a.acked.is_some()).count();
    eprintln!(
        "kill -9: {} attempts, {acked} acknowledged before the kill",
        attempts.len()
    );
    assert!(
        acked >= CLIENTS,
        "the burst barely ran ({acked} acknowledged)"
    );

    beacon.start();
    let token = &sessions[0].token;
    assert_retries_are_exactly_once(&beacon, token, &attempts).await;

    // And once more after a second crash, with no load at all.
    beacon.kill9();
    beacon.start();
    assert_acked_are_durable("after a second kill -9", &beacon, token, &attempts).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_drains_and_checkpoints() {
    let (mut beacon, program) = Beacon::started_with_program();
    let sessions = user_on_many_devices(&beacon, program).await;
    // An open event stream must not keep the server from stopping.
    let mut events = EventStream::open(&beacon, Some(&sessions[0].token))
        .await
        .unwrap_or_else(|reply| panic!("events: {reply:?}"));
    assert!(events.next_cursor(Duration::from_secs(5)).await.is_some());

    let burst = start_burst(&beacon, &sessions);
    tokio::time::sleep(Duration::from_millis(800)).await;
    beacon.send_sigterm();
    let status = tokio::task::block_in_place(|| beacon.wait_exit(support::EXIT_TIMEOUT));
    let attempts = burst.finish().await;
    assert_eq!(status.code(), Some(0), "SIGTERM must exit 0: {status}");
    assert!(
        events.ended(Duration::from_secs(2)).await,
        "event stream still open"
    );
    let acked = attempts.iter().filter(|a| a.acked.is_some()).count();
    eprintln!("SIGTERM: {} attempts, {acked} acknowledged", attempts.len());
    assert!(
        acked >= CLIENTS,
        "the burst barely ran ({acked} acknowledged)"
    );

    // Checkpointed: the -wal file is gone or empty, and the main database file alone holds
    // everything acknowledged.
    let wal = beacon.db.with_extension("db-wal");
    let wal_len = std::fs::metadata(&wal).map_or(0, |m| m.len());
    eprintln!("SIGTERM: -wal after exit: {wal_len} bytes");
    assert!(
        wal_len <= 64 * 1024,
        "the WAL was not checkpointed on shutdown: {wal_len} bytes left in {}",
        wal.display()
    );
    let mut main_file_only = Beacon::from_db_copy(&beacon.db);
    main_file_only.start();
    assert_acked_are_durable(
        "the main database file alone (without -wal) after SIGTERM",
        &main_file_only,
        &sessions[0].token,
        &attempts,
    )
    .await;
    drop(main_file_only);

    beacon.start();
    assert_retries_are_exactly_once(&beacon, &sessions[0].token, &attempts).await;
    let status = tokio::task::block_in_place(|| beacon.sigterm());
    assert_eq!(status.code(), Some(0), "idle SIGTERM must exit 0: {status}");
}

/// Two devices retrying the same mutation at the same moment: one applies, the other is told
/// `duplicate` with the same position, and the feed holds it once.
#[tokio::test(flavor = "multi_thread")]
async fn simultaneous_retries_of_one_mutation_apply_once() {
    let (beacon, program) = Beacon::started_with_program();
    let sessions = user_on_many_devices(&beacon, program).await;
    let mut sent = Vec::new();
    for round in 0..15 {
        let mutation = support::rename(&format!("race-{round}"));
        let responses = futures::future::join_all(sessions.iter().take(4).map(|session| {
            let beacon = &beacon;
            let mutation = mutation.clone();
            async move { beacon.push(&session.token, &[mutation]).await }
        }))
        .await;
        let outcomes: Vec<_> = responses.iter().map(|r| r.outcomes[0].clone()).collect();
        let applied = outcomes
            .iter()
            .filter(|o| o.status == MutationStatus::Applied)
            .count();
        assert_eq!(applied, 1, "round {round}: {outcomes:?}");
        assert!(
            outcomes.iter().all(|o| o.position == outcomes[0].position
                && o.status != MutationStatus::Rejected),
            "round {round}: every retry reports the one position: {outcomes:?}"
        );
        sent.push(Attempt {
            mutation,
            acked: outcomes[0].position,
        });
    }
    assert_acked_are_durable("simultaneous retries", &beacon, &sessions[0].token, &sent).await;
}
