//! Crux app tests for the program's check-in cadence: the overdue flag and the check-in prompt
//! reminders follow the cadence in the program's information (not the default); information
//! fetched again with a new cadence recomputes the reminders once, the same cadence recomputes
//! nothing, and a failed background refresh keeps the cached program and says nothing.

use crux_http::protocol::HttpResponse;
use crux_time::TimeRequest;
use domain::checkins::CheckInCadence;
use domain::program::ProgramInfo;
use domain::relationship::{
    Action, Actor, Agreement, Cadence, Relationship, RelationshipState, ResponseWindow, apply,
};
use domain::wire::v1::{Counterpart, RelationshipView, Settings};
use shared::Event;
use shared::app::state::PersonalState;
use shared::effects::{LocalSnapshot, ScheduledNotification, StoreOperation, StoredSession};
use support::{SERVER, Shell, http, me, program};
use uuid::Uuid;

mod support;

/// The match started on Friday 27 February 2026 at 10:00 UTC (London is on GMT all along).
const T0_SECS: u64 = 1_772_186_400;
const DAY_SECS: u64 = 24 * 60 * 60;
/// Monday 2 March 2026, 09:00 UTC.
const NOW_SECS: u64 = 1_772_442_000;

fn weekly_program() -> ProgramInfo {
    ProgramInfo {
        checkin_cadence_days: CheckInCadence::every_days(7).unwrap(),
        ..program()
    }
}

/// An active relationship, started at `T0_SECS`, in which this person is the mentee.
fn active_as_mentee() -> RelationshipView {
    let t0 = i64::try_from(T0_SECS).unwrap() * 1000;
    let mut relationship = Relationship::request(
        Uuid::from_u128(500),
        Uuid::from_u128(2),
        me().user_id,
        Uuid::from_u128(9),
        Agreement::standard(1, Cadence::Weekly),
        ResponseWindow::default(),
        t0,
    )
    .unwrap();
    relationship = apply(&relationship, Actor::Mentor, &Action::Accept {}, t0)
        .unwrap()
        .relationship;
    let ack = Action::AcknowledgeAgreement {
        agreement_version: 1,
    };
    for actor in [Actor::Mentee, Actor::Mentor] {
        relationship = apply(&relationship, actor, &ack, t0).unwrap().relationship;
    }
    assert_eq!(relationship.state, RelationshipState::Active);
    RelationshipView {
        relationship,
        my_role: Actor::Mentee,
        counterpart: Counterpart {
            user_id: Uuid::from_u128(9),
            display_name: "Sam".into(),
            mentor_profile: None,
            mentee_request: None,
        },
        closure_message: None,
    }
}

/// Restored (mentee, active match, check-in prompts on) with `program` cached on the device.
fn restored_with(program: ProgramInfo) -> Shell {
    let mut me = me();
    me.settings = Settings {
        checkin_prompt: true,
        ..Settings::default()
    };
    let mut state = PersonalState::new(me);
    state.relationships.push(active_as_mentee());
    let snapshot = LocalSnapshot {
        install_seed: 7,
        session: Some(StoredSession {
            server_url: SERVER.into(),
            device_id: Uuid::from_u128(3),
        }),
        confirmed: Some(state),
        program: Some(program),
        ..LocalSnapshot::default()
    };
    let mut shell = Shell::started(snapshot, Some("bcn_token"));
    shell.drop_renders();
    shell
}

fn ids(set: &[ScheduledNotification]) -> Vec<&str> {
    set.iter().map(|n| n.id.as_str()).collect()
}

fn clock_asked(shell: &Shell) -> bool {
    shell
        .reminder_clock
        .iter()
        .any(|r| r.operation == TimeRequest::Now)
}

/// Answers the background program refresh the session start asked for.
fn answer_program_refresh(shell: &mut Shell, response: HttpResponse) {
    let mut request = shell
        .take_http("GET", &format!("/v1/programs/{}", me().program_id))
        .expect("the session start fetches the program again");
    assert!(
        !request
            .operation
            .headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("authorization")),
        "program information is public: no token is sent"
    );
    shell.resolve(&mut request, http(response));
}

