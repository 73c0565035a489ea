//! Both roles through the terminal shell's app layer, with key presses against the real core,
//! runtime and server process: a mentee signs up, says what they look for, reads the ranked
//! mentor card and its explanation, and asks; the mentor accepts; both agree; the mentor proposes
//! sessions, the mentee accepts and sees them in their own zone; the mentee checks in, writes a
//! note (sharing its summary) and turns on discreet notifications. Each step is checked on the
//! drawn screen, on the view, and — where it proves the effect — on the server over HTTP.
//!
//! Only setting up the approved mentor (apply, coordinator approves) goes over HTTP; that flow is
//! the desk's, not this test's point.

mod support;

use domain::relationship::RelationshipState;
use domain::sessions::SeriesState;
use domain::wire::v1::{ChangeBody, Me};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shared::Event;
use shared::view::Screen;
use support::{Server, Shell, password};

const MENTOR_ZONE: &str = "Europe/London";
const MENTEE_ZONE: &str = "Europe/Madrid";

/// Tomorrow's date in `zone`, and that day at 18:00 there shown in `shown_in` the way the core
/// labels session times ("Thu 26 Nov, 19:00").
fn tomorrow_at_six(zone: &str, shown_in: &str) -> (String, String) {
    let tz = |name| jiff::tz::TimeZone::get(name).unwrap();
    let tomorrow = tz(zone)
        .to_datetime(jiff::Timestamp::now())
        .date()
        .tomorrow()
        .unwrap();
    let start = tz(zone).to_timestamp(tomorrow.at(18, 0, 0, 0)).unwrap();
    let shown = tz(shown_in)
        .to_datetime(start)
        .strftime("%a %-d %b, %H:%M")
        .to_string();
    (format!("{tomorrow}T18:00"), shown)
}

/// Signs in through the sign-in form.
fn sign_in(shell: &mut Shell, email: &str, secret: &str) {
    shell.wait("signed out", |v| v.screen == Screen::SignedOut);
    shell.type_text(email);
    shell.key(KeyCode::Tab);
    shell.type_text(secret);
    shell.key(KeyCode::Enter);
    shell.wait("signed in", |v| v.screen == Screen::SignedIn);
}

