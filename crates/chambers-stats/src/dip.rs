//! Hartigan's dip statistic and its Monte-Carlo p-value.
//!
//! Written from the algorithm described in J. A. Hartigan and P. M. Hartigan, "The dip test of
//! unimodality", Ann. Statist. 13 (1985) 70–84, §3, and P. M. Hartigan, "Algorithm AS 217",
//! Appl. Statist. 34 (1985) 320–325: the modal interval shrinks while the greatest convex
//! minorant (GCM) and least concave majorant (LCM) of the empirical distribution function on it
//! stay further apart than the deviations already accumulated outside it.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{StatsError, check_sample};

/// The dip statistic of a sample and the modal interval the algorithm ended on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dip {
    /// The dip: the sup distance between the empirical distribution function and the closest
    /// continuous unimodal distribution function. It lies in [1/(2n), 1/4] for n ≥ 2 distinct
    /// values (the `diptest` convention); a value repeated more than n/2 times, or n = 1, gives
    /// more, at most 1/2.
    pub dip: f64,
    /// Sample size.
    pub n: usize,
    /// Lower end of the final modal interval.
    pub modal_lower: f64,
    /// Upper end of the final modal interval.
    pub modal_upper: f64,
}

/// Hartigan's dip statistic of a sample (any order; the values are copied and sorted).
///
/// Definition (Hartigan & Hartigan 1985): D = inf over unimodal G of sup_x |F_n(x) − G(x)|, with
/// G ranging over continuous unimodal distribution functions, so that every jump of the
/// empirical F_n costs at least half its height: D ≥ 1/(2n). Computed in O(n) after sorting.
///
/// # Errors
/// [`StatsError::EmptySample`] and [`StatsError::NonFinite`].
///
/// ```
/// use chambers_stats::dip;
/// // Hartigan & Hartigan's example: 1..10 and 100..110.
/// let x: Vec<f64> = (1..=10).chain(100..=110).map(f64::from).collect();
/// assert!((dip(&x).unwrap().dip - 0.2164502).abs() < 1e-7);
/// ```
pub fn dip(values: &[f64]) -> Result<Dip, StatsError> {
    check_sample(values)?;
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    Ok(DipScratch::default().dip_sorted(&sorted))
}

/// The dip of a sample that is already sorted ascending (see [`dip`]).
///
/// # Panics
/// If `sorted` is empty; debug builds also check the order.
///
/// ```
/// use chambers_stats::dip_sorted;
/// let d = dip_sorted(&[1.0, 2.0, 3.0, 4.0]);
/// assert_eq!(d.dip, 1.0 / 8.0); // evenly spaced: the smallest possible dip, 1/(2n)
/// ```
pub fn dip_sorted(sorted: &[f64]) -> Dip {
    assert!(!sorted.is_empty(), "dip_sorted needs at least one value");
    debug_assert!(
        sorted.windows(2).all(|w| w[0] <= w[1]),
        "dip_sorted needs sorted input"
    );
    DipScratch::default().dip_sorted(sorted)
}

/// Reusable buffers for repeated dip computations.
#[derive(Default)]
struct DipScratch {
    /// `gcm_prev[j]`: the previous vertex of the lower hull of points 0..=j.
    gcm_prev: Vec<usize>,
    /// `lcm_next[j]`: the next vertex of the upper hull of points j..n.
    lcm_next: Vec<usize>,
    stack: Vec<usize>,
    gcm: Vec<usize>,
    lcm: Vec<usize>,
}

/// z-component of (a − o) × (b − o) for the points (x[i], i).
#[inline]
fn cross(x: &[f64], o: usize, a: usize, b: usize) -> f64 {
    let (oi, ai, bi) = (o as f64, a as f64, b as f64);
    (x[a] - x[o]) * (bi - oi) - (ai - oi) * (x[b] - x[o])
}

