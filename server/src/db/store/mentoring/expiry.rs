//! Expiring unanswered requests: the clock ([`Actor::System`]) applies `Expire` to every request
//! whose response window has closed, and both members hear about it. Run by the background task
//! in [`crate::expiry`] and at the start of every mentoring write, so writes never act on a
//! request that should already have expired.

use domain::TimestampMs;
use domain::relationship::{Action, Actor, apply};

use super::{relationships, views};
use crate::db::WriteCx;
use crate::error::AppError;

/// Expires every request due by `now`; returns how many expired.
pub fn sweep(cx: &mut WriteCx<'_>, now: TimestampMs) -> Result<usize, AppError> {
    let mut expired = 0;
    for relationship in relationships::due_for_expiry(cx, now)? {
        let Ok(transition) = apply(&relationship, Actor::System, &Action::Expire {}, now) else {
            continue;
        };
        relationships::update(cx, &transition.relationship, None)?;
        views::announce(cx, &transition.relationship, None, now)?;
        expired += 1;
    }
    Ok(expired)
}
