//! Applying a pushed batch of mutations: idempotent, in order, inside one writer job.

use domain::TimestampMs;
use domain::wire::v1::{ApiError, ErrorCode, Mutation, MutationOutcome, MutationStatus};
use uuid::Uuid;

use super::{changes, users};
use crate::db::WriteCx;
use crate::error::AppError;

/// Applies `mutations` for `user_id` in order and says what happened to each:
/// seen before → `duplicate` (original position); invalid → `rejected`; else `applied`.
pub fn apply(
    cx: &mut WriteCx<'_>,
    user_id: Uuid,
    mutations: Vec<Mutation>,
    now: TimestampMs,
) -> Result<Vec<MutationOutcome>, AppError> {
    let Some((mut profile, mut settings)) = users::profile_and_settings(cx, user_id)? else {
        return Err(AppError::unauthenticated());
    };
    let mut outcomes = Vec::with_capacity(mutations.len());
    let mut dirty = false;
    for mutation in mutations {
        let mutation_id = mutation.mutation_id;
        if let Some(position) = changes::applied_position(cx, user_id, mutation_id)? {
            outcomes.push(outcome(
                mutation_id,
                MutationStatus::Duplicate,
                Some(position),
                None,
            ));
            continue;
        }
        let body = match mutation.body.validated() {
            Ok(body) => body,
            Err(error) => {
                let error = ApiError::from(error);
                outcomes.push(outcome(
                    mutation_id,
                    MutationStatus::Rejected,
                    None,
                    Some(error),
                ));
                continue;
            }
        };
        let Some(change) = body.apply(&mut profile, &mut settings) else {
            let error = ApiError::new(
                ErrorCode::ValidationFailed,
                "This server does not apply that kind of change yet.",
            );
            outcomes.push(outcome(
                mutation_id,
                MutationStatus::Rejected,
                None,
                Some(error),
            ));
            continue;
        };
        dirty = true;
        let position = changes::append(cx, user_id, Some(mutation_id), now, &change)?;
        changes::record_applied(cx, user_id, mutation_id, position)?;
        outcomes.push(outcome(
            mutation_id,
            MutationStatus::Applied,
            Some(position),
            None,
        ));
    }
    if dirty {
        users::save_profile_and_settings(cx, user_id, &profile, settings)?;
    }
    Ok(outcomes)
}

fn outcome(
    mutation_id: Uuid,
    status: MutationStatus,
    position: Option<u64>,
    error: Option<ApiError>,
) -> MutationOutcome {
    MutationOutcome {
        mutation_id,
        status,
        position,
        error,
    }
}
