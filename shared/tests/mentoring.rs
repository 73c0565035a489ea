//! Crux app tests for mentoring: applications, requests, proposals, the relationship state
//! machine on the device, and the coordinator's desk. They assert on effects and views only.

use crux_http::protocol::HttpResponse;
use domain::account::Role;
use domain::mentoring::availability::{Weekday, WeeklySlot};
use domain::mentoring::profile::{
    MenteeRequest, MentorApplication, MentorPublicProfile, SessionFormat,
};
use domain::relationship::{
    self, Action, ActionKind, Actor, Agreement, Cadence, CloseReason, Relationship,
    RelationshipState, ResponseWindow,
};
use domain::wire::v1::{
    ApplicationStatus, Change, ChangeBody, ChangesPage, Counterpart, Decision, MutationBody,
    ProposalList, ProposalView, RelationshipView,
};
use shared::Event;
use shared::app::state::PersonalState;
use shared::effects::StoreOperation;
use support::{Shell, http, me};
use uuid::Uuid;

mod support;

const NOW_SECS: u64 = 1_780_000_000; // mid-2026
const NOW_MS: i64 = 1_780_000_000_000;

fn evenings() -> Vec<WeeklySlot> {
    [Weekday::Monday, Weekday::Wednesday]
        .into_iter()
        .map(|weekday| WeeklySlot {
            weekday,
            start_minute: 18 * 60,
            end_minute: 21 * 60,
        })
        .collect()
}

fn request() -> MenteeRequest {
    MenteeRequest {
        areas: vec!["anxiety".into()],
        goals: "Sleep better and get back to work".into(),
        goal_tags: vec!["work".into()],
        languages: vec!["en".into()],
        formats: vec![SessionFormat::Video],
        availability: evenings(),
        time_zone: "Europe/London".into(),
        preferences: None,
        location: None,
    }
}

fn application(capacity: u32) -> MentorApplication {
    MentorApplication {
        areas: vec!["anxiety".into()],
        stable_since: jiff::civil::date(2021, 3, 1),
        training: Vec::new(),
        references: Vec::new(),
        languages: vec!["en".into()],
        formats: vec![SessionFormat::Video, SessionFormat::Phone],
        availability: evenings(),
        time_zone: "America/New_York".into(),
        location: None,
        capacity,
        bio: "I've been where you are.".into(),
        identity: None,
        strengths: vec!["work".into()],
    }
}

fn mentor_profile() -> MentorPublicProfile {
    MentorPublicProfile::from_application("Jo", &application(2))
}

fn with_state(state: PersonalState) -> Shell {
    let mut shell = Shell::restored(state);
    shell.effects.clear();
    shell
}

/// A relationship between `me()` as mentee and mentor 9, driven into `state` with the domain's
/// own transitions.
fn relationship_in(state: RelationshipState) -> Relationship {
    let t0 = NOW_MS - 1_000;
    let requested = Relationship::request(
        Uuid::from_u128(500),
        Uuid::from_u128(2),
        me().user_id,
        Uuid::from_u128(9),
        Agreement::standard(1, Cadence::Weekly),
        ResponseWindow::default(),
        t0,
    )
    .unwrap();
    let step = |r: &Relationship, actor, action: Action| {
        relationship::apply(r, actor, &action, t0)
            .unwrap()
            .relationship
    };
    let accepted = || step(&requested, Actor::Mentor, Action::Accept {});
    let active = || {
        let once = step(
            &accepted(),
            Actor::Mentee,
            Action::AcknowledgeAgreement {
                agreement_version: 1,
            },
        );
        step(
            &once,
            Actor::Mentor,
            Action::AcknowledgeAgreement {
                agreement_version: 1,
            },
        )
    };
    match state {
        RelationshipState::Requested => requested.clone(),
        RelationshipState::Accepted => accepted(),
        RelationshipState::Active => active(),
        RelationshipState::Paused => step(&active(), Actor::Mentor, Action::Pause { until: None }),
        RelationshipState::Declined => {
            step(&requested, Actor::Mentor, Action::Decline { reason: None })
        }
        RelationshipState::Withdrawn => step(&requested, Actor::Mentee, Action::Withdraw {}),
        RelationshipState::Expired => {
            relationship::apply(
                &requested,
                Actor::System,
                &Action::Expire {},
                requested.respond_by,
            )
            .unwrap()
            .relationship
        }
        RelationshipState::Closed => step(
            &active(),
            Actor::Mentee,
            Action::Close {
                reason: CloseReason::GoalsReached,
                note: None,
            },
        ),
    }
}

