//! Fixed-margins randomisation of a window's chambers by curveball trades (Strona et al. 2014),
//! the null of the controversy score (METHOD.md §12).
//!
//! A family is reduced to what the trades and the intersection counts need: per set, its
//! members held by at least one other set, and how many members it holds alone. Members of one
//! set only are interchangeable (they are in no intersection), so they are counted, not listed.
//!
//! The shared members are held in one of two ways, chosen per family, with the same trades drawn
//! from the same random stream, so the result does not depend on the choice:
//! * one bitset per set over the shared members renumbered in their order, when a bitset has no
//!   more words than a set has members (dense families, the usual case: chambers of one window
//!   overlap heavily); a trade is then a few word operations per 64 members;
//! * sorted lists otherwise (sparse families: many leaders, small chambers), where a trade is
//!   linear in the members of the two sets.

use chambers_overlap::{Measure, SetFamily, pair_counts};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt};

/// A family of sets as the trades see it (see the module's comment).
#[derive(Clone, Debug)]
pub(crate) struct Margins {
    members: Members,
    /// Per set: how many members it holds alone.
    alone: Vec<u64>,
}

/// The shared members of every set.
#[derive(Clone, Debug)]
enum Members {
    /// Per set, its shared members, sorted.
    Lists(Vec<Vec<u32>>),
    /// Set i's shared members, renumbered 0.. in their order, are the bits of
    /// `words[i * width..(i + 1) * width]`.
    Bits { words: Vec<u64>, width: usize },
}

impl Margins {
    /// The family of `sets` (each sorted, duplicate-free).
    pub(crate) fn new(sets: &[&[u32]]) -> Self {
        let top = sets
            .iter()
            .flat_map(|s| s.last())
            .max()
            .map_or(0, |&m| m as usize + 1);
        let mut degree = vec![0u32; top];
        for s in sets {
            for &x in *s {
                degree[x as usize] += 1;
            }
        }
        let shared: Vec<Vec<u32>> = sets
            .iter()
            .map(|s| {
                s.iter()
                    .copied()
                    .filter(|&x| degree[x as usize] > 1)
                    .collect()
            })
            .collect();
        let alone = sets
            .iter()
            .zip(&shared)
            .map(|(s, sh)| (s.len() - sh.len()) as u64)
            .collect();
        // Renumber the shared members in their order; bitsets when they are no longer than lists.
        let mut rank = degree;
        let mut universe = 0u32;
        for r in &mut rank {
            if *r > 1 {
                *r = universe;
                universe += 1;
            } else {
                *r = u32::MAX;
            }
        }
        let width = (universe as usize).div_ceil(64);
        let listed: usize = shared.iter().map(Vec::len).sum();
        let members = if width * shared.len() <= listed {
            let mut words = vec![0u64; width * shared.len()];
            for (i, s) in shared.iter().enumerate() {
                for &x in s {
                    let bit = rank[x as usize] as usize;
                    words[i * width + (bit >> 6)] |= 1 << (bit & 63);
                }
            }
            Members::Bits { words, width }
        } else {
            Members::Lists(shared)
        };
        Self { members, alone }
    }

    /// The number of sets.
    fn len(&self) -> usize {
        self.alone.len()
    }

    /// The overlap matrix (row-major, diagonal 0) of the sets under `measure`.
    pub(crate) fn overlaps(&self, measure: Measure) -> Vec<f64> {
        let m = self.len();
        let (counts, sizes): (Vec<u64>, Vec<u64>) = match &self.members {
            Members::Lists(sets) => {
                let counts = pair_counts(&SetFamily::from_sets(sets));
                let all = (0..m * m)
                    .map(|ij| u64::from(counts.intersection(ij / m, ij % m)))
                    .collect();
                (all, sets.iter().map(|s| s.len() as u64).collect())
            }
            Members::Bits { words, width } => {
                let set = |i: usize| &words[i * width..(i + 1) * width];
                let both = |i: usize, j: usize| -> u64 {
                    set(i)
                        .iter()
                        .zip(set(j))
                        .map(|(x, y)| u64::from((x & y).count_ones()))
                        .sum()
                };
                let all = (0..m * m).map(|ij| both(ij / m, ij % m)).collect();
                let sizes = (0..m)
                    .map(|i| set(i).iter().map(|x| u64::from(x.count_ones())).sum())
                    .collect();
                (all, sizes)
            }
        };
        let size = |i: usize| sizes[i] as f64 + self.alone[i] as f64;
        let mut q = vec![0.0; m * m];
        for i in 0..m {
            for j in 0..m {
                let n = counts[i * m + j] as f64;
                if i != j && n > 0.0 {
                    q[i * m + j] = match measure {
                        Measure::Jaccard => n / (size(i) + size(j) - n),
                        Measure::OverlapCoefficient => n / size(i).min(size(j)),
                    };
                }
            }
        }
        q
    }

