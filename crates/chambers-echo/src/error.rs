//! Errors of the echo-chamber analysis.

/// What can go wrong in the echo-chamber analysis.
///
/// ```
/// let e = chambers_echo::EchoError::TooFewLeaders { leaders: 1 };
/// assert_eq!(e.to_string(), "1 leaders: grouping needs at least 2");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EchoError {
    /// A parameter is out of range.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// Too few leaders to split into groups.
    #[error("{leaders} leaders: grouping needs at least 2")]
    TooFewLeaders {
        /// How many leaders there are.
        leaders: usize,
    },
    /// The eigensolver failed.
    #[error("eigensolver failed: {0}")]
    Eigen(String),
}
