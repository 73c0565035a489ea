//! Crux app tests for sessions: proposed offline and shown at once, accepted by the other person,
//! rescheduled, cancelled with a reason, marked held or missed; refusals explained offline with
//! nothing queued; and every time shown in each person's own zone across a daylight-saving change.

use crux_http::protocol::HttpResponse;
use domain::relationship::{
    Action, Actor, Agreement, Cadence, Relationship, ResponseWindow, apply,
};
use domain::sessions::{
    self, LocalDateTime, OccurrenceStatus, Recurrence, SeriesState, SessionAction, SessionFormat,
    SessionSeries,
};
use domain::wire::v1::{
    Change, ChangeBody, ChangesPage, Counterpart, MutationBody, RelationshipView,
};
use jiff::civil::datetime;
use shared::Event;
use shared::app::state::PersonalState;
use shared::effects::StoreResult;
use shared::view::sessions::AcceptanceBy;
use support::{Shell, http, me};
use uuid::Uuid;

mod support;

/// Monday 2 March 2026, 12:00 UTC: New York springs forward on 8 March, London on 29 March.
const NOW_SECS: u64 = 1_772_452_800;
const NOW_MS: i64 = 1_772_452_800_000;
/// Tuesday 3 March 2026, 18:30 UTC: half an hour into the first session.
const DURING_FIRST_SECS: u64 = 1_772_562_600;
const RELATIONSHIP: u128 = 500;
const SERIES: u128 = 600;
const OTHER: u128 = 9;
const LONDON: &str = "Europe/London";
const NEW_YORK: &str = "America/New_York";

