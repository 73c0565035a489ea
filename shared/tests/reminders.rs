//! Crux app tests for reminders: the core recomputes the schedule after each kind of change and
//! hands the phone exactly one "replace the scheduled notifications" effect per change of the set
//! (none when nothing changed), with stable ids and discreet text unless the person opted in;
//! bad quiet hours and unknown time zones are refused and change nothing. The last test runs the
//! real runtime and reads what `DesktopPlatform` received.

use std::sync::Arc;
use std::time::Duration;

use crux_http::protocol::HttpResponse;
use domain::relationship::{
    Action, Actor, Agreement, Cadence, Relationship, RelationshipState, ResponseWindow, apply,
};
use domain::sessions::{self as domain_sessions, Recurrence, SessionAction, SessionFormat};
use domain::wire::v1::{
    Change, ChangeBody, ChangesPage, Counterpart, MutationBody, Profile, QuietHoursChange,
    RelationshipView, Settings,
};
use jiff::civil::datetime;
use shared::Event;
use shared::app::state::PersonalState;
use shared::effects::{NotificationChannel, ScheduledNotification, StoreResult};
use support::{Shell, http, me};
use uuid::Uuid;

mod support;

/// Monday 2 March 2026, 09:00 UTC (London is on GMT until 29 March).
const NOW_SECS: u64 = 1_772_442_000;
const NOW_MS: i64 = 1_772_442_000_000;
/// The match started on Friday 27 February 2026 at 10:00 UTC.
const T0_MS: i64 = 1_772_186_400_000;
const HOUR_MS: i64 = 3_600_000;
const RELATIONSHIP: u128 = 500;
const OTHER: u128 = 9;
const SERIES: u128 = 700;

fn relationship_view(my_role: Actor, active: bool) -> RelationshipView {
    let (mentee, mentor) = match my_role {
        Actor::Mentee => (me().user_id, Uuid::from_u128(OTHER)),
        _ => (Uuid::from_u128(OTHER), me().user_id),
    };
    let mut relationship = Relationship::request(
        Uuid::from_u128(RELATIONSHIP),
        Uuid::from_u128(2),
        mentee,
        mentor,
        Agreement::standard(1, Cadence::Weekly),
        ResponseWindow::default(),
        T0_MS,
    )
    .unwrap();
    if active {
        relationship = apply(&relationship, Actor::Mentor, &Action::Accept {}, T0_MS)
            .unwrap()
            .relationship;
        let ack = Action::AcknowledgeAgreement {
            agreement_version: 1,
        };
        for actor in [Actor::Mentee, Actor::Mentor] {
            relationship = apply(&relationship, actor, &ack, T0_MS)
                .unwrap()
                .relationship;
        }
        assert_eq!(relationship.state, RelationshipState::Active);
    }
    RelationshipView {
        relationship,
        my_role,
        counterpart: Counterpart {
            user_id: Uuid::from_u128(OTHER),
            display_name: "Sam".into(),
            mentor_profile: None,
            mentee_request: None,
        },
        closure_message: None,
    }
}

/// Restored with `views`, reminder-relevant `settings`, and the start-up clock answered: the
/// first set has been handed over (and is returned).
fn started(
    views: Vec<RelationshipView>,
    settings: Settings,
) -> (Shell, Vec<ScheduledNotification>) {
    let mut me = me();
    me.settings = settings;
    let mut state = PersonalState::new(me);
    state.relationships = views;
    let mut shell = Shell::restored(state);
    assert!(
        shell.replaced().is_empty(),
        "nothing is computed before the clock is read"
    );
    shell.reminders_clock(NOW_SECS);
    let mut sets = shell.replaced();
    assert_eq!(sets.len(), 1, "one replacement at start");
    let first = sets.remove(0);
    (shell, first)
}

fn prompting() -> Settings {
    Settings {
        checkin_prompt: true,
        ..Settings::default()
    }
}

