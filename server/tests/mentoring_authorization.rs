//! Mentoring from the attacker's side, through the real server binary: other mentees, other
//! mentors, people and coordinators of another program, non-coordinators and bad tokens try to
//! reach relationships, proposals, applications and the coordinator desk that are not theirs.
//! Nothing of the victims' changes, and confidential texts (references, decline / change / block
//! reasons, close notes) reach nobody but the program's coordinators — checked over every
//! response body the harness recorded, and the server log.

mod support;

use domain::relationship::{Action, CloseReason, RelationshipState};
use domain::wire::v1::{
    ApplicationQueue, ApplicationStatus, ChangeRequestQueue, ErrorCode, IntakeProposal,
    MutationStatus, ProgramMetrics, ProgramSettings, QuietMatches, RelationshipView,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{
    Beacon, Credentials, Session, applied, email, mentee_request, mentor_application, password,
    reference_contact, reference_name, rejected,
};
use uuid::Uuid;

const CHANGE_REASON: &str = "Change-reason-Pangolin-3391: he kept talking about himself";
const DECLINE_REASON: &str = "Decline-reason-Axolotl-7724: my own relapse";
const BLOCK_REASON: &str = "Block-reason-Capybara-1180: asked for my address";
const CLOSE_NOTE: &str = "Close-note-Narwhal-6652: moving abroad next week";
const COORDINATOR_NOTE: &str = "Coordinator-note-Okapi-4409: safeguarding follow-up";
const APPLICATION_DECLINE_REASON: &str = "Application-decline-Tapir-2290: too soon";

struct World {
    beacon: Beacon,
    program: Uuid,
    other_program: Uuid,
    /// Coordinator of `program`.
    cora: Session,
    /// Coordinator of `other_program`.
    bea: Session,
    /// Approved mentors of `program`.
    mona: Session,
    moss: Session,
    /// Mentees of `program`, each with a request.
    ember: Session,
    ezra: Session,
    /// Mentor and mentee of `other_program`.
    bram: Session,
    bryn: Session,
    /// Ember → Mona and Ezra → Moss, both requested.
    r1: Uuid,
    r2: Uuid,
}

impl World {
    /// Every person of `program` (not coordinators).
    fn people_of_a(&self) -> [&Session; 4] {
        [&self.mona, &self.moss, &self.ember, &self.ezra]
    }
}

async fn world() -> World {
    let mut beacon = Beacon::new();
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB", "es"]);
    let other_program = beacon.create_program("Other Org", "Other program", &["en-GB"]);
    let cora_login: Credentials = beacon.new_coordinator(program, "cora");
    let bea_login = beacon.new_coordinator(other_program, "bea");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let bea = beacon.sign_in(&bea_login).await;

    let mona = beacon
        .approved_mentor(
            program,
            &cora.token,
            "Mona Quillfeather",
            &mentor_application("mona"),
        )
        .await;
    let moss = beacon
        .approved_mentor(
            program,
            &cora.token,
            "Moss Tindale",
            &mentor_application("moss"),
        )
        .await;
    let bram = beacon
        .approved_mentor(
            other_program,
            &bea.token,
            "Bram Oakhurst",
            &mentor_application("bram"),
        )
        .await;
    let ember = beacon
        .mentee_with_request(program, "Ember Vasquez-Lind", &mentee_request("ember"))
        .await;
    let ezra = beacon
        .mentee_with_request(program, "Ezra Pennywhistle", &mentee_request("ezra"))
        .await;
    let bryn = beacon
        .mentee_with_request(other_program, "Bryn Castellane", &mentee_request("bryn"))
        .await;
    let (r1, outcome) = beacon.request_mentor(&ember.token, mona.me.user_id).await;
    applied(&outcome);
    let (r2, outcome) = beacon.request_mentor(&ezra.token, moss.me.user_id).await;
    applied(&outcome);
    World {
        beacon,
        program,
        other_program,
        cora,
        bea,
        mona,
        moss,
        ember,
        ezra,
        bram,
        bryn,
        r1,
        r2,
    }
}

/// Every action a person could push.
fn every_action() -> Vec<Action> {
    vec![
        Action::Accept {},
        Action::Decline {
            reason: Some("no".into()),
        },
        Action::Withdraw {},
        Action::AcknowledgeAgreement {
            agreement_version: 1,
        },
        Action::Pause { until: None },
        Action::Resume {},
        Action::Close {
            reason: CloseReason::Other,
            note: None,
        },
        Action::RequestChange {
            reason: "let me in".into(),
        },
        Action::Block {
            reason: "let me in".into(),
        },
        Action::Expire {},
    ]
}

/// The relationship's latest view for `session`, asserting it is still freshly requested.
async fn assert_untouched(beacon: &Beacon, session: &Session, relationship: Uuid) {
    let views: Vec<RelationshipView> = beacon
        .relationship_views(&session.token)
        .await
        .into_iter()
        .filter(|v| v.relationship.id == relationship)
        .collect();
    assert_eq!(
        views.len(),
        1,
        "exactly one change (the request): {views:?}"
    );
    assert_eq!(views[0].relationship.state, RelationshipState::Requested);
    assert_eq!(views[0].relationship.history.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn people_act_only_on_their_own_relationships() {
    let w = world().await;
    let b = &w.beacon;
    // Another mentee, another mentor, a coordinator (through sync), a person of another program:
    // every action on Ember's request is "not found", worded exactly as for an unknown id.
    for (who, session) in [
        ("Ezra (another mentee)", &w.ezra),
        ("Moss (another mentor)", &w.moss),
        ("Cora (coordinator, via sync)", &w.cora),
        ("Bryn (another program)", &w.bryn),
        ("Bram (mentor, another program)", &w.bram),
    ] {
        for action in every_action() {
            let real = rejected(
                &b.act(&session.token, w.r1, action.clone()).await,
                ErrorCode::NotFound,
            );
            let unknown = rejected(
                &b.act(&session.token, Uuid::now_v7(), action.clone()).await,
                ErrorCode::NotFound,
            );
            assert_eq!(
                (real.message.as_str(), real.field.as_deref()),
                (unknown.message.as_str(), unknown.field.as_deref()),
                "{who}: {action:?} tells an existing relationship apart"
            );
            assert!(!real.message.contains(&w.r1.to_string()));
        }
    }
    assert_untouched(b, &w.ember, w.r1).await;
    assert_untouched(b, &w.mona, w.r1).await;

    // A mentor sees only the requests addressed to them; a mentee only their own.
    let ids = |views: Vec<RelationshipView>| -> Vec<Uuid> {
        views.iter().map(|v| v.relationship.id).collect()
    };
    assert!(
        ids(b.relationship_views(&w.mona.token).await)
            .iter()
            .all(|id| *id == w.r1)
    );
    assert!(
        ids(b.relationship_views(&w.moss.token).await)
            .iter()
            .all(|id| *id == w.r2)
    );
    assert!(
        ids(b.relationship_views(&w.ember.token).await)
            .iter()
            .all(|id| *id == w.r1)
    );
    assert!(
        ids(b.relationship_views(&w.ezra.token).await)
            .iter()
            .all(|id| *id == w.r2)
    );

    // Mona accepts; still nothing of it reaches Moss or Ezra.
    applied(&b.act(&w.mona.token, w.r1, Action::Accept {}).await);
    rejected(
        &b.act(&w.moss.token, w.r1, Action::Decline { reason: None })
            .await,
        ErrorCode::NotFound,
    );
    for (who, session) in [("Moss", &w.moss), ("Ezra", &w.ezra), ("Bryn", &w.bryn)] {
        let feed = serde_json::to_string(&b.pull_all(&session.token, 0).await).unwrap();
        for (what, needle) in [
            ("Ember's relationship id", w.r1.to_string()),
            ("Ember's user id", w.ember.me.user_id.to_string()),
            ("Ember's name", "Ember Vasquez-Lind".to_owned()),
            ("Ember's goals", "Goals of ember".to_owned()),
        ] {
            assert!(!feed.contains(&needle), "{who}'s feed contains {what}");
        }
    }
    // Mentees cannot see each other's proposals: proposals follow the caller's own request.
    let ember_list = b.proposal_list(&w.ember.token).await;
    for proposal in &ember_list.proposals {
        assert!(
            [w.mona.me.user_id, w.moss.me.user_id].contains(&proposal.mentor_id),
            "{proposal:?}"
        );
    }
    let mut finnish = mentee_request("ezra");
    finnish.languages = vec!["fi".into()];
    applied(&b.submit_request(&w.ezra.token, &finnish).await);
    assert!(b.proposal_list(&w.ezra.token).await.proposals.is_empty());
    let with_query = b
        .get(
            &format!(
                "/v1/matching/proposals?limit=5&mentee_id={}&user_id={}",
                w.ember.me.user_id, w.ember.me.user_id
            ),
            Some(&w.ezra.token),
        )
        .await;
    if with_query.status == StatusCode::OK {
        let list: domain::wire::v1::ProposalList = with_query.json();
        assert!(
            list.proposals.is_empty(),
            "someone else's proposals: {list:?}"
        );
    } else {
        assert_eq!(
            with_query.status,
            StatusCode::BAD_REQUEST,
            "{}",
            with_query.text
        );
    }
}

/// Every coordinator endpoint, with a plausible body.
fn coordinator_endpoints(w: &World, settings: &Value) -> Vec<(Method, String, Option<Value>)> {
    let applicant = w.mona.me.user_id;
    vec![
        (Method::GET, "/v1/coordinator/applications".into(), None),
        (
            Method::POST,
            format!("/v1/coordinator/applications/{applicant}/decision"),
            Some(json!({"decision": "withdraw", "reason": "attack"})),
        ),
        (Method::GET, "/v1/coordinator/change-requests".into(), None),
        (Method::GET, "/v1/coordinator/quiet-matches".into(), None),
        (Method::GET, "/v1/coordinator/metrics".into(), None),
        (
            Method::POST,
            format!("/v1/coordinator/relationships/{}/actions", w.r1),
            Some(json!({"action": {"type": "close", "reason": "other"}})),
        ),
        (
            Method::POST,
            "/v1/coordinator/intake".into(),
            Some(json!({})),
        ),
        (
            Method::POST,
            "/v1/coordinator/intake/confirm".into(),
            Some(
                json!({"pairs": [{"mentee_id": w.ember.me.user_id, "mentor_id": w.moss.me.user_id}]}),
            ),
        ),
        (Method::GET, "/v1/coordinator/program/settings".into(), None),
        (
            Method::PUT,
            "/v1/coordinator/program/settings".into(),
            Some(settings.clone()),
        ),
    ]
}

async fn call(
    b: &Beacon,
    (method, path, body): &(Method, String, Option<Value>),
    token: Option<&str>,
) -> support::Reply {
    match body {
        Some(body) => b.send(method.clone(), path, token, body).await,
        None => b.raw(method.clone(), path, token, None).await,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn coordinator_endpoints_refuse_everyone_else_and_bad_tokens() {
    let w = world().await;
    let b = &w.beacon;
    let settings: Value = b
        .get("/v1/coordinator/program/settings", Some(&w.cora.token))
        .await
        .expect(StatusCode::OK);
    let mut changed: ProgramSettings = serde_json::from_value(settings.clone()).unwrap();
    changed.no_contact_days = 3;
    changed.response_window_hours = 1;
    let changed = serde_json::to_value(&changed).unwrap();
    let endpoints = coordinator_endpoints(&w, &changed);

    // A pending applicant tries to approve themselves, among everything else.
    let dee = b
        .signup(w.program, &email("dee"), &password("dee"), "Dee Applicant")
        .await;
    applied(
        &b.submit_application(&dee.token, &mentor_application("dee"))
            .await,
    );
    let self_approve = (
        Method::POST,
        format!("/v1/coordinator/applications/{}/decision", dee.me.user_id),
        Some(json!({"decision": "approve"})),
    );
    // A mentee, a mentor, an applicant.
    for session in [&w.ember, &w.mona, &dee] {
        for endpoint in endpoints.iter().chain([&self_approve]) {
            call(b, endpoint, Some(session.token.as_str()))
                .await
                .error(StatusCode::FORBIDDEN, ErrorCode::Forbidden);
        }
    }

    // Bad tokens: none, forged, well-formed but unknown, revoked (logged out).
    let revoked = b
        .login(&w.ember.email, &w.ember.password, "Old phone")
        .await;
    b.raw(Method::POST, "/v1/auth/logout", Some(&revoked.token), None)
        .await;
    let forged = format!("bcn_{}", "A".repeat(43));
    let bad_tokens: [Option<&str>; 4] = [
        None,
        Some("not-a-token"),
        Some(forged.as_str()),
        Some(revoked.token.as_str()),
    ];
    let mut everything = endpoints.clone();
    everything.push(self_approve.clone());
    everything.push((Method::GET, "/v1/matching/proposals".into(), None));
    everything.push((Method::GET, "/v1/sync/changes?since=0".into(), None));
    everything.push((
        Method::POST,
        "/v1/sync/push".into(),
        Some(json!({"protocol": 1, "mutations": [{
            "mutation_id": Uuid::now_v7(), "created_at_ms": support::now_ms(),
            "body": {"type": "act_on_relationship", "relationship_id": w.r1,
                     "action": {"type": "withdraw"}}}]})),
    ));
    for token in bad_tokens {
        for endpoint in &everything {
            call(b, endpoint, token)
                .await
                .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        }
    }

    // Nothing changed.
    assert_untouched(b, &w.ember, w.r1).await;
    let queue = b.applications(&w.cora.token).await;
    let dee_state = queue
        .applications
        .iter()
        .find(|a| a.user_id == dee.me.user_id)
        .expect("Dee's application");
    assert_eq!(dee_state.state.status, ApplicationStatus::Pending);
    let mona_state = queue
        .applications
        .iter()
        .find(|a| a.user_id == w.mona.me.user_id)
        .expect("Mona's application");
    assert_eq!(mona_state.state.status, ApplicationStatus::Approved);
    let after: Value = b
        .get("/v1/coordinator/program/settings", Some(&w.cora.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(after, settings, "settings changed by a non-coordinator");
    assert!(
        !b.me(&dee.token)
            .await
            .roles
            .contains(&domain::account::Role::Mentor)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_crosses_programs() {
    let w = world().await;
    let b = &w.beacon;
    // Something in every queue of program A: a pending application, a change request, an
    // active match.
    let dee = b
        .signup(w.program, &email("dee"), &password("dee"), "Dee Applicant")
        .await;
    applied(
        &b.submit_application(&dee.token, &mentor_application("dee"))
            .await,
    );
    applied(&b.act(&w.mona.token, w.r1, Action::Accept {}).await);
    let ack = Action::AcknowledgeAgreement {
        agreement_version: 1,
    };
    applied(&b.act(&w.mona.token, w.r1, ack.clone()).await);
    applied(&b.act(&w.ember.token, w.r1, ack.clone()).await);
    applied(&b.act(&w.moss.token, w.r2, Action::Accept {}).await);
    applied(&b.act(&w.moss.token, w.r2, ack.clone()).await);
    applied(&b.act(&w.ezra.token, w.r2, ack.clone()).await);
    applied(
        &b.act(
            &w.ezra.token,
            w.r2,
            Action::RequestChange {
                reason: CHANGE_REASON.into(),
            },
        )
        .await,
    );

    // Bea, coordinator of program B, sees nothing of A.
    let a_names = [
        "Mona Quillfeather",
        "Moss Tindale",
        "Ember Vasquez-Lind",
        "Ezra Pennywhistle",
        "Dee Applicant",
    ];
    let a_ids: Vec<String> = w
        .people_of_a()
        .iter()
        .map(|s| s.me.user_id.to_string())
        .chain([
            dee.me.user_id.to_string(),
            w.r1.to_string(),
            w.r2.to_string(),
        ])
        .collect();
    let assert_nothing_of_a = |what: &str, text: &str| {
        for needle in a_names
            .iter()
            .copied()
            .chain(a_ids.iter().map(String::as_str))
        {
            assert!(!text.contains(needle), "{what} shows {needle}: {text}");
        }
    };
    let queue: ApplicationQueue = b
        .get("/v1/coordinator/applications", Some(&w.bea.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        queue
            .applications
            .iter()
            .map(|a| a.user_id)
            .collect::<Vec<_>>(),
        vec![w.bram.me.user_id],
        "{queue:?}"
    );
    let changes: ChangeRequestQueue = b
        .get("/v1/coordinator/change-requests", Some(&w.bea.token))
        .await
        .expect(StatusCode::OK);
    assert!(changes.items.is_empty(), "{changes:?}");
    let quiet: QuietMatches = b
        .get("/v1/coordinator/quiet-matches", Some(&w.bea.token))
        .await
        .expect(StatusCode::OK);
    assert!(quiet.items.is_empty());
    let metrics: ProgramMetrics = b
        .get("/v1/coordinator/metrics", Some(&w.bea.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(metrics.applications_pending, 0, "{metrics:?}");
    assert_eq!(metrics.mentors_approved, 1, "{metrics:?}");
    assert_eq!(metrics.mentees_waiting, 1, "{metrics:?}");
    assert_eq!(metrics.change_requests, 0, "{metrics:?}");
    assert!(
        metrics.relationships_by_state.iter().all(|s| s.count == 0),
        "{metrics:?}"
    );
    let a_metrics: ProgramMetrics = b
        .get("/v1/coordinator/metrics", Some(&w.cora.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(a_metrics.applications_pending, 1, "{a_metrics:?}");
    assert_eq!(a_metrics.mentors_approved, 2, "{a_metrics:?}");
    assert_eq!(a_metrics.change_requests, 1, "{a_metrics:?}");
    let intake: IntakeProposal = b.intake(&w.bea.token).await.expect(StatusCode::OK);
    assert_nothing_of_a("B's intake", &serde_json::to_string(&intake).unwrap());
    assert_eq!(intake.pairs.len(), 1, "{intake:?}");
    assert_eq!(
        (intake.pairs[0].mentee_id, intake.pairs[0].mentor_id),
        (w.bryn.me.user_id, w.bram.me.user_id)
    );

    // Acting on A's objects: 404, and nothing changes.
    for decision in ["approve", "decline", "withdraw"] {
        for applicant in [dee.me.user_id, w.mona.me.user_id] {
            let reply = b
                .post(
                    &format!("/v1/coordinator/applications/{applicant}/decision"),
                    Some(&w.bea.token),
                    &json!({"decision": decision, "reason": "cross-program"}),
                )
                .await;
            reply.error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
            assert_nothing_of_a("a cross-program decision", &reply.text);
        }
    }
    for relationship in [w.r1, w.r2] {
        let reply = b
            .coordinator_act(
                &w.bea.token,
                relationship,
                Action::Close {
                    reason: CloseReason::Other,
                    note: Some("cross-program".into()),
                },
            )
            .await;
        reply.error(StatusCode::NOT_FOUND, ErrorCode::NotFound);
        assert_nothing_of_a("a cross-program action", &reply.text);
    }
    let confirm = b
        .intake_confirm(
            &w.bea.token,
            &[domain::wire::v1::PairChoice {
                mentee_id: w.ember.me.user_id,
                mentor_id: w.moss.me.user_id,
            }],
        )
        .await;
    assert!(
        [StatusCode::NOT_FOUND, StatusCode::CONFLICT].contains(&confirm.status),
        "{}",
        confirm.text
    );
    assert!(!confirm.text.contains("Ember") && !confirm.text.contains("Moss"));
    let mixed = b
        .intake_confirm(
            &w.bea.token,
            &[domain::wire::v1::PairChoice {
                mentee_id: w.bryn.me.user_id,
                mentor_id: w.mona.me.user_id,
            }],
        )
        .await;
    assert!(
        [StatusCode::NOT_FOUND, StatusCode::CONFLICT].contains(&mixed.status),
        "{}",
        mixed.text
    );
    let review = b
        .applications(&w.cora.token)
        .await
        .applications
        .into_iter()
        .find(|a| a.user_id == dee.me.user_id)
        .unwrap();
    assert_eq!(review.state.status, ApplicationStatus::Pending);
    assert_eq!(
        b.relationship_view(&w.ember.token, w.r1)
            .await
            .unwrap()
            .relationship
            .state,
        RelationshipState::Active
    );
    assert!(b.relationship_views(&w.bryn.token).await.is_empty());
    assert!(
        b.relationship_views(&w.moss.token)
            .await
            .iter()
            .all(|v| v.relationship.id == w.r2)
    );

    // B's settings are B's alone.
    let a_settings: Value = b
        .get("/v1/coordinator/program/settings", Some(&w.cora.token))
        .await
        .expect(StatusCode::OK);
    let mut b_settings: ProgramSettings = b
        .get("/v1/coordinator/program/settings", Some(&w.bea.token))
        .await
        .expect(StatusCode::OK);
    b_settings.catalog.areas.push("loneliness".into());
    b_settings.no_contact_days = 2;
    let _: Value = b
        .send(
            Method::PUT,
            "/v1/coordinator/program/settings",
            Some(&w.bea.token),
            &serde_json::to_value(&b_settings).unwrap(),
        )
        .await
        .expect(StatusCode::OK);
    let a_after: Value = b
        .get("/v1/coordinator/program/settings", Some(&w.cora.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(a_after, a_settings);
    let a_info: Value = b
        .get(&format!("/v1/programs/{}", w.program), None)
        .await
        .expect(StatusCode::OK);
    assert!(!a_info.to_string().contains("loneliness"), "{a_info}");
    let b_info: Value = b
        .get(&format!("/v1/programs/{}", w.other_program), None)
        .await
        .expect(StatusCode::OK);
    assert!(b_info.to_string().contains("loneliness"), "{b_info}");

    // Mentees cannot reach mentors of another program, and are never proposed them.
    let (_, outcome) = b.request_mentor(&w.bryn.token, w.moss.me.user_id).await;
    assert_eq!(outcome.status, MutationStatus::Rejected, "{outcome:?}");
    assert!(!outcome.error.unwrap().message.contains("Moss"));
    let (_, outcome) = b.request_mentor(&w.ezra.token, w.bram.me.user_id).await;
    assert_eq!(outcome.status, MutationStatus::Rejected, "{outcome:?}");
    assert!(!outcome.error.unwrap().message.contains("Bram"));
    let bryn_list = b.proposal_list(&w.bryn.token).await;
    assert_eq!(
        bryn_list
            .proposals
            .iter()
            .map(|p| p.mentor_id)
            .collect::<Vec<_>>(),
        vec![w.bram.me.user_id]
    );
    let ezra_list = b.proposal_list(&w.ezra.token).await;
    assert!(
        ezra_list
            .proposals
            .iter()
            .all(|p| p.mentor_id != w.bram.me.user_id),
        "{ezra_list:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn confidential_texts_reach_only_the_programs_coordinators() {
    let w = world().await;
    let b = &w.beacon;
    let ack = Action::AcknowledgeAgreement {
        agreement_version: 1,
    };
    // Ember → Mona: active, then a change request.
    applied(&b.act(&w.mona.token, w.r1, Action::Accept {}).await);
    applied(&b.act(&w.mona.token, w.r1, ack.clone()).await);
    applied(&b.act(&w.ember.token, w.r1, ack.clone()).await);
    applied(
        &b.act(
            &w.ember.token,
            w.r1,
            Action::RequestChange {
                reason: CHANGE_REASON.into(),
            },
        )
        .await,
    );
    // Ezra → Moss: declined with a reason.
    applied(
        &b.act(
            &w.moss.token,
            w.r2,
            Action::Decline {
                reason: Some(DECLINE_REASON.into()),
            },
        )
        .await,
    );
    // Ezra → Mona: accepted, then Mona blocks.
    let (r3, outcome) = b.request_mentor(&w.ezra.token, w.mona.me.user_id).await;
    applied(&outcome);
    applied(&b.act(&w.mona.token, r3, Action::Accept {}).await);
    applied(
        &b.act(
            &w.mona.token,
            r3,
            Action::Block {
                reason: BLOCK_REASON.into(),
            },
        )
        .await,
    );
    // Ember → Moss: active, closed by Ember with a note.
    let (r4, outcome) = b.request_mentor(&w.ember.token, w.moss.me.user_id).await;
    applied(&outcome);
    applied(&b.act(&w.moss.token, r4, Action::Accept {}).await);
    applied(&b.act(&w.moss.token, r4, ack.clone()).await);
    applied(&b.act(&w.ember.token, r4, ack.clone()).await);
    applied(
        &b.act(
            &w.ember.token,
            r4,
            Action::Close {
                reason: CloseReason::Circumstances,
                note: Some(CLOSE_NOTE.into()),
            },
        )
        .await,
    );
    // Bryn → Bram (program B): the coordinator of A closes nothing there; B's coordinator
    // closes it with a note.
    let (r5, outcome) = b.request_mentor(&w.bryn.token, w.bram.me.user_id).await;
    applied(&outcome);
    applied(&b.act(&w.bram.token, r5, Action::Accept {}).await);
    let closed: RelationshipView = b
        .coordinator_act(
            &w.bea.token,
            r5,
            Action::Close {
                reason: CloseReason::SafetyConcern,
                note: Some(COORDINATOR_NOTE.into()),
            },
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        closed.relationship.close_note.as_deref(),
        Some(COORDINATOR_NOTE)
    );
    assert_eq!(closed.relationship.state, RelationshipState::Closed);
    // An application declined with a reason (shown to the applicant).
    let dee = b
        .signup(w.program, &email("dee"), &password("dee"), "Dee Applicant")
        .await;
    applied(
        &b.submit_application(&dee.token, &mentor_application("dee"))
            .await,
    );
    let _: Value = b
        .decide(
            &w.cora.token,
            dee.me.user_id,
            domain::wire::v1::Decision::Decline,
            Some(APPLICATION_DECLINE_REASON),
        )
        .await
        .expect(StatusCode::OK);

    // Everyone reads everything they can.
    let everyone = [
        &w.cora, &w.bea, &w.mona, &w.moss, &w.ember, &w.ezra, &w.bram, &w.bryn, &dee,
    ];
    for session in everyone {
        b.pull_all(&session.token, 0).await;
        b.export(&session.token).await;
        b.proposals(&session.token, Some(20)).await;
    }
    for coordinator in [&w.cora, &w.bea] {
        for path in [
            "/v1/coordinator/applications",
            "/v1/coordinator/change-requests",
            "/v1/coordinator/quiet-matches",
            "/v1/coordinator/metrics",
        ] {
            let _: Value = b
                .get(path, Some(&coordinator.token))
                .await
                .expect(StatusCode::OK);
        }
    }
    let queue: ChangeRequestQueue = b
        .get("/v1/coordinator/change-requests", Some(&w.cora.token))
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        queue
            .items
            .iter()
            .map(|i| (i.relationship_id, i.reason.as_str()))
            .collect::<Vec<_>>(),
        vec![(w.r1, CHANGE_REASON)]
    );

    // Proposals and relationship views never carry a mentor's private data.
    for session in [&w.ember, &w.ezra, &w.bryn] {
        let reply = b.proposals(&session.token, Some(20)).await;
        for (what, text) in [
            ("proposals", reply.text.clone()),
            (
                "relationship views",
                serde_json::to_string(&b.relationship_views(&session.token).await).unwrap(),
            ),
        ] {
            for private in [
                "references",
                "stable_since",
                support::STABLE_SINCE,
                "training",
                "peer support foundations",
                "lat_e2",
                "lon_e2",
                "capacity",
                "Referee",
                "contact-8813",
            ] {
                assert!(
                    !text.contains(private),
                    "{what} contain {private:?}: {text}"
                );
            }
        }
    }

    // Over every response: references only to coordinators of the program and the applicant.
    let cora = w.cora.me.user_id;
    for (mentor, tag) in [(&w.mona, "mona"), (&w.moss, "moss")] {
        let contact = reference_contact(tag);
        let name = reference_name(tag);
        let hits = b.assert_only_sent_to(
            &[("reference contact", &contact), ("reference name", &name)],
            &[cora, mentor.me.user_id],
        );
        assert!(
            hits.iter().all(|&n| n > 0),
            "the coordinator saw {tag}'s references"
        );
    }
    b.assert_only_sent_to(
        &[("Bram's reference", &reference_contact("bram"))],
        &[w.bea.me.user_id, w.bram.me.user_id],
    );
    let hits = b.assert_only_sent_to(
        &[
            ("change reason", CHANGE_REASON),
            ("decline reason", DECLINE_REASON),
            ("block reason", BLOCK_REASON),
            ("close note", CLOSE_NOTE),
        ],
        &[cora],
    );
    assert!(
        hits[0] > 0,
        "the scan saw the coordinator's change-request queue"
    );
    b.assert_only_sent_to(
        &[("coordinator note", COORDINATOR_NOTE)],
        &[w.bea.me.user_id],
    );
    b.assert_only_sent_to(
        &[("application decline reason", APPLICATION_DECLINE_REASON)],
        &[cora, dee.me.user_id],
    );
    // Closed views as the members see them: neutral, without texts.
    let mona_r3 = b.relationship_view(&w.mona.token, r3).await.unwrap();
    assert_eq!(
        mona_r3.relationship.close_reason,
        Some(CloseReason::Blocked)
    );
    let ezra_r3 = b.relationship_view(&w.ezra.token, r3).await.unwrap();
    assert_eq!(
        ezra_r3.relationship.close_reason,
        Some(CloseReason::Unspecified),
        "a blocked person never learns it"
    );
    let mona_r1 = b.relationship_view(&w.mona.token, w.r1).await.unwrap();
    assert_eq!(
        mona_r1.relationship.close_reason,
        Some(CloseReason::Unspecified)
    );

    // And the server log holds none of it, nor names, emails, goals or bios.
    let log = b.server_log();
    let mut secrets: Vec<String> = [
        CHANGE_REASON,
        DECLINE_REASON,
        BLOCK_REASON,
        CLOSE_NOTE,
        COORDINATOR_NOTE,
        APPLICATION_DECLINE_REASON,
        "Goals of",
        "Bio of",
        "contact-8813",
        "Referee",
        "Quillfeather",
        "Vasquez-Lind",
        "Pennywhistle",
        "Oakhurst",
        "Castellane",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    secrets.extend(everyone.iter().map(|s| s.email.clone()));
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "the server log contains {secret:?}"
        );
    }
    assert!(!log.is_empty(), "the server logs something (requests)");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_coordinator_or_mentee_session_is_refused_everywhere() {
    let mut beacon = Beacon::new().with_args(&["--session-idle-ttl-secs", "1"]);
    let program = beacon.create_program("Harbour Trust", "Peer support", &["en-GB"]);
    let cora_login = beacon.new_coordinator(program, "cora");
    beacon.start();
    let cora = beacon.sign_in(&cora_login).await;
    let ember = beacon
        .mentee_with_request(program, "Ember Idle", &mentee_request("ember"))
        .await;
    let _: Value = beacon
        .get("/v1/coordinator/metrics", Some(&cora.token))
        .await
        .expect(StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let someone = Uuid::now_v7();
    let endpoints: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/v1/coordinator/applications".into(), None),
        (
            Method::POST,
            format!("/v1/coordinator/applications/{someone}/decision"),
            Some(json!({"decision": "approve"})),
        ),
        (Method::GET, "/v1/coordinator/change-requests".into(), None),
        (Method::GET, "/v1/coordinator/quiet-matches".into(), None),
        (Method::GET, "/v1/coordinator/metrics".into(), None),
        (
            Method::POST,
            format!("/v1/coordinator/relationships/{someone}/actions"),
            Some(json!({"action": {"type": "close", "reason": "other"}})),
        ),
        (
            Method::POST,
            "/v1/coordinator/intake".into(),
            Some(json!({})),
        ),
        (
            Method::POST,
            "/v1/coordinator/intake/confirm".into(),
            Some(json!({"pairs": []})),
        ),
        (Method::GET, "/v1/coordinator/program/settings".into(), None),
        (Method::GET, "/v1/matching/proposals".into(), None),
    ];
    for session in [&cora, &ember] {
        for endpoint in &endpoints {
            call(&beacon, endpoint, Some(session.token.as_str()))
                .await
                .error(StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ids_are_not_a_way_in_and_nobody_mentors_themselves() {
    let w = world().await;
    let b = &w.beacon;
    // Ezra re-uses Ember's relationship id for his own request: refused, and r1 is untouched.
    applied(
        &b.act(&w.moss.token, w.r2, Action::Decline { reason: None })
            .await,
    );
    let collision = domain::wire::v1::MutationBody::RequestMentor {
        relationship_id: w.r1,
        mentor_id: w.moss.me.user_id,
    };
    let outcome = b
        .push_one(&w.ezra.token, &support::mutation(collision))
        .await;
    let error = rejected(&outcome, ErrorCode::Conflict);
    assert!(!error.message.contains("Mona") && !error.message.contains("Ember"));
    assert_untouched(b, &w.ember, w.r1).await;
    assert_untouched(b, &w.mona, w.r1).await;
    assert!(
        b.relationship_views(&w.ezra.token)
            .await
            .iter()
            .all(|v| v.relationship.id == w.r2)
    );

    // Ezra re-uses the mutation id of Ember's request for a change of his own: it is his
    // mutation, not a "duplicate" of hers (which would report her feed position).
    let ember_first = b
        .feed_of_kind(&w.ember.token, "relationship_changed")
        .await
        .first()
        .and_then(|c| c.mutation_id)
        .expect("Ember's request carries its mutation id");
    let stolen = domain::wire::v1::Mutation {
        mutation_id: ember_first,
        created_at_ms: support::now_ms(),
        body: domain::wire::v1::MutationBody::UpdateProfile {
            display_name: Some("Ezra Again".into()),
            locale: None,
        },
    };
    let outcome = b.push_one(&w.ezra.token, &stolen).await;
    assert_ne!(
        outcome.status,
        MutationStatus::Duplicate,
        "another person's mutation id: {outcome:?}"
    );
    assert_untouched(b, &w.ember, w.r1).await;

    // A mentor who also looks for a mentor is never proposed to themselves, and cannot ask
    // themselves (which would let them accept their own request).
    applied(
        &b.submit_request(&w.moss.token, &mentee_request("moss"))
            .await,
    );
    let list = b.proposal_list(&w.moss.token).await;
    assert!(
        list.proposals
            .iter()
            .all(|p| p.mentor_id != w.moss.me.user_id),
        "a mentor is proposed to themselves: {list:?}"
    );
    let (own, outcome) = b.request_mentor(&w.moss.token, w.moss.me.user_id).await;
    assert_eq!(
        outcome.status,
        MutationStatus::Rejected,
        "a mentor could request themselves: {outcome:?}"
    );
    let accepted = b.act(&w.moss.token, own, Action::Accept {}).await;
    assert_ne!(accepted.status, MutationStatus::Applied, "{accepted:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_mentee_leaves_nothing_behind_for_the_mentor() {
    let w = world().await;
    let b = &w.beacon;
    let ack = Action::AcknowledgeAgreement {
        agreement_version: 1,
    };
    applied(&b.act(&w.mona.token, w.r1, Action::Accept {}).await);
    applied(&b.act(&w.mona.token, w.r1, ack.clone()).await);
    applied(&b.act(&w.ember.token, w.r1, ack).await);
    let before = serde_json::to_string(&b.pull_all(&w.mona.token, 0).await).unwrap();
    assert!(before.contains("Ember Vasquez-Lind") && before.contains("Goals of ember"));

    let reply = b
        .send(
            Method::DELETE,
            "/v1/me",
            Some(&w.ember.token),
            &json!({"password": w.ember.password}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);

    // The mentor is told the relationship ended (or it is gone), with no reason.
    if let Some(view) = b.relationship_view(&w.mona.token, w.r1).await {
        assert!(view.relationship.state.is_final(), "{view:?}");
        if view.relationship.state == RelationshipState::Closed {
            assert_eq!(
                view.relationship.close_reason,
                Some(CloseReason::Unspecified)
            );
        }
    }
    // And nothing of Ember remains in anything Mona (or the coordinator) can read.
    let feed = serde_json::to_string(&b.pull_all(&w.mona.token, 0).await).unwrap();
    let export = b
        .get("/v1/me/export", Some(&w.mona.token))
        .await
        .expect::<Value>(StatusCode::OK)
        .to_string();
    let desk = [
        "/v1/coordinator/applications",
        "/v1/coordinator/change-requests",
        "/v1/coordinator/quiet-matches",
    ];
    let mut coordinator = String::new();
    for path in desk {
        coordinator.push_str(&b.get(path, Some(&w.cora.token)).await.text);
    }
    coordinator.push_str(&b.intake(&w.cora.token).await.text);
    for (what, text) in [
        ("Mona's feed", &feed),
        ("Mona's export", &export),
        ("the coordinator's desk", &coordinator),
    ] {
        for (secret, needle) in [
            ("name", "Ember Vasquez-Lind"),
            ("goals", "Goals of ember"),
            ("email", w.ember.email.as_str()),
        ] {
            assert!(
                !text.contains(needle),
                "{what} still holds the deleted mentee's {secret}"
            );
        }
    }
    // Mona has her place back.
    assert!(
        b.proposal_list(&w.ezra.token)
            .await
            .proposals
            .iter()
            .any(|p| p.mentor_id == w.mona.me.user_id)
    );
}