/// Value at point `i` of the GCM with ascending vertices `g`, `j` the first vertex ≥ i.
/// A vertical hull segment (tied x) takes its lower end.
#[inline]
fn gcm_at(x: &[f64], g: &[usize], j: usize, i: usize) -> f64 {
    if g[j] == i || j == 0 {
        return i as f64;
    }
    let (a, b) = (g[j - 1], g[j]);
    if x[b] == x[a] {
        a as f64
    } else {
        a as f64 + (b - a) as f64 * (x[i] - x[a]) / (x[b] - x[a])
    }
}

/// Value at point `i` of the LCM with ascending vertices `l`, `j` the last vertex ≤ i.
/// A vertical hull segment (tied x) takes its upper end.
#[inline]
fn lcm_at(x: &[f64], l: &[usize], j: usize, i: usize) -> f64 {
    if j + 1 == l.len() {
        return i as f64;
    }
    let (a, b) = (l[j], l[j + 1]);
    if x[b] == x[a] {
        b as f64
    } else if a == i {
        i as f64
    } else {
        a as f64 + (b - a) as f64 * (x[i] - x[a]) / (x[b] - x[a])
    }
}

impl DipScratch {
    /// The dip of sorted, finite, non-empty data. Heights are counted in observations (point i
    /// is (x_i, i)); a jump adds one, hence the final (D + 1) / (2n).
    fn dip_sorted(&mut self, x: &[f64]) -> Dip {
        let n = x.len();
        self.hull_links(x);
        let (mut low, mut high) = (0usize, n - 1);
        let mut d_out = 0.0f64;
        loop {
            self.gcm.clear();
            let mut v = high;
            self.gcm.push(v);
            while v > low {
                v = self.gcm_prev[v];
                self.gcm.push(v);
            }
            self.gcm.reverse();
            self.lcm.clear();
            let mut v = low;
            self.lcm.push(v);
            while v < high {
                v = self.lcm_next[v];
                self.lcm.push(v);
            }
            let (g, l) = (&self.gcm, &self.lcm);
            // Largest LCM − GCM gap at the vertices of either hull.
            let mut gap = 0.0f64;
            let mut new = (low, high);
            let mut j = 0;
            for &gi in g {
                while j + 1 < l.len() && l[j + 1] <= gi {
                    j += 1;
                }
                let d = lcm_at(x, l, j, gi) - gi as f64;
                if d > gap {
                    gap = d;
                    let upper = if l[j] == gi { gi } else { l[j + 1] };
                    new = (gi, upper);
                }
            }
            let mut j = 0;
            for &li in l {
                while g[j] < li {
                    j += 1;
                }
                let d = li as f64 - gcm_at(x, g, j, li);
                if d > gap {
                    gap = d;
                    let lower = if g[j] == li { li } else { g[j - 1] };
                    new = (lower, li);
                }
            }
            if gap <= d_out {
                break;
            }
            // Deviations left of the new lower end (from the GCM) and right of the new upper
            // end (from the LCM) are now fixed: fold them into d_out.
            let mut j = 0;
            for i in low..=new.0 {
                while g[j] < i {
                    j += 1;
                }
                d_out = d_out.max(i as f64 - gcm_at(x, g, j, i));
            }
            let mut j = l.partition_point(|&v| v <= new.1) - 1;
            for i in new.1..=high {
                while j + 1 < l.len() && l[j + 1] <= i {
                    j += 1;
                }
                d_out = d_out.max(lcm_at(x, l, j, i) - i as f64);
            }
            (low, high) = new;
        }
        Dip {
            dip: (d_out + 1.0) / (2.0 * n as f64),
            n,
            modal_lower: x[low],
            modal_upper: x[high],
        }
    }