fn relationship(my_role: Actor, paused: bool) -> RelationshipView {
    let t0 = NOW_MS - 30 * 86_400_000;
    let (mentee, mentor) = match my_role {
        Actor::Mentee => (me().user_id, Uuid::from_u128(OTHER)),
        _ => (Uuid::from_u128(OTHER), me().user_id),
    };
    let requested = Relationship::request(
        Uuid::from_u128(RELATIONSHIP),
        Uuid::from_u128(2),
        mentee,
        mentor,
        Agreement::standard(1, Cadence::Weekly),
        ResponseWindow::default(),
        t0,
    )
    .unwrap();
    let mut r = apply(&requested, Actor::Mentor, &Action::Accept {}, t0)
        .unwrap()
        .relationship;
    let ack = Action::AcknowledgeAgreement {
        agreement_version: 1,
    };
    for actor in [Actor::Mentee, Actor::Mentor] {
        r = apply(&r, actor, &ack, t0).unwrap().relationship;
    }
    if paused {
        r = apply(&r, Actor::Mentee, &Action::Pause { until: None }, t0)
            .unwrap()
            .relationship;
    }
    RelationshipView {
        relationship: r,
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

/// A person in `my_role` of an active match, whose device is in `zone`.
fn shell(my_role: Actor, zone: &str) -> Shell {
    shell_in(relationship(my_role, false), zone)
}

fn shell_in(view: RelationshipView, zone: &str) -> Shell {
    let mut state = PersonalState::new(me());
    state.relationships.push(view);
    let mut shell = Shell::restored(state);
    shell.send(Event::TimeZoneChanged {
        time_zone: zone.into(),
    });
    shell
}

/// Tuesdays 18:00 London from 3 March, organised by the mentor (the other person for a mentee).
fn london_tuesdays(organiser: Actor) -> SessionSeries {
    SessionSeries::propose(
        Uuid::from_u128(SERIES),
        Uuid::from_u128(RELATIONSHIP),
        organiser,
        SessionFormat::InPerson {
            place: "Café on Elm St".into(),
        },
        LONDON,
        datetime(2026, 3, 3, 18, 0, 0, 0),
        60,
        Recurrence::Weekly,
    )
    .unwrap()
}

fn accepted(organiser: Actor) -> SessionSeries {
    let other = if organiser == Actor::Mentor {
        Actor::Mentee
    } else {
        Actor::Mentor
    };
    sessions::apply(
        &london_tuesdays(organiser),
        other,
        &SessionAction::Accept {},
        NOW_MS,
    )
    .unwrap()
}

/// Answers the start-up pull with these series, as of now.
fn pull(shell: &mut Shell, series: Vec<SessionSeries>) {
    let mut request = shell
        .take_http("GET", "/v1/sync/changes")
        .expect("start-up pull");
    let changes: Vec<Change> = series
        .into_iter()
        .zip(1..)
        .map(|(series, position)| Change {
            position,
            mutation_id: None,
            at_ms: NOW_MS,
            body: ChangeBody::SessionChanged {
                series: Box::new(series),
            },
        })
        .collect();
    let page = ChangesPage {
        cursor: changes.last().map_or(0, |c| c.position),
        changes,
        has_more: false,
    };
    shell.resolve(&mut request, http(HttpResponse::ok().json(&page).build()));
    let mut commit = shell.take_store().expect("commit");
    shell.resolve(&mut commit, StoreResult::Done);
}

fn act(shell: &mut Shell, action: SessionAction, at_secs: u64) -> Vec<MutationBody> {
    shell.send(Event::ActOnSession {
        series_id: Uuid::from_u128(SERIES),
        action,
    });
    shell.stamp(at_secs);
    shell.enqueued().into_iter().map(|m| m.body).collect()
}

fn key(day: i8, hour: i8) -> LocalDateTime {
    datetime(2026, 3, day, hour, 0, 0, 0)
}

fn upcoming_local(shell: &Shell) -> Vec<String> {
    shell
        .view()
        .sessions
        .upcoming
        .iter()
        .map(|u| u.starts.local.clone())
        .collect()
}

fn propose_event(format: SessionFormat, start: &str, time_zone: Option<&str>) -> Event {
    Event::ProposeSession {
        relationship_id: Uuid::from_u128(RELATIONSHIP),
        format,
        start: start.into(),
        time_zone: time_zone.map(str::to_owned),
        duration_minutes: 60,
        recurrence: Recurrence::Weekly,
    }
}

fn video() -> SessionFormat {
    SessionFormat::Video {
        link: "https://meet.example/abc".into(),
    }
}

#[test]
fn a_proposal_made_offline_is_queued_in_the_organisers_zone_and_shown_at_once() {
    let mut shell = shell(Actor::Mentor, LONDON);
    shell.send(propose_event(video(), "2026-03-03T18:00", None));
    shell.stamp(NOW_SECS);
    let queued = shell.enqueued();
    assert_eq!(queued.len(), 1);
    let MutationBody::ProposeSession {
        series_id,
        relationship_id,
        time_zone,
        start,
        ..
    } = queued[0].body.clone()
    else {
        panic!("a proposal")
    };
    assert_eq!(series_id.get_version_num(), 7, "minted when stamped");
    assert_ne!(series_id, queued[0].mutation_id);
    assert_eq!(relationship_id, Uuid::from_u128(RELATIONSHIP));
    assert_eq!(time_zone, LONDON, "the device's zone when none is given");
    assert_eq!(start, key(3, 18));

    let view = shell.view();
    assert_eq!(view.sync.pending_changes, 1);
    assert_eq!(view.sessions.time_zone, LONDON);
    let upcoming = &view.sessions.upcoming;
    assert_eq!(
        upcoming_local(&shell),
        ["2026-03-03T18:00", "2026-03-10T18:00"],
        "the next 14 days"
    );
    assert!(upcoming.iter().all(|u| u.pending
        && u.series_state == SeriesState::Proposed
        && u.with_name == "Sam"
        && u.format == "Video call"
        && u.status == OccurrenceStatus::Scheduled));
    assert_eq!(upcoming[0].starts.label, "Tue 3 Mar, 18:00");
    assert_eq!(upcoming[0].occurrence_key, "2026-03-03T18:00:00");
    assert!(
        view.sessions.awaiting_my_acceptance.is_empty(),
        "the organiser does not accept their own proposal"
    );

    shell.send(Event::OpenSession {
        series_id,
        occurrence_key: None,
    });
    let detail = shell.view().sessions.detail.expect("open");
    assert!(detail.i_organised && detail.pending);
    assert_eq!(
        detail.awaiting_acceptance_by,
        Some(AcceptanceBy::OtherPerson)
    );
    assert!(!detail.can_accept);
    assert!(detail.can_cancel_series);
    assert_eq!(detail.schedule, "Every week, 60 minutes");
    assert_eq!(detail.organiser_time_zone, LONDON);

    // Accepting one's own proposal is refused on the device, with the domain's reason.
    shell.send(Event::ActOnSession {
        series_id,
        action: SessionAction::Accept {},
    });
    shell.stamp(NOW_SECS + 1);
    assert!(shell.enqueued().is_empty());
    let view = shell.view();
    assert_eq!(
        view.notice.as_deref(),
        Some("Only the person who was invited can accept a session.")
    );
    assert_eq!(view.sync.pending_changes, 1);
    shell.send(Event::CloseSession);
    assert!(shell.view().sessions.detail.is_none());
}

#[test]
fn the_invited_person_sees_the_proposal_in_their_own_zone_and_accepts_it() {
    let mut shell = shell(Actor::Mentee, NEW_YORK);
    pull(&mut shell, vec![london_tuesdays(Actor::Mentor)]);
    let view = shell.view();
    let proposals = &view.sessions.awaiting_my_acceptance;
    assert_eq!(proposals.len(), 1);
    assert_eq!(proposals[0].with_name, "Sam");
    assert_eq!(proposals[0].format, "In person at Café on Elm St");
    assert_eq!(
        proposals[0].first.as_ref().unwrap().label,
        "Tue 3 Mar, 13:00"
    );
    assert!(!proposals[0].pending);

    shell.send(Event::OpenSession {
        series_id: Uuid::from_u128(SERIES),
        occurrence_key: Some("2026-03-03T18:00:00".into()),
    });
    let detail = shell.view().sessions.detail.unwrap();
    assert_eq!(detail.awaiting_acceptance_by, Some(AcceptanceBy::Me));
    assert!(detail.can_accept && !detail.i_organised);
    assert_eq!(detail.selected.as_deref(), Some("2026-03-03T18:00:00"));
    assert_eq!(
        detail.format,
        SessionFormat::InPerson {
            place: "Café on Elm St".into()
        }
    );

    let queued = act(&mut shell, SessionAction::Accept {}, NOW_SECS);
    assert_eq!(
        queued,
        [MutationBody::ActOnSession {
            series_id: Uuid::from_u128(SERIES),
            action: SessionAction::Accept {},
        }]
    );
    let view = shell.view();
    assert!(view.sessions.awaiting_my_acceptance.is_empty());
    assert!(
        view.sessions
            .upcoming
            .iter()
            .all(|u| u.series_state == SeriesState::Accepted && u.pending)
    );
    let detail = view.sessions.detail.unwrap();
    assert_eq!(detail.awaiting_acceptance_by, None);
    assert!(!detail.can_accept);
}

#[test]
fn times_are_shown_in_each_persons_zone_in_the_week_only_one_zone_changed() {
    // The organiser, in London: 18:00 both weeks.
    let mut organiser = shell(Actor::Mentor, LONDON);
    pull(&mut organiser, vec![accepted(Actor::Mentor)]);
    // The mentee, in New York: 13:00, then 14:00 once New York (not yet London) sprang forward.
    let mut viewer = shell(Actor::Mentee, NEW_YORK);
    pull(&mut viewer, vec![accepted(Actor::Mentor)]);
    assert_eq!(
        upcoming_local(&organiser),
        ["2026-03-03T18:00", "2026-03-10T18:00"]
    );
    assert_eq!(
        upcoming_local(&viewer),
        ["2026-03-03T13:00", "2026-03-10T14:00"]
    );
    let both = |shell: &Shell| -> Vec<i64> {
        shell
            .view()
            .sessions
            .upcoming
            .iter()
            .map(|u| u.starts.at_ms)
            .collect()
    };
    assert_eq!(both(&organiser), both(&viewer), "the same instants");
    assert_eq!(viewer.view().sessions.time_zone, NEW_YORK);

    // Moving to London's zone shows London times; an unknown zone is ignored.
    viewer.send(Event::TimeZoneChanged {
        time_zone: "Nowhere/Else".into(),
    });
    assert_eq!(viewer.view().sessions.time_zone, NEW_YORK);
    viewer.send(Event::TimeZoneChanged {
        time_zone: LONDON.into(),
    });
    assert_eq!(
        upcoming_local(&viewer),
        ["2026-03-03T18:00", "2026-03-10T18:00"]
    );
}

#[test]
fn reschedule_cancel_one_and_cancel_the_series_with_a_reason() {
    let mut shell = shell(Actor::Mentor, LONDON);
    pull(&mut shell, vec![accepted(Actor::Mentor)]);
    shell.send(Event::OpenSession {
        series_id: Uuid::from_u128(SERIES),
        occurrence_key: None,
    });
    let detail = shell.view().sessions.detail.unwrap();
    assert!(
        detail
            .occurrences
            .iter()
            .all(|o| o.can_cancel && o.can_move && o.can_reschedule_from && !o.can_mark)
    );

    // From the 10th onwards: Thursdays 19:30, 45 minutes.
    let queued = act(
        &mut shell,
        SessionAction::Reschedule {
            from_occurrence: key(10, 18),
            start: datetime(2026, 3, 12, 19, 30, 0, 0),
            duration_minutes: Some(45),
            recurrence: None,
        },
        NOW_SECS,
    );
    assert_eq!(queued.len(), 1);
    assert_eq!(
        upcoming_local(&shell),
        ["2026-03-03T18:00", "2026-03-12T19:30"]
    );
    let view = shell.view();
    assert!(view.sessions.upcoming.iter().all(|u| u.pending));
    assert_eq!(
        view.sessions.upcoming[1].ends.at_ms - view.sessions.upcoming[1].starts.at_ms,
        45 * 60_000
    );

    // Rescheduling into the past is refused with the domain's reason, nothing queued.
    let refused = act(
        &mut shell,
        SessionAction::Reschedule {
            from_occurrence: datetime(2026, 3, 12, 19, 30, 0, 0),
            start: datetime(2026, 3, 1, 9, 0, 0, 0),
            duration_minutes: None,
            recurrence: None,
        },
        NOW_SECS,
    );
    assert!(refused.is_empty());
    assert_eq!(
        shell.view().notice.as_deref(),
        Some("The new time must be in the future.")
    );

    // One occurrence called off, with a reason both see.
    let queued = act(
        &mut shell,
        SessionAction::CancelOccurrence {
            occurrence_key: key(3, 18),
            reason: "  I'm ill ".into(),
        },
        NOW_SECS,
    );
    assert_eq!(
        queued,
        [MutationBody::ActOnSession {
            series_id: Uuid::from_u128(SERIES),
            action: SessionAction::CancelOccurrence {
                occurrence_key: key(3, 18),
                reason: "I'm ill".into(),
            },
        }],
        "the reason is trimmed"
    );
    let view = shell.view();
    assert_eq!(
        view.sessions.upcoming[0].status,
        OccurrenceStatus::Cancelled
    );
    let first = &view.sessions.detail.unwrap().occurrences[0];
    assert_eq!(first.cancel_reason.as_deref(), Some("I'm ill"));
    assert!(!first.can_cancel && !first.can_move);

    // A blank reason is refused offline.
    let refused = act(
        &mut shell,
        SessionAction::Cancel {
            reason: "   ".into(),
        },
        NOW_SECS,
    );
    assert!(refused.is_empty());
    assert!(shell.view().notice.unwrap().starts_with("Give a reason"));

    // The whole series, with a reason: nothing is left ahead.
    let queued = act(
        &mut shell,
        SessionAction::Cancel {
            reason: "Moving away".into(),
        },
        NOW_SECS,
    );
    assert_eq!(queued.len(), 1);
    let view = shell.view();
    assert!(view.sessions.upcoming.is_empty());
    let detail = view.sessions.detail.unwrap();
    assert_eq!(detail.state, SeriesState::Cancelled);
    assert_eq!(detail.cancel_reason.as_deref(), Some("Moving away"));
    assert!(!detail.can_cancel_series);
    assert_eq!(view.sync.pending_changes, 3);
}

#[test]
fn the_other_person_sees_a_cancellation_and_its_reason() {
    let cancelled = sessions::apply(
        &accepted(Actor::Mentor),
        Actor::Mentor,
        &SessionAction::Cancel {
            reason: "Moving away".into(),
        },
        NOW_MS,
    )
    .unwrap();
    let mut shell = shell(Actor::Mentee, NEW_YORK);
    pull(&mut shell, vec![accepted(Actor::Mentor), cancelled]);
    assert!(shell.view().sessions.upcoming.is_empty());
    shell.send(Event::OpenSession {
        series_id: Uuid::from_u128(SERIES),
        occurrence_key: None,
    });
    let detail = shell.view().sessions.detail.unwrap();
    assert_eq!(detail.cancel_reason.as_deref(), Some("Moving away"));
    assert_eq!(detail.state, SeriesState::Cancelled);
}

#[test]
fn sessions_are_marked_held_or_missed_only_once_started() {
    let mut shell = shell(Actor::Mentee, NEW_YORK);
    pull(&mut shell, vec![accepted(Actor::Mentor)]);
    let refused = act(
        &mut shell,
        SessionAction::MarkHeld {
            occurrence_key: key(3, 18),
        },
        NOW_SECS,
    );
    assert!(refused.is_empty());
    assert_eq!(
        shell.view().notice.as_deref(),
        Some("This session has not started yet.")
    );

    let queued = act(
        &mut shell,
        SessionAction::MarkMissed {
            occurrence_key: key(3, 18),
        },
        DURING_FIRST_SECS,
    );
    assert_eq!(queued.len(), 1);
    shell.send(Event::OpenSession {
        series_id: Uuid::from_u128(SERIES),
        occurrence_key: None,
    });
    let view = shell.view();
    let first = &view.sessions.detail.as_ref().unwrap().occurrences[0];
    assert_eq!(first.status, OccurrenceStatus::Missed);
    assert!(first.can_mark, "it can be corrected to held");
    assert_eq!(
        view.sessions.upcoming[0].status,
        OccurrenceStatus::Missed,
        "still under way, so still listed"
    );

    let queued = act(
        &mut shell,
        SessionAction::MarkHeld {
            occurrence_key: key(3, 18),
        },
        DURING_FIRST_SECS + 60,
    );
    assert_eq!(queued.len(), 1);
    assert_eq!(
        shell.view().sessions.upcoming[0].status,
        OccurrenceStatus::Held
    );
}

#[test]
fn invalid_proposals_are_refused_offline_with_a_reason_and_nothing_is_queued() {
    let cases: [(Event, &str); 3] = [
        (
            propose_event(
                SessionFormat::Video {
                    link: "http://meet.example/abc".into(),
                },
                "2026-03-03T18:00",
                None,
            ),
            "Use an https:// link",
        ),
        (
            propose_event(video(), "2026-03-03T18:00", Some("Mars/Olympus")),
            "Choose a valid time zone",
        ),
        (
            propose_event(
                SessionFormat::InPerson { place: " ".into() },
                "2026-03-03T18:00",
                None,
            ),
            "Say where you'll meet",
        ),
    ];
    let mut shell = shell(Actor::Mentor, LONDON);
    for (event, notice) in cases {
        shell.send(event);
        shell.stamp(NOW_SECS);
        assert!(shell.enqueued().is_empty());
        let view = shell.view();
        assert!(
            view.notice.as_deref().unwrap().starts_with(notice),
            "{:?}",
            view.notice
        );
        assert!(view.sessions.upcoming.is_empty());
        assert_eq!(view.sync.pending_changes, 0);
    }

    // A start that is not a date and time is refused before anything is stamped.
    shell.send(propose_event(video(), "next tuesday", None));
    assert!(shell.take_time().is_none());
    assert!(shell.view().notice.unwrap().contains("date and time"));

    // Someone else's relationship.
    shell.send(Event::ProposeSession {
        relationship_id: Uuid::from_u128(999),
        format: video(),
        start: "2026-03-03T18:00".into(),
        time_zone: None,
        duration_minutes: 60,
        recurrence: Recurrence::Once,
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert_eq!(
        shell.view().notice.as_deref(),
        Some("That relationship isn't one of yours.")
    );
}

#[test]
fn a_paused_match_takes_no_new_sessions_but_can_call_one_off() {
    let mut shell = shell_in(relationship(Actor::Mentor, true), LONDON);
    pull(&mut shell, vec![accepted(Actor::Mentor)]);
    shell.send(propose_event(video(), "2026-03-04T18:00", None));
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("active"));

    let refused = act(
        &mut shell,
        SessionAction::MoveOccurrence {
            occurrence_key: key(3, 18),
            starts_at: NOW_MS + 86_400_000,
        },
        NOW_SECS,
    );
    assert!(refused.is_empty());
    let queued = act(
        &mut shell,
        SessionAction::CancelOccurrence {
            occurrence_key: key(3, 18),
            reason: "We're taking a break".into(),
        },
        NOW_SECS,
    );
    assert_eq!(queued.len(), 1);
    shell.send(Event::OpenSession {
        series_id: Uuid::from_u128(SERIES),
        occurrence_key: None,
    });
    let detail = shell.view().sessions.detail.unwrap();
    assert!(
        detail.occurrences[1].can_cancel && !detail.occurrences[1].can_move,
        "while paused, sessions can be called off but not moved"
    );
}
