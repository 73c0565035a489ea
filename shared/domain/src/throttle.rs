//! Log-in throttling: repeated failures for one account slow further attempts down.
//!
//! The server counts failed attempts per account within [`FAILURE_WINDOW_SECS`] and asks this
//! module whether another attempt may be checked now. A successful log-in clears the count.

/// Failures older than this no longer count.
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// Failures allowed before any delay applies (typos happen).
pub const FREE_ATTEMPTS: u32 = 5;
/// Longest a person is ever made to wait.
pub const MAX_LOCKOUT_SECS: i64 = 15 * 60;

/// How long after the most recent failure the next attempt must wait, given the number of
/// failures inside the window: none for the first [`FREE_ATTEMPTS`], then 2 s, 4 s, 8 s …
/// doubling up to [`MAX_LOCKOUT_SECS`].
pub fn lockout_secs(recent_failures: u32) -> i64 {
    if recent_failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (recent_failures - FREE_ATTEMPTS + 1).min(20);
    (1_i64 << doublings).min(MAX_LOCKOUT_SECS)
}

/// Seconds until another attempt is allowed (0 = now), from the failure count and the time since
/// the latest failure.
pub fn retry_after_secs(recent_failures: u32, secs_since_last_failure: i64) -> i64 {
    (lockout_secs(recent_failures) - secs_since_last_failure.max(0)).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_attempts_are_free_then_the_wait_doubles_to_a_cap() {
        assert_eq!(lockout_secs(0), 0);
        assert_eq!(lockout_secs(4), 0);
        assert_eq!(lockout_secs(5), 2);
        assert_eq!(lockout_secs(6), 4);
        assert_eq!(lockout_secs(7), 8);
        assert_eq!(lockout_secs(40), MAX_LOCKOUT_SECS);
        assert_eq!(lockout_secs(u32::MAX), MAX_LOCKOUT_SECS);
    }

    #[test]
    fn waiting_out_the_lockout_allows_the_next_attempt() {
        assert_eq!(retry_after_secs(6, 1), 3);
        assert_eq!(retry_after_secs(6, 4), 0);
        assert_eq!(retry_after_secs(6, 400), 0);
        assert_eq!(retry_after_secs(2, 0), 0);
    }
}
