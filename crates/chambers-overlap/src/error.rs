//! Errors of the chamber analysis.

/// What can go wrong in the chamber analysis.
///
/// ```
/// let e = chambers_overlap::OverlapError::InvalidParameter("top_n must be at least 1".into());
/// assert_eq!(e.to_string(), "invalid parameter: top_n must be at least 1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverlapError {
    /// A parameter is out of range.
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
}
