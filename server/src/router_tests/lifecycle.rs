//! The relationship lifecycle through the push endpoint (members) and the coordinator endpoint:
//! every action kind by every actor from every reachable state, applied or refused with the right
//! code, and a refusal changes nothing for either member.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use domain::wire::v1::SessionCreated;
use serde_json::{Value, json};
use uuid::Uuid;

use super::TestApp;
use super::mentoring_support::{
    act, applied, approved_mentor, coordinator, coordinator_act, feed, last_of, mentee,
    request_mentor,
};

const KINDS: [&str; 10] = [
    "accept",
    "decline",
    "withdraw",
    "acknowledge_agreement",
    "pause",
    "resume",
    "close",
    "request_change",
    "block",
    "expire",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Mentee,
    Mentor,
    Coordinator,
}

/// Which kinds each actor may ever take.
fn permits(who: Who, kind: &str) -> bool {
    match who {
        Who::Mentee => [
            "withdraw",
            "acknowledge_agreement",
            "pause",
            "resume",
            "close",
            "request_change",
            "block",
        ]
        .contains(&kind),
        Who::Mentor => [
            "accept",
            "decline",
            "acknowledge_agreement",
            "pause",
            "resume",
            "close",
            "block",
        ]
        .contains(&kind),
        Who::Coordinator => kind == "close",
    }
}

/// Which kinds are valid from each state (for an actor permitted them).
fn valid_from(state: &str, kind: &str) -> bool {
    let kinds: &[&str] = match state {
        "requested" => &["accept", "decline", "withdraw", "block"],
        "accepted" => &["acknowledge_agreement", "close", "request_change", "block"],
        "active" => &["pause", "close", "request_change", "block"],
        "paused" => &["resume", "close", "request_change", "block"],
        _ => &[],
    };
    kinds.contains(&kind)
}

fn action(kind: &str, who: Who) -> Value {
    match kind {
        "decline" => json!({"type": kind, "reason": "Decline-secret"}),
        "acknowledge_agreement" => json!({"type": kind, "agreement_version": 1}),
        "close" if who == Who::Coordinator => json!({"type": kind, "reason": "program_decision"}),
        "close" => json!({"type": kind, "reason": "not_a_good_fit", "note": "Note-secret"}),
        "request_change" => json!({"type": kind, "reason": "Change-secret"}),
        "block" => json!({"type": kind, "reason": "Block-secret"}),
        _ => json!({"type": kind}),
    }
}

struct Pair {
    mentee: SessionCreated,
    mentor: SessionCreated,
    id: Uuid,
}

impl Pair {
    fn token(&self, who: Who) -> &str {
        if who == Who::Mentee {
            &self.mentee.token
        } else {
            &self.mentor.token
        }
    }
}

/// A fresh relationship in `state` (all but `expired`, which needs the clock moved).
async fn pair_in(app: &TestApp, coordinator: &str, state: &str) -> Pair {
    let mentor = approved_mentor(app, coordinator, 1).await;
    let mentee = mentee(app).await;
    let (outcome, id) = request_mentor(app, &mentee.token, mentor.me.user_id).await;
    applied(&outcome);
    let pair = Pair { mentee, mentor, id };
    let steps: &[(Who, &str)] = match state {
        "requested" | "expired" => &[],
        "declined" => &[(Who::Mentor, "decline")],
        "withdrawn" => &[(Who::Mentee, "withdraw")],
        "accepted" => &[(Who::Mentor, "accept")],
        "active" => &[
            (Who::Mentor, "accept"),
            (Who::Mentee, "acknowledge_agreement"),
            (Who::Mentor, "acknowledge_agreement"),
        ],
        "paused" => &[
            (Who::Mentor, "accept"),
            (Who::Mentee, "acknowledge_agreement"),
            (Who::Mentor, "acknowledge_agreement"),
            (Who::Mentee, "pause"),
        ],
        "closed" => &[
            (Who::Mentor, "accept"),
            (Who::Mentee, "acknowledge_agreement"),
            (Who::Mentor, "acknowledge_agreement"),
            (Who::Mentee, "close"),
        ],
        other => panic!("no recipe for {other}"),
    };
    for (who, kind) in steps {
        applied(&act(app, pair.token(*who), id, action(kind, *who)).await);
    }
    pair
}

async fn state_of(app: &TestApp, token: &str) -> Value {
    last_of(app, token, "relationship_changed").await["body"]["view"]["relationship"]["state"]
        .clone()
}

