//! Bulk matching for an intake: assign many waiting mentees to mentors at once, exactly.
//!
//! The objective is lexicographic:
//! 1. assign as **many** mentees as possible, then
//! 2. among all maximum-size assignments, maximise the **total match score**.
//!
//! So a coordinator never leaves a mentee waiting just to raise someone else's score. Every
//! mentee gets at most one mentor, no mentor exceeds their remaining capacity, and no pair
//! forbidden by a hard filter (`None` score) is used.
//!
//! # Algorithm
//!
//! Each mentee gets a private "nobody" option, so that every mentee is always matched to
//! *something*, and the problem becomes a rectangular assignment problem: mentees are rows, each
//! mentor is a column with `capacity` places, and each row also has its own nobody column. A real
//! pair weighs `score + B` and nobody weighs 0, where `B` is one more than the sum of every
//! mentee's best score: one more real pair is then always worth more than any change in total
//! score, so a maximum-weight assignment is exactly the lexicographic optimum above.
//!
//! That assignment is found by the shortest augmenting path method of Jonker and Volgenant,
//! adapted to capacities and sparse rows, on exact integer duals (`u` per row, a price `v` per
//! mentor; nobody columns keep price 0):
//! 1. **Greedy start.** Every row's dual starts at its best weight and every price at 0, which is
//!    dual feasible; each mentee in turn takes a best-scoring mentor that still has a place. Most
//!    mentees are placed here, and this partial assignment is optimal for the mentees it holds.
//! 2. **Augmentation.** For each mentee left over, a Dijkstra search on reduced costs
//!    (`u + v − weight ≥ 0`) grows alternating paths (mentee → mentor → a mentee placed with that
//!    mentor → …) until the cheapest path ends at a mentor with a free place or at a nobody column
//!    (which leaves that path's last mentee, possibly the new one, unassigned). The duals of the
//!    searched part are updated so that the path is tight, and the mentee is placed by shifting
//!    everyone along it. After each search the assignment is optimal for the mentees handled so
//!    far (the classic successive shortest path invariant), so after the last one it is optimal.
//!
//! Mentors with no capacity are left out, rows are stored once in a compact adjacency array, a
//! search only touches the mentees reachable through full mentors, and it stops as soon as the
//! cheapest end is known (at equal distance a mentor with a free place is taken first). With `n`
//! mentees and `E` allowed pairs, the greedy start is `O(E)` and each of the at most `n` searches
//! is `O(E log E)` in the worst case, so `O(n · E log E)` overall; in practice only the mentees
//! the greedy start could not place are searched, and most searches stop early. 5,000 mentees ×
//! 1,000 mentors with 5 places each, with realistic filters (~13% of pairs allowed), takes about
//! 0.4 s in release, and the same size fully dense about as long (`cargo bench -p domain --bench
//! matching`).
//!
//! Duals and distances are `i64` when every one provably fits (each stays within a few `B`, and
//! `B ≤ i64::MAX / 16`), `i128` otherwise, so no sum of scores can overflow. The result is
//! deterministic: mentees are handled in input order, everything is scanned in index order and
//! heap ties are broken by mentor index, so the same input always gives the same assignment. When
//! several assignments are optimal, which one is returned is otherwise unspecified.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The chosen pairs for one intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// For each mentee (in input order), the index of the assigned mentor, or `None`.
    pub pairs: Vec<Option<usize>>,
    /// Sum of the scores of the chosen pairs.
    pub total_score: i64,
    /// How many mentees got a mentor (the number of `Some` in `pairs`).
    pub assigned: usize,
}

/// Why an assignment input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("mentee {mentee} has {found} scores but there are {expected} mentors")]
    RowLength {
        mentee: usize,
        expected: usize,
        found: usize,
    },
    #[error("score {score} for mentee {mentee} and mentor {mentor} is negative")]
    NegativeScore {
        mentee: usize,
        mentor: usize,
        score: i64,
    },
    #[error("scores are too large: the best possible total does not fit in an i64")]
    TotalOverflow,
}

