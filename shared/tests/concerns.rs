//! Crux app tests for mentors' concerns on the coordinator's desk: the desk loads them with its
//! other queues (and again on refresh), shows open ones first with the match's display names, and
//! resolves one online; a refused or unreachable resolution shows a notice and changes nothing.
//! They assert on effects and views only.

use crux_http::HttpError;
use crux_http::protocol::{HttpResponse, HttpResult};
use domain::account::Role;
use domain::wire::v1::{ApiError, ConcernItem, ConcernQueue, ErrorCode, ProgramMetrics};
use shared::Event;
use shared::app::state::PersonalState;
use shared::view::ConcernCard;
use support::{Shell, http, me};
use uuid::Uuid;

mod support;

const RAISED_MS: i64 = 1_780_000_000_000;

fn concern(n: u128, text: &str, raised_at_ms: i64) -> ConcernItem {
    ConcernItem {
        concern_id: Uuid::from_u128(700 + n),
        relationship_id: Uuid::from_u128(500 + n),
        mentor_id: Uuid::from_u128(9),
        mentor_display_name: "Mo".into(),
        mentee_id: Uuid::from_u128(10 + n),
        mentee_display_name: format!("Mentee {n}"),
        text: text.into(),
        raised_at_ms,
        resolved_at_ms: None,
        resolution_note: None,
    }
}

fn resolved(mut item: ConcernItem, at_ms: i64, note: Option<&str>) -> ConcernItem {
    item.resolved_at_ms = Some(at_ms);
    item.resolution_note = note.map(str::to_owned);
    item
}

fn coordinator_shell() -> Shell {
    let mut coordinator = me();
    coordinator.roles = vec![Role::Coordinator];
    let mut shell = Shell::restored(PersonalState::new(coordinator));
    shell.effects.clear();
    shell
}

/// Answers the desk's five reads: `queue` for the concerns, empty or absent for the rest.
fn answer_desk(shell: &mut Shell, queue: &ConcernQueue) {
    let mut concerns = shell
        .take_http("GET", "/v1/coordinator/concerns")
        .expect("the desk loads the concerns");
    shell.resolve(&mut concerns, http(HttpResponse::ok().json(queue).build()));
    let metrics = ProgramMetrics {
        applications_pending: 0,
        mentors_approved: 1,
        mentors_paused: 0,
        mentees_waiting: 0,
        relationships_by_state: vec![],
        change_requests: 0,
        quiet_matches: 0,
        rematch_rate_percent: 0,
        session_counts: vec![],
    };
    for (path, body) in [
        ("applications", serde_json::json!({"applications": []})),
        ("change-requests", serde_json::json!({"items": []})),
        ("quiet-matches", serde_json::json!({"days": 7, "items": []})),
        ("metrics", serde_json::to_value(&metrics).unwrap()),
    ] {
        let mut read = shell
            .take_http("GET", &format!("/v1/coordinator/{path}"))
            .unwrap_or_else(|| panic!("the desk loads {path}"));
        shell.resolve(&mut read, http(HttpResponse::ok().json(&body).build()));
    }
    assert_eq!(shell.view().notice, None, "every desk read was understood");
}

fn desk_concerns(shell: &Shell) -> Vec<ConcernCard> {
    shell
        .view()
        .coordinator
        .expect("a coordinator's desk")
        .concerns
}

/// A coordinator's desk loaded with one open and one resolved concern.
fn loaded() -> (Shell, ConcernItem) {
    let mut shell = coordinator_shell();
    shell.send(Event::LoadCoordinatorDesk);
    let open = concern(1, "I'm worried about them", RAISED_MS);
    let done = resolved(
        concern(2, "Missed two sessions", RAISED_MS + 5_000),
        RAISED_MS + 9_000,
        Some("Spoke to both"),
    );
    let queue = ConcernQueue {
        concerns: vec![done, open.clone()],
        reports: vec![],
    };
    answer_desk(&mut shell, &queue);
    shell.drop_renders();
    (shell, open)
}

#[test]
fn the_desk_loads_concerns_open_first_and_again_on_refresh() {
    let mut shell = coordinator_shell();
    shell.send(Event::LoadCoordinatorDesk);
    assert!(shell.view().coordinator.unwrap().loading);
    let open = concern(1, "I'm worried about them", RAISED_MS);
    let done = resolved(
        concern(2, "Missed two sessions", RAISED_MS + 5_000),
        RAISED_MS + 9_000,
        Some("Spoke to both"),
    );
    answer_desk(
        &mut shell,
        &ConcernQueue {
            concerns: vec![done.clone(), open.clone()],
            reports: vec![],
        },
    );
    let desk = shell.view().coordinator.unwrap();
    assert!(!desk.loading);
    assert_eq!(desk.open_concerns, 1);
    assert_eq!(
        desk.concerns,
        vec![
            ConcernCard {
                concern_id: open.concern_id,
                relationship_id: open.relationship_id,
                mentor_id: open.mentor_id,
                mentor_display_name: "Mo".into(),
                mentee_id: open.mentee_id,
                mentee_display_name: "Mentee 1".into(),
                text: "I'm worried about them".into(),
                raised_at_ms: RAISED_MS,
                resolved: false,
                resolved_at_ms: None,
                resolution_note: None,
            },
            ConcernCard {
                concern_id: done.concern_id,
                relationship_id: done.relationship_id,
                mentor_id: done.mentor_id,
                mentor_display_name: "Mo".into(),
                mentee_id: done.mentee_id,
                mentee_display_name: "Mentee 2".into(),
                text: "Missed two sessions".into(),
                raised_at_ms: RAISED_MS + 5_000,
                resolved: true,
                resolved_at_ms: Some(RAISED_MS + 9_000),
                resolution_note: Some("Spoke to both".into()),
            },
        ]
    );

    // Refreshing the desk reads the concerns again; a new one appears on top.
    let newer = concern(3, "Talked about giving up", RAISED_MS + 20_000);
    shell.send(Event::LoadCoordinatorDesk);
    answer_desk(
        &mut shell,
        &ConcernQueue {
            concerns: vec![newer.clone(), done, open],
            reports: vec![],
        },
    );
    let desk = shell.view().coordinator.unwrap();
    assert_eq!(desk.open_concerns, 2);
    let order: Vec<Uuid> = desk.concerns.iter().map(|c| c.concern_id).collect();
    assert_eq!(
        order,
        [
            Uuid::from_u128(703),
            Uuid::from_u128(701),
            Uuid::from_u128(702)
        ]
    );
}

