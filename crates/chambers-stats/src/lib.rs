//! Statistics for the chambers workspace: bimodality of the chamber-overlap distribution,
//! polarization indices and agreement metrics.
//!
//! The measurements follow Kolic, Aguirre-López, Hernández-Williams and Garduño-Hernández,
//! *From chambers to echo chambers: quantifying polarization with a second-neighbor approach
//! applied to Twitter's climate discussion*, Journal of Complex Networks 13(4) (2025),
//! arXiv:2206.14501, and the standard companions each item's documentation cites. The crate
//! stands alone: plain slices in, serde-serialisable reports out.
//!
//! * Bimodality: [`bimodality`] reports Sarle's coefficient ([`bimodality_coefficient`]),
//!   Hartigan's dip with a seeded Monte-Carlo p-value ([`dip`], [`dip_test`]), one against two
//!   Gaussian components ([`gaussian_mixture`]) and the KDE valley ([`kde`], [`Kde::summary`]).
//! * Polarization: [`polarization_index`] (and per group, [`group_polarization`]),
//!   [`adaptive_polarization_index`],
//!   [`shuffle_baseline`] on the leaders' overlap matrix; [`modularity`], [`ei_index`],
//!   [`random_walk_controversy`] on a graph; [`morales_index`] on 1-D scores.
//! * Agreement: [`ConfusionMatrix`], [`adjusted_rand_index`], [`majority_agreement`],
//!   [`aligned_confusion`].
//!
//! Undefined statistics are `None`, never NaN; random procedures take a seed and give the same
//! result for any number of threads.
//!
//! ```
//! use chambers_stats::{bimodality, BimodalityParams, DipTestParams};
//! let x: Vec<f64> = (1..=10).chain(100..=110).map(f64::from).collect();
//! let params = BimodalityParams::default().dip(DipTestParams::default().replicates(100));
//! let report = bimodality(&x, &params).unwrap();
//! assert!((report.dip.dip.dip - 0.2164502).abs() < 1e-7);
//! ```

mod agreement;
mod bimodality;
mod dip;
mod error;
mod gmm;
mod kde;
mod moments;
mod polarization;

pub use agreement::{
    ConfusionMatrix, MajorityAgreement, adjusted_rand_index, aligned_confusion, majority_agreement,
};
pub use bimodality::{Bimodality, BimodalityParams, bimodalities, bimodality};
pub use dip::{Dip, DipTest, DipTestParams, dip, dip_sorted, dip_test, dip_tests};
pub use error::StatsError;
pub use gmm::{GaussianComponent, GmmComparison, GmmParams, gaussian_mixture};
pub use kde::{Bandwidth, Kde, KdeMode, KdeParams, KdeSummary, kde};
pub use moments::{bimodality_coefficient, excess_kurtosis, skewness};
pub use polarization::{
    EdgeCounting, GroupPolarization, MoralesIndex, RandomWalkControversy, RwcParams,
    ShuffleBaseline, ShuffleParams, adaptive_polarization_index, ei_index, group_polarization,
    modularity, morales_index, polarization_index, random_walk_controversy, shuffle_baseline,
    shuffle_baseline_in,
};
