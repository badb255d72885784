//! The two hot kernels: chambers of many leaders (K1) and all-pairs intersection counts (K2).
//!
//! Both come as a parallel function and a serial twin that run the same per-item code; the
//! results are integers (sorted id lists and counts), so they are bit-identical for any thread
//! count and any reduction order.

use chambers_graph::{Ranks, RetweetGraph};
use rayon::prelude::*;

use crate::{PairCounts, SetFamily};

/// A bitset over the local users of one graph.
struct Bits {
    words: Vec<u64>,
}

impl Bits {
    fn new(n: usize) -> Self {
        Self {
            words: vec![0; n.div_ceil(64)],
        }
    }

    fn of(n: usize, members: &[u32]) -> Self {
        let mut bits = Self::new(n);
        for &v in members {
            bits.insert(v);
        }
        bits
    }

    #[inline]
    fn insert(&mut self, v: u32) {
        self.words[v as usize >> 6] |= 1 << (v & 63);
    }
}

/// Audiences A_u: who retweeted each leader (METHOD.md §3), as a [`SetFamily`] of local ids.
///
/// ```
/// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
/// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
/// let g = RetweetGraph::from_edges(&[e(0, 2), e(1, 2)], GraphOptions::default()).unwrap();
/// assert_eq!(chambers_overlap::audiences(&g, &[2]).get(0), &[0, 1]);
/// ```
pub fn audiences(graph: &RetweetGraph, leaders: &[u32]) -> SetFamily {
    SetFamily::from_sets(leaders.iter().map(|&u| graph.retweeters(u)))
}

/// Chambers C_u of `leaders` (local ids): the distinct accounts that u's audience retweeted,
/// minus `excluded` (sorted local ids) and minus u itself (Kolic et al. 2025, METHOD.md §3).
///
/// Kernel K1: leaders run in parallel; each marks its audience's targets in a per-thread bitset
/// over the window's users and reads the bits back in order, so every chamber comes out sorted
/// with no per-element allocation or sort.
///
/// ```
/// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
/// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
/// // 0 and 1 retweet leader 2; they also retweet 3 and 4.
/// let g = RetweetGraph::from_edges(&[e(0, 2), e(1, 2), e(0, 3), e(1, 4)], GraphOptions::default())
///     .unwrap();
/// let c = chambers_overlap::chambers(&g, &[2], &[4]);
/// assert_eq!(c.get(0), &[3]);
/// ```
pub fn chambers(graph: &RetweetGraph, leaders: &[u32], excluded: &[u32]) -> SetFamily {
    chambers_by(
        graph.n_users(),
        leaders,
        excluded,
        |u| graph.retweeters(u),
        |a| graph.retweeted(a),
        true,
    )
}

/// The serial twin of [`chambers`]: the same per-leader code on one thread.
///
/// ```
/// use chambers_graph::{GraphOptions, RetweetEdge, RetweetGraph, UserId};
/// let e = |s, t| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 };
/// let g = RetweetGraph::from_edges(&[e(0, 2), e(0, 3)], GraphOptions::default()).unwrap();
/// assert_eq!(chambers_overlap::chambers_serial(&g, &[2], &[]), chambers_overlap::chambers(&g, &[2], &[]));
/// ```
pub fn chambers_serial(graph: &RetweetGraph, leaders: &[u32], excluded: &[u32]) -> SetFamily {
    chambers_by(
        graph.n_users(),
        leaders,
        excluded,
        |u| graph.retweeters(u),
        |a| graph.retweeted(a),
        false,
    )
}

/// [`chambers`] over any adjacency on `n` users: `audience(u)` lists who retweeted leader `u`
/// and `retweeted(a)` whom `a` retweeted (repeats allowed). Null models use it on rewired edges.
///
/// ```
/// let retweeted = [vec![], vec![0, 2, 2], vec![]];
/// let c = chambers_overlap::chambers_by(3, &[0], &[], |_| &[1], |a| &retweeted[a as usize], true);
/// assert_eq!(c.get(0), &[2]);
/// ```
pub fn chambers_by<'g>(
    n: usize,
    leaders: &[u32],
    excluded: &[u32],
    audience: impl Fn(u32) -> &'g [u32] + Sync + Send,
    retweeted: impl Fn(u32) -> &'g [u32] + Sync + Send,
    parallel: bool,
) -> SetFamily {
    let excluded = Bits::of(n, excluded);
    let one = |bits: &mut Bits, &u: &u32| chamber_of(audience(u), u, &excluded, bits, &retweeted);
    let sets = if parallel {
        leaders.par_iter().map_init(|| Bits::new(n), one).collect()
    } else {
        let mut bits = Bits::new(n);
        leaders.iter().map(|u| one(&mut bits, u)).collect()
    };
    SetFamily::from_sorted(sets)
}