    /// Monotone-chain links: for every prefix its lower hull, for every suffix its upper hull.
    fn hull_links(&mut self, x: &[f64]) {
        let n = x.len();
        self.gcm_prev.clear();
        self.gcm_prev.resize(n, 0);
        self.lcm_next.clear();
        self.lcm_next.resize(n, n - 1);
        self.stack.clear();
        for i in 0..n {
            while let [.., a, b] = self.stack[..] {
                if cross(x, a, b, i) <= 0.0 {
                    self.stack.pop();
                } else {
                    break;
                }
            }
            self.gcm_prev[i] = self.stack.last().copied().unwrap_or(0);
            self.stack.push(i);
        }
        self.stack.clear();
        for i in (0..n).rev() {
            while let [.., a, b] = self.stack[..] {
                if cross(x, a, b, i) <= 0.0 {
                    self.stack.pop();
                } else {
                    break;
                }
            }
            self.lcm_next[i] = self.stack.last().copied().unwrap_or(n - 1);
            self.stack.push(i);
        }
    }
}

/// Parameters of the Monte-Carlo dip test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DipTestParams {
    /// Number of simulated samples (default 2,000).
    pub replicates: usize,
    /// Seed of the simulation (default 0). The p-value depends only on the data, `replicates`
    /// and `seed`, never on the number of threads.
    pub seed: u64,
}

impl Default for DipTestParams {
    fn default() -> Self {
        DipTestParams {
            replicates: 2000,
            seed: 0,
        }
    }
}

impl DipTestParams {
    /// Sets the number of simulated samples: the p-value is a count out of `replicates`.
    ///
    /// ```
    /// use chambers_stats::{dip_test, DipTestParams};
    /// // Overlaps piled up around one value: unimodal, so a large p-value.
    /// let x: Vec<f64> = (0..60).map(|i| 0.3 + (f64::from(i) / 59.0 - 0.5).powi(3)).collect();
    /// let t = dip_test(&x, &DipTestParams::default().replicates(40)).unwrap();
    /// assert!(t.p_value > 0.5);
    /// assert!((t.p_value * 40.0 - (t.p_value * 40.0).round()).abs() < 1e-9);
    /// ```
    pub fn replicates(mut self, replicates: usize) -> Self {
        self.replicates = replicates;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Rejects zero replicates.
    ///
    /// # Errors
    /// [`StatsError::BadParameter`] when `replicates` is 0.
    ///
    /// ```
    /// use chambers_stats::DipTestParams;
    /// assert!(DipTestParams::default().check().is_ok());
    /// assert!(DipTestParams::default().replicates(0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), StatsError> {
        if self.replicates == 0 {
            return Err(StatsError::bad("replicates", "must be at least 1"));
        }
        Ok(())
    }
}

/// The dip test: the statistic and its Monte-Carlo p-value under the uniform null.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DipTest {
    /// The observed dip.
    pub dip: Dip,
    /// Fraction of simulated uniform samples (same n) whose dip is ≥ the observed one.
    pub p_value: f64,
    /// 1/R when no simulated sample reached the observed dip: `p_value` is then 0, and all
    /// the simulation tells is that the p-value is below this bound (report it as `p < 1/R`,
    /// not as 0). `None` when some sample reached it.
    pub p_value_upper_bound: Option<f64>,
    /// Monte-Carlo standard error √(p(1 − p)/R).
    pub std_error: f64,
    /// Number of simulated samples R.
    pub replicates: usize,
    /// Seed of the simulation.
    pub seed: u64,
}

/// Replicates simulated per random stream; fixed so results do not depend on the thread count.
const CHUNK: usize = 64;

