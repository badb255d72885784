//! Polarization indices: on a leaders' weight matrix, on an edge list, and on 1-D scores.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::dip::stream_seed;
use crate::error::{StatsError, check_finite, check_len};

/// Internal and external weight of a labelled matrix and the index built from them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupPolarization {
    /// I: weight inside groups (ordered pairs; block densities for the size-normalised index).
    pub internal: f64,
    /// E: weight across groups (ordered pairs; block densities for the size-normalised index).
    pub external: f64,
    /// (I − E)/(I + E); `None` when I = E = 0.
    pub value: Option<f64>,
    /// Number of members of each group (unassigned entries excluded).
    pub group_sizes: Vec<usize>,
    /// Whether some group has fewer than 2 members (no internal pair).
    pub small_group: bool,
}

fn ratio(i: f64, e: f64) -> Option<f64> {
    (i + e > 0.0).then(|| (i - e) / (i + e))
}

/// Block sums: `blocks[g * groups + h]` = Σ w_uv over u in g, v in h, u ≠ v.
fn block_sums(weights: &[f64], k: usize, labels: &[Option<usize>]) -> (Vec<f64>, Vec<usize>) {
    let groups = labels.iter().flatten().max().map_or(0, |&g| g + 1);
    let mut sizes = vec![0usize; groups];
    labels.iter().flatten().for_each(|&g| sizes[g] += 1);
    let mut blocks = vec![0.0f64; groups * groups];
    for (u, lu) in labels.iter().enumerate() {
        let Some(gu) = *lu else { continue };
        for (v, lv) in labels.iter().enumerate() {
            if let Some(gv) = *lv
                && u != v
            {
                blocks[gu * groups + gv] += weights[u * k + v];
            }
        }
    }
    (blocks, sizes)
}

fn check_matrix(weights: &[f64], k: usize, labels: &[Option<usize>]) -> Result<(), StatsError> {
    assert_eq!(
        weights.len(),
        k * k,
        "weight matrix must have k * k entries"
    );
    check_len("labels", labels.len(), k)?;
    check_finite(weights)?;
    if let Some(index) = weights.iter().position(|&w| w < 0.0) {
        return Err(StatsError::OutOfRange {
            index,
            range: "[0, ∞) (weights must be non-negative)",
        });
    }
    Ok(())
}

/// The polarization P = (I − E)/(I + E) of a labelled symmetric weight matrix.
///
/// I = Σ w_uv over ordered pairs u ≠ v in the same group, E = the same over pairs in different
/// groups; entries labelled `None` and the diagonal are ignored. This is the negated E–I index of
/// D. Krackhardt and R. N. Stern, Soc. Psychol. Q. 51 (1988) 123–140, applied to the leaders'
/// chamber-overlap matrix as in Kolic et al. (2025), eq. for P(t). P ∈ [−1, 1]; E = 0 gives 1 and
/// I = E = 0 gives `value: None`.
///
/// # Errors
/// [`StatsError::LengthMismatch`] when `labels.len() != k`, [`StatsError::NonFinite`] and
/// [`StatsError::OutOfRange`] for a negative weight.
///
/// # Panics
/// When `weights.len() != k * k`.
///
/// ```
/// use chambers_stats::polarization_index;
/// // METHOD.md §10: Jaccard AB 1.0, AC 0.5, BC 0.5; groups {A, B}, {C} → P = 0.
/// let q = [0.0, 1.0, 0.5, 1.0, 0.0, 0.5, 0.5, 0.5, 0.0];
/// let p = polarization_index(&q, 3, &[Some(0), Some(0), Some(1)]).unwrap();
/// assert_eq!((p.internal, p.external, p.value), (2.0, 2.0, Some(0.0)));
/// ```
pub fn polarization_index(
    weights: &[f64],
    k: usize,
    labels: &[Option<usize>],
) -> Result<GroupPolarization, StatsError> {
    check_matrix(weights, k, labels)?;
    let (blocks, sizes) = block_sums(weights, k, labels);
    let g = sizes.len();
    let internal: f64 = (0..g).map(|a| blocks[a * g + a]).sum();
    let external = blocks.iter().sum::<f64>() - internal;
    Ok(GroupPolarization {
        internal,
        external,
        value: ratio(internal, external),
        small_group: sizes.iter().any(|&s| s < 2),
        group_sizes: sizes,
    })
}

