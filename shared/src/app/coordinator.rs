//! The coordinator's desk: applications to screen, change requests, quiet matches, mentors'
//! concerns (resolved here, with an optional note for coordinators), program metrics and batch
//! intake. Everything here is online-only (a coordinator works at a desk) and carries metadata,
//! counts and the concern raiser's own words, never message or note content.

use crux_core::{Command, render::render};
use domain::account::Role;
use domain::messaging::normalize_resolution_note;
use domain::wire::v1::{
    ApplicationForReview, ApplicationQueue, ChangeRequestItem, ChangeRequestQueue, ConcernItem,
    ConcernQueue, CoordinatorActionRequest, DecisionRequest, IntakeConfirmRequest, IntakeConfirmed,
    IntakeProposal, ProgramMetrics, QuietMatches, RelationshipView, ResolveConcernRequest,
};
use serde::{Deserialize, Serialize};

use crate::effects::Effect;

use super::api::{ApiResult, Endpoint};
use super::{Event, Model, sync};

/// What the desk shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Desk {
    pub applications: Vec<ApplicationForReview>,
    pub change_requests: Vec<ChangeRequestItem>,
    pub quiet_matches: Option<QuietMatches>,
    /// Mentors' concerns in the program, as the server sent them (newest first).
    pub concerns: Vec<ConcernItem>,
    pub metrics: Option<ProgramMetrics>,
    pub intake: Option<IntakeProposal>,
    /// Requests still in flight.
    pub loading: u32,
}

/// The server's answer to one desk request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeskAnswer {
    Applications(ApiResult<ApplicationQueue>),
    ChangeRequests(ApiResult<ChangeRequestQueue>),
    QuietMatches(ApiResult<QuietMatches>),
    Concerns(ApiResult<ConcernQueue>),
    ConcernResolved(ApiResult<Box<ConcernItem>>),
    Metrics(ApiResult<Box<ProgramMetrics>>),
    Decided(ApiResult<Box<ApplicationForReview>>),
    Acted(ApiResult<Box<RelationshipView>>),
    Intake(ApiResult<Box<IntakeProposal>>),
    IntakeConfirmed(ApiResult<IntakeConfirmed>),
}

pub fn update(event: Event, model: &mut Model) -> Command<Effect, Event> {
    let is_coordinator = model
        .effective()
        .is_some_and(|state| state.me.roles.contains(&Role::Coordinator));
    let Some(session) = model.session.clone().filter(|_| is_coordinator) else {
        if !matches!(event, Event::Desk { .. }) {
            model.notice = Some("Only a coordinator can do that.".to_owned());
            return render();
        }
        return Command::done();
    };
    let endpoint = session.endpoint();
    let epoch = model.epoch;
    let command = match event {
        Event::LoadCoordinatorDesk => reload(&endpoint, epoch, model),
        Event::DecideApplication {
            user_id,
            decision,
            reason,
        } => {
            model.desk.loading += 1;
            let body = DecisionRequest { decision, reason };
            endpoint.post(
                &format!("/v1/coordinator/applications/{user_id}/decision"),
                &body,
                desk(epoch, DeskAnswer::Decided),
            )
        }
        Event::CoordinatorAct {
            relationship_id,
            action,
        } => {
            model.desk.loading += 1;
            endpoint.post(
                &format!("/v1/coordinator/relationships/{relationship_id}/actions"),
                &CoordinatorActionRequest { action },
                desk(epoch, DeskAnswer::Acted),
            )
        }
        Event::ResolveConcern { concern_id, note } => {
            let note = match normalize_resolution_note(note.as_deref()) {
                Ok(note) => note,
                Err(error) => {
                    model.notice = Some(format!("Couldn't resolve the concern: the {error}."));
                    return render();
                }
            };
            model.desk.loading += 1;
            endpoint.post(
                &format!("/v1/coordinator/concerns/{concern_id}/resolve"),
                &ResolveConcernRequest { note },
                desk(epoch, DeskAnswer::ConcernResolved),
            )
        }
        Event::RunIntake => {
            model.desk.loading += 1;
            endpoint.post(
                "/v1/coordinator/intake",
                &serde_json::json!({}),
                desk(epoch, DeskAnswer::Intake),
            )
        }
        Event::ConfirmIntake { pairs } => {
            model.desk.loading += 1;
            endpoint.post(
                "/v1/coordinator/intake/confirm",
                &IntakeConfirmRequest { pairs },
                desk(epoch, DeskAnswer::IntakeConfirmed),
            )
        }
        Event::Desk {
            epoch: answered,
            answer,
        } if answered == model.epoch => {
            model.desk.loading = model.desk.loading.saturating_sub(1);
            return received(*answer, &endpoint, model);
        }
        _ => return Command::done(),
    };
    command.and(render())
}

