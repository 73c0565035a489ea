//! Crux app tests for messaging: sending offline, receiving through the feed, receipts, paging
//! from the local cache, read-only conversations, concerns and reports.

#![allow(clippy::result_large_err)] // effects are moved back into the queue when not picked

use crux_http::protocol::HttpResponse;
use domain::messaging::{DeliveryState, Watermarks};
use domain::relationship::{
    Action, Actor, Agreement, Cadence, Relationship, ResponseWindow, apply,
};
use domain::wire::v1::{
    Change, ChangeBody, ChangesPage, Counterpart, Message, MutationBody, MutationOutcome,
    MutationStatus, PushResponse, ReceiptUpdate, RelationshipView,
};
use shared::Event;
use shared::app::state::PersonalState;
use shared::effects::{ConversationPage, StoreOperation, StoreResult};
use support::{Shell, http, me};
use uuid::Uuid;

mod support;

const NOW_SECS: u64 = 1_780_000_000;
const RELATIONSHIP: u128 = 500;
const MENTOR: u128 = 9;

fn relationship(active: bool, my_role: Actor) -> RelationshipView {
    let t0 = 1_779_000_000_000;
    let requested = Relationship::request(
        Uuid::from_u128(RELATIONSHIP),
        Uuid::from_u128(2),
        me().user_id,
        Uuid::from_u128(MENTOR),
        Agreement::standard(1, Cadence::Weekly),
        ResponseWindow::default(),
        t0,
    )
    .unwrap();
    let relationship = if active {
        let accepted = apply(&requested, Actor::Mentor, &Action::Accept {}, t0)
            .unwrap()
            .relationship;
        let ack = Action::AcknowledgeAgreement {
            agreement_version: 1,
        };
        let once = apply(&accepted, Actor::Mentee, &ack, t0)
            .unwrap()
            .relationship;
        apply(&once, Actor::Mentor, &ack, t0).unwrap().relationship
    } else {
        requested
    };
    RelationshipView {
        relationship,
        my_role,
        counterpart: Counterpart {
            user_id: Uuid::from_u128(MENTOR),
            display_name: "Jo".into(),
            mentor_profile: None,
            mentee_request: None,
        },
        closure_message: None,
    }
}

fn shell_with(view: RelationshipView) -> Shell {
    let mut state = PersonalState::new(me());
    state.relationships.push(view);
    Shell::restored(state)
}

fn message(seq: u64, from: Uuid, text: &str) -> Message {
    Message {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        message_id: Uuid::from_u128(10_000 + u128::from(seq)),
        seq,
        sender_id: from,
        text: text.into(),
        sent_at_ms: 1_780_000_000_000 + i64::try_from(seq).unwrap(),
    }
}

fn feed(changes: Vec<ChangeBody>, start: u64) -> ChangesPage {
    let changes: Vec<Change> = changes
        .into_iter()
        .zip(start..)
        .map(|(body, position)| Change {
            position,
            mutation_id: None,
            at_ms: 1,
            body,
        })
        .collect();
    let cursor = changes.last().map_or(start, |c| c.position);
    ChangesPage {
        changes,
        cursor,
        has_more: false,
    }
}

fn open(shell: &mut Shell, page: Vec<Message>, has_older: bool) {
    shell.send(Event::OpenConversation {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
    });
    let mut load = shell.take_store().expect("reads the local cache");
    assert_eq!(
        load.operation,
        StoreOperation::LoadConversation {
            relationship_id: Uuid::from_u128(RELATIONSHIP),
            before_seq: None,
            limit: 50
        }
    );
    let page = ConversationPage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        messages: page,
        has_older,
    };
    shell.resolve(&mut load, StoreResult::Conversation(page));
}

