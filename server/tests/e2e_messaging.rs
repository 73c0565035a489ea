//! End to end for messaging: the real server and two app instances. Messages sent while the
//! sender is offline arrive exactly once and in order after reconnecting; a closed app receives
//! what it missed on its next sync; delivered and read states propagate back to the sender.

mod support;

use std::time::{Duration, Instant};

use domain::messaging::DeliveryState;
use shared::Event;
use shared::view::Connection;
use support::Beacon;
use support::app::{matched_apps, online, open_app, wait};

fn texts(view: &shared::ViewModel) -> Vec<String> {
    view.messaging
        .open
        .as_ref()
        .map(|open| open.messages.iter().map(|m| m.text.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn messages_arrive_once_in_order_across_outages_and_receipts_flow_back() {
    let (mut server, program_id) = Beacon::started_with_program();
    let base = server.base().to_owned();
    let dirs = tempfile::tempdir().unwrap();
    let matched = matched_apps(&server, program_id, dirs.path(), "chat");
    let (mentee, mut mentor, relationship_id) =
        (matched.mentee, matched.mentor, matched.relationship_id);
    mentee.dispatch(Event::OpenConversation { relationship_id });
    mentor.dispatch(Event::OpenConversation { relationship_id });

    // Both online: the message reaches the other phone promptly (the load test measures p50/p99).
    let sent_at = Instant::now();
    mentee.dispatch(Event::SendMessage {
        relationship_id,
        text: "hello 1".into(),
    });
    wait(&mentor, "first message", |v| texts(v) == ["hello 1"]);
    let latency = sent_at.elapsed();
    assert!(
        latency < Duration::from_secs(5),
        "online delivery took {latency:?}"
    );

    // The sender goes offline and keeps typing; the messages wait, in order, and arrive once.
    assert!(server.sigterm().success());
    wait(&mentee, "offline", |v| {
        v.sync.connection == Connection::Offline
    });
    for n in 2..=4 {
        mentee.dispatch(Event::SendMessage {
            relationship_id,
            text: format!("offline {n}"),
        });
    }
    let view = wait(&mentee, "queued", |v| v.sync.pending_changes == 3);
    let pending: Vec<_> = view
        .messaging
        .open
        .unwrap()
        .messages
        .iter()
        .map(|m| m.delivery)
        .collect();
    assert_eq!(pending[1..], [Some(DeliveryState::Pending); 3]);
    server.start_at(base.trim_start_matches("http://"));
    let expected = ["hello 1", "offline 2", "offline 3", "offline 4"];
    let view = wait(&mentor, "offline messages arrive", |v| texts(v).len() >= 4);
    assert_eq!(texts(&view), expected, "exactly once, in order");
    let seqs: Vec<_> = view
        .messaging
        .open
        .unwrap()
        .messages
        .iter()
        .map(|m| m.seq)
        .collect();
    assert_eq!(seqs, [Some(1), Some(2), Some(3), Some(4)]);

    // The mentor read them: the mentee sees its messages as read.
    wait(&mentee, "read receipts", |v| {
        v.messaging.open.as_ref().is_some_and(|open| {
            open.messages.len() == 4
                && open
                    .messages
                    .iter()
                    .all(|m| m.delivery == Some(DeliveryState::Read))
        })
    });

    // A closed app gets what it missed on its next sync, then the sender sees it delivered.
    drop(mentor);
    mentee.dispatch(Event::SendMessage {
        relationship_id,
        text: "while you were away".into(),
    });
    wait(&mentee, "sent", |v| {
        v.messaging
            .open
            .as_ref()
            .and_then(|o| o.messages.last())
            .is_some_and(|m| m.delivery == Some(DeliveryState::Sent))
    });
    mentor = open_app(&dirs.path().join("chat-mentor"), &base, "Mentor phone");
    let view = wait(&mentor, "caught up", |v| {
        online(v)
            && v.messaging
                .conversations
                .first()
                .is_some_and(|c| c.unread == 1)
    });
    assert_eq!(view.messaging.conversations[0].counterpart_name, "mentee");
    wait(&mentee, "delivered to the reopened app", |v| {
        v.messaging
            .open
            .as_ref()
            .and_then(|o| o.messages.last())
            .is_some_and(|m| m.delivery == Some(DeliveryState::Delivered))
    });
    mentor.dispatch(Event::OpenConversation { relationship_id });
    let view = wait(&mentor, "history from the local cache", |v| {
        texts(v).len() == 5
    });
    assert_eq!(texts(&view)[4], "while you were away");
    wait(&mentee, "read after opening", |v| {
        v.messaging
            .open
            .as_ref()
            .and_then(|o| o.messages.last())
            .is_some_and(|m| m.delivery == Some(DeliveryState::Read))
    });
}