/// The polarization of each group g of a labelled symmetric weight matrix:
/// P_g = (I_g − E_g)/(I_g + E_g) with I_g = Σ w_uv over ordered pairs u ≠ v both in g and
/// E_g = Σ w_uv over u in g, v in another group, so that Σ_g I_g = I and Σ_g E_g = E of
/// [`polarization_index`]. `None` for a group with I_g = E_g = 0; one entry per group up to the
/// largest label.
///
/// # Errors
/// As [`polarization_index`].
///
/// # Panics
/// When `weights.len() != k * k`.
///
/// ```
/// use chambers_stats::group_polarization;
/// // Jaccard AB 1.0, AC 0.5, BC 0.5; groups {A, B}, {C}: group 0 has I = 2, E = 1; group 1 has
/// // no internal pair and E = 1.
/// let q = [0.0, 1.0, 0.5, 1.0, 0.0, 0.5, 0.5, 0.5, 0.0];
/// let p = group_polarization(&q, 3, &[Some(0), Some(0), Some(1)]).unwrap();
/// assert_eq!(p, [Some(1.0 / 3.0), Some(-1.0)]);
/// ```
pub fn group_polarization(
    weights: &[f64],
    k: usize,
    labels: &[Option<usize>],
) -> Result<Vec<Option<f64>>, StatsError> {
    check_matrix(weights, k, labels)?;
    let (blocks, sizes) = block_sums(weights, k, labels);
    let g = sizes.len();
    Ok((0..g)
        .map(|a| {
            let internal = blocks[a * g + a];
            let row: f64 = blocks[a * g..(a + 1) * g].iter().sum();
            ratio(internal, row - internal)
        })
        .collect())
}

/// The size-normalised ("adaptive") polarization index.
///
/// Each block's weight is divided by its number of ordered pairs: d_gg = W_gg / (n_g(n_g − 1))
/// within group g, d_gh = W_gh / (n_g n_h) across groups g ≠ h. Then I = the mean of d_gg over
/// groups with at least 2 members, E = the mean of d_gh over ordered pairs of non-empty groups
/// g ≠ h, and P = (I − E)/(I + E). A matrix of equal weights gives 0 whatever the group sizes,
/// which the plain index ([`polarization_index`]) does not when the groups are unbalanced.
/// With no internal block, or no external block, the index is `None`.
///
/// # Errors
/// As [`polarization_index`].
///
/// # Panics
/// When `weights.len() != k * k`.
///
/// ```
/// use chambers_stats::{adaptive_polarization_index, polarization_index};
/// let k = 4;
/// let w: Vec<f64> = (0..16).map(|i| if i % 5 == 0 { 0.0 } else { 1.0 }).collect();
/// let labels = [Some(0), Some(0), Some(0), Some(1)];
/// assert_eq!(adaptive_polarization_index(&w, k, &labels).unwrap().value, Some(0.0));
/// assert_eq!(polarization_index(&w, k, &labels).unwrap().value, Some(0.0));
/// ```
pub fn adaptive_polarization_index(
    weights: &[f64],
    k: usize,
    labels: &[Option<usize>],
) -> Result<GroupPolarization, StatsError> {
    check_matrix(weights, k, labels)?;
    let (blocks, sizes) = block_sums(weights, k, labels);
    let g = sizes.len();
    let (mut si, mut ni, mut se, mut ne) = (0.0, 0usize, 0.0, 0usize);
    for a in 0..g {
        for b in 0..g {
            let (na, nb) = (sizes[a] as f64, sizes[b] as f64);
            if a == b && sizes[a] >= 2 {
                si += blocks[a * g + a] / (na * (na - 1.0));
                ni += 1;
            } else if a != b && sizes[a] > 0 && sizes[b] > 0 {
                se += blocks[a * g + b] / (na * nb);
                ne += 1;
            }
        }
    }
    let internal = if ni > 0 { si / ni as f64 } else { 0.0 };
    let external = if ne > 0 { se / ne as f64 } else { 0.0 };
    Ok(GroupPolarization {
        internal,
        external,
        value: if ni > 0 && ne > 0 {
            ratio(internal, external)
        } else {
            None
        },
        small_group: sizes.iter().any(|&s| s < 2),
        group_sizes: sizes,
    })
}