#[test]
fn a_message_typed_offline_is_stored_shown_pending_and_sent_once_online() {
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    open(&mut shell, vec![], false);
    shell.send(Event::SendMessage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "  Hi Jo, rough day  ".into(),
    });
    shell.stamp(NOW_SECS);
    let queued = shell.enqueued();
    let MutationBody::SendMessage {
        message_id, text, ..
    } = queued[0].body.clone()
    else {
        panic!("a message")
    };
    assert_eq!(text, "Hi Jo, rough day");
    assert_eq!(message_id.get_version_num(), 7);
    let view = shell.view().messaging.open.unwrap();
    assert_eq!(view.messages.len(), 1);
    assert_eq!(
        (view.messages[0].delivery, view.messages[0].seq),
        (Some(DeliveryState::Pending), None)
    );

    let mut push = shell.take_http("POST", "/v1/sync/push").expect("sent");
    let outcome = MutationOutcome {
        mutation_id: queued[0].mutation_id,
        status: MutationStatus::Applied,
        position: Some(7),
        error: None,
    };
    shell.resolve(
        &mut push,
        http(
            HttpResponse::ok()
                .json(PushResponse {
                    outcomes: vec![outcome],
                })
                .build(),
        ),
    );
    shell.store_all_done();
    let view = shell.view().messaging.open.unwrap();
    assert_eq!(view.messages[0].delivery, Some(DeliveryState::Sent));
    assert_eq!(shell.view().sync.pending_changes, 0);
}

#[test]
fn received_messages_are_cached_counted_unread_and_acknowledged() {
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    let mut pull = shell
        .take_http("GET", "/v1/sync/changes")
        .expect("start-up pull");
    let from_jo = Uuid::from_u128(MENTOR);
    let page = feed(
        vec![
            ChangeBody::MessageAdded {
                message: Box::new(message(1, from_jo, "How are you?")),
            },
            ChangeBody::MessageAdded {
                message: Box::new(message(2, from_jo, "Here if you need me")),
            },
        ],
        1,
    );
    shell.resolve(&mut pull, http(HttpResponse::ok().json(&page).build()));
    let mut commit = shell.take_store().expect("commit");
    let StoreOperation::CommitPull { messages, .. } = &commit.operation else {
        panic!("commit pull")
    };
    assert_eq!(
        messages.len(),
        2,
        "messages are stored in the same transaction as the cursor"
    );
    shell.resolve(&mut commit, StoreResult::Done);
    let card = &shell.view().messaging.conversations[0];
    assert_eq!((card.unread, card.counterpart_name.as_str()), (2, "Jo"));
    shell.stamp(NOW_SECS);
    let receipts = shell.enqueued();
    assert_eq!(
        receipts[0].body,
        MutationBody::AcknowledgeMessages {
            relationship_id: Uuid::from_u128(RELATIONSHIP),
            delivered_up_to: 2,
            read_up_to: 0
        },
        "delivered, not yet read"
    );
    assert_eq!(
        shell.view().sync.pending_changes,
        0,
        "receipts are not the person's changes"
    );

    open(
        &mut shell,
        vec![
            message(1, from_jo, "How are you?"),
            message(2, from_jo, "Here if you need me"),
        ],
        false,
    );
    shell.stamp(NOW_SECS + 1);
    let receipts = shell.enqueued();
    assert_eq!(
        receipts[0].body,
        MutationBody::AcknowledgeMessages {
            relationship_id: Uuid::from_u128(RELATIONSHIP),
            delivered_up_to: 2,
            read_up_to: 2
        }
    );
    assert_eq!(shell.view().messaging.conversations[0].unread, 0);
    let open = shell.view().messaging.open.unwrap();
    assert_eq!(
        open.messages
            .iter()
            .map(|m| m.text.as_str())
            .collect::<Vec<_>>(),
        ["How are you?", "Here if you need me"]
    );
    assert!(
        open.messages
            .iter()
            .all(|m| !m.mine && m.delivery.is_none())
    );
}