/// SplitMix64 finaliser: a well-mixed 64-bit value from a seed and a stream index.
pub(crate) fn stream_seed(seed: u64, stream: u64) -> u64 {
    let mut z = seed
        .wrapping_add(stream.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hartigan's dip test with a p-value by seeded Monte-Carlo simulation under the uniform
/// distribution, the least favourable unimodal null (Hartigan & Hartigan 1985, §4).
///
/// p = #{r : dip(U_r) ≥ dip(x)} / R over R samples U_r of n independent U(0, 1) values.
/// Replicates run in parallel (rayon) in fixed chunks of 64, chunk c drawing from its own
/// xoshiro256++ stream seeded from (seed, c), so the p-value is bit-identical for any number of
/// threads.
///
/// # Errors
/// [`StatsError::EmptySample`], [`StatsError::NonFinite`], and [`StatsError::BadParameter`] from
/// [`DipTestParams::check`].
///
/// ```
/// use chambers_stats::{dip_test, DipTestParams};
/// let x: Vec<f64> = (1..=10).chain(100..=110).map(f64::from).collect();
/// let t = dip_test(&x, &DipTestParams::default().replicates(200)).unwrap();
/// assert!(t.p_value < 0.01);
/// assert_eq!(t.p_value_upper_bound, Some(1.0 / 200.0)); // no replicate reached it: p < 1/200
/// ```
pub fn dip_test(values: &[f64], params: &DipTestParams) -> Result<DipTest, StatsError> {
    params.check()?;
    let observed = dip(values)?;
    let n = values.len();
    let chunks = params.replicates.div_ceil(CHUNK);
    let exceed: usize = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(params.seed, c as u64));
            let mut scratch = DipScratch::default();
            let mut sample = vec![0.0f64; n];
            let mut sorter = UnitSorter::default();
            let count = CHUNK.min(params.replicates - c * CHUNK);
            (0..count)
                .filter(|_| {
                    sample.iter_mut().for_each(|v| *v = rng.random::<f64>());
                    sorter.sort(&mut sample);
                    scratch.dip_sorted(&sample).dip >= observed.dip
                })
                .count()
        })
        .sum();
    let r = params.replicates as f64;
    let p = exceed as f64 / r;
    Ok(DipTest {
        dip: observed,
        p_value: p,
        p_value_upper_bound: (exceed == 0).then(|| 1.0 / r),
        std_error: (p * (1.0 - p) / r).sqrt(),
        replicates: params.replicates,
        seed: params.seed,
    })
}

/// Sorts samples of U(0, 1) in expected linear time: a counting pass into n buckets by value
/// (bucket ⌊v·n⌋, monotone in v), then insertion sort, which only reorders within buckets. The
/// order is that of a comparison sort, so the simulated dips are bit-identical to sorting.
#[derive(Default)]
struct UnitSorter {
    starts: Vec<usize>,
    out: Vec<f64>,
}

