//! The controversy score of a window (METHOD.md §12): the modularity of the best bisection of
//! Q(t) on its main component, above what fixed-margins randomisations of the same chambers
//! give, normalised by what the observed split can reach, and discounted by the leaders outside
//! the main component.

use chambers_graph::GroupId;
use chambers_overlap::{Measure, SetFamily, WindowChambers, pair_counts};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};
use rayon::prelude::*;

use crate::modularity_bisection;

/// The highest the null baseline M₀ may reach, relative to the ceiling D: M₀ ≤ D − 0.01 (0.49
/// for two equal sides), so that the score's denominator stays positive.
const BASELINE_MARGIN: f64 = 0.01;

/// The ceiling of two-group modularity used as the score's denominator is at least that of a
/// split whose sides hold 90 % and 10 % of the overlap strength (1 − 0.9² − 0.1² = 0.18):
/// lopsided splits are measured against what their sizes allow, but a tiny side cannot reach a
/// high score by being tiny.
const CEILING_FLOOR: f64 = 0.18;

/// Trades per leader of the main component in one fixed-margins randomisation.
const TRADES_PER_LEADER: usize = 20;

/// The controversy figures of one window.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WindowControversy {
    /// |L(t)|: active leaders.
    pub leaders: usize,
    /// The score in [0, 1]; `None` for a window without active leaders.
    pub score: Option<f64>,
    /// M: modularity of the best bisection of Q(t) on the main component L*.
    pub modularity: Option<f64>,
    /// M₀: the mean of the same over fixed-margins randomisations of L*'s chambers (capped).
    pub baseline: Option<f64>,
    /// D: the modularity ceiling of the observed split, 1 − Σ a_g² (a_g: the groups' strength
    /// shares), at least 0.18.
    pub ceiling: Option<f64>,
    /// |L*|: active leaders in the main component of the overlap graph.
    pub main_component: usize,
}

/// The controversy figures of a window from its chamber record and its overlap matrix `q` (Q(t)
/// under `measure`, as [`WindowChambers::matrix`] gives it): `realisations` randomisations
/// seeded by `seed` (realisation r from its own stream), in parallel, bit-identical for any
/// thread count.
///
/// ```
/// use chambers_echo::window_controversy;
/// use chambers_graph::{WindowSpec, WindowsBuilder};
/// use chambers_overlap::{analyse_chambers, ChamberParams, Exclusion, Measure};
/// // Two sides: L1, L2 share x and y; L3, L4 share z and w; one crossing account c.
/// let mut b = WindowsBuilder::new(WindowSpec::Single, Default::default());
/// for (s, t) in [("a", "L1"), ("a", "x"), ("a", "y"), ("b", "L2"), ("b", "x"), ("b", "y"),
///     ("b", "c"), ("d", "L3"), ("d", "z"), ("d", "w"), ("e", "L4"), ("e", "z"), ("e", "w"),
///     ("e", "c")] {
///     b.push_external(s, t, 1, None).unwrap();
/// }
/// let w = b.finish().unwrap();
/// let leaders = ["L1", "L2", "L3", "L4"].map(|x| w.interner.get(x).unwrap());
/// let params = ChamberParams::default().exclusion(Exclusion::Leaders);
/// let a = analyse_chambers(&w, &params, Some(&leaders)).unwrap();
/// let wc = &a.windows[0];
/// let c = window_controversy(wc, &wc.matrix(Measure::Jaccard), Measure::Jaccard, 20, 1);
/// assert_eq!((c.main_component, c.leaders), (4, 4));
/// assert!(c.modularity.unwrap() > 0.3 && c.score.unwrap() > 0.0);
/// ```
pub fn window_controversy(
    wc: &WindowChambers,
    q: &[f64],
    measure: Measure,
    realisations: usize,
    seed: u64,
) -> WindowControversy {
    let ka = wc.active.len();
    if ka == 0 {
        return WindowControversy::default();
    }
    assert_eq!(
        q.len(),
        ka * ka,
        "window_controversy: q must be the window's Q(t)"
    );
    let order: Vec<usize> = (0..ka).collect();
    let real = modularity_bisection(q, ka, None, &order);
    let main = real.main.len();
    let mut out = WindowControversy {
        score: Some(0.0),
        modularity: Some(real.modularity),
        main_component: main,
        leaders: ka,
        ..WindowControversy::default()
    };
    if main < 2 || real.modularity <= 0.0 {
        return out;
    }
    let ceiling = ceiling(q, ka, &real.labels).max(CEILING_FLOOR);
    let chambers: Vec<&[u32]> = real.main.iter().map(|&a| wc.chambers.get(a)).collect();
    let family = Margins::new(&chambers);
    let baseline = if realisations == 0 {
        0.0
    } else {
        let values: Vec<f64> = (0..realisations)
            .into_par_iter()
            .map(|r| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(
                    seed ^ (r as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03),
                );
                let shuffled = curveball(&family, TRADES_PER_LEADER * main, &mut rng);
                let m = main;
                let q0 = shuffled.overlaps(measure);
                let order: Vec<usize> = (0..m).collect();
                modularity_bisection(&q0, m, None, &order).modularity
            })
            .collect();
        values.iter().sum::<f64>() / values.len() as f64
    }
    .min(ceiling - BASELINE_MARGIN);
    let score = ((real.modularity - baseline) / (ceiling - baseline)).clamp(0.0, 1.0) * main as f64
        / ka as f64;
    out.score = Some(score);
    out.baseline = Some(baseline);
    out.ceiling = Some(ceiling);
    out
}

