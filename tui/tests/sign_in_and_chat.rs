//! The terminal shell end to end, driven through its app layer with key presses against the real
//! core, runtime and server process: sign in, open the conversation, write, and see it arrive.

mod support;

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use shared::view::{Connection, Screen};
use support::{Server, Shell, password};

#[test]
fn a_mentor_signs_in_with_keys_and_chats_with_their_mentee() {
    let server = Server::start();
    let (mentor, mentee, relationship_id) = server.accepted_pair("robin@example.org");
    let data_dir = server.dir.path().join("tui-robin");
    let mut shell = Shell::start(&server.base, &data_dir);
    shell.wait("signed out", |v| v.screen == Screen::SignedOut);
    let screen = shell.screen();
    assert!(screen.contains("Sign in"), "{screen}");
    assert!(
        screen.contains("F1/Ctrl+G crisis help"),
        "footer offers crisis help:\n{screen}"
    );

    // A wrong password first: the core refuses, the screen says so, nothing is signed in.
    shell.type_text("robin@example.org");
    shell.key(KeyCode::Tab);
    shell.type_text("not-the-right-password-1");
    shell.key(KeyCode::Enter);
    let view = shell.wait("refused", |v| v.notice.is_some() && !v.busy);
    assert_eq!(view.screen, Screen::SignedOut);
    shell.wait_screen(view.notice.as_deref().unwrap());

    // The right one: typed as dots, never drawn.
    let secret = password("Robin");
    shell.type_text(&secret);
    let screen = shell.screen();
    assert!(
        !screen.contains(&secret),
        "the password is drawn:\n{screen}"
    );
    assert!(
        screen.contains(&"•".repeat(secret.chars().count())),
        "{screen}"
    );
    shell.key(KeyCode::Enter);
    let view = shell.wait("signed in and online", |v| {
        v.screen == Screen::SignedIn
            && v.sync.connection == Connection::Online
            && v.messaging
                .conversations
                .iter()
                .any(|c| c.relationship_id == relationship_id)
    });
    assert_eq!(view.account.unwrap().user_id, mentor.me.user_id);
    let screen = shell.wait_screen("Alex · accepted");
    assert!(
        screen.contains("a accept") || screen.contains("g agree"),
        "{screen}"
    );
    assert!(!screen.contains(&mentor.token), "a token on screen");

    // The token is kept in a file only this user can read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(data_dir.join("session-token"))
            .expect("token file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Crisis help is one key away from here too, and closes again.
    shell.check_crisis_help(KeyEvent::from(KeyCode::F(1)));

    // Chat: the tab, the conversation, a message, Enter.
    shell.open_conversation(relationship_id);
    let text = "Hello Alex, glad to be your mentor. Shall we talk on Tuesday?";
    shell.type_text(text);
    assert!(shell.screen().contains("Hello Alex, glad"), "typing shows");
    shell.key(KeyCode::Enter);
    shell.wait("sent", |v| {
        v.sync.pending_changes == 0
            && v.messaging.open.as_ref().is_some_and(|o| {
                o.messages
                    .iter()
                    .any(|m| m.mine && m.text == text && m.seq.is_some())
            })
    });
    let screen = shell.wait_screen(text);
    assert!(screen.contains("You"), "{screen}");
    assert!(!screen.contains("waiting to send"), "{screen}");

    // It reached the mentee, exactly once.
    let received = server.messages(&mentee.token);
    assert_eq!(
        received
            .iter()
            .filter(|(from, t)| *from == mentor.me.user_id && t == text)
            .count(),
        1,
        "{received:?}"
    );

    // The mentee answers (over HTTP); it appears in the open conversation without a key press.
    server.push(
        &mentee.token,
        domain::wire::v1::MutationBody::SendMessage {
            relationship_id,
            message_id: uuid::Uuid::now_v7(),
            text: "Tuesday works, thank you!".to_owned(),
        },
    );
    let screen = shell.wait_screen("Tuesday works, thank you!");
    assert!(screen.contains("Alex"), "{screen}");

    // Esc leaves the message box, Esc again closes the conversation.
    shell.key(KeyCode::Esc);
    shell.key(KeyCode::Esc);
    shell.wait("closed", |v| v.messaging.open.is_none());
    assert!(shell.app.conversation.is_none());
}
