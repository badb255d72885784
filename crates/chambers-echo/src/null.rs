//! The configuration-model null for chamber overlaps (METHOD.md §4).

use chambers_graph::RetweetGraph;
use chambers_overlap::{Measure, chambers_by, pair_counts_serial};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

/// Pooled chamber overlaps of the same leaders on `realisations` configuration-model rewirings of
/// `graph` (Kolic et al. 2025, METHOD.md §4).
///
/// Each rewiring pairs the unweighted out-stubs (each source repeated once per distinct target)
/// with a random permutation of the in-stubs (each target repeated once per distinct source), so
/// every account keeps its number of distinct targets and of distinct retweeters. Self-pairings
/// are dropped and repeated pairings collapse, as aggregation does. The chambers of `leaders`
/// (local ids) are recomputed with the same `excluded` set, and the upper triangles of their
/// overlap matrices are returned, realisation after realisation. Realisation r draws from its own
/// stream seeded by (`seed`, r), so the result does not depend on the thread count.
///
/// ```
/// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
/// use chambers_overlap::Measure;
/// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
/// let edges: Vec<_> = (0..40).map(|i| e(i % 10, 10 + i % 7)).collect();
/// let g = RetweetGraph::from_edges(&edges, GraphOptions::default()).unwrap();
/// let q = chambers_echo::null_overlaps(&g, &[10, 11, 12], &[], 4, 7, Measure::Jaccard);
/// assert_eq!(q.len(), 4 * 3);
/// assert_eq!(q, chambers_echo::null_overlaps(&g, &[10, 11, 12], &[], 4, 7, Measure::Jaccard));
/// ```
pub fn null_overlaps(
    graph: &RetweetGraph,
    leaders: &[u32],
    excluded: &[u32],
    realisations: usize,
    seed: u64,
    measure: Measure,
) -> Vec<f64> {
    let n = graph.n_users();
    let in_stubs: Vec<u32> = (0..n as u32)
        .flat_map(|t| std::iter::repeat_n(t, graph.retweeters(t).len()))
        .collect();
    // Edge positions are 32-bit, as in the graph: the arrays a realisation walks stay small.
    let mut out_offsets: Vec<u32> = Vec::with_capacity(n + 1);
    out_offsets.push(0);
    for s in 0..n as u32 {
        out_offsets.push(out_offsets[s as usize] + graph.retweeted(s).len() as u32);
    }
    let mut leader_slot = vec![u32::MAX; n];
    // The leaders as a bitset too: it stays in cache where `leader_slot` would not.
    let mut is_leader = vec![0u64; n.div_ceil(64)];
    for (i, &u) in leaders.iter().enumerate() {
        leader_slot[u as usize] = i as u32;
        is_leader[u as usize >> 6] |= 1 << (u & 63);
    }
    let per_realisation: Vec<Vec<f64>> = (0..realisations)
        .into_par_iter()
        .map(|r| {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(
                seed ^ (r as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            let mut targets = in_stubs.clone();
            shuffle(&mut targets, &mut rng);
            // One pass over the rewired out-lists: a self-pairing is swapped to the end of its
            // source's list, which then ends before it (the order within a list is free: a
            // chamber is a set), and a pairing with a leader adds the source to its audience.
            let mut ends = vec![0u32; n];
            let mut audiences: Vec<Vec<u32>> = vec![Vec::new(); leaders.len()];
            for s in 0..n {
                let (mut at, mut end) = (out_offsets[s] as usize, out_offsets[s + 1] as usize);
                while at < end {
                    let t = targets[at];
                    if t as usize == s {
                        end -= 1;
                        targets.swap(at, end);
                        continue;
                    }
                    if is_leader[t as usize >> 6] & (1 << (t & 63)) != 0 {
                        audiences[leader_slot[t as usize] as usize].push(s as u32);
                    }
                    at += 1;
                }
                ends[s] = end as u32;
            }
            for a in &mut audiences {
                a.dedup();
            }
            let family = chambers_by(
                n,
                leaders,
                excluded,
                |u| &audiences[leader_slot[u as usize] as usize],
                |a| &targets[out_offsets[a as usize] as usize..ends[a as usize] as usize],
                false,
            );
            let counts = pair_counts_serial(&family);
            let k = leaders.len();
            (0..k)
                .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
                .map(|(i, j)| measure.of(&counts, i, j))
                .collect()
        })
        .collect();
    per_realisation.concat()
}

/// Fisher–Yates, as `for i in (1..n).rev() { v.swap(i, rng.random_range(0..=i)) }`: the same
/// draws in the same order give the same permutation. The partners of the next [`AHEAD`] swaps
/// are drawn first and read once, so that their cache misses overlap instead of stalling one
/// swap after another (a window's stubs outgrow the processor's nearer caches).
fn shuffle(values: &mut [u32], rng: &mut impl RngExt) {
    const AHEAD: usize = 32;
    let mut partners = [0usize; AHEAD];
    let mut touched = 0u32;
    let mut i = values.len();
    while i > 1 {
        let batch = AHEAD.min(i - 1);
        for (k, partner) in partners[..batch].iter_mut().enumerate() {
            *partner = rng.random_range(0..=i - 1 - k);
            touched ^= values[*partner];
        }
        for (k, &partner) in partners[..batch].iter().enumerate() {
            values.swap(i - 1 - k, partner);
        }
        i -= batch;
    }
    std::hint::black_box(touched);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The batched shuffle is the plain Fisher–Yates loop, draw for draw.
        #[test]
        fn shuffle_is_fisher_yates(n in 0usize..200, seed in 0u64..1_000) {
            let mut plain: Vec<u32> = (0..n as u32).collect();
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            for i in (1..plain.len()).rev() {
                plain.swap(i, rng.random_range(0..=i));
            }
            let mut batched: Vec<u32> = (0..n as u32).collect();
            let mut again = Xoshiro256PlusPlus::seed_from_u64(seed);
            shuffle(&mut batched, &mut again);
            proptest::prop_assert_eq!(plain, batched);
            proptest::prop_assert_eq!(rng.random::<u64>(), again.random::<u64>());
        }
    }
}