fn view_of(relationship: &Relationship, my_role: Actor) -> RelationshipView {
    RelationshipView {
        relationship: relationship.redacted_for(my_role),
        my_role,
        counterpart: Counterpart {
            user_id: Uuid::from_u128(9),
            display_name: "Jo".into(),
            mentor_profile: Some(mentor_profile()),
            mentee_request: None,
        },
        closure_message: None,
    }
}

fn one_of_each_action() -> Vec<Action> {
    vec![
        Action::Accept {},
        Action::Decline {
            reason: Some("Not the right time".into()),
        },
        Action::Withdraw {},
        Action::AcknowledgeAgreement {
            agreement_version: 1,
        },
        Action::Pause { until: None },
        Action::Resume {},
        Action::Close {
            reason: CloseReason::NotAGoodFit,
            note: None,
        },
        Action::RequestChange {
            reason: "We don't click".into(),
        },
        Action::Block {
            reason: "Made me uncomfortable".into(),
        },
        Action::Expire {},
    ]
}

/// Written out by hand from the product's lifecycle (not derived from the code under test).
fn allowed(state: RelationshipState, actor: Actor) -> Vec<ActionKind> {
    use ActionKind as A;
    use RelationshipState as S;
    match (state, actor) {
        (S::Requested, Actor::Mentee) => vec![A::Withdraw, A::Block],
        (S::Requested, Actor::Mentor) => vec![A::Accept, A::Decline, A::Block],
        (S::Accepted, Actor::Mentee) => vec![
            A::AcknowledgeAgreement,
            A::Close,
            A::RequestChange,
            A::Block,
        ],
        (S::Accepted, Actor::Mentor) => vec![A::AcknowledgeAgreement, A::Close, A::Block],
        (S::Active, Actor::Mentee) => vec![A::Pause, A::Close, A::RequestChange, A::Block],
        (S::Active, Actor::Mentor) => vec![A::Pause, A::Close, A::Block],
        (S::Paused, Actor::Mentee) => vec![A::Resume, A::Close, A::RequestChange, A::Block],
        (S::Paused, Actor::Mentor) => vec![A::Resume, A::Close, A::Block],
        _ => vec![],
    }
}

#[test]
fn every_relationship_action_from_every_state_is_queued_or_refused_on_the_device() {
    for state in RelationshipState::ALL {
        for role in [Actor::Mentee, Actor::Mentor] {
            for action in one_of_each_action() {
                let mut personal = PersonalState::new(me());
                personal
                    .relationships
                    .push(view_of(&relationship_in(state), role));
                let mut shell = with_state(personal);
                let kind = action.kind();
                shell.send(Event::ActOnRelationship {
                    relationship_id: Uuid::from_u128(500),
                    action: action.clone(),
                });
                shell.stamp(NOW_SECS);
                let queued = shell.enqueued();
                let expected = allowed(state, role).contains(&kind);
                let case = format!("{role:?} {kind:?} from {state:?}");
                if expected {
                    assert_eq!(queued.len(), 1, "{case} should be queued");
                    assert_eq!(
                        queued[0].body,
                        MutationBody::ActOnRelationship {
                            relationship_id: Uuid::from_u128(500),
                            action
                        }
                    );
                    assert!(shell.view().notice.is_none(), "{case}");
                    let card = &shell.view().mentoring.relationships[0];
                    assert!(card.pending, "{case}: shown as waiting for the server");
                } else {
                    assert!(queued.is_empty(), "{case} should be refused");
                    let notice = shell.view().notice.unwrap_or_default();
                    assert!(!notice.is_empty(), "{case}: the refusal is explained");
                    assert_eq!(
                        shell.view().mentoring.relationships[0].state,
                        state,
                        "{case}: nothing changed"
                    );
                }
            }
        }
    }
}