fn ids(set: &[ScheduledNotification]) -> Vec<&str> {
    set.iter().map(|n| n.id.as_str()).collect()
}

fn with_prefix<'a>(set: &'a [ScheduledNotification], prefix: &str) -> Vec<&'a str> {
    ids(set)
        .into_iter()
        .filter(|id| id.starts_with(prefix))
        .collect()
}

/// Applies a pulled page (the first pull after start, or one asked for with "sync now"), then
/// answers the reminders' clock reading that follows.
fn pull(shell: &mut Shell, changes: Vec<ChangeBody>, clock_secs: u64) {
    let first = shell.take_http("GET", "/v1/sync/changes");
    let mut request = first.unwrap_or_else(|| {
        shell.send(Event::SyncNow);
        shell
            .take_http("GET", "/v1/sync/changes")
            .expect("sync now pulls")
    });
    let since = shell.model.cursor;
    let changes: Vec<Change> = changes
        .into_iter()
        .zip(since + 1..)
        .map(|(body, position)| Change {
            position,
            mutation_id: None,
            at_ms: NOW_MS,
            body,
        })
        .collect();
    let page = ChangesPage {
        cursor: changes.last().map_or(since, |c| c.position),
        changes,
        has_more: false,
    };
    shell.resolve(&mut request, http(HttpResponse::ok().json(&page).build()));
    while let Some(mut store) = shell.take_store() {
        shell.resolve(&mut store, StoreResult::Done);
    }
    shell.reminders_clock(clock_secs);
}

/// Tuesdays 18:00 London from 3 March 2026, proposed by the mentor, accepted by the mentee.
fn tuesdays() -> domain_sessions::SessionSeries {
    let proposed = domain_sessions::SessionSeries::propose(
        Uuid::from_u128(SERIES),
        Uuid::from_u128(RELATIONSHIP),
        Actor::Mentor,
        SessionFormat::InPerson {
            place: "Café on Mill Lane".into(),
        },
        "Europe/London",
        datetime(2026, 3, 3, 18, 0, 0, 0),
        60,
        Recurrence::Weekly,
    )
    .unwrap();
    domain_sessions::apply(&proposed, Actor::Mentee, &SessionAction::Accept {}, T0_MS).unwrap()
}

/// Lock-screen text (ids are never shown) names nobody and says neither where nor when.
fn assert_discreet(set: &[ScheduledNotification]) {
    for n in set {
        for text in [&n.title, &n.body] {
            for secret in ["Sam", "Ana", "Café", "Mill Lane", "18:00", "19:00"] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
    }
}

#[test]
fn a_check_in_recorded_moves_the_prompt_in_exactly_one_replacement() {
    let (mut shell, first) = started(vec![relationship_view(Actor::Mentee, true)], prompting());
    // Due every 3 days from the match's start (27 Feb), at 19:00 local: 2, 5, 8, 11, 14 March.
    assert_eq!(
        ids(&first),
        vec![
            "checkin:2026-03-02",
            "checkin:2026-03-05",
            "checkin:2026-03-08",
            "checkin:2026-03-11",
            "checkin:2026-03-14",
        ]
    );
    assert_eq!(first[0].fire_at_ms, NOW_MS + 10 * HOUR_MS);
    assert_eq!(first[0].channel, NotificationChannel::CheckIns);
    assert_discreet(&first);

    shell.send(Event::RecordCheckIn {
        mood: 4,
        note: Some("a good walk with Sam".into()),
        shared_with_mentor: false,
    });
    shell.stamp(NOW_SECS);
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1, "exactly one replacement");
    // Checked in this morning: tonight's prompt goes, the others keep their ids and times.
    assert_eq!(sets[0], first[1..]);
    assert!(
        shell
            .reminder_clock
            .iter()
            .all(|r| !matches!(r.operation, crux_time::TimeRequest::Now)),
        "the change was stamped by the clock already: no second reading"
    );

    // The server confirms it later: the set is the same, so nothing is handed over.
    let queued = shell.enqueued();
    assert_eq!(queued.len(), 1);
    pull(
        &mut shell,
        vec![ChangeBody::ProfileChanged {
            profile: Profile {
                display_name: "Ana".into(),
                locale: "en".into(),
            },
        }],
        NOW_SECS + 60,
    );
    assert!(shell.replaced().is_empty(), "nothing changed");
}