/// Assigns mentees to mentors optimally (see the [module docs](self) for the objective).
///
/// `scores[i][j]` is the non-negative match score of mentee `i` with mentor `j`, or `None` if a
/// hard filter forbids the pair; `capacities[j]` is mentor `j`'s remaining capacity. Every row
/// must have exactly `capacities.len()` entries.
pub fn assign(
    scores: &[Vec<Option<i64>>],
    capacities: &[u32],
) -> Result<Assignment, AssignmentError> {
    validate(scores, capacities)?;
    let pairs = Pairs::new(scores, capacities).solve(capacities);
    let mut total_score = 0;
    for (row, mentor) in scores.iter().zip(&pairs) {
        if let Some(j) = *mentor {
            // Cannot overflow: `validate` bounded the sum of every mentee's best score.
            total_score += row[j].unwrap_or_default();
        }
    }
    let assigned = pairs.iter().flatten().count();
    Ok(Assignment {
        pairs,
        total_score,
        assigned,
    })
}

fn validate(scores: &[Vec<Option<i64>>], capacities: &[u32]) -> Result<(), AssignmentError> {
    let mut best_total: i64 = 0;
    for (mentee, row) in scores.iter().enumerate() {
        if row.len() != capacities.len() {
            return Err(AssignmentError::RowLength {
                mentee,
                expected: capacities.len(),
                found: row.len(),
            });
        }
        let mut best = 0;
        for (mentor, score) in row.iter().enumerate() {
            match *score {
                Some(score) if score < 0 => {
                    return Err(AssignmentError::NegativeScore {
                        mentee,
                        mentor,
                        score,
                    });
                }
                Some(score) => best = best.max(score),
                None => {}
            }
        }
        best_total = best_total
            .checked_add(best)
            .ok_or(AssignmentError::TotalOverflow)?;
    }
    Ok(())
}

/// Where a search ended: a mentor with a free place, or the nobody column of a mentee.
#[derive(Debug, Clone, Copy)]
enum End {
    Mentor(usize),
    Nobody(usize),
}

/// The allowed pairs in compact form: row `i`'s are `start[i]..start[i + 1]` in `mentor` and
/// `score`, mentors in increasing order. Mentors with no place are left out.
struct Pairs {
    start: Vec<usize>,
    mentor: Vec<usize>,
    score: Vec<i64>,
    /// Each row's best score (0 for a row with no pair).
    best: Vec<i64>,
    /// `B`: one more than the sum of every row's best score.
    nobody_cost: i128,
}

impl Pairs {
    fn new(scores: &[Vec<Option<i64>>], capacities: &[u32]) -> Self {
        let mut pairs = Pairs {
            start: Vec::with_capacity(scores.len() + 1),
            mentor: Vec::new(),
            score: Vec::new(),
            best: Vec::with_capacity(scores.len()),
            nobody_cost: 1,
        };
        pairs.start.push(0);
        for row in scores {
            let mut best = 0;
            for (j, score) in row.iter().enumerate() {
                if let Some(score) = *score
                    && capacities[j] > 0
                {
                    pairs.mentor.push(j);
                    pairs.score.push(score);
                    best = best.max(score);
                }
            }
            pairs.start.push(pairs.mentor.len());
            pairs.best.push(best);
            pairs.nobody_cost += i128::from(best);
        }
        pairs
    }

    fn of(&self, row: usize) -> std::ops::Range<usize> {
        self.start[row]..self.start[row + 1]
    }

    /// Solves with `i64` arithmetic when no dual or distance can come near its range (every one
    /// is within a few `B`), with `i128` otherwise.
    fn solve(self, capacities: &[u32]) -> Vec<Option<usize>> {
        if self.nobody_cost <= i128::from(i64::MAX / 16) {
            Solver::<i64>::new(self, capacities).solve()
        } else {
            Solver::<i128>::new(self, capacities).solve()
        }
    }
}

