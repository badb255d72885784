//! Hartigan's dip statistic and its Monte-Carlo p-value.
//!
//! The algorithm of J. A. Hartigan and P. M. Hartigan, "The dip test of unimodality", Ann.
//! Statist. 13 (1985) 70–84, §3, and P. M. Hartigan, "Algorithm AS 217", Appl. Statist. 34
//! (1985) 320–325: the modal interval shrinks while the greatest convex minorant (GCM) and
//! least concave majorant (LCM) of the empirical distribution function on it stay further
//! apart than the deviations already accumulated outside it. It follows AS 217 step for step
//! as the reference implementation (R's and PyPI's `diptest`) runs it, so that samples with
//! tied values, the normal case for overlaps, give the reference's dip and modal interval
//! (checked to 1e-12 against values the reference wrote, data/reference/tied_dip.csv).

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{StatsError, check_sample};

/// The dip statistic of a sample and the modal interval the algorithm ended on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Dip {
    /// The dip: the sup distance between the empirical distribution function and the closest
    /// unimodal distribution function, as the reference implementation (R's `diptest`,
    /// `min.is.0 = FALSE`) computes it, ties included. It lies in [1/(2n), 1/4] for n ≥ 2
    /// (all values equal give 1/(2n)); n = 1 gives 1/2.
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

/// Reusable buffers for repeated dip computations. Positions are 1-based as in AS 217 (point
/// i is `x[i - 1]`; slot 0 of each buffer is unused), which keeps the port line by line.
#[derive(Default)]
struct DipScratch {
    /// `mn[j]`: the previous vertex of the greatest convex minorant of points 1..=j.
    mn: Vec<usize>,
    /// `mj[j]`: the next vertex of the least concave majorant of points j..=n.
    mj: Vec<usize>,
    /// Vertices of the current GCM, from `high` down to `low`.
    gcm: Vec<usize>,
    /// Vertices of the current LCM, from `low` up to `high`.
    lcm: Vec<usize>,
    /// The hull being built by [`hull_of`]: (position, value) of its vertices.
    hull: Vec<(usize, f64)>,
}

/// Greatest deviation, in observations, of the empirical distribution function from the hull
/// segments `segments` (pairs of 1-based vertex positions `(b, e)`, b < e), each segment
/// counting at least 1: AS 217's per-hull dip. `minorant` selects the side: below the
/// minorant the step function lies above it, so jumps count up, and the other way round.
fn hull_deviation(
    x: &[f64],
    segments: impl Iterator<Item = (usize, usize)>,
    minorant: bool,
) -> f64 {
    let mut most = 0.0f64;
    for (b, e) in segments {
        let mut here = 1.0f64;
        let (xb, xe) = (x[b - 1], x[e - 1]);
        if e - b > 1 && xe != xb {
            let slope = (e - b) as f64 / (xe - xb);
            for jj in b..=e {
                let rise = (x[jj - 1] - xb) * slope;
                let t = if minorant {
                    (jj - b + 1) as f64 - rise
                } else {
                    rise - (jj as f64 - b as f64 - 1.0)
                };
                here = here.max(t);
            }
        }
        most = most.max(here);
    }
    most
}

impl DipScratch {
    /// Adds 1 to `counts[k]` for each `dips[k]` that the dip of `uniform`, a sorted sample of
    /// U(0, 1), reaches. Two bounds settle most samples without the hull walk:
    /// * U(0, 1) is unimodal, so the dip is at most the sample's Kolmogorov distance to it; a
    ///   threshold clearly above that distance cannot be reached;
    /// * the dip is at least [`chord_bound`]'s bound; a threshold clearly below it is reached
    ///   (the usual case for the null sample of the pipeline, whose dip is far below a uniform
    ///   sample's).
    ///
    /// Otherwise the walk runs once for all of them. The answers are those of
    /// [`DipScratch::dip_sorted`] (the slack is far above rounding: the tests
    /// `dip_is_at_most_the_distance_to_the_uniform` and `dip_is_at_least_the_chord_bound`
    /// check the bounds).
    fn count_reached(&mut self, uniform: &[f64], dips: &[f64], counts: &mut [usize]) {
        const SLACK: f64 = 1e-9;
        let n = uniform.len() as f64;
        let mut distance = 0.0f64;
        for (i, &u) in uniform.iter().enumerate() {
            distance = distance.max((i as f64 + 1.0) / n - u).max(u - i as f64 / n);
        }
        // The bound need not exceed the largest threshold the distance leaves open.
        let enough = dips
            .iter()
            .filter(|&&dip| distance >= dip - SLACK)
            .fold(f64::NEG_INFINITY, |a, &dip| a.max(dip + SLACK));
        let (mut lower, mut walked) = (None, None);
        for (&dip, count) in dips.iter().zip(counts) {
            if distance < dip - SLACK {
                continue;
            }
            if *lower.get_or_insert_with(|| chord_bound(uniform, enough, &mut self.hull))
                >= dip + SLACK
            {
                *count += 1;
                continue;
            }
            let d = *walked.get_or_insert_with(|| self.dip_sorted(uniform).dip);
            *count += usize::from(d >= dip);
        }
    }

