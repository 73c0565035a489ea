//! Mentoring end to end over HTTP, through the real server binary: a mentor applies and is
//! screened, a mentee states what they want and is proposed mentors, a request becomes an active
//! match, is paused and resumed, and ends with a change of mentor that the mentor only sees as a
//! neutral closure; then capacity, batch intake, and kill -9 in the middle of relationship actions.

mod support;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::{Duration, Instant};

use domain::account::Role;
use domain::mentoring::matching::{MatchWeights, MentorCandidate, WaitingMentee, score_matrix};
use domain::mentoring::profile::{
    MenteeRequest, MentorApplication, ProgramCatalog, SessionFormat, validate_mentee_request,
    validate_mentor_application,
};
use domain::relationship::{Action, Actor, CloseReason, RelationshipState};
use domain::wire::PROTOCOL_VERSION;
use domain::wire::v1::{
    ApplicationStatus, ChangeBody, ChangeRequestQueue, Decision, ErrorCode, IntakeConfirmed,
    IntakeProposal, Mutation, MutationBody, MutationStatus, PairChoice, ProgramMetrics,
    PushRequest, PushResponse,
};
use reqwest::StatusCode;
use serde_json::json;
use support::{
    Beacon, Session, applied, email, mentee_request, mentor_application, mutation, password,
    reference_contact, rejected,
};
use uuid::Uuid;

const CHANGE_REASON: &str = "Change-reason-Quokka-5521: we never really clicked";
const DECLINE_REASON: &str = "Decline-reason-Marmoset-8270: exams this month";

/// Asserts a rejection with one of `codes` and returns its message.
#[track_caller]
fn rejected_with(outcome: &domain::wire::v1::MutationOutcome, codes: &[ErrorCode]) -> String {
    assert_eq!(outcome.status, MutationStatus::Rejected, "{outcome:?}");
    let error = outcome.error.clone().expect("rejected with an error");
    assert!(codes.contains(&error.code), "{outcome:?}");
    assert!(!error.message.is_empty());
    error.message
}

fn ack() -> Action {
    Action::AcknowledgeAgreement {
        agreement_version: 1,
    }
}

/// Mentor ids of the caller's proposals, best first.
async fn proposed(beacon: &Beacon, token: &str) -> Vec<Uuid> {
    beacon
        .proposal_list(token)
        .await
        .proposals
        .iter()
        .map(|p| p.mentor_id)
        .collect()
}

async fn state_of(beacon: &Beacon, token: &str, relationship: Uuid) -> RelationshipState {
    beacon
        .relationship_view(token, relationship)
        .await
        .unwrap_or_else(|| panic!("relationship {relationship} not in the feed"))
        .relationship
        .state
}