/// Takes `kind` as `who`; returns `Ok(())` if applied, else the error code.
async fn take(
    app: &TestApp,
    coordinator: &str,
    pair: &Pair,
    who: Who,
    kind: &str,
) -> Result<(), String> {
    if who == Who::Coordinator {
        let reply = coordinator_act(app, coordinator, pair.id, action(kind, who)).await;
        if reply.status == StatusCode::OK {
            assert_eq!(reply.body["my_role"], "coordinator");
            return Ok(());
        }
        return Err(reply.body["code"].as_str().unwrap_or_default().to_owned());
    }
    let outcome = act(app, pair.token(who), pair.id, action(kind, who)).await;
    if outcome["status"] == "applied" {
        return Ok(());
    }
    assert_eq!(outcome["status"], "rejected", "{outcome}");
    Err(outcome["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

async fn check_state(app: &TestApp, coordinator: &str, state: &str, base: &Pair) {
    assert_eq!(state_of(app, &base.mentee.token).await, state);
    assert_eq!(state_of(app, &base.mentor.token).await, state);
    for kind in KINDS {
        for who in [Who::Mentee, Who::Mentor, Who::Coordinator] {
            let expected_ok = permits(who, kind) && valid_from(state, kind);
            if expected_ok {
                let fresh = pair_in(app, coordinator, state).await;
                let result = take(app, coordinator, &fresh, who, kind).await;
                assert_eq!(result, Ok(()), "{who:?} {kind} from {state}");
                continue;
            }
            let before = (
                feed(app, &base.mentee.token).await,
                feed(app, &base.mentor.token).await,
            );
            let result = take(app, coordinator, base, who, kind).await;
            let code = if permits(who, kind) {
                "conflict"
            } else {
                "forbidden"
            };
            assert_eq!(result, Err(code.to_owned()), "{who:?} {kind} from {state}");
            let after = (
                feed(app, &base.mentee.token).await,
                feed(app, &base.mentor.token).await,
            );
            assert_eq!(before, after, "{who:?} {kind} from {state} changed a feed");
        }
    }
}

#[tokio::test]
async fn every_action_by_every_actor_from_every_state() {
    let app = TestApp::new().await;
    let coordinator = coordinator(&app).await;
    for state in [
        "requested",
        "accepted",
        "active",
        "paused",
        "closed",
        "declined",
        "withdrawn",
    ] {
        let base = pair_in(&app, &coordinator.token, state).await;
        check_state(&app, &coordinator.token, state, &base).await;
    }
}

#[tokio::test]
async fn unanswered_requests_expire_and_then_refuse_everything() {
    let app = TestApp::new().await;
    let coordinator = coordinator(&app).await;
    let base = pair_in(&app, &coordinator.token, "expired").await;
    app.state.clock().advance(Duration::from_secs(73 * 3600));
    // The next write sweeps; both members hear it from the system.
    let outcome = act(
        &app,
        &base.mentor.token,
        base.id,
        action("accept", Who::Mentor),
    )
    .await;
    assert_eq!(outcome["error"]["code"], "conflict", "{outcome}");
    let mentee_view = last_of(&app, &base.mentee.token, "relationship_changed").await;
    assert_eq!(
        mentee_view["body"]["view"]["relationship"]["state"],
        "expired"
    );
    assert!(mentee_view["mutation_id"].is_null());
    assert!(
        mentee_view["body"]["view"]["closure_message"]
            .as_str()
            .unwrap()
            .contains("wasn't able to answer in time")
    );
    check_state(&app, &coordinator.token, "expired", &base).await;
    // The mentee may ask someone else now.
    let other = approved_mentor(&app, &coordinator.token, 1).await;
    applied(
        &request_mentor(&app, &base.mentee.token, other.me.user_id)
            .await
            .0,
    );
}

#[tokio::test]
async fn acknowledgements_activate_and_only_the_callers_entry_has_the_mutation_id() {
    let app = TestApp::new().await;
    let coordinator = coordinator(&app).await;
    let pair = pair_in(&app, &coordinator.token, "accepted").await;
    let outcome = act(
        &app,
        &pair.mentee.token,
        pair.id,
        action("acknowledge_agreement", Who::Mentee),
    )
    .await;
    applied(&outcome);
    assert_eq!(state_of(&app, &pair.mentor.token).await, "accepted");
    let outcome = act(
        &app,
        &pair.mentor.token,
        pair.id,
        action("acknowledge_agreement", Who::Mentor),
    )
    .await;
    applied(&outcome);
    let mine = last_of(&app, &pair.mentor.token, "relationship_changed").await;
    let theirs = last_of(&app, &pair.mentee.token, "relationship_changed").await;
    assert_eq!(mine["mutation_id"], outcome["mutation_id"]);
    assert_eq!(mine["position"], outcome["position"]);
    assert!(theirs["mutation_id"].is_null());
    for view in [&mine, &theirs] {
        assert_eq!(view["body"]["view"]["relationship"]["state"], "active");
    }
    assert_eq!(theirs["body"]["view"]["my_role"], "mentee");
    assert_eq!(
        theirs["body"]["view"]["counterpart"]["mentor_profile"]["bio"],
        "I have been there."
    );
    assert!(theirs.to_string().find("ref-secret").is_none());
    assert_eq!(
        mine["body"]["view"]["counterpart"]["mentee_request"]["goals"],
        "Goal-text-private"
    );
    // A retry is a duplicate and adds nothing.
    let mentor_feed = feed(&app, &pair.mentor.token).await;
    assert_eq!(
        act(
            &app,
            &pair.mentor.token,
            pair.id,
            action("acknowledge_agreement", Who::Mentor)
        )
        .await["status"],
        "rejected"
    );
    assert_eq!(feed(&app, &pair.mentor.token).await, mentor_feed);
}

#[tokio::test]
async fn a_change_request_closes_kindly_and_only_the_coordinator_reads_the_reason() {
    let app = TestApp::new().await;
    let coordinator = coordinator(&app).await;
    let pair = pair_in(&app, &coordinator.token, "active").await;
    applied(
        &act(
            &app,
            &pair.mentee.token,
            pair.id,
            action("request_change", Who::Mentee),
        )
        .await,
    );

    let mentor_feed = serde_json::to_string(&feed(&app, &pair.mentor.token).await).unwrap();
    assert!(!mentor_feed.contains("Change-secret"));
    assert!(!mentor_feed.to_lowercase().contains("change_requested"));
    let mentor_view = last_of(&app, &pair.mentor.token, "relationship_changed").await;
    assert_eq!(
        mentor_view["body"]["view"]["relationship"]["state"],
        "closed"
    );
    assert_eq!(
        mentor_view["body"]["view"]["relationship"]["close_reason"],
        "unspecified"
    );
    let mentee_feed = serde_json::to_string(&feed(&app, &pair.mentee.token).await).unwrap();
    assert!(!mentee_feed.contains("Change-secret"));

    let queue = app
        .get("/v1/coordinator/change-requests", &coordinator.token)
        .await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert_eq!(queue.body["items"][0]["reason"], "Change-secret");
    assert_eq!(queue.body["items"][0]["relationship_id"], json!(pair.id));
    // Not for anyone else.
    for token in [&pair.mentee.token, &pair.mentor.token] {
        let reply = app.get("/v1/coordinator/change-requests", token).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }

    // The old mentor is never proposed again, and cannot be requested.
    let proposals = app.get("/v1/matching/proposals", &pair.mentee.token).await;
    assert_eq!(proposals.status, StatusCode::OK, "{}", proposals.body);
    assert!(
        !proposals
            .body
            .to_string()
            .contains(&pair.mentor.me.user_id.to_string())
    );
    let (outcome, _) = request_mentor(&app, &pair.mentee.token, pair.mentor.me.user_id).await;
    assert_eq!(outcome["status"], "rejected");
}

#[tokio::test]
async fn strangers_and_other_programs_see_not_found() {
    let app = TestApp::new().await;
    let coordinator = coordinator(&app).await;
    let pair = pair_in(&app, &coordinator.token, "requested").await;
    let stranger = mentee(&app).await;
    let before = feed(&app, &pair.mentor.token).await;
    let outcome = act(&app, &stranger.token, pair.id, action("block", Who::Mentee)).await;
    assert_eq!(outcome["error"]["code"], "not_found", "{outcome}");
    let outcome = act(
        &app,
        &stranger.token,
        Uuid::now_v7(),
        action("block", Who::Mentee),
    )
    .await;
    assert_eq!(outcome["error"]["code"], "not_found", "{outcome}");
    assert_eq!(feed(&app, &pair.mentor.token).await, before);
    // A coordinator of another program: 404, as if it did not exist.
    let other_program = other_program_coordinator(&app).await;
    let reply = coordinator_act(
        &app,
        &other_program,
        pair.id,
        action("close", Who::Coordinator),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    // A member is not a coordinator.
    let reply = coordinator_act(
        &app,
        &pair.mentee.token,
        pair.id,
        action("close", Who::Coordinator),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

/// A coordinator of a second program in the same database.
pub async fn other_program_coordinator(app: &TestApp) -> String {
    let program_id = Uuid::now_v7();
    let program = domain::program::ProgramInfo {
        program_id,
        organisation: "Other".into(),
        name: "Other".into(),
        locales: vec!["en-GB".into()],
        crisis_resources: Vec::new(),
        catalog: domain::mentoring::profile::ProgramCatalog::default(),
        checkin_cadence_days: domain::checkins::CheckInCadence::default(),
    };
    app.state
        .db()
        .write(move |cx| crate::db::store::programs::insert(cx, &program, 1))
        .await
        .unwrap();
    let mut body = app.sign_up_body(&format!("other-{}@example.org", Uuid::now_v7()));
    body["program_id"] = json!(program_id);
    let reply = app
        .call(Method::POST, "/v1/auth/signup", None, Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let session: SessionCreated = serde_json::from_value(reply.body).unwrap();
    super::mentoring_support::make_coordinator(app, session.me.user_id).await;
    session.token
}