    /// The dip of sorted, finite, non-empty data: a port of AS 217 (Hartigan 1985) as the
    /// reference implementation (R's `diptest`, with Maechler's fixes) runs it, step for step,
    /// so that tied samples give its values. Heights are counted in observations and the
    /// result is 2n·D until the final division; the smallest dip is 1/(2n), also for a sample
    /// whose values are all equal.
    fn dip_sorted(&mut self, x: &[f64]) -> Dip {
        let n = x.len();
        let at = |i: usize| x[i - 1];
        let (mut low, mut high) = (1usize, n);
        let mut dip = 1.0f64;
        if n >= 2 && x[n - 1] != x[0] {
            self.hull_links(x);
            loop {
                let (mn, mj) = (&self.mn, &self.mj);
                self.gcm.clear();
                self.gcm.extend([0, high]);
                while self.gcm[self.gcm.len() - 1] > low {
                    self.gcm.push(mn[self.gcm[self.gcm.len() - 1]]);
                }
                self.lcm.clear();
                self.lcm.extend([0, low]);
                while self.lcm[self.lcm.len() - 1] < high {
                    self.lcm.push(mj[self.lcm[self.lcm.len() - 1]]);
                }
                let (gcm, lcm) = (&self.gcm, &self.lcm);
                let (l_gcm, l_lcm) = (gcm.len() - 1, lcm.len() - 1);
                // Largest distance between the hulls from low to high; (ig, ih) are the
                // positions in gcm and lcm of the next modal interval's ends.
                let (mut ig, mut ih) = (l_gcm, l_lcm);
                let d = if l_gcm != 2 || l_lcm != 2 {
                    let (mut ix, mut iv) = (l_gcm - 1, 2usize);
                    let mut d = 0.0f64;
                    loop {
                        let (gx, lv) = (gcm[ix], lcm[iv]);
                        if gx > lv {
                            let g1 = gcm[ix + 1];
                            let dx = (lv as f64 - g1 as f64 + 1.0)
                                - (at(lv) - at(g1)) * (gx - g1) as f64 / (at(gx) - at(g1));
                            iv += 1;
                            if dx >= d {
                                d = dx;
                                (ig, ih) = (ix + 1, iv - 1);
                            }
                        } else {
                            let l1 = lcm[iv - 1];
                            let dx = (at(gx) - at(l1)) * (lv - l1) as f64 / (at(lv) - at(l1))
                                - (gx as f64 - l1 as f64 - 1.0);
                            ix -= 1;
                            if dx >= d {
                                d = dx;
                                (ig, ih) = (ix + 1, iv);
                            }
                        }
                        ix = ix.max(1);
                        iv = iv.min(l_lcm);
                        if gcm[ix] == lcm[iv] {
                            break;
                        }
                    }
                    d
                } else {
                    1.0
                };
                if d < dip {
                    break;
                }
                // Deviations from the GCM left of the next interval and from the LCM right of it.
                let dip_l = hull_deviation(x, (ig..l_gcm).map(|j| (gcm[j + 1], gcm[j])), true);
                let dip_u = hull_deviation(x, (ih..l_lcm).map(|j| (lcm[j], lcm[j + 1])), false);
                dip = dip.max(dip_l.max(dip_u));
                let settled = low == gcm[ig] && high == lcm[ih];
                (low, high) = (gcm[ig], lcm[ih]);
                if settled {
                    break;
                }
            }
        }
        Dip {
            dip: dip / (2.0 * n as f64),
            n,
            modal_lower: at(low),
            modal_upper: at(high),
        }
    }

