//! Wall-clock time in the wire's unit (milliseconds since the Unix epoch), and [`Clock`]: the
//! injectable clock that mentoring rules (response windows, expiry, quiet matches) read, so that
//! tests can move time forward without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use domain::TimestampMs;

/// Now, in milliseconds since the Unix epoch (0 if the clock is before 1970).
pub fn now_ms() -> TimestampMs {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            TimestampMs::try_from(elapsed.as_millis()).unwrap_or(TimestampMs::MAX)
        })
}

/// The system clock plus an offset that only tests move. Cheap to clone; clones share the offset.
/// Sessions (idle expiry, device activity) keep using the real [`now_ms`].
#[derive(Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// Now, as the mentoring rules see it.
    pub fn now_ms(&self) -> TimestampMs {
        now_ms().saturating_add(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves this clock forward by `by` (tests).
    pub fn advance(&self, by: Duration) {
        let by = TimestampMs::try_from(by.as_millis()).unwrap_or(TimestampMs::MAX);
        self.offset_ms.fetch_add(by, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_clone() {
        let clock = Clock::default();
        let copy = clock.clone();
        let before = copy.now_ms();
        clock.advance(Duration::from_secs(3600));
        assert!(copy.now_ms() >= before + 3_600_000);
    }
}