    /// Per set, its shared members in the order of the family's renumbering (bitsets) or as
    /// given (lists): what the trades preserve, for the tests.
    #[cfg(test)]
    fn shared_lists(&self) -> Vec<Vec<u32>> {
        match &self.members {
            Members::Lists(sets) => sets.clone(),
            Members::Bits { words, width } => (0..self.len())
                .map(|i| {
                    let mut out = Vec::new();
                    for (w, &word) in words[i * width..(i + 1) * width].iter().enumerate() {
                        let mut rest = word;
                        while rest != 0 {
                            out.push((w * 64) as u32 + rest.trailing_zeros());
                            rest &= rest - 1;
                        }
                    }
                    out
                })
                .collect(),
        }
    }
}

/// Scratch lists of a trade between two sorted lists.
#[derive(Default)]
struct ListScratch {
    both: Vec<u32>,
    pool: Vec<u32>,
    pool_a: Vec<u32>,
    pool_b: Vec<u32>,
}

/// `trades` curveball trades on `start`: two distinct sets pool the members only one of them
/// holds and deal them out again at random, each keeping its size. Every set keeps its size and
/// every member the number of sets it is in. The members of one set only stay anonymous: how
/// many of them a set receives is hypergeometric, and the shared members it receives are drawn
/// in order by selection sampling.
pub(crate) fn curveball(start: &Margins, trades: usize, rng: &mut Xoshiro256PlusPlus) -> Margins {
    let mut sets = start.clone();
    let n = sets.len();
    if n < 2 {
        return sets;
    }
    let mut scratch = ListScratch::default();
    for _ in 0..trades {
        let a = rng.random_range(0..n);
        let mut b = rng.random_range(0..n - 1);
        if b >= a {
            b += 1;
        }
        let (only_a, pool) = split(&mut sets.members, a, b, &mut scratch);
        let anonymous = sets.alone[a] + sets.alone[b];
        let needed = only_a + sets.alone[a];
        // How many anonymous members set a receives, then which shared ones.
        let to_a_anonymous = hypergeometric(pool + anonymous, anonymous, needed, rng);
        let mut still = needed - to_a_anonymous;
        let mut left = pool;
        let goes_to_a = || {
            let to_a = still > 0 && below(rng.next_u64(), left) < still;
            still -= u64::from(to_a);
            left -= 1;
            to_a
        };
        deal(&mut sets.members, a, b, &mut scratch, goes_to_a);
        sets.alone[a] = to_a_anonymous;
        sets.alone[b] = anonymous - to_a_anonymous;
    }
    sets
}

/// The shared members set `a` holds without `b`, and the pool of members only one of them holds.
/// Lists leave their intersection and pool in `scratch` for [`deal`].
fn split(members: &mut Members, a: usize, b: usize, scratch: &mut ListScratch) -> (u64, u64) {
    match members {
        Members::Lists(sets) => {
            let (x, y) = (&sets[a], &sets[b]);
            scratch.both.clear();
            scratch.pool.clear();
            let (mut i, mut j) = (0, 0);
            while i < x.len() && j < y.len() {
                if x[i] == y[j] {
                    scratch.both.push(x[i]);
                    i += 1;
                    j += 1;
                } else if x[i] < y[j] {
                    scratch.pool.push(x[i]);
                    i += 1;
                } else {
                    scratch.pool.push(y[j]);
                    j += 1;
                }
            }
            // One list is exhausted; the other's tail is above everything pooled so far.
            scratch
                .pool
                .extend_from_slice(if i < x.len() { &x[i..] } else { &y[j..] });
            let only_a = x.len() - scratch.both.len();
            (only_a as u64, scratch.pool.len() as u64)
        }
        Members::Bits { words, width } => {
            let (x, y) = pair(words, *width, a, b);
            x.iter()
                .zip(y.iter())
                .fold((0, 0), |(only, pool), (&u, &v)| {
                    (
                        only + u64::from((u & !v).count_ones()),
                        pool + u64::from((u ^ v).count_ones()),
                    )
                })
        }
    }
}