#[test]
fn the_other_members_receipts_move_my_messages_to_delivered_and_read() {
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    let mine = me().user_id;
    let mut pull = shell.take_http("GET", "/v1/sync/changes").unwrap();
    let receipt = |delivered, read| ReceiptUpdate {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        user_id: Uuid::from_u128(MENTOR),
        watermarks: Watermarks {
            delivered_up_to: delivered,
            read_up_to: read,
        },
    };
    let page = feed(
        vec![
            ChangeBody::MessageAdded {
                message: Box::new(message(1, mine, "one")),
            },
            ChangeBody::MessageAdded {
                message: Box::new(message(2, mine, "two")),
            },
            ChangeBody::ReceiptsChanged {
                receipts: receipt(2, 1),
            },
        ],
        1,
    );
    shell.resolve(&mut pull, http(HttpResponse::ok().json(&page).build()));
    shell.store_all_done();
    open(
        &mut shell,
        vec![message(1, mine, "one"), message(2, mine, "two")],
        false,
    );
    let states: Vec<_> = shell
        .view()
        .messaging
        .open
        .unwrap()
        .messages
        .iter()
        .map(|m| m.delivery)
        .collect();
    assert_eq!(
        states,
        [Some(DeliveryState::Read), Some(DeliveryState::Delivered)]
    );
}

#[test]
fn older_pages_load_from_the_local_cache_on_scroll() {
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    let from_jo = Uuid::from_u128(MENTOR);
    let newest: Vec<Message> = (9_951..=10_000)
        .map(|seq| message(seq, from_jo, "…"))
        .collect();
    open(&mut shell, newest, true);
    assert!(shell.view().messaging.open.as_ref().unwrap().has_older);
    shell.send(Event::LoadOlderMessages);
    let mut load = shell.take_store().expect("older page");
    assert_eq!(
        load.operation,
        StoreOperation::LoadConversation {
            relationship_id: Uuid::from_u128(RELATIONSHIP),
            before_seq: Some(9_951),
            limit: 50
        }
    );
    let older: Vec<Message> = (9_901..=9_950)
        .map(|seq| message(seq, from_jo, "…"))
        .collect();
    let page = ConversationPage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        messages: older,
        has_older: true,
    };
    shell.resolve(&mut load, StoreResult::Conversation(page));
    let open = shell.view().messaging.open.unwrap();
    assert_eq!(open.messages.len(), 100);
    assert_eq!(
        (open.messages[0].seq, open.messages[99].seq),
        (Some(9_901), Some(10_000))
    );
}

#[test]
fn a_conversation_is_read_only_until_accepted_and_after_it_ends() {
    let mut shell = shell_with(relationship(false, Actor::Mentee));
    open(&mut shell, vec![], false);
    let view = shell.view().messaging.open.unwrap();
    assert!(!view.can_send);
    assert!(view.read_only_reason.unwrap().contains("accepted"));
    shell.send(Event::SendMessage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "hello?".into(),
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("accepted"));
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    shell.send(Event::SendMessage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "x".repeat(4_001),
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("4000"));
}

