//! All bimodality statistics of a sample, reported together.

use serde::{Deserialize, Serialize};

use crate::dip::{DipTest, DipTestParams, dip_tests};
use crate::error::{StatsError, check_sample};
use crate::gmm::{GmmComparison, GmmParams, gaussian_mixture};
use crate::kde::{KdeParams, KdeSummary, kde};
use crate::moments::{bimodality_coefficient, excess_kurtosis, skewness};

/// Parameters of [`bimodality`]: one block per statistic.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BimodalityParams {
    /// The dip test.
    pub dip: DipTestParams,
    /// The Gaussian mixtures.
    pub gmm: GmmParams,
    /// The density estimate.
    pub kde: KdeParams,
}

impl BimodalityParams {
    /// Sets the dip-test parameters.
    pub fn dip(mut self, dip: DipTestParams) -> Self {
        self.dip = dip;
        self
    }

    /// Sets the mixture parameters.
    pub fn gmm(mut self, gmm: GmmParams) -> Self {
        self.gmm = gmm;
        self
    }

    /// Sets the density-estimate parameters.
    pub fn kde(mut self, kde: KdeParams) -> Self {
        self.kde = kde;
        self
    }

    /// Checks every block.
    ///
    /// # Errors
    /// The first [`StatsError::BadParameter`] found.
    ///
    /// ```
    /// use chambers_stats::{BimodalityParams, DipTestParams};
    /// assert!(BimodalityParams::default().check().is_ok());
    /// assert!(BimodalityParams::default().dip(DipTestParams::default().replicates(0)).check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), StatsError> {
        self.dip.check()?;
        self.gmm.check()?;
        self.kde.check()
    }
}

/// The bimodality statistics of one sample (Kolic et al. 2025 use the KDE valley; the others are
/// the standard companions listed in the project's method notes, §4). A statistic that is
/// undefined for the sample (too few values, zero variance) is `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bimodality {
    /// Sample size.
    pub n: usize,
    /// Sample-adjusted skewness G1.
    pub skewness: Option<f64>,
    /// Sample-adjusted excess kurtosis G2.
    pub excess_kurtosis: Option<f64>,
    /// Sarle's bimodality coefficient; > 5/9 suggests bimodality.
    pub bimodality_coefficient: Option<f64>,
    /// Hartigan's dip with its Monte-Carlo p-value.
    pub dip: DipTest,
    /// One against two Gaussian components.
    pub gmm: Option<GmmComparison>,
    /// Modes and valley of the Gaussian KDE.
    pub kde: Option<KdeSummary>,
}

/// `Ok(None)` for the errors that mean "undefined for this sample", the error otherwise.
fn undefined<T>(e: StatsError) -> Result<Option<T>, StatsError> {
    match e {
        StatsError::TooFewValues { .. } | StatsError::ZeroVariance { .. } => Ok(None),
        other => Err(other),
    }
}

/// Computes every bimodality statistic of a sample.
///
/// # Errors
/// [`StatsError::EmptySample`], [`StatsError::NonFinite`] and parameter errors; statistics that
/// are undefined for this sample are reported as `None` instead.
///
/// ```
/// use chambers_stats::{bimodality, BimodalityParams, DipTestParams};
/// let x: Vec<f64> = (1..=10).chain(100..=110).map(f64::from).collect();
/// let b = bimodality(&x, &BimodalityParams::default().dip(DipTestParams::default().replicates(200))).unwrap();
/// assert!(b.bimodality_coefficient.unwrap() > 5.0 / 9.0);
/// assert!(b.dip.p_value < 0.05);
/// assert!(b.gmm.unwrap().ashman_d > 2.0);
/// ```
pub fn bimodality(values: &[f64], params: &BimodalityParams) -> Result<Bimodality, StatsError> {
    let mut all = bimodalities(&[values], params)?;
    Ok(all.remove(0))
}

/// [`bimodality`] of each of several samples, in order. Their dip tests share the simulation
/// of each sample size ([`dip_tests`]), so describing a sample beside a null sample of the same
/// size costs one simulation.
///
/// # Errors
/// As [`bimodality`], for the first sample that fails.
///
/// ```
/// use chambers_stats::{bimodalities, bimodality, BimodalityParams, DipTestParams};
/// let two: Vec<f64> = (1..=10).chain(100..=110).map(f64::from).collect();
/// let one: Vec<f64> = (0..21).map(|i| f64::from(i * i % 17)).collect();
/// let params = BimodalityParams::default().dip(DipTestParams::default().replicates(200));
/// let both = bimodalities(&[&two, &one], &params).unwrap();
/// assert_eq!(both, [bimodality(&two, &params).unwrap(), bimodality(&one, &params).unwrap()]);
/// ```
pub fn bimodalities(
    samples: &[&[f64]],
    params: &BimodalityParams,
) -> Result<Vec<Bimodality>, StatsError> {
    use rayon::prelude::*;
    params.check()?;
    for values in samples {
        check_sample(values)?;
    }
    // The dips' Monte-Carlo runs on all threads; the mixtures and the density fits beside it.
    let (dips, fits) = rayon::join(
        || dip_tests(samples, &params.dip),
        || {
            samples
                .par_iter()
                .map(|values| {
                    rayon::join(
                        || gaussian_mixture(values, &params.gmm),
                        || kde(values, &params.kde),
                    )
                })
                .collect::<Vec<_>>()
        },
    );
    samples
        .iter()
        .zip(dips?)
        .zip(fits)
        .map(|((values, dip), (gmm, kde))| {
            Ok(Bimodality {
                n: values.len(),
                skewness: skewness(values)?,
                excess_kurtosis: excess_kurtosis(values)?,
                bimodality_coefficient: bimodality_coefficient(values)?,
                dip,
                gmm: gmm.map(Some).or_else(undefined)?,
                kde: kde.map(|k| Some(k.summary())).or_else(undefined)?,
            })
        })
        .collect()
}
