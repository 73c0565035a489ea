//! A coordinator reads and resolves a mentor's concern on the terminal shell's Desk, with key
//! presses against the real core, runtime and server process. The mentor's concern is raised
//! over HTTP; everything the coordinator does goes through keys, and the server confirms it.

mod support;

use domain::wire::v1::{ConcernQueue, MutationBody};
use ratatui::crossterm::event::KeyCode;
use support::{Server, Shell, password};
use uuid::Uuid;

#[test]
fn a_coordinator_resolves_a_mentors_concern_from_the_desk_with_keys() {
    let server = Server::start();
    let (mentor, _mentee, relationship_id) = server.accepted_pair("robin@example.org");
    let concern_id = Uuid::now_v7();
    server.push(
        &mentor.token,
        MutationBody::RaiseConcern {
            relationship_id,
            concern_id,
            text: "Alex mentioned not sleeping for days".into(),
        },
    );

    let mut desk = Shell::start(&server.base, &server.dir.path().join("tui-sam"));
    desk.wait("signed out", |v| {
        v.screen == shared::view::Screen::SignedOut
    });
    desk.type_text(&server.coordinator_email);
    desk.key(KeyCode::Tab);
    desk.type_text(&password("coordinator"));
    desk.key(KeyCode::Enter);
    desk.wait("signed in as a coordinator", |v| v.coordinator.is_some());

    // The Desk tab (the last one) loads the concerns with the rest of the desk.
    desk.key(KeyCode::Char('9'));
    desk.wait("concerns loaded", |v| {
        v.coordinator
            .as_ref()
            .is_some_and(|d| !d.loading && d.open_concerns == 1)
    });
    let screen = desk.wait_screen("Concerns from mentors (1 open)");
    assert!(
        screen.contains("OPEN · Robin about Alex")
            && screen.contains("Alex mentioned not sleeping for days"),
        "{screen}"
    );
    assert!(screen.contains("j/k select · r resolve"), "{screen}");

    // r asks for an optional note; Esc leaves it unresolved.
    desk.key(KeyCode::Char('r'));
    desk.wait_screen("Resolve this concern");
    desk.key(KeyCode::Esc);
    assert!(desk.app.modal.is_none());
    assert_eq!(desk.view().coordinator.unwrap().open_concerns, 1);

    desk.key(KeyCode::Char('r'));
    desk.type_text("Called Robin, GP appointment booked");
    desk.key(KeyCode::Enter);
    let view = desk.wait("resolved", |v| {
        v.coordinator
            .as_ref()
            .is_some_and(|d| d.open_concerns == 0 && d.concerns[0].resolved)
    });
    assert_eq!(view.notice, None);
    let screen = desk.wait_screen("Concerns from mentors (0 open)");
    assert!(
        screen.contains("· note:") && screen.contains("Called Robin, GP appointment booked"),
        "{screen}"
    );

    // The server holds the resolution; resolving again is not offered.
    let coordinator = server.log_in(&server.coordinator_email, &password("coordinator"));
    let queue: ConcernQueue = server.get("/v1/coordinator/concerns", &coordinator.token);
    assert_eq!(queue.concerns[0].concern_id, concern_id);
    assert!(queue.concerns[0].resolved_at_ms.is_some());
    assert_eq!(
        queue.concerns[0].resolution_note.as_deref(),
        Some("Called Robin, GP appointment booked")
    );
    desk.key(KeyCode::Char('r'));
    assert!(desk.app.modal.is_none(), "a resolved concern has no prompt");
}