/// Parameters of the label-shuffle baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShuffleParams {
    /// Number of shuffles (default 50, the paper's).
    pub replicates: usize,
    /// Seed (default 0).
    pub seed: u64,
}

impl Default for ShuffleParams {
    fn default() -> Self {
        ShuffleParams {
            replicates: 50,
            seed: 0,
        }
    }
}

impl ShuffleParams {
    /// Sets the number of shuffles.
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
    /// [`StatsError::BadParameter`].
    ///
    /// ```
    /// assert!(chambers_stats::ShuffleParams::default().replicates(0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), StatsError> {
        if self.replicates == 0 {
            return Err(StatsError::bad("replicates", "must be at least 1"));
        }
        Ok(())
    }
}

/// The polarization index under shuffled labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShuffleBaseline {
    /// Mean of the defined replicate values; `None` when none is defined.
    pub mean: Option<f64>,
    /// P of each replicate, in replicate order.
    pub values: Vec<Option<f64>>,
}

/// Baseline of [`polarization_index`]: the assigned labels are permuted among the assigned
/// entries (group sizes kept, unassigned entries stay unassigned) `replicates` times and P is
/// recomputed (Kolic et al. 2025 use 50 shuffles). Replicate r uses its own xoshiro256++ stream
/// seeded from (seed, r): the result does not depend on the number of threads.
///
/// # Errors
/// As [`polarization_index`], plus [`ShuffleParams::check`].
///
/// # Panics
/// When `weights.len() != k * k`.
///
/// ```
/// use chambers_stats::{shuffle_baseline, ShuffleParams};
/// let q = [0.0, 1.0, 0.5, 1.0, 0.0, 0.5, 0.5, 0.5, 0.0];
/// let b = shuffle_baseline(&q, 3, &[Some(0), Some(0), Some(1)], &ShuffleParams::default()).unwrap();
/// assert_eq!(b.values.len(), 50);
/// assert!(b.mean.unwrap() <= 0.0);
/// ```
pub fn shuffle_baseline(
    weights: &[f64],
    k: usize,
    labels: &[Option<usize>],
    params: &ShuffleParams,
) -> Result<ShuffleBaseline, StatsError> {
    let members: Vec<usize> = (0..k).collect();
    shuffle_baseline_in(weights, k, labels, &members, params)
}

/// Baseline of [`polarization_index`] when the matrix covers only some members of a larger
/// labelled population (the active leaders of a window among all leaders): the assigned labels
/// of the whole `population` are permuted, then entry i of the matrix takes the label of
/// `population[members[i]]`. This is the authors' shuffle (permute all M leaders' labels, then
/// read the active ones); [`shuffle_baseline`] is the case where the matrix is the population.
///
/// # Errors
/// As [`shuffle_baseline`].
///
/// # Panics
/// When `weights.len() != k * k`, `members.len() != k`, or a member is outside the population.
///
/// ```
/// use chambers_stats::{shuffle_baseline_in, ShuffleParams};
/// // Three active leaders out of five; the two inactive ones are both in group 1.
/// let q = [0.0, 1.0, 0.5, 1.0, 0.0, 0.5, 0.5, 0.5, 0.0];
/// let population = [Some(0), Some(0), Some(1), Some(1), Some(1)];
/// let b = shuffle_baseline_in(&q, 3, &population, &[0, 1, 2], &ShuffleParams::default()).unwrap();
/// assert_eq!(b.values.len(), 50);
/// ```
pub fn shuffle_baseline_in(
    weights: &[f64],
    k: usize,
    population: &[Option<usize>],
    members: &[usize],
    params: &ShuffleParams,
) -> Result<ShuffleBaseline, StatsError> {
    params.check()?;
    assert_eq!(
        members.len(),
        k,
        "shuffle_baseline_in: one member per matrix entry"
    );
    let labels: Vec<Option<usize>> = members.iter().map(|&m| population[m]).collect();
    check_matrix(weights, k, &labels)?;
    let slots: Vec<usize> = (0..population.len())
        .filter(|&i| population[i].is_some())
        .collect();
    let values: Vec<Option<f64>> = (0..params.replicates)
        .into_par_iter()
        .map(|r| {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(stream_seed(params.seed, r as u64));
            let mut assigned: Vec<Option<usize>> = slots.iter().map(|&i| population[i]).collect();
            assigned.shuffle(&mut rng);
            let mut shuffled = population.to_vec();
            for (&i, l) in slots.iter().zip(assigned) {
                shuffled[i] = l;
            }
            let read: Vec<Option<usize>> = members.iter().map(|&m| shuffled[m]).collect();
            let (blocks, sizes) = block_sums(weights, k, &read);
            let g = sizes.len();
            let internal: f64 = (0..g).map(|a| blocks[a * g + a]).sum();
            ratio(internal, blocks.iter().sum::<f64>() - internal)
        })
        .collect();
    let defined: Vec<f64> = values.iter().flatten().copied().collect();
    let mean = (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64);
    Ok(ShuffleBaseline { mean, values })
}

