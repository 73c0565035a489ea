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
//! This is a min-cost max-flow on `source → mentee (cap 1) → mentor (cap = capacity) → sink`
//! with cost `-score` on mentee → mentor edges. The flow value is the number of mentees
//! assigned, so a *minimum-cost maximum* flow is exactly the objective above (no big-M bonus
//! needed). It is solved by successive shortest paths: potentials start from a single pass over
//! the acyclic network (which has negative costs), then each augmentation is a Dijkstra on
//! reduced costs (Johnson potentials), stopping as soon as the sink is settled; when scores tie,
//! a depth-first pass reuses the potentials to push along further equally short paths. With
//! `F ≤ mentees` augmentations the cost is `O(F · E log V)`, `E ≈ mentees × mentors`: 500
//! mentees × 200 mentors takes 10–200 ms in release (`cargo run --release -p domain --example
//! assignment_bench`).
//!
//! The result is deterministic: everything is visited in index order and heap ties are broken
//! by node index, so the same input always gives the same assignment. When several assignments
//! are optimal, which one is returned is otherwise unspecified.

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
    let mentees = scores.len();
    let mentors = capacities.len();
    let source = 0;
    let sink = mentees + mentors + 1;
    let mentee_node = |i: usize| 1 + i;
    let mentor_node = |j: usize| 1 + mentees + j;

    // Nodes are numbered in topological order and every edge goes from a lower to a higher
    // node; `Network::initial_potentials` relies on this.
    let mut net = Network::new(sink + 1);
    for i in 0..mentees {
        net.add_edge(source, mentee_node(i), 1, 0);
    }
    let mut pair_edges = Vec::new();
    for (i, row) in scores.iter().enumerate() {
        for (j, score) in row.iter().enumerate() {
            if let Some(score) = *score
                && capacities[j] > 0
            {
                let edge = net.add_edge(mentee_node(i), mentor_node(j), 1, -score);
                pair_edges.push((i, j, edge));
            }
        }
    }
    for (j, &capacity) in capacities.iter().enumerate() {
        if capacity > 0 {
            net.add_edge(mentor_node(j), sink, capacity, 0);
        }
    }

    net.min_cost_max_flow(source, sink);

    let mut pairs = vec![None; mentees];
    let mut total_score = 0;
    for (i, j, edge) in pair_edges {
        if net.cap[edge] == 0 {
            pairs[i] = Some(j);
            // Cannot overflow: `validate` bounded the sum of every mentee's best score.
            total_score += scores[i][j].unwrap_or_default();
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

/// A flow network in residual form. Edge `e` and its reverse `e ^ 1` are stored side by side.
/// Path costs and potentials are `i128` so that no sum of `i64` costs can overflow.
struct Network {
    adjacency: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<u32>,
    cost: Vec<i64>,
}

impl Network {
    fn new(nodes: usize) -> Self {
        Self {
            adjacency: vec![Vec::new(); nodes],
            to: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
        }
    }

    /// Adds `from → to` and its empty reverse; returns the forward edge's id.
    fn add_edge(&mut self, from: usize, to: usize, cap: u32, cost: i64) -> usize {
        let id = self.to.len();
        self.to.extend([to, from]);
        self.cap.extend([cap, 0]);
        self.cost.extend([cost, -cost]);
        self.adjacency[from].push(id);
        self.adjacency[to].push(id + 1);
        id
    }

    /// Shortest distances from node 0 before any flow, in one pass: the network is acyclic with
    /// edges from lower to higher nodes, so node order is a topological order. Unreachable
    /// nodes get 0; they stay unreachable forever, so their potential is never used.
    fn initial_potentials(&self) -> Vec<i128> {
        let mut potential: Vec<Option<i128>> = vec![None; self.adjacency.len()];
        potential[0] = Some(0);
        for node in 0..self.adjacency.len() {
            let Some(here) = potential[node] else {
                continue;
            };
            for &edge in &self.adjacency[node] {
                if self.cap[edge] > 0 {
                    let next = &mut potential[self.to[edge]];
                    let through = here + i128::from(self.cost[edge]);
                    *next = Some(next.map_or(through, |d| d.min(through)));
                }
            }
        }
        potential
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect()
    }

    /// Successive shortest paths: each round, a Dijkstra on reduced costs finds a shortest
    /// path to the sink and updates the potentials, and one unit is pushed along it. After the
    /// update *every* path of zero reduced cost is a shortest path, so when ties are likely
    /// [`Self::augment_shortest_paths`] pushes more units along those before the next Dijkstra.
    /// Stops when the sink is unreachable: the flow is then maximum and, since every unit went
    /// along a shortest path, of minimum cost among maximum flows.
    fn min_cost_max_flow(&mut self, source: usize, sink: usize) {
        let nodes = self.adjacency.len();
        let mut potential = self.initial_potentials();
        let mut dist = vec![i128::MAX; nodes];
        let mut settled = vec![false; nodes];
        let mut via = vec![usize::MAX; nodes];
        let mut heap = BinaryHeap::new();
        let mut search_more = true;
        loop {
            dist.fill(i128::MAX);
            settled.fill(false);
            heap.clear();
            dist[source] = 0;
            heap.push(Reverse((0, source)));
            while let Some(Reverse((d, node))) = heap.pop() {
                if settled[node] {
                    continue;
                }
                settled[node] = true;
                if node == sink {
                    break;
                }
                for &edge in &self.adjacency[node] {
                    let next = self.to[edge];
                    if self.cap[edge] == 0 || settled[next] {
                        continue;
                    }
                    // Reduced cost, non-negative by the potential invariant.
                    let candidate =
                        d + i128::from(self.cost[edge]) + potential[node] - potential[next];
                    if candidate < dist[next] {
                        dist[next] = candidate;
                        via[next] = edge;
                        heap.push(Reverse((candidate, next)));
                    }
                }
            }
            if !settled[sink] {
                return;
            }
            // Nodes not settled before the sink are at least as far; capping at the sink's
            // distance keeps every residual reduced cost non-negative.
            let reach = dist[sink];
            for (p, &d) in potential.iter_mut().zip(&dist) {
                *p += d.min(reach);
            }
            let mut node = sink;
            while node != source {
                let edge = via[node];
                self.cap[edge] -= 1;
                self.cap[edge ^ 1] += 1;
                node = self.to[edge ^ 1];
            }
            // Looking for further shortest paths costs about as much as a Dijkstra, so only do
            // it when it is likely to pay: the path length did not grow (ties), or it paid last
            // time.
            if search_more || reach == 0 {
                search_more = self.augment_shortest_paths(source, sink, &potential) > 0;
            }
        }
    }

    /// Augments one unit at a time along source → sink paths whose edges all have zero reduced
    /// cost (depth-first, in index order), until none is found. Such paths are shortest paths,
    /// and their reverse edges also have zero reduced cost, so the potentials stay valid.
    /// Pruning is conservative (a node that failed once is not retried in this phase); any
    /// path missed here is found by the next Dijkstra. Returns how many units were pushed.
    fn augment_shortest_paths(&mut self, source: usize, sink: usize, potential: &[i128]) -> usize {
        let nodes = self.adjacency.len();
        let mut next_arc = vec![0; nodes];
        let mut dead = vec![false; nodes];
        let mut on_path = vec![false; nodes];
        let mut path: Vec<usize> = Vec::new();
        let mut pushed = 0;
        let mut node = source;
        on_path[source] = true;
        loop {
            if node == sink {
                pushed += 1;
                for &edge in &path {
                    self.cap[edge] -= 1;
                    self.cap[edge ^ 1] += 1;
                    on_path[self.to[edge]] = false;
                }
                path.clear();
                node = source;
                continue;
            }
            let arcs = &self.adjacency[node];
            let mut advance = None;
            while let Some(&edge) = arcs.get(next_arc[node]) {
                let next = self.to[edge];
                if self.cap[edge] > 0
                    && !dead[next]
                    && !on_path[next]
                    && i128::from(self.cost[edge]) + potential[node] == potential[next]
                {
                    advance = Some(edge);
                    break;
                }
                next_arc[node] += 1;
            }
            if let Some(edge) = advance {
                path.push(edge);
                node = self.to[edge];
                on_path[node] = true;
            } else {
                dead[node] = true;
                on_path[node] = false;
                let Some(edge) = path.pop() else {
                    return pushed;
                };
                node = self.to[edge ^ 1];
                next_arc[node] += 1;
            }
        }
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
