//! Times [`domain::assignment::assign`] on intake-sized random instances.
//!
//! Run with `cargo run --release -p domain --example assignment_bench`.

use std::time::Instant;

use domain::assignment::assign;

/// A small deterministic generator (SplitMix64), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn main() {
    // (label, mentees, mentors, max score, capacity range, percent of pairs forbidden)
    let cases = [
        ("scarce: 1 slot per mentor", 500, 200, 100, 1..=1, 10),
        ("balanced: ~500 slots", 500, 200, 100, 1..=4, 10),
        ("plentiful: ~1000 slots", 500, 200, 100, 3..=7, 10),
        ("heavy filters", 500, 200, 100, 1..=4, 80),
        ("all ties", 500, 200, 0, 1..=4, 0),
        ("wide scores", 500, 200, 1_000_000, 1..=4, 10),
    ];
    for (label, mentees, mentors, max_score, capacity, forbidden) in cases {
        let mut rng = Rng(42);
        let scores: Vec<Vec<Option<i64>>> = (0..mentees)
            .map(|_| {
                (0..mentors)
                    .map(|_| {
                        (rng.below(100) >= forbidden)
                            .then(|| i64::try_from(rng.below(max_score + 1)).expect("small score"))
                    })
                    .collect()
            })
            .collect();
        let span = u64::from(capacity.end() - capacity.start() + 1);
        let capacities: Vec<u32> = (0..mentors)
            .map(|_| capacity.start() + u32::try_from(rng.below(span)).expect("small capacity"))
            .collect();
        let start = Instant::now();
        let result = assign(&scores, &capacities).expect("valid input");
        let elapsed = start.elapsed();
        println!(
            "{label:<28} {mentees}×{mentors}: assigned {:>3}, total {:>10}, {elapsed:?}",
            result.assigned, result.total_score
        );
    }
}
