//! The background task that expires unanswered requests once their response window has passed
//! (every minute, through the writer, as the system; both members are fed). Writes also sweep
//! before acting and reads treat overdue requests as expired, so the task only makes the feeds
//! timely.

use std::time::Duration;

use crate::db::store::mentoring::expiry;
use crate::state::AppState;

/// How often overdue requests are swept.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

/// Sweeps every [`SWEEP_INTERVAL`] until shutdown.
pub async fn run(state: AppState) {
    let mut ticks = tokio::time::interval(SWEEP_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = state.shutdown().wait() => return,
            _ = ticks.tick() => {}
        }
        let now = state.clock().now_ms();
        match state.db().write(move |cx| expiry::sweep(cx, now)).await {
            Ok(0) => {}
            Ok(expired) => tracing::info!(expired, "expired unanswered requests"),
            Err(_) => tracing::warn!("could not sweep expired requests"),
        }
    }
}
