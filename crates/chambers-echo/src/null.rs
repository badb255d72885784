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
    // The source of each out-stub, in stub order.
    let stub_source: Vec<u32> = (0..n as u32)
        .flat_map(|s| std::iter::repeat_n(s, graph.retweeted(s).len()))
        .collect();
    // A leader keeps its number of retweeters: its audience has room for all of them.
    let audience_room: Vec<usize> = leaders.iter().map(|&u| graph.retweeters(u).len()).collect();
    let slots = LeaderSlots::new(n, leaders);
    let per_realisation: Vec<Vec<f64>> = (0..realisations)
        .into_par_iter()
        .map(|r| {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(
                seed ^ (r as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            let mut targets = in_stubs.clone();
            shuffle(&mut targets, &mut rng);
            let (mut audiences, self_pairs) =
                slots.audiences(&targets, &stub_source, &audience_room);
            for a in &mut audiences {
                a.dedup();
            }
            // A self-pairing is swapped to the end of its source's list, which then ends before
            // it (the order within a list is free: a chamber is a set). From the last one back,
            // so that what is swapped in is never a self-pairing.
            let mut ends: Vec<u32> = out_offsets[1..].to_vec();
            for &at in self_pairs.iter().rev() {
                let s = stub_source[at as usize] as usize;
                ends[s] -= 1;
                targets.swap(at as usize, ends[s] as usize);
            }
            let family = chambers_by(
                n,
                leaders,
                excluded,
                |u| &audiences[slots.get(u)],
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

/// Each account's position among the leaders, in a table small enough to stay in cache as
/// every stub of a realisation looks itself up (2 bytes per account unless there are 65,535
/// leaders or more).
enum LeaderSlots {
    Narrow(Vec<u16>),
    Wide(Vec<u32>),
}

/// A leader position in [`LeaderSlots`]; `NONE` marks an account that is not a leader.
trait Slot: Copy + Eq {
    const NONE: Self;
    fn index(self) -> usize;
}

impl Slot for u16 {
    const NONE: Self = u16::MAX;
    fn index(self) -> usize {
        usize::from(self)
    }
}

impl Slot for u32 {
    const NONE: Self = u32::MAX;
    fn index(self) -> usize {
        self as usize
    }
}

impl LeaderSlots {
    fn new(n: usize, leaders: &[u32]) -> Self {
        fn table<S: Slot>(n: usize, leaders: &[u32], slot: impl Fn(usize) -> S) -> Vec<S> {
            let mut table = vec![S::NONE; n];
            for (i, &u) in leaders.iter().enumerate() {
                table[u as usize] = slot(i);
            }
            table
        }
        match u16::try_from(leaders.len()) {
            Ok(k) if k < u16::MAX => Self::Narrow(table(n, leaders, |i| i as u16)),
            _ => Self::Wide(table(n, leaders, |i| i as u32)),
        }
    }

    /// The position of leader `u`.
    fn get(&self, u: u32) -> usize {
        match self {
            Self::Narrow(t) => t[u as usize].index(),
            Self::Wide(t) => t[u as usize].index(),
        }
    }

    /// Each leader's audience on the rewired stubs (sources in ascending order, repeats kept)
    /// and the positions of the self-pairings, which join no audience.
    fn audiences(
        &self,
        targets: &[u32],
        stub_source: &[u32],
        room: &[usize],
    ) -> (Vec<Vec<u32>>, Vec<u32>) {
        match self {
            Self::Narrow(t) => leader_hits(t, targets, stub_source, room),
            Self::Wide(t) => leader_hits(t, targets, stub_source, room),
        }
    }
}

/// [`LeaderSlots::audiences`] over one slot table. The stubs are read in order and every
/// candidate is written, the next write moving on only for a leader: no branch depends on
/// where the shuffle sent a stub, so the loop runs at the speed of reading the stubs.
fn leader_hits<S: Slot>(
    slot: &[S],
    targets: &[u32],
    stub_source: &[u32],
    room: &[usize],
) -> (Vec<Vec<u32>>, Vec<u32>) {
    // At most every stub of every leader hits, and the last write may be a miss.
    let mut hits: Vec<(S, u32)> = vec![(S::NONE, 0); room.iter().sum::<usize>() + 1];
    let mut found = 0;
    let mut self_pairs = Vec::new();
    for (at, (&t, &s)) in targets.iter().zip(stub_source).enumerate() {
        if t == s {
            self_pairs.push(at as u32);
            continue;
        }
        let leader = slot[t as usize];
        hits[found] = (leader, s);
        found += usize::from(leader != S::NONE);
    }
    let mut audiences: Vec<Vec<u32>> = room.iter().map(|&r| Vec::with_capacity(r)).collect();
    for &(leader, s) in &hits[..found] {
        audiences[leader.index()].push(s);
    }
    (audiences, self_pairs)
}

/// Fisher–Yates. (Drawing the partners of the next swaps ahead, so that their cache misses
/// overlap, was slower on the machine of docs/BENCHMARKS.md for every length tried, 0.2 to 12
/// million stubs.)
fn shuffle(values: &mut [u32], rng: &mut impl RngExt) {
    for i in (1..values.len()).rev() {
        values.swap(i, rng.random_range(0..=i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Both slot tables find, for each leader, the sources of the stubs sent to it (no
        /// self-pairing) in stub order, and every self-pairing.
        #[test]
        fn leader_hits_are_the_stubs_sent_to_leaders(
            pairs in proptest::collection::vec((0u32..30, 0u32..30), 0..200),
            leaders in proptest::collection::btree_set(0u32..30, 0..6),
        ) {
            let mut pairs = pairs;
            pairs.sort_by_key(|&(s, _)| s);
            let (stub_source, targets): (Vec<u32>, Vec<u32>) = pairs.iter().copied().unzip();
            let leaders: Vec<u32> = leaders.into_iter().collect();
            let room: Vec<usize> =
                leaders.iter().map(|&l| targets.iter().filter(|&&t| t == l).count()).collect();
            let want: Vec<Vec<u32>> = leaders
                .iter()
                .map(|&l| pairs.iter().filter(|&&(s, t)| t == l && s != t).map(|&(s, _)| s).collect())
                .collect();
            let self_pairs: Vec<u32> =
                (0..pairs.len() as u32).filter(|&i| pairs[i as usize].0 == pairs[i as usize].1).collect();
            let narrow = LeaderSlots::new(30, &leaders);
            proptest::prop_assert!(matches!(narrow, LeaderSlots::Narrow(_)));
            let mut wide = vec![u32::MAX; 30];
            for (i, &l) in leaders.iter().enumerate() {
                wide[l as usize] = i as u32;
            }
            let wide = LeaderSlots::Wide(wide);
            for slots in [narrow, wide] {
                let (audiences, found) = slots.audiences(&targets, &stub_source, &room);
                proptest::prop_assert_eq!(&audiences, &want);
                proptest::prop_assert_eq!(&found, &self_pairs);
                for (i, &l) in leaders.iter().enumerate() {
                    proptest::prop_assert_eq!(slots.get(l), i);
                }
            }
        }
    }
}