#[tokio::test(flavor = "multi_thread")]
async fn from_application_to_an_active_match_and_a_kind_change_of_mentor() {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB", "es"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;

    // --- Screening: approval is refused while required training is missing.
    let mia = beacon
        .signup(program, &email("mia"), &password("mia"), "Mia Lantern")
        .await;
    let mut incomplete = mentor_application("mia");
    incomplete
        .training
        .retain(|done| done.module != "safeguarding and risk");
    applied(&beacon.submit_application(&mia.token, &incomplete).await);
    let states = beacon
        .feed_of_kind(&mia.token, "mentor_application_changed")
        .await;
    match &states.last().expect("the applicant is told").body {
        ChangeBody::MentorApplicationChanged { state } => {
            assert_eq!(state.status, ApplicationStatus::Pending);
            assert_eq!(
                state.application.references[0].contact,
                reference_contact("mia"),
                "the applicant sees their own references"
            );
        }
        other => panic!("{other:?}"),
    }
    let queue = beacon.applications(&cora.token).await;
    let review = queue
        .applications
        .iter()
        .find(|a| a.user_id == mia.me.user_id)
        .expect("Mia's application is in the queue");
    assert_eq!(review.state.status, ApplicationStatus::Pending);
    assert_eq!(review.display_name, "Mia Lantern");
    assert_eq!(review.missing_training, vec!["safeguarding and risk"]);
    assert_eq!(
        review.state.application.references[0].contact,
        reference_contact("mia")
    );
    assert!(review.months_stable >= 60, "{}", review.months_stable);

    let refused = beacon
        .decide(&cora.token, mia.me.user_id, Decision::Approve, None)
        .await
        .error(StatusCode::CONFLICT, ErrorCode::Conflict);
    assert!(
        refused.message.contains("safeguarding and risk"),
        "the refusal names the missing module: {}",
        refused.message
    );
    assert!(!beacon.me(&mia.token).await.roles.contains(&Role::Mentor));
    let no_reason = beacon
        .decide(&cora.token, mia.me.user_id, Decision::Decline, None)
        .await
        .error(StatusCode::BAD_REQUEST, ErrorCode::ValidationFailed);
    assert_eq!(no_reason.field.as_deref(), Some("reason"));
    beacon
        .decide(&cora.token, mia.me.user_id, Decision::Withdraw, Some("x"))
        .await
        .error(StatusCode::CONFLICT, ErrorCode::Conflict);

    // Training done: re-submitted, still pending, now approvable.
    applied(
        &beacon
            .submit_application(&mia.token, &mentor_application("mia"))
            .await,
    );
    let review = beacon.approve(&cora.token, mia.me.user_id).await;
    assert!(review.missing_training.is_empty());
    assert!(beacon.me(&mia.token).await.roles.contains(&Role::Mentor));
    let roles = beacon.feed_of_kind(&mia.token, "roles_changed").await;
    assert!(
        matches!(&roles.last().expect("roles_changed").body,
            ChangeBody::RolesChanged { roles } if roles.contains(&Role::Mentor)),
        "{roles:?}"
    );
    beacon
        .decide(&cora.token, mia.me.user_id, Decision::Approve, None)
        .await
        .error(StatusCode::CONFLICT, ErrorCode::Conflict);

    // A second mentor who fits less well (no shared area, no goal strength).
    let mut max_application = mentor_application("max");
    max_application.areas = vec!["depression".into()];
    max_application.strengths = vec!["sleep".into()];
    let max = beacon
        .approved_mentor(program, &cora.token, "Max Fernsby", &max_application)
        .await;

    // --- The mentee: proposals need a request first, then explain the match.
    let tom = beacon
        .signup(program, &email("tom"), &password("tom"), "Tom Harrow")
        .await;
    beacon
        .proposals(&tom.token, None)
        .await
        .error(StatusCode::CONFLICT, ErrorCode::Conflict);
    applied(
        &beacon
            .submit_request(&tom.token, &mentee_request("tom"))
            .await,
    );
    assert_eq!(
        beacon
            .feed_of_kind(&tom.token, "mentee_request_changed")
            .await
            .len(),
        1
    );
    let list = beacon.proposal_list(&tom.token).await;
    let ids: Vec<Uuid> = list.proposals.iter().map(|p| p.mentor_id).collect();
    assert_eq!(ids, vec![mia.me.user_id, max.me.user_id], "{list:?}");
    let best = &list.proposals[0];
    assert_eq!(best.mentor.display_name, "Mia Lantern");
    assert!(
        best.explanation.contains("anxiety") && best.explanation.contains("work"),
        "the explanation names what they share: {}",
        best.explanation
    );
    assert!(!best.factors.is_empty());
    assert!(best.score > list.proposals[1].score);
    assert!(!list.proposals[1].explanation.is_empty());
    let one: domain::wire::v1::ProposalList = beacon
        .proposals(&tom.token, Some(1))
        .await
        .expect(StatusCode::OK);
    assert_eq!(one.proposals.len(), 1);

    // --- The request, made twice with one mutation id, is created once.
    let rel = Uuid::now_v7();
    let request = mutation(MutationBody::RequestMentor {
        relationship_id: rel,
        mentor_id: mia.me.user_id,
    });
    let position = applied(&beacon.push_one(&tom.token, &request).await);
    let again = beacon.push_one(&tom.token, &request).await;
    assert_eq!(again.status, MutationStatus::Duplicate, "{again:?}");
    assert_eq!(again.position, Some(position));
    // The same relationship id in another mutation is a conflict.
    let same_id = mutation(MutationBody::RequestMentor {
        relationship_id: rel,
        mentor_id: max.me.user_id,
    });
    rejected(
        &beacon.push_one(&tom.token, &same_id).await,
        ErrorCode::Conflict,
    );
    // One at a time: a pending request counts.
    let (_, second) = beacon.request_mentor(&tom.token, max.me.user_id).await;
    rejected_with(&second, &[ErrorCode::Conflict, ErrorCode::ValidationFailed]);

    let tom_views = beacon.relationship_views(&tom.token).await;
    assert!(tom_views.iter().all(|v| v.relationship.id == rel));
    assert_eq!(tom_views.len(), 1, "one request, one change: {tom_views:?}");
    let view = &tom_views[0];
    assert_eq!(view.my_role, Actor::Mentee);
    assert_eq!(view.relationship.state, RelationshipState::Requested);
    assert_eq!(view.relationship.mentee_id, tom.me.user_id);
    assert_eq!(view.relationship.program_id, program);
    assert_eq!(
        view.relationship.respond_by - view.relationship.requested_at,
        72 * 3_600_000,
        "the default response window"
    );
    assert_eq!(view.counterpart.user_id, mia.me.user_id);
    assert_eq!(
        view.counterpart
            .mentor_profile
            .as_ref()
            .map(|p| p.display_name.as_str()),
        Some("Mia Lantern")
    );
    assert!(view.counterpart.mentee_request.is_none());
    let mia_view = beacon
        .relationship_view(&mia.token, rel)
        .await
        .expect("the mentor is told");
    assert_eq!(mia_view.my_role, Actor::Mentor);
    assert_eq!(mia_view.counterpart.display_name, "Tom Harrow");
    assert!(
        mia_view
            .counterpart
            .mentee_request
            .as_ref()
            .is_some_and(|r| r.goals.contains("Goals of tom")),
        "the mentor sees what the mentee asked for: {mia_view:?}"
    );
    assert!(mia_view.counterpart.mentor_profile.is_none());
    assert!(beacon.relationship_views(&max.token).await.is_empty());

    // --- Invalid transitions are refused with clear errors, and change nothing.
    let error = rejected(
        &beacon.act(&tom.token, rel, Action::Accept {}).await,
        ErrorCode::Forbidden,
    );
    assert!(error.message.contains("accept"), "{}", error.message);
    rejected(
        &beacon
            .act(&tom.token, rel, Action::Decline { reason: None })
            .await,
        ErrorCode::Forbidden,
    );
    let error = rejected(
        &beacon.act(&tom.token, rel, ack()).await,
        ErrorCode::Conflict,
    );
    assert!(error.message.contains("requested"), "{}", error.message);
    rejected(
        &beacon.act(&mia.token, rel, ack()).await,
        ErrorCode::Conflict,
    );
    rejected(
        &beacon.act(&mia.token, rel, Action::Expire {}).await,
        ErrorCode::Forbidden,
    );
    rejected(
        &beacon
            .act(&mia.token, rel, Action::Pause { until: None })
            .await,
        ErrorCode::Conflict,
    );
    let unchanged = beacon.relationship_view(&tom.token, rel).await.unwrap();
    assert_eq!(unchanged.relationship.state, RelationshipState::Requested);
    assert_eq!(unchanged.relationship.history.len(), 1);

    // --- Accept, acknowledge, active.
    applied(&beacon.act(&mia.token, rel, Action::Accept {}).await);
    rejected(
        &beacon.act(&mia.token, rel, Action::Accept {}).await,
        ErrorCode::Conflict,
    );
    assert_eq!(
        state_of(&beacon, &tom.token, rel).await,
        RelationshipState::Accepted
    );
    let wrong_version = rejected(
        &beacon
            .act(
                &tom.token,
                rel,
                Action::AcknowledgeAgreement {
                    agreement_version: 2,
                },
            )
            .await,
        ErrorCode::Conflict,
    );
    assert!(
        wrong_version.message.contains("version 1"),
        "{}",
        wrong_version.message
    );
    applied(&beacon.act(&tom.token, rel, ack()).await);
    rejected(
        &beacon.act(&tom.token, rel, ack()).await,
        ErrorCode::Conflict,
    );
    assert_eq!(
        state_of(&beacon, &mia.token, rel).await,
        RelationshipState::Accepted
    );
    applied(&beacon.act(&mia.token, rel, ack()).await);
    let active = beacon.relationship_view(&tom.token, rel).await.unwrap();
    assert_eq!(active.relationship.state, RelationshipState::Active);
    assert!(active.relationship.activated_at.is_some());
    assert_eq!(
        state_of(&beacon, &mia.token, rel).await,
        RelationshipState::Active
    );

    // --- Pause and resume (either side).
    applied(
        &beacon
            .act(&tom.token, rel, Action::Pause { until: None })
            .await,
    );
    rejected(
        &beacon
            .act(&mia.token, rel, Action::Pause { until: None })
            .await,
        ErrorCode::Conflict,
    );
    assert_eq!(
        state_of(&beacon, &mia.token, rel).await,
        RelationshipState::Paused
    );
    applied(&beacon.act(&mia.token, rel, Action::Resume {}).await);
    rejected(
        &beacon.act(&tom.token, rel, Action::Resume {}).await,
        ErrorCode::Conflict,
    );
    assert_eq!(
        state_of(&beacon, &tom.token, rel).await,
        RelationshipState::Active
    );
    // The mentor cannot ask for a change of mentor; an empty reason is refused.
    rejected(
        &beacon
            .act(
                &mia.token,
                rel,
                Action::RequestChange { reason: "x".into() },
            )
            .await,
        ErrorCode::Forbidden,
    );
    let empty = rejected(
        &beacon
            .act(
                &tom.token,
                rel,
                Action::RequestChange {
                    reason: "  ".into(),
                },
            )
            .await,
        ErrorCode::ValidationFailed,
    );
    assert_eq!(empty.field.as_deref(), Some("reason"));

    // --- The mentee asks for a change, with a reason only the coordinator reads.
    applied(
        &beacon
            .act(
                &tom.token,
                rel,
                Action::RequestChange {
                    reason: CHANGE_REASON.into(),
                },
            )
            .await,
    );
    let tom_view = beacon.relationship_view(&tom.token, rel).await.unwrap();
    assert_eq!(tom_view.relationship.state, RelationshipState::Closed);
    assert_eq!(
        tom_view.relationship.close_reason,
        Some(CloseReason::ChangeRequested)
    );
    assert_eq!(tom_view.relationship.change_reason, None, "not echoed back");
    assert!(
        tom_view
            .closure_message
            .as_deref()
            .is_some_and(|m| m.contains("different mentor")),
        "{tom_view:?}"
    );
    let mia_view = beacon.relationship_view(&mia.token, rel).await.unwrap();
    assert_eq!(mia_view.relationship.state, RelationshipState::Closed);
    assert_eq!(
        mia_view.relationship.close_reason,
        Some(CloseReason::Unspecified),
        "the mentor sees a neutral closure"
    );
    assert_eq!(mia_view.relationship.change_reason, None);
    let message = mia_view.closure_message.clone().expect("a closure message");
    assert_eq!(
        Some(message.clone()),
        mia_view.relationship.closure_message_for(Actor::Mentor)
    );
    assert!(
        !message.to_lowercase().contains("change") && !message.contains("different"),
        "{message}"
    );
    for (who, token) in [("Mia", &mia.token), ("Tom", &tom.token)] {
        let feed = serde_json::to_string(&beacon.pull_all(token, 0).await).unwrap();
        assert!(!feed.contains(CHANGE_REASON), "{who}'s feed has the reason");
        if who == "Mia" {
            assert!(!feed.contains("change_requested"), "Mia's feed: {feed}");
        }
    }
    let queue: ChangeRequestQueue = beacon
        .get("/v1/coordinator/change-requests", Some(&cora.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(queue.items.len(), 1, "{queue:?}");
    let item = &queue.items[0];
    assert_eq!(item.relationship_id, rel);
    assert_eq!(item.reason, CHANGE_REASON);
    assert_eq!(
        (item.mentee_id, item.mentor_id),
        (tom.me.user_id, mia.me.user_id)
    );
    assert_eq!(item.mentor_display_name, "Mia Lantern");
    let metrics: ProgramMetrics = beacon
        .get("/v1/coordinator/metrics", Some(&cora.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(metrics.change_requests, 1, "{metrics:?}");
    assert_eq!(metrics.rematch_rate_percent, 100, "{metrics:?}");
    assert_eq!(metrics.mentors_approved, 2, "{metrics:?}");
    assert_eq!(metrics.mentees_waiting, 1, "{metrics:?}");

    // --- Rematch: the old mentor is excluded; another one can be asked.
    assert_eq!(proposed(&beacon, &tom.token).await, vec![max.me.user_id]);
    let (_, old) = beacon.request_mentor(&tom.token, mia.me.user_id).await;
    let message = rejected_with(&old, &[ErrorCode::Conflict, ErrorCode::ValidationFailed]);
    assert!(!message.contains("Mia"), "{message}");
    let (second, outcome) = beacon.request_mentor(&tom.token, max.me.user_id).await;
    applied(&outcome);
    assert_eq!(
        state_of(&beacon, &max.token, second).await,
        RelationshipState::Requested
    );
    assert!(
        beacon
            .relationship_views(&mia.token)
            .await
            .iter()
            .all(|v| v.relationship.id == rel),
        "Mia never hears of Tom's new request"
    );

    // The reason reached nobody but the coordinator, and no log.
    beacon.assert_only_sent_to(&[("change reason", CHANGE_REASON)], &[cora.me.user_id]);
    let log = beacon.server_log();
    for secret in [
        CHANGE_REASON,
        "Goals of tom",
        "Mia Lantern",
        "Tom Harrow",
        tom.email.as_str(),
    ] {
        assert!(!log.contains(secret), "the server log contains {secret:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_mentor_is_not_proposed_and_a_paused_one_neither() {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let mut one_place = mentor_application("uma");
    one_place.capacity = 1;
    let uma = beacon
        .approved_mentor(program, &cora.token, "Uma Brightwater", &one_place)
        .await;
    let ann = beacon
        .mentee_with_request(program, "Ann Greaves", &mentee_request("ann"))
        .await;
    let bob = beacon
        .mentee_with_request(program, "Bob Ketteridge", &mentee_request("bob"))
        .await;
    assert_eq!(proposed(&beacon, &bob.token).await, vec![uma.me.user_id]);

    let (first, outcome) = beacon.request_mentor(&ann.token, uma.me.user_id).await;
    applied(&outcome);
    assert!(
        proposed(&beacon, &bob.token).await.is_empty(),
        "an open request holds the only place"
    );
    let (_, full) = beacon.request_mentor(&bob.token, uma.me.user_id).await;
    let message = rejected_with(&full, &[ErrorCode::Conflict, ErrorCode::ValidationFailed]);
    assert!(!message.contains("Ann"), "{message}");
    let intake: IntakeProposal = beacon.intake(&cora.token).await.expect(StatusCode::OK);
    assert!(intake.pairs.is_empty(), "{intake:?}");
    assert_eq!(intake.unassigned, vec![bob.me.user_id]);

    // Declining frees the place.
    applied(
        &beacon
            .act(
                &uma.token,
                first,
                Action::Decline {
                    reason: Some(DECLINE_REASON.into()),
                },
            )
            .await,
    );
    let ann_view = beacon.relationship_view(&ann.token, first).await.unwrap();
    assert_eq!(ann_view.relationship.state, RelationshipState::Declined);
    assert_eq!(ann_view.relationship.decline_reason, None);
    assert_eq!(proposed(&beacon, &bob.token).await, vec![uma.me.user_id]);
    assert_eq!(
        proposed(&beacon, &ann.token).await,
        vec![uma.me.user_id],
        "a mentor who declined is not excluded"
    );

    // Pausing hides the mentor; only approved mentors may pause.
    applied(
        &beacon
            .push_one(
                &uma.token,
                &mutation(MutationBody::SetMentorPaused { paused: true }),
            )
            .await,
    );
    assert!(proposed(&beacon, &bob.token).await.is_empty());
    let (_, paused) = beacon.request_mentor(&bob.token, uma.me.user_id).await;
    rejected_with(&paused, &[ErrorCode::Conflict, ErrorCode::ValidationFailed]);
    rejected(
        &beacon
            .push_one(
                &bob.token,
                &mutation(MutationBody::SetMentorPaused { paused: true }),
            )
            .await,
        ErrorCode::Forbidden,
    );
    applied(
        &beacon
            .push_one(
                &uma.token,
                &mutation(MutationBody::SetMentorPaused { paused: false }),
            )
            .await,
    );
    assert_eq!(proposed(&beacon, &bob.token).await, vec![uma.me.user_id]);
    beacon.assert_only_sent_to(&[("decline reason", DECLINE_REASON)], &[cora.me.user_id]);
    assert!(!beacon.server_log().contains(DECLINE_REASON));
}

/// `serde` turns an ISO date into whatever date type the domain uses.
fn date<T: serde::de::DeserializeOwned>(iso: &str) -> T {
    serde_json::from_value(json!(iso)).unwrap()
}

/// The best total score over every assignment respecting `capacity` (brute force, small only).
fn brute_force_best(scores: &[Vec<Option<i64>>], capacity: &mut [u32], mentee: usize) -> i64 {
    if mentee == scores.len() {
        return 0;
    }
    let mut best = brute_force_best(scores, capacity, mentee + 1);
    for mentor in 0..capacity.len() {
        if let Some(score) = scores[mentee][mentor]
            && capacity[mentor] > 0
        {
            capacity[mentor] -= 1;
            best = best.max(score + brute_force_best(scores, capacity, mentee + 1));
            capacity[mentor] += 1;
        }
    }
    best
}

/// Monday of the current UTC week, as `YYYY-MM-DD`.
fn monday_of_this_week() -> String {
    let days = support::now_ms().div_euclid(86_400_000);
    // 1970-01-01 was a Thursday.
    civil_date(days - (days + 3).rem_euclid(7))
}

/// Today in UTC, as `YYYY-MM-DD`.
fn today_utc() -> String {
    civil_date(support::now_ms().div_euclid(86_400_000))
}

/// The civil date `days` after 1970-01-01, as `YYYY-MM-DD` (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[tokio::test(flavor = "multi_thread")]
async fn intake_assigns_waiting_mentees_exactly_and_confirming_sends_requests() {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;

    let mut vic_app = mentor_application("vic");
    vic_app.capacity = 2;
    let mut wes_app = mentor_application("wes");
    wes_app.capacity = 1;
    wes_app.areas = vec!["grief".into()];
    let mut xan_app = mentor_application("xan");
    xan_app.capacity = 1;
    xan_app.languages = vec!["en".into()];
    xan_app.formats = vec![SessionFormat::Phone];
    xan_app.location = None;
    let mut paused_app = mentor_application("pip");
    paused_app.capacity = 5;
    let mentor_specs: Vec<(&str, MentorApplication)> = vec![
        ("Vic Ashdown", vic_app),
        ("Wes Pemberly", wes_app),
        ("Xan Trevelyan", xan_app),
    ];
    let mut mentors: Vec<(Session, MentorApplication)> = Vec::new();
    for (name, app) in mentor_specs {
        let session = beacon
            .approved_mentor(program, &cora.token, name, &app)
            .await;
        mentors.push((session, app));
    }
    // A paused mentor takes part in nothing.
    let pip = beacon
        .approved_mentor(program, &cora.token, "Pip Paused", &paused_app)
        .await;
    applied(
        &beacon
            .push_one(
                &pip.token,
                &mutation(MutationBody::SetMentorPaused { paused: true }),
            )
            .await,
    );
    // A pending applicant neither.
    let pending = beacon
        .signup(program, &email("pen"), &password("pen"), "Pen Pending")
        .await;
    applied(
        &beacon
            .submit_application(&pending.token, &mentor_application("pen"))
            .await,
    );

    let mut english_phone = mentee_request("m5");
    english_phone.languages = vec!["en".into()];
    english_phone.formats = vec![SessionFormat::Phone];
    let mut finnish = mentee_request("m6");
    finnish.languages = vec!["fi".into()];
    let mut mentee_specs: Vec<(String, MenteeRequest)> = (1..=4)
        .map(|i| {
            (
                format!("Mentee{i} Spanish"),
                mentee_request(&format!("m{i}")),
            )
        })
        .collect();
    mentee_specs.push(("Mentee5 English".into(), english_phone));
    mentee_specs.push(("Mentee6 Finnish".into(), finnish));
    let mut mentees: Vec<(Session, MenteeRequest)> = Vec::new();
    for (name, request) in mentee_specs {
        let session = beacon.mentee_with_request(program, &name, &request).await;
        mentees.push((session, request));
    }
    // A mentee already in a relationship is not waiting.
    let busy = beacon
        .mentee_with_request(program, "Busy Bee", &mentee_request("busy"))
        .await;
    // (Their open request also holds one of Vic's two places.)
    let (_, outcome) = beacon
        .request_mentor(&busy.token, mentors[0].0.me.user_id)
        .await;
    applied(&outcome);

    let proposal: IntakeProposal = beacon.intake(&cora.token).await.expect(StatusCode::OK);
    eprintln!("intake: {proposal:#?}");

    // Every pair is eligible, nobody twice, no capacity exceeded.
    let mentor_index: BTreeMap<Uuid, usize> = mentors
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (s.me.user_id, i))
        .collect();
    let mentee_index: BTreeMap<Uuid, usize> = mentees
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (s.me.user_id, i))
        .collect();
    let catalog = ProgramCatalog::default();
    let today = date(&today_utc());
    let candidates: Vec<MentorCandidate> = mentors
        .iter()
        .map(|(s, app)| {
            let application = validate_mentor_application(app, &catalog, today).unwrap();
            let active_mentees = u32::from(s.me.user_id == mentors[0].0.me.user_id);
            MentorCandidate {
                mentor_id: s.me.user_id,
                application,
                approved: true,
                paused: false,
                active_mentees,
            }
        })
        .collect();
    let waiting: Vec<WaitingMentee> = mentees
        .iter()
        .map(|(s, request)| WaitingMentee {
            mentee_id: s.me.user_id,
            request: validate_mentee_request(request, &catalog).unwrap(),
            excluded: HashSet::new(),
        })
        .collect();
    let scores = score_matrix(
        &waiting,
        &candidates,
        &MatchWeights::default(),
        date(&monday_of_this_week()),
    );
    let mut load = vec![0_u32; mentors.len()];
    let mut assigned = BTreeSet::new();
    let mut total = 0;
    for pair in &proposal.pairs {
        let mentee = *mentee_index
            .get(&pair.mentee_id)
            .unwrap_or_else(|| panic!("not a waiting mentee: {pair:?}"));
        let mentor = *mentor_index
            .get(&pair.mentor_id)
            .unwrap_or_else(|| panic!("not an available mentor: {pair:?}"));
        assert!(assigned.insert(mentee), "mentee assigned twice: {pair:?}");
        let expected = scores[mentee][mentor]
            .unwrap_or_else(|| panic!("an ineligible pair was proposed: {pair:?}"));
        assert_eq!(pair.score, expected, "{pair:?}");
        assert!(!pair.explanation.is_empty());
        assert_eq!(
            pair.mentee_display_name,
            mentees[mentee].0.me.profile.display_name
        );
        assert_eq!(
            pair.mentor_display_name,
            mentors[mentor].0.me.profile.display_name
        );
        load[mentor] += 1;
        total += pair.score;
    }
    let mut capacity: Vec<u32> = candidates
        .iter()
        .map(MentorCandidate::remaining_capacity)
        .collect();
    for (mentor, used) in load.iter().enumerate() {
        assert!(*used <= capacity[mentor], "mentor {mentor} over capacity");
    }
    assert_eq!(proposal.total_score, total);
    let unassigned: BTreeSet<Uuid> = proposal.unassigned.iter().copied().collect();
    let everyone: BTreeSet<Uuid> = mentee_index.keys().copied().collect();
    let assigned_ids: BTreeSet<Uuid> = proposal.pairs.iter().map(|p| p.mentee_id).collect();
    assert!(unassigned.is_disjoint(&assigned_ids));
    assert_eq!(
        &unassigned | &assigned_ids,
        everyone,
        "every waiting mentee is assigned or unassigned, and nobody else"
    );
    assert!(
        unassigned.contains(&mentees[5].0.me.user_id),
        "nobody speaks Finnish"
    );
    assert_eq!(
        total,
        brute_force_best(&scores, &mut capacity, 0),
        "the assignment is the exact optimum"
    );

    // Confirming sends requests the mentors see.
    let choices: Vec<PairChoice> = proposal
        .pairs
        .iter()
        .map(|p| PairChoice {
            mentee_id: p.mentee_id,
            mentor_id: p.mentor_id,
        })
        .collect();
    let confirmed: IntakeConfirmed = beacon
        .intake_confirm(&cora.token, &choices)
        .await
        .expect(StatusCode::OK);
    assert_eq!(confirmed.relationship_ids.len(), choices.len());
    let mut seen_by_mentors = 0;
    for (session, _) in &mentors {
        for view in beacon.relationship_views(&session.token).await {
            if confirmed.relationship_ids.contains(&view.relationship.id) {
                assert_eq!(view.relationship.state, RelationshipState::Requested);
                assert_eq!(view.relationship.mentor_id, session.me.user_id);
                assert!(choices.contains(&PairChoice {
                    mentee_id: view.relationship.mentee_id,
                    mentor_id: view.relationship.mentor_id,
                }));
                seen_by_mentors += 1;
            }
        }
    }
    assert_eq!(seen_by_mentors, choices.len());
    for (session, _) in &mentees {
        let views = beacon.relationship_views(&session.token).await;
        let expected = usize::from(assigned_ids.contains(&session.me.user_id));
        let ids: BTreeSet<Uuid> = views.iter().map(|v| v.relationship.id).collect();
        assert_eq!(ids.len(), expected, "{views:?}");
    }

    // Confirming again no longer fits (nobody is waiting any more): nothing is created.
    let counts_before: Vec<usize> = {
        let mut counts = Vec::new();
        for (session, _) in &mentors {
            counts.push(beacon.relationship_views(&session.token).await.len());
        }
        counts
    };
    beacon
        .intake_confirm(&cora.token, &choices)
        .await
        .error(StatusCode::CONFLICT, ErrorCode::Conflict);
    // Ineligible pairs: 409 and nothing created.
    let spare = mentees.iter().find(|(s, _)| {
        unassigned.contains(&s.me.user_id) && s.me.user_id != mentees[5].0.me.user_id
    });
    let mut bad = vec![PairChoice {
        mentee_id: mentees[5].0.me.user_id,
        mentor_id: mentors[0].0.me.user_id,
    }];
    if let Some((spare, _)) = spare {
        bad.insert(
            0,
            PairChoice {
                mentee_id: spare.me.user_id,
                mentor_id: mentors[2].0.me.user_id,
            },
        );
    }
    beacon
        .intake_confirm(&cora.token, &bad)
        .await
        .error(StatusCode::CONFLICT, ErrorCode::Conflict);
    for ((session, _), before) in mentors.iter().zip(counts_before) {
        assert_eq!(
            beacon.relationship_views(&session.token).await.len(),
            before,
            "a refused confirmation created something"
        );
    }
}

/// One relationship action a client pushed, and the server's acknowledgement if it got one.
#[derive(Debug, Clone)]
struct Attempt {
    token: String,
    mutation: Mutation,
    acked: Option<u64>,
}

/// The n-th action of the burst on one relationship: accept, both acknowledge, then the mentee
/// pauses and the mentor resumes, over and over. Returns (by mentor?, action, state after).
fn burst_step(n: usize) -> (bool, Action, RelationshipState) {
    match n {
        0 => (true, Action::Accept {}, RelationshipState::Accepted),
        1 => (false, ack(), RelationshipState::Accepted),
        2 => (true, ack(), RelationshipState::Active),
        n if n % 2 == 1 => (
            false,
            Action::Pause { until: None },
            RelationshipState::Paused,
        ),
        _ => (true, Action::Resume {}, RelationshipState::Active),
    }
}

async fn burst_pair(
    http: reqwest::Client,
    url: String,
    mentee: String,
    mentor: String,
    relationship_id: Uuid,
    deadline: Instant,
) -> Vec<Attempt> {
    let mut attempts = Vec::new();
    for n in 0..10_000 {
        if Instant::now() >= deadline {
            break;
        }
        let (by_mentor, action, _) = burst_step(n);
        let token = if by_mentor { &mentor } else { &mentee };
        let mutation = mutation(MutationBody::ActOnRelationship {
            relationship_id,
            action,
        });
        let request = PushRequest {
            protocol: PROTOCOL_VERSION,
            mutations: vec![mutation.clone()],
        };
        let sent = http
            .post(&url)
            .bearer_auth(token)
            .json(&request)
            .send()
            .await;
        let acked = match sent {
            Ok(response) if response.status() == StatusCode::OK => {
                match response.json::<PushResponse>().await {
                    Ok(body) => {
                        let outcome = &body.outcomes[0];
                        assert_eq!(
                            outcome.status,
                            MutationStatus::Applied,
                            "burst step {n}: {outcome:?}"
                        );
                        outcome.position
                    }
                    Err(_) => None,
                }
            }
            _ => None,
        };
        let stop = acked.is_none();
        attempts.push(Attempt {
            token: token.clone(),
            mutation,
            acked,
        });
        if stop {
            break;
        }
    }
    attempts
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_during_relationship_actions_loses_nothing_acknowledged() {
    const PAIRS: usize = 4;
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let mut pairs = Vec::new();
    for i in 0..PAIRS {
        let mut app = mentor_application(&format!("k{i}"));
        app.capacity = 1;
        let mentor = beacon
            .approved_mentor(program, &cora.token, &format!("Mentor{i} Kestrel"), &app)
            .await;
        let mentee = beacon
            .mentee_with_request(program, &format!("Mentee{i} Kestrel"), &mentee_request("k"))
            .await;
        let (rel, outcome) = beacon
            .request_mentor(&mentee.token, mentor.me.user_id)
            .await;
        applied(&outcome);
        pairs.push((mentee, mentor, rel));
    }

    let deadline = Instant::now() + Duration::from_secs(8);
    let url = beacon.url("/v1/sync/push");
    let tasks: Vec<_> = pairs
        .iter()
        .map(|(mentee, mentor, rel)| {
            tokio::spawn(burst_pair(
                beacon.http.clone(),
                url.clone(),
                mentee.token.clone(),
                mentor.token.clone(),
                *rel,
                deadline,
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(800)).await;
    beacon.kill9();
    let mut all = Vec::new();
    for task in tasks {
        all.push(task.await.expect("burst task"));
    }
    let acked: usize = all.iter().flatten().filter(|a| a.acked.is_some()).count();
    eprintln!("kill -9 after {acked} acknowledged relationship actions");
    assert!(acked >= PAIRS, "the burst barely ran ({acked})");

    beacon.start();
    for ((mentee, mentor, rel), attempts) in pairs.iter().zip(&all) {
        let acked_count = attempts.iter().filter(|a| a.acked.is_some()).count();
        // Acknowledgement 1 of 2 does not change state, so compare the states actually entered.
        let entered = |count: usize| -> Vec<RelationshipState> {
            std::iter::once(RelationshipState::Requested)
                .chain((0..count).filter(|&n| n != 1).map(|n| burst_step(n).2))
                .collect()
        };
        // Each acknowledged action is in its actor's feed at its position.
        for (token, who) in [(&mentee.token, "mentee"), (&mentor.token, "mentor")] {
            let feed = beacon.pull_all(token, 0).await;
            for attempt in attempts.iter().filter(|a| &a.token == token) {
                if let Some(position) = attempt.acked {
                    let change = feed
                        .iter()
                        .find(|c| c.position == position)
                        .unwrap_or_else(|| panic!("{who}: acknowledged position {position} lost"));
                    assert_eq!(change.mutation_id, Some(attempt.mutation.mutation_id));
                }
            }
        }
        // The relationship went through at least every acknowledged step, in order.
        let view = beacon.relationship_view(&mentee.token, *rel).await.unwrap();
        let states: Vec<RelationshipState> =
            view.relationship.history.iter().map(|h| h.state).collect();
        let expected = entered(attempts.len());
        assert!(
            states.starts_with(&entered(acked_count)) && expected.starts_with(&states),
            "states {states:?}; {acked_count} acknowledged of {expected:?}"
        );
        // Retrying everything: acknowledged ones are duplicates at their position.
        for attempt in attempts {
            let outcome = beacon.push_one(&attempt.token, &attempt.mutation).await;
            match attempt.acked {
                Some(position) => {
                    assert_eq!(outcome.status, MutationStatus::Duplicate, "{outcome:?}");
                    assert_eq!(outcome.position, Some(position));
                }
                None => assert_ne!(outcome.status, MutationStatus::Rejected, "{outcome:?}"),
            }
        }
        let view = beacon.relationship_view(&mentor.token, *rel).await.unwrap();
        let states: Vec<RelationshipState> =
            view.relationship.history.iter().map(|h| h.state).collect();
        assert_eq!(states, expected, "after retrying, every step exactly once");
    }
}

/// The status in the applicant's latest `mentor_application_changed`.
async fn application_status(beacon: &Beacon, token: &str) -> ApplicationStatus {
    let changes = beacon
        .feed_of_kind(token, "mentor_application_changed")
        .await;
    match &changes.last().expect("an application change").body {
        ChangeBody::MentorApplicationChanged { state } => state.status,
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn resubmission_needs_rescreening_only_for_screening_fields_and_withdrawal_sticks() {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let mia = beacon
        .approved_mentor(
            program,
            &cora.token,
            "Mia Lantern",
            &mentor_application("mia"),
        )
        .await;
    let tom = beacon
        .mentee_with_request(program, "Tom Harrow", &mentee_request("tom"))
        .await;
    assert_eq!(proposed(&beacon, &tom.token).await, vec![mia.me.user_id]);

    // Practical changes keep the approval.
    let mut practical = mentor_application("mia");
    practical.capacity = 2;
    practical.bio = "A new bio of mia.".into();
    practical.formats = vec![SessionFormat::Video];
    practical.location = None;
    applied(&beacon.submit_application(&mia.token, &practical).await);
    assert_eq!(
        application_status(&beacon, &mia.token).await,
        ApplicationStatus::Approved
    );
    assert_eq!(proposed(&beacon, &tom.token).await, vec![mia.me.user_id]);

    // A screening change (areas) needs a coordinator again.
    let mut screening = practical.clone();
    screening.areas = vec!["anxiety".into(), "grief".into()];
    applied(&beacon.submit_application(&mia.token, &screening).await);
    assert_eq!(
        application_status(&beacon, &mia.token).await,
        ApplicationStatus::Pending
    );
    assert!(
        proposed(&beacon, &tom.token).await.is_empty(),
        "a mentor waiting for re-screening is not proposed"
    );
    let (_, outcome) = beacon.request_mentor(&tom.token, mia.me.user_id).await;
    rejected_with(
        &outcome,
        &[ErrorCode::Conflict, ErrorCode::ValidationFailed],
    );
    let queue = beacon.applications(&cora.token).await;
    assert_eq!(
        queue.applications[0].user_id, mia.me.user_id,
        "pending first"
    );
    assert_eq!(
        queue.applications[0].state.status,
        ApplicationStatus::Pending
    );
    beacon.approve(&cora.token, mia.me.user_id).await;
    assert_eq!(proposed(&beacon, &tom.token).await, vec![mia.me.user_id]);

    // Withdrawal: a reason is required; the role goes; pausing is refused; re-submitting does not
    // undo it; a coordinator can approve again.
    beacon
        .decide(&cora.token, mia.me.user_id, Decision::Decline, Some("late"))
        .await
        .error(StatusCode::CONFLICT, ErrorCode::Conflict);
    let error = beacon
        .decide(&cora.token, mia.me.user_id, Decision::Withdraw, Some("  "))
        .await
        .error(StatusCode::BAD_REQUEST, ErrorCode::ValidationFailed);
    assert_eq!(error.field.as_deref(), Some("reason"));
    let withdrawn: domain::wire::v1::ApplicationForReview = beacon
        .decide(
            &cora.token,
            mia.me.user_id,
            Decision::Withdraw,
            Some("Paused by the program while training is refreshed"),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(withdrawn.state.status, ApplicationStatus::Withdrawn);
    assert!(!beacon.me(&mia.token).await.roles.contains(&Role::Mentor));
    assert!(proposed(&beacon, &tom.token).await.is_empty());
    rejected(
        &beacon
            .push_one(
                &mia.token,
                &mutation(MutationBody::SetMentorPaused { paused: false }),
            )
            .await,
        ErrorCode::Forbidden,
    );
    applied(
        &beacon
            .submit_application(&mia.token, &mentor_application("mia"))
            .await,
    );
    assert_eq!(
        application_status(&beacon, &mia.token).await,
        ApplicationStatus::Withdrawn,
        "withdrawn stays withdrawn until a coordinator acts"
    );
    assert!(proposed(&beacon, &tom.token).await.is_empty());
    beacon.approve(&cora.token, mia.me.user_id).await;
    assert!(beacon.me(&mia.token).await.roles.contains(&Role::Mentor));
    assert_eq!(proposed(&beacon, &tom.token).await, vec![mia.me.user_id]);
}

#[tokio::test(flavor = "multi_thread")]
async fn hard_filters_limits_and_the_coordinators_own_actions() {
    const MENTORS: usize = 22;
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let mut mentors = Vec::new();
    for i in 0..MENTORS {
        let tag = format!("m{i}");
        mentors.push(
            beacon
                .approved_mentor(
                    program,
                    &cora.token,
                    &format!("Mentor{i} Lark"),
                    &mentor_application(&tag),
                )
                .await,
        );
    }
    let tom = beacon
        .mentee_with_request(program, "Tom Harrow", &mentee_request("tom"))
        .await;
    // Default 5, at most 20.
    let default: domain::wire::v1::ProposalList = beacon
        .proposals(&tom.token, None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(default.proposals.len(), 5);
    let many = beacon.proposals(&tom.token, Some(1000)).await;
    if many.status == StatusCode::OK {
        let list: domain::wire::v1::ProposalList = many.json();
        assert_eq!(list.proposals.len(), 20);
    } else {
        many.error(StatusCode::BAD_REQUEST, ErrorCode::ValidationFailed);
    }
    assert_eq!(beacon.proposal_list(&tom.token).await.proposals.len(), 20);
    for bad in ["limit=abc", "limit=-1"] {
        let reply = beacon
            .get(&format!("/v1/matching/proposals?{bad}"), Some(&tom.token))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            reply.text
        );
    }
    // Same input, same ranking.
    assert_eq!(
        proposed(&beacon, &tom.token).await,
        proposed(&beacon, &tom.token).await
    );

    // No overlap across time zones: Tokyo mornings never meet London evenings.
    let mut tokyo = mentee_request("tokyo");
    tokyo.time_zone = "Asia/Tokyo".into();
    tokyo.availability = serde_json::from_value(support::weekdays(9 * 60, 10 * 60)).unwrap();
    let early = beacon
        .mentee_with_request(program, "Early Bird", &tokyo)
        .await;
    assert!(proposed(&beacon, &early.token).await.is_empty());
    let (_, outcome) = beacon
        .request_mentor(&early.token, mentors[0].me.user_id)
        .await;
    let message = rejected_with(
        &outcome,
        &[ErrorCode::Conflict, ErrorCode::ValidationFailed],
    );
    assert!(
        !message.contains("London") && !message.contains("Lark"),
        "{message}"
    );
    // A stated preference is a hard filter (every mentor shared "woman").
    let mut prefers = mentee_request("pref");
    prefers.preferences = Some(serde_json::from_value(json!({"gender": "man"})).unwrap());
    let pref = beacon
        .mentee_with_request(program, "Pref Erence", &prefers)
        .await;
    assert!(proposed(&beacon, &pref.token).await.is_empty());

    // The coordinator's own actions: only closing, with the program's reason, fed to both.
    let (rel, outcome) = beacon
        .request_mentor(&tom.token, mentors[0].me.user_id)
        .await;
    applied(&outcome);
    for action in [Action::Accept {}, Action::Expire {}, Action::Resume {}] {
        beacon
            .coordinator_act(&cora.token, rel, action)
            .await
            .error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
    }
    beacon
        .coordinator_act(
            &cora.token,
            rel,
            Action::Close {
                reason: CloseReason::ProgramDecision,
                note: None,
            },
        )
        .await
        .error(StatusCode::CONFLICT, ErrorCode::Conflict);
    beacon
        .coordinator_act(&cora.token, Uuid::now_v7(), Action::Accept {})
        .await
        .error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
    let mentor = &mentors[0];
    applied(&beacon.act(&mentor.token, rel, Action::Accept {}).await);
    let reserved = beacon
        .coordinator_act(
            &cora.token,
            rel,
            Action::Close {
                reason: CloseReason::ChangeRequested,
                note: None,
            },
        )
        .await
        .error(StatusCode::BAD_REQUEST, ErrorCode::ValidationFailed);
    assert_eq!(reserved.field.as_deref(), Some("reason"));
    let view: domain::wire::v1::RelationshipView = beacon
        .coordinator_act(
            &cora.token,
            rel,
            Action::Close {
                reason: CloseReason::ProgramDecision,
                note: Some("Coordinator-note-Heron-5150".into()),
            },
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(view.my_role, Actor::Coordinator);
    assert_eq!(view.relationship.state, RelationshipState::Closed);
    assert_eq!(
        view.relationship.close_note.as_deref(),
        Some("Coordinator-note-Heron-5150")
    );
    for session in [&tom, mentor] {
        let member = beacon.relationship_view(&session.token, rel).await.unwrap();
        assert_eq!(member.relationship.state, RelationshipState::Closed);
        assert_eq!(member.relationship.close_note, None);
        assert!(
            member
                .closure_message
                .as_deref()
                .is_some_and(|m| m.contains("coordinator")),
            "{member:?}"
        );
    }
    beacon.assert_only_sent_to(
        &[("coordinator note", "Coordinator-note-Heron-5150")],
        &[cora.me.user_id],
    );
    // A mentor the coordinator separated them from is not excluded.
    assert!(
        proposed(&beacon, &tom.token)
            .await
            .contains(&mentor.me.user_id)
    );
}
