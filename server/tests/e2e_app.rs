//! End to end: the real server binary on loopback and two app instances driven through the same
//! entry point the phone shells use ([`shared::runtime::Runtime`]), each with its own local
//! SQLite store and token file.

mod support;

use std::path::Path;
use std::time::Duration;

use domain::wire::v1::ChangeBody;
use reqwest::StatusCode;
use shared::Event;
use shared::view::{Connection, Screen};
use support::Beacon;
use support::app::{WAIT, online, open_app, wait};

fn token(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("session-token")).expect("token saved")
}

#[test]
fn two_devices_sign_up_sync_revoke_and_survive_an_offline_restart() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (mut server, program_id) = Beacon::started_with_program();
    let base = server.base().to_owned();
    let dirs = tempfile::tempdir().unwrap();
    let phone_dir = dirs.path().join("phone");
    let tablet_dir = dirs.path().join("tablet");
    let password = support::password("e2e");

    // Crisis help is there before anyone signs up.
    let phone = open_app(&phone_dir, &base, "Phone");
    wait(&phone, "signed-out screen", |v| {
        v.screen == Screen::SignedOut
    });
    phone.dispatch(Event::LoadProgram { program_id });
    wait(&phone, "crisis resources", |v| {
        !v.crisis_resources.is_empty()
    });

    phone.dispatch(Event::SignUp {
        program_id,
        email: "robin@example.org".into(),
        password: password.clone(),
        display_name: "Robin".into(),
        locale: None,
    });
    let view = wait(&phone, "phone online", online);
    assert_eq!(view.account.as_ref().unwrap().email, "robin@example.org");

    // A second device logs in to the same account; both list two devices.
    let tablet = open_app(&tablet_dir, &base, "Tablet");
    tablet.dispatch(Event::LogIn {
        email: "Robin@Example.org".into(),
        password: password.clone(),
    });
    wait(&tablet, "tablet online", online);
    phone.dispatch(Event::RefreshDevices);
    let view = wait(&phone, "two devices", |v| v.devices.len() == 2);
    let tablet_device = view
        .devices
        .iter()
        .find(|d| !d.this_device)
        .unwrap()
        .device_id;

    // A change on one device reaches the other through the event stream.
    phone.dispatch(Event::ChangeDisplayName {
        display_name: "Robin B".into(),
    });
    wait(&tablet, "rename reaches the tablet", |v| {
        v.account
            .as_ref()
            .is_some_and(|a| a.display_name == "Robin B")
    });
    tablet.dispatch(Event::ChangeSettings {
        discreet_notifications: None,
        read_receipts: Some(false),
    });
    wait(&phone, "settings reach the phone", |v| {
        v.account
            .as_ref()
            .is_some_and(|a| !a.settings.read_receipts)
    });

    // Revoking the tablet from the phone: the tablet is signed out and its token is dead.
    let tablet_token = token(&tablet_dir);
    phone.dispatch(Event::RevokeDevice {
        device_id: tablet_device,
    });
    wait(&tablet, "tablet signed out", |v| {
        v.screen == Screen::SignedOut
    });
    wait(&phone, "one device left", |v| v.devices.len() == 1);
    let reply = rt.block_on(server.get("/v1/me", Some(&tablet_token)));
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(
        !tablet_dir.join("session-token").exists(),
        "the tablet forgot its token"
    );
    drop(tablet);

    // The server goes away; the phone keeps working offline and is then closed.
    assert!(server.sigterm().success());
    wait(&phone, "phone offline", |v| {
        v.sync.connection == Connection::Offline
    });
    phone.dispatch(Event::ChangeDisplayName {
        display_name: "Sky".into(),
    });
    phone.dispatch(Event::ChangeSettings {
        discreet_notifications: Some(false),
        read_receipts: None,
    });
    wait(&phone, "queued offline", |v| v.sync.pending_changes == 2);
    drop(phone);

    // Restarted with no server: same state, same queue.
    let phone = open_app(&phone_dir, &base, "Phone");
    let view = wait(&phone, "restored offline", |v| {
        v.screen == Screen::SignedIn && v.sync.pending_changes == 2
    });
    let account = view.account.unwrap();
    assert_eq!(account.display_name, "Sky");
    assert!(!account.settings.discreet_notifications && !account.settings.read_receipts);
    assert!(
        !view.crisis_resources.is_empty(),
        "crisis help works offline"
    );
    assert_ne!(view.sync.connection, Connection::Online);

    // The server returns on the same address: the queue drains by itself, exactly once.
    server.start_at(base.trim_start_matches("http://"));
    let view = wait(&phone, "queue drained", |v| {
        online(v) && v.sync.pending_changes == 0
    });
    assert_eq!(view.account.unwrap().display_name, "Sky");
    let changes = rt.block_on(server.pull_all(&token(&phone_dir), 0));
    let renamed_to_sky = changes
        .iter()
        .filter(|c| matches!(&c.body, ChangeBody::ProfileChanged { profile } if profile.display_name == "Sky"))
        .count();
    assert_eq!(renamed_to_sky, 1, "the queued rename applied exactly once");
    let mut ids: Vec<_> = changes.iter().filter_map(|c| c.mutation_id).collect();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "no mutation applied twice");

    // Logging the tablet back in shows everything, and logging out revokes the phone's token.
    let tablet = open_app(&tablet_dir, &base, "Tablet");
    tablet.dispatch(Event::LogIn {
        email: "robin@example.org".into(),
        password,
    });
    let view = wait(&tablet, "tablet back", |v| {
        online(v)
            && v.account
                .as_ref()
                .is_some_and(|a| a.display_name == "Sky" && !a.settings.discreet_notifications)
    });
    assert_eq!(view.account.unwrap().email, "robin@example.org");
    let phone_token = token(&phone_dir);
    phone.dispatch(Event::LogOut);
    wait(&phone, "phone signed out", |v| {
        v.screen == Screen::SignedOut && v.account.is_none()
    });
    let deadline = std::time::Instant::now() + WAIT;
    while rt.block_on(server.get("/v1/me", Some(&phone_token))).status != StatusCode::UNAUTHORIZED {
        assert!(
            std::time::Instant::now() < deadline,
            "log-out revokes the token on the server"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