#[test]
fn a_weekly_program_is_overdue_after_eight_days_not_after_four() {
    let mut shell = restored_with(weekly_program());
    shell.reminders_clock(T0_SECS + 4 * DAY_SECS);
    assert!(
        !shell.view().checkins.overdue,
        "4 days into a weekly cadence"
    );
    shell.fire_reminders_timer();
    shell.reminders_clock(T0_SECS + 8 * DAY_SECS);
    assert!(
        shell.view().checkins.overdue,
        "8 days into a weekly cadence"
    );

    // The default cadence (every 3 days) would already call 4 days overdue.
    let mut default = restored_with(program());
    default.reminders_clock(T0_SECS + 4 * DAY_SECS);
    assert!(default.view().checkins.overdue);
}

#[test]
fn the_check_in_prompt_follows_the_program_cadence_and_a_new_cadence_recomputes_once() {
    let mut shell = restored_with(weekly_program());
    shell.reminders_clock(NOW_SECS);
    let mut sets = shell.replaced();
    assert_eq!(sets.len(), 1);
    let weekly = sets.remove(0);
    // Due a week after the start (Fri 6 March), at 19:00, then weekly within the 14-day horizon.
    assert_eq!(
        ids(&weekly),
        vec!["checkin:2026-03-06", "checkin:2026-03-13"]
    );
    assert_eq!(shell.view().reminders.checkin_every_days, 7);

    // A coordinator changed the cadence to every 2 days: the refreshed program is kept and
    // stored, and the reminders are recomputed exactly once.
    let every_2 = ProgramInfo {
        checkin_cadence_days: CheckInCadence::every_days(2).unwrap(),
        ..program()
    };
    answer_program_refresh(&mut shell, HttpResponse::ok().json(&every_2).build());
    let stored = shell.store_all_done();
    assert_eq!(stored, vec![StoreOperation::SaveProgram(every_2.clone())]);
    assert_eq!(shell.model.program.as_ref(), Some(&every_2));
    shell.reminders_clock(NOW_SECS + 60);
    let sets = shell.replaced();
    assert_eq!(sets.len(), 1, "exactly one replacement");
    // Already overdue (due Sun 1 March): tonight, then every 2 days.
    assert_eq!(
        ids(&sets[0]),
        vec![
            "checkin:2026-03-02",
            "checkin:2026-03-04",
            "checkin:2026-03-06",
            "checkin:2026-03-08",
            "checkin:2026-03-10",
            "checkin:2026-03-12",
            "checkin:2026-03-14",
        ]
    );
    assert_eq!(shell.view().reminders.checkin_every_days, 2);
    assert!(shell.view().checkins.overdue);

    // The same cadence again (the sign-in screen loading the program): nothing is recomputed.
    shell.send(Event::LoadProgram {
        program_id: me().program_id,
    });
    let mut request = shell.take_http("GET", "/v1/programs/").unwrap();
    shell.resolve(
        &mut request,
        http(HttpResponse::ok().json(&every_2).build()),
    );
    shell.store_all_done();
    assert!(!clock_asked(&shell), "no recomputation");
    assert!(shell.replaced().is_empty());
}

#[test]
fn a_failed_or_stale_program_refresh_keeps_the_cached_cadence_and_says_nothing() {
    let mut shell = restored_with(weekly_program());
    shell.reminders_clock(NOW_SECS);
    assert_eq!(shell.replaced().len(), 1);
    answer_program_refresh(&mut shell, HttpResponse::status(503).build());
    assert_eq!(shell.model.program, Some(weekly_program()));
    assert!(shell.store_all_done().is_empty(), "nothing stored");
    assert_eq!(
        shell.view().notice,
        None,
        "a background refresh stays quiet"
    );
    assert!(!clock_asked(&shell));
    assert!(shell.replaced().is_empty());
    assert_eq!(shell.view().reminders.checkin_every_days, 7);

    // An answer about another program (a session that has ended since) is ignored.
    let mut other = restored_with(weekly_program());
    other.reminders_clock(NOW_SECS);
    other.replaced();
    let stranger = ProgramInfo {
        program_id: Uuid::from_u128(77),
        checkin_cadence_days: CheckInCadence::every_days(1).unwrap(),
        ..program()
    };
    answer_program_refresh(&mut other, HttpResponse::ok().json(&stranger).build());
    assert_eq!(other.model.program, Some(weekly_program()));
    assert!(other.store_all_done().is_empty());
    assert!(other.replaced().is_empty());
}