/// The integer type of duals and distances.
trait Cost:
    Copy
    + Ord
    + From<i64>
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::AddAssign
    + std::ops::SubAssign
{
    const MAX: Self;
    fn from_i128(value: i128) -> Self;
}

impl Cost for i64 {
    const MAX: Self = i64::MAX;
    fn from_i128(value: i128) -> Self {
        i64::try_from(value).expect("checked by Pairs::solve")
    }
}

impl Cost for i128 {
    const MAX: Self = i128::MAX;
    fn from_i128(value: i128) -> Self {
        value
    }
}

/// The assignment problem and its current solution (see the module docs for the method).
///
/// Row duals are stored shifted by `−B`: a real pair's reduced cost is then
/// `row_dual + price − score`, and a nobody column's is `row_dual + B`.
struct Solver<'a, C> {
    pairs: Pairs,
    capacities: &'a [u32],
    nobody_cost: C,
    row_dual: Vec<C>,
    price: Vec<C>,
    mentor_of: Vec<Option<usize>>,
    /// The mentees placed with each mentor.
    members: Vec<Vec<usize>>,
    search: Search<C>,
}

/// Scratch space for one Dijkstra search, reset cheaply between searches.
struct Search<C> {
    /// Tentative distance of each mentor; `C::MAX` when not reached.
    dist: Vec<C>,
    settled: Vec<bool>,
    /// The mentee whose pair gave the mentor its distance.
    via: Vec<usize>,
    /// Mentors given a distance in this search (to reset), and those settled (to update prices).
    touched: Vec<usize>,
    settled_list: Vec<usize>,
    /// Mentees reached, with their distance (to update their duals).
    reached: Vec<(usize, C)>,
    /// `(distance, full, mentor)`: at equal distance a mentor with a free place comes first, so a
    /// search ends as soon as one is known to be at the frontier.
    heap: BinaryHeap<Reverse<(C, bool, usize)>>,
}

impl<'a, C: Cost> Solver<'a, C> {
    fn new(pairs: Pairs, capacities: &'a [u32]) -> Self {
        let mentees = pairs.best.len();
        let mentors = capacities.len();
        Self {
            // Dual feasible with every price at 0: no pair weighs more than the row's best.
            row_dual: pairs.best.iter().map(|&best| C::from(best)).collect(),
            nobody_cost: C::from_i128(pairs.nobody_cost),
            pairs,
            capacities,
            price: vec![C::from(0); mentors],
            mentor_of: vec![None; mentees],
            members: vec![Vec::new(); mentors],
            search: Search {
                dist: vec![C::MAX; mentors],
                settled: vec![false; mentors],
                via: vec![usize::MAX; mentors],
                touched: Vec::new(),
                settled_list: Vec::new(),
                reached: Vec::new(),
                heap: BinaryHeap::new(),
            },
        }
    }

    fn has_place(&self, mentor: usize) -> bool {
        self.members[mentor].len() < self.capacities[mentor] as usize
    }

    fn solve(mut self) -> Vec<Option<usize>> {
        // Greedy start: a best-scoring mentor with a free place is a tight pair.
        let mut left_over = Vec::new();
        for row in 0..self.mentor_of.len() {
            let best = self.pairs.best[row];
            let free_best = self
                .pairs
                .of(row)
                .find(|&e| self.pairs.score[e] == best && self.has_place(self.pairs.mentor[e]));
            match free_best {
                Some(e) => self.place(row, self.pairs.mentor[e]),
                // A mentee with no allowed mentor stays unassigned; nothing can reach it.
                None if self.pairs.of(row).is_empty() => {}
                None => left_over.push(row),
            }
        }
        for row in left_over {
            self.augment_from(row);
        }
        self.mentor_of
    }

    fn place(&mut self, row: usize, mentor: usize) {
        self.members[mentor].push(row);
        self.mentor_of[row] = Some(mentor);
    }

    fn unplace(&mut self, row: usize) -> Option<usize> {
        let mentor = self.mentor_of[row].take()?;
        let members = &mut self.members[mentor];
        let at = members
            .iter()
            .position(|&m| m == row)
            .expect("a placed mentee is among its mentor's members");
        members.remove(at);
        Some(mentor)
    }

