//! Applying a pushed batch of mutations: idempotent, in order, inside one writer job.
//!
//! Profile and settings changes apply here; mentoring and messaging mutations go to
//! [`mentoring::mutations`](super::mentoring::mutations). A refused mutation writes nothing (every
//! check runs before any write) and is reported as `rejected`.

use domain::TimestampMs;
use domain::wire::v1::{ApiError, Mutation, MutationOutcome, MutationStatus};
use uuid::Uuid;

use super::mentoring::mutations::{self as mentoring, Caller};
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
    let program_id = users::program_of(cx, user_id)?.ok_or_else(AppError::unauthenticated)?;
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
                outcomes.push(rejected(mutation_id, ApiError::from(error)));
                continue;
            }
        };
        let position = if let Some(change) = body.apply(&mut profile, &mut settings) {
            dirty = true;
            changes::append(cx, user_id, Some(mutation_id), now, &change)?
        } else {
            let caller = Caller {
                user_id,
                program_id,
                shares_read_receipts: settings.read_receipts,
            };
            match mentoring::apply(cx, caller, mutation_id, &body, now) {
                Ok(position) => position,
                Err(error) if error.is_refusal() => {
                    outcomes.push(rejected(mutation_id, error.body));
                    continue;
                }
                Err(error) => return Err(error),
            }
        };
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

fn rejected(mutation_id: Uuid, error: ApiError) -> MutationOutcome {
    outcome(mutation_id, MutationStatus::Rejected, None, Some(error))
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
