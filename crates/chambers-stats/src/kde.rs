//! Gaussian kernel density estimate on a grid, its modes and the valley between them.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{StatsError, check_sample};

/// How the kernel bandwidth is chosen (σ = sample standard deviation with n − 1, n = size).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Bandwidth {
    /// Scott's rule h = σ n^(−1/5) (D. W. Scott, *Multivariate Density Estimation*, 1992; the
    /// default of `scipy.stats.gaussian_kde`, which the paper used).
    Scott,
    /// Silverman's rule as scipy states it, h = σ (3n/4)^(−1/5) (B. W. Silverman, *Density
    /// Estimation*, 1986).
    Silverman,
    /// A fixed bandwidth.
    Fixed(f64),
}

/// Parameters of the density estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KdeParams {
    /// Bandwidth rule (default Scott, as in the paper).
    pub bandwidth: Bandwidth,
    /// Number of grid points (default 512).
    pub grid_size: usize,
    /// Grid range; `None` (default) spans the data's minimum to maximum.
    pub range: Option<(f64, f64)>,
}

impl Default for KdeParams {
    fn default() -> Self {
        KdeParams {
            bandwidth: Bandwidth::Scott,
            grid_size: 512,
            range: None,
        }
    }
}

impl KdeParams {
    /// Sets the bandwidth rule.
    ///
    /// ```
    /// use chambers_stats::{kde, Bandwidth, KdeParams};
    /// let x = [0.05, 0.1, 0.12, 0.2, 0.6, 0.65, 0.7];
    /// let scott = kde(&x, &KdeParams::default()).unwrap();
    /// let silverman = kde(&x, &KdeParams::default().bandwidth(Bandwidth::Silverman)).unwrap();
    /// // Silverman's rule is (3/4)^(-1/5) ≈ 1.06 times wider than Scott's.
    /// assert!((silverman.bandwidth / scott.bandwidth - 0.75f64.powf(-0.2)).abs() < 1e-12);
    /// let fixed = kde(&x, &KdeParams::default().bandwidth(Bandwidth::Fixed(0.05))).unwrap();
    /// assert_eq!(fixed.bandwidth, 0.05);
    /// ```
    pub fn bandwidth(mut self, bandwidth: Bandwidth) -> Self {
        self.bandwidth = bandwidth;
        self
    }

    /// Sets the number of grid points.
    pub fn grid_size(mut self, grid_size: usize) -> Self {
        self.grid_size = grid_size;
        self
    }

    /// Sets the grid range.
    ///
    /// ```
    /// use chambers_stats::{kde, KdeParams};
    /// // Jaccard overlaps lie in [0, 1]: one fixed range puts two windows on the same grid.
    /// let p = KdeParams::default().grid_size(11).range(0.0, 1.0);
    /// let week1 = kde(&[0.1, 0.15, 0.2, 0.7], &p).unwrap();
    /// let week2 = kde(&[0.3, 0.35, 0.5], &p).unwrap();
    /// assert_eq!(week1.grid, week2.grid);
    /// assert!((week2.grid[10] - 1.0).abs() < 1e-12); // beyond the data's maximum, 0.5
    /// ```
    pub fn range(mut self, lower: f64, upper: f64) -> Self {
        self.range = Some((lower, upper));
        self
    }

    /// Checks grid size ≥ 3, a positive finite fixed bandwidth and a finite range lower < upper.
    ///
    /// # Errors
    /// [`StatsError::BadParameter`] naming the field.
    ///
    /// ```
    /// use chambers_stats::KdeParams;
    /// assert!(KdeParams::default().check().is_ok());
    /// assert!(KdeParams::default().range(1.0, 0.0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), StatsError> {
        if self.grid_size < 3 {
            return Err(StatsError::bad("grid_size", "must be at least 3"));
        }
        if let Bandwidth::Fixed(h) = self.bandwidth
            && !(h > 0.0 && h.is_finite())
        {
            return Err(StatsError::bad("bandwidth", "must be positive and finite"));
        }
        if let Some((a, b)) = self.range
            && !(a.is_finite() && b.is_finite() && a < b)
        {
            return Err(StatsError::bad("range", "needs finite lower < upper"));
        }
        Ok(())
    }
}

/// A density estimate evaluated on a regular grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kde {
    /// The bandwidth used.
    pub bandwidth: f64,
    /// Grid points, ascending and evenly spaced.
    pub grid: Vec<f64>,
    /// Density at each grid point.
    pub density: Vec<f64>,
}

/// A local maximum of the density.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KdeMode {
    /// Where it is.
    pub location: f64,
    /// Density there.
    pub density: f64,
}

/// Modes and valley of a density estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KdeSummary {
    /// The bandwidth used.
    pub bandwidth: f64,
    /// Local maxima of the grid density (an end of the grid counts when it is higher than its
    /// neighbour), in grid order.
    pub modes: Vec<KdeMode>,
    /// The cut-off q_C: the deepest grid minimum between the two highest modes. `None` with
    /// fewer than two modes.
    pub cutoff: Option<f64>,
    /// Valley depth 1 − f(q_C) / min(f(mode₁), f(mode₂)), in [0, 1].
    pub valley_depth: Option<f64>,
    /// The paper's rule: the first interior local minimum of the grid density.
    pub first_minimum: Option<f64>,
}

