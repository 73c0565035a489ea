//! The attacker's view: another person in the same program, a person in another program and a
//! coordinator of another program try every endpoint against Ana's data, and nothing of Ana's
//! ever reaches them, changes, or leaks into responses, logs or the database in the clear.

mod support;

use std::time::Duration;

use domain::account::Role;
use domain::wire::v1::{
    ChangeBody, ChangesPage, DeviceList, ErrorCode, MutationBody, MutationStatus,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{Beacon, EventStream, Session, assert_absent, email, mutation, password, rename};
use uuid::Uuid;

const ANA_NAME: &str = "Ana Confidential-Moonlight";
const ANA_SECRET_NAME: &str = "Relapse-Diary-Entry-7731";

struct World {
    beacon: Beacon,
    ana: Session,
    ana_tablet: Session,
    /// Same program as Ana.
    ben: Session,
    /// Another program.
    cai: Session,
    /// Coordinator of the other program.
    kit: Session,
    /// Ana's mutation ids.
    ana_mutations: Vec<Uuid>,
}

async fn world() -> World {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB", "es"]);
    let other = beacon.create_program("Other Org", "Other program", &["en-GB"]);
    let kit_email = email("kit");
    let kit_password = password("kit");
    let kit_id = beacon.add_coordinator(other, &kit_email, "Kit Coordinator", &kit_password);
    beacon.start();

    let ana = beacon
        .signup(program, &email("ana"), &password("ana"), ANA_NAME)
        .await;
    let ana_tablet = beacon
        .login(&ana.email, &ana.password, "Ana's tablet")
        .await;
    let secret = rename(ANA_SECRET_NAME);
    let settings = mutation(MutationBody::UpdateSettings {
        discreet_notifications: Some(false),
        read_receipts: Some(false),
        quiet_hours: None,
        checkin_prompt: None,
        checkin_prompt_minute: None,
    });
    let ana_mutations = vec![secret.mutation_id, settings.mutation_id];
    support::applied_positions(&beacon.push(&ana.token, &[secret, settings]).await);

    let ben = beacon
        .signup(program, &email("ben"), &password("ben"), "Ben Quasar")
        .await;
    let cai = beacon
        .signup(other, &email("cai"), &password("cai"), "Cai Nebula")
        .await;
    let kit = beacon.login(&kit_email, &kit_password, "Office PC").await;
    assert_eq!(kit.me.user_id, kit_id);
    assert_eq!(kit.me.program_id, other);
    assert!(kit.me.roles.contains(&Role::Coordinator), "{:?}", kit.me);
    assert_eq!(ana.me.roles, vec![Role::Mentee]);
    assert_eq!(ana.me.program_id, program);
    assert_eq!(
        ana.me.profile.locale, "en-GB",
        "defaults to the program's first locale"
    );
    World {
        beacon,
        ana,
        ana_tablet,
        ben,
        cai,
        kit,
        ana_mutations,
    }
}

impl World {
    /// Everything that identifies Ana or her data.
    fn ana_identifiers(&self) -> Vec<(&'static str, String)> {
        let mut ids = vec![
            ("Ana's user id", self.ana.me.user_id.to_string()),
            ("Ana's email", self.ana.email.clone()),
            ("Ana's display name", ANA_NAME.to_owned()),
            ("Ana's private display name", ANA_SECRET_NAME.to_owned()),
            ("Ana's device", self.ana.device_id.to_string()),
            ("Ana's tablet", self.ana_tablet.device_id.to_string()),
            ("Ana's device name", "Ana's tablet".to_owned()),
        ];
        for id in &self.ana_mutations {
            ids.push(("Ana's mutation id", id.to_string()));
        }
        ids
    }

    fn sessions(&self) -> Vec<&Session> {
        vec![&self.ana, &self.ana_tablet, &self.ben, &self.cai, &self.kit]
    }

    /// No response, log line or stored value contains a secret.
    fn assert_no_secrets(&self, extra_log_needles: &[(&str, String)]) {
        let seen = self.beacon.seen();
        let log = self.beacon.server_log();
        for session in self.sessions() {
            // The token is shown once: in the response that created it, nowhere else.
            let showing: Vec<&support::Seen> = seen
                .iter()
                .filter(|seen| seen.body.contains(&session.token))
                .collect();
            assert!(
                showing.len() <= 1
                    && showing
                        .iter()
                        .all(|seen| seen.request.starts_with("POST /v1/auth/")),
                "token of {} shown outside its creation: {showing:?}",
                session.email
            );
            let mut needles = vec![
                ("a password", session.password.clone()),
                ("a token", session.token.clone()),
                (
                    "a token without prefix",
                    session.token["bcn_".len()..].to_owned(),
                ),
            ];
            for form in support::token_hash_forms(&session.token) {
                needles.push(("a token hash", form));
            }
            let borrowed: Vec<(&str, &str)> =
                needles.iter().map(|(n, v)| (*n, v.as_str())).collect();
            for seen in &seen {
                let what = format!("the response to {}", seen.request);
                let body = seen.body.replace(&session.token, "");
                assert_absent(&what, &body, &borrowed[2..]);
                assert_absent(&what, &seen.body, &borrowed[..1]);
            }
            assert_absent("the server log", &log, &borrowed);
            let mut log_needles = vec![("an email", session.email.as_str())];
            log_needles.push(("a display name", &session.me.profile.display_name));
            assert_absent("the server log", &log, &log_needles);
        }
        for seen in &seen {
            let text = seen.body.to_lowercase();
            assert!(
                !text.contains("$argon2")
                    && !text.contains("password_hash")
                    && !text.contains("token_hash"),
                "a hash in the response to {}: {}",
                seen.request,
                seen.body
            );
        }
        assert!(!log.contains("$argon2"), "a password hash in the log");
        assert!(
            !log.contains("Bearer"),
            "an Authorization header in the log"
        );
        let needles: Vec<(&str, &str)> = extra_log_needles
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect();
        assert_absent("the server log", &log, &needles);

        // The database stores hashes only.
        let dump = support::dump_database(&self.beacon.db);
        for session in self.sessions() {
            assert_absent(
                "the database",
                &dump,
                &[
                    ("a password", &session.password),
                    ("a token", &session.token),
                ],
            );
        }
    }
}

fn assert_none_of(what: &str, text: &str, identifiers: &[(&'static str, String)]) {
    for (name, value) in identifiers {
        assert!(
            !text.contains(value.as_str()),
            "{what} reveals {name}: {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn nobody_else_can_read_or_change_a_persons_data() {
    let world = world().await;
    let beacon = &world.beacon;
    let ana_before = beacon.export(&world.ana.token).await;
    let ana_ids = world.ana_identifiers();

    for attacker in [&world.ben, &world.cai, &world.kit] {
        let token = Some(attacker.token.as_str());
        let who = &attacker.email;

        let me = beacon.get("/v1/me", token).await;
        assert_eq!(
            me.json::<domain::wire::v1::Me>().user_id,
            attacker.me.user_id
        );
        assert_none_of(&format!("{who}: /v1/me"), &me.text, &ana_ids);

        let devices = beacon.get("/v1/devices", token).await;
        let list: DeviceList = devices.expect(StatusCode::OK);
        assert_eq!(
            list.devices.iter().map(|d| d.device_id).collect::<Vec<_>>(),
            vec![attacker.device_id],
            "{who} sees only their own device"
        );
        assert_none_of(&format!("{who}: devices"), &devices.text, &ana_ids);

        let feed = beacon
            .get("/v1/sync/changes?since=0&limit=500", token)
            .await;
        let page: ChangesPage = feed.expect(StatusCode::OK);
        assert!(
            page.changes.iter().all(|change| change
                .mutation_id
                .is_none_or(|id| !world.ana_mutations.contains(&id))),
            "{who} sees Ana's changes"
        );
        assert_none_of(&format!("{who}: changes"), &feed.text, &ana_ids);

        let export = beacon.get("/v1/me/export", token).await;
        assert_eq!(export.status, StatusCode::OK, "{}", export.text);
        assert_none_of(&format!("{who}: export"), &export.text, &ana_ids);

        // Revoking Ana's devices: "no such device", and Ana keeps working.
        for device in [world.ana.device_id, world.ana_tablet.device_id] {
            beacon
                .delete(&format!("/v1/devices/{device}"), token)
                .await
                .error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        }
        beacon.me(&world.ana.token).await;
        beacon.me(&world.ana_tablet.token).await;

        // Replaying Ana's mutation ids as one's own: a separate id space per person. It applies
        // to the attacker (or is refused) — never to Ana, never "duplicate" of Ana's change.
        let mut replay = rename(&format!("Hijack by {}", attacker.me.user_id));
        replay.mutation_id = world.ana_mutations[0];
        let response = beacon
            .push(&attacker.token, std::slice::from_ref(&replay))
            .await;
        let outcome = &response.outcomes[0];
        assert_eq!(
            outcome.status,
            MutationStatus::Applied,
            "{who} replaying Ana's mutation id: {outcome:?}"
        );
        let mine = beacon.me(&attacker.token).await;
        assert_eq!(
            mine.profile.display_name,
            format!("Hijack by {}", attacker.me.user_id)
        );
        // Pushing never takes a target: extra fields naming Ana are refused outright.
        beacon
            .post(
                "/v1/sync/push",
                token,
                &json!({"protocol": 1, "user_id": world.ana.me.user_id,
                        "mutations": [rename("Owned")]}),
            )
            .await
            .error(StatusCode::BAD_REQUEST, ErrorCode::MalformedRequest);

        // Deleting "me" deletes only the caller — try with Ana's password: refused.
        beacon
            .send(
                Method::DELETE,
                "/v1/me",
                token,
                &json!({"password": world.ana.password}),
            )
            .await
            .error(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);
    }

    // Ana's data is exactly as it was.
    let ana_after = beacon.export(&world.ana.token).await;
    assert_eq!(ana_before.me, ana_after.me);
    assert_eq!(ana_before.changes, ana_after.changes);
    assert_eq!(ana_after.me.profile.display_name, ANA_SECRET_NAME);
    assert!(!ana_after.me.settings.read_receipts);
    assert_eq!(
        ana_after
            .devices
            .iter()
            .map(|d| d.device_id)
            .collect::<std::collections::BTreeSet<_>>(),
        [world.ana.device_id, world.ana_tablet.device_id].into(),
    );
    assert!(
        !ana_after
            .changes
            .iter()
            .any(|c| matches!(c.body, ChangeBody::DeviceRevoked { .. })),
        "no device of Ana's was revoked"
    );
    // Ana's own export holds no secrets either.
    let text = serde_json::to_string(&ana_after).unwrap();
    assert!(!text.contains(&world.ana.password) && !text.contains(&world.ana.token));

    // Tokens put where they do not belong (a query string, as browser EventSource clients do)
    // are neither accepted nor logged.
    for path in [
        format!("/v1/sync/events?access_token={}", world.ben.token),
        format!("/v1/me?token={}", world.ben.token),
    ] {
        beacon
            .get(&path, None)
            .await
            .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
    }
    beacon
        .get(&format!("/v1/nope/{}", world.cai.token), None)
        .await
        .error(StatusCode::NOT_FOUND, ErrorCode::NotFound);

    // The log is not empty: it records requests (method, route, status), just nothing secret.
    let log = beacon.server_log();
    assert!(
        log.contains("/v1/sync/push") && log.contains("/v1/auth/login"),
        "the server log should record matched routes:\n{log}"
    );
    world.assert_no_secrets(&[("Ana's private content", ANA_SECRET_NAME.to_owned())]);
}

#[tokio::test(flavor = "multi_thread")]
async fn events_only_hint_at_ones_own_feed() {
    let world = world().await;
    let beacon = &world.beacon;
    let ben_cursor = beacon
        .pull_all(&world.ben.token, 0)
        .await
        .last()
        .map_or(0, |c| c.position);
    let mut ben_events = EventStream::open(beacon, Some(&world.ben.token))
        .await
        .unwrap_or_else(|reply| panic!("events: {reply:?}"));
    let mut ana_events = EventStream::open(beacon, Some(&world.ana.token))
        .await
        .unwrap_or_else(|reply| panic!("events: {reply:?}"));
    let first = ben_events.next_cursor(Duration::from_secs(5)).await;
    assert_eq!(
        first,
        Some(ben_cursor),
        "the hint at connect is Ben's own cursor"
    );
    let ana_first = ana_events.next_cursor(Duration::from_secs(5)).await;
    assert!(ana_first.is_some());

    // Ana (both devices) writes: Ana hears about it, Ben hears nothing.
    let one = support::applied_positions(&beacon.push(&world.ana.token, &[rename("A1")]).await);
    let two =
        support::applied_positions(&beacon.push(&world.ana_tablet.token, &[rename("A2")]).await);
    let mut heard = Vec::new();
    while let Some(cursor) = ana_events.next_cursor(Duration::from_secs(5)).await {
        heard.push(cursor);
        if cursor >= two[0] {
            break;
        }
    }
    assert_eq!(
        heard.last(),
        Some(&two[0]),
        "Ana hears of her changes: {heard:?} {one:?}"
    );
    let leaked = ben_events.next_event(Duration::from_millis(1200)).await;
    assert_eq!(leaked, None, "Ben was told about Ana's activity");

    // Ben writes: Ben hears exactly his own new cursor.
    let mine = support::applied_positions(&beacon.push(&world.ben.token, &[rename("B1")]).await);
    assert_eq!(
        ben_events.next_cursor(Duration::from_secs(5)).await,
        Some(mine[0])
    );
    world.assert_no_secrets(&[]);
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_die_with_logout_and_account_deletion() {
    let world = world().await;
    let beacon = &world.beacon;
    let ana = &world.ana;
    let ben_before = beacon.export(&world.ben.token).await;

    let reply = beacon
        .raw(Method::POST, "/v1/auth/logout", Some(&ana.token), None)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    let everywhere = |token: String| {
        let token = token.clone();
        async move {
            for (method, path, body) in [
                (Method::GET, "/v1/me", None),
                (Method::GET, "/v1/me/export", None),
                (Method::GET, "/v1/devices", None),
                (Method::GET, "/v1/sync/changes?since=0", None),
                (
                    Method::POST,
                    "/v1/sync/push",
                    Some(json!({"protocol": 1, "mutations": [rename("Ghost")]})),
                ),
            ] {
                let reply = match body {
                    Some(body) => beacon.send(method, path, Some(&token), &body).await,
                    None => beacon.raw(method, path, Some(&token), None).await,
                };
                reply.error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
            }
            let events = EventStream::open(beacon, Some(&token)).await;
            events
                .err()
                .expect("a dead token opened events")
                .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        }
    };
    everywhere(ana.token.clone()).await;
    beacon.me(&world.ana_tablet.token).await;

    // An open event stream of the account is closed when it is deleted (or at least hears
    // nothing more); then everything about Ana is gone.
    let reply = beacon
        .send(
            Method::DELETE,
            "/v1/me",
            Some(&world.ana_tablet.token),
            &json!({"password": ana.password}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    everywhere(world.ana_tablet.token.clone()).await;
    let dump = support::dump_database(&beacon.db);
    let user_id = ana.me.user_id;
    let mut traces = world.ana_identifiers();
    traces.push(("Ana's user id (hex)", user_id.simple().to_string()));
    traces.push(("Ana's user id (blob)", support::hex(user_id.as_bytes())));
    for (name, value) in &traces {
        assert!(
            !dump.contains(value.as_str()),
            "after deletion the database still holds {name} ({value})"
        );
    }

    beacon
        .try_login(&ana.email, &ana.password, "again")
        .await
        .error(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials);

    // Ben is untouched, and the email is free again.
    let ben_after = beacon.export(&world.ben.token).await;
    assert_eq!(ben_before.me, ben_after.me);
    assert_eq!(ben_before.changes, ben_after.changes);
    let program = world.ben.me.program_id;
    let again = beacon
        .signup(program, &ana.email, &password("ana2"), "Ana again")
        .await;
    assert_ne!(again.me.user_id, user_id);
    assert!(beacon.pull_all(&again.token, 0).await.iter().all(|c| {
        c.mutation_id
            .is_none_or(|id| !world.ana_mutations.contains(&id))
    }));
    world.assert_no_secrets(&[]);
}