/// Delivers a desk answer for the session `epoch`.
fn desk<T: 'static>(
    epoch: u64,
    wrap: fn(ApiResult<T>) -> DeskAnswer,
) -> impl FnOnce(ApiResult<T>) -> Event + Send + 'static {
    move |result| Event::Desk {
        epoch,
        answer: Box::new(wrap(result)),
    }
}

/// Fetch every queue (concerns included) and the metrics.
fn reload(endpoint: &Endpoint<'_>, epoch: u64, model: &mut Model) -> Command<Effect, Event> {
    model.desk.loading += 5;
    Command::all([
        endpoint.get(
            "/v1/coordinator/applications",
            desk(epoch, DeskAnswer::Applications),
        ),
        endpoint.get(
            "/v1/coordinator/change-requests",
            desk(epoch, DeskAnswer::ChangeRequests),
        ),
        endpoint.get(
            "/v1/coordinator/quiet-matches",
            desk(epoch, DeskAnswer::QuietMatches),
        ),
        endpoint.get(
            "/v1/coordinator/concerns",
            desk(epoch, DeskAnswer::Concerns),
        ),
        endpoint.get("/v1/coordinator/metrics", desk(epoch, DeskAnswer::Metrics)),
    ])
}

fn received(
    answer: DeskAnswer,
    endpoint: &Endpoint<'_>,
    model: &mut Model,
) -> Command<Effect, Event> {
    let epoch = model.epoch;
    let outcome: Result<bool, _> = match answer {
        DeskAnswer::Applications(result) => result.map(|queue| {
            model.desk.applications = queue.applications;
            false
        }),
        DeskAnswer::ChangeRequests(result) => result.map(|queue| {
            model.desk.change_requests = queue.items;
            false
        }),
        DeskAnswer::QuietMatches(result) => result.map(|quiet| {
            model.desk.quiet_matches = Some(quiet);
            false
        }),
        DeskAnswer::Concerns(result) => result.map(|queue| {
            model.desk.concerns = queue.concerns;
            false
        }),
        // The server's answer is the concern as resolved: show it at once, nothing else changed.
        DeskAnswer::ConcernResolved(Ok(resolved)) => {
            if let Some(concern) = model
                .desk
                .concerns
                .iter_mut()
                .find(|concern| concern.concern_id == resolved.concern_id)
            {
                *concern = *resolved;
            }
            Ok(false)
        }
        DeskAnswer::ConcernResolved(Err(failure)) => {
            let command = sync::request_failed(model, &failure);
            if !failure.is_signed_out() {
                model.notice = Some(format!(
                    "Couldn't resolve the concern: {}",
                    failure.message()
                ));
            }
            return command;
        }
        DeskAnswer::Metrics(result) => result.map(|metrics| {
            model.desk.metrics = Some(*metrics);
            false
        }),
        DeskAnswer::Intake(result) => result.map(|intake| {
            model.desk.intake = Some(*intake);
            false
        }),
        DeskAnswer::IntakeConfirmed(result) => result.map(|_| {
            model.desk.intake = None;
            true
        }),
        DeskAnswer::Decided(result) => result.map(|_| true),
        DeskAnswer::Acted(result) => result.map(|_| true),
    };
    match outcome {
        // A decision or action changed the queues: fetch them again.
        Ok(true) => reload(endpoint, epoch, model).and(render()),
        Ok(false) => render(),
        Err(failure) => sync::request_failed(model, &failure),
    }
}