#[test]
fn quiet_hours_and_prompt_time_changes_apply_and_bad_values_are_refused() {
    let (mut shell, first) = started(vec![relationship_view(Actor::Mentee, true)], prompting());

    // Quiet 18:00–20:00: the 19:00 prompts wait until 20:00, with the same ids.
    shell.send(Event::ChangeReminderSettings {
        quiet_hours: Some(QuietHoursChange::Set {
            start_minute: 18 * 60,
            end_minute: 20 * 60,
        }),
        checkin_prompt: None,
        checkin_prompt_minute: None,
        discreet_notifications: None,
    });
    shell.stamp(NOW_SECS);
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1);
    assert_eq!(ids(&sets[0]), ids(&first));
    for (moved, before) in sets[0].iter().zip(&first) {
        assert_eq!(moved.fire_at_ms, before.fire_at_ms + HOUR_MS);
    }
    let queued = shell.enqueued();
    assert_eq!(
        queued[0].body,
        MutationBody::UpdateSettings {
            discreet_notifications: None,
            read_receipts: None,
            quiet_hours: Some(QuietHoursChange::Set {
                start_minute: 1080,
                end_minute: 1200
            }),
            checkin_prompt: None,
            checkin_prompt_minute: None,
        }
    );
    let view = shell.view().reminders;
    let quiet = view.quiet_hours.clone().unwrap();
    assert_eq!(quiet.label, "18:00–20:00");
    assert_eq!(
        (view.checkin_prompt, view.checkin_prompt_time.as_str()),
        (true, "19:00")
    );
    assert_eq!(view.time_zone, "UTC");
    assert!(view.pending);
    assert_eq!(view.next.len(), 5);
    assert_eq!(view.next[0].at.local, "2026-03-02T20:00");
    assert_eq!(view.next[0].body, sets[0][0].body);

    // Bad values: a clear notice, nothing queued, nothing handed over.
    for (quiet_hours, minute) in [
        (
            Some(QuietHoursChange::Set {
                start_minute: 1440,
                end_minute: 60,
            }),
            None,
        ),
        (None, Some(24 * 60)),
    ] {
        shell.send(Event::ChangeReminderSettings {
            quiet_hours,
            checkin_prompt: Some(false),
            checkin_prompt_minute: minute,
            discreet_notifications: None,
        });
        assert!(shell.take_time().is_none(), "refused before it is stamped");
        assert!(shell.view().notice.unwrap().contains("00:00 and 23:59"));
        assert!(shell.replaced().is_empty());
        assert_eq!(shell.view().reminders.quiet_hours, Some(quiet.clone()));
        assert!(shell.view().reminders.checkin_prompt);
    }

    // Prompt at 08:30 and quiet hours off: one replacement, same ids, new times.
    shell.send(Event::ChangeReminderSettings {
        quiet_hours: Some(QuietHoursChange::Off {}),
        checkin_prompt: None,
        checkin_prompt_minute: Some(8 * 60 + 30),
        discreet_notifications: None,
    });
    shell.stamp(NOW_SECS + 60);
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1);
    // 2 March 08:30 has passed: the first prompt is tomorrow morning (ids are local dates).
    assert_eq!(sets[0][0].id, "checkin:2026-03-03");
    assert_eq!(sets[0][0].fire_at_ms, NOW_MS + 23 * HOUR_MS + HOUR_MS / 2);
    assert!(shell.view().reminders.quiet_hours.is_none());

    // Turning the prompt off removes every prompt.
    shell.send(Event::ChangeReminderSettings {
        quiet_hours: None,
        checkin_prompt: Some(false),
        checkin_prompt_minute: None,
        discreet_notifications: None,
    });
    shell.stamp(NOW_SECS + 120);
    assert_eq!(shell.replaced(), vec![Vec::<ScheduledNotification>::new()]);
}

