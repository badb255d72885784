//! Errors of the echo-chamber analysis.

use chambers_overlap::OverlapError;
use chambers_stats::StatsError;

/// What can go wrong in the echo-chamber analysis. Errors of earlier stages are kept as the
/// [`source`](std::error::Error::source) of the variant that wraps them.
///
/// ```
/// use chambers_echo::{Analysis, AnalysisParams, EchoError};
/// use chambers_graph::{GroupId, WindowSpec, WindowsBuilder};
/// let w = WindowsBuilder::new(WindowSpec::Single, Default::default()).finish().unwrap();
/// // Two group labels for a dataset without leaders.
/// let err = Analysis::new(AnalysisParams::default())
///     .with_groups(vec![Some(GroupId::A), Some(GroupId::B)])
///     .run(&w)
///     .unwrap_err();
/// assert!(matches!(err, EchoError::GroupLabels { labels: 2, leaders: 0 }));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EchoError {
    /// A parameter is out of range.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// The chamber stage refused its parameters.
    #[error("chamber parameters")]
    Chambers(#[source] OverlapError),
    /// A statistic refused its input.
    #[error("statistics")]
    Statistics(#[source] StatsError),
    /// Given group labels do not fit the leaders.
    #[error("{labels} group labels (A or B) for {leaders} leaders")]
    GroupLabels {
        /// How many labels were given.
        labels: usize,
        /// How many leaders there are.
        leaders: usize,
    },
    /// Hand labels were given, but these leaders have none.
    #[error("{} leaders have no label: {}", leaders.len(), leaders.join(", "))]
    UnlabelledLeaders {
        /// Their external ids.
        leaders: Vec<String>,
    },
    /// The anchor account is not among the leaders.
    #[error("the anchor {anchor} is not a leader")]
    AnchorNotALeader {
        /// The anchor's external id.
        anchor: String,
    },
    /// Too few leaders to split into groups.
    #[error("{leaders} leaders: grouping needs at least 2")]
    TooFewLeaders {
        /// How many leaders there are.
        leaders: usize,
    },
    /// The eigensolver failed.
    #[error("eigensolver failed: {0}")]
    Eigen(String),
    /// The run was stopped through the flag of [`crate::Analysis::with_cancel`].
    #[error("cancelled")]
    Cancelled,
}