/// Gaussian kernel density estimate of a sample on a regular grid.
///
/// f(t) = (1/(n h)) Σᵢ φ((t − xᵢ)/h), evaluated exactly (terms beyond 9h, below 1e-17 of the
/// peak, skipped) at `grid_size` evenly spaced points; parallel over grid points. The paper
/// (Kolic et al. 2025, §2) uses Scott's bandwidth on the pooled chamber overlaps.
///
/// # Errors
/// [`StatsError::EmptySample`], [`StatsError::NonFinite`], [`StatsError::TooFewValues`] below 2
/// values, [`StatsError::ZeroVariance`] when a rule bandwidth would be 0, and parameter errors.
///
/// ```
/// use chambers_stats::{kde, KdeParams};
/// let k = kde(&[0.0, 0.1, 0.2, 1.0, 1.1], &KdeParams::default().grid_size(101)).unwrap();
/// assert_eq!(k.grid.len(), 101);
/// assert_eq!(k.grid[0], 0.0);
/// ```
pub fn kde(values: &[f64], params: &KdeParams) -> Result<Kde, StatsError> {
    params.check()?;
    check_sample(values)?;
    let n = values.len();
    if n < 2 {
        return Err(StatsError::TooFewValues {
            what: "a kernel density estimate",
            needed: 2,
            got: n,
        });
    }
    let nf = n as f64;
    let mean = values.iter().sum::<f64>() / nf;
    let sd = (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (nf - 1.0)).sqrt();
    let h = match params.bandwidth {
        Bandwidth::Scott => sd * nf.powf(-0.2),
        Bandwidth::Silverman => sd * (0.75 * nf).powf(-0.2),
        Bandwidth::Fixed(h) => h,
    };
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let (lo, hi) = params.range.unwrap_or((sorted[0], sorted[n - 1]));
    if h <= 0.0 || lo >= hi {
        return Err(StatsError::ZeroVariance {
            what: "a kernel density estimate",
        });
    }
    let m = params.grid_size;
    let step = (hi - lo) / (m - 1) as f64;
    let grid: Vec<f64> = (0..m).map(|i| lo + step * i as f64).collect();
    let norm = 1.0 / (nf * h * (2.0 * std::f64::consts::PI).sqrt());
    let density = grid
        .par_iter()
        .map(|&t| {
            let a = sorted.partition_point(|&v| v < t - 9.0 * h);
            let b = sorted.partition_point(|&v| v <= t + 9.0 * h);
            let s: f64 = sorted[a..b]
                .iter()
                .map(|&v| {
                    let z = (t - v) / h;
                    (-0.5 * z * z).exp()
                })
                .sum();
            s * norm
        })
        .collect();
    Ok(Kde {
        bandwidth: h,
        grid,
        density,
    })
}

impl Kde {
    /// Modes, the cut-off between the two highest modes, its valley depth, and the first local
    /// minimum (the paper's q_C rule).
    ///
    /// ```
    /// use chambers_stats::{kde, KdeParams};
    /// let x: Vec<f64> = (0..100).map(|i| if i < 50 { 0.0 } else { 1.0 } + (i % 10) as f64 * 0.01).collect();
    /// let s = kde(&x, &KdeParams::default()).unwrap().summary();
    /// assert_eq!(s.modes.len(), 2);
    /// let q = s.cutoff.unwrap();
    /// assert!(q > 0.3 && q < 0.8);
    /// assert!(s.valley_depth.unwrap() > 0.9);
    /// ```
    pub fn summary(&self) -> KdeSummary {
        let f = &self.density;
        let m = f.len();
        let is_mode = |i: usize| {
            let left = i == 0 || f[i] > f[i - 1];
            let right = i + 1 == m || f[i] >= f[i + 1];
            left && right && (i > 0 || f[0] > f[1])
        };
        let modes: Vec<usize> = (0..m).filter(|&i| is_mode(i)).collect();
        let first_minimum = (1..m - 1)
            .find(|&i| f[i] < f[i - 1] && f[i] <= f[i + 1])
            .map(|i| self.grid[i]);
        let (cutoff, valley_depth) = if modes.len() >= 2 {
            let mut by_height = modes.clone();
            by_height.sort_by(|&a, &b| f[b].total_cmp(&f[a]).then(a.cmp(&b)));
            let (a, b) = (
                by_height[0].min(by_height[1]),
                by_height[0].max(by_height[1]),
            );
            let q = (a..=b).min_by(|&i, &j| f[i].total_cmp(&f[j])).unwrap_or(a);
            let depth = 1.0 - f[q] / f[a].min(f[b]);
            (Some(self.grid[q]), Some(depth))
        } else {
            (None, None)
        };
        KdeSummary {
            bandwidth: self.bandwidth,
            modes: modes
                .iter()
                .map(|&i| KdeMode {
                    location: self.grid[i],
                    density: f[i],
                })
                .collect(),
            cutoff,
            valley_depth,
            first_minimum,
        }
    }
}