#[test]
fn names_appear_only_while_discreet_notifications_are_off() {
    let (mut shell, first) = started(
        vec![relationship_view(Actor::Mentor, true)],
        Settings::default(),
    );
    // The mentor: no contact since the match started 27 Feb 10:00 → 5 March 10:00.
    assert_eq!(
        ids(&first),
        vec![format!("no-contact:{}", Uuid::from_u128(RELATIONSHIP))]
    );
    assert_eq!(first[0].body, "It may be a good moment to get in touch");
    assert_eq!(first[0].channel, NotificationChannel::Contact);

    shell.send(Event::ChangeReminderSettings {
        quiet_hours: None,
        checkin_prompt: None,
        checkin_prompt_minute: None,
        discreet_notifications: Some(false),
    });
    shell.stamp(NOW_SECS);
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0][0].id, first[0].id);
    assert_eq!(sets[0][0].fire_at_ms, first[0].fire_at_ms);
    assert_eq!(sets[0][0].body, "No contact with Sam for 6 days");

    shell.send(Event::ChangeSettings {
        discreet_notifications: Some(true),
        read_receipts: None,
    });
    shell.stamp(NOW_SECS + 1);
    assert_eq!(shell.replaced(), vec![first]);
}

#[test]
fn a_request_arriving_adds_its_expiry_reminder_and_logging_out_clears_everything() {
    let (mut shell, first) = started(Vec::new(), Settings::default());
    assert!(first.is_empty());
    // A mentee asks this mentor; the response window ends 12 h + 1 day from now.
    let mut request = relationship_view(Actor::Mentor, false);
    request.relationship.requested_at = NOW_MS;
    request.relationship.respond_by = NOW_MS + 36 * HOUR_MS;
    pull(
        &mut shell,
        vec![ChangeBody::RelationshipChanged {
            view: Box::new(request),
        }],
        NOW_SECS,
    );
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1, "one replacement after the pull");
    assert_eq!(
        ids(&sets[0]),
        vec![format!(
            "request-expiring:{}",
            Uuid::from_u128(RELATIONSHIP)
        )]
    );
    assert_eq!(sets[0][0].fire_at_ms, NOW_MS + 24 * HOUR_MS);
    assert_eq!(sets[0][0].body, "Something is waiting for your answer");
    assert_eq!(sets[0][0].channel, NotificationChannel::Requests);

    // An hour later, the hourly recomputation: the same set, nothing handed over.
    shell.fire_reminders_timer();
    shell.reminders_clock(NOW_SECS + 3600);
    assert!(shell.replaced().is_empty());
    assert!(
        shell
            .reminder_clock
            .iter()
            .any(|r| matches!(r.operation, crux_time::TimeRequest::NotifyAfter { .. })),
        "the next hourly timer is set"
    );

    shell.send(Event::LogOut);
    assert_eq!(shell.replaced(), vec![Vec::<ScheduledNotification>::new()]);
}