/// Deals the pool of [`split`] in member order: a member goes to set `a` when `goes_to_a` says
/// so, otherwise to `b`; both keep their common members.
fn deal(
    members: &mut Members,
    a: usize,
    b: usize,
    scratch: &mut ListScratch,
    mut goes_to_a: impl FnMut() -> bool,
) {
    match members {
        Members::Lists(sets) => {
            scratch.pool_a.clear();
            scratch.pool_b.clear();
            for &member in &scratch.pool {
                if goes_to_a() {
                    scratch.pool_a.push(member);
                } else {
                    scratch.pool_b.push(member);
                }
            }
            merge_into(&scratch.both, &scratch.pool_a, &mut sets[a]);
            merge_into(&scratch.both, &scratch.pool_b, &mut sets[b]);
        }
        Members::Bits { words, width } => {
            let (x, y) = pair(words, *width, a, b);
            for (u, v) in x.iter_mut().zip(y.iter_mut()) {
                let (both, pool) = (*u & *v, *u ^ *v);
                let mut to_a = 0u64;
                let mut rest = pool;
                while rest != 0 {
                    let bit = rest & rest.wrapping_neg();
                    if goes_to_a() {
                        to_a |= bit;
                    }
                    rest ^= bit;
                }
                *u = both | to_a;
                *v = both | (pool & !to_a);
            }
        }
    }
}

/// The bitsets of sets `a` and `b` (distinct), both mutable.
fn pair(words: &mut [u64], width: usize, a: usize, b: usize) -> (&mut [u64], &mut [u64]) {
    let (low, high) = (a.min(b), a.max(b));
    let (head, tail) = words.split_at_mut(high * width);
    let (l, h) = (
        &mut head[low * width..(low + 1) * width],
        &mut tail[..width],
    );
    if a < b { (l, h) } else { (h, l) }
}

/// How many of `marked` marked items land in a uniform sample of `draws` out of `total`: an exact
/// sequential draw over the smaller of the two counts.
fn hypergeometric(total: u64, marked: u64, draws: u64, rng: &mut Xoshiro256PlusPlus) -> u64 {
    // Symmetric in (marked, draws): walk through the smaller.
    let (walk, other) = if marked <= draws {
        (marked, draws)
    } else {
        (draws, marked)
    };
    let (mut left, mut wanted, mut hits) = (total, other, 0);
    // Once nothing is wanted no more is drawn. The hit is added, not branched on: it is a coin
    // flip the processor cannot predict.
    for _ in 0..walk {
        if wanted == 0 {
            break;
        }
        let hit = u64::from(below(rng.next_u64(), left) < wanted);
        hits += hit;
        wanted -= hit;
        left -= 1;
    }
    hits
}

/// A number in 0..n from 64 random bits (Lemire's multiply-shift; the bias, below n / 2⁶⁴, is
/// far under anything a randomisation of chambers can show).
fn below(bits: u64, n: u64) -> u64 {
    ((u128::from(bits) * u128::from(n)) >> 64) as u64
}

