//! Sessions through the push endpoint: proposals and actions reach both members' feeds and
//! nobody else's; every refusal (outsiders, coordinators, wrong states, the organiser accepting,
//! bad zones, links and times) changes nothing; coordinators get held/missed counts per match and
//! no content; export and account deletion.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use domain::program::ProgramInfo;
use domain::sessions::in_zone;
use serde_json::{Value, json};
use uuid::Uuid;

use super::mentoring_support::{
    act, applied, feed, make_coordinator, push, push_mutation, rejected,
};
use super::messaging_support::{Pair, pair};
use super::{PASSWORD, TestApp};
use crate::db::store::{programs, sessions};

const LONDON: &str = "Europe/London";
const DAY_MS: i64 = 86_400_000;

async fn active_pair(app: &TestApp) -> Pair {
    let pair = pair(app).await;
    let ack = json!({"type": "acknowledge_agreement", "agreement_version": 1});
    applied(&act(app, &pair.mentee.token, pair.id, ack.clone()).await);
    applied(&act(app, &pair.mentor.token, pair.id, ack).await);
    pair
}

/// 18:00 London time, `days` days from the server's now, as a local date-time string.
fn evening_in(app: &TestApp, days: i64) -> String {
    let now = app.state.clock().now_ms();
    let date = in_zone(now + days * DAY_MS, LONDON).unwrap().date();
    date.at(18, 0, 0, 0).to_string()
}

fn proposal(relationship_id: Uuid, start: &str) -> Value {
    json!({
        "type": "propose_session",
        "series_id": Uuid::now_v7(),
        "relationship_id": relationship_id,
        "format": {"type": "video", "link": "https://meet.example/secret-room"},
        "time_zone": LONDON,
        "start": start,
        "duration_minutes": 60,
        "recurrence": "weekly",
    })
}

fn mutation(body: &Value) -> Value {
    json!({"mutation_id": Uuid::now_v7(), "created_at_ms": 1, "body": body})
}

async fn act_on(app: &TestApp, token: &str, series_id: &Value, action: Value) -> Value {
    push(
        app,
        token,
        json!({"type": "act_on_session", "series_id": series_id, "action": action}),
    )
    .await
}

/// The `session_changed` entries of a feed (whole changes, to see mutation ids).
async fn session_changes(app: &TestApp, token: &str) -> Vec<Value> {
    feed(app, token)
        .await
        .into_iter()
        .filter(|change| change["body"]["type"] == "session_changed")
        .collect()
}

/// Everything a refusal must leave alone: both members' feeds and the stored series.
async fn snapshot(app: &TestApp, pair: &Pair) -> (Vec<Value>, Vec<Value>, String) {
    let id = pair.id;
    let rows = app
        .state
        .db()
        .read(move |conn| sessions::of_relationship(conn, id))
        .await
        .unwrap();
    (
        feed(app, &pair.mentee.token).await,
        feed(app, &pair.mentor.token).await,
        serde_json::to_string(&rows).unwrap(),
    )
}

