//! Crux app tests: drive `Beacon::update` directly and assert on the effects it asks for and on
//! the view model — no runtime, no network, no clock.

use crux_http::protocol::{HttpResponse, HttpResult};
use crux_time::{TimeRequest, TimeResponse};
use domain::wire::v1::{
    ApiError, Change, ChangeBody, ChangesPage, ErrorCode, Mutation, MutationBody, MutationOutcome,
    MutationStatus, PushRequest, PushResponse, SessionCreated,
};
use shared::Event;
use shared::app::state::PersonalState;
use shared::effects::{
    LocalSnapshot, OutboxEntry, SecretOperation, SecretResult, StoreOperation, StoreResult,
    StoredSession,
};
use shared::view::{Connection, Screen};
use support::{SERVER, Shell, http, me, program};
use uuid::Uuid;

mod support;

#[test]
fn a_fresh_install_shows_sign_in_with_nothing_to_sync() {
    let shell = Shell::started(LocalSnapshot::default(), None);
    let view = shell.view();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.sync.connection, Connection::Idle);
    assert!(view.account.is_none());
}

#[test]
fn bad_credentials_are_refused_on_the_device_without_a_request() {
    let mut shell = Shell::started(LocalSnapshot::default(), None);
    shell.drop_renders();
    shell.send(Event::SignUp {
        program_id: Uuid::from_u128(2),
        email: "not-an-email".into(),
        password: "correct horse battery".into(),
        display_name: "Ana".into(),
        locale: None,
    });
    assert!(shell.take_http("POST", "/v1/auth/signup").is_none());
    assert_eq!(
        shell.view().notice.as_deref(),
        Some("email address is not valid")
    );
    shell.send(Event::SignUp {
        program_id: Uuid::from_u128(2),
        email: "ana@example.org".into(),
        password: "password123".into(),
        display_name: "Ana".into(),
        locale: None,
    });
    assert!(shell.take_http("POST", "/v1/auth/signup").is_none());
    assert!(shell.view().notice.unwrap().contains("too easy to guess"));
}

#[test]
fn signing_up_saves_the_session_then_starts_syncing() {
    let mut shell = Shell::started(LocalSnapshot::default(), None);
    shell.send(Event::SignUp {
        program_id: Uuid::from_u128(2),
        email: " Ana@Example.org ".into(),
        password: "correct horse battery".into(),
        display_name: "Ana".into(),
        locale: None,
    });
    assert!(shell.view().busy);
    let mut request = shell
        .take_http("POST", "/v1/auth/signup")
        .expect("sign-up request");
    let body: serde_json::Value = serde_json::from_slice(&request.operation.body).unwrap();
    assert_eq!(
        body["email"], "ana@example.org",
        "email is normalised before sending"
    );
    assert_eq!(body["device_name"], "Test phone");
    let created = SessionCreated {
        token: "bcn_secret".into(),
        device_id: Uuid::from_u128(3),
        me: me(),
    };
    shell.resolve(
        &mut request,
        http(HttpResponse::status(201).json(&created).build()),
    );

    let mut write = shell.take_secret().expect("token goes to secure storage");
    assert_eq!(
        write.operation,
        SecretOperation::WriteToken("bcn_secret".into())
    );
    let mut begin = shell.take_store().expect("session goes to the local store");
    assert!(matches!(
        begin.operation,
        StoreOperation::BeginSession { .. }
    ));
    assert!(
        shell.take_http("GET", "/v1/sync/changes").is_none(),
        "nothing is fetched before the session is stored"
    );
    shell.resolve(&mut write, SecretResult::Done);
    shell.resolve(&mut begin, StoreResult::Done);

    assert!(
        shell.take_http("GET", "/v1/programs/").is_some(),
        "program info (crisis resources) is fetched"
    );
    assert!(shell.take_http("GET", "/v1/sync/changes?since=0").is_some());
    assert!(shell.take_http("GET", "/v1/devices").is_some());
    let stream = shell.take_events_stream().expect("listens for changes");
    assert_eq!(stream.operation.token, "bcn_secret");
    let view = shell.view();
    assert_eq!(view.screen, Screen::SignedIn);
    assert!(!view.busy);
    assert_eq!(view.account.unwrap().display_name, "Ana");
}

