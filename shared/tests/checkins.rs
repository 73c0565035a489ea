//! Crux app tests for check-ins: recorded offline and shown at once, refused with a clear notice
//! when invalid, and for mentors only what their mentee shared, as a trend.

use crux_http::protocol::HttpResponse;
use domain::checkins::Mood;
use domain::relationship::{
    Action, Actor, Agreement, Cadence, Relationship, ResponseWindow, apply,
};
use domain::wire::v1::{
    Change, ChangeBody, ChangesPage, CheckInView, Counterpart, MutationBody, RelationshipView,
};
use shared::Event;
use shared::app::state::PersonalState;
use shared::effects::StoreResult;
use support::{Shell, http, me};
use uuid::Uuid;

mod support;

const NOW_SECS: u64 = 1_780_000_000;
const RELATIONSHIP: u128 = 500;
const OTHER: u128 = 9;

/// An active relationship in which this person has `my_role`.
fn active(my_role: Actor) -> RelationshipView {
    let t0 = 1_779_000_000_000;
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
    let accepted = apply(&requested, Actor::Mentor, &Action::Accept {}, t0)
        .unwrap()
        .relationship;
    let ack = Action::AcknowledgeAgreement {
        agreement_version: 1,
    };
    let once = apply(&accepted, Actor::Mentee, &ack, t0)
        .unwrap()
        .relationship;
    let relationship = apply(&once, Actor::Mentor, &ack, t0).unwrap().relationship;
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

fn shell_with(view: RelationshipView) -> Shell {
    let mut state = PersonalState::new(me());
    state.relationships.push(view);
    Shell::restored(state)
}

fn shared_check_in(n: u128, mood: u8, note: &str, shared: bool) -> ChangeBody {
    ChangeBody::CheckInRecorded {
        check_in: Box::new(CheckInView {
            check_in_id: Uuid::from_u128(1_000 + n),
            mentee_id: Uuid::from_u128(OTHER),
            relationship_id: Some(Uuid::from_u128(RELATIONSHIP)),
            mood: Mood::new(mood).unwrap(),
            note: Some(note.into()),
            shared_with_mentor: shared,
            recorded_at_ms: 1_779_500_000_000 + i64::try_from(n).unwrap(),
        }),
    }
}

fn pull(shell: &mut Shell, changes: Vec<ChangeBody>) {
    let mut request = shell
        .take_http("GET", "/v1/sync/changes")
        .expect("start-up pull");
    let changes: Vec<Change> = changes
        .into_iter()
        .zip(1..)
        .map(|(body, position)| Change {
            position,
            mutation_id: None,
            at_ms: 1,
            body,
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

#[test]
fn a_check_in_made_offline_is_queued_and_shown_at_once() {
    let mut shell = shell_with(active(Actor::Mentee));
    shell.send(Event::RecordCheckIn {
        mood: 2,
        note: Some("  tired  ".into()),
        shared_with_mentor: true,
    });
    shell.stamp(NOW_SECS);
    let queued = shell.enqueued();
    assert_eq!(queued.len(), 1);
    let MutationBody::RecordCheckIn {
        check_in_id,
        mood,
        note,
        shared_with_mentor,
    } = queued[0].body.clone()
    else {
        panic!("a check-in")
    };
    assert_eq!(check_in_id.get_version_num(), 7, "minted when stamped");
    assert_ne!(check_in_id, queued[0].mutation_id);
    assert_eq!(
        (mood, note.as_deref(), shared_with_mentor),
        (2, Some("tired"), true)
    );
    let view = shell.view();
    assert_eq!(view.checkins.mine.len(), 1);
    let card = &view.checkins.mine[0];
    assert_eq!(
        (
            card.check_in_id,
            card.mood,
            card.note.as_deref(),
            card.pending
        ),
        (check_in_id, 2, Some("tired"), true)
    );
    assert!(!view.checkins.overdue, "just checked in");
    assert_eq!(view.sync.pending_changes, 1);
    assert!(view.checkins.shared_trend_for_mentor.is_empty());
}

#[test]
fn a_mentee_is_overdue_after_a_full_cadence_without_a_check_in() {
    let mut shell = shell_with(active(Actor::Mentee));
    shell.send(Event::RecordCheckIn {
        mood: 0,
        note: None,
        shared_with_mentor: false,
    });
    shell.stamp(NOW_SECS);
    assert!(
        shell.view().checkins.overdue,
        "days since the match started"
    );
}

#[test]
fn an_invalid_mood_is_refused_with_a_clear_notice_and_nothing_is_queued() {
    let mut shell = shell_with(active(Actor::Mentee));
    shell.send(Event::RecordCheckIn {
        mood: 9,
        note: None,
        shared_with_mentor: true,
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    let view = shell.view();
    assert_eq!(
        view.notice.as_deref(),
        Some("Choose how you feel from 1 (very low) to 5 (very good).")
    );
    assert!(view.checkins.mine.is_empty());
    assert_eq!(view.sync.pending_changes, 0);
}

#[test]
fn someone_who_is_not_a_mentee_cannot_check_in() {
    let mut shell = Shell::signed_in();
    shell.send(Event::RecordCheckIn {
        mood: 3,
        note: None,
        shared_with_mentor: true,
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("mentees"));
}

#[test]
fn a_mentor_sees_the_shared_trend_and_never_an_unshared_check_in() {
    let mut shell = shell_with(active(Actor::Mentor));
    pull(
        &mut shell,
        vec![
            shared_check_in(1, 2, "low", true),
            shared_check_in(2, 1, "private", false),
            shared_check_in(3, 4, "better", true),
        ],
    );
    let view = shell.view().checkins;
    assert!(view.mine.is_empty(), "a mentor's own list stays empty");
    assert!(!view.overdue);
    assert_eq!(view.shared_trend_for_mentor.len(), 1);
    let trend = &view.shared_trend_for_mentor[0];
    assert_eq!(trend.relationship_id, Uuid::from_u128(RELATIONSHIP));
    assert_eq!(trend.mentee_name, "Sam");
    assert_eq!(trend.recent_moods, vec![2, 4]);
    assert_eq!(trend.average, Some(3.0));
}

#[test]
fn an_unshared_check_in_never_appears_for_the_mentor() {
    let mut shell = shell_with(active(Actor::Mentor));
    pull(&mut shell, vec![shared_check_in(1, 1, "private", false)]);
    let view = shell.view();
    let trend = &view.checkins.shared_trend_for_mentor[0];
    assert!(trend.recent_moods.is_empty());
    assert_eq!(trend.average, None);
    let json = serde_json::to_string(&view).unwrap();
    assert!(!json.contains("private"));
}