    /// Relaxes every pair of `row`, reached at distance `at`.
    ///
    /// Reduced costs are non-negative, so no candidate beats a settled mentor's distance (which
    /// is at most `at`), in particular not the mentor `row` is placed with: both need no check.
    fn scan(&mut self, row: usize, at: C) {
        let search = &mut self.search;
        let base = at + self.row_dual[row];
        for e in self.pairs.of(row) {
            let mentor = self.pairs.mentor[e];
            let candidate = base + self.price[mentor] - C::from(self.pairs.score[e]);
            let dist = &mut search.dist[mentor];
            if candidate < *dist {
                if *dist == C::MAX {
                    search.touched.push(mentor);
                }
                *dist = candidate;
                search.via[mentor] = row;
                let full = self.members[mentor].len() >= self.capacities[mentor] as usize;
                search.heap.push(Reverse((candidate, full, mentor)));
            }
        }
    }

    /// Places `start` (currently unassigned) along a cheapest augmenting path, keeping the
    /// assignment optimal for the mentees handled so far and the duals feasible and tight.
    fn augment_from(&mut self, start: usize) {
        // The cheapest nobody column seen so far: `start`'s own is free.
        let mut nobody = (self.row_dual[start] + self.nobody_cost, start);
        self.search.reached.push((start, C::from(0)));
        self.scan(start, C::from(0));
        let mut end = None;
        while let Some(Reverse((d, _, mentor))) = self.search.heap.pop() {
            if self.search.settled[mentor] || d > self.search.dist[mentor] {
                continue;
            }
            if d >= nobody.0 {
                break;
            }
            self.search.settled[mentor] = true;
            self.search.settled_list.push(mentor);
            if self.has_place(mentor) {
                end = Some((d, End::Mentor(mentor)));
                break;
            }
            for k in 0..self.members[mentor].len() {
                let row = self.members[mentor][k];
                self.search.reached.push((row, d));
                // Leaving `row` unassigned frees its place: its nobody column is free.
                let via_nobody = d + self.row_dual[row] + self.nobody_cost;
                if via_nobody < nobody.0 {
                    nobody = (via_nobody, row);
                }
                self.scan(row, d);
            }
        }
        let (reach, end) = end.unwrap_or((nobody.0, End::Nobody(nobody.1)));

        // Dual update: everything searched moves by its distance short of `reach`, which makes
        // the path tight and keeps every reduced cost non-negative.
        let search = &mut self.search;
        for &(row, at) in &search.reached {
            self.row_dual[row] -= reach - at;
        }
        for &mentor in &search.settled_list {
            self.price[mentor] += reach - search.dist[mentor];
        }

        // Shift everyone along the path, from its end back to `start`.
        let into = match end {
            End::Mentor(mentor) => Some(mentor),
            // `start` stays unassigned: placing it would cost a better total elsewhere.
            End::Nobody(row) if row == start => None,
            End::Nobody(row) => Some(self.unplace(row).expect("a reached mentee is placed")),
        };
        if let Some(mut into) = into {
            loop {
                let row = self.search.via[into];
                let from = self.unplace(row);
                self.place(row, into);
                match from {
                    Some(mentor) => into = mentor,
                    None => break,
                }
            }
        }

        let search = &mut self.search;
        for &mentor in &search.touched {
            search.dist[mentor] = C::MAX;
            search.settled[mentor] = false;
        }
        search.touched.clear();
        search.settled_list.clear();
        search.reached.clear();
        search.heap.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Scores = Vec<Vec<Option<i64>>>;

    fn run(scores: &[Vec<Option<i64>>], capacities: &[u32]) -> Assignment {
        assign(scores, capacities).expect("valid input")
    }

    /// Checks the hard rules and that the reported totals match the pairs.
    fn check_feasible(scores: &[Vec<Option<i64>>], capacities: &[u32], result: &Assignment) {
        assert_eq!(result.pairs.len(), scores.len());
        let mut load = vec![0u32; capacities.len()];
        let mut total = 0;
        for (i, pair) in result.pairs.iter().enumerate() {
            if let Some(j) = *pair {
                let score = scores[i][j].expect("forbidden pair used");
                total += score;
                load[j] += 1;
            }
        }
        for (j, &used) in load.iter().enumerate() {
            assert!(used <= capacities[j], "mentor {j} over capacity");
        }
        assert_eq!(result.total_score, total);
        assert_eq!(result.assigned, result.pairs.iter().flatten().count());
    }

    /// The best `(assigned, total_score)` by trying every assignment.
    fn brute_force(scores: &[Vec<Option<i64>>], capacities: &[u32]) -> (usize, i64) {
        fn go(scores: &[Vec<Option<i64>>], load: &mut [u32], best: (usize, i64)) -> (usize, i64) {
            let Some((row, rest)) = scores.split_first() else {
                return best;
            };
            let mut result = go(rest, load, best);
            for (j, score) in row.iter().enumerate() {
                if let Some(score) = *score
                    && load[j] > 0
                {
                    load[j] -= 1;
                    result = result.max(go(rest, load, (best.0 + 1, best.1 + score)));
                    load[j] += 1;
                }
            }
            result
        }
        go(scores, &mut capacities.to_vec(), (0, 0))
    }

    #[test]
    fn empty_inputs() {
        let none = Assignment {
            pairs: vec![],
            total_score: 0,
            assigned: 0,
        };
        assert_eq!(run(&[], &[]), none);
        assert_eq!(run(&[], &[3, 1]), none);
        let no_mentors = run(&[vec![], vec![]], &[]);
        assert_eq!(no_mentors.pairs, vec![None, None]);
        assert_eq!(no_mentors.assigned, 0);
    }

    #[test]
    fn all_forbidden_assigns_nobody() {
        let result = run(&[vec![None, None], vec![None, None]], &[2, 2]);
        assert_eq!(result.pairs, vec![None, None]);
        assert_eq!((result.assigned, result.total_score), (0, 0));
    }

    #[test]
    fn zero_capacity_mentor_is_never_used() {
        let result = run(&[vec![Some(100), Some(1)], vec![Some(100), None]], &[0, 1]);
        assert_eq!(result.pairs, vec![Some(1), None]);
        assert_eq!((result.assigned, result.total_score), (1, 1));
        assert_eq!(run(&[vec![Some(5)]], &[0]).pairs, vec![None]);
    }

    #[test]
    fn capacity_is_shared_between_mentees() {
        let scores = vec![vec![Some(3)]; 5];
        let result = run(&scores, &[3]);
        check_feasible(&scores, &[3], &result);
        assert_eq!((result.assigned, result.total_score), (3, 9));
    }

    #[test]
    fn beats_greedy_on_score() {
        // Greedy takes 0→0 (10) and then 1→1 (1) = 11; swapping gives 8 + 9 = 17.
        let scores = vec![vec![Some(10), Some(8)], vec![Some(9), Some(1)]];
        let result = run(&scores, &[1, 1]);
        assert_eq!(result.pairs, vec![Some(1), Some(0)]);
        assert_eq!((result.assigned, result.total_score), (2, 17));
    }

    #[test]
    fn beats_greedy_on_cardinality() {
        // Greedy gives mentee 0 its best mentor, leaving mentee 1 with nobody allowed.
        let scores = vec![vec![Some(10), Some(9)], vec![Some(8), None]];
        let result = run(&scores, &[1, 1]);
        assert_eq!(result.pairs, vec![Some(1), Some(0)]);
        assert_eq!((result.assigned, result.total_score), (2, 17));
    }

    #[test]
    fn more_mentees_beats_a_higher_score() {
        // One pair scoring 100 loses to two pairs scoring 1 + 50 = 51.
        let scores = vec![vec![Some(100), Some(1)], vec![Some(50), None]];
        let result = run(&scores, &[1, 1]);
        assert_eq!(result.pairs, vec![Some(1), Some(0)]);
        assert_eq!((result.assigned, result.total_score), (2, 51));
    }

    #[test]
    fn zero_scores_still_count_as_assignments() {
        let result = run(&[vec![Some(0)], vec![Some(0)]], &[2]);
        assert_eq!(result.pairs, vec![Some(0), Some(0)]);
        assert_eq!((result.assigned, result.total_score), (2, 0));
    }

    #[test]
    fn ties_are_broken_deterministically() {
        let scores = vec![vec![Some(5), Some(5)]; 3];
        let capacities = [1, 1];
        let first = run(&scores, &capacities);
        check_feasible(&scores, &capacities, &first);
        assert_eq!((first.assigned, first.total_score), (2, 10));
        for _ in 0..10 {
            assert_eq!(run(&scores, &capacities), first);
        }
    }

    #[test]
    fn huge_scores_do_not_overflow() {
        let big = i64::MAX / 2;
        let scores = vec![vec![Some(big), Some(0)], vec![Some(big), Some(1)]];
        let result = run(&scores, &[1, 1]);
        assert_eq!(result.total_score, big + 1);
        assert_eq!(
            assign(&[vec![Some(i64::MAX)], vec![Some(1)]], &[2]),
            Err(AssignmentError::TotalOverflow)
        );
    }

    #[test]
    fn rejects_malformed_input() {
        assert_eq!(
            assign(&[vec![Some(1), None], vec![Some(1)]], &[1, 1]),
            Err(AssignmentError::RowLength {
                mentee: 1,
                expected: 2,
                found: 1
            })
        );
        assert_eq!(
            assign(&[vec![Some(1)]], &[1, 1]),
            Err(AssignmentError::RowLength {
                mentee: 0,
                expected: 2,
                found: 1
            })
        );
        let negative = assign(&[vec![Some(1), Some(-3)]], &[1, 1]);
        assert_eq!(
            negative,
            Err(AssignmentError::NegativeScore {
                mentee: 0,
                mentor: 1,
                score: -3
            })
        );
        assert_eq!(
            negative.unwrap_err().to_string(),
            "score -3 for mentee 0 and mentor 1 is negative"
        );
    }

    /// Random instances: up to `mentees × mentors`, scores `0..=max_score` (small scores make
    /// ties common), about a fifth of the pairs forbidden.
    fn instance(
        mentees: usize,
        mentors: usize,
        max_score: i64,
        max_capacity: u32,
    ) -> impl Strategy<Value = (Scores, Vec<u32>)> {
        (0..=mentees, 0..=mentors).prop_flat_map(move |(n, m)| {
            let cell = prop::option::weighted(0.8, 0..=max_score);
            (
                prop::collection::vec(prop::collection::vec(cell, m), n),
                prop::collection::vec(0..=max_capacity, m),
            )
        })
    }

    proptest! {
        #[test]
        fn respects_capacity_filters_and_one_mentor_each(
            (scores, capacities) in instance(40, 12, 1_000, 3)
        ) {
            let result = run(&scores, &capacities);
            check_feasible(&scores, &capacities, &result);
            prop_assert_eq!(run(&scores, &capacities), result);
        }

        #[test]
        fn wide_and_narrow_arithmetic_agree((scores, capacities) in instance(40, 12, 1_000, 3)) {
            let wide = Solver::<i128>::new(Pairs::new(&scores, &capacities), &capacities).solve();
            let narrow = Solver::<i64>::new(Pairs::new(&scores, &capacities), &capacities).solve();
            prop_assert_eq!(wide, narrow);
        }

        #[test]
        fn matches_brute_force_optimum((scores, capacities) in instance(6, 4, 12, 2)) {
            let result = run(&scores, &capacities);
            check_feasible(&scores, &capacities, &result);
            prop_assert_eq!(
                (result.assigned, result.total_score),
                brute_force(&scores, &capacities)
            );
        }
    }
}