/// 1 − Σ a_g²: the highest modularity a split with these groups' strength shares can reach.
fn ceiling(q: &[f64], k: usize, labels: &[Option<GroupId>]) -> f64 {
    let mut strength = [0.0f64; 2];
    for i in 0..k {
        if let Some(g) = labels[i] {
            strength[g.index().min(1)] += (0..k)
                .filter(|&j| labels[j].is_some())
                .map(|j| q[i * k + j])
                .sum::<f64>();
        }
    }
    let total = strength[0] + strength[1];
    if total <= 0.0 {
        return 0.0;
    }
    1.0 - strength.iter().map(|s| (s / total).powi(2)).sum::<f64>()
}

/// A family of sets reduced to what fixed-margins randomisation and intersection counts need:
/// per set, its members held by at least one other set (sorted) and how many members it holds
/// alone. Members of one set only are interchangeable — they are in no intersection — so they are
/// counted, not listed, which makes a trade linear in the shared members only.
#[derive(Clone, Debug)]
struct Margins {
    shared: Vec<Vec<u32>>,
    alone: Vec<u64>,
}

impl Margins {
    fn new(sets: &[&[u32]]) -> Self {
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
        Self { shared, alone }
    }

    /// The overlap matrix (row-major, diagonal 0) of the sets under `measure`.
    fn overlaps(&self, measure: Measure) -> Vec<f64> {
        let m = self.shared.len();
        let counts = pair_counts(&SetFamily::from_sets(self.shared.clone()));
        let size = |i: usize| self.shared[i].len() as f64 + self.alone[i] as f64;
        let mut q = vec![0.0; m * m];
        for i in 0..m {
            for j in 0..m {
                let n = counts.intersection(i, j) as f64;
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
}

/// Fixed-margins randomisation of a family of sets by curveball trades (Strona et al. 2014):
/// `trades` times, two distinct sets pool the members only one of them holds and deal them out
/// again at random, each keeping its size. Every set keeps its size and every member the number
/// of sets it is in. The members of one set only stay anonymous: how many of them a set receives
/// is hypergeometric, and the shared members it receives are drawn in order by selection
/// sampling, so the lists stay sorted without sorting.
fn curveball(start: &Margins, trades: usize, rng: &mut Xoshiro256PlusPlus) -> Margins {
    let mut sets = start.clone();
    let n = sets.shared.len();
    if n < 2 {
        return sets;
    }
    let (mut both, mut pool) = (Vec::new(), Vec::new());
    let (mut pool_a, mut pool_b) = (Vec::new(), Vec::new());
    let (mut new_a, mut new_b) = (Vec::new(), Vec::new());
    for _ in 0..trades {
        let a = rng.random_range(0..n);
        let mut b = rng.random_range(0..n - 1);
        if b >= a {
            b += 1;
        }
        both.clear();
        pool.clear();
        let (x, y) = (&sets.shared[a], &sets.shared[b]);
        let (mut i, mut j) = (0, 0);
        while i < x.len() || j < y.len() {
            match (x.get(i), y.get(j)) {
                (Some(&u), Some(&v)) if u == v => {
                    both.push(u);
                    i += 1;
                    j += 1;
                }
                (Some(&u), Some(&v)) if u < v => {
                    pool.push(u);
                    i += 1;
                }
                (Some(&u), None) => {
                    pool.push(u);
                    i += 1;
                }
                (_, Some(&v)) => {
                    pool.push(v);
                    j += 1;
                }
                (None, None) => unreachable!("loop condition"),
            }
        }
        let anonymous = sets.alone[a] + sets.alone[b];
        let needed = (x.len() - both.len()) as u64 + sets.alone[a];
        let total = pool.len() as u64 + anonymous;
        // How many anonymous members set a receives, then which shared ones.
        let to_a_anonymous = hypergeometric(total, anonymous, needed, rng);
        let mut still = (needed - to_a_anonymous) as usize;
        pool_a.clear();
        pool_b.clear();
        for (k, &member) in pool.iter().enumerate() {
            let left = (pool.len() - k) as u64;
            if still > 0 && below(rng.next_u64(), left) < still as u64 {
                pool_a.push(member);
                still -= 1;
            } else {
                pool_b.push(member);
            }
        }
        merge_into(&both, &pool_a, &mut new_a);
        merge_into(&both, &pool_b, &mut new_b);
        std::mem::swap(&mut sets.shared[a], &mut new_a);
        std::mem::swap(&mut sets.shared[b], &mut new_b);
        sets.alone[a] = to_a_anonymous;
        sets.alone[b] = anonymous - to_a_anonymous;
    }
    sets
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
    for _ in 0..walk {
        if wanted > 0 && below(rng.next_u64(), left) < wanted {
            hits += 1;
            wanted -= 1;
        }
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
                for s in &family.shared { for &x in s { d[x as usize] += 1; } }
                d
            };
            prop_assert_eq!(degrees(&out), degrees(&start));
            prop_assert_eq!(out.alone.iter().sum::<u64>(), start.alone.iter().sum::<u64>());
            for (i, set) in sets.iter().enumerate() {
                prop_assert_eq!(out.shared[i].len() as u64 + out.alone[i], set.len() as u64);
                prop_assert!(out.shared[i].windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    #[test]
    fn ceiling_of_even_and_lopsided_splits() {
        // Two disconnected pairs of equal strength: 1 − 2·(½)² = ½.
        let mut q = vec![0.0; 16];
        for (i, j) in [(0, 1), (2, 3)] {
            q[i * 4 + j] = 1.0;
            q[j * 4 + i] = 1.0;
        }
        let labels = [
            Some(GroupId::A),
            Some(GroupId::A),
            Some(GroupId::B),
            Some(GroupId::B),
        ];
        assert!((ceiling(&q, 4, &labels) - 0.5).abs() < 1e-12);
    }
}
