//! Mutation ids: UUIDv7 built deterministically from the clock, a per-install seed and a counter,
//! so `update` stays pure (the clock reading arrives as an event) and ids never collide across
//! devices or restarts.

use uuid::Uuid;

/// A UUIDv7 for the `counter`-th mutation made at `now_ms` on the installation seeded `seed`.
pub fn mutation_id(now_ms: i64, seed: u64, counter: u64) -> Uuid {
    let mixed = mix(seed ^ mix(counter) ^ mix(now_ms.cast_unsigned().rotate_left(17)));
    let tail = mix(mixed ^ 0x5EED);
    let mut random = [0u8; 10];
    random[..8].copy_from_slice(&mixed.to_le_bytes());
    random[8..].copy_from_slice(&tail.to_le_bytes()[..2]);
    let millis = u64::try_from(now_ms).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

/// SplitMix64 finaliser.
fn mix(value: u64) -> u64 {
    let mut z = value.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_v7_sortable_and_distinct() {
        let a = mutation_id(1_700_000_000_000, 42, 0);
        let b = mutation_id(1_700_000_000_000, 42, 1);
        let c = mutation_id(1_700_000_000_001, 42, 0);
        let other_device = mutation_id(1_700_000_000_000, 43, 0);
        assert_eq!(a.get_version_num(), 7);
        assert!(a != b && a != c && a != other_device && b != other_device);
        assert!(a < c, "later ids sort later");
        assert_eq!(a, mutation_id(1_700_000_000_000, 42, 0), "deterministic");
    }
}