    /// AS 217's hull links: `mn` for the convex minorant of every prefix, `mj` for the concave
    /// majorant of every suffix (collinear points dropped).
    fn hull_links(&mut self, x: &[f64]) {
        let n = x.len();
        for links in [&mut self.mn, &mut self.mj] {
            links.clear();
            links.resize(n + 1, 0);
        }
        let (mn, mj) = (&mut self.mn, &mut self.mj);
        let forward = (1..=n).map(|i| (i, x[i - 1]));
        hull_of(&mut self.hull, forward, |i, j| mn[i] = j);
        let backward = (1..=n).rev().map(|i| (i, x[i - 1]));
        hull_of(&mut self.hull, backward, |i, j| mj[i] = j);
    }
}

/// AS 217's link loop over the points `(i, x_i)` in `points` order: `link(i, j)` is called with
/// the vertex j before point i on the hull of the points so far (the first point with itself),
/// and `hull` ends as the hull of all of them, last point on top. Points in ascending position
/// give the convex minorant of (x_i, i), in descending position the concave majorant. The hull
/// is kept as a stack, which is the chain `i → link → …` that AS 217 follows through its
/// arrays: the same vertices are compared with the same arithmetic, so the links are AS 217's,
/// but the chain's last two vertices are at hand instead of one dependent load away.
fn hull_of(
    hull: &mut Vec<(usize, f64)>,
    mut points: impl Iterator<Item = (usize, f64)>,
    mut link: impl FnMut(usize, usize),
) {
    hull.clear();
    let Some(first) = points.next() else { return };
    link(first.0, first.0);
    hull.push(first);
    for (i, xi) in points {
        // Does the path b → a → i turn strictly (a stays a hull vertex)?
        while let [.., (b, xb), (a, xa)] = hull[..] {
            let turns = (xi - xa) * (a as f64 - b as f64) < (xa - xb) * (i as f64 - a as f64);
            if turns {
                break;
            }
            hull.pop();
        }
        link(i, hull[hull.len() - 1].0);
        hull.push((i, xi));
    }
}

/// Splits of the chord bound, in the order tried: at k/8 of the sample's points, the middle
/// first.
const CHORD_SPLITS: [usize; 7] = [4, 2, 6, 1, 3, 5, 7];

/// Hull points of the chord bound per side of a split, about: every (n / this)-th point.
const CHORD_HULL_POINTS: usize = 256;

/// A lower bound on the dip of `sorted`, a sorted sample of distinct values (0 when values
/// repeat or fewer than 16 are given), in O(n): cheap enough to settle a simulated sample
/// without the hull walk. It stops at the first split whose bound reaches `enough`.
///
/// Let F be the empirical distribution function and G any unimodal one with mode m within
/// ε of F: convex left of m, concave right of it. Take three sample points p < q < r. If
/// r ≤ m, G is convex on [p, r], so G(q) lies on or below its chord, and F(q) can rise above
/// F's chord by at most 2ε (the *bulge* at q). Likewise for p' < q' < r' with m ≤ p', F(q')
/// can fall below F's chord by at most 2ε (the *sag*). When r ≤ p' every m is on one side,
/// so ε ≥ min(bulge, sag) / 2, and so is the dip (the least such ε): a concave stretch left of
/// a convex one is the second mode the dip measures. For each split s of [`CHORD_SPLITS`], the
/// bound takes the largest bulge of the points left of s under the convex minorant of every
/// few of them ([`chord_gap`]), and the largest sag right of s above their concave majorant:
/// chords between sample points, so any such hull gives a valid bound, and one of a few hundred
/// points comes close to the dip's own. F(x_i) = i/n at the i-th value (1-based); with
/// repeated values that is not F's value, hence the 0.
fn chord_bound(sorted: &[f64], enough: f64, hull: &mut Vec<(usize, f64)>) -> f64 {
    let n = sorted.len();
    if n < 16 || sorted.windows(2).any(|w| w[0] >= w[1]) {
        return 0.0;
    }
    let stride = (n / CHORD_HULL_POINTS).max(1);
    let mut best = 0.0f64;
    for k in CHORD_SPLITS {
        let split = (k * (n - 1) + 4) / 8;
        let bulge = chord_gap(sorted, 0, split, stride, true, hull);
        let sag = chord_gap(sorted, split, n - 1, stride, false, hull);
        best = best.max(bulge.min(sag) / (2.0 * n as f64));
        if best >= enough {
            break;
        }
    }
    best
}

