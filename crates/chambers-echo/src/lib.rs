//! Echo chambers end to end — the method of Kolic, Aguirre-López, Hernández-Williams and
//! Garduño-Hernández, *From chambers to echo chambers: quantifying polarization with a
//! second-neighbor approach applied to Twitter's climate discussion*, J. Complex Networks 13(4),
//! 2025 (arXiv 2206.14501): leader groups by spectral bipartition of the aggregate chamber
//! overlaps, polarization P(t) per window against shuffled and configuration-model baselines,
//! bimodality of the overlap distribution, echo chambers with the augmented classification of
//! users, and their stability over time. [`Analysis`] runs it all and returns a [`Report`].
//!
//! ```
//! use chambers_echo::{Analysis, AnalysisParams};
//! use chambers_graph::{SynthParams, WindowSpec, generate, DAY};
//! let synthetic = generate(&SynthParams::default().users(2_000).events(20_000).windows(2)).unwrap();
//! let windows = synthetic.windows(WindowSpec::Fixed { start: None, length: 7 * DAY }).unwrap();
//! let params = AnalysisParams::default().null_realisations(2).dip_replicates(100);
//! let report = Analysis::new(params).run(&windows).unwrap();
//! assert!(report.summary.polarization.unwrap() > report.summary.polarization_shuffled.unwrap());
//! ```

mod baseline;
mod bisection;
mod controversy;
mod curveball;
mod echo;
mod echo_params;
mod error;
mod groups;
mod ideology_check;
mod kway;
mod labels;
mod null;
mod params;
mod pipeline;
mod polarization;
mod report;
mod stability;
mod summary;
pub mod tables;
mod timing;
mod window;

pub use baseline::id_order;
pub use bisection::{Bisection, components, modularity_bisection};
pub use controversy::{
    WindowControversy, controversy_baseline, controversy_of_overlaps, window_controversy,
};
pub use echo::{ScoredAccount, Side, WindowEcho, echo_chambers, stance};
pub use echo_params::{EchoParams, ScoreRule};
pub use error::EchoError;
pub use groups::{LeaderGroups, Mode, Split, spectral_groups, split_leaders};
pub use ideology_check::{IdeologyComparison, OneSideAgreement};
pub use kway::{GroupCount, GroupSplit, leader_groups, modularity_groups};
pub use labels::{HandLabels, LabelError, check_group_names, default_group_names, hand_labels};
pub use null::null_overlaps;
pub use params::{AnalysisParams, ShuffleScheme};
pub use pipeline::{Analysis, Unlabelled};
pub use polarization::{WindowPolarization, window_polarization};
pub use report::{BimodalityReport, Flag, LeaderReport, Report, StabilityReport, WindowReport};
pub use stability::{LagSummary, jaccard_sorted, stability};
pub use summary::{Summary, SummarySd, pooled_bimodality, summarise};
pub use timing::PhaseTimes;
