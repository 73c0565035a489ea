//! Applying the mentoring (and, through [`messaging`] and [`checkins`], the messaging and check-in)
//! mutations of a push for one person. Each returns the caller's feed
//! position, or a refusal (4xx [`AppError`]) before anything was written.

use domain::TimestampMs;
use domain::mentoring::desk::{may_pause, status_after_submission, utc_date};
use domain::mentoring::profile::{
    MenteeRequest, MentorApplication, validate_mentee_request, validate_mentor_application,
};
use domain::messaging::Watermarks;
use domain::wire::v1::{ChangeBody, MenteeRequestState, MentorApplicationState, MutationBody};
use uuid::Uuid;

use super::applications::{self, StoredApplication};
use super::lifecycle::{self, NewRequest};
use super::{requests, review, settings};
use crate::db::WriteCx;
use crate::db::store::checkins;
use crate::db::store::messaging::mutations as messaging;
use crate::db::store::notes;
use crate::db::store::sessions;
use crate::db::store::{changes, users};
use crate::error::AppError;

/// Who pushed the mutation.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub user_id: Uuid,
    pub program_id: Uuid,
    /// The caller's `read_receipts` setting as of this mutation (a setting changed earlier in the
    /// same push counts).
    pub shares_read_receipts: bool,
}

/// Applies one (non-account) mutation; returns the caller's feed position.
pub fn apply(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    mutation_id: Uuid,
    body: &MutationBody,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let position = match body {
        MutationBody::SubmitMentorApplication { application } => Some(submit_application(
            cx,
            caller,
            application,
            mutation_id,
            now,
        )?),
        MutationBody::SetMentorPaused { paused } => {
            Some(set_paused(cx, caller, *paused, mutation_id, now)?)
        }
        MutationBody::SubmitMenteeRequest { request } => {
            Some(submit_request(cx, caller, request, mutation_id, now)?)
        }
        MutationBody::RequestMentor {
            relationship_id,
            mentor_id,
        } => {
            let new = NewRequest {
                relationship_id: *relationship_id,
                program_id: caller.program_id,
                mentee_id: caller.user_id,
                mentor_id: *mentor_id,
                mutation_id: Some(mutation_id),
            };
            lifecycle::request_mentor(cx, new, now)?.1
        }
        MutationBody::ActOnRelationship {
            relationship_id,
            action,
        } => lifecycle::act_as_member(
            cx,
            caller.user_id,
            *relationship_id,
            action,
            mutation_id,
            now,
        )?,
        MutationBody::SendMessage {
            relationship_id,
            message_id,
            text,
        } => Some(messaging::send(
            cx,
            caller,
            *relationship_id,
            *message_id,
            text,
            mutation_id,
            now,
        )?),
        MutationBody::AcknowledgeMessages {
            relationship_id,
            delivered_up_to,
            read_up_to,
        } => Some(messaging::acknowledge(
            cx,
            caller,
            *relationship_id,
            Watermarks {
                delivered_up_to: *delivered_up_to,
                read_up_to: *read_up_to,
            },
            mutation_id,
            now,
        )?),
        MutationBody::RaiseConcern {
            relationship_id,
            concern_id,
            text,
        } => Some(messaging::raise_concern(
            cx,
            caller,
            *relationship_id,
            *concern_id,
            text,
            now,
        )?),
        MutationBody::ReportMember {
            relationship_id,
            report_id,
            text,
            block,
        } => Some(messaging::report(
            cx,
            caller,
            *relationship_id,
            *report_id,
            text,
            *block,
            mutation_id,
            now,
        )?),
        MutationBody::RecordCheckIn {
            check_in_id,
            mood,
            note,
            shared_with_mentor,
        } => Some(checkins::record(
            cx,
            caller,
            *check_in_id,
            *mood,
            note.as_deref(),
            *shared_with_mentor,
            mutation_id,
            now,
        )?),
        MutationBody::ProposeSession { .. } => {
            Some(sessions::propose(cx, caller, body, mutation_id, now)?)
        }
        MutationBody::ActOnSession { series_id, action } => Some(sessions::act(
            cx,
            caller,
            *series_id,
            action,
            mutation_id,
            now,
        )?),
        MutationBody::EditNote {
            note_id,
            relationship_id,
            kind,
            body_update,
            summary_update,
        } => Some(notes::edit(
            cx,
            caller.user_id,
            *note_id,
            *relationship_id,
            kind,
            body_update.as_deref(),
            summary_update.as_deref(),
            mutation_id,
            now,
        )?),
        MutationBody::SetNoteSummaryShared { note_id, shared } => Some(notes::set_shared(
            cx,
            caller.user_id,
            *note_id,
            *shared,
            mutation_id,
            now,
        )?),
        MutationBody::DeleteNote { note_id } => Some(notes::delete(
            cx,
            caller.user_id,
            *note_id,
            mutation_id,
            now,
        )?),
        MutationBody::UpdateProfile { .. } | MutationBody::UpdateSettings { .. } => None,
    };
    position.ok_or_else(|| AppError::internal("a mentoring mutation produced no feed entry"))
}

fn submit_application(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    application: &MentorApplication,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let catalog = settings::get(cx, caller.program_id)?.catalog;
    let application = validate_mentor_application(application, &catalog, utc_date(now))?;
    let previous = applications::get(cx, caller.user_id)?;
    let status = status_after_submission(previous.as_ref().map(|p| &p.state), &application);
    let kept = previous
        .as_ref()
        .filter(|previous| previous.state.status == status)
        .filter(|_| status != domain::wire::v1::ApplicationStatus::Pending);
    let state = MentorApplicationState {
        application,
        status,
        reason: kept.and_then(|p| p.state.reason.clone()),
        submitted_at_ms: now,
        decided_at_ms: kept.and_then(|p| p.state.decided_at_ms),
        paused: previous.as_ref().is_some_and(|p| p.state.paused),
    };
    applications::save(cx, caller.user_id, caller.program_id, &state)?;
    review::sync_mentor_role(cx, caller.user_id, status, now)?;
    let display_name = users::display_name(cx, caller.user_id)?.unwrap_or_default();
    let stored = StoredApplication {
        user_id: caller.user_id,
        program_id: caller.program_id,
        display_name,
        state,
    };
    review::announce(cx, &stored, Some(mutation_id), now)
}

fn set_paused(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    paused: bool,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let mut stored = applications::get(cx, caller.user_id)?
        .filter(|stored| may_pause(stored.state.status))
        .ok_or_else(|| {
            AppError::forbidden("Only approved mentors can pause or resume new matches.")
        })?;
    stored.state.paused = paused;
    applications::save(cx, caller.user_id, caller.program_id, &stored.state)?;
    review::announce(cx, &stored, Some(mutation_id), now)
}

fn submit_request(
    cx: &mut WriteCx<'_>,
    caller: Caller,
    request: &MenteeRequest,
    mutation_id: Uuid,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let catalog = settings::get(cx, caller.program_id)?.catalog;
    let request = validate_mentee_request(request, &catalog)?;
    let state = MenteeRequestState {
        request,
        submitted_at_ms: now,
    };
    requests::save(cx, caller.user_id, caller.program_id, &state)?;
    let body = ChangeBody::MenteeRequestChanged {
        state: Box::new(state),
    };
    changes::append(cx, caller.user_id, Some(mutation_id), now, &body)
}
