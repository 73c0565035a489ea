//! A coordinator's decision on a mentor application ([`domain::mentoring::desk::decide`]), and
//! keeping the mentor role in step with the application's status.

use domain::TimestampMs;
use domain::account::Role;
use domain::mentoring::desk::{DecisionError, decide, holds_mentor_role, utc_date};
use domain::mentoring::profile::{ProgramCatalog, missing_required_training, months_stable};
use domain::wire::v1::{ApplicationForReview, ApplicationStatus, ChangeBody, DecisionRequest};
use uuid::Uuid;

use super::applications::{self, StoredApplication};
use super::settings;
use crate::db::WriteCx;
use crate::db::store::{changes, users};
use crate::error::AppError;

/// Grants or removes the mentor role to match `status`; feeds `roles_changed` when it changed.
pub fn sync_mentor_role(
    cx: &mut WriteCx<'_>,
    user_id: Uuid,
    status: ApplicationStatus,
    now: TimestampMs,
) -> Result<(), AppError> {
    if users::set_role(cx, user_id, Role::Mentor, holds_mentor_role(status))? {
        let roles = users::roles(cx, user_id)?;
        changes::append(cx, user_id, None, now, &ChangeBody::RolesChanged { roles })?;
    }
    Ok(())
}

/// Feeds the applicant their application as it now stands.
pub fn announce(
    cx: &mut WriteCx<'_>,
    stored: &StoredApplication,
    mutation_id: Option<Uuid>,
    now: TimestampMs,
) -> Result<u64, AppError> {
    let body = ChangeBody::MentorApplicationChanged {
        state: Box::new(stored.state.clone()),
    };
    changes::append(cx, stored.user_id, mutation_id, now, &body)
}

/// The application as a coordinator reviews it.
pub fn for_review(
    stored: StoredApplication,
    catalog: &ProgramCatalog,
    now: TimestampMs,
) -> ApplicationForReview {
    ApplicationForReview {
        user_id: stored.user_id,
        display_name: stored.display_name,
        missing_training: missing_required_training(&stored.state.application, catalog),
        months_stable: months_stable(stored.state.application.stable_since, utc_date(now)),
        state: stored.state,
    }
}

fn refusal(error: &DecisionError) -> AppError {
    match error {
        DecisionError::ReasonRequired | DecisionError::ReasonTooLong(_) => {
            AppError::validation("reason", error.to_string())
        }
        DecisionError::MissingTraining(_) | DecisionError::InvalidFromStatus { .. } => {
            AppError::conflict(error.to_string())
        }
    }
}

/// Applies a coordinator of `program_id`'s decision on `user_id`'s application (another program's
/// application is not found).
pub fn decide_application(
    cx: &mut WriteCx<'_>,
    program_id: Uuid,
    user_id: Uuid,
    request: &DecisionRequest,
    now: TimestampMs,
) -> Result<ApplicationForReview, AppError> {
    let mut stored = applications::get(cx, user_id)?
        .filter(|stored| stored.program_id == program_id)
        .ok_or_else(|| AppError::not_found("The application"))?;
    let catalog = settings::get(cx, program_id)?.catalog;
    let missing = missing_required_training(&stored.state.application, &catalog);
    let (status, reason) = decide(
        stored.state.status,
        request.decision,
        request.reason.as_deref(),
        &missing,
    )
    .map_err(|error| refusal(&error))?;
    stored.state.status = status;
    stored.state.reason = reason;
    stored.state.decided_at_ms = Some(now);
    applications::save(cx, user_id, program_id, &stored.state)?;
    sync_mentor_role(cx, user_id, status, now)?;
    announce(cx, &stored, None, now)?;
    Ok(for_review(stored, &catalog, now))
}