/// The chamber of `leader` seen through `audience`: targets of the audience minus `excluded`
/// (sorted local ids) and the leader.
pub(crate) fn chamber_of_audience(
    graph: &RetweetGraph,
    audience: &[u32],
    leader: u32,
    excluded: &[u32],
) -> Vec<u32> {
    let n = graph.n_users();
    chamber_of(
        audience,
        leader,
        &Bits::of(n, excluded),
        &mut Bits::new(n),
        &|a| graph.retweeted(a),
    )
}

/// The chamber of `leader` seen through `audience`, with the exclusion as a bitset and a scratch
/// bitset that is all zero on entry and on return.
fn chamber_of<'g>(
    audience: &[u32],
    leader: u32,
    excluded: &Bits,
    bits: &mut Bits,
    retweeted: &impl Fn(u32) -> &'g [u32],
) -> Vec<u32> {
    let (mut lo, mut hi) = (usize::MAX, 0);
    for &a in audience {
        for &t in retweeted(a) {
            let w = t as usize >> 6;
            bits.words[w] |= 1 << (t & 63);
            lo = lo.min(w);
            hi = hi.max(w);
        }
    }
    if lo > hi {
        return Vec::new();
    }
    bits.words[leader as usize >> 6] &= !(1 << (leader & 63));
    let size = (lo..=hi)
        .map(|w| (bits.words[w] & !excluded.words[w]).count_ones() as usize)
        .sum();
    let mut out = Vec::with_capacity(size);
    for w in lo..=hi {
        let mut x = bits.words[w] & !excluded.words[w];
        bits.words[w] = 0;
        while x != 0 {
            out.push((w as u32) << 6 | x.trailing_zeros());
            x &= x - 1;
        }
    }
    out
}

/// Relative cost of one word of AND + popcount in the bitset part of [`pair_counts`].
const WORD_COST: u64 = 1;
/// Relative cost of one pair increment in the counting part of [`pair_counts`].
const PAIR_COST: u64 = 6;
/// Memory for the per-thread pair accumulators of one tile of leaders.
const ACCUMULATOR_BYTES: usize = 256 << 20;

/// All pairwise intersection sizes of a family of sorted sets (kernel K2).
///
/// The output is a dense k × k matrix, so a general sparse product is the wrong tool. Members
/// are split by how many sets hold them: members held by many sets become columns of per-set
/// bitsets, compared pairwise with AND + popcount; the others are counted pair by pair into
/// per-thread dense accumulators over balanced chunks of members (tiled by rows of leaders when
/// k is large). The split minimises a cost estimate of the two parts, so hub-heavy inputs (dense
/// chambers) and long-tail inputs (sparse chambers) both run near their best.
///
/// ```
/// use chambers_overlap::{pair_counts, SetFamily};
/// let f = SetFamily::from_sets([vec![0, 1, 2], vec![1, 2], vec![2, 7]]);
/// let c = pair_counts(&f);
/// assert_eq!((c.intersection(0, 1), c.intersection(0, 2), c.intersection(1, 2)), (2, 1, 1));
/// ```
pub fn pair_counts(family: &SetFamily) -> PairCounts {
    pair_counts_with(family, true)
}

/// The serial twin of [`pair_counts`]: the same chunks, one after another.
///
/// ```
/// use chambers_overlap::{pair_counts, pair_counts_serial, SetFamily};
/// let f = SetFamily::from_sets([vec![0, 1], vec![1, 5]]);
/// assert_eq!(pair_counts_serial(&f), pair_counts(&f));
/// ```
pub fn pair_counts_serial(family: &SetFamily) -> PairCounts {
    pair_counts_with(family, false)
}

/// Runs `f` over `0..n`, in parallel or not, collecting in index order.
fn map_range<T: Send>(n: usize, parallel: bool, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    if parallel {
        (0..n).into_par_iter().map(f).collect()
    } else {
        (0..n).map(f).collect()
    }
}

