//! End to end for mentoring: the real server binary and three app instances (mentor, mentee,
//! coordinator) driven through the same runtime entry point the phone shells use. A mentor is
//! approved at the coordinator's desk, a mentee's request made offline is sent when the server
//! returns, the mentee is matched, both acknowledge the agreement, and a change of mentor reaches
//! the coordinator with its reason while the mentor sees only a neutral closure.

mod support;

use domain::account::Role;
use domain::mentoring::availability::{Weekday, WeeklySlot};
use domain::mentoring::profile::{
    MenteeRequest, MentorApplication, ProgramCatalog, SessionFormat, TrainingCompletion,
};
use domain::relationship::{Action, ActionKind, RelationshipState};
use domain::wire::v1::{ApplicationStatus, Decision};
use shared::Event;
use shared::runtime::Runtime;
use shared::view::Connection;
use support::Beacon;
use support::app::{online, open_app, wait};

fn evenings() -> Vec<WeeklySlot> {
    [Weekday::Tuesday, Weekday::Thursday]
        .into_iter()
        .map(|weekday| WeeklySlot {
            weekday,
            start_minute: 18 * 60,
            end_minute: 21 * 60,
        })
        .collect()
}

/// A civil date from its ISO form (the wire format).
fn date<T: serde::de::DeserializeOwned>(iso: &str) -> T {
    serde_json::from_value(serde_json::Value::String(iso.to_owned())).expect("ISO date")
}

fn application() -> MentorApplication {
    let catalog = ProgramCatalog::default();
    MentorApplication {
        areas: vec!["anxiety".into(), "grief".into()],
        stable_since: date("2020-05-01"),
        training: catalog
            .required_training
            .iter()
            .map(|module| TrainingCompletion {
                module: module.clone(),
                completed_on: date("2025-01-10"),
            })
            .collect(),
        references: vec![domain::mentoring::profile::Reference {
            name: "Pat Referee".into(),
            contact: "pat.referee@example.org".into(),
        }],
        languages: vec!["en".into()],
        formats: vec![SessionFormat::Video, SessionFormat::Phone],
        availability: evenings(),
        time_zone: "Europe/Dublin".into(),
        location: None,
        capacity: 2,
        bio: "Ten years on from my worst year.".into(),
        identity: None,
        strengths: vec!["work".into()],
    }
}

fn request() -> MenteeRequest {
    MenteeRequest {
        areas: vec!["anxiety".into()],
        goals: "Get back to work without panic".into(),
        goal_tags: vec!["work".into()],
        languages: vec!["en".into()],
        formats: vec![SessionFormat::Video],
        availability: evenings(),
        time_zone: "Europe/London".into(),
        preferences: None,
        location: None,
    }
}

fn sign_up(app: &Runtime, program_id: uuid::Uuid, email: &str, name: &str) {
    app.dispatch(Event::SignUp {
        program_id,
        email: email.into(),
        password: support::password(name),
        display_name: name.into(),
        locale: None,
    });
    wait(app, &format!("{name} signed up"), online);
}