#[test]
fn a_server_refusal_is_explained() {
    let mut shell = Shell::started(LocalSnapshot::default(), None);
    shell.send(Event::LogIn {
        email: "ana@example.org".into(),
        password: "wrong password".into(),
    });
    let mut request = shell.take_http("POST", "/v1/auth/login").unwrap();
    let error = ApiError::new(ErrorCode::InvalidCredentials, "Email or password is wrong.");
    shell.resolve(
        &mut request,
        http(HttpResponse::status(401).json(&error).build()),
    );
    let view = shell.view();
    assert_eq!(view.screen, Screen::SignedOut);
    assert_eq!(view.notice.as_deref(), Some("Email or password is wrong."));
    assert!(!view.busy);
}

#[test]
fn restoring_a_session_shows_local_state_and_queued_changes_before_any_network() {
    let queued = Mutation {
        mutation_id: Uuid::from_u128(99),
        created_at_ms: 5,
        body: MutationBody::UpdateProfile {
            display_name: Some("Sky".into()),
            locale: None,
        },
    };
    let snapshot = LocalSnapshot {
        install_seed: 7,
        session: Some(StoredSession {
            server_url: SERVER.into(),
            device_id: Uuid::from_u128(3),
        }),
        confirmed: Some(PersonalState::new(me())),
        program: Some(program()),
        cursor: 12,
        outbox: vec![OutboxEntry {
            mutation: queued.clone(),
            acknowledged_position: None,
        }],
        ..LocalSnapshot::default()
    };
    let mut shell = Shell::started(snapshot, Some("bcn_token"));
    let view = shell.view();
    assert_eq!(view.screen, Screen::SignedIn);
    assert_eq!(
        view.account.unwrap().display_name,
        "Sky",
        "queued change is shown"
    );
    assert_eq!(view.sync.pending_changes, 1);
    assert_eq!(
        view.crisis_resources[0].name, "Samaritans",
        "crisis help available offline"
    );
    let push = shell
        .take_http("POST", "/v1/sync/push")
        .expect("queued change is pushed");
    let sent: PushRequest = serde_json::from_slice(&push.operation.body).unwrap();
    assert_eq!(sent.mutations, vec![queued]);
    assert!(
        shell
            .take_http("GET", "/v1/sync/changes?since=12")
            .is_some(),
        "pulls from the saved cursor"
    );
}

#[test]
fn a_stored_session_without_its_token_signs_out() {
    let snapshot = LocalSnapshot {
        session: Some(StoredSession {
            server_url: SERVER.into(),
            device_id: Uuid::from_u128(3),
        }),
        confirmed: Some(PersonalState::new(me())),
        ..LocalSnapshot::default()
    };
    let mut shell = Shell::started(snapshot, None);
    assert_eq!(shell.view().screen, Screen::SignedOut);
    let ops = shell.store_all_done();
    assert!(ops.contains(&StoreOperation::EndSession));
}

