//! Wall-clock time in the wire's unit (milliseconds since the Unix epoch).

use std::time::{SystemTime, UNIX_EPOCH};

use domain::TimestampMs;

/// Now, in milliseconds since the Unix epoch (0 if the clock is before 1970).
pub fn now_ms() -> TimestampMs {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            TimestampMs::try_from(elapsed.as_millis()).unwrap_or(TimestampMs::MAX)
        })
}
