//! [`CachedToken`]: a bearer token (APNs provider JWT, FCM access token) reused until a set
//! instant, so signing and OAuth exchanges happen once per lifetime, not once per push.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A token and the instant from which it must be replaced.
#[derive(Debug, Clone)]
pub struct CachedToken {
    token: String,
    replace_at: Instant,
}

impl CachedToken {
    /// A token that is used until `now + use_for`.
    pub fn new(token: String, now: Instant, use_for: Duration) -> Self {
        Self {
            token,
            replace_at: now + use_for,
        }
    }

    /// The token, unless it is due to be replaced at `now`.
    pub fn fresh(&self, now: Instant) -> Option<&str> {
        (now < self.replace_at).then_some(self.token.as_str())
    }
}

/// Seconds since the Unix epoch (JWT `iat`/`exp`, `apns-expiration`).
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_fresh_until_its_replacement_instant() {
        let now = Instant::now();
        let cached = CachedToken::new("t".into(), now, Duration::from_secs(60));
        assert_eq!(cached.fresh(now), Some("t"));
        assert_eq!(cached.fresh(now + Duration::from_secs(59)), Some("t"));
        assert_eq!(cached.fresh(now + Duration::from_secs(60)), None);
    }
}