#[test]
fn session_changes_update_their_reminders_and_leave_other_ids_alone() {
    let (mut shell, first) = started(vec![relationship_view(Actor::Mentee, true)], prompting());
    pull(
        &mut shell,
        vec![ChangeBody::SessionChanged {
            series: Box::new(tuesdays()),
        }],
        NOW_SECS,
    );
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1);
    let with_sessions = sets[0].clone();
    let series = Uuid::from_u128(SERIES);
    let sessions = with_prefix(&with_sessions, "session:");
    assert_eq!(
        sessions,
        vec![
            format!("session:{series}:2026-03-03T18:00:00:24h"),
            format!("session:{series}:2026-03-03T18:00:00:1h"),
            format!("session:{series}:2026-03-10T18:00:00:24h"),
            format!("session:{series}:2026-03-10T18:00:00:1h"),
        ]
    );
    // The check-in prompts are untouched by the new session.
    assert_eq!(with_prefix(&with_sessions, "checkin:"), ids(&first));
    assert_discreet(&with_sessions);
    let first_session = with_sessions
        .iter()
        .find(|n| n.id.starts_with("session:"))
        .unwrap();
    assert_eq!(first_session.fire_at_ms, NOW_MS + 9 * HOUR_MS);
    assert_eq!(first_session.channel, NotificationChannel::Sessions);

    // Calling off next Tuesday offline: one replacement, only its two reminders go.
    shell.send(Event::ActOnSession {
        series_id: series,
        action: SessionAction::CancelOccurrence {
            occurrence_key: datetime(2026, 3, 10, 18, 0, 0, 0),
            reason: "away".into(),
        },
    });
    shell.stamp(NOW_SECS + 60);
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1, "exactly one replacement: {sets:?}");
    let expected: Vec<&str> = ids(&with_sessions)
        .into_iter()
        .filter(|id| !id.contains("2026-03-10T18"))
        .collect();
    assert_eq!(ids(&sets[0]), expected);
}

#[test]
fn a_message_counts_as_contact_and_moves_only_the_no_contact_reminder() {
    let mut mentor = relationship_view(Actor::Mentor, true);
    mentor.relationship.id = Uuid::from_u128(RELATIONSHIP);
    let (mut shell, first) = started(vec![mentor], Settings::default());
    pull(
        &mut shell,
        vec![ChangeBody::SessionChanged {
            series: Box::new(tuesdays()),
        }],
        NOW_SECS,
    );
    let before = shell.replaced().pop().unwrap();
    assert_eq!(before.len(), 5);
    assert!(before.iter().any(|n| n.id == first[0].id));

    shell.send(Event::SendMessage {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        text: "How did Tuesday go?".into(),
    });
    shell.stamp(NOW_SECS);
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1);
    let after = &sets[0];
    assert_eq!(
        {
            let mut a = ids(after);
            a.sort_unstable();
            a
        },
        {
            let mut b = ids(&before);
            b.sort_unstable();
            b
        },
        "same ids"
    );
    for n in after {
        let old = before.iter().find(|b| b.id == n.id).unwrap();
        if n.id.starts_with("no-contact:") {
            // Six days after the message, not after the match started.
            assert_eq!(n.fire_at_ms, NOW_MS + 6 * 24 * HOUR_MS);
        } else {
            assert_eq!(n, old, "unrelated reminders are untouched");
        }
    }
}

#[test]
fn a_time_zone_change_moves_local_times_and_an_unknown_zone_is_refused() {
    let (mut shell, first) = started(vec![relationship_view(Actor::Mentee, true)], prompting());

    shell.send(Event::TimeZoneChanged {
        time_zone: "Mars/Olympus_Mons".into(),
    });
    assert!(shell.view().notice.unwrap().contains("time zone"));
    assert!(
        shell
            .reminder_clock
            .iter()
            .all(|r| r.operation != crux_time::TimeRequest::Now)
    );
    assert!(shell.replaced().is_empty());
    assert_eq!(shell.view().reminders.time_zone, "UTC");

    // New York (UTC−5 until 8 March, then −4): prompts at 19:00 New York time, ids by local date.
    shell.send(Event::TimeZoneChanged {
        time_zone: "America/New_York".into(),
    });
    shell.reminders_clock(NOW_SECS);
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1);
    assert_eq!(ids(&sets[0]), ids(&first));
    assert_eq!(sets[0][0].fire_at_ms, first[0].fire_at_ms + 5 * HOUR_MS);
    // 11 March: after New York's clocks went forward.
    assert_eq!(sets[0][3].fire_at_ms, first[3].fire_at_ms + 4 * HOUR_MS);
    assert_eq!(shell.view().reminders.time_zone, "America/New_York");
    assert_eq!(shell.view().reminders.next[0].at.local, "2026-03-02T19:00");

    // The same zone again changes nothing.
    shell.send(Event::TimeZoneChanged {
        time_zone: "America/New_York".into(),
    });
    assert!(
        shell
            .reminder_clock
            .iter()
            .all(|r| r.operation != crux_time::TimeRequest::Now)
    );
    assert!(shell.replaced().is_empty());
}

