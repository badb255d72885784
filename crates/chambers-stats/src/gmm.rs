//! One- and two-component Gaussian mixtures of a 1-D sample, fitted by EM.

use serde::{Deserialize, Serialize};

use crate::error::{StatsError, check_sample};

/// Parameters of the EM fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GmmParams {
    /// Stop when the log-likelihood gains less than `tolerance · (1 + |ℓ|)` (default 1e-10).
    pub tolerance: f64,
    /// Maximum EM iterations (default 1,000).
    pub max_iterations: usize,
    /// Each component variance is kept ≥ `variance_floor` × the sample variance (default 1e-6).
    pub variance_floor: f64,
}

impl Default for GmmParams {
    fn default() -> Self {
        GmmParams {
            tolerance: 1e-10,
            max_iterations: 1000,
            variance_floor: 1e-6,
        }
    }
}

impl GmmParams {
    /// Sets the relative convergence tolerance.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Sets the iteration cap. Hitting it is reported in [`GmmComparison::converged`], not as an
    /// error.
    ///
    /// ```
    /// use chambers_stats::{gaussian_mixture, GmmParams};
    /// let x: Vec<f64> = (0..200).map(|i| if i % 2 == 0 { 0.0 } else { 10.0 } + (i % 7) as f64 * 0.1).collect();
    /// let capped = gaussian_mixture(&x, &GmmParams::default().max_iterations(1)).unwrap();
    /// assert_eq!((capped.iterations, capped.converged), (1, false));
    /// let full = gaussian_mixture(&x, &GmmParams::default()).unwrap();
    /// assert!(full.converged && full.iterations > 1);
    /// ```
    pub fn max_iterations(mut self, max_iterations: usize) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Sets the relative variance floor.
    pub fn variance_floor(mut self, variance_floor: f64) -> Self {
        self.variance_floor = variance_floor;
        self
    }

    /// Checks that the tolerance is positive, the floor in (0, 1) and the cap at least 1.
    ///
    /// # Errors
    /// [`StatsError::BadParameter`] naming the field.
    ///
    /// ```
    /// use chambers_stats::GmmParams;
    /// assert!(GmmParams::default().check().is_ok());
    /// assert!(GmmParams::default().variance_floor(0.0).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), StatsError> {
        if !(self.tolerance > 0.0 && self.tolerance.is_finite()) {
            return Err(StatsError::bad("tolerance", "must be positive and finite"));
        }
        if self.max_iterations == 0 {
            return Err(StatsError::bad("max_iterations", "must be at least 1"));
        }
        if !(self.variance_floor > 0.0 && self.variance_floor < 1.0) {
            return Err(StatsError::bad("variance_floor", "must be in (0, 1)"));
        }
        Ok(())
    }
}

/// One Gaussian component.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GaussianComponent {
    /// Mixing weight.
    pub weight: f64,
    /// Mean.
    pub mean: f64,
    /// Variance.
    pub variance: f64,
}

/// One-component against two-component Gaussian mixture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GmmComparison {
    /// The single Gaussian (maximum-likelihood mean and variance).
    pub one: GaussianComponent,
    /// The two components of the mixture, ordered by mean.
    pub two: [GaussianComponent; 2],
    /// Log-likelihood of the single Gaussian.
    pub log_likelihood_one: f64,
    /// Log-likelihood of the mixture.
    pub log_likelihood_two: f64,
    /// BIC = −2ℓ + p ln n of the single Gaussian (p = 2).
    pub bic_one: f64,
    /// BIC of the mixture (p = 5).
    pub bic_two: f64,
    /// ΔBIC = BIC₁ − BIC₂; positive favours two components.
    pub delta_bic: f64,
    /// Ashman's D = √2 |μ₁ − μ₂| / √(σ₁² + σ₂²) of the mixture; D > 2 is a clean split.
    pub ashman_d: f64,
    /// EM iterations used.
    pub iterations: usize,
    /// Whether EM met the tolerance within `max_iterations`.
    pub converged: bool,
}

const LN_2PI: f64 = 1.837_877_066_409_345_3;

fn log_normal(x: f64, mean: f64, variance: f64) -> f64 {
    let d = x - mean;
    -0.5 * (LN_2PI + variance.ln() + d * d / variance)
}

/// Moments of a weighted sample: (Σw, mean, variance).
fn weighted_moments(values: &[f64], weights: impl Iterator<Item = f64>) -> (f64, f64, f64) {
    let (mut sw, mut sx, mut sxx) = (0.0, 0.0, 0.0);
    for (w, &x) in weights.zip(values) {
        sw += w;
        sx += w * x;
        sxx += w * x * x;
    }
    let mean = sx / sw;
    (sw, mean, (sxx / sw - mean * mean).max(0.0))
}