fn pair_counts_with(family: &SetFamily, parallel: bool) -> PairCounts {
    let k = family.len();
    let universe = family
        .iter()
        .filter_map(|s| s.last())
        .max()
        .map_or(0, |&m| m as usize + 1);
    let members: usize = family.iter().map(<[u32]>::len).sum();
    if universe > 2 * members {
        // Few members in a wide range (a window's chambers among its users): the counts below
        // take a few arrays over the range, so count over the members' ranks instead. Ranks
        // keep the order, so the sets and their sizes are the same.
        let mut ranks = Ranks::new(universe);
        family.iter().flatten().for_each(|&v| ranks.insert(v));
        let ranks = ranks.counted();
        let compact = family
            .iter()
            .map(|set| set.iter().map(|&v| ranks.rank(v)).collect())
            .collect();
        return pair_counts_with(&SetFamily::from_sorted(compact), parallel);
    }
    let degree = degrees(family, universe, parallel);
    let dense = choose_dense(&degree, k);
    let mut upper = dense_pair_counts(family, &dense, parallel);
    let sparse = sparse_pair_counts(family, &degree, &dense, parallel);
    for (u, s) in upper.iter_mut().zip(sparse) {
        *u += s;
    }
    PairCounts::from_upper(k, upper, family.iter().map(<[u32]>::len))
}

/// How many sets hold each member: per-chunk counts of fixed chunks of sets, summed.
fn degrees(family: &SetFamily, universe: usize, parallel: bool) -> Vec<u32> {
    const SETS_PER_CHUNK: usize = 64;
    let chunks = family.len().div_ceil(SETS_PER_CHUNK);
    let parts = map_range(chunks, parallel, |c| {
        let mut degree = vec![0u32; universe];
        for i in c * SETS_PER_CHUNK..((c + 1) * SETS_PER_CHUNK).min(family.len()) {
            for &v in family.get(i) {
                degree[v as usize] += 1;
            }
        }
        degree
    });
    let mut total = vec![0u32; universe];
    for part in parts {
        for (t, p) in total.iter_mut().zip(part) {
            *t += p;
        }
    }
    total
}

/// Position of each member among the bitset columns (`u32::MAX` for counted members). The `d`
/// members held by the most sets (ties: lower id first) become columns, `d` minimising
/// `WORD_COST · k(k−1)/2 · ⌈d/64⌉ + PAIR_COST · Σ_rest deg(deg−1)/2`.
fn choose_dense(degree: &[u32], k: usize) -> Vec<u32> {
    let mut order: Vec<u32> = (0..degree.len() as u32)
        .filter(|&v| degree[v as usize] >= 2)
        .collect();
    order.sort_by_key(|&v| std::cmp::Reverse(degree[v as usize]));
    let pairs = |d: u32| u64::from(d) * u64::from(d - 1) / 2;
    let mut rest: u64 = order.iter().map(|&v| pairs(degree[v as usize])).sum();
    let per_word = WORD_COST * (k as u64) * (k as u64).saturating_sub(1) / 2;
    let (mut best, mut best_cost) = (0, PAIR_COST * rest);
    for (i, &v) in order.iter().enumerate() {
        rest -= pairs(degree[v as usize]);
        let cost = per_word * (i as u64 + 1).div_ceil(64) + PAIR_COST * rest;
        if cost < best_cost {
            (best, best_cost) = (i + 1, cost);
        }
    }
    let mut position = vec![u32::MAX; degree.len()];
    for (p, &v) in order[..best].iter().enumerate() {
        position[v as usize] = p as u32;
    }
    position
}

/// Rows of leaders compared together against every later row: their bits stay in cache while
/// each later row streams by once.
const ROW_BLOCK: usize = 8;