#[test]
fn accepting_then_acknowledging_updates_the_card_before_the_server_answers() {
    let mut personal = PersonalState::new(me());
    personal.relationships.push(view_of(
        &relationship_in(RelationshipState::Requested),
        Actor::Mentor,
    ));
    let mut shell = with_state(personal);
    let card = &shell.view().mentoring.relationships[0];
    assert_eq!(
        card.available_actions,
        vec![ActionKind::Accept, ActionKind::Decline, ActionKind::Block]
    );
    shell.send(Event::ActOnRelationship {
        relationship_id: Uuid::from_u128(500),
        action: Action::Accept {},
    });
    shell.stamp(NOW_SECS);
    shell.enqueued();
    shell.send(Event::ActOnRelationship {
        relationship_id: Uuid::from_u128(500),
        action: Action::AcknowledgeAgreement {
            agreement_version: 1,
        },
    });
    shell.stamp(NOW_SECS + 1);
    assert_eq!(shell.enqueued().len(), 1);
    let card = &shell.view().mentoring.relationships[0];
    assert_eq!(card.state, RelationshipState::Accepted);
    assert!(card.i_acknowledged && !card.they_acknowledged);
    assert!(card.not_treatment_statement.contains("never replaces"));
    assert_eq!(shell.view().sync.pending_changes, 2);
}

#[test]
fn a_request_made_offline_is_validated_queued_and_shown() {
    let mut shell = with_state(PersonalState::new(me()));
    let mut bad = request();
    bad.languages.clear();
    shell.send(Event::SubmitMenteeRequest {
        request: Box::new(bad),
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("language"));

    shell.send(Event::SubmitMenteeRequest {
        request: Box::new(request()),
    });
    shell.stamp(NOW_SECS);
    let queued = shell.enqueued();
    assert!(matches!(
        queued[0].body,
        MutationBody::SubmitMenteeRequest { .. }
    ));
    assert_eq!(
        shell.view().mentoring.request.unwrap().goals,
        "Sleep better and get back to work"
    );
    assert!(
        shell.take_http("POST", "/v1/sync/push").is_some(),
        "sent as soon as it is stored"
    );
}

#[test]
fn proposals_are_fetched_shown_with_explanations_and_kept_for_offline() {
    let mut personal = PersonalState::new(me());
    personal.mentee_request = Some(domain::wire::v1::MenteeRequestState {
        request: request(),
        submitted_at_ms: 1,
    });
    let mut shell = with_state(personal);
    shell.send(Event::LoadProposals);
    assert!(shell.view().mentoring.proposals_loading);
    let mut fetch = shell
        .take_http("GET", "/v1/matching/proposals")
        .expect("asks the server to rank");
    let list = ProposalList {
        proposals: vec![ProposalView {
            mentor_id: Uuid::from_u128(9),
            mentor: mentor_profile(),
            score: 80,
            explanation: "both of you: anxiety; weekday evenings overlap 6 h".into(),
            factors: vec![],
        }],
    };
    shell.resolve(&mut fetch, http(HttpResponse::ok().json(&list).build()));
    let view = shell.view();
    assert!(!view.mentoring.proposals_loading);
    assert_eq!(
        view.mentoring.proposals[0].explanation,
        "both of you: anxiety; weekday evenings overlap 6 h"
    );
    assert_eq!(
        shell.store_all_done(),
        vec![StoreOperation::SaveProposals(list.proposals.clone())]
    );

    // Requesting the proposed mentor shows a requested relationship at once; a second request is refused.
    shell.send(Event::RequestMentor {
        mentor_id: Uuid::from_u128(9),
    });
    shell.stamp(NOW_SECS);
    let queued = shell.enqueued();
    let MutationBody::RequestMentor {
        relationship_id,
        mentor_id,
    } = queued[0].body.clone()
    else {
        panic!("expected a request")
    };
    assert_eq!(mentor_id, Uuid::from_u128(9));
    assert_eq!(
        relationship_id.get_version_num(),
        7,
        "the relationship id is minted on the device"
    );
    assert_ne!(relationship_id, queued[0].mutation_id);
    let card = &shell.view().mentoring.relationships[0];
    assert_eq!(
        (card.state, card.counterpart_name.as_str()),
        (RelationshipState::Requested, "Jo")
    );
    assert_eq!(
        card.available_actions,
        vec![ActionKind::Withdraw, ActionKind::Block]
    );
    shell.send(Event::RequestMentor {
        mentor_id: Uuid::from_u128(10),
    });
    shell.stamp(NOW_SECS + 1);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("already"));
}