/// A coordinator of a second program.
async fn coordinator_elsewhere(app: &TestApp) -> domain::wire::v1::SessionCreated {
    let program_id = Uuid::now_v7();
    let program = ProgramInfo {
        program_id,
        organisation: "Elsewhere".into(),
        name: "Other".into(),
        locales: vec!["en-GB".into()],
        crisis_resources: Vec::new(),
        catalog: domain::mentoring::profile::ProgramCatalog::default(),
        checkin_cadence_days: domain::checkins::CheckInCadence::default(),
    };
    app.state
        .db()
        .write(move |cx| programs::insert(cx, &program, 1))
        .await
        .unwrap();
    let mut body = app.sign_up_body("other-coordinator@example.org");
    body["program_id"] = json!(program_id);
    let reply = app
        .call(Method::POST, "/v1/auth/signup", None, Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let session: domain::wire::v1::SessionCreated = serde_json::from_value(reply.body).unwrap();
    make_coordinator(app, session.me.user_id).await;
    session
}

async fn metrics(app: &TestApp, token: &str) -> Value {
    let reply = app.get("/v1/coordinator/metrics", token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

#[tokio::test]
async fn a_series_reaches_both_members_only_and_coordinators_see_counts_not_content() {
    let app = TestApp::new().await;
    let pair = active_pair(&app).await;
    let stranger = app.sign_up("stranger@example.org").await;
    let start = evening_in(&app, 2);
    let propose = mutation(&proposal(pair.id, &start));
    let series_id = propose["body"]["series_id"].clone();
    applied(&push_mutation(&app, &pair.mentor.token, &propose).await);

    let mentor_sees = session_changes(&app, &pair.mentor.token).await;
    let mentee_sees = session_changes(&app, &pair.mentee.token).await;
    assert_eq!((mentor_sees.len(), mentee_sees.len()), (1, 1));
    assert_eq!(mentor_sees[0]["mutation_id"], propose["mutation_id"]);
    assert!(mentee_sees[0].get("mutation_id").is_none());
    let series = &mentee_sees[0]["body"]["series"];
    assert_eq!(series, &mentor_sees[0]["body"]["series"], "the same copy");
    assert_eq!(series["id"], series_id);
    assert_eq!(series["organiser"], "mentor");
    assert_eq!(series["state"], "proposed");
    assert_eq!(series["time_zone"], LONDON);
    assert_eq!(series["rules"][0]["start"], start);

    // The invited mentee accepts; both see it.
    applied(
        &act_on(
            &app,
            &pair.mentee.token,
            &series_id,
            json!({"type": "accept"}),
        )
        .await,
    );
    for token in [&pair.mentee.token, &pair.mentor.token] {
        let seen = session_changes(&app, token).await;
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[1]["body"]["series"]["state"], "accepted");
    }

    // Once the first session started, the mentee marks it missed (and the mentor the next held).
    let first = start.clone();
    let before_start = act_on(
        &app,
        &pair.mentee.token,
        &series_id,
        json!({"type": "mark_missed", "occurrence_key": first}),
    )
    .await;
    rejected(&before_start, "conflict");
    app.state.clock().advance(Duration::from_secs(10 * 86_400));
    applied(
        &act_on(
            &app,
            &pair.mentee.token,
            &series_id,
            json!({"type": "mark_missed", "occurrence_key": first}),
        )
        .await,
    );
    let second = evening_in_days_after(&start, 7);
    applied(
        &act_on(
            &app,
            &pair.mentor.token,
            &series_id,
            json!({"type": "mark_held", "occurrence_key": second}),
        )
        .await,
    );

    // The coordinator: counts for the match, nothing about when, where or why.
    let body = metrics(&app, &pair.coordinator.token).await;
    let counts = body["session_counts"].as_array().unwrap();
    assert_eq!(counts.len(), 1, "{body}");
    assert_eq!(counts[0]["relationship_id"], json!(pair.id));
    assert_eq!(
        (counts[0]["held"].as_u64(), counts[0]["missed"].as_u64()),
        (Some(1), Some(1))
    );
    let text = body.to_string();
    for secret in ["meet.example", "secret-room", LONDON, &start[..10]] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    assert!(
        session_changes(&app, &pair.coordinator.token)
            .await
            .is_empty()
    );
    assert!(session_changes(&app, &stranger.token).await.is_empty());

    // A coordinator of another program sees no count of this match.
    let elsewhere = coordinator_elsewhere(&app).await;
    let body = metrics(&app, &elsewhere.token).await;
    assert_eq!(body["session_counts"], json!([]));

    // The export holds the series for both members.
    for token in [&pair.mentee.token, &pair.mentor.token] {
        let export = app.get("/v1/me/export", token).await;
        assert_eq!(export.body["sessions"][0]["id"], series_id);
        assert_eq!(
            export.body["sessions"][0]["outcomes"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
    }
    assert_eq!(
        app.get("/v1/me/export", &stranger.token).await.body["sessions"],
        json!([])
    );

    // A retry is a duplicate at the same position; the same series id again is a conflict.
    let retry = push_mutation(&app, &pair.mentor.token, &propose).await;
    assert_eq!(retry["status"], "duplicate");
    let mut again = propose.clone();
    again["mutation_id"] = json!(Uuid::now_v7());
    rejected(
        &push_mutation(&app, &pair.mentor.token, &again).await,
        "conflict",
    );
    assert_eq!(app.count("session_series"), 1);
}

/// 18:00 on the day `days` after the local date-time `start`.
fn evening_in_days_after(start: &str, days: u32) -> String {
    let local: domain::sessions::LocalDateTime = start.parse().unwrap();
    let mut date = local.date();
    for _ in 0..days {
        date = date.tomorrow().unwrap();
    }
    date.at(18, 0, 0, 0).to_string()
}

#[tokio::test]
async fn every_refusal_changes_nothing() {
    let app = TestApp::new().await;
    let pair = active_pair(&app).await;
    let stranger = app.sign_up("stranger@example.org").await;
    let elsewhere = coordinator_elsewhere(&app).await;
    let start = evening_in(&app, 2);
    let propose = proposal(pair.id, &start);
    let series_id = propose["series_id"].clone();
    applied(&push(&app, &pair.mentor.token, propose).await);
    let before = snapshot(&app, &pair).await;

    let key = start.clone();
    let accept = json!({"type": "accept"});
    let cancel = json!({"type": "cancel", "reason": "done"});
    // Outsiders get the same not_found as for an unknown series or relationship.
    for token in [&stranger.token, &pair.coordinator.token, &elsewhere.token] {
        rejected(
            &act_on(&app, token, &series_id, accept.clone()).await,
            "not_found",
        );
        rejected(
            &act_on(&app, token, &series_id, cancel.clone()).await,
            "not_found",
        );
        rejected(
            &push(&app, token, proposal(pair.id, &start)).await,
            "not_found",
        );
    }
    rejected(
        &act_on(
            &app,
            &pair.mentee.token,
            &json!(Uuid::now_v7()),
            accept.clone(),
        )
        .await,
        "not_found",
    );
    // The organiser cannot accept their own proposal.
    let own = act_on(&app, &pair.mentor.token, &series_id, accept.clone()).await;
    rejected(&own, "forbidden");
    // Wrong state: marking a session of a proposed series.
    rejected(
        &act_on(
            &app,
            &pair.mentee.token,
            &series_id,
            json!({"type": "mark_held", "occurrence_key": key}),
        )
        .await,
        "conflict",
    );
    // Bad zone, bad link, bad duration, no place: refused by the domain's rule, naming the field.
    let mut bad_zone = proposal(pair.id, &start);
    bad_zone["time_zone"] = json!("Mars/Olympus");
    let mut bad_link = proposal(pair.id, &start);
    bad_link["format"] = json!({"type": "video", "link": "http://meet.example/x"});
    let mut bad_duration = proposal(pair.id, &start);
    bad_duration["duration_minutes"] = json!(5);
    let mut no_place = proposal(pair.id, &start);
    no_place["format"] = json!({"type": "in_person", "place": "  "});
    for (body, field) in [
        (bad_zone, "time_zone"),
        (bad_link, "format.link"),
        (bad_duration, "duration_minutes"),
        (no_place, "format.place"),
    ] {
        let outcome = push(&app, &pair.mentor.token, body).await;
        rejected(&outcome, "validation_failed");
        assert_eq!(outcome["error"]["field"], field, "{outcome}");
    }
    // A reschedule into the past, and a blank reason.
    let past = evening_in(&app, -3);
    let outcome = act_on(
        &app,
        &pair.mentee.token,
        &series_id,
        json!({"type": "reschedule", "from_occurrence": key, "start": past}),
    )
    .await;
    rejected(&outcome, "validation_failed");
    assert_eq!(outcome["error"]["field"], "start");
    let outcome = act_on(
        &app,
        &pair.mentee.token,
        &series_id,
        json!({"type": "cancel", "reason": "   "}),
    )
    .await;
    assert_eq!(outcome["error"]["field"], "reason");

    assert_eq!(snapshot(&app, &pair).await, before, "nothing changed");

    // A match that is not active yet takes no sessions.
    let not_yet = pair_not_active(&app).await;
    rejected(
        &push(&app, &not_yet.mentor.token, proposal(not_yet.id, &start)).await,
        "conflict",
    );
    assert_eq!(app.count("session_series"), 1);

    // Cancelled is final.
    applied(&act_on(&app, &pair.mentee.token, &series_id, cancel.clone()).await);
    let cancelled = snapshot(&app, &pair).await;
    rejected(
        &act_on(&app, &pair.mentee.token, &series_id, accept).await,
        "conflict",
    );
    rejected(
        &act_on(&app, &pair.mentor.token, &series_id, cancel).await,
        "conflict",
    );
    assert_eq!(snapshot(&app, &pair).await, cancelled);
}

async fn pair_not_active(app: &TestApp) -> Pair {
    pair(app).await
}

#[tokio::test]
async fn a_paused_match_takes_no_new_plans_but_sessions_can_be_called_off() {
    let app = TestApp::new().await;
    let pair = active_pair(&app).await;
    let start = evening_in(&app, 2);
    let propose = proposal(pair.id, &start);
    let series_id = propose["series_id"].clone();
    applied(&push(&app, &pair.mentor.token, propose).await);
    applied(&act(&app, &pair.mentee.token, pair.id, json!({"type": "pause"})).await);
    let before = snapshot(&app, &pair).await;
    rejected(
        &push(&app, &pair.mentor.token, proposal(pair.id, &start)).await,
        "conflict",
    );
    rejected(
        &act_on(
            &app,
            &pair.mentee.token,
            &series_id,
            json!({"type": "accept"}),
        )
        .await,
        "conflict",
    );
    assert_eq!(snapshot(&app, &pair).await, before);
    applied(
        &act_on(
            &app,
            &pair.mentee.token,
            &series_id,
            json!({"type": "cancel_occurrence", "occurrence_key": start.clone(), "reason": "On a break"}),
        )
        .await,
    );
    let seen = session_changes(&app, &pair.mentor.token).await;
    assert_eq!(
        seen.last().unwrap()["body"]["series"]["exceptions"][0]["kind"]["reason"],
        "On a break"
    );
}

#[tokio::test]
async fn deleting_an_account_leaves_the_other_member_the_series_cancelled_without_its_reasons() {
    let app = TestApp::new().await;
    let pair = active_pair(&app).await;
    let start = evening_in(&app, 2);
    let propose = proposal(pair.id, &start);
    let series_id = propose["series_id"].clone();
    applied(&push(&app, &pair.mentor.token, propose).await);
    applied(
        &act_on(
            &app,
            &pair.mentee.token,
            &series_id,
            json!({"type": "accept"}),
        )
        .await,
    );
    let next = evening_in_days_after(&start, 7);
    applied(
        &act_on(
            &app,
            &pair.mentee.token,
            &series_id,
            json!({"type": "cancel_occurrence", "occurrence_key": next, "reason": "hospital appointment"}),
        )
        .await,
    );

    let reply = app
        .call(
            Method::DELETE,
            "/v1/me",
            Some(&pair.mentee.token),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);

    let seen = session_changes(&app, &pair.mentor.token).await;
    assert_eq!(seen.len(), 1, "earlier copies are gone: {seen:?}");
    let series = &seen[0]["body"]["series"];
    assert_eq!(series["id"], series_id);
    assert_eq!(series["state"], "cancelled");
    assert_eq!(series["cancel_reason"], sessions::ENDED_REASON);
    let text = serde_json::to_string(&feed(&app, &pair.mentor.token).await).unwrap();
    assert!(
        !text.contains("hospital"),
        "the deleted person's reason is gone"
    );
    assert_eq!(app.count("session_series"), 0);
    let export = app.get("/v1/me/export", &pair.mentor.token).await;
    assert_eq!(export.body["sessions"], json!([]));
}

#[tokio::test]
async fn closing_the_match_calls_off_open_series_and_withdraws_shared_summaries() {
    use domain::notes::{NoteText, Part};
    use domain::wire::v1::encode_update;

    let app = TestApp::new().await;
    let pair = active_pair(&app).await;
    let series = proposal(pair.id, &evening_in(&app, 3));
    let series_id = series["series_id"].clone();
    applied(&push(&app, &pair.mentor.token, series).await);
    applied(
        &act_on(
            &app,
            &pair.mentee.token,
            &series_id,
            json!({"type": "accept"}),
        )
        .await,
    );

    let note_id = Uuid::now_v7();
    let mut summary = NoteText::new(8, Part::Summary);
    let update = summary.replace_with("Walk on Friday").unwrap().unwrap();
    let edit = json!({
        "type": "edit_note", "note_id": note_id, "relationship_id": pair.id,
        "kind": {"type": "free"}, "summary_update": encode_update(&update),
    });
    applied(&push(&app, &pair.mentor.token, edit).await);
    let share = json!({"type": "set_note_summary_shared", "note_id": note_id, "shared": true});
    applied(&push(&app, &pair.mentor.token, share).await);

    let close = json!({"type": "close", "reason": "not_a_good_fit"});
    applied(&act(&app, &pair.mentee.token, pair.id, close).await);

    for token in [&pair.mentee.token, &pair.mentor.token] {
        let last = session_changes(&app, token).await.pop().unwrap();
        assert_eq!(last["body"]["series"]["state"], "cancelled", "{last}");
        assert_eq!(
            last["body"]["series"]["cancel_reason"],
            sessions::ENDED_REASON
        );
    }
    let mentee_feed = feed(&app, &pair.mentee.token).await;
    assert!(
        !mentee_feed
            .iter()
            .any(|c| c["body"]["type"] == "shared_summary_changed"),
        "the summary left the other member's feed"
    );
    assert!(
        mentee_feed
            .iter()
            .any(|c| c["body"]["type"] == "shared_summary_withdrawn"
                && c["body"]["note_id"] == json!(note_id))
    );
    let mentor_feed = feed(&app, &pair.mentor.token).await;
    let last_note = mentor_feed
        .iter()
        .rev()
        .find(|c| c["body"]["type"] == "note_changed")
        .unwrap();
    assert_eq!(last_note["body"]["note"]["summary_shared"], false);
    // A series of an ended match takes no more actions.
    rejected(
        &act_on(
            &app,
            &pair.mentor.token,
            &series_id,
            json!({"type": "cancel", "reason": "again"}),
        )
        .await,
        "conflict",
    );
}