/// The largest height, in points, of the points `first..=last` of `sorted` above the convex
/// minorant (`above`) or below the concave majorant ([`hull_of`]) of every `stride`-th of them
/// and `last`.
fn chord_gap(
    sorted: &[f64],
    first: usize,
    last: usize,
    stride: usize,
    above: bool,
    hull: &mut Vec<(usize, f64)>,
) -> f64 {
    let point = |i: usize| (i, sorted[i]);
    if above {
        let picked = (first..last).step_by(stride).chain([last]);
        hull_of(hull, picked.map(point), |_, _| {});
    } else {
        // The same points, from the last down.
        let top = first + (last - first - 1) / stride * stride;
        let picked = std::iter::once(last).chain((first..=top).rev().step_by(stride));
        hull_of(hull, picked.map(point), |_, _| {});
    }
    let mut most = 0.0f64;
    for pair in hull.windows(2) {
        let ((a, xa), (b, xb)) = match pair[0].0 < pair[1].0 {
            true => (pair[0], pair[1]),
            false => (pair[1], pair[0]),
        };
        let slope = (b - a) as f64 / (xb - xa);
        for (q, &x) in sorted[a..=b].iter().enumerate() {
            let height = q as f64 - (x - xa) * slope;
            most = most.max(if above { height } else { -height });
        }
    }
    most
}

/// Parameters of the Monte-Carlo dip test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    let mut tests = dip_tests(&[values], params)?;
    Ok(tests.remove(0))
}

/// [`dip_test`] of each of several samples, in order. The simulation depends only on the
/// sample size, `replicates` and `seed`, so samples of one size share theirs: a sample and a
/// null sample of its size (as the pipeline compares the pooled overlaps with the null's)
/// cost one simulation, and each p-value is the one [`dip_test`] gives alone.
///
/// # Errors
/// As [`dip_test`], for the first sample that fails.
///
/// ```
/// use chambers_stats::{dip_test, dip_tests, DipTestParams};
/// let two: Vec<f64> = (1..=10).chain(100..=110).map(f64::from).collect();
/// let one: Vec<f64> = (0..21).map(|i| f64::from(i * i % 17)).collect();
/// let params = DipTestParams::default().replicates(200);
/// let both = dip_tests(&[&two, &one], &params).unwrap();
/// assert_eq!(both, [dip_test(&two, &params).unwrap(), dip_test(&one, &params).unwrap()]);
/// ```
pub fn dip_tests(samples: &[&[f64]], params: &DipTestParams) -> Result<Vec<DipTest>, StatsError> {
    params.check()?;
    let observed: Vec<Dip> = samples.iter().map(|x| dip(x)).collect::<Result<_, _>>()?;
    let mut exceed = vec![0; samples.len()];
    let mut sizes: Vec<usize> = observed.iter().map(|d| d.n).collect();
    sizes.sort_unstable();
    sizes.dedup();
    for n in sizes {
        let of_size: Vec<usize> = (0..samples.len()).filter(|&i| observed[i].n == n).collect();
        let dips: Vec<f64> = of_size.iter().map(|&i| observed[i].dip).collect();
        for (&i, count) in of_size.iter().zip(simulate(n, &dips, params)) {
            exceed[i] = count;
        }
    }
    let r = params.replicates as f64;
    Ok(observed
        .into_iter()
        .zip(exceed)
        .map(|(dip, exceed)| {
            let p = exceed as f64 / r;
            DipTest {
                dip,
                p_value: p,
                p_value_upper_bound: (exceed == 0).then(|| 1.0 / r),
                std_error: (p * (1.0 - p) / r).sqrt(),
                replicates: params.replicates,
                seed: params.seed,
            }
        })
        .collect())
}

