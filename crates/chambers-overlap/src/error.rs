//! Errors of the chamber analysis.

use chambers_graph::GraphError;

/// What can go wrong in the chamber analysis.
///
/// ```
/// use chambers_overlap::{ChamberParams, OverlapError};
/// use chambers_graph::LeaderParams;
/// let bad = ChamberParams::default().leaders(LeaderParams::default().top_n(0));
/// let e = bad.check().unwrap_err();
/// assert!(matches!(e, OverlapError::Leaders(_)));
/// assert!(std::error::Error::source(&e).is_some()); // the leader parameters' own error
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OverlapError {
    /// A parameter of this stage is out of range or unknown.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// The leader parameters (N, M) are invalid.
    #[error("leader parameters")]
    Leaders(#[source] GraphError),
}