fn check_edges(
    n: usize,
    edges: &[(u32, u32, f64)],
    labels: &[Option<usize>],
) -> Result<(), StatsError> {
    check_len("labels", labels.len(), n)?;
    for (index, &(u, v, w)) in edges.iter().enumerate() {
        assert!(
            (u as usize) < n && (v as usize) < n,
            "edge {index} ({u}, {v}) names a node outside 0..{n}"
        );
        if !w.is_finite() {
            return Err(StatsError::NonFinite { index });
        }
        if w < 0.0 {
            return Err(StatsError::OutOfRange {
                index,
                range: "[0, ∞) (weights must be non-negative)",
            });
        }
    }
    Ok(())
}

/// Newman's weighted modularity of a partition, edges taken as undirected.
///
/// Q = Σ_c [W_c / m − (S_c / 2m)²], m = Σ w over all edges, W_c = the weight of edges with both
/// ends in c, S_c = the sum of weighted degrees in c (a self-loop adds 2w to its node's degree).
/// Repeated edges add up. A node labelled `None` is a community of its own. M. E. J. Newman,
/// Phys. Rev. E 70 (2004) 056131 and Phys. Rev. E 69 (2004) 066133. `None` when m = 0.
///
/// # Errors
/// [`StatsError::LengthMismatch`] when `labels.len() != n`, [`StatsError::NonFinite`],
/// [`StatsError::OutOfRange`] for a negative weight.
///
/// # Panics
/// When an edge names a node ≥ n.
///
/// ```
/// use chambers_stats::modularity;
/// // Two triangles joined by one edge, split into the triangles.
/// let e = [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 1.0)];
/// let l: Vec<Option<usize>> = [0, 0, 0, 1, 1, 1].iter().map(|&g| Some(g)).collect();
/// assert!((modularity(6, &e, &l).unwrap().unwrap() - 5.0 / 14.0).abs() < 1e-12);
/// ```
pub fn modularity(
    n: usize,
    edges: &[(u32, u32, f64)],
    labels: &[Option<usize>],
) -> Result<Option<f64>, StatsError> {
    check_edges(n, edges, labels)?;
    let groups = labels.iter().flatten().max().map_or(0, |&g| g + 1);
    // Community of node i: its label, or a singleton id after the labelled groups.
    let community = |i: usize| labels[i].unwrap_or(groups + i);
    let mut inside = vec![0.0f64; groups + n];
    let mut degree = vec![0.0f64; groups + n];
    let mut m = 0.0;
    for &(u, v, w) in edges {
        let (cu, cv) = (community(u as usize), community(v as usize));
        m += w;
        degree[cu] += w;
        degree[cv] += w;
        if cu == cv {
            inside[cu] += w;
        }
    }
    if m <= 0.0 {
        return Ok(None);
    }
    Ok(Some(
        inside
            .iter()
            .zip(&degree)
            .map(|(&wc, &sc)| wc / m - (sc / (2.0 * m)).powi(2))
            .sum(),
    ))
}

/// How the E–I index counts edges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EdgeCounting {
    /// Each distinct directed pair (u, v) counts once, whatever its weight or repetitions.
    DistinctPairs,
    /// Each edge counts its weight; repeated edges add up.
    Weighted,
}