/// For each of `dips`, how many of the `replicates` simulated samples of n uniform values
/// reach it. Replicates run in fixed chunks on all threads; the counts are integers, so their
/// sum does not depend on the order.
fn simulate(n: usize, dips: &[f64], params: &DipTestParams) -> Vec<usize> {
    let chunks = params.replicates.div_ceil(CHUNK);
    (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(params.seed, c as u64));
            let mut scratch = DipScratch::default();
            let mut sample = vec![0.0f64; n];
            let mut sorter = UnitSorter::default();
            let mut counts = vec![0; dips.len()];
            for _ in 0..CHUNK.min(params.replicates - c * CHUNK) {
                sample.iter_mut().for_each(|v| *v = rng.random::<f64>());
                sorter.sort(&mut sample);
                scratch.count_reached(&sample, dips, &mut counts);
            }
            counts
        })
        .reduce(
            || vec![0; dips.len()],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        )
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

    proptest::proptest! {
        /// The dip of a uniform sample is at most its Kolmogorov distance to U(0, 1), so
        /// [`DipScratch::count_reached`] may skip the hull walk below it; and it answers as the walk.
        #[test]
        fn dip_is_at_most_the_distance_to_the_uniform(n in 1usize..400, seed in 0u64..10_000) {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut sample: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
            sample.sort_unstable_by(f64::total_cmp);
            let k = n as f64;
            let distance = sample
                .iter()
                .enumerate()
                .map(|(i, &u)| ((i as f64 + 1.0) / k - u).max(u - i as f64 / k))
                .fold(0.0f64, f64::max);
            let mut scratch = DipScratch::default();
            let d = scratch.dip_sorted(&sample).dip;
            proptest::prop_assert!(d <= distance + 1e-12, "dip {d} above distance {distance}");
            let thresholds = [d, d + 1e-12, d - 1e-12, distance, 0.5 * d, 2.0 * d];
            for threshold in thresholds {
                let mut count = [0];
                scratch.count_reached(&sample, &[threshold], &mut count);
                proptest::prop_assert_eq!(count[0], usize::from(d >= threshold));
            }
            let mut counts = [0; 6];
            scratch.count_reached(&sample, &thresholds, &mut counts);
            proptest::prop_assert_eq!(counts, thresholds.map(|t| usize::from(d >= t)));
        }
    }

    proptest::proptest! {
        /// The dip is at least the chord bound, so [`DipScratch::count_reached`] may count a
        /// sample above it without the hull walk; and it answers as the walk. Samples of one
        /// uniform (the simulation's) and of two (bimodal: large bounds), some with repeats.
        #[test]
        fn dip_is_at_least_the_chord_bound(
            n in 1usize..600,
            seed in 0u64..10_000,
            gap in proptest::prop_oneof![proptest::strategy::Just(0.0), 0.0..3.0f64],
            repeats in proptest::bool::weighted(0.1),
        ) {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut sample: Vec<f64> = (0..n)
                .map(|i| rng.random::<f64>() + if i % 2 == 0 { gap } else { 0.0 })
                .map(|v| if repeats { (v * 20.0).floor() } else { v })
                .collect();
            sample.sort_unstable_by(f64::total_cmp);
            let mut scratch = DipScratch::default();
            let d = scratch.dip_sorted(&sample).dip;
            let bound = chord_bound(&sample, f64::INFINITY, &mut Vec::new());
            proptest::prop_assert!(bound <= d + 1e-12, "dip {d} below bound {bound}");
            let thresholds = [d, bound, bound - 1e-12, 0.5 * bound, 0.9 * d, 1.1 * d];
            let mut counts = [0; 6];
            scratch.count_reached(&sample, &thresholds, &mut counts);
            proptest::prop_assert_eq!(counts, thresholds.map(|t| usize::from(d >= t)));
        }
    }

    /// The bound is not idle: it settles most simulated samples of the pipeline's null samples
    /// at the 8 × 200 k weekly input (n = 6,366, dip 0.00194) and at the paper's scale (n =
    /// 12,000, dip 0.00214), and is 0 where F's values at the sample points are not i/n.
    #[test]
    fn the_chord_bound_settles_small_dips() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let mut hull = Vec::new();
        let mut settled = |n: usize, dip: f64| {
            (0..50)
                .filter(|_| {
                    let mut sample: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
                    sample.sort_unstable_by(f64::total_cmp);
                    chord_bound(&sample, dip, &mut hull) >= dip
                })
                .count()
        };
        let (weekly, paper) = (settled(6_366, 0.00194), settled(12_000, 0.00214));
        assert!(weekly >= 48 && paper >= 40, "{weekly} and {paper} of 50");
        let mut tied = [0.0, 1.0, 2.0, 2.0].repeat(10);
        tied.sort_unstable_by(f64::total_cmp);
        assert_eq!(chord_bound(&tied, 0.0, &mut hull), 0.0);
    }

    #[test]
    fn degenerate_samples() {
        assert_eq!(dip(&[5.0]).unwrap().dip, 0.5);
        // As the reference implementation: all values equal is the smallest dip, 1/(2n).
        assert_eq!(dip(&[5.0, 5.0, 5.0]).unwrap().dip, 1.0 / 6.0);
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