/// Fits one Gaussian and a two-component Gaussian mixture by EM and compares them by BIC.
///
/// EM (Dempster, Laird & Rubin 1977) starts deterministically from the split at the median:
/// each half's mean and variance, weights ½. Variances are floored at `variance_floor` × the
/// sample variance. BIC = −2ℓ + p ln n (Schwarz 1978) with p = 2 and 5 free parameters; Ashman's D
/// after K. M. Ashman, C. M. Bird and S. E. Zepf, Astron. J. 108 (1994) 2348–2361.
///
/// # Errors
/// [`StatsError::EmptySample`], [`StatsError::NonFinite`], [`StatsError::TooFewValues`] below 4
/// values, [`StatsError::ZeroVariance`], and parameter errors from [`GmmParams::check`].
///
/// ```
/// use chambers_stats::{gaussian_mixture, GmmParams};
/// let x: Vec<f64> = (0..200).map(|i| if i % 2 == 0 { 0.0 } else { 10.0 } + (i % 7) as f64 * 0.1).collect();
/// let g = gaussian_mixture(&x, &GmmParams::default()).unwrap();
/// assert!(g.delta_bic > 0.0 && g.ashman_d > 2.0 && g.converged);
/// ```
pub fn gaussian_mixture(values: &[f64], params: &GmmParams) -> Result<GmmComparison, StatsError> {
    params.check()?;
    check_sample(values)?;
    let n = values.len();
    if n < 4 {
        return Err(StatsError::TooFewValues {
            what: "a two-component mixture",
            needed: 4,
            got: n,
        });
    }
    let nf = n as f64;
    let (_, mean, variance) = weighted_moments(values, std::iter::repeat(1.0));
    let scale = values.iter().fold(mean.abs(), |a, v| a.max(v.abs()));
    if variance.sqrt() <= scale * 1e-14 {
        return Err(StatsError::ZeroVariance {
            what: "a Gaussian mixture",
        });
    }
    let floor = variance * params.variance_floor;
    let ll_one: f64 = values.iter().map(|&x| log_normal(x, mean, variance)).sum();

    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let half = n / 2;
    let init = |part: &[f64]| {
        let (_, m, v) = weighted_moments(part, std::iter::repeat(1.0));
        GaussianComponent {
            weight: 0.5,
            mean: m,
            variance: v.max(floor),
        }
    };
    let mut comp = [init(&sorted[..half]), init(&sorted[half..])];
    let mut resp = vec![0.0f64; n];
    let mut ll = f64::NEG_INFINITY;
    let mut iterations = 0;
    let mut converged = false;
    while iterations < params.max_iterations {
        iterations += 1;
        // E step: responsibilities of component 1, and the log-likelihood of the current fit.
        let mut new_ll = 0.0;
        for (r, &x) in resp.iter_mut().zip(values) {
            let a = comp[0].weight.ln() + log_normal(x, comp[0].mean, comp[0].variance);
            let b = comp[1].weight.ln() + log_normal(x, comp[1].mean, comp[1].variance);
            let m = a.max(b);
            let lse = m + ((a - m).exp() + (b - m).exp()).ln();
            new_ll += lse;
            *r = (b - lse).exp();
        }
        let gain = new_ll - ll;
        ll = new_ll;
        if gain.abs() <= params.tolerance * (1.0 + ll.abs()) {
            converged = true;
            break;
        }
        // M step.
        for (k, c) in comp.iter_mut().enumerate() {
            let w = resp.iter().map(|&r| if k == 1 { r } else { 1.0 - r });
            let (sw, m, v) = weighted_moments(values, w);
            if sw > 0.0 {
                *c = GaussianComponent {
                    weight: sw / nf,
                    mean: m,
                    variance: v.max(floor),
                };
            }
        }
    }
    if comp[0].mean > comp[1].mean {
        comp.swap(0, 1);
    }
    let bic_one = -2.0 * ll_one + 2.0 * nf.ln();
    let bic_two = -2.0 * ll + 5.0 * nf.ln();
    let ashman_d = std::f64::consts::SQRT_2 * (comp[0].mean - comp[1].mean).abs()
        / (comp[0].variance + comp[1].variance).sqrt();
    Ok(GmmComparison {
        one: GaussianComponent {
            weight: 1.0,
            mean,
            variance,
        },
        two: comp,
        log_likelihood_one: ll_one,
        log_likelihood_two: ll,
        bic_one,
        bic_two,
        delta_bic: bic_one - bic_two,
        ashman_d,
        iterations,
        converged,
    })
}
