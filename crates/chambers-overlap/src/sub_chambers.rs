//! The sub-chamber control of METHOD.md §3 for every pair of a window's leaders at once.
//!
//! Rebuilding both chambers for each pair walks the whole audiences k − 1 times per leader.
//! Here each leader's chamber is built once, with, per member, how many audience members lead
//! to it; a pair then only walks its shared audience: a member leaves u's sub-chamber exactly
//! when every one of u's audience members leading to it is shared with v.

use chambers_graph::RetweetGraph;
use rayon::prelude::*;

use crate::{Measure, SetFamily, pair_counts};

/// The sub-chamber overlap (as [`crate::sub_chamber_overlap`] defines it) of every pair
/// `a < b` of `leaders` (local ids), in the order (0, 1), (0, 2), …, (1, 2), …, with the
/// chambers taken minus `excluded` (sorted local ids) and each leader.
///
/// ```
/// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
/// use chambers_overlap::{sub_chamber_overlap, sub_chamber_overlaps, Measure};
/// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
/// let g = RetweetGraph::from_edges(
///     &[e(0, 3), e(1, 4), e(2, 3), e(2, 4), e(0, 5), e(1, 5), e(2, 6)],
///     GraphOptions::default(),
/// )
/// .unwrap();
/// let all = sub_chamber_overlaps(&g, &[3, 4], &[3, 4], Measure::Jaccard);
/// assert_eq!(all, [sub_chamber_overlap(&g, 3, 4, &[3, 4], Measure::Jaccard)]);
/// ```
pub fn sub_chamber_overlaps(
    graph: &RetweetGraph,
    leaders: &[u32],
    excluded: &[u32],
    measure: Measure,
) -> Vec<f64> {
    let n = graph.n_users();
    let mut out_of_chambers = vec![false; n];
    for &x in excluded {
        out_of_chambers[x as usize] = true;
    }
    let out_of_chambers = &out_of_chambers;
    // Per leader: its chamber (sorted) and, per member, the audience members leading to it.
    let chambers: Vec<(Vec<u32>, Vec<u32>)> = leaders
        .par_iter()
        .map_init(
            || vec![0u32; n],
            |count, &u| {
                let mut members = Vec::new();
                for &a in graph.retweeters(u) {
                    for &x in graph.retweeted(a) {
                        if x != u && !out_of_chambers[x as usize] {
                            if count[x as usize] == 0 {
                                members.push(x);
                            }
                            count[x as usize] += 1;
                        }
                    }
                }
                members.sort_unstable();
                let counts = members
                    .iter()
                    .map(|&x| std::mem::take(&mut count[x as usize]))
                    .collect();
                (members, counts)
            },
        )
        .collect();
    let full = pair_counts(&SetFamily::from_sets(chambers.iter().map(|(m, _)| m)));
    let k = leaders.len();
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|a| (a + 1..k).map(move |b| (a, b)))
        .collect();
    pairs
        .par_iter()
        .map_init(
            || (vec![0u32; n], Vec::new(), Vec::new()),
            |(leads, touched, shared), &(a, b)| {
                let (u, v) = (leaders[a], leaders[b]);
                intersect_into(graph.retweeters(u), graph.retweeters(v), shared);
                // How many shared audience members lead to each member they reach.
                for &s in shared.iter() {
                    for &x in graph.retweeted(s) {
                        if !out_of_chambers[x as usize] {
                            if leads[x as usize] == 0 {
                                touched.push(x);
                            }
                            leads[x as usize] += 1;
                        }
                    }
                }
                let leaves = |(members, counts): &(Vec<u32>, Vec<u32>), x: u32, d: u32| {
                    members.binary_search(&x).is_ok_and(|i| counts[i] == d)
                };
                let (mut gone_a, mut gone_b, mut gone_both_chambers) = (0u32, 0u32, 0u32);
                for x in touched.drain(..) {
                    let d = std::mem::take(&mut leads[x as usize]);
                    let left_a = x != u && leaves(&chambers[a], x, d);
                    let left_b = x != v && leaves(&chambers[b], x, d);
                    gone_a += u32::from(left_a);
                    gone_b += u32::from(left_b);
                    // A member reached from the shared audience (other than u and v) is in both
                    // chambers; it leaves their intersection when it leaves either.
                    gone_both_chambers += u32::from(x != u && x != v && (left_a || left_b));
                }
                measure.of_sizes(
                    full.intersection(a, b) - gone_both_chambers,
                    full.size(a) - gone_a,
                    full.size(b) - gone_b,
                )
            },
        )
        .collect()
}

/// `out` = the members of both sorted lists.
fn intersect_into(x: &[u32], y: &[u32], out: &mut Vec<u32>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(x[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chambers_graph::{GraphOptions, RetweetEdge, UserId};
    use proptest::prelude::*;

    use super::*;
    use crate::sub_chamber_overlap;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn every_pair_at_once_equals_pair_by_pair(
            edges in prop::collection::vec((0u32..30, 0u32..30), 0..200),
            leaders in prop::collection::btree_set(0u32..30, 0..8),
            excluded in prop::collection::btree_set(0u32..30, 0..6),
            overlap_coefficient in any::<bool>(),
        ) {
            let edges: Vec<RetweetEdge> = edges
                .into_iter()
                .filter(|(s, t)| s != t)
                .map(|(s, t)| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 })
                .collect();
            let graph = RetweetGraph::from_edges(&edges, GraphOptions::default()).unwrap();
            let n = graph.n_users() as u32;
            let leaders: Vec<u32> = leaders.into_iter().filter(|&l| l < n).collect();
            let excluded: Vec<u32> = excluded.into_iter().filter(|&x| x < n).collect();
            let measure = if overlap_coefficient {
                Measure::OverlapCoefficient
            } else {
                Measure::Jaccard
            };
            let mut one_by_one = Vec::new();
            for (a, &u) in leaders.iter().enumerate() {
                for &v in &leaders[a + 1..] {
                    one_by_one.push(sub_chamber_overlap(&graph, u, v, &excluded, measure));
                }
            }
            let all = sub_chamber_overlaps(&graph, &leaders, &excluded, measure);
            prop_assert_eq!(all, one_by_one);
        }
    }
}
