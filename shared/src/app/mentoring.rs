//! Mentoring on the device: checking applications, requests and relationship actions with the
//! domain's rules before they are queued, and fetching the mentors proposed by the server.
//!
//! The changes themselves travel as sync mutations (see [`super::sync`]), so an application, a
//! request for a mentor or an "accept" made offline is sent when the phone is back online.

use crux_core::{Command, render::render};
use domain::TimestampMs;
use domain::mentoring::profile::{
    ProgramCatalog, validate_mentee_request, validate_mentor_application,
};
use domain::relationship::{self, Actor};
use domain::wire::v1::{ApplicationStatus, MutationBody};

use crate::effects::{Effect, StoreOperation};

use super::state::PersonalState;
use super::{Event, Model, sync};

pub fn update(event: Event, model: &mut Model) -> Command<Effect, Event> {
    match event {
        Event::LoadProposals => {
            let Some(session) = &model.session else {
                return Command::done();
            };
            model.proposals_loading = true;
            let epoch = model.epoch;
            session
                .endpoint()
                .get("/v1/matching/proposals?limit=5", move |result| {
                    Event::ProposalsLoaded { epoch, result }
                })
                .and(render())
        }
        Event::ProposalsLoaded { epoch, result } if epoch == model.epoch => {
            model.proposals_loading = false;
            match result {
                Ok(list) => {
                    model.proposals.clone_from(&list.proposals);
                    Command::request_from_shell(StoreOperation::SaveProposals(list.proposals))
                        .then_send(Event::Stored)
                        .and(render())
                }
                Err(failure) => sync::request_failed(model, &failure),
            }
        }
        _ => Command::done(),
    }
}

/// The civil date (UTC) of an instant, for "stable since" and training dates.
fn today(now_ms: TimestampMs) -> jiff::civil::Date {
    jiff::Timestamp::from_millisecond(now_ms)
        .map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date())
        .unwrap_or_default()
}

/// Checks a change against the person's current state with the rules the server will apply,
/// returning it normalised, or a sentence explaining why it cannot be made.
pub fn check(
    state: &PersonalState,
    catalog: &ProgramCatalog,
    body: MutationBody,
    now_ms: TimestampMs,
) -> Result<MutationBody, String> {
    match body {
        MutationBody::UpdateProfile { .. } | MutationBody::UpdateSettings { .. } => {
            body.validated().map_err(|e| e.to_string())
        }
        MutationBody::EditNote { .. }
        | MutationBody::SetNoteSummaryShared { .. }
        | MutationBody::DeleteNote { .. } => super::notes::check(state, body),
        MutationBody::SubmitMentorApplication { application } => {
            validate_mentor_application(&application, catalog, today(now_ms))
                .map(|application| MutationBody::SubmitMentorApplication { application })
                .map_err(|e| e.to_string())
        }
        MutationBody::SetMentorPaused { paused } => match &state.application {
            Some(application) if application.status == ApplicationStatus::Approved => {
                Ok(MutationBody::SetMentorPaused { paused })
            }
            _ => Err("Only an approved mentor can pause or resume new matches.".to_owned()),
        },
        MutationBody::SubmitMenteeRequest { request } => validate_mentee_request(&request, catalog)
            .map(|request| MutationBody::SubmitMenteeRequest { request })
            .map_err(|e| e.to_string()),
        MutationBody::RequestMentor {
            relationship_id,
            mentor_id,
        } => {
            if state.mentee_request.is_none() {
                return Err("Tell us what you're looking for before asking a mentor.".to_owned());
            }
            let open = state
                .relationships
                .iter()
                .any(|r| r.my_role == Actor::Mentee && !r.relationship.state.is_final());
            if open {
                return Err(
                    "You already have a mentor or a request waiting for an answer.".to_owned(),
                );
            }
            if mentor_id == state.me.user_id {
                return Err("You can't be your own mentor.".to_owned());
            }
            Ok(MutationBody::RequestMentor {
                relationship_id,
                mentor_id,
            })
        }
        MutationBody::SendMessage { .. }
        | MutationBody::AcknowledgeMessages { .. }
        | MutationBody::RaiseConcern { .. }
        | MutationBody::ReportMember { .. } => super::messaging::check(state, body, now_ms),
        MutationBody::ProposeSession { .. } | MutationBody::ActOnSession { .. } => {
            super::sessions::check(state, body, now_ms)
        }
        MutationBody::RecordCheckIn { .. } => {
            if !state.is_mentee() {
                return Err("Check-ins are for mentees: ask for a mentor first.".to_owned());
            }
            body.validated().map_err(|e| match e.field() {
                "mood" => "Choose how you feel from 1 (very low) to 5 (very good).".to_owned(),
                "note" => format!(
                    "Keep the note to {} characters or fewer.",
                    domain::checkins::MAX_NOTE_CHARS
                ),
                _ => e.to_string(),
            })
        }
        MutationBody::ActOnRelationship {
            relationship_id,
            action,
        } => {
            let action = action.validated().map_err(|e| e.to_string())?;
            let Some(view) = state.relationship(relationship_id) else {
                return Err("That relationship isn't one of yours.".to_owned());
            };
            relationship::apply(&view.relationship, view.my_role, &action, now_ms)
                .map_err(|e| e.to_string())?;
            Ok(MutationBody::ActOnRelationship {
                relationship_id,
                action,
            })
        }
    }
}