/// Krackhardt and Stern's E–I index of a labelled directed graph: (E − I)/(E + I).
///
/// E counts edges whose ends have different labels, I edges whose ends share a label (see
/// [`EdgeCounting`]); self-loops and edges touching an unlabelled node are ignored. −1: all ties
/// inside groups; +1: all across. D. Krackhardt and R. N. Stern, Soc. Psychol. Q. 51 (1988)
/// 123–140. `None` when no edge counts.
///
/// # Errors
/// As [`modularity`].
///
/// # Panics
/// When an edge names a node ≥ n.
///
/// ```
/// use chambers_stats::{ei_index, EdgeCounting};
/// let e = [(0, 1, 1.0), (0, 1, 1.0), (1, 2, 5.0), (2, 2, 1.0)];
/// let l = [Some(0), Some(0), Some(1)];
/// assert_eq!(ei_index(3, &e, &l, EdgeCounting::DistinctPairs).unwrap(), Some(0.0));
/// assert_eq!(ei_index(3, &e, &l, EdgeCounting::Weighted).unwrap(), Some(3.0 / 7.0));
/// ```
pub fn ei_index(
    n: usize,
    edges: &[(u32, u32, f64)],
    labels: &[Option<usize>],
    counting: EdgeCounting,
) -> Result<Option<f64>, StatsError> {
    check_edges(n, edges, labels)?;
    let mut counted: Vec<(u32, u32, f64)> = edges
        .iter()
        .filter(|&&(u, v, _)| {
            u != v && labels[u as usize].is_some() && labels[v as usize].is_some()
        })
        .copied()
        .collect();
    if counting == EdgeCounting::DistinctPairs {
        counted.sort_unstable_by_key(|&(u, v, _)| (u, v));
        counted.dedup_by_key(|e| (e.0, e.1));
        counted.iter_mut().for_each(|e| e.2 = 1.0);
    }
    let (mut internal, mut external) = (0.0, 0.0);
    for (u, v, w) in counted {
        if labels[u as usize] == labels[v as usize] {
            internal += w;
        } else {
            external += w;
        }
    }
    Ok(ratio(external, internal))
}

/// Parameters of the random-walk controversy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RwcParams {
    /// Absorbing accounts per side: the k of highest degree (default 10).
    pub top_k: usize,
    /// Walk along directed edges (default true); false treats each edge as undirected.
    pub directed: bool,
    /// Stop when no absorption probability moves by more than this (default 1e-12).
    pub tolerance: f64,
    /// Maximum sweeps of the iteration (default 100,000).
    pub max_iterations: usize,
}

impl Default for RwcParams {
    fn default() -> Self {
        RwcParams {
            top_k: 10,
            directed: true,
            tolerance: 1e-12,
            max_iterations: 100_000,
        }
    }
}

impl RwcParams {
    /// Sets k, the absorbing accounts per side.
    pub fn top_k(mut self, top_k: usize) -> Self {
        self.top_k = top_k;
        self
    }

    /// Sets whether edges are directed.
    ///
    /// ```
    /// use chambers_stats::{random_walk_controversy, RwcParams};
    /// // Two retweet stars (1, 2 → 0 and 4, 5 → 3); hub 3 also retweets 1.
    /// let e = [(1, 0, 1.0), (2, 0, 1.0), (4, 3, 1.0), (5, 3, 1.0), (3, 1, 1.0)];
    /// let l = [0, 0, 0, 1, 1, 1].map(Some);
    /// let p = RwcParams::default().top_k(1);
    /// // Along retweets no walk crosses sides; walked both ways, a walk from 1 may reach 3.
    /// let directed = random_walk_controversy(6, &e, &l, &p).unwrap();
    /// assert_eq!(directed.value, Some(1.0));
    /// let undirected = random_walk_controversy(6, &e, &l, &p.directed(false)).unwrap();
    /// assert!((undirected.value.unwrap() - 5.0 / 6.0).abs() < 1e-9);
    /// ```
    pub fn directed(mut self, directed: bool) -> Self {
        self.directed = directed;
        self
    }

    /// Sets the tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets the sweep cap.
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Checks k ≥ 1, a positive tolerance and at least one sweep.
    ///
    /// # Errors
    /// [`StatsError::BadParameter`].
    ///
    /// ```
    /// assert!(chambers_stats::RwcParams::default().top_k(0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), StatsError> {
        if self.top_k == 0 {
            return Err(StatsError::bad("top_k", "must be at least 1"));
        }
        if !(self.tolerance > 0.0 && self.tolerance.is_finite()) {
            return Err(StatsError::bad("tolerance", "must be positive and finite"));
        }
        if self.max_iterations == 0 {
            return Err(StatsError::bad("max_iterations", "must be at least 1"));
        }
        Ok(())
    }
}

