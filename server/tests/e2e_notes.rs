//! End to end for notes: the real server, the mentor's phone and tablet, and the mentee's phone.
//! A note written on the phone while the server is stopped appears on the tablet after both
//! sync, never on the mentee's phone; edits made on both devices while offline merge without
//! losing either side's text; only a shared summary (never the body) reaches the mentee, and
//! unsharing withdraws it.

mod support;

use shared::Event;
use shared::runtime::Runtime;
use shared::view::Connection;
use support::app::{matched_apps, online, open_app, wait};
use support::{Beacon, password};
use uuid::Uuid;

const BODY: &str = "Private: worried about the job interview";
const SUMMARY: &str = "Next time: practise the interview together";

fn editor_text(view: &shared::ViewModel) -> Option<String> {
    view.notes.editor.as_ref().map(|e| e.text.clone())
}

fn stop(server: &mut Beacon, apps: &[&Runtime]) {
    assert!(server.sigterm().success());
    for app in apps {
        wait(app, "offline", |v| v.sync.connection == Connection::Offline);
    }
}

/// Types `before` in front of `base` and `after` behind it, a few characters at a time, the way
/// an editor sends its whole text as the person types.
fn type_around(app: &Runtime, note_id: Uuid, before: &str, base: &str, after: &str) {
    let steps = |text: &str| {
        (1..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .step_by(5)
            .chain([text.len()])
            .collect::<Vec<_>>()
    };
    for end in steps(before) {
        app.dispatch(Event::EditNote {
            note_id,
            text: format!("{}{base}", &before[..end]),
        });
    }
    for end in steps(after) {
        app.dispatch(Event::EditNote {
            note_id,
            text: format!("{before}{base}{}", &after[..end]),
        });
    }
    let full = format!("{before}{base}{after}");
    wait(app, "typed", |v| {
        editor_text(v).as_deref() == Some(full.as_str())
    });
}

#[test]
fn a_note_written_offline_reaches_only_the_authors_other_device_and_merges() {
    let (mut server, program_id) = Beacon::started_with_program();
    let base = server.base().to_owned();
    let dirs = tempfile::tempdir().unwrap();
    let matched = matched_apps(&server, program_id, dirs.path(), "notes");
    let (mentee, phone, relationship_id) =
        (matched.mentee, matched.mentor, matched.relationship_id);
    let tablet = open_app(&dirs.path().join("notes-tablet"), &base, "Mentor tablet");
    tablet.dispatch(Event::LogIn {
        email: "mentor-notes@example.org".into(),
        password: password("mentor"),
    });
    wait(&tablet, "tablet signed in", online);
    for app in [&phone, &tablet, &mentee] {
        app.dispatch(Event::OpenNotes);
    }

    // Written on the phone with the server stopped: saved locally, queued.
    stop(&mut server, &[&phone, &tablet, &mentee]);
    phone.dispatch(Event::NewNote {
        relationship_id: Some(relationship_id),
        session_series_id: None,
        occurrence_key: None,
    });
    let note_id = wait(&phone, "editor open", |v| v.notes.editor.is_some())
        .notes
        .editor
        .unwrap()
        .note_id;
    type_around(&phone, note_id, "", "", BODY);
    phone.dispatch(Event::EditNoteSummary {
        note_id,
        text: SUMMARY.into(),
    });
    let view = wait(&phone, "queued offline", |v| {
        v.notes.list.first().is_some_and(|n| n.pending_sync)
            && v.notes
                .editor
                .as_ref()
                .is_some_and(|e| e.summary == SUMMARY)
    });
    assert_eq!(view.notes.list[0].title, BODY);
    assert!(
        view.sync.pending_changes <= 2,
        "one merged edit, not one per keystroke: {}",
        view.sync.pending_changes
    );

    // Both sync: the tablet gets it; the mentee never does.
    server.start_at(base.trim_start_matches("http://"));
    wait(&phone, "pushed", |v| {
        online(v) && v.sync.pending_changes == 0 && v.notes.list.iter().all(|n| !n.pending_sync)
    });
    let view = wait(&tablet, "note on the tablet", |v| {
        v.notes.list.iter().any(|n| n.note_id == note_id)
    });
    assert_eq!(view.notes.list[0].title, BODY);
    tablet.dispatch(Event::OpenNote { note_id });
    let view = wait(&tablet, "opened on the tablet", |v| {
        editor_text(v).as_deref() == Some(BODY)
    });
    assert_eq!(view.notes.editor.unwrap().summary, SUMMARY);
    mentee.dispatch(Event::SyncNow);
    let view = wait(&mentee, "mentee synced", |v| online(v) && !v.sync.syncing);
    assert!(view.notes.list.is_empty() && view.notes.shared_with_me.is_empty());
    assert!(!serde_json::to_string(&view).unwrap().contains("interview"));

    // Both of the author's devices edit offline; the texts merge with neither side lost.
    stop(&mut server, &[&phone, &tablet]);
    type_around(&phone, note_id, "Monday. ", BODY, "");
    type_around(&tablet, note_id, "", BODY, " (went well)");
    server.start_at(base.trim_start_matches("http://"));
    let merged = format!("Monday. {BODY} (went well)");
    for app in [&phone, &tablet] {
        wait(app, "merged on both devices", |v| {
            editor_text(v).as_deref() == Some(merged.as_str())
        });
    }

    // Only when shared does the summary — never the body — reach the mentee; unsharing withdraws it.
    phone.dispatch(Event::ShareNoteSummary {
        note_id,
        shared: true,
    });
    let view = wait(&mentee, "summary shared", |v| {
        v.notes.shared_with_me.iter().any(|s| s.note_id == note_id)
    });
    let card = &view.notes.shared_with_me[0];
    assert_eq!(
        (card.summary.as_str(), card.author_name.as_str()),
        (SUMMARY, "mentor")
    );
    assert!(view.notes.list.is_empty());
    assert!(!serde_json::to_string(&view).unwrap().contains("worried"));
    phone.dispatch(Event::ShareNoteSummary {
        note_id,
        shared: false,
    });
    wait(&mentee, "summary withdrawn", |v| {
        v.notes.shared_with_me.is_empty()
    });

    // Deletion syncs to the other device.
    phone.dispatch(Event::DeleteNote { note_id });
    wait(&tablet, "deleted on the tablet", |v| {
        v.notes.editor.is_none() && v.notes.list.is_empty()
    });
}
