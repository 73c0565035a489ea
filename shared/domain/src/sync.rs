//! Client-side sync rules: when to retry after a failure, and how the outbox is batched.
//!
//! The sync *protocol* (what crosses the wire) is in [`crate::wire::v1`]; this module holds the
//! timing rules the app core applies, kept here so they are unit-tested in one place.

use crate::limits::{MAX_MUTATIONS_PER_PUSH, MAX_PUSH_MUTATION_BYTES};

/// First retry delay after a failed sync attempt.
pub const RETRY_BASE_MS: u64 = 1_000;
/// Longest delay between retries while offline.
pub const RETRY_CAP_MS: u64 = 5 * 60 * 1_000;

/// The delay before retry number `attempt` (1 = first retry): exponential backoff from
/// [`RETRY_BASE_MS`] doubling to [`RETRY_CAP_MS`], with "equal jitter" so that many phones coming
/// back online together do not retry in lock-step. `jitter_seed` is any per-device/per-attempt
/// number (the core derives it from the device id and attempt), so the function stays pure and
/// deterministic for tests. The result is always within `[ceiling / 2, ceiling]`.
pub fn retry_delay_ms(attempt: u32, jitter_seed: u64) -> u64 {
    let exponent = attempt.saturating_sub(1).min(20);
    let ceiling = RETRY_BASE_MS
        .saturating_mul(1 << exponent)
        .min(RETRY_CAP_MS);
    let half = ceiling / 2;
    half + splitmix64(jitter_seed) % (ceiling - half + 1)
}

/// A small, well-mixed hash (SplitMix64) used only to spread retry times.
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// How many of the oldest queued mutations go in the next push (order is always preserved),
/// given their encoded sizes in queue order: at most [`MAX_MUTATIONS_PER_PUSH`] and
/// [`MAX_PUSH_MUTATION_BYTES`] together, so the server never refuses a batch for its size and
/// drops changes that would have fitted on their own. A single mutation too large on its own
/// still goes alone (the server refuses just that one, so it cannot block the queue).
pub fn next_batch_len(encoded_sizes: impl IntoIterator<Item = usize>) -> usize {
    let mut bytes = 0;
    let mut len = 0;
    for size in encoded_sizes.into_iter().take(MAX_MUTATIONS_PER_PUSH) {
        bytes += size + 1; // the separating comma
        if len > 0 && bytes > MAX_PUSH_MUTATION_BYTES {
            break;
        }
        len += 1;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn delays_grow_then_cap() {
        assert!((500..=1_000).contains(&retry_delay_ms(1, 7)));
        assert!((1_000..=2_000).contains(&retry_delay_ms(2, 7)));
        assert!((RETRY_CAP_MS / 2..=RETRY_CAP_MS).contains(&retry_delay_ms(30, 7)));
        assert!((RETRY_CAP_MS / 2..=RETRY_CAP_MS).contains(&retry_delay_ms(u32::MAX, 7)));
    }

    #[test]
    fn jitter_spreads_devices_apart() {
        let delays: std::collections::BTreeSet<u64> =
            (0..50).map(|seed| retry_delay_ms(5, seed)).collect();
        assert!(
            delays.len() > 40,
            "jitter should give distinct delays, got {}",
            delays.len()
        );
    }

    #[test]
    fn batches_never_exceed_the_server_limits() {
        assert_eq!(next_batch_len([]), 0);
        assert_eq!(next_batch_len([200; 3]), 3);
        assert_eq!(
            next_batch_len(std::iter::repeat_n(200, 10_000)),
            MAX_MUTATIONS_PER_PUSH
        );
        // Large note edits: as many as fit the byte budget, the rest wait for the next push.
        let big = MAX_PUSH_MUTATION_BYTES / 3;
        assert_eq!(next_batch_len([big, big, big, 100]), 2);
        assert_eq!(next_batch_len([100, 100, MAX_PUSH_MUTATION_BYTES]), 2);
        // One mutation too large on its own still goes, alone.
        assert_eq!(next_batch_len([MAX_PUSH_MUTATION_BYTES * 2, 100]), 1);
    }

    proptest! {
        #[test]
        fn a_batch_fits_unless_it_is_one_oversized_mutation(
            sizes in proptest::collection::vec(1usize..120_000, 0..150)
        ) {
            let len = next_batch_len(sizes.iter().copied());
            prop_assert!(len <= MAX_MUTATIONS_PER_PUSH && len <= sizes.len());
            prop_assert_eq!(len == 0, sizes.is_empty());
            let bytes: usize = sizes[..len].iter().map(|s| s + 1).sum();
            prop_assert!(len == 1 || bytes <= MAX_PUSH_MUTATION_BYTES);
            if len < sizes.len().min(MAX_MUTATIONS_PER_PUSH) {
                // Taking one more would have broken the budget.
                prop_assert!(bytes + sizes[len] + 1 > MAX_PUSH_MUTATION_BYTES);
            }
        }
    }

    proptest! {
        #[test]
        fn delay_is_deterministic_and_bounded(attempt in 0u32..100, seed: u64) {
            let d = retry_delay_ms(attempt, seed);
            prop_assert_eq!(d, retry_delay_ms(attempt, seed));
            prop_assert!((RETRY_BASE_MS / 2..=RETRY_CAP_MS).contains(&d));
        }
    }
}
