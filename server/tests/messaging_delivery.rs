//! Message delivery, black-box through the real server binary: in order, exactly once, with dense
//! sequence numbers; retries are duplicates; delivered/read watermarks come back (read only if the
//! reader shares it); a closed relationship is read-only; an online recipient hears within a
//! second; a closed app gets a content-free UnifiedPush POST; and kill -9 in the middle of a
//! burst from several conversations loses nothing acknowledged and duplicates nothing.

mod support;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use domain::messaging::{MAX_MESSAGE_CHARS, Watermarks};
use domain::relationship::{Action, CloseReason};
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{
    ChangeBody, ErrorCode, Message, Mutation, MutationBody, MutationStatus, PushProviderKind,
    PushRequest, PushResponse, ReceiptUpdate,
};
use reqwest::StatusCode;
use support::{Beacon, EventStream, Pair, applied, assert_dense, message, message_id_of, rejected};
use uuid::Uuid;

async fn setup(pairs: &[(&str, &str)]) -> (Beacon, Vec<Pair>) {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB", "es"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let mut made = Vec::new();
    for (mentor, mentee) in pairs {
        made.push(
            beacon
                .accepted_pair(program, &cora.token, mentor, mentee)
                .await,
        );
    }
    (beacon, made)
}

/// The latest watermarks of `user` for `relationship` in a feed's receipt updates.
fn latest(receipts: &[ReceiptUpdate], relationship: Uuid, user: Uuid) -> Option<Watermarks> {
    receipts
        .iter()
        .rev()
        .find(|r| r.relationship_id == relationship && r.user_id == user)
        .map(|r| r.watermarks)
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_arrive_in_order_exactly_once_and_receipts_come_back() {
    let (beacon, pairs) = setup(&[("Mia Lantern", "Tom Harrow")]).await;
    let Pair {
        mentor: mia,
        mentee: tom,
        relationship_id: rel,
    } = &pairs[0];
    let rel = *rel;

    // Tom writes three, Mia one, then Tom two in one push.
    let mut sent: Vec<(Mutation, Uuid, String)> = Vec::new(); // (mutation, sender, text)
    for n in 1..=3 {
        let text = format!("Tom {n}: still here");
        let (mutation, outcome) = beacon.send_message(&tom.token, rel, &text).await;
        applied(&outcome);
        sent.push((mutation, tom.me.user_id, text));
    }
    let text = "Mia 1: glad you wrote".to_owned();
    let (mutation, outcome) = beacon.send_message(&mia.token, rel, &text).await;
    let mia_position = applied(&outcome);
    sent.push((mutation, mia.me.user_id, text));
    let batch = vec![
        message(rel, "Tom 4: two at once"),
        message(rel, "Tom 5: \n  keeps its inner spacing\n"),
    ];
    let response = beacon.push(&tom.token, &batch).await;
    support::applied_positions(&response);
    sent.push((
        batch[0].clone(),
        tom.me.user_id,
        "Tom 4: two at once".into(),
    ));
    sent.push((
        batch[1].clone(),
        tom.me.user_id,
        "Tom 5: \n  keeps its inner spacing".into(),
    ));

    // Retrying the same mutation is a duplicate at the same position.
    let again = beacon.push_one(&mia.token, &sent[3].0).await;
    assert_eq!(again.status, MutationStatus::Duplicate, "{again:?}");
    assert_eq!(again.position, Some(mia_position));
    // The same message id under another mutation id is a conflict (and writes nothing).
    let reuse = support::mutation(MutationBody::SendMessage {
        relationship_id: rel,
        message_id: message_id_of(&sent[0].0),
        text: "a different text with an old id".into(),
    });
    rejected(
        &beacon.push_one(&tom.token, &reuse).await,
        ErrorCode::Conflict,
    );
    // Text rules: blank, too long, control characters.
    for bad in [
        " \n ".to_owned(),
        "x".repeat(MAX_MESSAGE_CHARS + 1),
        "bell\u{7}".to_owned(),
    ] {
        let outcome = beacon.send_message(&tom.token, rel, &bad).await.1;
        let error = rejected(&outcome, ErrorCode::ValidationFailed);
        assert_eq!(error.field.as_deref(), Some("text"), "{error:?}");
    }
    let longest = beacon
        .send_message(&mia.token, rel, &"é".repeat(MAX_MESSAGE_CHARS))
        .await;
    applied(&longest.1);
    sent.push((longest.0, mia.me.user_id, "é".repeat(MAX_MESSAGE_CHARS)));

    // Both members see the same conversation: every message once, in order, seq 1..n.
    let tom_view = beacon.conversation(&tom.token, rel).await;
    let mia_view = beacon.conversation(&mia.token, rel).await;
    assert_dense("Tom's feed", &tom_view);
    assert_dense("Mia's feed", &mia_view);
    assert_eq!(tom_view, mia_view, "both members see the same messages");
    assert_eq!(tom_view.len(), sent.len());
    for (message, (mutation, sender, text)) in tom_view.iter().zip(&sent) {
        assert_eq!(message.message_id, message_id_of(mutation));
        assert_eq!(message.sender_id, *sender);
        assert_eq!(&message.text, text);
        assert_eq!(message.relationship_id, rel);
    }
    assert!(
        tom_view
            .windows(2)
            .all(|w| w[0].sent_at_ms <= w[1].sent_at_ms)
    );
    // The sender's own copy carries the mutation id, at the acknowledged position.
    let tom_feed = beacon.feed_messages(&tom.token).await;
    let (change, _) = tom_feed
        .iter()
        .find(|(_, m)| m.message_id == message_id_of(&sent[0].0))
        .unwrap();
    assert_eq!(change.mutation_id, Some(sent[0].0.mutation_id));
    let mia_feed = beacon.feed_messages(&mia.token).await;
    let (change, _) = mia_feed
        .iter()
        .find(|(_, m)| m.message_id == message_id_of(&sent[3].0))
        .unwrap();
    assert_eq!(change.position, mia_position);
    assert_eq!(change.mutation_id, Some(sent[3].0.mutation_id));
    let last = tom_view.last().unwrap().seq;

    // --- Receipts: Mia's device received everything, she read up to 2.
    applied(&beacon.acknowledge(&mia.token, rel, last, 0).await);
    let receipts = beacon.feed_receipts(&tom.token).await;
    assert_eq!(
        latest(&receipts, rel, mia.me.user_id),
        Some(Watermarks {
            delivered_up_to: last,
            read_up_to: 0
        }),
        "{receipts:?}"
    );
    applied(&beacon.acknowledge(&mia.token, rel, 0, 2).await);
    let receipts = beacon.feed_receipts(&tom.token).await;
    assert_eq!(
        latest(&receipts, rel, mia.me.user_id),
        Some(Watermarks {
            delivered_up_to: last,
            read_up_to: 2
        })
    );
    // Mia's own feed (her other devices) has her watermarks too.
    let own = beacon.feed_receipts(&mia.token).await;
    assert_eq!(
        latest(&own, rel, mia.me.user_id).map(|w| w.read_up_to),
        Some(2)
    );
    // Going back changes nothing; going past the end is clamped.
    let back = beacon.acknowledge(&mia.token, rel, 1, 1).await;
    assert_ne!(back.status, MutationStatus::Rejected, "{back:?}");
    let receipts = beacon.feed_receipts(&tom.token).await;
    assert!(
        receipts
            .iter()
            .filter(|r| r.relationship_id == rel)
            .all(|r| r.watermarks.read_up_to == 0 || r.watermarks.read_up_to >= 2),
        "watermarks went back: {receipts:?}"
    );
    applied(&beacon.acknowledge(&mia.token, rel, 10_000, 10_000).await);
    let receipts = beacon.feed_receipts(&tom.token).await;
    assert_eq!(
        latest(&receipts, rel, mia.me.user_id),
        Some(Watermarks {
            delivered_up_to: last,
            read_up_to: last
        }),
        "clamped to the last seq: {receipts:?}"
    );

    // --- Tom switches read receipts off: Mia learns delivery but never his reading.
    applied(
        &beacon
            .push_one(
                &tom.token,
                &support::mutation(MutationBody::UpdateSettings {
                    discreet_notifications: None,
                    read_receipts: Some(false),
                    quiet_hours: None,
                    checkin_prompt: None,
                    checkin_prompt_minute: None,
                }),
            )
            .await,
    );
    let (_, outcome) = beacon
        .send_message(&mia.token, rel, "Mia: are you ok?")
        .await;
    applied(&outcome);
    let last = last + 1;
    applied(&beacon.acknowledge(&tom.token, rel, last, last).await);
    let mia_receipts = beacon.feed_receipts(&mia.token).await;
    let of_tom: Vec<&ReceiptUpdate> = mia_receipts
        .iter()
        .filter(|r| r.user_id == tom.me.user_id)
        .collect();
    assert!(
        of_tom.iter().any(|r| r.watermarks.delivered_up_to == last),
        "delivery is always shared: {mia_receipts:?}"
    );
    assert!(
        of_tom.iter().all(|r| r.watermarks.read_up_to == 0),
        "Tom turned read receipts off, Mia must not learn he read: {mia_receipts:?}"
    );
    let tom_own = beacon.feed_receipts(&tom.token).await;
    assert_eq!(
        latest(&tom_own, rel, tom.me.user_id).map(|w| w.read_up_to),
        Some(last),
        "Tom's own devices still learn what he read"
    );

    // --- Closed: read-only, history still there.
    applied(
        &beacon
            .act(
                &tom.token,
                rel,
                Action::Close {
                    reason: CloseReason::GoalsReached,
                    note: None,
                },
            )
            .await,
    );
    for member in [tom, mia] {
        let refused = beacon
            .send_message(&member.token, rel, "after the end")
            .await
            .1;
        rejected(&refused, ErrorCode::Conflict);
        let history = beacon.conversation(&member.token, rel).await;
        assert_eq!(history.len() as u64, last, "history stays readable");
        assert_dense("after closing", &history);
    }
    // The export holds the person's messages.
    let export = beacon.export(&tom.token).await;
    let exported = serde_json::to_string(&export).unwrap();
    assert!(exported.contains("Tom 1: still here") && exported.contains("Mia: are you ok?"));
    support::assert_absent(
        "the server log",
        &beacon.server_log(),
        &[
            ("a message", "Tom 1: still here"),
            ("a message", "Mia 1: glad you wrote"),
            ("a message", "Mia: are you ok?"),
        ],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_online_recipient_hears_within_a_second() {
    let (beacon, pairs) = setup(&[("Mia Lantern", "Tom Harrow")]).await;
    let (mia, tom, rel) = (&pairs[0].mentor, &pairs[0].mentee, pairs[0].relationship_id);
    let mut events = EventStream::open(&beacon, Some(&mia.token))
        .await
        .expect("events stream");
    // The hint at connect.
    let mut cursor = events
        .next_cursor(Duration::from_secs(5))
        .await
        .expect("a hint at connect");
    for n in 0..3 {
        let text = format!("Realtime {n}");
        let (mutation, outcome) = beacon.send_message(&tom.token, rel, &text).await;
        applied(&outcome);
        let acknowledged = Instant::now();
        let hint = events
            .next_cursor(Duration::from_secs(1))
            .await
            .unwrap_or_else(|| panic!("no `changed` hint within 1 s of message {n}'s ack"));
        let heard = acknowledged.elapsed();
        assert!(hint > cursor, "the hint moves forward");
        let page = beacon.pull_all(&mia.token, cursor).await;
        assert!(
            page.iter().any(|c| matches!(&c.body,
                ChangeBody::MessageAdded { message } if message.message_id == message_id_of(&mutation))),
            "the pull after the hint has the message: {page:?}"
        );
        assert!(heard <= Duration::from_secs(1), "{heard:?}");
        cursor = hint.max(page.last().map_or(cursor, |c| c.position));
    }
}

/// What the loopback UnifiedPush endpoint received.
#[derive(Debug, Clone)]
struct Received {
    path: String,
    content_type: Option<String>,
    ttl: Option<String>,
    body: String,
}

/// A tiny push endpoint on 127.0.0.1 that records every POST.
async fn push_receiver() -> (String, tokio::sync::mpsc::UnboundedReceiver<Received>) {
    use axum::extract::{Request, State};
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    let app = axum::Router::new()
        .fallback(
            |State(sender): State<tokio::sync::mpsc::UnboundedSender<Received>>,
             request: Request| async move {
                let (parts, body) = request.into_parts();
                let header = |name: &str| {
                    parts
                        .headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                };
                let bytes = axum::body::to_bytes(body, 64 * 1024)
                    .await
                    .unwrap_or_default();
                let _ = sender.send(Received {
                    path: format!("{} {}", parts.method, parts.uri.path()),
                    content_type: header("content-type"),
                    ttl: header("ttl"),
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                });
                StatusCode::CREATED
            },
        )
        .with_state(sender);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), receiver)
}

/// Everything received within `wait`.
async fn drain(
    receiver: &mut tokio::sync::mpsc::UnboundedReceiver<Received>,
    wait: Duration,
) -> Vec<Received> {
    let deadline = tokio::time::Instant::now() + wait;
    let mut all = Vec::new();
    while let Ok(Some(item)) = tokio::time::timeout_at(deadline, receiver.recv()).await {
        all.push(item);
    }
    all
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_app_gets_a_push_without_content() {
    const SECRET_TEXT: &str = "Msg-Pushed-Okapi-8841: I relapsed last night";
    const PATH_SECRET: &str = "UpToken-Wombat-1193";
    let (beacon, pairs) = setup(&[("Mia Lantern", "Tom Harrow")]).await;
    let (mia, tom, rel) = (&pairs[0].mentor, &pairs[0].mentee, pairs[0].relationship_id);
    let (base, mut received) = push_receiver().await;
    let mia_endpoint = format!("{base}/mia/{PATH_SECRET}");
    let tom_endpoint = format!("{base}/tom/{PATH_SECRET}");
    for (who, endpoint) in [(mia, &mia_endpoint), (tom, &tom_endpoint)] {
        let reply = beacon
            .register_push(&who.token, PushProviderKind::UnifiedPush, endpoint)
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    }

    // Mia's app is closed (no event stream): one POST to her endpoint, no content.
    applied(&beacon.send_message(&tom.token, rel, SECRET_TEXT).await.1);
    let first = tokio::time::timeout(Duration::from_secs(5), received.recv())
        .await
        .expect("no push within 5 s")
        .expect("receiver alive");
    let mut all = vec![first];
    all.extend(drain(&mut received, Duration::from_millis(700)).await);
    assert_eq!(all.len(), 1, "exactly one push, to the recipient: {all:#?}");
    let push = &all[0];
    assert_eq!(push.path, format!("POST /mia/{PATH_SECRET}"), "{push:?}");
    assert!(
        push.content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("application/json")),
        "{push:?}"
    );
    assert!(push.ttl.is_some(), "a TTL header: {push:?}");
    let body: serde_json::Value = serde_json::from_str(&push.body).expect("JSON payload");
    assert_eq!(
        body,
        serde_json::json!({"type": "new_message", "conversation_id": rel}),
        "only 'new message' and the conversation id"
    );
    for secret in [
        SECRET_TEXT,
        "Tom",
        &tom.me.user_id.to_string(),
        "Mia Lantern",
    ] {
        assert!(!push.body.contains(secret), "the push carries {secret:?}");
    }

    // With an open event stream the app hears it there: no push.
    let mut events = EventStream::open(&beacon, Some(&mia.token))
        .await
        .expect("events");
    events
        .next_cursor(Duration::from_secs(5))
        .await
        .expect("hint at connect");
    applied(
        &beacon
            .send_message(&tom.token, rel, "while Mia is online")
            .await
            .1,
    );
    assert!(
        events.next_cursor(Duration::from_secs(1)).await.is_some(),
        "the online device hears the hint"
    );
    let extra = drain(&mut received, Duration::from_millis(800)).await;
    assert!(
        extra.is_empty(),
        "pushed although the app is online: {extra:#?}"
    );
    drop(events);

    // Unregistered: nothing more.
    let reply = beacon
        .delete("/v1/push/registration", Some(&mia.token))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    tokio::time::sleep(Duration::from_millis(300)).await;
    applied(
        &beacon
            .send_message(&tom.token, rel, "after unregistering")
            .await
            .1,
    );
    let extra = drain(&mut received, Duration::from_millis(800)).await;
    assert!(
        extra.is_empty(),
        "pushed to an unregistered device: {extra:#?}"
    );

    // A device that logs out loses its registration.
    let tablet = beacon
        .login(&mia.email, &mia.password, "Mia's tablet")
        .await;
    let tablet_endpoint = format!("{base}/tablet/{PATH_SECRET}");
    let reply = beacon
        .register_push(
            &tablet.token,
            PushProviderKind::UnifiedPush,
            &tablet_endpoint,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    let reply = beacon
        .post(
            "/v1/auth/logout",
            Some(&tablet.token),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    applied(
        &beacon
            .send_message(&tom.token, rel, "after the tablet logged out")
            .await
            .1,
    );
    let extra = drain(&mut received, Duration::from_millis(800)).await;
    assert!(
        extra.is_empty(),
        "pushed to a logged-out device: {extra:#?}"
    );

    support::assert_absent(
        "the server log",
        &beacon.server_log(),
        &[
            ("the message", SECRET_TEXT),
            ("the endpoint's path", PATH_SECRET),
        ],
    );
}

// ---- kill -9 in the middle of a burst ----

/// Conversations in the fault test; both members of each write.
const PAIRS: usize = 4;
/// No client sends for longer than this, whatever happens.
const CLIENT_DEADLINE: Duration = Duration::from_secs(10);

/// One message a client tried to send, and the position the server acknowledged, if it did.
#[derive(Debug, Clone)]
struct Attempt {
    mutation: Mutation,
    acked: Option<u64>,
}

/// Sends messages one per push until `stop`, a transport error (the server is gone) or the
/// deadline, like a phone emptying its outbox.
async fn sender_loop(
    url: String,
    token: String,
    relationship: Uuid,
    label: String,
    stop: Arc<AtomicBool>,
    acked_total: Arc<AtomicUsize>,
) -> Vec<Attempt> {
    let http = reqwest::Client::builder()
        .no_proxy()
        .timeout(support::REQUEST_TIMEOUT)
        .build()
        .unwrap();
    let started = Instant::now();
    let mut attempts = Vec::new();
    for n in 0.. {
        if stop.load(Ordering::SeqCst) || started.elapsed() > CLIENT_DEADLINE {
            break;
        }
        let mutation = message(relationship, &format!("{label} #{n}"));
        let request = PushRequest {
            protocol: PROTOCOL_VERSION,
            mutations: vec![mutation.clone()],
        };
        let mut attempt = Attempt {
            mutation,
            acked: None,
        };
        let Ok(response) = http
            .post(&url)
            .bearer_auth(&token)
            .json(&request)
            .send()
            .await
        else {
            attempts.push(attempt);
            break;
        };
        let status = response.status();
        match response.json::<PushResponse>().await {
            Ok(body) if status == StatusCode::OK => {
                let outcome = &body.outcomes[0];
                assert_eq!(outcome.mutation_id, attempt.mutation.mutation_id);
                assert_eq!(outcome.status, MutationStatus::Applied, "{outcome:?}");
                attempt.acked = Some(outcome.position.expect("a position"));
                acked_total.fetch_add(1, Ordering::SeqCst);
                attempts.push(attempt);
            }
            _ => {
                // No acknowledgement seen: the message stays pending in the outbox.
                attempts.push(attempt);
                break;
            }
        }
    }
    attempts
}

/// One client of the burst: who they are and what they sent.
struct Client {
    token: String,
    user_id: Uuid,
    relationship: Uuid,
    attempts: Vec<Attempt>,
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_mid_burst_every_acknowledged_message_exists_exactly_once() {
    let names: Vec<(String, String)> = (0..PAIRS)
        .map(|n| (format!("Mentor{n} Ash"), format!("Mentee{n} Birch")))
        .collect();
    let refs: Vec<(&str, &str)> = names
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (mut beacon, pairs) = setup(&refs).await;

    let stop = Arc::new(AtomicBool::new(false));
    let acked_total = Arc::new(AtomicUsize::new(0));
    let url = beacon.url("/v1/sync/push");
    let mut tasks = Vec::new();
    for (n, pair) in pairs.iter().enumerate() {
        for (role, session) in [("mentor", &pair.mentor), ("mentee", &pair.mentee)] {
            let task = tokio::spawn(sender_loop(
                url.clone(),
                session.token.clone(),
                pair.relationship_id,
                format!("pair {n} {role}"),
                stop.clone(),
                acked_total.clone(),
            ));
            tasks.push((
                session.token.clone(),
                session.me.user_id,
                pair.relationship_id,
                task,
            ));
        }
    }
    // Let the burst get going, then pull the plug.
    let deadline = Instant::now() + Duration::from_secs(4);
    while acked_total.load(Ordering::SeqCst) < 60 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    beacon.kill9();
    stop.store(true, Ordering::SeqCst);
    let mut clients = Vec::new();
    for (token, user_id, relationship, task) in tasks {
        let attempts = tokio::time::timeout(CLIENT_DEADLINE + Duration::from_secs(5), task)
            .await
            .expect("a client did not finish")
            .expect("a client panicked");
        clients.push(Client {
            token,
            user_id,
            relationship,
            attempts,
        });
    }
    let acked: usize = clients
        .iter()
        .map(|c| c.attempts.iter().filter(|a| a.acked.is_some()).count())
        .sum();
    let pending: usize = clients
        .iter()
        .map(|c| c.attempts.iter().filter(|a| a.acked.is_none()).count())
        .sum();
    eprintln!("kill -9 mid-burst: {acked} acknowledged, {pending} pending (unacknowledged)");
    assert!(
        acked >= 2 * PAIRS,
        "the burst barely ran ({acked} acknowledged)"
    );

    beacon.start();

    // Before any retry: every acknowledged message is there, once, at its acknowledged position.
    for client in &clients {
        let feed = beacon.pull_all(&client.token, 0).await;
        let by_mutation: HashMap<Uuid, &domain::wire::v1::Change> = feed
            .iter()
            .filter_map(|c| c.mutation_id.map(|id| (id, c)))
            .collect();
        for attempt in client.attempts.iter().filter(|a| a.acked.is_some()) {
            let change = by_mutation
                .get(&attempt.mutation.mutation_id)
                .unwrap_or_else(|| panic!("an acknowledged message was lost: {attempt:?}"));
            assert_eq!(Some(change.position), attempt.acked, "{attempt:?}");
            assert!(
                matches!(&change.body, ChangeBody::MessageAdded { message }
                    if message.message_id == message_id_of(&attempt.mutation)),
                "{change:?}"
            );
        }
    }

    // Every client retries its outbox (everything without an acknowledgement, in order), then
    // re-sends the acknowledged ones too: those must come back duplicate at the same position.
    let mut committed_unacked = 0;
    for client in &clients {
        for attempt in client.attempts.iter().filter(|a| a.acked.is_none()) {
            let outcome = beacon.push_one(&client.token, &attempt.mutation).await;
            if outcome.status == MutationStatus::Duplicate {
                committed_unacked += 1;
            }
            assert!(
                matches!(
                    outcome.status,
                    MutationStatus::Applied | MutationStatus::Duplicate
                ),
                "a pending message was refused on retry: {outcome:?}"
            );
        }
        for attempt in client.attempts.iter().filter(|a| a.acked.is_some()) {
            let outcome = beacon.push_one(&client.token, &attempt.mutation).await;
            assert_eq!(
                outcome.status,
                MutationStatus::Duplicate,
                "an acknowledged message is not known as sent: {outcome:?}"
            );
            assert_eq!(outcome.position, attempt.acked, "{outcome:?}");
        }
    }

    eprintln!(
        "retries: {committed_unacked} of {pending} pending messages had committed without an \
         acknowledgement (duplicate), the rest applied now"
    );

    // Each conversation: the same dense sequence for both members; every message attempted is
    // there exactly once; each sender's messages in the order they were sent.
    for pair in &pairs {
        let rel = pair.relationship_id;
        let mentor_view = beacon.conversation(&pair.mentor.token, rel).await;
        let mentee_view = beacon.conversation(&pair.mentee.token, rel).await;
        assert_dense("mentor's feed", &mentor_view);
        assert_dense("mentee's feed", &mentee_view);
        assert_eq!(
            mentor_view, mentee_view,
            "both members see the same conversation"
        );
        let by_id: HashMap<Uuid, &Message> =
            mentor_view.iter().map(|m| (m.message_id, m)).collect();
        let mut expected = HashSet::new();
        for client in clients.iter().filter(|c| c.relationship == rel) {
            let mut last_seq = 0;
            for attempt in &client.attempts {
                let id = message_id_of(&attempt.mutation);
                expected.insert(id);
                let message = by_id
                    .get(&id)
                    .unwrap_or_else(|| panic!("a retried message is missing: {attempt:?}"));
                assert_eq!(message.sender_id, client.user_id);
                let MutationBody::SendMessage { text, .. } = &attempt.mutation.body else {
                    unreachable!()
                };
                assert_eq!(&message.text, text);
                assert!(message.seq > last_seq, "a sender's messages out of order");
                last_seq = message.seq;
            }
        }
        assert_eq!(
            by_id.keys().copied().collect::<HashSet<_>>(),
            expected,
            "the conversation holds exactly what its members sent"
        );
        // The acknowledged position in the sender's feed carries that very message.
        for client in clients.iter().filter(|c| c.relationship == rel) {
            let feed = beacon.pull_all(&client.token, 0).await;
            let at: HashMap<u64, &domain::wire::v1::Change> =
                feed.iter().map(|c| (c.position, c)).collect();
            for attempt in client.attempts.iter().filter(|a| a.acked.is_some()) {
                let change = at[&attempt.acked.unwrap()];
                assert_eq!(change.mutation_id, Some(attempt.mutation.mutation_id));
            }
            let mine: Vec<Uuid> = feed.iter().filter_map(|c| c.mutation_id).collect();
            assert_eq!(
                mine.len(),
                mine.iter().collect::<HashSet<_>>().len(),
                "a mutation id twice in a feed"
            );
        }
    }

    // A second kill -9 with no load changes nothing.
    let before: Vec<Vec<Message>> = {
        let mut all = Vec::new();
        for pair in &pairs {
            all.push(
                beacon
                    .conversation(&pair.mentee.token, pair.relationship_id)
                    .await,
            );
        }
        all
    };
    beacon.kill9();
    beacon.start();
    for (pair, before) in pairs.iter().zip(&before) {
        assert_eq!(
            &beacon
                .conversation(&pair.mentor.token, pair.relationship_id)
                .await,
            before
        );
    }
}
