//! The error type of the crate.

/// What can go wrong when a latent ideology is fitted.
///
/// Non-convergence of the iterative solver is not an error: it is reported in
/// [`Convergence`](crate::Convergence) next to the result. Broken caller contracts (an index out
/// of range in a matrix built by hand) are errors too, since they come from data.
///
/// ```
/// use chambers_ideology::IdeologyError;
/// let e = IdeologyError::TooFewUsers { users: 1, needed: 2 };
/// assert_eq!(e.to_string(), "1 users left after filtering; the analysis needs at least 2");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IdeologyError {
    /// A parameter has a value the computation cannot use.
    #[error("bad parameter `{name}`: {message}")]
    BadParameter {
        /// The parameter's field name.
        name: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// Too few users (matrix rows) remain for the requested number of dimensions.
    #[error("{users} users left after filtering; the analysis needs at least {needed}")]
    TooFewUsers {
        /// Rows left.
        users: usize,
        /// Rows needed: `dims + 1`.
        needed: usize,
    },
    /// Too few influencers (matrix columns) remain for the requested number of dimensions.
    #[error("{influencers} influencers left after filtering; the analysis needs at least {needed}")]
    TooFewInfluencers {
        /// Columns left.
        influencers: usize,
        /// Columns needed: `dims + 1`.
        needed: usize,
    },
    /// The matrix cannot be analysed: an empty row or column, a bad entry, or a structure that
    /// leaves fewer non-trivial dimensions than requested.
    #[error("degenerate matrix: {0}")]
    Degenerate(String),
    /// The dense eigensolver failed to converge (does not happen on finite input).
    #[error("the dense eigensolver did not converge")]
    EigenSolver,
}

impl IdeologyError {
    pub(crate) fn bad(name: &'static str, message: impl Into<String>) -> Self {
        IdeologyError::BadParameter {
            name,
            message: message.into(),
        }
    }
}
