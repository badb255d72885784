//! The error type of the crate.

/// What can go wrong when a statistic is computed from caller data.
///
/// Broken caller contracts (a weight matrix whose length is not `k * k`, a label outside the
/// stated number of classes) panic instead; see each function's `# Panics` section.
///
/// ```
/// use chambers_stats::{dip, StatsError};
/// assert_eq!(dip(&[]).unwrap_err(), StatsError::EmptySample);
/// assert!(matches!(dip(&[1.0, f64::NAN]), Err(StatsError::NonFinite { index: 1 })));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StatsError {
    /// The sample has no values.
    #[error("the sample is empty")]
    EmptySample,
    /// A value is NaN or infinite.
    #[error("value at index {index} is NaN or infinite")]
    NonFinite {
        /// Position of the first offending value.
        index: usize,
    },
    /// The statistic needs more values than were given.
    #[error("{what} needs at least {needed} values, got {got}")]
    TooFewValues {
        /// The statistic asked for.
        what: &'static str,
        /// The minimum sample size.
        needed: usize,
        /// The sample size given.
        got: usize,
    },
    /// All values are equal, so a statistic that divides by the spread is undefined.
    #[error("{what} is undefined for a sample with zero variance")]
    ZeroVariance {
        /// The statistic asked for.
        what: &'static str,
    },
    /// A value is outside the range the statistic accepts.
    #[error("value at index {index} is outside {range}")]
    OutOfRange {
        /// Position of the first offending value.
        index: usize,
        /// The accepted range, in words.
        range: &'static str,
    },
    /// A parameter has a value the computation cannot use.
    #[error("bad parameter `{name}`: {message}")]
    BadParameter {
        /// The parameter's field name.
        name: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// Two inputs that must have the same length do not.
    #[error("length mismatch: {what} has {got} entries, expected {expected}")]
    LengthMismatch {
        /// The input whose length is wrong.
        what: &'static str,
        /// The length it has.
        got: usize,
        /// The length it must have.
        expected: usize,
    },
}

impl StatsError {
    pub(crate) fn bad(name: &'static str, message: impl Into<String>) -> Self {
        StatsError::BadParameter {
            name,
            message: message.into(),
        }
    }
}

/// Checks that a sample is non-empty and finite.
pub(crate) fn check_sample(values: &[f64]) -> Result<(), StatsError> {
    if values.is_empty() {
        return Err(StatsError::EmptySample);
    }
    check_finite(values)
}

/// Checks that every value is finite.
pub(crate) fn check_finite(values: &[f64]) -> Result<(), StatsError> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(StatsError::NonFinite { index }),
        None => Ok(()),
    }
}

/// Checks the length of a label slice.
pub(crate) fn check_len(what: &'static str, got: usize, expected: usize) -> Result<(), StatsError> {
    if got == expected {
        Ok(())
    } else {
        Err(StatsError::LengthMismatch {
            what,
            got,
            expected,
        })
    }
}