/// `out` = the union of two sorted, disjoint lists, sorted.
fn merge_into(x: &[u32], y: &[u32], out: &mut Vec<u32>) {
    out.clear();
    out.reserve(x.len() + y.len());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        if x[i] < y[j] {
            out.push(x[i]);
            i += 1;
        } else {
            out.push(y[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&x[i..]);
    out.extend_from_slice(&y[j..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;

    /// The same family held as lists, whatever [`Margins::new`] chose.
    fn as_lists(family: &Margins) -> Margins {
        Margins {
            members: Members::Lists(family.shared_lists()),
            alone: family.alone.clone(),
        }
    }

    proptest! {
        /// Curveball keeps every set's size and every member's number of sets; the overlaps of
        /// the reduced family equal those of the full one before any trade.
        #[test]
        fn curveball_keeps_the_margins(
            sets in proptest::collection::vec(proptest::collection::btree_set(0u32..30, 0..12), 2..8),
            seed in 0u64..1000,
        ) {
            let sets: Vec<Vec<u32>> = sets.into_iter().map(|s| s.into_iter().collect()).collect();
            let refs: Vec<&[u32]> = sets.iter().map(Vec::as_slice).collect();
            let start = Margins::new(&refs);
            let full = pair_counts(&SetFamily::from_sets(sets.clone()));
            let q = start.overlaps(Measure::Jaccard);
            for i in 0..sets.len() {
                for j in 0..sets.len() {
                    let want = if i == j { 0.0 } else { Measure::Jaccard.of(&full, i, j) };
                    prop_assert_eq!(q[i * sets.len() + j], want);
                }
            }
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let out = curveball(&start, 50, &mut rng);
            let degrees = |family: &Margins| {
                let mut d = vec![0usize; 30];
                for s in family.shared_lists() { for x in s { d[x as usize] += 1; } }
                d
            };
            prop_assert_eq!(degrees(&out), degrees(&start));
            prop_assert_eq!(out.alone.iter().sum::<u64>(), start.alone.iter().sum::<u64>());
            let shared = out.shared_lists();
            for (i, set) in sets.iter().enumerate() {
                prop_assert_eq!(shared[i].len() as u64 + out.alone[i], set.len() as u64);
                prop_assert!(shared[i].windows(2).all(|w| w[0] < w[1]));
            }
        }

        /// Bitsets and lists make the same trades from the same stream: the same family after
        /// them, and bit-identical overlaps under both measures.
        #[test]
        fn bitsets_trade_as_lists_do(
            sets in proptest::collection::vec(proptest::collection::btree_set(0u32..200, 0..150), 2..10),
            seed in 0u64..1000,
            trades in 0usize..80,
        ) {
            let sets: Vec<Vec<u32>> = sets.into_iter().map(|s| s.into_iter().collect()).collect();
            let refs: Vec<&[u32]> = sets.iter().map(Vec::as_slice).collect();
            let start = Margins::new(&refs);
            let lists = as_lists(&start);
            let mut r1 = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut r2 = Xoshiro256PlusPlus::seed_from_u64(seed);
            let (x, y) = (curveball(&start, trades, &mut r1), curveball(&lists, trades, &mut r2));
            prop_assert_eq!(x.shared_lists(), y.shared_lists());
            prop_assert_eq!(&x.alone, &y.alone);
            prop_assert_eq!(r1.next_u64(), r2.next_u64());
            for measure in [Measure::Jaccard, Measure::OverlapCoefficient] {
                prop_assert_eq!(x.overlaps(measure), y.overlaps(measure));
            }
        }
    }

    /// The sequential draw, written the plain way: a draw per item while any is wanted.
    fn hypergeometric_plainly(
        total: u64,
        marked: u64,
        draws: u64,
        rng: &mut Xoshiro256PlusPlus,
    ) -> u64 {
        let (walk, other) = (marked.min(draws), marked.max(draws));
        let (mut left, mut wanted, mut hits) = (total, other, 0);
        for _ in 0..walk {
            if wanted > 0 && below(rng.next_u64(), left) < wanted {
                hits += 1;
                wanted -= 1;
            }
            left -= 1;
        }
        hits
    }

    proptest! {
        /// The branch-free draw takes the same draws from the stream as the plain one.
        #[test]
        fn hypergeometric_draws_as_written_plainly(
            total in 0u64..400, marked in 0u64..400, draws in 0u64..400, seed in 0u64..1000,
        ) {
            let (marked, draws) = (marked.min(total), draws.min(total));
            let mut r1 = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut r2 = Xoshiro256PlusPlus::seed_from_u64(seed);
            let hits = hypergeometric(total, marked, draws, &mut r1);
            prop_assert_eq!(hits, hypergeometric_plainly(total, marked, draws, &mut r2));
            prop_assert!(hits <= marked.min(draws));
            prop_assert_eq!(r1.next_u64(), r2.next_u64());
        }
    }

    #[test]
    fn dense_families_are_bitsets_sparse_ones_lists() {
        // Three sets sharing 100 members: 2 words each, far fewer than their members.
        let dense: Vec<u32> = (0..100).collect();
        let family = Margins::new(&[&dense, &dense, &dense]);
        assert!(matches!(family.members, Members::Bits { width: 2, .. }));
        // A ring of 200 sets, each sharing one member with the next: 4 words for 2 members.
        let sparse: Vec<Vec<u32>> = (0..200).map(|i| vec![i, i + 1]).collect();
        let refs: Vec<&[u32]> = sparse.iter().map(Vec::as_slice).collect();
        assert!(matches!(Margins::new(&refs).members, Members::Lists(_)));
    }
}