#[test]
fn asking_for_a_mentor_needs_a_request_first() {
    let mut shell = with_state(PersonalState::new(me()));
    shell.send(Event::RequestMentor {
        mentor_id: Uuid::from_u128(9),
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("looking for"));
}

#[test]
fn a_mentor_application_is_validated_and_pausing_needs_approval() {
    let mut shell = with_state(PersonalState::new(me()));
    shell.send(Event::SubmitMentorApplication {
        application: Box::new(application(0)),
    });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty(), "capacity 0 is refused");
    assert!(shell.view().notice.unwrap().contains("capacity"));

    shell.send(Event::SubmitMentorApplication {
        application: Box::new(application(2)),
    });
    shell.stamp(NOW_SECS);
    assert_eq!(shell.enqueued().len(), 1);
    let view = shell.view().mentoring.application.unwrap();
    assert_eq!(view.status, ApplicationStatus::Pending);
    assert!(view.pending);

    shell.send(Event::SetMentorPaused { paused: true });
    shell.stamp(NOW_SECS);
    assert!(shell.enqueued().is_empty());
    assert!(shell.view().notice.unwrap().contains("approved"));
}

#[test]
fn relationship_changes_from_the_feed_replace_the_local_copy() {
    let mut shell = Shell::restored(PersonalState::new(me()));
    let mut pull = shell
        .take_http("GET", "/v1/sync/changes")
        .expect("start-up pulls");
    let view = view_of(&relationship_in(RelationshipState::Closed), Actor::Mentor);
    let page = ChangesPage {
        changes: vec![
            Change {
                position: 1,
                mutation_id: None,
                at_ms: NOW_MS,
                body: ChangeBody::RolesChanged {
                    roles: vec![Role::Mentee, Role::Mentor],
                },
            },
            Change {
                position: 2,
                mutation_id: None,
                at_ms: NOW_MS,
                body: ChangeBody::RelationshipChanged {
                    view: Box::new(view),
                },
            },
        ],
        cursor: 2,
        has_more: false,
    };
    shell.resolve(&mut pull, http(HttpResponse::ok().json(&page).build()));
    let view = shell.view();
    assert_eq!(
        view.account.unwrap().roles,
        vec![Role::Mentee, Role::Mentor]
    );
    let card = &view.mentoring.relationships[0];
    assert_eq!(card.state, RelationshipState::Closed);
    assert!(card.available_actions.is_empty());
}

#[test]
fn the_desk_is_for_coordinators_only_and_reloads_after_a_decision() {
    let mut shell = with_state(PersonalState::new(me()));
    shell.send(Event::LoadCoordinatorDesk);
    assert!(shell.take_http("GET", "/v1/coordinator/").is_none());
    assert!(shell.view().coordinator.is_none());
    assert!(shell.view().notice.unwrap().contains("coordinator"));

    let mut coordinator = me();
    coordinator.roles = vec![Role::Coordinator];
    let mut shell = with_state(PersonalState::new(coordinator));
    shell.send(Event::LoadCoordinatorDesk);
    for path in [
        "applications",
        "change-requests",
        "quiet-matches",
        "metrics",
    ] {
        assert!(
            shell
                .take_http("GET", &format!("/v1/coordinator/{path}"))
                .is_some(),
            "{path}"
        );
    }
    assert!(shell.view().coordinator.unwrap().loading);
    shell.send(Event::DecideApplication {
        user_id: Uuid::from_u128(44),
        decision: Decision::Decline,
        reason: Some("Not yet".into()),
    });
    let mut decide = shell
        .take_http(
            "POST",
            &format!(
                "/v1/coordinator/applications/{}/decision",
                Uuid::from_u128(44)
            ),
        )
        .expect("decision sent");
    let body: serde_json::Value = serde_json::from_slice(&decide.operation.body).unwrap();
    assert_eq!(body["decision"], "decline");
    let error =
        domain::wire::v1::ApiError::new(domain::wire::v1::ErrorCode::Conflict, "Already decided.");
    shell.resolve(
        &mut decide,
        http(HttpResponse::status(409).json(&error).build()),
    );
    assert_eq!(shell.view().notice.as_deref(), Some("Already decided."));
}