#[test]
fn an_offline_change_is_stored_first_shown_at_once_and_retried_with_backoff() {
    let mut shell = Shell::signed_in();
    let mut pull = shell.take_http("GET", "/v1/sync/changes").unwrap();
    shell.resolve(
        &mut pull,
        HttpResult::Err(crux_http::HttpError::Io("down".into())),
    );
    assert_eq!(shell.view().sync.connection, Connection::Offline);
    let mut timer = shell.take_time().expect("a retry is scheduled");
    let TimeRequest::NotifyAfter { id, duration } = timer.operation.clone() else {
        panic!("expected a timer")
    };
    let delay = std::time::Duration::from(duration);
    assert!(
        delay >= std::time::Duration::from_millis(500)
            && delay <= std::time::Duration::from_secs(1)
    );
    assert_eq!(
        shell.view().sync.retry_in_ms,
        Some(u64::try_from(delay.as_millis()).unwrap())
    );

    shell.send(Event::ChangeDisplayName {
        display_name: "  River ".into(),
    });
    let mut now = shell.take_time().expect("asks the clock");
    shell.resolve(
        &mut now,
        TimeResponse::Now {
            instant: crux_time::Instant::new(1_700_000_000, 0),
        },
    );
    let mut enqueue = shell.take_store().expect("stored before sending");
    let StoreOperation::Enqueue(mutation) = enqueue.operation.clone() else {
        panic!("expected enqueue")
    };
    assert_eq!(mutation.created_at_ms, 1_700_000_000_000);
    assert_eq!(mutation.mutation_id.get_version_num(), 7);
    assert_eq!(
        mutation.body,
        MutationBody::UpdateProfile {
            display_name: Some("River".into()),
            locale: None
        }
    );
    assert!(
        shell.take_http("POST", "/v1/sync/push").is_none(),
        "not sent until stored"
    );
    let view = shell.view();
    assert_eq!(view.account.unwrap().display_name, "River");
    assert_eq!(view.sync.pending_changes, 1);
    shell.resolve(&mut enqueue, StoreResult::Done);
    let mut push = shell
        .take_http("POST", "/v1/sync/push")
        .expect("sent once stored");
    shell.resolve(&mut push, HttpResult::Err(crux_http::HttpError::Timeout));
    assert!(shell.take_time().is_none(), "one retry timer at a time");
    assert_eq!(shell.view().sync.pending_changes, 1, "nothing lost");

    // The retry fires: push again (same id), and pull.
    shell.resolve(&mut timer, TimeResponse::DurationElapsed { id });
    let mut push = shell.take_http("POST", "/v1/sync/push").expect("retried");
    let sent: PushRequest = serde_json::from_slice(&push.operation.body).unwrap();
    assert_eq!(
        sent.mutations[0].mutation_id, mutation.mutation_id,
        "a retry reuses the id"
    );
    let outcome = MutationOutcome {
        mutation_id: mutation.mutation_id,
        status: MutationStatus::Applied,
        position: Some(40),
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
    let ops = shell.store_all_done();
    assert_eq!(
        ops,
        vec![StoreOperation::Acknowledge(vec![(
            mutation.mutation_id,
            40
        )])]
    );
    let view = shell.view();
    assert_eq!(view.sync.connection, Connection::Online);
    assert_eq!(view.sync.pending_changes, 0);
    assert_eq!(
        view.account.unwrap().display_name,
        "River",
        "still shown until the feed confirms it"
    );

    let mut pull = shell
        .take_http("GET", "/v1/sync/changes?since=0")
        .expect("pulls after pushing");
    let mut confirmed = me();
    confirmed.profile.display_name = "River".into();
    let page = ChangesPage {
        changes: vec![Change {
            position: 40,
            mutation_id: Some(mutation.mutation_id),
            at_ms: 1,
            body: ChangeBody::ProfileChanged {
                profile: confirmed.profile.clone(),
            },
        }],
        cursor: 40,
        has_more: false,
    };
    shell.resolve(&mut pull, http(HttpResponse::ok().json(&page).build()));
    let ops = shell.store_all_done();
    assert_eq!(
        ops,
        vec![StoreOperation::CommitPull {
            confirmed: Box::new(PersonalState::new(confirmed)),
            cursor: 40,
            messages: vec![],
            receipts: vec![],
            notes: vec![],
        }]
    );
    assert!(shell.model.outbox.is_empty());
    assert_eq!(shell.view().account.unwrap().display_name, "River");
}

#[test]
fn invalid_changes_are_refused_on_the_device() {
    let mut shell = Shell::signed_in();
    shell.send(Event::ChangeDisplayName {
        display_name: "   ".into(),
    });
    shell.stamp(1_700_000_000);
    assert!(shell.take_store().is_none(), "nothing is queued");
    assert_eq!(shell.view().sync.pending_changes, 0);
    assert!(shell.view().notice.unwrap().contains("display_name"));
}

#[test]
fn a_revoked_token_signs_the_device_out() {
    let mut shell = Shell::signed_in();
    let mut pull = shell.take_http("GET", "/v1/sync/changes").unwrap();
    let error = ApiError::new(ErrorCode::Unauthenticated, "Session ended.");
    shell.resolve(
        &mut pull,
        http(HttpResponse::status(401).json(&error).build()),
    );
    let view = shell.view();
    assert_eq!(view.screen, Screen::SignedOut);
    assert!(view.notice.unwrap().contains("signed out"));
    assert_eq!(
        shell.take_secret().unwrap().operation,
        SecretOperation::DeleteToken
    );
    assert!(shell.store_all_done().contains(&StoreOperation::EndSession));
}

#[test]
fn a_revocation_in_the_feed_signs_out_only_the_revoked_device() {
    let mut shell = Shell::signed_in();
    let mut pull = shell.take_http("GET", "/v1/sync/changes").unwrap();
    let other = Change {
        position: 3,
        mutation_id: None,
        at_ms: 1,
        body: ChangeBody::DeviceRevoked {
            device_id: Uuid::from_u128(77),
        },
    };
    let page = ChangesPage {
        changes: vec![other],
        cursor: 3,
        has_more: true,
    };
    shell.resolve(&mut pull, http(HttpResponse::ok().json(&page).build()));
    assert_eq!(shell.view().screen, Screen::SignedIn);
    shell.store_all_done();
    let mut pull = shell
        .take_http("GET", "/v1/sync/changes?since=3")
        .expect("has_more pulls again");
    let mine = Change {
        position: 4,
        mutation_id: None,
        at_ms: 1,
        body: ChangeBody::DeviceRevoked {
            device_id: Uuid::from_u128(3),
        },
    };
    shell.resolve(
        &mut pull,
        http(
            HttpResponse::ok()
                .json(ChangesPage {
                    changes: vec![mine],
                    cursor: 4,
                    has_more: false,
                })
                .build(),
        ),
    );
    assert_eq!(shell.view().screen, Screen::SignedOut);
}

#[test]
fn a_rejected_mutation_is_dropped_and_explained() {
    let mut shell = Shell::signed_in();
    shell.send(Event::ChangeSettings {
        discreet_notifications: Some(false),
        read_receipts: None,
    });
    let mut now = shell.take_time().unwrap();
    shell.resolve(
        &mut now,
        TimeResponse::Now {
            instant: crux_time::Instant::new(1_700_000_000, 0),
        },
    );
    shell.store_all_done();
    assert!(
        !shell
            .view()
            .account
            .unwrap()
            .settings
            .discreet_notifications
    );
    let mut push = shell.take_http("POST", "/v1/sync/push").unwrap();
    let sent: PushRequest = serde_json::from_slice(&push.operation.body).unwrap();
    let outcome = MutationOutcome {
        mutation_id: sent.mutations[0].mutation_id,
        status: MutationStatus::Rejected,
        position: None,
        error: Some(ApiError::new(ErrorCode::ValidationFailed, "not allowed")),
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
    assert_eq!(
        shell.store_all_done(),
        vec![StoreOperation::Discard(vec![sent.mutations[0].mutation_id])]
    );
    let view = shell.view();
    assert!(
        view.account.unwrap().settings.discreet_notifications,
        "back to the confirmed value"
    );
    assert!(view.notice.unwrap().contains("not allowed"));
}

#[test]
fn the_event_stream_triggers_a_pull_only_when_the_feed_grew() {
    let mut shell = Shell::signed_in();
    let mut pull = shell.take_http("GET", "/v1/sync/changes").unwrap();
    shell.resolve(
        &mut pull,
        http(
            HttpResponse::ok()
                .json(ChangesPage {
                    changes: vec![],
                    cursor: 0,
                    has_more: false,
                })
                .build(),
        ),
    );
    shell.store_all_done();
    let mut stream = shell.take_events_stream().unwrap();
    shell.resolve(
        &mut stream,
        shared::effects::ServerEvent::Connected { cursor: 0 },
    );
    assert_eq!(shell.view().sync.connection, Connection::Online);
    assert!(shell.take_http("GET", "/v1/sync/changes").is_none());
    shell.resolve(
        &mut stream,
        shared::effects::ServerEvent::Changed { cursor: 9 },
    );
    assert!(shell.take_http("GET", "/v1/sync/changes?since=0").is_some());
    shell.resolve(
        &mut stream,
        shared::effects::ServerEvent::Closed {
            unauthorized: false,
        },
    );
    let view = shell.view();
    assert_eq!(view.sync.connection, Connection::Offline);
    assert!(shell.take_time().is_some(), "reconnect is scheduled");
}

/// Large note edits queued offline go in pushes that fit the server's body limit: a batch the
/// server refused for its size would have dropped every change in it, messages included.
#[test]
fn large_offline_changes_are_pushed_in_batches_that_fit_the_request_limit() {
    let big_edit = |n: u128| Mutation {
        mutation_id: Uuid::from_u128(100 + n),
        created_at_ms: 5,
        body: MutationBody::EditNote {
            note_id: Uuid::from_u128(200 + n),
            relationship_id: None,
            kind: domain::notes::NoteKind::Free,
            body_update: Some("A".repeat(110_000)),
            summary_update: None,
        },
    };
    let rename = Mutation {
        mutation_id: Uuid::from_u128(199),
        created_at_ms: 6,
        body: MutationBody::UpdateProfile {
            display_name: Some("Sky".into()),
            locale: None,
        },
    };
    let queued = vec![big_edit(1), big_edit(2), big_edit(3), rename];
    let snapshot = LocalSnapshot {
        install_seed: 7,
        session: Some(StoredSession {
            server_url: SERVER.into(),
            device_id: Uuid::from_u128(3),
        }),
        confirmed: Some(PersonalState::new(me())),
        program: Some(program()),
        outbox: queued
            .iter()
            .map(|mutation| OutboxEntry {
                mutation: mutation.clone(),
                acknowledged_position: None,
            })
            .collect(),
        ..LocalSnapshot::default()
    };
    let mut shell = Shell::started(snapshot, Some("bcn_token"));
    let mut pushed = Vec::new();
    for position in 1.. {
        let Some(mut push) = shell.take_http("POST", "/v1/sync/push") else {
            break;
        };
        assert!(
            push.operation.body.len() <= domain::limits::MAX_REQUEST_BODY_BYTES,
            "{} bytes",
            push.operation.body.len()
        );
        let sent: PushRequest = serde_json::from_slice(&push.operation.body).unwrap();
        assert!(!sent.mutations.is_empty());
        let outcomes: Vec<serde_json::Value> = sent
            .mutations
            .iter()
            .enumerate()
            .map(|(i, m)| {
                serde_json::json!({"mutation_id": m.mutation_id, "status": "applied",
                    "position": position * 10 + i})
            })
            .collect();
        pushed.push(sent.mutations);
        shell.resolve(
            &mut push,
            http(
                HttpResponse::ok()
                    .json(serde_json::json!({"outcomes": outcomes}))
                    .build(),
            ),
        );
        shell.store_all_done();
    }
    assert!(
        pushed.len() >= 2,
        "split into several pushes: {}",
        pushed.len()
    );
    assert_eq!(
        pushed.concat(),
        queued,
        "every change sent once, in order, none dropped"
    );
}
