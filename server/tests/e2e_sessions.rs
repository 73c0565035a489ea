//! End to end for sessions: the real server binary and two app instances in different time zones.
//! The mentor (London) proposes a weekly series, the mentee (New York) accepts; both see it in
//! their upcoming list in their own zone; the mentee marks a session that already took place as
//! missed; the coordinator's metrics count it, with no content.

mod support;

use domain::sessions::{
    OccurrenceStatus, Recurrence, SeriesState, SessionAction, SessionFormat, in_zone,
};
use shared::Event;
use support::app::{matched_apps, wait};
use support::{Beacon, now_ms};

const LONDON: &str = "Europe/London";
const NEW_YORK: &str = "America/New_York";
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

#[test]
fn a_weekly_series_is_shown_in_each_zone_and_its_outcomes_reach_the_coordinator_as_counts() {
    let (server, program_id) = Beacon::started_with_program();
    let dirs = tempfile::tempdir().unwrap();
    let matched = matched_apps(&server, program_id, dirs.path(), "sessions");
    let (mentee, mentor, relationship_id) =
        (matched.mentee, matched.mentor, matched.relationship_id);
    mentor.dispatch(Event::TimeZoneChanged {
        time_zone: LONDON.into(),
    });
    mentee.dispatch(Event::TimeZoneChanged {
        time_zone: NEW_YORK.into(),
    });

    // Weekly from a week ago, two hours before now (London wall-clock): the second session ended
    // an hour ago, the next two are in the coming fortnight.
    let first = in_zone(now_ms() - 7 * DAY_MS - 2 * HOUR_MS, LONDON).unwrap();
    mentor.dispatch(Event::ProposeSession {
        relationship_id,
        format: SessionFormat::Video {
            link: "https://meet.example/our-room".into(),
        },
        start: first.strftime("%Y-%m-%dT%H:%M").to_string(),
        time_zone: None,
        duration_minutes: 60,
        recurrence: Recurrence::Weekly,
    });
    let view = wait(&mentee, "the proposal arrives", |v| {
        v.sessions.awaiting_my_acceptance.len() == 1
    });
    let series_id = view.sessions.awaiting_my_acceptance[0].series_id;
    assert_eq!(view.sessions.awaiting_my_acceptance[0].with_name, "mentor");
    mentee.dispatch(Event::ActOnSession {
        series_id,
        action: SessionAction::Accept {},
    });
    let accepted = |v: &shared::ViewModel| {
        v.sessions.upcoming.len() == 2
            && v.sessions
                .upcoming
                .iter()
                .all(|u| u.series_state == SeriesState::Accepted && !u.pending)
    };
    let mentor_view = wait(&mentor, "accepted, for the mentor", accepted);
    let mentee_view = wait(&mentee, "accepted, for the mentee", accepted);

    // The same instants, each shown in the person's own zone.
    for (view, zone) in [(&mentor_view, LONDON), (&mentee_view, NEW_YORK)] {
        assert_eq!(view.sessions.time_zone, zone);
        for u in &view.sessions.upcoming {
            let local = in_zone(u.starts.at_ms, zone).unwrap();
            assert_eq!(u.starts.local, local.strftime("%Y-%m-%dT%H:%M").to_string());
            assert_eq!(u.format, "Video call");
        }
    }
    let instants = |view: &shared::ViewModel| -> Vec<i64> {
        view.sessions
            .upcoming
            .iter()
            .map(|u| u.starts.at_ms)
            .collect()
    };
    assert_eq!(instants(&mentor_view), instants(&mentee_view));
    assert_ne!(
        mentor_view.sessions.upcoming[0].starts.local,
        mentee_view.sessions.upcoming[0].starts.local
    );
    assert_eq!(mentee_view.sessions.upcoming[0].with_name, "mentor");
    assert_eq!(mentor_view.sessions.upcoming[0].with_name, "mentee");

    // The mentee marks the most recent session (it ended an hour ago) missed.
    mentee.dispatch(Event::OpenSession {
        series_id,
        occurrence_key: None,
    });
    let view = wait(&mentee, "detail", |v| v.sessions.detail.is_some());
    let detail = view.sessions.detail.unwrap();
    let markable: Vec<_> = detail.occurrences.iter().filter(|o| o.can_mark).collect();
    assert_eq!(markable.len(), 2, "{detail:#?}");
    let key = markable[1].occurrence_key.clone();
    mentee.dispatch(Event::ActOnSession {
        series_id,
        action: SessionAction::MarkMissed {
            occurrence_key: key.parse().unwrap(),
        },
    });
    mentor.dispatch(Event::OpenSession {
        series_id,
        occurrence_key: Some(key.clone()),
    });
    wait(&mentor, "the mentor sees it missed", |v| {
        v.sessions.detail.as_ref().is_some_and(|d| {
            d.occurrences
                .iter()
                .any(|o| o.occurrence_key == key && o.status == OccurrenceStatus::Missed)
        })
    });

    // The coordinator's metrics: counts for the match, nothing else about the sessions.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let body: serde_json::Value = rt.block_on(async {
        let coordinator = server.new_coordinator(program_id, "sessions-desk");
        let session = server.sign_in(&coordinator).await;
        server
            .get("/v1/coordinator/metrics", Some(&session.token))
            .await
            .json()
    });
    let counts = body["session_counts"].as_array().expect("session counts");
    let ours: Vec<_> = counts
        .iter()
        .filter(|c| c["relationship_id"] == serde_json::json!(relationship_id))
        .collect();
    assert_eq!(ours.len(), 1, "{body}");
    assert_eq!(
        (ours[0]["held"].as_u64(), ours[0]["missed"].as_u64()),
        (Some(0), Some(1))
    );
    let text = body.to_string();
    for secret in ["meet.example", "our-room", LONDON, NEW_YORK, &key] {
        assert!(!text.contains(secret), "{secret} leaked to the coordinator");
    }
}