/// Random-walk controversy and its ingredients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RandomWalkControversy {
    /// RWC = P_XX P_YY − P_XY P_YX, in [−1, 1]; `None` when a side's walks are never absorbed.
    pub value: Option<f64>,
    /// P_XX, P_XY, P_YX, P_YY: row = start side (X = label 0, Y = label 1), column = end side.
    pub p: [[f64; 2]; 2],
    /// Share of walks from each side that reach an absorbing account (the rest get stuck at an
    /// account without outgoing edges).
    pub absorbed: [f64; 2],
    /// Whether the iteration met the tolerance.
    pub converged: bool,
    /// Sweeps used.
    pub iterations: usize,
}

/// Random-walk controversy of a two-sided graph (K. Garimella, G. De Francisci Morales,
/// A. Gionis and M. Mathioudakis, "Quantifying controversy on social media", ACM Trans. Soc.
/// Comput. 1 (2018) 3:1–3:27).
///
/// Variant implemented, computed exactly as an absorbing Markov chain (no sampling): the
/// absorbing accounts are the `top_k` of each side (labels 0 and 1) with the highest weighted
/// degree (in-degree when directed; ties to the lower id). A walk starts at an account of side S
/// chosen uniformly (an absorbing start ends at once) and moves along an out-edge (any edge when
/// undirected) with probability proportional to its weight, until it reaches an absorbing
/// account. P_ST = P(end on side T | start on S, absorbed). Absorption probabilities are found by
/// Gauss–Seidel sweeps from zero, which increase monotonically to the exact values. Unlabelled
/// accounts are walked through but never start or absorb a walk.
///
/// # Errors
/// As [`modularity`], [`RwcParams::check`], and [`StatsError::BadParameter`] when a label is
/// neither 0 nor 1 or a side has no account.
///
/// # Panics
/// When an edge names a node ≥ n.
///
/// ```
/// use chambers_stats::{random_walk_controversy, RwcParams};
/// // Two separate directed stars: total controversy.
/// let e = [(1, 0, 1.0), (2, 0, 1.0), (4, 3, 1.0), (5, 3, 1.0)];
/// let l = [0, 0, 0, 1, 1, 1].map(Some);
/// let r = random_walk_controversy(6, &e, &l, &RwcParams::default().top_k(1)).unwrap();
/// assert_eq!(r.value, Some(1.0));
/// ```
pub fn random_walk_controversy(
    n: usize,
    edges: &[(u32, u32, f64)],
    labels: &[Option<usize>],
    params: &RwcParams,
) -> Result<RandomWalkControversy, StatsError> {
    params.check()?;
    check_edges(n, edges, labels)?;
    if labels.iter().flatten().any(|&g| g > 1) {
        return Err(StatsError::bad(
            "labels",
            "random-walk controversy needs labels 0 and 1",
        ));
    }
    // Out-adjacency (CSR) and degrees used for the ranking.
    let mut arcs: Vec<(u32, u32, f64)> = Vec::with_capacity(edges.len() * 2);
    let mut degree = vec![0.0f64; n];
    for &(u, v, w) in edges {
        arcs.push((u, v, w));
        degree[v as usize] += w;
        if !params.directed {
            arcs.push((v, u, w));
            degree[u as usize] += w;
        }
    }
    arcs.sort_unstable_by_key(|&(u, v, _)| (u, v));
    let mut start = vec![0usize; n + 1];
    arcs.iter()
        .for_each(|&(u, _, _)| start[u as usize + 1] += 1);
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let out_weight: Vec<f64> = (0..n)
        .map(|u| arcs[start[u]..start[u + 1]].iter().map(|a| a.2).sum())
        .collect();
    // absorb[u] = Some(side) for the top-k of each side.
    let mut absorb: Vec<Option<usize>> = vec![None; n];
    for side in 0..2 {
        let mut members: Vec<usize> = (0..n).filter(|&i| labels[i] == Some(side)).collect();
        if members.is_empty() {
            return Err(StatsError::bad(
                "labels",
                format!("side {side} has no account"),
            ));
        }
        members.sort_by(|&a, &b| degree[b].total_cmp(&degree[a]).then(a.cmp(&b)));
        members
            .iter()
            .take(params.top_k)
            .for_each(|&i| absorb[i] = Some(side));
    }
    // h[s][u] = probability that a walk from u is absorbed on side s.
    let mut h = [vec![0.0f64; n], vec![0.0f64; n]];
    for (u, a) in absorb.iter().enumerate() {
        if let Some(s) = *a {
            h[s][u] = 1.0;
        }
    }
    let mut iterations = 0;
    let mut converged = false;
    while iterations < params.max_iterations {
        iterations += 1;
        let mut change = 0.0f64;
        for u in 0..n {
            if absorb[u].is_some() || out_weight[u] <= 0.0 {
                continue;
            }
            for hs in h.iter_mut() {
                let s: f64 = arcs[start[u]..start[u + 1]]
                    .iter()
                    .map(|&(_, v, w)| w * hs[v as usize])
                    .sum::<f64>()
                    / out_weight[u];
                change = change.max((s - hs[u]).abs());
                hs[u] = s;
            }
        }
        if change <= params.tolerance {
            converged = true;
            break;
        }
    }
    let mut p = [[0.0; 2]; 2];
    let mut absorbed = [0.0; 2];
    let mut defined = true;
    for side in 0..2 {
        let starts: Vec<usize> = (0..n).filter(|&i| labels[i] == Some(side)).collect();
        let ends = [0, 1].map(|t| starts.iter().map(|&i| h[t][i]).sum::<f64>());
        let total = ends[0] + ends[1];
        absorbed[side] = total / starts.len() as f64;
        if total > 0.0 {
            p[side] = [ends[0] / total, ends[1] / total];
        } else {
            defined = false;
        }
    }
    Ok(RandomWalkControversy {
        value: defined.then(|| p[0][0] * p[1][1] - p[0][1] * p[1][0]),
        p,
        absorbed,
        converged,
        iterations,
    })
}