#[test]
fn resolving_a_concern_updates_the_desk_from_the_servers_answer() {
    let (mut shell, open) = loaded();
    shell.send(Event::ResolveConcern {
        concern_id: open.concern_id,
        note: Some("  Called Mo; safety plan in place.\n".into()),
    });
    let mut post = shell
        .take_http(
            "POST",
            &format!("/v1/coordinator/concerns/{}/resolve", open.concern_id),
        )
        .expect("the resolution is sent at once");
    let body: serde_json::Value = serde_json::from_slice(&post.operation.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"note": "Called Mo; safety plan in place."})
    );
    let desk = shell.view().coordinator.unwrap();
    assert!(desk.loading);
    assert!(
        !desk.concerns[0].resolved,
        "not resolved before the server says so"
    );

    let answer = resolved(
        open.clone(),
        RAISED_MS + 60_000,
        Some("Called Mo; safety plan in place."),
    );
    shell.resolve(&mut post, http(HttpResponse::ok().json(&answer).build()));
    let desk = shell.view().coordinator.unwrap();
    assert!(!desk.loading);
    assert_eq!(desk.open_concerns, 0);
    let card = desk
        .concerns
        .iter()
        .find(|c| c.concern_id == open.concern_id)
        .unwrap();
    assert!(card.resolved);
    assert_eq!(card.resolved_at_ms, Some(RAISED_MS + 60_000));
    assert_eq!(
        card.resolution_note.as_deref(),
        Some("Called Mo; safety plan in place.")
    );
    assert_eq!(shell.view().notice, None);
    assert!(
        shell.take_http("GET", "/v1/coordinator/").is_none(),
        "the answer is enough: no reload"
    );
}

#[test]
fn a_failed_resolution_shows_a_notice_and_changes_nothing() {
    let (mut shell, open) = loaded();
    let before = desk_concerns(&shell);
    let path = format!("/v1/coordinator/concerns/{}/resolve", open.concern_id);

    // The server refuses (e.g. another coordinator resolved it first).
    shell.send(Event::ResolveConcern {
        concern_id: open.concern_id,
        note: None,
    });
    let mut post = shell.take_http("POST", &path).expect("sent");
    let body: serde_json::Value = serde_json::from_slice(&post.operation.body).unwrap();
    assert_eq!(body, serde_json::json!({"note": null}));
    let refusal = ApiError::new(ErrorCode::Conflict, "This concern is already resolved.");
    shell.resolve(
        &mut post,
        http(HttpResponse::status(409).json(&refusal).build()),
    );
    assert_eq!(
        shell.view().notice.as_deref(),
        Some("Couldn't resolve the concern: This concern is already resolved.")
    );
    assert_eq!(desk_concerns(&shell), before);
    assert!(!shell.view().coordinator.unwrap().loading);

    // The server cannot be reached.
    shell.model.notice = None;
    shell.send(Event::ResolveConcern {
        concern_id: open.concern_id,
        note: Some("Called Mo".into()),
    });
    let mut post = shell.take_http("POST", &path).expect("sent");
    shell.resolve(&mut post, HttpResult::Err(HttpError::Io("down".into())));
    let notice = shell.view().notice.expect("a notice");
    assert!(
        notice.starts_with("Couldn't resolve the concern: Can't reach Beacon"),
        "{notice}"
    );
    assert_eq!(desk_concerns(&shell), before);

    // A note over the limit is refused on the device; nothing is sent.
    shell.model.notice = None;
    shell.send(Event::ResolveConcern {
        concern_id: open.concern_id,
        note: Some("x".repeat(domain::messaging::MAX_CONCERN_CHARS + 1)),
    });
    assert!(shell.take_http("POST", "/v1/coordinator/").is_none());
    assert_eq!(
        shell.view().notice.as_deref(),
        Some("Couldn't resolve the concern: the note must be at most 2000 characters.")
    );
    assert_eq!(desk_concerns(&shell), before);
}

#[test]
fn only_coordinators_resolve_concerns() {
    let mut shell = Shell::restored(PersonalState::new(me()));
    shell.effects.clear();
    shell.send(Event::ResolveConcern {
        concern_id: Uuid::from_u128(701),
        note: None,
    });
    assert!(shell.take_http("POST", "/v1/coordinator/").is_none());
    assert!(shell.view().coordinator.is_none());
    assert_eq!(
        shell.view().notice.as_deref(),
        Some("Only a coordinator can do that.")
    );
}