#[test]
fn only_the_mentor_raises_concerns_and_either_side_can_report_and_block() {
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    shell.send(Event::RaiseConcern {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "worried".into(),
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("mentor"));
    shell.send(Event::ReportMember {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "Asked for my address".into(),
        block: true,
    });
    shell.stamp(NOW_SECS);
    let queued = shell.enqueued();
    let MutationBody::ReportMember {
        report_id, block, ..
    } = queued[0].body
    else {
        panic!("a report")
    };
    assert!(block && !report_id.is_nil());

    let mut shell = shell_with(relationship(true, Actor::Mentor));
    shell.send(Event::RaiseConcern {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "They said they feel hopeless".into(),
    });
    shell.stamp(NOW_SECS);
    let queued = shell.enqueued();
    assert!(matches!(queued[0].body, MutationBody::RaiseConcern { .. }));
}

#[test]
fn a_push_endpoint_from_the_platform_is_registered_with_the_server() {
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    let registration = domain::wire::v1::PushRegistration {
        provider: domain::wire::v1::PushProviderKind::UnifiedPush,
        endpoint: "https://push.example.org/up/abc".into(),
    };
    shell.send(Event::RegisterPushEndpoint {
        registration: registration.clone(),
    });
    let put = shell
        .take_http("PUT", "/v1/push/registration")
        .expect("registered");
    let sent: domain::wire::v1::PushRegistration =
        serde_json::from_slice(&put.operation.body).unwrap();
    assert_eq!(sent, registration);
}

#[test]
fn a_mentees_crisis_message_shows_help_first_and_sends_nothing_until_answered() {
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    shell.send(Event::SendMessage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "I can't do this anymore, I want to end it all".into(),
    });
    assert!(shell.take_time().is_none(), "held: not stamped, not queued");
    assert!(
        shell.take_http("POST", "/v1/").is_none(),
        "no flag goes to the server"
    );
    let prompt = shell.view().crisis_prompt.expect("crisis help shown");
    assert_eq!(
        prompt.resources[0].name, "Samaritans",
        "from the local store: works offline"
    );
    assert!(prompt.message.contains("end it all"));

    shell.send(Event::CrisisPromptAnswered { send: false });
    assert!(shell.view().crisis_prompt.is_none());
    assert!(shell.take_time().is_none(), "not sent");

    shell.send(Event::SendMessage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "I want to end it all".into(),
    });
    shell.send(Event::CrisisPromptAnswered { send: true });
    shell.stamp(NOW_SECS);
    assert!(matches!(
        shell.enqueued()[0].body,
        MutationBody::SendMessage { .. }
    ));

    // Everyday language and negations go straight through.
    shell.send(Event::SendMessage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "I don't want to kill myself, I'm just tired. This traffic is killing me".into(),
    });
    assert!(shell.view().crisis_prompt.is_none());
    shell.stamp(NOW_SECS + 1);
    assert_eq!(shell.enqueued().len(), 1);
}

#[test]
fn the_detector_runs_for_the_mentees_own_messages_only() {
    let mut shell = shell_with(relationship(true, Actor::Mentor));
    shell.send(Event::SendMessage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "If you ever feel you want to end it all, call the helpline".into(),
    });
    assert!(shell.view().crisis_prompt.is_none());
    shell.stamp(NOW_SECS);
    assert_eq!(shell.enqueued().len(), 1);
}

#[test]
fn after_a_pull_the_conversation_list_is_taken_from_the_store() {
    let mut shell = shell_with(relationship(true, Actor::Mentee));
    let mut pull = shell
        .take_http("GET", "/v1/sync/changes")
        .expect("start-up pull");
    let from_jo = Uuid::from_u128(MENTOR);
    let own_receipt = ReceiptUpdate {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        user_id: me().user_id,
        watermarks: Watermarks {
            delivered_up_to: 4,
            read_up_to: 4,
        },
    };
    let page = feed(
        vec![
            ChangeBody::ReceiptsChanged {
                receipts: own_receipt,
            },
            ChangeBody::MessageAdded {
                message: Box::new(message(5, from_jo, "still there?")),
            },
        ],
        1,
    );
    shell.resolve(&mut pull, http(HttpResponse::ok().json(&page).build()));
    let mut commit = shell.take_store().expect("commit");
    assert!(matches!(
        commit.operation,
        StoreOperation::CommitPull { .. }
    ));
    shell.resolve(&mut commit, StoreResult::Done);
    let mut summaries = shell
        .take(|e| match e {
            shared::Effect::Store(r)
                if matches!(r.operation, StoreOperation::LoadSummaries { .. }) =>
            {
                Ok(r)
            }
            other => Err(other),
        })
        .expect("the exact list is read once the pull is stored");
    assert_eq!(
        summaries.operation,
        StoreOperation::LoadSummaries { me: me().user_id }
    );
    let exact = shared::effects::ConversationSummary {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        last_seq: 5,
        last_message_at_ms: 1,
        unread: 1,
        mine: Watermarks {
            delivered_up_to: 5,
            read_up_to: 4,
        },
        theirs: Watermarks::default(),
    };
    shell.resolve(&mut summaries, StoreResult::Summaries(vec![exact]));
    assert_eq!(shell.view().messaging.conversations[0].unread, 1);
}