#[test]
#[allow(clippy::too_many_lines)] // one story, told in order
fn a_mentee_and_a_mentor_go_from_sign_up_to_sessions_check_ins_and_notes_with_keys() {
    let server = Server::start();
    let mentor_account = server.approved_mentor("robin@example.org", "Robin");

    // ---- The mentee signs up through the sign-up form. ----
    let mut mentee = Shell::start(&server.base, &server.dir.path().join("tui-alex"));
    mentee.wait("signed out", |v| v.screen == Screen::SignedOut);
    mentee.ctrl('t');
    let screen = mentee.screen();
    assert!(
        screen.contains("Sign up") && screen.contains("Program ID"),
        "{screen}"
    );
    // Not a program ID: the form says so, nothing is sent.
    mentee.type_text("harbour-trust");
    mentee.key(KeyCode::Enter);
    mentee.wait_screen("The program ID is the long code");
    assert_eq!(mentee.view().screen, Screen::SignedOut);
    mentee.replace_text(&server.program_id.to_string());
    // Leaving the field fetches the program: its crisis lines are one key away, signed out and
    // in the middle of a form too (Ctrl+G is not typed into the field).
    mentee.key(KeyCode::Tab);
    mentee.wait("program loaded", |v| !v.crisis_resources.is_empty());
    mentee.check_crisis_help(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL));
    mentee.type_text("alex@example.org");
    mentee.key(KeyCode::Tab);
    let secret = password("Alex");
    mentee.type_text(&secret);
    mentee.key(KeyCode::Tab);
    mentee.type_text("Alex");
    mentee.key(KeyCode::Tab);
    mentee.type_text("en-GB");
    let screen = mentee.screen();
    assert!(
        !screen.contains(&secret),
        "the password is drawn:\n{screen}"
    );
    mentee.key(KeyCode::Enter);
    let view = mentee.wait("signed up", |v| v.screen == Screen::SignedIn);
    let alex = view.account.expect("account");
    assert_eq!(alex.display_name, "Alex");
    // The device's zone, as `beacon-tui` tells the core at start (`app::startup_events`).
    mentee.runtime.dispatch(Event::TimeZoneChanged {
        time_zone: MENTEE_ZONE.to_owned(),
    });
    // The account exists on the server, with the password typed.
    let alex_http = server.log_in("alex@example.org", &secret);
    assert_eq!(alex_http.me.user_id, alex.user_id);
    mentee.wait_screen("Alex (mentee)");

    // ---- What they look for: the request form. ----
    mentee.key(KeyCode::Char('2'));
    mentee.wait_screen("Tell us what you're looking for");
    mentee.key(KeyCode::Char('e'));
    mentee.wait_screen("What you're looking for");
    mentee.type_text("anxiety");
    mentee.key(KeyCode::Tab);
    mentee.type_text("get back to work without panic");
    mentee.key(KeyCode::Tab);
    mentee.type_text("work");
    mentee.key(KeyCode::Tab);
    mentee.type_text("es");
    mentee.key(KeyCode::Tab);
    mentee.type_text("video");
    mentee.key(KeyCode::Tab);
    // Unreadable availability: the form explains, nothing is sent.
    mentee.type_text("evenings");
    mentee.key(KeyCode::Enter);
    mentee.wait_screen("write it like");
    assert!(mentee.view().mentoring.request.is_none());
    mentee.replace_text("mon-fri 18:00-22:00");
    mentee.key(KeyCode::Tab);
    mentee.replace_text(MENTEE_ZONE);
    mentee.key(KeyCode::Enter);
    assert!(!mentee.app.editing, "the form closes once it is sent");
    mentee.wait("request stored", |v| {
        v.mentoring
            .request
            .as_ref()
            .is_some_and(|r| r.goals == "get back to work without panic")
            && v.sync.pending_changes == 0
    });
    mentee.key(KeyCode::Char('l'));
    let view = mentee.wait("mentors proposed", |v| {
        !v.mentoring.proposals_loading && !v.mentoring.proposals.is_empty()
    });
    let card = &view.mentoring.proposals[0];
    assert_eq!(card.mentor_id, mentor_account.me.user_id);
    assert!(!card.explanation.is_empty());
    let screen = mentee.wait_screen("1. Robin · en-GB, es");
    let why: String = card.explanation.chars().take(60).collect();
    assert!(screen.contains(&format!("Why: {why}")), "{screen}");
    assert!(screen.contains("I lived with anxiety"), "{screen}");
    // References are for the coordinator only.
    assert!(!screen.contains("ref@example.net"), "{screen}");

    // ---- Ask Robin. ----
    mentee.key(KeyCode::Enter);
    let view = mentee.wait("requested", |v| {
        v.mentoring
            .relationships
            .iter()
            .any(|r| r.state == RelationshipState::Requested && !r.pending)
    });
    let relationship_id = view.mentoring.relationships[0].relationship_id;
    mentee.key(KeyCode::Char('1'));
    let screen = mentee.wait_screen("Robin · requested");
    assert!(screen.contains("w withdraw"), "{screen}");
    assert!(
        !screen.contains("a accept"),
        "a mentee cannot accept:\n{screen}"
    );

    // ---- The mentor signs in and accepts with keys. ----
    let mut mentor = Shell::start(&server.base, &server.dir.path().join("tui-robin"));
    sign_in(&mut mentor, "robin@example.org", &password("Robin"));
    mentor.runtime.dispatch(Event::TimeZoneChanged {
        time_zone: MENTOR_ZONE.to_owned(),
    });
    mentor.wait("the request arrives", |v| {
        v.mentoring
            .relationships
            .iter()
            .any(|r| r.relationship_id == relationship_id)
    });
    let screen = mentor.wait_screen("Alex · requested");
    assert!(
        screen.contains("a accept") && screen.contains("Goals: get back to work without panic"),
        "{screen}"
    );
    mentor.key(KeyCode::Char('a'));
    mentor.wait("accepted", |v| {
        v.mentoring.relationships[0].state == RelationshipState::Accepted
            && !v.mentoring.relationships[0].pending
    });
    mentor.wait_screen("g agree");

    // ---- Both agree. ----
    mentor.key(KeyCode::Char('g'));
    mentee.wait("accepted on the mentee's side", |v| {
        v.mentoring.relationships[0].state == RelationshipState::Accepted
    });
    mentee.wait_screen("g agree");
    mentee.key(KeyCode::Char('g'));
    for shell in [&mut mentee, &mut mentor] {
        shell.wait("active", |v| {
            v.mentoring.relationships[0].state == RelationshipState::Active
                && v.sync.pending_changes == 0
        });
        shell.wait_screen("· active");
    }

    // ---- The mentor proposes weekly sessions, 18:00 London from tomorrow. ----
    let (start, mentee_label) = tomorrow_at_six(MENTOR_ZONE, MENTEE_ZONE);
    let (_, mentor_label) = tomorrow_at_six(MENTOR_ZONE, MENTOR_ZONE);
    mentor.key(KeyCode::Char('5'));
    mentor.wait_screen("No sessions in the next two weeks");
    mentor.key(KeyCode::Char('n'));
    let screen = mentor.wait_screen("Propose sessions");
    assert!(
        screen.contains(&format!("With Alex; times in {MENTOR_ZONE}")),
        "{screen}"
    );
    mentor.type_text(&start);
    mentor.key(KeyCode::Tab);
    mentor.replace_text("45");
    mentor.key(KeyCode::Tab); // weekly, as filled in
    mentor.key(KeyCode::Tab);
    mentor.type_text("carrier pigeon");
    mentor.key(KeyCode::Enter);
    mentor.wait_screen("Where: video and a link");
    assert!(mentor.view().sessions.upcoming.is_empty());
    mentor.replace_text("video https://meet.example.org/robin-alex");
    mentor.key(KeyCode::Enter);
    mentor.wait("proposed", |v| {
        v.sessions
            .upcoming
            .first()
            .is_some_and(|s| s.series_state == SeriesState::Proposed && !s.pending)
    });
    let screen = mentor.wait_screen(&format!("{mentor_label}–18:45 · with Alex"));
    assert!(screen.contains("(proposed)"), "{screen}");

    // ---- The mentee accepts, and sees them in Madrid time. ----
    mentee.key(KeyCode::Char('5'));
    mentee.wait("proposal arrives", |v| {
        !v.sessions.awaiting_my_acceptance.is_empty()
    });
    let screen = mentee.wait_screen("Robin proposes");
    assert!(screen.contains("Waiting for you"), "{screen}");
    mentee.key(KeyCode::Char('a'));
    let view = mentee.wait("accepted", |v| {
        v.sessions.awaiting_my_acceptance.is_empty()
            && v.sessions
                .upcoming
                .first()
                .is_some_and(|s| s.series_state == SeriesState::Accepted && !s.pending)
    });
    assert_eq!(view.sessions.time_zone, MENTEE_ZONE);
    let screen = mentee.wait_screen(&format!("{mentee_label}–19:45 · with Robin"));
    assert!(
        screen.contains(&format!("Upcoming (times in {MENTEE_ZONE})")),
        "{screen}"
    );
    assert!(!screen.contains("(proposed)"), "{screen}");
    // The server holds it as agreed, for the organiser too.
    let robin_changes = server.changes(&mentor_account.token);
    assert!(
        robin_changes.iter().any(|c| matches!(
            c,
            ChangeBody::SessionChanged { series }
                if series.relationship_id == relationship_id && series.state == SeriesState::Accepted
        )),
        "{robin_changes:?}"
    );
    mentor.wait("agreed on the mentor's side", |v| {
        v.sessions
            .upcoming
            .first()
            .is_some_and(|s| s.series_state == SeriesState::Accepted)
    });

    // Enter opens the series: organised by Robin in London, shown to Alex in Madrid.
    mentee.key(KeyCode::Enter);
    mentee.wait("series open", |v| v.sessions.detail.is_some());
    let screen = mentee.wait_screen("Sessions with Robin");
    assert!(
        screen.contains(&format!(
            "Organised by Robin · their times are in {MENTOR_ZONE}"
        )) && screen.contains(&format!("{mentee_label}–19:45 · scheduled")),
        "{screen}"
    );
    assert!(!screen.contains("a accept"), "already accepted:\n{screen}");

    // ---- The mentee checks in (leaving the open series closes it). ----
    mentee.key(KeyCode::Char('7'));
    mentee.wait("series closed", |v| v.sessions.detail.is_none());
    mentee.wait_screen("No check-ins yet.");
    mentee.key(KeyCode::Enter);
    mentee.type_text("great");
    mentee.key(KeyCode::Enter);
    mentee.wait_screen("Mood is a number from 1 to 5.");
    assert!(mentee.view().checkins.mine.is_empty());
    mentee.replace_text("4");
    mentee.key(KeyCode::Tab);
    mentee.type_text("calmer this week");
    mentee.key(KeyCode::Enter);
    mentee.wait("checked in", |v| {
        v.checkins.mine.len() == 1 && !v.checkins.mine[0].pending
    });
    let screen = mentee.wait_screen("mood 4/5 · calmer this week · shared with your mentor");
    assert!(!screen.contains("waiting to send"), "{screen}");
    // Shared: the mentor sees the mood (the trend), on the server and in their shell.
    mentor.key(KeyCode::Char('7'));
    mentor.wait("trend", |v| {
        v.checkins
            .shared_trend_for_mentor
            .iter()
            .any(|t| t.recent_moods == [4])
    });
    mentor.wait_screen("Alex: 4");

    // ---- The mentee writes a note about the match and shares its summary. ----
    mentee.key(KeyCode::Char('6'));
    mentee.wait_screen("No notes yet.");
    mentee.key(KeyCode::Char('n'));
    mentee.wait("note open", |v| {
        v.notes.editor.as_ref().is_some_and(|e| !e.loading)
    });
    let title = "Interview went better than I feared.";
    mentee.type_text(title);
    mentee.key(KeyCode::Enter); // a new line, not "send"
    mentee.type_text("Next: ask about part-time hours.");
    mentee.wait_screen("Next: ask about part-time hours.");
    mentee.key(KeyCode::Tab);
    mentee.type_text("Feeling ready for work");
    mentee.ctrl('s');
    mentee.wait("summary shared", |v| {
        v.notes.editor.as_ref().is_some_and(|e| e.summary_shared)
    });
    mentee.key(KeyCode::Esc);
    let view = mentee.wait("note saved", |v| {
        v.notes.editor.is_none()
            && v.notes.list.len() == 1
            && !v.notes.list[0].pending_sync
            && v.notes.list[0].title == title
    });
    assert_eq!(view.notes.list[0].relationship_id, Some(relationship_id));
    mentee.wait_screen(&format!(
        "{title} · Next: ask about part-time hours. · summary shared"
    ));
    // Robin writes to Alex, then goes straight from the open conversation to Notes, where he
    // reads the summary, never the note.
    mentor.open_conversation(relationship_id);
    mentor.type_text("See you tomorrow at six.");
    mentor.key(KeyCode::Enter);
    mentor.wait("sent", |v| {
        v.messaging.open.as_ref().is_some_and(|o| {
            o.messages
                .iter()
                .any(|m| m.mine && m.text == "See you tomorrow at six." && m.seq.is_some())
        })
    });
    let received = server.messages(&alex_http.token);
    assert_eq!(
        received,
        [(
            mentor_account.me.user_id,
            "See you tomorrow at six.".to_owned()
        )]
    );
    mentor.key(KeyCode::Esc); // stop typing; the conversation stays open
    assert!(mentor.app.conversation.is_some());
    mentor.key(KeyCode::Char('6'));
    mentor.wait("conversation closed", |v| v.messaging.open.is_none());
    mentor.wait("summary arrives", |v| {
        v.notes
            .shared_with_me
            .iter()
            .any(|s| s.summary == "Feeling ready for work")
    });
    let screen = mentor.wait_screen("Feeling ready for work");
    assert!(!screen.contains("Interview went better"), "{screen}");

    // ---- Settings: discreet notifications (on by default), off and on again. ----
    mentee.key(KeyCode::Char('8'));
    let screen = mentee.wait_screen("Discreet notifications: on");
    assert!(screen.contains("Read receipts: on"), "{screen}");
    mentee.wait_screen("Terminal (this device)");
    mentee.check_crisis_help(KeyEvent::from(KeyCode::F(1)));
    for discreet in [false, true] {
        mentee.key(KeyCode::Char('d'));
        mentee.wait("discreet toggled and sent", |v| {
            v.account
                .as_ref()
                .is_some_and(|a| a.settings.discreet_notifications == discreet)
                && v.sync.pending_changes == 0
        });
        mentee.wait_screen(&format!(
            "Discreet notifications: {}",
            if discreet { "on" } else { "off" }
        ));
        let me: Me = server.get("/v1/me", &alex_http.token);
        assert_eq!(me.settings.discreet_notifications, discreet);
        assert!(me.settings.read_receipts, "only the one setting changed");
    }
}