#[test]
fn a_mentee_is_matched_with_an_approved_mentor_and_can_ask_for_a_change() {
    let (mut server, program_id) = Beacon::started_with_program();
    let base = server.base().to_owned();
    let dirs = tempfile::tempdir().unwrap();
    let coordinator_password = support::password("coordinator");
    server.add_coordinator(
        program_id,
        "coordinator@example.org",
        "Sam",
        &coordinator_password,
    );

    // A mentor applies; the coordinator approves at the desk.
    let mentor = open_app(&dirs.path().join("mentor"), &base, "Mentor phone");
    sign_up(&mentor, program_id, "jo@example.org", "Jo");
    mentor.dispatch(Event::SubmitMentorApplication {
        application: Box::new(application()),
    });
    wait(&mentor, "application pending on the server", |v| {
        v.mentoring
            .application
            .as_ref()
            .is_some_and(|a| a.status == ApplicationStatus::Pending && !a.pending)
    });

    let desk = open_app(&dirs.path().join("desk"), &base, "Office PC");
    desk.dispatch(Event::LogIn {
        email: "coordinator@example.org".into(),
        password: coordinator_password,
    });
    wait(&desk, "coordinator online", online);
    desk.dispatch(Event::LoadCoordinatorDesk);
    let view = wait(&desk, "application in the queue", |v| {
        v.coordinator
            .as_ref()
            .is_some_and(|c| !c.loading && !c.applications.is_empty())
    });
    let review = &view.coordinator.unwrap().applications[0];
    assert_eq!(
        review.state.application.references[0].contact,
        "pat.referee@example.org"
    );
    assert!(review.missing_training.is_empty());
    desk.dispatch(Event::DecideApplication {
        user_id: review.user_id,
        decision: Decision::Approve,
        reason: None,
    });
    wait(&mentor, "mentor approved", |v| {
        v.mentoring
            .application
            .as_ref()
            .is_some_and(|a| a.status == ApplicationStatus::Approved)
            && v.account
                .as_ref()
                .is_some_and(|a| a.roles.contains(&Role::Mentor))
    });

    // A mentee states a request while the server is down; it is sent when the server returns.
    let mentee = open_app(&dirs.path().join("mentee"), &base, "Mentee phone");
    sign_up(&mentee, program_id, "ari@example.org", "Ari");
    assert!(server.sigterm().success());
    wait(&mentee, "mentee offline", |v| {
        v.sync.connection == Connection::Offline
    });
    mentee.dispatch(Event::SubmitMenteeRequest {
        request: Box::new(request()),
    });
    wait(&mentee, "request queued", |v| {
        v.sync.pending_changes == 1 && v.mentoring.request.is_some()
    });
    server.start_at(base.trim_start_matches("http://"));
    wait(&mentee, "request sent", |v| {
        online(v) && v.sync.pending_changes == 0
    });

    // The mentee sees the mentor with an explanation, and asks them.
    mentee.dispatch(Event::LoadProposals);
    let view = wait(&mentee, "proposals", |v| {
        !v.mentoring.proposals_loading && !v.mentoring.proposals.is_empty()
    });
    let proposal = &view.mentoring.proposals[0];
    assert_eq!(proposal.mentor.display_name, "Jo");
    assert!(
        proposal.explanation.contains("anxiety"),
        "{}",
        proposal.explanation
    );
    let proposal_json = serde_json::to_string(proposal).unwrap();
    assert!(
        !proposal_json.contains("pat.referee"),
        "references never reach a mentee"
    );
    mentee.dispatch(Event::RequestMentor {
        mentor_id: proposal.mentor_id,
    });

    // The mentor accepts; both acknowledge the agreement; the match is active on both phones.
    let view = wait(&mentor, "request arrives", |v| {
        v.mentoring
            .relationships
            .iter()
            .any(|r| r.state == RelationshipState::Requested)
    });
    let card = &view.mentoring.relationships[0];
    assert_eq!(card.counterpart_name, "Ari");
    assert_eq!(
        card.mentee_request.as_ref().unwrap().goals,
        "Get back to work without panic"
    );
    let relationship_id = card.relationship_id;
    mentor.dispatch(Event::ActOnRelationship {
        relationship_id,
        action: Action::Accept {},
    });
    wait(&mentee, "accepted", |v| {
        v.mentoring
            .relationships
            .first()
            .is_some_and(|r| r.state == RelationshipState::Accepted)
    });
    for app in [&mentee, &mentor] {
        app.dispatch(Event::ActOnRelationship {
            relationship_id,
            action: Action::AcknowledgeAgreement {
                agreement_version: 1,
            },
        });
    }
    for app in [&mentee, &mentor] {
        wait(app, "active", |v| {
            v.mentoring
                .relationships
                .first()
                .is_some_and(|r| r.state == RelationshipState::Active && !r.pending)
        });
    }

    // The mentee asks for a change: the mentor sees a neutral closure, the coordinator the reason.
    mentee.dispatch(Event::ActOnRelationship {
        relationship_id,
        action: Action::RequestChange {
            reason: "Our schedules never line up".into(),
        },
    });
    let view = wait(&mentor, "closed for the mentor", |v| {
        v.mentoring
            .relationships
            .first()
            .is_some_and(|r| r.state == RelationshipState::Closed)
    });
    let closed = &view.mentoring.relationships[0];
    assert!(closed.available_actions.is_empty());
    let mentor_json = serde_json::to_string(&view).unwrap();
    assert!(
        !mentor_json.contains("schedules never line up"),
        "the mentor never sees the change reason"
    );
    let closure = closed
        .closure_message
        .clone()
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        !closure.contains("change") && !closure.contains("different"),
        "neutral closure: {closure}"
    );
    desk.dispatch(Event::LoadCoordinatorDesk);
    let view = wait(&desk, "change request at the desk", |v| {
        v.coordinator
            .as_ref()
            .is_some_and(|c| !c.loading && !c.change_requests.is_empty())
    });
    assert_eq!(
        view.coordinator.unwrap().change_requests[0].reason,
        "Our schedules never line up"
    );

    // The old mentor is no longer proposed.
    mentee.dispatch(Event::LoadProposals);
    let view = wait(&mentee, "proposals again", |v| {
        !v.mentoring.proposals_loading
    });
    assert!(
        view.mentoring
            .proposals
            .iter()
            .all(|p| p.mentor_id != proposal.mentor_id)
    );
    let card = &view.mentoring.relationships[0];
    assert_eq!(card.state, RelationshipState::Closed);
    assert!(!card.available_actions.contains(&ActionKind::Accept));
}
