//! App instances for end-to-end tests: the real core and Rust runtime, exactly as the phone shells
//! drive them, each with its own data directory (local SQLite store and token file).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use shared::ViewModel;
use shared::runtime::{DesktopPlatform, Runtime, RuntimeConfig};
use shared::view::{Connection, Screen};

/// How long an end-to-end step may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(30);

pub fn open_app(dir: &Path, server_url: &str, device_name: &str) -> Runtime {
    let config = RuntimeConfig {
        data_dir: dir.to_owned(),
        server_url: server_url.to_owned(),
        device_name: device_name.to_owned(),
    };
    Runtime::start(config, Arc::new(DesktopPlatform::new(dir))).expect("app starts")
}

/// Waits for a rendered view that satisfies `predicate`, or fails naming `what` with the view.
pub fn wait(app: &Runtime, what: &str, predicate: impl Fn(&ViewModel) -> bool) -> ViewModel {
    app.wait_for(WAIT, predicate)
        .unwrap_or_else(|_| panic!("timed out waiting for: {what}; view: {:#?}", app.view()))
}

pub fn online(view: &ViewModel) -> bool {
    view.screen == Screen::SignedIn && view.sync.connection == Connection::Online
}

/// A mentee and a mentor, each on their own app instance, in an active relationship: the mentor
/// applied and was approved by a coordinator (over HTTP), the mentee stated a request, asked the
/// proposed mentor, the mentor accepted and both acknowledged the agreement — all through the
/// apps' own events.
pub struct MatchedApps {
    pub mentee: Runtime,
    pub mentor: Runtime,
    pub relationship_id: uuid::Uuid,
}

pub fn matched_apps(
    server: &super::Beacon,
    program_id: uuid::Uuid,
    dir: &Path,
    tag: &str,
) -> MatchedApps {
    use domain::relationship::{Action, RelationshipState};
    use shared::Event;

    let rt = tokio::runtime::Runtime::new().expect("tokio");
    let base = server.base().to_owned();
    let coordinator = server.new_coordinator(program_id, &format!("{tag}-coordinator"));
    let sign_up = |app: &Runtime, name: &str| {
        app.dispatch(Event::SignUp {
            program_id,
            email: format!("{name}-{tag}@example.org"),
            password: super::password(name),
            display_name: name.to_owned(),
            locale: None,
        });
        wait(app, &format!("{name} signed up"), online);
    };

    let mentor = open_app(&dir.join(format!("{tag}-mentor")), &base, "Mentor phone");
    sign_up(&mentor, "mentor");
    mentor.dispatch(Event::SubmitMentorApplication {
        application: Box::new(super::mentor_application(tag)),
    });
    let view = wait(&mentor, "application stored", |v| {
        v.mentoring.application.as_ref().is_some_and(|a| !a.pending)
    });
    let mentor_id = view.account.expect("signed in").user_id;
    rt.block_on(async {
        let session = server.sign_in(&coordinator).await;
        server.approve(&session.token, mentor_id).await;
    });

    let mentee = open_app(&dir.join(format!("{tag}-mentee")), &base, "Mentee phone");
    sign_up(&mentee, "mentee");
    mentee.dispatch(Event::SubmitMenteeRequest {
        request: Box::new(super::mentee_request(tag)),
    });
    wait(&mentee, "request stored", |v| {
        online(v) && v.sync.pending_changes == 0 && v.mentoring.request.is_some()
    });
    mentee.dispatch(Event::LoadProposals);
    wait(&mentee, "mentor proposed", |v| {
        v.mentoring
            .proposals
            .iter()
            .any(|p| p.mentor_id == mentor_id)
    });
    mentee.dispatch(Event::RequestMentor { mentor_id });
    let view = wait(&mentor, "request arrives", |v| {
        !v.mentoring.relationships.is_empty()
    });
    let relationship_id = view.mentoring.relationships[0].relationship_id;
    mentor.dispatch(Event::ActOnRelationship {
        relationship_id,
        action: Action::Accept {},
    });
    wait(&mentee, "accepted", |v| {
        v.mentoring
            .relationships
            .first()
            .is_some_and(|r| r.state == RelationshipState::Accepted && !r.pending)
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
    MatchedApps {
        mentee,
        mentor,
        relationship_id,
    }
}