impl UnitSorter {
    /// Sorts `values` (each in [0, 1)) ascending.
    fn sort(&mut self, values: &mut Vec<f64>) {
        let n = values.len();
        if n < 2 {
            return;
        }
        let scale = n as f64;
        let bucket = |v: f64| ((v * scale) as usize).min(n - 1);
        self.starts.clear();
        self.starts.resize(n + 1, 0);
        for &v in values.iter() {
            self.starts[bucket(v) + 1] += 1;
        }
        for b in 1..=n {
            self.starts[b] += self.starts[b - 1];
        }
        self.out.resize(n, 0.0);
        for &v in values.iter() {
            let b = bucket(v);
            self.out[self.starts[b]] = v;
            self.starts[b] += 1;
        }
        for i in 1..n {
            let v = self.out[i];
            let mut j = i;
            while j > 0 && self.out[j - 1] > v {
                self.out[j] = self.out[j - 1];
                j -= 1;
            }
            self.out[j] = v;
        }
        std::mem::swap(values, &mut self.out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn unit_sorter_sorts_like_a_comparison_sort(
            values in proptest::collection::vec(
                proptest::prop_oneof![0.0..1.0f64, proptest::sample::select(vec![0.0, 0.5, 0.999_999_999])],
                0..300,
            )
        ) {
            let mut expected = values.clone();
            expected.sort_unstable_by(f64::total_cmp);
            let mut sorted = values;
            UnitSorter::default().sort(&mut sorted);
            proptest::prop_assert_eq!(sorted, expected);
        }
    }

    /// Independent reference: the same published iteration, but each hull recomputed from
    /// scratch on the current interval and evaluated by searching x, O(n²) per step.
    fn dip_reference(xs: &[f64]) -> f64 {
        let mut x = xs.to_vec();
        x.sort_by(f64::total_cmp);
        let n = x.len();
        let hull = |lo: usize, hi: usize, upper: bool| -> Vec<usize> {
            let mut h: Vec<usize> = Vec::new();
            let order: Vec<usize> = if upper {
                (lo..=hi).rev().collect()
            } else {
                (lo..=hi).collect()
            };
            for i in order {
                while h.len() >= 2 && cross(&x, h[h.len() - 2], h[h.len() - 1], i) <= 0.0 {
                    h.pop();
                }
                h.push(i);
            }
            if upper {
                h.reverse();
            }
            h
        };
        // Hull value at x-coordinate of point i; vertical pieces resolved low (GCM) / high (LCM).
        let eval = |h: &[usize], i: usize, upper: bool| -> f64 {
            let xi = x[i];
            let mut best: Option<f64> = None;
            for w in h.windows(2) {
                let (a, b) = (w[0], w[1]);
                if x[a] <= xi && xi <= x[b] {
                    let v = if x[a] == x[b] {
                        if upper { b as f64 } else { a as f64 }
                    } else {
                        a as f64 + (b - a) as f64 * (xi - x[a]) / (x[b] - x[a])
                    };
                    best = Some(match best {
                        None => v,
                        Some(o) if upper => o.max(v),
                        Some(o) => o.min(v),
                    });
                }
            }
            best.unwrap_or(i as f64)
        };
        let (mut low, mut high, mut d_out) = (0, n - 1, 0.0f64);
        loop {
            let g = hull(low, high, false);
            let l = hull(low, high, true);
            let mut gap = 0.0;
            let mut new = (low, high);
            for &gi in &g {
                let d = eval(&l, gi, true) - gi as f64;
                if d > gap {
                    gap = d;
                    new = (gi, *l.iter().find(|&&v| v >= gi).unwrap());
                }
            }
            for &li in &l {
                let d = li as f64 - eval(&g, li, false);
                if d > gap {
                    gap = d;
                    new = (*g.iter().rev().find(|&&v| v <= li).unwrap(), li);
                }
            }
            if gap <= d_out {
                break;
            }
            for i in low..=new.0 {
                d_out = d_out.max(i as f64 - eval(&g, i, false));
            }
            for i in new.1..=high {
                d_out = d_out.max(eval(&l, i, true) - i as f64);
            }
            (low, high) = new;
        }
        (d_out + 1.0) / (2.0 * n as f64)
    }

    #[test]
    fn matches_reference_on_random_samples() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        for trial in 0..400 {
            let n = 1 + trial % 40;
            let x: Vec<f64> = (0..n)
                .map(|_| {
                    if trial % 3 == 0 {
                        f64::from(rng.random_range(0..6u32))
                    } else if rng.random::<f64>() < 0.5 {
                        rng.random::<f64>()
                    } else {
                        3.0 + 0.5 * rng.random::<f64>()
                    }
                })
                .collect();
            let fast = dip(&x).unwrap().dip;
            let slow = dip_reference(&x);
            assert!((fast - slow).abs() < 1e-12, "n={n} {fast} vs {slow}: {x:?}");
        }
    }

    #[test]
    fn degenerate_samples() {
        assert_eq!(dip(&[5.0]).unwrap().dip, 0.5);
        assert_eq!(dip(&[5.0, 5.0, 5.0]).unwrap().dip, 0.5);
        assert_eq!(dip(&[1.0, 2.0]).unwrap().dip, 0.25);
        assert_eq!(dip(&[0.0, 0.0, 1.0, 1.0]).unwrap().dip, 0.25);
        assert!((dip(&[0.0, 1.0, 10.0]).unwrap().dip - 1.0 / 6.0).abs() < 1e-15);
    }

    #[test]
    fn stream_seeds_differ() {
        assert_ne!(stream_seed(0, 0), stream_seed(0, 1));
        assert_ne!(stream_seed(0, 1), stream_seed(1, 0));
    }
}