/// Morales et al.'s polarization index of scores in [−1, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoralesIndex {
    /// μ = (1 − ΔA) d, in [0, 1].
    pub mu: f64,
    /// Share A⁺ of positive scores (zeros count in n but on neither side).
    pub positive_share: f64,
    /// Share A⁻ of negative scores.
    pub negative_share: f64,
    /// ΔA = |A⁺ − A⁻|.
    pub delta_a: f64,
    /// d = |gc⁺ − gc⁻| / 2, the half-distance between the mean positive and mean negative score;
    /// `None` when a side is empty (then μ = 0).
    pub distance: Option<f64>,
}

/// The polarization index μ = (1 − ΔA)·d of A. J. Morales, J. Borondo, J. C. Losada and
/// R. M. Benito, "Measuring political polarization: Twitter shows the two sides of Venezuela",
/// Chaos 25 (2015) 033114.
///
/// A⁺ and A⁻ are the fractions of scores > 0 and < 0, ΔA = |A⁺ − A⁻|, gc± the mean of the
/// positive (negative) scores and d = |gc⁺ − gc⁻|/2. μ = 1 for two equal camps at ±1.
///
/// # Errors
/// [`StatsError::EmptySample`], [`StatsError::NonFinite`], [`StatsError::OutOfRange`] for a
/// score outside [−1, 1].
///
/// ```
/// use chambers_stats::morales_index;
/// let m = morales_index(&[-1.0, -1.0, 1.0, 1.0]).unwrap();
/// assert_eq!(m.mu, 1.0);
/// assert_eq!(morales_index(&[0.5, 0.2]).unwrap().mu, 0.0);
/// ```
pub fn morales_index(scores: &[f64]) -> Result<MoralesIndex, StatsError> {
    crate::error::check_sample(scores)?;
    if let Some(index) = scores.iter().position(|s| s.abs() > 1.0) {
        return Err(StatsError::OutOfRange {
            index,
            range: "[-1, 1]",
        });
    }
    let n = scores.len() as f64;
    let (mut np, mut sp, mut nn, mut sn) = (0usize, 0.0, 0usize, 0.0);
    for &s in scores {
        if s > 0.0 {
            np += 1;
            sp += s;
        } else if s < 0.0 {
            nn += 1;
            sn += s;
        }
    }
    let (ap, an) = (np as f64 / n, nn as f64 / n);
    let delta_a = (ap - an).abs();
    let distance = (np > 0 && nn > 0).then(|| (sp / np as f64 - sn / nn as f64).abs() / 2.0);
    Ok(MoralesIndex {
        mu: distance.map_or(0.0, |d| (1.0 - delta_a) * d),
        positive_share: ap,
        negative_share: an,
        delta_a,
        distance,
    })
}