/// Upper-triangle intersection counts over the bitset columns.
fn dense_pair_counts(family: &SetFamily, dense: &[u32], parallel: bool) -> Vec<u32> {
    let k = family.len();
    let columns = dense.iter().filter(|&&p| p != u32::MAX).count();
    let mut upper = vec![0u32; k * k];
    if columns == 0 {
        return upper;
    }
    let w = columns.div_ceil(64);
    let mut rows = vec![0u64; k * w];
    let fill = |(i, row): (usize, &mut [u64])| {
        for &v in family.get(i) {
            let p = dense[v as usize];
            if p != u32::MAX {
                row[p as usize >> 6] |= 1 << (p & 63);
            }
        }
    };
    if parallel {
        rows.par_chunks_mut(w).enumerate().for_each(fill);
    } else {
        rows.chunks_mut(w).enumerate().for_each(fill);
    }
    let blocks = map_range(k.div_ceil(ROW_BLOCK), parallel, |b| {
        and_popcount_block(&rows, w, k, b * ROW_BLOCK)
    });
    for (b, counts) in blocks.into_iter().enumerate() {
        let i0 = b * ROW_BLOCK;
        for (r, row) in counts.chunks_exact(k).enumerate() {
            let i = i0 + r;
            upper[i * k + i + 1..(i + 1) * k].copy_from_slice(&row[i + 1..]);
        }
    }
    upper
}

/// Counts |row_i ∧ row_j| for the rows `i` of the block starting at `i0` and every `j > i`,
/// as `rows in block × k` (entries with `j ≤ i` are 0). Uses the widest popcount the CPU has.
fn and_popcount_block(rows: &[u64], w: usize, k: usize, i0: usize) -> Vec<u32> {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512vpopcntdq") {
            // SAFETY: the CPU supports the features the function is compiled for.
            return unsafe { and_popcount_block_avx512(rows, w, k, i0) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports the features the function is compiled for.
            return unsafe { and_popcount_block_avx2(rows, w, k, i0) };
        }
    }
    and_popcount_block_portable(rows, w, k, i0)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vpopcntdq")]