#[test]
fn starting_signed_out_clears_anything_left_scheduled() {
    let mut shell = Shell::started(shared::effects::LocalSnapshot::default(), None);
    assert_eq!(shell.replaced(), vec![Vec::<ScheduledNotification>::new()]);
}

/// The real runtime: a restored session with no server reachable (offline) computes the
/// schedule from the local store and hands it to `DesktopPlatform`; a zone change replaces it.
#[test]
fn the_runtime_hands_the_schedule_to_the_desktop_platform() {
    use shared::effects::{StoreOperation, StoredSession};
    use shared::runtime::{DesktopPlatform, LocalStore, Platform, Runtime, RuntimeConfig};

    let dir = tempfile::tempdir().unwrap();
    let now = jiff::Timestamp::now().as_millisecond();
    let mut view = relationship_view(Actor::Mentee, true);
    // Active since yesterday: the first prompt is due two days from now.
    view.relationship.requested_at = now - 24 * HOUR_MS;
    view.relationship.activated_at = Some(now - 24 * HOUR_MS);
    let mut me = me();
    me.settings = prompting();
    let mut state = PersonalState::new(me);
    state.relationships.push(view);
    {
        let mut store = LocalStore::open(&dir.path().join("beacon-local.sqlite")).unwrap();
        let begun = store.apply(StoreOperation::BeginSession {
            session: StoredSession {
                server_url: "http://127.0.0.1:9".into(),
                device_id: Uuid::from_u128(3),
            },
            confirmed: Box::new(state),
            program: None,
        });
        assert_eq!(begun, StoreResult::Done);
    }
    let platform = Arc::new(DesktopPlatform::new(dir.path()));
    platform.write_token("bcn_token").unwrap();
    let runtime = Runtime::start(
        RuntimeConfig {
            data_dir: dir.path().to_path_buf(),
            server_url: "http://127.0.0.1:9".into(),
            device_name: "Laptop".into(),
        },
        platform.clone(),
    )
    .unwrap();
    let ready = runtime.wait_for(Duration::from_secs(10), |view| {
        !view.reminders.next.is_empty()
    });
    assert!(
        ready.is_ok(),
        "the schedule reached the view: {:?} {:?} {:?}",
        runtime.view().screen,
        runtime.view().reminders,
        platform.scheduled_notifications()
    );
    // The platform hears it on the runtime's notification thread, a moment after the view.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while platform.notification_replacements() < 1 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let scheduled = platform.scheduled_notifications();
    // Every 3 days within the next 14, depending on the time of day: 4 or 5 prompts.
    assert!((4..=5).contains(&scheduled.len()), "{scheduled:?}");
    assert!(scheduled.iter().all(|n| n.id.starts_with("checkin:")));
    assert!(scheduled.iter().all(|n| n.fire_at_ms > now));
    assert_eq!(platform.notification_replacements(), 1, "once per change");

    runtime.dispatch(Event::TimeZoneChanged {
        time_zone: "Pacific/Kiritimati".into(),
    });
    runtime
        .wait_for(Duration::from_secs(10), |view| {
            view.reminders.time_zone == "Pacific/Kiritimati"
        })
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while platform.notification_replacements() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(platform.notification_replacements(), 2);
    let moved = platform.scheduled_notifications();
    assert!((4..=5).contains(&moved.len()), "{moved:?}");
    assert!(moved.iter().all(|n| n.id.starts_with("checkin:")));
    assert_ne!(
        moved, scheduled,
        "19:00 in Kiritimati (UTC+14) is another instant"
    );
}