fn and_popcount_block_avx512(rows: &[u64], w: usize, k: usize, i0: usize) -> Vec<u32> {
    and_popcount_block_portable(rows, w, k, i0)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn and_popcount_block_avx2(rows: &[u64], w: usize, k: usize, i0: usize) -> Vec<u32> {
    and_popcount_block_portable(rows, w, k, i0)
}

#[inline(always)]
fn and_popcount_block_portable(rows: &[u64], w: usize, k: usize, i0: usize) -> Vec<u32> {
    let r_end = (i0 + ROW_BLOCK).min(k);
    let mut out = vec![0u32; (r_end - i0) * k];
    for j in i0 + 1..k {
        let b = &rows[j * w..(j + 1) * w];
        for i in i0..r_end.min(j) {
            let a = &rows[i * w..(i + 1) * w];
            out[(i - i0) * k + j] = a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum();
        }
    }
    out
}

/// Upper-triangle intersection counts over the members not in bitset columns.
fn sparse_pair_counts(
    family: &SetFamily,
    degree: &[u32],
    dense: &[u32],
    parallel: bool,
) -> Vec<u32> {
    let k = family.len();
    let mut upper = vec![0u32; k * k];
    // Sets holding each counted member, ascending (CSR over members).
    let counted = |v: usize| degree[v] >= 2 && dense[v] == u32::MAX;
    let mut offsets = vec![0usize; degree.len() + 1];
    for v in 0..degree.len() {
        offsets[v + 1] = offsets[v] + if counted(v) { degree[v] as usize } else { 0 };
    }
    if offsets[degree.len()] == 0 {
        return upper;
    }
    let mut cursor = offsets.clone();
    let mut holders = vec![0u32; offsets[degree.len()]];
    for (i, set) in family.iter().enumerate() {
        for &v in set {
            if counted(v as usize) {
                holders[cursor[v as usize]] = i as u32;
                cursor[v as usize] += 1;
            }
        }
    }
    drop(cursor);

    // Contiguous member ranges of about equal pair work, one accumulator each.
    let chunks = if parallel {
        rayon::current_num_threads().max(1)
    } else {
        1
    };
    let work: u64 = (0..degree.len()).map(|v| pair_work(&offsets, v)).sum();
    let mut bounds = vec![0usize];
    let mut acc = 0u64;
    for v in 0..degree.len() {
        acc += pair_work(&offsets, v);
        if acc * chunks as u64 >= work * bounds.len() as u64 && bounds.len() < chunks {
            bounds.push(v + 1);
        }
    }
    bounds.push(degree.len());
    bounds.dedup();

    let tile = (ACCUMULATOR_BYTES / (4 * k * chunks)).clamp(1, k);
    for r0 in (0..k).step_by(tile) {
        let r1 = (r0 + tile).min(k);
        let parts = map_range(bounds.len() - 1, parallel, |c| {
            let mut acc = vec![0u32; (r1 - r0) * k];
            for v in bounds[c]..bounds[c + 1] {
                let list = &holders[offsets[v]..offsets[v + 1]];
                let first = list.partition_point(|&i| (i as usize) < r0);
                for a in first..list.len() {
                    let i = list[a] as usize;
                    if i >= r1 {
                        break;
                    }
                    let row = &mut acc[(i - r0) * k..(i - r0 + 1) * k];
                    for &j in &list[a + 1..] {
                        row[j as usize] += 1;
                    }
                }
            }
            acc
        });
        for part in parts {
            for (u, p) in upper[r0 * k..r1 * k].iter_mut().zip(part) {
                *u += p;
            }
        }
    }
    upper
}

fn pair_work(offsets: &[usize], v: usize) -> u64 {
    let d = (offsets[v + 1] - offsets[v]) as u64;
    d * d.saturating_sub(1) / 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    fn brute(sets: &[BTreeSet<u32>]) -> Vec<u32> {
        let k = sets.len();
        let mut m = vec![0; k * k];
        for i in 0..k {
            for j in 0..k {
                m[i * k + j] = sets[i].intersection(&sets[j]).count() as u32;
            }
        }
        m
    }

    proptest! {
        /// Members packed in a small range, or spread over a wide one (counted over ranks).
        #[test]
        fn pair_counts_match_brute_force(
            sets in proptest::collection::vec(proptest::collection::btree_set(0u32..200, 0..60), 0..25),
            spread in prop_oneof![Just(1u32), Just(5_003u32)],
        ) {
            let sets: Vec<BTreeSet<u32>> =
                sets.iter().map(|s| s.iter().map(|&v| v * spread).collect()).collect();
            let family = SetFamily::from_sets(sets.iter().map(|s| s.iter().copied().collect::<Vec<_>>()));
            let want = brute(&sets);
            for counts in [pair_counts(&family), pair_counts_serial(&family)] {
                let k = sets.len();
                for i in 0..k {
                    for j in 0..k {
                        prop_assert_eq!(counts.intersection(i, j), want[i * k + j]);
                    }
                }
            }
        }
    }

    proptest! {
        /// K1's parallel and serial runs agree, on any thread count.
        #[test]
        fn chambers_serial_twin_agrees(
            edges in proptest::collection::vec((0u32..300, 0u32..300), 1..900),
            threads in 1usize..8,
        ) {
            use chambers_graph::{GraphOptions, RetweetEdge, UserId};
            let raw: Vec<RetweetEdge> = edges
                .iter()
                .map(|&(s, t)| RetweetEdge { source: UserId(s), target: UserId(t), weight: 1 })
                .collect();
            let g = RetweetGraph::from_edges(&raw, GraphOptions::default()).unwrap();
            let leaders: Vec<u32> = (0..g.n_users() as u32).step_by(3).collect();
            let excluded: Vec<u32> = (0..g.n_users() as u32).step_by(7).collect();
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let parallel = pool.install(|| chambers(&g, &leaders, &excluded));
            prop_assert_eq!(&parallel, &chambers_serial(&g, &leaders, &excluded));
            prop_assert_eq!(pool.install(|| pair_counts(&parallel)), pair_counts_serial(&parallel));
        }
    }

    #[test]
    fn hubs_go_to_bitsets_and_tails_to_counting() {
        // 40 sets sharing 500 hub members, plus private tails.
        let sets: Vec<Vec<u32>> = (0..40u32)
            .map(|i| {
                (0..500)
                    .chain((1000 + i * 10)..(1000 + i * 10 + 10))
                    .collect()
            })
            .collect();
        let family = SetFamily::from_sets(&sets);
        let mut degree = vec![0u32; 2000];
        for s in &sets {
            for &v in s {
                degree[v as usize] += 1;
            }
        }
        let dense = choose_dense(&degree, 40);
        assert!(dense[..500].iter().all(|&p| p != u32::MAX));
        let c = pair_counts(&family);
        assert_eq!(c.intersection(3, 17), 500);
        assert_eq!(c.size(5), 510);
    }
}
